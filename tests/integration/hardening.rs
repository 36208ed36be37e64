//! Regression tests from trying the tool as an attacker and as a careless user would (issue 8):
//! each named after what broke. None may hang (every run has a timeout), panic or leave a
//! wrong file behind.

use std::time::Duration;

use crate::{root, TempDir, Test};

const OUTLINE: &str = "title: 在全市安全生产工作会议上的讲话\nsections:\n  - heading: 提高认识\n    points: [强化担当, 压实责任]\n  - heading: 狠抓落实\n";

fn outline(dir: &TempDir) -> std::path::PathBuf {
    dir.write("outline.yaml", OUTLINE)
}

/// A templates folder `t` in `dir` whose `work_meeting.tera` is `text`.
fn templates(dir: &TempDir, text: &str) -> std::path::PathBuf {
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("work_meeting.tera"), text).unwrap();
    t
}

#[test]
fn rules_that_fill_to_nothing_with_a_length_end() {
    let dir = TempDir::new("fill-nothing");
    let o = outline(&dir);
    for text in ["''", "'{{ heading }}'"] {
        let rules = dir.write(
            "rules.yaml",
            format!("rules:\n  - role: item.elaboration\n    text: {text}\n"),
        );
        Test::new()
            .arg("draft")
            .arg(&o)
            .args(["--no-builtin-rules", "--rules"])
            .arg(&rules)
            .args(["--length", "3000", "--seed", "1"])
            .timeout(Duration::from_secs(60))
            .success();
    }
}

#[test]
fn a_template_doubling_a_string_ends_in_an_error_naming_it() {
    let dir = TempDir::new("doubling");
    let o = outline(&dir);
    let t = templates(
        &dir,
        "{% set_global s = \"讲话\" %}{% for i in range(end=64) %}{% set_global s = s ~ s %}{% endfor %}{{ s | length }}",
    );
    let out = Test::new()
        .arg("draft")
        .arg(&o)
        .arg("--templates")
        .arg(&t)
        .timeout(Duration::from_secs(60))
        .stderr_contains("work_meeting.tera")
        .status(2);
    assert!(out.stdout.is_empty(), "{}", out.stdout);
}

#[test]
fn nested_range_loops_that_print_nothing_end_in_an_error_naming_the_template() {
    let dir = TempDir::new("nested-range");
    let o = outline(&dir);
    let t = templates(
        &dir,
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}",
    );
    Test::new()
        .arg("draft")
        .arg(&o)
        .arg("--templates")
        .arg(&t)
        .timeout(Duration::from_secs(60))
        .stderr_contains("work_meeting.tera")
        .stderr_contains("range")
        .status(2);
}

#[test]
fn a_template_looping_over_a_long_string_is_stopped_by_the_time_limit() {
    let dir = TempDir::new("slow-template");
    let o = outline(&dir);
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    // 2^22 characters walked 2^22 times: no range budget applies, only the clock.
    std::fs::write(
        t.join("work_meeting.tera"),
        "{% set_global s = \"甲\" %}{% for i in range(end=22) %}{% set_global s = s ~ s %}{% endfor %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
    )
    .unwrap();
    Test::new()
        .arg("draft")
        .arg(&o)
        .arg("--templates")
        .arg(&t)
        .timeout(Duration::from_secs(90))
        .stderr_contains("work_meeting.tera")
        .stderr_contains("took more than")
        .status(2);
}

#[test]
fn a_broken_template_that_is_not_used_breaks_nothing() {
    let dir = TempDir::new("unused-broken");
    let o = outline(&dir);
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    std::fs::write(t.join("notes.tera"), "{% if %}{% endfor").unwrap();
    Test::new()
        .arg("draft")
        .arg(&o)
        .arg("--templates")
        .arg(&t)
        .args(["--seed", "1"])
        .stdout_contains("一、")
        .success();
}

#[cfg(unix)]
#[test]
fn a_fifo_in_the_templates_folder_is_skipped() {
    let dir = TempDir::new("fifo-templates");
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(t.join("pipe.tera"))
        .status()
        .unwrap();
    assert!(made.success());
    Test::new()
        .args(["templates", "list", "--templates"])
        .arg(&t)
        .timeout(Duration::from_secs(30))
        .stdout_contains("work_meeting.tera")
        .success();
}

#[test]
fn draft_refuses_to_write_over_its_outline() {
    let dir = TempDir::new("over-outline");
    let o = outline(&dir);
    Test::new()
        .arg("draft")
        .arg(&o)
        .arg("-o")
        .arg(&o)
        .stderr_contains("input")
        .status(2);
    assert_eq!(std::fs::read_to_string(&o).unwrap(), OUTLINE);
    // Through another spelling of the same path, too.
    let other = dir.path().join(".").join("outline.yaml");
    Test::new()
        .arg("draft")
        .arg(&o)
        .arg("-o")
        .arg(&other)
        .status(2);
    assert_eq!(std::fs::read_to_string(&o).unwrap(), OUTLINE);
}

