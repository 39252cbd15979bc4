//! Turns `domains/` into Rust code, so the embedded model costs no parsing at start-up.
//!
//! The model is loaded and checked by the same modules the binary uses for `--model DIR`
//! (included below by path). A broken `domains/` fails the build with every problem listed.

#![allow(dead_code)]

/// The foundation modules the model loader uses (src/base/), by path.
#[path = "src/base"]
mod base {
    pub mod diag;
    pub mod input;
    pub mod sanitize;
    pub mod walk;
    pub mod yaml;
}
#[path = "src/model/mod.rs"]
mod model;

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let manifest_dir = std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR");
    let domains = Path::new(&manifest_dir).join("domains");
    println!("cargo::rerun-if-changed=domains");
    for entry in std::fs::read_dir(&domains).expect("domains/ exists").flatten() {
        println!("cargo::rerun-if-changed={}", entry.path().display());
    }
    let model = match model::load::load_dir(&domains) {
        Ok(model) => model,
        Err(problems) => {
            for p in &problems.list {
                println!("cargo::warning=domains: {p}");
            }
            panic!("domains/ does not load:\n{problems}");
        }
    };
    let out = Path::new(&std::env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("embedded_model.rs");
    std::fs::write(&out, model_code(&model)).expect("OUT_DIR is writable");
}

/// A Rust expression that builds `model` (string literals via `{:?}`, which escapes them).
fn model_code(model: &model::Model) -> String {
    let mut c = String::new();
    let _ = writeln!(c, "Model {{");
    for (key, value) in [
        ("id", &model.id),
        ("version", &model.version),
        ("name", &model.name),
        ("source", &model.source),
        ("license", &model.license),
        ("attribution", &model.attribution),
    ] {
        let _ = writeln!(c, "    {key}: String::from({value:?}),");
    }
    c.push_str("    domains: vec![\n");
    for d in &model.domains {
        let _ = writeln!(
            c,
            "    Domain {{ id: String::from({:?}), name: String::from({:?}), description: String::from({:?}), practices: vec![",
            d.id, d.name, d.description
        );
        for p in &d.practices {
            practice_code(&mut c, p);
        }
        c.push_str("    ] },\n");
    }
    c.push_str("    ],\n}\n");
    c
}

/// The Rust expression of one practice, its streams and questions.
fn practice_code(c: &mut String, p: &model::Practice) {
    let _ = writeln!(
        c,
        "        Practice {{ id: String::from({:?}), name: String::from({:?}), description: String::from({:?}),",
        p.id, p.name, p.description
    );
    let aliases: Vec<String> = p.aliases.iter().map(|a| format!("String::from({a:?})")).collect();
    let _ = writeln!(c, "            aliases: vec![{}],", aliases.join(", "));
    let objectives: Vec<String> = p
        .objectives
        .iter()
        .map(|o| format!("String::from({o:?})"))
        .collect();
    let _ = writeln!(c, "            objectives: vec![{}],", objectives.join(", "));
    let titles: Vec<String> = p
        .level_titles
        .iter()
        .map(|t| format!("String::from({t:?})"))
        .collect();
    let _ = writeln!(c, "            level_titles: [{}],", titles.join(", "));
    c.push_str("            streams: [\n");
    for s in &p.streams {
        let _ = writeln!(
            c,
            "            Stream {{ id: String::from({:?}), name: String::from({:?}), role: String::from({:?}), questions: [",
            s.id, s.name, s.role
        );
        for q in &s.questions {
            let _ = writeln!(
                c,
                "                Question {{ id: String::from({:?}), level: {}, toolkit_row: {}, text: String::from({:?}), guidance: String::from({:?}) }},",
                q.id, q.level, q.toolkit_row, q.text, q.guidance
            );
        }
        c.push_str("            ] },\n");
    }
    c.push_str("        ] },\n");
}
