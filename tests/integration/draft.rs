//! `speechgen draft`: a draft parses back to its outline's skeleton, has no unfilled slot,
//! is the same for the same seed, lands near the length asked for, and a bad outline is exit
//! code 2 with a message that names the file, says what is wrong and where.
//!
//! The many-seed checks run through the library (`speechgen::Drafter`, `speechgen::parse_str`)
//! for speed; what only the binary does (seeds on stderr, `--minutes`, exit codes) runs the
//! binary. One snapshot per kind of speech pins the whole text (`snapshots/`, read by a person).

use std::collections::BTreeMap;
use std::ops::Range;
use std::path::PathBuf;

use proptest::prelude::*;
use proptest::test_runner::Config;
use speechgen::numbering::{section_ordinal, Style};
use speechgen::outline::{Kind, Outline};
use speechgen::plan::{Plan, PlanBlock};
use speechgen::render::{Target, Templates};
use speechgen::rules::RuleSet;
use speechgen::{Block, Drafter, Enumeration};

use crate::{root, TempDir, Test};

/// Seeds every example is drafted with.
const SEEDS: Range<u64> = 0..200;

/// Text a finished draft never contains: template and pattern syntax, a missing value
/// printed by a template or by Rust, the renderer's private-use markers, a doubled stop.
/// (`XX` is a placeholder the writer fills in, listed by `--format json`.)
const UNFILLED: [&str; 12] = [
    "{{",
    "}}",
    "{%",
    "%}",
    "{",
    "|",
    "undefined",
    "None",
    "null",
    "\u{E000}",
    "\u{E001}",
    "。。",
];

/// Failures shown in full; the rest are counted.
const SHOWN: usize = 3;

/// `examples/*.yaml`, in name order: (path relative to the root, text).
fn examples() -> Vec<(String, String)> {
    let dir = root().join("examples");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("reading examples/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.sort();
    assert!(!files.is_empty(), "no outlines in {}", dir.display());
    files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", p.display()));
            let name = format!("examples/{}", p.file_name().unwrap().to_string_lossy());
            (name, text)
        })
        .collect()
}

fn outline(name: &str, yaml: &str) -> Outline {
    Outline::from_yaml(yaml).unwrap_or_else(|e| panic!("{name} is not a valid outline: {e}"))
}

fn templates() -> Templates {
    Templates::builtin()
}

/// One draft that broke a check.
struct Failure {
    example: String,
    seed: u64,
    target: Option<usize>,
    problems: Vec<String>,
    text: String,
}

/// Fails the test when there are failures: how many, and the first few in full.
fn report(what: &str, drafts: usize, failures: &[Failure]) {
    if failures.is_empty() {
        return;
    }
    let mut message = format!("{what}: {} of {drafts} drafts failed\n", failures.len());
    let mut by_example: BTreeMap<&str, usize> = BTreeMap::new();
    for f in failures {
        *by_example.entry(f.example.as_str()).or_default() += 1;
    }
    for (example, n) in &by_example {
        message.push_str(&format!("  {example}: {n} failing seeds\n"));
    }
    for f in failures.iter().take(SHOWN) {
        message.push_str(&format!(
            "\n=== {} seed {} target {:?}\n{}\n--- draft ---\n{}\n",
            f.example,
            f.seed,
            f.target,
            f.problems
                .iter()
                .map(|p| format!("- {p}"))
                .collect::<Vec<_>>()
                .join("\n"),
            f.text
        ));
    }
    if failures.len() > SHOWN {
        let seeds: Vec<String> = failures
            .iter()
            .skip(SHOWN)
            .take(40)
            .map(|f| format!("{}#{}", f.example, f.seed))
            .collect();
        message.push_str(&format!(
            "\nother failures (first 40): {}\n",
            seeds.join(" ")
        ));
    }
    panic!("{message}");
}

/// Drafts every example for every seed and collects what `check` finds wrong.
fn for_every_draft(
    what: &str,
    seeds: Range<u64>,
    target: Option<usize>,
    check: impl Fn(&Outline, &Plan, &str) -> Vec<String>,
) {
    let rules = RuleSet::builtin();
    let templates = templates();
    let mut failures = Vec::new();
    let mut drafts = 0;
    for (name, yaml) in examples() {
        let outline = outline(&name, &yaml);
        let mut drafter = Drafter::new(
            &outline,
            &rules,
            &templates,
            speechgen::plan::PlanOptions {
                target,
                refill: false,
            },
            Target::Text,
        )
        .unwrap_or_else(|e| panic!("{name}: cannot prepare a draft: {e}"));
        for seed in seeds.clone() {
            drafts += 1;
            let (plan, text) = match drafter.draft(seed) {
                Ok(draft) => draft,
                Err(e) => {
                    failures.push(Failure {
                        example: name.clone(),
                        seed,
                        target,
                        problems: vec![format!("draft failed: {e}")],
                        text: String::new(),
                    });
                    continue;
                }
            };
            let problems = check(&outline, &plan, &text);
            if !problems.is_empty() {
                failures.push(Failure {
                    example: name.clone(),
                    seed,
                    target,
                    problems,
                    text,
                });
            }
        }
    }
    report(what, drafts, &failures);
}

// ------------------------------------------------------------------ the skeleton

