//! Rules read once for many outlines: what preparing an outline would otherwise redo for
//! every draft of a batch.
//!
//! [`Compiled`] holds every rule's pattern parsed and, for a rule that takes nothing of an
//! outline, its finished [`Choice`], made on first use and shared by every outline. A
//! [`Skeleton`] is the make-up of the pools for one field and kind of speech: which rules go to
//! which pool, in the rules file's order. [`super::pools::Pools::new`] turns a skeleton into
//! one outline's pools, filling only the few rules that take the outline's names (meeting,
//! topic …). Which rules a field and kind may use is decided here: a speech of a field draws
//! from that field's rules and the general ones, never from another field's; a rule's `kinds`
//! limit it to those kinds of speech; a field's openings and closings that name no kind are
//! written for meetings.

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex, OnceLock};

use crate::field::Field;
use crate::function::Function;
use crate::lexicon::points_back;
use crate::numbering::Style;
use crate::outline::Kind;
use crate::rules::{parse_pattern, plain_text, push_text, Piece, Role, RuleSet, LEAD_SLOTS};

use super::pools::Choice;

/// The kinds a field's opening or closing without `kinds` is written for.
const MEETING_KINDS: [Kind; 3] = [Kind::WorkMeeting, Kind::Deployment, Kind::Mobilization];

/// The slots an outline fills (`n`: the number of sections, as a count).
const OUTLINE_SLOTS: [&str; 7] = [
    "meeting", "topic", "audience", "org", "speaker", "position", "n",
];

/// Which pool a rule's choice goes to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dest {
    Greeting,
    Meeting,
    Purpose,
    FieldPurpose,
    Transition,
    Closing,
    FieldClosing,
    LeadIn,
    Glue,
    Patterns,
    General,
    Body,
}

/// One rule read: its pattern parsed, and its choice when it takes nothing of an outline.
#[derive(Debug)]
pub(crate) struct CompiledRule {
    /// `role#n`: the n-th rule of its role in the rules file.
    pub id: String,
    /// The pattern; `None` when it does not parse (the rule is never used).
    pub pattern: Option<Vec<Piece>>,
    /// Whether it takes the outline's names (meeting, topic, the number of sections …).
    pub takes_outline: bool,
    /// Its choice, when it takes nothing of the outline and is usable alone.
    pub made: Option<Arc<Choice>>,
    /// How often it was seen.
    pub count: u64,
    /// Its role.
    pub role: Role,
}

/// Every rule of a rule set read once, for one placeholder; each on first use.
#[derive(Debug)]
pub(crate) struct Compiled {
    placeholder: String,
    rules: Vec<OnceLock<CompiledRule>>,
}

impl Compiled {
    /// Nothing read yet; `placeholder` replaces the rules' `XX`.
    pub fn new(rules: &RuleSet, placeholder: &str) -> Compiled {
        Compiled {
            placeholder: placeholder.to_owned(),
            rules: rules.rules.iter().map(|_| OnceLock::new()).collect(),
        }
    }

    /// The placeholder its choices were made with.
    pub fn placeholder(&self) -> &str {
        &self.placeholder
    }

    /// Rule `i` of `rules` (its `k`-th of its role), read.
    fn rule(&self, rules: &RuleSet, i: usize, k: usize) -> &CompiledRule {
        self.rules[i].get_or_init(|| {
            let rule = &rules.rules[i];
            let id = format!("{}#{k}", rule.role.name());
            let pattern = parse_pattern(&rule.text).ok();
            let takes_outline = pattern.iter().flatten().any(|p| match p {
                Piece::Slot(s) => OUTLINE_SLOTS.contains(&s.as_str()),
                Piece::Alt(options) => options.iter().any(|o| o.contains("{{")),
                Piece::Text(_) => false,
            });
            let made = match &pattern {
                Some(pattern) if !takes_outline => choice(
                    id.clone(),
                    pattern,
                    rule.count,
                    rule.role,
                    &|_| None,
                    &self.placeholder,
                )
                .map(Arc::new),
                _ => None,
            };
            CompiledRule {
                id,
                pattern,
                takes_outline,
                made,
                count: rule.count,
                role: rule.role,
            }
        })
    }

    /// Rule `i` after [`Skeleton::new`] has read it.
    pub fn read(&self, i: usize) -> Option<&CompiledRule> {
        self.rules.get(i).and_then(OnceLock::get)
    }
}

/// The make-up of the pools for one field and kind: the usable rules (by index) with the
/// pool and function each goes to, in the rules file's order.
#[derive(Debug)]
pub(crate) struct Skeleton {
    pub entries: Vec<(Dest, Option<Function>, u32)>,
    pub styles: Vec<(Style, u64)>,
}

