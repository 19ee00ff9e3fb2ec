//! Throughput of the record readers on a WARC built here: 2000 `response` records (the
//! smallest AEB dev page, 25 KB, with varied URLs), gzip per record as Common Crawl writes.
//!
//! `cargo bench --bench records`; figures are MB/s of uncompressed WARC bytes. Baselines in
//! the same run: inflating the same members with `flate2::read::MultiGzDecoder` into a sink
//! (the floor any gzip WARC reader pays), and copying the uncompressed WARC.

use std::fs;
use std::hint::black_box;
use std::io::{Read, Write};
use std::path::Path;
use std::time::Duration;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use flate2::read::MultiGzDecoder;
use pagewash::records::{open, ReadOptions, StreamFormat};

const RECORDS: usize = 2000;

/// The smallest AEB dev page, inflated.
fn page() -> Vec<u8> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/aeb");
    let smallest = fs::read_dir(&dir)
        .expect("dev pages")
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
        .min_by_key(|p| (fs::metadata(p).unwrap().len(), p.clone()))
        .expect("an .html.gz page");
    let mut html = Vec::new();
    MultiGzDecoder::new(fs::File::open(smallest).unwrap())
        .read_to_end(&mut html)
        .unwrap();
    html
}

/// One response record per page, with Common Crawl's header fields.
fn response(i: usize, html: &[u8]) -> Vec<u8> {
    let mut http = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\
         Content-Length: {}\r\nServer: nginx\r\n\r\n",
        html.len()
    )
    .into_bytes();
    http.extend_from_slice(html);
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: response\r\nWARC-Date: 2024-03-01T12:00:00Z\r\n\
         WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-{i:012}>\r\n\
         Content-Length: {}\r\nContent-Type: application/http; msgtype=response\r\n\
         WARC-Target-URI: http://news{}.example.cn/a/{i}.html\r\n\
         WARC-Identified-Payload-Type: text/html\r\n\r\n",
        http.len(),
        i % 97
    )
    .into_bytes();
    out.extend_from_slice(&http);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// (uncompressed WARC, gzip-per-record WARC).
fn warc() -> (Vec<u8>, Vec<u8>) {
    let html = page();
    let mut plain = Vec::new();
    let mut gz = Vec::new();
    for i in 0..RECORDS {
        let record = response(i, &html);
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(&record).unwrap();
        gz.extend_from_slice(&e.finish().unwrap());
        plain.extend_from_slice(&record);
    }
    (plain, gz)
}

fn read_all(input: &[u8]) -> usize {
    let mut n = 0;
    for record in open(input, StreamFormat::Warc, &ReadOptions::new()) {
        n += black_box(record.unwrap()).body.len();
    }
    n
}

/// Reads everything in 64 KiB reads (the record reader's read size), touching each chunk.
fn drain(mut reader: impl Read) -> u64 {
    let mut buf = vec![0; 64 * 1024];
    let mut sum = 0u64;
    loop {
        match reader.read(&mut buf).unwrap() {
            0 => return sum,
            n => sum += u64::from(black_box(&buf[..n])[n - 1]),
        }
    }
}

fn bench_records(c: &mut Criterion) {
    let (plain, gz) = warc();
    assert_eq!(read_all(&plain), read_all(&gz));

    let mut g = c.benchmark_group("warc");
    g.throughput(Throughput::Bytes(plain.len() as u64));
    g.bench_function("gunzip-only (MultiGzDecoder, 64 KiB reads)", |b| {
        b.iter(|| drain(MultiGzDecoder::new(black_box(&gz[..]))))
    });
    g.bench_function("records gzip per record", |b| {
        b.iter(|| read_all(black_box(&gz)))
    });
    g.bench_function("copy-only (uncompressed, 64 KiB reads)", |b| {
        b.iter(|| drain(black_box(&plain[..])))
    });
    g.bench_function("records uncompressed", |b| {
        b.iter(|| read_all(black_box(&plain)))
    });
    g.finish();

    let html = page();
    let line = serde_json::to_string(&serde_json::json!({
        "url": "http://news.example.cn/a/1.html",
        "html": String::from_utf8_lossy(&html),
    }))
    .unwrap();
    let jsonl = format!("{line}\n").repeat(RECORDS / 4);
    let mut g = c.benchmark_group("jsonl");
    g.throughput(Throughput::Bytes(jsonl.len() as u64));
    g.bench_function("records jsonl", |b| {
        b.iter(|| {
            open(
                black_box(jsonl.as_bytes()),
                StreamFormat::Jsonl,
                &ReadOptions::new(),
            )
            .map(|r| r.unwrap().body.len())
            .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default()
        .sample_size(10)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    targets = bench_records
}
criterion_main!(benches);
