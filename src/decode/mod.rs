//! Decoders: raw bytes of one page → text → a [`Doc`](crate::Doc) of lines, then repair of damage done
//! before the page reached us.
//!
//! pagewash 0.1 reads WET-style text (one block per line). The charset is decided from, in
//! order: a byte-order mark, the caller's charset hint (HTTP header or a forced label), and
//! the bytes themselves (valid UTF-8, else chardetng's statistical guess). Bytes the chosen
//! encoding cannot map become U+FFFD, are counted, and flag the result as lossy. HTML input is recognised and flagged; turning
//! markup into blocks is the next decoder to come.

pub mod repair;
mod sniff;

pub use sniff::{sniff_format, InputFormat};

use std::borrow::Cow;

use encoding_rs::{Encoding, GB18030, UTF_8};

use crate::Hints;

/// Where the decided charset came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EncodingSource {
    /// A byte-order mark at the start of the input.
    Bom,
    /// The caller's hint: an HTTP `Content-Type` charset or an explicit charset label.
    Hint,
    /// The bytes are valid UTF-8.
    ValidUtf8,
    /// No label and not valid UTF-8: chardetng's statistical guess (helped by the URL's
    /// top-level domain when a URL hint is given).
    Detected,
}

impl EncodingSource {
    /// A short lower-case name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::Hint => "hint",
            EncodingSource::ValidUtf8 => "valid-utf8",
            EncodingSource::Detected => "detected",
        }
    }
}

/// Removes characters that carry no text and would hide damage from the repairs: C0/C1
/// controls other than tab and line breaks (NUL bytes in scraped pages), zero-width spaces
/// and stray byte-order marks.
pub fn strip_invisible(text: Cow<'_, str>) -> Cow<'_, str> {
    let invisible = |c: char| {
        (c.is_control() && !matches!(c, '\t' | '\n' | '\r')) || matches!(c, '\u{200B}' | '\u{FEFF}')
    };
    if !text.chars().any(invisible) {
        return text;
    }
    Cow::Owned(text.chars().filter(|&c| !invisible(c)).collect())
}

/// Text decoded from bytes, with how it was decided.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text (borrowed when the input was already clean UTF-8).
    pub text: Cow<'a, str>,
    /// The encoding used.
    pub encoding: &'static Encoding,
    /// Why that encoding.
    pub source: EncodingSource,
    /// How many U+FFFD replacement characters decoding produced (0 = lossless).
    pub replacements: usize,
    /// Text or HTML, sniffed from the bytes and the content-type hint.
    pub format: InputFormat,
    /// The input was longer than the page-size limit and was cut.
    pub truncated: bool,
}

/// Decodes one page's bytes to text, cut to `max_bytes` (on a character boundary).
pub fn decode<'a>(bytes: &'a [u8], hints: &Hints, max_bytes: usize) -> Decoded<'a> {
    let truncated = bytes.len() > max_bytes;
    let bytes = if truncated {
        cut_before_partial_utf8(&bytes[..max_bytes])
    } else {
        bytes
    };
    let format = sniff_format(bytes, hints.content_type());

    if let Some((enc, bom_len)) = Encoding::for_bom(bytes) {
        return finish(bytes, enc, EncodingSource::Bom, bom_len, format, truncated);
    }
    if let Some(enc) = hints
        .charset()
        .and_then(|l| Encoding::for_label(l.as_bytes()))
    {
        // WHATWG maps `gb2312`/`gbk` to GBK; read it as GB18030, its superset, so that the
        // four-byte sequences some "GBK" pages carry are not lost.
        let enc = if enc == encoding_rs::GBK {
            GB18030
        } else {
            enc
        };
        return finish(bytes, enc, EncodingSource::Hint, 0, format, truncated);
    }
    if std::str::from_utf8(bytes).is_ok() {
        return finish(
            bytes,
            UTF_8,
            EncodingSource::ValidUtf8,
            0,
            format,
            truncated,
        );
    }
    let enc = detect(bytes, hints.url());
    let enc = if enc == encoding_rs::GBK {
        GB18030
    } else {
        enc
    };
    finish(bytes, enc, EncodingSource::Detected, 0, format, truncated)
}

/// chardetng's guess for unlabelled, non-UTF-8 bytes.
fn detect(bytes: &[u8], url: Option<&str>) -> &'static Encoding {
    let mut det = chardetng::EncodingDetector::new(chardetng::Iso2022JpDetection::Deny);
    det.feed(bytes, true);
    let tld = url.and_then(tld_of);
    det.guess(
        tld.as_deref().map(str::as_bytes),
        chardetng::Utf8Detection::Deny,
    )
}

