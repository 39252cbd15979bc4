//! The question flow of `aima assess`, driven by scripted answers (no terminal).

use crate::common;

use std::path::{Path, PathBuf};

use aima::answers::{self, Answer, Assessment, Date, Word};
use aima::base::error::Error;
use aima::cli::AssessArgs;
use aima::commands::assess;
use aima::interview::scripted::{ScriptedPrompter, Step};
use aima::interview::{Choice, End, Event, Field, Interview, Scope, ask_metadata};
use common::{answer, blank_metadata, choose, model, repo_file, today, typed};

fn scope(domains: &[&str]) -> Scope {
    let domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
    Scope::new(model(), &domains).expect("known domains")
}

/// Runs an interview and returns it with the prompter and every saved state.
fn run(
    scope: Scope,
    assessment: Assessment,
    review: bool,
    steps: Vec<Step>,
) -> (Interview<'static>, ScriptedPrompter, Vec<Assessment>, End) {
    let mut interview = Interview::new(model(), scope, assessment, review);
    let mut prompter = ScriptedPrompter::new(steps);
    let mut saves = Vec::new();
    let end = interview
        .run(&mut prompter, &mut |a: &mut Assessment, _: &Scope| {
            saves.push(a.clone());
            Ok(None)
        })
        .expect("the interview runs");
    (interview, prompter, saves, end)
}

fn words(assessment: &Assessment) -> Vec<(String, Word)> {
    assessment
        .answers
        .iter()
        .filter_map(|(code, a)| Some((code.clone(), a.word?)))
        .collect()
}

fn example(name: &str) -> PathBuf {
    repo_file("examples").join(name)
}

#[test]
fn asks_in_worksheet_order_and_saves_after_every_answer() {
    let steps = vec![
        answer(Word::Yes),
        answer(Word::Mostly),
        answer(Word::Partly),
        answer(Word::No),
        answer(Word::Yes),
        answer(Word::Yes),
        answer(Word::Yes),
    ];
    let (interview, prompter, saves, end) = run(scope(&[]), Assessment::new(model()), false, steps);
    assert_eq!(end, End::Interrupted, "the script ran out: like Ctrl-C");
    assert_eq!(
        prompter.codes(),
        [
            "RA-EV-A-1",
            "RA-EV-B-1",
            "RA-EV-A-2",
            "RA-EV-B-2",
            "RA-EV-A-3",
            "RA-EV-B-3",
            "RA-TE-A-1",
            "RA-TE-B-1",
        ]
    );
    // The same order as the worksheet.
    let worksheet: Vec<String> = model()
        .questions()
        .take(8)
        .map(|q| q.question.id.clone())
        .collect();
    assert_eq!(prompter.codes(), worksheet);
    // One save per answer, each holding every answer so far.
    assert_eq!(saves.len(), 7);
    for (i, saved) in saves.iter().enumerate() {
        assert_eq!(saved.answered(model()), i + 1);
    }
    assert_eq!(saves[6], interview.assessment);
    assert_eq!(interview.assessment.word("RA-EV-B-1"), Some(Word::Mostly));
    assert_eq!(interview.assessment.word("RA-EV-B-2"), Some(Word::No));
    // Progress: answered/total in scope and in the question's domain.
    let last = prompter.shown.last().expect("screens");
    assert_eq!((last.answered, last.total), (7, 144));
    assert_eq!((last.domain_answered, last.domain_total), (7, 18));
    // The cursor starts on skip for a new question: Enter never records an unchosen answer.
    assert!(prompter.shown.iter().all(|s| s.default == Choice::Skip));
}

