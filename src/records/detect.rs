//! [`detect`]: the stream format from the first bytes.

use super::StreamFormat;
use crate::decode::gzip::{gunzip, is_gzip};

/// Most bytes inflated from a gzip head: the first records' headers are all that is read,
/// and as much as an uncompressed head holds (the CLI reads 64 KiB). More only cost: a
/// `.html.gz` page is inflated again when it is cleaned.
const INFLATED_HEAD: usize = 64 * 1024;

/// The format of a stream, from its first bytes (64 KiB is plenty; fewer work). Gzip is
/// undone first (a cut member is fine: what inflated is looked at).
///
/// - `WARC/` → [`Wet`](StreamFormat::Wet) if the first record after `warcinfo` is a
///   `conversion` (or the `warcinfo` names a `.wet` file), else
///   [`Warc`](StreamFormat::Warc);
/// - `{"` or `{}` (white space allowed between) → [`Jsonl`](StreamFormat::Jsonl);
/// - a well-formed WARC record header further on (after a line of text, damaged bytes, a
///   corrupt or cut first gzip member: the reader resynchronises there too) → as `WARC/`;
/// - a gzip stream of empty members only, so far → [`Warc`](StreamFormat::Warc);
/// - anything else, and nothing at all → [`Plain`](StreamFormat::Plain).
///
/// Leading white space and a UTF-8 byte-order mark are ignored.
///
/// # Example
/// ```
/// use pagewash::records::{detect, StreamFormat};
/// assert_eq!(detect(b"WARC/1.0\r\nWARC-Type: response\r\n"), StreamFormat::Warc);
/// assert_eq!(detect(br#"{"url": "http://a.cn/", "html": "<p>x</p>"}"#), StreamFormat::Jsonl);
/// assert_eq!(detect(b"<!doctype html><p>x</p>"), StreamFormat::Plain);
/// assert_eq!(detect(b"{{ page.title }}\nThe page's text."), StreamFormat::Plain);
/// assert_eq!(detect(b"{\"title\": \"Data types\"}\nThe page's text."), StreamFormat::Plain);
/// let damaged = b"junk line\nWARC/1.0\r\nWARC-Type: response\r\nContent-Length: 0\r\n\r\n";
/// assert_eq!(detect(damaged), StreamFormat::Warc);
/// assert_eq!(detect(b"<p>The first line of a record is WARC/1.0</p>"), StreamFormat::Plain);
/// ```
pub fn detect(head: &[u8]) -> StreamFormat {
    if is_gzip(head) {
        let inflated = gunzip(head, INFLATED_HEAD);
        let format = detect_text(&inflated.data);
        let nothing = inflated.data.trim_ascii().is_empty();
        if format != StreamFormat::Plain || (inflated.error.is_none() && !nothing) {
            return format;
        }
        // A damaged or empty first member: the members after it (as the reader resyncs).
        if let Some(format) = detect_later_members(&head[1..]) {
            return format;
        }
        // Only empty members so far: a page is never written so, a WARC writer can be.
        return if nothing && inflated.members > 1 {
            StreamFormat::Warc
        } else {
            StreamFormat::Plain
        };
    }
    match detect_text(head) {
        // A line of text before a gzip-compressed WARC.
        StreamFormat::Plain => detect_later_members(head).unwrap_or(StreamFormat::Plain),
        format => format,
    }
}

/// The format of uncompressed bytes: by the first bytes, else by a WARC record start
/// further on (past damage or a leading line of text).
fn detect_text(data: &[u8]) -> StreamFormat {
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let data = &data[start..];
    if data.starts_with(b"WARC/") {
        warc_or_wet(data)
    } else if opens_json_lines(data) {
        StreamFormat::Jsonl
    } else if let Some(at) = find_record_start(data) {
        warc_or_wet(&data[at..])
    } else {
        StreamFormat::Plain
    }
}

