//! The layout of a speech as a .docx: page, grid, line spacing, a font and size per role, and
//! the options (bold leads, highlighted placeholders). The built-in one (`styles/official.yaml`,
//! after GB/T 9704-2012) is embedded; a user's style file replaces it whole.

use serde::Deserialize;

use crate::diag::Diagnostic;

/// The built-in style file, as shipped (comments and all): what `styles show` prints.
pub const BUILTIN: &str = include_str!("../../styles/official.yaml");

/// The largest style file read.
pub const MAX_STYLE_BYTES: u64 = 1 << 20;

/// A .docx layout.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Style {
    /// Page size, margins and grid.
    pub page: Page,
    /// Exact line spacing of the text, in points.
    pub line_spacing_pt: f64,
    /// First-line indent of body paragraphs and headings, in characters.
    pub indent_chars: u32,
    /// The font of each role.
    pub fonts: Fonts,
    /// The lead of each enumeration item in bold.
    pub bold_leads: bool,
    /// Word's highlight colour for placeholders, or `none`.
    pub placeholder_highlight: String,
}

/// Page size, margins and grid.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Page {
    /// Width in millimetres.
    pub width_mm: f64,
    /// Height in millimetres.
    pub height_mm: f64,
    /// Margins in millimetres.
    pub margins_mm: Margins,
    /// The document grid.
    pub grid: Grid,
}

/// Margins in millimetres.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Margins {
    /// Top.
    pub top: f64,
    /// Bottom.
    pub bottom: f64,
    /// Left.
    pub left: f64,
    /// Right.
    pub right: f64,
}

/// Lines on a page and characters on a line.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Lines on a page.
    pub lines: u32,
    /// Characters on a line.
    pub chars: u32,
    /// How the characters are kept to the grid.
    #[serde(default)]
    pub mode: GridMode,
}

/// How a line holds its `chars` characters.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum GridMode {
    /// Word's character grid (docGrid linesAndChars, its pitch set by charSpace).
    #[default]
    Chars,
    /// A line grid, and body-sized characters condensed to the pitch (w:spacing).
    Lines,
}

/// The font of each role.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fonts {
    /// The title.
    pub title: Font,
    /// The byline.
    pub byline: Font,
    /// Body text, the greeting and the closing.
    pub body: Font,
    /// 一、 headings.
    pub heading1: Font,
    /// （一） headings.
    pub heading2: Font,
    /// 1. headings.
    pub heading3: Font,
    /// （1） headings.
    pub heading4: Font,
    /// Page numbers.
    pub page_number: Font,
}

/// A font for Chinese text and one for letters and digits, and a size.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Font {
    /// For Chinese characters (w:eastAsia).
    pub east_asia: String,
    /// For letters and digits (w:ascii, w:hAnsi).
    pub latin: String,
    /// The size.
    pub size: Size,
}

/// A font size in points, written as a Chinese size name (三号) or a number.
#[derive(Debug, Clone, Copy, PartialEq, Deserialize)]
#[serde(try_from = "SizeText")]
pub struct Size(pub f64);

#[derive(Deserialize)]
#[serde(untagged)]
enum SizeText {
    Points(f64),
    Name(String),
}

/// The Chinese size names and their points.
pub const SIZE_NAMES: &[(&str, f64)] = &[
    ("初号", 42.0),
    ("小初", 36.0),
    ("一号", 26.0),
    ("小一", 24.0),
    ("二号", 22.0),
    ("小二", 18.0),
    ("三号", 16.0),
    ("小三", 15.0),
    ("四号", 14.0),
    ("小四", 12.0),
    ("五号", 10.5),
    ("小五", 9.0),
    ("六号", 7.5),
];

