//! Parse throughput over the seed corpus: every seed parsed from its bytes (decode, normalize,
//! grammar, model), repeated until at least 10 MB of input has been read per iteration.
//!
//! The same seeds also go through as web pages: each seed's lines as `<p>` paragraphs in a
//! page with a head, a script, a menu, a sidebar and a footer, so HTML extraction (html5ever
//! parse, finding the article, lines) has its own figure.
//!
//! Run with `cargo bench --bench parse`; criterion reports MB/s (decimal megabytes).

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const MIN_BYTES: usize = 10_000_000;

fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/corpus/raw");
    let mut files: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{dir} is missing ({e}): the seed corpus lives in ../shared"))
        .map(|entry| entry.expect("readable directory entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    files.sort();
    files
        .into_iter()
        .map(|p| {
            (
                p.display().to_string(),
                std::fs::read(&p).expect("readable seed"),
            )
        })
        .collect()
}

fn parse_throughput(c: &mut Criterion) {
    let seeds = seeds();
    let per_round: usize = seeds.iter().map(|(_, b)| b.len()).sum();
    let rounds = MIN_BYTES.div_ceil(per_round);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes((per_round * rounds) as u64));
    group.sample_size(10);
    group.bench_function("seed corpus x10MB", |b| {
        b.iter(|| {
            let mut speeches = 0;
            for _ in 0..rounds {
                for (name, bytes) in &seeds {
                    let doc = speechgen::parse_bytes(name, std::hint::black_box(bytes))
                        .expect("seed parses");
                    speeches += doc.speeches.len();
                }
            }
            speeches
        })
    });
    // The two stages that do the work, for finding where time goes.
    let texts: Vec<String> = seeds
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect();
    group.bench_function("normalize only", |b| {
        b.iter(|| {
            let mut n = 0;
            for _ in 0..rounds {
                for t in &texts {
                    n += speechgen::stages::normalize(std::hint::black_box(t))
                        .text
                        .len();
                }
            }
            n
        })
    });
    let normalized: Vec<_> = texts
        .iter()
        .map(|t| speechgen::stages::normalize(t))
        .collect();
    group.bench_function("grammar and model only", |b| {
        b.iter(|| {
            let mut n = 0;
            for _ in 0..rounds {
                for t in &normalized {
                    n += speechgen::stages::grammar("bench", std::hint::black_box(t))
                        .speeches
                        .len();
                }
            }
            n
        })
    });
    group.finish();
}

/// A seed as a saved web page.
fn as_page(text: &str) -> Vec<u8> {
    let mut page = String::from(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>讲话 - 网站</title>\
         <script>var a = 1;</script><style>p { margin: 0; }</style></head><body>\
         <div class=\"menu\"><ul><li><a href=\"/\">首页</a></li><li><a href=\"/n\">新闻</a></li></ul></div>\
         <div class=\"main\"><div class=\"article\">",
    );
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        page.push_str("<p>");
        page.push_str(&line.replace('&', "&amp;").replace('<', "&lt;"));
        page.push_str("</p>\n");
    }
    page.push_str(
        "</div><div class=\"sidebar\"><a href=\"/x\">相关文章</a></div></div>\
         <div class=\"footer\">版权所有</div></body></html>",
    );
    page.into_bytes()
}

fn html_throughput(c: &mut Criterion) {
    let pages: Vec<(String, Vec<u8>)> = seeds()
        .into_iter()
        .map(|(name, bytes)| {
            (
                format!("{name}.html"),
                as_page(&String::from_utf8_lossy(&bytes)),
            )
        })
        .collect();
    let per_round: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let rounds = MIN_BYTES.div_ceil(per_round);
    let mut group = c.benchmark_group("parse html");
    group.throughput(Throughput::Bytes((per_round * rounds) as u64));
    group.sample_size(10);
    group.bench_function("seed corpus as pages x10MB", |b| {
        b.iter(|| {
            let mut speeches = 0;
            for _ in 0..rounds {
                for (name, bytes) in &pages {
                    let doc = speechgen::parse_bytes(name, std::hint::black_box(bytes))
                        .expect("page parses");
                    speeches += doc.speeches.len();
                }
            }
            speeches
        })
    });
    group.finish();
}

criterion_group!(benches, parse_throughput, html_throughput);
criterion_main!(benches);
