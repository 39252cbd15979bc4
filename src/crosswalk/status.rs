//! The coverage engine (pure; no I/O): the status of each clause of a framework from what
//! its primary links name, for one system. The rule (docs/crosswalk.md):
//!
//! 1. `does not apply`: the clause's `applies` excludes the system's EU AI Act role, risk
//!    class or GPAI tier (only when the system has `eu_ai_act`).
//! 2. `not covered`: no applicable primary link (no primary link, or everything the primary
//!    links name is not applicable): AIMA alone cannot evidence the clause.
//! 3. `unassessed`: something a primary link names has unanswered questions.
//! 4. `at target` when everything a primary link names reaches its bar, `partial` when some
//!    does, `below target` when none does.
//!
//! The bar of a practice or stream is its practice's target (else [`FALLBACK_TARGET`]),
//! never less than [`FLOOR`]; a stream is compared by its gated level; a question by being
//! met. The actions are the unmet applicable questions of what the link names, at levels up
//! to the bar.

use serde::Serialize;

use super::{Applies, Clause, FALLBACK_TARGET, FLOOR, Framework, Strength};
use crate::answers::{Answer, Assessment, Targets};
use crate::config::{AiActRisk, AiActRole, EuAiAct, Gpai};
use crate::model::{Code, Model, Practice};
use crate::score::{PracticeResult, ScoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Status {
    #[serde(rename = "at target")]
    AtTarget,
    #[serde(rename = "partial")]
    Partial,
    #[serde(rename = "below target")]
    BelowTarget,
    #[serde(rename = "unassessed")]
    Unassessed,
    #[serde(rename = "not covered")]
    NotCovered,
    #[serde(rename = "does not apply")]
    DoesNotApply,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::AtTarget,
        Status::Partial,
        Status::BelowTarget,
        Status::Unassessed,
        Status::NotCovered,
        Status::DoesNotApply,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::AtTarget => "at target",
            Status::Partial => "partial",
            Status::BelowTarget => "below target",
            Status::Unassessed => "unassessed",
            Status::NotCovered => "not covered",
            Status::DoesNotApply => "does not apply",
        }
    }
}

/// What one primary link names (a practice, a stream or a question), against its bar.
#[derive(Debug, Clone)]
pub struct PracticeStatus<'r> {
    /// The code the link names.
    pub id: String,
    /// The practice it belongs to.
    pub result: &'r PracticeResult,
    /// The level (`1+`), or for a question its answer (`yes`, `no`, `unanswered`).
    pub label: String,
    /// The bar: the practice's target, at least level 2; for a question, its level.
    pub target: u8,
    /// max(0, target − level); for a question 1 when it is not met.
    pub gap: u8,
    pub unanswered: usize,
    /// The questions to answer yes to close the gap, in roadmap order.
    pub actions: Vec<String>,
}

impl PracticeStatus<'_> {
    pub fn meets(&self) -> bool {
        self.gap == 0
    }

    /// Whether the link names a question (compared by being met, not by a level).
    pub fn is_question(&self) -> bool {
        self.id.matches('-').count() == 3
    }
}

/// Whether a clause applies to the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Applicability {
    Applies,
    /// It does not, and why.
    DoesNotApply(String),
    /// The clause says whom it applies to, but the system's `eu_ai_act` is not set.
    NotSet,
}

#[derive(Debug, Clone)]
pub struct ClauseStatus<'a> {
    pub clause: &'a Clause,
    pub status: Status,
    pub applicability: Applicability,
    /// What the applicable primary links name, in link order.
    pub practices: Vec<PracticeStatus<'a>>,
    /// The organisation's own evidence for the clause (`clauses:` in the answers files),
    /// shown beside the status, which it does not change (docs/crosswalk.md).
    pub own: Option<&'a Answer>,
}

