//! What `aima assess` does to the file it works on: text edited in place (comments
//! survive), re-assessment with `--from`, one interview at a time, edits made on disk
//! meanwhile merged. Driven by scripted answers (no terminal).

use crate::common;

use std::io;
use std::path::{Path, PathBuf};

use aima::answers::{Answer, Word};
use aima::base::error::Error;
use aima::cli::AssessArgs;
use aima::commands::assess;
use aima::interview::lock::Lock;
use aima::interview::prompter::Check;
use aima::interview::scripted::ScriptedPrompter;
use aima::interview::{Choice, Field, Prompter, Scope, Screen};
use common::{aima, answer, blank_metadata, choose, load, model, today, typed};

fn args(file: &Path, domains: &[&str], review: bool, from: Option<&Path>) -> AssessArgs {
    AssessArgs {
        file: file.to_path_buf(),
        domain: domains.iter().map(|d| d.to_string()).collect(),
        review,
        from: from.map(Path::to_path_buf),
        profile: None,
        round: None,
        reopen: false,
    }
}

/// Runs `aima assess` over `args` with `prompter`, the file loaded when it exists.
fn assess(args: &AssessArgs, prompter: &mut dyn Prompter) -> Result<aima::commands::Outcome, Error> {
    let scope = Scope::new(model(), &args.domain).expect("known domains");
    let loaded = args.file.exists().then(|| load(&args.file));
    assess::interview(model(), None, args, scope, loaded, prompter, today())
}

const HAND_WRITTEN: &str = "\
# Our GV answers, kept by the platform team.
aima: 1
model: owasp-aima@1.0   # pinned
assessment:
  organization: Acme Corp  # legal name
answers:
  # Strategy: see the wiki
  GV-SM-A-1: ~   # ask Alice
  GV-SM-B-1: no
  # the long form, written by hand
  GV-SM-A-2:
    answer: partly   # disputed
    # Bob reviewed this
    note: \"draft only\"
  GV-SM-B-2: ~

# end of the GV part
";

#[test]
fn comments_written_by_hand_survive_the_interviews_saves_byte_for_byte() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    std::fs::write(&file, HAND_WRITTEN).expect("write");
    let mut prompter = ScriptedPrompter::new([
        answer(Word::Yes), // GV-SM-A-1
        choose(Choice::Note),
        typed("checked with HR"),
        answer(Word::Mostly), // GV-SM-B-2
        answer(Word::Na),     // GV-SM-A-3, not in the file yet
        typed("No strategy at this level"),
        choose(Choice::SaveAndQuit),
    ]);
    assess(&args(&file, &["GV"], false, None), &mut prompter).expect("quits");
    assert_eq!(prompter.remaining(), 0);
    let expected = HAND_WRITTEN
        .replace("GV-SM-A-1: ~   # ask Alice", "GV-SM-A-1: yes   # ask Alice")
        .replace(
            "  GV-SM-B-2: ~\n",
            "  GV-SM-B-2: {answer: mostly, note: \"checked with HR\"}\n  \
             GV-SM-A-3: {answer: na, reason: \"No strategy at this level\"}\n",
        );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), expected);

    // Review: the long form is edited field by field, its comments kept.
    let mut prompter = ScriptedPrompter::new([
        answer(Word::Yes), // GV-SM-A-1 unchanged
        answer(Word::No),  // GV-SM-B-1 unchanged
        choose(Choice::Evidence),
        typed("https://wiki.example/ai-strategy"),
        answer(Word::Yes), // GV-SM-A-2: partly → yes
        choose(Choice::SaveAndQuit),
    ]);
    assess(&args(&file, &["gv"], true, None), &mut prompter).expect("quits");
    let expected = expected.replace(
        "    answer: partly   # disputed\n    # Bob reviewed this\n    note: \"draft only\"\n",
        "    answer: yes   # disputed\n    # Bob reviewed this\n    note: \"draft only\"\n    \
         evidence: [\"https://wiki.example/ai-strategy\"]\n",
    );
    assert_eq!(std::fs::read_to_string(&file).expect("read"), expected);
    let saved = load(&file);
    assert_eq!(
        saved.answers["GV-SM-A-2"],
        Answer {
            word: Some(Word::Yes),
            note: Some("draft only".to_string()),
            evidence: vec!["https://wiki.example/ai-strategy".into()],
            reason: None,
        }
    );
}

