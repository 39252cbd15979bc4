//! Hostile input: answers files and model directories that are wrong in every way we could
//! think of, each run through the real binary (`score`, `validate`, `check`, `report`,
//! `diff`).
//!
//! Every run must end with exit 2 and `error:` lines whose first names the file (and, when
//! the problem is in the content, the line and column), print no panic or backtrace, write
//! nothing, finish (a 60 s watchdog guards against hangs; it is not a timing assertion) and
//! stay within 1 GB of address space. The first lines of `score` and `validate` for every
//! case are pinned in one snapshot, `tests/it/snapshots/it__hostile__hostile_inputs.snap`.
//!
//! Large and hostile inputs are generated here, in temporary directories: nothing big is
//! committed.

use crate::common;

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime};

use common::{aima_path, repo};

/// Only a guard against a hanging binary; real runs take milliseconds.
const WATCHDOG: Duration = Duration::from_secs(60);
/// Address-space limit for every run, in KiB (`ulimit -v`).
const MEMORY_KIB: u64 = 1_000_000;
const HEAD: &str = "aima: 1\nmodel: owasp-aima@1.0\n";
/// Lines of each command's output kept in the snapshot.
const SHOWN_LINES: usize = 8;

/// What one run of the binary did.
struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

/// Runs `aima ARGS` in `dir` under the memory limit and the watchdog.
fn run(dir: &Path, args: &[String]) -> Run {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -v {MEMORY_KIB} && exec \"$0\" \"$@\""))
        .arg(aima_path())
        .args(args)
        .current_dir(dir)
        // The machine sets it; no backtrace may reach the user whatever it says.
        .env("RUST_BACKTRACE", "1")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sh runs");
    let read_all = |mut pipe: Box<dyn Read + Send>| {
        std::thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            String::from_utf8_lossy(&bytes).into_owned()
        })
    };
    let stdout = read_all(Box::new(child.stdout.take().expect("stdout")));
    let stderr = read_all(Box::new(child.stderr.take().expect("stderr")));
    let deadline = Instant::now() + WATCHDOG;
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("aima {args:?} was still running after {WATCHDOG:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code: status.code(),
        stdout: stdout.join().expect("stdout reader"),
        stderr: stderr.join().expect("stderr reader"),
    }
}

/// Every file under `dir` with its size and modification time, to prove nothing changed.
fn listing(dir: &Path) -> BTreeMap<PathBuf, (u64, Option<SystemTime>)> {
    let mut out = BTreeMap::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for entry in std::fs::read_dir(&d).expect("list dir").flatten() {
            let path = entry.path();
            let Ok(meta) = std::fs::symlink_metadata(&path) else {
                continue;
            };
            if meta.is_dir() {
                todo.push(path.clone());
            }
            out.insert(path, (meta.len(), meta.modified().ok()));
        }
    }
    out
}

/// The place of an `error:` line: `file:line:column` or `file`, and whether it has a position.
fn located(line: &str) -> Option<(String, bool)> {
    let rest = line.strip_prefix("error: ")?;
    let place = &rest[..rest.find(": ")?];
    let parts: Vec<&str> = place.rsplitn(3, ':').collect();
    let numbers = parts.len() == 3
        && parts[..2]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
    Some((place.to_string(), numbers))
}

type Prepare = Box<dyn Fn(&Path) + Send + Sync>;

/// One hostile input and how to run it.
struct Case {
    name: &'static str,
    /// Writes the case's files into its directory.
    prepare: Prepare,
    /// Answers files given on the command line (relative to the case's directory).
    files: Vec<String>,
    /// `--model model` is passed: the case is a broken model directory.
    model: bool,
    /// The first error carries a line and column (false for whole-file problems).
    located: bool,
    /// Each file is valid on its own and only merging fails, so `validate` succeeds.
    merge_only: bool,
}

fn answers(name: &'static str, text: impl Into<Vec<u8>>) -> Case {
    let bytes = text.into();
    let file = format!("{name}.yaml");
    let path = file.clone();
    Case {
        name,
        prepare: Box::new(move |dir| std::fs::write(dir.join(&path), &bytes).expect("write case")),
        files: vec![file],
        model: false,
        located: true,
        merge_only: false,
    }
}

fn whole_file(name: &'static str, files: &[&str], prepare: impl Fn(&Path) + Send + Sync + 'static) -> Case {
    Case {
        name,
        prepare: Box::new(prepare),
        files: files.iter().map(|f| f.to_string()).collect(),
        model: false,
        located: false,
        merge_only: false,
    }
}

