//! `aima check FILE... [--target N] [--framework ID]`: the CI gate.

use super::{Outcome, Sources, answers_and_layers, crosswalk, frameworks_for};
use crate::cli::CheckArgs;
use crate::crosswalk::DISCLAIMER;
use crate::error::{Error, ExitStatus, Result};
use crate::model::Model;
use crate::render::evidence::check_section;
use crate::render::{CheckView, Format, render};
use crate::score::{self, Options, ScoreResult};

pub fn run(model: &Model, sources: &Sources, args: &CheckArgs) -> Result<Outcome> {
    let (assessment, layers) = answers_and_layers(model, sources, &args.files, args.profile.as_deref())?;
    let (ids, from_config) = frameworks_for(
        model,
        sources,
        assessment.metadata.system.as_deref(),
        &args.framework,
    )?;
    let normal = score::score(
        model,
        &assessment,
        Options {
            target: args.target,
            layers: &layers,
        },
    );
    let mut notes = Vec::new();
    let result = if ids.is_empty() {
        normal
    } else {
        let catalogue = crosswalk::load_catalogue(model, sources.crosswalks)?;
        let frameworks = crosswalk::find_all(&catalogue, &ids)?;
        let mut gated: Vec<&str> = frameworks.iter().flat_map(|f| f.primary_practices()).collect();
        if from_config {
            // Listed in aima.toml: the frameworks' practices are gated besides the targets.
            gated.extend(
                normal
                    .practices()
                    .filter(|p| p.target.is_some())
                    .map(|p| p.id.as_str()),
            );
        }
        let mut result = crosswalk::score_for_coverage(model, &assessment, args.target, &layers);
        keep_targets_of(&mut result, &gated);
        notes.push(gate_note(&result, &ids, from_config));
        result
    };
    if !result.has_targets() && !args.evidence {
        return Err(Error::Usage(NOTHING_TO_GATE.to_string()));
    }
    let evidence = args
        .evidence
        .then(|| super::evidence_findings(model, sources, &args.files))
        .transpose()?;
    let view = CheckView {
        model,
        result: &result,
        evidence: evidence.as_ref().map(|(f, _)| f),
    };
    let mut text = render(args.format, &view);
    if let (Some((findings, rules)), false) = (&evidence, args.format == Format::Json) {
        text.push_str(&check_section(
            findings,
            rules.max_age_days,
            args.format == Format::Markdown,
        ));
    }
    let mut outcome = Outcome::output(text);
    outcome.stderr = notes;
    if !view.passed() {
        outcome.code = ExitStatus::GateFailed;
    }
    Ok(outcome)
}

/// What a framework gate checked, said on standard error.
fn gate_note(result: &ScoreResult, ids: &[String], from_config: bool) -> String {
    let gated = result.practices().filter(|p| p.target.is_some()).count();
    let what = if from_config {
        "with a target, and the primary links of"
    } else {
        "that are primary links of"
    };
    format!(
        "note: gating only the {gated} practices {what} {} (targets from the answers files, --target, \
         --profile or aima.toml, else level 2). {DISCLAIMER}",
        ids.join(", ")
    )
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
