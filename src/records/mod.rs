//! Record streams: WARC, WET, JSON Lines or one plain page, read one [`Record`] at a time.
//!
//! A corpus arrives as files of many pages: Common Crawl WARC (HTTP responses) and WET
//! (extracted text) files, gzip-compressed one record per member, or JSON Lines dumps.
//! [`open`] turns any [`Read`] into an iterator of records with their page bytes and what is
//! known about them (URL, HTTP status and `Content-Type`, offsets), ready for
//! [`Pipeline::clean`](crate::Pipeline::clean) with [`Record::hints`].
//!
//! # Example
//! ```
//! use pagewash::records::{self, ReadOptions, StreamFormat};
//!
//! let warc = b"WARC/1.1\r\nWARC-Type: conversion\r\nWARC-Target-URI: http://a.cn/1\r\n\
//!              Content-Type: text/plain\r\nContent-Length: 6\r\n\r\n\xe6\xad\xa3\xe6\x96\x87\r\n\r\n";
//! assert_eq!(records::detect(warc), StreamFormat::Wet);
//! let mut reader = records::open(&warc[..], StreamFormat::Wet, &ReadOptions::new());
//! let record = reader.next().unwrap().unwrap();
//! assert_eq!(record.url.as_deref(), Some("http://a.cn/1"));
//! assert_eq!(record.body, "正文".as_bytes());
//! assert!(reader.next().is_none());
//! assert_eq!(reader.stats().records, 1);
//! ```
//!
//! # Bounded memory
//! One record is held at a time, and of it at most
//! [`ReadOptions::max_record_bytes`] of body: a longer record is cut, flagged
//! ([`Record::truncated`] = `"length"`), and the rest of it is read past without being
//! buffered. Headers, JSON lines and look-back windows have fixed caps.
//!
//! # Damaged input
//! Nothing panics and nothing is dropped silently. A damaged record is an
//! `Err(`[`RecordError`]`)` item naming its byte offset, and reading goes on: at the next gzip
//! member (`1f 8b 08`), the next `WARC/1.`, or the next JSON line. Records that are not
//! pages (`warcinfo`, `request`, `metadata`, `revisit`, …) are not yielded but counted in
//! [`Records::stats`]. Only an I/O error of the reader ends the iteration (after it is
//! yielded).
//!
//! With one record per gzip member (Common Crawl), a record is yielded only after its
//! member's CRC-32 has been checked. A record that shares its member with others (a whole
//! file compressed as one member, or damage that makes a member go on past its record)
//! cannot wait for that check: if the member turns out damaged, the member's error follows
//! the record, with the same offset.
//!
//! # Compression
//! Gzip is recognised by its magic bytes whatever the format, and undone member by member
//! (one record per member, as Common Crawl writes, or one member for the whole file).

mod detect;
mod error;
mod http;
mod jsonl;
mod plain;
mod source;
mod warc;

use std::fmt;
use std::io::Read;

pub use detect::detect;
pub use error::RecordError;

use crate::{Hints, DEFAULT_MAX_PAGE_BYTES};
use source::{Source, SourceError};

/// The container format of a record stream (gzip or not: compression is detected
/// separately, on the first bytes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum StreamFormat {
    /// WARC 1.0 or 1.1: `response` records yield pages, `resource` and `conversion` records
    /// their block.
    Warc,
    /// WET: WARC files of `conversion` records (extracted text). Read exactly as
    /// [`Warc`](Self::Warc); told apart only so callers know to expect text.
    Wet,
    /// JSON Lines: one object per line, the page in one of its fields
    /// ([`ReadOptions::json_text_fields`]).
    Jsonl,
    /// Anything else: the whole input is one page.
    Plain,
}

impl fmt::Display for StreamFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            StreamFormat::Warc => "warc",
            StreamFormat::Wet => "wet",
            StreamFormat::Jsonl => "jsonl",
            StreamFormat::Plain => "plain",
        })
    }
}

