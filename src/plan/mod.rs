//! The plan: outline + rules + seed → every choice of a draft, made in Rust before rendering.
//!
//! Templates only lay out what the plan decided ([`Plan`], in `types.rs`). The plan first
//! settles what the speech is about (`about.rs`): its field (given, or recognised from the
//! outline's words) and each section's function (given, or read from its heading). Every
//! sentence it fills then comes from the pools of that field and function (`pools.rs`; which
//! rules a field and kind may use, read once for many outlines, is `skeleton.rs`'s); an
//! item's body takes up its own lead (`bodies.rs`); sections are planned one by one
//! (`sections.rs`). This file owns preparing an outline ([`Planner`]) and the draft's
//! opening and closing. Figures the writer must supply are placeholders (`XX`), never
//! invented.
//!
//! Choices derive from the seed and the part's place (section index, item index), so
//! re-seeding one section (`sections[i].seed`) leaves the rest of the draft unchanged.
//! Numbering is computed here (一、…十一、; 一是…; 首先…最后). Each pool that sections share is
//! dealt among the sections of its function by the draft's seed (`pick.rs`), so no two sections
//! pick the same sentence while their shares last.

mod about;
mod bodies;
mod pick;
pub(crate) mod pools;
mod sections;
mod skeleton;
mod types;

use rand_chacha::rand_core::SeedableRng;
use rand_chacha::ChaCha8Rng;

use crate::field::{Inference, Lexicon};
use crate::function::Function;
use crate::lead::Lead;
use crate::numbering;
use crate::outline::{Opening, Outline};
use crate::rules::{Piece, RuleSet};

use pick::{derive, fnv1a, Picker, Share};
use pools::{relevance, Choice, Pools};

pub use pools::{content_words, GENERIC_WORDS};
pub use types::{Paragraph, Plan, PlanBlock, PlanItem, PlanList, PlanSection, Sentence};

use about::{block_paragraphs, field_of, fill_weight, fixed_chars, section_function};

/// Characters a minute when a length is given in minutes (`--minutes`).
pub const CHARS_PER_MINUTE: usize = 220;

/// The placeholder the rules write where a figure, name or date goes.
pub const PLACEHOLDER: &str = "XX";

/// Seed tags of the draft's parts (mixed with the draft's seed).
const TAG_OPENING: u64 = 0x0_0BE1;
const TAG_CLOSING: u64 = 0x0_C105;
const TAG_SHARES: u64 = 0x0_5A4E;
const TAG_SECTION: u64 = 0x1000;

/// What preparing outlines keeps of one rule set: its lexicon, its rules read, and the make-up
/// of the pools of each field and kind of speech it was asked for. Shared by threads.
#[derive(Debug)]
pub struct PlanCache {
    lexicon: Lexicon,
    skeletons: skeleton::Skeletons,
}

impl PlanCache {
    /// An empty cache for `rules`.
    pub fn new(rules: &RuleSet) -> PlanCache {
        PlanCache {
            lexicon: lexicon_of(rules),
            skeletons: skeleton::Skeletons::default(),
        }
    }
}

/// How to plan: the length asked for, and whether a parsed speech is written afresh.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanOptions {
    /// Target length in characters, if any.
    pub target: Option<usize>,
    /// Keep a parsed speech's title, headings, leads and structure, and write everything else
    /// afresh (`draft --refill`).
    pub refill: bool,
}

/// Fills a choice: alternatives by the seed, `{{ heading }}` and the lead's slots.
fn fill(
    choice: &Choice,
    rng: &mut ChaCha8Rng,
    heading: &str,
    lead_text: &str,
    lead: Option<&Lead>,
) -> Sentence {
    let mut text = String::with_capacity(choice.chars * 3 + 16);
    for piece in &choice.pieces {
        match piece {
            Piece::Text(t) => text.push_str(t),
            Piece::Alt(options) => text.push_str(&options[pick::below(rng, options.len())]),
            Piece::Slot(s) if s == "heading" => text.push_str(heading),
            Piece::Slot(s) if s == "lead" => text.push_str(lead_text),
            Piece::Slot(s) => text.push_str(lead.and_then(|l| l.slot(s)).unwrap_or(lead_text)),
        }
    }
    Sentence {
        text,
        rule: choice.id.clone(),
    }
}

