//! The report as one HTML page: a first page for executives (system, round, status and
//! sign-off, overall and domain bars, the five largest gaps, the change since the previous
//! round, each framework's coverage in a line), the radar chart, then one section per domain
//! (each starting a printed page), gaps, roadmap, not-applicable and unanswered questions,
//! notes and evidence, and the scoring rules (docs/reports.md).

use maud::{Markup, html};

use super::{bars, chart, evidence, page, rating};
use crate::answers::{Answer, Word};
use crate::diff::Status;
use crate::render::report::{ReportPage, ReportView};
use crate::render::{Html, RULES, Render, svg};
use crate::score::{PracticeResult, ScoreResult};

impl Render<ReportPage<'_>> for Html {
    fn render(&self, p: &ReportPage) -> String {
        let v = &p.report;
        let title = match &v.assessment.metadata.organization {
            Some(org) => format!("AIMA maturity report: {org}"),
            None => "AIMA maturity report".to_string(),
        };
        let body = html! {
            section.first {
                h1 { (title) }
                (metadata(v))
                (summary(p))
                (top_gaps(v.result))
                (change(p))
                (coverage(p))
            }
            section {
                h2 { "Practices at a glance" }
                (chart(&svg::radar(v.result, &v.assessment.metadata), "Radar chart: AIMA level, toolkit score and target per practice"))
            }
            @for d in &v.result.domains { (domain(v, d)) }
            section { (gaps(v)) (roadmap(v)) (not_applicable(v)) (unanswered(v)) (notes(v)) (own_clauses(v)) (scoring(v)) }
        };
        page(&title, body)
    }
}

fn given(value: Option<String>) -> Markup {
    match value {
        Some(s) => html! { (s) },
        None => html! { em.muted { "not given" } },
    }
}

fn metadata(v: &ReportView) -> Markup {
    let meta = &v.assessment.metadata;
    let r = v.result;
    let date = meta.date.map(|d| d.to_string());
    let answers = if r.complete() {
        format!("all {} questions answered", r.questions)
    } else {
        format!(
            "{} of {} questions answered; {} unanswered, so the result is incomplete",
            r.questions - r.unanswered,
            r.questions,
            r.unanswered
        )
    };
    html! {
        dl.meta {
            dt { "Organization" } dd { (given(meta.organization.clone())) }
            dt { "System" } dd { (given(meta.system.clone())) }
            dt { "Round" } dd { (given(meta.round_key())) }
            dt { "Status" } dd { span.status { (meta.status().as_str()) } }
            dt { "Sign-off" } dd { (sign_offs(&meta.sign_off)) }
            dt { "Scope" } dd { (given(meta.scope.clone())) }
            dt { "Assessor" } dd { (given(meta.assessor.clone())) }
            dt { "Date" } dd { (given(date)) }
            dt { "Answers" } dd { (answers) }
            dt { "Model" } dd { (v.model.name) " " (v.model.version) " (" (r.model) "), aima " (v.tool_version) }
        }
    }
}

/// Who signed off, in what role and when; "none recorded" without any.
fn sign_offs(list: &[crate::answers::record::SignOff]) -> Markup {
    html! {
        @if list.is_empty() {
            em.muted { "none recorded" }
        } @else {
            @for (i, s) in list.iter().enumerate() {
                @if i > 0 { "; " }
                (s.by) " (" (s.role) ", " (s.date.to_string()) ")"
            }
        }
    }
}

fn summary(p: &ReportPage) -> Markup {
    let r = p.report.result;
    let before = p.previous.map(|(_, b)| b);
    let mut rows: Vec<_> = r
        .domains
        .iter()
        .map(|d| {
            let old = before.and_then(|b| b.domains.iter().find(|o| o.id == d.id));
            (format!("{} {}", d.id, d.name), &d.rating, old.map(|o| &o.rating))
        })
        .collect();
    rows.push(("Overall".to_string(), &r.overall, before.map(|b| &b.overall)));
    html! {
        p.headline { "Overall: AIMA level " strong { (r.overall.label()) } ", toolkit score "
            strong { (r.overall.score_text()) } " of 3.00." }
        (bars(&rows))
    }
}

/// The practices furthest below their targets: largest gap first, then model order.
fn largest_gaps(r: &ScoreResult, n: usize) -> Vec<&PracticeResult> {
    let mut gaps: Vec<&PracticeResult> = r.gaps().collect();
    gaps.sort_by_key(|p| std::cmp::Reverse(p.gap.unwrap_or(0)));
    gaps.truncate(n);
    gaps
}

