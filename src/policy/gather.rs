//! What `check --policy` and `aima policy input` share: which policy paths apply, which
//! frameworks the input covers, and the input of one assessment as JSON text.

use std::path::{Path, PathBuf};

use super::input::{self, Parts};
use super::{PolicyPath, PolicyResult, PolicySet};
use crate::answers::{Assessment, Date, Targets};
use crate::config::Config;
use crate::crosswalk::Catalogue;
use crate::crosswalk::status::{Input, coverage, fallback_layer};
use crate::diag::{Problem, Problems};
use crate::error::{Error, Result};
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
                display: shown_in(&config.dir, &config.display, p),
            });
        }
    }
    out
}

/// A path of aima.toml as shown: relative to the folder the file was shown from.
fn shown_in(dir: &Path, display: &str, path: &Path) -> String {
    let rel = path.strip_prefix(dir).unwrap_or(path);
    let base = Path::new(display).parent().unwrap_or(Path::new(""));
    base.join(rel).display().to_string()
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
}

/// The policy input of `subject` as JSON text (compact when `pretty` is false).
pub fn input_text(subject: &Subject, pretty: bool) -> Result<String> {
    let mut found = Vec::new();
    for id in subject.frameworks {
        let f = subject.catalogue.get(id).ok_or_else(|| {
            Error::Usage(format!(
                "unknown framework `{}`; the frameworks are {}",
                crate::sanitize::terminal_line(id),
                subject.catalogue.ids().join(", ")
            ))
        })?;
        found.push(f);
    }
    let layers: Vec<Targets> = subject.layers.iter().cloned().chain([fallback_layer()]).collect();
    let covered = score::score(
        subject.model,
        subject.assessment,
        Options {
            target: subject.target,
            layers: &layers,
        },
    );
    let act = subject
        .assessment
        .metadata
        .system
        .as_deref()
        .and_then(|s| subject.config.and_then(|c| c.system(s)))
        .and_then(|e| e.eu_ai_act.as_ref());
    let scope = Input {
        model: subject.model,
        assessment: subject.assessment,
        result: &covered,
        act,
    };
    let coverage: Vec<_> = found.iter().map(|f| (*f, coverage(f, &scope))).collect();
    let doc = input::build(&Parts {
        model: subject.model,
        assessment: subject.assessment,
        result: subject.result,
        config: subject.config,
        coverage: &coverage,
        today: Date::today(),
    });
    let text = if pretty {
        serde_json::to_string_pretty(&doc)
    } else {
        serde_json::to_string(&doc)
    };
    text.map_err(|e| Error::Output(format!("cannot write the policy input: {e}")))
}

/// Runs `set` over the input of `subject`.
pub fn run(set: &PolicySet, subject: &Subject) -> Result<Vec<PolicyResult>> {
    if set.is_empty() {
        return Ok(Vec::new());
    }
    let text = input_text(subject, false)?;
    super::evaluate(set, &text).map_err(one)
}
