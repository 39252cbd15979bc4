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
            '\t' => out.push(' '),
            // Controls, bidi and invisible characters are shown as their escape, `\u{202e}`
            // (see `crate::base::sanitize`), the backslash escaped for Markdown.
            _ => out.push_str(&format!("\\\\u{{{:x}}}", u32::from(c))),
        }
        rest = &rest[i + skip..];
    }
    out.push_str(rest);
    out
}

/// The index of the first character [`md`] must rewrite. Scans bytes: every such character
/// is ASCII, or one of `crate::base::sanitize::is_unsafe`'s, which start with the few lead
/// bytes marked here.
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
        let leads = [0xc2, 0xcd, 0xd8, 0xe1, 0xe2, 0xe3, 0xef, 0xf3];
        let mut i = 0;
        while i < leads.len() {
            table[leads[i] as usize] = true;
            i += 1;
        }
        table
    };
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(offset) = bytes[from..].iter().position(|&b| SPECIAL[usize::from(b)]) {
        let i = from + offset;
        // Those lead bytes also start ordinary characters: only unsafe ones count.
        if bytes[i] < 0x80
            || text[i..]
                .chars()
                .next()
                .is_some_and(crate::base::sanitize::is_unsafe)
        {
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

/// `; 23 below it did not regress since the baseline`, for a check with `--baseline`: the
/// practices with a target whose gap the baseline set aside (docs/record.md); empty without.
pub fn held_by_baseline(r: &crate::score::ScoreResult) -> String {
    let held = r
        .practices()
        .filter(|p| p.target.is_some() && p.gap.is_none())
        .count();
    match held {
        0 => String::new(),
        1 => "; 1 below it did not regress since the baseline".to_string(),
        n => format!("; {n} below it did not regress since the baseline"),
    }
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
    fn markdown_shows_controls_bidi_and_invisible_characters_as_escapes() {
        assert_eq!(md("a\u{1b}[2Jb"), "a\\\\u{1b}\\[2Jb");
        assert_eq!(md("\u{202e}fdp.exe\u{200b}"), "\\\\u{202e}fdp.exe\\\\u{200b}");
        assert_eq!(md("x\u{9b}y\u{e0041}\tz"), "x\\\\u{9b}y\\\\u{e0041} z");
        assert_eq!(md("Données ✓ — ¿qué?"), "Données ✓ — ¿qué?");
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
