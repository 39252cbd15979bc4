//! OSCAL 1.1 (NIST's Open Security Controls Assessment Language): the model as a catalog
//! ([`catalog`]), an assessment as assessment-results ([`results`]) and back ([`read`]).
//! Typed documents in [`types`]. The mapping, the namespace and the UUIDs: docs/interchange.md.
//!
//! Text from outside (the model's and the assessment's) reaches OSCAL's markup fields
//! (titles, descriptions, prose, remarks) only escaped ([`markup`]): every Markdown
//! special character gets a backslash, so nothing renders as a link, HTML or emphasis, and
//! [`unmarkup`] gives the text back exactly.

pub mod catalog;
pub mod read;
pub mod results;
pub mod types;

use std::sync::LazyLock;

use uuid::Uuid;

use crate::answers::Date;
use types::Property;

/// The namespace of aima's own OSCAL properties (`props[].ns`).
pub const NS: &str = "https://aima.dev/ns/oscal";

/// The namespace of aima's UUIDs (version 5): the v5 UUID of [`NS`] in the URL namespace.
pub static UUID_NAMESPACE: LazyLock<Uuid> =
    LazyLock::new(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, NS.as_bytes()));

/// A document as aima writes it: pretty JSON, every character a terminal would interpret
/// escaped (`\uXXXX`, the same JSON value), a final line break.
pub fn to_json<T: serde::Serialize>(doc: &T) -> Result<Vec<u8>, String> {
    let text = serde_json::to_string_pretty(doc).map_err(|e| format!("cannot write the OSCAL JSON: {e}"))?;
    let mut text = crate::base::sanitize::json(text);
    text.push('\n');
    Ok(text.into_bytes())
}

/// The catalog of `model` as JSON.
pub fn catalog_json(model: &crate::model::Model, today: Date) -> Result<Vec<u8>, String> {
    to_json(&catalog::catalog(model, today)?)
}

/// The assessment-results document of `assessment` as JSON.
pub fn results_json(
    model: &crate::model::Model,
    assessment: &crate::answers::Assessment,
    today: Date,
) -> Result<Vec<u8>, String> {
    to_json(&results::results(model, assessment, today)?)
}

/// The value of a property whose text is in its `remarks` (a value OSCAL's string type
/// cannot hold: empty, with leading or trailing space, or several lines).
pub const IN_REMARKS: &str = "(see remarks)";

/// The UUID (version 5 in aima's namespace) of `name`, e.g. `catalog:owasp-aima@1.0`.
pub fn uuid(name: &str) -> String {
    Uuid::new_v5(&UUID_NAMESPACE, name.as_bytes()).to_string()
}

/// The UUID of the catalog of the model `key` (`owasp-aima@1.0`).
pub fn catalog_uuid(key: &str) -> String {
    uuid(&format!("catalog:{key}"))
}

/// Midnight UTC of `date` as an RFC 3339 timestamp; `None` for years OSCAL's
/// date-time pattern does not allow (before 1900 or after 2999).
pub fn timestamp(date: Date) -> Option<String> {
    (1900..=2999)
        .contains(&date.year)
        .then(|| format!("{date}T00:00:00Z"))
}

/// Characters Markdown may read as markup anywhere in a line; [`markup`] escapes each.
const MARKDOWN: &[char] = &[
    '\\', '`', '*', '_', '{', '}', '[', ']', '<', '>', '&', '|', '~', '$',
];
/// Characters that start a block (heading, list, rule) at the start of a line.
const LINE_START: &[char] = &['#', '-', '+', '='];

