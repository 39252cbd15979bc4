//! Attestations (docs/attestation.md): a DSSE envelope whose payload is an in-toto
//! Statement v1 about one assessment, signed with Ed25519. This module is pure: it builds,
//! signs and checks documents from bytes and keys; [`keys`] reads and writes key files.

pub mod keys;
pub mod vendor;

use std::collections::BTreeMap;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use ed25519_dalek::{Signature, Signer as _, SigningKey, VerifyingKey};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::evidence::Findings;

/// DSSE's payload type for in-toto Statements.
pub const PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";
/// The in-toto Statement v1 type.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
/// The predicate type of aima's assessment attestations (docs/attestation.md).
pub const PREDICATE_TYPE: &str = "urn:aima:predicate:assessment:v1";

/// A DSSE envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Envelope {
    /// The payload, base64 (standard alphabet, padded).
    pub payload: String,
    #[serde(rename = "payloadType")]
    pub payload_type: String,
    pub signatures: Vec<EnvelopeSignature>,
}

/// One signature of an envelope: over [`pae`] of the payload type and the payload.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct EnvelopeSignature {
    /// The hex SHA-256 of the signing key's public key (SubjectPublicKeyInfo DER).
    #[serde(default)]
    pub keyid: String,
    /// The Ed25519 signature, base64.
    pub sig: String,
}

/// An in-toto Statement v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub type_: String,
    pub subject: Vec<Subject>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: Predicate,
}

/// A file the statement is about, with its digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Subject {
    /// The path as given when attesting (answers files), or relative to it (evidence).
    pub name: String,
    pub digest: Digest,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct Digest {
    /// 64 lower-case hex digits.
    pub sha256: String,
}

/// What aima attests about an assessment (docs/attestation.md).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
pub struct Predicate {
    /// The aima version that made the attestation.
    pub aima_version: String,
    /// The date it was made (YYYY-MM-DD).
    pub attested_on: String,
    /// `id@version` of the model.
    pub model: String,
    /// The assessment's metadata.
    pub assessment: AttestedMetadata,
    /// The answers files, as given.
    pub files: Vec<String>,
    /// Every question's answer word (`yes`, `mostly`, `partly`, `no`, `na`), or null.
    pub answers: BTreeMap<String, Option<String>>,
    /// The targets of the answers files.
    pub targets: AttestedTargets,
    /// The result, as `aima score --format json` prints it.
    #[schemars(schema_with = "score_schema")]
    pub score: serde_json::Value,
    /// Every evidence item's state, as `aima evidence --format json` lists them.
    pub evidence: Findings,
}

/// The `score` document's schema, its definitions moved to the root where its references
/// point.
fn score_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut value = crate::render::json::schema_of::<crate::render::json::ScoreDoc<'static>>();
    if let Some(map) = value.as_object_mut() {
        map.remove("$schema");
        if let Some(serde_json::Value::Object(defs)) = map.remove("$defs") {
            generator.definitions_mut().extend(defs);
        }
    }
    schemars::Schema::try_from(value).unwrap_or_default()
}

/// Assessment metadata as attested.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AttestedMetadata {
    pub organization: Option<String>,
    pub scope: Option<String>,
    pub assessor: Option<String>,
    pub date: Option<String>,
    pub system: Option<String>,
    pub team: Option<String>,
    /// `assessment.round` (docs/record.md); absent, the date is the round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub round: Option<String>,
    /// `draft`, `in-review` or `final` (absent in envelopes made before the record landed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// The sign-offs, as `assessment.sign_off` holds them.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sign_off: Vec<AttestedSignOff>,
}

/// One sign-off as attested.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AttestedSignOff {
    pub by: String,
    pub role: String,
    /// YYYY-MM-DD.
    pub date: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Targets as attested.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub struct AttestedTargets {
    pub default: Option<u8>,
    /// Domain and practice codes with their targets.
    pub by_code: BTreeMap<String, u8>,
}

/// DSSE's pre-authentication encoding: `DSSEv1 LEN(type) type LEN(body) body`, lengths in
/// ASCII decimal, fields separated by one space.
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let mut out = format!("DSSEv1 {} {payload_type} {} ", payload_type.len(), payload.len()).into_bytes();
    out.extend_from_slice(payload);
    out
}

