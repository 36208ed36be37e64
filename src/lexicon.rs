//! The genre's vocabulary that more than one stage needs: what counts as a Chinese character,
//! the offices a byline names, and the couplet (对仗句) shape. Plain data and small tests on
//! text; no stage of its own.

/// Offices (职务) that end a byline's position: `市委网信办主任`, `党组书记、局长`. Longer
/// forms come before the shorter forms they end with, so a suffix search finds the longest.
pub const OFFICES: [&str; 40] = [
    "党组书记",
    "书记",
    "主任",
    "局长",
    "部长",
    "市长",
    "省长",
    "县长",
    "区长",
    "校长",
    "主席",
    "团长",
    "院长",
    "厅长",
    "委员",
    "社长",
    "总编辑",
    "总编",
    "董事长",
    "经理",
    "处长",
    "科长",
    "组长",
    "会长",
    "秘书长",
    "司令员",
    "政委",
    "理事长",
    "主编",
    "所长",
    "馆长",
    "站长",
    "镇长",
    "乡长",
    "行长",
    "检察长",
    "庭长",
    "总裁",
    "常委",
    "主委",
];

/// A Chinese character (CJK ideographs, extension A and beyond, compatibility ideographs).
pub fn is_han(c: char) -> bool {
    matches!(c, '\u{3400}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// How many Chinese characters a text has.
pub fn han_count(s: &str) -> usize {
    s.chars().filter(|&c| is_han(c)).count()
}

/// Is the text all Chinese characters (and not empty)?
pub fn all_han(s: &str) -> bool {
    !s.is_empty() && s.chars().all(is_han)
}

/// The couplet opening a sentence, if it has one: two clauses of 5 to 9 Chinese characters,
/// of equal length, before the first 。 or ！ (`征程万里风正劲，重任千钧再扬帆`).
pub fn couplet(s: &str) -> Option<&str> {
    let end = s.find('。').or_else(|| s.find('！')).unwrap_or(s.len());
    let first = &s[..end];
    let (a, b) = first.split_once('，')?;
    let n = a.chars().count();
    (n == b.chars().count() && (5..=9).contains(&n) && all_han(a) && all_han(b)).then_some(first)
}

/// Words that point back at what came before (对此, 这一, 因此 …): a sentence that begins
/// with one needs its antecedent before it, so it never opens a paragraph or a body, and a
/// rule that begins with one is not drawn on its own.
pub const POINTING_OPENERS: [&str; 30] = [
    "对此",
    "这一",
    "这些",
    "这方面",
    "这项",
    "这是",
    "此外",
    "因此",
    "同时",
    "为此",
    "由此",
    "其中",
    "另外",
    "与此同时",
    "特别是",
    "尤其是",
    "总之",
    "所以",
    "但是",
    "而且",
    "并且",
    "对于这些",
    "在这种情况下",
    "在此基础上",
    "在这方面",
    "这样",
    "上述",
    "此项",
    "该项",
    "他们",
];

/// Does a sentence begin by pointing back (对此，…; 这一…)?
pub fn points_back(sentence: &str) -> bool {
    POINTING_OPENERS.iter().any(|w| sentence.starts_with(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn couplets_are_two_equal_clauses_of_chinese() {
        assert_eq!(
            couplet("征程万里风正劲，重任千钧再扬帆。全市…"),
            Some("征程万里风正劲，重任千钧再扬帆")
        );
        assert_eq!(
            couplet("海阔凭鱼跃，天高任鸟飞。"),
            Some("海阔凭鱼跃，天高任鸟飞")
        );
        assert_eq!(couplet("同志们，做好工作。"), None);
        assert_eq!(couplet("2024年全市，经济稳中向好。"), None);
    }

    #[test]
    fn longer_offices_precede_their_suffixes() {
        for (i, long) in OFFICES.iter().enumerate() {
            for short in &OFFICES[..i] {
                assert!(
                    !long.ends_with(short) || long == short,
                    "{long} must come before {short}"
                );
            }
        }
    }
}
