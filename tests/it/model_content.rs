//! The shipped model is complete and traceable: every practice and question carries every
//! field, and each question's `toolkit_row` is its row in the AIMA Toolkit v1.0.1 sheet
//! `Assessment Questions` (layout in docs/model.md).

use crate::common;

use common::{model, run, stdout};

/// Domains in the toolkit's block order, and each domain's practices in row order. Written
/// out here, not taken from the model, so that the rows are checked against the layout.
const TOOLKIT_BLOCKS: [(&str, [&str; 3]); 8] = [
    ("RA", ["RA-EV", "RA-TE", "RA-FB"]),
    ("GV", ["GV-SM", "GV-PC", "GV-EG"]),
    ("DM", ["DM-QI", "DM-GA", "DM-DT"]),
    ("PR", ["PR-MP", "PR-PD", "PR-UC"]),
    ("DE", ["DE-TA", "DE-SA", "DE-SR"]),
    ("IM", ["IM-SB", "IM-SD", "IM-DM"]),
    ("VE", ["VE-ST", "VE-RT", "VE-AA"]),
    ("OP", ["OP-IM", "OP-EM", "OP-OM"]),
];

/// The toolkit row of a question from its place: 22 rows per domain block, 7 per practice
/// (a header row, then A-1, B-1, A-2, B-2, A-3, B-3).
fn layout_row(code: &str) -> u32 {
    let parts: Vec<&str> = code.split('-').collect();
    let practice = format!("{}-{}", parts[0], parts[1]);
    let (d, p) = TOOLKIT_BLOCKS
        .iter()
        .enumerate()
        .find_map(|(d, (_, ps))| ps.iter().position(|p| *p == practice).map(|p| (d, p)))
        .unwrap_or_else(|| panic!("{code} is in no toolkit block"));
    let stream_b = u32::from(parts[2] == "B");
    let level: u32 = parts[3].parse().expect("level digit");
    6 + 22 * d as u32 + 7 * p as u32 + 1 + 2 * (level - 1) + stream_b
}

#[test]
fn every_question_has_the_toolkit_row_of_the_layout() {
    let mut codes = Vec::new();
    for (d, (domain, practices)) in TOOLKIT_BLOCKS.iter().enumerate() {
        assert_eq!(model().domains[d].id, *domain);
        for (p, practice) in practices.iter().enumerate() {
            assert_eq!(model().domains[d].practices[p].id, *practice);
            for stream in ["A", "B"] {
                for level in 1..=3 {
                    codes.push(format!("{practice}-{stream}-{level}"));
                }
            }
        }
    }
    assert_eq!(codes.len(), 144);
    for code in &codes {
        let q = model().question(code).unwrap_or_else(|| panic!("{code} missing"));
        assert_eq!(q.question.toolkit_row, layout_row(code), "{code}");
    }
    // The model holds exactly those 144 questions.
    assert_eq!(model().questions().count(), 144);
}

#[test]
fn toolkit_rows_are_the_answer_rows_of_the_sheet() {
    // Rows named in the toolkit's own cells: the first and last question rows of a few
    // practices (`E7:E12` for RA-EV, `E43:E48` for GV-EG, `E175:E180` for OP-OM).
    let row = |code: &str| model().question(code).expect(code).question.toolkit_row;
    assert_eq!(row("RA-EV-A-1"), 7);
    assert_eq!(row("RA-EV-B-3"), 12);
    assert_eq!(row("GV-EG-A-1"), 43);
    assert_eq!(row("GV-EG-B-1"), 44);
    assert_eq!(row("GV-EG-B-3"), 48);
    assert_eq!(row("DM-DT-B-1"), 66);
    assert_eq!(row("OP-OM-A-1"), 175);
    assert_eq!(row("OP-OM-B-3"), 180);
    // All 144 rows differ, and none is a practice header or a block separator.
    let mut rows: Vec<u32> = model().questions().map(|q| q.question.toolkit_row).collect();
    rows.sort_unstable();
    rows.dedup();
    assert_eq!(rows.len(), 144);
    for r in rows {
        let in_block = (r - 6) % 22;
        assert!(
            in_block != 21 && in_block % 7 != 0,
            "row {r} is a header or separator"
        );
    }
}

