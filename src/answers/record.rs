//! The assessment record (docs/record.md): the round an answers file belongs to, its status
//! and its sign-offs, read from `assessment:` and checked (a `final` assessment needs an
//! approver; no sign-off predates the assessment).

use std::fmt;

use super::Date;
use super::parse::FileMetadata;
use crate::base::diag::{Pos, shown};
use crate::base::walk::{self, Ctx, Fields};
use crate::base::yaml::{Node, Value};

/// The keys of one sign-off entry.
pub const SIGN_OFF_KEYS: &[&str] = &["by", "role", "date", "note"];

/// The role whose sign-off makes an assessment final.
pub const APPROVER: &str = "approver";

/// `assessment.status`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    #[default]
    Draft,
    InReview,
    Final,
}

impl Status {
    pub const ALL: [Status; 3] = [Status::Draft, Status::InReview, Status::Final];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Draft => "draft",
            Status::InReview => "in-review",
            Status::Final => "final",
        }
    }

    pub fn parse(text: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|s| s.as_str() == text)
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One entry of `assessment.sign_off` (or `assessment.superseded`).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SignOff {
    pub by: String,
    /// `assessor`, `reviewer`, `approver`, or other text.
    pub role: String,
    pub date: Date,
    pub note: Option<String>,
}

/// A round id: letters, digits, `-`, `_` and `.` (as a system id).
pub fn is_round_id(id: &str) -> bool {
    super::parse::is_system_id(id)
}

/// `round`, `status`, `sign_off` and `superseded` of `assessment:`.
pub(super) fn read(ctx: &mut Ctx, f: &Fields, meta: &mut FileMetadata) {
    if let Some(node) = f.get("round").filter(|n| !n.is_null()) {
        let text = match &node.value {
            Value::Str(s) => Some(s.clone()),
            Value::Int(n) => Some(n.to_string()),
            _ => None,
        };
        match text {
            Some(id) if is_round_id(&id) => meta.round = Some((id, node.pos)),
            _ => ctx.report(
                node.pos,
                format!(
                    "bad round `{}`: use letters, digits, `-`, `_` and `.` only (e.g. `2026-H2`)",
                    shown(&node.key_text())
                ),
            ),
        }
    }
    if let Some(node) = f.get("status").filter(|n| !n.is_null()) {
        match node.as_str().and_then(Status::parse) {
            Some(status) => meta.status = Some((status, node.pos)),
            None => ctx.report(
                node.pos,
                format!(
                    "bad status `{}`: use `draft`, `in-review` or `final`",
                    shown(&node.key_text())
                ),
            ),
        }
    }
    meta.sign_off = sign_offs(ctx, f, "sign_off");
    meta.superseded = sign_offs(ctx, f, "superseded");
}

/// The entries of a sign-off list, each with the position of its `date`.
fn sign_offs(ctx: &mut Ctx, f: &Fields, key: &str) -> Vec<(SignOff, Pos)> {
    let Some(node) = f.get(key).filter(|n| !n.is_null()) else {
        return Vec::new();
    };
    let Value::Seq(items) = &node.value else {
        ctx.report(
            node.pos,
            format!(
                "`assessment.{key}` must be a list of {{by, role, date, note}}, not {}",
                node.describe()
            ),
        );
        return Vec::new();
    };
    items.iter().filter_map(|item| sign_off(ctx, item, key)).collect()
}

fn sign_off(ctx: &mut Ctx, node: &Node, key: &str) -> Option<(SignOff, Pos)> {
    let what = format!("an entry of `assessment.{key}`");
    let f = walk::fields(ctx, node, &what, SIGN_OFF_KEYS)?;
    let by = walk::required_line(ctx, &f, "by", &what);
    let role = walk::required_line(ctx, &f, "role", &what);
    let note = walk::optional_text(ctx, &f, "note", &what);
    let date = match f.get("date") {
        None => {
            ctx.report(f.pos, format!("{what} is missing `date` (YYYY-MM-DD)"));
            None
        }
        Some(d) => match d.as_str().and_then(Date::parse) {
            Some(date) => Some((date, d.pos)),
            None => {
                ctx.report(
                    d.pos,
                    format!(
                        "bad date `{}` in {what}: expected a real calendar date as YYYY-MM-DD",
                        shown(&d.key_text())
                    ),
                );
                None
            }
        },
    };
    let (date, pos) = date?;
    Some((
        SignOff {
            by: by?,
            role: role?,
            date,
            note,
        },
        pos,
    ))
}

/// The problems of one file's record against the assessment's `date`: sign-offs dated
/// before it, and a `final` status without an approver's sign-off on or after it.
pub fn problems(
    date: Option<Date>,
    status: Option<(Status, Pos)>,
    sign_off: &[(SignOff, Pos)],
) -> Vec<(Pos, String)> {
    let mut out = early(date, sign_off);
    if let Some((Status::Final, pos)) = status
        && let Some(message) = unapproved(date, sign_off.iter().map(|(s, _)| s))
    {
        out.push((pos, message));
    }
    out
}

/// Sign-offs dated before `date`, each as (position, message).
pub fn early(date: Option<Date>, sign_off: &[(SignOff, Pos)]) -> Vec<(Pos, String)> {
    let Some(date) = date else {
        return Vec::new();
    };
    sign_off
        .iter()
        .filter(|(s, _)| s.date < date)
        .map(|(s, pos)| {
            let message = format!(
                "the sign-off by {} is dated {}, before the assessment's date {date}: \
                 a sign-off comes on or after the assessment",
                shown(&s.by),
                s.date
            );
            (*pos, message)
        })
        .collect()
}

/// Why a `final` assessment dated `date` with these sign-offs is not approved; `None` when
/// an approver signed on or after its date.
pub fn unapproved<'a>(date: Option<Date>, mut sign_off: impl Iterator<Item = &'a SignOff>) -> Option<String> {
    let approved = sign_off.any(|s| s.role == APPROVER && date.is_none_or(|d| s.date >= d));
    if approved {
        return None;
    }
    let when = date.map_or(String::new(), |d| format!(" dated on or after {d}"));
    Some(format!(
        "`status: final` needs an `approver` sign-off{when}: add one with \
         `aima sign FILE --by NAME --role approver --final`"
    ))
}

/// The JSON Schema of the record keys of `assessment:` (for `aima schema answers`).
pub fn schema(key: &str) -> serde_json::Value {
    use serde_json::json;
    let date =
        json!({ "type": "string", "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD" });
    match key {
        "round" => json!({ "type": ["string", "integer", "null"], "pattern": "^[A-Za-z0-9._-]+$",
            "description": "The round this file belongs to (files of one system and round are one assessment); default: the date" }),
        "status" => {
            json!({ "enum": ["draft", "in-review", "final", null], "description": "draft (default), in-review or final" })
        }
        _ => json!({ "type": ["array", "null"], "items": {
            "type": "object", "additionalProperties": false, "required": ["by", "role", "date"],
            "properties": {
                "by": { "type": "string", "minLength": 1 },
                "role": { "type": "string", "minLength": 1, "description": "assessor, reviewer, approver, or other text" },
                "date": date,
                "note": { "type": ["string", "null"] }
            } },
            "description": if key == "sign_off" { "Who signed the assessment off, in which role, when" } else { "Sign-offs set aside by `aima assess --reopen`" } }),
    }
}
