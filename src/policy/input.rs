//! The policy input (docs/policy.md): one typed document that a Rego policy reads as
//! `input`, built by a pure function from values the commands already have. Keys are
//! stable; lookups a policy needs are maps keyed by id, so no policy has to join arrays:
//! `input.score.by_practice["DM-DT"].level`,
//! `input.crosswalk["eu-ai-act"].clauses["Art. 9"].status`.

use std::collections::{BTreeMap, BTreeSet};

use regorus::Value;
use schemars::JsonSchema;
use serde::Serialize;

use super::reads::Reads;
use super::value;
use crate::answers::evidence::Kind;
use crate::answers::{Assessment, Date, SignOff};
use crate::attest::{EnvelopeState, Examined};
use crate::config::{Config, EuAiAct, Lifecycle, SystemConfig};
use crate::crosswalk::Framework;
use crate::crosswalk::status::ClauseStatus;
use crate::evidence::{Findings, Rules, State, Unevidenced};
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
    /// The evidence items' states, by question, as `aima evidence` computes them.
    pub evidence: EvidenceInput,
    /// The DSSE envelopes (`*.dsse.json`) beside the answers files, verified with the
    /// system's `vendor_key`.
    pub attestation: AttestationInput,
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
    /// `assessment.round`, else the date (docs/record.md).
    pub round: Option<String>,
    /// `draft` (also when the files do not say), `in-review` or `final`.
    pub status: String,
    /// `assessment.sign_off`, in file order.
    pub sign_off: Vec<SignOffInput>,
    /// Sign-offs set aside by `aima assess --reopen` (never approval).
    pub superseded: Vec<SignOffInput>,
    /// The latest sign-off of each role (`approver`, `reviewer`, ...) by date.
    pub last_sign_off: BTreeMap<String, SignOffInput>,
}

/// A sign-off, with its age.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct SignOffInput {
    pub by: String,
    /// `assessor`, `reviewer`, `approver`, or other text.
    pub role: String,
    /// YYYY-MM-DD.
    pub date: String,
    pub note: Option<String>,
    /// Days from `date` to `today`.
    pub age_days: i64,
}

/// The evidence of the assessment (docs/evidence.md).
#[derive(Debug, Serialize, JsonSchema)]
pub struct EvidenceInput {
    /// True when `aima evidence --check` passes.
    pub passed: bool,
    /// `[evidence] max_age_days` (default 365): older evidence is `stale`.
    pub max_age_days: u32,
    /// How many items are in each state (every state, 0 included).
    pub counts: BTreeMap<State, usize>,
    /// Every question with evidence by code: its answer, practice, states and items.
    pub by_question: BTreeMap<String, QuestionEvidence>,
    /// Answers that `[evidence] require` says need evidence and have none.
    pub unevidenced: Vec<Unevidenced>,
}

/// The evidence of one question.
#[derive(Debug, Serialize, JsonSchema)]
pub struct QuestionEvidence {
    /// The practice id (`DM-DT` for `DM-DT-A-1`).
    pub practice: String,
    /// The answer word, or null when unanswered.
    pub answer: Option<String>,
    /// The distinct states of its items, in the order of the `State` list.
    pub states: Vec<State>,
    pub items: Vec<EvidenceItem>,
}

/// One evidence item and its state.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EvidenceItem {
    /// The answers file, as named.
    pub file: String,
    #[serde(rename = "ref")]
    pub reference: String,
    pub title: Option<String>,
    pub kind: Option<Kind>,
    /// YYYY-MM-DD, when it was collected.
    pub date: Option<String>,
    /// YYYY-MM-DD, when it stops counting.
    pub expires: Option<String>,
    /// Days from `date` to `today` (null without a date).
    pub age_days: Option<i64>,
    /// Days from `today` to `expires` (negative once expired; null without one).
    pub expires_in_days: Option<i64>,
    pub state: State,
    /// Whether this state fails `aima evidence --check`.
    pub fails: bool,
}

/// Attestations of the assessment (docs/attestation.md): what a policy needs for "a
/// vendor system must be attested".
#[derive(Debug, Serialize, JsonSchema)]
pub struct AttestationInput {
    /// True when an envelope is `valid` and covers every answers file read.
    pub attested: bool,
    /// The key id (hex SHA-256 of the public key's DER) of the system's `vendor_key`.
    pub vendor_keyid: Option<String>,
    /// Every `*.dsse.json` file in the folders of the answers files, by name.
    pub envelopes: Vec<EnvelopeInput>,
}

