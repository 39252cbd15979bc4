//! `aima trend`: placeholder while the command is built on its branch.

use crate::cli::TrendArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &TrendArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima trend` is not available in this build yet".to_string(),
    ))
}
