//! A draft's text laid out for Word: each line a paragraph with its role (title, byline,
//! greeting, body), split into runs that carry a font role (a heading's 黑体 or 楷体 inside its
//! line), bold (an item's lead) and highlight (a placeholder). The parts are found by the
//! draft's spans ([`crate::batch::spans`]); a long title is broken into balanced lines.

use crate::batch::spans::{SectionSpans, Span, Spans};

/// What a paragraph is, for its alignment and indent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParagraphRole {
    /// Centred, in the title's font; broken into balanced lines.
    Title,
    /// Centred, under the title: the byline and the date.
    Byline,
    /// Flush left (同志们：).
    Greeting,
    /// Justified, first line indented: body text, headings, items, the closing.
    Body,
}

/// The font a run is set in (a role of the style).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FontRole {
    /// The title's.
    Title,
    /// The byline's.
    Byline,
    /// Body text.
    Body,
    /// A heading of level 1 (一、) to 4 (（1）).
    Heading(u8),
}

/// A run of text with one look.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Run {
    /// The text.
    pub text: String,
    /// Its font.
    pub font: FontRole,
    /// In bold (an item's lead, when the style asks).
    pub bold: bool,
    /// Highlighted (a placeholder, when the style asks).
    pub highlight: bool,
}

/// A paragraph: its role, and its lines (one, except a title broken into balanced lines),
/// each a list of runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LaidParagraph {
    /// What it is.
    pub role: ParagraphRole,
    /// Its lines, each of runs.
    pub lines: Vec<Vec<Run>>,
}

impl LaidParagraph {
    /// The text, lines joined without a break.
    #[cfg(test)]
    pub fn text(&self) -> String {
        self.lines
            .iter()
            .flatten()
            .map(|r| r.text.as_str())
            .collect()
    }
}

/// A mark over a range of characters.
#[derive(Debug, Clone, Copy)]
enum Mark {
    Font(FontRole),
    Bold,
    Highlight,
}

/// Lays a draft out: `text` as drafted, `spans` located in it; `title_chars` is how many of the
/// title's characters fit on a line; `bold` and `highlight` are the style's options.
pub fn lay_out(
    text: &str,
    spans: &Spans,
    title_chars: usize,
    bold: bool,
    highlight: bool,
) -> Vec<LaidParagraph> {
    let chars: Vec<char> = text.chars().collect();
    let mut marks: Vec<(Span, Mark)> = Vec::new();
    if let Some(t) = spans.title {
        marks.push((t, Mark::Font(FontRole::Title)));
    }
    if let Some(b) = spans.byline {
        marks.push((b, Mark::Font(FontRole::Byline)));
    }
    if let Some(d) = spans.date {
        marks.push((d, Mark::Font(FontRole::Byline)));
    }
    for section in &spans.sections {
        mark_section(&chars, section, 1, bold, &mut marks);
    }
    if highlight {
        marks.extend(spans.placeholders.iter().map(|&p| (p, Mark::Highlight)));
    }
    let starts =
        |span: Option<Span>, line: Span| span.is_some_and(|s| s[0] >= line[0] && s[0] < line[1]);
    // The title's role (centred, broken into lines) is for a line that is the title alone.
    let whole = |span: Option<Span>, line: Span| span == Some(line);
    let mut out = Vec::new();
    let mut at = 0;
    for line in text.split('\n') {
        let len = line.chars().count();
        let span = [at, at + len];
        at += len + 1;
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        // Leading and trailing blanks of a line are the template's, not the text's.
        let lead = line.chars().take_while(|c| c.is_whitespace()).count();
        let tail = line.chars().rev().take_while(|c| c.is_whitespace()).count();
        let span = [span[0] + lead, span[1] - tail];
        let role = if whole(spans.title, span) {
            ParagraphRole::Title
        } else if starts(spans.byline, span) || starts(spans.date, span) {
            ParagraphRole::Byline
        } else if starts(spans.greeting, span) && len - lead - tail <= GREETING_CHARS {
            ParagraphRole::Greeting
        } else {
            ParagraphRole::Body
        };
        let runs = runs(&chars, span, &marks, role);
        let lines = if role == ParagraphRole::Title {
            break_title(&runs, title_chars)
        } else {
            vec![runs]
        };
        out.push(LaidParagraph { role, lines });
    }
    out
}