impl ClauseStatus<'_> {
    /// The questions to answer yes to close the clause's gaps, in link order, each once.
    pub fn actions(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for a in self
            .practices
            .iter()
            .filter(|p| !p.meets())
            .flat_map(|p| &p.actions)
        {
            if !out.contains(&a.as_str()) {
                out.push(a);
            }
        }
        out
    }

    /// Why the clause does not apply, when it does not.
    pub fn reason(&self) -> Option<&str> {
        match &self.applicability {
            Applicability::DoesNotApply(r) => Some(r),
            _ => None,
        }
    }
}

/// What coverage is computed from: the model, the answers and their score, and the
/// system's place under the EU AI Act.
#[derive(Debug, Clone, Copy)]
pub struct Input<'a> {
    pub model: &'a Model,
    pub assessment: &'a Assessment,
    pub result: &'a ScoreResult,
    pub act: Option<&'a EuAiAct>,
}

/// The lowest target source for coverage: level 2 for every practice.
pub fn fallback_layer() -> Targets {
    Targets {
        default: Some(FALLBACK_TARGET),
        source: crate::answers::TargetSource::Coverage,
        ..Targets::default()
    }
}

/// Scores with level 2 as the last target source, so every applicable practice has a
/// target and the actions to reach it (docs/crosswalk.md).
pub fn score_for_coverage(
    model: &Model,
    assessment: &Assessment,
    target: Option<u8>,
    layers: &[Targets],
) -> ScoreResult {
    let layers: Vec<Targets> = layers.iter().cloned().chain([fallback_layer()]).collect();
    crate::score::score(
        model,
        assessment,
        crate::score::Options {
            target,
            layers: &layers,
        },
    )
}

/// The status of every clause of `framework`, in file order, each with the organisation's
/// own evidence for it.
pub fn coverage<'a>(framework: &'a Framework, input: &Input<'a>) -> Vec<ClauseStatus<'a>> {
    framework
        .clauses
        .iter()
        .map(|c| ClauseStatus {
            own: input.assessment.clause(&framework.id, &c.id),
            ..clause_status(c, input)
        })
        .collect()
}

/// Counts of clauses per status: what a one-line summary of a framework shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Summary {
    #[serde(rename = "at target")]
    pub at_target: usize,
    pub partial: usize,
    #[serde(rename = "below target")]
    pub below_target: usize,
    pub unassessed: usize,
    #[serde(rename = "not covered")]
    pub not_covered: usize,
    #[serde(rename = "does not apply")]
    pub does_not_apply: usize,
}

impl Summary {
    pub fn of(statuses: &[ClauseStatus]) -> Summary {
        let n = |s: Status| statuses.iter().filter(|c| c.status == s).count();
        Summary {
            at_target: n(Status::AtTarget),
            partial: n(Status::Partial),
            below_target: n(Status::BelowTarget),
            unassessed: n(Status::Unassessed),
            not_covered: n(Status::NotCovered),
            does_not_apply: n(Status::DoesNotApply),
        }
    }

    /// Number of clauses counted.
    pub fn total(&self) -> usize {
        self.counts().iter().map(|(_, n)| n).sum()
    }

