//! Output: a draft in the format asked for. Text and Markdown are rendered by the templates;
//! JSON carries the text, the skeleton and, for every sentence, the rule it came from.

use serde::Serialize;

use crate::field::Inference;
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
    /// The field the draft is in, and why.
    pub field: &'a Inference,
    /// Every place the writer must fill in (a figure, name or date), in `text`.
    pub placeholders: Vec<Placeholder>,
    /// Every choice: the skeleton with each sentence and its rule (`outline` for the writer's).
    pub plan: &'a Plan,
}

/// A placeholder in a draft's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Placeholder {
    /// Offset in characters (Unicode scalar values) from the start of the text.
    pub offset: usize,
    /// Its length in characters.
    pub chars: usize,
    /// The line it is on (1-based) and the column (1-based, in characters).
    pub line: usize,
    /// See `line`.
    pub column: usize,
    /// The sentence around it, for a writer's search.
    pub context: String,
}

/// Every occurrence of the placeholder in a text.
pub fn placeholders(text: &str, placeholder: &str) -> Vec<Placeholder> {
    let mut out = Vec::new();
    if placeholder.is_empty() {
        return out;
    }
    let len = placeholder.chars().count();
    for (line_no, line) in text.lines().enumerate() {
        let base: usize = text[..line.as_ptr() as usize - text.as_ptr() as usize]
            .chars()
            .count();
        for (byte, _) in line.match_indices(placeholder) {
            let column = line[..byte].chars().count();
            let start = line[..byte]
                .rfind(['。', '；', '！', '？', '：'])
                .map_or(0, |i| {
                    i + line[i..].chars().next().map_or(0, char::len_utf8)
                });
            let end = line[byte..]
                .find(['。', '；', '！', '？'])
                .map_or(line.len(), |i| byte + i);
            out.push(Placeholder {
                offset: base + column,
                chars: len,
                line: line_no + 1,
                column: column + 1,
                context: line[start..end].to_owned(),
            });
        }
    }
    out
}

/// The draft as pretty JSON, newline-terminated.
pub fn json(plan: &Plan, text: &str, field: &Inference) -> String {
    let doc = DraftJson {
        seed: plan.seed,
        chars: char_count(text),
        text,
        field,
        placeholders: placeholders(text, &plan.placeholder),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn placeholders_are_found_with_offset_line_and_column() {
        let text = "标题\n\n全年排查隐患XX处。整改率XX%。";
        let found = placeholders(text, "XX");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].line, 3);
        assert_eq!(found[0].column, 7);
        assert_eq!(
            text.chars()
                .skip(found[0].offset)
                .take(2)
                .collect::<String>(),
            "XX"
        );
        assert_eq!(found[0].context, "全年排查隐患XX处");
        assert_eq!(found[1].context, "整改率XX%");
    }
}
