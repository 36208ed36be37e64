//! Classes of real-world input (GitHub issue 9), one synthetic fixture each in
//! `tests/fixtures/classes/`: page furniture around the speech, a signature after the closing,
//! greetings over two lines or with unusual addressees, unnumbered headings, a vocative
//! paragraph inside an enumeration, closings without a vocative, Markdown posts, an HTML page,
//! and a speech run together on one line.
//!
//! The fixtures were written for these tests (placeholders `XX` for names and figures); each
//! shows one class, and its test checks what a reader would: title, greeting, sections and
//! headings, closing, and that no furniture is left anywhere in the JSON.

use serde_json::Value;

use crate::{root, Test};

/// `speechgen parse --format json tests/fixtures/classes/FILE`: exit 0, one speech; the whole
/// document is returned.
fn parse(file: &str) -> Value {
    let path = root().join("tests/fixtures/classes").join(file);
    let doc = Test::new()
        .args(["parse", "--format", "json"])
        .arg(&path)
        .success()
        .json();
    let n = doc["speeches"].as_array().map_or(0, Vec::len);
    if n != 1 {
        let all: Vec<String> = (0..n)
            .map(|k| format!("--- speech {k} ---\n{}", show_speech(&doc["speeches"][k])))
            .collect();
        panic!("{file}: expected one speech, found {n}\n{}", all.join("\n"));
    }
    doc
}

/// The first speech of a parsed document.
fn speech(doc: &Value) -> &Value {
    &doc["speeches"][0]
}