/// What kind of record a [`Record`] came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum RecordKind {
    /// A WARC `response` record with an HTTP payload: the body is the HTTP body.
    Response,
    /// A WARC `conversion` record (WET): extracted text.
    Conversion,
    /// A WARC `resource` record: the block as is.
    Resource,
    /// One line of JSON Lines.
    Json,
    /// The whole of a plain input.
    Plain,
}

/// One page read from a stream.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Record {
    /// A name for the page in output and logs: the URL if known, else the WARC record id,
    /// the JSON id field, or the line number (JSON); empty for plain input (the caller knows
    /// its path).
    pub id: String,
    /// The page's URL (`WARC-Target-URI`, or the JSON `url` field).
    pub url: Option<String>,
    /// `WARC-Record-ID`.
    pub warc_record_id: Option<String>,
    /// `WARC-Date`.
    pub date: Option<String>,
    /// The HTTP `Content-Type` of a response; the WARC `Content-Type` of other records.
    pub content_type: Option<String>,
    /// `WARC-Identified-Payload-Type`: the type the crawler detected from the bytes (Common
    /// Crawl), more reliable than a server's `Content-Type`.
    pub identified_payload_type: Option<String>,
    /// HTTP status code of a response.
    pub http_status: Option<u16>,
    /// Why the body is incomplete: the `WARC-Truncated` reason (`length`, `time`, …), or
    /// `length` when this reader cut it at [`ReadOptions::max_record_bytes`].
    pub truncated: Option<String>,
    /// The payload: HTML or text bytes, HTTP headers stripped and chunked transfer coding
    /// undone. Its charset is not decided here (that is the pipeline's job, [`crate::Pipeline::clean`]).
    pub body: Vec<u8>,
    /// Input offset of the record; in gzip input, of the gzip member it starts in.
    pub offset: u64,
    /// What kind of record it came from.
    pub kind: RecordKind,
}

impl Record {
    /// Whether the payload is text pagewash can clean, judged on
    /// [`identified_payload_type`](Self::identified_payload_type) if known, else
    /// [`content_type`](Self::content_type) (see [`is_text_content_type`]).
    pub fn is_text(&self) -> bool {
        is_text_content_type(
            self.identified_payload_type
                .as_deref()
                .or(self.content_type.as_deref()),
        )
    }

    /// Hints for [`Pipeline::clean`](crate::Pipeline::clean): the content type (its charset
    /// parameter is the HTTP charset signal) and the URL (its TLD helps charset detection).
    pub fn hints(&self) -> Hints {
        let mut hints = Hints::new();
        if let Some(ct) = &self.content_type {
            hints = hints.with_content_type(ct.clone());
        }
        if let Some(url) = &self.url {
            hints = hints.with_url(url.clone());
        }
        hints
    }
}

/// Whether a `Content-Type` names a page pagewash can clean: HTML, XHTML, plain text and
/// other `text/*` types (servers label HTML `text/x-php`, `text/asp`, …), but not style
/// sheets, scripts or tabular text. An absent or empty type counts as text, since the
/// cleaner sniffs the bytes anyway. Images, PDF, audio, video, archives and other
/// `application/*` types are not text.
///
/// # Example
/// ```
/// use pagewash::records::is_text_content_type;
/// assert!(is_text_content_type(Some("text/html; charset=GBK")));
/// assert!(is_text_content_type(None));
/// assert!(!is_text_content_type(Some("image/jpeg")));
/// assert!(!is_text_content_type(Some("text/css")));
/// ```
pub fn is_text_content_type(content_type: Option<&str>) -> bool {
    let Some(ct) = content_type else {
        return true;
    };
    let mime = ct
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    if mime.is_empty() {
        return true;
    }
    match mime.split_once('/') {
        Some(("text", sub)) => !matches!(
            sub,
            "css"
                | "javascript"
                | "ecmascript"
                | "x-javascript"
                | "csv"
                | "tab-separated-values"
                | "calendar"
                | "vcard"
                | "x-vcard"
                | "vtt"
        ),
        Some(("application", "xhtml+xml")) => true,
        _ => false,
    }
}

