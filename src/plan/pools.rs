//! Pools: the rules usable for one outline, by role and section function, with the outline's
//! slots already filled; and which of a pool's choices are about a lead or a heading
//! ([`relevance`]). Which rules a field and kind may use is the [`super::skeleton`]'s.

use std::sync::Arc;

use crate::numbering;
use crate::numbering::Style;
use crate::outline::Outline;
use crate::rules::Piece;

use super::skeleton::{choice, Compiled, Dest, Skeleton};

/// One usable rule, its outline-level slots already filled.
#[derive(Debug, Clone)]
pub(crate) struct Choice {
    /// `role#n`: the n-th rule of its role in the rules file.
    pub id: String,
    /// Pieces still to fill per use (lead slots, heading, alternatives), or the finished text.
    pub pieces: Vec<Piece>,
    /// Characters, for length planning (a slot per use counted as 6).
    pub chars: usize,
    /// How often the rule was seen.
    pub count: u64,
    /// The lead slots it needs (`verb`, `object`, `subject`, `predicate`, `lead`).
    pub lead_slots: Vec<&'static str>,
    /// Its text as read (first alternatives, no slots): for relevance.
    pub plain: String,
    /// Every two characters side by side in `plain`, sorted: which content words it holds.
    pairs: Vec<u64>,
    /// A bit per pair (hashed): most words a choice does not hold are told by one bit.
    sketch: [u64; 4],
}

/// Pools by section function.
pub(crate) type ByFunction = [Pool; 6];

/// A pool: choices shared by the outlines that use them.
pub(crate) type Pool = Vec<Arc<Choice>>;

/// The rules usable for one outline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pools {
    pub greeting: Pool,
    pub meeting: Pool,
    pub purpose: Pool,
    /// The field's own opening purposes.
    pub field_purpose: Pool,
    pub transition: Pool,
    pub closing: Pool,
    /// The field's own closings.
    pub field_closing: Pool,
    /// Enumeration styles with their weights.
    pub styles: Vec<(Style, u64)>,
    /// Section lead-ins: the field's and the general ones.
    pub lead_in: ByFunction,
    /// The field's own sentences for bodies and paragraphs (the general ones in a speech of
    /// no field).
    pub body: ByFunction,
    /// General sentences of each function: when the field's run out.
    pub general: ByFunction,
    /// Patterns that take up an item's lead.
    pub patterns: ByFunction,
    /// Glue: generic sentences that end a body.
    pub glue: ByFunction,
}

impl Choice {
    /// A choice; its words for relevance are read from `plain`.
    pub fn new(
        id: String,
        pieces: Vec<Piece>,
        chars: usize,
        count: u64,
        lead_slots: Vec<&'static str>,
        plain: String,
    ) -> Choice {
        let chars_of: Vec<char> = plain.chars().collect();
        let mut pairs: Vec<u64> = chars_of.windows(2).map(|w| pair(w[0], w[1])).collect();
        pairs.sort_unstable();
        pairs.dedup();
        let mut sketch = [0u64; 4];
        for &p in &pairs {
            let bit = sketch_bit(p);
            sketch[bit / 64] |= 1 << (bit % 64);
        }
        Choice {
            id,
            pieces,
            chars,
            count,
            lead_slots,
            plain,
            pairs,
            sketch,
        }
    }

    /// Whether its text holds the two characters `pair` ([`pair`]) side by side.
    fn holds(&self, pair: u64) -> bool {
        let bit = sketch_bit(pair);
        self.sketch[bit / 64] & (1 << (bit % 64)) != 0 && self.pairs.binary_search(&pair).is_ok()
    }
}

