//! The record reader behind `pagewash.read_warc` and `Pipeline.read_warc`: the records of a WARC, WET or JSON Lines file (gzip or not),
//! cleaned on the Rust side as Python iterates, with the same per-record decisions as
//! `pagewash clean` ([`pagewash::corpus::clean_record`]).
//!
//! Locking: the reader's state sits behind a mutex that is only ever taken with the GIL
//! released, so a thread waiting for it never holds the GIL that the thread inside may need
//! (to read a Python file object).

use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, Read};
use std::sync::{Arc, Mutex};
use std::time::Instant;

use pagewash::corpus::{self, CleanedRecord, RecordOutcome};
use pagewash::driver::{Driver, JobOutcome};
use pagewash::records::{self, ReadOptions, Record, RecordError, Records, StreamFormat};
use pagewash::stats::RunStats;
use pagewash::{Hints, Pipeline, PipelineOptions};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::cleaned::PyCleaned;
use crate::errors::{error, warn, Kind};
use crate::options::lock;
use crate::pyjson::to_py;

/// A Python binary file object as a `Read` (its `read(n)` called with the GIL taken).
struct PyFileReader {
    file: Py<PyAny>,
}

impl Read for PyFileReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        Python::attach(|py| {
            let chunk = self
                .file
                .bind(py)
                .call_method1("read", (buf.len(),))
                .map_err(|e| io::Error::other(e.to_string()))?;
            let chunk = chunk.cast::<PyBytes>().map_err(|_| {
                io::Error::new(
                    io::ErrorKind::InvalidData,
                    "the file's read() did not return bytes: open it in binary mode ('rb')",
                )
            })?;
            let bytes = chunk.as_bytes();
            let n = bytes.len().min(buf.len());
            buf[..n].copy_from_slice(&bytes[..n]);
            Ok(n)
        })
    }
}

type Input = Box<dyn Read + Send>;

/// How to handle a damaged record: raise, warn and go on, or only count it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum OnError {
    Raise,
    Warn,
    Ignore,
}

/// The options of `read_warc` besides the pipeline's.
pub struct ReaderArgs<'a> {
    /// The input's name in messages and `Record.source` (default: the path, or the file
    /// object's `name`).
    pub name: Option<String>,
    pub format: &'a str,
    pub threads: usize,
    pub errors: &'a str,
    pub json_text_field: Option<String>,
    pub json_id_field: Option<String>,
}

/// What the reader has ready for Python.
enum Item {
    Cleaned(Box<CleanedRecord>),
    Failed(Failure),
}

/// A record that could not be read or cleaned.
struct Failure {
    /// Short fixed kind: `bad gzip member`, `bad warc header`, … `internal error`.
    kind: &'static str,
    /// Input offset the error is about (`None` for a panic).
    offset: Option<u64>,
    message: String,
}

struct State {
    records: Records<Input>,
    pipeline: Arc<Pipeline>,
    base: Hints,
    threads: usize,
    ready: VecDeque<Item>,
    stats: RunStats,
    finished: bool,
}

impl State {
    /// The next record or error, reading and cleaning a batch (one record per thread × 8)
    /// when none is ready. `None` at the end of the input.
    fn next_item(&mut self) -> Option<Item> {
        // A batch of skipped records leaves nothing ready: read on until something is.
        while self.ready.is_empty() && !self.finished {
            self.fill();
        }
        self.ready.pop_front()
    }

    fn fill(&mut self) {
        let batch_len = if self.threads == 1 {
            1
        } else {
            self.threads * 8
        };
        let batch: Vec<Result<Record, RecordError>> =
            self.records.by_ref().take(batch_len).collect();
        if batch.len() < batch_len {
            self.finished = true;
        }
        let pipeline = &self.pipeline;
        let base = &self.base;
        let stats = &mut self.stats;
        let ready = &mut self.ready;
        Driver::new().threads(self.threads).run(
            batch,
            |item: Result<Record, RecordError>| match item {
                Ok(record) => Ok(corpus::clean_record(pipeline, &record, base)),
                Err(e) => Err(Failure {
                    kind: corpus::error_kind(&e),
                    offset: Some(e.offset()),
                    message: with_sources(&e),
                }),
            },
            |_, outcome| match outcome {
                JobOutcome::Done(Ok(RecordOutcome::Cleaned(done))) => {
                    stats.cleaned(done.body_bytes, &done.cleaned);
                    if done.is_lossy() && !done.cleaned.flags().is_lossy() {
                        stats.lossy += 1;
                    }
                    ready.push_back(Item::Cleaned(Box::new(done)));
                }
                JobOutcome::Done(Ok(RecordOutcome::Skipped(reason))) => stats.skipped(&reason),
                JobOutcome::Done(Ok(RecordOutcome::Failed(f))) => {
                    stats.failed(f.kind);
                    ready.push_back(Item::Failed(Failure {
                        kind: f.kind,
                        offset: Some(f.offset),
                        message: f.message,
                    }));
                }
                JobOutcome::Done(Err(failure)) => {
                    stats.failed(failure.kind);
                    ready.push_back(Item::Failed(failure));
                }
                JobOutcome::Panicked(m) => {
                    stats.failed("internal error");
                    ready.push_back(Item::Failed(Failure {
                        kind: "internal error",
                        offset: None,
                        message: format!("internal error: {m}"),
                    }));
                }
            },
        );
    }

