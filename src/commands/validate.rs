//! `aima validate FILE...`: checks each answers file on its own and reports every
//! problem, then what `score` would reject when the files are combined (conflicting
//! answers, targets or metadata); with `--model DIR` and no file, checks the model directory.

use std::path::Path;

use super::{Outcome, load_model};
use crate::cli::ValidateArgs;
use crate::error::{Error, ExitStatus, Result};
use crate::render::{Format, ModelCheckView, ValidateView, render};
use crate::validate::{Checked, check};

pub use crate::validate::FileReport;

pub fn run(model_dir: Option<&Path>, args: &ValidateArgs) -> Result<Outcome> {
    if args.files.is_empty() {
        let Some(dir) = model_dir else {
            return Err(Error::Usage(
                "nothing to validate: give answers files, or --model DIR to check a model directory"
                    .to_string(),
            ));
        };
        let model = load_model(Some(dir))?;
        let directory = dir.display().to_string();
        let view = ModelCheckView {
            model: &model,
            directory: &directory,
        };
        return Ok(Outcome::output(render(args.format, &view)));
    }
    let model = load_model(model_dir)?;
    let sources = crate::answers::expand(&args.files).map_err(Error::Answers)?;
    let Checked {
        reports,
        combined,
        different,
    } = check(&model, &sources, args.separate)?;
    let view = ValidateView {
        model: &model,
        reports: &reports,
        combined: &combined,
    };
    let mut outcome = Outcome::output(render(args.format, &view));
    if args.format != Format::Json {
        outcome.stderr = view.messages();
        if let Some(message) = different {
            outcome.stderr.insert(0, format!("warning: {message}"));
        }
    }
    if !view.valid() {
        outcome.code = ExitStatus::BadInput;
    }
    Ok(outcome)
}
