//! Charset arbitration for one page: gather every signal (byte-order mark, HTTP header,
//! `<meta>`, XML declaration, UTF-8 validity, chardetng), pick one encoding, and say why.
//!
//! # The decision rule
//!
//! 1. **Byte-order mark** wins outright (WHATWG "decode": a BOM overrides every label).
//! 2. **Declared** label: the HTTP `Content-Type` charset, else (HTML) the first `<meta>` charset
//!    found by [`prescan_meta`], else the XML declaration. For non-HTML input only the HTTP
//!    charset and the XML declaration count. Labels map by the WHATWG Encoding Standard
//!    (`iso-8859-1` → windows-1252, `gb2312` → GBK); GBK is then read as GB18030, its superset.
//!    A `<meta>` or XML declaration naming UTF-16 means UTF-8 (bytes we could read ASCII from are
//!    not UTF-16).
//! 3. **Labels lie**, so the declared encoding is checked against the bytes and overridden (the
//!    reason goes in [`Decision::overridden`]) when:
//!    - the bytes are **valid UTF-8** with at least [`MIN_UTF8_EVIDENCE`] multi-byte characters
//!      (or with fewer, if the declared encoding decodes them with errors) and the label is
//!      something else: pages saved from a browser keep `charset=gb2312` but are UTF-8, and
//!      legacy CJK text is essentially never valid multi-byte UTF-8 by accident;
//!    - otherwise, when the declared encoding is **suspect** and another candidate (the *other*
//!      declared label, then chardetng's guess) decodes **cleanly and plausibly**. Suspect means:
//!      - *dense malformed sequences*: at least 1 in [`DENSE_ERRORS_PER_MILLE`]/1000 of the
//!        non-ASCII characters it decodes is malformed (sparse damage in a long page, e.g. one cut
//!        character, is damage, not a wrong label, and is kept and counted);
//!      - *single-byte mojibake*: a single-byte label whose decoding looks like mis-decoded
//!        multi-byte text: for a Latin encoding (windows-1252, iso-8859-2, …) at least
//!        [`MOJIBAKE_RUN_SHARE`] of the non-ASCII characters stand next to another non-ASCII
//!        character (real Latin text has isolated accented letters: "café", "Straße"); for any
//!        single-byte label when the alternative is a multi-byte CJK encoding;
//!      - *private-use text*: a CJK multi-byte decoding where at least [`PUA_SHARE_PERCENT`]% of
//!        non-ASCII characters are private-use (Big5 read as GBK lands in GBK's user-defined
//!        rows);
//!      - the label maps to the WHATWG *replacement* encoding, or is UTF-16 on bytes with almost no
//!        NUL bytes.
//!
//!      A candidate is clean when it has no malformed sequence (an incomplete sequence at the
//!      very end, where the page was cut, is forgiven) and no more private-use characters than
//!      the declared one. Plausible depends on the suspicion: after single-byte mojibake the
//!      candidate must be a different kind of encoding (CJK multi-byte, or a non-Latin single-byte
//!      one for a Latin label), never just another Latin code page.
//!    - Before that: when the declared (non-UTF-8) encoding has malformed sequences and the bytes
//!      are *mostly UTF-8* (sparse errors, at least [`MIN_UTF8_EVIDENCE`] well-formed multi-byte
//!      characters) with fewer errors, UTF-8 is used ([`EncodingSource::MostlyUtf8`]): a UTF-8
//!      page with one broken byte must not fall to a single-byte guess, which always decodes
//!      "cleanly".
//! 4. **No label**: valid UTF-8 (pure ASCII included) is UTF-8; mostly-UTF-8 is UTF-8; otherwise
//!    chardetng's guess (helped by the URL's top-level domain).
//!
//! Every signal is recorded in [`Decision::signals`], whether it won or not, with one exception:
//! chardetng's guess is recorded when it was consulted (no usable label, or a suspect one);
//! [`decide_all_signals`] always consults it.
//!
//! # Cost
//! The prescan reads at most [`PRESCAN_WINDOW`] bytes, the trial decodes at most
//! [`ASSESS_WINDOW`] bytes (encoding_rs decodes GBK at ~700 MB/s), chardetng at most
//! [`DETECT_WINDOW`] bytes (~7 MB/s: the costly part, hence run only when needed, first on
//! the page without its long ASCII runs, and stopped after [`DETECT_EVIDENCE`] non-ASCII
//! bytes when it has settled on a CJK encoding); decoding is then one pass (two when there
//! are malformed sequences). A UTF-8 label on valid UTF-8 needs no trial decode.

