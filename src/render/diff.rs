//! Output of `aima diff` as a table and in Markdown (JSON: render/json/diff.rs). The view
//! is the engine's [`Diff`] itself.
//!
//! Table and Markdown list only the practices whose result changed (and say how many did
//! not); JSON lists every practice both models have (docs/json-output.md).

use std::fmt::Write as _;

use super::markdown::{header, row};
use super::report::rating_cell;
use super::table::VERY_NARROW;
use super::text::{md, wrap};
use super::{Markdown, Render, Table};
use crate::answers::Word;
use crate::diff::{Diff, OneSided, Only, PracticeChange, RatingChange, SideInfo, Status};
use crate::score::Rating;

/// The change of the toolkit score as shown (`+0.50`, `-1.17`, `0.00`); empty when
/// either side is n/a.
fn score_change(old: &Rating, new: &Rating) -> String {
    let (Some(old), Some(new)) = (old.score(), new.score()) else {
        return String::new();
    };
    let delta = new.minus_hundredths(old);
    let sign = match delta {
        d if d > 0 => "+",
        d if d < 0 => "-",
        _ => "",
    };
    let abs = delta.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn word(w: Option<Word>) -> &'static str {
    w.map_or("unanswered", Word::as_str)
}

/// The practices worth a row: those whose result moved, n/a transitions included.
fn changed_practices(d: &Diff) -> Vec<&PracticeChange> {
    d.practices
        .iter()
        .filter(|p| p.status != Status::Unchanged || p.old.rating != p.new.rating)
        .collect()
}

fn side_line(s: &SideInfo) -> String {
    let mut parts = vec![crate::answers::sources_line(&s.sources)];
    if let Some(date) = s.date {
        parts.push(date.to_string());
    }
    parts.push(s.model.clone());
    parts.join(" · ")
}

fn summary(d: &Diff) -> String {
    let answers = d.changed_answers.len();
    format!(
        "{} improved, {} regressed, {} unchanged; {answers} answer{} changed",
        d.count(Status::Improved),
        d.count(Status::Regressed),
        d.count(Status::Unchanged),
        if answers == 1 { "" } else { "s" }
    )
}

fn overall_line(o: &RatingChange) -> String {
    format!(
        "{} → {}, {}",
        rating_cell(&o.old),
        rating_cell(&o.new),
        o.status.as_str()
    )
}

const NO_CHANGE: &str = "No change: both assessments give the same answers and the same results.";

/// One-sided items as lines of plain text (Table) or escaped text (Markdown).
fn one_sided_lines(items: &OneSided, escape: fn(&str) -> String) -> Vec<String> {
    let mut lines = Vec::new();
    let rated = |o: &Only| {
        format!(
            "{} {}: {}",
            o.id,
            escape(&o.name),
            o.rating.as_ref().map_or(String::new(), rating_cell)
        )
    };
    for o in &items.domains {
        lines.push(format!("domain {}", rated(o)));
    }
    for o in &items.practices {
        lines.push(format!("practice {}", rated(o)));
    }
    if !items.questions.is_empty() {
        let list: Vec<String> = items
            .questions
            .iter()
            .map(|q| format!("{} {}", q.id, word(q.answer)))
            .collect();
        lines.push(format!(
            "{} question{}: {}",
            items.questions.len(),
            if items.questions.len() == 1 { "" } else { "s" },
            list.join(", ")
        ));
    }
    lines
}

impl Render<Diff> for Table {
    fn render(&self, d: &Diff) -> String {
        let lay = self;
        let mut out = String::new();
        out.push_str(&lay.fit_line(&format!("Old: {}", side_line(&d.old))));
        out.push_str(&lay.fit_line(&format!("New: {}", side_line(&d.new))));
        out.push('\n');
        if d.is_empty() {
            let _ = writeln!(out, "{NO_CHANGE}");
            return out;
        }
        out.push_str(&lay.fit_line(&format!("Overall: {}", overall_line(&d.overall))));
        out.push_str(&lay.fit_line(&format!("Practices: {}", summary(d))));
        out.push('\n');
        table_practices(lay, &mut out, d);
        table_domains(lay, &mut out, d);
        table_answers(lay, &mut out, d);
        table_targets_and_one_sided(&mut out, d);
        out
    }
}

/// The practices whose result moved.
fn table_practices(lay: &Table, out: &mut String, d: &Diff) {
    let changed = changed_practices(d);
    if !changed.is_empty() {
        let mut t = lay
            .grid(&["Practice", "Name", "Old", "New", "Score", "Status"], &[2, 3, 4])
            .optional(1, VERY_NARROW);
        for p in changed {
            t.add_row(vec![
                p.id.clone(),
                p.name.clone(),
                rating_cell(&p.old.rating),
                rating_cell(&p.new.rating),
                score_change(&p.old.rating, &p.new.rating),
                p.status.as_str().to_string(),
            ]);
        }
        let _ = writeln!(out, "{t}\n");
    }
}

/// Every domain both models have, and the overall result (`All`).
fn table_domains(lay: &Table, out: &mut String, d: &Diff) {
    let mut t = lay
        .grid(&["Domain", "Name", "Old", "New", "Score", "Status"], &[2, 3, 4])
        .optional(1, VERY_NARROW);
    for c in d.domains.iter().chain([&d.overall]) {
        t.add_row(vec![
            if c.id == "overall" {
                "All".to_string()
            } else {
                c.id.clone()
            },
            c.name.clone(),
            rating_cell(&c.old),
            rating_cell(&c.new),
            score_change(&c.old, &c.new),
            c.status.as_str().to_string(),
        ]);
    }
    let _ = writeln!(out, "{t}\n");
}

