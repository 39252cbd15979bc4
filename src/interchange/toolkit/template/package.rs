//! The workbook as a package: its zip entries, the parts aima reads (bounded in size), and
//! the rewritten package, in which every part aima does not change is copied as it was,
//! compressed bytes included (docs/interchange.md, "Filling your own copy").

use std::collections::BTreeMap;
use std::io::{Cursor, Read, Write};

use zip::ZipArchive;
use zip::write::{SimpleFileOptions, ZipWriter};

/// The most entries a workbook may have (the toolkit has about 20).
const MAX_ENTRIES: usize = 10_000;
/// The most one part aima reads may unpack to.
const MAX_PART_BYTES: u64 = 64 * 1024 * 1024;

pub struct Package<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
}

impl<'b> Package<'b> {
    pub fn open(bytes: &'b [u8]) -> Result<Package<'b>, String> {
        let zip =
            ZipArchive::new(Cursor::new(bytes)).map_err(|e| format!("not a readable .xlsx package ({e})"))?;
        if zip.len() > MAX_ENTRIES {
            return Err(format!(
                "the package has over {MAX_ENTRIES} entries: not an AIMA Toolkit workbook"
            ));
        }
        Ok(Package { zip })
    }

    pub fn has(&self, name: &str) -> bool {
        self.zip.index_for_name(name).is_some()
    }

    /// A part's bytes, read to its end (so its CRC is checked) and bounded.
    pub fn part(&mut self, name: &str) -> Result<Vec<u8>, String> {
        let entry = self
            .zip
            .by_name(name)
            .map_err(|e| format!("the package has no readable part `{name}` ({e})"))?;
        let mut bytes = Vec::new();
        entry
            .take(MAX_PART_BYTES + 1)
            .read_to_end(&mut bytes)
            .map_err(|e| format!("the part `{name}` is damaged ({e})"))?;
        if bytes.len() as u64 > MAX_PART_BYTES {
            return Err(format!("the part `{name}` unpacks to over 64 MiB"));
        }
        Ok(bytes)
    }

    /// The package again: `replaced` parts get new contents, `added` ones are appended,
    /// every other entry is copied raw (its compressed bytes and header fields as they were).
    pub fn rewrite(
        mut self,
        replaced: &BTreeMap<String, Vec<u8>>,
        added: &[(String, Vec<u8>)],
    ) -> Result<Vec<u8>, String> {
        let fail = |e: &dyn std::fmt::Display| format!("cannot write the workbook ({e})");
        let mut out = ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
        for i in 0..self.zip.len() {
            let entry = self.zip.by_index_raw(i).map_err(|e| fail(&e))?;
            let name = entry.name().map_err(|e| fail(&e))?.into_owned();
            match replaced.get(&name) {
                Some(bytes) => {
                    drop(entry);
                    out.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
                    out.write_all(bytes).map_err(|e| fail(&e))?;
                }
                None => out.raw_copy_file(entry).map_err(|e| fail(&e))?,
            }
        }
        for (name, bytes) in added {
            out.start_file(name.as_str(), options).map_err(|e| fail(&e))?;
            out.write_all(bytes).map_err(|e| fail(&e))?;
        }
        Ok(out.finish().map_err(|e| fail(&e))?.into_inner())
    }
}

/// A relationship target as a part name: `worksheets/sheet2.xml` from `xl/` is
/// `xl/worksheets/sheet2.xml`; `/xl/x.xml` is absolute; `..` climbs.
pub fn resolve(base_dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        base_dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for piece in target.split('/').filter(|p| !p.is_empty() && *p != ".") {
        if piece == ".." {
            parts.pop();
        } else {
            parts.push(piece);
        }
    }
    parts.join("/")
}
