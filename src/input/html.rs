//! HTML pages → plain text: the article found by where the page's Chinese text is, its block
//! structure as lines, and the title the page names.
//!
//! html5ever (through `scraper`) parses the page as a browser would, whatever its state. The
//! reader then
//! 1. drops server-page code (`<?php … ?>`, `<% … %>`) before parsing, and never looks into
//!    scripts, styles, forms, embedded objects, navigation, asides and footers, or elements
//!    whose class or id names page furniture (`sidebar`, `comment`, `breadcrumb`, `share` …);
//! 2. finds the article: from `<body>` down, as long as one child holds three quarters of
//!    its parent's Chinese text outside links, it goes down to that child (sidebars, menus and
//!    link lists hold little text, so the walk ends at the article's container);
//! 3. writes the article's blocks as lines (`<p>`, `<div>`, `<br>`, headings, list items,
//!    cells), drops lines that are mostly link text (navigation, tag lists, `阅读原文`), and
//!    marks with [`EMPHASIS`](super::EMPHASIS) the lines a reader sees set apart: headings, and paragraphs
//!    wholly in bold. A paragraph that opens with a bold unnumbered sentence (`<b>这一年，
//!    我们…。</b>正文`) becomes that sentence, marked, and the rest;
//! 4. takes the title from the page's metadata (`ArticleTitle`, `og:title`), else from a
//!    heading whose text the `<title>` holds, else from the `<title>` without the site's name.

use std::collections::HashMap;

use ego_tree::iter::Edge;
use ego_tree::{NodeId, NodeRef};
use scraper::node::Element;
use scraper::{Html, Node, Selector};

use super::blocks::Blocks;
use super::nesting;
use super::Meta;
use crate::lexicon::is_han;

/// Elements whose content is never article text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "nav", "footer", "aside", "form", "select",
    "option", "button", "textarea", "input", "iframe", "object", "embed", "video", "audio",
    "canvas", "svg", "map", "math",
];

/// Elements that start and end a line.
const BLOCKS: &[&str] = &[
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "tr",
    "td",
    "th",
    "table",
    "tbody",
    "thead",
    "section",
    "article",
    "header",
    "main",
    "blockquote",
    "center",
    "pre",
    "address",
    "figure",
    "figcaption",
    "hr",
    "body",
    "html",
    "caption",
];

/// Words in a class or id that name page furniture around an article.
const FURNITURE_NAMES: &[&str] = &[
    "sidebar",
    "comment",
    "breadcrumb",
    "share",
    "related",
    "footer",
    "copyright",
    "navbar",
    "menu",
    "toolbar",
    "reward",
    "qrcode",
    "qr_code",
    "pagination",
    "pager",
    "post-nav",
    "widget",
    "advert",
    "banner",
    "recommend",
    "hot-list",
    "rich_media_tool",
    "rich_media_area_extra",
];

/// Reads an HTML page: the article's text, one block per line, and what the page says of it.
pub(super) fn extract(page: &str) -> (String, Meta) {
    let page = strip_server_code(page);
    let page = nesting::limit(&page);
    let doc = Html::parse_document(&page);
    let meta = meta(&doc);
    let counts = text_counts(&doc);
    let article = find_article(&doc, &counts);
    let mut out = Blocks::default();
    let total = counts.get(&article.id()).copied().unwrap_or(0);
    Walker {
        out: &mut out,
        pre: 0,
        furniture: Some((&counts, total)),
    }
    .walk(article);
    (out.finish(), meta)
}

/// Reads a fragment of HTML (a block in a Markdown post) into `out`, whole.
pub(super) fn fragment(html: &str, out: &mut Blocks) {
    let doc = Html::parse_fragment(&nesting::limit(html));
    out.end_line();
    Walker {
        out,
        pre: 0,
        furniture: None,
    }
    .walk(doc.tree.root());
    out.end_line();
}

/// Removes `<?php … ?>` and `<% … %>` (server code, never shown to a reader). One pass.
fn strip_server_code(page: &str) -> String {
    let mut out = String::with_capacity(page.len());
    let mut rest = page;
    loop {
        let next = [("<?", "?>"), ("<%", "%>")]
            .iter()
            .filter_map(|&(open, close)| rest.find(open).map(|i| (i, close)))
            .min_by_key(|&(i, _)| i);
        let Some((i, close)) = next else {
            out.push_str(rest);
            return out;
        };
        out.push_str(&rest[..i]);
        rest = &rest[i + 2..];
        match rest.find(close) {
            Some(j) => rest = &rest[j + 2..],
            None => return out,
        }
    }
}

