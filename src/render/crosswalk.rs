//! Output of `aima crosswalk` in every format, and the crosswalk section of the report.
//! Text from crosswalk files is escaped for the terminal and for Markdown like all user
//! text. Every view states that coverage is an indication for planning (docs/crosswalk.md).

use std::fmt::Write as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, ColumnConstraint, ContentArrangement, Table as Grid};

use super::json::to_text;
use super::markdown::{header, row};
use super::table::{completeness, metadata_line};
use super::text::md;
use super::{Json, Markdown, Render, Table};
use crate::answers::{Answer, Date, Metadata};
use crate::base::sanitize::terminal_line;
use crate::config::EuAiAct;
use crate::crosswalk::status::{ClauseStatus, Status, Summary, gpai_word, risk_word, role_word};
use crate::crosswalk::timeline::{ClauseDates, clause_dates};
use crate::crosswalk::{Clause, DISCLAIMER, Framework, Strength};
use crate::model::Model;
use crate::score::ScoreResult;

pub use json::{CrosswalkJson, schema};

/// `aima crosswalk`: the frameworks.
pub struct FrameworksView<'a> {
    pub frameworks: &'a [Framework],
    pub width: Option<u16>,
}

/// `aima crosswalk ID`: clause → practices, or with `by_practice`, practice → clauses.
pub struct ClausesView<'a> {
    pub framework: &'a Framework,
    pub model: &'a Model,
    pub by_practice: bool,
    /// The day whose dates in force are shown (`--as-of`, default today).
    pub as_of: Date,
    pub width: Option<u16>,
}

/// `aima crosswalk ID FILE...` and the report's section: each clause's status.
pub struct CoverageView<'a> {
    pub framework: &'a Framework,
    pub model: &'a Model,
    pub metadata: &'a Metadata,
    pub result: &'a ScoreResult,
    pub clauses: &'a [ClauseStatus<'a>],
    /// The system's place under the EU AI Act, when aima.toml gives it.
    pub act: Option<&'a EuAiAct>,
    /// A section of the report (`##` heading) rather than a document of its own.
    pub section: bool,
    /// The day whose dates in force are shown (`--as-of`, default today).
    pub as_of: Date,
    pub width: Option<u16>,
}

/// `aima crosswalk ID --timeline [FILE...]`: when each group of obligations applies, earliest
/// first, with (for an assessment) the statuses of its clauses and the actions that serve them.
pub struct TimelineView<'a> {
    pub framework: &'a Framework,
    pub as_of: Date,
    /// The statuses of the clauses, when answers files are given.
    pub coverage: Option<&'a [ClauseStatus<'a>]>,
    /// The system's place under the EU AI Act: the clauses that do not apply are left out.
    pub act: Option<&'a EuAiAct>,
    pub width: Option<u16>,
}

/// File text made safe for one terminal line.
fn t(text: &str) -> String {
    terminal_line(text).into_owned()
}

/// A table whose columns wrap to `width` when one is known; the columns in `whole` keep
/// their content's width (short codes and words), so the long text columns take the rest.
fn grid(names: &[&str], whole: &[usize], width: Option<u16>) -> Grid {
    let mut g = Grid::new();
    g.load_style(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(names.iter().map(Cell::new).collect::<Vec<_>>());
    if let Some(w) = width {
        g.set_width(w);
    }
    for &i in whole {
        if let Some(c) = g.column_mut(i) {
            c.set_constraint(ColumnConstraint::ContentWidth);
        }
    }
    g
}

fn title_line(f: &Framework) -> String {
    format!("{} {} ({})", t(&f.name), t(&f.version), t(&f.id))
}

/// The footer on the framework's amendment: whether its dates apply on `as_of` (marked
/// `*`), what `was` means, its reference and source. Empty without an amendment.
fn amendment_lines(f: &Framework, as_of: Date) -> Vec<String> {
    let Some(a) = &f.amendment else {
        return Vec::new();
    };
    let since = a
        .in_force
        .as_deref()
        .map_or_else(String::new, |d| format!(" from {d}"));
    let first = if crate::crosswalk::timeline::amendment_applies(f, as_of) {
        format!(
            "* Dates as the {} sets them ({}{since}): they apply on {as_of}; `was` gives the dates as \
             published where they differ.",
            a.name,
            a.status.as_str()
        )
    } else {
        format!(
            "{} ({}{since}): on {as_of} the dates as published apply; its own are shown after `{}`.",
            a.name,
            a.status.as_str(),
            other_label(f)
        )
    };
    vec![
        first,
        format!("  Reference: {}", a.reference),
        format!("  Source: {}", a.source),
    ]
}

/// The word before the dates of an amendment that does not apply on the day shown.
fn other_label(f: &Framework) -> &'static str {
    match f.amendment.as_ref().map(|a| a.status) {
        Some(crate::crosswalk::AmendmentStatus::InForce) | None => "amended",
        Some(s) => s.as_str(),
    }
}

/// The dates of a clause on one day, one per line: `since D` when in effect, `from D`
/// otherwise (`*` when the amendment set it), then the other dates after `was` (or the
/// amendment's status when it does not apply yet).
fn dates_cell(d: &ClauseDates, f: &Framework, sep: &str) -> String {
    let star = if d.amended() { "*" } else { "" };
    let mut lines: Vec<String> = d
        .applies
        .iter()
        .map(|x| {
            let word = if x.in_effect { "since" } else { "from" };
            format!("{word} {}{star}", x.date)
        })
        .collect();
    if !d.original.is_empty() {
        let label = if d.amended() { "was" } else { other_label(f) };
        lines.extend(d.original.iter().map(|x| format!("{label} {}", x.date)));
    }
    lines.join(sep)
}

fn counts_line(f: &Framework) -> String {
    let c = f.counts();
    format!(
        "{} clauses · {} primary links · {} supporting links · {} not covered by AIMA",
        c.clauses, c.primary, c.supporting, c.not_covered
    )
}

/// Lines of text outside a table, each wrapped to the width when one is set.
fn fit_lines(lay: &Table, text: &str) -> String {
    text.lines().map(|l| lay.fit_line(l)).collect()
}

