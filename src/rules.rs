//! Rules (规则): phrase pools by their role in the skeleton, as patterns with named slots and
//! alternatives, tagged with the field and section function they belong to.
//!
//! A rules file is plain YAML a person can read and edit. `mine` and `rules merge` write one
//! rule per entry:
//!
//! ```yaml
//! fields:                        # the fields the file declares, with their lexicons
//!   - name: safety
//!     label: 安全生产与应急管理
//!     words: [安全生产, 隐患, 事故]
//! rules:
//!   - role: item.elaboration
//!     text: 要{逐一|逐项}建立重大隐患清单，明确整改责任人和完成时限。
//!     field: safety              # optional: only in speeches of this field (none: any field)
//!     function: tasks            # optional: only in sections of this function
//!     kinds: [work_meeting]      # optional: only for these kinds (or 工作会议, 部署会 …)
//!     count: 3                   # how often it was seen (mined rules)
//!     sources: [raw/000.txt]     # where it was seen (mined rules: paths as mine was given)
//! ```
//!
//! A phrase bank written by hand groups its rules: `field:`, `label:` and `words:` at the top
//! declare one field and tag every rule, and a rule may list many `texts:` that share its tags.
//! `{{ slot }}` is filled from the outline or the item's lead; `{a|b|c}` is a choice made by
//! the seed. This module reads, checks and fills patterns; it does not choose among them
//! (that is [`crate::plan`]).

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diag::Diagnostic;
use crate::field::{Field, FieldDef};
use crate::function::Function;
use crate::outline::Kind;

/// The built-in rules, embedded so the tool works with no files around it: the project's
/// phrase banks (`rules/fields/`) merged with what is mined from [`DEFAULT_CORPUS`].
pub const DEFAULT_RULES: &str = include_str!("../rules/default.yaml");

/// The hand-written genre rules that belong to no bank: the greeting and enumeration styles.
pub const HANDWRITTEN_RULES: &str = include_str!("../rules/handwritten.yaml");

/// The hand-written phrase banks the defaults start from: the general bank and one per field.
pub const BANKS: [(&str, &str); 14] = [
    ("general.yaml", include_str!("../rules/fields/general.yaml")),
    ("glue.yaml", include_str!("../rules/fields/glue.yaml")),
    (
        "propaganda.yaml",
        include_str!("../rules/fields/propaganda.yaml"),
    ),
    ("safety.yaml", include_str!("../rules/fields/safety.yaml")),
    (
        "education.yaml",
        include_str!("../rules/fields/education.yaml"),
    ),
    (
        "party_building.yaml",
        include_str!("../rules/fields/party_building.yaml"),
    ),
    (
        "discipline.yaml",
        include_str!("../rules/fields/discipline.yaml"),
    ),
    ("economy.yaml", include_str!("../rules/fields/economy.yaml")),
    ("rural.yaml", include_str!("../rules/fields/rural.yaml")),
    ("ecology.yaml", include_str!("../rules/fields/ecology.yaml")),
    ("health.yaml", include_str!("../rules/fields/health.yaml")),
    (
        "law_and_order.yaml",
        include_str!("../rules/fields/law_and_order.yaml"),
    ),
    (
        "civility.yaml",
        include_str!("../rules/fields/civility.yaml"),
    ),
    (
        "livelihood.yaml",
        include_str!("../rules/fields/livelihood.yaml"),
    ),
];

/// The texts the default rules are mined from, relative to `../shared/corpus`: the five seed
/// speeches. (The wild texts are test data only; nothing of theirs enters the built-in rules.)
pub const DEFAULT_CORPUS: [&str; 5] = [
    "raw/000_7a9d388fdbd5993d.txt",
    "raw/001_025b12c513c7c695.txt",
    "raw/002_ca93ba84090e03e2.txt",
    "raw/003_c482fb4d9de76cb8.txt",
    "raw/004_5d19453900ce132a.txt",
];

