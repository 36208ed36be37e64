//! Writing a laid-out draft as a .docx with docx-rs: A4 (or the style's page), margins,
//! the document grid, every run with its East-Asian and Latin font and size, exact line
//! spacing, and "— N —" page numbers in odd (right) and even (left) footers.

use docx_rs::{
    AlignmentType, BreakType, DocGrid, DocGridType, Docx, FieldCharType, Footer, InstrPAGE,
    InstrText, LineSpacing, LineSpacingType, PageMargin, Paragraph, Run as DocxRun, RunFonts,
    SpecialIndentType,
};

use super::layout::{FontRole, LaidParagraph, ParagraphRole, Run};
use super::style::{mm_to_twips, Font, GridMode, Style};
use crate::diag::Diagnostic;

/// The .docx bytes of laid-out paragraphs in a style.
pub fn to_docx(paragraphs: &[LaidParagraph], style: &Style) -> Result<Vec<u8>, Diagnostic> {
    let page = &style.page;
    let m = &page.margins_mm;
    let (_, block_h) = style.text_block_mm();
    let body = &style.fonts.body;
    // The grid: lines on a page and characters on a line. Word takes the character pitch as
    // the body size plus `charSpace` 4096ths of a point.
    let line_pitch = (f64::from(mm_to_twips(block_h)) / f64::from(page.grid.lines)).floor();
    let char_pitch_pt = style.char_pitch_pt();
    let spacing = (style.line_spacing_pt * 20.0).round() as i32;
    let margin = PageMargin::new()
        .top(mm_to_twips(m.top))
        .bottom(mm_to_twips(m.bottom))
        .left(mm_to_twips(m.left))
        .right(mm_to_twips(m.right))
        // The footer's page number sits 7 mm below the text block, as GB/T 9704 has it.
        .footer(mm_to_twips(
            (m.bottom - 7.0 - style.fonts.page_number.size.0 * 0.3528).max(0.0),
        ))
        .header(mm_to_twips(15.0_f64.min(m.top)))
        .gutter(0);
    let mut docx = Docx::new()
        .page_size(
            mm_to_twips(page.width_mm) as u32,
            mm_to_twips(page.height_mm) as u32,
        )
        .page_margin(margin)
        .default_fonts(fonts(body))
        .default_size(body.size.half_points())
        .footer(page_number_footer(style, true))
        .even_footer(page_number_footer(style, false));
    let grid = DocGrid::new().line_pitch(line_pitch as usize);
    docx.document = docx.document.doc_grid(match page.grid.mode {
        GridMode::Chars => grid
            .grid_type(DocGridType::LinesAndChars)
            .char_space(((char_pitch_pt - body.size.0) * 4096.0).floor() as isize),
        GridMode::Lines => grid.grid_type(DocGridType::Lines),
    });
    let highlight = style.placeholder_highlight.as_str();
    for p in paragraphs {
        let mut para = Paragraph::new().line_spacing(
            LineSpacing::new()
                .line_rule(LineSpacingType::Exact)
                .line(spacing)
                .before(0)
                .after(0),
        );
        para = match p.role {
            ParagraphRole::Title | ParagraphRole::Byline => para.align(AlignmentType::Center),
            ParagraphRole::Greeting => para.align(AlignmentType::Left),
            ParagraphRole::Body => {
                let chars = style.indent_chars as i32;
                para.align(AlignmentType::Both).indent(
                    None,
                    Some(SpecialIndentType::FirstLine(chars * body.size.twips())),
                    None,
                    None,
                )
            }
        };
        if p.role == ParagraphRole::Title {
            // A title's lines follow the title's size, not the body's grid: off the grid, its
            // 二号 characters keep their own width rather than two cells each.
            let title = &style.fonts.title;
            para = para.snap_to_grid(false).line_spacing(
                LineSpacing::new()
                    .line_rule(LineSpacingType::Exact)
                    .line(spacing.max((title.size.0 * 20.0 * 1.3).round() as i32))
                    .before(0)
                    .after(0),
            );
        }
        for (i, line) in p.lines.iter().enumerate() {
            for (j, run) in line.iter().enumerate() {
                let mut r = run_of(run, style, highlight);
                if i > 0 && j == 0 {
                    r = break_before(r);
                }
                para = para.add_run(r);
            }
        }
        docx = docx.add_paragraph(para);
    }
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build()
        .pack(&mut bytes)
        .map_err(|e| Diagnostic::new(format!("cannot write the .docx: {e}")))?;
    deflated(&bytes.into_inner())
        .map_err(|e| Diagnostic::new(format!("cannot write the .docx: {e}")))
}