/// Options for reading a stream. Fields are private so options can be added without
/// breaking callers; each setter says its default.
#[derive(Clone, Debug)]
pub struct ReadOptions {
    max_record_bytes: usize,
    json_text_fields: Vec<String>,
    json_id_fields: Vec<String>,
}

impl Default for ReadOptions {
    fn default() -> Self {
        ReadOptions {
            max_record_bytes: DEFAULT_MAX_PAGE_BYTES,
            json_text_fields: ["html", "text", "content"].map(String::from).to_vec(),
            json_id_fields: ["url", "id"].map(String::from).to_vec(),
        }
    }
}

impl ReadOptions {
    /// Options with every default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Longest body kept per record (default [`DEFAULT_MAX_PAGE_BYTES`], 16 MiB, the
    /// pipeline's own page limit). A longer body is cut to this length and flagged
    /// [`Record::truncated`] `= "length"`; the rest is skipped without being buffered.
    pub fn max_record_bytes(&mut self, bytes: usize) -> &mut Self {
        self.max_record_bytes = bytes;
        self
    }

    /// JSON Lines: the fields that may hold the page, first present string wins (default
    /// `html`, `text`, `content`).
    pub fn json_text_fields<S: AsRef<str>>(&mut self, fields: &[S]) -> &mut Self {
        self.json_text_fields = fields.iter().map(|f| f.as_ref().to_owned()).collect();
        self
    }

    /// JSON Lines: the fields that may name the record ([`Record::id`]), first present
    /// string or number wins (default `url`, `id`).
    pub fn json_id_fields<S: AsRef<str>>(&mut self, fields: &[S]) -> &mut Self {
        self.json_id_fields = fields.iter().map(|f| f.as_ref().to_owned()).collect();
        self
    }

    /// A front end's one text field and one id field, each when given (`--json-text-field`,
    /// `json_text_field=`); the defaults stay for the one not given.
    pub fn json_fields(&mut self, text: Option<&str>, id: Option<&str>) -> &mut Self {
        if let Some(f) = text {
            self.json_text_fields(&[f]);
        }
        if let Some(f) = id {
            self.json_id_fields(&[f]);
        }
        self
    }

    /// The configured body limit.
    pub fn get_max_record_bytes(&self) -> usize {
        self.max_record_bytes
    }
}

/// What a reader has seen so far: every record is either yielded, an error, or skipped and
/// counted here.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReadStats {
    /// Records yielded.
    pub records: u64,
    /// Records yielded with their body cut at the limit ([`Record::truncated`] set by this
    /// reader, not by the crawler).
    pub cut: u64,
    /// Errors yielded.
    pub errors: u64,
    /// WARC records read and not yielded, by type.
    pub skipped: Skipped,
}

/// WARC records that are not pages, counted by `WARC-Type`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Skipped {
    /// `warcinfo`: about the file.
    pub warcinfo: u64,
    /// `request`: the crawler's HTTP requests.
    pub request: u64,
    /// `metadata`: crawler metadata (fetch times, outlinks).
    pub metadata: u64,
    /// `revisit`: a page already archived (no payload).
    pub revisit: u64,
    /// `continuation`: the rest of a segmented record.
    pub continuation: u64,
    /// `response` records whose payload is not HTTP (DNS lookups, …).
    pub non_http_response: u64,
    /// Any other or missing `WARC-Type`.
    pub other: u64,
}

impl Skipped {
    /// All skipped records.
    pub fn total(&self) -> u64 {
        self.warcinfo
            + self.request
            + self.metadata
            + self.revisit
            + self.continuation
            + self.non_http_response
            + self.other
    }
}

/// Parser state per format.
enum State {
    Warc(warc::WarcReader),
    Jsonl(jsonl::JsonlReader),
    Plain(plain::PlainReader),
}

/// An iterator of records read from `R`: `Ok` for each page, `Err` for each damaged
/// record (reading goes on after it, except after an I/O error). See the [module
/// docs](self).
pub struct Records<R> {
    src: Source<R>,
    format: StreamFormat,
    options: ReadOptions,
    stats: ReadStats,
    state: State,
    done: bool,
}

/// How many raw bytes [`open_detected`] looks at.
const DETECT_HEAD: usize = 64 * 1024;

