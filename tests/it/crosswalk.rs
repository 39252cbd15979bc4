//! `aima crosswalk`, `report --framework` and `check --framework` from the built binary:
//! every clause id of the frameworks is present, statuses follow from `score` by the rule
//! of docs/crosswalk.md on many answer sets, loader errors are located, JSON keys, and
//! snapshots of the table and Markdown output.

use crate::common;

use std::collections::BTreeMap;

use insta_cmd::assert_cmd_snapshot;
use serde_json::Value;

use common::{aima, captured, temp_files};

const FIRST: &str = "examples/acme-support-bot-2026-05.yaml";
const SECOND: &str = "examples/acme-support-bot-2026-11.yaml";
const DISCLAIMER: &str = "This crosswalk is an indication for planning, not a legal or certification opinion: \
     it does not check applicability beyond the role and risk class given, and a practice's level is not proof \
     that the organisation-wide practice was applied to this system.";

const EU_AI_ACT: [&str; 27] = [
    "Art. 4", "Art. 5", "Art. 6", "Art. 8", "Art. 9", "Art. 10", "Art. 11", "Art. 12", "Art. 13", "Art. 14",
    "Art. 15", "Art. 16", "Art. 17", "Art. 18", "Art. 19", "Art. 20", "Art. 25", "Art. 26", "Art. 27",
    "Art. 43", "Art. 49", "Art. 50", "Art. 53", "Art. 55", "Art. 72", "Art. 73", "Art. 86",
];

const ISO_42001: [&str; 38] = [
    "A.2.2", "A.2.3", "A.2.4", "A.3.2", "A.3.3", "A.4.2", "A.4.3", "A.4.4", "A.4.5", "A.4.6", "A.5.2",
    "A.5.3", "A.5.4", "A.5.5", "A.6.1.2", "A.6.1.3", "A.6.2.2", "A.6.2.3", "A.6.2.4", "A.6.2.5", "A.6.2.6",
    "A.6.2.7", "A.6.2.8", "A.7.2", "A.7.3", "A.7.4", "A.7.5", "A.7.6", "A.8.2", "A.8.3", "A.8.4", "A.8.5",
    "A.9.2", "A.9.3", "A.9.4", "A.10.2", "A.10.3", "A.10.4",
];

const SAMM: [&str; 15] = [
    "G-SM", "G-PC", "G-EG", "D-TA", "D-SR", "D-SA", "I-SB", "I-SD", "I-DM", "V-AA", "V-RT", "V-ST", "O-IM",
    "O-EM", "O-OM",
];

/// NIST AI RMF 1.0 subcategories: (function, [subcategory count per category]).
const NIST: [(&str, &[usize]); 4] = [
    ("GOVERN", &[7, 3, 2, 3, 2, 2]),
    ("MAP", &[6, 3, 5, 2, 2]),
    ("MEASURE", &[3, 13, 3, 3]),
    ("MANAGE", &[4, 4, 2, 3]),
];

fn nist_ids() -> Vec<String> {
    let mut ids = Vec::new();
    for (function, categories) in NIST {
        for (c, count) in categories.iter().enumerate() {
            for s in 1..=*count {
                ids.push(format!("{function} {}.{s}", c + 1));
            }
        }
    }
    ids
}

fn json(args: &[&str]) -> Value {
    let (out, err, code) = captured(args);
    assert_eq!(code, 0, "aima {args:?} failed: {err}");
    serde_json::from_str(&out).expect("JSON output")
}

fn clause_ids(framework: &str) -> Vec<String> {
    let v = json(&["crosswalk", framework, "--format", "json"]);
    v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn every_clause_id_of_the_frameworks_is_present() {
    let nist = nist_ids();
    assert_eq!(nist.len(), 72);
    assert_eq!(clause_ids("nist-ai-rmf"), nist);
    assert_eq!(clause_ids("iso-42001"), ISO_42001);
    assert_eq!(clause_ids("eu-ai-act"), EU_AI_ACT);
    assert_eq!(clause_ids("owasp-samm"), SAMM);
    let llm: Vec<String> = (1..=10).map(|i| format!("LLM{i:02}:2025")).collect();
    assert_eq!(clause_ids("owasp-llm-top10"), llm);
}

#[test]
fn the_list_gives_counts_per_framework() {
    let v = json(&["crosswalk", "--format", "json"]);
    let rows: Vec<(String, u64, u64)> = v["frameworks"]
        .as_array()
        .expect("frameworks")
        .iter()
        .map(|f| {
            let keys = keys_of(f);
            assert_eq!(keys[..5], ["id", "name", "version", "clauses", "links"]);
            (
                f["id"].as_str().expect("id").to_string(),
                f["clauses"].as_u64().expect("clauses"),
                f["links"].as_u64().expect("links"),
            )
        })
        .collect();
    let ids: Vec<&str> = rows.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [
            "eu-ai-act",
            "iso-42001",
            "nist-ai-rmf",
            "owasp-llm-top10",
            "owasp-samm"
        ]
    );
    let clauses: Vec<u64> = rows.iter().map(|(_, c, _)| *c).collect();
    assert_eq!(clauses, [27, 38, 72, 10, 15]);
    assert_eq!(v["notice"], DISCLAIMER);
}

/// The keys of a JSON object, in order.
fn keys_of(v: &serde_json::Value) -> Vec<&str> {
    v.as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect()
}

/// The links of a framework: clause id → (title, primary practices).
fn links(framework: &str) -> Vec<(String, Vec<String>)> {
    let v = json(&["crosswalk", framework, "--format", "json"]);
    assert_eq!(v["framework"], framework);
    v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| {
            let keys = keys_of(c);
            assert_eq!(keys[..3], ["id", "title", "links"]);
            let primary = c["links"]
                .as_array()
                .expect("links")
                .iter()
                .filter(|l| {
                    let keys = keys_of(l);
                    assert_eq!(keys, ["practice", "strength", "rationale"]);
                    assert!(!l["rationale"].as_str().expect("rationale").is_empty());
                    l["strength"] == "primary"
                })
                .map(|l| l["practice"].as_str().expect("practice").to_string())
                .collect();
            (c["id"].as_str().expect("id").to_string(), primary)
        })
        .collect()
}

/// The status of every clause computed here from `aima score` by the rule, independently
/// of the engine (no applicability: no aima.toml gives the system's role). A link names a
/// practice, a stream (by its level) or a question (by its answer, from `aima export --to
/// csv`); the bar is the target, else 2, and never less than 2.
fn expected(framework: &str, score: &Value, answers: &BTreeMap<String, String>) -> Vec<(String, String)> {
    let practices: BTreeMap<String, &Value> = score["domains"]
        .as_array()
        .expect("domains")
        .iter()
        .flat_map(|d| d["practices"].as_array().expect("practices"))
        .map(|p| (p["id"].as_str().expect("id").to_string(), p))
        .collect();
    links(framework)
        .into_iter()
        .map(|(id, primary)| {
            // (met, unanswered) of what each applicable primary link names.
            let named: Vec<(bool, bool)> = primary
                .iter()
                .filter_map(|code| {
                    let p = practices[&code[..5]];
                    if code.len() > 7 {
                        return match answers[code].as_str() {
                            "na" => None,
                            "" => Some((false, true)),
                            word => Some((word == "yes", false)),
                        };
                    }
                    let bar = p["target"].as_u64().unwrap_or(2).max(2);
                    let unit = if code.len() == 5 {
                        p
                    } else {
                        let streams = p["streams"].as_array().expect("streams");
                        streams.iter().find(|s| s["id"] == code.as_str()).expect("stream")
                    };
                    let label = unit["label"].as_str().expect("label");
                    if label == "n/a" {
                        return None;
                    }
                    let level: u64 = label[..1].parse().expect("level");
                    Some((level >= bar, unit["unanswered"].as_u64() != Some(0)))
                })
                .collect();
            let meets = |(met, _): &(bool, bool)| *met;
            let status = if named.is_empty() {
                "not covered"
            } else if named.iter().any(|(_, unanswered)| *unanswered) {
                "unassessed"
            } else if named.iter().all(meets) {
                "at target"
            } else if named.iter().any(meets) {
                "partial"
            } else {
                "below target"
            };
            (id, status.to_string())
        })
        .collect()
}

