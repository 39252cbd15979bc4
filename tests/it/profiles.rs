//! `aima profiles` and `--profile`: the embedded profiles, targets below the files' own,
//! `--profiles DIR`, and located problems in profile files.

use crate::common;

use common::{captured, temp_files};

#[test]
fn the_list_shows_the_eight_profiles() {
    let (out, err, code) = captured(&["profiles"]);
    assert_eq!((err.as_str(), code), ("", 0));
    insta::assert_snapshot!("profiles_list", out);
}

#[test]
fn one_profile_shows_every_practice_target_and_its_reason() {
    let (out, err, code) = captured(&["profiles", "eu-high-risk", "--format", "markdown"]);
    assert_eq!((err.as_str(), code), ("", 0));
    insta::assert_snapshot!("profiles_eu_high_risk_markdown", out);
}

#[test]
fn json_lists_id_name_and_description() {
    let (out, _, code) = captured(&["profiles", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let first = &v["profiles"][0];
    assert_eq!(first["id"], "baseline");
    assert!(first["name"].is_string() && first["description"].is_string());
    assert_eq!(v["profiles"].as_array().map(Vec::len), Some(8));

    let (out, _, _) = captured(&["profiles", "fraud-detection", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let practice = |id: &str| {
        v["practices"]
            .as_array()
            .and_then(|ps| ps.iter().find(|p| p["id"] == id))
            .cloned()
            .expect("practice")
    };
    assert_eq!(practice("DM-QI")["target"], 3);
    assert_eq!(practice("DM-QI")["from"], "DM-QI");
    assert_eq!(practice("PR-UC")["target"], 2);
    assert_eq!(practice("PR-UC")["from"], "default");
}

const NO_TARGETS: &str = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-PC-A-1: yes\n";

fn targets_of(json: &str) -> Vec<(String, Option<u64>)> {
    let v: serde_json::Value = serde_json::from_str(json).expect("json");
    v["domains"]
        .as_array()
        .expect("domains")
        .iter()
        .flat_map(|d| d["practices"].as_array().expect("practices").clone())
        .map(|p| (p["id"].as_str().unwrap_or("").to_string(), p["target"].as_u64()))
        .collect()
}

#[test]
fn a_profile_sets_targets_below_the_files_and_target_option() {
    let dir = temp_files(&[
        ("none.yaml", NO_TARGETS),
        (
            "some.yaml",
            "aima: 1\nmodel: owasp-aima@1.0\ntargets:\n  DM: 1\nanswers:\n  GV-PC-A-1: yes\n",
        ),
    ]);
    let file = |name: &str| dir.path().join(name).display().to_string();
    let (out, _, code) = captured(&[
        "score",
        &file("none.yaml"),
        "--profile",
        "fraud-detection",
        "-f",
        "json",
    ]);
    assert_eq!(code, 0);
    let t = targets_of(&out);
    let get = |t: &[(String, Option<u64>)], id: &str| t.iter().find(|(p, _)| p == id).and_then(|(_, t)| *t);
    assert_eq!(
        [get(&t, "DM-QI"), get(&t, "RA-FB"), get(&t, "GV-SM")],
        [Some(3), Some(3), Some(2)]
    );

    // The file's domain entry (DM: 1) beats the profile's default but not its practice entries.
    let (out, _, _) = captured(&[
        "score",
        &file("some.yaml"),
        "--profile",
        "fraud-detection",
        "-f",
        "json",
    ]);
    let t = targets_of(&out);
    assert_eq!(
        [get(&t, "DM-QI"), get(&t, "DM-DT"), get(&t, "GV-SM")],
        [Some(3), Some(1), Some(2)]
    );

    // --target N is a default: nearer than the profile's default, below its practice entries.
    let (out, _, _) = captured(&[
        "score",
        &file("none.yaml"),
        "--profile",
        "fraud-detection",
        "--target",
        "0",
        "-f",
        "json",
    ]);
    let t = targets_of(&out);
    assert_eq!([get(&t, "DM-QI"), get(&t, "GV-SM")], [Some(3), Some(0)]);
}

#[test]
fn check_gates_on_a_profile_and_an_unknown_profile_is_a_usage_error() {
    let dir = temp_files(&[("none.yaml", NO_TARGETS)]);
    let file = dir.path().join("none.yaml").display().to_string();
    let (_, _, code) = captured(&["check", &file, "--profile", "baseline"]);
    assert_eq!(code, 1);
    let (out, err, code) = captured(&["check", &file, "--profile", "chatbot"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(
        err,
        "error: unknown profile `chatbot`: expected `baseline`, `llm-chatbot`, `fraud-detection`, `eu-high-risk`, \
         `gpai-provider`, `deployer-high-risk`, `agentic-ai` or `genai-copilot` (see `aima profiles`)\n"
    );
}

const OWN: &str = "id: baseline\nname: Our own baseline\ndescription: Everything at 2.\naudience: Our teams.\nframeworks: []\ntargets:\n  default: 2\n";

#[test]
fn profiles_dir_adds_and_replaces_by_id() {
    let dir = temp_files(&[
        ("baseline.yaml", OWN),
        (
            "internal.yaml",
            &OWN.replace("id: baseline", "id: internal")
                .replace("default: 2", "default: 3"),
        ),
    ]);
    let d = dir.path().display().to_string();
    let (out, _, code) = captured(&["--profiles", &d, "profiles", "--format", "json"]);
    assert_eq!(code, 0);
    let v: serde_json::Value = serde_json::from_str(&out).expect("json");
    let ids: Vec<&str> = v["profiles"]
        .as_array()
        .expect("list")
        .iter()
        .filter_map(|p| p["id"].as_str())
        .collect();
    assert_eq!(
        ids,
        [
            "baseline",
            "llm-chatbot",
            "fraud-detection",
            "eu-high-risk",
            "gpai-provider",
            "deployer-high-risk",
            "agentic-ai",
            "genai-copilot",
            "internal"
        ]
    );
    assert_eq!(v["profiles"][0]["name"], "Our own baseline");
}

#[test]
fn a_bad_profile_file_is_a_located_error() {
    let dir = temp_files(&[(
        "bad.yaml",
        &OWN.replace("default: 2", "default: 2\n  VE-ST: 3\n  OPS: 1"),
    )]);
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--profiles", &d, "profiles"]);
    assert_eq!((out.as_str(), code), ("", 2));
    let bad = dir.path().join("bad.yaml").display().to_string();
    assert_eq!(
        err,
        format!(
            "error: {bad}:8:3: target `VE-ST` is 3, above the default 2: give its reason under `reasons`\n\
             error: {bad}:9:3: target names unknown code `OPS`: expected `default`, a domain code such as `GV` or a practice code such as `GV-PC`\n"
        )
    );
}

#[test]
fn a_profiles_folder_with_too_many_files_is_refused_before_reading_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..1001 {
        std::fs::write(dir.path().join(format!("p{i:04}.yaml")), "id: x\n").expect("write");
    }
    let d = dir.path().display().to_string();
    let (out, err, code) = captured(&["--profiles", &d, "profiles"]);
    assert_eq!((out.as_str(), code), ("", 2));
    assert_eq!(err, format!("error: {d}: more than 1000 profile files\n"));
}