/// One section prepared: its function, its place among the sections of that function, and
/// which sentences are about its heading and each of its points.
#[derive(Debug, Clone)]
struct SectionPrep {
    function: Function,
    /// Index among the sections of the same function, for dealing the pools.
    part: usize,
    /// Lead-ins about the heading.
    lead_in_relevant: Vec<usize>,
    /// Field sentences about the heading.
    body_relevant: Vec<usize>,
    /// Per point: its lead read, and the field sentences about it.
    points: Vec<ItemPrep>,
}

/// One point prepared.
#[derive(Debug, Clone)]
struct ItemPrep {
    lead: Lead,
    /// Its content words ([`content_words`]).
    words: Vec<String>,
    /// Whether its body comes from the section's other pool: a result under a situation
    /// heading takes evidence (review), a problem under a review heading takes analysis.
    alt: bool,
    /// The field sentences about it, in the pool its body comes from.
    relevant: Vec<usize>,
}

/// Sections whose pools are dealt together: review and situation sections borrow each other's
/// pools (see [`alt_function`]), so they take their shares from one deal.
fn deal_group(function: Function) -> usize {
    match function {
        Function::Situation => Function::Review.index(),
        f => f.index(),
    }
}

/// The function whose pools a claim's body draws from in a section of `function`, when it is
/// not the section's own: review and situation trade results and problems.
fn alt_function(function: Function) -> Option<Function> {
    match function {
        Function::Review => Some(Function::Situation),
        Function::Situation => Some(Function::Review),
        _ => None,
    }
}

/// An outline prepared once for many drafts: its field and section functions settled, its
/// rules filtered and filled, its length budget computed. [`Planner::plan`] then only makes
/// the choices of one seed.
#[derive(Debug, Clone)]
pub struct Planner {
    outline: Outline,
    pools: Pools,
    options: PlanOptions,
    field: Inference,
    placeholder: String,
    sections: Vec<SectionPrep>,
    /// How many sections deal each pool among them, by [`deal_group`].
    per_function: [usize; 6],
}

impl Planner {
    /// Prepares an outline with a rule set.
    pub fn new(outline: &Outline, rules: &RuleSet, options: PlanOptions) -> Planner {
        Planner::cached(outline, rules, &PlanCache::new(rules), options)
    }

    /// [`Planner::new`] with what `cache` kept of `rules` from earlier outlines: a batch
    /// prepares a new outline for every draft, and the lexicon and the make-up of each
    /// field's pools are the same for all. `cache` must have been made from `rules`.
    pub fn cached(
        outline: &Outline,
        rules: &RuleSet,
        cache: &PlanCache,
        options: PlanOptions,
    ) -> Planner {
        let field = field_of(outline, &cache.lexicon);
        let placeholder = outline
            .placeholder
            .clone()
            .unwrap_or_else(|| PLACEHOLDER.to_owned());
        let sections = outline.sections();
        let (compiled, skeleton) =
            cache
                .skeletons
                .get(rules, &field.field, outline.kind(), &placeholder);
        let pools = Pools::new(&compiled, &skeleton, outline, sections.len());
        let mut per_function = [0usize; 6];
        let prepared = sections
            .iter()
            .map(|s| {
                let function = section_function(s);
                let part = per_function[deal_group(function)];
                per_function[deal_group(function)] += 1;
                let heading = s.heading.clone().unwrap_or_default();
                let body = &pools.body[function.index()];
                let points = s
                    .points()
                    .into_iter()
                    .flatten()
                    .map(|p| {
                        let lead = crate::lead::read(&p.lead);
                        let own = match function {
                            Function::Review => !lead.is_problem(),
                            Function::Situation => !lead.is_claim() || lead.is_problem(),
                            _ => true,
                        };
                        let pool = match (own, alt_function(function)) {
                            (false, Some(other)) => &pools.body[other.index()],
                            _ => body,
                        };
                        ItemPrep {
                            words: content_words(&p.lead),
                            relevant: relevance(pool, &p.lead),
                            alt: !own,
                            lead,
                        }
                    })
                    .collect();
                SectionPrep {
                    function,
                    part,
                    lead_in_relevant: relevance(&pools.lead_in[function.index()], &heading),
                    body_relevant: relevance(body, &heading),
                    points,
                }
            })
            .collect();
        Planner {
            outline: outline.clone(),
            pools,
            options: PlanOptions {
                target: options.target.or(outline.length.as_ref().map(|l| l.value)),
                ..options
            },
            field,
            placeholder,
            sections: prepared,
            per_function,
        }
    }