/// The fields the built-in banks declare, with their lexicons (read from the banks' heads
/// once).
pub fn bank_fields() -> &'static [FieldDef] {
    static FIELDS: std::sync::OnceLock<Vec<FieldDef>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(read_bank_fields)
}

fn read_bank_fields() -> Vec<FieldDef> {
    #[derive(Deserialize)]
    struct Head {
        field: Option<Field>,
        #[serde(default)]
        label: String,
        #[serde(default)]
        words: Vec<String>,
        #[serde(default)]
        #[allow(dead_code)]
        rules: serde::de::IgnoredAny,
    }
    BANKS
        .iter()
        .filter_map(|(name, text)| {
            let head: Head = serde_saphyr::from_str(text)
                .unwrap_or_else(|e| panic!("the embedded bank {name} is valid (tested): {e}"));
            let name = head.field?;
            (name != Field::General).then_some(FieldDef {
                name,
                label: head.label,
                words: head.words,
            })
        })
        .collect()
}

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

/// A set of rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RuleSet {
    /// The fields declared, with their lexicons.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldDef>,
    /// The rules, in file order.
    pub rules: Vec<Rule>,
}

/// One rule: a pattern for one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rule {
    /// Where in the skeleton the text goes.
    pub role: Role,
    /// The pattern: text with `{{ slot }}` placeholders and `{a|b}` alternatives.
    pub text: String,
    /// The slots the pattern uses (computed).
    #[serde(skip)]
    pub slots: Vec<String>,
    /// The field it belongs to; any field when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<Field>,
    /// The section function it belongs to; any when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<Function>,
    /// Only for these kinds of speech; all kinds when empty.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<Kind>,
    /// How often the pattern was seen in the corpus it was mined from.
    #[serde(skip_serializing_if = "is_zero")]
    pub count: u64,
    /// The documents it was seen in.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// For `enumeration.style`: how many lists of each size were seen.
    #[serde(skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sizes: std::collections::BTreeMap<u32, u64>,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

impl Rule {
    /// A rule of a role with a text and no tags.
    pub fn new(role: Role, text: &str) -> Rule {
        Rule {
            role,
            text: text.to_owned(),
            slots: slots_of(text),
            field: None,
            function: None,
            kinds: Vec::new(),
            count: 0,
            sources: Vec::new(),
            sizes: Default::default(),
        }
    }
}

/// A rules file as written: one rule per entry, or a bank's groups. Values that are checked
/// after reading keep where they were written, for the error.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    /// A bank's one field, tagging every rule of the file.
    #[serde(default)]
    field: Option<Field>,
    #[serde(default)]
    label: Option<Spanned<String>>,
    #[serde(default)]
    words: Option<Spanned<Vec<String>>>,
    #[serde(default)]
    fields: Vec<FieldDef>,
    #[serde(default)]
    rules: Vec<Spanned<RawRule>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    role: Spanned<String>,
    #[serde(default)]
    text: Option<Spanned<String>>,
    #[serde(default)]
    texts: Vec<Spanned<String>>,
    #[serde(default)]
    field: Option<Spanned<Field>>,
    #[serde(default)]
    function: Option<Spanned<String>>,
    #[serde(default)]
    kinds: Vec<Spanned<String>>,
    #[serde(default)]
    count: u64,
    #[serde(default)]
    sources: Vec<String>,
    #[serde(default)]
    sizes: std::collections::BTreeMap<u32, u64>,
    /// Ignored: older files listed a pattern's slots, which are computed now.
    #[serde(default)]
    #[allow(dead_code)]
    slots: Vec<String>,
}

/// A rules file that cannot be used: a [`Diagnostic`] (what is wrong, where, what to write).
pub type RulesError = Diagnostic;

/// An error at a place in the file (an unknown place, line 0, is left out).
fn err_at(loc: &serde_saphyr::Location, message: impl Into<String>) -> Diagnostic {
    let d = Diagnostic::new(message);
    if loc.line() > 0 {
        d.at(loc.line(), loc.column())
            .wide(loc.span().len() as usize)
    } else {
        d
    }
}

