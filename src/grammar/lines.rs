//! Lines: the only code that sees pest pairs. The grammar runs on one line at a time and
//! each line's pairs become a [`Line`]: its kind (furniture, title block line, greeting,
//! heading, dash line, paragraph …), where its body text starts and ends, a vocative that
//! opens it, and the enumeration markers in it. This module does not group lines: that is
//! `document`'s, `speech`'s and `enumeration`'s job.

use std::borrow::Cow;

use pest::iterators::Pair;
use pest::Parser;

use super::{Rule, SpeechParser};
use crate::input::EMPHASIS;
use crate::lexicon::han_count;

/// A heading level, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Level {
    /// `一、`, `一 关于…`, a bare `一`.
    Cn,
    /// `第二点：`.
    Point,
    /// `（一）`.
    ParenCn,
    /// `1、`, `1．`, `1.`.
    Arabic,
    /// `（1）`.
    ParenArabic,
    /// No number: a line the source set apart (bold, a Markdown or HTML heading), or one of
    /// a run of short parallel lines (`“强国梦”——靠创新托举`).
    SetApart,
}

/// A family of enumeration markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Family {
    /// 一是, 一要, 一抓 …: the suffix tells them apart, the numbers run across them.
    Numbered(char),
    /// 一方面 / 另一方面.
    Aspect,
    /// 首先 / 其次 / 再次 / 最后.
    Sequence,
    /// 第一， / 第二，
    Ordinal,
    /// （1） inside a paragraph.
    Paren,
    /// `——` leading a parallel paragraph.
    Dash,
}

impl Family {
    pub(super) fn same_group(self, other: Family) -> bool {
        match (self, other) {
            (Family::Numbered(_), Family::Numbered(_)) => true,
            (a, b) => a == b,
        }
    }
}

/// An enumeration marker found by the grammar, with its place in the line.
#[derive(Debug, Clone)]
pub(super) struct Marker<'a> {
    pub(super) family: Family,
    /// 1 for a first marker; 0 for 最后 (the last of its list).
    pub(super) n: u32,
    /// The marker as written.
    pub(super) ordinal: &'a str,
    pub(super) start: usize,
    pub(super) end: usize,
}

impl Marker<'_> {
    pub(super) fn is_start(&self) -> bool {
        self.n == 1
    }
}

/// What a line is. Its text is borrowed from the line, never copied: a document may have
/// millions of lines, and the lines are held until the model is built.
#[derive(Debug, Clone)]
pub(super) enum Kind<'a> {
    Furniture,
    PageEnd,
    NotesHead,
    Footnote,
    EditorHead,
    LeadIn(&'a str),
    EditorIntro,
    Greeting(&'a str),
    Vocative,
    Heading {
        level: Level,
        n: u32,
        ordinal: Cow<'a, str>,
        heading: &'a str,
    },
    Dash,
    Date,
    Byline {
        position: Option<&'a str>,
        person: &'a str,
    },
    Paragraph,
}

/// One classified line of the normalized text.
#[derive(Debug, Clone)]
pub(super) struct Line<'a> {
    pub(super) kind: Kind<'a>,
    pub(super) text: &'a str,
    /// Where the body text starts (after a heading sentence or a dash).
    pub(super) body: usize,
    /// Where the body text ends (before a glued trailer such as `查看更多`).
    pub(super) end: usize,
    /// A vocative opening the paragraph (`同志们`), and where it ends.
    pub(super) vocative: Option<(&'a str, usize)>,
    pub(super) markers: Vec<Marker<'a>>,
    /// The source set the line apart (a heading, a paragraph wholly in bold): it started
    /// with [`EMPHASIS`].
    pub(super) marked: bool,
    /// For furniture, the grammar rule that recognised it (`toolbar`, `photo_credit` …).
    pub(super) rule: Option<&'static str>,
}

impl Line<'_> {
    pub(super) fn body_text(&self) -> &str {
        &self.text[self.body..self.end]
    }

    /// Where the line's text starts when it is read as running text. A heading line that
    /// makes no section here (a lone `1、…` or `（1）…`, a level that is not nested at this
    /// point) is text from its ordinal on: its heading is speech text, not structure.
    pub(super) fn text_start(&self) -> usize {
        match self.kind {
            Kind::Heading { .. } => 0,
            _ => self.body,
        }
    }

    /// The line as running text; see [`Line::text_start`].
    pub(super) fn running_text(&self) -> &str {
        &self.text[self.text_start()..self.end]
    }

    pub(super) fn is_paragraph(&self) -> bool {
        matches!(self.kind, Kind::Paragraph)
    }

    pub(super) fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// A short line without sentence punctuation: a title, a header, a slogan.
    pub(super) fn is_titleish(&self) -> bool {
        let n = self.chars();
        matches!(self.kind, Kind::Paragraph | Kind::Byline { .. })
            && (4..=100).contains(&n)
            && self.vocative.is_none()
            && !self.text.contains(['。', '！', '？', '；', '：'])
            && han_count(self.text) * 2 >= n
    }
}

