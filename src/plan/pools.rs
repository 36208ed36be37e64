//! Pools: the rules usable for one outline, by role, field and section function, with the
//! outline's slots already filled.
//!
//! A speech of a field draws from that field's rules and the general ones (rules of no field),
//! never from another field's. A rule's `kinds` limit it to those kinds of speech; a field's
//! openings and closings that name no kind are written for meetings, so a study session or a
//! symposium contribution uses the general ones of its kind.

use crate::field::Field;
use crate::function::Function;
use crate::lexicon::points_back;
use crate::numbering;
use crate::numbering::Style;
use crate::outline::{Kind, Outline};
use crate::rules::{parse_pattern, plain_text, push_text, Piece, Role, RuleSet, LEAD_SLOTS};

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
}

/// Pools by section function.
pub(crate) type ByFunction = [Vec<Choice>; 6];

/// The rules usable for one outline.
#[derive(Debug, Clone, Default)]
pub(crate) struct Pools {
    pub greeting: Vec<Choice>,
    pub meeting: Vec<Choice>,
    pub purpose: Vec<Choice>,
    /// The field's own opening purposes.
    pub field_purpose: Vec<Choice>,
    pub transition: Vec<Choice>,
    pub closing: Vec<Choice>,
    /// The field's own closings.
    pub field_closing: Vec<Choice>,
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

/// The kinds a field's opening or closing without `kinds` is written for.
const MEETING_KINDS: [Kind; 3] = [Kind::WorkMeeting, Kind::Deployment, Kind::Mobilization];

impl Pools {
    /// `placeholder` replaces the rules' `XX`.
    pub fn new(
        rules: &RuleSet,
        outline: &Outline,
        field: &Field,
        sections: usize,
        placeholder: &str,
    ) -> Pools {
        let kind = outline.kind();
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
        let general = |r: &crate::rules::Rule| matches!(r.field, None | Some(Field::General));
        let mut pools = Pools::default();
        let mut index_in_role = std::collections::HashMap::<Role, usize>::new();
        // Roles that have general rules for this kind use only those of the general ones.
        let specific: std::collections::HashSet<Role> = rules
            .rules
            .iter()
            .filter(|r| general(r) && r.kinds.contains(&kind))
            .map(|r| r.role)
            .collect();
        for rule in &rules.rules {
            let k = index_in_role.entry(rule.role).or_insert(0);
            *k += 1;
            let own = rule.field.as_ref() == Some(field) && *field != Field::General;
            if !own && !general(rule) {
                continue;
            }
            let fits_kind = if !rule.kinds.is_empty() {
                rule.kinds.contains(&kind)
            } else if own
                && matches!(
                    rule.role,
                    Role::OpeningMeeting | Role::OpeningPurpose | Role::ClosingExhortation
                )
            {
                MEETING_KINDS.contains(&kind)
            } else {
                own || !specific.contains(&rule.role)
            };
            if !fits_kind {
                continue;
            }
            // A study session or a symposium contribution gives no orders to 各地各部门.
            let speaks_to_all = ["各地各部门", "各级各部门", "各地要", "各部门要", "各单位要"];
            if matches!(kind, Kind::Study | Kind::Symposium)
                && matches!(rule.role, Role::SectionLeadIn | Role::Glue)
                && speaks_to_all.iter().any(|w| rule.text.contains(w))
            {
                continue;
            }
            if rule.role == Role::EnumerationStyle {
                if let Some(style) = Style::from_name(&rule.text) {
                    pools.styles.push((style, rule.count.max(1)));
                }
                continue;
            }
            let Ok(pattern) = parse_pattern(&rule.text) else {
                continue;
            };
            let mut pieces: Vec<Piece> = Vec::new();
            let mut lead_slots: Vec<&'static str> = Vec::new();
            let mut usable = true;
            for piece in pattern {
                match piece {
                    Piece::Slot(s) if s == "heading" => pieces.push(Piece::Slot(s)),
                    Piece::Slot(s) => match LEAD_SLOTS.iter().find(|l| **l == s) {
                        Some(l) => {
                            lead_slots.push(l);
                            pieces.push(Piece::Slot(s));
                        }
                        None => match value(&s) {
                            Some(v) => push_text(&mut pieces, &v),
                            None => usable = false,
                        },
                    },
                    Piece::Text(t) => push_text(&mut pieces, &t.replace("XX", placeholder)),
                    Piece::Alt(options) => {
                        // Outline slots inside an option are filled now; an option whose slot
                        // the outline leaves empty is dropped.
                        let mut kept = Vec::new();
                        for o in options {
                            let mut text = String::new();
                            let mut ok = true;
                            for p in parse_pattern(&o).unwrap_or_default() {
                                match p {
                                    Piece::Text(t) => text.push_str(&t),
                                    Piece::Slot(s) => match value(&s) {
                                        Some(v) => text.push_str(&v),
                                        None => ok = false,
                                    },
                                    Piece::Alt(_) => ok = false,
                                }
                            }
                            if ok {
                                kept.push(text.replace("XX", placeholder));
                            }
                        }
                        match kept.len() {
                            0 => usable = false,
                            1 => push_text(&mut pieces, &kept[0]),
                            _ => pieces.push(Piece::Alt(kept)),
                        }
                    }
                }
            }
            if !usable {
                continue;
            }
            let plain = plain_text(&pieces);
            // A sentence that points back needs its antecedent: never drawn on its own.
            let body_role = matches!(
                rule.role,
                Role::SectionLeadIn
                    | Role::ItemElaboration
                    | Role::SectionParagraph
                    | Role::Glue
                    | Role::OpeningPurpose
            );
            if body_role && points_back(&plain) {
                continue;
            }
            let chars = pieces
                .iter()
                .map(|p| match p {
                    Piece::Text(t) => t.chars().count(),
                    Piece::Alt(o) => o[0].chars().count(),
                    Piece::Slot(_) => 6,
                })
                .sum();
            let choice = Choice {
                id: format!("{}#{k}", rule.role.name()),
                pieces,
                chars,
                count: rule.count,
                lead_slots,
                plain,
            };
            // Rules of no function serve every function (older or unsorted rules files).
            let functions: Vec<Function> = match rule.function {
                Some(f) => vec![f],
                None => Function::ALL.to_vec(),
            };
            let by_function = |table: &mut ByFunction, choice: Choice| {
                for f in &functions {
                    table[f.index()].push(choice.clone());
                }
            };
            match rule.role {
                Role::Greeting => pools.greeting.push(choice),
                Role::OpeningMeeting => pools.meeting.push(choice),
                Role::OpeningPurpose if own => pools.field_purpose.push(choice),
                Role::OpeningPurpose => pools.purpose.push(choice),
                Role::OpeningTransition => pools.transition.push(choice),
                Role::ClosingExhortation if own => pools.field_closing.push(choice),
                Role::ClosingExhortation => pools.closing.push(choice),
                Role::SectionLeadIn => by_function(&mut pools.lead_in, choice),
                Role::Glue => by_function(&mut pools.glue, choice),
                Role::ItemElaboration | Role::SectionParagraph => {
                    if !choice.lead_slots.is_empty() {
                        by_function(&mut pools.patterns, choice);
                    } else if choice.pieces.iter().any(|p| matches!(p, Piece::Slot(_))) {
                        // {{ heading }}: a pattern of the section, kept with the general ones.
                        by_function(&mut pools.general, choice);
                    } else if own || *field == Field::General {
                        by_function(&mut pools.body, choice);
                    } else {
                        by_function(&mut pools.general, choice);
                    }
                }
                _ => {}
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
pub(crate) fn relevance(pool: &[Choice], context: &str) -> Vec<usize> {
    let words = content_words(context);
    let common = (pool.len() / 10).max(1);
    let words: Vec<&String> = words
        .iter()
        .filter(|w| pool.iter().filter(|c| c.plain.contains(w.as_str())).count() <= common)
        .collect();
    (0..pool.len())
        .filter(|&e| words.iter().any(|w| pool[e].plain.contains(w.as_str())))
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
pub(crate) fn average(pool: &[Choice]) -> usize {
    if pool.is_empty() {
        0
    } else {
        pool.iter().map(|c| c.chars).sum::<usize>() / pool.len()
    }
}
