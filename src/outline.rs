//! The outline (提纲) a writer gives `speechgen draft`: what the speech is, and as much of its
//! skeleton as the writer wants to fix. Everything left out is filled by the plan.
//!
//! The schema is a superset of what `speechgen parse` prints, so a parsed speech (or a whole
//! parsed document, whose first speech is taken) is a valid outline. Unknown fields are
//! errors that list the allowed ones. This module reads and checks outlines; it makes no
//! choices (that is [`crate::plan`]) and reads no files (the caller passes the text).

use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_saphyr::Spanned;

use crate::diag::Diagnostic;
use crate::model::Block;

/// Most sections an outline may have: a speech of more than twenty parts is no speech.
pub const MAX_SECTIONS: usize = 20;
/// Longest heading or lead, in characters.
pub const MAX_HEADING_CHARS: usize = 120;
/// Most points a section may have (一是 … 二十是).
pub const MAX_POINTS: usize = 20;
/// Longest title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Shortest and longest draft a length may ask for, in characters (about a minute to ten
/// hours of speaking).
pub const LENGTHS: std::ops::RangeInclusive<usize> = 200..=100_000;

/// Checks a target length, wherever it was given (`--length`, `--minutes`, `length:`).
pub fn check_length(chars: usize) -> Result<(), String> {
    if LENGTHS.contains(&chars) {
        Ok(())
    } else {
        Err(format!(
            "a length of {chars} characters is out of range; ask for {} to {} (about 1 to 450 minutes)",
            LENGTHS.start(),
            LENGTHS.end()
        ))
    }
}

/// The kind of speech (讲话类型); each has its own template and phrases.
/// Read from its snake_case name or a Chinese one (`座谈会`), see [`Kind::from_name`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// 工作会议讲话.
    #[default]
    WorkMeeting,
    /// 部署会讲话.
    Deployment,
    /// 座谈会发言.
    Symposium,
    /// 中心组学习发言.
    Study,
    /// 动员会讲话.
    Mobilization,
}

impl Kind {
    /// Every kind, in the order templates are listed.
    pub const ALL: [Kind; 5] = [
        Kind::WorkMeeting,
        Kind::Deployment,
        Kind::Symposium,
        Kind::Study,
        Kind::Mobilization,
    ];

    /// The snake_case name used in outlines, rules and template file names.
    pub fn name(self) -> &'static str {
        match self {
            Kind::WorkMeeting => "work_meeting",
            Kind::Deployment => "deployment",
            Kind::Symposium => "symposium",
            Kind::Study => "study",
            Kind::Mobilization => "mobilization",
        }
    }
}

impl<'de> Deserialize<'de> for Kind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let name = String::deserialize(d)?;
        Kind::from_name(&name).ok_or_else(|| {
            de::Error::custom(format!(
                "unknown kind `{name}`; use one of {}",
                Kind::spellings()
            ))
        })
    }
}