#[test]
fn removing_a_note_and_the_evidence_edits_only_those_lines() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    let text = "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1:\n    answer: yes\n    \
                note: old  # to drop\n    evidence:\n      - a.pdf  # first\n      - b.pdf\n  \
                # next one\n  GV-SM-B-1: no # fine\n";
    std::fs::write(&file, text).expect("write");
    let mut prompter = ScriptedPrompter::new([
        choose(Choice::Note),
        typed(""),
        choose(Choice::Evidence),
        typed("-"),
        answer(Word::Mostly),
        choose(Choice::SaveAndQuit),
    ]);
    assess(&args(&file, &["GV"], true, None), &mut prompter).expect("quits");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1:\n    answer: mostly\n  \
         # next one\n  GV-SM-B-1: no # fine\n"
    );
}

#[test]
fn a_file_with_windows_line_ends_keeps_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    let text = "aima: 1\r\nmodel: owasp-aima@1.0\r\nanswers:\r\n  GV-SM-A-1: ~ # first\r\n";
    std::fs::write(&file, text).expect("write");
    let mut prompter = ScriptedPrompter::new([
        answer(Word::Partly),
        answer(Word::Yes),
        choose(Choice::SaveAndQuit),
    ]);
    assess(&args(&file, &["GV"], false, None), &mut prompter).expect("quits");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        "aima: 1\r\nmodel: owasp-aima@1.0\r\nanswers:\r\n  GV-SM-A-1: partly # first\r\n  GV-SM-B-1: yes\r\n"
    );
}

/// OLD: every GV question yes but the first (mostly, with a note and evidence) and the
/// second (na with a reason).
fn old_file(dir: &Path) -> PathBuf {
    let path = dir.join("old.yaml");
    let text = "aima: 1\nmodel: owasp-aima@1.0\nassessment:\n  organization: Acme Corp\n  \
                scope: Support bot\n  assessor: J. Doe\n  date: 2026-05-04\n  system: support-bot\n\
                targets:\n  default: 2\nanswers:\n  GV-SM-A-1:\n    answer: mostly\n    \
                note: Strategy drafted\n    evidence: [\"https://wiki.example/ai\"]\n  \
                GV-SM-B-1: {answer: na, reason: \"No metrics yet\"}\n  GV-SM-A-2: yes\n";
    std::fs::write(&path, text).expect("write OLD");
    path
}

#[test]
fn a_reassessment_takes_the_old_metadata_and_answers_as_defaults_and_resumes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = old_file(dir.path());
    let new = dir.path().join("new.yaml");
    let a = args(&new, &["GV"], false, Some(&old));
    let mut prompter = ScriptedPrompter::new([
        typed("A. Smith"),
        typed("2026-11-20"),
        answer(Word::Mostly), // Enter on the old answer
        answer(Word::Na),
        typed("No metrics yet"), // the old reason, kept
        choose(Choice::SaveAndQuit),
    ]);
    let outcome = assess(&a, &mut prompter).expect("quits");
    assert_eq!(
        prompter.messages[0],
        format!(
            "Re-assessment: {}, starting from the previous assessment",
            new.display()
        )
    );
    assert_eq!(
        prompter.asked,
        [
            (Field::Assessor, "J. Doe".to_string()),
            (Field::Date, "2026-11-20".to_string()),
            (Field::Reason, "No metrics yet".to_string()),
        ]
    );
    let defaults: Vec<Choice> = prompter.shown.iter().map(|s| s.default).collect();
    assert_eq!(
        defaults,
        [
            Choice::Answer(Word::Mostly),
            Choice::Answer(Word::Na),
            Choice::Answer(Word::Yes)
        ]
    );
    assert_eq!(
        outcome.stdout.replace(&dir.path().display().to_string(), "DIR"),
        "Saved in DIR/new.yaml: 2 of 18 questions answered (domain GV).\n\
         Continue with: aima assess DIR/new.yaml --from DIR/old.yaml --domain GV\n"
    );
    assert_starts_from_the_old(&new, &old);

    // Again with NEW there: the re-assessment resumes, no metadata asked.
    let mut prompter = ScriptedPrompter::new([answer(Word::No), choose(Choice::SaveAndQuit)]);
    assess(&a, &mut prompter).expect("quits");
    assert!(prompter.asked.is_empty());
    assert_eq!(prompter.codes(), ["GV-SM-A-2", "GV-SM-B-2"]);
    assert_eq!(prompter.shown[0].default, Choice::Answer(Word::Yes));
    assert_eq!(load(&new).word("GV-SM-A-2"), Some(Word::No));
}