/// The value of a Chinese numeral of one or two places (一 … 九十九).
pub(super) fn cn_value(s: &str) -> u32 {
    let digit = |c: char| "一二三四五六七八九".find(c).map(|i| i as u32 / 3 + 1);
    let chars: Vec<char> = s.chars().collect();
    match chars.as_slice() {
        ['十'] => 10,
        ['十', d] => 10 + digit(*d).unwrap_or(0),
        [d, '十'] => digit(*d).unwrap_or(0) * 10,
        [d, '十', e] => digit(*d).unwrap_or(0) * 10 + digit(*e).unwrap_or(0),
        [d] => digit(*d).unwrap_or(0),
        _ => 0,
    }
}

fn first_inner<'i>(pair: &Pair<'i, Rule>, rule: Rule) -> Option<Pair<'i, Rule>> {
    pair.clone().into_inner().find(|p| p.as_rule() == rule)
}

/// Runs the pest grammar and reads its pairs into lines: the only code that sees pairs.
///
/// The grammar runs on one line at a time (rule `one_line`), so that only that line's pairs
/// are in memory, never the whole document's.
pub(super) fn classify(text: &str) -> Vec<Line<'_>> {
    if text.is_empty() {
        return Vec::new();
    }
    // Sized up front: growing a vector of millions of lines by doubling copies it, holding
    // the old and the new buffer at once.
    let mut lines = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    lines.extend(text.split('\n').map(|line_text| {
        let (line_text, marked) = match line_text.strip_prefix(EMPHASIS) {
            Some(rest) => (rest, true),
            None => (line_text, false),
        };
        let mut line = classify_line(line_text);
        line.marked = marked;
        line
    }));
    lines
}

/// One line, without its emphasis mark, classified.
fn classify_line(line_text: &str) -> Line<'_> {
    {
        let pair = SpeechParser::parse(Rule::one_line, line_text)
            .ok()
            .and_then(|mut pairs| pairs.next())
            .and_then(|one| one.into_inner().find(|p| p.as_rule() != Rule::EOI));
        match pair {
            Some(pair) => read_line(pair),
            // The grammar ends in a catch-all paragraph, so this is unreachable for any
            // text; should it ever happen, the line is read as a plain paragraph.
            None => plain_line(line_text),
        }
    }
}