fn merge(name: &'static str, files: &[(&'static str, String)]) -> Case {
    let owned: Vec<(&'static str, String)> = files.to_vec();
    Case {
        name,
        prepare: Box::new(move |dir| {
            for (file, text) in &owned {
                std::fs::write(dir.join(file), text).expect("write case");
            }
        }),
        files: files.iter().map(|(f, _)| f.to_string()).collect(),
        model: false,
        located: true,
        merge_only: true,
    }
}

/// A copy of the embedded model's `domains/` in `dir/model`, then `change` applied to it.
fn model_case(name: &'static str, located: bool, change: impl Fn(&Path) + Send + Sync + 'static) -> Case {
    Case {
        name,
        prepare: Box::new(move |dir| {
            let model = dir.join("model");
            std::fs::create_dir(&model).expect("model dir");
            for entry in std::fs::read_dir(repo().join("domains"))
                .expect("domains/")
                .flatten()
            {
                std::fs::copy(entry.path(), model.join(entry.file_name())).expect("copy domain file");
            }
            std::fs::copy(
                repo().join("examples/acme-support-bot-2026-11.yaml"),
                dir.join("ok.yaml"),
            )
            .expect("copy example");
            change(&model);
        }),
        files: vec!["ok.yaml".to_string()],
        model: true,
        located,
        merge_only: false,
    }
}

/// Replaces `old` (which must be there) by `new` in `file`.
fn edit(dir: &Path, file: &str, old: &str, new: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("model file");
    assert!(text.contains(old), "{file} has no `{old}`");
    std::fs::write(&path, text.replacen(old, new, 1)).expect("write model file");
}

/// Removes the text from `from` (included) to `to` (excluded) in `file`.
fn cut(dir: &Path, file: &str, from: &str, to: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).expect("model file");
    let start = text
        .find(from)
        .unwrap_or_else(|| panic!("{file} has no `{from}`"));
    let end = start
        + text[start..]
            .find(to)
            .unwrap_or_else(|| panic!("{file} has no `{to}`"));
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).expect("write model file");
}

fn sparse(path: &Path, len: u64) {
    std::fs::File::create(path)
        .and_then(|f| f.set_len(len))
        .expect("sparse file");
}

/// `&a [x × 9]`, then 9 levels of 9 aliases each: 9⁹ values once expanded.
fn alias_bomb() -> String {
    let mut text = format!("{HEAD}x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for level in 1..10 {
        let refs = vec![format!("*a{}", level - 1); 9].join(", ");
        text.push_str(&format!("x{level}: &a{level} [{refs}]\n"));
    }
    text
}

/// Practice-shaped codes that are not in the model: AA-AA, AA-AB, ...
fn unknown_practices(count: usize) -> impl Iterator<Item = String> {
    let letter = |i: usize| char::from(b'A' + (i % 26) as u8);
    (0..count).map(move |i| format!("Q{}-{}{}", letter(i / (26 * 26)), letter(i / 26), letter(i)))
}

/// `HEAD`, `answers:` and `body`.
fn answers_with(body: &str) -> String {
    format!("{HEAD}answers:\n{body}")
}

fn answers_cases() -> Vec<Case> {
    [
        syntax_and_shape_cases(),
        key_cases(),
        answer_cases(),
        date_target_and_encoding_cases(),
        resource_cases(),
        file_cases(),
        new_cases(),
    ]
    .into_iter()
    .flatten()
    .collect()
}

fn syntax_and_shape_cases() -> Vec<Case> {
    vec![
        // Not YAML.
        answers("syntax-unclosed-flow", answers_with("  GV-PC-A-1: [yes\n")),
        answers(
            "syntax-bad-indentation",
            answers_with("  GV-PC-A-1: yes\n GV-PC-A-2: no\n"),
        ),
        answers(
            "syntax-unterminated-quote",
            format!("{HEAD}assessment:\n  organization: \"Acme\n"),
        ),
        answers("syntax-tab-indentation", answers_with("\tGV-PC-A-1: yes\n")),
        answers("syntax-two-documents", format!("{HEAD}---\naima: 1\n")),
        answers("syntax-undefined-alias", format!("{HEAD}assessment: *nowhere\n")),
        // Not an answers file.
        answers("empty-file", ""),
        answers("only-comments", "# nothing here\n# at all\n"),
        answers("whitespace-only", "   \n\n  \n"),
        answers("top-level-list", "- aima: 1\n- model: owasp-aima@1.0\n"),
        answers("top-level-text", "just some text\n"),
        // Header.
        answers(
            "missing-aima",
            "model: owasp-aima@1.0\nanswers:\n  GV-PC-A-1: yes\n",
        ),
        answers("unsupported-version", "aima: 2\nmodel: owasp-aima@1.0\n"),
        answers("version-as-text", "aima: \"1\"\nmodel: owasp-aima@1.0\n"),
        answers("missing-model", "aima: 1\nanswers:\n  GV-PC-A-1: yes\n"),
        answers("wrong-model-version", "aima: 1\nmodel: owasp-aima@0.9\n"),
        answers("wrong-model-id", "aima: 1\nmodel: owasp-samm@2.0\n"),
        answers("model-not-text", "aima: 1\nmodel: [owasp-aima, \"1.0\"]\n"),
    ]
}

