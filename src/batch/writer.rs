//! Writing a batch safely: records go to a temporary file beside the destination
//! (`.NAME.partial`), which is renamed to the destination only when the run is complete, so
//! the destination is never half written. An interrupted run leaves the partial file;
//! `--resume` keeps its whole lines, cuts a truncated last line, and continues after them,
//! so the finished file has exactly the bytes of an uninterrupted run.
//!
//! `txt` output writes one file per record into a folder, each whole or not at all; a
//! resumed run skips the files already there.

use std::fs::{File, OpenOptions};
use std::io::{BufRead, BufReader, BufWriter, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use crate::diag::Error;

/// The partial file of a destination: `.NAME.partial` in the same folder (so the final
/// rename stays on one file system).
pub fn partial_path(dest: &Path) -> PathBuf {
    let name = dest
        .file_name()
        .map_or_else(|| "batch".into(), |n| n.to_string_lossy().into_owned());
    dest.with_file_name(format!(".{name}.partial"))
}

/// Where an interrupted file stands: its whole lines, the bytes they take, and the last one.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Resumed {
    /// Whole lines (records).
    pub records: u64,
    /// Bytes of the whole lines; what follows them is a truncated line.
    pub bytes: u64,
    /// The last whole line, without its newline.
    pub last: Option<String>,
}

/// Reads a file's whole lines, in one pass of bounded memory.
pub fn scan(file: &mut File) -> std::io::Result<Resumed> {
    file.seek(SeekFrom::Start(0))?;
    let mut reader = BufReader::with_capacity(1 << 20, file);
    let mut out = Resumed::default();
    let mut line = Vec::new();
    loop {
        line.clear();
        let n = reader.read_until(b'\n', &mut line)?;
        if n == 0 || line.last() != Some(&b'\n') {
            break;
        }
        out.records += 1;
        out.bytes += n as u64;
        line.pop();
        out.last = Some(String::from_utf8_lossy(&line).into_owned());
    }
    Ok(out)
}

/// A JSONL batch file being written.
#[derive(Debug)]
pub struct Jsonl {
    out: BufWriter<File>,
    partial: PathBuf,
    dest: PathBuf,
}

impl Jsonl {
    /// Opens the partial file of `dest`: afresh, or with `resume` after its whole lines
    /// (a truncated last line cut off). A finished `dest` with no partial file is resumed
    /// too (it is moved back to the partial name first). Returns where it stands.
    pub fn open(dest: &Path, resume: bool) -> Result<(Jsonl, Resumed), Error> {
        let partial = partial_path(dest);
        if resume && !partial.exists() && dest.is_file() {
            std::fs::rename(dest, &partial).map_err(|e| Error::io("cannot resume", dest, &e))?;
        }
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(!resume)
            .open(&partial)
            .map_err(|e| Error::io("cannot write", &partial, &e))?;
        let state = if resume {
            let state = scan(&mut file).map_err(|e| Error::io("cannot read", &partial, &e))?;
            file.set_len(state.bytes)
                .and_then(|()| file.seek(SeekFrom::Start(state.bytes)).map(drop))
                .map_err(|e| Error::io("cannot write", &partial, &e))?;
            state
        } else {
            Resumed::default()
        };
        Ok((
            Jsonl {
                out: BufWriter::with_capacity(1 << 16, file),
                partial,
                dest: dest.to_owned(),
            },
            state,
        ))
    }

    /// Appends bytes (whole records).
    pub fn write(&mut self, bytes: &[u8]) -> Result<(), Error> {
        self.out
            .write_all(bytes)
            .map_err(|e| Error::io("cannot write", &self.partial, &e))
    }

    /// Writes what is buffered, so an interruption loses at most the chunk being made.
    pub fn flush(&mut self) -> Result<(), Error> {
        self.out
            .flush()
            .map_err(|e| Error::io("cannot write", &self.partial, &e))
    }

    /// Flushes, syncs and renames the partial file to the destination.
    pub fn finish(self) -> Result<(), Error> {
        let file = self
            .out
            .into_inner()
            .map_err(|e| Error::io("cannot write", &self.partial, e.error()))?;
        file.sync_all()
            .map_err(|e| Error::io("cannot write", &self.partial, &e))?;
        std::fs::rename(&self.partial, &self.dest)
            .map_err(|e| Error::io("cannot write", &self.dest, &e))
    }
}

/// A folder of one file (text, Markdown or Word) per record.
#[derive(Debug)]
pub struct TxtFolder {
    dir: PathBuf,
    width: usize,
    extension: &'static str,
}

impl TxtFolder {
    /// The folder (created if missing), naming files `ID.EXTENSION` with ids of as many
    /// digits as the largest (six at least).
    pub fn open(dir: &Path, total: u64, extension: &'static str) -> Result<TxtFolder, Error> {
        std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, &e))?;
        let width = total.saturating_sub(1).to_string().len().max(6);
        Ok(TxtFolder {
            dir: dir.to_owned(),
            width,
            extension,
        })
    }

    /// The file of record `id`.
    pub fn path(&self, id: u64) -> PathBuf {
        self.dir
            .join(format!("{id:0w$}.{}", self.extension, w = self.width))
    }

    /// Writes a record's file whole: to a temporary name, then renamed.
    pub fn write(&self, id: u64, text: &[u8]) -> Result<(), Error> {
        let path = self.path(id);
        let temp = self.dir.join(format!(
            ".{id:0w$}.{}.partial",
            self.extension,
            w = self.width
        ));
        std::fs::write(&temp, text)
            .and_then(|()| std::fs::rename(&temp, &path))
            .map_err(|e| Error::io("cannot write", &path, &e))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_scan_drops_a_truncated_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.jsonl");
        std::fs::write(&path, "{\"id\":0}\n{\"id\":1}\n{\"id\"").unwrap();
        let mut f = File::open(&path).unwrap();
        let s = scan(&mut f).unwrap();
        assert_eq!(s.records, 2);
        assert_eq!(s.bytes, 18);
        assert_eq!(s.last.as_deref(), Some("{\"id\":1}"));
    }

    #[test]
    fn batch_partial_file_sits_beside_the_destination() {
        assert_eq!(
            partial_path(Path::new("out/a.jsonl")),
            Path::new("out/.a.jsonl.partial")
        );
    }
}
