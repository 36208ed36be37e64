//! The commands: the only code that reads or writes files and prints.
//!
//! Every command returns [`Error`] (one [`crate::diag::Diagnostic`] each), which `main`
//! prints and turns into the exit code. Files are read with a size cap ([`read_capped`]) and
//! written whole or not at all ([`write_atomically`]), never over one of the command's inputs.

mod batch;
mod draft;
mod mine;
mod parse;
mod styles;
mod templates;

use std::io::{Read, Write};
use std::path::Path;

use crate::cli::{Cli, Command};
pub use crate::diag::Error;
use crate::rules::RuleSet;

/// Largest speech file (or standard input) `parse` and `mine` read: a speech is tens of
/// kilobytes, a compilation a few megabytes.
pub const MAX_SPEECH_BYTES: u64 = 64 << 20;
/// Largest outline `draft` reads.
pub const MAX_OUTLINE_BYTES: u64 = 16 << 20;
/// Largest rules file `draft --rules`, `rules show` and `rules merge` read.
pub const MAX_RULES_BYTES: u64 = 256 << 20;
/// Largest template file.
pub const MAX_TEMPLATE_BYTES: u64 = 1 << 20;

/// Runs one command line.
pub fn run(cli: Cli) -> Result<(), Error> {
    match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Draft(args) => draft::run(&args),
        Command::Mine(args) => mine::run(&args),
        Command::Batch(args) => batch::run(&args),
        Command::Rules(cmd) => mine::rules(&cmd),
        Command::Templates(cmd) => templates::run(&cmd),
        Command::Styles(cmd) => styles::run(&cmd),
    }
}

/// The threads of `--jobs J` (all cores when not given).
pub(crate) fn thread_pool(jobs: Option<usize>) -> Result<rayon::ThreadPool, Error> {
    let jobs = jobs.unwrap_or_else(|| std::thread::available_parallelism().map_or(1, usize::from));
    if jobs == 0 {
        return Err(Error::input("--jobs 0: give at least one thread"));
    }
    rayon::ThreadPoolBuilder::new()
        .num_threads(jobs)
        .build()
        .map_err(|e| Error::input(format!("--jobs {jobs}: cannot start the threads: {e}")))
}

/// Writes text to standard output, all of it or an error.
pub(crate) fn print(text: &str) -> Result<(), Error> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .and_then(|()| stdout.flush())
        .map_err(|e| Error::io("cannot write to", Path::new("standard output"), &e))
}

/// Writes a file whole or not at all: into a new temporary file with a random name beside
/// it (created exclusively, so nothing planted there is followed), then renamed over the
/// destination. On any failure the temporary file is removed and the destination untouched.
pub(crate) fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    let temp = temp_beside(path)?;
    write_temp(temp, path, bytes)?
        .persist(path)
        .map_err(|e| Error::io("cannot write", path, &e.error))?;
    Ok(())
}

/// Writes several files, all or none: every file is written to its temporary first, and
/// only when all are written are they renamed into place.
pub(crate) fn write_all_atomically(files: &[(std::path::PathBuf, &[u8])]) -> Result<(), Error> {
    let mut written = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        written.push((write_temp(temp_beside(path)?, path, bytes)?, path));
    }
    for (temp, path) in written {
        temp.persist(path)
            .map_err(|e| Error::io("cannot write", path, &e.error))?;
    }
    Ok(())
}

/// Refuses a destination that cannot be written (its folder missing, or a folder itself):
/// commands call it before their work, so the user hears of it at once.
pub(crate) fn check_destination(path: &Path) -> Result<(), Error> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "cannot write {}: the folder {} does not exist; create it first",
            path.display(),
            dir.display()
        )));
    }
    if path.is_dir() {
        return Err(Error::input(format!(
            "cannot write {}: it is a folder; give a file name",
            path.display()
        )));
    }
    Ok(())
}

fn temp_beside(path: &Path) -> Result<tempfile::NamedTempFile, Error> {
    check_destination(path)?;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    tempfile::Builder::new()
        .prefix(".speechgen-")
        .suffix(".tmp")
        .tempfile_in(dir)
        .map_err(|e| Error::io("cannot write", path, &e))
}

fn write_temp(
    mut temp: tempfile::NamedTempFile,
    path: &Path,
    bytes: &[u8],
) -> Result<tempfile::NamedTempFile, Error> {
    temp.write_all(bytes)
        .and_then(|()| temp.flush())
        .map_err(|e| Error::io("cannot write", path, &e))?;
    Ok(temp)
}

