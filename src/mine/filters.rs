//! What is general enough to keep: a mined sentence that holds figures, dates, a named
//! leader's words, a specific event, its own place's bodies, a quotation or an enumeration
//! marker is not reusable in another speech, and says why ([`unusable`], [`general`]); and the
//! kinds of sentence each role takes ([`directive`], [`purposeful`], [`quotation`]). People
//! and places need jieba, which the miner asks.

use crate::lexicon::{all_han, points_back};

/// Place names that belong to every speech of the genre, not to one place.
pub(super) const NATIONAL: [&str; 4] = ["中国", "中华", "中华民族", "全国"];

pub(super) const MARKERS: [&str; 16] = [
    "一是",
    "二是",
    "三是",
    "一要",
    "二要",
    "首先",
    "其次",
    "再次",
    "最后",
    "第一",
    "第二",
    "一方面",
    "另一方面",
    "（一）",
    "一、",
    "二、",
];

/// Words that put the sentence in a named leader's mouth or tie it to one event.
pub(super) const ATTRIBUTIONS: [&str; 12] = [
    "总书记",
    "主席",
    "总理",
    "指出",
    "强调",
    "讲话精神",
    "重要讲话",
    "重要指示",
    "批示",
    "所说",
    "曾经说",
    "同志说",
];
pub(super) const EVENTS: [&str; 16] = [
    "全会",
    "周年",
    "五四",
    "疫情",
    "新冠",
    "奥运",
    "亚运",
    "届",
    "党的十",
    "党的二十",
    "党的XX",
    "大精神",
    "世博",
    "建党",
    "大会主题",
    "报告",
];

/// Bodies and levels that tie a sentence to one place (the speaker's own 市委, 省级媒体).
pub(super) const LEVELS: [&str; 16] = [
    "省委",
    "市委",
    "县委",
    "区委",
    "市政府",
    "省政府",
    "县政府",
    "区政府",
    "省级",
    "市级",
    "县级",
    "全省",
    "我国",
    "文旅",
    "六县",
    "区县",
];

/// Why a slotted sentence is not general enough to reuse in another speech, if it is not.
pub(super) fn unusable(s: &str, closing: bool) -> Option<&'static str> {
    let n = s.chars().count();
    let longest = if closing { 200 } else { 100 };
    if !(12..=longest).contains(&n) {
        return Some("too short or too long");
    }
    if ATTRIBUTIONS.iter().any(|w| s.contains(w)) {
        return Some("words of a named leader");
    }
    if EVENTS.iter().any(|w| s.contains(w)) {
        return Some("a specific event");
    }
    if points_back(s) {
        return Some("points back at a sentence before it");
    }
    if LEVELS.iter().any(|w| s.contains(w)) || s.starts_with("中心") || s.contains("，中心") {
        return Some("a body or level of its own place");
    }
    // Strings of quoted slogans (坚持“守正”，“创新”才能…) and short paired slogans (高举伟大旗帜，
    // 凝聚奋进力量) are one speech's rhetoric, not a sentence to reuse.
    let clauses: Vec<usize> = s
        .split(['，', '；', '。', '！'])
        .filter(|c| !c.is_empty())
        .map(|c| c.chars().count())
        .collect();
    let chant = clauses.len() >= 2 && clauses.iter().all(|&c| c <= 7);
    if s.matches('“').count() >= 3 || (!closing && (n < 16 || chant)) {
        return Some("a slogan");
    }
    general(s, closing).err()
}

/// Is a slotted sentence general enough to reuse in another speech (as far as its text
/// shows; people and places need jieba)? The reason when not.
pub(super) fn general(s: &str, closing: bool) -> Result<(), &'static str> {
    // Stage directions of the meeting itself: 下面，请…讲话，大家欢迎！
    if s.contains("欢迎")
        || s.contains("请") && s.contains("讲话")
        || !closing && s.starts_with("下面")
    {
        return Err("a stage direction");
    }
    // A whole sentence: one that a scraper cut off has no end.
    if !s
        .trim_end_matches(['”', '’', '）'])
        .ends_with(['。', '！', '？'])
    {
        return Err("cut off");
    }
    if s.chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '×')
    {
        return Err("figures");
    }
    if s.contains("XX") || s.contains('《') || s.contains("http") || s.contains("www") {
        return Err("a name the writer left out (XX), a title or a link");
    }
    if MARKERS.iter().any(|m| {
        s.starts_with(m)
            || s.contains(&format!("，{m}"))
            || s.contains(&format!("。{m}"))
            || s.contains(&format!("；{m}"))
    }) {
        return Err("an enumeration marker");
    }
    let vocative = ["同志们", "各位", "同学们", "老师们", "朋友们"]
        .iter()
        .any(|v| s.starts_with(v));
    // `詹文锴同志`: a person. `广大党员同志`, `各位同志`, `同志们` are the audience.
    let named_comrade = s.match_indices("同志").any(|(i, _)| {
        let before: Vec<char> = s[..i].chars().rev().take(2).collect();
        let before: String = before.into_iter().rev().collect();
        const AUDIENCE: [&str; 12] = [
            "广大", "全体", "各位", "领导", "党员", "基层", "年轻", "青年", "这些", "有的", "一些",
            "干部",
        ];
        before.chars().count() == 2
            && all_han(&before)
            && !AUDIENCE.iter().any(|a| before.ends_with(a))
            && !s[i..].starts_with("同志们")
    });
    if named_comrade {
        return Err("a person");
    }
    if !closing && (vocative || s.contains("让我们")) {
        return Err("a vocative");
    }
    // A date in Chinese numerals: 二〇一九年, 三月十二日.
    let date = s.char_indices().any(|(i, c)| {
        matches!(c, '年' | '月' | '日')
            && s[..i]
                .chars()
                .next_back()
                .is_some_and(|p| "〇零一二三四五六七八九十".contains(p))
    });
    if date {
        return Err("a date");
    }
    // Balanced quotes: a sentence cut inside a quotation is half a thought.
    if s.matches('“').count() == s.matches('”').count()
        && s.matches('（').count() == s.matches('）').count()
    {
        Ok(())
    } else {
        Err("cut off")
    }
}

/// Does a sentence direct what to do (要…, 必须…, 坚持…)? Such sentences follow a lead in any
/// speech; statements of one place's facts do not.
pub(super) fn directive(s: &str) -> bool {
    const HEADS: [&str; 18] = [
        "要",
        "必须",
        "坚持",
        "加强",
        "强化",
        "注重",
        "推动",
        "着力",
        "进一步",
        "切实",
        "深入",
        "积极",
        "健全",
        "完善",
        "加大",
        "持续",
        "各级",
        "各地各部门",
    ];
    HEADS.iter().any(|h| s.starts_with(h))
}

/// A quotation of somebody's words (…指出：“…”), or a saying: not the speaker's own move.
pub(super) fn quotation(s: &str) -> bool {
    s.starts_with('“')
        || s.contains("：“")
        || s.contains("说过")
        || s.contains("指出")
        || s.contains("强调")
}

/// An opening sentence about the meeting or the task, not a passage of the speech's subject.
pub(super) fn purposeful(s: &str) -> bool {
    !quotation(s)
        && ["会议", "刚才", "这次", "今天", "意义", "任务", "形势"]
            .iter()
            .any(|w| s.contains(w))
}
