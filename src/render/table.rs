//! Terminal tables (comfy-table). Deterministic when stdout is not a terminal.

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table as Grid};

use super::text::wrap;
use super::{CheckView, ModelView, RULES, Render, ScoreView, Table};
use crate::answers::Metadata;
use crate::model::{Practice, QuestionRef};
use crate::score::ScoreResult;

/// A table in aima's style with `header`; columns listed in `right` are right-aligned.
pub fn grid(header: &[&str], right: &[usize]) -> Grid {
    let mut t = Grid::new();
    t.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header(header.iter().map(Cell::new).collect::<Vec<_>>());
    for &i in right {
        if let Some(c) = t.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    t
}

/// One line describing the assessment: organization · scope · date · assessor.
pub fn metadata_line(meta: &Metadata) -> Option<String> {
    let parts: Vec<String> = [
        meta.organization.clone(),
        meta.scope.clone(),
        meta.date.map(|d| d.to_string()),
        meta.assessor.as_ref().map(|a| format!("assessor {a}")),
    ]
    .into_iter()
    .flatten()
    // Escape sequences and bidi overrides in user text must not reach the terminal.
    .map(|s| crate::sanitize::terminal_line(&s).into_owned())
    .collect();
    (!parts.is_empty()).then(|| parts.join(" · "))
}

/// "134 of 144 questions answered (incomplete: 10 unanswered count as not met, scored 0)".
pub fn completeness(r: &ScoreResult) -> String {
    if r.complete() {
        format!("all {} questions answered", r.questions)
    } else {
        format!(
            "{} of {} questions answered (incomplete: {} unanswered count as not met, scored 0)",
            r.questions - r.unanswered,
            r.questions,
            r.unanswered
        )
    }
}

/// `text` with its first letter in upper case, to start a sentence.
pub fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map_or_else(String::new, |c| c.to_uppercase().chain(chars).collect())
}

fn legend(out: &mut String) {
    for (name, rule) in RULES {
        for (i, line) in wrap(&format!("{name}: {rule}"), 96).iter().enumerate() {
            let _ = writeln!(out, "{}{line}", if i == 0 { "" } else { "  " });
        }
    }
}

impl Render<ScoreView<'_>> for Table {
    fn render(&self, view: &ScoreView) -> String {
        let r = view.result;
        let mut out = String::new();
        if let Some(line) = metadata_line(&view.assessment.metadata) {
            let _ = writeln!(out, "{line}");
        }
        let _ = writeln!(out, "Model {} · {}\n", r.model, completeness(r));

        let targets = r.has_targets();
        let mut header = vec![
            "Practice",
            "Name",
            "Stream A",
            "Stream B",
            "AIMA level",
            "Toolkit score",
        ];
        if targets {
            header.extend(["Target", "Gap"]);
        }
        header.push("Unanswered");
        let right: Vec<usize> = (2..header.len()).collect();
        let mut t = grid(&header, &right);
        for p in r.practices() {
            let mut row = vec![
                p.id.clone(),
                p.name.clone(),
                p.streams[0].rating.label(),
                p.streams[1].rating.label(),
                p.rating.label(),
                p.rating.score_text(),
            ];
            if targets {
                row.push(p.target.map_or("-".to_string(), |t| t.to_string()));
                row.push(p.gap.map_or("-".to_string(), |g| g.to_string()));
            }
            row.push(p.unanswered.to_string());
            t.add_row(row);
        }
        let _ = writeln!(out, "{t}\n");

        let mut t = grid(
            &["Domain", "Name", "AIMA level", "Toolkit score", "Unanswered"],
            &[2, 3, 4],
        );
        for d in &r.domains {
            t.add_row(vec![
                d.id.clone(),
                d.name.clone(),
                d.rating.label(),
                d.rating.score_text(),
                d.unanswered.to_string(),
            ]);
        }
        t.add_row(vec![
            "All".to_string(),
            "Overall".to_string(),
            r.overall.label(),
            r.overall.score_text(),
            r.unanswered.to_string(),
        ]);
        let _ = writeln!(out, "{t}\n");
        legend(&mut out);
        out
    }
}

