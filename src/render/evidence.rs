//! `aima evidence`: every evidence item with its question and state (docs/evidence.md), as
//! a table, JSON, Markdown or CSV. Outside text is escaped for each medium.

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::markdown::{header, row};
use super::text::md;
use super::{Json, Markdown, Render, Table};
use crate::base::sanitize::terminal_line;
use crate::evidence::{Entry, Findings, State, Unevidenced};

/// What `aima evidence` shows.
pub struct EvidenceView<'a> {
    pub findings: &'a Findings,
    /// The aima.toml used, as named (None without one).
    pub config: Option<&'a str>,
    /// Today, as the states were computed.
    pub today: String,
    pub max_age_days: u32,
}

/// `aima evidence --format json` (`aima schema evidence`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct EvidenceDoc<'a> {
    /// True when `evidence --check` passes: no item expired, missing or changed (nor stale
    /// with `fail_on_stale`), and no required evidence lacking.
    pub passed: bool,
    /// The date the states were computed for (YYYY-MM-DD).
    pub today: String,
    /// `[evidence] max_age_days` (default 365).
    pub max_age_days: u32,
    /// The aima.toml used, or null.
    pub config: Option<&'a str>,
    /// How many items are in each state.
    pub counts: Vec<CountJson>,
    /// Every item, in file and question order.
    pub items: &'a [Entry],
    /// Answers that `[evidence] require` says need evidence and have none.
    pub unevidenced: &'a [Unevidenced],
}

#[derive(Debug, Serialize, JsonSchema)]
pub struct CountJson {
    pub state: State,
    pub count: usize,
}

impl<'a> EvidenceView<'a> {
    pub fn doc(&self) -> EvidenceDoc<'a> {
        EvidenceDoc {
            passed: self.findings.passed(),
            today: self.today.clone(),
            max_age_days: self.max_age_days,
            config: self.config,
            counts: self
                .findings
                .counts()
                .into_iter()
                .map(|(state, count)| CountJson { state, count })
                .collect(),
            items: &self.findings.items,
            unevidenced: &self.findings.unevidenced,
        }
    }

    fn summary(&self) -> String {
        let f = self.findings;
        let counts: Vec<String> = f.counts().iter().map(|(s, n)| format!("{n} {s}")).collect();
        let mut line = format!(
            "{} evidence item{} {}: {}",
            f.items.len(),
            if f.items.len() == 1 { "" } else { "s" },
            if self.today.is_empty() {
                "on the day of the report".to_string()
            } else {
                format!("as of {}", self.today)
            },
            if counts.is_empty() {
                "none".to_string()
            } else {
                counts.join(", ")
            }
        );
        if !f.unevidenced.is_empty() {
            let _ = write!(
                line,
                "; {} answer(s) without required evidence",
                f.unevidenced.len()
            );
        }
        let _ = write!(
            line,
            ". {}",
            if f.passed() {
                "The evidence check passes."
            } else {
                "The evidence check fails."
            }
        );
        line
    }
}

/// The detail of an item's state, for people.
pub fn detail(e: &Entry, max_age_days: u32) -> String {
    match e.state {
        State::Ok => String::new(),
        State::Expired => format!("expired {}", e.expires.as_deref().unwrap_or("?")),
        State::Stale => format!(
            "dated {}, older than {max_age_days} days",
            e.date.as_deref().unwrap_or("?")
        ),
        State::Undated => "no date: `aima evidence hash` records one".to_string(),
        State::Missing => format!("no file at {}", e.path.as_deref().unwrap_or(&e.reference)),
        State::Changed => format!(
            "sha256 now {}…, recorded {}…",
            e.actual_sha256.as_deref().map_or("?", |s| &s[..12.min(s.len())]),
            e.sha256.as_deref().map_or("?", |s| &s[..12.min(s.len())])
        ),
        State::Link => "a URL: not fetched".to_string(),
    }
}

fn cells(e: &Entry, max_age_days: u32) -> Vec<String> {
    vec![
        e.file.clone(),
        e.question.clone(),
        e.answer.clone().unwrap_or_else(|| "~".to_string()),
        e.reference.clone(),
        e.date.clone().unwrap_or_default(),
        e.state.to_string(),
        detail(e, max_age_days),
    ]
}

const HEAD: [&str; 7] = [
    "file", "question", "answer", "evidence", "date", "state", "detail",
];

impl Render<EvidenceView<'_>> for Json {
    fn render(&self, view: &EvidenceView) -> String {
        super::json::to_text(&view.doc())
    }
}

impl Render<EvidenceView<'_>> for Table {
    fn render(&self, view: &EvidenceView) -> String {
        let lay = self;
        let mut t = lay.builder(&HEAD).optional(0, 100).optional(6, 80);
        for e in &view.findings.items {
            t.add_row(
                cells(e, view.max_age_days)
                    .iter()
                    .map(|c| terminal_line(c).into_owned())
                    .collect(),
            );
        }
        let mut out = lay.fit_line(&view.summary());
        if !view.findings.items.is_empty() {
            let _ = writeln!(out, "{}", t.build());
        }
        for u in &view.findings.unevidenced {
            out.push_str(&lay.fit_line(&format!(
                "{}: {} is `{}` without evidence ([evidence] require)",
                terminal_line(&u.file),
                u.question,
                u.answer
            )));
        }
        out
    }
}

