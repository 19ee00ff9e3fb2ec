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
    /// The record was not cleaned, for this reason (`not text (image/png)`, `http status 4xx`,
    /// `not text (by its content)`: a page whose bytes are binary data whatever its type
    /// says, see [`Flags::not_text`](crate::Flags::not_text)).
    Skipped(String),
    /// The record was a page but cleaning it failed (it went over the time budget): it
    /// counts as failed, with its offset.
    Failed(RecordFailure),
}

/// A record that was a page but could not be cleaned.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordFailure {
    /// A short fixed name for counting (`time budget exceeded`).
    pub kind: &'static str,
    /// Input offset of the record.
    pub offset: u64,
    /// What happened, naming the record and its offset.
    pub message: String,
}

/// The skip reason of a record whose content is not text ([`crate::Flags::not_text`]).
pub(crate) const NOT_TEXT_CONTENT: &str = "not text (by its content)";
/// The failure kind of a record over the time budget.
pub(crate) const TIME_BUDGET_EXCEEDED: &str = "time budget exceeded";

/// Why a record is not cleaned: its payload is not text, or its HTTP status is not 2xx.
/// `None` for a record to clean.
pub(crate) fn skip_reason(record: &Record) -> Option<String> {
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

/// Cleans `record` with `pipeline`, unless it is not to be cleaned (its payload is not text, or
/// its HTTP status is not 2xx: [`RecordOutcome::Skipped`]). `base` carries the
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
///     other => panic!("not cleaned: {other:?}"),
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
    let cleaned = pipeline.clean(&record.body, &hints);
    if cleaned.flags().timed_out {
        return RecordOutcome::Failed(RecordFailure {
            kind: TIME_BUDGET_EXCEEDED,
            offset: record.offset,
            message: format!(
                "record {} at byte {}: took longer than the time budget; not cleaned",
                record.id, record.offset
            ),
        });
    }
    if cleaned.flags().not_text.is_some() {
        return RecordOutcome::Skipped(NOT_TEXT_CONTENT.to_owned());
    }
    RecordOutcome::Cleaned(CleanedRecord {
        info: RecordInfo::of(record),
        cleaned,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::records::{self, ReadOptions, StreamFormat};

    /// One WARC response record with `status` and `content_type`, read back.
    fn response(status: u16, content_type: &str, body: &str) -> Record {
        let http = format!(
            "HTTP/1.1 {status} X\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        );
        let warc = format!(
            "WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n\
             WARC-Target-URI: http://x.cn/a\r\nContent-Type: application/http; msgtype=response\r\n\
             Content-Length: {}\r\n\r\n{http}\r\n\r\n",
            http.len()
        );
        records::open(warc.as_bytes(), StreamFormat::Warc, &ReadOptions::new())
            .next()
            .expect("one record")
            .expect("a valid record")
    }

    #[test]
    fn pages_are_cleaned_with_their_hints_and_info() {
        let r = response(200, "text/html; charset=gbk", "<p>hi</p>");
        assert_eq!(skip_reason(&r), None);
        let RecordOutcome::Cleaned(done) = clean_record(&Pipeline::default(), &r, &Hints::new())
        else {
            panic!("not cleaned");
        };
        assert_eq!(done.info.url.as_deref(), Some("http://x.cn/a"));
        assert_eq!(done.info.http_status, Some(200));
        assert_eq!(done.body_bytes, 9);
        assert_eq!(
            done.cleaned.encoding_source(),
            crate::EncodingSource::HttpHeader
        );
        assert!(!done.is_lossy());
    }

    #[test]
    fn non_text_and_non_2xx_records_are_skipped_with_a_reason() {
        let p = Pipeline::default();
        for (status, ct, reason) in [
            (200, "image/png", "not text (image/png)"),
            (200, "text/css; charset=utf-8", "not text (text/css)"),
            (404, "text/html", "http status 4xx"),
            (301, "text/html", "http status 3xx"),
        ] {
            let r = response(status, ct, "x");
            assert_eq!(skip_reason(&r).as_deref(), Some(reason));
            match clean_record(&p, &r, &Hints::new()) {
                RecordOutcome::Skipped(why) => assert_eq!(why, reason),
                other => panic!("{reason}: {other:?}"),
            }
        }
    }

    #[test]
    fn binary_bodies_are_skipped_and_pages_over_budget_fail_with_their_offset() {
        let p = Pipeline::default();
        let noise: String = (0..2000u32)
            .map(|i| char::from((i * 7 % 31) as u8))
            .collect();
        let r = response(200, "text/html", &noise);
        match clean_record(&p, &r, &Hints::new()) {
            RecordOutcome::Skipped(why) => assert_eq!(why, NOT_TEXT_CONTENT),
            other => panic!("{other:?}"),
        }
        let mut b = Pipeline::builder();
        b.time_budget(Some(std::time::Duration::ZERO));
        let r = response(200, "text/html", "<p>hi</p>");
        match clean_record(&b.build().unwrap(), &r, &Hints::new()) {
            RecordOutcome::Failed(f) => {
                assert_eq!((f.kind, f.offset), (TIME_BUDGET_EXCEEDED, 0));
                assert!(f.message.contains("byte 0"), "{}", f.message);
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn a_forced_charset_beats_the_record_header() {
        let r = response(200, "text/html; charset=utf-8", "abc");
        let base = Hints::new().with_charset("big5");
        let RecordOutcome::Cleaned(done) = clean_record(&Pipeline::default(), &r, &base) else {
            panic!("not cleaned");
        };
        assert_eq!(
            done.cleaned.encoding_source(),
            crate::EncodingSource::Forced
        );
    }
}
