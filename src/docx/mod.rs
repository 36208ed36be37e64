//! Word in and out. Owns the .docx: writing a draft in the official layout ([`style`] after
//! GB/T 9704-2012, [`layout`] of roles and runs from the draft's spans, [`write`] with
//! docx-rs), and reading a .docx as the text a reader sees ([`read`], for `parse` and
//! `mine`).

// The API: the style, and drafts to .docx and .docx to text (below); the stages behind them
// are the crate's.
pub(crate) mod layout;
pub(crate) mod read;
pub mod style;
pub(crate) mod write;

pub use read::{sniff, Container};
pub use style::Style;

use crate::batch::spans::Spans;
use crate::diag::Diagnostic;
use crate::plan::Plan;

/// A draft as .docx bytes: `text` is the plain-text draft rendered from `plan`.
pub fn draft_to_docx(plan: &Plan, text: &str, style: &Style) -> Result<Vec<u8>, Diagnostic> {
    let (spans, _) = crate::batch::spans::locate(plan, text);
    text_to_docx(text, &spans, style)
}

/// A plain-text draft as .docx bytes, its parts found at `spans`.
pub fn text_to_docx(text: &str, spans: &Spans, style: &Style) -> Result<Vec<u8>, Diagnostic> {
    let (width_mm, _) = style.text_block_mm();
    let title_chars = (width_mm / (style.fonts.title.size.0 * 25.4 / 72.0)).floor() as usize;
    let paragraphs = layout::lay_out(
        text,
        spans,
        title_chars,
        style.bold_leads,
        style.placeholder_highlight != "none",
    );
    write::to_docx(&paragraphs, style)
}

/// Whether bytes are a Word container (a zip or an OLE compound file) rather than text.
pub fn is_word_container(bytes: &[u8]) -> bool {
    sniff(bytes).is_some()
}

/// The text of a .docx (paragraphs one a line), or what is wrong with it.
pub fn docx_text(bytes: &[u8]) -> Result<String, Diagnostic> {
    read::read(bytes)
}
