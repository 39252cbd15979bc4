//! The document of `aima validate FILE... --format json`.

use schemars::JsonSchema;
use serde::Serialize;

use super::to_text;
use crate::base::diag::Problem;
use crate::render::{Json, ModelCheckView, Render, ValidateView};
use crate::validate::{Combined, FileReport};

/// `aima validate --format json`: the answers files checked, or (`--model DIR` and no
/// file) the model directory checked.
#[derive(Debug, Serialize, JsonSchema)]
#[serde(untagged)]
#[schemars(title = "aima validate --format json")]
pub enum ValidateOutput<'a> {
    Files(ValidateDoc<'a>),
    Model(ModelValidDoc),
}

/// `aima --model DIR validate --format json`: the model directory is valid (a model with
/// problems is an error, exit 2).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ModelValidDoc {
    pub valid: bool,
    /// The model checked, `id@version`.
    pub model: String,
    /// The directory, as given.
    pub directory: String,
    pub domains: usize,
    pub practices: usize,
    pub questions: usize,
}

/// `aima validate FILE... --format json`: every problem of every file, then each
/// combination checked (all files as one assessment, or each on its own with `--separate`).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ValidateDoc<'a> {
    /// True when every file is valid and no combination conflicts.
    pub valid: bool,
    /// The model checked against, `id@version`.
    pub model: String,
    pub files: Vec<FileJson<'a>>,
    pub combined: Vec<CombinedJson<'a>>,
}

/// One file on its own: its problems.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FileJson<'a> {
    pub file: &'a str,
    pub valid: bool,
    pub problems: Vec<ProblemJson<'a>>,
}

/// A combination of files: what merging them found, and (when they merge) how many
/// questions they answer together.
#[derive(Debug, Serialize, JsonSchema)]
pub struct CombinedJson<'a> {
    /// The file itself, or `combined (N files)`.
    pub name: &'a str,
    /// True when every file is valid and they merge without conflict.
    pub valid: bool,
    pub problems: Vec<ProblemJson<'a>>,
    /// Questions answered (null when not valid).
    pub answered: Option<usize>,
    /// Codes of the questions not answered, in worksheet order (null when not valid).
    pub unanswered: Option<&'a [String]>,
    /// The `FRAMEWORK:CLAUSE` keys given the organisation's own evidence (`clauses:`).
    pub clauses: &'a [String],
}

/// A problem at a place in a file (line and column 0 for the whole file).
#[derive(Debug, Serialize, JsonSchema)]
pub struct ProblemJson<'a> {
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
    pub message: &'a str,
}

impl<'a> From<&'a Problem> for ProblemJson<'a> {
    fn from(p: &'a Problem) -> Self {
        ProblemJson {
            file: &p.file,
            line: p.pos.line,
            column: p.pos.column,
            message: &p.message,
        }
    }
}

impl<'a> FileJson<'a> {
    fn new(r: &'a FileReport) -> Self {
        FileJson {
            file: &r.file,
            valid: r.problems.is_empty(),
            problems: r.problems.list.iter().map(ProblemJson::from).collect(),
        }
    }
}

impl<'a> CombinedJson<'a> {
    fn new(c: &'a Combined, questions: usize) -> Self {
        let unanswered = c.unanswered.as_deref();
        CombinedJson {
            name: &c.name,
            valid: unanswered.is_some(),
            problems: c.problems.list.iter().map(ProblemJson::from).collect(),
            answered: unanswered.map(|u| questions - u.len()),
            unanswered,
            clauses: &c.clauses,
        }
    }
}

impl<'a> ValidateDoc<'a> {
    pub fn new(view: &ValidateView<'a>) -> Self {
        let questions = view.model.question_count();
        ValidateDoc {
            valid: view.valid(),
            model: view.model.key(),
            files: view.reports.iter().map(FileJson::new).collect(),
            combined: (view.combined.iter())
                .map(|c| CombinedJson::new(c, questions))
                .collect(),
        }
    }
}

impl Render<ValidateView<'_>> for Json {
    fn render(&self, view: &ValidateView) -> String {
        to_text(&ValidateOutput::Files(ValidateDoc::new(view)))
    }
}

impl Render<ModelCheckView<'_>> for Json {
    fn render(&self, view: &ModelCheckView) -> String {
        let m = view.model;
        to_text(&ValidateOutput::Model(ModelValidDoc {
            valid: true,
            model: m.key(),
            directory: view.directory.to_string(),
            domains: m.domains.len(),
            practices: m.practices().count(),
            questions: m.question_count(),
        }))
    }
}
