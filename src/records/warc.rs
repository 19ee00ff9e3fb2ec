//! WARC records (ISO 28500, WARC 1.0 and 1.1; <https://iipc.github.io/warc-specifications/>):
//! a `WARC/1.x` version line, header fields up to an empty line, `Content-Length` bytes of
//! block, then CRLF CRLF.
//!
//! Hand-written rather than taken from the `warc` crate (0.4): that crate reads blocks line
//! by line into a buffer the size of the record (no limit), decodes gzip with libflate as one
//! stream (no member offsets, one damaged member ends the file), and stops at the first
//! malformed record. Here a wrong `Content-Length` costs one record: in gzip input with one
//! record per member, the member end is the record's real end; elsewhere the block is
//! rescanned for the next `WARC/1.` line.

use std::io::Read;

use super::http::{dechunk, parse_head, MAX_HTTP_HEAD};
use super::source::{Chunk, Source, SourceError};
use super::{cut_body, snippet, ReadOptions, Record, RecordError, RecordKind, Skipped, CUT};

/// What every record starts with (the minor version follows).
const VERSION_PREFIX: &[u8] = b"WARC/1.";
/// Longest WARC header section read. Common Crawl's are under 1 KiB; a longer one is damage.
const MAX_WARC_HEADER: usize = 64 * 1024;
/// What follows every block.
const END_OF_RECORD: &[u8] = b"\r\n\r\n";
/// What follows a block in a WARC written with LF line ends, accepted when the block's
/// `Content-Length` is exact.
const LF_END_OF_RECORD: &[u8] = b"\n\n";
/// Initial capacity cap for a block buffer: a lying `Content-Length` must not allocate the
/// whole limit up front.
const INITIAL_BLOCK_CAPACITY: usize = 1 << 20;

/// Where a record starts.
#[derive(Clone, Copy, Debug)]
struct Start {
    /// Offset to report.
    offset: u64,
    /// The gzip member it starts in.
    member: Option<usize>,
    /// The record is the first in its gzip member: the member end is its end, and is
    /// reached before the record is yielded, so the member's CRC-32 vouches for it.
    aligned: bool,
}

/// How reading a run of bytes ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Ending {
    /// All the bytes asked for were read.
    Complete,
    /// The gzip member ended first.
    MemberEnd,
    /// The input ended first.
    Eof,
}

/// What reading one record gave.
// One value per record, moved once: boxing the page would cost an allocation for nothing.
#[allow(clippy::large_enum_variant)]
enum Outcome {
    /// A page.
    Page(Record),
    /// A record that is not a page, counted.
    Skipped,
    /// While resynchronising, a line that starts like a record but is not one (page text
    /// quoting `WARC/1.0`): more of the damage, not a new error.
    NotARecord,
}

/// Why a header section could not be read.
enum HeaderProblem {
    /// The first line is not a version line.
    BadVersion(String),
    /// The record's gzip member ended inside the header.
    MemberEnd,
    /// Anything else.
    Other(String),
}

/// The WARC parser's state between records.
pub(crate) struct WarcReader {
    /// After an error: bytes up to the next record are part of the damage, not reported
    /// again.
    resyncing: bool,
    /// A record start already found (its version prefix consumed).
    pending: Option<Start>,
    /// The gzip member the last record started in.
    last_member: Option<usize>,
}

impl WarcReader {
    pub(crate) fn new() -> Self {
        WarcReader {
            resyncing: false,
            pending: None,
            last_member: None,
        }
    }

    pub(crate) fn next<R: Read>(
        &mut self,
        src: &mut Source<R>,
        options: &ReadOptions,
        skipped: &mut Skipped,
    ) -> Option<Result<Record, RecordError>> {
        loop {
            let mut start = match self.pending.take() {
                Some(start) => start,
                None => {
                    let Scan { junk, start } = match find_start(src) {
                        Ok(found) => found,
                        Err(e) => {
                            self.resyncing = true;
                            return Some(Err(e.into()));
                        }
                    };
                    if let Some((offset, len)) = junk.filter(|_| !self.resyncing) {
                        self.pending = start;
                        return Some(Err(RecordError::Junk { offset, len }));
                    }
                    start?
                }
            };
            start.aligned = start.member.is_some() && start.member != self.last_member;
            if start.member.is_some() {
                self.last_member = start.member;
            }
            match self.read_record(src, start, options, skipped) {
                Ok(Outcome::Page(record)) => {
                    self.resyncing = false;
                    return Some(Ok(record));
                }
                Ok(Outcome::Skipped) => self.resyncing = false,
                Ok(Outcome::NotARecord) => {}
                Err(e) => {
                    self.resyncing = true;
                    return Some(Err(e));
                }
            }
        }
    }

