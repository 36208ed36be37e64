//! `speechgen parse FILE... [--format yaml|json]`.

use std::io::Read;
use std::path::Path;

use anyhow::Context;

use crate::cli::{Format, ParseArgs};
use crate::model::Document;

/// Reads, parses and prints every file; all files are read before anything is printed,
/// so a bad file never leaves half an output behind.
pub fn run(args: &ParseArgs) -> anyhow::Result<()> {
    let mut documents = Vec::with_capacity(args.files.len());
    for path in &args.files {
        documents.push(parse_file(path)?);
    }
    let out = match args.format {
        Format::Json => {
            let mut s = if documents.len() == 1 {
                serde_json::to_string_pretty(&documents[0])?
            } else {
                serde_json::to_string_pretty(&documents)?
            };
            s.push('\n');
            s
        }
        Format::Yaml => {
            let mut s = String::new();
            for doc in &documents {
                if documents.len() > 1 {
                    s.push_str("---\n");
                }
                s.push_str(&serde_saphyr::to_string(doc).context("writing YAML")?);
            }
            s
        }
    };
    super::print(&out)?;
    Ok(())
}

fn parse_file(path: &Path) -> anyhow::Result<Document> {
    let name = path.display().to_string();
    let bytes = if name == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .context("reading standard input")?;
        buf
    } else {
        std::fs::read(path).with_context(|| format!("cannot read {name}"))?
    };
    crate::parse_bytes(&name, &bytes).with_context(|| format!("cannot parse {name}"))
}