fn is_skipped(e: &Element) -> bool {
    if SKIPPED.contains(&e.name()) {
        return true;
    }
    if e.attr("style").is_some_and(|s| {
        let s: String = s.chars().filter(|c| !c.is_whitespace()).collect();
        s.to_ascii_lowercase().contains("display:none")
    }) {
        return true;
    }
    false
}

/// Does an element's class or id name page furniture (`sidebar`, `comment` …)?
fn named_furniture(e: &Element) -> bool {
    e.classes().chain(e.id()).any(|n| {
        let n = n.to_ascii_lowercase();
        FURNITURE_NAMES.iter().any(|f| n.contains(f))
    })
}

/// Chinese characters outside links under each element (skipped elements count none).
fn text_counts(doc: &Html) -> HashMap<NodeId, usize> {
    let mut counts = HashMap::new();
    let mut stack: Vec<(NodeId, usize)> = Vec::new();
    let mut skip: Option<NodeId> = None;
    let mut links = 0usize;
    for edge in doc.tree.root().traverse() {
        match edge {
            Edge::Open(node) => {
                if skip.is_some() {
                    continue;
                }
                match node.value() {
                    Node::Element(e) if is_skipped(e) => skip = Some(node.id()),
                    Node::Element(e) => {
                        if e.name() == "a" {
                            links += 1;
                        }
                        stack.push((node.id(), 0));
                    }
                    Node::Text(t) if links == 0 => {
                        if let Some(top) = stack.last_mut() {
                            top.1 += t.chars().filter(|&c| is_han(c)).count();
                        }
                    }
                    _ => {}
                }
            }
            Edge::Close(node) => {
                if let Some(s) = skip {
                    if s == node.id() {
                        skip = None;
                    }
                    continue;
                }
                if let Node::Element(e) = node.value() {
                    if e.name() == "a" {
                        links = links.saturating_sub(1);
                    }
                    if let Some((id, n)) = stack.pop() {
                        counts.insert(id, n);
                        if let Some(top) = stack.last_mut() {
                            top.1 += n;
                        }
                    }
                }
            }
        }
    }
    counts
}

/// The article's element: see the module documentation.
fn find_article<'a>(doc: &'a Html, counts: &HashMap<NodeId, usize>) -> NodeRef<'a, Node> {
    let body = doc
        .tree
        .root()
        .descendants()
        .find(|n| matches!(n.value(), Node::Element(e) if e.name() == "body"))
        .unwrap_or(doc.tree.root());
    let count = |n: &NodeRef<'_, Node>| counts.get(&n.id()).copied().unwrap_or(0);
    let mut at = body;
    loop {
        let total = count(&at);
        let best = at
            .children()
            .filter(|c| matches!(c.value(), Node::Element(_)))
            .max_by_key(|c| count(c));
        match best {
            Some(best) if total > 0 && count(&best) * 4 >= total * 3 => at = best,
            _ => return at,
        }
    }
}

/// Walks the article's tree into lines.
struct Walker<'o> {
    out: &'o mut Blocks,
    /// Inside `<pre>`, where line breaks are lines.
    pre: usize,
    /// The text counts and the article's count: an element whose class or id names
    /// furniture is skipped when it holds under 30% of the article's text (a sidebar, a
    /// comment list; a content box that a site happens to call `sidebarRight` stays).
    furniture: Option<(&'o HashMap<NodeId, usize>, usize)>,
}