impl Render<FrameworksView<'_>> for Table {
    fn render(&self, view: &FrameworksView) -> String {
        let lay = self;
        // Under 100 columns the name and version are left out and the headers shortened.
        let narrow = view.width.is_some_and(|w| w < 100);
        let names: &[&str] = if narrow {
            &["Framework", "Clauses", "Primary", "Supp.", "Uncovered"]
        } else {
            &[
                "Framework",
                "Name",
                "Version",
                "Clauses",
                "Primary",
                "Supporting",
                "Not covered",
            ]
        };
        let whole: Vec<usize> = (0..names.len()).filter(|&i| narrow || i != 1).collect();
        let mut g = grid(names, &whole, view.width);
        for f in view.frameworks {
            let c = f.counts();
            let mut row = vec![t(&f.id)];
            if !narrow {
                row.extend([t(&f.name), t(&f.version)]);
            }
            row.extend([c.clauses, c.primary, c.supporting, c.not_covered].map(|n| n.to_string()));
            g.add_row(row);
        }
        let mut out = format!("{g}\n");
        out.push_str(&fit_lines(
            lay,
            &format!(
                "Primary and supporting count links to AIMA practices; not covered counts clauses no AIMA \
             practice can evidence.\n`aima crosswalk ID` shows a framework's clauses, \
             `aima crosswalk ID FILE...` their status for an assessment.\n{DISCLAIMER}"
            ),
        ));
        out
    }
}

impl Render<ClausesView<'_>> for Table {
    fn render(&self, view: &ClausesView) -> String {
        let lay = self;
        let f = view.framework;
        let mut out = fit_lines(lay, &format!("{}\n{}\n", title_line(f), counts_line(f)));
        out.push('\n');
        let table = if view.by_practice {
            practices_grid(view)
        } else {
            clauses_grid(f, view.as_of, view.width)
        };
        let _ = writeln!(out, "{table}");
        for line in amendment_lines(f, view.as_of) {
            out.push_str(&lay.fit_line(&t(&line)));
        }
        out.push_str(&lay.fit_line(&format!("Source: {}", t(&f.source))));
        out.push_str(&lay.fit_line(DISCLAIMER));
        out
    }
}

fn clauses_grid(f: &Framework, as_of: Date, width: Option<u16>) -> Grid {
    let mut g = grid(
        &["Clause", "Title", "Practice", "Strength", "Rationale"],
        &[0, 2, 3],
        width,
    );
    for c in &f.clauses {
        let mut title = t(&c.title);
        if c.not_covered() {
            title.push_str(" (not covered)");
        }
        if let Some(d) = clause_dates(f, c, as_of) {
            let _ = write!(title, "\napplies {}", dates_cell(&d, f, ", "));
        }
        if c.links.is_empty() {
            g.add_row(vec![
                t(&c.id),
                title.clone(),
                "-".into(),
                "-".into(),
                "no AIMA practice".into(),
            ]);
        }
        for (i, l) in c.links.iter().enumerate() {
            let (id, title) = if i == 0 {
                (t(&c.id), title.clone())
            } else {
                (String::new(), String::new())
            };
            g.add_row(vec![
                id,
                title,
                l.practice.clone(),
                l.strength.as_str().to_string(),
                t(&l.rationale),
            ]);
        }
    }
    g
}

fn practices_grid(view: &ClausesView) -> Grid {
    let mut g = grid(
        &["Practice", "Name", "Clause", "Strength", "Rationale"],
        &[0, 2, 3],
        view.width,
    );
    for (_, p) in view.model.practices() {
        let links = practice_links(view.framework, &p.id);
        if links.is_empty() {
            g.add_row(vec![
                p.id.clone(),
                t(&p.name),
                "-".into(),
                "-".into(),
                "no link".into(),
            ]);
        }
        for (i, (clause, strength, rationale)) in links.iter().enumerate() {
            let (id, name) = if i == 0 {
                (p.id.clone(), t(&p.name))
            } else {
                (String::new(), String::new())
            };
            g.add_row(vec![
                id,
                name,
                t(clause),
                strength.as_str().to_string(),
                t(rationale),
            ]);
        }
    }
    g
}

/// The links to practice `id`: (clause, strength, rationale), primary links first.
pub fn practice_links<'f>(f: &'f Framework, id: &str) -> Vec<(&'f str, Strength, &'f str)> {
    let mut links: Vec<_> = f
        .clauses
        .iter()
        .flat_map(|c| {
            c.links
                .iter()
                .filter(move |l| l.practice == id)
                .map(move |l| (c.id.as_str(), l.strength, l.rationale.as_str()))
        })
        .collect();
    links.sort_by_key(|(_, s, _)| *s != Strength::Primary);
    links
}

/// `3 with practices at target · 1 partial · …`: counts of clauses, never "met".
pub fn status_summary(clauses: &[ClauseStatus]) -> String {
    Summary::of(clauses).line()
}

fn practice_cell(c: &ClauseStatus) -> Vec<String> {
    c.practices
        .iter()
        .map(|p| {
            if p.is_question() {
                // A question: met or not.
                return format!("{} {}", p.id, p.label);
            }
            let mut s = format!("{} {} → {}", p.id, p.label, p.target);
            if p.gap > 0 {
                let _ = write!(s, " (gap {})", p.gap);
            }
            if p.unanswered > 0 {
                let _ = write!(s, " ({} unanswered)", p.unanswered);
            }
            s
        })
        .collect()
}

const TARGET_NOTE: &str = "Targets: each primary practice's target from the answers files, --target, --profile \
    or aima.toml, else level 2, and never less than level 2 (level 1 is informal practice, not evidence). A stream \
    is compared by its level, a question by being answered yes. Not-applicable practices are left out.";

