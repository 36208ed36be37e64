//! The plan: outline + rules + seed → every choice of a draft, made in Rust before rendering.
//!
//! Templates only lay out what the plan decided. Choices derive from the seed and the part's
//! place (section index, item index), so re-seeding one section (`sections[i].seed`) leaves
//! the rest of the draft unchanged. Numbering is computed here (一、…十一、; 一是…; 首先…最后).
//!
//! Repeats: each pool that sections share (lead-ins, elaborations, section paragraphs) is split
//! among the sections by the draft's seed, so no two sections can pick the same sentence while
//! their shares last, and a section's picks never depend on another's. A section that uses up
//! its share goes on with the rest of the pool, then with its own least-used sentences.
//! Within one part a sentence never repeats while its pool has unused choices.

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::Serialize;

use crate::model::{Block, Enumeration};
use crate::numbering;
use crate::outline::{Kind, Opening, Outline};
use crate::rules::{parse_pattern, Piece, RuleSet};

/// Characters a minute when a length is given in minutes (`--minutes`).
pub const CHARS_PER_MINUTE: usize = 220;
/// Sentences of elaboration per point when no length is asked for.
const DEFAULT_SENTENCES: usize = 2;

/// A draft's every choice, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The kind of speech, which picks the template.
    pub kind: Kind,
    /// The seed everything derives from.
    pub seed: u64,
    /// Title.
    pub title: Option<String>,
    /// Speaker's name.
    pub speaker: Option<String>,
    /// Speaker's office.
    pub position: Option<String>,
    /// Greeting, without colon.
    pub greeting: Option<String>,
    /// Opening paragraphs.
    pub opening: Vec<Paragraph>,
    /// Sections.
    pub sections: Vec<PlanSection>,
    /// Closing paragraphs.
    pub closing: Vec<Paragraph>,
}

/// A paragraph of sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// One sentence and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The text, slots filled.
    pub text: String,
    /// `outline` for text the writer gave, else `role#n`: the n-th rule (1-based) of the rules file.
    pub rule: String,
}

/// A planned section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSection {
    /// `一、`, `（一）`; empty in a speech without numbered sections.
    pub ordinal: String,
    /// The heading.
    pub heading: Option<String>,
    /// Content in order.
    pub blocks: Vec<PlanBlock>,
}

/// A planned block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanBlock {
    /// A paragraph.
    Paragraph(Paragraph),
    /// An enumeration.
    Enumeration(PlanList),
    /// A lower heading level.
    Section(PlanSection),
}

/// A planned enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanList {
    /// The family's first marker: 一是, 一要, 首先, 第一, 一方面.
    pub style: String,
    /// The items.
    pub items: Vec<PlanItem>,
}

/// A planned item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    /// The computed marker: 一是, 其次, 另一方面 …
    pub ordinal: String,
    /// The lead.
    pub lead: String,
    /// The body.
    pub body: Paragraph,
    /// Nested enumerations.
    pub children: Vec<PlanList>,
}

impl Paragraph {
    /// The paragraph's text.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for sentence in &self.sentences {
            s.push_str(&sentence.text);
        }
        s
    }

    fn given(text: &str) -> Paragraph {
        Paragraph {
            sentences: vec![Sentence {
                text: text.to_owned(),
                rule: "outline".into(),
            }],
        }
    }

    fn chars(&self) -> usize {
        self.sentences.iter().map(|s| s.text.chars().count()).sum()
    }
}

// ------------------------------------------------------------------ prepared rules

/// One usable rule of a role, its outline-level slots already filled.
#[derive(Debug, Clone)]
struct Choice {
    /// `role#n`.
    id: String,
    /// Pieces still to fill per use (heading, lead), or the finished text.
    pieces: Vec<Piece>,
    /// Characters, for length planning (slots per use counted as 8).
    chars: usize,
    /// How often the rule was seen.
    count: u64,
}