    /// Reads the record whose version prefix was just consumed.
    fn read_record<R: Read>(
        &mut self,
        src: &mut Source<R>,
        start: Start,
        options: &ReadOptions,
        skipped: &mut Skipped,
    ) -> Result<Outcome, RecordError> {
        let offset = start.offset;
        let mut raw = RawHeader {
            bytes: Vec::with_capacity(1024),
            version_len: 0,
            rest_origin: 0,
        };
        let problem = match read_header(src, start.aligned, &mut raw)? {
            Ok(()) => None,
            Err(HeaderProblem::BadVersion(_)) if self.resyncing => {
                // The line may still hold the next record (`WARC/1.WARC/1.0`): rescan it.
                let mut rest = raw.bytes;
                rest.drain(..raw.version_len.min(rest.len()));
                src.unread(rest, raw.rest_origin);
                return Ok(Outcome::NotARecord);
            }
            Err(HeaderProblem::BadVersion(problem)) => {
                return Err(self.bad_header(src, start, raw, problem));
            }
            Err(HeaderProblem::MemberEnd) => {
                // The member is over: the next record starts the next one.
                return Err(RecordError::Header {
                    offset,
                    problem: "the gzip member ends inside the header".to_owned(),
                });
            }
            Err(HeaderProblem::Other(problem)) => Some(problem),
        };
        let fields = match problem.map_or_else(|| Fields::parse(&raw.bytes), Err) {
            Ok(fields) => fields,
            Err(problem) => return Err(self.bad_header(src, start, raw, problem)),
        };
        let Some(length) = fields.content_length else {
            let problem = "missing Content-Length".to_owned();
            return Err(self.bad_header(src, start, raw, problem));
        };
        let kind = fields.kind();

        let limit = options.max_record_bytes;
        let keep = match kind {
            Ok(RecordKind::Response) => limit.saturating_add(MAX_HTTP_HEAD),
            Ok(_) => limit,
            // Kept only to rescan if the block turns out to be wrong.
            Err(_) if !start.aligned => limit,
            Err(_) => 0,
        };
        let block_origin = src.offset_at(0);
        let (block, read, ending) = read_block(src, length, keep, start.aligned)?;
        if read < length {
            let place = if ending == Ending::MemberEnd {
                "gzip member"
            } else {
                "input"
            };
            if ending == Ending::Eof && block.len() as u64 == read {
                src.unread(block, block_origin);
            }
            return Err(RecordError::Block {
                offset,
                problem: format!(
                    "Content-Length {length} runs past the end of the {place}: \
                     the block has {read} bytes"
                ),
            });
        }

        let trailer_origin = src.offset_at(0);
        let (mut trailer, ending) = read_trailer(src, start.aligned)?;
        if trailer != END_OF_RECORD && trailer.starts_with(LF_END_OF_RECORD) {
            // Written with LF line ends (by hand, by tools on Unix): the block is exact, so
            // the record is good; what follows the two LFs is the next record's.
            let rest = trailer.split_off(LF_END_OF_RECORD.len());
            if !rest.is_empty() {
                src.unread(rest, trailer_origin + LF_END_OF_RECORD.len() as u64);
            }
            trailer = END_OF_RECORD.to_vec();
        }
        if trailer != END_OF_RECORD {
            let error = RecordError::Block {
                offset,
                problem: format!(
                    "the block of Content-Length {length} is not followed by CRLF CRLF \
                     (found {})",
                    snippet(&trailer)
                ),
            };
            if start.aligned {
                return Err(fail_member(src, ending == Ending::Complete, error));
            } else if block.len() as u64 == read {
                let mut rescan = block;
                rescan.extend_from_slice(&trailer);
                src.unread(rescan, block_origin);
            } else {
                src.unread(trailer, trailer_origin);
            }
            return Err(error);
        }
        if start.aligned && ending == Ending::Complete {
            match after_aligned_record(src)? {
                After::MemberEnd => {}
                After::Record(next) => self.pending = Some(next),
                After::Other => {
                    let error = RecordError::Block {
                        offset,
                        problem: "its gzip member goes on after the record with other data"
                            .to_owned(),
                    };
                    return Err(fail_member(src, true, error));
                }
            }
        }

        let kind = match kind {
            Ok(kind) => kind,
            Err(count) => {
                count(skipped);
                return Ok(Outcome::Skipped);
            }
        };
        let complete = block.len() as u64 == length;
        let mut body = block;
        let (mut http_status, mut content_type) = (None, fields.content_type);
        if kind == RecordKind::Response {
            let head = parse_head(&body, complete)
                .map_err(|problem| RecordError::Http { offset, problem })?;
            body.drain(..head.len);
            if head.chunked {
                if let Some(plain) = dechunk(&body) {
                    body = plain;
                }
            }
            http_status = Some(head.status);
            content_type = head.content_type;
        }
        let cut = cut_body(&mut body, limit) || !complete;
        let id = fields
            .target_uri
            .clone()
            .or_else(|| fields.record_id.clone())
            .unwrap_or_else(|| format!("@{offset}"));
        Ok(Outcome::Page(Record {
            id,
            url: fields.target_uri,
            warc_record_id: fields.record_id,
            date: fields.date,
            content_type,
            identified_payload_type: fields.identified_payload_type,
            http_status,
            truncated: fields.truncated.or_else(|| cut.then(|| CUT.to_owned())),
            body,
            offset,
            kind,
        }))
    }
}