    /// `3 with practices at target · 1 partial · …`: never "met" (docs/crosswalk.md).
    pub fn line(&self) -> String {
        self.counts()
            .iter()
            .map(|(s, n)| match s {
                Status::AtTarget => format!("{n} with practices at target"),
                Status::DoesNotApply if *n != 1 => format!("{n} do not apply"),
                s => format!("{n} {}", s.as_str()),
            })
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The counts in [`Status::ALL`] order.
    pub fn counts(&self) -> [(Status, usize); 6] {
        [
            (Status::AtTarget, self.at_target),
            (Status::Partial, self.partial),
            (Status::BelowTarget, self.below_target),
            (Status::Unassessed, self.unassessed),
            (Status::NotCovered, self.not_covered),
            (Status::DoesNotApply, self.does_not_apply),
        ]
    }
}

/// A framework's summary counts for one assessment (the one-line view of the HTML report).
pub fn summary(framework: &Framework, input: &Input) -> Summary {
    Summary::of(&coverage(framework, input))
}

/// The status of one clause.
pub fn clause_status<'a>(clause: &'a Clause, input: &Input<'a>) -> ClauseStatus<'a> {
    let applicability = applicability(clause.applies.as_ref(), input.act);
    // A clause that does not apply has nothing to close: no practices, no actions.
    let excluded = matches!(applicability, Applicability::DoesNotApply(_));
    let practices: Vec<PracticeStatus> = clause
        .links
        .iter()
        .filter(|l| l.strength == Strength::Primary && !excluded)
        .filter_map(|l| link_status(&l.practice, input))
        .collect();
    let meeting = practices.iter().filter(|p| p.meets()).count();
    let status = if excluded {
        Status::DoesNotApply
    } else if practices.is_empty() {
        Status::NotCovered
    } else if practices.iter().any(|p| p.unanswered > 0) {
        Status::Unassessed
    } else if meeting == practices.len() {
        Status::AtTarget
    } else if meeting > 0 {
        Status::Partial
    } else {
        Status::BelowTarget
    };
    ClauseStatus {
        clause,
        status,
        applicability,
        practices,
        own: None,
    }
}

/// What a link to `code` shows; `None` when it is not applicable (every question `na`).
fn link_status<'a>(code: &str, input: &Input<'a>) -> Option<PracticeStatus<'a>> {
    let parsed = Code::parse(code)?;
    let practice_id = super::practice_of(code);
    let result = input.result.practice(practice_id)?;
    let (_, practice) = input.model.practice(practice_id)?;
    let bar = result.target.unwrap_or(FALLBACK_TARGET).max(FLOOR);
    let (level, unanswered, stream) = match parsed {
        Code::Practice(_) => (result.rating.level()?, result.unanswered, None),
        Code::Stream { stream, .. } => {
            let i = usize::from(stream == 'B');
            let s = &result.streams[i];
            (s.rating.level()?, s.unanswered, Some(i))
        }
        Code::Question { level, .. } => return question_status(code, level, result, input.assessment),
        Code::Domain(_) => return None,
    };
    Some(PracticeStatus {
        id: code.to_string(),
        result,
        label: level.to_string(),
        target: bar,
        gap: bar.saturating_sub(level.level),
        unanswered,
        actions: actions(practice, stream, bar, input.assessment),
    })
}

fn question_status<'a>(
    code: &str,
    level: u8,
    result: &'a PracticeResult,
    assessment: &Assessment,
) -> Option<PracticeStatus<'a>> {
    use crate::answers::Word;
    let word = assessment.word(code);
    if word == Some(Word::Na) {
        return None;
    }
    let met = word == Some(Word::Yes);
    Some(PracticeStatus {
        id: code.to_string(),
        result,
        label: word.map_or("unanswered", Word::as_str).to_string(),
        target: level,
        gap: u8::from(!met),
        unanswered: usize::from(word.is_none()),
        actions: if met { Vec::new() } else { vec![code.to_string()] },
    })
}

/// The applicable questions of `practice` (or of one stream) at levels 1..=bar that are not
/// met, by level, then stream A before B.
fn actions(practice: &Practice, stream: Option<usize>, bar: u8, assessment: &Assessment) -> Vec<String> {
    use crate::answers::Word;
    let mut out = Vec::new();
    for level in 1..=bar {
        for (i, s) in practice.streams.iter().enumerate() {
            if stream.is_some_and(|only| only != i) {
                continue;
            }
            for q in s.questions.iter().filter(|q| q.level == level) {
                let word = assessment.word(&q.id);
                if word != Some(Word::Na) && word != Some(Word::Yes) {
                    out.push(q.id.clone());
                }
            }
        }
    }
    out
}

/// What `check --framework` gates for one practice: the bar, gap and actions of the
/// primary links that name it (or its streams or questions) in clauses that apply.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Gate {
    pub practice: String,
    pub target: u8,
    pub gap: u8,
    pub actions: Vec<String>,
}

