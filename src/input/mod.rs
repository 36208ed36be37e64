//! Input formats: decoded text → the plain text of the speech in it, the second stage of the
//! pipeline (after `decode`, before `normalize`).
//!
//! Speeches come as saved web pages (HTML, and server pages such as PHP or ASPX sources whose
//! output is HTML), Markdown posts with front matter, spreadsheet exports with the speech in a
//! CSV cell, and plain text. This module owns telling those apart by their content (the file
//! name's extension only breaks a tie), taking the markup away and handing on plain text with
//! one block per line, and the title, author and date the container names (`<title>`,
//! `og:title`, front matter) as [`Meta`]. A line the source set apart as a whole (a heading, a
//! paragraph wholly in bold) starts with [`EMPHASIS`], for the grammar to weigh.
//!
//! It does not decide what a line is (title, greeting, furniture): that is the grammar's job,
//! and what is left of a page (a link trailer, a photo credit) reaches the grammar as text.
//! Containers that hold a speech in a form it cannot read faithfully (subtitles without
//! punctuation, program source with the speech in a string) are refused with a message that
//! says what the file looks like and what to do.

mod blocks;
mod cells;
mod html;
mod markdown;
mod nesting;

use std::fmt;

/// The mark at the start of a line that its source set apart as a whole: an HTML heading
/// (`<h2>`), a paragraph wholly in bold, a Markdown `## heading` or `**line**`. A private-use
/// character, so no real text holds it; plain input is cleared of it.
pub const EMPHASIS: char = '\u{E000}';

/// How much of the text's start is read to tell its format.
const MAX_DETECT_BYTES: usize = 64 * 1024;

/// An input format the tool reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text, as `normalize` expects it.
    Text,
    /// Markdown, with or without front matter.
    Markdown,
    /// An HTML page or fragment, including server-page sources (PHP, ASPX, JSP).
    Html,
    /// Comma-separated values with the speech in a cell.
    Csv,
    /// A Word document (.docx), read by [`crate::docx`] into text before this stage.
    Docx,
}

impl Format {
    /// The format's name as `--input` spells it.
    pub fn name(self) -> &'static str {
        match self {
            Format::Text => "text",
            Format::Markdown => "md",
            Format::Html => "html",
            Format::Csv => "csv",
            Format::Docx => "docx",
        }
    }

    /// Reads an `--input` value: `text`, `md`, `html`, `csv` and their usual spellings.
    pub fn from_name(name: &str) -> Option<Format> {
        match name.to_ascii_lowercase().as_str() {
            "text" | "txt" | "plain" => Some(Format::Text),
            "md" | "markdown" => Some(Format::Markdown),
            "html" | "htm" => Some(Format::Html),
            "csv" => Some(Format::Csv),
            "docx" | "word" => Some(Format::Docx),
            _ => None,
        }
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// What the container says about the speech, outside its text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Meta {
    /// The page's or post's title, as written (site affixes may still be on).
    pub title: Option<String>,
    /// The author or speaker the container names.
    pub author: Option<String>,
    /// The date the container gives.
    pub date: Option<String>,
}

impl Meta {
    /// Each field as one line of text, without the emphasis mark or control characters;
    /// empty fields are none.
    fn cleaned(self) -> Meta {
        let clean = |field: Option<String>| {
            field
                .map(|v| {
                    v.chars()
                        .map(|c| if c.is_control() { ' ' } else { c })
                        .filter(|&c| c != EMPHASIS)
                        .collect::<String>()
                        .split_whitespace()
                        .collect::<Vec<_>>()
                        .join(" ")
                })
                .filter(|v| !v.is_empty())
        };
        Meta {
            title: clean(self.title),
            author: clean(self.author),
            date: clean(self.date),
        }
    }
}

/// Plain text taken out of its container.
#[derive(Debug, Clone)]
pub struct Extracted {
    /// The format the text was read as.
    pub format: Format,
    /// One block per line; lines the source set apart start with [`EMPHASIS`].
    pub text: String,
    /// What the container says about the speech.
    pub meta: Meta,
}

