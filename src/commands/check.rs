//! `aima check FILE... [--target N] [--framework ID]`: the CI gate.

use std::path::{Path, PathBuf};

use super::Outcome;
use crate::answers::{Assessment, Targets};
use crate::assessments::{Round, is_envelope, no_answers_files, paths_or_config, round_files};
use crate::base::diag::shown_id as shown;
use crate::base::error::{Error, ExitStatus, Result};
use crate::base::git::AtRevision;
use crate::cli::{CheckArgs, CheckFormat};
use crate::context::Context;
use crate::crosswalk::DISCLAIMER;
use crate::crosswalk::status::{Gate, Input, gates, score_for_coverage};
use crate::diff::Status;
use crate::policy::PolicyResult;
use crate::policy::gather::{self, Subject};
use crate::render::evidence::check_section;
use crate::render::junit::{self, Suite};
use crate::render::{CheckView, Format};
use crate::score::{self, Options, ScoreResult};

pub fn run(ctx: &Context, args: &CheckArgs) -> Result<Outcome> {
    if args.all {
        return run_all(ctx, args);
    }
    let files = ctx.files_for(
        &args.files,
        args.select.system.as_deref(),
        args.select.round.as_deref(),
    )?;
    let baseline = match &args.baseline {
        Some(rev) => Some(crate::base::git::read_at(rev, &with_config(ctx, files.clone())?)?),
        None => None,
    };
    let gated = gate(ctx, args, &files, baseline.as_ref())?;
    if !gated.has_gates() {
        return Err(Error::Usage(NOTHING_TO_GATE.to_string()));
    }
    let model = ctx.model()?;
    let view = gated.view(model, ctx.config_used());
    let text = match args.format.text() {
        Some(format) => gated.text(ctx, format, &view),
        None => junit::document(&[Suite {
            name: suite_name(&gated.assessment),
            view: gated.view(model, ctx.config_used()),
        }]),
    };
    let mut outcome = Outcome::output(text);
    outcome.stderr = gated.notes.clone();
    if !view.passed() {
        outcome.code = ExitStatus::GateFailed;
    }
    Ok(outcome)
}

/// `check --all`: the latest round of every system under the PATHs or `portfolio.paths`;
/// exit 1 when any fails, each failing system named on standard error.
fn run_all(ctx: &Context, args: &CheckArgs) -> Result<Outcome> {
    if args.format == CheckFormat::Json {
        return Err(Error::Usage(
            "check --all writes --format table, markdown or junit (JSON is for one assessment: --system ID)"
                .to_string(),
        ));
    }
    let model = ctx.model()?;
    let paths = paths_or_config(&args.files, ctx.config_for(&args.files)?)?;
    let (catalog, files) = crate::attest::vendor::read_catalog(model, &paths, ctx.config()?)?;
    if catalog.systems.is_empty() {
        return Err(no_answers_files(&catalog));
    }
    let latest: Vec<(&String, &Round)> = catalog
        .systems
        .iter()
        .filter_map(|(system, rounds)| rounds.last().map(|r| (system, r)))
        .collect();
    let baseline = all_baseline(ctx, args, &latest, &files)?;
    let index = crate::portfolio::QuestionIndex::new(model);
    let from_records = !args.evidence && crate::policy::gather::paths(&args.policy, ctx.config()?).is_empty();
    // Each system's latest round gated on the worker pool; the results in system order.
    let results = crate::base::parallel::map(&latest, |_, (system, round)| {
        gate_latest(
            ctx,
            args,
            (round, &files),
            system,
            (&index, from_records, baseline.as_ref()),
        )
    })?;
    let mut gated = Vec::new();
    let mut outcome = Outcome::default();
    for ((system, round), g) in latest.into_iter().zip(results) {
        let g = g?;
        outcome
            .stderr
            .extend(g.notes.iter().map(|n| format!("system `{}`: {n}", shown(system))));
        if g.has_gates() {
            gated.push((format!("{} {}", system, round.id), g));
        } else {
            outcome.stderr.push(format!(
                "note: system `{}`: nothing to check (no target applies to any practice)",
                shown(system)
            ));
        }
    }
    if gated.is_empty() {
        return Err(Error::Usage(NOTHING_TO_GATE.to_string()));
    }
    all_output(ctx, args, &gated, outcome)
}

