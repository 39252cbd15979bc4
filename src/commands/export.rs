//! `aima export`: placeholder while the command is built on its branch.

use crate::cli::ExportArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &ExportArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima export` is not available in this build yet".to_string(),
    ))
}
