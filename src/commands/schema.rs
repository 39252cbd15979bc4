//! `aima schema`: placeholder while the command is built on its branch.

use crate::cli::SchemaArgs;
use crate::commands::Outcome;
use crate::error::{Error, Result};

pub fn run(_args: &SchemaArgs) -> Result<Outcome> {
    Err(Error::Usage(
        "`aima schema` is not available in this build yet".to_string(),
    ))
}