/// Refuses an output path that is one of the command's inputs (`draft o.yaml -o o.yaml`).
pub(crate) fn refuse_overwriting_input(output: &Path, inputs: &[&Path]) -> Result<(), Error> {
    for input in inputs {
        if same_file(output, input) {
            return Err(Error::input(format!(
                "-o {} is also an input of this command; writing it would destroy the input",
                output.display()
            ))
            .context("refusing to overwrite an input"));
        }
    }
    Ok(())
}

/// Whether two paths name the same existing file (the same inode on unix, the same
/// canonical path elsewhere).
fn same_file(a: &Path, b: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if let (Ok(x), Ok(y)) = (std::fs::metadata(a), std::fs::metadata(b)) {
            return x.dev() == y.dev() && x.ino() == y.ino();
        }
        false
    }
    #[cfg(not(unix))]
    {
        match (a.canonicalize(), b.canonicalize()) {
            (Ok(x), Ok(y)) => x == y,
            _ => false,
        }
    }
}

/// Reads a file (or standard input for `-`) of at most `limit` bytes; `what` names it in
/// errors (`outline`, `rules file`, …).
pub(crate) fn read_capped(path: &Path, what: &str, limit: u64) -> Result<Vec<u8>, Error> {
    let mut bytes = Vec::new();
    let read = if path.as_os_str() == "-" {
        std::io::stdin()
            .lock()
            .take(limit + 1)
            .read_to_end(&mut bytes)
    } else {
        std::fs::File::open(path).and_then(|f| f.take(limit + 1).read_to_end(&mut bytes))
    };
    let shown = if path.as_os_str() == "-" {
        Path::new("standard input")
    } else {
        path
    };
    read.map_err(|e| Error::io(&format!("cannot read {what}"), shown, &e))?;
    if bytes.len() as u64 > limit {
        return Err(Error::input(format!(
            "{what} {} is larger than {} MiB, the most speechgen reads",
            shown.display(),
            limit >> 20
        )));
    }
    Ok(bytes)
}

/// The rules a draft fills from: the built-in ones (unless `no_builtin`) and each `--rules`
/// file, joined; with the texts read, in order, for whoever hashes them (`batch`).
pub(crate) fn load_rules(
    files: &[std::path::PathBuf],
    no_builtin: bool,
) -> Result<(RuleSet, Vec<String>), Error> {
    let mut sets = Vec::new();
    let mut texts = Vec::new();
    if !no_builtin {
        sets.push(RuleSet::builtin());
        texts.push(crate::rules::DEFAULT_RULES.to_owned());
    }
    for file in files {
        let text = read_text(file, "rules file", MAX_RULES_BYTES)?;
        sets.push(
            RuleSet::from_yaml(&text)
                .map_err(|e| Error::from(e.in_file(&file.display().to_string(), &text)))?,
        );
        texts.push(text);
    }
    let rules = match sets.len() {
        1 => sets.pop().expect("one set"),
        _ => RuleSet::joined(sets),
    };
    Ok((rules, texts))
}

/// Reads a text file the user gave (an outline, a rules file) in any encoding `parse` accepts.
pub(crate) fn read_text(path: &Path, what: &str, limit: u64) -> Result<String, Error> {
    let bytes = read_capped(path, what, limit)?;
    let decoded = crate::decode::decode(&bytes).map_err(|e| {
        Error::from(
            crate::diag::Diagnostic::new(e.to_string())
                .context(format!("cannot read {what} {}", path.display())),
        )
    })?;
    if decoded.encoding != "UTF-8" {
        eprintln!(
            "note: read {what} {} as {}",
            path.display(),
            decoded.encoding
        );
    }
    Ok(decoded.text)
}

/// The writer's templates in a folder: `(name, text, path)` for every `*.tera` file.
pub(crate) fn user_templates(dir: Option<&Path>) -> Result<Vec<(String, String, String)>, Error> {
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    if !dir.is_dir() {
        return Err(Error::input(format!(
            "--templates {}: not a folder; give the folder that `templates eject` wrote",
            dir.display()
        )));
    }
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Error::io("cannot read the templates folder", dir, &e))?;
    let mut out = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| Error::io("cannot read the templates folder", dir, &e))?;
        let path = entry.path();
        // Regular files only (following a link to one): a FIFO would block the read.
        let regular = std::fs::metadata(&path).is_ok_and(|m| m.is_file());
        if regular && path.extension().is_some_and(|e| e == "tera") {
            let text = read_text(&path, "template", MAX_TEMPLATE_BYTES)?;
            let name = entry.file_name().to_string_lossy().into_owned();
            out.push((name, text, path.display().to_string()));
        }
    }
    out.sort();
    Ok(out)
}
