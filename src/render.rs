//! Rendering: a [`Plan`] → text, through Tera 2 templates the writer can edit.
//!
//! The built-in templates (`templates/*.tera`) are embedded in the binary. A writer's
//! templates override them one file at a time: a user file wins over the built-in of the same
//! name (as zola does). Templates receive only finished strings; every choice was made by the
//! plan. This module reads no files: the command layer passes the writer's templates in.
//!
//! Speed: a template's output depends only on the *shape* of the plan (how many sections,
//! items and paragraphs, which strings are empty), so for each shape the template is rendered
//! once with numbered markers in place of the strings, and each draft of that shape is the
//! literal pieces with its own strings spliced in. The first draft of every shape is also
//! rendered the ordinary way and compared; a template whose output depends on the strings
//! themselves (a filter such as `truncate`) is then always rendered the ordinary way.

use std::collections::HashMap;

use serde::Serialize;

use crate::outline::Kind;
use crate::plan::{Paragraph, Plan, PlanBlock, PlanItem, PlanList, PlanSection};

/// The built-in templates, by file name.
pub const BUILTIN: [(&str, &str); 7] = [
    ("base.tera", include_str!("../templates/base.tera")),
    (
        "work_meeting.tera",
        include_str!("../templates/work_meeting.tera"),
    ),
    (
        "deployment.tera",
        include_str!("../templates/deployment.tera"),
    ),
    (
        "symposium.tera",
        include_str!("../templates/symposium.tera"),
    ),
    ("study.tera", include_str!("../templates/study.tera")),
    (
        "mobilization.tera",
        include_str!("../templates/mobilization.tera"),
    ),
    ("markdown.tera", include_str!("../templates/markdown.tera")),
];

/// What the templates are rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// Plain text: the kind's template.
    Text,
    /// Markdown: `markdown.tera`.
    Markdown,
}

/// The template for a kind of speech and an output.
pub fn template_name(kind: Kind, target: Target) -> String {
    match target {
        Target::Text => format!("{}.tera", kind.name()),
        Target::Markdown => "markdown.tera".to_owned(),
    }
}

/// A template that cannot be loaded or rendered: where and what.
#[derive(Debug, thiserror::Error)]
#[error("{file}{}: {message}{snippet}", location(*line, *column))]
pub struct TemplateError {
    /// The template's file (the writer's path, or `built-in NAME`).
    pub file: String,
    /// 1-based line, when known.
    pub line: Option<usize>,
    /// 1-based column in characters, when known.
    pub column: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// The line of the template with a caret under the column, when known.
    pub snippet: String,
}

fn location(line: Option<usize>, column: Option<usize>) -> String {
    match (line, column) {
        (Some(l), Some(c)) => format!(":{l}:{c}"),
        (Some(l), None) => format!(":{l}"),
        _ => String::new(),
    }
}

/// Where a template came from.
#[derive(Debug, Clone)]
struct Source {
    /// Shown in errors: a path, or `built-in NAME`.
    file: String,
    text: String,
}

/// The loaded templates.
#[derive(Debug)]
pub struct Templates {
    tera: tera::Tera,
    sources: HashMap<String, Source>,
}

impl Templates {
    /// The built-in templates alone.
    pub fn builtin() -> Result<Templates, TemplateError> {
        Templates::with_overrides(Vec::new())
    }

    /// The built-in templates with the writer's: `(name, text, file shown in errors)`.
    /// A writer's template replaces the built-in of the same name; new names are added.
    pub fn with_overrides(user: Vec<(String, String, String)>) -> Result<Templates, TemplateError> {
        let mut sources: HashMap<String, Source> = BUILTIN
            .iter()
            .map(|(name, text)| {
                (
                    name.to_string(),
                    Source {
                        file: format!("built-in {name}"),
                        text: text.to_string(),
                    },
                )
            })
            .collect();
        for (name, text, file) in user {
            sources.insert(name, Source { file, text });
        }
        let mut tera = tera::Tera::default();
        tera.autoescape_on(Vec::<&str>::new());
        // Parse each alone first, so a syntax error names its own file.
        for (name, source) in &sources {
            let mut probe = tera::Tera::default();
            if let Err(e) = probe.add_raw_template(name, &source.text) {
                if !matches!(e.kind(), tera::ErrorKind::MissingParent { .. }) {
                    return Err(template_error(&e, &sources, name));
                }
            }
        }
        let mut names: Vec<&String> = sources.keys().collect();
        names.sort();
        tera.add_raw_templates(
            names
                .iter()
                .map(|n| (n.as_str(), sources[*n].text.as_str())),
        )
        .map_err(|e| template_error(&e, &sources, "base.tera"))?;
        Ok(Templates { tera, sources })
    }