fn key_cases() -> Vec<Case> {
    vec![
        // Keys.
        answers(
            "unknown-top-key-typo",
            format!("{HEAD}answer:\n  GV-PC-A-1: yes\n"),
        ),
        answers(
            "unknown-metadata-key-typo",
            format!("{HEAD}assessment:\n  organisation: Acme Corp\n"),
        ),
        answers("metadata-not-mapping", format!("{HEAD}assessment: Acme Corp\n")),
        answers(
            "metadata-wrong-type",
            format!("{HEAD}assessment:\n  organization: 42\n"),
        ),
        answers(
            "metadata-empty-text",
            format!("{HEAD}assessment:\n  scope: \"  \"\n"),
        ),
        answers(
            "duplicate-top-key",
            answers_with("  GV-PC-A-1: yes\nanswers:\n  GV-PC-A-2: yes\n"),
        ),
        answers(
            "duplicate-metadata-key",
            format!("{HEAD}assessment:\n  assessor: A\n  assessor: B\n"),
        ),
        answers(
            "duplicate-question",
            answers_with("  GV-PC-A-1: yes\n  GV-PC-A-1: no\n"),
        ),
        answers(
            "escape-sequences-in-key",
            format!("{HEAD}\"\\e[2J\\e[31mred\\u202e\": 1\n"),
        ),
        // An explicit key: YAML refuses implicit keys over 1024 characters.
        answers(
            "long-unknown-key",
            format!("{HEAD}? {}\n: 1\n", "k".repeat(5 << 20)),
        ),
    ]
}

fn answer_cases() -> Vec<Case> {
    vec![
        // Answers.
        answers("bad-answer-word", answers_with("  GV-PC-A-1: maybe\n")),
        answers("answer-word-upper-case", answers_with("  GV-PC-A-1: Yes\n")),
        answers("answer-boolean", answers_with("  GV-PC-A-1: true\n")),
        answers("answer-number", answers_with("  GV-PC-A-1: 3\n")),
        answers("answer-list", answers_with("  GV-PC-A-1: [yes]\n")),
        answers("na-without-reason-short", answers_with("  GV-PC-A-1: na\n")),
        answers(
            "na-without-reason-long",
            answers_with("  GV-PC-A-1:\n    answer: na\n    note: later\n"),
        ),
        answers(
            "reason-with-yes",
            answers_with("  GV-PC-A-1: {answer: yes, reason: \"done\"}\n"),
        ),
        answers(
            "empty-reason",
            answers_with("  GV-PC-A-1: {answer: na, reason: \"\"}\n"),
        ),
        answers(
            "long-form-missing-answer",
            answers_with("  GV-PC-A-1: {note: x}\n"),
        ),
        answers(
            "long-form-unknown-key",
            answers_with("  GV-PC-A-1: {answer: yes, notes: x}\n"),
        ),
        answers(
            "evidence-mapping",
            answers_with("  GV-PC-A-1: {answer: yes, evidence: {url: x}}\n"),
        ),
        answers(
            "evidence-item-number",
            answers_with("  GV-PC-A-1: {answer: yes, evidence: [1]}\n"),
        ),
        answers(
            "note-list",
            answers_with("  GV-PC-A-1: {answer: yes, note: [a]}\n"),
        ),
        answers("malformed-question-id", answers_with("  GV-PC-1: yes\n")),
        answers("unknown-question-id", answers_with("  GV-PX-A-1: yes\n")),
        answers("lower-case-question-id", answers_with("  gv-pc-a-1: yes\n")),
        answers("numeric-question-key", answers_with("  1: yes\n")),
        answers("answers-not-mapping", answers_with("  - GV-PC-A-1\n")),
        answers(
            "many-problems",
            answers_with("  GV-PC-A-1: maybe\n  GV-PC-A-2: na\n  GV-XX-A-1: yes\n  GV-PC-A-1: no\n"),
        ),
    ]
}

