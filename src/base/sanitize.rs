//! The one place that makes outside text safe to show: in a terminal, in a YAML comment.
//!
//! Text from answers files, models and file names may hold control characters (escape
//! sequences start with one), bidirectional overrides and isolates (which make text display
//! in another order than it is stored), and zero-width characters (which hide text). Each
//! such character is shown as its Rust escape (`\u{1b}`), so nothing is lost from view and
//! nothing reaches the terminal raw. See docs/security.md.

use std::borrow::Cow;

/// Characters that must never reach a terminal or a comment raw: C0 and C1 controls and
/// DEL (escape sequences start with one), line and paragraph separators, bidirectional
/// marks, embeddings, overrides and isolates, and characters that show nothing (zero-width
/// spaces and joiners, the soft hyphen, fillers, invisible operators, tag characters).
/// Variation selectors are left alone: emoji need them. Every format character (Unicode
/// category Cf: prepended number signs, hieroglyph and shorthand format controls, musical
/// beams) is among them.
pub fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00ad}'
                | '\u{034f}'
                | '\u{0600}'..='\u{0605}'
                | '\u{061c}'
                | '\u{06dd}'
                | '\u{070f}'
                | '\u{0890}'..='\u{0891}'
                | '\u{08e2}'
                | '\u{115f}'
                | '\u{1160}'
                | '\u{17b4}'
                | '\u{17b5}'
                | '\u{180e}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2028}'..='\u{202e}'
                | '\u{2060}'..='\u{206f}'
                | '\u{3164}'
                | '\u{feff}'
                | '\u{ffa0}'
                | '\u{fff9}'..='\u{fffb}'
                | '\u{110bd}'
                | '\u{110cd}'
                | '\u{13430}'..='\u{1343f}'
                | '\u{1bca0}'..='\u{1bca3}'
                | '\u{1d173}'..='\u{1d17a}'
                | '\u{e0000}'..='\u{e0fff}'
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
/// comment and start YAML of its own (YAML 1.1 readers also break lines at U+0085,
/// U+2028 and U+2029, which [`is_unsafe`] covers).
pub fn yaml_comment(text: &str) -> Cow<'_, str> {
    terminal_line(text)
}

/// Lines of text for the terminal, one by one (each as [`terminal_line`]).
pub fn terminal_lines(lines: Vec<String>) -> Vec<String> {
    lines
        .into_iter()
        .map(|line| match terminal_line(&line) {
            Cow::Borrowed(_) => line,
            Cow::Owned(safe) => safe,
        })
        .collect()
}

