//! The `speechgen` binary: parse arguments, run, print the error, exit with its code.

use std::process::ExitCode;

/// Refuses runaway allocations while a writer's template renders (see `render::guard`).
#[global_allocator]
static ALLOCATOR: speechgen::render::guard::CappedAllocator =
    speechgen::render::guard::CappedAllocator;

fn main() -> ExitCode {
    let cli = <speechgen::cli::Cli as clap::Parser>::parse();
    match speechgen::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`speechgen draft … | head`) is no failure: exit 0 quietly.
        Err(speechgen::cmd::Error::Closed) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("{err}");
            ExitCode::from(err.exit_code())
        }
    }
}
