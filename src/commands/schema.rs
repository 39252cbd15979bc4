//! `aima schema [NAME]`: print the JSON Schema of answers files (default) or of a
//! command's JSON output.

use super::Outcome;
use crate::base::error::{Error, Result};
use crate::cli::SchemaArgs;
use crate::context::Context;
use crate::render::json::to_text;

pub fn run(ctx: &Context, args: &SchemaArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let name = args.name.as_deref().unwrap_or("answers");
    let schema = crate::schema::schema(model, name).map_err(|e| Error::Usage(e.to_string()))?;
    Ok(Outcome::output(to_text(&schema)))
}
