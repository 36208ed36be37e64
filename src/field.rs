//! Fields (领域): the domains of government work a speech belongs to, their lexicons, and how
//! an outline's field is recognised.
//!
//! A field is named in a rules file (`field: safety`, with its `label` and `words`) and every
//! rule may carry the field it belongs to. A draft stays in one field: it draws its sentences
//! from that field's rules and the general ones, never another field's. This module owns the
//! [`Field`] names and the [`Lexicon`] (which words mark which field); it does not choose
//! sentences (that is [`crate::plan`]).

use std::collections::BTreeMap;
use std::fmt;

use aho_corasick::{AhoCorasick, MatchKind};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A field of government work. Twelve are built in; a rules file may declare more.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Field {
    /// 宣传思想文化（含网信、意识形态）.
    Propaganda,
    /// 安全生产与应急管理（含防汛）.
    Safety,
    /// 教育.
    Education,
    /// 党建与组织（干部、人才、基层党组织）.
    PartyBuilding,
    /// 纪检监察与作风建设.
    Discipline,
    /// 经济发展（项目、招商、营商环境、政务服务）.
    Economy,
    /// 乡村振兴与农业农村.
    Rural,
    /// 生态环境保护.
    Ecology,
    /// 卫生健康.
    Health,
    /// 政法与平安建设（信访、维稳）.
    LawAndOrder,
    /// 精神文明（文明城市、志愿服务）.
    Civility,
    /// 民生与社会保障（就业、养老）.
    Livelihood,
    /// No field: general content that fits any speech.
    General,
    /// A field a writer declared in their own rules file.
    Custom(String),
}

impl Field {
    /// The built-in fields, in the order they are listed.
    pub const BUILTIN: [Field; 12] = [
        Field::Propaganda,
        Field::Safety,
        Field::Education,
        Field::PartyBuilding,
        Field::Discipline,
        Field::Economy,
        Field::Rural,
        Field::Ecology,
        Field::Health,
        Field::LawAndOrder,
        Field::Civility,
        Field::Livelihood,
    ];

    /// The name used in outlines and rules files.
    pub fn name(&self) -> &str {
        match self {
            Field::Propaganda => "propaganda",
            Field::Safety => "safety",
            Field::Education => "education",
            Field::PartyBuilding => "party_building",
            Field::Discipline => "discipline",
            Field::Economy => "economy",
            Field::Rural => "rural",
            Field::Ecology => "ecology",
            Field::Health => "health",
            Field::LawAndOrder => "law_and_order",
            Field::Civility => "civility",
            Field::Livelihood => "livelihood",
            Field::General => "general",
            Field::Custom(name) => name,
        }
    }

    /// The field of a name: a built-in one, or a custom field of that name.
    pub fn from_name(name: &str) -> Field {
        Field::BUILTIN
            .iter()
            .chain(std::iter::once(&Field::General))
            .find(|f| f.name() == name)
            .cloned()
            .unwrap_or_else(|| Field::Custom(name.to_owned()))
    }

