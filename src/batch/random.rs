//! Random outlines: a different speech for every record, built from the field banks of the
//! rules (the built-in banks, or those a `--rules` file adds).
//!
//! An outline is drawn in the order a writer decides one: the field and kind, the level of
//! government and the organisation, the meeting and the speaker's office, then the sections
//! (their functions in an order real speeches of that kind use), each with a heading and
//! leads from the field's bank for that function. The result is YAML that `speechgen draft`
//! reads; this module makes no sentences of its own beyond the names of meetings and offices.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use crate::field::Field;
use crate::function::Function;
use crate::outline::Kind;
use crate::rules::{Role, RuleSet};

use super::seed::Rng;

/// The headings and leads of one field, by function.
#[derive(Debug, Default)]
struct Bank {
    label: String,
    headings: [Vec<String>; 6],
    leads: [Vec<String>; 6],
}

/// The field banks of a rule set, and the mix of fields and kinds to draw from.
#[derive(Debug)]
pub struct Banks {
    fields: Vec<(Field, Bank)>,
    general: Bank,
    kinds: Vec<Kind>,
    topics: Topics,
}

/// A user's own names for random outlines (`--topics FILE`): meetings, organisations and
/// topics, under a field's name or `all`. Each joins the built-in names: a random outline of
/// the field takes one of the user's with even odds (a meeting only where its name fits the
/// kind of speech drawn).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(transparent)]
pub struct Topics(BTreeMap<String, Names>);

/// The names of one field in a topics file.
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Names {
    /// Meetings, by their full name (全市优化营商环境大会).
    #[serde(default)]
    pub meetings: Vec<String>,
    /// Organisations (市发展和改革委员会).
    #[serde(default)]
    pub organisations: Vec<String>,
    /// Topics, as the rules' `{{ topic }}` takes them (优化营商环境工作).
    #[serde(default)]
    pub topics: Vec<String>,
}

/// At most this many names in a topics file.
pub const MAX_TOPIC_NAMES: usize = 100_000;

impl Topics {
    /// Reads a topics file; errors say where.
    pub fn from_yaml(text: &str) -> Result<Topics, crate::diag::Diagnostic> {
        let topics: Topics = if text.trim().is_empty() {
            Topics::default()
        } else {
            serde_saphyr::from_str(text).map_err(|e| crate::diag::yaml(&e, text))?
        };
        let mut total = 0usize;
        for (key, names) in &topics.0 {
            for (what, list) in [
                ("meetings", &names.meetings),
                ("organisations", &names.organisations),
                ("topics", &names.topics),
            ] {
                total += list.len();
                for name in list {
                    let chars = name.chars().count();
                    if name.trim().is_empty()
                        || chars > crate::outline::MAX_NAME_CHARS
                        || name.contains(['\n', '\r'])
                    {
                        return Err(crate::diag::Diagnostic::new(format!(
                            "`{key}.{what}`: {name:?} is not a name"
                        ))
                        .hint(format!(
                            "write each name on one line, 1 to {} characters",
                            crate::outline::MAX_NAME_CHARS
                        )));
                    }
                }
            }
        }
        if total > MAX_TOPIC_NAMES {
            return Err(crate::diag::Diagnostic::new(format!(
                "{total} names; a topics file holds at most {MAX_TOPIC_NAMES}"
            ))
            .hint("split it, and run a batch for each part"));
        }
        Ok(topics)
    }

    /// The field names it uses (other than `all`).
    pub fn fields(&self) -> impl Iterator<Item = &str> {
        self.0.keys().map(String::as_str).filter(|k| *k != "all")
    }

    /// The names for `field`: its own and those under `all`.
    fn for_field(&self, field: &Field) -> Names {
        let mut out = Names::default();
        for key in [field.name(), "all"] {
            if let Some(n) = self.0.get(key) {
                out.meetings.extend(n.meetings.iter().cloned());
                out.organisations.extend(n.organisations.iter().cloned());
                out.topics.extend(n.topics.iter().cloned());
            }
        }
        out
    }
}

