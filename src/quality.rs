//! Quality: what a writer checks in a draft, measured.
//!
//! For one draft: sentences of another field (by the fields' lexicons), item bodies that do not
//! take up their lead, sentences that point back at nothing, repeated sentences, 一要 before a
//! claim, figures that are not placeholders. For many drafts of one outline: how varied they
//! are (distinct character 4-grams over all 4-grams). The quality test and the `quality`
//! example use these; nothing here changes a draft.

use std::collections::HashSet;

use serde::Serialize;

use crate::field::{Field, Lexicon};
use crate::lexicon::points_back;
use crate::plan::{content_words, Paragraph, Plan, PlanBlock, PlanList};

/// The lexicon and the writer's own text of one draft.
struct Ctx<'a> {
    lexicon: &'a Lexicon,
    own: String,
}

fn collect_own(sections: &[crate::plan::PlanSection], own: &mut String) {
    fn list(l: &PlanList, own: &mut String) {
        for i in &l.items {
            own.push_str(&i.lead);
            own.push('|');
            for c in &i.children {
                list(c, own);
            }
        }
    }
    for s in sections {
        if let Some(h) = &s.heading {
            own.push_str(h);
            own.push('|');
        }
        for b in &s.blocks {
            match b {
                PlanBlock::Enumeration(l) => list(l, own),
                PlanBlock::Section(inner) => collect_own(std::slice::from_ref(inner), own),
                PlanBlock::Paragraph(_) => {}
            }
        }
    }
}

/// What one draft gets wrong, sentence by sentence.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DraftQuality {
    /// Generated sentences (not the writer's own text).
    pub sentences: usize,
    /// Generated sentences holding another field's word: (sentence, word, field).
    pub foreign: Vec<(String, String, String)>,
    /// Item bodies written by the rules.
    pub bodies: usize,
    /// Of those, the bodies that share a content word with their lead.
    pub bodies_on_lead: usize,
    /// The bodies that do not: (lead, body).
    pub off_lead: Vec<(String, String)>,
    /// Sentences that open by pointing back at something that is not there.
    pub dangling: Vec<String>,
    /// Sentences that occur twice.
    pub repeated: Vec<String>,
    /// Leads that state facts under 一要.
    pub yao_claims: Vec<String>,
    /// Generated sentences with figures (digits) instead of placeholders.
    pub figures: Vec<String>,
}

impl DraftQuality {
    /// The share of bodies that take up their lead (1 when there are none).
    pub fn on_lead_ratio(&self) -> f64 {
        if self.bodies == 0 {
            1.0
        } else {
            self.bodies_on_lead as f64 / self.bodies as f64
        }
    }

    /// Adds another draft's figures to these.
    pub fn add(&mut self, other: DraftQuality) {
        self.sentences += other.sentences;
        self.foreign.extend(other.foreign);
        self.bodies += other.bodies;
        self.bodies_on_lead += other.bodies_on_lead;
        self.off_lead.extend(other.off_lead);
        self.dangling.extend(other.dangling);
        self.repeated.extend(other.repeated);
        self.yao_claims.extend(other.yao_claims);
        self.figures.extend(other.figures);
    }
}

/// What many drafts of one outline get wrong, and their texts.
#[derive(Debug, Clone)]
pub struct Measured {
    /// The sum over the drafts.
    pub quality: DraftQuality,
    /// The drafts' texts, in seed order.
    pub texts: Vec<String>,
    /// The field they are in.
    pub field: Field,
}

/// Drafts an outline with seeds `0..seeds` and measures every draft (the quality test and the
/// `quality` example).
pub fn measure(
    outline: &crate::outline::Outline,
    rules: &crate::rules::RuleSet,
    templates: &crate::render::Templates,
    seeds: u64,
) -> Result<Measured, crate::diag::Diagnostic> {
    let lexicon = crate::plan::lexicon_of(rules);
    let mut drafter = crate::Drafter::new(
        outline,
        rules,
        templates,
        crate::plan::PlanOptions::default(),
        crate::render::Target::Text,
    )?;
    let mut quality = DraftQuality::default();
    let mut texts = Vec::new();
    for seed in 0..seeds {
        let (plan, text) = drafter.draft(seed)?;
        quality.add(check(&plan, &lexicon));
        texts.push(text);
    }
    Ok(Measured {
        quality,
        texts,
        field: drafter.field().field.clone(),
    })
}

/// Measures one draft of a speech in `field`.
pub fn check(plan: &Plan, lexicon: &Lexicon) -> DraftQuality {
    let mut q = DraftQuality::default();
    let mut seen: HashSet<String> = HashSet::new();
    let field = &plan.field;
    // The writer's own words (a lead 加强校舍安全隐患排查 in an education speech) are no
    // other field's, even where a pattern repeats them.
    let mut own = plan.title.clone().unwrap_or_default();
    collect_own(&plan.sections, &mut own);
    let lexicon = &Ctx { lexicon, own };
    for p in plan.opening.iter().chain(&plan.closing) {
        paragraph(p, field, lexicon, &mut q, &mut seen);
    }
    for s in &plan.sections {
        blocks(&s.blocks, field, lexicon, &mut q, &mut seen);
    }
    q
}

