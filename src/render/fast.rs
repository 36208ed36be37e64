//! The fast path: render a template once per *shape* of plan and splice each draft's strings
//! into the result.
//!
//! A template's output depends only on the shape of the plan (how many sections, items and
//! paragraphs, which strings are empty) when it does nothing with the strings but print them
//! whole. [`shape_only`] proves that from the template's text: every `{{ … }}` prints a
//! variable as it is, every `{% if %}` tests a value for being empty (or a block's `kind`, or
//! `loop.*`), every `{% for %}` walks a list, and nothing else (filters, functions, `set`,
//! `~`, `in`) appears. For such a template and each shape, the template is rendered once with
//! numbered markers in place of the strings, and each draft of that shape is the literal
//! pieces with its own strings spliced in; the first draft of every shape is also rendered the
//! ordinary way and compared. Any other template is rendered the ordinary way every time.

use std::collections::HashMap;

use super::view::{Sink, View};
use super::{Compiled, Target, Templates};
use crate::diag::Diagnostic;
use crate::outline::Kind;
use crate::plan::Plan;

const MARK_OPEN: char = '\u{E000}';
const MARK_CLOSE: char = '\u{E001}';

/// Collects a plan's strings and shape; hands out markers in their place.
#[derive(Default)]
struct Collect {
    strings: Vec<String>,
    shape: Vec<u32>,
    markers: bool,
}

impl Sink for Collect {
    fn text(&mut self, s: &str) -> String {
        self.shape.push(u32::from(!s.is_empty()));
        if s.is_empty() {
            return String::new();
        }
        self.strings.push(s.to_owned());
        if self.markers {
            format!("{MARK_OPEN}{}{MARK_CLOSE}", self.strings.len() - 1)
        } else {
            String::new()
        }
    }
    fn count(&mut self, n: usize) {
        self.shape.push(u32::MAX - n as u32);
    }
}

/// A template's output for one shape: literal pieces and string numbers.
#[derive(Debug, Clone)]
enum Piece {
    Text(String),
    Slot(usize),
}

/// Shapes a [`Renderer`] remembers at most.
const MAX_SHAPES: usize = 4096;

/// Renders many plans of one kind quickly (see the module documentation).
#[derive(Debug)]
pub struct Renderer {
    compiled: Compiled,
    /// Per shape: the pieces, or `None` when the template must be rendered the ordinary way.
    cache: HashMap<Vec<u32>, Option<Vec<Piece>>>,
}

impl Renderer {
    /// A renderer for the template of a kind, compiled once.
    pub fn new(templates: &Templates, kind: Kind, target: Target) -> Result<Renderer, Diagnostic> {
        Ok(Renderer {
            compiled: templates.compile(kind, target)?,
            cache: HashMap::new(),
        })
    }

    /// Whether the template takes the fast path (its output provably depends only on the
    /// plan's shape).
    pub fn shape_only(&self) -> bool {
        self.compiled.shape_only
    }

    /// Renders a plan.
    pub fn render(&mut self, plan: &Plan) -> Result<String, Diagnostic> {
        if !self.compiled.shape_only {
            return self.compiled.render(plan);
        }
        let mut collect = Collect::default();
        View::build(plan, &mut collect);
        let Collect { strings, shape, .. } = collect;
        if !self.cache.contains_key(&shape) {
            // Bounded: a batch of random outlines meets ever new shapes (forgetting one only
            // costs its preparation again).
            if self.cache.len() >= MAX_SHAPES {
                self.cache.clear();
            }
            let prepared = self.prepare(plan, &strings)?;
            self.cache.insert(shape.clone(), prepared);
        }
        match &self.cache[&shape] {
            Some(pieces) => {
                let len: usize = pieces
                    .iter()
                    .map(|p| match p {
                        Piece::Text(t) => t.len(),
                        Piece::Slot(i) => strings[*i].len(),
                    })
                    .sum();
                let mut out = String::with_capacity(len);
                for p in pieces {
                    match p {
                        Piece::Text(t) => out.push_str(t),
                        Piece::Slot(i) => out.push_str(&strings[*i]),
                    }
                }
                Ok(out)
            }
            None => self.compiled.render(plan),
        }
    }

    /// Renders the shape with markers, splits it, and checks the result against an ordinary
    /// render of this plan.
    fn prepare(&self, plan: &Plan, strings: &[String]) -> Result<Option<Vec<Piece>>, Diagnostic> {
        let plain = self.compiled.render(plan)?;
        if strings.iter().any(|s| s.contains([MARK_OPEN, MARK_CLOSE])) {
            return Ok(None);
        }
        let mut collect = Collect {
            markers: true,
            ..Collect::default()
        };
        let view = View::build(plan, &mut collect);
        let marked = self.compiled.render_view(&view)?;
        let Some(pieces) = split_marked(&marked, strings.len()) else {
            return Ok(None);
        };
        let mut again = String::new();
        for p in &pieces {
            match p {
                Piece::Text(t) => again.push_str(t),
                Piece::Slot(i) => again.push_str(&strings[*i]),
            }
        }
        Ok((again == plain).then_some(pieces))
    }
}

