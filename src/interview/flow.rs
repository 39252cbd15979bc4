//! The question flow, free of I/O: which questions are asked, in what order, and what
//! each choice does to the assessment. Saving is the caller's `save` callback, called
//! after every change; the terminal is behind [`Prompter`].

use std::collections::BTreeSet;
use std::io;

use crate::answers::{Answer, Assessment, Date, Metadata, Word};
use crate::error::{Error, Result};
use crate::model::Model;

use super::prompter::{Choice, Field, Prompter, Screen};

/// The questions an interview covers: all of the model's, or those of some domains.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Scope {
    /// Domain codes in scope, in model order; empty means every domain.
    pub domains: Vec<String>,
    /// Question codes in scope, in worksheet order.
    pub codes: Vec<String>,
}

impl Scope {
    /// The scope of `--domain` codes (none: the whole model). An unknown code is an error
    /// message naming the model's domains.
    pub fn new(model: &Model, domains: &[String]) -> Result<Scope, String> {
        if let Some(unknown) = domains.iter().find(|code| model.domain(code).is_none()) {
            return Err(model.unknown_domain(unknown));
        }
        let wanted: BTreeSet<&str> = domains.iter().map(String::as_str).collect();
        let domains: Vec<String> = model
            .domains
            .iter()
            .filter(|d| wanted.contains(d.id.as_str()))
            .map(|d| d.id.clone())
            .collect();
        let codes = model
            .questions()
            .filter(|q| domains.is_empty() || domains.contains(&q.domain.id))
            .map(|q| q.question.id.clone())
            .collect();
        Ok(Scope { domains, codes })
    }

    pub fn contains_domain(&self, code: &str) -> bool {
        self.domains.is_empty() || self.domains.iter().any(|d| d == code)
    }

    /// How many questions in scope have an answer word.
    pub fn answered(&self, assessment: &Assessment) -> usize {
        self.codes.iter().filter(|c| assessment.word(c).is_some()).count()
    }
}

/// A cursor over the list of questions an interview asks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Walk {
    codes: Vec<String>,
    cursor: usize,
}

impl Walk {
    /// The questions to ask: every question in scope with `review`, otherwise only the
    /// unanswered ones (a resumed file asks only what is still open).
    pub fn new(scope: &Scope, assessment: &Assessment, review: bool) -> Walk {
        let codes = scope
            .codes
            .iter()
            .filter(|c| review || assessment.word(c).is_none())
            .cloned()
            .collect();
        Walk { codes, cursor: 0 }
    }

    pub fn codes(&self) -> &[String] {
        &self.codes
    }

    /// The question on screen; `None` once past the last.
    pub fn current(&self) -> Option<&str> {
        self.codes.get(self.cursor).map(String::as_str)
    }

    pub fn next(&mut self) {
        self.cursor = (self.cursor + 1).min(self.codes.len());
    }

    /// Moves to the previous question; false at the first.
    pub fn back(&mut self) -> bool {
        if self.cursor == 0 {
            return false;
        }
        self.cursor -= 1;
        true
    }
}

/// What happened to the question on screen; the log of a session, for tests and for the
/// closing message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    Answered(String, Word),
    Skipped(String),
    Back(String),
    Noted(String),
}

/// How an interview ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum End {
    /// Every question of the walk was shown.
    Finished,
    /// The assessor chose "save and quit".
    SavedAndQuit,
    /// Ctrl-C or a termination signal.
    Interrupted,
}

/// Saves the assessment after a change; an error stops the interview.
pub type Save<'a> = dyn FnMut(&Assessment) -> Result<()> + 'a;

/// One interview over an assessment.
pub struct Interview<'m> {
    model: &'m Model,
    pub scope: Scope,
    pub assessment: Assessment,
    pub walk: Walk,
    pub events: Vec<Event>,
}

