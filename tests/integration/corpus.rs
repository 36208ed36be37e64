//! The seed corpus: each `raw/<stem>.txt` parsed by `speechgen parse --format json` must match
//! `expected/<stem>.yaml`, under the rules of `shared/corpus/README.md`.
//!
//! [`check`] is a line-by-line port of `shared/tools/check_parse.py` over generic JSON values, so
//! that the two can be read side by side; every mismatch is collected, none stops the check.

use serde_json::{Map, Value};

use crate::{corpus_dir, parse_json, truncate};

/// Sentence ends a lead must never run past.
const STOPS: [char; 4] = ['。', '；', '！', '？'];

/// The seed stems, one test each below. A new expected file must get a test here too
/// (see `every_expected_file_has_a_test`).
const SEEDS: [&str; 5] = [
    "000_7a9d388fdbd5993d",
    "001_025b12c513c7c695",
    "002_ca93ba84090e03e2",
    "003_c482fb4d9de76cb8",
    "004_5d19453900ce132a",
];

#[test]
fn seed_000_line_counters_and_run_in_headings() {
    check_seed(SEEDS[0]);
}

#[test]
fn seed_001_title_in_lead_in_and_no_closing() {
    check_seed(SEEDS[1]);
}

#[test]
fn seed_002_unnumbered_body_with_inline_enumerations() {
    check_seed(SEEDS[2]);
}

#[test]
fn seed_003_one_line_speech_with_nested_enumerations() {
    check_seed(SEEDS[3]);
}

#[test]
fn seed_004_collection_of_six_speeches() {
    check_seed(SEEDS[4]);
}

#[test]
fn every_expected_file_has_a_test() {
    let dir = corpus_dir().join("expected");
    let mut stems: Vec<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()))
        .map(|entry| entry.expect("reading expected/").path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .collect();
    stems.sort();
    assert_eq!(
        stems,
        SEEDS,
        "the expected files in {} and the seed tests in tests/integration/corpus.rs differ",
        dir.display()
    );
}

/// Parses one seed and panics with every mismatch against its expected skeleton.
fn check_seed(stem: &str) {
    let dir = corpus_dir();
    let expected_path = dir.join("expected").join(format!("{stem}.yaml"));
    let raw_path = dir.join("raw").join(format!("{stem}.txt"));
    let yaml = std::fs::read_to_string(&expected_path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", expected_path.display()));
    let expected: Value = serde_saphyr::from_str(&yaml)
        .unwrap_or_else(|e| panic!("cannot read {} as YAML: {e}", expected_path.display()));
    let parsed = parse_json(&raw_path);
    let msgs = check(&expected, &parsed);
    assert!(
        msgs.is_empty(),
        "{} mismatch(es) between the parse of raw/{stem}.txt and expected/{stem}.yaml:\n{}",
        msgs.len(),
        msgs.join("\n")
    );
}

// ---------------------------------------------------------------------------------------------
// The port of check_parse.py. Names follow the Python; `get` mirrors `dict.get` (absent → None)
// and `or_empty` mirrors `x or []`.
// ---------------------------------------------------------------------------------------------

fn fail(msgs: &mut Vec<String>, path: &str, what: impl AsRef<str>) {
    msgs.push(format!("{path}: {}", what.as_ref()));
}

/// `d.get(key)` on a value that should be a dict: `Null` when absent or not a dict.
fn get<'a>(d: &'a Value, key: &str) -> &'a Value {
    static NULL: Value = Value::Null;
    d.get(key).unwrap_or(&NULL)
}

/// `key in d` for a dict.
fn has(d: &Value, key: &str) -> bool {
    d.as_object().is_some_and(|m| m.contains_key(key))
}

/// `x or []` for a value that should be a list.
fn or_empty(v: &Value) -> &[Value] {
    v.as_array().map(Vec::as_slice).unwrap_or(&[])
}

/// `x or ""` for a value that should be a string.
fn str_or_empty(v: &Value) -> &str {
    v.as_str().unwrap_or("")
}

