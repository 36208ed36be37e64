//! Output: a draft in the format asked for. Text and Markdown are rendered by the templates;
//! JSON carries the text, the skeleton and, for every sentence, the rule it came from.

use serde::Serialize;

use crate::plan::Plan;

/// The JSON form of a draft.
#[derive(Debug, Serialize)]
pub struct DraftJson<'a> {
    /// The seed the draft was made with.
    pub seed: u64,
    /// Characters, not counting whitespace.
    pub chars: usize,
    /// The rendered text.
    pub text: &'a str,
    /// Every choice: the skeleton with each sentence and its rule (`outline` for the writer's).
    pub plan: &'a Plan,
}

/// The draft as pretty JSON, newline-terminated.
pub fn json(plan: &Plan, text: &str) -> String {
    let doc = DraftJson {
        seed: plan.seed,
        chars: char_count(text),
        text,
        plan,
    };
    let mut s = serde_json::to_string_pretty(&doc).expect("a plan serializes");
    s.push('\n');
    s
}

/// Characters of a text, whitespace not counted: what `--length` measures.
pub fn char_count(text: &str) -> usize {
    text.chars().filter(|c| !c.is_whitespace()).count()
}