    /// Is a name usable for a custom field (lowercase ASCII words joined by `_`)?
    pub fn valid_name(name: &str) -> bool {
        !name.is_empty()
            && name.len() <= 40
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Field, D::Error> {
        let name = String::deserialize(d)?;
        if Field::valid_name(&name) {
            Ok(Field::from_name(&name))
        } else {
            Err(serde::de::Error::custom(format!(
                "`{name}` is not a field name; use one of {} or a lowercase ASCII name of your own",
                field_names()
            )))
        }
    }
}

/// The built-in field names, comma-separated, for messages.
pub fn field_names() -> String {
    Field::BUILTIN
        .iter()
        .map(Field::name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A field's declaration in a rules file: its name, label and lexicon.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FieldDef {
    /// The field.
    pub name: Field,
    /// Its Chinese label, e.g. `安全生产与应急管理`.
    #[serde(default)]
    pub label: String,
    /// The words that mark it (its lexicon).
    #[serde(default)]
    pub words: Vec<String>,
}

/// Which words mark which field: one automaton over every field's lexicon.
#[derive(Debug, Clone)]
pub struct Lexicon {
    defs: Vec<FieldDef>,
    /// Per pattern of the automaton: the indices into `defs` of the fields that list the word.
    owners: Vec<Vec<usize>>,
    words: Vec<String>,
    automaton: Option<AhoCorasick>,
}

/// Where a field's words were found in an outline, for the note that explains the choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Inference {
    /// The field chosen (`general` when no lexicon matched).
    pub field: Field,
    /// Its label.
    pub label: String,
    /// `given` when the outline named it, `inferred` when recognised, `none` when no field fits.
    pub how: &'static str,
    /// The words that decided, with their weighted counts, most first.
    pub evidence: Vec<(String, u32)>,
    /// The parts of the outline they were found in.
    pub parts: Vec<String>,
}

impl Inference {
    /// One line for standard error: which field, and why.
    pub fn note(&self) -> String {
        match self.how {
            "given" => format!(
                "field: {} ({}), as the outline says",
                self.field, self.label
            ),
            "inferred" => {
                let words: Vec<String> = self
                    .evidence
                    .iter()
                    .take(5)
                    .map(|(w, n)| format!("{w} ×{n}"))
                    .collect();
                format!(
                    "field: {} ({}), from {} in {}; set `field:` in the outline to choose another",
                    self.field,
                    self.label,
                    words.join(", "),
                    self.parts.join(", ")
                )
            }
            _ => "field: general: the outline matches no field's words, so the draft uses general \
                  sentences and placeholders; set `field:` in the outline to choose one"
                .to_owned(),
        }
    }
}

impl Lexicon {
    /// A lexicon of the given declarations (later declarations of a field add words).
    pub fn new(defs: &[FieldDef]) -> Lexicon {
        let mut merged: Vec<FieldDef> = Vec::new();
        for d in defs {
            match merged.iter_mut().find(|m| m.name == d.name) {
                Some(m) => {
                    if m.label.is_empty() {
                        m.label = d.label.clone();
                    }
                    m.words.extend(d.words.iter().cloned());
                }
                None => merged.push(d.clone()),
            }
        }
        let mut by_word: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for (i, d) in merged.iter().enumerate() {
            for w in &d.words {
                if w.chars().count() >= 2 {
                    let owners = by_word.entry(w.clone()).or_default();
                    if !owners.contains(&i) {
                        owners.push(i);
                    }
                }
            }
        }
        let words: Vec<String> = by_word.keys().cloned().collect();
        let owners: Vec<Vec<usize>> = by_word.into_values().collect();
        let automaton = (!words.is_empty()).then(|| {
            AhoCorasick::builder()
                .match_kind(MatchKind::LeftmostLongest)
                .build(&words)
                .expect("a lexicon of plain words builds")
        });
        Lexicon {
            defs: merged,
            owners,
            words,
            automaton,
        }
    }

    /// The declared fields, in order.
    pub fn fields(&self) -> impl Iterator<Item = &FieldDef> {
        self.defs.iter().filter(|d| d.name != Field::General)
    }

    /// A field's label (its name when it has none).
    pub fn label(&self, field: &Field) -> String {
        match field {
            Field::General => "通用".to_owned(),
            _ => self
                .defs
                .iter()
                .find(|d| &d.name == field)
                .map(|d| d.label.clone())
                .filter(|l| !l.is_empty())
                .unwrap_or_else(|| field.name().to_owned()),
        }
    }

    /// Is the field declared?
    pub fn knows(&self, field: &Field) -> bool {
        *field == Field::General || self.defs.iter().any(|d| &d.name == field)
    }

    /// The lexicon words in a text, each with the fields that list it (longest match wins,
    /// no overlaps).
    pub fn matches<'a>(&'a self, text: &'a str) -> impl Iterator<Item = (&'a str, Vec<&'a Field>)> {
        self.automaton
            .iter()
            .flat_map(move |a| a.find_iter(text))
            .map(move |m| {
                let id = m.pattern().as_usize();
                (
                    self.words[id].as_str(),
                    self.owners[id]
                        .iter()
                        .map(|&i| &self.defs[i].name)
                        .collect(),
                )
            })
    }

