//! Mining: parsed speeches → rules (phrase pools and patterns with slots, by role).
//!
//! Each text is mined by the role it plays in the skeleton the parser found:
//! - `greeting`; the opening's moves: `opening.meeting` (今天我们召开…), `opening.transition`
//!   (下面，我讲{{ n }}点意见), `opening.purpose` (the rest);
//! - `section.heading` patterns (深刻领会、准确把握{{ x }}，…), `section.lead_in` (the paragraph
//!   after a heading), `section.paragraph`;
//! - `enumeration.style` with how many items its lists have (`sizes`), `item.lead_head` (the verb
//!   phrase before a lead's object: 深入宣传阐释, 突出), `item.elaboration` (a lead's sentences);
//! - `phrase.run` (踔厉奋发、勇毅前行), `closing.couplet` (征程万里风正劲，重任千钧再扬帆),
//!   `closing.exhortation` (同志们，…让我们…！).
//!
//! Spans naming this speech's meeting, organization or topic (from the title `在…上的讲话` and
//! the byline) become slots; a sentence with figures, dates, names of people, `XX` placeholders
//! it cannot place, or enumeration markers is not kept. Word boundaries come from jieba-rs.
//!
//! Mining is a sum over documents, so shards mined apart and merged ([`merge`]) equal the
//! whole corpus mined at once, and the output is sorted: the same corpus gives the same bytes.
//!
//! This file owns the walk over a speech's skeleton and the counts ([`Miner`]); `slots.rs`
//! reads a speech's names and sentences, `filters.rs` decides what is general enough to keep,
//! `merge.rs` turns counts into rules and adds rule sets.

use std::collections::{BTreeMap, BTreeSet};

use jieba_rs::Jieba;

use crate::field::{Field, Lexicon};
use crate::function::Function;
use crate::lexicon::{all_han, couplet, OFFICES};
use crate::model::{Block, Document, Enumeration, Speech};
use crate::numbering::Style;
use crate::rules::{Role, RuleSet};

mod filters;
mod merge;
mod slots;

use filters::{directive, general, purposeful, quotation, unusable, NATIONAL};
pub use merge::merge;
use merge::to_rules;
use slots::{number_slot, sentences, Slots};

/// A mined rule being counted.
#[derive(Debug, Default, Clone)]
struct Tally {
    count: u64,
    sources: BTreeSet<String>,
    sizes: BTreeMap<u32, u64>,
}

/// What a mined rule is counted under: its role, text, field and function.
type Key = (Role, String, Option<Field>, Option<Function>);

/// What every miner of a run reads and none changes: jieba's dictionary (slow to load) and
/// the fields' lexicons.
struct Dictionaries {
    jieba: Jieba,
    lexicon: Lexicon,
}

/// Mines documents one by one; [`Miner::finish`] gives the rules. Mining is a sum over
/// documents: [`Miner::fork`] gives an empty miner that shares the dictionaries, to mine
/// documents on other threads, and [`Miner::absorb`] adds what it counted.
pub struct Miner {
    dictionaries: std::sync::Arc<Dictionaries>,
    /// The field every rule is tagged with (`mine --field`), instead of the lexicon's guess.
    field: Option<Field>,
    /// The field of the document being mined, for sentences without field words.
    doc_field: Option<Field>,
    tallies: BTreeMap<Key, Tally>,
    dropped: BTreeMap<&'static str, u64>,
}

impl Default for Miner {
    fn default() -> Self {
        Miner::new()
    }
}

impl Miner {
    /// A miner with jieba's default dictionary and the built-in fields' lexicons loaded.
    pub fn new() -> Miner {
        Miner {
            dictionaries: std::sync::Arc::new(Dictionaries {
                jieba: Jieba::new(),
                lexicon: Lexicon::new(crate::rules::bank_fields()),
            }),
            field: None,
            doc_field: None,
            tallies: BTreeMap::new(),
            dropped: BTreeMap::new(),
        }
    }

