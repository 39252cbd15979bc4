//! Terminal tables (comfy-table). Every table goes through [`TableBuilder`], which lays it
//! out for the width set with [`set_width`] (the `--width` option, else the terminal's):
//! columns wrap to fit, and under [`NARROW`] columns headers get shorter and optional
//! columns are left out. Without a width (output that is not a terminal) tables are laid
//! out as wide as their content, so piped output stays the same whatever the terminal.

use std::fmt::{self, Write as _};
use std::io::IsTerminal as _;

use comfy_table::presets::UTF8_FULL_CONDENSED;
use comfy_table::{Cell, CellAlignment, ContentArrangement, Table as Grid};

use super::text::wrap;
use super::{CheckView, ModelView, RULES, Render, ScoreView, Table};
use crate::answers::Metadata;
use crate::model::{Practice, QuestionRef};
use crate::score::ScoreResult;

/// Under this many columns, tables use their short headers.
pub const NARROW: u16 = 100;
/// Under this many columns, a table leaves out a long name column where its code says enough.
pub const VERY_NARROW: u16 = 72;
/// The narrowest layout aima attempts; a smaller `--width` is taken as this.
pub const MIN_WIDTH: u16 = 40;
/// How wide free text outside tables is wrapped when no width is set.
const TEXT_WIDTH: usize = 96;

impl Table {
    /// Tables and text laid out for `width` columns (`None`: unlimited, as wide as their
    /// content); a width under [`MIN_WIDTH`] is taken as that.
    pub fn new(width: Option<u16>) -> Table {
        Table {
            width: width.map(|w| w.max(MIN_WIDTH)),
        }
    }

    /// The width laid out for (`None`: unlimited).
    pub fn width(&self) -> Option<u16> {
        self.width
    }

    /// True when a width under [`NARROW`] is set: renderers then choose narrower layouts.
    pub fn is_narrow(&self) -> bool {
        self.width.is_some_and(|w| w < NARROW)
    }

    /// How wide free text is wrapped: [`TEXT_WIDTH`], or less to fit the width.
    pub fn text_width(&self) -> usize {
        self.width
            .map_or(TEXT_WIDTH, |w| TEXT_WIDTH.min(usize::from(w) - 1))
    }

    /// Text for a table cell: wrapped at `at` when tables are unlimited (so wide output stays
    /// readable), left whole when a width is set (comfy-table wraps it to the column).
    pub fn fitted(&self, text: &str, at: usize) -> String {
        match self.width {
            Some(_) => text.to_string(),
            None => wrap(text, at).join("\n"),
        }
    }

    /// Free text wrapped to [`Table::text_width`], each line ending with a newline;
    /// continuation lines start with `indent`.
    pub fn paragraph(&self, text: &str, indent: &str) -> String {
        self.paragraph_at(text, indent, self.text_width())
    }

    /// Free text wrapped at `at` columns (less when a width is set and it would not fit),
    /// every line starting with `indent`.
    pub fn indented(&self, text: &str, indent: &str, at: usize) -> String {
        let at = self.fit_to(at, indent);
        let mut out = String::new();
        for line in wrap(text, at) {
            let _ = writeln!(out, "{indent}{line}");
        }
        out
    }

    /// Free text wrapped at `at` columns (continuation lines, with `indent`, fit too when a
    /// width is set).
    fn paragraph_at(&self, text: &str, indent: &str, at: usize) -> String {
        let at = self.fit_to(at, indent);
        let mut out = String::new();
        for (i, line) in wrap(text, at).iter().enumerate() {
            let _ = writeln!(out, "{}{line}", if i == 0 { "" } else { indent });
        }
        out
    }

    /// `at`, or less when a width is set and lines indented by `indent` would not fit.
    fn fit_to(&self, at: usize, indent: &str) -> usize {
        match self.width {
            Some(w) => at
                .min(usize::from(w).saturating_sub(1 + indent.chars().count()))
                .max(20),
            None => at,
        }
    }

    /// `text` as one line, or wrapped to the width when one is set and it is wider.
    pub fn fit_line(&self, text: &str) -> String {
        match self.width {
            Some(w) => self.paragraph_at(text, "  ", usize::from(w) - 1),
            None => format!("{text}\n"),
        }
    }

    /// A table in aima's style with `header`, laid out for this width.
    pub fn builder(&self, header: &[&str]) -> TableBuilder {
        TableBuilder::new(header).with_width(self.width)
    }

    /// A table in aima's style with `header`, laid out for this width; columns listed in
    /// `right` are right-aligned.
    pub fn grid(&self, header: &[&str], right: &[usize]) -> TableBuilder {
        TableBuilder::new(header).with_width(self.width).right(right)
    }
}