    /// The fields whose words a text holds, other than `own` and general: a sentence in a
    /// speech of `own` that holds such a word belongs to another field. A word that `own`'s
    /// lexicon lists too does not count.
    pub fn foreign_words<'a>(&'a self, text: &'a str, own: &Field) -> Vec<(&'a str, &'a Field)> {
        self.matches(text)
            .filter(|(_, owners)| !owners.contains(&own))
            .filter_map(|(w, owners)| {
                owners
                    .into_iter()
                    .find(|f| **f != Field::General)
                    .map(|f| (w, f))
            })
            .collect()
    }

    /// The field a text is most about, by lexicon hits (none when it holds no field words).
    pub fn field_of(&self, text: &str) -> Option<Field> {
        let mut score: BTreeMap<usize, u32> = BTreeMap::new();
        for (_, owners) in self.matches(text) {
            for f in owners {
                if let Some(i) = self.defs.iter().position(|d| &d.name == f) {
                    *score.entry(i).or_insert(0) += 1;
                }
            }
        }
        best(&score).map(|i| self.defs[i].name.clone())
    }

    /// Recognises an outline's field from its parts, each with a weight (title and topic
    /// count more than a point).
    pub fn infer(&self, parts: &[(&str, &str, u32)]) -> Inference {
        let mut score: BTreeMap<usize, u32> = BTreeMap::new();
        let mut evidence: BTreeMap<usize, BTreeMap<String, u32>> = BTreeMap::new();
        let mut found_in: BTreeMap<usize, Vec<String>> = BTreeMap::new();
        for (part, text, weight) in parts {
            for (word, owners) in self.matches(text) {
                for f in owners {
                    let Some(i) = self.defs.iter().position(|d| &d.name == f) else {
                        continue;
                    };
                    if *f == Field::General {
                        continue;
                    }
                    *score.entry(i).or_insert(0) += weight;
                    *evidence
                        .entry(i)
                        .or_default()
                        .entry(word.to_owned())
                        .or_insert(0) += weight;
                    let parts = found_in.entry(i).or_default();
                    if !parts.iter().any(|p| p == part) {
                        parts.push((*part).to_owned());
                    }
                }
            }
        }
        match best(&score) {
            Some(i) => {
                let mut ev: Vec<(String, u32)> = evidence
                    .remove(&i)
                    .unwrap_or_default()
                    .into_iter()
                    .collect();
                ev.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
                Inference {
                    field: self.defs[i].name.clone(),
                    label: self.label(&self.defs[i].name),
                    how: "inferred",
                    evidence: ev,
                    parts: found_in.remove(&i).unwrap_or_default(),
                }
            }
            None => Inference {
                field: Field::General,
                label: self.label(&Field::General),
                how: "none",
                evidence: Vec::new(),
                parts: Vec::new(),
            },
        }
    }
}

/// The index with the highest score; ties go to the field declared first.
fn best(score: &BTreeMap<usize, u32>) -> Option<usize> {
    let mut best: Option<(usize, u32)> = None;
    for (&i, &s) in score {
        if s > 0 && best.is_none_or(|(_, b)| s > b) {
            best = Some((i, s));
        }
    }
    best.map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lexicon() -> Lexicon {
        Lexicon::new(&[
            FieldDef {
                name: Field::Safety,
                label: "安全生产与应急管理".into(),
                words: vec!["安全生产".into(), "隐患".into(), "事故".into()],
            },
            FieldDef {
                name: Field::Education,
                label: "教育".into(),
                words: vec!["学校".into(), "学生".into(), "安全生产".into()],
            },
        ])
    }

    #[test]
    fn names_round_trip_and_unknown_names_are_custom() {
        for f in Field::BUILTIN {
            assert_eq!(Field::from_name(f.name()), f);
        }
        assert_eq!(Field::from_name("tourism"), Field::Custom("tourism".into()));
        assert!(!Field::valid_name("旅游"));
    }

    #[test]
    fn an_outline_is_recognised_by_its_weighted_words() {
        let inf = lexicon().infer(&[
            ("title", "在全市安全生产工作会议上的讲话", 3),
            ("points", "深化隐患排查，学校安全", 1),
        ]);
        assert_eq!(inf.field, Field::Safety);
        assert_eq!(inf.how, "inferred");
        assert!(inf.note().contains("安全生产 ×3"), "{}", inf.note());
        let none = lexicon().infer(&[("title", "在全市工作会议上的讲话", 3)]);
        assert_eq!(none.field, Field::General);
    }

    #[test]
    fn a_word_both_fields_list_is_not_foreign() {
        let lex = lexicon();
        assert!(lex
            .foreign_words("抓好安全生产", &Field::Education)
            .is_empty());
        let f = lex.foreign_words("学校要排查隐患", &Field::Education);
        assert_eq!(f, vec![("隐患", &Field::Safety)]);
    }
}
