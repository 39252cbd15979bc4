//! A workbook package (the zip of XML parts an `.xlsx` file is), checked before any part of
//! it is trusted, and read part by part within a budget. The reader checks a workbook with
//! [`Package::open`] before calamine sees it; a writer that edits a package reads its parts
//! with [`Package::part`]. What is refused and why: docs/security.md ("Workbooks").
//!
//! [`Package::open`] refuses a package that
//! - has more than [`MAX_ENTRIES`] entries (the toolkit has about 30);
//! - has two entries that share or overlap their bytes (many directory records pointing at
//!   one entry make a small file unpack many times);
//! - unpacks to more than [`MAX_UNPACKED_BYTES`], counted in the bytes each entry really
//!   inflates to (not the sizes it declares), stopping at the limit;
//! - has an entry whose checksum (CRC-32) fails, or that is encrypted or cannot be inflated.

use std::io::{Cursor, Read};

use zip::ZipArchive;

/// The most entries a package may have.
pub const MAX_ENTRIES: usize = 1_000;
/// The most a package may unpack to, all entries together (the toolkit unpacks to under 1 MB).
pub const MAX_UNPACKED_BYTES: u64 = 32 * 1024 * 1024;

/// Why a package is refused; the text completes "the workbook …" in a message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PackageError {
    /// Not a zip container at all (the caller says what it is instead).
    #[error("is not a zip container")]
    NotZip,
    #[error("has {0} zip entries (at most {MAX_ENTRIES}): not an AIMA Toolkit workbook")]
    TooManyEntries(usize),
    #[error("is damaged: the zip entries `{0}` and `{1}` share their bytes (a zip bomb?)")]
    Overlap(String, String),
    #[error("unpacks to over {} MiB: not an AIMA Toolkit workbook (a zip bomb?)", MAX_UNPACKED_BYTES / (1024 * 1024))]
    TooBig,
    #[error("is damaged: the zip entry `{0}` {1}")]
    Damaged(String, String),
}

/// A checked package over the bytes of a file.
pub struct Package<'a> {
    zip: ZipArchive<Cursor<&'a [u8]>>,
}

impl<'a> Package<'a> {
    /// Opens and checks a package: entries, overlaps, real unpacked size, checksums.
    pub fn open(bytes: &'a [u8]) -> Result<Self, PackageError> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| PackageError::NotZip)?;
        if zip.len() > MAX_ENTRIES {
            return Err(PackageError::TooManyEntries(zip.len()));
        }
        check_overlaps(&mut zip)?;
        let mut package = Self { zip };
        let mut budget = MAX_UNPACKED_BYTES;
        for i in 0..package.zip.len() {
            let used = package.inflate(i, budget, &mut std::io::sink())?;
            budget -= used;
        }
        Ok(package)
    }

    /// The names of the entries, in the order of the zip's directory.
    pub fn names(&self) -> Vec<String> {
        self.zip.file_names().flatten().map(|n| n.into_owned()).collect()
    }

    /// The name of the entry whose name is `name` ignoring ASCII case, as Excel finds parts.
    pub fn find(&self, name: &str) -> Option<String> {
        self.names().into_iter().find(|n| n.eq_ignore_ascii_case(name))
    }

    /// The unpacked bytes of one entry (at most [`MAX_UNPACKED_BYTES`]); `None` when the
    /// package has no entry of that name.
    pub fn part(&mut self, name: &str) -> Result<Option<Vec<u8>>, PackageError> {
        let Some(i) = self.zip.index_for_name(name) else {
            return Ok(None);
        };
        let mut out = Vec::new();
        self.inflate(i, MAX_UNPACKED_BYTES, &mut out)?;
        Ok(Some(out))
    }

    /// Inflates entry `i` into `out`, to its end (so that its checksum is checked), refusing
    /// it past `budget` bytes. Returns the bytes it inflated to.
    fn inflate(&mut self, i: usize, budget: u64, out: &mut impl std::io::Write) -> Result<u64, PackageError> {
        let name = name_of(&self.zip, i);
        let entry = self
            .zip
            .by_index(i)
            .map_err(|e| damaged_entry(&name, &e.to_string()))?;
        let mut limited = entry.take(budget + 1);
        let used = std::io::copy(&mut limited, out).map_err(|e| damaged_entry(&name, &e.to_string()))?;
        if used > budget {
            return Err(PackageError::TooBig);
        }
        Ok(used)
    }
}

fn damaged_entry(name: &str, reason: &str) -> PackageError {
    let reason = if reason.contains("checksum") {
        "fails its checksum (CRC-32)".to_string()
    } else if reason.to_ascii_lowercase().contains("password") || reason.contains("encrypt") {
        "is encrypted".to_string()
    } else {
        format!("cannot be unpacked ({})", crate::base::diag::shown_reason(reason))
    };
    PackageError::Damaged(name.to_string(), reason)
}

/// Refuses two entries whose local header and data overlap: each entry's bytes, from its
/// local header to the end of its compressed data, must be its own.
fn check_overlaps(zip: &mut ZipArchive<Cursor<&[u8]>>) -> Result<(), PackageError> {
    // An entry's data starts after its local header, whose length only reading it tells.
    let mut spans = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let name = name_of(zip, i);
        let entry = zip
            .by_index_raw(i)
            .map_err(|e| damaged_entry(&name, &e.to_string()))?;
        let start = entry.header_start();
        let data = entry.data_start().unwrap_or(start);
        let end = data.saturating_add(entry.compressed_size()).max(start + 1);
        spans.push((start, end, i));
    }
    spans.sort_unstable();
    for pair in spans.windows(2) {
        let ((_, end, a), (start, _, b)) = (pair[0], pair[1]);
        if start < end {
            return Err(PackageError::Overlap(name_of(zip, a), name_of(zip, b)));
        }
    }
    Ok(())
}

/// The name of entry `i` as a message shows it.
fn name_of(zip: &ZipArchive<Cursor<&[u8]>>, i: usize) -> String {
    let name = zip.name_for_index(i).and_then(Result::ok);
    crate::base::diag::shown_reason(name.as_deref().unwrap_or("?")).to_string()
}