/// The kind of speech a meeting's name says it is.
fn kind_of_meeting(name: &str) -> Kind {
    if name.contains("座谈") {
        Kind::Symposium
    } else if name.contains("学习") {
        Kind::Study
    } else if name.contains("动员") || name.contains("誓师") {
        Kind::Mobilization
    } else if name.contains("部署") || name.contains("推进会") || name.contains("调度") {
        Kind::Deployment
    } else {
        Kind::WorkMeeting
    }
}

/// A level of government: the area word (全市), its short name (市), and whether its
/// government offices are 厅 (a province) rather than 局.
struct Level {
    area: &'static str,
    short: &'static str,
    province: bool,
}

const LEVELS: [Level; 4] = [
    Level {
        area: "全省",
        short: "省",
        province: true,
    },
    Level {
        area: "全市",
        short: "市",
        province: false,
    },
    Level {
        area: "全县",
        short: "县",
        province: false,
    },
    Level {
        area: "全区",
        short: "区",
        province: false,
    },
];

/// The office that leads a field's work: its name after the level (`宣传部`), whether it is
/// a party office (市委宣传部) rather than a government one (市应急管理局), and the title of
/// its head.
fn office(field: &Field) -> Option<(&'static str, bool, &'static str)> {
    Some(match field {
        Field::Propaganda => ("宣传部", true, "部长"),
        Field::Safety => ("应急管理局", false, "局长"),
        Field::Education => ("教育局", false, "局长"),
        Field::PartyBuilding => ("组织部", true, "部长"),
        Field::Discipline => ("纪委监委", false, "书记"),
        Field::Economy => ("发展和改革委员会", false, "主任"),
        Field::Rural => ("农业农村局", false, "局长"),
        Field::Ecology => ("生态环境局", false, "局长"),
        Field::Health => ("卫生健康委员会", false, "主任"),
        Field::LawAndOrder => ("政法委", true, "书记"),
        Field::Civility => ("文明办", true, "主任"),
        Field::Livelihood => ("人力资源和社会保障局", false, "局长"),
        Field::General | Field::Custom(_) => return None,
    })
}

/// Family names and given-name characters for speakers (any pair is a plausible name).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾萧田董潘袁蔡蒋余于杜叶程魏苏吕丁任沈姚卢傅钟姜崔谭廖范汪陆金石戴贾韦夏邱方侯邹熊孟秦白江阎薛尹段雷黎史龙陶贺顾毛郝龚邵万钱严覃武";
const GIVEN: &str =
    "明华军平伟刚勇毅峰磊强涛斌超杰建国立新志红海波宁静丽敏芳霞燕玲洪文武林晨晓东亮辉琳健鹏飞宏远";

/// Function orders of each kind of speech, as real ones run: a speech of that kind takes
/// one of these, and `Tasks` may be split into two sections.
fn skeletons(kind: Kind) -> &'static [&'static [Function]] {
    use Function::*;
    match kind {
        Kind::WorkMeeting => &[
            &[Review, Tasks, Safeguards],
            &[Review, Situation, Tasks, Safeguards],
            &[Review, Significance, Tasks, Safeguards],
            &[Situation, Tasks, Safeguards],
            &[Review, Tasks],
        ],
        Kind::Deployment => &[
            &[Significance, Tasks, Safeguards],
            &[Situation, Tasks, Safeguards],
            &[Significance, Situation, Tasks, Safeguards],
            &[Tasks, Safeguards],
        ],
        Kind::Symposium => &[
            &[Review, Situation, Tasks],
            &[Significance, Tasks],
            &[Review, Tasks, Commitment],
            &[Situation, Tasks],
        ],
        Kind::Study => &[
            &[Significance, Tasks, Commitment],
            &[Significance, Situation, Tasks, Commitment],
            &[Significance, Tasks],
        ],
        Kind::Mobilization => &[
            &[Significance, Tasks, Safeguards],
            &[Situation, Significance, Tasks, Safeguards],
            &[Significance, Tasks],
        ],
    }
}