impl Skeleton {
    /// Sorts the rules usable in a speech of `field` and `kind` into pools.
    pub fn new(rules: &RuleSet, compiled: &Compiled, field: &Field, kind: Kind) -> Skeleton {
        let general = |r: &crate::rules::Rule| matches!(r.field, None | Some(Field::General));
        let mut entries = Vec::new();
        let mut styles = Vec::new();
        let mut index_in_role = HashMap::<Role, usize>::new();
        // Roles that have general rules for this kind use only those of the general ones.
        let specific: HashSet<Role> = rules
            .rules
            .iter()
            .filter(|r| general(r) && r.kinds.contains(&kind))
            .map(|r| r.role)
            .collect();
        for (i, rule) in rules.rules.iter().enumerate() {
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
                    styles.push((style, rule.count.max(1)));
                }
                continue;
            }
            let read = compiled.rule(rules, i, *k);
            let Some(pattern) = &read.pattern else {
                continue;
            };
            if !read.takes_outline && read.made.is_none() {
                continue;
            }
            let lead_slots = pattern
                .iter()
                .any(|p| matches!(p, Piece::Slot(s) if LEAD_SLOTS.contains(&s.as_str())));
            let heading = pattern
                .iter()
                .any(|p| matches!(p, Piece::Slot(s) if s == "heading"));
            let dest = match rule.role {
                Role::Greeting => Dest::Greeting,
                Role::OpeningMeeting => Dest::Meeting,
                Role::OpeningPurpose if own => Dest::FieldPurpose,
                Role::OpeningPurpose => Dest::Purpose,
                Role::OpeningTransition => Dest::Transition,
                Role::ClosingExhortation if own => Dest::FieldClosing,
                Role::ClosingExhortation => Dest::Closing,
                Role::SectionLeadIn => Dest::LeadIn,
                Role::Glue => Dest::Glue,
                Role::ItemElaboration | Role::SectionParagraph => {
                    if lead_slots {
                        Dest::Patterns
                    } else if heading {
                        // {{ heading }}: a pattern of the section, kept with the general ones.
                        Dest::General
                    } else if own || *field == Field::General {
                        Dest::Body
                    } else {
                        Dest::General
                    }
                }
                _ => continue,
            };
            entries.push((dest, rule.function, i as u32));
        }
        Skeleton { entries, styles }
    }
}

/// Skeletons and compiled rules kept for the next outline, shared by a batch's threads.
/// Bounded: cleared when full.
#[derive(Debug, Default)]
pub(crate) struct Skeletons {
    compiled: Mutex<HashMap<String, Arc<Compiled>>>,
    kept: Mutex<HashMap<(Field, Kind, String), Arc<Skeleton>>>,
}

impl Skeletons {
    /// At most this many kept of each (fields × kinds × placeholders; placeholders).
    const MAX: usize = 256;

    /// The rules compiled for `placeholder`, and the skeleton of `field` and `kind`.
    pub fn get(
        &self,
        rules: &RuleSet,
        field: &Field,
        kind: Kind,
        placeholder: &str,
    ) -> (Arc<Compiled>, Arc<Skeleton>) {
        let compiled = {
            let mut all = self.compiled.lock().unwrap_or_else(|e| e.into_inner());
            if all.len() >= Skeletons::MAX && !all.contains_key(placeholder) {
                all.clear();
            }
            all.entry(placeholder.to_owned())
                .or_insert_with(|| Arc::new(Compiled::new(rules, placeholder)))
                .clone()
        };
        let key = (field.clone(), kind, placeholder.to_owned());
        if let Some(s) = self
            .kept
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return (compiled, s.clone());
        }
        // Made outside the lock: two threads may both make it, and keep either (they are equal).
        let made = Arc::new(Skeleton::new(rules, &compiled, field, kind));
        let mut kept = self.kept.lock().unwrap_or_else(|e| e.into_inner());
        if kept.len() >= Skeletons::MAX {
            kept.clear();
        }
        kept.insert(key, made.clone());
        (compiled, made)
    }
}

/// A rule's choice with the outline's names filled (`value` of a slot), or `None` when the
/// outline lacks a name it needs or the sentence points back to what is not there.
pub(crate) fn choice(
    id: String,
    pattern: &[Piece],
    count: u64,
    role: Role,
    value: &dyn Fn(&str) -> Option<String>,
    placeholder: &str,
) -> Option<Choice> {
    let mut pieces: Vec<Piece> = Vec::new();
    let mut lead_slots: Vec<&'static str> = Vec::new();
    for piece in pattern {
        match piece {
            Piece::Slot(s) if s == "heading" => pieces.push(piece.clone()),
            Piece::Slot(s) => match LEAD_SLOTS.iter().find(|l| *l == s) {
                Some(l) => {
                    lead_slots.push(l);
                    pieces.push(piece.clone());
                }
                None => push_text(&mut pieces, &value(s)?),
            },
            Piece::Text(t) => push_text(&mut pieces, &t.replace("XX", placeholder)),
            Piece::Alt(options) => {
                // Outline slots inside an option are filled now; an option whose slot the
                // outline leaves empty is dropped.
                let mut kept = Vec::new();
                for o in options {
                    let mut text = String::new();
                    let mut ok = true;
                    for p in parse_pattern(o).unwrap_or_default() {
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
                    0 => return None,
                    1 => push_text(&mut pieces, &kept[0]),
                    _ => pieces.push(Piece::Alt(kept)),
                }
            }
        }
    }
    let plain = plain_text(&pieces);
    // A sentence that points back needs its antecedent: never drawn on its own.
    let body_role = matches!(
        role,
        Role::SectionLeadIn
            | Role::ItemElaboration
            | Role::SectionParagraph
            | Role::Glue
            | Role::OpeningPurpose
    );
    if body_role && points_back(&plain) {
        return None;
    }
    let chars = pieces
        .iter()
        .map(|p| match p {
            Piece::Text(t) => t.chars().count(),
            Piece::Alt(o) => o[0].chars().count(),
            Piece::Slot(_) => 6,
        })
        .sum();
    Some(Choice::new(id, pieces, chars, count, lead_slots, plain))
}
