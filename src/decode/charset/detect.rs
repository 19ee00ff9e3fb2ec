//! The chardetng driver: chardetng's guess for bytes no label decides, read as little of the
//! page as a settled guess needs (chardetng is the costly part of the decision).

use encoding_rs::{DecoderResult, Encoding};

use super::is_cjk_multibyte;

/// How many bytes chardetng reads at most. It runs at roughly 7 MB/s, so this bounds its cost
/// to about 10 ms a page; 64 KiB holds far more text than it needs (256 characters are enough
/// for every charset in the tests). CJK pages usually stop much earlier: see
/// [`DETECT_EVIDENCE`].
pub const DETECT_WINDOW: usize = 64 * 1024;

/// Non-ASCII bytes after which chardetng stops reading when its guess is a multi-byte CJK
/// encoding (GBK, Big5, Shift_JIS, EUC-JP, EUC-KR) that decodes the whole detection window
/// without a malformed sequence. 4096 bytes are about 2000 CJK characters, eight times what
/// the tests need. Checked against reading the whole window on 11 064 inputs, three TLD hints
/// each (the dev sets' real non-UTF-8 pages; their gold texts, the seeds and the UTF-8 dev
/// pages, each also rotated to four other starting points, re-encoded in 19 legacy
/// encodings): all 701 early stops gave the same guess; stopping at 3072 too (836 stops),
/// while at 2048 two of 1200 differed (Chinese text in EUC-JP, taken for GBK early). The
/// clean-decode check keeps the full read for pages whose later bytes would disqualify the
/// early guess (a GB2312-labelled page with stray bytes, say). Chinese pages carry most of
/// their bytes as non-ASCII, so this cuts detection on them several-fold; chardetng costs
/// ~100 ns per byte, ASCII included, so a page with little text still pays for its markup.
pub const DETECT_EVIDENCE: usize = 4096;

/// chardetng is fed this many bytes at a time, checking [`DETECT_EVIDENCE`] in between.
const DETECT_CHUNK: usize = 1024;

/// ASCII kept on each side of a long ASCII run when chardetng first reads a condensed page
/// (see `detect`): enough for the words and punctuation around the text.
const CONDENSE_CONTEXT: usize = 16;

/// Non-ASCII bytes a whole condensed page must have for its guess to stand (about 250 CJK
/// characters). Checked like [`DETECT_EVIDENCE`], on the same 11 064 inputs × 3 TLD hints:
/// the condensed guess was taken 1 975 times and always equalled chardetng's guess on the
/// whole window (and with 8 or 32 bytes of context, or 256 to 1024 bytes of evidence, too).
/// A markup-heavy GBK page with little text (22 KB, 3.5 KB of it non-ASCII) is then read in
/// 0.5 ms instead of 2.1 ms.
pub const CONDENSED_MIN_EVIDENCE: usize = 512;

/// chardetng's guess. `last` tells it whether `bytes` is the whole input.
///
/// chardetng costs about 100 ns a byte, markup included, so it first reads the page with its
/// long ASCII runs cut ([`condense_ascii_runs`]): when that settles on a multi-byte CJK
/// encoding that decodes all of `bytes` cleanly ([`settled_guess`]), that is the guess.
/// Otherwise it reads the bytes themselves, in [`DETECT_CHUNK`]s: once
/// [`DETECT_EVIDENCE`] non-ASCII bytes have been fed, a guess that is a multi-byte CJK
/// encoding and decodes all of `bytes` without a malformed sequence is taken without reading
/// further; otherwise everything is fed.
pub(super) fn detect(bytes: &[u8], last: bool, url: Option<&str>) -> &'static Encoding {
    let tld = url.and_then(tld_of);
    let tld = tld.as_deref().map(str::as_bytes);
    let condensed = condense_ascii_runs(bytes);
    if condensed.len() < bytes.len() {
        if let Some(g) = settled_guess(&condensed, last, tld, bytes) {
            return g;
        }
    }
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let guess = |det: &chardetng::EncodingDetector| det.guess(tld, chardetng::Utf8Detection::Deny);
    let mut non_ascii = 0usize;
    let mut checked = false;
    let mut fed = 0;
    while fed < bytes.len() {
        let end = (fed + DETECT_CHUNK).min(bytes.len());
        let chunk = &bytes[fed..end];
        non_ascii += chunk.iter().filter(|&&b| b >= 0x80).count();
        det.feed(chunk, last && end == bytes.len());
        fed = end;
        if fed < bytes.len() && !checked && non_ascii >= DETECT_EVIDENCE {
            let g = guess(&det);
            if is_cjk_multibyte(g) {
                // One check only: if the rest of the window disqualifies the guess, feeding
                // it all is what tells which encoding wins instead.
                checked = true;
                if decodes_cleanly(g, bytes) {
                    return g;
                }
            }
        }
    }
    guess(&det)
}

