//! `aima schema NAME`: every schema is committed as schema/NAME.schema.json and kept in
//! sync (regenerate with AIMA_BLESS=1), and every key the commands' JSON output emits is
//! declared in its schema.

use crate::common;

use common::{bless, captured, older_model, repo_file};
use serde_json::Value;

const MAY: &str = "examples/acme-support-bot-2026-05.yaml";
const NOVEMBER: &str = "examples/acme-support-bot-2026-11.yaml";

/// The schemas this build has.
const BUILT: [&str; 13] = [
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

fn schema(name: &str) -> Value {
    let (stdout, stderr, code) = captured(&["schema", name]);
    assert_eq!((code, stderr.as_str()), (0, ""), "aima schema {name}");
    serde_json::from_str(&stdout).expect("schema is JSON")
}

#[test]
fn the_committed_schemas_match_the_binary() {
    for name in BUILT {
        let (expected, _, code) = captured(&["schema", name]);
        assert_eq!(code, 0, "aima schema {name}");
        let path = repo_file(&format!("schema/{name}.schema.json"));
        if bless() {
            std::fs::write(&path, &expected).expect("write schema");
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == expected,
            "{} is stale: regenerate with AIMA_BLESS=1 cargo test --test schemas",
            path.display()
        );
    }
}

#[test]
fn without_a_name_the_answers_schema_is_printed() {
    assert_eq!(captured(&["schema"]), captured(&["schema", "answers"]));
}

#[test]
fn unknown_and_unbuilt_names_are_usage_errors() {
    let (stdout, stderr, code) = captured(&["schema", "scores"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert_eq!(
        stderr,
        "error: unknown schema `scores`: expected one of answers, score, check, diff, model, validate, portfolio, trend, crosswalk, profiles, evidence, attestation, policy-input\n"
    );
}

#[test]
fn portfolio_and_trend_output_keys_are_declared() {
    assert_declared(
        "portfolio",
        &["portfolio", "examples/portfolio/assessments", "--format", "json"],
    );
    assert_declared(
        "trend",
        &[
            "trend",
            "examples/portfolio/assessments",
            "--system",
            "fraud-model",
            "--format",
            "json",
        ],
    );
}

/// The schemas `schema` stands for: itself, or the branches of `$ref`, `allOf`, `anyOf`
/// and `oneOf`, recursively.
fn alternatives<'s>(root: &'s Value, schema: &'s Value, out: &mut Vec<&'s Value>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let pointer = reference.trim_start_matches('#');
        let target = root
            .pointer(pointer)
            .unwrap_or_else(|| panic!("dangling {reference}"));
        alternatives(root, target, out);
    }
    for key in ["allOf", "anyOf", "oneOf"] {
        for branch in schema.get(key).and_then(Value::as_array).into_iter().flatten() {
            alternatives(root, branch, out);
        }
    }
    out.push(schema);
}

/// Checks that every key of `value` is declared by one of `schemas`; returns the
/// undeclared keys as JSON pointers.
fn undeclared(root: &Value, schemas: &[&Value], value: &Value, at: &str, found: &mut Vec<String>) {
    let mut all = Vec::new();
    for s in schemas {
        alternatives(root, s, &mut all);
    }
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let mut declared: Vec<&Value> =
                    all.iter().filter_map(|s| s.get("properties")?.get(key)).collect();
                if declared.is_empty() {
                    // A map keyed by id: its values' schema.
                    declared = all
                        .iter()
                        .filter_map(|s| s.get("additionalProperties"))
                        .filter(|v| v.is_object())
                        .collect();
                }
                if declared.is_empty() {
                    found.push(format!("{at}/{key}"));
                } else {
                    undeclared(root, &declared, item, &format!("{at}/{key}"), found);
                }
            }
        }
        Value::Array(items) => {
            let declared: Vec<&Value> = all.iter().filter_map(|s| s.get("items")).collect();
            for (i, item) in items.iter().enumerate() {
                if declared.is_empty() {
                    found.push(format!("{at}/{i} (no items schema)"));
                } else {
                    undeclared(root, &declared, item, &format!("{at}/{i}"), found);
                }
            }
        }
        _ => {}
    }
}

fn assert_declared(name: &str, args: &[&str]) {
    let (stdout, stderr, code) = captured(args);
    assert!(!stdout.is_empty(), "{args:?}: {code} {stderr}");
    let output: Value = serde_json::from_str(&stdout).expect("JSON output");
    let root = schema(name);
    let mut found = Vec::new();
    undeclared(&root, &[&root], &output, "", &mut found);
    assert!(
        found.is_empty(),
        "{args:?}: keys not in schema/{name}.schema.json: {found:?}"
    );
}

#[test]
fn the_walk_finds_keys_the_schema_does_not_declare() {
    let root = schema("score");
    let output = serde_json::json!({
        "model": "x",
        "overall": { "level": 1, "levels": 2 },
        "domains": [ { "id": "GV", "practices": [ { "streams": [ { "id": "A", "extra": 0 } ] } ] } ],
        "bogus": true
    });
    let mut found = Vec::new();
    undeclared(&root, &[&root], &output, "", &mut found);
    assert_eq!(
        found,
        [
            "/overall/levels",
            "/domains/0/practices/0/streams/0/extra",
            "/bogus"
        ]
    );
}

