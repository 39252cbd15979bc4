//! `aima keygen`, `aima attest`, `aima verify` (docs/attestation.md), checked against the
//! real `openssl` command: keys made by either are read by the other, and signatures made
//! by either verify with the other.

use std::path::Path;
use std::process::Command;

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;

use crate::common::{self, temp_files};

const ANSWERS: &str = "aima: 1
model: owasp-aima@1.0
assessment:
  organization: Vendor Inc
  date: 2026-11-01
  system: support-bot
targets:
  default: 1
answers:
  GV-PC-A-1: {answer: yes, evidence: [docs/policy.txt]}
  GV-PC-B-1: mostly
";

fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    common::run_at(dir, "1795132800", args)
}

fn openssl(dir: &Path, args: &[&str]) -> (String, String, bool) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::metadata(path).expect("meta").permissions().mode() & 0o777
}

#[cfg(unix)]
fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt as _;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).expect("chmod");
}

/// A project with an answers file and its evidence.
fn project() -> tempfile::TempDir {
    let dir = temp_files(&[("a.yaml", ANSWERS)]);
    std::fs::create_dir(dir.path().join("docs")).expect("mkdir");
    std::fs::write(dir.path().join("docs/policy.txt"), "policy\n").expect("write");
    dir
}

fn envelope(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("out.dsse.json")).expect("envelope"))
        .expect("JSON")
}

fn write_envelope(dir: &Path, name: &str, value: &serde_json::Value) {
    std::fs::write(dir.join(name), serde_json::to_string(value).expect("json")).expect("write");
}