/// The YAML reader's limits for a rules file of this size. serde-saphyr's defaults (250,000
/// nodes, a million events) refuse a rules file that `mine` writes from a few hundred
/// speeches, and speechgen must read whatever it writes: the node, event and text budgets grow
/// with the input, which without aliases cannot hold more nodes than it has bytes. Alias replay
/// keeps its fixed limits, so a small file that expands a great deal (billion laughs) is still
/// refused.
fn yaml_options(text: &str) -> serde_saphyr::Options {
    let mut budget = serde_saphyr::Budget::default();
    let scaled = text.len().saturating_mul(2).saturating_add(1024);
    budget.max_nodes = budget.max_nodes.max(scaled);
    budget.max_events = budget.max_events.max(scaled);
    budget.max_total_scalar_bytes = budget.max_total_scalar_bytes.max(text.len());
    let mut options = serde_saphyr::Options::default();
    options.budget = Some(budget);
    options
}

/// A piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A named slot.
    Slot(String),
    /// Alternatives, one chosen per use.
    Alt(Vec<String>),
}

/// Most alternatives in one `{…}`, and most choice points in one pattern: a pattern is a
/// sentence, not a grammar.
const MAX_OPTIONS: usize = 12;
const MAX_CHOICES: usize = 24;

impl RuleSet {
    /// Reads and checks a rules file: every rule it accepts can be drafted with.
    pub fn from_yaml(text: &str) -> Result<RuleSet, RulesError> {
        let raw: RawFile = serde_saphyr::from_str_with_options(text, yaml_options(text))
            .map_err(|e| crate::diag::yaml(&e, text))?;
        let mut set = RuleSet {
            fields: raw.fields,
            rules: Vec::with_capacity(raw.rules.len()),
        };
        if let Some(field) = raw.field.as_ref().filter(|f| **f != Field::General) {
            set.fields.push(FieldDef {
                name: field.clone(),
                label: raw
                    .label
                    .as_ref()
                    .map(|l| l.value.clone())
                    .unwrap_or_default(),
                words: raw
                    .words
                    .as_ref()
                    .map(|w| w.value.clone())
                    .unwrap_or_default(),
            });
        } else if raw.field.is_none() {
            let stray = raw
                .label
                .as_ref()
                .map(|l| &l.referenced)
                .or(raw.words.as_ref().map(|w| &w.referenced));
            if let Some(loc) = stray {
                return Err(err_at(
                    loc,
                    "`label` and `words` at the top belong to a bank's `field:`; add \
                     `field: NAME` or declare the field under `fields:`",
                ));
            }
        }
        for (i, spanned) in raw.rules.into_iter().enumerate() {
            let r = spanned.value;
            let n = i + 1;
            let role_name = r.role.value.as_str();
            let role = Role::from_name(role_name).ok_or_else(|| {
                let known: Vec<&str> = Role::ALL.iter().map(|r| r.name()).collect();
                err_at(
                    &r.role.referenced,
                    format!(
                        "rule {n} ({role_name}): unknown role; use one of {}",
                        known.join(", ")
                    ),
                )
            })?;
            let function = match &r.function {
                None => None,
                Some(name) => Some(Function::from_name(&name.value).ok_or_else(|| {
                    let known: Vec<&str> = Function::ALL.iter().map(|f| f.name()).collect();
                    err_at(
                        &name.referenced,
                        format!(
                            "rule {n} ({role_name}): unknown function `{}`; use one of {}",
                            name.value,
                            known.join(", ")
                        ),
                    )
                })?),
            };
            let mut kinds = Vec::with_capacity(r.kinds.len());
            for k in &r.kinds {
                let kind = Kind::from_name(&k.value).ok_or_else(|| {
                    err_at(
                        &k.referenced,
                        format!(
                            "rule {n} ({role_name}): unknown kind `{}`; use one of {}",
                            k.value,
                            Kind::spellings()
                        ),
                    )
                })?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            let field = match &r.field {
                Some(f) => {
                    let declared = !matches!(f.value, Field::Custom(_))
                        || set.fields.iter().any(|d| d.name == f.value);
                    if !declared {
                        return Err(err_at(
                            &f.referenced,
                            format!(
                                "rule {n} ({role_name}): field `{}` is not declared; declare it \
                                 under `fields:` with its label and words, or use one of {}",
                                f.value,
                                crate::field::field_names()
                            ),
                        ));
                    }
                    Some(f.value.clone())
                }
                None => raw.field.clone(),
            };
            let texts: Vec<Spanned<String>> = match (r.text, r.texts.is_empty()) {
                (Some(t), true) => vec![t],
                (None, false) => r.texts,
                _ => {
                    return Err(err_at(
                        &spanned.referenced,
                        format!(
                            "rule {n} ({role_name}): give `text:` (one) or `texts:` (a list), \
                             not both or neither"
                        ),
                    ))
                }
            };
            for text in texts {
                let at = |m: String| {
                    err_at(
                        &text.referenced,
                        format!("rule {n} ({role_name}: {:?}): {m}", text.value),
                    )
                };
                let slots = check_text(role, &text.value).map_err(at)?;
                set.rules.push(Rule {
                    role,
                    text: text.value,
                    slots,
                    field: field.clone(),
                    function,
                    kinds: kinds.clone(),
                    count: r.count,
                    sources: r.sources.clone(),
                    sizes: r.sizes.clone(),
                });
            }
        }
        Ok(set)
    }

    /// Several sets as one: their rules in order (each keeps its place within its role, so
    /// `role#n` names count on through the sets), their fields declared together.
    pub fn joined(sets: Vec<RuleSet>) -> RuleSet {
        let mut out = RuleSet::default();
        for set in sets {
            out.fields.extend(set.fields);
            out.rules.extend(set.rules);
        }
        out
    }

    /// The built-in rules.
    pub fn builtin() -> RuleSet {
        // Read once a process (1.6 MB of YAML); each caller gets its own copy.
        static BUILTIN: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                RuleSet::from_yaml(DEFAULT_RULES)
                    .expect("the embedded rules file is valid (checked by a test)")
            })
            .clone()
    }

    /// The rules as the YAML file speechgen writes (header comment included).
    pub fn to_yaml(&self) -> String {
        let mut text = String::from(HEADER);
        text.push_str(&serde_saphyr::to_string(self).expect("rules serialize"));
        text
    }
}

