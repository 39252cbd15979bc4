//! One interview per answers file at a time, by the file's identity: an advisory lock on a
//! lock file beside it, and (on unix) on the answers file itself.
//!
//! The answers file alone cannot carry the lock: every save replaces it by a rename, so a
//! lock on its inode would be gone after the first answer. The lock file, `.NAME.aima-lock`
//! in the folder that really holds the file (symbolic links resolved, so a link to the file
//! or to its folder finds the same lock file), is never replaced; it is created when the
//! interview starts and removed when it ends. A hard link is another name in another folder
//! for the same file: so the answers file itself is locked too, and the lock follows it to
//! the file each save puts in its place ([`Lock::follow`]). The lock is the operating system's (`flock` on Unix, `LockFileEx`
//! on Windows), so a killed interview leaves at most an unlocked file, which the next
//! interview takes over. See docs/interview.md.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A held lock; released and its file removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: File,
    /// The answers file, locked (`None`: not created yet, or not lockable).
    held: Option<File>,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum Refused {
    /// Another interview holds it.
    Busy(PathBuf),
    /// Another interview holds the same file under another name (a hard link).
    Linked,
    /// The lock file could not be created or locked.
    Io(PathBuf, std::io::Error),
}

/// The lock file of the answers file `path`: beside the file a symbolic link at `path`
/// names, in its folder with links resolved (shown as given when it has none).
pub fn lock_path(path: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    let target = match is_link {
        true => std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf()),
        false => path.to_path_buf(),
    };
    let name = target
        .file_name()
        .map_or_else(|| "assessment".into(), |n| n.to_string_lossy());
    let dir = match target.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    let dir = match (std::fs::canonicalize(dir), std::path::absolute(dir)) {
        (Ok(real), Ok(given)) if real != given => real,
        _ => dir.to_path_buf(),
    };
    dir.join(format!(".{name}.aima-lock"))
}

impl Lock {
    /// Takes the lock of the answers file `path`. `Ok(None)`: the file system cannot lock
    /// files, so the interview goes on without (the check before each save still holds).
    pub fn take(path: &Path) -> Result<Option<Lock>, Refused> {
        let lock = lock_path(path);
        // A lock file removed by the interview ending just as this one opened it is
        // locked in vain: try again on the file now at that path.
        for _ in 0..20 {
            let file = OpenOptions::new()
                .read(true)
                .write(true)
                .create(true)
                .truncate(false)
                .open(&lock)
                .map_err(|e| Refused::Io(lock.clone(), e))?;
            match file.try_lock() {
                Ok(()) if same_file(&file, &lock) => {
                    super::terminal::set_lock_file(Some(lock.clone()));
                    let mut taken = Lock {
                        path: lock,
                        _file: file,
                        held: None,
                    };
                    // Dropping `taken` on a refusal removes the lock file it created.
                    taken.held = hold(path).map_err(|()| Refused::Linked)?;
                    return Ok(Some(taken));
                }
                Ok(()) => continue,
                Err(TryLockError::WouldBlock) => return Err(Refused::Busy(lock)),
                Err(TryLockError::Error(e)) if e.kind() == std::io::ErrorKind::Unsupported => {
                    return Ok(None);
                }
                Err(TryLockError::Error(e)) => return Err(Refused::Io(lock, e)),
            }
        }
        Err(Refused::Busy(lock))
    }
}

impl Lock {
    /// After a save put a new file at `path`: locks that file instead of the one it replaced
    /// (no other name leads to the new file, so nothing can come between).
    pub fn follow(&mut self, path: &Path) {
        if let Ok(file) = hold(path) {
            self.held = file;
        }
    }
}

/// Locks the answers file at `path` itself. `Ok(None)`: no such file yet, not a regular file,
/// or not lockable; `Err`: another interview holds it (under another name).
#[cfg(unix)]
fn hold(path: &Path) -> Result<Option<File>, ()> {
    let Ok(file) = crate::base::input::open_nonblocking(path) else {
        return Ok(None);
    };
    if !file.metadata().is_ok_and(|m| m.is_file()) {
        return Ok(None);
    }
    match file.try_lock() {
        Ok(()) => Ok(Some(file)),
        Err(TryLockError::WouldBlock) => Err(()),
        Err(TryLockError::Error(_)) => Ok(None),
    }
}

/// Elsewhere a lock on the file itself would keep other programs from reading it: the lock
/// file alone holds the lock.
#[cfg(not(unix))]
fn hold(_path: &Path) -> Result<Option<File>, ()> {
    Ok(None)
}

impl Drop for Lock {
    fn drop(&mut self) {
        // Removed while still locked, so no other interview can have taken it meanwhile.
        let _ = std::fs::remove_file(&self.path);
        super::terminal::set_lock_file(None);
    }
}

#[cfg(unix)]
fn same_file(file: &File, path: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (file.metadata(), std::fs::metadata(path)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

#[cfg(not(unix))]
fn same_file(_file: &File, path: &Path) -> bool {
    path.exists()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_on_the_same_file_is_refused_until_the_first_is_dropped() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("team.yaml");
        let first = Lock::take(&file).expect("first").expect("locks");
        assert!(lock_path(&file).exists());
        assert!(matches!(Lock::take(&file), Err(Refused::Busy(_))));
        // Another file in the same folder is not affected.
        let other = Lock::take(&dir.path().join("other.yaml"))
            .expect("other")
            .expect("locks");
        drop(first);
        assert!(!lock_path(&file).exists(), "the lock file is removed");
        let again = Lock::take(&file).expect("again");
        assert!(again.is_some());
        drop(other);
    }

    #[cfg(unix)]
    #[test]
    fn a_link_to_a_locked_file_is_the_same_lock() {
        let dir = tempfile::tempdir().expect("temp dir");
        let file = dir.path().join("team.yaml");
        std::fs::write(&file, "aima: 1\n").expect("write");
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).expect("mkdir");
        std::os::unix::fs::symlink(&file, sub.join("link.yaml")).expect("symlink");
        std::fs::hard_link(&file, sub.join("hard.yaml")).expect("hard link");
        std::os::unix::fs::symlink(dir.path(), dir.path().join("alias")).expect("folder link");
        let first = Lock::take(&file).expect("first").expect("locks");
        assert_eq!(lock_path(&sub.join("link.yaml")), lock_path(&file));
        for other in [sub.join("link.yaml"), dir.path().join("alias/team.yaml")] {
            assert!(matches!(Lock::take(&other), Err(Refused::Busy(_))), "{other:?}");
        }
        assert!(matches!(Lock::take(&sub.join("hard.yaml")), Err(Refused::Linked)));
        assert!(
            !sub.join(".hard.yaml.aima-lock").exists(),
            "a refused lock leaves no file"
        );
        drop(first);
        assert!(Lock::take(&sub.join("hard.yaml")).expect("free").is_some());
    }
}
