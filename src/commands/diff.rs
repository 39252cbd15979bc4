//! `aima diff OLD NEW`.

use std::path::Path;

use super::Outcome;
use crate::cli::DiffArgs;
use crate::error::{Error, Result};

pub fn run(_model_dir: Option<&Path>, _args: &DiffArgs) -> Result<Outcome> {
    Err(Error::Usage("diff: not built yet".to_string()))
}
