//! Leads (要点句): an enumeration item's topic phrase, read as a claim or a directive.
//!
//! A claim states how something stands (事故总量 | 持续下降; 创建 | 是提升城市品质的必然要求)
//! and is followed by evidence; a directive says what to do (深化 | 重大事故隐患排查整治) and
//! is followed by measures. The split gives the slots a body pattern takes up
//! (`{{ subject }}`, `{{ predicate }}`, `{{ verb }}`, `{{ object }}`), and the kind decides the
//! enumeration style (a claim never takes 一要). Word lists, not a tagger: leads are short and
//! formulaic, and this runs for every outline.

/// What a lead is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lead {
    /// A statement: subject and predicate.
    Claim {
        /// What is talked about: 事故总量.
        subject: String,
        /// What is said of it: 持续下降.
        predicate: String,
    },
    /// An instruction: verb and object.
    Directive {
        /// 深化, 压紧压实, 持续深化.
        verb: String,
        /// 重大事故隐患排查整治.
        object: String,
    },
    /// An instruction that does not split (到基层一线去, 慎交朋友).
    Plain,
}

/// Adverbs that may come before a directive verb: 进一步加强, 持续深化.
const ADVERBS: &[&str] = &[
    "进一步",
    "持续",
    "全面",
    "深入",
    "大力",
    "着力",
    "切实",
    "不断",
    "扎实",
    "坚决",
    "积极",
    "严格",
    "认真",
    "全力",
    "始终",
    "更加",
    "主动",
    "统筹",
    "依法",
    "精准",
    "广泛",
    "牢牢",
    "协同",
    "集中",
    "加快",
    "加速",
    "用心",
    "真正",
    "全方位",
    "常态化",
    "潜心",
    "倾心",
    "用情",
];

/// Four-character adverbs before a verb: 坚定不移推进…, 持之以恒纠治….
const IDIOM_ADVERBS: [&str; 6] = [
    "坚定不移",
    "毫不动摇",
    "持之以恒",
    "一以贯之",
    "坚持不懈",
    "久久为功",
];

/// Verbs that begin a directive lead.
const VERBS: &[&str] = &[
    "加强", "强化", "深化", "推进", "推动", "落实", "提升", "提高", "完善", "健全", "建立", "建设",
    "构建", "打造", "做好", "抓好", "抓实", "抓牢", "抓紧", "抓细", "压实", "压紧", "夯实", "筑牢",
    "守住", "守牢", "守好", "管住", "管好", "唱响", "培育", "培养", "整治", "治理", "优化", "实施",
    "开展", "防范", "化解", "巩固", "拓展", "扩大", "坚持", "坚守", "弘扬", "传承", "发挥", "激发",
    "凝聚", "引导", "引领", "规范", "严守", "严明", "严把", "严防", "严控", "紧盯", "聚焦", "突出",
    "围绕", "突破", "攻坚", "保障", "确保", "维护", "守护", "促进", "推广", "普及", "宣传", "宣讲",
    "阐释", "学习", "贯彻", "树立", "增强", "锻造", "锤炼", "磨砺", "涵养", "营造", "提振", "畅通",
    "拓宽", "织密", "兜牢", "兜住", "补齐", "补强", "破解", "破除", "解决", "回应", "服务", "助力",
    "赋能", "加大", "加快", "统筹", "推行", "深耕", "做强", "做大", "做优", "做实", "做细", "用好",
    "建强", "配强", "选好", "选优", "育好", "盯紧", "推出", "创新", "改进", "改善", "整合", "融合",
    "明确", "细化", "办好", "办实", "清理", "排查", "查处", "打击", "惩治", "严惩", "纠治", "纠正",
    "根治", "遏制", "减少", "降低", "控制", "管控", "监管", "监测", "处置", "应对", "储备", "保护",
    "修复", "加固", "走访", "联系", "关爱", "帮扶", "救助", "稳定", "稳住", "释放", "激活", "盘活",
    "引进", "招引", "壮大", "发展", "振兴", "繁荣", "丰富", "讲好", "传播", "擦亮", "叫响", "打响",
    "当好", "带好", "铸牢", "坚定", "打赢", "打好", "下好", "种好", "提振", "深挖", "聚力", "压缩",
    "精简", "严肃", "从严", "增加", "保持", "实现", "形成", "健全", "聚集", "汇聚", "凝心", "锚定",
    "对标", "提速", "扭住", "挖掘", "开拓", "厚植", "严查", "严打", "追责", "通报", "曝光", "约谈",
    "督办", "整改", "狠抓", "紧抓", "压减", "清退", "注重", "织牢", "充实", "配齐", "配好", "抓住",
    "加速", "改革", "办理", "建好", "用活", "守牢",
];