fn gap_table(gaps: &[&PracticeResult]) -> Markup {
    html! {
        table {
            thead { tr { th { "Practice" } th { "AIMA level" } th.n { "Target" } th.n { "Gap" } th.n { "Actions" } } }
            tbody { @for p in gaps { tr {
                td { (p.id) " " (p.name) } td { (rating(&p.rating)) }
                td.n { (p.target.map_or("-".into(), |t| t.to_string())) }
                td.n { (p.gap.map_or("-".into(), |g| g.to_string())) }
                td.n { (p.actions.len()) }
            } } }
        }
    }
}

fn top_gaps(r: &ScoreResult) -> Markup {
    let gaps = largest_gaps(r, 5);
    html! {
        h2 { "Largest gaps" }
        @if !r.has_targets() {
            p { "No targets are set, so there are no gaps. Set " code { "targets:" } " in the answers file or pass " code { "--target N" } "." }
        } @else if gaps.is_empty() {
            p { "Every practice with a target meets it." }
        } @else {
            (gap_table(&gaps))
        }
    }
}

fn change(p: &ReportPage) -> Markup {
    let now = p.report.result;
    let Some((old, before)) = p.previous else {
        return html! {
            h2 { "Change since the last round" }
            p { "No previous round was given, so this reads as a first round (" code { "--previous FILE" } " compares with one)." }
        };
    };
    let moved = |s: Status| {
        now.practices()
            .filter(|n| {
                before
                    .practice(&n.id)
                    .is_some_and(|o| Status::of(&o.rating, &n.rating) == s)
            })
            .count()
    };
    html! {
        h2 { "Change since the last round" }
        p { "Previous round: " (given(old.metadata.date.map(|d| d.to_string()))) " (the grey ticks above). Overall "
            (rating(&before.overall)) " → " (rating(&now.overall)) ": "
            strong { (Status::of(&before.overall, &now.overall).as_str()) } ". Practices: "
            (moved(Status::Improved)) " improved, " (moved(Status::Regressed)) " regressed, "
            (moved(Status::Unchanged)) " unchanged." }
    }
}

fn coverage(p: &ReportPage) -> Markup {
    html! {
        h2 { "Frameworks" }
        @if p.coverage.is_empty() {
            p.muted { "No framework is chosen for this report: name them with " code { "--framework ID,…" }
                " or as the system's " code { "frameworks" } " in aima.toml (" code { "aima crosswalk" } " lists them)." }
        }
        ul.lines { @for (name, summary, dates) in &p.coverage {
            li { strong { (name) } ": " (summary.total()) " clauses: " (summary.line()) "."
                @if let Some(d) = dates { br; span.muted { (d) } } }
        } }
    }
}

fn domain(v: &ReportView, d: &crate::score::DomainResult) -> Markup {
    let targets = v.result.has_targets();
    let files: Vec<String> = v
        .assessment
        .sources_of_domain(&d.id)
        .iter()
        .map(|&i| v.assessment.source_label(i))
        .collect();
    html! {
        section.domain {
            h2 { (d.id) " " (d.name) }
            p { "Domain: AIMA level " strong { (d.rating.label()) } ", toolkit score " strong { (d.rating.score_text()) }
                ", " (d.unanswered) " unanswered." }
            @if v.assessment.sources.len() > 1 { p.muted { "Answered by: " (files.join("; ")) } }
            table {
                thead { tr { th { "Practice" } th { "Stream A" } th { "Stream B" } th { "AIMA level" } th.n { "Toolkit score" }
                    @if targets { th.n { "Target" } th.n { "Gap" } } th.n { "Unanswered" } } }
                tbody { @for p in &d.practices { tr {
                    td { (p.id) " " (p.name) } td { (rating(&p.streams[0].rating)) } td { (rating(&p.streams[1].rating)) }
                    td { strong { (p.rating.label()) } } td.n { (p.rating.score_text()) }
                    @if targets { td.n { (p.target.map_or("-".into(), |t| t.to_string())) }
                                  td.n { (p.gap.map_or("-".into(), |g| g.to_string())) } }
                    td.n { (p.unanswered) }
                } } }
            }
        }
    }
}

fn gaps(v: &ReportView) -> Markup {
    let below: Vec<&PracticeResult> = v.result.gaps().collect();
    html! {
        h2 { "Targets and gaps" }
        @if !v.result.has_targets() { p { "No targets are set." } }
        @else if below.is_empty() { p { "Every practice with a target meets it." } }
        @else { p { (below.len()) " practices are below their targets." } (gap_table(&below)) }
    }
}

