//! `speechgen batch`: the same bytes for any number of jobs, shards that concatenate to the
//! whole, resumed runs equal to uninterrupted ones, records that draft back, and variety.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::{root, TempDir, Test};

/// Runs `batch` with `args` writing to `dir/name` and returns the file's bytes.
fn batch_file(dir: &TempDir, name: &str, args: &[&str]) -> Vec<u8> {
    let out = dir.path().join(name);
    Test::new()
        .arg("batch")
        .args(args)
        .arg("-o")
        .arg(&out)
        .success();
    std::fs::read(&out).unwrap_or_else(|e| panic!("cannot read {}: {e}", out.display()))
}

fn records(bytes: &[u8]) -> Vec<serde_json::Value> {
    std::str::from_utf8(bytes)
        .expect("UTF-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON record per line"))
        .collect()
}

#[test]
fn batch_same_bytes_for_one_and_two_jobs() {
    let dir = TempDir::new("batch-jobs");
    let one = batch_file(
        &dir,
        "one.jsonl",
        &["--random", "24", "--seed", "5", "--jobs", "1"],
    );
    let two = batch_file(
        &dir,
        "two.jsonl",
        &["--random", "24", "--seed", "5", "--jobs", "2"],
    );
    assert!(one == two, "--jobs 1 and --jobs 2 differ");
    let recs = records(&one);
    assert_eq!(recs.len(), 24);
    for (i, r) in recs.iter().enumerate() {
        assert_eq!(r["id"], i as u64);
        for key in [
            "seed",
            "field",
            "kind",
            "outline",
            "text",
            "rules_hash",
            "templates_hash",
        ] {
            assert!(r.get(key).is_some(), "record {i} has no {key}");
        }
    }
    // Standard output carries the same bytes.
    let stdout = Test::new()
        .args(["batch", "--random", "24", "--seed", "5", "--jobs", "2"])
        .success()
        .stdout_bytes;
    assert!(stdout == one, "stdout differs from -o");
    // And no partial file is left behind.
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().ends_with(".partial"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn batch_shards_concatenate_to_the_whole() {
    let dir = TempDir::new("batch-shards");
    let whole = batch_file(&dir, "whole.jsonl", &["--random", "20", "--seed", "9"]);
    let mut joined = Vec::new();
    for k in 1..=3 {
        let shard = format!("{k}/3");
        joined.extend(batch_file(
            &dir,
            &format!("s{k}.jsonl"),
            &[
                "--random", "20", "--seed", "9", "--shard", &shard, "--jobs", "1",
            ],
        ));
    }
    assert!(
        joined == whole,
        "shards 1/3, 2/3, 3/3 concatenated differ from the whole"
    );
}

#[test]
fn batch_shard_processes_in_parallel_equal_one_run() {
    // As a Slurm array or an Indexed Job would: M processes at once, one shard each.
    let dir = TempDir::new("batch-parallel-shards");
    let whole = batch_file(&dir, "whole.jsonl", &["--random", "12", "--seed", "3"]);
    let children: Vec<_> = (1..=3)
        .map(|k| {
            Command::new(env!("CARGO_BIN_EXE_speechgen"))
                .args(["batch", "--random", "12", "--seed", "3", "--jobs", "1"])
                .arg("--shard")
                .arg(format!("{k}/3"))
                .arg("-o")
                .arg(dir.path().join(format!("part-{k}.jsonl")))
                .stderr(Stdio::null())
                .spawn()
                .expect("start speechgen")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait").success());
    }
    let mut joined = Vec::new();
    for k in 1..=3 {
        joined.extend(std::fs::read(dir.path().join(format!("part-{k}.jsonl"))).unwrap());
    }
    assert!(joined == whole);
}

#[test]
fn batch_bad_shard_is_a_usage_error() {
    for bad in ["0/3", "4/3", "1/0", "two/3", "3"] {
        Test::new()
            .args(["batch", "--random", "5", "--shard", bad])
            .stderr_contains("--shard")
            .status(2);
    }
}

#[test]
fn batch_resumes_a_truncated_file_to_the_same_bytes() {
    let dir = TempDir::new("batch-resume");
    let args = ["--random", "15", "--seed", "11"];
    let whole = batch_file(&dir, "whole.jsonl", &args);
    // An interrupted run: the partial file ends in the middle of a line.
    let out = dir.path().join("resumed.jsonl");
    let partial = dir.path().join(".resumed.jsonl.partial");
    let cut = whole.len() * 3 / 5;
    assert_ne!(whole[cut - 1], b'\n');
    std::fs::write(&partial, &whole[..cut]).unwrap();
    Test::new()
        .arg("batch")
        .args(args)
        .arg("--resume")
        .arg("-o")
        .arg(&out)
        .stderr_contains("resuming")
        .success();
    assert!(
        std::fs::read(&out).unwrap() == whole,
        "resumed file differs"
    );
    assert!(!partial.exists());
    // Resuming a finished file changes nothing.
    Test::new()
        .arg("batch")
        .args(args)
        .arg("--resume")
        .arg("-o")
        .arg(&out)
        .success();
    assert!(std::fs::read(&out).unwrap() == whole);
    // A file of another run is refused rather than continued.
    Test::new()
        .args([
            "batch", "--random", "15", "--seed", "11", "--shard", "2/2", "--resume", "-o",
        ])
        .arg(&out)
        .stderr_contains("--resume")
        .status(2);
}

#[cfg(unix)]
#[test]
fn batch_killed_by_a_signal_and_resumed_equals_one_run() {
    let dir = TempDir::new("batch-kill");
    let args = ["--random", "80", "--seed", "13", "--jobs", "2"];
    let out = dir.path().join("killed.jsonl");
    let partial = dir.path().join(".killed.jsonl.partial");
    let mut child = Command::new(env!("CARGO_BIN_EXE_speechgen"))
        .arg("batch")
        .args(args)
        .arg("-o")
        .arg(&out)
        .stderr(Stdio::null())
        .spawn()
        .expect("start speechgen");
    let start = Instant::now();
    // Kill it once some records are on disk (and, most likely, a line is half written).
    while std::fs::metadata(&partial).map_or(0, |m| m.len()) < 20_000 {
        assert!(
            child.try_wait().unwrap().is_none(),
            "the run finished before the kill"
        );
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "no output after 120 s"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    child.kill().expect("SIGKILL");
    child.wait().unwrap();
    assert!(
        !out.exists(),
        "the destination exists before the run completed"
    );
    Test::new()
        .arg("batch")
        .args(args)
        .arg("--resume")
        .arg("-o")
        .arg(&out)
        .success();
    let whole = batch_file(&dir, "whole.jsonl", &args);
    assert!(
        std::fs::read(&out).unwrap() == whole,
        "killed and resumed differs"
    );
}

#[test]
fn batch_records_draft_back_with_draft_and_their_seed() {
    let dir = TempDir::new("batch-back");
    let bytes = batch_file(&dir, "b.jsonl", &["--random", "6", "--seed", "21"]);
    for r in records(&bytes) {
        let outline = dir.write("outline.yaml", r["outline"].as_str().unwrap());
        let seed = r["seed"].as_u64().unwrap().to_string();
        let out = Test::new()
            .arg("draft")
            .arg(&outline)
            .args(["--seed", &seed])
            .success();
        assert_eq!(
            out.stdout,
            r["text"].as_str().unwrap(),
            "record {}",
            r["id"]
        );
        assert!(
            out.stderr.contains(r["field"].as_str().unwrap()),
            "{}",
            out.stderr
        );
    }
}

#[test]
fn batch_outline_files_drafted_n_times() {
    let dir = TempDir::new("batch-files");
    let a = root().join("examples/work_meeting.yaml");
    let b = root().join("examples/study.yaml");
    let bytes = batch_file(
        &dir,
        "f.jsonl",
        &[a.to_str().unwrap(), b.to_str().unwrap(), "-n", "3"],
    );
    let recs = records(&bytes);
    assert_eq!(recs.len(), 6);
    let kinds: Vec<&str> = recs.iter().map(|r| r["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds,
        [
            "work_meeting",
            "work_meeting",
            "work_meeting",
            "study",
            "study",
            "study"
        ]
    );
    let texts: std::collections::HashSet<&str> =
        recs.iter().map(|r| r["text"].as_str().unwrap()).collect();
    assert_eq!(texts.len(), 6, "each draft has its own seed");
    assert_eq!(recs[0]["outline"], std::fs::read_to_string(&a).unwrap());
}

#[test]
fn batch_random_drafts_vary() {
    let dir = TempDir::new("batch-variety");
    let summary = dir.path().join("summary.json");
    batch_file(
        &dir,
        "v.jsonl",
        &["--random", "200", "--summary", summary.to_str().unwrap()],
    );
    let s: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&summary).unwrap()).unwrap();
    assert_eq!(s["records"], 200);
    assert_eq!(s["duplicates"], 0, "{s}");
    // Measured 0.41 over these 200 (0.155 over 1,000): the sentences come from the rule
    // banks, whose size sets the ceiling; the issue asks 0.5 over 10,000 (not met yet).
    assert!(s["distinct_4gram_ratio"].as_f64().unwrap() >= 0.35, "{s}");
    assert!(s["fields"].as_object().unwrap().len() >= 10, "{s}");
    assert_eq!(s["kinds"].as_object().unwrap().len(), 5, "{s}");
}

#[test]
fn batch_fields_and_kinds_restrict_the_mix() {
    let out = Test::new()
        .args([
            "batch",
            "--random",
            "8",
            "--fields",
            "safety,health",
            "--kinds",
            "study",
        ])
        .success();
    for r in records(&out.stdout_bytes) {
        assert!(
            ["safety", "health"].contains(&r["field"].as_str().unwrap()),
            "{r}"
        );
        assert_eq!(r["kind"], "study");
    }
    Test::new()
        .args(["batch", "--random", "3", "--fields", "astrology"])
        .stderr_contains("--fields astrology")
        .status(2);
    Test::new()
        .args(["batch", "--random", "3", "--kinds", "party"])
        .stderr_contains("--kinds party")
        .status(2);
}

#[test]
fn batch_txt_writes_one_file_per_draft() {
    let dir = TempDir::new("batch-txt");
    let folder: PathBuf = dir.path().join("drafts");
    Test::new()
        .args(["batch", "--random", "3", "--format", "txt", "-o"])
        .arg(&folder)
        .success();
    let jsonl = Test::new().args(["batch", "--random", "3"]).success();
    for (i, r) in records(&jsonl.stdout_bytes).iter().enumerate() {
        let text = std::fs::read_to_string(folder.join(format!("{i:06}.txt"))).unwrap();
        assert_eq!(text, r["text"].as_str().unwrap());
    }
    Test::new()
        .args(["batch", "--random", "3", "--format", "txt"])
        .status(2);
    let _ = Path::new(".");
}

#[test]
fn batch_of_nothing_is_refused() {
    let study = root().join("examples/study.yaml");
    for out in [
        Test::new().args(["batch", "--random", "0"]).status(2),
        Test::new().args(["batch", "-n", "0"]).arg(&study).status(2),
    ] {
        assert!(out.stderr.contains("at least one"), "{}", out.stderr);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn batch_md_writes_one_markdown_file_per_draft() {
    let dir = TempDir::new("batch-md");
    let folder: PathBuf = dir.path().join("drafts");
    Test::new()
        .args(["batch", "--random", "3", "--format", "md", "-o"])
        .arg(&folder)
        .success();
    let jsonl = Test::new().args(["batch", "--random", "3"]).success();
    for (i, r) in records(&jsonl.stdout_bytes).iter().enumerate() {
        let md = std::fs::read_to_string(folder.join(format!("{i:06}.md"))).unwrap();
        // The same speech as `draft --format md` of the record's outline and seed.
        let outline = dir.path().join(format!("{i}.yaml"));
        std::fs::write(&outline, r["outline"].as_str().unwrap()).unwrap();
        let seed = r["seed"].as_u64().unwrap().to_string();
        let drafted = Test::new()
            .arg("draft")
            .arg(&outline)
            .args(["--seed", &seed, "--format", "md"])
            .success();
        assert_eq!(md, drafted.stdout, "record {i}");
        assert!(md.starts_with("# "), "{md}");
        // The title is the one the text record has.
        let title = r["text"].as_str().unwrap().lines().next().unwrap();
        assert!(md.lines().next().unwrap().contains(title), "{md}");
    }
    assert!(!folder.join(".000000.md.partial").exists());
}

#[test]
fn batch_topics_file_adds_the_users_names() {
    let dir = TempDir::new("batch-topics");
    let topics = dir.path().join("topics.yaml");
    std::fs::write(
        &topics,
        "economy:\n  organisations: [市数据资源管理局]\n  topics: [数字经济发展工作]\n",
    )
    .unwrap();
    let out = Test::new()
        .args(["batch", "--random", "40", "--fields", "economy", "--topics"])
        .arg(&topics)
        .success();
    let records = records(&out.stdout_bytes);
    let with_org = records
        .iter()
        .filter(|r| {
            r["outline"]
                .as_str()
                .unwrap()
                .contains("org: \"市数据资源管理局\"")
        })
        .count();
    let with_topic = records
        .iter()
        .filter(|r| r["outline"].as_str().unwrap().contains("数字经济发展工作"))
        .count();
    assert!((8..=32).contains(&with_org), "{with_org} of 40");
    assert!((8..=32).contains(&with_topic), "{with_topic} of 40");
    // A field the banks do not have, and a misspelt key, are errors naming the file.
    std::fs::write(&topics, "nonsense:\n  topics: [x]\n").unwrap();
    let bad = Test::new()
        .args(["batch", "--random", "2", "--topics"])
        .arg(&topics)
        .status(2);
    assert!(
        bad.stderr.contains("topics.yaml") && bad.stderr.contains("nonsense"),
        "{}",
        bad.stderr
    );
    std::fs::write(&topics, "economy:\n  topic: [x]\n").unwrap();
    let bad = Test::new()
        .args(["batch", "--random", "2", "--topics"])
        .arg(&topics)
        .status(2);
    assert!(bad.stderr.contains("topics.yaml"), "{}", bad.stderr);
}

/// The text of a `[start, end)` character span.
fn span_text(text: &str, span: &serde_json::Value) -> String {
    let (a, b) = (
        span[0].as_u64().unwrap() as usize,
        span[1].as_u64().unwrap() as usize,
    );
    text.chars().skip(a).take(b - a).collect()
}

#[test]
fn batch_spans_agree_with_parse() {
    let out = Test::new()
        .args(["batch", "--random", "40", "--seed", "17"])
        .success();
    let trim = |s: &str| {
        s.trim_end_matches(['。', '：', '；', '，', '！'])
            .to_owned()
    };
    for r in records(&out.stdout_bytes) {
        let text = r["text"].as_str().unwrap();
        let spans = &r["spans"];
        let doc = speechgen::parse_str("record", text);
        let speech = &doc.speeches[0];
        let id = &r["id"];
        assert_eq!(
            speech.title.as_deref(),
            Some(span_text(text, &spans["title"]).as_str()),
            "record {id}: title"
        );
        assert_eq!(
            speech.greeting.as_deref().map(trim),
            Some(span_text(text, &spans["greeting"])),
            "record {id}: greeting"
        );
        let sections = spans["sections"].as_array().unwrap();
        assert_eq!(
            speech.sections.len(),
            sections.len(),
            "record {id}: sections"
        );
        for (parsed, spanned) in speech.sections.iter().zip(sections) {
            assert_eq!(
                parsed.heading.as_deref(),
                Some(span_text(text, &spanned["heading"]).as_str()),
                "record {id}: heading"
            );
            let leads: Vec<String> = parsed
                .blocks
                .iter()
                .filter_map(|b| match b {
                    speechgen::Block::Enumeration(e) => Some(e),
                    _ => None,
                })
                .flat_map(|e| e.items.iter().map(|i| trim(&i.lead)))
                .collect();
            let spanned_leads: Vec<String> = spanned["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| trim(&span_text(text, &i["lead"])))
                .collect();
            assert_eq!(leads, spanned_leads, "record {id}: leads");
        }
        if let Some(closing) = &speech.closing {
            let spanned = span_text(text, &spans["closing"]);
            assert!(
                spanned.contains(closing.as_str()) || closing.contains(&spanned),
                "record {id}: closing {closing:?} vs {spanned:?}"
            );
        }
        if let Some(speaker) = &speech.speaker {
            let byline = span_text(text, &spans["byline"]);
            assert!(byline.ends_with(speaker.as_str()), "record {id}: byline");
            if let Some(position) = &speech.position {
                assert!(byline.starts_with(position.as_str()), "record {id}: byline");
            }
        }
        // The opening: the paragraphs between greeting and first section, as parsed.
        let opening: Vec<String> = speech
            .opening
            .iter()
            .filter_map(|b| match b {
                speechgen::Block::Paragraph(p) => Some(p.clone()),
                _ => None,
            })
            .collect();
        if !opening.is_empty() {
            let spanned = span_text(text, &spans["opening"]);
            assert!(
                spanned.starts_with(opening[0].as_str())
                    && spanned.ends_with(opening[opening.len() - 1].as_str()),
                "record {id}: opening {spanned:?} vs {opening:?}"
            );
        }
        // Sections: each starts with its ordinal and heading and they follow one another.
        for (i, s) in sections.iter().enumerate() {
            let whole = span_text(text, &s["span"]);
            let heading = span_text(text, &s["heading"]);
            assert!(whole.contains(&heading), "record {id}: section {i}");
            if let Some(next) = sections.get(i + 1) {
                assert!(s["span"][1].as_u64() <= next["span"][0].as_u64());
            }
        }
        // Every placeholder is one, and every one is listed.
        let placeholders = spans["placeholders"].as_array().unwrap();
        assert_eq!(
            placeholders.len(),
            text.matches("XX").count(),
            "record {id}"
        );
        for p in placeholders {
            assert_eq!(span_text(text, p), "XX", "record {id}: placeholder");
        }
        // Provenance: sentences in order, each a rule of the rules file, and together every
        // filled sentence (the text less the outline's title, headings and leads).
        let provenance = r["provenance"].as_array().unwrap();
        assert!(provenance.len() > 10, "record {id}: provenance");
        let mut end = 0;
        for p in provenance {
            let at = &p["at"];
            assert!(at[0].as_u64().unwrap() >= end, "record {id}: in order");
            end = at[1].as_u64().unwrap();
            let sentence = span_text(text, at);
            assert!(!sentence.is_empty());
            let rule = p["rule"].as_str().unwrap();
            let (role, n) = rule.split_once('#').unwrap_or((rule, "1"));
            assert!(
                rule == "outline" || (!role.is_empty() && n.parse::<u32>().is_ok()),
                "record {id}: rule {rule}"
            );
        }
    }
}

#[test]
fn batch_provenance_names_the_rule_of_each_sentence() {
    // Every sentence's rule, looked up in the built-in rules, gives that sentence (its
    // slots and alternatives filled).
    let out = Test::new()
        .args(["batch", "--random", "5", "--seed", "3"])
        .success();
    let rules = speechgen::rules::RuleSet::builtin();
    let mut checked = 0;
    for r in records(&out.stdout_bytes) {
        let text = r["text"].as_str().unwrap();
        for p in r["provenance"].as_array().unwrap() {
            let rule = p["rule"].as_str().unwrap();
            let Some((role, n)) = rule.split_once('#') else {
                continue;
            };
            let n: usize = n.parse().unwrap();
            let pattern = &rules
                .rules
                .iter()
                .filter(|r| r.role.name() == role)
                .nth(n - 1)
                .unwrap_or_else(|| panic!("{rule} is in the rules"))
                .text;
            // The pattern's first stretch of plain text (before any slot or alternative) is
            // in the sentence.
            let fixed = pattern.split(['{', '}']).next().unwrap_or("");
            let sentence = span_text(text, &p["at"]);
            assert!(
                sentence.contains(fixed),
                "{rule}: {sentence:?} from {pattern:?}"
            );
            checked += 1;
        }
    }
    assert!(checked > 50, "{checked}");
}