impl Walker<'_> {
    fn walk(&mut self, root: NodeRef<'_, Node>) {
        let mut skip: Option<NodeId> = None;
        for edge in root.traverse() {
            match edge {
                Edge::Open(node) => {
                    if skip.is_some() {
                        continue;
                    }
                    match node.value() {
                        Node::Element(e) if is_skipped(e) || self.minor_furniture(node.id(), e) => {
                            skip = Some(node.id())
                        }
                        Node::Element(e) => self.tag(e, true),
                        Node::Text(t) if self.pre > 0 => {
                            let mut parts = t.split('\n');
                            if let Some(first) = parts.next() {
                                self.out.text(first);
                            }
                            for part in parts {
                                self.out.end_line();
                                self.out.text(part);
                            }
                        }
                        Node::Text(t) => self.out.text(t),
                        _ => {}
                    }
                }
                Edge::Close(node) => {
                    if let Some(s) = skip {
                        if s == node.id() {
                            skip = None;
                        }
                        continue;
                    }
                    if let Node::Element(e) = node.value() {
                        self.tag(e, false);
                    }
                }
            }
        }
    }

    fn minor_furniture(&self, id: NodeId, e: &Element) -> bool {
        let Some((counts, total)) = self.furniture else {
            return false;
        };
        named_furniture(e) && counts.get(&id).copied().unwrap_or(0) * 10 < total * 3
    }

    /// An element opens (`open`) or closes.
    fn tag(&mut self, e: &Element, open: bool) {
        let name = e.name();
        if name == "br" || BLOCKS.contains(&name) {
            self.out.end_line();
        }
        match name {
            "a" => self.out.link(open),
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => self.out.heading(open),
            "pre" if open => self.pre += 1,
            "pre" => self.pre = self.pre.saturating_sub(1),
            _ => {}
        }
        if is_bold(e) {
            self.out.bold(open);
        }
    }
}

fn is_bold(e: &Element) -> bool {
    matches!(e.name(), "b" | "strong")
        || e.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("font-weight:bold")
                || s.contains("font-weight:700")
                || s.contains("font-weight:bolder")
        })
}

/// What the page says about its article.
fn meta(doc: &Html) -> Meta {
    let content = |selector: &str| -> Option<String> {
        let s = Selector::parse(selector).ok()?;
        doc.select(&s)
            .filter_map(|e| e.value().attr("content"))
            .map(collapse)
            .find(|t| !t.is_empty())
    };
    let texts = |selector: &str| -> Vec<String> {
        Selector::parse(selector)
            .map(|s| {
                doc.select(&s)
                    .map(|e| collapse(&e.text().collect::<String>()))
                    .filter(|t| !t.is_empty())
                    .collect()
            })
            .unwrap_or_default()
    };
    let page_title = texts("title").into_iter().next();
    let headings = texts("h1, h2, h3");
    let han = |t: &str| t.chars().filter(|&c| is_han(c)).count();
    let from_heading = page_title.as_ref().and_then(|t| {
        headings
            .iter()
            .filter(|h| han(h) >= 4 && t.contains(h.as_str()))
            .max_by_key(|h| h.chars().count())
            .cloned()
    });
    let speech_heading = || headings.iter().find(|h| names_speech(h)).cloned();
    // A `<title>` without separators is often the site's name alone: used only when it
    // names a speech.
    let from_page = || {
        page_title.as_ref().and_then(|t| {
            let part = without_site(t);
            (names_speech(&part) || part != t.trim()).then_some(part)
        })
    };
    let title = content("meta[name=ArticleTitle]")
        .or_else(|| content("meta[property='og:title']"))
        .or(from_heading)
        .or_else(speech_heading)
        .or_else(from_page);
    let author = content("meta[name=author]").or_else(|| content("meta[name=Author]"));
    let date = content("meta[property='article:published_time']")
        .or_else(|| content("meta[name=PubDate]"))
        .or_else(|| content("meta[name=publishdate]"));
    Meta {
        title,
        author,
        date,
    }
}

/// Does a title name a speech (`…的讲话`, `致辞`, `报告` …)?
fn names_speech(title: &str) -> bool {
    ["讲话", "致辞", "发言", "报告", "贺词", "演讲", "讲稿"]
        .iter()
        .any(|w| title.contains(w))
}

