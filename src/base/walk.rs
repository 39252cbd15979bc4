//! Checked reading of located YAML trees: known keys, required fields, types. Problems
//! are collected, not returned one at a time, so a file's every problem is reported.
//!
//! Also compiled into `build.rs`; depends only on `crate::base::diag` and `crate::base::yaml`.

use crate::base::diag::{Pos, Problems, shown, suggest};
use crate::base::yaml::{Node, Value};

/// Where problems go while one file is checked.
pub struct Ctx<'a> {
    pub file: &'a str,
    pub problems: &'a mut Problems,
}

impl Ctx<'_> {
    pub fn report(&mut self, pos: Pos, message: impl Into<String>) {
        self.problems.push(self.file, pos, message);
    }
}

/// The entries of a mapping whose keys were checked against a list of allowed keys.
pub struct Fields<'n> {
    pub pos: Pos,
    entries: Vec<(&'n str, &'n Node, &'n Node)>,
}

impl<'n> Fields<'n> {
    pub fn get(&self, key: &str) -> Option<&'n Node> {
        self.entries
            .iter()
            .find(|(k, _, _)| *k == key)
            .map(|(_, _, v)| *v)
    }
}

/// Reads `node` as a mapping with only `allowed` keys. Unknown keys (with a suggestion),
/// duplicate keys and non-text keys are reported; the first of duplicates is kept.
/// `what` names the mapping in messages ("practice RA-EV", "`assessment`").
pub fn fields<'n>(ctx: &mut Ctx, node: &'n Node, what: &str, allowed: &[&str]) -> Option<Fields<'n>> {
    let Value::Map(entries) = &node.value else {
        ctx.report(
            node.pos,
            format!("{what} must be a mapping, not {}", node.describe()),
        );
        return None;
    };
    let mut fields = Fields {
        pos: node.pos,
        entries: Vec::new(),
    };
    for (key, value) in entries {
        let Some(name) = key.as_str() else {
            ctx.report(
                key.pos,
                format!(
                    "unknown key `{}` in {what}; expected {}",
                    shown(&key.key_text()),
                    list(allowed)
                ),
            );
            continue;
        };
        if let Some((_, first, _)) = fields.entries.iter().find(|(k, _, _)| *k == name) {
            ctx.report(
                key.pos,
                format!(
                    "duplicate key `{}` in {what} (first at {})",
                    shown(name),
                    first.pos
                ),
            );
            continue;
        }
        if !allowed.contains(&name) {
            let hint = match suggest(name, allowed) {
                Some(s) => format!("did you mean `{s}`?"),
                None => format!("expected {}", list(allowed)),
            };
            ctx.report(
                key.pos,
                format!("unknown key `{}` in {what}; {hint}", shown(name)),
            );
            continue;
        }
        fields.entries.push((name, key, value));
    }
    Some(fields)
}

/// `a`, `b` or `c`.
pub fn list(words: &[&str]) -> String {
    let quoted: Vec<String> = words.iter().map(|w| format!("`{w}`")).collect();
    match quoted.len() {
        0 => String::new(),
        1 => quoted[0].clone(),
        n => format!("{} or {}", quoted[..n - 1].join(", "), quoted[n - 1]),
    }
}

/// A required, non-empty text field.
pub fn required_text(ctx: &mut Ctx, f: &Fields, key: &str, what: &str) -> Option<String> {
    match f.get(key) {
        None => {
            ctx.report(f.pos, format!("{what} is missing `{key}`"));
            None
        }
        Some(node) => text(ctx, node, key, what),
    }
}

/// A required text field that is shown as one line (a name, a title): no line break, no
/// control, bidirectional or zero-width character (see `crate::base::sanitize`).
pub fn required_line(ctx: &mut Ctx, f: &Fields, key: &str, what: &str) -> Option<String> {
    let text = required_text(ctx, f, key, what)?;
    plain(ctx, f.get(key)?, key, what, text, false)
}