#[test]
fn the_output_is_written_through_a_random_exclusive_temporary_file() {
    let dir = TempDir::new("planted");
    let o = outline(&dir);
    let victim = dir.write("victim.txt", "untouched");
    // The old, predictable name: a link planted there must not be followed.
    #[cfg(unix)]
    for pid in 0..64 {
        let _ = std::os::unix::fs::symlink(&victim, dir.path().join(format!(".out.txt.{pid}.tmp")));
    }
    let out = dir.path().join("out.txt");
    Test::new()
        .arg("draft")
        .arg(&o)
        .args(["--seed", "1", "-o"])
        .arg(&out)
        .success();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "untouched");
    assert!(std::fs::read_to_string(&out).unwrap().contains("一、"));
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".speechgen-"))
        .collect();
    assert!(left.is_empty(), "temporary files left: {left:?}");
}

#[test]
fn a_failed_write_names_the_destination_and_leaves_no_temporary_file() {
    let dir = TempDir::new("failed-write");
    let o = outline(&dir);
    let out = dir.path().join("no-such-folder").join("out.txt");
    let run = Test::new()
        .arg("draft")
        .arg(&o)
        .arg("-o")
        .arg(&out)
        .status(2);
    assert!(
        run.stderr.contains("out.txt") && !run.stderr.contains(".tmp"),
        "{}",
        run.stderr
    );
}

#[cfg(unix)]
#[test]
fn an_eject_that_fails_leaves_no_partial_set() {
    let dir = TempDir::new("eject-fails");
    let t = dir.path().join("t");
    std::fs::create_dir_all(&t).unwrap();
    // A folder where one template would go: the last rename fails, but nothing is half-done
    // before it, since every file is written before any is renamed.
    std::fs::create_dir_all(t.join("work_meeting.tera")).unwrap();
    Test::new()
        .args(["templates", "eject", "--force"])
        .arg(&t)
        .status(2);
    let names: Vec<String> = std::fs::read_dir(&t)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, vec!["work_meeting.tera".to_owned()], "{names:?}");
}

#[test]
fn an_endless_outline_is_refused_by_its_size() {
    Test::new()
        .args(["draft", "/dev/zero"])
        .timeout(Duration::from_secs(60))
        .stderr_contains("larger than 16 MiB")
        .status(2);
}

#[test]
fn endless_standard_input_to_parse_is_refused_by_its_size() {
    let zeros = vec![b'\n'; (64 << 20) + 10];
    Test::new()
        .args(["parse", "-"])
        .stdin(zeros)
        .timeout(Duration::from_secs(120))
        .stderr_contains("larger than 64 MiB")
        .status(2);
}

#[test]
fn control_characters_in_outline_fields_are_refused_with_their_line() {
    let dir = TempDir::new("controls");
    for (field, value, line) in [
        ("meeting", "\"全市\\0会议\"", 2),
        ("topic", "\"安全\\a生产\"", 2),
        ("closing", "\"让我们\\r努力\"", 2),
        ("meeting", "\"会议\\n\\n六、假的部分\"", 2),
    ] {
        let o = dir.write(
            "o.yaml",
            format!("title: t\n{field}: {value}\nsections: [{{heading: 提高认识}}]\n"),
        );
        let out = Test::new()
            .arg("draft")
            .arg(&o)
            .stderr_contains(format!("`{field}`"))
            .stderr_contains(format!("o.yaml:{line}:"))
            .status(2);
        assert!(out.stdout.is_empty());
    }
}

#[test]
fn a_100000_character_topic_is_refused_at_once_with_its_place() {
    let dir = TempDir::new("long-topic");
    let o = dir.write(
        "o.yaml",
        format!(
            "title: t\ntopic: {}\nsections: [{{heading: 提高认识}}]\n",
            "安".repeat(100_000)
        ),
    );
    Test::new()
        .arg("draft")
        .arg(&o)
        .timeout(Duration::from_secs(30))
        .stderr_contains("`topic` has 100000 characters")
        .stderr_contains("o.yaml:2:8")
        .status(2);
}

#[test]
fn two_sections_are_announced_as_two_points_not_er_dian() {
    let dir = TempDir::new("liang");
    let o = dir.write(
        "o.yaml",
        "title: 在全市安全生产工作会议上的讲话\nsections:\n  - heading: 提高认识\n  - heading: 狠抓落实\n",
    );
    for seed in 0..40 {
        let out = Test::new()
            .arg("draft")
            .arg(&o)
            .args(["--seed", &seed.to_string()])
            .success();
        assert!(
            !out.stdout.contains("二点") && !out.stdout.contains("二个"),
            "seed {seed}:\n{}",
            out.stdout
        );
    }
}