/// The key id of a public key: hex SHA-256 of its SubjectPublicKeyInfo DER.
pub fn keyid(key: &VerifyingKey) -> String {
    crate::evidence::hash::sha256_hex(&keys::public_der(key))
}

/// The signed envelope of `statement`.
pub fn sign(statement: &Statement, key: &SigningKey) -> Envelope {
    let payload = serde_json::to_vec(statement).unwrap_or_default();
    let signature = key.sign(&pae(PAYLOAD_TYPE, &payload));
    Envelope {
        payload: STANDARD.encode(&payload),
        payload_type: PAYLOAD_TYPE.to_string(),
        signatures: vec![EnvelopeSignature {
            keyid: keyid(&key.verifying_key()),
            sig: STANDARD.encode(signature.to_bytes()),
        }],
    }
}

/// Why an envelope cannot be read at all (exit 2).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Unreadable {
    #[error("not JSON: {0}")]
    NotJson(String),
    #[error("not a DSSE envelope: {0}")]
    NotDsse(String),
    #[error("the payload is not an in-toto Statement v1: {0}")]
    NotStatement(String),
}

/// Why an envelope is not valid (exit 1).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Invalid {
    #[error(
        "the signature does not verify with this key (key id {ours}; the envelope names {theirs}): the payload was tampered with, or it was signed with another key"
    )]
    Signature { ours: String, theirs: String },
    #[error("{0} has changed since it was attested (sha256 now {1}, attested {2})")]
    Changed(String, String, String),
    #[error("{0} is not among the attested files (its sha256 {1} matches no subject)")]
    NotAttested(String, String),
}

/// Reads envelope bytes: the envelope and its decoded payload.
pub fn open(bytes: &[u8]) -> Result<(Envelope, Vec<u8>), Unreadable> {
    let value: serde_json::Value = serde_json::from_slice(bytes)
        .map_err(|e| Unreadable::NotJson(format!("line {}, column {}: {e}", e.line(), e.column())))?;
    let envelope: Envelope = serde_json::from_value(value).map_err(|e| Unreadable::NotDsse(e.to_string()))?;
    if envelope.payload_type != PAYLOAD_TYPE {
        return Err(Unreadable::NotDsse(format!(
            "/payloadType is `{}`, not `{PAYLOAD_TYPE}`",
            crate::base::diag::shown(&envelope.payload_type)
        )));
    }
    if envelope.signatures.is_empty() {
        return Err(Unreadable::NotDsse("/signatures is empty".to_string()));
    }
    let payload = STANDARD
        .decode(&envelope.payload)
        .map_err(|e| Unreadable::NotDsse(format!("/payload is not base64: {e}")))?;
    Ok((envelope, payload))
}

/// True when one of the envelope's signatures verifies with `key`.
pub fn check_signature(envelope: &Envelope, payload: &[u8], key: &VerifyingKey) -> Result<(), Invalid> {
    let message = pae(&envelope.payload_type, payload);
    let good = envelope.signatures.iter().any(|s| {
        STANDARD
            .decode(&s.sig)
            .ok()
            .and_then(|b| <[u8; 64]>::try_from(b.as_slice()).ok())
            .is_some_and(|b| key.verify_strict(&message, &Signature::from_bytes(&b)).is_ok())
    });
    if good {
        Ok(())
    } else {
        Err(Invalid::Signature {
            ours: keyid(key),
            theirs: envelope
                .signatures
                .iter()
                .map(|s| s.keyid.as_str())
                .collect::<Vec<_>>()
                .join(", "),
        })
    }
}

/// The Statement in a (signed) payload.
pub fn statement(payload: &[u8]) -> Result<Statement, Unreadable> {
    let value: serde_json::Value =
        serde_json::from_slice(payload).map_err(|e| Unreadable::NotStatement(format!("not JSON ({e})")))?;
    match value.get("_type").and_then(|t| t.as_str()) {
        Some(STATEMENT_TYPE) => {}
        Some(other) => {
            return Err(Unreadable::NotStatement(format!(
                "/_type is `{}`, not `{STATEMENT_TYPE}`",
                crate::base::diag::shown(other)
            )));
        }
        None => return Err(Unreadable::NotStatement("no /_type".to_string())),
    }
    match value.get("predicateType").and_then(|t| t.as_str()) {
        Some(PREDICATE_TYPE) => {}
        other => {
            return Err(Unreadable::NotStatement(format!(
                "/predicateType is {}, not `{PREDICATE_TYPE}` (an aima assessment)",
                other.map_or("missing".to_string(), |t| format!(
                    "`{}`",
                    crate::base::diag::shown(t)
                ))
            )));
        }
    }
    serde_json::from_value(value).map_err(|e| Unreadable::NotStatement(e.to_string()))
}

