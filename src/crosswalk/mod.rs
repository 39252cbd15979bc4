//! The crosswalk: frameworks (regulations and standards), their clauses, and links from
//! clauses to AIMA practices. The data lives in `crosswalks/`, one YAML file per framework,
//! embedded in the binary; `--crosswalks DIR` adds or replaces frameworks by id.
//! How the mapping was made and what a link means: docs/crosswalk.md.
//!
//! [`load`] reads and checks the files; [`status`] is the pure coverage engine.

pub mod known;
pub mod load;
pub mod status;
pub mod timeline;

use serde::Serialize;

use crate::config::{AiActRisk, AiActRole, Gpai};

/// The sentence every output that shows coverage carries.
pub const DISCLAIMER: &str = "This crosswalk is an indication for planning, not a legal or certification opinion: \
     it does not check applicability beyond the role and risk class given, and a practice's level is not proof \
     that the organisation-wide practice was applied to this system.";

/// Target used for a primary practice that no target source covers (docs/crosswalk.md).
pub const FALLBACK_TARGET: u8 = 2;

/// The least level a primary practice is compared with: level 1 is informal practice, not
/// evidence for an obligation (docs/crosswalk.md).
pub const FLOOR: u8 = 2;

/// One framework: a regulation, a standard, or an organisation's own policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Framework {
    pub id: String,
    pub name: String,
    pub version: String,
    pub source: String,
    pub license: String,
    pub attribution: String,
    pub amendment: Option<Amendment>,
    pub clauses: Vec<Clause>,
    /// The file it was read from, as shown in messages.
    pub file: String,
}

/// An amendment of the framework that changes its dates, recorded with its status
/// (docs/crosswalk.md, dates).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Amendment {
    pub name: String,
    pub reference: String,
    /// `in force`, `adopted` or `proposed`: only an amendment in force sets the dates.
    pub status: AmendmentStatus,
    /// The day from which it is in force (YYYY-MM-DD); before it, the published dates apply.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub in_force: Option<String>,
    /// Where the status and dates come from.
    pub source: String,
    /// True once the dates are checked against the official text itself.
    pub verified: bool,
}

/// The legal status of a set of application dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub enum AmendmentStatus {
    #[serde(rename = "in force")]
    InForce,
    #[serde(rename = "adopted")]
    Adopted,
    #[serde(rename = "proposed")]
    Proposed,
}

impl AmendmentStatus {
    pub const WORDS: [&'static str; 3] = ["in force", "adopted", "proposed"];

    pub fn as_str(self) -> &'static str {
        match self {
            AmendmentStatus::InForce => "in force",
            AmendmentStatus::Adopted => "adopted",
            AmendmentStatus::Proposed => "proposed",
        }
    }

    pub fn parse(word: &str) -> Option<AmendmentStatus> {
        match word {
            "in force" => Some(AmendmentStatus::InForce),
            "adopted" => Some(AmendmentStatus::Adopted),
            "proposed" => Some(AmendmentStatus::Proposed),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Clause {
    pub id: String,
    pub title: String,
    /// Whom the clause applies to (`applies:`); `None`: everyone.
    pub applies: Option<Applies>,
    /// When the clause applies, as published (`dates:`).
    pub dates: Vec<Dated>,
    /// When it applies as the framework's amendment changes it (see [`Framework::amendment`]).
    pub amended: Vec<Dated>,
    pub note: Option<String>,
    pub links: Vec<Link>,
}

/// A date (YYYY-MM-DD) and whom or what it concerns.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, schemars::JsonSchema)]
pub struct Dated {
    pub date: String,
    pub scope: String,
}

/// Whom an EU AI Act clause applies to: each list, when given, must hold the system's
/// value (docs/crosswalk.md, applicability).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, schemars::JsonSchema)]
pub struct Applies {
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub roles: Vec<AiActRole>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub risk: Vec<AiActRisk>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub gpai: Vec<Gpai>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// What the link names: a practice (`GV-EG`), a stream (`GV-EG-A`) or a question
    /// (`GV-EG-A-2`).
    pub practice: String,
    pub strength: Strength,
    pub rationale: String,
}

/// How strongly a practice evidences a clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Strength {
    /// The practice's activities produce evidence an assessor would accept for the clause.
    Primary,
    /// The practice helps, but its evidence alone would not satisfy the clause.
    Supporting,
}

impl Strength {
    pub const WORDS: [&'static str; 2] = ["primary", "supporting"];

    pub fn as_str(self) -> &'static str {
        match self {
            Strength::Primary => "primary",
            Strength::Supporting => "supporting",
        }
    }

    pub fn parse(word: &str) -> Option<Strength> {
        match word {
            "primary" => Some(Strength::Primary),
            "supporting" => Some(Strength::Supporting),
            _ => None,
        }
    }
}

impl Clause {
    /// The codes (practice, stream or question) that are primary links, in file order.
    pub fn primary(&self) -> impl Iterator<Item = &str> {
        self.links
            .iter()
            .filter(|l| l.strength == Strength::Primary)
            .map(|l| l.practice.as_str())
    }

    /// True when no AIMA practice is a primary link: AIMA alone cannot evidence the clause.
    pub fn not_covered(&self) -> bool {
        self.primary().next().is_none()
    }
}

/// Link counts of a framework.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Counts {
    pub clauses: usize,
    pub primary: usize,
    pub supporting: usize,
    pub not_covered: usize,
}

impl Framework {
    pub fn clause(&self, id: &str) -> Option<&Clause> {
        self.clauses.iter().find(|c| c.id == id)
    }