fn date_target_and_encoding_cases() -> Vec<Case> {
    vec![
        // Dates and targets.
        answers(
            "impossible-date",
            format!("{HEAD}assessment:\n  date: 2026-02-30\n"),
        ),
        answers(
            "date-wrong-format",
            format!("{HEAD}assessment:\n  date: 20/11/2026\n"),
        ),
        answers(
            "date-with-time",
            format!("{HEAD}assessment:\n  date: 2026-11-20T10:00:00\n"),
        ),
        answers("date-number", format!("{HEAD}assessment:\n  date: 20261120\n")),
        answers("target-out-of-range", format!("{HEAD}targets:\n  default: 4\n")),
        answers("target-negative", format!("{HEAD}targets:\n  GV: -1\n")),
        answers("target-text", format!("{HEAD}targets:\n  GV-PC: \"2\"\n")),
        answers("target-fraction", format!("{HEAD}targets:\n  GV-PC: 1.5\n")),
        answers("target-unknown-domain", format!("{HEAD}targets:\n  XX: 2\n")),
        answers("target-unknown-practice", format!("{HEAD}targets:\n  GV-XX: 2\n")),
        answers(
            "target-names-question",
            format!("{HEAD}targets:\n  GV-PC-A-1: 2\n"),
        ),
        answers("target-twice", format!("{HEAD}targets:\n  GV: 2\n  GV: 3\n")),
        answers("targets-not-mapping", format!("{HEAD}targets: 2\n")),
        // Encoding.
        answers("binary-data", format!("{HEAD}answers:\n\0\0\x01\x02")),
        answers(
            "invalid-utf8",
            [
                format!("{HEAD}assessment:\n  organization: Acme ").as_bytes(),
                b"\xff\xfe\n",
            ]
            .concat(),
        ),
        answers(
            "utf16-file",
            [
                &[0xFF, 0xFE][..],
                &HEAD
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes)
                    .collect::<Vec<u8>>(),
            ]
            .concat(),
        ),
    ]
}

fn resource_cases() -> Vec<Case> {
    vec![
        // Resource exhaustion.
        answers("alias-bomb", alias_bomb()),
        answers(
            "too-many-aliases",
            format!("{HEAD}x: &a yes\ny: [{}]\n", vec!["*a"; 10_001].join(", ")),
        ),
        answers("deep-flow-100000", "[".repeat(100_000) + &"]".repeat(100_000)),
        answers("deep-block-100000", "- ".repeat(100_000) + "x\n"),
        answers(
            "deep-mapping-100000",
            "{a: ".repeat(100_000) + "1" + &"}".repeat(100_000),
        ),
        answers(
            "many-unknown-question-ids",
            answers_with(
                &unknown_practices(20_000)
                    .map(|p| format!("  {p}-A-1: yes\n"))
                    .collect::<String>(),
            ),
        ),
        answers(
            "many-unknown-targets",
            format!(
                "{HEAD}targets:\n{}",
                unknown_practices(20_000)
                    .map(|p| format!("  {p}: 1\n"))
                    .collect::<String>()
            ),
        ),
    ]
}

fn file_cases() -> Vec<Case> {
    vec![
        // Not a readable file.
        whole_file("file-200-mb", &["huge.yaml"], |dir| {
            sparse(&dir.join("huge.yaml"), 200 << 20)
        }),
        whole_file("one-byte-over-the-limit", &["big.yaml"], |dir| {
            sparse(&dir.join("big.yaml"), (8 << 20) + 1)
        }),
        whole_file("endless-device", &["/dev/zero"], |_| {}),
        whole_file("directory", &["folder.yaml"], |dir| {
            std::fs::create_dir(dir.join("folder.yaml")).expect("mkdir")
        }),
        whole_file("missing-file", &["nowhere.yaml"], |_| {}),
        whole_file("symlink-loop", &["loop.yaml"], |dir| {
            std::os::unix::fs::symlink("loop.yaml", dir.join("loop.yaml")).expect("symlink")
        }),
        // Several files.
        merge(
            "same-question-in-two-files",
            &[
                ("team-a.yaml", answers_with("  GV-PC-A-1: yes\n")),
                (
                    "team-b.yaml",
                    answers_with("  GV-PC-A-2: no\n  GV-PC-A-1: partly\n"),
                ),
            ],
        ),
        merge(
            "different-organizations",
            &[
                (
                    "team-a.yaml",
                    format!("{HEAD}assessment:\n  organization: Acme\n"),
                ),
                (
                    "team-b.yaml",
                    format!("{HEAD}assessment:\n  organization: Umbrella\n"),
                ),
            ],
        ),
        merge(
            "conflicting-targets",
            &[
                ("team-a.yaml", format!("{HEAD}targets:\n  GV: 2\n")),
                ("team-b.yaml", format!("{HEAD}targets:\n  GV: 3\n")),
            ],
        ),
        Case {
            merge_only: false,
            ..merge(
                "good-file-and-broken-file",
                &[
                    ("good.yaml", answers_with("  GV-PC-A-1: yes\n")),
                    ("broken.yaml", answers_with("  GV-PC-A-2: sometimes\n")),
                ],
            )
        },
    ]
}

fn model_cases() -> Vec<Case> {
    [model_structure_cases(), model_file_cases(), new_model_cases()]
        .into_iter()
        .flatten()
        .collect()
}