/// NEW holds the new assessor and date, OLD's other metadata, targets and the answers not
/// walked yet as OLD had them.
fn assert_starts_from_the_old(new: &Path, old: &Path) {
    let saved = load(new);
    let before = load(old);
    assert_eq!(saved.metadata.assessor.as_deref(), Some("A. Smith"));
    assert_eq!(saved.metadata.date, Some(today()));
    assert_eq!(saved.metadata.organization, before.metadata.organization);
    assert_eq!(saved.metadata.scope, before.metadata.scope);
    assert_eq!(saved.metadata.system, before.metadata.system);
    assert_eq!(saved.targets, before.targets);
    assert_eq!(saved.answers["GV-SM-A-1"], before.answers["GV-SM-A-1"]);
    assert_eq!(saved.answers["GV-SM-B-1"], before.answers["GV-SM-B-1"]);
    assert_eq!(saved.word("GV-SM-A-2"), None, "not walked yet: not answered");
}

#[test]
fn a_reassessment_into_the_old_file_itself_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = old_file(dir.path());
    let before = std::fs::read(&old).expect("read");
    let mut prompter = ScriptedPrompter::new([]);
    let error = assess(&args(&old, &[], false, Some(&old)), &mut prompter).expect_err("refused");
    assert_eq!(error.exit_code(), 2);
    assert!(
        error.to_string().contains("names the file being written"),
        "{error}"
    );
    assert_eq!(std::fs::read(&old).expect("read"), before);
}

#[test]
fn a_second_interview_on_the_same_file_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = old_file(dir.path());
    let before = std::fs::read(&file).expect("read");
    let held = Lock::take(&file).expect("lock").expect("locks");
    let mut prompter = ScriptedPrompter::new([answer(Word::No)]);
    let error = assess(&args(&file, &["GV"], false, None), &mut prompter).expect_err("refused");
    assert_eq!(error.exit_code(), 2);
    assert_eq!(
        error
            .report()
            .join("\n")
            .replace(&dir.path().display().to_string(), "DIR"),
        "error: DIR/old.yaml is open in another `aima assess` (it holds DIR/.old.yaml.aima-lock): \
         finish that interview first"
    );
    assert!(prompter.shown.is_empty(), "no question asked");
    assert_eq!(std::fs::read(&file).expect("read"), before);
    drop(held);
    let mut prompter = ScriptedPrompter::new([answer(Word::No), choose(Choice::SaveAndQuit)]);
    assess(&args(&file, &["GV"], false, None), &mut prompter).expect("quits");
    assert_eq!(load(&file).word("GV-SM-B-2"), Some(Word::No));
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names, ["old.yaml"], "the lock file is gone");
}

/// A prompter that edits the file on disk (as an editor would) before the `at`-th
/// question screen.
struct EditsOnDisk {
    inner: ScriptedPrompter,
    screens: usize,
    at: usize,
    edit: Box<dyn FnMut()>,
}

impl Prompter for EditsOnDisk {
    fn message(&mut self, lines: &[String]) -> io::Result<()> {
        self.inner.message(lines)
    }

    fn choose(&mut self, screen: &Screen<'_>) -> io::Result<Choice> {
        self.screens += 1;
        if self.screens == self.at {
            (self.edit)();
        }
        self.inner.choose(screen)
    }

    fn text(&mut self, field: Field, initial: &str, check: Check<'_>) -> io::Result<String> {
        self.inner.text(field, initial, check)
    }
}

