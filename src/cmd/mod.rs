//! The commands: the only code that reads or writes files and prints.

mod draft;
mod mine;
mod parse;
mod templates;

use crate::cli::{Cli, Command};

/// An error caused by the user's input (a missing file, bytes that are not text, …):
/// the process exits with code 2 rather than 1.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct BadInput(pub String);

/// Runs one command line.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    match cli.command {
        Command::Parse(args) => parse::run(&args),
        Command::Draft(args) => draft::run(&args),
        Command::Mine(args) => mine::run(&args),
        Command::Rules(cmd) => mine::rules(&cmd),
        Command::Templates(cmd) => templates::run(&cmd),
    }
}

/// The exit code for an error: 2 when any cause in the chain is bad input, else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let bad = err.chain().any(|cause| {
        cause.is::<BadInput>()
            || cause.is::<crate::decode::DecodeError>()
            || cause.is::<crate::outline::OutlineError>()
            || cause.is::<crate::rules::RulesError>()
            || cause.is::<crate::render::TemplateError>()
            || cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
                matches!(
                    io.kind(),
                    std::io::ErrorKind::NotFound
                        | std::io::ErrorKind::PermissionDenied
                        | std::io::ErrorKind::IsADirectory
                        | std::io::ErrorKind::InvalidData
                        | std::io::ErrorKind::NotADirectory
                        | std::io::ErrorKind::AlreadyExists
                )
            })
    });
    if bad {
        2
    } else {
        1
    }
}

/// Writes text to standard output, all of it or an error.
pub(crate) fn print(text: &str) -> anyhow::Result<()> {
    use anyhow::Context;
    use std::io::Write;
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(text.as_bytes())
        .context("writing to standard output")?;
    stdout.flush().context("writing to standard output")
}

/// Writes a file whole or not at all: into a temporary file beside it, then renamed.
pub(crate) fn write_atomically(path: &std::path::Path, bytes: &[u8]) -> anyhow::Result<()> {
    use anyhow::Context;
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(std::path::Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if !dir.is_dir() {
        return Err(BadInput(format!(
            "cannot write {}: the folder {} does not exist; create it first",
            path.display(),
            dir.display()
        ))
        .into());
    }
    if path.is_dir() {
        return Err(BadInput(format!(
            "cannot write {}: it is a folder; give a file name",
            path.display()
        ))
        .into());
    }
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    std::fs::write(&tmp, bytes).with_context(|| format!("cannot write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        anyhow::Error::new(e).context(format!("cannot write {}", path.display()))
    })
}

/// The writer's templates in a folder: `(name, text, path)` for every `*.tera` file.
pub(crate) fn user_templates(
    dir: Option<&std::path::Path>,
) -> anyhow::Result<Vec<(String, String, String)>> {
    use anyhow::Context;
    let Some(dir) = dir else {
        return Ok(Vec::new());
    };
    if !dir.is_dir() {
        return Err(BadInput(format!(
            "--templates {}: not a folder; give the folder that `templates eject` wrote",
            dir.display()
        ))
        .into());
    }
    let entries = std::fs::read_dir(dir)
        .with_context(|| format!("cannot read the templates folder {}", dir.display()))?;
    let mut out = Vec::new();
    for entry in entries {
        let path = entry
            .with_context(|| format!("cannot read the templates folder {}", dir.display()))?
            .path();
        if path.extension().is_some_and(|e| e == "tera") {
            let text = std::fs::read_to_string(&path)
                .with_context(|| format!("cannot read template {}", path.display()))?;
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            out.push((name, text, path.display().to_string()));
        }
    }
    out.sort();
    Ok(out)
}

/// Reads a text file the user gave (an outline, a rules file) in any encoding `parse` accepts.
pub(crate) fn read_text(path: &std::path::Path, what: &str) -> anyhow::Result<String> {
    use anyhow::Context;
    let bytes =
        std::fs::read(path).with_context(|| format!("cannot read {what} {}", path.display()))?;
    let decoded = crate::decode::decode(&bytes)
        .with_context(|| format!("cannot read {what} {}", path.display()))?;
    Ok(decoded.text)
}
