//! `aima worksheet [--domain X]`: a blank answers file.

use super::Outcome;
use crate::answers::Assessment;
use crate::answers::write::{Kind, answers_file};
use crate::cli::WorksheetArgs;
use crate::error::{Error, Result};
use crate::model::Model;

pub fn run(model: &Model, args: &WorksheetArgs) -> Result<Outcome> {
    // Codes are in capitals; `--domain gv` is taken as `GV`.
    let domain = match &args.domain {
        None => None,
        Some(code) if model.domain(code).is_some() => Some(code.clone()),
        Some(code) if model.domain(&code.to_uppercase()).is_some() => Some(code.to_uppercase()),
        Some(code) => return Err(Error::Usage(unknown_domain(model, code))),
    };
    Ok(Outcome::output(worksheet(model, domain.as_deref())))
}

/// The blank worksheet for one domain, or for the whole model.
pub fn worksheet(model: &Model, domain: Option<&str>) -> String {
    let blank = Assessment::new(model);
    answers_file(model, &blank, Kind::Worksheet, &|d| {
        domain.is_none_or(|code| d.id == code)
    })
}

/// The message for a domain code the model does not have.
pub fn unknown_domain(model: &Model, code: &str) -> String {
    model.unknown_domain(code)
}
