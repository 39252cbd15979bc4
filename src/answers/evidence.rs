//! Evidence items of an answer (docs/evidence.md): text (a link or a path, as before) or the
//! long form `{ref, title, date, expires, sha256, kind}`.
//!
//! One encoding serves every writer: [`Evidence::flow`] is the item as a YAML flow value
//! (a quoted text, or a flow mapping on one line), used in answers files; [`Evidence::cell`]
//! is the same text for a spreadsheet cell or a CSV line, where a text item stays as it is
//! and a long-form item (or a text starting with `{`) is its flow mapping. [`from_cell`]
//! reads a cell back with the same checks as an answers file.

use std::fmt;

use super::Date;
use crate::base::diag::{Pos, Problems, shown};
use crate::base::walk::{self, Ctx};
use crate::base::yaml::{self, Node, Value, quote};

/// The keys of a long-form evidence item.
pub const EVIDENCE_KEYS: &[&str] = &["ref", "title", "date", "expires", "sha256", "kind"];

/// What an evidence item is.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Document,
    Record,
    TestReport,
    Link,
    Other,
}

impl Kind {
    pub const ALL: [Kind; 5] = [
        Kind::Document,
        Kind::Record,
        Kind::TestReport,
        Kind::Link,
        Kind::Other,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Document => "document",
            Kind::Record => "record",
            Kind::TestReport => "test-report",
            Kind::Link => "link",
            Kind::Other => "other",
        }
    }

    pub fn parse(text: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One evidence item. `pos` (where it was read) takes no part in comparisons: two items
/// that say the same are equal wherever they were written.
#[derive(Debug, Clone, Default)]
pub struct Evidence {
    /// A URL, or a path relative to the answers file (`ref`).
    pub reference: String,
    pub title: Option<String>,
    /// When it was collected.
    pub date: Option<Date>,
    /// When it stops counting.
    pub expires: Option<Date>,
    /// The file's SHA-256, 64 lower-case hex digits.
    pub sha256: Option<String>,
    pub kind: Option<Kind>,
    /// Where the item was read (line 0 when it was not read from a file).
    pub pos: Pos,
}

impl PartialEq for Evidence {
    fn eq(&self, other: &Evidence) -> bool {
        (
            &self.reference,
            &self.title,
            self.date,
            self.expires,
            &self.sha256,
            self.kind,
        ) == (
            &other.reference,
            &other.title,
            other.date,
            other.expires,
            &other.sha256,
            other.kind,
        )
    }
}

impl Eq for Evidence {}

/// For people: `docs/a.pdf (AI policy; document, dated 2026-03-01, expires 2027-03-01,
/// sha256 1f2e3d4c5b6a…)`.
impl fmt::Display for Evidence {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.reference)?;
        let mut facts = Vec::new();
        if let Some(kind) = self.kind {
            facts.push(kind.to_string());
        }
        if let Some(date) = self.date {
            facts.push(format!("dated {date}"));
        }
        if let Some(expires) = self.expires {
            facts.push(format!("expires {expires}"));
        }
        if let Some(sha) = &self.sha256 {
            facts.push(format!("sha256 {}…", &sha[..12.min(sha.len())]));
        }
        match (&self.title, facts.is_empty()) {
            (None, true) => Ok(()),
            (None, false) => write!(f, " ({})", facts.join(", ")),
            (Some(t), true) => write!(f, " ({t})"),
            (Some(t), false) => write!(f, " ({t}; {})", facts.join(", ")),
        }
    }
}

impl From<String> for Evidence {
    fn from(reference: String) -> Evidence {
        Evidence::text(reference)
    }
}

impl From<&str> for Evidence {
    fn from(reference: &str) -> Evidence {
        Evidence::text(reference)
    }
}

impl Evidence {
    /// A text item: a reference and nothing else.
    pub fn text(reference: impl Into<String>) -> Evidence {
        Evidence {
            reference: reference.into(),
            ..Evidence::default()
        }
    }

    /// True when the item is only a reference (written as text).
    pub fn is_text(&self) -> bool {
        self.title.is_none()
            && self.date.is_none()
            && self.expires.is_none()
            && self.sha256.is_none()
            && self.kind.is_none()
    }

