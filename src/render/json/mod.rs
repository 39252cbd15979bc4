//! JSON output: one typed document per command, serialized by serde and described by
//! schemars (`aima schema NAME`). The keys are listed in docs/json-output.md; a rating is
//! always the same four keys ([`RatingJson`]).

mod diff;
mod model;
mod score;
mod validate;

use schemars::JsonSchema;
use serde::Serialize;

pub use diff::DiffDoc;
pub use model::ModelDoc;
pub use score::{CheckDoc, ScoreDoc};
pub use validate::{ValidateDoc, ValidateOutput};

use crate::score::Rating;

/// Pretty JSON with a final newline.
pub fn to_text<T: Serialize + ?Sized>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| "null".to_string());
    text.push('\n');
    // The same JSON value, with escapes for what must not reach a terminal raw.
    crate::base::sanitize::json(text)
}

/// The JSON Schema of an output document, as it is serialized (every `Option` field is
/// present, as null when empty).
pub fn schema_of<T: JsonSchema>() -> serde_json::Value {
    schemars::generate::SchemaSettings::draft2020_12()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>()
        .to_value()
}

/// A rating: the AIMA level and the toolkit score; when not applicable, `level`, `plus`
/// and `score` are null and `label` is `n/a`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
pub struct RatingJson {
    /// The AIMA level 0..3 (null when not applicable).
    #[schemars(range(max = 3))]
    pub level: Option<u8>,
    /// True when a question above the level is also answered yes.
    pub plus: Option<bool>,
    /// The level as shown: `0`, `1+`, `3`, or `n/a`.
    pub label: String,
    /// The toolkit score 0..3, rounded to two decimals (null when not applicable).
    #[schemars(range(min = 0.0, max = 3.0))]
    pub score: Option<f64>,
}

impl From<&Rating> for RatingJson {
    fn from(r: &Rating) -> Self {
        RatingJson {
            level: r.level().map(|l| l.level),
            plus: r.level().map(|l| l.plus),
            label: r.label(),
            score: r.score().map(|s| s.rounded()),
        }
    }
}

/// An id and a name.
#[derive(Debug, Clone, Serialize, JsonSchema)]
pub struct Named<'a> {
    pub id: &'a str,
    pub name: &'a str,
}

/// The organisation's own evidence for one clause (`clauses:` in the answers files;
/// docs/answers-format.md), as `score`, `crosswalk` and the policy input give it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct OwnEvidenceJson {
    /// The framework id (`eu-ai-act`).
    pub framework: String,
    /// The clause id as the framework writes it (`Art. 14`).
    pub clause: String,
    /// `yes`, `mostly`, `partly`, `no`, `na`, or null when not answered yet.
    pub answer: Option<&'static str>,
    pub note: Option<String>,
    /// Why the clause does not apply, with `na`.
    pub reason: Option<String>,
    pub evidence: Vec<EvidenceItemJson>,
}

/// One evidence item: its `ref` and, in the long form, the rest (docs/evidence.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
pub struct EvidenceItemJson {
    #[serde(rename = "ref")]
    pub reference: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sha256: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kind: Option<crate::answers::evidence::Kind>,
}

impl OwnEvidenceJson {
    /// The entry of `key` (`FRAMEWORK:CLAUSE`).
    pub fn new(key: &str, a: &crate::answers::Answer) -> OwnEvidenceJson {
        let (framework, clause) = crate::crosswalk::known::split(key).unwrap_or((key, ""));
        OwnEvidenceJson {
            framework: framework.to_string(),
            clause: clause.to_string(),
            answer: a.word.map(|w| w.as_str()),
            note: a.note.clone(),
            reason: a.reason.clone(),
            evidence: a
                .evidence
                .iter()
                .map(|e| EvidenceItemJson {
                    reference: e.reference.clone(),
                    title: e.title.clone(),
                    date: e.date.map(|d| d.to_string()),
                    expires: e.expires.map(|d| d.to_string()),
                    sha256: e.sha256.clone(),
                    kind: e.kind,
                })
                .collect(),
        }
    }

    /// Every `clauses:` entry of an assessment, by key.
    pub fn all(assessment: &crate::answers::Assessment) -> Vec<OwnEvidenceJson> {
        assessment
            .clauses
            .iter()
            .map(|(k, a)| OwnEvidenceJson::new(k, a))
            .collect()
    }
}
