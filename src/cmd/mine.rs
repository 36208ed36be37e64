//! `speechgen mine INPUT... [-o FILE] [--jobs J]`, `speechgen rules show [FILE]`,
//! `speechgen rules merge A B... [-o FILE]`.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::cli::{InputFormat, MineArgs, RulesCommand};
use crate::mine::{merge, Miner};
use crate::rules::{Role, RuleSet};

use super::{write_atomically, Error};

/// Mines the inputs and writes the rules.
pub fn run(args: &MineArgs) -> Result<(), Error> {
    if let Some(output) = &args.output {
        super::check_destination(output)?;
    }
    let mut miner = match &args.field {
        Some(f) if crate::field::Field::valid_name(f) => {
            Miner::new().with_field(crate::field::Field::from_name(f))
        }
        Some(f) => {
            return Err(Error::input(format!(
            "--field {f:?}: a field is named in lowercase ASCII, one of {} or a name of your own",
            crate::field::field_names()
        )))
        }
        None => Miner::new(),
    };
    // With --keep-going a bad input is named and skipped; without, it ends the run.
    let mut skipped = 0usize;
    let mut skip = |err: Error| -> Result<(), Error> {
        if args.keep_going {
            let why = err
                .diagnostic()
                .map_or_else(String::new, |d| d.message.clone());
            eprintln!("skipped {why}");
            skipped += 1;
            Ok(())
        } else {
            Err(err)
        }
    };
    let files = input_files(&args.inputs, &mut skip)?;
    if let Some(output) = &args.output {
        let inputs: Vec<&Path> = files.iter().map(|f| f.path.as_path()).collect();
        super::refuse_overwriting_input(output, &inputs)?;
    }
    let pool = super::thread_pool(args.jobs)?;
    // Files are parsed and mined in parallel a chunk at a time (memory holds one chunk's
    // counts), each into its own miner, then added up in order: mining is a sum, so the rules
    // do not depend on the number of threads, and bad files are named in order.
    let format = args.input.map(InputFormat::format);
    let mut mined = 0usize;
    for chunk in files.chunks(MINE_CHUNK) {
        let parts: Vec<Result<Miner, Error>> = pool.install(|| {
            use rayon::prelude::*;
            chunk
                .par_iter()
                .map(|f| {
                    let doc = parse_file(f, format)?;
                    let mut part = miner.fork();
                    part.mine(&f.source, &doc);
                    Ok(part)
                })
                .collect()
        });
        for part in parts {
            match part {
                Ok(part) => {
                    miner.absorb(part);
                    mined += 1;
                }
                Err(e) => skip(e)?,
            }
        }
    }
    if mined == 0 {
        return Err(Error::input(format!(
            "nothing to mine: all {skipped} input{} skipped",
            if skipped == 1 { " was" } else { "s were" }
        )));
    }
    let dropped = miner.dropped().clone();
    let set = miner.finish();
    let kept: usize = set.rules.len();
    let mut note = format!(
        "mined {kept} rules from {mined} file{}",
        if mined == 1 { "" } else { "s" }
    );
    if skipped > 0 {
        note.push_str(&format!(" ({skipped} skipped, named above)"));
    }
    if !dropped.is_empty() {
        let total = dropped.values().fold(0u64, |a, n| a.saturating_add(*n));
        let reasons: Vec<String> = dropped.iter().map(|(r, n)| format!("{r} {n}")).collect();
        note.push_str(&format!(
            "; {total} sentences not kept: {}",
            reasons.join(", ")
        ));
    }
    eprintln!("{note}");
    write_rules(&set, args.output.as_deref())
}

/// Files parsed in parallel at a time before they are mined in order.
const MINE_CHUNK: usize = 64;

/// Reads and parses one file.
fn parse_file(input: &Input, format: Option<crate::Format>) -> Result<crate::Document, Error> {
    let path = &input.path;
    let bytes = super::read_capped(path, "speech", super::MAX_SPEECH_BYTES)?;
    crate::parse_bytes_as(&input.source, &bytes, format)
        .map_err(|e| Error::from(e.context(format!("cannot parse {}", path.display()))))
}

/// Runs a rules command.
pub fn rules(cmd: &RulesCommand) -> Result<(), Error> {
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
            super::print(&out)
        }
        RulesCommand::Merge { files, output } => {
            if let Some(output) = output {
                super::check_destination(output)?;
                let inputs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
                super::refuse_overwriting_input(output, &inputs)?;
            }
            let sets = files
                .iter()
                .map(|f| read_rules(f))
                .collect::<Result<Vec<_>, Error>>()?;
            write_rules(&merge(&sets), output.as_deref())
        }
    }
}

fn read_rules(path: &Path) -> Result<RuleSet, Error> {
    let text = super::read_text(path, "rules file", super::MAX_RULES_BYTES)?;
    RuleSet::from_yaml(&text)
        .map_err(|e| Error::from(e.in_file(&path.display().to_string(), &text)))
}

