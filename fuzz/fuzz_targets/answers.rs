//! Fuzzes the answers loader, the scorer, the score and check renderers and the answers
//! writer's round trip. The body is `fuzz/answers_body.rs`, which `tests/hostile_fuzz_seeds.rs`
//! includes too, so `cargo test` runs the seed corpus (`fuzz/seeds/answers/`) through it on
//! stable.
//!
//! Run: `cargo +nightly fuzz run answers fuzz/corpus/answers fuzz/seeds/answers`
//!
//! Without cargo-fuzz or nightly (the stable toolchain, as cargo-fuzz would build it):
//!
//! ```sh
//! cd fuzz
//! RUSTC_BOOTSTRAP=1 RUSTFLAGS="-Cpasses=sancov-module -Cllvm-args=-sanitizer-coverage-level=4 \
//!   -Cllvm-args=-sanitizer-coverage-inline-8bit-counters -Cllvm-args=-sanitizer-coverage-pc-table \
//!   -Cllvm-args=-sanitizer-coverage-trace-compares --cfg fuzzing -Zsanitizer=address \
//!   -Cdebug-assertions -Coverflow-checks" \
//!   cargo build --release --target x86_64-unknown-linux-gnu --bin answers
//! mkdir -p corpus/answers
//! target/x86_64-unknown-linux-gnu/release/answers -max_total_time=300 corpus/answers seeds/answers
//! ```
//!
//! Last run (second hardening round, after merging main; 2 shared cores): 68,309 executions
//! in 301 s, no crash, coverage 8,481 → 10,076 edges, peak RSS 646 MB.

#![no_main]

#[path = "../answers_body.rs"]
mod answers_body;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = answers_body::fuzz_answers(data);
});