/// The rules usable for one outline, by role.
#[derive(Debug, Clone, Default)]
struct Pools {
    greeting: Vec<Choice>,
    meeting: Vec<Choice>,
    purpose: Vec<Choice>,
    transition: Vec<Choice>,
    lead_in: Vec<Choice>,
    elaboration: Vec<Choice>,
    paragraph: Vec<Choice>,
    closing: Vec<Choice>,
    /// Enumeration styles with their weights.
    styles: Vec<(String, u64)>,
}

impl Pools {
    fn new(rules: &RuleSet, outline: &Outline, sections: usize) -> Pools {
        let kind = outline.kind().name();
        let n = numbering::cn_number(sections as u32);
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
        let mut pools = Pools::default();
        let mut index_in_role = std::collections::HashMap::<&str, usize>::new();
        // Roles that have rules for this kind use only those.
        let specific: std::collections::HashSet<&str> = rules
            .rules
            .iter()
            .filter(|r| r.kinds.iter().any(|k| k == kind))
            .map(|r| r.role.as_str())
            .collect();
        for rule in &rules.rules {
            let k = index_in_role.entry(rule.role.as_str()).or_insert(0);
            *k += 1;
            let for_kind = rule.kinds.iter().any(|k| k == kind);
            if !for_kind && (!rule.kinds.is_empty() || specific.contains(rule.role.as_str())) {
                continue;
            }
            if rule.role == "enumeration.style" {
                if crate::outline::STYLES.contains(&rule.text.as_str()) {
                    pools.styles.push((rule.text.clone(), rule.count.max(1)));
                }
                continue;
            }
            let Ok(pattern) = parse_pattern(&rule.text) else {
                continue;
            };
            let mut pieces: Vec<Piece> = Vec::new();
            let mut usable = true;
            for piece in pattern {
                match piece {
                    Piece::Slot(s) if s == "heading" || s == "lead" => pieces.push(Piece::Slot(s)),
                    Piece::Slot(s) => match value(&s) {
                        Some(v) => push_text(&mut pieces, &v),
                        None => usable = false,
                    },
                    Piece::Text(t) => push_text(&mut pieces, &t),
                }
            }
            if !usable {
                continue;
            }
            let chars = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.chars().count(),
                    Piece::Slot(_) => 8,
                })
                .sum();
            let choice = Choice {
                id: format!("{}#{k}", rule.role),
                pieces,
                chars,
                count: rule.count,
            };
            let pool = match rule.role.as_str() {
                "greeting" => &mut pools.greeting,
                "opening.meeting" => &mut pools.meeting,
                "opening.purpose" => &mut pools.purpose,
                "opening.transition" => &mut pools.transition,
                "section.lead_in" => &mut pools.lead_in,
                "item.elaboration" => &mut pools.elaboration,
                "section.paragraph" => &mut pools.paragraph,
                "closing.exhortation" => &mut pools.closing,
                _ => continue,
            };
            pool.push(choice);
        }
        // Most seen first (stable, so file order breaks ties).
        pools.greeting.sort_by_key(|c| std::cmp::Reverse(c.count));
        pools
    }
}

fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        last.push_str(text);
    } else {
        pieces.push(Piece::Text(text.to_owned()));
    }
}

fn average(pool: &[Choice]) -> usize {
    if pool.is_empty() {
        0
    } else {
        pool.iter().map(|c| c.chars).sum::<usize>() / pool.len()
    }
}

// ------------------------------------------------------------------ randomness