/// Verbs whose object may be a whole clause ending in a state: 推动文化事业繁荣发展.
const CAUSATIVE: [&str; 10] = [
    "推动", "促进", "确保", "推进", "实现", "保持", "力争", "加快", "带动", "保障",
];

/// Two characters that, before a four-character predicate at a claim's end, mark a state:
/// 事故总量持续下降, 基层基础仍然薄弱.
const STATE_ADVERBS: [&str; 20] = [
    "持续", "不断", "日益", "明显", "显著", "依然", "仍然", "逐步", "稳步", "有序", "扎实", "总体",
    "大幅", "基本", "初步", "日趋", "有待", "亟待", "相对", "较为",
];

/// Four-character predicates that end a claim: 主题宣传亮点纷呈.
const STATE_ENDINGS: [&str; 16] = [
    "深入人心",
    "亮点纷呈",
    "成效明显",
    "成效显著",
    "持续向好",
    "总体平稳",
    "平稳有序",
    "有力有效",
    "坚强有力",
    "及时有效",
    "日趋完善",
    "初具规模",
    "取得实效",
    "不断涌现",
    "繁荣发展",
    "蔚然成风",
];

/// Reads a lead (a leading `要` is dropped: 要加强理论武装). A parsed lead may run on past a
/// comma (坚定不移举旗帜，把…贯穿到…); its first clause is what it is about.
pub fn read(lead: &str) -> Lead {
    let lead = lead.split(['，', '：', '；']).next().unwrap_or(lead);
    let lead = lead.trim().trim_end_matches(['。', '；', '！', '，']);
    // 要 is an instruction only before a verb (要加强…), not in 要素, 要求.
    let body = match lead.strip_prefix('要') {
        Some(rest) if starts_directive(rest) => rest,
        _ => lead,
    };
    let chars: Vec<char> = body.chars().collect();
    let n = chars.len();
    if n < 3 {
        return Lead::Plain;
    }
    let at = |i: usize| -> String { chars[i..].iter().collect() };
    let upto = |i: usize| -> String { chars[..i].iter().collect() };

    // X是Y: 创建是提升城市品质的必然要求; 抓好安全生产是践行人民至上的必然要求 (a verb
    // phrase as subject, told by the 的 of what it is said to be).
    if let Some(i) = chars.iter().position(|&c| c == '是') {
        let of = chars[i..].contains(&'的');
        if (1..=12).contains(&i) && n - i >= 4 && (of || !starts_directive(body)) {
            return Lead::Claim {
                subject: upto(i),
                predicate: at(i),
            };
        }
    }
    let ends_in_state = n >= 6 && {
        let last4 = at(n - 4);
        let adv: String = chars[n - 4..n - 2].iter().collect();
        STATE_ENDINGS.contains(&last4.as_str()) || STATE_ADVERBS.contains(&adv.as_str())
    };
    // A verb that takes a clause (推动…繁荣发展) still directs when the lead ends in a state.
    if !ends_in_state || CAUSATIVE.iter().any(|c| body.starts_with(c)) {
        if let Some(verb_len) = directive_verb(body) {
            let object = at(verb_len);
            if object.chars().count() >= 2 {
                return Lead::Directive {
                    verb: upto(verb_len),
                    object,
                };
            }
            return Lead::Plain;
        }
    }
    if starts_directive(body) && !ends_in_state {
        return Lead::Plain;
    }
    // A four-character state at the end: 隐患排查治理 | 成效明显.
    if n >= 6 && STATE_ENDINGS.contains(&at(n - 4).as_str()) {
        return Lead::Claim {
            subject: upto(n - 4),
            predicate: at(n - 4),
        };
    }
    // A state adverb after the subject, before a predicate of four or more characters:
    // 重点行业风险依然突出.
    for i in 2..=n.saturating_sub(4) {
        let two: String = chars[i..(i + 2).min(n)].iter().collect();
        if STATE_ADVERBS.contains(&two.as_str()) || (i + 3 <= n && at(i).starts_with("进一步")) {
            return Lead::Claim {
                subject: upto(i),
                predicate: at(i),
            };
        }
    }
    if n >= 6 {
        return Lead::Claim {
            subject: upto(n - 4),
            predicate: at(n - 4),
        };
    }
    Lead::Plain
}

