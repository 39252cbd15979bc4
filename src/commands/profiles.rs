//! `aima profiles`: placeholder while the command is built on its branch.

use crate::cli::ProfilesArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &ProfilesArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima profiles` is not available in this build yet".to_string(),
    ))
}
