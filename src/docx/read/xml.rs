//! Walking an XML part of a package: events by local name (prefixes and Strict OOXML's
//! namespaces alike), entities resolved, nesting bounded; malformed XML is a diagnostic
//! naming the part and the byte.

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::RESAVE;
use crate::diag::Diagnostic;

/// The deepest XML nesting read.
const MAX_DEPTH: usize = 512;

/// An event of [`walk`]: an element opened, closed or empty, or text.
pub(super) enum Tag<'a, 'b> {
    Open(&'b BytesStart<'a>),
    Close(&'b [u8]),
    Empty(&'b BytesStart<'a>),
    Text(&'b str),
}

/// Walks an XML part, calling `f` with every event and the depth; malformed XML is an error
/// naming the part and the byte.
pub(super) fn walk(
    xml: &[u8],
    part: &str,
    mut f: impl FnMut(Tag<'_, '_>, usize),
) -> Result<(), Diagnostic> {
    let mut reader = Reader::from_reader(xml);
    let mut depth = 0usize;
    let bad = |at: u64, e: &dyn std::fmt::Display| {
        Diagnostic::new(format!(
            "its {part} part is not well-formed XML at byte {at} ({e})"
        ))
        .hint(RESAVE)
    };
    loop {
        let at = reader.buffer_position();
        match reader.read_event() {
            Ok(Event::Start(e)) => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Err(bad(at, &format!("nested deeper than {MAX_DEPTH}")));
                }
                f(Tag::Open(&e), depth);
            }
            Ok(Event::End(e)) => {
                f(Tag::Close(e.local_name().as_ref()), depth);
                depth = depth.saturating_sub(1);
            }
            Ok(Event::Empty(e)) => f(Tag::Empty(&e), depth),
            Ok(Event::Text(t)) => {
                let text = t.xml10_content().map_err(|e| bad(at, &e))?;
                f(Tag::Text(&text), depth);
            }
            Ok(Event::CData(t)) => {
                let text = t.decode().map_err(|e| bad(at, &e))?;
                f(Tag::Text(&text), depth);
            }
            Ok(Event::GeneralRef(r)) => {
                let c = match r.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    Ok(None) => {
                        let name = r.decode().map_err(|e| bad(at, &e))?;
                        quick_xml::escape::resolve_predefined_entity(&name)
                            .ok_or_else(|| bad(at, &format!("unknown entity &{name};")))?
                            .to_owned()
                    }
                    Err(e) => return Err(bad(at, &e)),
                };
                f(Tag::Text(&c), depth);
            }
            Ok(Event::Eof) => return Ok(()),
            Ok(_) => {}
            Err(e) => return Err(bad(reader.error_position(), &e)),
        }
    }
}

/// An attribute's value by its local name (w:val → val).
pub(super) fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local).then(|| {
            match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
                Ok(v) => v.into_owned(),
                Err(_) => String::from_utf8_lossy(&a.value).into_owned(),
            }
        })
    })
}

pub(super) fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, b"val")
}

/// Whether a toggle property (w:b) is on: no value, or a true one.
pub(super) fn on(e: &BytesStart<'_>) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}
