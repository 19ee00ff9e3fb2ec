//! Issue 16: hostile input and faults. Every case is generated here (nothing large is
//! committed) and run through the `pagewash` binary, as a user would.
//!
//! The fast tests run in `cargo test`; they hold no timed assertion tighter than a bound the
//! old code exceeded many times over. The full-size battery, with the issue's sizes, the
//! budget assertion (stop within 10% of the budget + 50 ms) and peak memory per page
//! (< 8× the page + 64 MB), runs on a release build:
//!
//! ```text
//! cargo test --release --test all hostile:: -- --ignored --nocapture
//! ```

use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use flate2::write::GzEncoder;
use flate2::Compression;
use serde_json::Value;

use crate::common::tempdir;
use tempdir::TempDir;

// ---------------------------------------------------------------------------------------
// Generators
// ---------------------------------------------------------------------------------------

/// UTF-8 read as windows-1252 next to UTF-8 read as GBK, repeated: the quadratic case.
fn mixed_mojibake(units: usize) -> String {
    "Ã©鍦帮紝".repeat(units)
}

/// About `len` bytes of short HTML paragraphs: a few hundred thousand lines, each one the
/// content stage scores (its model took 6 s for 16 MB before it looked at the budget).
fn paragraphs(len: usize) -> String {
    let mut page = String::with_capacity(len + 64);
    let mut i = 0;
    while page.len() < len {
        page.push_str(&format!("<p>word {i}, here is some sentence text.</p>\n"));
        i += 1;
    }
    page
}

/// `n` lines of one character each: every line but the first repeats the one before it and
/// is removed, so the page holds a line table entry and a removal per line.
fn one_char_lines(n: usize) -> String {
    "a\n".repeat(n)
}

/// `n` copies of one short line (each removed as a repeat); cleaned to the end well within
/// a second's budget.
fn same_lines(n: usize) -> String {
    "the same short line.\n".repeat(n)
}

/// A table of `n` cells of one character, a row each: a block (a line) per cell, each one a
/// candidate line of the content stage.
fn table_cells(n: usize) -> String {
    let mut page = String::from("<html><body><table>");
    page.push_str(&"<tr><td>x</td>".repeat(n));
    page.push_str("</table></body></html>");
    page
}

/// One tag with `n` distinct attributes, then some text.
fn many_attributes(n: usize) -> String {
    let mut page = String::from("<html><body><div");
    for i in 0..n {
        page.push_str(&format!(" a{i}"));
    }
    page.push_str("><p>hello world, this is the text of the page.</p></div></body></html>");
    page
}

/// Deterministic noise (xorshift), with NUL bytes at about `nul_per_mille` per mille.
fn noise(len: usize, seed: u64, nul_per_mille: u64) -> Vec<u8> {
    let mut x = seed | 1;
    (0..len)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let b = (x >> 24) as u8;
            if x % 1000 < nul_per_mille {
                0
            } else if b == 0 {
                1
            } else {
                b
            }
        })
        .collect()
}

/// A PNG-looking file: signature, IHDR, then compressed-looking data.
fn png_like(len: usize) -> Vec<u8> {
    let mut v = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\x01\0\0\0\x01\0\x08\x06\0\0\0".to_vec();
    v.extend(noise(len, 7, 0));
    v
}