/// Checks that a text can be drafted in its role, and gives its slots.
fn check_text(role: Role, text: &str) -> Result<Vec<String>, String> {
    if role == Role::EnumerationStyle {
        return match crate::numbering::Style::from_name(text) {
            Some(_) => Ok(Vec::new()),
            None => Err(format!(
                "`{text}` is not an enumeration style a draft can number with; use one of {}",
                crate::numbering::Style::names()
            )),
        };
    }
    if role == Role::Greeting && text.trim().is_empty() {
        return Err("a greeting is empty; write the form of address, e.g. 同志们".into());
    }
    let pieces = parse_pattern(text)?;
    let slots = slots_in(&pieces);
    if let Some(bad) = slots.iter().find(|s| !SLOTS.contains(&s.as_str())) {
        return Err(format!(
            "unknown slot {{{{ {bad} }}}}; use one of {}",
            SLOTS.join(", ")
        ));
    }
    let allowed = role.slots();
    if let Some(bad) = slots.iter().find(|s| !allowed.contains(&s.as_str())) {
        return Err(format!(
            "{{{{ {bad} }}}} has no value in a {} rule and would draft as nothing; there use {}",
            role.name(),
            allowed.join(", ")
        ));
    }
    Ok(slots)
}

/// The header of every rules file speechgen writes.
pub const HEADER: &str =
    "# speechgen rules: phrase pools by role, as patterns with {{ slot }} placeholders and {a|b}\n\
# alternatives; field and function say where a rule may be used. count: how often a rule was\n\
# seen; sources: the documents it was seen in. Edit freely.\n";

