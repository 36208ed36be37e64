//! Reading a .docx as the text a reader sees: the main document's paragraphs in order, one a
//! line; the numbers Word generates for lists written out (一、, （一）, 1.); tracked changes
//! taken as accepted (insertions kept, deletions and moved-away text dropped); tables, text
//! boxes, headers, footers, footnotes and field codes left out; headings and paragraphs wholly
//! in bold set apart. Every part is read through a size limit, so a zip bomb is refused rather
//! than inflated.
//!
//! This file owns the package (the zip, its parts and relationships, what a file that is not a
//! .docx is); [`xml`] walks a part, [`numbering`] keeps Word's lists, [`document`] reads the
//! paragraphs.

mod document;
mod numbering;
mod xml;

use std::io::{Cursor, Read};

use zip::result::ZipError;
use zip::ZipArchive;

use crate::diag::Diagnostic;
use document::{ParagraphStyles, Walk};
use numbering::Numbering;
use xml::{attr, walk, Tag};

/// The most any one part of a .docx may inflate to (the document part of a 1,000-page
/// speech collection is about 20 MB).
pub const MAX_PART_BYTES: u64 = 64 << 20;
/// The most entries a .docx may hold.
pub const MAX_ENTRIES: usize = 20_000;

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

pub(super) const RESAVE: &str = "open it in Word (or LibreOffice) and save it again as a .docx";

/// The text of a Word document: paragraphs one a line.
pub fn read(bytes: &[u8]) -> Result<String, Diagnostic> {
    match sniff(bytes) {
        Some(Container::Compound) => return Err(compound(bytes)),
        Some(Container::Zip) => {}
        None => {
            return Err(Diagnostic::new(
                "it is not a Word document: a .docx is a zip archive, and this file is not one",
            )
            .hint("read it as what it is (leave out --input docx), or save it from Word as .docx"))
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::EMPHASIS;

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
    fn deleted_and_moved_paragraphs_take_no_number() {
        let deleted_mark = |tag: &str, text: &str| {
            format!(
                r#"<w:p><w:pPr>{}<w:rPr><w:{tag} w:id="9"/></w:rPr></w:pPr>{text}</w:p>"#,
                num(1, 0)
            )
        };
        let doc = body(
            &[
                p(&num(1, 0), "甲"),
                // Deleted whole: its text and its mark.
                deleted_mark("del", "<w:del><w:r><w:delText>乙</w:delText></w:r></w:del>"),
                p(&num(1, 0), "丙"),
                // Moved away: its text and its mark.
                deleted_mark(
                    "moveFrom",
                    "<w:moveFrom><w:r><w:t>丁</w:t></w:r></w:moveFrom>",
                ),
                // Only the mark deleted: it joins the next, numbered once.
                deleted_mark("del", "<w:r><w:t>前半，</w:t></w:r>"),
                p(&num(1, 0), "后半"),
                p(&num(1, 0), "戊"),
            ]
            .concat(),
        );
        let bytes = docx_of(&[
            ("word/document.xml", &doc),
            ("word/numbering.xml", NUMBERING),
        ]);
        assert_eq!(
            read(&bytes).unwrap(),
            "一、甲\n二、丙\n三、前半，后半\n四、戊\n"
        );
    }

    #[test]
    fn breaks_hidden_text_tabs_and_escaped_attributes() {
        let numbering = format!(
            r#"<w:numbering {W}><w:abstractNum w:abstractNumId="1">
               <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1章"/></w:lvl>
               <w:lvl w:ilvl="1"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%2&#x3001;"/></w:lvl>
               </w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num></w:numbering>"#
        );
        let styles = format!(
            r#"<w:styles {W}><w:style w:type="paragraph" w:styleId="H"><w:name w:val="Heading 1"/></w:style></w:styles>"#
        );
        let doc = body(concat!(
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>总则</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:br w:type="page"/><w:t>加强领导</w:t></w:r></w:p>"#,
            r#"<w:p><w:r><w:t>看得见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>看不见</w:t></w:r><w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>又看得见</w:t></w:r></w:p>"#,
            r#"<w:p><w:pPr><w:pStyle w:val="H"/><w:outlineLvl w:val="9"/></w:pPr><w:r><w:t>正文级别</w:t></w:r></w:p>"#,
        ));
        let bytes = docx_of(&[
            ("word/document.xml", &doc),
            ("word/numbering.xml", &numbering),
            ("word/styles.xml", &styles),
        ]);
        assert_eq!(
            read(&bytes).unwrap(),
            "第一章 总则\n一、加强领导\n看得见又看得见\n正文级别\n"
        );
    }

    #[test]
    fn a_list_saved_as_a_list_style_is_numbered_by_that_style() {
        let numbering = format!(
            r#"<w:numbering {W}>
               <w:abstractNum w:abstractNumId="1"><w:styleLink w:val="SpeechList"/>
                 <w:lvl w:ilvl="0"><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
               </w:abstractNum>
               <w:abstractNum w:abstractNumId="2"><w:numStyleLink w:val="SpeechList"/></w:abstractNum>
               <w:num w:numId="1"><w:abstractNumId w:val="1"/></w:num>
               <w:num w:numId="5"><w:abstractNumId w:val="2"/></w:num></w:numbering>"#
        );
        let doc = body(&[p(&num(5, 0), "提高认识"), p(&num(5, 0), "突出重点")].concat());
        let bytes = docx_of(&[
            ("word/document.xml", &doc),
            ("word/numbering.xml", &numbering),
        ]);
        assert_eq!(read(&bytes).unwrap(), "一、提高认识\n二、突出重点\n");
    }

    #[test]
    fn a_file_that_is_no_zip_is_not_a_word_document() {
        let e = read("同志们：".as_bytes()).unwrap_err().to_string();
        assert!(e.contains("not a Word document"), "{e}");
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
