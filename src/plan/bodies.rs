//! Bodies: the sentences after an item's lead, and a section's own paragraphs.
//!
//! A body takes up its lead: often a pattern that restates the lead's object or subject
//! (`要把{{ object }}摆在…`), then the field's sentences of the section's function that share
//! words with the lead, then the field's others, then general ones; a generic glue sentence
//! may close it. Claims are followed by evidence (the review and situation pools), directives by
//! measures (the tasks and safeguards pools).

use rand_chacha::ChaCha8Rng;

use super::pick::chance;
use super::pools::{average, Choice};
use super::sections::SectionCtx;
use super::{fill, Paragraph, Sentence};
use crate::lead::Lead;

/// Sentences of a body when no length is asked for (glue not counted).
const BODY_SENTENCES: usize = 3;
/// Sentences of a section's own paragraph.
const PARAGRAPH_SENTENCES: usize = 3;
/// Chance in percent that a body opens with a pattern on its lead when the field has
/// sentences about it (always when it has none).
const PATTERN_PERCENT: usize = 65;
/// Chance in percent that a body that has taken up its lead draws its next sentence from the
/// sentences about the lead again (else from the field's others of the function).
const AGAIN_PERCENT: usize = 55;
/// Chance in percent that a body ends with a glue sentence.
const GLUE_PERCENT: usize = 50;
/// Most rounds of filling toward a length: every round adds a sentence to each body or stops.
const MAX_ROUNDS: usize = 200;

/// One body being written: its lead and what it has so far.
pub(super) struct Body<'l> {
    pub lead: &'l Lead,
    pub lead_text: &'l str,
    /// The lead's content words ([`super::content_words`]).
    pub words: &'l [String],
    pub relevant: &'l [usize],
    /// Draw from the section's other function (see `AltPickers`).
    pub alt: bool,
    pub sentences: Vec<Sentence>,
}

/// Can a pattern take up this lead (does the lead have every slot it needs)? A pattern of the
/// whole lead alone (`{{ lead }}，…`) is for leads that do not split (慎交朋友).
fn takes(c: &Choice, lead: &Lead) -> bool {
    if c.lead_slots.iter().all(|s| *s == "lead") {
        return *lead == Lead::Plain;
    }
    // 对{{ verb }}{{ object }}的落实情况 under 落实… says 落实 twice: not for this lead.
    if let Lead::Directive { verb, .. } = lead {
        let tail: String = verb
            .chars()
            .rev()
            .take(2)
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect();
        if c.plain.contains(tail.as_str()) {
            return false;
        }
    }
    c.lead_slots
        .iter()
        .all(|s| *s == "lead" || lead.slot(s).is_some())
}