/// A greeting line is short (同志们：); a greeting run into a paragraph leaves it a body one.
const GREETING_CHARS: usize = 40;

/// Marks a section's heading (its ordinal through its heading) in the heading font of its
/// ordinal's level, and its items' leads in bold.
fn mark_section(
    chars: &[char],
    section: &SectionSpans,
    depth: u8,
    bold: bool,
    marks: &mut Vec<(Span, Mark)>,
) {
    if let Some(h) = section.heading {
        let start = section.span[0].min(h[0]);
        // Spans come from the draft; one a caller gives past the text reads as no ordinal
        // (marks are only compared with the text's lines, never indexed).
        let ordinal: String = chars.get(start..h[0]).unwrap_or_default().iter().collect();
        let level = heading_level(&ordinal).unwrap_or(depth.min(4));
        marks.push(([start, h[1]], Mark::Font(FontRole::Heading(level))));
    }
    if bold {
        for item in &section.items {
            marks.push(([item.ordinal[0], item.lead[1]], Mark::Bold));
        }
    }
    for inner in &section.sections {
        mark_section(chars, inner, depth.saturating_add(1), bold, marks);
    }
}

/// The level GB/T 9704 gives a heading by its ordinal: 一、 1, （一） 2, 1. 3, （1） 4.
pub fn heading_level(ordinal: &str) -> Option<u8> {
    let o = ordinal.trim();
    let cn = |s: &str| !s.is_empty() && s.chars().all(|c| "一二三四五六七八九十百零".contains(c));
    let digits = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_digit() || ('０'..='９').contains(&c))
    };
    if let Some(n) = o.strip_suffix('、') {
        if cn(n) {
            return Some(1);
        }
        if digits(n) {
            return Some(3);
        }
    }
    let inner = o
        .strip_prefix(['（', '('])
        .and_then(|s| s.strip_suffix(['）', ')']));
    if let Some(n) = inner {
        if cn(n) {
            return Some(2);
        }
        if digits(n) {
            return Some(4);
        }
    }
    if let Some(n) = o.strip_suffix(['.', '．']) {
        if digits(n) {
            return Some(3);
        }
    }
    None
}

/// The runs of a line: split wherever a mark begins or ends.
fn runs(chars: &[char], line: Span, marks: &[(Span, Mark)], role: ParagraphRole) -> Vec<Run> {
    let base = match role {
        ParagraphRole::Title => FontRole::Title,
        ParagraphRole::Byline => FontRole::Byline,
        ParagraphRole::Greeting | ParagraphRole::Body => FontRole::Body,
    };
    let mut cuts = vec![line[0], line[1]];
    for (s, _) in marks {
        for c in [s[0], s[1]] {
            if c > line[0] && c < line[1] {
                cuts.push(c);
            }
        }
    }
    cuts.sort_unstable();
    cuts.dedup();
    let mut out: Vec<Run> = Vec::new();
    for w in cuts.windows(2) {
        let (a, b) = (w[0], w[1]);
        let mut run = Run {
            text: chars[a..b].iter().collect(),
            font: base,
            bold: false,
            highlight: false,
        };
        for (s, m) in marks {
            if s[0] <= a && b <= s[1] {
                match *m {
                    // The title and byline keep their own fonts whatever lies inside them.
                    Mark::Font(f) if base == FontRole::Body => run.font = f,
                    Mark::Font(_) => {}
                    Mark::Bold => run.bold = true,
                    Mark::Highlight => run.highlight = true,
                }
            }
        }
        match out.last_mut() {
            Some(last)
                if last.font == run.font
                    && last.bold == run.bold
                    && last.highlight == run.highlight =>
            {
                last.text.push_str(&run.text)
            }
            _ => out.push(run),
        }
    }
    out
}