fn blocks(
    bs: &[PlanBlock],
    field: &Field,
    lexicon: &Ctx<'_>,
    q: &mut DraftQuality,
    seen: &mut HashSet<String>,
) {
    for b in bs {
        match b {
            PlanBlock::Paragraph(p) => paragraph(p, field, lexicon, q, seen),
            PlanBlock::Enumeration(l) => list(l, field, lexicon, q, seen),
            PlanBlock::Section(s) => blocks(&s.blocks, field, lexicon, q, seen),
        }
    }
}

fn list(
    l: &PlanList,
    field: &Field,
    lexicon: &Ctx<'_>,
    q: &mut DraftQuality,
    seen: &mut HashSet<String>,
) {
    for item in &l.items {
        if l.style == crate::numbering::Style::Yao && crate::lead::read(&item.lead).is_claim() {
            q.yao_claims.push(item.lead.clone());
        }
        if item.body.sentences.iter().any(|s| s.rule != "outline") {
            q.bodies += 1;
            let body = item.body.text();
            if on_lead(&item.lead, &body) {
                q.bodies_on_lead += 1;
            } else {
                q.off_lead.push((item.lead.clone(), body));
            }
        }
        paragraph(&item.body, field, lexicon, q, seen);
        for c in &item.children {
            list(c, field, lexicon, q, seen);
        }
    }
}

/// Is a sentence of another field than the speech's: does another field's lexicon mark it more
/// than the speech's own (in a speech of no field, any field's word does)? Words the writer
/// used in the outline (`writers`) do not count. The word and field that decided.
pub fn foreign(
    lexicon: &Lexicon,
    text: &str,
    own: &Field,
    writers: &str,
) -> Option<(String, String)> {
    let mut others = lexicon.foreign_words(text, own);
    others.retain(|(w, _)| !writers.contains(w));
    if others.is_empty() {
        return None;
    }
    let own_hits = lexicon
        .matches(text)
        .filter(|(_, owners)| owners.contains(&own))
        .count();
    let mut by_field: std::collections::BTreeMap<&str, usize> = Default::default();
    for (_, f) in &others {
        *by_field.entry(f.name()).or_insert(0) += 1;
    }
    let (top, n) = by_field.iter().max_by_key(|(_, n)| **n)?;
    (*n >= own_hits.max(1)).then(|| {
        let word = others
            .iter()
            .find(|(_, f)| f.name() == *top)
            .map_or("", |(w, _)| w);
        (word.to_owned(), (*top).to_owned())
    })
}

/// Does a body share a content word with its lead?
pub fn on_lead(lead: &str, body: &str) -> bool {
    content_words(lead)
        .iter()
        .any(|w| body.contains(w.as_str()))
}

fn paragraph(
    p: &Paragraph,
    field: &Field,
    lexicon: &Ctx<'_>,
    q: &mut DraftQuality,
    seen: &mut HashSet<String>,
) {
    for (i, s) in p.sentences.iter().enumerate() {
        if s.rule == "outline" {
            continue;
        }
        q.sentences += 1;
        if let Some((word, f)) = foreign(lexicon.lexicon, &s.text, field, &lexicon.own) {
            q.foreign.push((s.text.clone(), word, f));
        }
        let follows_its_own = i > 0 && p.sentences[i - 1].rule == s.rule;
        if points_back(&s.text) && !follows_its_own {
            q.dangling.push(s.text.clone());
        }
        if s.text.chars().any(|c| c.is_ascii_digit()) {
            q.figures.push(s.text.clone());
        }
        for part in s.text.split_inclusive(['。', '！', '？']) {
            if part.chars().count() >= 8 && !seen.insert(part.to_owned()) {
                q.repeated.push(part.to_owned());
            }
        }
    }
}

/// Distinct character 4-grams over all 4-grams of the texts (whitespace left out): how much
/// of what many drafts say is new.
pub fn distinct_4gram_ratio<S: AsRef<str>>(texts: &[S]) -> f64 {
    let mut all = 0usize;
    let mut distinct: HashSet<[char; 4]> = HashSet::new();
    for t in texts {
        let chars: Vec<char> = t.as_ref().chars().filter(|c| !c.is_whitespace()).collect();
        for w in chars.windows(4) {
            all += 1;
            distinct.insert([w[0], w[1], w[2], w[3]]);
        }
    }
    if all == 0 {
        0.0
    } else {
        distinct.len() as f64 / all as f64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_is_on_its_lead_when_it_shares_a_content_word() {
        assert!(on_lead("深化隐患排查整治", "要对重大隐患逐一建立台账。"));
        assert!(!on_lead(
            "深化隐患排查整治",
            "要加强工作落实，推进各项工作。"
        ));
    }

    #[test]
    fn repeated_texts_have_fewer_distinct_4grams() {
        let once = distinct_4gram_ratio(&["一二三四五六七八"]);
        let twice = distinct_4gram_ratio(&["一二三四五六七八", "一二三四五六七八"]);
        assert!((once - 1.0).abs() < 1e-9);
        assert!((twice - 0.5).abs() < 1e-9);
    }
}