fn statuses(framework: &str, file: &str, extra: &[&str]) -> Vec<(String, String)> {
    let mut args = vec!["crosswalk", framework, file, "--format", "json"];
    args.extend(extra);
    let v = json(&args);
    assert_eq!(v["framework"], framework);
    assert!(v["version"].is_string());
    assert_eq!(v["notice"], DISCLAIMER);
    v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| {
            let keys = keys_of(c);
            assert_eq!(keys[..4], ["id", "title", "status", "practices"]);
            for p in c["practices"].as_array().expect("practices") {
                let keys = keys_of(p);
                assert_eq!(keys[..4], ["id", "label", "target", "gap"]);
            }
            (
                c["id"].as_str().expect("id").to_string(),
                c["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

/// A deterministic answers file: each question's word from a simple generator, with `na`
/// (and a reason) and unanswered entries among them.
fn generated(seed: u64, words: &[&str]) -> String {
    let mut state = seed;
    let model = json(&["model", "--format", "json"]);
    let mut out = String::from("aima: 1\nmodel: owasp-aima@1.0\nanswers:\n");
    for d in model["domains"].as_array().expect("domains") {
        for p in d["practices"].as_array().expect("practices") {
            for s in p["streams"].as_array().expect("streams") {
                for q in s["questions"].as_array().expect("questions") {
                    state = state
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    let word = words[(state >> 33) as usize % words.len()];
                    let id = q["id"].as_str().expect("id");
                    match word {
                        "na" => out.push_str(&format!("  {id}: {{answer: na, reason: \"not used\"}}\n")),
                        word => out.push_str(&format!("  {id}: {word}\n")),
                    }
                }
            }
        }
    }
    out
}

/// Question id → answer word ("" when unanswered), from `aima export --to csv`.
fn answers_of(path: &str) -> BTreeMap<String, String> {
    let (out, err, code) = captured(&["export", path, "--to", "csv", "-o", "-"]);
    assert_eq!(code, 0, "{err}");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.expect("a CSV record");
            (r[0].to_string(), r[6].to_string())
        })
        .collect()
}

#[test]
fn statuses_follow_from_score_on_many_answer_sets() {
    let mut files: Vec<(String, String)> = vec![
        ("all-yes.yaml".into(), generated(1, &["yes"])),
        ("empty.yaml".into(), "aima: 1\nmodel: owasp-aima@1.0\n".into()),
        (
            "mostly-yes.yaml".into(),
            generated(7, &["yes", "yes", "yes", "yes", "no", "na"]),
        ),
        (
            "mixed.yaml".into(),
            generated(42, &["yes", "yes", "mostly", "no", "na", "~"]),
        ),
        ("sparse.yaml".into(), generated(99, &["yes", "~", "na"])),
    ];
    files.push(("half.yaml".into(), generated(5, &["yes", "yes", "no"])));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let dir = temp_files(&borrowed);
    let mut paths: Vec<String> = files
        .iter()
        .map(|(n, _)| dir.path().join(n).display().to_string())
        .collect();
    paths.extend([FIRST.to_string(), SECOND.to_string()]);
    let mut seen = std::collections::BTreeSet::new();
    for framework in [
        "eu-ai-act",
        "iso-42001",
        "nist-ai-rmf",
        "owasp-llm-top10",
        "owasp-samm",
    ] {
        for path in &paths {
            for extra in [&[][..], &["--target", "1"][..], &["--target", "3"][..]] {
                let mut score_args = vec!["score", path.as_str(), "--format", "json"];
                score_args.extend(extra);
                let score = json(&score_args);
                let got = statuses(framework, path, extra);
                let want = expected(framework, &score, &answers_of(path));
                assert_eq!(got, want, "{framework} {path} {extra:?}");
                seen.extend(got.into_iter().map(|(_, s)| s));
            }
        }
    }
    let kinds: Vec<&str> = seen.iter().map(String::as_str).collect();
    assert_eq!(
        kinds,
        [
            "at target",
            "below target",
            "not covered",
            "partial",
            "unassessed"
        ]
    );
}

#[test]
fn chosen_clauses_have_exact_statuses() {
    let get = |statuses: &[(String, String)], id: &str| {
        statuses
            .iter()
            .find(|(c, _)| c == id)
            .map(|(_, s)| s.clone())
            .expect("clause")
    };
    // The November example: its own targets (default 2, GV-PC 3, DE-TA 3).
    let eu = statuses("eu-ai-act", SECOND, &[]);
    assert_eq!(get(&eu, "Art. 4"), "at target"); // GV-EG 1+, but its stream A (training) at 2
    assert_eq!(get(&eu, "Art. 9"), "partial"); // RA-EV 2 >= 2, DE-TA 2 < 3
    assert_eq!(get(&eu, "Art. 13"), "at target"); // RA-TE 2 >= 2
    assert_eq!(get(&eu, "Art. 5"), "not covered");
    assert_eq!(get(&eu, "Art. 49"), "not covered");
    let iso = statuses("iso-42001", SECOND, &[]);
    assert_eq!(get(&iso, "A.7.4"), "below target"); // DM-QI 1+ < 2
    assert_eq!(get(&iso, "A.6.2.6"), "below target"); // OP-OM and OP-EM below 2
    // One question of RA-TE unanswered: unassessed although the practice is at level 2.
    let dir = temp_files(&[(
        "ra-te.yaml",
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  RA-TE-A-1: yes\n  RA-TE-B-1: yes\n  \
         RA-TE-A-2: yes\n  RA-TE-B-2: yes\n  RA-TE-A-3: yes\n",
    )]);
    let file = dir.path().join("ra-te.yaml").display().to_string();
    let eu = statuses("eu-ai-act", &file, &[]);
    assert_eq!(get(&eu, "Art. 13"), "unassessed");
    assert_eq!(get(&eu, "Art. 4"), "unassessed");
}

#[test]
fn by_practice_lists_every_practice_with_its_clauses() {
    let v = json(&["crosswalk", "owasp-samm", "--by", "practice", "--format", "json"]);
    let practices = v["practices"].as_array().expect("practices");
    assert_eq!(practices.len(), 24);
    let op_em = practices.iter().find(|p| p["id"] == "OP-EM").expect("OP-EM");
    assert_eq!(op_em["links"][0]["clause"], "O-EM");
    assert_eq!(op_em["links"][0]["strength"], "supporting");
    let ra_ev = practices.iter().find(|p| p["id"] == "RA-EV").expect("RA-EV");
    assert_eq!(ra_ev["links"], serde_json::json!([]));
}

#[test]
fn the_eu_ai_act_carries_dates_and_the_amendment_in_force() {
    let v = json(&[
        "crosswalk",
        "eu-ai-act",
        "--format",
        "json",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(v["amendment"]["name"], "Digital Omnibus on AI");
    assert_eq!(v["amendment"]["status"], "in force");
    assert_eq!(v["amendment"]["in_force"], "2026-07-27");
    assert_eq!(v["amendment"]["applies"], true);
    assert_eq!(v["as_of"], "2026-12-01");
    assert!(!v.to_string().contains("UNVERIFIED"));
    assert_art9_amended(&v["clauses"][4]);
    assert_art4_and_art5(&v);
    // Before the amendment was in force, the published dates applied.
    let before = json(&[
        "crosswalk",
        "eu-ai-act",
        "--format",
        "json",
        "--as-of",
        "2026-07-01",
    ]);
    assert_eq!(before["amendment"]["applies"], false);
    assert_eq!(
        before["clauses"][4]["application"]["applies"][0]["date"],
        "2026-08-02"
    );
    assert_eq!(before["clauses"][4]["application"]["source"], "as published");
    assert_eq!(
        before["clauses"][4]["application"]["original"][0]["date"],
        "2027-12-02"
    );
}

#[test]
fn tables_and_markdown_match_their_snapshots() {
    assert_cmd_snapshot!("crosswalk_list", aima().args(["crosswalk", "--width", "120"]));
    assert_cmd_snapshot!(
        "crosswalk_samm_clauses",
        aima().args(["crosswalk", "owasp-samm", "--width", "110"])
    );
    assert_cmd_snapshot!(
        "crosswalk_samm_by_practice_markdown",
        aima().args([
            "crosswalk",
            "owasp-samm",
            "--by",
            "practice",
            "--format",
            "markdown"
        ])
    );
    assert_cmd_snapshot!(
        "crosswalk_eu_coverage_table",
        aima().args([
            "crosswalk",
            "eu-ai-act",
            SECOND,
            "--width",
            "120",
            "--as-of",
            "2026-12-01"
        ])
    );
    assert_cmd_snapshot!(
        "crosswalk_iso_coverage_markdown",
        aima().args(["crosswalk", "iso-42001", FIRST, "--format", "markdown"])
    );
    let (_dir, file, toml) = system_with("role = \"deployer\", risk = \"high-risk\", annex = \"III-5(b)\"");
    let (out, err, code) = captured(&[
        "--config",
        &toml,
        "crosswalk",
        "eu-ai-act",
        &file,
        "--width",
        "100",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    insta::assert_snapshot!("crosswalk_eu_deployer_table", out);
    let (out, _, _) = captured(&[
        "--config",
        &toml,
        "crosswalk",
        "eu-ai-act",
        &file,
        "-f",
        "markdown",
        "--as-of",
        "2026-12-01",
    ]);
    insta::assert_snapshot!("crosswalk_eu_deployer_markdown", out);
}

#[test]
fn report_adds_a_section_per_framework() {
    let (out, err, code) = captured(&[
        "report",
        SECOND,
        "--framework",
        "eu-ai-act,owasp-samm",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    let start = out
        .find("\n## Crosswalk: EU Artificial Intelligence Act")
        .expect("EU section");
    let samm = out
        .find("\n## Crosswalk: OWASP Software Assurance")
        .expect("SAMM section");
    assert!(samm > start);
    insta::assert_snapshot!("crosswalk_report_section", &out[start..samm]);
    assert!(out[samm..].contains(DISCLAIMER));
    let (plain, _, _) = captured(&["report", SECOND]);
    assert!(!plain.contains("## Crosswalk"));
    assert_eq!(&out[..start], plain);
}

#[test]
fn check_gates_only_the_primary_practices_of_the_framework() {
    // All yes except IM-DM (no primary link of the EU AI Act) at level 0: passes for the EU
    // AI Act, fails for SAMM (I-DM → IM-DM is primary).
    let mut text = generated(1, &["yes"]);
    text = text.replace("IM-DM-A-1: yes", "IM-DM-A-1: no");
    let dir = temp_files(&[("a.yaml", &text)]);
    let file = dir.path().join("a.yaml").display().to_string();
    let (out, err, code) = captured(&["check", &file, "--framework", "eu-ai-act"]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        out.starts_with("passed: all 13 practices with a target meet it."),
        "{out}"
    );
    assert!(
        err.contains(
            "gating only the 13 practices named by the primary links of eu-ai-act in clauses that apply"
        ),
        "{err}"
    );
    assert!(err.contains(DISCLAIMER));
    let (out, _, code) = captured(&["check", &file, "--framework", "owasp-samm", "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["passed"], false);
    let gaps: Vec<&str> = v["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["id"].as_str().expect("id"))
        .collect();
    assert_eq!(gaps, ["IM-DM"]);
    assert_eq!(v["gaps"][0]["actions"], serde_json::json!(["IM-DM-A-1"]));
    // The example's own targets apply to the gated practices: DE-TA is at 2, its target 3.
    // GV-EG (1+) is gated only through its stream A (Art. 4), which is at level 2; OP-IM only
    // through its level-3 question B-3 (Art. 73), which is not met; VE-RT is primary for Art. 15.
    let (out, _, code) = captured(&["check", SECOND, "--framework", "eu-ai-act", "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).expect("json");
    let gaps: Vec<&str> = v["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .map(|g| g["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        gaps,
        [
            "RA-FB", "DM-QI", "DM-DT", "DE-TA", "DE-SA", "VE-ST", "VE-RT", "OP-IM", "OP-EM"
        ]
    );
}

#[test]
fn unknown_frameworks_and_misplaced_options_are_usage_errors() {
    let (out, err, code) = captured(&["crosswalk", "soc-2"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(
        err,
        "error: unknown framework `soc-2`; the frameworks are eu-ai-act, iso-42001, nist-ai-rmf, owasp-llm-top10, \
         owasp-samm\n"
    );
    let (_, err, code) = captured(&["crosswalk", SECOND]);
    assert_eq!(code, 2);
    assert!(
        err.contains("name the framework before the answers files"),
        "{err}"
    );
    let (_, err, code) = captured(&["report", SECOND, "--framework", "iso-27001"]);
    assert_eq!(code, 2);
    assert!(err.starts_with("error: unknown framework `iso-27001`"), "{err}");
    let (_, _, code) = captured(&["crosswalk", "eu-ai-act", SECOND, "--by", "practice"]);
    assert_eq!(code, 2);
    let (_, _, code) = captured(&["crosswalk", "eu-ai-act", "--target", "2"]);
    assert_eq!(code, 2);
}

const OWN: &str = r#"id: acme-ai-policy
name: Acme AI policy
version: "2026-01"
source: Acme internal AI policy, January 2026
license: Internal
attribution: Acme Corp
clauses:
  - id: POL-1
    title: Users are told when they deal with an AI system
    links:
      - practice: PR-UC
        strength: primary
        rationale: User transparency mechanisms tell users about AI use
  - id: POL-2
    title: Staff complete AI security training yearly
links:
  - clause: POL-2
    practice: GV-EG
    strength: primary
    rationale: Role-based AI security training
"#;

#[test]
fn crosswalks_dir_adds_and_replaces_frameworks() {
    let replaced = "id: owasp-samm\nname: SAMM (ours)\nversion: \"2.1\"\nsource: s\nlicense: l\nattribution: a\nclauses:\n  - id: G-SM\n    title: Strategy\n";
    let dir = temp_files(&[("acme.yaml", OWN), ("samm.yml", replaced)]);
    let d = dir.path().display().to_string();
    let v = json(&["--crosswalks", &d, "crosswalk", "--format", "json"]);
    let ids: Vec<&str> = v["frameworks"]
        .as_array()
        .expect("list")
        .iter()
        .map(|f| f["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        ids,
        [
            "acme-ai-policy",
            "eu-ai-act",
            "iso-42001",
            "nist-ai-rmf",
            "owasp-llm-top10",
            "owasp-samm"
        ]
    );
    assert_eq!(v["frameworks"][5]["version"], "2.1");
    assert_eq!(v["frameworks"][5]["clauses"], 1);
    let own = json(&[
        "crosswalk",
        "acme-ai-policy",
        "--crosswalks",
        &d,
        "--format",
        "json",
    ]);
    assert_eq!(own["clauses"][1]["links"][0]["practice"], "GV-EG");
    let got = statuses("acme-ai-policy", SECOND, &["--crosswalks", &d]);
    let want = [("POL-1", "at target"), ("POL-2", "below target")];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(got, want);
}

#[test]
fn loader_errors_are_located() {
    let bad = r#"id: bad
name: Bad
version: "1"
source: s
license: l
attribution: a
clauses:
  - id: C-1
    title: One
    links:
      - practice: GV-XX
        strength: primary
        rationale: r
      - practice: GV-PC
        strength: strong
        rationale: r
      - practice: GV-EG
        strength: supporting
  - id: C-1
    title: Again
links:
  - clause: C-9
    practice: GV-SM
    strength: primary
    rationale: r
"#;
    let dir = temp_files(&[("bad.yaml", bad)]);
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--crosswalks", &d, "crosswalk"]);
    assert_eq!((out.as_str(), code), ("", 2));
    let f = format!("{d}/bad.yaml");
    let want = [
        format!("error: {f}:11:19: unknown practice `GV-XX` in a link; did you mean `GV-SM`?"),
        format!("error: {f}:15:19: `strength` must be `primary` or `supporting`, not `strong`"),
        format!("error: {f}:17:9: a link of clause `C-1` is missing `rationale`"),
        format!("error: {f}:19:9: duplicate clause `C-1` (first at line 8, column 9)"),
        format!("error: {f}:22:13: unknown clause `C-9` in a link; did you mean `C-1`?"),
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), want);
    // The same problems stop report --framework and check --framework too, before any output.
    let (out, _, code) = captured(&["--crosswalks", &d, "report", SECOND, "--framework", "eu-ai-act"]);
    assert_eq!((out.as_str(), code), ("", 2));
    let (out, _, code) = captured(&["--crosswalks", &d, "check", SECOND, "--framework", "eu-ai-act"]);
    assert_eq!((out.as_str(), code), ("", 2));
    // Without --framework, report and check do not read crosswalks.
    let (_, _, code) = captured(&["--crosswalks", &d, "check", SECOND]);
    assert_eq!(code, 1);
}

#[test]
fn applies_and_stream_or_question_links_are_checked() {
    let bad = r#"id: bad
name: Bad
version: "1"
source: s
license: l
attribution: a
clauses:
  - id: C-1
    title: One
    applies: {roles: [user], risk: high-risk, tier: [x]}
    links:
      - practice: GV-EG-A-1
        strength: primary
        rationale: a level-1 question is no evidence
      - practice: GV-EG-C
        strength: primary
        rationale: no stream C
      - practice: GV-EG-A-3
        strength: primary
        rationale: fine
      - practice: GV-EG-B
        strength: supporting
        rationale: fine
"#;
    let dir = temp_files(&[("bad.yaml", bad)]);
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--crosswalks", &d, "crosswalk"]);
    assert_eq!((out.as_str(), code), ("", 2));
    let f = format!("{d}/bad.yaml");
    let want = [
        format!(
            "error: {f}:10:23: `roles` of `applies` of clause `C-1` takes `provider`, `deployer`, `importer` or \
             `distributor`, not `user`"
        ),
        format!("error: {f}:10:36: `risk` of `applies` of clause `C-1` must be a list, not `high-risk`"),
        format!(
            "error: {f}:10:47: unknown key `tier` in `applies` of clause `C-1`; expected `roles`, `risk` or `gpai`"
        ),
        format!(
            "error: {f}:12:19: a link may name a question of level 2 or 3, not the level-1 question `GV-EG-A-1` \
             (level 1 is informal practice, not evidence); name its stream or practice"
        ),
        format!("error: {f}:15:19: unknown practice `GV-EG-C` in a link; did you mean `GV-EG`?"),
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_duplicate_framework_id_and_a_missing_dir_are_errors() {
    let dir = temp_files(&[("a.yaml", OWN), ("b.yaml", OWN)]);
    let d = dir.path().display().to_string();
    let (_, err, code) = captured(&["--crosswalks", &d, "crosswalk"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        format!("error: {d}/b.yaml:1:5: framework `acme-ai-policy` is also defined in {d}/a.yaml\n")
    );
    let (_, err, code) = captured(&["--crosswalks", "no/such/dir", "crosswalk"]);
    assert_eq!(code, 2);
    assert_eq!(err, "error: no/such/dir: no such crosswalks directory\n");
}

#[test]
fn text_from_crosswalk_files_cannot_reach_the_terminal_or_break_markdown() {
    // Control, bidirectional and invisible characters are refused where they are written
    // (docs/security.md); what is left of markup is escaped by the renderers.
    let hostile = "id: x\nname: \"\\e[31mred\"\nversion: \"1\"\nsource: s\nlicense: l\nattribution: a\n\
                   clauses:\n  - id: \"C\\u202e1\"\n    title: \"a|b <script>\\e]0;x\\a\"\n";
    let dir = temp_files(&[("x.yaml", hostile)]);
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--crosswalks", &d, "crosswalk", "x"]);
    assert_eq!((code, out.as_str()), (2, ""));
    assert_eq!(err.lines().count(), 3, "{err}");
    assert!(!err.contains('\u{1b}') && !err.contains('\u{202e}') && !err.contains('\u{7}'));
    let markup = "id: x\nname: red\nversion: \"1\"\nsource: s\nlicense: l\nattribution: a\n\
                  clauses:\n  - id: C1\n    title: \"a|b <script>\"\n";
    let dir = temp_files(&[("x.yaml", markup)]);
    let d = dir.path().display().to_string();
    let (out, _, _) = captured(&["--crosswalks", &d, "crosswalk", "x", "--format", "markdown"]);
    assert!(out.contains("a&#124;b &lt;script&gt;"), "{out}");
}

#[test]
fn the_example_framework_of_the_docs_loads_and_gives_statuses() {
    let doc = std::fs::read_to_string(common::repo_file("docs/crosswalk.md")).expect("docs");
    let start = doc.find("```yaml\n").expect("a YAML example") + "```yaml\n".len();
    let end = start + doc[start..].find("```").expect("its end");
    let dir = temp_files(&[("soc-2.yaml", &doc[start..end])]);
    let d = dir.path().display().to_string();
    let got = statuses("soc-2", SECOND, &["--crosswalks", &d]);
    let want = [
        ("CC3.2", "below target"),
        ("CC7.2", "below target"),
        ("CC8.1", "at target"),
    ];
    let want: Vec<(String, String)> = want.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
    assert_eq!(got, want);
}

/// The README tour text for the crosswalk shows real output (as tests/readme.rs checks the
/// README): each ```console block starting with `$ aima` is run; `...` ends a prefix.
#[test]
fn header_keys_dates_and_the_amendment_are_checked() {
    let bad = r#"id: Bad_Id
name: Bad
version: 2
source: s
licence: l
attribution: a
amendment:
  name: n
  reference: r
  status: s
  in_force: 2026-7-27
  verified: maybe
clauses:
  - id: C-1
    title: One
    dates:
      - date: 2026-02-30x
        scope: everyone
    links:
      - practice: GV-PC
        strength: primary
        rationale: r
        rationle: typo
"#;
    let dir = temp_files(&[("bad.yaml", bad)]);
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--crosswalks", &d, "crosswalk"]);
    assert_eq!((out.as_str(), code), ("", 2));
    let f = format!("{d}/bad.yaml");
    let want = [
        format!("error: {f}:1:1: the crosswalk is missing `license`"),
        format!(
            "error: {f}:1:5: framework id `Bad_Id` may hold only lower-case letters, digits and `-` (e.g. `soc-2`)"
        ),
        format!("error: {f}:3:10: `version` must be text: quote it, as in `version: \"2023\"`"),
        format!("error: {f}:5:1: unknown key `licence` in the crosswalk; did you mean `license`?"),
        format!("error: {f}:8:3: `amendment` is missing `source`"),
        format!(
            "error: {f}:10:11: `status` of `amendment` must be `in force`, `adopted` or `proposed`, not `s`"
        ),
        format!("error: {f}:11:13: `in_force` must be a date YYYY-MM-DD, not `2026-7-27`"),
        format!("error: {f}:12:13: `verified` of `amendment` must be true or false, not `maybe`"),
        format!("error: {f}:17:15: `date` must be a date YYYY-MM-DD, not `2026-02-30x`"),
        format!(
            "error: {f}:23:9: unknown key `rationle` in a link of clause `C-1`; did you mean `rationale`?"
        ),
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), want);
}

#[test]
fn frameworks_listed_for_the_system_in_aima_toml_go_into_report_and_check() {
    // All yes but IM-DM-A-1 (IM-DM is no primary link of the EU AI Act).
    let text = generated(1, &["yes"])
        .replace("IM-DM-A-1: yes", "IM-DM-A-1: no")
        .replace("answers:\n", "assessment:\n  system: bot\nanswers:\n");
    let config = "[systems.bot]\nframeworks = [\"eu-ai-act\"]\n";
    let dir = temp_files(&[("a.yaml", &text), ("aima.toml", config)]);
    let file = dir.path().join("a.yaml").display().to_string();
    let toml = dir.path().join("aima.toml").display().to_string();
    let (out, _, code) = captured(&["--config", &toml, "report", &file]);
    assert_eq!(code, 0);
    assert!(
        out.contains("\n## Crosswalk: EU Artificial Intelligence Act 2024/1689"),
        "{out}"
    );
    // No target anywhere: the EU AI Act's primary practices are gated at level 2, and pass.
    let (out, err, code) = captured(&["--config", &toml, "check", &file]);
    assert_eq!(code, 0, "{out}{err}");
    assert!(
        err.contains(
            "gating only the 13 practices with a target, and those named by the primary links of eu-ai-act"
        ),
        "{err}"
    );
    // With a default target the other practices are gated too: IM-DM at level 0 fails.
    let with_target = text.replace("answers:\n", "targets:\n  default: 1\nanswers:\n");
    std::fs::write(dir.path().join("a.yaml"), with_target).expect("write");
    let (out, _, code) = captured(&["--config", &toml, "check", &file, "--format", "json"]);
    assert_eq!(code, 1, "{out}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let gaps: Vec<&str> = v["gaps"]
        .as_array()
        .expect("gaps")
        .iter()
        .filter_map(|g| g["id"].as_str())
        .collect();
    assert_eq!(gaps, ["IM-DM"]);
    // Without the system in the file, aima.toml has nothing to add: no section.
    let (out, _, _) = captured(&[
        "--config",
        &toml,
        "report",
        &common::repo_file("examples/acme-support-bot-2026-11.yaml")
            .display()
            .to_string(),
    ]);
    assert!(!out.contains("## Crosswalk:"));
}

#[test]
fn a_crosswalks_folder_with_too_many_files_is_refused_before_reading_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..1001 {
        std::fs::write(dir.path().join(format!("f{i:04}.yaml")), "id: x\n").expect("write");
    }
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--crosswalks", &d, "crosswalk"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(err, format!("error: {d}: holds more than 1000 framework files\n"));
}

#[test]
fn coverage_takes_targets_from_every_source_like_check() {
    // All yes but GV-EG-A-2: GV-EG and its stream A (training, which Art. 4 AI literacy rests
    // on) are at level 1, below the level-2 floor whatever the target.
    let text = generated(1, &["yes"])
        .replace("GV-EG-A-2: yes", "GV-EG-A-2: no")
        .replace("answers:\n", "assessment:\n  system: bot\nanswers:\n");
    let dir = temp_files(&[
        ("a.yaml", &text),
        ("three.toml", "[systems.bot]\ntargets = { GV-EG = 3 }\n"),
        ("one.toml", "[systems.bot]\ntargets = { GV-EG = 1 }\n"),
    ]);
    let file = dir.path().join("a.yaml").display().to_string();
    let art4 = |args: &[&str]| {
        let v = json(args);
        let clauses = v["clauses"].as_array().expect("clauses").clone();
        let c = clauses.into_iter().find(|c| c["id"] == "Art. 4").expect("Art. 4");
        (
            c["status"].as_str().unwrap_or("").to_string(),
            c["practices"][0]["target"].clone(),
            c["actions"].clone(),
        )
    };
    let below = |target: u8, actions: &[&str]| {
        (
            "below target".to_string(),
            serde_json::json!(target),
            serde_json::json!(actions),
        )
    };
    let plain = ["crosswalk", "eu-ai-act", &file, "-f", "json"];
    assert_eq!(art4(&plain), below(2, &["GV-EG-A-2"]));
    // The system's target in aima.toml applies, as in score and check.
    let toml = dir.path().join("three.toml").display().to_string();
    let mut with_config = vec!["--config", &toml];
    with_config.extend(plain);
    assert_eq!(art4(&with_config), below(3, &["GV-EG-A-2"]));
    // A level-1 target (aima.toml, a profile, --target) never yields `at target`: the bar is 2.
    let one = dir.path().join("one.toml").display().to_string();
    let mut with_one = vec!["--config", &one];
    with_one.extend(plain);
    assert_eq!(art4(&with_one), below(2, &["GV-EG-A-2"]));
    let mut with_profile = plain.to_vec();
    with_profile.extend(["--profile", "baseline"]);
    assert_eq!(art4(&with_profile), below(2, &["GV-EG-A-2"]));
    let mut with_target = plain.to_vec();
    with_target.extend(["--target", "1"]);
    assert_eq!(art4(&with_target), below(2, &["GV-EG-A-2"]));
    // --target is checked like everywhere else.
    let (_, err, code) = captured(&["crosswalk", "eu-ai-act", &file, "--target", "2.5"]);
    assert_eq!(code, 2);
    assert!(err.contains("a target is a whole AIMA level"), "{err}");
}

/// The November example as system `bot`, with `eu_ai_act = { ACT }` in an aima.toml beside
/// it: (the folder, the answers file, the aima.toml).
fn system_with(act: &str) -> (tempfile::TempDir, String, String) {
    let text = std::fs::read_to_string(common::repo_file(SECOND))
        .expect("example")
        .replace("  date: 2026-11-20\n", "  date: 2026-11-20\n  system: bot\n");
    let config = if act.is_empty() {
        "[systems.bot]\nname = \"Bot\"\n".to_string()
    } else {
        format!("[systems.bot]\neu_ai_act = {{ {act} }}\n")
    };
    let dir = temp_files(&[("a.yaml", &text), ("aima.toml", &config)]);
    let file = dir.path().join("a.yaml").display().to_string();
    let toml = dir.path().join("aima.toml").display().to_string();
    (dir, file, toml)
}

/// Coverage JSON of the EU AI Act for a system with `eu_ai_act = { ACT }`.
fn eu_for(act: &str) -> Value {
    let (_dir, file, toml) = system_with(act);
    json(&["--config", &toml, "crosswalk", "eu-ai-act", &file, "-f", "json"])
}

/// The clauses of a coverage JSON with `status` (or, with `!status`, with any other).
fn with_status(v: &Value, status: &str) -> Vec<String> {
    let (negate, status) = match status.strip_prefix('!') {
        Some(s) => (true, s),
        None => (false, status),
    };
    v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| (c["status"] == status) != negate)
        .map(|c| c["id"].as_str().expect("id").to_string())
        .collect()
}

#[test]
fn the_limited_risk_chatbot_never_shows_art_27_or_the_gpai_articles_as_applicable() {
    for role in ["provider", "deployer"] {
        let v = eu_for(&format!("role = \"{role}\", risk = \"limited\""));
        let out = with_status(&v, "does not apply");
        for art in ["Art. 13", "Art. 27", "Art. 53", "Art. 55", "Art. 73", "Art. 86"] {
            assert!(out.contains(&art.to_string()), "{role}: {art} applies: {out:?}");
        }
        let applying = with_status(&v, "!does not apply");
        let want: &[&str] = if role == "provider" {
            &["Art. 4", "Art. 5", "Art. 6", "Art. 50"]
        } else {
            &["Art. 4", "Art. 5", "Art. 50"]
        };
        assert_eq!(applying, want, "{role}");
        let art27 = v["clauses"]
            .as_array()
            .expect("clauses")
            .iter()
            .find(|c| c["id"] == "Art. 27")
            .expect("Art. 27");
        let reason = if role == "provider" {
            "applies to deployers; this system's role is provider"
        } else {
            "applies to high-risk systems; this system is limited"
        };
        assert_eq!(art27["reason"], reason);
        assert_eq!(art27["practices"], serde_json::json!([]));
        assert_eq!(v["eu_ai_act"]["risk"], "limited");
        assert_eq!(v["summary"]["does not apply"], 27 - want.len());
    }
    // A GPAI provider of a limited-risk system sees Art. 53, and Art. 55 only when systemic.
    let v = eu_for("role = \"provider\", risk = \"limited\", gpai = \"gpai\"");
    assert!(!with_status(&v, "!does not apply").contains(&"Art. 55".to_string()));
    assert!(with_status(&v, "!does not apply").contains(&"Art. 53".to_string()));
    let v = eu_for("role = \"provider\", risk = \"minimal\", gpai = \"systemic\"");
    let applying = with_status(&v, "!does not apply");
    assert_eq!(applying, ["Art. 4", "Art. 5", "Art. 6", "Art. 53", "Art. 55"]);
}

#[test]
fn a_deployer_of_a_high_risk_system_sees_art_26_and_27_and_not_art_16() {
    let v = eu_for("role = \"deployer\", risk = \"high-risk\", annex = \"III-5(b)\"");
    let applying = with_status(&v, "!does not apply");
    assert_eq!(
        applying,
        [
            "Art. 4", "Art. 5", "Art. 25", "Art. 26", "Art. 27", "Art. 49", "Art. 50", "Art. 86"
        ]
    );
    let out = with_status(&v, "does not apply");
    assert!(out.contains(&"Art. 16".to_string()) && out.contains(&"Art. 9".to_string()));
    let art16 = v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .find(|c| c["id"] == "Art. 16")
        .expect("Art. 16");
    assert_eq!(
        art16["reason"],
        "applies to providers; this system's role is deployer"
    );
    // check --framework gates only what the applying clauses name: RA-EV (Art. 27), GV-EG
    // stream A (Art. 4) and RA-TE (Art. 86), not DE-TA (Art. 9, providers) nor PR-UC (only a
    // supporting link of Art. 50).
    let (_dir, file, toml) = system_with("role = \"deployer\", risk = \"high-risk\"");
    let (out, err, code) = captured(&[
        "--config",
        &toml,
        "check",
        &file,
        "--framework",
        "eu-ai-act",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0, "{out}{err}");
    let v: Value = serde_json::from_str(&out).expect("json");
    assert_eq!(v["passed"], true);
    assert!(err.contains("gating only the 3 practices"), "{err}");
}

#[test]
fn without_eu_ai_act_every_clause_is_shown_with_a_note() {
    let v = eu_for("");
    assert_eq!(with_status(&v, "does not apply"), Vec::<String>::new());
    assert!(v.get("eu_ai_act").is_none());
    assert!(
        v["applicability"]
            .as_str()
            .expect("note")
            .starts_with("Applicability is not set: every clause is shown"),
        "{v}"
    );
    // Frameworks without `applies` need no note.
    let iso = json(&["crosswalk", "iso-42001", SECOND, "-f", "json"]);
    assert!(iso.get("applicability").is_none());
}

#[test]
fn art_4_actions_are_gv_eg_stream_a_s() {
    // Nothing answered yes in GV-EG but its level-1 questions: Art. 4 asks only for the
    // training stream's level-2 question, never the awareness stream's.
    let text = generated(1, &["yes"])
        .replace("GV-EG-A-2: yes", "GV-EG-A-2: no")
        .replace("GV-EG-B-2: yes", "GV-EG-B-2: no")
        .replace("GV-EG-A-3: yes", "GV-EG-A-3: no")
        .replace("GV-EG-B-3: yes", "GV-EG-B-3: no");
    let dir = temp_files(&[("a.yaml", &text)]);
    let file = dir.path().join("a.yaml").display().to_string();
    for target in ["2", "3"] {
        let v = json(&["crosswalk", "eu-ai-act", &file, "--target", target, "-f", "json"]);
        let art4 = &v["clauses"][0];
        assert_eq!(art4["id"], "Art. 4");
        assert_eq!(art4["status"], "below target");
        assert_eq!(art4["practices"][0]["id"], "GV-EG-A");
        let want: &[&str] = if target == "2" {
            &["GV-EG-A-2"]
        } else {
            &["GV-EG-A-2", "GV-EG-A-3"]
        };
        assert_eq!(art4["actions"], serde_json::json!(want), "target {target}");
    }
}

#[test]
fn no_output_says_met_or_compliant_of_a_clause() {
    let (_dir, file, toml) = system_with("role = \"provider\", risk = \"high-risk\"");
    for framework in [
        "eu-ai-act",
        "iso-42001",
        "nist-ai-rmf",
        "owasp-llm-top10",
        "owasp-samm",
    ] {
        for format in ["table", "markdown", "json"] {
            let (out, err, code) = captured(&[
                "--config",
                &toml,
                "crosswalk",
                framework,
                &file,
                "-f",
                format,
                "--width",
                "100",
            ]);
            assert_eq!(code, 0, "{err}");
            let lower = out.to_lowercase();
            for word in ["\"met\"", " met ", "**met**", "not met", "compliant"] {
                assert!(!lower.contains(word), "{framework} {format}: {word}");
            }
            assert!(
                out.contains("practices at target") || format == "json",
                "{framework} {format}"
            );
        }
    }
}

/// (strength) of the link from `clause` to `code` in `framework`, or None.
fn strength(framework: &Value, clause: &str, code: &str) -> Option<String> {
    let c = framework["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .find(|c| c["id"] == clause)
        .unwrap_or_else(|| panic!("clause {clause}"));
    c["links"]
        .as_array()
        .expect("links")
        .iter()
        .find(|l| l["practice"] == code)
        .map(|l| l["strength"].as_str().expect("strength").to_string())
}

#[test]
fn every_link_correction_of_the_review_is_in_the_data() {
    let eu = json(&["crosswalk", "eu-ai-act", "-f", "json"]);
    let iso = json(&["crosswalk", "iso-42001", "-f", "json"]);
    let nist = json(&["crosswalk", "nist-ai-rmf", "-f", "json"]);
    let p = Some("primary".to_string());
    let s = Some("supporting".to_string());
    let want: &[(&Value, &str, &str, &Option<String>)] = &[
        (&eu, "Art. 4", "GV-EG-A", &p),
        (&eu, "Art. 4", "GV-EG", &None),
        (&eu, "Art. 50", "PR-UC", &s),
        (&eu, "Art. 73", "OP-IM", &s),
        (&eu, "Art. 73", "OP-IM-B-3", &p),
        (&eu, "Art. 12", "IM-SD-B", &p),
        (&eu, "Art. 12", "OP-EM", &s),
        (&eu, "Art. 15", "VE-RT", &p),
        (&eu, "Art. 27", "RA-EV", &p),
        (&eu, "Art. 9", "VE-RT", &s),
        (&eu, "Art. 9", "OP-EM", &s),
        (&eu, "Art. 15", "DM-QI", &s),
        (&eu, "Art. 14", "GV-EG", &s),
        (&eu, "Art. 26", "OP-IM", &s),
        (&eu, "Art. 26", "PR-UC", &s),
        (&eu, "Art. 55", "DE-TA", &s),
        (&eu, "Art. 17", "VE-RT", &s),
        (&eu, "Art. 17", "DM-GA", &s),
        (&eu, "Art. 17", "DE-TA", &s),
        (&eu, "Art. 17", "OP-EM", &s),
        (&eu, "Art. 17", "OP-IM", &s),
        (&iso, "A.3.2", "GV-SM", &p),
        (&iso, "A.6.2.8", "IM-SD-B", &p),
        (&iso, "A.6.2.8", "OP-EM", &s),
        (&nist, "GOVERN 2.1", "GV-SM", &p),
        (&nist, "GOVERN 6.1", "DE-SR", &p),
        (&nist, "MAP 4.1", "DM-DT", &p),
        (&nist, "MEASURE 1.2", "GV-SM", &s),
        (&nist, "MANAGE 2.4", "IM-SD", &p),
        (&nist, "MEASURE 2.3", "IM-DM", &p),
    ];
    for (f, clause, code, strength_) in want {
        assert_eq!(
            &strength(f, clause, code),
            *strength_,
            "{} {clause} {code}",
            f["framework"]
        );
    }
    assert_review_rationales(&eu, &nist);
}

/// The reasons of the review's corrections are in the links' rationales.
fn assert_review_rationales(eu: &Value, nist: &Value) {
    let rationale = |f: &Value, clause: &str, code: &str| -> String {
        f["clauses"]
            .as_array()
            .expect("clauses")
            .iter()
            .find(|c| c["id"] == clause)
            .and_then(|c| {
                c["links"]
                    .as_array()
                    .expect("links")
                    .iter()
                    .find(|l| l["practice"] == code)
            })
            .and_then(|l| l["rationale"].as_str())
            .expect("a rationale")
            .to_string()
    };
    assert!(rationale(eu, "Art. 50", "PR-UC").contains("no AIMA question asks"));
    assert!(rationale(eu, "Art. 73", "OP-IM-B-3").contains("deadlines is not assessed"));
    assert!(rationale(eu, "Art. 12", "IM-SD-B").contains("retention is not assessed"));
    assert!(rationale(eu, "Art. 27", "RA-EV").contains("own FRIA was done and notified is not checked"));
    assert!(rationale(nist, "MANAGE 2.4", "IM-SD").contains("level-2 content"));
    assert!(!rationale(nist, "MEASURE 2.3", "IM-DM").contains("level 3"));
}

#[test]
fn every_link_names_a_practice_stream_or_question_of_the_model() {
    let model = json(&["model", "--format", "json"]);
    let mut codes = std::collections::BTreeSet::new();
    for d in model["domains"].as_array().expect("domains") {
        for p in d["practices"].as_array().expect("practices") {
            codes.insert(p["id"].as_str().expect("id").to_string());
            for st in p["streams"].as_array().expect("streams") {
                codes.insert(st["id"].as_str().expect("id").to_string());
                for q in st["questions"].as_array().expect("questions") {
                    codes.insert(q["id"].as_str().expect("id").to_string());
                }
            }
        }
    }
    let list = json(&["crosswalk", "--format", "json"]);
    let mut named = 0;
    for f in list["frameworks"].as_array().expect("frameworks") {
        let id = f["id"].as_str().expect("id");
        for c in json(&["crosswalk", id, "-f", "json"])["clauses"]
            .as_array()
            .expect("clauses")
        {
            for l in c["links"].as_array().expect("links") {
                let code = l["practice"].as_str().expect("code");
                assert!(codes.contains(code), "{id} {}: {code}", c["id"]);
                if code.len() == 9 {
                    assert!(!code.ends_with("-1"), "{id}: a level-1 question {code}");
                }
                named += 1;
            }
        }
    }
    assert!(named > 250, "{named} links");
}

#[test]
fn the_llm_top_10_marks_what_aima_does_not_address() {
    let v = json(&["crosswalk", "owasp-llm-top10", "-f", "json"]);
    let uncovered: Vec<&str> = v["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .filter(|c| c["covered"] == false)
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    assert_eq!(
        uncovered,
        [
            "LLM06:2025",
            "LLM07:2025",
            "LLM08:2025",
            "LLM09:2025",
            "LLM10:2025"
        ]
    );
    assert_eq!(v["clauses"][0]["title"], "Prompt Injection");
    assert_eq!(v["license"], "CC BY-SA 4.0");
}

/// The acme example with `clauses:`, the organisation's own evidence per clause.
const CLAUSES: &str = r#"clauses:
  "eu-ai-act:Art. 14":
    answer: mostly
    note: Escalation to a human agent is documented
    evidence: ["docs/oversight.pdf"]
  "eu-ai-act:Art. 10": partly
  "owasp-llm-top10:LLM06:2025":
    answer: na
    reason: The assistant has no tools
"#;

fn with_own(extra: &str) -> (tempfile::TempDir, String) {
    let text = std::fs::read_to_string(common::repo_file(SECOND)).expect("example");
    let dir = temp_files(&[("a.yaml", &format!("{text}{extra}"))]);
    let file = dir.path().join("a.yaml").display().to_string();
    (dir, file)
}

#[test]
fn own_evidence_per_clause_is_shown_beside_the_status_it_does_not_change() {
    let (_dir, file) = with_own(CLAUSES);
    let plain = json(&[
        "crosswalk",
        "eu-ai-act",
        SECOND,
        "-f",
        "json",
        "--as-of",
        "2026-12-01",
    ]);
    let v = json(&[
        "crosswalk",
        "eu-ai-act",
        &file,
        "-f",
        "json",
        "--as-of",
        "2026-12-01",
    ]);
    let status = |v: &Value, id: &str| {
        v["clauses"]
            .as_array()
            .expect("clauses")
            .iter()
            .find(|c| c["id"] == id)
            .expect("clause")
            .clone()
    };
    // Not covered by AIMA and not at target: the status stays, the own evidence is beside it.
    let art14 = status(&v, "Art. 14");
    assert_eq!(art14["status"], "not covered");
    assert_eq!(
        art14["own"],
        serde_json::json!({"framework": "eu-ai-act", "clause": "Art. 14", "answer": "mostly",
            "note": "Escalation to a human agent is documented", "reason": null,
            "evidence": [{"ref": "docs/oversight.pdf"}]})
    );
    let art10 = status(&v, "Art. 10");
    assert_eq!(art10["status"], "below target");
    assert_eq!(art10["own"]["answer"], "partly");
    assert_eq!(v["summary"], plain["summary"]);
    assert!(status(&v, "Art. 9").get("own").is_none());
    assert_score_lists_own_evidence(&file);
}

/// score --format json lists every clause entry, of every framework (none without any).
fn assert_score_lists_own_evidence(file: &str) {
    let score = json(&["score", file, "-f", "json"]);
    let keys: Vec<String> = score["clauses"]
        .as_array()
        .expect("clauses")
        .iter()
        .map(|c| {
            format!(
                "{}:{}",
                c["framework"].as_str().expect("f"),
                c["clause"].as_str().expect("c")
            )
        })
        .collect();
    assert_eq!(
        keys,
        [
            "eu-ai-act:Art. 10",
            "eu-ai-act:Art. 14",
            "owasp-llm-top10:LLM06:2025"
        ]
    );
    assert_eq!(score["clauses"][2]["reason"], "The assistant has no tools");
    assert_eq!(
        json(&["score", SECOND, "-f", "json"])["clauses"],
        serde_json::json!([])
    );
}

#[test]
fn own_evidence_goes_into_the_report_and_validate() {
    let (_dir, file) = with_own(CLAUSES);
    // The report's crosswalk section has the Own evidence column.
    let (report, err, code) = captured(&[
        "report",
        &file,
        "--framework",
        "eu-ai-act",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(report.contains("| Own evidence |"), "{report}");
    assert!(report.contains("mostly<br>Escalation to a human agent is documented<br>docs/oversight.pdf"));
    assert!(report.contains("Own evidence: 2 clauses (2 of them not at target)"));
    // Without --framework, the report lists every clause entry in a section of its own.
    let (report, _, _) = captured(&["report", &file]);
    let start = report.find("## Own evidence per clause").expect("section");
    let section = &report[start..report.find("## How the scores are computed").expect("scoring")];
    insta::assert_snapshot!("report_own_evidence_section", section);
    let (page, _, _) = captured(&["report", &file, "-f", "html"]);
    assert!(page.contains("<h2>Own evidence per clause</h2>"));
    assert!(
        page.contains(
            "<td>owasp-llm-top10:LLM06:2025</td><td>na</td><td class=\"note\">The assistant has no tools</td>"
        ),
        "{page}"
    );
    // validate says how many clauses the files give evidence for.
    let (out, err, code) = captured(&["validate", &file]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("own evidence for 3 clauses"), "{out}");
}

#[test]
fn unknown_frameworks_and_clauses_are_located_errors() {
    let (_dir, file) = with_own(
        "clauses:\n  \"eu-ai-act:Art. 99\": yes\n  \"eu-ai-akt:Art. 4\": yes\n  Art. 4: yes\n  \"iso-42001:A.5.2\": maybe\n  \"iso-42001:A.5.3\": na\n",
    );
    let (out, _, code) = captured(&["score", &file]);
    assert_eq!((out.as_str(), code), ("", 2));
    let (out, err, code) = captured(&["validate", &file]);
    assert_eq!(
        (out.trim_end(), code),
        (format!("{file}: 5 problems").as_str(), 2)
    );
    let lines = common::repo_file(SECOND);
    let n = std::fs::read_to_string(lines).expect("example").lines().count();
    let want = [
        format!(
            "error: {file}:{}:3: framework `eu-ai-act` has no clause `Art. 99`: did you mean `Art. 9`?",
            n + 2
        ),
        format!(
            "error: {file}:{}:3: unknown framework `eu-ai-akt` in clause key: did you mean `eu-ai-act`?",
            n + 3
        ),
        format!(
            "error: {file}:{}:3: `Art. 4` is not a clause key: write FRAMEWORK:CLAUSE, as in `eu-ai-act:Art. 14` \
             (`aima crosswalk` lists the frameworks)",
            n + 4
        ),
        format!(
            "error: {file}:{}:22: `maybe` is not an answer word for iso-42001:A.5.2: use yes, mostly, partly, no or na",
            n + 5
        ),
        format!(
            "error: {file}:{}:22: iso-42001:A.5.3 is `na` without a reason: write `{{answer: na, reason: \"why it does not apply\"}}`",
            n + 6
        ),
    ];
    assert_eq!(err.lines().collect::<Vec<_>>(), want);
}

#[test]
fn a_clause_given_in_two_files_is_an_error_naming_both() {
    let one = "aima: 1\nmodel: owasp-aima@1.0\nclauses:\n  \"eu-ai-act:Art. 14\": yes\n";
    let two = "aima: 1\nmodel: owasp-aima@1.0\nanswers: {}\nclauses:\n  \"eu-ai-act:Art. 14\": no\n  \"eu-ai-act:Art. 26\": yes\n";
    let dir = temp_files(&[("a.yaml", one), ("b.yaml", two)]);
    let d = dir.path().display().to_string();
    let (_, err, code) = captured(&["score", &d]);
    assert_eq!(code, 2);
    assert_eq!(
        err.trim_end(),
        format!(
            "error: {d}/b.yaml:5:3: clause eu-ai-act:Art. 14 is given in two files: here and at {d}/a.yaml:4:3"
        )
    );
    // Different clauses from two team files merge.
    let two = two.replace("  \"eu-ai-act:Art. 14\": no\n", "");
    let dir = temp_files(&[("a.yaml", one), ("b.yaml", &two)]);
    let d = dir.path().display().to_string();
    let v = json(&["score", &d, "-f", "json"]);
    assert_eq!(v["clauses"].as_array().expect("clauses").len(), 2);
}

#[test]
fn the_dated_table_at_80_columns_and_the_timeline_match_their_snapshots() {
    let (_dir, file) = with_own(CLAUSES);
    let (out, err, code) = captured(&[
        "crosswalk",
        "eu-ai-act",
        &file,
        "--width",
        "80",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    insta::assert_snapshot!("crosswalk_eu_dated_table_80", out.replace(&file, "a.yaml"));
    let (out, err, code) = captured(&[
        "crosswalk",
        "eu-ai-act",
        &file,
        "--timeline",
        "--width",
        "80",
        "--as-of",
        "2026-12-01",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(out.lines().all(|l| l.chars().count() <= 80), "{out}");
    insta::assert_snapshot!("crosswalk_eu_timeline_80", out);
    let (out, _, _) = captured(&[
        "crosswalk",
        "eu-ai-act",
        "--timeline",
        "-f",
        "markdown",
        "--as-of",
        "2026-07-01",
    ]);
    insta::assert_snapshot!("crosswalk_eu_timeline_markdown_before_the_omnibus", out);
}

#[test]
fn the_timeline_groups_actions_by_the_earliest_date_they_serve() {
    let v = json(&[
        "crosswalk",
        "eu-ai-act",
        SECOND,
        "--timeline",
        "-f",
        "json",
        "--as-of",
        "2026-12-01",
    ]);
    let rows = v["timeline"].as_array().expect("timeline");
    let dates: Vec<&str> = rows.iter().map(|r| r["date"].as_str().expect("date")).collect();
    let mut sorted = dates.clone();
    sorted.sort_unstable();
    assert_eq!(dates, sorted);
    assert_eq!(rows[0]["date"], "2025-02-02");
    assert_eq!(rows[0]["in_effect"], true);
    let first_at = |action: &str| {
        rows.iter().position(|r| {
            r["actions"]
                .as_array()
                .expect("actions")
                .iter()
                .any(|a| a == action)
        })
    };
    // Each action once, at the earliest date of the clauses it serves.
    let mut all: Vec<&str> = rows
        .iter()
        .flat_map(|r| r["actions"].as_array().expect("actions"))
        .map(|a| a.as_str().expect("id"))
        .collect();
    let n = all.len();
    all.sort_unstable();
    all.dedup();
    assert_eq!(all.len(), n);
    // Art. 9 (DE-TA) applies from 2 Dec 2027 under the Digital Omnibus (Annex III).
    let de_ta = first_at("DE-TA-A-3").expect("DE-TA-A-3");
    assert_eq!(rows[de_ta]["date"], "2027-12-02");
    assert_eq!(rows[de_ta]["amended"], true);
    assert_eq!(rows[de_ta]["original"], serde_json::json!(["2026-08-02"]));
    // New Art. 5 prohibitions: a row of their own on 2 Dec 2026, not yet in effect.
    let new5 = rows
        .iter()
        .find(|r| r["date"] == "2026-12-02" && r["clauses"][0]["id"] == "Art. 5")
        .expect("new prohibitions");
    assert_eq!(new5["in_effect"], false);
    assert!(
        new5["scope"]
            .as_str()
            .expect("scope")
            .contains("non-consensual intimate imagery")
    );
    let (_, err, code) = captured(&["crosswalk", "owasp-samm", "--timeline"]);
    assert_eq!(code, 2);
    assert!(err.contains("has no application dates"), "{err}");
    let (_, err, code) = captured(&["crosswalk", "eu-ai-act", "--as-of", "2026-02-30"]);
    assert_eq!(code, 2);
    assert!(err.contains("YYYY-MM-DD"), "{err}");
}

#[test]
fn own_evidence_per_clause_survives_export_and_import() {
    let extra = format!(
        "{CLAUSES}  \"eu-ai-act:Art. 50\":\n    answer: partly\n    note: \"=1+1 looks like a formula\"\n"
    );
    let (dir, file) = with_own(&extra);
    let d = dir.path();
    let csv = d.join("a.csv").display().to_string();
    let (_, err, code) = captured(&["export", &file, "--to", "csv", "-o", &csv]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(&csv).expect("csv");
    let tail: Vec<&str> = text.lines().rev().take(4).collect();
    assert_eq!(
        tail,
        [
            "owasp-llm-top10:LLM06:2025,,,,,,na,,,,The assistant has no tools",
            "eu-ai-act:Art. 50,,,,,,partly,1,'=1+1 looks like a formula,,",
            "eu-ai-act:Art. 14,,,,,,mostly,2,Escalation to a human agent is documented,docs/oversight.pdf,",
            "eu-ai-act:Art. 10,,,,,,partly,1,,,",
        ]
    );
    let xlsx = d.join("a.xlsx").display().to_string();
    let (_, err, code) = captured(&["export", &file, "--to", "toolkit", "-o", &xlsx]);
    assert_eq!(code, 0, "{err}");
    let want = json(&["score", &file, "-f", "json"])["clauses"].clone();
    assert_eq!(want.as_array().expect("clauses").len(), 4);
    for (from, to) in [(&csv, "b.yaml"), (&xlsx, "c.yaml")] {
        let out = d.join(to).display().to_string();
        let (_, err, code) = captured(&["import", from, "-o", &out]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(json(&["score", &out, "-f", "json"])["clauses"], want, "{from}");
    }
    // An unknown clause in a CSV row is refused, named by line and column.
    let bad = text.replace("eu-ai-act:Art. 10,", "eu-ai-act:Art. 99,");
    std::fs::write(&csv, bad).expect("write");
    let (_, err, code) = captured(&["import", &csv]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "line 147, column `id`: framework `eu-ai-act` has no clause `Art. 99`: did you mean `Art. 9`?"
        ),
        "{err}"
    );
}

#[test]
fn the_answers_schema_lists_every_clause_key() {
    let v = json(&["schema", "answers"]);
    let clauses = &v["properties"]["clauses"];
    assert_eq!(clauses["additionalProperties"], false);
    let keys = clauses["properties"].as_object().expect("clause keys");
    assert_eq!(keys.len(), 27 + 38 + 72 + 10 + 15);
    assert_eq!(
        keys["eu-ai-act:Art. 14"],
        serde_json::json!({"$ref": "#/definitions/answer", "description": "eu-ai-act:Art. 14: Human oversight"})
    );
    assert!(keys.contains_key("owasp-llm-top10:LLM01:2025"));
}

#[test]
fn the_html_report_gives_each_dated_framework_its_dates_in_force() {
    let (out, err, code) = captured(&[
        "report",
        SECOND,
        "--framework",
        "eu-ai-act,owasp-samm",
        "--as-of",
        "2026-12-01",
        "-f",
        "html",
    ]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "On 2026-12-01, dates as the Digital Omnibus on AI sets them (in force): from 2026-12-02: Art. 5, \
             Art. 50; from 2027-08-02: Art. 53, Art. 55."
        ),
        "{out}"
    );
    assert_eq!(out.matches("On 2026-12-01, dates").count(), 1);
}

/// Art. 9 in force: the amended dates apply, the published ones beside them.
fn assert_art9_amended(art9: &Value) {
    assert_eq!(art9["id"], "Art. 9");
    assert_eq!(art9["dates"][0]["date"], "2026-08-02");
    assert_eq!(art9["dates"][1]["date"], "2027-08-02");
    assert_eq!(art9["amended"][0]["date"], "2027-12-02");
    assert_eq!(art9["amended"][1]["date"], "2028-08-02");
    // The amended dates are those that apply; the published ones are kept beside.
    let app = &art9["application"];
    assert_eq!(app["source"], "Digital Omnibus on AI");
    assert_eq!(app["status"], "in force");
    assert_eq!(
        app["applies"],
        serde_json::json!([
            {"date": "2027-12-02", "scope": "Annex III high-risk systems", "in_effect": false},
            {"date": "2028-08-02", "scope": "Art. 6(1) high-risk systems, Annex I products", "in_effect": false}
        ])
    );
    assert_eq!(app["original"][0]["date"], "2026-08-02");
    assert_eq!(
        art9["applies"],
        serde_json::json!({"roles": ["provider"], "risk": ["high-risk"]})
    );
}

/// Art. 4 (reworded, in effect since 2025) and Art. 5 (the new prohibitions from 2 Dec 2026).
fn assert_art4_and_art5(v: &Value) {
    let art4 = &v["clauses"][0];
    assert_eq!(art4["dates"][0]["date"], "2025-02-02");
    assert!(
        art4["note"]
            .as_str()
            .expect("note")
            .contains("rewords the literacy duty")
    );
    assert_eq!(art4["application"]["applies"][0]["in_effect"], true);
    assert!(art4["application"].get("original").is_none());
    // The new Art. 5 prohibitions apply from 2 Dec 2026; the published ones since 2025.
    let art5 = &v["clauses"][1];
    assert_eq!(
        art5["application"]["applies"]
            .as_array()
            .expect("dates")
            .iter()
            .map(|d| (
                d["date"].as_str().expect("date"),
                d["in_effect"].as_bool().expect("bool")
            ))
            .collect::<Vec<_>>(),
        [("2025-02-02", true), ("2026-12-02", false)]
    );
}
