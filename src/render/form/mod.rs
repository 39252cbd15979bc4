//! The questionnaire for the browser (`aima worksheet --format html`, docs/form.md): one
//! self-contained HTML file. The model, the form's identity and the previous answers are
//! data, a JSON document in a `<script type="application/json">` element, which the page's
//! own script (`form.js`) renders with `textContent` only, so no model or answer text can
//! become markup. The page's Content Security Policy allows exactly its one script and one
//! style element (by their SHA-256 digests) and no network access of any kind.

use base64::Engine as _;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::answers::evidence::Evidence;
use crate::answers::{Answer, Assessment};
use crate::base::sanitize::terminal_line as shown;
use crate::model::{Domain, Model};
use crate::render::Render;

const SCRIPT: &str = include_str!("form.js");
const STYLE: &str = include_str!("form.css");

/// The renderer of the questionnaire.
pub struct Form;

/// What the questionnaire holds.
pub struct FormView<'a> {
    pub model: &'a Model,
    /// The domains asked, in model order.
    pub domains: Vec<&'a Domain>,
    /// Metadata and answers to start from (`--from`, `--system`), or a blank assessment.
    pub prefill: &'a Assessment,
    /// `assessment.round`, when this aima's answers files have it.
    pub round: Option<&'a str>,
    /// Tells this form's saved answers apart from every other form's in the browser.
    pub form_id: &'a str,
    pub features: Features,
}

/// What the answers files of this aima accept, so the form writes nothing `validate` refuses.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Features {
    /// `assessment.round` (docs/answers-format.md).
    pub round: bool,
    /// Evidence entries as mappings `{ref, date}`; else plain text.
    #[serde(rename = "evidenceLong")]
    pub evidence_long: bool,
}

impl Render<FormView<'_>> for Form {
    fn render(&self, view: &FormView<'_>) -> String {
        let data = script_json(&serde_json::to_string(&data(view)).unwrap_or_else(|_| "null".into()));
        let csp = format!(
            "default-src 'none'; script-src '{}'; style-src '{}'; img-src 'none'; \
             connect-src 'none'; form-action 'none'; base-uri 'none'; frame-src 'none'",
            digest(SCRIPT),
            digest(STYLE)
        );
        format!(
            "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
             <meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n\
             <meta name=\"referrer\" content=\"no-referrer\">\n\
             <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
             <title>AIMA questionnaire</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
             <noscript>This questionnaire needs JavaScript. Open it in a current browser \
             (Firefox, Chrome, Edge or Safari) with JavaScript on.</noscript>\n\
             <div id=\"app\"></div>\n\
             <script type=\"application/json\" id=\"aima-data\">{data}</script>\n\
             <script>{SCRIPT}</script>\n</body>\n</html>\n"
        )
    }
}

/// The CSP source of an inline element's text: `sha256-` and its base64 digest.
pub fn digest(text: &str) -> String {
    let hash = Sha256::digest(text.as_bytes());
    format!(
        "sha256-{}",
        base64::engine::general_purpose::STANDARD.encode(hash)
    )
}

/// JSON that cannot end its `<script>` element or start markup: `<`, `>` and `&` as
/// `\u` escapes (the same JSON value), and the characters of `crate::base::sanitize::json`.
pub fn script_json(json: &str) -> String {
    let mut out = String::with_capacity(json.len() + 64);
    for c in crate::base::sanitize::json(json.to_string()).chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            c => out.push(c),
        }
    }
    out
}

/// A form identity from its content and a random part, so that two forms made alike
/// (the same domains and system for two people) still keep their answers apart.
pub fn form_id(salt: &str) -> String {
    use std::hash::{BuildHasher as _, Hasher as _};
    let mut random = std::collections::hash_map::RandomState::new().build_hasher();
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    random.write_u128(now);
    random.write_u32(std::process::id());
    let mut hash = Sha256::new();
    hash.update(salt.as_bytes());
    hash.update(random.finish().to_le_bytes());
    hash.finalize()[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[derive(Serialize)]
struct Data<'a> {
    format: u8,
    model: ModelData<'a>,
    form: FormData,
    features: Features,
    /// The largest answers file aima reads, in bytes (`crate::base::input::MAX_INPUT_BYTES`).
    limit: u64,
    /// Every question of the model, for telling "another domain" from "unknown".
    questions: Vec<&'a str>,
    domains: Vec<DomainData>,
    prefill: Prefill,
}

#[derive(Serialize)]
struct ModelData<'a> {
    key: String,
    name: String,
    version: String,
    attribution: &'a str,
}

#[derive(Serialize)]
struct FormData {
    id: String,
    #[serde(rename = "storageKey")]
    storage_key: String,
    domains: Vec<String>,
    system: Option<String>,
    round: Option<String>,
}

#[derive(Serialize)]
struct DomainData {
    id: String,
    name: String,
    description: String,
    practices: Vec<PracticeData>,
}

#[derive(Serialize)]
struct PracticeData {
    id: String,
    name: String,
    description: String,
    /// In worksheet order: level 1..3, stream A then B.
    questions: Vec<QuestionData>,
}

#[derive(Serialize)]
struct QuestionData {
    id: String,
    level: u8,
    #[serde(rename = "levelTitle")]
    level_title: String,
    stream: String,
    text: String,
    guidance: String,
}

