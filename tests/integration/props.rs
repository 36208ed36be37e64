//! Properties of the library (`speechgen::parse_str`, `speechgen::parse_bytes`), checked with
//! proptest: parsing never panics, whatever the text or bytes, and a lead (要点) never runs past
//! the first 。；！？ of its item.

use std::sync::OnceLock;

use proptest::prelude::*;
use proptest::test_runner::Config;
use speechgen::{Block, Document, Enumeration};

/// Sentence ends a lead must never run past.
const STOPS: [char; 4] = ['。', '；', '！', '？'];

/// Markers, punctuation and layout that steer a speech parser, for inserting into seeds.
const TOKENS: &[&str] = &[
    "一、",
    "二、",
    "十五、",
    "1、",
    "1.",
    "1．",
    "（一）",
    "(一)",
    "（1）",
    "一是",
    "二是",
    "一要",
    "二要",
    "首先，",
    "其次，",
    "最后，",
    "一方面，",
    "另一方面，",
    "第一，",
    "第二点：",
    "一抓",
    "同志们：",
    "同志们！",
    "同志们，",
    "同志们，朋友们：",
    "各位代表：",
    "同志们、朋友们！",
    "让我们",
    "谢谢大家！",
    "——",
    "――",
    "在全市工作会议上的讲话",
    "（2010年2月22日）",
    "\n",
    "\n\n",
    "\n\n\n\n",
    "\r\n",
    "\r",
    ",",
    ":",
    "!",
    "(",
    ")",
    " ",
    "\u{3000}",
    "\u{3000}\u{3000}",
    "\u{a0}",
    "。",
    "；",
    "！",
    "？",
    "“",
    "”",
    "\"",
    "\u{feff}",
    "\0",
    "#",
    "## 一",
    "〔1〕",
    "[1]",
    "次",
    "…………",
    "文章来源：本站原创 作者：佚名 点击数：",
];

/// Characters that occur in speeches, for building text that looks a little like one.
const SPEECH_CHARS: &str = "一二三四五六七八九十是要抓第点、，。；：！？（）()“”\"——同志们朋友各位代表\
                            的在会议上讲话首先其次最后方面另让我们工作发展坚持推进 \n\u{3000}\u{a0}1.．";

fn config(cases: u32) -> Config {
    Config {
        cases,
        // Integration tests have no stable source path for regression files; a failure prints
        // its minimal input instead.
        failure_persistence: None,
        ..Config::default()
    }
}

/// The seed texts, read once.
fn seeds() -> &'static [String] {
    static SEEDS: OnceLock<Vec<String>> = OnceLock::new();
    SEEDS.get_or_init(|| {
        crate::seed_files()
            .iter()
            .map(|p| std::fs::read_to_string(p).expect("seeds are UTF-8"))
            .collect()
    })
}

/// Every lead in the document that runs past a sentence end.
fn bad_leads(doc: &Document) -> Vec<String> {
    fn enumeration(e: &Enumeration, out: &mut Vec<String>) {
        for item in &e.items {
            if item.lead.contains(STOPS) {
                out.push(item.lead.clone());
            }
            for child in &item.children {
                enumeration(child, out);
            }
        }
    }
    fn blocks(list: &[Block], out: &mut Vec<String>) {
        for block in list {
            match block {
                Block::Paragraph(_) => {}
                Block::Enumeration(e) => enumeration(e, out),
                Block::Section(s) => blocks(&s.blocks, out),
            }
        }
    }
    let mut out = Vec::new();
    for speech in &doc.speeches {
        blocks(&speech.opening, &mut out);
        for section in &speech.sections {
            blocks(&section.blocks, &mut out);
        }
    }
    out
}

/// One edit of a seed. Positions are taken modulo the text's length in characters.
#[derive(Debug, Clone)]
enum Mutation {
    /// Removes `len` characters at `at`.
    Delete { at: usize, len: usize },
    /// Repeats `len` characters at `at` right after themselves.
    Duplicate { at: usize, len: usize },
    /// Copies `len` characters from another seed into this one.
    Splice {
        seed: usize,
        from: usize,
        len: usize,
        at: usize,
    },
    /// Inserts one of [`TOKENS`].
    Insert { at: usize, token: usize },
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Delete { at, len }),
        (any::<usize>(), 1..400usize).prop_map(|(at, len)| Mutation::Duplicate { at, len }),
        (any::<usize>(), any::<usize>(), 1..400usize, any::<usize>()).prop_map(
            |(seed, from, len, at)| Mutation::Splice {
                seed,
                from,
                len,
                at
            }
        ),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
        (any::<usize>(), 0..TOKENS.len()).prop_map(|(at, token)| Mutation::Insert { at, token }),
    ]
}

