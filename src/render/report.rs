//! The Markdown report of `aima report`: metadata, summary, one practice table per domain,
//! targets with gaps and the phased roadmap, not-applicable answers, unanswered questions,
//! notes and evidence, and the scoring rules.
//!
//! Every piece of user text (metadata, notes, reasons, evidence, file names) and of model
//! text (a `--model DIR` is input too) goes through [`md`], so it can neither break a table
//! nor inject HTML. Code spans are used only for text aima makes itself.

use std::fmt::Write as _;

use super::markdown::{header, practice_table, row, rules};
use super::text::{bar, md};
use super::{Markdown, Render};
use crate::answers::{Answer, Assessment, Word};
use crate::model::{Model, QuestionRef};
use crate::score::{Rating, ScoreResult};

/// Everything the report shows.
pub struct ReportView<'a> {
    pub model: &'a Model,
    pub assessment: &'a Assessment,
    pub result: &'a ScoreResult,
    /// The radar chart's file name, when one is written beside the report (linked relatively).
    pub chart: Option<&'a str>,
    /// aima's version, for the metadata.
    pub tool_version: &'a str,
    /// The aima.toml the run used, as shown (docs/record.md).
    pub config: Option<&'a str>,
}

/// Percent-encodes a file name for a relative link, so spaces, parentheses or brackets in
/// it cannot end the link early.
fn link_target(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

/// An evidence item: a link when it is a plain http(s) URL made only of characters that
/// cannot end the link or the table; otherwise escaped text.
fn evidence(item: &str) -> String {
    let plain_url = ["http://", "https://"]
        .iter()
        .any(|scheme| item.len() > scheme.len() && item.starts_with(scheme))
        && item
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._~:/?#@!$&'*+,;=%".contains(&b));
    if plain_url {
        format!("[{}]({item})", md(item))
    } else {
        md(item)
    }
}

/// `1+ (2.33)`, or `n/a`.
pub fn rating_cell(r: &Rating) -> String {
    match r {
        Rating::Rated { level, score } => format!("{level} ({score})"),
        Rating::NotApplicable => "n/a".to_string(),
    }
}

fn score_bar(r: &Rating) -> String {
    r.score()
        .map_or(String::new(), |s| format!("`{}`", bar(s.hundredths(), 12)))
}

fn word(answer: Option<&Answer>) -> &'static str {
    answer.and_then(|a| a.word).map_or("unanswered", Word::as_str)
}

