//! `portfolio` and `trend` outputs: table, JSON (serde structs, with their JSON Schema),
//! Markdown and CSV. The charts are in [`super::charts`].

use std::fmt::Write as _;

use schemars::JsonSchema;
use serde::Serialize;

use super::table::TableBuilder;
use super::text::md;
use super::{Json, Markdown, Render, Table};
use crate::model::Model;
use crate::portfolio::{Portfolio, Scored, SystemRow, Trend, arrow};
use crate::score::{Rating, ScoreResult};

pub use super::charts::{heatmap, line_chart};

/// The portfolio, as `aima portfolio` shows it.
pub struct PortfolioView<'a> {
    pub model: &'a Model,
    pub portfolio: &'a Portfolio,
    /// The heatmap's file name, linked from the Markdown (with `-o`).
    pub chart: Option<&'a str>,
    /// The aima.toml used, as shown.
    pub config: Option<&'a str>,
}

/// One system over time, as `aima trend` shows it.
pub struct TrendView<'a> {
    pub model: &'a Model,
    pub trend: &'a Trend,
    /// Show each practice, not only the domains.
    pub practices: bool,
    /// The line chart's file name, linked from the Markdown (with `-o`).
    pub chart: Option<&'a str>,
    /// The aima.toml used, as shown.
    pub config: Option<&'a str>,
}

// ---------------------------------------------------------------- JSON

/// `{level, plus, label, score}`; nulls and `n/a` when not applicable.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RatingJson {
    pub level: Option<u8>,
    pub plus: Option<bool>,
    pub label: String,
    pub score: Option<f64>,
}

impl From<&Rating> for RatingJson {
    fn from(r: &Rating) -> RatingJson {
        RatingJson {
            level: r.level().map(|l| l.level),
            plus: r.level().map(|l| l.plus),
            label: r.label(),
            score: r.score().map(|s| s.rounded()),
        }
    }
}

/// `{id, label, score}` of a domain or practice.
#[derive(Debug, Serialize, JsonSchema)]
pub struct LabelJson {
    pub id: String,
    pub label: String,
    pub score: Option<f64>,
}

impl LabelJson {
    fn new(id: &str, r: &Rating) -> LabelJson {
        LabelJson {
            id: id.to_string(),
            label: r.label(),
            score: r.score().map(|s| s.rounded()),
        }
    }
}

/// A practice of a system's latest assessment, with its target (for the heatmap).
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeJson {
    pub id: String,
    pub label: String,
    pub score: Option<f64>,
    pub target: Option<u8>,
    pub gap: Option<u8>,
}

/// One system: its latest assessment.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SystemJson {
    pub system: String,
    /// `name` of the system in aima.toml.
    pub name: Option<String>,
    /// `owner` of the system in aima.toml.
    pub owner: Option<String>,
    /// YYYY-MM-DD.
    pub date: String,
    pub age_days: i64,
    pub stale: bool,
    pub complete: bool,
    pub unanswered: usize,
    pub answered: usize,
    pub overall: RatingJson,
    pub domains: Vec<LabelJson>,
    /// How many practices are below their target.
    pub below_target: usize,
    /// `improved`, `regressed`, `unchanged` since the previous assessment, null for a first.
    pub change: Option<String>,
    pub practices: Vec<PracticeJson>,
    /// The answers files of the assessment.
    pub files: Vec<String>,
    /// The round of the latest assessment (`assessment.round`, else its date).
    pub round: String,
    /// `draft`, `in-review` or `final`.
    pub status: String,
    pub sign_off: Vec<SignOffJson>,
    /// The system's record in aima.toml (docs/config.md).
    pub vendor: Option<String>,
    pub lifecycle: Option<crate::config::Lifecycle>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    pub eu_ai_act: Option<crate::config::EuAiAct>,
    /// For a vendor system (`vendor_key` in aima.toml): whether an envelope that verifies with
    /// it attests the latest round's files as they are (docs/attestation.md). Absent for other
    /// systems.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attested: Option<bool>,
    /// For a vendor system: the key id (hex SHA-256 of the public key's DER) of its
    /// `vendor_key`, the key its attestation is verified with.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attested_keyid: Option<String>,
}

