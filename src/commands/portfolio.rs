//! `aima portfolio`: placeholder while the command is built on its branch.

use crate::cli::PortfolioArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &PortfolioArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima portfolio` is not available in this build yet".to_string(),
    ))
}