/// FNV-1a: a stable hash of a text (std's hashers may change between Rust versions).
fn fnv1a(text: &str) -> u64 {
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
fn derive(seed: u64, tag: u64) -> u64 {
    mix(seed ^ mix(tag))
}

/// A uniform index below `n`, from raw u64 draws (Lemire's method), so that the output does not
/// depend on how a rand version samples ranges.
fn below(rng: &mut ChaCha8Rng, n: usize) -> usize {
    ((u128::from(rng.next_u64()) * n as u128) >> 64) as usize
}

/// Which part owns which choice of a shared pool: dealt round the parts in file order from an
/// offset drawn from the draft's seed, so every part owns `n / parts` or one more, no two own
/// the same, and a part's share never depends on another part's choices.
#[derive(Debug, Clone, Copy)]
struct Share {
    part: usize,
    parts: usize,
    offset: usize,
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

/// Picks from one pool for one part, in stages: its own share's choices about its subject,
/// then the rest of its share, then other choices about its subject, then any unused choice,
/// then the least-used. Each pick costs about the same whatever the pool's size (random tries,
/// then a scan), and never hangs.
struct Picker<'a> {
    pool: &'a [Choice],
    share: Option<Share>,
    relevant: &'a [usize],
    taken: Vec<usize>,
}

impl<'a> Picker<'a> {
    fn new(pool: &'a [Choice], share: Option<Share>, relevant: &'a [usize]) -> Picker<'a> {
        Picker {
            pool,
            share,
            relevant,
            taken: Vec::new(),
        }
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

    fn pick(&mut self, rng: &mut ChaCha8Rng) -> Option<&'a Choice> {
        let n = self.pool.len();
        if n == 0 {
            return None;
        }
        let share = self.share;
        let owns = |e: usize| share.is_none_or(|s| s.owns(e));
        let relevant = self.relevant;
        let mut found = Picker::draw(
            relevant.len(),
            rng,
            |k| relevant[k],
            |e| owns(e) && self.free(e),
        );
        if found.is_none() {
            found = match share {
                Some(s) => {
                    let (first, count) = s.first_and_count(n);
                    Picker::draw(count, rng, |k| first + k * s.parts, |e| self.free(e))
                }
                None => Picker::draw(n, rng, |e| e, |e| self.free(e)),
            };
        }
        if found.is_none() {
            found = Picker::draw(relevant.len(), rng, |k| relevant[k], |e| self.free(e));
        }
        if found.is_none() {
            found = Picker::draw(n, rng, |e| e, |e| self.free(e));
        }
        let e = match found {
            Some(e) => e,
            None => {
                // Every choice used: the least-used, ties broken at random.
                let mut uses = vec![0u32; n];
                for &t in &self.taken {
                    uses[t] += 1;
                }
                let least = uses.iter().copied().min().unwrap_or(0);
                let candidates: Vec<usize> = (0..n).filter(|&e| uses[e] == least).collect();
                candidates[below(rng, candidates.len())]
            }
        };
        self.taken.push(e);
        Some(&self.pool[e])
    }
}

/// Which choices of a pool share a two-character word with the context. Words found in more
/// than a tenth of the pool (工作, 加强 …) say nothing about a subject and are not counted.
fn relevance(pool: &[Choice], context: &str) -> Vec<usize> {
    let han = crate::lexicon::is_han;
    let chars: Vec<char> = context.chars().collect();
    let mut words: Vec<String> = chars
        .windows(2)
        .filter(|w| han(w[0]) && han(w[1]))
        .map(|w| w.iter().collect())
        .collect();
    words.sort();
    words.dedup();
    let texts: Vec<String> = pool
        .iter()
        .map(|c| {
            c.pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.as_str(),
                    Piece::Slot(_) => "",
                })
                .collect()
        })
        .collect();
    let common = (pool.len() / 10).max(1);
    words.retain(|w| texts.iter().filter(|t| t.contains(w.as_str())).count() <= common);
    (0..texts.len())
        .filter(|&e| words.iter().any(|w| texts[e].contains(w.as_str())))
        .collect()
}

fn fill(choice: &Choice, heading: &str, lead: &str) -> Sentence {
    let mut text = String::with_capacity(choice.chars * 3 + 16);
    for piece in &choice.pieces {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Slot(s) if s == "heading" => text.push_str(heading),
            Piece::Slot(_) => text.push_str(lead),
        }
    }
    Sentence {
        text,
        rule: choice.id.clone(),
    }
}

