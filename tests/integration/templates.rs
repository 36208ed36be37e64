//! `speechgen templates list | show | eject` and what `draft` does with a writer's templates
//! and output options: an edited template shows in the draft while other kinds keep the
//! built-ins; `--format md` and `--format json`; `-o FILE`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::{root, TempDir, Test};

/// A line the edited template adds after the greeting.
const ADDED: &str = "这是自定义模板加入的一行。";

/// The edit: the greeting block of `work_meeting.tera` followed by a fixed line.
const EDIT: &str =
    "\n{%- block greeting %}{{ super() }}这是自定义模板加入的一行。\n\n{% endblock greeting -%}\n";

fn example(kind: &str) -> PathBuf {
    root().join("examples").join(format!("{kind}.yaml"))
}

/// `templates/*.tera` by file name.
fn builtin() -> BTreeMap<String, Vec<u8>> {
    folder(&root().join("templates"))
}

/// The `*.tera` files in a folder by file name.
fn folder(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("reading a folder").path())
        .filter(|p| p.extension().is_some_and(|e| e == "tera"))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, std::fs::read(&p).expect("reading a template"))
        })
        .collect()
}

fn draft(args: &[&str], kind: &str) -> crate::Output {
    Test::new()
        .arg("draft")
        .arg(example(kind))
        .args(["--seed", "1"])
        .args(args)
        .success()
}

#[test]
fn list_shows_the_seven_built_ins() {
    let names = builtin();
    assert_eq!(names.len(), 7, "templates/ holds {:?}", names.keys());
    let out = Test::new().args(["templates", "list"]).success();
    for name in names.keys() {
        let line = out
            .stdout
            .lines()
            .find(|l| l.split_whitespace().next() == Some(name));
        assert!(
            line.is_some_and(|l| l.contains("built-in")),
            "`templates list` has no built-in line for {name}:\n{}",
            out.stdout
        );
    }
    assert_eq!(out.stdout.lines().count(), 7, "{}", out.stdout);
}

#[test]
fn show_prints_the_built_in_text() {
    let names = builtin();
    let out = Test::new()
        .args(["templates", "show", "work_meeting.tera"])
        .success();
    assert!(
        out.stdout_bytes == names["work_meeting.tera"],
        "`templates show work_meeting.tera` is not templates/work_meeting.tera:\n{}",
        out.stdout
    );
    let out = Test::new()
        .args(["templates", "show", "base.tera"])
        .success();
    assert!(
        out.stdout_bytes == names["base.tera"],
        "show base.tera differs"
    );
}

#[test]
fn show_an_unknown_template_is_bad_input() {
    Test::new()
        .args(["templates", "show", "speech_of_the_year.tera"])
        .stderr_contains("speech_of_the_year.tera")
        .status(2);
}

#[test]
fn eject_writes_the_built_ins_and_refuses_to_overwrite_without_force() {
    let tmp = TempDir::new("eject");
    let dir = tmp.path().join("my-templates");
    Test::new().args(["templates", "eject"]).arg(&dir).success();
    assert_eq!(
        folder(&dir),
        builtin(),
        "the ejected templates are not the built-ins"
    );

    // An edit, then a second eject: refused, and nothing changes.
    let edited = dir.join("work_meeting.tera");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str(EDIT);
    std::fs::write(&edited, &text).unwrap();
    let before = folder(&dir);
    let all_before: Vec<PathBuf> = list_all(&dir);
    Test::new()
        .args(["templates", "eject"])
        .arg(&dir)
        .stderr_contains("--force")
        .status(2);
    assert_eq!(
        folder(&dir),
        before,
        "a refused eject changed the templates"
    );
    assert_eq!(
        list_all(&dir),
        all_before,
        "a refused eject left files behind"
    );

    Test::new()
        .args(["templates", "eject", "--force"])
        .arg(&dir)
        .success();
    assert_eq!(
        folder(&dir),
        builtin(),
        "eject --force did not restore the built-ins"
    );
    assert_eq!(
        list_all(&dir).len(),
        7,
        "eject --force left other files: {:?}",
        list_all(&dir)
    );
}

/// Every entry of a folder, sorted.
fn list_all(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    v.sort();
    v
}

