//! Word's list numbering: the definitions of numbering.xml (abstract lists and the instances
//! that use them, with their overrides), the counters of a document's lists as its paragraphs
//! are read, and the numbers in Word's formats (一, 甲, ①, IV …).

use std::collections::HashMap;

use super::xml::{attr, val, walk, Tag};
use crate::diag::Diagnostic;

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
pub(super) struct Numbering {
    abstracts: HashMap<String, Vec<Level>>,
    /// numId → (abstractNumId, its overrides).
    nums: HashMap<String, (String, Overrides)>,
    /// A list that takes its levels from a list style (numStyleLink) → the style's name.
    style_users: HashMap<String, String>,
    /// A list style's name → the list that defines its levels (styleLink).
    style_lists: HashMap<String, String>,
}

impl Numbering {
    pub(super) fn read(xml: &[u8]) -> Result<Numbering, Diagnostic> {
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
                    b"numStyleLink" => {
                        if let (Some(id), Some(v)) = (&abstract_id, val(e)) {
                            n.style_users.insert(id.clone(), v);
                        }
                    }
                    b"styleLink" => {
                        if let (Some(id), Some(v)) = (&abstract_id, val(e)) {
                            n.style_lists.insert(v, id.clone());
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

/// The lists of a document as its paragraphs are read: each list's counters (by abstract
/// definition, or by instance when the instance restarts it).
pub(super) struct Lists<'a> {
    numbering: &'a Numbering,
    counters: HashMap<String, [Option<u32>; 9]>,
}

impl<'a> Lists<'a> {
    /// The lists `numbering` defines, none counted yet.
    pub(super) fn new(numbering: &'a Numbering) -> Lists<'a> {
        Lists {
            numbering,
            counters: HashMap::new(),
        }
    }

    /// The number Word shows for a paragraph of list `num_id` at `level`, and advances the
    /// list's counters.
    pub(super) fn label(&mut self, num_id: &str, level: usize) -> String {
        let Some((abstract_id, overrides)) = self.numbering.nums.get(num_id) else {
            return String::new();
        };
        // A list saved as a list style takes its levels from the list that defines the style.
        let abstract_id = self
            .numbering
            .style_users
            .get(abstract_id)
            .and_then(|style| self.numbering.style_lists.get(style))
            .unwrap_or(abstract_id);
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
            // A tab after a number that ends in punctuation (一、 1. （一）) reads as nothing;
            // after a bare number (一, 第一章, 3) as a space.
            _ if out.ends_with(|c: char| c.is_alphanumeric()) => out.push(' '),
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
}
