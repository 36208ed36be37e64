//! Drafting throughput: each example outline prepared once (rules filtered, templates parsed),
//! then one draft per seed (plan + render). Criterion reports drafts/s and MB/s of text.
//!
//! Run with `cargo bench --bench draft`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use speechgen::outline::Outline;
use speechgen::render::{Target, Templates};
use speechgen::rules::RuleSet;
use speechgen::Drafter;

const KINDS: [&str; 5] = [
    "work_meeting",
    "deployment",
    "symposium",
    "study",
    "mobilization",
];
const SEEDS: u64 = 200;

fn outlines() -> Vec<Outline> {
    KINDS
        .iter()
        .map(|k| {
            let path = format!("{}/examples/{k}.yaml", env!("CARGO_MANIFEST_DIR"));
            let text = std::fs::read_to_string(&path).expect("example outline");
            Outline::from_yaml(&text).expect("valid example")
        })
        .collect()
}

fn draft_throughput(c: &mut Criterion) {
    let outlines = outlines();
    let rules = RuleSet::builtin();
    let templates = Templates::builtin();
    let mut drafters: Vec<Drafter> = outlines
        .iter()
        .map(|o| {
            Drafter::new(o, &rules, &templates, Default::default(), Target::Text).expect("drafter")
        })
        .collect();
    // Bytes per round, measured once (the same seeds give the same bytes every round).
    let bytes: usize = drafters
        .iter_mut()
        .map(|d| {
            (0..SEEDS)
                .map(|s| d.draft(s).expect("draft").1.len())
                .sum::<usize>()
        })
        .sum();
    let mut group = c.benchmark_group("draft");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("5 examples x 200 seeds (MB/s)", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in drafters.iter_mut() {
                for seed in 0..SEEDS {
                    n += d.draft(std::hint::black_box(seed)).expect("draft").1.len();
                }
            }
            n
        })
    });
    group.throughput(Throughput::Elements(KINDS.len() as u64 * SEEDS));
    group.bench_function("5 examples x 200 seeds (drafts/s)", |b| {
        b.iter(|| {
            let mut n = 0;
            for d in drafters.iter_mut() {
                for seed in 0..SEEDS {
                    n += d.draft(std::hint::black_box(seed)).expect("draft").1.len();
                }
            }
            n
        })
    });
    group.finish();
}

criterion_group!(benches, draft_throughput);
criterion_main!(benches);
