//! The OWASP AIMA v1.0 model, compiled in from `domains/` by `build.rs` (no parsing at
//! start-up).

use std::sync::OnceLock;

use crate::model::{Domain, Model, Practice, Question, Stream};

/// The embedded model.
pub fn model() -> &'static Model {
    static MODEL: OnceLock<Model> = OnceLock::new();
    MODEL.get_or_init(|| include!(concat!(env!("OUT_DIR"), "/embedded_model.rs")))
}