impl Render<EvidenceView<'_>> for Markdown {
    fn render(&self, view: &EvidenceView) -> String {
        let mut out = String::from("# Evidence\n\n");
        let _ = writeln!(out, "{}\n", md(&view.summary()));
        if !view.findings.items.is_empty() {
            out.push_str(&header(&HEAD, &[]));
            for e in &view.findings.items {
                let cells: Vec<String> = cells(e, view.max_age_days)
                    .iter()
                    .map(|c| md(&terminal_line(c)))
                    .collect();
                out.push_str(&row(&cells));
            }
            out.push('\n');
        }
        if !view.findings.unevidenced.is_empty() {
            out.push_str("## Answers without required evidence\n\n");
            out.push_str(&header(&["file", "question", "answer"], &[]));
            for u in &view.findings.unevidenced {
                out.push_str(&row(&[
                    md(&terminal_line(&u.file)),
                    u.question.clone(),
                    u.answer.to_string(),
                ]));
            }
            out.push('\n');
        }
        out
    }
}

/// `aima evidence --format csv`: one row per item (RFC 4180); cells that start like a
/// formula get a leading `'`.
pub fn csv(view: &EvidenceView) -> String {
    let head = [
        "file",
        "question",
        "answer",
        "ref",
        "title",
        "kind",
        "date",
        "expires",
        "sha256",
        "path",
        "actual_sha256",
        "state",
        "fails",
    ];
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(head);
    for e in &view.findings.items {
        let opt = |v: &Option<String>| v.clone().unwrap_or_default();
        let record = [
            e.file.clone(),
            e.question.clone(),
            e.answer.clone().unwrap_or_default(),
            e.reference.clone(),
            opt(&e.title),
            e.kind.map(|k| k.to_string()).unwrap_or_default(),
            opt(&e.date),
            opt(&e.expires),
            opt(&e.sha256),
            opt(&e.path),
            opt(&e.actual_sha256),
            e.state.to_string(),
            e.fails.to_string(),
        ];
        let _ = w.write_record(
            record
                .iter()
                .map(|c| crate::interchange::csv_cell(&terminal_line(c)).into_owned()),
        );
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// The report's section on evidence: every item's state. Empty when every item is an
/// undated link (the notes table already lists those, and there is nothing to check).
pub fn report_section(findings: &Findings, max_age_days: u32, today: &str) -> String {
    if findings.items.iter().all(|e| e.state == State::Link) && findings.unevidenced.is_empty() {
        return String::new();
    }
    let view = EvidenceView {
        findings,
        config: None,
        today: today.to_string(),
        max_age_days,
    };
    let mut out = String::from("## Evidence\n\n");
    let _ = writeln!(out, "{}\n", md(&view.summary()));
    if !findings.items.is_empty() {
        out.push_str(&header(
            &["Question", "Evidence", "Date", "Expires", "State", "Detail"],
            &[],
        ));
        for e in &findings.items {
            let cells = [
                e.question.clone(),
                e.title
                    .as_ref()
                    .map_or_else(|| e.reference.clone(), |t| format!("{t} ({})", e.reference)),
                e.date.clone().unwrap_or_default(),
                e.expires.clone().unwrap_or_default(),
                e.state.to_string(),
                detail(e, max_age_days),
            ];
            out.push_str(&row(&cells
                .iter()
                .map(|c| md(&terminal_line(c)))
                .collect::<Vec<_>>()));
        }
    }
    for u in &findings.unevidenced {
        let _ = writeln!(
            out,
            "\n{} is `{}` without the evidence `[evidence] require` asks for.",
            u.question, u.answer
        );
    }
    out.push('\n');
    out
}

/// `check --evidence` in a table or Markdown: a line for the evidence gate and one per
/// failing item or answer.
pub fn check_section(lay: &Table, findings: &Findings, max_age_days: u32, markdown: bool) -> String {
    let fix = |t: &str| {
        if markdown {
            md(&terminal_line(t))
        } else {
            terminal_line(t).into_owned()
        }
    };
    let mut lines = Vec::new();
    let failing: Vec<&Entry> = findings.items.iter().filter(|e| e.fails).collect();
    lines.push(if findings.passed() {
        format!("Evidence: passed ({} items).", findings.items.len())
    } else {
        format!(
            "Evidence: failed: {} item(s) failing, {} answer(s) without required evidence.",
            failing.len(),
            findings.unevidenced.len()
        )
    });
    for e in failing {
        lines.push(format!(
            "- {}: {} {}: {} ({})",
            fix(&e.file),
            e.question,
            fix(&e.reference),
            e.state,
            fix(&detail(e, max_age_days))
        ));
    }
    for u in &findings.unevidenced {
        lines.push(format!(
            "- {}: {} is `{}` without evidence",
            fix(&u.file),
            u.question,
            u.answer
        ));
    }
    let mut out = String::from("\n");
    for line in lines {
        out.push_str(&if markdown {
            line
        } else {
            lay.fit_line(&line).trim_end().to_string()
        });
        out.push('\n');
    }
    out
}