/// A speech outline, as read from YAML.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Outline {
    /// Title (标题).
    pub title: Option<String>,
    /// The speaker's name.
    pub speaker: Option<String>,
    /// The speaker's office.
    pub position: Option<String>,
    /// The date, printed under the byline: `2026年3月5日` (its brackets are the template's).
    pub date: Option<String>,
    /// The meeting (会议名称), e.g. `全市宣传思想工作会议`.
    pub meeting: Option<String>,
    /// The kind of speech; `work_meeting` when left out.
    pub kind: Option<Kind>,
    /// The topic (主题), e.g. `宣传思想工作`.
    pub topic: Option<String>,
    /// The audience (听众), e.g. `全市宣传系统干部`.
    pub audience: Option<String>,
    /// The organization (单位), e.g. `市委宣传部`.
    pub org: Option<String>,
    /// The field (领域) the speech belongs to, e.g. `safety`; recognised from the outline's
    /// words when left out.
    pub field: Option<Spanned<crate::field::Field>>,
    /// What the draft writes where a figure, name or date must be filled in (`XX` when left
    /// out), e.g. `××` or `【 】`.
    pub placeholder: Option<String>,
    /// Greeting (称呼); `同志们` when left out.
    pub greeting: Option<String>,
    /// The opening: text (paragraphs separated by blank lines), or blocks as `parse` prints them.
    pub opening: Option<Opening>,
    /// The numbered sections.
    #[serde(default)]
    pub sections: Option<Spanned<Vec<Spanned<SectionOutline>>>>,
    /// The closing exhortation.
    pub closing: Option<String>,
    /// Seed for every choice; drawn at random when left out (and printed).
    pub seed: Option<u64>,
    /// Target length in characters.
    pub length: Option<Spanned<usize>>,
    /// Ignored: where `speechgen parse` read the speech.
    #[serde(default)]
    pub source: Option<String>,
    /// Ignored: a parsed collection's title block.
    #[serde(default)]
    pub collection: Option<serde::de::IgnoredAny>,
    /// A whole parsed document: its first speech is the outline; fields given beside
    /// `speeches` override the speech's.
    #[serde(default)]
    pub speeches: Option<Vec<Outline>>,
    /// How many speeches the document held (after reading; the others are not drafted).
    #[serde(skip)]
    pub speech_count: usize,
    /// How many parsed files the text held (`speechgen parse a b`); the first is drafted.
    #[serde(skip)]
    pub document_count: usize,
}

/// The opening as text or as parsed blocks.
#[derive(Debug, Clone)]
pub enum Opening {
    /// Paragraphs of text.
    Text(String),
    /// Blocks as `speechgen parse` prints them.
    Blocks(Vec<Block>),
}

/// One section of an outline.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionOutline {
    /// Ignored: numbering is computed (一、二、…).
    pub ordinal: Option<String>,
    /// The heading sentence, without ordinal.
    pub heading: Option<String>,
    /// The points (要点): leads, or leads with their bodies (with where each was written).
    pub points: Option<Vec<Spanned<Point>>>,
    /// The section's content as `parse` prints it (paragraphs, enumerations, subsections).
    pub blocks: Option<Vec<Block>>,
    /// What the section does (review, situation, significance, tasks, safeguards,
    /// commitment); read from the heading when left out.
    pub function: Option<crate::function::Function>,
    /// Enumeration style for the points: 一是, 一要, 首先, 第一, 一方面. Chosen when left out.
    pub style: Option<Spanned<crate::numbering::Style>>,
    /// Seed for this section alone: re-rolls it and leaves the rest of the draft unchanged.
    pub seed: Option<u64>,
}

/// One point (要点) of a section: a lead (topic phrase) and optionally its body.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Point {
    /// The topic phrase, e.g. `强化政治引领`.
    pub lead: String,
    /// The elaboration; filled when left out.
    pub body: Option<String>,
}

/// Longest one-line field that names something (`meeting`, `topic`, `audience`, `org`), in
/// characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest body of a point, in characters.
pub const MAX_BODY_CHARS: usize = 5_000;
/// Longest opening or closing given as text, in characters.
pub const MAX_PASSAGE_CHARS: usize = 20_000;

/// Where the outline's top-level fields were written, read only when one of them is wrong.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct Located {
    title: Option<Spanned<IgnoredAny>>,
    speaker: Option<Spanned<IgnoredAny>>,
    position: Option<Spanned<IgnoredAny>>,
    date: Option<Spanned<IgnoredAny>>,
    meeting: Option<Spanned<IgnoredAny>>,
    topic: Option<Spanned<IgnoredAny>>,
    audience: Option<Spanned<IgnoredAny>>,
    org: Option<Spanned<IgnoredAny>>,
    placeholder: Option<Spanned<IgnoredAny>>,
    greeting: Option<Spanned<IgnoredAny>>,
    opening: Option<Spanned<IgnoredAny>>,
    closing: Option<Spanned<IgnoredAny>>,
    speeches: Option<Vec<Located>>,
}

