//! Command-line interface: clap derive structs. Their `///` comments are the help text.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// Parse, mine and draft Chinese official speeches (讲话稿).
#[derive(Debug, Parser)]
#[command(name = "speechgen", version, about, long_about = None)]
pub struct Cli {
    /// The command to run.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read speeches into their skeleton (title, greeting, sections, enumerations, closing)
    /// and print it as YAML or JSON.
    Parse(ParseArgs),
}

/// Arguments of `speechgen parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Text files to parse (UTF-8 with or without BOM, GB18030/GBK detected); `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Output format. YAML is also the outline format that `speechgen draft` reads.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
}

/// Output formats of `speechgen parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// YAML, one document per file separated by `---`.
    Yaml,
    /// JSON: one object per file, or an array when several files are given.
    Json,
}
