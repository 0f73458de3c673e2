//! A small CSV reader (RFC 4180): comma-separated fields, fields in double
//! quotes may hold commas, newlines and doubled quotes (`""`). A UTF-8 byte
//! order mark and CRLF line ends are accepted. Enough for the daily-attack
//! data; no dependency.

/// One record: the line it starts on (1-based, the header is line 1) and
/// its fields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    pub line: usize,
    pub fields: Vec<String>,
}

/// Why the text is not CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

/// Splits `text` into records. Blank lines are skipped. A quote that never
/// closes, or text straight after a closing quote, is an error naming the
/// line.
pub fn parse(text: &str) -> Result<Vec<Row>, CsvError> {
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
                            None => {
                                return Err(CsvError {
                                    line: opened,
                                    message: "a quoted field is never closed".into(),
                                });
                            }
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
                        Some(c) => {
                            return Err(CsvError {
                                line,
                                message: format!(
                                    "`{c}` straight after a closing quote; a quote inside a \
                                     quoted field is written twice (\"\")"
                                ),
                            });
                        }
                    }
                }
                Some(c) => field.push(c),
            }
        }
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            rows.push(Row {
                line: start,
                fields,
            });
        }
    }
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<Vec<String>> {
        parse(text).unwrap().into_iter().map(|r| r.fields).collect()
    }

    #[test]
    fn quoted_fields_hold_commas_quotes_and_newlines() {
        let rows =
            parse("a,b,c\r\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",z\n\n3,,\n").unwrap();
        assert_eq!(rows[0].fields, ["a", "b", "c"]);
        assert_eq!(rows[1].fields, ["1", "x, y", "say \"hi\""]);
        assert_eq!(rows[2].fields, ["2", "two\nlines", "z"]);
        assert_eq!(rows[2].line, 3);
        // The blank line 5 is skipped; the next record starts on line 6.
        assert_eq!(
            (rows[3].line, rows[3].fields.clone()),
            (6, vec!["3".into(), "".into(), "".into()])
        );
    }

    #[test]
    fn byte_order_mark_and_missing_final_newline() {
        assert_eq!(fields("\u{feff}a,b\n1,2"), [["a", "b"], ["1", "2"]]);
    }

    #[test]
    fn unclosed_quote_names_its_line() {
        let error = parse("a,b\n1,2\n3,\"open\n").unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("never closed"));
        let error = parse("a,b\n\"x\"y,2\n").unwrap_err();
        assert_eq!(error.line, 2);
    }
}
