//! Policy as code (docs/policy.md): `check --policy`, `[policy] paths`, `aima policy
//! input`, the example policies, bad policies, and OPA itself as the oracle: for every
//! example policy and 20 generated inputs, aima's sets equal OPA's over the printed input.

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

use crate::common::{self, aima, model, repo_file, stderr, stdout};

/// 2026-12-01, so ages in days are fixed.
const EPOCH: &str = "1796083200";
const TODAY: &str = "2026-12-01";

/// Runs aima with a fixed clock.
fn run(args: &[&str]) -> Output {
    aima()
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .output()
        .expect("aima runs")
}

fn code(out: &Output) -> i32 {
    out.status.code().unwrap_or(-1)
}

/// A deterministic pseudo-random sequence (an LCG; the test needs variety, not quality).
struct Dice(u64);

impl Dice {
    fn next(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// How a generated vendor system's answers are attested.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Attested {
    /// No envelope beside the answers.
    No,
    /// Signed with the vendor's key.
    Valid,
    /// Signed with another key than aima.toml's `vendor_key`.
    OtherKey,
    /// Signed with the vendor's key, then the answers file changed.
    Changed,
}

/// What a generated input varies.
struct Case {
    risk: Option<&'static str>,
    vendor: bool,
    attested: Attested,
    age_days: i64,
    /// Chance in 100 that a question is answered yes.
    yes: u64,
    /// `status: final`, approved this many days after the assessment's date.
    approved: Option<i64>,
    /// Chance in 100 that a yes carries dated evidence (a URL with `date` and `expires`).
    evidence: u64,
    /// Whether that evidence may have expired already.
    lapsed: bool,
}

fn date_before(days: i64) -> String {
    let today = aima::answers::Date::parse(TODAY).expect("date");
    let n = aima::portfolio::days_since_epoch(today) - days;
    aima::answers::Date::from_days_since_epoch(n).to_string()
}

/// The `assessment:` record of `case`: date, and status and sign-off when approved.
fn record(case: &Case) -> String {
    let mut out = format!(
        "assessment:\n  organization: Example\n  assessor: A. Tester\n  date: {}\n  system: sys\n",
        date_before(case.age_days)
    );
    if let Some(after) = case.approved {
        out.push_str(&format!(
            "  status: final\n  sign_off:\n    - {{by: R. Approver, role: approver, date: {}}}\n",
            date_before(case.age_days - after.min(case.age_days))
        ));
    }
    out
}

/// A dated evidence item for question `code`: collected 61 to 560 days ago, expiring in
/// the next 300 days, or (when `lapsed`) between 59 days ago and 240 days ahead.
fn evidence_item(code: &str, case: &Case, dice: &mut Dice) -> String {
    let collected = 61 + dice.next(500) as i64;
    let expires = if case.lapsed {
        dice.next(300) as i64 - 240
    } else {
        -1 - dice.next(300) as i64
    };
    format!(
        "{{answer: yes, evidence: [{{ref: \"https://evidence.example/{code}\", date: {}, expires: {}}}]}}",
        date_before(collected),
        date_before(expires)
    )
}

/// An answers file for `case`: every question answered by the dice, a few left open.
fn answers_file(case: &Case, dice: &mut Dice) -> String {
    let mut out = format!(
        "aima: 1\nmodel: owasp-aima@1.0\n{}targets:\n  default: 2\nanswers:\n",
        record(case)
    );
    for q in model().questions() {
        let roll = dice.next(100);
        let code = &q.question.id;
        let word = if roll < case.yes {
            if dice.next(100) < case.evidence {
                evidence_item(code, case, dice)
            } else {
                "yes".to_string()
            }
        } else if roll < case.yes + (100 - case.yes) / 3 {
            "mostly".to_string()
        } else if roll < 97 {
            "no".to_string()
        } else {
            "~".to_string()
        };
        out.push_str(&format!("  {code}: {word}\n"));
    }
    // The organisation's own evidence for EU AI Act clauses, which eu-ai-act-clauses.rego
    // accepts (yes or mostly with an item) or warns about.
    let own = [
        "  \"eu-ai-act:Art. 5\": {answer: yes, evidence: [\"docs/no-prohibited-use.md\"]}\n",
        "  \"eu-ai-act:Art. 50\": {answer: mostly, evidence: [\"https://example.org/ai-notice\"]}\n",
        "  \"eu-ai-act:Art. 14\": partly\n",
        "  \"eu-ai-act:Art. 4\": {answer: yes, note: \"no item\"}\n",
    ];
    let picked: Vec<&str> = own.iter().copied().filter(|_| dice.next(2) == 0).collect();
    if !picked.is_empty() {
        out.push_str("clauses:\n");
        out.extend(picked);
    }
    out
}

fn config_file(case: &Case) -> String {
    let mut out = String::from("[systems.sys]\nname = \"Generated system\"\nlifecycle = \"production\"\n");
    if case.vendor {
        out.push_str("vendor = \"Vendor Ltd\"\nvendor_key = \"vendor.pub.pem\"\n");
    }
    if let Some(risk) = case.risk {
        out.push_str(&format!(
            "eu_ai_act = {{ role = \"deployer\", risk = \"{risk}\" }}\n"
        ));
    }
    out
}

fn cases() -> Vec<Case> {
    let mut dice = Dice(23);
    let risks = [Some("high-risk"), Some("limited"), Some("minimal"), None];
    let attested = [
        Attested::No,
        Attested::Valid,
        Attested::OtherKey,
        Attested::Changed,
    ];
    (0..20)
        .map(|i| Case {
            risk: risks[(dice.next(4) as usize + i) % 4],
            vendor: dice.next(2) == 0,
            attested: attested[(dice.next(4) as usize + i) % 4],
            age_days: 10 + dice.next(700) as i64,
            yes: 35 + dice.next(64),
            approved: (dice.next(3) > 0).then(|| dice.next(20) as i64),
            evidence: [0, 10, 30][dice.next(3) as usize],
            lapsed: dice.next(2) == 0,
        })
        .collect()
}

/// The example policies, sorted.
fn example_policies() -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(repo_file("examples/policies"))
        .expect("examples/policies")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "rego"))
        .collect();
    found.sort();
    found
}

