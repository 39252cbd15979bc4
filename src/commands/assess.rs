//! `aima assess [FILE] [--from OLD]`: the interactive interview on the terminal. Glue: the
//! interview is [`crate::interview::Interview`], its saves, lock and merges are
//! [`crate::interview::Session`]; this resumes FILE when it exists and ends with the score
//! table of the domains walked. See docs/interview.md.

use std::path::Path;

use super::Outcome;
use crate::answers::{Assessment, Date, Targets};
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::{AssessArgs, Format};
use crate::context::Context;
use crate::interview::session::{check_writable, shell_word};
use crate::interview::terminal::{self, DialoguerPrompter};
use crate::interview::{End, Interview, Prompter, Scope, Session};
use crate::model::Model;
use crate::render::{ScoreView, Table, render};
use crate::score::{self, Options};

pub fn run(ctx: &Context, args: &AssessArgs) -> Result<Outcome> {
    let (model, model_dir) = (ctx.model()?, ctx.model_dir());
    let scope = Scope::new(model, &args.domain).map_err(Error::Usage)?;
    let assessment = match args.file.exists() {
        true => Some(final_or_reopened(ctx, args)?),
        false if args.reopen => {
            return Err(Error::Usage(format!(
                "--reopen: {} does not exist",
                crate::base::sanitize::terminal_line(&args.file.display().to_string())
            )));
        }
        false => None,
    };
    let profile = profile_targets(ctx, args, assessment.is_some())?;
    load_previous(model, args, ctx.today)?;
    check_writable(&args.file)?;
    // dialoguer would read keys from /dev/tty even with stdin redirected; refuse instead.
    if !terminal::is_interactive() {
        return Err(Error::Usage(format!(
            "`aima assess` is an interactive interview and needs a terminal (stdin and stderr); \
             without one, fill in a blank worksheet from `aima worksheet` and score it with `aima score {}`",
            shell_word(&args.file.display().to_string())
        )));
    }
    write_reopened(args)?;
    let mut prompter =
        DialoguerPrompter::new().map_err(|e| Error::Output(format!("cannot use the terminal: {e}")))?;
    let start = Start {
        loaded: assessment,
        today: ctx.today,
        profile,
        table: ctx.table,
    };
    interview_with(model, model_dir, args, scope, start, &mut prompter)
}

/// FILE as loaded: a `final` one is refused unless `--reopen`, which sets it back to `draft`
/// (its sign-offs kept under `superseded`) in place, before any question (docs/record.md).
fn final_or_reopened(ctx: &Context, args: &AssessArgs) -> Result<Assessment> {
    let file = std::slice::from_ref(&args.file);
    let assessment = ctx.answers(file)?;
    let shown = crate::base::sanitize::terminal_line(&args.file.display().to_string()).into_owned();
    let is_final = assessment.metadata.status() == crate::answers::Status::Final;
    if !args.reopen {
        if is_final {
            return Err(Error::Usage(format!(
                "{shown} is final (signed off): an answer changed now would not be what was approved; \
                 `aima assess {shown} --reopen` sets it back to draft and keeps the sign-offs under `superseded`"
            )));
        }
        return Ok(assessment);
    }
    if !is_final {
        return Err(Error::Usage(format!(
            "--reopen: {shown} is not final; assess it without --reopen"
        )));
    }
    let text = crate::base::input::read_text(&args.file, &shown)
        .map_err(|p| Error::Answers(crate::base::diag::Problems { list: vec![p] }))?;
    let reopened = crate::answers::sign::reopen(&text)
        .map_err(|m| Error::Usage(format!("{shown}: cannot reopen in place: {m}")))?;
    crate::answers::load_bytes(ctx.model()?, &[(shown.clone(), reopened.as_bytes())]).map_err(Error::Answers)
}