#[test]
fn an_edit_made_on_disk_between_two_answers_is_merged_not_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    std::fs::write(&file, HAND_WRITTEN).expect("write");
    let path = file.clone();
    let mut prompter = EditsOnDisk {
        inner: ScriptedPrompter::new([
            answer(Word::Yes),    // GV-SM-A-1, saved
            answer(Word::Partly), // GV-SM-B-2, after the edit
            choose(Choice::SaveAndQuit),
        ]),
        screens: 0,
        at: 2,
        edit: Box::new(move || {
            // In an editor: a new comment, GV-SM-B-1 changed, GV-SM-B-2 answered too.
            let text = std::fs::read_to_string(&path).expect("read");
            let text = text
                .replace("  GV-SM-B-1: no\n", "  GV-SM-B-1: mostly  # re-checked\n")
                .replace("  GV-SM-B-2: ~\n", "  GV-SM-B-2: yes\n");
            std::fs::write(&path, text).expect("edit");
        }),
    };
    assess(&args(&file, &["GV"], false, None), &mut prompter).expect("quits");
    let notices: Vec<Option<&str>> = prompter.inner.shown.iter().map(|s| s.notice.as_deref()).collect();
    assert_eq!(notices[..2], [None, None]);
    let expected = HAND_WRITTEN
        .replace("GV-SM-A-1: ~   # ask Alice", "GV-SM-A-1: yes   # ask Alice")
        .replace("  GV-SM-B-1: no\n", "  GV-SM-B-1: mostly  # re-checked\n")
        .replace("  GV-SM-B-2: ~\n", "  GV-SM-B-2: partly\n");
    assert_eq!(std::fs::read_to_string(&file).expect("read"), expected);
    assert_eq!(
        notices[2].map(|n| n.replace(&file.display().to_string(), "FILE")),
        Some(
            "FILE was changed on disk: those changes are kept. \
             Your answer replaced the file's for GV-SM-B-2."
                .to_string()
        )
    );
}

#[test]
fn an_edit_that_breaks_the_file_stops_the_interview_with_a_message() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    std::fs::write(&file, HAND_WRITTEN).expect("write");
    let path = file.clone();
    let mut prompter = EditsOnDisk {
        inner: ScriptedPrompter::new([answer(Word::Yes), answer(Word::Partly)]),
        screens: 0,
        at: 2,
        edit: Box::new(move || {
            let text = std::fs::read_to_string(&path).expect("read");
            std::fs::write(&path, text.replace("GV-SM-B-1: no", "GV-SM-B-1: nope")).expect("edit");
        }),
    };
    let error = assess(&args(&file, &["GV"], false, None), &mut prompter).expect_err("stops");
    assert_eq!(error.exit_code(), 2);
    let message = error.to_string().replace(&file.display().to_string(), "FILE");
    assert!(
        message.starts_with(
            "FILE was changed on disk during the interview and no longer reads as an answers file (FILE:9:14:"
        ),
        "{message}"
    );
    assert!(
        message.ends_with("the answer just given (GV-SM-B-2) is not saved. Fix the file, then continue with: aima assess FILE --domain GV"),
        "{message}"
    );
    // The edit is what is on disk: nothing of it is lost.
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("GV-SM-B-1: nope")
    );
}

#[test]
fn the_summary_shows_the_domains_walked_only() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    let mut prompter = ScriptedPrompter::new(
        blank_metadata("2026-11-20")
            .into_iter()
            .chain((0..18).map(|i| answer(if i % 3 == 0 { Word::Yes } else { Word::Partly }))),
    );
    let outcome = assess(&args(&file, &["gv"], false, None), &mut prompter).expect("finishes");
    insta::assert_snapshot!(
        "assess_summary_of_one_domain",
        outcome.stdout.replace(&file.display().to_string(), "FILE")
    );
}

#[test]
fn domain_codes_are_taken_in_any_case_and_unknown_ones_get_a_hint() {
    let scope = Scope::new(model(), &["op".to_string(), "Gv".to_string()]).expect("known");
    assert_eq!(scope.domains, ["GV", "OP"]);
    assert_eq!(scope.codes.len(), 36);
    let error = |code: &str| Scope::new(model(), &[code.to_string()]).expect_err("unknown");
    let codes = "model owasp-aima@1.0 has RA, GV, DM, PR, DE, IM, VE, OP";
    assert_eq!(error("XX"), format!("unknown domain `XX`: {codes}"));
    assert_eq!(
        error("gv-pc"),
        format!("unknown domain `gv-pc`: {codes} (`--domain` takes domain codes: did you mean GV?)")
    );
    assert_eq!(
        error("priv"),
        format!("unknown domain `priv`: {codes} (did you mean PR, Privacy?)")
    );
    assert_eq!(
        error("\u{1b}[2J"),
        format!("unknown domain `\\u{{1b}}[2J`: {codes}")
    );
}