mod arbiter;
mod assess;
mod detect;

use std::borrow::Cow;

use encoding_rs::{
    DecoderResult, Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, ISO_2022_JP, SHIFT_JIS, UTF_16BE,
    UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED,
};

pub use super::prescan::{prescan_meta, xml_declaration, PRESCAN_WINDOW};
pub use arbiter::{MOJIBAKE_RUN_SHARE, TEXT_CHECK_CJK_PERCENT, TEXT_CHECK_MAX_ERRORS_PER_MILLE};
pub use assess::{DENSE_ERRORS_PER_MILLE, PUA_SHARE_PERCENT};
pub use detect::{tld_of, CONDENSED_MIN_EVIDENCE, DETECT_EVIDENCE, DETECT_WINDOW};

use super::prescan::extract_charset_from_content;
use arbiter::Arbiter;

/// How many bytes the candidate checks (trial decodes) read. Pages are mostly smaller; for
/// larger ones the head decides, which keeps the cost per page bounded.
pub const ASSESS_WINDOW: usize = 256 * 1024;

/// Valid UTF-8 overrides a clean-decoding legacy label only with this many multi-byte
/// characters: the chance that legacy CJK bytes are valid UTF-8 by accident falls by an order of
/// magnitude per character, and a single "©" should not overturn an explicit label.
pub const MIN_UTF8_EVIDENCE: usize = 4;

/// Where a charset signal came from, and so where the decided charset came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum EncodingSource {
    /// A byte-order mark at the start of the input.
    Bom,
    /// The HTTP `Content-Type` header's charset.
    HttpHeader,
    /// `<meta charset>` or `<meta http-equiv="Content-Type" content="…; charset=…">`.
    MetaTag,
    /// `<?xml version="1.0" encoding="…"?>`.
    XmlDeclaration,
    /// chardetng's statistical guess (with the URL's top-level domain when known).
    Detected,
    /// The bytes are valid UTF-8 (pure ASCII included).
    ValidUtf8,
    /// The bytes are UTF-8 apart from a few malformed sequences, and nothing decodes better.
    MostlyUtf8,
    /// The caller forced a label ([`decide_forced`]).
    Forced,
    /// The text check: the winning single-byte decoding read as mojibake, and this CJK
    /// encoding decoded the bytes into CJK text with at most a few malformed sequences
    /// (see [`Decision::overridden`] for the figures).
    TextCheck,
}

impl EncodingSource {
    /// A short lower-case name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            EncodingSource::Bom => "bom",
            EncodingSource::HttpHeader => "http-header",
            EncodingSource::MetaTag => "meta-tag",
            EncodingSource::XmlDeclaration => "xml-declaration",
            EncodingSource::Detected => "detected",
            EncodingSource::ValidUtf8 => "valid-utf8",
            EncodingSource::MostlyUtf8 => "mostly-utf8",
            EncodingSource::Forced => "forced",
            EncodingSource::TextCheck => "text-check",
        }
    }
}

/// One piece of evidence about the charset.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Signal {
    /// Where it came from.
    pub source: EncodingSource,
    /// The label as found (trimmed, lower-cased by the prescan), or the encoding's name for
    /// signals without a label (`Bom`, `Detected`, `ValidUtf8`; `"ascii"` when the bytes are
    /// ASCII only).
    pub label: String,
    /// The encoding the label maps to (WHATWG mapping, GBK read as GB18030); `None` when the
    /// label is unknown.
    pub encoding: Option<&'static Encoding>,
}

/// The charset decided for one page.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decision {
    /// The encoding to decode with.
    pub encoding: &'static Encoding,
    /// Which signal won.
    pub source: EncodingSource,
    /// Every signal seen, in the order gathered: BOM, HTTP, meta, XML, UTF-8 validity,
    /// chardetng.
    pub signals: Vec<Signal>,
    /// Why a declared label (or, with [`EncodingSource::TextCheck`], chardetng's guess) was
    /// not used; `None` when it was, or when there was none.
    pub overridden: Option<String>,
}

