//! The wild corpus (`../shared/corpus/wild`, surveyed in its `SOURCES.md`): 23 real texts with no
//! expected files. Every parse must exit 0 with JSON holding at least one speech and none of the
//! page furniture, and must find the structure a reader sees where that is unambiguous.
//!
//! Each structural assertion below names the line of the wild file that justifies it. Each
//! furniture rule was checked against all 23 files: it matches furniture and no speech text
//! (`furniture_rules_match_furniture_and_no_speech_line` keeps it that way).

use serde_json::Value;

use crate::{corpus_dir, truncate, Test};

// ---------------------------------------------------------------------------------------------
// Page furniture
// ---------------------------------------------------------------------------------------------

/// Text that is furniture wherever it occurs in a string.
const CONTAINS: &[&str] = &[
    // CMS meta line `文章来源：… 作者：… 发布时间：… 点击数：` (001:3, 004:3, … 024:3, 006:175).
    "文章来源",
    "发布时间",
    "点击数",
    // Page footer and navigation (006:319–346, 021:235–262, 006:3–166).
    "【打印正文】",
    "上一篇：",
    "下一篇：",
    "网站地图",
    "版权所有",
    "Copyright",
    "ICP",
    "公网安备",
    "电话&传真",
    "当前位置：",
    "公共文件夹",
    "智慧校园",
    "网上报修",
    "推荐阅读",
    "|",
    // Web toolbar and trailer of the provincial report (003:5, 003:75).
    "【字号",
    "相关报道",
    // Source trailers (013:149, 015:169, 019:121, 022:67, 021:233).
    "信息来源：",
    "（来源：",
    "(来源：",
    "新华社北京",
    // Photo credit in the news lead above the title (014:7).
    "新华社记者",
    // Wrapper headings (013:1, 015:1, 020:1, 022:1, 024:1; 009:1).
    "每周一学",
    "学习材料】",
    // Book apparatus: rules above the notes, citation lines, Markdown markers
    // (002:48, 008:46, 023:86; 002:53, 016:118, 023:97; 002:1, 008:6, 016:1, 023:1).
    "------",
    "《毛泽东选集》",
    "#",
];

/// Text that is furniture when a line of a string (trimmed) starts with it.
const LINE_STARTS: &[&str] = &[
    // 019:122 `编辑：何继红` (编辑 alone is an ordinary word).
    "编辑：",
    // News-page meta lines 003:12 `来源：吉林日报`, 019:5 `来源：青海日报`, 003:13 `时间：2026-02-01`.
    "来源：",
    "时间：",
];

/// Whole whitespace-separated tokens that are furniture (they are ordinary words inside text).
const TOKENS: &[&str] = &[
    // The hit counter's orphan `次` line (001:5, 004:5, … 024:5, 006:177, 021:173).
    "次",
    // Web toolbar, one token per line (003:1–9).
    "下载",
    "打印",
    "全屏",
    "收藏",
    "加大",
    "还原",
    "减小",
    "】",
    // Navigation menu of the whole-page pastes (006:1–171, 021:1–167) and their footer links.
    "今天是",
    "首页",
    "新闻中心",
    "学校公告",
    "一中新闻",
    "工作安排",
    "校长专栏",
    "校务公开",
    "百年芳华",
    "建校史略",
    "昔日校园",
    "—中骄傲",
    "校友之家",
    "走进一中",
    "学校概览",
    "组织机构",
    "管理团队",
    "—中校歌",
    "校园风光",
    "奖教奖学",
    "学校荣誉",
    "领导关怀",
    "党建引领",
    "党建引领>",
    "组织架构",
    "清廉学校",
    "学习专栏",
    "先锋故事",
    "课余党校",
    "党建网站",
    "教师风采",
    "荣誉报道",
    "正高特级教师",
    "优秀教师",
    "名师工作室",
    "德育之窗",
    "家校合力",
    "德育活动",
    "博雅讲座",
    "学缘心语",
    "学科竞赛",
    "信息学竞赛",
    "数学竞赛",
    "物理竞赛",
    "化学竞赛",
    "生物竞赛",
    "天文竞赛",
    "其他竞赛",
    "教学科研",
    "教学科研>",
    "教研成果",
    "教师成长",
    "教科动态",
    "校际交流",
    "莘莘学子",
    "学生之星",
    "团学动态",
    "社团风采",
    "艺术教育",
    "校园安全",
    "实践学分",
    "饮水思源",
    "志愿活动",
    "校园活动",
    "教学平台",
    "办公电话",
    "作息时间",
    "图书馆",
    "软件下载",
    "怀旧网站",
    "学校外网",
    "校长信箱",
    "反馈意见",
];

