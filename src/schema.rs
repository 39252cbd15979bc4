//! JSON Schemas: of answers files, for editors (yaml-language-server completes answer
//! words and question codes from it), built from the same constants the parser checks
//! against; and of every command's JSON output, derived from the typed documents in
//! `render::json`. `aima schema NAME` prints them; `schema/NAME.schema.json` holds copies
//! kept in sync by tests/it/schemas.rs.

use serde_json::{Map, Value, json};

use crate::render::json::{CheckDoc, DiffDoc, ModelDoc, ScoreDoc, ValidateOutput, schema_of};

use crate::answers::parse::{ANSWER_KEYS, ASSESSMENT_KEYS, TOP_KEYS};
use crate::answers::{FORMAT_VERSION, Word};
use crate::model::Model;

/// The names `aima schema` knows, in the order its help lists them.
pub const NAMES: [&str; 13] = [
    "answers",
    "score",
    "check",
    "diff",
    "model",
    "validate",
    "portfolio",
    "trend",
    "crosswalk",
    "profiles",
    "evidence",
    "attestation",
    "policy-input",
];

/// Why a schema cannot be given.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SchemaError {
    #[error("unknown schema `{0}`: expected one of {list}", list = NAMES.join(", "))]
    Unknown(String),
    #[error("the JSON output of `aima {0}` has no schema in this build yet")]
    NotYet(&'static str),
}

/// The schema called `name` (one of [`NAMES`]); the answers schema is for `model`.
pub fn schema(model: &Model, name: &str) -> Result<Value, SchemaError> {
    Ok(match name {
        "answers" => answers_schema(model),
        "score" => schema_of::<ScoreDoc>(),
        "check" => schema_of::<CheckDoc>(),
        "diff" => schema_of::<DiffDoc>(),
        "model" => schema_of::<ModelDoc>(),
        "validate" => schema_of::<ValidateOutput>(),
        "portfolio" => crate::render::portfolio::portfolio_schema(),
        "trend" => crate::render::portfolio::trend_schema(),
        "crosswalk" => crate::render::crosswalk::schema(),
        "profiles" => crate::render::profiles::schema(),
        "evidence" => schema_of::<crate::render::evidence::EvidenceDoc<'static>>(),
        "attestation" => schema_of::<crate::attest::Statement>(),
        "policy-input" => crate::policy::input::schema(),
        other => return Err(SchemaError::Unknown(crate::base::diag::shown(other))),
    })
}

/// The schema for answers files of `model`.
pub fn answers_schema(model: &Model) -> Value {
    let short_words: Vec<&str> = Word::ALL
        .iter()
        .filter(|w| **w != Word::Na)
        .map(|w| w.as_str())
        .collect();
    json!({
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": format!("aima answers file for {}", model.key()),
        "description": "Answers to the OWASP AI Maturity Assessment: yes (criterion fully met), mostly, partly, no, na (not applicable, with a reason), or ~ (not answered yet).",
        "type": "object",
        "additionalProperties": false,
        "required": ["aima", "model"],
        "properties": top_level(model),
        "definitions": {
            "level": { "type": "integer", "minimum": 0, "maximum": 3 },
            "answer": {
                "oneOf": [
                    { "type": "null" },
                    { "enum": short_words },
                    {
                        "type": "object",
                        "additionalProperties": false,
                        "required": ["answer"],
                        "properties": long_form(),
                        "if": { "properties": { "answer": { "const": "na" } } },
                        "then": { "required": ["reason"] }
                    }
                ]
            }
        }
    })
}

/// The top-level keys: format version, model, metadata, targets and answers.
fn top_level(model: &Model) -> Map<String, Value> {
    TOP_KEYS
        .iter()
        .map(|k| {
            let schema = match *k {
                "aima" => json!({ "const": FORMAT_VERSION, "description": "Answers-file format version" }),
                "model" => json!({ "const": model.key(), "description": "The model the answers were given against (id@version)" }),
                "assessment" => json!({ "type": ["object", "null"], "additionalProperties": false, "properties": assessment() }),
                "targets" => json!({ "type": ["object", "null"], "additionalProperties": false, "properties": targets(model) }),
                "clauses" => json!({
                    "type": ["object", "null"],
                    "additionalProperties": false,
                    "properties": clauses(model),
                    "description": "The organisation's own evidence for clauses of the crosswalks, by FRAMEWORK:CLAUSE (docs/answers-format.md): shown beside the AIMA-derived status by `aima crosswalk ID FILE`",
                }),
                _ => json!({ "type": ["object", "null"], "additionalProperties": false, "properties": answers(model) }),
            };
            (k.to_string(), schema)
        })
        .collect()
}

