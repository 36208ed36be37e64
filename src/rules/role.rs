//! Where in the skeleton a rule's text goes ([`Role`]), and the slots a pattern may name.

use serde::{Deserialize, Serialize};

/// Where in the skeleton a rule's text goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Role {
    /// 称呼: 同志们.
    #[serde(rename = "greeting")]
    Greeting,
    /// The meeting statement: 今天，我们召开….
    #[serde(rename = "opening.meeting")]
    OpeningMeeting,
    /// The purpose, or remarks on the meeting so far.
    #[serde(rename = "opening.purpose")]
    OpeningPurpose,
    /// The transition: 下面，我讲{{ n }}点意见。
    #[serde(rename = "opening.transition")]
    OpeningTransition,
    /// The sentence after a section heading.
    #[serde(rename = "section.lead_in")]
    SectionLeadIn,
    /// A sentence of an item's body, or of a section's paragraphs.
    #[serde(rename = "item.elaboration")]
    ItemElaboration,
    /// A paragraph sentence of a section without points (mined).
    #[serde(rename = "section.paragraph")]
    SectionParagraph,
    /// Generic sentences that hold a speech together, placed at the end of a body.
    #[serde(rename = "glue")]
    Glue,
    /// The closing: 同志们，…让我们…！
    #[serde(rename = "closing.exhortation")]
    ClosingExhortation,
    /// An enumeration style, chosen by its count.
    #[serde(rename = "enumeration.style")]
    EnumerationStyle,
    /// A section heading (patterns when mined, whole headings in the banks).
    #[serde(rename = "section.heading")]
    SectionHeading,
    /// An item's lead (banks): for outlines made at random.
    #[serde(rename = "item.lead")]
    ItemLead,
    /// The verb phrase heading a lead (mined, to read).
    #[serde(rename = "item.lead_head")]
    ItemLeadHead,
    /// A run of parallel four-character phrases (mined, to read).
    #[serde(rename = "phrase.run")]
    PhraseRun,
    /// A couplet (mined, to read).
    #[serde(rename = "closing.couplet")]
    ClosingCouplet,
}

impl Role {
    /// Every role, in the order of a speech; rules files are sorted this way.
    pub const ALL: [Role; 15] = [
        Role::Greeting,
        Role::OpeningMeeting,
        Role::OpeningPurpose,
        Role::OpeningTransition,
        Role::SectionLeadIn,
        Role::ItemElaboration,
        Role::SectionParagraph,
        Role::Glue,
        Role::ClosingExhortation,
        Role::EnumerationStyle,
        Role::SectionHeading,
        Role::ItemLead,
        Role::ItemLeadHead,
        Role::PhraseRun,
        Role::ClosingCouplet,
    ];

    /// The name used in rules files (`opening.meeting`).
    pub fn name(self) -> &'static str {
        match self {
            Role::Greeting => "greeting",
            Role::OpeningMeeting => "opening.meeting",
            Role::OpeningPurpose => "opening.purpose",
            Role::OpeningTransition => "opening.transition",
            Role::SectionLeadIn => "section.lead_in",
            Role::ItemElaboration => "item.elaboration",
            Role::SectionParagraph => "section.paragraph",
            Role::Glue => "glue",
            Role::ClosingExhortation => "closing.exhortation",
            Role::EnumerationStyle => "enumeration.style",
            Role::SectionHeading => "section.heading",
            Role::ItemLead => "item.lead",
            Role::ItemLeadHead => "item.lead_head",
            Role::PhraseRun => "phrase.run",
            Role::ClosingCouplet => "closing.couplet",
        }
    }

    /// What the role is for, as `rules show` explains it.
    pub fn about(self) -> &'static str {
        match self {
            Role::Greeting => "称呼: 同志们",
            Role::OpeningMeeting => "the meeting statement: 今天，我们召开…",
            Role::OpeningPurpose => "the purpose or the remarks on the meeting so far",
            Role::OpeningTransition => "the transition: 下面，我讲{{ n }}点意见。",
            Role::SectionLeadIn => "the sentence after a section heading, by function",
            Role::ItemElaboration => {
                "an item's body and a section's paragraphs, by field and function; \
                 patterns take up the lead ({{ verb }}{{ object }}, {{ subject }}{{ predicate }})"
            }
            Role::SectionParagraph => "a paragraph of a section that has no points (mined)",
            Role::Glue => "generic sentences that end a body: 要加强督促检查…",
            Role::ClosingExhortation => "the closing: 同志们，…让我们…！",
            Role::EnumerationStyle => {
                "an enumeration style (一是, 一要, 首先, 第一, 一方面), chosen by its count"
            }
            Role::SectionHeading => "a heading, by function (patterns when mined)",
            Role::ItemLead => "an item's lead, by function: claims or directives",
            Role::ItemLeadHead => "the verb phrase heading a lead: 深入宣传阐释",
            Role::PhraseRun => "a run of parallel four-character phrases: 踔厉奋发、勇毅前行",
            Role::ClosingCouplet => "a couplet: 征程万里风正劲，重任千钧再扬帆",
        }
    }

    /// The role of a name.
    pub fn from_name(name: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.name() == name)
    }

    /// The slots a pattern of this role can have filled: the outline's everywhere, the
    /// heading's where a section is being written, the lead's in an item's body, and a mined
    /// heading's objects in a heading. A slot outside its role would draft as nothing.
    pub fn slots(self) -> &'static [&'static str] {
        // SLOTS lists the outline's slots, then the heading, then the lead's.
        const OUTLINE: &[&str] = SLOTS.split_at(7).0;
        const LEAD_IN: &[&str] = SLOTS.split_at(8).0;
        const BODY: &[&str] = SLOTS.split_at(13).0;
        const HEADING: &[&str] = &[
            "meeting", "topic", "audience", "org", "speaker", "position", "n", "x", "y",
        ];
        match self {
            Role::EnumerationStyle => &[],
            Role::SectionLeadIn => LEAD_IN,
            Role::ItemElaboration | Role::SectionParagraph => BODY,
            Role::SectionHeading => HEADING,
            Role::Greeting
            | Role::OpeningMeeting
            | Role::OpeningPurpose
            | Role::OpeningTransition
            | Role::Glue
            | Role::ClosingExhortation
            | Role::ItemLead
            | Role::ItemLeadHead
            | Role::PhraseRun
            | Role::ClosingCouplet => OUTLINE,
        }
    }
}

/// The slots a pattern may use: the outline's (`meeting` …, `n` the number of sections), the
/// item's (`heading`, `lead`, and the lead's parts `verb`/`object` of a directive,
/// `subject`/`predicate` of a claim), and a mined heading's objects (`x`, `y`).
pub const SLOTS: [&str; 15] = [
    "meeting",
    "topic",
    "audience",
    "org",
    "speaker",
    "position",
    "n",
    "heading",
    "lead",
    "verb",
    "object",
    "subject",
    "predicate",
    "x",
    "y",
];

/// Slots filled per item from its lead, not from the outline.
pub const LEAD_SLOTS: [&str; 5] = ["lead", "verb", "object", "subject", "predicate"];