/// How many points a section of a function has: a range real speeches keep to.
fn points_range(function: Function) -> (usize, usize) {
    match function {
        Function::Review => (3, 5),
        Function::Situation => (2, 4),
        Function::Significance => (2, 3),
        Function::Tasks => (3, 6),
        Function::Safeguards => (2, 4),
        Function::Commitment => (2, 3),
    }
}

impl Banks {
    /// The banks of `rules`, restricted to `fields` and `kinds` when they are not empty.
    /// A field is drawn only if its bank has headings and leads for tasks.
    pub fn new(rules: &RuleSet, fields: &[String], kinds: &[Kind]) -> Result<Banks, String> {
        let mut banks: BTreeMap<Field, Bank> = BTreeMap::new();
        let mut general = Bank::default();
        for rule in &rules.rules {
            let (Some(function), true) = (
                rule.function,
                matches!(rule.role, Role::SectionHeading | Role::ItemLead),
            ) else {
                continue;
            };
            // Patterns (slots, alternatives) are for drafting; an outline takes whole text.
            if rule.text.contains(['{', '}']) || rule.text.is_empty() {
                continue;
            }
            let bank = match &rule.field {
                None | Some(Field::General) => &mut general,
                Some(f) => banks.entry(f.clone()).or_default(),
            };
            let list = match rule.role {
                Role::SectionHeading => &mut bank.headings[function.index()],
                _ => &mut bank.leads[function.index()],
            };
            if !list.contains(&rule.text) {
                list.push(rule.text.clone());
            }
        }
        for def in &rules.fields {
            if let Some(bank) = banks.get_mut(&def.name) {
                bank.label.clone_from(&def.label);
            }
        }
        let usable = |b: &Bank| {
            !b.label.is_empty()
                && !b.headings[Function::Tasks.index()].is_empty()
                && !b.leads[Function::Tasks.index()].is_empty()
        };
        let known: Vec<String> = banks
            .iter()
            .filter(|(_, b)| usable(b))
            .map(|(f, _)| f.name().to_owned())
            .collect();
        for name in fields {
            if !known.contains(name) {
                return Err(format!(
                    "--fields {name}: no bank of headings and leads for that field; use {}",
                    known.join(", ")
                ));
            }
        }
        let fields: Vec<(Field, Bank)> = banks
            .into_iter()
            .filter(|(f, b)| {
                usable(b) && (fields.is_empty() || fields.iter().any(|n| n == f.name()))
            })
            .collect();
        if fields.is_empty() {
            return Err(
                "the rules have no field bank with headings and leads to draw outlines from".into(),
            );
        }
        let kinds = if kinds.is_empty() {
            Kind::ALL.to_vec()
        } else {
            kinds.to_vec()
        };
        Ok(Banks {
            fields,
            general,
            kinds,
            topics: Topics::default(),
        })
    }

    /// Adds a user's own names ([`Topics`]); a field it names must be one of the banks'.
    pub fn with_topics(mut self, topics: Topics) -> Result<Banks, String> {
        let known: Vec<&str> = self.field_names();
        if let Some(unknown) = topics.fields().find(|f| !known.contains(f)) {
            return Err(format!(
                "`{unknown}` is not a field drawn from; use `all` or one of {}",
                known.join(", ")
            ));
        }
        self.topics = topics;
        Ok(self)
    }

    /// The fields drawn from, by name.
    pub fn field_names(&self) -> Vec<&str> {
        self.fields.iter().map(|(f, _)| f.name()).collect()
    }