/// Python's truthiness of a parsed value.
fn truthy(v: &Value) -> bool {
    match v {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(a) => !a.is_empty(),
        Value::Object(m) => !m.is_empty(),
    }
}

/// Python's `repr` for the values that occur here (strings, None, lists of them).
fn repr(v: &Value) -> String {
    match v {
        Value::Null => "None".into(),
        Value::String(s) => repr_str(s),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(repr).collect::<Vec<_>>().join(", ")
        ),
        other => other.to_string(),
    }
}

fn repr_str(s: &str) -> String {
    format!("'{}'", s.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// Python's `str(v)`: a string as is, `None` for null.
fn py_str(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => repr(other),
    }
}

/// An expected value used as text (`startswith` argument or heading). YAML scalars such as
/// numbers are compared by their text.
fn exp_text(v: &Value) -> Option<String> {
    match v {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// `enumerations(blocks)`: the enumeration blocks, in order.
fn enumerations(blocks: &Value) -> Vec<&Value> {
    or_empty(blocks)
        .iter()
        .filter(|b| has(b, "enumeration"))
        .map(|b| &b["enumeration"])
        .collect()
}

/// `first_text(blocks)`: the first paragraph's text (a bare string block counts too).
fn first_text(blocks: &Value) -> Value {
    for b in or_empty(blocks) {
        if has(b, "paragraph") {
            return b["paragraph"].clone();
        }
        if b.is_string() {
            return b.clone();
        }
    }
    Value::Null
}

fn check_enums(msgs: &mut Vec<String>, path: &str, exp_list: &[Value], got_list: &[&Value]) {
    if exp_list.len() != got_list.len() {
        let styles: Vec<Value> = got_list.iter().map(|g| get(g, "style").clone()).collect();
        fail(
            msgs,
            path,
            format!(
                "{} enumerations, expected {}: got styles {}",
                got_list.len(),
                exp_list.len(),
                repr(&Value::Array(styles))
            ),
        );
        return;
    }
    for (i, (e, g)) in exp_list.iter().zip(got_list).enumerate() {
        let p = format!("{path}.enum[{i}]");
        if get(g, "style") != get(e, "style") {
            fail(
                msgs,
                &p,
                format!(
                    "style {}, expected {}",
                    repr(get(g, "style")),
                    repr(get(e, "style"))
                ),
            );
        }
        let items = or_empty(get(g, "items"));
        let leads: Vec<&str> = items
            .iter()
            .map(|it| str_or_empty(get(it, "lead")))
            .collect();
        let exp_leads = or_empty(get(e, "leads"));
        if leads.len() != exp_leads.len() {
            let shown: Vec<Value> = leads.iter().map(|l| Value::String((*l).into())).collect();
            fail(
                msgs,
                &p,
                format!(
                    "{} items, expected {}: {}",
                    leads.len(),
                    exp_leads.len(),
                    repr(&Value::Array(shown))
                ),
            );
            continue;
        }
        for (j, (el, gl)) in exp_leads.iter().zip(&leads).enumerate() {
            let el = exp_text(el).unwrap_or_default();
            if !gl.starts_with(el.as_str()) {
                fail(
                    msgs,
                    &format!("{p}.item[{j}]"),
                    format!(
                        "lead {} does not start with {}",
                        repr_str(gl),
                        repr_str(&el)
                    ),
                );
            } else if gl.contains(STOPS) {
                fail(
                    msgs,
                    &format!("{p}.item[{j}]"),
                    format!("lead runs past a sentence end: {}", repr_str(gl)),
                );
            }
        }
        if has(e, "children") {
            for (j, (ec, it)) in or_empty(&e["children"]).iter().zip(items).enumerate() {
                // The Python passes `[ec]`; a null entry (not used by any expected file) would
                // crash it, and is read here as "this item has no children".
                let exp: Vec<Value> = if ec.is_null() {
                    vec![]
                } else {
                    vec![ec.clone()]
                };
                let got = or_empty(get(it, "children")).iter().collect::<Vec<_>>();
                check_enums(msgs, &format!("{p}.item[{j}]"), &exp, &got);
            }
        }
    }
}

fn starts(msgs: &mut Vec<String>, path: &str, exp: &Value, got: &Value) {
    match exp_text(exp) {
        None => {
            if truthy(got) {
                fail(
                    msgs,
                    path,
                    format!(
                        "expected none, got {}",
                        repr_str(&truncate_plain(&py_str(got), 40))
                    ),
                );
            }
        }
        Some(exp) => {
            if !str_or_empty(got).starts_with(exp.as_str()) {
                fail(
                    msgs,
                    path,
                    format!(
                        "{} does not start with {}",
                        repr_str(&truncate_plain(&py_str(got), 50)),
                        repr_str(&exp)
                    ),
                );
            }
        }
    }
}

/// Python's `s[:n]` (no ellipsis).
fn truncate_plain(s: &str, n: usize) -> String {
    s.chars().take(n).collect()
}

/// Compares one parse (the JSON of one document) with one expected skeleton and returns every
/// mismatch, in the Python checker's order and wording.
pub fn check(expected: &Value, parsed: &Value) -> Vec<String> {
    let mut msgs = Vec::new();
    let got_speeches = or_empty(get(parsed, "speeches"));
    let exp_speeches = or_empty(get(expected, "speeches"));
    if !has(expected, "speeches") {
        fail(
            &mut msgs,
            "expected",
            "the expected file has no `speeches` list",
        );
    }
    if has(expected, "collection") {
        let empty = Value::Object(Map::new());
        let col = if truthy(get(parsed, "collection")) {
            get(parsed, "collection")
        } else {
            &empty
        };
        let exp_col = &expected["collection"];
        if get(col, "title") != get(exp_col, "title") {
            fail(&mut msgs, "collection.title", repr(get(col, "title")));
        }
        let subtitle = Value::String(
            str_or_empty(get(col, "subtitle"))
                .trim_start_matches('—')
                .to_owned(),
        );
        starts(
            &mut msgs,
            "collection.subtitle",
            get(exp_col, "subtitle_starts"),
            &subtitle,
        );
        starts(
            &mut msgs,
            "collection.editor_note",
            get(exp_col, "editor_note_starts"),
            get(col, "editor_note"),
        );
    }
    if got_speeches.len() != exp_speeches.len() {
        fail(
            &mut msgs,
            "speeches",
            format!(
                "{} speeches, expected {}",
                got_speeches.len(),
                exp_speeches.len()
            ),
        );
    }
    for (k, (e, g)) in exp_speeches.iter().zip(got_speeches).enumerate() {
        let sp = format!("speech[{k}]");
        for key in ["title", "greeting", "speaker", "position"] {
            if has(e, key) && get(g, key) != &e[key] {
                fail(
                    &mut msgs,
                    &format!("{sp}.{key}"),
                    format!("{}, expected {}", repr(get(g, key)), repr(&e[key])),
                );
            }
        }
        if has(e, "opening_starts") {
            starts(
                &mut msgs,
                &format!("{sp}.opening"),
                &e["opening_starts"],
                &first_text(get(g, "opening")),
            );
        }
        if has(e, "opening_enumerations") {
            check_enums(
                &mut msgs,
                &format!("{sp}.opening"),
                or_empty(&e["opening_enumerations"]),
                &enumerations(get(g, "opening")),
            );
        }
        if has(e, "closing_starts") {
            starts(
                &mut msgs,
                &format!("{sp}.closing"),
                &e["closing_starts"],
                get(g, "closing"),
            );
        }
        let mut gsecs: &[Value] = or_empty(get(g, "sections"));
        let exp_sections_empty = get(e, "sections").as_array().is_some_and(Vec::is_empty);
        if gsecs.len() == 1 && get(&gsecs[0], "heading").is_null() && exp_sections_empty {
            gsecs = &[]; // one unnumbered body section is the same as no numbered sections
        }
        if has(e, "title_starts") {
            starts(
                &mut msgs,
                &format!("{sp}.title"),
                &e["title_starts"],
                get(g, "title"),
            );
        }
        let exp_sections = or_empty(get(e, "sections"));
        if has(e, "sections") && exp_sections.iter().any(|x| has(x, "heading_starts")) {
            if gsecs.len() != exp_sections.len() {
                let heads: Vec<Value> = gsecs
                    .iter()
                    .map(|s| Value::String(truncate_plain(&py_str(get(s, "heading")), 12)))
                    .collect();
                fail(
                    &mut msgs,
                    &format!("{sp}.sections"),
                    format!(
                        "{} sections, expected {}: {}",
                        gsecs.len(),
                        exp_sections.len(),
                        repr(&Value::Array(heads))
                    ),
                );
            } else {
                for (i, (es, gs)) in exp_sections.iter().zip(gsecs).enumerate() {
                    if !has(es, "heading_starts") {
                        // The Python raises KeyError here.
                        fail(
                            &mut msgs,
                            &format!("{sp}.section[{i}]"),
                            "expected file: this section has no heading_starts",
                        );
                        continue;
                    }
                    starts(
                        &mut msgs,
                        &format!("{sp}.section[{i}].heading"),
                        &es["heading_starts"],
                        get(gs, "heading"),
                    );
                    if has(es, "subsections") {
                        let subs: Vec<&str> = or_empty(get(gs, "blocks"))
                            .iter()
                            .filter(|b| has(b, "section"))
                            .map(|b| str_or_empty(get(&b["section"], "heading")))
                            .collect();
                        let exp_subs = or_empty(&es["subsections"]);
                        if subs.len() != exp_subs.len() {
                            fail(
                                &mut msgs,
                                &format!("{sp}.section[{i}].subsections"),
                                format!("{}, expected {}", subs.len(), exp_subs.len()),
                            );
                        } else {
                            for (j, (eh, gh)) in exp_subs.iter().zip(subs).enumerate() {
                                starts(
                                    &mut msgs,
                                    &format!("{sp}.section[{i}].sub[{j}]"),
                                    eh,
                                    &Value::String(gh.to_owned()),
                                );
                            }
                        }
                    }
                }
            }
        } else if has(e, "sections") {
            if gsecs.len() != exp_sections.len() {
                let heads: Vec<Value> = gsecs.iter().map(|s| get(s, "heading").clone()).collect();
                fail(
                    &mut msgs,
                    &format!("{sp}.sections"),
                    format!(
                        "{} sections, expected {}: {}",
                        gsecs.len(),
                        exp_sections.len(),
                        repr(&Value::Array(heads))
                    ),
                );
            } else {
                for (i, (es, gs)) in exp_sections.iter().zip(gsecs).enumerate() {
                    if get(gs, "heading") != get(es, "heading") {
                        fail(
                            &mut msgs,
                            &format!("{sp}.section[{i}].heading"),
                            format!(
                                "{}, expected {}",
                                repr(get(gs, "heading")),
                                repr(get(es, "heading"))
                            ),
                        );
                    }
                    if !has(es, "enumerations") {
                        // The Python raises KeyError here.
                        fail(
                            &mut msgs,
                            &format!("{sp}.section[{i}]"),
                            "expected file: this section has no enumerations list",
                        );
                        continue;
                    }
                    check_enums(
                        &mut msgs,
                        &format!("{sp}.section[{i}]"),
                        or_empty(&es["enumerations"]),
                        &enumerations(get(gs, "blocks")),
                    );
                }
            }
        }
        if has(e, "section_headings_start") {
            let heads: Vec<&str> = gsecs
                .iter()
                .map(|s| str_or_empty(get(s, "heading")))
                .collect();
            let exp_heads = or_empty(&e["section_headings_start"]);
            if heads.len() != exp_heads.len() {
                let shown: Vec<Value> = heads.iter().map(|h| Value::String((*h).into())).collect();
                fail(
                    &mut msgs,
                    &format!("{sp}.sections"),
                    format!(
                        "{} sections, expected {}: {}",
                        heads.len(),
                        exp_heads.len(),
                        repr(&Value::Array(shown))
                    ),
                );
            } else {
                for (i, (eh, gh)) in exp_heads.iter().zip(heads).enumerate() {
                    let eh = exp_text(eh).unwrap_or_default();
                    if !gh.starts_with(eh.as_str()) {
                        fail(
                            &mut msgs,
                            &format!("{sp}.section[{i}].heading"),
                            format!("{} does not start with {}", repr_str(gh), repr_str(&eh)),
                        );
                    }
                }
            }
        }
        let strings = crate::all_strings(g);
        for junk in or_empty(get(e, "boilerplate")) {
            let junk = exp_text(junk).unwrap_or_default();
            if strings.iter().any(|s| s.contains(junk.as_str())) {
                fail(
                    &mut msgs,
                    &sp,
                    format!("boilerplate {} kept in the parse", repr_str(&junk)),
                );
            }
        }
    }
    msgs
}

// ---------------------------------------------------------------------------------------------
// The port checked on hand-made parses, so that a red seed test means the parser, not the port.
// ---------------------------------------------------------------------------------------------

fn yaml(text: &str) -> Value {
    serde_saphyr::from_str(text).expect("test YAML")
}

#[test]
fn checker_reads_every_expected_file_as_generic_values() {
    for stem in SEEDS {
        let path = corpus_dir().join("expected").join(format!("{stem}.yaml"));
        let expected = yaml(&std::fs::read_to_string(&path).unwrap());
        let speeches = expected["speeches"].as_array();
        assert!(
            speeches.is_some_and(|s| !s.is_empty()),
            "{}: no speeches read",
            path.display()
        );
    }
    // Flow lists, nulls, comments and CJK plain scalars come through as plain JSON values.
    let e = yaml(
        &std::fs::read_to_string(corpus_dir().join("expected/002_ca93ba84090e03e2.yaml")).unwrap(),
    );
    assert_eq!(e["speeches"][0]["sections"][0]["heading"], Value::Null);
    assert_eq!(
        e["speeches"][0]["opening_enumerations"][0]["leads"][1],
        Value::String("工作有提升".into())
    );
    assert_eq!(
        e["speeches"][0]["boilerplate"][1],
        Value::String("文章地址".into())
    );
}

#[test]
fn checker_accepts_a_parse_that_meets_the_skeleton() {
    let expected = yaml(
        "speeches:
  - title: 在会上的讲话
    greeting: 同志们
    opening_starts: 今天
    sections:
      - heading: 提高认识
        enumerations:
          - style: 一方面
            leads: [要加强]
            children:
              - style: 一是
                leads: [要坚定, 要团结]
    closing_starts: null
    boilerplate: [查看更多]
",
    );
    let parsed = serde_json::json!({
        "source": "x.txt", "collection": null,
        "speeches": [{
            "title": "在会上的讲话", "speaker": null, "position": null, "greeting": "同志们",
            "opening": [{"paragraph": "今天我们开会。"}],
            "sections": [{"ordinal": "一、", "heading": "提高认识", "blocks": [
                {"paragraph": "正文。"},
                {"enumeration": {"style": "一方面", "items": [
                    {"ordinal": "一方面", "lead": "要加强学习", "body": "。", "children": [
                        {"style": "一是", "items": [
                            {"ordinal": "一是", "lead": "要坚定信念", "body": "", "children": []},
                            {"ordinal": "二是", "lead": "要团结", "body": "", "children": []}
                        ]}
                    ]}
                ]}}
            ]}],
            "closing": null
        }]
    });
    assert_eq!(check(&expected, &parsed), Vec::<String>::new());
}

#[test]
fn checker_reports_every_mismatch() {
    let expected = yaml(
        "collection:
  title: 合集
  subtitle_starts: 座谈会发言
  editor_note_starts: 11月9日
speeches:
  - title: 甲
    greeting: 同志们
    opening_starts: 今天
    sections:
      - heading: 提高认识
        enumerations:
          - style: 一是
            leads: [要坚定, 要团结]
    closing_starts: null
    boilerplate: [查看更多]
  - section_headings_start: [深化学习]
",
    );
    let parsed = serde_json::json!({
        "source": "x.txt",
        "collection": {"title": "合集", "subtitle": "——座谈会发言摘登", "editor_note": null},
        "speeches": [{
            "title": "乙", "greeting": null,
            "opening": [{"enumeration": {"style": "一是", "items": []}}, {"paragraph": "昨天。"}],
            "sections": [{"heading": "提高认识", "blocks": [
                {"enumeration": {"style": "首先", "items": [
                    {"ordinal": "首先", "lead": "要坚定。然后", "body": "", "children": []},
                    {"ordinal": "其次", "lead": "团结", "body": "", "children": []}
                ]}}
            ]}],
            "closing": "同志们，查看更多"
        }]
    });
    let msgs = check(&expected, &parsed);
    let want = [
        "collection.editor_note: 'None' does not start with '11月9日'",
        "speeches: 1 speeches, expected 2",
        "speech[0].title: '乙', expected '甲'",
        "speech[0].greeting: None, expected '同志们'",
        "speech[0].opening: '昨天。' does not start with '今天'",
        "speech[0].closing: expected none, got '同志们，查看更多'",
        "speech[0].section[0].enum[0]: style '首先', expected '一是'",
        "speech[0].section[0].enum[0].item[0]: lead runs past a sentence end: '要坚定。然后'",
        "speech[0].section[0].enum[0].item[1]: lead '团结' does not start with '要团结'",
        "speech[0]: boilerplate '查看更多' kept in the parse",
    ];
    assert_eq!(msgs, want);
}

#[test]
fn checker_treats_one_unnumbered_section_as_none() {
    let expected = yaml("speeches:\n  - sections: []\n");
    let one_unnumbered = serde_json::json!({"speeches": [{"sections": [
        {"ordinal": null, "heading": null, "blocks": [{"paragraph": "正文。"}]}
    ]}]});
    assert_eq!(check(&expected, &one_unnumbered), Vec::<String>::new());
    let one_numbered = serde_json::json!({"speeches": [{"sections": [
        {"ordinal": "一、", "heading": "提高认识", "blocks": []}
    ]}]});
    assert_eq!(
        check(&expected, &one_numbered),
        ["speech[0].sections: 1 sections, expected 0: ['提高认识']"]
    );
}

#[test]
fn checker_compares_heading_starts_and_subsections() {
    let expected = yaml(
        "speeches:
  - title_starts: 在
    sections:
      - heading_starts: 充分认识
        subsections: [实施, 加强]
      - heading_starts: 奋力开创
",
    );
    let parsed = serde_json::json!({"speeches": [{"title": "关于", "sections": [
        {"heading": "充分认识意义", "blocks": [
            {"section": {"ordinal": "（一）", "heading": "实施工程", "blocks": []}},
            {"paragraph": "正文。"},
            {"section": {"ordinal": "（二）", "heading": null, "blocks": []}}
        ]},
        {"heading": "奋力开创局面", "blocks": []}
    ]}]});
    assert_eq!(
        check(&expected, &parsed),
        [
            "speech[0].title: '关于' does not start with '在'",
            "speech[0].section[0].sub[1]: '' does not start with '加强'",
        ]
    );
}

#[test]
fn checker_leaves_the_tail_of_a_long_message_out() {
    // A reminder that failure messages quote at most 50 characters of the parsed text.
    let long = "长".repeat(80);
    let mut msgs = Vec::new();
    starts(
        &mut msgs,
        "p",
        &Value::String("短".into()),
        &Value::String(long.clone()),
    );
    assert_eq!(
        msgs,
        [format!("p: '{}' does not start with '短'", "长".repeat(50))]
    );
    assert_eq!(truncate(&long, 3), "长长长…");
}
