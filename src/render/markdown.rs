//! Markdown output of `score`, `check` and `model` (the report is in `report`). All model
//! and user text goes through [`md`], so it cannot break a table or inject HTML.

use std::fmt::Write as _;

use super::table::{completeness, metadata_line};
use super::text::{bar, md};
use super::{CheckView, Markdown, ModelView, RULES, Render, ScoreView};
use crate::model::{Practice, QuestionRef};
use crate::score::ScoreResult;

/// A Markdown table row from cells that are already escaped.
pub fn row(cells: &[String]) -> String {
    format!("| {} |\n", cells.join(" | "))
}

/// A header row plus its delimiter row; `right` lists right-aligned columns.
pub fn header(names: &[&str], right: &[usize]) -> String {
    let mut out = row(&names.iter().map(|n| n.to_string()).collect::<Vec<_>>());
    let delims: Vec<String> = (0..names.len())
        .map(|i| {
            if right.contains(&i) {
                "---:".to_string()
            } else {
                "---".to_string()
            }
        })
        .collect();
    out.push_str(&row(&delims));
    out
}

/// The practices table of a score (all practices, or one domain's).
pub fn practice_table(out: &mut String, r: &ScoreResult, domain: Option<&str>) {
    let targets = r.has_targets();
    let mut names = vec!["Practice", "Stream A", "Stream B", "AIMA level", "Toolkit score"];
    if targets {
        names.extend(["Target", "Gap"]);
    }
    names.push("Unanswered");
    out.push_str(&header(&names, &(1..names.len()).collect::<Vec<_>>()));
    for d in r.domains.iter().filter(|d| domain.is_none_or(|id| id == d.id)) {
        for p in &d.practices {
            let stream = |i: usize| {
                let s = &p.streams[i].rating;
                format!("{} ({})", s.label(), s.score_text())
            };
            let mut cells = vec![
                format!("{} {}", p.id, md(&p.name)),
                stream(0),
                stream(1),
                format!("**{}**", p.rating.label()),
                p.rating.score_text(),
            ];
            if targets {
                cells.push(p.target.map_or("-".into(), |t| t.to_string()));
                cells.push(p.gap.map_or("-".into(), |g| g.to_string()));
            }
            cells.push(p.unanswered.to_string());
            out.push_str(&row(&cells));
        }
    }
}

/// The domain summary table with bars and the overall row.
pub fn domain_table(out: &mut String, r: &ScoreResult) {
    out.push_str(&header(
        &["Domain", "AIMA level", "Toolkit score", "0–3", "Unanswered"],
        &[1, 2, 4],
    ));
    for d in &r.domains {
        out.push_str(&row(&[
            format!("{} {}", d.id, md(&d.name)),
            d.rating.label(),
            d.rating.score_text(),
            d.rating
                .score()
                .map_or(String::new(), |s| format!("`{}`", bar(s.hundredths(), 12))),
            d.unanswered.to_string(),
        ]));
    }
    out.push_str(&row(&[
        "**Overall**".to_string(),
        format!("**{}**", r.overall.label()),
        format!("**{}**", r.overall.score_text()),
        r.overall
            .score()
            .map_or(String::new(), |s| format!("`{}`", bar(s.hundredths(), 12))),
        r.unanswered.to_string(),
    ]));
}

/// The statement of both scoring rules as a bullet list.
pub fn rules(out: &mut String) {
    for (name, rule) in RULES {
        // Our own constant text: no escaping, so its `code` spans stay code.
        let _ = writeln!(out, "- **{name}**: {rule}");
    }
}

impl Render<ScoreView<'_>> for Markdown {
    fn render(&self, view: &ScoreView) -> String {
        let r = view.result;
        let mut out = String::from("## AIMA maturity\n\n");
        if let Some(line) = metadata_line(&view.assessment.metadata) {
            let _ = writeln!(out, "{}  ", md(&line));
        }
        let _ = writeln!(out, "Model `{}` · {}\n", r.model, completeness(r));
        domain_table(&mut out, r);
        out.push('\n');
        practice_table(&mut out, r, None);
        out.push('\n');
        rules(&mut out);
        out
    }
}

impl Render<CheckView<'_>> for Markdown {
    fn render(&self, view: &CheckView) -> String {
        let mut out = check_markdown(view);
        out.push_str(&super::policy::markdown(view.policies));
        out
    }
}