#[test]
fn a_layout_that_cannot_be_edited_in_place_is_written_whole_and_says_so() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    // A flow mapping over two lines: not edited in place.
    let text = "aima: 1  # mine\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: {answer: no,\n    note: x}\n";
    std::fs::write(&file, text).expect("write");
    let mut prompter =
        ScriptedPrompter::new([answer(Word::Yes), answer(Word::Yes), choose(Choice::SaveAndQuit)]);
    assess(&args(&file, &["GV"], true, None), &mut prompter).expect("quits");
    let notice = prompter.shown[1]
        .notice
        .as_deref()
        .map(|n| n.replace(&file.display().to_string(), "FILE"));
    assert_eq!(
        notice.as_deref(),
        Some(
            "FILE could not be edited in place: it was written whole, in the worksheet layout, \
             and comments in it were not kept."
        )
    );
    // Once in the worksheet layout, the next save edits in place, silently.
    assert_eq!(prompter.shown[2].notice, None);
    let saved = load(&file);
    assert_eq!(
        saved.answers["GV-SM-A-1"],
        Answer {
            word: Some(Word::Yes),
            note: Some("x".to_string()),
            ..Answer::default()
        }
    );
    assert_eq!(saved.word("GV-SM-B-1"), Some(Word::Yes));
    assert!(
        std::fs::read_to_string(&file)
            .expect("read")
            .contains("# GV-SM-A-1 | ")
    );
}

#[test]
fn assess_with_a_profile_writes_its_targets_into_a_new_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let new = dir.path().join("new.yaml");
    let a = args(&new, &["GV"], false, None);
    let profiles = aima::profiles::load(model(), None).expect("embedded profiles");
    let profile = aima::profiles::find(&profiles, "fraud-detection").expect("profile");
    let mut prompter = ScriptedPrompter::new([
        typed("Acme"),
        typed("Fraud scoring"),
        typed("fraud-model"),
        typed(""),
        typed("J. Doe"),
        typed("2026-11-20"),
        choose(Choice::SaveAndQuit),
    ]);
    let start = assess::Start {
        loaded: None,
        today: today(),
        profile: Some(profile.targets.clone()),
        table: aima::render::Table::default(),
    };
    let scope = Scope::new(model(), &a.domain).expect("known domains");
    assess::interview_with(model(), None, &a, scope, start, &mut prompter).expect("quits");
    let saved = load(&new);
    assert_eq!(saved.targets.default, Some(2));
    assert_eq!(saved.targets.by_code.get("DM-QI"), Some(&3));
    assert_eq!(saved.targets, profile.targets);
}

#[test]
fn assess_with_a_profile_on_an_existing_file_is_refused() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = old_file(dir.path());
    let out = aima()
        .args(["assess", &old.display().to_string(), "--profile", "baseline"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "error: --profile sets the targets of a new file, and {} exists; edit its `targets:`, or pass --profile baseline to score, report or check instead\n",
            old.display()
        )
    );
}

#[cfg(unix)]
#[test]
fn a_fifo_put_in_the_files_place_stops_the_interview_instead_of_blocking_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    std::fs::write(&file, HAND_WRITTEN).expect("write");
    let path = file.clone();
    let mut prompter = EditsOnDisk {
        inner: ScriptedPrompter::new([answer(Word::Yes), answer(Word::Partly)]),
        screens: 0,
        at: 2,
        edit: Box::new(move || {
            std::fs::remove_file(&path).expect("remove");
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .expect("mkfifo runs");
            assert!(made.success());
        }),
    };
    let error = assess(&args(&file, &["GV"], false, None), &mut prompter).expect_err("stops");
    assert_eq!(error.exit_code(), 2);
    assert!(error.to_string().contains("not a regular file"), "{error}");
}