/// `targets:`: a default, and a level per domain or practice code.
fn targets(model: &Model) -> Map<String, Value> {
    let mut targets = Map::new();
    targets.insert(
        "default".into(),
        json!({ "$ref": "#/definitions/level", "description": "Target level of every practice without its own or its domain's" }),
    );
    for d in &model.domains {
        targets.insert(d.id.clone(), json!({ "$ref": "#/definitions/level", "description": format!("Target level of the practices of {}", d.name) }));
        for p in &d.practices {
            targets.insert(p.id.clone(), json!({ "$ref": "#/definitions/level", "description": format!("Target level of {}", p.name) }));
        }
    }
    targets
}

/// `answers:`: one entry per question code, described by its text.
fn answers(model: &Model) -> Map<String, Value> {
    let mut answers = Map::new();
    for q in model.questions() {
        answers.insert(
            q.question.id.clone(),
            json!({
                "$ref": "#/definitions/answer",
                "description": format!("{} › {} › level {}: {}", q.practice.name, q.stream().name, q.level(), q.question.text),
            }),
        );
    }
    answers
}

/// `clauses:`: one entry per clause of the crosswalks, keyed `FRAMEWORK:CLAUSE`.
fn clauses(model: &Model) -> Map<String, Value> {
    crate::crosswalk::known::keys(model)
        .into_iter()
        .map(|(key, title)| {
            let description = format!("{key}: {title}");
            (
                key,
                json!({ "$ref": "#/definitions/answer", "description": description }),
            )
        })
        .collect()
}

/// `assessment:`: the metadata, every key a string or null (`date` as YYYY-MM-DD).
fn assessment() -> Map<String, Value> {
    ASSESSMENT_KEYS
        .iter()
        .map(|k| {
            let schema = match *k {
                "date" => {
                    json!({ "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD" })
                }
                "round" | "status" | "sign_off" | "superseded" => crate::answers::record::schema(k),
                _ => json!({ "type": ["string", "null"] }),
            };
            (k.to_string(), schema)
        })
        .collect()
}

/// An answer in the long form: the word with a note, evidence or reason.
fn long_form() -> Map<String, Value> {
    let words: Vec<&str> = Word::ALL.iter().map(|w| w.as_str()).collect();
    ANSWER_KEYS
        .iter()
        .map(|k| {
            let schema = match *k {
                "answer" => json!({ "enum": words.iter().map(|w| json!(w)).chain([Value::Null]).collect::<Vec<_>>() }),
                "evidence" => json!({ "oneOf": [
                    evidence_item(),
                    { "type": "array", "items": evidence_item() }
                ], "description": "Links or paths that support the answer, as text or {ref, title, date, expires, sha256, kind}" }),
                "reason" => json!({ "type": "string", "minLength": 1, "description": "Why the question does not apply (required with na)" }),
                _ => json!({ "type": "string", "minLength": 1 }),
            };
            (k.to_string(), schema)
        })
        .collect()
}

/// One evidence item: a link or path, or the long form (docs/evidence.md).
fn evidence_item() -> Value {
    let kinds: Vec<&str> = crate::answers::evidence::Kind::ALL
        .iter()
        .map(|k| k.as_str())
        .collect();
    let date = json!({ "type": ["string", "null"], "pattern": "^[0-9]{4}-[0-9]{2}-[0-9]{2}$", "description": "YYYY-MM-DD" });
    json!({ "oneOf": [
        { "type": "string", "minLength": 1, "description": "A URL, or a path relative to the answers file" },
        { "type": "object", "additionalProperties": false, "required": ["ref"], "properties": {
            "ref": { "type": "string", "minLength": 1, "description": "A URL, or a path relative to the answers file, inside the project folder" },
            "title": { "type": ["string", "null"], "minLength": 1 },
            "date": date.clone(),
            "expires": date,
            "sha256": { "type": ["string", "null"], "pattern": "^[0-9a-fA-F]{64}$", "description": "The file's SHA-256 (64 hex digits)" },
            "kind": { "enum": kinds.iter().map(|k| json!(k)).chain([Value::Null]).collect::<Vec<_>>() }
        } }
    ] })
}
