//! `aima portfolio` and `aima trend` over examples/portfolio (several systems, dates and
//! team files, an aima.toml, a YAML file that is not an answers file): they agree with
//! `aima score` of each assessment; JSON keys, CSV, stale and `--check` exit codes,
//! aima.toml errors with positions, and snapshots of the table, Markdown and charts.

use crate::common;

use std::path::Path;
use std::process::Command;

use serde_json::Value;

const EXAMPLE: &str = "examples/portfolio";
/// 2026-11-29: the day the example's ages are counted from.
const TODAY: &str = "1795910400";

/// `aima` run in `dir` (relative to the repository) with a fixed today.
fn aima_in(dir: &Path) -> Command {
    let mut cmd = common::aima();
    cmd.current_dir(common::repo().join(dir))
        .env("SOURCE_DATE_EPOCH", TODAY);
    cmd
}

fn run_in(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = aima_in(dir).args(args).output().expect("aima runs");
    (
        String::from_utf8(out.stdout).expect("utf-8"),
        String::from_utf8(out.stderr).expect("utf-8"),
        out.status.code().expect("exit code"),
    )
}

fn json_in(dir: &Path, args: &[&str]) -> Value {
    let (stdout, stderr, code) = run_in(dir, args);
    assert_eq!(code, 0, "{args:?}: {stderr}");
    serde_json::from_str(&stdout).expect("JSON")
}

fn example() -> &'static Path {
    Path::new(EXAMPLE)
}

/// `aima score --format json` of `files` (run in the example, so its aima.toml applies).
fn score_of(files: &Value) -> Value {
    let files: Vec<&str> = files
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let mut args = vec!["score", "--format", "json"];
    args.extend(files);
    json_in(example(), &args)
}

fn keys(v: &Value) -> Vec<&str> {
    v.as_object().unwrap().keys().map(String::as_str).collect()
}

#[test]
fn portfolio_agrees_with_score_of_each_latest_assessment() {
    let p = json_in(example(), &["portfolio", "--format", "json"]);
    assert_eq!(
        (p["skipped"].as_u64(), p["assessments"].as_u64()),
        (Some(1), Some(5))
    );
    let systems = p["systems"].as_array().unwrap();
    let ids: Vec<&str> = systems.iter().map(|s| s["system"].as_str().unwrap()).collect();
    assert_eq!(ids, ["cv-screening", "fraud-model", "support-bot"]);
    for s in systems {
        let score = score_of(&s["files"]);
        assert_eq!(s["overall"], score["overall"], "{}", s["system"]);
        for (d, sd) in s["domains"]
            .as_array()
            .unwrap()
            .iter()
            .zip(score["domains"].as_array().unwrap())
        {
            assert_eq!(
                (&d["id"], &d["label"], &d["score"]),
                (&sd["id"], &sd["label"], &sd["score"])
            );
        }
        assert_eq!(s["unanswered"], score["unanswered"]);
        assert_eq!(s["complete"], score["complete"]);
    }
    // The November assessment of fraud-model is two team files, merged.
    assert_eq!(systems[1]["files"].as_array().unwrap().len(), 2);
    assert_eq!(systems[1]["date"], "2026-11-20");
    // cv-screening names its system, so `score` applies the system's targets in aima.toml
    // (default 1) as the portfolio does.
    let cv = score_of(&systems[0]["files"]);
    let gaps = cv["domains"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|d| d["practices"].as_array().unwrap())
        .filter(|p| p["gap"].as_u64().is_some_and(|g| g > 0))
        .count();
    assert_eq!(systems[0]["below_target"].as_u64(), Some(gaps as u64));
    assert_eq!(systems[0]["below_target"].as_u64(), Some(6));
}

#[test]
fn portfolio_json_has_the_contract_keys() {
    let p = json_in(example(), &["portfolio", "--format", "json"]);
    for key in ["systems", "skipped", "assessments"] {
        assert!(keys(&p).contains(&key), "{key}");
    }
    let s = &p["systems"][1];
    for key in [
        "system",
        "date",
        "age_days",
        "stale",
        "complete",
        "unanswered",
        "overall",
        "domains",
        "below_target",
        "change",
    ] {
        assert!(keys(s).contains(&key), "{key}");
    }
    assert_eq!(keys(&s["overall"]), ["level", "plus", "label", "score"]);
    assert_eq!(keys(&s["domains"][0]), ["id", "label", "score"]);
    assert_eq!(
        (s["age_days"].as_i64(), &s["stale"]),
        (Some(9), &Value::Bool(false))
    );
    // Stale after 365 days; the first assessment of a system has no change.
    let cv = &p["systems"][0];
    assert_eq!(
        (cv["age_days"].as_i64(), &cv["stale"], &cv["change"]),
        (Some(472), &Value::Bool(true), &Value::Null)
    );
    assert_eq!(
        (&p["systems"][1]["change"], &p["systems"][2]["change"]),
        (&Value::from("improved"), &Value::from("regressed"))
    );
}