#[test]
fn back_crosses_a_practice_boundary_and_shows_the_answer_given() {
    let mut steps: Vec<Step> = [Word::Yes, Word::Yes, Word::Yes, Word::Yes, Word::Yes, Word::No]
        .into_iter()
        .map(answer)
        .collect();
    steps.extend([
        // On GV-PC-A-1, the first question of the next practice: back to GV-SM-B-3.
        choose(Choice::Back),
        // Back again, then forward by re-answering.
        choose(Choice::Back),
        answer(Word::Yes),
        answer(Word::Partly),
        answer(Word::Mostly),
    ]);
    let (interview, prompter, saves, _) = run(scope(&["GV"]), Assessment::new(model()), false, steps);
    assert_eq!(
        prompter.codes()[5..],
        [
            "GV-SM-B-3",
            "GV-PC-A-1",
            "GV-SM-B-3",
            "GV-SM-A-3",
            "GV-SM-B-3",
            "GV-PC-A-1",
            "GV-PC-B-1",
        ]
    );
    // Going back shows the answer given in this session as the default.
    assert_eq!(prompter.shown[7].default, Choice::Answer(Word::No));
    assert_eq!(prompter.shown[8].default, Choice::Answer(Word::Yes));
    assert_eq!(interview.assessment.word("GV-SM-B-3"), Some(Word::Partly));
    assert_eq!(interview.assessment.word("GV-PC-A-1"), Some(Word::Mostly));
    assert!(interview.events.contains(&Event::Back("GV-PC-A-1".to_string())));
    // Back saves nothing; the re-answers do.
    assert_eq!(saves.len(), 9);
}

#[test]
fn back_on_the_first_question_stays_with_a_notice() {
    let steps = vec![choose(Choice::Back), answer(Word::No)];
    let (interview, prompter, _, _) = run(scope(&["DE"]), Assessment::new(model()), false, steps);
    assert_eq!(prompter.codes()[..3], ["DE-TA-A-1", "DE-TA-A-1", "DE-TA-B-1"]);
    assert_eq!(
        prompter.shown[1].notice.as_deref(),
        Some("This is the first question of this interview.")
    );
    assert_eq!(prompter.shown[2].notice, None);
    assert_eq!(interview.assessment.word("DE-TA-A-1"), Some(Word::No));
}

#[test]
fn skip_leaves_the_question_unanswered_and_goes_on() {
    let steps = vec![
        answer(Word::Yes),
        choose(Choice::Skip),
        answer(Word::No),
        choose(Choice::Back),
        choose(Choice::Back),
        // The skipped question, still unanswered: the cursor is on yes.
        choose(Choice::Skip),
    ];
    let (interview, prompter, saves, _) = run(scope(&["PR"]), Assessment::new(model()), false, steps);
    assert_eq!(
        prompter.codes(),
        [
            "PR-MP-A-1",
            "PR-MP-B-1",
            "PR-MP-A-2",
            "PR-MP-B-2",
            "PR-MP-A-2",
            "PR-MP-B-1",
            "PR-MP-A-2",
        ]
    );
    assert_eq!(prompter.shown[5].default, Choice::Skip);
    assert_eq!(interview.assessment.word("PR-MP-B-1"), None);
    assert!(!interview.assessment.answers.contains_key("PR-MP-B-1"));
    assert_eq!(
        words(&interview.assessment),
        [
            ("PR-MP-A-1".to_string(), Word::Yes),
            ("PR-MP-A-2".to_string(), Word::No)
        ]
    );
    assert_eq!(saves.len(), 2, "skips save nothing");
    assert_eq!(
        interview
            .events
            .iter()
            .filter(|e| matches!(e, Event::Skipped(_)))
            .count(),
        2
    );
}

#[test]
fn a_resumed_file_asks_only_its_unanswered_questions() {
    let loaded = answers::load(model(), &[example("acme-support-bot-2026-05.yaml")]).expect("example loads");
    let open: Vec<String> = model()
        .questions()
        .map(|q| q.question.id.clone())
        .filter(|c| loaded.word(c).is_none())
        .collect();
    assert_eq!(open.len(), 10);
    let steps: Vec<Step> = (0..10).map(|_| answer(Word::Partly)).collect();
    let (interview, prompter, saves, end) = run(scope(&[]), loaded.clone(), false, steps);
    assert_eq!(end, End::Finished);
    assert_eq!(prompter.codes(), open);
    assert_eq!(prompter.shown[0].answered, 134);
    assert_eq!(saves.len(), 10);
    let done = &interview.assessment;
    assert_eq!(done.answered(model()), 144);
    // Everything else is untouched: metadata, targets, other answers, notes, evidence.
    assert_eq!(done.metadata, loaded.metadata);
    assert_eq!(done.targets, loaded.targets);
    for (code, entry) in &loaded.answers {
        if entry.word.is_some() {
            assert_eq!(done.answers.get(code), Some(entry), "{code}");
        }
    }
    // OP-EM-A-1 was unanswered with a note: the answer keeps the note.
    assert_eq!(
        done.answers["OP-EM-A-1"],
        Answer {
            word: Some(Word::Partly),
            note: Some("Ops team not interviewed yet; scheduled for June".to_string()),
            ..Answer::default()
        }
    );
}

