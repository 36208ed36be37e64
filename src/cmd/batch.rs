//! `speechgen batch [OUTLINE... -n N | --random N [--topics FILE]] [-o PATH]
//! [--format jsonl|txt|md] [--seed N] [--jobs J] [--resume] [--shard K/M] [--summary FILE]
//! [--rules FILE] [--templates DIR]`.
//!
//! Reads the inputs, checks the flags into a [`Batch`], and writes what
//! [`Batch::run`] makes; the records themselves are [`crate::batch`]'s.

use std::io::IsTerminal;
use std::path::Path;
use std::time::Instant;

use crate::batch::random::Topics;
use crate::batch::summary::{Measure, Tally};
use crate::batch::writer::{Jsonl, TxtFolder};
use crate::batch::{self, Banks, Batch, Record, Source};
use crate::cli::{BatchArgs, BatchFormat};
use crate::outline::{Kind, Outline};
use crate::render::{Target, Templates};

use super::{user_templates, Error};

/// Where records go.
enum Sink {
    Stdout(std::io::BufWriter<std::io::Stdout>),
    Jsonl(Jsonl),
    Txt(TxtFolder),
}

/// What is kept of a record to write.
enum Written {
    Line(Vec<u8>),
    Text(String),
    Docx(Result<Vec<u8>, crate::diag::Diagnostic>),
}

/// Drafts a batch and writes it.
pub fn run(args: &BatchArgs) -> Result<(), Error> {
    crate::render::guard::watch(crate::render::guard::TIME_LIMIT);
    let style = super::draft::docx_style(args.format == BatchFormat::Docx, args.style.as_deref())?;
    let batch = prepare(args)?;
    let total = batch.total();
    let range = match &args.shard {
        Some(text) => {
            let (k, m) = batch::parse_shard(text).map_err(Error::input)?;
            batch::shard_range(total, k, m)
        }
        None => 0..total,
    };
    let pool = super::thread_pool(args.jobs)?;

    let (mut sink, resumed) = open_sink(args, &range)?;
    let start = range.start + resumed;
    let progress = if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(range.end - range.start);
        bar.set_style(
            indicatif::ProgressStyle::with_template(
                "{bar:40} {pos}/{len} drafts, {per_sec}, {eta} left",
            )
            .expect("a valid progress template"),
        );
        bar.set_position(resumed);
        bar
    } else {
        indicatif::ProgressBar::hidden()
    };

    let clock = Instant::now();
    let mut tally = Tally::default();
    let jsonl = args.format == BatchFormat::Jsonl;
    // Serialized and measured on the drafting threads; written and added up here, in order.
    let prepare = |record: Record| {
        let measure = Measure::of(&record);
        // A JSONL record is kept as its line alone; a txt or md record as its text alone.
        if jsonl {
            let mut line = serde_json::to_vec(&record).expect("a record serializes");
            line.push(b'\n');
            (record.id, Written::Line(line), measure)
        } else if let Some(style) = &style {
            let docx = crate::docx::text_to_docx(&record.text, &record.spans, style);
            (record.id, Written::Docx(docx), measure)
        } else {
            (record.id, Written::Text(record.text), measure)
        }
    };
    let mut since_flush = 0u64;
    batch.run_with(
        start..range.end,
        &pool,
        prepare,
        |(id, written, measure)| -> Result<(), Error> {
            let bytes = match (&mut sink, written) {
                (Sink::Txt(folder), Written::Text(text)) => {
                    folder.write(id, text.as_bytes())?;
                    text.len()
                }
                (Sink::Txt(folder), Written::Docx(docx)) => {
                    let docx = docx.map_err(|e| e.context(format!("record {id}")))?;
                    folder.write(id, &docx)?;
                    docx.len()
                }
                (Sink::Stdout(out), Written::Line(line)) => {
                    std::io::Write::write_all(out, &line).map_err(|e| {
                        Error::io("cannot write to", Path::new("standard output"), &e)
                    })?;
                    line.len()
                }
                (Sink::Jsonl(file), Written::Line(line)) => {
                    file.write(&line)?;
                    line.len()
                }
                _ => unreachable!("JSONL sinks get lines, folders texts"),
            };
            tally.add_measure(&measure, bytes);
            progress.inc(1);
            since_flush += 1;
            if since_flush == batch::CHUNK {
                since_flush = 0;
                if let Sink::Jsonl(file) = &mut sink {
                    file.flush()?;
                }
            }
            Ok(())
        },
    )?;
    match sink {
        Sink::Jsonl(file) => file.finish()?,
        Sink::Stdout(mut out) => std::io::Write::flush(&mut out)
            .map_err(|e| Error::io("cannot write to", Path::new("standard output"), &e))?,
        Sink::Txt(_) => {}
    }
    progress.finish_and_clear();
    let summary = tally.summary(clock.elapsed().as_secs_f64(), resumed);
    eprintln!("{summary}");
    if let Some(path) = &args.summary {
        let json = serde_json::to_string_pretty(&summary).expect("a summary serializes") + "\n";
        super::write_atomically(path, json.as_bytes())?;
    }
    Ok(())
}

