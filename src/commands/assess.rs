//! `aima assess [FILE]`: the interactive interview. Resumes FILE when it exists, saves it
//! atomically after every answer, and ends with the score table.

use std::collections::BTreeSet;
use std::path::Path;

use super::{Outcome, load_answers};
use crate::answers::write::{Kind, answers_file};
use crate::answers::{Assessment, Date};
use crate::cli::{AssessArgs, Format};
use crate::error::{Error, Result};
use crate::interview::terminal::{self, DialoguerPrompter};
use crate::interview::{End, Interview, Prompter, Scope, ask_metadata};
use crate::model::Model;
use crate::render::{ScoreView, render};
use crate::save::write_atomic;
use crate::score::{self, Options};

pub fn run(model: &Model, model_dir: Option<&Path>, args: &AssessArgs) -> Result<Outcome> {
    let scope = Scope::new(model, &args.domain).map_err(Error::Usage)?;
    let existing = args.file.exists();
    let assessment = match existing {
        true => Some(load_answers(model, std::slice::from_ref(&args.file))?),
        false => None,
    };
    check_writable(&args.file)?;
    // dialoguer would read keys from /dev/tty even with stdin redirected; refuse instead.
    if !terminal::is_interactive() {
        return Err(Error::Usage(format!(
            "`aima assess` is an interactive interview and needs a terminal (stdin and stderr); \
             without one, fill in a blank worksheet from `aima worksheet` and score it with `aima score {}`",
            shell_word(&args.file.display().to_string())
        )));
    }
    let mut prompter =
        DialoguerPrompter::new().map_err(|e| Error::Output(format!("cannot use the terminal: {e}")))?;
    interview(
        model,
        model_dir,
        args,
        scope,
        assessment,
        &mut prompter,
        Date::today(),
    )
}

/// The command behind the terminal check: runs the interview on `prompter` over the
/// loaded file (`None`: a new file, whose metadata is asked first), saving FILE after
/// every answer; `model_dir` is repeated in the command that continues it. Tests drive it
/// with a scripted prompter.
pub fn interview(
    model: &Model,
    model_dir: Option<&Path>,
    args: &AssessArgs,
    scope: Scope,
    loaded: Option<Assessment>,
    prompter: &mut dyn Prompter,
    today: Date,
) -> Result<Outcome> {
    let session = Session::new(model, model_dir, args, &scope, loaded.as_ref());
    let assessment = match loaded {
        Some(assessment) => assessment,
        None => {
            terminal::set_interrupt_note(session.nothing_written());
            prompter
                .message(&[
                    format!("New assessment: {}", args.file.display()),
                    "A few details first (Enter leaves one empty). Then the questions: Enter answers yes; \
                     the file is saved after every answer."
                        .to_string(),
                ])
                .map_err(|e| Error::Output(format!("the terminal failed: {e}")))?;
            let Some(metadata) = ask_metadata(prompter, today)? else {
                return Err(Error::Interrupted(session.nothing_written()));
            };
            let mut assessment = Assessment::new(model);
            assessment.metadata = metadata;
            session.save(&assessment)?;
            assessment
        }
    };
    terminal::set_interrupt_note(session.interrupted(&assessment));
    let mut interview = Interview::new(model, scope, assessment, args.review);
    let nothing_to_ask = interview.walk.codes().is_empty();
    let end = interview.run(prompter, &mut |a| session.save(a))?;
    let assessment = &interview.assessment;
    match end {
        End::Interrupted => Err(Error::Interrupted(session.interrupted(assessment))),
        End::SavedAndQuit => Ok(Outcome::output(format!(
            "{}\nContinue with: {}\n",
            session.saved(assessment),
            session.command
        ))),
        End::Finished => {
            let result = score::score(
                model,
                assessment,
                Options {
                    target: None,
                    ..Options::default()
                },
            );
            let view = ScoreView {
                model,
                assessment,
                result: &result,
            };
            let mut out = render(Format::Table, &view);
            if !out.ends_with('\n') {
                out.push('\n');
            }
            out.push('\n');
            if nothing_to_ask {
                out.push_str(&format!(
                    "Nothing to ask: every question in scope is answered. `{} --review` walks them again.\n",
                    session.command
                ));
            } else {
                out.push_str(&session.saved(assessment));
                out.push('\n');
            }
            let open = session.scope.codes.len() - session.scope.answered(assessment);
            if open > 0 {
                out.push_str(&format!(
                    "{open} skipped question{} still open: {} asks {}.\n",
                    if open == 1 { " is" } else { "s are" },
                    session.command,
                    if open == 1 { "it" } else { "them" }
                ));
            }
            out.push_str(&format!(
                "Write the report: aima report {} -o report.md\n",
                session.file
            ));
            Ok(Outcome::output(out))
        }
    }
}

