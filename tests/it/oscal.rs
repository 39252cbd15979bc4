//! OSCAL: `export --to oscal-catalog` and `--to oscal` validate against NIST's OSCAL 1.1.3
//! schemas (tests/it/data/oscal-1.1.3), hold the cross-references the schemas cannot check,
//! are deterministic, and `import` reads the results back to the same assessment.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::common::{captured, load, model, repo_file};

const HOSTILE: &str = r#"aima: 1
model: owasp-aima@1.0
assessment:
  organization: "Acme <b>Corp</b>"
  scope: " [click](javascript:alert(1)) "
  assessor: "J. Doe\u202e"
  date: 2026-11-20
  system: support-bot
targets:
  default: 2
  GV: 3
  RA-EV: 1
answers:
  RA-EV-A-1: yes
  RA-EV-B-1:
    answer: yes
    note: "<script>alert('x')</script>\n# not a heading\n- not a list\n\\ back\\slash *em* "
    evidence:
      - "https://wiki.example/ai policy?x=1&y=<2>"
      - "docs/AI policy.pdf"
      - "javascript:alert(1)"
      - " spaced "
      - {ref: docs/risk.pdf, title: "Risk *register*", date: 2026-10-01, expires: 2027-10-01, sha256: 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef, kind: record}
  RA-EV-A-2:
    answer: na
    reason: "  No model is trained here.\n\nTwo paragraphs. "
  RA-EV-B-2: {answer: no, note: "(see remarks)"}
  GV-PC-A-1: ~
  GV-PC-A-2: {answer: ~, note: "unanswered, but noted"}
  OP-OM-B-3: partly
"#;

fn s(p: &Path) -> &str {
    p.to_str().expect("utf-8 path")
}

