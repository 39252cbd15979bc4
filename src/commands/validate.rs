//! `aima validate FILE...`: checks each answers file on its own and reports every
//! problem; with `--model DIR` and no file, checks the model directory.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::{Outcome, load_model};
use crate::answers;
use crate::cli::{Format, ValidateArgs};
use crate::diag::Problems;
use crate::error::{Error, Result, exit};
use crate::model::Model;
use crate::render::json::to_text;
use crate::sanitize::terminal_line;

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
            terminal_line(&dir.display().to_string()),
            model.key(),
            model.domains.len(),
            model.practices().count(),
            model.question_count()
        )));
    }
    let model = load_model(model_dir)?;
    let reports = check_files(&model, &args.files)?;
    Ok(match args.format {
        Format::Json => json_outcome(&model, &reports),
        Format::Table | Format::Markdown => text_outcome(&model, &reports),
    })
}

/// Checks every file on its own, on all cores; reports come back in input order.
pub fn check_files(model: &Model, files: &[PathBuf]) -> Result<Vec<FileReport>> {
    in_parallel(files, |path| check_file(model, path))
}

/// Runs `work` on every file, on all cores; results come back in input order. A worker
/// that panics fails the whole run: a file it never reported must not pass unseen.
fn in_parallel<T: Send>(files: &[PathBuf], work: impl Fn(&Path) -> T + Sync) -> Result<Vec<T>> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(files.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let joined: std::thread::Result<Vec<Vec<(usize, T)>>> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(path) = files.get(i) else { break };
                        done.push((i, work(path)));
                    }
                    done
                })
            })
            .collect();
        // Join every worker before judging, so none is left running.
        let results: Vec<_> = workers.into_iter().map(|w| w.join()).collect();
        results.into_iter().collect()
    });
    let failed = || Error::Internal("a worker checking the files stopped unexpectedly".to_string());
    let mut results: Vec<(usize, T)> = joined.map_err(|_| failed())?.into_iter().flatten().collect();
    if results.len() != files.len() {
        return Err(failed());
    }
    results.sort_by_key(|(i, _)| *i);
    Ok(results.into_iter().map(|(_, r)| r).collect())
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
        let file = terminal_line(&r.file);
        if !r.problems.is_empty() {
            let n = r.problems.len();
            outcome
                .stdout
                .push_str(&format!("{file}: {n} problem{}\n", if n == 1 { "" } else { "s" }));
            outcome
                .stderr
                .extend(r.problems.list.iter().map(|p| format!("error: {p}")));
            outcome.code = exit::BAD_INPUT;
        } else if r.unanswered.is_empty() {
            outcome
                .stdout
                .push_str(&format!("{file}: ok, all {total} questions answered\n"));
        } else {
            let n = r.unanswered.len();
            outcome
                .stdout
                .push_str(&format!("{file}: ok, {} of {total} answered\n", total - n));
            let shown: Vec<&str> = r.unanswered.iter().take(5).map(String::as_str).collect();
            outcome.stderr.push(format!(
                "warning: {file}: {n} question{} unanswered ({}{})",
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
        code: if valid { exit::SUCCESS } else { exit::BAD_INPUT },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_worker_fails_the_run() {
        let files: Vec<PathBuf> = ["a", "b", "c"].iter().map(PathBuf::from).collect();
        let ok = in_parallel(&files, |p| p.display().to_string()).expect("all workers finish");
        assert_eq!(ok, ["a", "b", "c"]);
        let err = in_parallel(&files, |p| {
            assert!(p != Path::new("b"), "worker fails on b");
            1
        })
        .unwrap_err();
        assert_eq!(err.exit_code(), exit::BAD_INPUT);
        assert_eq!(
            err.to_string(),
            "internal error: a worker checking the files stopped unexpectedly"
        );
    }
}
