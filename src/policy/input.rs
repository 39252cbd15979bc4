//! The policy input (docs/policy.md): one typed document that a Rego policy reads as
//! `input`, built by a pure function from values the commands already have. Keys are
//! stable; lookups a policy needs are maps keyed by id, so no policy has to join arrays:
//! `input.score.by_practice["DM-DT"].level`,
//! `input.crosswalk["eu-ai-act"].clauses["Art. 9"].status`.

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::answers::{Assessment, Date};
use crate::config::{Config, EuAiAct, Lifecycle, SystemConfig};
use crate::crosswalk::Framework;
use crate::crosswalk::status::ClauseStatus;
use crate::model::Model;
use crate::render::ScoreView;
use crate::render::json::{RatingJson, ScoreDoc};
use crate::score::ScoreResult;

/// `aima policy input`: what a policy reads as `input`.
#[derive(Debug, Serialize, JsonSchema)]
#[schemars(title = "aima policy input")]
pub struct PolicyInput<'a> {
    pub assessment: AssessmentInput,
    pub system: SystemInput,
    pub score: ScoreInput<'a>,
    /// Coverage per framework id (the frameworks of the system and of `--framework`).
    pub crosswalk: BTreeMap<String, FrameworkInput>,
    pub config: ConfigInput,
}

/// The assessment's metadata, with the day the input was built and its age.
#[derive(Debug, Serialize, JsonSchema)]
pub struct AssessmentInput {
    pub organization: Option<String>,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    /// The AI system assessed (`assessment.system`).
    pub system: Option<String>,
    pub team: Option<String>,
    /// YYYY-MM-DD: the assessment's date.
    pub date: Option<String>,
    /// Days from `date` to `today` (null without a date).
    pub age_days: Option<i64>,
    /// YYYY-MM-DD: the day the input was built (UTC; `SOURCE_DATE_EPOCH` when set).
    pub today: String,
    /// The answers files read, as named.
    pub files: Vec<String>,
}

/// The system's entry in aima.toml (all null or empty when it has none).
#[derive(Debug, Serialize, JsonSchema)]
pub struct SystemInput {
    /// `assessment.system` (null when the files name none).
    pub id: Option<String>,
    /// True when aima.toml has a `[systems.ID]` entry for it.
    pub configured: bool,
    pub name: Option<String>,
    pub owner: Option<String>,
    pub profile: Option<String>,
    pub frameworks: Vec<String>,
    /// Target levels set in aima.toml: `default` and per domain or practice code.
    pub targets: BTreeMap<String, u8>,
    /// The supplier of a third-party system.
    pub vendor: Option<String>,
    /// The vendor's public key file, as written in aima.toml.
    pub vendor_key: Option<String>,
    pub lifecycle: Option<Lifecycle>,
    pub tags: Vec<String>,
    pub description: Option<String>,
    /// Role, risk class, Annex III point and GPAI tier under the EU AI Act.
    pub eu_ai_act: Option<EuAiAct>,
}

/// The `score` JSON (`aima score --format json`), plus maps by id.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ScoreInput<'a> {
    #[serde(flatten)]
    pub doc: ScoreDoc<'a>,
    /// Every practice by id: its rating, target, gap and actions.
    pub by_practice: BTreeMap<String, PracticeInput>,
    /// Every domain by id: its rating, and how many of its practices are below target.
    pub by_domain: BTreeMap<String, DomainInput>,
}

/// A practice's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeInput {
    /// The domain id (`DM` for `DM-DT`).
    pub domain: String,
    pub name: String,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub unanswered: usize,
    /// The target level 0..3 (null when none applies).
    pub target: Option<u8>,
    /// Levels below the target (null when no target applies).
    pub gap: Option<u8>,
    /// Question codes to answer yes to reach the next level.
    pub actions: Vec<String>,
}

/// A domain's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DomainInput {
    pub name: String,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub unanswered: usize,
    /// Its practices below their target.
    pub below_target: usize,
}

/// A framework's coverage (docs/crosswalk.md): an indication for planning.
#[derive(Debug, Serialize, JsonSchema)]
pub struct FrameworkInput {
    pub name: String,
    pub version: String,
    /// Every clause by id.
    pub clauses: BTreeMap<String, ClauseInput>,
}

/// A clause's status from its primary practices.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClauseInput {
    pub title: String,
    /// The status word, as `aima crosswalk ID FILE` shows it.
    pub status: String,
    /// The applicable primary practices against their targets.
    pub practices: Vec<ClausePractice>,
    /// Question codes that would close the clause's gaps.
    pub actions: Vec<String>,
}

/// A primary practice of a clause.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ClausePractice {
    pub id: String,
    pub label: String,
    pub target: u8,
    pub gap: u8,
}

/// The aima.toml that was read, and its settings that concern policies.
#[derive(Debug, Serialize, JsonSchema)]
pub struct ConfigInput {
    /// The file as shown (null when none was found).
    pub file: Option<String>,
    /// `[portfolio] max_age_days`.
    pub max_age_days: Option<u32>,
    /// `[evidence] max_age_days` (null: the default, 365).
    pub evidence_max_age_days: Option<u32>,
}