/// Does the text begin like a directive (an adverb or a verb of the list, or a preposition
/// that opens an instruction)?
fn starts_directive(text: &str) -> bool {
    directive_verb(text).is_some()
        || ADVERBS.iter().any(|a| text.starts_with(a))
        || IDIOM_ADVERBS.iter().any(|a| text.starts_with(a))
        || text.starts_with(['到', '把', '以', '向', '让', '用', '为'])
}

/// The length in characters of the verb phrase a directive begins with: adverbs, then one or
/// two verbs (压紧压实, 建立健全), or none.
fn directive_verb(text: &str) -> Option<usize> {
    let mut rest = text;
    let mut len = 0;
    // Four-character adverbs (坚定不移, 持之以恒) head the verb phrase, never stand for it.
    if let Some(idiom) = IDIOM_ADVERBS.iter().find(|a| text.starts_with(*a)) {
        rest = &text[idiom.len()..];
        len = idiom.chars().count();
        VERBS.iter().find(|v| rest.starts_with(*v))?;
    }
    // Adverbs, at most two (进一步全面加强).
    for _ in 0..2 {
        match ADVERBS.iter().find(|a| rest.starts_with(*a)) {
            // An adverb that is also the verb (加快): keep it as the verb when nothing follows.
            Some(a) if VERBS.iter().any(|v| rest[a.len()..].starts_with(v)) => {
                len += a.chars().count();
                rest = &rest[a.len()..];
            }
            _ => break,
        }
    }
    let verb = VERBS.iter().find(|v| rest.starts_with(*v))?;
    len += verb.chars().count();
    rest = &rest[verb.len()..];
    if let Some(second) = VERBS.iter().find(|v| rest.starts_with(*v)) {
        // 压紧压实责任, 宣传阐释思想; but not 加强监管执法 when only the object is left.
        if rest.chars().count() > 4 {
            len += second.chars().count();
        }
    }
    Some(len)
}

impl Lead {
    /// Is it a statement rather than an instruction?
    pub fn is_claim(&self) -> bool {
        matches!(self, Lead::Claim { .. })
    }

    /// Does a claim name a problem (基层基础仍然薄弱) rather than a result (事故总量持续下降)?
    /// A problem is followed by analysis, a result by evidence.
    pub fn is_problem(&self) -> bool {
        const TROUBLE: [&str; 24] = [
            "依然",
            "仍然",
            "仍",
            "薄弱",
            "不足",
            "突出",
            "短板",
            "滞后",
            "有待",
            "亟待",
            "不够",
            "欠缺",
            "频发",
            "多发",
            "不高",
            "不强",
            "不平衡",
            "不充分",
            "严峻",
            "复杂",
            "较大",
            "较多",
            "难题",
            "问题",
        ];
        match self {
            Lead::Claim { subject, predicate } => {
                // 不 says a lack (引不进留不住, 不够), but 不断 a result (不断提升).
                let lack = predicate.replace("不断", "").contains('不');
                // A risk that is not said to be dealt with (风险隐患依然存在; 汛期降雨偏多趋势明显).
                const RISKS: [&str; 8] = [
                    "风险", "隐患", "问题", "短板", "矛盾", "压力", "偏多", "偏少",
                ];
                const MASTERED: [&str; 8] = [
                    "下降", "减少", "化解", "有力", "有效", "改善", "可控", "消除",
                ];
                let risk = RISKS
                    .iter()
                    .any(|r| subject.contains(r) || predicate.contains(r))
                    && !MASTERED.iter().any(|m| predicate.contains(m));
                lack || risk
                    || TROUBLE.iter().any(|t| predicate.contains(t))
                    || predicate.contains(['难', '弱', '缺', '低', '差', '乱', '慢'])
                    || ["艰巨", "繁重", "严峻", "较重"]
                        .iter()
                        .any(|w| predicate.contains(w))
            }
            _ => false,
        }
    }

