//! Patterns: a rule's text as pieces (literal text, `{{ slot }}`, `{a|b}` alternatives), their
//! slots, and their expansions.

use super::role::LEAD_SLOTS;

/// A piece of a pattern.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Piece {
    /// Literal text.
    Text(String),
    /// A named slot.
    Slot(String),
    /// Alternatives, one chosen per use.
    Alt(Vec<String>),
}

/// Most alternatives in one `{…}`, and most choice points in one pattern: a pattern is a
/// sentence, not a grammar.
const MAX_OPTIONS: usize = 12;
const MAX_CHOICES: usize = 24;

/// The distinct slots of a pattern's pieces, in order of first use.
pub(super) fn slots_in(pieces: &[Piece]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for p in pieces {
        match p {
            Piece::Slot(s) => {
                if !out.contains(s) {
                    out.push(s.clone());
                }
            }
            Piece::Alt(options) => {
                for o in options {
                    for s in slots_in(&parse_pattern(o).unwrap_or_default()) {
                        if !out.contains(&s) {
                            out.push(s);
                        }
                    }
                }
            }
            Piece::Text(_) => {}
        }
    }
    out
}

/// The distinct slots of a pattern (none if it does not parse).
pub fn slots_of(text: &str) -> Vec<String> {
    parse_pattern(text)
        .map(|p| slots_in(&p))
        .unwrap_or_default()
}

/// Splits a pattern into text, `{{ slot }}` and `{a|b}` pieces.
pub fn parse_pattern(text: &str) -> Result<Vec<Piece>, String> {
    let mut pieces = Vec::new();
    let mut rest = text;
    let mut choices = 0;
    while let Some(open) = rest.find('{') {
        if open > 0 {
            push_text(&mut pieces, &rest[..open]);
        }
        if let Some(after) = rest[open..].strip_prefix("{{") {
            let close = after
                .find("}}")
                .ok_or_else(|| "a `{{` is never closed with `}}`".to_owned())?;
            let name = after[..close].trim();
            if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
                return Err(format!("`{{{{{}}}}}` is not a slot name", &after[..close]));
            }
            pieces.push(Piece::Slot(name.to_owned()));
            rest = &after[close + 2..];
        } else {
            let after = &rest[open + 1..];
            // The closing `}`: the first single one (a `{{ slot }}` inside an option is skipped).
            let mut close = None;
            let mut k = 0;
            while k < after.len() {
                if after[k..].starts_with("{{") {
                    k += after[k..].find("}}").map_or(after.len() - k, |e| e + 2);
                } else if after[k..].starts_with('{') {
                    return Err("alternatives `{a|b}` cannot nest".into());
                } else if after[k..].starts_with('}') {
                    close = Some(k);
                    break;
                } else {
                    k += after[k..].chars().next().map_or(1, char::len_utf8);
                }
            }
            let close = close.ok_or_else(|| "a `{` is never closed with `}`".to_owned())?;
            let inner = &after[..close];
            let options: Vec<String> = inner.split('|').map(str::to_owned).collect();
            if options.len() < 2 || options.iter().any(|o| o.trim().is_empty()) {
                return Err(format!(
                    "`{{{inner}}}`: alternatives are written {{a|b}}, two or more, none empty"
                ));
            }
            if options.len() > MAX_OPTIONS {
                return Err(format!("`{{{inner}}}`: at most {MAX_OPTIONS} alternatives"));
            }
            for o in &options {
                for slot in slots_in(&parse_pattern(o)?) {
                    if LEAD_SLOTS.contains(&slot.as_str()) || slot == "heading" {
                        return Err(format!(
                            "`{{{{ {slot} }}}}` inside alternatives: only the outline's slots \
                             (meeting, topic …) may stand there"
                        ));
                    }
                }
            }
            choices += 1;
            if choices > MAX_CHOICES {
                return Err(format!(
                    "at most {MAX_CHOICES} `{{a|b}}` choices in one pattern"
                ));
            }
            pieces.push(Piece::Alt(options));
            rest = &after[close + 1..];
        }
    }
    if rest.contains('}') {
        return Err("a `}` has no `{`".into());
    }
    if rest.contains('|') && pieces.iter().any(|p| matches!(p, Piece::Alt(_))) {
        return Err("a `|` outside `{…}`".into());
    }
    if !rest.is_empty() {
        push_text(&mut pieces, rest);
    }
    Ok(pieces)
}

/// Appends text, joining it to a text piece before it.
pub fn push_text(pieces: &mut Vec<Piece>, text: &str) {
    if let Some(Piece::Text(last)) = pieces.last_mut() {
        last.push_str(text);
    } else {
        pieces.push(Piece::Text(text.to_owned()));
    }
}

/// A pattern's text with its first alternative taken and its slots left out: what it says
/// when read, for checks on content.
pub fn plain_text(pieces: &[Piece]) -> String {
    let mut s = String::new();
    for p in pieces {
        match p {
            Piece::Text(t) => s.push_str(t),
            Piece::Alt(o) => s.push_str(&o[0]),
            Piece::Slot(_) => {}
        }
    }
    s
}

/// Every text a pattern can give, slots left out, at most `limit` of them.
pub fn expansions(pieces: &[Piece], limit: usize) -> Vec<String> {
    let mut out = vec![String::new()];
    for p in pieces {
        match p {
            Piece::Text(t) => out.iter_mut().for_each(|s| s.push_str(t)),
            Piece::Slot(_) => {}
            Piece::Alt(options) => {
                let mut next = Vec::new();
                'grow: for s in &out {
                    for o in options {
                        next.push(format!("{s}{o}"));
                        if next.len() >= limit {
                            break 'grow;
                        }
                    }
                }
                out = next;
            }
        }
    }
    out
}
