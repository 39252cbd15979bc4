//! `aima assess [FILE] [--from OLD]`: the interactive interview. Resumes FILE when it
//! exists, saves it atomically after every answer (editing its text in place, so comments
//! survive), holds a lock so that a second interview on FILE is refused, merges an edit
//! made to FILE meanwhile, and ends with the score table of the domains walked. See
//! docs/interview.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use super::Outcome;
use crate::answers::edit::{edit_answers, read_bytes};
use crate::answers::write::{Kind, answers_file};
use crate::answers::{Answer, Assessment, Date, Targets};
use crate::cli::{AssessArgs, Format};
use crate::context::Context;
use crate::error::{Error, Result};
use crate::interview::lock::{Lock, Refused};
use crate::interview::terminal::{self, DialoguerPrompter};
use crate::interview::{End, Interview, Prompter, Scope, ask_metadata, ask_reassessment};
use crate::model::Model;
use crate::render::{ScoreView, Table, render};
use crate::sanitize::terminal_line;
use crate::save::{Exchanged, exchange};
use crate::score::{self, Options};

/// How often one save merges an editor's save that came in between and writes again.
const MAX_SAVE_ROUNDS: usize = 20;

pub fn run(ctx: &Context, args: &AssessArgs) -> Result<Outcome> {
    let (model, model_dir) = (ctx.model()?, ctx.model_dir());
    let scope = Scope::new(model, &args.domain).map_err(Error::Usage)?;
    let assessment = match args.file.exists() {
        true => Some(final_or_reopened(ctx, args)?),
        false if args.reopen => {
            return Err(Error::Usage(format!(
                "--reopen: {} does not exist",
                crate::sanitize::terminal_line(&args.file.display().to_string())
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
    let shown = crate::sanitize::terminal_line(&args.file.display().to_string()).into_owned();
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
    let text = crate::input::read_text(&args.file, &shown)
        .map_err(|p| Error::Answers(crate::diag::Problems { list: vec![p] }))?;
    let reopened = crate::answers::sign::reopen(&text)
        .map_err(|m| Error::Usage(format!("{shown}: cannot reopen in place: {m}")))?;
    crate::answers::load_bytes(ctx.model()?, &[(shown.clone(), reopened.as_bytes())]).map_err(Error::Answers)
}

/// With `--reopen`: writes FILE reopened (once a terminal is there to interview on).
fn write_reopened(args: &AssessArgs) -> Result<()> {
    if !args.reopen {
        return Ok(());
    }
    let shown = crate::sanitize::terminal_line(&args.file.display().to_string()).into_owned();
    let text = crate::input::read_text(&args.file, &shown)
        .map_err(|p| Error::Answers(crate::diag::Problems { list: vec![p] }))?;
    let reopened = crate::answers::sign::reopen(&text)
        .map_err(|m| Error::Usage(format!("{shown}: cannot reopen in place: {m}")))?;
    crate::save::write_atomic(&args.file, reopened.as_bytes())
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
    let mut session = Session::new(model, model_dir, args, &scope)?;
    let assessment = match start.loaded {
        Some(assessment) => {
            session.resume(&assessment)?;
            assessment
        }
        None => {
            let mut assessment = session.create(prompter, previous.as_ref(), start.today)?;
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
    let mut out = summary(session.model, assessment, &interview.domains(), table);
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
        session.file
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

/// Where and how the interview saves, and what it tells the assessor.
struct Session<'a> {
    model: &'a Model,
    path: &'a Path,
    /// FILE as a shell word, for commands to copy.
    file: String,
    /// The command that continues this interview, without its `--domain`.
    command: String,
    /// `--model DIR` as a shell word, repeated after `--domain`.
    model_option: String,
    /// The interview's scope at the last save (a domain jump widens it).
    scope: Scope,
    /// The bytes last read from or written to FILE (`None`: not created yet).
    written: Option<Vec<u8>>,
    /// FILE's answers as last written: what the interview changed since is its own.
    saved: BTreeMap<String, Answer>,
    _lock: Option<Lock>,
}

impl<'a> Session<'a> {
    /// Takes FILE's lock: a second interview on it is refused.
    fn new(
        model: &'a Model,
        model_dir: Option<&Path>,
        args: &'a AssessArgs,
        scope: &Scope,
    ) -> Result<Session<'a>> {
        let file = shell_word(&args.file.display().to_string());
        let lock = Lock::take(&args.file).map_err(|refused| match refused {
            Refused::Busy(lock) => Error::Usage(format!(
                "{} is open in another `aima assess` (it holds {}): finish that interview first",
                terminal_line(&args.file.display().to_string()),
                terminal_line(&lock.display().to_string())
            )),
            Refused::Io(lock, e) => Error::Usage(format!(
                "cannot create the lock file {}: {e}",
                terminal_line(&lock.display().to_string())
            )),
        })?;
        let mut command = format!("aima assess {file}");
        if let Some(old) = &args.from {
            command.push_str(&format!(" --from {}", shell_word(&old.display().to_string())));
        }
        let model_option = model_dir.map_or(String::new(), |dir| {
            format!(" --model {}", shell_word(&dir.display().to_string()))
        });
        Ok(Session {
            model,
            path: &args.file,
            file,
            command,
            model_option,
            scope: scope.clone(),
            written: None,
            saved: BTreeMap::new(),
            _lock: lock,
        })
    }

    /// An existing FILE: what is on disk now is what the next save compares with.
    fn resume(&mut self, assessment: &Assessment) -> Result<()> {
        let bytes = read_disk(self.path).map_err(|e| self.cannot_save(&e))?;
        self.written = Some(bytes);
        self.saved = assessment.answers.clone();
        Ok(())
    }

    /// A new FILE: asks its metadata (from OLD in a re-assessment) and writes it.
    fn create(
        &mut self,
        prompter: &mut dyn Prompter,
        previous: Option<&Assessment>,
        today: Date,
    ) -> Result<Assessment> {
        terminal::set_interrupt_note(self.nothing_written());
        let shown = terminal_line(&self.path.display().to_string()).into_owned();
        let title = match previous {
            Some(_) => format!("Re-assessment: {shown}, starting from the previous assessment"),
            None => format!("New assessment: {shown}"),
        };
        prompter
            .message(&[
                title,
                "A few details first. Then the questions: Enter takes the answer under the cursor, \
                 y m p n a answer at once (s skips, b goes back, q saves and quits); \
                 the file is saved after every answer."
                    .to_string(),
            ])
            .map_err(|e| Error::Output(format!("the terminal failed: {e}")))?;
        let metadata = match previous {
            Some(old) => ask_reassessment(prompter, &old.metadata, today)?,
            None => ask_metadata(prompter, today)?,
        };
        let Some(metadata) = metadata else {
            return Err(Error::Interrupted(self.nothing_written()));
        };
        let mut assessment = Assessment::new(self.model);
        assessment.metadata = metadata;
        if let Some(old) = previous {
            assessment.targets = old.targets.clone();
        }
        Ok(assessment)
    }

    /// Saves FILE: its text edited in place where answers changed. When FILE changed on
    /// disk since the last save (an editor), what is there is merged first: the edit
    /// wins for every question this interview did not just change. An edit that no
    /// longer reads as an answers file stops the interview.
    ///
    /// The new file is swapped with the one on disk in one step ([`exchange`]); when what
    /// came out is not what was merged (an editor saved in between), it is merged in and the
    /// file written again, so no editor's save is lost (docs/security.md).
    fn save(&mut self, assessment: &mut Assessment, scope: &Scope) -> Result<Option<String>> {
        self.scope = scope.clone();
        let mut notices = Vec::new();
        let mut text = self.on_disk(assessment, &mut notices)?;
        // What the swap must find in the file's place: what was merged, then what was written.
        let mut expected = text.clone();
        for _ in 0..MAX_SAVE_ROUNDS {
            let edited = self.compose(text.as_deref(), assessment, scope, &mut notices);
            let exchanged = terminal::guarded(|| exchange(self.path, edited.as_bytes()))
                .map_err(|e| self.cannot_save(&e))?;
            match exchanged {
                Exchanged::Displaced(displaced) if Some(&displaced) != expected.as_ref() => {
                    // An editor's save came between the read and the swap: merge it, again.
                    match self.merge(assessment, &displaced) {
                        Ok(notice) => notices.push(notice),
                        Err(e) => {
                            // Put the editor's file back rather than lose it.
                            let _ = exchange(self.path, &displaced);
                            return Err(e);
                        }
                    }
                    text = Some(displaced);
                    expected = Some(edited.into_bytes());
                }
                _ => {
                    self.written = Some(edited.into_bytes());
                    self.saved = assessment.answers.clone();
                    self.interrupt_note(assessment, scope);
                    notices.dedup();
                    return Ok((!notices.is_empty()).then(|| notices.join(" ")));
                }
            }
        }
        Err(Error::Output(format!(
            "cannot save {}: it was replaced on disk {MAX_SAVE_ROUNDS} times while it was being saved; \
             the last answer is not saved (answer it again)",
            self.file
        )))
    }

    /// FILE as it is on disk, merged into `assessment` when it changed since the last save;
    /// `None` for a new file or one removed meanwhile.
    fn on_disk(&mut self, assessment: &mut Assessment, notices: &mut Vec<String>) -> Result<Option<Vec<u8>>> {
        let Some(written) = &self.written else {
            return Ok(None);
        };
        match read_disk(self.path) {
            Ok(disk) if disk == *written => Ok(Some(disk)),
            Ok(disk) => {
                notices.push(self.merge(assessment, &disk)?);
                Ok(Some(disk))
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                notices.push(format!("{} had been removed: written again.", self.file));
                Ok(None)
            }
            Err(e) => Err(self.cannot_save(&e)),
        }
    }

    /// The new text of FILE: `text` (what is on disk) edited in place, or the whole file.
    fn compose(
        &self,
        text: Option<&[u8]>,
        assessment: &Assessment,
        scope: &Scope,
        notices: &mut Vec<String>,
    ) -> String {
        let text = text.and_then(|t| std::str::from_utf8(t).ok());
        if let Some(edited) = text.and_then(|t| edit_answers(self.model, t, &assessment.answers)) {
            return edited;
        }
        if text.is_some_and(|t| t.contains('#')) {
            notices.push(format!(
                "{} could not be edited in place: it was written whole, in the worksheet layout, \
                 and comments in it were not kept.",
                self.file
            ));
        }
        self.whole_file(assessment, scope)
    }

    /// FILE as a whole: the domains in scope and every domain with entries.
    fn whole_file(&self, assessment: &Assessment, scope: &Scope) -> String {
        let mut include: BTreeSet<&str> = BTreeSet::new();
        for code in assessment.answers.keys().chain(&scope.codes) {
            include.insert(code.split('-').next().unwrap_or_default());
        }
        answers_file(self.model, assessment, Kind::Assessment, &|d| {
            include.contains(d.id.as_str())
        })
    }

    /// Merges FILE as it is on disk (`disk`) into `assessment`; the notice says what.
    fn merge(&self, assessment: &mut Assessment, disk: &[u8]) -> Result<String> {
        let own: Vec<String> = (assessment.answers.keys().chain(self.saved.keys()))
            .filter(|c| filled(assessment.answers.get(*c)) != filled(self.saved.get(*c)))
            .cloned()
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        let display = self.path.display().to_string();
        let mut merged = read_bytes(self.model, &display, disk).map_err(|e| {
            let e = Error::Answers(e);
            Error::Usage(format!(
                "{} was changed on disk during the interview and no longer reads as an answers file \
                 ({e}); the answer just given ({}) is not saved. Fix the file, then continue with: {}",
                self.file,
                own.join(", "),
                self.command(&self.scope)
            ))
        })?;
        let mut replaced = Vec::new();
        for code in &own {
            if filled(merged.answers.get(code)) != filled(self.saved.get(code)) {
                replaced.push(code.clone());
            }
            match assessment.answers.get(code) {
                Some(answer) => merged.answers.insert(code.clone(), answer.clone()),
                None => merged.answers.remove(code),
            };
        }
        *assessment = merged;
        let mut notice = format!("{} was changed on disk: those changes are kept.", self.file);
        if !replaced.is_empty() {
            notice.push_str(&format!(
                " Your answer replaced the file's for {}.",
                replaced.join(", ")
            ));
        }
        Ok(notice)
    }

    /// The command that continues this interview over `scope`.
    fn command(&self, scope: &Scope) -> String {
        let domains = match scope.domains.is_empty() {
            true => String::new(),
            false => format!(" --domain {}", scope.domains.join(",")),
        };
        format!("{}{domains}{}", self.command, self.model_option)
    }

    fn cannot_save(&self, e: &std::io::Error) -> Error {
        Error::Output(format!("cannot save {}: {e}", self.file))
    }

    fn interrupt_note(&self, assessment: &Assessment, scope: &Scope) {
        terminal::set_interrupt_note(self.interrupted(assessment, scope));
    }

    /// "Saved in FILE: 12 of 18 questions answered (domain GV)."
    fn saved(&self, assessment: &Assessment, scope: &Scope) -> String {
        let answered = scope.answered(assessment);
        let total = scope.codes.len();
        let domains = match scope.domains.as_slice() {
            [] => String::new(),
            [one] => format!(" (domain {one})"),
            many => format!(" (domains {})", many.join(", ")),
        };
        let count = match answered == total {
            true => format!("all {total} questions answered"),
            false => format!("{answered} of {total} questions answered"),
        };
        format!(
            "Saved in {}: {count}{domains}.",
            terminal_line(&self.path.display().to_string())
        )
    }

    fn interrupted(&self, assessment: &Assessment, scope: &Scope) -> String {
        format!(
            "Interrupted. {}\nContinue with: {}",
            self.saved(assessment, scope),
            self.command(scope)
        )
    }

    fn nothing_written(&self) -> String {
        format!(
            "Interrupted before the first answer: nothing was written.\nStart again with: {}",
            self.command(&self.scope)
        )
    }
}

/// FILE as it is on disk now. Only a regular file is read: a FIFO or device put in its
/// place (docs/security.md) is an error, never a read that blocks the interview.
fn read_disk(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    crate::input::check_kind(&meta)
        .map_err(|message| std::io::Error::new(std::io::ErrorKind::InvalidInput, message))?;
    std::fs::read(path)
}

fn filled(answer: Option<&Answer>) -> Option<&Answer> {
    answer.filter(|a| **a != Answer::default())
}

/// Fails before any question when FILE's folder is missing or not writable, rather than
/// after the first answer.
fn check_writable(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        let (file, dir) = (
            terminal_line(&path.display().to_string()).into_owned(),
            terminal_line(&dir.display().to_string()).into_owned(),
        );
        return Err(Error::Usage(format!(
            "cannot write {file}: the folder {dir} does not exist; create it first (mkdir -p {dir})"
        )));
    }
    tempfile::Builder::new()
        .prefix(".aima-check.")
        .suffix(".aima-tmp")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| {
            Error::Usage(format!(
                "cannot write {} in {}: {e}",
                terminal_line(&path.display().to_string()),
                terminal_line(&dir.display().to_string())
            ))
        })
}

/// `text` as one word for a POSIX shell, quoted only when needed; unsafe characters
/// are shown escaped, never sent raw to the terminal.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c));
    match plain {
        true => text.to_string(),
        false => format!("'{}'", terminal_line(&text.replace('\'', r"'\''"))),
    }
}

#[cfg(test)]
mod tests {
    use super::shell_word;

    #[test]
    fn quotes_file_names_for_the_shell_only_when_needed() {
        assert_eq!(shell_word("assessment.yaml"), "assessment.yaml");
        assert_eq!(shell_word("teams/gv-2026.yaml"), "teams/gv-2026.yaml");
        assert_eq!(shell_word("my file.yaml"), "'my file.yaml'");
        assert_eq!(shell_word("it's.yaml"), r"'it'\''s.yaml'");
        assert_eq!(shell_word(""), "''");
    }
}
