//! Throughput of the whole pipeline and of each stage on the seed pages, with an identity
//! copy of the same bytes as the baseline in the same run.
//!
//! `cargo bench --bench pipeline`; figures are MB/s of input. The "corpus" input is the five
//! seed pages (damaged and expected versions) repeated to about 1 MiB, so per-page overhead
//! (pipeline set-up, allocation) counts the way it does on a real stream of pages.

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use pagewash::internals::decode::repair::{ByteShiftRepair, PinyinRepair};
use pagewash::normalize::Normalizer;
use pagewash::strip::Stripper;
use pagewash::{Doc, Hints, Pipeline, Stage};

/// The seed pages, as (name, bytes).
fn seeds() -> Vec<(String, Vec<u8>)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut out: Vec<(String, Vec<u8>)> = fs::read_dir(&dir)
        .expect("seed fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

fn bench_pipeline(c: &mut Criterion) {
    let pipeline = Pipeline::default();
    let hints = Hints::new();
    let pages = seeds();
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let repeat = (1 << 20) / total + 1;

    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes((total * repeat) as u64));
    g.bench_function("identity-copy", |b| {
        b.iter(|| {
            for _ in 0..repeat {
                for (_, bytes) in &pages {
                    black_box(black_box(bytes.as_slice()).to_vec());
                }
            }
        })
    });
    g.bench_function("pipeline", |b| {
        b.iter(|| {
            for _ in 0..repeat {
                for (_, bytes) in &pages {
                    black_box(pipeline.clean(black_box(bytes), &hints));
                }
            }
        })
    });
    g.finish();

    let mut g = c.benchmark_group("page");
    for (name, bytes) in pages.iter().filter(|(n, _)| !n.contains("expected")) {
        g.throughput(Throughput::Bytes(bytes.len() as u64));
        g.bench_function(name.trim_end_matches(".txt"), |b| {
            b.iter(|| black_box(pipeline.clean(black_box(bytes), &hints)))
        });
    }
    g.finish();
}

/// The seed pages' expected texts as HTML pages (one `<p>` per line, in a layout with a
/// script and a navigation list), encoded as GBK with a `<meta>` label: the HTML path from
/// bytes to text, charset arbitration included.
fn html_pages() -> Vec<Vec<u8>> {
    seeds()
        .into_iter()
        .filter(|(n, _)| n.contains("expected"))
        .map(|(_, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            let mut page = String::from(
                "<!DOCTYPE html><html><head><meta charset=gbk><title>标题</title>\
                 <script>var x = 1;</script></head><body><ul class=nav><li><a href=/>首页</a>\
                 <li><a href=/n>新闻</a></ul><div class=content>",
            );
            for line in text.lines() {
                page.push_str("<p>");
                page.push_str(&line.replace('&', "&amp;").replace('<', "&lt;"));
                page.push_str("</p>\n");
            }
            page.push_str("</div><div class=footer>版权所有 京ICP备12345678号</div></body></html>");
            encoding_rs::GB18030.encode(&page).0.into_owned()
        })
        .collect()
}

fn bench_html(c: &mut Criterion) {
    let pipeline = Pipeline::default();
    let hints = Hints::new();
    let pages = html_pages();
    let total: usize = pages.iter().map(Vec::len).sum();
    let mut g = c.benchmark_group("html");
    g.throughput(Throughput::Bytes(total as u64));
    g.bench_function("identity-copy", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(black_box(p.as_slice()).to_vec());
            }
        })
    });
    g.bench_function("pipeline-gbk", |b| {
        b.iter(|| {
            for p in &pages {
                black_box(pipeline.clean(black_box(p), &hints));
            }
        })
    });
    g.finish();
}

fn bench_stages(c: &mut Criterion) {
    let pages = seeds();
    let text: String = pages
        .iter()
        .map(|(_, b)| String::from_utf8_lossy(b).into_owned())
        .collect::<Vec<_>>()
        .join("\n");
    let stages: Vec<Box<dyn Stage>> = vec![
        Box::new(PinyinRepair),
        Box::new(ByteShiftRepair),
        Box::new(Stripper::new().unwrap()),
        Box::new(Normalizer::default()),
    ];
    let mut g = c.benchmark_group("stage");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.bench_function("decode+split", |b| {
        b.iter(|| {
            let d = pagewash::internals::decode::decode(
                black_box(text.as_bytes()),
                &Hints::new(),
                usize::MAX,
            );
            black_box(Doc::from_text(&d.text))
        })
    });
    // Traditional -> Simplified on the same text (the seeds are mostly Traditional).
    g.bench_function("t2s", |b| {
        b.iter(|| {
            black_box(pagewash::internals::hanzi::t2s::to_simplified_text(black_box(&text)).len())
        })
    });
    for stage in &stages {
        g.bench_function(stage.name(), |b| {
            b.iter_batched(
                || Doc::from_text(&text),
                |mut doc| {
                    stage.run(&mut doc);
                    doc
                },
                BatchSize::LargeInput,
            )
        });
    }
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2));
    targets = bench_pipeline, bench_html, bench_stages
}
criterion_main!(benches);
