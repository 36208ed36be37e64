//! The document: classified lines → speeches. It owns dropping page furniture (`clean`),
//! telling a collection of speeches (发言摘登) from one speech or several pasted together,
//! and the page title as a fallback title. What a speech is made of is `speech`'s job.

use super::lines::*;
use super::speech::*;
use crate::lexicon::{han_count, OFFICES};
use crate::model::{Collection, Document, Speech};

/// Turns classified lines into a document.
pub(super) fn build(source: &str, lines: Vec<Line<'_>>, hints: &super::Hints) -> Document {
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
    if let (None, Some(hint)) = (&doc.collection, &hints.title) {
        let first = &mut doc.speeches[0];
        // The text's own title wins unless it names no speech and the container's does.
        let weak = first
            .title
            .as_deref()
            .is_none_or(|t| !names_speech(t) && names_speech(hint) && !hint.contains(t));
        if weak {
            first.title = Some(hint.clone());
        }
    }
    doc
}

/// Drops page furniture: everything up to a CMS meta line near the top (site title, menus),
/// everything after the end of the article (`【打印正文】`) or a notes block (`注释`), footnotes,
/// and lines with hardly any Chinese that do not read as prose either (rules `------`, `|`,
/// page numbers, markup such as `</div>`, `tags:`). A line of other prose (`Hello world.`)
/// is speech text and stays.
fn clean<'a>(lines: Vec<Line<'a>>) -> (Vec<Line<'a>>, Option<&'a str>) {
    let (dropped, page_title) = drops(&lines);
    let mut dropped = dropped.into_iter();
    let mut lines = lines;
    lines.retain(|_| dropped.next().flatten().is_none());
    (lines, page_title)
}

/// Which lines `clean` drops, each with the rule that drops it, and the page title found
/// before a CMS meta line.
pub(super) fn drops<'a>(lines: &[Line<'a>]) -> (Vec<Option<&'static str>>, Option<&'a str>) {
    let n = lines.len();
    let mut dropped: Vec<Option<&'static str>> = vec![None; n];
    let mut drop = |range: std::ops::Range<usize>, rule: &'static str| {
        for d in &mut dropped[range] {
            d.get_or_insert(rule);
        }
    };
    // A CMS meta line in the first part of the page: what comes before it is the site's.
    let meta = lines
        .iter()
        .take(150.min(n))
        .position(|l| matches!(l.kind, Kind::Furniture) && l.text.starts_with("文章来源"));
    let mut page_title = None;
    if let Some(m) = meta {
        drop(m..m + 1, "cms_meta");
        drop(0..m, "site_header_before_meta");
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
                drop(i..j, "menu");
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
                drop(i..i + 1, "page_end");
                drop(i..n, "after_page_end");
                break;
            }
            Kind::NotesHead if i * 2 >= n => {
                drop(i..n, "notes");
                break;
            }
            Kind::Furniture | Kind::PageEnd => drop(i..i + 1, line.rule.unwrap_or("furniture")),
            Kind::NotesHead | Kind::Footnote => drop(i..i + 1, "footnote"),
            _ => {}
        }
        let structural = matches!(line.kind, Kind::Heading { .. });
        if !structural && han_count(line.text) < 2 && !reads_as_prose(line.text) {
            drop(i..i + 1, "no_text");
        }
    }
    (dropped, page_title)
}

/// Does a line without Chinese read as prose: a sentence of two words or more, ended by
/// `.` `!` `?`, without the characters of markup or code (`<a href=…>`, `{{ }}`, `a | b`)?
/// Code, style sheets and field lists end otherwise (`;` `,` `{` or nothing).
pub(super) fn reads_as_prose(text: &str) -> bool {
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
pub(super) fn is_office(position: &str) -> bool {
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
pub(super) fn is_label(line: &Line<'_>) -> bool {
    matches!(line.kind, Kind::Paragraph | Kind::Byline { .. })
        && (2..=20).contains(&line.chars())
        && !line.text.contains(['。', '！', '？', '：', '；', '，'])
}

/// Does the text name a speech (讲话, 报告 …)?
pub(super) fn names_speech(text: &str) -> bool {
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
        // A label and a date open a speech when prose follows (not a poem's short lines).
        let prose_after = || {
            lines[(i + 2).min(lines.len())..]
                .iter()
                .take(30)
                .any(|l| l.is_paragraph() && l.chars() > 40)
        };
        let label =
            is_label(line) && next.is_some_and(|n| matches!(n.kind, Kind::Date)) && prose_after();
        let header = body_begun && label
            || body_begun
                && line.is_titleish()
                && (next.is_some_and(|n| {
                    matches!(n.kind, Kind::Dash | Kind::Greeting(_))
                        // A signature and its date end a speech; they open none.
                        || matches!(n.kind, Kind::Date) && prose_after()
                }) || (names_speech(line.text)
                    && line.chars() <= 30
                    && next.is_some_and(|n| !n.is_titleish())));
        if header {
            // Pull the speech's title lines along: `在…上的讲话` over its date line.
            let mut s = i;
            while s > *starts.last().unwrap_or(&0) + 1
                && lines[s - 1].is_titleish()
                && names_speech(lines[s - 1].text)
            {
                s -= 1;
            }
            starts.push(s);
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
        // A news report about the speech (a wire lead, `江泽民强调，…`) before the speech's
        // own title block and greeting is no speech either.
        let report = !first
            .iter()
            .any(|l| matches!(l.kind, Kind::Heading { .. } | Kind::Greeting(_)))
            && parts[1]
                .iter()
                .take(12)
                .any(|l| matches!(l.kind, Kind::Greeting(_)))
            && parts[1]
                .iter()
                .take(3)
                .any(|l| l.is_titleish() && names_speech(l.text));
        if !substantial || report {
            parts.remove(0);
        }
    }
    parts
}