fn is_space(c: char) -> bool {
    c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}'
}

/// Why this string is (or holds) page furniture, or `None`.
fn furniture(s: &str) -> Option<String> {
    for item in CONTAINS {
        if s.contains(item) {
            return Some(format!("contains {item:?}"));
        }
    }
    if let Some(tag) = bracketed_note_number(s) {
        return Some(format!("contains the footnote number {tag:?}"));
    }
    if let Some(date) = iso_date(s) {
        return Some(format!("contains the page timestamp {date:?}"));
    }
    if let Some(tag) = list_date_tag(s) {
        return Some(format!("contains the list date tag {tag:?}"));
    }
    for line in s.lines() {
        let line = line.trim_matches(is_space);
        for item in LINE_STARTS {
            if line.starts_with(item) {
                return Some(format!("has a line starting with {item:?}"));
            }
        }
        if footnote_line(line) {
            return Some(format!("has the footnote line {:?}", truncate(line, 20)));
        }
        let squeezed: String = line.chars().filter(|c| !is_space(*c)).collect();
        if squeezed == "注释" {
            return Some("has the notes heading 注释".into());
        }
    }
    for token in s.split(is_space) {
        if TOKENS.contains(&token) {
            return Some(format!("has the token {token:?}"));
        }
    }
    None
}

/// `〔1〕`: the notes block's numbering in 008:48–52 (the inline markers there are `⑴`…`⑸`).
fn bracketed_note_number(s: &str) -> Option<String> {
    let mut rest = s;
    while let Some(i) = rest.find('〔') {
        let after = &rest[i + '〔'.len_utf8()..];
        let digits: String = after.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && after[digits.len()..].starts_with('〕') {
            return Some(format!("〔{digits}〕"));
        }
        rest = after;
    }
    None
}

/// A footnote line `[1]见本书…` (002:51, 023:89–95). Inline markers `…规律了[1]，` are kept:
/// only a line that starts with the number is the notes block.
fn footnote_line(line: &str) -> bool {
    let Some(after) = line.strip_prefix('[') else {
        return false;
    };
    let digits = after.chars().take_while(char::is_ascii_digit).count();
    digits > 0 && after[digits..].starts_with(']')
}

/// `2026-01-31` (019:4 `2026-01-31 07:00:44`, 003:13 `时间：2026-02-01`).
fn iso_date(s: &str) -> Option<String> {
    let chars: Vec<char> = s.chars().collect();
    let d = |c: &char| c.is_ascii_digit();
    chars.windows(10).find_map(|w| {
        let ok = w[..4].iter().all(d)
            && w[4] == '-'
            && w[5..7].iter().all(d)
            && w[7] == '-'
            && w[8..].iter().all(d);
        ok.then(|| w.iter().collect())
    })
}

/// `[06-11]` or `[ 11-12 ]`: the date tag of a link list item (006:152, 006:321, 021:148).
fn list_date_tag(s: &str) -> Option<String> {
    let mut rest = s;
    while let Some(i) = rest.find('[') {
        let after = &rest[i + 1..];
        if let Some(end) = after.find(']') {
            let inner = after[..end].trim();
            let b = inner.as_bytes();
            if b.len() == 5
                && b[2] == b'-'
                && b[..2].iter().all(u8::is_ascii_digit)
                && b[3..].iter().all(u8::is_ascii_digit)
            {
                return Some(format!("[{}]", &after[..end]));
            }
        }
        rest = after;
    }
    None
}

/// Every string under `value` with its JSON path, for readable reports.
fn strings_with_paths<'a>(value: &'a Value, path: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        Value::String(s) => out.push((path, s)),
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                strings_with_paths(v, format!("{path}[{i}]"), out);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                strings_with_paths(v, format!("{path}.{k}"), out);
            }
        }
        _ => {}
    }
}

// ---------------------------------------------------------------------------------------------
// One wild file's parse and the checks on it
// ---------------------------------------------------------------------------------------------

/// The parse of one wild file and the mismatches found so far.
pub(crate) struct Wild {
    name: String,
    doc: Value,
    failures: Vec<String>,
}

