//! Reading input files safely: size limit, directories, missing and unreadable files,
//! encoding. Every failure is a located [`Problem`].
//!
//! Also compiled into `build.rs`; depends only on `crate::diag` and `crate::yaml`.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::diag::{Pos, Problem};
use crate::yaml::{self, Node};

/// Largest input file aima reads. A complete answers file with long notes is under
/// 200 KB, the largest model file under 100 KB.
pub const MAX_INPUT_BYTES: u64 = 8 * 1024 * 1024;

/// Reads a whole text file, refusing directories, oversized files and non-text data.
pub fn read_text(path: &Path, display: &str) -> Result<String, Problem> {
    let whole = |message: String| Problem::new(display, Pos::FILE, message);
    let meta = std::fs::metadata(path).map_err(|e| whole(io_message(&e)))?;
    if meta.is_dir() {
        return Err(whole("is a directory, not a file".to_string()));
    }
    if meta.len() > MAX_INPUT_BYTES {
        return Err(whole(format!(
            "the file is too large ({} bytes; the limit is {} MiB)",
            meta.len(),
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    let file = File::open(path).map_err(|e| whole(io_message(&e)))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_INPUT_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| whole(io_message(&e)))?;
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(whole(format!(
            "the file is too large (over {} MiB)",
            MAX_INPUT_BYTES / (1024 * 1024)
        )));
    }
    yaml::text_of(&bytes)
        .map(str::to_string)
        .map_err(|(pos, message)| Problem::new(display, pos, message))
}

/// Reads and parses a YAML file into a located tree.
pub fn read_yaml(path: &Path, display: &str) -> Result<Node, Problem> {
    let text = read_text(path, display)?;
    parse_yaml(&text, display)
}

/// Parses YAML text read from `display`.
pub fn parse_yaml(text: &str, display: &str) -> Result<Node, Problem> {
    yaml::parse(text).map_err(|(pos, message)| Problem::new(display, pos, message))
}

fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied: cannot read the file".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ => format!("cannot read the file: {e}"),
    }
}