/// Checks that a file with `name` and `sha256` is one of the statement's subjects.
pub fn check_subject(statement: &Statement, name: &str, sha256: &str) -> Result<(), Invalid> {
    if statement.subject.iter().any(|s| s.digest.sha256 == sha256) {
        return Ok(());
    }
    match statement.subject.iter().find(|s| s.name == name) {
        Some(s) => Err(Invalid::Changed(
            name.to_string(),
            sha256.to_string(),
            s.digest.sha256.clone(),
        )),
        None => Err(Invalid::NotAttested(name.to_string(), sha256.to_string())),
    }
}

/// Everything an attestation is made from.
pub struct Parts<'a> {
    pub model: &'a crate::model::Model,
    pub assessment: &'a crate::answers::Assessment,
    /// The `score` JSON of the assessment.
    pub score: serde_json::Value,
    pub findings: Findings,
    /// The answers files (name as given, SHA-256), then the evidence files.
    pub subjects: Vec<Subject>,
    pub today: crate::answers::Date,
}

/// The Statement of an assessment.
pub fn statement_of(parts: Parts<'_>) -> Statement {
    let a = parts.assessment;
    let m = &a.metadata;
    let answers = parts
        .model
        .questions()
        .map(|q| {
            let code = q.question.id.clone();
            let word = a.word(&code).map(|w| w.as_str().to_string());
            (code, word)
        })
        .collect();
    Statement {
        type_: STATEMENT_TYPE.to_string(),
        subject: parts.subjects,
        predicate_type: PREDICATE_TYPE.to_string(),
        predicate: Predicate {
            aima_version: env!("CARGO_PKG_VERSION").to_string(),
            attested_on: parts.today.to_string(),
            model: a.model.clone(),
            assessment: AttestedMetadata {
                organization: m.organization.clone(),
                scope: m.scope.clone(),
                assessor: m.assessor.clone(),
                date: m.date.map(|d| d.to_string()),
                system: m.system.clone(),
                team: m.team.clone(),
                round: m.round.clone(),
                status: Some(m.status().as_str().to_string()),
                sign_off: m
                    .sign_off
                    .iter()
                    .map(|s| AttestedSignOff {
                        by: s.by.clone(),
                        role: s.role.clone(),
                        date: s.date.to_string(),
                        note: s.note.clone(),
                    })
                    .collect(),
            },
            files: a.sources.clone(),
            answers,
            targets: AttestedTargets {
                default: a.targets.default,
                by_code: a.targets.by_code.clone(),
            },
            score: parts.score,
            evidence: parts.findings,
        },
    }
}

/// The subjects of an attestation: each answers file (read and hashed now) and each local
/// evidence file that exists (its digest as found), each name once.
pub fn subjects(files: &[String], findings: &Findings) -> Result<Vec<Subject>, (String, std::io::Error)> {
    let mut out: Vec<Subject> = Vec::new();
    for file in files {
        let sha256 =
            crate::evidence::hash::sha256_file(std::path::Path::new(file)).map_err(|e| (file.clone(), e))?;
        out.push(Subject {
            name: file.clone(),
            digest: Digest { sha256 },
        });
    }
    for item in &findings.items {
        if let (Some(path), Some(sha256)) = (&item.path, &item.actual_sha256)
            && !out.iter().any(|s| &s.name == path)
        {
            out.push(Subject {
                name: path.clone(),
                digest: Digest {
                    sha256: sha256.clone(),
                },
            });
        }
    }
    Ok(out)
}