#[test]
fn evidence_naming_a_local_file_can_record_its_digest_and_today() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    std::fs::write(dir.path().join("policy.txt"), "the policy\n").expect("write");
    std::fs::write(
        &file,
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: ~  # open\n",
    )
    .expect("write");
    let mut prompter = ScriptedPrompter::new([
        choose(Choice::Evidence),
        typed("policy.txt"),
        typed("y"),
        choose(Choice::Evidence),
        typed("https://wiki.example/x"),
        choose(Choice::Evidence),
        typed("policy.txt"),
        typed("n"),
        answer(Word::Yes),
        choose(Choice::SaveAndQuit),
    ]);
    assess(&args(&file, &["GV"], true, None), &mut prompter).expect("quits");
    let sha = aima::evidence::hash::sha256_hex(b"the policy\n");
    assert_eq!(
        std::fs::read_to_string(&file).expect("read"),
        format!(
            "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: {{answer: yes, evidence: [{{ref: policy.txt, date: {}, sha256: {sha}}}, \"https://wiki.example/x\", policy.txt]}}  # open\n",
            today()
        )
    );
}

/// `aima ARGS` run in `dir`: exit code, standard error with `dir` shown as DIR.
fn aima_in(dir: &Path, args: &[&str]) -> (i32, String) {
    let out = aima().current_dir(dir).args(args).output().expect("runs");
    let err = String::from_utf8_lossy(&out.stderr).replace(&dir.display().to_string(), "DIR");
    (out.status.code().unwrap_or(-1), err)
}

#[cfg(unix)]
#[test]
fn the_interview_lock_holds_by_file_identity_through_symbolic_and_hard_links() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = old_file(dir.path());
    let before = std::fs::read(&file).expect("read");
    let sub = dir.path().join("sub");
    std::fs::create_dir(&sub).expect("mkdir");
    std::os::unix::fs::symlink(&file, sub.join("link.yaml")).expect("symlink");
    std::fs::hard_link(&file, sub.join("hard.yaml")).expect("hard link");
    let held = Lock::take(&file).expect("lock").expect("locks");
    let refused = |name: &str| {
        let mut prompter = ScriptedPrompter::new([answer(Word::No)]);
        let error = assess(&args(&sub.join(name), &["GV"], false, None), &mut prompter).expect_err(name);
        assert!(prompter.shown.is_empty(), "no question asked");
        assert_eq!(error.exit_code(), 2);
        error
            .report()
            .join("\n")
            .replace(&dir.path().display().to_string(), "DIR")
    };
    assert_eq!(
        refused("link.yaml"),
        "error: DIR/sub/link.yaml is open in another `aima assess` (it holds DIR/.old.yaml.aima-lock): \
         finish that interview first"
    );
    assert_eq!(
        refused("hard.yaml"),
        "error: DIR/sub/hard.yaml is open in another `aima assess` under another name (a hard link \
         to the same file): finish that interview first"
    );
    assert_eq!(std::fs::read(&file).expect("read"), before);
    drop(held);
    let names: Vec<_> = std::fs::read_dir(&sub)
        .expect("list")
        .map(|e| e.expect("entry").file_name())
        .collect();
    assert_eq!(names.len(), 2, "no lock file left beside the links: {names:?}");
}

/// A prompter that runs `act` before the `at`-th question screen, while the interview holds
/// its file (after it has saved at least once).
struct ActsMidway {
    inner: ScriptedPrompter,
    screens: usize,
    at: usize,
    act: Box<dyn FnMut()>,
}

impl Prompter for ActsMidway {
    fn message(&mut self, lines: &[String]) -> io::Result<()> {
        self.inner.message(lines)
    }

    fn choose(&mut self, screen: &Screen<'_>) -> io::Result<Choice> {
        self.screens += 1;
        if self.screens == self.at {
            (self.act)();
        }
        self.inner.choose(screen)
    }

    fn text(&mut self, field: Field, initial: &str, check: Check<'_>) -> io::Result<String> {
        self.inner.text(field, initial, check)
    }
}