fn non_empty(what: &str, text: &str) {
    assert!(!text.trim().is_empty(), "{what} is empty");
    assert_eq!(text.trim(), text, "{what} has surrounding spaces");
}

#[test]
fn every_practice_and_question_has_every_field() {
    for (domain, practice) in model().practices() {
        let id = &practice.id;
        assert!(id.starts_with(&format!("{}-", domain.id)));
        non_empty(&format!("{id} name"), &practice.name);
        non_empty(&format!("{id} description"), &practice.description);
        assert!(!practice.objectives.is_empty(), "{id} has no objectives");
        for o in &practice.objectives {
            non_empty(&format!("{id} objective"), o);
        }
        for t in &practice.level_titles {
            non_empty(&format!("{id} level title"), t);
        }
        for a in &practice.aliases {
            non_empty(&format!("{id} alias"), a);
            assert_ne!(a, &practice.name, "{id}: an alias repeats the name");
        }
        for (stream, letter) in practice.streams.iter().zip(['A', 'B']) {
            assert_eq!(stream.id, format!("{id}-{letter}"));
            non_empty(&format!("{} name", stream.id), &stream.name);
            non_empty(&format!("{} role", stream.id), &stream.role);
            for (question, level) in stream.questions.iter().zip(1u8..) {
                let qid = &question.id;
                assert_eq!(qid, &format!("{}-{level}", stream.id));
                assert_eq!(question.level, level);
                non_empty(&format!("{qid} text"), &question.text);
                non_empty(&format!("{qid} guidance"), &question.guidance);
                assert!(question.text.ends_with('?'), "{qid} is not a question");
                assert!(question.toolkit_row > 0, "{qid} has no toolkit row");
            }
        }
    }
}

#[test]
fn streams_carry_aimas_generic_roles() {
    for (_, practice) in model().practices() {
        assert_eq!(practice.streams[0].role, "Create & Promote", "{}", practice.id);
        assert_eq!(practice.streams[1].role, "Measure & Improve", "{}", practice.id);
    }
}

#[test]
fn practices_record_the_other_names_aimas_files_use() {
    let aliases = |code: &str| model().practice(code).expect(code).1.aliases.clone();
    assert!(aliases("GV-EG").contains(&"Education & Awareness".to_string()));
    assert!(aliases("RA-EV").contains(&"Ethical & Societal Impact".to_string()));
    assert!(aliases("VE-RT").contains(&"Requirement-Based Testing".to_string()));
    // Practices the toolkit names exactly as aima does have no alias.
    assert!(aliases("DE-TA").is_empty());
    let with_aliases = model().practices().filter(|(_, p)| !p.aliases.is_empty()).count();
    assert_eq!(with_aliases, 12);
}

#[test]
fn the_model_json_has_toolkit_rows_aliases_and_roles() {
    let out = run(&["model", "--format", "json"]);
    assert!(out.status.success());
    let json: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("JSON");
    let mut questions = 0;
    let mut practices = 0;
    for domain in json["domains"].as_array().expect("domains") {
        for practice in domain["practices"].as_array().expect("practices") {
            practices += 1;
            let code = practice["id"].as_str().expect("id");
            let expected = &model().practice(code).expect(code).1.aliases;
            let aliases: Vec<&str> = practice["aliases"]
                .as_array()
                .unwrap_or_else(|| panic!("{code}: aliases"))
                .iter()
                .map(|a| a.as_str().expect("alias text"))
                .collect();
            assert_eq!(&aliases, expected);
            for stream in practice["streams"].as_array().expect("streams") {
                assert!(stream["role"].is_string(), "{}", stream["id"]);
                for q in stream["questions"].as_array().expect("questions") {
                    let qid = q["id"].as_str().expect("id");
                    assert_eq!(
                        q["toolkit_row"].as_u64(),
                        Some(u64::from(layout_row(qid))),
                        "{qid}"
                    );
                    questions += 1;
                }
            }
        }
    }
    assert_eq!((practices, questions), (24, 144));
}
