//! SHA-256 of files, streamed: memory stays the size of one buffer whatever the file's
//! size, and each file is read once (docs/evidence.md).

use std::io::Read as _;
use std::path::Path;

use sha2::{Digest as _, Sha256};

/// Bytes read at a time.
const BUFFER: usize = 256 * 1024;

/// The lower-case hex SHA-256 of `bytes`.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex(&Sha256::digest(bytes))
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write as _;
    bytes
        .iter()
        .fold(String::with_capacity(bytes.len() * 2), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
}

/// The SHA-256 of the regular file at `path`, read once in fixed-size pieces. A directory,
/// FIFO or device is refused before anything is read.
pub fn sha256_file(path: &Path) -> std::io::Result<String> {
    let meta = std::fs::metadata(path)?;
    crate::base::input::check_kind(&meta).map_err(std::io::Error::other)?;
    let mut file = crate::base::input::open_nonblocking(path)?;
    crate::base::input::check_kind(&file.metadata()?).map_err(std::io::Error::other)?;
    let mut hasher = Sha256::new();
    let mut buffer = vec![0u8; BUFFER];
    loop {
        match file.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => hasher.update(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(hex(&hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_digests() {
        assert_eq!(
            sha256_hex(b"abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("big");
        std::fs::write(&path, vec![b'x'; BUFFER * 3 + 7]).expect("write");
        assert_eq!(
            sha256_file(&path).expect("hash"),
            sha256_hex(&vec![b'x'; BUFFER * 3 + 7])
        );
        assert!(sha256_file(dir.path()).is_err());
    }
}
