//! The questionnaire in the browser (`aima worksheet --format html`, docs/form.md), driven in
//! the Debian Chromium by Playwright (tests/browser/form-test.mjs): answers given with clicks
//! and keys, kept over a reload and a closed tab, saved as an answers file that `validate`,
//! `score` and `merge` take; hostile model text shown as text; answers files opened back,
//! bad ones refused in the page; no network request of any kind.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use aima::answers::{Answer, Date, Word};
use serde_json::{Value, json};

use common::{captured, load, model, repo, repo_file};

/// What the browser run reported.
struct Driven {
    results: Vec<Value>,
    requests: Vec<String>,
    dialogs: Vec<Value>,
    errors: Vec<Value>,
    ready_ms: f64,
}

/// Writes the form of `aima worksheet --format html ARGS` to DIR/form.html.
fn form(dir: &Path, args: &[&str]) -> PathBuf {
    let page = dir.join("form.html");
    let page_arg = page.to_str().expect("utf-8 path");
    let mut all = vec!["worksheet", "--format", "html", "-o", page_arg];
    all.extend_from_slice(args);
    let (out, err, code) = captured(&all);
    assert_eq!((err.as_str(), code), ("", 0), "{out}");
    page
}

/// Plays `plan` on `page` in Chromium and checks what every run must hold: no dialog,
/// no error or CSP report in the console, no request but the page's own file: URL.
fn drive(page: &Path, plan: &Value) -> Driven {
    drive_allowing(page, plan, None)
}

/// As [`drive`], with console errors that hold `allowed` let through.
fn drive_allowing(page: &Path, plan: &Value, allowed: Option<&str>) -> Driven {
    let modules = repo_file("tests/browser/node_modules/playwright-core");
    assert!(
        modules.is_dir(),
        "playwright-core is not installed: run `npm ci --prefix tests/browser` (.ci/run does)"
    );
    let plan_file = page.with_extension("plan.json");
    std::fs::write(&plan_file, plan.to_string()).expect("write plan");
    let out = Command::new("node")
        .arg(repo_file("tests/browser/form-test.mjs"))
        .arg(page)
        .arg(&plan_file)
        .current_dir(repo())
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "the browser run failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(stdout.trim()).expect("the driver prints JSON");
    let list = |key: &str| report[key].as_array().cloned().unwrap_or_default();
    let driven = Driven {
        results: list("results"),
        requests: list("requests")
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_string())
            .collect(),
        dialogs: list("dialogs"),
        errors: list("errors"),
        ready_ms: report["readyMs"].as_f64().expect("readyMs"),
    };
    let url = format!("file://{}", page.display());
    assert!(
        driven.requests.iter().all(|r| *r == url),
        "requests: {:?}",
        driven.requests
    );
    assert!(driven.dialogs.is_empty(), "dialogs: {:?}", driven.dialogs);
    let unexpected = driven
        .errors
        .iter()
        .filter(|e| allowed.is_none_or(|a| !e.as_str().is_some_and(|e| e.contains(a))));
    assert_eq!(unexpected.count(), 0, "errors: {:?}", driven.errors);
    driven
}

fn long(word: Word, note: Option<&str>, reason: Option<&str>, evidence: &[&str]) -> Answer {
    Answer {
        word: Some(word),
        note: note.map(str::to_string),
        reason: reason.map(str::to_string),
        evidence: evidence
            .iter()
            .map(|e| aima::answers::evidence::Evidence::text(*e))
            .collect(),
    }
}

const NOTE: &str = "Policy drafted: sign-off pending\nsecond line # not a comment\n- not a list";
const REASON: &str = "No models are trained here: we only \"buy\" them";
const ORGANIZATION: &str = "Acme \"Corp\": yes # really";
const EVIDENCE: [&str; 2] = [
    "https://wiki.example/ai-policy?x=1&y=2#top",
    "docs/policy: v2.pdf",
];

