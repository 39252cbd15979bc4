//! Atomic file writing: a temporary file in the same folder, flushed to disk, then renamed
//! over the target. A crash or kill at any moment leaves either the old file or the new
//! one, never a half-written file. See docs/security.md ("Files aima writes").
//!
//! - Only regular files are replaced: a directory, FIFO, device or socket in the target's
//!   place is refused with an error, before anything is written.
//! - A symbolic link is followed: the file it points to is replaced and the link stays a
//!   link. A link that points nowhere is refused (aima would otherwise replace the link).
//! - A replaced file keeps its owner and group (when the user may set them) and its
//!   permission bits, never the setuid, setgid or sticky bits.
//! - Several files written together ([`write_all`]) are all staged before any is put in
//!   place; when one cannot be written, none of the new files is left behind.
//! - A temporary file left by a save that was killed (`.FILE.XXXXXX.aima-tmp`) is removed
//!   by the next save of FILE.

use std::io::Write;
use std::path::{Path, PathBuf};

use tempfile::NamedTempFile;

/// Suffix of the temporary files; a leftover from a kill in mid-save says what it was.
const TEMP_SUFFIX: &str = ".aima-tmp";
/// A leftover temporary file younger than this may belong to a save in progress.
const LEFTOVER_AGE: std::time::Duration = std::time::Duration::from_secs(60);

/// Writes `contents` to `path` atomically.
pub fn write_atomic(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    write_all(&[(path, contents)]).map_err(|e| e.error)
}

/// Writes a new file readable by its owner only (mode 0600 from the moment it exists), for
/// private keys. An existing file is never replaced: that is an error.
pub fn write_private(path: &Path, contents: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt as _;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    let written = file.write_all(contents).and_then(|()| file.sync_all());
    if written.is_err() {
        let _ = std::fs::remove_file(path);
    }
    written
}

/// A file that could not be written, and why.
#[derive(Debug)]
pub struct WriteError {
    pub path: PathBuf,
    pub error: std::io::Error,
}

impl std::fmt::Display for WriteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "cannot write {}: {}", self.path.display(), self.error)
    }
}

/// tempfile adds the temporary file's path to its errors, which says nothing to the user.
fn without_temporary_path(error: std::io::Error) -> std::io::Error {
    let text = error.to_string();
    match text.split_once(" at path ") {
        Some((why, _)) => std::io::Error::new(error.kind(), why.to_string()),
        None => error,
    }
}

impl std::error::Error for WriteError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(&self.error)
    }
}

/// Writes several files as one: each is written to a temporary file first, and only when
/// all are written are they renamed into place, in the order given. A file that did not
/// exist before is removed again if a later one cannot be put in place.
pub fn write_all(files: &[(&Path, &[u8])]) -> Result<(), WriteError> {
    let mut staged = Vec::with_capacity(files.len());
    for (path, contents) in files {
        // A failure drops the files staged so far, which deletes them.
        let file = stage(path, contents).map_err(|error| WriteError {
            path: path.to_path_buf(),
            error: without_temporary_path(error),
        })?;
        staged.push((path, file));
    }
    let mut created: Vec<PathBuf> = Vec::new();
    for (path, (target, temp)) in staged {
        let existed = std::fs::symlink_metadata(&target).is_ok();
        if let Err(e) = temp.persist(&target) {
            for path in created {
                let _ = std::fs::remove_file(path);
            }
            return Err(WriteError {
                path: path.to_path_buf(),
                error: e.error,
            });
        }
        if !existed {
            created.push(target.clone());
        }
        // Make the rename itself durable (best effort: not every platform can open a folder).
        if let Ok(d) = std::fs::File::open(folder_of(&target)) {
            let _ = d.sync_all();
        }
    }
    Ok(())
}

