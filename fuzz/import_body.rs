//! The body of the `import` fuzz target. Not part of the library: the fuzz target
//! (`fuzz/fuzz_targets/import.rs`) and `tests/it/hostile_fuzz_seeds.rs` both include this
//! file with `#[path]`, so a plain `cargo test` runs every seed of `fuzz/seeds/import/`
//! through exactly what the fuzzer runs.
//!
//! It feeds arbitrary bytes to `aima import` (as a workbook when they are a zip, else as a
//! CSV file: the first byte chooses the name the bytes are given, `.xlsx` or `.csv`), and
//! panics when an invariant breaks: a refusal whose message a terminal would act on or that
//! names another file, or an import whose answers file does not read back as a valid
//! answers file with the same answers (docs/security.md, "CSV errors").

use std::path::Path;

use aima::base::diag::{Problems, unsafe_in_terminal};
use aima::interchange::{Imported, answers_text, import_bytes};

/// The names the fuzzed bytes are imported under.
const NAMES: [&str; 2] = ["fuzz.csv", "fuzz.xlsx"];

/// Imports `data` (its first byte picks the file name); panics on a broken invariant.
/// Returns what was imported, if anything.
pub fn fuzz_import(data: &[u8]) -> Option<Imported> {
    let (pick, bytes) = data.split_first()?;
    let name = NAMES[usize::from(*pick) % NAMES.len()];
    let model = aima::embedded::model();
    match import_bytes(model, Path::new(name), name, bytes.to_vec()) {
        Err(problem) => {
            assert_eq!(problem.file, name, "a refusal names the imported file");
            let message = problem.to_string();
            assert!(
                !message.chars().any(unsafe_in_terminal),
                "an unsafe character in {message:?}"
            );
            assert!(message.len() < 4_000, "a message of {} bytes", message.len());
            None
        }
        Ok(imported) => {
            read_back(model, &imported, name);
            Some(imported)
        }
    }
}

/// The answers file of an import reads back, with no problem, as the same answers.
fn read_back(model: &aima::model::Model, imported: &Imported, name: &str) {
    let text = answers_text(model, imported, name);
    let mut problems = Problems::new();
    let node = aima::base::input::parse_yaml(&text, "imported.yaml").expect("the answers file parses");
    let parsed = aima::answers::parse::parse(model, "imported.yaml", &node, &mut problems);
    assert!(
        problems.is_empty(),
        "{:?}\n{text}",
        problems.list.first().map(ToString::to_string)
    );
    let parsed = parsed.expect("the answers file reads back");
    // Unanswered questions (`~`) are entries of neither.
    let blank = aima::answers::Answer::default();
    let mut back: Vec<&String> = (parsed.answers.iter())
        .filter(|(_, _, a)| *a != blank)
        .map(|(code, _, _)| code)
        .collect();
    let given: Vec<&String> = (imported.assessment.answers.iter())
        .filter(|(_, a)| **a != blank)
        .map(|(code, _)| code)
        .collect();
    back.sort();
    assert_eq!(back, given, "{text}");
}