/// With `--reopen`: writes FILE reopened (once a terminal is there to interview on).
fn write_reopened(args: &AssessArgs) -> Result<()> {
    if !args.reopen {
        return Ok(());
    }
    let shown = crate::base::sanitize::terminal_line(&args.file.display().to_string()).into_owned();
    let text = crate::base::input::read_text(&args.file, &shown)
        .map_err(|p| Error::Answers(crate::base::diag::Problems { list: vec![p] }))?;
    let reopened = crate::answers::sign::reopen(&text)
        .map_err(|m| Error::Usage(format!("{shown}: cannot reopen in place: {m}")))?;
    crate::base::save::write_atomic(&args.file, reopened.as_bytes())
        .map_err(|e| Error::io(format!("cannot write {shown}"), e))
}

/// `--profile ID`: the targets a new FILE gets. An existing FILE keeps its own targets,
/// so the option is refused there rather than silently ignored.
fn profile_targets(ctx: &Context, args: &AssessArgs, exists: bool) -> Result<Option<Targets>> {
    let Some(id) = args.profile.as_deref() else {
        return Ok(None);
    };
    if exists {
        return Err(Error::Usage(format!(
            "--profile sets the targets of a new file, and {} exists; edit its `targets:`, or pass \
             --profile {} to score, report or check instead",
            terminal_line(&args.file.display().to_string()),
            terminal_line(id)
        )));
    }
    Ok(ctx.profile_layers(Some(id))?.into_iter().next())
}

/// `--round ID`: a round id, for a new file; an existing FILE keeps its own round, so a
/// different one is refused rather than silently ignored.
fn check_round(args: &AssessArgs, loaded: Option<&Assessment>) -> Result<()> {
    let Some(round) = args.round.as_deref() else {
        return Ok(());
    };
    if !crate::answers::record::is_round_id(round) {
        return Err(Error::Usage(format!(
            "--round {}: a round id is letters, digits, `-`, `_` and `.` (e.g. 2026-H2)",
            terminal_line(round)
        )));
    }
    match loaded.map(|a| a.metadata.round.as_deref()) {
        Some(existing) if existing != Some(round) => Err(Error::Usage(format!(
            "--round sets the round of a new file, and {} exists ({}); edit its `assessment.round`",
            terminal_line(&args.file.display().to_string()),
            existing.map_or("without a round".to_string(), |r| format!(
                "round {}",
                terminal_line(r)
            ))
        ))),
        _ => Ok(()),
    }
}

/// What an interview starts from: FILE as loaded (`None`: a new file), today's date, and
/// the targets of `--profile` for a new file.
pub struct Start {
    pub loaded: Option<Assessment>,
    pub today: Date,
    pub profile: Option<Targets>,
    /// How the closing score table is laid out.
    pub table: Table,
}

/// OLD of `--from OLD`, checked; refused when it is FILE itself.
fn load_previous(model: &Model, args: &AssessArgs, today: Date) -> Result<Option<Assessment>> {
    let Some(old) = &args.from else { return Ok(None) };
    let same = match (old.canonicalize(), args.file.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => old == &args.file,
    };
    if same {
        return Err(Error::Usage(format!(
            "`--from {}` names the file being written: the re-assessment goes into a new file, \
             e.g. `aima assess assessment-{}.yaml --from {}`",
            terminal_line(&old.display().to_string()),
            today,
            terminal_line(&old.display().to_string())
        )));
    }
    crate::answers::load(model, std::slice::from_ref(old))
        .map(Some)
        .map_err(Error::Answers)
}

/// The command behind the terminal check: runs the interview on `prompter` over the
/// loaded file (`None`: a new file, whose metadata is asked first; with `--from OLD`,
/// OLD's metadata with the assessor and date asked), saving FILE after every answer;
/// `model_dir` is repeated in the command that continues it. Tests drive it with a
/// scripted prompter.
pub fn interview(
    model: &Model,
    model_dir: Option<&Path>,
    args: &AssessArgs,
    scope: Scope,
    loaded: Option<Assessment>,
    prompter: &mut dyn Prompter,
    today: Date,
) -> Result<Outcome> {
    let start = Start {
        loaded,
        today,
        profile: None,
        table: Table::default(),
    };
    interview_with(model, model_dir, args, scope, start, prompter)
}

