//! `speechgen templates list | show NAME | eject DIR [--force]`.

use anyhow::Context;

use crate::cli::TemplatesCommand;
use crate::render::{Templates, BUILTIN};

use super::{user_templates, write_atomically, BadInput};

/// Runs a templates command.
pub fn run(cmd: &TemplatesCommand) -> anyhow::Result<()> {
    let mut out = String::new();
    match cmd {
        TemplatesCommand::List { templates } => {
            let t = Templates::with_overrides(user_templates(templates.as_deref())?)?;
            for name in t.names() {
                let (file, _) = t.source(&name).expect("listed templates exist");
                out.push_str(&format!("{name:<20} {file}\n"));
            }
        }
        TemplatesCommand::Show { name, templates } => {
            let t = Templates::with_overrides(user_templates(templates.as_deref())?)?;
            let (_, text) = t.source(name).ok_or_else(|| {
                BadInput(format!(
                    "no template named {name}; `speechgen templates list` shows them"
                ))
            })?;
            out.push_str(text);
        }
        TemplatesCommand::Eject { dir, force } => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("cannot create {}", dir.display()))?;
            let existing: Vec<String> = BUILTIN
                .iter()
                .filter(|(n, _)| dir.join(n).exists())
                .map(|(n, _)| n.to_string())
                .collect();
            if !existing.is_empty() && !force {
                return Err(BadInput(format!(
                    "{} already holds {}; pass --force to overwrite",
                    dir.display(),
                    existing.join(", ")
                ))
                .into());
            }
            for (name, text) in BUILTIN {
                write_atomically(&dir.join(name), text.as_bytes())?;
            }
            out.push_str(&format!(
                "wrote {} templates to {}; edit them and draft with --templates {}\n",
                BUILTIN.len(),
                dir.display(),
                dir.display()
            ));
        }
    }
    super::print(&out)?;
    Ok(())
}
