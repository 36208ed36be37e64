//! speechgen: read Chinese official speeches (讲话稿) into their skeleton, mine their phrases,
//! and draft new ones.
//!
//! The pipeline, one module per stage:
//! bytes → [`decode`] → [`normalize`] → [`grammar`] (pest, builds the [`model`]) → output.
//! The CLI ([`cli`], [`cmd`]) is a thin layer on top; it is the only code that touches files.

// pest_derive without its `std` feature (see Cargo.toml) names `alloc` in generated code.
extern crate alloc;

pub mod cli;
pub mod cmd;
pub mod decode;
pub mod grammar;
pub mod model;
pub mod normalize;

pub use model::{Block, Collection, Document, Enumeration, Item, Section, Speech};

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