    /// True when the reference is a URL (`scheme://…`, `mailto:`, `urn:`): aima never
    /// fetches one.
    pub fn is_url(&self) -> bool {
        is_url(&self.reference)
    }

    /// The item as a YAML flow value on one line.
    pub fn flow(&self) -> String {
        if self.is_text() {
            return quote(&self.reference);
        }
        let mut parts = vec![format!("ref: {}", quote(&self.reference))];
        if let Some(title) = &self.title {
            parts.push(format!("title: {}", quote(title)));
        }
        if let Some(date) = self.date {
            parts.push(format!("date: {date}"));
        }
        if let Some(expires) = self.expires {
            parts.push(format!("expires: {expires}"));
        }
        if let Some(sha) = &self.sha256 {
            parts.push(format!("sha256: {sha}"));
        }
        if let Some(kind) = self.kind {
            parts.push(format!("kind: {kind}"));
        }
        format!("{{{}}}", parts.join(", "))
    }

    /// The item as one spreadsheet cell or CSV line: the reference itself for a text item,
    /// the flow mapping otherwise (and for a text starting with `{`, so it reads back).
    pub fn cell(&self) -> String {
        if self.is_text() && !self.reference.starts_with('{') {
            self.reference.clone()
        } else if self.is_text() {
            format!("{{ref: {}}}", quote(&self.reference))
        } else {
            self.flow()
        }
    }
}

