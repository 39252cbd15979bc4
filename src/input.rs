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

/// Reads a whole text file, refusing directories, special files (FIFOs, devices, sockets),
/// oversized files and non-text data.
pub fn read_text(path: &Path, display: &str) -> Result<String, Problem> {
    let bytes = read_bytes(path, display, MAX_INPUT_BYTES)?;
    yaml::text_of(&bytes)
        .map(str::to_string)
        .map_err(|(pos, message)| Problem::new(display, pos, message))
}

/// Reads a whole file of at most `limit` bytes, refusing directories and special files
/// (FIFOs, devices, sockets) before anything is read.
pub fn read_bytes(path: &Path, display: &str, limit: u64) -> Result<Vec<u8>, Problem> {
    let whole = |message: String| Problem::new(display, Pos::FILE, message);
    let meta = std::fs::metadata(path).map_err(|e| whole(io_message(&e)))?;
    check_kind(&meta).map_err(whole)?;
    // Opened without blocking, and checked again once open: a FIFO put in the file's place
    // in between must not leave aima waiting forever for a writer.
    let file = open_nonblocking(path).map_err(|e| whole(io_message(&e)))?;
    let meta = file.metadata().map_err(|e| whole(io_message(&e)))?;
    check_kind(&meta).map_err(whole)?;
    let too_large = || {
        whole(format!(
            "the file is too large ({} bytes; the limit is {} MiB)",
            meta.len(),
            limit / (1024 * 1024)
        ))
    };
    if meta.len() > limit {
        return Err(too_large());
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| whole(io_message(&e)))?;
    if bytes.len() as u64 > limit {
        return Err(whole(format!(
            "the file is too large (over {} MiB)",
            limit / (1024 * 1024)
        )));
    }
    Ok(bytes)
}

/// Only regular files are read: a directory, FIFO, device or socket is refused by name.
pub fn check_kind(meta: &std::fs::Metadata) -> Result<(), String> {
    let kind = meta.file_type();
    if kind.is_file() {
        return Ok(());
    }
    if kind.is_dir() {
        return Err("is a directory, not a file".to_string());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return Err("is a named pipe (FIFO), not a regular file".to_string());
        }
        if kind.is_char_device() || kind.is_block_device() {
            return Err("is a device, not a regular file".to_string());
        }
        if kind.is_socket() {
            return Err("is a socket, not a regular file".to_string());
        }
    }
    Err("is not a regular file".to_string())
}

#[cfg(unix)]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    File::open(path)
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