/// Clicks and keys on the first questions of GV: y/m/p/n/a/s/b, an arrow, a note (c), two
/// evidence entries (e) and a reason for n/a.
fn filling_plan(saved: &Path) -> Value {
    json!([
        {"fill": "#meta-organization", "text": ORGANIZATION},
        {"fill": "#meta-scope", "text": "Support bot: LLM, 'beta'"},
        {"fill": "#meta-assessor", "text": "J. Doe"},
        {"fill": "#meta-date", "text": "2026-11-20"},
        {"fill": "#meta-team", "text": "governance"},
        {"click": "label[for='a-GV-SM-A-1-yes']"},
        {"press": "s"}, {"press": "m"}, {"press": "p"}, {"press": "n"}, {"press": "a"},
        {"type": REASON},
        {"press": "Escape"}, {"press": "s"}, {"press": "y"},
        {"press": "y"}, {"press": "b"}, {"press": "ArrowRight"},
        // Keys alone for the note and the evidence: c, e, Esc back to the question.
        {"focus": "#a-GV-SM-A-1-yes"}, {"press": "c"}, {"type": NOTE}, {"press": "Escape"},
        {"press": "e"}, {"type": EVIDENCE[0]}, {"press": "Tab"}, {"press": "Tab"},
        {"fill": "#ev-GV-SM-A-1-0-date", "text": "2026-10-01"}, {"press": "Escape"},
        {"press": "e"}, {"type": EVIDENCE[1]}, {"press": "Escape"},
        {"reload": true},
        {"read": "[...document.querySelectorAll('input[type=radio]:checked')].map(r => r.id)"},
        {"reopen": true},
        {"read": "[document.getElementById('note-GV-SM-A-1').value, document.getElementById('reason-GV-SM-A-3').value, [...document.querySelectorAll('#q-GV-SM-A-1 input.ref')].map(i => i.value), document.getElementById('meta-organization').value, document.getElementById('progress-GV').textContent]"},
        {"save": saved.to_str().expect("utf-8")}
    ])
}

#[test]
fn answers_given_with_clicks_and_keys_are_kept_and_saved_exactly() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = form(dir.path(), &["--domain", "GV", "--system", "support-bot"]);
    let saved = dir.path().join("saved.yaml");
    let run = drive(&page, &filling_plan(&saved));
    // After a reload, the answers given; after a closed tab, the text typed.
    assert_eq!(
        run.results[0],
        json!([
            "a-GV-SM-A-1-yes",
            "a-GV-SM-B-1-mostly",
            "a-GV-SM-A-2-partly",
            "a-GV-SM-B-2-no",
            "a-GV-SM-A-3-na",
            "a-GV-SM-B-3-yes",
            "a-GV-PC-A-1-mostly"
        ])
    );
    assert_eq!(
        run.results[1],
        json!([NOTE, REASON, EVIDENCE, ORGANIZATION, "GV Governance7/18"])
    );
    assert_eq!(run.results[2], "aima-support-bot-GV-governance.yaml");

    assert_saved_form(&saved);
}

/// The file the form saved: it validates, holds exactly the answers given with their
/// note, reason and evidence, the metadata typed, and scores as the answers say.
fn assert_saved_form(saved: &Path) {
    let file = saved.to_str().expect("utf-8");
    let (out, err, code) = captured(&["validate", file]);
    assert_eq!(code, 0, "{out}{err}");
    let assessment = load(saved);
    let expected: BTreeMap<&str, Answer> = [
        ("GV-SM-A-1", {
            let mut a = long(Word::Yes, Some(NOTE), None, &EVIDENCE);
            a.evidence[0].date = Date::parse("2026-10-01");
            a
        }),
        ("GV-SM-B-1", Answer::word(Word::Mostly)),
        ("GV-SM-A-2", Answer::word(Word::Partly)),
        ("GV-SM-B-2", Answer::word(Word::No)),
        ("GV-SM-A-3", long(Word::Na, None, Some(REASON), &[])),
        ("GV-SM-B-3", Answer::word(Word::Yes)),
        ("GV-PC-A-1", Answer::word(Word::Mostly)),
    ]
    .into_iter()
    .collect();
    let given: BTreeMap<&str, Answer> = assessment
        .answers
        .iter()
        .filter(|(_, a)| a.word.is_some())
        .map(|(code, a)| (code.as_str(), a.clone()))
        .collect();
    assert_eq!(given, expected);
    // The other GV questions are in the file, open.
    assert_eq!(assessment.answers.len(), 18);
    let meta = &assessment.metadata;
    assert_eq!(meta.organization.as_deref(), Some(ORGANIZATION));
    assert_eq!(meta.scope.as_deref(), Some("Support bot: LLM, 'beta'"));
    assert_eq!(meta.assessor.as_deref(), Some("J. Doe"));
    assert_eq!(meta.date.map(|d| d.to_string()).as_deref(), Some("2026-11-20"));
    assert_eq!(meta.system.as_deref(), Some("support-bot"));
    assert_eq!(meta.team.as_deref(), Some("governance"));

    // GV-SM: A-1 yes, B-1 mostly (level 1 not met), A-2 partly, B-2 no, A-3 na, B-3 yes.
    let (out, _, code) = captured(&["score", file, "--format", "json"]);
    assert_eq!(code, 0);
    let score: Value = serde_json::from_str(&out).expect("json");
    let sm = &score["domains"][1]["practices"][0];
    assert_eq!(
        (&sm["id"], &sm["label"], &sm["score"]),
        (&json!("GV-SM"), &json!("0+"), &json!(1.8))
    );
    assert_eq!(score["unanswered"], 137);
}

