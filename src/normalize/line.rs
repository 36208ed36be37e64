//! One input line into paragraphs: spaces, half-width punctuation between Chinese text, a
//! speech run together on one line, letter-spaced names, Markdown marks, footnote markers and
//! a title glued to its copy; every character keeps its offset in the input.

use super::{flush, Builder, Para};
use crate::lexicon::is_han;

/// Full-width space, no-break space, tab, ideographic and other Unicode spaces.
pub(super) fn is_space(c: char) -> bool {
    c == ' '
        || c == '\t'
        || c == '\u{3000}'
        || c == '\u{a0}'
        || c == '\u{feff}'
        || c.is_whitespace()
}

/// Chinese text: ideographs, full-width punctuation and forms, and the `XX` placeholders
/// that templates of the genre use in place of names.
pub(super) fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{2018}'..='\u{201F}' | '\u{2026}' | '\u{2014}' | '\u{2015}' | '\u{20000}'..='\u{3FFFF}')
}

pub(super) const CN_DIGITS: &str = "一二三四五六七八九十";

/// Does a new paragraph plausibly start here (after a space inside a long line)?
pub(super) fn starts_structure(rest: &[char]) -> bool {
    let s: String = rest.iter().take(8).collect();
    let numeral_len = s.chars().take_while(|c| CN_DIGITS.contains(*c)).count();
    if numeral_len > 0 {
        let after: String = s.chars().skip(numeral_len).take(2).collect();
        if after.starts_with('、') || after.starts_with('是') || after.starts_with("要") {
            return true;
        }
    }
    if let Some(r) = s.strip_prefix('（').or_else(|| s.strip_prefix('(')) {
        let n = r.chars().take_while(|c| CN_DIGITS.contains(*c)).count();
        if n > 0 && matches!(r.chars().nth(n), Some('）' | ')')) {
            return true;
        }
    }
    let arabic = s.chars().take_while(char::is_ascii_digit).count();
    if arabic > 0 && arabic < 3 && matches!(s.chars().nth(arabic), Some('、' | '．')) {
        return true;
    }
    const OPENERS: [&str; 12] = [
        "同志们：",
        "同志们:",
        "同志们，",
        "同志们,",
        "同志们！",
        "同志们!",
        "第一，",
        "第一,",
        "首先，",
        "首先,",
        "一方面",
        "另一方面",
    ];
    OPENERS.iter().any(|o| s.starts_with(o))
}

/// Does the text so far end a sentence, so that a following space is a paragraph break?
///
/// Half-width `! ? : ;` are still half-width only when no Chinese is next to them (see
/// `full_width`). After a Latin word or a figure inside Chinese text (`要落实 key: value
/// 要求。`) they are punctuation inside the paragraph, and a space after them is a space;
/// a Latin label opening a line (`title: …`, a container's field) still ends there.
pub(super) fn ends_sentence(prev: &str, chinese_so_far: bool) -> bool {
    let mut it = prev.chars().rev();
    match it.next() {
        Some('。' | '！' | '？' | '；' | '：' | '…') => true,
        Some('!' | '?' | ':' | ';') => {
            !chinese_so_far
                || !it
                    .find(|&c| c != ' ')
                    .is_some_and(|c| c.is_ascii_alphanumeric())
        }
        Some('”' | '’' | '）' | ')' | '」' | '』' | '》') => {
            matches!(it.next(), Some('。' | '！' | '？' | '!' | '?'))
        }
        _ => false,
    }
}

/// Does the paragraph begin with a section ordinal (一、 （一） 1、) and have no full stop yet?
/// Then a space ends its heading.
pub(super) fn open_heading(par: &str) -> bool {
    let n = par.chars().take_while(|&c| CN_DIGITS.contains(c)).count();
    let numbered = (n > 0 && par.chars().nth(n) == Some('、'))
        || (par.starts_with('（') && par.chars().nth(1).is_some_and(|c| CN_DIGITS.contains(c)))
        || {
            let d = par.chars().take_while(char::is_ascii_digit).count();
            d > 0 && d < 3 && matches!(par.chars().nth(d), Some('、' | '．'))
        };
    numbered && !par.contains(['。', '！', '？'])
}

pub(super) fn full_width(c: char) -> Option<char> {
    Some(match c {
        ',' => '，',
        ':' => '：',
        ';' => '；',
        '?' => '？',
        '!' => '！',
        '(' => '（',
        ')' => '）',
        _ => return None,
    })
}

/// Byte offsets in the input of a logical line's characters, asked for in ascending order
/// (a line's characters and their offsets in one vector would cost 16 bytes a character).
pub(super) struct Offsets<'a> {
    input: &'a str,
    pieces: &'a [(usize, usize)],
    piece: usize,
    /// The byte offset of character `index`.
    pos: usize,
    index: usize,
}

impl<'a> Offsets<'a> {
    fn new(input: &'a str, pieces: &'a [(usize, usize)]) -> Self {
        Offsets {
            input,
            pieces,
            piece: 0,
            pos: pieces.first().map_or(0, |p| p.0),
            index: 0,
        }
    }

