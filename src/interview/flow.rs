//! The question flow, free of I/O: which questions are asked, in what order, and what
//! each choice does to the assessment. Saving is the caller's `save` callback, called
//! after every change; the terminal is behind [`Prompter`].

use std::collections::BTreeSet;
use std::io;

use crate::answers::evidence::Evidence;
use crate::answers::{Answer, Assessment, Date, Metadata, Word};
use crate::base::error::{Error, Result};
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
    /// The scope of `--domain` codes (none: the whole model), in either case (`gv` is
    /// GV). An unknown code is an error message naming the model's domains.
    pub fn new(model: &Model, domains: &[String]) -> Result<Scope, String> {
        let wanted: Vec<String> = domains.iter().map(|c| c.trim().to_ascii_uppercase()).collect();
        if let Some((given, _)) = (domains.iter().zip(&wanted)).find(|(_, code)| model.domain(code).is_none())
        {
            return Err(unknown_domain(model, given));
        }
        let wanted: BTreeSet<&str> = wanted.iter().map(String::as_str).collect();
        let domains: Vec<String> = (model.domains.iter())
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

    /// The scope with `domain` added (a jump to a domain outside `--domain`).
    fn with_domain(&self, model: &Model, domain: &str) -> Scope {
        if self.contains_domain(domain) {
            return self.clone();
        }
        let mut domains = self.domains.clone();
        domains.push(domain.to_string());
        Scope::new(model, &domains).unwrap_or_else(|_| self.clone())
    }
}

