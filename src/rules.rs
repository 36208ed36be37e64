//! Rules (规则): phrase pools by their role in the skeleton, as patterns with named slots.
//!
//! A rules file is plain YAML a person can read and edit:
//!
//! ```yaml
//! rules:
//!   - role: opening.transition
//!     text: 下面，我讲{{ n }}点意见。
//!     kinds: [work_meeting]      # optional: only for these kinds of speech
//!     count: 3                   # how often it was seen (mined rules)
//!     sources: [000.txt]         # where it was seen (mined rules)
//! ```
//!
//! Where a role has rules for the speech's kind, only those are used; otherwise the rules
//! without `kinds`. The built-in set is embedded in the binary; `--rules FILE` replaces it. This module reads,
//! checks and fills patterns; it does not choose among them (that is [`crate::plan`]).

use serde::{Deserialize, Serialize};

/// The built-in rules, embedded so the tool works with no files around it: the hand-written
/// rules merged with those mined from [`DEFAULT_CORPUS`].
pub const DEFAULT_RULES: &str = include_str!("../rules/default.yaml");

/// The hand-written rules the defaults start from.
pub const HANDWRITTEN_RULES: &str = include_str!("../rules/handwritten.yaml");

/// The texts the default rules are mined from, relative to `../shared/corpus`: the five seeds
/// and those wild texts that are speeches of today's genre (not Mao's, not government reports).
pub const DEFAULT_CORPUS: [&str; 20] = [
    "raw/000_7a9d388fdbd5993d.txt",
    "raw/001_025b12c513c7c695.txt",
    "raw/002_ca93ba84090e03e2.txt",
    "raw/003_c482fb4d9de76cb8.txt",
    "raw/004_5d19453900ce132a.txt",
    "wild/001.txt",
    "wild/004.txt",
    "wild/005.txt",
    "wild/006.txt",
    "wild/007.txt",
    "wild/009.txt",
    "wild/010.txt",
    "wild/014.txt",
    "wild/015.txt",
    "wild/017.txt",
    "wild/018.txt",
    "wild/020.txt",
    "wild/021.txt",
    "wild/022.txt",
    "wild/024.txt",
];

/// The roles of rules, and what each is for. The first nine are filled in drafts; the rest are
/// mined for the writer to read (`speechgen rules show`).
pub const ROLES: [(&str, &str); 13] = [
    ("greeting", "称呼: 同志们"),
    ("opening.meeting", "the meeting statement: 今天，我们召开…"),
    (
        "opening.purpose",
        "the purpose or the remarks on the meeting so far",
    ),
    (
        "opening.transition",
        "the transition: 下面，我讲{{ n }}点意见。",
    ),
    ("section.lead_in", "the sentences after a section heading"),
    ("item.elaboration", "the sentences after an item's lead"),
    (
        "section.paragraph",
        "a paragraph of a section that has no points",
    ),
    ("closing.exhortation", "the closing: 同志们，…让我们…！"),
    (
        "enumeration.style",
        "an enumeration style (一是, 一要, 首先, 第一, 一方面), chosen by its count",
    ),
    (
        "section.heading",
        "a heading pattern: 深刻领会、准确把握{{ x }}",
    ),
    (
        "item.lead_head",
        "the verb phrase heading a lead: 深入宣传阐释",
    ),
    (
        "phrase.run",
        "a run of parallel four-character phrases: 踔厉奋发、勇毅前行",
    ),
    (
        "closing.couplet",
        "a couplet: 征程万里风正劲，重任千钧再扬帆",
    ),
];

/// How many of [`ROLES`] drafts fill.
pub const DRAFT_ROLES: usize = 9;

/// The slots a pattern may use (`x`, `y`: the objects in heading patterns).
pub const SLOTS: [&str; 11] = [
    "meeting", "topic", "audience", "org", "speaker", "position", "n", "heading", "lead", "x", "y",
];

/// A set of rules.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleSet {
    /// The rules, in file order.
    pub rules: Vec<Rule>,
}

/// One rule: a pattern for one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    /// Where in the skeleton the text goes (see [`ROLES`]).
    pub role: String,
    /// The pattern: text with `{{ slot }}` placeholders.
    pub text: String,
    /// The slots the pattern uses (computed when left out).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub slots: Vec<String>,
    /// Only for these kinds of speech; all kinds when empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub kinds: Vec<String>,
    /// How often the pattern was seen in the corpus it was mined from.
    #[serde(default)]
    pub count: u64,
    /// The documents it was seen in.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<String>,
    /// For `enumeration.style`: how many lists of each size were seen.
    #[serde(default, skip_serializing_if = "std::collections::BTreeMap::is_empty")]
    pub sizes: std::collections::BTreeMap<u32, u64>,
}