/// The width to lay out for: `flag` (`--width`), else the terminal's when standard output
/// is a terminal, else none (unlimited).
pub fn detect_width(flag: Option<u16>) -> Option<u16> {
    flag.or_else(|| {
        std::io::stdout()
            .is_terminal()
            .then(|| Grid::new().width())
            .flatten()
    })
}

/// One column of a [`TableBuilder`].
#[derive(Debug, Clone)]
struct Column {
    header: String,
    /// The header under [`NARROW`] columns.
    short: Option<String>,
    right: bool,
    /// The column is left out when the width is under this.
    needs: Option<u16>,
}

/// A table in aima's style, laid out for a width: the one way aima builds a table.
///
/// ```
/// use aima::render::table::TableBuilder;
/// let mut t = TableBuilder::new(&["Practice", "Name", "AIMA level"])
///     .with_width(Some(60))
///     .right(&[2])
///     .short(2, "Level")
///     .optional(1, 72);
/// t.add_row(vec!["GV-PC".into(), "Policy and Compliance".into(), "1+".into()]);
/// assert!(t.to_string().contains("Level"));
/// assert!(!t.to_string().contains("Name"));
/// ```
#[derive(Debug, Clone)]
pub struct TableBuilder {
    width: Option<u16>,
    columns: Vec<Column>,
    rows: Vec<Vec<String>>,
}

impl TableBuilder {
    /// A table with `header`, as wide as its content (see [`TableBuilder::with_width`]).
    pub fn new(header: &[&str]) -> TableBuilder {
        TableBuilder {
            width: None,
            columns: header
                .iter()
                .map(|h| Column {
                    header: (*h).to_string(),
                    short: None,
                    right: false,
                    needs: None,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Lays the table out for `width` columns (`None`: as wide as its content).
    pub fn with_width(mut self, width: Option<u16>) -> TableBuilder {
        self.width = width.map(|w| w.max(MIN_WIDTH));
        self
    }

    /// Right-aligns these columns (numbers and levels).
    pub fn right(mut self, columns: &[usize]) -> TableBuilder {
        for &i in columns {
            if let Some(c) = self.columns.get_mut(i) {
                c.right = true;
            }
        }
        self
    }

    /// The header of column `i` under [`NARROW`] columns.
    pub fn short(mut self, i: usize, header: &str) -> TableBuilder {
        if let Some(c) = self.columns.get_mut(i) {
            c.short = Some(header.to_string());
        }
        self
    }

    /// Leaves column `i` out when the width is under `needs` columns.
    pub fn optional(mut self, i: usize, needs: u16) -> TableBuilder {
        if let Some(c) = self.columns.get_mut(i) {
            c.needs = Some(needs);
        }
        self
    }

    /// Adds a row (one cell per column, in header order).
    pub fn add_row(&mut self, cells: Vec<String>) -> &mut TableBuilder {
        self.rows.push(cells);
        self
    }

    /// The comfy-table table, laid out.
    pub fn build(&self) -> Grid {
        let kept: Vec<usize> = (0..self.columns.len())
            .filter(|&i| match (self.columns[i].needs, self.width) {
                (Some(needs), Some(w)) => w >= needs,
                _ => true,
            })
            .collect();
        let narrow = self.width.is_some_and(|w| w < NARROW);
        let mut t = Grid::new();
        t.load_style(UTF8_FULL_CONDENSED);
        match self.width {
            Some(w) => t
                .set_content_arrangement(ContentArrangement::Dynamic)
                .set_width(w),
            None => t.set_content_arrangement(ContentArrangement::Disabled),
        };
        t.set_header(kept.iter().map(|&i| {
            let c = &self.columns[i];
            Cell::new(match (&c.short, narrow) {
                (Some(short), true) => short,
                _ => &c.header,
            })
        }));
        for row in &self.rows {
            t.add_row(kept.iter().map(|&i| row.get(i).map_or("", String::as_str)));
        }
        for (at, &i) in kept.iter().enumerate() {
            if let (true, Some(c)) = (self.columns[i].right, t.column_mut(at)) {
                c.set_cell_alignment(CellAlignment::Right);
            }
        }
        t
    }
}

impl fmt::Display for TableBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.build())
    }
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
    .map(|s| crate::base::sanitize::terminal_line(&s).into_owned())
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

fn legend(lay: &Table, out: &mut String) {
    for (name, rule) in RULES {
        out.push_str(&lay.paragraph(&format!("{name}: {rule}"), "  "));
    }
}

/// The practice table of `score`: streams, level, score, target and gap, unanswered.
fn practice_table(lay: &Table, r: &ScoreResult) -> TableBuilder {
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
    let mut t = lay
        .builder(&header)
        .right(&right)
        .short(2, "A")
        .short(3, "B")
        .short(4, "Level")
        .short(5, "Score")
        .short(header.len() - 1, "Open")
        .optional(1, VERY_NARROW);
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
    t
}

/// The domain and overall table of `score`.
fn domain_table(lay: &Table, r: &ScoreResult) -> TableBuilder {
    let mut t = lay
        .builder(&["Domain", "Name", "AIMA level", "Toolkit score", "Unanswered"])
        .right(&[2, 3, 4])
        .short(2, "Level")
        .short(3, "Score")
        .short(4, "Open");
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
    t
}

impl Render<ScoreView<'_>> for Table {
    fn render(&self, view: &ScoreView) -> String {
        let lay = self;
        let r = view.result;
        let mut out = String::new();
        if let Some(line) = metadata_line(&view.assessment.metadata) {
            out.push_str(&lay.fit_line(&line));
        }
        out.push_str(&lay.fit_line(&format!("Model {} · {}", r.model, completeness(r))));
        let _ = writeln!(out, "\n{}\n", practice_table(lay, r));
        let _ = writeln!(out, "{}\n", domain_table(lay, r));
        legend(lay, &mut out);
        out
    }
}

/// The first lines of `check`: the verdict and how complete the answers are.
fn check_verdict(lay: &Table, r: &ScoreResult, gaps: usize) -> String {
    let meeting = r.practices().filter(|p| p.gap == Some(0)).count();
    let held = super::text::held_by_baseline(r);
    if gaps == 0 {
        let all = if held.is_empty() { "all " } else { "" };
        return format!(
            "{}{}.\n",
            lay.fit_line(&format!(
                "passed: {all}{meeting} practice{} with a target meet{} it{held}.",
                if meeting == 1 { "" } else { "s" },
                if meeting == 1 { "s" } else { "" },
            )),
            capitalized(&completeness(r))
        );
    }
    let verdict = format!(
        "failed: {gaps} practice{} below target, {meeting} meet{} it{held}.",
        if gaps == 1 { " is" } else { "s are" },
        if meeting == 1 { "s" } else { "" },
    );
    format!(
        "{verdict}\n{}",
        lay.fit_line(&format!("{}.", capitalized(&completeness(r))))
    )
}

impl Render<CheckView<'_>> for Table {
    fn render(&self, view: &CheckView) -> String {
        let lay = self;
        let mut out = check_table(lay, view);
        out.push_str(&super::policy::table(view.policies));
        out
    }
}

