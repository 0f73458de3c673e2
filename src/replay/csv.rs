//! A small streaming CSV reader (RFC 4180): comma-separated fields, fields
//! in double quotes may hold commas, newlines and doubled quotes (`""`). A
//! UTF-8 byte order mark and CRLF line ends are accepted. It holds one
//! record at a time, so memory does not grow with the file.
//!
//! Not the `csv` crate: its parser never reports malformed input (a quote
//! that never closes runs to the end of the file, text after a closing quote
//! is glued on) and it ends a record at a lone carriage return, while the
//! replay rules refuse the first two, naming the line, and read the third as
//! text.

use crate::input::InputError;
use std::io::{BufRead, Chain, Cursor, Read};

/// One record: the line it starts on (1-based, the header is line 1) and
/// its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    /// The fields one after another; `ends[i]` is where field i ends.
    text: String,
    ends: Vec<usize>,
}

impl Row {
    /// How many fields it has.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// Field `i`, or `""` past the last.
    pub fn field(&self, i: usize) -> &str {
        let Some(&end) = self.ends.get(i) else {
            return "";
        };
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..end]
    }

    pub fn fields(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).map(|i| self.field(i))
    }

    /// A blank line: one field of nothing but white space.
    fn is_blank(&self) -> bool {
        self.len() == 1 && self.text.trim().is_empty()
    }
}

/// Why the input is not CSV, or could not be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CsvError {
    /// Not CSV, at this line.
    Malformed { line: usize, message: String },
    /// Not UTF-8, too large, or the reader failed.
    Unreadable(InputError),
}

/// Reads records one at a time from `source`.
pub struct Reader<R> {
    /// The first bytes (put back when they are not a byte order mark), then
    /// the rest.
    source: Chain<Cursor<Vec<u8>>, R>,
    line: usize,
    started: bool,
}

impl<R: BufRead> Reader<R> {
    pub fn new(source: R) -> Reader<R> {
        Reader {
            source: Cursor::new(Vec::new()).chain(source),
            line: 1,
            started: false,
        }
    }

    /// Drops a byte order mark, which may straddle two reads.
    fn skip_byte_order_mark(&mut self) -> Result<(), CsvError> {
        let (first, rest) = self.source.get_mut();
        let mut start = Vec::with_capacity(BOM.len());
        while start.len() < BOM.len() {
            let buf = rest.fill_buf().map_err(unreadable)?;
            if buf.is_empty() {
                break;
            }
            let take = (BOM.len() - start.len()).min(buf.len());
            start.extend_from_slice(&buf[..take]);
            rest.consume(take);
        }
        if start != BOM {
            *first = Cursor::new(start);
        }
        Ok(())
    }

    /// Reads the next record into `row` (its buffers are reused); `false` at
    /// the end. Blank lines are skipped. A quote that never closes, or text
    /// straight after a closing quote, is an error naming the line.
    pub fn next_row(&mut self, row: &mut Row) -> Result<bool, CsvError> {
        if !self.started {
            self.started = true;
            self.skip_byte_order_mark()?;
        }
        loop {
            if self.peek()?.is_none() {
                return Ok(false);
            }
            self.read_row(row)?;
            if !row.is_blank() {
                return Ok(true);
            }
        }
    }

    /// Reads the rest of the input only to check that it is UTF-8 (after a
    /// malformed record, so that "not UTF-8" is reported first, as it would
    /// be for the whole file).
    pub fn check_rest_is_utf8(&mut self) -> Result<(), CsvError> {
        // An incomplete character at the end of one buffer is carried over.
        let mut carry: Vec<u8> = Vec::new();
        loop {
            let buf = self.source.fill_buf().map_err(unreadable)?;
            if buf.is_empty() {
                return if carry.is_empty() {
                    Ok(())
                } else {
                    Err(CsvError::Unreadable(InputError::NotUtf8))
                };
            }
            carry.extend_from_slice(buf);
            let length = buf.len();
            self.source.consume(length);
            match std::str::from_utf8(&carry) {
                Ok(_) => carry.clear(),
                Err(e) if e.error_len().is_none() => {
                    carry.drain(..e.valid_up_to());
                }
                Err(_) => return Err(CsvError::Unreadable(InputError::NotUtf8)),
            }
        }
    }

    fn read_row(&mut self, row: &mut Row) -> Result<(), CsvError> {
        row.line = self.line;
        row.ends.clear();
        let mut bytes = std::mem::take(&mut row.text).into_bytes();
        bytes.clear();
        // Where the field being read starts in `bytes`.
        let mut start = 0;
        loop {
            self.copy_until(&mut bytes, |b| matches!(b, b',' | b'"' | b'\n' | b'\r'))?;
            match self.next()? {
                None => break,
                Some(b'\n') => {
                    self.line += 1;
                    break;
                }
                Some(b'\r') if self.peek()? == Some(b'\n') => {}
                Some(b',') => {
                    row.ends.push(bytes.len());
                    start = bytes.len();
                }
                Some(b'"') if bytes.len() == start => self.read_quoted(&mut bytes)?,
                Some(byte) => bytes.push(byte),
            }
        }
        row.ends.push(bytes.len());
        row.text =
            String::from_utf8(bytes).map_err(|_| CsvError::Unreadable(InputError::NotUtf8))?;
        Ok(())
    }

