//! `speechgen mine` and the rules files it writes, under the inputs of issue 8: folder links
//! and pipes, a file given twice, files of one name in two folders, bad files among good ones,
//! counts at the top of `u64`, files too large for the YAML reader's defaults, alias bombs, and
//! rules that read but could never be drafted.

use std::path::{Path, PathBuf};
use std::time::Duration;

use speechgen::rules::{Role, Rule, RuleSet};

use crate::{seed_files, TempDir, Test};

/// A run that would hang (a link loop, a pipe) is killed well before the default timeout.
const WALK_TIMEOUT: Duration = Duration::from_secs(60);

/// Mines `inputs` and returns the rules file's text.
fn mine(dir: &TempDir, name: &str, inputs: &[&Path]) -> String {
    let out = dir.path().join(name);
    Test::new()
        .arg("mine")
        .args(inputs)
        .arg("-o")
        .arg(&out)
        .timeout(WALK_TIMEOUT)
        .success();
    std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{}: {e}", out.display()))
}

fn rules_of(text: &str) -> RuleSet {
    RuleSet::from_yaml(text).unwrap_or_else(|e| panic!("mined rules read back: {e}"))
}

fn greeting(set: &RuleSet) -> &Rule {
    set.rules
        .iter()
        .find(|r| r.role == Role::Greeting && r.text == "同志们")
        .expect("the seed's greeting 同志们 is mined")
}

/// A folder `corpus/` holding one seed speech as `a.txt`.
fn one_speech_folder(dir: &TempDir) -> PathBuf {
    let corpus = dir.path().join("corpus");
    std::fs::create_dir_all(&corpus).expect("corpus folder");
    std::fs::copy(&seed_files()[0], corpus.join("a.txt")).expect("copy a seed");
    corpus
}

#[cfg(unix)]
#[test]
fn mine_does_not_follow_two_links_to_its_own_folder() {
    // l1 -> . and l2 -> . made ~2^40 paths: the walk never ended.
    let dir = TempDir::new("mine-links");
    let corpus = one_speech_folder(&dir);
    let plain = mine(&dir, "plain.yaml", &[&corpus]);
    std::os::unix::fs::symlink(".", corpus.join("l1")).expect("link l1");
    std::os::unix::fs::symlink(".", corpus.join("l2")).expect("link l2");
    let linked = mine(&dir, "linked.yaml", &[&corpus]);
    assert_eq!(
        linked, plain,
        "links to the folder itself changed what was mined"
    );
}

#[cfg(unix)]
#[test]
fn mine_with_a_link_to_its_own_folder_counts_each_file_once() {
    // One loop -> . mined every file 41 times (until the path grew too long).
    let dir = TempDir::new("mine-loop");
    let corpus = one_speech_folder(&dir);
    std::os::unix::fs::symlink(".", corpus.join("loop")).expect("link loop");
    let set = rules_of(&mine(&dir, "loop.yaml", &[&corpus]));
    let g = greeting(&set);
    assert_eq!(g.count, 1, "{:?}", g);
    assert_eq!(g.sources.len(), 1, "{:?}", g.sources);
    // A link to a file is read as the file, once.
    std::os::unix::fs::symlink("a.txt", corpus.join("b.txt")).expect("link b.txt");
    let set = rules_of(&mine(&dir, "file-link.yaml", &[&corpus]));
    assert_eq!(greeting(&set).count, 1, "a linked file was mined twice");
}

#[cfg(unix)]
#[test]
fn mine_skips_a_fifo_in_a_folder_and_refuses_one_given_by_name() {
    // A FIFO named like a speech hung `mine` on open.
    let dir = TempDir::new("mine-fifo");
    let corpus = one_speech_folder(&dir);
    let fifo = corpus.join("pipe.txt");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .expect("run mkfifo");
    assert!(made.success(), "mkfifo {}", fifo.display());
    let out = dir.path().join("fifo.yaml");
    Test::new()
        .arg("mine")
        .arg(&corpus)
        .arg("-o")
        .arg(&out)
        .timeout(WALK_TIMEOUT)
        .stderr_contains("pipe.txt is not a regular file")
        .success();
    assert_eq!(
        greeting(&rules_of(&std::fs::read_to_string(&out).unwrap())).count,
        1
    );
    Test::new()
        .arg("mine")
        .arg(&fifo)
        .timeout(WALK_TIMEOUT)
        .stderr_contains("pipe.txt is not a regular file")
        .status(2);
}