impl TryFrom<SizeText> for Size {
    type Error = String;
    fn try_from(value: SizeText) -> Result<Size, String> {
        let points = match value {
            SizeText::Points(p) => p,
            SizeText::Name(name) => {
                let name = name.trim();
                let number = name.strip_suffix("pt").unwrap_or(name).trim();
                match SIZE_NAMES.iter().find(|(n, _)| *n == name) {
                    Some(&(_, p)) => p,
                    None => number.parse().map_err(|_| {
                        format!(
                            "`{name}` is not a size: write a size name ({}) or points (16)",
                            SIZE_NAMES
                                .iter()
                                .map(|(n, _)| *n)
                                .collect::<Vec<_>>()
                                .join(" ")
                        )
                    })?,
                }
            }
        };
        if (5.0..=72.0).contains(&points) {
            Ok(Size(points))
        } else {
            Err(format!("a size of {points} pt is out of range: 5 to 72 pt"))
        }
    }
}

impl Size {
    /// In half-points, as Word writes sizes (w:sz).
    pub fn half_points(self) -> usize {
        (self.0 * 2.0).round() as usize
    }

    /// In twentieths of a point.
    pub fn twips(self) -> i32 {
        (self.0 * 20.0).round() as i32
    }
}

/// Word's highlight colours.
pub const HIGHLIGHTS: &[&str] = &[
    "yellow",
    "green",
    "cyan",
    "magenta",
    "blue",
    "red",
    "darkBlue",
    "darkCyan",
    "darkGreen",
    "darkMagenta",
    "darkRed",
    "darkYellow",
    "darkGray",
    "lightGray",
    "black",
];

/// Twentieths of a point in a millimetre.
pub fn mm_to_twips(mm: f64) -> i32 {
    (mm * 1440.0 / 25.4).round() as i32
}

impl Style {
    /// The built-in style (GB/T 9704-2012).
    pub fn builtin() -> Style {
        Style::from_yaml(BUILTIN).expect("the built-in style file is valid")
    }

    /// Reads a style file; errors say where, and what is allowed.
    pub fn from_yaml(text: &str) -> Result<Style, Diagnostic> {
        let style: Style = serde_saphyr::from_str(text).map_err(|e| crate::diag::yaml(&e, text))?;
        style.check().map_err(|m| {
            Diagnostic::new(m).hint("see the built-in style: speechgen styles show")
        })?;
        Ok(style)
    }

    /// Sizes and lengths a page can hold; font names Word can write.
    fn check(&self) -> Result<(), String> {
        let p = &self.page;
        for (what, v, low, high) in [
            ("page.width_mm", p.width_mm, 50.0, 1000.0),
            ("page.height_mm", p.height_mm, 50.0, 1000.0),
            ("page.margins_mm.top", p.margins_mm.top, 0.0, 200.0),
            ("page.margins_mm.bottom", p.margins_mm.bottom, 0.0, 200.0),
            ("page.margins_mm.left", p.margins_mm.left, 0.0, 200.0),
            ("page.margins_mm.right", p.margins_mm.right, 0.0, 200.0),
            ("line_spacing_pt", self.line_spacing_pt, 6.0, 100.0),
        ] {
            if !(low..=high).contains(&v) {
                return Err(format!("`{what}: {v}` is out of range: {low} to {high}"));
            }
        }
        let (width, height) = self.text_block_mm();
        if width < 30.0 || height < 30.0 {
            return Err(format!(
                "the margins leave a text block of {width:.0} × {height:.0} mm; leave at least 30 × 30 mm"
            ));
        }
        if !(1..=100).contains(&p.grid.lines) || !(1..=100).contains(&p.grid.chars) {
            return Err(format!(
                "`page.grid` of {} lines × {} characters is out of range: 1 to 100 each",
                p.grid.lines, p.grid.chars
            ));
        }
        if self.indent_chars > 10 {
            return Err(format!(
                "`indent_chars: {}` is out of range: 0 to 10",
                self.indent_chars
            ));
        }
        for (role, font) in self.fonts.roles() {
            for (which, name) in [("east_asia", &font.east_asia), ("latin", &font.latin)] {
                if name.trim().is_empty()
                    || name.chars().count() > 64
                    || name.chars().any(|c| c.is_control() || "<>&\"".contains(c))
                {
                    return Err(format!(
                        "`fonts.{role}.{which}: {name:?}` is not a font name (1 to 64 characters, no <>&\")"
                    ));
                }
            }
        }
        let h = &self.placeholder_highlight;
        if h != "none" && !HIGHLIGHTS.contains(&h.as_str()) {
            return Err(format!(
                "`placeholder_highlight: {h}` is not one of Word's highlight colours: none, {}",
                HIGHLIGHTS.join(", ")
            ));
        }
        Ok(())
    }

