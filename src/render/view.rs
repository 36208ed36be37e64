//! The view: what templates see of a plan. Finished strings only, in the nesting the
//! templates walk (sections, blocks, items), built through a [`Sink`] that either keeps the
//! strings or hands out markers in their place (the fast path, [`super::fast`]).

use serde::Serialize;

use crate::plan::{Paragraph, Plan, PlanBlock, PlanItem, PlanList, PlanSection};

/// What templates see: finished strings only.
#[derive(Debug, Serialize)]
pub(super) struct View {
    title: Option<String>,
    speaker: Option<String>,
    position: Option<String>,
    date: Option<String>,
    greeting: Option<String>,
    opening: Vec<String>,
    sections: Vec<SectionView>,
    closing: Vec<String>,
}

#[derive(Debug, Serialize)]
pub(super) struct SectionView {
    ordinal: String,
    heading: String,
    blocks: Vec<BlockView>,
}

#[derive(Debug, Serialize)]
pub(super) struct BlockView {
    /// `paragraph`, `list` or `section`.
    kind: &'static str,
    text: String,
    ordinal: String,
    heading: String,
    items: Vec<ItemView>,
    blocks: Vec<BlockView>,
}

#[derive(Debug, Serialize)]
pub(super) struct ItemView {
    ordinal: String,
    lead: String,
    body: String,
    children: Vec<ItemView>,
}

/// Receives every string of a view in order, and the size of every list and option.
pub(super) trait Sink {
    fn text(&mut self, s: &str) -> String;
    fn count(&mut self, n: usize);
}

/// Strings as they are.
pub(super) struct Plain;

impl Sink for Plain {
    fn text(&mut self, s: &str) -> String {
        s.to_owned()
    }
    fn count(&mut self, _: usize) {}
}

impl View {
    pub(super) fn build<S: Sink>(plan: &Plan, sink: &mut S) -> View {
        fn opt<S: Sink>(s: &Option<String>, sink: &mut S) -> Option<String> {
            sink.count(usize::from(s.is_some()));
            s.as_deref().map(|t| sink.text(t))
        }
        let title = opt(&plan.title, sink);
        let speaker = opt(&plan.speaker, sink);
        let position = opt(&plan.position, sink);
        let date = opt(&plan.date, sink);
        let greeting = opt(&plan.greeting, sink);
        let opening = paragraphs(&plan.opening, sink);
        sink.count(plan.sections.len());
        let sections = plan
            .sections
            .iter()
            .map(|s| SectionView {
                ordinal: sink.text(&s.ordinal),
                heading: sink.text(s.heading.as_deref().unwrap_or("")),
                blocks: blocks(&s.blocks, sink, true),
            })
            .collect();
        let closing = paragraphs(&plan.closing, sink);
        View {
            title,
            speaker,
            position,
            date,
            greeting,
            opening,
            sections,
            closing,
        }
    }
}

fn paragraphs(ps: &[Paragraph], sink: &mut impl Sink) -> Vec<String> {
    sink.count(ps.len());
    ps.iter().map(|p| sink.text(&p.text())).collect()
}

fn blocks(bs: &[PlanBlock], sink: &mut impl Sink, allow_sections: bool) -> Vec<BlockView> {
    sink.count(bs.len());
    let mut out = Vec::with_capacity(bs.len());
    for b in bs {
        let view = match b {
            PlanBlock::Paragraph(p) => paragraph_block(&p.text(), sink),
            PlanBlock::Enumeration(list) => BlockView {
                kind: "list",
                text: String::new(),
                ordinal: String::new(),
                heading: String::new(),
                items: items(list, sink),
                blocks: Vec::new(),
            },
            PlanBlock::Section(s) if allow_sections => BlockView {
                kind: "section",
                text: String::new(),
                ordinal: sink.text(&s.ordinal),
                heading: sink.text(s.heading.as_deref().unwrap_or("")),
                items: Vec::new(),
                blocks: blocks(&s.blocks, sink, false),
            },
            // Deeper levels are written out as paragraphs.
            PlanBlock::Section(s) => paragraph_block(&flatten_section(s), sink),
        };
        out.push(view);
    }
    out
}

fn paragraph_block(text: &str, sink: &mut impl Sink) -> BlockView {
    BlockView {
        kind: "paragraph",
        text: sink.text(text),
        ordinal: String::new(),
        heading: String::new(),
        items: Vec::new(),
        blocks: Vec::new(),
    }
}

fn items(list: &PlanList, sink: &mut impl Sink) -> Vec<ItemView> {
    sink.count(list.items.len());
    list.items
        .iter()
        .map(|item| {
            let children: Vec<&PlanItem> =
                item.children.iter().flat_map(|c| c.items.iter()).collect();
            sink.count(children.len());
            ItemView {
                ordinal: sink.text(&item.ordinal),
                lead: sink.text(&item.lead),
                body: sink.text(&item.body.text()),
                children: children
                    .into_iter()
                    .map(|c| ItemView {
                        ordinal: sink.text(&c.ordinal),
                        lead: sink.text(&c.lead),
                        body: sink.text(&item_text_deep(c)),
                        children: Vec::new(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A child item's body with any deeper items written into it.
fn item_text_deep(item: &PlanItem) -> String {
    let mut s = item.body.text();
    for list in &item.children {
        for c in &list.items {
            s.push_str(&c.ordinal);
            s.push_str(&c.lead);
            s.push('。');
            s.push_str(&item_text_deep(c));
        }
    }
    s
}

fn flatten_section(s: &PlanSection) -> String {
    let mut out = format!("{}{}", s.ordinal, s.heading.as_deref().unwrap_or(""));
    for b in &s.blocks {
        match b {
            PlanBlock::Paragraph(p) => out.push_str(&p.text()),
            PlanBlock::Enumeration(l) => {
                for i in &l.items {
                    out.push_str(&format!("{}{}。{}", i.ordinal, i.lead, item_text_deep(i)));
                }
            }
            PlanBlock::Section(inner) => out.push_str(&flatten_section(inner)),
        }
    }
    out
}