fn check_table(lay: &Table, view: &CheckView) -> String {
    let r = view.result;
    if !r.has_targets() {
        return "passed: no target applies to any practice, so there is nothing to check.\n".to_string();
    }
    let gaps: Vec<_> = r.gaps().collect();
    let mut out = check_verdict(lay, r, gaps.len());
    if gaps.is_empty() {
        return out;
    }
    let mut t = lay
        .builder(&["Practice", "Name", "AIMA level", "Target", "Gap", "Actions"])
        .right(&[2, 3, 4])
        .short(2, "Level")
        .optional(1, VERY_NARROW);
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
    let _ = writeln!(out, "\n{t}\n");
    out.push_str(
        &lay.fit_line(
            "Actions: answer these questions yes to reach the target (by level, stream A before B):",
        ),
    );
    for p in &gaps {
        for code in &p.actions {
            if let Some(q) = view.model.question(code) {
                out.push_str(&action_line(lay, code, &q.question.text));
            }
        }
    }
    out
}

/// `  GV-PC-B-3  Question text`, wrapped under the text when a width is set.
fn action_line(lay: &Table, code: &str, text: &str) -> String {
    hanging(lay, code, text)
}

/// `  LABEL  text` on one line, or with a width set, wrapped with the text's lines aligned.
fn hanging(lay: &Table, label: &str, text: &str) -> String {
    let code = label;
    let Some(w) = lay.width else {
        return format!("  {code}  {text}\n");
    };
    let indent = " ".repeat(code.chars().count() + 4);
    let at = usize::from(w).saturating_sub(1 + indent.len()).max(20);
    let mut out = String::new();
    for (i, line) in wrap(text, at).iter().enumerate() {
        match i {
            0 => _ = writeln!(out, "  {code}  {line}"),
            _ => _ = writeln!(out, "{indent}{line}"),
        }
    }
    out
}