    /// The field the drafts are in, and why.
    pub fn field(&self) -> &Inference {
        &self.field
    }

    /// Every choice for one seed.
    pub fn plan(&self, seed: u64) -> Plan {
        let o = &self.outline;
        // The title is mixed in, so that two speeches drafted with one seed do not read alike.
        let seed_of_draft = seed;
        let seed = derive(seed, fnv1a(o.title.as_deref().unwrap_or("")));
        let sections = o.sections();
        let refill = self.options.refill;
        // A parsed speech's bare numerals (`一` with no heading) are numbered sections too.
        let numbered = sections
            .iter()
            .any(|s| s.heading.is_some() || s.ordinal.is_some());
        let mut notes = Vec::new();

        // The most common greeting of the rules (同志们 when they have none): an audience is
        // not a matter of chance.
        let greeting = o
            .greeting
            .clone()
            .or_else(|| self.pools.greeting.first().map(plain))
            .or_else(|| Some("同志们".to_owned()));

        let opening = match &o.opening {
            Some(Opening::Text(t)) if !refill => t
                .split("\n\n")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(Paragraph::given)
                .collect(),
            Some(Opening::Blocks(blocks)) if !refill => {
                blocks.iter().flat_map(block_paragraphs).collect()
            }
            _ => self.opening(seed, numbered && sections.len() >= 2),
        };
        let closing = match &o.closing {
            Some(c) if !refill => vec![Paragraph::given(c)],
            _ => self.closing(seed),
        };

        // Length: what the sections may spend on filled sentences, shared by their weight.
        let budgets = self.options.target.map(|target| {
            let fixed = fixed_chars(o, &greeting, &opening, &closing, numbered, refill);
            let spend = target.saturating_sub(fixed);
            let weights: Vec<usize> = sections.iter().map(|s| fill_weight(s, refill)).collect();
            let total: usize = weights.iter().sum::<usize>().max(1);
            weights
                .iter()
                .map(|w| spend * w / total)
                .collect::<Vec<usize>>()
        });

        let share_seed = derive(seed, TAG_SHARES);
        let planned = sections
            .iter()
            .enumerate()
            .map(|(i, s)| {
                let prep = &self.sections[i];
                let f = prep.function.index();
                let group = deal_group(prep.function);
                let parts = self.per_function[group].max(1);
                // Each pool is dealt from its own offset, so sections' shares differ by pool.
                let share = |pool: u64| {
                    Some(Share {
                        part: prep.part,
                        parts,
                        offset: (derive(share_seed, pool * 8 + group as u64) % parts as u64)
                            as usize,
                    })
                };
                let section_seed = s
                    .seed
                    .unwrap_or_else(|| derive(seed, TAG_SECTION + i as u64));
                let mut rng = ChaCha8Rng::seed_from_u64(section_seed);
                let mut ctx = sections::SectionCtx {
                    function: prep.function,
                    field_label: &self.field.label,
                    styles: &self.pools.styles,
                    lead_in: Picker::new(&self.pools.lead_in[f], share(1)),
                    body: Picker::new(&self.pools.body[f], share(2)),
                    general: Picker::new(&self.pools.general[f], share(3)),
                    patterns: Picker::new(&self.pools.patterns[f], share(4)),
                    glue: Picker::new(&self.pools.glue[f], share(5)),
                    body_pool: &self.pools.body[f],
                    alt: alt_function(prep.function).map(|other| {
                        let o = other.index();
                        // Dealt as the other function's own sections deal it (one group).
                        sections::AltPickers {
                            body: Picker::new(&self.pools.body[o], share(2)),
                            patterns: Picker::new(&self.pools.patterns[o], share(4)),
                        }
                    }),
                    notes: Vec::new(),
                };
                let ordinal = if numbered {
                    numbering::section_ordinal(i + 1)
                } else {
                    String::new()
                };
                let budget = budgets.as_ref().map(|b| b[i]);
                let section =
                    sections::plan_section(s, prep, ordinal, budget, refill, &mut ctx, &mut rng);
                notes.append(&mut ctx.notes);
                section
            })
            .collect();
        notes.dedup();

        Plan {
            kind: o.kind(),
            seed: seed_of_draft,
            field: self.field.field.clone(),
            placeholder: self.placeholder.clone(),
            title: o.title.clone(),
            speaker: o.speaker.clone(),
            position: o.position.clone(),
            date: o.date.clone(),
            greeting,
            opening,
            sections: planned,
            closing,
            notes,
        }
    }