#[test]
fn an_edited_template_shows_in_the_draft_and_other_kinds_keep_the_built_ins() {
    let tmp = TempDir::new("edited");
    let dir = tmp.path().join("t");
    Test::new().args(["templates", "eject"]).arg(&dir).success();
    let edited = dir.join("work_meeting.tera");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str(EDIT);
    std::fs::write(&edited, &text).unwrap();
    let dir_arg = dir.to_str().unwrap();

    let plain = draft(&[], "work_meeting").stdout;
    let mine = draft(&["--templates", dir_arg], "work_meeting").stdout;
    assert!(mine.contains(ADDED), "the edit does not show:\n{mine}");
    assert_eq!(
        mine.replacen(&format!("{ADDED}\n\n"), "", 1),
        plain,
        "the edited template changed more than the added line"
    );
    assert!(
        matches!((mine.find("同志们："), mine.find(ADDED)), (Some(g), Some(a)) if g < a),
        "the added line is not after the greeting:\n{mine}"
    );

    // The other kinds, through the ejected folder and through a folder holding only the edit.
    let only = tmp.path().join("only");
    std::fs::create_dir_all(&only).unwrap();
    std::fs::write(only.join("work_meeting.tera"), &text).unwrap();
    for kind in ["deployment", "symposium", "study", "mobilization"] {
        let builtin = draft(&[], kind).stdout;
        for d in [dir_arg, only.to_str().unwrap()] {
            let out = draft(&["--templates", d], kind).stdout;
            assert!(
                !out.contains(ADDED),
                "{kind} picked up work_meeting's edit from {d}"
            );
            assert_eq!(
                out, builtin,
                "{kind} with --templates {d} differs from the built-in"
            );
        }
    }
    // Markdown renders the same kind template on markdown.tera: the edit is there too, with
    // Markdown's own markup around it.
    let md = draft(
        &["--templates", only.to_str().unwrap(), "--format", "md"],
        "work_meeting",
    );
    assert!(
        md.stdout.contains(ADDED) && md.stdout.starts_with("# "),
        "the Markdown draft lost work_meeting's edit:\n{}",
        md.stdout
    );
}

#[test]
fn markdown_starts_with_the_title_as_a_heading() {
    for kind in [
        "work_meeting",
        "deployment",
        "symposium",
        "study",
        "mobilization",
    ] {
        let yaml = std::fs::read_to_string(example(kind)).unwrap();
        let title = yaml
            .lines()
            .find_map(|l| l.strip_prefix("title: "))
            .unwrap_or_else(|| panic!("{kind}.yaml has no title"));
        let out = draft(&["--format", "md"], kind);
        assert!(
            out.stdout.starts_with(&format!("# {title}\n")),
            "{kind}: markdown does not start with `# {title}`:\n{}",
            crate::truncate(&out.stdout, 300)
        );
        assert!(
            out.stdout.contains("\n## 一、"),
            "{kind}: no `## 一、` section heading"
        );
    }
}

/// Every `sentences` entry in a JSON tree.
fn sentences(value: &Value) -> Vec<&Value> {
    fn walk<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
        match value {
            Value::Object(map) => {
                if let Some(Value::Array(list)) = map.get("sentences") {
                    out.extend(list.iter());
                }
                map.values().for_each(|v| walk(v, out));
            }
            Value::Array(items) => items.iter().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    walk(value, &mut out);
    out
}

#[test]
fn json_has_the_text_the_seed_and_every_sentences_rule() {
    for kind in [
        "work_meeting",
        "deployment",
        "symposium",
        "study",
        "mobilization",
    ] {
        let json = draft(&["--format", "json"], kind).json();
        let txt = draft(&[], kind).stdout;
        assert_eq!(
            json["text"].as_str(),
            Some(txt.as_str()),
            "{kind}: `text` is not the txt draft"
        );
        assert_eq!(json["seed"].as_u64(), Some(1), "{kind}: `seed`");
        let all = sentences(&json["plan"]);
        assert!(
            all.len() > 10,
            "{kind}: only {} sentences in the plan",
            all.len()
        );
        for s in &all {
            let rule = s["rule"].as_str().unwrap_or("");
            let text = s["text"].as_str().unwrap_or("");
            assert!(!text.is_empty(), "{kind}: a sentence without text: {s}");
            let known = rule == "outline"
                || rule.split_once('#').is_some_and(|(role, n)| {
                    !role.is_empty() && n.parse::<usize>().is_ok_and(|n| n >= 1)
                });
            assert!(
                known,
                "{kind}: sentence {text:?} has rule {rule:?}, not `outline` or `role#n`"
            );
            assert!(
                txt.contains(text),
                "{kind}: sentence {text:?} is not in the text"
            );
        }
    }
}

#[test]
fn output_file_is_written_and_nothing_printed() {
    let tmp = TempDir::new("output-file");
    let file = tmp.path().join("draft.txt");
    let out = Test::new()
        .arg("draft")
        .arg(example("work_meeting"))
        .args(["--seed", "1", "-o"])
        .arg(&file)
        .success();
    assert!(
        out.stdout.is_empty(),
        "-o FILE printed on stdout:\n{}",
        out.stdout
    );
    let written =
        std::fs::read(&file).unwrap_or_else(|e| panic!("{} not written: {e}", file.display()));
    assert!(
        written == draft(&[], "work_meeting").stdout_bytes,
        "the file is not the draft"
    );
    assert_eq!(
        list_all(tmp.path()),
        vec![file],
        "-o left other files behind"
    );
}
