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
//!
//! [`banks`] holds the built-in rules, [`role`] the roles and slots, [`pattern`] the patterns;
//! this file reads and checks rules files.

mod banks;
mod pattern;
mod role;

pub use banks::{bank_fields, BANKS, DEFAULT_CORPUS, DEFAULT_RULES, HANDWRITTEN_RULES};
use pattern::slots_in;
pub use pattern::{expansions, parse_pattern, plain_text, push_text, slots_of, Piece};
pub use role::{Role, LEAD_SLOTS, SLOTS};

use serde::{Deserialize, Serialize};
use serde_saphyr::Spanned;

use crate::diag::Diagnostic;
use crate::field::{Field, FieldDef};
use crate::function::Function;
use crate::outline::Kind;

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
