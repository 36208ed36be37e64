//! A bound on how deep a page's elements nest, before html5ever sees it.
//!
//! html5ever's tree builder checks the stack of open elements for most start tags, so a page of
//! 200,000 nested `<div>`s (2 MB) takes minutes. Real pages nest a few dozen deep. This pass
//! scans the tags once and drops the start tags (and their end tags) that would open an element
//! deeper than [`MAX_DEPTH`]: their text stays, at the deepest level. Elements whose end tag may
//! be left out (`<p>`, `<li>`, `<td>` …) and void elements (`<br>`, `<img>` …) are not counted,
//! so an old page of unclosed paragraphs is never touched.

use std::borrow::Cow;

use memchr::memchr;

/// The deepest an element may sit.
pub(super) const MAX_DEPTH: usize = 256;

/// Elements without content, or whose end tag may be left out: not counted.
const UNCOUNTED: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "thead",
    "tbody", "tfoot", "colgroup", "rb", "rt", "rp", "html", "head", "body", "frame", "keygen",
];

/// Elements whose content is raw text, never tags.
const RAW: &[&str] = &["script", "style", "textarea", "title", "xmp", "plaintext"];

/// A tag found by the scan.
struct Tag<'a> {
    start: usize,
    end: usize,
    name: &'a str,
    closing: bool,
    self_closing: bool,
}

/// The page with tags deeper than [`MAX_DEPTH`] removed; the page itself when none is.
pub(super) fn limit(page: &str) -> Cow<'_, str> {
    if max_depth(page) <= MAX_DEPTH {
        return Cow::Borrowed(page);
    }
    let mut out = String::with_capacity(page.len());
    let mut copied = 0;
    let mut depth = 0usize;
    let mut dropped = 0usize;
    for tag in tags(page) {
        if !counted(tag.name) || tag.self_closing {
            continue;
        }
        let drop = if tag.closing {
            if dropped > 0 {
                dropped -= 1;
                true
            } else {
                depth = depth.saturating_sub(1);
                false
            }
        } else if depth >= MAX_DEPTH {
            dropped += 1;
            true
        } else {
            depth += 1;
            false
        };
        if drop {
            out.push_str(&page[copied..tag.start]);
            copied = tag.end;
        }
    }
    out.push_str(&page[copied..]);
    Cow::Owned(out)
}

fn counted(name: &str) -> bool {
    !UNCOUNTED.iter().any(|u| u.eq_ignore_ascii_case(name))
}

/// How deep the counted elements nest.
fn max_depth(page: &str) -> usize {
    let (mut depth, mut max) = (0usize, 0usize);
    for tag in tags(page) {
        if !counted(tag.name) || tag.self_closing {
            continue;
        }
        if tag.closing {
            depth = depth.saturating_sub(1);
        } else {
            depth += 1;
            max = max.max(depth);
        }
    }
    max
}

/// The start and end tags of a page, in order, skipping comments, doctypes, processing
/// instructions and the content of raw-text elements. One pass over the bytes.
fn tags(page: &str) -> impl Iterator<Item = Tag<'_>> {
    let bytes = page.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || loop {
        let open = at + memchr(b'<', &bytes[at..])?;
        let rest = &page[open..];
        if rest.starts_with("<!--") {
            at = rest.find("-->").map_or(page.len(), |i| open + i + 3);
            continue;
        }
        if rest.starts_with("<!") || rest.starts_with("<?") {
            at = rest.find('>').map_or(page.len(), |i| open + i + 1);
            continue;
        }
        let closing = rest.starts_with("</");
        let name_start = open + if closing { 2 } else { 1 };
        let name_len = page[name_start..]
            .bytes()
            .take_while(|b| b.is_ascii_alphanumeric() || *b == b'-' || *b == b':')
            .count();
        if name_len == 0 || !page.as_bytes()[name_start].is_ascii_alphabetic() {
            at = open + 1;
            continue;
        }
        let name = &page[name_start..name_start + name_len];
        let end = rest.find('>').map_or(page.len(), |i| open + i + 1);
        let self_closing = page[..end].ends_with("/>");
        at = end;
        if !closing && RAW.iter().any(|r| r.eq_ignore_ascii_case(name)) {
            // Skip to the element's end tag, whatever its content holds.
            let close = format!("</{name}");
            let mut from = end;
            at = loop {
                let Some(i) = memchr(b'<', &bytes[from..]) else {
                    break page.len();
                };
                let p = from + i;
                if page
                    .get(p..p + close.len())
                    .is_some_and(|s| s.eq_ignore_ascii_case(&close))
                {
                    break p;
                }
                from = p + 1;
            };
        }
        return Some(Tag {
            start: open,
            end,
            name,
            closing,
            self_closing,
        });
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinary_pages_are_left_alone() {
        let page = "<html><body><div><p>甲<p>乙<br><img src=x></div><script>if (a<b) {}</script></body></html>";
        assert!(matches!(limit(page), Cow::Borrowed(_)));
        let unclosed = "<p>段落".repeat(10_000);
        assert!(matches!(limit(&unclosed), Cow::Borrowed(_)));
    }

    #[test]
    fn nesting_past_the_limit_is_flattened_and_its_text_kept() {
        let n = MAX_DEPTH + 50;
        let page = format!("{}同志们：{}", "<div>".repeat(n), "</div>".repeat(n));
        let limited = limit(&page);
        assert_eq!(max_depth(&limited), MAX_DEPTH);
        assert!(limited.contains("同志们："));
        assert_eq!(limited.matches("<div>").count(), MAX_DEPTH);
        assert_eq!(limited.matches("</div>").count(), MAX_DEPTH);
    }
}
