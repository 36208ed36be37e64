//! speechgen: read Chinese official speeches (讲话稿) into their skeleton, mine their phrases,
//! and draft new ones.
//!
//! The pipeline, one module per stage:
//! bytes → [`decode`] → [`normalize`] → [`grammar`] (pest, builds the [`model`])
//! → [`mine`] (→ [`rules`]) → [`plan`] ([`outline`] + rules + seed; [`numbering`])
//! → [`render`] (Tera templates) → [`output`].
//! What a draft says is decided by the speech's [`field`] (its domain and lexicon), each
//! section's [`function`] (review, tasks …) and each item's [`lead`] (a claim or a directive);
//! [`quality`] measures how well drafts keep to them.
//! The CLI ([`cli`], [`cmd`]) is a thin layer on top; it is the only code that touches files.

// pest_derive without its `std` feature (see Cargo.toml) names `alloc` in generated code.
extern crate alloc;

pub mod cli;
pub mod cmd;
pub mod decode;
pub mod diag;
pub mod field;
pub mod function;
pub mod grammar;
pub mod lead;
pub mod lexicon;
pub mod mine;
pub mod model;
pub mod normalize;
pub mod numbering;
pub mod outline;
pub mod output;
pub mod plan;
pub mod quality;
pub mod render;
pub mod rules;

pub use model::{Block, Collection, Document, Enumeration, Item, Section, Speech};

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

/// Parses the bytes of one file into a [`Document`]: decode, normalize, grammar, model.
pub fn parse_bytes(source: &str, bytes: &[u8]) -> Result<Document, decode::DecodeError> {
    let text = decode::decode(bytes)?;
    Ok(parse_str(source, &text.text))
}

/// Parses already-decoded text into a [`Document`]. Never fails: text without structure
/// becomes one speech of paragraphs.
pub fn parse_str(source: &str, text: &str) -> Document {
    let normalized = normalize::normalize(text);
    grammar::parse(source, &normalized)
}