/// The system's EU AI Act place, or the note that it is not set, for frameworks whose
/// clauses say whom they apply to.
fn applicability_line(f: &Framework, act: Option<&EuAiAct>) -> Option<String> {
    if !f.has_applicability() {
        return None;
    }
    Some(match act {
        Some(a) => {
            let mut line = format!(
                "Applicability: role {}, risk {}, gpai {}",
                role_word(a.role),
                risk_word(a.risk),
                gpai_word(a.gpai)
            );
            if let Some(annex) = &a.annex {
                let _ = write!(line, ", annex {}", t(annex));
            }
            line.push_str(" (aima.toml); clauses that do not apply are listed apart.");
            line
        }
        None => "Applicability is not set: every clause is shown, whether or not it applies to this system; \
                 set eu_ai_act = { role, risk, gpai } for the system in aima.toml."
            .to_string(),
    })
}

impl Render<CoverageView<'_>> for Table {
    fn render(&self, view: &CoverageView) -> String {
        let lay = self;
        let f = view.framework;
        let mut out = lay.fit_line(&format!("Crosswalk: {}", title_line(f)));
        if let Some(line) = metadata_line(view.metadata) {
            out.push_str(&lay.fit_line(&line));
        }
        out.push_str(&fit_lines(
            lay,
            &format!(
                "Model {} · {}\nClauses: {}",
                view.result.model,
                completeness(view.result),
                status_summary(view.clauses)
            ),
        ));
        if let Some(line) = own_line(view.clauses) {
            out.push_str(&lay.fit_line(&line));
        }
        if let Some(line) = applicability_line(f, view.act) {
            out.push_str(&lay.fit_line(&line));
        }
        out.push('\n');
        let _ = writeln!(out, "{}", coverage_grid(view));
        let _ = write!(out, "{}", excluded_table(lay, view));
        out.push_str(&fit_lines(lay, &format!(
            "{TARGET_NOTE}\nActions: the questions to answer yes to close the gaps (`aima model CODE` shows each).\n\
             Not covered: no AIMA practice is a primary link, so AIMA alone cannot evidence the clause."
        )));
        if has_own(view.clauses) {
            out.push_str(&lay.fit_line(OWN_NOTE));
            out.push_str(&own_lines(lay, view));
        }
        if f.has_dates() {
            out.push_str(&lay.fit_line(&format!(
                "Applies: the dates in force on {}: `since` when the obligation applies on that day, `from` when \
                 it applies later (--as-of DATE for another day; --timeline lists them by date).",
                view.as_of
            )));
        }
        for line in amendment_lines(f, view.as_of) {
            out.push_str(&lay.fit_line(&t(&line)));
        }
        out.push_str(&lay.fit_line(DISCLAIMER));
        out
    }
}

/// What the Own evidence column says.
const OWN_NOTE: &str = "Own evidence (`own:`): the organisation's own answer for a clause (`clauses:` in the \
    answers files), shown beside the status, which it does not change: the status says only how the linked \
    AIMA practices stand.";

fn has_own(clauses: &[ClauseStatus]) -> bool {
    clauses.iter().any(|c| c.own.is_some())
}

/// `Own evidence: 3 clauses (2 of them not at target)`, when the files give any.
fn own_line(clauses: &[ClauseStatus]) -> Option<String> {
    let with: Vec<&ClauseStatus> = clauses.iter().filter(|c| c.own.is_some()).collect();
    if with.is_empty() {
        return None;
    }
    let below = with.iter().filter(|c| c.status != Status::AtTarget).count();
    Some(format!(
        "Own evidence: {} clause{} ({below} of them not at target)",
        with.len(),
        if with.len() == 1 { "" } else { "s" }
    ))
}

/// The organisation's own answer in a cell: the word, the note, the evidence count.
fn own_cell(own: Option<&Answer>, sep: &str, esc: fn(&str) -> String) -> String {
    let Some(a) = own else {
        return String::new();
    };
    let mut parts = vec![a.word.map_or("unanswered", |w| w.as_str()).to_string()];
    if let Some(reason) = &a.reason {
        parts.push(esc(reason));
    }
    if let Some(note) = &a.note {
        parts.push(esc(note));
    }
    parts.extend(a.evidence.iter().map(|e| esc(&e.reference)));
    parts.join(sep)
}

/// The clauses that apply (all of them when applicability is not set).
fn applying<'v>(view: &'v CoverageView) -> impl Iterator<Item = &'v ClauseStatus<'v>> {
    view.clauses.iter().filter(|c| c.status != Status::DoesNotApply)
}

/// Under this many columns the coverage table leaves out the clause titles
/// (`aima crosswalk ID` shows them).
const NARROW: u16 = 100;

fn coverage_grid(view: &CoverageView) -> Grid {
    let f = view.framework;
    let dated = f.has_dates();
    let narrow = view.width.is_some_and(|w| w < NARROW);
    let mut names = vec!["Clause"];
    if !narrow {
        names.push("Title");
    }
    if dated {
        names.push("Applies");
    }
    names.extend(["Status", "Primary links (level → target)", "Actions"]);
    // The clause, the dates and the status keep their width.
    let whole: Vec<usize> = (0..names.len())
        .filter(|&i| matches!(names[i], "Clause" | "Applies" | "Status"))
        .collect();
    let mut g = grid(&names, &whole, view.width);
    for c in applying(view) {
        let mut cells = vec![t(&c.clause.id)];
        if !narrow {
            cells.push(t(&c.clause.title));
        }
        if dated {
            let cell =
                clause_dates(f, c.clause, view.as_of).map_or_else(String::new, |d| dates_cell(&d, f, "\n"));
            cells.push(cell);
        }
        let mut status = c.status.as_str().to_string();
        if let Some(own) = c.own {
            let _ = write!(status, "\nown: {}", own.word.map_or("unanswered", |w| w.as_str()));
        }
        cells.extend([status, practice_cell(c).join("\n"), c.actions().join(" ")]);
        g.add_row(cells);
    }
    g
}

/// The organisation's own evidence, one line per clause, under the table.
fn own_lines(lay: &Table, view: &CoverageView) -> String {
    view.clauses
        .iter()
        .filter_map(|c| {
            let own = c.own?;
            Some(lay.fit_line(&format!(
                "  {}: {}",
                t(&c.clause.id),
                own_cell(Some(own), " · ", t)
            )))
        })
        .collect()
}

