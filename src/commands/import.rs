//! `aima import`: placeholder while the command is built on its branch.

use crate::cli::ImportArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &ImportArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima import` is not available in this build yet".to_string(),
    ))
}