/// `--baseline REV` for `check --all`: the answers files of every latest round (and
/// aima.toml) as they were at REV, read at once.
fn all_baseline(
    ctx: &Context,
    args: &CheckArgs,
    latest: &[(&String, &Round)],
    files: &[PathBuf],
) -> Result<Option<AtRevision>> {
    let Some(rev) = &args.baseline else {
        return Ok(None);
    };
    let all: Vec<PathBuf> = latest
        .iter()
        .flat_map(|(_, r)| round_files(r, files))
        .filter(|f| !is_envelope(f))
        .collect();
    Ok(Some(crate::base::git::read_at(rev, &with_config(ctx, all)?)?))
}

/// Gates the latest `round` of `system` (`files`: those the catalog indexes).
fn gate_latest(
    ctx: &Context,
    args: &CheckArgs,
    (round, files): (&Round, &[PathBuf]),
    system: &str,
    (index, from_records, baseline): (&crate::portfolio::QuestionIndex, bool, Option<&AtRevision>),
) -> Result<Gated> {
    let round_files = round_files(round, files);
    if let [one] = round.files.as_slice()
        && is_envelope(&round_files[0])
    {
        return gate_attested(ctx, args, (one, &round_files[0]), system, (index, !from_records));
    }
    let assessment = read_round(ctx, args, (round, &round_files), system, (index, from_records))?;
    gate_loaded(
        ctx,
        args,
        (&round_files, baseline, true),
        assessment,
        Some(system),
    )
}

/// A round counted from a vendor's envelope (docs/attestation.md), gated on its signed
/// answers and targets; policies and `--evidence` read answers files, so they do not apply
/// to it, and a note says so when they were asked for (`asked_more`).
fn gate_attested(
    ctx: &Context,
    args: &CheckArgs,
    (record, envelope): (&crate::portfolio::FileRecord, &Path),
    system: &str,
    (index, asked_more): (&crate::portfolio::QuestionIndex, bool),
) -> Result<Gated> {
    let shown_file = envelope.display().to_string();
    let assessment = record.assessment(ctx.model()?, index, &shown_file);
    let mut gated = gate_loaded(ctx, args, (&[], None, false), assessment, Some(system))?;
    if asked_more {
        gated.notes.push(format!(
            "note: gated from the vendor's attestation {} on its targets only: policies and --evidence read answers files",
            crate::base::sanitize::terminal_line(&shown_file)
        ));
    }
    Ok(gated)
}

/// The assessment of `round` of `system` (its `files`). Answers and targets are all the gate
/// reads of a single file when no policy, evidence gate or framework needs the rest
/// (`from_records`): the record read already has them, so the file is not read again.
fn read_round(
    ctx: &Context,
    args: &CheckArgs,
    (round, files): (&Round, &[PathBuf]),
    system: &str,
    (index, from_records): (&crate::portfolio::QuestionIndex, bool),
) -> Result<Assessment> {
    match round.files.as_slice() {
        [one] if from_records && ctx.frameworks_for(Some(system), &args.framework)?.0.is_empty() => {
            Ok(one.assessment(ctx.model()?, index, &files[0].display().to_string()))
        }
        _ => ctx.answers(files),
    }
}

/// The output of `check --all` over the assessments `gated` (named `system round`).
fn all_output(
    ctx: &Context,
    args: &CheckArgs,
    gated: &[(String, Gated)],
    mut outcome: Outcome,
) -> Result<Outcome> {
    let model = ctx.model()?;
    let config = ctx.config_used();
    let mut failed = Vec::new();
    for (name, g) in gated {
        let view = g.view(model, config);
        if !view.passed() {
            let gaps: Vec<&str> = g.result.gaps().map(|p| p.id.as_str()).collect();
            failed.push(format!(
                "failed: {}: {} practice{} below target ({})",
                shown(name),
                gaps.len(),
                if gaps.len() == 1 { "" } else { "s" },
                gaps.join(", ")
            ));
        }
        if let Some(format) = args.format.text() {
            let heading = if format == Format::Markdown {
                format!("## {}\n\n", shown(name))
            } else {
                format!("{}:\n", shown(name))
            };
            outcome.stdout.push_str(&heading);
            outcome.stdout.push_str(&g.text(ctx, format, &view));
            outcome.stdout.push('\n');
        }
    }
    if args.format == CheckFormat::Junit {
        let suites: Vec<Suite> = gated
            .iter()
            .map(|(name, g)| Suite {
                name: name.clone(),
                view: g.view(model, config),
            })
            .collect();
        outcome.stdout = junit::document(&suites);
    }
    if !failed.is_empty() {
        outcome.stderr.extend(failed);
        outcome.code = ExitStatus::GateFailed;
    }
    Ok(outcome)
}

