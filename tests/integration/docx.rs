//! Word in and out: drafts as .docx in the GB/T 9704 layout, checked with a reader of this
//! file's own (the zip crate and quick-xml, not the writer's docx-rs); .docx files read by
//! `parse` as the text a reader sees; bad Word files refused with exit 2 and their name.

use std::collections::{BTreeMap, HashMap};
use std::io::Read;
use std::path::{Path, PathBuf};

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use speechgen::docx::style::GridMode;
use speechgen::docx::Style;
use speechgen::{Drafter, Outline, RuleSet, Target, Templates};

use crate::{corpus_dir, root, TempDir, Test};

/// Attributes of an element by their local names.
type Attrs = HashMap<String, String>;

fn attrs(e: &BytesStart<'_>) -> Attrs {
    e.attributes()
        .flatten()
        .map(|a| {
            (
                String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned(),
                String::from_utf8_lossy(&a.value).into_owned(),
            )
        })
        .collect()
}

fn local(e: &BytesStart<'_>) -> String {
    String::from_utf8_lossy(e.local_name().as_ref()).into_owned()
}

/// Every part of a .docx, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("a zip archive");
    let mut out = BTreeMap::new();
    for i in 0..zip.len() {
        let mut f = zip.by_index(i).unwrap();
        if f.is_dir() {
            continue;
        }
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.insert(f.name().to_owned(), data);
    }
    out
}

/// Reads an XML part to its end; panics where it is not well-formed.
fn assert_well_formed(name: &str, xml: &[u8]) {
    let mut r = Reader::from_reader(xml);
    loop {
        match r.read_event() {
            Ok(Event::Eof) => return,
            Ok(_) => {}
            Err(e) => panic!("{name} is not well-formed at {}: {e}", r.error_position()),
        }
    }
}

/// A run: its text and its properties (each rPr child by name, with its attributes).
#[derive(Debug, Default, Clone)]
struct Run {
    text: String,
    props: HashMap<String, Attrs>,
}

/// A paragraph: its properties (pPr children) and runs; `breaks` counts line breaks.
#[derive(Debug, Default, Clone)]
struct Para {
    props: HashMap<String, Attrs>,
    runs: Vec<Run>,
    breaks: usize,
    instr: String,
}

impl Para {
    fn text(&self) -> String {
        self.runs.iter().map(|r| r.text.as_str()).collect()
    }
    fn prop(&self, element: &str, attr: &str) -> Option<&str> {
        self.props.get(element)?.get(attr).map(String::as_str)
    }
}

impl Run {
    fn prop(&self, element: &str, attr: &str) -> Option<&str> {
        self.props.get(element)?.get(attr).map(String::as_str)
    }
}

/// The paragraphs of a document, header or footer part, in order.
fn paragraphs(xml: &[u8]) -> Vec<Para> {
    let mut r = Reader::from_reader(xml);
    let mut out = Vec::new();
    let mut p: Option<Para> = None;
    let mut run: Option<Run> = None;
    let (mut in_ppr, mut in_rpr, mut in_t, mut in_instr) = (false, false, false, false);
    let on_element = |e: &BytesStart<'_>,
                      p: &mut Option<Para>,
                      run: &mut Option<Run>,
                      in_ppr: bool,
                      in_rpr: bool| {
        let name = local(e);
        if let Some(run) = run.as_mut().filter(|_| in_rpr) {
            run.props.insert(name, attrs(e));
        } else if let Some(p) = p.as_mut() {
            if in_ppr && !in_rpr {
                p.props.insert(name, attrs(e));
            } else if name == "br" {
                p.breaks += 1;
            }
        }
    };
    loop {
        match r.read_event().expect("well-formed XML") {
            Event::Start(e) => match local(&e).as_str() {
                "p" => p = Some(Para::default()),
                "pPr" => in_ppr = true,
                "r" => run = Some(Run::default()),
                "rPr" => in_rpr = true,
                "t" => in_t = true,
                "instrText" => in_instr = true,
                _ => on_element(&e, &mut p, &mut run, in_ppr, in_rpr),
            },
            Event::Empty(e) => on_element(&e, &mut p, &mut run, in_ppr, in_rpr),
            Event::End(e) => match e.local_name().as_ref() {
                b"p" => out.extend(p.take()),
                b"pPr" => in_ppr = false,
                b"rPr" => in_rpr = false,
                b"r" => {
                    if let (Some(p), Some(run)) = (p.as_mut(), run.take()) {
                        p.runs.push(run);
                    }
                }
                b"t" => in_t = false,
                b"instrText" => in_instr = false,
                _ => {}
            },
            Event::Text(t) => {
                let text = t.xml10_content().unwrap();
                if in_t {
                    if let Some(run) = run.as_mut() {
                        run.text.push_str(&text);
                    }
                } else if in_instr {
                    if let Some(p) = p.as_mut() {
                        p.instr.push_str(&text);
                    }
                }
            }
            Event::GeneralRef(g) => {
                let c = g
                    .resolve_char_ref()
                    .unwrap()
                    .map(String::from)
                    .unwrap_or_else(|| {
                        quick_xml::escape::resolve_predefined_entity(&g.decode().unwrap())
                            .unwrap()
                            .to_owned()
                    });
                if let (true, Some(run)) = (in_t, run.as_mut()) {
                    run.text.push_str(&c);
                }
            }
            Event::Eof => return out,
            _ => {}
        }
    }
}