const HOSTILE: &str =
    "<img src=x onerror=alert(1)></script><script>alert(2)</script>&amp; \"quoted\" 'single'";

/// A copy of the model whose GV texts hold markup and a `</script>`.
fn hostile_model(dir: &Path) -> PathBuf {
    let dst = dir.join("model");
    std::fs::create_dir(&dst).expect("mkdir");
    for entry in std::fs::read_dir(repo_file("domains")).expect("domains") {
        let path = entry.expect("entry").path();
        let mut text = std::fs::read_to_string(&path).expect("read");
        if path.ends_with("02-governance.yaml") {
            let quoted = serde_json::to_string(HOSTILE).expect("json");
            text = text
                .replace(
                    "text: Has an initial AI strategy been written down, even informally?",
                    &format!("text: {quoted}"),
                )
                .replace("name: Governance\n", &format!("name: {quoted}\n"));
            assert!(text.contains("onerror"), "the model text was replaced");
        }
        std::fs::write(dst.join(path.file_name().expect("name")), text).expect("write");
    }
    dst
}

#[test]
fn model_text_with_markup_is_shown_as_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let models = hostile_model(dir.path());
    let models = models.to_str().expect("utf-8");
    let page = form(dir.path(), &["--model", models, "--domain", "GV"]);
    let html = std::fs::read_to_string(&page).expect("read");
    // One `</script>` for each of the two script elements, none from the model.
    assert_eq!(html.matches("</script>").count(), 2);
    assert!(!html.contains("<img"));
    let saved = dir.path().join("saved.yaml");
    let run = drive(
        &page,
        &json!([
            {"click": "label[for='a-GV-SM-A-1-yes']"},
            {"read": "[document.querySelectorAll('img, iframe, object, embed').length, document.scripts.length, document.querySelector('#q-GV-SM-A-1 .text').textContent, document.querySelector('#domain-GV h2').textContent, document.querySelectorAll('[onerror]').length]"},
            {"save": saved.to_str().expect("utf-8")}
        ]),
    );
    assert_eq!(run.results[0], json!([0, 2, HOSTILE, format!("GV {HOSTILE}"), 0]));
    // The model's name reaches the saved file only in a comment, which it cannot end.
    let (out, err, code) = captured(&["--model", models, "validate", saved.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}{err}");
    let text = std::fs::read_to_string(&saved).expect("read");
    assert!(
        text.contains("  # GV <img src=x onerror=alert(1)></script>"),
        "{text}"
    );
}

/// A file as people edit one by hand: flow mappings, quotes of both kinds, block scalars,
/// comments, a value over two lines, a document marker, an answer for another domain.
const HAND_EDITED: &str = r#"# Edited by hand by the privacy officer
---
aima: 1
model: 'owasp-aima@1.0'   # pinned
assessment: {organization: Acme Corp, date: 2026-11-20, team: "privacy # office"}
targets:
  default: 2
  GV-PC: 3
