//! The document of `aima validate FILE... --format json`.

use schemars::JsonSchema;
use serde::Serialize;

use super::to_text;
use crate::diag::Problem;
use crate::render::{Json, ModelCheckView, Render, ValidateView};
use crate::validate::FileReport;

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

/// `aima validate FILE... --format json`: every problem of every file.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ValidateDoc<'a> {
    /// True when every file is valid.
    pub valid: bool,
    /// The model checked against, `id@version`.
    pub model: String,
    pub files: Vec<FileJson<'a>>,
}

/// One file: its problems, or (when valid) how many questions it answers.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FileJson<'a> {
    pub file: &'a str,
    pub valid: bool,
    pub problems: Vec<ProblemJson<'a>>,
    /// Questions answered (null when the file is not valid).
    pub answered: Option<usize>,
    /// Codes of the questions not answered, in worksheet order (null when not valid).
    pub unanswered: Option<&'a [String]>,
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
    fn new(r: &'a FileReport, questions: usize) -> Self {
        let valid = r.problems.is_empty();
        FileJson {
            file: &r.file,
            valid,
            problems: r.problems.list.iter().map(ProblemJson::from).collect(),
            answered: valid.then(|| questions - r.unanswered.len()),
            unanswered: valid.then_some(r.unanswered.as_slice()),
        }
    }
}

impl<'a> ValidateDoc<'a> {
    pub fn new(view: &ValidateView<'a>) -> Self {
        let questions = view.model.question_count();
        ValidateDoc {
            valid: view.valid(),
            model: view.model.key(),
            files: (view.reports.iter())
                .map(|r| FileJson::new(r, questions))
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