fn practice_cell(q: &QuestionRef) -> String {
    format!("{} {}", q.practice.id, md(&q.practice.name))
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn metadata(out: &mut String, v: &ReportView) {
    let meta = &v.assessment.metadata;
    let r = v.result;
    let given = |value: Option<String>| value.map_or_else(|| "*not given*".to_string(), |s| md(&s));
    out.push_str(&header(&["Assessment", ""], &[]));
    let answered = r.questions - r.unanswered;
    let completeness = if r.complete() {
        format!("all {} questions answered", r.questions)
    } else {
        format!(
            "{answered} of {} questions answered; {} unanswered, so the result is **incomplete**",
            r.questions, r.unanswered
        )
    };
    let rows = [
        ("Organization", given(meta.organization.clone())),
        ("Scope", given(meta.scope.clone())),
        ("Assessor", given(meta.assessor.clone())),
        ("Date", given(meta.date.map(|d| d.to_string()))),
        (
            "Model",
            format!(
                "{} {} ({})",
                md(&v.model.name),
                md(&v.model.version),
                md(&r.model)
            ),
        ),
        ("Tool", format!("aima {}", md(v.tool_version))),
        ("Answers", completeness),
        (
            "Files",
            (0..v.assessment.sources.len())
                .map(|i| md(&v.assessment.source_label(i)))
                .collect::<Vec<_>>()
                .join("<br>"),
        ),
    ];
    for (name, value) in rows {
        out.push_str(&row(&[name.to_string(), value]));
    }
    for (name, value) in record_rows(meta) {
        out.push_str(&row(&[name.to_string(), value]));
    }
    if let Some(config) = v.config {
        out.push_str(&row(&["Configuration".to_string(), md(config)]));
    }
    out.push('\n');
}

/// Round, status and sign-offs, when the files record any (docs/record.md).
fn record_rows(meta: &crate::answers::Metadata) -> Vec<(&'static str, String)> {
    let mut rows = Vec::new();
    if let Some(round) = &meta.round {
        rows.push(("Round", md(round)));
    }
    if meta.status.is_some() || !meta.sign_off.is_empty() {
        rows.push(("Status", meta.status().as_str().to_string()));
    }
    let list = |list: &[crate::answers::SignOff]| {
        list.iter()
            .map(|s| {
                let note = s
                    .note
                    .as_deref()
                    .map_or(String::new(), |n| format!(": {}", md(n)));
                format!("{} ({}), {}{note}", md(&s.by), md(&s.role), s.date)
            })
            .collect::<Vec<_>>()
            .join("<br>")
    };
    if !meta.sign_off.is_empty() {
        rows.push(("Sign-off", list(&meta.sign_off)));
    }
    if !meta.superseded.is_empty() {
        rows.push(("Superseded sign-off", list(&meta.superseded)));
    }
    rows
}

fn summary(out: &mut String, v: &ReportView) {
    let r = v.result;
    out.push_str("## Summary\n\n");
    let _ = writeln!(
        out,
        "Overall: AIMA level **{}**, toolkit score **{}** of 3.00.\n",
        r.overall.label(),
        r.overall.score_text()
    );
    if let Some(chart) = v.chart {
        let _ = writeln!(
            out,
            "![Radar chart: AIMA level, toolkit score and target per practice]({})\n",
            link_target(chart)
        );
    }
    let targets = r.has_targets();
    let mut names = vec!["Domain", "AIMA level", "Toolkit score", "0 to 3"];
    if targets {
        names.push("Below target");
    }
    names.push("Unanswered");
    out.push_str(&header(&names, &[1, 2, names.len() - 1]));
    for d in &r.domains {
        let mut cells = vec![
            format!("{} {}", d.id, md(&d.name)),
            d.rating.label(),
            d.rating.score_text(),
            score_bar(&d.rating),
        ];
        if targets {
            let with_target = d.practices.iter().filter(|p| p.target.is_some()).count();
            let below = d
                .practices
                .iter()
                .filter(|p| p.gap.is_some_and(|g| g > 0))
                .count();
            cells.push(format!("{below} of {with_target}"));
        }
        cells.push(d.unanswered.to_string());
        out.push_str(&row(&cells));
    }
    let mut cells = vec![
        "**Overall**".to_string(),
        format!("**{}**", r.overall.label()),
        format!("**{}**", r.overall.score_text()),
        score_bar(&r.overall),
    ];
    if targets {
        let with_target = r.practices().filter(|p| p.target.is_some()).count();
        cells.push(format!("{} of {with_target}", r.gaps().count()));
    }
    cells.push(r.unanswered.to_string());
    out.push_str(&row(&cells));
    out.push('\n');
}

/// Which team file answered the domain, when the assessment was merged from several
/// files or its file names a team.
fn answered_by(out: &mut String, assessment: &Assessment, domain: &str) {
    if assessment.sources.len() < 2 && assessment.provenance.teams.iter().all(Option::is_none) {
        return;
    }
    let sources = assessment.sources_of_domain(domain);
    if sources.is_empty() {
        out.push_str("Answered by: *no file answers this domain*.\n\n");
        return;
    }
    let names: Vec<String> = sources.iter().map(|&i| md(&assessment.source_label(i))).collect();
    let _ = writeln!(out, "Answered by: {}.\n", names.join("; "));
}

fn practices(out: &mut String, v: &ReportView) {
    out.push_str("## Practices\n\n");
    for d in &v.result.domains {
        let _ = writeln!(out, "### {} {}\n", d.id, md(&d.name));
        let _ = writeln!(
            out,
            "Domain: AIMA level **{}**, toolkit score **{}**, {}.\n",
            d.rating.label(),
            d.rating.score_text(),
            plural(d.unanswered, "question unanswered", "questions unanswered")
        );
        answered_by(out, v.assessment, &d.id);
        practice_table(out, v.result, Some(&d.id));
        out.push('\n');
    }
}

fn gaps(out: &mut String, v: &ReportView) {
    let r = v.result;
    out.push_str("## Targets and gaps\n\n");
    if !r.has_targets() {
        out.push_str(
            "No targets are set, so there are no gaps and no roadmap. Set `targets:` in the answers \
             file or pass `--target N`.\n\n",
        );
        return;
    }
    let with_target = r.practices().filter(|p| p.target.is_some()).count();
    let below: Vec<_> = r.gaps().collect();
    let _ = writeln!(
        out,
        "{} of {with_target} practices with a target meet it; {} {} below it.\n",
        with_target - below.len(),
        below.len(),
        if below.len() == 1 { "is" } else { "are" }
    );
    out.push_str(&target_sources(r));
    if below.is_empty() {
        return;
    }
    out.push_str(&header(
        &[
            "Practice",
            "AIMA level",
            "Target",
            "Target from",
            "Gap",
            "Actions",
        ],
        &[1, 2, 4, 5],
    ));
    for p in &below {
        out.push_str(&row(&[
            format!("{} {}", p.id, md(&p.name)),
            rating_cell(&p.rating),
            p.target.map_or("-".into(), |t| t.to_string()),
            p.target_source.as_ref().map_or("-".into(), |s| md(&s.label())),
            p.gap.map_or("-".into(), |g| g.to_string()),
            p.actions.len().to_string(),
        ]));
    }
    out.push('\n');
}

/// `Targets from: the answers files (20 practices), aima.toml (4: GV-PC, …).`: where every
/// target was set (docs/targets.md).
fn target_sources(r: &ScoreResult) -> String {
    let mut by: Vec<(crate::answers::TargetSource, Vec<&str>)> = Vec::new();
    for p in r.practices() {
        let Some(source) = &p.target_source else {
            continue;
        };
        match by.iter_mut().find(|(s, _)| s == source) {
            Some((_, ids)) => ids.push(&p.id),
            None => by.push((source.clone(), vec![&p.id])),
        }
    }
    let parts: Vec<String> = by
        .iter()
        .map(|(source, ids)| {
            let list = if ids.len() <= 6 {
                format!(": {}", ids.join(", "))
            } else {
                String::new()
            };
            format!(
                "{} ({}{list})",
                md(&source.label()),
                plural(ids.len(), "practice", "practices")
            )
        })
        .collect();
    format!(
        "Targets from: {}. One rule decides between sources (\"How the scores are computed\", below).\n\n",
        parts.join("; ")
    )
}

fn roadmap(out: &mut String, v: &ReportView) {
    let phases = v.result.roadmap();
    if phases.is_empty() {
        return;
    }
    out.push_str("## Roadmap\n\n");
    out.push_str(
        "Each action is a question to bring to `yes`. Phase N holds the level-N questions of every \
         practice below its target; AIMA levels are gated, so a phase builds on the one before it.\n\n",
    );
    for (level, actions) in phases {
        let _ = writeln!(
            out,
            "### Phase {level}: level {level} ({})\n",
            plural(actions.len(), "action", "actions")
        );
        for (_, code) in actions {
            let Some(q) = v.model.question(code) else { continue };
            let _ = writeln!(
                out,
                "- **{code}** ({} {} › {}; now {}): {}\n  <br>Guidance: {}",
                q.practice.id,
                md(&q.practice.name),
                md(&q.stream().name),
                word(v.assessment.answers.get(code)),
                md(&q.question.text),
                md(&q.question.guidance)
            );
        }
        out.push('\n');
    }
}

fn not_applicable(out: &mut String, v: &ReportView) {
    out.push_str("## Not applicable\n\n");
    let rows: Vec<_> = v
        .model
        .questions()
        .filter_map(|q| {
            let a = v.assessment.answers.get(&q.question.id)?;
            (a.word == Some(Word::Na)).then_some((q, a))
        })
        .collect();
    if rows.is_empty() {
        out.push_str("No question is marked not applicable.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "{} left out of every score, with the reasons given:\n",
        plural(rows.len(), "question is", "questions are")
    );
    out.push_str(&header(&["Question", "Practice", "Question text", "Reason"], &[]));
    for (q, a) in rows {
        out.push_str(&row(&[
            q.question.id.clone(),
            practice_cell(&q),
            md(&q.question.text),
            md(a.reason.as_deref().unwrap_or("")),
        ]));
    }
    out.push('\n');
}

fn unanswered(out: &mut String, v: &ReportView) {
    out.push_str("## Unanswered questions\n\n");
    let rows: Vec<_> = v
        .model
        .questions()
        .filter(|q| v.assessment.word(&q.question.id).is_none())
        .collect();
    if rows.is_empty() {
        out.push_str("Every question is answered.\n\n");
        return;
    }
    let _ = writeln!(
        out,
        "{}: each counts as not met and scores 0 until it is answered.\n",
        plural(rows.len(), "question is unanswered", "questions are unanswered")
    );
    out.push_str(&header(&["Question", "Practice", "Level", "Question text"], &[2]));
    for q in rows {
        out.push_str(&row(&[
            q.question.id.clone(),
            practice_cell(&q),
            q.level().to_string(),
            md(&q.question.text),
        ]));
    }
    out.push('\n');
}

fn notes(out: &mut String, v: &ReportView) {
    out.push_str("## Notes and evidence\n\n");
    let rows: Vec<_> = v
        .model
        .questions()
        .filter_map(|q| {
            let a = v.assessment.answers.get(&q.question.id)?;
            (a.note.is_some() || !a.evidence.is_empty()).then_some((q, a))
        })
        .collect();
    if rows.is_empty() {
        out.push_str("No answer carries a note or evidence.\n\n");
        return;
    }
    out.push_str(&header(&["Question", "Answer", "Note", "Evidence"], &[]));
    for (q, a) in rows {
        out.push_str(&row(&[
            q.question.id.clone(),
            word(Some(a)).to_string(),
            md(a.note.as_deref().unwrap_or("")),
            a.evidence
                .iter()
                .map(|e| evidence(&e.reference))
                .collect::<Vec<_>>()
                .join("<br>"),
        ]));
    }
    out.push('\n');
}

/// The organisation's own evidence per clause (`clauses:`), when the files give any; each
/// clause's status beside it is in the crosswalk sections (`--framework`).
fn own_clauses(out: &mut String, v: &ReportView) {
    if v.assessment.clauses.is_empty() {
        return;
    }
    out.push_str(
        "## Own evidence per clause

",
    );
    out.push_str(
        "The organisation's own answers for clauses of the crosswalks (`clauses:` in the answers files). They \
         do not change any score or status; `--framework ID` shows each beside the clause's status.\n\n",
    );
    out.push_str(&header(&["Clause", "Answer", "Reason", "Note", "Evidence"], &[]));
    for (key, a) in &v.assessment.clauses {
        out.push_str(&row(&[
            md(key),
            word(Some(a)).to_string(),
            md(a.reason.as_deref().unwrap_or("")),
            md(a.note.as_deref().unwrap_or("")),
            a.evidence
                .iter()
                .map(|e| evidence(&e.reference))
                .collect::<Vec<_>>()
                .join("<br>"),
        ]));
    }
    out.push('\n');
}

/// The heading of the report's last section.
const SCORING_HEADING: &str = "## How the scores are computed\n";

fn scoring(out: &mut String, v: &ReportView) {
    out.push_str(SCORING_HEADING);
    out.push('\n');
    out.push_str(
        "Two scores are shown side by side. The AIMA level is primary; the domain and overall \
         roll-ups are aima's own, since AIMA defines none.\n\n",
    );
    rules(out);
    out.push_str(
        "- **Targets and gaps**: the most specific entry wins (practice, then domain, then a \
         default); at the same specificity the nearest source: `--target N`, the answers files, \
         aima.toml, the use-case profile (docs/targets.md). Gap = target − level when positive. The \
         actions are the applicable questions at levels 1 to the target that are not `yes` \
         (unanswered included), by level, then model order, stream A before B.\n\n",
    );
    let _ = writeln!(
        out,
        "---\n\n{}\n\nGenerated by aima {}.",
        md(&v.model.attribution),
        md(v.tool_version)
    );
}

impl Render<ReportView<'_>> for Markdown {
    fn render(&self, v: &ReportView) -> String {
        let mut out = String::new();
        match &v.assessment.metadata.organization {
            Some(org) => {
                let _ = writeln!(out, "# AIMA maturity report: {}\n", md(org));
            }
            None => out.push_str("# AIMA maturity report\n\n"),
        }
        metadata(&mut out, v);
        summary(&mut out, v);
        practices(&mut out, v);
        gaps(&mut out, v);
        roadmap(&mut out, v);
        not_applicable(&mut out, v);
        unanswered(&mut out, v);
        notes(&mut out, v);
        own_clauses(&mut out, v);
        scoring(&mut out, v);
        out
    }
}

/// The report with what its HTML page adds: one line of coverage per framework and the
/// previous round (docs/reports.md). Markdown shows the report and its crosswalk sections.
pub struct ReportPage<'a> {
    pub report: ReportView<'a>,
    /// The `--framework` sections, as Markdown.
    pub sections: String,
    /// Per framework: its name, the counts per status, and for a dated framework the line
    /// on its dates in force ([`crate::crosswalk::timeline::dates_line`]).
    pub coverage: Vec<(String, crate::crosswalk::status::Summary, Option<String>)>,
    /// The previous round (`--previous`), scored with the same targets.
    pub previous: Option<(&'a Assessment, &'a ScoreResult)>,
    /// The Evidence section (every item's state, docs/evidence.md), as Markdown; empty for none.
    pub evidence: String,
}

impl Render<ReportPage<'_>> for Markdown {
    fn render(&self, page: &ReportPage) -> String {
        let mut text = self.render(&page.report);
        // The Evidence section follows "Notes and evidence", before the scoring rules.
        let at = text.find(SCORING_HEADING).unwrap_or(text.len());
        text.insert_str(at, &page.evidence);
        text + &page.sections
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_only_plain_urls() {
        assert_eq!(
            evidence("https://wiki.example/a?b=1&c=2"),
            "[https://wiki.example/a?b=1&amp;c=2](https://wiki.example/a?b=1&c=2)"
        );
        for unsafe_item in [
            "https://x.example/a)b",
            "https://x.example/<script>",
            "https://x.example/a|b",
            "https://x.example/a b",
            "javascript:alert(1)",
            "HTTPS://x.example",
            "https://",
            "docs/policy.pdf",
        ] {
            assert_eq!(evidence(unsafe_item), md(unsafe_item), "{unsafe_item}");
        }
    }

    #[test]
    fn chart_links_are_percent_encoded() {
        assert_eq!(link_target("report.svg"), "report.svg");
        assert_eq!(link_target("my (report).svg"), "my%20%28report%29.svg");
    }
}
