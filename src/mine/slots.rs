//! A speech's own names and sentences: the meeting, topic and organisation its title and
//! byline name (which become `{{ meeting }}`, `{{ topic }}`, `{{ org }}` in mined rules), the
//! number of points it announces (`{{ n }}`), and its text cut into sentences.

use crate::lexicon::OFFICES;
use crate::model::Speech;

/// The slot values of one speech, longest first so that a meeting's name is replaced before
/// the topic inside it.
pub(super) struct Slots(Vec<(String, &'static str)>);

impl Slots {
    pub(super) fn of(speech: &Speech) -> Slots {
        let mut v: Vec<(String, &'static str)> = Vec::new();
        if let Some(title) = &speech.title {
            if let Some(meeting) = meeting_in(title) {
                if let Some(topic) = topic_of(&meeting) {
                    v.push((topic, "topic"));
                }
                v.push((meeting, "meeting"));
            }
        }
        if let Some(org) = speech.position.as_deref().and_then(org_of) {
            v.push((org, "org"));
        }
        v.retain(|(s, _)| s.chars().count() >= 2);
        v.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
        Slots(v)
    }

    /// The sentence with slot values replaced by `{{ slot }}`.
    pub(super) fn apply(&self, s: &str) -> String {
        let mut out = s.to_owned();
        for (value, slot) in &self.0 {
            if out.contains(value.as_str()) {
                out = out.replace(value.as_str(), &format!("{{{{ {slot} }}}}"));
            }
        }
        out
    }
}

/// `在全市宣传工作会议上的讲话` → `全市宣传工作会议`.
pub(super) fn meeting_in(title: &str) -> Option<String> {
    let start = title.find('在')? + '在'.len_utf8();
    let rest = &title[start..];
    let end = rest.find("上的")?;
    let meeting = rest[..end].trim();
    (meeting.chars().count() >= 4).then(|| meeting.to_owned())
}

/// `全市宣传思想工作会议` → `宣传思想工作`.
pub(super) fn topic_of(meeting: &str) -> Option<String> {
    let mut t = meeting;
    for p in [
        "全市",
        "全省",
        "全区",
        "全县",
        "全国",
        "全系统",
        "市直",
        "全",
    ] {
        if let Some(r) = t.strip_prefix(p) {
            t = r;
            break;
        }
    }
    for s in [
        "工作会议",
        "工作部署会",
        "部署会",
        "推进会",
        "座谈会",
        "动员大会",
        "动员会",
        "大会",
        "会议",
        "会",
    ] {
        if let Some(r) = t.strip_suffix(s) {
            t = r;
            break;
        }
    }
    let t = if t.ends_with("工作") {
        t.to_owned()
    } else {
        format!("{t}工作")
    };
    (t.chars().count() >= 4).then_some(t)
}

/// `市委网信办主任` → `市委网信办`.
pub(super) fn org_of(position: &str) -> Option<String> {
    let first = position.split('、').next()?;
    for o in OFFICES {
        if let Some(org) = first.strip_suffix(o) {
            return (org.chars().count() >= 3).then(|| org.to_owned());
        }
    }
    None
}

/// Sentences of a text, each with its closing 。！？ (and a closing quote after it).
pub(super) fn sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '。' | '！' | '？' | '\n') {
            let mut end = i + c.len_utf8();
            while let Some(&(j, q)) = chars.peek() {
                if matches!(q, '”' | '’' | '）') {
                    end = j + q.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            let s = text[start..end].trim();
            if !s.is_empty() {
                out.push(s);
            }
            start = end;
        }
    }
    let s = text[start..].trim();
    if !s.is_empty() {
        out.push(s);
    }
    out
}

/// `下面，我讲三点意见` → `下面，我讲{{ n }}点意见`.
pub(super) fn number_slot(s: &str) -> String {
    for unit in ["点", "个方面", "方面", "个问题", "个字", "个层面", "层面"] {
        for n in [
            "十", "九", "八", "七", "六", "五", "四", "三", "两", "二", "几",
        ] {
            let from = format!("{n}{unit}");
            if n != "几" && s.contains(&from) {
                return s.replacen(&from, &format!("{{{{ n }}}}{unit}"), 1);
            }
        }
    }
    s.to_owned()
}