/// A required text field that may span lines: as [`required_line`], but line breaks and
/// tabs are allowed.
pub fn required_prose(ctx: &mut Ctx, f: &Fields, key: &str, what: &str) -> Option<String> {
    let text = required_text(ctx, f, key, what)?;
    plain(ctx, f.get(key)?, key, what, text, true)
}

/// `text` when it holds no character that could hide text or take over a terminal or a
/// YAML comment; otherwise the first such character is reported at `node`.
pub fn plain(ctx: &mut Ctx, node: &Node, key: &str, what: &str, text: String, lines: bool) -> Option<String> {
    let allowed = |c: char| lines && matches!(c, '\n' | '\t');
    let Some(bad) = text
        .chars()
        .find(|&c| crate::base::sanitize::is_unsafe(c) && !allowed(c))
    else {
        return Some(text);
    };
    let kind = match bad {
        '\n' | '\r' | '\u{85}' | '\u{2028}' | '\u{2029}' => "a line break",
        c if c.is_control() => "a control character",
        _ => "an invisible or direction-changing character",
    };
    let shape = if lines {
        "plain text"
    } else {
        "one line of plain text"
    };
    ctx.report(
        node.pos,
        format!(
            "`{key}` of {what} must be {shape}: it holds {kind} (U+{:04X})",
            bad as u32
        ),
    );
    None
}

/// An optional text field: absent or null gives `None`.
pub fn optional_text(ctx: &mut Ctx, f: &Fields, key: &str, what: &str) -> Option<String> {
    match f.get(key) {
        None => None,
        Some(node) if node.is_null() => None,
        Some(node) => text(ctx, node, key, what),
    }
}

/// An optional text field that may span lines, checked as [`required_prose`] is.
pub fn optional_prose(ctx: &mut Ctx, f: &Fields, key: &str, what: &str) -> Option<String> {
    let text = optional_text(ctx, f, key, what)?;
    plain(ctx, f.get(key)?, key, what, text, true)
}

/// The node as non-empty text. Numbers are not accepted as text: quoting is the fix.
pub fn text(ctx: &mut Ctx, node: &Node, key: &str, what: &str) -> Option<String> {
    match &node.value {
        Value::Str(s) if s.trim().is_empty() => {
            ctx.report(node.pos, format!("`{key}` of {what} must not be empty"));
            None
        }
        Value::Str(s) => Some(s.clone()),
        _ => {
            ctx.report(
                node.pos,
                format!("`{key}` of {what} must be text, not {}", node.describe()),
            );
            None
        }
    }
}

/// A required list field; its items are returned for the caller to check.
pub fn required_list<'n>(ctx: &mut Ctx, f: &Fields<'n>, key: &str, what: &str) -> Option<&'n [Node]> {
    match f.get(key) {
        None => {
            ctx.report(f.pos, format!("{what} is missing `{key}`"));
            None
        }
        Some(Node {
            value: Value::Seq(items),
            ..
        }) => Some(items),
        Some(node) => {
            ctx.report(
                node.pos,
                format!("`{key}` of {what} must be a list, not {}", node.describe()),
            );
            None
        }
    }
}

/// An optional list field: its items (none when the key is absent or null), for the caller
/// to check; anything else is reported.
pub fn optional_list<'n>(ctx: &mut Ctx, f: &Fields<'n>, key: &str, what: &str) -> Option<&'n [Node]> {
    match f.get(key) {
        None => Some(&[]),
        Some(node) if node.is_null() => Some(&[]),
        Some(_) => required_list(ctx, f, key, what),
    }
}

/// A required `version` that is text: a number (`version: 1.0`) is refused with the quoted
/// form to write instead, since YAML would read `1.10` as `1.1`.
pub fn version_text(ctx: &mut Ctx, f: &Fields, what: &str, example: &str) -> Option<String> {
    match f.get("version") {
        Some(
            node @ Node {
                value: Value::Int(_) | Value::Float(_),
                ..
            },
        ) => {
            ctx.report(
                node.pos,
                format!("`version` must be text: quote it, as in `version: \"{example}\"`"),
            );
            None
        }
        _ => required_text(ctx, f, "version", what),
    }
}