/// A rules file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct RulesError(pub String);

impl RulesError {
    /// The same error with the file's name in place of the YAML reader's `<input>`.
    pub fn in_file(self, file: &str) -> RulesError {
        RulesError(self.0.replace("<input>", file))
    }
}

/// A piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A named slot.
    Slot(String),
}

impl RuleSet {
    /// Reads and checks a rules file.
    pub fn from_yaml(text: &str) -> Result<RuleSet, RulesError> {
        let mut set: RuleSet = serde_saphyr::from_str(text)
            .map_err(|e| RulesError(e.to_string().trim_start_matches("error: ").to_owned()))?;
        for (i, rule) in set.rules.iter_mut().enumerate() {
            let place = || format!("rule {} ({}: {:?})", i + 1, rule.role, rule.text);
            if !ROLES.iter().any(|(r, _)| *r == rule.role) {
                let known: Vec<&str> = ROLES.iter().map(|(r, _)| *r).collect();
                return Err(RulesError(format!(
                    "{}: unknown role; use one of {}",
                    place(),
                    known.join(", ")
                )));
            }
            let pieces =
                parse_pattern(&rule.text).map_err(|m| RulesError(format!("{}: {m}", place())))?;
            let slots = slots_in(&pieces);
            if let Some(bad) = slots.iter().find(|s| !SLOTS.contains(&s.as_str())) {
                return Err(RulesError(format!(
                    "{}: unknown slot {{{{ {bad} }}}}; use one of {}",
                    place(),
                    SLOTS.join(", ")
                )));
            }
            if rule.slots.is_empty() {
                rule.slots = slots;
            }
        }
        Ok(set)
    }

    /// The built-in rules.
    pub fn builtin() -> RuleSet {
        RuleSet::from_yaml(DEFAULT_RULES)
            .expect("the embedded rules file is valid (checked by a test)")
    }
}

/// The distinct slots of a pattern's pieces, in order of first use.
fn slots_in(pieces: &[Piece]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in pieces {
        if let Piece::Slot(s) = p {
            if !out.contains(s) {
                out.push(s.clone());
            }
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

/// The header of every rules file speechgen writes.
pub const HEADER: &str =
    "# speechgen rules: phrase pools by role, as patterns with {{ slot }} placeholders.\n\
# count: how often a rule was seen; sources: the documents it was seen in. Edit freely.\n";

impl RuleSet {
    /// The rules as the YAML file speechgen writes (header comment included).
    pub fn to_yaml(&self) -> String {
        let mut text = String::from(HEADER);
        text.push_str(&serde_saphyr::to_string(self).expect("rules serialize"));
        text
    }
}

/// Splits a pattern into text and `{{ slot }}` pieces.
pub fn parse_pattern(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    while let Some(open) = rest.find("{{") {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        let after = &rest[open + 2..];
        let close = after
            .find("}}")
            .ok_or_else(|| "a `{{` is never closed with `}}`".to_owned())?;
        let name = after[..close].trim();
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(format!("`{{{{{}}}}}` is not a slot name", &after[..close]));
        }
        pieces.push(Piece::Slot(name.to_owned()));
        rest = &after[close + 2..];
    }
    if rest.contains("}}") {
        return Err("a `}}` has no `{{`".into());
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    Ok(pieces)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_rules_are_valid_and_cover_every_role_without_slots() {
        let set = RuleSet::builtin();
        for (role, _) in &ROLES[..DRAFT_ROLES] {
            assert!(
                set.rules
                    .iter()
                    .any(|r| r.role == *role && r.slots.iter().all(|s| s == "n")),
                "no slot-free rule for {role}: a draft of a bare outline could not fill it"
            );
        }
    }

    #[test]
    fn patterns_split_into_text_and_slots() {
        let p = parse_pattern("今天，我们召开{{ meeting }}。").unwrap();
        assert_eq!(
            p,
            [
                Piece::Text("今天，我们召开".into()),
                Piece::Slot("meeting".into()),
                Piece::Text("。".into())
            ]
        );
        assert!(parse_pattern("坏{{ meeting").is_err());
        assert!(parse_pattern("坏{{ 会议 }}").is_err());
    }

    #[test]
    fn unknown_roles_and_slots_are_named() {
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
    }
}
