//! Markdown posts → plain text: front matter read for title, author and date, then the body
//! parsed with `pulldown-cmark` and written as lines: paragraphs, list items, quotes and
//! headings, one per line (a source line break is a line, as in the plain text that posts are
//! pasted from), links as their text, images and `<!--more-->` gone, HTML blocks read by the
//! HTML reader. Headings and lines wholly in `**bold**` are marked as set apart.
//!
//! Front matter is YAML between `---` lines or TOML between `+++` lines at the top, and also
//! the form some blog engines accept without the opening `---` (the file starts with
//! `title: …` lines and a `---` ends them). A `---` further down is a thematic break.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::blocks::Blocks;
use super::{html, Meta};

/// Front matter is looked for in this many first lines.
const MAX_FRONT_MATTER_LINES: usize = 60;

/// Reads a Markdown post: its text, one block per line, and what its front matter says.
pub(super) fn extract(post: &str) -> (String, Meta) {
    let (meta, body) = match front_matter(post) {
        Some((meta, start)) => (meta, &post[start..]),
        None => (Meta::default(), post),
    };
    let mut out = Blocks::default();
    let mut html_block = String::new();
    let mut in_html = false;
    let mut image = 0usize;
    for event in Parser::new_ext(body, Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::Image { .. }) => image += 1,
            Event::End(TagEnd::Image) => image = image.saturating_sub(1),
            _ if image > 0 => {}
            Event::Start(Tag::HtmlBlock) => {
                out.end_line();
                in_html = true;
            }
            Event::End(TagEnd::HtmlBlock) => {
                html::fragment(&html_block, &mut out);
                html_block.clear();
                in_html = false;
            }
            Event::Html(h) if in_html => html_block.push_str(&h),
            Event::Html(h) | Event::InlineHtml(h) => inline_html(&h, &mut out),
            Event::Start(Tag::Heading { .. }) => {
                out.end_line();
                out.heading(true);
            }
            Event::End(TagEnd::Heading(_)) => {
                out.end_line();
                out.heading(false);
            }
            // Cells of a table row make one line.
            Event::End(TagEnd::TableCell) => out.text(" "),
            Event::Start(Tag::Strong) => out.bold(true),
            Event::End(TagEnd::Strong) => out.bold(false),
            Event::Start(Tag::Link { .. }) => out.link(true),
            Event::End(TagEnd::Link) => out.link(false),
            Event::Start(
                Tag::Paragraph | Tag::Item | Tag::BlockQuote(_) | Tag::CodeBlock(_) | Tag::TableRow,
            )
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Item
                | TagEnd::BlockQuote(_)
                | TagEnd::CodeBlock
                | TagEnd::TableRow,
            )
            | Event::SoftBreak
            | Event::HardBreak
            | Event::Rule => out.end_line(),
            Event::Text(t) | Event::Code(t) => {
                // A code block keeps its lines.
                let mut parts = t.split('\n');
                if let Some(first) = parts.next() {
                    out.text(first);
                }
                for part in parts {
                    out.end_line();
                    out.text(part);
                }
            }
            _ => {}
        }
    }
    (out.finish(), meta)
}

/// Inline HTML in a post: line breaks, bold and links count; other tags and comments
/// (`<!--more-->`) are dropped.
fn inline_html(tag: &str, out: &mut Blocks) {
    let t = tag.trim().to_ascii_lowercase();
    let name: String = t
        .trim_start_matches('<')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || *c == '/')
        .collect();
    match name.as_str() {
        "br" | "br/" | "p" | "/p" | "div" | "/div" => out.end_line(),
        "b" | "strong" => out.bold(true),
        "/b" | "/strong" => out.bold(false),
        "a" => out.link(true),
        "/a" => out.link(false),
        _ => {}
    }
}

