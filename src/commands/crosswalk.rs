//! `aima crosswalk`: placeholder while the command is built on its branch.

use crate::cli::CrosswalkArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &CrosswalkArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima crosswalk` is not available in this build yet".to_string(),
    ))
}
