//! `aima profiles [ID]`: the use-case profiles and their targets (docs/profiles.md).

use super::Outcome;
use crate::base::error::{Error, Result};
use crate::cli::ProfilesArgs;
use crate::context::Context;
use crate::profiles;
use crate::render::profiles::ProfilesView;

pub fn run(ctx: &Context, args: &ProfilesArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let all = ctx.profiles()?;
    let view = match &args.id {
        None => ProfilesView::List(all),
        Some(id) => ProfilesView::One(model, profiles::find(all, id).map_err(Error::Usage)?),
    };
    Ok(Outcome::output(ctx.render(args.format, &view)))
}
