//! Record streams on the command line: WARC, WET and JSON Lines inputs cleaned on all cores
//! ([`pagewash::driver`]), written as JSON Lines, WET or text, counted in a [`RunStats`].

use std::io::{self, IsTerminal, Read, Write};
use std::time::{Duration, Instant};

use anyhow::Result;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use pagewash::corpus::{self as record_cleaning, RecordInfo, RecordOutcome};
use pagewash::driver::{Driver, JobOutcome};
use pagewash::records::{self, ReadOptions, Record, RecordError, StreamFormat};
use pagewash::stats::RunStats;
use pagewash::{Cleaned, Hints, Pipeline};
use serde_json::Value;

use crate::args::{CleanArgs, Format};
use crate::json::page_json;
use crate::{CleanSetup, Output};

/// What became of one record on a worker. A cleaned record travels back already written
/// out and counted, so the calling thread (which also reads the input) only copies bytes.
enum Done {
    Cleaned(Box<RunStats>, Vec<u8>),
    Skipped(String),
    Failed(&'static str, String),
}

/// Reading options from the command line.
pub fn read_options(args: &CleanArgs) -> ReadOptions {
    let mut o = ReadOptions::new();
    o.max_record_bytes(args.pipeline.max_page_bytes())
        .json_fields(
            args.json_text_field.as_deref(),
            args.json_id_field.as_deref(),
        );
    o
}

/// A progress bar on stderr when it is a terminal and the run is not quiet; hidden
/// otherwise. Its length is the total input bytes.
pub fn progress_bar(total_bytes: u64, quiet: bool) -> ProgressBar {
    if quiet || !io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
    }
    let bar = ProgressBar::new(total_bytes);
    bar.set_style(
        ProgressStyle::with_template(
            "{bar:30} {bytes}/{total_bytes} {binary_bytes_per_sec} ETA {eta} {msg}",
        )
        .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

/// One record stream of a run.
pub struct Stream<'a, R> {
    /// The input's name in messages.
    pub label: &'a str,
    pub reader: R,
    pub format: StreamFormat,
    /// Input bytes of the run before this stream, for the progress bar.
    pub bytes_before: u64,
}

/// Cleans every record of one stream, writing each to `out` as it is its turn. Returns
/// whether writing failed (the run then stops: the output is broken).
pub fn clean_stream(
    stream: Stream<'_, impl Read>,
    setup: &CleanSetup,
    out: &mut Output,
    stats: &mut RunStats,
    bar: &ProgressBar,
) -> io::Result<()> {
    let Stream {
        label,
        reader,
        format,
        bytes_before,
    } = stream;
    let (pipeline, args) = (&setup.pipeline, setup.args);
    // Several records: `--format json` writes an array.
    out.force_array();
    let mut records = records::open(reader, format, &read_options(args));
    let out_format = args.format.unwrap_or(Format::Jsonl);
    let mut driver = Driver::new().unordered(args.unordered);
    if let Some(n) = args.threads {
        driver = driver.threads(n);
    }
    let base = args.pipeline.options(0).hints();
    let started = Instant::now();
    let mut write_error: Option<io::Error> = None;
    let position = std::cell::Cell::new(0u64);
    // Set when writing fails (a broken pipe, a full disk): nothing more is read.
    let stop = std::cell::Cell::new(false);
    let jobs = std::iter::from_fn(|| {
        if stop.get() {
            return None;
        }
        let next = records.next();
        position.set(records.position());
        next
    });
    driver.run(
        jobs,
        |item: Result<Record, RecordError>| work(item, pipeline, &base, out_format, label, args),
        |_, outcome| {
            let done = match outcome {
                JobOutcome::Done(d) => d,
                JobOutcome::Panicked(m) => Done::Failed("internal error", m),
            };
            match done {
                Done::Cleaned(record_stats, bytes) => {
                    stats.merge(&record_stats);
                    if write_error.is_none() {
                        if let Err(e) = out.item(&bytes) {
                            write_error = Some(e);
                            stop.set(true);
                        }
                    }
                }
                Done::Skipped(reason) => stats.skipped(&reason),
                Done::Failed(kind, message) => {
                    stats.failed(kind);
                    if !args.quiet {
                        bar.suspend(|| eprintln!("pagewash: {label}: {message}"));
                    }
                }
            }
            bar.set_position(bytes_before + position.get());
            let secs = started.elapsed().as_secs_f64().max(1e-3);
            bar.set_message(format!(
                "{} records, {:.0}/s",
                stats.records,
                stats.records as f64 / secs
            ));
        },
    );
    // Records that are not pages were counted by the reader: they join the summary.
    stats.reader_skipped(&records.stats().skipped);
    match write_error {
        Some(e) => Err(e),
        None => Ok(()),
    }
}

/// Runs on a worker: a record in, its outcome out (cleaned, counted and written out here,
/// so only the output bytes travel back).
fn work(
    item: Result<Record, RecordError>,
    pipeline: &Pipeline,
    base: &Hints,
    format: Format,
    label: &str,
    args: &CleanArgs,
) -> Done {
    let record = match item {
        Ok(r) => r,
        Err(e) => return Done::Failed(record_cleaning::error_kind(&e), e.to_string()),
    };
    let done = match record_cleaning::clean_record(pipeline, &record, base) {
        RecordOutcome::Cleaned(done) => done,
        RecordOutcome::Skipped(reason) => return Done::Skipped(reason),
        RecordOutcome::Failed(f) => return Done::Failed(f.kind, f.message),
    };
    let mut stats = RunStats::default();
    stats.cleaned(done.body_bytes, &done.cleaned);
    if done.is_lossy() && !done.cleaned.flags().is_lossy() {
        stats.lossy += 1; // cut by the crawler or the reader: the text is incomplete
    }
    let mut bytes = Vec::with_capacity(done.cleaned.text().len() + 512);
    match write_record(&mut bytes, format, label, &done.info, &done.cleaned, args) {
        Ok(()) => Done::Cleaned(Box::new(stats), bytes),
        Err(e) => Done::Failed("output error", format!("record {}: {e}", done.info.id)),
    }
}

/// Writes one cleaned record in the chosen format.
pub fn write_record(
    out: &mut dyn Write,
    format: Format,
    label: &str,
    meta: &RecordInfo,
    cleaned: &Cleaned,
    args: &CleanArgs,
) -> io::Result<()> {
    match format {
        Format::Text => {
            // Clean text has no blank lines: one separates records.
            out.write_all(cleaned.text().as_bytes())?;
            out.write_all(b"\n")
        }
        Format::Markdown => {
            out.write_all(cleaned.markdown().unwrap_or(cleaned.text()).as_bytes())?;
            out.write_all(b"\n")
        }
        Format::Json | Format::Jsonl => {
            let mut v = page_json(label, cleaned, args);
            pagewash::json::add_record_fields(&mut v, meta);
            serde_json::to_writer(&mut *out, &v)?;
            out.write_all(b"\n")
        }
        Format::Wet => write_wet(out, meta, cleaned),
    }
}

/// A WARC/1.0 `conversion` record, as in Common Crawl's WET files.
fn write_wet(out: &mut dyn Write, meta: &RecordInfo, cleaned: &Cleaned) -> io::Result<()> {
    let text = cleaned.text().as_bytes();
    let mut head = String::from("WARC/1.0\r\nWARC-Type: conversion\r\n");
    if let Some(url) = &meta.url {
        head.push_str(&format!("WARC-Target-URI: {url}\r\n"));
    }
    if let Some(date) = &meta.date {
        head.push_str(&format!("WARC-Date: {date}\r\n"));
    }
    let key = meta
        .warc_record_id
        .clone()
        .unwrap_or_else(|| format!("{}@{}", meta.id, meta.offset));
    head.push_str(&format!(
        "WARC-Record-ID: <urn:pagewash:{:016x}>\r\n",
        fnv1a(key.as_bytes())
    ));
    if let Some(id) = &meta.warc_record_id {
        head.push_str(&format!("WARC-Refers-To: {id}\r\n"));
    }
    head.push_str(&format!(
        "Content-Type: text/plain\r\nContent-Length: {}\r\n\r\n",
        text.len()
    ));
    out.write_all(head.as_bytes())?;
    out.write_all(text)?;
    out.write_all(b"\r\n\r\n")
}

/// A stable 64-bit hash for derived record ids (FNV-1a).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// The summary printed at the end of a run.
pub fn summary(stats: &RunStats, secs: f64) -> String {
    let mut s = format!(
        "pagewash: {} records read: {} cleaned ({} empty, {} without an article, {} lossy), {} skipped, {} failed; {:.1} MB in, {:.1} MB out, {:.1} s, {:.0} records/s, {:.1} MB/s\n",
        stats.records,
        stats.cleaned,
        stats.empty,
        stats.no_main_content,
        stats.lossy,
        stats.skipped_total(),
        stats.failed_total(),
        stats.bytes_in as f64 / 1e6,
        stats.bytes_out as f64 / 1e6,
        secs,
        stats.records as f64 / secs.max(1e-3),
        stats.bytes_in as f64 / 1e6 / secs.max(1e-3),
    );
    for (reason, n) in &stats.skipped {
        s.push_str(&format!("  skipped {n}: {reason}\n"));
    }
    for (kind, n) in &stats.failed {
        s.push_str(&format!("  failed {n}: {kind}\n"));
    }
    let top = stats.top_rules(10);
    if !top.is_empty() {
        let list: Vec<String> = top.iter().map(|(r, n)| format!("{r} {n}")).collect();
        s.push_str(&format!(
            "  lines removed, top rules: {}\n",
            list.join(", ")
        ));
    }
    s
}

/// The summary as JSON (`--stats FILE`).
pub fn stats_json(stats: &RunStats, secs: f64) -> Value {
    pagewash::json::stats_json(stats, secs)
}