/// Where and how the interview saves, and what it tells the assessor.
struct Session<'a> {
    model: &'a Model,
    path: &'a Path,
    /// FILE as a shell word, for commands to copy.
    file: String,
    scope: Scope,
    /// Domains written to FILE: those in scope and every domain the file already had
    /// entries for, so no entry is ever dropped.
    include: BTreeSet<String>,
    /// The command that continues this interview.
    command: String,
}

impl<'a> Session<'a> {
    fn new(
        model: &'a Model,
        model_dir: Option<&Path>,
        args: &'a AssessArgs,
        scope: &Scope,
        loaded: Option<&Assessment>,
    ) -> Session<'a> {
        let mut include: BTreeSet<String> = model
            .domains
            .iter()
            .filter(|d| scope.contains_domain(&d.id))
            .map(|d| d.id.clone())
            .collect();
        for code in loaded.into_iter().flat_map(|a| a.answers.keys()) {
            if let Some(q) = model.question(code) {
                include.insert(q.domain.id.clone());
            }
        }
        let file = shell_word(&args.file.display().to_string());
        let mut command = format!("aima assess {file}");
        if !scope.domains.is_empty() {
            command.push_str(&format!(" --domain {}", scope.domains.join(",")));
        }
        if let Some(dir) = model_dir {
            command.push_str(&format!(" --model {}", shell_word(&dir.display().to_string())));
        }
        Session {
            model,
            path: &args.file,
            file,
            scope: scope.clone(),
            include,
            command,
        }
    }

    /// Writes FILE atomically; a signal handler never exits in the middle.
    fn save(&self, assessment: &Assessment) -> Result<()> {
        let text = answers_file(self.model, assessment, Kind::Assessment, &|d| {
            self.include.contains(&d.id)
        });
        terminal::guarded(|| write_atomic(self.path, text.as_bytes()))
            .map_err(|e| Error::Output(format!("cannot save {}: {e}", self.path.display())))?;
        terminal::set_interrupt_note(self.interrupted(assessment));
        Ok(())
    }

    /// "Saved in FILE: 12 of 18 questions answered (domain GV)."
    fn saved(&self, assessment: &Assessment) -> String {
        let answered = self.scope.answered(assessment);
        let total = self.scope.codes.len();
        let domains = match self.scope.domains.as_slice() {
            [] => String::new(),
            [one] => format!(" (domain {one})"),
            many => format!(" (domains {})", many.join(", ")),
        };
        let count = match answered == total {
            true => format!("all {total} questions answered"),
            false => format!("{answered} of {total} questions answered"),
        };
        format!("Saved in {}: {count}{domains}.", self.path.display())
    }

    fn interrupted(&self, assessment: &Assessment) -> String {
        format!(
            "Interrupted. {}\nContinue with: {}",
            self.saved(assessment),
            self.command
        )
    }

    fn nothing_written(&self) -> String {
        format!(
            "Interrupted before the first answer: nothing was written.\nStart again with: {}",
            self.command
        )
    }
}

/// Fails before any question when FILE's folder is missing or not writable, rather than
/// after the first answer.
fn check_writable(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    tempfile::Builder::new()
        .prefix(".aima-check.")
        .suffix(".aima-tmp")
        .tempfile_in(dir)
        .map(drop)
        .map_err(|e| {
            Error::Usage(format!(
                "cannot write {} in {}: {e}",
                path.display(),
                dir.display()
            ))
        })
}

/// `text` as one word for a POSIX shell, quoted only when needed.
fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_-./:@%+=,".contains(c));
    match plain {
        true => text.to_string(),
        false => format!("'{}'", text.replace('\'', r"'\''")),
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
