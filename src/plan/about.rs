//! What the outline says the speech is about, read before any sentence is chosen: its field
//! (given, or recognised from its words), each section's function (given, or read from its
//! heading and points), and how the length budget is shared among the sections.

use crate::field::{Inference, Lexicon};
use crate::function::Function;
use crate::lead::Lead;
use crate::model::Block;
use crate::numbering;
use crate::outline::{Outline, SectionOutline};

use super::Paragraph;

/// The outline's field: as given, else recognised from its words.
pub(super) fn field_of(o: &Outline, lexicon: &Lexicon) -> Inference {
    if let Some(f) = &o.field {
        return Inference {
            field: f.value.clone(),
            label: lexicon.label(&f.value),
            how: "given",
            evidence: Vec::new(),
            parts: Vec::new(),
        };
    }
    let mut headings = String::new();
    let mut points = String::new();
    let mut body = String::new();
    for s in o.sections() {
        if let Some(h) = &s.heading {
            headings.push_str(h);
            headings.push('|');
        }
        for p in s.points().into_iter().flatten() {
            points.push_str(&p.lead);
            points.push('|');
        }
        for b in s.blocks.iter().flatten() {
            for p in block_paragraphs(b) {
                if body.len() < 20_000 {
                    body.push_str(&p.text());
                }
            }
        }
    }
    let text = |v: &Option<String>| v.clone().unwrap_or_default();
    lexicon.infer(&[
        ("title", &text(&o.title), 3),
        ("meeting", &text(&o.meeting), 3),
        ("topic", &text(&o.topic), 3),
        ("headings", &headings, 2),
        ("points", &points, 1),
        ("text", &body, 1),
    ])
}

/// A section's function: as the outline says, else from its heading, else from its points
/// (claims of problems: situation; claims: review), else tasks.
pub(super) fn section_function(s: &SectionOutline) -> Function {
    if let Some(f) = s.function {
        return f;
    }
    let leads: Vec<&str> = s
        .points()
        .into_iter()
        .flatten()
        .map(|p| p.lead.as_str())
        .collect();
    if let Some(f) = s.heading.as_deref().and_then(crate::function::infer) {
        // Points that are all instructions make a section of tasks, whatever its heading says
        // (查找差距 with points 选优配强…, 注重发展…).
        let directives = !leads.is_empty()
            && leads
                .iter()
                .all(|l| matches!(crate::lead::read(l), Lead::Directive { .. }));
        if directives && f.takes_claims() {
            return Function::Tasks;
        }
        return f;
    }
    if !leads.is_empty() && leads.iter().all(|l| crate::lead::read(l).is_claim()) {
        const TROUBLE: [&str; 10] = [
            "依然", "仍然", "薄弱", "不足", "突出", "短板", "滞后", "有待", "亟待", "风险",
        ];
        if leads.iter().any(|l| TROUBLE.iter().any(|t| l.contains(t))) {
            return Function::Situation;
        }
        if leads.iter().all(|l| l.contains('是')) {
            return Function::Significance;
        }
        return Function::Review;
    }
    Function::Tasks
}

/// How much filled text a section takes, relative to the others.
pub(super) fn fill_weight(s: &SectionOutline, refill: bool) -> usize {
    match (s.points(), &s.blocks) {
        (Some(points), _) => 1 + points.iter().filter(|p| p.body.is_none()).count() * 3,
        (None, Some(blocks)) if refill => 1 + blocks.len() * 3,
        (None, Some(_)) => 0,
        (None, None) => 5,
    }
}

/// Characters that do not depend on the sections' choices: the writer's own text, the
/// numbering and the global parts (greeting, opening, closing).
pub(super) fn fixed_chars(
    o: &Outline,
    greeting: &Option<String>,
    opening: &[Paragraph],
    closing: &[Paragraph],
    numbered: bool,
    refill: bool,
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
        if !refill {
            for b in s.blocks.iter().flatten() {
                n += block_paragraphs(b)
                    .iter()
                    .map(Paragraph::chars)
                    .sum::<usize>();
            }
        }
    }
    n
}

/// The paragraphs of a block given in an outline (parsed speeches), as the writer's text.
pub(super) fn block_paragraphs(block: &Block) -> Vec<Paragraph> {
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