#[test]
fn domain_limits_the_interview_in_model_order() {
    let s = scope(&["OP", "RA"]);
    assert_eq!(s.domains, ["RA", "OP"]);
    assert_eq!(s.codes.len(), 36);
    assert_eq!(s.codes[17], "RA-FB-B-3");
    assert_eq!(s.codes[18], "OP-IM-A-1");
    let steps: Vec<Step> = (0..19).map(|_| answer(Word::Yes)).collect();
    let (interview, prompter, _, _) = run(s, Assessment::new(model()), false, steps);
    assert_eq!(prompter.codes()[18], "OP-IM-A-1");
    assert_eq!(prompter.codes()[19], "OP-IM-B-1");
    let last = prompter.shown.last().expect("screens");
    assert_eq!((last.answered, last.total), (19, 36));
    assert_eq!((last.domain_answered, last.domain_total), (1, 18));
    assert!(
        interview
            .assessment
            .answers
            .keys()
            .all(|c| c.starts_with("RA-") || c.starts_with("OP-"))
    );

    let unknown = Scope::new(model(), &["GV".to_string(), "XX".to_string()]).expect_err("unknown domain");
    assert_eq!(unknown, aima::commands::worksheet::unknown_domain(model(), "XX"));
}

#[test]
fn review_walks_answered_questions_with_the_current_answer_as_default() {
    let loaded = answers::load(model(), &[example("acme-support-bot-2026-05.yaml")]).expect("example loads");
    let steps = vec![
        // Enter on every screen keeps the current answer.
        choose(Choice::Answer(loaded.word("GV-SM-A-1").expect("answered"))),
        answer(Word::Yes),
    ];
    let (interview, prompter, _, _) = run(scope(&["GV"]), loaded.clone(), true, steps);
    assert_eq!(prompter.codes(), ["GV-SM-A-1", "GV-SM-B-1", "GV-SM-A-2"]);
    for shown in &prompter.shown {
        let current = loaded.word(&shown.code).expect("the example answers GV");
        assert_eq!(shown.default, Choice::Answer(current), "{}", shown.code);
    }
    assert_eq!(interview.assessment.word("GV-SM-B-1"), Some(Word::Yes));

    // A not-applicable answer: the cursor starts on "not applicable", the reason is offered.
    let na_code = "DM-DT-B-3";
    assert_eq!(loaded.word(na_code), Some(Word::Na));
    let reason = loaded.answers[na_code].reason.clone().expect("na has a reason");
    let position = scope(&["DM"])
        .codes
        .iter()
        .position(|c| c == na_code)
        .expect("in DM");
    let mut steps: Vec<Step> = scope(&["DM"])
        .codes
        .iter()
        .take(position)
        .map(|c| choose(Choice::Answer(loaded.word(c).expect("answered"))))
        .collect();
    steps.extend([answer(Word::Na), typed(&reason)]);
    let (interview, prompter, _, end) = run(scope(&["DM"]), loaded.clone(), true, steps);
    assert_eq!(end, End::Finished);
    assert_eq!(
        prompter.shown.last().expect("screens").default,
        Choice::Answer(Word::Na)
    );
    assert_eq!(prompter.asked, [(Field::Reason, reason.clone())]);
    assert_eq!(interview.assessment.answers[na_code], loaded.answers[na_code]);
}

