//! Fuzzes the answers loader, the scorer, the score and check renderers and the answers
//! writer's round trip. The body is `fuzz/answers_body.rs`, which `tests/hostile_fuzz_seeds.rs`
//! includes too, so `cargo test` runs the seed corpus (`fuzz/seeds/answers/`) through it on
//! stable.
//!
//! Run: `cargo +nightly fuzz run answers fuzz/corpus/answers fuzz/seeds/answers`

#![no_main]

#[path = "../answers_body.rs"]
mod answers_body;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = answers_body::fuzz_answers(data);
});
