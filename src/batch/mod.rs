//! Batches of drafts for training material (`speechgen batch`): many records, each an
//! outline and the speech drafted from it, made in parallel and written in order.
//!
//! This module owns what a record is and how record `i` is made: its seed comes from the
//! base seed and `i` alone ([`seed::record_seed`]), its outline from the files given or from
//! the field banks ([`random`]), so the bytes of a run do not depend on the number of threads
//! or on how the run was split into shards ([`shard_range`]). [`writer`] writes records in
//! order, resumes an interrupted file and keeps partial output under a temporary name;
//! [`summary`] measures what was written. Reading the user's files and printing is the
//! command's (`cmd::batch`).

pub mod random;
pub mod seed;
pub mod spans;
pub mod summary;
pub mod writer;

use std::ops::Range;

use rayon::prelude::*;
use serde::Serialize;

use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::outline::{Kind, Outline};
use crate::plan::{PlanOptions, Planner};
use crate::render::{Renderer, Target, Templates};
use crate::rules::RuleSet;

pub use random::Banks;

/// Records made in parallel at a time, then written in order while the next chunk is made:
/// memory holds three chunks at most.
pub const CHUNK: u64 = 128;

/// Seed tag of a random outline's choices (mixed with the record's seed, so the outline
/// and the draft of one record draw from different streams).
const TAG_OUTLINE: u64 = 0x0007_0071_14E5;

/// Where a batch's outlines come from.
#[derive(Debug)]
pub enum Source {
    /// Outline files (name, YAML text, parsed), each drafted `each` times.
    Outlines {
        /// The outlines, in the order given.
        outlines: Vec<(String, String, Outline)>,
        /// Drafts of each.
        each: u64,
    },
    /// `count` random outlines from the field banks.
    Random {
        /// How many.
        count: u64,
        /// The banks and the mix.
        banks: Box<Banks>,
    },
}

/// A batch: the source of outlines, the rules and templates, and the base seed.
#[derive(Debug)]
pub struct Batch {
    /// Where the outlines come from.
    pub source: Source,
    /// The rules drafts are filled from.
    pub rules: RuleSet,
    /// The templates drafts are rendered through.
    pub templates: Templates,
    /// What the drafts are rendered as: text (JSONL, txt) or Markdown (md).
    pub target: Target,
    /// The base seed every record's seed derives from.
    pub seed: u64,
    /// Hash of the rules' bytes, written into every record.
    pub rules_hash: String,
    /// Hash of the templates' names and bytes, written into every record.
    pub templates_hash: String,
}

/// One record: an outline and the speech drafted from it.
#[derive(Debug, Clone, Serialize)]
pub struct Record {
    /// Its index in the whole (unsharded) batch.
    pub id: u64,
    /// The seed it was drafted with (`speechgen draft OUTLINE --seed SEED` gives `text`).
    pub seed: u64,
    /// The field it is in.
    pub field: String,
    /// The kind of speech.
    pub kind: &'static str,
    /// The outline as YAML `speechgen draft` reads.
    pub outline: String,
    /// The speech, as `speechgen draft` prints it.
    pub text: String,
    /// Where its parts are in `text`, in characters.
    pub spans: spans::Spans,
    /// The rule behind every sentence of `text` filled from the rules.
    pub provenance: Vec<spans::Provenance>,
    /// Hash of the rules used.
    pub rules_hash: String,
    /// Hash of the templates used.
    pub templates_hash: String,
}

impl Record {
    /// The record as one line of JSON, newline included.
    pub fn to_json_line(&self) -> String {
        let mut line = serde_json::to_string(self).expect("a record serializes");
        line.push('\n');
        line
    }
}

/// Hash of the templates: every name and text, in name order.
pub fn templates_hash(templates: &Templates) -> String {
    let mut h = seed::Fnv::default();
    for name in templates.names() {
        if let Some((_, text)) = templates.source(&name) {
            h.write(name.as_bytes()).write(text.as_bytes());
        }
    }
    h.hex()
}

/// What a thread keeps from record to record: a compiled renderer per kind (compiling a
/// template costs more than drafting with it).
#[derive(Debug, Default)]
pub struct Scratch {
    /// What preparing outlines keeps of the rules, shared by the threads of a run.
    cache: Option<std::sync::Arc<crate::plan::PlanCache>>,
    renderers: HashMap<Kind, Renderer>,
    /// The planners of the outline files, prepared once each (by index).
    planners: HashMap<usize, Planner>,
}

impl Batch {
    /// How many records the whole batch has.
    pub fn total(&self) -> u64 {
        match &self.source {
            Source::Outlines { outlines, each } => (outlines.len() as u64).saturating_mul(*each),
            Source::Random { count, .. } => *count,
        }
    }

    /// Makes record `i`: a function of the base seed, `i` and the inputs alone.
    pub fn record(&self, i: u64) -> Result<Record, Diagnostic> {
        self.record_in(&mut Scratch::default(), i)
    }

