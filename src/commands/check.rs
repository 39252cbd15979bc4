//! `aima check FILE... [--target N] [--framework ID]`: the CI gate.

use super::{Outcome, Sources, crosswalk, layers_for, load_answers};
use crate::cli::CheckArgs;
use crate::crosswalk::DISCLAIMER;
use crate::error::{Error, ExitStatus, Result};
use crate::model::Model;
use crate::render::{CheckView, render};
use crate::score::{self, Options, ScoreResult};

pub fn run(model: &Model, sources: &Sources, args: &CheckArgs) -> Result<Outcome> {
    let assessment = load_answers(model, &args.files)?;
    let layers = layers_for(
        model,
        sources,
        assessment.metadata.system.as_deref(),
        args.profile.as_deref(),
    )?;
    let mut notes = Vec::new();
    let result = if args.framework.is_empty() {
        score::score(
            model,
            &assessment,
            Options {
                target: args.target,
                layers: &layers,
            },
        )
    } else {
        let catalogue = crosswalk::load_catalogue(model, sources.crosswalks)?;
        let frameworks = crosswalk::find_all(&catalogue, &args.framework)?;
        let gated: Vec<&str> = frameworks.iter().flat_map(|f| f.primary_practices()).collect();
        let mut result = crosswalk::score_for_coverage(model, &assessment, args.target, &layers);
        keep_targets_of(&mut result, &gated);
        let ids: Vec<&str> = frameworks.iter().map(|f| f.id.as_str()).collect();
        notes.push(format!(
            "note: gating only the {} practices that are primary links of {} (targets from the \
             answers files or --target, else level 2). {DISCLAIMER}",
            result.practices().filter(|p| p.target.is_some()).count(),
            ids.join(", ")
        ));
        result
    };
    if !result.has_targets() {
        return Err(Error::Usage(NOTHING_TO_GATE.to_string()));
    }
    let view = CheckView {
        model,
        result: &result,
    };
    let mut outcome = Outcome::output(render(args.format, &view));
    outcome.stderr = notes;
    if !view.passed() {
        outcome.code = ExitStatus::GateFailed;
    }
    Ok(outcome)
}

/// Drops the target, gap and actions of every practice not in `gated`, so only those are
/// checked.
fn keep_targets_of(result: &mut ScoreResult, gated: &[&str]) {
    for p in result.domains.iter_mut().flat_map(|d| d.practices.iter_mut()) {
        if !gated.contains(&p.id.as_str()) {
            p.target = None;
            p.gap = None;
            p.actions.clear();
        }
    }
}

/// Why `check` without any target is a usage error, not a pass, and what to add.
pub const NOTHING_TO_GATE: &str = "nothing to check: no target applies to any applicable practice; \
     add `targets:` to an answers file (e.g. `targets: {default: 2}`), or pass --target N or --profile ID, \
     or set `targets` for the system in aima.toml";