/// Whether `data` reads as JSON Lines: it opens a JSON object, and so does the next line
/// that is not blank, when the head holds one. A text page whose first line is a JSON blob
/// (a page's inline data, written out by a WET extractor) goes on with text.
fn opens_json_lines(data: &[u8]) -> bool {
    if !opens_json_object(data) {
        return false;
    }
    let Some(end) = memchr::memchr(b'\n', data) else {
        return true;
    };
    let next = data[end..].trim_ascii_start();
    next.is_empty() || opens_json_object(next)
}

/// Whether `data` opens a JSON object: `{`, then (past white space) a key's quote or the
/// closing brace. A text page whose first line is template debris (`{{ page.title }}`,
/// `{% block %}`) or a style rule is text, not a stream of bad JSON lines.
fn opens_json_object(data: &[u8]) -> bool {
    let Some(rest) = data.strip_prefix(b"{") else {
        return false;
    };
    matches!(rest.trim_ascii_start().first(), Some(b'"' | b'}') | None)
}

/// Gzip members tried after damage: each try inflates at most the rest of the head.
const MAX_MEMBER_TRIES: usize = 16;

/// The format of the first gzip member in `data` (past its start) that inflates to a WARC
/// record start.
fn detect_later_members(data: &[u8]) -> Option<StreamFormat> {
    const MEMBER_START: [u8; 3] = [0x1f, 0x8b, 0x08];
    memchr::memmem::find_iter(data, &MEMBER_START)
        .take(MAX_MEMBER_TRIES)
        .find_map(|at| {
            let inflated = gunzip(&data[at..], INFLATED_HEAD);
            let format = detect_text(&inflated.data);
            (format == StreamFormat::Warc || format == StreamFormat::Wet).then_some(format)
        })
}

/// Where the first well-formed WARC record header starts in `data`: a `WARC/1.x` line at a
/// line start, then header fields up to an empty line, among them `WARC-Type` and
/// `Content-Length`. A page that merely mentions `WARC/1.0` has no such block.
fn find_record_start(data: &[u8]) -> Option<usize> {
    memchr::memmem::find_iter(data, b"WARC/1.")
        .filter(|&at| at == 0 || data[at - 1] == b'\n')
        .find(|&at| is_record_header(&data[at..]))
}

/// Whether `data` opens with a WARC version line and a header block naming the record's
/// type and length.
fn is_record_header(data: &[u8]) -> bool {
    let mut lines = data.split(|&b| b == b'\n').take(64);
    let Some(version) = lines.next() else {
        return false;
    };
    let minor = version.trim_ascii_end().get(7..).unwrap_or_default();
    if minor.is_empty() || !minor.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let (mut kind, mut length) = (false, false);
    for line in lines {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            return kind && length;
        }
        if !line.contains(&b':') {
            return false;
        }
        kind |= field(line, b"warc-type").is_some();
        length |= field(line, b"content-length")
            .is_some_and(|v| !v.is_empty() && v.iter().all(u8::is_ascii_digit));
    }
    false
}

/// WET if the first record that is not `warcinfo` is a `conversion`, or (when the head
/// holds only the `warcinfo`) its `WARC-Filename` is a `.wet` file.
fn warc_or_wet(data: &[u8]) -> StreamFormat {
    let mut wet_name = false;
    for line in data.split(|&b| b == b'\n') {
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if let Some(kind) = field(line, b"warc-type") {
            if kind.eq_ignore_ascii_case(b"warcinfo") {
                continue;
            }
            return if kind.eq_ignore_ascii_case(b"conversion") {
                StreamFormat::Wet
            } else {
                StreamFormat::Warc
            };
        }
        if let Some(name) = field(line, b"warc-filename") {
            let name = name.to_ascii_lowercase();
            wet_name |= name.ends_with(b".wet") || name.ends_with(b".wet.gz");
        }
    }
    if wet_name {
        StreamFormat::Wet
    } else {
        StreamFormat::Warc
    }
}

/// The value of `line` if it is the header field `name` (lower case).
fn field<'a>(line: &'a [u8], name: &[u8]) -> Option<&'a [u8]> {
    let colon = line.iter().position(|&b| b == b':')?;
    line[..colon]
        .eq_ignore_ascii_case(name)
        .then(|| line[colon + 1..].trim_ascii())
}