#[test]
fn not_applicable_needs_a_reason() {
    let steps = vec![
        answer(Word::Na),
        typed("   "),
        answer(Word::Na),
        typed("  No third-party datasets are used  "),
        answer(Word::Yes),
    ];
    let (interview, prompter, saves, _) = run(scope(&["IM"]), Assessment::new(model()), false, steps);
    assert_eq!(prompter.codes()[..3], ["IM-SB-A-1", "IM-SB-A-1", "IM-SB-B-1"]);
    assert_eq!(
        prompter.shown[1].notice.as_deref(),
        Some("Not applicable needs a reason: nothing was recorded.")
    );
    assert_eq!(saves.len(), 2, "the empty reason saved nothing");
    assert_eq!(saves[0].word("IM-SB-A-1"), Some(Word::Na));
    assert_eq!(
        interview.assessment.answers["IM-SB-A-1"],
        Answer {
            word: Some(Word::Na),
            reason: Some("No third-party datasets are used".to_string()),
            ..Answer::default()
        }
    );

    // Changing a not-applicable answer to another word drops its reason.
    let steps = vec![answer(Word::Mostly)];
    let (interview, prompter, _, _) = run(scope(&["IM"]), interview.assessment.clone(), true, steps);
    assert_eq!(prompter.shown[0].default, Choice::Answer(Word::Na));
    assert_eq!(
        interview.assessment.answers["IM-SB-A-1"],
        Answer::word(Word::Mostly)
    );
}

#[test]
fn a_note_can_be_added_changed_and_removed_on_any_question() {
    let steps = vec![
        // A note first, then the answer; the screen comes back with the note saved.
        choose(Choice::Note),
        typed("  Policy drafted, sign-off pending "),
        answer(Word::Mostly),
        // A note on a skipped question is kept with no answer.
        choose(Choice::Note),
        typed("Ask the data team"),
        choose(Choice::Skip),
        // Back to the first: the note is offered for editing, then removed.
        choose(Choice::Back),
        choose(Choice::Back),
        choose(Choice::Note),
        typed(""),
        answer(Word::Yes),
    ];
    let (interview, prompter, saves, _) = run(scope(&["GV"]), Assessment::new(model()), false, steps);
    assert_eq!(
        prompter.codes()[..8],
        [
            "GV-SM-A-1",
            "GV-SM-A-1",
            "GV-SM-B-1",
            "GV-SM-B-1",
            "GV-SM-A-2",
            "GV-SM-B-1",
            "GV-SM-A-1",
            "GV-SM-A-1",
        ]
    );
    assert_eq!(
        prompter.shown[1].notice.as_deref(),
        Some("Note saved; now pick the answer.")
    );
    assert_eq!(prompter.shown[1].default, Choice::Skip);
    assert_eq!(prompter.shown[7].notice.as_deref(), Some("Note removed."));
    assert_eq!(
        prompter.asked,
        [
            (Field::Note, String::new()),
            (Field::Note, String::new()),
            (Field::Note, "Policy drafted, sign-off pending".to_string()),
        ]
    );
    // Notes are saved as soon as they are typed.
    assert_eq!(saves.len(), 5);
    assert_eq!(
        saves[0].answers["GV-SM-A-1"].note.as_deref(),
        Some("Policy drafted, sign-off pending")
    );
    assert_eq!(saves[0].word("GV-SM-A-1"), None);
    let a = &interview.assessment;
    assert_eq!(a.answers["GV-SM-A-1"], Answer::word(Word::Yes));
    assert_eq!(
        a.answers["GV-SM-B-1"],
        Answer {
            note: Some("Ask the data team".to_string()),
            ..Answer::default()
        }
    );
}

#[test]
fn save_and_quit_saves_and_ends() {
    let steps = vec![answer(Word::No), choose(Choice::SaveAndQuit)];
    let (interview, prompter, saves, end) = run(scope(&["VE"]), Assessment::new(model()), false, steps);
    assert_eq!(end, End::SavedAndQuit);
    assert_eq!(prompter.remaining(), 0);
    assert_eq!(saves.len(), 2);
    assert_eq!(saves[1], interview.assessment);
}

