//! Reads an OSCAL assessment-results document that aima wrote (or a platform kept) back
//! into an assessment: the observations with aima's `question` property give the answers;
//! metadata and targets come from aima's properties. Every error names the JSON pointer
//! (or, for text that is not JSON, the line and column). See docs/interchange.md.

use std::collections::BTreeMap;

use super::types::{AssessmentResults, Metadata, Observation, Property, RelevantEvidence};
use super::{find, prop_text, unmarkup};
use crate::answers::evidence::{Evidence, Kind};
use crate::answers::{Answer, Assessment, Date, SignOff, Status, Word};
use crate::base::diag::{Pos, Problem, shown};
use crate::interchange::Imported;
use crate::model::Model;

/// The root key of an assessment-results document.
pub const ROOT: &str = "assessment-results";

/// The root keys of OSCAL's other models, to say what a document is instead.
const OTHER_ROOTS: [&str; 6] = [
    "catalog",
    "profile",
    "component-definition",
    "system-security-plan",
    "assessment-plan",
    "plan-of-action-and-milestones",
];

fn at(file: &str, pointer: &str, message: impl std::fmt::Display) -> Problem {
    let pointer = if pointer.is_empty() { "/" } else { pointer };
    Problem::new(file, Pos::FILE, format!("at {pointer}: {message}"))
}

/// True when `bytes` is a JSON object whose first key is an OSCAL root (a cheap look at
/// the start, for telling inputs apart; [`read`] checks the whole document).
pub fn looks_like_oscal(bytes: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]);
    let text = text.trim_start_matches('\u{feff}').trim_start();
    let Some(rest) = text.strip_prefix('{') else {
        return false;
    };
    let rest = rest.trim_start();
    let rest = rest.strip_prefix("\"$schema\"").map_or(rest, |r| {
        r.split_once(',').map_or("", |(_, after)| after).trim_start()
    });
    std::iter::once(ROOT)
        .chain(OTHER_ROOTS)
        .any(|root| rest.starts_with(&format!("\"{root}\"")))
}

/// Reads an assessment-results document.
pub fn read(model: &Model, file: &str, bytes: &[u8]) -> Result<Imported, Problem> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| {
        let text = e.to_string();
        let what = text.split(" at line ").next().unwrap_or("");
        Problem::new(
            file,
            Pos::new(e.line(), e.column()),
            format!("not JSON: {}", shown(what)),
        )
    })?;
    let root = root(file, &value)?;
    version(file, root)?;
    let doc: AssessmentResults = serde_path_to_error::deserialize(root).map_err(|e| {
        let pointer = pointer_of(e.path());
        let text = e.inner().to_string();
        let what = text.split(" at line ").next().unwrap_or("");
        at(
            file,
            &format!("/{ROOT}{pointer}"),
            crate::base::sanitize::terminal_line(what),
        )
    })?;
    assessment(model, file, &doc)
}

fn root<'v>(file: &str, value: &'v serde_json::Value) -> Result<&'v serde_json::Value, Problem> {
    let object = value
        .as_object()
        .ok_or_else(|| at(file, "", "not an OSCAL document (a JSON object is expected)"))?;
    if let Some(root) = object.get(ROOT) {
        return Ok(root);
    }
    match OTHER_ROOTS.iter().find(|r| object.contains_key(**r)) {
        Some(other) => Err(at(
            file,
            "",
            format!("an OSCAL {other}, not assessment-results (import reads assessment-results)"),
        )),
        None => Err(at(file, "", format!("not an OSCAL document: no `{ROOT}` key"))),
    }
}

fn version(file: &str, root: &serde_json::Value) -> Result<(), Problem> {
    let pointer = format!("/{ROOT}/metadata/oscal-version");
    let version = root
        .pointer("/metadata/oscal-version")
        .and_then(serde_json::Value::as_str)
        .ok_or_else(|| at(file, &pointer, "missing: the OSCAL version is required"))?;
    if version.split('.').next() != Some("1") {
        return Err(at(
            file,
            &pointer,
            format!(
                "OSCAL version `{}` is not 1.x (aima reads OSCAL 1)",
                shown(version)
            ),
        ));
    }
    Ok(())
}