/// The clauses that do not apply to the system, with the reason; empty when none.
fn excluded_table(lay: &Table, view: &CoverageView) -> String {
    let excluded: Vec<&ClauseStatus> = view
        .clauses
        .iter()
        .filter(|c| c.status == Status::DoesNotApply)
        .collect();
    if excluded.is_empty() {
        return String::new();
    }
    let mut g = grid(&["Clause", "Title", "Does not apply because"], &[0], view.width);
    for c in excluded {
        g.add_row(vec![
            t(&c.clause.id),
            t(&c.clause.title),
            c.reason().unwrap_or_default().to_string(),
        ]);
    }
    format!("{}{g}\n", lay.fit_line("Does not apply to this system:"))
}

impl Render<FrameworksView<'_>> for Markdown {
    fn render(&self, view: &FrameworksView) -> String {
        let mut out = String::from("# Crosswalks\n\n");
        out.push_str(&header(
            &[
                "Framework",
                "Name",
                "Version",
                "Clauses",
                "Primary links",
                "Supporting links",
                "Not covered",
            ],
            &[3, 4, 5, 6],
        ));
        for f in view.frameworks {
            let c = f.counts();
            out.push_str(&row(&[
                format!("`{}`", md(&f.id)),
                md(&f.name),
                md(&f.version),
                c.clauses.to_string(),
                c.primary.to_string(),
                c.supporting.to_string(),
                c.not_covered.to_string(),
            ]));
        }
        let _ = writeln!(out, "\n_{DISCLAIMER}_");
        out
    }
}

/// The Markdown cells of a clause's dates on `as_of`: those that apply (with their scope),
/// and the other dates where they differ.
fn md_date_cells(f: &Framework, c: &Clause, as_of: Date, scoped: bool) -> [String; 2] {
    let Some(d) = clause_dates(f, c, as_of) else {
        return [String::new(), String::new()];
    };
    let star = if d.amended() { "*" } else { "" };
    let applies = d
        .applies
        .iter()
        .map(|x| {
            let word = if x.in_effect { "since" } else { "from" };
            if scoped {
                format!("{word} {}{star} ({})", x.date, md(&x.scope))
            } else {
                format!("{word} {}{star}", x.date)
            }
        })
        .collect::<Vec<_>>()
        .join("<br>");
    let other = if d.original.is_empty() {
        "same".to_string()
    } else if scoped {
        md_dates(&d.original)
    } else {
        let dates: Vec<&str> = d.original.iter().map(|x| x.date.as_str()).collect();
        dates.join("<br>")
    };
    [applies, other]
}

fn md_dates(list: &[crate::crosswalk::Dated]) -> String {
    list.iter()
        .map(|d| format!("{} ({})", d.date, md(&d.scope)))
        .collect::<Vec<_>>()
        .join("<br>")
}

fn md_intro(out: &mut String, f: &Framework, level: &str, as_of: Date) {
    let _ = writeln!(out, "{level} {} {}\n", md(&f.name), md(&f.version));
    let _ = writeln!(out, "Framework `{}` · {}\n", md(&f.id), counts_line(f));
    let _ = writeln!(out, "Source: {}\n", md(&f.source));
    for line in amendment_lines(f, as_of) {
        let _ = writeln!(out, "{}\n", md(line.trim()));
    }
}

impl Render<ClausesView<'_>> for Markdown {
    fn render(&self, view: &ClausesView) -> String {
        let f = view.framework;
        let mut out = String::new();
        md_intro(&mut out, f, "#", view.as_of);
        if view.by_practice {
            out.push_str(&header(&["Practice", "Clause", "Strength", "Rationale"], &[]));
            for (_, p) in view.model.practices() {
                let links = practice_links(f, &p.id);
                if links.is_empty() {
                    out.push_str(&row(&[
                        format!("{} {}", p.id, md(&p.name)),
                        "-".into(),
                        "-".into(),
                        "no link".into(),
                    ]));
                }
                for (clause, strength, rationale) in links {
                    out.push_str(&row(&[
                        format!("{} {}", p.id, md(&p.name)),
                        md(clause),
                        strength.as_str().to_string(),
                        md(rationale),
                    ]));
                }
            }
        } else {
            clauses_md(&mut out, f, view.as_of);
        }
        let _ = writeln!(out, "\n_{DISCLAIMER}_");
        out
    }
}

fn clauses_md(out: &mut String, f: &Framework, as_of: Date) {
    let dated = f.has_dates();
    let mut names = vec!["Clause", "Title"];
    if dated {
        names.extend(["Applies", "As published"]);
    }
    names.push("Links");
    out.push_str(&header(&names, &[]));
    for c in &f.clauses {
        let mut title = md(&c.title);
        if let Some(note) = &c.note {
            let _ = write!(title, "<br>_{}_", md(note));
        }
        let mut cells = vec![md(&c.id), title];
        if dated {
            cells.extend(md_date_cells(f, c, as_of, true));
        }
        let mut links: Vec<String> = c
            .links
            .iter()
            .map(|l| format!("{} {}: {}", l.practice, l.strength.as_str(), md(&l.rationale)))
            .collect();
        if c.not_covered() {
            links.insert(0, "**not covered**".to_string());
        }
        cells.push(links.join("<br>"));
        out.push_str(&row(&cells));
    }
}

