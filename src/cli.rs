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
    /// Draft a new speech from a YAML outline (the same schema `parse` prints), filling what
    /// the outline leaves out from rules, through editable templates.
    Draft(DraftArgs),
    /// Mine rules (phrase pools and patterns with slots, by role) from a corpus of speeches.
    Mine(MineArgs),
    /// Draft many speeches at once (training material): N drafts of each outline given, or
    /// N random outlines from the field banks; JSONL records of outline and text, made in
    /// parallel, the same bytes for any number of jobs, resumable and shardable.
    Batch(BatchArgs),
    /// Show or merge rules files.
    #[command(subcommand)]
    Rules(RulesCommand),
    /// List, show or copy out the built-in templates, to edit them.
    #[command(subcommand)]
    Templates(TemplatesCommand),
    /// Show or copy out the built-in .docx style (GB/T 9704 layout), to edit it and pass it
    /// with `--style`.
    #[command(subcommand)]
    Styles(StylesCommand),
}

/// `speechgen styles …`.
#[derive(Debug, Subcommand)]
pub enum StylesCommand {
    /// Print the built-in style file (YAML, with what each key means).
    Show,
    /// Write the built-in style file to FILE, to edit it.
    Eject {
        /// The file to write.
        file: PathBuf,
        /// Overwrite FILE if it exists.
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `speechgen draft`.
#[derive(Debug, clap::Args)]
pub struct DraftArgs {
    /// The outline (YAML). A file printed by `speechgen parse` works too.
    #[arg(value_name = "OUTLINE")]
    pub outline: PathBuf,
    /// Write the draft here instead of standard output (written whole or not at all).
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Output format: plain text, Markdown, JSON with every sentence's rule, or a Word
    /// document in the official layout (needs -o).
    #[arg(long, value_enum, default_value_t = DraftFormat::Txt)]
    pub format: DraftFormat,
    /// Style file (YAML) for --format docx: fonts, sizes, margins, spacing, bold leads,
    /// highlighted placeholders (`speechgen styles eject FILE` writes the built-in one).
    #[arg(long, value_name = "FILE")]
    pub style: Option<PathBuf>,
    /// Seed for every choice: the same outline, seed, rules and templates give the same bytes.
    /// Without one (here or in the outline) a seed is drawn and printed to standard error.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,
    /// Rules file to fill from besides the built-in rules (e.g. what `speechgen mine` found
    /// in your own archive): its rules join the pools of their fields. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Fill from the `--rules` files alone, without the built-in rules.
    #[arg(long, requires = "rules")]
    pub no_builtin_rules: bool,
    /// Folder of templates; a file there replaces the built-in of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
    /// Target length in characters (the draft lands within ±10%).
    #[arg(long, value_name = "N", conflicts_with = "minutes")]
    pub length: Option<usize>,
    /// Target length in minutes of speaking, at 220 characters a minute.
    #[arg(long, value_name = "M")]
    pub minutes: Option<usize>,
    /// For a parsed speech: keep its title, headings, leads and structure, and write
    /// everything else afresh from the rules.
    #[arg(long)]
    pub refill: bool,
}

/// Arguments of `speechgen batch`.
#[derive(Debug, clap::Args)]
pub struct BatchArgs {
    /// Outlines (YAML) to draft `-n` times each.
    #[arg(
        value_name = "OUTLINE",
        required_unless_present = "random",
        conflicts_with = "random"
    )]
    pub outlines: Vec<PathBuf>,
    /// Drafts of each outline, each with its own seed.
    #[arg(short = 'n', value_name = "N", default_value_t = 1)]
    pub each: u64,
    /// Draft N random outlines built from the field banks (of the built-in rules and
    /// `--rules`): field, kind, meeting, organisation, office, sections, headings and leads.
    #[arg(long, value_name = "N")]
    pub random: Option<u64>,
    /// Random outlines only in these fields (comma-separated names, e.g. `safety,health`).
    #[arg(long, value_name = "LIST", value_delimiter = ',', requires = "random")]
    pub fields: Vec<String>,
    /// Random outlines only of these kinds (comma-separated, e.g. `study,deployment`).
    #[arg(long, value_name = "LIST", value_delimiter = ',', requires = "random")]
    pub kinds: Vec<String>,
    /// Your own meetings, organisations and topics for random outlines (YAML, by field name
    /// or `all`); each is drawn about half the time in its field.
    #[arg(long, value_name = "FILE", requires = "random")]
    pub topics: Option<PathBuf>,
    /// Base seed: record i is drafted with a seed derived from this and i alone.
    #[arg(long, value_name = "N", default_value_t = 0)]
    pub seed: u64,
    /// Write here (a file for jsonl, a folder for txt and md) instead of standard output. A file is
    /// written under a temporary name beside it and renamed when complete.
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = BatchFormat::Jsonl)]
    pub format: BatchFormat,
    /// Style file (YAML) for --format docx (`speechgen styles eject FILE` writes the built-in
    /// one).
    #[arg(long, value_name = "FILE")]
    pub style: Option<PathBuf>,
    /// Threads drafting in parallel (all cores when left out); the bytes are the same for any.
    #[arg(long, value_name = "J")]
    pub jobs: Option<usize>,
    /// Continue an interrupted run of the same command from its last whole record.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// Write only shard K of M (contiguous ranges of records: the shards' files concatenated
    /// in order are the whole batch's file).
    #[arg(long, value_name = "K/M")]
    pub shard: Option<String>,
    /// Also write the summary (records, speed, variety) here as JSON.
    #[arg(long, value_name = "FILE")]
    pub summary: Option<PathBuf>,
    /// Rules file to fill from besides the built-in rules; its field banks join the random
    /// outlines' mix. May be repeated.
    #[arg(long, value_name = "FILE")]
    pub rules: Vec<PathBuf>,
    /// Fill from the `--rules` files alone, without the built-in rules.
    #[arg(long, requires = "rules")]
    pub no_builtin_rules: bool,
    /// Folder of templates; a file there replaces the built-in of the same name.
    #[arg(long, value_name = "DIR")]
    pub templates: Option<PathBuf>,
}

