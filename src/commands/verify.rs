//! `aima verify OUT.dsse.json --key PUB.pem [FILE...]`: checks an attestation's signature
//! and, with FILEs, their digests; prints what was attested. Exit 0 valid, 1 invalid
//! (tampered, wrong key, digest mismatch), 2 unreadable (docs/attestation.md).

use std::fmt::Write as _;

use super::Outcome;
use crate::attest::{self, Invalid, Statement, keys};
use crate::base::error::{Error, ExitStatus, Result};
use crate::base::sanitize::terminal_line;
use crate::cli::VerifyArgs;

/// Largest envelope read (an attestation of a full assessment is well under 1 MiB).
const MAX_ENVELOPE_BYTES: u64 = 8 * 1024 * 1024;

pub fn run(args: &VerifyArgs) -> Result<Outcome> {
    let shown = args.envelope.display().to_string();
    let bytes = crate::base::input::read_bytes(&args.envelope, &shown, MAX_ENVELOPE_BYTES)
        .map_err(|p| Error::Usage(p.to_string()))?;
    let unreadable = |e: attest::Unreadable| Error::Usage(format!("{}: {e}", terminal_line(&shown)));
    let (envelope, payload) = attest::open(&bytes).map_err(unreadable)?;
    let key = keys::read_public(&args.key, &args.key.display().to_string())
        .map_err(|e| Error::Usage(e.to_string()))?;
    if let Err(invalid) = attest::check_signature(&envelope, &payload, &key) {
        return Ok(invalid_outcome(&shown, &invalid));
    }
    let statement = attest::statement(&payload).map_err(unreadable)?;
    for file in &args.files {
        let name = file.display().to_string();
        let sha = crate::evidence::hash::sha256_file(file)
            .map_err(|e| Error::io(format!("cannot read {}", terminal_line(&name)), e))?;
        if let Err(invalid) = attest::check_subject(&statement, &name, &sha) {
            return Ok(invalid_outcome(&shown, &invalid));
        }
    }
    Ok(Outcome::output(summary(
        &shown,
        &statement,
        &envelope.signatures[0].keyid,
        args.files.len(),
    )))
}

fn invalid_outcome(shown: &str, invalid: &Invalid) -> Outcome {
    Outcome {
        stdout: format!("invalid: {}: {invalid}\n", terminal_line(shown)),
        stderr: Vec::new(),
        code: ExitStatus::GateFailed,
    }
}

/// The round, status and sign-offs attested (docs/record.md), a line each.
fn record_lines(m: &crate::attest::AttestedMetadata) -> String {
    let mut out = String::new();
    if let Some(round) = &m.round {
        let _ = writeln!(out, "  round:        {}", terminal_line(round));
    }
    if let Some(status) = &m.status {
        let _ = writeln!(out, "  status:       {}", terminal_line(status));
    }
    for s in &m.sign_off {
        let _ = writeln!(
            out,
            "  sign-off:     {} ({}), {}",
            terminal_line(&s.by),
            terminal_line(&s.role),
            terminal_line(&s.date)
        );
    }
    out
}

/// What was attested, for people.
fn summary(shown: &str, s: &Statement, keyid: &str, checked: usize) -> String {
    let p = &s.predicate;
    let m = &p.assessment;
    let mut out = format!("valid: {} is signed by key id {keyid}\n", terminal_line(shown));
    let field = |v: &Option<String>| {
        v.as_deref()
            .map_or("-".to_string(), |t| terminal_line(t).into_owned())
    };
    let _ = writeln!(out, "  system:       {}", field(&m.system));
    let _ = writeln!(out, "  organization: {}", field(&m.organization));
    let _ = writeln!(out, "  date:         {}", field(&m.date));
    out.push_str(&record_lines(m));
    let _ = writeln!(out, "  model:        {}", terminal_line(&p.model));
    let overall = &p.score["overall"];
    let _ = writeln!(
        out,
        "  overall:      {} ({})",
        overall["label"].as_str().unwrap_or("?"),
        overall["score"]
            .as_f64()
            .map_or("-".to_string(), |s| format!("{s:.2}"))
    );
    let counts: Vec<String> = p
        .evidence
        .counts()
        .iter()
        .map(|(st, n)| format!("{n} {st}"))
        .collect();
    let _ = writeln!(
        out,
        "  evidence:     {}",
        if counts.is_empty() {
            "none".to_string()
        } else {
            counts.join(", ")
        }
    );
    let _ = writeln!(
        out,
        "  attested on {} by aima {}",
        terminal_line(&p.attested_on),
        terminal_line(&p.aima_version)
    );
    let _ = writeln!(out, "  subjects:");
    for subject in &s.subject {
        let _ = writeln!(
            out,
            "    {}  {}",
            subject.digest.sha256,
            terminal_line(&subject.name)
        );
    }
    if checked > 0 {
        let _ = writeln!(out, "  {checked} file(s) given match their attested digests");
    }
    out
}