// ------------------------------------------------------------------ planning

/// An outline prepared once for many drafts: its rules filtered and filled, its length budget
/// computed. [`Planner::plan`] then only makes the choices of one seed.
#[derive(Debug, Clone)]
pub struct Planner {
    outline: Outline,
    pools: Pools,
    /// Target length in characters, if any.
    target: Option<usize>,
    /// Per section, per shared pool (lead-ins, elaborations, paragraphs): which choices are
    /// about the section's subject.
    relevant: Vec<[Vec<usize>; 3]>,
}

impl Planner {
    /// Prepares an outline with a rule set; `target` is the length in characters, if any.
    pub fn new(outline: &Outline, rules: &RuleSet, target: Option<usize>) -> Planner {
        let sections = outline.sections().len();
        let pools = Pools::new(rules, outline, sections);
        let relevant = outline
            .sections()
            .iter()
            .map(|s| {
                let mut context = String::new();
                for t in [&s.heading, &outline.topic, &outline.meeting]
                    .into_iter()
                    .flatten()
                {
                    context.push_str(t);
                    context.push('|');
                }
                for p in s.points().into_iter().flatten() {
                    context.push_str(&p.lead);
                    context.push('|');
                }
                [&pools.lead_in, &pools.elaboration, &pools.paragraph]
                    .map(|pool| relevance(pool, &context))
            })
            .collect();
        Planner {
            outline: outline.clone(),
            pools,
            target: target.or(outline.length.as_ref().map(|l| l.value)),
            relevant,
        }
    }

    /// Every choice for one seed.
    pub fn plan(&self, seed: u64) -> Plan {
        let o = &self.outline;
        // The title is mixed in, so that two speeches drafted with one seed do not read alike.
        let seed_of_draft = seed;
        let seed = derive(seed, fnv1a(o.title.as_deref().unwrap_or("")));
        let sections = o.sections();
        // A parsed speech's bare numerals (`一` with no heading) are numbered sections too.
        let numbered = sections
            .iter()
            .any(|s| s.heading.is_some() || s.ordinal.is_some());

        // The most common greeting of the rules (同志们 when they have none): an audience is
        // not a matter of chance.
        let greeting = o
            .greeting
            .clone()
            .or_else(|| self.pools.greeting.first().map(|c| fill(c, "", "").text))
            .or_else(|| Some("同志们".to_owned()));

        // Opening: given, or meeting statement + purpose + transition.
        let opening = match &o.opening {
            Some(Opening::Text(t)) => t
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(Paragraph::given)
                .collect(),
            Some(Opening::Blocks(blocks)) => blocks.iter().flat_map(block_paragraphs).collect(),
            None => {
                let mut orng = ChaCha8Rng::seed_from_u64(derive(seed, 0x0_0BE1));
                let mut para = Paragraph::default();
                for pool in [&self.pools.meeting, &self.pools.purpose] {
                    if let Some(c) = Picker::new(pool, None, &[]).pick(&mut orng) {
                        para.sentences.push(fill(c, "", ""));
                    }
                }
                if numbered && sections.len() >= 2 {
                    if let Some(c) = Picker::new(&self.pools.transition, None, &[]).pick(&mut orng)
                    {
                        para.sentences.push(fill(c, "", ""));
                    }
                }
                vec![para]
            }
        };
        let closing = match &o.closing {
            Some(c) => vec![Paragraph::given(c)],
            None => {
                let mut crng = ChaCha8Rng::seed_from_u64(derive(seed, 0x0_C105));
                Picker::new(&self.pools.closing, None, &[])
                    .pick(&mut crng)
                    .map(|c| {
                        vec![Paragraph {
                            sentences: vec![fill(c, "", "")],
                        }]
                    })
                    .unwrap_or_default()
            }
        };

        // Length: what the sections may spend on filled sentences, shared by their weight.
        let budgets = self.target.map(|target| {
            let fixed = fixed_chars(o, &greeting, &opening, &closing, numbered);
            let spend = target.saturating_sub(fixed);
            let weights: Vec<usize> = sections.iter().map(|s| fill_weight(s)).collect();
            let total: usize = weights.iter().sum::<usize>().max(1);
            weights
                .iter()
                .map(|w| spend * w / total)
                .collect::<Vec<usize>>()
        });

        let share_seed = derive(seed, 0x0_5A4E);
        let count = sections.len().max(1);
        let offsets = [1u64, 2, 3].map(|role| (derive(share_seed, role) % count as u64) as usize);
        let share = |part: usize, role: usize| {
            Some(Share {
                part,
                parts: count,
                offset: offsets[role],
            })
        };
        let planned = sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let section_seed = s.seed.unwrap_or_else(|| derive(seed, 0x1000 + i as u64));
                let mut srng = ChaCha8Rng::seed_from_u64(section_seed);
                let mut pickers = SectionPickers {
                    styles: &self.pools.styles,
                    lead_in: Picker::new(&self.pools.lead_in, share(i, 0), &self.relevant[i][0]),
                    elaboration: Picker::new(
                        &self.pools.elaboration,
                        share(i, 1),
                        &self.relevant[i][1],
                    ),
                    paragraph: Picker::new(
                        &self.pools.paragraph,
                        share(i, 2),
                        &self.relevant[i][2],
                    ),
                    avg_elaboration: average(&self.pools.elaboration).max(1),
                };
                let ordinal = if numbered {
                    numbering::section_ordinal(i + 1)
                } else {
                    String::new()
                };
                let budget = budgets.as_ref().map(|b| b[i]);
                plan_section(s, ordinal, budget, &mut pickers, &mut srng)
            })
            .collect();

        Plan {
            kind: o.kind(),
            seed: seed_of_draft,
            title: o.title.clone(),
            speaker: o.speaker.clone(),
            position: o.position.clone(),
            greeting,
            opening,
            sections: planned,
            closing,
        }
    }
}

