//! Batch throughput: random-outline records (outline drawn, planned, rendered, written as a
//! JSONL line) on 1 and 2 threads, as `speechgen batch --random` makes them. Criterion
//! reports records/s and MB/s of JSONL.
//!
//! Run with `cargo bench --bench batch`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use speechgen::batch::{Banks, Batch, Source};
use speechgen::render::Templates;
use speechgen::rules::RuleSet;

const RECORDS: u64 = 256;

fn batch() -> Batch {
    let rules = RuleSet::builtin();
    let banks = Banks::new(&rules, &[], &[]).expect("built-in banks");
    let templates = Templates::builtin();
    Batch {
        source: Source::Random {
            count: RECORDS,
            banks: Box::new(banks),
        },
        templates_hash: speechgen::batch::templates_hash(&templates),
        rules,
        templates,
        target: speechgen::render::Target::Text,
        seed: 0,
        rules_hash: String::new(),
    }
}

fn batch_throughput(c: &mut Criterion) {
    let batch = batch();
    let mut bytes = 0u64;
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    batch
        .run(0..RECORDS, &one, |r| -> Result<(), speechgen::Diagnostic> {
            bytes += r.to_json_line().len() as u64;
            Ok(())
        })
        .unwrap();
    let mut group = c.benchmark_group("batch");
    group.sample_size(10);
    group.throughput(Throughput::Bytes(bytes));
    for threads in [1, 2] {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        group.bench_function(format!("random records, {threads} thread(s), JSONL"), |b| {
            b.iter(|| {
                let mut n = 0usize;
                batch
                    .run(
                        0..RECORDS,
                        &pool,
                        |r| -> Result<(), speechgen::Diagnostic> {
                            n += r.to_json_line().len();
                            Ok(())
                        },
                    )
                    .unwrap();
                n
            })
        });
    }
    group.finish();
}

criterion_group!(benches, batch_throughput);
criterion_main!(benches);
