//! [`detect`]: the stream format from the first bytes.

use super::StreamFormat;
use crate::decode::gzip::{gunzip, is_gzip};

/// Most bytes inflated from a gzip head: the first records' headers are all that is read.
const INFLATED_HEAD: usize = 256 * 1024;

/// The format of a stream, from its first bytes (64 KiB is plenty; fewer work). Gzip is
/// undone first (a cut member is fine: what inflated is looked at).
///
/// - `WARC/` → [`Wet`](StreamFormat::Wet) if the first record after `warcinfo` is a
///   `conversion` (or the `warcinfo` names a `.wet` file), else
///   [`Warc`](StreamFormat::Warc);
/// - `{` → [`Jsonl`](StreamFormat::Jsonl);
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
/// ```
pub fn detect(head: &[u8]) -> StreamFormat {
    let inflated;
    let data = if is_gzip(head) {
        inflated = gunzip(head, INFLATED_HEAD);
        &inflated.data[..]
    } else {
        head
    };
    let data = data.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(data);
    let start = data
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(data.len());
    let data = &data[start..];
    if data.starts_with(b"WARC/") {
        warc_or_wet(data)
    } else if data.first() == Some(&b'{') {
        StreamFormat::Jsonl
    } else {
        StreamFormat::Plain
    }
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
