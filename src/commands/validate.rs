//! `aima validate FILE...`: checks each answers file on its own and reports every
//! problem, then what `score` would reject when the files are combined (conflicting
//! answers, targets or metadata); with `--model DIR` and no file, checks the model directory.

use super::Outcome;
use crate::base::error::{Error, ExitStatus, Result};
use crate::cli::ValidateArgs;
use crate::context::Context;
use crate::render::{Format, ModelCheckView, ValidateView};
use crate::validate::{Checked, check};

pub fn run(ctx: &Context, args: &ValidateArgs) -> Result<Outcome> {
    let model_dir = ctx.model_dir();
    if args.files.is_empty() && model_dir.is_none() {
        return run_portfolio(ctx, args);
    }
    if args.files.is_empty() {
        let Some(dir) = model_dir else {
            return Err(Error::Usage(
                "nothing to validate: give answers files, or --model DIR to check a model directory"
                    .to_string(),
            ));
        };
        let model = ctx.model()?;
        let directory = dir.display().to_string();
        let view = ModelCheckView {
            model,
            directory: &directory,
        };
        return Ok(Outcome::output(ctx.render(args.format, &view)));
    }
    let model = ctx.model()?;
    let sources = crate::answers::expand(&args.files).map_err(Error::Answers)?;
    validate_sources(ctx, model, &sources, args)
}

/// `validate` with no FILE: every answers file under aima.toml's `portfolio.paths`
/// (searched as `portfolio` does: recursively, YAML without `aima` skipped), grouped into
/// assessments (docs/record.md).
fn run_portfolio(ctx: &Context, args: &ValidateArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let config = ctx.config()?;
    let paths = crate::assessments::paths_or_config(&[], config).map_err(|_| {
        Error::Usage(
            "nothing to validate: give answers files, set `portfolio.paths` in aima.toml, \
             or give --model DIR to check a model directory"
                .to_string(),
        )
    })?;
    let files = crate::assessments::answers_files(&paths)?;
    if files.is_empty() {
        return Err(Error::Usage(format!(
            "no answers files under {} (YAML files with a top-level `aima` key)",
            paths
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        )));
    }
    let sources: Vec<crate::answers::Source> = files
        .into_iter()
        .map(|path| crate::answers::Source {
            display: path.display().to_string(),
            path: Some(path),
        })
        .collect();
    let outcome = validate_sources(ctx, model, &sources, args)?;
    if outcome.code == crate::base::error::ExitStatus::Success {
        // What portfolio, trend and `check --all` need besides valid files: a date for each
        // (the grouping rule), and vendor envelopes that verify (docs/attestation.md).
        crate::attest::vendor::read_catalog(model, &paths, config)?;
    }
    Ok(outcome)
}

fn validate_sources(
    ctx: &Context,
    model: &crate::model::Model,
    sources: &[crate::answers::Source],
    args: &ValidateArgs,
) -> Result<Outcome> {
    let Checked {
        reports,
        combined,
        different,
        warnings,
    } = check(model, sources, args.separate)?;
    let view = ValidateView {
        model,
        reports: &reports,
        combined: &combined,
    };
    let mut outcome = Outcome::output(ctx.render(args.format, &view));
    if args.format != Format::Json {
        outcome.stderr = view.messages();
        if let Some(message) = different {
            outcome.stderr.insert(0, format!("note: {message}"));
        }
        outcome.stderr.extend(warnings);
    }
    if !view.valid() {
        outcome.code = ExitStatus::BadInput;
    }
    Ok(outcome)
}
