//! The HTTP message inside a WARC `response` record: status line, the headers pagewash
//! uses, and chunked transfer coding.
//!
//! Common Crawl stores bodies with the transfer coding already undone but keeps the original
//! header (renamed `X-Crawler-Transfer-Encoding` in recent crawls, as is in older ones and
//! in other crawlers' WARCs), so a `Transfer-Encoding: chunked` header does not prove the
//! body is chunked: [`dechunk`] is tried, and its result used only if the body parses as
//! chunks.

use super::snippet;

/// Longest HTTP header section read (status line and headers); beyond it the record is
/// damaged, not a page.
pub(crate) const MAX_HTTP_HEAD: usize = 64 * 1024;
/// Longest chunk-size line accepted (size, extensions).
const MAX_CHUNK_LINE: usize = 1024;

/// What is kept of an HTTP response head.
#[derive(Debug)]
pub(crate) struct Head {
    pub(crate) status: u16,
    pub(crate) content_type: Option<String>,
    pub(crate) chunked: bool,
    /// Bytes of the head, blank line included: the body starts here.
    pub(crate) len: usize,
}

/// Parses the head at the start of `block`. `complete` says `block` is the whole block (not
/// cut at the body limit): a head with no blank line is then a response with no body.
pub(crate) fn parse_head(block: &[u8], complete: bool) -> Result<Head, String> {
    let (len, head) = match head_end(block) {
        Some(end) => (end, &block[..end]),
        None if complete && block.len() <= MAX_HTTP_HEAD => (block.len(), block),
        None => {
            return Err(format!(
                "the headers do not end within the first {MAX_HTTP_HEAD} bytes"
            ))
        }
    };
    let mut lines = head
        .split(|&b| b == b'\n')
        .map(|l| l.strip_suffix(b"\r").unwrap_or(l));
    let status_line = lines.next().unwrap_or_default();
    let status = parse_status(status_line).ok_or_else(|| {
        format!(
            "status line {} is not `HTTP/<version> <code> <reason>`",
            snippet(status_line)
        )
    })?;
    let mut content_type = None;
    let mut chunked = false;
    for line in lines {
        let Some(colon) = line.iter().position(|&b| b == b':') else {
            continue;
        };
        let (name, value) = (line[..colon].trim_ascii(), line[colon + 1..].trim_ascii());
        if name.eq_ignore_ascii_case(b"content-type") && content_type.is_none() {
            content_type = Some(String::from_utf8_lossy(value).into_owned());
        } else if name.eq_ignore_ascii_case(b"transfer-encoding") {
            chunked |= value
                .to_ascii_lowercase()
                .windows(7)
                .any(|w| w == b"chunked");
        }
    }
    Ok(Head {
        status,
        content_type,
        chunked,
        len,
    })
}

/// `HTTP/1.1 200 OK` → 200. The reason phrase may be missing (`HTTP/2 200`).
fn parse_status(line: &[u8]) -> Option<u16> {
    let rest = line.strip_prefix(b"HTTP/")?;
    let space = rest.iter().position(|&b| b == b' ')?;
    let rest = rest[space..].trim_ascii_start();
    let code = rest.get(..3)?;
    if !code.iter().all(u8::is_ascii_digit) || rest.get(3).is_some_and(|&b| b != b' ') {
        return None;
    }
    std::str::from_utf8(code).ok()?.parse().ok()
}

/// End of the header section: just past the first empty line (CRLF CRLF, or bare LF LF).
fn head_end(block: &[u8]) -> Option<usize> {
    let searched = &block[..block.len().min(MAX_HTTP_HEAD)];
    let mut from = 0;
    while let Some(i) = searched[from..].iter().position(|&b| b == b'\n') {
        let nl = from + i;
        match searched.get(nl + 1..) {
            Some([b'\n', ..]) => return Some(nl + 2),
            Some([b'\r', b'\n', ..]) => return Some(nl + 3),
            _ => from = nl + 1,
        }
    }
    None
}

/// Undoes chunked transfer coding (RFC 9112 §7.1). `None` when `body` is not chunked: the
/// first size line does not parse, or a later one is damaged (the body is then used as is).
/// A body cut inside a chunk (a truncated record) yields what came before the cut.
pub(crate) fn dechunk(body: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(body.len());
    let mut pos = 0;
    loop {
        let rest = &body[pos..];
        if rest.is_empty() {
            // Cut right after a chunk: keep what there is (but one chunk at least).
            return (pos > 0).then_some(out);
        }
        let line_end = rest.iter().take(MAX_CHUNK_LINE).position(|&b| b == b'\n');
        let Some(line_end) = line_end else {
            return (pos > 0 && rest.len() < MAX_CHUNK_LINE).then_some(out);
        };
        let line = &rest[..line_end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let digits = line
            .iter()
            .position(|&b| b == b';' || b == b' ' || b == b'\t')
            .map_or(line, |i| &line[..i]);
        if digits.is_empty() || digits.len() > 15 || !digits.iter().all(u8::is_ascii_hexdigit) {
            return None;
        }
        let size = u64::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
        pos += line_end + 1;
        if size == 0 {
            return Some(out); // trailer fields after the last chunk are not kept
        }
        let available = (body.len() - pos) as u64;
        if size > available {
            out.extend_from_slice(&body[pos..]);
            return Some(out);
        }
        let size = size as usize;
        out.extend_from_slice(&body[pos..pos + size]);
        pos += size;
        match &body[pos..] {
            [b'\r', b'\n', ..] => pos += 2,
            [b'\n', ..] => pos += 1,
            [] | [b'\r'] => return Some(out),
            _ => return None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_lines() {
        assert_eq!(parse_status(b"HTTP/1.1 200 OK"), Some(200));
        assert_eq!(parse_status(b"HTTP/2 404"), Some(404));
        assert_eq!(parse_status(b"HTTP/1.0  301 Moved"), Some(301));
        assert_eq!(parse_status(b"HTTP/1.1 2000 OK"), None);
        assert_eq!(parse_status(b"HTTP/1.1"), None);
        assert_eq!(parse_status(b"<html>"), None);
    }

    #[test]
    fn head_with_lf_only_and_no_body() {
        let h = parse_head(b"HTTP/1.1 200 OK\nContent-Type: text/html\n\n<p>", true).unwrap();
        assert_eq!((h.status, h.len), (200, 41));
        assert_eq!(h.content_type.as_deref(), Some("text/html"));
        let h = parse_head(b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n", true).unwrap();
        assert_eq!((h.status, h.len), (304, 36));
        assert!(parse_head(b"HTTP/1.1 304 Not Modified\r\nETag: x\r\n", false).is_err());
    }

    #[test]
    fn chunked_bodies() {
        assert_eq!(
            dechunk(b"4\r\nWiki\r\n6;ext=1\r\npedia \r\n0\r\n\r\n").as_deref(),
            Some(&b"Wikipedia "[..])
        );
        assert_eq!(dechunk(b"5\r\nhel").as_deref(), Some(&b"hel"[..]));
        assert_eq!(dechunk(b"<html>"), None);
        assert_eq!(dechunk(b"3\r\nabcXX"), None);
        assert_eq!(dechunk(b""), None);
    }
}
