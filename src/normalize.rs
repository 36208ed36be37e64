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

    fn char_count(&self) -> usize {
        self.text.chars().count()
    }
}

/// Normalizes decoded text; see the module documentation for what is done.
pub fn normalize(input: &str) -> Normalized {
    let lines = split_lines(input);
    let lines = strip_line_counters(input, lines);
    let mut paras: Vec<Para> = Vec::new();
    for line in &lines {
        normalize_line(input, line, &mut paras);
    }
    let paras = drop_repeats(paras);
    let mut out = Normalized::default();
    for p in paras {
        if !out.text.is_empty() {
            out.text.push('\n');
        }
        let base = out.text.len();
        out.map.extend(p.map.iter().map(|&(n, o)| (base + n, o)));
        out.text.push_str(&p.text);
    }
    out
}

/// A logical line: pieces of the input (byte ranges) that read as one line.
type Line = Vec<(usize, usize)>;

fn split_lines(input: &str) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut start = 0;
    let bytes = input.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'\n' => {
                lines.push(vec![(start, i)]);
                start = i + 1;
            }
            b'\r' => {
                lines.push(vec![(start, i)]);
                if bytes.get(i + 1) == Some(&b'\n') {
                    i += 1;
                }
                start = i + 1;
            }
            _ => {}
        }
        i += 1;
    }
    if start < input.len() {
        lines.push(vec![(start, input.len())]);
    }
    lines
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
/// fixed width: strip the counters and join the lines without a separator.
fn strip_line_counters(input: &str, lines: Vec<Line>) -> Vec<Line> {
    let nonempty: Vec<&Line> = lines
        .iter()
        .filter(|l| !input[l[0].0..l[0].1].trim().is_empty())
        .collect();
    if nonempty.len() < 3 {
        return lines;
    }
    let mut sequential = 0;
    let mut expected = 1;
    for l in &nonempty {
        if let Some((_, n)) = line_counter(&input[l[0].0..l[0].1]) {
            if n == expected {
                sequential += 1;
                expected += 1;
            }
        }
    }
    if sequential < 3 || sequential * 10 < nonempty.len() * 8 {
        return lines;
    }
    let mut joined: Line = Vec::new();
    let mut expected = 1;
    for l in nonempty {
        let (s, e) = l[0];
        match line_counter(&input[s..e]) {
            Some((len, n)) if n == expected => {
                expected += 1;
                joined.push((s + len, e));
            }
            _ => joined.push((s, e)),
        }
    }
    vec![joined]
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
fn ends_sentence(prev: &[char], chinese_so_far: bool) -> bool {
    let mut it = prev.iter().rev();
    match it.next() {
        Some('。' | '！' | '？' | '；' | '：' | '…') => true,
        Some('!' | '?' | ':' | ';') => {
            !chinese_so_far
                || !it
                    .find(|c| **c != ' ')
                    .is_some_and(char::is_ascii_alphanumeric)
        }
        Some('”' | '’' | '）' | ')' | '」' | '』' | '》') => {
            matches!(it.next(), Some('。' | '！' | '？' | '!' | '?'))
        }
        _ => false,
    }
}

/// Does the paragraph begin with a section ordinal (一、 （一） 1、) and have no full stop yet?
/// Then a space ends its heading.
fn open_heading(par: &[char]) -> bool {
    let n = par.iter().take_while(|c| CN_DIGITS.contains(**c)).count();
    let numbered = (n > 0 && par.get(n) == Some(&'、'))
        || (par.first() == Some(&'（')
            && par
                .iter()
                .skip(1)
                .take_while(|c| CN_DIGITS.contains(**c))
                .count()
                > 0)
        || {
            let d = par.iter().take_while(|c| c.is_ascii_digit()).count();
            d > 0 && d < 3 && matches!(par.get(d), Some('、' | '．'))
        };
    numbered && !par.iter().any(|c| matches!(c, '。' | '！' | '？'))
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

/// Normalizes one logical line into zero or more paragraphs.
fn normalize_line(input: &str, line: &Line, paras: &mut Vec<Para>) {
    let mut chars: Vec<(usize, char)> = Vec::new();
    for &(s, e) in line {
        chars.extend(input[s..e].char_indices().map(|(i, c)| (s + i, c)));
    }
    // Trim, and drop Markdown heading marks (`# 标题`, `## 一`).
    let mut lo = chars
        .iter()
        .position(|&(_, c)| !is_space(c))
        .unwrap_or(chars.len());
    let hi = chars
        .iter()
        .rposition(|&(_, c)| !is_space(c))
        .map_or(lo, |i| i + 1);
    if chars.get(lo).is_some_and(|&(_, c)| c == '#') {
        let hashes = chars[lo..hi].iter().take_while(|&&(_, c)| c == '#').count();
        if hashes <= 6 && chars.get(lo + hashes).is_some_and(|&(_, c)| is_space(c)) {
            lo += hashes;
            while lo < hi && is_space(chars[lo].1) {
                lo += 1;
            }
        }
    }
    let chars = &chars[lo..hi];
    if chars.is_empty() {
        return;
    }
    let only: Vec<char> = chars.iter().map(|&(_, c)| c).collect();
    let long = only.len() > 120;
    let spaced = if long { None } else { letter_spaced(&only) };
    // A space opens a new paragraph only when Chinese text follows on the line: what trails
    // the last Chinese sentence (`列表项。 @at %percent`) stays with it, since on its own it
    // would read as page furniture.
    let last_cjk = only.iter().rposition(|&c| is_cjk(c));

    let mut par = Para::default();
    let mut par_chars: Vec<char> = Vec::new();
    let mut open_paren = 0usize;
    // Whether the paragraph so far holds Chinese text.
    let mut par_cjk = false;
    let mut i = 0;
    while i < chars.len() {
        let (off, c) = chars[i];
        if is_space(c) {
            let j = (i..chars.len())
                .find(|&k| !is_space(chars[k].1))
                .unwrap_or(chars.len());
            let prev = par_chars.last().copied();
            let next = chars.get(j).map(|&(_, c)| c);
            let ascii_both = prev.is_some_and(|p| p.is_ascii_alphanumeric())
                && next.is_some_and(|n| n.is_ascii_alphanumeric());
            let rest: Vec<char> = only[j..].iter().take(8).copied().collect();
            let brk = !par_chars.is_empty()
                && last_cjk.is_some_and(|k| k >= j)
                && (ends_sentence(&par_chars, par_cjk)
                    || (long && starts_structure(&rest))
                    || (starts_structure(&rest) && ends_title(&par_chars))
                    || (open_heading(&par_chars) && par_chars.len() >= 4));
            if brk {
                flush(&mut par, &mut par_chars, paras);
                par_cjk = false;
            } else if (ascii_both || (!long && !spaced_join(&spaced, i))) && !par_chars.is_empty() {
                par.push(' ', off);
                par_chars.push(' ');
            }
            i = j;
            continue;
        }
        // Footnote markers in the middle of a line: [1] 〔2〕 ⑸.
        if !par_chars.is_empty() {
            if let Some(len) = footnote_marker(&only[i..]) {
                i += len;
                continue;
            }
        }
        let prev = par_chars.last().copied();
        let next = only.get(i + 1).copied();
        let out = match full_width(c) {
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
        par.push(out, off);
        par_chars.push(out);
        par_cjk |= is_cjk(out);
        i += 1;
    }
    flush(&mut par, &mut par_chars, paras);
}

/// A short paragraph with no sentence punctuation that reads as a title line.
fn ends_title(par: &[char]) -> bool {
    par.len() >= 6 && !par.iter().any(|c| matches!(c, '。' | '！' | '？' | '，'))
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

fn flush(par: &mut Para, par_chars: &mut Vec<char>, paras: &mut Vec<Para>) {
    while par.text.ends_with(' ') {
        par.text.pop();
    }
    if !par.text.is_empty() {
        let mut p = std::mem::take(par);
        halve_doubled(&mut p);
        paras.push(p);
    }
    *par = Para::default();
    par_chars.clear();
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

/// Drops paragraphs that repeat the one before them, and runs of paragraphs (60 characters or
/// more in all) that repeat an earlier run: a scraper's duplicated blocks. A short line that
/// recurs on its own (`同志们、朋友们！` between sections) is kept.
fn drop_repeats(paras: Vec<Para>) -> Vec<Para> {
    use std::collections::HashMap;
    let mut first: HashMap<&str, usize> = HashMap::new();
    let mut keep = vec![true; paras.len()];
    let mut i = 0;
    while i < paras.len() {
        let text = paras[i].text.as_str();
        if i > 0 && keep[i - 1] && paras[i - 1].text == text {
            keep[i] = false;
            i += 1;
            continue;
        }
        if let Some(&j) = first.get(text) {
            let mut k = 0;
            let mut chars = 0;
            while i + k < paras.len() && j + k < i && paras[i + k].text == paras[j + k].text {
                chars += paras[i + k].char_count();
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
    paras
        .into_iter()
        .zip(keep)
        .filter_map(|(p, k)| k.then_some(p))
        .collect()
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
            lines("结构比为3.6 : 48 : 48.4。"),
            ["结构比为3.6 : 48 : 48.4。"]
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