/// Output formats of `speechgen batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchFormat {
    /// One JSON object per line: id, seed, field, kind, outline (YAML), text, spans,
    /// provenance, rules_hash, templates_hash.
    Jsonl,
    /// One text file per draft in the folder given with -o.
    Txt,
    /// One Markdown file per draft in the folder given with -o.
    Md,
    /// One Word document per draft in the folder given with -o, in the official layout.
    Docx,
}

impl BatchFormat {
    /// The extension of its files, and its name.
    pub fn extension(self) -> &'static str {
        match self {
            BatchFormat::Jsonl => "jsonl",
            BatchFormat::Txt => "txt",
            BatchFormat::Md => "md",
            BatchFormat::Docx => "docx",
        }
    }
}

/// Arguments of `speechgen mine`.
#[derive(Debug, clap::Args)]
pub struct MineArgs {
    /// Speeches to mine: files (text, Markdown, HTML, CSV or .docx, told apart by content), or
    /// folders whose .txt, .md, .html, .htm, .php, .aspx, .csv, .docx … files are read (subfolders
    /// too, in name order; links to folders are not followed, and a file given twice is mined
    /// once).
    #[arg(required = true, value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,
    /// Read every file as this format instead of the one its content shows.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input: Option<InputFormat>,
    /// Write the rules here (YAML) instead of standard output.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Tag every rule with this field (a corpus of one field, e.g. `safety`), instead of the
    /// field each sentence's words show.
    #[arg(long, value_name = "NAME")]
    pub field: Option<String>,
    /// Skip files that cannot be read or are not text, naming each and why on standard error,
    /// and mine the rest (exit 0 if any file was mined). Without it the first such file stops
    /// the run (exit 2).
    #[arg(long)]
    pub keep_going: bool,
    /// Threads parsing and mining files in parallel (all cores when left out); their counts
    /// are added up in the files' order, so the rules are the same bytes for any number.
    #[arg(long, value_name = "J")]
    pub jobs: Option<usize>,
}