#[cfg(unix)]
#[test]
fn merge_and_import_onto_a_file_an_interview_holds_are_refused_by_any_name() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = old_file(dir.path());
    let other = dir.path().join("other.yaml");
    std::fs::write(
        &other,
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: no\n",
    )
    .expect("write");
    let (code, err) = aima_in(
        dir.path(),
        &["export", "other.yaml", "--to", "csv", "-o", "other.csv"],
    );
    assert_eq!(code, 0, "{err}");
    let path = dir.path().to_path_buf();
    let mut prompter = ActsMidway {
        inner: ScriptedPrompter::new([answer(Word::No), answer(Word::Yes), choose(Choice::SaveAndQuit)]),
        screens: 0,
        at: 2,
        act: Box::new(move || {
            // After the first save: FILE is a new file; link to it by another name now.
            std::os::unix::fs::symlink(path.join("old.yaml"), path.join("link.yaml")).expect("symlink");
            std::fs::hard_link(path.join("old.yaml"), path.join("hard.yaml")).expect("hard link");
            let before = std::fs::read(path.join("old.yaml")).expect("read");
            for target in ["old.yaml", "link.yaml", "hard.yaml"] {
                for command in [
                    vec!["merge", "other.yaml", "-o", target],
                    vec!["import", "other.csv", "-o", target],
                ] {
                    let (code, err) = aima_in(&path, &command);
                    assert_eq!(code, 2, "{command:?}: {err}");
                    assert_eq!(err.lines().count(), 1, "{err}");
                    assert!(
                        err.starts_with(&format!(
                            "error: -o {target} is open in an `aima assess` interview"
                        )) && err.ends_with(&format!("nothing was written to {target}\n")),
                        "{err}"
                    );
                    assert_eq!(
                        std::fs::read(path.join("old.yaml")).expect("read"),
                        before,
                        "{command:?}"
                    );
                }
            }
        }),
    };
    assess(&args(&file, &["GV"], false, None), &mut prompter).expect("quits");
    let saved = load(&file);
    assert_eq!(saved.word("GV-SM-B-2"), Some(Word::No));
    assert_eq!(
        saved.word("GV-SM-A-1"),
        Some(Word::Mostly),
        "merge did not replace the file"
    );
    // Once the interview has ended, the same commands write.
    let (code, err) = aima_in(dir.path(), &["merge", "other.yaml", "-o", "old.yaml"]);
    assert_eq!(code, 0, "{err}");
}

/// `--round` names the round of a new file; a re-assessment of a final round starts a new
/// one: its own round, no status and no sign-offs copied; an existing file of another round
/// is refused.
#[test]
fn a_reassessment_with_round_starts_a_new_round_without_the_old_sign_offs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let old = dir.path().join("old.yaml");
    let text = std::fs::read_to_string(old_file(dir.path())).expect("read")
        .replace(
            "  system: support-bot\n",
            "  system: support-bot\n  round: 2026-H1\n  status: final\n  sign_off:\n    - {by: Ann Lee, role: approver, date: 2026-05-05}\n",
        );
    std::fs::write(&old, text).expect("write");
    let new = dir.path().join("new.yaml");
    let mut a = args(&new, &["GV"], false, Some(&old));
    a.round = Some("2026-H2".to_string());
    let mut prompter = ScriptedPrompter::new([typed(""), typed("2026-11-20"), choose(Choice::SaveAndQuit)]);
    assess(&a, &mut prompter).expect("quits");
    let saved = load(&new);
    assert_eq!(saved.metadata.round.as_deref(), Some("2026-H2"));
    assert_eq!(saved.metadata.system.as_deref(), Some("support-bot"));
    assert_eq!((saved.metadata.status, saved.metadata.sign_off.len()), (None, 0));
    // The file now exists with its round: another round is refused, the same one resumes.
    a.round = Some("2027-H1".to_string());
    let mut prompter = ScriptedPrompter::new([choose(Choice::SaveAndQuit)]);
    let err = assess(&a, &mut prompter).expect_err("refused").to_string();
    assert!(
        err.starts_with("--round sets the round of a new file, and ")
            && err.ends_with("new.yaml exists (round 2026-H2); edit its `assessment.round`"),
        "{err}"
    );
    a.round = Some("not a round!".to_string());
    let err = assess(&a, &mut prompter).expect_err("refused").to_string();
    assert!(err.starts_with("--round not a round!: a round id is"), "{err}");
}