/// Opens the output, and with `--resume` finds how many records of `range` it already holds.
fn open_sink(args: &BatchArgs, range: &std::ops::Range<u64>) -> Result<(Sink, u64), Error> {
    let len = range.end - range.start;
    match (args.format, &args.output) {
        (BatchFormat::Txt | BatchFormat::Md | BatchFormat::Docx, None) => {
            Err(Error::input(format!(
                "--format {0} writes one file per draft: give the folder with -o",
                args.format.extension()
            )))
        }
        (BatchFormat::Txt | BatchFormat::Md | BatchFormat::Docx, Some(dir)) => {
            if dir.is_file() {
                return Err(Error::input(format!(
                    "-o {}: --format {} writes into a folder, and this is a file",
                    dir.display(),
                    args.format.extension()
                )));
            }
            let folder = TxtFolder::open(dir, range.end, args.format.extension())?;
            let mut resumed = 0;
            if args.resume {
                // Files are written whole and in order: the run stopped at the first missing.
                while resumed < len && folder.path(range.start + resumed).is_file() {
                    resumed += 1;
                }
            }
            Ok((Sink::Txt(folder), resumed))
        }
        (BatchFormat::Jsonl, None) => Ok((
            Sink::Stdout(std::io::BufWriter::with_capacity(
                1 << 20,
                std::io::stdout(),
            )),
            0,
        )),
        (BatchFormat::Jsonl, Some(path)) => {
            super::check_destination(path)?;
            let mut inputs: Vec<&Path> = args.outlines.iter().map(|p| p.as_path()).collect();
            inputs.extend(args.rules.iter().map(|p| p.as_path()));
            super::refuse_overwriting_input(path, &inputs)?;
            let (file, state) = Jsonl::open(path, args.resume)?;
            if state.records > len {
                return Err(Error::input(format!(
                    "--resume: {} holds {} records, more than the {len} of this run; \
                     is it the output of another command?",
                    path.display(),
                    state.records
                )));
            }
            if let Some(last) = &state.last {
                let id = serde_json::from_str::<serde_json::Value>(last)
                    .ok()
                    .and_then(|v| v.get("id")?.as_u64());
                let expected = range.start + state.records - 1;
                if id != Some(expected) {
                    return Err(Error::input(format!(
                        "--resume: the last whole record of {} is not record {expected} of this \
                         run; resume with the same command (seed, shard, inputs)",
                        path.display()
                    )));
                }
            }
            if args.resume && state.records > 0 {
                eprintln!(
                    "note: resuming {} after {} whole records",
                    path.display(),
                    state.records
                );
            }
            Ok((Sink::Jsonl(file), state.records))
        }
    }
}

/// Reads the outlines, rules and templates, and checks the flags, into a batch.
fn prepare(args: &BatchArgs) -> Result<Batch, Error> {
    let (rules, texts) = super::load_rules(&args.rules, args.no_builtin_rules)?;
    let mut rules_hash = batch::seed::Fnv::default();
    for text in &texts {
        rules_hash.write(text.as_bytes());
    }
    let templates = Templates::with_overrides(user_templates(args.templates.as_deref())?);
    let source = match args.random {
        Some(0) => {
            return Err(Error::input(
                "--random 0: ask for at least one random outline",
            ))
        }
        Some(count) => {
            let mut kinds = Vec::new();
            for name in &args.kinds {
                kinds.push(Kind::from_name(name).ok_or_else(|| {
                    Error::input(format!(
                        "--kinds {name}: unknown kind; use one of {}",
                        Kind::spellings()
                    ))
                })?);
            }
            let mut banks = Banks::new(&rules, &args.fields, &kinds).map_err(Error::input)?;
            if let Some(path) = &args.topics {
                let name = path.display().to_string();
                let text = super::read_text(path, "topics file", super::MAX_OUTLINE_BYTES)?;
                let topics = Topics::from_yaml(&text).map_err(|e| e.in_file(&name, &text))?;
                banks = banks
                    .with_topics(topics)
                    .map_err(|e| Error::input(format!("{name}: {e}")))?;
            }
            Source::Random {
                count,
                banks: Box::new(banks),
            }
        }
        None => {
            if args.each == 0 {
                return Err(Error::input(
                    "-n 0: ask for at least one draft of each outline",
                ));
            }
            let mut outlines = Vec::new();
            for path in &args.outlines {
                let name = path.display().to_string();
                let text = super::read_text(path, "outline", super::MAX_OUTLINE_BYTES)?;
                let outline = Outline::from_yaml(&text).map_err(|e| e.in_file(&name, &text))?;
                outlines.push((name, text, outline));
            }
            Source::Outlines {
                outlines,
                each: args.each,
            }
        }
    };
    Ok(Batch {
        source,
        templates_hash: batch::templates_hash(&templates),
        rules,
        templates,
        target: if args.format == BatchFormat::Md {
            Target::Markdown
        } else {
            Target::Text
        },
        seed: args.seed,
        rules_hash: rules_hash.hex(),
    })
}
