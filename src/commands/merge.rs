//! `aima merge`: placeholder while the command is built on its branch.

use crate::cli::MergeArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &MergeArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima merge` is not available in this build yet".to_string(),
    ))
}
