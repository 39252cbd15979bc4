//! The document of `aima diff --format json`: every practice both models have, as
//! docs/json-output.md lists.

use schemars::JsonSchema;
use serde::Serialize;

use super::{RatingJson, to_text};
use crate::answers::Word;
use crate::diff::{
    AnswerChange, Diff, OneSided, Only, PracticeChange, PracticeSide, RatingChange, SideInfo, Status,
};
use crate::render::{Json, Render};

/// `aima diff OLD NEW --format json`: what changed between two assessments.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "aima diff --format json")]
pub struct DiffDoc<'a> {
    pub old: SideJson<'a>,
    pub new: SideJson<'a>,
    /// True when any practice regressed (what `--fail-on-regression` gates on).
    pub regressed: bool,
    pub summary: Summary,
    pub overall: RatingChangeJson<'a>,
    pub domains: Vec<RatingChangeJson<'a>>,
    pub practices: Vec<PracticeChangeJson<'a>>,
    pub changed_answers: Vec<AnswerChangeJson<'a>>,
    pub targets: Targets<'a>,
    /// Only in the new model.
    pub added: OneSidedJson<'a>,
    /// Only in the old model.
    pub removed: OneSidedJson<'a>,
}

/// Where a side came from.
#[derive(Debug, Serialize, JsonSchema)]
pub struct SideJson<'a> {
    /// `id@version` of its model.
    pub model: &'a str,
    pub files: &'a [String],
    /// YYYY-MM-DD.
    pub date: Option<String>,
}

/// How many practices moved which way, and how many answers changed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Summary {
    pub improved: usize,
    pub regressed: usize,
    pub unchanged: usize,
    pub changed_answers: usize,
}

/// A domain's or the overall rating on both sides.
#[derive(Debug, Serialize, JsonSchema)]
pub struct RatingChangeJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub old: RatingJson,
    pub new: RatingJson,
    pub status: Status,
}

/// A practice on one side: its rating and target.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeSideJson {
    #[serde(flatten)]
    pub rating: RatingJson,
    pub target: Option<u8>,
    pub gap: Option<u8>,
    pub unanswered: usize,
}

/// A practice both models have, on both sides.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeChangeJson<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub old: PracticeSideJson,
    pub new: PracticeSideJson,
    pub status: Status,
}

/// An answer word; null is unanswered.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)]
enum AnswerWord {
    Yes,
    Mostly,
    Partly,
    No,
    Na,
}

/// A question whose answer changed.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AnswerChangeJson<'a> {
    pub id: &'a str,
    #[schemars(with = "Option<AnswerWord>")]
    pub old: Option<&'static str>,
    #[schemars(with = "Option<AnswerWord>")]
    pub new: Option<&'static str>,
    /// The question's text in the new model.
    pub text: &'a str,
}

/// Practices that now meet their target, and those that no longer do.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Targets<'a> {
    pub met: &'a [String],
    pub lost: &'a [String],
}

/// A domain or practice only one side's model has, with its rating on that side.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OnlyRated<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(flatten)]
    pub rating: Option<RatingJson>,
}

/// A question only one side's model has, with its answer on that side.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OnlyQuestion<'a> {
    pub id: &'a str,
    pub text: &'a str,
    #[schemars(with = "Option<AnswerWord>")]
    pub answer: Option<&'static str>,
}

/// What only one side's model has, by kind.
#[derive(Debug, Serialize, JsonSchema)]
pub struct OneSidedJson<'a> {
    pub domains: Vec<OnlyRated<'a>>,
    pub practices: Vec<OnlyRated<'a>>,
    pub questions: Vec<OnlyQuestion<'a>>,
}

impl<'a> From<&'a SideInfo> for SideJson<'a> {
    fn from(s: &'a SideInfo) -> Self {
        SideJson {
            model: &s.model,
            files: &s.sources,
            date: s.date.map(|d| d.to_string()),
        }
    }
}

impl<'a> From<&'a RatingChange> for RatingChangeJson<'a> {
    fn from(c: &'a RatingChange) -> Self {
        RatingChangeJson {
            id: &c.id,
            name: &c.name,
            old: (&c.old).into(),
            new: (&c.new).into(),
            status: c.status,
        }
    }
}

impl From<&PracticeSide> for PracticeSideJson {
    fn from(s: &PracticeSide) -> Self {
        PracticeSideJson {
            rating: (&s.rating).into(),
            target: s.target,
            gap: s.gap,
            unanswered: s.unanswered,
        }
    }
}

impl<'a> From<&'a PracticeChange> for PracticeChangeJson<'a> {
    fn from(p: &'a PracticeChange) -> Self {
        PracticeChangeJson {
            id: &p.id,
            name: &p.name,
            old: (&p.old).into(),
            new: (&p.new).into(),
            status: p.status,
        }
    }
}

impl<'a> From<&'a AnswerChange> for AnswerChangeJson<'a> {
    fn from(c: &'a AnswerChange) -> Self {
        AnswerChangeJson {
            id: &c.id,
            old: c.old.map(Word::as_str),
            new: c.new.map(Word::as_str),
            text: &c.text,
        }
    }
}

impl<'a> From<&'a OneSided> for OneSidedJson<'a> {
    fn from(items: &'a OneSided) -> Self {
        let rated = |o: &'a Only| OnlyRated {
            id: &o.id,
            name: &o.name,
            rating: o.rating.as_ref().map(RatingJson::from),
        };
        OneSidedJson {
            domains: items.domains.iter().map(rated).collect(),
            practices: items.practices.iter().map(rated).collect(),
            questions: (items.questions.iter())
                .map(|q| OnlyQuestion {
                    id: &q.id,
                    text: &q.name,
                    answer: q.answer.map(Word::as_str),
                })
                .collect(),
        }
    }
}

impl<'a> DiffDoc<'a> {
    pub fn new(d: &'a Diff) -> Self {
        DiffDoc {
            old: (&d.old).into(),
            new: (&d.new).into(),
            regressed: d.regressed(),
            summary: Summary {
                improved: d.count(Status::Improved),
                regressed: d.count(Status::Regressed),
                unchanged: d.count(Status::Unchanged),
                changed_answers: d.changed_answers.len(),
            },
            overall: (&d.overall).into(),
            domains: d.domains.iter().map(RatingChangeJson::from).collect(),
            practices: d.practices.iter().map(PracticeChangeJson::from).collect(),
            changed_answers: d.changed_answers.iter().map(AnswerChangeJson::from).collect(),
            targets: Targets {
                met: &d.targets_met,
                lost: &d.targets_lost,
            },
            added: (&d.added).into(),
            removed: (&d.removed).into(),
        }
    }
}

impl Render<Diff> for Json {
    fn render(&self, d: &Diff) -> String {
        to_text(&DiffDoc::new(d))
    }
}