#[test]
fn mine_counts_a_file_given_twice_once() {
    let dir = TempDir::new("mine-twice");
    let corpus = one_speech_folder(&dir);
    let a = corpus.join("a.txt");
    let once = mine(&dir, "once.yaml", &[&a]);
    // The same file by the same name, by another name, and inside a folder given too.
    let again = corpus.join(".").join("a.txt");
    let twice = mine(&dir, "twice.yaml", &[&a, &a, &again, &corpus]);
    assert_eq!(twice, once, "a file given twice was mined twice");
}

#[test]
fn sources_keep_the_folder_so_files_of_one_name_stay_apart() {
    // a/001.txt and b/001.txt were both cited as `001.txt`: one source. (Two copies of one
    // speech in two folders: every rule is seen in both.)
    let dir = TempDir::new("mine-sources");
    let seed = &seed_files()[0];
    for sub in ["a", "b"] {
        let folder = dir.path().join("corpus").join(sub);
        std::fs::create_dir_all(&folder).expect("folder");
        std::fs::copy(seed, folder.join("001.txt")).expect("copy a seed");
    }
    let corpus = dir.path().join("corpus");
    let set = rules_of(&mine(&dir, "folder.yaml", &[&corpus]));
    let given = corpus.to_string_lossy().replace('\\', "/");
    assert_eq!(
        greeting(&set).sources,
        [format!("{given}/a/001.txt"), format!("{given}/b/001.txt")],
        "a folder's files are cited as the folder joined with their path inside it"
    );
    let (a, b) = (corpus.join("a/001.txt"), corpus.join("b/001.txt"));
    let set = rules_of(&mine(&dir, "files.yaml", &[&a, &b]));
    assert_eq!(
        greeting(&set).sources.len(),
        2,
        "{:?}",
        greeting(&set).sources
    );
    assert!(greeting(&set)
        .sources
        .iter()
        .all(|s| s.ends_with("/001.txt") && !s.contains('\\')));
}

#[test]
fn keep_going_names_each_bad_file_and_mines_the_rest() {
    // One bad file aborted the whole run, and there was no way past it.
    let dir = TempDir::new("mine-keep-going");
    let corpus = one_speech_folder(&dir);
    std::fs::write(corpus.join("0-binary.txt"), b"\x00\x01\x02\x03 not text").expect("binary");
    std::fs::write(corpus.join("0-empty.txt"), b"").expect("empty");
    let missing = dir.path().join("missing.txt");

    // Without it: the first bad file (in name order) stops the run, named.
    Test::new()
        .arg("mine")
        .arg(&corpus)
        .stderr_contains("0-binary.txt")
        .status(2);

    let out = dir.path().join("kept.yaml");
    let run = Test::new()
        .args(["mine", "--keep-going"])
        .arg(&corpus)
        .arg(&missing)
        .arg("-o")
        .arg(&out)
        .stderr_contains("skipped cannot parse")
        .stderr_contains("0-binary.txt: not a text file")
        .stderr_contains("0-empty.txt: the file is empty")
        .stderr_contains("missing.txt")
        .stderr_contains("mined")
        .stderr_contains("from 1 file (3 skipped")
        .success();
    assert_eq!(run.stderr.matches("skipped ").count(), 3, "{}", run.stderr);
    let set = rules_of(&std::fs::read_to_string(&out).expect("rules written"));
    assert_eq!(greeting(&set).count, 1);

    // Nothing mined at all is still bad input.
    Test::new()
        .args(["mine", "--keep-going"])
        .arg(corpus.join("0-binary.txt"))
        .arg(&missing)
        .stderr_contains("nothing to mine")
        .status(2);
    Test::new()
        .args(["mine", "--help"])
        .stdout_contains("--keep-going")
        .stdout_contains("Skip files that cannot be read")
        .success();
}