impl Located {
    /// The line and column of a top-level field's value, in the outline or in the first
    /// parsed speech it holds; `1:1` when it cannot be found.
    fn of(text: &str, name: &str) -> (u64, u64) {
        let Ok(top) = serde_saphyr::from_str::<Located>(text) else {
            return (1, 1);
        };
        let pick = |l: &Located| -> Option<(u64, u64)> {
            let field = match name {
                "title" => &l.title,
                "speaker" => &l.speaker,
                "position" => &l.position,
                "date" => &l.date,
                "meeting" => &l.meeting,
                "topic" => &l.topic,
                "audience" => &l.audience,
                "org" => &l.org,
                "placeholder" => &l.placeholder,
                "greeting" => &l.greeting,
                "opening" => &l.opening,
                "closing" => &l.closing,
                _ => &None,
            };
            field
                .as_ref()
                .map(|f| (f.referenced.line(), f.referenced.column()))
        };
        pick(&top)
            .or_else(|| top.speeches.as_ref()?.first().and_then(pick))
            .unwrap_or((1, 1))
    }
}

/// Why a text field cannot be drafted: too long, or holding characters a speech cannot.
fn check_text(value: &str, max: usize, one_line: bool) -> Result<(), String> {
    let n = value.chars().count();
    if n > max {
        return Err(format!("has {n} characters (at most {max}); shorten it"));
    }
    if let Some(c) = value
        .chars()
        .find(|&c| (c.is_control() && c != '\n') || (one_line && c == '\n'))
    {
        return Err(match c {
            '\n' => "is one line; remove the line break".to_owned(),
            '\r' => "holds a carriage return (\\r); remove it".to_owned(),
            c => format!(
                "holds the control character U+{:04X}; remove it",
                u32::from(c)
            ),
        });
    }
    Ok(())
}

impl SectionOutline {
    /// The points without their spans.
    pub fn points(&self) -> Option<Vec<&Point>> {
        self.points
            .as_ref()
            .map(|v| v.iter().map(|p| &p.value).collect())
    }
}

impl Outline {
    /// Reads and checks an outline from YAML text.
    /// Errors have no file yet: the caller adds it with [`Diagnostic::in_file`].
    pub fn from_yaml(text: &str) -> Result<Outline, Diagnostic> {
        if text.trim().is_empty() {
            return Err(Diagnostic::new("the outline is empty").hint(
                "write at least a `title:` and `sections:`; `speechgen templates show` and the \
                 files in examples/ show what an outline holds",
            ));
        }
        // `speechgen parse a b` prints several documents (YAML) or an array (JSON): the first
        // is drafted, and the caller says so.
        let mut documents: Vec<Outline> = if text.trim_start().starts_with('[') {
            serde_saphyr::from_str(text)
        } else {
            serde_saphyr::from_multiple(text)
        }
        .map_err(|e| crate::diag::yaml(&e, text))?;
        let document_count = documents.len();
        if documents.is_empty() {
            return Err(Diagnostic::new("the outline holds no document")
                .hint("write at least a `title:` and `sections:`"));
        }
        let mut outline = documents.swap_remove(0);
        outline.document_count = document_count;
        let outline = match outline.speeches {
            Some(mut speeches) if !speeches.is_empty() => {
                let count = speeches.len();
                let mut first = speeches.swap_remove(0);
                first.speech_count = count;
                first.document_count = outline.document_count;
                // Everything given beside a parsed document overrides its speech's.
                first.title = outline.title.or(first.title);
                first.speaker = outline.speaker.or(first.speaker);
                first.position = outline.position.or(first.position);
                first.date = outline.date.or(first.date);
                first.greeting = outline.greeting.or(first.greeting);
                first.opening = outline.opening.or(first.opening);
                first.sections = outline.sections.or(first.sections);
                first.closing = outline.closing.or(first.closing);
                first.meeting = outline.meeting.or(first.meeting);
                first.kind = outline.kind.or(first.kind);
                first.topic = outline.topic.or(first.topic);
                first.audience = outline.audience.or(first.audience);
                first.org = outline.org.or(first.org);
                first.field = outline.field.or(first.field);
                first.placeholder = outline.placeholder.or(first.placeholder);
                first.seed = outline.seed.or(first.seed);
                first.length = outline.length.clone().or(first.length);
                first
            }
            Some(_) => {
                return Err(Diagnostic::new("the document has no speeches")
                    .at(1, 1)
                    .hint("parse a file that holds a speech"))
            }
            None => outline,
        };
        outline.check(text)?;
        Ok(outline)
    }