/// One line's pair, read into a [`Line`].
fn read_line(pair: Pair<'_, Rule>) -> Line<'_> {
    let line_start = pair.as_span().start();
    let line_text = pair.as_str();
    let mut line = plain_line(line_text);
    line.kind = match pair.as_rule() {
        Rule::furniture => {
            let class = pair.clone().into_inner().next();
            if let Some(dateline) = class
                .as_ref()
                .filter(|c| c.as_rule() == Rule::wire_lead)
                .and_then(|c| first_inner(c, Rule::dateline))
            {
                // `XX社北京3月5日电 在…上的报告`: the dateline glued to a title.
                let rest = line_text[dateline.as_span().end() - line_start..]
                    .trim_start_matches([' ', '　']);
                if !rest.is_empty()
                    && rest.chars().count() <= 100
                    && !rest.contains(['。', '！', '？', '；', '，'])
                {
                    return classify_line(rest);
                }
            }
            line.rule = class.map(|c| furniture_class(c.as_rule()));
            if line.rule == Some("page_end") {
                Kind::PageEnd
            } else {
                Kind::Furniture
            }
        }
        Rule::footnote => match first_inner(&pair, Rule::notes_head) {
            Some(_) => Kind::NotesHead,
            None => Kind::Footnote,
        },
        Rule::editor_head => Kind::EditorHead,
        Rule::lead_in => {
            Kind::LeadIn(first_inner(&pair, Rule::lead_title).map_or("", |p| p.as_str()))
        }
        Rule::editor_intro => Kind::EditorIntro,
        Rule::address => {
            let who = first_inner(&pair, Rule::addressees).map_or("", |p| p.as_str());
            if !is_addressee_list(who) {
                // Not an audience after all (`总的感觉是：`): read the line as a paragraph.
                return reparse_paragraph(line_text);
            }
            match first_inner(&pair, Rule::greeting_end) {
                Some(_) => Kind::Greeting(who),
                None => Kind::Vocative,
            }
        }
        Rule::heading => {
            let (level, n, ordinal) = read_ordinal(&pair);
            let text = first_inner(&pair, Rule::heading_text);
            let mut heading = text.as_ref().map_or("", |p| p.as_str().trim());
            let heading_end = text
                .as_ref()
                .map_or(line_text.len(), |p| p.as_span().end() - line_start);
            line.body = line_text[heading_end..]
                .char_indices()
                .nth(1)
                .map_or(line_text.len(), |(i, _)| heading_end + i);
            // A heading fused to its body in run-together text: `一、关于今年的安全生产工作今年
            // 以来，全市…` ends at the 工作 or 问题 its 关于 announces.
            if heading.starts_with("关于") && heading.chars().count() > 30 {
                let near: usize = heading
                    .char_indices()
                    .nth(30)
                    .map_or(heading.len(), |(i, _)| i);
                if let Some(at) = ["工作", "问题", "情况"]
                    .iter()
                    .filter_map(|w| heading[..near].find(w).map(|i| i + w.len()))
                    .min()
                {
                    let start = heading.as_ptr() as usize - line_text.as_ptr() as usize;
                    line.body = start + at;
                    heading = &heading[..at];
                }
            }
            // A short line of questions is one heading: `一、我们为什么学？为什么现在学？`.
            if let Some(start) = text.as_ref().map(|p| p.as_span().start() - line_start) {
                let whole = &line_text[start..];
                if whole.ends_with('？')
                    && line_text[heading_end..].starts_with('？')
                    && whole.chars().count() <= 60
                {
                    heading = whole.trim_end_matches('？').trim();
                    line.body = line_text.len();
                }
            }
            Kind::Heading {
                level,
                n,
                ordinal,
                heading,
            }
        }
        Rule::dash_line => {
            line.body = line_text
                .find(|c: char| !matches!(c, '—' | '―' | '-' | '－'))
                .unwrap_or(line_text.len());
            line.markers.push(Marker {
                family: Family::Dash,
                n: 1,
                ordinal: "——",
                start: 0,
                end: line.body,
            });
            Kind::Dash
        }
        // `（二OO一年八月二十三日）江泽民`: the date and the speaker on one line.
        Rule::date_line => match first_inner(&pair, Rule::person) {
            Some(person) => Kind::Byline {
                position: None,
                person: person.as_str(),
            },
            None => Kind::Date,
        },
        Rule::byline => Kind::Byline {
            position: first_inner(&pair, Rule::position).map(|p| p.as_str()),
            person: first_inner(&pair, Rule::person).map_or("", |p| p.as_str()),
        },
        Rule::paragraph => Kind::Paragraph,
        rule => unreachable!("the line rule cannot produce {rule:?}"),
    };
    read_inner_markers(&pair, line_start, &mut line);
    if matches!(line.kind, Kind::Paragraph) {
        line.vocative = vocative_prefix(line.text);
    }
    line
}

/// The name a user reads for a class of furniture (`parse --explain`).
fn furniture_class(rule: Rule) -> &'static str {
    match rule {
        Rule::cms_meta => "cms_meta",
        Rule::toolbar => "toolbar",
        Rule::nav_line => "navigation",
        Rule::source_trailer => "source_trailer",
        Rule::staff_line => "staff_line",
        Rule::share_trailer => "share_trailer",
        Rule::site_header => "site_header",
        Rule::page_end => "page_end",
        Rule::link_trailer => "link_trailer",
        Rule::badge => "badge",
        Rule::column_tag => "column_tag",
        Rule::photo_credit => "photo_credit",
        Rule::wire_lead => "wire_lead",
        Rule::paper_trailer => "paper_trailer",
        Rule::pull_quote => "pull_quote",
        _ => "furniture",
    }
}

