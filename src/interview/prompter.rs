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
    /// Add evidence (a link or a document) to this question, then pick again.
    Evidence,
    /// Go to the first question of another domain.
    Domain,
}

impl Choice {
    /// The menu, in the documented order (docs/interview.md); the entries that come back to the same
    /// question (note, evidence) and the domain jump come last, so that the common path
    /// (Enter, a letter, or a few arrows and Enter) is not slowed down by them.
    pub const MENU: [Choice; 11] = [
        Choice::Answer(Word::Yes),
        Choice::Answer(Word::Mostly),
        Choice::Answer(Word::Partly),
        Choice::Answer(Word::No),
        Choice::Answer(Word::Na),
        Choice::Skip,
        Choice::Back,
        Choice::SaveAndQuit,
        Choice::Note,
        Choice::Evidence,
        Choice::Domain,
    ];

    /// Position of this choice in [`Choice::MENU`].
    pub fn index(self) -> usize {
        Choice::MENU.iter().position(|c| *c == self).unwrap_or(0)
    }

    /// The key that picks this choice at once (see docs/interview.md).
    pub fn key(self) -> char {
        match self {
            Choice::Answer(Word::Yes) => 'y',
            Choice::Answer(Word::Mostly) => 'm',
            Choice::Answer(Word::Partly) => 'p',
            Choice::Answer(Word::No) => 'n',
            Choice::Answer(Word::Na) => 'a',
            Choice::Skip => 's',
            Choice::Back => 'b',
            Choice::SaveAndQuit => 'q',
            Choice::Note => 'c',
            Choice::Evidence => 'e',
            Choice::Domain => 'd',
        }
    }

    /// The choice whose key is `key` (either case).
    pub fn for_key(key: char) -> Option<Choice> {
        let key = key.to_ascii_lowercase();
        Choice::MENU.into_iter().find(|c| c.key() == key)
    }
}

/// Everything one question screen shows.
#[derive(Debug, Clone)]
pub struct Screen<'a> {
    pub question: QuestionRef<'a>,
    /// The question's current entry (its answer, note, reason), if any.
    pub entry: Option<&'a Answer>,
    /// In a re-assessment (`--from OLD`): the question's entry in OLD.
    pub previous: Option<&'a Answer>,
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
    /// Where the menu cursor starts: on the current answer, else on the answer of the
    /// previous assessment (`--from`), else on *skip*, so that Enter never records an
    /// answer nobody chose (contract §4).
    pub fn default_choice(&self) -> Choice {
        let word = (self.entry.and_then(|a| a.word)).or_else(|| self.previous.and_then(|a| a.word));
        word.map_or(Choice::Skip, Choice::Answer)
    }
}

/// A line of text the interview asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Organization,
    Scope,
    /// The AI system's id (`assessment.system`).
    System,
    /// The team filling the file (`assessment.team`).
    Team,
    Assessor,
    Date,
    /// Why a question does not apply.
    Reason,
    /// A free note on a question.
    Note,
    /// One more piece of evidence for a question.
    Evidence,
    /// Whether to record a local evidence file's digest and today's date.
    EvidenceDigest,
    /// The domain to go to.
    Domain,
}

impl Field {
    pub fn prompt(self) -> &'static str {
        match self {
            Field::Organization => "Organization (optional)",
            Field::Scope => "Scope: the AI system or area assessed (optional)",
            Field::System => "System id: letters, digits, - _ . (optional; empty: the folder's name)",
            Field::Team => "Team filling this file (optional; team files of one round are merged)",
            Field::Assessor => "Assessor (optional)",
            Field::Date => "Date (YYYY-MM-DD)",
            Field::Reason => "Why does it not apply? (empty: back to the choices)",
            Field::Note => "Note (empty: no note)",
            Field::Evidence => "Evidence: a link or a document (empty: none added; - removes all)",
            Field::EvidenceDigest => "Record the file's SHA-256 and today's date? (y/n)",
            Field::Domain => "Go to domain (code, e.g. GV; empty: stay here)",
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
