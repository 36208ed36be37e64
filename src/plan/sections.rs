//! Sections: one section planned from its outline, its function's pools and its own seed.
//!
//! A section with points gets a lead-in and an enumeration whose style fits its leads (claims
//! take 一是/第一/首先, never 一要); one without points gets paragraphs of its function. A parsed
//! section keeps its blocks, or with `--refill` keeps only its headings and leads and is written
//! afresh.

use rand_chacha::rand_core::Rng;
use rand_chacha::ChaCha8Rng;

use super::bodies::Body;
use super::pick::Picker;
use std::sync::Arc;

use super::pools::{average, relevance, Choice};
use super::{fill, Paragraph, PlanBlock, PlanItem, PlanList, PlanSection, SectionPrep};
use crate::function::Function;
use crate::lead::Lead;
use crate::model::{Block, Enumeration};
use crate::numbering;
use crate::numbering::Style;
use crate::outline::SectionOutline;

/// Sentences of a section without points when no length is asked for.
const SECTION_SENTENCES: usize = 6;

/// What one section draws from.
pub(super) struct SectionCtx<'a> {
    pub function: Function,
    pub field_label: &'a str,
    pub styles: &'a [(Style, u64)],
    pub lead_in: Picker<'a>,
    pub body: Picker<'a>,
    pub general: Picker<'a>,
    pub patterns: Picker<'a>,
    pub glue: Picker<'a>,
    /// The field's sentences of this function (for relevance of parsed leads).
    pub body_pool: &'a [Arc<Choice>],
    /// The pools of the function a claim may need instead (review ↔ situation).
    pub alt: Option<AltPickers<'a>>,
    pub notes: Vec<String>,
}

/// Pickers of the other function of a review or situation section.
pub(super) struct AltPickers<'a> {
    pub body: Picker<'a>,
    pub patterns: Picker<'a>,
}

pub(super) fn plan_section(
    s: &SectionOutline,
    prep: &SectionPrep,
    ordinal: String,
    budget: Option<usize>,
    refill: bool,
    ctx: &mut SectionCtx<'_>,
    rng: &mut ChaCha8Rng,
) -> PlanSection {
    let heading = s.heading.clone();
    let heading_text = heading.clone().unwrap_or_default();
    let mut blocks = Vec::new();

    if let Some(given) = &s.blocks {
        for (k, b) in given.iter().enumerate() {
            blocks.push(ctx.given_block(b, k, rng, &heading_text, &prep.body_relevant, refill));
        }
        return PlanSection {
            ordinal,
            heading,
            function: ctx.function,
            blocks,
        };
    }

    let mut spent = 0usize;
    // A lead-in about the heading half the time: one that fits the function always does.
    let about = if super::pick::chance(rng, 50) {
        &prep.lead_in_relevant[..]
    } else {
        &[]
    };
    // A lead-in that announces a list (…以下几个方面：) only before one.
    let listed = s.points().is_some_and(|p| p.len() >= 2);
    let fits = |c: &Choice| listed || !(c.plain.contains("以下") || c.plain.ends_with('：'));
    if let Some(c) = ctx.lead_in.pick(rng, about, fits) {
        let sentence = fill(c, rng, &heading_text, "", None);
        spent += sentence.text.chars().count();
        blocks.push(PlanBlock::Paragraph(Paragraph {
            sentences: vec![sentence],
        }));
    }
    let left = budget.map(|b| b.saturating_sub(spent));

    match s.points() {
        Some(points) if !points.is_empty() => {
            let leads: Vec<&Lead> = prep.points.iter().map(|p| &p.lead).collect();
            let mut bodies: Vec<Body<'_>> = Vec::new();
            let mut open: Vec<usize> = Vec::new();
            for (k, p) in points.iter().enumerate() {
                if p.body.is_none() {
                    open.push(k);
                    bodies.push(Body {
                        lead: &prep.points[k].lead,
                        lead_text: &p.lead,
                        words: &prep.points[k].words,
                        relevant: &prep.points[k].relevant,
                        alt: prep.points[k].alt,
                        sentences: Vec::new(),
                    });
                }
            }
            ctx.fill_bodies(&mut bodies, left, rng);
            let mut filled = bodies.into_iter().map(|b| b.sentences);
            let mut written: Vec<Paragraph> = points
                .iter()
                .map(|p| match &p.body {
                    Some(b) => Paragraph::given(b),
                    None => Paragraph {
                        sentences: filled.next().unwrap_or_default(),
                    },
                })
                .collect();
            if points.len() == 1 {
                // One point is no list: its lead opens a paragraph.
                let mut para = Paragraph::given(&format!("{}。", points[0].lead));
                para.sentences.append(&mut written[0].sentences);
                blocks.push(PlanBlock::Paragraph(para));
            } else {
                let yao = points.iter().any(|p| p.lead.starts_with('要'));
                let style = ctx.style(s.style.as_ref().map(|s| s.value), &leads, yao, rng);
                let n = points.len();
                let items = points
                    .iter()
                    .zip(written)
                    .enumerate()
                    .map(|(k, (p, body))| PlanItem {
                        ordinal: style.ordinal(k, n),
                        lead: p.lead.clone(),
                        body,
                        children: Vec::new(),
                    })
                    .collect();
                blocks.push(PlanBlock::Enumeration(PlanList { style, items }));
            }
        }
        _ => {
            let avg = average(ctx.body_pool).max(20);
            let want = left.map_or(SECTION_SENTENCES, |b| (b / avg).max(1));
            for p in ctx.paragraphs(rng, &heading_text, &prep.body_relevant, want) {
                blocks.push(PlanBlock::Paragraph(p));
            }
        }
    }
    PlanSection {
        ordinal,
        heading,
        function: ctx.function,
        blocks,
    }
}