/// A line read as a plain paragraph, markers included.
fn reparse_paragraph(text: &str) -> Line<'_> {
    let mut line = plain_line(text);
    if let Ok(mut pairs) = SpeechParser::parse(Rule::paragraph, text) {
        if let Some(pair) = pairs.next() {
            read_inner_markers(&pair, 0, &mut line);
        }
    }
    line.vocative = vocative_prefix(text);
    line
}

/// Words that address an audience end in one of these.
const ADDRESSEE_SUFFIXES: [&str; 14] = [
    "们", "同志", "代表", "领导", "来宾", "嘉宾", "委员", "老师", "同学", "朋友", "同胞", "战友",
    "女士", "先生",
];
/// Words ending like an addressee that are not one.
const NOT_ADDRESSEES: [&str; 10] = [
    "我们", "你们", "他们", "她们", "它们", "咱们", "人们", "大家", "这些", "那些",
];

/// Words that open an address to someone.
pub(super) const HONORIFICS: [&str; 4] = ["尊敬的", "亲爱的", "敬爱的", "各位尊敬的"];

/// Is this one addressee (同志们, 各位代表, 教工同志们, 中国共产党全国代表会议各位代表同志们)?
/// An honorific before an addressee (`尊敬的XX院士`, `亲爱的同学们`) marks any word as one.
fn is_addressee(word: &str) -> bool {
    let word = word.trim_matches(['“', '”']);
    if let Some(rest) = HONORIFICS.iter().find_map(|h| word.strip_prefix(h)) {
        return rest.chars().count() >= 2 && !rest.contains("的");
    }
    word.chars().count() >= 2
        && ADDRESSEE_SUFFIXES.iter().any(|s| word.ends_with(s))
        && !NOT_ADDRESSEES.iter().any(|p| word.starts_with(p))
        && !word.contains("的")
}

/// Is every part of `同志们，朋友们` / `各位领导、各位代表` an addressee?
fn is_addressee_list(list: &str) -> bool {
    !list.is_empty() && list.split(['，', '、', ' ']).all(is_addressee)
}

