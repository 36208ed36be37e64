//! Fuzzing the readers a writer feeds by hand, with proptest: outline YAML and rules YAML,
//! mutated from valid files, never panic and never hang (every case drafts in bounded time or
//! ends in a diagnostic); and the fast path of rendering gives exactly the bytes of ordinary
//! rendering, whatever the template does with the strings.
//!
//! The number of fuzzing cases is proptest's (`PROPTEST_CASES`); the fast-path equivalence
//! runs its 48 whatever it says.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;
use speechgen::outline::Outline;
use speechgen::render::{Target, Templates};
use speechgen::rules::RuleSet;
use speechgen::Drafter;

use crate::root;

/// Pieces that steer a YAML reader, inserted at random places.
const YAML_TOKENS: &[&str] = &[
    ":",
    ": ",
    "- ",
    "\n",
    "\n  ",
    "\n    - ",
    "[",
    "]",
    "{",
    "}",
    ",",
    "&a ",
    "*a",
    "<<: *a",
    "'",
    "\"",
    "# ",
    "|\n  ",
    ">\n  ",
    "!!str ",
    "!!binary ",
    "~",
    "null",
    "true",
    "0x10",
    "18446744073709551616",
    "-1",
    "1e400",
    "\t",
    "\u{0}",
    "\u{7}",
    "\r",
    "\u{feff}",
    "一、",
    "一是",
    "同志们：",
    "{{ topic }}",
    "{{ heading }}",
    "{% if %}",
    "{a|b}",
    "{",
    "|",
    "???",
    "sections:",
    "points:",
    "style: 甲是",
    "kind: 座谈会",
    "function: tasks",
    "field: safety",
    "length: 3000",
    "length: 99999999999",
    "seed: 7",
    "body: ",
    "lead: ",
    "heading: ",
    "texts:",
    "role: glue",
    "role: greeting",
    "count: 18446744073709551615",
    "kinds: [部署会]",
];

