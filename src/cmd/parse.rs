//! `speechgen parse FILE... [--format yaml|json] [--input html|md|text|csv]`.

use std::path::Path;

use crate::cli::{Format, InputFormat, ParseArgs};
use crate::diag::Diagnostic;
use crate::model::Document;

use super::Error;

/// Reads, parses and prints every file; all files are read before anything is printed,
/// so a bad file never leaves half an output behind. Several files print as several YAML
/// documents or a JSON array, which `draft` also reads (it drafts the first).
pub fn run(args: &ParseArgs) -> Result<(), Error> {
    let mut documents = Vec::with_capacity(args.files.len());
    for path in &args.files {
        documents.push(parse_file(path, args.input.map(InputFormat::format))?);
    }
    let failed = |e: &dyn std::fmt::Display| {
        Error::Failure(Diagnostic::new(format!("cannot write the parse: {e}")))
    };
    let out = match args.format {
        Format::Json => {
            let mut s = if documents.len() == 1 {
                serde_json::to_string_pretty(&documents[0])
            } else {
                serde_json::to_string_pretty(&documents)
            }
            .map_err(|e| failed(&e))?;
            s.push('\n');
            s
        }
        Format::Yaml => {
            let mut s = String::new();
            for doc in &documents {
                if documents.len() > 1 {
                    s.push_str("---\n");
                }
                s.push_str(&serde_saphyr::to_string(doc).map_err(|e| failed(&e))?);
            }
            s
        }
    };
    super::print(&out)
}

fn parse_file(path: &Path, input: Option<crate::Format>) -> Result<Document, Error> {
    let name = if path.as_os_str() == "-" {
        "-".to_owned()
    } else {
        path.display().to_string()
    };
    let bytes = super::read_capped(path, "speech", super::MAX_SPEECH_BYTES)?;
    crate::parse_bytes_as(&name, &bytes, input).map_err(|e| {
        let shown = if name == "-" { "standard input" } else { &name };
        Error::from(e.context(format!("cannot parse {shown}")))
    })
}