/// One envelope beside the answers files.
#[derive(Debug, Serialize, JsonSchema)]
pub struct EnvelopeInput {
    /// The envelope file, as named (beside the answers file).
    pub file: String,
    pub state: EnvelopeState,
    /// Why it is not valid, or why it does not cover the answers files read.
    pub reason: Option<String>,
    /// The key id its first signature names.
    pub keyid: Option<String>,
    /// True when every answers file read, as it is now, is one of its subjects.
    pub covers: bool,
    /// The attested assessment's `system` and `date`.
    pub system: Option<String>,
    pub date: Option<String>,
    /// YYYY-MM-DD: when it was signed.
    pub attested_on: Option<String>,
    /// Days from `attested_on` to `today`.
    pub age_days: Option<i64>,
}

/// An envelope found beside the answers files, examined ([`crate::attest::examine`]).
#[derive(Debug, Clone)]
pub struct FoundEnvelope {
    pub file: String,
    pub examined: Examined,
}

/// What was found on disk about the attestations of an assessment.
#[derive(Debug, Clone, Default)]
pub struct Attestations {
    /// The key id of the system's `vendor_key`, when aima.toml names one.
    pub vendor_keyid: Option<String>,
    pub envelopes: Vec<FoundEnvelope>,
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
    pub by_practice: ByPractice<'a>,
    /// Every domain by id: its rating, and how many of its practices are below target.
    pub by_domain: ByDomain<'a>,
}

/// A practice's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct PracticeInput<'a> {
    /// The domain id (`DM` for `DM-DT`).
    pub domain: &'a str,
    pub name: &'a str,
    #[serde(flatten)]
    pub rating: RatingJson,
    pub unanswered: usize,
    /// The target level 0..3 (null when none applies).
    pub target: Option<u8>,
    /// Levels below the target (null when no target applies).
    pub gap: Option<u8>,
    /// Question codes to answer yes to reach the next level.
    pub actions: &'a [String],
}

/// A domain's result.
#[derive(Debug, Serialize, JsonSchema)]
pub struct DomainInput<'a> {
    pub name: &'a str,
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
    /// The organisation's own evidence for the clause (`clauses:` in the answers files),
    /// when the files give it; `status` does not take it into account.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub own: Option<crate::render::json::OwnEvidenceJson>,
    /// The dates in force on `assessment.today` (the EU AI Act's), and the originals where
    /// they differ (docs/crosswalk.md, dates).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub application: Option<crate::crosswalk::timeline::ClauseDates>,
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
    /// The evidence findings of the answers files, and the rules they were found by.
    pub evidence: &'a Findings,
    pub evidence_rules: &'a Rules,
    pub attestations: &'a Attestations,
    pub today: Date,
}

/// Builds the policy input. Pure: the same parts give the same document.
pub fn build<'a>(parts: &Parts<'a>) -> PolicyInput<'a> {
    PolicyInput {
        assessment: assessment(parts),
        system: system_of(parts),
        score: score(parts),
        crosswalk: crosswalk(parts),
        evidence: evidence(parts),
        attestation: attestation(parts.attestations, parts.today),
        config: config(parts),
    }
}

/// The input as the engine reads it for a set that reads `reads` ([`super::reads`]):
/// [`build`]'s document as [`super::value`] builds it, with only the top-level keys the
/// set can read, each built only then, and of each only the keys named after it. Equal to
/// the whole document read back from JSON when every key is read (a test says so).
pub fn value_for(parts: &Parts, reads: &Reads) -> Result<Value, value::Error> {
    let mut b = value::Builder::default();
    let mut top = BTreeMap::new();
    for (key, make) in PARTS.into_iter().filter(|(k, _)| reads.has(k)) {
        let made = make(parts, reads.fields(key), &mut b)?;
        top.insert(b.key(key), made);
    }
    Ok(Value::from(top))
}

/// Builds one top-level key of the input, of it only the keys given (all when `None`).
type Make = fn(&Parts, Option<&BTreeSet<String>>, &mut value::Builder) -> Result<Value, value::Error>;