/// A container this tool does not read: what it looks like and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{what}; {todo}")]
pub struct Unreadable {
    /// What the file looks like.
    pub what: &'static str,
    /// What the user can do.
    pub todo: &'static str,
}

/// Reads decoded text as `format`, or as the format its content shows when `format` is
/// `None`; `name` is the file's name, whose extension breaks a tie.
pub fn extract(text: &str, format: Option<Format>, name: &str) -> Result<Extracted, Unreadable> {
    let format = match format {
        Some(format) => format,
        None => detect(text, name)?,
    };
    let (text, meta) = match format {
        Format::Text => (text.replace(EMPHASIS, ""), Meta::default()),
        // A Word document arrives as its paragraphs' text, set-apart lines marked.
        Format::Docx => (text.to_owned(), Meta::default()),
        Format::Markdown => markdown::extract(text),
        Format::Html => html::extract(text),
        Format::Csv => (cells::extract(text), Meta::default()),
    };
    Ok(Extracted {
        format,
        text,
        meta: meta.cleaned(),
    })
}

/// Tells the format from the text's first 64 KiB, the extension breaking ties; refuses
/// subtitles and program source.
pub fn detect(text: &str, name: &str) -> Result<Format, Unreadable> {
    let head = &text[..floor_boundary(text, MAX_DETECT_BYTES)];
    let ext = extension(name);
    if looks_like_subtitles(head) || matches!(ext.as_str(), "srt" | "vtt" | "ass" | "lrc") {
        return Err(Unreadable {
            what: "this looks like a subtitle file (numbered cues with timings), not a speech text",
            todo: "keep only the spoken lines, add the punctuation a transcript lacks, and give \
                   that as a text file",
        });
    }
    let html = html_signals(head);
    let md = markdown_signals(head);
    let by_ext = match ext.as_str() {
        "html" | "htm" | "xhtml" | "shtml" | "php" | "asp" | "aspx" | "jsp" | "mht" => {
            Some(Format::Html)
        }
        "md" | "markdown" | "mdown" | "mkd" => Some(Format::Markdown),
        "csv" => Some(Format::Csv),
        _ => None,
    };
    if html.document {
        return Ok(Format::Html);
    }
    if looks_like_source_code(head)
        || matches!(
            ext.as_str(),
            "vue" | "js" | "ts" | "jsx" | "tsx" | "py" | "java"
        )
    {
        return Err(Unreadable {
            what: "this looks like program source (a component or script), with any speech \
                   inside a string literal",
            todo: "copy the speech text out of the string into a text file and parse that",
        });
    }
    if md >= 2 || md >= 1 && by_ext == Some(Format::Markdown) {
        return Ok(Format::Markdown);
    }
    if html.blocks >= 5 && html.blocks * 8 >= html.lines
        || html.blocks >= 1 && by_ext == Some(Format::Html)
    {
        return Ok(Format::Html);
    }
    if looks_like_csv(head) {
        return Ok(Format::Csv);
    }
    Ok(match by_ext {
        Some(Format::Markdown) if md >= 1 => Format::Markdown,
        _ => Format::Text,
    })
}

/// The file name's extension, lowercase (`""` for none or for stdin).
fn extension(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.len() <= 8 => ext.to_ascii_lowercase(),
        _ => String::new(),
    }
}

/// The largest char boundary at or below `at`.
fn floor_boundary(text: &str, at: usize) -> usize {
    if at >= text.len() {
        return text.len();
    }
    (0..=at)
        .rev()
        .find(|&i| text.is_char_boundary(i))
        .unwrap_or(0)
}

/// Non-empty lines, trimmed.
fn lines(head: &str) -> impl Iterator<Item = &str> {
    head.lines()
        .map(|l| l.trim_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}'))
        .filter(|l| !l.is_empty())
}