impl Decision {
    /// Decodes `bytes` with this decision; see [`decode_with`].
    pub fn decode<'a>(&self, bytes: &'a [u8]) -> (Cow<'a, str>, usize) {
        decode_with(bytes, self)
    }

    /// The first recorded signal from `source`.
    pub fn signal(&self, source: EncodingSource) -> Option<&Signal> {
        self.signals.iter().find(|s| s.source == source)
    }
}

/// Decides the charset of one page.
///
/// `http_charset` is the charset from the HTTP `Content-Type` header; a whole header value
/// (`text/html; charset=gbk`) is accepted too. `url` gives chardetng the top-level domain.
/// `is_html` enables the `<meta>` prescan. See the [module docs](self) for the rule.
///
/// # Example
/// ```
/// use pagewash::internals::decode::charset::{decide, decode_with, EncodingSource};
/// // A page saved from a browser: declares gb2312, but the bytes are UTF-8.
/// let page = "<meta charset=gb2312><p>中共天长市委组织部发出倡议</p>";
/// let d = decide(page.as_bytes(), None, None, true);
/// assert_eq!(d.encoding, encoding_rs::UTF_8);
/// assert_eq!(d.source, EncodingSource::ValidUtf8);
/// assert!(d.overridden.is_some());
/// assert_eq!(decode_with(page.as_bytes(), &d).0, page);
/// ```
pub fn decide(
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
    is_html: bool,
) -> Decision {
    decide_impl(bytes, http_charset, url, is_html, false).0
}

/// [`decide`], plus the text when the decision's trial decode already produced it: the
/// whole page (it fits [`ASSESS_WINDOW`]) decoded with the decided encoding without a
/// malformed or cut sequence, which is exactly what [`decode_with`] would return. Saves
/// decoding a legacy-labelled page twice.
pub(crate) fn decide_with_text(
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
    is_html: bool,
) -> (Decision, Option<String>) {
    decide_impl(bytes, http_charset, url, is_html, false)
}

/// Like [`decide`], but always runs chardetng so that its guess is among the signals even when
/// a label decided without it (for reports and debugging: chardetng is the costly part,
/// ~7 MB/s, so [`decide`] only runs it when needed). The decision is the same.
pub fn decide_all_signals(
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
    is_html: bool,
) -> Decision {
    decide_impl(bytes, http_charset, url, is_html, true).0
}

