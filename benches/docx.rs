//! Word throughput: drafts of the example outlines written as .docx (layout from the spans,
//! docx-rs, zip), and .docx files read back as text (zip, quick-xml, numbering). Criterion
//! reports documents/s.
//!
//! Run with `cargo bench --bench docx`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use speechgen::docx::Style;
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
const SEEDS: u64 = 20;

fn docx_throughput(c: &mut Criterion) {
    let rules = RuleSet::builtin();
    let templates = Templates::builtin();
    let style = Style::builtin();
    let mut drafts = Vec::new();
    for kind in KINDS {
        let path = format!("{}/examples/{kind}.yaml", env!("CARGO_MANIFEST_DIR"));
        let outline = Outline::from_yaml(&std::fs::read_to_string(&path).expect("example"))
            .expect("valid example");
        let mut drafter = Drafter::new(
            &outline,
            &rules,
            &templates,
            Default::default(),
            Target::Text,
        )
        .expect("drafter");
        for seed in 0..SEEDS {
            drafts.push(drafter.draft(seed).expect("draft"));
        }
    }
    let files: Vec<Vec<u8>> = drafts
        .iter()
        .map(|(plan, text)| speechgen::docx::draft_to_docx(plan, text, &style).expect("docx"))
        .collect();
    let mut group = c.benchmark_group("docx");
    group.throughput(Throughput::Elements(drafts.len() as u64));
    group.bench_function("write 100 drafts (documents/s)", |b| {
        b.iter(|| {
            for (plan, text) in &drafts {
                std::hint::black_box(
                    speechgen::docx::draft_to_docx(plan, text, &style).expect("docx"),
                );
            }
        })
    });
    group.bench_function("read 100 drafts (documents/s)", |b| {
        b.iter(|| {
            for file in &files {
                std::hint::black_box(speechgen::docx::docx_text(file).expect("text"));
            }
        })
    });
    group.finish();
}

criterion_group!(benches, docx_throughput);
criterion_main!(benches);