    /// The opening: the meeting, what it is for (general, then the field's), the transition.
    fn opening(&self, seed: u64, transition: bool) -> Vec<Paragraph> {
        let mut rng = ChaCha8Rng::seed_from_u64(derive(seed, TAG_OPENING));
        let mut para = Paragraph::default();
        for pool in [
            &self.pools.meeting,
            &self.pools.purpose,
            &self.pools.field_purpose,
        ] {
            if let Some(c) = Picker::new(pool, None).pick(&mut rng, &[], |_| true) {
                let s = fill(c, &mut rng, "", "", None);
                // One sentence may be mined under two roles: say it once.
                if !para.sentences.iter().any(|p| p.text == s.text) {
                    para.sentences.push(s);
                }
            }
        }
        if transition {
            if let Some(c) = Picker::new(&self.pools.transition, None).pick(&mut rng, &[], |_| true)
            {
                let s = fill(c, &mut rng, "", "", None);
                if !para.sentences.iter().any(|p| p.text == s.text) {
                    para.sentences.push(s);
                }
            }
        }
        vec![para]
    }

    /// The closing: the field's own or a general one of the kind.
    fn closing(&self, seed: u64) -> Vec<Paragraph> {
        let mut rng = ChaCha8Rng::seed_from_u64(derive(seed, TAG_CLOSING));
        let field_first = !self.pools.field_closing.is_empty() && pick::chance(&mut rng, 60);
        let pools = if field_first || self.pools.closing.is_empty() {
            [&self.pools.field_closing, &self.pools.closing]
        } else {
            [&self.pools.closing, &self.pools.field_closing]
        };
        pools
            .into_iter()
            .find_map(|pool| Picker::new(pool, None).pick(&mut rng, &[], |_| true))
            .map(|c| {
                vec![Paragraph {
                    sentences: vec![fill(c, &mut rng, "", "", None)],
                }]
            })
            .unwrap_or_default()
    }
}

/// The lexicon drafts with a rule set are judged by: the built-in fields' and the set's own
/// declarations, so that mined rules of a built-in field work without declaring it.
pub fn lexicon_of(rules: &RuleSet) -> Lexicon {
    let mut defs = crate::rules::bank_fields().to_vec();
    defs.extend(rules.fields.iter().cloned());
    Lexicon::new(&defs)
}

