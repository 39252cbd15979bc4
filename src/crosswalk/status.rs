//! The coverage engine (pure; no I/O): the status of each clause of a framework from the
//! scored practices that are its primary links. The rule (docs/crosswalk.md):
//!
//! 1. `not covered`: no applicable primary practice (no primary link, or every primary
//!    practice is not applicable): AIMA alone cannot evidence the clause.
//! 2. `unassessed`: a primary practice has unanswered questions.
//! 3. `met` when every primary practice is at or above its target, `partial` when some
//!    are, `not met` when none is.
//!
//! A practice's target is the one scoring gave it, else [`FALLBACK_TARGET`]; commands
//! score with [`fallback_layer`] as the last target source so the actions are computed
//! for that target too.

use serde::Serialize;

use super::{Clause, FALLBACK_TARGET, Framework};
use crate::answers::Targets;
use crate::score::{PracticeResult, ScoreResult};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum Status {
    #[serde(rename = "met")]
    Met,
    #[serde(rename = "partial")]
    Partial,
    #[serde(rename = "not met")]
    NotMet,
    #[serde(rename = "unassessed")]
    Unassessed,
    #[serde(rename = "not covered")]
    NotCovered,
}

impl Status {
    pub const ALL: [Status; 5] = [
        Status::Met,
        Status::Partial,
        Status::NotMet,
        Status::Unassessed,
        Status::NotCovered,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::Met => "met",
            Status::Partial => "partial",
            Status::NotMet => "not met",
            Status::Unassessed => "unassessed",
            Status::NotCovered => "not covered",
        }
    }
}

/// A primary practice of a clause, against its target.
#[derive(Debug, Clone, Copy)]
pub struct PracticeStatus<'r> {
    pub result: &'r PracticeResult,
    pub target: u8,
    /// max(0, target − level).
    pub gap: u8,
}

impl PracticeStatus<'_> {
    pub fn meets(&self) -> bool {
        self.gap == 0
    }
}

#[derive(Debug, Clone)]
pub struct ClauseStatus<'a> {
    pub clause: &'a Clause,
    pub status: Status,
    /// The applicable primary practices, in link order.
    pub practices: Vec<PracticeStatus<'a>>,
}

impl ClauseStatus<'_> {
    /// The questions to answer yes to close the clause's gaps: the actions of every primary
    /// practice below its target, in link order.
    pub fn actions(&self) -> Vec<&str> {
        self.practices
            .iter()
            .filter(|p| !p.meets())
            .flat_map(|p| p.result.actions.iter().map(String::as_str))
            .collect()
    }
}

/// The lowest target source for coverage: level 2 for every practice.
pub fn fallback_layer() -> Targets {
    Targets {
        default: Some(FALLBACK_TARGET),
        ..Targets::default()
    }
}

/// The status of every clause of `framework`, in file order.
pub fn coverage<'a>(framework: &'a Framework, result: &'a ScoreResult) -> Vec<ClauseStatus<'a>> {
    framework
        .clauses
        .iter()
        .map(|c| clause_status(c, result))
        .collect()
}

/// The status of one clause.
pub fn clause_status<'a>(clause: &'a Clause, result: &'a ScoreResult) -> ClauseStatus<'a> {
    let practices: Vec<PracticeStatus> = clause
        .primary()
        .filter_map(|id| result.practice(id))
        .filter_map(|p| {
            let level = p.rating.level()?.level;
            let target = p.target.unwrap_or(FALLBACK_TARGET);
            Some(PracticeStatus {
                result: p,
                target,
                gap: target.saturating_sub(level),
            })
        })
        .collect();
    let meeting = practices.iter().filter(|p| p.meets()).count();
    let status = if practices.is_empty() {
        Status::NotCovered
    } else if practices.iter().any(|p| p.result.unanswered > 0) {
        Status::Unassessed
    } else if meeting == practices.len() {
        Status::Met
    } else if meeting > 0 {
        Status::Partial
    } else {
        Status::NotMet
    };
    ClauseStatus {
        clause,
        status,
        practices,
    }
}

/// How many clauses have each status, in [`Status::ALL`] order.
pub fn tally(statuses: &[ClauseStatus]) -> [(Status, usize); 5] {
    Status::ALL.map(|s| (s, statuses.iter().filter(|c| c.status == s).count()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Assessment;
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
            applies: Vec::new(),
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

    fn statuses(f: &Framework, a: &Assessment, target: Option<u8>) -> Vec<(String, Status)> {
        let layers = [fallback_layer()];
        let result = score::score(
            model(),
            a,
            Options {
                target,
                layers: &layers,
            },
        );
        coverage(f, &result)
            .iter()
            .map(|c| (c.clause.id.clone(), c.status))
            .collect()
    }

    #[test]
    fn each_status_follows_the_rule() {
        use Strength::{Primary, Supporting};
        let f = framework(vec![
            clause("met", &[("GV-EG", Primary)]),
            clause("partial", &[("GV-EG", Primary), ("GV-PC", Primary)]),
            clause("not met", &[("GV-PC", Primary), ("GV-SM", Supporting)]),
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
            ("met", Status::Met),
            ("partial", Status::Partial),
            ("not met", Status::NotMet),
            ("no links", Status::NotCovered),
            ("supporting only", Status::NotCovered),
            ("all n/a", Status::NotCovered),
            ("n/a left out", Status::Met),
            // OP-EM is already at level 2 (its target) but one question is unanswered.
            ("unassessed", Status::Unassessed),
        ];
        let want: Vec<(String, Status)> = want.iter().map(|(i, s)| (i.to_string(), *s)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn targets_come_from_scoring_else_level_2() {
        let f = framework(vec![clause("c", &[("GV-PC", Strength::Primary)])]);
        let level_1 = assessment(&[("GV-PC", LEVEL_1)]);
        assert_eq!(statuses(&f, &level_1, None)[0].1, Status::NotMet);
        assert_eq!(statuses(&f, &level_1, Some(1))[0].1, Status::Met);
        let mut with_target = level_1.clone();
        with_target.targets.by_code.insert("GV".to_string(), 1);
        assert_eq!(statuses(&f, &with_target, Some(3))[0].1, Status::Met);

        let layers = [fallback_layer()];
        let result = score::score(
            model(),
            &level_1,
            Options {
                target: None,
                layers: &layers,
            },
        );
        let c = clause_status(&f.clauses[0], &result);
        let p = c.practices[0];
        assert_eq!((p.target, p.gap), (2, 1));
        assert_eq!(c.actions(), ["GV-PC-A-2"]);
    }

    #[test]
    fn without_the_fallback_layer_level_2_is_still_the_bar() {
        let f = framework(vec![clause("c", &[("GV-EG", Strength::Primary)])]);
        let a = assessment(&[("GV-EG", LEVEL_1)]);
        let result = score::score(model(), &a, Options::default());
        let c = clause_status(&f.clauses[0], &result);
        assert_eq!(c.status, Status::NotMet);
        assert_eq!((c.practices[0].target, c.practices[0].gap), (2, 1));
    }
}