#[test]
fn metadata_is_asked_with_today_as_the_default_date() {
    let today = Date::parse("2026-11-20").expect("date");
    let mut prompter = ScriptedPrompter::new([
        typed(" Acme Corp "),
        typed(""),
        typed("support bot"),
        typed("support-bot"),
        typed(" ML platform "),
        typed("J. Doe"),
        typed("2026-02-30"),
        typed("20.11.2026"),
        typed("2026-11-19"),
    ]);
    let metadata = ask_metadata(&mut prompter, today)
        .expect("runs")
        .expect("not interrupted");
    assert_eq!(metadata.organization.as_deref(), Some("Acme Corp"));
    assert_eq!(metadata.scope, None);
    assert_eq!(metadata.assessor.as_deref(), Some("J. Doe"));
    assert_eq!(metadata.system.as_deref(), Some("support-bot"));
    assert_eq!(metadata.team.as_deref(), Some("ML platform"));
    assert_eq!(metadata.date, Date::parse("2026-11-19"));
    assert_eq!(
        prompter.asked,
        [
            (Field::Organization, String::new()),
            (Field::Scope, String::new()),
            (Field::System, String::new()),
            (Field::Team, String::new()),
            (Field::Assessor, String::new()),
            (Field::Date, "2026-11-20".to_string()),
        ]
    );
    assert_eq!(
        prompter.rejected,
        [
            (
                "support bot".to_string(),
                "`support bot` is not a system id: use letters, digits, `-`, `_` and `.`".to_string()
            ),
            (
                "2026-02-30".to_string(),
                "`2026-02-30` is not a date: use YYYY-MM-DD".to_string()
            ),
            (
                "20.11.2026".to_string(),
                "`20.11.2026` is not a date: use YYYY-MM-DD".to_string()
            ),
        ]
    );
}

#[test]
fn enter_on_the_metadata_keeps_today_and_ctrl_c_gives_none() {
    let today = Date::parse("2026-11-20").expect("date");
    let mut prompter = ScriptedPrompter::new(blank_metadata("2026-11-20"));
    let metadata = ask_metadata(&mut prompter, today)
        .expect("runs")
        .expect("not interrupted");
    assert_eq!(metadata.date, Some(today));
    let mut prompter = ScriptedPrompter::new([typed("Acme")]);
    assert_eq!(ask_metadata(&mut prompter, today).expect("runs"), None);
}

// --- The whole command over a scripted prompter: files, messages, the score table. ---

fn args(file: &Path, domains: &[&str], review: bool) -> AssessArgs {
    AssessArgs {
        file: file.to_path_buf(),
        domain: domains.iter().map(|d| d.to_string()).collect(),
        review,
        from: None,
        profile: None,
        round: None,
        reopen: false,
    }
}

#[test]
fn a_new_file_gets_metadata_and_every_answer_then_continues_after_ctrl_c() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    let a = args(&file, &["GV"], false);
    let mut prompter = ScriptedPrompter::new([
        typed("Acme Corp"),
        typed("Support bot"),
        typed("support-bot"),
        typed("Platform team"),
        typed("J. Doe"),
        // Enter on the date: the prompt starts with today's date typed in.
        typed("2026-11-20"),
        answer(Word::Yes),
        answer(Word::Mostly),
    ]);
    let error = assess::interview(model(), None, &a, scope(&["GV"]), None, &mut prompter, today())
        .expect_err("interrupted");
    let Error::Interrupted(message) = &error else {
        panic!("not an interruption: {error:?}");
    };
    assert_eq!(error.exit_code(), 130);
    assert_eq!(
        message.replace(&file.display().to_string(), "FILE"),
        "Interrupted. Saved in FILE: 2 of 18 questions answered (domain GV).\n\
         Continue with: aima assess FILE --domain GV"
    );
    assert_eq!(
        prompter.messages[0],
        format!("New assessment: {}", file.display())
    );
    let saved = answers::load(model(), std::slice::from_ref(&file)).expect("the saved file loads");
    let m = &saved.metadata;
    assert_eq!(
        (
            m.organization.as_deref(),
            m.system.as_deref(),
            m.team.as_deref(),
            m.date
        ),
        (
            Some("Acme Corp"),
            Some("support-bot"),
            Some("Platform team"),
            Some(today())
        )
    );
    assert_eq!(
        words(&saved),
        [
            ("GV-SM-A-1".to_string(), Word::Yes),
            ("GV-SM-B-1".to_string(), Word::Mostly)
        ]
    );
    // Only the domain in scope is written: 18 entries.
    assert_eq!(saved.answers.len(), 18);
    resumes_with_no_metadata(&a, saved);
}

