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

mod line;
mod lines;

use line::normalize_line;
use lines::{counted_lines, lines};

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