/// `speechgen rules …`.
#[derive(Debug, Subcommand)]
pub enum RulesCommand {
    /// Print what a rules file holds, by role (the built-in rules without FILE).
    Show {
        /// The rules file.
        file: Option<PathBuf>,
    },
    /// Merge rules files: the same rule adds its counts and sources. Shards of a corpus mined
    /// apart and merged equal the whole corpus mined at once.
    Merge {
        /// The rules files.
        #[arg(required = true, num_args = 2..)]
        files: Vec<PathBuf>,
        /// Write the merged rules here instead of standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
    },
}

/// Output formats of `speechgen draft`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftFormat {
    /// Plain text, one paragraph per line: `speechgen parse` reads it back.
    Txt,
    /// Markdown.
    Md,
    /// JSON: the text, the skeleton, and for every sentence the rule it came from.
    Json,
    /// A Word document (.docx) in the layout of GB/T 9704 (see --style); needs -o.
    Docx,
}

/// `speechgen templates …`.
#[derive(Debug, Subcommand)]
pub enum TemplatesCommand {
    /// List the templates and where each comes from.
    List {
        /// Folder of the writer's templates, to see which built-ins they replace.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Print one template.
    Show {
        /// The template's name, e.g. `work_meeting.tera`.
        name: String,
        /// Folder of the writer's templates.
        #[arg(long, value_name = "DIR")]
        templates: Option<PathBuf>,
    },
    /// Copy the built-in templates into a folder to edit them; use it with `draft --templates DIR`.
    Eject {
        /// The folder to write (created if missing).
        dir: PathBuf,
        /// Overwrite templates that are already there.
        #[arg(long)]
        force: bool,
    },
}

/// Arguments of `speechgen parse`.
#[derive(Debug, clap::Args)]
pub struct ParseArgs {
    /// Speeches to parse: text, Markdown, HTML pages, CSV or Word (.docx), told apart by their content
    /// (UTF-8 with or without BOM, GB18030/GBK detected); `-` reads stdin.
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Read every file as this format instead of the one its content shows.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub input: Option<InputFormat>,
    /// Output format. YAML is also the outline format that `speechgen draft` reads.
    #[arg(long, value_enum, default_value_t = Format::Yaml)]
    pub format: Format,
    /// Instead of the parse, print every line of the normalized text with what it became
    /// (furniture and the rule that dropped it, title, byline, greeting, heading and its
    /// level, paragraph, closing); coloured on a terminal unless NO_COLOR is set.
    #[arg(long, conflicts_with = "format")]
    pub explain: bool,
}

/// Input formats of `parse` and `mine`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum InputFormat {
    /// An HTML page or fragment (also PHP, ASPX or JSP sources): the article is found and
    /// read, the title taken from the page.
    Html,
    /// Markdown, with or without front matter.
    Md,
    /// Plain text.
    Text,
    /// CSV with the speech in a cell.
    Csv,
    /// A Word document (.docx).
    Docx,
}

impl InputFormat {
    /// The library's name for the format.
    pub fn format(self) -> crate::Format {
        match self {
            InputFormat::Html => crate::Format::Html,
            InputFormat::Md => crate::Format::Markdown,
            InputFormat::Text => crate::Format::Text,
            InputFormat::Csv => crate::Format::Csv,
            InputFormat::Docx => crate::Format::Docx,
        }
    }
}

/// Output formats of `speechgen parse`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// YAML, one document per file separated by `---`.
    Yaml,
    /// JSON: one object per file, or an array when several files are given.
    Json,
}