/// `bytes` with every run of ASCII longer than `2 × CONDENSE_CONTEXT + 1` bytes cut to its
/// first and last [`CONDENSE_CONTEXT`] bytes around one space (a run at the very start or
/// end keeps only the side next to non-ASCII text): the markup, scripts and styles of a
/// Chinese page go, the ASCII next to its text stays.
fn condense_ascii_runs(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let start = at;
        at += bytes[at..]
            .iter()
            .position(|&b| b < 0x80)
            .unwrap_or(bytes.len() - at);
        out.extend_from_slice(&bytes[start..at]);
        let start = at;
        at += bytes[at..]
            .iter()
            .position(|&b| b >= 0x80)
            .unwrap_or(bytes.len() - at);
        let run = &bytes[start..at];
        if run.len() <= 2 * CONDENSE_CONTEXT + 1 {
            out.extend_from_slice(run);
        } else {
            let head = if start == 0 { 0 } else { CONDENSE_CONTEXT };
            let tail = if at == bytes.len() {
                0
            } else {
                CONDENSE_CONTEXT
            };
            out.extend_from_slice(&run[..head]);
            out.push(b' ');
            out.extend_from_slice(&run[run.len() - tail..]);
        }
    }
    out
}

/// chardetng's guess on a condensed page, when it settles: at [`DETECT_EVIDENCE`] non-ASCII
/// bytes, or at the end of `stream` with at least [`CONDENSED_MIN_EVIDENCE`], the guess must
/// be a multi-byte CJK encoding that decodes all of `window` (the page's bytes) cleanly.
/// `None` otherwise: the page is then read as it is.
fn settled_guess(
    stream: &[u8],
    last: bool,
    tld: Option<&[u8]>,
    window: &[u8],
) -> Option<&'static Encoding> {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    let mut non_ascii = 0usize;
    let mut fed = 0;
    while fed < stream.len() {
        let end = (fed + DETECT_CHUNK).min(stream.len());
        let chunk = &stream[fed..end];
        non_ascii += chunk.iter().filter(|&&b| b >= 0x80).count();
        det.feed(chunk, last && end == stream.len());
        fed = end;
        let settled = if fed < stream.len() {
            non_ascii >= DETECT_EVIDENCE
        } else {
            non_ascii >= CONDENSED_MIN_EVIDENCE
        };
        if settled {
            let g = det.guess(tld, chardetng::Utf8Detection::Deny);
            return (is_cjk_multibyte(g) && decodes_cleanly(g, window)).then_some(g);
        }
    }
    None
}

/// Whether `bytes` decode with `enc` without a malformed sequence (an incomplete sequence at
/// the end, where a window may cut a character, is not one).
fn decodes_cleanly(enc: &'static Encoding, bytes: &[u8]) -> bool {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut buf = String::with_capacity(16 * 1024);
    let mut pos = 0;
    loop {
        buf.clear();
        let (res, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut buf, false);
        pos += read;
        match res {
            DecoderResult::InputEmpty => return true,
            DecoderResult::OutputFull => {}
            DecoderResult::Malformed(_, _) => return false,
        }
    }
}

/// The top-level domain of a URL (`https://www.gov.cn/x` → `cn`), lower-cased; punycode TLDs
/// (`xn--fiqs8s`) pass, Unicode ones do not (chardetng wants ASCII without periods).
pub fn tld_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let tld = host.trim_end_matches('.').rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'))
        .then(|| tld.to_ascii_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tlds() {
        assert_eq!(tld_of("https://www.Gov.CN/x?y").as_deref(), Some("cn"));
        assert_eq!(tld_of("http://user@host.tw:8080/").as_deref(), Some("tw"));
        assert_eq!(
            tld_of("http://example.xn--fiqs8s/").as_deref(),
            Some("xn--fiqs8s")
        );
        assert_eq!(tld_of("http://例子.中国/"), None);
        assert_eq!(tld_of("http://[::1]/"), None);
    }
}
