//! The README's tour shows real output: every ```console block that starts with
//! `$ aima ...` is run from the repository root and its output compared with the block.
//! A block whose last line is `...` shows only the start of the output. Output is laid out
//! as an 80-column terminal shows it (`--width 80` unless the example sets a width), and
//! "today" is 2026-11-29 (`SOURCE_DATE_EPOCH`), so ages in days do not change.

use crate::common;

use common::{aima, repo_file};

/// 2026-11-29 00:00 UTC, the "today" of the tour's outputs.
const TODAY: &str = "1795910400";

struct Example {
    line: usize,
    args: Vec<String>,
    expected: Vec<String>,
    prefix_only: bool,
}

fn examples() -> Vec<Example> {
    let text = std::fs::read_to_string(repo_file("README.md")).expect("README.md");
    let mut examples = Vec::new();
    let mut lines = text.lines().enumerate();
    while let Some((i, line)) = lines.next() {
        if line.trim() != "```console" {
            continue;
        }
        let block: Vec<&str> = lines
            .by_ref()
            .map(|(_, l)| l)
            .take_while(|l| l.trim() != "```")
            .collect();
        let Some(command) = block.first().and_then(|l| l.strip_prefix("$ aima")) else {
            continue;
        };
        let mut expected: Vec<String> = block[1..].iter().map(|l| l.to_string()).collect();
        let prefix_only = expected.last().is_some_and(|l| l == "...");
        if prefix_only {
            expected.pop();
        }
        examples.push(Example {
            line: i + 1,
            args: command.split_whitespace().map(str::to_string).collect(),
            expected,
            prefix_only,
        });
    }
    examples
}

#[test]
fn every_console_example_in_the_readme_prints_what_it_shows() {
    let examples = examples();
    assert!(
        examples.len() >= 8,
        "the README tours every command ({} examples)",
        examples.len()
    );
    let mut failures = Vec::new();
    for ex in &examples {
        let mut cmd = aima();
        cmd.env("SOURCE_DATE_EPOCH", TODAY);
        if !ex.args.iter().any(|a| a == "--width") {
            cmd.args(["--width", "80"]);
        }
        let out = cmd.args(&ex.args).output().expect("aima runs");
        // The tour shows what a user sees: stdout, then stderr.
        let mut shown: Vec<String> = String::from_utf8_lossy(&out.stdout)
            .lines()
            .map(str::to_string)
            .collect();
        shown.extend(String::from_utf8_lossy(&out.stderr).lines().map(str::to_string));
        let got = if ex.prefix_only {
            shown.iter().take(ex.expected.len()).cloned().collect()
        } else {
            shown
        };
        let got: Vec<String> = got.iter().map(|l| l.trim_end().to_string()).collect();
        let want: Vec<String> = ex.expected.iter().map(|l| l.trim_end().to_string()).collect();
        if got != want {
            failures.push(format!(
                "README.md line {}: `aima {}` printed:\n{}\n",
                ex.line,
                ex.args.join(" "),
                got.join("\n")
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The README's CI recipe (the ```sh block that starts with `aima init`), run line by line
/// in a new folder: `aima` lines with the binary (a `> FILE` redirection writes its standard
/// output there), `git` lines with git; every line must succeed.
#[test]
fn the_ci_recipe_passes_on_the_layout_aima_init_writes() {
    let text = std::fs::read_to_string(repo_file("README.md")).expect("README.md");
    let start = text.find("```sh\naima init\n").expect("the CI recipe");
    let block = &text[start + "```sh\n".len()..];
    let block = &block[..block.find("```").expect("end of block")];
    // "In a repository": the recipe starts in one.
    let dir = tempfile::tempdir().expect("temp dir");
    let init = std::process::Command::new("git")
        .current_dir(dir.path())
        .args(["init", "-q"])
        .output()
        .expect("git init");
    assert!(init.status.success());
    let mut ran = 0;
    for line in block.lines().filter(|l| !l.trim().is_empty()) {
        for step in line.split(" && ") {
            let (command, out) = match step.split_once(" > ") {
                Some((c, o)) => (c, Some(o.trim())),
                None => (step, None),
            };
            let words = shell_words(command);
            let output = match words[0].as_str() {
                "aima" => aima().current_dir(dir.path()).args(&words[1..]).output(),
                "git" => std::process::Command::new("git")
                    .current_dir(dir.path())
                    .env("GIT_CONFIG_GLOBAL", "/dev/null")
                    .env("GIT_CONFIG_NOSYSTEM", "1")
                    .args([
                        "-c",
                        "user.name=CI",
                        "-c",
                        "user.email=ci@example.org",
                        "-c",
                        "commit.gpgsign=false",
                    ])
                    .args(&words[1..])
                    .output(),
                other => panic!("the recipe runs only aima and git, not {other}"),
            }
            .expect("runs");
            assert!(
                output.status.success(),
                "`{step}` failed: {}",
                String::from_utf8_lossy(&output.stderr)
            );
            if let Some(out) = out {
                std::fs::write(dir.path().join(out), &output.stdout).expect("write");
            }
            ran += 1;
        }
    }
    assert_eq!(
        ran, 6,
        "aima init, git add, git commit, validate, check, portfolio"
    );
    let junit = std::fs::read_to_string(dir.path().join("aima-junit.xml")).expect("junit");
    let report = quick_junit::Report::deserialize_from_str(&junit).expect("JUnit XML");
    assert_eq!(report.failures, 0);
    let ignore = std::fs::read_to_string(dir.path().join(".gitignore")).expect(".gitignore");
    assert!(ignore.contains(".*.aima-lock"), "{ignore}");
}

/// Words of a command line: split on spaces, `"…"` kept together.
fn shell_words(line: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    words.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        words.push(word);
    }
    words
}