    /// A random outline as the YAML `speechgen draft` reads.
    pub fn outline(&self, rng: &mut Rng) -> String {
        let (field, bank) = rng.pick(&self.fields);
        let kind = *rng.pick(&self.kinds);
        let level = rng.pick(&LEVELS);
        let label = &bank.label;
        let own = self.topics.for_field(field);
        let (org, head) = match office(field) {
            Some((name, party, head)) => {
                let name = if level.province {
                    name.replace('局', "厅")
                } else {
                    name.to_owned()
                };
                let prefix = if party {
                    format!("{}委", level.short)
                } else {
                    level.short.to_owned()
                };
                (format!("{prefix}{name}"), head)
            }
            None => (format!("{}委", level.short), "书记"),
        };
        // The user's names are drawn only when given, so a run without them is unchanged.
        let org = if !own.organisations.is_empty() && rng.chance(50) {
            rng.pick(&own.organisations).clone()
        } else {
            org
        };
        let s = level.short;
        let leaders = [
            format!("{s}委书记"),
            format!("{s}委副书记、{s}长"),
            format!("{s}委常委"),
            format!("副{s}长"),
            format!("{org}{head}"),
        ];
        // A study session is the organisation's own: its head or the leader who joins it.
        let position = match kind {
            Kind::Study if rng.chance(60) => leaders[4].clone(),
            _ => rng.pick(&leaders).clone(),
        };
        let meeting = match kind {
            Kind::WorkMeeting => format!("{}{label}工作会议", level.area),
            Kind::Deployment => {
                let when = rng.pick(&["", "专项", "重点"]);
                format!("{}{label}{when}工作部署会", level.area)
            }
            Kind::Symposium => format!("{}{label}工作座谈会", level.area),
            Kind::Study => format!("{org}理论学习中心组专题学习会"),
            Kind::Mobilization => format!("{}{label}工作动员大会", level.area),
        };
        let fitting: Vec<&String> = own
            .meetings
            .iter()
            .filter(|m| kind_of_meeting(m) == kind)
            .collect();
        let meeting = if !fitting.is_empty() && rng.chance(50) {
            (*rng.pick(&fitting)).clone()
        } else {
            meeting
        };
        let topic = if !own.topics.is_empty() && rng.chance(50) {
            rng.pick(&own.topics).clone()
        } else {
            format!("{label}工作")
        };
        let title = match kind {
            Kind::Symposium | Kind::Study => format!("在{meeting}上的发言"),
            _ => format!("在{meeting}上的讲话"),
        };
        let surnames: Vec<char> = SURNAMES.chars().collect();
        let given: Vec<char> = GIVEN.chars().collect();
        let mut speaker = String::new();
        speaker.push(*rng.pick(&surnames));
        speaker.push(*rng.pick(&given));
        if rng.chance(70) {
            speaker.push(*rng.pick(&given));
        }

        let mut y = String::new();
        let q = |s: &str| serde_json::to_string(s).expect("a string serializes");
        let _ = writeln!(y, "title: {}", q(&title));
        let _ = writeln!(y, "speaker: {}", q(&speaker));
        let _ = writeln!(y, "position: {}", q(&position));
        let _ = writeln!(y, "meeting: {}", q(&meeting));
        let _ = writeln!(y, "kind: {}", kind.name());
        let _ = writeln!(y, "field: {}", field.name());
        let _ = writeln!(y, "topic: {}", q(&topic));
        let _ = writeln!(y, "org: {}", q(&org));
        if rng.chance(50) {
            let audience = format!("{}{label}战线的同志们", level.area);
            let _ = writeln!(y, "audience: {}", q(&audience));
        }
        y.push_str("sections:\n");
        let mut functions: Vec<Function> = rng.pick(skeletons(kind)).to_vec();
        if rng.chance(25) {
            if let Some(at) = functions.iter().position(|f| *f == Function::Tasks) {
                functions.insert(at, Function::Tasks);
            }
        }
        let mut used_headings: Vec<&str> = Vec::new();
        for function in functions {
            let i = function.index();
            let headings = self.own_or_general(&bank.headings[i], &self.general.headings[i]);
            let leads = self.own_or_general(&bank.leads[i], &self.general.leads[i]);
            let fresh: Vec<&String> = headings
                .iter()
                .filter(|h| !used_headings.contains(&h.as_str()))
                .collect();
            if fresh.is_empty() || leads.is_empty() {
                continue;
            }
            let heading = *rng.pick(&fresh);
            used_headings.push(heading);
            let (low, high) = points_range(function);
            let n = rng.between(low, high);
            let _ = writeln!(y, "  - heading: {}", q(heading));
            let _ = writeln!(y, "    function: {}", function.name());
            y.push_str("    points:\n");
            for lead in rng.sample(leads, n) {
                let _ = writeln!(y, "      - {}", q(lead));
            }
        }
        y
    }

