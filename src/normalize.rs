//! Normalization: decoded text → one paragraph per line, in the form the grammar expects.
//!
//! This stage owns everything a grammar should not have to know about how text was scraped:
//! CRLF and lone CR, a scraper's line counters (`1、` `2、` … cutting words in half), full-width
//! and no-break spaces, half-width punctuation between Chinese text (`,` `:` `;` `(` `)` `?` `!`),
//! a whole speech on one line with spaces as paragraph breaks, stray spaces inside words,
//! letter-spaced titles and names (`盛 阅 春`), Markdown heading marks, mid-line footnote
//! markers, a title glued to its own copy, and whole blocks repeated by a scraper.
//!
//! It does not decide what a line *is* (title, heading, boilerplate): that is the grammar's job.
//! Every character of the output remembers where it came from, so positions can be reported
//! in the user's file ([`Normalized::original_offset`]).

use crate::lexicon::is_han;

/// Normalized text and the map back to the original text.
#[derive(Debug, Clone, Default)]
pub struct Normalized {
    /// One paragraph per line, joined by `\n`, no empty lines, no leading or trailing spaces.
    pub text: String,
    /// Checkpoints `(normalized byte offset, original byte offset)`, ascending; between two
    /// checkpoints the offsets advance together.
    map: Vec<(usize, usize)>,
}

impl Normalized {
    /// The byte offset in the original text of the character at `offset` in [`Self::text`].
    pub fn original_offset(&self, offset: usize) -> usize {
        let i = self.map.partition_point(|&(n, _)| n <= offset);
        if i == 0 {
            return offset;
        }
        let (n, o) = self.map[i - 1];
        o + (offset - n)
    }
}

/// A paragraph under construction, with its own offset checkpoints.
#[derive(Debug, Default, Clone)]
struct Para {
    text: String,
    map: Vec<(usize, usize)>,
}

impl Para {
    fn push(&mut self, c: char, orig: usize) {
        let n = self.text.len();
        let in_step = self
            .map
            .last()
            .is_some_and(|&(ln, lo)| lo + (n - ln) == orig);
        if !in_step {
            self.map.push((n, orig));
        }
        self.text.push(c);
    }
}

/// Normalizes decoded text; see the module documentation for what is done.
///
/// Memory stays near the size of the text whatever its shape: lines are read from the input
/// one at a time, and paragraphs go straight into the output, each remembered by its span.
pub fn normalize(input: &str) -> Normalized {
    // The text rarely outgrows its input (only half-width punctuation widens): reserving that
    // much spares the copy that doubling a large string makes.
    let mut out = Builder {
        text: String::with_capacity(input.len()),
        ..Builder::default()
    };
    match counted_lines(input) {
        Some(joined) => normalize_line(input, &joined, &mut out),
        None => {
            for line in lines(input) {
                normalize_line(input, &[line], &mut out);
            }
        }
    }
    out.finish()
}

/// The normalized text under construction: paragraphs joined by `\n`, and where each ends
/// (the next starts one byte later).
#[derive(Debug, Default)]
struct Builder {
    text: String,
    map: Vec<(usize, usize)>,
    ends: Vec<usize>,
}

impl Builder {
    fn push(&mut self, p: &Para) {
        if !self.text.is_empty() {
            self.text.push('\n');
        }
        let start = self.text.len();
        self.map.extend(p.map.iter().map(|&(n, o)| (start + n, o)));
        self.text.push_str(&p.text);
        self.ends.push(self.text.len());
    }

    /// The byte range of paragraph `i` in the text.
    fn span(&self, i: usize) -> (usize, usize) {
        let start = if i == 0 { 0 } else { self.ends[i - 1] + 1 };
        (start, self.ends[i])
    }

    fn para(&self, i: usize) -> &str {
        let (start, end) = self.span(i);
        &self.text[start..end]
    }

    /// Drops repeated paragraphs (see [`repeats`]) and hands over the text.
    fn finish(self) -> Normalized {
        let keep = repeats(&self);
        if keep.iter().all(|&k| k) {
            return Normalized {
                text: self.text,
                map: self.map,
            };
        }
        let mut out = Normalized::default();
        for (i, _) in keep.iter().enumerate().filter(|(_, &k)| k) {
            if !out.text.is_empty() {
                out.text.push('\n');
            }
            let base = out.text.len();
            // A paragraph's checkpoints lie from its first byte to its end (where a trailing
            // space was cut), before the next paragraph's first byte.
            let (start, end) = self.span(i);
            let from = self.map.partition_point(|&(n, _)| n < start);
            let to = self.map.partition_point(|&(n, _)| n <= end);
            out.map.extend(
                self.map[from..to]
                    .iter()
                    .map(|&(n, o)| (n - start + base, o)),
            );
            out.text.push_str(&self.text[start..end]);
        }
        out
    }
}

