//! The text of a question screen (what the dialoguer prompter prints above the menu).

use aima::answers::{Answer, Word};
use aima::interview::screen::{lines, menu, menu_lines, menu_prompt};
use aima::interview::{Choice, Screen};

fn model() -> &'static aima::model::Model {
    aima::embedded::model()
}

fn screen<'a>(code: &str, entry: Option<&'a Answer>, notice: Option<&str>) -> Screen<'a> {
    Screen {
        question: aima::embedded::model().question(code).expect("a question"),
        entry,
        previous: None,
        answered: 40,
        total: 144,
        domain_answered: 3,
        domain_total: 18,
        notice: notice.map(str::to_string),
    }
}

/// The screen as the terminal shows it: lines, the menu prompt, the menu with the cursor.
fn text(screen: &Screen<'_>, width: usize) -> String {
    let mut out = lines(screen, width).join("\n");
    out.push_str(&format!("\n? {} ›\n", menu_prompt(screen)));
    let default = screen.default_choice().index();
    for line in menu_lines(&menu(screen), default, width) {
        out.push_str(&line);
        out.push('\n');
    }
    out
}

#[test]
fn a_new_question() {
    insta::assert_snapshot!("screen_new_question", text(&screen("GV-PC-B-2", None, None), 79));
}

#[test]
fn a_reviewed_answer_with_a_reason_a_note_evidence_and_a_notice() {
    let entry = Answer {
        word: Some(Word::Na),
        note: Some("Checked with \x1b[31mLegal\x1b[0m\nin May".to_string()),
        evidence: vec!["https://wiki.example/ai".to_string(), "docs/dpia.pdf".to_string()],
        reason: Some("No personal data is processed by this system".to_string()),
    };
    let s = screen(
        "PR-MP-A-1",
        Some(&entry),
        Some("Note saved; now pick the answer."),
    );
    assert_eq!(s.default_choice(), Choice::Answer(Word::Na));
    let shown = text(&s, 60);
    assert!(
        !shown.contains('\x1b'),
        "control characters from files are neutralised"
    );
    insta::assert_snapshot!("screen_review_na", shown);
}

#[test]
fn a_single_domain_interview_shows_one_progress_count() {
    let mut s = screen("GV-PC-B-2", None, None);
    (s.answered, s.total, s.domain_answered, s.domain_total) = (3, 18, 3, 18);
    assert_eq!(menu_prompt(&s), "GV-PC-B-2 · 3/18 answered");
}

#[test]
fn every_question_fits_in_80_columns_and_nearly_all_in_24_rows() {
    let mut too_tall = Vec::new();
    for q in model().questions() {
        let s = screen(&q.question.id, None, None);
        let shown = text(&s, 79);
        for line in shown.lines() {
            assert!(line.chars().count() <= 80, "{}: {line}", q.question.id);
        }
        // Plus the line the cursor waits on after the menu.
        if shown.lines().count() + 1 > 24 {
            too_tall.push(q.question.id.clone());
        }
    }
    assert!(too_tall.len() <= 3, "taller than 24 rows: {too_tall:?}");
}
