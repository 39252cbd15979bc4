//! The diff engine (pure; no I/O).
