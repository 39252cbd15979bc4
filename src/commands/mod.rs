//! One module per subcommand. Commands return what to print; only `main` prints.

pub mod assess;
pub mod check;
pub mod completions;
pub mod crosswalk;
pub mod diff;
pub mod export;
pub mod import;
pub mod merge;
pub mod model;
pub mod portfolio;
pub mod profiles;
pub mod report;
pub mod schema;
pub mod score;
pub mod trend;
pub mod validate;
pub mod worksheet;

use std::borrow::Cow;
use std::path::{Path, PathBuf};

use crate::answers::{self, Assessment, Targets};
use crate::cli::{Cli, Command};
use crate::config::{self, Config};
use crate::error::{Error, Result, exit};
use crate::model::Model;

/// What a command produced: standard output, lines for standard error (warnings and
/// notes, printed as they are), and the exit code.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Outcome {
    pub stdout: String,
    pub stderr: Vec<String>,
    pub code: u8,
}

impl Outcome {
    pub fn output(stdout: String) -> Outcome {
        Outcome {
            stdout,
            stderr: Vec::new(),
            code: exit::SUCCESS,
        }
    }
}

/// Runs a parsed command line.
pub fn run(cli: Cli) -> Result<Outcome> {
    let model_dir = cli.model.as_deref();
    let config = cli.config.as_deref();
    match cli.command {
        Command::Assess(args) => assess::run(&*load_model(model_dir)?, model_dir, &args),
        Command::Score(args) => score::run_with_config(&*load_model(model_dir)?, &args, config),
        Command::Report(args) => report::run_with_config(&*load_model(model_dir)?, &args, config),
        Command::Diff(args) => diff::run(model_dir, &args),
        Command::Check(args) => check::run_with_config(&*load_model(model_dir)?, &args, config),
        Command::Validate(args) => validate::run(model_dir, &args),
        Command::Model(args) => model::run(&*load_model(model_dir)?, &args),
        Command::Worksheet(args) => worksheet::run(&*load_model(model_dir)?, &args),
        Command::Completions(args) => Ok(completions::run(&args)),
        Command::Merge(args) => merge::run(&*load_model(model_dir)?, &args),
        Command::Import(args) => import::run(&*load_model(model_dir)?, &args),
        Command::Export(args) => export::run(&*load_model(model_dir)?, &args),
        Command::Portfolio(args) => portfolio::run(&*load_model(model_dir)?, &args, config),
        Command::Trend(args) => trend::run(&*load_model(model_dir)?, &args, config),
        Command::Crosswalk(args) => crosswalk::run(&*load_model(model_dir)?, &args),
        Command::Profiles(args) => profiles::run(&*load_model(model_dir)?, &args),
        Command::Schema(args) => schema::run(&args),
    }
}

/// The model of `--model DIR`, or the embedded one.
pub fn load_model(dir: Option<&Path>) -> Result<Cow<'static, Model>> {
    match dir {
        None => Ok(Cow::Borrowed(crate::embedded::model())),
        Some(dir) => crate::model::load::load_dir(dir)
            .map(Cow::Owned)
            .map_err(Error::Model),
    }
}

/// Reads, checks and merges answers files.
pub fn load_answers(model: &Model, files: &[PathBuf]) -> Result<Assessment> {
    answers::load(model, files).map_err(Error::Answers)
}

/// The project file: `--config FILE`, else `aima.toml` in the current folder or the nearest
/// parent; `None` when there is none. A broken file is an error (exit 2), located.
pub fn load_config(model: &Model, named: Option<&Path>) -> Result<Option<Config>> {
    let (path, display) = match named {
        Some(path) => (path.to_path_buf(), path.display().to_string()),
        None => {
            let Ok(cwd) = std::env::current_dir() else {
                return Ok(None);
            };
            let Some(found) = config::discover(&cwd) else {
                return Ok(None);
            };
            let display = config::display_for(&found, &cwd);
            (found, display)
        }
    };
    config::load(&path, &display, model)
        .map(Some)
        .map_err(|p| Error::Usage(p.to_string()))
}

/// The target sources below the answers files (docs/targets.md), nearest first: the
/// system's targets in aima.toml, then its use-case profile (`profile`, from `--profile`,
/// replaces the one aima.toml names). Notes for standard error go to `notes`.
pub fn target_layers(
    config: Option<&Config>,
    system: Option<&str>,
    profile: Option<&str>,
    notes: &mut Vec<String>,
) -> Result<Vec<Targets>> {
    let entry = system.and_then(|s| config.and_then(|c| c.system(s)));
    let mut layers = Vec::new();
    if let Some(entry) = entry {
        layers.push(entry.targets.clone());
    }
    if let Some(id) = profile.or(entry.and_then(|e| e.profile.as_deref())) {
        match profile_targets(id)? {
            Some(targets) => layers.push(targets),
            None => {
                let note = format!(
                    "warning: the targets of use-case profile `{}` are not applied: this build has no profiles",
                    crate::diag::shown(id)
                );
                if !notes.contains(&note) {
                    notes.push(note);
                }
            }
        }
    }
    Ok(layers)
}

/// The targets of use-case profile `id`: the one place where profiles (docs/targets.md)
/// come into scoring. `None` while this build has no profiles; an unknown id will be an
/// error here.
pub fn profile_targets(id: &str) -> Result<Option<Targets>> {
    let _ = id;
    Ok(None)
}