    /// The byte offset of character `index` of the line; `index` never decreases.
    fn at(&mut self, index: usize) -> usize {
        loop {
            while self.piece + 1 < self.pieces.len() && self.pos >= self.pieces[self.piece].1 {
                self.piece += 1;
                self.pos = self.pieces[self.piece].0;
            }
            if self.index >= index {
                return self.pos;
            }
            let width = self.input[self.pos..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            self.pos += width;
            self.index += 1;
        }
    }
}

/// Normalizes one logical line (pieces of the input read as one line) into zero or more
/// paragraphs.
pub(super) fn normalize_line(input: &str, pieces: &[(usize, usize)], out: &mut Builder) {
    let all: Vec<char> = pieces
        .iter()
        .flat_map(|&(s, e)| input[s..e].chars())
        .collect();
    // Trim, and drop Markdown heading marks (`# 标题`, `## 一`).
    let mut lo = all.iter().position(|&c| !is_space(c)).unwrap_or(all.len());
    let hi = all
        .iter()
        .rposition(|&c| !is_space(c))
        .map_or(lo, |i| i + 1);
    if all.get(lo) == Some(&'#') {
        let hashes = all[lo..hi].iter().take_while(|&&c| c == '#').count();
        if hashes <= 6 && all.get(lo + hashes).is_some_and(|&c| is_space(c)) {
            lo += hashes;
            while lo < hi && is_space(all[lo]) {
                lo += 1;
            }
        }
    }
    let only = &all[lo..hi];
    if only.is_empty() {
        return;
    }
    let mut offsets = Offsets::new(input, pieces);
    let long = only.len() > 120;
    let fused = fused_title_block(only);
    let run_together = only.len() > RUN_TOGETHER || !fused.is_empty();
    let spaced = if long { None } else { letter_spaced(only) };
    // A space opens a new paragraph only when Chinese text follows on the line: what trails
    // the last Chinese sentence (`列表项。 @at %percent`) stays with it, since on its own it
    // would read as page furniture.
    let last_cjk = only.iter().rposition(|&c| is_cjk(c));

    let mut par = Para::default();
    let mut open_paren = 0usize;
    // Whether the paragraph so far holds Chinese text.
    let mut par_cjk = false;
    let mut i = 0;
    while i < only.len() {
        let c = only[i];
        if is_space(c) {
            let j = (i..only.len())
                .find(|&k| !is_space(only[k]))
                .unwrap_or(only.len());
            let prev = par.text.chars().next_back();
            let next = only.get(j).copied();
            let ascii_both = prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| n.is_ascii_alphanumeric());
            let rest: Vec<char> = only[j..].iter().take(8).copied().collect();
            let brk = !par.text.is_empty()
                && last_cjk.is_some_and(|k| k >= j)
                && (ends_sentence(&par.text, par_cjk)
                    || (long && starts_structure(&rest))
                    || (starts_structure(&rest) && ends_title(&par.text))
                    || (open_heading(&par.text) && par.text.chars().nth(3).is_some()));
            if brk {
                flush(&mut par, out);
                par_cjk = false;
            } else if (ascii_both || (!long && !spaced_join(&spaced, i))) && !par.text.is_empty() {
                par.push(' ', offsets.at(lo + i));
            }
            i = j;
            continue;
        }
        // A whole speech run together on one line (a CSV cell): its title block is cut into
        // its lines, and a section ordinal or a vocative after a sentence end starts a
        // paragraph, space or not.
        if run_together
            && !par.text.is_empty()
            && (fused.contains(&i)
                || ends_sentence(&par.text, par_cjk)
                    && (opens_section(&only[i..]) || opens_vocative(&only[i..])))
        {
            flush(&mut par, out);
            par_cjk = false;
        }
        // Footnote markers in the middle of a line: [1] 〔2〕 ⑸.
        if !par.text.is_empty() {
            if let Some(len) = footnote_marker(&only[i..]) {
                i += len;
                continue;
            }
        }
        let prev = par.text.chars().next_back();
        let next = only.get(i + 1).copied();
        let written = match full_width(c) {
            Some(fw) => {
                let cjk_near = prev.is_some_and(is_cjk) || next.is_some_and(is_cjk);
                let digits_around = prev.is_some_and(|p| p.is_ascii_digit())
                    && next.is_some_and(|n| n.is_ascii_digit());
                match c {
                    '(' if !prev.is_some_and(|p| p.is_ascii_alphanumeric()) => {
                        open_paren += 1;
                        fw
                    }
                    ')' if open_paren > 0 => {
                        open_paren -= 1;
                        fw
                    }
                    '(' | ')' => c,
                    _ if cjk_near && !digits_around => fw,
                    _ => c,
                }
            }
            None => c,
        };
        par.push(written, offsets.at(lo + i));
        par_cjk |= is_cjk(written);
        i += 1;
    }
    flush(&mut par, out);
}

