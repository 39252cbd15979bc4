//! Fuzzes `aima import`: the workbook package checks, calamine behind them, the toolkit and
//! CISO Assistant readers, the OSCAL reader and the CSV reader, and the answers file they
//! give. The body is `fuzz/import_body.rs`, which `tests/it/hostile_fuzz_seeds.rs` includes
//! too, so `cargo test` runs the seeds (`fuzz/seeds/import/`) through it on stable.
//!
//! Run as the `answers` target is run (see fuzz_targets/answers.rs), with `--bin import`:
//! `target/x86_64-unknown-linux-gnu/release/import -max_total_time=600 corpus/import seeds/import`
//! (the first byte of an input picks its name, `fuzz.csv` or `fuzz.xlsx`).
//!
//! Last run (third hardening round; 2 shared cores): 121,887 executions in 631 s, no crash,
//! coverage 13,168 → 15,178 edges, peak RSS 675 MB (docs/security.md, "Fuzzing the importer").

#![no_main]

#[path = "../import_body.rs"]
mod import_body;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = import_body::fuzz_import(data);
});
