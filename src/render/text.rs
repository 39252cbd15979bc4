//! Small text helpers shared by the renderers: escaping user text for Markdown and HTML,
//! wrapping, and score bars.

/// Escapes text for a Markdown table cell or inline text: it can neither break the table
/// (`|`, newlines) nor inject HTML or formatting (`<`, `>`, `&`, backticks, emphasis and
/// link characters). Newlines become `<br>` so multi-line notes keep their lines.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    // Runs of ordinary text are copied whole; only the characters that matter are looked at.
    while let Some(i) = find_md_special(rest) {
        out.push_str(&rest[..i]);
        let c = rest[i..].chars().next().unwrap_or(' ');
        let mut skip = c.len_utf8();
        match c {
            '\r' if rest[i + 1..].starts_with('\n') => {
                out.push_str("<br>");
                skip = 2;
            }
            '\r' | '\n' => out.push_str("<br>"),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '|' => out.push_str("&#124;"),
            '`' => out.push_str("&#96;"),
            '\\' | '*' | '_' | '[' | ']' | '#' | '~' | '!' | '$' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(' '),
        }
        rest = &rest[i + skip..];
    }
    out.push_str(rest);
    out
}

/// The index of the first character [`md`] must rewrite. Scans bytes: every such character
/// is ASCII, or a C1 control (which starts with the byte 0xC2 in UTF-8).
fn find_md_special(text: &str) -> Option<usize> {
    const SPECIAL: [bool; 256] = {
        let mut table = [false; 256];
        let mut b = 0;
        while b < 0x20 {
            table[b] = true;
            b += 1;
        }
        let marks = b"&<>|`\\*_[]#~!$";
        let mut i = 0;
        while i < marks.len() {
            table[marks[i] as usize] = true;
            i += 1;
        }
        table[0x7f] = true;
        table[0xc2] = true;
        table
    };
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        let i = from + offset;
        // 0xC2 also starts ordinary characters (U+00A0..U+00BF): only controls count.
        if bytes[i] != 0xc2 || text[i..].chars().next().is_some_and(char::is_control) {
            return Some(i);
        }
        from = i + 1;
    }
    None
}

/// Escapes text for XML/HTML content and attribute values.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// A bar of `width` cells for a score out of 3.00 (in hundredths), e.g. `███████░░░`.
pub fn bar(hundredths: u64, width: usize) -> String {
    let filled = ((hundredths.min(300) as usize * width) + 150) / 300;
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// Wraps `text` to lines of at most `width` characters (words longer than that stay whole).
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split_whitespace() {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escaping_neutralises_tables_and_html() {
        assert_eq!(md("a|b"), "a&#124;b");
        assert_eq!(
            md("<script>alert(1)</script>"),
            "&lt;script&gt;alert(1)&lt;/script&gt;"
        );
        assert_eq!(md("one\ntwo\r\nthree"), "one<br>two<br>three");
        assert_eq!(md("`code` & *bold*"), "&#96;code&#96; &amp; \\*bold\\*");
        assert_eq!(md("[link](javascript:x)"), "\\[link\\](javascript:x)");
    }

    #[test]
    fn bars_are_proportional() {
        assert_eq!(bar(0, 10), "░░░░░░░░░░");
        assert_eq!(bar(150, 10), "█████░░░░░");
        assert_eq!(bar(300, 10), "██████████");
        assert_eq!(bar(233, 12), "█████████░░░");
    }

    #[test]
    fn wraps_on_words() {
        assert_eq!(wrap("aa bb cc dd", 5), vec!["aa bb", "cc dd"]);
    }
}