    /// [`Batch::record`], with what this thread kept from its earlier records.
    pub fn record_in(&self, scratch: &mut Scratch, i: u64) -> Result<Record, Diagnostic> {
        let seed = seed::record_seed(self.seed, i);
        let (name, yaml, kind, fresh);
        let planner = match &self.source {
            Source::Outlines { outlines, each } => {
                let at = (i / each) as usize;
                let (n, text, outline) = &outlines[at];
                name = n.clone();
                yaml = text.clone();
                kind = outline.kind();
                scratch
                    .planners
                    .entry(at)
                    .or_insert_with(|| Planner::new(outline, &self.rules, PlanOptions::default()))
            }
            Source::Random { banks, .. } => {
                yaml = banks.outline(&mut seed::Rng::new(seed::mix(seed ^ TAG_OUTLINE)));
                name = format!("random outline {i}");
                let outline = Outline::from_yaml(&yaml).map_err(|e| {
                    e.context(format!("{name} (a bug: random outlines must be valid)"))
                })?;
                kind = outline.kind();
                let cache = scratch
                    .cache
                    .get_or_insert_with(|| crate::plan::PlanCache::new(&self.rules).into());
                fresh = Planner::cached(&outline, &self.rules, cache, PlanOptions::default());
                &fresh
            }
        };
        // As `Drafter` does, with the renderer kept for the next record of the kind.
        let renderer = match scratch.renderers.entry(kind) {
            std::collections::hash_map::Entry::Occupied(e) => e.into_mut(),
            std::collections::hash_map::Entry::Vacant(e) => e.insert(
                Renderer::new(&self.templates, kind, self.target)
                    .map_err(|e| e.context(format!("drafting {name}")))?,
            ),
        };
        let field = planner.field().field.name().to_owned();
        let plan = planner.plan(seed);
        let text = renderer
            .render(&plan)
            .map_err(|e| e.context(format!("drafting {name}")))?;
        let (spans, provenance) = spans::locate(&plan, &text);
        Ok(Record {
            id: i,
            seed,
            field,
            kind: kind.name(),
            outline: yaml,
            text,
            spans,
            provenance,
            rules_hash: self.rules_hash.clone(),
            templates_hash: self.templates_hash.clone(),
        })
    }

    /// Makes the records of `range` on `pool`, a chunk of [`CHUNK`] at a time in parallel,
    /// and hands them to `sink` in order. Stops at the first error (of a record or the sink).
    pub fn run<E: From<Diagnostic>>(
        &self,
        range: Range<u64>,
        pool: &rayon::ThreadPool,
        sink: impl FnMut(Record) -> Result<(), E>,
    ) -> Result<(), E> {
        self.run_with(range, pool, |r| r, sink)
    }

    /// [`Batch::run`], with `prepare` applied to each record on the thread that made it
    /// (serializing, measuring), so the in-order `sink` has only writing left to do.
    pub fn run_with<T: Send, E: From<Diagnostic>>(
        &self,
        range: Range<u64>,
        pool: &rayon::ThreadPool,
        prepare: impl Fn(Record) -> T + Sync,
        mut sink: impl FnMut(T) -> Result<(), E>,
    ) -> Result<(), E> {
        // One scratch per thread of the pool, kept over the chunks; each thread locks only its own.
        let cache = std::sync::Arc::new(crate::plan::PlanCache::new(&self.rules));
        let scratches: Vec<std::sync::Mutex<Scratch>> = (0..pool.current_num_threads())
            .map(|_| {
                std::sync::Mutex::new(Scratch {
                    cache: Some(cache.clone()),
                    ..Scratch::default()
                })
            })
            .collect();
        let make = |start: u64, end: u64| -> Vec<Result<T, Diagnostic>> {
            pool.install(|| {
                (start..end)
                    .into_par_iter()
                    .map(|i| {
                        let at = rayon::current_thread_index().unwrap_or(0) % scratches.len();
                        let mut scratch = scratches[at].lock().unwrap_or_else(|e| e.into_inner());
                        self.record_in(&mut scratch, i).map(&prepare)
                    })
                    .collect()
            })
        };
        // The pool makes the next chunk while this thread writes the one before: at most
        // three chunks in memory (being written, waiting, being made).
        std::thread::scope(|scope| {
            let (chunks, made) = std::sync::mpsc::sync_channel(1);
            scope.spawn(move || {
                let mut start = range.start;
                while start < range.end {
                    let end = range.end.min(start.saturating_add(CHUNK));
                    // The writer stopped (an error): make no more.
                    if chunks.send(make(start, end)).is_err() {
                        break;
                    }
                    start = end;
                }
            });
            for records in made {
                for record in records {
                    sink(record?)?;
                }
            }
            Ok(())
        })
    }
}

/// Reads `K/M` (shard K of M, counted from 1).
pub fn parse_shard(text: &str) -> Result<(u64, u64), String> {
    let bad =
        || format!("--shard {text}: write K/M, shard K of M counted from 1 (e.g. --shard 2/8)");
    let (k, m) = text.split_once('/').ok_or_else(bad)?;
    let k: u64 = k.trim().parse().map_err(|_| bad())?;
    let m: u64 = m.trim().parse().map_err(|_| bad())?;
    if m == 0 {
        return Err(format!("--shard {text}: M is at least 1"));
    }
    if k == 0 || k > m {
        return Err(format!("--shard {text}: K is from 1 to {m}"));
    }
    Ok((k, m))
}

/// The records of shard `k` of `m` in a batch of `total`: a contiguous range, so the shards'
/// files concatenated in order are the whole batch's file.
pub fn shard_range(total: u64, k: u64, m: u64) -> Range<u64> {
    let at = |j: u64| (u128::from(total) * u128::from(j) / u128::from(m)) as u64;
    at(k - 1)..at(k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_shards_cover_the_whole_in_order() {
        for total in [0, 1, 2, 7, 100, 1001] {
            for m in 1..9 {
                let mut next = 0;
                for k in 1..=m {
                    let r = shard_range(total, k, m);
                    assert_eq!(r.start, next);
                    next = r.end;
                }
                assert_eq!(next, total);
            }
        }
    }

    #[test]
    fn batch_bad_shards_are_refused() {
        assert_eq!(parse_shard("2/3"), Ok((2, 3)));
        for bad in ["0/3", "4/3", "1/0", "a/b", "3", ""] {
            assert!(parse_shard(bad).is_err(), "{bad}");
        }
    }
}