fn model_structure_cases() -> Vec<Case> {
    const GV: &str = "02-governance.yaml";
    const PR: &str = "04-privacy.yaml";
    vec![
        model_case("model-unknown-key", true, |m| {
            edit(
                m,
                GV,
                "name: Governance\n",
                "name: Governance\nnmae: Governance\n",
            )
        }),
        model_case("model-duplicate-question-code", true, |m| {
            edit(m, GV, "id: GV-PC-A-2\n", "id: GV-PC-A-1\n")
        }),
        model_case("model-missing-level-3", true, |m| {
            cut(m, GV, "          - id: GV-SM-A-3\n", "      - id: GV-SM-B\n")
        }),
        model_case("model-wrong-code-prefix", true, |m| {
            edit(m, GV, "id: GV-SM-A-1\n", "id: RA-SM-A-1\n")
        }),
        model_case("model-missing-stream-b", true, |m| {
            cut(m, GV, "      - id: GV-SM-B\n", "  - id: GV-PC\n")
        }),
        model_case("model-missing-manifest", false, |m| {
            std::fs::remove_file(m.join("model.yaml")).expect("rm")
        }),
        model_case("model-manifest-lists-missing-file", true, |m| {
            std::fs::remove_file(m.join(PR)).expect("rm")
        }),
        model_case("model-domain-file-not-mapping", true, |m| {
            std::fs::write(m.join(PR), "- id: PR\n- name: Privacy\n").expect("write")
        }),
        model_case("model-malformed-practice-code", true, |m| {
            edit(m, GV, "id: GV-PC\n", "id: GV-P1\n")
        }),
        model_case("model-duplicate-practice-across-files", true, |m| {
            std::fs::copy(m.join(GV), m.join("09-governance-again.yaml")).expect("copy");
            edit(
                m,
                "model.yaml",
                "  - 08-operations.yaml\n",
                "  - 08-operations.yaml\n  - 09-governance-again.yaml\n",
            );
        }),
    ]
}

fn model_file_cases() -> Vec<Case> {
    const GV: &str = "02-governance.yaml";
    const PR: &str = "04-privacy.yaml";
    vec![
        model_case("model-yaml-syntax-error", true, |m| {
            edit(m, GV, "name: Governance\n", "name: [Governance\n")
        }),
        model_case("model-unlisted-domain-file", false, |m| {
            std::fs::write(m.join("09-extra.yaml"), "id: EX\n").expect("write")
        }),
        model_case("model-version-not-text", true, |m| {
            edit(m, "model.yaml", "version: \"1.0\"\n", "version: 1.0\n")
        }),
        model_case("model-path-outside-directory", true, |m| {
            edit(
                m,
                "model.yaml",
                "  - 08-operations.yaml\n",
                "  - ../08-operations.yaml\n",
            )
        }),
        model_case("model-empty-manifest", true, |m| {
            std::fs::write(m.join("model.yaml"), "").expect("write")
        }),
        model_case("model-alias-bomb", true, |m| {
            std::fs::write(m.join(PR), alias_bomb()).expect("write")
        }),
        model_case("model-binary-domain-file", true, |m| {
            std::fs::write(m.join(PR), b"id: PR\n\x00\x01\x02").expect("write")
        }),
        model_case("model-manifest-lists-50000-files", true, |m| {
            let names: String = (0..50_000).map(|i| format!("  - d{i}.yaml\n")).collect();
            edit(m, "model.yaml", "  - 01-responsible-ai-principles.yaml\n", &names);
        }),
        model_case("model-directory-is-a-file", false, |m| {
            std::fs::remove_dir_all(m).expect("rm");
            std::fs::write(m, "id: x\n").expect("write");
        }),
        model_case("model-directory-missing", false, |m| {
            std::fs::remove_dir_all(m).expect("rm")
        }),
    ]
}

/// The first `n` lines of `text`, and how many were left out.
fn head(text: &str, n: usize) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let mut out: Vec<String> = lines.iter().take(n).map(|l| l.to_string()).collect();
    if lines.len() > n {
        out.push(format!("… ({} more lines)", lines.len() - n));
    }
    out.join("\n")
}

