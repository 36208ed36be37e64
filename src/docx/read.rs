//! Reading a .docx as the text a reader sees: the main document's paragraphs in order, one a
//! line; the numbers Word generates for lists written out (一、, （一）, 1.); tracked changes
//! taken as accepted (insertions kept, deletions and moved-away text dropped); tables, text
//! boxes, headers, footers, footnotes and field codes left out. Every part is read through a
//! size limit, so a zip bomb is refused rather than inflated.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use zip::result::ZipError;
use zip::ZipArchive;

use crate::diag::Diagnostic;
use crate::input::EMPHASIS;

/// The most any one part of a .docx may inflate to (the document part of a 1,000-page
/// speech collection is about 20 MB).
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// The most entries a .docx may hold.
pub const MAX_ENTRIES: usize = 20_000;
/// The deepest XML nesting read.
const MAX_DEPTH: usize = 512;

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Container {
    /// A zip archive (.docx, and also .odt, .xlsx, .epub …).
    Zip,
    /// An OLE compound file: a Word 97–2003 .doc, or a password-protected .docx.
    Compound,
}

/// The container a file's bytes begin with, if any.
pub fn sniff(bytes: &[u8]) -> Option<Container> {
    if bytes.starts_with(b"PK\x03\x04") || bytes.starts_with(b"PK\x05\x06") {
        Some(Container::Zip)
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        Some(Container::Compound)
    } else {
        None
    }
}

const RESAVE: &str = "open it in Word (or LibreOffice) and save it again as a .docx";

/// The text of a Word document: paragraphs one a line.
pub fn read(bytes: &[u8]) -> Result<String, Diagnostic> {
    if sniff(bytes) == Some(Container::Compound) {
        return Err(compound(bytes));
    }
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| {
        Diagnostic::new(format!(
            "it is a damaged zip archive ({e}), not a readable .docx"
        ))
        .hint(RESAVE)
    })?;
    if zip.len() > MAX_ENTRIES {
        return Err(Diagnostic::new(format!(
            "it is a zip archive of {} entries; a .docx holds a few dozen",
            zip.len()
        )));
    }
    let main = main_part(&mut zip)?;
    let Some(document) = part(&mut zip, &main)? else {
        return Err(not_word(&zip));
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d);
    let rels = part(&mut zip, &format!("{dir}/_rels/{}.rels", file_name(&main)))?
        .map(|r| relationships(&r, dir))
        .transpose()?
        .unwrap_or_default();
    let target = |kind: &str, fallback: &str| {
        rels.iter()
            .find(|(t, _)| t.ends_with(kind))
            .map_or_else(|| format!("{dir}/{fallback}"), |(_, p)| p.clone())
    };
    let numbering = match part(&mut zip, &target("/numbering", "numbering.xml"))? {
        Some(xml) => Numbering::read(&xml)?,
        None => Numbering::default(),
    };
    let styles = match part(&mut zip, &target("/styles", "styles.xml"))? {
        Some(xml) => ParagraphStyles::read(&xml)?,
        None => ParagraphStyles::default(),
    };
    Walk::new(&numbering, &styles).run(&document, &main)
}

/// A compound file: a password-protected .docx (its package encrypted inside) or an old .doc.
fn compound(bytes: &[u8]) -> Diagnostic {
    let marker: Vec<u8> = "EncryptedPackage"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    if bytes.windows(marker.len()).any(|w| w == marker) {
        Diagnostic::new("it is a password-protected Word document").hint(
            "open it in Word, remove the password (File › Info › Protect Document › Encrypt with \
             Password, empty), save it, and try again",
        )
    } else {
        Diagnostic::new(
            "it is a Word 97–2003 document (.doc) or another old Office file, not a .docx",
        )
        .hint("save it as .docx in Word, or: soffice --headless --convert-to docx FILE")
    }
}

/// What a zip that is not a Word document is, as far as its entries tell.
fn not_word<R: Read + std::io::Seek>(zip: &ZipArchive<R>) -> Diagnostic {
    let has = |name: &str| zip.index_for_name(name).is_some();
    let what = if has("content.xml") && has("mimetype") {
        "an OpenDocument file (.odt or another), not a .docx"
    } else if has("xl/workbook.xml") {
        "an Excel workbook, not a Word document"
    } else if has("ppt/presentation.xml") {
        "a PowerPoint presentation, not a Word document"
    } else if has("META-INF/container.xml") {
        "an EPUB book, not a Word document"
    } else {
        "a zip archive, not a Word document (it holds no word/document.xml)"
    };
    Diagnostic::new(format!("it is {what}"))
        .hint("save the speech as .docx or plain text, or unpack the archive first")
}