fn decide_impl(
    bytes: &[u8],
    http_charset: Option<&str>,
    url: Option<&str>,
    is_html: bool,
    always_detect: bool,
) -> (Decision, Option<String>) {
    let mut signals = Vec::new();
    let bom = Encoding::for_bom(bytes);
    if let Some((enc, _)) = bom {
        signals.push(Signal {
            source: EncodingSource::Bom,
            label: enc.name().to_ascii_lowercase(),
            encoding: Some(enc),
        });
    }
    let head = &bytes[..bytes.len().min(ASSESS_WINDOW)];
    let body = bom.map_or(head, |(_, n)| &head[n..]);

    if let Some(label) = http_charset.and_then(http_label) {
        signals.push(Signal {
            source: EncodingSource::HttpHeader,
            encoding: label_to_encoding(&label),
            label,
        });
    }
    if is_html {
        if let Some(label) = prescan_meta(body) {
            signals.push(Signal {
                source: EncodingSource::MetaTag,
                encoding: label_to_encoding(&label).map(ascii_readable),
                label,
            });
        }
    }
    if let Some(label) = xml_declaration(body) {
        signals.push(Signal {
            source: EncodingSource::XmlDeclaration,
            encoding: label_to_encoding(&label).map(ascii_readable),
            label,
        });
    }

    if let Some((enc, _)) = bom {
        let d = Decision {
            encoding: enc,
            source: EncodingSource::Bom,
            signals,
            overridden: None,
        };
        return (d, None);
    }

    let utf8 = utf8_status(bytes);
    match utf8 {
        Utf8Status::Ascii => signals.push(Signal {
            source: EncodingSource::ValidUtf8,
            label: "ascii".to_owned(),
            encoding: Some(UTF_8),
        }),
        Utf8Status::Valid { .. } => signals.push(Signal {
            source: EncodingSource::ValidUtf8,
            label: "utf-8".to_owned(),
            encoding: Some(UTF_8),
        }),
        Utf8Status::Invalid => {}
    }
    // The declared label, in priority order; unknown labels are recorded but skipped.
    let order: &[EncodingSource] = if is_html {
        &[
            EncodingSource::HttpHeader,
            EncodingSource::MetaTag,
            EncodingSource::XmlDeclaration,
        ]
    } else {
        &[EncodingSource::HttpHeader, EncodingSource::XmlDeclaration]
    };
    let declared: Vec<(EncodingSource, &'static Encoding, String)> = order
        .iter()
        .filter_map(|&src| {
            let s = signals.iter().find(|s| s.source == src)?;
            Some((src, s.encoding?, s.label.clone()))
        })
        .collect();

    let detect_window = &bytes[..bytes.len().min(DETECT_WINDOW)];
    let mut arbiter = Arbiter {
        bytes: head,
        whole: bytes,
        assessed: Vec::new(),
        texts: Vec::new(),
        detect_window,
        detect_last: detect_window.len() == bytes.len(),
        url,
        guess: (utf8 == Utf8Status::Ascii).then_some(None),
    };
    let (mut encoding, mut source, mut overridden) = match declared.first() {
        Some((src, enc, label)) => arbiter.check_declared(*src, enc, label, &declared[1..], utf8),
        None => arbiter.unlabelled(utf8),
    };
    if let Some((cjk, why)) = arbiter.check_text(encoding, source) {
        let why = match overridden {
            Some(before) => format!("{before}; then {why}"),
            None => why,
        };
        signals.push(Signal {
            source: EncodingSource::TextCheck,
            label: cjk.name().to_ascii_lowercase(),
            encoding: Some(cjk),
        });
        (encoding, source, overridden) = (cjk, EncodingSource::TextCheck, Some(why));
    }
    if always_detect {
        arbiter.detected();
    }
    if let Some(Some((raw, enc))) = arbiter.guess {
        signals.push(Signal {
            source: EncodingSource::Detected,
            label: raw.name().to_ascii_lowercase(),
            encoding: Some(enc),
        });
    }
    // decode_with borrows ASCII-only input (and reads ISO-2022-JP and UTF-16 its own way):
    // the kept text stands in for it only where it would have given an owned string.
    let text = (utf8 != Utf8Status::Ascii && encoding.is_ascii_compatible())
        .then(|| {
            arbiter
                .texts
                .into_iter()
                .find_map(|(e, t)| (e == encoding).then_some(t))
        })
        .flatten();
    let d = Decision {
        encoding,
        source,
        signals,
        overridden,
    };
    (d, text)
}

/// A decision for a caller-forced label (`None` if the label is unknown). The label wins over
/// everything, a byte-order mark included; a BOM of that same encoding is still stripped by
/// [`decode_with`].
pub fn decide_forced(label: &str) -> Option<Decision> {
    let encoding = label_to_encoding(label)?;
    Some(Decision {
        encoding,
        source: EncodingSource::Forced,
        signals: vec![Signal {
            source: EncodingSource::Forced,
            label: label.trim().to_ascii_lowercase(),
            encoding: Some(encoding),
        }],
        overridden: None,
    })
}

/// Decodes `bytes` with the decided encoding. A leading BOM of that encoding is removed.
/// Unmappable or malformed sequences become U+FFFD; the second value counts them (U+FFFD
/// characters already present in the input are not counted). Valid UTF-8, and ASCII-only input
/// in an ASCII-compatible encoding, is borrowed.
pub fn decode_with<'a>(bytes: &'a [u8], d: &Decision) -> (Cow<'a, str>, usize) {
    let enc = d.encoding;
    let bytes = match Encoding::for_bom(bytes) {
        Some((bom_enc, n)) if bom_enc == enc => &bytes[n..],
        _ => bytes,
    };
    let (text, had_errors) = enc.decode_without_bom_handling(bytes);
    if !had_errors {
        return (text, 0);
    }
    drop(text);
    // Errors are rare: decode again, this time counting them exactly.
    let mut decoder = enc.new_decoder_without_bom_handling();
    let cap = decoder
        .max_utf8_buffer_length_without_replacement(bytes.len())
        .unwrap_or(bytes.len().saturating_mul(3));
    let mut out = String::with_capacity(cap);
    let mut pos = 0;
    let mut count = 0;
    loop {
        let (res, read) =
            decoder.decode_to_string_without_replacement(&bytes[pos..], &mut out, true);
        pos += read;
        match res {
            DecoderResult::InputEmpty => break,
            DecoderResult::Malformed(_, _) => {
                out.push('\u{FFFD}');
                count += 1;
            }
            DecoderResult::OutputFull => out.reserve(
                decoder
                    .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
                    .unwrap_or(4096)
                    .max(4),
            ),
        }
    }
    (Cow::Owned(out), count)
}