/// The commands run on one case, each with its name and arguments.
fn commands_for(case: &Case, dir: &Path) -> Vec<(&'static str, Vec<String>)> {
    let global: Vec<String> = match case.model {
        true => vec!["--model".to_string(), "model".to_string()],
        false => Vec::new(),
    };
    let files = case.files.clone();
    let with = |cmd: &str, extra: &[&str], files: &[String]| -> Vec<String> {
        let mut args = global.clone();
        args.push(cmd.to_string());
        args.extend(files.iter().cloned());
        args.extend(extra.iter().map(|s| s.to_string()));
        args
    };
    let mut commands = vec![
        ("score", with("score", &[], &files)),
        (
            "validate",
            with("validate", &[], if case.model { &[] } else { &files }),
        ),
        ("check", with("check", &["--target", "2"], &files)),
        ("report", with("report", &["-o", "out.md"], &files)),
        (
            "export",
            with("export", &["--to", "toolkit", "-o", "out.xlsx"], &files),
        ),
        (
            "export",
            with("export", &["--to", "csv", "-o", "out.csv"], &files),
        ),
    ];
    if case.model {
        commands.push(("validate-file", with("validate", &[], &files)));
        commands.push(("diff", with("diff", &[], &[files[0].clone(), files[0].clone()])));
    } else if files.len() == 1 {
        // A good assessment to compare with, on either side.
        std::fs::copy(
            repo().join("examples/acme-support-bot-2026-11.yaml"),
            dir.join("ok.yaml"),
        )
        .expect("copy example");
        let ok = "ok.yaml".to_string();
        commands.push(("diff", with("diff", &[], &[files[0].clone(), ok.clone()])));
        commands.push(("diff", with("diff", &[], &[ok, files[0].clone()])));
    }
    commands
}

/// What every run must show: no panic, no raw control or invisible character, no secret,
/// only `error:` and `warning:` lines on standard error.
fn check_output(r: &Run, context: &str) {
    for bad in ["panicked", "RUST_BACKTRACE", "stack backtrace", SECRET_TAIL] {
        assert!(!r.stderr.contains(bad), "{context}");
        assert!(!r.stdout.contains(bad), "{context}");
    }
    let raw = |text: &str| {
        text.chars()
            .any(|c| aima::base::sanitize::is_unsafe(c) && c != '\n')
    };
    assert!(
        !raw(&r.stderr) && !raw(&r.stdout),
        "raw text reached the terminal: {context}"
    );
    for line in r.stderr.lines() {
        assert!(
            line.starts_with("error: ") || line.starts_with("warning: "),
            "stray stderr line: {context}"
        );
    }
}

/// Runs every command on one case; returns its part of the snapshot.
fn check_case(case: &Case) -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    (case.prepare)(dir.path());
    let mut shot = format!("## {}\n", case.name);
    let mut score_stderr = String::new();
    for (what, args) in commands_for(case, dir.path()) {
        let shown_args = aima::base::sanitize::terminal_line(&args.join(" ")).into_owned();
        let before = listing(dir.path());
        let r = run(dir.path(), &args);
        let context = format!(
            "case {}: aima {}\nstderr:\n{}",
            case.name,
            args.join(" "),
            r.stderr
        );
        check_output(&r, &context);
        assert_eq!(listing(dir.path()), before, "something was written: {context}");
        if what == "validate" && case.merge_only {
            // Each file is valid on its own; validate reports what score rejects when they
            // are combined, with the same words.
            assert_eq!(r.code, Some(2), "the combination conflicts: {context}");
            assert_eq!(
                r.stderr.lines().next(),
                score_stderr
                    .lines()
                    .next()
                    .map(|l| l.split(" (and ").next().unwrap_or(l)),
                "{context}"
            );
            shot.push_str(&format!(
                "$ aima {shown_args}\n{}\n{}\n",
                head(&r.stdout, SHOWN_LINES),
                head(&r.stderr, SHOWN_LINES)
            ));
            continue;
        }
        check_refusal(case, what, &r, &mut score_stderr, &context);
        if matches!(what, "score" | "validate" | "validate-file") {
            shot.push_str(&format!(
                "$ aima {shown_args}\n{}\n",
                head(&r.stderr, SHOWN_LINES)
            ));
        }
    }
    shot.replace(&dir.path().display().to_string(), "[TMP]")
}

/// A run that must be refused: exit 2, a located first error, the same words as `score`.
fn check_refusal(case: &Case, what: &str, r: &Run, score_stderr: &mut String, context: &str) {
    assert_eq!(r.code, Some(2), "{context}");
    let first = r
        .stderr
        .lines()
        .find(|l| l.starts_with("error: "))
        .unwrap_or_else(|| panic!("no error line: {context}"));
    let (_, has_position) = located(first).unwrap_or_else(|| panic!("unlocated error: {context}"));
    assert_eq!(
        has_position, case.located,
        "position of the first error: {context}"
    );
    match what {
        "score" => {
            assert_eq!(r.stdout, "", "{context}");
            *score_stderr = r.stderr.clone();
        }
        // The same loading, so the same words.
        "check" | "report" | "export" => assert_eq!(&r.stderr, score_stderr, "{context}"),
        // The same place; diff words some hints for its two sides (--old-model).
        "diff" => assert_eq!(
            located(first),
            score_stderr.lines().next().and_then(located),
            "{context}"
        ),
        _ => {}
    }
}