/// A serde path (`results[0].observations[3]`) as a JSON pointer.
fn pointer_of(path: &serde_path_to_error::Path) -> String {
    use serde_path_to_error::Segment;
    let mut out = String::new();
    for segment in path {
        out.push('/');
        match segment {
            Segment::Seq { index } => out.push_str(&index.to_string()),
            Segment::Map { key } | Segment::Enum { variant: key } => {
                out.push_str(&key.replace('~', "~0").replace('/', "~1"));
            }
            Segment::Unknown => out.push('?'),
        }
    }
    out
}

fn assessment(model: &Model, file: &str, doc: &AssessmentResults) -> Result<Imported, Problem> {
    let results = format!("/{ROOT}/results");
    let result = match doc.results.as_slice() {
        [one] => one,
        [] => return Err(at(file, &results, "no result: aima reads one")),
        more => {
            return Err(at(
                file,
                &results,
                format!("{} results: aima reads a document with one", more.len()),
            ));
        }
    };
    let mut assessment = Assessment::new(model);
    metadata(file, &doc.metadata.props, &mut assessment)?;
    record(file, &doc.metadata, &mut assessment)?;
    targets(
        model,
        file,
        &result.props,
        &format!("{results}/0/props"),
        &mut assessment,
    )?;
    let mut warnings = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    for (i, obs) in result.observations.iter().enumerate() {
        let here = format!("{results}/0/observations/{i}");
        let Some((code, answer)) = observation(model, file, &here, obs)? else {
            warnings.push(format!(
                "warning: {file}: {here} is not an aima observation (skipped)"
            ));
            continue;
        };
        if let Some(first) = seen.insert(code.clone(), i) {
            return Err(at(
                file,
                &here,
                format!("{code} is answered twice (first at observation {first})"),
            ));
        }
        assessment.answers.insert(code, answer);
    }
    Ok(Imported {
        assessment,
        warnings,
        origin: "OSCAL assessment-results".to_string(),
    })
}

fn metadata(file: &str, props: &[Property], assessment: &mut Assessment) -> Result<(), Problem> {
    let m = &mut assessment.metadata;
    let text = |name| find(props, name).map(|(_, p)| prop_text(p));
    m.organization = text("organization");
    m.scope = text("scope");
    m.assessor = text("assessor");
    m.system = text("system");
    m.team = text("team");
    if let Some((i, p)) = find(props, "date") {
        m.date = Some(Date::parse(&p.value).ok_or_else(|| {
            let pointer = format!("/{ROOT}/metadata/props/{i}/value");
            at(
                file,
                &pointer,
                format!("`{}` is not a date (YYYY-MM-DD)", shown(&p.value)),
            )
        })?);
    }
    Ok(())
}

/// The round, status and sign-offs that [`super::results`] wrote (docs/record.md).
fn record(file: &str, meta: &Metadata, assessment: &mut Assessment) -> Result<(), Problem> {
    let m = &mut assessment.metadata;
    m.round = find(&meta.props, "round").map(|(_, p)| prop_text(p));
    if let Some((i, p)) = find(&meta.props, "status") {
        m.status = Some(Status::parse(&p.value).ok_or_else(|| {
            let pointer = format!("/{ROOT}/metadata/props/{i}/value");
            at(
                file,
                &pointer,
                format!("`{}` is not draft, in-review or final", shown(&p.value)),
            )
        })?);
    }
    for (i, party) in meta.parties.iter().enumerate() {
        let (Some((_, role)), Some((d, date))) = (
            find(&party.props, "sign-off-role"),
            find(&party.props, "sign-off-date"),
        ) else {
            continue;
        };
        let date = Date::parse(&date.value).ok_or_else(|| {
            let pointer = format!("/{ROOT}/metadata/parties/{i}/props/{d}/value");
            at(
                file,
                &pointer,
                format!("`{}` is not a date (YYYY-MM-DD)", shown(&date.value)),
            )
        })?;
        let signed = SignOff {
            by: party.name.clone().unwrap_or_default(),
            role: prop_text(role),
            date,
            note: party.remarks.as_deref().map(unmarkup),
        };
        match find(&party.props, "sign-off-superseded") {
            Some(_) => m.superseded.push(signed),
            None => m.sign_off.push(signed),
        }
    }
    Ok(())
}