/// A line longer than this (in characters) holds a whole speech run together.
pub(super) const RUN_TOGETHER: usize = 1500;

/// Does a numbered section open here (`二、`, `十一、`)?
pub(super) fn opens_section(rest: &[char]) -> bool {
    let n = rest
        .iter()
        .take(3)
        .take_while(|c| CN_DIGITS.contains(**c))
        .count();
    n > 0 && rest.get(n) == Some(&'、')
}

/// Addressees that open a greeting or a vocative paragraph.
pub(super) const ADDRESSEES: [&str; 7] = [
    "同志们",
    "各位代表",
    "同学们",
    "老师们",
    "朋友们",
    "各位领导",
    "各位来宾",
];

/// Does a vocative open here (`同志们！`, `同志们，`, `各位代表：`)?
pub(super) fn opens_vocative(rest: &[char]) -> bool {
    let s: String = rest.iter().take(6).collect();
    ADDRESSEES.iter().any(|a| {
        s.strip_prefix(a)
            .is_some_and(|r| r.starts_with(['！', '，', '：', '、', '!', ',', ':']))
    })
}

/// A title block fused at the start of a line: `在…上的讲话（2025年3月1日）张XX同志们：…`.
/// Returns where its lines end (in characters): after the dated title, and after a speaker's
/// name that runs into the greeting.
pub(super) fn fused_title_block(line: &[char]) -> Vec<usize> {
    let head: String = line.iter().take(100).collect();
    let Some(open) = ["讲话（", "致辞（", "报告（", "发言（"]
        .iter()
        .filter_map(|w| head.find(w).map(|b| b + w.len() - '（'.len_utf8()))
        .min()
    else {
        return Vec::new();
    };
    if head[..open].contains(['。', '！', '？']) {
        return Vec::new();
    }
    let Some(close) = head[open..].find('）').map(|c| open + c) else {
        return Vec::new();
    };
    let dated = &head[open..close];
    if !dated.contains(['年', '日']) || dated.chars().count() > 20 {
        return Vec::new();
    }
    let end = head[..close].chars().count() + 1;
    let mut cuts = vec![head[..open].chars().count(), end];
    // A name of two to four characters, then the greeting.
    for k in 2..=4 {
        let name = &line[end.min(line.len())..(end + k).min(line.len())];
        if name.len() == k && name.iter().all(|&c| is_cjk(c)) && opens_vocative(&line[end + k..]) {
            cuts.push(end + k);
            break;
        }
    }
    cuts
}

/// A short paragraph with no sentence punctuation that reads as a title line.
pub(super) fn ends_title(par: &str) -> bool {
    par.chars().nth(5).is_some() && !par.contains(['。', '！', '？', '，'])
}

/// Whether the space at char index `i` of a letter-spaced line is dropped.
pub(super) fn spaced_join(spaced: &Option<Vec<bool>>, i: usize) -> bool {
    spaced
        .as_ref()
        .is_some_and(|joins| joins.get(i).copied().unwrap_or(false))
}

/// Letter-spaced lines (`盛 阅 春`, `弘 扬“四气” 提 振 精 神`): for each space, whether it
/// sits inside a word (drop it) or between words (keep it). `None` when the line is not
/// letter-spaced.
pub(super) fn letter_spaced(line: &[char]) -> Option<Vec<bool>> {
    // Tokens as (start, end) char ranges.
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < line.len() {
        if is_space(line[i]) {
            i += 1;
            continue;
        }
        let s = i;
        while i < line.len() && !is_space(line[i]) {
            i += 1;
        }
        tokens.push((s, i));
    }
    let single = |&(s, e): &(usize, usize)| e - s == 1 && is_han(line[s]);
    let singles = tokens.iter().filter(|t| single(t)).count();
    if tokens.len() < 2 || singles < 2 {
        return None;
    }
    let mut joins = vec![false; line.len()];
    let mut last_single = false;
    for (k, t) in tokens.iter().enumerate() {
        let is_single = single(t);
        // A lone numeral opening the line is a section ordinal (`一 关于…`), not a letter.
        let ordinal = k == 0 && CN_DIGITS.contains(line[t.0]) && t.1 - t.0 == 1;
        if k > 0 && last_single {
            joins[tokens[k - 1].1..t.0].fill(true);
        }
        last_single = is_single && !ordinal;
    }
    Some(joins)
}

/// A footnote marker at the start of `s`: `[12]`, `〔3〕`, `⑸`. Returns its length in chars.
pub(super) fn footnote_marker(s: &[char]) -> Option<usize> {
    match s.first()? {
        '\u{2474}'..='\u{2487}' => Some(1),
        open @ ('[' | '〔') => {
            let close = if *open == '[' { ']' } else { '〕' };
            let digits = s[1..].iter().take_while(|c| c.is_ascii_digit()).count();
            (digits > 0 && digits < 4 && s.get(1 + digits) == Some(&close)).then_some(digits + 2)
        }
        _ => None,
    }
}