/// A zstd frame header then compressed-looking data.
fn zstd_like(len: usize) -> Vec<u8> {
    let mut v = vec![0x28, 0xB5, 0x2F, 0xFD, 0x24, 0x00];
    v.extend(noise(len, 11, 0));
    v
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

/// A readable page, different for each `n`.
fn page(n: usize) -> String {
    format!(
        "<html><head><title>第{n}页</title></head><body><p>这是第{n}篇文章的正文，内容很长很长，\
         有标点，也有数字{n}。这里是文章的主体内容，读者可以看到。</p></body></html>"
    )
}

/// A WARC `response` record (CRLF, or LF line ends throughout when `lf`).
fn response(n: usize, content_type: &str, body: &[u8], lf: bool) -> Vec<u8> {
    let eol = if lf { "\n" } else { "\r\n" };
    let mut http = format!(
        "HTTP/1.1 200 OK{eol}Content-Type: {content_type}{eol}Content-Length: {}{eol}{eol}",
        body.len()
    )
    .into_bytes();
    http.extend_from_slice(body);
    let mut rec = format!(
        "WARC/1.0{eol}WARC-Type: response{eol}WARC-Record-ID: <urn:uuid:{n:08}>{eol}\
         WARC-Target-URI: http://example.cn/{n}{eol}\
         Content-Type: application/http; msgtype=response{eol}Content-Length: {}{eol}{eol}",
        http.len()
    )
    .into_bytes();
    rec.extend_from_slice(&http);
    rec.extend_from_slice(format!("{eol}{eol}").as_bytes());
    rec
}

/// A WET `conversion` record with LF line ends.
fn conversion_lf(n: usize) -> Vec<u8> {
    let text =
        format!("标题{n}\n这是第{n}篇文章的正文，内容很长很长，有标点。这里是文章的主体内容。");
    let mut rec = format!(
        "WARC/1.0\nWARC-Type: conversion\nWARC-Target-URI: http://example.cn/{n}\n\
         Content-Type: text/plain\nContent-Length: {}\n\n",
        text.len()
    )
    .into_bytes();
    rec.extend_from_slice(text.as_bytes());
    rec.extend_from_slice(b"\n\n");
    rec
}

/// `n` page records, one gzip member each; the members, to damage.
fn warc_members(n: usize) -> Vec<Vec<u8>> {
    (0..n)
        .map(|i| {
            gzip(&response(
                i,
                "text/html; charset=utf-8",
                page(i).as_bytes(),
                false,
            ))
        })
        .collect()
}

// ---------------------------------------------------------------------------------------
// Running the binary
// ---------------------------------------------------------------------------------------

fn bin() -> Command {
    let path = std::env::var_os("PAGEWASH_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_BIN_EXE_pagewash")));
    Command::new(path)
}