#[test]
fn score_and_check_output_keys_are_declared() {
    for file in [MAY, NOVEMBER] {
        assert_declared("score", &["score", file, "--target", "2", "-f", "json"]);
        assert_declared("check", &["check", file, "--target", "3", "-f", "json"]);
    }
}

#[test]
fn policy_input_keys_are_declared() {
    let dir = tempfile::tempdir().expect("temp dir");
    let config = dir.path().join("aima.toml");
    std::fs::write(
        &config,
        "[systems.support-bot]\nvendor = \"Acme\"\ntags = [\"llm\"]\neu_ai_act = { role = \"deployer\", risk = \"high-risk\" }\n",
    )
    .expect("write aima.toml");
    let answers = dir.path().join("a.yaml");
    let text = std::fs::read_to_string(repo_file(NOVEMBER)).expect("example");
    std::fs::write(
        &answers,
        text.replacen(
            "  date: 2026-11-20\n",
            "  date: 2026-11-20\n  system: support-bot\n  status: final\n  sign_off:\n    - {by: A. Lee, role: approver, date: 2026-11-21, note: ok}\n",
            1,
        ),
    )
    .expect("write answers");
    // An envelope beside the answers (unreadable, so every key of one is still present).
    std::fs::write(dir.path().join("a.dsse.json"), "{}").expect("write envelope");
    let (config, answers) = (config.to_str().expect("utf-8"), answers.to_str().expect("utf-8"));
    assert_declared(
        "policy-input",
        &[
            "--config",
            config,
            "policy",
            "input",
            answers,
            "--framework",
            "iso-42001",
        ],
    );
    let check = [
        "--config",
        config,
        "check",
        answers,
        "--policy",
        "examples/policies",
        "-f",
        "json",
    ];
    assert_declared("check", &check);
}

#[test]
fn model_output_keys_are_declared_at_every_depth() {
    for code in [
        None,
        Some("GV"),
        Some("GV-PC"),
        Some("GV-PC-B"),
        Some("GV-PC-B-2"),
    ] {
        let mut args = vec!["model", "-f", "json"];
        args.extend(code);
        assert_declared("model", &args);
    }
}

#[test]
fn validate_output_keys_are_declared() {
    assert_declared(
        "validate",
        &[
            "validate",
            MAY,
            "worksheets/GV.yaml",
            "examples/broken/team-gv.yaml",
            "-f",
            "json",
        ],
    );
}

#[test]
fn validate_of_a_model_directory_is_json_too() {
    let args = ["--model", "domains", "validate", "-f", "json"];
    assert_declared("validate", &args);
    let (stdout, _, code) = captured(&args);
    let output: Value = serde_json::from_str(&stdout).expect("JSON");
    assert_eq!(code, 0);
    assert_eq!(
        output,
        serde_json::json!({
            "valid": true, "model": "owasp-aima@1.0", "directory": "domains",
            "domains": 8, "practices": 24, "questions": 144
        })
    );
}

#[test]
fn diff_output_keys_are_declared_across_model_versions() {
    assert_declared("diff", &["diff", MAY, NOVEMBER, "--target", "2", "-f", "json"]);
    // An older model: a practice and its questions only on one side.
    let dir = tempfile::tempdir().expect("temp dir");
    let old_model = older_model(dir.path());
    let old_file = dir.path().join("old.yaml");
    let text = std::fs::read_to_string(repo_file(MAY)).expect("read");
    let text = text.replace("model: owasp-aima@1.0", "model: owasp-aima@0.9");
    std::fs::write(&old_file, text.replace("DM-DT", "DM-DX")).expect("write");
    let (old_model, old_file) = (
        old_model.to_str().expect("utf-8"),
        old_file.to_str().expect("utf-8"),
    );
    let args = ["diff", "--old-model", old_model, old_file, NOVEMBER, "-f", "json"];
    let (stdout, _, _) = captured(&args);
    assert!(
        stdout.contains("\"DM-DX\""),
        "the old practice is listed as removed"
    );
    assert_declared("diff", &args);
}

#[test]
fn crosswalk_output_keys_are_declared_for_every_shape() {
    assert_declared("crosswalk", &["crosswalk", "-f", "json"]);
    assert_declared("crosswalk", &["crosswalk", "eu-ai-act", "-f", "json"]);
    assert_declared(
        "crosswalk",
        &["crosswalk", "iso-42001", "--by", "practice", "-f", "json"],
    );
    assert_declared("crosswalk", &["crosswalk", "nist-ai-rmf", NOVEMBER, "-f", "json"]);
}

#[test]
fn profiles_output_keys_are_declared() {
    assert_declared("profiles", &["profiles", "-f", "json"]);
    assert_declared("profiles", &["profiles", "llm-chatbot", "-f", "json"]);
}
