//! Text from a scenario, a CSV or a command line, made safe to print: no
//! control character reaches a terminal, a spreadsheet or a page.
//!
//! A terminal obeys escape sequences wherever they appear, so a scenario
//! named `"\e]0;owned\a\e[2J"` would set the window title and clear the
//! screen of whoever runs it. Every output for people passes input text
//! through [`printable`] (or [`printable_lines`]); JSON escapes control
//! characters itself.
//!
//! The rule: each control character (C0, DEL and C1: U+0000–U+001F,
//! U+007F–U+009F) is shown as `\xHH`, and each character that reorders the
//! text around it (the bidirectional overrides, embeddings and isolates,
//! U+202A–U+202E and U+2066–U+2069, and the marks U+200E, U+200F and
//! U+061C) as `\u{HHHH}`. [`printable_lines`] keeps line breaks (`\n`) for
//! text such as a description, which may run over several lines.

use std::borrow::Cow;

/// Whether `c` must not be printed as it is: a control character or one
/// that reorders the text around it.
pub fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        || matches!(c, '\u{200e}' | '\u{200f}' | '\u{061c}')
}

fn escape(text: &str, keep_newlines: bool) -> Cow<'_, str> {
    let unsafe_here = |c: char| must_escape(c) && !(keep_newlines && c == '\n');
    if !text.chars().any(unsafe_here) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if !unsafe_here(c) {
            out.push(c);
        } else if (c as u32) < 0x100 {
            out.push_str(&format!("\\x{:02x}", c as u32));
        } else {
            out.push_str(&format!("\\u{{{:04x}}}", c as u32));
        }
    }
    Cow::Owned(out)
}

/// `text` with every control and reordering character shown escaped
/// (`\x1b`, `\u{202e}`), line breaks included.
pub fn printable(text: &str) -> Cow<'_, str> {
    escape(text, false)
}

/// [`printable`], keeping line breaks (`\n`) as they are.
pub fn printable_lines(text: &str) -> Cow<'_, str> {
    escape(text, true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_are_shown_not_obeyed() {
        // Set the window title, ring the bell, clear the screen.
        assert_eq!(
            printable("\u{1b}]0;owned\u{7}\u{1b}[2J"),
            "\\x1b]0;owned\\x07\\x1b[2J"
        );
        // C1 controls (a CSI on its own) and DEL too.
        assert_eq!(printable("a\u{9b}2Jb\u{7f}"), "a\\x9b2Jb\\x7f");
        // Text that reads backwards from an override.
        assert_eq!(printable("abc\u{202e}fed"), "abc\\u{202e}fed");
        assert_eq!(printable("tab\there"), "tab\\x09here");
        assert_eq!(printable("two\nlines"), "two\\x0alines");
        assert_eq!(printable_lines("two\nlines\r"), "two\nlines\\x0d");
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let text = "Kyiv 10 July 2025 — pac3-mse, Ω, 日本, \\ and \"quotes\"";
        assert!(matches!(printable(text), Cow::Borrowed(_)));
        assert_eq!(printable(text), text);
    }
}
