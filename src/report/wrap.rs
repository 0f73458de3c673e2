//! Fitting text into columns: words wrapped at spaces, never broken unless
//! a word is wider than the whole column, and column widths that share a
//! terminal's width.
//!
//! Widths are display widths (`unicode-width`, the measure the table
//! drawing uses): a CJK character takes two columns, a combining mark none.

use unicode_width::UnicodeWidthStr;

/// The columns `text` takes on a terminal.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` wrapped into lines of at most `max` columns, at spaces. A word
/// wider than `max` is the one thing broken, at `max` columns. Line breaks
/// already in `text` are kept, and so is the indent of each line (its
/// wrapped lines take the same indent); an empty line stays empty.
pub fn wrap(text: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let body = paragraph.trim_start_matches(' ');
        let indent = &paragraph[..paragraph.len() - body.len()];
        let inner = max.saturating_sub(indent.len()).max(1);
        lines.extend(wrap_line(body, inner).into_iter().map(|line| {
            if line.is_empty() {
                line
            } else {
                format!("{indent}{line}")
            }
        }));
    }
    lines
}

/// One line of text wrapped to `max` columns.
fn wrap_line(paragraph: &str, max: usize) -> Vec<String> {
    let mut lines = Vec::new();
    {
        let mut line = String::new();
        for word in paragraph.split_whitespace() {
            for piece in split_wide(word, max) {
                let joined = if line.is_empty() {
                    width(&piece)
                } else {
                    width(&line) + 1 + width(&piece)
                };
                if joined > max && !line.is_empty() {
                    lines.push(std::mem::take(&mut line));
                }
                if !line.is_empty() {
                    line.push(' ');
                }
                line.push_str(&piece);
            }
        }
        lines.push(line);
    }
    lines
}

/// `pieces` joined by spaces into lines of at most `max` columns, without
/// breaking a piece (a piece wider than `max` stands on a line of its own).
pub fn join_within(pieces: &[String], max: usize) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for piece in pieces {
        if !line.is_empty() && width(&line) + 1 + width(piece) > max {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(piece);
    }
    lines.push(line);
    lines
}

/// A word cut into pieces of at most `max` columns (the word itself when it
/// fits).
fn split_wide(word: &str, max: usize) -> Vec<String> {
    if width(word) <= max {
        return vec![word.to_string()];
    }
    let mut pieces = Vec::new();
    let mut piece = String::new();
    for c in word.chars() {
        let mut buffer = [0u8; 4];
        let w = width(c.encode_utf8(&mut buffer));
        if !piece.is_empty() && width(&piece) + w > max {
            pieces.push(std::mem::take(&mut piece));
        }
        piece.push(c);
    }
    pieces.push(piece);
    pieces
}

/// Prose wrapped to `max` columns, the first line after `first` and the
/// others after `rest` (a hanging indent), each line ending in a newline.
pub fn paragraph(text: &str, max: usize, first: &str, rest: &str) -> String {
    let inner = max.saturating_sub(width(rest).max(width(first))).max(1);
    let mut out = String::new();
    for (i, line) in wrap(text, inner).iter().enumerate() {
        out.push_str(if i == 0 { first } else { rest });
        out.push_str(line);
        out.push('\n');
    }
    out
}

/// What a column needs: `least`, the width of its widest unbreakable piece
/// (a word); `data`, the width of its widest cell on one line; and `most`,
/// the same with its header on one line too.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    pub least: usize,
    pub data: usize,
    pub most: usize,
    /// Whether its words may be broken when nothing else fits (text; never
    /// numbers).
    pub breakable: bool,
}

/// The width of each column, to fit `available` columns of content (the
/// table's width less its borders and padding).
///
/// Every column that fits on one line, header and all, gets its full width.
/// Otherwise headers wrap before cells do: when every cell fits on one
/// line, the columns whose headers are wider share what is left. When not,
/// a level is found between each column's widest word and its widest cell:
/// each column gets its widest cell or the level, whichever is less, and
/// the level is the highest that fits; what the level leaves over goes one
/// column at a time to the columns it cut. When even the widest words do
/// not fit, text columns give way first, down to 8 columns each (their
/// words broken), and numbers never do.
pub fn widths(needs: &[Need], available: usize) -> Vec<usize> {
    let most: Vec<usize> = needs.iter().map(|n| n.most).collect();
    if most.iter().sum::<usize>() <= available {
        return most;
    }
    let data: Vec<usize> = needs.iter().map(|n| n.data.max(n.least)).collect();
    if data.iter().sum::<usize>() <= available {
        return level(&data, &most, available);
    }
    let least: Vec<usize> = needs.iter().map(|n| n.least).collect();
    if least.iter().sum::<usize>() < available {
        return level(&least, &data, available);
    }
    squeeze(needs, available)
}