fn write_rules(set: &RuleSet, output: Option<&Path>) -> Result<(), Error> {
    let text = set.to_yaml();
    match output {
        Some(path) => write_atomically(path, text.as_bytes()),
        None => super::print(&text),
    }
}

/// A file to mine, and the name its rules cite it by in `sources`.
#[derive(Debug)]
struct Input {
    path: PathBuf,
    /// The path as given (for a folder's file: the folder as given joined with the path inside
    /// it), with `/` between its parts on every platform, so that `a/001.txt` and `b/001.txt`
    /// stay apart.
    source: String,
}

/// The files to mine: files as given, and the speech files of folders and their subfolders in
/// name order. Links to folders are not followed (a link to `.` would walk forever), files that
/// are not regular (pipes, sockets, devices) are never opened, and a file reached twice is
/// mined once. An input that cannot be used goes to `skip`, which ends the run or names it.
fn input_files(
    inputs: &[PathBuf],
    skip: &mut dyn FnMut(Error) -> Result<(), Error>,
) -> Result<Vec<Input>, Error> {
    let mut files = Vec::new();
    let mut seen = HashSet::new();
    let mut add = |path: PathBuf, files: &mut Vec<Input>| {
        // The same file by two names (`a.txt ./a.txt`, a folder and a file in it) counts once.
        let key = std::fs::canonicalize(&path).unwrap_or_else(|_| path.clone());
        if seen.insert(key) {
            let source = slashed(&path);
            files.push(Input { path, source });
        }
    };
    for input in inputs {
        let meta = match std::fs::metadata(input) {
            Ok(meta) => meta,
            Err(e) => {
                skip(Error::io("cannot read", input, &e))?;
                continue;
            }
        };
        if meta.is_file() {
            add(input.clone(), &mut files);
            continue;
        }
        if !meta.is_dir() {
            skip(Error::input(format!(
                "{}; give text files or folders",
                not_regular(input)
            )))?;
            continue;
        }
        let before = files.len();
        let walk = walkdir::WalkDir::new(input)
            .follow_links(false)
            .sort_by_file_name();
        for entry in walk {
            let entry = match entry {
                Ok(entry) => entry,
                Err(e) => {
                    let at = e.path().unwrap_or(input).display().to_string();
                    let why = e
                        .io_error()
                        .map_or_else(|| e.to_string(), ToString::to_string);
                    skip(Error::input(format!("cannot read folder {at}: {why}")))?;
                    continue;
                }
            };
            let path = entry.path();
            if entry.depth() == 0 || !is_speech_file(path) {
                continue;
            }
            let kind = entry.file_type();
            if kind.is_dir() {
                continue;
            }
            // A link to a file is read as the file; a link to a folder is not followed.
            let regular = kind.is_file()
                || (kind.is_symlink() && std::fs::metadata(path).is_ok_and(|m| m.is_file()));
            if regular {
                add(path.to_path_buf(), &mut files);
            } else if !(kind.is_symlink() && path.is_dir()) {
                eprintln!("note: skipped {}", not_regular(path));
            }
        }
        if files.len() == before && !seen_any_speech(input) {
            skip(Error::input(format!(
                "{} holds no speech files to mine ({})",
                input.display(),
                SPEECH_EXTENSIONS.join(", ")
            )))?;
        }
    }
    Ok(files)
}

/// The extensions of the files a folder given to `mine` is searched for: text, Markdown,
/// web pages (and the server pages that make them), CSV exports, Word documents.
const SPEECH_EXTENSIONS: &[&str] = &[
    "txt", "text", "md", "markdown", "html", "htm", "xhtml", "shtml", "php", "asp", "aspx", "jsp",
    "csv", "docx", "docm",
];

/// Whether a file in a folder is one to mine, by its extension (a file given by name is
/// mined whatever its name). Word's owner files (`~$报告.docx`, beside an open document) are
/// no documents.
fn is_speech_file(path: &Path) -> bool {
    let owner_file = path
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| n.starts_with("~$"));
    !owner_file
        && path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| SPEECH_EXTENSIONS.contains(&e.to_ascii_lowercase().as_str()))
}

/// Whether a folder holds a speech file already counted (given twice, or through another
/// argument): then it is no empty folder.
fn seen_any_speech(dir: &Path) -> bool {
    walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .filter_map(Result::ok)
        .any(|e| e.file_type().is_file() && is_speech_file(e.path()))
}

/// What is wrong with a pipe, socket, device or broken link, which `mine` never opens.
fn not_regular(path: &Path) -> String {
    format!(
        "{} is not a regular file (a pipe, socket, device or broken link)",
        path.display()
    )
}

/// A path as text with `/` between its parts, as rules files cite sources on every platform.
fn slashed(path: &Path) -> String {
    let text = path.to_string_lossy();
    if std::path::MAIN_SEPARATOR == '/' {
        text.into_owned()
    } else {
        text.replace(std::path::MAIN_SEPARATOR, "/")
    }
}
