//! One interview per answers file at a time: an advisory lock on a lock file beside it.
//!
//! The answers file itself cannot carry the lock: every save replaces it by a rename, so a
//! lock on its inode would be gone after the first answer. The lock file, `.NAME.aima-lock`
//! in the same folder, is never replaced; it is created when the interview starts and
//! removed when it ends. The lock is the operating system's (`flock` on Unix, `LockFileEx`
//! on Windows), so a killed interview leaves at most an unlocked file, which the next
//! interview takes over. See docs/interview.md.

use std::fs::{File, OpenOptions, TryLockError};
use std::path::{Path, PathBuf};

/// A held lock; released and its file removed when dropped.
#[derive(Debug)]
pub struct Lock {
    path: PathBuf,
    _file: File,
}

/// Why the lock was not taken.
#[derive(Debug)]
pub enum Refused {
    /// Another interview holds it.
    Busy(PathBuf),
    /// The lock file could not be created or locked.
    Io(PathBuf, std::io::Error),
}

/// The lock file of the answers file `path`.
pub fn lock_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(|| "assessment".into(), |n| n.to_string_lossy());
    let dir = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
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
                    return Ok(Some(Lock {
                        path: lock,
                        _file: file,
                    }));
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
}