/// The package again with every part deflated, as Word writes it: docx-rs stores its parts
/// uncompressed (a draft of 43 KB is 9 KB deflated, which counts in a batch of thousands).
/// Entries keep their order and the zip crate's fixed 1980 timestamp, so the bytes repeat.
fn deflated(stored: &[u8]) -> zip::result::ZipResult<Vec<u8>> {
    let mut from = zip::ZipArchive::new(std::io::Cursor::new(stored))?;
    let mut to = zip::ZipWriter::new(std::io::Cursor::new(Vec::with_capacity(stored.len() / 3)));
    // Everything that could differ by machine or clock is fixed: the time, the system, the
    // permissions.
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .compression_level(Some(1))
        .last_modified_time(zip::DateTime::DEFAULT)
        .system(zip::System::Unix)
        .unix_permissions(0o644);
    for i in 0..from.len() {
        let mut part = from.by_index(i)?;
        if part.is_dir() {
            to.add_directory(part.name(), options)?;
        } else {
            to.start_file(part.name(), options)?;
            std::io::copy(&mut part, &mut to)?;
        }
    }
    Ok(to.finish()?.into_inner())
}

/// A run with a line break before its text (a title's next line).
fn break_before(run: DocxRun) -> DocxRun {
    let mut with_break = DocxRun::new().add_break(BreakType::TextWrapping);
    with_break.run_property = run.run_property;
    with_break.children.extend(run.children);
    with_break
}

/// A run of text in its font, bold and highlighted as marked.
fn run_of(run: &Run, style: &Style, highlight: &str) -> DocxRun {
    let font = match run.font {
        FontRole::Title => &style.fonts.title,
        FontRole::Byline => &style.fonts.byline,
        FontRole::Body => &style.fonts.body,
        FontRole::Heading(1) => &style.fonts.heading1,
        FontRole::Heading(2) => &style.fonts.heading2,
        FontRole::Heading(3) => &style.fonts.heading3,
        FontRole::Heading(_) => &style.fonts.heading4,
    };
    let mut r = DocxRun::new()
        .add_text(run.text.as_str())
        .fonts(fonts(font))
        .size(font.size.half_points());
    // On a line grid, characters wider than the pitch are condensed to it (whole twips).
    let pitch = style.char_pitch_pt();
    if style.page.grid.mode == GridMode::Lines
        && font.size.0 > pitch
        && font.size == style.fonts.body.size
    {
        r = r.character_spacing(((pitch - font.size.0) * 20.0).floor() as i32);
    }
    if run.bold {
        r = r.bold();
    }
    if run.highlight && highlight != "none" {
        r = r.highlight(highlight);
    }
    r
}

/// A font's East-Asian and Latin names; ambiguous characters (quotes, dashes) take the
/// East-Asian one.
fn fonts(font: &Font) -> RunFonts {
    RunFonts::new()
        .east_asia(font.east_asia.as_str())
        .ascii(font.latin.as_str())
        .hi_ansi(font.latin.as_str())
        .cs(font.latin.as_str())
        .hint("eastAsia")
}

/// A footer of "— N —", N the PAGE field, one character in from the outside edge: right on
/// odd pages, left on even ones.
fn page_number_footer(style: &Style, odd: bool) -> Footer {
    let font = &style.fonts.page_number;
    let run = || {
        DocxRun::new()
            .fonts(fonts(font))
            .size(font.size.half_points())
    };
    let one_char = font.size.twips();
    let (align, left, right) = if odd {
        (AlignmentType::Right, None, Some(one_char))
    } else {
        (AlignmentType::Left, Some(one_char), None)
    };
    let p = Paragraph::new()
        .align(align)
        .indent(left, None, right, None)
        .add_run(run().add_text("— "))
        .add_run(
            run()
                .add_field_char(FieldCharType::Begin, false)
                .add_instr_text(InstrText::PAGE(InstrPAGE::new()))
                .add_field_char(FieldCharType::Separate, false)
                .add_text("1")
                .add_field_char(FieldCharType::End, false),
        )
        .add_run(run().add_text(" —"));
    Footer::new().add_paragraph(p)
}
