//! Vendor attestations in the portfolio tree (docs/attestation.md). Every `*.dsse.json`
//! under `portfolio.paths` is verified with its system's `[systems.ID] vendor_key`; one that
//! attests a round no answers file holds counts as that system's assessment, read from the
//! signed predicate. One that does not verify is an error naming it, never used.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use ed25519_dalek::VerifyingKey;

use super::{Statement, assessment_of, check_signature, open, statement};
use crate::answers::Assessment;
use crate::assessments::{Catalog, collect_envelopes, folder_name, read_records};
use crate::base::diag::Problems;
use crate::base::error::{Error, Result};
use crate::base::sanitize::terminal_line;
use crate::config::Config;
use crate::model::Model;
use crate::portfolio::{FileRecord, QuestionIndex};

/// Largest envelope read (an attestation of a full assessment is well under 1 MiB).
pub const MAX_ENVELOPE_BYTES: u64 = 8 * 1024 * 1024;

/// The assessments under `paths`, vendor attestations counted: the catalog, and the files
/// its records index (answers files, then the envelopes counted). An envelope of a round no
/// answers file holds must verify with its system's `vendor_key`: one that cannot (no key,
/// another key, unreadable) is an error naming it.
pub fn read_catalog(
    model: &Model,
    paths: &[PathBuf],
    config: Option<&Config>,
) -> Result<(Catalog, Vec<PathBuf>)> {
    let (mut records, skipped, mut files) = read_records(model, paths)?;
    let held: BTreeSet<(String, String)> = records
        .iter()
        .map(|r| (r.system.clone(), r.round.clone()))
        .collect();
    let index = QuestionIndex::new(model);
    let mut counted: BTreeMap<(String, String), String> = BTreeMap::new();
    for path in collect_envelopes(paths).map_err(Error::Files)? {
        let shown = path.display().to_string();
        let opened = read_envelope(&path, &shown)?;
        let system = opened.system.clone();
        let round = round_of(&opened.statement, &shown)?;
        let key = (system.clone(), round);
        if held.contains(&key) {
            // An attestation of answers files the buyer holds: the portfolio's `attested`.
            continue;
        }
        let assessment = verified(model, config, &opened, &shown)?;
        if let Some(other) = counted.insert(key.clone(), shown.clone()) {
            return Err(two_attestations(&other, &shown, &key));
        }
        files.push(path);
        let record = FileRecord::of_assessment(&index, files.len() - 1, &system, &assessment)
            .ok_or_else(|| attestation_error(&shown, &system, "attests no assessment date"))?;
        records.push(record);
    }
    Ok((Catalog::group(records, skipped), files))
}

/// An envelope read, not yet verified.
struct Opened {
    envelope: super::Envelope,
    payload: Vec<u8>,
    statement: Statement,
    /// `assessment.system`, else the name of the envelope's folder.
    system: String,
}

/// Reads an envelope and its Statement (unverified): one that cannot be read is an error
/// naming it.
fn read_envelope(path: &Path, shown: &str) -> Result<Opened> {
    let bytes = crate::base::input::read_bytes(path, shown, MAX_ENVELOPE_BYTES).map_err(|p| {
        let mut problems = Problems::new();
        problems.list.push(p);
        Error::Files(problems)
    })?;
    let unreadable = |e: super::Unreadable| {
        Error::Usage(format!(
            "{}: {} (an attestation under `portfolio.paths`; aima uses only envelopes that verify)",
            terminal_line(shown),
            terminal_line(&e.to_string())
        ))
    };
    let (envelope, payload) = open(&bytes).map_err(unreadable)?;
    let statement = statement(&payload).map_err(unreadable)?;
    let system = statement
        .predicate
        .assessment
        .system
        .clone()
        .unwrap_or_else(|| folder_name(path));
    Ok(Opened {
        envelope,
        payload,
        statement,
        system,
    })
}

/// The round an attestation is of: `assessment.round`, else its date.
fn round_of(statement: &Statement, shown: &str) -> Result<String> {
    let m = &statement.predicate.assessment;
    m.round.clone().or_else(|| m.date.clone()).ok_or_else(|| {
        attestation_error(
            shown,
            m.system.as_deref().unwrap_or("-"),
            "attests no assessment date",
        )
    })
}

/// The attested assessment: its system has a `vendor_key`, the envelope verifies with it,
/// and it is of this model (else an error naming the envelope).
fn verified(model: &Model, config: Option<&Config>, opened: &Opened, shown: &str) -> Result<Assessment> {
    let system = opened.system.as_str();
    let Some(key) = vendor_key(Some(system), config)? else {
        return Err(unverifiable(shown, system));
    };
    check_signature(&opened.envelope, &opened.payload, &key)
        .map_err(|e| attestation_error(shown, system, &e.to_string()))?;
    let predicate = &opened.statement.predicate;
    let ours = model.key();
    if predicate.model != ours {
        let why = format!(
            "attests model `{}`, and this aima scores `{ours}`",
            terminal_line(&predicate.model)
        );
        return Err(attestation_error(shown, system, &why));
    }
    Ok(assessment_of(model, predicate))
}

/// The system's `vendor_key`, read (an error naming the key and the system when it cannot
/// be); `None` when aima.toml names none.
pub fn vendor_key(system: Option<&str>, config: Option<&Config>) -> Result<Option<VerifyingKey>> {
    let (Some(config), Some(id)) = (config, system) else {
        return Ok(None);
    };
    let Some(path) = config.system(id).and_then(|e| e.vendor_key.as_ref()) else {
        return Ok(None);
    };
    super::keys::read_public(path, &config.shown_path(path))
        .map(Some)
        .map_err(|e| {
            Error::Usage(format!(
                "{e} (the `vendor_key` of system `{}` in {})",
                terminal_line(id),
                terminal_line(&config.display)
            ))
        })
}

fn attestation_error(shown: &str, system: &str, why: &str) -> Error {
    Error::Usage(format!(
        "{}: {} (an attestation of system `{}`; aima uses only envelopes that verify)",
        terminal_line(shown),
        terminal_line(why),
        terminal_line(system)
    ))
}

fn two_attestations(first: &str, second: &str, (system, round): &(String, String)) -> Error {
    Error::Usage(format!(
        "{}: a second attestation of round `{}` of system `{}` (the first is {}): keep one",
        terminal_line(second),
        terminal_line(round),
        terminal_line(system),
        terminal_line(first)
    ))
}

fn unverifiable(shown: &str, system: &str) -> Error {
    Error::Usage(format!(
        "{}: cannot be verified: aima.toml names no `vendor_key` for system `{}`; add \
         `[systems.{}] vendor_key = \"VENDOR.pub.pem\"`, or keep the envelope out of `portfolio.paths` \
         (aima uses only envelopes that verify)",
        terminal_line(shown),
        terminal_line(system),
        terminal_line(system)
    ))
}