    /// The rest of a quoted field, after its opening quote.
    fn read_quoted(&mut self, bytes: &mut Vec<u8>) -> Result<(), CsvError> {
        let opened = self.line;
        loop {
            self.copy_until(bytes, |b| matches!(b, b'"' | b'\n'))?;
            match self.next()? {
                None => {
                    return Err(CsvError::Malformed {
                        line: opened,
                        message: "a quoted field is never closed".into(),
                    });
                }
                Some(b'"') if self.peek()? == Some(b'"') => {
                    self.next()?;
                    bytes.push(b'"');
                }
                Some(b'"') => break,
                Some(byte) => {
                    if byte == b'\n' {
                        self.line += 1;
                    }
                    bytes.push(byte);
                }
            }
        }
        match self.peek()? {
            None | Some(b',' | b'\n' | b'\r') => Ok(()),
            Some(_) => {
                let after = self.next_char()?;
                Err(CsvError::Malformed {
                    line: self.line,
                    message: format!(
                        "`{after}` straight after a closing quote; a quote inside a quoted \
                         field is written twice (\"\")"
                    ),
                })
            }
        }
    }

    /// Copies bytes up to the next one that `stop` picks (or the end),
    /// a buffer at a time: most of a file is plain text.
    fn copy_until(
        &mut self,
        bytes: &mut Vec<u8>,
        stop: impl Fn(u8) -> bool,
    ) -> Result<(), CsvError> {
        loop {
            let buf = self.source.fill_buf().map_err(unreadable)?;
            let plain = buf.iter().position(|&b| stop(b)).unwrap_or(buf.len());
            bytes.extend_from_slice(&buf[..plain]);
            let (reached, empty) = (plain < buf.len(), buf.is_empty());
            self.source.consume(plain);
            if reached || empty {
                return Ok(());
            }
        }
    }

    fn peek(&mut self) -> Result<Option<u8>, CsvError> {
        Ok(self.source.fill_buf().map_err(unreadable)?.first().copied())
    }

    fn next(&mut self) -> Result<Option<u8>, CsvError> {
        let byte = self.peek()?;
        if byte.is_some() {
            self.source.consume(1);
        }
        Ok(byte)
    }

    /// The character that starts at the next byte, for a message.
    fn next_char(&mut self) -> Result<char, CsvError> {
        let not_utf8 = || CsvError::Unreadable(InputError::NotUtf8);
        let first = self.next()?.ok_or_else(not_utf8)?;
        let length = match first {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            _ => 4,
        };
        let mut bytes = vec![first];
        for _ in 1..length {
            bytes.push(self.next()?.ok_or_else(not_utf8)?);
        }
        let text = std::str::from_utf8(&bytes).map_err(|_| not_utf8())?;
        text.chars().next().ok_or_else(not_utf8)
    }
}

const BOM: &[u8] = "\u{feff}".as_bytes();

