//! Blocks → lines, shared by the HTML and Markdown readers: the text of each block the
//! reader opens and closes, with its whitespace collapsed as a browser shows it (no space
//! between two Chinese characters where the source broke a line), lines that are mostly link
//! text dropped, and the lines a reader sees set apart marked with [`EMPHASIS`].

use super::EMPHASIS;
use crate::lexicon::is_han;

/// The longest bold run-in sentence split off as a line of its own, in characters.
const MAX_RUN_IN: usize = 60;
/// The longest line marked as set apart, in characters.
const MAX_EMPHASIZED: usize = 80;

/// A line under construction.
#[derive(Default)]
struct Line {
    text: String,
    /// Characters (not spaces) in the line, in links, in bold or a heading.
    chars: usize,
    link_chars: usize,
    bold_chars: usize,
    /// Where the bold characters that open the line end, while no plain character came.
    bold_prefix: Option<usize>,
    plain_seen: bool,
    heading: bool,
    /// Whitespace came since the last character: `Some(true)` when it held a line break.
    space: Option<bool>,
}

/// The lines of a document under construction. The reader says where links, bold text and
/// headings begin and end, hands over text, and ends blocks.
#[derive(Default)]
pub(super) struct Blocks {
    lines: Vec<String>,
    line: Line,
    links: usize,
    bold: usize,
    headings: usize,
}

impl Blocks {
    pub(super) fn link(&mut self, open: bool) {
        self.links = step(self.links, open);
    }

    pub(super) fn bold(&mut self, open: bool) {
        self.bold = step(self.bold, open);
    }

    pub(super) fn heading(&mut self, open: bool) {
        self.headings = step(self.headings, open);
    }

    /// Text as the source holds it: a run of spaces and line breaks is one space, or none
    /// when it holds a line break between two Chinese characters (as browsers show it).
    pub(super) fn text(&mut self, text: &str) {
        for c in text.chars() {
            if matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{0C}') {
                let broke = matches!(c, '\n' | '\r') || self.line.space == Some(true);
                self.line.space = Some(broke);
            } else {
                self.push(c);
            }
        }
    }

    fn push(&mut self, c: char) {
        let line = &mut self.line;
        if let Some(broke) = line.space.take() {
            let prev = line.text.chars().next_back();
            if prev.is_some() && !(broke && prev.is_some_and(wide) && wide(c)) {
                line.text.push(' ');
            }
        }
        if c == EMPHASIS || c.is_control() {
            return;
        }
        if self.headings > 0 {
            line.heading = true;
        }
        if c.is_whitespace() {
            // A no-break or ideographic space: kept for `normalize`, not counted.
            line.text.push(c);
            return;
        }
        line.chars += 1;
        if self.links > 0 {
            line.link_chars += 1;
        }
        if self.bold > 0 || self.headings > 0 {
            line.bold_chars += 1;
            line.text.push(c);
            if !line.plain_seen {
                line.bold_prefix = Some(line.text.len());
            }
            return;
        }
        line.plain_seen = true;
        line.text.push(c);
    }

    /// Ends the current block's line.
    pub(super) fn end_line(&mut self) {
        let line = std::mem::take(&mut self.line);
        let text = line.text.trim();
        if text.is_empty() {
            return;
        }
        // Navigation, tag lists and link trailers are mostly link text (a heading that links
        // to itself stays).
        if line.link_chars * 2 >= line.chars && !line.heading {
            return;
        }
        let chars = text.chars().count();
        if line.bold_chars == line.chars && chars <= MAX_EMPHASIZED {
            self.lines.push(format!("{EMPHASIS}{text}"));
            return;
        }
        if let Some(end) = line.bold_prefix {
            let (head, rest) = line.text.split_at(end);
            let (head, rest) = (head.trim(), rest.trim());
            let head_chars = head.chars().count();
            if (4..=MAX_RUN_IN).contains(&head_chars)
                && rest.chars().count() >= 10
                && !opens_with_marker(head)
            {
                self.lines.push(format!("{EMPHASIS}{head}"));
                self.lines.push(rest.to_owned());
                return;
            }
        }
        self.lines.push(text.to_owned());
    }

    /// The lines, joined by `\n`. Labels left at the very end (`视频：` over an embedded
    /// player, `附件：` over a download link) introduce nothing a reader gets: they go.
    pub(super) fn finish(mut self) -> String {
        self.end_line();
        while self
            .lines
            .last()
            .is_some_and(|l| l.ends_with(['：', ':']) && l.chars().count() <= 12)
        {
            self.lines.pop();
        }
        self.lines.join("\n")
    }
}

fn step(depth: usize, open: bool) -> usize {
    if open {
        depth.saturating_add(1)
    } else {
        depth.saturating_sub(1)
    }
}

/// Chinese characters and full-width punctuation: no space between two of them.
fn wide(c: char) -> bool {
    is_han(c)
        || ('\u{3000}'..='\u{303F}').contains(&c)
        || ('\u{FF00}'..='\u{FFEF}').contains(&c)
        || matches!(c, '“' | '”' | '‘' | '’' | '—' | '…' | '·')
}

/// Does a text open with a heading ordinal or an enumeration marker (一、 （一） 1. 一是 第一
/// 首先)? Such a bold opening is the grammar's to read, not a heading of its own.
fn opens_with_marker(text: &str) -> bool {
    let t = text.trim_start_matches(['（', '(']);
    let first = t.chars().next().unwrap_or(' ');
    first.is_ascii_digit()
        || "一二三四五六七八九十".contains(first)
        || t.starts_with('第')
        || ["首先", "其次", "再次", "最后", "另一方面"]
            .iter()
            .any(|m| t.starts_with(m))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_breaks_between_chinese_leave_no_space_and_others_one() {
        let mut b = Blocks::default();
        b.text("我们今天\n  在这里召开 meeting\nnow。记者  张  三摄");
        assert_eq!(b.finish(), "我们今天在这里召开 meeting now。记者 张 三摄");
    }

    #[test]
    fn a_line_mostly_of_link_text_is_dropped() {
        let mut b = Blocks::default();
        b.text("上一篇：");
        b.link(true);
        b.text("关于做好工作的通知");
        b.link(false);
        b.end_line();
        b.text("要把");
        b.link(true);
        b.text("文件");
        b.link(false);
        b.text("精神落到实处。");
        assert_eq!(b.finish(), "要把文件精神落到实处。");
    }

    #[test]
    fn numbered_bold_openings_stay_in_their_paragraph() {
        let mut b = Blocks::default();
        b.bold(true);
        b.text("一是加强领导。");
        b.bold(false);
        b.text("要把责任落实到每个环节。");
        assert_eq!(b.finish(), "一是加强领导。要把责任落实到每个环节。");
    }
}
