//! One speech: its title block (title, speaker, position, greeting), its opening, and its
//! sections by numbering level (`一、` over `（一）` over `1、`), or, unnumbered, by vocative
//! lines. The blocks inside a section are `enumeration`'s, the closing `closing`'s.

use super::closing::*;
use super::document::*;
use super::enumeration::*;
use super::lines::*;
use crate::lexicon::han_count;
use crate::model::{Block, Section, Speech};

pub(super) fn build_speech(lines: Vec<Line<'_>>) -> Speech {
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
            // A salutation over two lines: `尊敬的XX院士，` / `老师们、同学们：`.
            let before = g
                .checked_sub(1)
                .map(|p| &lines[p])
                .filter(|p| is_salutation(p));
            if let Kind::Greeting(who) = &lines[g].kind {
                speech.greeting = Some(match before {
                    Some(p) => format!("{}{who}", p.text),
                    None => (*who).to_owned(),
                });
            }
            (&lines[..g - usize::from(before.is_some())], g + 1)
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
    take_signature(&mut body, &mut speech);
    set_apart_headings(&mut body);
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

/// The first line of a salutation over two lines: `尊敬的XX院士，`, `亲爱的同学们、`.
fn is_salutation(line: &Line<'_>) -> bool {
    line.is_paragraph()
        && line.chars() <= 40
        && line.text.ends_with(['，', '、'])
        && HONORIFICS.iter().any(|h| line.text.starts_with(h))
}

/// A signature after the closing: the speaker's line (`XX大学校长 XX`, `党委书记 XX`) and a
/// date line, the last lines of the speech. They are the byline, never the closing's text.
fn take_signature(body: &mut Vec<Line<'_>>, speech: &mut Speech) {
    let mut taken = 0;
    while taken < 3 {
        let Some(last) = body.last() else { break };
        match last.kind {
            Kind::Byline { position, person } if !names_speech(person) => {
                if speech.speaker.is_none() {
                    speech.speaker = Some(person.to_owned());
                    speech.position = position.map(str::to_owned);
                }
            }
            Kind::Date => {
                speech.date.get_or_insert_with(|| date_of(last.text));
            }
            _ => break,
        }
        body.pop();
        taken += 1;
    }
}

/// A date line's date, without its brackets: `（2026年3月5日）` → `2026年3月5日`.
fn date_of(line: &str) -> String {
    line.trim()
        .trim_start_matches(['（', '('])
        .trim_end_matches(['）', ')'])
        .trim()
        .to_owned()
}

/// Title, speaker, position and date from the lines before the greeting.
fn read_head(head: &[Line<'_>], speech: &mut Speech) {
    // Runs of title lines, each with the `——` subtitle that follows it.
    let mut runs: Vec<(Vec<&str>, Option<&str>)> = Vec::new();
    let mut in_run = false;
    let mut lead_title = None;
    // A `——在…会议上` subtitle with no title line over it (the title was an image).
    let mut lone_subtitle = None;
    for line in head {
        match &line.kind {
            Kind::Byline { position, person }
                if speech.speaker.is_none()
                    && (!runs.is_empty() || position.is_some_and(is_office))
                    && !names_speech(person) =>
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
                } else {
                    lone_subtitle.get_or_insert(line.text);
                }
                in_run = false;
            }
            Kind::Date if speech.date.is_none() => {
                speech.date = Some(date_of(line.text));
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
        None => lead_title
            .filter(|t| !t.is_empty())
            .or(lone_subtitle.map(|t| t.trim_start_matches(['—', '―', '-', '－'])))
            .map(str::to_owned),
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
            .filter(|&i| body[i].vocative.is_some() && !inside_list(body, i))
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

/// Headings without a number: where the body has no `一、`, lines the source set apart and
/// runs of three or more short parallel lines become headings of their own level, when there
/// are two or more of them and each has text under it. A line that opens a list (`一是…`)
/// or addresses the audience stays text.
fn set_apart_headings(body: &mut [Line<'_>]) {
    let numbered = body.iter().any(|l| {
        matches!(
            l.kind,
            Kind::Heading {
                level: Level::Cn,
                ..
            }
        )
    });
    if numbered {
        return;
    }
    let candidate = |l: &Line<'_>| {
        l.is_paragraph()
            && l.vocative.is_none()
            && l.markers.first().is_none_or(|m| m.start > 0)
            && (2..=50).contains(&l.chars())
            && han_count(l.text) >= 2
            && !l.text.ends_with(['：', '，', '；'])
    };
    let followed = |i: usize| {
        body.get(i + 1)
            .is_some_and(|n| n.is_paragraph() && !n.marked && n.chars() > 20)
    };
    let mut chosen: Vec<usize> = (0..body.len())
        .filter(|&i| body[i].marked && candidate(&body[i]) && followed(i))
        .collect();
    if chosen.len() < 2 {
        chosen = parallel_lines(body, &candidate, &followed);
    }
    if chosen.len() < 2 {
        return;
    }
    for i in chosen {
        let line = &mut body[i];
        let heading = line.text.trim_end_matches(['。', '！']);
        line.kind = Kind::Heading {
            level: Level::SetApart,
            n: 0,
            ordinal: std::borrow::Cow::Borrowed(""),
            heading,
        };
        line.body = line.text.len();
        line.markers.clear();
    }
}

/// Three or more short lines of one form, each with longer text under it: the same
/// punctuation in the same order (`“…”——…`) and the same first or last character.
fn parallel_lines(
    body: &[Line<'_>],
    candidate: &dyn Fn(&Line<'_>) -> bool,
    followed: &dyn Fn(usize) -> bool,
) -> Vec<usize> {
    let form = |l: &Line<'_>| -> String {
        l.text
            .chars()
            .filter(|c| !c.is_alphanumeric() && !c.is_whitespace())
            .collect()
    };
    let short: Vec<usize> = (0..body.len())
        .filter(|&i| candidate(&body[i]) && body[i].chars() <= 30 && followed(i))
        .filter(|&i| !body[i].text.ends_with('。'))
        .collect();
    // Grouped by form and first character, and by form and last character.
    let mut groups: std::collections::BTreeMap<(String, bool, char), Vec<usize>> =
        std::collections::BTreeMap::new();
    for &i in &short {
        let f = form(&body[i]);
        if f.is_empty() {
            continue;
        }
        let text = body[i].text;
        for (at_end, c) in [(false, text.chars().next()), (true, text.chars().last())] {
            if let Some(c) = c {
                groups.entry((f.clone(), at_end, c)).or_default().push(i);
            }
        }
    }
    groups
        .into_values()
        .filter(|g| g.len() >= 3)
        .max_by_key(|g| g.len())
        .unwrap_or_default()
}

/// Is line `i` inside a list that runs across paragraphs: a first marker (首先, 一是, 第一，)
/// in the lines before it and a later marker of the same list at or after it?
fn inside_list(body: &[Line<'_>], i: usize) -> bool {
    let lo = i.saturating_sub(12);
    let hi = (i + 12).min(body.len());
    body[lo..i]
        .iter()
        .rev()
        .flat_map(|l| l.markers.iter().rev())
        .find(|m| m.is_start())
        .is_some_and(|start| {
            body[i..hi]
                .iter()
                .flat_map(|l| l.markers.iter())
                .take_while(|m| !(m.is_start() && m.family.same_group(start.family)))
                .any(|m| m.family.same_group(start.family))
        })
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
    // Headings without a number are the top level when they come first.
    let first = |level: Level| body.iter().position(|l| heading_level(l) == Some(level));
    if let Some(at) = levels.iter().position(|&l| l == Level::SetApart) {
        let own = first(Level::SetApart);
        if levels
            .iter()
            .all(|&l| l == Level::SetApart || first(l) > own)
        {
            let l = levels.remove(at);
            levels.insert(0, l);
        }
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
            ordinal: (!ordinal.is_empty()).then(|| ordinal.to_string()),
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