/// The main document part, from the package's relationships (word/document.xml by default).
fn main_part<R: Read + std::io::Seek>(zip: &mut ZipArchive<R>) -> Result<String, Diagnostic> {
    let rels = match part(zip, "_rels/.rels")? {
        Some(r) => relationships(&r, "")?,
        None => Vec::new(),
    };
    Ok(rels
        .into_iter()
        .find(|(t, _)| t.ends_with("/officeDocument"))
        .map_or_else(|| "word/document.xml".to_owned(), |(_, p)| p))
}

fn file_name(path: &str) -> &str {
    path.rsplit_once('/').map_or(path, |(_, f)| f)
}

/// A part's bytes, or `None` when the archive has no such entry; refused when encrypted or
/// when it inflates past [`MAX_PART_BYTES`].
fn part<R: Read + std::io::Seek>(
    zip: &mut ZipArchive<R>,
    name: &str,
) -> Result<Option<Vec<u8>>, Diagnostic> {
    let name = name.trim_start_matches('/');
    let file = match zip.by_name(name) {
        Ok(f) => f,
        Err(ZipError::FileNotFound) => return Ok(None),
        Err(ZipError::UnsupportedArchive(m)) if m == ZipError::PASSWORD_REQUIRED => {
            return Err(Diagnostic::new(format!(
                "its part {name} is encrypted (a password-protected zip)"
            ))
            .hint("remove the password and save it again as a .docx"))
        }
        Err(e) => {
            return Err(
                Diagnostic::new(format!("its part {name} cannot be read ({e})")).hint(RESAVE),
            )
        }
    };
    let too_big = |size: u64| {
        Diagnostic::new(format!(
            "its part {name} inflates to more than {} MB ({} MB declared); a speech needs far \
             less, so it is refused (a damaged file or a zip bomb)",
            MAX_PART_BYTES >> 20,
            size >> 20
        ))
    };
    if file.size() > MAX_PART_BYTES {
        return Err(too_big(file.size()));
    }
    let mut out = Vec::with_capacity(file.size().min(MAX_PART_BYTES) as usize);
    file.take(MAX_PART_BYTES + 1)
        .read_to_end(&mut out)
        .map_err(|e| Diagnostic::new(format!("its part {name} is damaged ({e})")).hint(RESAVE))?;
    if out.len() as u64 > MAX_PART_BYTES {
        return Err(too_big(out.len() as u64));
    }
    Ok(Some(out))
}

/// The relationships of a part: (type, target path in the archive).
fn relationships(xml: &[u8], dir: &str) -> Result<Vec<(String, String)>, Diagnostic> {
    let mut out = Vec::new();
    walk(xml, "relationships", |ev, _| {
        if let Tag::Open(e) | Tag::Empty(e) = ev {
            if e.local_name().as_ref() == b"Relationship"
                && attr(e, b"TargetMode").as_deref() != Some("External")
            {
                if let (Some(t), Some(target)) = (attr(e, b"Type"), attr(e, b"Target")) {
                    out.push((t, resolve(dir, &target)));
                }
            }
        }
    })?;
    Ok(out)
}

