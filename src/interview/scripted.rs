//! A [`Prompter`] that plays back scripted answers and records what was shown, so the
//! whole question flow can be tested without a terminal.

use std::collections::VecDeque;
use std::io;

use super::prompter::{Check, Choice, Field, Prompter, Screen};

/// One scripted action of the assessor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    /// Pick this menu entry on the next question screen.
    Choose(Choice),
    /// Type this line at the next text prompt.
    Type(String),
}

/// What a question screen showed, as recorded by [`ScriptedPrompter`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Shown {
    pub code: String,
    /// Where the menu cursor started.
    pub default: Choice,
    pub answered: usize,
    pub total: usize,
    pub domain_answered: usize,
    pub domain_total: usize,
    pub notice: Option<String>,
}

/// Plays `steps` in order. When they run out, the next prompt is interrupted, as if the
/// assessor pressed Ctrl-C.
#[derive(Debug, Default)]
pub struct ScriptedPrompter {
    steps: VecDeque<Step>,
    /// Question screens in the order shown.
    pub shown: Vec<Shown>,
    /// Text prompts in the order asked, with the text they started with.
    pub asked: Vec<(Field, String)>,
    /// Lines rejected by a text prompt's check, with the check's message.
    pub rejected: Vec<(String, String)>,
    /// Lines shown with [`Prompter::message`].
    pub messages: Vec<String>,
}

impl ScriptedPrompter {
    pub fn new(steps: impl IntoIterator<Item = Step>) -> ScriptedPrompter {
        ScriptedPrompter {
            steps: steps.into_iter().collect(),
            ..ScriptedPrompter::default()
        }
    }

    /// The codes of the question screens shown, in order.
    pub fn codes(&self) -> Vec<&str> {
        self.shown.iter().map(|s| s.code.as_str()).collect()
    }

    /// Steps not played (a test usually expects none).
    pub fn remaining(&self) -> usize {
        self.steps.len()
    }

    fn out_of_script() -> io::Error {
        io::Error::new(io::ErrorKind::Interrupted, "the script has no more steps")
    }

    fn mismatch(expected: &str, step: &Step) -> io::Error {
        io::Error::other(format!(
            "the script has {step:?} where the interview asks for {expected}"
        ))
    }
}

impl Prompter for ScriptedPrompter {
    fn message(&mut self, lines: &[String]) -> io::Result<()> {
        self.messages.extend(lines.iter().cloned());
        Ok(())
    }

    fn choose(&mut self, screen: &Screen<'_>) -> io::Result<Choice> {
        self.shown.push(Shown {
            code: screen.question.question.id.clone(),
            default: screen.default_choice(),
            answered: screen.answered,
            total: screen.total,
            domain_answered: screen.domain_answered,
            domain_total: screen.domain_total,
            notice: screen.notice.clone(),
        });
        match self.steps.pop_front() {
            None => Err(Self::out_of_script()),
            Some(Step::Choose(choice)) => Ok(choice),
            Some(step) => Err(Self::mismatch("a choice", &step)),
        }
    }

    fn text(&mut self, field: Field, initial: &str, check: Check<'_>) -> io::Result<String> {
        self.asked.push((field, initial.to_string()));
        loop {
            match self.steps.pop_front() {
                None => return Err(Self::out_of_script()),
                Some(Step::Type(line)) => match check(&line) {
                    Ok(()) => return Ok(line),
                    Err(message) => self.rejected.push((line, message)),
                },
                Some(step) => return Err(Self::mismatch("a line of text", &step)),
            }
        }
    }
}