/// A sign-off (docs/record.md).
#[derive(Debug, Serialize, JsonSchema)]
pub struct SignOffJson {
    pub by: String,
    pub role: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub note: Option<String>,
}

impl From<&crate::answers::SignOff> for SignOffJson {
    fn from(s: &crate::answers::SignOff) -> SignOffJson {
        SignOffJson {
            by: s.by.clone(),
            role: s.role.clone(),
            date: s.date.to_string(),
            note: s.note.clone(),
        }
    }
}

/// `aima portfolio --format json`.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PortfolioJson {
    pub systems: Vec<SystemJson>,
    /// YAML files without a top-level `aima` key.
    pub skipped: usize,
    /// Assessments (system and date) read, across all systems.
    pub assessments: usize,
    pub max_age_days: u32,
    /// The aima.toml used, as shown (absent when none was: docs/record.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

/// A domain at one date, with its practices.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrendDomainJson {
    pub id: String,
    pub label: String,
    pub score: Option<f64>,
    pub practices: Vec<LabelJson>,
}

/// One assessment of the system.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrendPointJson {
    pub date: String,
    /// The round (`assessment.round`, else the date).
    pub round: String,
    pub status: String,
    pub files: Vec<String>,
    pub complete: bool,
    pub unanswered: usize,
    pub overall: RatingJson,
    pub domains: Vec<TrendDomainJson>,
}

/// `aima trend --format json`: oldest first.
#[derive(Debug, Serialize, JsonSchema)]
pub struct TrendJson {
    pub system: String,
    pub name: Option<String>,
    pub assessments: Vec<TrendPointJson>,
    /// The aima.toml used, as shown (absent when none was: docs/record.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<String>,
}

/// The JSON Schema of `aima portfolio --format json`.
pub fn portfolio_schema() -> serde_json::Value {
    super::json::schema_of::<PortfolioJson>()
}

/// The JSON Schema of `aima trend --format json`.
pub fn trend_schema() -> serde_json::Value {
    super::json::schema_of::<TrendJson>()
}

fn system_json(model: &Model, row: &SystemRow) -> SystemJson {
    let r = &row.latest.summary;
    SystemJson {
        system: row.system.clone(),
        name: row.name.clone(),
        owner: row.owner.clone(),
        date: row.latest.date.to_string(),
        age_days: row.age_days,
        stale: row.stale,
        complete: r.complete(),
        unanswered: r.unanswered,
        answered: r.questions - r.unanswered,
        overall: (&r.overall).into(),
        domains: model
            .domains
            .iter()
            .zip(&r.domains)
            .map(|(d, rating)| LabelJson::new(&d.id, rating))
            .collect(),
        below_target: row.below_target,
        change: row.change.map(|c| c.as_str().to_string()),
        practices: model
            .practices()
            .zip(&r.practices)
            .map(|((_, p), cell)| PracticeJson {
                id: p.id.clone(),
                label: cell.rating.label(),
                score: cell.rating.score().map(|s| s.rounded()),
                target: cell.target,
                gap: cell.gap,
            })
            .collect(),
        files: row.latest.files.clone(),
        round: row.latest.round.clone(),
        status: row.latest.status.as_str().to_string(),
        sign_off: row.latest.sign_off.iter().map(SignOffJson::from).collect(),
        vendor: row.entry.as_ref().and_then(|e| e.vendor.clone()),
        lifecycle: row.entry.as_ref().and_then(|e| e.lifecycle),
        tags: row.entry.as_ref().map(|e| e.tags.clone()).unwrap_or_default(),
        description: row.entry.as_ref().and_then(|e| e.description.clone()),
        eu_ai_act: row.entry.as_ref().and_then(|e| e.eu_ai_act.clone()),
        attested: row.attested,
        attested_keyid: row.attested_keyid.clone(),
    }
}

impl Render<PortfolioView<'_>> for Json {
    fn render(&self, view: &PortfolioView) -> String {
        let p = view.portfolio;
        to_json(&PortfolioJson {
            systems: p.systems.iter().map(|row| system_json(view.model, row)).collect(),
            skipped: p.skipped,
            assessments: p.assessments,
            max_age_days: p.max_age_days,
            config: view.config.map(str::to_string),
        })
    }
}

