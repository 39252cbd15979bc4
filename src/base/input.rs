//! Reading input files safely: size limit, directories, missing and unreadable files,
//! encoding. Every failure is a located [`Problem`].
//!
//! Also compiled into `build.rs`; depends only on `crate::base::diag` and `crate::base::yaml`.

use std::fs::File;
use std::io::Read;
use std::path::Path;

use crate::base::diag::{Pos, Problem};
use crate::base::yaml::{self, Node};

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

/// Opens a file for reading without blocking on a FIFO put in its place.
#[cfg(unix)]
pub fn open_nonblocking(path: &Path) -> std::io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
}

#[cfg(not(unix))]
pub fn open_nonblocking(path: &Path) -> std::io::Result<File> {
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

/// One entry of a folder, as [`list_folder`] gives it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub path: std::path::PathBuf,
    /// The entry's name, lossily UTF-8.
    pub name: String,
    /// A folder itself (a symbolic link to a folder is not followed, so no walk loops).
    pub is_dir: bool,
    /// Anything but a folder, a symbolic link followed: a FIFO, device or socket too, so
    /// that a reader refuses it by name (without blocking) rather than skip it unseen
    /// (docs/security.md).
    pub is_file: bool,
}

/// The entries of `dir`, sorted by name: the one way aima lists a folder (answers
/// folders, trees of assessments, model, crosswalk, profile and policy folders). At most
/// `max + 1` are read, so that a caller can say "more than `max`" without listing a huge
/// folder whole.
pub fn list_folder(dir: &Path, max: usize) -> std::io::Result<Vec<Entry>> {
    let mut entries: Vec<Entry> = std::fs::read_dir(dir)?
        .filter_map(Result::ok)
        .take(max.saturating_add(1))
        .filter_map(|e| {
            let kind = e.file_type().ok()?;
            let path = e.path();
            let is_file = match kind.is_symlink() {
                true => std::fs::metadata(&path).is_ok_and(|m| !m.is_dir()),
                false => !kind.is_dir(),
            };
            Some(Entry {
                name: e.file_name().to_string_lossy().into_owned(),
                is_dir: kind.is_dir(),
                is_file,
                path,
            })
        })
        .collect();
    entries.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(entries)
}

/// True when `path` ends in `.yaml` or `.yml` (any case).
pub fn is_yaml(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}

/// The YAML files directly in `dir` (see [`list_folder`] for `max`), sorted by name.
pub fn yaml_files(dir: &Path, max: usize) -> std::io::Result<Vec<std::path::PathBuf>> {
    Ok(list_folder(dir, max)?
        .into_iter()
        .filter(|e| e.is_file && is_yaml(&e.path))
        .map(|e| e.path)
        .collect())
}

pub fn io_message(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file".to_string(),
        std::io::ErrorKind::PermissionDenied => "permission denied: cannot read the file".to_string(),
        std::io::ErrorKind::IsADirectory => "is a directory, not a file".to_string(),
        _ => format!("cannot read the file: {e}"),
    }
}

/// The identity of a file: its device and inode on unix (so a symbolic or hard link to a
/// file is that file), its canonical path elsewhere. `None` when the file does not exist.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct FileId(#[cfg(unix)] (u64, u64), #[cfg(not(unix))] std::path::PathBuf);

impl FileId {
    /// The identity of the file at `path`, following symbolic links as a write does.
    pub fn of(path: &Path) -> Option<Self> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            std::fs::metadata(path).ok().map(|m| Self((m.dev(), m.ino())))
        }
        #[cfg(not(unix))]
        {
            std::fs::canonicalize(path).ok().map(Self)
        }
    }
}

/// The most files [`Inputs`] looks at below one folder (deeper trees are bounded by the
/// commands that read them; docs/security.md).
const MAX_FOLDER_FILES: usize = 100_000;

/// The files a command reads, by identity: the one place that answers "is this output one of
/// my inputs?" (docs/security.md, "Outputs never replace inputs"). A file given by name is an
/// input whatever its name; below a folder given, every `*.yaml`/`*.yml` file is (the files
/// a folder of answers files is read for), at any depth.
#[derive(Debug, Default)]
pub struct Inputs {
    files: Vec<(FileId, std::path::PathBuf)>,
}

impl Inputs {
    /// The inputs named by `paths` (files and folders; `-` is standard input, never a file).
    pub fn of(paths: &[std::path::PathBuf]) -> Self {
        let mut inputs = Self::default();
        for path in paths {
            inputs.add(path);
        }
        inputs
    }

    /// Adds a file, or the answers files below a folder.
    pub fn add(&mut self, path: &Path) {
        if path.as_os_str() == "-" {
            return;
        }
        if path.is_dir() {
            let mut budget = MAX_FOLDER_FILES;
            self.add_folder(path, &mut budget, 0);
        } else if let Some(id) = FileId::of(path) {
            self.files.push((id, path.to_path_buf()));
        }
    }

    fn add_folder(&mut self, dir: &Path, budget: &mut usize, depth: usize) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            if *budget == 0 || depth > 64 {
                return;
            }
            *budget -= 1;
            let path = entry.path();
            // Folders are entered, not links to folders (a loop must end).
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if is_dir {
                self.add_folder(&path, budget, depth + 1);
            } else if is_answers_name(&path)
                && let Some(id) = FileId::of(&path)
            {
                self.files.push((id, path));
            }
        }
    }

    /// The input that `output` is (by identity), if it is one.
    pub fn find(&self, output: &Path) -> Option<&Path> {
        let id = FileId::of(output)?;
        self.files
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, p)| p.as_path())
    }
}

fn is_answers_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("yaml") || e.eq_ignore_ascii_case("yml"))
}