fn practice_block(lay: &Table, out: &mut String, p: &Practice) {
    let _ = writeln!(out, "{}  {}\n", p.id, p.name);
    out.push_str(&lay.paragraph(&p.description, ""));
    if !p.aliases.is_empty() {
        out.push('\n');
        out.push_str(&lay.paragraph(&format!("Also named in AIMA: {}", p.aliases.join("; ")), ""));
    }
    out.push_str("\nObjectives:\n");
    for o in &p.objectives {
        let w = lay.text_width().saturating_sub(4).max(20);
        for (i, line) in wrap(o, w).iter().enumerate() {
            let _ = writeln!(out, "{}{line}", if i == 0 { "  - " } else { "    " });
        }
    }
    out.push_str("\nLevels:\n");
    for (i, title) in p.level_titles.iter().enumerate() {
        out.push_str(&hanging(lay, &(i + 1).to_string(), title));
    }
    out.push('\n');
    let mut t = lay
        .builder(&["Question", "Stream", "Level", "Question and guidance"])
        .right(&[2])
        .optional(1, NARROW);
    for level in 0..3 {
        for s in &p.streams {
            let q = &s.questions[level];
            t.add_row(vec![
                q.id.clone(),
                s.name.clone(),
                q.level.to_string(),
                format!("{}\n{}", lay.fitted(&q.text, 70), lay.fitted(&q.guidance, 70)),
            ]);
        }
    }
    let _ = writeln!(out, "{t}");
}

fn question_block(lay: &Table, out: &mut String, q: &QuestionRef) {
    out.push_str(&lay.fit_line(&format!(
        "{}  {} › {} › {} › level {}: {}",
        q.question.id,
        q.domain.name,
        q.practice.name,
        q.stream().name,
        q.level(),
        q.level_title()
    )));
    out.push('\n');
    out.push_str(&lay.paragraph(&q.question.text, ""));
    out.push('\n');
    out.push_str(&lay.paragraph(&format!("Guidance: {}", q.question.guidance), ""));
}

fn model_overview(lay: &Table, out: &mut String, m: &crate::model::Model) {
    out.push_str(&lay.fit_line(&format!(
        "{} {} ({}): {} domains, {} practices, {} questions",
        m.name,
        m.version,
        m.key(),
        m.domains.len(),
        m.practices().count(),
        m.question_count()
    )));
    out.push('\n');
    let mut t = lay.builder(&["Domain", "Name", "Practices"]);
    for d in &m.domains {
        let practices: Vec<String> = d
            .practices
            .iter()
            .map(|p| format!("{}  {}", p.id, p.name))
            .collect();
        t.add_row(vec![d.id.clone(), d.name.clone(), practices.join("\n")]);
    }
    let _ = writeln!(out, "{t}\n");
    out.push_str(&lay.paragraph(&format!("Source: {}. License: {}.", m.source, m.license), ""));
}

fn domain_block(lay: &Table, out: &mut String, d: &crate::model::Domain) {
    let _ = writeln!(out, "{}  {}\n", d.id, d.name);
    out.push_str(&lay.paragraph(&d.description, ""));
    out.push('\n');
    // Under NARROW columns the three level titles go one under the other.
    if lay.is_narrow() {
        let mut t = lay
            .builder(&["Practice", "Name", "Levels"])
            .optional(1, VERY_NARROW);
        for p in &d.practices {
            let levels: Vec<String> = (1..)
                .zip(&p.level_titles)
                .map(|(level, title)| format!("{level}  {title}"))
                .collect();
            t.add_row(vec![p.id.clone(), p.name.clone(), levels.join("\n")]);
        }
        let _ = writeln!(out, "{t}");
        return;
    }
    let mut t = lay.builder(&["Practice", "Name", "Level 1", "Level 2", "Level 3"]);
    for p in &d.practices {
        let mut row = vec![p.id.clone(), p.name.clone()];
        row.extend(p.level_titles.iter().map(|t| lay.fitted(t, 28)));
        t.add_row(row);
    }
    let _ = writeln!(out, "{t}");
}

impl Render<ModelView<'_>> for Table {
    fn render(&self, view: &ModelView) -> String {
        let lay = self;
        let mut out = String::new();
        match view {
            ModelView::All(m) => model_overview(lay, &mut out, m),
            ModelView::Domain(_, d) => domain_block(lay, &mut out, d),
            ModelView::Practice(_, _, p) => practice_block(lay, &mut out, p),
            ModelView::Stream(m, _, p, i) => {
                for q in &p.streams[*i].questions {
                    if let Some(q) = m.question(&q.id) {
                        question_block(lay, &mut out, &q);
                        out.push('\n');
                    }
                }
            }
            ModelView::Question(_, q) => question_block(lay, &mut out, q),
        }
        out
    }
}
