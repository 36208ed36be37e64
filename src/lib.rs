//! speechgen: read Chinese official speeches (讲话稿) into their skeleton, mine their phrases,
//! and draft new ones.
//!
//! The pipeline, one module per stage:
//! bytes → [`decode`] (or [`docx`] for Word files) → [`input`] (HTML, Markdown, CSV → text)
//! → [`normalize`] → [`grammar`] (pest, builds the [`model`])
//! → [`mine`] (→ [`rules`]) → [`plan`] ([`outline`] + rules + seed; [`numbering`])
//! → [`render`] (Tera templates) → [`output`] (text, Markdown, JSON; [`docx`] for Word).
//! What a draft says is decided by the speech's [`field`] (its domain and lexicon), each
//! section's [`function`] (review, tasks …) and each item's [`lead`] (a claim or a directive);
//! [`quality`] measures how well drafts keep to them.
//! The CLI ([`cli`], [`cmd`]) is a thin layer on top; it is the only code that touches files.

// pest_derive without its `std` feature (see Cargo.toml) names `alloc` in generated code.
extern crate alloc;

// The library's API: the model of a speech, outlines, rules, plans, rendering, diagnostics,
// and the measures of quality; the types they use come with them.
pub mod batch;
pub mod diag;
pub mod docx;
pub mod field;
pub mod function;
pub mod mine;
pub mod model;
pub mod numbering;
pub mod outline;
pub mod plan;
pub mod quality;
pub mod render;
pub mod rules;

// Stages behind `parse_bytes` and the plan, not API.
pub(crate) mod decode;
pub(crate) mod grammar;
pub(crate) mod input;
pub(crate) mod lead;
pub(crate) mod lexicon;
pub(crate) mod normalize;
pub(crate) mod output;

// The command line, for the binary alone.
#[doc(hidden)]
pub mod cli;
#[doc(hidden)]
pub mod cmd;

pub use diag::{Diagnostic, Error};
pub use field::{Field, Inference};
pub use function::Function;
pub use grammar::{ExplainedLine, LineKind};
pub use input::Format;
pub use mine::{merge, Miner};
pub use model::{Block, Collection, Document, Enumeration, Item, Section, Speech};
pub use numbering::Style;
pub use outline::{Kind, Outline};
pub use plan::{Plan, PlanOptions};
pub use render::{Target, Templates};
pub use rules::{Role, Rule, RuleSet};

/// Stage by stage access for benchmarks and tests; not API, may change at any time.
#[doc(hidden)]
pub mod stages {
    pub use crate::grammar::parse_unhinted as grammar;
    pub use crate::input::extract;
    pub use crate::lead::read as read_lead;
    pub use crate::normalize::normalize;
    pub use crate::output::char_count;
}

/// Drafts speeches from one outline: the outline, rules and templates prepared once, then
/// one draft per seed (the pipeline's plan → render stages).
pub struct Drafter {
    planner: plan::Planner,
    renderer: render::Renderer,
}

impl Drafter {
    /// Prepares an outline for drafting (the length asked for, refilling a parsed speech)
    /// and compiles its kind's template for the output.
    pub fn new(
        outline: &outline::Outline,
        rules: &rules::RuleSet,
        templates: &render::Templates,
        options: plan::PlanOptions,
        output: render::Target,
    ) -> Result<Drafter, diag::Diagnostic> {
        Ok(Drafter {
            planner: plan::Planner::new(outline, rules, options),
            renderer: render::Renderer::new(templates, outline.kind(), output)?,
        })
    }

    /// The field the drafts are in, and why.
    pub fn field(&self) -> &field::Inference {
        self.planner.field()
    }

    /// The plan and text of the draft for one seed.
    pub fn draft(&mut self, seed: u64) -> Result<(plan::Plan, String), diag::Diagnostic> {
        let plan = self.planner.plan(seed);
        let text = self.renderer.render(&plan)?;
        Ok((plan, text))
    }
}

