//! From counts to rules, and rule sets added together: [`to_rules`] turns a miner's tallies
//! into a sorted rule set; [`merge`] sums sets (associative and commutative, so shards mined
//! apart merge to the whole).

use std::collections::{BTreeMap, BTreeSet};

use crate::field::Field;
use crate::function::Function;
use crate::rules::{Role, Rule, RuleSet};

use super::{Key, Tally};

pub(super) fn to_rules(tallies: BTreeMap<Key, Tally>) -> RuleSet {
    let mut rules: Vec<Rule> = tallies
        .into_iter()
        .map(|((role, text, field, function), t)| {
            let mut rule = Rule::new(role, &text);
            rule.field = field;
            rule.function = function;
            rule.count = t.count;
            rule.sources = t.sources.into_iter().collect();
            rule.sizes = t.sizes;
            rule
        })
        .collect();
    sort(&mut rules);
    RuleSet {
        fields: Vec::new(),
        rules,
    }
}

/// The order of a rules file: by role, then field and function, then most seen first.
fn sort(rules: &mut [Rule]) {
    rules.sort_by(|a, b| {
        a.role
            .cmp(&b.role)
            .then(a.field.cmp(&b.field))
            .then(a.function.cmp(&b.function))
            .then(b.count.cmp(&a.count))
            .then(a.text.cmp(&b.text))
            .then(a.kinds.cmp(&b.kinds))
    });
}

/// Merges rule sets: the same rule (role, text, field, function, kinds) adds its counts,
/// sources and list sizes; field declarations are kept, the words of a field declared twice
/// joined. Associative and commutative, so shards can be merged in any grouping.
pub fn merge(sets: &[RuleSet]) -> RuleSet {
    type MergeKey = (
        Role,
        String,
        Option<Field>,
        Option<Function>,
        Vec<crate::outline::Kind>,
    );
    let mut by_key: BTreeMap<MergeKey, Rule> = BTreeMap::new();
    let mut fields: BTreeMap<Field, crate::field::FieldDef> = BTreeMap::new();
    for set in sets {
        for d in &set.fields {
            let entry = fields
                .entry(d.name.clone())
                .or_insert_with(|| crate::field::FieldDef {
                    name: d.name.clone(),
                    label: String::new(),
                    words: Vec::new(),
                });
            // The smallest label wins, so the merge does not depend on the order of its inputs.
            if !d.label.is_empty() && (entry.label.is_empty() || d.label < entry.label) {
                entry.label = d.label.clone();
            }
            let words: BTreeSet<String> = entry.words.iter().chain(&d.words).cloned().collect();
            entry.words = words.into_iter().collect();
        }
        for r in &set.rules {
            let key = (
                r.role,
                r.text.clone(),
                r.field.clone(),
                r.function,
                r.kinds.clone(),
            );
            match by_key.get_mut(&key) {
                Some(existing) => {
                    // Counts saturate: a file may claim 2^64-1 sightings, and a sum must not
                    // wrap (release) or panic (debug).
                    existing.count = existing.count.saturating_add(r.count);
                    let sources: BTreeSet<String> =
                        existing.sources.iter().chain(&r.sources).cloned().collect();
                    existing.sources = sources.into_iter().collect();
                    for (size, n) in &r.sizes {
                        let sum = existing.sizes.entry(*size).or_insert(0);
                        *sum = sum.saturating_add(*n);
                    }
                }
                None => {
                    let mut r = r.clone();
                    let sources: BTreeSet<String> = r.sources.iter().cloned().collect();
                    r.sources = sources.into_iter().collect();
                    by_key.insert(key, r);
                }
            }
        }
    }
    let mut rules: Vec<Rule> = by_key.into_values().collect();
    sort(&mut rules);
    RuleSet {
        fields: fields.into_values().collect(),
        rules,
    }
}
