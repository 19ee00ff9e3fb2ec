//! Throughput on real pages: the dev fixtures `tests/fixtures/dev/aeb/*.html.gz` (UTF-8,
//! gunzipped once at set-up) and `tests/fixtures/dev/cleaneval_zh/*.html` (GB2312/GBK bytes
//! as published, a few UTF-8).
//!
//! `cargo bench --bench pages`. For each set, three functions run over every page of the set:
//! - `html_to_blocks`: the HTML reader alone on the already-decoded text: the parser floor,
//!   the baseline the other two are compared with in the same run;
//! - `decode`: bytes → text, charset arbitration included (`decode::decode`);
//! - `clean`: the whole `Pipeline::default().clean(&bytes)`.
//!
//! Throughput is bytes of (uncompressed) HTML per second over the whole set: criterion's
//! `Throughput::Bytes` is the sum of the set's page sizes. One iteration cleans every page of
//! the set once, so **pages/s = MiB/s × pages / set size in MiB** (criterion prints MiB/s;
//! MB/s = MiB/s × 1.049). The factor is printed at set-up, e.g. `aeb: 23 pages, 3.85 MiB,
//! 176 KB/page; pages/s = MiB/s x 5.97`. The `*-pages` groups rerun `clean` with
//! `Throughput::Elements(pages)`, so criterion prints pages/s directly (as "elem/s").
//!
//! The `*-text` groups clean the same pages as WET-shaped text (one block per line, what
//! `clean` gives with the text rules and the content stage removed, read as `text/plain`):
//! the path a Common Crawl WET record takes, where the line model judges every page.
//!
//! The bench is quick on purpose (20 samples, 3 s each): compare functions of the same run,
//! not runs of different days, on a shared machine.

use std::fs;
use std::hint::black_box;
use std::io::Read;
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};
use pagewash::{Hints, Pipeline};

/// One set of pages: raw bytes (as `clean` gets them) and decoded text (for the parser floor).
struct Set {
    name: &'static str,
    bytes: Vec<Vec<u8>>,
    texts: Vec<String>,
}

impl Set {
    fn load(name: &'static str, dir: &str, suffix: &str, gzipped: bool) -> Set {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut paths: Vec<_> = fs::read_dir(&dir)
            .expect("dev fixtures")
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(suffix))
            .collect();
        paths.sort();
        let bytes: Vec<Vec<u8>> = paths
            .iter()
            .map(|p| {
                let raw = fs::read(p).unwrap();
                if gzipped {
                    let mut out = Vec::new();
                    flate2::read::MultiGzDecoder::new(&raw[..])
                        .read_to_end(&mut out)
                        .unwrap();
                    out
                } else {
                    raw
                }
            })
            .collect();
        let hints = Hints::new();
        let texts = bytes
            .iter()
            .map(|b| {
                pagewash::internals::decode::decode(b, &hints, usize::MAX)
                    .text
                    .into_owned()
            })
            .collect();
        let set = Set { name, bytes, texts };
        let mib = set.total() as f64 / (1u64 << 20) as f64;
        println!(
            "{}: {} pages, {:.2} MiB, {:.0} KB/page; pages/s = MiB/s x {:.2}",
            name,
            set.bytes.len(),
            mib,
            set.total() as f64 / 1e3 / set.bytes.len() as f64,
            set.bytes.len() as f64 / mib,
        );
        set
    }

    fn total(&self) -> usize {
        self.bytes.iter().map(Vec::len).sum()
    }
}

fn sets() -> Vec<Set> {
    vec![
        Set::load("aeb", "tests/fixtures/dev/aeb", ".html.gz", true),
        Set::load(
            "cleaneval_zh",
            "tests/fixtures/dev/cleaneval_zh",
            ".html",
            false,
        ),
    ]
}

/// Each page's lines as a WET record holds them: the pipeline without the text rules and the
/// content stage.
fn as_wet(bytes: &[Vec<u8>]) -> Vec<Vec<u8>> {
    let mut b = Pipeline::builder();
    b.remove_stage("strip").unwrap();
    b.remove_stage("content").unwrap();
    let lines = b.build().unwrap();
    bytes
        .iter()
        .map(|p| lines.clean(p, &Hints::new()).into_text().into_bytes())
        .collect()
}

fn bench_pages(c: &mut Criterion) {
    let pipeline = Pipeline::default();
    let hints = Hints::new();
    let text_hints = Hints::new().with_content_type("text/plain");
    let options = HtmlOptions::default();
    for set in sets() {
        let mut g = c.benchmark_group(set.name);
        g.throughput(Throughput::Bytes(set.total() as u64));
        g.bench_function("html_to_blocks", |b| {
            b.iter(|| {
                for t in &set.texts {
                    black_box(html_to_blocks(black_box(t), &options));
                }
            })
        });
        g.bench_function("decode", |b| {
            b.iter(|| {
                for p in &set.bytes {
                    black_box(pagewash::internals::decode::decode(
                        black_box(p),
                        &hints,
                        usize::MAX,
                    ));
                }
            })
        });
        g.bench_function("clean", |b| {
            b.iter(|| {
                for p in &set.bytes {
                    black_box(pipeline.clean(black_box(p), &hints));
                }
            })
        });
        g.finish();

        let mut g = c.benchmark_group(format!("{}-pages", set.name));
        g.throughput(Throughput::Elements(set.bytes.len() as u64));
        g.bench_function("clean", |b| {
            b.iter(|| {
                for p in &set.bytes {
                    black_box(pipeline.clean(black_box(p), &hints));
                }
            })
        });
        g.finish();

        let wet = as_wet(&set.bytes);
        let mut g = c.benchmark_group(format!("{}-text", set.name));
        g.throughput(Throughput::Bytes(
            wet.iter().map(Vec::len).sum::<usize>() as u64
        ));
        g.bench_function("clean", |b| {
            b.iter(|| {
                for p in &wet {
                    black_box(pipeline.clean(black_box(p), &text_hints));
                }
            })
        });
        g.finish();
    }
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(20)
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3));
    targets = bench_pages
}
criterion_main!(benches);