#[derive(Serialize)]
struct Prefill {
    metadata: serde_json::Map<String, serde_json::Value>,
    targets: serde_json::Map<String, serde_json::Value>,
    answers: serde_json::Map<String, serde_json::Value>,
}

fn data<'a>(view: &'a FormView<'_>) -> Data<'a> {
    let model = view.model;
    let codes: Vec<String> = view.domains.iter().map(|d| d.id.clone()).collect();
    let system = view.prefill.metadata.system.clone();
    let round = view.round.map(str::to_string);
    let storage_key = format!(
        "aima-form/1/{}/{}/{}/{}/{}",
        model.key(),
        system.as_deref().unwrap_or("-"),
        round.as_deref().unwrap_or("-"),
        codes.join(","),
        view.form_id
    );
    Data {
        format: 1,
        model: ModelData {
            key: model.key(),
            name: shown(&model.name).into_owned(),
            version: shown(&model.version).into_owned(),
            attribution: &model.attribution,
        },
        form: FormData {
            id: view.form_id.to_string(),
            storage_key,
            domains: codes,
            system,
            round,
        },
        features: view.features,
        limit: crate::base::input::MAX_INPUT_BYTES,
        questions: model.questions().map(|q| q.question.id.as_str()).collect(),
        domains: view.domains.iter().map(|d| domain(d)).collect(),
        prefill: prefill(view),
    }
}

/// Model text as it is shown: every control, bidirectional or invisible character as a
/// visible escape (`crate::base::sanitize`), never raw.
fn domain(d: &Domain) -> DomainData {
    let practices = d
        .practices
        .iter()
        .map(|p| PracticeData {
            id: p.id.clone(),
            name: shown(&p.name).into_owned(),
            description: shown(&p.description).into_owned(),
            questions: (0..3)
                .flat_map(|level| {
                    p.streams.iter().map(move |s| {
                        let q = &s.questions[level];
                        QuestionData {
                            id: q.id.clone(),
                            level: q.level,
                            level_title: shown(&p.level_titles[level]).into_owned(),
                            stream: shown(&s.name).into_owned(),
                            text: shown(&q.text).into_owned(),
                            guidance: shown(&q.guidance).into_owned(),
                        }
                    })
                })
                .collect(),
        })
        .collect();
    DomainData {
        id: d.id.clone(),
        name: shown(&d.name).into_owned(),
        description: shown(&d.description).into_owned(),
        practices,
    }
}

/// The metadata, targets and answers the form starts from. Answer text is kept exactly
/// (it goes back into the saved file); the page shows it only in form fields.
fn prefill(view: &FormView<'_>) -> Prefill {
    use serde_json::Value;
    let meta = &view.prefill.metadata;
    let mut metadata = serde_json::Map::new();
    for (key, value) in [
        ("organization", meta.organization.clone()),
        ("scope", meta.scope.clone()),
        ("assessor", meta.assessor.clone()),
        ("date", meta.date.map(|d| d.to_string())),
        ("system", meta.system.clone()),
        ("team", meta.team.clone()),
        ("round", view.round.map(str::to_string)),
    ] {
        if let Some(value) = value {
            metadata.insert(key.to_string(), Value::String(value));
        }
    }
    let targets = &view.prefill.targets;
    let mut target_map = serde_json::Map::new();
    if let Some(d) = targets.default {
        target_map.insert("default".into(), d.into());
    }
    for (code, level) in &targets.by_code {
        target_map.insert(code.clone(), (*level).into());
    }
    let mut answers = serde_json::Map::new();
    for d in &view.domains {
        for q in d
            .practices
            .iter()
            .flat_map(|p| p.streams.iter())
            .flat_map(|s| &s.questions)
        {
            if let Some(a) = view.prefill.answers.get(&q.id) {
                answers.insert(q.id.clone(), answer(a));
            }
        }
    }
    Prefill {
        metadata,
        targets: target_map,
        answers,
    }
}

fn answer(a: &Answer) -> serde_json::Value {
    serde_json::json!({
        "answer": a.word.map(|w| w.as_str()),
        "note": a.note,
        "reason": a.reason,
        "evidence": a.evidence.iter().map(evidence).collect::<Vec<_>>(),
    })
}

/// An evidence item with the keys it has (docs/evidence.md); the form keeps those it does
/// not edit and writes them back.
fn evidence(item: &Evidence) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    out.insert("ref".into(), item.reference.clone().into());
    for (key, value) in [
        ("title", item.title.clone()),
        ("date", item.date.map(|d| d.to_string())),
        ("expires", item.expires.map(|d| d.to_string())),
        ("sha256", item.sha256.clone()),
        ("kind", item.kind.map(|k| k.as_str().to_string())),
    ] {
        if let Some(value) = value {
            out.insert(key.into(), value.into());
        }
    }
    serde_json::Value::Object(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_json_cannot_close_its_element() {
        let json = serde_json::to_string("</script><img src=x onerror=alert(1)>&amp;\u{2028}").unwrap();
        let safe = script_json(&json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert!(!safe.contains('\u{2028}'));
        let back: String = serde_json::from_str(&safe).unwrap();
        assert_eq!(back, "</script><img src=x onerror=alert(1)>&amp;\u{2028}");
    }

    #[test]
    fn digests_are_the_csp_form_of_sha256() {
        // `printf abc | openssl dgst -sha256 -binary | base64`
        assert_eq!(
            digest("abc"),
            "sha256-ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="
        );
    }
}