    /// The run's counters so far, the records the reader passed over included.
    fn snapshot(&self) -> RunStats {
        let mut s = self.stats.clone();
        s.reader_skipped(&self.records.stats().skipped);
        s
    }
}

/// An iterator of cleaned records (`pagewash.Record`) over one input.
#[pyclass(name = "RecordReader", module = "pagewash", frozen)]
pub struct PyRecordReader {
    state: Mutex<State>,
    label: String,
    format: StreamFormat,
    on_error: OnError,
    started: Instant,
}

/// Opens `source` (a path or a binary file object) for `pipeline`.
pub fn open_reader(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    pipeline: &Arc<Pipeline>,
    options: &PipelineOptions,
    base: &Hints,
    args: ReaderArgs<'_>,
) -> PyResult<PyRecordReader> {
    let on_error = match args.errors {
        "raise" => OnError::Raise,
        "warn" => OnError::Warn,
        "ignore" => OnError::Ignore,
        other => {
            return Err(error(
                py,
                Kind::Option,
                format!("errors must be 'raise', 'warn' or 'ignore', not {other:?}"),
            ))
        }
    };
    if args.threads == 0 {
        return Err(error(py, Kind::Option, "threads must be at least 1"));
    }
    let format = match args.format {
        "auto" => None,
        "warc" => Some(StreamFormat::Warc),
        "wet" => Some(StreamFormat::Wet),
        "jsonl" => Some(StreamFormat::Jsonl),
        "plain" => Some(StreamFormat::Plain),
        other => {
            return Err(error(
                py,
                Kind::Option,
                format!("format must be 'auto', 'warc', 'wet', 'jsonl' or 'plain', not {other:?}"),
            ))
        }
    };
    let (input, mut label): (Input, String) = if source.hasattr("read")? {
        let label = source
            .getattr("name")
            .and_then(|n| n.str().map(|s| s.to_string()))
            .unwrap_or_else(|_| "<file object>".to_owned());
        (
            Box::new(PyFileReader {
                file: source.clone().unbind(),
            }),
            label,
        )
    } else {
        let path: std::path::PathBuf = source.extract().map_err(|_| {
            pyo3::exceptions::PyTypeError::new_err(format!(
                "read_warc takes a path or a binary file object, not {}",
                source
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        let file = File::open(&path).map_err(|e| {
            error(
                py,
                Kind::Read,
                format!("cannot open {}: {e}", path.display()),
            )
        })?;
        (Box::new(file), path.display().to_string())
    };
    if let Some(name) = args.name {
        label = name;
    }
    let mut read_options = ReadOptions::new();
    read_options
        .max_record_bytes(options.max_page_bytes)
        .json_fields(
            args.json_text_field.as_deref(),
            args.json_id_field.as_deref(),
        );
    let records = py
        .detach(|| match format {
            Some(f) => Ok(records::open(input, f, &read_options)),
            None => records::open_detected(input, &read_options),
        })
        .map_err(|e| error(py, Kind::Read, format!("{label}: {}", with_sources(&e))))?;
    Ok(PyRecordReader {
        format: records.format(),
        state: Mutex::new(State {
            records,
            pipeline: Arc::clone(pipeline),
            base: base.clone(),
            threads: args.threads,
            ready: VecDeque::new(),
            stats: RunStats::default(),
            finished: false,
        }),
        label,
        on_error,
        started: Instant::now(),
    })
}

#[pymethods]
impl PyRecordReader {
    fn __iter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    fn __next__(&self, py: Python<'_>) -> PyResult<Option<PyRecord>> {
        loop {
            let item = py.detach(|| lock(&self.state).next_item());
            match item {
                None => return Ok(None),
                Some(Item::Cleaned(done)) => {
                    let done = *done;
                    return Ok(Some(PyRecord {
                        source: self.label.clone(),
                        info: done.info,
                        cleaned: Py::new(
                            py,
                            PyCleaned {
                                inner: done.cleaned,
                            },
                        )?,
                        body_bytes: done.body_bytes,
                    }));
                }
                Some(Item::Failed(failure)) => {
                    // Reported with the input's name; the message has the byte offset.
                    let message = format!("{}: {}", self.label, failure.message);
                    match self.on_error {
                        OnError::Raise => {
                            let err = error(py, Kind::Record, message);
                            let value = err.value(py);
                            value.setattr("kind", failure.kind)?;
                            value.setattr("offset", failure.offset)?;
                            value.setattr("source", &self.label)?;
                            return Err(err);
                        }
                        OnError::Warn => warn(py, &message)?,
                        OnError::Ignore => {}
                    }
                }
            }
        }
    }

    /// The stream's format: `warc`, `wet`, `jsonl` or `plain`.
    #[getter]
    fn format(&self) -> String {
        self.format.to_string()
    }

    /// The input's name (its path, or the file object's `name`).
    #[getter]
    fn source(&self) -> &str {
        &self.label
    }

    /// Counts so far, as `pagewash clean --stats` writes them: records read = cleaned +
    /// skipped + failed, by reason, bytes in and out, seconds, top rules.
    #[getter]
    fn stats(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let snapshot = py.detach(|| lock(&self.state).snapshot());
        let secs = self.started.elapsed().as_secs_f64();
        to_py(py, &pagewash::json::stats_json(&snapshot, secs))
    }

    fn __enter__(slf: PyRef<'_, Self>) -> PyRef<'_, Self> {
        slf
    }

    #[pyo3(signature = (*_args))]
    fn __exit__(&self, _args: &Bound<'_, pyo3::types::PyTuple>) -> bool {
        false
    }

    fn __repr__(&self) -> String {
        format!("<pagewash.RecordReader {} ({})>", self.label, self.format)
    }
}

/// One cleaned record of a stream: where it came from, and its `Cleaned` result.
#[pyclass(name = "Record", module = "pagewash", frozen)]
pub struct PyRecord {
    source: String,
    info: pagewash::corpus::RecordInfo,
    cleaned: Py<PyCleaned>,
    body_bytes: usize,
}

#[pymethods]
impl PyRecord {
    /// A name for the page in output and logs: the URL if known, else the `WARC-Record-ID`,
    /// the JSON id field, or the line number (JSON). Use `warc_record_id` for a unique key.
    #[getter]
    fn id(&self) -> &str {
        &self.info.id
    }
    /// The page's URL (`WARC-Target-URI`, or the JSON url field).
    #[getter]
    fn url(&self) -> Option<&str> {
        self.info.url.as_deref()
    }
    /// The `WARC-Record-ID`.
    #[getter]
    fn warc_record_id(&self) -> Option<&str> {
        self.info.warc_record_id.as_deref()
    }
    /// The `WARC-Date` (crawl time).
    #[getter]
    fn warc_date(&self) -> Option<&str> {
        self.info.date.as_deref()
    }
    /// Byte offset of the record (of its gzip member, in gzip input).
    #[getter]
    fn offset(&self) -> u64 {
        self.info.offset
    }
    /// The HTTP status of a WARC response.
    #[getter]
    fn http_status(&self) -> Option<u16> {
        self.info.http_status
    }
    /// Why the record is incomplete (`WARC-Truncated`, or `length` when cut at
    /// `max_page_bytes`).
    #[getter]
    fn record_truncated(&self) -> Option<&str> {
        self.info.truncated.as_deref()
    }
    /// The input this record came from.
    #[getter]
    fn source(&self) -> &str {
        &self.source
    }
    /// Bytes of the page as read (the HTTP body, uncompressed).
    #[getter]
    fn body_bytes(&self) -> usize {
        self.body_bytes
    }
    /// The cleaned page.
    #[getter]
    fn cleaned(&self, py: Python<'_>) -> Py<PyCleaned> {
        self.cleaned.clone_ref(py)
    }
    /// The clean text (`record.cleaned.text`).
    #[getter]
    fn text(&self) -> &str {
        self.cleaned.get().inner.text()
    }
    /// The text may be incomplete or damaged (lossy page, or record cut).
    #[getter]
    fn lossy(&self) -> bool {
        self.cleaned.get().inner.flags().is_lossy() || self.info.truncated.is_some()
    }
    /// The record as a dict: exactly the fields of a line of
    /// `pagewash clean FILE --format jsonl` (`edits` when asked for, as with `--explain`).
    #[pyo3(signature = (*, edits = false))]
    fn to_dict(&self, py: Python<'_>, edits: bool) -> PyResult<Py<PyAny>> {
        let mut v = pagewash::json::page_json(&self.cleaned.get().inner, edits);
        pagewash::json::add_record_fields(&mut v, &self.info);
        v["source"] = serde_json::Value::String(self.source.clone());
        to_py(py, &v)
    }
    fn __repr__(&self) -> String {
        format!(
            "<pagewash.Record {} {} ({} chars)>",
            self.info.id,
            self.info.url.as_deref().unwrap_or("-"),
            self.cleaned.get().inner.text().chars().count()
        )
    }
}

/// An error's message followed by its causes' (`cannot read at byte 0: the file's read()
/// did not return bytes…`).
fn with_sources(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut cause = e.source();
    while let Some(c) = cause {
        let m = c.to_string();
        if !s.contains(&m) {
            s.push_str(": ");
            s.push_str(&m);
        }
        cause = c.source();
    }
    s
}
