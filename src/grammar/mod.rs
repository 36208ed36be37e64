//! The grammar stage: normalized text → [`Document`], through the pest grammar
//! `grammar/speech.pest`.
//!
//! The pest grammar classifies every line (furniture, title block lines, greeting, heading,
//! paragraph) and finds the enumeration markers inside paragraphs. This module turns those
//! pairs into the typed model, in exactly one place (`classify` reads the pairs; everything
//! after it works on plain `Line` values). What a grammar of single lines cannot know is
//! decided here from the whole document:
//! - where the title block ends and which of its lines is the title, byline and greeting;
//! - whether the text is a collection of speeches, or two speeches pasted together;
//! - which numbering level is the top one (`一、`, else `第N点`, `（一）`, `1、`), and how the
//!   lower levels nest; unnumbered speeches split at vocative lines (`同志们、朋友们！`);
//! - how markers group into enumerations (a run of 一是…四是; a list of 一是 inside an item of
//!   一方面; a run that switches from 一要 to 二是) and where the closing begins.
//!
//! It never fails: text without structure becomes one speech of paragraphs.
//!
//! One file per stage, in the order the text goes through them:
//! - `lines`: pest pairs → classified `Line`s (the only code that sees pairs);
//! - `document`: furniture dropped, collections and pasted speeches split;
//! - `speech`: title block, greeting, opening, and sections by numbering level;
//! - `enumeration`: lists of markers and the paragraphs between them;
//! - `closing`: the closing taken out of the last section;
//! - `explain`: what each line became, for `parse --explain` (reads the others' decisions).

mod closing;
mod document;
mod enumeration;
mod explain;
mod lines;
mod speech;

use std::borrow::Cow;

pub use explain::{explain, ExplainedLine, LineKind};

use pest_derive::Parser;

use crate::input::EMPHASIS;
use crate::model::Document;
use crate::normalize::Normalized;

/// The pest parser generated from `grammar/speech.pest`.
#[derive(Parser)]
#[grammar = "../grammar/speech.pest"]
pub struct SpeechParser;

/// What the container says about the speech: a page's `<title>` or `og:title`, a post's
/// front matter. The text's own title block wins; a hint fills what it lacks.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Hints {
    /// The title the container gives, site affixes removed.
    pub title: Option<String>,
}

/// Parses normalized text into a document.
pub fn parse(source: &str, normalized: &Normalized, hints: &Hints) -> Document {
    let text = without_stray_marks(&normalized.text);
    let lines = lines::classify(&text);
    document::build(source, lines, hints)
}

/// Parses normalized text without hints (plain text has none).
pub fn parse_unhinted(source: &str, normalized: &Normalized) -> Document {
    parse(source, normalized, &Hints::default())
}

