//! `parse --explain`: every line of the normalized text with the part it became in the
//! parse (title, byline, greeting, heading, paragraph, closing …) or, for a dropped line,
//! the rule that dropped it. It reads what the other stages decided and decides nothing.
//!
//! A line's part is found in two steps: `lines` and `document::drops` say what each line is
//! and which lines are dropped; the parsed document then says which of the kept lines
//! became the title, the greeting, a heading or the closing (a kept line is matched to the
//! document by its text).

use super::document::{build, drops};
use super::lines::{classify, Kind, Level, Line};
use super::{without_stray_marks, Hints};
use crate::model::{Block, Document, Enumeration, Section, Speech};
use crate::normalize::Normalized;

/// What a line of the normalized text became.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKind {
    /// Dropped: page furniture, a menu, footnotes, markup.
    Furniture,
    /// An editor's lead or a note about the speech (dropped).
    EditorNote,
    /// The title of a speech (or of a collection).
    Title,
    /// The speaker's line (署名).
    Byline,
    /// A date line.
    Date,
    /// The greeting (称呼).
    Greeting,
    /// A vocative line between parts (`同志们、朋友们！`).
    Vocative,
    /// A section heading; its level is in [`ExplainedLine::level`].
    Heading,
    /// Speech text: the opening or a section's paragraphs and lists.
    Paragraph,
    /// Part of the closing.
    Closing,
}

impl LineKind {
    /// The name `parse --explain` prints.
    pub fn name(self) -> &'static str {
        match self {
            LineKind::Furniture => "furniture",
            LineKind::EditorNote => "editor-note",
            LineKind::Title => "title",
            LineKind::Byline => "byline",
            LineKind::Date => "date",
            LineKind::Greeting => "greeting",
            LineKind::Vocative => "vocative",
            LineKind::Heading => "heading",
            LineKind::Paragraph => "paragraph",
            LineKind::Closing => "closing",
        }
    }

    /// Is the line's text in the parse?
    pub fn is_kept(self) -> bool {
        !matches!(self, LineKind::Furniture | LineKind::EditorNote)
    }
}

/// One line of the normalized text and what it became.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExplainedLine {
    /// Its number in the normalized text, from 1.
    pub number: usize,
    /// Its text (without the mark of a line the source set apart).
    pub text: String,
    /// Did the source set it apart (bold, a heading element)?
    pub set_apart: bool,
    pub kind: LineKind,
    /// For a heading, its level: `一、`, `（一）`, `1、`, `（1）`, `第N点`, or `unnumbered`.
    pub level: Option<&'static str>,
    /// For a dropped line, the rule that dropped it (`link_trailer`, `menu`, `photo_credit` …).
    pub rule: Option<&'static str>,
    /// The speech it belongs to, from 0, when the text holds several.
    pub speech: Option<usize>,
}

/// Explains every line of a normalized text; see the module documentation.
pub fn explain(source: &str, normalized: &Normalized, hints: &Hints) -> Vec<ExplainedLine> {
    let text = without_stray_marks(&normalized.text);
    let lines = classify(&text);
    let (dropped, _) = drops(&lines);
    let doc = build(source, lines.clone(), hints);
    let mut speech_of = SpeechFinder::new(&doc);
    lines
        .iter()
        .zip(dropped)
        .enumerate()
        .map(|(i, (line, rule))| {
            let (kind, level, speech, rule) = match rule {
                Some(_) => (LineKind::Furniture, None, None, rule),
                None => {
                    let (k, s) = speech_of.find(line);
                    let rule = (k == LineKind::Furniture).then_some("outside_speech");
                    (k, level_of(line, k), s, rule)
                }
            };
            ExplainedLine {
                number: i + 1,
                text: line.text.to_owned(),
                set_apart: line.marked,
                kind,
                level,
                rule,
                speech: speech.filter(|_| doc.speeches.len() > 1),
            }
        })
        .collect()
}

fn level_of(line: &Line<'_>, kind: LineKind) -> Option<&'static str> {
    if kind != LineKind::Heading {
        return None;
    }
    Some(match line.kind {
        Kind::Heading { level, .. } => match level {
            Level::Cn => "一、",
            Level::Point => "第N点",
            Level::ParenCn => "（一）",
            Level::Arabic => "1、",
            Level::ParenArabic => "（1）",
            Level::SetApart => "unnumbered",
        },
        _ => "unnumbered",
    })
}

/// Finds the part of the document a kept line became, speech by speech in order: a line
/// is looked for in the speech where the previous line was found, then in the later ones.
struct SpeechFinder<'d> {
    doc: &'d Document,
    current: usize,
}