/// The input's lines as byte ranges, without their ends (LF, CRLF or a lone CR).
fn lines(input: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let bytes = input.as_bytes();
    let (mut start, mut i) = (0, 0);
    std::iter::from_fn(move || {
        while i < bytes.len() {
            let b = bytes[i];
            i += 1;
            if b == b'\n' || b == b'\r' {
                let line = (start, i - 1);
                if b == b'\r' && bytes.get(i) == Some(&b'\n') {
                    i += 1;
                }
                start = i;
                return Some(line);
            }
        }
        (start < bytes.len()).then(|| {
            let line = (start, bytes.len());
            start = bytes.len();
            line
        })
    })
}

/// A scraper's line counter: `12、` at the start of a line. Returns its byte length.
fn line_counter(s: &str) -> Option<(usize, u64)> {
    let digits = s.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 6 || !s[digits..].starts_with('、') {
        return None;
    }
    Some((digits + '、'.len_utf8(), s[..digits].parse().ok()?))
}

/// When (nearly) every line starts with a counter 1、2、3、… the lines are one text cut at a
/// fixed width: strip the counters and join the lines without a separator. Returns the pieces
/// of that one line, or `None` when the lines are lines.
fn counted_lines(input: &str) -> Option<Vec<(usize, usize)>> {
    let nonempty = || lines(input).filter(|&(s, e)| !input[s..e].trim().is_empty());
    let total = nonempty().count();
    if total < 3 {
        return None;
    }
    let mut sequential = 0;
    let mut expected = 1;
    for (s, e) in nonempty() {
        if let Some((_, n)) = line_counter(&input[s..e]) {
            if n == expected {
                sequential += 1;
                expected += 1;
            }
        }
    }
    if sequential < 3 || sequential * 10 < total * 8 {
        return None;
    }
    let mut joined = Vec::new();
    let mut expected = 1;
    for (s, e) in nonempty() {
        match line_counter(&input[s..e]) {
            Some((len, n)) if n == expected => {
                expected += 1;
                joined.push((s + len, e));
            }
            _ => joined.push((s, e)),
        }
    }
    Some(joined)
}

/// Full-width space, no-break space, tab, ideographic and other Unicode spaces.
fn is_space(c: char) -> bool {
    c == ' '
        || c == '\t'
        || c == '\u{3000}'
        || c == '\u{a0}'
        || c == '\u{feff}'
        || c.is_whitespace()
}

/// Chinese text: ideographs, full-width punctuation and forms, and the `XX` placeholders
/// that templates of the genre use in place of names.
fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}'
        | '\u{2018}'..='\u{201F}' | '\u{2026}' | '\u{2014}' | '\u{2015}' | '\u{20000}'..='\u{3FFFF}')
}

const CN_DIGITS: &str = "一二三四五六七八九十";