/// What [`find_start`] found.
struct Scan {
    /// Bytes skipped on the way (offset of the first, count), unless only white space.
    junk: Option<(u64, u64)>,
    /// The record start; `None` at the end of the input.
    start: Option<Start>,
}

impl WarcReader {
    /// A header is damaged: where to look for the next record. In a record that starts its
    /// gzip member, after the member; elsewhere, in what was read after the version line
    /// (records run together when one is cut short: the next one's version line is in
    /// the damaged header).
    fn bad_header<R: Read>(
        &mut self,
        src: &mut Source<R>,
        start: Start,
        raw: RawHeader,
        problem: String,
    ) -> RecordError {
        let error = RecordError::Header {
            offset: start.offset,
            problem,
        };
        if start.aligned {
            return fail_member(src, true, error);
        }
        let mut rest = raw.bytes;
        rest.drain(..raw.version_len.min(rest.len()));
        src.unread(rest, raw.rest_origin);
        error
    }
}

/// Scans for the next `WARC/1.` and consumes it. Not only at line starts: a record cut short
/// runs into the next one mid-line, and the version line check that follows weeds out
/// `WARC/1.` quoted in text.
fn find_start<R: Read>(src: &mut Source<R>) -> Result<Scan, SourceError> {
    let mut junk: Option<(u64, u64)> = None;
    fn add_junk(junk: &mut Option<(u64, u64)>, offset: u64, len: u64) {
        match junk {
            Some((_, n)) => *n += len,
            None => *junk = Some((offset, len)),
        }
    }
    let mut matched = 0;
    let mut candidate = Start {
        offset: 0,
        member: None,
        aligned: false,
    };
    loop {
        match src.fill()? {
            Chunk::Data => {}
            Chunk::MemberEnd => {
                if matched > 0 {
                    add_junk(&mut junk, candidate.offset, matched as u64);
                }
                matched = 0;
                continue;
            }
            Chunk::Eof => {
                if matched > 0 {
                    add_junk(&mut junk, candidate.offset, matched as u64);
                }
                return Ok(Scan { junk, start: None });
            }
        }
        let data = src.buffer();
        let mut used = data.len();
        let mut found = false;
        for (i, &b) in data.iter().enumerate() {
            if matched > 0 {
                if b == VERSION_PREFIX[matched] {
                    matched += 1;
                    if matched == VERSION_PREFIX.len() {
                        used = i + 1;
                        found = true;
                        break;
                    }
                    continue;
                }
                add_junk(&mut junk, candidate.offset, matched as u64);
                matched = 0;
            }
            if b == VERSION_PREFIX[0] {
                matched = 1;
                candidate = Start {
                    offset: src.offset_at(i),
                    member: src.member(),
                    aligned: false,
                };
                continue;
            }
            // White space between records is tolerated (writers add blank lines).
            if junk.is_none() && matches!(b, b'\r' | b'\n' | b'\t' | b' ') {
                continue;
            }
            add_junk(&mut junk, src.offset_at(i), 1);
        }
        src.consume(used);
        if found {
            return Ok(Scan {
                junk,
                start: Some(candidate),
            });
        }
    }
}

