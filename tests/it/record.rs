//! The assessment record (docs/record.md): rounds that group team files filed on different
//! days, status and sign-offs with their checks, several rounds given as FILEs, the
//! team-file warning, `portfolio --check` naming each failing system, `require_status`, and
//! `validate` with no FILE.

use crate::common;

use common::{aima, stderr, stdout};

const HEAD: &str = "aima: 1\nmodel: owasp-aima@1.0\n";

/// An answers file of `system` dated `date` with `meta` (extra `assessment:` lines, each
/// indented by two spaces) and `answers` (lines `CODE: word`).
fn file(system: &str, date: &str, meta: &str, answers: &[&str]) -> String {
    let mut out = format!("{HEAD}assessment:\n  system: {system}\n  date: {date}\n{meta}answers:\n");
    for a in answers {
        out.push_str(&format!("  {a}\n"));
    }
    out
}

/// A temporary folder with `files` (paths may hold folders).
fn temp_files(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        std::fs::write(path, text).expect("write");
    }
    dir
}

fn run_in(dir: &std::path::Path, args: &[&str]) -> (String, String, i32) {
    let out = aima().current_dir(dir).args(args).output().expect("runs");
    (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
}

#[test]
fn a_final_assessment_needs_an_approver_dated_on_or_after_it() {
    let unapproved = file(
        "bot",
        "2026-11-20",
        "  status: final\n  sign_off:\n    - {by: A. Lee, role: reviewer, date: 2026-11-21}\n",
        &["GV-PC-A-1: yes"],
    );
    let early = file(
        "bot",
        "2026-11-20",
        "  status: final\n  sign_off:\n    - {by: A. Lee, role: approver, date: 2026-11-19}\n",
        &["GV-PC-A-1: yes"],
    );
    let good = file(
        "bot",
        "2026-11-20",
        "  status: final\n  sign_off:\n    - {by: A. Lee, role: approver, date: 2026-11-20, note: ok}\n",
        &["GV-PC-A-1: yes"],
    );
    let dir = temp_files(&[("u.yaml", &unapproved), ("e.yaml", &early), ("g.yaml", &good)]);
    let (_, err, code) = run_in(dir.path(), &["score", "u.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: u.yaml:6:11: `status: final` needs an `approver` sign-off dated on or after 2026-11-20: \
         add one with `aima sign FILE --by NAME --role approver --final`\n"
    );
    let (_, err, code) = run_in(dir.path(), &["validate", "e.yaml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(
            "error: e.yaml:8:42: the sign-off by A. Lee is dated 2026-11-19, before the assessment's date \
             2026-11-20: a sign-off comes on or after the assessment\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("error: e.yaml:6:11: `status: final` needs an `approver`"),
        "{err}"
    );
    let (out, err, code) = run_in(dir.path(), &["score", "g.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with('{'));
}

#[test]
fn bad_record_values_are_located() {
    let bad = file(
        "bot",
        "2026-11-20",
        "  round: \"2026 H2\"\n  status: done\n  sign_off:\n    - {by: A. Lee, role: approver}\n",
        &[],
    );
    let dir = temp_files(&[("b.yaml", &bad)]);
    let (_, err, code) = run_in(dir.path(), &["validate", "b.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: b.yaml:6:10: bad round `2026 H2`: use letters, digits, `-`, `_` and `.` only (e.g. `2026-H2`)\n\
         error: b.yaml:7:11: bad status `done`: use `draft`, `in-review` or `final`\n\
         error: b.yaml:9:7: an entry of `assessment.sign_off` is missing `date` (YYYY-MM-DD)\n"
    );
}

/// Three teams of one round, one of them two days late; and the round before.
fn office_round() -> tempfile::TempDir {
    temp_files(&[
        (
            "bot/2026-11-gv.yaml",
            &file(
                "bot",
                "2026-11-16",
                "  round: 2026-H2\n  team: gov\n",
                &["GV-PC-A-1: yes"],
            ),
        ),
        (
            "bot/2026-11-dm.yaml",
            &file(
                "bot",
                "2026-11-16",
                "  round: 2026-H2\n  team: data\n",
                &["DM-QI-A-1: yes"],
            ),
        ),
        (
            "bot/2026-11-op.yaml",
            &file(
                "bot",
                "2026-11-18",
                "  round: 2026-H2\n  team: ops\n",
                &["OP-IM-A-1: no"],
            ),
        ),
        (
            "bot/2026-05.yaml",
            &file(
                "bot",
                "2026-05-10",
                "",
                &["GV-PC-A-1: no", "DM-QI-A-1: no", "OP-IM-A-1: no"],
            ),
        ),
    ])
}

#[test]
fn team_files_of_one_round_filed_on_different_days_are_one_assessment() {
    let dir = office_round();
    let late = [
        "bot/2026-11-gv.yaml",
        "bot/2026-11-dm.yaml",
        "bot/2026-11-op.yaml",
    ];
    let mut args = vec!["score", "--format", "json"];
    args.extend(late);
    let (out, err, code) = run_in(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["unanswered"], 141);
    let mut args = vec!["validate"];
    args.extend(late);
    let (out, err, code) = run_in(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.ends_with("combined (3 files): ok, 3 of 144 answered\n"),
        "{out}"
    );
    let (out, err, code) = run_in(dir.path(), &["portfolio", "bot", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["assessments"], 2);
    let row = &json["systems"][0];
    assert_eq!(
        (
            row["date"].as_str(),
            row["round"].as_str(),
            row["change"].as_str()
        ),
        (Some("2026-11-18"), Some("2026-H2"), Some("improved"))
    );
    assert_eq!(row["files"].as_array().map(Vec::len), Some(3));
    assert_eq!(row["status"], "draft");
    let (out, err, code) = run_in(dir.path(), &["trend", "bot", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    let rounds: Vec<&str> = json["assessments"]
        .as_array()
        .expect("list")
        .iter()
        .map(|a| a["round"].as_str().unwrap_or("?"))
        .collect();
    assert_eq!(rounds, ["2026-05-10", "2026-H2"]);
}

#[test]
fn several_rounds_given_as_files_are_an_error_listing_the_rounds() {
    let dir = office_round();
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "check",
            "bot/2026-05.yaml",
            "bot/2026-11-gv.yaml",
            "--target",
            "1",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: bot/2026-11-gv.yaml:6:10: the files hold 2 rounds of system `bot`: `2026-05-10` \
         (bot/2026-05.yaml), `2026-H2` (bot/2026-11-gv.yaml); a round is one assessment: give the files of \
         one round (or `--system ID --round ROUND`), or compare two with `aima diff OLD NEW` (team files of \
         one round filed on different days share `assessment.round`)\n"
    );
}

#[test]
fn a_late_team_without_a_round_is_warned_about() {
    let dir = temp_files(&[
        ("bot/a.yaml", &file("bot", "2026-11-16", "", &["GV-PC-A-1: yes"])),
        ("bot/b.yaml", &file("bot", "2026-11-18", "", &["DM-QI-A-1: yes"])),
    ]);
    let warning = "warning: system `bot`: the assessments of round `2026-11-16` (bot/a.yaml) and round \
                   `2026-11-18` (bot/b.yaml) are 2 days apart and answer disjoint questions: they look like \
                   team files of one round; give them the same `assessment.round` (e.g. `round: 2026-11`)\n";
    for args in [
        &["portfolio", "bot"][..],
        &["trend", "bot"],
        &["validate", "bot/a.yaml", "bot/b.yaml"],
    ] {
        let (_, err, code) = run_in(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        assert!(err.ends_with(warning), "{args:?}: {err}");
    }
}

#[test]
fn portfolio_check_names_each_failing_system_and_why() {
    let dir = temp_files(&[
        (
            "aima.toml",
            "[portfolio]\npaths = [\"assessments\"]\nrequire_status = \"final\"\n",
        ),
        (
            "assessments/good/2026-11.yaml",
            &file(
                "good",
                "2026-11-20",
                "  status: final\n  sign_off:\n    - {by: B. Chan, role: approver, date: 2026-11-21}\n",
                &["GV-PC-A-1: yes"],
            ),
        ),
        (
            "assessments/low/2026-11.yaml",
            &file("low", "2026-11-20", "  status: in-review\n", &["GV-PC-A-1: no"])
                .replace("answers:\n", "targets:\n  GV-PC: 1\n  DM-QI: 1\nanswers:\n"),
        ),
    ]);
    let out = aima()
        .current_dir(dir.path())
        .env("SOURCE_DATE_EPOCH", "1795305600") // 2026-11-22
        .args(["portfolio", "--check"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out),
        "note: using aima.toml\nfailed: system `low`: 2 practices below target (GV-PC, DM-QI); its latest round `2026-11-20` is \
         in-review, and aima.toml requires final\n"
    );
    let (out, err, code) = run_in(dir.path(), &["validate"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "assessments/good/2026-11.yaml: ok, 1 of 144 answered\nassessments/low/2026-11.yaml: ok, 1 of 144 answered\n"
    );
    assert!(
        err.starts_with("note: using aima.toml\nnote: the files hold 2 assessments"),
        "{err}"
    );
}

#[test]
fn the_record_survives_merge_and_the_toolkit_round_trip() {
    let signed = file(
        "bot",
        "2026-11-20",
        "  round: 2026-H2\n  status: final\n  sign_off:\n    - {by: \"A. Lee\", role: approver, date: 2026-11-21, note: \"=SUM(1)\"}\n  superseded:\n    - {by: C. Old, role: approver, date: 2026-11-01}\n",
        &["GV-PC-A-1: yes"],
    );
    let dir = temp_files(&[("s.yaml", &signed)]);
    let (_, err, code) = run_in(dir.path(), &["merge", "s.yaml", "-o", "m.yaml"]);
    assert_eq!(code, 0, "{err}");
    let written = std::fs::read_to_string(dir.path().join("m.yaml")).expect("written");
    assert!(
        written.contains(
            "  round: \"2026-H2\"\n  status: final\n  sign_off:\n    - by: \"A. Lee\"\n      role: approver\n      \
             date: 2026-11-21\n      note: \"=SUM(1)\"\n  superseded:\n    - by: \"C. Old\"\n"
        ),
        "{written}"
    );
    let (_, err, code) = run_in(
        dir.path(),
        &["export", "s.yaml", "--to", "toolkit", "-o", "s.xlsx"],
    );
    assert_eq!(code, 0, "{err}");
    let (back, err, code) = run_in(dir.path(), &["import", "s.xlsx"]);
    assert_eq!(code, 0, "{err}");
    let a = common::load(&dir.path().join("m.yaml"));
    std::fs::write(dir.path().join("back.yaml"), back).expect("write");
    let b = common::load(&dir.path().join("back.yaml"));
    assert_eq!(a.metadata, b.metadata);
    assert_eq!(b.metadata.sign_off[0].note.as_deref(), Some("=SUM(1)"));
    assert_eq!(b.metadata.superseded.len(), 1);
}

/// An office repository: `office/.git`, `office/aima.toml` giving system `bot` targets, and
/// one answers file of `bot`; above the repository, an aima.toml that must never be used.
fn office_repository() -> tempfile::TempDir {
    temp_files(&[
        ("aima.toml", "this is not toml ["),
        (
            "office/aima.toml",
            "[portfolio]\npaths = [\"assessments\"]\n\n[systems.bot]\ntargets = { GV-PC = 2 }\n",
        ),
        (
            "office/assessments/bot/2026-11.yaml",
            &file("bot", "2026-11-20", "", &["GV-PC-A-1: yes"]),
        ),
        ("office/.git/HEAD", "ref: refs/heads/main\n"),
        (
            "loose/assessments/bot/2026-11.yaml",
            &file("bot", "2026-11-20", "", &["GV-PC-A-1: yes"]),
        ),
        ("loose/.git/HEAD", "ref: refs/heads/main\n"),
    ])
}

#[test]
fn aima_toml_is_found_from_the_files_not_the_working_directory() {
    let dir = office_repository();
    let office = dir.path().join("office");
    let from_inside = run_in(&office, &["check", "assessments/bot/2026-11.yaml"]);
    let from_above = run_in(dir.path(), &["check", "office/assessments/bot/2026-11.yaml"]);
    let from_below = run_in(
        &office.join("assessments/bot"),
        &["check", "2026-11.yaml", "--format", "json"],
    );
    assert_eq!(from_inside.2, 1, "{}", from_inside.1);
    assert_eq!(from_above.2, 1, "{}", from_above.1);
    assert_eq!(from_inside.0, from_above.0);
    assert!(
        from_inside.1.starts_with("note: using aima.toml\n"),
        "{}",
        from_inside.1
    );
    assert!(
        from_above.1.starts_with("note: using office/aima.toml\n"),
        "{}",
        from_above.1
    );
    assert_eq!(from_below.2, 1, "{}", from_below.1);
    let json: serde_json::Value = serde_json::from_str(&from_below.0).expect("json");
    assert_eq!(json["config"], "../../aima.toml");
    assert_eq!(json["gaps"][0]["id"], "GV-PC");
    // --config FILE wins; without one, discovery stops at the repository root.
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "score",
            "office/assessments/bot/2026-11.yaml",
            "--config",
            "office/aima.toml",
            "--format",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "note: using office/aima.toml\n");
    let (out, err, code) = run_in(
        dir.path(),
        &["score", "loose/assessments/bot/2026-11.yaml", "--format", "json"],
    );
    assert_eq!((code, err.as_str()), (0, ""));
    assert!(!out.contains("\"config\""), "{out}");
    let (_, err, code) = run_in(&office, &["portfolio", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(err, "note: using aima.toml\n");
}

/// [`office_round`] with an aima.toml whose `portfolio.paths` holds it.
fn office_with_config() -> tempfile::TempDir {
    let dir = office_round();
    std::fs::write(dir.path().join("aima.toml"), "[portfolio]\npaths = [\"bot\"]\n").expect("write");
    dir
}

#[test]
fn system_and_round_pick_the_files_of_one_assessment() {
    let dir = office_with_config();
    let score = |args: &[&str]| {
        let (out, err, code) = run_in(dir.path(), args);
        assert_eq!(code, 0, "{args:?}: {err}");
        let json: serde_json::Value = serde_json::from_str(&out).expect("json");
        (
            json["assessment"]["round"].clone(),
            json["assessment"]["files"].as_array().map(Vec::len),
        )
    };
    assert_eq!(
        score(&["score", "--system", "bot", "-f", "json"]),
        (serde_json::json!("2026-H2"), Some(3))
    );
    assert_eq!(
        score(&["score", "--system", "bot", "--round", "latest", "-f", "json"]),
        (serde_json::json!("2026-H2"), Some(3))
    );
    assert_eq!(
        score(&["score", "--system", "bot", "--round", "2026-05-10", "-f", "json"]),
        (serde_json::json!("2026-05-10"), Some(1))
    );
    // PATHs given instead of portfolio.paths; from another folder, aima.toml is not needed.
    let (out, err, code) = run_in(
        dir.path().join("bot").as_path(),
        &["score", ".", "--system", "bot", "-f", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"round\": \"2026-H2\""), "{out}");
    let (out, err, code) = run_in(dir.path(), &["check", "--system", "bot", "--target", "1"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.contains("OP-IM"), "{out}");
    let (out, err, code) = run_in(dir.path(), &["report", "--system", "bot"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("2026-H2"), "{out}");
    let (out, err, code) = run_in(
        dir.path(),
        &["crosswalk", "eu-ai-act", "--system", "bot", "-f", "json"],
    );
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("\"clauses\""), "{out}");
}

#[test]
fn diff_of_a_system_compares_the_previous_round_with_the_latest() {
    let dir = office_with_config();
    let (by_system, err, code) = run_in(dir.path(), &["diff", "--system", "bot", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let (by_files, err, code) = run_in(
        dir.path(),
        &[
            "diff",
            "bot/2026-05.yaml",
            "bot/2026-11-dm.yaml",
            "--new",
            "bot/2026-11-gv.yaml",
            "--new",
            "bot/2026-11-op.yaml",
            "-f",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(by_system, by_files);
    let (out, err, code) = run_in(
        dir.path(),
        &[
            "diff",
            "--system",
            "bot",
            "--round",
            "2026-H2..2026-05-10",
            "-f",
            "json",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_ne!(out, by_system);
    let (_, err, code) = run_in(dir.path(), &["diff", "--system", "bot", "--round", "2026-H2"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --round 2026-H2: diff compares two rounds: give --round OLD..NEW (e.g. --round 2026-H1..2026-H2)\n"
    );
}

#[test]
fn an_unknown_round_or_a_system_without_files_is_an_error() {
    let dir = office_with_config();
    for command in ["score", "report", "check", "diff"] {
        let round = if command == "diff" {
            "2026-05-10..2027"
        } else {
            "2027"
        };
        let (out, err, code) = run_in(dir.path(), &[command, "--system", "bot", "--round", round]);
        assert_eq!((out.as_str(), code), ("", 2), "{command}");
        assert_eq!(
            err,
            "error: --round 2027: system `bot` has no round `2027`; its rounds, oldest first: `2026-05-10`, `2026-H2`\n",
            "{command}"
        );
    }
    let (_, err, code) = run_in(dir.path(), &["check", "--system", "nobody"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --system nobody: no answers files of system `nobody` under bot (systems found: `bot`)\n"
    );
    let (_, err, code) = run_in(dir.path(), &["score", "--round", "2027"]);
    assert_eq!(code, 2);
    assert!(err.contains("--system"), "{err}");
}

#[test]
fn sign_adds_a_sign_off_in_place_and_keeps_comments() {
    let text = "# The support bot, round 2026-H2\naima: 1\nmodel: owasp-aima@1.0\nassessment:\n  system: bot  # the chatbot\n  date: 2026-11-20\n  status: in-review\nanswers:\n  GV-PC-A-1: yes  # checked\n";
    let dir = temp_files(&[("s.yaml", text)]);
    let (out, err, code) = run_in(
        dir.path(),
        &[
            "sign",
            "s.yaml",
            "--by",
            "A. Lee",
            "--role",
            "approver",
            "--date",
            "2026-11-21",
            "--final",
        ],
    );
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        out,
        "signed s.yaml by A. Lee (approver, 2026-11-21); status: final\n"
    );
    let signed = std::fs::read_to_string(dir.path().join("s.yaml")).expect("read");
    assert_eq!(
        signed,
        "# The support bot, round 2026-H2\naima: 1\nmodel: owasp-aima@1.0\nassessment:\n  system: bot  # the chatbot\n  date: 2026-11-20\n  status: final\n  sign_off:\n    - {by: \"A. Lee\", role: approver, date: 2026-11-21}\nanswers:\n  GV-PC-A-1: yes  # checked\n"
    );
    let (out, err, code) = run_in(dir.path(), &["score", "s.yaml", "-f", "json"]);
    assert_eq!(code, 0, "{err}");
    let json: serde_json::Value = serde_json::from_str(&out).expect("json");
    assert_eq!(json["assessment"]["status"], "final");
    // A second sign-off goes after the first.
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "sign",
            "s.yaml",
            "--by",
            "B. Chan",
            "--role",
            "reviewer",
            "--date",
            "2026-11-22",
            "--note",
            "ok: checked",
        ],
    );
    assert_eq!(code, 0, "{err}");
    let twice = std::fs::read_to_string(dir.path().join("s.yaml")).expect("read");
    assert!(
        twice.contains(
            "    - {by: \"A. Lee\", role: approver, date: 2026-11-21}\n    - {by: \"B. Chan\", role: reviewer, date: 2026-11-22, note: \"ok: checked\"}\nanswers:"
        ),
        "{twice}"
    );
}

#[test]
fn sign_refuses_what_the_record_forbids_and_writes_nothing() {
    let text = file("bot", "2026-11-20", "", &["GV-PC-A-1: yes"]);
    let dir = temp_files(&[("s.yaml", &text)]);
    // --final without an approver: the file as it would be, located; nothing written.
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "sign",
            "s.yaml",
            "--by",
            "A. Lee",
            "--role",
            "reviewer",
            "--date",
            "2026-11-21",
            "--final",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.starts_with("error: s.yaml:"), "{err}");
    assert!(
        err.contains("`status: final` needs an `approver` sign-off"),
        "{err}"
    );
    // Dated before the assessment.
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "sign",
            "s.yaml",
            "--by",
            "A. Lee",
            "--role",
            "approver",
            "--date",
            "2026-11-19",
        ],
    );
    assert_eq!(code, 2);
    assert!(err.contains("before the assessment's date 2026-11-20"), "{err}");
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "sign",
            "s.yaml",
            "--by",
            "A",
            "--role",
            "approver",
            "--date",
            "2026-13-01",
        ],
    );
    assert_eq!(code, 2);
    assert_eq!(err, "error: --date 2026-13-01: not a date YYYY-MM-DD\n");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.yaml")).expect("read"),
        text
    );
}

#[test]
fn assess_refuses_a_final_file_unless_reopened() {
    let text = file(
        "bot",
        "2026-11-20",
        "  status: final\n  sign_off:\n    - {by: A. Lee, role: approver, date: 2026-11-21}\n",
        &["GV-PC-A-1: yes"],
    );
    let draft = file("bot", "2026-11-20", "", &["GV-PC-A-1: yes"]);
    let dir = temp_files(&[("s.yaml", &text), ("d.yaml", &draft)]);
    let (_, err, code) = run_in(dir.path(), &["assess", "s.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: s.yaml is final (signed off): an answer changed now would not be what was approved; \
         `aima assess s.yaml --reopen` sets it back to draft and keeps the sign-offs under `superseded`\n"
    );
    let (_, err, code) = run_in(dir.path(), &["assess", "d.yaml", "--reopen"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: --reopen: d.yaml is not final; assess it without --reopen\n"
    );
    // Without a terminal, --reopen writes nothing.
    let (_, err, code) = run_in(dir.path(), &["assess", "s.yaml", "--reopen"]);
    assert_eq!(code, 2);
    assert!(err.contains("needs a terminal"), "{err}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("s.yaml")).expect("read"),
        text
    );
}

#[test]
fn small_record_fixes_warn_and_say_what_to_do() {
    let old = file("bot", "2025-01-10", "", &["GV-PC-A-1: yes"]);
    let new = file("bot", "2026-11-20", "", &["GV-PC-A-1: no"]);
    let other = file("fraud", "2026-11-20", "", &["GV-PC-A-1: no"]);
    let dir = temp_files(&[("old.yaml", &old), ("new.yaml", &new), ("other.yaml", &other)]);
    let aged = |args: &[&str]| {
        let out = aima()
            .current_dir(dir.path())
            .env("SOURCE_DATE_EPOCH", "1795305600") // 2026-11-22
            .args(args)
            .output()
            .expect("runs");
        (stdout(&out), stderr(&out), out.status.code().unwrap_or(-1))
    };
    let stale = "warning: the assessment is 681 days old (dated 2025-01-10), older than max_age_days 365: \
                 assess it again (aima assess FILE --from OLD)\n";
    let (_, err, code) = aged(&["check", "old.yaml", "--target", "0"]);
    assert_eq!((code, err.as_str()), (0, stale));
    let (_, err, code) = aged(&["report", "old.yaml"]);
    assert_eq!((code, err.as_str()), (0, stale));
    let (_, err, code) = aged(&["check", "new.yaml", "--target", "0"]);
    assert_eq!((code, err.as_str()), (0, ""));
    // diff: OLD newer than NEW, and two systems.
    let (_, err, code) = aged(&["diff", "new.yaml", "old.yaml"]);
    assert_eq!(code, 0);
    assert_eq!(
        err,
        "warning: OLD (2026-11-20) is dated after NEW (2025-01-10): improvements show as regressions; give \
         the older assessment first (aima diff OLD NEW)\n"
    );
    let (_, err, _) = aged(&["diff", "old.yaml", "other.yaml"]);
    assert_eq!(
        err,
        "warning: OLD is system `bot` and NEW is system `fraud`: a diff compares two rounds of one system\n"
    );
    // assess into a missing folder: what to do, no OS error with a temporary file's name.
    let (_, err, code) = aged(&["assess", "nowhere/a.yaml"]);
    assert_eq!(code, 2);
    assert_eq!(
        err,
        "error: cannot write nowhere/a.yaml: the folder nowhere does not exist; create it first (mkdir -p nowhere)\n"
    );
}

/// Every target names its source, by the one rule of docs/targets.md, in the JSON of
/// `score` and `check` and in the report, which also names the aima.toml it used.
#[test]
fn each_target_names_where_it_was_set() {
    let answers = format!(
        "{}targets:\n  DM-DT: 1\n",
        file("bot", "2026-11-20", "", &["GV-PC-A-1: yes"]).replace("answers:\n  GV-PC-A-1: yes\n", "")
    ) + "answers:\n  GV-PC-A-1: yes\n";
    let dir = temp_files(&[
        ("a/bot.yaml", &answers),
        (
            "aima.toml",
            "[systems.bot]\nprofile = \"baseline\"\ntargets = { GV = 3 }\n",
        ),
    ]);
    let (out, err, code) = run_in(
        dir.path(),
        &["score", "a/bot.yaml", "--target", "1", "--format", "json"],
    );
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let source = |id: &str| -> (serde_json::Value, serde_json::Value) {
        let p = doc["domains"]
            .as_array()
            .expect("domains")
            .iter()
            .flat_map(|d| d["practices"].as_array().expect("practices"))
            .find(|p| p["id"] == id)
            .unwrap_or_else(|| panic!("{id}"));
        (p["target"].clone(), p["target_source"].clone())
    };
    use serde_json::json;
    // A practice entry in the answers files beats everything for that practice.
    assert_eq!(source("DM-DT"), (json!(1), json!("answers")));
    // A domain entry in aima.toml beats `--target` (a default)…
    assert_eq!(source("GV-EG"), (json!(3), json!("aima.toml")));
    // …and a practice entry of the profile beats the domain entry.
    assert_eq!(source("GV-PC"), (json!(2), json!("profile:baseline")));
    // Where only defaults apply, the nearest default: `--target`.
    assert_eq!(source("RA-FB"), (json!(1), json!("command-line")));
    let (report, _, code) = run_in(dir.path(), &["report", "a/bot.yaml", "--target", "1"]);
    assert_eq!(code, 0);
    assert!(report.contains("| Configuration | aima.toml |"), "{report}");
    assert!(
        report.contains("Targets from: --target (19 practices); aima.toml (2 practices: GV-SM, GV-EG); profile baseline (2 practices: GV-PC, OP-IM); the answers files (1 practice: DM-DT)."),
        "{report}"
    );
    assert!(
        report.contains("| GV-PC Policy and Compliance | 0+ (0.50) | 2 | profile baseline | 2 | 3 |"),
        "{report}"
    );
}

/// `import --system --round` set the record of the answers file written; a bad id is an
/// error before anything is written.
#[test]
fn import_sets_the_system_and_round() {
    let dir = temp_files(&[("a.yaml", &file("bot", "2026-11-20", "", &["GV-PC-A-1: yes"]))]);
    let (_, err, code) = run_in(dir.path(), &["export", "a.yaml", "--to", "csv", "-o", "a.csv"]);
    assert_eq!(code, 0, "{err}");
    let (_, err, code) = run_in(
        dir.path(),
        &[
            "import",
            "a.csv",
            "--system",
            "fraud-model",
            "--round",
            "2026-H2",
            "-o",
            "b.yaml",
        ],
    );
    assert_eq!(code, 0, "{err}");
    // The aima CSV carries no system and no date: nothing is replaced, so no note.
    assert!(!err.contains("replaces"), "{err}");
    let (_, err, code) = run_in(
        dir.path(),
        &["import", "a.csv", "--date", "2026-11-21", "-o", "d.yaml"],
    );
    assert_eq!(code, 0, "{err}");
    let dated = std::fs::read_to_string(dir.path().join("d.yaml")).expect("written");
    assert!(
        dated.contains("\n  date: 2026-11-21\n") && !err.contains("warning"),
        "{err}"
    );
    let (out, err, code) = run_in(dir.path(), &["score", "b.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let doc: serde_json::Value = serde_json::from_str(&out).expect("json");
    let text = std::fs::read_to_string(dir.path().join("b.yaml")).expect("written");
    assert!(
        text.contains("  system: fraud-model\n") && text.contains("  round: \"2026-H2\"\n"),
        "{text}"
    );
    assert_eq!(doc["overall"]["label"], "0+");
    let (_, err, code) = run_in(
        dir.path(),
        &["import", "a.csv", "--round", "H2 2026", "-o", "c.yaml"],
    );
    assert_eq!(code, 2);
    assert!(
        err.contains("error: --round H2 2026: an id is letters, digits"),
        "{err}"
    );
    assert!(!dir.path().join("c.yaml").exists());
}

/// `worksheet` prefills the system, team, round and date, and a worksheet `--from` a final
/// round starts a new one (no round, status or sign-offs copied).
#[test]
fn a_worksheet_prefills_the_record() {
    let old = file(
        "bot",
        "2026-05-20",
        "  round: 2026-H1\n  status: final\n  sign_off:\n    - {by: A. Lee, role: approver, date: 2026-05-21}\n",
        &["GV-PC-A-1: yes"],
    );
    let dir = temp_files(&[("old.yaml", &old), ("w/.keep", "")]);
    let args = [
        "worksheet",
        "--from",
        "old.yaml",
        "--domain",
        "GV,DM",
        "--team",
        "ML ops",
        "--round",
        "2026-H2",
        "--date",
        "2026-11-20",
        "-o",
        "w/gv.yaml",
    ];
    let (out, err, code) = run_in(dir.path(), &args);
    assert_eq!(code, 0, "{err}");
    assert!(out.starts_with("wrote w/gv.yaml ("), "{out}");
    let (json, err, code) = run_in(dir.path(), &["score", "w/gv.yaml", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let text = std::fs::read_to_string(dir.path().join("w/gv.yaml")).expect("written");
    let head: Vec<&str> = text.lines().skip_while(|l| *l != "assessment:").take(8).collect();
    assert_eq!(
        head,
        [
            "assessment:",
            "  organization: ~",
            "  scope: ~",
            "  assessor: ~",
            "  date: 2026-11-20",
            "  system: bot",
            "  team: \"ML ops\"",
            "  round: \"2026-H2\"",
        ],
        "{text}"
    );
    assert!(
        !text.contains("sign_off") && !text.contains("status: final"),
        "{text}"
    );
    let doc: serde_json::Value = serde_json::from_str(&json).expect("json");
    assert_eq!(doc["overall"]["label"], "0+", "the old answers are kept");
    let (_, err, code) = run_in(dir.path(), &["worksheet", "--round", "H2 2026"]);
    assert_eq!(code, 2);
    assert!(
        err.starts_with("error: --round H2 2026: use letters, digits"),
        "{err}"
    );
}

/// A gate names each failing system whole (a long id is not cut), and a folder's name
/// reaches the terminal only made safe.
#[test]
fn gate_failures_name_long_and_hostile_systems_whole_and_safely() {
    let answers = "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  date: 2026-11-20\ntargets:\n  GV-PC: 2\nanswers:\n  GV-PC-A-1: yes\n";
    let long = "transaction-fraud-model-eu-west";
    let hostile = "bot\u{1b}[31mred";
    let dir = temp_files(&[
        (&format!("t/{long}/a.yaml"), answers),
        (&format!("t/{hostile}/a.yaml"), answers),
    ]);
    let (_, err, code) = run_in(dir.path(), &["check", "--all", "t"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        err.contains(&format!(
            "failed: {long} 2026-11-20: 1 practice below target (GV-PC)"
        )),
        "{err}"
    );
    let (_, err, code) = run_in(dir.path(), &["portfolio", "--check", "t"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains(&format!("failed: system `{long}`: ")), "{err}");
    assert!(
        !err.contains('\u{1b}') && err.contains("failed: system `bot\\u{1b}[31mred`"),
        "{err}"
    );
}

/// `validate` with no FILE refuses a file without a date under `portfolio.paths`: portfolio,
/// trend and `check --all` could not place it in a round.
#[test]
fn validate_of_the_tree_needs_a_date_as_the_portfolio_does() {
    let undated = "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  system: bot\nanswers:\n  GV-PC-A-1: yes\n";
    let dir = temp_files(&[
        ("aima.toml", "[portfolio]\npaths = [\"assessments\"]\n"),
        ("assessments/bot/a.yaml", undated),
    ]);
    let (_, err, code) = run_in(dir.path(), &["validate"]);
    assert_eq!(code, 2, "{err}");
    assert!(
        err.contains("error: assessments/bot/a.yaml:3:1: `assessment.date` is missing"),
        "{err}"
    );
    // One file named: as before, a date is optional.
    let (_, err, code) = run_in(dir.path(), &["validate", "assessments/bot/a.yaml"]);
    assert_eq!(code, 0, "{err}");
}