fn point_json(s: &Scored) -> TrendPointJson {
    let r = &s.result;
    TrendPointJson {
        date: s.date.to_string(),
        round: s.round.clone(),
        status: s.status.as_str().to_string(),
        files: s.files.clone(),
        complete: r.complete(),
        unanswered: r.unanswered,
        overall: (&r.overall).into(),
        domains: r
            .domains
            .iter()
            .map(|d| TrendDomainJson {
                id: d.id.clone(),
                label: d.rating.label(),
                score: d.rating.score().map(|s| s.rounded()),
                practices: d
                    .practices
                    .iter()
                    .map(|p| LabelJson::new(&p.id, &p.rating))
                    .collect(),
            })
            .collect(),
    }
}

impl Render<TrendView<'_>> for Json {
    fn render(&self, view: &TrendView) -> String {
        let t = view.trend;
        to_json(&TrendJson {
            system: t.system.clone(),
            name: t.name.clone(),
            assessments: t.assessments.iter().map(point_json).collect(),
            config: view.config.map(str::to_string),
        })
    }
}

fn to_json<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    text.push('\n');
    // The same JSON value, with escapes for what must not reach a terminal raw.
    crate::base::sanitize::json(text)
}

// ---------------------------------------------------------------- rows shared by the formats

/// The columns a portfolio shows besides the fixed ones: the owner and the EU AI Act risk
/// class, each only when some system's aima.toml entry has one.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Columns {
    pub owner: bool,
    pub risk: bool,
}

impl Columns {
    pub(crate) fn of(p: &Portfolio) -> Columns {
        Columns {
            owner: p.systems.iter().any(|s| s.owner.is_some()),
            risk: p.systems.iter().any(|s| risk(s).is_some()),
        }
    }
}

/// The system's EU AI Act risk class, from its aima.toml entry.
fn risk(row: &SystemRow) -> Option<&'static str> {
    let act = row.entry.as_ref()?.eu_ai_act.as_ref()?;
    Some(act.risk.as_str())
}

/// The column heads of a portfolio row, in order.
pub(crate) fn portfolio_head(model: &Model, cols: Columns) -> Vec<String> {
    let mut head: Vec<String> = ["System", "Date", "Age (days)", "Answered", "Overall", "Score"]
        .map(String::from)
        .to_vec();
    head.extend(model.domains.iter().map(|d| d.id.clone()));
    head.extend(["Below target", "Change", "Status"].map(String::from));
    if cols.owner {
        head.push("Owner".to_string());
    }
    if cols.risk {
        head.push("Risk".to_string());
    }
    head
}

/// ` (attested)` or ` (not attested)` after a vendor system's id (docs/attestation.md);
/// nothing for the others.
pub(crate) fn attested_mark(row: &SystemRow) -> &'static str {
    match row.attested {
        Some(true) => " (attested)",
        Some(false) => " (not attested)",
        None => "",
    }
}

/// The cells of a row as plain text (the caller escapes for its format).
pub(crate) fn portfolio_cells(row: &SystemRow, cols: Columns) -> Vec<String> {
    let r = &row.latest.summary;
    let mut cells = vec![
        format!("{}{}", row.system, attested_mark(row)),
        row.latest.date.to_string(),
        if row.stale {
            format!("{} stale", row.age_days)
        } else {
            row.age_days.to_string()
        },
        format!("{}/{}", r.questions - r.unanswered, r.questions),
        r.overall.label(),
        r.overall.score_text(),
    ];
    cells.extend(r.domains.iter().map(Rating::label));
    cells.push(row.below_target.to_string());
    cells.push(arrow(row.change).to_string());
    cells.push(row.latest.status.as_str().to_string());
    if cols.owner {
        cells.push(row.owner.clone().unwrap_or_default());
    }
    if cols.risk {
        cells.push(risk(row).unwrap_or("").to_string());
    }
    cells
}

/// `; 2 YAML files without `aima` skipped`, or nothing when none were.
fn skipped_text(skipped: usize) -> String {
    if skipped == 0 {
        String::new()
    } else {
        format!("; {skipped} YAML file{} without `aima` skipped", plural(skipped))
    }
}

