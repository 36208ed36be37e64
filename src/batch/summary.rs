//! What a batch run wrote, measured as it goes: counts, speed, and the variety of the texts
//! (exact duplicates, the share of distinct character 4-grams, the spread of lengths).
//!
//! Memory stays small whatever the number of records: duplicates are found by a 128-bit
//! hash per text (16 bytes a record), and distinct 4-grams are counted exactly up to
//! [`EXACT_GRAMS`] of them, then estimated with a HyperLogLog sketch (about 1% off).

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::Serialize;

use super::seed::{mix, Fnv};
use super::Record;

/// Distinct 4-grams counted exactly, at most (a table of 2^20 hashes, 9 MB: the limit is
/// below the 7/8 of it at which the table would double); past it the count is the sketch's
/// estimate.
pub const EXACT_GRAMS: usize = 900_000;

/// Registers of the HyperLogLog sketch: 2^14, a standard error of about 0.8%.
const HLL_BITS: u32 = 14;

/// Hashes of keys that are hashes already (mixed 64-bit values): used as they are, since
/// SipHash over them cost more than the rest of the summary.
#[derive(Debug, Default, Clone, Copy)]
struct Mixed(u64);

impl std::hash::Hasher for Mixed {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = mix(self.0 ^ u64::from(b));
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }

    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64 ^ (n >> 64) as u64;
    }
}

type MixedSet<T> = HashSet<T, std::hash::BuildHasherDefault<Mixed>>;

/// Counts kept while records are written.
#[derive(Debug)]
pub struct Tally {
    records: u64,
    bytes: u64,
    chars: f64,
    chars_squared: f64,
    texts: MixedSet<u128>,
    duplicates: u64,
    grams: u64,
    exact: Option<MixedSet<u64>>,
    sketch: Vec<u8>,
    fields: BTreeMap<String, u64>,
    kinds: BTreeMap<String, u64>,
}

impl Default for Tally {
    fn default() -> Self {
        Tally {
            records: 0,
            bytes: 0,
            chars: 0.0,
            chars_squared: 0.0,
            texts: MixedSet::default(),
            duplicates: 0,
            grams: 0,
            exact: Some(MixedSet::default()),
            sketch: vec![0; 1 << HLL_BITS],
            fields: BTreeMap::new(),
            kinds: BTreeMap::new(),
        }
    }
}

/// The summary of a run, printed on standard error and written by `--summary FILE`.
#[derive(Debug, Clone, Serialize)]
pub struct Summary {
    /// Records written by this run.
    pub records: u64,
    /// Records that were already in the file when the run resumed.
    pub resumed: u64,
    /// Bytes written by this run.
    pub bytes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
    /// Records a second.
    pub drafts_per_second: f64,
    /// Megabytes (10^6 bytes) a second.
    pub mb_per_second: f64,
    /// Records whose text another record of this run has too.
    pub duplicates: u64,
    /// Distinct character 4-grams / all 4-grams of the texts.
    pub distinct_4gram_ratio: f64,
    /// Whether the ratio was counted exactly (else estimated).
    pub distinct_4gram_exact: bool,
    /// Mean length of a text, in characters.
    pub mean_chars: f64,
    /// Standard deviation of the length.
    pub sd_chars: f64,
    /// Records per field.
    pub fields: BTreeMap<String, u64>,
    /// Records per kind.
    pub kinds: BTreeMap<String, u64>,
}

/// What the summary needs of one record, measured where the record was made (in parallel),
/// so the writer only adds it up.
#[derive(Debug, Clone)]
pub struct Measure {
    text: u128,
    chars: usize,
    grams: Vec<u64>,
    field: String,
    kind: &'static str,
}

impl Measure {
    /// Measures a record's text: its hash, length and character 4-grams (whitespace left out).
    pub fn of(record: &Record) -> Measure {
        let mut h1 = Fnv::default();
        h1.write(record.text.as_bytes());
        let h2 = mix(h1.finish() ^ record.text.len() as u64);
        let chars: Vec<char> = record.text.chars().filter(|c| !c.is_whitespace()).collect();
        let grams = chars
            .windows(4)
            .map(|w| {
                let packed = (u64::from(w[0]) << 42) | (u64::from(w[1]) << 21) | u64::from(w[2]);
                mix(mix(packed) ^ u64::from(w[3]))
            })
            .collect();
        Measure {
            text: (u128::from(h1.finish()) << 64) | u128::from(h2),
            chars: chars.len(),
            grams,
            field: record.field.clone(),
            kind: record.kind,
        }
    }
}

impl Tally {
    /// Counts one record and the bytes written for it.
    pub fn add(&mut self, record: &Record, bytes: usize) {
        self.add_measure(&Measure::of(record), bytes);
    }

