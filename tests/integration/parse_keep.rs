//! `speechgen parse` drops page furniture and nothing else: every other line of the input
//! reaches the output, whatever it starts with; a short GBK file is read as Chinese, not as
//! mojibake; and parsing a large file takes memory near the file's size (issue 8).
//!
//! The check is on letters and digits in reading order: the parse may split a line into an
//! ordinal, a heading, an item's lead and body, and drop their punctuation, but every letter
//! and digit of the line must come out, in order, in one run.

use serde_json::Value;

use crate::{parse_json, TempDir};

/// The opening of every test speech: a title, a greeting, a first paragraph.
const HEAD: &str =
    "在全市工作会议上的讲话\n同志们：\n今天召开会议，主要任务是总结工作、部署任务。\n";

/// The strings of a parsed document in reading order (the JSON has the model's field order,
/// but this walks it explicitly, so that it does not depend on that).
fn reading_order(doc: &Value) -> Vec<&str> {
    fn text<'a>(value: &'a Value, out: &mut Vec<&'a str>) {
        if let Some(s) = value.as_str() {
            out.push(s);
        }
    }
    fn enumeration<'a>(e: &'a Value, out: &mut Vec<&'a str>) {
        for item in e["items"].as_array().into_iter().flatten() {
            for key in ["ordinal", "lead", "body"] {
                text(&item[key], out);
            }
            for child in item["children"].as_array().into_iter().flatten() {
                enumeration(child, out);
            }
        }
    }
    fn block<'a>(b: &'a Value, out: &mut Vec<&'a str>) {
        text(&b["paragraph"], out);
        if !b["enumeration"].is_null() {
            enumeration(&b["enumeration"], out);
        }
        if !b["section"].is_null() {
            section(&b["section"], out);
        }
    }
    fn section<'a>(s: &'a Value, out: &mut Vec<&'a str>) {
        text(&s["ordinal"], out);
        text(&s["heading"], out);
        for b in s["blocks"].as_array().into_iter().flatten() {
            block(b, out);
        }
    }
    let mut out = Vec::new();
    for speech in doc["speeches"].as_array().into_iter().flatten() {
        for key in ["title", "speaker", "position", "greeting"] {
            text(&speech[key], &mut out);
        }
        for b in speech["opening"].as_array().into_iter().flatten() {
            block(b, &mut out);
        }
        for s in speech["sections"].as_array().into_iter().flatten() {
            section(s, &mut out);
        }
        text(&speech["closing"], &mut out);
    }
    out
}

/// The letters and digits of a text (Chinese characters included), nothing else.
fn letters(text: &str) -> String {
    text.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Parses `body` after [`HEAD`] and returns the letters of the output in reading order and
/// every paragraph as written.
fn parse(name: &str, body: &str) -> (String, Vec<String>) {
    let dir = TempDir::new("parse-keep");
    let path = dir.write(&format!("{name}.txt"), format!("{HEAD}{body}"));
    let doc = parse_json(&path);
    let strings = reading_order(&doc);
    let paragraphs = strings.iter().map(|s| s.to_string()).collect();
    (letters(&strings.concat()), paragraphs)
}

/// Speech bodies, each after [`HEAD`]; every line of them is speech text.
const SPEECH_TEXT: &[(&str, &str)] = &[
    (
        "dash_paragraph_after_heading",
        "一、提高认识\n- 这是以短横开头的段落，要认真落实。\n要提高认识。\n",
    ),
    ("lone_arabic_ordinal", "1、单独一行的编号内容。\n"),
    ("lone_paren_ordinal", "（1）单独一行的编号内容。\n"),
    ("lone_point_ordinal", "1.单独一行的编号内容。\n"),
    ("lone_full_width_point", "1．单独一行的编号内容。\n"),
    ("lone_ascii_paren_ordinal", "(2)单独一行的编号内容。\n"),
    ("latin_sentence", "Hello world.\n"),
    ("text_after_at_sign", "列表项。 @at %percent\n"),
    ("latin_key_value", "要落实 key: value 要求。\n"),
    (
        "point_labels_under_a_section",
        "一、总体要求\n第一点，有人问：这项工作难不难？我说难。\n第二点，怎么办？要抓落实。\n二、具体任务\n要落实。\n",
    ),
    ("bracketed_line_without_a_date", "要提高认识。\n（掌声）\n要狠抓落实。\n"),
    (
        "short_lines_inside_the_speech",
        "我们的口号是：\n坚持人民至上\n坚持自信自立\n坚持守正创新\n坚持问题导向\n坚持系统观念\n要提高认识。\n",
    ),
    ("common_label_opening_a_sentence", "时间：就是生命。效率：就是金钱。\n"),
    ("circled_number_point", "⑴加强领导。\n⑵狠抓落实。\n"),
    ("furniture_word_opening_a_sentence", "技术支持是关键，要加强保障。\n"),
];

#[test]
fn parse_keeps_every_line_of_speech_text() {
    let mut lost = Vec::new();
    for (name, body) in SPEECH_TEXT {
        let (output, _) = parse(name, body);
        for line in format!("{HEAD}{body}").lines() {
            if !output.contains(&letters(line)) {
                lost.push(format!("{name}: {line:?}"));
            }
        }
    }
    assert!(lost.is_empty(), "lines lost by parse:\n{}", lost.join("\n"));
}

#[test]
fn parse_does_not_split_a_paragraph_at_a_latin_colon() {
    let (_, paragraphs) = parse(
        "latin_colon",
        "要落实 key: value 要求。\n三项比例为1.5 : 30 : 68.5。\n",
    );
    for want in ["要落实 key: value 要求。", "三项比例为1.5 : 30 : 68.5。"] {
        assert!(
            paragraphs.iter().any(|p| p == want),
            "{want:?} is not one paragraph: {paragraphs:?}"
        );
    }
}

#[test]
fn parse_still_drops_page_furniture() {
    let furniture = [
        "- 2021-05-07 发布 |",
        "- 37.5 KB |",
        "来源：吉林日报",
        "时间：2026-02-01",
        "编辑：何继红",
        "|",
        "------",
        "</div>",
        "tags:",
    ];
    let body = format!("要提高认识。\n{}\n要狠抓落实。\n", furniture.join("\n"));
    let (output, _) = parse("furniture", &body);
    for line in furniture {
        let l = letters(line);
        assert!(
            l.is_empty() || !output.contains(&l),
            "furniture {line:?} is in the output"
        );
    }
    assert!(
        output.contains("要狠抓落实"),
        "the speech after the furniture is lost"
    );
}

/// The GBK bytes of a text.
fn gbk(text: &str) -> Vec<u8> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    assert!(!unmappable, "{text:?} fits GBK");
    bytes.into_owned()
}

