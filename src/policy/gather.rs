//! What `check --policy` and `aima policy input` share: which policy paths apply, which
//! frameworks the input covers, and the input of one assessment as JSON text.

use std::path::{Path, PathBuf};

use super::input::{self, Attestations, FoundEnvelope, Parts};
use super::reads::Reads;
use super::{PolicyPath, PolicyResult, PolicySet};
use crate::answers::{Assessment, Date, Targets};
use crate::attest::vendor::MAX_ENVELOPE_BYTES;
use crate::base::diag::{Problem, Problems};
use crate::base::error::{Error, Result};
use crate::config::Config;
use crate::crosswalk::status::{Input, coverage, fallback_layer};
use crate::crosswalk::{Catalogue, Framework};
use crate::model::Model;
use crate::score::{self, Options, ScoreResult};

/// The EU AI Act's framework id: covered whenever the system's entry has `eu_ai_act`.
pub const EU_AI_ACT: &str = "eu-ai-act";

/// The policy paths: `--policy` (as given) and `[policy] paths` of aima.toml.
pub fn paths(given: &[PathBuf], config: Option<&Config>) -> Vec<PolicyPath> {
    let mut out: Vec<PolicyPath> = given
        .iter()
        .map(|p| PolicyPath {
            path: p.clone(),
            display: p.display().to_string(),
        })
        .collect();
    if let Some(config) = config {
        for p in &config.policy.paths {
            out.push(PolicyPath {
                path: p.clone(),
                display: config.shown_path(p),
            });
        }
    }
    out
}

/// Loads the policies of `paths` (a located error when one does not parse).
pub fn load(paths: &[PolicyPath]) -> Result<PolicySet> {
    super::load(paths).map_err(one)
}

fn one(problem: Problem) -> Error {
    let mut problems = Problems::new();
    problems.list.push(problem);
    Error::Files(problems)
}

/// The frameworks an input covers: those given, the system's `frameworks` in aima.toml,
/// and the EU AI Act when the system's entry has `eu_ai_act`; each once.
pub fn frameworks(given: &[String], config: Option<&Config>, system: Option<&str>) -> Vec<String> {
    let entry = system.and_then(|s| config.and_then(|c| c.system(s)));
    let mut ids: Vec<String> = given.to_vec();
    if let Some(e) = entry {
        ids.extend(e.frameworks.iter().cloned());
        if e.eu_ai_act.is_some() {
            ids.push(EU_AI_ACT.to_string());
        }
    }
    let mut seen = Vec::new();
    ids.retain(|id| {
        let new = !seen.contains(id);
        seen.push(id.clone());
        new
    });
    ids
}

/// The frameworks the input of `set` covers: [`frameworks`] when a policy of the set can
/// read `input.crosswalk`, else none (nothing to parse or score for it).
pub fn frameworks_read(
    set: &PolicySet,
    given: &[String],
    config: Option<&Config>,
    system: Option<&str>,
) -> Vec<String> {
    if set.reads().has("crosswalk") {
        frameworks(given, config, system)
    } else {
        Vec::new()
    }
}

/// One assessment, ready to be turned into a policy input.
pub struct Subject<'a> {
    pub model: &'a Model,
    pub assessment: &'a Assessment,
    /// Scored with its targets.
    pub result: &'a ScoreResult,
    pub config: Option<&'a Config>,
    /// The frameworks to cover, found in `catalogue`.
    pub frameworks: &'a [String],
    pub catalogue: &'a Catalogue,
    /// `--target` and the target layers the result was scored with.
    pub target: Option<u8>,
    pub layers: &'a [Targets],
    /// The context's today: ages are counted to it.
    pub today: Date,
}

/// The policy input of `subject` as JSON text (compact when `pretty` is false): every key,
/// what `aima policy input` prints.
pub fn input_text(subject: &Subject, pretty: bool) -> Result<String> {
    with_input(subject, &Reads::all(), |parts| {
        let doc = input::build(parts);
        let text = if pretty {
            serde_json::to_string_pretty(&doc)
        } else {
            serde_json::to_string(&doc)
        };
        text.map_err(|e| Error::Output(format!("cannot write the policy input: {e}")))
    })
}

/// The frameworks of `subject` found in its catalogue (a usage error naming the others).
fn found<'a>(subject: &Subject<'a>) -> Result<Vec<&'a Framework>> {
    let mut found = Vec::new();
    for id in subject.frameworks {
        let f = subject.catalogue.find(id)?;
        found.push(f);
    }
    Ok(found)
}