fn unreadable(error: std::io::Error) -> CsvError {
    CsvError::Unreadable(InputError::from_io(&error))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Vec<Row>, CsvError> {
        let mut reader = Reader::new(text.as_bytes());
        let mut rows = Vec::new();
        let mut row = Row::default();
        while reader.next_row(&mut row)? {
            rows.push(row.clone());
        }
        Ok(rows)
    }

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text)
            .unwrap()
            .iter()
            .map(|r| r.fields().map(str::to_string).collect())
            .collect()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_newlines() {
        let text = "a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n\n3,,\n";
        let rows = parse(text).unwrap();
        assert_eq!(
            fields(text),
            [
                vec!["a", "b", "c"],
                vec!["1", "x, y", "say \"hi\""],
                vec!["2", "two\nlines", "z"],
                vec!["3", "", ""]
            ]
        );
        assert_eq!(rows[2].line, 3);
        // The blank line 5 is skipped; the next record starts on line 6.
        assert_eq!(rows[3].line, 6);
    }

    #[test]
    fn byte_order_mark_missing_final_newline_and_a_lone_carriage_return() {
        assert_eq!(fields("\u{feff}a,b\n1,2"), [["a", "b"], ["1", "2"]]);
        // Also when it straddles two reads (found by the property below),
        // and a file of nothing else is empty.
        for (text, rows) in [("\u{feff}a\n", 1), ("\u{feff}", 0), ("\u{ef}\u{bb}", 1)] {
            let source = std::io::BufReader::with_capacity(1, text.as_bytes());
            let mut reader = Reader::new(source);
            let mut row = Row::default();
            let mut read = 0;
            while reader.next_row(&mut row).unwrap() {
                assert!(!row.field(0).starts_with('\u{feff}'));
                read += 1;
            }
            assert_eq!(read, rows, "{text:?}");
        }
        // A carriage return not before a newline is text.
        assert_eq!(fields("a\rb,c\n"), [["a\rb", "c"]]);
        // White space alone (here an ideographic space) is a blank line.
        assert_eq!(fields("a\n\u{3000}\nb\n"), [["a"], ["b"]]);
    }

    #[test]
    fn unclosed_quote_and_text_after_a_closing_quote_name_their_line() {
        let Err(CsvError::Malformed { line, message }) = parse("a,b\n1,2\n3,\"open\n") else {
            panic!("accepted an unclosed quote")
        };
        assert_eq!(line, 3);
        assert!(message.contains("never closed"));
        let Err(CsvError::Malformed { line, message }) = parse("a,b\n\"x\"é,2\n") else {
            panic!("accepted text after a closing quote")
        };
        assert_eq!(line, 2);
        assert!(message.starts_with("`é` straight after"), "{message}");
    }

    #[test]
    fn bytes_that_are_not_utf8_are_unreadable() {
        let mut reader = Reader::new(&b"a,b\n1,\xff\n"[..]);
        let mut row = Row::default();
        assert!(reader.next_row(&mut row).unwrap());
        assert_eq!(
            reader.next_row(&mut row),
            Err(CsvError::Unreadable(InputError::NotUtf8))
        );
        // The rest of a file after a malformed record is checked too, across
        // buffer boundaries: a two-byte é split over two reads is fine.
        let source = std::io::BufReader::with_capacity(3, "ab\u{e9}cd".as_bytes());
        assert_eq!(Reader::new(source).check_rest_is_utf8(), Ok(()));
        let source = std::io::BufReader::with_capacity(3, &b"ab\xc3"[..]);
        assert_eq!(
            Reader::new(source).check_rest_is_utf8(),
            Err(CsvError::Unreadable(InputError::NotUtf8))
        );
    }

    /// Records as (line, fields); a malformed file as (line, message).
    type Parsed = Result<Vec<(usize, Vec<String>)>, (usize, String)>;

    /// The reader this one replaced, which held the whole text: the
    /// streaming reader must read exactly what it read.
    fn whole_text(text: &str) -> Parsed {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut rows = Vec::new();
        let mut chars = text.chars().peekable();
        let mut line = 1;
        while chars.peek().is_some() {
            let start = line;
            let mut fields = Vec::new();
            let mut field = String::new();
            loop {
                match chars.next() {
                    None => {
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    Some('\n') => {
                        line += 1;
                        fields.push(std::mem::take(&mut field));
                        break;
                    }
                    Some('\r') if chars.peek() == Some(&'\n') => {}
                    Some(',') => fields.push(std::mem::take(&mut field)),
                    Some('"') if field.is_empty() => {
                        let opened = line;
                        loop {
                            match chars.next() {
                                None => return Err((opened, "never closed".into())),
                                Some('"') if chars.peek() == Some(&'"') => {
                                    chars.next();
                                    field.push('"');
                                }
                                Some('"') => break,
                                Some(c) => {
                                    if c == '\n' {
                                        line += 1;
                                    }
                                    field.push(c);
                                }
                            }
                        }
                        match chars.peek() {
                            None | Some(',') | Some('\n') | Some('\r') => {}
                            Some(c) => return Err((line, format!("`{c}` straight after"))),
                        }
                    }
                    Some(c) => field.push(c),
                }
            }
            if !(fields.len() == 1 && fields[0].trim().is_empty()) {
                rows.push((start, fields));
            }
        }
        Ok(rows)
    }

    proptest::proptest! {
        #[test]
        fn streaming_reads_what_the_whole_text_reader_read(
            text in "[a,\"\n\r é\u{feff}]{0,60}",
            capacity in 1usize..12,
        ) {
            let source = std::io::BufReader::with_capacity(capacity, text.as_bytes());
            let mut reader = Reader::new(source);
            let mut row = Row::default();
            let mut streamed = Vec::new();
            let streamed = loop {
                match reader.next_row(&mut row) {
                    Ok(true) => streamed.push((row.line, row.fields().map(str::to_string).collect())),
                    Ok(false) => break Ok(streamed),
                    Err(CsvError::Malformed { line, message }) => break Err((line, message)),
                    Err(e) => panic!("{e:?}"),
                }
            };
            match (streamed, whole_text(&text)) {
                (Ok(a), Ok(b)) => proptest::prop_assert_eq!(a, b),
                (Err((line, message)), Err((expected_line, start))) => {
                    proptest::prop_assert_eq!(line, expected_line);
                    proptest::prop_assert!(message.contains(start.as_str()), "{}", message);
                }
                (a, b) => proptest::prop_assert!(false, "{:?} but the whole-text reader: {:?}", a, b),
            }
        }
    }
}