/// Widths between `lower` and `upper`, column by column, that fit
/// `available`: each `upper` or a common level, whichever is less, never
/// below `lower`, at the highest level that fits; the rest one column at a
/// time to the columns the level cut.
fn level(lower: &[usize], upper: &[usize], available: usize) -> Vec<usize> {
    let at = |level: usize| -> Vec<usize> {
        lower
            .iter()
            .zip(upper)
            .map(|(&low, &up)| up.min(level.max(low)))
            .collect()
    };
    let top = upper.iter().copied().max().unwrap_or(0);
    let (mut low, mut high) = (0usize, top);
    while low < high {
        let mid = (low + high).div_ceil(2);
        if at(mid).iter().sum::<usize>() <= available {
            low = mid;
        } else {
            high = mid - 1;
        }
    }
    let mut widths = at(low);
    let mut left = available.saturating_sub(widths.iter().sum::<usize>());
    for (w, &up) in widths.iter_mut().zip(upper) {
        if left == 0 {
            break;
        }
        if *w < up {
            *w += 1;
            left -= 1;
        }
    }
    widths
}

/// When the widest words alone overflow: text columns shrink, widest first,
/// down to 8 columns, until the table fits (or nothing more can give).
fn squeeze(needs: &[Need], available: usize) -> Vec<usize> {
    const FLOOR: usize = 8;
    let mut widths: Vec<usize> = needs.iter().map(|n| n.least).collect();
    let mut total: usize = widths.iter().sum();
    while total > available {
        let widest = widths
            .iter()
            .zip(needs)
            .enumerate()
            .filter(|(_, (w, n))| n.breakable && **w > FLOOR)
            .max_by_key(|(i, (w, _))| (**w, std::cmp::Reverse(*i)))
            .map(|(i, _)| i);
        match widest {
            Some(i) => {
                widths[i] -= 1;
                total -= 1;
            }
            None => break,
        }
    }
    widths
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_wrap_whole() {
        // The compare table's old break: "shoot-l" / "ook-shoot".
        assert_eq!(
            wrap("Poisson dozen, pk 0.7, shoot-look-shoot", 16),
            ["Poisson dozen,", "pk 0.7,", "shoot-look-shoot"]
        );
        assert_eq!(wrap("a\n\nb", 5), ["a", "", "b"]);
        // An indented line keeps its indent, wrapped lines too.
        assert_eq!(wrap("note:\n  a b c", 5), ["note:", "  a b", "  c"]);
        // Only a word wider than the column breaks.
        assert_eq!(wrap("abcdefghij", 4), ["abcd", "efgh", "ij"]);
        assert_eq!(wrap("日本語の名前", 4), ["日本", "語の", "名前"]);
    }

    #[test]
    fn prose_wraps_with_a_hanging_indent() {
        assert_eq!(
            paragraph("one two three four", 12, "  - ", "    "),
            "  - one two\n    three\n    four\n"
        );
    }

    #[test]
    fn widths_share_the_space() {
        let text = |least, data, most| Need {
            least,
            data,
            most,
            breakable: true,
        };
        let number = |data, most| Need {
            least: data,
            data,
            most,
            breakable: false,
        };
        // Everything fits on one line.
        assert_eq!(widths(&[text(5, 20, 20), number(4, 4)], 30), [20, 4]);
        // Headers wrap first: cells of 11 + 1 + 15 fit in 33, and the 6
        // left go to the column whose header is wider than its cells
        // ("final stock", 11): 7, so the header wraps and no cell does.
        assert_eq!(
            widths(&[text(11, 11, 11), number(1, 11), number(15, 15)], 33),
            [11, 7, 15]
        );
        // 28 for cells of 40 + 21 + 5: at a level of 11 the two text
        // columns are cut to 11 (27 in all; 12 would make 29), the number
        // keeps its 5, and the 1 left over goes to the first cut column.
        assert_eq!(
            widths(&[text(8, 40, 40), text(8, 21, 21), number(5, 5)], 28),
            [12, 11, 5]
        );
        // The widest words overflow: text gives way, numbers never.
        assert_eq!(widths(&[text(30, 30, 30), number(10, 10)], 25), [15, 10]);
        assert_eq!(widths(&[text(9, 9, 9), number(30, 30)], 20), [8, 30]);
    }
}