#[test]
#[cfg(unix)]
fn keygen_writes_keys_openssl_reads_and_never_replaces() {
    let dir = tempfile::tempdir().expect("dir");
    let (out, err, code) = run(dir.path(), &["keygen", "-o", "vendor"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(mode(&dir.path().join("vendor.pem")), 0o600);
    let private = std::fs::read_to_string(dir.path().join("vendor.pem")).expect("key");
    assert!(private.starts_with("-----BEGIN PRIVATE KEY-----\n"));
    let body: String = private.lines().filter(|l| !l.starts_with("-----")).collect();
    assert!(
        !out.contains(&body) && !err.contains(&body),
        "the private key is never printed"
    );
    let (_, e, ok) = openssl(dir.path(), &["pkey", "-in", "vendor.pem", "-noout"]);
    assert!(ok, "{e}");
    // The public key openssl derives from aima's private key is aima's public key.
    let (derived, _, ok) = openssl(dir.path(), &["pkey", "-in", "vendor.pem", "-pubout"]);
    assert!(ok);
    assert_eq!(
        derived,
        std::fs::read_to_string(dir.path().join("vendor.pub.pem")).expect("pub")
    );
    // The key id is the SHA-256 of the public key's DER.
    let (_, _, ok) = openssl(
        dir.path(),
        &[
            "pkey",
            "-pubin",
            "-in",
            "vendor.pub.pem",
            "-outform",
            "DER",
            "-out",
            "pub.der",
        ],
    );
    assert!(ok);
    let der = std::fs::read(dir.path().join("pub.der")).expect("der");
    assert!(
        out.ends_with(&format!("key id {}\n", aima::evidence::hash::sha256_hex(&der))),
        "{out}"
    );
    let (_, err, code) = run(dir.path(), &["keygen", "-o", "vendor"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("vendor.pem exists: aima keygen never replaces a key"),
        "{err}"
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendor.pem")).expect("key"),
        private
    );
}

/// The Statement in `env`: subjects, predicate, and valid by `aima schema attestation`.
fn check_payload(d: &Path, env: &serde_json::Value) {
    let payload: serde_json::Value = serde_json::from_slice(
        &STANDARD
            .decode(env["payload"].as_str().expect("payload"))
            .expect("base64"),
    )
    .expect("JSON");
    assert_eq!(payload["_type"], "https://in-toto.io/Statement/v1");
    assert_eq!(payload["predicateType"], "urn:aima:predicate:assessment:v1");
    assert_eq!(
        payload["subject"],
        serde_json::json!([
            {"name": "a.yaml", "digest": {"sha256": aima::evidence::hash::sha256_hex(ANSWERS.as_bytes())}},
            {"name": "docs/policy.txt", "digest": {"sha256": aima::evidence::hash::sha256_hex(b"policy\n")}}
        ])
    );
    let p = &payload["predicate"];
    assert_eq!(
        (p["model"].clone(), p["assessment"]["system"].clone()),
        ("owasp-aima@1.0".into(), "support-bot".into())
    );
    assert_eq!(p["answers"]["GV-PC-A-1"], "yes");
    assert_eq!(p["score"]["overall"]["label"], "0+");
    assert_eq!(p["evidence"]["items"][0]["state"], "undated");
    assert_eq!(p["targets"]["default"], 1);
    // The statement is what `aima schema attestation` describes.
    let (schema, _, _) = run(d, &["schema", "attestation"]);
    let schema: serde_json::Value = serde_json::from_str(&schema).expect("schema");
    let validator = jsonschema::draft202012::new(&schema).expect("a valid schema");
    let errors: Vec<String> = validator.iter_errors(&payload).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "{errors:?}");
    let mut wrong = payload.clone();
    wrong["subject"][0]["digest"] = serde_json::json!({"md5": "x"});
    assert!(!validator.is_valid(&wrong));
}

/// Files changed after attesting, or never attested: invalid.
fn changed_files_are_caught(d: &Path) {
    // An evidence file or answers file changed after it was attested.
    std::fs::write(d.join("docs/policy.txt"), "policy v2\n").expect("write");
    let (out, _, code) = run(
        d,
        &[
            "verify",
            "out.dsse.json",
            "--key",
            "vendor.pub.pem",
            "a.yaml",
            "docs/policy.txt",
        ],
    );
    assert_eq!(code, 1);
    assert!(
        out.starts_with("invalid: out.dsse.json: docs/policy.txt has changed since it was attested"),
        "{out}"
    );
    std::fs::write(d.join("b.yaml"), "x").expect("write");
    let (out, _, code) = run(
        d,
        &["verify", "out.dsse.json", "--key", "vendor.pub.pem", "b.yaml"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("b.yaml is not among the attested files"), "{out}");
}

#[test]
#[cfg(unix)]
fn attest_then_verify_and_every_tampering_is_caught() {
    let dir = project();
    let d = dir.path();
    run(d, &["keygen", "-o", "vendor"]);
    run(d, &["keygen", "-o", "other"]);
    let (out, err, code) = run(
        d,
        &["attest", "a.yaml", "--key", "vendor.pem", "-o", "out.dsse.json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(
        out.starts_with("wrote out.dsse.json: 2 subjects (1 answers file), signed with key id "),
        "{out}"
    );
    let env = envelope(d);
    assert_eq!(env["payloadType"], "application/vnd.in-toto+json");
    check_payload(d, &env);

    let (out, err, code) = run(
        d,
        &[
            "verify",
            "out.dsse.json",
            "--key",
            "vendor.pub.pem",
            "a.yaml",
            "docs/policy.txt",
        ],
    );
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("valid: out.dsse.json is signed by key id "),
        "{out}"
    );
    assert!(
        out.contains("  system:       support-bot\n")
            && out.contains("  2 file(s) given match their attested digests\n"),
        "{out}"
    );

    tampering_is_caught(d, &env);
    changed_files_are_caught(d);
}

/// A wrong key, a changed payload and a changed signature each fail to verify (exit 1).
fn tampering_is_caught(d: &Path, env: &serde_json::Value) {
    let (out, _, code) = run(d, &["verify", "out.dsse.json", "--key", "other.pub.pem"]);
    assert_eq!(code, 1);
    assert!(
        out.starts_with("invalid: out.dsse.json: the signature does not verify with this key"),
        "{out}"
    );
    // A tampered payload (one answer changed, re-encoded).
    let mut tampered = env.clone();
    let text =
        String::from_utf8(STANDARD.decode(env["payload"].as_str().expect("p")).expect("b64")).expect("utf8");
    let changed = text.replacen("\"GV-PC-B-1\":\"mostly\"", "\"GV-PC-B-1\":\"yes\"", 1);
    assert_ne!(changed, text);
    tampered["payload"] = STANDARD.encode(changed).into();
    write_envelope(d, "t1.dsse.json", &tampered);
    let (out, _, code) = run(d, &["verify", "t1.dsse.json", "--key", "vendor.pub.pem"]);
    assert_eq!(
        (code, out.contains("the signature does not verify")),
        (1, true),
        "{out}"
    );
    // A tampered signature.
    let mut tampered = env.clone();
    let mut sig = STANDARD
        .decode(env["signatures"][0]["sig"].as_str().expect("sig"))
        .expect("b64");
    sig[10] ^= 1;
    tampered["signatures"][0]["sig"] = STANDARD.encode(sig).into();
    write_envelope(d, "t2.dsse.json", &tampered);
    let (_, _, code) = run(d, &["verify", "t2.dsse.json", "--key", "vendor.pub.pem"]);
    assert_eq!(code, 1);
}

#[test]
#[cfg(unix)]
fn openssl_keys_sign_for_aima_and_openssl_verifies_aimas_signature() {
    let dir = project();
    let d = dir.path();
    let (_, e, ok) = openssl(d, &["genpkey", "-algorithm", "ed25519", "-out", "ossl.pem"]);
    assert!(ok, "{e}");
    let (_, e, ok) = openssl(d, &["pkey", "-in", "ossl.pem", "-pubout", "-out", "ossl.pub.pem"]);
    assert!(ok, "{e}");
    chmod(&d.join("ossl.pem"), 0o600);
    let (_, err, code) = run(
        d,
        &["attest", "a.yaml", "--key", "ossl.pem", "-o", "out.dsse.json"],
    );
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = run(d, &["verify", "out.dsse.json", "--key", "ossl.pub.pem"]);
    assert_eq!(code, 0, "{out}{err}");
    // openssl checks aima's signature over DSSE's pre-authentication encoding.
    let env = envelope(d);
    let payload = STANDARD
        .decode(env["payload"].as_str().expect("payload"))
        .expect("b64");
    let mut pae = format!("DSSEv1 28 application/vnd.in-toto+json {} ", payload.len()).into_bytes();
    pae.extend_from_slice(&payload);
    std::fs::write(d.join("pae.bin"), &pae).expect("write");
    let sig = STANDARD
        .decode(env["signatures"][0]["sig"].as_str().expect("sig"))
        .expect("b64");
    std::fs::write(d.join("sig.bin"), &sig).expect("write");
    let verify = [
        "pkeyutl",
        "-verify",
        "-rawin",
        "-pubin",
        "-inkey",
        "ossl.pub.pem",
        "-in",
        "pae.bin",
        "-sigfile",
        "sig.bin",
    ];
    let (out, e, ok) = openssl(d, &verify);
    assert!(ok && out.contains("Signature Verified Successfully"), "{out}{e}");
    // ... and catches a changed payload.
    pae[40] ^= 1;
    std::fs::write(d.join("pae.bin"), &pae).expect("write");
    let (_, _, ok) = openssl(d, &verify);
    assert!(!ok);
    an_openssl_signed_non_statement_is_unreadable(d);
}

/// An envelope openssl signed verifies in aima; a signed payload that is no Statement is
/// unreadable (exit 2).
fn an_openssl_signed_non_statement_is_unreadable(d: &Path) {
    let body = br#"{"hello":"world"}"#;
    let mut pae = b"DSSEv1 28 application/vnd.in-toto+json 17 ".to_vec();
    pae.extend_from_slice(body);
    std::fs::write(d.join("pae2.bin"), &pae).expect("write");
    let (_, e, ok) = openssl(
        d,
        &[
            "pkeyutl", "-sign", "-rawin", "-inkey", "ossl.pem", "-in", "pae2.bin", "-out", "sig2.bin",
        ],
    );
    assert!(ok, "{e}");
    let sig = std::fs::read(d.join("sig2.bin")).expect("sig");
    let env = serde_json::json!({"payload": STANDARD.encode(body), "payloadType": "application/vnd.in-toto+json",
        "signatures": [{"keyid": "", "sig": STANDARD.encode(sig)}]});
    write_envelope(d, "other.dsse.json", &env);
    let (out, err, code) = run(d, &["verify", "other.dsse.json", "--key", "ossl.pub.pem"]);
    assert_eq!(code, 2, "{out}{err}");
    assert_eq!(
        err,
        "error: other.dsse.json: the payload is not an in-toto Statement v1: no /_type\n"
    );
}

#[test]
#[cfg(unix)]
fn bad_keys_and_envelopes_are_located_errors() {
    let dir = project();
    let d = dir.path();
    run(d, &["keygen", "-o", "vendor"]);
    chmod(&d.join("vendor.pem"), 0o644);
    let (out, err, code) = run(
        d,
        &["attest", "a.yaml", "--key", "vendor.pem", "-o", "out.dsse.json"],
    );
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(
        err,
        "error: vendor.pem: the private key file is readable by others (mode 644); make it private with `chmod 600 vendor.pem`\n"
    );
    assert!(!d.join("out.dsse.json").exists());
    chmod(&d.join("vendor.pem"), 0o600);
    let (_, e, ok) = openssl(
        d,
        &[
            "genpkey",
            "-algorithm",
            "rsa",
            "-pkeyopt",
            "rsa_keygen_bits:1024",
            "-out",
            "rsa.pem",
        ],
    );
    assert!(ok, "{e}");
    chmod(&d.join("rsa.pem"), 0o600);
    std::fs::write(
        d.join("broken.pem"),
        "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
    )
    .expect("w");
    chmod(&d.join("broken.pem"), 0o600);
    for (key, message) in [
        ("rsa.pem", "error: rsa.pem: not an Ed25519 key"),
        ("broken.pem", "error: broken.pem: a corrupted key"),
        (
            "vendor.pub.pem",
            "error: vendor.pub.pem: a public key; --key takes the private key",
        ),
        ("missing.pem", "error: missing.pem: "),
    ] {
        let (_, err, code) = run(d, &["attest", "a.yaml", "--key", key, "-o", "out.dsse.json"]);
        assert_eq!(code, 2, "{key}");
        assert!(err.starts_with(message), "{key}: {err}");
        assert!(!d.join("out.dsse.json").exists());
    }
    let (_, _, code) = run(
        d,
        &["attest", "a.yaml", "--key", "vendor.pem", "-o", "out.dsse.json"],
    );
    assert_eq!(code, 0);
    bad_envelopes_are_located_errors(d);
}

/// Envelopes that are not JSON, not DSSE, not base64 or of another type; a private key
/// given to verify.
fn bad_envelopes_are_located_errors(d: &Path) {
    for (text, message) in [
        ("{ nope", "error: e.dsse.json: not JSON: line 1, column 3"),
        ("{\"payload\": 1}", "error: e.dsse.json: not a DSSE envelope: "),
        (
            "{\"payload\": \"!!\", \"payloadType\": \"application/vnd.in-toto+json\", \"signatures\": [{\"sig\": \"\"}]}",
            "error: e.dsse.json: not a DSSE envelope: /payload is not base64",
        ),
        (
            "{\"payload\": \"\", \"payloadType\": \"text/plain\", \"signatures\": [{\"sig\": \"\"}]}",
            "error: e.dsse.json: not a DSSE envelope: /payloadType is `text/plain`",
        ),
    ] {
        std::fs::write(d.join("e.dsse.json"), text).expect("write");
        let (out, err, code) = run(d, &["verify", "e.dsse.json", "--key", "vendor.pub.pem"]);
        assert_eq!((out.as_str(), code), ("", 2), "{text}");
        assert!(err.starts_with(message), "{text}: {err}");
    }
    let (_, err, code) = run(d, &["verify", "out.dsse.json", "--key", "vendor.pem"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: vendor.pem: a private key where the public key is wanted"),
        "{err}"
    );
}

/// `portfolio --format json` in `d`: each system's `attested` (absent: not a vendor system).
fn attested(d: &Path) -> (i32, String, Vec<(String, serde_json::Value)>) {
    let (out, err, code) = run(d, &["portfolio", "a.yaml", "--format", "json"]);
    let systems = match serde_json::from_str::<serde_json::Value>(&out) {
        Ok(doc) => doc["systems"]
            .as_array()
            .expect("systems")
            .iter()
            .map(|s| {
                (
                    s["system"].as_str().unwrap_or("").to_string(),
                    s["attested"].clone(),
                )
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    (code, err, systems)
}

#[test]
#[cfg(unix)]
fn the_portfolio_marks_a_vendor_system_attested_and_refuses_an_envelope_that_does_not_verify() {
    let dir = project();
    let d = dir.path();
    run(d, &["keygen", "-o", "vendor"]);
    run(d, &["keygen", "-o", "other"]);
    // No vendor_key: not a vendor system, no `attested` key.
    assert_eq!(
        attested(d).2,
        [("support-bot".to_string(), serde_json::Value::Null)]
    );
    std::fs::write(
        d.join("aima.toml"),
        "[systems.support-bot]\nvendor = \"Bot Ltd\"\nvendor_key = \"vendor.pub.pem\"\n",
    )
    .expect("write");
    // A vendor system with no envelope is not attested.
    assert_eq!(
        attested(d).2,
        [("support-bot".to_string(), serde_json::json!(false))]
    );
    let (_, err, code) = run(
        d,
        &["attest", "a.yaml", "--key", "vendor.pem", "-o", "a.dsse.json"],
    );
    assert_eq!(code, 0, "{err}");
    let (code, _, systems) = attested(d);
    assert_eq!(
        (code, systems),
        (0, vec![("support-bot".to_string(), serde_json::json!(true))])
    );
    let (table, _, _) = run(d, &["portfolio", "a.yaml", "--width", "200"]);
    assert!(table.contains("support-bot (attested)"), "{table}");
    let (out, _, _) = run(d, &["portfolio", "a.yaml", "--format", "json"]);
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let keyid = doc["systems"][0]["attested_keyid"].as_str().expect("the key id");
    assert_eq!(keyid.len(), 64);
    let (verified, _, _) = run(d, &["verify", "a.dsse.json", "--key", "vendor.pub.pem"]);
    assert!(
        verified.contains(keyid),
        "verify names the same key id: {verified}"
    );
    // The answers changed after signing: the envelope verifies but no longer attests them.
    let text = std::fs::read_to_string(d.join("a.yaml")).expect("read");
    std::fs::write(d.join("a.yaml"), format!("{text}# edited after signing\n")).expect("write");
    assert_eq!(
        attested(d).2,
        [("support-bot".to_string(), serde_json::json!(false))]
    );
    // An envelope signed with another key is an error naming it, never used.
    run(
        d,
        &["attest", "a.yaml", "--key", "other.pem", "-o", "b.dsse.json"],
    );
    let (code, err, _) = attested(d);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: b.dsse.json: ") && err.contains("an attestation of system `support-bot`"),
        "{err}"
    );
}

#[test]
#[cfg(unix)]
fn attest_and_evidence_take_a_system_found_under_the_portfolio_paths() {
    let dir = project();
    let d = dir.path();
    std::fs::write(d.join("aima.toml"), "[portfolio]\npaths = [\".\"]\n").expect("write");
    run(d, &["keygen", "-o", "vendor"]);
    let (out, err, code) = run(
        d,
        &[
            "attest",
            "--system",
            "support-bot",
            "--key",
            "vendor.pem",
            "-o",
            "s.dsse.json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2 subjects (1 answers file)"), "{out}");
    let (out, err, code) = run(d, &["evidence", "--system", "support-bot", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(doc["items"][0]["ref"], "docs/policy.txt");
    let (out, err, code) = run(d, &["policy", "input", "--system", "support-bot"]);
    assert_eq!(code, 0, "{err}");
    let input: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(input["assessment"]["system"], "support-bot");
    let (_, err, code) = run(d, &["evidence", "--system", "nobody"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: --system nobody: "), "{err}");
}

const VENDOR_ROUND: &str = "aima: 1
model: owasp-aima@1.0
assessment:
  organization: Vendor Inc
  date: 2026-11-01
  round: 2026-H2
  system: support-bot
  status: final
  sign_off:
    - {by: Ann Lee, role: approver, date: 2026-11-02}
targets:
  default: 1
answers:
  GV-PC-A-1: yes
  GV-PC-A-2: yes
  GV-PC-B-1: mostly
";

/// A buyer's tree (aima.toml naming the vendor's key, one own system) holding the vendor's
/// envelope of `VENDOR_ROUND` and no answers file of it: `(dir, the vendor's score JSON)`.
fn buyer_with_envelope_only() -> (tempfile::TempDir, serde_json::Value) {
    let dir = temp_files(&[
        ("vendor/a.yaml", VENDOR_ROUND),
        (
            "buyer/assessments/own/o.yaml",
            ANSWERS.replace("support-bot", "own").as_str(),
        ),
        (
            "buyer/aima.toml",
            "[portfolio]\npaths = [\"assessments\"]\n\n[systems.support-bot]\nvendor = \"Bot Ltd\"\nvendor_key = \"vendor.pub.pem\"\n",
        ),
    ]);
    let vendor = dir.path().join("vendor");
    run(&vendor, &["keygen", "-o", "vendor"]);
    let out = "../buyer/assessments/bot/support-bot-2026-H2.dsse.json";
    std::fs::create_dir_all(dir.path().join("buyer/assessments/bot")).expect("mkdir");
    let (_, err, code) = run(&vendor, &["attest", "a.yaml", "--key", "vendor.pem", "-o", out]);
    assert_eq!(code, 0, "{err}");
    std::fs::copy(
        vendor.join("vendor.pub.pem"),
        dir.path().join("buyer/vendor.pub.pem"),
    )
    .expect("copy");
    let (score, _, _) = run(&vendor, &["score", "a.yaml", "--format", "json"]);
    (dir, serde_json::from_str(&score).expect("score JSON"))
}

/// `verify`, the table (wide and at 80 columns) and the CSV of the buyer's tree.
fn other_views_of_the_attested_system(buyer: &Path) {
    let (verified, _, code) = run(
        buyer,
        &[
            "verify",
            "assessments/bot/support-bot-2026-H2.dsse.json",
            "--key",
            "vendor.pub.pem",
        ],
    );
    assert_eq!(code, 0);
    assert!(
        verified.contains(
            "  round:        2026-H2\n  status:       final\n  sign-off:     Ann Lee (approver), 2026-11-02\n"
        ),
        "{verified}"
    );
    let (table, _, _) = run(buyer, &["portfolio", "--width", "200"]);
    let row = table
        .lines()
        .find(|l| l.contains("support-bot"))
        .unwrap_or_default();
    assert!(
        row.contains("support-bot (attested)") && row.contains("┆ final "),
        "{table}"
    );
    let (html, _, _) = run(buyer, &["portfolio", "--format", "html"]);
    assert!(
        html.contains("<td>support-bot (attested)"),
        "the HTML page marks it too"
    );
    let (csv, _, _) = run(buyer, &["portfolio", "--format", "csv"]);
    let row = csv
        .lines()
        .find(|l| l.starts_with("support-bot,"))
        .unwrap_or_default();
    assert!(row.ends_with(",2026-H2,final,,true"), "{csv}");
    let (narrow, _, _) = run(buyer, &["portfolio", "--width", "80"]);
    assert!(
        !narrow.contains("Status"),
        "the status needs 90 columns: {narrow}"
    );
}

#[test]
#[cfg(unix)]
fn a_vendor_envelope_alone_counts_as_that_systems_assessment() {
    let (dir, score) = buyer_with_envelope_only();
    let buyer = dir.path().join("buyer");
    let (out, err, code) = run(&buyer, &["portfolio", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let bot = &doc["systems"][1];
    assert_eq!(
        (&bot["system"], &bot["round"], &bot["status"], &bot["attested"]),
        (
            &serde_json::json!("support-bot"),
            &serde_json::json!("2026-H2"),
            &serde_json::json!("final"),
            &serde_json::json!(true)
        )
    );
    assert_eq!(
        bot["files"],
        serde_json::json!(["assessments/bot/support-bot-2026-H2.dsse.json"])
    );
    assert_eq!(bot["sign_off"][0]["by"], "Ann Lee");
    assert_eq!(bot["overall"]["score"], score["overall"]["score"]);
    assert_eq!(bot["overall"]["label"], score["overall"]["label"]);
    assert_eq!(bot["attested_keyid"].as_str().map(str::len), Some(64));
    other_views_of_the_attested_system(&buyer);
    let (trend, err, code) = run(&buyer, &["trend", "--system", "support-bot", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let trend: serde_json::Value = serde_json::from_str(&trend).expect("json");
    assert_eq!(trend["assessments"].as_array().map(Vec::len), Some(1), "{trend}");
}

#[test]
#[cfg(unix)]
fn a_vendor_envelope_that_does_not_verify_or_has_no_key_is_an_error() {
    let (dir, _) = buyer_with_envelope_only();
    let buyer = dir.path().join("buyer");
    let name = "assessments/bot/support-bot-2026-H2.dsse.json";
    // Without `vendor_key`: it cannot be verified, so it is an error naming it.
    let toml = buyer.join("aima.toml");
    std::fs::write(&toml, "[portfolio]\npaths = [\"assessments\"]\n").expect("write");
    let (out, err, code) = run(&buyer, &["portfolio", "--format", "json"]);
    assert_eq!((out.as_str(), code), ("", 2), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: {name}: cannot be verified: aima.toml names no `vendor_key` for system `support-bot`; add"
        )),
        "{err}"
    );
    // Signed by another key: an error naming the envelope; nothing is shown.
    std::fs::write(
        &toml,
        "[portfolio]\npaths = [\"assessments\"]\n\n[systems.support-bot]\nvendor_key = \"other.pub.pem\"\n",
    )
    .expect("write");
    run(&buyer, &["keygen", "-o", "other"]);
    let (out, err, code) = run(&buyer, &["portfolio"]);
    assert_eq!((out.as_str(), code), ("", 2), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: {name}: the signature does not verify with this key"
        )) && err.contains("(an attestation of system `support-bot`; aima uses only envelopes that verify)"),
        "{err}"
    );
    // `validate` of the tree refuses it too (what portfolio would refuse, validate does).
    let (_, err, code) = run(&buyer, &["validate"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains(&format!("error: {name}: the signature does not verify")),
        "{err}"
    );
    // Not an envelope at all: an error naming it, whatever the keys.
    std::fs::write(buyer.join(name), "{ nope").expect("write");
    let (_, err, code) = run(&buyer, &["portfolio"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with(&format!("error: {name}: not JSON: line 1, column 3")),
        "{err}"
    );
}

/// The Markdown portfolio keeps the mark beside a system's name.
#[test]
#[cfg(unix)]
fn the_markdown_portfolio_marks_an_attested_system_with_a_name() {
    let (dir, _) = buyer_with_envelope_only();
    let buyer = dir.path().join("buyer");
    let toml = std::fs::read_to_string(buyer.join("aima.toml")).expect("read");
    std::fs::write(
        buyer.join("aima.toml"),
        toml.replace(
            "vendor = \"Bot Ltd\"",
            "vendor = \"Bot Ltd\"\nname = \"Support bot\"",
        ),
    )
    .expect("write");
    let (md, err, code) = run(&buyer, &["portfolio", "--format", "markdown"]);
    assert_eq!(code, 0, "{err}");
    assert!(md.contains("| support-bot (Support bot) (attested) |"), "{md}");
}

/// Two envelopes of one round of one system: an error naming both, nothing shown.
#[test]
#[cfg(unix)]
fn two_vendor_envelopes_of_one_round_are_an_error() {
    let (dir, _) = buyer_with_envelope_only();
    let buyer = dir.path().join("buyer");
    let first = "assessments/bot/support-bot-2026-H2.dsse.json";
    std::fs::copy(buyer.join(first), buyer.join("assessments/bot/again.dsse.json")).expect("copy");
    let (out, err, code) = run(&buyer, &["portfolio"]);
    assert_eq!((out.as_str(), code), ("", 2), "{err}");
    assert!(
        err.starts_with(&format!(
            "error: {}: a second attestation of round `2026-H2` of system `support-bot` (the first is assessments/bot/again.dsse.json): keep one",
            first
        )),
        "{err}"
    );
}

/// `check --all` gates a system held only as a vendor's envelope, on its signed answers.
#[test]
#[cfg(unix)]
fn check_all_gates_a_system_held_only_as_an_envelope() {
    let (dir, _) = buyer_with_envelope_only();
    let buyer = dir.path().join("buyer");
    // `score --system` reads answers files: it says where the round is instead.
    let (_, err, code) = run(&buyer, &["score", "--system", "support-bot"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --system support-bot: round `2026-H2` is held only as a vendor's attestation, assessments/bot/support-bot-2026-H2.dsse.json: `aima verify`"),
        "{err}"
    );
    let (out, err, code) = run(&buyer, &["check", "--all"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains("failed: support-bot 2026-H2: 24 practices below target"),
        "{err}"
    );
    assert!(
        out.contains("support-bot 2026-H2:\nfailed: 24 practices are below target, 0 meet it.\n"),
        "{out}"
    );
    let policies = common::repo_file("examples/policies");
    let (_, err, _) = run(
        &buyer,
        &["check", "--all", "--policy", policies.to_str().expect("utf-8")],
    );
    assert!(
        err.contains("system `support-bot`: note: gated from the vendor's attestation assessments/bot/support-bot-2026-H2.dsse.json on its targets only"),
        "{err}"
    );
}