impl<'d> SpeechFinder<'d> {
    fn new(doc: &'d Document) -> Self {
        SpeechFinder { doc, current: 0 }
    }

    fn find(&mut self, line: &Line<'_>) -> (LineKind, Option<usize>) {
        let fixed = match line.kind {
            Kind::LeadIn(_) | Kind::EditorIntro | Kind::EditorHead => Some(LineKind::EditorNote),
            Kind::Date => Some(LineKind::Date),
            Kind::Vocative => Some(LineKind::Vocative),
            _ => None,
        };
        for k in self.current..self.doc.speeches.len() {
            if let Some(kind) = part_in(&self.doc.speeches[k], line) {
                self.current = k;
                return (fixed.unwrap_or(kind), Some(k));
            }
        }
        if let Some(collection) = &self.doc.collection {
            if collection.title.as_deref() == Some(line.text) {
                return (LineKind::Title, None);
            }
        }
        match fixed {
            Some(kind) => (kind, Some(self.current)),
            // In no speech: a news report or preface before the speech, a menu's remains.
            None => (LineKind::Furniture, None),
        }
    }
}

/// What a line is in one speech, if its text is there.
fn part_in(speech: &Speech, line: &Line<'_>) -> Option<LineKind> {
    let text = line.text.trim();
    if text.is_empty() {
        return None;
    }
    let body = line.body_text().trim();
    if let Some(greeting) = &speech.greeting {
        if matches!(line.kind, Kind::Greeting(_)) && text.starts_with(greeting.as_str())
            || greeting.len() > text.len() && greeting.contains(text)
        {
            return Some(LineKind::Greeting);
        }
    }
    if speech.title.as_deref().is_some_and(|t| t.contains(text)) {
        return Some(LineKind::Title);
    }
    if let Some(person) = &speech.speaker {
        if matches!(line.kind, Kind::Byline { .. }) && text.contains(person.as_str()) {
            return Some(LineKind::Byline);
        }
    }
    let in_closing = |t: &str| speech.closing.as_deref().is_some_and(|c| c.contains(t));
    if in_closing(text) || !body.is_empty() && in_closing(body) {
        return Some(LineKind::Closing);
    }
    if speech.sections.iter().any(|s| has_heading(s, text)) {
        return Some(LineKind::Heading);
    }
    let in_blocks = |blocks: &[Block]| blocks.iter().any(|b| block_has(b, text, body));
    if in_blocks(&speech.opening) || speech.sections.iter().any(|s| in_blocks(&s.blocks)) {
        return Some(LineKind::Paragraph);
    }
    None
}

/// Does this section, or one inside it, have the line as its heading?
fn has_heading(section: &Section, text: &str) -> bool {
    let own = section.heading.as_deref().is_some_and(|h| {
        let line = text
            .strip_prefix(section.ordinal.as_deref().unwrap_or(""))
            .unwrap_or(text);
        !h.is_empty() && line.trim_start().starts_with(h)
    });
    own || section.blocks.iter().any(|b| match b {
        Block::Section(s) => has_heading(s, text),
        _ => false,
    })
}

/// Does the block hold the line's text (or its body, after a heading or a vocative)?
fn block_has(block: &Block, text: &str, body: &str) -> bool {
    match block {
        // A paragraph may also be one part of a line (a line cut at a vocative).
        Block::Paragraph(p) => {
            holds(p, text, body) || (p.chars().count() >= 20 && text.contains(p.as_str()))
        }
        Block::Enumeration(e) => list_has(e, text, body),
        Block::Section(s) => s.blocks.iter().any(|b| block_has(b, text, body)),
    }
}

fn list_has(list: &Enumeration, text: &str, body: &str) -> bool {
    list.items.iter().any(|item| {
        holds(&item.body, text, body)
            || (!item.lead.is_empty() && text.contains(item.lead.as_str()))
            || item.children.iter().any(|c| list_has(c, text, body))
    })
}

fn holds(s: &str, text: &str, body: &str) -> bool {
    s.contains(text) || (!body.is_empty() && s.contains(body))
}