impl SectionCtx<'_> {
    /// The next sentence of a body or paragraph: a fresh field sentence (about the subject
    /// first; from the section's other function when `alt`), else a fresh general one, else a
    /// reused one (noted).
    pub(super) fn next_sentence(
        &mut self,
        rng: &mut ChaCha8Rng,
        relevant: &[usize],
        heading: &str,
        lead_text: &str,
        lead: Option<&Lead>,
        alt: bool,
    ) -> Option<Sentence> {
        if alt {
            if let Some(c) = self
                .alt
                .as_mut()
                .and_then(|a| a.body.pick_fresh(rng, relevant, |_| true))
            {
                return Some(fill(c, rng, heading, lead_text, lead));
            }
        }
        let relevant = if alt { &[][..] } else { relevant };
        let choice = match self.body.pick_fresh(rng, relevant, |_| true) {
            Some(c) => Some(c),
            None => match self.general.pick_fresh(rng, &[], |_| true) {
                Some(c) => Some(c),
                None => {
                    let c = if self.body.is_empty() {
                        self.general.pick(rng, &[], |_| true)
                    } else {
                        self.body.pick(rng, relevant, |_| true)
                    };
                    if c.is_some() {
                        self.ran_out("sentences");
                    }
                    c
                }
            },
        }?;
        Some(fill(choice, rng, heading, lead_text, lead))
    }

    /// A pattern that takes up the lead, if one is left.
    fn pattern(&mut self, rng: &mut ChaCha8Rng, body: &Body<'_>) -> Option<Sentence> {
        let lead = body.lead;
        let picker = match (&mut self.alt, body.alt) {
            (Some(a), true) => &mut a.patterns,
            _ => &mut self.patterns,
        };
        picker
            .pick_fresh(rng, &[], |c| takes(c, lead))
            .map(|c| fill(c, rng, "", body.lead_text, Some(lead)))
    }

    /// A pattern that takes up the lead, reused if none is fresh: filled with this lead it is
    /// still a sentence of its own.
    fn pattern_again(&mut self, rng: &mut ChaCha8Rng, body: &Body<'_>) -> Option<Sentence> {
        let lead = body.lead;
        let picker = match (&mut self.alt, body.alt) {
            (Some(a), true) => &mut a.patterns,
            _ => &mut self.patterns,
        };
        // A pattern of the whole lead takes up any lead, when none fits its shape.
        let whole = |c: &Choice| c.lead_slots.iter().all(|s| *s == "lead");
        picker
            .pick(rng, &[], |c| takes(c, lead))
            .or_else(|| picker.pick(rng, &[], whole))
            .or_else(|| self.patterns.pick(rng, &[], whole))
            .map(|c| fill(c, rng, "", body.lead_text, Some(lead)))
    }

    /// A glue sentence not used yet in this section.
    fn glue(&mut self, rng: &mut ChaCha8Rng) -> Option<Sentence> {
        self.glue
            .pick_fresh(rng, &[], |_| true)
            .map(|c| fill(c, rng, "", "", None))
    }

    fn ran_out(&mut self, what: &str) {
        let note = format!(
            "the {} {what} of {} sections ran out, so some repeat; add rules (see `speechgen \
             rules show`) or ask for a shorter draft",
            self.field_label,
            self.function.name()
        );
        if !self.notes.contains(&note) {
            self.notes.push(note);
        }
    }

    /// Fills bodies round by round: a pattern or field sentence each, then more, until each
    /// has [`BODY_SENTENCES`] or the budget is spent; then glue where it fits. A round that
    /// adds nothing ends the filling, so an empty pool cannot make it spin.
    pub(super) fn fill_bodies(
        &mut self,
        bodies: &mut [Body<'_>],
        budget: Option<usize>,
        rng: &mut ChaCha8Rng,
    ) {
        if bodies.is_empty() {
            return;
        }
        let avg = average(self.body_pool).max(20);
        let opens_with_pattern: Vec<bool> = bodies
            .iter()
            .map(|b| b.relevant.is_empty() || chance(rng, PATTERN_PERCENT))
            .collect();
        let mut spent = 0usize;
        'rounds: for round in 0..MAX_ROUNDS {
            if budget.is_none() && round >= BODY_SENTENCES {
                break;
            }
            let before = spent;
            for (k, body) in bodies.iter_mut().enumerate() {
                if budget.is_some_and(|b| spent + avg / 2 >= b) {
                    break 'rounds;
                }
                let sentence = if round == 0 && opens_with_pattern[k] {
                    self.pattern(rng, body)
                } else {
                    None
                };
                let sentence = match sentence {
                    Some(s) => Some(s),
                    None => {
                        // Once a body has taken up its lead, later sentences come from the
                        // subject's sentences only now and then, so that drafts of one
                        // outline differ.
                        let anchored = body
                            .sentences
                            .iter()
                            .any(|s| body.words.iter().any(|w| s.text.contains(w.as_str())));
                        let relevant = if !anchored || chance(rng, AGAIN_PERCENT) {
                            body.relevant
                        } else {
                            &[]
                        };
                        self.next_sentence(
                            rng,
                            relevant,
                            "",
                            body.lead_text,
                            Some(body.lead),
                            body.alt,
                        )
                    }
                };
                if let Some(s) = sentence {
                    spent += s.text.chars().count();
                    body.sentences.push(s);
                }
            }
            if spent == before {
                break;
            }
        }
        // A body that has not taken up its lead (its field has nothing about it left) opens
        // with a pattern on the lead.
        for body in bodies.iter_mut() {
            let words = body.words;
            let anchored = body
                .sentences
                .iter()
                .any(|s| words.iter().any(|w| s.text.contains(w.as_str())));
            if !anchored {
                if let Some(s) = self.pattern_again(rng, body) {
                    spent += s.text.chars().count();
                    body.sentences.insert(0, s);
                }
            }
        }
        for body in bodies.iter_mut() {
            if body.sentences.len() < 2 {
                continue;
            }
            let room = budget.is_none_or(|b| spent + avg / 2 < b);
            if room && chance(rng, GLUE_PERCENT) {
                if let Some(s) = self.glue(rng) {
                    spent += s.text.chars().count();
                    body.sentences.push(s);
                }
            }
        }
    }

    /// A section's own paragraphs (a section without points, or a parsed paragraph written
    /// afresh): `want` sentences about the heading, in paragraphs of three, glue at the end.
    pub(super) fn paragraphs(
        &mut self,
        rng: &mut ChaCha8Rng,
        heading: &str,
        relevant: &[usize],
        want: usize,
    ) -> Vec<Paragraph> {
        let mut out = Vec::new();
        let mut para = Paragraph::default();
        for _ in 0..want.clamp(1, 400) {
            let Some(s) = self.next_sentence(rng, relevant, heading, "", None, false) else {
                break;
            };
            para.sentences.push(s);
            if para.sentences.len() == PARAGRAPH_SENTENCES {
                out.push(std::mem::take(&mut para));
            }
        }
        if !para.sentences.is_empty() {
            out.push(para);
        }
        if let Some(last) = out.last_mut() {
            if chance(rng, GLUE_PERCENT * 2) {
                if let Some(s) = self.glue(rng) {
                    last.sentences.push(s);
                }
            }
        }
        out
    }
}