    /// The names of all templates, sorted.
    pub fn names(&self) -> Vec<String> {
        let mut v: Vec<String> = self.sources.keys().cloned().collect();
        v.sort();
        v
    }

    /// A template's text and where it came from.
    pub fn source(&self, name: &str) -> Option<(&str, &str)> {
        self.sources
            .get(name)
            .map(|s| (s.file.as_str(), s.text.as_str()))
    }

    /// Renders a plan the ordinary way.
    pub fn render(&self, name: &str, plan: &Plan) -> Result<String, TemplateError> {
        let mut sink = Plain;
        let view = View::build(plan, &mut sink);
        self.render_view(name, &view)
    }

    fn render_view(&self, name: &str, view: &View) -> Result<String, TemplateError> {
        if !self.sources.contains_key(name) {
            let mut known = self.names();
            known.retain(|n| n != "base.tera" && n != "markdown.tera");
            return Err(TemplateError {
                file: name.to_owned(),
                line: None,
                column: None,
                message: format!(
                    "no such template; the templates for kinds are {}",
                    known.join(", ")
                ),
                snippet: String::new(),
            });
        }
        let context = tera::Context::from_serialize(view)
            .map_err(|e| template_error(&e, &self.sources, name))?;
        let mut out = Capped {
            bytes: Vec::new(),
            hit: false,
        };
        match self.tera.render_to(name, &context, &mut out) {
            Ok(()) => Ok(String::from_utf8(out.bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(_) if out.hit => Err(TemplateError {
                file: self
                    .sources
                    .get(name)
                    .map_or_else(|| name.to_owned(), |s| s.file.clone()),
                line: None,
                column: None,
                message: format!(
                    "the template wrote more than {} MB for one speech; look for a runaway loop",
                    MAX_OUTPUT / 1_000_000
                ),
                snippet: String::new(),
            }),
            Err(e) => Err(template_error(&e, &self.sources, name)),
        }
    }
}

/// Most bytes one rendering may write: a speech is a few hundred kilobytes at most, so more
/// means a runaway loop in a writer's template.
const MAX_OUTPUT: usize = 20_000_000;

/// A buffer that refuses to grow past [`MAX_OUTPUT`], so a runaway template ends in an error
/// instead of filling the memory.
struct Capped {
    bytes: Vec<u8>,
    hit: bool,
}

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.bytes.len() + buf.len() > MAX_OUTPUT {
            self.hit = true;
            return Err(std::io::Error::other("template output too large"));
        }
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Turns Tera's error into one that names the file, line and character column.
fn template_error(
    e: &tera::Error,
    sources: &HashMap<String, Source>,
    fallback: &str,
) -> TemplateError {
    let report = match e.kind() {
        tera::ErrorKind::SyntaxError(r) | tera::ErrorKind::RenderingError(r) => Some(r),
        _ => None,
    };
    let mut message = match report {
        Some(r) => r.message().to_owned(),
        None => e.to_string(),
    };
    let mut source = std::error::Error::source(e);
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    let name = report
        .map(|r| r.filename())
        .filter(|f| !f.is_empty())
        .unwrap_or(fallback);
    let src = sources.get(name);
    let (line, column) = match (report, src) {
        (Some(r), Some(s)) => {
            let start = r.span().range.start.min(s.text.len());
            let line_start = s.text[..start].rfind('\n').map_or(0, |i| i + 1);
            let col = s
                .text
                .get(line_start..start)
                .map_or(0, |t| t.chars().count());
            (Some(r.span().start_line), Some(col + 1))
        }
        _ => (None, None),
    };
    let file = src.map_or_else(|| name.to_owned(), |s| s.file.clone());
    let snippet = match (src, line, column) {
        (Some(s), Some(l), Some(c)) => format!(
            "\n{}",
            crate::outline::snippet(&file, &s.text, l as u64, c as u64)
        ),
        _ => String::new(),
    };
    TemplateError {
        file,
        line,
        column,
        message,
        snippet,
    }
}

// ------------------------------------------------------------------ the view

/// What templates see: finished strings only.
#[derive(Debug, Serialize)]
struct View {
    title: Option<String>,
    speaker: Option<String>,
    position: Option<String>,
    greeting: Option<String>,
    opening: Vec<String>,
    sections: Vec<SectionView>,
    closing: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SectionView {
    ordinal: String,
    heading: String,
    blocks: Vec<BlockView>,
}

#[derive(Debug, Serialize)]
struct BlockView {
    /// `paragraph`, `list` or `section`.
    kind: &'static str,
    text: String,
    ordinal: String,
    heading: String,
    items: Vec<ItemView>,
    blocks: Vec<BlockView>,
}

#[derive(Debug, Serialize)]
struct ItemView {
    ordinal: String,
    lead: String,
    body: String,
    children: Vec<ItemView>,
}

/// Receives every string of a view in order, and the size of every list and option.
trait Sink {
    fn text(&mut self, s: &str) -> String;
    fn count(&mut self, n: usize);
}

/// Strings as they are.
struct Plain;

impl Sink for Plain {
    fn text(&mut self, s: &str) -> String {
        s.to_owned()
    }
    fn count(&mut self, _: usize) {}
}

impl View {
    fn build<S: Sink>(plan: &Plan, sink: &mut S) -> View {
        fn opt<S: Sink>(s: &Option<String>, sink: &mut S) -> Option<String> {
            sink.count(usize::from(s.is_some()));
            s.as_deref().map(|t| sink.text(t))
        }
        let title = opt(&plan.title, sink);
        let speaker = opt(&plan.speaker, sink);
        let position = opt(&plan.position, sink);
        let greeting = opt(&plan.greeting, sink);
        let opening = paragraphs(&plan.opening, sink);
        sink.count(plan.sections.len());
        let sections = plan
            .sections
            .iter()
            .map(|s| SectionView {
                ordinal: sink.text(&s.ordinal),
                heading: sink.text(s.heading.as_deref().unwrap_or("")),
                blocks: blocks(&s.blocks, sink, true),
            })
            .collect();
        let closing = paragraphs(&plan.closing, sink);
        View {
            title,
            speaker,
            position,
            greeting,
            opening,
            sections,
            closing,
        }
    }
}

fn paragraphs(ps: &[Paragraph], sink: &mut impl Sink) -> Vec<String> {
    sink.count(ps.len());
    ps.iter().map(|p| sink.text(&p.text())).collect()
}

fn blocks(bs: &[PlanBlock], sink: &mut impl Sink, allow_sections: bool) -> Vec<BlockView> {
    sink.count(bs.len());
    let mut out = Vec::with_capacity(bs.len());
    for b in bs {
        let view = match b {
            PlanBlock::Paragraph(p) => paragraph_block(&p.text(), sink),
            PlanBlock::Enumeration(list) => BlockView {
                kind: "list",
                text: String::new(),
                ordinal: String::new(),
                heading: String::new(),
                items: items(list, sink),
                blocks: Vec::new(),
            },
            PlanBlock::Section(s) if allow_sections => BlockView {
                kind: "section",
                text: String::new(),
                ordinal: sink.text(&s.ordinal),
                heading: sink.text(s.heading.as_deref().unwrap_or("")),
                items: Vec::new(),
                blocks: blocks(&s.blocks, sink, false),
            },
            // Deeper levels are written out as paragraphs.
            PlanBlock::Section(s) => paragraph_block(&flatten_section(s), sink),
        };
        out.push(view);
    }
    out
}

fn paragraph_block(text: &str, sink: &mut impl Sink) -> BlockView {
    BlockView {
        kind: "paragraph",
        text: sink.text(text),
        ordinal: String::new(),
        heading: String::new(),
        items: Vec::new(),
        blocks: Vec::new(),
    }
}

fn items(list: &PlanList, sink: &mut impl Sink) -> Vec<ItemView> {
    sink.count(list.items.len());
    list.items
        .iter()
        .map(|item| {
            let children: Vec<&PlanItem> =
                item.children.iter().flat_map(|c| c.items.iter()).collect();
            sink.count(children.len());
            ItemView {
                ordinal: sink.text(&item.ordinal),
                lead: sink.text(&item.lead),
                body: sink.text(&item.body.text()),
                children: children
                    .into_iter()
                    .map(|c| ItemView {
                        ordinal: sink.text(&c.ordinal),
                        lead: sink.text(&c.lead),
                        body: sink.text(&item_text_deep(c)),
                        children: Vec::new(),
                    })
                    .collect(),
            }
        })
        .collect()
}

/// A child item's body with any deeper items written into it.
fn item_text_deep(item: &PlanItem) -> String {
    let mut s = item.body.text();
    for list in &item.children {
        for c in &list.items {
            s.push_str(&c.ordinal);
            s.push_str(&c.lead);
            s.push('。');
            s.push_str(&item_text_deep(c));
        }
    }
    s
}

fn flatten_section(s: &PlanSection) -> String {
    let mut out = format!("{}{}", s.ordinal, s.heading.as_deref().unwrap_or(""));
    for b in &s.blocks {
        match b {
            PlanBlock::Paragraph(p) => out.push_str(&p.text()),
            PlanBlock::Enumeration(l) => {
                for i in &l.items {
                    out.push_str(&format!("{}{}。{}", i.ordinal, i.lead, item_text_deep(i)));
                }
            }
            PlanBlock::Section(inner) => out.push_str(&flatten_section(inner)),
        }
    }
    out
}

// ------------------------------------------------------------------ the fast path

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

/// Renders many plans with one template, quickly (see the module documentation).
#[derive(Debug)]
pub struct Renderer<'t> {
    templates: &'t Templates,
    name: String,
    /// Per shape: the pieces, or `None` when the template must be rendered the ordinary way.
    cache: HashMap<Vec<u32>, Option<Vec<Piece>>>,
}

impl<'t> Renderer<'t> {
    /// A renderer for one template.
    pub fn new(templates: &'t Templates, name: &str) -> Result<Renderer<'t>, TemplateError> {
        if templates.source(name).is_none() {
            // Let render_view produce the error that lists the templates.
            templates.render_view(name, &View::build(&empty_plan(), &mut Plain))?;
        }
        Ok(Renderer {
            templates,
            name: name.to_owned(),
            cache: HashMap::new(),
        })
    }

    /// Renders a plan.
    pub fn render(&mut self, plan: &Plan) -> Result<String, TemplateError> {
        let mut collect = Collect::default();
        View::build(plan, &mut collect);
        let Collect { strings, shape, .. } = collect;
        if !self.cache.contains_key(&shape) {
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
            None => self.templates.render(&self.name, plan),
        }
    }

    /// Renders the shape with markers, splits it, and checks the result against an ordinary
    /// render of this plan.
    fn prepare(
        &self,
        plan: &Plan,
        strings: &[String],
    ) -> Result<Option<Vec<Piece>>, TemplateError> {
        let plain = self.templates.render(&self.name, plan)?;
        if strings.iter().any(|s| s.contains([MARK_OPEN, MARK_CLOSE])) {
            return Ok(None);
        }
        let mut collect = Collect {
            markers: true,
            ..Collect::default()
        };
        let view = View::build(plan, &mut collect);
        let marked = self.templates.render_view(&self.name, &view)?;
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

fn empty_plan() -> Plan {
    Plan {
        kind: Kind::default(),
        seed: 0,
        field: crate::field::Field::General,
        placeholder: String::new(),
        notes: Vec::new(),
        title: None,
        speaker: None,
        position: None,
        greeting: None,
        opening: Vec::new(),
        sections: Vec::new(),
        closing: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::Outline;
    use crate::plan::Planner;
    use crate::rules::RuleSet;

    fn plan(seed: u64) -> Plan {
        let o = Outline::from_yaml("title: 在全市工作会议上的讲话\nsections:\n  - heading: 提高认识\n    points: [强化担当, 压实责任]\n  - heading: 狠抓落实\n").unwrap();
        Planner::new(&o, &RuleSet::builtin(), Default::default()).plan(seed)
    }

    #[test]
    fn the_fast_path_gives_the_same_bytes_as_ordinary_rendering() {
        let templates = Templates::builtin().unwrap();
        let mut r = Renderer::new(&templates, "work_meeting.tera").unwrap();
        for seed in 0..20 {
            let p = plan(seed);
            assert_eq!(
                r.render(&p).unwrap(),
                templates.render("work_meeting.tera", &p).unwrap()
            );
        }
        assert!(
            r.cache.values().all(Option::is_some),
            "the built-in template takes the fast path"
        );
    }

    #[test]
    fn a_template_that_looks_into_strings_falls_back_to_ordinary_rendering() {
        let user = vec![(
            "work_meeting.tera".to_owned(),
            "{{ title | truncate(length=3) }}".to_owned(),
            "mine.tera".to_owned(),
        )];
        let templates = Templates::with_overrides(user).unwrap();
        let mut r = Renderer::new(&templates, "work_meeting.tera").unwrap();
        let p = plan(1);
        assert_eq!(
            r.render(&p).unwrap(),
            templates.render("work_meeting.tera", &p).unwrap()
        );
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let user = vec![(
            "study.tera".to_owned(),
            "第一行\n第二行{% if title %}没有结束".to_owned(),
            "my/study.tera".to_owned(),
        )];
        let e = Templates::with_overrides(user).unwrap_err();
        assert_eq!(e.file, "my/study.tera");
        assert_eq!(e.line, Some(2));
        assert!(e.column.is_some(), "{e}");
    }

    #[test]
    fn a_runaway_template_ends_in_an_error() {
        let user = vec![(
            "work_meeting.tera".to_owned(),
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ title }}{% endfor %}{% endfor %}".to_owned(),
            "loop.tera".to_owned(),
        )];
        let templates = Templates::with_overrides(user).unwrap();
        let e = templates
            .render("work_meeting.tera", &plan(1))
            .unwrap_err()
            .to_string();
        assert!(e.contains("loop.tera") && e.contains("runaway"), "{e}");
    }

    #[test]
    fn an_unknown_template_lists_the_known_ones() {
        let templates = Templates::builtin().unwrap();
        let e = Renderer::new(&templates, "speech.tera")
            .unwrap_err()
            .to_string();
        assert!(e.contains("work_meeting.tera"), "{e}");
    }
}