fn schema(name: &str) -> jsonschema::Validator {
    let path = repo_file(&format!("tests/it/data/oscal-1.1.3/oscal_{name}_schema.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("schema")).expect("json");
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles")
}

fn assert_valid(validator: &jsonschema::Validator, doc: &Value) {
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .take(10)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{}", errors.join("\n"));
}

fn export(args: &[&str], out: &Path) -> Value {
    let mut all = vec!["export"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["-o", s(out)]);
    let (stdout, stderr, code) = captured(&all);
    assert_eq!(code, 0, "{stderr}");
    assert!(stdout.starts_with("wrote "), "{stdout}");
    serde_json::from_slice(&std::fs::read(out).expect("written")).expect("JSON")
}

fn hostile_file(dir: &Path) -> PathBuf {
    let path = dir.join("hostile.yaml");
    std::fs::write(&path, HOSTILE).expect("write");
    path
}

/// Every value of the key `key` anywhere in `v`.
fn values_of<'v>(v: &'v Value, key: &str, out: &mut Vec<&'v Value>) {
    match v {
        Value::Object(map) => {
            for (k, x) in map {
                if k == key {
                    out.push(x);
                }
                values_of(x, key, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|x| values_of(x, key, out)),
        _ => {}
    }
}

fn strings<'v>(v: &'v Value, key: &str) -> Vec<&'v str> {
    let mut out = Vec::new();
    values_of(v, key, &mut out);
    out.into_iter().filter_map(Value::as_str).collect()
}

fn assert_unique_uuids(doc: &Value) {
    let uuids = strings(doc, "uuid");
    let unique: HashSet<&str> = uuids.iter().copied().collect();
    assert_eq!(unique.len(), uuids.len(), "every UUID is unique");
    assert!(uuids.iter().all(|u| &u[14..15] == "5"), "version 5 UUIDs");
}

#[test]
fn the_schemas_are_nists_and_the_validator_reads_their_ecmascript_patterns() {
    let out = std::process::Command::new("sha256sum")
        .args([
            "oscal_assessment-results_schema.json",
            "oscal_catalog_schema.json",
        ])
        .current_dir(repo_file("tests/it/data/oscal-1.1.3"))
        .output()
        .expect("sha256sum");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(
        text.contains("d9e34757f0c12aff61f52b821f0b8f83ba0ba75b3a149a202b08ba82f82bc4c3"),
        "{text}"
    );
    assert!(
        text.contains("5e120afbd14c480a9498ab6388857ef32b3b880e458525e966ff7c7f59333d90"),
        "{text}"
    );
    let dir = tempfile::tempdir().expect("dir");
    let mut doc = export(&["--to", "oscal-catalog"], &dir.path().join("c.json"));
    let validator = schema("catalog");
    assert_valid(&validator, &doc);
    // `\p{L}` is a letter (an accented id is a token); `$` does not match before a final
    // line break (Python's `re` would accept `x\n`); a token cannot start with a digit.
    doc["catalog"]["groups"][0]["id"] = Value::from("Ébauche");
    assert!(validator.is_valid(&doc));
    doc["catalog"]["groups"][0]["id"] = Value::from("1RA");
    assert!(!validator.is_valid(&doc));
    doc["catalog"]["groups"][0]["id"] = Value::from("RA");
    doc["catalog"]["metadata"]["props"][0]["value"] = Value::from("x\n");
    assert!(!validator.is_valid(&doc));
}

#[test]
fn the_catalog_validates_and_holds_every_question_as_a_control() {
    let dir = tempfile::tempdir().expect("dir");
    let doc = export(&["--to", "oscal-catalog"], &dir.path().join("c.json"));
    assert_valid(&schema("catalog"), &doc);
    assert_unique_uuids(&doc);
    let catalog = &doc["catalog"];
    assert_eq!(catalog["metadata"]["oscal-version"], "1.1.3");
    assert!(
        catalog["metadata"]["remarks"]
            .as_str()
            .expect("attribution")
            .contains("CC BY\\-SA 4.0")
            || catalog["metadata"]["remarks"]
                .as_str()
                .expect("attribution")
                .contains("CC BY-SA 4.0")
    );
    let groups = catalog["groups"].as_array().expect("groups");
    let domains: Vec<&str> = groups.iter().map(|g| g["id"].as_str().expect("id")).collect();
    assert_eq!(domains, ["RA", "GV", "DM", "PR", "DE", "IM", "VE", "OP"]);
    assert_eq!(groups[1]["groups"][1]["id"], "GV-PC");
    assert_eq!(groups[1]["groups"][1]["class"], "practice");
    let controls: Vec<&str> = groups
        .iter()
        .flat_map(|d| d["groups"].as_array().expect("practices"))
        .flat_map(|p| p["controls"].as_array().expect("controls"))
        .map(|c| c["id"].as_str().expect("id"))
        .collect();
    let expected: Vec<String> = model().questions().map(|q| q.question.id.clone()).collect();
    assert_eq!(controls, expected);
    let ids = strings(&doc, "id");
    let unique: HashSet<&&str> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
}

#[test]
fn assessment_results_validate_and_every_reference_resolves() {
    let dir = tempfile::tempdir().expect("dir");
    let catalog = export(&["--to", "oscal-catalog"], &dir.path().join("c.json"));
    let file = hostile_file(dir.path());
    for input in [file, repo_file("examples/acme-support-bot-2026-11.yaml")] {
        let doc = export(&[s(&input), "--to", "oscal"], &dir.path().join("r.json"));
        assert_valid(&schema("assessment-results"), &doc);
        assert_unique_uuids(&doc);
        check_references(&catalog, &doc);
    }
}

fn check_references(catalog: &Value, doc: &Value) {
    let ar = &doc["assessment-results"];
    let controls: BTreeSet<&str> = strings(catalog, "id").into_iter().collect();
    check_result_references(&controls, &ar["results"][0]);
    check_metadata_references(catalog, ar);
}

/// Observations name controls of the catalog; findings name controls and observations.
fn check_result_references(controls: &BTreeSet<&str>, result: &Value) {
    let observations = result["observations"].as_array().expect("observations");
    for o in observations {
        let question = o["props"][0]["value"].as_str().expect("question");
        assert_eq!(o["props"][0]["name"], "question");
        assert!(
            controls.contains(question),
            "{question} is a control of the catalog"
        );
    }
    let observation_uuids: BTreeSet<&str> = observations
        .iter()
        .map(|o| o["uuid"].as_str().expect("uuid"))
        .collect();
    for f in result["findings"].as_array().into_iter().flatten() {
        let target = f["target"]["target-id"].as_str().expect("target");
        assert!(controls.contains(target), "{target} is in the catalog");
        for r in f["related-observations"].as_array().into_iter().flatten() {
            assert!(observation_uuids.contains(r["observation-uuid"].as_str().expect("uuid")));
        }
        for a in f["props"]
            .as_array()
            .expect("props")
            .iter()
            .filter(|p| p["name"] == "action")
        {
            assert!(controls.contains(a["value"].as_str().expect("action")));
        }
    }
}

/// import-ap names the catalog's back-matter resource; responsible parties are parties.
fn check_metadata_references(catalog: &Value, ar: &Value) {
    let href = ar["import-ap"]["href"].as_str().expect("href");
    let resources = ar["back-matter"]["resources"].as_array().expect("resources");
    let resource = resources
        .iter()
        .find(|r| format!("#{}", r["uuid"].as_str().unwrap_or("")) == href);
    let resource = resource.expect("import-ap names a back-matter resource");
    assert_eq!(
        resource["props"][0]["value"], catalog["catalog"]["uuid"],
        "it names the catalog"
    );
    let parties: BTreeSet<&str> = ar["metadata"]["parties"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|p| p["uuid"].as_str().expect("uuid"))
        .collect();
    for uuid in strings(&ar["metadata"]["responsible-parties"], "party-uuids") {
        assert!(parties.contains(uuid));
    }
    for list in ar["metadata"]["responsible-parties"]
        .as_array()
        .into_iter()
        .flatten()
    {
        for uuid in list["party-uuids"].as_array().expect("uuids") {
            assert!(parties.contains(uuid.as_str().expect("uuid")));
        }
    }
}

#[test]
fn results_hold_answers_findings_and_outside_text_escaped() {
    let dir = tempfile::tempdir().expect("dir");
    let file = hostile_file(dir.path());
    let out = dir.path().join("r.json");
    export(&[s(&file), "--to", "oscal"], &out);
    let text = std::fs::read_to_string(&out).expect("text");
    assert!(!text.contains('\u{202e}'), "no bidi control raw");
    let doc: Value = serde_json::from_str(&text).expect("json");
    // Markup fields hold outside text escaped: no HTML, link or emphasis can form.
    for key in ["title", "description", "remarks", "prose"] {
        for field in strings(&doc, key) {
            let bare = field
                .char_indices()
                .any(|(i, c)| "<[*_`&".contains(c) && !field[..i].ends_with('\\'));
            assert!(!bare, "{key}: {field}");
        }
    }
    let note = &doc["assessment-results"]["results"][0]["observations"][1]["remarks"];
    assert_eq!(
        note.as_str().expect("note").lines().next(),
        Some("\\<script\\>alert('x')\\</script\\>")
    );
    let result = &doc["assessment-results"]["results"][0];
    let obs = &result["observations"][1];
    assert_eq!(obs["title"], "RA-EV-B-1");
    assert_eq!(obs["props"][1]["value"], "yes");
    assert_eq!(obs["props"][2]["value"], "3");
    check_relevant_evidence(obs);
    check_findings_and_levels(result);
}

/// The evidence of RA-EV-B-1: links encoded, no javascript: link, an item's facts as props.
fn check_relevant_evidence(obs: &Value) {
    let evidence = obs["relevant-evidence"].as_array().expect("evidence");
    assert_eq!(
        evidence[0]["href"],
        "https://wiki.example/ai%20policy?x=1&y=%3C2%3E"
    );
    assert_eq!(evidence[1]["href"], "docs/AI%20policy.pdf");
    assert_eq!(evidence[2].get("href"), None, "no javascript: link");
    assert_eq!(evidence[4]["href"], "docs/risk.pdf");
    assert_eq!(evidence[4]["description"], "Risk \\*register\\*");
    let facts: Vec<(&str, &str)> = evidence[4]["props"]
        .as_array()
        .expect("props")
        .iter()
        .map(|p| {
            (
                p["name"].as_str().unwrap_or(""),
                p["value"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        facts,
        [
            ("evidence", "docs/risk.pdf"),
            ("title", "Risk *register*"),
            ("date", "2026-10-01"),
            ("expires", "2027-10-01"),
            (
                "sha256",
                "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
            ),
            ("kind", "record")
        ]
    );
}

/// Findings for the practices below target only, and each practice's level as a prop.
fn check_findings_and_levels(result: &Value) {
    let findings: Vec<&str> = result["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .map(|f| f["target"]["target-id"].as_str().unwrap_or(""))
        .collect();
    assert!(findings.contains(&"GV-SM_obj"), "{findings:?}");
    assert!(
        !findings.contains(&"RA-EV_obj"),
        "RA-EV is at its target 1: {findings:?}"
    );
    let level = result["props"]
        .as_array()
        .expect("props")
        .iter()
        .find(|p| p["name"] == "practice-level" && p["class"] == "RA-EV");
    assert_eq!(level.expect("RA-EV level")["value"], "1");
}

#[test]
fn the_same_input_gives_the_same_bytes() {
    let dir = tempfile::tempdir().expect("dir");
    let file = hostile_file(dir.path());
    let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
    export(&[s(&file), "--to", "oscal"], &a);
    export(&[s(&file), "--to", "oscal"], &b);
    assert_eq!(std::fs::read(&a).expect("a"), std::fs::read(&b).expect("b"));
    let catalog = |out: &Path| {
        let status = crate::common::aima()
            .args(["export", "--to", "oscal-catalog", "-o", s(out)])
            .env("SOURCE_DATE_EPOCH", "1790000000")
            .status()
            .expect("runs");
        assert!(status.success());
        std::fs::read(out).expect("read")
    };
    let first = catalog(&a);
    assert_eq!(first, catalog(&b));
    assert!(String::from_utf8_lossy(&first).contains("\"last-modified\": \"2026-09-21T00:00:00Z\""));
}

#[test]
fn import_reads_the_results_back_to_the_same_assessment() {
    let dir = tempfile::tempdir().expect("dir");
    let hostile = hostile_file(dir.path());
    for input in [hostile, repo_file("examples/acme-support-bot-2026-11.yaml")] {
        let json = dir.path().join("r.json");
        export(&[s(&input), "--to", "oscal"], &json);
        let back = dir.path().join("back.yaml");
        let (stdout, stderr, code) = captured(&["import", s(&json), "-o", s(&back)]);
        assert_eq!(code, 0, "{stderr}");
        assert!(stdout.starts_with("wrote "), "{stdout}");
        assert_eq!(
            stderr,
            format!("note: {}: read as OSCAL assessment-results\n", s(&json))
        );
        // The answers file import writes lists every question (`~` when open).
        let normal = |path: &Path| {
            let mut a = load(path);
            a.sources.clear();
            a.answers
                .retain(|_, answer| *answer != aima::answers::Answer::default());
            a
        };
        assert_eq!(normal(&input), normal(&back));
    }
}

fn refused(name: &str, bytes: &[u8], message: &str) {
    let dir = tempfile::tempdir().expect("dir");
    let file = dir.path().join(name);
    std::fs::write(&file, bytes).expect("write");
    let out = dir.path().join("out.yaml");
    let (stdout, stderr, code) = captured(&["import", s(&file), "-o", s(&out)]);
    assert_eq!((code, stdout.as_str()), (2, ""), "{stderr}");
    assert_eq!(stderr, format!("error: {}{message}\n", s(&file)));
    assert!(!out.exists(), "nothing is written");
}

fn edited(edit: impl Fn(&mut Value)) -> Vec<u8> {
    let dir = tempfile::tempdir().expect("dir");
    let out = dir.path().join("r.json");
    let mut doc = export(
        &[
            s(&repo_file("examples/acme-support-bot-2026-11.yaml")),
            "--to",
            "oscal",
        ],
        &out,
    );
    edit(&mut doc);
    serde_json::to_vec_pretty(&doc).expect("json")
}

#[test]
fn bad_oscal_is_a_located_error_and_nothing_is_written() {
    refused(
        "r.json",
        b"{\"assessment-results\": {\n  \"uuid\": }",
        ":2:11: not JSON: expected value",
    );
    let catalog = edited(|d| *d = serde_json::json!({"catalog": d["assessment-results"].clone()}));
    refused(
        "r.json",
        &catalog,
        ": at /: an OSCAL catalog, not assessment-results (import reads assessment-results)",
    );
    let v2 = edited(|d| d["assessment-results"]["metadata"]["oscal-version"] = Value::from("2.0.0"));
    refused(
        "r.json",
        &v2,
        ": at /assessment-results/metadata/oscal-version: OSCAL version `2.0.0` is not 1.x (aima reads OSCAL 1)",
    );
    let unknown = edited(|d| {
        d["assessment-results"]["results"][0]["observations"][3]["props"][0]["value"] =
            Value::from("GV-XX-A-1")
    });
    refused(
        "r.json",
        &unknown,
        ": at /assessment-results/results/0/observations/3/props/0/value: unknown question `GV-XX-A-1` in model owasp-aima@1.0",
    );
    let word = edited(|d| {
        d["assessment-results"]["results"][0]["observations"][0]["props"][1]["value"] = Value::from("maybe")
    });
    refused(
        "r.json",
        &word,
        ": at /assessment-results/results/0/observations/0/props/1/value: `maybe` is not an answer: expected yes, mostly, partly, no or na",
    );
    let shape =
        edited(|d| d["assessment-results"]["results"][0]["observations"][2]["props"] = Value::from("x"));
    refused(
        "r.json",
        &shape,
        ": at /assessment-results/results/0/observations/2/props: invalid type: string \"x\", expected a sequence",
    );
}

/// A final round with its sign-offs and one set aside (docs/record.md).
const SIGNED: &str = r#"aima: 1
model: owasp-aima@1.0
assessment:
  organization: Acme Corp
  date: 2026-11-16
  system: support-bot
  round: 2026-Q4
  status: final
  sign_off:
    - {by: J. Doe, role: assessor, date: 2026-11-18}
    - {by: "A. <b>Lee</b>", role: approver, date: 2026-11-21, note: "Approved *for* the [audit](x)"}
    - {by: R. Roe, role: data protection officer, date: 2026-11-21}
  superseded:
    - {by: A. Lee, role: approver, date: 2026-11-17}
answers:
  GV-SM-A-1: yes
"#;

#[test]
fn sign_offs_are_parties_with_roles_and_read_back() {
    let dir = tempfile::tempdir().expect("dir");
    let input = dir.path().join("signed.yaml");
    std::fs::write(&input, SIGNED).expect("write");
    let catalog = export(&["--to", "oscal-catalog"], &dir.path().join("c.json"));
    let json = dir.path().join("r.json");
    let doc = export(&[s(&input), "--to", "oscal"], &json);
    assert_valid(&schema("assessment-results"), &doc);
    assert_unique_uuids(&doc);
    check_references(&catalog, &doc);
    let meta = &doc["assessment-results"]["metadata"];
    let roles: Vec<&str> = strings(&meta["roles"], "id");
    assert_eq!(
        roles,
        [
            "organization",
            "sign-off-assessor",
            "sign-off-approver",
            "sign-off-other"
        ]
    );
    let names: Vec<&str> = meta["parties"]
        .as_array()
        .expect("parties")
        .iter()
        .map(|p| p["name"].as_str().expect("name"))
        .collect();
    assert_eq!(
        names,
        ["Acme Corp", "A. Lee", "J. Doe", "A. <b>Lee</b>", "R. Roe"]
    );
    let approver = &meta["parties"][3];
    assert_eq!(approver["remarks"], "Approved \\*for\\* the \\[audit\\](x)");
    assert_eq!(approver["props"][1]["value"], "2026-11-21");
    let approvers = meta["responsible-parties"]
        .as_array()
        .expect("list")
        .iter()
        .find(|r| r["role-id"] == "sign-off-approver")
        .expect("the approver role");
    assert_eq!(approvers["party-uuids"], serde_json::json!([approver["uuid"]]));
    let back = dir.path().join("back.yaml");
    let (_, stderr, code) = captured(&["import", s(&json), "-o", s(&back)]);
    assert_eq!(code, 0, "{stderr}");
    let (a, b) = (load(&input).metadata, load(&back).metadata);
    assert_eq!((&b.round, b.status), (&a.round, a.status));
    assert_eq!(b.sign_off, a.sign_off);
    assert_eq!(b.superseded, a.superseded);
}