struct SectionPickers<'a> {
    styles: &'a [(String, u64)],
    lead_in: Picker<'a>,
    elaboration: Picker<'a>,
    paragraph: Picker<'a>,
    avg_elaboration: usize,
}

/// How much filled text a section takes, relative to the others.
fn fill_weight(s: &crate::outline::SectionOutline) -> usize {
    match (s.points(), &s.blocks) {
        (Some(points), _) => 1 + points.iter().filter(|p| p.body.is_none()).count() * 2,
        (None, Some(_)) => 0,
        (None, None) => 4,
    }
}

/// Characters that do not depend on the sections' choices: the writer's own text, the
/// numbering and the global parts (greeting, opening, closing).
fn fixed_chars(
    o: &Outline,
    greeting: &Option<String>,
    opening: &[Paragraph],
    closing: &[Paragraph],
    numbered: bool,
) -> usize {
    let count = |s: &Option<String>| s.as_ref().map_or(0, |t| t.chars().count());
    let mut n = count(&o.title) + count(&o.speaker) + count(&o.position) + count(greeting) + 1;
    n += opening
        .iter()
        .chain(closing)
        .map(Paragraph::chars)
        .sum::<usize>();
    for (i, s) in o.sections().iter().enumerate() {
        if numbered {
            n += numbering::section_ordinal(i + 1).chars().count();
        }
        n += count(&s.heading);
        for p in s.points().into_iter().flatten() {
            n += p.lead.chars().count() + 3 + p.body.as_ref().map_or(0, |b| b.chars().count());
        }
        for b in s.blocks.iter().flatten() {
            n += block_paragraphs(b)
                .iter()
                .map(Paragraph::chars)
                .sum::<usize>();
        }
    }
    n
}