fn word(answer: Option<&Answer>) -> &'static str {
    answer.and_then(|a| a.word).map_or("unanswered", Word::as_str)
}

fn roadmap(v: &ReportView) -> Markup {
    html! {
        @for (level, actions) in v.result.roadmap() {
            h3 { "Phase " (level) ": level " (level) " (" (actions.len()) " actions)" }
            ul { @for (_, code) in &actions { @if let Some(q) = v.model.question(code) {
                li { strong { (code) } " (" (q.practice.id) " " (q.practice.name) " › " (q.stream().name) "; now "
                     (word(v.assessment.answers.get(*code))) "): " (q.question.text) }
            } } }
        }
    }
}

fn not_applicable(v: &ReportView) -> Markup {
    let rows: Vec<_> = v
        .model
        .questions()
        .filter_map(|q| {
            let a = v.assessment.answers.get(&q.question.id)?;
            (a.word == Some(Word::Na)).then_some((q, a))
        })
        .collect();
    html! {
        h2 { "Not applicable" }
        @if rows.is_empty() { p { "No question is marked not applicable." } }
        @else { table { thead { tr { th { "Question" } th { "Question text" } th { "Reason" } } }
            tbody { @for (q, a) in &rows { tr { td { (q.question.id) } td { (q.question.text) }
                td.note { (a.reason.as_deref().unwrap_or("")) } } } } } }
    }
}

fn unanswered(v: &ReportView) -> Markup {
    let rows: Vec<_> = v
        .model
        .questions()
        .filter(|q| v.assessment.word(&q.question.id).is_none())
        .collect();
    html! {
        h2 { "Unanswered questions" }
        @if rows.is_empty() { p { "Every question is answered." } }
        @else { p { (rows.len()) " questions are unanswered: each counts as not met until it is answered." }
            table { thead { tr { th { "Question" } th.n { "Level" } th { "Question text" } } }
            tbody { @for q in &rows { tr { td { (q.question.id) } td.n { (q.level()) } td { (q.question.text) } } } } } }
    }
}

fn notes(v: &ReportView) -> Markup {
    let rows: Vec<_> = v
        .model
        .questions()
        .filter_map(|q| {
            let a = v.assessment.answers.get(&q.question.id)?;
            (a.note.is_some() || !a.evidence.is_empty()).then_some((q, a))
        })
        .collect();
    html! {
        h2 { "Notes and evidence" }
        @if rows.is_empty() { p { "No answer carries a note or evidence." } }
        @else { table { thead { tr { th { "Question" } th { "Answer" } th { "Note" } th { "Evidence" } } }
            tbody { @for (q, a) in &rows { tr { td { (q.question.id) } td { (word(Some(a))) }
                td.note { (a.note.as_deref().unwrap_or("")) }
                td { @for (i, e) in a.evidence.iter().enumerate() { @if i > 0 { br; } (evidence(&e.reference))
                    @if let Some(t) = &e.title { " — " (t) }
                    @if let Some(d) = e.date { " (" (d.to_string()) ")" } } } } } } } }
    }
}

/// The organisation's own evidence per clause (`clauses:`), when the files give any.
fn own_clauses(v: &ReportView) -> Markup {
    html! {
        @if !v.assessment.clauses.is_empty() {
            h2 { "Own evidence per clause" }
            p.muted { "The organisation's own answers for clauses of the crosswalks (" code { "clauses:" }
                " in the answers files). They change no score or status." }
            table { thead { tr { th { "Clause" } th { "Answer" } th { "Reason" } th { "Note" } th { "Evidence" } } }
            tbody { @for (key, a) in &v.assessment.clauses { tr { td { (key) } td { (word(Some(a))) }
                td.note { (a.reason.as_deref().unwrap_or("")) }
                td.note { (a.note.as_deref().unwrap_or("")) }
                td { @for (i, e) in a.evidence.iter().enumerate() { @if i > 0 { br; } (evidence(&e.reference)) } } } } } }
        }
    }
}

fn scoring(v: &ReportView) -> Markup {
    html! {
        h2 { "How the scores are computed" }
        ul { @for (name, rule) in RULES { li { strong { (name) } ": " (rule) } } }
        p.muted { (v.model.attribution) " Generated by aima " (v.tool_version) "." }
    }
}