/// One assessment gated: its answers, the scored result with each gate's target, the
/// policies' verdicts, the evidence (with `--evidence`) and notes for standard error.
struct Gated {
    assessment: Assessment,
    result: ScoreResult,
    policies: Vec<PolicyResult>,
    evidence: Option<(crate::evidence::Findings, crate::evidence::Rules)>,
    notes: Vec<String>,
}

impl Gated {
    fn has_gates(&self) -> bool {
        self.result.has_targets() || self.evidence.is_some() || !self.policies.is_empty()
    }

    fn view<'a>(&'a self, model: &'a crate::model::Model, config: Option<&'a str>) -> CheckView<'a> {
        CheckView {
            model,
            result: &self.result,
            policies: &self.policies,
            evidence: self.evidence.as_ref().map(|(f, _)| f),
            config,
        }
    }

    fn text(&self, ctx: &Context, format: Format, view: &CheckView) -> String {
        let mut text = ctx.render(format, view);
        if let (Some((findings, rules)), false) = (&self.evidence, format == Format::Json) {
            text.push_str(&check_section(
                &ctx.table,
                findings,
                rules.max_age_days,
                format == Format::Markdown,
            ));
        }
        text
    }
}

/// The suite name of an assessment: its system and round, else its files.
fn suite_name(assessment: &Assessment) -> String {
    let meta = &assessment.metadata;
    match (&meta.system, meta.round_key()) {
        (Some(system), Some(round)) => format!("{system} {round}"),
        (Some(system), None) => system.clone(),
        _ => assessment.sources.join(", "),
    }
}

/// Gates the assessment of `files`: targets, framework gates, policies, evidence, and with
/// `baseline` only what regressed (or, with `--no-new-gaps`, is newly below target).
fn gate(ctx: &Context, args: &CheckArgs, files: &[PathBuf], baseline: Option<&AtRevision>) -> Result<Gated> {
    ctx.config_for(files)?;
    let assessment = ctx.answers(files)?;
    let system = assessment.metadata.system.clone();
    gate_loaded(ctx, args, (files, baseline, true), assessment, system.as_deref())
}

/// [`gate`] of the assessment of `files`, already read; `system` picks its aima.toml entry
/// (`check --all`: the system the files were grouped under, docs/record.md).
fn gate_loaded(
    ctx: &Context,
    args: &CheckArgs,
    (files, baseline, answers_files): (&[PathBuf], Option<&AtRevision>, bool),
    assessment: Assessment,
    system: Option<&str>,
) -> Result<Gated> {
    let model = ctx.model()?;
    let layers = ctx.layers_for(system, args.targets.profile.as_deref())?;
    let (ids, from_config) = ctx.frameworks_for(system, &args.framework)?;
    let options = Options {
        target: args.targets.target,
        layers: &layers,
    };
    let normal = score::score(model, &assessment, options);
    let mut notes = Vec::new();
    let mut result = if ids.is_empty() {
        normal.clone()
    } else {
        let result = framework_gates(ctx, args, (&assessment, &layers), &normal, (&ids, from_config))?;
        notes.push(gate_note(&result, &ids, from_config));
        result
    };
    if let Some(at) = baseline {
        let old_layers = baseline_layers(ctx, at, system, args.targets.profile.as_deref())?;
        let options = Options {
            target: args.targets.target,
            layers: &old_layers,
        };
        let old = baseline_result(model, files, at, options)?;
        notes.extend(apply_baseline(&mut result, old.as_ref(), at, args.no_new_gaps));
    }
    notes.extend(crate::assessments::stale_warning(
        assessment.metadata.date,
        ctx.today,
        ctx.config()?,
    ));
    // Policies and the evidence gate read answers files (not there for a vendor's envelope).
    let policies = match answers_files {
        true => policy_results(ctx, args, (&assessment, &normal), &layers)?,
        false => Vec::new(),
    };
    let evidence = (args.evidence && answers_files)
        .then(|| ctx.evidence_findings(files))
        .transpose()?;
    Ok(Gated {
        assessment,
        result,
        policies,
        evidence,
        notes,
    })
}

/// The aima.toml this run uses, as a path on disk (`--config FILE`, else the one found).
fn config_file(ctx: &Context) -> Result<Option<PathBuf>> {
    Ok(ctx.config()?.map(|c| {
        ctx.config_path()
            .map_or_else(|| c.dir.join(crate::config::FILE_NAME), Path::to_path_buf)
    }))
}

