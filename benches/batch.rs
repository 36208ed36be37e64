//! Batch throughput: records drafted, located (spans, provenance) and serialized to JSONL on
//! the drafting threads, as `speechgen batch` makes them, on 1 and 2 threads. Two sources:
//! 1,024 random outlines (each prepared afresh: the cost of `--random`, the run's rule cache
//! warming up included) and 4,096 drafts of `examples/work_meeting.yaml` (prepared once per
//! thread). Criterion reports MB/s of JSONL; records/s is that over the mean record size,
//! printed before the runs.
//!
//! Run with `cargo bench --bench batch`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use speechgen::batch::{Banks, Batch, Source};
use speechgen::render::{Target, Templates};
use speechgen::rules::RuleSet;
use speechgen::Outline;

fn batch(source: Source) -> Batch {
    let templates = Templates::builtin();
    Batch {
        source,
        templates_hash: speechgen::batch::templates_hash(&templates),
        rules: RuleSet::builtin(),
        templates,
        target: Target::Text,
        seed: 0,
        rules_hash: String::new(),
    }
}

fn sources() -> Vec<(&'static str, Source)> {
    let rules = RuleSet::builtin();
    let banks = Banks::new(&rules, &[], &[]).expect("built-in banks");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/work_meeting.yaml");
    let text = std::fs::read_to_string(path).expect("the example outline");
    let outline = Outline::from_yaml(&text).expect("a valid outline");
    vec![
        (
            "1024 random outlines",
            Source::Random {
                count: 1024,
                banks: Box::new(banks),
            },
        ),
        (
            "4096 drafts of work_meeting.yaml",
            Source::Outlines {
                outlines: vec![(path.to_owned(), text, outline)],
                each: 4096,
            },
        ),
    ]
}

/// Runs the whole batch on `pool`: records serialized on the drafting threads; the bytes.
fn run(batch: &Batch, pool: &rayon::ThreadPool) -> u64 {
    let mut bytes = 0u64;
    batch
        .run_with(
            0..batch.total(),
            pool,
            |r| r.to_json_line(),
            |line| -> Result<(), speechgen::Diagnostic> {
                bytes += line.len() as u64;
                Ok(())
            },
        )
        .expect("records");
    bytes
}

fn batch_throughput(c: &mut Criterion) {
    let pools: Vec<(usize, rayon::ThreadPool)> = [1, 2]
        .into_iter()
        .map(|n| {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .expect("a pool");
            (n, pool)
        })
        .collect();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    for (name, source) in sources() {
        let batch = batch(source);
        let bytes = run(&batch, &pools[0].1);
        println!(
            "{name}: {} records, {bytes} bytes of JSONL, {} bytes a record",
            batch.total(),
            bytes / batch.total()
        );
        group.throughput(Throughput::Bytes(bytes));
        for (threads, pool) in &pools {
            group.bench_function(format!("{name}, {threads} thread(s), JSONL"), |b| {
                b.iter(|| run(&batch, pool))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, batch_throughput);
criterion_main!(benches);