#[test]
fn rules_merge_saturates_counts_of_two_to_the_64_minus_one() {
    // The counts wrapped to 0 in release and panicked in debug (the tests' build).
    let dir = TempDir::new("merge-max");
    let max = u64::MAX;
    let file = format!(
        "rules:\n- role: glue\n  text: 要狠抓落实。\n  count: {max}\n  sources: [a.txt]\n\
         - role: enumeration.style\n  text: 一是\n  count: {max}\n  sizes:\n    3: {max}\n"
    );
    let a = dir.write("a.yaml", &file);
    let b = dir.write("b.yaml", &file);
    let out = Test::new()
        .args(["rules", "merge"])
        .arg(&a)
        .arg(&b)
        .success();
    let set = rules_of(&out.stdout);
    assert!(set.rules.iter().all(|r| r.count == max), "{:?}", set.rules);
    let style = set
        .rules
        .iter()
        .find(|r| r.role == Role::EnumerationStyle)
        .unwrap();
    assert_eq!(style.sizes.get(&3), Some(&max));
}

/// A rules file as `mine` writes one from a few hundred speeches: 30,000 rules with counts
/// and sources, about 5 MB, well over serde-saphyr's default 250,000 nodes.
fn large_rules() -> RuleSet {
    let mut rules = Vec::new();
    for i in 0..30_000u32 {
        let mut r = Rule::new(
            Role::ItemElaboration,
            &format!("要把第{i}项任务抓在手上，逐项明确责任单位和完成时限，确保落到实处。"),
        );
        r.count = u64::from(i % 7 + 1);
        r.sources = vec![
            format!("archive/a/{i:05}.txt"),
            format!("archive/b/{i:05}.txt"),
        ];
        rules.push(r);
    }
    RuleSet {
        fields: Vec::new(),
        rules,
    }
}

#[test]
fn rules_show_merge_and_draft_read_a_large_rules_file() {
    // "budget breached: Nodes { nodes: 250001 }" for a file mine wrote from 560 files.
    let dir = TempDir::new("rules-large");
    let yaml = large_rules().to_yaml();
    assert!(yaml.len() > 4_000_000, "{} bytes", yaml.len());
    let big = dir.write("big.yaml", &yaml);
    Test::new()
        .args(["rules", "show"])
        .arg(&big)
        .stdout_contains("item.elaboration")
        .stdout_contains("30000 rules")
        .stdout_contains("要把第29999项任务抓在手上")
        .success();
    let merged = dir.path().join("merged.yaml");
    Test::new()
        .args(["rules", "merge"])
        .arg(&big)
        .arg(&big)
        .arg("-o")
        .arg(&merged)
        .success();
    let set = rules_of(&std::fs::read_to_string(&merged).expect("merged"));
    assert_eq!(set.rules.len(), 30_000);
    let example = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/work_meeting.yaml");
    Test::new()
        .args(["draft", example, "--seed", "1", "--rules"])
        .arg(&big)
        .success();
}