answers:
  GV-SM-A-1: yes
  GV-SM-B-1: {answer: mostly, note: "two\nlines \u00e9", evidence: [https://a.example/x?y=1, 'docs/it''s.pdf']}
  GV-SM-A-2:
    answer: na
    reason: >-
      Folded text
      over two lines
  GV-SM-B-2:
    answer: "no"
    note: |
      Literal
        indented
    evidence:
    - docs/a.pdf
    - "docs/b.pdf"
    - ref: docs/minutes.pdf
      title: "Board minutes, May"
      date: 2026-01-05
      expires: 2027-01-05
      kind: record
      sha256: ABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABABAB
    - {ref: "https://grc.example/item/7", kind: link}
  GV-SM-A-3: ~
  GV-SM-B-3: null
  GV-PC-A-1: partly   # trailing comment
  GV-PC-B-1:
    answer: yes
    note: plain text
      continued on a second line
  RA-EV-A-1: yes
"#;

/// Writes `bytes` to DIR/NAME; its path as text.
fn write_file(dir: &Path, name: &str, bytes: &[u8]) -> String {
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("write");
    path.to_str().expect("utf-8").to_string()
}

/// Files the form must refuse to open: not an answers file, another model, too large, not
/// text, broken YAML, a bad word, `na` without a reason, an unknown key.
fn bad_files(dir: &Path) -> Vec<String> {
    let file = |name: &str, bytes: &[u8]| write_file(dir, name, bytes);
    let head = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n";
    let mut large = head.as_bytes().to_vec();
    large.resize(aima::base::input::MAX_INPUT_BYTES as usize + 1, b'#');
    vec![
        file(
            "model.yaml",
            &std::fs::read(repo_file("domains/02-governance.yaml")).expect("read"),
        ),
        file("other.yaml", b"aima: 1\nmodel: owasp-aima@0.9\nanswers: {}\n"),
        file("large.yaml", &large),
        file("binary.yaml", b"aima: 1\n\xff\xfe\n"),
        file("broken.yaml", format!("{head}  GV-SM-A-1: [yes\n").as_bytes()),
        file("word.yaml", format!("{head}  GV-SM-A-1: maybe\n").as_bytes()),
        file("na.yaml", format!("{head}  GV-SM-A-1: na\n").as_bytes()),
        file(
            "absolute.yaml",
            format!("{head}  GV-SM-A-1: {{answer: yes, evidence: [/etc/passwd]}}\n").as_bytes(),
        ),
        file(
            "key.yaml",
            format!("{head}  GV-SM-A-1: {{answer: yes, notes: x}}\n").as_bytes(),
        ),
    ]
}

#[test]
fn opening_an_answers_file_refuses_bad_ones_in_the_page_and_loses_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = form(dir.path(), &["--domain", "GV"]);
    let bad = bad_files(dir.path());
    let hand = write_file(dir.path(), "hand.yaml", HAND_EDITED.as_bytes());
    let saved = dir.path().join("saved.yaml");
    let state = "[document.querySelectorAll('input[type=radio]:checked').length, document.getElementById('note-GV-EG-B-3').value]";
    let mut plan = vec![
        json!({"click": "label[for='a-GV-EG-B-3-no']"}),
        json!({"fill": "#note-GV-EG-B-3", "text": "typed before"}),
    ];
    for path in &bad {
        plan.push(json!({"open": path}));
        plan.push(json!({"read": state}));
    }
    plan.push(json!({"reload": true}));
    plan.push(json!({"read": state}));
    plan.push(json!({"open": hand}));
    plan.push(json!({"save": saved.to_str().expect("utf-8")}));
    plan.push(json!({"click": "#undo-open"}));
    plan.push(json!({"read": state}));
    let run = drive(&page, &json!(plan));

    let messages: Vec<&str> = run
        .results
        .iter()
        .step_by(2)
        .take(bad.len())
        .map(|v| v.as_str().expect("text"))
        .collect();
    let expected = [
        "model.yaml was not opened: it is not an answers file (it has no `aima: 1` line). Nothing was changed.",
        "other.yaml was not opened: line 2: it is for model owasp-aima@0.9, and this form is for model owasp-aima@1.0. Nothing was changed.",
        "large.yaml was not opened: it is larger than 8 MiB, the limit of aima. Nothing was changed.",
        "binary.yaml was not opened: it is not UTF-8 text, so not an answers file. Nothing was changed.",
        "broken.yaml was not opened: line 4: a `{` or `[` is not closed. Nothing was changed.",
        "word.yaml was not opened: line 4: the answer to GV-SM-A-1 must be yes, mostly, partly, no or na. Nothing was changed.",
        "na.yaml was not opened: line 4: GV-SM-A-1 is `na` without a reason. Nothing was changed.",
        "absolute.yaml was not opened: line 4: evidence of GV-SM-A-1: `/etc/passwd` is an absolute path; a path is relative to the answers file and stays inside the project folder. Nothing was changed.",
        "key.yaml was not opened: line 4: unknown key `notes` in the answer to GV-SM-A-1 (expected answer, note, evidence, reason). Nothing was changed.",
    ];
    assert_eq!(messages, expected);
    // After each refusal, and after a reload, the form holds what was typed before.
    for (i, path) in bad.iter().enumerate() {
        assert_eq!(run.results[2 * i + 1], json!([1, "typed before"]), "after {path}");
    }
    assert_eq!(
        run.results[2 * bad.len()],
        json!([1, "typed before"]),
        "after a reload"
    );
    let opened = &run.results[2 * bad.len() + 1];
    assert_eq!(
        opened,
        &json!(
            "Opened hand.yaml: 6 answers for this form. Left out: 1 answer for domains this form does not ask (RA-EV-A-1). \"Undo open\" brings back what the form held before."
        )
    );
    // "Undo open" brings back what the form held.
    assert_eq!(run.results.last(), Some(&json!([1, "typed before"])));

    same_in_gv(Path::new(&hand), &saved);
}

/// The form read the hand-edited file as aima does: saving it back changes nothing in GV.
fn same_in_gv(hand: &Path, saved: &Path) {
    let (out, err, code) = captured(&["validate", saved.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}{err}");
    let original = load(hand);
    let round_trip = load(saved);
    let gv = |a: &aima::answers::Assessment| -> BTreeMap<String, Answer> {
        a.answers
            .iter()
            .filter(|(c, a)| c.starts_with("GV-") && **a != Answer::default())
            .map(|(c, a)| (c.clone(), a.clone()))
            .collect()
    };
    assert_eq!(gv(&round_trip), gv(&original));
    assert_eq!(
        gv(&original)["GV-SM-B-2"].note.as_deref(),
        Some("Literal\n  indented\n")
    );
    assert_eq!(round_trip.metadata, original.metadata);
    assert_eq!(round_trip.targets, original.targets);
}

const EXAMPLE: &str = "examples/acme-support-bot-2026-11.yaml";

/// Steps that give `answers` (GV) in the form with clicks and typing, as a person would.
fn giving(assessment: &aima::answers::Assessment, domain: &str) -> Vec<Value> {
    let mut plan = Vec::new();
    for q in model().questions().filter(|q| q.domain.id == domain) {
        let id = &q.question.id;
        let Some(a) = assessment.answers.get(id) else {
            continue;
        };
        if let Some(word) = a.word {
            plan.push(json!({"click": format!("label[for='a-{id}-{word}']")}));
        }
        if let Some(reason) = &a.reason {
            plan.push(json!({"fill": format!("#reason-{id}"), "text": reason}));
        }
        if let Some(note) = &a.note {
            plan.push(json!({"fill": format!("#note-{id}"), "text": note}));
        }
        for (i, item) in a.evidence.iter().enumerate() {
            plan.push(json!({"click": format!("#q-{id} .add-evidence")}));
            plan.push(json!({"fill": format!("#ev-{id}-{i}-ref"), "text": item.reference}));
            if let Some(date) = item.date {
                plan.push(json!({"fill": format!("#ev-{id}-{i}-date"), "text": date.to_string()}));
            }
        }
    }
    plan
}

/// A team file made in the terminal: `aima assess FILE --domain CODES` answering as
/// `assessment` does (words and reasons), with the metadata typed at its prompts.
fn interviewed(file: &Path, domains: &[&str], assessment: &aima::answers::Assessment) {
    use aima::interview::scripted::ScriptedPrompter;
    use aima::interview::{Choice, Scope};
    let meta = &assessment.metadata;
    let mut steps = vec![
        common::typed(meta.organization.as_deref().unwrap_or_default()),
        common::typed(meta.scope.as_deref().unwrap_or_default()),
        common::typed(meta.system.as_deref().unwrap_or_default()),
        common::typed(meta.team.as_deref().unwrap_or_default()),
        common::typed("terminal user"),
        common::typed(&meta.date.expect("dated").to_string()),
    ];
    let codes: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
    for q in model().questions().filter(|q| codes.contains(&q.domain.id)) {
        match assessment.answers.get(&q.question.id) {
            Some(Answer {
                word: Some(word),
                reason,
                ..
            }) => {
                steps.push(common::answer(*word));
                if let Some(reason) = reason {
                    steps.push(common::typed(reason));
                }
            }
            _ => steps.push(common::choose(Choice::Skip)),
        }
    }
    let args = aima::cli::AssessArgs {
        file: file.to_path_buf(),
        domain: codes.clone(),
        review: false,
        from: None,
        profile: None,
        round: None,
        reopen: false,
    };
    let mut prompter = ScriptedPrompter::new(steps);
    let scope = Scope::new(model(), &codes).expect("known domains");
    aima::commands::assess::interview(model(), None, &args, scope, None, &mut prompter, common::today())
        .expect("the interview ends");
    assert_eq!(prompter.remaining(), 0, "every scripted step was used");
}

#[test]
fn a_gv_form_merged_with_terminal_team_files_scores_as_one_scripted_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let example = load(&repo_file(EXAMPLE));
    let meta = &example.metadata;
    let page = form(dir.path(), &["--domain", "GV"]);
    let from_form = dir.path().join("gv.yaml");
    let mut plan = vec![
        json!({"fill": "#meta-organization", "text": meta.organization}),
        json!({"fill": "#meta-scope", "text": meta.scope}),
        json!({"fill": "#meta-date", "text": meta.date.expect("dated").to_string()}),
        json!({"fill": "#meta-team", "text": "governance"}),
    ];
    plan.extend(giving(&example, "GV"));
    plan.push(json!({"save": from_form.to_str().expect("utf-8")}));
    drive(&page, &json!(plan));
    let ra = dir.path().join("ra.yaml");
    let rest = dir.path().join("rest.yaml");
    interviewed(&ra, &["RA"], &example);
    interviewed(&rest, &["DM", "PR", "DE", "IM", "VE", "OP"], &example);

    // The same answers in one scripted answers file, written by aima's own writer.
    let mut whole = example.clone();
    whole.targets = aima::answers::Targets::default();
    let scripted = dir.path().join("scripted.yaml");
    let text =
        aima::answers::write::answers_file(model(), &whole, aima::answers::write::Kind::Assessment, &|_| {
            true
        });
    std::fs::write(&scripted, text).expect("write");

    let merged = dir.path().join("merged.yaml");
    let p = |path: &Path| path.to_str().expect("utf-8").to_string();
    let (out, err, code) = captured(&["merge", &p(&from_form), &p(&ra), &p(&rest), "-o", &p(&merged)]);
    assert_eq!(code, 0, "{out}{err}");
    let score = |files: &[String]| -> Value {
        let mut args = vec!["score", "--format", "json"];
        args.extend(files.iter().map(String::as_str));
        let (out, err, code) = captured(&args);
        assert_eq!(code, 0, "{err}");
        let mut json: Value = serde_json::from_str(&out).expect("json");
        json["assessment"] = Value::Null;
        json
    };
    let expected = score(&[p(&scripted)]);
    assert_eq!(
        expected["unanswered"],
        example.answers.values().filter(|a| a.word.is_none()).count() + 144 - example.answers.len()
    );
    assert_eq!(
        expected["overall"],
        score(&[repo_file(EXAMPLE).display().to_string()])["overall"]
    );
    assert_eq!(score(&[p(&from_form), p(&ra), p(&rest)]), expected);
    assert_eq!(score(&[p(&merged)]), expected);
    // The form's file holds the example's GV answers exactly, notes and evidence included.
    let gv = |a: &aima::answers::Assessment| -> Vec<(String, Answer)> {
        a.answers
            .iter()
            .filter(|(c, a)| c.starts_with("GV-") && a.word.is_some())
            .map(|(c, a)| (c.clone(), a.clone()))
            .collect()
    };
    assert_eq!(gv(&load(&from_form)), gv(&example));
}

#[test]
fn a_form_from_a_previous_assessment_starts_from_its_answers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = form(dir.path(), &["--domain", "GV,DE", "--from", EXAMPLE]);
    let saved = dir.path().join("saved.yaml");
    let run = drive(
        &page,
        &json!([
            {"read": "[document.getElementById('meta-organization').value, document.getElementById('meta-assessor').value, document.getElementById('meta-date').value === new Date().toLocaleDateString('en-CA'), document.getElementById('total').textContent]"},
            {"fill": "#meta-date", "text": "2026-12-01"},
            {"save": saved.to_str().expect("utf-8")}
        ]),
    );
    // A re-assessment: the old metadata, a new assessor and today's date (docs/form.md).
    assert_eq!(
        run.results[0],
        json!(["Acme Corp", "", true, "36 of 36 answered"])
    );
    let (out, err, code) = captured(&["validate", saved.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}{err}");
    let old = load(&repo_file(EXAMPLE));
    let new = load(&saved);
    for (code, answer) in &old.answers {
        let asked = code.starts_with("GV-") || code.starts_with("DE-");
        assert_eq!(new.answers.get(code), asked.then_some(answer), "{code}");
    }
    assert_eq!(new.targets, old.targets);
    assert_eq!(new.metadata.system, old.metadata.system);
    assert_eq!(new.metadata.assessor, None);
}

#[test]
fn the_whole_form_is_one_small_file_that_allows_no_network_access() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = form(dir.path(), &[]);
    let html = std::fs::read_to_string(&page).expect("read");
    assert!(html.len() <= 400 * 1024, "{} bytes", html.len());
    let csp = html
        .split("http-equiv=\"Content-Security-Policy\" content=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a CSP");
    for directive in [
        "default-src 'none'",
        "connect-src 'none'",
        "form-action 'none'",
        "img-src 'none'",
        "base-uri 'none'",
    ] {
        assert!(csp.contains(directive), "{csp}");
    }
    assert_inline_digests(&html, csp);
    // Every question is there, and the page is ready within a second.
    // A fetch from the page is refused by the CSP before any connection is made.
    let run = drive_allowing(
        &page,
        &json!([{"read": "document.querySelectorAll('article.q').length"}, {"read": FETCH_REFUSED}]),
        Some("http://127.0.0.1:9/x"),
    );
    assert_eq!(run.results, [json!(144), json!("connect-src")]);
    assert!(
        run.errors.iter().any(|e| e
            .as_str()
            .is_some_and(|e| e.contains("\"connect-src 'none'\". The action has been blocked."))),
        "{:?}",
        run.errors
    );
    eprintln!("form ready after {} ms", run.ready_ms);
}

