//! The one seam between the interview and the terminal: [`Prompter`]. The question flow
//! only ever talks to this trait, so it runs the same against dialoguer
//! ([`super::terminal::DialoguerPrompter`]) and against scripted answers
//! ([`super::scripted::ScriptedPrompter`]) in tests.

use std::io;

use crate::answers::{Answer, Word};
use crate::model::QuestionRef;

/// What the assessor picks on a question screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Choice {
    /// An answer word. `Word::Na` then asks for the reason.
    Answer(Word),
    /// Leave the question unanswered and go on.
    Skip,
    /// Go to the previous question of the interview.
    Back,
    /// Stop here; everything is already saved.
    SaveAndQuit,
    /// Add, change or remove the note of this question, then pick again.
    Note,
}

impl Choice {
    /// The menu, in the documented order (README, "Run the interview"). The note entry
    /// comes last so that the common path (Enter, or a few arrows and Enter) is not slowed down by it.
    pub const MENU: [Choice; 9] = [
        Choice::Answer(Word::Yes),
        Choice::Answer(Word::Mostly),
        Choice::Answer(Word::Partly),
        Choice::Answer(Word::No),
        Choice::Answer(Word::Na),
        Choice::Skip,
        Choice::Back,
        Choice::SaveAndQuit,
        Choice::Note,
    ];

    /// Position of this choice in [`Choice::MENU`].
    pub fn index(self) -> usize {
        Choice::MENU.iter().position(|c| *c == self).unwrap_or(0)
    }
}

/// Everything one question screen shows.
#[derive(Debug, Clone)]
pub struct Screen<'a> {
    pub question: QuestionRef<'a>,
    /// The question's current entry (its answer, note, reason), if any.
    pub entry: Option<&'a Answer>,
    /// Questions answered in the interview's scope, and how many there are.
    pub answered: usize,
    pub total: usize,
    /// The same for the question's domain.
    pub domain_answered: usize,
    pub domain_total: usize,
    /// A one-line message about the last action (a missing reason, a saved note).
    pub notice: Option<String>,
}

impl Screen<'_> {
    /// Where the menu cursor starts: on the current answer, else on yes.
    pub fn default_choice(&self) -> Choice {
        Choice::Answer(self.entry.and_then(|a| a.word).unwrap_or(Word::Yes))
    }
}

/// A line of text the interview asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Organization,
    Scope,
    Assessor,
    Date,
    /// Why a question does not apply.
    Reason,
    /// A free note on a question.
    Note,
}

impl Field {
    pub fn prompt(self) -> &'static str {
        match self {
            Field::Organization => "Organization (optional)",
            Field::Scope => "Scope: the AI system or area assessed (optional)",
            Field::Assessor => "Assessor (optional)",
            Field::Date => "Date (YYYY-MM-DD)",
            Field::Reason => "Why does it not apply? (empty: back to the choices)",
            Field::Note => "Note (empty: no note)",
        }
    }
}

/// Checks a line of text before it is accepted; the error is shown and asked again.
pub type Check<'a> = &'a dyn Fn(&str) -> Result<(), String>;

/// Asks the assessor things. Errors of kind [`io::ErrorKind::Interrupted`] mean Ctrl-C
/// (or a termination signal): the interview stops with everything given so far saved.
pub trait Prompter {
    /// Shows a few lines of information (the title of a new assessment).
    fn message(&mut self, lines: &[String]) -> io::Result<()>;

    /// Shows a question screen and returns the choice, with the cursor starting on
    /// `screen.default_choice()`.
    fn choose(&mut self, screen: &Screen<'_>) -> io::Result<Choice>;

    /// Asks for one line of text, starting with `initial` already typed; `check` must
    /// accept the result.
    fn text(&mut self, field: Field, initial: &str, check: Check<'_>) -> io::Result<String>;
}