/// The WHATWG label → encoding mapping, with GBK read as GB18030.
pub fn label_to_encoding(label: &str) -> Option<&'static Encoding> {
    Encoding::for_label(label.trim().as_bytes()).map(superset)
}

/// GBK (what `gb2312`/`gbk` map to) → GB18030, its superset: the same bytes decode the same,
/// plus the four-byte sequences some "GBK" pages carry.
fn superset(enc: &'static Encoding) -> &'static Encoding {
    if enc == GBK {
        GB18030
    } else {
        enc
    }
}

/// WHATWG prescan rule: a label found by reading ASCII cannot be UTF-16 (→ UTF-8), and
/// x-user-defined means windows-1252.
fn ascii_readable(enc: &'static Encoding) -> &'static Encoding {
    if enc == UTF_16BE || enc == UTF_16LE {
        UTF_8
    } else if enc == X_USER_DEFINED {
        WINDOWS_1252
    } else {
        enc
    }
}

/// The charset from an HTTP header value: either a bare label or a `Content-Type` value.
fn http_label(value: &str) -> Option<String> {
    let value = value.trim();
    let label = if value.contains('=') || value.contains(';') || value.contains('/') {
        extract_charset_from_content(value.as_bytes())?
    } else {
        value.to_owned()
    };
    let label = label.trim().trim_matches(['"', '\'']).trim().to_owned();
    (!label.is_empty()).then_some(label)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Utf8Status {
    Ascii,
    /// Valid, possibly but for an incomplete sequence cut off at the very end: the first
    /// `len` bytes are valid UTF-8 with at least one multi-byte character.
    Valid {
        len: usize,
    },
    Invalid,
}

fn utf8_status(bytes: &[u8]) -> Utf8Status {
    let valid = match std::str::from_utf8(bytes) {
        Ok(s) => s,
        // A page cut inside its last character is still a UTF-8 page.
        Err(e) if e.error_len().is_none() => match std::str::from_utf8(&bytes[..e.valid_up_to()]) {
            Ok(s) => s,
            Err(_) => return Utf8Status::Invalid,
        },
        Err(_) => return Utf8Status::Invalid,
    };
    if valid.len() == bytes.len() && valid.is_ascii() {
        Utf8Status::Ascii
    } else {
        Utf8Status::Valid { len: valid.len() }
    }
}

/// Characters of valid UTF-8 that are not ASCII: in valid UTF-8 each has exactly one lead
/// byte (0xC2..=0xF4) and continuation bytes are below 0xC0, so counting bytes counts them.
fn multibyte_chars(valid: &[u8]) -> usize {
    valid.iter().map(|&b| usize::from(b >= 0xC0)).sum()
}

/// The legacy multi-byte CJK encodings: chardetng's guess may stop early only on these, and
/// the rule trusts them over a single-byte reading (shared by `detect` and `arbiter`).
fn is_cjk_multibyte(enc: &'static Encoding) -> bool {
    [GBK, GB18030, BIG5, SHIFT_JIS, EUC_JP, EUC_KR, ISO_2022_JP].contains(&enc)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_labels() {
        assert_eq!(http_label(" gb2312 ").as_deref(), Some("gb2312"));
        assert_eq!(
            http_label("text/html; charset=\"gbk\"").as_deref(),
            Some("gbk")
        );
        assert_eq!(http_label("text/html"), None);
    }
}
