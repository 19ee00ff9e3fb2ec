//! Cleans the dev pages in a loop, for `perf record` (see `benches/pages.rs` for figures).
//!
//! `cargo build --release --example profile_pages && perf record -g \
//!  target/release/examples/profile_pages aeb 20` cleans the AEB pages for 20 seconds;
//! the sets are `aeb`, `cleaneval_zh`; a third argument `decisions` prints each page's
//! charset decision and time instead, `stages` the time of each step of the pipeline run
//! alone on the set (ms per pass over the set, best of the passes made in the time given;
//! a fourth argument names the only step to run, for profiling it).

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};
use pagewash::internals::decode::repair::{self, ByteShiftRepair, PinyinRepair};
use pagewash::normalize::Normalizer;
use pagewash::strip::Stripper;
use pagewash::{Doc, Hints, Pipeline, Stage};

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let set = args.get(1).map_or("aeb", String::as_str);
    let secs: f64 = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(10.0);
    let (dir, suffix, gz) = match set {
        "aeb" => ("tests/fixtures/dev/aeb", ".html.gz", true),
        "cleaneval_zh" => ("tests/fixtures/dev/cleaneval_zh", ".html", false),
        other => panic!("unknown set {other}"),
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .collect();
    paths.sort();
    let pages: Vec<(String, Vec<u8>)> = paths
        .iter()
        .map(|p| {
            let raw = std::fs::read(p).unwrap();
            let bytes = if gz {
                let mut out = Vec::new();
                flate2::read::MultiGzDecoder::new(&raw[..])
                    .read_to_end(&mut out)
                    .unwrap();
                out
            } else {
                raw
            };
            (p.file_name().unwrap().to_string_lossy().into_owned(), bytes)
        })
        .collect();
    let hints = Hints::new();
    if args.get(3).is_some_and(|a| a == "decisions") {
        for (name, bytes) in &pages {
            let mut dt = Duration::MAX;
            for _ in 0..10 {
                let t = Instant::now();
                std::hint::black_box(pagewash::internals::decode::decode(
                    bytes,
                    &hints,
                    usize::MAX,
                ));
                dt = dt.min(t.elapsed());
            }
            let d = pagewash::internals::decode::decode(bytes, &hints, usize::MAX);
            let t = Instant::now();
            let out = Pipeline::default().clean(bytes, &hints);
            let ct = t.elapsed();
            println!(
                "{name:50} {:>8} B decode {:>8.2?} clean {:>8.2?} {} {:?} {:?}",
                bytes.len(),
                dt,
                ct,
                d.encoding().name(),
                d.decision.source,
                d.decision.overridden,
            );
            drop(out);
        }
        return;
    }
    if args.get(3).is_some_and(|a| a == "stages") {
        stages(&pages, secs, args.get(4).map(String::as_str));
        return;
    }
    let pipeline = Pipeline::default();
    let total: usize = pages.iter().map(|(_, b)| b.len()).sum();
    let start = Instant::now();
    let mut rounds = 0u64;
    while start.elapsed() < Duration::from_secs_f64(secs) {
        for (_, bytes) in &pages {
            std::hint::black_box(pipeline.clean(bytes, &hints));
        }
        rounds += 1;
    }
    let el = start.elapsed().as_secs_f64();
    println!(
        "{set}: {rounds} rounds, {:.1} MB/s, {:.0} pages/s",
        (total as u64 * rounds) as f64 / el / 1e6,
        (pages.len() as u64 * rounds) as f64 / el
    );
}

/// Times each step alone: documents are prepared up to the step's input once, then the step
/// runs on fresh copies; best pass of several.
fn stages(pages: &[(String, Vec<u8>)], secs: f64, only: Option<&str>) {
    let hints = Hints::new();
    let options = HtmlOptions::default();
    let texts: Vec<String> = pages
        .iter()
        .map(|(_, b)| {
            pagewash::internals::decode::decode(b, &hints, usize::MAX)
                .text
                .into_owned()
        })
        .collect();
    let html_docs: Vec<Doc> = texts
        .iter()
        .map(|t| Doc::from_html(html_to_blocks(t, &options)))
        .collect();
    let mut ready = html_docs.clone();
    for d in &mut ready {
        repair::repair_mojibake(d);
    }
    let stage_list: Vec<Box<dyn Stage>> = vec![
        Box::new(PinyinRepair),
        Box::new(ByteShiftRepair),
        Box::new(Stripper::new().unwrap()),
        Box::new(Normalizer::default()),
    ];
    // The input of each stage: the output of the ones before it.
    let mut inputs = vec![ready.clone()];
    for s in &stage_list {
        let mut next = inputs.last().unwrap().clone();
        for d in &mut next {
            s.run(d);
        }
        inputs.push(next);
    }
    let per_step = if only.is_some() { secs } else { secs / 7.0 };
    let time = |name: &str, f: &mut dyn FnMut()| {
        if only.is_some_and(|o| o != name) {
            return;
        }
        let start = Instant::now();
        let mut best = f64::MAX;
        while start.elapsed().as_secs_f64() < per_step {
            let t = Instant::now();
            f();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("{name:18} {:8.3} ms", best * 1e3);
    };
    time("decode", &mut || {
        for (_, b) in pages {
            std::hint::black_box(pagewash::internals::decode::decode(b, &hints, usize::MAX));
        }
    });
    time("html_to_blocks", &mut || {
        for t in &texts {
            std::hint::black_box(html_to_blocks(t, &options));
        }
    });
    time("repair_mojibake", &mut || {
        let mut docs = html_docs.clone();
        for d in &mut docs {
            repair::repair_mojibake(d);
        }
        std::hint::black_box(docs);
    });
    for (k, s) in stage_list.iter().enumerate() {
        time(s.name(), &mut || {
            let mut docs = inputs[k].clone();
            for d in &mut docs {
                s.run(d);
            }
            std::hint::black_box(docs);
        });
    }
}