impl SectionCtx<'_> {
    /// An enumeration style: the outline's, unless it is 一要 before claims (which then take
    /// 一是, noted); else one of the rules' styles that fits the leads, by their counts.
    pub(super) fn style(
        &mut self,
        asked: Option<Style>,
        leads: &[&Lead],
        yao: bool,
        rng: &mut ChaCha8Rng,
    ) -> Style {
        let claims = leads.iter().any(|l| l.is_claim());
        if let Some(style) = asked {
            if style == Style::Yao && claims {
                let claim = leads
                    .iter()
                    .find_map(|l| match l {
                        Lead::Claim { subject, predicate } => Some(format!("{subject}{predicate}")),
                        _ => None,
                    })
                    .unwrap_or_default();
                self.notes.push(format!(
                    "style 一要 does not fit a lead that states a fact (一要{claim}); using 一是 there"
                ));
                return Style::Shi;
            }
            return style;
        }
        choose_style(self.styles, leads, yao, rng)
    }

    /// A block given in the outline: kept as written (an item without a body gets one), or
    /// with `refill` only its headings and leads kept.
    fn given_block(
        &mut self,
        b: &Block,
        k: usize,
        rng: &mut ChaCha8Rng,
        heading: &str,
        heading_relevant: &[usize],
        refill: bool,
    ) -> PlanBlock {
        match b {
            Block::Paragraph(p) if refill => {
                let sentences = p.matches(['。', '！', '？']).count().clamp(2, 5);
                let mut para = Paragraph::default();
                // A section's first paragraph leads into what follows.
                if k == 0 {
                    if let Some(c) = self.lead_in.pick(rng, &[], |_| true) {
                        para.sentences.push(fill(c, rng, heading, "", None));
                    }
                }
                let want = sentences.saturating_sub(para.sentences.len()).max(1);
                for p in self
                    .paragraphs(rng, heading, heading_relevant, want)
                    .iter_mut()
                {
                    para.sentences.append(&mut p.sentences);
                }
                PlanBlock::Paragraph(para)
            }
            Block::Paragraph(p) => PlanBlock::Paragraph(Paragraph::given(p)),
            Block::Enumeration(e) => PlanBlock::Enumeration(self.given_list(e, rng, refill)),
            Block::Section(s) => PlanSection {
                ordinal: numbering::subsection_ordinal(k + 1),
                heading: s.heading.clone(),
                function: self.function,
                blocks: s
                    .blocks
                    .iter()
                    .enumerate()
                    .map(|(j, b)| self.given_block(b, j, rng, heading, heading_relevant, refill))
                    .collect(),
            }
            .into(),
        }
    }

    fn given_list(&mut self, e: &Enumeration, rng: &mut ChaCha8Rng, refill: bool) -> PlanList {
        let leads: Vec<Lead> = e.items.iter().map(|i| crate::lead::read(&i.lead)).collect();
        let lead_refs: Vec<&Lead> = leads.iter().collect();
        // A parsed family the drafts do not number ((1), ——) becomes 一是; 一方面 takes exactly
        // two items, as numbering three would repeat 另一方面.
        let style = match Style::from_name(&e.style) {
            Some(Style::Yifangmian) if e.items.len() != 2 => Style::Shi,
            Some(style) => {
                let yao = e.items.iter().any(|i| i.lead.starts_with('要'));
                self.style(Some(style), &lead_refs, yao, rng)
            }
            None => Style::Shi,
        };
        let relevant: Vec<Vec<usize>> = e
            .items
            .iter()
            .map(|i| relevance(self.body_pool, &i.lead))
            .collect();
        let words: Vec<Vec<String>> = e
            .items
            .iter()
            .map(|i| super::content_words(&i.lead))
            .collect();
        let mut bodies: Vec<Body<'_>> = Vec::new();
        for (k, item) in e.items.iter().enumerate() {
            if refill || item.body.trim().is_empty() {
                bodies.push(Body {
                    lead: &leads[k],
                    lead_text: &item.lead,
                    words: &words[k],
                    relevant: &relevant[k],
                    alt: false,
                    sentences: Vec::new(),
                });
            }
        }
        self.fill_bodies(&mut bodies, None, rng);
        let mut filled = bodies.into_iter().map(|b| b.sentences);
        let n = e.items.len();
        PlanList {
            items: e
                .items
                .iter()
                .enumerate()
                .map(|(k, item)| PlanItem {
                    ordinal: style.ordinal(k, n),
                    lead: item.lead.clone(),
                    body: if refill || item.body.trim().is_empty() {
                        Paragraph {
                            sentences: filled.next().unwrap_or_default(),
                        }
                    } else {
                        Paragraph::given(&item.body)
                    },
                    children: item
                        .children
                        .iter()
                        .map(|c| self.given_list(c, rng, refill))
                        .collect(),
                })
                .collect(),
            style,
        }
    }
}

/// An enumeration style for points that do not set one: from the rules' styles in proportion
/// to their counts, among those that fit (一方面 only for two points; 一要 neither before
/// claims nor before leads that begin with 要), 一是 when none fits.
fn choose_style(
    styles: &[(Style, u64)],
    leads: &[&Lead],
    yao: bool,
    rng: &mut ChaCha8Rng,
) -> Style {
    let claims = leads.iter().any(|l| l.is_claim());
    let fits = |style: Style| match style {
        Style::Yifangmian => leads.len() == 2 && !claims,
        Style::Yao => !claims && !yao,
        _ => true,
    };
    let usable: Vec<&(Style, u64)> = styles.iter().filter(|(s, _)| fits(*s)).collect();
    let total = usable
        .iter()
        .fold(0u64, |sum, (_, w)| sum.saturating_add(*w));
    if total == 0 {
        return Style::Shi;
    }
    let mut x = ((u128::from(rng.next_u64()) * u128::from(total)) >> 64) as u64;
    for (style, w) in usable {
        if x < *w {
            return *style;
        }
        x -= w;
    }
    Style::Shi
}