/// `then` of the parts of the input, with what the keys of `reads` need computed (the
/// coverage, the evidence and the envelopes only when read).
fn with_input<R>(subject: &Subject, reads: &Reads, then: impl FnOnce(&Parts) -> Result<R>) -> Result<R> {
    let found = if reads.has("crosswalk") {
        found(subject)?
    } else {
        Vec::new()
    };
    let layers: Vec<Targets> = subject.layers.iter().cloned().chain([fallback_layer()]).collect();
    let options = Options {
        target: subject.target,
        layers: &layers,
    };
    let covered = (!found.is_empty()).then(|| score::score(subject.model, subject.assessment, options));
    let act = subject
        .assessment
        .metadata
        .system
        .as_deref()
        .and_then(|s| subject.config.and_then(|c| c.system(s)))
        .and_then(|e| e.eu_ai_act.as_ref());
    let scope = covered.as_ref().map(|result| Input {
        model: subject.model,
        assessment: subject.assessment,
        result,
        act,
    });
    let coverage: Vec<_> = scope
        .as_ref()
        .map(|s| found.iter().map(|f| (*f, coverage(f, s))).collect())
        .unwrap_or_default();
    let today = subject.today;
    let (findings, rules, attestations) = facts(subject, reads, today)?;
    then(&Parts {
        model: subject.model,
        assessment: subject.assessment,
        result: subject.result,
        config: subject.config,
        coverage: &coverage,
        evidence: &findings,
        evidence_rules: &rules,
        attestations: &attestations,
        today,
    })
}

/// What the disk says about the assessment, for the keys of `reads`: the evidence findings
/// by the `[evidence]` rules, and the envelopes beside the answers files.
fn facts(
    subject: &Subject,
    reads: &Reads,
    today: Date,
) -> Result<(crate::evidence::Findings, crate::evidence::Rules, Attestations)> {
    let (findings, rules) = if reads.has("evidence") {
        let files = crate::evidence::gather::files_of(subject.assessment);
        crate::evidence::gather::of_files(&files, subject.config, today).map_err(Error::Answers)?
    } else {
        let rules = crate::evidence::Rules::from_config(subject.config.map(|c| &c.evidence));
        (crate::evidence::Findings::default(), rules)
    };
    let attestations = if reads.has("attestation") {
        attestations(subject.assessment, subject.config)?
    } else {
        Attestations::default()
    };
    Ok((findings, rules, attestations))
}

/// The envelopes (`*.dsse.json`) in the folders of the assessment's answers files, each
/// examined with the system's `vendor_key` against the answers files as they are now. A
/// `vendor_key` that cannot be read is an error (exit 2); an envelope that cannot is a
/// fact (`unreadable`) for the policies.
pub fn attestations(assessment: &Assessment, config: Option<&Config>) -> Result<Attestations> {
    attestations_of(assessment.metadata.system.as_deref(), &assessment.sources, config)
}

/// [`attestations`] of the answers files `sources` of `system`.
pub fn attestations_of(
    system: Option<&str>,
    sources: &[String],
    config: Option<&Config>,
) -> Result<Attestations> {
    let key = crate::attest::vendor::vendor_key(system, config)?;
    let envelopes = envelope_files(sources);
    if envelopes.is_empty() {
        return Ok(Attestations {
            vendor_keyid: key.as_ref().map(crate::attest::keyid),
            envelopes: Vec::new(),
        });
    }
    // Standard input cannot be hashed again: an empty digest matches no subject.
    let files: Vec<(String, String)> = sources
        .iter()
        .map(|name| {
            let sha = crate::evidence::hash::sha256_file(Path::new(name)).unwrap_or_default();
            (name.clone(), sha)
        })
        .collect();
    let found = envelopes
        .into_iter()
        .map(|(path, file)| {
            let examined = match crate::base::input::read_bytes(&path, &file, MAX_ENVELOPE_BYTES) {
                Ok(bytes) => crate::attest::examine(&bytes, key.as_ref(), &files),
                Err(p) => crate::attest::Examined::unreadable(p.message),
            };
            FoundEnvelope { file, examined }
        })
        .collect();
    Ok(Attestations {
        vendor_keyid: key.as_ref().map(crate::attest::keyid),
        envelopes: found,
    })
}

/// Whether a vendor system's latest round is attested (docs/attestation.md): an envelope
/// beside its answers files verifies with `vendor_key` and attests these files as they are.
/// `None` for a system without `vendor_key`, else whether it is attested and the key id of
/// `vendor_key`. An envelope that is invalid, unverifiable or unreadable is an error naming
/// it, never used.
pub fn vendor_attested(
    system: &str,
    files: &[String],
    config: Option<&Config>,
) -> Result<Option<(bool, Option<String>)>> {
    if config
        .and_then(|c| c.system(system))
        .is_none_or(|e| e.vendor_key.is_none())
    {
        return Ok(None);
    }
    if !files.is_empty()
        && files
            .iter()
            .all(|f| crate::assessments::is_envelope(Path::new(f)))
    {
        // Counted from a vendor's envelope, verified when it was read (attest::vendor).
        let key = crate::attest::vendor::vendor_key(Some(system), config)?;
        return Ok(Some((true, key.as_ref().map(crate::attest::keyid))));
    }
    let found = attestations_of(Some(system), files, config)?;
    let mut attested = false;
    for envelope in &found.envelopes {
        let e = &envelope.examined;
        if e.state != crate::attest::EnvelopeState::Valid {
            return Err(Error::Usage(format!(
                "{}: {} (an attestation of system `{}`; aima uses only envelopes that verify)",
                crate::base::sanitize::terminal_line(&envelope.file),
                crate::base::sanitize::terminal_line(e.reason.as_deref().unwrap_or("not valid")),
                crate::base::sanitize::terminal_line(system)
            )));
        }
        attested |= e.covers;
    }
    Ok(Some((attested, found.vendor_keyid)))
}