/// [`interview`] with everything it starts from, `--profile`'s targets included.
pub fn interview_with(
    model: &Model,
    model_dir: Option<&Path>,
    args: &AssessArgs,
    scope: Scope,
    start: Start,
    prompter: &mut dyn Prompter,
) -> Result<Outcome> {
    let previous = load_previous(model, args, start.today)?;
    check_round(args, start.loaded.as_ref())?;
    let mut session = Session::new(model, &args.file, args.from.as_deref(), model_dir, &scope)?;
    let assessment = match start.loaded {
        Some(assessment) => {
            session.resume(&assessment)?;
            assessment
        }
        None => {
            let mut assessment = session.create(prompter, previous.as_ref(), start.today)?;
            assessment.metadata.round = args.round.clone();
            if let Some(targets) = start.profile {
                // The profile asked for on the command line wins over OLD's targets.
                assessment.targets = targets;
            }
            session.save(&mut assessment, &scope)?;
            assessment
        }
    };
    session.interrupt_note(&assessment, &scope);
    let folder = crate::evidence::gather::folder_of(&args.file.display().to_string());
    let mut interview =
        Interview::new(model, scope, assessment, args.review).with_evidence_folder(folder, start.today);
    if let Some(previous) = previous {
        interview = interview.with_previous(previous);
    }
    let nothing_to_ask = interview.walk.codes().is_empty();
    let end = interview.run(prompter, &mut |a, s| session.save(a, s))?;
    let (assessment, scope) = (&interview.assessment, &interview.scope);
    match end {
        End::Interrupted => Err(Error::Interrupted(session.interrupted(assessment, scope))),
        End::SavedAndQuit => Ok(Outcome::output(format!(
            "{}\nContinue with: {}\n",
            session.saved(assessment, scope),
            session.command(scope)
        ))),
        End::Finished => Ok(Outcome::output(finished(
            &session,
            &interview,
            nothing_to_ask,
            start.table,
        ))),
    }
}

/// The closing text: the score table of the domains walked, what is saved, what is open.
fn finished(session: &Session<'_>, interview: &Interview<'_>, nothing_to_ask: bool, table: Table) -> String {
    let (assessment, scope) = (&interview.assessment, &interview.scope);
    let mut out = summary(session.model(), assessment, &interview.domains(), table);
    out.push('\n');
    if nothing_to_ask {
        out.push_str(&format!(
            "Nothing to ask: every question in scope is answered. `{} --review` walks them again.\n",
            session.command(scope)
        ));
    } else {
        out.push_str(&session.saved(assessment, scope));
        out.push('\n');
    }
    let open = scope.codes.len() - scope.answered(assessment);
    if open > 0 {
        out.push_str(&format!(
            "{open} skipped question{} still open: {} asks {}.\n",
            if open == 1 { " is" } else { "s are" },
            session.command(scope),
            if open == 1 { "it" } else { "them" }
        ));
    }
    out.push_str(&format!(
        "Write the report: aima report {} -o report.md\n",
        session.file()
    ));
    out
}

/// The score table of `domains` only (all of them: the whole model's), so a one-domain
/// interview does not end with rows of zeros for the domains it never asked about.
fn summary(model: &Model, assessment: &Assessment, domains: &[String], table: Table) -> String {
    let walked: Model;
    let shown = match domains.len() == model.domains.len() {
        true => model,
        false => {
            let mut part = model.clone();
            part.domains.retain(|d| domains.contains(&d.id));
            walked = part;
            &walked
        }
    };
    let result = score::score(
        shown,
        assessment,
        Options {
            target: None,
            ..Options::default()
        },
    );
    let view = ScoreView {
        model: shown,
        assessment,
        result: &result,
        config: None,
    };
    let mut out = String::new();
    if shown.domains.len() != model.domains.len() {
        out.push_str(&format!(
            "Scores of the domain{} walked ({}); `aima score FILE` scores the whole file.\n",
            if domains.len() == 1 { "" } else { "s" },
            domains.join(", ")
        ));
    }
    out.push_str(&render(Format::Table, &view, table));
    if !out.ends_with('\n') {
        out.push('\n');
    }
    out
}
