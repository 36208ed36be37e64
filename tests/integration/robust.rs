//! Whatever the input, `speechgen parse` never panics: bad input is exit code 2 with a message
//! that names the file, odd encodings parse like UTF-8, a very large file goes through, and the
//! YAML output is the same tree as the JSON output.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::{parse_json, seed_files, TempDir, Test};

/// A small deterministic generator (SplitMix64), so random inputs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// The JSON of one document without its `source` field.
fn without_source(mut doc: Value) -> Value {
    if let Some(map) = doc.as_object_mut() {
        map.remove("source");
    }
    doc
}

#[test]
fn empty_file_is_bad_input_naming_the_file() {
    let dir = TempDir::new("empty");
    let path = dir.write("empty-speech.txt", b"");
    Test::new()
        .args(["parse", "--format", "json"])
        .arg(&path)
        .stderr_contains("empty-speech.txt")
        .status(2);
}

#[test]
fn missing_file_is_bad_input_naming_the_file() {
    let dir = TempDir::new("missing");
    let path = dir.path().join("no-such-speech.txt");
    Test::new()
        .args(["parse", "--format", "json"])
        .arg(&path)
        .stderr_contains("no-such-speech.txt")
        .status(2);
}

#[test]
fn binary_file_is_bad_input_naming_the_file() {
    // An executable-like blob: a header, runs of NUL bytes and bytes that are no text encoding.
    let mut bytes = b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00\x00\x00\x00\x00".to_vec();
    let mut rng = Rng(7);
    for _ in 0..4096 {
        let b = rng.next() as u8;
        bytes.push(if b.is_multiple_of(3) { 0 } else { b });
    }
    let dir = TempDir::new("binary");
    let path = dir.write("program.bin", &bytes);
    Test::new()
        .args(["parse", "--format", "json"])
        .arg(&path)
        .stderr_contains("program.bin")
        .status(2);
}

#[test]
fn one_bad_file_among_good_ones_prints_nothing_and_exits_2() {
    let seeds = seed_files();
    let dir = TempDir::new("bad-among-good");
    let missing = dir.path().join("absent.txt");
    let out = Test::new()
        .args(["parse", "--format", "json"])
        .arg(&seeds[0])
        .arg(&missing)
        .stderr_contains("absent.txt")
        .status(2);
    assert!(
        out.stdout.is_empty(),
        "a bad file must leave no half output behind, got:\n{}",
        crate::truncate(&out.stdout, 500)
    );
}

