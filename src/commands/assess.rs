//! `aima assess [FILE]`: the interactive interview.

use super::Outcome;
use crate::cli::AssessArgs;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &AssessArgs) -> Result<Outcome> {
    Err(Error::Usage("assess: not built yet".to_string()))
}