/// A vocative opening a paragraph: `同志们，…`, `各位代表！…`. Returns the addressees and the
/// byte offset where the paragraph's own text starts.
fn vocative_prefix(text: &str) -> Option<(&str, usize)> {
    // The addressees end at the first ，！： after which the text no longer addresses anyone.
    let mut end = 0;
    for (i, c) in text.char_indices() {
        match c {
            '，' | '、' | '！' | '：' => {
                let list = &text[..i];
                if is_addressee_list(list) {
                    end = i;
                    if c != '，' && c != '、' {
                        break;
                    }
                } else {
                    break;
                }
            }
            c if c == '“' || c == '”' || han_count(c.encode_utf8(&mut [0; 4])) == 1 => {}
            _ => break,
        }
        if i > 80 {
            break;
        }
    }
    if end == 0 {
        return None;
    }
    let sep = text[end..].chars().next()?;
    if sep == '、' {
        return None;
    }
    Some((&text[..end], end + sep.len_utf8()))
}

fn plain_line(text: &str) -> Line<'_> {
    Line {
        kind: Kind::Paragraph,
        text,
        body: 0,
        end: text.len(),
        vocative: None,
        markers: Vec::new(),
        marked: false,
        rule: None,
    }
}

/// The level, number and written form of a heading's ordinal.
fn read_ordinal<'i>(pair: &Pair<'i, Rule>) -> (Level, u32, Cow<'i, str>) {
    for p in pair.clone().into_inner() {
        let level = match p.as_rule() {
            Rule::cn_ordinal | Rule::bare_cn_ordinal => Level::Cn,
            Rule::paren_cn_ordinal => Level::ParenCn,
            Rule::point_ordinal => Level::Point,
            Rule::arabic_ordinal => Level::Arabic,
            Rule::paren_arabic_ordinal => Level::ParenArabic,
            _ => continue,
        };
        let n = match level {
            Level::Arabic | Level::ParenArabic => first_inner(&p, Rule::arabic_num)
                .and_then(|d| d.as_str().parse().ok())
                .unwrap_or(0),
            _ => first_inner(&p, Rule::cn_num).map_or(0, |d| cn_value(d.as_str())),
        };
        let written = p.as_str().trim();
        let ordinal = match p.as_rule() {
            Rule::point_ordinal => Cow::Borrowed(
                written
                    .trim_start_matches("最后一点，")
                    .trim_end_matches(['：', '，']),
            ),
            _ if written.contains('.') => Cow::Owned(written.replace('.', "．")),
            _ => Cow::Borrowed(written),
        };
        return (level, n, ordinal);
    }
    unreachable!("a heading always has an ordinal")
}

/// Markers, vocative and glued trailer inside a paragraph, heading body or dash line.
fn read_inner_markers<'i>(pair: &Pair<'i, Rule>, line_start: usize, line: &mut Line<'i>) {
    for p in pair.clone().into_inner() {
        let start = p.as_span().start() - line_start;
        let end = p.as_span().end() - line_start;
        let (family, n) = match p.as_rule() {
            Rule::numbered_marker => {
                let s = p.as_str();
                let suffix = s.chars().last().unwrap_or('是');
                let num = &s[..s.len() - suffix.len_utf8()];
                (Family::Numbered(suffix), cn_value(num))
            }
            Rule::aspect_marker => (Family::Aspect, if p.as_str() == "一方面" { 1 } else { 2 }),
            Rule::sequence_marker => (
                Family::Sequence,
                match p.as_str() {
                    "首先" => 1,
                    "其次" => 2,
                    "再次" => 3,
                    _ => 0,
                },
            ),
            Rule::ordinal_marker => (
                Family::Ordinal,
                first_inner(&p, Rule::cn_num).map_or(0, |d| cn_value(d.as_str())),
            ),
            Rule::paren_marker => (
                Family::Paren,
                first_inner(&p, Rule::arabic_num)
                    .and_then(|d| d.as_str().parse().ok())
                    .unwrap_or(0),
            ),
            Rule::glued_trailer => {
                line.end = line.end.min(start);
                continue;
            }
            _ => continue,
        };
        if n == 0 && family != Family::Sequence {
            continue;
        }
        line.markers.push(Marker {
            family,
            n,
            ordinal: p.as_str(),
            start,
            end,
        });
    }
}
