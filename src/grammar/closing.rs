//! The closing (结尾): which last paragraphs of a speech are its closing, taken out of the
//! innermost last section and written out as text. Nothing else.

use crate::lexicon::couplet;
use crate::model::{Block, Enumeration, Section};

/// The closing (结尾): the last paragraphs of the speech when they open with a vocative
/// (同志们，…), sum up (以上…意见), call to action (让我们…), or open with a couplet
/// (征程万里风正劲，重任千钧再扬帆。). A list that follows such a paragraph (一是要…) is part of
/// it. They are taken out of the innermost last section.
pub(super) fn take_closing(sections: &mut Vec<Section>) -> Option<String> {
    let count = sections.len();
    let last = sections.last_mut()?;
    // A part of an unnumbered speech may be all closing: `同志们，今天的总结只是…`.
    let whole_part_ok = count > 1 && last.ordinal.is_none() && last.heading.is_none();
    let mut blocks = &mut last.blocks;
    let mut nested = false;
    while matches!(blocks.last(), Some(Block::Section(_))) {
        let Some(Block::Section(inner)) = blocks.last_mut() else {
            unreachable!()
        };
        blocks = &mut inner.blocks;
        nested = true;
    }
    let n = blocks.len();
    let lo = n.saturating_sub(4);
    let mut start = n;
    while start > lo && !matches!(blocks[start - 1], Block::Section(_)) {
        start -= 1;
    }
    let cue = |i: usize| match &blocks[i] {
        Block::Paragraph(p) => closing_cue(p, i == n - 1),
        _ => Cue::None,
    };
    let from = (start..n)
        .find(|&i| cue(i) == Cue::Strong)
        .or_else(|| (start..n).find(|&i| cue(i) == Cue::Weak))?;
    if from == 0 && (nested || !whole_part_ok) {
        return None;
    }
    let parts: Vec<String> = blocks.drain(from..).map(|b| flatten(&b)).collect();
    if sections.last().is_some_and(|s| s.blocks.is_empty()) {
        sections.pop();
    }
    Some(parts.join("\n"))
}

/// The text of a block as one string, items written out with their ordinals.
fn flatten(block: &Block) -> String {
    fn list(e: &Enumeration, out: &mut Vec<String>) {
        for item in &e.items {
            let mut t = format!("{}{}", item.ordinal, item.lead);
            if !item.body.is_empty() {
                t.push('。');
                t.push_str(&item.body);
            }
            out.push(t);
            for c in &item.children {
                list(c, out);
            }
        }
    }
    match block {
        Block::Paragraph(p) => p.clone(),
        Block::Enumeration(e) => {
            let mut out = Vec::new();
            list(e, &mut out);
            out.join("\n")
        }
        Block::Section(s) => {
            let mut out: Vec<String> = s.heading.iter().cloned().collect();
            out.extend(s.blocks.iter().map(flatten));
            out.join("\n")
        }
    }
}

/// How surely a paragraph begins a closing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Cue {
    None,
    /// A call or a couplet: the closing, unless a stronger cue comes first.
    Weak,
    /// A vocative (同志们，…) or a summing-up (以上几点意见…).
    Strong,
}

fn closing_cue(p: &str, is_last: bool) -> Cue {
    const VOCATIVES: [&str; 8] = [
        "同志们",
        "各位代表",
        "各位领导",
        "同学们",
        "老师们",
        "朋友们",
        "各位委员",
        "各位同志",
    ];
    if VOCATIVES
        .iter()
        .any(|v| p.starts_with(v) && p[v.len()..].starts_with(['，', '！', '、']))
    {
        return Cue::Strong;
    }
    if p.starts_with("以上")
        && ["意见", "几点", "体会", "认识", "报告", "发言"]
            .iter()
            .any(|w| p.contains(w))
    {
        return Cue::Strong;
    }
    if p.contains("让我们") {
        return Cue::Weak;
    }
    if p.starts_with("最后，")
        && ["请", "希望", "号召", "强调", "祝"]
            .iter()
            .any(|w| p.contains(w))
    {
        return Cue::Weak;
    }
    if couplet(p).is_some() {
        return Cue::Weak;
    }
    let call = [
        "奋斗",
        "斗争",
        "贡献",
        "新局面",
        "新篇章",
        "新辉煌",
        "新征程",
        "前进",
    ]
    .iter()
    .any(|w| p.contains(w));
    // The last paragraph of a speech that calls or wishes, without a vocative: `一代人有一代人
    // 的长征…`, `青春由磨砺而出彩，人生因奋斗而升华！`, `衷心祝愿…`.
    let wish = [
        "祝愿",
        "祝福",
        "希望大家",
        "期待",
        "衷心祝",
        "愿你们",
        "愿大家",
    ]
    .iter()
    .any(|w| p.contains(w));
    if is_last && (p.ends_with('！') || call || wish) {
        Cue::Weak
    } else {
        Cue::None
    }
}
