//! The document part: paragraphs in order with their text, what the paragraph styles give
//! them (numbering, centring, bold, heading), tracked changes accepted, and the content a
//! reader does not see as the speech skipped.

use std::collections::HashMap;

use quick_xml::events::BytesStart;

use super::numbering::{Lists, Numbering};
use super::xml::{attr, on, val, walk, Tag};
use crate::diag::Diagnostic;
use crate::input::EMPHASIS;

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

/// Whether a style's name is a heading's: Heading 1, Title, 标题 1.
fn heading_name(name: &str) -> bool {
    let n = name.trim().to_lowercase();
    n.starts_with("heading") || n == "title" || n.starts_with("标题")
}

#[derive(Debug, Default)]
pub(super) struct ParagraphStyles(HashMap<String, StyleProps>);

impl ParagraphStyles {
    pub(super) fn read(xml: &[u8]) -> Result<ParagraphStyles, Diagnostic> {
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
pub(super) struct Walk<'a> {
    lists: Lists<'a>,
    styles: &'a ParagraphStyles,
    lines: Vec<String>,
    /// Text of a paragraph whose mark was deleted: it runs on into the next.
    carry: String,
    text: String,
    num_id: Option<String>,
    level: Option<usize>,
    style: Option<String>,
    centred: Option<bool>,
    /// An outline level on the paragraph itself: a heading's (0–8) or body text's (9).
    outline: Option<bool>,
    mark_deleted: bool,
    in_ppr: bool,
    in_ppr_rpr: bool,
    in_run_rpr: bool,
    in_t: bool,
    /// The run being read: bold set on it, and whether it has text.
    run_bold: Option<bool>,
    run_text: bool,
    /// The run is hidden text (w:vanish): not what a reader sees.
    run_hidden: bool,
    /// Runs of the paragraph with text (bold runs below), and whether their bold is known.
    text_runs: usize,
    bold_runs: usize,
}

impl<'a> Walk<'a> {
    pub(super) fn new(numbering: &'a Numbering, styles: &'a ParagraphStyles) -> Walk<'a> {
        Walk {
            lists: Lists::new(numbering),
            styles,
            lines: Vec::new(),
            carry: String::new(),
            text: String::new(),
            num_id: None,
            level: None,
            style: None,
            centred: None,
            outline: None,
            mark_deleted: false,
            in_ppr: false,
            in_ppr_rpr: false,
            in_run_rpr: false,
            in_t: false,
            run_bold: None,
            run_text: false,
            run_hidden: false,
            text_runs: 0,
            bold_runs: 0,
        }
    }

    pub(super) fn run(mut self, xml: &[u8], part: &str) -> Result<String, Diagnostic> {
        // Open elements: whether each is skipped; `skip` counts the skipped ones open.
        let mut open: Vec<bool> = Vec::new();
        let mut skip = 0usize;
        walk(xml, part, |ev, _| match ev {
            Tag::Open(e) => {
                let name = e.local_name();
                let name = name.as_ref();
                let skipped = SKIPPED.contains(&name);
                if skipped && self.in_ppr_rpr && matches!(name, b"del" | b"moveFrom") {
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
            Tag::Text(t) if skip == 0 && self.in_t && !self.run_hidden => {
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
                self.outline = None;
                self.run_hidden = false;
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
                self.run_hidden = false;
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
                b"del" | b"moveFrom" if self.in_ppr_rpr => self.mark_deleted = true,
                b"outlineLvl" => {
                    self.outline = Some(
                        val(e)
                            .and_then(|v| v.parse::<u8>().ok())
                            .is_some_and(|l| l < 9),
                    )
                }
                _ => {}
            }
            return;
        }
        match name.as_ref() {
            b"b" if self.in_run_rpr => self.run_bold = Some(on(e)),
            b"vanish" if self.in_run_rpr => self.run_hidden = on(e),
            b"tab" | b"ptab" => self.text.push('\t'),
            // A page or column break moves the text on, it does not end a line of it.
            b"br" if matches!(attr(e, b"type").as_deref(), Some("page" | "column")) => {}
            b"br" | b"cr" => self.text.push('\n'),
            b"noBreakHyphen" => self.text.push('-'),
            _ => {}
        }
    }

    fn end_paragraph(&mut self) {
        let centred = self.centred.or_else(|| self.style_prop(|s| s.centred));
        // A line break in a centred paragraph (a title over two lines) is layout, not a
        // new line of text.
        let body = if centred == Some(true) {
            self.text.replace('\n', "")
        } else {
            std::mem::take(&mut self.text)
        };
        self.text.clear();
        if self.mark_deleted {
            // Its mark deleted, the paragraph runs on into the next, whose number and
            // properties the joined paragraph has (as Word shows it, changes accepted).
            self.carry.push_str(&body);
            return;
        }
        let num_id = self
            .num_id
            .clone()
            .or_else(|| self.style_prop(|s| s.num_id.clone()));
        let level = self.level.or_else(|| self.style_prop(|s| s.level));
        let label = match num_id {
            Some(id) if id != "0" => self.lists.label(&id, level.unwrap_or(0).min(8)),
            _ => String::new(),
        };
        let carried = std::mem::take(&mut self.carry);
        // A heading (by outline level or style) or a paragraph wholly in bold is set apart,
        // as a web page's headings and bold paragraphs are.
        let heading = self
            .outline
            .or_else(|| self.style_prop(|s| s.heading))
            .unwrap_or(false);
        let bold = self.text_runs > 0 && self.bold_runs == self.text_runs;
        let mut line = String::new();
        if (heading || bold) && !(carried.trim().is_empty() && body.trim().is_empty()) {
            line.push(EMPHASIS);
        }
        line.push_str(&label);
        line.push_str(&carried);
        line.push_str(&body);
        self.lines.push(line);
    }
}