/// The distinct slots of a pattern's pieces, in order of first use.
fn slots_in(pieces: &[Piece]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in pieces {
        match p {
            Piece::Slot(s) => {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
            Piece::Alt(options) => {
                for o in options {
                    for s in slots_in(&parse_pattern(o).unwrap_or_default()) {
                        if !out.contains(&s) {
                            out.push(s);
                        }
                    }
                }
            }
            Piece::Text(_) => {}
        }
    }
    out
}

/// The distinct slots of a pattern (none if it does not parse).
pub fn slots_of(text: &str) -> Vec<String> {
    parse_pattern(text)
        .map(|p| slots_in(&p))
        .unwrap_or_default()
}

/// Splits a pattern into text, `{{ slot }}` and `{a|b}` pieces.
pub fn parse_pattern(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut choices = 0;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            push_text(&mut pieces, &rest[..open]);
        }
        if let Some(after) = rest[open..].strip_prefix("{{") {
            let close = after
                .find("}}")
                .ok_or_else(|| "a `{{` is never closed with `}}`".to_owned())?;
            let name = after[..close].trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("`{{{{{}}}}}` is not a slot name", &after[..close]));
            }
            pieces.push(Piece::Slot(name.to_owned()));
            rest = &after[close + 2..];
        } else {
            let after = &rest[open + 1..];
            // The closing `}`: the first single one (a `{{ slot }}` inside an option is skipped).
            let mut close = None;
            let mut k = 0;
            while k < after.len() {
                if after[k..].starts_with("{{") {
                    k += after[k..].find("}}").map_or(after.len() - k, |e| e + 2);
                } else if after[k..].starts_with('{') {
                    return Err("alternatives `{a|b}` cannot nest".into());
                } else if after[k..].starts_with('}') {
                    close = Some(k);
                    break;
                } else {
                    k += after[k..].chars().next().map_or(1, char::len_utf8);
                }
            }
            let close = close.ok_or_else(|| "a `{` is never closed with `}`".to_owned())?;
            let inner = &after[..close];
            let options: Vec<String> = inner.split('|').map(str::to_owned).collect();
            if options.len() < 2 || options.iter().any(|o| o.trim().is_empty()) {
                return Err(format!(
                    "`{{{inner}}}`: alternatives are written {{a|b}}, two or more, none empty"
                ));
            }
            if options.len() > MAX_OPTIONS {
                return Err(format!("`{{{inner}}}`: at most {MAX_OPTIONS} alternatives"));
            }
            for o in &options {
                for slot in slots_in(&parse_pattern(o)?) {
                    if LEAD_SLOTS.contains(&slot.as_str()) || slot == "heading" {
                        return Err(format!(
                            "`{{{{ {slot} }}}}` inside alternatives: only the outline's slots \
                             (meeting, topic …) may stand there"
                        ));
                    }
                }
            }
            choices += 1;
            if choices > MAX_CHOICES {
                return Err(format!(
                    "at most {MAX_CHOICES} `{{a|b}}` choices in one pattern"
                ));
            }
            pieces.push(Piece::Alt(options));
            rest = &after[close + 1..];
        }
    }
    if rest.contains('}') {
        return Err("a `}` has no `{`".into());
    }
    if rest.contains('|') && pieces.iter().any(|p| matches!(p, Piece::Alt(_))) {
        return Err("a `|` outside `{…}`".into());
    }
    if !rest.is_empty() {
        push_text(&mut pieces, rest);
    }
    Ok(pieces)
}

/// Appends text, joining it to a text piece before it.
pub fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        last.push_str(text);
    } else {
        pieces.push(Piece::Text(text.to_owned()));
    }
}

