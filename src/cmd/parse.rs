//! `speechgen parse FILE... [--format yaml|json] [--input html|md|text|csv] [--explain]`.

use std::fmt::Write as _;
use std::io::IsTerminal;
use std::path::Path;

use crate::cli::{Format, InputFormat, ParseArgs};
use crate::diag::Diagnostic;
use crate::model::Document;
use crate::{ExplainedLine, LineKind};

use super::Error;

/// Reads, parses and prints every file; all files are read before anything is printed,
/// so a bad file never leaves half an output behind. Several files print as several YAML
/// documents or a JSON array, which `draft` also reads (it drafts the first).
pub fn run(args: &ParseArgs) -> Result<(), Error> {
    if args.explain {
        return explain(args);
    }
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
    let (name, bytes) = read(path)?;
    crate::parse_bytes_as(&name, &bytes, input).map_err(|e| cannot_parse(&name, e))
}

fn read(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let name = if path.as_os_str() == "-" {
        "-".to_owned()
    } else {
        path.display().to_string()
    };
    let bytes = super::read_capped(path, "speech", super::MAX_SPEECH_BYTES)?;
    Ok((name, bytes))
}

fn cannot_parse(name: &str, e: Diagnostic) -> Error {
    let shown = if name == "-" { "standard input" } else { name };
    Error::from(e.context(format!("cannot parse {shown}")))
}

/// `parse --explain`: one row per line of the normalized text, `number kind detail text`.
fn explain(args: &ParseArgs) -> Result<(), Error> {
    let color = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none();
    let mut out = String::new();
    for path in &args.files {
        let (name, bytes) = read(path)?;
        let input = args.input.map(InputFormat::format);
        let explained =
            crate::explain_bytes_as(&name, &bytes, input).map_err(|e| cannot_parse(&name, e))?;
        let _ = writeln!(out, "== {name} (read as {})", explained.format.name());
        if let Some(title) = &explained.title_hint {
            let _ = writeln!(out, "   title given by the container: {title}");
        }
        for line in &explained.lines {
            write_row(&mut out, line, color);
        }
    }
    super::print(&out)
}

/// Characters of a line's text shown; the rest is counted.
const SHOWN: usize = 60;

fn write_row(out: &mut String, line: &ExplainedLine, color: bool) {
    use anstyle::{AnsiColor, Style};
    let detail = match (line.level, line.rule) {
        (Some(level), _) => level.to_owned(),
        (None, Some(rule)) => format!("[{rule}]"),
        (None, None) => String::new(),
    };
    let speech = line.speech.map(|k| format!("#{k} ")).unwrap_or_default();
    let mark = if line.set_apart { '*' } else { ' ' };
    let n = line.text.chars().count();
    let text: String = if n > SHOWN {
        let head: String = line.text.chars().take(SHOWN).collect();
        format!("{head}…（{n}字）")
    } else {
        line.text.clone()
    };
    let style = match line.kind {
        LineKind::Furniture | LineKind::EditorNote => Style::new().dimmed(),
        LineKind::Title => Style::new().bold(),
        LineKind::Heading => Style::new().bold().fg_color(Some(AnsiColor::Blue.into())),
        LineKind::Greeting | LineKind::Vocative => {
            Style::new().fg_color(Some(AnsiColor::Green.into()))
        }
        LineKind::Closing => Style::new().fg_color(Some(AnsiColor::Magenta.into())),
        LineKind::Byline | LineKind::Date => Style::new().fg_color(Some(AnsiColor::Cyan.into())),
        LineKind::Paragraph => Style::new(),
    };
    let pad = 16usize.saturating_sub(width(&detail));
    let row = format!(
        "{:>5}{mark} {speech}{:<11} {detail}{:pad$} {text}",
        line.number,
        line.kind.name(),
        ""
    );
    if color {
        let _ = writeln!(out, "{style}{row}{style:#}");
    } else {
        let _ = writeln!(out, "{row}");
    }
}

/// Columns a string takes on a terminal: Chinese characters and full-width forms take two.
fn width(s: &str) -> usize {
    s.chars()
        .map(|c| if ('\u{1100}'..).contains(&c) { 2 } else { 1 })
        .sum()
}