    pub fn counts(&self) -> Counts {
        let links = || self.clauses.iter().flat_map(|c| c.links.iter());
        Counts {
            clauses: self.clauses.len(),
            primary: links().filter(|l| l.strength == Strength::Primary).count(),
            supporting: links().filter(|l| l.strength == Strength::Supporting).count(),
            not_covered: self.clauses.iter().filter(|c| c.not_covered()).count(),
        }
    }

    /// Every practice that is (or whose stream or question is) a primary link of some
    /// clause, without repeats, in file order.
    pub fn primary_practices(&self) -> Vec<&str> {
        self.primary_practices_of(self.clauses.iter())
    }

    /// [`Framework::primary_practices`] of the given clauses only.
    pub fn primary_practices_of<'f>(&'f self, clauses: impl Iterator<Item = &'f Clause>) -> Vec<&'f str> {
        let mut out: Vec<&str> = Vec::new();
        for code in clauses.flat_map(Clause::primary) {
            let p = practice_of(code);
            if !out.contains(&p) {
                out.push(p);
            }
        }
        out
    }

    /// Whether any clause carries application dates (the table then shows them).
    pub fn has_dates(&self) -> bool {
        self.clauses.iter().any(|c| !c.dates.is_empty())
    }

    /// Whether any clause says whom it applies to (`applies:`).
    pub fn has_applicability(&self) -> bool {
        self.clauses.iter().any(|c| c.applies.is_some())
    }
}

/// The practice code of a practice, stream or question code (its first five characters).
pub fn practice_of(code: &str) -> &str {
    code.get(..5).unwrap_or(code)
}

/// The frameworks available to a command: the embedded ones, plus or replaced by those
/// of `--crosswalks DIR`, in id order.
#[derive(Debug, Clone, Default)]
pub struct Catalogue {
    pub frameworks: Vec<Framework>,
}

impl Catalogue {
    /// The framework `id`, or a usage error listing the known ones.
    pub fn find(&self, id: &str) -> crate::base::error::Result<&Framework> {
        self.get(id).ok_or_else(|| {
            let hint = if id.ends_with(".yaml") || id.ends_with(".yml") || id.contains('/') {
                "; name the framework before the answers files, as in aima crosswalk eu-ai-act FILE"
            } else {
                ""
            };
            crate::base::error::Error::Usage(format!(
                "unknown framework `{}`; the frameworks are {}{hint}",
                crate::base::sanitize::terminal_line(id),
                self.ids().join(", ")
            ))
        })
    }

    /// The frameworks named by `ids` (`--framework`), each once, in the order given.
    pub fn find_all(&self, ids: &[String]) -> crate::base::error::Result<Vec<&Framework>> {
        let mut out: Vec<&Framework> = Vec::new();
        for id in ids {
            let f = self.find(id)?;
            if !out.iter().any(|o| o.id == f.id) {
                out.push(f);
            }
        }
        Ok(out)
    }

    pub fn get(&self, id: &str) -> Option<&Framework> {
        self.frameworks.iter().find(|f| f.id == id)
    }

    pub fn ids(&self) -> Vec<&str> {
        self.frameworks.iter().map(|f| f.id.as_str()).collect()
    }
}