#[test]
fn parse_of_several_files_is_an_outline_draft_reads() {
    let dir = TempDir::new("parse-many");
    let raw = crate::corpus_dir().join("raw");
    let mut files: Vec<_> = std::fs::read_dir(&raw)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for format in ["yaml", "json"] {
        let parsed = Test::new()
            .arg("parse")
            .args(&files[..2])
            .args(["--format", format])
            .success();
        let o = dir.write(&format!("both.{format}"), &parsed.stdout_bytes);
        Test::new()
            .arg("draft")
            .arg(&o)
            .args(["--seed", "1"])
            .stderr_contains("holds 2 parsed files; drafting the first")
            .stdout_contains("一、")
            .success();
    }
}

#[test]
fn a_kind_written_in_chinese_is_that_kind() {
    let dir = TempDir::new("kind-cn");
    let o = dir.write(
        "o.yaml",
        "title: 在全市安全生产工作座谈会上的发言\nkind: 座谈会\nsections:\n  - heading: 提高认识\n",
    );
    Test::new()
        .arg("draft")
        .arg(&o)
        .args(["--seed", "1"])
        .stdout_contains("谢谢大家！")
        .success();
}

#[test]
fn markdown_keeps_the_symposiums_thanks() {
    let example = root().join("examples/symposium.yaml");
    Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--seed", "1", "--format", "md"])
        .stdout_contains("谢谢大家！")
        .stdout_contains("## 一、")
        .success();
}

#[test]
fn minutes_out_of_range_speak_of_minutes() {
    let example = root().join("examples/work_meeting.yaml");
    let out = Test::new()
        .arg("draft")
        .arg(&example)
        .args(["--minutes", "100000"])
        .stderr_contains("--minutes 100000")
        .status(2);
    assert!(!out.stderr.contains("characters"), "{}", out.stderr);
}

#[test]
fn an_empty_outline_says_what_an_outline_holds() {
    let dir = TempDir::new("empty-outline");
    let o = dir.write("o.yaml", "\n");
    let out = Test::new()
        .arg("draft")
        .arg(&o)
        .stderr_contains("sections")
        .status(2);
    assert!(!out.stderr.contains("speech in it"), "{}", out.stderr);
}

#[test]
fn yaml_jargon_never_reaches_the_writer() {
    let dir = TempDir::new("jargon");
    for (yaml, says) in [
        (
            "title: a\ntitle: b\nsections: [{heading: a}]\n",
            "`title` is given twice",
        ),
        (
            "title: a\nsections:\n  - heading: a\n    points: 强化担当\n",
            "`points:` takes a list",
        ),
    ] {
        let o = dir.write("o.yaml", yaml);
        let out = Test::new()
            .arg("draft")
            .arg(&o)
            .stderr_contains(says)
            .status(2);
        for jargon in ["DuplicateKeyPolicy", "sequence start", "Options"] {
            assert!(!out.stderr.contains(jargon), "{}", out.stderr);
        }
    }
}

#[test]
fn a_closed_pipe_after_rules_show_is_no_error() {
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_speechgen"))
        .args(["rules", "show"])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // Read one line, then close the pipe, as `| head -1` does.
    {
        use std::io::BufRead;
        let stdout = child.stdout.take().unwrap();
        let mut line = String::new();
        std::io::BufReader::new(stdout)
            .read_line(&mut line)
            .unwrap();
    }
    let out = child.wait_with_output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn drafting_with_counts_of_two_to_the_64_minus_one_does_not_overflow() {
    let dir = TempDir::new("huge-counts");
    let o = outline(&dir);
    let rules = dir.write(
        "rules.yaml",
        "rules:\n  - role: enumeration.style\n    text: 一是\n    count: 18446744073709551615\n  - role: enumeration.style\n    text: 首先\n    count: 18446744073709551615\n",
    );
    for seed in 0..8 {
        Test::new()
            .arg("draft")
            .arg(&o)
            .arg("--rules")
            .arg(&rules)
            .args(["--seed", &seed.to_string()])
            .success();
    }
}

#[test]
fn mine_and_rules_merge_refuse_to_write_over_an_input() {
    let dir = TempDir::new("mine-over-input");
    let raw = crate::corpus_dir().join("raw");
    let first = std::fs::read_dir(&raw)
        .unwrap()
        .map(|e| e.unwrap().path())
        .min()
        .unwrap();
    let speech = dir.write("x.txt", std::fs::read(&first).unwrap());
    let before = std::fs::read(&speech).unwrap();
    Test::new()
        .arg("mine")
        .arg(&speech)
        .arg("-o")
        .arg(&speech)
        .stderr_contains("input")
        .status(2);
    assert_eq!(std::fs::read(&speech).unwrap(), before);
    let rules = dir.path().join("r.yaml");
    Test::new()
        .arg("mine")
        .arg(&speech)
        .arg("-o")
        .arg(&rules)
        .success();
    let mined = std::fs::read(&rules).unwrap();
    Test::new()
        .args(["rules", "merge"])
        .arg(&rules)
        .arg(&rules)
        .arg("-o")
        .arg(&rules)
        .status(2);
    assert_eq!(std::fs::read(&rules).unwrap(), mined);
}