fn targets(
    model: &Model,
    file: &str,
    props: &[Property],
    base: &str,
    a: &mut Assessment,
) -> Result<(), Problem> {
    for (i, p) in props.iter().enumerate() {
        if p.name != "target" || p.ns.as_deref() != Some(super::NS) {
            continue;
        }
        let level = match p.value.as_str() {
            "0" => 0,
            "1" => 1,
            "2" => 2,
            "3" => 3,
            v => {
                return Err(at(
                    file,
                    &format!("{base}/{i}/value"),
                    format!("`{}` is not a target 0..3", shown(v)),
                ));
            }
        };
        match p.class.as_deref() {
            Some("default") => a.targets.default = Some(level),
            Some(code) if model.domain(code).is_some() || model.practice(code).is_some() => {
                a.targets.by_code.insert(code.to_string(), level);
            }
            other => {
                let message = format!(
                    "`{}` is not a domain or practice of model {}",
                    shown(other.unwrap_or("")),
                    model.key()
                );
                return Err(at(file, &format!("{base}/{i}/class"), message));
            }
        }
    }
    Ok(())
}

/// One observation's question and answer; `None` when it has no aima `question` property.
fn observation(
    model: &Model,
    file: &str,
    here: &str,
    obs: &Observation,
) -> Result<Option<(String, Answer)>, Problem> {
    let Some((qi, q)) = find(&obs.props, "question") else {
        return Ok(None);
    };
    if model.question(&q.value).is_none() {
        let message = format!("unknown question `{}` in model {}", shown(&q.value), model.key());
        return Err(at(file, &format!("{here}/props/{qi}/value"), message));
    }
    let word = match find(&obs.props, "answer") {
        None => None,
        Some((i, p)) => Some(Word::parse(&p.value).ok_or_else(|| {
            let message = format!(
                "`{}` is not an answer: expected yes, mostly, partly, no or na",
                shown(&p.value)
            );
            at(file, &format!("{here}/props/{i}/value"), message)
        })?),
    };
    if let (Some(w), Some((i, p))) = (word, find(&obs.props, "value"))
        && w.value().map(|v| v.to_string()).as_deref() != Some(p.value.as_str())
    {
        let message = format!("value `{}` does not match the answer `{w}`", shown(&p.value));
        return Err(at(file, &format!("{here}/props/{i}/value"), message));
    }
    let reason = find(&obs.props, "na-reason").map(|(_, p)| prop_text(p));
    if (word == Some(Word::Na)) != reason.is_some() {
        let message = if reason.is_some() {
            "an n/a reason goes with `na` only"
        } else {
            "`na` without an n/a reason"
        };
        return Err(at(file, &format!("{here}/props"), message));
    }
    let evidence = obs
        .relevant_evidence
        .iter()
        .enumerate()
        .map(|(i, e)| evidence(file, &format!("{here}/relevant-evidence/{i}"), e))
        .collect::<Result<Vec<_>, _>>()?;
    let answer = Answer {
        word,
        note: obs.remarks.as_deref().map(unmarkup),
        evidence,
        reason,
    };
    Ok(Some((q.value.clone(), answer)))
}

/// One evidence item: the reference from property `evidence` (else the description), its
/// other facts from their properties.
fn evidence(file: &str, here: &str, e: &RelevantEvidence) -> Result<Evidence, Problem> {
    let text = |name: &str| find(&e.props, name).map(|(_, p)| prop_text(p));
    let bad = |name: &str, what: &str| {
        let (i, p) = find(&e.props, name).expect("the property is there");
        at(
            file,
            &format!("{here}/props/{i}/value"),
            format!("`{}` is not {what}", shown(&p.value)),
        )
    };
    let date = |name: &str| match text(name) {
        None => Ok(None),
        Some(d) => Date::parse(&d)
            .map(Some)
            .ok_or_else(|| bad(name, "a date (YYYY-MM-DD)")),
    };
    let sha256 = text("sha256");
    if sha256
        .as_ref()
        .is_some_and(|s| s.len() != 64 || !s.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(bad("sha256", "a SHA-256 digest (64 hex digits)"));
    }
    let kind = match text("kind") {
        None => None,
        Some(k) => Some(Kind::parse(&k).ok_or_else(|| bad("kind", "an evidence kind"))?),
    };
    Ok(Evidence {
        reference: text("evidence").unwrap_or_else(|| unmarkup(&e.description)),
        title: text("title"),
        date: date("date")?,
        expires: date("expires")?,
        sha256,
        kind,
        ..Evidence::default()
    })
}