/// "unknown domain `XX`: model owasp-aima@1.0 has RA, GV, …", with a hint when the code
/// is a practice or question code, or the start of a domain's name (`gov`).
pub fn unknown_domain(model: &Model, code: &str) -> String {
    let codes: Vec<&str> = model.domains.iter().map(|d| d.id.as_str()).collect();
    let mut message = format!(
        "unknown domain `{}`: model {} has {}",
        crate::base::sanitize::terminal_line(code),
        model.key(),
        codes.join(", ")
    );
    let upper = code.trim().to_ascii_uppercase();
    let lower = code.trim().to_lowercase();
    let by_prefix = upper
        .split('-')
        .next()
        .and_then(|d| model.domain(d))
        .filter(|_| upper.contains('-'));
    let by_name = (lower.chars().count() >= 3)
        .then(|| {
            model
                .domains
                .iter()
                .find(|d| d.name.to_lowercase().starts_with(&lower))
        })
        .flatten();
    if let Some(domain) = by_prefix {
        message.push_str(&format!(
            " (`--domain` takes domain codes: did you mean {}?)",
            domain.id
        ));
    } else if let Some(domain) = by_name {
        message.push_str(&format!(" (did you mean {}, {}?)", domain.id, domain.name));
    }
    message
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

    /// Goes to the first question of `domain`, adding all of its questions in `scope` to
    /// the walk (a jump walks a domain whole, answered questions included).
    fn jump(&mut self, scope: &Scope, domain: &str) -> bool {
        let in_domain = |c: &String| c.split('-').next() == Some(domain);
        let mut wanted: BTreeSet<&String> = self.codes.iter().collect();
        wanted.extend(scope.codes.iter().filter(|c| in_domain(c)));
        let codes: Vec<String> = (scope.codes.iter())
            .filter(|c| wanted.contains(c))
            .cloned()
            .collect();
        let Some(first) = codes.iter().position(in_domain) else {
            return false;
        };
        self.codes = codes;
        self.cursor = first;
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
    /// Evidence was added to (or removed from) the question.
    Evidenced(String),
    /// From this question to the first of a domain.
    Jumped(String, String),
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

/// Saves the assessment after a change; an error stops the interview. The caller may
/// change the assessment (merging an edit made to the file meanwhile) and return a
/// notice for the next screen.
pub type Save<'a> = dyn FnMut(&mut Assessment, &Scope) -> Result<Option<String>> + 'a;

/// What to do after a choice.
enum Next {
    Ask(Option<String>),
    Stop(End),
}

/// One interview over an assessment.
pub struct Interview<'m> {
    model: &'m Model,
    pub scope: Scope,
    pub assessment: Assessment,
    pub walk: Walk,
    pub events: Vec<Event>,
    /// The previous assessment in a re-assessment (`--from OLD`): its answers are the
    /// defaults, its notes and evidence are shown and kept unless changed.
    pub previous: Option<Assessment>,
    /// The answers file's folder and today: evidence paths are looked up there, and a
    /// local file's digest can be recorded with today's date (docs/evidence.md).
    pub evidence_at: Option<(std::path::PathBuf, Date)>,
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
            previous: None,
            evidence_at: None,
        }
    }

    /// Evidence paths are relative to `folder`; digests are recorded with `today`.
    pub fn with_evidence_folder(mut self, folder: std::path::PathBuf, today: Date) -> Interview<'m> {
        self.evidence_at = Some((folder, today));
        self
    }

    /// A re-assessment: `previous` gives each question's default, note and evidence.
    pub fn with_previous(mut self, previous: Assessment) -> Interview<'m> {
        self.previous = Some(previous);
        self
    }

    /// Answers recorded in this session (a question answered twice counts twice).
    pub fn answers_given(&self) -> usize {
        self.events
            .iter()
            .filter(|e| matches!(e, Event::Answered(..)))
            .count()
    }

    /// Domains whose questions this interview covers (every domain when unlimited).
    pub fn domains(&self) -> Vec<String> {
        (self.model.domains.iter())
            .filter(|d| self.scope.contains_domain(&d.id))
            .map(|d| d.id.clone())
            .collect()
    }

    /// Runs the walk to its end, a quit or an interruption, calling `save` after every
    /// answer, note and piece of evidence.
    pub fn run(&mut self, prompter: &mut dyn Prompter, save: &mut Save<'_>) -> Result<End> {
        let mut notice = None;
        while let Some(code) = self.walk.current().map(str::to_string) {
            let choice = match prompter.choose(&self.screen(&code, notice.take())) {
                Ok(choice) => choice,
                Err(e) if e.kind() == io::ErrorKind::Interrupted => return Ok(End::Interrupted),
                Err(e) => return Err(terminal_failed(e)),
            };
            match self.act(prompter, save, &code, choice)? {
                Next::Ask(next) => notice = next,
                Next::Stop(end) => return Ok(end),
            }
        }
        Ok(End::Finished)
    }

    fn act(
        &mut self,
        prompter: &mut dyn Prompter,
        save: &mut Save<'_>,
        code: &str,
        choice: Choice,
    ) -> Result<Next> {
        match choice {
            Choice::Answer(Word::Na) => self.not_applicable(prompter, save, code),
            Choice::Answer(word) => {
                self.record(code, word, None);
                let notice = save(&mut self.assessment, &self.scope)?;
                self.walk.next();
                Ok(Next::Ask(notice))
            }
            Choice::Skip => {
                self.events.push(Event::Skipped(code.to_string()));
                self.walk.next();
                Ok(Next::Ask(None))
            }
            Choice::Back if self.walk.back() => {
                self.events.push(Event::Back(code.to_string()));
                Ok(Next::Ask(None))
            }
            Choice::Back => Ok(Next::Ask(Some(
                "This is the first question of this interview.".to_string(),
            ))),
            Choice::SaveAndQuit => {
                save(&mut self.assessment, &self.scope)?;
                Ok(Next::Stop(End::SavedAndQuit))
            }
            Choice::Note => self.note(prompter, save, code),
            Choice::Evidence => self.evidence(prompter, save, code),
            Choice::Domain => self.jump(prompter, code),
        }
    }

    fn not_applicable(
        &mut self,
        prompter: &mut dyn Prompter,
        save: &mut Save<'_>,
        code: &str,
    ) -> Result<Next> {
        let initial = (self.entry(code).and_then(|a| a.reason.clone()))
            .or_else(|| self.previous(code).and_then(|a| a.reason.clone()))
            .unwrap_or_default();
        let reason = match ask(prompter, Field::Reason, &initial, &|_| Ok(()))? {
            Some(text) => text.trim().to_string(),
            None => return Ok(Next::Stop(End::Interrupted)),
        };
        if reason.is_empty() {
            return Ok(Next::Ask(Some(
                "Not applicable needs a reason: nothing was recorded.".to_string(),
            )));
        }
        self.record(code, Word::Na, Some(reason));
        let notice = save(&mut self.assessment, &self.scope)?;
        self.walk.next();
        Ok(Next::Ask(notice))
    }

    fn note(&mut self, prompter: &mut dyn Prompter, save: &mut Save<'_>, code: &str) -> Result<Next> {
        let initial = self.shown(code).and_then(|a| a.note.clone()).unwrap_or_default();
        let Some(text) = ask(prompter, Field::Note, &initial, &|_| Ok(()))? else {
            return Ok(Next::Stop(End::Interrupted));
        };
        let text = text.trim();
        self.entry_mut(code).note = (!text.is_empty()).then(|| text.to_string());
        let merged = save(&mut self.assessment, &self.scope)?;
        self.events.push(Event::Noted(code.to_string()));
        let done = match text.is_empty() {
            true => "Note removed.",
            false => "Note saved; now pick the answer.",
        };
        Ok(Next::Ask(Some(joined(done, merged))))
    }

    fn evidence(&mut self, prompter: &mut dyn Prompter, save: &mut Save<'_>, code: &str) -> Result<Next> {
        let check = |text: &str| {
            let text = text.trim();
            if !crate::answers::evidence::is_url(text) && crate::answers::evidence::is_absolute_path(text) {
                Err("an absolute path: give a path relative to the answers file, or a link".to_string())
            } else {
                Ok(())
            }
        };
        let Some(text) = ask(prompter, Field::Evidence, "", &check)? else {
            return Ok(Next::Stop(End::Interrupted));
        };
        let text = text.trim();
        if text.is_empty() {
            return Ok(Next::Ask(Some(
                "No evidence added; now pick the answer.".to_string(),
            )));
        }
        let done = match text {
            "-" => {
                self.entry_mut(code).evidence.clear();
                "Evidence removed; now pick the answer.".to_string()
            }
            item => {
                let Some(item) = self.digest_offer(prompter, item)? else {
                    return Ok(Next::Stop(End::Interrupted));
                };
                let entry = self.entry_mut(code);
                entry.evidence.push(item);
                let n = entry.evidence.len();
                format!(
                    "Evidence added ({n} item{}); now pick the answer.",
                    if n == 1 { "" } else { "s" }
                )
            }
        };
        let merged = save(&mut self.assessment, &self.scope)?;
        self.events.push(Event::Evidenced(code.to_string()));
        Ok(Next::Ask(Some(joined(&done, merged))))
    }

    /// The item for `reference`: for a local file that exists, the assessor is offered to
    /// record its SHA-256 and today's date (Enter or `y` records them). `None` when
    /// interrupted.
    fn digest_offer(&self, prompter: &mut dyn Prompter, reference: &str) -> Result<Option<Evidence>> {
        let mut item = Evidence::text(reference);
        let Some((folder, today)) = &self.evidence_at else {
            return Ok(Some(item));
        };
        let path = folder.join(reference);
        if item.is_url() || !path.is_file() {
            return Ok(Some(item));
        }
        let check = |t: &str| match t.trim().to_ascii_lowercase().as_str() {
            "" | "y" | "yes" | "n" | "no" => Ok(()),
            _ => Err("answer y or n".to_string()),
        };
        let Some(answer) = ask(prompter, Field::EvidenceDigest, "y", &check)? else {
            return Ok(None);
        };
        if matches!(answer.trim().to_ascii_lowercase().as_str(), "" | "y" | "yes")
            && let Ok(sha) = crate::evidence::hash::sha256_file(&path)
        {
            crate::evidence::fill(&mut item, &sha, *today);
        }
        Ok(Some(item))
    }

    /// Asks for a domain code and goes to its first question; a domain outside the scope
    /// joins it.
    fn jump(&mut self, prompter: &mut dyn Prompter, code: &str) -> Result<Next> {
        let model = self.model;
        let check = |text: &str| match text.trim() {
            "" => Ok(()),
            t if model.domain(&t.to_ascii_uppercase()).is_some() => Ok(()),
            t => Err(unknown_domain(model, t)),
        };
        let Some(text) = ask(prompter, Field::Domain, "", &check)? else {
            return Ok(Next::Stop(End::Interrupted));
        };
        let domain = text.trim().to_ascii_uppercase();
        if domain.is_empty() || model.domain(&domain).is_none() {
            return Ok(Next::Ask(None));
        }
        self.scope = self.scope.with_domain(model, &domain);
        if !self.walk.jump(&self.scope, &domain) {
            return Ok(Next::Ask(Some(format!(
                "Domain {domain} has no question to ask."
            ))));
        }
        self.events.push(Event::Jumped(code.to_string(), domain));
        Ok(Next::Ask(None))
    }

    /// The question's entry in this assessment, unless it is empty (`~`).
    fn entry(&self, code: &str) -> Option<&Answer> {
        self.assessment
            .answers
            .get(code)
            .filter(|a| **a != Answer::default())
    }

    /// The question's entry in the previous assessment, if any.
    fn previous(&self, code: &str) -> Option<&Answer> {
        self.previous.as_ref().and_then(|p| p.answers.get(code))
    }

    /// The entry the screen shows: this assessment's, else the previous one's.
    fn shown(&self, code: &str) -> Option<&Answer> {
        self.entry(code).or_else(|| self.previous(code))
    }

    /// The entry to change; in a re-assessment a new entry starts with the previous
    /// note and evidence, which are kept unless changed.
    fn entry_mut(&mut self, code: &str) -> &mut Answer {
        let seed = match self.entry(code) {
            Some(_) => None,
            None => self.previous(code).map(|p| Answer {
                word: None,
                reason: None,
                ..p.clone()
            }),
        };
        let entry = self.assessment.answers.entry(code.to_string()).or_default();
        if let Some(seed) = seed {
            *entry = seed;
        }
        entry
    }

    /// Sets the answer word, keeping the note and evidence; a reason goes with `na` only.
    fn record(&mut self, code: &str, word: Word, reason: Option<String>) {
        let entry = self.entry_mut(code);
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
        let entry = self.entry(code);
        Screen {
            question,
            entry,
            previous: self
                .previous(code)
                .filter(|_| entry.and_then(|a| a.word).is_none()),
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

/// A notice, followed by the save's own (a merged edit), if any.
fn joined(notice: &str, merged: Option<String>) -> String {
    match merged {
        Some(merged) => format!("{notice} {merged}"),
        None => notice.to_string(),
    }
}

/// A check of one line of text: why it is refused, if it is.
type LineCheck = dyn Fn(&str) -> Result<(), String>;

/// Asks for the metadata of a new assessment: organization and scope, the system id and
/// the team, the assessor (each optional), and the date (today unless changed; must be a
/// real YYYY-MM-DD date). `None` when interrupted.
pub fn ask_metadata(prompter: &mut dyn Prompter, today: Date) -> Result<Option<Metadata>> {
    let mut metadata = Metadata::default();
    let any = |_: &str| Ok(());
    let system_id = |text: &str| {
        let text = text.trim();
        if text.is_empty() || crate::answers::parse::is_system_id(text) {
            Ok(())
        } else {
            Err(format!(
                "`{}` is not a system id: use letters, digits, `-`, `_` and `.`",
                crate::base::sanitize::terminal_line(text)
            ))
        }
    };
    let fields: [(Field, &mut Option<String>, &LineCheck); 5] = [
        (Field::Organization, &mut metadata.organization, &any),
        (Field::Scope, &mut metadata.scope, &any),
        (Field::System, &mut metadata.system, &system_id),
        (Field::Team, &mut metadata.team, &any),
        (Field::Assessor, &mut metadata.assessor, &any),
    ];
    for (field, slot, check) in fields {
        let Some(text) = ask(prompter, field, "", check)? else {
            return Ok(None);
        };
        let text = text.trim();
        *slot = (!text.is_empty()).then(|| text.to_string());
    }
    let Some(date) = ask_date(prompter, today)? else {
        return Ok(None);
    };
    metadata.date = Some(date);
    Ok(Some(metadata))
}

/// The metadata of a re-assessment: the previous assessment's (system and team too; not
/// its round, status or sign-offs), with the assessor (the previous one unless changed)
/// and the date (today unless changed) asked.
pub fn ask_reassessment(
    prompter: &mut dyn Prompter,
    previous: &Metadata,
    today: Date,
) -> Result<Option<Metadata>> {
    let mut metadata = previous.next_round();
    let initial = previous.assessor.clone().unwrap_or_default();
    let Some(assessor) = ask(prompter, Field::Assessor, &initial, &|_| Ok(()))? else {
        return Ok(None);
    };
    let assessor = assessor.trim();
    metadata.assessor = (!assessor.is_empty()).then(|| assessor.to_string());
    let Some(date) = ask_date(prompter, today)? else {
        return Ok(None);
    };
    metadata.date = Some(date);
    Ok(Some(metadata))
}

/// The date of an assessment, today unless changed.
fn ask_date(prompter: &mut dyn Prompter, today: Date) -> Result<Option<Date>> {
    let check = |text: &str| match Date::parse(text.trim()) {
        Some(_) => Ok(()),
        None => Err(format!(
            "`{}` is not a date: use YYYY-MM-DD",
            crate::base::sanitize::terminal_line(text.trim())
        )),
    };
    let date = ask(prompter, Field::Date, &today.to_string(), &check)?;
    Ok(date.and_then(|d| Date::parse(d.trim())))
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
