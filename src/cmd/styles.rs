//! `speechgen styles show | eject FILE [--force]`, and reading `--style FILE`.

use std::path::Path;

use crate::cli::StylesCommand;
use crate::docx::style::{Style, BUILTIN, MAX_STYLE_BYTES};

use super::{write_atomically, Error};

/// Runs a styles command.
pub fn run(cmd: &StylesCommand) -> Result<(), Error> {
    match cmd {
        StylesCommand::Show => super::print(BUILTIN),
        StylesCommand::Eject { file, force } => {
            super::check_destination(file)?;
            if file.exists() && !force {
                return Err(Error::input(format!(
                    "{} already exists; pass --force to overwrite it",
                    file.display()
                )));
            }
            write_atomically(file, BUILTIN.as_bytes())?;
            eprintln!(
                "wrote the built-in style to {}; edit it and draft with --format docx --style {}",
                file.display(),
                file.display()
            );
            Ok(())
        }
    }
}

/// The style of `--style FILE`, or the built-in one.
pub fn load_style(file: Option<&Path>) -> Result<Style, Error> {
    let Some(path) = file else {
        return Ok(Style::builtin());
    };
    let text = super::read_text(path, "style file", MAX_STYLE_BYTES)?;
    Style::from_yaml(&text).map_err(|e| e.in_file(&path.display().to_string(), &text).into())
}