/// A message list in one order, for comparing sets.
fn sorted(list: &Value) -> Vec<String> {
    let mut items: Vec<String> = list
        .as_array()
        .map(|a| a.iter().map(Value::to_string).collect())
        .unwrap_or_default();
    items.sort();
    items
}

/// One generated input on disk, with aima's results for every example policy.
struct Generated {
    input: PathBuf,
    /// (file, deny, warn) from `check --format json`.
    results: Vec<(String, Vec<String>, Vec<String>)>,
}

/// Writes the vendor's key pair and another one into `dir`.
fn keys(dir: &Path) {
    for name in ["vendor", "other"] {
        let out = in_dir(dir, &["keygen", "-o", name]);
        assert_eq!(code(&out), 0, "keygen: {}", stderr(&out));
    }
}

/// Signs the answers file in `folder` as `case` says (keys from `keys` in `dir`).
fn attest(dir: &Path, folder: &Path, case: &Case) {
    std::fs::copy(dir.join("vendor.pub.pem"), folder.join("vendor.pub.pem")).expect("copy key");
    let key = match case.attested {
        Attested::No => return,
        Attested::OtherKey => dir.join("other.pem"),
        Attested::Valid | Attested::Changed => dir.join("vendor.pem"),
    };
    let key = key.to_str().expect("utf-8");
    let out = in_dir(
        folder,
        &["attest", "answers.yaml", "--key", key, "-o", "answers.dsse.json"],
    );
    assert_eq!(code(&out), 0, "attest: {}", stderr(&out));
    if case.attested == Attested::Changed {
        let answers = folder.join("answers.yaml");
        let text = std::fs::read_to_string(&answers).expect("answers");
        std::fs::write(&answers, text + "# changed after it was attested\n").expect("write");
    }
}

/// (file, deny, warn) of one policy.
type PolicyResults = (String, Vec<String>, Vec<String>);

