//! The one place that makes outside text safe to show: in a terminal, in a YAML comment.
//!
//! Text from answers files, models and file names may hold control characters (escape
//! sequences start with one), bidirectional overrides and isolates (which make text display
//! in another order than it is stored), and zero-width characters (which hide text). Each
//! such character is shown as its Rust escape (`\u{1b}`), so nothing is lost from view and
//! nothing reaches the terminal raw. See docs/security.md.

use std::borrow::Cow;

/// Characters that must never reach a terminal or a comment raw.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{2069}'
                | '\u{feff}'
        )
}

/// One line of text for the terminal: every unsafe character escaped, newlines and tabs too.
pub fn terminal_line(text: &str) -> Cow<'_, str> {
    escape_where(text, is_unsafe)
}

/// Text for the terminal that may span lines: as [`terminal_line`], but newlines and tabs
/// are kept.
pub fn terminal_text(text: &str) -> Cow<'_, str> {
    escape_where(text, |c| is_unsafe(c) && c != '\n' && c != '\t')
}

/// Text for a one-line YAML comment: nothing unsafe, no line break that could end the
/// comment and start YAML of its own.
pub fn yaml_comment(text: &str) -> Cow<'_, str> {
    terminal_line(text)
}

fn escape_where(text: &str, unsafe_char: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if unsafe_char(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_c1_bidi_and_zero_width() {
        assert_eq!(terminal_line("a\u{1b}[31mb"), "a\\u{1b}[31mb");
        assert_eq!(terminal_line("x\u{9b}y"), "x\\u{9b}y");
        assert_eq!(terminal_line("\u{202e}gnp.exe"), "\\u{202e}gnp.exe");
        assert_eq!(
            terminal_line("a\u{2067}b\u{200b}c\u{feff}"),
            "a\\u{2067}b\\u{200b}c\\u{feff}"
        );
        assert_eq!(terminal_line("two\nlines"), "two\\u{a}lines");
        assert_eq!(terminal_text("two\nlines\tok\u{7}"), "two\nlines\tok\\u{7}");
        assert_eq!(yaml_comment("end\r\nanswers: {}"), "end\\u{d}\\u{a}answers: {}");
    }

    #[test]
    fn safe_text_is_borrowed_unchanged() {
        let text = "Données — 数据 ✓";
        assert!(matches!(terminal_line(text), Cow::Borrowed(t) if t == text));
    }
}