#[test]
fn trend_agrees_with_score_at_every_date() {
    let t = json_in(
        example(),
        &["trend", "--system", "fraud-model", "--format", "json"],
    );
    assert_eq!(keys(&t), ["system", "name", "assessments", "config"]);
    let points = t["assessments"].as_array().unwrap();
    let dates: Vec<&str> = points.iter().map(|a| a["date"].as_str().unwrap()).collect();
    assert_eq!(dates, ["2026-05-12", "2026-11-20"]);
    for a in points {
        for key in ["date", "files", "overall", "domains"] {
            assert!(keys(a).contains(&key), "{key}");
        }
        let score = score_of(&a["files"]);
        assert_eq!(a["overall"], score["overall"]);
        for (d, sd) in a["domains"]
            .as_array()
            .unwrap()
            .iter()
            .zip(score["domains"].as_array().unwrap())
        {
            assert_eq!(
                (&d["id"], &d["label"], &d["score"]),
                (&sd["id"], &sd["label"], &sd["score"])
            );
            for (p, sp) in d["practices"]
                .as_array()
                .unwrap()
                .iter()
                .zip(sd["practices"].as_array().unwrap())
            {
                assert_eq!(keys(p), ["id", "label", "score"]);
                assert_eq!(
                    (&p["id"], &p["label"], &p["score"]),
                    (&sp["id"], &sp["label"], &sp["score"])
                );
            }
        }
    }
}

#[test]
fn trend_of_several_systems_needs_one() {
    let (_, stderr, code) = run_in(example(), &["trend"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: the files hold 3 systems: cv-screening, fraud-model, support-bot; choose one with --system ID\n"
    );
    let (_, stderr, code) = run_in(example(), &["trend", "--system", "nope"]);
    assert_eq!(code, 2);
    assert!(
        stderr.contains("no assessment of system `nope`; the files hold: cv-screening"),
        "{stderr}"
    );
}

#[test]
fn portfolio_table_markdown_csv() {
    let (table, _, code) = run_in(example(), &["portfolio"]);
    assert_eq!(code, 0);
    insta::assert_snapshot!("portfolio_table", table);
    let (markdown, _, _) = run_in(example(), &["portfolio", "--format", "markdown"]);
    insta::assert_snapshot!("portfolio_markdown", markdown);
    let (csv, _, _) = run_in(example(), &["portfolio", "--format", "csv"]);
    insta::assert_snapshot!("portfolio_csv", csv);
    let head = csv.lines().next().unwrap();
    assert_eq!(
        head,
        "system,name,owner,date,age_days,stale,answered,questions,complete,unanswered,overall,score,RA,GV,DM,PR,DE,IM,VE,OP,below_target,change,round,status,risk,attested"
    );
}

#[test]
fn trend_table_markdown_csv_with_practices() {
    let (table, _, _) = run_in(example(), &["trend", "--system", "fraud-model", "--practices"]);
    insta::assert_snapshot!("trend_table_practices", table);
    let (csv, _, _) = run_in(
        example(),
        &["trend", "--system", "support-bot", "--format", "csv"],
    );
    insta::assert_snapshot!("trend_csv", csv);
}

#[test]
fn output_files_with_heatmap_and_line_chart() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("portfolio.md");
    let (stdout, _, code) = run_in(example(), &["portfolio", "-o", out.to_str().unwrap()]);
    assert_eq!(code, 0);
    assert!(stdout.starts_with("wrote "));
    let md = std::fs::read_to_string(&out).unwrap();
    assert!(md.contains("![Heatmap: AIMA level per system and practice](portfolio.svg)"));
    insta::assert_snapshot!(
        "portfolio_heatmap_svg",
        std::fs::read_to_string(dir.path().join("portfolio.svg")).unwrap()
    );
    let out = dir.path().join("trend.md");
    run_in(
        example(),
        &["trend", "--system", "fraud-model", "-o", out.to_str().unwrap()],
    );
    insta::assert_snapshot!("trend_markdown", std::fs::read_to_string(&out).unwrap());
    insta::assert_snapshot!(
        "trend_line_chart_svg",
        std::fs::read_to_string(dir.path().join("trend.svg")).unwrap()
    );
}

