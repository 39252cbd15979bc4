//! `aima diff OLD NEW [--fail-on-regression]`: what changed between two assessments.
//! Each side is a file, a folder of team files, or several (`--old FILE`, `--new FILE`).
//!
//! NEW is read against `--model DIR` (or the embedded model), OLD against `--old-model DIR`
//! (default: the same model), so assessments of different model versions compare by code.

use std::path::PathBuf;

use super::Outcome;
use crate::answers;
use crate::answers::parse::MODEL_HINT;
use crate::base::error::{Error, ExitStatus, Result};
use crate::cli::DiffArgs;
use crate::context::{Context, load_model};
use crate::diff::{self, Side};
use crate::score::{self, Options};

pub fn run(ctx: &Context, args: &DiffArgs) -> Result<Outcome> {
    let new_model = ctx.model()?;
    let old_loaded;
    let old_model = match &args.old_model {
        Some(dir) => {
            old_loaded = load_model(Some(dir))?;
            &*old_loaded
        }
        None => new_model,
    };
    let (old, new) = match &args.baseline {
        Some(rev) => at_baseline(ctx, args, rev)?,
        None => {
            let (old_files, new_files) = sides(ctx, args)?;
            let old = answers::load(old_model, &old_files).map_err(|mut problems| {
                // The loader's hint names --model; for OLD the option is --old-model.
                for p in &mut problems.list {
                    p.message = p
                        .message
                        .replace(MODEL_HINT, " (load its model with --old-model DIR)");
                }
                Error::Answers(problems)
            })?;
            (old, answers::load(new_model, &new_files).map_err(Error::Answers)?)
        }
    };
    let options = Options {
        target: args.target,
        ..Options::default()
    };
    let old_result = score::score(old_model, &old, options);
    let new_result = score::score(new_model, &new, options);
    let diff = diff::diff(
        Side {
            model: old_model,
            assessment: &old,
            result: &old_result,
        },
        Side {
            model: new_model,
            assessment: &new,
            result: &new_result,
        },
    );
    let mut outcome = Outcome::output(ctx.render(args.format, &diff));
    outcome.stderr = side_warnings(&old.metadata, &new.metadata);
    if args.fail_on_regression && diff.regressed() {
        outcome.code = ExitStatus::GateFailed;
        let regressed: Vec<&str> = diff
            .practices
            .iter()
            .filter(|p| p.status == diff::Status::Regressed)
            .map(|p| p.id.as_str())
            .collect();
        outcome.stderr.push(format!(
            "regression: {} (--fail-on-regression)",
            regressed.join(", ")
        ));
    }
    Ok(outcome)
}

/// `--baseline REV`: the files (FILE..., or the latest round of `--system`) as they were at
/// REV (read through `git`, docs/record.md) and as they are now. A file that did not exist
/// at REV is left out of the old side; none at all is an error.
fn at_baseline(
    ctx: &Context,
    args: &DiffArgs,
    rev: &str,
) -> Result<(answers::Assessment, answers::Assessment)> {
    let model = ctx.model()?;
    let given: Vec<PathBuf> = args
        .old
        .iter()
        .chain(&args.new)
        .chain(&args.new_more)
        .cloned()
        .collect();
    if given.iter().any(|f| f.as_os_str() == "-") {
        return Err(Error::Usage(format!(
            "--baseline {}: standard input has no history; name the files",
            crate::base::sanitize::terminal_line(rev)
        )));
    }
    let files: Vec<PathBuf> = ctx.files_for(&given, args.system.as_deref(), None)?;
    let files: Vec<PathBuf> = answers::expand(&files)
        .map_err(Error::Answers)?
        .into_iter()
        .filter_map(|s| s.path)
        .collect();
    let at = crate::base::git::read_at(rev, &files)?;
    let old = at.named(&files);
    if old.is_empty() {
        return Err(Error::Usage(format!(
            "--baseline {}: none of the files existed at that revision",
            crate::base::sanitize::terminal_line(rev)
        )));
    }
    let old = answers::load_bytes(model, &old).map_err(Error::Answers)?;
    let new = answers::load(model, &files).map_err(Error::Answers)?;
    Ok((old, new))
}

/// The files of each side: OLD and NEW (with `--old`/`--new`), or with `--system ID` the
/// files of its rounds (`--round OLD..NEW`, default the previous and the latest).
fn sides(ctx: &Context, args: &DiffArgs) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    if let Some(system) = &args.system {
        let paths = crate::assessments::paths_or_config(&[], ctx.config()?)?;
        let (catalog, files) = crate::assessments::read_catalog(ctx.model()?, &paths)?;
        let (old, new) = crate::assessments::round_pair(&catalog, &paths, system, args.round.as_deref())?;
        return Ok((
            crate::assessments::round_files(old, &files),
            crate::assessments::round_files(new, &files),
        ));
    }
    let side = |first: &Option<PathBuf>, more: &[PathBuf]| -> Vec<PathBuf> {
        first.iter().cloned().chain(more.iter().cloned()).collect()
    };
    let (old, new) = (side(&args.old, &args.old_more), side(&args.new, &args.new_more));
    let stdin = |files: &[PathBuf]| files.iter().any(|f| f.as_os_str() == "-");
    if stdin(&old) && stdin(&new) {
        return Err(Error::Usage(
            "`-` (standard input) can be read only once: give it for one side of the diff".to_string(),
        ));
    }
    Ok((old, new))
}

/// Warnings for sides that do not look like two rounds of one system, oldest first: OLD and
/// NEW of different systems, or OLD dated after NEW (which turns regressions around).
fn side_warnings(old: &answers::Metadata, new: &answers::Metadata) -> Vec<String> {
    let mut out = Vec::new();
    if let (Some(a), Some(b)) = (&old.system, &new.system)
        && a != b
    {
        out.push(format!(
            "warning: OLD is system `{}` and NEW is system `{}`: a diff compares two rounds of one system",
            crate::base::diag::shown(a),
            crate::base::diag::shown(b)
        ));
    }
    if let (Some(a), Some(b)) = (old.date, new.date)
        && a > b
    {
        out.push(format!(
            "warning: OLD ({a}) is dated after NEW ({b}): improvements show as regressions; give the older \
             assessment first (aima diff OLD NEW)"
        ));
    }
    out
}
