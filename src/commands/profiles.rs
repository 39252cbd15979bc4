//! `aima profiles [ID]`: the use-case profiles and their targets (docs/profiles.md).

use std::path::Path;

use super::Outcome;
use crate::cli::ProfilesArgs;
use crate::error::{Error, Result};
use crate::model::Model;
use crate::profiles;
use crate::render::profiles::ProfilesView;
use crate::render::render;

pub fn run(model: &Model, dir: Option<&Path>, args: &ProfilesArgs) -> Result<Outcome> {
    let all = profiles::load(model, dir).map_err(Error::Model)?;
    let view = match &args.id {
        None => ProfilesView::List(&all),
        Some(id) => ProfilesView::One(model, profiles::find(&all, id).map_err(Error::Usage)?),
    };
    Ok(Outcome::output(render(args.format, &view)))
}