/// A pattern's text with its first alternative taken and its slots left out: what it says
/// when read, for checks on content.
pub fn plain_text(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Alt(o) => s.push_str(&o[0]),
            Piece::Slot(_) => {}
        }
    }
    s
}

/// Every text a pattern can give, slots left out, at most `limit` of them.
pub fn expansions(pieces: &[Piece], limit: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for p in pieces {
        match p {
            Piece::Text(t) => out.iter_mut().for_each(|s| s.push_str(t)),
            Piece::Slot(_) => {}
            Piece::Alt(options) => {
                let mut next = Vec::new();
                'grow: for s in &out {
                    for o in options {
                        next.push(format!("{s}{o}"));
                        if next.len() >= limit {
                            break 'grow;
                        }
                    }
                }
                out = next;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_are_valid_and_cover_every_drafted_role_without_slots() {
        let set = RuleSet::builtin();
        for role in [
            Role::Greeting,
            Role::OpeningMeeting,
            Role::OpeningPurpose,
            Role::OpeningTransition,
            Role::SectionLeadIn,
            Role::ItemElaboration,
            Role::Glue,
            Role::ClosingExhortation,
            Role::EnumerationStyle,
        ] {
            assert!(
                set.rules
                    .iter()
                    .any(|r| r.role == role && r.slots.iter().all(|s| s == "n")),
                "no slot-free rule for {}: a draft of a bare outline could not fill it",
                role.name()
            );
        }
    }

    #[test]
    fn patterns_split_into_text_slots_and_alternatives() {
        let p = parse_pattern("今天，我们召开{{ meeting }}，{研究|部署}工作。").unwrap();
        assert_eq!(
            p,
            [
                Piece::Text("今天，我们召开".into()),
                Piece::Slot("meeting".into()),
                Piece::Text("，".into()),
                Piece::Alt(vec!["研究".into(), "部署".into()]),
                Piece::Text("工作。".into()),
            ]
        );
        assert_eq!(plain_text(&p), "今天，我们召开，研究工作。");
        assert_eq!(expansions(&p, 10).len(), 2);
        let p = parse_pattern("{对{{ topic }}想得深|谈得实}。").unwrap();
        assert_eq!(slots_in(&p), ["topic"]);
        for bad in [
            "坏{{ meeting",
            "坏{{ 会议 }}",
            "坏{一}",
            "坏{a|}",
            "坏{a|{b}}",
            "坏}",
            "坏{{{ object }}|b}",
        ] {
            assert!(parse_pattern(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn unknown_roles_slots_functions_and_fields_are_named() {
        let e = RuleSet::from_yaml("rules:\n  - role: nope\n    text: x\n")
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("unknown role") && e.contains("opening.meeting"),
            "{e}"
        );
        let e = RuleSet::from_yaml("rules:\n  - role: greeting\n    text: '{{ who }}'\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown slot") && e.contains("who"), "{e}");
        let e = RuleSet::from_yaml("rules:\n  - role: glue\n    function: fun\n    text: x\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("unknown function") && e.contains("tasks"), "{e}");
        let e = RuleSet::from_yaml("rules:\n  - role: glue\n    field: tourism\n    text: x\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not declared"), "{e}");
        let e = RuleSet::from_yaml("rules:\n  - role: glue\n    text: a\n    texts: [b]\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("not both"), "{e}");
        let e = RuleSet::from_yaml("rules:\n  - role: glue\n    text: '要{加强|{强化}}。'\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("cannot nest"), "{e}");
        let e = RuleSet::from_yaml("label: 旅游\nrules: []\n")
            .unwrap_err()
            .to_string();
        assert!(e.contains("field:"), "{e}");
    }

    fn error(yaml: &str) -> RulesError {
        RuleSet::from_yaml(yaml).expect_err(yaml)
    }

    #[test]
    fn rules_that_could_never_be_drafted_are_errors_at_their_line_and_column() {
        for (yaml, line, column, says) in [
            (
                "rules:\n  - role: enumeration.style\n    text: 甲是\n",
                3,
                11,
                "not an enumeration style",
            ),
            (
                "rules:\n  - role: greeting\n    text: ' '\n",
                3,
                11,
                "a greeting is empty",
            ),
            (
                "rules:\n  - role: closing.exhortation\n    text: 让我们{{ heading }}！\n",
                3,
                11,
                "{{ heading }} has no value in a closing.exhortation rule",
            ),
            (
                "rules:\n  - role: glue\n    text: 要落实{{ lead }}。\n",
                3,
                11,
                "{{ lead }} has no value in a glue rule",
            ),
            (
                "rules:\n  - role: opening.meeting\n    texts: [今天开会。, '{{ x }}']\n",
                3,
                20,
                "{{ x }} has no value",
            ),
            (
                "rules:\n  - role: glue\n    kinds: [部署会, 大会]\n    text: 要落实。\n",
                3,
                18,
                "unknown kind `大会`; use one of work_meeting (工作会议",
            ),
            (
                "rules:\n  - role: nope\n    text: x\n",
                2,
                11,
                "unknown role",
            ),
            (
                "rules:\n  - role: glue\n    field: tourism\n    text: x\n",
                3,
                12,
                "not declared",
            ),
            (
                "rules:\n  - role: glue\n    text: a\n    texts: [b]\n",
                2,
                5,
                "not both",
            ),
            ("label: 旅游\nrules: []\n", 1, 8, "field:"),
        ] {
            let e = error(yaml);
            assert_eq!(
                (e.line, e.column),
                (Some(line), Some(column)),
                "{yaml}: {e}"
            );
            assert!(e.message.contains(says), "{yaml}: {e}");
            let shown = e.in_file("r.yaml", yaml).to_string();
            assert!(
                shown.contains(&format!("r.yaml:{line}:{column}")),
                "{shown}"
            );
        }
    }

    #[test]
    fn rules_kinds_accept_the_chinese_names_of_the_kinds() {
        let set = RuleSet::from_yaml(
            "rules:\n  - role: glue\n    text: 要落实。\n    kinds: [工作会议, 部署会, 座谈会, 学习, \
             中心组学习, 动员会, work_meeting]\n",
        )
        .unwrap();
        assert_eq!(
            set.rules[0].kinds,
            [
                Kind::WorkMeeting,
                Kind::Deployment,
                Kind::Symposium,
                Kind::Study,
                Kind::Mobilization
            ]
        );
    }

    #[test]
    fn a_rules_file_over_the_yaml_readers_default_budget_is_read() {
        // 60,000 rules of three nodes each and a list: past serde-saphyr's 250,000 nodes.
        let mut yaml = String::from("rules:\n");
        for i in 0..60_000 {
            yaml.push_str(&format!(
                "- role: glue\n  text: 要落实{i}。\n  sources: [a]\n"
            ));
        }
        assert_eq!(RuleSet::from_yaml(&yaml).unwrap().rules.len(), 60_000);
    }

    #[test]
    fn a_bank_tags_its_rules_and_declares_its_field() {
        let set = RuleSet::from_yaml(
            "field: tourism\nlabel: 文化旅游\nwords: [景区, 游客]\nrules:\n  - role: glue\n    \
             function: tasks\n    texts: [要抓好景区管理。, 要服务好游客。]\n",
        )
        .unwrap();
        assert_eq!(set.fields[0].name, Field::Custom("tourism".into()));
        assert_eq!(set.rules.len(), 2);
        assert!(set
            .rules
            .iter()
            .all(|r| r.field == Some(Field::Custom("tourism".into()))
                && r.function == Some(Function::Tasks)));
        // What speechgen writes it reads back.
        assert_eq!(RuleSet::from_yaml(&set.to_yaml()).unwrap(), set);
    }
}