/// The paragraphs of a block given in an outline (parsed speeches), as the writer's text.
fn block_paragraphs(block: &Block) -> Vec<Paragraph> {
    match block {
        Block::Paragraph(p) => vec![Paragraph::given(p)],
        Block::Enumeration(e) => e
            .items
            .iter()
            .map(|i| Paragraph::given(&format!("{}{}。{}", i.ordinal, i.lead, i.body)))
            .collect(),
        Block::Section(s) => s.blocks.iter().flat_map(block_paragraphs).collect(),
    }
}

fn plan_section(
    s: &crate::outline::SectionOutline,
    ordinal: String,
    budget: Option<usize>,
    pickers: &mut SectionPickers<'_>,
    rng: &mut ChaCha8Rng,
) -> PlanSection {
    let heading = s.heading.clone();
    let heading_text = heading.clone().unwrap_or_default();
    let mut blocks = Vec::new();
    let mut spent = 0usize;

    if let Some(given) = &s.blocks {
        for (k, b) in given.iter().enumerate() {
            blocks.push(plan_given_block(b, k, pickers, rng, &heading_text));
        }
        return PlanSection {
            ordinal,
            heading,
            blocks,
        };
    }

    // A lead-in after the heading.
    if let Some(c) = pickers.lead_in.pick(rng) {
        let sentence = fill(c, &heading_text, "");
        spent += sentence.text.chars().count();
        blocks.push(PlanBlock::Paragraph(Paragraph {
            sentences: vec![sentence],
        }));
    }

    match s.points() {
        Some(points) if points.len() >= 2 => {
            let style = s
                .style
                .clone()
                .unwrap_or_else(|| choose_style(pickers.styles, &points, rng));
            let mut items: Vec<PlanItem> = points
                .iter()
                .enumerate()
                .map(|(k, p)| PlanItem {
                    ordinal: numbering::item_ordinal(&style, k, points.len()),
                    lead: p.lead.clone(),
                    body: p.body.as_deref().map(Paragraph::given).unwrap_or_default(),
                    children: Vec::new(),
                })
                .collect();
            let open: Vec<usize> = points
                .iter()
                .enumerate()
                .filter(|(_, p)| p.body.is_none())
                .map(|(k, _)| k)
                .collect();
            fill_bodies(
                &mut items,
                &open,
                budget.map(|b| b.saturating_sub(spent)),
                pickers,
                rng,
            );
            blocks.push(PlanBlock::Enumeration(PlanList { style, items }));
        }
        Some(points) => {
            // One point is no list: its lead opens a paragraph.
            for p in points {
                let mut para = Paragraph::given(&format!("{}。", p.lead));
                match &p.body {
                    Some(b) => para.sentences.push(Sentence {
                        text: b.clone(),
                        rule: "outline".into(),
                    }),
                    None => {
                        if let Some(c) = pickers.elaboration.pick(rng) {
                            para.sentences.push(fill(c, &heading_text, &p.lead));
                        }
                    }
                }
                blocks.push(PlanBlock::Paragraph(para));
            }
        }
        None => {
            // No points: paragraphs of the section's own.
            let want = budget.map_or(2 * DEFAULT_SENTENCES, |b| {
                (b.saturating_sub(spent) / pickers.avg_elaboration.max(1)).max(1)
            });
            let mut para = Paragraph::default();
            for k in 0..want {
                let c = if k % 2 == 0 {
                    pickers.paragraph.pick(rng)
                } else {
                    pickers.elaboration.pick(rng)
                };
                if let Some(c) = c.or_else(|| pickers.elaboration.pick(rng)) {
                    para.sentences.push(fill(c, &heading_text, ""));
                }
                if para.sentences.len() == 3 {
                    blocks.push(PlanBlock::Paragraph(std::mem::take(&mut para)));
                }
            }
            if !para.sentences.is_empty() {
                blocks.push(PlanBlock::Paragraph(para));
            }
        }
    }
    PlanSection {
        ordinal,
        heading,
        blocks,
    }
}