/// The gates of `frameworks` for one system, in the order the links first name each
/// practice: a practice linked as a whole is gated at its bar (its target, at least
/// level 2); one linked only through streams or questions, on what those name.
pub fn gates(frameworks: &[&Framework], input: &Input) -> Vec<Gate> {
    // Each gate with whether a link names its whole practice.
    let mut out: Vec<(Gate, bool)> = Vec::new();
    for c in frameworks.iter().flat_map(|f| coverage(f, input)) {
        if c.status == Status::DoesNotApply {
            continue;
        }
        for p in &c.practices {
            let whole = p.id.len() == 5;
            let id = super::practice_of(&p.id);
            let index = match out.iter().position(|(g, _)| g.practice == id) {
                Some(i) => i,
                None => {
                    let gate = Gate {
                        practice: id.to_string(),
                        target: 0,
                        gap: 0,
                        actions: Vec::new(),
                    };
                    out.push((gate, whole));
                    out.len() - 1
                }
            };
            let (gate, named_whole) = &mut out[index];
            if *named_whole && !whole {
                continue; // the whole practice is gated already
            }
            if whole && !*named_whole {
                *named_whole = true;
                *gate = Gate {
                    practice: gate.practice.clone(),
                    target: 0,
                    gap: 0,
                    actions: Vec::new(),
                };
            }
            gate.target = gate.target.max(p.target);
            gate.gap = gate.gap.max(p.gap);
            if !p.meets() {
                for a in &p.actions {
                    if !gate.actions.contains(a) {
                        gate.actions.push(a.clone());
                    }
                }
            }
        }
    }
    out.into_iter().map(|(g, _)| g).collect()
}

/// Whether a clause with `applies` applies to a system with `act`.
pub fn applicability(applies: Option<&Applies>, act: Option<&EuAiAct>) -> Applicability {
    let Some(applies) = applies else {
        return Applicability::Applies;
    };
    let Some(act) = act else {
        return Applicability::NotSet;
    };
    if !applies.roles.is_empty() && !applies.roles.contains(&act.role) {
        return Applicability::DoesNotApply(format!(
            "applies to {}; this system's role is {}",
            plural(
                &applies.roles.iter().map(|r| role_word(*r)).collect::<Vec<_>>(),
                "s"
            ),
            role_word(act.role)
        ));
    }
    if !applies.risk.is_empty() && !applies.risk.contains(&act.risk) {
        return Applicability::DoesNotApply(format!(
            "applies to {} systems; this system is {}",
            plural(
                &applies.risk.iter().map(|r| risk_word(*r)).collect::<Vec<_>>(),
                ""
            ),
            risk_word(act.risk)
        ));
    }
    if !applies.gpai.is_empty() && !applies.gpai.contains(&act.gpai) {
        return Applicability::DoesNotApply(format!(
            "applies to {}; this system's gpai is {}",
            plural(
                &applies.gpai.iter().map(|g| gpai_text(*g)).collect::<Vec<_>>(),
                ""
            ),
            gpai_word(act.gpai)
        ));
    }
    Applicability::Applies
}

/// `a, b or c`, each with `suffix`.
fn plural(words: &[&str], suffix: &str) -> String {
    let w: Vec<String> = words.iter().map(|w| format!("{w}{suffix}")).collect();
    match w.len() {
        0 => String::new(),
        1 => w[0].clone(),
        n => format!("{} or {}", w[..n - 1].join(", "), w[n - 1]),
    }
}

pub fn role_word(r: AiActRole) -> &'static str {
    match r {
        AiActRole::Provider => "provider",
        AiActRole::Deployer => "deployer",
        AiActRole::Importer => "importer",
        AiActRole::Distributor => "distributor",
    }
}

pub fn risk_word(r: AiActRisk) -> &'static str {
    match r {
        AiActRisk::Prohibited => "prohibited",
        AiActRisk::HighRisk => "high-risk",
        AiActRisk::Limited => "limited",
        AiActRisk::Minimal => "minimal",
    }
}