fn split_marked(marked: &str, count: usize) -> Option<Vec<Piece>> {
    let mut pieces = Vec::new();
    let mut rest = marked;
    while let Some(open) = rest.find(MARK_OPEN) {
        if open > 0 {
            pieces.push(Piece::Text(rest[..open].to_owned()));
        }
        let after = &rest[open + MARK_OPEN.len_utf8()..];
        let close = after.find(MARK_CLOSE)?;
        let index: usize = after[..close].parse().ok()?;
        if index >= count {
            return None;
        }
        pieces.push(Piece::Slot(index));
        rest = &after[close + MARK_CLOSE.len_utf8()..];
    }
    if rest.contains(MARK_CLOSE) {
        return None;
    }
    if !rest.is_empty() {
        pieces.push(Piece::Text(rest.to_owned()));
    }
    Some(pieces)
}

/// Names of the view's values that are lists: a `{% for %}` may walk only these.
const LISTS: [&str; 6] = [
    "opening", "closing", "sections", "blocks", "items", "children",
];

/// Whether a template's output provably depends only on the shape of the plan (see the module
/// documentation). Anything this cannot read counts as depending on the strings.
pub(super) fn shape_only(text: &str) -> bool {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let (close, body) = match after.chars().next() {
            Some('{') => ("}}", &after[1..]),
            Some('%') => ("%}", &after[1..]),
            Some('#') => ("#}", &after[1..]),
            _ => {
                rest = after;
                continue;
            }
        };
        let Some(end) = body.find(close) else {
            return false;
        };
        let tag = body[..end].trim_matches('-').trim();
        let ok = match close {
            "}}" => tag == "super()" || printable_path(tag),
            "%}" => statement_ok(tag),
            _ => true,
        };
        if !ok {
            return false;
        }
        rest = &body[end + close.len()..];
    }
    true
}

/// `a.b.c`: names joined by dots.
fn is_path(s: &str) -> bool {
    !s.is_empty()
        && s.split('.').all(|part| {
            let mut chars = part.chars();
            chars
                .next()
                .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
                && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
        })
}

/// A path whose value prints as one string or number (not a list).
fn printable_path(s: &str) -> bool {
    is_path(s) && !LISTS.contains(&s.rsplit('.').next().unwrap_or(s))
}

fn statement_ok(tag: &str) -> bool {
    let mut words = tag.split_whitespace();
    let keyword = words.next().unwrap_or("");
    let args: Vec<&str> = words.collect();
    match keyword {
        "endif" | "else" | "endfor" | "endblock" => args.len() <= 1,
        "block" => args.len() == 1 && is_path(args[0]),
        "extends" => args.len() == 1,
        "if" | "elif" => condition_ok(&tag[keyword.len()..]),
        "for" => {
            args.len() == 3
                && is_path(args[0])
                && !args[0].contains('.')
                && args[1] == "in"
                && is_path(args[2])
                && LISTS.contains(&args[2].rsplit('.').next().unwrap_or(""))
        }
        _ => false,
    }
}

/// A condition made of paths tested for being empty, `not`/`and`/`or`, parentheses, and
/// comparisons of a block's `kind` with a string or of `loop.*` with a number.
fn condition_ok(cond: &str) -> bool {
    let spaced = cond.replace('(', " ( ").replace(')', " ) ");
    let tokens: Vec<&str> = spaced.split_whitespace().collect();
    let mut i = 0;
    while i < tokens.len() {
        let t = tokens[i];
        match t {
            "not" | "and" | "or" | "(" | ")" => i += 1,
            _ if is_path(t) => {
                let op = tokens.get(i + 1).copied().unwrap_or("");
                if !["==", "!=", "<", ">", "<=", ">="].contains(&op) {
                    i += 1;
                    continue;
                }
                let lit = tokens.get(i + 2).copied().unwrap_or("");
                let last = t.rsplit('.').next().unwrap_or(t);
                let string = lit.len() >= 2
                    && (lit.starts_with('"') && lit.ends_with('"')
                        || lit.starts_with('\'') && lit.ends_with('\''));
                let kind_test = last == "kind" && string && (op == "==" || op == "!=");
                let loop_test = t.starts_with("loop.") && lit.parse::<i64>().is_ok();
                if !(kind_test || loop_test) {
                    return false;
                }
                i += 3;
            }
            _ => return false,
        }
    }
    !tokens.is_empty()
}

#[cfg(test)]
mod tests {
    use super::shape_only;

    #[test]
    fn printing_testing_for_empty_and_walking_lists_is_shape_only() {
        assert!(shape_only(
            "{%- block x %}{% if title and not speaker %}{{ title }}{% endif %}{% for s in sections %}\
             {% if s.kind == \"list\" %}{{ s.heading }}{% elif loop.index > 1 %}{% endif %}\
             {% endfor %}{% endblock x -%}{# {{ title | upper }} #}"
        ));
        for text in [
            "{{ title | upper }}",
            "{{ title ~ title }}",
            "{% if title == \"甲\" %}{% endif %}",
            "{% if \"落实\" in title %}{% endif %}",
            "{% for c in title %}{% endfor %}",
            "{% set x = 1 %}",
            "{{ sections }}",
            "{% if title",
        ] {
            assert!(!shape_only(text), "{text}");
        }
    }
}