/// Reads records of `format` from `reader` (gzip or not).
///
/// The reader is read in 64 KiB chunks; wrapping it in a `BufReader` is not needed.
pub fn open<R: Read>(reader: R, format: StreamFormat, options: &ReadOptions) -> Records<R> {
    Records::with_source(Source::new(reader), format, options)
}

/// Reads records from `reader` in the format [`detect`] finds on its first 64 KiB (after
/// gzip is undone).
///
/// # Errors
/// [`RecordError::Io`] if those first bytes cannot be read.
pub fn open_detected<R: Read>(reader: R, options: &ReadOptions) -> Result<Records<R>, RecordError> {
    let mut src = Source::new(reader);
    let format = detect(src.head(DETECT_HEAD)?);
    Ok(Records::with_source(src, format, options))
}

impl<R: Read> Records<R> {
    fn with_source(mut src: Source<R>, format: StreamFormat, options: &ReadOptions) -> Self {
        src.probe_gzip(matches!(format, StreamFormat::Warc | StreamFormat::Wet));
        let state = match format {
            StreamFormat::Warc | StreamFormat::Wet => State::Warc(warc::WarcReader::new()),
            StreamFormat::Jsonl => State::Jsonl(jsonl::JsonlReader::new()),
            StreamFormat::Plain => State::Plain(plain::PlainReader::new()),
        };
        Records {
            src,
            format,
            options: options.clone(),
            stats: ReadStats::default(),
            state,
            done: false,
        }
    }

    /// The format being read.
    pub fn format(&self) -> StreamFormat {
        self.format
    }

    /// Counts so far: records yielded, cut, errors, records skipped by type.
    pub fn stats(&self) -> &ReadStats {
        &self.stats
    }

    /// Input bytes read so far (compressed bytes for gzip input), for progress reports.
    pub fn position(&self) -> u64 {
        self.src.position()
    }
}

/// Once `None`, always `None`.
impl<R: Read> std::iter::FusedIterator for Records<R> {}

impl<R: Read> Iterator for Records<R> {
    type Item = Result<Record, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let src = &mut self.src;
        let item = match &mut self.state {
            State::Warc(w) => w.next(src, &self.options, &mut self.stats.skipped),
            State::Jsonl(j) => j.next(src, &self.options),
            State::Plain(p) => p.next(src, &self.options),
        };
        match &item {
            None => self.done = true,
            Some(Ok(record)) => {
                self.stats.records += 1;
                if record.truncated.as_deref() == Some(CUT) {
                    self.stats.cut += 1;
                }
            }
            Some(Err(e)) => {
                self.stats.errors += 1;
                if e.is_fatal() {
                    self.done = true;
                }
            }
        }
        item
    }
}

/// The [`Record::truncated`] reason this reader sets when it cuts a body (the WARC
/// standard's name for a cut at a length limit).
const CUT: &str = "length";

impl From<SourceError> for RecordError {
    fn from(e: SourceError) -> Self {
        match e {
            SourceError::Io(offset, source) => RecordError::Io { offset, source },
            SourceError::Gzip(offset, cause) => RecordError::Gzip { offset, cause },
        }
    }
}

/// At most 40 bytes of `bytes`, quoted with escapes, for error messages.
fn snippet(bytes: &[u8]) -> String {
    let cut = &bytes[..bytes.len().min(40)];
    format!("{:?}", String::from_utf8_lossy(cut))
}

/// Cuts `body` to at most `max` bytes, backing up to the start of a UTF-8 sequence the cut
/// would split (so the cut does not become a replacement character); whether it cut.
fn cut_body(body: &mut Vec<u8>, max: usize) -> bool {
    if body.len() <= max {
        return false;
    }
    let is_continuation = |b: u8| b & 0xC0 == 0x80;
    let mut end = max;
    while end > 0 && max - end < 3 && is_continuation(body[end]) {
        end -= 1;
    }
    if is_continuation(body[end]) {
        end = max; // not UTF-8 there: any cut is as good
    }
    body.truncate(end);
    true
}
