//! Where the parts of a draft are in its text: character offsets (Unicode scalar values,
//! `[start, end)`) of the title, greeting, each section's heading, each item (its ordinal,
//! lead and body) and the closing, found by walking the plan and the text together.
//!
//! The template prints the plan's strings whole and in order (the fast renderer depends on
//! it), so each part is found by searching forward from the end of the one before.

use serde::Serialize;

use crate::plan::{Plan, PlanBlock, PlanItem, PlanList, PlanSection};

/// A `[start, end)` range of characters.
pub type Span = [usize; 2];

/// The spans of one draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Spans {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Span>,
    /// The greeting (称呼), without its colon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting: Option<Span>,
    /// The sections, in order (subsections inside their section).
    pub sections: Vec<SectionSpans>,
    /// The closing, first to last paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closing: Option<Span>,
}

/// The spans of a section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SectionSpans {
    /// The heading, without its ordinal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<Span>,
    /// Its items, in order (nested ones after their parent).
    pub items: Vec<ItemSpans>,
    /// Its subsections.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<SectionSpans>,
}

/// The spans of an item of an enumeration.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ItemSpans {
    /// The ordinal (一是, 第一 …).
    pub ordinal: Span,
    /// The lead.
    pub lead: Span,
    /// The body, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub body: Option<Span>,
}

/// A cursor over the text: byte and character position, moving forward only.
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
}

impl Cursor<'_> {
    /// Finds `needle` at or after the cursor and moves past it.
    fn find(&mut self, needle: &str) -> Option<Span> {
        if needle.is_empty() {
            return None;
        }
        let at = self.byte + self.text[self.byte..].find(needle)?;
        let start = self.char + self.text[self.byte..at].chars().count();
        let end = start + needle.chars().count();
        self.byte = at + needle.len();
        self.char = end;
        Some([start, end])
    }
}

/// Locates the plan's parts in the text drafted from it.
pub fn locate(plan: &Plan, text: &str) -> Spans {
    let mut c = Cursor {
        text,
        byte: 0,
        char: 0,
    };
    let mut spans = Spans {
        title: plan.title.as_deref().and_then(|t| c.find(t)),
        greeting: plan.greeting.as_deref().and_then(|g| c.find(g)),
        ..Spans::default()
    };
    for section in &plan.sections {
        spans.sections.push(section_spans(section, &mut c));
    }
    let paragraphs: Vec<String> = plan.closing.iter().map(|p| p.text()).collect();
    if let (Some(first), Some(last)) = (paragraphs.first(), paragraphs.last()) {
        if let Some(start) = c.find(first) {
            let end = if paragraphs.len() > 1 {
                c.find(last).map_or(start[1], |s| s[1])
            } else {
                start[1]
            };
            spans.closing = Some([start[0], end]);
        }
    }
    spans
}

fn section_spans(section: &PlanSection, c: &mut Cursor) -> SectionSpans {
    let mut out = SectionSpans {
        heading: section.heading.as_deref().and_then(|h| c.find(h)),
        ..SectionSpans::default()
    };
    for block in &section.blocks {
        match block {
            PlanBlock::Paragraph(_) => {}
            PlanBlock::Enumeration(list) => list_spans(list, c, &mut out.items),
            PlanBlock::Section(sub) => out.sections.push(section_spans(sub, c)),
        }
    }
    out
}

fn list_spans(list: &PlanList, c: &mut Cursor, out: &mut Vec<ItemSpans>) {
    for item in &list.items {
        if let Some(spans) = item_spans(item, c) {
            out.push(spans);
        }
        for child in &item.children {
            list_spans(child, c, out);
        }
    }
}

fn item_spans(item: &PlanItem, c: &mut Cursor) -> Option<ItemSpans> {
    let ordinal = c.find(&item.ordinal)?;
    let lead = c.find(&item.lead)?;
    let body = match item.body.sentences.as_slice() {
        [] => None,
        [only] => c.find(&only.text),
        [first, .., last] => {
            let start = c.find(&first.text)?;
            c.find(&last.text).map(|end| [start[0], end[1]])
        }
    };
    Some(ItemSpans {
        ordinal,
        lead,
        body,
    })
}