    /// The sections, without their spans.
    pub fn sections(&self) -> Vec<&SectionOutline> {
        self.sections
            .as_ref()
            .map(|s| s.value.iter().map(|s| &s.value).collect())
            .unwrap_or_default()
    }

    /// The kind, `work_meeting` by default.
    pub fn kind(&self) -> Kind {
        self.kind.unwrap_or_default()
    }

    fn check(&self, text: &str) -> Result<(), Diagnostic> {
        if let Some(length) = &self.length {
            check_length(length.value)
                .map_err(|message| at(&length.referenced, format!("`length`: {message}")))?;
        }
        let fields: [(&str, Option<&str>, usize, bool); 12] = [
            ("title", self.title.as_deref(), MAX_TITLE_CHARS, true),
            ("greeting", self.greeting.as_deref(), MAX_TITLE_CHARS, true),
            ("speaker", self.speaker.as_deref(), MAX_TITLE_CHARS, true),
            ("position", self.position.as_deref(), MAX_TITLE_CHARS, true),
            ("date", self.date.as_deref(), MAX_HEADING_CHARS, true),
            ("meeting", self.meeting.as_deref(), MAX_NAME_CHARS, true),
            ("topic", self.topic.as_deref(), MAX_NAME_CHARS, true),
            ("audience", self.audience.as_deref(), MAX_NAME_CHARS, true),
            ("org", self.org.as_deref(), MAX_NAME_CHARS, true),
            ("placeholder", self.placeholder.as_deref(), 12, true),
            ("closing", self.closing.as_deref(), MAX_PASSAGE_CHARS, false),
            (
                "opening",
                match &self.opening {
                    Some(Opening::Text(t)) => Some(t.as_str()),
                    _ => None,
                },
                MAX_PASSAGE_CHARS,
                false,
            ),
        ];
        for (name, value, max, one_line) in fields {
            if let Some(v) = value {
                check_text(v, max, one_line).map_err(|m| {
                    let (line, column) = Located::of(text, name);
                    Diagnostic::new(format!("`{name}` {m}")).at(line, column)
                })?;
            }
        }
        if let Some(p) = &self.placeholder {
            if p.trim().is_empty() || p.contains(['。', '！', '？', '；']) {
                let (line, column) = Located::of(text, "placeholder");
                return Err(Diagnostic::new(format!(
                    "`placeholder` must be 1 to 12 characters without 。！？；, not {p:?}"
                ))
                .at(line, column)
                .hint("write a mark such as XX or ××"));
            }
        }
        let Some(sections) = &self.sections else {
            return Err(Diagnostic::new("the outline has no `sections`")
                .at(1, 1)
                .hint("give at least one section with a `heading`"));
        };
        if sections.value.is_empty() {
            return Err(at(&sections.referenced, "`sections` is empty".into())
                .hint("give at least one section with a `heading`"));
        }
        if sections.value.len() > MAX_SECTIONS {
            return Err(at(
                &sections.referenced,
                format!(
                    "{} sections is too many (at most {MAX_SECTIONS}); merge some into others",
                    sections.value.len()
                ),
            ));
        }
        for (i, s) in sections.value.iter().enumerate() {
            let n = i + 1;
            let sec = &s.value;
            if sec.heading.is_none() && sec.points.is_none() && sec.blocks.is_none() {
                return Err(at(
                    &s.referenced,
                    format!("section {n} is empty; give it a `heading`, `points` or `blocks`"),
                ));
            }
            if sec.points.is_some() && sec.blocks.is_some() {
                return Err(at(
                    &s.referenced,
                    format!("section {n} has both `points` and `blocks`; keep one"),
                ));
            }
            if let Some(h) = &sec.heading {
                check_phrase(h, "heading", &format!("section {n}"))
                    .map_err(|m| at(&s.referenced, m))?;
                if h.contains(['。', '！', '？', '\n']) {
                    return Err(at(&s.referenced, format!("section {n}: a heading is one sentence; remove the 。！？ or the line break from {h:?}")));
                }
            }
            if let Some(style) = &sec.style {
                let count = sec.points.as_ref().map_or(0, Vec::len);
                if style.value == crate::numbering::Style::Yifangmian && count != 2 {
                    return Err(at(&style.referenced, format!("section {n}: style 一方面 takes exactly two points (一方面…另一方面), not {count}")));
                }
            }
            let count = sec.points.as_ref().map_or(0, Vec::len);
            if count > MAX_POINTS {
                return Err(at(
                    &s.referenced,
                    format!("section {n} has {count} points (at most {MAX_POINTS}); split it"),
                ));
            }
            for (k, p) in sec.points.iter().flatten().enumerate() {
                let what = format!("section {n}, point {}", k + 1);
                let place = &p.referenced;
                let p = &p.value;
                check_phrase(&p.lead, "lead", &what).map_err(|m| at(place, m))?;
                if p.lead.contains(['。', '；', '！', '？', '\n']) {
                    return Err(at(place, format!("{what}: a lead ends at its first 。；！？; move the rest of {:?} into `body`", p.lead)));
                }
                if let Some(body) = &p.body {
                    check_text(body, MAX_BODY_CHARS, true)
                        .map_err(|m| at(place, format!("{what}: the body {m}")))?;
                }
            }
        }
        Ok(())
    }
}