pub(crate) fn portfolio_summary(p: &Portfolio) -> String {
    let stale = p.systems.iter().filter(|s| s.stale).count();
    let below = p.systems.iter().filter(|s| s.below_target > 0).count();
    format!(
        "{} system{}, {} assessment{}; {stale} stale (older than {} days), {below} below target{}",
        p.systems.len(),
        plural(p.systems.len()),
        p.assessments,
        plural(p.assessments),
        p.max_age_days,
        skipped_text(p.skipped),
    )
}

pub(crate) const CHANGE_NOTE: &str = "Change: the overall result against the system's previous assessment (↑ improved, \
     ↓ regressed, = unchanged, blank for a first), by the rule of `aima diff`. Levels are AIMA levels; \
     Score is the toolkit score (0.00–3.00).";

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Text for a terminal: controls, bidi overrides and zero-width characters escaped.
fn term(text: &str) -> String {
    crate::base::sanitize::terminal_line(text).into_owned()
}

/// A table laid out for the width (`--width`, or the terminal's): see render::table.
fn grid(lay: &Table, head: &[String], right_from: usize) -> TableBuilder {
    let names: Vec<&str> = head.iter().map(String::as_str).collect();
    let right: Vec<usize> = (right_from..head.len()).collect();
    lay.grid(&names, &right)
}

/// Under 136 columns (the whole table's width) the eight domain columns are left out, under
/// 100 the headers shorten; the status needs 90, the owner and the risk class 160: at 80 the
/// row still says where each system stands and whether it is stale or behind (docs/portfolio.md).
fn portfolio_grid(lay: &Table, model: &Model, cols: Columns) -> TableBuilder {
    let head = portfolio_head(model, cols);
    let fixed = 6 + model.domains.len();
    let names: Vec<&str> = head.iter().map(String::as_str).collect();
    // Numbers and levels right-aligned; status, owner and risk are words.
    let right: Vec<usize> = (2..fixed + 2).collect();
    let mut t = lay
        .grid(&names, &right)
        .short(2, "Age")
        .short(3, "Ans.")
        .short(4, "Level")
        .short(fixed, "Below")
        .short(fixed + 1, "Δ");
    for i in 6..fixed {
        t = t.optional(i, 136);
    }
    t = t.optional(fixed + 2, 90);
    for i in fixed + 3..head.len() {
        t = t.optional(i, 160);
    }
    t
}

impl Render<PortfolioView<'_>> for Table {
    fn render(&self, view: &PortfolioView) -> String {
        let lay = self;
        let p = view.portfolio;
        let cols = Columns::of(p);
        let mut t = portfolio_grid(lay, view.model, cols);
        for row in &p.systems {
            t.add_row(
                portfolio_cells(row, cols)
                    .iter()
                    .map(|c| term(c))
                    .collect::<Vec<_>>(),
            );
        }
        format!(
            "{}{t}\n{}",
            lay.fit_line(&portfolio_summary(p)),
            lay.fit_line(CHANGE_NOTE)
        )
    }
}

/// A Markdown table row of escaped cells.
fn md_row(cells: &[String]) -> String {
    format!(
        "| {} |",
        cells.iter().map(|c| md_text(c)).collect::<Vec<_>>().join(" | ")
    )
}

/// User text for Markdown: unsafe characters escaped, then Markdown escaped.
fn md_text(text: &str) -> String {
    md(&crate::base::sanitize::terminal_line(text))
}

fn md_rule(n: usize, left: usize) -> String {
    let cells: Vec<&str> = (0..n).map(|i| if i < left { "---" } else { "---:" }).collect();
    format!("|{}|", cells.join("|"))
}

impl Render<PortfolioView<'_>> for Markdown {
    fn render(&self, view: &PortfolioView) -> String {
        let p = view.portfolio;
        let mut out = String::from("# AI system portfolio\n\n");
        let _ = writeln!(out, "{}.\n", portfolio_summary(p));
        if let Some(chart) = view.chart {
            let _ = writeln!(
                out,
                "![Heatmap: AIMA level per system and practice]({})\n",
                md(chart)
            );
        }
        let cols = Columns::of(p);
        let head = portfolio_head(view.model, cols);
        let _ = writeln!(out, "{}\n{}", md_row(&head), md_rule(head.len(), 2));
        for row in &p.systems {
            let mut cells = portfolio_cells(row, cols);
            if let Some(name) = &row.name {
                cells[0] = format!("{} ({name}){}", row.system, attested_mark(row));
            }
            let _ = writeln!(out, "{}", md_row(&cells));
        }
        let _ = writeln!(out, "\n{CHANGE_NOTE}");
        out
    }
}