/// Fills the open item bodies: two sentences each, or round by round up to the budget.
fn fill_bodies(
    items: &mut [PlanItem],
    open: &[usize],
    budget: Option<usize>,
    pickers: &mut SectionPickers<'_>,
    rng: &mut ChaCha8Rng,
) {
    match budget {
        None => {
            for &k in open {
                for _ in 0..DEFAULT_SENTENCES {
                    if let Some(c) = pickers.elaboration.pick(rng) {
                        let s = fill(c, "", &items[k].lead);
                        items[k].body.sentences.push(s);
                    }
                }
            }
        }
        Some(budget) => {
            let mut spent = 0usize;
            'rounds: loop {
                for &k in open {
                    let avg = pickers.avg_elaboration;
                    // Add a sentence while it brings the total closer to the budget.
                    if spent + avg / 2 >= budget {
                        break 'rounds;
                    }
                    let Some(c) = pickers.elaboration.pick(rng) else {
                        break 'rounds;
                    };
                    let s = fill(c, "", &items[k].lead);
                    spent += s.text.chars().count();
                    items[k].body.sentences.push(s);
                }
                if open.is_empty() {
                    break;
                }
            }
        }
    }
}

/// A block given in the outline, kept as written; an item without a body gets one.
fn plan_given_block(
    b: &Block,
    k: usize,
    pickers: &mut SectionPickers<'_>,
    rng: &mut ChaCha8Rng,
    heading: &str,
) -> PlanBlock {
    match b {
        Block::Paragraph(p) => PlanBlock::Paragraph(Paragraph::given(p)),
        Block::Enumeration(e) => PlanBlock::Enumeration(plan_given_list(e, pickers, rng, heading)),
        Block::Section(s) => PlanSection {
            ordinal: numbering::subsection_ordinal(k + 1),
            heading: s.heading.clone(),
            blocks: s
                .blocks
                .iter()
                .enumerate()
                .map(|(j, b)| plan_given_block(b, j, pickers, rng, heading))
                .collect(),
        }
        .into(),
    }
}

impl From<PlanSection> for PlanBlock {
    fn from(s: PlanSection) -> PlanBlock {
        PlanBlock::Section(s)
    }
}

fn plan_given_list(
    e: &Enumeration,
    pickers: &mut SectionPickers<'_>,
    rng: &mut ChaCha8Rng,
    heading: &str,
) -> PlanList {
    // 一方面 takes exactly two items; numbering three would repeat 另一方面.
    let style = if crate::outline::STYLES.contains(&e.style.as_str())
        && (e.style != "一方面" || e.items.len() == 2)
    {
        e.style.clone()
    } else {
        "一是".to_owned()
    };
    let n = e.items.len();
    PlanList {
        items: e
            .items
            .iter()
            .enumerate()
            .map(|(k, item)| PlanItem {
                ordinal: numbering::item_ordinal(&style, k, n),
                lead: item.lead.clone(),
                body: if item.body.trim().is_empty() {
                    Paragraph {
                        sentences: pickers
                            .elaboration
                            .pick(rng)
                            .map(|c| fill(c, heading, &item.lead))
                            .into_iter()
                            .collect(),
                    }
                } else {
                    Paragraph::given(&item.body)
                },
                children: item
                    .children
                    .iter()
                    .map(|c| plan_given_list(c, pickers, rng, heading))
                    .collect(),
            })
            .collect(),
        style,
    }
}

