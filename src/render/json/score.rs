//! The documents of `aima score --format json` and `aima check --format json`.

use schemars::JsonSchema;
use serde::Serialize;

use super::{RatingJson, to_text};
use crate::render::{CheckView, Json, Render, ScoreView};
use crate::score::{DomainResult, PracticeResult, StreamResult};

/// `aima score --format json`: maturity per stream, practice, domain and overall.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "aima score --format json")]
pub struct ScoreDoc<'a> {
    /// The model scored against, `id@version`.
    pub model: &'a str,
    /// True when every question is answered.
    pub complete: bool,
    /// Questions without an answer.
    pub unanswered: usize,
    /// Questions in the model.
    pub questions: usize,
    pub assessment: AssessmentJson<'a>,
    pub overall: RatingJson,
    pub domains: Vec<DomainScore<'a>>,
    /// The organisation's own evidence per clause of the crosswalks (`clauses:` in the
    /// answers files), by `FRAMEWORK:CLAUSE`; empty when the files give none.
    pub clauses: Vec<super::OwnEvidenceJson>,
    /// The aima.toml used, as shown (absent when none was: docs/record.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<&'a str>,
}

/// The answers files' metadata.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AssessmentJson<'a> {
    pub organization: Option<&'a str>,
    pub scope: Option<&'a str>,
    pub assessor: Option<&'a str>,
    /// YYYY-MM-DD.
    pub date: Option<String>,
    /// The answers files read, in the order given.
    pub files: &'a [String],
    pub system: Option<&'a str>,
    /// The round (`assessment.round`, else the date; docs/record.md).
    pub round: Option<String>,
    /// `draft` (also when the files do not say), `in-review` or `final`.
    pub status: &'static str,
    pub sign_off: Vec<crate::render::portfolio::SignOffJson>,
}

/// A domain's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DomainScore<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub unanswered: usize,
    pub practices: Vec<PracticeScore<'a>>,
}

/// A practice's result, with its target and the actions that would close the gap.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeScore<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub unanswered: usize,
    /// The target level 0..3 (null when none applies).
    pub target: Option<u8>,
    /// Where the target was set: `answers`, `command-line`, `aima.toml`, `profile:ID` or
    /// `coverage` (docs/targets.md); null when no target applies.
    pub target_source: Option<String>,
    /// Levels below the target (null when no target applies).
    pub gap: Option<u8>,
    /// Question codes to answer yes to reach the next level.
    pub actions: &'a [String],
    pub streams: Vec<StreamScore<'a>>,
}

/// A stream's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct StreamScore<'a> {
    pub id: &'a str,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub unanswered: usize,
}

impl<'a> From<&'a StreamResult> for StreamScore<'a> {
    fn from(s: &'a StreamResult) -> Self {
        StreamScore {
            id: &s.id,
            rating: (&s.rating).into(),
            unanswered: s.unanswered,
        }
    }
}

impl<'a> From<&'a PracticeResult> for PracticeScore<'a> {
    fn from(p: &'a PracticeResult) -> Self {
        PracticeScore {
            id: &p.id,
            name: &p.name,
            rating: (&p.rating).into(),
            unanswered: p.unanswered,
            target: p.target,
            target_source: p.target_source.as_ref().map(|s| s.key()),
            gap: p.gap,
            actions: &p.actions,
            streams: p.streams.iter().map(StreamScore::from).collect(),
        }
    }
}

impl<'a> From<&'a DomainResult> for DomainScore<'a> {
    fn from(d: &'a DomainResult) -> Self {
        DomainScore {
            id: &d.id,
            name: &d.name,
            rating: (&d.rating).into(),
            unanswered: d.unanswered,
            practices: d.practices.iter().map(PracticeScore::from).collect(),
        }
    }
}

impl<'a> ScoreDoc<'a> {
    pub fn new(view: &ScoreView<'a>) -> Self {
        let r = view.result;
        let meta = &view.assessment.metadata;
        ScoreDoc {
            model: &r.model,
            complete: r.complete(),
            unanswered: r.unanswered,
            questions: r.questions,
            assessment: AssessmentJson {
                organization: meta.organization.as_deref(),
                scope: meta.scope.as_deref(),
                assessor: meta.assessor.as_deref(),
                date: meta.date.map(|d| d.to_string()),
                files: &view.assessment.sources,
                system: meta.system.as_deref(),
                round: meta.round_key(),
                status: meta.status().as_str(),
                sign_off: meta.sign_off.iter().map(Into::into).collect(),
            },
            overall: (&r.overall).into(),
            domains: r.domains.iter().map(DomainScore::from).collect(),
            clauses: super::OwnEvidenceJson::all(view.assessment),
            config: view.config,
        }
    }
}

impl Render<ScoreView<'_>> for Json {
    fn render(&self, view: &ScoreView) -> String {
        to_text(&ScoreDoc::new(view))
    }
}

/// `aima check --format json`: the gate's verdict and the practices below target.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "aima check --format json")]
pub struct CheckDoc<'a> {
    /// True when no applicable practice is below its target.
    pub passed: bool,
    pub model: &'a str,
    pub complete: bool,
    pub unanswered: usize,
    pub gaps: Vec<Gap<'a>>,
    /// Each policy's messages, when `--policy` or `[policy] paths` named any (docs/policy.md).
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    pub policies: &'a [crate::policy::PolicyResult],
    /// With `--evidence`: every evidence item's state (as `aima evidence --format json`
    /// lists them) and the answers lacking required evidence.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub evidence: Option<&'a crate::evidence::Findings>,
    /// The aima.toml used, as shown (absent when none was: docs/record.md).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub config: Option<&'a str>,
}

/// A practice below its target.
#[derive(Debug, Serialize, JsonSchema)]
pub struct Gap<'a> {
    pub id: &'a str,
    pub name: &'a str,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub target: Option<u8>,
    /// Where the target was set (as in `score`'s JSON).
    pub target_source: Option<String>,
    pub gap: Option<u8>,
    pub actions: &'a [String],
}

impl<'a> CheckDoc<'a> {
    pub fn new(view: &CheckView<'a>) -> Self {
        let r = view.result;
        CheckDoc {
            passed: view.passed(),
            model: &r.model,
            complete: r.complete(),
            unanswered: r.unanswered,
            gaps: r
                .gaps()
                .map(|p| Gap {
                    id: &p.id,
                    name: &p.name,
                    rating: (&p.rating).into(),
                    target: p.target,
                    target_source: p.target_source.as_ref().map(|s| s.key()),
                    gap: p.gap,
                    actions: &p.actions,
                })
                .collect(),
            policies: view.policies,
            evidence: view.evidence,
            config: view.config,
        }
    }
}

impl Render<CheckView<'_>> for Json {
    fn render(&self, view: &CheckView) -> String {
        to_text(&CheckDoc::new(view))
    }
}