    /// Tags every rule with one field (`mine --field`): a writer's archive of one field.
    pub fn with_field(mut self, field: Field) -> Miner {
        self.field = Some(field);
        self
    }

    /// How many sentences were not kept, by reason.
    pub fn dropped(&self) -> &BTreeMap<&'static str, u64> {
        &self.dropped
    }

    /// An empty miner with this one's dictionaries and field, to mine other documents (on
    /// another thread) and be [absorbed](Miner::absorb).
    pub fn fork(&self) -> Miner {
        Miner {
            dictionaries: self.dictionaries.clone(),
            field: self.field.clone(),
            doc_field: None,
            tallies: BTreeMap::new(),
            dropped: BTreeMap::new(),
        }
    }

    /// Adds what `other` counted: the same as having mined its documents here.
    pub fn absorb(&mut self, other: Miner) {
        for (key, t) in other.tallies {
            let mine = self.tallies.entry(key).or_default();
            mine.count = mine.count.saturating_add(t.count);
            mine.sources.extend(t.sources);
            for (size, n) in t.sizes {
                let m = mine.sizes.entry(size).or_insert(0);
                *m = m.saturating_add(n);
            }
        }
        for (reason, n) in other.dropped {
            let m = self.dropped.entry(reason).or_insert(0);
            *m = m.saturating_add(n);
        }
    }

    /// Counts a rule, tagged with its field: the one given, else the field whose words it
    /// holds, else its document's.
    fn add(&mut self, role: Role, text: &str, source: &str, function: Option<Function>) {
        let field = match role {
            Role::Greeting | Role::EnumerationStyle | Role::OpeningTransition => None,
            _ => self
                .field
                .clone()
                .or_else(|| self.dictionaries.lexicon.field_of(text))
                .or_else(|| self.doc_field.clone()),
        };
        let t = self
            .tallies
            .entry((role, text.to_owned(), field, function))
            .or_default();
        t.count = t.count.saturating_add(1);
        t.sources.insert(source.to_owned());
    }

    /// Is a slotted sentence fit to keep? Counts the reason when not.
    fn keep(&mut self, s: &str, closing: bool) -> bool {
        let reason = unusable(s, closing).or_else(|| {
            self.names_a_person(s)
                .then_some("a person, place or organization")
        });
        if let Some(r) = reason {
            *self.dropped.entry(r).or_insert(0) += 1;
        }
        reason.is_none()
    }

    /// Does jieba see a person's name in it (习近平 aside, whose name heads the genre's
    /// standard phrases)?
    fn names_a_person(&self, s: &str) -> bool {
        // jieba's tags are noisy (光荣/nr, 重大意义/ns), so a person counts only before a title
        // (张明同志, 马德尧校长: a name, or a word jieba does not know); a place by its tag
        // unless it is the nation's or a word jieba is known to mistag; an organization by its
        // tag; and a speaker's own unit by its word (我校, 我市).
        const NOT_PLACES: [&str; 3] = ["重大意义", "普通高中", "中华人民共和国"];
        const OWN_UNIT: [&str; 9] = [
            "我校", "全校", "本校", "我市", "我省", "我区", "我县", "我局", "我院",
        ];
        if OWN_UNIT.iter().any(|w| s.contains(w)) {
            return true;
        }
        let tags = self.dictionaries.jieba.tag(s, true);
        tags.iter().enumerate().any(|(i, t)| {
            let next = tags.get(i + 1).map_or("", |n| n.word);
            let long = t.word.chars().count() >= 2;
            let person = long
                && (t.tag == "nr" || t.tag == "x")
                && t.word != "习近平"
                && all_han(t.word)
                && OFFICES
                    .iter()
                    .chain(&["同志", "先生"])
                    .any(|title| next.starts_with(title));
            let place = long
                && t.tag == "ns"
                && !NATIONAL.contains(&t.word)
                && !NOT_PLACES.contains(&t.word);
            // 党中央, 国务院, 市委, 省政府: the bodies every speech names, not one place's.
            let generic_body = [
                "党中央",
                "中共中央",
                "国务院",
                "中央",
                "全国人大",
                "全国政协",
                "中央委员会",
            ]
            .contains(&t.word)
                || t.word.ends_with('委')
                || t.word.ends_with("政府")
                || t.word.starts_with("中央");
            let org = t.tag == "nt" && !generic_body;
            person || place || org
        })
    }

    /// Mines one parsed document; `source` names it in the rules (its path, as `mine` was
    /// given it).
    pub fn mine(&mut self, source: &str, doc: &Document) {
        for speech in &doc.speeches {
            self.doc_field = self.field.clone().or_else(|| self.field_of_speech(speech));
            self.mine_speech(source, speech);
        }
        self.doc_field = None;
    }

    /// The field a speech is about, from its title, headings and text.
    fn field_of_speech(&self, speech: &Speech) -> Option<Field> {
        let mut headings = String::new();
        let mut text = String::new();
        for s in &speech.sections {
            if let Some(h) = &s.heading {
                headings.push_str(h);
                headings.push('|');
            }
            for b in &s.blocks {
                if let Block::Paragraph(p) = b {
                    text.push_str(p);
                }
            }
        }
        let inf = self.dictionaries.lexicon.infer(&[
            ("title", speech.title.as_deref().unwrap_or(""), 3),
            ("headings", &headings, 2),
            ("text", &text, 1),
        ]);
        (inf.field != Field::General).then_some(inf.field)
    }

    fn mine_speech(&mut self, src: &str, speech: &Speech) {
        let slots = Slots::of(speech);
        if let Some(g) = &speech.greeting {
            self.add(Role::Greeting, g, src, None);
        }
        for block in &speech.opening {
            match block {
                Block::Paragraph(p) => {
                    for s in sentences(p) {
                        self.mine_opening_sentence(src, &slots, s);
                    }
                }
                other => self.mine_block(src, &slots, other, false),
            }
        }
        for section in &speech.sections {
            self.mine_section(src, &slots, section.heading.as_deref(), &section.blocks);
        }
        if let Some(closing) = &speech.closing {
            self.mine_closing(src, &slots, closing);
        }
    }

    fn mine_opening_sentence(&mut self, src: &str, slots: &Slots, s: &str) {
        self.mine_runs(src, s);
        let slotted = slots.apply(s);
        if s.starts_with("下面") && (s.contains('讲') || s.contains('谈')) {
            let t = number_slot(&slotted);
            if general(&t, true).is_ok() && t.chars().count() <= 40 {
                self.add(Role::OpeningTransition, &t, src, None);
            }
        } else if s.contains("召开")
            && ["今天", "这次", "本次", "此次"]
                .iter()
                .any(|w| s.contains(w))
        {
            if self.keep(&slotted, false) {
                self.add(Role::OpeningMeeting, &slotted, src, None);
            }
        } else if purposeful(&slotted) && self.keep(&slotted, false) {
            self.add(Role::OpeningPurpose, &slotted, src, None);
        }
    }

    fn mine_section(&mut self, src: &str, slots: &Slots, heading: Option<&str>, blocks: &[Block]) {
        let function = heading.and_then(crate::function::infer);
        if let Some(h) = heading {
            if let Some(pattern) = self.heading_pattern(h) {
                self.add(Role::SectionHeading, &pattern, src, function);
            }
        }
        // What a section of no recognisable function says is most often a task.
        let function = Some(function.unwrap_or(Function::Tasks));
        let mut first_paragraph = true;
        for block in blocks {
            match block {
                Block::Paragraph(p) => {
                    let role = if first_paragraph {
                        Role::SectionLeadIn
                    } else {
                        Role::SectionParagraph
                    };
                    for s in sentences(p) {
                        self.mine_runs(src, s);
                        let slotted = slots.apply(s);
                        if quotation(&slotted) {
                            *self.dropped.entry("a quotation").or_insert(0) += 1;
                        } else if role == Role::SectionLeadIn && slotted.chars().count() < 20 {
                            // A lead-in announces its section; a short line there is a fragment.
                            *self.dropped.entry("too short or too long").or_insert(0) += 1;
                        } else if self.keep(&slotted, false) {
                            self.add(role, &slotted, src, function);
                        }
                    }
                    first_paragraph = false;
                }
                Block::Section(sub) => {
                    self.mine_section(src, slots, sub.heading.as_deref(), &sub.blocks)
                }
                Block::Enumeration(e) => {
                    self.mine_list(src, slots, e, function);
                    first_paragraph = false;
                }
            }
        }
    }

    fn mine_block(&mut self, src: &str, slots: &Slots, block: &Block, _nested: bool) {
        if let Block::Enumeration(e) = block {
            self.mine_list(src, slots, e, None);
        }
    }

    fn mine_list(&mut self, src: &str, slots: &Slots, e: &Enumeration, function: Option<Function>) {
        // Only the styles a draft can number with become rules (the parser also finds 一抓,
        // （1） and —— lists, whose items are still mined): what `mine` writes, `draft` reads.
        if Style::from_name(&e.style).is_some() {
            let t = self
                .tallies
                .entry((Role::EnumerationStyle, e.style.clone(), None, None))
                .or_default();
            t.count = t.count.saturating_add(1);
            t.sources.insert(src.to_owned());
            let size = u32::try_from(e.items.len()).unwrap_or(u32::MAX);
            let n = t.sizes.entry(size).or_insert(0);
            *n = n.saturating_add(1);
        }
        for item in &e.items {
            if let Some(head) = self.lead_head(&item.lead) {
                self.add(Role::ItemLeadHead, &head, src, function);
            }
            self.mine_runs(src, &item.lead);
            // Evidence follows a claim in a review; elsewhere a body is directives.
            let evidence = function.is_some_and(|f| f.takes_claims());
            for s in sentences(&item.body) {
                self.mine_runs(src, s);
                let slotted = slots.apply(s);
                if !evidence && !directive(&slotted) {
                    *self.dropped.entry("not a directive").or_insert(0) += 1;
                } else if evidence && (slotted.contains('了') || slotted.starts_with("我们")) {
                    // What one place did last year is its own fact, not evidence for another.
                    *self.dropped.entry("a past event of its own").or_insert(0) += 1;
                } else if self.keep(&slotted, false) {
                    self.add(
                        Role::ItemElaboration,
                        &slotted,
                        src,
                        function.or(Some(Function::Tasks)),
                    );
                }
            }
            for child in &item.children {
                self.mine_list(src, slots, child, function);
            }
        }
    }

    fn mine_closing(&mut self, src: &str, slots: &Slots, closing: &str) {
        for s in sentences(closing) {
            self.mine_runs(src, s);
            if let Some(couplet) = couplet(s) {
                self.add(Role::ClosingCouplet, couplet, src, None);
            }
        }
        for paragraph in closing.split('\n') {
            let p = paragraph.trim();
            if p.starts_with("同志们") && p.contains("让我们") {
                let slotted = slots.apply(p);
                let n = slotted.chars().count();
                if n <= 200 && self.keep(&slotted, true) {
                    self.add(Role::ClosingExhortation, &slotted, src, None);
                }
            }
        }
    }

    /// Runs of parallel four-character phrases: 踔厉奋发、勇毅前行; 增强“四个意识”、坚定“四个自信”.
    fn mine_runs(&mut self, src: &str, text: &str) {
        for clause in text.split(['，', '。', '；', '！', '？', '：', '\n']) {
            let parts: Vec<&str> = clause.split('、').collect();
            if parts.len() < 2 {
                continue;
            }
            let phrase = |p: &str| {
                let n = p.chars().count();
                let han = all_han(p);
                (n == 4 && han) || {
                    // two characters and a quoted term: 增强“四个意识”
                    let mut it = p.splitn(2, '“');
                    let (head, rest) = (it.next().unwrap_or(""), it.next().unwrap_or(""));
                    head.chars().count() == 2
                        && rest.ends_with('”')
                        && !rest[..rest.len() - '”'.len_utf8()].contains(['“', '”'])
                }
            };
            // Longer runs are the genre's fixed formulas, which any speech quotes whole; a
            // phrase bank has no use for them.
            let short = parts.iter().map(|p| p.chars().count() + 1).sum::<usize>() <= 12;
            if short && parts.iter().all(|p| phrase(p)) && !parts.iter().any(|p| p.contains("XX")) {
                self.add(Role::PhraseRun, &parts.join("、"), src, None);
            }
        }
    }

    /// The verb phrase heading a lead, before its object: `深入宣传阐释党的…` → `深入宣传阐释`.
    fn lead_head(&self, lead: &str) -> Option<String> {
        let lead = lead.strip_prefix('要').unwrap_or(lead);
        let tags = self.dictionaries.jieba.tag(lead, true);
        let verbish = |tag: &str| matches!(tag, "v" | "vn" | "vd" | "d" | "ad" | "i" | "l");
        let mut head = String::new();
        let mut taken = 0;
        for (k, t) in tags.iter().enumerate() {
            let long = t.word.chars().count() >= 2;
            if verbish(t.tag) && (k == 0 || long) {
                head.push_str(t.word);
                taken += 1;
            } else {
                break;
            }
        }
        if taken == 0 {
            return None;
        }
        if taken == tags.len() {
            // All verbs (强化互动引导): the first word heads it.
            head = tags[0].word.to_owned();
        }
        let n = head.chars().count();
        ((2..=8).contains(&n) && head != lead).then_some(head)
    }

    /// A heading's pattern: each clause's verb phrase with its object as a slot,
    /// `深刻领会、准确把握{{ x }}，迅速兴起{{ y }}`.
    fn heading_pattern(&self, heading: &str) -> Option<String> {
        let clauses: Vec<&str> = heading.split('，').collect();
        if clauses.len() > 2 {
            return None;
        }
        let mut out = Vec::new();
        for (k, clause) in clauses.iter().enumerate() {
            let tags = self.dictionaries.jieba.tag(clause, true);
            let verbish = |tag: &str| matches!(tag, "v" | "vn" | "vd" | "d" | "ad" | "i" | "l");
            let mut head = String::new();
            let mut i = 0;
            while i < tags.len() {
                let t = &tags[i];
                let next_verb = tags.get(i + 1).is_some_and(|n| verbish(n.tag));
                if verbish(t.tag)
                    || (t.tag == "a" && next_verb)
                    || (t.word == "、" && i > 0 && i + 1 < tags.len())
                {
                    head.push_str(t.word);
                    i += 1;
                } else {
                    break;
                }
            }
            if head.is_empty() || i == tags.len() || head.ends_with('、') {
                return None;
            }
            out.push(format!(
                "{head}{{{{ {} }}}}",
                if k == 0 { "x" } else { "y" }
            ));
        }
        Some(out.join("，"))
    }

    /// The rules mined so far, sorted: by role, then most seen first, then text.
    pub fn finish(self) -> RuleSet {
        to_rules(self.tallies)
    }
}