/// Every string in the JSON (keys excluded, and the `source` path, which names the fixture),
/// one a line: what a furniture check searches.
fn json_text(value: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            Value::Object(o) => o
                .iter()
                .filter(|(k, _)| k.as_str() != "source")
                .for_each(|(_, v)| walk(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(value, &mut out);
    out
}

/// Text of the opening and the sections (not the title block, not the closing).
fn body_text(speech: &Value) -> String {
    format!(
        "{}{}",
        json_text(&speech["opening"]),
        json_text(&speech["sections"])
    )
}

/// A compact view of the parse for failure messages: title, speaker, greeting, headings,
/// closing.
fn show(doc: &Value) -> String {
    show_speech(speech(doc))
}

fn show_speech(s: &Value) -> String {
    format!(
        "title: {}\nspeaker: {} / position: {}\ngreeting: {}\nopening: {}\nsections ({}): {:?}\nclosing: {}",
        s["title"],
        s["speaker"],
        s["position"],
        s["greeting"],
        crate::truncate(&json_text(&s["opening"]).replace('\n', " ⏎ "), 160),
        s["sections"].as_array().map_or(0, Vec::len),
        headings(s),
        crate::truncate(&s["closing"].to_string(), 160),
    )
}

fn headings(speech: &Value) -> Vec<Option<String>> {
    speech["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["heading"].as_str().map(str::to_owned))
        .collect()
}

fn str_of<'a>(speech: &'a Value, key: &str) -> &'a str {
    speech[key].as_str().unwrap_or("")
}

fn assert_headings(doc: &Value, expected: &[&str]) {
    let got = headings(speech(doc));
    let want: Vec<Option<String>> = expected.iter().map(|h| Some((*h).to_owned())).collect();
    assert_eq!(got, want, "section headings differ\n{}", show(doc));
}

fn assert_no_furniture(doc: &Value, furniture: &[&str]) {
    let text = json_text(doc);
    let kept: Vec<&str> = furniture
        .iter()
        .copied()
        .filter(|f| text.contains(f))
        .collect();
    assert!(
        kept.is_empty(),
        "furniture kept: {kept:?}\n{}\n--- all text ---\n{text}",
        show(doc)
    );
}

/// Every enumeration in the speech (opening, sections, nested sections), in reading order.
fn enumerations(speech: &Value) -> Vec<&Value> {
    fn walk<'a>(blocks: &'a Value, out: &mut Vec<&'a Value>) {
        for b in blocks.as_array().into_iter().flatten() {
            if let Some(e) = b.get("enumeration") {
                out.push(e);
            }
            if let Some(s) = b.get("section") {
                walk(&s["blocks"], out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&speech["opening"], &mut out);
    for s in speech["sections"].as_array().into_iter().flatten() {
        walk(&s["blocks"], &mut out);
    }
    out
}

// 1. Furniture around and inside the speech.

#[test]
fn link_trailers_badges_leads_tags_credits_datelines_and_pull_quotes_are_dropped() {
    let doc = parse("01_furniture.txt");
    let s = speech(&doc);
    assert_eq!(s["title"], "在全市民生工作推进会上的讲话", "{}", show(&doc));
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    assert_headings(
        &doc,
        &[
            "正视短板，增强做好民生工作的紧迫感",
            "聚焦重点，推动民生实事落地见效",
        ],
    );
    assert!(
        str_of(s, "closing").starts_with("同志们，民生工作没有终点"),
        "closing should be the last paragraph\n{}",
        show(&doc)
    );
    assert_no_furniture(
        &doc,
        &[
            // link trailers
            "阅读原文",
            "原文链接",
            "转入文章首发地址",
            "点击查看",
            // visitor badges
            "阅读量",
            "1234",
            "浏览次数",
            // editor's leads
            "导 读",
            "建议收藏",
            "编者按",
            "供各级干部学习参考",
            // column tags
            "【",
            "专题",
            "学习时刻",
            // photo credits
            "摄",
            "图为",
            // wire dateline reporting on the meeting
            "XX社",
            "记者",
            "他强调",
            "全文如下",
            // newspaper trailer
            "日报",
            "第 01 版",
            // pull quotes
            "■",
            "当作政府的大事",
        ],
    );
}

// 2. Signature and date after the closing.

#[test]
fn a_signature_and_date_after_the_closing_are_the_byline_not_the_closing() {
    let doc = parse("02_signature.txt");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在XX大学2024届毕业典礼上的致辞",
        "{}",
        show(&doc)
    );
    assert_eq!(
        s["greeting"],
        "亲爱的同学们，老师们，家长朋友们",
        "{}",
        show(&doc)
    );
    let closing = str_of(s, "closing");
    assert!(
        closing.starts_with("同学们，母校") && closing.contains("前程似锦"),
        "closing should be the last paragraph\n{}",
        show(&doc)
    );
    for sig in ["校长", "张XX", "2024年6月20日"] {
        assert!(
            !closing.contains(sig),
            "the signature/date {sig:?} is in the closing\n{}",
            show(&doc)
        );
        assert!(
            !body_text(s).contains(sig),
            "the signature/date {sig:?} is in the body\n{}",
            show(&doc)
        );
    }
    assert_eq!(
        s["speaker"],
        "张XX",
        "speaker from the signature\n{}",
        show(&doc)
    );
    assert_eq!(
        s["position"],
        "XX大学校长",
        "position from the signature\n{}",
        show(&doc)
    );
}

// 3. Greetings.

#[test]
fn a_salutation_over_two_lines_is_one_greeting() {
    let doc = parse("03a_greeting_two_lines.txt");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在XX大学人工智能研究院成立大会上的讲话",
        "{}",
        show(&doc)
    );
    let greeting = str_of(s, "greeting");
    assert!(
        greeting.contains("院士") && greeting.contains("同学们"),
        "the greeting should hold both lines (院士 and 同学们)\n{}",
        show(&doc)
    );
    let opening = json_text(&s["opening"]);
    assert!(
        opening.starts_with("今天，XX大学人工智能研究院"),
        "the opening should start after the greeting\n{}",
        show(&doc)
    );
    assert!(
        !body_text(s).contains("院士，"),
        "a greeting line is left in the body\n{}",
        show(&doc)
    );
    assert_headings(
        &doc,
        &[
            "抢抓机遇，建设高水平研究平台",
            "汇聚英才，打造一流创新团队",
            "开放合作，服务经济社会发展",
        ],
    );
    assert!(
        str_of(s, "closing").starts_with("老师们、同学们，研究院"),
        "{}",
        show(&doc)
    );
}

#[test]
fn an_addressee_list_of_clients_and_families_is_the_greeting() {
    let doc = parse("03b_greeting_addressees.txt");
    let s = speech(&doc);
    assert_eq!(s["title"], "XX集团2025年新春致辞", "{}", show(&doc));
    assert_eq!(
        s["greeting"],
        "尊敬的各位客户、员工及其家属们",
        "{}",
        show(&doc)
    );
    assert!(
        json_text(&s["opening"]).starts_with("值此新春佳节"),
        "the opening should start after the greeting\n{}",
        show(&doc)
    );
    assert!(
        !body_text(s).contains("各位客户、员工"),
        "the greeting is left in the body\n{}",
        show(&doc)
    );
}

// 4. Headings without a number.

#[test]
fn three_parallel_standalone_lines_are_unnumbered_section_headings() {
    let doc = parse("04a_parallel_headings.txt");
    let s = speech(&doc);
    assert_eq!(s["title"], "在全市青年干部座谈会上的讲话", "{}", show(&doc));
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    assert_headings(
        &doc,
        &[
            "“强国梦”——靠创新托举",
            "“民生梦”——靠实干兑现",
            "“安全梦”——靠责任守护",
        ],
    );
    let first = &s["sections"][0]["blocks"];
    assert_eq!(
        first.as_array().map_or(0, Vec::len),
        2,
        "the first section has two paragraphs\n{}",
        show(&doc)
    );
    assert!(
        str_of(s, "closing").starts_with("同志们，青春的底色是奋斗"),
        "{}",
        show(&doc)
    );
}

#[test]
fn a_heading_line_holding_two_questions_is_one_heading() {
    let doc = parse("04b_two_question_heading.txt");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在区委理论学习中心组专题学习会上的发言",
        "{}",
        show(&doc)
    );
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    assert_eq!(
        s["sections"].as_array().map_or(0, Vec::len),
        3,
        "three numbered sections\n{}",
        show(&doc)
    );
    assert_eq!(s["sections"][0]["ordinal"], "一、", "{}", show(&doc));
    let heading = s["sections"][0]["heading"].as_str().unwrap_or("");
    assert!(
        // The final ？ ends the heading line like a final 。 and may be dropped; the first stays.
        heading.starts_with("我们为什么要学习党史？为什么要学习新中国史"),
        "the first heading should hold both questions\n{}",
        show(&doc)
    );
    assert!(
        s["sections"][0]["blocks"][0]["paragraph"]
            .as_str()
            .unwrap_or("")
            .starts_with("历史是最好的教科书"),
        "the first section's body starts after the heading line\n{}",
        show(&doc)
    );
    assert_eq!(
        s["sections"][1]["heading"],
        "从党史中汲取推动工作的智慧和力量",
        "{}",
        show(&doc)
    );
}

