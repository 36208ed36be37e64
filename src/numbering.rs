//! Numbering (序号), computed and never typed: 一、…十、十一、; （一）; 一是…十是;
//! 首先/其次/再次/最后 (最后 only on the last item); 一方面/另一方面; 第一，….

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// An enumeration style (列举方式) a draft numbers its points with, named by its first marker.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Style {
    /// 一是、二是…
    Shi,
    /// 一要、二要… (directives only)
    Yao,
    /// 首先、其次、再次、最后
    Shouxian,
    /// 第一，第二，…
    Diyi,
    /// 一方面、另一方面 (two points)
    Yifangmian,
}

impl Style {
    /// Every style, as outlines and rules name them.
    pub const ALL: [Style; 5] = [
        Style::Shi,
        Style::Yao,
        Style::Shouxian,
        Style::Diyi,
        Style::Yifangmian,
    ];

    /// Its first marker, the name outlines and rules use: `一是`.
    pub fn name(self) -> &'static str {
        match self {
            Style::Shi => "一是",
            Style::Yao => "一要",
            Style::Shouxian => "首先",
            Style::Diyi => "第一",
            Style::Yifangmian => "一方面",
        }
    }

    /// The style of a name, if it is one.
    pub fn from_name(name: &str) -> Option<Style> {
        Style::ALL.into_iter().find(|s| s.name() == name)
    }

    /// The names, comma-separated, for messages.
    pub fn names() -> String {
        Style::ALL.map(Style::name).join(", ")
    }

    /// The marker of item `k` (0-based) of `count`, punctuation included where the style takes
    /// it: `一是`, `二要`, `首先，`, `最后，`, `另一方面，`, `第三，`.
    pub fn ordinal(self, k: usize, count: usize) -> String {
        item_ordinal(self.name(), k, count)
    }
}

impl std::fmt::Display for Style {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Serialize for Style {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Style {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Style, D::Error> {
        let name = String::deserialize(d)?;
        Style::from_name(&name).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "unknown style {name:?}; use one of {}",
                Style::names()
            ))
        })
    }
}

/// A number in Chinese numerals: 一 … 十, 十一 … 九十九 (and Arabic digits beyond).
pub fn cn_number(n: u32) -> String {
    const DIGITS: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    match n {
        0 => "零".into(),
        1..=9 => DIGITS[n as usize].into(),
        10 => "十".into(),
        11..=19 => format!("十{}", DIGITS[(n % 10) as usize]),
        20..=99 if n.is_multiple_of(10) => format!("{}十", DIGITS[(n / 10) as usize]),
        20..=99 => format!(
            "{}十{}",
            DIGITS[(n / 10) as usize],
            DIGITS[(n % 10) as usize]
        ),
        _ => n.to_string(),
    }
}

/// A count in Chinese numerals, as said before a measure word: 两点, 三点, 十二点 (an ordinal
/// keeps 二: 二、, 二是, 第二).
pub fn cn_count(n: u32) -> String {
    match n {
        2 => "两".into(),
        _ => cn_number(n),
    }
}

/// The ordinal of the n-th section (1-based): `一、`.
pub fn section_ordinal(n: usize) -> String {
    format!("{}、", cn_number(n as u32))
}

/// The ordinal of the n-th subsection (1-based): `（一）`.
pub fn subsection_ordinal(n: usize) -> String {
    format!("（{}）", cn_number(n as u32))
}

/// The marker of item `k` (0-based) of `count` in a list of `style`, punctuation included
/// where the style takes it: `一是`, `二要`, `首先，`, `最后，`, `另一方面，`, `第三，`.
pub fn item_ordinal(style: &str, k: usize, count: usize) -> String {
    let n = cn_number(k as u32 + 1);
    match style {
        "首先" => match k {
            0 => "首先，".into(),
            _ if k + 1 == count => "最后，".into(),
            1 => "其次，".into(),
            _ => "再次，".into(),
        },
        "一方面" => {
            if k == 0 {
                "一方面，".into()
            } else {
                "另一方面，".into()
            }
        }
        "第一" => format!("第{n}，"),
        "一要" => format!("{n}要"),
        _ => format!("{n}是"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_count_of_two_is_liang() {
        assert_eq!(cn_count(2), "两");
        assert_eq!(cn_count(3), "三");
        assert_eq!(cn_count(12), "十二");
        assert_eq!(section_ordinal(2), "二、");
    }

    #[test]
    fn chinese_numbers() {
        let got: Vec<String> = [1, 10, 11, 15, 20, 21, 99]
            .iter()
            .map(|&n| cn_number(n))
            .collect();
        assert_eq!(
            got,
            ["一", "十", "十一", "十五", "二十", "二十一", "九十九"]
        );
        assert_eq!(section_ordinal(11), "十一、");
    }

    #[test]
    fn sequence_markers_end_with_zuihou_only_on_the_last_item() {
        let got: Vec<String> = (0..5).map(|k| item_ordinal("首先", k, 5)).collect();
        assert_eq!(got, ["首先，", "其次，", "再次，", "再次，", "最后，"]);
        assert_eq!(item_ordinal("首先", 1, 2), "最后，");
        assert_eq!(item_ordinal("一要", 9, 10), "十要");
        assert_eq!(item_ordinal("一方面", 1, 2), "另一方面，");
    }
}
