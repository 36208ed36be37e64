//! Picking: seeds derived per part, uniform draws from raw `u64`s, and the [`Picker`] that
//! draws from one pool for one section without repeats.
//!
//! A pool that sections share is dealt among them ([`Share`]): no two sections own the same
//! choice, and what a section owns depends only on the draft's seed, so re-seeding one
//! section changes nothing in another.

use rand_chacha::rand_core::Rng;
use rand_chacha::ChaCha8Rng;

use std::sync::Arc;

use super::pools::Choice;

/// FNV-1a: a stable hash of a text (std's hashers may change between Rust versions).
pub(crate) fn fnv1a(text: &str) -> u64 {
    text.bytes().fold(0xcbf2_9ce4_8422_2325, |h, b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// SplitMix64: mixes a part's place into its seed.
fn mix(mut z: u64) -> u64 {
    z = z.wrapping_add(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The seed of a part: the parent seed mixed with a tag.
pub(crate) fn derive(seed: u64, tag: u64) -> u64 {
    mix(seed ^ mix(tag))
}

/// A uniform index below `n`, from raw u64 draws (Lemire's method), so that the output does not
/// depend on how a rand version samples ranges.
pub(crate) fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// True with probability `percent` / 100.
pub(crate) fn chance(rng: &mut ChaCha8Rng, percent: usize) -> bool {
    below(rng, 100) < percent
}

/// Which part owns which choice of a shared pool: dealt round the parts in file order from an
/// offset drawn from the draft's seed, so every part owns `n / parts` or one more, no two own
/// the same, and a part's share never depends on another part's choices.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Share {
    pub part: usize,
    pub parts: usize,
    pub offset: usize,
}

impl Share {
    fn owns(&self, e: usize) -> bool {
        (e + self.offset) % self.parts == self.part
    }

    /// The first choice this part owns, and how many it owns of `n`.
    fn first_and_count(&self, n: usize) -> (usize, usize) {
        let first = (self.part + self.parts - self.offset % self.parts) % self.parts;
        (
            first,
            if first < n {
                (n - first).div_ceil(self.parts)
            } else {
                0
            },
        )
    }
}

/// Picks from one pool for one section, in stages: its own share's choices about the subject
/// at hand, then the rest of its share, then any unused choice, then the least-used (and the
/// pool is noted as run out). Each pick costs about the same whatever the pool's size (random
/// tries, then a scan), and never hangs.
pub(crate) struct Picker<'a> {
    pool: &'a [Arc<Choice>],
    share: Option<Share>,
    taken: Vec<usize>,
    /// Set when a pick had to reuse a choice.
    pub ran_out: bool,
}

impl<'a> Picker<'a> {
    pub fn new(pool: &'a [Arc<Choice>], share: Option<Share>) -> Picker<'a> {
        Picker {
            pool,
            share,
            taken: Vec::new(),
            ran_out: false,
        }
    }

    /// Has the pool no choices at all?
    pub fn is_empty(&self) -> bool {
        self.pool.is_empty()
    }

    fn free(&self, e: usize) -> bool {
        !self.taken.contains(&e)
    }

    /// A random member of `0..len` (mapped by `at`) that `ok` accepts: a few random tries,
    /// then a scan from a random start.
    fn draw(
        len: usize,
        rng: &mut ChaCha8Rng,
        at: impl Fn(usize) -> usize,
        ok: impl Fn(usize) -> bool,
    ) -> Option<usize> {
        if len == 0 {
            return None;
        }
        for _ in 0..8 {
            let e = at(below(rng, len));
            if ok(e) {
                return Some(e);
            }
        }
        let start = below(rng, len);
        (0..len).map(|k| at((start + k) % len)).find(|&e| ok(e))
    }

    /// A fresh choice about the subject (`relevant`) if the section's share has one, else any
    /// fresh choice of its share; `None` when the share is used up.
    pub fn pick_fresh(
        &mut self,
        rng: &mut ChaCha8Rng,
        relevant: &[usize],
        ok: impl Fn(&Choice) -> bool,
    ) -> Option<&'a Choice> {
        let n = self.pool.len();
        if n == 0 {
            return None;
        }
        let share = self.share;
        let owns = |e: usize| share.is_none_or(|s| s.owns(e));
        let pool = self.pool;
        let fits = |e: usize| self.free(e) && ok(&pool[e]);
        let mut found = Picker::draw(relevant.len(), rng, |k| relevant[k], |e| owns(e) && fits(e));
        if found.is_none() {
            found = match share {
                Some(s) => {
                    let (first, count) = s.first_and_count(n);
                    Picker::draw(count, rng, |k| first + k * s.parts, fits)
                }
                None => Picker::draw(n, rng, |e| e, fits),
            };
        }
        let e = found?;
        self.taken.push(e);
        Some(&pool[e])
    }

    /// A choice: fresh if there is one (about the subject first, then the share's, then any
    /// other section's), else the least-used one `ok` accepts.
    pub fn pick(
        &mut self,
        rng: &mut ChaCha8Rng,
        relevant: &[usize],
        ok: impl Fn(&Choice) -> bool,
    ) -> Option<&'a Choice> {
        if let Some(c) = self.pick_fresh(rng, relevant, &ok) {
            return Some(c);
        }
        let n = self.pool.len();
        let pool = self.pool;
        let e = match Picker::draw(n, rng, |e| e, |e| self.free(e) && ok(&pool[e])) {
            Some(e) => e,
            None => {
                // Every acceptable choice used: the least-used, ties broken at random.
                let mut uses = vec![0u32; n];
                for &t in &self.taken {
                    uses[t] += 1;
                }
                let candidates: Vec<usize> = (0..n).filter(|&e| ok(&pool[e])).collect();
                let least = candidates.iter().map(|&e| uses[e]).min()?;
                let candidates: Vec<usize> = candidates
                    .into_iter()
                    .filter(|&e| uses[e] == least)
                    .collect();
                self.ran_out = true;
                candidates[below(rng, candidates.len())]
            }
        };
        self.taken.push(e);
        Some(&pool[e])
    }
}
