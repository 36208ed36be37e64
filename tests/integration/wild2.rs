//! The second wild corpus (`../shared/corpus/wild2`, surveyed in its `SOURCES.md`): real
//! speeches in the containers they were found in (CSV cells, GB18030 text, PHP and ASPX page
//! sources, Hexo HTML and Markdown, extensionless assets, a vault note), plus two containers
//! the tool does not read (a Vue component, SRT subtitles). For every file it reads: exit 0,
//! JSON, none of the page furniture (the wild corpus's list and this folder's: markup, server
//! code, wire and newspaper trailers, photo credits, pull quotes, reward and link trailers),
//! and the sections and greetings a reader sees. For the others: exit 2 and a message saying
//! what the file looks like and what to do.
//!
//! Expected values are short prefixes of what the reader sees, named with the file and the
//! survey's notes; no sentence of the texts is copied here.

use crate::wild::Wild;
use crate::{corpus_dir, Test};

/// Furniture of this folder's containers, on top of the wild corpus's list.
const FURNITURE: &[&str] = &[
    "<",
    ">",
    "&nbsp",
    "<?",
    "?>",
    "include",
    "http",
    "{",
    "}",
    "人民日报",
    "新华社",
    "摘自",
    "■",
    "全文如下",
    "打赏",
    "阅读原文",
    "转入文章",
    "上一篇",
    "下一篇",
    "返回学院网站",
    "摄",
    "视频：",
    "Date,Text",
];

fn parse(file: &str) -> Wild {
    Wild::parse_file("wild2", file, FURNITURE)
}

const WILD2: &[&str] = &[
    "201.csv", "202.csv", "203.csv", "204.csv", "205.txt", "206.txt", "207.txt", "208.php",
    "209.php", "210.php", "211.vue", "212", "213.srt", "214.html", "215.md", "216.aspx", "217",
    "218.md", "219.txt",
];

#[test]
fn every_wild2_file_has_a_test() {
    let dir = corpus_dir().join("wild2");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| {
            entry
                .expect("reading wild2/")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|name| name != "SOURCES.md")
        .collect();
    files.sort();
    assert_eq!(
        files,
        WILD2,
        "the files in {} and the tests in wild2.rs differ",
        dir.display()
    );
}

#[test]
fn wild2_containers_the_tool_does_not_read_are_refused_with_what_to_do() {
    for (file, looks) in [("211.vue", "program source"), ("213.srt", "subtitle")] {
        let path = corpus_dir().join("wild2").join(file);
        Test::new()
            .arg("parse")
            .arg(&path)
            .stderr_contains(looks)
            .stderr_contains(file)
            .status(2);
    }
}

#[test]
fn wild2_csv_cells() {
    // 201: one cell, four `一、关于…` headings fused to their bodies, trailer glued on.
    parse("201.csv")
        .speeches(1)
        .greeting(0, Some("同志们"))
        .section_count(0, 4)
        .finish();
    // 202: paragraphs marked by U+3000 runs inside the cell.
    parse("202.csv")
        .speeches(1)
        .greeting(0, Some("同志们"))
        .section_count(0, 4)
        .closing_contains(0, "同志们！")
        .finish();
    // 203: title, date, speaker and greeting fused; parts separated by run-in vocatives.
    parse("203.csv")
        .speeches(1)
        .title_contains(0, "表彰大会上的讲话")
        .greeting(0, Some("同志们"))
        .several_sections(0)
        .finish();
    // 204: no greeting, three headings fused to their bodies.
    parse("204.csv")
        .speeches(1)
        .greeting(0, None)
        .section_count(0, 3)
        .finish();
}

#[test]
fn wild2_gb18030_reports() {
    for (file, sections) in [
        ("205.txt", 2),
        ("206.txt", 3),
        ("207.txt", 3),
        ("219.txt", 2),
    ] {
        parse(file)
            .speeches(1)
            .greeting(0, Some("各位代表"))
            .section_count(0, sections)
            .closing_contains(0, "让我们")
            .finish();
    }
}

#[test]
fn wild2_server_pages() {
    // 208: a news report about the meeting comes first; the speech has its own title block
    // in an `<h3>` and a greeting outside any `<p>`.
    parse("208.php")
        .title_contains(0, "座谈会上的讲话")
        .greeting(0, Some("同志们"))
        .finish();
    // 209: a short address in italics, then a poem with its own heading and a signature.
    parse("209.php").greeting_prefix(0, "同志们").finish();
    // 210: the title only in the page's `<h1>`, the date only after the speech.
    parse("210.php")
        .speeches(1)
        .title_contains(0, "纪念会上的讲话")
        .greeting(0, Some("同志们"))
        .no_numbered_sections(0)
        .finish();
    // 216: the title only in `<title>`; seven bold run-in heads `这一年，我们…`.
    parse("216.aspx")
        .speeches(1)
        .title_contains(0, "新年致辞")
        .greeting(0, Some("老师们、同学们"))
        .section_count(0, 7)
        .finish();
}

#[test]
fn wild2_assets_without_extension() {
    parse("212")
        .speeches(1)
        .title_contains(0, "一中全会上的讲话")
        .greeting(0, None)
        .closing_contains(0, "让我们")
        .finish();
    parse("217")
        .speeches(1)
        .greeting(0, Some("同志们"))
        .section_count(0, 13)
        .finish();
}

#[test]
fn wild2_blog_page_and_posts() {
    // 214 and 215: the same post, rendered and as Markdown; the speech comes after the
    // blogger's preface, with no greeting and no numbering.
    for file in ["214.html", "215.md"] {
        parse(file).greeting(0, None).finish();
    }
    // 218: crawler front matter, a headline, pull quotes, a photo credit and a wire lead
    // before the address.
    parse("218.md").speeches(1).finish();
}
