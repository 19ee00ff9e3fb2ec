//! One record of a stream, cleaned: the decision to clean or skip it, and what is kept of
//! the record beside its text. The CLI, the Python binding and the Spark example all go
//! through [`clean_record`], so a record gives the same result whichever runs it.

use crate::records::{Record, RecordError};
use crate::{Cleaned, Hints, Pipeline};

/// What is kept of a record besides its body: where it came from and how complete it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RecordInfo {
    /// The record's id in its stream (see [`Record::id`]).
    pub id: String,
    /// The page's URL, if the record names it.
    pub url: Option<String>,
    /// The `WARC-Record-ID`, for WARC and WET input.
    pub warc_record_id: Option<String>,
    /// The `WARC-Date` (crawl time).
    pub date: Option<String>,
    /// Input offset of the record (of its gzip member in gzip input).
    pub offset: u64,
    /// The HTTP status of a WARC response.
    pub http_status: Option<u16>,
    /// Why the body is incomplete (`WARC-Truncated`, or `length` when the reader cut it).
    pub truncated: Option<String>,
}

impl RecordInfo {
    /// The information of `record`.
    pub fn of(record: &Record) -> Self {
        RecordInfo {
            id: record.id.clone(),
            url: record.url.clone(),
            warc_record_id: record.warc_record_id.clone(),
            date: record.date.clone(),
            offset: record.offset,
            http_status: record.http_status,
            truncated: record.truncated.clone(),
        }
    }
}

/// A record and its clean text.
#[derive(Clone, Debug)]
pub struct CleanedRecord {
    /// Where the record came from.
    pub info: RecordInfo,
    /// Its clean text and everything decided on the way.
    pub cleaned: Cleaned,
    /// Bytes of the record's body (the page as read, uncompressed).
    pub body_bytes: usize,
}

impl CleanedRecord {
    /// Whether the text may be incomplete or damaged: the page was lossy, or the crawler or
    /// the reader cut the record.
    pub fn is_lossy(&self) -> bool {
        self.cleaned.flags().is_lossy() || self.info.truncated.is_some()
    }
}

/// What became of one record.
#[derive(Clone, Debug)]
#[allow(clippy::large_enum_variant)] // the common case; boxing would cost every record
pub enum RecordOutcome {
    /// The record was a page and was cleaned.
    Cleaned(CleanedRecord),
    /// The record was not cleaned, for this reason (`not text (image/png)`, `http status 4xx`).
    Skipped(String),
}

/// Why a record is not cleaned: its payload is not text, or its HTTP status is not 2xx.
/// `None` for a record to clean.
pub fn skip_reason(record: &Record) -> Option<String> {
    if !record.is_text() {
        let ct = record
            .identified_payload_type
            .as_deref()
            .or(record.content_type.as_deref())
            .unwrap_or("")
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        return Some(format!("not text ({ct})"));
    }
    match record.http_status {
        Some(status) if !(200..300).contains(&status) => {
            Some(format!("http status {}xx", status / 100))
        }
        _ => None,
    }
}

/// Cleans `record` with `pipeline`, unless [`skip_reason`] says not to. `base` carries the
/// hints every page gets (a forced charset); the record adds its URL and content type.
///
/// ```
/// use pagewash::corpus::{clean_record, RecordOutcome};
/// use pagewash::records::{self, ReadOptions, StreamFormat};
///
/// let jsonl = "{\"id\":\"a\",\"text\":\"正文很长很长，有标点，这是文章的主体内容。\"}\n";
/// let record = records::open(jsonl.as_bytes(), StreamFormat::Jsonl, &ReadOptions::new())
///     .next().unwrap().unwrap();
/// let p = pagewash::Pipeline::default();
/// match clean_record(&p, &record, &pagewash::Hints::new()) {
///     RecordOutcome::Cleaned(r) => assert_eq!(r.info.id, "a"),
///     RecordOutcome::Skipped(why) => panic!("skipped: {why}"),
/// }
/// ```
pub fn clean_record(pipeline: &Pipeline, record: &Record, base: &Hints) -> RecordOutcome {
    if let Some(reason) = skip_reason(record) {
        return RecordOutcome::Skipped(reason);
    }
    let mut hints = record.hints();
    if let Some(c) = base.forced_charset() {
        hints = hints.with_charset(c.to_owned());
    }
    RecordOutcome::Cleaned(CleanedRecord {
        info: RecordInfo::of(record),
        cleaned: pipeline.clean(&record.body, &hints),
        body_bytes: record.body.len(),
    })
}

/// A short fixed name for the kind of a record error, for counting failures by kind
/// (`bad gzip member`, `bad warc header`).
pub fn error_kind(e: &RecordError) -> &'static str {
    match e {
        RecordError::Io { .. } => "read error",
        RecordError::Gzip { .. } => "bad gzip member",
        RecordError::Header { .. } => "bad warc header",
        RecordError::Block { .. } => "bad warc block",
        RecordError::Junk { .. } => "junk between records",
        RecordError::Http { .. } => "bad http response",
        RecordError::Json { .. } => "bad json line",
    }
}
