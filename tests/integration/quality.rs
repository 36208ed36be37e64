//! What a draft says: it stays in its field, item bodies take up their leads, nothing points at
//! nothing or repeats, claims never take 一要, figures are placeholders, and many drafts of one
//! outline differ. Run over every example outline and the test outlines of all twelve fields
//! (`tests/fixtures/quality/<field>_<n>.yaml`), many seeds each. `cargo run --release
//! --example quality` prints the same figures over more seeds.

use crate::root;
use std::path::{Path, PathBuf};

use speechgen::field::Field;
use speechgen::function::Function;
use speechgen::outline::Outline;
use speechgen::quality::{distinct_4gram_ratio, DraftQuality};
use speechgen::render::Templates;
use speechgen::rules::{expansions, parse_pattern, Role, RuleSet};

use crate::corpus_dir;

/// Seeds per outline in the test (the example uses more).
const SEEDS: u64 = 12;

/// Every example outline and every test outline of the quality fixtures.
fn outlines() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["examples", "tests/fixtures/quality"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        found.sort();
        out.extend(found);
    }
    out
}

fn read_outline(path: &Path) -> Outline {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    Outline::from_yaml(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The built-in rules, read once for all the tests of this module.
fn builtin() -> &'static RuleSet {
    static RULES: std::sync::OnceLock<RuleSet> = std::sync::OnceLock::new();
    RULES.get_or_init(RuleSet::builtin)
}

fn measure(path: &Path, seeds: u64) -> (DraftQuality, Vec<String>, Field) {
    let templates = Templates::builtin();
    let m = speechgen::quality::measure(&read_outline(path), builtin(), &templates, seeds)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    (m.quality, m.texts, m.field)
}

fn first<T: std::fmt::Debug>(v: &[T]) -> String {
    format!("{:#?}", &v[..v.len().min(6)])
}

#[test]
fn drafts_keep_to_their_field_their_leads_and_the_facts() {
    let outlines = outlines();
    assert!(
        outlines.len() >= 5 + 24,
        "the examples and at least two test outlines per field: {}",
        outlines.len()
    );
    for path in outlines {
        let name = path.display();
        let (q, _, field) = measure(&path, SEEDS);
        assert!(q.sentences > 0, "{name}: no sentences");
        assert!(
            q.foreign.is_empty(),
            "{name} ({field}): sentences of another field: {}",
            first(&q.foreign)
        );
        assert!(
            q.dangling.is_empty(),
            "{name}: sentences pointing at nothing: {}",
            first(&q.dangling)
        );
        assert!(
            q.repeated.is_empty(),
            "{name}: repeated sentences: {}",
            first(&q.repeated)
        );
        assert!(
            q.yao_claims.is_empty(),
            "{name}: 一要 before claims: {:?}",
            q.yao_claims
        );
        assert!(
            q.figures.is_empty(),
            "{name}: figures that are not placeholders: {}",
            first(&q.figures)
        );
        assert!(
            q.on_lead_ratio() >= 0.9,
            "{name}: only {:.0}% of bodies take up their lead; e.g. {}",
            q.on_lead_ratio() * 100.0,
            first(&q.off_lead)
        );
    }
}

#[test]
fn test_outlines_are_recognised_as_their_field() {
    for path in outlines() {
        let stem = path.file_stem().unwrap().to_string_lossy().into_owned();
        let Some((field, _)) = stem.rsplit_once('_') else {
            continue;
        };
        if !Field::BUILTIN.iter().any(|f| f.name() == field) {
            continue;
        }
        let outline = read_outline(&path);
        if outline.field.is_some() {
            continue;
        }
        let (_, _, found) = measure(&path, 1);
        assert_eq!(found.name(), field, "{}", path.display());
    }
}

#[test]
fn two_hundred_drafts_of_one_outline_differ() {
    let path = root().join("examples/work_meeting.yaml");
    let (_, texts, _) = measure(&path, 200);
    let ratio = distinct_4gram_ratio(&texts);
    assert!(
        ratio >= 0.10,
        "distinct 4-grams over 200 drafts: {ratio:.3}"
    );
}

#[test]
fn an_outline_of_no_field_gets_general_sentences_only() {
    let text = "title: 在全市重点工作推进会上的讲话\nsections:\n  - heading: 认清形势，增强做好工作的紧迫感\n  - heading: 突出重点，推动各项工作落地见效\n    points: [抓好统筹调度, 强化协调配合, 加快补齐短板]\n  - heading: 加强领导，确保任务落到实处\n";
    let dir = crate::TempDir::new("quality-general");
    let path = dir.write("general.yaml", text);
    let (q, _, field) = measure(&path, SEEDS);
    assert_eq!(field, Field::General);
    assert!(
        q.foreign.is_empty(),
        "field sentences in a general speech: {}",
        first(&q.foreign)
    );
    assert!(q.repeated.is_empty(), "{}", first(&q.repeated));
}

/// The floors of the issue, per field: bodies by function, headings and leads for outlines
/// made at random.
#[test]
fn every_field_bank_is_full() {
    let rules = builtin();
    for field in Field::BUILTIN {
        let count = |role: Role, function: Option<Function>| {
            rules
                .rules
                .iter()
                .filter(|r| {
                    r.role == role
                        && r.field.as_ref() == Some(&field)
                        && (function.is_none() || r.function == function)
                        && r.count == 0
                })
                .count()
        };
        let name = field.name();
        assert!(
            count(Role::ItemElaboration, Some(Function::Tasks)) >= 60,
            "{name}: tasks bodies"
        );
        for f in [
            Function::Review,
            Function::Situation,
            Function::Significance,
            Function::Safeguards,
        ] {
            assert!(
                count(Role::ItemElaboration, Some(f)) >= 20,
                "{name}: {} bodies",
                f.name()
            );
        }
        assert!(count(Role::SectionHeading, None) >= 15, "{name}: headings");
        assert!(count(Role::ItemLead, None) >= 40, "{name}: leads");
        assert!(
            count(Role::ClosingExhortation, None) >= 1,
            "{name}: closings"
        );
        assert!(count(Role::OpeningPurpose, None) >= 1, "{name}: openings");
    }
    let glue = rules.rules.iter().filter(|r| r.role == Role::Glue).count();
    assert!(glue >= 300, "{glue} glue sentences");
}

/// The wild corpora are test data: no built-in rule text of twelve characters or more occurs
/// in them (every alternative of a pattern checked, slots left out, spaces ignored).
#[test]
fn no_builtin_rule_is_taken_from_the_wild_corpus() {
    let mut wild = String::new();
    for dir in ["wild", "wild2"] {
        for entry in std::fs::read_dir(corpus_dir().join(dir)).expect("wild corpus") {
            let path = entry.expect("entry").path();
            if let Ok(bytes) = std::fs::read(&path) {
                let text = String::from_utf8_lossy(&bytes);
                wild.extend(text.chars().filter(|c| !c.is_whitespace()));
            }
        }
    }
    let rules = builtin();
    let mut copied = Vec::new();
    for r in &rules.rules {
        let pieces = parse_pattern(&r.text).expect("a valid pattern");
        for text in expansions(&pieces, 64) {
            let text: String = text.chars().filter(|c| !c.is_whitespace()).collect();
            if text.chars().count() >= 12 && wild.contains(&text) {
                copied.push(r.text.clone());
                break;
            }
        }
    }
    assert!(
        copied.is_empty(),
        "{} built-in rules share 12 characters with the wild corpus: {}",
        copied.len(),
        first(&copied)
    );
}

/// What no built-in sentence may say, in any of its alternatives: a figure (they are `XX`), a
/// named leader's words or a specific event, a level of government, an enumeration marker
/// inside it (the parser would start a list there), a vocative outside the closing.
#[test]
fn no_builtin_rule_invents_a_fact_names_a_leader_or_breaks_the_skeleton() {
    const LEADERS: [&str; 8] = [
        "习近平",
        "总书记",
        "总理",
        "书记指出",
        "同志指出",
        "同志强调",
        "重要讲话",
        "全会",
    ];
    const LEVELS: [&str; 8] = [
        "市委",
        "县委",
        "区委",
        "省委",
        "市政府",
        "县政府",
        "区政府",
        "省政府",
    ];
    const MARKERS: [&str; 9] = [
        "一是",
        "二是",
        "一要",
        "二要",
        "首先",
        "其次",
        "另一方面",
        "第一，",
        "第二，",
    ];
    let mut bad = Vec::new();
    for r in &builtin().rules {
        if r.role == Role::EnumerationStyle || r.count > 0 {
            continue; // styles are markers; mined rules are checked by the miner
        }
        let pieces = parse_pattern(&r.text).expect("a valid pattern");
        for text in expansions(&pieces, 64) {
            let why = if text.chars().any(|c| c.is_ascii_digit()) {
                Some("a figure")
            } else if LEADERS.iter().any(|w| text.contains(w)) {
                Some("a leader or event")
            } else if LEVELS.iter().any(|w| text.contains(w)) {
                Some("a level of government")
            } else if MARKERS.iter().any(|m| {
                text.starts_with(m)
                    || ["，", "。", "；", "："]
                        .iter()
                        .any(|p| text.contains(&format!("{p}{m}")))
            }) {
                Some("an enumeration marker")
            } else if r.role != Role::ClosingExhortation && text.contains("同志们") {
                Some("a vocative")
            } else {
                None
            };
            if let Some(why) = why {
                bad.push(format!("{why}: {}", r.text));
                break;
            }
        }
    }
    assert!(bad.is_empty(), "{} rules: {}", bad.len(), first(&bad));
}