/// The top-level domain of a URL (`https://www.gov.cn/x` → `cn`), lower-cased.
fn tld_of(url: &str) -> Option<String> {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let host = rest.split(['/', '?', '#']).next()?;
    let host = host.rsplit_once('@').map_or(host, |(_, h)| h);
    let host = host.split(':').next()?;
    let tld = host.rsplit('.').next()?;
    (!tld.is_empty() && tld.bytes().all(|b| b.is_ascii_alphanumeric()))
        .then(|| tld.to_ascii_lowercase())
}

/// When a cut leaves an incomplete UTF-8 sequence at the end of otherwise valid UTF-8,
/// drops that fragment so the cut does not turn into a replacement character.
fn cut_before_partial_utf8(bytes: &[u8]) -> &[u8] {
    match std::str::from_utf8(bytes) {
        Err(e) if e.error_len().is_none() && bytes.len() - e.valid_up_to() < 4 => {
            &bytes[..e.valid_up_to()]
        }
        _ => bytes,
    }
}

fn finish<'a>(
    bytes: &'a [u8],
    enc: &'static Encoding,
    source: EncodingSource,
    skip: usize,
    format: InputFormat,
    truncated: bool,
) -> Decoded<'a> {
    let (text, had_errors) = enc.decode_without_bom_handling(&bytes[skip..]);
    let replacements = if had_errors {
        text.chars().filter(|&c| c == '\u{FFFD}').count()
    } else {
        0
    };
    Decoded {
        text,
        encoding: enc,
        source,
        replacements,
        format,
        truncated,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hints() -> Hints {
        Hints::default()
    }

    #[test]
    fn valid_utf8_is_borrowed() {
        let d = decode("中文".as_bytes(), &hints(), 1 << 20);
        assert!(matches!(d.text, Cow::Borrowed("中文")));
        assert_eq!(d.source, EncodingSource::ValidUtf8);
    }

    #[test]
    fn bom_wins_over_hint() {
        let mut input = vec![0xFF, 0xFE];
        input.extend_from_slice(&[b'a', 0]);
        let d = decode(&input, &Hints::new().with_charset("gbk"), 1 << 20);
        assert_eq!(d.encoding, encoding_rs::UTF_16LE);
        assert_eq!(d.source, EncodingSource::Bom);
        assert_eq!(d.text, "a");
    }

    #[test]
    fn gbk_hint_decodes_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("當地，暫不返鄉");
        let d = decode(&bytes, &Hints::new().with_charset("gb2312"), 1 << 20);
        assert_eq!(d.text, "當地，暫不返鄉");
        assert_eq!(d.encoding, GB18030);
        assert_eq!(d.source, EncodingSource::Hint);
    }

    #[test]
    fn unlabelled_gbk_is_detected() {
        let text = "中共天长市委组织部发出倡议，全市各级党组织要发挥组织优势，筑牢战疫堡垒。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let d = decode(
            &bytes,
            &Hints::new().with_url("http://www.tianchang.gov.cn/a"),
            1 << 20,
        );
        assert_eq!(d.text, text);
        assert_eq!(d.source, EncodingSource::Detected);
        assert_eq!(d.replacements, 0);
    }

    #[test]
    fn undecodable_bytes_are_counted_not_dropped() {
        let d = decode(
            b"ok \xff\xff\x80 end",
            &Hints::new().with_charset("utf-8"),
            1 << 20,
        );
        assert_eq!(d.source, EncodingSource::Hint);
        assert!(d.replacements >= 1);
        assert!(d.text.starts_with("ok ") && d.text.ends_with(" end"));
    }

    #[test]
    fn invisible_characters_are_removed() {
        assert_eq!(
            strip_invisible(Cow::Borrowed("a\u{0}b\u{200B}c\td\n")),
            "abc\td\n"
        );
        assert!(matches!(
            strip_invisible(Cow::Borrowed("clean 文本")),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn tld_is_read_from_urls() {
        assert_eq!(tld_of("https://www.Gov.CN/x?y").as_deref(), Some("cn"));
        assert_eq!(tld_of("http://user@host.tw:8080/").as_deref(), Some("tw"));
        assert_eq!(tld_of("nonsense").as_deref(), Some("nonsense"));
        assert_eq!(tld_of("http://[::1]/").as_deref(), None);
    }

    #[test]
    fn oversized_input_is_cut_and_flagged() {
        let d = decode("一二三四".as_bytes(), &hints(), 7);
        assert!(d.truncated);
        // Cut inside the third character: the fragment is dropped, not mis-decoded.
        assert_eq!(d.text, "一二");
        assert_eq!(d.source, EncodingSource::ValidUtf8);
    }
}