/// Whitespace runs as one space, trimmed.
fn collapse(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `<title>` without the site's name: of the parts between separators (`|`, ` - `, `_`,
/// `->`), the one naming a speech, else the one with the most Chinese.
fn without_site(title: &str) -> String {
    let parts: Vec<&str> = title
        .split(['|', '_', '｜'])
        .flat_map(|p| p.split(" - "))
        .flat_map(|p| p.split("->"))
        .flat_map(|p| p.split("--"))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let han = |p: &&&str| p.chars().filter(|&c| is_han(c)).count();
    parts
        .iter()
        .find(|p| names_speech(p))
        .or_else(|| parts.iter().max_by_key(han))
        .map(|p| p.to_string())
        .unwrap_or_else(|| title.trim().to_owned())
}

#[cfg(test)]
mod tests {
    use super::super::EMPHASIS;
    use super::*;

    fn text(page: &str) -> String {
        extract(page).0
    }

    #[test]
    fn the_article_is_found_and_the_menus_and_sidebar_left() {
        let page = r#"<html><head><title>在XX会议上的讲话 - XX市政府网</title></head><body>
            <div class="top"><ul><li><a href="/">首页</a></li><li><a href="/a">新闻中心</a></li></ul></div>
            <div class="main">
              <div class="content">
                <p>同志们：</p>
                <p>今天召开全市工作会议，主要任务是总结去年工作，部署今年任务。</p>
                <p>一、提高认识</p>
                <p>要充分认识做好这项工作的重要意义，把思想统一到决策部署上来。</p>
              </div>
              <div class="side"><p>热门文章</p></div>
            </div>
            <div class="foot">XX市人民政府办公室主办</div>
            </body></html>"#;
        let got = text(page);
        assert_eq!(
            got,
            "同志们：\n今天召开全市工作会议，主要任务是总结去年工作，部署今年任务。\n一、提高认识\n要充分认识做好这项工作的重要意义，把思想统一到决策部署上来。"
        );
        assert_eq!(extract(page).1.title.as_deref(), Some("在XX会议上的讲话"));
    }

    #[test]
    fn breaks_and_blocks_make_lines_and_source_line_breaks_do_not() {
        let page = "<div><center><h3>在XX会议上的讲话<br>（2001年8月23日）</h3></center>同志们：<p>我们今天\n在这里召开会议。</p></div>";
        assert_eq!(
            text(page),
            format!("{EMPHASIS}在XX会议上的讲话\n{EMPHASIS}（2001年8月23日）\n同志们：\n我们今天在这里召开会议。")
        );
    }

    #[test]
    fn bold_lines_are_marked_and_bold_run_in_sentences_split_off() {
        let page = "<p><b>同志们：</b></p><p><b>这一年，我们建成了新校区。</b>新校区占地XX亩，各项设施投入使用。</p><p><strong>一是</strong>加强领导，确保工作落到实处。</p>";
        assert_eq!(
            text(page),
            format!("{EMPHASIS}同志们：\n{EMPHASIS}这一年，我们建成了新校区。\n新校区占地XX亩，各项设施投入使用。\n一是加强领导，确保工作落到实处。")
        );
    }

    #[test]
    fn links_scripts_and_server_code_are_not_text() {
        let page = "<?php include 'top.php'; ?><%@ Page Language=\"C#\" %><div><p>今天召开会议，研究部署工作。</p><p><a href=\"http://x\">阅读原文</a></p><script>var a = '同志们';</script><p>上一篇：<a href=\"/1\">关于做好XX工作的通知</a></p></div>";
        assert_eq!(text(page), "今天召开会议，研究部署工作。");
    }

    #[test]
    fn the_title_comes_from_metadata_or_a_heading_the_page_title_holds() {
        let page = "<html><head><title>XX大学->领导讲话->在XX典礼上的致辞 | xx.edu.cn</title></head><body><h1>在XX典礼上的致辞</h1><p>老师们、同学们：</p></body></html>";
        assert_eq!(extract(page).1.title.as_deref(), Some("在XX典礼上的致辞"));
        let og = "<html><head><meta property=\"og:title\" content=\"在XX座谈会上的讲话\"><title>首页</title></head><body><p>同志们：</p></body></html>";
        assert_eq!(extract(og).1.title.as_deref(), Some("在XX座谈会上的讲话"));
        assert_eq!(
            without_site("XX大学->新闻->开学典礼致辞|xx.edu.cn"),
            "开学典礼致辞"
        );
    }

    #[test]
    fn a_word_page_reads_as_its_paragraphs() {
        let page = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><head><style>p.MsoNormal{}</style><!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]--></head><body lang=ZH-CN><div class=WordSection1><p class=MsoNormal align=center><b><span style='font-size:22pt'>在XX会议上的讲话<o:p></o:p></span></b></p><p class=MsoNormal><span>同志们：<o:p></o:p></span></p><p class=MsoNormal style='text-indent:32pt'><span>今天召开\n会议。<o:p></o:p></span></p></div></body></html>";
        assert_eq!(
            text(page),
            format!("{EMPHASIS}在XX会议上的讲话\n同志们：\n今天召开会议。")
        );
    }
}