pub fn gpai_word(g: Gpai) -> &'static str {
    match g {
        Gpai::None => "none",
        Gpai::Gpai => "gpai",
        Gpai::Systemic => "systemic",
    }
}

fn gpai_text(g: Gpai) -> &'static str {
    match g {
        Gpai::None => "systems without a general-purpose AI model",
        Gpai::Gpai => "general-purpose AI models",
        Gpai::Systemic => "general-purpose AI models with systemic risk",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::crosswalk::{Link, Strength};
    use crate::score::{self, Options};

    fn model() -> &'static crate::model::Model {
        crate::embedded::model()
    }

    use crate::testing::assessment;

    fn clause(id: &str, links: &[(&str, Strength)]) -> Clause {
        Clause {
            id: id.to_string(),
            title: id.to_string(),
            applies: None,
            dates: Vec::new(),
            amended: Vec::new(),
            note: None,
            links: links
                .iter()
                .map(|(p, s)| Link {
                    practice: p.to_string(),
                    strength: *s,
                    rationale: "test".to_string(),
                })
                .collect(),
        }
    }

    fn framework(clauses: Vec<Clause>) -> Framework {
        Framework {
            id: "test".into(),
            name: "Test".into(),
            version: "1".into(),
            source: "s".into(),
            license: "l".into(),
            attribution: "a".into(),
            amendment: None,
            clauses,
            file: "test.yaml".into(),
        }
    }

    const YES: &str = "yes yes yes yes yes yes";
    const LEVEL_1: &str = "yes yes no yes no no";
    const ALL_NA: &str = "na na na na na na";

    fn scored(a: &Assessment, target: Option<u8>) -> ScoreResult {
        let layers = [fallback_layer()];
        score::score(
            model(),
            a,
            Options {
                target,
                layers: &layers,
            },
        )
    }

    fn statuses(f: &Framework, a: &Assessment, target: Option<u8>) -> Vec<(String, Status)> {
        let result = scored(a, target);
        let input = Input {
            model: model(),
            assessment: a,
            result: &result,
            act: None,
        };
        coverage(f, &input)
            .iter()
            .map(|c| (c.clause.id.clone(), c.status))
            .collect()
    }

    #[test]
    fn each_status_follows_the_rule() {
        use Strength::{Primary, Supporting};
        let f = framework(vec![
            clause("at target", &[("GV-EG", Primary)]),
            clause("partial", &[("GV-EG", Primary), ("GV-PC", Primary)]),
            clause("below target", &[("GV-PC", Primary), ("GV-SM", Supporting)]),
            clause("no links", &[]),
            clause("supporting only", &[("GV-EG", Supporting)]),
            clause("all n/a", &[("DE-TA", Primary)]),
            clause("n/a left out", &[("DE-TA", Primary), ("GV-EG", Primary)]),
            clause("unassessed", &[("GV-EG", Primary), ("OP-EM", Primary)]),
        ]);
        let a = assessment(&[
            ("GV-EG", YES),
            ("GV-PC", LEVEL_1),
            ("DE-TA", ALL_NA),
            ("OP-EM", "yes yes yes yes yes ~"),
        ]);
        let got = statuses(&f, &a, None);
        let want = [
            ("at target", Status::AtTarget),
            ("partial", Status::Partial),
            ("below target", Status::BelowTarget),
            ("no links", Status::NotCovered),
            ("supporting only", Status::NotCovered),
            ("all n/a", Status::NotCovered),
            ("n/a left out", Status::AtTarget),
            // OP-EM is already at level 2 (its target) but one question is unanswered.
            ("unassessed", Status::Unassessed),
        ];
        let want: Vec<(String, Status)> = want.iter().map(|(i, s)| (i.to_string(), *s)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn a_target_below_level_2_is_raised_to_level_2() {
        let f = framework(vec![clause("c", &[("GV-PC", Strength::Primary)])]);
        let level_1 = assessment(&[("GV-PC", LEVEL_1)]);
        assert_eq!(statuses(&f, &level_1, None)[0].1, Status::BelowTarget);
        // A level-1 target never yields `at target` for a level-1 practice.
        assert_eq!(statuses(&f, &level_1, Some(1))[0].1, Status::BelowTarget);
        assert_eq!(statuses(&f, &level_1, Some(0))[0].1, Status::BelowTarget);
        let mut with_target = level_1.clone();
        with_target.targets.by_code.insert("GV".to_string(), 1);
        assert_eq!(statuses(&f, &with_target, Some(3))[0].1, Status::BelowTarget);
        let result = scored(&level_1, Some(1));
        let input = Input {
            model: model(),
            assessment: &level_1,
            result: &result,
            act: None,
        };
        let c = clause_status(&f.clauses[0], &input);
        let p = &c.practices[0];
        assert_eq!((p.target, p.gap), (2, 1));
        assert_eq!(c.actions(), ["GV-PC-A-2"]);
        let level_2 = assessment(&[("GV-PC", "yes yes yes yes no no")]);
        assert_eq!(statuses(&f, &level_2, Some(1))[0].1, Status::AtTarget);
        assert_eq!(statuses(&f, &level_2, Some(3))[0].1, Status::BelowTarget);
    }

    #[test]
    fn streams_and_questions_count_only_what_they_name() {
        use Strength::Primary;
        let f = framework(vec![
            clause("stream A", &[("GV-EG-A", Primary)]),
            clause("stream B", &[("GV-EG-B", Primary)]),
            clause("question", &[("GV-EG-B-3", Primary)]),
            clause("question met", &[("GV-EG-A-3", Primary)]),
        ]);
        // Stream A at level 3, stream B at level 1 (B-2 no, B-3 no).
        let a = assessment(&[("GV-EG", "yes yes yes no yes no")]);
        let got = statuses(&f, &a, None);
        let words: Vec<Status> = got.iter().map(|(_, s)| *s).collect();
        assert_eq!(
            words,
            [
                Status::AtTarget,
                Status::BelowTarget,
                Status::BelowTarget,
                Status::AtTarget
            ]
        );
        let result = scored(&a, None);
        let input = Input {
            model: model(),
            assessment: &a,
            result: &result,
            act: None,
        };
        let b = clause_status(&f.clauses[1], &input);
        assert_eq!(b.actions(), ["GV-EG-B-2"]);
        assert_eq!(b.practices[0].label, "1");
        let q = clause_status(&f.clauses[2], &input);
        assert_eq!(q.actions(), ["GV-EG-B-3"]);
        assert_eq!((q.practices[0].label.as_str(), q.practices[0].target), ("no", 3));
    }

    #[test]
    fn applicability_follows_role_risk_and_gpai() {
        let act = |role, risk, gpai| EuAiAct {
            role,
            risk,
            annex: None,
            gpai,
        };
        let deployer = Applies {
            roles: vec![AiActRole::Deployer],
            risk: vec![AiActRisk::HighRisk],
            gpai: Vec::new(),
        };
        let bank = act(AiActRole::Deployer, AiActRisk::HighRisk, Gpai::None);
        let bot = act(AiActRole::Provider, AiActRisk::Limited, Gpai::None);
        assert_eq!(
            applicability(Some(&deployer), Some(&bank)),
            Applicability::Applies
        );
        assert_eq!(
            applicability(Some(&deployer), Some(&bot)),
            Applicability::DoesNotApply("applies to deployers; this system's role is provider".into())
        );
        assert_eq!(applicability(Some(&deployer), None), Applicability::NotSet);
        assert_eq!(applicability(None, Some(&bot)), Applicability::Applies);
        let systemic = Applies {
            gpai: vec![Gpai::Systemic],
            ..Applies::default()
        };
        assert!(matches!(
            applicability(Some(&systemic), Some(&bot)),
            Applicability::DoesNotApply(r) if r.ends_with("gpai is none")
        ));
    }
}