/// `files` and the aima.toml in use: what `--baseline` reads at the revision.
fn with_config(ctx: &Context, mut files: Vec<PathBuf>) -> Result<Vec<PathBuf>> {
    files.extend(config_file(ctx)?);
    Ok(files)
}

/// The target layers of `system` by the aima.toml as it was at the baseline (none when
/// there was none).
fn baseline_layers(
    ctx: &Context,
    at: &AtRevision,
    system: Option<&str>,
    profile: Option<&str>,
) -> Result<Vec<Targets>> {
    let (Some(config), Some(path)) = (ctx.config()?, config_file(ctx)?) else {
        return Ok(Vec::new());
    };
    let Some(bytes) = at.get(&path) else {
        return Ok(Vec::new());
    };
    let display = format!("{}:{}", at.rev, config.display);
    let text = String::from_utf8_lossy(bytes);
    let old = crate::config::parse(&text, &display, &config.dir, ctx.model()?)
        .map_err(|p| Error::Usage(p.to_string()))?;
    crate::context::target_layers(ctx.profiles()?, Some(&old), system, profile)
}

/// The assessment of `files` as they were at the baseline, scored with today's targets;
/// `None` when none of them existed there.
fn baseline_result(
    model: &crate::model::Model,
    files: &[PathBuf],
    at: &AtRevision,
    options: Options,
) -> Result<Option<ScoreResult>> {
    let old = at.named(files);
    if old.is_empty() {
        return Ok(None);
    }
    let assessment = crate::answers::load_bytes(model, &old).map_err(Error::Answers)?;
    Ok(Some(score::score(model, &assessment, options)))
}

/// Keeps as gaps only the practices below target that regressed since the baseline (diff's
/// rule) or, with `new_gaps`, were not below target there; the others pass, said in a note.
fn apply_baseline(
    result: &mut ScoreResult,
    old: Option<&ScoreResult>,
    at: &AtRevision,
    new_gaps: bool,
) -> Option<String> {
    let mut passed = Vec::new();
    for p in result.domains.iter_mut().flat_map(|d| d.practices.iter_mut()) {
        if p.gap.is_none_or(|g| g == 0) {
            continue;
        }
        let before = old.and_then(|o| o.practice(&p.id));
        let regressed = before.is_some_and(|b| Status::of(&b.rating, &p.rating) == Status::Regressed);
        let was_gap = before.is_some_and(|b| b.gap.is_some_and(|g| g > 0));
        if !(regressed || (new_gaps && !was_gap)) {
            p.gap = None;
            p.actions.clear();
            passed.push(p.id.clone());
        }
    }
    (!passed.is_empty()).then(|| {
        format!(
            "note: --baseline {}: {} practice{} below target that did not {} since then pass{}: {}",
            shown(&at.rev),
            passed.len(),
            if passed.len() == 1 { "" } else { "s" },
            if new_gaps {
                "regress and were below target"
            } else {
                "regress"
            },
            if passed.len() == 1 { "es" } else { "" },
            passed.join(", ")
        )
    })
}

/// The policies of `--policy` and `[policy] paths` over the assessment's policy input
/// (docs/policy.md), the same input `aima policy input` prints.
fn policy_results(
    ctx: &Context,
    args: &CheckArgs,
    (assessment, result): (&Assessment, &ScoreResult),
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
    let frameworks = gather::frameworks_read(&set, &args.framework, config, system);
    let catalogue = ctx.catalogue_of(&frameworks)?;
    let subject = Subject {
        model,
        assessment,
        result,
        config,
        frameworks: &frameworks,
        catalogue: &catalogue,
        today: ctx.today,
        target: args.targets.target,
        layers,
    };
    gather::run(&set, &subject)
}

/// What a framework gate checked, said on standard error.
/// The result gated by the frameworks `ids`: the practices their applicable clauses name,
/// at their gates' targets; with frameworks from aima.toml (`from_config`), the practices
/// with a target besides.
fn framework_gates(
    ctx: &Context,
    args: &CheckArgs,
    (assessment, layers): (&crate::answers::Assessment, &[crate::answers::Targets]),
    normal: &ScoreResult,
    (ids, from_config): (&[String], bool),
) -> Result<ScoreResult> {
    let model = ctx.model()?;
    let frameworks = ctx.catalogue()?.find_all(ids)?;
    let act = ctx.eu_ai_act_for(assessment.metadata.system.as_deref())?;
    let mut result = score_for_coverage(model, assessment, args.targets.target, layers);
    let input = Input {
        model,
        assessment,
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
    apply_gates(&mut result, normal, &gates, &targeted);
    Ok(result)
}

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
