//! An editor's saves during an interview are never lost (docs/security.md, "Editors and the
//! interview"): 100 editor saves, each a write to a temporary file and a rename, while the
//! interview re-answers one question as fast as it can, saving after every answer.

use std::io;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use aima::answers::Word;
use aima::cli::AssessArgs;
use aima::commands::assess;
use aima::interview::prompter::Check;
use aima::interview::{Choice, Field, Prompter, Scope, Screen};

use crate::common::{load, model, today};

/// Answers GV-SM-A-1 (yes, no, yes, …), goes back to it from the next question, and quits
/// once the editor is done.
struct ReAnswers {
    done: Arc<AtomicBool>,
    answers: usize,
}

impl Prompter for ReAnswers {
    fn message(&mut self, _lines: &[String]) -> io::Result<()> {
        Ok(())
    }

    fn choose(&mut self, screen: &Screen<'_>) -> io::Result<Choice> {
        if self.done.load(Ordering::SeqCst) {
            return Ok(Choice::SaveAndQuit);
        }
        if screen.question.question.id != "GV-SM-A-1" {
            return Ok(Choice::Back);
        }
        self.answers += 1;
        Ok(Choice::Answer(if self.answers % 2 == 1 {
            Word::Yes
        } else {
            Word::No
        }))
    }

    fn text(&mut self, _field: Field, initial: &str, _check: Check<'_>) -> io::Result<String> {
        Ok(initial.to_string())
    }
}

#[test]
fn no_editor_save_is_lost_during_an_interviews_saves() {
    const SAVES: usize = 100;
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("gv.yaml");
    std::fs::write(
        &file,
        "aima: 1\nmodel: owasp-aima@1.0\nanswers:\n  GV-SM-A-1: ~\n",
    )
    .expect("write");
    let codes: Vec<String> = model()
        .questions()
        .map(|q| q.question.id.clone())
        .filter(|c| !c.starts_with("GV-"))
        .take(SAVES)
        .collect();
    let done = Arc::new(AtomicBool::new(false));
    let editor = spawn_editor(&file, dir.path(), &codes, &done);
    let args = AssessArgs {
        file: file.clone(),
        domain: vec!["GV".to_string()],
        review: false,
        from: None,
        profile: None,
        round: None,
        reopen: false,
    };
    let scope = Scope::new(model(), &args.domain).expect("scope");
    let mut prompter = ReAnswers {
        done: done.clone(),
        answers: 0,
    };
    let outcome = assess::interview(
        model(),
        None,
        &args,
        scope,
        Some(load(&file)),
        &mut prompter,
        today(),
    );
    editor.join().expect("editor");
    outcome.expect("the interview ends");
    let saved = load(&file);
    let lost: Vec<&String> = codes
        .iter()
        .filter(|c| saved.answers.get(*c).and_then(|a| a.word) != Some(Word::Yes))
        .collect();
    assert!(
        prompter.answers > SAVES,
        "the interview saved {} times",
        prompter.answers
    );
    assert_eq!(
        lost.len(),
        0,
        "{} of {SAVES} editor saves lost: {lost:?}",
        lost.len()
    );
}

/// An editor that saves FILE every 40 ms, each time with one more question answered yes,
/// as editors save: the whole buffer to a temporary file, then a rename.
fn spawn_editor(
    file: &Path,
    dir: &Path,
    codes: &[String],
    done: &Arc<AtomicBool>,
) -> std::thread::JoinHandle<()> {
    let (file, done, codes) = (file.to_path_buf(), done.clone(), codes.to_vec());
    let temp = dir.join(".gv.yaml.editor-swp");
    std::thread::spawn(move || {
        for code in &codes {
            std::thread::sleep(Duration::from_millis(40));
            let mut text = std::fs::read_to_string(&file).expect("read");
            text.push_str(&format!("  {code}: yes\n"));
            std::fs::write(&temp, text).expect("write");
            std::fs::rename(&temp, &file).expect("rename");
        }
        done.store(true, Ordering::SeqCst);
    })
}
