//! Input formats (`tests/fixtures/input/`, synthetic files written for these tests): a
//! university page with menus, breadcrumb, sidebar, share bar, prev/next links and footer; a
//! page saved by Word; a WeChat article page; a Markdown post with front matter, a visitor
//! badge, `<!--more-->` and a link trailer; a CSV export; and two containers the tool does not
//! read (subtitles, a Vue component). Each is parsed by the binary, as a user would, and the
//! skeleton a reader sees is checked, with none of the page around it.

use serde_json::Value;

use crate::{root, Test};

fn fixture(name: &str) -> std::path::PathBuf {
    root().join("tests/fixtures/input").join(name)
}

/// The first speech of `speechgen parse --format json FILE [ARGS]`.
fn parse(name: &str, args: &[&str]) -> Value {
    let out = Test::new()
        .args(["parse", "--format", "json"])
        .args(args)
        .arg(fixture(name))
        .success();
    let doc: Value = serde_json::from_str(&out.stdout).expect("parse prints JSON");
    doc["speeches"][0].clone()
}

fn headings(speech: &Value) -> Vec<String> {
    speech["sections"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|s| s["heading"].as_str().unwrap_or("").to_owned())
        .collect()
}

/// Every string in the speech, for checking that no furniture is left.
fn all_text(speech: &Value) -> String {
    fn walk(v: &Value, out: &mut String) {
        match v {
            Value::String(s) => {
                out.push_str(s);
                out.push('\n');
            }
            Value::Array(a) => a.iter().for_each(|v| walk(v, out)),
            Value::Object(o) => o.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = String::new();
    walk(speech, &mut out);
    out
}

fn assert_no_furniture(speech: &Value, furniture: &[&str]) {
    let text = all_text(speech);
    for f in furniture {
        assert!(!text.contains(f), "furniture {f:?} kept in:\n{text}");
    }
}

#[test]
fn a_university_page_gives_the_article_without_the_site_around_it() {
    let s = parse("university.html", &[]);
    assert_eq!(s["title"], "在XX大学2026届毕业典礼上的讲话");
    assert_eq!(s["greeting"], "亲爱的同学们，老师们");
    assert_eq!(
        headings(&s),
        ["做心中有光的人", "做脚下有路的人", "做身边有爱的人"]
    );
    assert!(s["closing"]
        .as_str()
        .unwrap_or("")
        .starts_with("同学们，母校"));
    assert_no_furniture(
        &s,
        &[
            "首页",
            "当前位置",
            "栏目导航",
            "发布时间",
            "浏览次数",
            "阅读原文",
            "分享",
            "上一篇",
            "下一篇",
            "版权所有",
            "ICP",
            "<",
            "document.title",
        ],
    );
}

#[test]
fn a_page_saved_by_word_reads_as_its_paragraphs() {
    let s = parse("word-export.htm", &[]);
    assert_eq!(s["title"], "在全县安全生产工作会议上的讲话");
    assert_eq!(s["speaker"], "张XX");
    assert_eq!(s["position"], "县长");
    assert_eq!(s["greeting"], "同志们");
    assert_eq!(
        headings(&s),
        ["清醒认识当前安全生产形势", "扎实抓好今年重点工作"]
    );
    let items = &s["sections"][1]["blocks"][0]["enumeration"]["items"];
    assert_eq!(items[0]["lead"], "深化隐患排查整治");
    assert_eq!(items[1]["lead"], "压实各方责任");
    assert_no_furniture(&s, &["mso", "MsoNormal", "Word", "<", "{"]);
}

#[test]
fn a_wechat_article_page_gives_the_article_and_none_of_the_app() {
    let s = parse("wechat.html", &[]);
    assert_eq!(s["title"], "在XX公司年度工作会议上的讲话");
    assert_eq!(s["greeting"], "同志们");
    assert!(s["closing"]
        .as_str()
        .unwrap_or("")
        .contains("让我们携起手来"));
    assert_no_furniture(
        &s,
        &[
            "阅读原文",
            "在看",
            "微信扫一扫",
            "公众号",
            "10万+",
            "XX公司发布",
        ],
    );
}

#[test]
fn a_markdown_post_reads_its_front_matter_and_drops_its_markup() {
    let s = parse("post.md", &[]);
    assert_eq!(s["title"], "在全市优化营商环境大会上的讲话");
    assert_eq!(s["greeting"], "同志们");
    assert_eq!(
        s["opening"][0]["paragraph"].as_str().unwrap_or(""),
        "今天召开全市优化营商环境大会，主要任务是动员全市上下进一步提升服务水平，为企业发展创造更好条件。下面，我讲三点意见。"
    );
    assert_eq!(
        headings(&s),
        ["提高思想认识", "聚焦重点突破", "强化督查考核"]
    );
    assert!(s["closing"]
        .as_str()
        .unwrap_or("")
        .starts_with("同志们，优化营商环境"));
    assert_no_furniture(
        &s,
        &[
            "**",
            "##",
            "<",
            "more",
            "转入文章首发地址",
            "http",
            "title:",
            "tags",
            "---",
        ],
    );
}

#[test]
fn a_csv_export_gives_the_speech_in_its_cell() {
    let s = parse("speeches.csv", &[]);
    assert_eq!(s["title"], "在全县农村工作会议上的讲话");
    assert_eq!(s["greeting"], "同志们");
    assert_eq!(
        headings(&s),
        ["充分肯定去年取得的成绩", "扎实做好今年各项工作"]
    );
    assert_no_furniture(&s, &["Date", "2026-01-05", "\""]);
}

#[test]
fn the_input_option_overrides_what_the_content_shows() {
    // Read as text, the page's markup is kept as text: the user asked for it.
    let s = parse("post.md", &["--input", "text"]);
    assert!(all_text(&s).contains("**同志们：**") || all_text(&s).contains("title:"));
    let s = parse("speeches.csv", &["--input", "text"]);
    assert!(all_text(&s).contains("2026-01-05"), "{s}");
}

#[test]
fn subtitles_and_program_source_are_refused_saying_what_they_look_like() {
    Test::new()
        .arg("parse")
        .arg(fixture("clip.srt"))
        .stderr_contains("clip.srt")
        .stderr_contains("subtitle file")
        .stderr_contains("add the punctuation")
        .status(2);
    Test::new()
        .arg("parse")
        .arg(fixture("component.vue"))
        .stderr_contains("component.vue")
        .stderr_contains("program source")
        .status(2);
    // Read as text on request, a subtitle file parses (as the user asked).
    Test::new()
        .args(["parse", "--input", "text"])
        .arg(fixture("clip.srt"))
        .success();
}

#[test]
fn mine_reads_pages_and_posts_in_a_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    for name in ["university.html", "post.md", "word-export.htm"] {
        std::fs::copy(fixture(name), dir.path().join(name)).expect("copy fixture");
    }
    std::fs::copy(fixture("clip.srt"), dir.path().join("clip.srt")).expect("copy fixture");
    let out = Test::new().arg("mine").arg(dir.path()).success();
    assert!(out.stderr.contains("from 3 files"), "{}", out.stderr);
    assert!(!out.stdout.contains("<"), "markup mined as text");
}

#[test]
fn a_page_nested_two_hundred_thousand_deep_parses_at_once() {
    // Regression: html5ever checks the open elements for each start tag, so this 2 MB page
    // took minutes; nesting past 256 is flattened before parsing (its text kept).
    let page = format!(
        "<html><body>{}<p>同志们：</p><p>今天召开会议。</p>{}</body></html>",
        "<div>".repeat(200_000),
        "</div>".repeat(200_000)
    );
    let out = Test::new()
        .args(["parse", "--format", "json", "-"])
        .stdin(page)
        .timeout(std::time::Duration::from_secs(20))
        .success();
    assert!(out.stdout.contains("今天召开会议。"), "{}", out.stdout);
}

/// The rows of `speechgen parse --explain FILE`: (kind, detail, text) per line.
fn explain(path: &std::path::Path) -> (String, Vec<(String, String, String)>) {
    let out = Test::new().args(["parse", "--explain"]).arg(path).success();
    assert!(
        !out.stdout.contains('\u{1b}'),
        "no colours when stdout is not a terminal:\n{}",
        out.stdout
    );
    let rows = out
        .stdout
        .lines()
        .filter(|l| !l.starts_with("==") && !l.starts_with("   title given"))
        .map(|l| {
            // `   12* heading     一、               一、提高认识`
            let rest = l.get(7..).unwrap_or("").trim_start();
            let (kind, rest) = rest.split_once(' ').unwrap_or((rest, ""));
            let rest = rest.trim_start();
            let (detail, text) = if rest.starts_with('[')
                || rest.starts_with("一、")
                || rest.starts_with("unnumbered")
            {
                rest.split_once(' ')
                    .map_or((rest, ""), |(d, t)| (d, t.trim_start()))
            } else {
                ("", rest)
            };
            (kind.to_owned(), detail.to_owned(), text.to_owned())
        })
        .collect();
    (out.stdout, rows)
}

#[test]
fn explain_shows_every_line_with_its_part_and_the_rule_that_dropped_furniture() {
    let path = root().join("tests/fixtures/classes/01_furniture.txt");
    let (out, rows) = explain(&path);
    let find = |text: &str| {
        rows.iter()
            .find(|(_, _, t)| t.starts_with(text))
            .unwrap_or_else(|| panic!("no row for {text:?} in:\n{out}"))
            .clone()
    };
    for (text, kind, detail) in [
        ("阅读原文", "furniture", "[link_trailer]"),
        ("摄影 XX", "furniture", "[photo_credit]"),
        ("阅读量：1234", "furniture", "[badge]"),
        ("【专题】", "furniture", "[column_tag]"),
        ("《XX日报》", "furniture", "[paper_trailer]"),
        ("在全市民生工作推进会上的讲话", "title", ""),
        ("XX市市长 张XX", "byline", ""),
        ("同志们：", "greeting", ""),
        ("一、正视短板", "heading", "一、"),
        ("同志们，民生工作没有终点", "closing", ""),
    ] {
        let row = find(text);
        assert_eq!(
            (row.0.as_str(), row.1.as_str()),
            (kind, detail),
            "{text}:\n{out}"
        );
    }
    assert!(
        out.starts_with(&format!("== {} (read as text)", path.display())),
        "{out}"
    );
}

#[test]
fn explain_names_the_format_read_and_the_title_the_page_gives() {
    let (out, rows) = explain(&fixture("university.html"));
    assert!(out.contains("(read as html)"), "{out}");
    assert!(rows.iter().any(|(k, _, _)| k == "greeting"), "{out}");
    assert!(rows.iter().any(|(k, _, _)| k == "paragraph"), "{out}");
    Test::new()
        .args(["parse", "--explain", "--format", "json"])
        .arg(fixture("university.html"))
        .stderr_contains("--format")
        .status(2);
}

#[test]
fn explain_refuses_a_file_too_large_to_explain_saying_what_to_do() {
    let dir = crate::TempDir::new("explain-large");
    let text: String = (0..120_000)
        .map(|i| format!("第{i}段，要认真抓好各项工作的落实。\n"))
        .collect();
    let path = dir.write("large.txt", text);
    Test::new()
        .args(["parse", "--explain"])
        .arg(&path)
        .stderr_contains("cut out the part")
        .stderr_contains("large.txt")
        .status(2);
}