/// A choice's text with its first alternatives (for fixed picks such as the greeting).
fn plain(c: &std::sync::Arc<Choice>) -> String {
    c.plain.clone()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::field::Field;
    use crate::numbering::Style;

    fn outline(yaml: &str) -> Outline {
        Outline::from_yaml(yaml).unwrap()
    }

    const OUTLINE: &str = "title: 在全市安全生产工作会议上的讲话\nmeeting: 全市安全生产工作会议\ntopic: 安全生产工作\nsections:\n  - heading: 清醒认识当前安全生产形势\n    points: [事故总量持续下降, 基层基础仍然薄弱]\n  - heading: 突出重点抓好各项任务\n    points: [深化隐患排查整治, 提升应急处置能力, 加强安全宣传教育]\n  - heading: 压紧压实安全生产责任\n";

    #[test]
    fn the_same_seed_gives_the_same_plan_and_another_seed_another() {
        let p = Planner::new(
            &outline(OUTLINE),
            &RuleSet::builtin(),
            PlanOptions::default(),
        );
        assert_eq!(p.plan(7), p.plan(7));
        assert_ne!(p.plan(7), p.plan(8));
    }

    #[test]
    fn the_field_and_the_functions_are_read_from_the_outline() {
        let p = Planner::new(
            &outline(OUTLINE),
            &RuleSet::builtin(),
            PlanOptions::default(),
        );
        assert_eq!(p.field().field, Field::Safety);
        let plan = p.plan(1);
        let functions: Vec<Function> = plan.sections.iter().map(|s| s.function).collect();
        assert_eq!(
            functions,
            [Function::Situation, Function::Tasks, Function::Safeguards]
        );
    }

    #[test]
    fn reseeding_one_section_leaves_the_others_unchanged() {
        let base = outline(OUTLINE);
        let mut reseeded = base.clone();
        if let Some(s) = reseeded.sections.as_mut() {
            s.value[1].value.seed = Some(12345);
        }
        let rules = RuleSet::builtin();
        let a = Planner::new(&base, &rules, PlanOptions::default()).plan(7);
        let b = Planner::new(&reseeded, &rules, PlanOptions::default()).plan(7);
        assert_eq!(a.sections[0], b.sections[0]);
        assert_eq!(a.sections[2], b.sections[2]);
        assert_ne!(a.sections[1], b.sections[1]);
        assert_eq!(a.opening, b.opening);
    }

    #[test]
    fn claims_never_take_yi_yao() {
        let yaml = "title: 在全市工作会议上的讲话\nsections:\n  - heading: 充分肯定成绩\n    style: 一要\n    points: [事故总量持续下降, 空气质量持续改善]\n";
        let plan =
            Planner::new(&outline(yaml), &RuleSet::builtin(), PlanOptions::default()).plan(1);
        let Some(PlanBlock::Enumeration(list)) = plan.sections[0].blocks.last() else {
            panic!("a list")
        };
        assert_eq!(list.style, Style::Shi);
        assert!(
            plan.notes.iter().any(|n| n.contains("一要")),
            "{:?}",
            plan.notes
        );
    }

    /// A rules file whose only sentences fill to nothing must not make a length loop spin.
    #[test]
    fn pools_that_fill_to_nothing_end_the_filling() {
        for text in ["''", "'{{ heading }}'"] {
            let rules = RuleSet::from_yaml(&format!(
                "rules:\n  - role: item.elaboration\n    text: {text}\n"
            ))
            .unwrap();
            let options = PlanOptions {
                target: Some(100_000),
                refill: false,
            };
            let plan = Planner::new(&outline(OUTLINE), &rules, options).plan(1);
            assert_eq!(plan.sections.len(), 3);
        }
    }

    #[test]
    fn a_tiny_pool_is_reused_and_the_reuse_is_noted() {
        let rules =
            RuleSet::from_yaml("rules:\n  - role: item.elaboration\n    text: 要落实。\n").unwrap();
        let options = PlanOptions {
            target: Some(20_000),
            refill: false,
        };
        let plan = Planner::new(&outline(OUTLINE), &rules, options).plan(1);
        let Some(PlanBlock::Enumeration(list)) = plan.sections[1].blocks.last() else {
            panic!("a list")
        };
        assert!(list.items[0].body.sentences.len() > 1);
        assert!(
            plan.notes.iter().any(|n| n.contains("ran out")),
            "{:?}",
            plan.notes
        );
    }

    #[test]
    fn markers_never_start_a_filled_sentence() {
        for rule in RuleSet::builtin()
            .rules
            .into_iter()
            .filter(|r| r.role != crate::rules::Role::EnumerationStyle)
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