/// True for `scheme://…` (scheme: a letter, then letters, digits, `+`, `-`, `.`), `mailto:`
/// and `urn:`.
pub fn is_url(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    if lower.starts_with("mailto:") || lower.starts_with("urn:") {
        return true;
    }
    let Some((scheme, _)) = text.split_once("://") else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// True for a path that names a place outside any folder: `/x`, `\x`, `C:\x`, `C:/x`.
pub fn is_absolute_path(text: &str) -> bool {
    let b = text.as_bytes();
    text.starts_with(['/', '\\'])
        || (b.len() >= 2 && b[0].is_ascii_alphabetic() && b[1] == b':')
        || std::path::Path::new(text).is_absolute()
}

/// Reads one evidence item (text or long form) of question `code`; problems go to `ctx`.
pub fn read_item(ctx: &mut Ctx, code: &str, node: &Node) -> Option<Evidence> {
    let what = format!("evidence of {code}");
    let mut item = match &node.value {
        Value::Map(_) => read_long(ctx, code, node)?,
        _ => Evidence::text(walk::text(
            ctx,
            node,
            "evidence",
            &format!("the answer to {code}"),
        )?),
    };
    item.pos = node.pos;
    if !item.is_url() && is_absolute_path(&item.reference) {
        ctx.report(
            node.pos,
            format!(
                "{what}: `{}` is an absolute path; a path is relative to the answers file and stays inside the project folder",
                shown(&item.reference)
            ),
        );
        return None;
    }
    Some(item)
}

fn read_long(ctx: &mut Ctx, code: &str, node: &Node) -> Option<Evidence> {
    let what = format!("an evidence item of {code}");
    let f = walk::fields(ctx, node, &what, EVIDENCE_KEYS)?;
    let before = ctx.problems.len();
    let reference = walk::required_text(ctx, &f, "ref", &what);
    let title = walk::optional_text(ctx, &f, "title", &what);
    let date = read_date(ctx, &f, "date", &what);
    let expires = read_date(ctx, &f, "expires", &what);
    if let (Some(d), Some(e), Some(n)) = (date, expires, f.get("expires"))
        && e < d
    {
        ctx.report(
            n.pos,
            format!("{what} expires ({e}) before its date ({d}): `expires` must be on or after `date`"),
        );
    }
    let sha256 = f.get("sha256").filter(|n| !n.is_null()).and_then(|n| {
        let text = n
            .as_str()
            .filter(|s| s.len() == 64 && s.bytes().all(|b| b.is_ascii_hexdigit()));
        if text.is_none() {
            ctx.report(
                n.pos,
                format!(
                    "malformed `sha256` of {what}: expected 64 hex digits (as `sha256sum` prints), not {}",
                    n.describe()
                ),
            );
        }
        text.map(str::to_ascii_lowercase)
    });
    let kind = f.get("kind").filter(|n| !n.is_null()).and_then(|n| {
        let kind = n.as_str().and_then(Kind::parse);
        if kind.is_none() {
            let all: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
            ctx.report(
                n.pos,
                format!(
                    "unknown `kind` {} of {what}: use {}",
                    n.describe(),
                    walk::list(&all)
                ),
            );
        }
        kind
    });
    (ctx.problems.len() == before).then_some(Evidence {
        reference: reference?,
        title,
        date,
        expires,
        sha256,
        kind,
        pos: node.pos,
    })
}

fn read_date(ctx: &mut Ctx, f: &walk::Fields, key: &str, what: &str) -> Option<Date> {
    let node = f.get(key).filter(|n| !n.is_null())?;
    let date = node.as_str().and_then(Date::parse);
    if date.is_none() {
        ctx.report(
            node.pos,
            format!(
                "bad `{key}` {} of {what}: expected a real calendar date as YYYY-MM-DD",
                node.describe()
            ),
        );
    }
    date
}

/// Reads one cell or CSV line written by [`Evidence::cell`]: a flow mapping when it starts
/// with `{`, otherwise a text item. Problems name `file` and `at` (a cell, a line).
pub fn from_cell(code: &str, text: &str) -> Result<Evidence, String> {
    if text.trim().is_empty() {
        return Err(format!(
            "an evidence item of {code} is blank (a line of the cell holds only spaces)"
        ));
    }
    if !text.starts_with('{') {
        if is_absolute_path(text) && !is_url(text) {
            return Err(format!(
                "evidence of {code}: `{}` is an absolute path; a path is relative to the answers file",
                shown(text)
            ));
        }
        return Ok(Evidence::text(text));
    }
    let node = yaml::parse(text)
        .map_err(|(_, m)| format!("evidence of {code} is not a `{{ref: …}}` mapping: {m}"))?;
    let mut problems = Problems::new();
    let mut ctx = Ctx {
        file: "",
        problems: &mut problems,
    };
    match read_item(&mut ctx, code, &node) {
        Some(mut item) if problems.is_empty() => {
            item.pos = Pos::FILE;
            Ok(item)
        }
        _ => Err(problems.list.first().map_or_else(
            || format!("evidence of {code} cannot be read"),
            |p| p.message.clone(),
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_and_absolute_paths() {
        for url in [
            "https://x.example/a",
            "s3://bucket/k",
            "mailto:a@b.c",
            "URN:isbn:1",
        ] {
            assert!(is_url(url), "{url}");
        }
        for not in ["docs/a.pdf", "C:\\x", "://x", "1http://x", "a b://c"] {
            assert!(!is_url(not), "{not}");
        }
        for abs in ["/etc/passwd", "\\\\server\\x", "C:\\x", "c:/x"] {
            assert!(is_absolute_path(abs), "{abs}");
        }
        assert!(!is_absolute_path("docs/../a.pdf"));
    }

    #[test]
    fn cells_read_back_as_written() {
        let long = Evidence {
            reference: "docs/policy v2.pdf".into(),
            title: Some("AI policy, \"v2\"".into()),
            date: Date::parse("2026-03-01"),
            expires: Date::parse("2027-03-01"),
            sha256: Some("ab".repeat(32)),
            kind: Some(Kind::TestReport),
            pos: Pos::FILE,
        };
        for item in [long, Evidence::text("{odd}"), Evidence::text("https://wiki/x")] {
            assert_eq!(
                from_cell("GV-PC-A-1", &item.cell()),
                Ok(item.clone()),
                "{}",
                item.cell()
            );
        }
        assert_eq!(Evidence::text("docs/a.pdf").cell(), "docs/a.pdf");
    }

    #[test]
    fn bad_cells_say_why() {
        let err = |t: &str| from_cell("GV-PC-A-1", t).unwrap_err();
        assert!(err("{ref: a, sha256: 12}").contains("malformed `sha256`"));
        assert!(err("{ref: a, kind: memo}").contains("unknown `kind`"));
        assert!(err("{title: a}").contains("missing `ref`"));
        assert!(err("{ref: a, date: 2026-02-02, expires: 2026-02-01}").contains("before its date"));
        assert!(err("/etc/passwd").contains("absolute path"));
    }
}
