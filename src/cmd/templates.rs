//! `speechgen templates list | show NAME | eject DIR [--force]`.

use crate::cli::TemplatesCommand;
use crate::render::{Templates, BUILTIN};

use super::{user_templates, write_all_atomically, Error};

/// Runs a templates command.
pub fn run(cmd: &TemplatesCommand) -> Result<(), Error> {
    let mut out = String::new();
    match cmd {
        TemplatesCommand::List { templates } => {
            let t = Templates::with_overrides(user_templates(templates.as_deref())?);
            for name in t.names() {
                let (file, _) = t.source(&name).expect("listed templates exist");
                out.push_str(&format!("{name:<20} {file}\n"));
            }
        }
        TemplatesCommand::Show { name, templates } => {
            let t = Templates::with_overrides(user_templates(templates.as_deref())?);
            let (_, text) = t.source(name).ok_or_else(|| {
                Error::input(format!(
                    "no template named {name}; `speechgen templates list` shows them"
                ))
            })?;
            out.push_str(text);
        }
        TemplatesCommand::Eject { dir, force } => {
            std::fs::create_dir_all(dir).map_err(|e| Error::io("cannot create", dir, &e))?;
            let existing: Vec<String> = BUILTIN
                .iter()
                .filter(|(n, _)| dir.join(n).exists())
                .map(|(n, _)| n.to_string())
                .collect();
            if !existing.is_empty() && !force {
                return Err(Error::input(format!(
                    "{} already holds {}; pass --force to overwrite",
                    dir.display(),
                    existing.join(", ")
                )));
            }
            let files: Vec<(std::path::PathBuf, &[u8])> = BUILTIN
                .iter()
                .map(|(name, text)| (dir.join(name), text.as_bytes()))
                .collect();
            write_all_atomically(&files)?;
            out.push_str(&format!(
                "wrote {} templates to {}; edit them and draft with --templates {}\n",
                BUILTIN.len(),
                dir.display(),
                dir.display()
            ));
        }
    }
    super::print(&out)
}
