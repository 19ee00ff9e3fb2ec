//! Corpus throughput: a WARC built here from the dev pages (`tests/fixtures/dev`, AEB and
//! CleanEval-zh, repeated with varied URLs, gzip per record as Common Crawl ships it),
//! read and cleaned end to end.
//!
//! `cargo bench --bench corpus`. Throughput is MB of uncompressed HTML payload per second.
//! In the same run:
//! - `read-only`: the record reader alone (gunzip + WARC + HTTP parsing), the baseline;
//! - `clean/1-thread` and `clean/N-threads`: records read on the calling thread and cleaned
//!   by [`pagewash::driver::Driver`] with 1 and all threads, output in input order.
//!
//! The scaling figure is `N-threads / 1-thread` from the same run.

use std::fs;
use std::hint::black_box;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::write::GzEncoder;
use flate2::Compression;
use pagewash::driver::{Driver, JobOutcome};
use pagewash::records::{self, ReadOptions, StreamFormat};
use pagewash::Pipeline;

/// Records in the bench WARC.
const RECORDS: usize = 1200;

fn dev_pages() -> Vec<Vec<u8>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev");
    let mut pages = Vec::new();
    for (set, gz) in [("aeb", true), ("cleaneval_zh", false)] {
        let mut paths: Vec<_> = fs::read_dir(root.join(set))
            .expect("dev fixtures")
            .map(|e| e.expect("entry").path())
            .filter(|p| {
                let n = p.to_string_lossy();
                n.ends_with(".html.gz") || n.ends_with(".html")
            })
            .collect();
        paths.sort();
        for p in paths {
            let raw = fs::read(&p).expect("page");
            if gz {
                let mut out = Vec::new();
                flate2::read::GzDecoder::new(&raw[..])
                    .read_to_end(&mut out)
                    .expect("gunzip");
                pages.push(out);
            } else {
                pages.push(raw);
            }
        }
    }
    pages
}

/// (gzipped WARC, uncompressed payload bytes).
fn build_warc() -> (Vec<u8>, u64) {
    let pages = dev_pages();
    let mut warc = Vec::new();
    let mut payload = 0u64;
    for n in 0..RECORDS {
        let page = &pages[n % pages.len()];
        payload += page.len() as u64;
        let mut http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        http.extend_from_slice(page);
        let mut rec = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://site{}.example.cn/a/{n}.html\r\n\
             WARC-Record-ID: <urn:uuid:{n}>\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n",
            n % 97,
            http.len()
        )
        .into_bytes();
        rec.extend_from_slice(&http);
        rec.extend_from_slice(b"\r\n\r\n");
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(&rec).expect("gzip");
        warc.extend(e.finish().expect("gzip"));
    }
    (warc, payload)
}

fn clean_all(warc: &[u8], pipeline: &Pipeline, threads: usize) -> usize {
    let recs = records::open(warc, StreamFormat::Warc, &ReadOptions::new());
    let mut bytes = 0usize;
    Driver::new().threads(threads).run(
        recs,
        |r| match r {
            Ok(r) => pipeline.clean(&r.body, &r.hints()).text().len(),
            Err(_) => 0,
        },
        |_, o| {
            if let JobOutcome::Done(n) = o {
                bytes += n;
            }
        },
    );
    bytes
}

fn corpus(c: &mut Criterion) {
    let (warc, payload) = build_warc();
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    eprintln!(
        "corpus: {RECORDS} records, {:.1} MB payload, {:.1} MB gzipped, {cores} cores",
        payload as f64 / 1e6,
        warc.len() as f64 / 1e6
    );
    let pipeline = Pipeline::default();
    let mut g = c.benchmark_group("corpus");
    g.throughput(Throughput::Bytes(payload));
    g.sample_size(10);
    g.measurement_time(Duration::from_secs(20));
    g.bench_function("read-only", |b| {
        b.iter(|| {
            records::open(&warc[..], StreamFormat::Warc, &ReadOptions::new())
                .map(|r| r.map_or(0, |r| r.body.len()))
                .sum::<usize>()
        })
    });
    g.bench_function("clean/1-thread", |b| {
        b.iter(|| black_box(clean_all(&warc, &pipeline, 1)))
    });
    g.bench_function(format!("clean/{cores}-threads"), |b| {
        b.iter(|| black_box(clean_all(&warc, &pipeline, cores)))
    });
    g.finish();
}

criterion_group!(benches, corpus);
criterion_main!(benches);