/// What [`exchange`] found in the file's place as it put the new contents there.
#[derive(Debug, PartialEq, Eq)]
pub enum Exchanged {
    /// The new file and the old one were swapped in one step: these are the bytes that were
    /// in the file's place at that instant (an editor's save made just before is among them).
    Displaced(Vec<u8>),
    /// No file was there, or the platform or file system cannot swap two files: the new
    /// contents were renamed over the file, as [`write_atomic`] does.
    Renamed,
}

/// Writes `contents` to `path` like [`write_atomic`], but on Linux swaps the new file with
/// the old one atomically (`renameat2` with `RENAME_EXCHANGE`) and returns what it displaced,
/// so that a caller can tell whether someone else saved the file after it last read it and
/// merge that in (the interview does: docs/security.md, "Editors and the interview").
/// Elsewhere, or where the file system cannot swap, it renames as [`write_atomic`] does.
pub fn exchange(path: &Path, contents: &[u8]) -> std::io::Result<Exchanged> {
    let (target, temp) = stage(path, contents).map_err(without_temporary_path)?;
    if std::fs::symlink_metadata(&target).is_err() {
        temp.persist(&target).map_err(|e| e.error)?;
        sync_folder(&target);
        return Ok(Exchanged::Renamed);
    }
    let temp_path = temp.path().to_path_buf();
    match swap(&temp_path, &target) {
        Ok(()) => {
            // The temporary file's name now holds the old file: read it, then remove it.
            let displaced = std::fs::read(&temp_path);
            let _ = std::fs::remove_file(&temp_path);
            drop(temp.into_temp_path().keep());
            sync_folder(&target);
            displaced.map(Exchanged::Displaced)
        }
        Err(_) => {
            temp.persist(&target).map_err(|e| e.error)?;
            sync_folder(&target);
            Ok(Exchanged::Renamed)
        }
    }
}