/// `check A --policy PATH --format json` with aima.toml `c`: each policy's results.
fn checked(c: &str, a: &str, path: &str) -> Vec<PolicyResults> {
    let out = run(&["--config", c, "check", a, "--policy", path, "--format", "json"]);
    assert!(matches!(code(&out), 0 | 1), "check: {}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    doc["policies"]
        .as_array()
        .expect("policies")
        .iter()
        .map(|p| {
            let file = p["file"].as_str().expect("file");
            let name = Path::new(file)
                .file_name()
                .map_or(file.into(), |n| n.to_string_lossy());
            (name.into_owned(), sorted(&p["deny"]), sorted(&p["warn"]))
        })
        .collect()
}

fn generate(dir: &Path, i: usize, case: &Case, dice: &mut Dice) -> Generated {
    let folder = dir.join(format!("case-{i:02}"));
    std::fs::create_dir_all(&folder).expect("folder");
    let answers = folder.join("answers.yaml");
    let config = folder.join("aima.toml");
    std::fs::write(&answers, answers_file(case, dice)).expect("write answers");
    std::fs::write(&config, config_file(case)).expect("write config");
    if case.vendor {
        attest(dir, &folder, case);
    }
    let (a, c) = (answers.to_str().expect("utf-8"), config.to_str().expect("utf-8"));
    let printed = run(&["--config", c, "policy", "input", a]);
    assert_eq!(code(&printed), 0, "policy input: {}", stderr(&printed));
    let input = folder.join("input.json");
    std::fs::write(&input, &printed.stdout).expect("write input");
    // Each policy alone (its input pruned to the keys it names, docs/policy.md), and the
    // five as one set (every key): the same results, which OPA checks over the whole input.
    let results: Vec<PolicyResults> = example_policies()
        .iter()
        .flat_map(|p| checked(c, a, p.to_str().expect("utf-8")))
        .collect();
    assert_eq!(
        checked(c, a, "examples/policies"),
        results,
        "one set or one by one"
    );
    Generated { input, results }
}

/// Runs tests/it/opa/eval.py over `jobs`; OPA's results in job order.
fn opa(dir: &Path, jobs: &[Value]) -> Vec<Value> {
    let file = dir.join("jobs.json");
    std::fs::write(&file, serde_json::to_vec(jobs).expect("jobs")).expect("write jobs");
    let out = std::process::Command::new("python3")
        .arg(repo_file("tests/it/opa/eval.py"))
        .arg(&file)
        .output()
        .expect("python3 runs (tests/it/opa/eval.py needs opa-golib-python-bindings; .ci/run installs it)");
    assert!(out.status.success(), "OPA failed: {}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("OPA's JSON")
}

#[test]
fn every_example_policy_gives_opas_set_over_twenty_generated_inputs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let policies = example_policies();
    assert!(policies.len() >= 5, "examples/policies: {policies:?}");
    keys(dir.path());
    let mut dice = Dice(2026);
    let generated: Vec<Generated> = cases()
        .iter()
        .enumerate()
        .map(|(i, case)| generate(dir.path(), i, case, &mut dice))
        .collect();
    let mut jobs = Vec::new();
    for g in &generated {
        for p in &policies {
            jobs.push(json!({"policy": p, "libraries": [], "input": g.input}));
        }
    }
    let answers = opa(dir.path(), &jobs);
    assert_eq!(answers.len(), jobs.len());
    let mut denied = vec![0; policies.len()];
    let mut warned = vec![0; policies.len()];
    for (g, row) in generated.iter().zip(answers.chunks(policies.len())) {
        assert_eq!(g.results.len(), policies.len(), "one result per policy");
        for (k, ((file, deny, warn), oracle)) in g.results.iter().zip(row).enumerate() {
            assert!(oracle.get("error").is_none(), "OPA: {file}: {oracle}");
            let context = format!("{file} over {}", g.input.display());
            assert_eq!(deny, &sorted(&oracle["deny"]), "deny of {context}");
            assert_eq!(warn, &sorted(&oracle["warn"]), "warn of {context}");
            denied[k] += usize::from(!deny.is_empty());
            warned[k] += usize::from(!warn.is_empty());
        }
    }
    println!(
        "OPA comparison: {} policies x {} inputs: every deny and warn set equal; inputs denied/warned per policy: {}",
        policies.len(),
        generated.len(),
        policies
            .iter()
            .zip(denied.iter().zip(&warned))
            .map(|(p, (d, w))| format!("{} {d}/{w}", p.file_name().unwrap_or_default().to_string_lossy()))
            .collect::<Vec<_>>()
            .join(", ")
    );
    // The comparison means something only if each policy both denies and passes.
    for (p, n) in policies.iter().zip(&denied) {
        assert!(
            (1..generated.len()).contains(n),
            "{} denied {n} of {} inputs",
            p.display(),
            generated.len()
        );
    }
}

/// A project with one answers file for system `sys` and the given aima.toml.
fn project(config: &str, answers: &str) -> tempfile::TempDir {
    common::temp_files(&[("aima.toml", config), ("a.yaml", answers)])
}

fn acme(system: &str) -> String {
    let text = std::fs::read_to_string(repo_file("examples/acme-support-bot-2026-11.yaml")).expect("example");
    text.replacen(
        "  date: 2026-11-20\n",
        &format!("  date: 2026-11-20\n  system: {system}\n"),
        1,
    )
}

fn in_dir(dir: &Path, args: &[&str]) -> Output {
    aima()
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", EPOCH)
        .args(args)
        .output()
        .expect("aima runs")
}

const HIGH_RISK: &str = "[systems.bot]\neu_ai_act = { role = \"deployer\", risk = \"high-risk\" }\n";

#[test]
fn the_high_risk_policy_names_each_practice_below_level_2() {
    let dir = project(HIGH_RISK, &acme("bot"));
    let policy = repo_file("examples/policies/high-risk-data.rego");
    let out = in_dir(
        dir.path(),
        &[
            "check",
            "a.yaml",
            "--policy",
            policy.to_str().expect("utf-8"),
            "-f",
            "json",
        ],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["passed"], false);
    assert_eq!(
        doc["policies"][0]["deny"],
        json!([
            {"msg": "DM-DT is at level 1+; a high-risk system needs 2 or more", "practice": "DM-DT"},
            {"msg": "DM-GA is at level 1; a high-risk system needs 2 or more", "practice": "DM-GA"}
        ])
    );
    // A system that is not high-risk passes the same policy.
    let dir = project(
        "[systems.bot]\neu_ai_act = { role = \"deployer\", risk = \"limited\" }\n",
        &acme("bot"),
    );
    let out = in_dir(
        dir.path(),
        &[
            "check",
            "a.yaml",
            "--policy",
            policy.to_str().expect("utf-8"),
            "-f",
            "json",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["policies"][0]["deny"], json!([]));
}

#[test]
fn policy_paths_in_aima_toml_run_and_warn_prints_and_passes() {
    let config = "[policy]\npaths = [\"policies\"]\n[systems.bot]\n";
    let answers = acme("bot").replacen("targets:\n  default: 2\n  GV-PC: 3\n  DE-TA: 3\n", "", 1);
    let dir = project(config, &answers);
    std::fs::create_dir(dir.path().join("policies")).expect("mkdir");
    std::fs::write(
        dir.path().join("policies/warn.rego"),
        "package aima\n\nwarn contains {\"msg\": \"VE-AA is below level 1\", \"practice\": \"VE-AA\"} if {\n\tinput.score.by_practice[\"VE-AA\"].level < 1\n}\n",
    )
    .expect("write policy");
    let out = in_dir(dir.path(), &["check", "a.yaml", "--target", "0"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.ends_with(
            "\npolicies: passed: 1 policy denied nothing; 1 warning.\n  warn  policies/warn.rego: VE-AA is below level 1\n"
        ),
        "{text}"
    );
}

#[test]
fn the_policy_input_has_the_documented_parts() {
    let dir = project(HIGH_RISK, &acme("bot"));
    let out = in_dir(dir.path(), &["policy", "input", "a.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let input: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let keys: Vec<&str> = input
        .as_object()
        .expect("object")
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "assessment",
            "system",
            "score",
            "crosswalk",
            "evidence",
            "attestation",
            "config"
        ]
    );
    assert_eq!(input["assessment"]["age_days"], 11);
    assert_eq!(input["assessment"]["today"], TODAY);
    assert_eq!(input["system"]["eu_ai_act"]["risk"], "high-risk");
    assert_eq!(input["score"]["by_practice"]["DM-GA"]["label"], "1");
    assert_eq!(
        input["score"]["by_practice"]["DM-GA"]["actions"],
        json!(["DM-GA-A-2", "DM-GA-B-2"])
    );
    assert_eq!(input["config"]["file"], "aima.toml");
    // The EU AI Act is covered because the system's entry has eu_ai_act.
    assert!(input["crosswalk"]["eu-ai-act"]["clauses"]["Art. 9"]["status"].is_string());
    // The score part is `aima score --format json`, with maps by id beside it.
    let score: Value =
        serde_json::from_slice(&in_dir(dir.path(), &["score", "a.yaml", "-f", "json"]).stdout).expect("JSON");
    for (key, value) in score.as_object().expect("object") {
        assert_eq!(&input["score"][key], value, "score.{key}");
    }
}

/// Runs `check` on the acme example with one policy file of `text`.
fn with_policy(text: &str) -> Output {
    let dir = project("[systems.bot]\n", &acme("bot"));
    std::fs::write(dir.path().join("p.rego"), text).expect("write policy");
    in_dir(dir.path(), &["check", "a.yaml", "--policy", "p.rego"])
}

fn error_of(out: &Output) -> (i32, String, String) {
    (code(out), stdout(out), stderr(out))
}

#[test]
fn a_syntax_error_is_located_in_the_policy_file() {
    let got = error_of(&with_policy("package aima\n\ndeny contains \"x\" iff input.a\n"));
    let want = "error: p.rego:3:19: rule must have a body or assignment\n";
    assert_eq!(got, (2, String::new(), want.to_string()));
    let got = error_of(&with_policy(
        "package aima\n\ndeny contains \"x\" if {\n\tinput.a == 1\n",
    ));
    let want = "error: p.rego:5:1: expecting `}` while parsing query\n";
    assert_eq!(got, (2, String::new(), want.to_string()));
}

#[test]
fn an_unknown_builtin_is_a_located_error() {
    let got = error_of(&with_policy(
        "package aima\n\ndeny contains \"x\" if {\n\tcrypto.nosuch(1)\n}\n",
    ));
    assert_eq!(
        got,
        (
            2,
            String::new(),
            "error: p.rego:4:15: could not find function crypto.nosuch\n".to_string()
        )
    );
}

#[test]
fn a_rule_that_is_not_a_set_is_a_located_error() {
    let got = error_of(&with_policy("package aima\n\ndeny := \"no\"\n"));
    assert_eq!(got.0, 2);
    assert!(
        got.2
            .starts_with("error: p.rego:3:1: `deny` must be a set of messages"),
        "{}",
        got.2
    );
}

#[test]
fn a_folder_without_rego_is_a_located_error() {
    let dir = project("[systems.bot]\n", &acme("bot"));
    std::fs::create_dir(dir.path().join("empty")).expect("mkdir");
    let got = error_of(&in_dir(dir.path(), &["check", "a.yaml", "--policy", "empty"]));
    assert_eq!(
        got,
        (
            2,
            String::new(),
            "error: empty: the folder holds no .rego file (a policy is a .rego file of `package aima`)\n"
                .to_string()
        )
    );
}

#[test]
fn a_policy_that_loops_is_stopped_at_the_time_limit() {
    let started = std::time::Instant::now();
    let got = error_of(&with_policy(
        "package aima\n\ndeny contains \"never\" if {\n\tsome i in numbers.range(1, 100000)\n\tsome j in numbers.range(1, 100000)\n\tsome k in numbers.range(1, 100000)\n\ti == j + k + 1000000\n}\n",
    ));
    assert_eq!(
        got,
        (
            2,
            String::new(),
            "error: p.rego: the policy ran longer than the time limit (5 s) and was stopped (docs/policy.md)\n".to_string()
        )
    );
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}

#[test]
fn a_policy_that_allocates_without_end_is_stopped_at_the_memory_limit() {
    let got = error_of(&with_policy(
        "package aima\n\ndeny contains \"huge\" if {\n\tcount(numbers.range(1, 1000000000000)) > 0\n}\n",
    ));
    assert_eq!(
        got,
        (
            2,
            String::new(),
            "error: p.rego: the policy used more than the memory limit (256 MiB) and was stopped (docs/policy.md)\n"
                .to_string()
        )
    );
}

/// `check --policy POLICY -f json` on `answers` under `config`, in `dir`: the policy's
/// (deny, warn) as JSON.
fn verdict(dir: &Path, policy: &str) -> (Value, Value) {
    let policy = repo_file(&format!("examples/policies/{policy}"));
    let out = in_dir(
        dir,
        &[
            "check",
            "a.yaml",
            "--policy",
            policy.to_str().expect("utf-8"),
            "-f",
            "json",
        ],
    );
    assert!(matches!(code(&out), 0 | 1), "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let result = &doc["policies"][0];
    (result["deny"].clone(), result["warn"].clone())
}

/// The acme example as system `bot`, dated `date`, with the record lines `record`.
fn acme_record(date: &str, record: &str) -> String {
    acme("bot").replacen("  date: 2026-11-20\n", &format!("  date: {date}\n{record}"), 1)
}

#[test]
fn the_final_sign_off_policy_wants_a_final_approval_of_the_last_365_days() {
    let policy = "final-sign-off.rego";
    let draft = project("[systems.bot]\n", &acme("bot"));
    let msg =
        "GV-PC: the assessment is draft, not final; approve it with `aima sign FILE --role approver --final`";
    assert_eq!(
        verdict(draft.path(), policy),
        (json!([{"msg": msg, "practice": "GV-PC"}]), json!([]))
    );
    let approval = |date: &str, signed: &str| {
        acme_record(
            date,
            &format!(
                "  status: final\n  sign_off:\n    - {{by: J. Doe, role: assessor, date: {signed}}}\n    - {{by: A. Lee, role: approver, date: {signed}}}\n"
            ),
        )
    };
    let fresh = project("[systems.bot]\n", &approval("2026-11-20", "2026-11-21"));
    assert_eq!(verdict(fresh.path(), policy), (json!([]), json!([])));
    let ageing = project("[systems.bot]\n", &approval("2025-12-20", "2025-12-20"));
    let msg = "GV-PC: the final sign-off by A. Lee on 2025-12-20 runs out in 19 days";
    assert_eq!(
        verdict(ageing.path(), policy),
        (json!([]), json!([{"msg": msg, "practice": "GV-PC"}]))
    );
    let old = project("[systems.bot]\n", &approval("2025-06-01", "2025-06-02"));
    let msg = "GV-PC: the final sign-off by A. Lee on 2025-06-02 is 547 days old; it must be at most 365";
    assert_eq!(
        verdict(old.path(), policy),
        (json!([{"msg": msg, "practice": "GV-PC"}]), json!([]))
    );
}

#[test]
fn the_evidence_policy_denies_expired_evidence_behind_a_yes_only() {
    let answers = acme("bot")
        .replacen(
            "  RA-EV-A-1: yes\n",
            "  RA-EV-A-1: {answer: yes, evidence: [{ref: \"https://ev.example/old\", date: 2025-01-10, expires: 2026-10-01}, {ref: \"https://ev.example/stale\", date: 2025-06-01}, {ref: \"https://ev.example/ok\", date: 2026-06-01, expires: 2027-06-01}]}\n",
            1,
        )
        .replacen(
            "  RA-EV-B-3: no\n",
            "  RA-EV-B-3: {answer: no, evidence: [{ref: \"https://ev.example/lapsed\", date: 2025-01-10, expires: 2026-01-01}]}\n",
            1,
        );
    let dir = project("[systems.bot]\n", &answers);
    let deny =
        "RA-EV-A-1 (RA-EV) is answered yes on expired evidence: https://ev.example/old expired 61 days ago";
    let warn = "RA-EV-A-1 (RA-EV) is answered yes on stale evidence: https://ev.example/stale is 548 days old (limit 365)";
    assert_eq!(
        verdict(dir.path(), "evidence-behind-yes.rego"),
        (
            json!([{"msg": deny, "practice": "RA-EV"}]),
            json!([{"msg": warn, "practice": "RA-EV"}])
        )
    );
    // The same evidence without expired items behind a yes: nothing.
    let clean = project("[systems.bot]\n", &acme("bot"));
    assert_eq!(
        verdict(clean.path(), "evidence-behind-yes.rego"),
        (json!([]), json!([]))
    );
}

/// The key id `aima keygen -o NAME` printed.
fn keygen_id(dir: &Path, name: &str) -> String {
    let out = in_dir(dir, &["keygen", "-o", name]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out) + &stderr(&out);
    text.lines()
        .find_map(|l| l.strip_prefix("key id "))
        .expect("a key id")
        .to_string()
}

#[test]
fn the_vendor_policy_wants_a_valid_attestation_of_these_files() {
    let policy = "vendor-attested.rego";
    let vendor = "[systems.bot]\nvendor = \"Bot Ltd\"\nvendor_key = \"vendor.pub.pem\"\n";
    let dir = project(vendor, &acme("bot"));
    let d = dir.path();
    let ours = keygen_id(d, "vendor");
    let theirs = keygen_id(d, "other");
    let missing = "IM-SB: vendor system bot (Bot Ltd) has no valid attestation of these answers files: the vendor signs them with `aima attest`, and aima.toml names its `vendor_key`";
    assert_eq!(
        verdict(d, policy),
        (json!([{"msg": missing, "practice": "IM-SB"}]), json!([]))
    );
    let sign = |key: &str, out: &str| {
        let done = in_dir(d, &["attest", "a.yaml", "--key", key, "-o", out]);
        assert_eq!(code(&done), 0, "{}", stderr(&done));
    };
    sign("vendor.pem", "a.dsse.json");
    assert_eq!(verdict(d, policy), (json!([]), json!([])));
    // An envelope signed with another key, and one that is not an envelope: each named.
    sign("other.pem", "b.dsse.json");
    std::fs::write(d.join("c.dsse.json"), "{}").expect("write");
    let invalid = format!(
        "IM-SB: vendor system bot: b.dsse.json is invalid: the signature does not verify with this key (key id {ours}; the envelope names {theirs}): the payload was tampered with, or it was signed with another key"
    );
    let unreadable =
        "IM-SB: vendor system bot: c.dsse.json is unreadable: not a DSSE envelope: missing field `payload`";
    assert_eq!(
        verdict(d, policy),
        (
            json!([
                {"msg": invalid, "practice": "IM-SB"},
                {"msg": unreadable, "practice": "IM-SB"}
            ]),
            json!([])
        )
    );
    // The answers changed after the vendor signed them: not attested any more.
    std::fs::remove_file(d.join("b.dsse.json")).expect("rm");
    std::fs::remove_file(d.join("c.dsse.json")).expect("rm");
    let text = std::fs::read_to_string(d.join("a.yaml")).expect("read");
    std::fs::write(d.join("a.yaml"), text + "# edited\n").expect("write");
    let (deny, warn) = verdict(d, policy);
    assert_eq!(deny, json!([{"msg": missing, "practice": "IM-SB"}]));
    let warn = warn.as_array().expect("warn").clone();
    assert_eq!(warn.len(), 1, "{warn:?}");
    let text = warn[0]["msg"].as_str().expect("msg");
    assert!(
        text.starts_with("IM-SB: vendor system bot: a.dsse.json is signed by the vendor but does not attest these answers files: a.yaml has changed since it was attested (sha256 now "),
        "{text}"
    );
    // A system without a vendor passes whatever lies beside it.
    let own = project("[systems.bot]\n", &acme("bot"));
    std::fs::write(own.path().join("c.dsse.json"), "{}").expect("write");
    assert_eq!(verdict(own.path(), policy), (json!([]), json!([])));
}

#[test]
fn the_policy_input_carries_the_record_evidence_and_attestation() {
    let answers = acme_record(
        "2026-11-20",
        "  status: final\n  sign_off:\n    - {by: J. Doe, role: approver, date: 2026-11-21}\n    - {by: A. Lee, role: approver, date: 2026-11-25, note: again}\n",
    )
    .replacen(
        "  RA-EV-A-1: yes\n",
        "  RA-EV-A-1: {answer: yes, evidence: [{ref: \"https://ev.example/old\", date: 2025-01-10, expires: 2026-10-01}]}\n",
        1,
    );
    let dir = project("[systems.bot]\n", &answers);
    let out = in_dir(dir.path(), &["policy", "input", "a.yaml"]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let input: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let a = &input["assessment"];
    assert_eq!(
        (&a["status"], &a["round"]),
        (&json!("final"), &json!("2026-11-20"))
    );
    assert_eq!(
        a["last_sign_off"],
        json!({"approver": {"by": "A. Lee", "role": "approver", "date": "2026-11-25", "note": "again", "age_days": 6}})
    );
    assert_eq!(a["sign_off"][0]["age_days"], 10);
    let q = &input["evidence"]["by_question"]["RA-EV-A-1"];
    assert_eq!(
        (&q["practice"], &q["answer"], &q["states"]),
        (&json!("RA-EV"), &json!("yes"), &json!(["expired"]))
    );
    assert_eq!(
        (&q["items"][0]["age_days"], &q["items"][0]["expires_in_days"]),
        (&json!(690), &json!(-61))
    );
    assert_eq!(input["evidence"]["counts"]["expired"], 1);
    assert_eq!(input["evidence"]["counts"]["link"], 3);
    assert_eq!(
        input["attestation"],
        json!({"attested": false, "vendor_keyid": null, "envelopes": []})
    );
}

#[test]
fn an_unreadable_vendor_key_is_an_error_naming_it() {
    let config = "[systems.bot]\nvendor = \"Bot Ltd\"\nvendor_key = \"keys/vendor.pub.pem\"\n";
    let dir = project(config, &acme("bot"));
    let got = error_of(&in_dir(dir.path(), &["policy", "input", "a.yaml"]));
    assert_eq!(
        got,
        (
            2,
            String::new(),
            "error: keys/vendor.pub.pem: no such file (the `vendor_key` of system `bot` in aima.toml)\n"
                .to_string()
        )
    );
}

#[test]
fn a_check_computes_only_the_input_its_policies_read() {
    // Evidence that leads outside the project: an error for whoever looks at evidence.
    let answers = acme("bot").replacen(
        "  RA-EV-A-1: yes\n",
        "  RA-EV-A-1: {answer: yes, evidence: [\"../../outside.pdf\"]}\n",
        1,
    );
    let dir = project("[systems.bot]\n", &answers);
    std::fs::write(
        dir.path().join("score.rego"),
        "package aima\n\nwarn contains \"RA-EV below 3\" if input.score.by_practice[\"RA-EV\"].level < 3\n",
    )
    .expect("write policy");
    std::fs::write(
        dir.path().join("evidence.rego"),
        "package aima\n\n# input.evidence in a comment is not a read\nwarn contains \"count\" if input[\"evidence\"].passed\n",
    )
    .expect("write policy");
    let out = in_dir(
        dir.path(),
        &["check", "a.yaml", "--policy", "score.rego", "-f", "json"],
    );
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    let doc: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(doc["policies"][0]["warn"], json!([{"msg": "RA-EV below 3"}]));
    let (status, text, err) = error_of(&in_dir(
        dir.path(),
        &["check", "a.yaml", "--policy", "evidence.rego"],
    ));
    assert_eq!((status, text.as_str()), (2, ""));
    assert!(
        err.starts_with("error: a.yaml:") && err.contains("leads outside the project folder"),
        "{err}"
    );
}

const LIMITED: &str = "[systems.bot]\neu_ai_act = { role = \"deployer\", risk = \"limited\" }\n";

/// `check --policy examples/policies/eu-ai-act-clauses.rego` on the acme example for a
/// limited-risk deployer, with `extra` appended to its answers file: (exit code, deny, warn).
fn eu_clauses(extra: &str) -> (i32, Vec<String>, Vec<String>) {
    let dir = project(LIMITED, &format!("{}{extra}", acme("bot")));
    let policy = repo_file("examples/policies/eu-ai-act-clauses.rego");
    let out = in_dir(
        dir.path(),
        &[
            "check",
            "a.yaml",
            "--policy",
            policy.to_str().expect("utf-8"),
            "-f",
            "json",
        ],
    );
    let doc: Value = serde_json::from_slice(&out.stdout).expect("check JSON");
    let messages = |key: &str| -> Vec<String> {
        let mut list: Vec<String> = doc["policies"][0][key]
            .as_array()
            .expect("messages")
            .iter()
            .map(|m| m["clause"].as_str().expect("clause").to_string())
            .collect();
        list.sort();
        list
    };
    (code(&out), messages("deny"), messages("warn"))
}

#[test]
fn the_eu_ai_act_clauses_policy_accepts_the_organisations_own_evidence() {
    // Art. 4 is at target; Art. 5 and Art. 50 are not covered by AIMA.
    let (_, deny, warn) = eu_clauses("");
    assert_eq!(deny, ["eu-ai-act:Art. 5", "eu-ai-act:Art. 50"]);
    assert!(warn.is_empty());
    let own = "clauses:\n  \"eu-ai-act:Art. 5\": {answer: yes, evidence: [docs/no-prohibited-use.md]}\n  \"eu-ai-act:Art. 50\": {answer: mostly, evidence: [docs/ai-notice.md]}\n";
    let (_, deny, warn) = eu_clauses(own);
    assert!(deny.is_empty(), "{deny:?}");
    assert!(warn.is_empty());
    // Own evidence answered partly, or without an item, does not count: denied and warned.
    let weak =
        "clauses:\n  \"eu-ai-act:Art. 5\": partly\n  \"eu-ai-act:Art. 50\": {answer: yes, note: none kept}\n";
    let (_, deny, warn) = eu_clauses(weak);
    assert_eq!(deny, ["eu-ai-act:Art. 5", "eu-ai-act:Art. 50"]);
    assert_eq!(warn, ["eu-ai-act:Art. 5", "eu-ai-act:Art. 50"]);
}
