//! `aima check FILE... [--target N] [--framework ID]`: the CI gate.

use super::Outcome;
use crate::answers::{Assessment, Targets};
use crate::cli::CheckArgs;
use crate::context::Context;
use crate::crosswalk::DISCLAIMER;
use crate::crosswalk::status::{Gate, Input, gates, score_for_coverage};
use crate::error::{Error, ExitStatus, Result};
use crate::policy::PolicyResult;
use crate::policy::gather::{self, Subject};
use crate::render::evidence::check_section;
use crate::render::{CheckView, Format};
use crate::score::{self, Options, ScoreResult};

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Outcome> {
    let model = ctx.model()?;
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    let (assessment, layers) = ctx.answers_and_layers(&files, args.profile.as_deref())?;
    let (ids, from_config) = ctx.frameworks_for(assessment.metadata.system.as_deref(), &args.framework)?;
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
        let frameworks = ctx.catalogue()?.find_all(&ids)?;
        let act = ctx.eu_ai_act_for(assessment.metadata.system.as_deref())?;
        let mut result = score_for_coverage(model, &assessment, args.target, &layers);
        let input = Input {
            model,
            assessment: &assessment,
            result: &result,
            act: act.as_ref(),
        };
        // Only the clauses that apply to the system, by what their links name (docs/crosswalk.md).
        let gates = gates(&frameworks, &input);
        // Listed in aima.toml: the practices with a target are gated besides the frameworks'.
        let targeted: Vec<String> = if from_config {
            normal
                .practices()
                .filter(|p| p.target.is_some())
                .map(|p| p.id.clone())
                .collect()
        } else {
            Vec::new()
        };
        apply_gates(&mut result, &normal, &gates, &targeted);
        notes.push(gate_note(&result, &ids, from_config));
        result
    };
    let policies = policy_results(ctx, args, &assessment, &layers)?;
    if !result.has_targets() && !args.evidence && policies.is_empty() {
        return Err(Error::Usage(NOTHING_TO_GATE.to_string()));
    }
    let evidence = args.evidence.then(|| ctx.evidence_findings(&files)).transpose()?;
    let view = CheckView {
        model,
        result: &result,
        policies: &policies,
        evidence: evidence.as_ref().map(|(f, _)| f),
        config: ctx.config_used(),
    };
    let mut text = ctx.render(args.format, &view);
    if let (Some((findings, rules)), false) = (&evidence, args.format == Format::Json) {
        text.push_str(&check_section(
            &ctx.table,
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

/// The policies of `--policy` and `[policy] paths` over the assessment's policy input
/// (docs/policy.md), the same input `aima policy input` prints.
fn policy_results(
    ctx: &Context,
    args: &CheckArgs,
    assessment: &Assessment,
    layers: &[Targets],
) -> Result<Vec<PolicyResult>> {
    let model = ctx.model()?;
    let config = ctx.config()?;
    let paths = gather::paths(&args.policy, config);
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let set = gather::load(&paths)?;
    let system = assessment.metadata.system.as_deref();
    let frameworks = gather::frameworks(&args.framework, config, system);
    let catalogue = ctx.catalogue()?;
    let options = Options {
        target: args.target,
        layers,
    };
    let result = score::score(model, assessment, options);
    let subject = Subject {
        model,
        assessment,
        result: &result,
        config,
        frameworks: &frameworks,
        catalogue,
        target: args.target,
        layers,
    };
    gather::run(&set, &subject)
}

/// What a framework gate checked, said on standard error.
fn gate_note(result: &ScoreResult, ids: &[String], from_config: bool) -> String {
    let gated = result.practices().filter(|p| p.target.is_some()).count();
    let what = if from_config {
        "with a target, and those named by the primary links of"
    } else {
        "named by the primary links of"
    };
    format!(
        "note: gating only the {gated} practices {what} {} in clauses that apply to the system (targets from \
         the answers files, --target, --profile or aima.toml, else level 2, and at least level 2 for a link; a \
         stream or question link gates only what it names). {DISCLAIMER}",
        ids.join(", ")
    )
}

/// Gives each practice of `gates` its gate's target, gap and actions; keeps the normal
/// result of those in `targeted` that no gate names; drops the target of every other one.
fn apply_gates(result: &mut ScoreResult, normal: &ScoreResult, gates: &[Gate], targeted: &[String]) {
    for p in result.domains.iter_mut().flat_map(|d| d.practices.iter_mut()) {
        if let Some(g) = gates.iter().find(|g| g.practice == p.id) {
            p.target = Some(g.target);
            p.gap = Some(g.gap);
            p.actions.clone_from(&g.actions);
        } else if targeted.contains(&p.id)
            && let Some(n) = normal.practice(&p.id)
        {
            p.target = n.target;
            p.gap = n.gap;
            p.actions.clone_from(&n.actions);
        } else {
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
