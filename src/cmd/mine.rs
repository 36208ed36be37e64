//! `speechgen mine INPUT... [-o FILE]`, `speechgen rules show [FILE]`,
//! `speechgen rules merge A B... [-o FILE]`.

use std::path::{Path, PathBuf};

use anyhow::Context;

use crate::cli::{MineArgs, RulesCommand};
use crate::mine::{merge, Miner};
use crate::rules::{Role, RuleSet};

use super::{write_atomically, BadInput};

/// Mines the inputs and writes the rules.
pub fn run(args: &MineArgs) -> anyhow::Result<()> {
    let files = input_files(&args.inputs)?;
    let mut miner = match &args.field {
        Some(f) if crate::field::Field::valid_name(f) => {
            Miner::new().with_field(crate::field::Field::from_name(f))
        }
        Some(f) => {
            return Err(BadInput(format!(
            "--field {f:?}: a field is named in lowercase ASCII, one of {} or a name of your own",
            crate::field::field_names()
        ))
            .into())
        }
        None => Miner::new(),
    };
    for path in &files {
        let bytes =
            std::fs::read(path).with_context(|| format!("cannot read {}", path.display()))?;
        let name = path.file_name().map_or_else(
            || path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        let doc = crate::parse_bytes(&name, &bytes)
            .with_context(|| format!("cannot parse {}", path.display()))?;
        miner.mine(&name, &doc);
    }
    let dropped = miner.dropped().clone();
    let set = miner.finish();
    let kept: usize = set.rules.len();
    let mut note = format!(
        "mined {kept} rules from {} file{}",
        files.len(),
        if files.len() == 1 { "" } else { "s" }
    );
    if !dropped.is_empty() {
        let total: u64 = dropped.values().sum();
        let reasons: Vec<String> = dropped.iter().map(|(r, n)| format!("{r} {n}")).collect();
        note.push_str(&format!(
            "; {total} sentences not kept: {}",
            reasons.join(", ")
        ));
    }
    eprintln!("{note}");
    write_rules(&set, args.output.as_deref())
}

/// Runs a rules command.
pub fn rules(cmd: &RulesCommand) -> anyhow::Result<()> {
    match cmd {
        RulesCommand::Show { file } => {
            let set = match file {
                Some(f) => read_rules(f)?,
                None => RuleSet::builtin(),
            };
            let mut out = String::new();
            for d in &set.fields {
                out.push_str(&format!(
                    "field {} ({}): {} words\n",
                    d.name,
                    d.label,
                    d.words.len()
                ));
            }
            for role in Role::ALL {
                let rules: Vec<_> = set.rules.iter().filter(|r| r.role == role).collect();
                if rules.is_empty() {
                    continue;
                }
                out.push_str(&format!(
                    "{} ({}): {} rules\n",
                    role.name(),
                    role.about(),
                    rules.len()
                ));
                for r in rules {
                    let mut tags: Vec<&str> = Vec::new();
                    if let Some(f) = &r.field {
                        tags.push(f.name());
                    }
                    if let Some(f) = r.function {
                        tags.push(f.name());
                    }
                    tags.extend(r.kinds.iter().map(|k| k.name()));
                    let tags = if tags.is_empty() {
                        String::new()
                    } else {
                        format!(" [{}]", tags.join(", "))
                    };
                    out.push_str(&format!("  {:>4}  {}{tags}\n", r.count, r.text));
                }
            }
            super::print(&out)?;
            Ok(())
        }
        RulesCommand::Merge { files, output } => {
            let sets = files
                .iter()
                .map(|f| read_rules(f))
                .collect::<anyhow::Result<Vec<_>>>()?;
            write_rules(&merge(&sets), output.as_deref())
        }
    }
}

fn read_rules(path: &Path) -> anyhow::Result<RuleSet> {
    let text = super::read_text(path, "rules file", super::MAX_RULES_BYTES)?;
    RuleSet::from_yaml(&text)
        .map_err(|e| e.in_file(&path.display().to_string()))
        .with_context(|| format!("bad rules file {}", path.display()))
}

fn write_rules(set: &RuleSet, output: Option<&Path>) -> anyhow::Result<()> {
    let text = set.to_yaml();
    match output {
        Some(path) => Ok(write_atomically(path, text.as_bytes())?),
        None => Ok(super::print(&text)?),
    }
}

/// Files as given, and the `.txt` files of folders (recursively), each folder's sorted by name.
fn input_files(inputs: &[PathBuf]) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    for input in inputs {
        if input.is_dir() {
            let mut found = Vec::new();
            collect_txt(input, &mut found)?;
            found.sort();
            if found.is_empty() {
                return Err(
                    BadInput(format!("{} holds no .txt files to mine", input.display())).into(),
                );
            }
            files.extend(found);
        } else {
            files.push(input.clone());
        }
    }
    Ok(files)
}

fn collect_txt(dir: &Path, out: &mut Vec<PathBuf>) -> anyhow::Result<()> {
    for entry in
        std::fs::read_dir(dir).with_context(|| format!("cannot read folder {}", dir.display()))?
    {
        let path = entry
            .with_context(|| format!("cannot read folder {}", dir.display()))?
            .path();
        if path.is_dir() {
            collect_txt(&path, out)?;
        } else if path.extension().is_some_and(|e| e == "txt") {
            out.push(path);
        }
    }
    Ok(())
}
