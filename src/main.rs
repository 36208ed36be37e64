//! The `speechgen` binary: parse arguments, run, print the error chain, exit.

use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = <speechgen::cli::Cli as clap::Parser>::parse();
    match speechgen::cmd::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // A reader that stops early (`speechgen draft … | head`) is no failure.
        Err(err)
            if err.chain().any(|c| {
                c.downcast_ref::<std::io::Error>()
                    .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            }) =>
        {
            ExitCode::SUCCESS
        }
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::from(speechgen::cmd::exit_code(&err))
        }
    }
}