impl<'m> Interview<'m> {
    pub fn new(model: &'m Model, scope: Scope, assessment: Assessment, review: bool) -> Interview<'m> {
        let walk = Walk::new(&scope, &assessment, review);
        Interview {
            model,
            scope,
            assessment,
            walk,
            events: Vec::new(),
        }
    }

    /// Answers recorded in this session (a question answered twice counts twice).
    pub fn answers_given(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::Answered(..)))
            .count()
    }

    /// Runs the walk to its end, a quit or an interruption, calling `save` after every
    /// answer and note.
    pub fn run(&mut self, prompter: &mut dyn Prompter, save: &mut Save<'_>) -> Result<End> {
        let mut notice = None;
        while let Some(code) = self.walk.current().map(str::to_string) {
            let choice = match prompter.choose(&self.screen(&code, notice.take())) {
                Ok(choice) => choice,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(End::Interrupted),
                Err(e) => return Err(terminal_failed(e)),
            };
            match choice {
                Choice::Answer(Word::Na) => {
                    let initial = self
                        .entry(&code)
                        .and_then(|a| a.reason.clone())
                        .unwrap_or_default();
                    let reason = match ask(prompter, Field::Reason, &initial, &|_| Ok(()))? {
                        Some(text) => text.trim().to_string(),
                        None => return Ok(End::Interrupted),
                    };
                    if reason.is_empty() {
                        notice = Some("Not applicable needs a reason: nothing was recorded.".to_string());
                        continue;
                    }
                    self.record(&code, Word::Na, Some(reason));
                    save(&self.assessment)?;
                    self.walk.next();
                }
                Choice::Answer(word) => {
                    self.record(&code, word, None);
                    save(&self.assessment)?;
                    self.walk.next();
                }
                Choice::Skip => {
                    self.events.push(Event::Skipped(code));
                    self.walk.next();
                }
                Choice::Back => {
                    if self.walk.back() {
                        self.events.push(Event::Back(code));
                    } else {
                        notice = Some("This is the first question of this interview.".to_string());
                    }
                }
                Choice::SaveAndQuit => {
                    save(&self.assessment)?;
                    return Ok(End::SavedAndQuit);
                }
                Choice::Note => {
                    let initial = self.entry(&code).and_then(|a| a.note.clone()).unwrap_or_default();
                    let Some(text) = ask(prompter, Field::Note, &initial, &|_| Ok(()))? else {
                        return Ok(End::Interrupted);
                    };
                    let text = text.trim();
                    let entry = self.assessment.answers.entry(code.clone()).or_default();
                    entry.note = (!text.is_empty()).then(|| text.to_string());
                    save(&self.assessment)?;
                    notice = Some(match text.is_empty() {
                        true => "Note removed.".to_string(),
                        false => "Note saved; now pick the answer.".to_string(),
                    });
                    self.events.push(Event::Noted(code));
                }
            }
        }
        Ok(End::Finished)
    }

    fn entry(&self, code: &str) -> Option<&Answer> {
        self.assessment.answers.get(code)
    }

    /// Sets the answer word, keeping the note and evidence; a reason goes with `na` only.
    fn record(&mut self, code: &str, word: Word, reason: Option<String>) {
        let entry = self.assessment.answers.entry(code.to_string()).or_default();
        entry.word = Some(word);
        entry.reason = reason;
        self.events.push(Event::Answered(code.to_string(), word));
    }

    fn screen(&self, code: &str, notice: Option<String>) -> Screen<'_> {
        let question = self
            .model
            .question(code)
            .expect("the walk holds only codes of the model");
        let domain = &question.domain.id;
        let domain_codes: Vec<&String> = (self.scope.codes.iter())
            .filter(|c| c.split('-').next() == Some(domain.as_str()))
            .collect();
        Screen {
            question,
            entry: self.entry(code),
            answered: self.scope.answered(&self.assessment),
            total: self.scope.codes.len(),
            domain_answered: domain_codes
                .iter()
                .filter(|c| self.assessment.word(c).is_some())
                .count(),
            domain_total: domain_codes.len(),
            notice,
        }
    }
}

/// Asks for the metadata of a new assessment: organization, scope and assessor
/// (optional), and the date (today unless changed; must be a real YYYY-MM-DD date).
/// `None` when interrupted.
pub fn ask_metadata(prompter: &mut dyn Prompter, today: Date) -> Result<Option<Metadata>> {
    let mut metadata = Metadata::default();
    for (field, slot) in [
        (Field::Organization, &mut metadata.organization),
        (Field::Scope, &mut metadata.scope),
        (Field::Assessor, &mut metadata.assessor),
    ] {
        let Some(text) = ask(prompter, field, "", &|_| Ok(()))? else {
            return Ok(None);
        };
        let text = text.trim();
        *slot = (!text.is_empty()).then(|| text.to_string());
    }
    let check = |text: &str| match Date::parse(text.trim()) {
        Some(_) => Ok(()),
        None => Err(format!("`{}` is not a date: use YYYY-MM-DD", text.trim())),
    };
    let Some(date) = ask(prompter, Field::Date, &today.to_string(), &check)? else {
        return Ok(None);
    };
    metadata.date = Date::parse(date.trim());
    Ok(Some(metadata))
}

/// One line of text; `None` when interrupted.
fn ask(
    prompter: &mut dyn Prompter,
    field: Field,
    initial: &str,
    check: &dyn Fn(&str) -> Result<(), String>,
) -> Result<Option<String>> {
    match prompter.text(field, initial, check) {
        Ok(text) => Ok(Some(text)),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Ok(None),
        Err(e) => Err(terminal_failed(e)),
    }
}

fn terminal_failed(e: io::Error) -> Error {
    Error::Output(format!("the terminal failed: {e}"))
}
