//! Section functions (段落功能): what a section of a speech does, read from its heading.
//!
//! A speech's sections are not interchangeable: one reviews results (成绩/成效), one analyses
//! the situation (形势/问题), one argues significance (意义/认识), one assigns tasks (重点任务),
//! one sets up safeguards (组织领导/责任/保障), and a study contribution ends with the speaker's
//! own commitment (以上率下/带头). Each has its own mood, and its own pools of sentences. This
//! module names the functions and recognises them; [`crate::plan`] fills by them and
//! [`crate::mine`] tags what it mines with them.

use serde::{Deserialize, Serialize};

/// What a section does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Function {
    /// 成绩回顾: results, past tense, figures as placeholders.
    Review,
    /// 形势分析: the situation, problems and risks.
    Situation,
    /// 意义认识: why it matters (是…的必然要求).
    Significance,
    /// 重点任务: directives, who does what.
    Tasks,
    /// 组织保障: responsibility, supervision, discipline.
    Safeguards,
    /// 表态: the speaker's own commitment, first person (以上率下).
    Commitment,
}

impl Function {
    /// Every function, in the order of a typical speech.
    pub const ALL: [Function; 6] = [
        Function::Review,
        Function::Situation,
        Function::Significance,
        Function::Tasks,
        Function::Safeguards,
        Function::Commitment,
    ];

    /// The name used in outlines and rules files.
    pub fn name(self) -> &'static str {
        match self {
            Function::Review => "review",
            Function::Situation => "situation",
            Function::Significance => "significance",
            Function::Tasks => "tasks",
            Function::Safeguards => "safeguards",
            Function::Commitment => "commitment",
        }
    }

    /// The function of a name.
    pub fn from_name(name: &str) -> Option<Function> {
        Function::ALL.into_iter().find(|f| f.name() == name)
    }

    /// Its index in [`Function::ALL`], for tables by function.
    pub fn index(self) -> usize {
        self as usize
    }

    /// Do this function's leads state facts (claims: 事故总量持续下降) rather than directives?
    pub fn takes_claims(self) -> bool {
        matches!(
            self,
            Function::Review | Function::Situation | Function::Significance
        )
    }
}

/// Words that show a heading's function, with their weights (2: the word says it; 1: a hint).
const CUES: [(Function, &[(&str, u32)]); 6] = [
    (
        Function::Review,
        &[
            ("成绩", 2),
            ("回顾", 2),
            ("肯定", 2),
            ("来之不易", 2),
            ("一年来", 2),
            ("过去一年", 2),
            ("显著成效", 2),
            ("成效显著", 2),
            ("取得的", 2),
            ("取得了", 2),
            ("主要成效", 2),
            ("进展", 1),
        ],
    ),
    (
        Function::Situation,
        &[
            ("形势", 2),
            ("问题", 2),
            ("短板", 2),
            ("差距", 2),
            ("不足", 2),
            ("挑战", 2),
            ("清醒", 2),
            ("薄弱", 2),
            ("严峻", 2),
            ("风险", 1),
            ("复杂", 1),
            ("矛盾", 1),
        ],
    ),
    (
        Function::Significance,
        &[
            ("意义", 2),
            ("站位", 2),
            ("必要性", 2),
            ("重要性", 2),
            ("紧迫性", 2),
            ("统一思想", 2),
            ("深刻领会", 2),
            ("深刻把握", 2),
            ("准确把握", 2),
            ("认清", 2),
            ("认识", 1),
            ("使命感", 1),
            ("责任感", 1),
            ("自觉", 1),
        ],
    ),
    (
        Function::Tasks,
        &[
            ("重点", 2),
            ("任务", 2),
            ("问题导向", 3),
            ("目标导向", 3),
            ("聚焦突出问题", 3),
            ("纠治", 2),
            ("整治", 2),
            ("抓好", 1),
            ("推进", 1),
            ("推动", 1),
            ("聚焦", 1),
            ("突出", 1),
            ("着力", 1),
            ("提升", 1),
            ("攻坚", 1),
            ("举措", 1),
            ("全力", 1),
        ],
    ),
    (
        Function::Safeguards,
        &[
            ("组织领导", 3),
            ("组织保障", 3),
            ("强化保障", 3),
            ("坚强保障", 3),
            ("保障", 1),
            ("保证", 2),
            ("责任", 2),
            ("作风", 2),
            ("督查", 2),
            ("督导", 2),
            ("考核", 2),
            ("问责", 2),
            ("纪律", 2),
            ("合力", 2),
            ("领导", 1),
            ("落实", 1),
            ("队伍", 1),
        ],
    ),
    (
        Function::Commitment,
        &[
            ("以上率下", 3),
            ("带头", 2),
            ("率先垂范", 3),
            ("表率", 2),
            ("身体力行", 2),
            ("作示范", 2),
        ],
    ),
];

/// The function a heading shows, if any: its words scored, the first clause (before the first
/// comma) counted twice because it names the section's move (充分肯定成绩，切实增强…责任感).
pub fn infer(heading: &str) -> Option<Function> {
    let first = heading
        .split(['，', ',', '；', '：'])
        .next()
        .unwrap_or(heading);
    let mut best: Option<(Function, u32)> = None;
    for (function, cues) in CUES {
        let score: u32 = cues
            .iter()
            .map(|(w, n)| {
                let in_first = u32::from(first.contains(w));
                let anywhere = u32::from(heading.contains(w));
                n * (anywhere + in_first)
            })
            .sum();
        if score > 0 && best.is_none_or(|(_, b)| score > b) {
            best = Some((function, score));
        }
    }
    best.map(|(f, _)| f)
}

#[cfg(test)]
mod tests {
    use super::*;
    use Function::*;

    #[test]
    fn headings_of_real_speeches_show_their_function() {
        for (heading, want) in [
            (
                "充分肯定成绩，切实增强做好宣传思想文化工作的责任感使命感",
                Review,
            ),
            ("充分肯定宣传工作取得的显著成效", Review),
            ("清醒认识当前安全生产形势", Situation),
            ("统一思想，充分认识创建全国文明城市的重大意义", Significance),
            ("深刻领会重要讲话精神，坚定做好工作的信心决心", Significance),
            ("突出重点抓好安全生产各项任务", Tasks),
            ("聚焦重点，全力攻坚创建工作的关键环节", Tasks),
            ("紧密结合工作实际，推动学习成果转化为实际成效", Tasks),
            ("压紧压实安全生产责任", Safeguards),
            (
                "加强组织领导，为做好宣传思想文化工作提供坚强保证",
                Safeguards,
            ),
            ("强化保障，凝聚全民参与创建的强大合力", Safeguards),
            ("坚持以上率下，带头抓好学习贯彻", Commitment),
            ("坚持问题导向，推动基层党组织全面进步全面过硬", Tasks),
            ("全力保障群众就医需求", Tasks),
            ("聚焦突出问题，坚决纠治不正之风", Tasks),
        ] {
            assert_eq!(infer(heading), Some(want), "{heading}");
        }
        assert_eq!(infer("坚定理想信念"), None);
    }

    #[test]
    fn names_round_trip() {
        for f in Function::ALL {
            assert_eq!(Function::from_name(f.name()), Some(f));
            assert_eq!(Function::ALL[f.index()], f);
        }
    }
}
