//! `aima report FILE... [-o OUT.md]`.

use super::Outcome;
use crate::cli::ReportArgs;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(_model: &Model, _args: &ReportArgs) -> Result<Outcome> {
    Err(Error::Usage("report: not built yet".to_string()))
}