/// A diagnostic at a value's place.
fn at(loc: &serde_saphyr::Location, message: String) -> Diagnostic {
    Diagnostic::new(message)
        .at(loc.line(), loc.column())
        .wide(loc.span().len() as usize)
}

fn check_phrase(text: &str, what: &str, place: &str) -> Result<(), String> {
    if text.trim().is_empty() {
        return Err(format!("{place}: the {what} is empty"));
    }
    check_text(text, MAX_HEADING_CHARS, false).map_err(|m| format!("{place}: the {what} {m}"))
}

impl<'de> Deserialize<'de> for Opening {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Opening;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the opening as text, or a list of blocks")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Opening, E> {
                Ok(Opening::Text(v.to_owned()))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Opening, A::Error> {
                let mut blocks = Vec::new();
                while let Some(b) = seq.next_element::<Block>()? {
                    blocks.push(b);
                }
                Ok(Opening::Blocks(blocks))
            }
        }
        d.deserialize_any(V)
    }
}

impl<'de> Deserialize<'de> for Point {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Point;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a point: its lead as text, or a map with `lead` and `body`")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Point, E> {
                Ok(Point {
                    lead: v.to_owned(),
                    body: None,
                })
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Point, A::Error> {
                let mut lead = None;
                let mut body = None;
                while let Some(key) = map.next_key::<String>()? {
                    match key.as_str() {
                        "lead" => lead = Some(map.next_value::<String>()?),
                        "body" => body = map.next_value::<Option<String>>()?,
                        other => return Err(de::Error::unknown_field(other, &["lead", "body"])),
                    }
                }
                let lead = lead.ok_or_else(|| de::Error::missing_field("lead"))?;
                Ok(Point {
                    lead,
                    body: body.filter(|b| !b.trim().is_empty()),
                })
            }
        }
        d.deserialize_any(V)
    }
}