#[cfg(test)]
mod tests {
    use super::slots::{meeting_in, org_of, topic_of};
    use super::*;
    use crate::rules::Rule;

    #[test]
    fn meeting_topic_and_org_come_from_title_and_byline() {
        assert_eq!(
            meeting_in("在XX系统宣传工作会议上的讲话材料").as_deref(),
            Some("XX系统宣传工作会议")
        );
        assert_eq!(
            topic_of("全市宣传思想工作会议").as_deref(),
            Some("宣传思想工作")
        );
        assert_eq!(org_of("市委网信办主任").as_deref(), Some("市委网信办"));
    }

    #[test]
    fn transitions_get_a_number_slot() {
        assert_eq!(
            number_slot("下面，我讲三点意见，供大家参考。"),
            "下面，我讲{{ n }}点意见，供大家参考。"
        );
    }

    #[test]
    fn specifics_are_not_kept() {
        assert!(unusable("2020年以来，我们推出了一大批精品力作。", false).is_some());
        assert!(unusable("一是思想引领坚强有力。", false).is_some());
        assert!(unusable("党的XX大胜利召开，意义重大。", false).is_some());
        assert_eq!(
            unusable("总书记强调，要把宣传思想工作做得更好。", false),
            Some("words of a named leader")
        );
        assert_eq!(
            unusable("这一天，我们党召开了一次具有历史意义的全会。", false),
            Some("a specific event")
        );
        assert_eq!(
            unusable("对此，我们必须保持清醒头脑，不能有丝毫松懈。", false),
            Some("points back at a sentence before it")
        );
        assert!(unusable("要坚持问题导向，聚焦重点难点，拿出务实管用的举措。", false).is_none());
        assert_eq!(
            unusable("撸起袖子加油干，风雨无阻向前行。", false),
            Some("a slogan")
        );
    }