/// The answers of an attested assessment as an [`crate::answers::Assessment`], for the
/// portfolio: words, metadata (round, status and sign-offs too) and targets (notes and
/// evidence are not carried).
pub fn assessment_of(model: &crate::model::Model, predicate: &Predicate) -> crate::answers::Assessment {
    use crate::answers::{Answer, Assessment, Date, Word};
    let mut a = Assessment::new(model);
    a.model = predicate.model.clone();
    let m = &predicate.assessment;
    a.metadata.organization = m.organization.clone();
    a.metadata.scope = m.scope.clone();
    a.metadata.assessor = m.assessor.clone();
    a.metadata.date = m.date.as_deref().and_then(Date::parse);
    a.metadata.system = m.system.clone();
    a.metadata.team = m.team.clone();
    a.metadata.round = m.round.clone();
    a.metadata.status = m.status.as_deref().and_then(crate::answers::Status::parse);
    a.metadata.sign_off = m
        .sign_off
        .iter()
        .filter_map(|s| {
            Some(crate::answers::SignOff {
                by: s.by.clone(),
                role: s.role.clone(),
                date: Date::parse(&s.date)?,
                note: s.note.clone(),
            })
        })
        .collect();
    a.targets.default = predicate.targets.default;
    a.targets.by_code = predicate.targets.by_code.clone();
    for (code, word) in &predicate.answers {
        if let Some(word) = word.as_deref().and_then(Word::parse)
            && model.question(code).is_some()
        {
            a.answers.insert(code.clone(), Answer::word(word));
        }
    }
    a
}

/// What an envelope found beside an assessment is worth (docs/policy.md, `attestation`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum EnvelopeState {
    /// A signature verifies with the system's `vendor_key`.
    Valid,
    /// No signature verifies with the system's `vendor_key`.
    Invalid,
    /// Readable, but aima.toml names no `vendor_key` for the system to verify it with.
    Unverified,
    /// Not a DSSE envelope of an aima Statement (or too large to read).
    Unreadable,
}

/// One envelope examined: its state, why, and what its Statement says.
#[derive(Debug, Clone, PartialEq)]
pub struct Examined {
    pub state: EnvelopeState,
    /// Why it is not valid, or why it does not cover the assessment read.
    pub reason: Option<String>,
    /// The key id its first signature names (a hint: DSSE does not sign it).
    pub keyid: Option<String>,
    /// The Statement, when the envelope is readable.
    pub statement: Option<Statement>,
    /// True when every file read (name, SHA-256) is one of its subjects.
    pub covers: bool,
}

impl Examined {
    /// An envelope that could not be read, and why.
    pub fn unreadable(reason: String) -> Examined {
        Examined {
            state: EnvelopeState::Unreadable,
            reason: Some(reason),
            keyid: None,
            statement: None,
            covers: false,
        }
    }
}

/// Examines envelope `bytes` with the vendor's `key` (when aima.toml names one) against the
/// answers files read, each as (name, SHA-256 of its bytes now). Pure.
pub fn examine(bytes: &[u8], key: Option<&VerifyingKey>, files: &[(String, String)]) -> Examined {
    let unreadable = |e: Unreadable| Examined::unreadable(e.to_string());
    let (envelope, payload) = match open(bytes) {
        Ok(opened) => opened,
        Err(e) => return unreadable(e),
    };
    let statement = match statement(&payload) {
        Ok(s) => s,
        Err(e) => return unreadable(e),
    };
    let uncovered = files
        .iter()
        .find_map(|(name, sha)| check_subject(&statement, name, sha).err());
    let (state, mut reason) = match key.map(|k| check_signature(&envelope, &payload, k)) {
        None => (
            EnvelopeState::Unverified,
            Some("aima.toml names no `vendor_key` for the system to verify it with".to_string()),
        ),
        Some(Err(e)) => (EnvelopeState::Invalid, Some(e.to_string())),
        Some(Ok(())) => (EnvelopeState::Valid, None),
    };
    if reason.is_none() {
        reason = uncovered.as_ref().map(ToString::to_string);
    }
    Examined {
        state,
        reason,
        keyid: envelope.signatures.first().map(|s| s.keyid.clone()),
        statement: Some(statement),
        covers: !files.is_empty() && uncovered.is_none(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pae_is_dsse_v1() {
        assert_eq!(
            pae("http://example.com/HelloWorld", b"hello world"),
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world".to_vec()
        );
    }
}
