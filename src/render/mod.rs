//! Rendering: a [`Plan`] → text, through Tera 2 templates the writer can edit.
//!
//! The built-in templates (`templates/*.tera`) are embedded in the binary. A writer's
//! templates override them one file at a time: a user file wins over the built-in of the same
//! name (as zola does). Templates receive only finished strings; every choice was made by the
//! plan. This module reads no files: the command layer passes the writer's templates in.
//!
//! A kind of speech has one template (`work_meeting.tera` …) that extends `base.tera`.
//! Markdown output renders the same kind template with `markdown.tera` standing in for
//! `base.tera`, so a kind's own blocks (the symposium's 谢谢大家！) are in both. Only the
//! template asked for and the templates it names are compiled: a broken file that no draft
//! uses breaks nothing.
//!
//! The stages of rendering: [`view`] (a plan → the strings templates see), [`fast`] (render
//! once per shape of plan and splice strings in, when a template provably cannot look into
//! them) and [`guard`] (bounds on output, loops, time and memory).

mod fast;
pub mod guard;
mod view;

use std::collections::{BTreeSet, HashMap};

use crate::diag::Diagnostic;
use crate::outline::Kind;
use crate::plan::Plan;

pub use fast::Renderer;
use guard::{Capped, Rendering, MAX_OUTPUT};
use view::{Plain, View};

/// The built-in templates, by file name.
pub const BUILTIN: [(&str, &str); 7] = [
    ("base.tera", include_str!("../../templates/base.tera")),
    (
        "work_meeting.tera",
        include_str!("../../templates/work_meeting.tera"),
    ),
    (
        "deployment.tera",
        include_str!("../../templates/deployment.tera"),
    ),
    (
        "symposium.tera",
        include_str!("../../templates/symposium.tera"),
    ),
    ("study.tera", include_str!("../../templates/study.tera")),
    (
        "mobilization.tera",
        include_str!("../../templates/mobilization.tera"),
    ),
    (
        "markdown.tera",
        include_str!("../../templates/markdown.tera"),
    ),
];

/// What the templates are rendered for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Target {
    /// Plain text: the kind's template on `base.tera`.
    Text,
    /// Markdown: the kind's template on `markdown.tera`.
    Markdown,
}

/// The template for a kind of speech.
pub fn template_name(kind: Kind) -> String {
    format!("{}.tera", kind.name())
}

/// Where a template came from.
#[derive(Debug, Clone)]
struct Source {
    /// Shown in errors: a path, or `built-in NAME`.
    file: String,
    text: String,
}

/// The templates a writer can use: the built-ins and the writer's, not yet compiled.
#[derive(Debug)]
pub struct Templates {
    sources: HashMap<String, Source>,
}

/// One template compiled with the templates it names, ready to render.
#[derive(Debug)]
pub(crate) struct Compiled {
    tera: tera::Tera,
    name: String,
    /// The template's file, for errors.
    file: String,
    /// Whether its output provably depends only on the plan's shape (see [`fast`]).
    shape_only: bool,
    /// The templates compiled, for errors.
    sources: HashMap<String, Source>,
}

impl Templates {
    /// The built-in templates alone.
    pub fn builtin() -> Templates {
        Templates::with_overrides(Vec::new())
    }