/// Cases to run: `PROPTEST_CASES` when set (a longer fuzzing run), else `default`.
fn cases(default: u32) -> u32 {
    std::env::var("PROPTEST_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn examples() -> &'static [String] {
    static EXAMPLES: OnceLock<Vec<String>> = OnceLock::new();
    EXAMPLES.get_or_init(|| {
        let mut paths: Vec<_> = std::fs::read_dir(root().join("examples"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        paths
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap())
            .collect()
    })
}

const RULES_SEED: &str = "field: tourism\nlabel: 文化旅游\nwords: [旅游, 景区, 游客]\nrules:\n  - role: glue\n    texts:\n      - 要{加强|强化}{{ topic }}的统筹。\n      - 要抓好落实。\n  - role: item.elaboration\n    field: tourism\n    function: tasks\n    text: '{{ verb }}{{ object }}，要{做深|做实}。'\n  - role: enumeration.style\n    text: 首先\n    count: 3\n  - role: greeting\n    text: 各位同事\n";

fn builtin() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

fn templates() -> &'static Templates {
    static T: OnceLock<Templates> = OnceLock::new();
    T.get_or_init(Templates::builtin)
}

/// A text with edits: insert a token, delete a run, or repeat a line, at places drawn from
/// `edits` (position, what, token).
fn mutate(text: &str, edits: &[(usize, u8, usize)]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    for &(at, what, token) in edits {
        let at = at % (chars.len() + 1);
        match what % 4 {
            0 | 1 => {
                let t = YAML_TOKENS[token % YAML_TOKENS.len()];
                chars.splice(at..at, t.chars());
            }
            2 => {
                let end = (at + token % 12).min(chars.len());
                chars.drain(at..end);
            }
            _ => {
                let start = chars[..at]
                    .iter()
                    .rposition(|&c| c == '\n')
                    .map_or(0, |i| i + 1);
                let end = chars[at..]
                    .iter()
                    .position(|&c| c == '\n')
                    .map_or(chars.len(), |i| at + i + 1);
                let line: Vec<char> = chars[start..end].to_vec();
                chars.splice(end..end, line);
            }
        }
    }
    chars.into_iter().collect()
}

/// Drafts an outline with some rules if both read, as `draft` would: never a panic.
fn draft_if_valid(outline: &str, rules: &RuleSet, seed: u64) {
    let Ok(o) = Outline::from_yaml(outline) else {
        return;
    };
    for target in [Target::Text, Target::Markdown] {
        if let Ok(mut d) = Drafter::new(&o, rules, templates(), Default::default(), target) {
            let _ = d.draft(seed);
        }
    }
}

fn edits() -> impl Strategy<Value = Vec<(usize, u8, usize)>> {
    prop::collection::vec((any::<usize>(), any::<u8>(), any::<usize>()), 1..6)
}

proptest! {
    #![proptest_config(Config { cases: cases(128), failure_persistence: None, ..Config::default() })]

    #[test]
    fn mutated_outlines_never_panic(example in any::<prop::sample::Index>(), edits in edits(), seed in 0u64..4) {
        let text = example.get(examples()).clone();
        let mutated = mutate(&text, &edits);
        draft_if_valid(&mutated, builtin(), seed);
        // Errors render whatever they point at.
        if let Err(e) = Outline::from_yaml(&mutated) {
            let _ = e.in_file("o.yaml", &mutated).to_string();
        }
    }

    #[test]
    fn mutated_rules_files_never_panic(edits in edits(), seed in 0u64..4) {
        let mutated = mutate(RULES_SEED, &edits);
        match RuleSet::from_yaml(&mutated) {
            Ok(rules) => {
                let joined = RuleSet::joined(vec![builtin().clone(), rules.clone()]);
                draft_if_valid(&examples()[0], &joined, seed);
                draft_if_valid(&examples()[0], &rules, seed);
            }
            Err(e) => {
                let _ = e.in_file("r.yaml", &mutated).to_string();
            }
        }
    }
}

/// Template pieces: some print strings whole (the fast path may take them), some look into
/// the strings (it must not).
const TEMPLATE_PIECES: &[&str] = &[
    "{{ title }}\n",
    "{% if title %}标题：{{ title }}{% endif %}\n",
    "{% for s in sections %}{{ s.ordinal }}{{ s.heading }}\n{% endfor %}",
    "{% for p in closing %}{{ p }}{% if not loop.last %}\n{% endif %}{% endfor %}",
    "{% for s in sections %}{% for b in s.blocks %}{% if b.kind == \"list\" %}{% for i in b.items %}{{ i.lead }}；{% endfor %}{% endif %}{% endfor %}{% endfor %}",
    "{% for p in closing %}{% if \"落实\" in p %}（有落实）{% endif %}{% endfor %}",
    "{{ title | length }}",
    "{% if title == \"在全市安全生产工作会议上的讲话\" %}同名{% endif %}",
    "{{ title | truncate(length=5) }}",
    "{{ title | replace(from=\"讲话\", to=\"发言\") }}",
    "{% for s in sections %}{% if s.heading | length > 4 %}长{% else %}短{% endif %}{% endfor %}",
    "{% for p in opening %}{{ p | upper }}{% endfor %}",
    "{% set_global n = 0 %}{% for s in sections %}{% if \"认识\" in s.heading %}{% set_global n = n + 1 %}{% endif %}{% endfor %}{{ n }}",
];

const PROP_OUTLINE: &str = "title: 在全市安全生产工作会议上的讲话\nsections:\n  - heading: 提高认识\n    points: [强化担当, 压实责任]\n  - heading: 狠抓落实\n  - heading: 加强领导\n";

proptest! {
    // An equivalence over template shapes, not a reader of hostile input: a fixed number of
    // cases, whatever PROPTEST_CASES asks of the fuzzers (each case drafts six speeches).
    #![proptest_config(Config { cases: 48, failure_persistence: None, ..Config::default() })]

    #[test]
    fn the_fast_path_equals_ordinary_rendering_for_any_template(
        pieces in prop::collection::vec(0..TEMPLATE_PIECES.len(), 1..5),
    ) {
        let text: String = pieces.iter().map(|&i| TEMPLATE_PIECES[i]).collect();
        let templates = Templates::with_overrides(vec![(
            "work_meeting.tera".to_owned(),
            text.clone(),
            "prop.tera".to_owned(),
        )]);
        let outline = Outline::from_yaml(PROP_OUTLINE).unwrap();
        let mut drafter =
            Drafter::new(&outline, builtin(), &templates, Default::default(), Target::Text).unwrap();
        for seed in 0..6 {
            let (plan, fast) = drafter.draft(seed).unwrap();
            let plain = templates.render(&plan, Target::Text).unwrap();
            prop_assert_eq!(fast, plain, "template {:?}, seed {}", text, seed);
        }
    }
}

/// Pieces of pages and posts, joined at random: tags opened and never closed, closed and
/// never opened, server code, comments, entities, front matter fences, Markdown marks.
const PAGE_PIECES: &[&str] = &[
    "<html>",
    "<body>",
    "</body>",
    "<div class=\"content\">",
    "<div class=\"sidebar\">",
    "</div>",
    "<p>",
    "</p>",
    "<br>",
    "<b>",
    "</b>",
    "<strong>",
    "<h1>",
    "</h1>",
    "<h2>",
    "<a href=\"x\">",
    "</a>",
    "<script>",
    "</script>",
    "<style>",
    "<!--",
    "-->",
    "<!--more-->",
    "<?php ",
    " ?>",
    "<%",
    "%>",
    "&nbsp;",
    "&lt;",
    "&#x3000;",
    "<table><tr><td>",
    "</td></tr></table>",
    "<pre>",
    "</pre>",
    "\n",
    "\r\n",
    "---\n",
    "+++\n",
    "title: 讲话\n",
    "**",
    "## ",
    "# ",
    "[链接](",
    ")",
    "![图](x.jpg)",
    "- ",
    "> ",
    "|",
    "\u{E000}",
    "\u{0}",
    "同志们：",
    "一、提高认识",
    "一是",
    "今天召开会议。",
    "让我们共同努力！",
    "Date,Text\r\n",
    "\"",
    ",",
    "1\n00:00:00,000 --> 00:00:01,000\n",
];

proptest! {
    #![proptest_config(Config { cases: cases(128), failure_persistence: None, ..Config::default() })]

    /// Any mix of markup parses as HTML, Markdown, CSV and detected: no panic, and nothing
    /// of the reader's own (the emphasis mark) reaches the output.
    #[test]
    fn pages_and_posts_of_any_shape_never_panic(
        pieces in prop::collection::vec(0..PAGE_PIECES.len(), 0..60),
    ) {
        let text: String = pieces.iter().map(|&i| PAGE_PIECES[i]).collect();
        for format in [None, Some(speechgen::Format::Html), Some(speechgen::Format::Markdown), Some(speechgen::Format::Csv), Some(speechgen::Format::Text)] {
            if let Ok(doc) = speechgen::parse_as("fuzz.html", &text, format) {
                let json = serde_json::to_string(&doc).unwrap();
                prop_assert!(!json.contains('\u{E000}'), "{:?} → {}", text, json);
            }
        }
    }
}

/// Pieces of WordprocessingML, joined at random into a document part: paragraphs opened and
/// never closed, lists, tracked changes, tables, fields, text boxes, entities.
const WORD_PIECES: &[&str] = &[
    "<w:p>",
    "</w:p>",
    "<w:p/>",
    "<w:pPr>",
    "</w:pPr>",
    "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"1\"/></w:numPr>",
    "<w:numPr><w:ilvl w:val=\"8\"/><w:numId w:val=\"2\"/></w:numPr>",
    "<w:numPr><w:ilvl w:val=\"99\"/><w:numId w:val=\"9\"/></w:numPr>",
    "<w:pStyle w:val=\"H\"/>",
    "<w:jc w:val=\"center\"/>",
    "<w:rPr><w:del w:id=\"1\"/></w:rPr>",
    "<w:r>",
    "</w:r>",
    "<w:t>",
    "</w:t>",
    "<w:t>同志们：</w:t>",
    "<w:t>一是加强领导。</w:t>",
    "<w:br/>",
    "<w:tab/>",
    "<w:ins>",
    "</w:ins>",
    "<w:del>",
    "</w:del>",
    "<w:delText>删去</w:delText>",
    "<w:tbl><w:tr><w:tc>",
    "</w:tc></w:tr></w:tbl>",
    "<w:instrText>PAGE</w:instrText>",
    "<w:txbxContent>",
    "</w:txbxContent>",
    "&amp;",
    "&#x4E00;",
    "&nope;",
    "&#0;",
    "<![CDATA[x]]>",
    "<!-- c -->",
];

const WORD_NUMBERING: &str = "<w:numbering xmlns:w=\"w\"><w:abstractNum w:abstractNumId=\"1\"><w:lvl w:ilvl=\"0\"><w:start w:val=\"4294967295\"/><w:numFmt w:val=\"chineseCounting\"/><w:lvlText w:val=\"%1、%9%\"/></w:lvl><w:lvl w:ilvl=\"8\"><w:numFmt w:val=\"upperRoman\"/><w:lvlText w:val=\"%8.%9\"/><w:isLgl/></w:lvl></w:abstractNum><w:num w:numId=\"1\"><w:abstractNumId w:val=\"1\"/></w:num><w:num w:numId=\"2\"><w:abstractNumId w:val=\"1\"/><w:lvlOverride w:ilvl=\"8\"><w:startOverride w:val=\"0\"/></w:lvlOverride></w:num></w:numbering>";

/// A .docx of a document part and the numbering above.
fn word_package(document: &str) -> Vec<u8> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, xml) in [
        ("word/document.xml", document),
        ("word/numbering.xml", WORD_NUMBERING),
        (
            "word/styles.xml",
            "<w:styles xmlns:w=\"w\"><w:style w:type=\"paragraph\" w:styleId=\"H\"><w:basedOn w:val=\"H\"/></w:style></w:styles>",
        ),
    ] {
        w.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut w, xml.as_bytes()).unwrap();
    }
    w.finish().unwrap().into_inner()
}

proptest! {
    #![proptest_config(Config { cases: cases(128), failure_persistence: None, ..Config::default() })]

    /// Any document part, and any damage to a real .docx's bytes, reads as text or ends in
    /// a diagnostic: never a panic.
    #[test]
    fn word_files_of_any_shape_never_panic(
        pieces in prop::collection::vec(0..WORD_PIECES.len(), 0..80),
        damage in prop::collection::vec((any::<usize>(), any::<u8>()), 0..4),
        cut in any::<usize>(),
    ) {
        let body: String = pieces.iter().map(|&i| WORD_PIECES[i]).collect();
        let document = format!("<w:document xmlns:w=\"w\"><w:body>{body}</w:body></w:document>");
        let _ = speechgen::parse_bytes("fuzz.docx", &word_package(&document));
        let mut bytes = std::fs::read(root().join("tests/fixtures/docx/numbered.docx")).unwrap();
        for &(at, b) in &damage {
            let at = at % bytes.len();
            bytes[at] = b;
        }
        bytes.truncate(bytes.len() - cut % 64);
        let _ = speechgen::parse_bytes("fuzz.docx", &bytes);
    }
}