impl Render<CheckView<'_>> for Table {
    fn render(&self, view: &CheckView) -> String {
        let r = view.result;
        let mut out = String::new();
        let gaps: Vec<_> = r.gaps().collect();
        if !r.has_targets() {
            out.push_str("passed: no target applies to any practice, so there is nothing to check.\n");
            return out;
        }
        let meeting = r.practices().filter(|p| p.gap == Some(0)).count();
        if gaps.is_empty() {
            let _ = writeln!(
                out,
                "passed: all {meeting} practices with a target meet it.\n{}.",
                capitalized(&completeness(r))
            );
            return out;
        }
        let _ = writeln!(
            out,
            "failed: {} practice{} below target, {meeting} meet{} it.\n{}.\n",
            gaps.len(),
            if gaps.len() == 1 { " is" } else { "s are" },
            if meeting == 1 { "s" } else { "" },
            capitalized(&completeness(r))
        );
        let mut t = grid(
            &["Practice", "Name", "AIMA level", "Target", "Gap", "Actions"],
            &[2, 3, 4],
        );
        for p in &gaps {
            t.add_row(vec![
                p.id.clone(),
                p.name.clone(),
                p.rating.label(),
                p.target.map_or("-".into(), |t| t.to_string()),
                p.gap.map_or("-".into(), |g| g.to_string()),
                p.actions.join(" "),
            ]);
        }
        let _ = writeln!(out, "{t}\n");
        out.push_str(
            "Actions: answer these questions yes to reach the target (by level, stream A before B):\n",
        );
        for p in &gaps {
            for code in &p.actions {
                if let Some(q) = view.model.question(code) {
                    let _ = writeln!(out, "  {code}  {}", q.question.text);
                }
            }
        }
        out
    }
}

fn practice_block(out: &mut String, p: &Practice) {
    let _ = writeln!(out, "{}  {}\n", p.id, p.name);
    for line in wrap(&p.description, 96) {
        let _ = writeln!(out, "{line}");
    }
    if !p.aliases.is_empty() {
        out.push('\n');
        for line in wrap(&format!("Also named in AIMA: {}", p.aliases.join("; ")), 96) {
            let _ = writeln!(out, "{line}");
        }
    }
    out.push_str("\nObjectives:\n");
    for o in &p.objectives {
        for (i, line) in wrap(o, 92).iter().enumerate() {
            let _ = writeln!(out, "{}{line}", if i == 0 { "  - " } else { "    " });
        }
    }
    out.push_str("\nLevels:\n");
    for (i, title) in p.level_titles.iter().enumerate() {
        let _ = writeln!(out, "  {}  {title}", i + 1);
    }
    out.push('\n');
    let mut t = grid(&["Question", "Stream", "Level", "Question and guidance"], &[2]);
    for level in 0..3 {
        for s in &p.streams {
            let q = &s.questions[level];
            t.add_row(vec![
                q.id.clone(),
                s.name.clone(),
                q.level.to_string(),
                format!(
                    "{}\n{}",
                    wrap(&q.text, 70).join("\n"),
                    wrap(&q.guidance, 70).join("\n")
                ),
            ]);
        }
    }
    let _ = writeln!(out, "{t}");
}

fn question_block(out: &mut String, q: &QuestionRef) {
    let _ = writeln!(
        out,
        "{}  {} › {} › {} › level {}: {}\n",
        q.question.id,
        q.domain.name,
        q.practice.name,
        q.stream().name,
        q.level(),
        q.level_title()
    );
    for line in wrap(&q.question.text, 96) {
        let _ = writeln!(out, "{line}");
    }
    out.push('\n');
    for line in wrap(&format!("Guidance: {}", q.question.guidance), 96) {
        let _ = writeln!(out, "{line}");
    }
}

impl Render<ModelView<'_>> for Table {
    fn render(&self, view: &ModelView) -> String {
        let mut out = String::new();
        match view {
            ModelView::All(m) => {
                let _ = writeln!(
                    out,
                    "{} {} ({}): {} domains, {} practices, {} questions\n",
                    m.name,
                    m.version,
                    m.key(),
                    m.domains.len(),
                    m.practices().count(),
                    m.question_count()
                );
                let mut t = grid(&["Domain", "Name", "Practices"], &[]);
                for d in &m.domains {
                    let practices: Vec<String> = d
                        .practices
                        .iter()
                        .map(|p| format!("{}  {}", p.id, p.name))
                        .collect();
                    t.add_row(vec![d.id.clone(), d.name.clone(), practices.join("\n")]);
                }
                let _ = writeln!(out, "{t}\n");
                for line in wrap(&format!("Source: {}. License: {}.", m.source, m.license), 96) {
                    let _ = writeln!(out, "{line}");
                }
            }
            ModelView::Domain(_, d) => {
                let _ = writeln!(out, "{}  {}\n", d.id, d.name);
                for line in wrap(&d.description, 96) {
                    let _ = writeln!(out, "{line}");
                }
                out.push('\n');
                let mut t = grid(&["Practice", "Name", "Level 1", "Level 2", "Level 3"], &[]);
                for p in &d.practices {
                    let mut row = vec![p.id.clone(), p.name.clone()];
                    row.extend(p.level_titles.iter().map(|t| wrap(t, 28).join("\n")));
                    t.add_row(row);
                }
                let _ = writeln!(out, "{t}");
            }
            ModelView::Practice(_, _, p) => practice_block(&mut out, p),
            ModelView::Stream(m, _, p, i) => {
                for q in &p.streams[*i].questions {
                    if let Some(q) = m.question(&q.id) {
                        question_block(&mut out, &q);
                        out.push('\n');
                    }
                }
            }
            ModelView::Question(_, q) => question_block(&mut out, q),
        }
        out
    }
}