#[test]
fn a_short_gbk_file_is_read_as_chinese_not_mojibake() {
    // Regression: a GBK `title: 讲话` was decoded as windows-1251 (`title: НВЛА`).
    let dir = TempDir::new("short-gbk");
    let outline = dir.write("outline.yaml", gbk("title: 讲话"));
    let out = crate::Test::new().arg("draft").arg(&outline).run();
    assert!(
        out.stderr.contains("title: 讲话") && !out.stderr.contains("НВЛА"),
        "{}",
        out.stderr
    );
    for text in ["title: 讲话", "讲话", "同志们：", "一、提高认识"] {
        let path = dir.write("speech.txt", gbk(text));
        let strings = crate::all_strings(&parse_json(&path)).concat();
        let lost: Vec<char> = text
            .chars()
            .filter(|c| !c.is_ascii() && c.is_alphanumeric() && !strings.contains(*c))
            .collect();
        assert!(lost.is_empty(), "{text:?}: {lost:?} not in {strings}");
    }
}

#[test]
fn a_legacy_file_that_is_no_chinese_is_refused_asking_for_utf8() {
    let dir = TempDir::new("latin1");
    let path = dir.write("speech.txt", b"\xC7a va tr\xE8s bien");
    crate::Test::new()
        .arg("parse")
        .arg(&path)
        .stderr_contains("save the file as UTF-8")
        .status(2);
}

/// Regression: parse took about 57 times its input in memory (60 MB of newlines, 3.4 GB): a
/// vector per input line, the whole document's pest pairs, lines copied stage to stage. Each
/// input runs under an address-space limit of twelve times its size plus room for the
/// program itself; before the fix, 10 MB of newlines or of `一、` lines broke the limit.
#[cfg(unix)]
#[test]
fn parse_memory_stays_near_the_input_size() {
    use std::process::{Command, Stdio};
    use std::time::{Duration, Instant};

    const SIZE: usize = 10 << 20;
    const PROGRAM: usize = 80 << 20;
    let mut paragraphs = String::with_capacity(SIZE + 200);
    let mut i = 0;
    while paragraphs.len() < SIZE {
        paragraphs.push_str(&format!(
            "第{i}段，我们要认真落实第{i}项任务，推动工作取得实效。一是加强领导。二是狠抓落实。\n"
        ));
        i += 1;
    }
    let inputs = [
        ("newlines", "\n".repeat(SIZE)),
        ("short_lines", "一、\n".repeat(SIZE / 7)),
        ("paragraphs", paragraphs),
    ];
    let dir = TempDir::new("parse-memory");
    let limit_kib = (SIZE * 12 + PROGRAM) >> 10;
    for (name, text) in inputs {
        let path = dir.write(&format!("{name}.txt"), &text);
        let mut child = Command::new("sh")
            .arg("-c")
            .arg(format!("ulimit -v {limit_kib} && exec \"$0\" parse \"$1\""))
            .arg(env!("CARGO_BIN_EXE_speechgen"))
            .arg(&path)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("sh runs");
        let start = Instant::now();
        let status = loop {
            if let Some(status) = child.try_wait().expect("waiting for speechgen") {
                break status;
            }
            if start.elapsed() > Duration::from_secs(120) {
                let _ = child.kill();
                panic!("{name}: parse did not finish within 120 s");
            }
            std::thread::sleep(Duration::from_millis(20));
        };
        let mut stderr = String::new();
        if let Some(mut err) = child.stderr.take() {
            let _ = std::io::Read::read_to_string(&mut err, &mut stderr);
        }
        assert!(
            status.success(),
            "{name}: parse of {} MB failed under a {} MB address-space limit: {status}\n{}",
            text.len() >> 20,
            limit_kib >> 10,
            crate::truncate(&stderr, 500)
        );
    }
}
