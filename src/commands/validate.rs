//! `aima validate FILE...`: checks each answers file on its own and reports every
//! problem, then what `score` would reject when the files are combined (conflicting
//! answers, targets or metadata); with `--model DIR` and no file, checks the model directory.
//!
//! Unanswered questions are counted on the combined result only: three team files that
//! together answer everything are complete, whatever each one leaves open.

use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};

use serde_json::json;

use super::{Outcome, load_model};
use crate::answers::{self, Source, parse::AnswersFile};
use crate::cli::{Format, ValidateArgs};
use crate::diag::Problems;
use crate::error::{Error, Result, exit};
use crate::model::Model;
use crate::render::json::to_text;

/// What checking one file found.
#[derive(Debug, Clone, PartialEq)]
pub struct FileReport {
    pub file: String,
    pub problems: Problems,
    /// The checked file, when it has no problem.
    pub parsed: Option<AnswersFile>,
}

/// What checking the combination of several files found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Combined {
    /// How it is named in the output: the file itself, or `combined (N files)`.
    pub name: String,
    /// What merging the files found (empty when they agree, or when a file has problems).
    pub problems: Problems,
    /// Question codes without an answer in the combination, in worksheet order; `None`
    /// when a file has problems or the files conflict.
    pub unanswered: Option<Vec<String>>,
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
    let sources = answers::expand(&args.files).map_err(Error::Answers)?;
    let reports = check_files(&model, &sources);
    // One group of all files, or with --separate one group per file.
    let groups: Vec<&[FileReport]> = if args.separate {
        reports.chunks(1).collect()
    } else {
        vec![&reports[..]]
    };
    let mut outcome = Outcome::default();
    let mut combined = Vec::new();
    for group in groups {
        let c = combine(&model, group);
        if args.format != Format::Json {
            let part = text_outcome(&model, group, &c);
            outcome.stdout.push_str(&part.stdout);
            outcome.stderr.extend(part.stderr);
            outcome.code = outcome.code.max(part.code);
        }
        combined.push(c);
    }
    Ok(match args.format {
        Format::Json => json_outcome(&model, &reports, &combined),
        Format::Table | Format::Markdown => outcome,
    })
}

/// Checks every file on its own, on all cores; reports come back in input order.
pub fn check_files(model: &Model, sources: &[Source]) -> Vec<FileReport> {
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(sources.len())
        .max(1);
    let next = AtomicUsize::new(0);
    let mut reports: Vec<(usize, FileReport)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(source) = sources.get(i) else { break };
                        done.push((i, check_file(model, source)));
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

fn check_file(model: &Model, source: &Source) -> FileReport {
    match answers::load_one(model, source) {
        Ok(file) => FileReport {
            file: source.display.clone(),
            problems: Problems::new(),
            parsed: Some(file),
        },
        Err(problems) => FileReport {
            file: source.display.clone(),
            problems,
            parsed: None,
        },
    }
}

/// Merges the valid files as `score` would, to find conflicts and what is left unanswered.
pub fn combine(model: &Model, reports: &[FileReport]) -> Combined {
    let name = match reports {
        [one] => one.file.clone(),
        many => format!("combined ({} files)", many.len()),
    };
    let parsed: Option<Vec<AnswersFile>> = reports.iter().map(|r| r.parsed.clone()).collect();
    let Some(files) = parsed else {
        return Combined {
            name,
            problems: Problems::new(),
            unanswered: None,
        };
    };
    match answers::merge(model, files) {
        Ok(assessment) => Combined {
            name,
            problems: Problems::new(),
            unanswered: Some(
                model
                    .questions()
                    .map(|q| q.question.id.clone())
                    .filter(|code| assessment.word(code).is_none())
                    .collect(),
            ),
        },
        Err(problems) => Combined {
            name,
            problems,
            unanswered: None,
        },
    }
}

fn problems_line(outcome: &mut Outcome, name: &str, problems: &Problems) {
    let n = problems.len();
    outcome
        .stdout
        .push_str(&format!("{name}: {n} problem{}\n", if n == 1 { "" } else { "s" }));
    outcome
        .stderr
        .extend(problems.list.iter().map(|p| format!("error: {p}")));
    outcome.code = exit::BAD_INPUT;
}

fn text_outcome(model: &Model, reports: &[FileReport], combined: &Combined) -> Outcome {
    let mut outcome = Outcome::default();
    let several = reports.len() > 1;
    for r in reports {
        if !r.problems.is_empty() {
            problems_line(&mut outcome, &r.file, &r.problems);
        } else if several {
            outcome.stdout.push_str(&format!("{}: ok\n", r.file));
        }
    }
    if !combined.problems.is_empty() {
        problems_line(&mut outcome, &combined.name, &combined.problems);
    }
    let Some(unanswered) = &combined.unanswered else {
        return outcome;
    };
    let total = model.question_count();
    let name = &combined.name;
    if unanswered.is_empty() {
        outcome
            .stdout
            .push_str(&format!("{name}: ok, all {total} questions answered\n"));
        return outcome;
    }
    let n = unanswered.len();
    outcome
        .stdout
        .push_str(&format!("{name}: ok, {} of {total} answered\n", total - n));
    let shown: Vec<&str> = unanswered.iter().take(5).map(String::as_str).collect();
    outcome.stderr.push(format!(
        "warning: {name}: {n} question{} unanswered ({}{})",
        if n == 1 { "" } else { "s" },
        shown.join(", "),
        if n > shown.len() { ", ..." } else { "" }
    ));
    outcome
}

fn problems_json(problems: &Problems) -> Vec<serde_json::Value> {
    problems
        .list
        .iter()
        .map(|p| {
            json!({
                "file": p.file,
                "line": p.pos.line,
                "column": p.pos.column,
                "message": p.message,
            })
        })
        .collect()
}

fn json_outcome(model: &Model, reports: &[FileReport], combined: &[Combined]) -> Outcome {
    let files: Vec<_> = reports
        .iter()
        .map(|r| {
            json!({
                "file": r.file,
                "valid": r.problems.is_empty(),
                "problems": problems_json(&r.problems),
            })
        })
        .collect();
    let valid =
        reports.iter().all(|r| r.problems.is_empty()) && combined.iter().all(|c| c.problems.is_empty());
    let combined: Vec<_> = combined
        .iter()
        .map(|c| {
            let unanswered = c.unanswered.as_ref();
            json!({
                "name": c.name,
                "valid": c.unanswered.is_some(),
                "problems": problems_json(&c.problems),
                "answered": unanswered.map(|u| model.question_count() - u.len()),
                "unanswered": unanswered,
            })
        })
        .collect();
    let stdout = to_text(&json!({
        "valid": valid,
        "model": model.key(),
        "files": files,
        "combined": combined,
    }));
    Outcome {
        stdout,
        stderr: Vec::new(),
        code: if valid { exit::SUCCESS } else { exit::BAD_INPUT },
    }
}
