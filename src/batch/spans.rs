//! Where the parts of a draft are in its text: character offsets (Unicode scalar values,
//! `[start, end)`) of the title, byline, date, greeting, opening, each section and its heading,
//! each enumeration and item (its ordinal, lead and body), the closing and every placeholder,
//! found by walking the plan and the text together; and the rule behind every sentence
//! ([`Provenance`]).
//!
//! The template prints the plan's strings whole and in order (the fast renderer depends on
//! it), so each part is found by searching forward from the end of the one before.

use serde::Serialize;

use crate::plan::{Paragraph, Plan, PlanBlock, PlanItem, PlanList, PlanSection};

/// A `[start, end)` range of characters.
pub type Span = [usize; 2];

/// The spans of one draft.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Spans {
    /// The title.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub title: Option<Span>,
    /// The byline: the speaker's office (if given) and name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub byline: Option<Span>,
    /// The date under the byline, without its brackets.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<Span>,
    /// The greeting (称呼), without its colon.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub greeting: Option<Span>,
    /// The opening, first to last paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub opening: Option<Span>,
    /// The sections, in order (subsections inside their section).
    pub sections: Vec<SectionSpans>,
    /// The closing, first to last paragraph.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub closing: Option<Span>,
    /// Every placeholder (`XX`) the writer must fill.
    pub placeholders: Vec<Span>,
}

/// The spans of a section.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SectionSpans {
    /// The whole section: from its ordinal (or heading) to the end of its last part.
    pub span: Span,
    /// The heading, without its ordinal.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub heading: Option<Span>,
    /// Its enumerations, first item's ordinal to last item's end (nested ones after their
    /// parent).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lists: Vec<Span>,
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

/// Where a sentence of the draft came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Provenance {
    /// The sentence.
    pub at: Span,
    /// `role#n`, the n-th rule of its role in the rules file (see the record's `rules_hash`),
    /// or `outline` for text the outline gave.
    pub rule: String,
}

/// How many characters ahead of the cursor a part is looked for before the whole rest.
const NEAR: usize = 8;

/// A cursor over the text: byte and character position, moving forward only; it notes the
/// rule of every sentence it finds.
struct Cursor<'a> {
    text: &'a str,
    byte: usize,
    char: usize,
    provenance: Vec<Provenance>,
}

impl Cursor<'_> {
    /// Finds `needle` at or after the cursor and moves past it.
    fn find(&mut self, needle: &str) -> Option<Span> {
        if needle.is_empty() {
            return None;
        }
        let rest = &self.text[self.byte..];
        // The parts follow one another with a few characters between (a line break, a
        // colon, an ordinal): look there first, then anywhere ahead.
        let near = rest
            .char_indices()
            .take(NEAR)
            .map(|(i, _)| i)
            .find(|&i| rest[i..].starts_with(needle));
        let at = self.byte + near.or_else(|| rest.find(needle))?;
        let start = self.char + self.text[self.byte..at].chars().count();
        let end = start + needle.chars().count();
        self.byte = at + needle.len();
        self.char = end;
        Some([start, end])
    }

    /// Finds a paragraph sentence by sentence: its first to its last sentence.
    fn paragraph(&mut self, p: &Paragraph) -> Option<Span> {
        let mut span: Option<Span> = None;
        for sentence in &p.sentences {
            if let Some(at) = self.find(&sentence.text) {
                self.provenance.push(Provenance {
                    at,
                    rule: sentence.rule.clone(),
                });
                span = Some(span.map_or(at, |s| [s[0], at[1]]));
            }
        }
        span
    }

    /// Finds paragraphs: the first one's start to the last one's end.
    fn paragraphs(&mut self, ps: &[Paragraph]) -> Option<Span> {
        ps.iter()
            .filter_map(|p| self.paragraph(p))
            .reduce(|a, b| [a[0], b[1]])
    }
}

/// Locates the plan's parts in the text drafted from it, and the rule behind every sentence.
pub fn locate(plan: &Plan, text: &str) -> (Spans, Vec<Provenance>) {
    let mut c = Cursor {
        text,
        byte: 0,
        char: 0,
        provenance: Vec::new(),
    };
    let title = plan.title.as_deref().and_then(|t| c.find(t));
    let byline = plan.speaker.as_deref().and_then(|speaker| {
        let position = plan.position.as_deref().and_then(|p| c.find(p));
        let name = c.find(speaker)?;
        Some([position.map_or(name[0], |p| p[0]), name[1]])
    });
    let date = plan.date.as_deref().and_then(|d| c.find(d));
    let mut spans = Spans {
        title,
        byline,
        date,
        greeting: plan.greeting.as_deref().and_then(|g| c.find(g)),
        opening: c.paragraphs(&plan.opening),
        ..Spans::default()
    };
    for section in &plan.sections {
        spans.sections.push(section_spans(section, &mut c));
    }
    spans.closing = c.paragraphs(&plan.closing);
    spans.placeholders = occurrences(text, &plan.placeholder);
    (spans, c.provenance)
}

/// Every occurrence of `needle` in `text`, in characters.
fn occurrences(text: &str, needle: &str) -> Vec<Span> {
    let mut out = Vec::new();
    if needle.is_empty() {
        return out;
    }
    let (mut byte, mut char) = (0, 0);
    let width = needle.chars().count();
    while let Some(at) = text[byte..].find(needle) {
        char += text[byte..byte + at].chars().count();
        out.push([char, char + width]);
        byte += at + needle.len();
        char += width;
    }
    out
}

fn section_spans(section: &PlanSection, c: &mut Cursor) -> SectionSpans {
    let start = c.char;
    let ordinal = c.find(&section.ordinal);
    let heading = section.heading.as_deref().and_then(|h| c.find(h));
    let mut out = SectionSpans {
        heading,
        ..SectionSpans::default()
    };
    let mut first: Option<usize> = ordinal.or(heading).map(|s| s[0]);
    for block in &section.blocks {
        match block {
            PlanBlock::Paragraph(p) => {
                if let Some(s) = c.paragraph(p) {
                    first.get_or_insert(s[0]);
                }
            }
            PlanBlock::Enumeration(list) => {
                list_spans(list, c, &mut out.items, &mut out.lists);
            }
            PlanBlock::Section(sub) => out.sections.push(section_spans(sub, c)),
        }
    }
    let from = first
        .or_else(|| out.items.first().map(|i| i.ordinal[0]))
        .or_else(|| out.sections.first().map(|s| s.span[0]))
        .unwrap_or(start);
    out.span = [from, c.char.max(from)];
    out
}

fn list_spans(list: &PlanList, c: &mut Cursor, items: &mut Vec<ItemSpans>, lists: &mut Vec<Span>) {
    let at = lists.len();
    let mut start = None;
    for item in &list.items {
        if let Some(spans) = item_spans(item, c) {
            start.get_or_insert(spans.ordinal[0]);
            items.push(spans);
        }
        for child in &item.children {
            list_spans(child, c, items, lists);
        }
    }
    if let Some(start) = start {
        lists.insert(at, [start, c.char]);
    }
}

fn item_spans(item: &PlanItem, c: &mut Cursor) -> Option<ItemSpans> {
    let ordinal = c.find(&item.ordinal)?;
    let lead = c.find(&item.lead)?;
    let body = c.paragraph(&item.body);
    Some(ItemSpans {
        ordinal,
        lead,
        body,
    })
}