    /// The built-in templates with the writer's: `(name, text, file shown in errors)`.
    /// A writer's template replaces the built-in of the same name; new names are added.
    /// Nothing is compiled yet: errors come when a template is used.
    pub fn with_overrides(user: Vec<(String, String, String)>) -> Templates {
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
        Templates { sources }
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

    /// Compiles the template of a kind for a target, with every template it names.
    pub(crate) fn compile(&self, kind: Kind, target: Target) -> Result<Compiled, Diagnostic> {
        let name = template_name(kind);
        let sources = self.for_target(target);
        let Some(main) = sources.get(&name) else {
            let mut known = self.names();
            known.retain(|n| n != "base.tera" && n != "markdown.tera");
            return Err(Diagnostic::new(format!("no template {name}"))
                .hint(format!("the templates for kinds are {}", known.join(", "))));
        };
        // The template and those it names (extends, include, import), transitively.
        let mut used = BTreeSet::from([name.clone()]);
        let mut todo = vec![name.clone()];
        while let Some(n) = todo.pop() {
            for other in named_templates(&sources[&n].text, &sources) {
                if used.insert(other.clone()) {
                    todo.push(other);
                }
            }
        }
        // Parse each alone first, so a syntax error names its own file.
        for n in &used {
            let mut probe = tera::Tera::new();
            if let Err(e) = probe.add_raw_template(n, &sources[n].text) {
                if !matches!(e.kind(), tera::ErrorKind::MissingParent { .. }) {
                    return Err(template_error(&e, &sources, n));
                }
            }
        }
        let mut tera = tera::Tera::new();
        tera.autoescape_on(Vec::<&str>::new());
        tera.register_function("range", guard::range);
        tera.add_raw_templates(used.iter().map(|n| (n.as_str(), sources[n].text.as_str())))
            .map_err(|e| template_error(&e, &sources, &name))?;
        let shape_only = used.iter().all(|n| fast::shape_only(&sources[n].text));
        let file = main.file.clone();
        let sources = used
            .iter()
            .map(|n| (n.clone(), sources[n].clone()))
            .collect();
        Ok(Compiled {
            tera,
            file,
            name,
            shape_only,
            sources,
        })
    }

    /// The sources as a target sees them: for Markdown, `markdown.tera` is the base.
    fn for_target(&self, target: Target) -> HashMap<String, Source> {
        let mut sources = self.sources.clone();
        if target == Target::Markdown {
            if let Some(md) = sources.remove("markdown.tera") {
                sources.insert("base.tera".to_owned(), md);
            }
        }
        sources
    }

    /// Renders a plan the ordinary way (compiling its template each time; for many plans
    /// use a [`Renderer`]).
    pub fn render(&self, plan: &Plan, target: Target) -> Result<String, Diagnostic> {
        self.compile(plan.kind, target)?.render(plan)
    }
}

/// The names of known templates that a template's text quotes (`{% extends "base.tera" %}`).
fn named_templates(text: &str, sources: &HashMap<String, Source>) -> Vec<String> {
    let mut out = Vec::new();
    for quote in ['"', '\'', '`'] {
        for (i, piece) in text.split(quote).enumerate() {
            if i % 2 == 1 && sources.contains_key(piece) {
                out.push(piece.to_owned());
            }
        }
    }
    out
}

impl Compiled {
    /// Renders a plan the ordinary way.
    pub(crate) fn render(&self, plan: &Plan) -> Result<String, Diagnostic> {
        self.render_view(&View::build(plan, &mut Plain))
    }

    fn render_view(&self, view: &View) -> Result<String, Diagnostic> {
        let context = tera::Context::from_serialize(view)
            .map_err(|e| Diagnostic::new(format!("cannot pass the draft to the template: {e}")))?;
        let mut out = Capped {
            bytes: Vec::new(),
            hit: false,
        };
        let result = {
            let _rendering = Rendering::start(&self.file);
            self.tera.render_to(&self.name, &context, &mut out)
        };
        match result {
            Ok(()) => Ok(String::from_utf8(out.bytes)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())),
            Err(_) if out.hit => {
                let mut d = Diagnostic::new(format!(
                    "the template wrote more than {} MB for one speech",
                    MAX_OUTPUT / 1_000_000
                ))
                .hint("look for a runaway loop");
                d.file = Some(self.file.clone());
                Err(d)
            }
            Err(e) => Err(template_error(&e, &self.sources, &self.name)),
        }
    }
}