const ONE: &str =
    "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-01\nanswers:\n  RA-EV-A-1: yes\n";

#[test]
fn stale_and_check_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bot")).unwrap();
    std::fs::write(dir.path().join("bot/a.yaml"), ONE).unwrap();
    let at = dir.path();
    // 28 days old, no target anywhere: passes.
    assert_eq!(run_in(at, &["portfolio", ".", "--check"]).2, 0);
    let (out, _, code) = run_in(
        at,
        &["portfolio", ".", "--check", "--max-age", "27", "--format", "json"],
    );
    assert_eq!(code, 1);
    assert!(out.contains("\"stale\": true"));
    assert_eq!(
        run_in(at, &["portfolio", ".", "--max-age", "27"]).2,
        0,
        "no gate without --check"
    );
    assert_eq!(run_in(at, &["portfolio", ".", "--check", "--target", "1"]).2, 1);
    // max_age_days of aima.toml, overridden by --max-age.
    std::fs::write(
        at.join("aima.toml"),
        "[portfolio]\npaths = [\"bot\"]\nmax_age_days = 10\n",
    )
    .unwrap();
    assert_eq!(run_in(at, &["portfolio", "--check"]).2, 1);
    assert_eq!(run_in(at, &["portfolio", "--check", "--max-age", "30"]).2, 0);
}

#[test]
fn aima_toml_errors_are_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("sub/bot")).unwrap();
    std::fs::write(dir.path().join("sub/bot/a.yaml"), ONE).unwrap();
    let cases = [
        (
            "[portfolio]\npaths = [\"sub\"]\n\n[systems.bot]\nowner = \"x\"\nteam = \"y\"\n",
            "../aima.toml:6:1: unknown field `team`, expected one of `name`, `owner`, `profile`, `frameworks`, `targets`, `vendor`, `vendor_key`, `lifecycle`, `tags`, `description`, `eu_ai_act`",
        ),
        (
            "[systems.bot]\ntargets = { default = 2, GV-PC = 5 }\n",
            "../aima.toml:2:34: target `GV-PC` must be a level 0..3, not 5",
        ),
        (
            "[systems.bot]\nprofile = \"Fraud Detection\"\n",
            "../aima.toml:2:11: profile id `Fraud Detection` may hold only lower-case letters, digits and `-`",
        ),
        (
            "[portfolio]\nmax_age_days = \"a year\"\n",
            "../aima.toml:2:16: invalid type: string \"a year\", expected i64",
        ),
    ];
    for (toml, error) in cases {
        std::fs::write(dir.path().join("aima.toml"), toml).unwrap();
        let (stdout, stderr, code) = run_in(&dir.path().join("sub"), &["portfolio", "."]);
        assert_eq!(
            (stdout.as_str(), stderr.as_str(), code),
            ("", format!("error: {error}\n").as_str(), 2),
            "{toml}"
        );
        // The same file is read by score, named with --config.
        let (_, stderr, code) = run_in(dir.path(), &["score", "sub/bot/a.yaml", "--config", "aima.toml"]);
        assert_eq!(
            (stderr.replace("error: aima.toml", "error: ../aima.toml"), code),
            (format!("error: {error}\n"), 2)
        );
    }
}

#[test]
fn system_targets_of_aima_toml_apply_in_score_and_check() {
    let dir = tempfile::tempdir().unwrap();
    let file = "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  system: bot\n  date: 2026-11-01\ntargets:\n  GV-PC: 1\nanswers:\n  GV-PC-A-1: yes\n  GV-PC-B-1: yes\n";
    std::fs::write(dir.path().join("a.yaml"), file).unwrap();
    std::fs::write(
        dir.path().join("aima.toml"),
        "[systems.bot]\ntargets = { default = 2, GV = 3, GV-PC = 3 }\n",
    )
    .unwrap();
    let s = json_in(dir.path(), &["score", "a.yaml", "--format", "json"]);
    let gv = &s["domains"][1]["practices"];
    // GV-PC: the file's practice entry (1) beats aima.toml's (3); GV-SM: aima.toml's
    // domain entry (3) beats its default (2).
    assert_eq!(
        (&gv[1]["id"], &gv[1]["target"]),
        (&Value::from("GV-PC"), &Value::from(1))
    );
    assert_eq!(
        (&gv[0]["id"], &gv[0]["target"]),
        (&Value::from("GV-SM"), &Value::from(3))
    );
    assert_eq!(s["domains"][0]["practices"][0]["target"], Value::from(2));
    // --target N is a default: it beats aima.toml's default, not its domain entry.
    let s = json_in(
        dir.path(),
        &["score", "a.yaml", "--format", "json", "--target", "1"],
    );
    assert_eq!(
        (
            &s["domains"][0]["practices"][0]["target"],
            &s["domains"][1]["practices"][0]["target"]
        ),
        (&Value::from(1), &Value::from(3))
    );
    assert_eq!(
        run_in(dir.path(), &["check", "a.yaml", "--target", "0"]).2,
        1,
        "GV-SM still has target 3"
    );
}