#[test]
fn random_bytes_never_panic() {
    let dir = TempDir::new("random");
    let mut rng = Rng(0x5EED_0F5E_EC4E);
    let mut report = Vec::new();
    for case in 0..24 {
        let len = [1, 2, 3, 17, 100, 1000, 4096, 20_000][case % 8] + rng.below(50);
        let nul_share = [0, 2, 10, 50][case % 4]; // percent of NUL bytes
        let bytes: Vec<u8> = (0..len)
            .map(|_| {
                if rng.below(100) < nul_share {
                    0
                } else {
                    rng.next() as u8
                }
            })
            .collect();
        let name = format!("random-{case}.txt");
        let path = dir.write(&name, &bytes);
        // `run` already fails on a panic, a signal or a timeout.
        let out = Test::new()
            .args(["parse", "--format", "json"])
            .arg(&path)
            .run();
        match out.code {
            Some(0) => {
                if serde_json::from_slice::<Value>(&out.stdout_bytes).is_err() {
                    report.push(format!("{name}: exit 0 but the output is not JSON"));
                }
            }
            Some(2) => {
                if out.stderr.trim().is_empty() {
                    report.push(format!("{name}: exit 2 with nothing on stderr"));
                } else if !out.stderr.contains(&name) {
                    report.push(format!(
                        "{name}: the error does not name the file: {}",
                        out.stderr.trim()
                    ));
                }
            }
            other => report.push(format!(
                "{name}: exit code {other:?}, expected 0 or 2; stderr: {}",
                out.stderr.trim()
            )),
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn plain_paragraphs_make_one_speech_with_one_unheaded_section() {
    let paragraphs = [
        "今年以来，全市粮食总产量保持稳定，农业基础进一步巩固，农民收入持续增长。",
        "与此同时，城乡居民生活水平稳步提高，公共服务体系不断完善，社会大局和谐稳定。",
        "在看到成绩的同时，也要看到发展中还存在一些困难和问题，需要认真加以解决。",
    ];
    let text = paragraphs.join("\n\n") + "\n";
    let dir = TempDir::new("plain");
    let path = dir.write("plain.txt", text.as_bytes());
    let doc = parse_json(&path);
    let speeches = doc["speeches"].as_array().expect("speeches is a list");
    assert_eq!(speeches.len(), 1, "one speech expected: {doc:#}");
    let sections = speeches[0]["sections"]
        .as_array()
        .expect("sections is a list");
    assert_eq!(sections.len(), 1, "one section expected: {doc:#}");
    assert_eq!(
        sections[0]["heading"],
        Value::Null,
        "the section has no heading: {doc:#}"
    );
    let strings = crate::all_strings(&speeches[0]);
    for p in paragraphs {
        assert!(
            strings.iter().any(|s| s.contains(p)),
            "the paragraph {p:?} was lost: {doc:#}"
        );
    }
}

#[test]
fn gbk_copies_of_the_seeds_parse_like_the_utf8_files() {
    let dir = TempDir::new("gbk");
    let mut report = Vec::new();
    for seed in seed_files() {
        let text = std::fs::read_to_string(&seed).expect("seeds are UTF-8");
        let (gbk, _, had_errors) = encoding_rs::GBK.encode(&text);
        assert!(
            !had_errors,
            "{} has characters GBK cannot hold",
            seed.display()
        );
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        let copy = dir.write(&name, &gbk);
        let utf8 = without_source(parse_json(&seed));
        let from_gbk = without_source(parse_json(&copy));
        if utf8 != from_gbk {
            report.push(format!(
                "{name}: the GBK copy parses differently\n  UTF-8: {}\n  GBK:   {}",
                crate::truncate(&utf8.to_string(), 300),
                crate::truncate(&from_gbk.to_string(), 300)
            ));
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn yaml_output_is_the_same_tree_as_json_output() {
    let mut report = Vec::new();
    for seed in seed_files() {
        let json = parse_json(&seed);
        let out = Test::new()
            .args(["parse", "--format", "yaml"])
            .arg(&seed)
            .success();
        let name = seed.file_name().unwrap().to_string_lossy().into_owned();
        match serde_saphyr::from_str::<Value>(&out.stdout) {
            Ok(yaml) if yaml == json => {}
            Ok(yaml) => report.push(format!(
                "{name}: YAML and JSON differ\n  JSON: {}\n  YAML: {}",
                crate::truncate(&json.to_string(), 300),
                crate::truncate(&yaml.to_string(), 300)
            )),
            Err(e) => report.push(format!("{name}: the YAML output does not read back: {e}")),
        }
    }
    assert!(report.is_empty(), "{}", report.join("\n"));
}

#[test]
fn several_files_give_a_json_array_in_order() {
    let seeds = seed_files();
    let out = Test::new()
        .args(["parse", "--format", "json"])
        .arg(&seeds[0])
        .arg(&seeds[1])
        .success();
    let docs = out.json();
    let docs = docs.as_array().expect("several files give a JSON array");
    assert_eq!(docs.len(), 2);
    for (doc, seed) in docs.iter().zip(&seeds) {
        let source = doc["source"].as_str().unwrap_or_default();
        let name = seed.file_name().unwrap().to_string_lossy();
        assert!(
            source.ends_with(name.as_ref()),
            "source {source:?} is not {name}"
        );
    }
}

#[test]
fn standard_input_parses_like_the_file() {
    let seed = &seed_files()[0];
    let bytes = std::fs::read(seed).unwrap();
    let out = Test::new()
        .args(["parse", "--format", "json", "-"])
        .stdin(bytes)
        .success();
    let from_stdin = out.json();
    assert_eq!(from_stdin["source"], "-");
    assert_eq!(without_source(from_stdin), without_source(parse_json(seed)));
}

/// 50 MB of the seeds, one after another, through the debug binary.
///
/// Each copy is numbered after its first sentences, so that the parser's removal of duplicated
/// blocks (a scraper's repeats, seed 004) cannot fold the whole file into one copy.
/// The budget leaves room for the debug build on CI's 2 cores (about 10 s when written); a parse
/// slower than that is a performance bug in itself (linear, not backtracking over the file).
#[test]
fn a_50_mb_file_parses() {
    const SIZE: usize = 50 * 1024 * 1024;
    const BUDGET: Duration = Duration::from_secs(240);
    let seeds: Vec<String> = seed_files()
        .iter()
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect();
    let mut big = Vec::with_capacity(SIZE + 64 * 1024);
    let mut copy = 0usize;
    'fill: loop {
        for seed in &seeds {
            copy += 1;
            big.extend_from_slice(seed.replacen('。', &format!("。{copy}"), 3).as_bytes());
            big.extend_from_slice(b"\n\n");
            if big.len() >= SIZE {
                break 'fill;
            }
        }
    }
    let dir = TempDir::new("big");
    let path = dir.write("big.txt", &big);
    drop(big);
    let start = Instant::now();
    let out = Test::new()
        .args(["parse", "--format", "json"])
        .arg(&path)
        .timeout(BUDGET)
        .success();
    let elapsed = start.elapsed();
    eprintln!("a_50_mb_file_parses: {elapsed:.1?} in the debug build");
    let doc = out.json();
    assert!(
        doc["speeches"].as_array().is_some_and(|s| !s.is_empty()),
        "no speech found in 50 MB of speeches"
    );
}

/// `speechgen draft … | head -1`: the reader stops early; the draft ends quietly with exit 0.
#[test]
fn a_reader_that_stops_early_is_no_error() {
    use std::io::Read;
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/study.yaml");
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_speechgen"))
        .args(["draft", example, "--seed", "1", "--length", "60000"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("speechgen runs");
    let mut first = [0u8; 16];
    child
        .stdout
        .take()
        .expect("stdout")
        .read_exact(&mut first)
        .expect("the draft begins");
    // The read end is dropped here, before the draft is written out.
    let out = child.wait_with_output().expect("speechgen ends");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("error"), "{stderr}");
}