/// A pair's bit in a choice's sketch.
fn sketch_bit(pair: u64) -> usize {
    (pair.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize
}

/// Two characters as one key.
fn pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Pools {
    /// The pools of one outline: `skeleton`'s rules (read into `compiled`), the outline's
    /// names filled in.
    pub fn new(rules: &Compiled, skeleton: &Skeleton, outline: &Outline, sections: usize) -> Pools {
        // A count: 两点意见, never 二点.
        let n = numbering::cn_count(sections as u32);
        let value = |slot: &str| -> Option<String> {
            let v = match slot {
                "meeting" => outline.meeting.clone(),
                "topic" => outline.topic.clone(),
                "audience" => outline.audience.clone(),
                "org" => outline.org.clone(),
                "speaker" => outline.speaker.clone(),
                "position" => outline.position.clone(),
                "n" => Some(n.clone()),
                _ => None,
            };
            v.filter(|s| !s.trim().is_empty())
        };
        let mut pools = Pools {
            styles: skeleton.styles.clone(),
            ..Pools::default()
        };
        for &(dest, function, i) in &skeleton.entries {
            let Some(rule) = rules.read(i as usize) else {
                continue;
            };
            let choice = match (&rule.made, &rule.pattern) {
                (Some(made), _) => made.clone(),
                (None, Some(pattern)) => match choice(
                    rule.id.clone(),
                    pattern,
                    rule.count,
                    rule.role,
                    &value,
                    rules.placeholder(),
                ) {
                    Some(c) => Arc::new(c),
                    None => continue,
                },
                (None, None) => continue,
            };
            // Rules of no function serve every function (older or unsorted rules files).
            let by_function = |table: &mut ByFunction| match function {
                Some(f) => table[f.index()].push(choice.clone()),
                None => {
                    for t in table.iter_mut() {
                        t.push(choice.clone());
                    }
                }
            };
            match dest {
                Dest::Greeting => pools.greeting.push(choice),
                Dest::Meeting => pools.meeting.push(choice),
                Dest::Purpose => pools.purpose.push(choice),
                Dest::FieldPurpose => pools.field_purpose.push(choice),
                Dest::Transition => pools.transition.push(choice),
                Dest::Closing => pools.closing.push(choice),
                Dest::FieldClosing => pools.field_closing.push(choice),
                Dest::LeadIn => by_function(&mut pools.lead_in),
                Dest::Glue => by_function(&mut pools.glue),
                Dest::Patterns => by_function(&mut pools.patterns),
                Dest::General => by_function(&mut pools.general),
                Dest::Body => by_function(&mut pools.body),
            }
        }
        // Most seen first (stable, so file order breaks ties).
        pools.greeting.sort_by_key(|c| std::cmp::Reverse(c.count));
        pools
    }
}

/// Which choices of a pool share a content word (two Chinese characters) with the context.
/// Words found in more than a tenth of the pool (工作, 加强 …) say nothing about a subject and
/// are not counted.
pub(crate) fn relevance(pool: &[Arc<Choice>], context: &str) -> Vec<usize> {
    let common = (pool.len() / 10).max(1);
    let words: Vec<u64> = content_words(context)
        .iter()
        .filter_map(|w| {
            let mut c = w.chars();
            Some(pair(c.next()?, c.next()?))
        })
        .filter(|&w| pool.iter().filter(|c| c.holds(w)).count() <= common)
        .collect();
    (0..pool.len())
        .filter(|&e| words.iter().any(|&w| pool[e].holds(w)))
        .collect()
}

/// Words that say nothing about a lead's subject: verbs and adverbs of every directive,
/// and the genre's generic nouns.
pub const GENERIC_WORDS: [&str; 40] = [
    "工作",
    "推进",
    "推动",
    "加强",
    "强化",
    "提升",
    "持续",
    "进一步",
    "全面",
    "深入",
    "不断",
    "落实",
    "建设",
    "发展",
    "坚持",
    "做好",
    "抓好",
    "切实",
    "积极",
    "有效",
    "重点",
    "主要",
    "各项",
    "要求",
    "任务",
    "我们",
    "同志",
    "进一",
    "一步",
    "以及",
    "开展",
    "完善",
    "健全",
    "着力",
    "扎实",
    "更加",
    "深化",
    "明显",
    "显著",
    "提高",
];

/// The two-character Chinese words of a text, generic ones left out, deduplicated.
pub fn content_words(text: &str) -> Vec<String> {
    let han = crate::lexicon::is_han;
    // Generic words are cut out first, so that no pair straddles one (持续深化 gives no 续深).
    let mut text = text.to_owned();
    for w in GENERIC_WORDS {
        if text.contains(w) {
            text = text.replace(w, "|");
        }
    }
    let chars: Vec<char> = text.chars().collect();
    let mut words: Vec<String> = chars
        .windows(2)
        .filter(|w| han(w[0]) && han(w[1]))
        .map(|w| w.iter().collect::<String>())
        .filter(|w| !GENERIC_WORDS.contains(&w.as_str()))
        .collect();
    words.sort();
    words.dedup();
    words
}

/// The average length of a pool's choices.
pub(crate) fn average(pool: &[Arc<Choice>]) -> usize {
    if pool.is_empty() {
        0
    } else {
        pool.iter().map(|c| c.chars).sum::<usize>() / pool.len()
    }
}