/// `00:00:01,000 --> 00:00:03,500` (SRT) or `00:01.000 --> 00:03.500` (WebVTT).
fn is_cue_timing(line: &str) -> bool {
    let Some((from, to)) = line.split_once("-->") else {
        return false;
    };
    let timing = |s: &str| {
        let s = s.trim();
        s.len() >= 5
            && s.len() <= 40
            && s.starts_with(|c: char| c.is_ascii_digit())
            && s.chars().filter(|&c| c == ':').count() >= 1
    };
    timing(from) && timing(to.split_whitespace().next().unwrap_or(""))
}

fn looks_like_subtitles(head: &str) -> bool {
    let mut timings = 0;
    let mut seen = 0;
    for line in lines(head).take(200) {
        seen += 1;
        if is_cue_timing(line) {
            timings += 1;
        }
    }
    timings >= 3 && timings * 5 >= seen
}

/// A Vue/Svelte component, or a script: lines of code outnumber text.
fn looks_like_source_code(head: &str) -> bool {
    let mut code = 0;
    let mut seen = 0;
    let mut component = false;
    for line in lines(head).take(400) {
        seen += 1;
        if line == "<template>" || line.starts_with("<script setup") {
            component = true;
        }
        let keyword = [
            "import ",
            "export default",
            "export const",
            "export function",
            "const ",
            "let ",
            "var ",
            "function ",
            "return ",
            "module.exports",
            "#include",
            "def ",
            "package ",
            "public class",
        ]
        .iter()
        .any(|k| line.starts_with(k));
        let punctuation = line.ends_with(['{', ';']) || line == "}" || line.starts_with("},");
        if keyword || punctuation && !line.starts_with('<') {
            code += 1;
        }
    }
    seen >= 5 && (component && code >= 3 || code * 3 >= seen)
}

/// What in the text's head says HTML.
struct HtmlSignals {
    /// The text opens as a page: a doctype, `<html>`, `<head>`, or a server page's directive.
    document: bool,
    /// Block-level tags seen (`<p>`, `<div>`, `<br>`, headings, table cells, list items).
    blocks: usize,
    /// Non-empty lines seen.
    lines: usize,
}