    #[test]
    fn lead_heads_are_the_verb_phrase_before_the_object() {
        let m = Miner::new();
        assert_eq!(
            m.lead_head("深入宣传阐释党的XX大的鲜明主题").as_deref(),
            Some("深入宣传阐释")
        );
        assert_eq!(m.lead_head("突出政治引领").as_deref(), Some("突出"));
        assert_eq!(m.lead_head("强化互动引导").as_deref(), Some("强化"));
    }

    #[test]
    fn merge_saturates_counts_and_list_sizes_at_the_top() {
        // 2^64-1 plus anything wrapped in release and panicked in debug.
        let mut rule = Rule::new(Role::EnumerationStyle, "一是");
        rule.count = u64::MAX;
        rule.sizes.insert(3, u64::MAX);
        let set = RuleSet {
            fields: Vec::new(),
            rules: vec![rule],
        };
        let merged = merge(&[set.clone(), set.clone(), set]);
        assert_eq!(merged.rules[0].count, u64::MAX);
        assert_eq!(merged.rules[0].sizes[&3], u64::MAX);
    }

    #[test]
    fn mined_rules_read_back_when_a_list_is_numbered_in_no_drafting_style() {
        // The parser finds 一抓…二抓… lists; as an enumeration.style rule that is no style a
        // draft can number with, so the rules file mine wrote could not be read back.
        let doc = crate::parse_str(
            "a.txt",
            "在全县安全生产工作会议上的讲话\n\n同志们：\n\n一、抓好重点工作\n\n\
             一抓隐患整治。要组织专门力量逐户上门检查，发现问题当场督促整改到位。\n\n\
             二抓宣传培训。要把安全常识送进车间班组，让每一名职工都懂得岗位上的风险。\n\n\
             三抓督促检查。要定期开展明察暗访，对整改不力的单位及时通报并督促限期整改。\n",
        );
        let styles: Vec<&str> = doc.speeches[0]
            .sections
            .iter()
            .flat_map(|s| &s.blocks)
            .filter_map(|b| match b {
                Block::Enumeration(e) => Some(e.style.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(styles, ["一抓"], "the parser's list");
        let mut m = Miner::new();
        m.mine("a.txt", &doc);
        let set = m.finish();
        assert!(set.rules.iter().all(|r| r.role != Role::EnumerationStyle));
        assert_eq!(RuleSet::from_yaml(&set.to_yaml()).unwrap(), set);
    }

    #[test]
    fn couplets_and_runs_are_found() {
        assert_eq!(
            couplet("征程万里风正劲，重任千钧再扬帆。全市…"),
            Some("征程万里风正劲，重任千钧再扬帆")
        );
        let mut m = Miner::new();
        m.mine_runs(
            "a",
            "自信自强、守正创新，踔厉奋发、勇毅前行，为全面建设而奋斗。",
        );
        let rules = m.finish();
        assert!(
            rules.rules.iter().any(|r| r.text == "踔厉奋发、勇毅前行"),
            "{:?}",
            rules.rules
        );
    }
}
