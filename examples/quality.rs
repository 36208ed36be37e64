//! The quality report: drafts every example outline and every test outline of
//! `tests/fixtures/quality/` with many seeds, and prints per outline what a writer would check
//! (see `speechgen::quality`). The figures in README come from here:
//!
//! ```sh
//! cargo run --release --example quality            # 200 seeds per outline
//! cargo run --release --example quality -- 50 -v   # 50 seeds, and print what failed
//! ```

use std::path::{Path, PathBuf};

use speechgen::outline::Outline;
use speechgen::quality::{distinct_4gram_ratio, measure, DraftQuality, Measured};
use speechgen::render::Templates;
use speechgen::rules::RuleSet;

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seeds: u64 = args
        .iter()
        .find_map(|a| a.parse().ok())
        .unwrap_or(200)
        .clamp(1, 100_000);
    let verbose = args.iter().any(|a| a == "-v");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths: Vec<PathBuf> = Vec::new();
    for dir in ["examples", "tests/fixtures/quality"] {
        let mut found: Vec<PathBuf> = std::fs::read_dir(root.join(dir))
            .expect("outline folder")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        found.sort();
        paths.extend(found);
    }
    let rules = RuleSet::builtin();
    let templates = Templates::builtin();
    let mut all = DraftQuality::default();
    let mut ratios = Vec::new();
    println!(
        "{:<28} {:>14} {:>9} {:>8} {:>8} {:>8} {:>6} {:>8} {:>7}",
        "outline",
        "field",
        "sentences",
        "foreign",
        "on-lead",
        "dangling",
        "repeat",
        "一要claim",
        "4-gram"
    );
    for path in &paths {
        let text = std::fs::read_to_string(path).expect("outline");
        let outline = Outline::from_yaml(&text).expect("outline parses");
        let Measured {
            quality: q,
            texts,
            field,
        } = measure(&outline, &rules, &templates, seeds).expect("drafts");
        let ratio = distinct_4gram_ratio(&texts);
        ratios.push(ratio);
        println!(
            "{:<28} {:>14} {:>9} {:>8} {:>7.1}% {:>8} {:>6} {:>8} {:>7.3}",
            path.file_stem().unwrap().to_string_lossy(),
            field.name(),
            q.sentences,
            q.foreign.len(),
            q.on_lead_ratio() * 100.0,
            q.dangling.len(),
            q.repeated.len(),
            q.yao_claims.len(),
            ratio
        );
        if verbose {
            for (s, w, f) in q.foreign.iter().take(5) {
                println!("    foreign ({f}: {w}): {s}");
            }
            for (lead, body) in q.off_lead.iter().take(5) {
                println!("    off lead: {lead} / {body}");
            }
            for s in q.repeated.iter().take(5) {
                println!("    repeated: {s}");
            }
        }
        all.add(q);
    }
    let min = ratios.iter().copied().fold(f64::INFINITY, f64::min);
    println!(
        "\n{} outlines × {seeds} seeds: {} generated sentences; {} of another field; {:.1}% of {} bodies on their lead; {} dangling; {} repeated; {} 一要 before a claim; {} figures; distinct 4-grams over {seeds} drafts of one outline: {:.3} at least",
        paths.len(),
        all.sentences,
        all.foreign.len(),
        all.on_lead_ratio() * 100.0,
        all.bodies,
        all.dangling.len(),
        all.repeated.len(),
        all.yao_claims.len(),
        all.figures.len(),
        min
    );
}