impl Wild {
    /// Parses `wild/<stem>.txt` (exit 0, JSON, at least one speech) and checks for furniture.
    fn parse(stem: &str) -> Wild {
        Wild::parse_file("wild", &format!("{stem}.txt"), &[])
    }

    /// Parses `<folder>/<file>` of the corpus (exit 0, JSON, at least one speech) and checks
    /// for furniture: the wild corpus's list (fitted to `wild/`, whose site menus name words
    /// that other speeches use), else only `more`, the furniture of that folder's files.
    pub(crate) fn parse_file(folder: &str, file: &str, more: &[&str]) -> Wild {
        let stem = file;
        let path = corpus_dir().join(folder).join(file);
        assert!(
            path.is_file(),
            "{} is missing from the wild corpus",
            path.display()
        );
        let out = Test::new()
            .args(["parse", "--format", "json"])
            .arg(&path)
            .run();
        assert_eq!(
            out.code,
            Some(0),
            "{folder}/{stem}: exit code {:?}, expected 0\n--- stderr ---\n{}",
            out.code,
            out.stderr
        );
        let doc: Value = serde_json::from_slice(&out.stdout_bytes).unwrap_or_else(|e| {
            panic!(
                "{folder}/{stem}: output is not valid JSON ({e})\n{}",
                truncate(&out.stdout, 2000)
            )
        });
        let mut wild = Wild {
            name: format!("{folder}/{stem}"),
            doc,
            failures: Vec::new(),
        };
        let n = wild.speech_list().len();
        if n == 0 {
            wild.fail("no speech found");
        }
        wild.check_furniture(folder == "wild", more);
        wild
    }

    fn fail(&mut self, what: impl Into<String>) {
        self.failures.push(what.into());
    }