    /// The value of a body pattern's slot, if the lead has it.
    pub fn slot(&self, name: &str) -> Option<&str> {
        match (self, name) {
            (Lead::Claim { subject, .. }, "subject") => Some(subject),
            (Lead::Claim { predicate, .. }, "predicate") => Some(predicate),
            (Lead::Directive { verb, .. }, "verb") => Some(verb),
            (Lead::Directive { object, .. }, "object") => Some(object),
            _ => None,
        }
    }

    /// What the lead is about: the subject of a claim, the object of a directive.
    pub fn topic(&self) -> Option<&str> {
        match self {
            Lead::Claim { subject, .. } => Some(subject),
            Lead::Directive { object, .. } => Some(object),
            Lead::Plain => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn claim(s: &str, p: &str) -> Lead {
        Lead::Claim {
            subject: s.into(),
            predicate: p.into(),
        }
    }

    fn directive(v: &str, o: &str) -> Lead {
        Lead::Directive {
            verb: v.into(),
            object: o.into(),
        }
    }

    #[test]
    fn claims_split_into_subject_and_predicate() {
        assert_eq!(read("事故总量持续下降"), claim("事故总量", "持续下降"));
        assert_eq!(
            read("重点行业风险依然突出"),
            claim("重点行业风险", "依然突出")
        );
        assert_eq!(read("基层基础仍然薄弱"), claim("基层基础", "仍然薄弱"));
        assert_eq!(read("理论武装持续深化"), claim("理论武装", "持续深化"));
        assert_eq!(read("主题宣传亮点纷呈"), claim("主题宣传", "亮点纷呈"));
        assert_eq!(read("宣传教育深入人心"), claim("宣传教育", "深入人心"));
        assert_eq!(
            read("创建是提升城市品质的必然要求"),
            claim("创建", "是提升城市品质的必然要求")
        );
        assert_eq!(read("文化事业繁荣发展"), claim("文化事业", "繁荣发展"));
        assert_eq!(
            read("隐患排查治理成效明显"),
            claim("隐患排查治理", "成效明显")
        );
        assert_eq!(
            read("抓好安全生产是践行人民至上的必然要求"),
            claim("抓好安全生产", "是践行人民至上的必然要求")
        );
    }

    #[test]
    fn directives_split_into_verb_and_object() {
        assert_eq!(
            read("深化重大事故隐患排查整治"),
            directive("深化", "重大事故隐患排查整治")
        );
        assert_eq!(
            read("压紧压实安全生产责任"),
            directive("压紧压实", "安全生产责任")
        );
        assert_eq!(read("持续深化理论武装"), directive("持续深化", "理论武装"));
        assert_eq!(read("唱响主旋律"), directive("唱响", "主旋律"));
        assert_eq!(read("要加强理论武装"), directive("加强", "理论武装"));
        assert_eq!(
            read("要素保障能力不断强化"),
            claim("要素保障能力", "不断强化")
        );
        assert_eq!(read("提升应急处置能力"), directive("提升", "应急处置能力"));
        assert_eq!(read("加强监管执法"), directive("加强", "监管执法"));
        assert_eq!(
            read("推动文化事业和文化产业繁荣发展"),
            directive("推动", "文化事业和文化产业繁荣发展")
        );
    }

    #[test]
    fn problems_are_told_from_results() {
        assert!(read("基层基础仍然薄弱").is_problem());
        assert!(read("重点行业风险依然突出").is_problem());
        assert!(!read("事故总量持续下降").is_problem());
        assert!(read("卫生人才引不进留不住").is_problem());
        assert!(!read("公共卫生体系不断健全").is_problem());
        assert!(read("汛期降雨偏多趋势明显").is_problem());
        assert!(read("山洪地质灾害防范任务艰巨").is_problem());
        assert!(!read("重大风险防范化解有力").is_problem());
        assert!(!read("深化隐患排查整治").is_problem());
    }

    #[test]
    fn a_lead_that_runs_on_is_read_by_its_first_clause() {
        assert_eq!(
            read("要坚定不移聚民心，牢牢把握正确舆论导向"),
            Lead::Plain,
            "坚定不移 is an adverb with no verb of the list after it"
        );
        assert_eq!(
            read("坚持守正创新，推动宣传工作强起来"),
            directive("坚持", "守正创新")
        );
    }

    #[test]
    fn instructions_that_do_not_split_are_plain() {
        assert_eq!(read("到基层一线去"), Lead::Plain);
        assert_eq!(read("慎交朋友"), Lead::Plain);
        assert!(!read("守住底线").is_claim());
    }
}