/// The top-level keys of the input, as [`PolicyInput`] names them, and how each is built.
const PARTS: [(&str, Make); 7] = [
    ("assessment", |p, only, b| b.build(&assessment(p), only)),
    ("system", |p, only, b| b.build(&system_of(p), only)),
    ("score", score_value),
    ("crosswalk", |p, only, b| b.build(&crosswalk(p), only)),
    ("evidence", |p, only, b| b.build(&evidence(p), only)),
    ("attestation", |p, only, b| {
        b.build(&attestation(p.attestations, p.today), only)
    }),
    ("config", |p, only, b| b.build(&config(p), only)),
];

/// `score`, or only its maps by id when those are all that is read (the score document
/// is then not built).
fn score_value(
    parts: &Parts,
    fields: Option<&BTreeSet<String>>,
    builder: &mut value::Builder,
) -> Result<Value, value::Error> {
    match fields {
        Some(named) if named.iter().all(|f| f == "by_practice" || f == "by_domain") => {
            let (by_practice, by_domain) = score_maps(parts);
            let maps = ScoreMaps {
                by_practice: named.contains("by_practice").then_some(&by_practice),
                by_domain: named.contains("by_domain").then_some(&by_domain),
            };
            builder.build(&maps, None)
        }
        _ => builder.build(&score(parts), fields),
    }
}

fn assessment(parts: &Parts) -> AssessmentInput {
    let meta = &parts.assessment.metadata;
    AssessmentInput {
        organization: meta.organization.clone(),
        scope: meta.scope.clone(),
        assessor: meta.assessor.clone(),
        system: meta.system.clone(),
        team: meta.team.clone(),
        date: meta.date.map(|d| d.to_string()),
        age_days: meta.date.map(|d| days_between(d, parts.today)),
        today: parts.today.to_string(),
        files: parts.assessment.sources.clone(),
        round: meta.round_key(),
        status: meta.status().as_str().to_string(),
        sign_off: sign_offs(&meta.sign_off, parts.today),
        superseded: sign_offs(&meta.superseded, parts.today),
        last_sign_off: last_sign_off(&meta.sign_off, parts.today),
    }
}

fn crosswalk(parts: &Parts) -> BTreeMap<String, FrameworkInput> {
    parts
        .coverage
        .iter()
        .map(|(f, clauses)| (f.id.clone(), framework(f, clauses, parts.today)))
        .collect()
}

fn config(parts: &Parts) -> ConfigInput {
    ConfigInput {
        file: parts.config.map(|c| c.display.clone()),
        max_age_days: parts.config.and_then(|c| c.portfolio.max_age_days),
        evidence_max_age_days: parts.config.and_then(|c| c.evidence.max_age_days),
    }
}

/// Days from `from` to `to` (negative when `from` is later).
pub fn days_between(from: Date, to: Date) -> i64 {
    crate::portfolio::days_since_epoch(to) - crate::portfolio::days_since_epoch(from)
}

fn system_of(parts: &Parts) -> SystemInput {
    let id = parts.assessment.metadata.system.clone();
    let entry = id
        .as_deref()
        .and_then(|id| parts.config.and_then(|c| c.system(id)));
    system(id, entry, parts.config)
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
    let (by_practice, by_domain) = score_maps(parts);
    ScoreInput {
        doc: ScoreDoc::new(&view),
        by_practice,
        by_domain,
    }
}

/// `score.by_practice`: by practice id.
pub type ByPractice<'a> = BTreeMap<&'a str, PracticeInput<'a>>;
/// `score.by_domain`: by domain id.
pub type ByDomain<'a> = BTreeMap<&'a str, DomainInput<'a>>;

/// `score.by_practice` and `score.by_domain`.
fn score_maps<'a>(parts: &Parts<'a>) -> (ByPractice<'a>, ByDomain<'a>) {
    let mut by_practice = BTreeMap::new();
    let mut by_domain = BTreeMap::new();
    for d in &parts.result.domains {
        for p in &d.practices {
            by_practice.insert(
                p.id.as_str(),
                PracticeInput {
                    domain: d.id.as_str(),
                    name: p.name.as_str(),
                    rating: (&p.rating).into(),
                    unanswered: p.unanswered,
                    target: p.target,
                    gap: p.gap,
                    actions: &p.actions,
                },
            );
        }
        let below_target = d
            .practices
            .iter()
            .filter(|p| p.gap.is_some_and(|g| g > 0))
            .count();
        by_domain.insert(
            d.id.as_str(),
            DomainInput {
                name: d.name.as_str(),
                rating: (&d.rating).into(),
                unanswered: d.unanswered,
                below_target,
            },
        );
    }
    (by_practice, by_domain)
}