#[test]
fn hostile_inputs_are_refused_with_located_errors() {
    let cases: Vec<Case> = answers_cases().into_iter().chain(model_cases()).collect();
    let answers_count = cases.iter().filter(|c| !c.model).count();
    assert!(answers_count >= 40, "{answers_count} answers cases");
    assert!(cases.len() - answers_count >= 10);
    let next = AtomicUsize::new(0);
    let shots = Mutex::new(vec![String::new(); cases.len()]);
    // Two workers: the machine has two cores, and every case runs several processes.
    std::thread::scope(|scope| {
        for _ in 0..2 {
            scope.spawn(|| {
                loop {
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    let Some(case) = cases.get(i) else { break };
                    let shot = check_case(case);
                    shots.lock().expect("no worker panicked")[i] = shot;
                }
            });
        }
    });
    let text = shots.into_inner().expect("no worker panicked").join("\n");
    insta::assert_snapshot!("hostile_inputs", text);
}

/// A file nobody may read. Root reads it anyway, so the case is skipped there.
#[test]
fn an_unreadable_file_is_refused() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("locked.yaml");
    std::fs::write(&path, HEAD).expect("write");
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o000)).expect("chmod");
    if std::fs::read(&path).is_ok() {
        eprintln!("skipped: running as a user who can read mode-000 files (root)");
        return;
    }
    for cmd in ["score", "validate", "check"] {
        let r = run(dir.path(), &[cmd.to_string(), "locked.yaml".to_string()]);
        assert_eq!(r.code, Some(2), "{cmd}: {}", r.stderr);
        assert_eq!(
            r.stderr.lines().next(),
            Some("error: locked.yaml: permission denied: cannot read the file"),
            "{cmd}"
        );
    }
}

/// Makes a FIFO (named pipe) at `path`.
fn fifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo {}", path.display());
}

/// A token pasted on a stray line: messages may quote its start, never this tail.
const SECRET_TAIL: &str = "TAILOFTHESECRET";

/// Cases of the second hardening round: each panicked, hung, ran out of memory, passed
/// silently or printed raw text before.
fn new_cases() -> Vec<Case> {
    let long = "x".repeat(100_000);
    let refs = vec!["*a"; 10_000].join(", ");
    vec![
        answers("non-ascii-question-code", answers_with("  GV-PC-é-1: yes\n")),
        answers(
            "non-ascii-target-code",
            format!("{HEAD}targets:\n  GV-PC-é-1: 2\n  GÉ: 1\n"),
        ),
        // 140 KB of file, over 1 GB of text once the aliases are expanded.
        answers(
            "alias-repeats-long-text",
            format!("{HEAD}a: &a {long}\nb: [{refs}]\n"),
        ),
        answers(
            "secret-as-a-stray-key",
            format!("{HEAD}ghp_0123456789abcdef{SECRET_TAIL}: 1\n"),
        ),
        answers(
            "secret-as-a-value",
            format!("aima: ghp_0123456789abcdef{SECRET_TAIL}\nmodel: owasp-aima@1.0\n"),
        ),
        answers(
            "bidi-and-zero-width-in-key",
            format!("{HEAD}\"a\\u202eb\\u2066c\\u200bd\\U000E0041\": 1\n"),
        ),
        Case {
            files: vec!["\u{1b}[31mred\u{202e}.yaml".to_string()],
            prepare: Box::new(|dir| {
                let text = answers_with("  GV-PC-A-1: maybe\n");
                std::fs::write(dir.join("\u{1b}[31mred\u{202e}.yaml"), text).expect("write case")
            }),
            ..answers("escape-sequence-in-file-name", "")
        },
        whole_file("fifo", &["pipe.yaml"], |dir| fifo(&dir.join("pipe.yaml"))),
        whole_file("device", &["/dev/null"], |_| {}),
    ]
}

fn new_model_cases() -> Vec<Case> {
    const GV: &str = "02-governance.yaml";
    const PR: &str = "04-privacy.yaml";
    vec![
        model_case("model-non-ascii-question-code", true, |m| {
            edit(m, GV, "id: GV-PC-A-2\n", "id: GV-PC-é-2\n")
        }),
        model_case("model-line-break-in-name", true, |m| {
            edit(m, GV, "name: Governance\n", "name: \"Gover\\nnance: 1\"\n")
        }),
        model_case("model-escape-sequence-in-level-title", true, |m| {
            edit(
                m,
                GV,
                "title: An AI security and responsible-AI strategy aligned to business and risk\n",
                "title: \"\\e[2J\\u202e An AI security\"\n",
            )
        }),
        model_case("model-escape-sequence-in-file-name", true, |m| {
            edit(
                m,
                "model.yaml",
                "  - 08-operations.yaml\n",
                "  - \"\\e[31m08.yaml\"\n",
            )
        }),
        model_case("model-fifo-domain-file", true, |m| {
            std::fs::remove_file(m.join(PR)).expect("rm");
            fifo(&m.join(PR));
        }),
        model_case("model-too-many-files", false, |m| {
            for i in 0..1_000 {
                std::fs::write(m.join(format!("notes-{i}.txt")), "").expect("write");
            }
        }),
        model_case("model-too-large-together", true, |m| {
            let padding = format!("# {}\n", "p".repeat(1000)).repeat(6_000);
            for file in ["01-responsible-ai-principles.yaml", GV, "03-data-management.yaml"] {
                let path = m.join(file);
                let text = std::fs::read_to_string(&path).expect("read");
                std::fs::write(&path, text + &padding).expect("write");
            }
        }),
    ]
}

