//! Checking answers files one by one, as `aima validate` does: every problem of each file,
//! and the questions a valid file leaves unanswered.

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::answers;
use crate::diag::Problems;
use crate::model::Model;

/// What checking one file found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileReport {
    pub file: String,
    pub problems: Problems,
    /// Question codes without an answer, in worksheet order (when the file is valid).
    pub unanswered: Vec<String>,
}

/// A worker thread panicked: a bug, reported as an error rather than as fewer files.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("internal error: checking the files failed (a bug in aima; please report it)")]
pub struct WorkerFailed;

/// Checks every file on its own, on all cores; reports come back in input order.
pub fn check_files(model: &Model, files: &[PathBuf]) -> Result<Vec<FileReport>, WorkerFailed> {
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
        let mut all = Vec::new();
        for worker in workers {
            all.extend(worker.join().map_err(|_| WorkerFailed)?);
        }
        Ok(all)
    })?;
    reports.sort_by_key(|(i, _)| *i);
    Ok(reports.into_iter().map(|(_, r)| r).collect())
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