/// The `*.dsse.json` files in the folders of `sources` (each folder once, names sorted,
/// hidden files skipped), as (path, name as shown).
fn envelope_files(sources: &[String]) -> Vec<(PathBuf, String)> {
    let mut folders: Vec<PathBuf> = Vec::new();
    for source in sources {
        let folder = crate::evidence::gather::folder_of(source);
        if !folders.contains(&folder) {
            folders.push(folder);
        }
    }
    let mut out = Vec::new();
    for folder in folders {
        let Ok(entries) = crate::base::input::list_folder(&folder, usize::MAX) else {
            continue;
        };
        let names = entries
            .into_iter()
            .map(|e| e.name)
            .filter(|n| n.ends_with(".dsse.json") && !n.starts_with('.'));
        for name in names {
            let shown = if folder == Path::new(".") {
                name.clone()
            } else {
                folder.join(&name).display().to_string()
            };
            out.push((folder.join(&name), shown));
        }
    }
    out
}

/// Runs `set` over the input of `subject`.
pub fn run(set: &PolicySet, subject: &Subject) -> Result<Vec<PolicyResult>> {
    if set.is_empty() {
        return Ok(Vec::new());
    }
    // Built as the engine's value, not written and read as JSON (docs/policy.md).
    let input = with_input(subject, set.reads(), |parts| {
        input::value_for(parts, set.reads())
            .map_err(|e| Error::Output(format!("cannot build the policy input: {e}")))
    })?;
    super::evaluate(set, &input).map_err(one)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The value handed to the engine is the one the printed input reads as, key for key:
    /// every part of the input computed (scores, targets, gaps, the EU AI Act's clauses).
    #[test]
    fn the_engines_value_is_the_printed_input_read_back() {
        let model = crate::embedded::model();
        let mut assessment =
            crate::testing::assessment(&[("DM-DT", "yes yes yes no ~ ~"), ("GV-SP", "yes na no no no no")]);
        assessment.metadata.system = Some("bot".to_string());
        assessment.metadata.date = Date::parse("2026-11-01");
        let targets = Targets::default();
        let options = Options {
            target: Some(2),
            layers: std::slice::from_ref(&targets),
        };
        let result = score::score(model, &assessment, options);
        let frameworks = vec![EU_AI_ACT.to_string()];
        let catalogue = crate::crosswalk::load::load_only(model, None, &frameworks).expect("catalogue");
        let subject = Subject {
            model,
            assessment: &assessment,
            result: &result,
            config: None,
            frameworks: &frameworks,
            catalogue: &catalogue,
            today: Date::parse("2026-12-01").expect("date"),
            target: Some(2),
            layers: std::slice::from_ref(&targets),
        };
        let text = input_text(&subject, false).expect("text");
        let value = |reads: &Reads| {
            with_input(&subject, reads, |p| {
                input::value_for(p, reads).map_err(|e| Error::Output(e.to_string()))
            })
            .expect("value")
        };
        let whole = regorus::Value::from_json_str(&text).expect("reads");
        assert!(
            text.contains("\"DM-DT\"") && text.contains("\"Art. 9\""),
            "{text}"
        );
        assert_eq!(value(&Reads::all()), whole);
        // A set that names two keys, and one key of `score`, gets those and nothing else.
        let reads = Reads::of(["input.system.id == \"bot\"\ninput.score.by_practice[_]"]);
        let pruned = value(&reads);
        let key = |v: &regorus::Value, k: &str| v[&regorus::Value::from(k)].clone();
        let keys = |v: &regorus::Value| -> Vec<String> {
            v.as_object()
                .expect("an object")
                .keys()
                .map(|k| k.to_string())
                .collect()
        };
        assert_eq!(keys(&pruned), ["\"score\"", "\"system\""]);
        assert_eq!(keys(&key(&pruned, "score")), ["\"by_practice\""]);
        assert_eq!(
            key(&key(&pruned, "score"), "by_practice"),
            key(&key(&whole, "score"), "by_practice")
        );
        assert_eq!(keys(&key(&pruned, "system")), ["\"id\""]);
        assert_eq!(key(&key(&pruned, "system"), "id"), regorus::Value::from("bot"));
    }
}
