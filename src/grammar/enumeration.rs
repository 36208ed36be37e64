//! Enumerations (列举): how markers in a run of lines group into lists (一是…四是, 一方面 …
//! 另一方面, 首先 … 最后), how lists nest, where an item's lead (要点) ends; and the
//! paragraphs between them. It does not find markers (the grammar does, `lines` reads them).

use std::collections::HashSet;

use super::lines::*;
use crate::model::{Block, Enumeration, Item};

/// An item under construction.
#[derive(Debug, Default)]
struct ItemB {
    pub(super) ordinal: String,
    pub(super) text: String,
    pub(super) children: Vec<ListB>,
}

/// A list under construction.
#[derive(Debug)]
struct ListB {
    pub(super) family: Family,
    pub(super) style: String,
    pub(super) last: u32,
    pub(super) complete: bool,
    pub(super) items: Vec<ItemB>,
    /// The marker that started it: (line, marker index).
    pub(super) start: (usize, usize),
    /// The line where its current item began.
    pub(super) line_of_last: usize,
}

impl ListB {
    pub(super) fn accepts(&self, m: &Marker, exact: bool) -> bool {
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
    pub(super) fn is_open_container(&self) -> bool {
        match self.family {
            Family::Aspect => self.last == 1,
            Family::Sequence => !self.complete,
            _ => false,
        }
    }

    pub(super) fn push(&mut self, m: &Marker, line: usize) {
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

    pub(super) fn new(m: &Marker, id: (usize, usize)) -> ListB {
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
pub(super) const MAX_DEPTH: usize = 3;

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
pub(super) fn enumerate(lines: &[Line<'_>]) -> Vec<Block> {
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
