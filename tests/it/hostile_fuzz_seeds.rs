//! Runs every seed of the fuzz corpus (`fuzz/seeds/answers/`) through the fuzz target's
//! body on stable, so CI checks the seeds without nightly or cargo-fuzz.
//!
//! Seed names say what to expect: `hostile-*` must be refused with located problems, every
//! other seed (the examples, the worksheets, `valid-*`) must load, score, render and
//! survive the writer's round trip.

use crate::common;

#[path = "../../fuzz/answers_body.rs"]
mod answers_body;

#[test]
fn every_fuzz_seed_passes_the_fuzz_target() {
    let dir = common::repo_file("fuzz/seeds/answers");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/answers exists")
        .map(|e| e.expect("directory entry").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 20, "only {} seeds", seeds.len());
    for seed in &seeds {
        let name = seed.file_name().and_then(|n| n.to_str()).expect("UTF-8 name");
        let bytes = std::fs::read(seed).expect("seed is readable");
        let loaded = answers_body::fuzz_answers(&bytes);
        if name.starts_with("hostile-") {
            assert!(loaded.is_none(), "{name} loaded but should be refused");
        } else {
            let assessment = loaded.unwrap_or_else(|| panic!("{name} should load"));
            assert_eq!(assessment.model, "owasp-aima@1.0", "{name}");
        }
    }
}

#[test]
fn the_examples_and_worksheets_are_seeds() {
    let root = common::repo();
    let seeds = root.join("fuzz/seeds/answers");
    for example in std::fs::read_dir(root.join("examples")).expect("examples/ exists") {
        let example = example.expect("directory entry").path();
        if example.extension().is_some_and(|e| e == "yaml") {
            let name = example.file_name().expect("file name");
            assert_eq!(
                std::fs::read(&example).expect("example"),
                std::fs::read(seeds.join(name)).unwrap_or_default(),
                "fuzz/seeds/answers/{} differs from examples/: copy it again",
                name.to_string_lossy()
            );
        }
    }
    let model = common::model();
    let mut sheets = vec![("worksheet-all.yaml".to_string(), None)];
    sheets.extend(
        model
            .domains
            .iter()
            .map(|d| (format!("worksheet-{}.yaml", d.id), Some(d.id.as_str()))),
    );
    for (name, domain) in sheets {
        assert_eq!(
            std::fs::read_to_string(seeds.join(&name)).unwrap_or_default(),
            aima::commands::worksheet::worksheet(model, domain),
            "fuzz/seeds/answers/{name} differs from `aima worksheet`: regenerate it"
        );
    }
}

#[path = "../../fuzz/import_body.rs"]
mod import_body;

/// The seeds of the `import` target (`fuzz/seeds/import/`): `valid-*` import (a workbook, a
/// CSV, an OSCAL document, CISO Assistant audits), `hostile-*` are refused, each through the
/// target's invariants. The first byte of a seed picks its name (`fuzz.csv`, `fuzz.xlsx`).
#[test]
fn every_import_fuzz_seed_passes_the_import_target() {
    let dir = common::repo_file("fuzz/seeds/import");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/import exists")
        .map(|e| e.expect("directory entry").path())
        .collect();
    seeds.sort();
    assert!(seeds.len() >= 8, "only {} seeds", seeds.len());
    for seed in &seeds {
        let name = seed.file_name().and_then(|n| n.to_str()).expect("UTF-8 name");
        let imported = import_body::fuzz_import(&std::fs::read(seed).expect("seed is readable"));
        match name.starts_with("hostile-") {
            true => assert!(imported.is_none(), "{name} imported but should be refused"),
            false => {
                let imported = imported.unwrap_or_else(|| panic!("{name} should import"));
                assert!(imported.assessment.answers.len() > 10, "{name}");
            }
        }
    }
}
