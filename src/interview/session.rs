//! The interview's file: where and how `aima assess` saves, the lock it holds, and the
//! merge of an edit made on disk meanwhile (docs/interview.md, docs/security.md "Editors and
//! the interview"). Independent of the terminal: any front end that drives an
//! [`Interview`](super::Interview) through a [`Prompter`] saves through a [`Session`].
//!
//! - [`Session::new`] takes FILE's lock, by the file's identity ([`super::lock`]);
//! - [`Session::save`] reads FILE, merges an editor's save, and swaps the new text in
//!   ([`crate::base::save::exchange`]), merging again when an editor saved in between;
//! - the texts a front end shows: what is saved, the command that continues.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use super::lock::{Lock, Refused};
use super::terminal;
use super::{Prompter, Scope, ask_metadata, ask_reassessment};
use crate::answers::edit::{edit_answers, read_bytes};
use crate::answers::write::{Kind, answers_file};
use crate::answers::{Answer, Assessment, Date};
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::base::save::{Exchanged, exchange};
use crate::model::Model;

/// How often one save merges an editor's save that came in between and writes again.
const MAX_SAVE_ROUNDS: usize = 20;

/// Where and how the interview saves, and what it tells the assessor.
pub struct Session<'a> {
    model: &'a Model,
    path: PathBuf,
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
    /// FILE's lock; it follows FILE to the file each save puts in its place.
    lock: Option<Lock>,
}