#[test]
fn bad_worksheet_options_are_usage_errors() {
    for (args, message) in [
        (&["worksheet", "--domain", "GV,XX"][..], "unknown domain"),
        (
            &["worksheet", "--format", "html", "--system", "two words"][..],
            "--system two words: use letters",
        ),
        (&["worksheet", "--format", "pdf"][..], "invalid value 'pdf'"),
    ] {
        let (out, err, code) = captured(args);
        assert_eq!((out.as_str(), code), ("", 2), "{args:?}");
        assert!(err.contains(message), "{args:?}: {err}");
    }
}

/// The width of a PNG image (its IHDR chunk).
fn png_width(bytes: &[u8]) -> u32 {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "a PNG");
    u32::from_be_bytes(bytes[16..20].try_into().expect("4 bytes"))
}

/// docs/form-1280.png and docs/form-768.png, at a laptop's and a tablet's width; written
/// again with `AIMA_BLESS=1` (fonts differ between machines, so pixels are not compared).
#[test]
fn screenshots_at_a_laptop_and_a_tablet_width() {
    let dir = tempfile::tempdir().expect("temp dir");
    let page = form(dir.path(), &["--domain", "RA,GV", "--system", "support-bot"]);
    let target = |width: u32| {
        let name = format!("docs/form-{width}.png");
        if common::bless() {
            repo_file(&name)
        } else {
            dir.path().join(format!("form-{width}.png"))
        }
    };
    let mut plan = vec![
        json!({"fill": "#meta-organization", "text": "Acme Corp"}),
        json!({"fill": "#meta-team", "text": "governance"}),
    ];
    for (id, word) in [
        ("RA-EV-A-1", "yes"),
        ("RA-EV-B-1", "yes"),
        ("RA-EV-A-2", "partly"),
        ("GV-SM-A-1", "yes"),
        ("GV-SM-B-1", "mostly"),
        ("GV-SM-A-2", "na"),
    ] {
        plan.push(json!({"click": format!("label[for='a-{id}-{word}']")}));
    }
    plan.push(json!({"type": "The strategy is set by the parent company"}));
    plan.push(json!({"click": "#q-GV-SM-A-1 .add-evidence"}));
    plan.push(json!({"type": "https://wiki.example/ai-strategy"}));
    plan.push(json!({"fill": "#note-GV-SM-B-1", "text": "Draft strategy; board sign-off in Q1"}));
    plan.push(json!({"focus": "#a-GV-SM-B-1-mostly"}));
    plan.push(json!({"read": "document.getElementById('q-GV-SM-A-1').scrollIntoView() || 0"}));
    for (width, height) in [(1280, 800), (768, 1024)] {
        plan.push(json!({"shot": target(width), "width": width, "height": height}));
    }
    drive(&page, &json!(plan));
    for width in [1280, 768] {
        let committed =
            std::fs::read(repo_file(&format!("docs/form-{width}.png"))).expect("committed screenshot");
        assert_eq!(png_width(&committed), width);
        assert!(committed.len() < 300 * 1024, "docs/form-{width}.png is small");
        assert_eq!(png_width(&std::fs::read(target(width)).expect("taken")), width);
    }
}

