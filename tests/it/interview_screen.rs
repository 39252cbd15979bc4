//! The text of a question screen (what the dialoguer prompter prints above the menu).

use crate::common;

use aima::answers::{Answer, Word};
use aima::interview::screen::{lines, menu, menu_lines, menu_prompt};
use aima::interview::{Choice, Screen};
use common::model;

fn screen<'a>(code: &str, entry: Option<&'a Answer>, notice: Option<&str>) -> Screen<'a> {
    Screen {
        question: model().question(code).expect("a question"),
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
        evidence: vec!["https://wiki.example/ai".into(), "docs/dpia.pdf".into()],
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

#[test]
fn a_reassessment_shows_the_previous_answer_safely_on_a_narrow_screen() {
    let previous = Answer {
        word: Some(Word::Mostly),
        note: Some("Signed \u{202e}fdp.exe by \x1b]0;owned\x07Legal".to_string()),
        evidence: vec!["https://wiki.example/ai".into(), "docs/\u{200b}dpia.pdf".into()],
        reason: None,
    };
    let mut s = screen("GV-SM-A-1", None, None);
    s.previous = Some(&previous);
    assert_eq!(s.default_choice(), Choice::Answer(Word::Mostly));
    let shown = text(&s, 40);
    for bad in ['\x1b', '\x07', '\u{202e}', '\u{200b}'] {
        assert!(!shown.contains(bad), "{bad:?} reaches the terminal");
    }
    insta::assert_snapshot!("screen_reassessment_narrow", shown);

    // Once answered in the new assessment, the current answer is the default.
    let current = Answer::word(Word::No);
    s.entry = Some(&current);
    assert_eq!(s.default_choice(), Choice::Answer(Word::No));
}

#[test]
fn every_choice_has_its_own_key_in_either_case() {
    let keys: Vec<char> = Choice::MENU.iter().map(|c| c.key()).collect();
    assert_eq!(keys, ['y', 'm', 'p', 'n', 'a', 's', 'b', 'q', 'c', 'e', 'd']);
    for choice in Choice::MENU {
        assert_eq!(Choice::for_key(choice.key()), Some(choice));
        assert_eq!(Choice::for_key(choice.key().to_ascii_uppercase()), Some(choice));
    }
    assert_eq!(Choice::for_key('x'), None);
}

#[test]
fn a_seven_megabyte_note_of_the_last_assessment_is_shown_cut_not_whole() {
    let note = "long note ".repeat(700_000);
    let old = Answer {
        word: Some(Word::Partly),
        note: Some(note.clone()),
        evidence: (0..50)
            .map(|i| aima::answers::evidence::Evidence::text(format!("doc-{i}.pdf")))
            .collect(),
        ..Answer::default()
    };
    let mut s = screen("GV-PC-B-2", None, None);
    s.previous = Some(&old);
    let started = std::time::Instant::now();
    let shown = lines(&s, 79);
    assert!(
        started.elapsed() < std::time::Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    let text = shown.join("\n");
    assert!(text.len() < 4_000, "{} bytes on the screen", text.len());
    let more = note.chars().count() - aima::interview::screen::MAX_SHOWN_CHARS;
    assert!(
        text.replace("\n  ", " ")
            .contains(&format!("… ({more} more characters, kept in the file)")),
        "{text}"
    );
    assert!(text.contains("- … and 40 more, kept in the file"), "{text}");
}