impl Render<CoverageView<'_>> for Markdown {
    fn render(&self, view: &CoverageView) -> String {
        let f = view.framework;
        let mut out = String::new();
        let level = if view.section { "##" } else { "#" };
        let _ = writeln!(out, "{level} Crosswalk: {} {}\n", md(&f.name), md(&f.version));
        if let Some(line) = metadata_line(view.metadata).filter(|_| !view.section) {
            let _ = writeln!(out, "{}\n", md(&line));
        }
        let _ = writeln!(out, "_{DISCLAIMER}_\n");
        let _ = writeln!(
            out,
            "Framework `{}` · model {} · {}. Clauses: {}.\n",
            md(&f.id),
            md(&view.result.model),
            completeness(view.result),
            status_summary(view.clauses)
        );
        if let Some(line) = applicability_line(f, view.act) {
            let _ = writeln!(out, "{}\n", md(&line));
        }
        if let Some(line) = own_line(view.clauses) {
            let _ = writeln!(out, "{}\n", md(&line));
        }
        coverage_md(&mut out, view);
        excluded_md(&mut out, view);
        let dated = f.has_dates();
        let _ = writeln!(
            out,
            "\n{TARGET_NOTE} A clause is *at target* when everything its primary links name reaches its target, \
             *partial* when some does, *below target* when none does, *unassessed* when something a primary link \
             names has unanswered questions, *not covered* when no AIMA practice is a primary link (AIMA alone \
             cannot evidence it), and *does not apply* when the system's role, risk class or GPAI tier is outside \
             the clause's scope.{}{}\n\nSource: {}",
            if has_own(view.clauses) {
                format!(" {OWN_NOTE}")
            } else {
                String::new()
            },
            if dated {
                format!(
                    " *Applies*: the dates in force on {}, `since` when the obligation applies on that day, `from` \
                     when it applies later; *As published*: the original dates where they differ. `aima crosswalk \
                     ID --timeline` lists them by date.",
                    view.as_of
                )
            } else {
                String::new()
            },
            md(&f.source)
        );
        for line in amendment_lines(f, view.as_of) {
            let _ = writeln!(out, "\n{}", md(line.trim()));
        }
        out
    }
}

fn coverage_md(out: &mut String, view: &CoverageView) {
    let f = view.framework;
    let dated = f.has_dates();
    let own = has_own(view.clauses);
    let mut names = vec!["Clause", "Title"];
    if dated {
        names.extend(["Applies", "As published"]);
    }
    names.extend(["Status", "Primary links (level → target)", "Actions"]);
    if own {
        names.push("Own evidence");
    }
    out.push_str(&header(&names, &[]));
    for c in applying(view) {
        let mut cells = vec![md(&c.clause.id), md(&c.clause.title)];
        if dated {
            cells.extend(md_date_cells(f, c.clause, view.as_of, false));
        }
        cells.extend([
            format!("**{}**", c.status.as_str()),
            practice_cell(c).join("<br>"),
            c.actions().join(" "),
        ]);
        if own {
            cells.push(own_md(c.own));
        }
        out.push_str(&row(&cells));
    }
}

/// The organisation's own answer in Markdown: word, reason, note and each evidence item.
fn own_md(own: Option<&Answer>) -> String {
    own_cell(own, "<br>", md)
}

fn excluded_md(out: &mut String, view: &CoverageView) {
    let excluded: Vec<&ClauseStatus> = view
        .clauses
        .iter()
        .filter(|c| c.status == Status::DoesNotApply)
        .collect();
    if excluded.is_empty() {
        return;
    }
    out.push_str("\n**Does not apply to this system:**\n\n");
    out.push_str(&header(&["Clause", "Title", "Does not apply because"], &[]));
    for c in excluded {
        out.push_str(&row(&[
            md(&c.clause.id),
            md(&c.clause.title),
            md(c.reason().unwrap_or_default()),
        ]));
    }
}

mod json {
    //! The JSON of `aima crosswalk`: typed structs with the keys docs/json-output.md lists (extra keys are
    //! additions it allows).

    use schemars::JsonSchema;
    use serde::Serialize;

    use super::{
        ClausesView, CoverageView, FrameworksView, TimelineView, applicability_line, practice_links,
    };
    use crate::config::EuAiAct;
    use crate::crosswalk::status::{Status, Summary};
    use crate::crosswalk::timeline::{ClauseDates, amendment_applies, clause_dates};
    use crate::crosswalk::{Amendment, Applies, DISCLAIMER, Dated, Framework, Strength};
    use crate::render::json::OwnEvidenceJson;

    /// Any JSON output of `aima crosswalk`.
    #[derive(Serialize, JsonSchema)]
    #[serde(untagged)]
    pub enum CrosswalkJson {
        Frameworks(FrameworksJson),
        Clauses(ClausesJson),
        Practices(PracticesJson),
        Coverage(CoverageJson),
        Timeline(TimelineJson),
    }

    /// The framework's amendment, and whether its dates apply on the day shown.
    #[derive(Serialize, JsonSchema)]
    struct AmendmentJson {
        #[serde(flatten)]
        amendment: Amendment,
        /// True when its dates are those in force on `as_of`.
        applies: bool,
    }

    fn amendment_json(f: &Framework, as_of: crate::answers::Date) -> Option<AmendmentJson> {
        f.amendment.clone().map(|amendment| AmendmentJson {
            amendment,
            applies: amendment_applies(f, as_of),
        })
    }

    /// The JSON Schema of `aima crosswalk --format json`, for `aima schema crosswalk`.
    pub fn schema() -> serde_json::Value {
        crate::render::json::schema_of::<CrosswalkJson>()
    }

    #[derive(Serialize, JsonSchema)]
    pub struct FrameworksJson {
        frameworks: Vec<FrameworkJson>,
        notice: &'static str,
    }

    #[derive(Serialize, JsonSchema)]
    struct FrameworkJson {
        id: String,
        name: String,
        version: String,
        /// Number of clauses.
        clauses: usize,
        /// Number of links (primary and supporting).
        links: usize,
        primary: usize,
        supporting: usize,
        not_covered: usize,
        source: String,
        license: String,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct ClausesJson {
        framework: String,
        version: String,
        name: String,
        source: String,
        license: String,
        attribution: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        amendment: Option<AmendmentJson>,
        /// The day whose dates in force `application` gives (YYYY-MM-DD).
        as_of: String,
        clauses: Vec<ClauseJson>,
        notice: &'static str,
    }

