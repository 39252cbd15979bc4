//! Renderers: one small trait, one type per output format. Each format implements
//! [`Render`] for the views it can show; data flows model → answers → result → renderer.

pub mod charts;
pub mod crosswalk;
pub mod diff;
pub mod evidence;
pub mod form;
pub mod html;
pub mod json;
pub mod junit;
pub mod markdown;
pub mod policy;
pub mod portfolio;
pub mod profiles;
pub mod report;
pub mod svg;
pub mod table;
pub mod text;
pub mod validate;
pub mod xlsx;

use crate::answers::Assessment;
use crate::model::{Domain, Model, Practice, QuestionRef};
use crate::score::ScoreResult;
use crate::validate::{Combined, FileReport};

/// Renders one kind of view as text.
pub trait Render<V: ?Sized> {
    fn render(&self, view: &V) -> String;
}

/// Output formats of the commands that take `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    /// A table for the terminal
    #[default]
    Table,
    /// JSON (keys declared by `aima schema`)
    Json,
    /// GitHub-flavoured Markdown
    Markdown,
}

/// Terminal tables (comfy-table), laid out for a width (`--width`, else the terminal's;
/// none when standard output is not a terminal): see [`Table::new`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Table {
    width: Option<u16>,
}
/// JSON (keys declared by `aima schema`).
pub struct Json;
/// GitHub-flavoured Markdown.
pub struct Markdown;
/// One self-contained HTML page (docs/reports.md).
pub struct Html;

/// A choice of format for a view: [`Format`], or [`Document`] for the views that are also
/// pages. Each choice calls its renderers through [`render_with`] only.
pub trait Choice<V: ?Sized> {
    /// Renders `view`; `table` is the terminal layout, for the formats that lay out text.
    fn render_view(self, view: &V, table: Table) -> String;
}

/// Renders `view` in `format`: every command renders its views through here.
pub fn render<V: ?Sized, C: Choice<V>>(format: C, view: &V, table: Table) -> String {
    format.render_view(view, table)
}

impl<V: ?Sized> Choice<V> for Format
where
    Table: Render<V>,
    Json: Render<V>,
    Markdown: Render<V>,
{
    fn render_view(self, view: &V, table: Table) -> String {
        match self {
            Format::Table => render_with(&table, view),
            Format::Json => render_with(&Json, view),
            Format::Markdown => render_with(&Markdown, view),
        }
    }
}

/// The formats of the views that are documents (report, portfolio, trend): Markdown, or
/// one HTML page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Document {
    /// GitHub-flavoured Markdown
    #[default]
    Markdown,
    /// One self-contained HTML page
    Html,
}

impl<V: ?Sized> Choice<V> for Document
where
    Markdown: Render<V>,
    Html: Render<V>,
{
    fn render_view(self, view: &V, _table: Table) -> String {
        match self {
            Document::Markdown => render_with(&Markdown, view),
            Document::Html => render_with(&Html, view),
        }
    }
}

/// A format's last pass over what its renderer wrote.
pub trait Pass {
    fn pass(text: String) -> String;
}

// The renderers escape the text they lay out; the pass catches anything they missed (see
// `crate::base::sanitize`). In HTML, `\u{202e}` is inert text as it is in a terminal.
impl Pass for Table {
    fn pass(text: String) -> String {
        terminal(text)
    }
}
impl Pass for Markdown {
    fn pass(text: String) -> String {
        terminal(text)
    }
}
impl Pass for Html {
    fn pass(text: String) -> String {
        terminal(text)
    }
}
impl Pass for Json {
    fn pass(text: String) -> String {
        text
    }
}

fn terminal(text: String) -> String {
    match crate::base::sanitize::terminal_text(&text) {
        std::borrow::Cow::Borrowed(_) => text,
        std::borrow::Cow::Owned(safe) => safe,
    }
}

/// Renders `view` with `renderer`, then the format's pass.
pub fn render_with<R: Render<V> + Pass, V: ?Sized>(renderer: &R, view: &V) -> String {
    R::pass(renderer.render(view))
}

/// A scored assessment.
pub struct ScoreView<'a> {
    pub model: &'a Model,
    pub assessment: &'a Assessment,
    pub result: &'a ScoreResult,
    /// The aima.toml used, as shown.
    pub config: Option<&'a str>,
}

/// The CI gate's verdict over a scored assessment.
pub struct CheckView<'a> {
    pub model: &'a Model,
    pub result: &'a ScoreResult,
    /// What each policy of `--policy` and `[policy] paths` said (docs/policy.md).
    pub policies: &'a [crate::policy::PolicyResult],
    /// With `--evidence`: the evidence findings, gated too.
    pub evidence: Option<&'a crate::evidence::Findings>,
    /// The aima.toml used, as shown.
    pub config: Option<&'a str>,
}

impl CheckView<'_> {
    /// No practice below target and no policy `deny`.
    pub fn passed(&self) -> bool {
        self.result.gaps().next().is_none()
            && self.evidence.is_none_or(|e| e.passed())
            && self.policies.iter().all(|p| p.deny.is_empty())
    }
}

/// What `aima validate FILE...` found, file by file.
pub struct ValidateView<'a> {
    pub model: &'a Model,
    pub reports: &'a [FileReport],
    /// The combinations checked (all files as one, or each on its own with `--separate`).
    pub combined: &'a [Combined],
}

impl ValidateView<'_> {
    /// True when every file is valid and no combination conflicts.
    pub fn valid(&self) -> bool {
        self.reports.iter().all(|r| r.problems.is_empty())
            && self.combined.iter().all(|c| c.problems.is_empty())
    }
}

/// A model directory that `aima --model DIR validate` found valid.
pub struct ModelCheckView<'a> {
    pub model: &'a Model,
    /// The directory as the user gave it.
    pub directory: &'a str,
}

/// The part of the model `aima model [CODE]` shows.
pub enum ModelView<'a> {
    All(&'a Model),
    Domain(&'a Model, &'a Domain),
    Practice(&'a Model, &'a Domain, &'a Practice),
    Stream(&'a Model, &'a Domain, &'a Practice, usize),
    Question(&'a Model, QuestionRef<'a>),
}

/// The statement of both scoring rules, shown by every score output.
pub const RULES: [(&str, &str); 3] = [
    (
        "AIMA level",
        "the AIMA v1.0 document's rule: level L when every applicable question at levels 1..L is answered yes; `+` when a question above L is also yes. Unanswered counts as not met.",
    ),
    (
        "Toolkit score",
        "the AIMA Toolkit v1.0.1 formula: the mean of the answer values (yes 3, mostly 2, partly 1, no 0) over the applicable questions, unanswered counted as 0. Unlike the workbook, which has no n/a and counts it as 0, aima leaves `na` questions out, so a practice with `na` answers scores higher here than in the workbook.",
    ),
    (
        "Domain and overall",
        "aima's own roll-up (AIMA defines none): the lowest practice level (weakest link), `+` when any question above it is yes; the mean of the practice scores. `na` questions are left out; a practice whose questions are all `na` is n/a.",
    ),
];
