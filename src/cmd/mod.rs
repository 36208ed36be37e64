//! The commands: the only code that reads or writes files and prints.

mod parse;

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
    }
}

/// The exit code for an error: 2 when any cause in the chain is bad input, else 1.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    let bad = err.chain().any(|cause| {
        cause.is::<BadInput>()
            || cause.is::<crate::decode::DecodeError>()
            || cause.downcast_ref::<std::io::Error>().is_some_and(|io| {
                matches!(
                    io.kind(),
                    std::io::ErrorKind::NotFound
                        | std::io::ErrorKind::PermissionDenied
                        | std::io::ErrorKind::IsADirectory
                        | std::io::ErrorKind::InvalidData
                )
            })
    });
    if bad {
        2
    } else {
        1
    }
}