/// A header section as read.
struct RawHeader {
    /// The bytes, from the version line to the empty line.
    bytes: Vec<u8>,
    /// Length of the version line (of the prefix until the line is complete): never given
    /// back, so rescanning always moves forward.
    version_len: usize,
    /// Offset to report for the byte after the version line.
    rest_origin: u64,
}

/// Reads the header section (the version prefix is already consumed) up to and including
/// the empty line, into `raw`. The version line is checked as soon as it is read, so a line
/// that only looks like one costs that line, not the lines after it. The inner `Err` is a
/// problem with this record.
fn read_header<R: Read>(
    src: &mut Source<R>,
    aligned: bool,
    raw: &mut RawHeader,
) -> Result<Result<(), HeaderProblem>, SourceError> {
    let header = &mut raw.bytes;
    header.extend_from_slice(VERSION_PREFIX);
    // Until the version line is complete, what follows the prefix is "the rest".
    raw.version_len = VERSION_PREFIX.len();
    raw.rest_origin = src.offset_at(0);
    let mut line_start = 0;
    loop {
        match src.fill()? {
            Chunk::Data => {}
            Chunk::MemberEnd if aligned => {
                return Ok(Err(HeaderProblem::MemberEnd));
            }
            Chunk::MemberEnd => continue,
            Chunk::Eof => {
                return Ok(Err(HeaderProblem::Other(
                    "the input ends inside the header".to_owned(),
                )))
            }
        }
        let data = src.buffer();
        let room = MAX_WARC_HEADER + 1 - header.len();
        match data.iter().take(room).position(|&b| b == b'\n') {
            Some(i) => {
                header.extend_from_slice(&data[..=i]);
                src.consume(i + 1);
                let line = &header[line_start..];
                if line_start == 0 {
                    if let Err(problem) = check_version(line) {
                        return Ok(Err(HeaderProblem::BadVersion(problem)));
                    }
                    raw.version_len = header.len();
                    raw.rest_origin = src.offset_at(0);
                } else if line == b"\n" || line == b"\r\n" {
                    return Ok(Ok(()));
                }
                line_start = header.len();
            }
            None => {
                let n = data.len().min(room);
                header.extend_from_slice(&data[..n]);
                src.consume(n);
            }
        }
        if header.len() > MAX_WARC_HEADER {
            return Ok(Err(HeaderProblem::Other(format!(
                "the header is longer than {MAX_WARC_HEADER} bytes"
            ))));
        }
    }
}

/// `WARC/1.0` or `WARC/1.1` (any `WARC/1.<digits>`), with its line break.
fn check_version(line: &[u8]) -> Result<(), String> {
    let version = line.trim_ascii_end();
    let minor = &version[VERSION_PREFIX.len().min(version.len())..];
    if minor.is_empty() || !minor.iter().all(u8::is_ascii_digit) {
        return Err(format!(
            "version line {} is not WARC/1.0 or WARC/1.1",
            snippet(version)
        ));
    }
    Ok(())
}

/// Reads `length` bytes of block, keeping the first `keep`. Returns the kept bytes, how
/// many were read, and why reading stopped.
fn read_block<R: Read>(
    src: &mut Source<R>,
    length: u64,
    keep: usize,
    stop_at_member_end: bool,
) -> Result<(Vec<u8>, u64, Ending), SourceError> {
    let capacity = length.min(keep as u64).min(INITIAL_BLOCK_CAPACITY as u64) as usize;
    let mut kept = Vec::with_capacity(capacity);
    let mut read = 0u64;
    while read < length {
        match src.fill()? {
            Chunk::Data => {}
            Chunk::MemberEnd if stop_at_member_end => return Ok((kept, read, Ending::MemberEnd)),
            Chunk::MemberEnd => continue,
            Chunk::Eof => return Ok((kept, read, Ending::Eof)),
        }
        let data = src.buffer();
        let n = (data.len() as u64).min(length - read) as usize;
        let room = keep.saturating_sub(kept.len());
        kept.extend_from_slice(&data[..n.min(room)]);
        src.consume(n);
        read += n as u64;
    }
    Ok((kept, read, Ending::Complete))
}