    /// The pitch of a character on the grid, in points.
    pub fn char_pitch_pt(&self) -> f64 {
        f64::from(mm_to_twips(self.text_block_mm().0)) / 20.0 / f64::from(self.page.grid.chars)
    }

    /// The text block, width × height in millimetres.
    pub fn text_block_mm(&self) -> (f64, f64) {
        let p = &self.page;
        (
            p.width_mm - p.margins_mm.left - p.margins_mm.right,
            p.height_mm - p.margins_mm.top - p.margins_mm.bottom,
        )
    }
}

impl Fonts {
    /// Every role and its font, in the file's order.
    pub fn roles(&self) -> [(&'static str, &Font); 8] {
        [
            ("title", &self.title),
            ("byline", &self.byline),
            ("body", &self.body),
            ("heading1", &self.heading1),
            ("heading2", &self.heading2),
            ("heading3", &self.heading3),
            ("heading4", &self.heading4),
            ("page_number", &self.page_number),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_builtin_style_is_gb_t_9704() {
        let s = Style::builtin();
        assert_eq!(s.text_block_mm(), (156.0, 225.0));
        assert_eq!(s.fonts.body.size, Size(16.0));
        assert_eq!(s.fonts.title.size, Size(22.0));
        assert_eq!(s.fonts.page_number.size, Size(14.0));
        assert_eq!((s.page.grid.lines, s.page.grid.chars), (22, 28));
        assert_eq!(mm_to_twips(210.0), 11906);
        assert_eq!(mm_to_twips(297.0), 16838);
    }

    #[test]
    fn sizes_are_names_or_points() {
        let with = |size: &str| Style::from_yaml(&BUILTIN.replace("size: 三号 }", size));
        assert_eq!(with("size: 小四 }").unwrap().fonts.body.size, Size(12.0));
        assert_eq!(with("size: 15.5 }").unwrap().fonts.body.size, Size(15.5));
        assert_eq!(with("size: 15pt }").unwrap().fonts.body.size, Size(15.0));
        let e = with("size: 大号 }").unwrap_err().to_string();
        assert!(e.contains("not a size") && e.contains("三号"), "{e}");
        let e = with("size: 500 }").unwrap_err().to_string();
        assert!(e.contains("out of range"), "{e}");
    }

    #[test]
    fn a_bad_style_says_what_and_where() {
        let e = Style::from_yaml(&BUILTIN.replace("bold_leads:", "bold_lead:"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("bold_lead"), "{e}");
        let e = Style::from_yaml(&BUILTIN.replace("left: 28", "left: 190"))
            .unwrap_err()
            .to_string();
        assert!(e.contains("text block"), "{e}");
        let e = Style::from_yaml(&BUILTIN.replace(
            "placeholder_highlight: yellow",
            "placeholder_highlight: pink",
        ))
        .unwrap_err()
        .to_string();
        assert!(e.contains("pink") && e.contains("yellow"), "{e}");
        let e = Style::from_yaml(&BUILTIN.replace("east_asia: 黑体", "east_asia: \"\""))
            .unwrap_err()
            .to_string();
        assert!(e.contains("fonts.heading1.east_asia"), "{e}");
    }
}