#[test]
fn bad_files_are_all_listed_and_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bot")).unwrap();
    std::fs::write(
        dir.path().join("bot/a.yaml"),
        "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  scope: x\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("bot/b.yaml"),
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  RA-EV-A-1: maybe\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("bot/c.yml"), "kind: Deployment\n").unwrap();
    std::fs::write(dir.path().join("bot/notes.txt"), "not yaml: [").unwrap();
    let (stdout, stderr, code) = run_in(dir.path(), &["portfolio", "bot"]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(
        lines[0],
        "error: bot/a.yaml:3:1: `assessment.date` is missing: a portfolio orders each system's assessments by date (YYYY-MM-DD)"
    );
    assert!(
        lines[1].starts_with("error: bot/b.yaml:1:1: `assessment.date` is missing"),
        "{stderr}"
    );
    assert!(lines[2].starts_with("error: bot/b.yaml:4:14: "), "{stderr}");
    assert_eq!(lines.len(), 3, "{stderr}");
}

#[test]
fn team_files_that_conflict_are_an_error_naming_both() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("bot")).unwrap();
    std::fs::write(dir.path().join("bot/a.yaml"), ONE).unwrap();
    std::fs::write(dir.path().join("bot/b.yaml"), ONE.replace("yes", "no")).unwrap();
    let (_, stderr, code) = run_in(dir.path(), &["portfolio", "bot"]);
    assert_eq!(code, 2);
    assert_eq!(
        stderr,
        "error: bot/b.yaml:6:3: RA-EV-A-1 is answered in two files: here and at bot/a.yaml:6:3\n"
    );
    // A third date merges cleanly: each team answers its own questions.
    std::fs::write(
        dir.path().join("bot/b.yaml"),
        ONE.replace("RA-EV-A-1", "RA-EV-B-1"),
    )
    .unwrap();
    let p = json_in(dir.path(), &["portfolio", "bot", "--format", "json"]);
    assert_eq!(p["systems"][0]["unanswered"], Value::from(142));
    assert_eq!(p["assessments"], Value::from(1));
}

#[test]
fn nothing_to_show_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("c.yml"), "kind: Deployment\n").unwrap();
    let (_, stderr, code) = run_in(dir.path(), &["portfolio", "."]);
    assert_eq!(
        (stderr.as_str(), code),
        (
            "error: no answers files found (YAML files with a top-level `aima` key); 1 YAML file skipped\n",
            2
        )
    );
    let (_, stderr, code) = run_in(dir.path(), &["portfolio"]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: no PATH given and no aima.toml found"),
        "{stderr}"
    );
    let (_, stderr, code) = run_in(dir.path(), &["portfolio", "missing"]);
    assert_eq!(
        (stderr.as_str(), code),
        ("error: missing: no such file or folder\n", 2)
    );
}

#[test]
fn hostile_folder_names_stay_inert() {
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("=cmd\u{1b}[2J\u{202e}x");
    std::fs::create_dir(&folder).unwrap();
    std::fs::write(folder.join("a.yaml"), ONE).unwrap();
    for format in ["table", "markdown", "csv"] {
        let (stdout, stderr, code) = run_in(dir.path(), &["portfolio", ".", "--format", format]);
        assert_eq!(code, 0, "{stderr}");
        assert!(
            !stdout.contains('\u{1b}') && !stdout.contains('\u{202e}'),
            "{format}: {stdout}"
        );
    }
    let (csv, _, _) = run_in(dir.path(), &["portfolio", ".", "--format", "csv"]);
    assert!(
        csv.lines()
            .nth(1)
            .unwrap()
            .starts_with("'=cmd\\u{1b}[2J\\u{202e}x,"),
        "{csv}"
    );
}