/// `report -o OUT.md` where OUT.md cannot be replaced: an error, and no chart beside it.
#[test]
fn a_failed_report_leaves_no_chart() {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::copy(
        repo().join("examples/acme-support-bot-2026-11.yaml"),
        dir.path().join("ok.yaml"),
    )
    .expect("copy example");
    fifo(&dir.path().join("out.md"));
    std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
    for (out, why) in [
        ("out.md", "is a named pipe (FIFO), not a regular file"),
        ("folder.md", "is a directory, not a file"),
    ] {
        let args: Vec<String> = ["report", "ok.yaml", "-o", out].map(String::from).to_vec();
        let r = run(dir.path(), &args);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert_eq!(
            r.stderr,
            format!("error: cannot write {out}: {why}; aima replaces only regular files\n")
        );
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .expect("list")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(names, ["folder.md", "ok.yaml", "out.md"]);
}

/// `aima import` of a FIFO or a device: refused at once, not read forever.
#[test]
fn import_refuses_special_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    fifo(&dir.path().join("pipe.csv"));
    for (file, why) in [
        ("pipe.csv", "is a named pipe (FIFO), not a regular file"),
        ("/dev/zero", "is a device, not a regular file"),
    ] {
        let r = run(dir.path(), &["import".to_string(), file.to_string()]);
        assert_eq!(r.code, Some(2), "{}", r.stderr);
        assert_eq!(r.stderr, format!("error: {file}: {why}\n"));
    }
}

/// `aima model CODE` with a letter outside ASCII: a clean error, not a panic.
#[test]
fn a_non_ascii_model_code_is_a_clean_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    for code in ["GV-PC-é-1", "GV-PC-é", "GÉ-PC", "GV-PC-A-é"] {
        let r = run(dir.path(), &["model".to_string(), code.to_string()]);
        assert_eq!(r.code, Some(2), "{code}: {}", r.stderr);
        assert_eq!(
            r.stderr,
            format!(
                "error: unknown code `{code}`: expected a domain (GV), practice (GV-PC), stream \
                 (GV-PC-A) or question (GV-PC-A-1) of model owasp-aima@1.0\n"
            )
        );
    }
}

/// A valid assessment whose text and file name hold escape sequences, bidi and invisible
/// characters: every command's output shows them escaped, and JSON keeps the exact text.
#[test]
fn outside_text_reaches_the_terminal_escaped() {
    let dir = tempfile::tempdir().expect("temp dir");
    let name = "\u{1b}[2Jinvisible\u{202e}.yaml";
    std::fs::copy(
        repo().join("fuzz/seeds/answers/valid-invisible-characters.yaml"),
        dir.path().join(name),
    )
    .expect("copy seed");
    let runs: Vec<Vec<&str>> = vec![
        vec!["score", name],
        vec!["score", name, "--format", "markdown"],
        vec!["score", name, "--format", "json"],
        vec!["check", name, "--target", "1"],
        vec!["validate", name],
        vec!["validate", name, "--format", "json"],
        vec!["report", name],
        vec!["diff", name, name],
        vec!["merge", name, "-o", "\u{1b}[1mmerged\u{200b}.yaml"],
    ];
    for args in runs {
        let args: Vec<String> = args.iter().map(|a| a.to_string()).collect();
        let r = run(dir.path(), &args);
        let context = format!("aima {args:?}\nstdout:\n{}\nstderr:\n{}", r.stdout, r.stderr);
        assert!(matches!(r.code, Some(0 | 1)), "{context}");
        let raw = |text: &str| {
            text.chars()
                .any(|c| aima::base::sanitize::is_unsafe(c) && c != '\n')
        };
        assert!(!raw(&r.stdout) && !raw(&r.stderr), "raw text: {context}");
        if args.contains(&"json".to_string()) && args[0] == "score" {
            let json: serde_json::Value = serde_json::from_str(&r.stdout).expect("JSON");
            let text = json.to_string();
            assert!(text.contains("Acme \u{202e}Corp\u{200b}"), "{context}");
        }
    }
}