/// Turns Tera's error into a diagnostic that names the file, line and character column.
fn template_error(
    e: &tera::Error,
    sources: &HashMap<String, Source>,
    fallback: &str,
) -> Diagnostic {
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
    let mut d = Diagnostic::new(message);
    match sources.get(name) {
        Some(src) => {
            if let Some(r) = report {
                let start = r.span().range.start.min(src.text.len());
                let end = r.span().range.end.clamp(start, src.text.len());
                let line_start = src.text[..start].rfind('\n').map_or(0, |i| i + 1);
                let column = src
                    .text
                    .get(line_start..start)
                    .map_or(0, |t| t.chars().count());
                let width = src.text.get(start..end).map_or(1, |t| t.chars().count());
                d = d
                    .at(r.span().start_line as u64, column as u64 + 1)
                    .wide(width);
            }
            d.in_file(&src.file, &src.text)
        }
        None => {
            d.file = Some(name.to_owned());
            d
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outline::Outline;
    use crate::plan::Planner;
    use crate::rules::RuleSet;

    fn plan_of(kind: &str, seed: u64) -> Plan {
        let o = Outline::from_yaml(&format!("title: 在全市工作会议上的讲话\nkind: {kind}\nsections:\n  - heading: 提高认识\n    points: [强化担当, 压实责任]\n  - heading: 狠抓落实\n")).unwrap();
        Planner::new(&o, &RuleSet::builtin(), Default::default()).plan(seed)
    }

    fn plan(seed: u64) -> Plan {
        plan_of("work_meeting", seed)
    }

    fn user(name: &str, text: &str) -> Templates {
        Templates::with_overrides(vec![(
            name.to_owned(),
            text.to_owned(),
            format!("my/{name}"),
        )])
    }

    #[test]
    fn the_fast_path_gives_the_same_bytes_as_ordinary_rendering() {
        let templates = Templates::builtin();
        for target in [Target::Text, Target::Markdown] {
            for kind in Kind::ALL {
                let mut r = Renderer::new(&templates, kind, target).unwrap();
                assert!(r.shape_only(), "{kind:?} {target:?} takes the fast path");
                for seed in 0..10 {
                    let p = plan_of(kind.name(), seed);
                    assert_eq!(r.render(&p).unwrap(), templates.render(&p, target).unwrap());
                }
            }
        }
    }

    #[test]
    fn a_template_that_looks_into_strings_is_rendered_the_ordinary_way() {
        for text in [
            "{{ title | truncate(length=3) }}",
            "{% for s in sections %}{% if \"落实\" in s.heading %}有{% endif %}{% endfor %}",
            "{% if closing[0] == \"x\" %}甲{% endif %}{{ title }}",
            "{% set t = title ~ title %}{{ t }}",
            "{% for c in title %}{{ c }}|{% endfor %}",
        ] {
            let templates = user("work_meeting.tera", text);
            let mut r = Renderer::new(&templates, Kind::WorkMeeting, Target::Text).unwrap();
            assert!(!r.shape_only(), "{text}");
            for seed in 0..5 {
                let p = plan(seed);
                assert_eq!(
                    r.render(&p).unwrap(),
                    templates.render(&p, Target::Text).unwrap()
                );
            }
        }
    }

    #[test]
    fn markdown_keeps_a_kinds_own_blocks() {
        let templates = Templates::builtin();
        let md = templates
            .render(&plan_of("symposium", 1), Target::Markdown)
            .unwrap();
        assert!(md.contains("谢谢大家！") && md.contains("## 一、"), "{md}");
        let edited = user(
            "work_meeting.tera",
            "{% extends \"base.tera\" %}{% block closing %}完{% endblock closing %}",
        );
        let md = edited.render(&plan(1), Target::Markdown).unwrap();
        assert!(md.ends_with('完') && md.starts_with("# "), "{md}");
    }

    #[test]
    fn a_syntax_error_names_the_file_line_and_column() {
        let templates = user("study.tera", "第一行\n第二行{% if title %}没有结束");
        let e = Renderer::new(&templates, Kind::Study, Target::Text).unwrap_err();
        assert_eq!(e.file.as_deref(), Some("my/study.tera"));
        assert_eq!(e.line, Some(2));
        assert!(e.column.is_some(), "{e}");
    }

    #[test]
    fn an_error_in_a_kinds_template_is_reported_there_not_in_base() {
        let templates = user(
            "work_meeting.tera",
            "{% extends \"base.tera\" %}\n{% block closing %}{{ closing | nosuchfilter }}{% endblock closing %}",
        );
        let e = Renderer::new(&templates, Kind::WorkMeeting, Target::Text)
            .and_then(|mut r| r.render(&plan(1)))
            .unwrap_err();
        assert_eq!(e.file.as_deref(), Some("my/work_meeting.tera"), "{e}");
    }

    #[test]
    fn a_broken_template_that_no_draft_uses_breaks_nothing() {
        let templates = user("notes.tera", "{% if %}");
        assert!(templates.render(&plan(1), Target::Text).is_ok());
    }

    #[test]
    fn a_runaway_template_ends_in_an_error() {
        let templates = user(
            "work_meeting.tera",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{{ title }}{% endfor %}{% endfor %}",
        );
        let e = templates
            .render(&plan(1), Target::Text)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("my/work_meeting.tera") && e.contains("runaway"),
            "{e}"
        );
    }

    #[test]
    fn nested_loops_that_print_nothing_end_in_an_error() {
        let templates = user(
            "work_meeting.tera",
            "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
        );
        let e = templates
            .render(&plan(1), Target::Text)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("my/work_meeting.tera") && e.contains("range"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_template_lists_the_known_ones() {
        let templates = Templates::with_overrides(Vec::new());
        let mut sources = templates.sources;
        sources.remove("study.tera");
        let templates = Templates { sources };
        let e = Renderer::new(&templates, Kind::Study, Target::Text)
            .unwrap_err()
            .to_string();
        assert!(e.contains("work_meeting.tera"), "{e}");
    }
}