/// JSON text with every unsafe character written as a `\uXXXX` escape: the same JSON value,
/// but inert in a terminal. Unsafe characters can only occur inside JSON strings, where the
/// escape means the same character.
pub fn json(text: String) -> String {
    // serde_json already escapes C0 controls in strings; outside strings they are layout.
    let escaped = |c: char| c >= '\u{7f}' && is_unsafe(c);
    if !has_escaped(&text) {
        return text;
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if escaped(c) {
            let mut units = [0u16; 2];
            for unit in c.encode_utf16(&mut units) {
                out.push_str(&format!("\\u{unit:04x}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// True when `text` has a character [`json`] escapes. Each is U+007F or above, so only the
/// characters that start at a byte of 0x7F or more are decoded: ASCII is skipped a byte at a
/// time.
fn has_escaped(text: &str) -> bool {
    let bytes = text.as_bytes();
    let mut at = 0;
    while let Some(offset) = first_high(&bytes[at..]) {
        at += offset;
        let Some(c) = text[at..].chars().next() else {
            return false;
        };
        if is_unsafe(c) {
            return true;
        }
        at += c.len_utf8();
    }
    false
}

/// The position of the first byte of 0x7F or more: eight bytes at a time, where a byte's
/// low seven bits plus one reach the high bit only for 0x7F (no carry crosses bytes).
fn first_high(bytes: &[u8]) -> Option<usize> {
    const LOW: u64 = 0x7f7f_7f7f_7f7f_7f7f;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let mut at = 0;
    for chunk in chunks.by_ref() {
        let x = u64::from_le_bytes(chunk.try_into().unwrap_or([0; 8]));
        if (((x & LOW) + ONES) | x) & HIGH != 0 {
            break;
        }
        at += 8;
    }
    bytes[at..].iter().position(|&b| b >= 0x7f).map(|i| at + i)
}

/// Output with no line that a CI runner would take as a command: GitHub Actions reads a line
/// that starts, after leading spaces, with `::` as a workflow command (`::error::`,
/// `::add-mask::`, `::stop-commands::`). aima never starts a line so itself, so such a line
/// holds outside text: its first `:` is written as the escape `\u{3a}` (docs/security.md).
pub fn no_workflow_commands(text: &str) -> Cow<'_, str> {
    if !text.split('\n').any(starts_workflow_command) {
        return Cow::Borrowed(text);
    }
    let lines: Vec<String> = text
        .split('\n')
        .map(|line| {
            if starts_workflow_command(line) {
                let indent = line.len() - line.trim_start().len();
                format!("{}\\u{{3a}}{}", &line[..indent], &line[indent + 1..])
            } else {
                line.to_string()
            }
        })
        .collect();
    Cow::Owned(lines.join("\n"))
}

/// Whether a line would be read as a workflow command (`::` after leading white space).
pub fn starts_workflow_command(line: &str) -> bool {
    line.trim_start().starts_with("::")
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

/// A path as a message shows it, with nothing in it that a terminal would interpret.
pub fn shown_path(path: &std::path::Path) -> String {
    terminal_line(&path.display().to_string()).into_owned()
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
    fn escapes_invisible_characters_and_separators() {
        for c in [
            '\u{ad}',
            '\u{85}',
            '\u{2029}',
            '\u{2066}',
            '\u{2069}',
            '\u{200d}',
            '\u{2060}',
            '\u{e0041}',
            '\u{3164}',
            '\u{180e}',
            '\u{7f}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(terminal_line(&text), format!("a{}b", c.escape_unicode()), "{c:?}");
        }
    }

    #[test]
    fn json_escapes_keep_the_value() {
        let text = "{\n  \"k\":\"a\u{202e}b\u{e0041}\u{9b}\\u001b\"\n}".to_string();
        let safe = json(text.clone());
        assert_eq!(safe, "{\n  \"k\":\"a\\u202eb\\udb40\\udc41\\u009b\\u001b\"\n}");
        let a: serde_json::Value = serde_json::from_str(&text).expect("json");
        let b: serde_json::Value = serde_json::from_str(&safe).expect("json");
        assert_eq!(a, b);
    }

    #[test]
    fn json_finds_an_unsafe_character_after_safe_non_ascii_text() {
        assert_eq!(json("\"é · … ü\"".to_string()), "\"é · … ü\"");
        assert_eq!(json("\"é … \u{202e}x\"".to_string()), "\"é … \\u202ex\"");
        assert_eq!(json("\"a\u{7f}\"".to_string()), "\"a\\u007f\"");
        assert!(!has_escaped("plain ASCII"));
        for at in 0..20 {
            let mut bytes = vec![b'a'; 20];
            bytes[at] = 0x7f;
            assert_eq!(first_high(&bytes), Some(at));
            bytes[at] = 0x7e;
            assert_eq!(first_high(&bytes), None);
        }
    }

    #[test]
    fn format_characters_are_escaped() {
        for c in [
            '\u{600}',
            '\u{70f}',
            '\u{13430}',
            '\u{1bca0}',
            '\u{1d173}',
            '\u{110bd}',
        ] {
            assert_eq!(
                terminal_line(&format!("a{c}b")),
                format!("a{}b", c.escape_unicode()),
                "{c:?}"
            );
        }
    }

    #[test]
    fn no_line_starts_a_workflow_command() {
        assert_eq!(
            no_workflow_commands("ok\n::error title=x::y\n  ::add-mask::z\na::b\n"),
            "ok\n\\u{3a}:error title=x::y\n  \\u{3a}:add-mask::z\na::b\n"
        );
        assert!(matches!(no_workflow_commands("a::b\nc"), Cow::Borrowed(_)));
    }

    #[test]
    fn safe_text_is_borrowed_unchanged() {
        // Emoji keep their variation selectors: they show as the emoji, hiding nothing.
        let text = "Données — 数据 ✓ ✔\u{fe0f}";
        assert!(matches!(terminal_line(text), Cow::Borrowed(t) if t == text));
    }
}