/// The front matter's fields and where the body starts, if the post has front matter.
pub(super) fn front_matter(post: &str) -> Option<(Meta, usize)> {
    let post_start = post.len() - post.trim_start_matches('\u{FEFF}').len();
    let mut offset = post_start;
    let mut lines = Vec::new();
    for line in post[post_start..]
        .split_inclusive('\n')
        .take(MAX_FRONT_MATTER_LINES)
    {
        lines.push((offset, line.trim_end()));
        offset += line.len();
    }
    let fence = lines.first().map(|&(_, l)| l)?;
    let (fields, end) = if fence == "---" || fence == "+++" {
        let close = lines[1..].iter().position(|&(_, l)| l == fence)? + 1;
        (&lines[1..close], close)
    } else {
        // Without an opening fence: `key: value` lines (a list, blank lines between them)
        // up to a `---`.
        let close = lines.iter().position(|&(_, l)| l == "---")?;
        let keyed = |l: &str| {
            l.trim().is_empty() || l.starts_with([' ', '-', '\t']) || key_value(l).is_some()
        };
        if close == 0
            || !lines[..close].iter().all(|&(_, l)| keyed(l))
            || key_value(fence).is_none()
        {
            return None;
        }
        (&lines[..close], close)
    };
    let mut meta = Meta::default();
    for &(_, line) in fields {
        let Some((key, value)) = key_value(line) else {
            continue;
        };
        let slot = match key.to_ascii_lowercase().as_str() {
            "title" => &mut meta.title,
            "author" | "authors" | "speaker" => &mut meta.author,
            "date" | "published" | "pubdate" => &mut meta.date,
            _ => continue,
        };
        if !value.is_empty() && slot.is_none() {
            *slot = Some(value);
        }
    }
    let start = lines.get(end + 1).map(|&(o, _)| o).unwrap_or(post.len());
    Some((meta, start))
}

/// `key: value` (YAML) or `key = value` (TOML), the value without its quotes.
fn key_value(line: &str) -> Option<(&str, String)> {
    let (key, value) = line
        .split_once(": ")
        .or_else(|| line.split_once(" = "))
        .or_else(|| line.strip_suffix(':').map(|k| (k, "")))?;
    let key = key.trim();
    if key.is_empty()
        || key.len() > 40
        || !key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
    {
        return None;
    }
    let value = value.trim().trim_matches(['"', '\'']).trim().to_owned();
    Some((key, value))
}

/// Does a line hold a Markdown link or image `[text](target)`?
pub(super) fn has_link(line: &str) -> bool {
    line.find("](")
        .is_some_and(|i| line[..i].contains('[') && line[i..].contains(')'))
}

#[cfg(test)]
mod tests {
    use super::super::EMPHASIS;
    use super::*;

    #[test]
    fn front_matter_gives_title_author_and_date_and_is_not_text() {
        let post = "---\ntitle: \"在XX会议上的讲话\"\nauthor: 张XX\ndate: 2020-01-02\ntags:\n  - 讲话\n---\n\n同志们：\n\n今天开会。";
        let (text, meta) = extract(post);
        assert_eq!(text, "同志们：\n今天开会。");
        assert_eq!(meta.title.as_deref(), Some("在XX会议上的讲话"));
        assert_eq!(meta.author.as_deref(), Some("张XX"));
        assert_eq!(meta.date.as_deref(), Some("2020-01-02"));
        let toml = "+++\ntitle = \"致辞\"\n+++\n正文。";
        assert_eq!(extract(toml).1.title.as_deref(), Some("致辞"));
    }

    #[test]
    fn front_matter_without_its_opening_fence_is_read_and_a_later_rule_is_a_break() {
        let post = "title: \"XX致辞\"\ndate: 2016-07-07\ntags:\n\n- 感触\n\ncategories: 随笔\n\n---\n\n前言。\n\n---\n\n正文。";
        let (text, meta) = extract(post);
        assert_eq!(meta.title.as_deref(), Some("XX致辞"));
        assert_eq!(text, "前言。\n正文。");
        // A body that merely has a rule is no front matter.
        assert!(front_matter("同志们：\n---\n正文。").is_none());
    }

    #[test]
    fn markup_goes_and_set_apart_lines_are_marked() {
        let post = "**同志们：**\n\n## 一、提高认识\n\n要<span>提高</span>认识，[详见](http://x/a)文件。<br>第二行。\n\n![图](http://x/a.jpg)\n\n前半<!--more-->后半。\n\n[阅读原文](http://x/b)";
        let (text, _) = extract(post);
        assert_eq!(
            text,
            format!("{EMPHASIS}同志们：\n{EMPHASIS}一、提高认识\n要提高认识，详见文件。\n第二行。\n前半后半。")
        );
    }

    #[test]
    fn html_blocks_in_a_post_are_read_as_html() {
        let post =
            "正文。\n\n<h3>附录</h3>\n<object><embed src=\"x.swf\"></object>\n<p>结尾。</p>\n";
        assert_eq!(extract(post).0, format!("正文。\n{EMPHASIS}附录\n结尾。"));
        // A label left at the end over a player introduces nothing: it goes.
        let post = "正文。\n\n<h3>视频：</h3>\n<object><embed src=\"x.swf\"></object>\n";
        assert_eq!(extract(post).0, "正文。");
    }
}
