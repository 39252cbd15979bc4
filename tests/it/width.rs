//! Tables fit the width: `--width 80` and `--width 60` layouts of every command that draws
//! a table (insta file snapshots), and the unchanged layout when output is not a terminal.

use crate::common;

use insta_cmd::assert_cmd_snapshot;

use common::{aima, captured};

const FIRST: &str = "examples/acme-support-bot-2026-05.yaml";
const SECOND: &str = "examples/acme-support-bot-2026-11.yaml";

/// Every line of `text` is at most `width` characters wide.
fn fits(text: &str, width: usize) {
    for line in text.lines() {
        assert!(
            line.chars().count() <= width,
            "{} columns, over {width}: {line}",
            line.chars().count()
        );
    }
}

#[test]
fn every_table_fits_80_and_60_columns() {
    for width in ["80", "60"] {
        for args in [
            vec!["score", FIRST],
            vec!["check", SECOND],
            vec!["diff", FIRST, SECOND],
            vec!["model"],
            vec!["model", "GV"],
            vec!["model", "GV-PC"],
            vec!["model", "GV-PC-A"],
            vec!["score", "examples/teams/2026-11"],
            vec!["profiles"],
            vec!["profiles", "eu-high-risk"],
            vec!["portfolio", "examples/portfolio/assessments"],
            vec![
                "trend",
                "examples/portfolio/assessments",
                "--system",
                "fraud-model",
            ],
            vec!["crosswalk"],
            vec!["crosswalk", "eu-ai-act"],
            vec!["crosswalk", "iso-42001", SECOND],
            vec!["validate", "examples/teams/2026-11"],
        ] {
            let mut all = vec!["--width", width];
            all.extend(&args);
            let (out, err, code) = captured(&all);
            assert!(code <= 1, "aima {}: {err}", all.join(" "));
            fits(&out, width.parse().expect("number"));
        }
    }
}

#[test]
fn score_at_80_and_60_columns() {
    assert_cmd_snapshot!("score_80", aima().args(["--width", "80", "score", FIRST]));
    assert_cmd_snapshot!("score_60", aima().args(["--width", "60", "score", FIRST]));
}

#[test]
fn check_at_80_and_60_columns() {
    assert_cmd_snapshot!("check_80", aima().args(["--width", "80", "check", SECOND]));
    assert_cmd_snapshot!("check_60", aima().args(["--width", "60", "check", SECOND]));
}

#[test]
fn diff_at_80_and_60_columns() {
    assert_cmd_snapshot!("diff_80", aima().args(["--width", "80", "diff", FIRST, SECOND]));
    assert_cmd_snapshot!("diff_60", aima().args(["--width", "60", "diff", FIRST, SECOND]));
}

#[test]
fn model_at_80_and_60_columns() {
    assert_cmd_snapshot!("model_80", aima().args(["--width", "80", "model"]));
    assert_cmd_snapshot!("model_domain_60", aima().args(["--width", "60", "model", "GV"]));
    assert_cmd_snapshot!(
        "model_practice_80",
        aima().args(["--width", "80", "model", "GV-PC"])
    );
}

#[test]
fn without_a_terminal_or_width_tables_are_as_wide_as_their_content() {
    let (out, _, _) = captured(&["score", FIRST]);
    let border = out.lines().find(|l| l.starts_with('┌')).expect("a table");
    assert_eq!(border.chars().count(), 134, "the full layout, as in the README");
    assert!(out.contains("│ Practice ┆ Name "));
    // A width wider than the content changes nothing.
    // (Not `model GV-PC` or `diff`: with a width, their long texts are wrapped by the
    // table to its column instead of at a fixed 70 or 64 characters.)
    for args in [vec!["score", FIRST], vec!["check", SECOND]] {
        let (unlimited, _, _) = captured(&args);
        let mut wide = vec!["--width", "400"];
        wide.extend(&args);
        assert_eq!(captured(&wide).0, unlimited, "aima {}", args.join(" "));
    }
}

#[test]
fn profiles_at_80_columns() {
    assert_cmd_snapshot!(
        "profiles_one_80",
        aima().args(["--width", "80", "profiles", "eu-high-risk"])
    );
}

#[test]
fn portfolio_at_80_columns_keeps_what_says_where_each_system_stands() {
    let mut cmd = aima();
    cmd.env("SOURCE_DATE_EPOCH", "1795910400") // 2026-11-29: fixed ages
        .args(["--width", "80", "portfolio", "examples/portfolio/assessments"]);
    assert_cmd_snapshot!("portfolio_80", cmd);
}