    fn own_or_general<'a>(&self, own: &'a [String], general: &'a [String]) -> &'a [String] {
        if own.is_empty() {
            general
        } else {
            own
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::Outline;

    #[test]
    fn batch_random_outlines_read_back_and_vary() {
        let rules = RuleSet::builtin();
        let banks = Banks::new(&rules, &[], &[]).expect("built-in banks");
        assert!(banks.field_names().len() >= 12, "{:?}", banks.field_names());
        let mut seen = std::collections::HashSet::new();
        for seed in 0..200 {
            let yaml = banks.outline(&mut Rng::new(seed));
            let outline = Outline::from_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
            let sections = outline.sections();
            assert!(sections.len() >= 2, "{yaml}");
            assert!(sections.iter().all(|s| s.heading.is_some()), "{yaml}");
            seen.insert(yaml);
        }
        assert_eq!(seen.len(), 200);
    }

    #[test]
    fn batch_random_outlines_keep_to_the_mix() {
        let rules = RuleSet::builtin();
        let banks = Banks::new(&rules, &["safety".into()], &[Kind::Study]).expect("banks");
        for seed in 0..20 {
            let yaml = banks.outline(&mut Rng::new(seed));
            assert!(
                yaml.contains("field: safety\n") && yaml.contains("kind: study\n"),
                "{yaml}"
            );
        }
        assert!(Banks::new(&rules, &["nonsense".into()], &[]).is_err());
    }

    #[test]
    fn batch_topics_add_the_users_names_where_they_fit() {
        let rules = RuleSet::builtin();
        let topics = Topics::from_yaml(
            "economy:\n  meetings: [全市优化营商环境推进会, 全市民营企业座谈会]\n  \
             organisations: [市营商环境建设局]\n  topics: [优化营商环境工作]\n",
        )
        .expect("a topics file");
        let banks = Banks::new(&rules, &["economy".into()], &[])
            .and_then(|b| b.with_topics(topics))
            .expect("banks");
        let (mut meetings, mut orgs, mut topics_seen) = (0, 0, 0);
        for seed in 0..200 {
            let yaml = banks.outline(&mut Rng::new(seed));
            let outline = Outline::from_yaml(&yaml).unwrap_or_else(|e| panic!("{e}\n{yaml}"));
            if let Some(m) = outline
                .meeting
                .as_deref()
                .filter(|m| m.contains("营商环境推进会"))
            {
                assert_eq!(outline.kind(), Kind::Deployment, "{m}");
                meetings += 1;
            }
            if outline.meeting.as_deref() == Some("全市民营企业座谈会") {
                assert_eq!(outline.kind(), Kind::Symposium);
                meetings += 1;
            }
            orgs += usize::from(outline.org.as_deref() == Some("市营商环境建设局"));
            topics_seen += usize::from(outline.topic.as_deref() == Some("优化营商环境工作"));
        }
        // Even odds where they fit: about half the outlines, some each way.
        assert!((60..140).contains(&orgs), "{orgs}");
        assert!((60..140).contains(&topics_seen), "{topics_seen}");
        assert!((10..80).contains(&meetings), "{meetings}");
    }

    #[test]
    fn batch_bad_topics_are_refused() {
        let rules = RuleSet::builtin();
        let banks = || Banks::new(&rules, &[], &[]).expect("banks");
        let unknown = Topics::from_yaml("nonsense:\n  topics: [x]\n").expect("reads");
        assert!(banks().with_topics(unknown).is_err());
        assert!(Topics::from_yaml("economy:\n  meeting: [x]\n").is_err());
        assert!(Topics::from_yaml("economy:\n  topics: [\"\"]\n").is_err());
        let all = Topics::from_yaml("all:\n  organisations: [市委办公室]\n").expect("reads");
        assert!(banks().with_topics(all).is_ok());
    }
}