/// An enumeration style for a section that does not set one: from the rules' styles in
/// proportion to their counts (一方面 only for two points, 一要 not before leads that begin
/// with 要), 一是 when none fits.
fn choose_style(
    styles: &[(String, u64)],
    points: &[&crate::outline::Point],
    rng: &mut ChaCha8Rng,
) -> String {
    let fits = |style: &str| match style {
        "一方面" => points.len() == 2,
        "一要" => !points.iter().any(|p| p.lead.starts_with('要')),
        _ => true,
    };
    let usable: Vec<&(String, u64)> = styles.iter().filter(|(s, _)| fits(s)).collect();
    let total: u64 = usable.iter().map(|(_, w)| w).sum();
    if total == 0 {
        return "一是".to_owned();
    }
    let mut x = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
    for (style, w) in usable {
        if x < *w {
            return style.clone();
        }
        x -= w;
    }
    "一是".to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(yaml: &str) -> Outline {
        Outline::from_yaml(yaml).unwrap()
    }

    const OUTLINE: &str = "title: 在全市工作会议上的讲话\nmeeting: 全市工作会议\ntopic: 宣传工作\nsections:\n  - heading: 提高认识\n    points: [强化担当, 压实责任, 狠抓落实]\n  - heading: 突出重点\n    points: [抓好学习, 做好宣传]\n  - heading: 加强领导\n";

    #[test]
    fn the_same_seed_gives_the_same_plan_and_another_seed_another() {
        let p = Planner::new(&outline(OUTLINE), &RuleSet::builtin(), None);
        assert_eq!(p.plan(7), p.plan(7));
        assert_ne!(p.plan(7), p.plan(8));
    }

    #[test]
    fn reseeding_one_section_leaves_the_others_unchanged() {
        let base = outline(OUTLINE);
        let mut reseeded = base.clone();
        if let Some(s) = reseeded.sections.as_mut() {
            s.value[1].value.seed = Some(12345);
        }
        let rules = RuleSet::builtin();
        let a = Planner::new(&base, &rules, None).plan(7);
        let b = Planner::new(&reseeded, &rules, None).plan(7);
        assert_eq!(a.sections[0], b.sections[0]);
        assert_eq!(a.sections[2], b.sections[2]);
        assert_ne!(a.sections[1], b.sections[1]);
        assert_eq!(a.opening, b.opening);
    }

    #[test]
    fn no_filled_sentence_repeats_while_the_pool_lasts() {
        let p = Planner::new(&outline(OUTLINE), &RuleSet::builtin(), None);
        for seed in 0..50 {
            let plan = p.plan(seed);
            let mut seen = std::collections::HashSet::new();
            let json = serde_json::to_value(&plan).unwrap();
            let mut rules = Vec::new();
            collect_rules(&json, &mut rules);
            for r in rules
                .iter()
                .filter(|r| r.starts_with("item.") || r.starts_with("section."))
            {
                assert!(seen.insert(r.clone()), "seed {seed}: {r} used twice");
            }
        }
    }

    fn collect_rules(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let (Some(serde_json::Value::String(r)), Some(_)) =
                    (m.get("rule"), m.get("text"))
                {
                    out.push(r.clone());
                }
                m.values().for_each(|x| collect_rules(x, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|x| collect_rules(x, out)),
            _ => {}
        }
    }

    #[test]
    fn a_tiny_pool_is_reused_without_hanging() {
        let rules =
            RuleSet::from_yaml("rules:\n  - role: item.elaboration\n    text: 要落实。\n").unwrap();
        let plan = Planner::new(&outline(OUTLINE), &rules, Some(20_000)).plan(1);
        let Some(PlanBlock::Enumeration(list)) = plan.sections[0].blocks.last() else {
            panic!()
        };
        assert!(list.items[0].body.sentences.len() > 1);
    }

    #[test]
    fn markers_never_start_a_filled_sentence() {
        for rule in RuleSet::builtin()
            .rules
            .into_iter()
            .filter(|r| r.role != "enumeration.style")
        {
            for m in [
                "一是",
                "二是",
                "一要",
                "首先",
                "其次",
                "最后",
                "第一",
                "一方面",
                "另一方面",
            ] {
                assert!(
                    !rule.text.starts_with(m) && !rule.text.contains(&format!("。{m}")),
                    "{:?}",
                    rule.text
                );
            }
        }
    }
}