    fn speech_list(&self) -> &[Value] {
        self.doc["speeches"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
    }

    fn check_furniture(&mut self, wild_list: bool, more: &[&str]) {
        let mut strings = Vec::new();
        // `source` is the input path, not text of the document.
        strings_with_paths(&self.doc["collection"], "collection".into(), &mut strings);
        strings_with_paths(&self.doc["speeches"], "speeches".into(), &mut strings);
        let found: Vec<String> = strings
            .into_iter()
            .filter_map(|(path, s)| {
                wild_list
                    .then(|| furniture(s))
                    .flatten()
                    .or_else(|| {
                        more.iter()
                            .find(|m| s.contains(**m))
                            .map(|m| format!("contains {m:?}"))
                    })
                    .map(|why| format!("furniture kept at {path}: {why} in {:?}", truncate(s, 60)))
            })
            .collect();
        self.failures.extend(found);
    }

    /// Speech `k`, or a failure when there is none.
    fn speech(&mut self, k: usize) -> Option<Value> {
        let speech = self.speech_list().get(k).cloned();
        if speech.is_none() {
            let n = self.speech_list().len();
            self.fail(format!(
                "speech[{k}] expected, but the parse has {n} speech(es)"
            ));
        }
        speech
    }

    /// Exactly `n` speeches.
    pub(crate) fn speeches(mut self, n: usize) -> Self {
        let got = self.speech_list().len();
        if got != n {
            let titles: Vec<String> = self
                .speech_list()
                .iter()
                .map(|s| truncate(s["title"].as_str().unwrap_or("null"), 20))
                .collect();
            self.fail(format!("{got} speeches, expected {n}: titles {titles:?}"));
        }
        self
    }

    /// Speech `k` has this greeting (`None`: no greeting).
    pub(crate) fn greeting(mut self, k: usize, expected: Option<&str>) -> Self {
        if let Some(speech) = self.speech(k) {
            let got = speech["greeting"].as_str();
            if got != expected {
                self.fail(format!(
                    "speech[{k}].greeting {got:?}, expected {expected:?}"
                ));
            }
        }
        self
    }

    /// Speech `k`'s greeting starts with this text and holds no colon.
    pub(crate) fn greeting_starts(mut self, k: usize, prefix: &str) -> Self {
        if let Some(speech) = self.speech(k) {
            let got = speech["greeting"].as_str();
            if !got.is_some_and(|g| g.starts_with(prefix) && !g.contains(['：', ':'])) {
                self.fail(format!(
                    "speech[{k}].greeting {got:?}, expected it to start with {prefix:?} (no colon)"
                ));
            }
        }
        self
    }

    fn headings(speech: &Value) -> Vec<Option<String>> {
        speech["sections"]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or(&[])
            .iter()
            .map(|s| s["heading"].as_str().map(str::to_owned))
            .collect()
    }

    /// Speech `k` has exactly these top-level sections, each heading starting with its prefix.
    pub(crate) fn sections(mut self, k: usize, prefixes: &[&str]) -> Self {
        if let Some(speech) = self.speech(k) {
            let heads = Self::headings(&speech);
            if heads.len() != prefixes.len() {
                let shown: Vec<String> = heads
                    .iter()
                    .map(|h| h.as_deref().map_or("null".into(), |h| truncate(h, 14)))
                    .collect();
                self.fail(format!(
                    "speech[{k}]: {} sections, expected {}: {shown:?}",
                    heads.len(),
                    prefixes.len()
                ));
            } else {
                for (i, (head, prefix)) in heads.iter().zip(prefixes).enumerate() {
                    if !head.as_deref().is_some_and(|h| h.starts_with(prefix)) {
                        self.fail(format!(
                            "speech[{k}].section[{i}].heading {:?} does not start with {prefix:?}",
                            head.as_deref().map(|h| truncate(h, 40))
                        ));
                    }
                }
            }
        }
        self
    }

    /// Speech `k` has exactly `n` top-level sections (their headings may be null).
    pub(crate) fn section_count(mut self, k: usize, n: usize) -> Self {
        if let Some(speech) = self.speech(k) {
            let heads = Self::headings(&speech);
            if heads.len() != n {
                self.fail(format!(
                    "speech[{k}]: {} sections, expected {n}",
                    heads.len()
                ));
            }
        }
        self
    }

    /// Speech `k` is split into more than one section.
    pub(crate) fn several_sections(mut self, k: usize) -> Self {
        if let Some(speech) = self.speech(k) {
            let n = Self::headings(&speech).len();
            if n < 2 {
                self.fail(format!(
                    "speech[{k}]: {n} section(s), expected more than one"
                ));
            }
        }
        self
    }

    /// Speech `k` has no numbered or headed section.
    pub(crate) fn no_numbered_sections(mut self, k: usize) -> Self {
        if let Some(speech) = self.speech(k) {
            let sections = speech["sections"].as_array().cloned().unwrap_or_default();
            for (i, s) in sections.iter().enumerate() {
                if !s["heading"].is_null() || !s["ordinal"].is_null() {
                    self.fail(format!(
                        "speech[{k}].section[{i}] has ordinal {} and heading {}, expected neither",
                        s["ordinal"],
                        truncate(&s["heading"].to_string(), 30)
                    ));
                }
            }
        }
        self
    }

    /// Speech `k`'s closing holds this text.
    pub(crate) fn closing_contains(mut self, k: usize, text: &str) -> Self {
        if let Some(speech) = self.speech(k) {
            let closing = speech["closing"].as_str();
            if !closing.is_some_and(|c| c.contains(text)) {
                self.fail(format!(
                    "speech[{k}].closing {:?} does not contain {text:?}",
                    closing.map(|c| truncate(c, 40))
                ));
            }
        }
        self
    }

    /// Speech `k`'s title holds this text.
    pub(crate) fn title_contains(mut self, k: usize, text: &str) -> Self {
        if let Some(speech) = self.speech(k) {
            let title = speech["title"].as_str();
            if !title.is_some_and(|t| t.contains(text)) {
                self.fail(format!(
                    "speech[{k}].title {:?} does not contain {text:?}",
                    title.map(|t| truncate(t, 40))
                ));
            }
        }
        self
    }

    /// Speech `k`'s greeting starts with this text (a greeting may be longer, and have no
    /// colon).
    pub(crate) fn greeting_prefix(self, k: usize, prefix: &str) -> Self {
        self.greeting_starts(k, prefix)
    }

    /// Panics with every mismatch found.
    pub(crate) fn finish(self) {
        assert!(
            self.failures.is_empty(),
            "{}: {} problem(s):\n{}",
            self.name,
            self.failures.len(),
            self.failures.join("\n")
        );
    }
}

// ---------------------------------------------------------------------------------------------
// The files
// ---------------------------------------------------------------------------------------------

/// The wild texts, one test each below (012 was left out of the corpus).
const WILD: [&str; 23] = [
    "001", "002", "003", "004", "005", "006", "007", "008", "009", "010", "011", "013", "014",
    "015", "016", "017", "018", "019", "020", "021", "022", "023", "024",
];

#[test]
fn every_wild_file_has_a_test() {
    let dir = corpus_dir().join("wild");
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("reading wild/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert_eq!(
        stems,
        WILD,
        "the files in {} and the tests in wild.rs differ",
        dir.display()
    );
}

#[test]
fn wild_001_municipal_work_meeting() {
    Wild::parse("001")
        .speeches(1)
        // 001:15 `同志们：`
        .greeting(0, Some("同志们"))
        // 001:21 `一、2009年…`, 001:83 `二、2010年…`, 001:129 `三、2010年…`; the roadmap at
        // 001:19 (`一是2009年…；二是…；三是…`) lists them inline and is not a section.
        .sections(
            0,
            &[
                "2009年教育工作的简要回顾",
                "2010年教育工作的总体态势",
                "2010年绍兴教育的工作重点",
            ],
        )
        .finish();
}

#[test]
fn wild_002_run_in_point_labels_and_notes() {
    // No assertion on sections: the points are run-in labels `第二点：…` with the first unlabeled
    // (002:8–46), and the greeting is fused into the first paragraph (002:4).
    Wild::parse("002").speeches(1).finish();
}

#[test]
fn wild_003_provincial_report_with_toolbar() {
    Wild::parse("003")
        .speeches(1)
        // 003:15 `各位代表：`
        .greeting(0, Some("各位代表"))
        // 003:17, 32, 61, 66; the vocatives `各位代表！` at 003:28 and 30 do not start sections.
        .sections(
            0,
            &[
                "工作回顾",
                "2026年工作安排",
                "“十五五”时期主要目标任务",
                "全面提升政府治理效能",
            ],
        )
        // 003:73 `各位代表！` then 003:74 `进位突破正当时，…让我们…`
        .closing_contains(0, "进位突破正当时")
        .finish();
}

#[test]
fn wild_004_outline_speech_with_arabic_points() {
    Wild::parse("004")
        .speeches(1)
        // 004:13 `同志们：`
        .greeting(0, Some("同志们"))
        // 004:27, 37, 49, 61
        .sections(
            0,
            &[
                "深入学习贯彻习近平总书记",
                "以思想大解放打开工作大格局",
                "以行动大担当推动事业大发展",
                "健全完善干部教育管理监督机制",
            ],
        )
        // 004:73 `同志们，思想大解放、行动大担当，…` is the last paragraph of the closing.
        .closing_contains(0, "同志们，思想大解放、行动大担当")
        .finish();
}

#[test]
fn wild_005_no_headings_transitions_by_vocative() {
    Wild::parse("005")
        .speeches(1)
        // 005:19 `同志们：`
        .greeting(0, Some("同志们"))
        // 005:91 `同志们，今天的总结只是阶段性工作…`
        .closing_contains(0, "今天的总结只是阶段性工作")
        .finish();
}

#[test]
fn wild_006_whole_page_paste_with_vocative_separators() {
    Wild::parse("006")
        .speeches(1)
        // 006:179 `同志们，朋友们：`
        .greeting(0, Some("同志们，朋友们"))
        // `同志们、朋友们！` alone on 006:185, 197, 213, 243, 289, 297, 311.
        .several_sections(0)
        // 006:317 `全党全国各族人民要更加紧密地团结在党中央周围…！`
        .closing_contains(0, "全党全国各族人民要更加紧密地团结在党中央周围")
        .finish();
}

#[test]
fn wild_007_no_greeting_no_sections() {
    Wild::parse("007")
        .speeches(1)
        // 007:9 starts the speech with `教师培训是…`: no greeting line.
        .greeting(0, None)
        // 007:9–26: paragraphs only, no numbered heading anywhere.
        .no_numbered_sections(0)
        .finish();
}

#[test]
fn wild_008_markdown_bare_numeral_sections() {
    Wild::parse("008")
        .speeches(1)
        // `## 一` … `## 五` on 008:6, 23, 27, 31, 35, with no heading sentence.
        .section_count(0, 5)
        .finish();
}

#[test]
fn wild_009_speech_with_appended_second_document() {
    // The speech's own 一、二、三、 (009:25, 37, 51); the appended 先进事迹 piece (009:69–85) has
    // its own 一、…四、 (009:75–81) that must not be merged into them, whatever becomes of it.
    Wild::parse("009")
        // 009:17 `同志们：`
        .greeting(0, Some("同志们"))
        .sections(
            0,
            &[
                "大力弘扬“四气”精神",
                "大力推行“四化”方法",
                "聚焦发力“两强三提高”",
            ],
        )
        // 009:67 `同志们！征程万里风正劲，重任千钧再扬鞭。让我们…`
        .closing_contains(0, "征程万里风正劲")
        .finish();
}

#[test]
fn wild_010_two_addressees_no_headings() {
    Wild::parse("010")
        .speeches(1)
        // 010:15 `各位代表，各位老师：`
        .greeting(0, Some("各位代表，各位老师"))
        // 010:17–48: `一是…`/`一要…` points only, no `一、` heading.
        .no_numbered_sections(0)
        // 010:48 `同志们，绍兴一中是全市…让我们共同努力…`
        .closing_contains(0, "同志们，绍兴一中是全")
        .finish();
}

#[test]
fn wild_011_party_congress_report_fifteen_sections() {
    Wild::parse("011")
        .speeches(1)
        // 011:22 `同志们：`
        .greeting(0, Some("同志们"))
        // 011:42 `一、` … 011:614 `十五、`; the mid-body `同志们！` (011:54, 134, 274, 658) do
        // not start sections.
        .sections(
            0,
            &[
                "过去五年的工作和新时代十年的伟大变革",
                "开辟马克思主义中国化时代化新境界",
                "新时代新征程中国共产党的使命任务",
                "加快构建新发展格局",
                "实施科教兴国战略",
                "发展全过程人民民主",
                "坚持全面依法治国",
                "推进文化自信自强",
                "增进民生福祉",
                "推动绿色发展",
                "推进国家安全体系和能力现代化",
                "实现建军一百年奋斗目标",
                "坚持和完善“一国两制”",
                "促进世界和平与发展",
                "坚定不移全面从严治党",
            ],
        )
        // 011:670 `同志们！党用伟大奋斗创造了百年伟业…`
        .closing_contains(0, "党用伟大奋斗创造了百年伟业")
        .finish();
}

#[test]
fn wild_013_provincial_congress_report() {
    Wild::parse("013")
        .speeches(1)
        // 013:15 `同志们：`
        .greeting(0, Some("同志们"))
        // 013:21, 51, 87, 133
        .sections(
            0,
            &[
                "过去五年的主要工作",
                "以“两个维护”政治自觉",
                "今后五年的总体要求",
                "加强党的全面领导和全面从严治党",
            ],
        )
        // 013:145 `同志们！新征程已经开启，新蓝图催人奋进。…`
        .closing_contains(0, "新征程已经开启")
        .finish();
}

#[test]
fn wild_014_vocative_separated_forum_speech() {
    Wild::parse("014")
        .speeches(1)
        // 014:15 `各位同学，各位老师，同志们：`
        .greeting(0, Some("各位同学，各位老师，同志们"))
        // `同学们、老师们！` alone on 014:29, 61, 75.
        .several_sections(0)
        .finish();
}

#[test]
fn wild_015_two_speeches_numbering_restarts() {
    Wild::parse("015")
        // 015:9 `习近平同志的讲话` and 015:91 `蔡奇同志的总结讲话` head two speeches.
        .speeches(2)
        // Neither has a greeting line: 015:11 and 015:93 start straight into the text.
        .greeting(0, None)
        .greeting(1, None)
        // 015:13, 37, 75
        .sections(
            0,
            &[
                "深刻认识开展这次主题教育的重大意义",
                "全面准确把握主题教育的目标要求",
                "切实加强对主题教育的领导",
            ],
        )
        // 015:99, 113, 123, 135, 145, 155: numbering restarts at 一、.
        .sections(
            1,
            &[
                "全面加强理论武装",
                "大兴调查研究之风",
                "切实解决突出问题",
                "扑下身子真抓实干",
                "着力让群众得实惠",
                "压实压紧领导责任",
            ],
        )
        // 015:167 `同志们，80多年前，毛泽东同志…`
        .closing_contains(1, "80多年前")
        .finish();
}

#[test]
fn wild_016_opening_address_and_conclusions() {
    Wild::parse("016")
        // 016:4 `开幕词` and 016:32 `结论`, each with its own date line (016:6, 016:34).
        .speeches(2)
        // 016:8 `中国共产党全国代表会议各位代表同志们:` (ASCII colon)
        .greeting(0, Some("中国共产党全国代表会议各位代表同志们"))
        // 016:36 `同志们:`
        .greeting(1, Some("同志们"))
        // 016:40 `一 关于…`, 54 `二 …`, 64 `三 …`, 92 `四 …`, 98 `五 …` (numeral + space).
        .sections(
            1,
            &[
                "关于这次代表会议的评价",
                "关于第一个五年计划",
                "关于高岗、饶漱石反党联盟",
                "关于目前形势",
                "为胜利召开党的第八次全国代表大会而斗争",
            ],
        )
        // 016:116 `为胜利地完成第一个五年计划而斗争!`
        .closing_contains(1, "为胜利地完成第一个五年计划而斗争")
        .finish();
}

#[test]
fn wild_017_school_report_nine_headlines() {
    Wild::parse("017")
        .speeches(1)
        // 017:13 `各位领导、各位代表、教工同志们：大家好！`
        .greeting_starts(0, "各位领导、各位代表、教工同志们")
        // 017:19, 23, 45, 71, 77, 83, 93, 97, 101
        .sections(
            0,
            &[
                "高考成绩再创辉煌",
                "各类竞赛百花齐放",
                "队伍建设卓有成效",
                "校园环境再出新貌",
                "学校影响不断扩大",
                "校园文化更显活力",
                "家校联系不断加强",
                "帮困助学行善积德",
                "安全工作紧抓不放",
            ],
        )
        // 017:111 `让我们同心同德、携手共进，…!`
        .closing_contains(0, "让我们同心同德、携手共进")
        .finish();
}

#[test]
fn wild_018_vocative_separated_commemoration() {
    Wild::parse("018")
        .speeches(1)
        // 018:13 `同志们，朋友们：`
        .greeting(0, Some("同志们，朋友们"))
        // `同志们、朋友们！` alone on 018:43 and 018:67.
        .several_sections(0)
        .finish();
}

#[test]
fn wild_019_government_report_from_a_news_page() {
    Wild::parse("019")
        .speeches(1)
        // 019:6 `各位代表：`
        .greeting(0, Some("各位代表"))
        // 019:8, 40, 56
        .sections(
            0,
            &[
                "2025年和“十四五”时期工作回顾",
                "“十五五”主要目标任务",
                "2026年重点工作任务",
            ],
        )
        // 019:120 `各位代表！时代浪潮奔涌向前，…让我们…`
        .closing_contains(0, "时代浪潮奔涌向前")
        .finish();
}

#[test]
fn wild_020_vocative_separated_youth_league_speech() {
    Wild::parse("020")
        .speeches(1)
        // 020:11 `共青团员们，青年朋友们，同志们：`
        .greeting(0, Some("共青团员们，青年朋友们，同志们"))
        // `共青团员们、青年朋友们、同志们！` alone on 020:19, 41, 53, 75, 83.
        .several_sections(0)
        .finish();
}

#[test]
fn wild_021_whole_page_paste_four_addressees() {
    Wild::parse("021")
        .speeches(1)
        // 021:177 `老师们，同学们，同志们，朋友们：`
        .greeting(0, Some("老师们，同学们，同志们，朋友们"))
        // `老师们、同学们、同志们、朋友们！` alone on 021:197, 217, 229.
        .several_sections(0)
        .finish();
}

#[test]
fn wild_022_explanation_to_a_plenum() {
    Wild::parse("022")
        .speeches(1)
        // 022:11 `同志们：`
        .greeting(0, Some("同志们"))
        // 022:15, 29, 37
        .sections(
            0,
            &[
                "《建议》稿起草过程",
                "起草《建议》稿的主要考虑",
                "需要说明的几个重点问题",
            ],
        )
        // 022:65 `同志们，审议通过“十五五”规划《建议》，是这次全会的主要任务。…`
        .closing_contains(0, "审议通过“十五五”规划《建议》")
        .finish();
}

#[test]
fn wild_023_bare_numerals_on_their_own_lines() {
    Wild::parse("023")
        .speeches(1)
        // 023:4 `我讲四个问题；…` opens the speech: no greeting.
        .greeting(0, None)
        // `一`, `二`, `三`, `四` alone on 023:6, 28, 38, 64.
        .section_count(0, 4)
        .finish();
}

#[test]
fn wild_024_vocative_separated_no_numbering() {
    Wild::parse("024")
        .speeches(1)
        // 024:11 `同志们，朋友们：`
        .greeting(0, Some("同志们，朋友们"))
        // `同志们、朋友们！` alone on 024:17, 29, 41, 65, 73.
        .several_sections(0)
        .finish();
}

// ---------------------------------------------------------------------------------------------
// The furniture rules themselves, checked on the files' own lines (no parser involved)
// ---------------------------------------------------------------------------------------------

/// For each file: the lines of speech text (title block to last speech line, 1-based,
/// inclusive), and the furniture lines inside that range.
const SPEECH_LINES: &[(&str, usize, usize, &[usize])] = &[
    ("001", 9, 215, &[]),
    ("002", 2, 46, &[]),
    ("003", 10, 74, &[12, 13]),
    ("004", 7, 73, &[]),
    ("005", 7, 91, &[]),
    ("006", 179, 317, &[]),
    ("007", 7, 26, &[]),
    ("008", 2, 44, &[6, 23, 27, 31, 35]),
    ("009", 9, 85, &[]),
    ("010", 7, 48, &[]),
    ("011", 2, 670, &[]),
    ("013", 7, 145, &[]),
    ("014", 9, 77, &[]),
    ("015", 7, 167, &[]),
    ("016", 2, 116, &[]),
    ("017", 7, 111, &[]),
    ("018", 7, 71, &[]),
    ("019", 1, 120, &[4, 5]),
    ("020", 7, 87, &[]),
    ("021", 175, 231, &[]),
    ("022", 7, 65, &[]),
    ("023", 2, 84, &[]),
    ("024", 7, 75, &[]),
];

/// Furniture lines that the rules must catch (1-based).
const FURNITURE_LINES: &[(&str, &[usize])] = &[
    ("001", &[3, 5]),
    ("002", &[1, 48, 49, 51, 53]),
    ("003", &[1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 75]),
    ("004", &[3, 5]),
    (
        "006",
        &[
            1, 3, 10, 12, 14, 40, 104, 150, 152, 166, 168, 175, 177, 319, 321, 323, 325, 327, 329,
            343, 344, 346,
        ],
    ),
    ("008", &[1, 6, 46, 47, 48, 51, 52]),
    ("009", &[1, 3, 5]),
    ("013", &[1, 3, 5, 149]),
    ("014", &[7]),
    ("015", &[1, 169]),
    ("016", &[1, 118]),
    ("019", &[4, 5, 121, 122]),
    ("020", &[1]),
    (
        "021",
        &[
            1, 146, 148, 162, 171, 173, 233, 235, 237, 241, 257, 259, 262,
        ],
    ),
    ("022", &[1, 3, 5, 67]),
    ("023", &[1, 86, 87, 89, 95, 97]),
    ("024", &[1]),
];

fn wild_lines(stem: &str) -> Vec<String> {
    let path = corpus_dir().join("wild").join(format!("{stem}.txt"));
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    text.split('\n').map(str::to_owned).collect()
}

#[test]
fn furniture_rules_match_furniture_and_no_speech_line() {
    let mut problems = Vec::new();
    for (stem, first, last, exceptions) in SPEECH_LINES {
        let lines = wild_lines(stem);
        for n in *first..=*last {
            if exceptions.contains(&n) {
                continue;
            }
            if let Some(why) = furniture(&lines[n - 1]) {
                problems.push(format!(
                    "wild/{stem}.txt:{n} is speech text but {why}: {:?}",
                    truncate(&lines[n - 1], 40)
                ));
            }
        }
    }
    for (stem, numbers) in FURNITURE_LINES {
        let lines = wild_lines(stem);
        for n in *numbers {
            if furniture(&lines[n - 1]).is_none() {
                problems.push(format!(
                    "wild/{stem}.txt:{n} is furniture but no rule catches it: {:?}",
                    truncate(&lines[n - 1], 40)
                ));
            }
        }
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn furniture_rules_see_inside_merged_strings() {
    // A parser that glues furniture onto speech text must still be caught.
    assert!(furniture("今天的会议很重要。\n次").is_some());
    assert!(furniture("各位代表：\u{3000}下载 打印").is_some());
    assert!(furniture("依靠贫农。\n\u{3000}\u{3000}[1]见本书第三卷").is_some());
    assert!(furniture("依靠贫农。〔4〕 这里是指供销合作社。").is_some());
    assert!(furniture("注　　释").is_some());
    // Ordinary speech text is not.
    assert!(furniture("一是加大投入力度，全面提升安全屏障。").is_none());
    assert!(furniture("都合乎客观规律了[1]，我就不相信").is_none());
    assert!(furniture("在教育局层面交流超50人/次，获得各种问题线索23条。").is_none());
}