/// `text` for an OSCAL markup field: each character Markdown could read as markup
/// backslash-escaped (CommonMark renders an escaped ASCII punctuation character as itself):
/// `\ ` * _ { } [ ] < > & | ~ $` anywhere, `# - + =` and the `.`/`)` of `1.` at the start
/// of a line. Links, images, HTML, emphasis, headings and lists cannot form.
pub fn markup(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let digits = line[indent..].bytes().take_while(u8::is_ascii_digit).count();
        for (at, c) in line.char_indices() {
            let starts = at == indent && LINE_START.contains(&c);
            let numbered = digits > 0 && at == indent + digits && (c == '.' || c == ')');
            if MARKDOWN.contains(&c) || starts || numbered {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// The text [`markup`] escaped: a backslash before ASCII punctuation is removed.
pub fn unmarkup(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && next.is_ascii_punctuation()
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

/// True when OSCAL's string type holds `text` as it is (`^\S(.*\S)?$`, ECMAScript: one
/// line, no space at either end) and it has nothing a terminal would interpret.
fn plain_string(text: &str) -> bool {
    let edge = |c: Option<char>| c.is_some_and(|c| !c.is_whitespace() && c != '\u{feff}');
    edge(text.chars().next())
        && edge(text.chars().next_back())
        && !text.contains(['\n', '\r', '\u{2028}', '\u{2029}'])
        && !text.chars().any(crate::base::sanitize::is_unsafe)
}

/// A property of aima's namespace.
pub fn prop(name: &str, value: impl Into<String>) -> Property {
    Property {
        name: name.to_string(),
        ns: Some(NS.to_string()),
        value: value.into(),
        class: None,
        remarks: None,
    }
}

/// A property holding outside text: as its value when OSCAL's string type can hold it,
/// else in its remarks (escaped), the value saying so. [`prop_text`] reads it back.
pub fn text_prop(name: &str, text: &str) -> Property {
    if plain_string(text) && text != IN_REMARKS {
        prop(name, text)
    } else {
        Property {
            remarks: Some(markup(text)),
            ..prop(name, IN_REMARKS)
        }
    }
}

/// The text a [`text_prop`] holds.
pub fn prop_text(p: &Property) -> String {
    match &p.remarks {
        Some(remarks) if p.value == IN_REMARKS => unmarkup(remarks),
        _ => p.value.clone(),
    }
}

/// The first property of aima's namespace named `name`.
pub fn find<'p>(props: &'p [Property], name: &str) -> Option<(usize, &'p Property)> {
    props
        .iter()
        .enumerate()
        .find(|(_, p)| p.name == name && p.ns.as_deref() == Some(NS))
}

/// One line of outside text for a field that holds a name (a party's): control and
/// other unsafe characters dropped, spaces collapsed; `None` when nothing is left.
pub fn one_line(text: &str) -> Option<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || crate::base::sanitize::is_unsafe(c))
        .filter(|w| !w.is_empty())
        .collect();
    (!words.is_empty()).then(|| words.join(" "))
}

/// A relative path or URL as a URI reference: characters a URI cannot hold
/// percent-encoded (UTF-8), so that `docs/AI policy.pdf` becomes `docs/AI%20policy.pdf`.
pub fn uri_reference(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        let keep = b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=%".contains(&b);
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_escapes_and_reads_back_exactly() {
        for text in [
            "plain",
            "<script>alert(1)</script>",
            "[link](javascript:x) **bold** _i_ `code`",
            "# heading\n- item\n1. x",
            "back\\slash \\n \\\\ end\\",
            "&amp; &#60;",
            "",
        ] {
            let m = markup(text);
            let bare = m
                .char_indices()
                .any(|(i, c)| "<[*_`&".contains(c) && !m[..i].ends_with('\\'));
            assert!(!bare, "{m}");
            assert_eq!(unmarkup(&m), text, "{text:?}");
        }
        assert_eq!(markup("<b>"), "\\<b\\>");
        assert_eq!(markup("GV-PC-B-2: a (b)."), "GV-PC-B-2: a (b).");
        assert_eq!(markup("- x\n  # y\n12. z"), "\\- x\n  \\# y\n12\\. z");
    }

    #[test]
    fn text_props_hold_any_text() {
        for text in [
            "ok",
            " lead",
            "trail ",
            "two\nlines",
            "",
            IN_REMARKS,
            "a\u{202e}b",
        ] {
            let p = text_prop("note", text);
            assert_eq!(prop_text(&p), text, "{text:?}");
            assert!(plain_string(&p.value), "{:?}", p.value);
        }
        assert_eq!(text_prop("x", "v").value, "v");
        assert_eq!(text_prop("x", "v ").value, IN_REMARKS);
    }

    #[test]
    fn uuids_are_version_5_and_stable() {
        // docs/interchange.md gives the namespace UUID.
        assert_eq!(UUID_NAMESPACE.to_string(), "036d9488-ee16-5d62-8b37-213efc6b89fb");
        let u = uuid("catalog:owasp-aima@1.0");
        assert_eq!(u, uuid("catalog:owasp-aima@1.0"));
        assert_eq!(&u[14..15], "5");
        assert_ne!(u, uuid("catalog:owasp-aima@1.1"));
    }

    #[test]
    fn uri_references_encode_what_a_uri_cannot_hold() {
        assert_eq!(uri_reference("docs/AI policy.pdf"), "docs/AI%20policy.pdf");
        assert_eq!(
            uri_reference("https://x.example/a?b=1#c"),
            "https://x.example/a?b=1#c"
        );
        assert_eq!(uri_reference("é"), "%C3%A9");
    }

    #[test]
    fn timestamps_stay_in_oscal_range() {
        let d = |s| Date::parse(s).unwrap();
        assert_eq!(
            timestamp(d("2026-11-20")).as_deref(),
            Some("2026-11-20T00:00:00Z")
        );
        assert_eq!(timestamp(d("1899-12-31")), None);
    }
}