/// Swaps two files in one step (Linux `renameat2(RENAME_EXCHANGE)`).
#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| std::ffi::CString::new(p.as_os_str().as_bytes()).map_err(std::io::Error::other);
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: both are valid NUL-terminated paths that live across the call; the system
    // call only reads them.
    let done = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if done == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(_a: &Path, _b: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// Makes a rename durable (best effort: not every platform can open a folder).
fn sync_folder(target: &Path) {
    if let Ok(d) = std::fs::File::open(folder_of(target)) {
        let _ = d.sync_all();
    }
}

/// The new contents of `path` in a temporary file beside the file that will be replaced,
/// with its mode and owner set and flushed to disk; and that file's path.
fn stage(path: &Path, contents: &[u8]) -> std::io::Result<(PathBuf, NamedTempFile)> {
    let target = target_of(path)?;
    let dir = folder_of(&target);
    let name = target
        .file_name()
        .map_or_else(|| "file".into(), |n| n.to_string_lossy());
    remove_leftovers(dir, &name);
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(TEMP_SUFFIX)
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    keep_owner_and_mode(temp.as_file(), &target)?;
    temp.as_file().sync_all()?;
    Ok((target, temp))
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// The file a save of `path` replaces: `path`, or the file its symbolic link points to.
/// Anything but a regular file (or no file yet) is refused.
fn target_of(path: &Path) -> std::io::Result<PathBuf> {
    let refuse = |why: String| {
        Err(std::io::Error::other(format!(
            "{why}; aima replaces only regular files"
        )))
    };
    let meta = match std::fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(path.to_path_buf()),
        Err(e) => return Err(e),
        Ok(meta) => meta,
    };
    if !meta.file_type().is_symlink() {
        return match crate::base::input::check_kind(&meta) {
            Ok(()) => Ok(path.to_path_buf()),
            Err(why) => refuse(why),
        };
    }
    // Follow the link to the file it names; the link itself is never replaced.
    let Ok(target) = std::fs::canonicalize(path) else {
        return refuse("is a symbolic link to a missing file".to_string());
    };
    match std::fs::metadata(&target).map(|m| crate::base::input::check_kind(&m)) {
        Ok(Ok(())) => Ok(target),
        Ok(Err(why)) => refuse(format!("is a symbolic link to a file that {why}")),
        Err(e) => Err(e),
    }
}

/// Removes the temporary files of earlier saves of `name` in `dir` that were killed before
/// they finished (best effort: a file that cannot be removed is left).
fn remove_leftovers(dir: &Path, name: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let prefix = format!(".{name}.");
    for entry in entries.flatten() {
        let file_name = entry.file_name();
        let Some(middle) = file_name
            .to_str()
            .and_then(|n| n.strip_prefix(&prefix))
            .and_then(|n| n.strip_suffix(TEMP_SUFFIX))
        else {
            continue;
        };
        // tempfile's random part: six letters or digits.
        if middle.len() != 6 || !middle.bytes().all(|b| b.is_ascii_alphanumeric()) {
            continue;
        }
        let old = entry.metadata().is_ok_and(|m| {
            m.file_type().is_file()
                && m.modified()
                    .is_ok_and(|t| t.elapsed().is_ok_and(|age| age >= LEFTOVER_AGE))
        });
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Temporary files are created private (0600). The saved file keeps the owner, group and
/// permission bits of the file it replaces (never setuid, setgid or sticky), or gets the
/// mode a plain `File::create` would give (0666 less the umask).
#[cfg(unix)]
fn keep_owner_and_mode(file: &std::fs::File, target: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let mode = match std::fs::metadata(target) {
        Ok(meta) => {
            // Only root may give a file away; the group may be kept when the user is in it.
            // Neither failing stops the save: the file is then the user's, as an editor
            // would leave it.
            if std::os::unix::fs::fchown(file, Some(meta.uid()), Some(meta.gid())).is_err() {
                let _ = std::os::unix::fs::fchown(file, None, Some(meta.gid()));
            }
            meta.permissions().mode() & 0o777
        }
        Err(_) => 0o666 & !current_umask(),
    };
    file.set_permissions(std::fs::Permissions::from_mode(mode))
}

#[cfg(not(unix))]
fn keep_owner_and_mode(_file: &std::fs::File, _target: &Path) -> std::io::Result<()> {
    Ok(())
}

/// The process umask. Reading it means setting it; aima saves from one thread at a time.
#[cfg(unix)]
#[allow(clippy::useless_conversion)] // mode_t is u32 on Linux, u16 on macOS.
fn current_umask() -> u32 {
    // SAFETY: umask only swaps the process's file-mode mask; it is restored at once.
    let old = unsafe { libc::umask(0o022) };
    unsafe { libc::umask(old) };
    u32::from(old)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(dir: &Path) -> Vec<String> {
        let mut names: Vec<String> = std::fs::read_dir(dir)
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        names
    }

    #[test]
    fn exchange_returns_what_it_displaced_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.yaml");
        assert_eq!(exchange(&path, b"one").expect("new file"), Exchanged::Renamed);
        std::fs::write(&path, b"an editor's").expect("edit");
        let swapped = exchange(&path, b"two").expect("exchange");
        if cfg!(target_os = "linux") {
            assert_eq!(swapped, Exchanged::Displaced(b"an editor's".to_vec()));
        }
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(names(dir.path()), ["a.yaml"]);
    }

    #[test]
    fn replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.yaml");
        write_atomic(&path, b"one").expect("first write");
        write_atomic(&path, b"two").expect("second write");
        assert_eq!(std::fs::read(&path).expect("read"), b"two");
        assert_eq!(names(dir.path()), ["a.yaml"]);
    }

    #[cfg(unix)]
    #[test]
    fn new_files_follow_the_umask_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("report.md");
        write_atomic(&path, b"one").expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o666 & !current_umask());
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).expect("chmod");
        write_atomic(&path, b"two").expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o640);
    }

    #[cfg(unix)]
    #[test]
    fn setuid_and_setgid_bits_are_never_copied() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old").expect("write");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o6755)).expect("chmod");
        write_atomic(&path, b"new").expect("write");
        let mode = std::fs::metadata(&path).expect("meta").permissions().mode() & 0o7777;
        assert_eq!(mode, 0o755);
    }

    #[cfg(unix)]
    #[test]
    fn the_owner_and_group_are_kept() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.yaml");
        std::fs::write(&path, "old").expect("write");
        let before = std::fs::metadata(&path).expect("meta");
        write_atomic(&path, b"new").expect("write");
        let after = std::fs::metadata(&path).expect("meta");
        assert_eq!((after.uid(), after.gid()), (before.uid(), before.gid()));
    }

    #[cfg(unix)]
    #[test]
    fn special_files_are_refused_and_left_alone() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fifo = dir.path().join("pipe.md");
        let made = std::process::Command::new("mkfifo").arg(&fifo).status();
        assert!(made.is_ok_and(|s| s.success()), "mkfifo");
        let err = write_atomic(&fifo, b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "is a named pipe (FIFO), not a regular file; aima replaces only regular files"
        );
        let err = write_atomic(Path::new("/dev/null"), b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "is a device, not a regular file; aima replaces only regular files"
        );
        std::fs::create_dir(dir.path().join("folder.md")).expect("mkdir");
        assert!(write_atomic(&dir.path().join("folder.md"), b"x").is_err());
        assert_eq!(names(dir.path()), ["folder.md", "pipe.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn symbolic_links_are_followed_and_stay_links() {
        let dir = tempfile::tempdir().expect("temp dir");
        let real = dir.path().join("real.md");
        let link = dir.path().join("link.md");
        std::fs::write(&real, "old").expect("write");
        std::os::unix::fs::symlink("real.md", &link).expect("symlink");
        write_atomic(&link, b"new").expect("write through the link");
        assert!(
            std::fs::symlink_metadata(&link)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(std::fs::read(&real).expect("read"), b"new");
        let dangling = dir.path().join("dangling.md");
        std::os::unix::fs::symlink("nowhere/x.md", &dangling).expect("symlink");
        let err = write_atomic(&dangling, b"x").unwrap_err();
        assert_eq!(
            err.to_string(),
            "is a symbolic link to a missing file; aima replaces only regular files"
        );
        assert!(
            std::fs::symlink_metadata(&dangling)
                .expect("meta")
                .file_type()
                .is_symlink()
        );
        assert_eq!(names(dir.path()), ["dangling.md", "link.md", "real.md"]);
    }

    #[cfg(unix)]
    #[test]
    fn when_one_file_fails_none_is_left() {
        let dir = tempfile::tempdir().expect("temp dir");
        let chart = dir.path().join("out.svg");
        let blocked = dir.path().join("out.md");
        std::fs::create_dir(&blocked).expect("mkdir");
        let err = write_all(&[(&chart, b"<svg/>"), (&blocked, b"# report")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "cannot write {}: is a directory, not a file; aima replaces only regular files",
                blocked.display()
            )
        );
        assert_eq!(names(dir.path()), ["out.md"]);
    }

    #[test]
    fn leftovers_of_a_killed_save_are_removed_by_the_next_save() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("a.yaml");
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for name in [
            ".a.yaml.Ab12Cd.aima-tmp",
            ".a.yaml.Zz99yy.aima-tmp",
            ".b.yaml.Ab12Cd.aima-tmp",
        ] {
            let file = std::fs::File::create(dir.path().join(name)).expect("leftover");
            file.set_modified(hour_ago).expect("age it");
        }
        // A fresh one may be a save in progress: it stays.
        std::fs::write(dir.path().join(".a.yaml.Fresh1.aima-tmp"), "").expect("fresh");
        write_atomic(&path, b"new").expect("write");
        assert_eq!(
            names(dir.path()),
            [".a.yaml.Fresh1.aima-tmp", ".b.yaml.Ab12Cd.aima-tmp", "a.yaml"]
        );
    }
}