impl Kind {
    /// The Chinese names writers type for the kinds (工作会议 → `work_meeting`): the one place
    /// they are listed.
    pub const CHINESE_NAMES: [(&'static str, Kind); 10] = [
        ("工作会议", Kind::WorkMeeting),
        ("工作会", Kind::WorkMeeting),
        ("部署会", Kind::Deployment),
        ("部署会议", Kind::Deployment),
        ("座谈会", Kind::Symposium),
        ("学习", Kind::Study),
        ("中心组学习", Kind::Study),
        ("学习会", Kind::Study),
        ("动员会", Kind::Mobilization),
        ("动员大会", Kind::Mobilization),
    ];

    /// The kind of a name: its snake_case name (`work_meeting`) or a Chinese one (`工作会议`).
    pub fn from_name(s: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == s).or_else(|| {
            Kind::CHINESE_NAMES
                .iter()
                .find(|(name, _)| *name == s)
                .map(|(_, k)| *k)
        })
    }

    /// Every spelling of every kind, for messages: `work_meeting (工作会议), …`.
    pub fn spellings() -> String {
        Kind::ALL
            .iter()
            .map(|k| {
                let chinese: Vec<&str> = Kind::CHINESE_NAMES
                    .iter()
                    .filter(|(_, c)| c == k)
                    .map(|(name, _)| *name)
                    .collect();
                format!("{} ({})", k.name(), chinese.join(", "))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(yaml: &str) -> String {
        Outline::from_yaml(yaml)
            .unwrap_err()
            .in_file("o.yaml", yaml)
            .to_string()
    }

    #[test]
    fn a_minimal_outline_reads() {
        let o = Outline::from_yaml("title: 讲话\nsections:\n  - heading: 提高认识\n    points: [强化担当, {lead: 压实责任, body: 要落实。}]\n").unwrap();
        let s = o.sections();
        assert_eq!(s.len(), 1);
        assert_eq!(
            *s[0].points().unwrap()[1],
            Point {
                lead: "压实责任".into(),
                body: Some("要落实。".into())
            }
        );
        assert_eq!(o.kind(), Kind::WorkMeeting);
    }

    #[test]
    fn a_kind_may_be_written_in_chinese() {
        let o = Outline::from_yaml("kind: 座谈会\nsections: [{heading: a}]\n").unwrap();
        assert_eq!(o.kind(), Kind::Symposium);
        let e = err("kind: 会议\nsections: [{heading: a}]\n");
        assert!(e.contains("o.yaml:1:7"), "{e}");
    }

    #[test]
    fn control_characters_in_any_text_field_are_refused_at_their_line() {
        for (field, value) in [
            ("meeting", "\"全市\\0会议\""),
            ("topic", "\"安全\\a生产\""),
            ("org", "\"市委\\r办公室\""),
            ("closing", "\"让我们\\0努力\""),
            ("meeting", "\"会议\\n\\n六、假的部分\""),
            ("audience", "\"干部\\u001b[31m\""),
        ] {
            let e = err(&format!(
                "title: t\n{field}: {value}\nsections: [{{heading: a}}]\n"
            ));
            assert!(
                e.contains(&format!("`{field}`")) && e.contains("o.yaml:2:"),
                "{e}"
            );
        }
        let e = err("sections:\n  - heading: a\n    points:\n      - {lead: 甲, body: \"乙\\n\\n六、丙\"}\n");
        assert!(
            e.contains("point 1: the body is one line") && e.contains("o.yaml:4:"),
            "{e}"
        );
    }

    #[test]
    fn every_text_field_has_a_length_cap() {
        for field in ["topic", "meeting", "audience", "org"] {
            let e = err(&format!(
                "{field}: {}\nsections: [{{heading: a}}]\n",
                "长".repeat(100_000)
            ));
            assert!(
                e.contains("100000 characters") && e.contains("o.yaml:1:"),
                "{e}"
            );
        }
        let e = err(&format!(
            "closing: {}\nsections: [{{heading: a}}]\n",
            "长".repeat(30_000)
        ));
        assert!(e.contains("`closing` has 30000 characters"), "{e}");
    }

    #[test]
    fn a_bad_style_is_marked_where_it_is_written() {
        let e = err("sections:\n  - heading: a\n    style: 一方面\n    points: [甲, 乙, 丙]\n");
        assert!(e.contains("o.yaml:3:12"), "{e}");
        let e = err("sections:\n  - heading: a\n    style: 甲是\n");
        assert!(e.contains("o.yaml:3:12"), "{e}");
    }

    #[test]
    fn an_empty_outline_says_what_an_outline_holds() {
        for text in ["", "\n  \n", "# only a comment\n"] {
            let e = Outline::from_yaml(text).unwrap_err().to_string();
            assert!(e.contains("outline") && e.contains("sections"), "{e}");
            assert!(!e.contains("speech in it"), "{e}");
        }
    }

    #[test]
    fn several_parsed_files_are_read_and_the_first_drafted() {
        let doc = crate::parse_str("x.txt", "在会议上的讲话\n同志们：\n一、提高认识\n正文。\n");
        let one = serde_saphyr::to_string(&doc).unwrap();
        let o = Outline::from_yaml(&format!("---\n{one}---\n{one}")).unwrap();
        assert_eq!(o.document_count, 2);
        let json = serde_json::to_string(&vec![&doc, &doc]).unwrap();
        let o = Outline::from_yaml(&json).unwrap();
        assert_eq!((o.document_count, o.sections().len()), (2, 1));
    }

    #[test]
    fn unknown_fields_list_the_allowed_ones() {
        let e = err("titel: x\nsections: [{heading: a}]\n");
        assert!(e.contains("titel") && e.contains("title"), "{e}");
    }

    #[test]
    fn zero_and_thirty_sections_are_refused_with_a_place() {
        assert!(
            err("sections: []\n").contains("o.yaml:1:"),
            "{}",
            err("sections: []\n")
        );
        let many: String = (0..30)
            .map(|i| format!("  - heading: 第{i}部分\n"))
            .collect();
        let e = err(&format!("title: t\nsections:\n{many}"));
        assert!(e.contains("30 sections") && e.contains("o.yaml:3:"), "{e}");
    }

    #[test]
    fn an_overlong_heading_names_its_section_and_line() {
        let e = err(&format!(
            "sections:\n  - heading: a\n  - heading: {}\n",
            "长".repeat(2000)
        ));
        assert!(
            e.contains("section 2") && e.contains("2000 characters") && e.contains("o.yaml:3:"),
            "{e}"
        );
    }

    #[test]
    fn a_length_out_of_range_is_refused_with_its_place() {
        let e = err("title: t\nlength: 5\nsections:\n  - heading: a\n");
        assert!(
            e.contains("o.yaml:2:") && e.contains("200 to 100000"),
            "{e}"
        );
        assert!(check_length(3000).is_ok() && check_length(1_000_000_000).is_err());
    }

    #[test]
    fn fields_beside_a_parsed_document_override_its_speech() {
        let doc = crate::parse_str(
            "x.txt",
            "在会议上的讲话\n同志们：\n今天开会。\n一、提高认识\n正文。\n",
        );
        let yaml = format!(
            "title: 新的讲话\ngreeting: 各位代表\n{}",
            serde_saphyr::to_string(&doc).unwrap()
        );
        let o = Outline::from_yaml(&yaml).unwrap();
        assert_eq!(o.title.as_deref(), Some("新的讲话"));
        assert_eq!(o.greeting.as_deref(), Some("各位代表"));
        assert_eq!(o.speech_count, 1);
    }

    #[test]
    fn a_parsed_document_is_an_outline() {
        let doc = crate::parse_str("x.txt", "在会议上的讲话\n同志们：\n今天开会。\n一、提高认识\n一是强化担当。要担当。二是压实责任。\n");
        let yaml = serde_saphyr::to_string(&doc).unwrap();
        let o = Outline::from_yaml(&yaml).unwrap();
        assert_eq!(o.title.as_deref(), Some("在会议上的讲话"));
        assert_eq!(o.sections()[0].heading.as_deref(), Some("提高认识"));
        assert!(matches!(o.opening, Some(Opening::Blocks(_))));
    }
}