/// Makes a CSV text cell inert: unsafe characters escaped (as for a terminal), and a
/// leading `=`, `+`, `-`, `@` gets a `'` before it so no spreadsheet takes it as a formula.
fn csv_text(text: &str) -> String {
    let safe = crate::base::sanitize::terminal_line(text);
    match safe.chars().next() {
        Some('=' | '+' | '-' | '@') => format!("'{safe}"),
        _ => safe.into_owned(),
    }
}

fn csv_out(rows: Vec<Vec<String>>) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let _ = w.write_record(row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

/// `aima portfolio --format csv`: one row per system.
pub fn csv(view: &PortfolioView) -> String {
    let mut head: Vec<String> = [
        "system",
        "name",
        "owner",
        "date",
        "age_days",
        "stale",
        "answered",
        "questions",
        "complete",
        "unanswered",
        "overall",
        "score",
    ]
    .map(String::from)
    .to_vec();
    head.extend(view.model.domains.iter().map(|d| d.id.clone()));
    head.extend(["below_target", "change", "round", "status", "risk", "attested"].map(String::from));
    let mut rows = vec![head];
    for row in &view.portfolio.systems {
        let r = &row.latest.summary;
        let mut cells = vec![
            csv_text(&row.system),
            csv_text(row.name.as_deref().unwrap_or("")),
            csv_text(row.owner.as_deref().unwrap_or("")),
            row.latest.date.to_string(),
            row.age_days.to_string(),
            row.stale.to_string(),
            (r.questions - r.unanswered).to_string(),
            r.questions.to_string(),
            r.complete().to_string(),
            r.unanswered.to_string(),
            r.overall.label(),
            r.overall.score().map(|s| s.to_string()).unwrap_or_default(),
        ];
        cells.extend(r.domains.iter().map(Rating::label));
        cells.push(row.below_target.to_string());
        cells.push(row.change.map(|c| c.as_str().to_string()).unwrap_or_default());
        cells.push(csv_text(&row.latest.round));
        cells.push(row.latest.status.as_str().to_string());
        cells.push(risk(row).unwrap_or("").to_string());
        // Empty for a system that is not a vendor's (no `vendor_key`).
        cells.push(row.attested.map_or(String::new(), |a| a.to_string()));
        rows.push(cells);
    }
    csv_out(rows)
}

// ---------------------------------------------------------------- trend

/// `label score` of a rating, or `n/a`.
fn label_score(r: &Rating) -> String {
    match r.score() {
        Some(s) => format!("{} {s}", r.label()),
        None => "n/a".to_string(),
    }
}

/// The trend's rows: (name, cells per date). Overall, then each domain (and practice).
pub(crate) fn trend_rows(view: &TrendView) -> Vec<(String, Vec<String>)> {
    let results: Vec<&ScoreResult> = view.trend.assessments.iter().map(|a| &a.result).collect();
    let mut rows = vec![(
        "Overall".to_string(),
        results.iter().map(|r| label_score(&r.overall)).collect(),
    )];
    for (di, domain) in view.model.domains.iter().enumerate() {
        rows.push((
            format!("{} {}", domain.id, domain.name),
            results
                .iter()
                .map(|r| label_score(&r.domains[di].rating))
                .collect(),
        ));
        if view.practices {
            for (pi, practice) in domain.practices.iter().enumerate() {
                rows.push((
                    format!("  {} {}", practice.id, practice.name),
                    results
                        .iter()
                        .map(|r| label_score(&r.domains[di].practices[pi].rating))
                        .collect(),
                ));
            }
        }
    }
    rows
}

pub(crate) fn trend_head(view: &TrendView) -> Vec<String> {
    let mut head = vec![String::new()];
    head.extend(view.trend.assessments.iter().map(|a| a.date.to_string()));
    head
}

pub(crate) fn trend_title(t: &Trend) -> String {
    let n = t.assessments.len();
    match &t.name {
        Some(name) => format!("{} ({name}): {n} assessment{}, oldest first", t.system, plural(n)),
        None => format!("{}: {n} assessment{}, oldest first", t.system, plural(n)),
    }
}

pub(crate) const TREND_NOTE: &str = "Each cell: AIMA level, then toolkit score (0.00–3.00).";

impl Render<TrendView<'_>> for Table {
    fn render(&self, view: &TrendView) -> String {
        let lay = self;
        let mut t = grid(lay, &trend_head(view), 1);
        for (name, cells) in trend_rows(view) {
            let mut row = vec![name];
            row.extend(cells);
            t.add_row(row);
        }
        format!(
            "{}{t}\n{}",
            lay.fit_line(&term(&trend_title(view.trend))),
            lay.fit_line(TREND_NOTE)
        )
    }
}

