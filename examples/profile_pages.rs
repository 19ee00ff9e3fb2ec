//! Cleans the dev pages in a loop, for `perf record` (see `benches/pages.rs` for figures).
//!
//! `cargo build --release --example profile_pages && perf record -g \
//!  target/release/examples/profile_pages aeb 20` cleans the AEB pages for 20 seconds;
//! the sets are `aeb`, `cleaneval_zh`; a third argument `decisions` prints each page's
//! charset decision and time instead.

use std::io::Read;
use std::path::Path;
use std::time::{Duration, Instant};

use pagewash::{Hints, Pipeline};

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
            let t = Instant::now();
            let d = pagewash::decode::decode(bytes, &hints, usize::MAX);
            let dt = t.elapsed();
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