/// Children of the body's sectPr (the last one), by name, each occurrence's attributes.
fn section_properties(xml: &[u8]) -> HashMap<String, Vec<Attrs>> {
    let mut r = Reader::from_reader(xml);
    let mut out: HashMap<String, Vec<Attrs>> = HashMap::new();
    let mut depth_in = 0;
    loop {
        match r.read_event().unwrap() {
            Event::Start(e) if local(&e) == "sectPr" => {
                out.clear();
                depth_in = 1;
            }
            Event::Start(e) if depth_in > 0 => {
                depth_in += 1;
                out.entry(local(&e)).or_default().push(attrs(&e));
            }
            Event::Empty(e) if depth_in > 0 => out.entry(local(&e)).or_default().push(attrs(&e)),
            Event::End(_) if depth_in > 0 => depth_in -= 1,
            Event::Eof => return out,
            _ => {}
        }
    }
}

fn examples() -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(root().join("examples"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    v.sort();
    assert!(v.len() >= 5, "the examples are missing");
    v
}

/// The non-empty lines of a text draft, trimmed: its paragraphs.
fn txt_paragraphs(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

fn draft(dir: &TempDir, outline: &Path, seed: u32, format: &str, extra: &[&str]) -> Vec<u8> {
    let name = format!(
        "{}-{seed}.{format}",
        outline.file_stem().unwrap().to_string_lossy()
    );
    let out = dir.path().join(name);
    Test::new()
        .arg("draft")
        .arg(outline)
        .args(["--seed", &seed.to_string(), "--format", format, "-o"])
        .arg(&out)
        .args(extra)
        .success();
    std::fs::read(&out).unwrap()
}

/// Checks a .docx of `txt` against a style: page, grid, fonts by role, spacing, footers.
fn check_layout(name: &str, docx: &[u8], txt: &str, style: &Style) {
    let parts = parts(docx);
    for (part, xml) in &parts {
        if part.ends_with(".xml") || part.ends_with(".rels") {
            assert_well_formed(part, xml);
        }
    }
    let document = &parts["word/document.xml"];
    let sect = section_properties(document);
    let mm = |v: f64| (v * 1440.0 / 25.4).round().to_string();
    let pg = &sect["pgSz"][0];
    assert_eq!(
        (pg["w"].as_str(), pg["h"].as_str()),
        (
            mm(style.page.width_mm).as_str(),
            mm(style.page.height_mm).as_str()
        ),
        "{name}: page size"
    );
    let mar = &sect["pgMar"][0];
    let m = &style.page.margins_mm;
    for (k, v) in [
        ("top", m.top),
        ("bottom", m.bottom),
        ("left", m.left),
        ("right", m.right),
    ] {
        assert_eq!(mar[k], mm(v), "{name}: {k} margin");
    }
    // The grid: its line pitch puts `lines` lines in the text block, its character pitch
    // `chars` characters on a line.
    let grid = &sect["docGrid"][0];
    let (w, h) = style.text_block_mm();
    let pitch: f64 = grid["linePitch"].parse().unwrap();
    let block_h: f64 = mm(h).parse().unwrap();
    assert_eq!(
        (block_h / pitch).floor() as u32,
        style.page.grid.lines,
        "{name}: lines"
    );
    let block_w: f64 = mm(w).parse::<f64>().unwrap() / 20.0;
    let chars_a_line = |pitch: f64| (block_w / pitch + 1e-6).floor() as u32;
    // Characters: Word's character grid, or body runs condensed to the pitch on a line grid.
    let condensed = match style.page.grid.mode {
        GridMode::Chars => {
            assert_eq!(grid["type"], "linesAndChars", "{name}");
            let char_space: f64 = grid["charSpace"].parse().unwrap();
            let pitch = style.fonts.body.size.0 + char_space / 4096.0;
            assert_eq!(
                chars_a_line(pitch),
                style.page.grid.chars,
                "{name}: characters a line"
            );
            None
        }
        GridMode::Lines => {
            assert_eq!(grid["type"], "lines", "{name}");
            Some(())
        }
    };

    // Odd and even footers with the PAGE field, at the outside corners.
    let settings = String::from_utf8_lossy(&parts["word/settings.xml"]).into_owned();
    assert!(
        settings.contains("evenAndOddHeaders"),
        "{name}: even and odd footers"
    );
    let rels = String::from_utf8_lossy(&parts["word/_rels/document.xml.rels"]).into_owned();
    for (kind, align) in [("default", "right"), ("even", "left")] {
        let id = &sect["footerReference"]
            .iter()
            .find(|f| f["type"] == kind)
            .unwrap_or_else(|| panic!("{name}: no {kind} footer"))["id"];
        let target = rels
            .split("<Relationship ")
            .find(|r| r.contains(&format!("Id=\"{id}\"")))
            .and_then(|r| r.split("Target=\"").nth(1))
            .and_then(|t| t.split('"').next())
            .unwrap();
        let footer = paragraphs(&parts[&format!("word/{target}")]);
        assert_eq!(footer.len(), 1, "{name}: {kind} footer");
        let f = &footer[0];
        assert_eq!(f.instr.trim(), "PAGE", "{name}: {kind} footer's field");
        assert_eq!(f.prop("jc", "val"), Some(align), "{name}: {kind} footer");
        let text = f.text();
        assert!(
            text.starts_with("— ") && text.ends_with(" —"),
            "{name}: {text:?}"
        );
        for run in &f.runs {
            assert_eq!(
                run.prop("rFonts", "eastAsia"),
                Some(style.fonts.page_number.east_asia.as_str())
            );
            assert_eq!(
                run.prop("sz", "val"),
                Some(
                    style
                        .fonts
                        .page_number
                        .size
                        .half_points()
                        .to_string()
                        .as_str()
                )
            );
        }
    }

    // Paragraph for paragraph, the text of the txt draft.
    let paras = paragraphs(document);
    let lines = txt_paragraphs(txt);
    let texts: Vec<String> = paras.iter().map(Para::text).collect();
    assert_eq!(texts, lines, "{name}: the text differs from the txt draft");

    let spacing = (style.line_spacing_pt * 20.0).round().to_string();
    let size = |f: &speechgen::docx::style::Font| f.size.half_points().to_string();
    let font_of = |run: &Run| {
        (
            run.prop("rFonts", "eastAsia").unwrap_or("").to_owned(),
            run.prop("rFonts", "ascii").unwrap_or("").to_owned(),
            run.prop("sz", "val").unwrap_or("").to_owned(),
        )
    };
    let expect = |f: &speechgen::docx::style::Font| (f.east_asia.clone(), f.latin.clone(), size(f));
    let fonts = &style.fonts;
    // The title and byline: centred, in their fonts.
    let title = &paras[0];
    assert_eq!(title.prop("jc", "val"), Some("center"), "{name}: title");
    assert!(
        title
            .runs
            .iter()
            .all(|r| font_of(r) == expect(&fonts.title)),
        "{name}: title font"
    );
    let byline = &paras[1];
    assert_eq!(byline.prop("jc", "val"), Some("center"), "{name}: byline");
    assert!(
        byline
            .runs
            .iter()
            .all(|r| font_of(r) == expect(&fonts.byline)),
        "{name}: byline font"
    );
    // Two characters of the body's size (Word's 首行缩进 2 字符).
    let indent = (style.indent_chars as i32 * style.fonts.body.size.twips()).to_string();
    let mut headings = [0usize; 4];
    for p in &paras[2..] {
        let text = p.text();
        assert_eq!(
            p.prop("spacing", "lineRule"),
            Some("exact"),
            "{name}: {text}"
        );
        assert_eq!(
            p.prop("spacing", "line"),
            Some(spacing.as_str()),
            "{name}: {text}"
        );
        if p.prop("jc", "val") == Some("left") {
            assert!(
                text.ends_with('：') && text.chars().count() <= 40 && std::ptr::eq(p, &paras[2]),
                "{name}: only the greeting is flush left, not {text}"
            );
            continue;
        }
        assert_eq!(
            p.prop("ind", "firstLine"),
            Some(indent.as_str()),
            "{name}: {text}"
        );
        // Headings by their ordinal: 一、 黑体, （一） 楷体; the rest of the line body text.
        let first = &p.runs[0];
        let level = if text.starts_with(|c: char| "一二三四五六七八九十".contains(c))
            && text.chars().take(3).any(|c| c == '、')
        {
            Some(&fonts.heading1)
        } else if text.starts_with('（')
            && text
                .chars()
                .nth(1)
                .is_some_and(|c| "一二三四五六七八九十".contains(c))
        {
            Some(&fonts.heading2)
        } else {
            None
        };
        match level {
            Some(font) => {
                headings[if std::ptr::eq(font, &fonts.heading1) {
                    0
                } else {
                    1
                }] += 1;
                assert_eq!(font_of(first), expect(font), "{name}: heading {text}");
                for run in &p.runs[1..] {
                    assert_eq!(
                        font_of(run),
                        expect(&fonts.body),
                        "{name}: after the heading in {text}"
                    );
                }
            }
            None => {
                for run in &p.runs {
                    assert_eq!(font_of(run), expect(&fonts.body), "{name}: body {text}");
                }
            }
        }
        if condensed.is_some() {
            // At least `chars` characters a line: condensed where the size is wider than the pitch.
            for run in &p.runs {
                let spacing: f64 = run
                    .prop("spacing", "val")
                    .map_or(0.0, |v| v.parse().unwrap());
                let advance = style.fonts.body.size.0 + spacing / 20.0;
                assert!(
                    chars_a_line(advance) >= style.page.grid.chars,
                    "{name}: {text}"
                );
            }
        }
        // Placeholders highlighted when the style asks, in runs of their own.
        for run in &p.runs {
            let lit = run.prop("highlight", "val");
            if style.placeholder_highlight == "none" {
                assert_eq!(lit, None, "{name}");
            } else if run.text.contains("XX") {
                assert_eq!(run.text, "XX", "{name}: {text}");
                assert_eq!(lit, Some(style.placeholder_highlight.as_str()), "{name}");
            } else {
                assert_eq!(lit, None, "{name}: {}", run.text);
            }
        }
    }
    assert!(headings[0] >= 2, "{name}: no 一、 headings found");
}

#[test]
fn every_example_drafts_to_a_docx_in_the_official_layout() {
    let dir = TempDir::new("docx-layout");
    let style = Style::builtin();
    for outline in examples() {
        let name = outline.display().to_string();
        let txt = String::from_utf8(draft(&dir, &outline, 1, "txt", &[])).unwrap();
        let docx = draft(&dir, &outline, 1, "docx", &[]);
        check_layout(&name, &docx, &txt, &style);
        // Again: the same bytes.
        assert_eq!(
            draft(&dir, &outline, 1, "docx", &[]),
            docx,
            "{name}: not reproducible"
        );
    }
}

#[test]
fn a_style_file_sets_fonts_sizes_margins_and_options() {
    let dir = TempDir::new("docx-style");
    let file = dir.path().join("style.yaml");
    Test::new().args(["styles", "eject"]).arg(&file).success();
    let ejected = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        ejected,
        Test::new().args(["styles", "show"]).success().stdout
    );
    let edited = ejected
        .replace("仿宋_GB2312", "仿宋")
        .replace("楷体_GB2312", "楷体")
        .replace(
            "latin: Times New Roman, size: 三号 }",
            "latin: Arial, size: 小三 }",
        )
        .replace("left: 28", "left: 30")
        .replace("bold_leads: false", "bold_leads: true")
        .replace(
            "placeholder_highlight: yellow",
            "placeholder_highlight: none",
        )
        .replace("mode: chars", "mode: lines");
    std::fs::write(&file, &edited).unwrap();
    let style = Style::from_yaml(&edited).unwrap();
    assert_eq!(style.fonts.body.east_asia, "仿宋");
    let outline = root().join("examples/work_meeting.yaml");
    let txt = String::from_utf8(draft(&dir, &outline, 2, "txt", &[])).unwrap();
    let docx = draft(
        &dir,
        &outline,
        2,
        "docx",
        &["--style", file.to_str().unwrap()],
    );
    check_layout("work_meeting with an edited style", &docx, &txt, &style);
    // Bold leads: every item's ordinal and lead (一是…。) in bold, nothing else.
    let paras = paragraphs(&parts(&docx)["word/document.xml"]);
    let mut bold_items = 0;
    for p in &paras {
        let bold: String = p
            .runs
            .iter()
            .filter(|r| r.props.contains_key("b"))
            .map(|r| r.text.as_str())
            .collect();
        if !bold.is_empty() {
            assert!(
                p.text().starts_with(&bold),
                "bold is not the lead: {bold} in {}",
                p.text()
            );
            let mut c = bold.chars();
            let numbered = c.next().is_some_and(|c| "一二三四五六七八九十".contains(c))
                && c.next().is_some_and(|c| "是要".contains(c));
            let ordinal = ["首先", "其次", "再次", "最后", "第", "一方面", "另一方面"]
                .iter()
                .any(|o| bold.starts_with(o));
            assert!(
                numbered || ordinal,
                "bold that is not an item's lead: {bold}"
            );
            bold_items += 1;
        }
    }
    assert!(bold_items >= 4, "only {bold_items} bold leads");
    // The built-in style is untouched by the edit: the default draft keeps GB2312 fonts.
    let plain = draft(&dir, &outline, 2, "docx", &[]);
    assert!(String::from_utf8_lossy(&parts(&plain)["word/document.xml"]).contains("仿宋_GB2312"));
}

#[test]
fn a_bad_style_or_docx_without_a_file_is_refused() {
    let dir = TempDir::new("docx-bad-style");
    let outline = root().join("examples/work_meeting.yaml");
    let bad = dir.write(
        "bad.yaml",
        speechgen::docx::style::BUILTIN.replace(
            "line_spacing_pt: 28.95",
            "line_spacing_pt: 28.95\ncolour: red",
        ),
    );
    let out = dir.path().join("x.docx");
    Test::new()
        .arg("draft")
        .arg(&outline)
        .args(["--format", "docx", "--style"])
        .arg(&bad)
        .arg("-o")
        .arg(&out)
        .stderr_contains("bad.yaml")
        .stderr_contains("colour")
        .status(2);
    assert!(!out.exists(), "a refused draft left a file");
    Test::new()
        .arg("draft")
        .arg(&outline)
        .args(["--format", "docx"])
        .stderr_contains("-o")
        .status(2);
    Test::new()
        .arg("draft")
        .arg(&outline)
        .args(["--style"])
        .arg(&bad)
        .stderr_contains("--format docx")
        .status(2);
}

/// The parse of a document, without the file's name.
fn skeleton(source: &str, bytes: &[u8]) -> String {
    let doc = speechgen::parse_bytes(source, bytes).unwrap_or_else(|e| panic!("{source}: {e}"));
    serde_json::to_string_pretty(&doc.speeches).unwrap()
}

#[test]
fn drafts_round_trip_through_docx_for_20_seeds() {
    let rules = RuleSet::builtin();
    let templates = Templates::builtin();
    let style = Style::builtin();
    for path in examples() {
        let outline = Outline::from_yaml(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let mut drafter = Drafter::new(
            &outline,
            &rules,
            &templates,
            Default::default(),
            Target::Text,
        )
        .unwrap();
        for seed in 0..20 {
            let (plan, text) = drafter.draft(seed).unwrap();
            let docx = speechgen::docx::draft_to_docx(&plan, &text, &style).unwrap();
            let name = format!("{} seed {seed}", path.display());
            assert_eq!(
                skeleton(&name, &docx),
                skeleton(&name, text.as_bytes()),
                "{name}: the .docx parses differently from the txt"
            );
        }
    }
}

#[test]
fn docx_files_libreoffice_wrote_parse_like_their_text() {
    let fixtures = root().join("tests/fixtures/docx");
    let raw = corpus_dir().join("raw");
    let mut seen = 0;
    for entry in std::fs::read_dir(&raw).unwrap() {
        let txt = entry.unwrap().path();
        let docx = fixtures
            .join(txt.file_stem().unwrap())
            .with_extension("docx");
        assert!(
            docx.is_file(),
            "no fixture {} (scripts/docx-fixtures.sh makes it)",
            docx.display()
        );
        let name = txt.file_name().unwrap().to_string_lossy().into_owned();
        assert_eq!(
            skeleton(&name, &std::fs::read(&docx).unwrap()),
            skeleton(&name, &std::fs::read(&txt).unwrap()),
            "{name}"
        );
        seen += 1;
    }
    assert_eq!(seen, 5);
    // Word's generated list numbers, and tracked changes taken as accepted, with tables,
    // headers and footers left out: as the text a reader sees.
    for name in ["numbered", "tracked"] {
        let docx = std::fs::read(fixtures.join(format!("{name}.docx"))).unwrap();
        let txt = std::fs::read(fixtures.join(format!("{name}.txt"))).unwrap();
        assert_eq!(skeleton(name, &docx), skeleton(name, &txt), "{name}");
    }
}

#[test]
fn parse_reads_a_docx_whatever_its_name() {
    let fixtures = root().join("tests/fixtures/docx");
    let dir = TempDir::new("docx-name");
    let renamed = dir.write(
        "speech.txt",
        std::fs::read(fixtures.join("numbered.docx")).unwrap(),
    );
    let out = Test::new().arg("parse").arg(&renamed).success();
    // Word's list numbers, as the text shows them (1. normalized to 1．).
    for heading in ["一、", "（一）", "1", "2"] {
        assert!(
            out.stdout.contains(&format!("ordinal: {heading}")),
            "no {heading} in\n{}",
            out.stdout
        );
    }
    let tracked = Test::new()
        .arg("parse")
        .arg(fixtures.join("tracked.docx"))
        .success();
    let expected = std::fs::read_to_string(fixtures.join("tracked.txt")).unwrap();
    // Every paragraph of the text a reader sees is in the parse, and nothing of the table,
    // header or footer.
    let parse = tracked.stdout.replace(['\n', ' ', '>', '-'], "");
    for line in expected
        .lines()
        .map(str::trim)
        .filter(|l| l.chars().count() > 8)
    {
        let probe: String = line.chars().skip(2).take(12).collect();
        assert!(
            parse.contains(&probe),
            "{probe} missing from\n{}",
            tracked.stdout
        );
    }
}

/// A zip holding one entry, stored as the zip crate writes it.
fn zip_of(name: &str, data: &[u8]) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    w.start_file(name, zip::write::SimpleFileOptions::default())
        .unwrap();
    std::io::Write::write_all(&mut w, data).unwrap();
    w.finish().unwrap().into_inner()
}

/// A zip whose word/document.xml inflates to `size` bytes of zeros (deflate, fixed Huffman:
/// one literal, then copies of 258 at distance 1), its header declaring `declared` bytes.
fn zip_bomb(size: u64, declared: u32) -> Vec<u8> {
    let mut bits = BitWriter::default();
    bits.put(0b1, 1); // BFINAL
    bits.put(0b01, 2); // fixed Huffman
    bits.put_rev(0b0011_0000, 8); // literal 0
    let mut left = size - 1;
    while left >= 258 {
        bits.put_rev(0b1100_0101, 8); // length 258
        bits.put_rev(0, 5); // distance 1
        left -= 258;
    }
    for _ in 0..left {
        bits.put_rev(0b0011_0000, 8);
    }
    bits.put_rev(0, 7); // end of block
    let data = bits.finish();
    let name = b"word/document.xml";
    let mut out = Vec::new();
    let header = |out: &mut Vec<u8>, central: bool| {
        out.extend_from_slice(if central {
            b"PK\x01\x02"
        } else {
            b"PK\x03\x04"
        });
        if central {
            out.extend_from_slice(&20u16.to_le_bytes());
        }
        out.extend_from_slice(&20u16.to_le_bytes()); // version
        out.extend_from_slice(&0u16.to_le_bytes()); // flags
        out.extend_from_slice(&8u16.to_le_bytes()); // deflate
        out.extend_from_slice(&[0, 0, 0x21, 0]); // time, date
        out.extend_from_slice(&0u32.to_le_bytes()); // crc (never reached)
        out.extend_from_slice(&(data.len() as u32).to_le_bytes());
        out.extend_from_slice(&declared.to_le_bytes());
        out.extend_from_slice(&(name.len() as u16).to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes()); // extra
        if central {
            out.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
            out.extend_from_slice(&0u32.to_le_bytes()); // external attributes
            out.extend_from_slice(&0u32.to_le_bytes()); // offset of the local header
        }
        out.extend_from_slice(name);
    };
    header(&mut out, false);
    out.extend_from_slice(&data);
    let central = out.len() as u32;
    header(&mut out, true);
    let central_len = out.len() as u32 - central;
    out.extend_from_slice(b"PK\x05\x06");
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes());
    out.extend_from_slice(&central_len.to_le_bytes());
    out.extend_from_slice(&central.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

#[derive(Default)]
struct BitWriter {
    out: Vec<u8>,
    acc: u64,
    n: u32,
}

impl BitWriter {
    /// `n` bits of `v`, least significant first (deflate's header fields).
    fn put(&mut self, v: u64, n: u32) {
        self.acc |= v << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }
    /// A Huffman code of `n` bits, most significant first.
    fn put_rev(&mut self, code: u64, n: u32) {
        let mut r = 0;
        for i in 0..n {
            r |= ((code >> i) & 1) << (n - 1 - i);
        }
        self.put(r, n);
    }
    fn finish(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.out.push(self.acc as u8);
        }
        self.out
    }
}

#[test]
fn bad_word_files_are_refused_with_their_name() {
    let dir = TempDir::new("docx-bad");
    let good = std::fs::read(root().join("tests/fixtures/docx/numbered.docx")).unwrap();
    let mut cfb = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    cfb.resize(512, 0);
    cfb.extend("EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes));
    cfb.resize(4096, 0);
    let mut doc = vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    doc.resize(4096, 0);
    let gib = 1u64 << 30;
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated.docx", good[..good.len() / 2].to_vec(), "damaged"),
        (
            "notes.docx",
            zip_of("notes.txt", "同志们：".as_bytes()),
            "not a Word document",
        ),
        (
            "sheet.docx",
            zip_of("xl/workbook.xml", b"<workbook/>"),
            "Excel",
        ),
        (
            "bad-xml.docx",
            zip_of("word/document.xml", b"<w:document><w:body><w:p></w:body>"),
            "not well-formed",
        ),
        ("locked.docx", cfb, "password-protected"),
        // Word's own encryption (agile, AES-256), made by scripts/docx-fixtures.sh.
        (
            "encrypted.docx",
            std::fs::read(root().join("tests/fixtures/docx/encrypted.docx")).unwrap(),
            "password-protected",
        ),
        ("old.doc", doc, ".doc"),
        (
            "bomb.docx",
            zip_bomb(gib, gib as u32),
            "inflates to more than",
        ),
        ("lying-bomb.docx", zip_bomb(gib, 1000), "bomb.docx"),
    ];
    for (name, bytes, says) in cases {
        let path = dir.write(name, &bytes);
        let out = Test::new()
            .arg("parse")
            .arg(&path)
            .stderr_contains(name)
            .stderr_contains(says)
            .status(2);
        assert!(out.stdout.is_empty(), "{name}: {}", out.stdout);
        // mine says the same, and --keep-going skips it.
        Test::new()
            .arg("mine")
            .arg(&path)
            .stderr_contains(name)
            .status(2);
    }
}

#[test]
fn batch_writes_one_docx_per_draft_the_same_for_any_jobs() {
    let dir = TempDir::new("docx-batch");
    let mut runs = Vec::new();
    for jobs in ["1", "2"] {
        let out = dir.path().join(format!("j{jobs}"));
        Test::new()
            .args([
                "batch", "--random", "6", "--seed", "3", "--format", "docx", "--jobs", jobs, "-o",
            ])
            .arg(&out)
            .success();
        let mut files: Vec<(String, Vec<u8>)> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| {
                let p = e.unwrap().path();
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    std::fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        runs.push(files);
    }
    assert_eq!(runs[0].len(), 6);
    assert!(runs[0].iter().all(|(n, _)| n.ends_with(".docx")));
    assert!(runs[0] == runs[1], "jobs 1 and 2 wrote different files");
    // Each is the record's text, paragraph for paragraph.
    let jsonl = dir.path().join("r.jsonl");
    Test::new()
        .args(["batch", "--random", "6", "--seed", "3", "-o"])
        .arg(&jsonl)
        .success();
    let records = std::fs::read_to_string(&jsonl).unwrap();
    for ((name, docx), line) in runs[0].iter().zip(records.lines()) {
        let record: serde_json::Value = serde_json::from_str(line).unwrap();
        let texts: Vec<String> = paragraphs(&parts(docx)["word/document.xml"])
            .iter()
            .map(Para::text)
            .collect();
        assert_eq!(
            texts,
            txt_paragraphs(record["text"].as_str().unwrap()),
            "{name}"
        );
    }
}

#[test]
fn bold_and_heading_styled_lines_of_a_docx_are_read_as_headings() {
    use docx_rs::{Docx, Paragraph, Run};
    let plain = |t: &str| Paragraph::new().add_run(Run::new().add_text(t));
    let bold = |t: &str| Paragraph::new().add_run(Run::new().add_text(t).bold());
    let docx = Docx::new()
        .add_paragraph(plain("在全市文化旅游发展大会上的讲话"))
        .add_paragraph(plain("同志们："))
        .add_paragraph(plain(
            "今天召开全市文化旅游发展大会，主要是总结工作、部署任务。下面，我讲三个方面。",
        ))
        .add_paragraph(bold("这一年，我们在融合发展上迈出坚实步伐"))
        .add_paragraph(plain(
            "全年接待游客人次和旅游收入稳步增长，文旅融合项目陆续建成开放。",
        ))
        .add_paragraph(bold("新的一年，我们要在品质提升上下更大功夫"))
        .add_paragraph(plain(
            "要完善景区服务设施，提升导游讲解水平，让游客玩得舒心、住得安心。",
        ))
        .add_paragraph(bold("抓落实，关键在于压实各方责任"))
        .add_paragraph(plain(
            "各级各部门要各司其职、密切配合，形成推动文旅发展的工作合力。",
        ))
        .add_paragraph(plain(
            "同志们，让我们携起手来，共同开创全市文化旅游发展新局面！",
        ));
    let mut bytes = std::io::Cursor::new(Vec::new());
    docx.build().pack(&mut bytes).unwrap();
    let doc = speechgen::parse_bytes("bold.docx", bytes.get_ref()).unwrap();
    let speech = &doc.speeches[0];
    let headings: Vec<&str> = speech
        .sections
        .iter()
        .filter_map(|s| s.heading.as_deref())
        .collect();
    assert_eq!(
        headings,
        [
            "这一年，我们在融合发展上迈出坚实步伐",
            "新的一年，我们要在品质提升上下更大功夫",
            "抓落实，关键在于压实各方责任"
        ],
        "{speech:#?}"
    );
}

#[test]
fn mine_reads_a_folder_of_docx_and_skips_words_owner_files() {
    let dir = TempDir::new("docx-mine");
    let fixtures = root().join("tests/fixtures/docx");
    for name in ["numbered.docx", "tracked.docx"] {
        dir.write(name, std::fs::read(fixtures.join(name)).unwrap());
    }
    // Word keeps this beside an open document; it is no document.
    dir.write("~$mbered.docx", b"\x0cowner\x00\x00");
    let out = Test::new().arg("mine").arg(dir.path()).success();
    assert!(
        out.stdout.contains("role:"),
        "no rules mined:\n{}",
        out.stdout
    );
    assert!(!out.stderr.contains("~$"), "{}", out.stderr);
}

#[test]
fn a_date_in_the_outline_goes_under_the_byline_and_parses_back() {
    let dir = TempDir::new("docx-date");
    let example = std::fs::read_to_string(root().join("examples/work_meeting.yaml")).unwrap();
    let outline = dir.write("dated.yaml", format!("date: 2026年3月5日\n{example}"));
    let txt = String::from_utf8(draft(&dir, &outline, 3, "txt", &[])).unwrap();
    let lines = txt_paragraphs(&txt);
    assert_eq!(lines[2], "（2026年3月5日）", "{txt}");
    // Parsed back, the date is the speech's, not an opening paragraph.
    let file = dir.write("dated.txt", &txt);
    let parsed = Test::new().arg("parse").arg(&file).success().stdout;
    assert!(parsed.contains("date: 2026年3月5日"), "{parsed}");
    assert!(!parsed.contains("paragraph: （2026"), "{parsed}");
    // In Word: centred in the byline's font, and the layout otherwise as always.
    let docx = draft(&dir, &outline, 3, "docx", &[]);
    let style = Style::builtin();
    let paras = paragraphs(&parts(&docx)["word/document.xml"]);
    let date = &paras[2];
    assert_eq!(date.text(), "（2026年3月5日）");
    assert_eq!(date.prop("jc", "val"), Some("center"));
    assert!(date
        .runs
        .iter()
        .all(|r| r.prop("rFonts", "eastAsia") == Some(style.fonts.byline.east_asia.as_str())));
    assert_eq!(skeleton("dated", &docx), skeleton("dated", txt.as_bytes()));
}

#[test]
fn styles_and_docx_flags_are_refused_where_they_cannot_apply() {
    let dir = TempDir::new("docx-flags");
    let file = dir.write("mine.yaml", "my own style\n");
    // eject does not write over a file without --force.
    Test::new()
        .args(["styles", "eject"])
        .arg(&file)
        .stderr_contains("--force")
        .status(2);
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "my own style\n");
    Test::new()
        .args(["styles", "eject", "--force"])
        .arg(&file)
        .success();
    assert_eq!(
        std::fs::read_to_string(&file).unwrap(),
        speechgen::docx::style::BUILTIN
    );
    // batch: docx files need a folder; a style needs docx.
    Test::new()
        .args(["batch", "--random", "2", "--format", "docx"])
        .stderr_contains("-o")
        .status(2);
    Test::new()
        .args(["batch", "--random", "2", "--style"])
        .arg(&file)
        .stderr_contains("--format docx")
        .status(2);
    // A style file that is no style: the file named.
    let bad = dir.write("bad.yaml", "page: 12\n");
    Test::new()
        .args(["batch", "--random", "2", "--format", "docx", "--style"])
        .arg(&bad)
        .arg("-o")
        .arg(dir.path().join("out"))
        .stderr_contains("bad.yaml")
        .status(2);
    assert!(
        !dir.path().join("out").exists(),
        "a refused batch left its folder"
    );
}