fn check_markdown(view: &CheckView) -> String {
    let r = view.result;
    let mut out = String::from("## AIMA target check\n\n");
    if !r.has_targets() {
        out.push_str("No targets: set `targets:` in the answers file or pass `--target N`.\n");
        return out;
    }
    let gaps: Vec<_> = r.gaps().collect();
    let held = super::text::held_by_baseline(r);
    if gaps.is_empty() {
        let every = if held.is_empty() {
            "every practice with a target meets it".to_string()
        } else {
            let meeting = r.practices().filter(|p| p.gap == Some(0)).count();
            format!("{meeting} practice(s) with a target meet it{held}")
        };
        let _ = writeln!(out, "**Passed**: {every}. {}.", completeness(r));
        return out;
    }
    let _ = writeln!(
        out,
        "**Failed**: {} practice(s) below target{held}. {}.\n",
        gaps.len(),
        completeness(r)
    );
    out.push_str(&header(
        &["Practice", "AIMA level", "Target", "Gap", "Actions"],
        &[1, 2, 3],
    ));
    for p in &gaps {
        out.push_str(&row(&[
            format!("{} {}", p.id, md(&p.name)),
            p.rating.label(),
            p.target.map_or("-".into(), |t| t.to_string()),
            p.gap.map_or("-".into(), |g| g.to_string()),
            p.actions.join(", "),
        ]));
    }
    out
}

fn practice_md(out: &mut String, p: &Practice, heading: &str) {
    let _ = writeln!(
        out,
        "{heading} {} {}\n\n{}\n",
        p.id,
        md(&p.name),
        md(&p.description)
    );
    if !p.aliases.is_empty() {
        let aliases: Vec<String> = p.aliases.iter().map(|a| md(a)).collect();
        let _ = writeln!(out, "Also named in AIMA: {}\n", aliases.join("; "));
    }
    out.push_str("Objectives:\n\n");
    for o in &p.objectives {
        let _ = writeln!(out, "- {}", md(o));
    }
    out.push('\n');
    out.push_str(&header(&["Level", "Title"], &[]));
    for (i, t) in p.level_titles.iter().enumerate() {
        out.push_str(&row(&[(i + 1).to_string(), md(t)]));
    }
    out.push('\n');
    out.push_str(&header(
        &["Question", "Stream", "Level", "Question", "Guidance"],
        &[2],
    ));
    for level in 0..3 {
        for s in &p.streams {
            let q = &s.questions[level];
            out.push_str(&row(&[
                q.id.clone(),
                md(&s.name),
                q.level.to_string(),
                md(&q.text),
                md(&q.guidance),
            ]));
        }
    }
}

fn question_md(out: &mut String, q: &QuestionRef) {
    let _ = writeln!(
        out,
        "### {}\n\n{} › {} › {} › level {}: {}\n\n**{}**\n\n{}",
        q.question.id,
        md(&q.domain.name),
        md(&q.practice.name),
        md(&q.stream().name),
        q.level(),
        md(q.level_title()),
        md(&q.question.text),
        md(&q.question.guidance)
    );
}

impl Render<ModelView<'_>> for Markdown {
    fn render(&self, view: &ModelView) -> String {
        let mut out = String::new();
        match view {
            ModelView::All(m) => {
                let _ = writeln!(
                    out,
                    "# {} {}\n\n{}\n",
                    md(&m.name),
                    md(&m.version),
                    md(&m.attribution)
                );
                for d in &m.domains {
                    let _ = writeln!(out, "## {} {}\n\n{}\n", d.id, md(&d.name), md(&d.description));
                    out.push_str(&header(&["Practice", "Name", "Description"], &[]));
                    for p in &d.practices {
                        out.push_str(&row(&[p.id.clone(), md(&p.name), md(&p.description)]));
                    }
                    out.push('\n');
                }
            }
            ModelView::Domain(_, d) => {
                let _ = writeln!(out, "## {} {}\n\n{}\n", d.id, md(&d.name), md(&d.description));
                for p in &d.practices {
                    practice_md(&mut out, p, "###");
                    out.push('\n');
                }
            }
            ModelView::Practice(_, _, p) => practice_md(&mut out, p, "##"),
            ModelView::Stream(m, _, p, i) => {
                let _ = writeln!(out, "## {} {}\n", p.streams[*i].id, md(&p.streams[*i].name));
                for q in &p.streams[*i].questions {
                    if let Some(q) = m.question(&q.id) {
                        question_md(&mut out, &q);
                        out.push('\n');
                    }
                }
            }
            ModelView::Question(_, q) => question_md(&mut out, q),
        }
        out
    }
}