#[test]
fn an_alias_bomb_in_a_rules_file_is_still_refused() {
    let dir = TempDir::new("rules-bomb");
    // One anchored list of 1,000 words cited by 5,000 rules: 5 million strings from 330 KB.
    let mut bomb = String::from("fields:\n- name: bomb\n  label: 炸弹\n  words: &w [");
    bomb.push_str(
        &(0..1000)
            .map(|i| format!("w{i}"))
            .collect::<Vec<_>>()
            .join(", "),
    );
    bomb.push_str("]\nrules:\n");
    for i in 0..5000 {
        bomb.push_str(&format!(
            "- role: glue\n  text: 要落实第{i}项。\n  field: bomb\n  sources: *w\n"
        ));
    }
    let file = dir.write("bomb.yaml", &bomb);
    Test::new()
        .args(["rules", "show"])
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .stderr_contains("bomb.yaml:")
        .stderr_contains("too large once its aliases")
        .status(2);
    // The classic billion laughs, nine levels of ten.
    let mut laughs = String::from("rules:\n- role: glue\n  text: 要落实。\n  sources: &l0 [");
    laughs.push_str(&["lol"; 10].join(", "));
    laughs.push_str("]\n");
    for level in 1..=9 {
        let refs = vec![format!("*l{}", level - 1); 10].join(", ");
        laughs.push_str(&format!(
            "- role: glue\n  text: 要落实。\n  sources: &l{level} [{refs}]\n"
        ));
    }
    let file = dir.write("laughs.yaml", &laughs);
    Test::new()
        .args(["rules", "show"])
        .arg(&file)
        .timeout(Duration::from_secs(60))
        .stderr_contains("laughs.yaml:")
        .status(2);
}

#[test]
fn rules_that_could_never_be_drafted_are_errors_with_line_and_column() {
    let dir = TempDir::new("rules-unusable");
    for (name, yaml, message) in [
        (
            "style.yaml",
            "rules:\n- role: enumeration.style\n  text: 甲是\n",
            "style.yaml:3:9: rule 1 (enumeration.style: \"甲是\"): `甲是` is not an enumeration \
             style a draft can number with; use one of 一是, 一要, 首先, 第一, 一方面",
        ),
        (
            "greeting.yaml",
            "rules:\n- role: greeting\n  text: ''\n",
            "greeting.yaml:3:9: rule 1 (greeting: \"\"): a greeting is empty; write the form of \
             address, e.g. 同志们",
        ),
        (
            "closing.yaml",
            "rules:\n- role: closing.exhortation\n  text: 同志们，让我们{{ heading }}！\n",
            "closing.yaml:3:9: rule 1 (closing.exhortation: \"同志们，让我们{{ heading }}！\"): \
             {{ heading }} has no value in a closing.exhortation rule and would draft as \
             nothing; there use meeting, topic, audience, org, speaker, position, n",
        ),
        (
            "kind.yaml",
            "rules:\n- role: glue\n  text: 要狠抓落实。\n  kinds: [work_meeting, 大会]\n",
            "kind.yaml:4:25: rule 1 (glue): unknown kind `大会`; use one of work_meeting \
             (工作会议), deployment (部署会), symposium (座谈会), study (学习, 中心组学习), \
             mobilization (动员会)",
        ),
    ] {
        let file = dir.write(name, yaml);
        let out = Test::new().args(["rules", "show"]).arg(&file).status(2);
        // `NAME:L:C: message`: the place after ` --> `, the message (its first clause) as the
        // error's title.
        let (place, message) = message.split_once(": ").unwrap();
        let place = format!("--> {}{place}", file.parent().unwrap().join("").display());
        let title = message.split(';').next().unwrap();
        assert!(
            out.stderr.contains(&place) && out.stderr.contains(title),
            "{name}: expected {place} and {title}\n--- stderr ---\n{}",
            out.stderr
        );
    }
}

#[test]
fn rules_kinds_accept_the_chinese_names_of_the_kinds() {
    // `kinds: [工作会议]` was an error although writers type the kinds in Chinese.
    let dir = TempDir::new("rules-chinese-kinds");
    let file = dir.write(
        "kinds.yaml",
        "rules:\n- role: glue\n  text: 要狠抓落实。\n  kinds: [工作会议, 中心组学习, 动员会]\n",
    );
    Test::new()
        .args(["rules", "show"])
        .arg(&file)
        .stdout_contains("要狠抓落实。 [work_meeting, study, mobilization]")
        .success();
    // Written back with the names the code uses.
    Test::new()
        .args(["rules", "merge"])
        .arg(&file)
        .arg(&file)
        .stdout_contains("kinds:\n  - work_meeting\n  - study\n  - mobilization\n")
        .success();
}