/// Breaks a title's runs into lines of at most `width` characters, as even as they can be,
/// at the places a title is broken (after a comma or 、, before 在…上的讲话's 上 or 的讲话,
/// between words of a meeting's name), never leaving one character alone on a line.
pub fn break_title(runs: &[Run], width: usize) -> Vec<Vec<Run>> {
    let chars: Vec<char> = runs.iter().flat_map(|r| r.text.chars()).collect();
    let cuts = title_cuts(&chars, width.max(2));
    let mut lines = Vec::new();
    let mut start = 0;
    for end in cuts.into_iter().chain([chars.len()]) {
        lines.push(slice_runs(runs, start, end));
        start = end;
    }
    lines
}

/// Where to break a title of `chars`: the fewest lines of at most `width`, then the most even,
/// then the best places.
fn title_cuts(chars: &[char], width: usize) -> Vec<usize> {
    let n = chars.len();
    // A title is at most a few lines; anything longer is not broken (the table grows with
    // lines × characters).
    if n <= width || !(4..=MAX_TITLE_BREAK).contains(&n) {
        return Vec::new();
    }
    let lines = n.div_ceil(width).min(n / 2);
    // Dynamic programme over break positions: cost of a line = squared distance from the
    // even length, less a bonus at a good place; lines of one character are not allowed.
    let even = n as f64 / lines as f64;
    let mut best: Vec<Vec<Option<(f64, usize)>>> = vec![vec![None; n + 1]; lines + 1];
    best[0][0] = Some((0.0, 0));
    for k in 1..=lines {
        for end in 2..=n {
            let mut here: Option<(f64, usize)> = None;
            let first = end.saturating_sub(width);
            for (start, from) in best[k - 1].iter().enumerate().take(end - 1).skip(first) {
                let Some((cost, _)) = *from else {
                    continue;
                };
                let len = (end - start) as f64;
                let place = if end == n {
                    0.0
                } else {
                    break_bonus(chars, end)
                };
                let c = cost + (len - even).powi(2) - place;
                if here.is_none_or(|(h, _)| c < h) {
                    here = Some((c, start));
                }
            }
            best[k][end] = here;
        }
    }
    if best[lines][n].is_none() {
        return Vec::new();
    }
    let mut cuts = Vec::new();
    let mut end = n;
    for k in (1..=lines).rev() {
        let (_, start) = best[k][end].expect("a path was found");
        if start > 0 {
            cuts.push(start);
        }
        end = start;
    }
    cuts.reverse();
    cuts
}

/// The longest title broken into lines, in characters.
const MAX_TITLE_BREAK: usize = 400;

/// How good a place is for a line break before `chars[at]`: never inside a dash, before
/// closing punctuation or after opening punctuation.
fn break_bonus(chars: &[char], at: usize) -> f64 {
    let before = chars[at - 1];
    let after = chars[at];
    let rest: String = chars[at..].iter().take(4).collect();
    if (before == '—' && after == '—')
        || "，。、；：！？）》”’".contains(after)
        || "（《“‘".contains(before)
    {
        -1000.0
    } else if "，、：；—".contains(before) {
        6.0
    } else if rest.starts_with("上的讲话") || rest.starts_with("的讲话") {
        5.0
    } else if rest.starts_with('在') || rest.starts_with("暨") {
        4.0
    } else if before == '在' {
        -3.0
    } else if matches!(before, '会' | '作' | '展' | '设' | '理' | '动' | '议') {
        // After the last character of a common word ending (会议, 工作, 发展 …).
        1.5
    } else {
        0.0
    }
}

