//! The typed skeleton of a parsed document: plain data with serde, nothing else.
//!
//! `Document → Speech → Section → Block (Paragraph | Enumeration | Section) → Item`.
//! The tree is built from the grammar's output in exactly one place (`grammar::document::build`);
//! this module owns only the shapes and their JSON/YAML form, which is fixed so that tools
//! and tests can rely on it (and so that a parsed speech is a valid outline for `draft`).

use serde::{Deserialize, Serialize};

/// One input file: zero or more speeches, optionally inside a collection (发言摘登).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    /// Where the text came from (a path, or `-` for standard input).
    pub source: String,
    /// Set when the document gathers several speeches under one title.
    pub collection: Option<Collection>,
    /// The speeches, in order of first appearance.
    pub speeches: Vec<Speech>,
}

/// A newspaper's or site's collection of speeches (发言摘登).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Collection {
    /// The collection's own title.
    pub title: Option<String>,
    /// The `——…` line under the title, dash included as written.
    pub subtitle: Option<String>,
    /// The editor's note (编者的话), if any.
    pub editor_note: Option<String>,
}

/// One speech (讲话): title block, greeting, opening, numbered sections, closing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Speech {
    /// Title (标题), e.g. `在…会议上的讲话`.
    pub title: Option<String>,
    /// The speaker's name from the byline (署名).
    pub speaker: Option<String>,
    /// The speaker's office from the byline (职务).
    pub position: Option<String>,
    /// The date under the byline (or after the signature), without its brackets:
    /// `2026年3月5日`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Greeting (称呼), e.g. `同志们`, without its colon.
    pub greeting: Option<String>,
    /// Opening (开头): everything before the first section.
    pub opening: Vec<Block>,
    /// Top-level sections; an unnumbered speech has one section with no heading.
    pub sections: Vec<Section>,
    /// Closing (结尾): the final exhortation, paragraphs joined by newlines.
    pub closing: Option<String>,
}

/// A numbered section (一、…) or a lower heading level ((一)…) nested as a block.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The ordinal as written, normalized to full width (`一、`, `（一）`, `1、`); `None` when unnumbered.
    pub ordinal: Option<String>,
    /// The heading sentence without its ordinal; `None` when the section has none.
    pub heading: Option<String>,
    /// The section's content in order.
    pub blocks: Vec<Block>,
}

/// A unit of body text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    /// A plain paragraph (段落).
    Paragraph(String),
    /// An enumeration (列举): 一是…二是…, 首先…最后, 一方面…另一方面.
    Enumeration(Enumeration),
    /// A lower heading level, e.g. `（一）` under `一、`.
    Section(Section),
}

/// An enumeration (列举): a run of items of one marker family.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Enumeration {
    /// The family's first marker: 一是, 一要, 首先, 第一, 一方面, …
    pub style: String,
    /// The items in order.
    pub items: Vec<Item>,
}

/// One item of an enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// The marker as written: 一是, 二要, 其次, 另一方面 …
    pub ordinal: String,
    /// The item's topic phrase (要点), never past its first 。；！？.
    pub lead: String,
    /// The rest of the item's text.
    pub body: String,
    /// Enumerations nested under this item.
    pub children: Vec<Enumeration>,
}

impl Speech {
    /// All top-level blocks of the speech, opening first, in reading order.
    pub fn blocks(&self) -> impl Iterator<Item = &Block> {
        self.opening
            .iter()
            .chain(self.sections.iter().flat_map(|s| s.blocks.iter()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_shape_matches_the_documented_contract() {
        let doc = Document {
            source: "a.txt".into(),
            collection: None,
            speeches: vec![Speech {
                greeting: Some("同志们".into()),
                sections: vec![Section {
                    ordinal: Some("一、".into()),
                    heading: Some("提高认识".into()),
                    blocks: vec![
                        Block::Paragraph("正文。".into()),
                        Block::Enumeration(Enumeration {
                            style: "一是".into(),
                            items: vec![Item {
                                ordinal: "一是".into(),
                                lead: "强化担当".into(),
                                body: "要落实。".into(),
                                children: vec![],
                            }],
                        }),
                    ],
                }],
                ..Speech::default()
            }],
        };
        let json = serde_json::to_value(&doc).unwrap();
        assert_eq!(json["speeches"][0]["title"], serde_json::Value::Null);
        assert_eq!(
            json["speeches"][0]["sections"][0]["blocks"][0]["paragraph"],
            "正文。"
        );
        let e = &json["speeches"][0]["sections"][0]["blocks"][1]["enumeration"];
        assert_eq!(e["style"], "一是");
        assert_eq!(e["items"][0]["lead"], "强化担当");
        let back: Document = serde_json::from_value(json).unwrap();
        assert_eq!(back, doc);
    }
}