/// Reads up to the four bytes that should be CRLF CRLF.
fn read_trailer<R: Read>(
    src: &mut Source<R>,
    stop_at_member_end: bool,
) -> Result<(Vec<u8>, Ending), SourceError> {
    let (bytes, _, ending) = read_block(
        src,
        END_OF_RECORD.len() as u64,
        END_OF_RECORD.len(),
        stop_at_member_end,
    )?;
    Ok((bytes, ending))
}

/// What follows a record that started its gzip member.
enum After {
    /// The member's end (where its CRC-32 and length were checked), or the input's end.
    MemberEnd,
    /// Another record in the same member; its version prefix is consumed.
    Record(Start),
    /// Other data: damage.
    Other,
}

/// After a record that started its gzip member: reads on past white space to the member's
/// end, so that its CRC-32 and length are checked before the record is yielded and a record
/// from a damaged member is not. In a member holding several records, the next record's
/// `WARC/1.` comes first (it cannot be checked before the member's end, like any record not
/// first in its member); anything else after the record is damage.
fn after_aligned_record<R: Read>(src: &mut Source<R>) -> Result<After, SourceError> {
    let mut matched = 0;
    let mut start = Start {
        offset: 0,
        member: None,
        aligned: false,
    };
    loop {
        match src.fill()? {
            Chunk::Data => {}
            Chunk::MemberEnd | Chunk::Eof if matched == 0 => return Ok(After::MemberEnd),
            Chunk::MemberEnd | Chunk::Eof => return Ok(After::Other),
        }
        let data = src.buffer();
        let mut used = data.len();
        let mut verdict = None;
        for (i, &b) in data.iter().enumerate() {
            if matched == 0 && matches!(b, b'\r' | b'\n' | b'\t' | b' ') {
                continue;
            }
            if b != VERSION_PREFIX[matched] {
                used = i;
                verdict = Some(After::Other);
                break;
            }
            if matched == 0 {
                start.offset = src.offset_at(i);
                start.member = src.member();
            }
            matched += 1;
            if matched == VERSION_PREFIX.len() {
                used = i + 1;
                verdict = Some(After::Record(start));
                break;
            }
        }
        src.consume(used);
        if let Some(verdict) = verdict {
            return Ok(verdict);
        }
    }
}

/// A record that starts its gzip member is damaged: the rest of the member is skipped now
/// (`skip`), to look for the next record after it. When the skip finds the member itself
/// corrupt (bad deflate data, a checksum mismatch), that corruption is the record's one
/// error: `error` was its symptom, and reporting both would count one record twice.
fn fail_member<R: Read>(src: &mut Source<R>, skip: bool, error: RecordError) -> RecordError {
    if !skip {
        return error;
    }
    match skip_member(src) {
        Ok(()) => error,
        Err(e) => e.into(),
    }
}

/// Discards the rest of the current gzip member.
fn skip_member<R: Read>(src: &mut Source<R>) -> Result<(), SourceError> {
    loop {
        match src.fill()? {
            Chunk::Data => {
                let n = src.buffer().len();
                src.consume(n);
            }
            Chunk::MemberEnd | Chunk::Eof => return Ok(()),
        }
    }
}

/// The header fields pagewash uses.
#[derive(Debug, Default)]
struct Fields {
    warc_type: Option<String>,
    content_length: Option<u64>,
    target_uri: Option<String>,
    record_id: Option<String>,
    date: Option<String>,
    content_type: Option<String>,
    truncated: Option<String>,
    identified_payload_type: Option<String>,
}

/// Which [`Fields`] slot a header line fills.
#[derive(Clone, Copy)]
enum Slot {
    Type,
    Length,
    Uri,
    Id,
    Date,
    ContentType,
    Truncated,
    PayloadType,
}

/// Field names (lower case) and their slots.
const SLOTS: [(&[u8], Slot); 8] = [
    (b"warc-type", Slot::Type),
    (b"content-length", Slot::Length),
    (b"warc-target-uri", Slot::Uri),
    (b"warc-record-id", Slot::Id),
    (b"warc-date", Slot::Date),
    (b"content-type", Slot::ContentType),
    (b"warc-truncated", Slot::Truncated),
    (b"warc-identified-payload-type", Slot::PayloadType),
];