fn framework(f: &Framework, clauses: &[ClauseStatus], today: Date) -> FrameworkInput {
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
                    own: c.own.map(|a| {
                        crate::render::json::OwnEvidenceJson::new(&format!("{}:{}", f.id, c.clause.id), a)
                    }),
                    application: crate::crosswalk::timeline::clause_dates(f, c.clause, today),
                };
                (c.clause.id.clone(), input)
            })
            .collect(),
    }
}

fn sign_off(s: &SignOff, today: Date) -> SignOffInput {
    SignOffInput {
        by: s.by.clone(),
        role: s.role.clone(),
        date: s.date.to_string(),
        note: s.note.clone(),
        age_days: days_between(s.date, today),
    }
}

fn sign_offs(list: &[SignOff], today: Date) -> Vec<SignOffInput> {
    list.iter().map(|s| sign_off(s, today)).collect()
}

/// The latest sign-off of each role (on one date, the last listed).
fn last_sign_off(list: &[SignOff], today: Date) -> BTreeMap<String, SignOffInput> {
    let mut latest: BTreeMap<&str, &SignOff> = BTreeMap::new();
    for s in list {
        let entry = latest.entry(s.role.as_str()).or_insert(s);
        if s.date >= entry.date {
            *entry = s;
        }
    }
    latest
        .into_iter()
        .map(|(role, s)| (role.to_string(), sign_off(s, today)))
        .collect()
}

fn evidence(parts: &Parts) -> EvidenceInput {
    let findings = parts.evidence;
    let today = parts.today;
    let mut by_question: BTreeMap<String, QuestionEvidence> = BTreeMap::new();
    for e in &findings.items {
        let date = e.date.as_deref().and_then(Date::parse);
        let expires = e.expires.as_deref().and_then(Date::parse);
        let question = by_question
            .entry(e.question.clone())
            .or_insert_with(|| QuestionEvidence {
                practice: parts
                    .model
                    .question(&e.question)
                    .map_or_else(String::new, |q| q.practice.id.clone()),
                answer: e.answer.clone(),
                states: Vec::new(),
                items: Vec::new(),
            });
        question.items.push(EvidenceItem {
            file: e.file.clone(),
            reference: e.reference.clone(),
            title: e.title.clone(),
            kind: e.kind,
            date: e.date.clone(),
            expires: e.expires.clone(),
            age_days: date.map(|d| days_between(d, today)),
            expires_in_days: expires.map(|x| days_between(today, x)),
            state: e.state,
            fails: e.fails,
        });
    }
    for q in by_question.values_mut() {
        q.states = State::ALL
            .into_iter()
            .filter(|s| q.items.iter().any(|i| i.state == *s))
            .collect();
    }
    let counts = State::ALL
        .into_iter()
        .map(|s| (s, findings.items.iter().filter(|e| e.state == s).count()))
        .collect();
    EvidenceInput {
        passed: findings.passed(),
        max_age_days: parts.evidence_rules.max_age_days,
        counts,
        by_question,
        unevidenced: findings.unevidenced.clone(),
    }
}

fn attestation(found: &Attestations, today: Date) -> AttestationInput {
    let envelopes: Vec<EnvelopeInput> = found
        .envelopes
        .iter()
        .map(|f| {
            let predicate = f.examined.statement.as_ref().map(|s| &s.predicate);
            let attested_on = predicate.map(|p| p.attested_on.clone());
            EnvelopeInput {
                file: f.file.clone(),
                state: f.examined.state,
                reason: f.examined.reason.clone(),
                keyid: f.examined.keyid.clone(),
                covers: f.examined.covers,
                system: predicate.and_then(|p| p.assessment.system.clone()),
                date: predicate.and_then(|p| p.assessment.date.clone()),
                age_days: attested_on
                    .as_deref()
                    .and_then(Date::parse)
                    .map(|d| days_between(d, today)),
                attested_on,
            }
        })
        .collect();
    AttestationInput {
        attested: envelopes
            .iter()
            .any(|e| e.state == EnvelopeState::Valid && e.covers),
        vendor_keyid: found.vendor_keyid.clone(),
        envelopes,
    }
}

/// The keys `by_practice` and `by_domain` of `score`, those that are `Some`.
#[derive(Serialize)]
struct ScoreMaps<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    by_practice: Option<&'a ByPractice<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    by_domain: Option<&'a ByDomain<'a>>,
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
