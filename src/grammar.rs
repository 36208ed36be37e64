//! The grammar stage: normalized text → [`Document`], through the pest grammar
//! `grammar/speech.pest`.
//!
//! The pest grammar classifies every line (furniture, title block lines, greeting, heading,
//! paragraph) and finds the enumeration markers inside paragraphs. This module turns those
//! pairs into the typed model, in exactly one place (`classify` reads the pairs; everything
//! after it works on plain `Line` values). What a grammar of single lines cannot know is
//! decided here from the whole document:
//! - where the title block ends and which of its lines is the title, byline and greeting;
//! - whether the text is a collection of speeches, or two speeches pasted together;
//! - which numbering level is the top one (`一、`, else `第N点`, `（一）`, `1、`), and how the
//!   lower levels nest; unnumbered speeches split at vocative lines (`同志们、朋友们！`);
//! - how markers group into enumerations (a run of 一是…四是; a list of 一是 inside an item of
//!   一方面; a run that switches from 一要 to 二是) and where the closing begins.
//!
//! It never fails: text without structure becomes one speech of paragraphs.

use std::borrow::Cow;
use std::collections::HashSet;

use pest::iterators::Pair;
use pest::Parser;
use pest_derive::Parser;

use crate::lexicon::{couplet, han_count, OFFICES};
use crate::model::{Block, Collection, Document, Enumeration, Item, Section, Speech};
use crate::normalize::Normalized;

/// The pest parser generated from `grammar/speech.pest`.
#[derive(Parser)]
#[grammar = "../grammar/speech.pest"]
pub struct SpeechParser;

/// Parses normalized text into a document.
pub fn parse(source: &str, normalized: &Normalized) -> Document {
    let lines = classify(&normalized.text);
    build(source, lines)
}

// ------------------------------------------------------------------ lines

/// A heading level, highest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum Level {
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
}

/// A family of enumeration markers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Family {
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
    fn same_group(self, other: Family) -> bool {
        match (self, other) {
            (Family::Numbered(_), Family::Numbered(_)) => true,
            (a, b) => a == b,
        }
    }
}

/// An enumeration marker found by the grammar, with its place in the line.
#[derive(Debug, Clone)]
struct Marker<'a> {
    family: Family,
    /// 1 for a first marker; 0 for 最后 (the last of its list).
    n: u32,
    /// The marker as written.
    ordinal: &'a str,
    start: usize,
    end: usize,
}

impl Marker<'_> {
    fn is_start(&self) -> bool {
        self.n == 1
    }
}

/// What a line is. Its text is borrowed from the line, never copied: a document may have
/// millions of lines, and the lines are held until the model is built.
#[derive(Debug, Clone)]
enum Kind<'a> {
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
struct Line<'a> {
    kind: Kind<'a>,
    text: &'a str,
    /// Where the body text starts (after a heading sentence or a dash).
    body: usize,
    /// Where the body text ends (before a glued trailer such as `查看更多`).
    end: usize,
    /// A vocative opening the paragraph (`同志们`), and where it ends.
    vocative: Option<(&'a str, usize)>,
    markers: Vec<Marker<'a>>,
}

impl Line<'_> {
    fn body_text(&self) -> &str {
        &self.text[self.body..self.end]
    }

    /// Where the line's text starts when it is read as running text. A heading line that
    /// makes no section here (a lone `1、…` or `（1）…`, a level that is not nested at this
    /// point) is text from its ordinal on: its heading is speech text, not structure.
    fn text_start(&self) -> usize {
        match self.kind {
            Kind::Heading { .. } => 0,
            _ => self.body,
        }
    }

    /// The line as running text; see [`Line::text_start`].
    fn running_text(&self) -> &str {
        &self.text[self.text_start()..self.end]
    }

    fn is_paragraph(&self) -> bool {
        matches!(self.kind, Kind::Paragraph)
    }

    fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// A short line without sentence punctuation: a title, a header, a slogan.
    fn is_titleish(&self) -> bool {
        let n = self.chars();
        matches!(self.kind, Kind::Paragraph | Kind::Byline { .. })
            && (4..=100).contains(&n)
            && self.vocative.is_none()
            && !self.text.contains(['。', '！', '？', '；', '：'])
            && han_count(self.text) * 2 >= n
    }
}

/// The value of a Chinese numeral of one or two places (一 … 九十九).
fn cn_value(s: &str) -> u32 {
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
fn classify(text: &str) -> Vec<Line<'_>> {
    if text.is_empty() {
        return Vec::new();
    }
    // Sized up front: growing a vector of millions of lines by doubling copies it, holding
    // the old and the new buffer at once.
    let mut lines = Vec::with_capacity(text.bytes().filter(|&b| b == b'\n').count() + 1);
    lines.extend(text.split('\n').map(|line_text| {
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
    }));
    lines
}