    /// Counts one record, measured, and the bytes written for it.
    pub fn add_measure(&mut self, m: &Measure, bytes: usize) {
        self.records += 1;
        self.bytes += bytes as u64;
        if !self.texts.insert(m.text) {
            self.duplicates += 1;
        }
        match self.fields.get_mut(&m.field) {
            Some(n) => *n += 1,
            None => {
                self.fields.insert(m.field.clone(), 1);
            }
        }
        *self.kinds.entry(m.kind.to_owned()).or_default() += 1;
        let n = m.chars as f64;
        self.chars += n;
        self.chars_squared += n * n;
        for &gram in &m.grams {
            self.grams += 1;
            let slot = (gram >> (64 - HLL_BITS)) as usize;
            let rank = ((gram << HLL_BITS) | (1 << (HLL_BITS - 1))).leading_zeros() as u8 + 1;
            if rank > self.sketch[slot] {
                self.sketch[slot] = rank;
            }
            if let Some(exact) = &mut self.exact {
                exact.insert(gram);
                if exact.len() > EXACT_GRAMS {
                    self.exact = None;
                }
            }
        }
    }

    /// The summary, for a run that took `seconds` after `resumed` records already written.
    pub fn summary(&self, seconds: f64, resumed: u64) -> Summary {
        let n = self.records as f64;
        let mean = if n > 0.0 { self.chars / n } else { 0.0 };
        let variance = if n > 0.0 {
            (self.chars_squared / n - mean * mean).max(0.0)
        } else {
            0.0
        };
        let distinct = match &self.exact {
            Some(set) => set.len() as f64,
            None => self.estimate(),
        };
        let per = |x: f64| if seconds > 0.0 { x / seconds } else { 0.0 };
        Summary {
            records: self.records,
            resumed,
            bytes: self.bytes,
            seconds,
            drafts_per_second: per(n),
            mb_per_second: per(self.bytes as f64 / 1e6),
            duplicates: self.duplicates,
            distinct_4gram_ratio: if self.grams > 0 {
                (distinct / self.grams as f64).min(1.0)
            } else {
                0.0
            },
            distinct_4gram_exact: self.exact.is_some(),
            mean_chars: mean,
            sd_chars: variance.sqrt(),
            fields: self.fields.clone(),
            kinds: self.kinds.clone(),
        }
    }

    /// The sketch's estimate of the distinct 4-grams.
    fn estimate(&self) -> f64 {
        let m = self.sketch.len() as f64;
        let sum: f64 = self.sketch.iter().map(|&r| (-f64::from(r)).exp2()).sum();
        let raw = 0.7213 / (1.0 + 1.079 / m) * m * m / sum;
        let zeros = self.sketch.iter().filter(|&&r| r == 0).count();
        if raw <= 2.5 * m && zeros > 0 {
            m * (m / zeros as f64).ln()
        } else {
            raw
        }
    }
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "batch: {} records ({} resumed), {:.1} MB in {:.2} s: {:.0} drafts/s, {:.1} MB/s; \
             {} duplicate texts; distinct 4-grams {:.3}{}; length {:.0} ± {:.0} characters",
            self.records,
            self.resumed,
            self.bytes as f64 / 1e6,
            self.seconds,
            self.drafts_per_second,
            self.mb_per_second,
            self.duplicates,
            self.distinct_4gram_ratio,
            if self.distinct_4gram_exact {
                ""
            } else {
                " (estimated)"
            },
            self.mean_chars,
            self.sd_chars,
        )?;
        let list = |m: &BTreeMap<String, u64>| {
            m.iter()
                .map(|(k, v)| format!("{k} {v}"))
                .collect::<Vec<_>>()
                .join(", ")
        };
        write!(
            f,
            "\n  fields: {}\n  kinds: {}",
            list(&self.fields),
            list(&self.kinds)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(text: &str) -> Record {
        Record {
            id: 0,
            seed: 0,
            field: "safety".into(),
            kind: "study",
            outline: String::new(),
            text: text.into(),
            spans: Default::default(),
            provenance: Vec::new(),
            rules_hash: String::new(),
            templates_hash: String::new(),
        }
    }

    #[test]
    fn batch_tally_counts_duplicates_and_grams() {
        let mut t = Tally::default();
        t.add(&record("一二三四五"), 15);
        t.add(&record("一二三四五"), 15);
        t.add(&record("甲乙丙丁"), 12);
        let s = t.summary(1.0, 0);
        assert_eq!(s.duplicates, 1);
        // 2 + 2 + 1 grams, 3 distinct.
        assert!(
            (s.distinct_4gram_ratio - 0.6).abs() < 1e-9,
            "{}",
            s.distinct_4gram_ratio
        );
        assert_eq!(s.fields["safety"], 3);
    }

    #[test]
    fn batch_sketch_estimates_within_a_few_percent() {
        let mut t = Tally::default();
        let text: String = (0..200_000u32)
            .map(|i| char::from_u32(0x4E00 + (mix(u64::from(i)) % 20_000) as u32).unwrap())
            .collect();
        t.add(&record(&text), 0);
        let exact = t.exact.as_ref().unwrap().len() as f64;
        let estimate = t.estimate();
        assert!(
            (estimate / exact - 1.0).abs() < 0.05,
            "{estimate} vs {exact}"
        );
    }
}