    #[derive(Serialize, JsonSchema)]
    struct ClauseJson {
        id: String,
        title: String,
        links: Vec<LinkJson>,
        covered: bool,
        /// Whom the clause applies to (EU AI Act role, risk class, GPAI tier).
        #[serde(skip_serializing_if = "Option::is_none")]
        applies: Option<Applies>,
        /// When it applies, as published.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        dates: Vec<Dated>,
        #[serde(skip_serializing_if = "Vec::is_empty")]
        amended: Vec<Dated>,
        /// The dates in force on `as_of`, and the originals where they differ.
        #[serde(skip_serializing_if = "Option::is_none")]
        application: Option<ClauseDates>,
        #[serde(skip_serializing_if = "Option::is_none")]
        note: Option<String>,
    }

    #[derive(Serialize, JsonSchema)]
    struct LinkJson {
        practice: String,
        strength: Strength,
        rationale: String,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct PracticesJson {
        framework: String,
        version: String,
        practices: Vec<PracticeLinksJson>,
        notice: &'static str,
    }

    #[derive(Serialize, JsonSchema)]
    struct PracticeLinksJson {
        id: String,
        name: String,
        links: Vec<ClauseLinkJson>,
    }

    #[derive(Serialize, JsonSchema)]
    struct ClauseLinkJson {
        clause: String,
        strength: Strength,
        rationale: String,
    }

    #[derive(Serialize, JsonSchema)]
    pub struct CoverageJson {
        framework: String,
        version: String,
        model: String,
        complete: bool,
        /// Clauses per status (never "met": counts of clauses whose practices are at target).
        summary: Summary,
        clauses: Vec<ClauseStatusJson>,
        /// The system's `eu_ai_act` from aima.toml, when set.
        #[serde(skip_serializing_if = "Option::is_none")]
        eu_ai_act: Option<EuAiAct>,
        /// How applicability was decided (or that it is not set).
        #[serde(skip_serializing_if = "Option::is_none")]
        applicability: Option<String>,
        /// The day whose dates in force each clause's `application` gives (YYYY-MM-DD).
        as_of: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        amendment: Option<AmendmentJson>,
        notice: &'static str,
    }

    #[derive(Serialize, JsonSchema)]
    struct ClauseStatusJson {
        id: String,
        title: String,
        status: Status,
        practices: Vec<PracticeStatusJson>,
        /// Question codes to answer yes to close the gaps.
        actions: Vec<String>,
        /// Why the clause does not apply to the system (status `does not apply`).
        #[serde(skip_serializing_if = "Option::is_none")]
        reason: Option<String>,
        /// The dates in force on `as_of`, and the originals where they differ.
        #[serde(skip_serializing_if = "Option::is_none")]
        application: Option<ClauseDates>,
        /// The organisation's own evidence for the clause (`clauses:`), beside the status,
        /// which it does not change.
        #[serde(skip_serializing_if = "Option::is_none")]
        own: Option<OwnEvidenceJson>,
    }

    #[derive(Serialize, JsonSchema)]
    struct PracticeStatusJson {
        id: String,
        label: String,
        target: u8,
        gap: u8,
        name: String,
        unanswered: usize,
        actions: Vec<String>,
    }

    pub fn frameworks(view: &FrameworksView) -> FrameworksJson {
        FrameworksJson {
            frameworks: view
                .frameworks
                .iter()
                .map(|f| {
                    let c = f.counts();
                    FrameworkJson {
                        id: f.id.clone(),
                        name: f.name.clone(),
                        version: f.version.clone(),
                        clauses: c.clauses,
                        links: c.primary + c.supporting,
                        primary: c.primary,
                        supporting: c.supporting,
                        not_covered: c.not_covered,
                        source: f.source.clone(),
                        license: f.license.clone(),
                    }
                })
                .collect(),
            notice: DISCLAIMER,
        }
    }

    pub fn clauses(view: &ClausesView) -> ClausesJson {
        let f = view.framework;
        ClausesJson {
            framework: f.id.clone(),
            version: f.version.clone(),
            name: f.name.clone(),
            source: f.source.clone(),
            license: f.license.clone(),
            attribution: f.attribution.clone(),
            amendment: amendment_json(f, view.as_of),
            as_of: view.as_of.to_string(),
            clauses: f
                .clauses
                .iter()
                .map(|c| ClauseJson {
                    id: c.id.clone(),
                    title: c.title.clone(),
                    links: c
                        .links
                        .iter()
                        .map(|l| LinkJson {
                            practice: l.practice.clone(),
                            strength: l.strength,
                            rationale: l.rationale.clone(),
                        })
                        .collect(),
                    covered: !c.not_covered(),
                    applies: c.applies.clone(),
                    dates: c.dates.clone(),
                    amended: c.amended.clone(),
                    application: clause_dates(f, c, view.as_of),
                    note: c.note.clone(),
                })
                .collect(),
            notice: DISCLAIMER,
        }
    }

    pub fn practices(view: &ClausesView) -> PracticesJson {
        let f = view.framework;
        PracticesJson {
            framework: f.id.clone(),
            version: f.version.clone(),
            practices: view
                .model
                .practices()
                .map(|(_, p)| PracticeLinksJson {
                    id: p.id.clone(),
                    name: p.name.clone(),
                    links: practice_links(f, &p.id)
                        .into_iter()
                        .map(|(clause, strength, rationale)| ClauseLinkJson {
                            clause: clause.to_string(),
                            strength,
                            rationale: rationale.to_string(),
                        })
                        .collect(),
                })
                .collect(),
            notice: DISCLAIMER,
        }
    }

    pub fn coverage(view: &CoverageView) -> CoverageJson {
        CoverageJson {
            framework: view.framework.id.clone(),
            version: view.framework.version.clone(),
            model: view.result.model.clone(),
            complete: view.result.complete(),
            summary: Summary::of(view.clauses),
            eu_ai_act: view.act.cloned(),
            applicability: applicability_line(view.framework, view.act),
            as_of: view.as_of.to_string(),
            amendment: amendment_json(view.framework, view.as_of),
            clauses: view
                .clauses
                .iter()
                .map(|c| ClauseStatusJson {
                    id: c.clause.id.clone(),
                    title: c.clause.title.clone(),
                    status: c.status,
                    practices: c
                        .practices
                        .iter()
                        .map(|p| PracticeStatusJson {
                            id: p.id.clone(),
                            label: p.label.clone(),
                            target: p.target,
                            gap: p.gap,
                            name: p.result.name.clone(),
                            unanswered: p.unanswered,
                            actions: if p.meets() { Vec::new() } else { p.actions.clone() },
                        })
                        .collect(),
                    actions: c.actions().into_iter().map(str::to_string).collect(),
                    reason: c.reason().map(str::to_string),
                    application: clause_dates(view.framework, c.clause, view.as_of),
                    own: c
                        .own
                        .map(|a| OwnEvidenceJson::new(&format!("{}:{}", view.framework.id, c.clause.id), a)),
                })
                .collect(),
            notice: DISCLAIMER,
        }
    }