/// A fresh directory for one test, removed when the test ends (pass or fail).
fn tempdir(tag: &str) -> TempDir {
    tempdir::with_prefix(&format!("pagewash-hostile-{tag}-"))
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs `clean` on `input` with `--stats`; the output, the stats.
fn clean_stream(dir: &Path, input: &Path, extra: &[&str]) -> (Output, Value) {
    let stats = dir.join("stats.json");
    let _ = fs::remove_file(&stats);
    let out = bin()
        .arg("clean")
        .arg("-q")
        .args(extra)
        .arg("--stats")
        .arg(&stats)
        .arg("--out")
        .arg(dir.join("out.jsonl"))
        .arg(input)
        .output()
        .unwrap();
    let stats: Value = fs::read(&stats)
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or(Value::Null);
    (out, stats)
}

fn count(stats: &Value, key: &str) -> u64 {
    stats[key].as_u64().unwrap_or(u64::MAX)
}

/// Counts add up, and every record read is accounted for.
fn assert_accounted(stats: &Value, records: u64) {
    assert_eq!(count(stats, "records"), records, "{stats:#}");
    assert_eq!(
        count(stats, "cleaned") + count(stats, "skipped_total") + count(stats, "failed_total"),
        records,
        "{stats:#}"
    );
}

/// Wall time and peak RSS (bytes) of a child: VmHWM from /proc, read until the child exits.
fn run_measured(cmd: &mut Command) -> (Output, Duration, u64) {
    run_measured_to(cmd, Stdio::piped())
}

/// [`run_measured`], the child's stderr going to `stderr` (not read while it runs: a child
/// writing much there needs `Stdio::null()`).
fn run_measured_to(cmd: &mut Command, stderr: Stdio) -> (Output, Duration, u64) {
    let started = Instant::now();
    let mut child = cmd.stdout(Stdio::null()).stderr(stderr).spawn().unwrap();
    let status_path = format!("/proc/{}/status", child.id());
    let mut peak = 0u64;
    let status = loop {
        if let Ok(s) = fs::read_to_string(&status_path) {
            if let Some(kb) = s
                .lines()
                .find_map(|l| l.strip_prefix("VmHWM:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<u64>().ok())
            {
                peak = peak.max(kb * 1024);
            }
        }
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    let elapsed = started.elapsed();
    let mut err = Vec::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_end(&mut err);
    }
    (
        Output {
            status,
            stdout: Vec::new(),
            stderr: err,
        },
        elapsed,
        peak,
    )
}

// ---------------------------------------------------------------------------------------
// 1. The time budget bounds a page
// ---------------------------------------------------------------------------------------

/// Cleans `path` with no effective budget; the output and the wall time.
fn timed_clean(path: &Path) -> (Output, Duration) {
    let started = Instant::now();
    let out = bin()
        .args(["clean", "-q", "--time-budget-ms", "1000000"])
        .arg(path)
        .output()
        .unwrap();
    (out, started.elapsed())
}

#[test]
fn quadratic_pages_now_finish_fast() {
    let dir = tempdir("quadratic");
    // 2.6 MB of mixed mojibake took 26 s in a release build before the fix (the overlap
    // filter compared every fix with every other), 200,000 attributes 9.4 s. Judged by how
    // the time grows, not by a clock bound, so a debug build on a loaded machine passes:
    // 8 times the input may take at most 24 times as long (linear work: about 8, the old
    // quadratic work: about 64). The small page is timed twice and the faster run kept.
    type Make = fn(usize) -> String;
    let cases: [(&str, Make, usize); 2] = [
        ("m.txt", mixed_mojibake, 200_000),
        ("attrs.html", many_attributes, 200_000),
    ];
    for (name, make, n) in cases {
        let small = dir.join(format!("small-{name}"));
        fs::write(&small, make(n / 8)).unwrap();
        let large = dir.join(name);
        fs::write(&large, make(n)).unwrap();
        let t_small = (0..2).map(|_| timed_clean(&small).1).min().unwrap();
        let (out, t_large) = timed_clean(&large);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert!(
            t_large < t_small * 24,
            "{name}: {t_large:?} for {n} units, {t_small:?} for {}",
            n / 8
        );
        if name == "attrs.html" {
            assert!(String::from_utf8_lossy(&out.stdout).contains("hello world"));
        } else {
            assert!(String::from_utf8_lossy(&out.stdout).contains("地,"));
        }
    }
}

#[test]
fn a_page_over_budget_stops_and_fails() {
    let dir = tempdir("budget");
    let mojibake = dir.join("m.txt");
    fs::write(&mojibake, mixed_mojibake(400_000)).unwrap();
    let out = bin()
        .args(["clean", "-q", "--time-budget-ms", "5"])
        .arg(&mojibake)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("time budget"), "{}", stderr(&out));
    assert!(out.stdout.is_empty());
}

// ---------------------------------------------------------------------------------------
// 2. A timed-out record counts as failed
// ---------------------------------------------------------------------------------------

#[test]
fn a_timed_out_record_is_failed_with_its_offset() {
    let dir = tempdir("timed-out-record");
    let mut warc = response(0, "text/html", page(0).as_bytes(), false);
    let slow_at = warc.len();
    warc.extend(response(
        1,
        "text/plain",
        mixed_mojibake(1_000_000).as_bytes(),
        false,
    ));
    warc.extend(response(2, "text/html", page(2).as_bytes(), false));
    let input = dir.join("slow.warc");
    fs::write(&input, &warc).unwrap();
    let stats = dir.join("stats.json");
    let out = bin()
        .args([
            "clean",
            "--time-budget-ms",
            "500",
            "--threads",
            "1",
            "--stats",
        ])
        .arg(&stats)
        .arg("--out")
        .arg(dir.join("out.jsonl"))
        .arg(&input)
        .output()
        .unwrap();
    let stats: Value = serde_json::from_slice(&fs::read(&stats).unwrap()).unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_accounted(&stats, 3);
    assert_eq!(stats["failed"]["time budget exceeded"], 1, "{stats:#}");
    assert!(
        stderr(&out).contains(&format!("at byte {slow_at}")),
        "{}",
        stderr(&out)
    );
    let lines = fs::read_to_string(dir.join("out.jsonl")).unwrap();
    assert_eq!(lines.lines().count(), 2);
}

// ---------------------------------------------------------------------------------------
// 3. A WARC with damaged first bytes is still a WARC
// ---------------------------------------------------------------------------------------

#[test]
fn warcs_with_damaged_starts_lose_no_records() {
    const N: usize = 300;
    let dir = tempdir("damaged-start");
    let members = warc_members(N);
    let all: Vec<u8> = members.concat();
    let mut cases: Vec<(&str, Vec<u8>, u64)> = Vec::new();
    // A leading text line.
    let mut v = b"this file was copied by a script\n".to_vec();
    v.extend(&all);
    cases.push(("leading-line", v, N as u64));
    // The first member cut in half.
    let mut v = members[0][..members[0].len() / 2].to_vec();
    v.extend(members[1..].concat());
    cases.push(("cut-first", v, N as u64 - 1));
    // The first member corrupt (its deflate data overwritten).
    let mut v = all.clone();
    for b in &mut v[12..40] {
        *b = 0xFF;
    }
    cases.push(("corrupt-first", v, N as u64 - 1));
    // A run of empty members first (more than the detector's head).
    let mut v = gzip(b"").repeat(5000);
    v.extend(&all);
    cases.push(("empty-members", v, N as u64));
    // Uncompressed, after a text line.
    let mut v = b"garbage line\r\n".to_vec();
    for i in 0..N {
        v.extend(response(i, "text/html", page(i).as_bytes(), false));
    }
    cases.push(("plain-leading-line", v, N as u64));
    for (name, bytes, pages) in cases {
        // Named neutrally: detection alone must find the records.
        let input = dir.join(format!("{name}.bin"));
        fs::write(&input, &bytes).unwrap();
        let (out, stats) = clean_stream(&dir, &input, &[]);
        assert!(
            count(&stats, "cleaned") >= pages,
            "{name}: {stats:#} {}",
            stderr(&out)
        );
        let failed = count(&stats, "failed_total");
        assert_eq!(
            count(&stats, "cleaned") + failed,
            count(&stats, "records"),
            "{name}"
        );
        assert!(failed <= 2, "{name}: {stats:#}");
    }
}

#[test]
fn a_file_named_warc_is_never_one_page() {
    let dir = tempdir("named-warc");
    let input = dir.join("crawl.warc.gz");
    fs::write(&input, b"nothing like a WARC at all, not even gzip\n").unwrap();
    let (out, stats) = clean_stream(&dir, &input, &[]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert_eq!(count(&stats, "cleaned"), 0, "{stats:#}");
    assert!(count(&stats, "failed_total") >= 1, "{stats:#}");
}

// ---------------------------------------------------------------------------------------
// 4. Memory per page is bounded by a small multiple of its size
// ---------------------------------------------------------------------------------------

/// Peak memory of one page must stay under 8× its size + 64 MB.
fn assert_memory_bounded(path: &Path, budget_ms: &str) -> (Duration, u64) {
    let size = fs::metadata(path).unwrap().len();
    let (out, took, peak) = run_measured(
        bin()
            .args(["clean", "-q", "--time-budget-ms", budget_ms])
            .arg(path),
    );
    let bound = 8 * size + (64 << 20);
    assert!(
        peak > 0 && peak < bound,
        "{}: peak {} MB for {} MB (bound {} MB); {}",
        path.display(),
        peak >> 20,
        size >> 20,
        bound >> 20,
        stderr(&out)
    );
    (took, peak)
}

/// A page of a million one-character lines (2 MiB; bound 80 MiB): 246 MiB before the line
/// table, the edits and the stages' per-line buffers were made compact, about 30 MiB since.
#[test]
fn a_page_of_a_million_lines_stays_within_its_memory_bound() {
    let dir = tempdir("memory-lines");
    let path = dir.join("lines.txt");
    fs::write(&path, one_char_lines(1 << 20)).unwrap();
    assert_memory_bounded(&path, "100000");
}

/// `--explain` on a million removed lines (2 MiB; bound 80 MiB): the edits are built one at
/// a time as they are written. Built all at once they held ~130 MB (issue 16).
#[test]
fn explaining_a_million_removals_stays_within_the_memory_bound() {
    let dir = tempdir("memory-explain");
    let path = dir.join("lines.txt");
    fs::write(&path, one_char_lines(1 << 20)).unwrap();
    let size = fs::metadata(&path).unwrap().len();
    let (out, _, peak) = run_measured_to(
        bin()
            .args(["clean", "-q", "--explain", "--time-budget-ms", "100000"])
            .arg(&path),
        Stdio::null(),
    );
    assert!(out.status.success());
    let bound = 8 * size + (64 << 20);
    assert!(
        peak > 0 && peak < bound,
        "peak {} MB (bound {} MB)",
        peak >> 20,
        bound >> 20
    );
}

#[test]
fn a_mojibake_page_stays_within_its_memory_bound() {
    let dir = tempdir("memory");
    let path = dir.join("m.txt");
    fs::write(&path, mixed_mojibake(4 << 20 >> 4)).unwrap(); // 3.4 MB
    assert_memory_bounded(&path, "100000");
}

// ---------------------------------------------------------------------------------------
// 5. Binary is not text
// ---------------------------------------------------------------------------------------

fn binaries() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("random-0.4pc-nul", noise(256 * 1024, 3, 4)),
        ("random-no-nul", noise(256 * 1024, 5, 0)),
        ("png.gz", gzip(&png_like(64 * 1024))),
        ("zstd", zstd_like(64 * 1024)),
        ("replacement-chars", "\u{FFFD}".repeat(5000).into_bytes()),
        ("pipes", vec![b'|'; 1 << 20]),
    ]
}

#[test]
fn binary_pages_are_refused() {
    let dir = tempdir("binary-pages");
    for (name, bytes) in binaries() {
        let input = dir.join(name);
        fs::write(&input, &bytes).unwrap();
        let out = bin().args(["clean", "-q"]).arg(&input).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{name}: {}", stderr(&out));
        assert!(out.stdout.is_empty(), "{name}: text came out");
        let out = bin().arg("clean").arg(&input).output().unwrap();
        assert!(
            stderr(&out).contains("not a text page"),
            "{name}: {}",
            stderr(&out)
        );
    }
}

#[test]
fn binary_bodies_of_text_html_records_are_skipped() {
    let dir = tempdir("binary-records");
    let mut warc = Vec::new();
    let binaries = binaries();
    for (i, (_, bytes)) in binaries.iter().enumerate() {
        warc.extend(gzip(&response(i, "text/html", bytes, false)));
    }
    warc.extend(gzip(&response(99, "text/html", page(99).as_bytes(), false)));
    let input = dir.join("binary.warc.gz");
    fs::write(&input, &warc).unwrap();
    let (out, stats) = clean_stream(&dir, &input, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_accounted(&stats, binaries.len() as u64 + 1);
    assert_eq!(count(&stats, "cleaned"), 1, "{stats:#}");
    assert_eq!(
        stats["skipped"]["not text (by its content)"],
        binaries.len(),
        "{stats:#}"
    );
}

/// No legitimate page is refused: every line of the clean-text corpus (100+ languages), the
/// seeds and the dev pages.
#[test]
fn real_text_in_every_script_is_never_refused() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let p = pagewash::Pipeline::default();
    let hints = pagewash::Hints::new();
    let corpus = fs::read_to_string(root.join("clean/corpus.txt")).unwrap();
    let mut checked = 0;
    for line in corpus.lines() {
        let text = line.split_once('\t').map_or(line, |(_, t)| t);
        let out = p.clean(text.as_bytes(), &hints);
        assert_eq!(out.flags().not_text, None, "{line}");
        checked += 1;
    }
    let mut files = Vec::new();
    for sub in ["seeds", "dev/aeb", "dev/cleaneval_zh", "damage", "samples"] {
        for e in fs::read_dir(root.join(sub)).unwrap() {
            let path = e.unwrap().path();
            if path.is_file() {
                files.push(path);
            }
        }
    }
    for f in files {
        let bytes = fs::read(&f).unwrap();
        let out = p.clean(&bytes, &hints);
        assert_eq!(out.flags().not_text, None, "{}", f.display());
        checked += 1;
    }
    assert!(checked > 500, "{checked}");
}

// ---------------------------------------------------------------------------------------
// 6. --out writes into what is there, and is checked first
// ---------------------------------------------------------------------------------------

#[test]
fn out_never_replaces_devices_fifos_or_links() {
    let dir = tempdir("out");
    let input = dir.join("page.html");
    fs::write(&input, page(1)).unwrap();
    // /dev/null stays a device.
    let out = bin()
        .args(["clean", "-q", "--out", "/dev/null"])
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    let meta = fs::metadata("/dev/null").unwrap();
    assert!(!meta.is_file(), "/dev/null became a regular file");
    // A symbolic link is followed: the file it names gets the text, the link stays.
    let real = dir.join("real.txt");
    fs::write(&real, "old").unwrap();
    let link = dir.join("link.txt");
    std::os::unix::fs::symlink(&real, &link).unwrap();
    let out = bin()
        .args(["clean", "-q", "--out"])
        .arg(&link)
        .arg(&input)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert!(fs::read_to_string(&real).unwrap().contains("正文"));
    // A FIFO is written into, not replaced.
    let fifo = dir.join("fifo");
    if Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .is_ok_and(|s| s.success())
    {
        let reader = {
            let fifo = fifo.clone();
            std::thread::spawn(move || fs::read_to_string(fifo).unwrap())
        };
        let out = bin()
            .args(["clean", "-q", "--out"])
            .arg(&fifo)
            .arg(&input)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(reader.join().unwrap().contains("正文"));
        assert!(!fs::metadata(&fifo).unwrap().is_file());
    }
    // No temporary is left anywhere.
    let left: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn output_paths_are_checked_before_the_run() {
    let dir = tempdir("out-check");
    let input = dir.join("page.html");
    fs::write(&input, page(1)).unwrap();
    let out_file = dir.join("out.txt");
    for bad in [
        vec!["--out".to_owned(), dir.display().to_string()],
        vec![
            "--out".to_owned(),
            out_file.display().to_string(),
            "--stats".to_owned(),
            dir.join("missing/stats.json").display().to_string(),
        ],
    ] {
        let out = bin()
            .args(["clean", "-q"])
            .args(&bad)
            .arg(&input)
            .output()
            .unwrap();
        assert!(!out.status.success(), "{bad:?}");
        assert!(stderr(&out).contains("cannot write") || stderr(&out).contains("directory"));
        assert!(!out_file.exists(), "{bad:?}: the run went ahead");
    }
}

#[test]
fn sigterm_removes_the_temporary_output() {
    let dir = tempdir("sigterm");
    // A slow stream on stdin that never ends: the run is still going when the signal comes.
    let target = dir.join("out.jsonl");
    let mut child = bin()
        .args(["clean", "-q", "--input-format", "jsonl", "--out"])
        .arg(&target)
        .arg("-")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin
        .write_all(b"{\"text\":\"hello there, a page of text.\"}\n")
        .unwrap();
    stdin.flush().unwrap();
    let deadline = Instant::now() + Duration::from_secs(20);
    let tmp = || {
        fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .any(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
    };
    while !tmp() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(tmp(), "no temporary file appeared");
    let _ = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let status = child.wait().unwrap();
    drop(stdin);
    assert_eq!(status.code(), Some(130));
    assert!(!tmp(), "the temporary file is still there");
    assert!(!target.exists());
}

// ---------------------------------------------------------------------------------------
// 7. Smaller faults
// ---------------------------------------------------------------------------------------

#[test]
fn a_full_disk_stops_the_run_with_the_output_exit_status() {
    let dir = tempdir("full");
    let input = dir.join("many.jsonl");
    let mut jsonl = String::new();
    for i in 0..2000 {
        jsonl.push_str(&format!(
            "{{\"id\":{i},\"text\":\"这是第{i}篇文章的正文，内容很长很长，有标点。\"}}\n"
        ));
    }
    fs::write(&input, jsonl).unwrap();
    let out = bin()
        .args(["clean", "--out", "/dev/full"])
        .arg(&input)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(stderr(&out).contains("cannot write"), "{}", stderr(&out));
    // Stopped at once: no summary of a finished run.
    assert!(
        !stderr(&out).contains("2000 records read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_broken_pipe_stops_the_run() {
    let dir = tempdir("pipe");
    let input = dir.join("many.jsonl");
    let mut jsonl = String::new();
    for i in 0..20000 {
        jsonl.push_str(&format!(
            "{{\"id\":{i},\"text\":\"这是第{i}篇文章的正文，内容很长很长，有标点。\"}}\n"
        ));
    }
    fs::write(&input, jsonl).unwrap();
    let mut child = bin()
        .args(["clean", "--threads", "1"])
        .arg(&input)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 100];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(4), "{}", stderr(&out));
    assert!(
        !stderr(&out).contains("20000 records read"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_flipped_byte_in_a_member_counts_its_record_once() {
    const N: usize = 200;
    let dir = tempdir("flipped");
    let members = warc_members(N);
    let mut ok = 0;
    for (case, at) in [(0usize, 30usize), (1, 60), (2, 90)] {
        let mut v = Vec::new();
        for (i, m) in members.iter().enumerate() {
            let mut m = m.clone();
            if i == 100 {
                let at = at.min(m.len() - 9);
                m[at] ^= 0x55;
            }
            v.extend(m);
        }
        let input = dir.join(format!("flipped{case}.warc.gz"));
        fs::write(&input, &v).unwrap();
        let (out, stats) = clean_stream(&dir, &input, &[]);
        assert_accounted(&stats, N as u64);
        assert!(count(&stats, "cleaned") >= N as u64 - 1, "{stats:#}");
        assert!(!out.status.success() || count(&stats, "failed_total") == 0);
        ok += 1;
    }
    assert_eq!(ok, 3);
}

#[test]
fn a_jsonl_file_with_a_byte_order_mark_keeps_record_one() {
    let dir = tempdir("bom");
    let input = dir.join("bom.jsonl");
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    for i in 0..3 {
        bytes.extend(
            format!("{{\"id\":{i},\"text\":\"这是第{i}篇文章的正文，内容很长很长，有标点。\"}}\n")
                .as_bytes(),
        );
    }
    fs::write(&input, bytes).unwrap();
    let (out, stats) = clean_stream(&dir, &input, &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert_accounted(&stats, 3);
    assert_eq!(count(&stats, "cleaned"), 3, "{stats:#}");
}

#[test]
fn warc_and_wet_with_lf_line_ends_are_read() {
    let dir = tempdir("lf");
    let mut warc = Vec::new();
    let mut wet = Vec::new();
    for i in 0..50 {
        warc.extend(response(i, "text/html", page(i).as_bytes(), true));
        wet.extend(conversion_lf(i));
    }
    for (name, bytes) in [
        ("lf.warc", warc.clone()),
        ("lf.wet", wet),
        ("lf.warc.gz", gzip(&warc)),
    ] {
        let input = dir.join(name);
        fs::write(&input, bytes).unwrap();
        let (out, stats) = clean_stream(&dir, &input, &[]);
        assert!(out.status.success(), "{name}: {}", stderr(&out));
        assert_accounted(&stats, 50);
        assert_eq!(count(&stats, "cleaned"), 50, "{name}: {stats:#}");
    }
}

#[test]
fn an_empty_directory_is_an_error() {
    let dir = tempdir("empty-dir");
    let empty = dir.join("nothing");
    fs::create_dir_all(&empty).unwrap();
    let out = bin().arg("clean").arg(&empty).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(stderr(&out).contains("no input files"), "{}", stderr(&out));
}

#[test]
fn a_corrupt_gzip_page_is_a_failed_input() {
    let dir = tempdir("gz-page");
    // The CRC-32 damaged: the text is whole, the stream is not.
    let mut gz = gzip(page(1).repeat(50).as_bytes());
    let crc = gz.len() - 6;
    gz[crc] ^= 0xFF;
    let input = dir.join("page.html.gz");
    fs::write(&input, gz).unwrap();
    let out = bin().args(["clean"]).arg(&input).output().unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("damaged gzip"), "{}", stderr(&out));
}

// ---------------------------------------------------------------------------------------
// The full-size battery (release build)
// ---------------------------------------------------------------------------------------

/// The issue's sizes: every slow case stops within 10% of its budget + 50 ms, and peak
/// memory per page stays under 8× its size + 64 MB.
#[test]
#[ignore = "minutes in a debug build: cargo test --release --test all hostile:: -- --ignored"]
fn full_size_budget_and_memory() {
    let dir = tempdir("full-size");
    let budget = Duration::from_millis(1000);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("mojibake-2.6MB.txt", mixed_mojibake(200_000).into_bytes()),
        ("mojibake-16MB.txt", mixed_mojibake(1_290_000).into_bytes()),
        (
            "attributes-200k.html",
            many_attributes(200_000).into_bytes(),
        ),
        (
            "attributes-1M.html",
            many_attributes(1_000_000).into_bytes(),
        ),
        ("paragraphs-16MB.html", paragraphs(16 << 20).into_bytes()),
        ("binary-16MB", noise(16 << 20, 9, 4)),
        ("pipes-16MB", vec![b'|'; 16 << 20]),
        ("lines-8M.txt", one_char_lines(8 << 20).into_bytes()),
        ("same-lines-760k.txt", same_lines(760_000).into_bytes()),
    ];
    for (name, bytes) in cases {
        let path = dir.join(name);
        fs::write(&path, &bytes).unwrap();
        let (took, peak) = assert_memory_bounded(&path, &budget.as_millis().to_string());
        // Process start and reading the file are in `took`, on top of the page's budget.
        let bound = budget.mul_f64(1.1) + Duration::from_millis(50);
        println!(
            "{name}: {:.2} MB, {:.0} ms (bound {:.0} ms), peak {} MB",
            bytes.len() as f64 / 1e6,
            took.as_secs_f64() * 1e3,
            bound.as_secs_f64() * 1e3,
            peak >> 20
        );
        assert!(took <= bound, "{name}: {took:?} > {bound:?}");
    }
}

/// Pages of millions of lines cleaned to the end (no budget in the way): peak memory under
/// 8× the page + 64 MB. Before the compact line table and edits: 1.9 GB for the 8M lines
/// (16 MiB), 214 MB for the 760k lines.
#[test]
#[ignore = "a minute in a debug build: cargo test --release --test all hostile:: -- --ignored"]
fn full_size_many_lines_memory() {
    let dir = tempdir("full-lines");
    let cases: Vec<(&str, String)> = vec![
        ("lines-8M.txt", one_char_lines(8 << 20)),
        ("same-lines-760k.txt", same_lines(760_000)),
    ];
    for (name, text) in cases {
        let path = dir.join(name);
        fs::write(&path, &text).unwrap();
        let (took, peak) = assert_memory_bounded(&path, "1000000");
        print_run(name, text.len(), took, peak);
    }
}

/// A table of a million cells (14 MB; bound 170 MiB), cleaned to the end: 160 MiB (573 MiB
/// before the content model's rows were computed when asked, 281 MiB before the reader's
/// one buffer, the 28-byte line context and the content stage's text facts computed when
/// asked); see DESIGN.md, "Hostile input". With a budget of one second, stopped in time.
#[test]
#[ignore = "a slow full-size run (minutes in a debug build): cargo test --release --test all hostile:: -- --ignored"]
fn full_size_table_of_a_million_cells_memory() {
    let dir = tempdir("full-table");
    let path = dir.join("table-1M-cells.html");
    let page = table_cells(1_000_000);
    fs::write(&path, &page).unwrap();
    let (took, peak) = assert_memory_bounded(&path, "1000000");
    print_run("table-1M-cells.html", page.len(), took, peak);
    let budget = Duration::from_millis(1000);
    let (took, peak) = assert_memory_bounded(&path, &budget.as_millis().to_string());
    let bound = budget.mul_f64(1.1) + Duration::from_millis(50);
    print_run("table-1M-cells.html, 1 s budget", page.len(), took, peak);
    assert!(took <= bound, "{took:?} > {bound:?}");
}

/// One line of the full-size battery's report: size, time, peak memory and its bound.
fn print_run(name: &str, len: usize, took: Duration, peak: u64) {
    println!(
        "{name}: {:.2} MB, {:.0} ms, peak {} MB (bound {} MB)",
        len as f64 / 1e6,
        took.as_secs_f64() * 1e3,
        peak >> 20,
        (8 * len as u64 + (64 << 20)) >> 20
    );
}

/// 10,000 records behind each kind of damaged start: none unaccounted for.
#[test]
#[ignore = "a minute in a debug build: cargo test --release --test all hostile:: -- --ignored"]
fn full_size_damaged_starts() {
    const N: usize = 10_000;
    let dir = tempdir("full-damaged");
    let members = warc_members(N);
    let mut v = b"leading line\n".to_vec();
    v.extend(members.concat());
    let input = dir.join("leading.bin");
    fs::write(&input, &v).unwrap();
    let (_, stats) = clean_stream(&dir, &input, &[]);
    assert_eq!(count(&stats, "cleaned"), N as u64, "{stats:#}");
    let mut v = gzip(b"").repeat(20_000);
    v.extend(members.concat());
    let input = dir.join("empty-members.bin");
    fs::write(&input, &v).unwrap();
    let (_, stats) = clean_stream(&dir, &input, &[]);
    assert_eq!(count(&stats, "cleaned"), N as u64, "{stats:#}");
    println!("10,000 records behind a text line and behind 20,000 empty members: all cleaned");
}

/// Writes small instances of every hostile case as fuzzing seeds (DEVELOPING.md, "fuzz"):
/// `PAGEWASH_FUZZ_SEEDS=fuzz/corpus cargo test --test all hostile::write_fuzz_seeds --
/// --ignored` fills `clean/` (pages, after six bytes the target reads as its options) and
/// `warc/` (record streams).
#[test]
#[ignore = "writes files: PAGEWASH_FUZZ_SEEDS=DIR cargo test --test all hostile::write_fuzz_seeds -- --ignored"]
fn write_fuzz_seeds() {
    let Some(root) = std::env::var_os("PAGEWASH_FUZZ_SEEDS") else {
        panic!("set PAGEWASH_FUZZ_SEEDS to the corpus directory");
    };
    let root = PathBuf::from(root);
    let (clean, warc) = (root.join("clean"), root.join("warc"));
    fs::create_dir_all(&clean).unwrap();
    fs::create_dir_all(&warc).unwrap();
    // Option bytes: a charset, then NFKC, strip, repair on, small pages off, HTML type on.
    let page = |name: &str, body: &[u8]| {
        let mut v = vec![1, 1, 1, 1, 1, 0, 1];
        v.extend_from_slice(body);
        fs::write(clean.join(name), v).unwrap();
    };
    page("mojibake", mixed_mojibake(300).as_bytes());
    page("paragraphs", paragraphs(8_000).as_bytes());
    page("one-char-lines", one_char_lines(2_000).as_bytes());
    page("same-lines", same_lines(300).as_bytes());
    page("table", table_cells(2_000).as_bytes());
    page("attributes", many_attributes(2_000).as_bytes());
    for (name, bytes) in binaries() {
        page(name, &bytes[..bytes.len().min(16 * 1024)]);
    }
    let members = warc_members(20);
    let mut leading = b"leading line\n".to_vec();
    leading.extend(members.concat());
    fs::write(warc.join("leading-line"), leading).unwrap();
    let mut cut = members[0][..members[0].len() / 2].to_vec();
    cut.extend(members[1..].concat());
    fs::write(warc.join("cut-first-member"), cut).unwrap();
    let mut flipped = members.concat();
    let at = members[0].len() + members[1].len() / 2;
    flipped[at] ^= 0x40;
    fs::write(warc.join("flipped-byte"), flipped).unwrap();
    let lf: Vec<u8> = (0..10).flat_map(conversion_lf).collect();
    fs::write(warc.join("wet-lf"), lf).unwrap();
    let binary_body = response(1, "text/html", &png_like(4_096), false);
    fs::write(warc.join("binary-body"), binary_body).unwrap();
}