fn html_signals(head: &str) -> HtmlSignals {
    let start = head.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{FEFF}');
    let lower: String = start
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    let document = [
        "<!doctype html",
        "<html",
        "<head",
        "<?php",
        "<%@",
        "<%",
        "<?xml",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
        && (head.contains("<body")
            || head.contains("<BODY")
            || head.contains("<p")
            || head.contains("<div")
            || head.contains("<DIV")
            || head.contains("<P"));
    let lower_head = head.to_ascii_lowercase();
    let blocks = [
        "<p>", "<p ", "</p>", "<div", "<br", "<h1", "<h2", "<h3", "<td", "<li", "<section",
    ]
    .iter()
    .map(|t| lower_head.matches(t).count())
    .sum();
    HtmlSignals {
        document,
        blocks,
        lines: lines(head).count(),
    }
}

/// How many kinds of Markdown syntax the head shows: front matter, `#` headings, whole-line
/// emphasis, links or images, `<!--more-->`.
fn markdown_signals(head: &str) -> usize {
    let mut kinds = 0;
    if markdown::front_matter(head).is_some() {
        kinds += 2;
    }
    let ls: Vec<&str> = lines(head).take(2000).collect();
    if ls.iter().any(|l| {
        let hashes = l.chars().take_while(|&c| c == '#').count();
        (1..=6).contains(&hashes) && l[hashes..].starts_with(' ')
    }) {
        kinds += 1;
    }
    if ls
        .iter()
        .any(|l| l.len() > 4 && l.starts_with("**") && l.ends_with("**"))
    {
        kinds += 1;
    }
    if ls.iter().any(|l| markdown::has_link(l)) {
        kinds += 1;
    }
    if head.contains("<!--more-->") {
        kinds += 1;
    }
    kinds
}

/// A header line of comma-separated field names, then records.
fn looks_like_csv(head: &str) -> bool {
    let mut ls = lines(head);
    let Some(header) = ls.next() else {
        return false;
    };
    let fields: Vec<&str> = header.split(',').collect();
    let name_like = |f: &str| {
        let f = f.trim().trim_matches('"');
        !f.is_empty() && f.chars().count() <= 30 && !f.contains(['。', '，', '！', '？', '：'])
    };
    fields.len() >= 2
        && fields.len() <= 50
        && fields.iter().all(|f| name_like(f))
        && ls.next().is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detected(text: &str, name: &str) -> Result<Format, Unreadable> {
        detect(text, name)
    }

    #[test]
    fn pages_are_html_whatever_their_extension() {
        let page = "<!DOCTYPE html>\n<html><head><title>t</title></head><body><p>同志们：</p></body></html>";
        assert_eq!(detected(page, "a.txt"), Ok(Format::Html));
        assert_eq!(detected(page, "a"), Ok(Format::Html));
        let php = "<?php include 'top.php'; ?>\n<div class=\"c\"><p>同志们：</p>\n<p>今天开会。</p></div>";
        assert_eq!(detected(php, "x.php"), Ok(Format::Html));
        let aspx = "\u{FEFF}<%@ Page Language=\"C#\" %>\n<html><body><p>老师们：</p></body></html>";
        assert_eq!(detected(aspx, "x"), Ok(Format::Html));
    }

    #[test]
    fn a_fragment_of_paragraph_tags_is_html() {
        let fragment = "<p>同志们：</p>\n<p>今天开会。</p>\n<p>一、提高认识</p>\n<p>要提高认识。</p>\n<p>谢谢大家！</p>";
        assert_eq!(detected(fragment, "speech"), Ok(Format::Html));
    }

    #[test]
    fn posts_with_front_matter_or_markup_are_markdown() {
        let post = "---\ntitle: 在XX会议上的讲话\ndate: 2020-01-01\n---\n\n同志们：\n\n今天开会。";
        assert_eq!(detected(post, "a.txt"), Ok(Format::Markdown));
        let marked =
            "## 一、提高认识\n\n要提高认识。\n\n**同志们：**\n\n[原文](http://example.com/a)";
        assert_eq!(detected(marked, "a"), Ok(Format::Markdown));
    }

    #[test]
    fn plain_speeches_stay_text() {
        let text = "在全市工作会议上的讲话\n同志们：\n今天召开会议。\n一、提高认识\n要提高认识。";
        assert_eq!(detected(text, "a.txt"), Ok(Format::Text));
        assert_eq!(detected(text, "a.md"), Ok(Format::Text));
        // One Markdown-looking line in a plain text is no post.
        assert_eq!(
            detected("# 标题\n同志们：\n今天开会。", "a.txt"),
            Ok(Format::Text)
        );
    }

    #[test]
    fn a_header_and_records_are_csv() {
        let csv = "Date,Text\r\n2020-01-01,同志们：今天开会。一、提高认识。\r\n";
        assert_eq!(detected(csv, "x"), Ok(Format::Csv));
        assert_eq!(detected("标题，正文\n甲，乙", "x"), Ok(Format::Text));
    }

    #[test]
    fn subtitles_and_program_source_are_refused_with_what_to_do() {
        let srt = "1\n00:00:00,000 --> 00:00:02,000\n亲爱的老师们\n\n2\n00:00:02,000 --> 00:00:04,000\n亲爱的同学们\n\n3\n00:00:04,000 --> 00:00:05,000\n大家早上好\n";
        let e = detected(srt, "clip").unwrap_err();
        assert!(e.to_string().contains("subtitle"), "{e}");
        let vue = "<template>\n  <div>{{ text }}</div>\n</template>\n<script>\nimport A from './a'\nexport default {\n  data() {\n    return { text: '同志们：今天开会。' };\n  },\n};\n</script>\n";
        let e = detected(vue, "x").unwrap_err();
        assert!(e.to_string().contains("program source"), "{e}");
        assert!(e.to_string().contains("text file"), "{e}");
    }

    #[test]
    fn the_emphasis_mark_never_comes_from_plain_text() {
        let got = extract("甲\u{E000}乙", Some(Format::Text), "-").unwrap();
        assert_eq!(got.text, "甲乙");
    }
}