    /// `aima crosswalk ID --timeline [FILE...] --format json`.
    #[derive(Serialize, JsonSchema)]
    pub struct TimelineJson {
        framework: String,
        version: String,
        /// The day whose dates in force are listed (YYYY-MM-DD).
        as_of: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        amendment: Option<AmendmentJson>,
        #[serde(skip_serializing_if = "Option::is_none")]
        eu_ai_act: Option<EuAiAct>,
        #[serde(skip_serializing_if = "Option::is_none")]
        applicability: Option<String>,
        /// Earliest first.
        timeline: Vec<MilestoneJson>,
        notice: &'static str,
    }

    #[derive(Serialize, JsonSchema)]
    struct MilestoneJson {
        /// From when the obligations apply (YYYY-MM-DD).
        date: String,
        /// True when `date` is on or before `as_of`.
        in_effect: bool,
        /// True when the date is the amendment's.
        amended: bool,
        /// The date it replaced where they differ (when `amended`: the published date; else
        /// the amendment's, which does not apply yet).
        original: Vec<String>,
        /// Whom or what the date concerns.
        scope: String,
        clauses: Vec<MilestoneClauseJson>,
        /// With answers files: the questions to answer yes for these clauses that no earlier
        /// date lists.
        #[serde(skip_serializing_if = "Option::is_none")]
        actions: Option<Vec<String>>,
    }

    #[derive(Serialize, JsonSchema)]
    struct MilestoneClauseJson {
        id: String,
        title: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        status: Option<Status>,
    }

    pub(super) fn timeline(view: &TimelineView, groups: &[super::Group]) -> TimelineJson {
        TimelineJson {
            framework: view.framework.id.clone(),
            version: view.framework.version.clone(),
            as_of: view.as_of.to_string(),
            amendment: amendment_json(view.framework, view.as_of),
            eu_ai_act: view.act.cloned(),
            applicability: super::timeline_applicability(view.framework, view.act),
            timeline: groups
                .iter()
                .map(|g| MilestoneJson {
                    date: g.date.clone(),
                    in_effect: g.in_effect,
                    amended: g.amended,
                    original: g.original.clone(),
                    scope: g.scope.clone(),
                    clauses: g
                        .clauses
                        .iter()
                        .map(|(c, s)| MilestoneClauseJson {
                            id: c.id.clone(),
                            title: c.title.clone(),
                            status: *s,
                        })
                        .collect(),
                    actions: view.coverage.map(|_| g.actions.clone()),
                })
                .collect(),
            notice: DISCLAIMER,
        }
    }

    /// Pretty JSON of any serialisable output, with a final newline.
    pub fn text<T: Serialize>(value: &T) -> String {
        super::to_text(&serde_json::to_value(value).unwrap_or_default())
    }
}

impl Render<FrameworksView<'_>> for Json {
    fn render(&self, view: &FrameworksView) -> String {
        json::text(&json::frameworks(view))
    }
}

impl Render<ClausesView<'_>> for Json {
    fn render(&self, view: &ClausesView) -> String {
        if view.by_practice {
            json::text(&json::practices(view))
        } else {
            json::text(&json::clauses(view))
        }
    }
}

impl Render<CoverageView<'_>> for Json {
    fn render(&self, view: &CoverageView) -> String {
        json::text(&json::coverage(view))
    }
}

/// One row of a timeline: a date in force and the clauses that apply from it to one scope,
/// with the actions that serve them and no earlier row.
struct Group<'a> {
    date: String,
    in_effect: bool,
    /// Whether the date is the amendment's.
    amended: bool,
    /// The published date(s) it replaced, where they differ.
    original: Vec<String>,
    scope: String,
    clauses: Vec<(&'a Clause, Option<Status>)>,
    actions: Vec<String>,
}

/// The timeline's rows, earliest first; the clauses that do not apply to the system are left out.
fn groups<'a>(view: &'a TimelineView) -> Vec<Group<'a>> {
    use crate::crosswalk::status::{Applicability, applicability};
    let f = view.framework;
    let mut out: Vec<Group> = Vec::new();
    for clause in &f.clauses {
        if matches!(
            applicability(clause.applies.as_ref(), view.act),
            Applicability::DoesNotApply(_)
        ) {
            continue;
        }
        let Some(d) = clause_dates(f, clause, view.as_of) else {
            continue;
        };
        let status = view.coverage.and_then(|all| {
            all.iter()
                .find(|c| std::ptr::eq(c.clause, clause))
                .map(|c| c.status)
        });
        // A date and the one it replaced, when both lists give the same scopes in order.
        let other = if d.amended() {
            &clause.dates
        } else {
            &clause.amended
        };
        let paired = clause.dates.len() == clause.amended.len();
        for (i, x) in d.applies.iter().enumerate() {
            let original: Vec<String> = match other.get(i) {
                Some(o) if paired && o.date != x.date => vec![o.date.clone()],
                _ => Vec::new(),
            };
            match out.iter_mut().find(|g| g.date == x.date && g.scope == x.scope) {
                Some(g) => g.clauses.push((clause, status)),
                None => out.push(Group {
                    date: x.date.clone(),
                    in_effect: x.in_effect,
                    amended: d.amended(),
                    original,
                    scope: x.scope.clone(),
                    clauses: vec![(clause, status)],
                    actions: Vec::new(),
                }),
            }
        }
    }
    out.sort_by(|a, b| a.date.cmp(&b.date));
    if let Some(all) = view.coverage {
        assign_actions(&mut out, all);
    }
    out
}

