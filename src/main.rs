//! The `speechgen` binary: parse arguments, run, print the error chain, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <speechgen::cli::Cli as clap::Parser>::parse();
    match speechgen::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(speechgen::cmd::exit_code(&err))
        }
    }
}
