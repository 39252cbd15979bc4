//! Fuzzes the answers loader, the scorer, the score and check renderers and the answers
//! writer's round trip. The body lives in the library (`aima::fuzzing`) so `cargo test`
//! runs the seed corpus (`fuzz/seeds/answers/`) through it on stable.
//!
//! Run: `cargo +nightly fuzz run answers fuzz/corpus/answers fuzz/seeds/answers`

#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = aima::fuzzing::fuzz_answers(data);
});
