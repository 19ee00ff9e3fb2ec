//! [`RecordError`]: one record (or one stretch of input) could not be read.

use std::io;

use thiserror::Error;

use crate::decode::gzip::GzipError;

/// A record could not be read. Every variant but [`Io`](RecordError::Io) is local: the
/// reader reports it and goes on with the next record, so one damaged record costs that
/// record only.
///
/// Offsets are input byte offsets; in gzip input, the offset of the gzip member (what a
/// reader can seek to, as in Common Crawl's index).
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum RecordError {
    /// The underlying reader failed. Iteration ends after this error.
    #[error("cannot read the input at byte {offset}")]
    Io {
        /// How far reading got.
        offset: u64,
        /// The reader's error.
        #[source]
        source: io::Error,
    },
    /// A gzip member is damaged (cut, corrupt, bad checksum); reading goes on at the next
    /// member.
    #[error("bad gzip member at byte {offset}: {cause}")]
    Gzip {
        /// Input offset of the damaged member.
        offset: u64,
        /// What is wrong with it.
        cause: GzipError,
    },
    /// A WARC record header is malformed (no `Content-Length`, bad version line, too long);
    /// reading goes on at the next record.
    #[error("WARC header at byte {offset}: {problem}")]
    Header {
        /// Offset of the record.
        offset: u64,
        /// What is wrong.
        problem: String,
    },
    /// A WARC record's block does not match its `Content-Length` (the input or the gzip
    /// member ends first, or the block is not followed by CRLF CRLF); reading goes on at the
    /// next `WARC/1.`.
    #[error("WARC record at byte {offset}: {problem}")]
    Block {
        /// Offset of the record.
        offset: u64,
        /// What is wrong.
        problem: String,
    },
    /// Bytes where a WARC record should start that are not one; they were skipped up to the
    /// next `WARC/1.`.
    #[error("no WARC record at byte {offset}: {len} bytes of other data skipped")]
    Junk {
        /// Offset of the first skipped byte.
        offset: u64,
        /// How many bytes were skipped.
        len: u64,
    },
    /// A `response` record's HTTP status line or headers cannot be parsed.
    #[error("HTTP response in the WARC record at byte {offset}: {problem}")]
    Http {
        /// Offset of the record.
        offset: u64,
        /// What is wrong.
        problem: String,
    },
    /// A JSON line is not an object with a text field; reading goes on at the next line.
    #[error("JSON line {line} (byte {offset}): {problem}")]
    Json {
        /// Line number, from 1.
        line: u64,
        /// Offset of the line.
        offset: u64,
        /// What is wrong.
        problem: String,
    },
}

impl RecordError {
    /// The input offset the error is about.
    pub fn offset(&self) -> u64 {
        match self {
            RecordError::Io { offset, .. }
            | RecordError::Gzip { offset, .. }
            | RecordError::Header { offset, .. }
            | RecordError::Block { offset, .. }
            | RecordError::Junk { offset, .. }
            | RecordError::Http { offset, .. }
            | RecordError::Json { offset, .. } => *offset,
        }
    }

    /// Whether reading stops after this error (only a failing reader stops it).
    pub fn is_fatal(&self) -> bool {
        matches!(self, RecordError::Io { .. })
    }
}