impl Fields {
    /// Parses a header section (version line first). Continuation lines (leading white
    /// space, WARC 1.0 §4) extend the field above.
    fn parse(header: &[u8]) -> Result<Fields, String> {
        let mut lines = header
            .split(|&b| b == b'\n')
            .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
        lines.next(); // the version line, checked by `read_header`
        let mut fields = Fields::default();
        // Content-Length is collected as text and parsed once the header is read.
        let mut raw_length: Option<String> = None;
        let mut last: Option<Slot> = None;
        for line in lines {
            if line.is_empty() {
                break;
            }
            if matches!(line[0], b' ' | b'\t') {
                if let Some(slot) = last {
                    let more = String::from_utf8_lossy(line.trim_ascii());
                    let value = match fields.text_slot(slot) {
                        Some(field) => field.as_mut(),
                        None => raw_length.as_mut(),
                    };
                    if let Some(value) = value {
                        value.push(' ');
                        value.push_str(&more);
                    }
                }
                continue;
            }
            last = None;
            // A line that is not a field, or a field given twice, is where a record cut
            // short runs into the next one.
            let Some(colon) = line.iter().position(|&b| b == b':') else {
                return Err(format!("line {} is not a header field", snippet(line)));
            };
            let name = line[..colon].trim_ascii();
            let Some(&(_, slot)) = SLOTS.iter().find(|(n, _)| name.eq_ignore_ascii_case(n)) else {
                continue;
            };
            let value = String::from_utf8_lossy(line[colon + 1..].trim_ascii()).into_owned();
            let field = match fields.text_slot(slot) {
                Some(field) => field,
                None => &mut raw_length,
            };
            if field.is_some() {
                return Err(format!(
                    "field {} appears twice",
                    String::from_utf8_lossy(name)
                ));
            }
            *field = Some(value);
            last = Some(slot);
        }
        if let Some(raw) = raw_length {
            let digits = raw.trim();
            let parsed = Some(digits)
                .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
                .and_then(|d| d.parse::<u64>().ok());
            match parsed {
                Some(n) => fields.content_length = Some(n),
                None => {
                    return Err(format!(
                        "Content-Length {} is not a number",
                        snippet(digits.as_bytes())
                    ))
                }
            }
        }
        if let Some(uri) = &mut fields.target_uri {
            // WARC 1.0's grammar wrote the URI in angle brackets; some writers still do.
            if let Some(inner) = uri.strip_prefix('<').and_then(|u| u.strip_suffix('>')) {
                *uri = inner.to_owned();
            }
        }
        Ok(fields)
    }

    /// The text field a slot fills; `None` for Content-Length (a number).
    fn text_slot(&mut self, slot: Slot) -> Option<&mut Option<String>> {
        match slot {
            Slot::Type => Some(&mut self.warc_type),
            Slot::Length => None,
            Slot::Uri => Some(&mut self.target_uri),
            Slot::Id => Some(&mut self.record_id),
            Slot::Date => Some(&mut self.date),
            Slot::ContentType => Some(&mut self.content_type),
            Slot::Truncated => Some(&mut self.truncated),
            Slot::PayloadType => Some(&mut self.identified_payload_type),
        }
    }

    /// The kind of page the record yields, or the counter it goes to when skipped.
    fn kind(&self) -> Result<RecordKind, fn(&mut Skipped)> {
        let t = self.warc_type.as_deref().unwrap_or("").to_ascii_lowercase();
        match t.as_str() {
            "response" => {
                let http = self.content_type.as_deref().is_none_or(|ct| {
                    ct.trim_start()
                        .to_ascii_lowercase()
                        .starts_with("application/http")
                });
                if http {
                    Ok(RecordKind::Response)
                } else {
                    Err(|s| s.non_http_response += 1)
                }
            }
            "conversion" => Ok(RecordKind::Conversion),
            "resource" => Ok(RecordKind::Resource),
            "warcinfo" => Err(|s| s.warcinfo += 1),
            "request" => Err(|s| s.request += 1),
            "metadata" => Err(|s| s.metadata += 1),
            "revisit" => Err(|s| s.revisit += 1),
            "continuation" => Err(|s| s.continuation += 1),
            _ => Err(|s| s.other += 1),
        }
    }
}