/// What the input is built from.
pub struct Parts<'a> {
    pub model: &'a Model,
    pub assessment: &'a Assessment,
    /// The assessment scored with its targets (what `score` and `check` show).
    pub result: &'a ScoreResult,
    pub config: Option<&'a Config>,
    /// Coverage of each framework (scored for coverage, docs/crosswalk.md).
    pub coverage: &'a [(&'a Framework, Vec<ClauseStatus<'a>>)],
    pub today: Date,
}

/// Builds the policy input. Pure: the same parts give the same document.
pub fn build<'a>(parts: &Parts<'a>) -> PolicyInput<'a> {
    let meta = &parts.assessment.metadata;
    let system_id = meta.system.clone();
    let entry = system_id
        .as_deref()
        .and_then(|id| parts.config.and_then(|c| c.system(id)));
    PolicyInput {
        assessment: AssessmentInput {
            organization: meta.organization.clone(),
            scope: meta.scope.clone(),
            assessor: meta.assessor.clone(),
            system: system_id.clone(),
            team: meta.team.clone(),
            date: meta.date.map(|d| d.to_string()),
            age_days: meta.date.map(|d| days_between(d, parts.today)),
            today: parts.today.to_string(),
            files: parts.assessment.sources.clone(),
        },
        system: system(system_id, entry, parts.config),
        score: score(parts),
        crosswalk: parts
            .coverage
            .iter()
            .map(|(f, clauses)| (f.id.clone(), framework(f, clauses)))
            .collect(),
        config: ConfigInput {
            file: parts.config.map(|c| c.display.clone()),
            max_age_days: parts.config.and_then(|c| c.portfolio.max_age_days),
            evidence_max_age_days: parts.config.and_then(|c| c.evidence.max_age_days),
        },
    }
}

/// Days from `from` to `to` (negative when `from` is later).
pub fn days_between(from: Date, to: Date) -> i64 {
    crate::portfolio::days_since_epoch(to) - crate::portfolio::days_since_epoch(from)
}

fn system(id: Option<String>, entry: Option<&SystemConfig>, config: Option<&Config>) -> SystemInput {
    let e = entry.cloned().unwrap_or_default();
    let mut targets: BTreeMap<String, u8> = e.targets.by_code.clone();
    if let Some(d) = e.targets.default {
        targets.insert("default".to_string(), d);
    }
    let vendor_key = e.vendor_key.as_ref().map(|k| {
        let dir = config.map(|c| c.dir.as_path());
        let shown = dir.and_then(|d| k.strip_prefix(d).ok()).unwrap_or(k);
        shown.display().to_string()
    });
    SystemInput {
        id,
        configured: entry.is_some(),
        name: e.name,
        owner: e.owner,
        profile: e.profile,
        frameworks: e.frameworks,
        targets,
        vendor: e.vendor,
        vendor_key,
        lifecycle: e.lifecycle,
        tags: e.tags,
        description: e.description,
        eu_ai_act: e.eu_ai_act,
    }
}

fn score<'a>(parts: &Parts<'a>) -> ScoreInput<'a> {
    let view = ScoreView {
        model: parts.model,
        assessment: parts.assessment,
        result: parts.result,
        config: parts.config.map(|c| c.display.as_str()),
    };
    let doc = ScoreDoc::new(&view);
    let mut by_practice = BTreeMap::new();
    let mut by_domain = BTreeMap::new();
    for d in &parts.result.domains {
        for p in &d.practices {
            by_practice.insert(
                p.id.clone(),
                PracticeInput {
                    domain: d.id.clone(),
                    name: p.name.clone(),
                    rating: (&p.rating).into(),
                    unanswered: p.unanswered,
                    target: p.target,
                    gap: p.gap,
                    actions: p.actions.clone(),
                },
            );
        }
        let below_target = d
            .practices
            .iter()
            .filter(|p| p.gap.is_some_and(|g| g > 0))
            .count();
        by_domain.insert(
            d.id.clone(),
            DomainInput {
                name: d.name.clone(),
                rating: (&d.rating).into(),
                unanswered: d.unanswered,
                below_target,
            },
        );
    }
    ScoreInput {
        doc,
        by_practice,
        by_domain,
    }
}

fn framework(f: &Framework, clauses: &[ClauseStatus]) -> FrameworkInput {
    FrameworkInput {
        name: f.name.clone(),
        version: f.version.clone(),
        clauses: clauses
            .iter()
            .map(|c| {
                let input = ClauseInput {
                    title: c.clause.title.clone(),
                    status: c.status.as_str().to_string(),
                    practices: c
                        .practices
                        .iter()
                        .map(|p| ClausePractice {
                            id: p.result.id.clone(),
                            label: p.result.rating.label(),
                            target: p.target,
                            gap: p.gap,
                        })
                        .collect(),
                    actions: c.actions().into_iter().map(str::to_string).collect(),
                };
                (c.clause.id.clone(), input)
            })
            .collect(),
    }
}

/// The schema of the policy input (`aima schema policy-input`).
pub fn schema() -> serde_json::Value {
    crate::render::json::schema_of::<PolicyInput>()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::answers::Date;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn age_is_counted_in_days_across_months_and_leap_years() {
        assert_eq!(days_between(date("2024-02-28"), date("2024-03-01")), 2);
        assert_eq!(days_between(date("2025-12-01"), date("2026-12-01")), 365);
        assert_eq!(days_between(date("2026-12-02"), date("2026-12-01")), -1);
    }
}
