//! Small text helpers shared by the renderers: escaping user text for Markdown and HTML,
//! wrapping, and score bars.

/// Escapes text for a Markdown table cell or inline text: it can neither break the table
/// (`|`, newlines) nor inject HTML or formatting (`<`, `>`, `&`, backticks, emphasis and
/// link characters). Newlines become `<br>` so multi-line notes keep their lines.
pub fn md(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let text = text.replace("\r\n", "\n");
    for (i, line) in text.split(['\n', '\r']).enumerate() {
        if i > 0 {
            out.push_str("<br>");
        }
        for c in line.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '|' => out.push_str("&#124;"),
                '`' => out.push_str("&#96;"),
                '\\' | '*' | '_' | '[' | ']' | '#' | '~' | '!' | '$' => {
                    out.push('\\');
                    out.push(c);
                }
                c if c.is_control() => out.push(' '),
                c => out.push(c),
            }
        }
    }
    out
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
