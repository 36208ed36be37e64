//! The built-in rules: the hand-written phrase banks (`rules/fields/`), the genre rules of no
//! bank, and what is mined from the five seed speeches, embedded in the binary.

use serde::Deserialize;

use crate::field::{Field, FieldDef};

/// The built-in rules, embedded so the tool works with no files around it: the project's
/// phrase banks (`rules/fields/`) merged with what is mined from [`DEFAULT_CORPUS`].
pub const DEFAULT_RULES: &str = include_str!("../../rules/default.yaml");

/// The hand-written genre rules that belong to no bank: the greeting and enumeration styles.
pub const HANDWRITTEN_RULES: &str = include_str!("../../rules/handwritten.yaml");

/// The hand-written phrase banks the defaults start from: the general bank and one per field.
pub const BANKS: [(&str, &str); 14] = [
    (
        "general.yaml",
        include_str!("../../rules/fields/general.yaml"),
    ),
    ("glue.yaml", include_str!("../../rules/fields/glue.yaml")),
    (
        "propaganda.yaml",
        include_str!("../../rules/fields/propaganda.yaml"),
    ),
    (
        "safety.yaml",
        include_str!("../../rules/fields/safety.yaml"),
    ),
    (
        "education.yaml",
        include_str!("../../rules/fields/education.yaml"),
    ),
    (
        "party_building.yaml",
        include_str!("../../rules/fields/party_building.yaml"),
    ),
    (
        "discipline.yaml",
        include_str!("../../rules/fields/discipline.yaml"),
    ),
    (
        "economy.yaml",
        include_str!("../../rules/fields/economy.yaml"),
    ),
    ("rural.yaml", include_str!("../../rules/fields/rural.yaml")),
    (
        "ecology.yaml",
        include_str!("../../rules/fields/ecology.yaml"),
    ),
    (
        "health.yaml",
        include_str!("../../rules/fields/health.yaml"),
    ),
    (
        "law_and_order.yaml",
        include_str!("../../rules/fields/law_and_order.yaml"),
    ),
    (
        "civility.yaml",
        include_str!("../../rules/fields/civility.yaml"),
    ),
    (
        "livelihood.yaml",
        include_str!("../../rules/fields/livelihood.yaml"),
    ),
];

/// The texts the default rules are mined from, relative to `../shared/corpus`: the five seed
/// speeches. (The wild texts are test data only; nothing of theirs enters the built-in rules.)
pub const DEFAULT_CORPUS: [&str; 5] = [
    "raw/000_7a9d388fdbd5993d.txt",
    "raw/001_025b12c513c7c695.txt",
    "raw/002_ca93ba84090e03e2.txt",
    "raw/003_c482fb4d9de76cb8.txt",
    "raw/004_5d19453900ce132a.txt",
];

/// The fields the built-in banks declare, with their lexicons (read from the banks' heads
/// once).
pub fn bank_fields() -> &'static [FieldDef] {
    static FIELDS: std::sync::OnceLock<Vec<FieldDef>> = std::sync::OnceLock::new();
    FIELDS.get_or_init(read_bank_fields)
}

fn read_bank_fields() -> Vec<FieldDef> {
    #[derive(Deserialize)]
    struct Head {
        field: Option<Field>,
        #[serde(default)]
        label: String,
        #[serde(default)]
        words: Vec<String>,
        #[serde(default)]
        #[allow(dead_code)]
        rules: serde::de::IgnoredAny,
    }
    BANKS
        .iter()
        .filter_map(|(name, text)| {
            let head: Head = serde_saphyr::from_str(text)
                .unwrap_or_else(|e| panic!("the embedded bank {name} is valid (tested): {e}"));
            let name = head.field?;
            (name != Field::General).then_some(FieldDef {
                name,
                label: head.label,
                words: head.words,
            })
        })
        .collect()
}