// 5. A vocative paragraph inside an enumeration.

#[test]
fn a_paragraph_opening_with_a_vocative_inside_a_list_starts_no_section() {
    let doc = parse("05_vocative_in_list.txt");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在XX大学2025级新生开学典礼上的讲话",
        "{}",
        show(&doc)
    );
    assert_eq!(s["greeting"], "亲爱的同学们", "{}", show(&doc));
    let sections = s["sections"].as_array().cloned().unwrap_or_default();
    assert_eq!(
        sections.len(),
        1,
        "an unnumbered speech is one section; `同学们，理想是航标` starts none\n{}",
        show(&doc)
    );
    assert_eq!(sections[0]["heading"], Value::Null, "{}", show(&doc));
    let lists: Vec<&Value> = enumerations(s)
        .into_iter()
        .filter(|e| e["style"] == "首先")
        .collect();
    assert_eq!(
        lists.len(),
        1,
        "one 首先…其次…最后 enumeration, not split by the vocative paragraph\n{}\nenumerations: {:?}",
        show(&doc),
        enumerations(s)
    );
    let ordinals: Vec<&str> = lists[0]["items"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|i| i["ordinal"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ordinals, ["首先", "其次", "最后"], "{}", show(&doc));
    assert!(
        json_text(lists[0]).contains("理想是航标"),
        "the vocative paragraph belongs to the first item\n{}",
        lists[0]
    );
    assert!(
        str_of(s, "closing").starts_with("同学们，新的征程已经开启"),
        "{}",
        show(&doc)
    );
}

// 6. Closings without a vocative.

#[test]
fn a_closing_without_a_vocative_is_still_the_closing() {
    let doc = parse("06a_closing_without_vocative.txt");
    let s = speech(&doc);
    assert_eq!(s["title"], "在全县青年工作会议上的讲话", "{}", show(&doc));
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    assert_headings(
        &doc,
        &[
            "充分肯定近年来青年工作取得的成绩",
            "扎实做好下一阶段青年工作",
        ],
    );
    assert!(
        str_of(s, "closing").starts_with("一代人有一代人的长征"),
        "the last paragraph (让我们…！) is the closing\n{}",
        show(&doc)
    );
    assert!(
        !body_text(s).contains("一代人有一代人的长征"),
        "the closing is also left in the last section\n{}",
        show(&doc)
    );
}