impl<'a> Session<'a> {
    /// Takes FILE's lock: a second interview on it (by any name: a symbolic or hard link
    /// to it is the same file) is refused. `from` is `--from OLD`, `model_dir` `--model DIR`,
    /// both repeated in the command that continues the interview.
    pub fn new(
        model: &'a Model,
        file: &Path,
        from: Option<&Path>,
        model_dir: Option<&Path>,
        scope: &Scope,
    ) -> Result<Session<'a>> {
        let lock = take_lock(
            file,
            "is open in another `aima assess`",
            "finish that interview first",
        )?;
        let shown = shell_word(&file.display().to_string());
        let mut command = format!("aima assess {shown}");
        if let Some(old) = from {
            command.push_str(&format!(" --from {}", shell_word(&old.display().to_string())));
        }
        let model_option = model_dir.map_or(String::new(), |dir| {
            format!(" --model {}", shell_word(&dir.display().to_string()))
        });
        Ok(Session {
            model,
            path: file.to_path_buf(),
            file: shown,
            command,
            model_option,
            scope: scope.clone(),
            written: None,
            saved: BTreeMap::new(),
            lock,
        })
    }

    /// The model the interview asks from.
    pub fn model(&self) -> &'a Model {
        self.model
    }

    /// FILE as a shell word, for commands to copy.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// An existing FILE: what is on disk now is what the next save compares with.
    pub fn resume(&mut self, assessment: &Assessment) -> Result<()> {
        let bytes = read_disk(&self.path).map_err(|e| self.cannot_save(&e))?;
        self.written = Some(bytes);
        self.saved = assessment.answers.clone();
        Ok(())
    }

    /// A new FILE: asks its metadata (from OLD in a re-assessment) and writes it.
    pub fn create(
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
    pub fn save(&mut self, assessment: &mut Assessment, scope: &Scope) -> Result<Option<String>> {
        self.scope = scope.clone();
        let mut notices = Vec::new();
        let mut text = self.on_disk(assessment, &mut notices)?;
        // What the swap must find in the file's place: what was merged, then what was written.
        let mut expected = text.clone();
        for _ in 0..MAX_SAVE_ROUNDS {
            let edited = self.compose(text.as_deref(), assessment, scope, &mut notices);
            let exchanged = terminal::guarded(|| exchange(&self.path, edited.as_bytes()))
                .map_err(|e| self.cannot_save(&e))?;
            match exchanged {
                Exchanged::Displaced(displaced) if Some(&displaced) != expected.as_ref() => {
                    // An editor's save came between the read and the swap: merge it, again.
                    match self.merge(assessment, &displaced) {
                        Ok(notice) => notices.push(notice),
                        Err(e) => {
                            // Put the editor's file back rather than lose it.
                            let _ = exchange(&self.path, &displaced);
                            return Err(e);
                        }
                    }
                    text = Some(displaced);
                    expected = Some(edited.into_bytes());
                }
                _ => {
                    self.written = Some(edited.into_bytes());
                    if let Some(lock) = &mut self.lock {
                        lock.follow(&self.path);
                    }
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
        match read_disk(&self.path) {
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
    pub fn command(&self, scope: &Scope) -> String {
        let domains = match scope.domains.is_empty() {
            true => String::new(),
            false => format!(" --domain {}", scope.domains.join(",")),
        };
        format!("{}{domains}{}", self.command, self.model_option)
    }

    fn cannot_save(&self, e: &std::io::Error) -> Error {
        Error::Output(format!("cannot save {}: {e}", self.file))
    }

    pub fn interrupt_note(&self, assessment: &Assessment, scope: &Scope) {
        terminal::set_interrupt_note(self.interrupted(assessment, scope));
    }

    /// "Saved in FILE: 12 of 18 questions answered (domain GV)."
    pub fn saved(&self, assessment: &Assessment, scope: &Scope) -> String {
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

    pub fn interrupted(&self, assessment: &Assessment, scope: &Scope) -> String {
        format!(
            "Interrupted. {}\nContinue with: {}",
            self.saved(assessment, scope),
            self.command(scope)
        )
    }

    pub fn nothing_written(&self) -> String {
        format!(
            "Interrupted before the first answer: nothing was written.\nStart again with: {}",
            self.command(&self.scope)
        )
    }
}

/// Takes the lock of `file` for an interview, by the file's identity; `busy` says what holds
/// it and `then` what to do. `Ok(None)`: the file system cannot lock files.
fn take_lock(file: &Path, busy: &str, then: &str) -> Result<Option<Lock>> {
    let shown = terminal_line(&file.display().to_string()).into_owned();
    Lock::take(file).map_err(|refused| match refused {
        Refused::Busy(lock) => Error::Usage(format!(
            "{shown} {busy} (it holds {}): {then}",
            terminal_line(&lock.display().to_string())
        )),
        Refused::Linked => Error::Usage(format!(
            "{shown} {busy} under another name (a hard link to the same file): {then}"
        )),
        Refused::Io(lock, e) => Error::Usage(format!(
            "cannot create the lock file {}: {e}",
            terminal_line(&lock.display().to_string())
        )),
    })
}

/// Holds the interview lock of `output` while a command other than the interview writes it
/// (`merge -o`, `import -o`): a file an interview holds is refused with an error, so the
/// interview's answers are never replaced under it. Drop the lock once written.
pub fn hold_for_writing(output: &Path) -> Result<Option<Lock>> {
    let shown = terminal_line(&output.display().to_string()).into_owned();
    take_lock(
        output,
        "is open in an `aima assess` interview",
        &format!("finish that interview first, or write elsewhere; nothing was written to {shown}"),
    )
    .map_err(|e| match e {
        Error::Usage(message) => Error::Usage(format!("-o {message}")),
        other => other,
    })
}

/// FILE as it is on disk now. Only a regular file is read: a FIFO or device put in its
/// place (docs/security.md) is an error, never a read that blocks the interview.
fn read_disk(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    crate::base::input::check_kind(&meta)
        .map_err(|message| std::io::Error::new(std::io::ErrorKind::InvalidInput, message))?;
    std::fs::read(path)
}

fn filled(answer: Option<&Answer>) -> Option<&Answer> {
    answer.filter(|a| **a != Answer::default())
}

/// Fails before any question when FILE's folder is missing or not writable, rather than
/// after the first answer.
pub fn check_writable(path: &Path) -> Result<()> {
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
pub fn shell_word(text: &str) -> String {
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