/// The changed answers with their question text.
fn table_answers(lay: &Table, out: &mut String, d: &Diff) {
    if !d.changed_answers.is_empty() {
        let _ = writeln!(out, "Changed answers ({}):", d.changed_answers.len());
        let mut t = lay.grid(&["Question", "Old", "New", "Question text"], &[]);
        for c in &d.changed_answers {
            t.add_row(vec![
                c.id.clone(),
                word(c.old).to_string(),
                word(c.new).to_string(),
                lay.fitted(&c.text, 64),
            ]);
        }
        let _ = writeln!(out, "{t}\n");
    }
}

/// The targets met and lost, and what only one side's model has.
fn table_targets_and_one_sided(out: &mut String, d: &Diff) {
    if !d.targets_met.is_empty() {
        let _ = writeln!(out, "Targets now met: {}", d.targets_met.join(", "));
    }
    if !d.targets_lost.is_empty() {
        let _ = writeln!(out, "Targets no longer met: {}", d.targets_lost.join(", "));
    }
    for (items, which, model) in [(&d.added, "new", &d.new.model), (&d.removed, "old", &d.old.model)] {
        if !items.is_empty() {
            let _ = writeln!(out, "Only in the {which} model ({model}):");
            for line in one_sided_lines(items, str::to_string) {
                for (i, l) in wrap(&line, 94).iter().enumerate() {
                    let _ = writeln!(out, "{}{l}", if i == 0 { "  " } else { "    " });
                }
            }
        }
    }
}

fn status_md(s: Status) -> String {
    match s {
        Status::Improved => "improved".to_string(),
        Status::Regressed => "**regressed**".to_string(),
        Status::Unchanged => "unchanged".to_string(),
    }
}

impl Render<Diff> for Markdown {
    fn render(&self, d: &Diff) -> String {
        let mut out = String::from("## AIMA assessment diff\n\n");
        let _ = writeln!(out, "- **Old**: {}", md(&side_line(&d.old)));
        let _ = writeln!(out, "- **New**: {}", md(&side_line(&d.new)));
        if d.is_empty() {
            let _ = writeln!(out, "\n{NO_CHANGE}");
            return out;
        }
        md_summary(&mut out, d);
        md_practices(&mut out, d);
        md_domains(&mut out, d);
        md_answers(&mut out, d);
        md_one_sided(&mut out, d);
        out
    }
}

/// The overall move, the count of practices by status, and the targets met and lost.
fn md_summary(out: &mut String, d: &Diff) {
    let _ = writeln!(
        out,
        "- **Overall**: {} → {}, {}",
        rating_cell(&d.overall.old),
        rating_cell(&d.overall.new),
        status_md(d.overall.status)
    );
    let _ = writeln!(out, "- **Practices**: {}", summary(d));
    if !d.targets_met.is_empty() {
        let _ = writeln!(out, "- **Targets now met**: {}", d.targets_met.join(", "));
    }
    if !d.targets_lost.is_empty() {
        let _ = writeln!(out, "- **Targets no longer met**: {}", d.targets_lost.join(", "));
    }
    out.push('\n');
}

/// The practices whose result moved.
fn md_practices(out: &mut String, d: &Diff) {
    let changed = changed_practices(d);
    if !changed.is_empty() {
        out.push_str("### Practices that changed\n\n");
        out.push_str(&header(
            &["Practice", "Old", "New", "Score", "Status"],
            &[1, 2, 3],
        ));
        for p in changed {
            out.push_str(&row(&[
                format!("{} {}", p.id, md(&p.name)),
                rating_cell(&p.old.rating),
                rating_cell(&p.new.rating),
                score_change(&p.old.rating, &p.new.rating),
                status_md(p.status),
            ]));
        }
        out.push('\n');
    }
}

/// Every domain both models have, and the overall result.
fn md_domains(out: &mut String, d: &Diff) {
    out.push_str("### Domains\n\n");
    out.push_str(&header(&["Domain", "Old", "New", "Score", "Status"], &[1, 2, 3]));
    for c in &d.domains {
        out.push_str(&row(&[
            format!("{} {}", c.id, md(&c.name)),
            rating_cell(&c.old),
            rating_cell(&c.new),
            score_change(&c.old, &c.new),
            status_md(c.status),
        ]));
    }
    let o = &d.overall;
    out.push_str(&row(&[
        "**Overall**".to_string(),
        rating_cell(&o.old),
        rating_cell(&o.new),
        score_change(&o.old, &o.new),
        status_md(o.status),
    ]));
    out.push('\n');
}

/// The changed answers, folded so a pull-request comment stays short.
fn md_answers(out: &mut String, d: &Diff) {
    if !d.changed_answers.is_empty() {
        let _ = writeln!(
            out,
            "<details>\n<summary>Changed answers ({})</summary>\n",
            d.changed_answers.len()
        );
        out.push_str(&header(&["Question", "Old", "New", "Question text"], &[]));
        for c in &d.changed_answers {
            out.push_str(&row(&[
                c.id.clone(),
                word(c.old).to_string(),
                word(c.new).to_string(),
                md(&c.text),
            ]));
        }
        out.push_str("\n</details>\n\n");
    }
}

/// What only one side's model has.
fn md_one_sided(out: &mut String, d: &Diff) {
    for (items, which, model) in [(&d.added, "new", &d.new.model), (&d.removed, "old", &d.old.model)] {
        if !items.is_empty() {
            let _ = writeln!(out, "### Only in the {which} model (`{}`)\n", md(model));
            for line in one_sided_lines(items, md) {
                let _ = writeln!(out, "- {line}");
            }
            out.push('\n');
        }
    }
}