#[test]
fn an_exclamatory_last_paragraph_without_let_us_is_the_closing() {
    let doc = parse("06b_closing_exclamation.txt");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在XX学院2025届毕业典礼上的讲话",
        "{}",
        show(&doc)
    );
    assert_eq!(s["greeting"], "亲爱的同学们", "{}", show(&doc));
    assert_headings(&doc, &["感恩来时路", "珍惜脚下路", "勇闯未来路"]);
    assert!(
        str_of(s, "closing").starts_with("青春由磨砺而出彩"),
        "the last paragraph (…！) is the closing\n{}",
        show(&doc)
    );
    assert!(
        !body_text(s).contains("青春由磨砺而出彩"),
        "the closing is also left in the last section\n{}",
        show(&doc)
    );
}

// 7. Markdown.

#[test]
fn a_markdown_post_with_bold_headings_reads_its_front_matter_and_drops_its_markup() {
    let doc = parse("07a_post.md");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在全县乡村振兴工作会议上的讲话",
        "title from the front matter\n{}",
        show(&doc)
    );
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    assert_headings(
        &doc,
        &[
            "稳住粮食生产基本盘",
            "促进农民持续增收",
            "建设宜居宜业和美乡村",
        ],
    );
    assert!(
        json_text(&s["opening"])
            .contains("主要任务是总结去年工作，安排部署今年任务。下面，我讲三点意见。"),
        "<!--more--> is dropped without splitting the paragraph\n{}",
        show(&doc)
    );
    assert!(
        str_of(s, "closing").starts_with("同志们，乡村振兴任重道远"),
        "{}",
        show(&doc)
    );
    assert_no_furniture(
        &doc,
        &[
            "http",
            "**",
            "<",
            ">",
            "阅读原文",
            "more",
            "br",
            "visitor",
            "title:",
            "2025-02-10",
            "---",
        ],
    );
}

#[test]
fn a_markdown_post_with_unnumbered_hash_headings_has_those_sections() {
    let doc = parse("07b_post_headings.md");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在XX公司2025年工作会议上的讲话",
        "title from the front matter\n{}",
        show(&doc)
    );
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    assert_headings(&doc, &["稳住基本盘", "打开新局面", "锻造好队伍"]);
    assert!(
        str_of(s, "closing").starts_with("同志们，新的一年"),
        "{}",
        show(&doc)
    );
    assert_no_furniture(&doc, &["#", "title:", "2025-01-08", "---"]);
}

// 8. HTML.

#[test]
fn an_html_page_takes_its_title_from_the_h1_and_bold_lines_as_headings() {
    let doc = parse("08_page.html");
    let s = speech(&doc);
    assert_eq!(
        s["title"],
        "在XX大学2025年工作会议上的讲话",
        "{}",
        show(&doc)
    );
    let title = str_of(s, "title");
    for affix in ["|", "->", "新闻网", "www", "xx.edu.cn"] {
        assert!(
            !title.contains(affix),
            "the site's affix {affix:?} is in the title\n{}",
            show(&doc)
        );
    }
    assert_eq!(s["greeting"], "同志们", "bold greeting\n{}", show(&doc));
    assert_headings(&doc, &["坚持立德树人", "坚持改革创新", "坚持从严治党"]);
    assert!(
        str_of(s, "closing").starts_with("同志们，新的一年"),
        "{}",
        show(&doc)
    );
    assert_no_furniture(
        &doc,
        &[
            "<",
            ">",
            "首页",
            "学校概况",
            "新闻网",
            "发布时间",
            "浏览次数",
            "版权所有",
            "©",
            "www",
        ],
    );
}

// 9. A speech on one line.

#[test]
fn a_speech_run_together_on_one_line_has_its_greeting_and_sections() {
    let doc = parse("09_one_line.txt");
    let s = speech(&doc);
    let title = str_of(s, "title");
    assert!(
        title.starts_with("在全市安全生产工作会议上的讲话") && !title.contains("同志们"),
        "the title stops before the date and the greeting\n{}",
        show(&doc)
    );
    assert_eq!(s["greeting"], "同志们", "{}", show(&doc));
    let h = headings(s);
    assert!(
        h.len() >= 2,
        "two numbered sections in the run-together text\n{}",
        show(&doc)
    );
    assert!(
        h[0].as_deref()
            .unwrap_or("")
            .starts_with("清醒认识当前安全生产面临的形势")
            && h[1]
                .as_deref()
                .unwrap_or("")
                .starts_with("扎实抓好今年安全生产重点工作"),
        "{}",
        show(&doc)
    );
    assert!(
        !h[0].as_deref().unwrap_or("").contains("去年全市"),
        "the first heading runs into its body\n{}",
        show(&doc)
    );
    assert!(
        str_of(s, "closing").starts_with("同志们，安全生产责任重于泰山"),
        "{}",
        show(&doc)
    );
}