/// One line's pair, read into a [`Line`].
fn read_line(pair: Pair<'_, Rule>) -> Line<'_> {
    let line_start = pair.as_span().start();
    let line_text = pair.as_str();
    let mut line = plain_line(line_text);
    line.kind = match pair.as_rule() {
        Rule::furniture => {
            let t = line_text;
            if t.starts_with("【打印") || t.starts_with("【关闭") {
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
            let heading = first_inner(&pair, Rule::heading_text).map_or("", |p| p.as_str().trim());
            let heading_end = first_inner(&pair, Rule::heading_text)
                .map_or(line_text.len(), |p| p.as_span().end() - line_start);
            line.body = line_text[heading_end..]
                .char_indices()
                .nth(1)
                .map_or(line_text.len(), |(i, _)| heading_end + i);
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
        Rule::date_line => Kind::Date,
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

/// Is this one addressee (同志们, 各位代表, 教工同志们, 中国共产党全国代表会议各位代表同志们)?
fn is_addressee(word: &str) -> bool {
    let word = word.trim_matches(['“', '”']);
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

// ------------------------------------------------------------------ document

/// Turns classified lines into a document.
fn build(source: &str, lines: Vec<Line<'_>>) -> Document {
    let (lines, page_title) = clean(lines);
    let mut doc = Document {
        source: source.to_owned(),
        collection: None,
        speeches: Vec::new(),
    };
    // The lines are moved from stage to stage, never copied whole: for a large input they
    // are the largest thing in memory after the text.
    if let Some((collection, parts)) = split_collection(&lines) {
        doc.collection = Some(collection);
        doc.speeches = parts.into_iter().map(build_speech).collect();
    } else {
        doc.speeches = split_speeches(lines)
            .into_iter()
            .map(build_speech)
            .collect();
    }
    if doc.speeches.is_empty() {
        doc.speeches.push(Speech::default());
    }
    if doc.collection.is_none() && doc.speeches[0].title.is_none() {
        doc.speeches[0].title = page_title.map(title_from_page);
    }
    doc
}

/// Drops page furniture: everything up to a CMS meta line near the top (site title, menus),
/// everything after the end of the article (`【打印正文】`) or a notes block (`注释`), footnotes,
/// and lines with hardly any Chinese that do not read as prose either (rules `------`, `|`,
/// page numbers, markup such as `</div>`, `tags:`). A line of other prose (`Hello world.`)
/// is speech text and stays.
fn clean<'a>(lines: Vec<Line<'a>>) -> (Vec<Line<'a>>, Option<&'a str>) {
    let n = lines.len();
    let mut keep = vec![true; n];
    // A CMS meta line in the first part of the page: what comes before it is the site's.
    let meta = lines
        .iter()
        .take(150.min(n))
        .position(|l| matches!(l.kind, Kind::Furniture) && l.text.starts_with("文章来源"));
    let mut page_title = None;
    if let Some(m) = meta {
        keep[..=m].fill(false);
        page_title = lines[..m]
            .iter()
            .rev()
            .find(|l| l.is_titleish() || l.is_paragraph() && han_count(l.text) >= 4)
            .map(|l| l.text);
    }
    // Navigation menus: runs of five or more very short lines before the article (its
    // greeting, first heading or first long paragraph). Inside the speech such a run is text:
    // slogans, a poem, a list.
    let article = lines
        .iter()
        .position(|l| {
            matches!(l.kind, Kind::Greeting(_) | Kind::Heading { .. })
                || l.is_paragraph() && l.chars() > 40
        })
        .unwrap_or(n);
    let mut i = 0;
    while i < article {
        let short = |l: &Line<'_>| {
            l.chars() <= 8 && l.is_paragraph() && !l.text.contains(['。', '！', '？'])
        };
        if short(&lines[i]) {
            let j = (i..article).find(|&k| !short(&lines[k])).unwrap_or(article);
            if j - i >= 5 {
                keep[i..j].fill(false);
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    let body_seen = |upto: usize| {
        lines[..upto]
            .iter()
            .filter(|l| l.is_paragraph() && l.chars() > 40)
            .count()
            >= 2
    };
    for (i, line) in lines.iter().enumerate() {
        match line.kind {
            Kind::PageEnd if body_seen(i) => {
                keep[i..].fill(false);
                break;
            }
            Kind::NotesHead if i * 2 >= n => {
                keep[i..].fill(false);
                break;
            }
            Kind::Furniture | Kind::PageEnd | Kind::NotesHead | Kind::Footnote => keep[i] = false,
            _ => {}
        }
        let structural = matches!(line.kind, Kind::Heading { .. });
        if !structural && han_count(line.text) < 2 && !reads_as_prose(line.text) {
            keep[i] = false;
        }
    }
    let mut keep = keep.into_iter();
    let mut lines = lines;
    lines.retain(|_| keep.next().unwrap_or(false));
    (lines, page_title)
}

/// Does a line without Chinese read as prose: a sentence of two words or more, ended by
/// `.` `!` `?`, without the characters of markup or code (`<a href=…>`, `{{ }}`, `a | b`)?
/// Code, style sheets and field lists end otherwise (`;` `,` `{` or nothing).
fn reads_as_prose(text: &str) -> bool {
    if text.contains(['<', '>', '{', '}', '=', '|', '\\']) || text.contains("://") {
        return false;
    }
    let words = text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.chars().count() >= 2)
        .count();
    words >= 2 && text.ends_with(['.', '!', '?', '。', '！', '？'])
}

/// The speech title in a site's page title: `陈国阳局长《在…的讲话》` → `在…的讲话`,
/// `习近平：在…的讲话` → `在…的讲话`.
fn title_from_page(page: &str) -> String {
    if let (Some(a), Some(b)) = (page.find('《'), page.rfind('》')) {
        let inner = &page[a + '《'.len_utf8()..b];
        if a < b && names_speech(inner) {
            return inner.to_owned();
        }
    }
    match page.split_once('：') {
        Some((who, title)) if who.chars().count() <= 5 && !title.is_empty() => title.to_owned(),
        _ => page.to_owned(),
    }
}

/// A title line followed by a byline with an office: the start of one speech in a collection.
fn is_speech_header(lines: &[Line<'_>], i: usize) -> bool {
    let Some(next) = lines.get(i + 1) else {
        return false;
    };
    lines[i].is_titleish()
        && !matches!(lines[i].kind, Kind::Byline { .. })
        && matches!(&next.kind, Kind::Byline { position: Some(p), .. } if is_office(p))
}

/// Does a byline's first part name an office (主任, 书记, 局长 …)?
fn is_office(position: &str) -> bool {
    OFFICES.iter().any(|o| position.ends_with(o))
        || position.ends_with("代表")
        || position.contains('、')
}

/// A newspaper's collection (发言摘登): two or more speeches, each opened by a title line and
/// a byline with an office. Returns the collection and each speech's lines.
fn split_collection<'a>(lines: &[Line<'a>]) -> Option<(Collection, Vec<Vec<Line<'a>>>)> {
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| is_speech_header(lines, i))
        .collect();
    if starts.len() < 2 {
        return None;
    }
    let mut collection = Collection::default();
    for line in &lines[..starts[0]] {
        match line.kind {
            Kind::Dash if collection.subtitle.is_none() => {
                collection.subtitle = Some(line.text.to_owned())
            }
            _ if collection.title.is_none() && line.is_titleish() => {
                collection.title = Some(line.text.to_owned());
            }
            _ => {}
        }
    }
    let mut parts: Vec<Vec<Line<'a>>> = Vec::new();
    let mut i = starts[0];
    let mut editor_next = false;
    while i < lines.len() {
        let line = &lines[i];
        if starts.contains(&i) {
            parts.push(Vec::new());
        }
        if matches!(line.kind, Kind::EditorHead) {
            editor_next = true;
        } else if editor_next && line.is_paragraph() {
            collection.editor_note = Some(line.text.to_owned());
            editor_next = false;
        } else if let Some(part) = parts.last_mut() {
            part.push(line.clone());
        }
        i += 1;
    }
    // A scraper may interleave speeches: a section `三、` inside a later speech that has no `二、`
    // continues the earlier speech whose last section is `二、`.
    for k in 1..parts.len() {
        let mut idx = 0;
        while idx < parts[k].len() {
            let moved = match parts[k][idx].kind {
                Kind::Heading {
                    level: Level::Cn,
                    n,
                    ..
                } if n >= 2 => {
                    let own_prev = parts[k][..idx].iter().rev().find_map(|l| match l.kind {
                        Kind::Heading {
                            level: Level::Cn,
                            n,
                            ..
                        } => Some(n),
                        _ => None,
                    });
                    if own_prev == Some(n - 1) {
                        None
                    } else {
                        (0..k).rev().find(|&t| last_cn(&parts[t]) == Some(n - 1))
                    }
                }
                _ => None,
            };
            if let Some(t) = moved {
                let line = parts[k].remove(idx);
                parts[t].push(line);
            } else {
                idx += 1;
            }
        }
    }
    Some((collection, parts))
}

fn last_cn(lines: &[Line<'_>]) -> Option<u32> {
    lines.iter().rev().find_map(|l| match l.kind {
        Kind::Heading {
            level: Level::Cn,
            n,
            ..
        } => Some(n),
        _ => None,
    })
}

/// A short line without punctuation: `结论`, `开幕词`.
fn is_label(line: &Line<'_>) -> bool {
    matches!(line.kind, Kind::Paragraph | Kind::Byline { .. })
        && (2..=20).contains(&line.chars())
        && !line.text.contains(['。', '！', '？', '：', '；', '，'])
}

/// Does the text name a speech (讲话, 报告 …)?
fn names_speech(text: &str) -> bool {
    const WORDS: [&str; 10] = [
        "讲话",
        "发言",
        "报告",
        "致辞",
        "说明",
        "开幕词",
        "闭幕词",
        "结论",
        "讲稿",
        "提纲",
    ];
    WORDS.iter().any(|w| text.contains(w))
}

/// Splits a document into speeches: at a header line naming a speech after the body has
/// begun (`蔡奇同志的总结讲话`), at a short line followed by a date line (`结论` /
/// `（一九五五年三月三十一日）`), at a title followed by a `——` subtitle, and where the top
/// numbering restarts at `一、` after having reached `二、` or more.
fn split_speeches(lines: Vec<Line<'_>>) -> Vec<Vec<Line<'_>>> {
    let mut starts = vec![0];
    let mut body_begun = false;
    let mut top_seen = 0u32;
    for i in 0..lines.len() {
        let line = &lines[i];
        let next = lines.get(i + 1);
        let label = is_label(line) && next.is_some_and(|n| matches!(n.kind, Kind::Date));
        let header = body_begun && label
            || body_begun
                && line.is_titleish()
                && (next.is_some_and(|n| {
                    matches!(n.kind, Kind::Date | Kind::Dash | Kind::Greeting(_))
                }) || (names_speech(line.text)
                    && line.chars() <= 30
                    && next.is_some_and(|n| !n.is_titleish())));
        if header {
            starts.push(i);
            body_begun = false;
            top_seen = 0;
            continue;
        }
        if let Kind::Heading {
            level: Level::Cn,
            n,
            ..
        } = line.kind
        {
            if n == 1 && top_seen >= 2 {
                // Pull the new document's title lines along.
                let mut s = i;
                while s > *starts.last().unwrap_or(&0) + 1
                    && (lines[s - 1].is_titleish() || matches!(lines[s - 1].kind, Kind::Dash))
                {
                    s -= 1;
                }
                starts.push(s);
                top_seen = 1;
                continue;
            }
            top_seen = top_seen.max(n);
        }
        if line.is_paragraph() && line.chars() > 40 {
            body_begun = true;
        }
        if matches!(line.kind, Kind::Heading { .. } | Kind::Greeting(_)) {
            body_begun = true;
        }
    }
    starts.dedup();
    let mut parts = Vec::with_capacity(starts.len());
    let mut rest = lines;
    for &s in starts.iter().skip(1).rev() {
        parts.push(rest.split_off(s));
    }
    parts.push(rest);
    parts.reverse();
    // A preamble before the first header (a news intro) is no speech of its own.
    if parts.len() > 1 {
        let first = &parts[0];
        let substantial = first
            .iter()
            .any(|l| matches!(l.kind, Kind::Heading { .. } | Kind::Greeting(_)))
            || first
                .iter()
                .filter(|l| l.is_paragraph() && l.chars() > 40)
                .count()
                > 2;
        if !substantial {
            parts.remove(0);
        }
    }
    parts
}

// ------------------------------------------------------------------ speech

fn build_speech(lines: Vec<Line<'_>>) -> Speech {
    let mut speech = Speech::default();
    // The greeting, if it comes early: everything before it is the title block.
    let limit = lines.len().min(40);
    let greeting_at = lines[..limit]
        .iter()
        .position(|l| matches!(l.kind, Kind::Greeting(_)))
        .filter(|&g| {
            lines[..g]
                .iter()
                .filter(|l| l.is_paragraph() && !l.is_titleish())
                .count()
                <= 3
        });
    let (head, body_start) = match greeting_at {
        Some(g) => {
            if let Kind::Greeting(who) = &lines[g].kind {
                speech.greeting = Some((*who).to_owned());
            }
            (&lines[..g], g + 1)
        }
        None => {
            let h = lines
                .iter()
                .position(|l| {
                    !(l.is_titleish()
                        || matches!(
                            l.kind,
                            Kind::Byline { .. }
                                | Kind::Date
                                | Kind::Dash
                                | Kind::LeadIn(_)
                                | Kind::EditorIntro
                                | Kind::EditorHead
                        ))
                })
                .unwrap_or(lines.len());
            (&lines[..h], h)
        }
    };
    read_head(head, &mut speech);
    let mut body: Vec<Line<'_>> = lines
        .into_iter()
        .skip(body_start)
        .filter(|l| {
            !matches!(
                l.kind,
                Kind::LeadIn(_)
                    | Kind::EditorIntro
                    | Kind::EditorHead
                    | Kind::Date
                    | Kind::Greeting(_)
            )
        })
        .collect();
    // A greeting fused into the first paragraph: `同志们，今天我想讲的…`.
    if speech.greeting.is_none() {
        if let Some(first) = body.first_mut() {
            if let Some((who, end)) = first.vocative {
                speech.greeting = Some(who.to_owned());
                first.body = end;
                first.vocative = None;
                first.markers.retain(|m| m.start >= end);
            }
        }
    }
    let (opening, sections) = build_body(&body);
    speech.opening = opening;
    speech.sections = sections;
    speech.closing = take_closing(&mut speech.sections);
    if speech.sections.is_empty() && speech.opening.len() > 1 {
        // Keep the rule: a speech without numbered sections has one section without heading.
        let rest = speech.opening.split_off(1);
        speech.sections.push(Section {
            ordinal: None,
            heading: None,
            blocks: rest,
        });
    }
    speech
}

/// Title, speaker and position from the lines before the greeting.
fn read_head(head: &[Line<'_>], speech: &mut Speech) {
    // Runs of title lines, each with the `——` subtitle that follows it.
    let mut runs: Vec<(Vec<&str>, Option<&str>)> = Vec::new();
    let mut in_run = false;
    let mut lead_title = None;
    for line in head {
        match &line.kind {
            Kind::Byline { position, person }
                if speech.speaker.is_none() && !runs.is_empty() && !names_speech(person) =>
            {
                speech.speaker = Some((*person).to_owned());
                speech.position = position.map(str::to_owned);
                in_run = false;
            }
            Kind::Dash if line.chars() <= 80 => {
                if let Some(run) = runs.last_mut() {
                    if run.1.is_none() {
                        run.1 = Some(line.text);
                    }
                }
                in_run = false;
            }
            Kind::LeadIn(title) => lead_title = Some(*title),
            _ if line.is_titleish() || is_label(line) => {
                if in_run {
                    if let Some(run) = runs.last_mut() {
                        run.0.push(line.text);
                    }
                } else {
                    runs.push((vec![line.text], None));
                    in_run = true;
                }
            }
            _ => in_run = false,
        }
    }
    let formal = |ls: &Vec<&str>, sub: &Option<&str>| {
        ls.iter()
            .chain(sub.iter())
            .any(|l| l.contains('在') && l.contains("上的"))
    };
    let chosen = runs
        .iter()
        .find(|(ls, sub)| formal(ls, sub))
        .or_else(|| {
            runs.iter().rev().find(|(ls, sub)| {
                ls.iter().any(|l| names_speech(l)) || sub.is_some_and(names_speech)
            })
        })
        .or(runs.last());
    speech.title = match chosen {
        Some((ls, sub)) => {
            let mut t = ls.join(" ");
            if let Some(sub) = sub {
                t.push_str(sub);
            }
            Some(t)
        }
        None => lead_title.filter(|t| !t.is_empty()).map(str::to_owned),
    };
}

/// The opening and the top-level sections of a speech body.
fn build_body(body: &[Line<'_>]) -> (Vec<Block>, Vec<Section>) {
    let levels = levels_in(body);
    if let Some((&top, lower)) = levels.split_first() {
        let first = body
            .iter()
            .position(|l| heading_level(l) == Some(top))
            .unwrap_or(body.len());
        let opening = container(&body[..first], lower);
        let sections = split_at_level(&body[first..], top, lower);
        return (opening, sections);
    }
    // Unnumbered: vocative lines (同志们、朋友们！) separate the parts, or failing those,
    // paragraphs that open with a vocative (同志们，…) after the first.
    let vocative_lines: Vec<usize> = (0..body.len())
        .filter(|&i| matches!(body[i].kind, Kind::Vocative))
        .collect();
    let breaks: Vec<usize> = if vocative_lines.iter().any(|&i| i + 1 < body.len()) {
        vocative_lines
    } else {
        let v: Vec<usize> = (1..body.len())
            .filter(|&i| body[i].vocative.is_some())
            .collect();
        if v.len() >= 2 {
            v
        } else {
            Vec::new()
        }
    };
    if breaks.is_empty() {
        // The opening is the first paragraph; the rest is one section without heading.
        let first = body
            .iter()
            .position(|l| !l.running_text().is_empty())
            .map_or(body.len(), |i| i + 1);
        let opening = container(&body[..first.min(body.len())], &[]);
        let rest = container(&body[first.min(body.len())..], &[]);
        let sections = if rest.is_empty() {
            Vec::new()
        } else {
            vec![Section {
                ordinal: None,
                heading: None,
                blocks: rest,
            }]
        };
        return (opening, sections);
    }
    let opening = container(&body[..breaks[0]], &[]);
    let mut sections = Vec::new();
    for (k, &b) in breaks.iter().enumerate() {
        let e = breaks.get(k + 1).copied().unwrap_or(body.len());
        // The vocative line is the break itself, like a heading; a vocative opening a
        // paragraph stays in it.
        let from = if matches!(body[b].kind, Kind::Vocative) {
            b + 1
        } else {
            b
        };
        let blocks = container(&body[from..e], &[]);
        if !blocks.is_empty() {
            sections.push(Section {
                ordinal: None,
                heading: None,
                blocks,
            });
        }
    }
    (opening, sections)
}

fn heading_level(line: &Line<'_>) -> Option<Level> {
    match line.kind {
        Kind::Heading { level, .. } => Some(level),
        _ => None,
    }
}

/// The heading levels used in a body, top first. `一、` is the top wherever it occurs; the
/// other levels need two headings to count, and the top must be numbered from its start.
fn levels_in(body: &[Line<'_>]) -> Vec<Level> {
    let mut counts = std::collections::BTreeMap::new();
    for l in body {
        if let Kind::Heading { level, n, .. } = l.kind {
            let e = counts.entry(level).or_insert((0usize, u32::MAX));
            e.0 += 1;
            e.1 = e.1.min(n);
        }
    }
    let mut levels: Vec<Level> = counts
        .iter()
        .filter(|(&level, &(count, _))| count >= 2 || level == Level::Cn)
        .map(|(&level, _)| level)
        .collect();
    // 第N点 labels only make the top level where no 一、 exists; `一` bare numbers are Cn.
    if levels.contains(&Level::Cn) {
        levels.retain(|&l| l != Level::Point);
    }
    levels
}

/// Splits lines at the headings of `level` into sections whose content nests `lower`.
fn split_at_level(lines: &[Line<'_>], level: Level, lower: &[Level]) -> Vec<Section> {
    let mut sections = Vec::new();
    let starts: Vec<usize> = (0..lines.len())
        .filter(|&i| heading_level(&lines[i]) == Some(level))
        .collect();
    for (k, &s) in starts.iter().enumerate() {
        let e = starts.get(k + 1).copied().unwrap_or(lines.len());
        let Kind::Heading {
            ordinal, heading, ..
        } = &lines[s].kind
        else {
            continue;
        };
        let mut content: Vec<Line<'_>> = Vec::with_capacity(e - s);
        let head = &lines[s];
        if !head.body_text().trim().is_empty() {
            let mut rest = head.clone();
            rest.kind = Kind::Paragraph;
            content.push(rest);
        }
        content.extend_from_slice(&lines[s + 1..e]);
        let heading = heading.trim_end_matches(['，', '；', '：', ' ']).trim();
        sections.push(Section {
            ordinal: Some(ordinal.to_string()),
            heading: (!heading.is_empty()).then(|| heading.to_owned()),
            blocks: container(&content, lower),
        });
    }
    sections
}

/// The blocks of a run of lines: lower-level sections if any, else paragraphs and
/// enumerations.
fn container(lines: &[Line<'_>], levels: &[Level]) -> Vec<Block> {
    if let Some((&level, lower)) = levels.split_first() {
        if let Some(first) = lines.iter().position(|l| heading_level(l) == Some(level)) {
            let mut blocks = container(&lines[..first], lower);
            blocks.extend(
                split_at_level(&lines[first..], level, lower)
                    .into_iter()
                    .map(Block::Section),
            );
            return blocks;
        }
        return container(lines, lower);
    }
    enumerate(lines)
}

// ------------------------------------------------------------------ enumerations

/// An item under construction.
#[derive(Debug, Default)]
struct ItemB {
    ordinal: String,
    text: String,
    children: Vec<ListB>,
}

/// A list under construction.
#[derive(Debug)]
struct ListB {
    family: Family,
    style: String,
    last: u32,
    complete: bool,
    items: Vec<ItemB>,
    /// The marker that started it: (line, marker index).
    start: (usize, usize),
    /// The line where its current item began.
    line_of_last: usize,
}

impl ListB {
    fn accepts(&self, m: &Marker, exact: bool) -> bool {
        if self.complete {
            return false;
        }
        match (self.family, m.family) {
            (Family::Numbered(a), Family::Numbered(b)) => {
                (!exact || a == b) && m.n == self.last + 1
            }
            (Family::Aspect, Family::Aspect) => m.n == 2 && self.last == 1,
            (Family::Sequence, Family::Sequence) => match m.n {
                2 => self.last == 1,
                3 => self.last >= 2,
                0 => self.last >= 1,
                _ => false,
            },
            (Family::Ordinal, Family::Ordinal) | (Family::Paren, Family::Paren) => {
                m.n == self.last + 1
            }
            (Family::Dash, Family::Dash) => true,
            _ => false,
        }
    }

    /// A list that still waits for its next item across paragraphs: 一方面 before its
    /// 另一方面, 首先 before its 最后.
    fn is_open_container(&self) -> bool {
        match self.family {
            Family::Aspect => self.last == 1,
            Family::Sequence => !self.complete,
            _ => false,
        }
    }

    fn push(&mut self, m: &Marker, line: usize) {
        if m.family == Family::Aspect && m.n == 2 || m.family == Family::Sequence && m.n == 0 {
            self.complete = true;
        }
        self.last = if m.n == 0 {
            self.last + 1
        } else {
            m.n.max(self.last + 1)
        };
        self.line_of_last = line;
        self.items.push(ItemB {
            ordinal: m.ordinal.to_owned(),
            ..ItemB::default()
        });
    }

    fn new(m: &Marker, id: (usize, usize)) -> ListB {
        let style = match m.family {
            Family::Numbered(suffix) => format!("一{suffix}"),
            Family::Aspect => "一方面".into(),
            Family::Sequence => "首先".into(),
            Family::Ordinal => "第一".into(),
            Family::Paren => "（1）".into(),
            Family::Dash => "——".into(),
        };
        let mut list = ListB {
            family: m.family,
            style,
            last: 0,
            complete: false,
            items: Vec::new(),
            start: id,
            line_of_last: id.0,
        };
        list.push(m, id.0);
        list
    }
}

/// How deep enumerations nest (一方面 → 一是 → （1）); deeper starts begin a sibling list.
/// Also bounds the work per marker, whatever the input.
const MAX_DEPTH: usize = 3;

/// How many times list assembly is redone after dropping single-item lists; real text needs
/// one or two.
const MAX_PASSES: usize = 8;

enum Action {
    /// Append an item to the list at this depth of the stack.
    Continue(usize),
    /// Start a list under the current item of the top list.
    Nest,
    /// Close the stack down to this depth and start a sibling list there.
    Restart(usize),
    /// Not a marker here: plain text.
    Ignore,
}

fn decide(stack: &[ListB], m: &Marker, line: usize) -> Action {
    for exact in [true, false] {
        if let Some(d) = (0..stack.len()).rev().find(|&d| stack[d].accepts(m, exact)) {
            return Action::Continue(d);
        }
    }
    if !m.is_start() {
        return Action::Ignore;
    }
    let Some(top) = stack.last() else {
        return Action::Restart(0);
    };
    let same_line = top.line_of_last == line;
    if top.family.same_group(m.family) {
        let different_suffix = top.family != m.family;
        return if same_line
            && different_suffix
            && m.family != Family::Dash
            && stack.len() < MAX_DEPTH
        {
            Action::Nest
        } else {
            Action::Restart(stack.len() - 1)
        };
    }
    if (same_line || top.is_open_container()) && stack.len() < MAX_DEPTH {
        return Action::Nest;
    }
    match (0..stack.len())
        .rev()
        .find(|&d| stack[d].family.same_group(m.family))
    {
        Some(d) => Action::Restart(d),
        None => Action::Restart(0),
    }
}

/// Paragraphs and enumerations from a run of lines.
fn enumerate(lines: &[Line<'_>]) -> Vec<Block> {
    let mut rejected: HashSet<(usize, usize)> = HashSet::new();
    let mut pass = 1;
    loop {
        let (blocks, short) = assemble(lines, &rejected);
        if short.is_empty() || pass == MAX_PASSES {
            return blocks;
        }
        rejected.extend(short);
        pass += 1;
    }
}

/// One pass of list assembly. Returns the blocks and the start markers of lists that ended
/// with a single item (they are no lists; the next pass reads them as text).
fn assemble(
    lines: &[Line<'_>],
    rejected: &HashSet<(usize, usize)>,
) -> (Vec<Block>, Vec<(usize, usize)>) {
    let mut blocks = Vec::new();
    let mut short = Vec::new();
    let mut stack: Vec<ListB> = Vec::new();
    // Whole paragraphs after the last item: an item's continuation if another item follows,
    // else paragraphs of their own after the list.
    let mut pending: Vec<String> = Vec::new();

    for (li, line) in lines.iter().enumerate() {
        let text = line.running_text();
        if text.trim().is_empty() {
            continue;
        }
        let base = line.text_start();
        let mut cursor = 0usize; // in `text`
        let mut first_action = true;
        for (mi, m) in line.markers.iter().enumerate() {
            if rejected.contains(&(li, mi)) || m.start < base || m.end > line.end {
                continue;
            }
            let action = decide(&stack, m, li);
            if matches!(action, Action::Ignore) {
                continue;
            }
            let before = &text[cursor..m.start - base];
            // Text before this marker belongs to the current item, or stands alone.
            let closes_all = matches!(action, Action::Restart(0));
            if first_action {
                if closes_all || stack.is_empty() {
                    flush(&mut stack, &mut pending, &mut blocks, &mut short);
                    push_paragraph(&mut blocks, before);
                } else {
                    confirm(&mut stack, &mut pending);
                    append_text(&mut stack, before);
                }
                first_action = false;
            } else {
                append_text(&mut stack, before);
                if closes_all {
                    flush(&mut stack, &mut pending, &mut blocks, &mut short);
                }
            }
            let id = (li, mi);
            match action {
                Action::Continue(d) => {
                    close_to(&mut stack, d + 1, &mut short);
                    stack[d].push(m, li);
                }
                Action::Nest => stack.push(ListB::new(m, id)),
                Action::Restart(d) => {
                    close_to(&mut stack, d, &mut short);
                    stack.push(ListB::new(m, id));
                }
                Action::Ignore => {}
            }
            cursor = m.end - base;
        }
        let rest = &text[cursor..];
        if first_action {
            // No marker in this paragraph.
            if stack.is_empty() {
                push_paragraph(&mut blocks, rest);
            } else {
                pending.push(rest.trim().to_owned());
            }
        } else {
            append_text(&mut stack, rest);
        }
    }
    flush(&mut stack, &mut pending, &mut blocks, &mut short);
    (blocks, short)
}

fn push_paragraph(blocks: &mut Vec<Block>, text: &str) {
    let t = text.trim();
    if t.chars().any(char::is_alphanumeric) {
        blocks.push(Block::Paragraph(t.to_owned()));
    }
}

/// Appends text to the deepest current item.
fn append_text(stack: &mut [ListB], text: &str) {
    if text.is_empty() {
        return;
    }
    if let Some(item) = stack.last_mut().and_then(|l| l.items.last_mut()) {
        item.text.push_str(text);
    }
}

/// Pending paragraphs turn out to continue the current item.
fn confirm(stack: &mut [ListB], pending: &mut Vec<String>) {
    for p in pending.drain(..) {
        if let Some(item) = stack.last_mut().and_then(|l| l.items.last_mut()) {
            if !item.text.is_empty() {
                item.text.push('\n');
            }
            item.text.push_str(&p);
        }
    }
}

/// Closes lists above `depth`, attaching each to its parent's current item.
fn close_to(stack: &mut Vec<ListB>, depth: usize, short: &mut Vec<(usize, usize)>) {
    while stack.len() > depth.max(1) {
        let list = stack.pop().expect("stack is deeper than depth");
        if list.items.len() < 2 {
            short.push(list.start);
        }
        if let Some(parent) = stack.last_mut().and_then(|l| l.items.last_mut()) {
            parent.children.push(list);
        }
    }
    if depth == 0 {
        if let Some(list) = stack.pop() {
            // Closing the bottom list without emitting is the caller's job (flush); keep it.
            stack.push(list);
        }
    }
}

/// Closes every open list, emits it, then the pending paragraphs after it.
fn flush(
    stack: &mut Vec<ListB>,
    pending: &mut Vec<String>,
    blocks: &mut Vec<Block>,
    short: &mut Vec<(usize, usize)>,
) {
    close_to(stack, 1, short);
    if let Some(list) = stack.pop() {
        if list.items.len() < 2 {
            short.push(list.start);
        }
        blocks.push(Block::Enumeration(finish(list)));
    }
    for p in pending.drain(..) {
        push_paragraph(blocks, &p);
    }
}

/// A finished list: each item's text split into its lead and body.
fn finish(list: ListB) -> Enumeration {
    Enumeration {
        style: list.style,
        items: list
            .items
            .into_iter()
            .map(|item| {
                let (lead, body) = split_lead(&item.text);
                Item {
                    ordinal: item.ordinal,
                    lead,
                    body,
                    children: item.children.into_iter().map(finish).collect(),
                }
            })
            .collect(),
    }
}

/// An item's lead (要点) is its text up to the first 。；！？ (or line end); the body is the rest.
fn split_lead(text: &str) -> (String, String) {
    let t = text.trim_start_matches(['，', '、', '：', ' ']);
    match t.find(['。', '；', '！', '？', '\n']) {
        Some(i) => {
            let stop = t[i..].chars().next().map_or(0, char::len_utf8);
            let lead = t[..i].trim_end_matches(['，', ' ']).trim().to_owned();
            let body = t[i + stop..]
                .trim_start_matches(['”', '’', '）'])
                .trim()
                .to_owned();
            (lead, body)
        }
        None => (
            t.trim_end_matches(['，', ' ']).trim().to_owned(),
            String::new(),
        ),
    }
}

// ------------------------------------------------------------------ closing

/// The closing (结尾): the last paragraphs of the speech when they open with a vocative
/// (同志们，…), sum up (以上…意见), call to action (让我们…), or open with a couplet
/// (征程万里风正劲，重任千钧再扬帆。). A list that follows such a paragraph (一是要…) is part of
/// it. They are taken out of the innermost last section.
fn take_closing(sections: &mut Vec<Section>) -> Option<String> {
    let count = sections.len();
    let last = sections.last_mut()?;
    // A part of an unnumbered speech may be all closing: `同志们，今天的总结只是…`.
    let whole_part_ok = count > 1 && last.ordinal.is_none() && last.heading.is_none();
    let mut blocks = &mut last.blocks;
    let mut nested = false;
    while matches!(blocks.last(), Some(Block::Section(_))) {
        let Some(Block::Section(inner)) = blocks.last_mut() else {
            unreachable!()
        };
        blocks = &mut inner.blocks;
        nested = true;
    }
    let n = blocks.len();
    let lo = n.saturating_sub(4);
    let mut start = n;
    while start > lo && !matches!(blocks[start - 1], Block::Section(_)) {
        start -= 1;
    }
    let cue = |i: usize| match &blocks[i] {
        Block::Paragraph(p) => closing_cue(p, i == n - 1),
        _ => Cue::None,
    };
    let from = (start..n)
        .find(|&i| cue(i) == Cue::Strong)
        .or_else(|| (start..n).find(|&i| cue(i) == Cue::Weak))?;
    if from == 0 && (nested || !whole_part_ok) {
        return None;
    }
    let parts: Vec<String> = blocks.drain(from..).map(|b| flatten(&b)).collect();
    if sections.last().is_some_and(|s| s.blocks.is_empty()) {
        sections.pop();
    }
    Some(parts.join("\n"))
}

/// The text of a block as one string, items written out with their ordinals.
fn flatten(block: &Block) -> String {
    fn list(e: &Enumeration, out: &mut Vec<String>) {
        for item in &e.items {
            let mut t = format!("{}{}", item.ordinal, item.lead);
            if !item.body.is_empty() {
                t.push('。');
                t.push_str(&item.body);
            }
            out.push(t);
            for c in &item.children {
                list(c, out);
            }
        }
    }
    match block {
        Block::Paragraph(p) => p.clone(),
        Block::Enumeration(e) => {
            let mut out = Vec::new();
            list(e, &mut out);
            out.join("\n")
        }
        Block::Section(s) => {
            let mut out: Vec<String> = s.heading.iter().cloned().collect();
            out.extend(s.blocks.iter().map(flatten));
            out.join("\n")
        }
    }
}

/// How surely a paragraph begins a closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    None,
    /// A call or a couplet: the closing, unless a stronger cue comes first.
    Weak,
    /// A vocative (同志们，…) or a summing-up (以上几点意见…).
    Strong,
}

fn closing_cue(p: &str, is_last: bool) -> Cue {
    const VOCATIVES: [&str; 8] = [
        "同志们",
        "各位代表",
        "各位领导",
        "同学们",
        "老师们",
        "朋友们",
        "各位委员",
        "各位同志",
    ];
    if VOCATIVES
        .iter()
        .any(|v| p.starts_with(v) && p[v.len()..].starts_with(['，', '！', '、']))
    {
        return Cue::Strong;
    }
    if p.starts_with("以上")
        && ["意见", "几点", "体会", "认识", "报告", "发言"]
            .iter()
            .any(|w| p.contains(w))
    {
        return Cue::Strong;
    }
    if p.contains("让我们") {
        return Cue::Weak;
    }
    if p.starts_with("最后，")
        && ["请", "希望", "号召", "强调", "祝"]
            .iter()
            .any(|w| p.contains(w))
    {
        return Cue::Weak;
    }
    if couplet(p).is_some() {
        return Cue::Weak;
    }
    let call = [
        "奋斗",
        "斗争",
        "贡献",
        "新局面",
        "新篇章",
        "新辉煌",
        "新征程",
        "前进",
    ]
    .iter()
    .any(|w| p.contains(w));
    if is_last && p.ends_with('！') && call {
        Cue::Weak
    } else {
        Cue::None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(text: &str) -> Document {
        crate::parse_str("test", text)
    }

    #[test]
    fn chinese_numerals_read_as_numbers() {
        assert_eq!(cn_value("一"), 1);
        assert_eq!(cn_value("十"), 10);
        assert_eq!(cn_value("十五"), 15);
        assert_eq!(cn_value("二十"), 20);
        assert_eq!(cn_value("三十二"), 32);
    }

    #[test]
    fn a_plain_speech_has_title_greeting_sections_and_closing() {
        let d = doc("在全市工作会议上的讲话\n同志们：\n今天召开会议。下面，我讲两点意见。\n一、提高认识\n要提高认识。\n二、狠抓落实\n一是强化担当。要担当。二是压实责任。要落实。\n同志们，让我们共同努力！");
        let s = &d.speeches[0];
        assert_eq!(s.title.as_deref(), Some("在全市工作会议上的讲话"));
        assert_eq!(s.greeting.as_deref(), Some("同志们"));
        assert_eq!(s.sections.len(), 2);
        assert_eq!(s.sections[1].heading.as_deref(), Some("狠抓落实"));
        let Block::Enumeration(e) = &s.sections[1].blocks[0] else {
            panic!("{:?}", s.sections[1].blocks)
        };
        assert_eq!(e.style, "一是");
        assert_eq!(e.items[1].lead, "压实责任");
        assert_eq!(e.items[1].body, "要落实。");
        assert_eq!(s.closing.as_deref(), Some("同志们，让我们共同努力！"));
    }

    #[test]
    fn a_list_inside_one_aspect_nests_and_the_next_aspect_continues() {
        let d = doc("一方面，要领会。一是举旗帜。二是聚民心。另一方面，要认识。一是适应变化。二是回应关切。");
        let blocks: Vec<&Block> = d.speeches[0].blocks().collect();
        let Block::Enumeration(e) = blocks[0] else {
            panic!("{blocks:?}")
        };
        assert_eq!(e.style, "一方面");
        assert_eq!(e.items.len(), 2);
        assert_eq!(e.items[0].children[0].items.len(), 2);
        assert_eq!(e.items[1].children[0].items[1].lead, "回应关切");
    }

    #[test]
    fn a_single_marker_is_no_list() {
        let d = doc("首先，我代表党中央表示祝贺。我们要努力。");
        assert!(d.speeches[0]
            .blocks()
            .all(|b| matches!(b, Block::Paragraph(_))));
    }

    #[test]
    fn mixed_markers_continue_one_list_and_a_restart_starts_another() {
        let d = doc("一是坚持守正；二是坚持创新。\n一要强化担当。正文。\n二是汇聚合力。正文。");
        let lists: Vec<&Enumeration> = d.speeches[0]
            .blocks()
            .filter_map(|b| match b {
                Block::Enumeration(e) => Some(e),
                _ => None,
            })
            .collect();
        assert_eq!(lists.len(), 2);
        assert_eq!(lists[1].style, "一要");
        assert_eq!(lists[1].items[1].lead, "汇聚合力");
    }

    #[test]
    fn alternating_markers_nest_at_most_three_deep() {
        // Regression: each 首先 nested under the 一是 before it, so the stack grew with the
        // text and every marker scanned it (quadratic time on a 2 MB paragraph).
        let d = doc(&"首先，一是甲。二是乙。".repeat(2000));
        fn depth(e: &Enumeration) -> usize {
            1 + e
                .items
                .iter()
                .flat_map(|i| i.children.iter())
                .map(depth)
                .max()
                .unwrap_or(0)
        }
        let deepest = d.speeches[0]
            .blocks()
            .filter_map(|b| match b {
                Block::Enumeration(e) => Some(depth(e)),
                _ => None,
            })
            .max();
        assert!(deepest.unwrap_or(0) <= MAX_DEPTH, "{deepest:?}");
    }

    fn kind_of(line: &str) -> Kind<'_> {
        classify(line).remove(0).kind
    }

    #[test]
    fn lines_that_open_like_furniture_but_are_speech_text_are_paragraphs() {
        // Regression: each of these was read as furniture or a date and dropped.
        for line in [
            "- 这是以短横开头的段落，要认真落实。",
            "（掌声）",
            "时间：就是生命。",
            "技术支持是关键，要加强保障。",
            "⑴加强领导。",
        ] {
            assert!(matches!(kind_of(line), Kind::Paragraph), "{line}");
        }
        for line in [
            "- 2021-05-07 发布 |",
            "- 10页",
            "时间：2026-02-01",
            "编辑：何继红",
        ] {
            assert!(matches!(kind_of(line), Kind::Furniture), "{line}");
        }
        assert!(matches!(kind_of("（2010年2月22日）"), Kind::Date));
    }

    #[test]
    fn a_heading_that_makes_no_section_keeps_its_text() {
        // Regression: a lone `1、…` was a heading of a level with one member, so no section,
        // and its heading sentence was dropped with it.
        for line in [
            "1、单独一行的编号内容。",
            "（1）单独一行的编号内容。",
            "1.单独一行的编号内容。",
        ] {
            let d = doc(&format!("开头的话。\n{line}"));
            let found = d.speeches[0]
                .blocks()
                .any(|b| matches!(b, Block::Paragraph(p) if p == line));
            assert!(found, "{line}: {:?}", d.speeches[0]);
        }
    }

    #[test]
    fn a_line_without_chinese_is_text_when_it_reads_as_prose() {
        assert!(reads_as_prose("Hello world."));
        assert!(reads_as_prose("We are here!"));
        for junk in [
            "</div>",
            "margin-bottom: 10px;",
            "tags:",
            "Date,Text",
            "|",
            "2024",
        ] {
            assert!(!reads_as_prose(junk), "{junk}");
        }
        let d = doc("开头的话。\nHello world.\n------\n结尾的话。");
        let paragraphs: Vec<&Block> = d.speeches[0].blocks().collect();
        assert!(paragraphs.contains(&&Block::Paragraph("Hello world.".into())));
        assert!(!paragraphs.contains(&&Block::Paragraph("------".into())));
    }

    #[test]
    fn empty_and_structureless_text_never_fail() {
        assert_eq!(doc("").speeches.len(), 1);
        let d = doc("第一段话。\n第二段话。\n第三段话。");
        assert_eq!(d.speeches[0].sections.len(), 1);
        assert_eq!(d.speeches[0].sections[0].heading, None);
    }
}