/// The page's script, when the page is asked to fetch: the CSP directive that refused it.
const FETCH_REFUSED: &str = "new Promise((ok) => { document.addEventListener('securitypolicyviolation', (e) => ok(e.effectiveDirective)); fetch('http://127.0.0.1:9/x').then(() => ok('fetched'), () => {}); setTimeout(() => ok('no violation'), 3000); })";

/// The answers file the page would download: its Blob, caught on its way to the link.
const SAVED_TEXT: &str = "(() => { const blobs = []; const o = URL.createObjectURL; URL.createObjectURL = (b) => { blobs.push(b); return o.call(URL, b); }; document.getElementById('save').click(); return blobs[0].text(); })()";

#[test]
fn the_form_works_in_firefox_too() {
    assert!(
        Path::new("/usr/bin/firefox-esr").exists(),
        "Firefox ESR is not installed: apt-get install firefox-esr (.ci/run does)"
    );
    let dir = tempfile::tempdir().expect("temp dir");
    let page = form(dir.path(), &["--domain", "GV"]);
    let plan = json!([
        {"eval": "document.querySelectorAll('article.q').length"},
        {"eval": "(document.getElementById('a-GV-SM-A-1-yes').focus(), 0)"},
        {"keys": "ymna"},
        {"keys": "No models here"},
        {"keys": "\u{e00c}c"},
        {"keys": "checked"},
        {"reload": true},
        {"eval": "[...document.querySelectorAll('input[type=radio]:checked')].map(r => r.id).concat([document.getElementById('reason-GV-SM-B-2').value, document.getElementById('note-GV-SM-B-2').value])"},
        {"eval": FETCH_REFUSED},
        {"eval": SAVED_TEXT}
    ]);
    let plan_file = dir.path().join("plan.json");
    std::fs::write(&plan_file, plan.to_string()).expect("write plan");
    let out = Command::new("node")
        .arg("--experimental-websocket")
        .arg(repo_file("tests/browser/firefox-test.mjs"))
        .arg(&page)
        .arg(&plan_file)
        .output()
        .expect("node runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let report: Value = serde_json::from_str(stdout.trim()).expect("json");
    assert_firefox_report(&report, &page, dir.path());
}

/// What Firefox did: no request but the page, no prompt, the one CSP error, the answers
/// kept over a reload, and a saved file that validates.
fn assert_firefox_report(report: &Value, page: &Path, dir: &Path) {
    let url = format!("file://{}", page.display());
    assert!(
        report["requests"]
            .as_array()
            .expect("list")
            .iter()
            .all(|r| r == &json!(url)),
        "{report}"
    );
    assert_eq!(report["prompts"], json!([]));
    // The one error is the CSP's report of the fetch below, refused before any connection.
    let errors = report["errors"].as_array().expect("list");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].as_str().expect("text").contains("connect-src 'none'"),
        "{errors:?}"
    );
    let results = report["results"].as_array().expect("list");
    assert_eq!(results[0], json!(18));
    assert_eq!(
        results[2],
        json!([
            "a-GV-SM-A-1-yes",
            "a-GV-SM-B-1-mostly",
            "a-GV-SM-A-2-no",
            "a-GV-SM-B-2-na",
            "No models here",
            "checked"
        ])
    );
    assert_eq!(results[3], json!("connect-src"));
    let saved = dir.join("saved.yaml");
    std::fs::write(&saved, results[4].as_str().expect("text")).expect("write");
    let (out, err, code) = captured(&["validate", saved.to_str().expect("utf-8")]);
    assert_eq!(code, 0, "{out}{err}");
    let answers = load(&saved).answers;
    assert_eq!(
        answers["GV-SM-B-2"],
        long(Word::Na, Some("checked"), Some("No models here"), &[])
    );
    assert_eq!(answers["GV-SM-A-2"], Answer::word(Word::No));
}

/// The CSP allows exactly the page's one script and one style, by their SHA-256 digests,
/// computed here by openssl.
fn assert_inline_digests(html: &str, csp: &str) {
    let inline = |open: &str, close: &str| -> String {
        let body = html
            .rsplit(open)
            .next()
            .and_then(|s| s.split(close).next())
            .expect("element");
        let mut openssl = Command::new("sh")
            .args(["-c", "openssl dgst -sha256 -binary | openssl base64 -A"])
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("openssl runs");
        use std::io::Write as _;
        openssl
            .stdin
            .take()
            .expect("stdin")
            .write_all(body.as_bytes())
            .expect("write");
        let out = openssl.wait_with_output().expect("digest");
        format!("'sha256-{}'", String::from_utf8(out.stdout).expect("base64"))
    };
    assert!(
        csp.contains(&format!("script-src {}", inline("<script>", "</script>"))),
        "{csp}"
    );
    assert!(
        csp.contains(&format!("style-src {}", inline("<style>", "</style>"))),
        "{csp}"
    );
}