/// A relationship's target, relative to `dir` (or absolute), as an archive path.
fn resolve(dir: &str, target: &str) -> String {
    let mut parts: Vec<&str> = if target.starts_with('/') {
        Vec::new()
    } else {
        dir.split('/').filter(|p| !p.is_empty()).collect()
    };
    for p in target.split('/') {
        match p {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// An event of [`walk`]: an element opened, closed or empty, or text.
enum Tag<'a, 'b> {
    Open(&'b BytesStart<'a>),
    Close(&'b [u8]),
    Empty(&'b BytesStart<'a>),
    Text(&'b str),
}

/// Walks an XML part, calling `f` with every event and the depth; malformed XML is an error
/// naming the part and the byte.
fn walk(xml: &[u8], part: &str, mut f: impl FnMut(Tag<'_, '_>, usize)) -> Result<(), Diagnostic> {
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
fn attr(e: &BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().with_checks(false).flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

fn val(e: &BytesStart<'_>) -> Option<String> {
    attr(e, b"val")
}

/// A level of a list: its start, number format, text (`%1、`) and what follows the number.
#[derive(Debug, Clone, Default)]
struct Level {
    start: Option<u32>,
    format: String,
    text: String,
    suffix: String,
    legal: bool,
}

/// A list instance's overrides of its definition, by level: a new start, or a new level.
type Overrides = HashMap<usize, (Option<u32>, Option<Level>)>;

/// The lists a document defines: abstract definitions, and instances that use them.
#[derive(Debug, Default)]
struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, its overrides).
    nums: HashMap<String, (String, Overrides)>,
}

impl Numbering {
    fn read(xml: &[u8]) -> Result<Numbering, Diagnostic> {
        let mut n = Numbering::default();
        let mut abstract_id: Option<String> = None;
        let mut num_id: Option<String> = None;
        let mut level: Option<(usize, Level)> = None;
        let mut override_level: Option<usize> = None;
        walk(xml, "numbering", |ev, _| match ev {
            Tag::Open(e) | Tag::Empty(e) => {
                let empty = matches!(ev, Tag::Empty(_));
                match e.local_name().as_ref() {
                    b"abstractNum" => abstract_id = attr(e, b"abstractNumId"),
                    b"num" => {
                        num_id = attr(e, b"numId");
                        if let Some(id) = &num_id {
                            n.nums.entry(id.clone()).or_default();
                        }
                    }
                    b"abstractNumId" => {
                        if let (Some(id), Some(v)) = (&num_id, val(e)) {
                            n.nums.entry(id.clone()).or_default().0 = v;
                        }
                    }
                    b"lvlOverride" => {
                        override_level = attr(e, b"ilvl").and_then(|v| v.parse().ok());
                    }
                    b"startOverride" => {
                        if let (Some(id), Some(l)) = (&num_id, override_level) {
                            let start = val(e).and_then(|v| v.parse().ok());
                            n.nums
                                .entry(id.clone())
                                .or_default()
                                .1
                                .entry(l)
                                .or_default()
                                .0 = start;
                        }
                    }
                    b"lvl" if !empty => {
                        let l = attr(e, b"ilvl").and_then(|v| v.parse().ok()).unwrap_or(0);
                        level = Some((
                            l,
                            Level {
                                format: "decimal".into(),
                                suffix: "tab".into(),
                                ..Level::default()
                            },
                        ));
                    }
                    name => {
                        if let Some((_, lvl)) = &mut level {
                            match name {
                                b"start" => lvl.start = val(e).and_then(|v| v.parse().ok()),
                                b"numFmt" => lvl.format = val(e).unwrap_or_default(),
                                b"lvlText" => lvl.text = val(e).unwrap_or_default(),
                                b"suff" => lvl.suffix = val(e).unwrap_or_default(),
                                b"isLgl" => {
                                    lvl.legal = val(e).is_none_or(|v| v != "0" && v != "false")
                                }
                                _ => {}
                            }
                        }
                    }
                }
            }
            Tag::Close(name) => match name {
                b"lvl" => {
                    if let Some((l, lvl)) = level.take() {
                        if l < 9 {
                            if let Some(id) = &override_level.and(num_id.clone()) {
                                let o = n.nums.entry(id.clone()).or_default();
                                o.1.entry(l).or_default().1 = Some(lvl);
                            } else if let Some(id) = &abstract_id {
                                let levels = n.abstracts.entry(id.clone()).or_default();
                                if levels.len() <= l {
                                    levels.resize(l + 1, Level::default());
                                }
                                levels[l] = lvl;
                            }
                        }
                    }
                }
                b"abstractNum" => abstract_id = None,
                b"num" => num_id = None,
                b"lvlOverride" => override_level = None,
                _ => {}
            },
            Tag::Text(_) => {}
        })?;
        Ok(n)
    }
}

/// What a paragraph style gives a paragraph: list numbering, centring, bold, whether it is a
/// heading (an outline level, or a name such as Heading 1 or 标题 1), its parent style.
#[derive(Debug, Clone, Default)]
struct StyleProps {
    num_id: Option<String>,
    level: Option<usize>,
    centred: Option<bool>,
    bold: Option<bool>,
    heading: Option<bool>,
    based_on: Option<String>,
}

/// Whether a toggle property (w:b) is on: no value, or a true one.
fn on(e: &BytesStart<'_>) -> bool {
    !matches!(val(e).as_deref(), Some("0" | "false" | "off"))
}

/// Whether a style's name is a heading's: Heading 1, Title, 标题 1.
fn heading_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n.starts_with("heading") || n == "title" || n.starts_with("标题")
}

#[derive(Debug, Default)]
struct ParagraphStyles(HashMap<String, StyleProps>);

impl ParagraphStyles {
    fn read(xml: &[u8]) -> Result<ParagraphStyles, Diagnostic> {
        let mut styles = HashMap::new();
        let mut current: Option<(String, StyleProps)> = None;
        let (mut in_ppr, mut in_rpr) = (false, false);
        walk(xml, "styles", |ev, _| match ev {
            Tag::Open(e) | Tag::Empty(e) => match e.local_name().as_ref() {
                b"style" if matches!(ev, Tag::Open(_)) => {
                    current = (attr(e, b"type").as_deref() == Some("paragraph"))
                        .then(|| attr(e, b"styleId"))
                        .flatten()
                        .map(|id| (id, StyleProps::default()));
                }
                b"pPr" => in_ppr = matches!(ev, Tag::Open(_)),
                b"rPr" => in_rpr = matches!(ev, Tag::Open(_)) && !in_ppr,
                b"name" if !in_ppr && !in_rpr => {
                    if let Some((_, s)) = &mut current {
                        if val(e).is_some_and(|n| heading_name(&n)) {
                            s.heading = Some(true);
                        }
                    }
                }
                b"outlineLvl" if in_ppr => {
                    if let Some((_, s)) = &mut current {
                        s.heading = Some(
                            val(e)
                                .and_then(|v| v.parse::<u8>().ok())
                                .is_some_and(|l| l < 9),
                        );
                    }
                }
                b"b" if in_rpr => {
                    if let Some((_, s)) = &mut current {
                        s.bold = Some(on(e));
                    }
                }
                b"basedOn" => {
                    if let Some((_, s)) = &mut current {
                        s.based_on = val(e);
                    }
                }
                b"numId" if in_ppr => {
                    if let Some((_, s)) = &mut current {
                        s.num_id = val(e);
                    }
                }
                b"ilvl" if in_ppr => {
                    if let Some((_, s)) = &mut current {
                        s.level = val(e).and_then(|v| v.parse().ok());
                    }
                }
                b"jc" if in_ppr => {
                    if let Some((_, s)) = &mut current {
                        s.centred = Some(matches!(val(e).as_deref(), Some("center" | "centre")));
                    }
                }
                _ => {}
            },
            Tag::Close(b"pPr") => in_ppr = false,
            Tag::Close(b"rPr") => in_rpr = false,
            Tag::Close(b"style") => {
                if let Some((id, s)) = current.take() {
                    styles.insert(id, s);
                }
            }
            _ => {}
        })?;
        Ok(ParagraphStyles(styles))
    }

    /// A property of a style, or of the style it is based on (at most 16 steps).
    fn lookup<T>(&self, id: &str, get: impl Fn(&StyleProps) -> Option<T>) -> Option<T> {
        let mut id = id;
        for _ in 0..16 {
            let s = self.0.get(id)?;
            if let Some(v) = get(s) {
                return Some(v);
            }
            id = s.based_on.as_deref()?;
        }
        None
    }
}

/// Elements whose content a reader does not see as the speech: tables, deletions, moved-away
/// text, text boxes (and the fallback copy of drawings), earlier formatting of tracked
/// changes, field codes, ruby text.
const SKIPPED: &[&[u8]] = &[
    b"tbl",
    b"del",
    b"moveFrom",
    b"txbxContent",
    b"Fallback",
    b"pPrChange",
    b"rPrChange",
    b"sectPrChange",
    b"tblPrChange",
    b"trPrChange",
    b"tcPrChange",
    b"numberingChange",
    b"instrText",
    b"delInstrText",
    b"rt",
    b"footnote",
    b"endnote",
    b"comment",
];

/// The walk of the document part: paragraphs, their numbering, their text.
struct Walk<'a> {
    numbering: &'a Numbering,
    styles: &'a ParagraphStyles,
    /// Counters of each list (by abstract definition, or by instance when it restarts).
    counters: HashMap<String, [Option<u32>; 9]>,
    lines: Vec<String>,
    /// Text of a paragraph whose mark was deleted: it runs on into the next.
    carry: String,
    text: String,
    num_id: Option<String>,
    level: Option<usize>,
    style: Option<String>,
    centred: Option<bool>,
    /// An outline level on the paragraph itself.
    outline: bool,
    mark_deleted: bool,
    in_ppr: bool,
    in_ppr_rpr: bool,
    in_run_rpr: bool,
    in_t: bool,
    /// The run being read: bold set on it, and whether it has text.
    run_bold: Option<bool>,
    run_text: bool,
    /// Runs of the paragraph with text (bold runs below), and whether their bold is known.
    text_runs: usize,
    bold_runs: usize,
}

impl<'a> Walk<'a> {
    fn new(numbering: &'a Numbering, styles: &'a ParagraphStyles) -> Walk<'a> {
        Walk {
            numbering,
            styles,
            counters: HashMap::new(),
            lines: Vec::new(),
            carry: String::new(),
            text: String::new(),
            num_id: None,
            level: None,
            style: None,
            centred: None,
            outline: false,
            mark_deleted: false,
            in_ppr: false,
            in_ppr_rpr: false,
            in_run_rpr: false,
            in_t: false,
            run_bold: None,
            run_text: false,
            text_runs: 0,
            bold_runs: 0,
        }
    }

    fn run(mut self, xml: &[u8], part: &str) -> Result<String, Diagnostic> {
        // Open elements: whether each is skipped; `skip` counts the skipped ones open.
        let mut open: Vec<bool> = Vec::new();
        let mut skip = 0usize;
        walk(xml, part, |ev, _| match ev {
            Tag::Open(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                let skipped = SKIPPED.contains(&name);
                if skipped && self.in_ppr_rpr && name == b"del" {
                    self.mark_deleted = true;
                }
                open.push(skipped);
                if skipped {
                    skip += 1;
                } else if skip == 0 {
                    self.open(e);
                }
            }
            Tag::Close(name) => {
                if open.pop() == Some(true) {
                    skip -= 1;
                } else if skip == 0 {
                    self.close(name);
                }
            }
            Tag::Empty(e) if skip == 0 => self.empty(e),
            Tag::Text(t) if skip == 0 && self.in_t => {
                // The reader's own mark for set-apart lines is no text of the document's.
                self.text.extend(t.chars().filter(|&c| c != EMPHASIS));
                self.run_text |= t.chars().any(|c| !c.is_whitespace());
            }
            _ => {}
        })?;
        if !self.carry.is_empty() {
            self.lines.push(std::mem::take(&mut self.carry));
        }
        let mut out = self.lines.join("\n");
        out.push('\n');
        Ok(out)
    }

    fn open(&mut self, e: &BytesStart<'_>) {
        match e.local_name().as_ref() {
            b"p" => {
                self.text.clear();
                self.num_id = None;
                self.level = None;
                self.style = None;
                self.centred = None;
                self.outline = false;
                self.mark_deleted = false;
                self.text_runs = 0;
                self.bold_runs = 0;
            }
            b"pPr" => self.in_ppr = true,
            b"rPr" if self.in_ppr => self.in_ppr_rpr = true,
            b"rPr" => self.in_run_rpr = true,
            b"r" => {
                self.run_bold = None;
                self.run_text = false;
            }
            b"t" => self.in_t = true,
            _ => self.empty(e),
        }
    }

    fn close(&mut self, name: &[u8]) {
        match name {
            b"p" => self.end_paragraph(),
            b"pPr" => self.in_ppr = false,
            b"rPr" => {
                self.in_ppr_rpr = false;
                self.in_run_rpr = false;
            }
            b"r" if self.run_text => {
                self.text_runs += 1;
                let style_bold = || self.style_prop(|s| s.bold);
                if self.run_bold.or_else(style_bold).unwrap_or(false) {
                    self.bold_runs += 1;
                }
            }
            b"t" => self.in_t = false,
            _ => {}
        }
    }

    /// A property of the paragraph's style (or the styles it is based on).
    fn style_prop<T>(&self, get: impl Fn(&StyleProps) -> Option<T>) -> Option<T> {
        self.style
            .as_deref()
            .and_then(|s| self.styles.lookup(s, get))
    }

    fn empty(&mut self, e: &BytesStart<'_>) {
        let name = e.local_name();
        if self.in_ppr {
            match name.as_ref() {
                b"numId" => self.num_id = val(e),
                b"ilvl" => self.level = val(e).and_then(|v| v.parse().ok()),
                b"pStyle" => self.style = val(e),
                b"jc" => {
                    self.centred = Some(matches!(val(e).as_deref(), Some("center" | "centre")))
                }
                b"del" if self.in_ppr_rpr => self.mark_deleted = true,
                b"outlineLvl" => {
                    self.outline = val(e)
                        .and_then(|v| v.parse::<u8>().ok())
                        .is_some_and(|l| l < 9)
                }
                _ => {}
            }
            return;
        }
        match name.as_ref() {
            b"b" if self.in_run_rpr => self.run_bold = Some(on(e)),
            b"tab" | b"ptab" => self.text.push('\t'),
            b"br" | b"cr" => self.text.push('\n'),
            b"noBreakHyphen" => self.text.push('-'),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let num_id = self
            .num_id
            .clone()
            .or_else(|| self.style_prop(|s| s.num_id.clone()));
        let level = self.level.or_else(|| self.style_prop(|s| s.level));
        let centred = self.centred.or_else(|| self.style_prop(|s| s.centred));
        let label = match num_id {
            Some(id) if id != "0" => self.label(&id, level.unwrap_or(0).min(8)),
            _ => String::new(),
        };
        // A line break in a centred paragraph (a title over two lines) is layout, not a
        // new line of text.
        let body = if centred == Some(true) {
            self.text.replace('\n', "")
        } else {
            std::mem::take(&mut self.text)
        };
        // A heading (by outline level or style) or a paragraph wholly in bold is set apart,
        // as a web page's headings and bold paragraphs are.
        let heading = self.outline || self.style_prop(|s| s.heading).unwrap_or(false);
        let bold = self.text_runs > 0 && self.bold_runs == self.text_runs;
        let mut line = std::mem::take(&mut self.carry);
        if line.is_empty() && (heading || bold) && !body.trim().is_empty() {
            line.push(EMPHASIS);
        }
        line.push_str(&label);
        line.push_str(&body);
        self.text.clear();
        if self.mark_deleted {
            self.carry = line;
        } else {
            self.lines.push(line);
        }
    }

    /// The number Word shows for a paragraph of list `num_id` at `level`, and advances the
    /// list's counters.
    fn label(&mut self, num_id: &str, level: usize) -> String {
        let Some((abstract_id, overrides)) = self.numbering.nums.get(num_id) else {
            return String::new();
        };
        let Some(levels) = self.numbering.abstracts.get(abstract_id) else {
            return String::new();
        };
        let level_of = |l: usize| -> Option<(Level, Option<u32>)> {
            let over = overrides.get(&l);
            let lvl = over
                .and_then(|(_, lvl)| lvl.clone())
                .or_else(|| levels.get(l).cloned())?;
            let start = over.and_then(|(s, _)| *s).or(lvl.start);
            Some((lvl, start))
        };
        let Some((this, _)) = level_of(level) else {
            return String::new();
        };
        // An instance that restarts a list counts on its own; others continue their list.
        let key = if overrides.is_empty() {
            format!("a{abstract_id}")
        } else {
            format!("n{num_id}")
        };
        let counters = self.counters.entry(key).or_insert([None; 9]);
        let start = level_of(level).and_then(|(_, s)| s).unwrap_or(1);
        counters[level] = Some(counters[level].map_or(start, |n| n.saturating_add(1)));
        for c in counters.iter_mut().skip(level + 1) {
            *c = None;
        }
        if this.format == "bullet" || this.format == "none" {
            return String::new();
        }
        let counters = *counters;
        let mut out = String::new();
        let mut chars = this.text.chars().peekable();
        while let Some(c) = chars.next() {
            match (c, chars.peek().and_then(|d| d.to_digit(10))) {
                ('%', Some(d @ 1..=9)) => {
                    chars.next();
                    let l = d as usize - 1;
                    let (lvl, start) = level_of(l).unwrap_or_default();
                    let n = counters[l].or(start).unwrap_or(1);
                    let format = if this.legal && l < level {
                        "decimal"
                    } else {
                        &lvl.format
                    };
                    out.push_str(&format_number(n, format));
                }
                _ => out.push(c),
            }
        }
        match this.suffix.as_str() {
            "space" => out.push(' '),
            "nothing" => {}
            // A tab after a number that ends in punctuation (一、 1.) reads as nothing.
            _ if out.ends_with(|c: char| c.is_alphanumeric() && c.is_ascii()) => out.push(' '),
            _ => {}
        }
        out
    }
}

/// A list number in one of Word's formats (decimal where the format is unknown).
pub fn format_number(n: u32, format: &str) -> String {
    const STEMS: [char; 10] = ['甲', '乙', '丙', '丁', '戊', '己', '庚', '辛', '壬', '癸'];
    const BRANCHES: [char; 12] = [
        '子', '丑', '寅', '卯', '辰', '巳', '午', '未', '申', '酉', '戌', '亥',
    ];
    const LEGAL: [char; 10] = ['零', '壹', '贰', '叁', '肆', '伍', '陆', '柒', '捌', '玖'];
    let cycle = |set: &[char]| set[(n.max(1) as usize - 1) % set.len()].to_string();
    match format {
        "chineseCounting"
        | "chineseCountingThousand"
        | "japaneseCounting"
        | "taiwaneseCounting"
        | "taiwaneseCountingThousand"
        | "ideographDigital" => crate::numbering::cn_number(n),
        "chineseLegalSimplified" if n < 10 => LEGAL[n as usize].to_string(),
        "chineseLegalSimplified" if n < 100 => crate::numbering::cn_number(n)
            .chars()
            .map(|c| match c {
                '十' => '拾',
                d => "一二三四五六七八九"
                    .chars()
                    .position(|x| x == d)
                    .map_or(d, |i| LEGAL[i + 1]),
            })
            .collect(),
        "ideographTraditional" => cycle(&STEMS),
        "ideographZodiac" => cycle(&BRANCHES),
        "decimalEnclosedCircle" | "decimalEnclosedCircleChinese" if (1..=20).contains(&n) => {
            char::from_u32(0x2460 + n - 1).map_or(n.to_string(), String::from)
        }
        "decimalFullWidth" | "decimalFullWidth2" => n
            .to_string()
            .chars()
            .map(|c| char::from_u32(c as u32 - '0' as u32 + '０' as u32).unwrap_or(c))
            .collect(),
        "decimalZero" if n < 10 => format!("0{n}"),
        "upperRoman" => roman(n),
        "lowerRoman" => roman(n).to_lowercase(),
        "upperLetter" => letters(n),
        "lowerLetter" => letters(n).to_lowercase(),
        _ => n.to_string(),
    }
}

fn roman(mut n: u32) -> String {
    if n == 0 || n >= 4000 {
        return n.to_string();
    }
    let mut out = String::new();
    for (v, s) in [
        (1000, "M"),
        (900, "CM"),
        (500, "D"),
        (400, "CD"),
        (100, "C"),
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ] {
        while n >= v {
            out.push_str(s);
            n -= v;
        }
    }
    out
}

/// Word's letters: A … Z, then AA … ZZ, AAA ….
fn letters(n: u32) -> String {
    let n = n.max(1) - 1;
    let c = char::from(b'A' + (n % 26) as u8);
    std::iter::repeat_n(c, (n / 26) as usize % 100 + 1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_number_formats() {
        assert_eq!(format_number(3, "chineseCounting"), "三");
        assert_eq!(format_number(12, "chineseCounting"), "十二");
        assert_eq!(format_number(2, "ideographTraditional"), "乙");
        assert_eq!(format_number(3, "decimalEnclosedCircle"), "③");
        assert_eq!(format_number(4, "decimalFullWidth"), "４");
        assert_eq!(format_number(14, "upperRoman"), "XIV");
        assert_eq!(format_number(28, "lowerLetter"), "bb");
        assert_eq!(format_number(7, "decimalZero"), "07");
        assert_eq!(format_number(12, "chineseLegalSimplified"), "拾贰");
        assert_eq!(format_number(5, "somethingNew"), "5");
    }

    #[test]
    fn relationship_targets_resolve_in_the_archive() {
        assert_eq!(resolve("word", "numbering.xml"), "word/numbering.xml");
        assert_eq!(resolve("word", "/word/styles.xml"), "word/styles.xml");
        assert_eq!(resolve("word/sub", "../x.xml"), "word/x.xml");
        assert_eq!(resolve("", "word/document.xml"), "word/document.xml");
    }

    /// A .docx of the given parts (names and XML), as a zip writer makes it.
    fn docx_of(parts: &[(&str, &str)]) -> Vec<u8> {
        let mut w = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, xml) in parts {
            w.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
        }
        w.finish().unwrap().into_inner()
    }

    const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main""#;

    fn body(paragraphs: &str) -> String {
        format!("<w:document {W}><w:body>{paragraphs}<w:sectPr/></w:body></w:document>")
    }

    fn p(ppr: &str, text: &str) -> String {
        format!("<w:p><w:pPr>{ppr}</w:pPr><w:r><w:t>{text}</w:t></w:r></w:p>")
    }

    fn num(id: u32, level: u32) -> String {
        format!(r#"<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{id}"/></w:numPr>"#)
    }

    const NUMBERING: &str = r#"<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
      <w:abstractNum w:abstractNumId="7">
        <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
        <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
        <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/><w:suff w:val="space"/></w:lvl>
      </w:abstractNum>
      <w:abstractNum w:abstractNumId="8">
        <w:lvl w:ilvl="0"><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
      </w:abstractNum>
      <w:num w:numId="1"><w:abstractNumId w:val="7"/></w:num>
      <w:num w:numId="2"><w:abstractNumId w:val="7"/><w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>
      <w:num w:numId="3"><w:abstractNumId w:val="8"/></w:num>
    </w:numbering>"#;

    #[test]
    fn word_list_numbers_are_written_out_level_by_level() {
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="H1"><w:pPr>{}</w:pPr></w:style>
               <w:style w:type="paragraph" w:styleId="H1b"><w:basedOn w:val="H1"/></w:style></w:styles>"#,
            num(1, 0)
        );
        let doc = body(
            &[
                p(&num(1, 0), "加强领导"),
                p(&num(1, 1), "压实责任"),
                p(&num(1, 2), "建立台账"),
                p(&num(1, 2), "定期调度"),
                p(&num(1, 1), "强化督查"),
                p(r#"<w:pStyle w:val="H1b"/>"#, "营造氛围"),
                p(&num(3, 0), "要点"),
                p(&num(2, 0), "另起一列"),
                p(r#"<w:numPr><w:numId w:val="0"/></w:numPr>"#, "不编号"),
            ]
            .concat(),
        );
        let bytes = docx_of(&[
            ("word/document.xml", &doc),
            ("word/numbering.xml", NUMBERING),
            ("word/styles.xml", &styles),
        ]);
        assert_eq!(
            read(&bytes).unwrap(),
            "一、加强领导\n（一）压实责任\n1. 建立台账\n2. 定期调度\n（二）强化督查\n二、营造氛围\n要点\n五、另起一列\n不编号\n"
        );
    }

    #[test]
    fn tracked_changes_are_accepted_and_furniture_left_out() {
        let doc = body(concat!(
            "<w:p><w:r><w:t>要</w:t></w:r><w:ins><w:r><w:t>切实</w:t></w:r></w:ins>",
            "<w:del><w:r><w:delText>认真</w:delText></w:r></w:del><w:r><w:t>抓好落实。</w:t></w:r></w:p>",
            "<w:p><w:pPr><w:rPr><w:del w:id=\"1\"/></w:rPr></w:pPr><w:r><w:t>前半句，</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>后半句。</w:t></w:r><w:r><w:fldChar w:fldCharType=\"begin\"/></w:r>",
            "<w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:t>3</w:t></w:r></w:p>",
            "<w:tbl><w:tr><w:tc><w:p><w:r><w:t>表格</w:t></w:r></w:p></w:tc></w:tr></w:tbl>",
            "<w:p><w:r><mc:AlternateContent xmlns:mc=\"m\"><mc:Choice><w:drawing><w:txbxContent>",
            "<w:p><w:r><w:t>文本框</w:t></w:r></w:p></w:txbxContent></w:drawing></mc:Choice>",
            "<mc:Fallback><w:t>备用</w:t></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>正文&amp;&#x4E00;</w:t></w:r></w:p>",
            "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr><w:r><w:t>在全市工作会议</w:t><w:br/><w:t>上的讲话</w:t></w:r></w:p>",
            "<w:p><w:r><w:t>第一行</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>",
        ));
        let bytes = docx_of(&[("word/document.xml", &doc)]);
        assert_eq!(
            read(&bytes).unwrap(),
            "要切实抓好落实。\n前半句，后半句。3\n正文&一\n在全市工作会议上的讲话\n第一行\n第二行\n"
        );
    }

    #[test]
    fn headings_and_bold_paragraphs_are_set_apart() {
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="2"><w:name w:val="heading 2"/></w:style>
               <w:style w:type="paragraph" w:styleId="Strong"><w:rPr><w:b/></w:rPr></w:style></w:styles>"#
        );
        let doc = body(concat!(
            r#"<w:p><w:pPr><w:pStyle w:val="2"/></w:pPr><w:r><w:t>这一年，我们爬坡过坎</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:outlineLvl w:val="0"/></w:pPr><w:r><w:t>大纲标题</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>全段加粗。</w:t></w:r><w:r><w:t> </w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:t>样式加粗</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="Strong"/></w:pPr><w:r><w:rPr><w:b w:val="0"/></w:rPr><w:t>取消加粗</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:rPr><w:b/></w:rPr><w:t>一是加强领导。</w:t></w:r><w:r><w:t>正文不加粗。</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>"#,
        ));
        let bytes = docx_of(&[("word/document.xml", &doc), ("word/styles.xml", &styles)]);
        let e = EMPHASIS;
        assert_eq!(
            read(&bytes).unwrap(),
            format!("{e}这一年，我们爬坡过坎\n{e}大纲标题\n{e}全段加粗。 \n{e}样式加粗\n取消加粗\n一是加强领导。正文不加粗。\n正文级别\n")
        );
    }

    #[test]
    fn the_main_part_is_where_the_package_says() {
        let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/doc/main.xml"/></Relationships>"#;
        let bytes = docx_of(&[
            ("_rels/.rels", rels),
            ("doc/main.xml", &body(&p("", "同志们："))),
        ]);
        assert_eq!(read(&bytes).unwrap(), "同志们：\n");
    }

    #[test]
    fn what_the_first_bytes_say() {
        assert_eq!(sniff(b"PK\x03\x04rest"), Some(Container::Zip));
        assert_eq!(
            sniff(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0]),
            Some(Container::Compound)
        );
        assert_eq!(sniff("同志们".as_bytes()), None);
    }
}
