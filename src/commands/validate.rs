//! `aima validate FILE...`: checks each answers file on its own and reports every
//! problem; with `--model DIR` and no file, checks the model directory.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::{Outcome, load_model};
use crate::answers;
use crate::cli::{Format, ValidateArgs};
use crate::diag::Problems;
use crate::error::{Error, ExitStatus, Result};
use crate::model::Model;
use crate::render::json::to_text;

/// What checking one file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub file: String,
    pub problems: Problems,
    /// Question codes without an answer, in worksheet order (when the file is valid).
    pub unanswered: Vec<String>,
}

pub fn run(model_dir: Option<&Path>, args: &ValidateArgs) -> Result<Outcome> {
    if args.files.is_empty() {
        let Some(dir) = model_dir else {
            return Err(Error::Usage(
                "nothing to validate: give answers files, or --model DIR to check a model directory"
                    .to_string(),
            ));
        };
        let model = load_model(Some(dir))?;
        return Ok(Outcome::output(format!(
            "{}: model {} is valid: {} domains, {} practices, {} questions\n",
            dir.display(),
            model.key(),
            model.domains.len(),
            model.practices().count(),
            model.question_count()
        )));
    }
    let model = load_model(model_dir)?;
    let reports = check_files(&model, &args.files);
    Ok(match args.format {
        Format::Json => json_outcome(&model, &reports),
        Format::Table | Format::Markdown => text_outcome(&model, &reports),
    })
}

/// Checks every file on its own, on all cores; reports come back in input order.
pub fn check_files(model: &Model, files: &[PathBuf]) -> Vec<FileReport> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let mut reports: Vec<(usize, FileReport)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        done.push((i, check_file(model, path)));
                    }
                    done
                })
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_default())
            .collect()
    });
    reports.sort_by_key(|(i, _)| *i);
    reports.into_iter().map(|(_, r)| r).collect()
}

fn check_file(model: &Model, path: &Path) -> FileReport {
    let display = path.display().to_string();
    match answers::load_one(model, path, &display) {
        Ok(file) => {
            let answered: std::collections::HashSet<&str> = file
                .answers
                .iter()
                .filter(|(_, _, a)| a.word.is_some())
                .map(|(code, _, _)| code.as_str())
                .collect();
            let unanswered = model
                .questions()
                .map(|q| q.question.id.clone())
                .filter(|code| !answered.contains(code.as_str()))
                .collect();
            FileReport {
                file: display,
                problems: Problems::new(),
                unanswered,
            }
        }
        Err(problems) => FileReport {
            file: display,
            problems,
            unanswered: Vec::new(),
        },
    }
}

fn text_outcome(model: &Model, reports: &[FileReport]) -> Outcome {
    let mut outcome = Outcome::default();
    let total = model.question_count();
    for r in reports {
        if !r.problems.is_empty() {
            let n = r.problems.len();
            outcome.stdout.push_str(&format!(
                "{}: {n} problem{}\n",
                r.file,
                if n == 1 { "" } else { "s" }
            ));
            outcome
                .stderr
                .extend(r.problems.list.iter().map(|p| format!("error: {p}")));
            outcome.code = ExitStatus::BadInput;
        } else if r.unanswered.is_empty() {
            outcome
                .stdout
                .push_str(&format!("{}: ok, all {total} questions answered\n", r.file));
        } else {
            let n = r.unanswered.len();
            outcome
                .stdout
                .push_str(&format!("{}: ok, {} of {total} answered\n", r.file, total - n));
            let shown: Vec<&str> = r.unanswered.iter().take(5).map(String::as_str).collect();
            outcome.stderr.push(format!(
                "warning: {}: {n} question{} unanswered ({}{})",
                r.file,
                if n == 1 { "" } else { "s" },
                shown.join(", "),
                if n > shown.len() { ", ..." } else { "" }
            ));
        }
    }
    outcome
}

fn json_outcome(model: &Model, reports: &[FileReport]) -> Outcome {
    let files: Vec<_> = reports
        .iter()
        .map(|r| {
            json!({
                "file": r.file,
                "valid": r.problems.is_empty(),
                "problems": r.problems.list.iter().map(|p| json!({
                    "file": p.file,
                    "line": p.pos.line,
                    "column": p.pos.column,
                    "message": p.message,
                })).collect::<Vec<_>>(),
                "answered": if r.problems.is_empty() { Some(model.question_count() - r.unanswered.len()) } else { None },
                "unanswered": if r.problems.is_empty() { Some(&r.unanswered) } else { None },
            })
        })
        .collect();
    let valid = reports.iter().all(|r| r.problems.is_empty());
    Outcome {
        stdout: to_text(&json!({ "valid": valid, "model": model.key(), "files": files })),
        stderr: Vec::new(),
        code: if valid { ExitStatus::Success } else { ExitStatus::BadInput },
    }
}