/// The runs between characters `start` and `end` of a run list.
fn slice_runs(runs: &[Run], start: usize, end: usize) -> Vec<Run> {
    let mut out = Vec::new();
    let mut at = 0;
    for run in runs {
        let len = run.text.chars().count();
        let (a, b) = (start.max(at), end.min(at + len));
        if a < b {
            out.push(Run {
                text: run.text.chars().skip(a - at).take(b - a).collect(),
                ..run.clone()
            });
        }
        at += len;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn title_lines(title: &str, width: usize) -> Vec<String> {
        let run = Run {
            text: title.to_owned(),
            font: FontRole::Title,
            bold: false,
            highlight: false,
        };
        break_title(&[run], width)
            .iter()
            .map(|l| l.iter().map(|r| r.text.as_str()).collect())
            .collect()
    }

    #[test]
    fn short_titles_stay_on_one_line() {
        assert_eq!(
            title_lines("在全市工作会议上的讲话", 20),
            ["在全市工作会议上的讲话"]
        );
    }

    #[test]
    fn long_titles_break_into_balanced_lines_at_good_places() {
        let lines = title_lines(
            "在全市宣传思想文化工作会议暨理论学习中心组学习会上的讲话",
            20,
        );
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert_eq!(
            lines.concat(),
            "在全市宣传思想文化工作会议暨理论学习中心组学习会上的讲话"
        );
        let (a, b) = (lines[0].chars().count(), lines[1].chars().count());
        assert!(a.abs_diff(b) <= 4, "{lines:?}");
        assert!(
            lines[1].starts_with('暨') || lines[1].starts_with('上'),
            "{lines:?}"
        );
    }

    #[test]
    fn no_line_of_a_title_is_one_character() {
        for n in 2..=70 {
            let title: String = "在全市优化营商环境工作推进会议上的讲话"
                .chars()
                .cycle()
                .take(n)
                .collect();
            for width in [2, 3, 5, 10, 20] {
                let lines = title_lines(&title, width);
                assert_eq!(lines.concat(), title);
                for l in &lines {
                    let c = l.chars().count();
                    assert!(
                        c <= width.max(2) || lines.len() == 1,
                        "{n} {width} {lines:?}"
                    );
                    assert!(c >= 2, "{n} {width} {lines:?}");
                }
            }
        }
    }

    #[test]
    fn titles_break_neither_inside_a_dash_nor_before_a_comma() {
        let title = "以党建引领基层治理推动高质量发展——在全市基层党建工作推进会议上的讲话";
        let lines = title_lines(title, 20);
        assert_eq!(lines.concat(), title);
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('—') && !l.ends_with("发展—")),
            "{lines:?}"
        );
        let title =
            "在全市深化改革扩大开放推进高质量发展大会暨重点项目集中开工仪式上，全体参会同志的讲话";
        for l in &title_lines(title, 20)[1..] {
            assert!(!l.starts_with('，'), "{l}");
        }
    }

    #[test]
    fn spans_past_the_text_do_no_harm() {
        let spans = Spans {
            title: Some([0, 500]),
            placeholders: vec![[3, 9], [900, 1000]],
            sections: vec![SectionSpans {
                span: [2, 700],
                heading: Some([600, 650]),
                ..SectionSpans::default()
            }],
            ..Spans::default()
        };
        let laid = lay_out("同志们：\n正文。", &spans, 20, true, true);
        assert_eq!(
            laid.iter().map(LaidParagraph::text).collect::<Vec<_>>(),
            ["同志们：", "正文。"]
        );
    }

    #[test]
    fn heading_levels_follow_the_ordinal() {
        assert_eq!(heading_level("一、"), Some(1));
        assert_eq!(heading_level("十二、"), Some(1));
        assert_eq!(heading_level("（三）"), Some(2));
        assert_eq!(heading_level("2."), Some(3));
        assert_eq!(heading_level("2．"), Some(3));
        assert_eq!(heading_level("（4）"), Some(4));
        assert_eq!(heading_level("第一"), None);
    }
}
