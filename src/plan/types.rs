//! What a plan is: every choice of a draft (title, opening, sections with their blocks,
//! lists and items, closing), each filled sentence with the rule it came from. Templates render
//! it; `batch` locates its parts in the text.

use serde::Serialize;

use crate::field::Field;
use crate::function::Function;
use crate::numbering::Style;
use crate::outline::Kind;

/// A draft's every choice, ready to render.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    /// The kind of speech, which picks the template.
    pub kind: Kind,
    /// The seed everything derives from.
    pub seed: u64,
    /// The field the speech is in.
    pub field: Field,
    /// Where a figure, name or date must be filled in.
    pub placeholder: String,
    /// Title.
    pub title: Option<String>,
    /// Speaker's name.
    pub speaker: Option<String>,
    /// Speaker's office.
    pub position: Option<String>,
    /// The date under the byline.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<String>,
    /// Greeting, without colon.
    pub greeting: Option<String>,
    /// Opening paragraphs.
    pub opening: Vec<Paragraph>,
    /// Sections.
    pub sections: Vec<PlanSection>,
    /// Closing paragraphs.
    pub closing: Vec<Paragraph>,
    /// What the writer should know: pools that ran out, styles changed.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
}

/// A paragraph of sentences.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
}

/// One sentence and where it came from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The text, slots filled.
    pub text: String,
    /// `outline` for text the writer gave, else `role#n`: the n-th rule (1-based) of its role
    /// in the rules file.
    pub rule: String,
}

/// A planned section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanSection {
    /// `一、`, `（一）`; empty in a speech without numbered sections.
    pub ordinal: String,
    /// The heading.
    pub heading: Option<String>,
    /// What the section does.
    pub function: Function,
    /// Content in order.
    pub blocks: Vec<PlanBlock>,
}

/// A planned block.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PlanBlock {
    /// A paragraph.
    Paragraph(Paragraph),
    /// An enumeration.
    Enumeration(PlanList),
    /// A lower heading level.
    Section(PlanSection),
}

/// A planned enumeration.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanList {
    /// The style, serialized as its first marker: 一是, 一要, 首先, 第一, 一方面.
    pub style: Style,
    /// The items.
    pub items: Vec<PlanItem>,
}

/// A planned item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanItem {
    /// The computed marker: 一是, 其次, 另一方面 …
    pub ordinal: String,
    /// The lead.
    pub lead: String,
    /// The body.
    pub body: Paragraph,
    /// Nested enumerations.
    pub children: Vec<PlanList>,
}

impl Paragraph {
    /// The paragraph's text.
    pub fn text(&self) -> String {
        let mut s = String::new();
        for sentence in &self.sentences {
            s.push_str(&sentence.text);
        }
        s
    }

    pub(super) fn given(text: &str) -> Paragraph {
        Paragraph {
            sentences: vec![Sentence {
                text: text.to_owned(),
                rule: "outline".into(),
            }],
        }
    }

    pub(super) fn chars(&self) -> usize {
        self.sentences.iter().map(|s| s.text.chars().count()).sum()
    }
}

impl From<PlanSection> for PlanBlock {
    fn from(s: PlanSection) -> PlanBlock {
        PlanBlock::Section(s)
    }
}