/// An enumeration as the skeleton sees it: its style and its leads.
#[derive(Debug, Clone, PartialEq, Eq)]
struct List {
    style: String,
    leads: Vec<String>,
}

/// Every enumeration in these blocks, nested ones and those in subsections included, in
/// reading order.
fn parsed_lists(blocks: &[Block]) -> Vec<List> {
    fn enumeration(e: &Enumeration, out: &mut Vec<List>) {
        out.push(List {
            style: e.style.clone(),
            leads: e.items.iter().map(|i| i.lead.clone()).collect(),
        });
        for item in &e.items {
            for child in &item.children {
                enumeration(child, out);
            }
        }
    }
    let mut out = Vec::new();
    for block in blocks {
        match block {
            Block::Paragraph(_) => {}
            Block::Enumeration(e) => enumeration(e, &mut out),
            Block::Section(s) => out.extend(parsed_lists(&s.blocks)),
        }
    }
    out
}

/// The enumerations of section `i` that the draft must parse back to: one for a section
/// of two points or more, with the plan's style and the outline's leads; none otherwise. The
/// plan itself is checked against the outline on the way.
fn expected_lists(
    outline: &Outline,
    plan: &Plan,
    i: usize,
    problems: &mut Vec<String>,
) -> Vec<List> {
    let section = outline.sections()[i];
    let n = i + 1;
    let planned: Vec<(Style, Vec<&String>)> = plan
        .sections
        .get(i)
        .map(|s| {
            s.blocks
                .iter()
                .filter_map(|b| match b {
                    PlanBlock::Enumeration(list) => {
                        Some((list.style, list.items.iter().map(|it| &it.lead).collect()))
                    }
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    let points = section.points.as_deref().unwrap_or_default();
    if points.len() < 2 {
        if !planned.is_empty() {
            problems.push(format!(
                "section {n}: {} point(s), but the plan has {} enumeration(s)",
                points.len(),
                planned.len()
            ));
        }
        return Vec::new();
    }
    let leads: Vec<String> = points.iter().map(|p| p.value.lead.clone()).collect();
    let [(style, plan_leads)] = planned.as_slice() else {
        problems.push(format!(
            "section {n}: {} points, but the plan has {} enumerations instead of one",
            points.len(),
            planned.len()
        ));
        return vec![List {
            style: "?".into(),
            leads,
        }];
    };
    if let Some(asked) = section.style.as_ref().map(|s| s.value) {
        // 一要 before a lead that states a fact becomes 一是 (with a note): never 一要事故总量下降.
        let claims = leads
            .iter()
            .any(|l| speechgen::stages::read_lead(l).is_claim());
        let asked = if asked == Style::Yao && claims {
            Style::Shi
        } else {
            asked
        };
        if asked != *style {
            problems.push(format!(
                "section {n}: the outline asks for style {asked}, the plan has {style}"
            ));
        }
    }
    if plan_leads
        .iter()
        .map(|l| l.as_str())
        .ne(leads.iter().map(String::as_str))
    {
        problems.push(format!(
            "section {n}: plan leads {plan_leads:?}, outline leads {leads:?}"
        ));
    }
    vec![List {
        style: style.name().to_owned(),
        leads,
    }]
}

/// What differs between the parse of `text` and the skeleton of `outline` and `plan`: title,
/// greeting, headings in order, and per section the enumerations' styles and leads in order.
fn round_trip_problems(outline: &Outline, plan: &Plan, text: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let doc = speechgen::parse_str("draft.txt", text);
    let [speech] = doc.speeches.as_slice() else {
        return vec![format!(
            "the draft parses into {} speeches, not one",
            doc.speeches.len()
        )];
    };
    if speech.title != outline.title {
        problems.push(format!(
            "title: parsed {:?}, outline {:?}",
            speech.title, outline.title
        ));
    }
    if speech.greeting != plan.greeting {
        problems.push(format!(
            "greeting: parsed {:?}, plan {:?}",
            speech.greeting, plan.greeting
        ));
    }
    let want: Vec<Option<&str>> = outline
        .sections()
        .iter()
        .map(|s| s.heading.as_deref())
        .collect();
    let got: Vec<Option<&str>> = speech
        .sections
        .iter()
        .map(|s| s.heading.as_deref())
        .collect();
    if got != want {
        problems.push(format!("headings: parsed {got:?}\n  outline {want:?}"));
    }
    for i in 0..want.len() {
        let expected = expected_lists(outline, plan, i, &mut problems);
        let Some(parsed) = speech.sections.get(i) else {
            break;
        };
        let actual = parsed_lists(&parsed.blocks);
        if actual == expected {
            continue;
        }
        let n = i + 1;
        if actual.len() != expected.len() {
            problems.push(format!(
                "section {n}: parsed {} enumeration(s) {actual:?}, expected {} {expected:?}",
                actual.len(),
                expected.len()
            ));
            continue;
        }
        for (k, (a, e)) in actual.iter().zip(&expected).enumerate() {
            let list = k + 1;
            if a.style != e.style {
                problems.push(format!(
                    "section {n}, list {list}: style parsed {:?}, plan {:?}",
                    a.style, e.style
                ));
            }
            if a.leads.len() != e.leads.len() {
                problems.push(format!(
                    "section {n}, list {list}: {} items parsed {:?}, outline has {} {:?}",
                    a.leads.len(),
                    a.leads,
                    e.leads.len(),
                    e.leads
                ));
                continue;
            }
            for (j, (pa, pe)) in a.leads.iter().zip(&e.leads).enumerate() {
                if pa != pe {
                    problems.push(format!(
                        "section {n}, list {list}, item {}: lead parsed {pa:?}, outline {pe:?}",
                        j + 1
                    ));
                }
            }
        }
    }
    problems
}

#[test]
fn the_round_trip_check_notices_a_changed_title_heading_lead_and_marker() {
    // The check itself: a draft edited after rendering must not pass.
    let (name, yaml) = ("examples/work_meeting.yaml", examples_yaml("work_meeting"));
    let o = outline(name, &yaml);
    let (rules, templates) = (RuleSet::builtin(), templates());
    let mut drafter =
        Drafter::new(&o, &rules, &templates, Default::default(), Target::Text).unwrap();
    let (plan, text) = drafter.draft(1).unwrap();
    assert_eq!(round_trip_problems(&o, &plan, &text), Vec::<String>::new());
    // The edits are read off the plan, so they follow whatever seed 1 drafts.
    let items = |k: usize| -> Vec<(String, String)> {
        plan.sections[k]
            .blocks
            .iter()
            .find_map(|b| match b {
                PlanBlock::Enumeration(l) => Some(
                    l.items
                        .iter()
                        .map(|i| (i.ordinal.clone(), i.lead.clone()))
                        .collect(),
                ),
                _ => None,
            })
            .expect("a list")
    };
    let second = items(1);
    let first = items(0);
    let (o2, l2) = second[1].clone();
    let (o1, l1) = second[0].clone();
    let other = if o1.starts_with("一要") {
        "一是".to_owned()
    } else {
        "一要".to_owned()
    };
    let (lo, ll) = first.last().cloned().expect("an item");
    let edits: Vec<(String, String, &str)> = vec![
        (
            "宣传思想文化工作会议上的讲话\n".into(),
            "宣传工作会议上的讲话\n".into(),
            "title",
        ),
        ("突出工作重点".into(), "突出重点".into(), "headings"),
        (format!("{o2}{l2}"), format!("{o2}时代{l2}"), "lead"),
        (format!("{o1}{l1}"), format!("{other}{l1}"), "style"),
        (format!("{lo}{ll}。"), String::new(), "section 1"),
    ];
    for (from, to, says) in edits.iter().map(|(f, t, s)| (f.as_str(), t.as_str(), *s)) {
        assert!(
            text.contains(from),
            "the seed-1 draft no longer contains {from:?}"
        );
        let edited = text.replacen(from, to, 1);
        let problems = round_trip_problems(&o, &plan, &edited);
        assert!(
            problems.iter().any(|p| p.contains(says)),
            "{from:?} → {to:?} went unnoticed: {problems:?}"
        );
    }
}

fn examples_yaml(kind: &str) -> String {
    std::fs::read_to_string(root().join(format!("examples/{kind}.yaml"))).unwrap()
}

#[test]
fn every_example_round_trips_for_200_seeds() {
    for_every_draft("round trip", SEEDS, None, round_trip_problems);
}

#[test]
fn every_example_round_trips_at_3000_characters() {
    for_every_draft(
        "round trip at --length 3000",
        0..10,
        Some(3000),
        round_trip_problems,
    );
}

// ------------------------------------------------------------------ generated outlines

/// Characters of generated headings and leads: no punctuation, no enumeration marker.
const SAFE: &str = "加强推进落实工作建设发展提高认识全面深化改革创新服务群众基层组织队伍作风制度";
/// Words of generated titles.
const TITLE_WORDS: [&str; 8] = [
    "全市",
    "全县",
    "宣传",
    "组织",
    "工作",
    "会议",
    "安全生产",
    "党建",
];
/// Meetings and topics a generated outline may name.
const MEETINGS: [&str; 3] = ["全市工作会议", "全县组织工作会议", "全区党建工作推进会"];
const TOPICS: [&str; 3] = ["宣传思想工作", "基层党建工作", "安全生产工作"];
const STYLES: [&str; 4] = ["一是", "一要", "首先", "第一"];

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Integration tests have no stable source path for regression files; a failure prints
        // its minimal input instead.
        failure_persistence: None,
        ..Config::default()
    }
}

fn safe_text(chars: Range<usize>) -> impl Strategy<Value = String> {
    let alphabet: Vec<char> = SAFE.chars().collect();
    proptest::collection::vec(proptest::sample::select(alphabet), chars)
        .prop_map(|c| c.into_iter().collect())
}

fn title() -> BoxedStrategy<String> {
    // Distinct words: a title glued to its own copy (`安全生产安全生产`) is a scraper's
    // doubling to the parser, which keeps one copy.
    let words = proptest::sample::subsequence(&TITLE_WORDS[..], 1..4).prop_map(|w| w.concat());
    prop_oneof![
        words.clone(),
        words.prop_map(|w| format!("在{w}会议上的讲话")),
    ]
    .boxed()
}

/// One generated section as outline YAML (indented under `sections:`).
fn section() -> impl Strategy<Value = String> {
    (
        safe_text(4..21),
        proptest::collection::vec(safe_text(2..13), 0..7),
        any::<bool>(),
        proptest::option::of(0..STYLES.len() + 1),
    )
        .prop_map(|(heading, leads, empty_list, style)| {
            let mut s = format!("  - heading: {heading}\n");
            let style = match style {
                Some(k) if k == STYLES.len() => (leads.len() == 2).then_some("一方面"),
                Some(k) => Some(STYLES[k]),
                None => None,
            };
            if let Some(style) = style {
                s.push_str(&format!("    style: {style}\n"));
            }
            if !leads.is_empty() || empty_list {
                s.push_str(&format!("    points: [{}]\n", leads.join(", ")));
            }
            s
        })
}

fn outline_yaml() -> impl Strategy<Value = String> {
    (
        title(),
        proptest::collection::vec(section(), 1..9),
        proptest::option::of(proptest::sample::select(&MEETINGS[..])),
        proptest::option::of(proptest::sample::select(&TOPICS[..])),
    )
        .prop_map(|(title, sections, meeting, topic)| {
            let mut y = format!("title: {title}\n");
            if let Some(m) = meeting {
                y.push_str(&format!("meeting: {m}\n"));
            }
            if let Some(t) = topic {
                y.push_str(&format!("topic: {t}\n"));
            }
            y.push_str("sections:\n");
            y.push_str(&sections.concat());
            y
        })
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn generated_outlines_draft_and_round_trip(yaml in outline_yaml(), seed in any::<u64>()) {
        let outline = Outline::from_yaml(&yaml)
            .map_err(|e| TestCaseError::fail(format!("outline refused: {e}\n{yaml}")))?;
        let rules = RuleSet::builtin();
        let templates = templates();
        let mut drafter = Drafter::new(&outline, &rules, &templates, Default::default(), Target::Text)
            .map_err(|e| TestCaseError::fail(format!("cannot prepare: {e}")))?;
        let (plan, text) = drafter
            .draft(seed)
            .map_err(|e| TestCaseError::fail(format!("draft failed: {e}")))?;
        let problems = round_trip_problems(&outline, &plan, &text);
        prop_assert!(
            problems.is_empty(),
            "seed {}\n--- outline ---\n{}\n--- problems ---\n{}\n--- draft ---\n{}",
            seed,
            yaml,
            problems.join("\n"),
            text
        );
    }
}

// ------------------------------------------------------------------ no unfilled slot

#[test]
fn no_draft_has_an_unfilled_slot_or_an_empty_section() {
    for_every_draft("unfilled slots", SEEDS, None, |_, plan, text| {
        let mut problems = Vec::new();
        for bad in UNFILLED {
            if let Some(at) = text.find(bad) {
                let line = text[..at].matches('\n').count() + 1;
                problems.push(format!("contains {bad:?} on line {line}"));
            }
        }
        let doc = speechgen::parse_str("draft.txt", text);
        for speech in &doc.speeches {
            for (i, s) in speech.sections.iter().enumerate() {
                if s.blocks.is_empty() {
                    problems.push(format!(
                        "parsed section {} ({:?}) is empty",
                        i + 1,
                        s.heading
                    ));
                }
            }
        }
        for (i, s) in plan.sections.iter().enumerate() {
            if s.blocks.is_empty() {
                problems.push(format!(
                    "planned section {} ({:?}) is empty",
                    i + 1,
                    s.heading
                ));
            }
        }
        problems
    });
}

// ------------------------------------------------------------------ determinism

#[test]
fn the_same_seed_gives_the_same_bytes() {
    for (name, _) in examples() {
        let path = root().join(&name);
        let run = || {
            Test::new()
                .arg("draft")
                .arg(&path)
                .args(["--seed", "7"])
                .success()
        };
        let (a, b) = (run(), run());
        assert!(!a.stdout_bytes.is_empty(), "{name}: empty draft");
        assert!(
            a.stdout_bytes == b.stdout_bytes,
            "{name}: two runs with --seed 7 differ"
        );
        assert!(
            !a.stderr.contains("seed:"),
            "{name}: a seed was given, none should be printed\n{}",
            a.stderr
        );
    }
}

/// The number after `seed:` on standard error.
fn printed_seed(stderr: &str) -> Option<u64> {
    let rest = &stderr[stderr.find("seed:")? + "seed:".len()..];
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    digits.parse().ok()
}

#[test]
fn a_drawn_seed_is_printed_and_reproduces_the_draft() {
    for (name, yaml) in examples() {
        assert!(
            outline(&name, &yaml).seed.is_none(),
            "{name} sets a seed; this test needs one without"
        );
        let path = root().join(&name);
        let first = Test::new().arg("draft").arg(&path).success();
        let seed = printed_seed(&first.stderr).unwrap_or_else(|| {
            panic!(
                "{name}: no `seed: N` on stderr without --seed\n--- stderr ---\n{}",
                first.stderr
            )
        });
        let again = Test::new()
            .arg("draft")
            .arg(&path)
            .arg("--seed")
            .arg(seed.to_string())
            .success();
        assert!(
            first.stdout_bytes == again.stdout_bytes,
            "{name}: --seed {seed} (printed by the first run) drafts something else\n\
             --- first ---\n{}\n--- again ---\n{}",
            first.stdout,
            again.stdout
        );
    }
}

// ------------------------------------------------------------------ re-seeding a section

/// The draft cut at its section heading lines (`一、…`): the part before the first section,
/// then one part per section (its heading line included). The last part runs to the end, so
/// it holds the closing too.
fn parts(text: &str, headings: &[String]) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut next = 0;
    for line in text.split_inclusive('\n') {
        if next < headings.len() && line.trim_end() == headings[next] {
            parts.push(String::new());
            next += 1;
        }
        parts.last_mut().unwrap().push_str(line);
    }
    assert_eq!(
        next,
        headings.len(),
        "not every heading line found in the draft:\n{text}"
    );
    parts
}

/// `yaml` with `seed: N` added to its second section (`  - heading:` lines start sections).
fn with_section_seed(yaml: &str, section: usize, seed: u64) -> String {
    let mut out = String::new();
    let mut seen = 0;
    for line in yaml.split_inclusive('\n') {
        out.push_str(line);
        if line.starts_with("  - heading:") {
            seen += 1;
            if seen == section {
                out.push_str(&format!("    seed: {seed}\n"));
            }
        }
    }
    assert!(
        seen >= section,
        "the outline has fewer than {section} sections:\n{yaml}"
    );
    out
}

#[test]
fn reseeding_section_two_changes_it_alone() {
    let dir = TempDir::new("reseed");
    for (name, yaml) in examples() {
        let o = outline(&name, &yaml);
        let headings: Vec<String> = o
            .sections()
            .iter()
            .enumerate()
            .map(|(i, s)| {
                format!(
                    "{}{}",
                    section_ordinal(i + 1),
                    s.heading.as_deref().unwrap()
                )
            })
            .collect();
        let base = root().join(&name);
        let stem = name.trim_start_matches("examples/");
        let reseeded = dir.write(stem, with_section_seed(&yaml, 2, 424_242));
        let a = Test::new()
            .arg("draft")
            .arg(&base)
            .args(["--seed", "7"])
            .success()
            .stdout;
        let b = Test::new()
            .arg("draft")
            .arg(&reseeded)
            .args(["--seed", "7"])
            .success()
            .stdout;
        let (pa, pb) = (parts(&a, &headings), parts(&b, &headings));
        assert_eq!(pa[0], pb[0], "{name}: the title block and opening changed");
        assert_eq!(
            pa[1], pb[1],
            "{name}: section 1 changed when section 2 was re-seeded"
        );
        assert_ne!(
            pa[2], pb[2],
            "{name}: section 2 is the same after re-seeding it"
        );
        for k in 3..pa.len() {
            assert_eq!(pa[k], pb[k], "{name}: section {k} (or the closing) changed");
        }
    }
}

// ------------------------------------------------------------------ length

#[test]
fn every_example_lands_within_10_percent_of_the_length_asked_for() {
    let rules = RuleSet::builtin();
    let templates = templates();
    let mut misses = Vec::new();
    let mut drafts = 0;
    for (name, yaml) in examples() {
        let outline = outline(&name, &yaml);
        for target in [1500usize, 3000, 6000] {
            let mut drafter = Drafter::new(
                &outline,
                &rules,
                &templates,
                speechgen::plan::PlanOptions {
                    target: Some(target),
                    refill: false,
                },
                Target::Text,
            )
            .unwrap_or_else(|e| panic!("{name}: {e}"));
            for seed in 0..5 {
                drafts += 1;
                let (_, text) = drafter
                    .draft(seed)
                    .unwrap_or_else(|e| panic!("{name} seed {seed}: {e}"));
                let n = speechgen::stages::char_count(&text);
                if n.abs_diff(target) * 10 > target {
                    let off = (n as f64 / target as f64 - 1.0) * 100.0;
                    misses.push(format!(
                        "{name} --length {target} --seed {seed}: {n} characters ({off:+.1}%)"
                    ));
                }
            }
        }
    }
    assert!(
        misses.is_empty(),
        "{} of {drafts} drafts are more than 10% off their target:\n{}",
        misses.len(),
        misses.join("\n")
    );
}

#[test]
fn ten_minutes_is_about_2200_characters() {
    let mut misses = Vec::new();
    for (name, _) in examples() {
        for seed in ["1", "2"] {
            let out = Test::new()
                .arg("draft")
                .arg(root().join(&name))
                .args(["--minutes", "10", "--seed", seed, "--format", "json"])
                .success()
                .json();
            let n = speechgen::stages::char_count(out["text"].as_str().expect("text is a string"));
            assert_eq!(
                out["chars"].as_u64(),
                Some(n as u64),
                "{name}: `chars` is not the text's count"
            );
            if n.abs_diff(2200) > 220 {
                misses.push(format!("{name} --minutes 10 --seed {seed}: {n} characters"));
            }
        }
    }
    assert!(
        misses.is_empty(),
        "not within 2200 ± 10%:\n{}",
        misses.join("\n")
    );
}

// ------------------------------------------------------------------ fields, placeholders, refill

#[test]
fn json_names_the_field_and_lists_every_placeholder() {
    let example = root().join("examples/deployment.yaml");
    let out = Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--seed", "3", "--format", "json"])
        .stderr_contains("field: safety")
        .success();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    assert_eq!(json["field"]["field"], "safety");
    assert_eq!(json["field"]["how"], "inferred");
    let text = json["text"].as_str().expect("text");
    let listed = json["placeholders"].as_array().expect("placeholders");
    assert_eq!(
        listed.len(),
        text.matches("XX").count(),
        "every XX is listed"
    );
    assert!(
        !listed.is_empty(),
        "a deployment draft has figures to fill in"
    );
    let chars: Vec<char> = text.chars().collect();
    for p in listed {
        let at = p["offset"].as_u64().unwrap() as usize;
        assert_eq!(chars[at..at + 2].iter().collect::<String>(), "XX");
    }
    for section in json["plan"]["sections"].as_array().unwrap() {
        assert!(section["function"].is_string(), "{section}");
    }
}

#[test]
fn a_placeholder_style_replaces_xx_and_a_field_can_be_chosen() {
    let dir = TempDir::new("draft-placeholder");
    let text = std::fs::read_to_string(root().join("examples/deployment.yaml")).unwrap();
    let path = dir.write(
        "outline.yaml",
        format!("{text}placeholder: ××\nfield: safety\n"),
    );
    let out = Test::new()
        .arg("draft")
        .arg(&path)
        .args(["--seed", "3", "--format", "json"])
        .stderr_contains("as the outline says")
        .success();
    let json: serde_json::Value = serde_json::from_str(&out.stdout).expect("json");
    let draft = json["text"].as_str().unwrap();
    assert!(draft.contains("××") && !draft.contains("XX"), "{draft}");
    assert_eq!(
        json["placeholders"].as_array().unwrap().len(),
        draft.matches("××").count()
    );
}

#[test]
fn an_unknown_field_names_the_known_ones_with_line_and_column() {
    bad_outline(
        "unknown_field_name",
        &[],
        "outline.yaml",
        &["tourism", "safety", "--rules"],
        &[3],
    );
}

#[test]
fn an_unknown_style_lists_the_known_ones_with_its_line() {
    let dir = TempDir::new("draft-style");
    let path = dir.write(
        "outline.yaml",
        "title: 在全市工作会议上的讲话\nsections:\n  - heading: 突出重点\n    style: 一定\n    points: [抓好落实, 强化督查]\n",
    );
    let out = Test::new()
        .arg("draft")
        .arg(&path)
        .stderr_contains("一定")
        .stderr_contains("一是, 一要, 首先, 第一, 一方面")
        .status(2);
    assert!(
        matches!(location(&out.stderr), Some((4, Some(_)))),
        "{}",
        out.stderr
    );
}

#[test]
fn a_field_name_or_function_that_is_no_name_is_refused_where_it_stands() {
    let dir = TempDir::new("draft-field-name");
    for (name, yaml, says, line) in [
        (
            "field.yaml",
            "title: t\nfield: 旅游\nsections:\n  - heading: 突出重点\n",
            ["not a field name", "safety"],
            2,
        ),
        (
            "function.yaml",
            "title: t\nsections:\n  - heading: 突出重点\n    function: fun\n",
            ["fun", "safeguards"],
            4,
        ),
    ] {
        let path = dir.write(name, yaml);
        let out = Test::new()
            .arg("draft")
            .arg(&path)
            .stderr_contains(says[0])
            .stderr_contains(says[1])
            .status(2);
        assert!(
            matches!(location(&out.stderr), Some((l, Some(_))) if l == line),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn a_placeholder_with_a_full_stop_is_refused() {
    bad_outline(
        "bad_placeholder",
        &[],
        "outline.yaml",
        &["placeholder", "XX"],
        &[],
    );
}

/// `parse` an old speech, `draft --refill` it: its title, headings and leads stay; what the
/// old speech said around them is written afresh.
#[test]
fn refill_keeps_the_skeleton_and_writes_everything_else_afresh() {
    let dir = TempDir::new("draft-refill");
    let raw = crate::corpus_dir().join("raw/003_c482fb4d9de76cb8.txt");
    let parsed = Test::new().arg("parse").arg(&raw).success();
    let outline = dir.write("old.yaml", &parsed.stdout);
    let out = Test::new()
        .arg("draft")
        .arg(&outline)
        .args(["--refill", "--seed", "5"])
        .success();
    let old = speechgen::parse_str("old", &std::fs::read_to_string(&raw).unwrap());
    let new = speechgen::parse_str("new", &out.stdout);
    let (old, new) = (&old.speeches[0], &new.speeches[0]);
    assert_eq!(new.title, old.title);
    let headings = |s: &speechgen::Speech| -> Vec<Option<String>> {
        s.sections.iter().map(|x| x.heading.clone()).collect()
    };
    assert_eq!(headings(new), headings(old));
    let leads = |s: &speechgen::Speech| -> Vec<String> {
        let mut v = Vec::new();
        for sec in &s.sections {
            for b in &sec.blocks {
                if let Block::Enumeration(e) = b {
                    v.extend(e.items.iter().map(|i| i.lead.clone()));
                }
            }
        }
        v
    };
    assert_eq!(leads(new), leads(old));
    // Sentences of the old speech's bodies and paragraphs that survive: few (the leads and
    // headings themselves aside).
    let old_text = std::fs::read_to_string(&raw)
        .unwrap()
        .replace(char::is_whitespace, "");
    let kept: Vec<&str> = out
        .stdout
        .split(['。', '！', '？', '\n'])
        .filter(|s| s.chars().count() >= 16 && old_text.contains(s.trim()))
        .filter(|s| !leads(old).iter().any(|l| s.contains(l.as_str())))
        .filter(|s| {
            !headings(old)
                .iter()
                .flatten()
                .any(|h| s.contains(h.as_str()))
        })
        .collect();
    let all = out.stdout.split(['。', '！', '？']).count();
    assert!(
        kept.len() * 10 < all,
        "{} of {all} sentences are the old speech's: {:?}",
        kept.len(),
        &kept[..kept.len().min(5)]
    );
}

#[test]
fn a_long_draft_that_runs_out_of_fresh_sentences_says_which_pool() {
    let example = root().join("examples/study.yaml");
    Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--seed", "1", "--length", "60000"])
        .stderr_contains("ran out")
        .success();
}

// ------------------------------------------------------------------ bad outlines

/// The fixture folder of one bad-outline case.
fn case(name: &str) -> PathBuf {
    let dir = root().join("tests/fixtures/draft").join(name);
    assert!(dir.is_dir(), "missing fixture {}", dir.display());
    dir
}

/// The first place in a message: ` --> FILE:N:M` (a diagnostic), `line N, column M`,
/// `line N column M` or `FILE:N:M`.
fn location(message: &str) -> Option<(u64, Option<u64>)> {
    if let Some(at) = message.find("--> ") {
        let place = message[at + 4..].lines().next()?;
        let mut parts = place.rsplitn(3, ':');
        let column = parts.next()?.trim().parse().ok();
        let line = parts.next()?.parse().ok()?;
        return Some((line, column));
    }
    fn number(s: &str) -> Option<(u64, &str)> {
        let digits: String = s.chars().take_while(char::is_ascii_digit).collect();
        Some((digits.parse().ok()?, &s[digits.len()..]))
    }
    // `line 3`, not the end of `outline 3` (the word must start there).
    for (at, _) in message.match_indices("line ") {
        if message[..at]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
        {
            continue;
        }
        let Some((line, rest)) = number(&message[at + 5..]) else {
            continue;
        };
        let rest = rest.trim_start_matches(',').trim_start();
        let column = rest
            .strip_prefix("column ")
            .and_then(number)
            .map(|(c, _)| c);
        return Some((line, column));
    }
    // `file.tera:4:4`
    let at = message.find(".tera:")? + ".tera:".len();
    let (line, rest) = number(&message[at..])?;
    let column = rest.strip_prefix(':').and_then(number).map(|(c, _)| c);
    Some((line, column))
}

/// Drafts a bad outline: exit code 2, never a panic, the file named, every `says` in the
/// message, and the place on one of `lines` with a column.
fn bad_outline(name: &str, extra: &[&str], names: &str, says: &[&str], lines: &[u64]) {
    let path = case(name).join("outline.yaml");
    let mut test = Test::new()
        .arg("draft")
        .arg(&path)
        .args(["--seed", "1"])
        .args(extra);
    test = test.stderr_contains(names);
    for s in says {
        test = test.stderr_contains(*s);
    }
    let out = test.status(2);
    assert!(
        out.stdout.is_empty(),
        "{name}: a bad outline printed a draft:\n{}",
        out.stdout
    );
    if lines.is_empty() {
        return;
    }
    let place = location(&out.stderr);
    assert!(
        matches!(place, Some((line, Some(_))) if lines.contains(&line)),
        "{name}: expected a line and column, line one of {lines:?}; found {place:?} in\n{}",
        out.stderr
    );
}

fn outline_path(name: &str) -> String {
    case(name).join("outline.yaml").display().to_string()
}

#[test]
fn yaml_syntax_error() {
    // The `[` opened on line 4 is never closed; the parser notices on line 5.
    let p = outline_path("yaml_syntax_error");
    bad_outline("yaml_syntax_error", &[], &p, &[], &[4, 5]);
}

#[test]
fn sections_of_the_wrong_type() {
    let p = outline_path("wrong_type_sections");
    bad_outline("wrong_type_sections", &[], &p, &["takes a list"], &[3]);
}

#[test]
fn a_seed_that_is_no_number() {
    let p = outline_path("wrong_type_seed");
    bad_outline("wrong_type_seed", &[], &p, &["seed", "abc"], &[2]);
}

#[test]
fn an_unknown_field_lists_the_allowed_ones() {
    let p = outline_path("unknown_field");
    bad_outline(
        "unknown_field",
        &[],
        &p,
        &["titel", "title", "sections", "closing"],
        &[3],
    );
}

#[test]
fn zero_sections() {
    let p = outline_path("zero_sections");
    bad_outline("zero_sections", &[], &p, &["sections", "empty"], &[3]);
}

#[test]
fn thirty_sections() {
    let p = outline_path("thirty_sections");
    bad_outline(
        "thirty_sections",
        &[],
        &p,
        &["30 sections", "at most 20"],
        &[3, 4],
    );
}

#[test]
fn a_2000_character_heading() {
    let p = outline_path("long_heading");
    bad_outline(
        "long_heading",
        &[],
        &p,
        &["section 2", "heading", "2000 characters"],
        &[6],
    );
}

#[test]
fn a_heading_with_a_full_stop() {
    let p = outline_path("heading_with_period");
    bad_outline(
        "heading_with_period",
        &[],
        &p,
        &["section 2", "heading", "。"],
        &[6],
    );
}

#[test]
fn a_lead_with_a_full_stop() {
    // The lead is on line 7, inside the section that starts on line 6: the place to fix is
    // line 7.
    let p = outline_path("lead_with_period");
    bad_outline(
        "lead_with_period",
        &[],
        &p,
        &["section 2", "lead", "抓好学习。要学深悟透"],
        &[7],
    );
}

#[test]
fn an_unknown_kind_lists_the_known_ones() {
    let p = outline_path("unknown_kind");
    let mut says = vec!["speech_of_the_year"];
    says.extend(Kind::ALL.iter().map(|k| k.name()));
    bad_outline("unknown_kind", &[], &p, &says, &[3]);
}

#[test]
fn a_broken_template_names_its_file_and_line() {
    // The `{% if %}` opened on line 3 is never closed; `{% endblock %}` on line 4 is where
    // the parser notices.
    let dir = case("broken_template").join("templates");
    bad_outline(
        "broken_template",
        &["--templates", dir.to_str().unwrap()],
        "work_meeting.tera",
        &[],
        &[3, 4],
    );
}

#[test]
fn a_missing_outline_file() {
    let dir = TempDir::new("missing-outline");
    let path = dir.path().join("no-such-outline.yaml");
    let out = Test::new()
        .arg("draft")
        .arg(&path)
        .stderr_contains(path.display().to_string())
        .status(2);
    assert!(out.stdout.is_empty());
    assert!(
        out.stderr.to_lowercase().contains("no such file") || out.stderr.contains("not found"),
        "the message does not say the file is missing:\n{}",
        out.stderr
    );
}

// ------------------------------------------------------------------ snapshots

/// One draft per kind of speech: `examples/<kind>.yaml --seed 1`, plain text, as the binary
/// prints it.
fn snapshot(kind: Kind) {
    let path = format!("examples/{}.yaml", kind.name());
    let out = Test::new()
        .arg("draft")
        .arg(root().join(&path))
        .args(["--seed", "1"])
        .success();
    insta::with_settings!({
        description => format!("speechgen draft {path} --seed 1"),
        omit_expression => true,
    }, {
        insta::assert_snapshot!(format!("draft_{}", kind.name()), out.stdout);
    });
}

#[test]
fn snapshot_work_meeting() {
    snapshot(Kind::WorkMeeting);
}

#[test]
fn snapshot_deployment() {
    snapshot(Kind::Deployment);
}

#[test]
fn snapshot_symposium() {
    snapshot(Kind::Symposium);
}

#[test]
fn snapshot_study() {
    snapshot(Kind::Study);
}

#[test]
fn snapshot_mobilization() {
    snapshot(Kind::Mobilization);
}

#[test]
fn every_kind_has_an_example_outline() {
    // A new kind needs an example outline (and a snapshot test above).
    for kind in Kind::ALL {
        let path = root().join(format!("examples/{}.yaml", kind.name()));
        assert!(path.is_file(), "no example outline {}", path.display());
    }
}

#[test]
fn output_into_a_missing_folder_names_the_folder_and_writes_nothing() {
    let dir = TempDir::new("missing-folder");
    let target = dir.path().join("nowhere").join("draft.txt");
    let example = root().join("examples/work_meeting.yaml");
    let out = Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--seed", "1", "-o"])
        .arg(&target)
        .stderr_contains("does not exist")
        .status(2);
    assert!(out.stderr.contains("nowhere"), "{}", out.stderr);
    assert!(!target.exists());
}

#[test]
fn a_file_given_as_the_templates_folder_is_bad_input() {
    let example = root().join("examples/work_meeting.yaml");
    Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--seed", "1", "--templates"])
        .arg(&example)
        .stderr_contains("not a folder")
        .status(2);
}

#[test]
fn a_bad_rules_file_is_named_with_line_and_column() {
    let dir = TempDir::new("bad-rules");
    let rules = dir.write(
        "my-rules.yaml",
        "rules:\n  - role: greeting\n    text: [a\n",
    );
    let example = root().join("examples/work_meeting.yaml");
    let out = Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--seed", "1", "--rules"])
        .arg(&rules)
        .stderr_contains("my-rules.yaml:3:11")
        .status(2);
    assert!(!out.stderr.contains("<input>"), "{}", out.stderr);
}

#[test]
fn a_gbk_outline_drafts_like_the_utf8_one() {
    let dir = TempDir::new("gbk-outline");
    let text = examples_yaml("work_meeting");
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable, "the example outline fits GBK");
    let gbk = dir.write("outline-gbk.yaml", &bytes[..]);
    let utf8 = dir.write("outline.yaml", text.as_bytes());
    let a = Test::new()
        .arg("draft")
        .arg(&gbk)
        .args(["--seed", "4"])
        .success();
    let b = Test::new()
        .arg("draft")
        .arg(&utf8)
        .args(["--seed", "4"])
        .success();
    assert_eq!(a.stdout, b.stdout);
}
