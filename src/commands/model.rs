//! `aima model [CODE]`: browse the model.

use super::Outcome;
use crate::base::error::{Error, Result};
use crate::cli::ModelArgs;
use crate::context::Context;
use crate::model::{Code, Model};
use crate::render::ModelView;

pub fn run(ctx: &Context, args: &ModelArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let view = match &args.code {
        None => ModelView::All(model),
        // Codes are in capitals; `gv-pc` is taken as `GV-PC`.
        Some(code) => select(model, code)
            .or_else(|| select(model, &code.to_uppercase()))
            .ok_or_else(|| {
            Error::Usage(format!(
                "unknown code `{}`: expected a domain (GV), practice (GV-PC), stream (GV-PC-A) or question (GV-PC-A-1) of model {}",
                crate::base::diag::shown(code),
                model.key()
            ))
        })?,
    };
    Ok(Outcome::output(ctx.render(args.format, &view)))
}

fn select<'m>(model: &'m Model, code: &str) -> Option<ModelView<'m>> {
    match Code::parse(code)? {
        Code::Domain(d) => Some(ModelView::Domain(model, model.domain(d)?)),
        Code::Practice(p) => {
            let (d, p) = model.practice(p)?;
            Some(ModelView::Practice(model, d, p))
        }
        Code::Stream { practice, stream } => {
            let (d, p) = model.practice(practice)?;
            Some(ModelView::Stream(model, d, p, usize::from(stream == 'B')))
        }
        Code::Question { .. } => Some(ModelView::Question(model, model.question(code)?)),
    }
}