/// Does a new paragraph plausibly start here (after a space inside a long line)?
fn starts_structure(rest: &[char]) -> bool {
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
fn ends_sentence(prev: &str, chinese_so_far: bool) -> bool {
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
fn open_heading(par: &str) -> bool {
    let n = par.chars().take_while(|&c| CN_DIGITS.contains(c)).count();
    let numbered = (n > 0 && par.chars().nth(n) == Some('、'))
        || (par.starts_with('（') && par.chars().nth(1).is_some_and(|c| CN_DIGITS.contains(c)))
        || {
            let d = par.chars().take_while(char::is_ascii_digit).count();
            d > 0 && d < 3 && matches!(par.chars().nth(d), Some('、' | '．'))
        };
    numbered && !par.contains(['。', '！', '？'])
}

fn full_width(c: char) -> Option<char> {
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
struct Offsets<'a> {
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
fn normalize_line(input: &str, pieces: &[(usize, usize)], out: &mut Builder) {
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
const RUN_TOGETHER: usize = 1500;

/// Does a numbered section open here (`二、`, `十一、`)?
fn opens_section(rest: &[char]) -> bool {
    let n = rest
        .iter()
        .take(3)
        .take_while(|c| CN_DIGITS.contains(**c))
        .count();
    n > 0 && rest.get(n) == Some(&'、')
}

/// Addressees that open a greeting or a vocative paragraph.
const ADDRESSEES: [&str; 7] = [
    "同志们",
    "各位代表",
    "同学们",
    "老师们",
    "朋友们",
    "各位领导",
    "各位来宾",
];

/// Does a vocative open here (`同志们！`, `同志们，`, `各位代表：`)?
fn opens_vocative(rest: &[char]) -> bool {
    let s: String = rest.iter().take(6).collect();
    ADDRESSEES.iter().any(|a| {
        s.strip_prefix(a)
            .is_some_and(|r| r.starts_with(['！', '，', '：', '、', '!', ',', ':']))
    })
}

/// A title block fused at the start of a line: `在…上的讲话（2025年3月1日）张XX同志们：…`.
/// Returns where its lines end (in characters): after the dated title, and after a speaker's
/// name that runs into the greeting.
fn fused_title_block(line: &[char]) -> Vec<usize> {
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
fn ends_title(par: &str) -> bool {
    par.chars().nth(5).is_some() && !par.contains(['。', '！', '？', '，'])
}

/// Whether the space at char index `i` of a letter-spaced line is dropped.
fn spaced_join(spaced: &Option<Vec<bool>>, i: usize) -> bool {
    spaced
        .as_ref()
        .is_some_and(|joins| joins.get(i).copied().unwrap_or(false))
}

/// Letter-spaced lines (`盛 阅 春`, `弘 扬“四气” 提 振 精 神`): for each space, whether it
/// sits inside a word (drop it) or between words (keep it). `None` when the line is not
/// letter-spaced.
fn letter_spaced(line: &[char]) -> Option<Vec<bool>> {
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
fn footnote_marker(s: &[char]) -> Option<usize> {
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

/// Ends the paragraph under construction: into the output unless it is empty.
fn flush(par: &mut Para, out: &mut Builder) {
    while par.text.ends_with(' ') {
        par.text.pop();
    }
    if !par.text.is_empty() {
        halve_doubled(par);
        out.push(par);
    }
    par.text.clear();
    par.map.clear();
}

/// A title glued to its own copy (`在…的讲话在…的讲话`) is kept once.
fn halve_doubled(p: &mut Para) {
    let n = p.text.len();
    // Ten characters a half at least: a short title of repeated words (安全生产安全生产) is not
    // a copy.
    if n >= 60 && n.is_multiple_of(2) && p.text.is_char_boundary(n / 2) {
        let (a, b) = p.text.split_at(n / 2);
        if a == b && !a.contains(['。', '，']) {
            p.text.truncate(n / 2);
            p.map.retain(|&(o, _)| o < n / 2);
        }
    }
}

/// Which paragraphs to keep: not those that repeat the one before them, nor runs of
/// paragraphs (60 characters or more in all) that repeat an earlier run: a scraper's
/// duplicated blocks. A short line that recurs on its own (`同志们、朋友们！` between sections)
/// is kept.
fn repeats(b: &Builder) -> Vec<bool> {
    use std::collections::HashMap;
    let n = b.ends.len();
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut keep = vec![true; n];
    let mut i = 0;
    while i < n {
        let text = b.para(i);
        if i > 0 && keep[i - 1] && b.para(i - 1) == text {
            keep[i] = false;
            i += 1;
            continue;
        }
        if let Some(&j) = first.get(text) {
            let mut k = 0;
            let mut chars = 0;
            while i + k < n && j + k < i && b.para(i + k) == b.para(j + k) {
                chars += b.para(i + k).chars().count();
                k += 1;
            }
            if chars >= 60 {
                for flag in &mut keep[i..i + k] {
                    *flag = false;
                }
                i += k;
                continue;
            }
        } else {
            first.insert(text, i);
        }
        i += 1;
    }
    keep
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(s: &str) -> Vec<String> {
        normalize(s).text.lines().map(str::to_owned).collect()
    }

    #[test]
    fn crlf_and_blank_lines_become_single_breaks() {
        assert_eq!(
            lines("甲。\r\n\r\n\r\n乙。\r丙。"),
            ["甲。", "乙。", "丙。"]
        );
    }

    #[test]
    fn half_width_punctuation_between_chinese_becomes_full_width() {
        assert_eq!(
            lines("同志们:\n今天,我们开会(一)。好吗?"),
            ["同志们：", "今天，我们开会（一）。好吗？"]
        );
        assert_eq!(
            lines("时间 07:00:44, 共1,000人"),
            ["时间 07:00:44, 共1,000人"]
        );
    }

    #[test]
    fn line_counters_are_stripped_and_cut_words_rejoined() {
        let text = "1、我们要奋进新征\n2、程。建功新时代。\n3、好。";
        assert_eq!(lines(text), ["我们要奋进新征程。建功新时代。好。"]);
    }

    #[test]
    fn sections_numbered_like_counters_are_not_counters() {
        let text = "1、深化学习\n正文。\n2、守正创新\n正文。\n3、深融发展\n正文。";
        assert_eq!(lines(text).len(), 6);
    }

    #[test]
    fn one_line_speech_splits_at_spaces_after_sentences_and_headings() {
        let body = "正文很长。".repeat(30);
        let text = format!("标题的讲话 同志们: 开头。 一、充分肯定成效 {body}按照管 理办法执行。");
        let got = lines(&text);
        assert_eq!(got[0], "标题的讲话");
        assert_eq!(got[1], "同志们：");
        assert_eq!(got[2], "开头。");
        assert_eq!(got[3], "一、充分肯定成效");
        assert!(got[4].ends_with("按照管理办法执行。"), "{}", got[4]);
    }

    #[test]
    fn letter_spaced_names_and_titles_are_closed_up() {
        assert_eq!(lines("盛 阅 春"), ["盛阅春"]);
        assert_eq!(lines("弘 扬“四气” 提 振 精 神"), ["弘扬“四气” 提振精神"]);
        assert_eq!(
            lines("绍兴一中党委书记、校长  王 琛"),
            ["绍兴一中党委书记、校长 王琛"]
        );
        assert_eq!(lines("一 关于第一个五年计划"), ["一 关于第一个五年计划"]);
        assert_eq!(
            lines("潮起东方万象新 勇担使命再出发"),
            ["潮起东方万象新 勇担使命再出发"]
        );
    }

    #[test]
    fn markdown_marks_and_footnote_markers_are_dropped() {
        assert_eq!(
            lines("## 一\n　　文字⑸，还有[12]。\n〔1〕注释"),
            ["一", "文字，还有。", "〔1〕注释"]
        );
    }

    #[test]
    fn repeated_blocks_are_dropped_but_recurring_short_lines_kept() {
        let long = "这是一段足够长的重复段落，".repeat(6);
        let text = format!(
            "题目\n题目\n{long}\n同志们、朋友们！\n第二段。\n{long}\n第三段。\n同志们、朋友们！"
        );
        let want = [
            "题目",
            &long,
            "同志们、朋友们！",
            "第二段。",
            "第三段。",
            "同志们、朋友们！",
        ];
        assert_eq!(lines(&text), want);
    }

    #[test]
    fn latin_punctuation_inside_chinese_text_is_no_paragraph_break() {
        // Regression: `要落实 key: value 要求。` was cut in two at `key:`.
        assert_eq!(
            lines("要落实 key: value 要求。"),
            ["要落实 key: value 要求。"]
        );
        assert_eq!(
            lines("三项比例为1.5 : 30 : 68.5。"),
            ["三项比例为1.5 : 30 : 68.5。"]
        );
        // A Latin label opening a line (a container's field) still ends there.
        assert_eq!(lines("title: 讲话稿"), ["title:", "讲话稿"]);
    }

    #[test]
    fn text_after_the_last_chinese_sentence_stays_on_its_line() {
        // Regression: `@at %percent` became a paragraph of its own, then dropped as furniture.
        assert_eq!(lines("列表项。 @at %percent"), ["列表项。 @at %percent"]);
        assert_eq!(lines("甲。 乙。 Hello"), ["甲。", "乙。 Hello"]);
    }

    #[test]
    fn doubled_title_is_kept_once() {
        let t = "XX宣传部长在全市网信系统工作部署会上的讲话";
        assert_eq!(lines(&format!("{t}{t}")), [t]);
    }

    #[test]
    fn offsets_map_back_to_the_original_after_dropped_repeats() {
        // Paragraphs go into one buffer as they are read, and dropped repeats are cut out of
        // it afterwards: the offsets must follow.
        let src = "题目\r\n题目\n\n  甲乙,丙。\n题目";
        let n = normalize(src);
        assert_eq!(n.text, "题目\n甲乙，丙。\n题目");
        for c in ['甲', '丙'] {
            let at = n.original_offset(n.text.find(c).unwrap());
            assert_eq!(src[at..].chars().next(), Some(c));
        }
        let last = n.text.rfind('题').unwrap();
        assert_eq!(n.original_offset(last), src.rfind('题').unwrap());
    }

    #[test]
    fn offsets_map_back_to_the_original() {
        let src = "1、甲乙,\n2、丙。\n3、丁。";
        let n = normalize(src);
        assert_eq!(n.text, "甲乙，丙。丁。");
        let bing = n.text.find('丙').unwrap();
        assert_eq!(
            &src[n.original_offset(bing)..n.original_offset(bing) + 3],
            "丙"
        );
    }
}