/// Each action of the clauses, in the first (earliest) row that serves it, once.
fn assign_actions(groups: &mut [Group], all: &[ClauseStatus]) {
    let mut seen: Vec<&str> = Vec::new();
    for g in groups {
        for (clause, _) in &g.clauses {
            let Some(c) = all.iter().find(|c| std::ptr::eq(c.clause, *clause)) else {
                continue;
            };
            for a in c.actions() {
                if !seen.contains(&a) {
                    seen.push(a);
                    g.actions.push(a.to_string());
                }
            }
        }
    }
}

fn group_date(g: &Group, f: &Framework, sep: &str) -> String {
    let mut out = format!("{}{}", g.date, if g.amended { "*" } else { "" });
    if !g.original.is_empty() {
        let label = if g.amended { "was" } else { other_label(f) };
        let _ = write!(out, "{sep}{label} {}", g.original.join(", "));
    }
    if g.in_effect {
        let _ = write!(out, "{sep}in effect");
    }
    out
}

fn group_clauses(g: &Group, sep: &str, esc: fn(&str) -> String) -> String {
    g.clauses
        .iter()
        .map(|(c, s)| match s {
            Some(s) => format!("{}: {}", esc(&c.id), s.as_str()),
            None => esc(&c.id),
        })
        .collect::<Vec<_>>()
        .join(sep)
}

/// The applicability line of a timeline, which leaves out the clauses that do not apply.
fn timeline_applicability(f: &Framework, act: Option<&EuAiAct>) -> Option<String> {
    applicability_line(f, act).map(|l| l.replace("are listed apart", "are left out"))
}

const TIMELINE_NOTE: &str = "Each row: the date from which a group of obligations applies, whom it concerns and \
    its clauses, earliest first; `in effect` when it applies on the day shown.";

impl Render<TimelineView<'_>> for Table {
    fn render(&self, view: &TimelineView) -> String {
        let lay = self;
        let f = view.framework;
        let mut out = lay.fit_line(&format!("Timeline: {} on {}", title_line(f), view.as_of));
        if let Some(line) = timeline_applicability(f, view.act) {
            out.push_str(&lay.fit_line(&line));
        }
        out.push('\n');
        let mut names = vec!["Applies from", "To", "Clauses"];
        if view.coverage.is_some() {
            names.push("Actions");
        }
        let mut g = grid(&names, &[0], view.width);
        for group in groups(view) {
            let mut cells = vec![
                group_date(&group, f, "\n"),
                t(&group.scope),
                group_clauses(&group, "\n", t),
            ];
            if view.coverage.is_some() {
                cells.push(group.actions.join(" "));
            }
            g.add_row(cells);
        }
        let _ = writeln!(out, "{g}");
        out.push_str(&lay.fit_line(TIMELINE_NOTE));
        if view.coverage.is_some() {
            out.push_str(&lay.fit_line(
                "Actions: the questions to answer yes for those clauses, each at the earliest date it serves.",
            ));
        }
        for line in amendment_lines(f, view.as_of) {
            out.push_str(&lay.fit_line(&t(&line)));
        }
        out.push_str(&lay.fit_line(DISCLAIMER));
        out
    }
}

impl Render<TimelineView<'_>> for Markdown {
    fn render(&self, view: &TimelineView) -> String {
        let f = view.framework;
        let mut out = format!(
            "# Timeline: {} {} on {}\n\n",
            md(&f.name),
            md(&f.version),
            view.as_of
        );
        let _ = writeln!(out, "_{DISCLAIMER}_\n");
        if let Some(line) = timeline_applicability(f, view.act) {
            let _ = writeln!(out, "{}\n", md(&line));
        }
        let mut names = vec!["Applies from", "To", "Clauses"];
        if view.coverage.is_some() {
            names.push("Actions");
        }
        out.push_str(&header(&names, &[]));
        for group in groups(view) {
            let mut cells = vec![
                group_date(&group, f, "<br>"),
                md(&group.scope),
                group_clauses(&group, "<br>", md),
            ];
            if view.coverage.is_some() {
                cells.push(group.actions.join(" "));
            }
            out.push_str(&row(&cells));
        }
        let _ = writeln!(out, "\n{TIMELINE_NOTE}");
        for line in amendment_lines(f, view.as_of) {
            let _ = writeln!(out, "\n{}", md(line.trim()));
        }
        out
    }
}

impl Render<TimelineView<'_>> for Json {
    fn render(&self, view: &TimelineView) -> String {
        json::text(&json::timeline(view, &groups(view)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schema_describes_every_json_shape() {
        let schema = schema();
        let shapes = schema["anyOf"].as_array().expect("one schema per output");
        assert_eq!(shapes.len(), 5);
        let required: Vec<Vec<&str>> = shapes
            .iter()
            .map(|s| {
                let name = s["$ref"]
                    .as_str()
                    .expect("a reference")
                    .rsplit('/')
                    .next()
                    .expect("name");
                schema["$defs"][name]["required"]
                    .as_array()
                    .expect("required keys")
                    .iter()
                    .map(|k| k.as_str().expect("key"))
                    .collect()
            })
            .collect();
        assert_eq!(required[0], ["frameworks", "notice"]);
        assert!(required[1].starts_with(&["framework", "version"]) && required[1].contains(&"clauses"));
        assert!(required[2].contains(&"practices"));
        assert!(required[3].contains(&"summary") && required[3].contains(&"clauses"));
        assert!(required[4].contains(&"timeline") && required[4].contains(&"as_of"));
        let status = &schema["$defs"]["Status"];
        let words: Vec<&str> = status["enum"]
            .as_array()
            .or_else(|| status["oneOf"].as_array())
            .expect("the status words")
            .iter()
            .filter_map(|v| v.as_str().or_else(|| v["const"].as_str()))
            .collect();
        assert_eq!(
            words,
            [
                "at target",
                "partial",
                "below target",
                "unassessed",
                "not covered",
                "does not apply"
            ]
        );
    }
}
