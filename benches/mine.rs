//! Mining throughput: the default corpus (the seeds and the wild speeches) parsed and mined
//! from its bytes, repeated to at least 5 MB per iteration, with one miner (jieba's dictionary
//! loaded once, before timing).
//!
//! Run with `cargo bench --bench mine`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use speechgen::mine::Miner;
use speechgen::rules::DEFAULT_CORPUS;

const MIN_BYTES: usize = 5_000_000;

fn mine_throughput(c: &mut Criterion) {
    let corpus = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus");
    let texts: Vec<(String, Vec<u8>)> = DEFAULT_CORPUS
        .iter()
        .map(|rel| {
            let path = format!("{corpus}/{rel}");
            let bytes = std::fs::read(&path)
                .unwrap_or_else(|e| panic!("{path}: {e}; the corpus lives in ../shared"));
            (rel.to_string(), bytes)
        })
        .collect();
    let per_round: usize = texts.iter().map(|(_, b)| b.len()).sum();
    let rounds = MIN_BYTES.div_ceil(per_round);
    let mut miner = Miner::new();
    let mut group = c.benchmark_group("mine");
    group.throughput(Throughput::Bytes((per_round * rounds) as u64));
    group.sample_size(10);
    group.bench_function("default corpus x5MB (parse + mine)", |b| {
        b.iter(|| {
            for _ in 0..rounds {
                for (name, bytes) in &texts {
                    let doc = speechgen::parse_bytes(name, std::hint::black_box(bytes))
                        .expect("corpus parses");
                    miner.mine(name, &doc);
                }
            }
        })
    });
    group.finish();
}

criterion_group!(benches, mine_throughput);
criterion_main!(benches);
