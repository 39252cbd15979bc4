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