/// The emphasis mark means something only at the start of a line: a line joined to the
/// one before it by normalization keeps no mark inside.
pub(super) fn without_stray_marks(text: &str) -> Cow<'_, str> {
    let stray = text
        .match_indices(EMPHASIS)
        .any(|(i, _)| i > 0 && text.as_bytes()[i - 1] != b'\n');
    if !stray {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut line_start = true;
    for c in text.chars() {
        if c != EMPHASIS || line_start {
            out.push(c);
        }
        line_start = c == '\n';
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::document::*;
    use super::enumeration::*;
    use super::lines::*;
    use crate::model::{Block, Document, Enumeration};

    fn doc(text: &str) -> Document {
        crate::parse_str("test", text)
    }

    #[test]
    fn chinese_numerals_read_as_numbers() {
        assert_eq!(cn_value("一"), 1);
        assert_eq!(cn_value("十"), 10);
        assert_eq!(cn_value("十五"), 15);
        assert_eq!(cn_value("二十"), 20);
        assert_eq!(cn_value("三十二"), 32);
    }

    #[test]
    fn a_plain_speech_has_title_greeting_sections_and_closing() {
        let d = doc("在全市工作会议上的讲话\n同志们：\n今天召开会议。下面，我讲两点意见。\n一、提高认识\n要提高认识。\n二、狠抓落实\n一是强化担当。要担当。二是压实责任。要落实。\n同志们，让我们共同努力！");
        let s = &d.speeches[0];
        assert_eq!(s.title.as_deref(), Some("在全市工作会议上的讲话"));
        assert_eq!(s.greeting.as_deref(), Some("同志们"));
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[1].heading.as_deref(), Some("狠抓落实"));
        let Block::Enumeration(e) = &s.sections[1].blocks[0] else {
            panic!("{:?}", s.sections[1].blocks)
        };
        assert_eq!(e.style, "一是");
        assert_eq!(e.items[1].lead, "压实责任");
        assert_eq!(e.items[1].body, "要落实。");
        assert_eq!(s.closing.as_deref(), Some("同志们，让我们共同努力！"));
    }

    #[test]
    fn a_list_inside_one_aspect_nests_and_the_next_aspect_continues() {
        let d = doc("一方面，要领会。一是举旗帜。二是聚民心。另一方面，要认识。一是适应变化。二是回应关切。");
        let blocks: Vec<&Block> = d.speeches[0].blocks().collect();
        let Block::Enumeration(e) = blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(e.style, "一方面");
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].children[0].items.len(), 2);
        assert_eq!(e.items[1].children[0].items[1].lead, "回应关切");
    }

    #[test]
    fn a_single_marker_is_no_list() {
        let d = doc("首先，我代表党中央表示祝贺。我们要努力。");
        assert!(d.speeches[0]
            .blocks()
            .all(|b| matches!(b, Block::Paragraph(_))));
    }

    #[test]
    fn mixed_markers_continue_one_list_and_a_restart_starts_another() {
        let d = doc("一是坚持守正；二是坚持创新。\n一要强化担当。正文。\n二是汇聚合力。正文。");
        let lists: Vec<&Enumeration> = d.speeches[0]
            .blocks()
            .filter_map(|b| match b {
                Block::Enumeration(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[1].style, "一要");
        assert_eq!(lists[1].items[1].lead, "汇聚合力");
    }

    #[test]
    fn alternating_markers_nest_at_most_three_deep() {
        // Regression: each 首先 nested under the 一是 before it, so the stack grew with the
        // text and every marker scanned it (quadratic time on a 2 MB paragraph).
        let d = doc(&"首先，一是甲。二是乙。".repeat(2000));
        fn depth(e: &Enumeration) -> usize {
            1 + e
                .items
                .iter()
                .flat_map(|i| i.children.iter())
                .map(depth)
                .max()
                .unwrap_or(0)
        }
        let deepest = d.speeches[0]
            .blocks()
            .filter_map(|b| match b {
                Block::Enumeration(e) => Some(depth(e)),
                _ => None,
            })
            .max();
        assert!(deepest.unwrap_or(0) <= MAX_DEPTH, "{deepest:?}");
    }

    fn kind_of(line: &str) -> Kind<'_> {
        classify(line).remove(0).kind
    }

    #[test]
    fn lines_that_open_like_furniture_but_are_speech_text_are_paragraphs() {
        // Regression: each of these was read as furniture or a date and dropped.
        for line in [
            "- 这是以短横开头的段落，要认真落实。",
            "（掌声）",
            "时间：就是生命。",
            "技术支持是关键，要加强保障。",
            "⑴加强领导。",
        ] {
            assert!(matches!(kind_of(line), Kind::Paragraph), "{line}");
        }
        for line in [
            "- 2021-05-07 发布 |",
            "- 10页",
            "时间：2026-02-01",
            "编辑：何继红",
        ] {
            assert!(matches!(kind_of(line), Kind::Furniture), "{line}");
        }
        assert!(matches!(kind_of("（2010年2月22日）"), Kind::Date));
    }

    #[test]
    fn a_heading_that_makes_no_section_keeps_its_text() {
        // Regression: a lone `1、…` was a heading of a level with one member, so no section,
        // and its heading sentence was dropped with it.
        for line in [
            "1、单独一行的编号内容。",
            "（1）单独一行的编号内容。",
            "1.单独一行的编号内容。",
        ] {
            let d = doc(&format!("开头的话。\n{line}"));
            let found = d.speeches[0]
                .blocks()
                .any(|b| matches!(b, Block::Paragraph(p) if p == line));
            assert!(found, "{line}: {:?}", d.speeches[0]);
        }
    }

    #[test]
    fn a_line_without_chinese_is_text_when_it_reads_as_prose() {
        assert!(reads_as_prose("Hello world."));
        assert!(reads_as_prose("We are here!"));
        for junk in [
            "</div>",
            "margin-bottom: 10px;",
            "tags:",
            "Date,Text",
            "|",
            "2024",
        ] {
            assert!(!reads_as_prose(junk), "{junk}");
        }
        let d = doc("开头的话。\nHello world.\n------\n结尾的话。");
        let paragraphs: Vec<&Block> = d.speeches[0].blocks().collect();
        assert!(paragraphs.contains(&&Block::Paragraph("Hello world.".into())));
        assert!(!paragraphs.contains(&&Block::Paragraph("------".into())));
    }

    #[test]
    fn empty_and_structureless_text_never_fail() {
        assert_eq!(doc("").speeches.len(), 1);
        let d = doc("第一段话。\n第二段话。\n第三段话。");
        assert_eq!(d.speeches[0].sections.len(), 1);
        assert_eq!(d.speeches[0].sections[0].heading, None);
    }
}