/// docs/example-portfolio.md and .svg are the example's `portfolio -o` (AIMA_BLESS=1
/// rewrites them), and docs/example-trend.md and .svg its `trend --system fraud-model -o`.
#[test]
fn docs_samples_are_current() {
    let dir = tempfile::tempdir().unwrap();
    let out = |name: &str| dir.path().join(name).display().to_string();
    run_in(example(), &["portfolio", "-o", &out("example-portfolio.md")]);
    run_in(
        example(),
        &["trend", "--system", "fraud-model", "-o", &out("example-trend.md")],
    );
    let mut stale = Vec::new();
    for name in [
        "example-portfolio.md",
        "example-portfolio.svg",
        "example-trend.md",
        "example-trend.svg",
    ] {
        let generated = std::fs::read_to_string(dir.path().join(name)).expect("generated");
        let path = common::repo_file(&format!("docs/{name}"));
        if common::bless() {
            std::fs::write(&path, &generated).expect("write sample");
        }
        if std::fs::read_to_string(&path).unwrap_or_default() != generated {
            stale.push(name);
        }
    }
    assert!(
        stale.is_empty(),
        "docs/ samples are stale (regenerate with AIMA_BLESS=1): {stale:?}"
    );
}

/// The worked example of docs/targets.md.
#[test]
fn targets_from_every_source_follow_the_worked_example() {
    let dir = tempfile::tempdir().unwrap();
    let file = "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  system: fraud-model\n  date: 2026-11-20\ntargets:\n  GV-PC: 1\nanswers:\n  GV-PC-A-1: yes\n";
    std::fs::write(dir.path().join("a.yaml"), file).unwrap();
    std::fs::write(
        dir.path().join("aima.toml"),
        "[systems.fraud-model]\nprofile = \"fraud-detection\"\ntargets = { default = 1, GV = 3 }\n",
    )
    .unwrap();
    let target = |s: &Value, id: &str| -> Value {
        s["domains"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|d| d["practices"].as_array().unwrap())
            .find(|p| p["id"] == id)
            .map(|p| p["target"].clone())
            .unwrap()
    };
    let s = json_in(
        dir.path(),
        &["score", "a.yaml", "--format", "json", "--target", "2"],
    );
    let got: Vec<Value> = ["GV-PC", "GV-SM", "DM-QI", "RA-EV"]
        .iter()
        .map(|id| target(&s, id))
        .collect();
    assert_eq!(got, [1, 3, 3, 2].map(Value::from));
    let s = json_in(dir.path(), &["score", "a.yaml", "--format", "json"]);
    assert_eq!(target(&s, "RA-EV"), Value::from(1));
    // --profile replaces the system's profile: baseline has no DM-QI entry.
    let s = json_in(
        dir.path(),
        &["score", "a.yaml", "--format", "json", "--profile", "baseline"],
    );
    assert_ne!(target(&s, "DM-QI"), Value::from(3));
    // The portfolio applies the same targets.
    let p = json_in(
        dir.path(),
        &["portfolio", ".", "--format", "json", "--target", "2"],
    );
    let practices = p["systems"][0]["practices"].as_array().unwrap();
    let got: Vec<&Value> = ["GV-PC", "GV-SM", "DM-QI", "RA-EV"]
        .iter()
        .map(|id| &practices.iter().find(|x| x["id"] == *id).unwrap()["target"])
        .collect();
    assert_eq!(
        got,
        [&Value::from(1), &Value::from(3), &Value::from(3), &Value::from(2)]
    );
    // An unknown profile is an error.
    std::fs::write(
        dir.path().join("aima.toml"),
        "[systems.fraud-model]\nprofile = \"nope\"\n",
    )
    .unwrap();
    let (_, stderr, code) = run_in(dir.path(), &["portfolio", "."]);
    assert_eq!(code, 2);
    assert!(
        stderr.starts_with("error: ") && stderr.contains("nope"),
        "{stderr}"
    );
}

#[test]
fn output_into_a_missing_folder_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("missing/p.md");
    let (stdout, stderr, code) = run_in(example(), &["portfolio", "-o", out.to_str().unwrap()]);
    assert_eq!((stdout.as_str(), code), ("", 2));
    assert!(stderr.contains("does not exist; create it first"), "{stderr}");
    assert!(!dir.path().join("missing").exists());
}