/// Resume: only the 16 open questions, no metadata; save and quit.
fn resumes_with_no_metadata(a: &AssessArgs, saved: aima::answers::Assessment) {
    let file = &a.file;
    let mut prompter = ScriptedPrompter::new([answer(Word::No), choose(Choice::SaveAndQuit)]);
    let outcome = assess::interview(
        model(),
        None,
        a,
        scope(&["GV"]),
        Some(saved),
        &mut prompter,
        today(),
    )
    .expect("quits");
    assert!(prompter.asked.is_empty(), "no metadata for an existing file");
    assert_eq!(prompter.codes(), ["GV-SM-A-2", "GV-SM-B-2"]);
    assert_eq!(outcome.code, 0);
    assert_eq!(
        outcome.stdout.replace(&file.display().to_string(), "FILE"),
        "Saved in FILE: 3 of 18 questions answered (domain GV).\nContinue with: aima assess FILE --domain GV\n"
    );
}

#[test]
fn ctrl_c_during_the_metadata_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("new.yaml");
    let mut prompter = ScriptedPrompter::new([typed("Acme")]);
    let error = assess::interview(
        model(),
        None,
        &args(&file, &[], false),
        scope(&[]),
        None,
        &mut prompter,
        today(),
    )
    .expect_err("interrupted");
    assert_eq!(
        error.report(),
        [
            "Interrupted before the first answer: nothing was written.".to_string(),
            format!("Start again with: aima assess {}", file.display()),
        ]
    );
    assert!(!file.exists());
}

#[test]
fn the_written_file_keeps_other_domains_entries() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("acme.yaml");
    std::fs::copy(example("acme-support-bot-2026-05.yaml"), &file).expect("copy");
    let before = answers::load(model(), std::slice::from_ref(&file)).expect("loads");
    // OP has the open questions; review one GV answer and change it.
    let mut prompter = ScriptedPrompter::new([answer(Word::No), choose(Choice::SaveAndQuit)]);
    assess::interview(
        model(),
        None,
        &args(&file, &["GV"], true),
        scope(&["GV"]),
        Some(before.clone()),
        &mut prompter,
        today(),
    )
    .expect("quits");
    let after = answers::load(model(), std::slice::from_ref(&file)).expect("the saved file loads");
    assert_eq!(after.word("GV-SM-A-1"), Some(Word::No));
    assert_eq!(after.metadata, before.metadata);
    assert_eq!(after.targets, before.targets);
    let mut expected = before.answers.clone();
    expected.get_mut("GV-SM-A-1").expect("answered").word = Some(Word::No);
    assert_eq!(after.answers, expected);
}

#[test]
fn a_hand_written_file_gets_only_the_new_answer_added_in_place() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("teams.yaml");
    std::fs::write(
        &file,
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-PC-B-2: {answer: partly, note: \"draft\"}\n",
    )
    .expect("write");
    let before = answers::load(model(), std::slice::from_ref(&file)).expect("loads");
    let mut prompter = ScriptedPrompter::new([answer(Word::Yes), choose(Choice::SaveAndQuit)]);
    assess::interview(
        model(),
        None,
        &args(&file, &["RA"], false),
        scope(&["RA"]),
        Some(before),
        &mut prompter,
        today(),
    )
    .expect("quits");
    // The question before RA-EV-A-1 in the model has no entry: the new one comes first.
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  RA-EV-A-1: yes\n  GV-PC-B-2: {answer: partly, note: \"draft\"}\n"
    );
}