fn apply(text: &str, mutations: &[Mutation]) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    let all = seeds();
    for m in mutations {
        let n = chars.len().max(1);
        match m {
            Mutation::Delete { at, len } => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                if at < end {
                    chars.drain(at..end);
                }
            }
            Mutation::Duplicate { at, len } => {
                let at = at % n;
                let end = (at + len).min(chars.len());
                if at < end {
                    let copy: Vec<char> = chars[at..end].to_vec();
                    chars.splice(end..end, copy);
                }
            }
            Mutation::Splice {
                seed,
                from,
                len,
                at,
            } => {
                let other: Vec<char> = all[seed % all.len()].chars().collect();
                let from = from % other.len().max(1);
                let end = (from + len).min(other.len());
                let at = (at % n).min(chars.len());
                chars.splice(at..at, other[from..end].iter().copied());
            }
            Mutation::Insert { at, token } => {
                let at = (at % n).min(chars.len());
                chars.splice(at..at, TOKENS[*token].chars());
            }
        }
    }
    chars.into_iter().collect()
}

fn speechlike_text() -> impl Strategy<Value = String> {
    let chars: Vec<char> = SPEECH_CHARS.chars().collect();
    let token = prop_oneof![
        3 => proptest::sample::select(chars).prop_map(String::from),
        1 => proptest::sample::select(TOKENS).prop_map(String::from),
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(token, 0..600).prop_map(|parts| parts.concat())
}

proptest! {
    #![proptest_config(config(256))]

    #[test]
    fn arbitrary_strings_never_panic(text in any::<String>()) {
        let doc = speechgen::parse_str("prop.txt", &text);
        prop_assert_eq!(bad_leads(&doc), Vec::<String>::new());
    }

    #[test]
    fn speechlike_strings_never_panic(text in speechlike_text()) {
        let doc = speechgen::parse_str("prop.txt", &text);
        prop_assert_eq!(bad_leads(&doc), Vec::<String>::new());
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..4096)) {
        if let Ok(doc) = speechgen::parse_bytes("prop.bin", &bytes) {
            prop_assert_eq!(bad_leads(&doc), Vec::<String>::new());
        }
    }
}

proptest! {
    #![proptest_config(config(64))]

    #[test]
    fn mutated_seeds_never_panic(
        seed in 0..5usize,
        mutations in proptest::collection::vec(mutation(), 1..12),
    ) {
        let all = seeds();
        let text = apply(&all[seed % all.len()], &mutations);
        let doc = speechgen::parse_str("mutated.txt", &text);
        prop_assert_eq!(bad_leads(&doc), Vec::<String>::new());
    }

    #[test]
    fn mutated_seed_bytes_never_panic(
        seed in 0..5usize,
        flips in proptest::collection::vec((any::<usize>(), any::<u8>()), 1..32),
    ) {
        // Byte-level damage: broken UTF-8 sequences, stray NULs and control bytes.
        let all = seeds();
        let mut bytes = all[seed % all.len()].as_bytes().to_vec();
        for (at, byte) in flips {
            let at = at % bytes.len();
            bytes[at] = byte;
        }
        if let Ok(doc) = speechgen::parse_bytes("flipped.txt", &bytes) {
            prop_assert_eq!(bad_leads(&doc), Vec::<String>::new());
        }
    }
}

#[test]
fn every_seed_parses_with_well_formed_leads() {
    // The unmutated seeds first: the properties above start from them.
    for (i, text) in seeds().iter().enumerate() {
        let doc = speechgen::parse_str("seed.txt", text);
        assert!(!doc.speeches.is_empty(), "seed {i} parsed into no speech");
        assert_eq!(bad_leads(&doc), Vec::<String>::new(), "seed {i}");
    }
}