/// Parses the bytes of one file into a [`Document`]: decode, read the format its content
/// shows (HTML, Markdown, CSV or text), normalize, grammar, model. Bytes that are not text
/// (empty, binary, UTF-16 without its mark) and containers the tool does not read (subtitles,
/// program source) are a [`Diagnostic`] saying so.
pub fn parse_bytes(source: &str, bytes: &[u8]) -> Result<Document, Diagnostic> {
    parse_bytes_as(source, bytes, None)
}

/// [`parse_bytes`], with the input format given (`Some`) rather than detected.
pub fn parse_bytes_as(
    source: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Document, Diagnostic> {
    let (text, format) = text_of(bytes, format)?;
    parse_as(source, &text, format)
}

/// The text of a file's bytes and the format to read it as: a Word document's paragraphs
/// (when asked for, or when the bytes are a Word container), else the decoded text and
/// `format` (`None`: detect it).
fn text_of(bytes: &[u8], format: Option<Format>) -> Result<(String, Option<Format>), Diagnostic> {
    if format == Some(Format::Docx) || (format.is_none() && docx::is_word_container(bytes)) {
        return Ok((docx::docx_text(bytes)?, Some(Format::Docx)));
    }
    let text = decode::decode(bytes).map_err(|e| Diagnostic::new(e.to_string()))?;
    Ok((text.text, format))
}

/// Parses decoded text as `format`, or as the format its content shows (`None`); `source`
/// names the file (its extension breaks a tie between formats).
pub fn parse_as(source: &str, text: &str, format: Option<Format>) -> Result<Document, Diagnostic> {
    let extracted =
        input::extract(text, format, source).map_err(|e| Diagnostic::new(e.to_string()))?;
    let normalized = normalize::normalize(&extracted.text);
    let hints = grammar::Hints {
        title: extracted.meta.title,
    };
    Ok(grammar::parse(source, &normalized, &hints))
}

/// What each line of a speech file became in its parse: the answer of `speechgen parse
/// --explain`.
#[derive(Debug, Clone)]
pub struct Explanation {
    /// The format the file was read as.
    pub format: Format,
    /// The title the container gives (a page's `<title>`, a post's front matter), which
    /// the parse uses when the text's own title block has none.
    pub title_hint: Option<String>,
    /// Every line of the normalized text, in order.
    pub lines: Vec<ExplainedLine>,
}

/// The most normalized text `--explain` looks at (about 7 s on one core).
pub const EXPLAIN_LIMIT: usize = 4_000_000;

/// Explains the parse of a file's bytes, read as `format` or as its content shows (`None`).
pub fn explain_bytes_as(
    source: &str,
    bytes: &[u8],
    format: Option<Format>,
) -> Result<Explanation, Diagnostic> {
    let (text, format) = text_of(bytes, format)?;
    let extracted =
        input::extract(&text, format, source).map_err(|e| Diagnostic::new(e.to_string()))?;
    let normalized = normalize::normalize(&extracted.text);
    if normalized.text.len() > EXPLAIN_LIMIT {
        return Err(Diagnostic::new(format!(
            "--explain shows at most {} MB of text and this file has {:.1} MB: cut out the part \
             to look at (the explanation of each line looks through its whole speech)",
            EXPLAIN_LIMIT / 1_000_000,
            normalized.text.len() as f64 / 1e6
        )));
    }
    let hints = grammar::Hints {
        title: extracted.meta.title,
    };
    Ok(Explanation {
        format: extracted.format,
        lines: grammar::explain(source, &normalized, &hints),
        title_hint: hints.title,
    })
}

/// Parses already-decoded plain text into a [`Document`]. Never fails: text without
/// structure becomes one speech of paragraphs.
pub fn parse_str(source: &str, text: &str) -> Document {
    let normalized = normalize::normalize(text);
    grammar::parse_unhinted(source, &normalized)
}