impl Render<TrendView<'_>> for Markdown {
    fn render(&self, view: &TrendView) -> String {
        let mut out = format!("# Trend: {}\n\n", md_text(&trend_title(view.trend)));
        if let Some(chart) = view.chart {
            let _ = writeln!(out, "![Toolkit score per domain over time]({})\n", md(chart));
        }
        let head = trend_head(view);
        let _ = writeln!(out, "{}\n{}", md_row(&head), md_rule(head.len(), 1));
        for (name, cells) in trend_rows(view) {
            let mut row = vec![name.trim_start().to_string()];
            row.extend(cells);
            let _ = writeln!(out, "{}", md_row(&row));
        }
        let _ = writeln!(out, "\n{TREND_NOTE}");
        out
    }
}

/// `aima trend --format csv`: one row per date.
pub fn trend_csv(view: &TrendView) -> String {
    let mut head: Vec<String> = [
        "date",
        "files",
        "answered",
        "complete",
        "overall",
        "overall_score",
    ]
    .map(String::from)
    .to_vec();
    for d in &view.model.domains {
        head.extend([d.id.clone(), format!("{}_score", d.id)]);
        if view.practices {
            for p in &d.practices {
                head.extend([p.id.clone(), format!("{}_score", p.id)]);
            }
        }
    }
    let mut rows = vec![head];
    let score = |r: &Rating| r.score().map(|s| s.to_string()).unwrap_or_default();
    for a in &view.trend.assessments {
        let r = &a.result;
        let files: Vec<String> = a.files.iter().map(|f| csv_text(f)).collect();
        let mut cells = vec![
            a.date.to_string(),
            files.join("\n"),
            (r.questions - r.unanswered).to_string(),
            r.complete().to_string(),
            r.overall.label(),
            score(&r.overall),
        ];
        for d in &r.domains {
            cells.extend([d.rating.label(), score(&d.rating)]);
            if view.practices {
                for p in &d.practices {
                    cells.extend([p.rating.label(), score(&p.rating)]);
                }
            }
        }
        rows.push(cells);
    }
    csv_out(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemas_name_the_documented_keys() {
        let p = portfolio_schema();
        let props = |v: &serde_json::Value| -> Vec<String> {
            v["properties"]
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default()
        };
        assert!(
            ["systems", "skipped", "assessments"]
                .iter()
                .all(|k| props(&p).contains(&k.to_string()))
        );
        let system = &p["$defs"]["SystemJson"];
        for key in [
            "system",
            "date",
            "age_days",
            "stale",
            "complete",
            "unanswered",
            "overall",
            "domains",
            "below_target",
            "change",
        ] {
            assert!(props(system).contains(&key.to_string()), "{key}");
        }
        let t = trend_schema();
        assert_eq!(props(&t), ["system", "name", "assessments", "config"]);
    }

    #[test]
    fn csv_text_cannot_be_a_formula() {
        assert_eq!(csv_text("=1+1"), "'=1+1");
        assert_eq!(csv_text("@x"), "'@x");
        assert_eq!(csv_text("fraud-model"), "fraud-model");
        assert_eq!(csv_text("\u{1b}[31m\tx"), "\\u{1b}[31m\\u{9}x");
        assert_eq!(csv_text("-\u{202e}"), "'-\\u{202e}");
    }
}