#[test]
fn finishing_prints_the_score_table_and_the_report_command() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("acme.yaml");
    std::fs::copy(example("acme-support-bot-2026-05.yaml"), &file).expect("copy");
    let loaded = answers::load(model(), std::slice::from_ref(&file)).expect("loads");
    // The 10 open questions are all in OP: answer 9, skip the last.
    let mut steps: Vec<Step> = (0..9).map(|_| answer(Word::Yes)).collect();
    steps.push(choose(Choice::Skip));
    let mut prompter = ScriptedPrompter::new(steps);
    let outcome = assess::interview(
        model(),
        None,
        &args(&file, &[], false),
        scope(&[]),
        Some(loaded),
        &mut prompter,
        today(),
    )
    .expect("finishes");
    assert_eq!(prompter.remaining(), 0);
    let saved = answers::load(model(), std::slice::from_ref(&file)).expect("loads");
    assert_eq!(saved.answered(model()), 143);
    // The table `aima score FILE` prints, then what is saved and what to do next.
    let score = aima::commands::score::run(
        &common::context(),
        &aima::cli::ScoreArgs {
            files: vec![file.clone()],
            format: aima::cli::Format::Table,
            targets: aima::cli::TargetArgs::default(),
            select: aima::cli::Select::default(),
        },
    )
    .expect("scores");
    assert!(score.stdout.contains("Operations"));
    let next = outcome
        .stdout
        .strip_prefix(&score.stdout)
        .expect("the score table first");
    assert_eq!(
        next.replace(&file.display().to_string(), "FILE"),
        "\nSaved in FILE: 143 of 144 questions answered.\n\
         1 skipped question is still open: aima assess FILE asks it.\n\
         Write the report: aima report FILE -o report.md\n"
    );
}

#[test]
fn an_invalid_file_is_an_error_and_stays_untouched() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("bad.yaml");
    let text = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: maybe\n";
    std::fs::write(&file, text).expect("write");
    let error = assess::run(&common::context(), &args(&file, &[], false)).expect_err("invalid");
    assert_eq!(error.exit_code(), 2);
    let report = error.report();
    assert_eq!(report.len(), 1);
    assert!(
        report[0].starts_with(&format!("error: {}:4:", file.display())),
        "{report:?}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), text);
    assert_eq!(std::fs::read_dir(dir.path()).expect("list").count(), 1);

    let error = assess::run(&common::context(), &args(&file, &["XX"], false)).expect_err("unknown domain");
    assert_eq!(
        error.report(),
        [format!(
            "error: {}",
            aima::commands::worksheet::unknown_domain(model(), "XX")
        )]
    );
}

#[test]
fn nothing_to_ask_prints_the_table_and_leaves_the_file_alone() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("acme.yaml");
    std::fs::copy(example("acme-support-bot-2026-05.yaml"), &file).expect("copy");
    let before = std::fs::read_to_string(&file).expect("read");
    let loaded = answers::load(model(), std::slice::from_ref(&file)).expect("loads");
    let mut prompter = ScriptedPrompter::new([]);
    let outcome = assess::interview(
        model(),
        None,
        &args(&file, &["GV"], false),
        scope(&["GV"]),
        Some(loaded),
        &mut prompter,
        today(),
    )
    .expect("finishes");
    assert!(prompter.shown.is_empty());
    let stdout = outcome.stdout.replace(&file.display().to_string(), "FILE");
    assert!(
        stdout.ends_with(
            "Nothing to ask: every question in scope is answered. `aima assess FILE --domain GV --review` \
             walks them again.\nWrite the report: aima report FILE -o report.md\n"
        ),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), before);
}

#[test]
fn the_continue_command_repeats_the_model_directory() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    let a = args(&file, &["GV"], false);
    let mut prompter =
        ScriptedPrompter::new(blank_metadata("2026-11-20").into_iter().chain([answer(Word::No)]));
    let model_dir = std::path::Path::new("my models/aima-1.0");
    let error = assess::interview(
        model(),
        Some(model_dir),
        &a,
        scope(&["GV"]),
        None,
        &mut prompter,
        today(),
    )
    .expect_err("interrupted");
    let Error::Interrupted(message) = &error else {
        panic!("not an interruption: {error:?}");
    };
    assert!(
        message.ends_with("--domain GV --model 'my models/aima-1.0'"),
        "{message}"
    );
}
