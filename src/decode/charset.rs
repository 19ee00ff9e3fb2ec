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

use std::borrow::Cow;

use encoding_rs::{
    DecoderResult, Encoding, BIG5, EUC_JP, EUC_KR, GB18030, GBK, ISO_2022_JP, REPLACEMENT,
    SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252, X_USER_DEFINED,
};

/// How far the `<meta>` prescan looks. WHATWG says 1024 bytes, but Chinese CMS pages often put
/// kilobytes of comments, inline scripts and styles before the `<meta>`; the prescan skips those
/// and keeps looking up to here.
pub const PRESCAN_WINDOW: usize = 64 * 1024;

/// How many bytes the candidate checks (trial decodes) read. Pages are mostly smaller; for
/// larger ones the head decides, which keeps the cost per page bounded.
pub const ASSESS_WINDOW: usize = 256 * 1024;

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

/// Valid UTF-8 overrides a clean-decoding legacy label only with this many multi-byte
/// characters: the chance that legacy CJK bytes are valid UTF-8 by accident falls by an order of
/// magnitude per character, and a single "©" should not overturn an explicit label.
pub const MIN_UTF8_EVIDENCE: usize = 4;

/// Malformed sequences per 1000 non-ASCII decoded characters from which errors are taken as a
/// wrong label rather than damage (100 = 10%). A wrong label garbles most non-ASCII characters
/// (GBK read as UTF-8: over half; windows-1252 read as UTF-8: all of them), while a damaged page
/// (a cut or spliced string, a stray byte) has a handful of errors per page.
pub const DENSE_ERRORS_PER_MILLE: usize = 100;

/// Share (percent) of non-ASCII characters in runs of two or more from which a Latin single-byte
/// decoding is taken for mojibake. Czech or French text stays well below (accented letters sit
/// between ASCII ones); GBK, UTF-8 or Cyrillic bytes read as windows-1252 are close to 100%.
pub const MOJIBAKE_RUN_SHARE: usize = 60;

/// Multi-byte encodings the text check ([`Arbiter::check_text`]) tries, in order of
/// preference on a tie (GB18030 reads GBK and GB2312).
const TEXT_CHECK_CANDIDATES: [&Encoding; 5] = [GB18030, BIG5, SHIFT_JIS, EUC_KR, EUC_JP];

/// Malformed sequences per 1000 non-ASCII characters a CJK candidate may have in the text
/// check: a stray byte or a cut character in a page of hundreds, not a wrong encoding
/// (Big5 read as GBK, or GBK as Shift_JIS, breaks far more often).
pub const TEXT_CHECK_MAX_ERRORS_PER_MILLE: usize = 10;

/// Share (percent) of a CJK candidate's non-ASCII characters that must be CJK in the text
/// check, as for other CJK overrides: real CJK text, not symbols.
pub const TEXT_CHECK_CJK_PERCENT: usize = 70;

/// Share (percent) of private-use characters among non-ASCII ones from which a CJK multi-byte
/// decoding is suspect. Real GBK/Big5 pages have next to none.
pub const PUA_SHARE_PERCENT: usize = 5;

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

/// chardetng's guess. `last` tells it whether `bytes` is the whole input.
///
/// chardetng costs about 100 ns a byte, markup included, so it first reads the page with its
/// long ASCII runs cut ([`condense_ascii_runs`]): when that settles on a multi-byte CJK
/// encoding that decodes all of `bytes` cleanly ([`settled_guess`]), that is the guess.
/// Otherwise it reads the bytes themselves, in [`DETECT_CHUNK`]s: once
/// [`DETECT_EVIDENCE`] non-ASCII bytes have been fed, a guess that is a multi-byte CJK
/// encoding and decodes all of `bytes` without a malformed sequence is taken without reading
/// further; otherwise everything is fed.
fn detect(bytes: &[u8], last: bool, url: Option<&str>) -> &'static Encoding {
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

// ---------------------------------------------------------------------------------------------
// Candidate assessment

/// What decoding (a window of) the bytes with one encoding looks like.
#[derive(Clone, Copy, Debug, Default)]
struct Assessment {
    /// Malformed sequences, not counting an incomplete one at the very end.
    malformed: usize,
    /// Non-ASCII characters decoded, each malformed sequence counted as one.
    non_ascii: usize,
    /// Private-use characters (U+E000–U+F8FF).
    pua: usize,
    /// Non-ASCII characters with a non-ASCII neighbour.
    in_runs: usize,
    /// CJK ideographs, kana and Hangul.
    cjk: usize,
}

/// Counts one decoded character, or one malformed sequence, into an [`Assessment`],
/// in text order.
#[derive(Default)]
struct Tally {
    a: Assessment,
    prev_non_ascii: bool,
    prev_counted: bool,
}

impl Tally {
    fn see(&mut self, non_ascii: bool) {
        if non_ascii && self.prev_non_ascii {
            self.a.in_runs += 1 + usize::from(!self.prev_counted);
            self.prev_counted = true;
        } else {
            self.prev_counted = false;
        }
        self.prev_non_ascii = non_ascii;
    }

    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] < 0x80 {
                // A run of ASCII counts as one ASCII character would.
                at += bytes[at..]
                    .iter()
                    .position(|&b| b >= 0x80)
                    .unwrap_or(bytes.len() - at);
                self.see(false);
                continue;
            }
            let c = text[at..].chars().next().unwrap_or_default();
            at += c.len_utf8();
            self.a.non_ascii += 1;
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                self.a.cjk += 1;
            } else {
                if ('\u{E000}'..='\u{F8FF}').contains(&c) {
                    self.a.pua += 1;
                }
                if is_cjk(c) {
                    self.a.cjk += 1;
                }
            }
            self.see(true);
        }
    }

    fn malformed(&mut self) {
        self.a.malformed += 1;
        self.a.non_ascii += 1;
        self.see(true);
    }
}

impl Assessment {
    #[cfg(test)]
    fn of(enc: &'static Encoding, bytes: &[u8]) -> Assessment {
        if enc == UTF_8 {
            Assessment::of_utf8(bytes)
        } else {
            Assessment::of_decoded(enc, bytes, false).0
        }
    }

    /// The assessment through encoding_rs's decoder. With `keep`, the decoded text is
    /// returned too when there was nothing malformed, not even a cut final sequence (the
    /// text is then what [`decode_with`] gives for these bytes).
    fn of_decoded(
        enc: &'static Encoding,
        bytes: &[u8],
        keep: bool,
    ) -> (Assessment, Option<String>) {
        let mut t = Tally::default();
        let mut decoder = enc.new_decoder_without_bom_handling();
        let cap = if keep {
            decoder
                .max_utf8_buffer_length_without_replacement(bytes.len())
                .unwrap_or(bytes.len())
        } else {
            8 * 1024
        };
        let mut buf = String::with_capacity(cap);
        let mut pos = 0;
        loop {
            if !keep {
                buf.clear();
            }
            let from = buf.len();
            let (res, read) =
                decoder.decode_to_string_without_replacement(&bytes[pos..], &mut buf, false);
            pos += read;
            t.text(&buf[from..]);
            match res {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {
                    if keep {
                        buf.reserve(
                            decoder
                                .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
                                .unwrap_or(4096)
                                .max(4),
                        );
                    }
                }
                DecoderResult::Malformed(_, _) => t.malformed(),
            }
        }
        // Flushing an incomplete final sequence reports it as malformed: forgiven (cut page),
        // but then the text is not what decode_with would give.
        let from = buf.len();
        let (res, _) = decoder.decode_to_string_without_replacement(&[], &mut buf, true);
        let clean = t.a.malformed == 0 && res == DecoderResult::InputEmpty && buf.len() == from;
        let text = (keep && clean).then_some(buf);
        (t.a, text)
    }

    /// The same for UTF-8, without a decoder call per malformed sequence (legacy bytes read
    /// as UTF-8 have one every byte or two, and each call costs a validation set-up): the
    /// standard library splits errors exactly like encoding_rs (WHATWG: one error per
    /// maximal subpart of an ill-formed sequence; a test checks the two agree).
    fn of_utf8(bytes: &[u8]) -> Assessment {
        let mut t = Tally::default();
        let end = bytes.as_ptr_range().end;
        for chunk in bytes.utf8_chunks() {
            t.text(chunk.valid());
            let bad = chunk.invalid();
            if bad.is_empty() {
                continue;
            }
            // An incomplete sequence at the very end is forgiven (cut page), as above.
            let cut = bad.as_ptr_range().end == end
                && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none());
            if !cut {
                t.malformed();
            }
        }
        t.a
    }

    fn is_clean(&self) -> bool {
        self.malformed == 0
    }

    fn has_dense_errors(&self) -> bool {
        self.malformed > 0 && self.malformed * 1000 >= self.non_ascii * DENSE_ERRORS_PER_MILLE
    }

    /// UTF-8 with sparse errors and real multi-byte evidence (call on a UTF-8 assessment).
    fn is_mostly_utf8(&self) -> bool {
        !self.has_dense_errors() && self.non_ascii - self.malformed >= MIN_UTF8_EVIDENCE
    }

    fn run_share_percent(&self) -> usize {
        (self.in_runs * 100)
            .checked_div(self.non_ascii)
            .unwrap_or(0)
    }

    fn pua_heavy(&self) -> bool {
        self.pua >= 3 && self.pua * 100 >= self.non_ascii * PUA_SHARE_PERCENT
    }
}

fn is_cjk(c: char) -> bool {
    matches!(c,
        '\u{3000}'..='\u{303F}'     // CJK punctuation (、。「」【】): a tenth of Chinese text
        | '\u{3040}'..='\u{30FF}'   // kana
        | '\u{3400}'..='\u{4DBF}'   // CJK extension A
        | '\u{4E00}'..='\u{9FFF}'   // CJK unified ideographs
        | '\u{AC00}'..='\u{D7AF}'   // Hangul syllables
        | '\u{F900}'..='\u{FAFF}'   // compatibility ideographs
        | '\u{FF00}'..='\u{FFEF}'   // full-width forms (，：（）！)
        | '\u{20000}'..='\u{3FFFF}' // supplementary ideographs
    )
}

fn is_cjk_multibyte(enc: &'static Encoding) -> bool {
    [GBK, GB18030, BIG5, SHIFT_JIS, EUC_JP, EUC_KR, ISO_2022_JP].contains(&enc)
}

/// Single-byte encodings for Latin-script languages: in real text their non-ASCII letters stand
/// between ASCII ones.
fn is_latin_single_byte(enc: &'static Encoding) -> bool {
    use encoding_rs::*;
    [
        WINDOWS_1250,
        WINDOWS_1252,
        WINDOWS_1254,
        WINDOWS_1257,
        WINDOWS_1258,
        ISO_8859_2,
        ISO_8859_3,
        ISO_8859_4,
        ISO_8859_10,
        ISO_8859_13,
        ISO_8859_14,
        ISO_8859_15,
        ISO_8859_16,
        MACINTOSH,
    ]
    .contains(&enc)
}

/// Why the declared encoding is suspect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suspicion {
    DenseErrors,
    SingleByteMojibake,
    PrivateUse,
    Unusable,
}

struct Arbiter<'b> {
    /// The head of the page ([`ASSESS_WINDOW`]) that trial decodes read.
    bytes: &'b [u8],
    /// The whole page.
    whole: &'b [u8],
    assessed: Vec<(&'static Encoding, Assessment)>,
    /// The whole page as decoded by an assessment, when it fit the window and decoded
    /// without a malformed or cut sequence.
    texts: Vec<(&'static Encoding, String)>,
    detect_window: &'b [u8],
    detect_last: bool,
    url: Option<&'b str>,
    /// chardetng's guess (raw, after GBK → GB18030), once it has run; `Some(None)` for
    /// ASCII-only input, where it has nothing to go on.
    guess: Option<Option<(&'static Encoding, &'static Encoding)>>,
}

impl Arbiter<'_> {
    /// chardetng's guess, computed on first use.
    fn detected(&mut self) -> Option<&'static Encoding> {
        if self.guess.is_none() {
            let raw = detect(self.detect_window, self.detect_last, self.url);
            self.guess = Some(Some((raw, superset(raw))));
        }
        self.guess.flatten().map(|(_, e)| e)
    }

    fn assess(&mut self, enc: &'static Encoding) -> Assessment {
        if let Some((_, a)) = self.assessed.iter().find(|(e, _)| *e == enc) {
            return *a;
        }
        let whole = self.bytes.len() == self.whole.len();
        let (a, text) = if enc == UTF_8 {
            (Assessment::of_utf8(self.bytes), None)
        } else {
            Assessment::of_decoded(enc, self.bytes, whole)
        };
        self.assessed.push((enc, a));
        if let Some(t) = text {
            self.texts.push((enc, t));
        }
        a
    }

    fn check_declared(
        &mut self,
        src: EncodingSource,
        enc: &'static Encoding,
        label: &str,
        others: &[(EncodingSource, &'static Encoding, String)],
        utf8: Utf8Status,
    ) -> (&'static Encoding, EncodingSource, Option<String>) {
        let keep = (enc, src, None);
        let what = format!("declared {label:?} ({})", src.as_str());
        let utf16 = enc == UTF_16LE || enc == UTF_16BE;

        if utf16 {
            // UTF-16 text can be "valid UTF-8" (U+4E2D 中 is the bytes `2D 4E`), so its own
            // structure decides, not UTF-8 validity.
            if looks_utf16(self.bytes, enc) {
                return keep;
            }
            if utf8 != Utf8Status::Invalid {
                let why =
                    format!("{what} but the bytes have no UTF-16 structure and are valid UTF-8");
                return (UTF_8, EncodingSource::ValidUtf8, Some(why));
            }
        }
        if enc == REPLACEMENT && utf8 != Utf8Status::Invalid {
            let why = format!("{what} maps to the replacement encoding; the bytes are valid UTF-8");
            return (UTF_8, EncodingSource::ValidUtf8, Some(why));
        }
        if utf8 == Utf8Status::Ascii && enc.is_ascii_compatible() {
            return keep;
        }
        if enc == UTF_8 && utf8 != Utf8Status::Invalid {
            // A UTF-8 label on valid UTF-8: the trial decode would find no malformed sequence
            // (valid UTF-8 may only end in a cut sequence, which the assessment forgives), and
            // UTF-8 is neither single-byte nor a CJK legacy encoding, so nothing below could
            // suspect it. Skipping the trial decode saves a pass over the page.
            return keep;
        }
        let d = self.assess(enc);

        if let Utf8Status::Valid { len } = utf8 {
            // Counted only here, where a legacy label meets valid UTF-8 (rare).
            let multibyte = multibyte_chars(&self.whole[..len]);
            if enc != UTF_8 && (multibyte >= MIN_UTF8_EVIDENCE || !d.is_clean()) {
                let why = format!(
                    "{what} but the bytes are valid UTF-8 with {multibyte} multi-byte characters"
                );
                return (UTF_8, EncodingSource::ValidUtf8, Some(why));
            }
        }

        if enc != UTF_8 && !d.is_clean() && utf8 == Utf8Status::Invalid {
            let u = self.assess(UTF_8);
            if u.is_mostly_utf8() && u.malformed < d.malformed {
                let why = format!(
                    "{what} gives {} malformed sequences; as utf-8 only {} in {} non-ASCII characters",
                    d.malformed, u.malformed, u.non_ascii
                );
                return (UTF_8, EncodingSource::MostlyUtf8, Some(why));
            }
        }

        let suspicion = if enc == REPLACEMENT || utf16 {
            Suspicion::Unusable
        } else if d.has_dense_errors() {
            Suspicion::DenseErrors
        } else if enc.is_single_byte()
            && d.non_ascii > 0
            && (!is_latin_single_byte(enc) || d.run_share_percent() >= MOJIBAKE_RUN_SHARE)
        {
            Suspicion::SingleByteMojibake
        } else if is_cjk_multibyte(enc) && d.pua_heavy() {
            Suspicion::PrivateUse
        } else {
            return keep;
        };

        let mut candidates: Vec<(EncodingSource, &'static Encoding)> = others
            .iter()
            .map(|(s, e, _)| (*s, *e))
            .filter(|&(_, e)| e != enc)
            .collect();
        if let Some(g) = self.detected().filter(|&g| g != enc) {
            candidates.push((EncodingSource::Detected, g));
        }
        for (csrc, cand) in candidates {
            let plausible = match suspicion {
                Suspicion::SingleByteMojibake => {
                    is_cjk_multibyte(cand)
                        || (is_latin_single_byte(enc)
                            && cand.is_single_byte()
                            && !is_latin_single_byte(cand))
                }
                _ => true,
            };
            if !plausible || cand == REPLACEMENT || cand == UTF_16LE || cand == UTF_16BE {
                continue;
            }
            let c = self.assess(cand);
            // The page's own CJK label may have a few bad bytes (a cut character, a stray
            // byte): sparse errors in text that reads as CJK still beat a detector's guess,
            // which on such bytes is often a single-byte encoding (mojibake).
            let page_label_sparse_errors = matches!(
                csrc,
                EncodingSource::MetaTag | EncodingSource::XmlDeclaration
            ) && is_cjk_multibyte(cand)
                && !c.has_dense_errors()
                && c.cjk * 100 >= c.non_ascii * 70;
            // A few private-use characters (GBK user-defined glyphs) are normal; many are not.
            if (!c.is_clean() && !page_label_sparse_errors) || (c.pua > d.pua && c.pua_heavy()) {
                continue;
            }
            if suspicion == Suspicion::SingleByteMojibake
                && is_cjk_multibyte(cand)
                && c.cjk * 100 < c.non_ascii * 70
            {
                // The multi-byte reading must actually be CJK text, not symbols.
                continue;
            }
            let why = match suspicion {
                Suspicion::Unusable => format!("{what} cannot decode these bytes"),
                Suspicion::DenseErrors => format!(
                    "{what} gives {} malformed sequences in {} non-ASCII characters",
                    d.malformed, d.non_ascii
                ),
                Suspicion::SingleByteMojibake => format!(
                    "{what} looks like mojibake ({}% of non-ASCII characters in runs)",
                    d.run_share_percent()
                ),
                Suspicion::PrivateUse => format!(
                    "{what} gives {} private-use characters in {} non-ASCII characters",
                    d.pua, d.non_ascii
                ),
            };
            let how = if c.is_clean() {
                "decodes cleanly".to_owned()
            } else {
                format!(
                    "decodes with {} malformed sequences in {} non-ASCII characters",
                    c.malformed, c.non_ascii
                )
            };
            let why = format!(
                "{why}; {} ({}) {how}",
                cand.name().to_ascii_lowercase(),
                csrc.as_str()
            );
            return (cand, csrc, Some(why));
        }

        if suspicion == Suspicion::Unusable {
            if let Some(g) = self.detected() {
                return (
                    g,
                    EncodingSource::Detected,
                    Some(format!("{what} cannot decode these bytes")),
                );
            }
        }
        keep
    }

    /// The text check: when the decided encoding is a Latin single-byte one whose text looks
    /// like mojibake (at least [`MOJIBAKE_RUN_SHARE`] of its non-ASCII characters in runs),
    /// the multi-byte CJK encoding that decodes the bytes into CJK text (at least
    /// [`TEXT_CHECK_CJK_PERCENT`]% of non-ASCII characters) with the fewest malformed
    /// sequences, at most [`TEXT_CHECK_MAX_ERRORS_PER_MILLE`]‰ (a stray byte, a cut
    /// character), and why. chardetng rules an encoding out after a single malformed
    /// sequence, so one stray byte in a GB2312 page makes it guess windows-1252.
    fn check_text(
        &mut self,
        enc: &'static Encoding,
        source: EncodingSource,
    ) -> Option<(&'static Encoding, String)> {
        if !is_latin_single_byte(enc) || source == EncodingSource::Forced {
            return None;
        }
        let d = self.assess(enc);
        if d.non_ascii == 0 || d.run_share_percent() < MOJIBAKE_RUN_SHARE {
            return None;
        }
        let mut best: Option<(&'static Encoding, Assessment)> = None;
        for cand in TEXT_CHECK_CANDIDATES {
            let c = self.assess(cand);
            let sparse = c.malformed * 1000 <= c.non_ascii * TEXT_CHECK_MAX_ERRORS_PER_MILLE;
            let cjk = c.cjk * 100 >= c.non_ascii * TEXT_CHECK_CJK_PERCENT;
            if !sparse || !cjk || c.pua_heavy() {
                continue;
            }
            if best.is_none_or(|(_, b)| {
                (c.malformed, usize::MAX - c.cjk) < (b.malformed, usize::MAX - b.cjk)
            }) {
                best = Some((cand, c));
            }
        }
        let (cand, c) = best?;
        let why = format!(
            "{} ({}) looks like mojibake ({}% of non-ASCII characters in runs); {} decodes \
             {} of {} non-ASCII characters as CJK with {} malformed sequences",
            enc.name().to_ascii_lowercase(),
            source.as_str(),
            d.run_share_percent(),
            cand.name().to_ascii_lowercase(),
            c.cjk,
            c.non_ascii,
            c.malformed
        );
        Some((cand, why))
    }

    fn unlabelled(
        &mut self,
        utf8: Utf8Status,
    ) -> (&'static Encoding, EncodingSource, Option<String>) {
        if utf8 != Utf8Status::Invalid {
            return (UTF_8, EncodingSource::ValidUtf8, None);
        }
        if self.assess(UTF_8).is_mostly_utf8() {
            return (UTF_8, EncodingSource::MostlyUtf8, None);
        }
        match self.detected() {
            Some(g) => (g, EncodingSource::Detected, None),
            None => (UTF_8, EncodingSource::ValidUtf8, None),
        }
    }
}

/// Whether bytes declared UTF-16 (without a BOM) look like it. Markup, spaces and line breaks
/// put a NUL in the high byte of their code unit; a mislabelled 8-bit page has no NULs at all.
/// Asks for at least one such unit in 256, which even plain Chinese text has (its spaces and
/// line breaks).
fn looks_utf16(bytes: &[u8], enc: &'static Encoding) -> bool {
    let high = usize::from(enc == UTF_16LE);
    let units = bytes.len() / 2;
    let nul_high = bytes
        .chunks_exact(2)
        .filter(|u| u[high] == 0 && u[1 - high] != 0)
        .count();
    nul_high > 0 && nul_high * 256 >= units
}

// ---------------------------------------------------------------------------------------------
// Prescan: WHATWG "prescan a byte stream to determine its encoding"
// https://html.spec.whatwg.org/multipage/parsing.html#prescan-a-byte-stream-to-determine-its-encoding
// with two changes: it reads up to PRESCAN_WINDOW bytes instead of 1024, and it skips the
// bodies of script, style, title and textarea elements (raw text to the tokenizer; a
// `document.write('<meta charset=…>')` in a script must not count).

/// Elements whose content is raw text: a `<meta` inside is not a tag.
const RAW_TEXT: [&[u8]; 4] = [b"script", b"style", b"title", b"textarea"];

/// Finds the charset label of the first `<meta charset>` or
/// `<meta http-equiv="Content-Type" content="…charset=…">` in the first [`PRESCAN_WINDOW`]
/// bytes, skipping comments and raw-text element bodies. Returns the label lower-cased as the
/// prescan reads it; labels that map to no encoding are skipped, as WHATWG says.
pub fn prescan_meta(bytes: &[u8]) -> Option<String> {
    let b = &bytes[..bytes.len().min(PRESCAN_WINDOW)];
    let mut pos = 0;
    while pos < b.len() {
        let rest = &b[pos..];
        if rest.starts_with(b"<!--") {
            // The comment ends at the first "-->" whose ">" comes after "<!--" ("<!-->" too).
            pos = match find(&b[pos + 2..], b"-->") {
                Some(i) => pos + 2 + i + 3,
                None => return None,
            };
        } else if starts_with_ci(rest, b"<meta")
            && rest.get(5).is_some_and(|&c| is_space(c) || c == b'/')
        {
            pos += 5;
            if let Some(label) = meta_charset(b, &mut pos) {
                return Some(label);
            }
        } else if rest.len() >= 2
            && rest[0] == b'<'
            && (rest[1].is_ascii_alphabetic()
                || (rest[1] == b'/' && rest.get(2).is_some_and(u8::is_ascii_alphabetic)))
        {
            let end_tag = rest[1] == b'/';
            let name_start = pos + 1 + usize::from(end_tag);
            pos = name_start;
            while pos < b.len() && !is_space(b[pos]) && b[pos] != b'>' {
                pos += 1;
            }
            let name = &b[name_start..pos];
            let name = name.strip_suffix(b"/").unwrap_or(name);
            while get_attribute(b, &mut pos).is_some() {}
            if !end_tag {
                if let Some(raw) = RAW_TEXT.iter().find(|r| name.eq_ignore_ascii_case(r)) {
                    pos = skip_raw_text(b, pos, raw)?;
                    continue;
                }
            }
            pos += 1;
        } else if rest.starts_with(b"<!") || rest.starts_with(b"</") || rest.starts_with(b"<?") {
            pos = pos + find(rest, b">")? + 1;
        } else {
            pos += 1;
        }
    }
    None
}

/// After a raw-text start tag, the position of its end tag `</name` (case-insensitive).
fn skip_raw_text(b: &[u8], mut pos: usize, name: &[u8]) -> Option<usize> {
    while pos < b.len() {
        let i = find(&b[pos..], b"</")?;
        pos += i;
        let after = &b[pos + 2..];
        if starts_with_ci(after, name)
            && after
                .get(name.len())
                .is_none_or(|&c| is_space(c) || c == b'>' || c == b'/')
        {
            return Some(pos);
        }
        pos += 2;
    }
    None
}

/// Steps of the prescan after `<meta`: returns the charset if this meta gives a usable one.
fn meta_charset(b: &[u8], pos: &mut usize) -> Option<String> {
    let mut seen: Vec<Vec<u8>> = Vec::new();
    let mut got_pragma = false;
    let mut need_pragma: Option<bool> = None;
    let mut charset: Option<String> = None;
    while let Some((name, value)) = get_attribute(b, pos) {
        if seen.contains(&name) {
            continue;
        }
        match name.as_slice() {
            b"http-equiv" => got_pragma |= value == b"content-type",
            b"content" if charset.is_none() => {
                if let Some(c) = extract_charset_from_content(&value) {
                    charset = Some(c);
                    need_pragma = Some(true);
                }
            }
            b"charset" => {
                charset = Some(String::from_utf8_lossy(&value).into_owned());
                need_pragma = Some(false);
            }
            _ => {}
        }
        seen.push(name);
    }
    match need_pragma? {
        true if !got_pragma => None,
        _ => charset.filter(|c| Encoding::for_label(c.trim().as_bytes()).is_some()),
    }
}

fn is_space(c: u8) -> bool {
    matches!(c, b'\t' | b'\n' | b'\x0C' | b'\r' | b' ')
}

/// WHATWG "get an attribute": returns (lower-cased name, lower-cased value) and advances `pos`
/// past it, or `None` at `>` or the end of input.
fn get_attribute(b: &[u8], pos: &mut usize) -> Option<(Vec<u8>, Vec<u8>)> {
    while *pos < b.len() && (is_space(b[*pos]) || b[*pos] == b'/') {
        *pos += 1;
    }
    if *pos >= b.len() || b[*pos] == b'>' {
        return None;
    }
    let mut name = Vec::new();
    let mut value = Vec::new();
    // Name.
    loop {
        let c = *b.get(*pos)?;
        if c == b'=' && !name.is_empty() {
            *pos += 1;
            break;
        }
        if is_space(c) {
            while b.get(*pos).is_some_and(|&c| is_space(c)) {
                *pos += 1;
            }
            if b.get(*pos) != Some(&b'=') {
                return Some((name, value));
            }
            *pos += 1;
            break;
        }
        if c == b'/' || c == b'>' {
            return Some((name, value));
        }
        name.push(c.to_ascii_lowercase());
        *pos += 1;
    }
    // Value.
    while b.get(*pos).is_some_and(|&c| is_space(c)) {
        *pos += 1;
    }
    let c = *b.get(*pos)?;
    if c == b'"' || c == b'\'' {
        *pos += 1;
        loop {
            let d = *b.get(*pos)?;
            *pos += 1;
            if d == c {
                return Some((name, value));
            }
            value.push(d.to_ascii_lowercase());
        }
    }
    if c == b'>' {
        return Some((name, value));
    }
    loop {
        let Some(&d) = b.get(*pos) else {
            return Some((name, value));
        };
        if is_space(d) || d == b'>' {
            return Some((name, value));
        }
        value.push(d.to_ascii_lowercase());
        *pos += 1;
    }
}

/// WHATWG "extracting a character encoding from a meta element" (also used for HTTP
/// `Content-Type` values): the label after `charset=`, quoted or not.
fn extract_charset_from_content(s: &[u8]) -> Option<String> {
    let mut pos = 0;
    loop {
        let i = find_ci(&s[pos..], b"charset")?;
        pos += i + 7;
        while s.get(pos).is_some_and(|&c| is_space(c)) {
            pos += 1;
        }
        if s.get(pos) == Some(&b'=') {
            pos += 1;
            break;
        }
    }
    while s.get(pos).is_some_and(|&c| is_space(c)) {
        pos += 1;
    }
    let rest = &s[pos..];
    let value = match rest.first()? {
        &q @ (b'"' | b'\'') => {
            let end = rest[1..].iter().position(|&c| c == q)?;
            &rest[1..1 + end]
        }
        _ => {
            let end = rest
                .iter()
                .position(|&c| is_space(c) || c == b';')
                .unwrap_or(rest.len());
            &rest[..end]
        }
    };
    (!value.is_empty()).then(|| String::from_utf8_lossy(value).into_owned())
}

/// The `encoding` pseudo-attribute of an XML declaration at the start of the input (after
/// optional whitespace).
pub fn xml_declaration(bytes: &[u8]) -> Option<String> {
    /// A declaration is short; do not read a whole page looking for `?>`.
    const MAX_DECL: usize = 1024;
    let start = bytes.iter().position(|&c| !is_space(c))?;
    let b = &bytes[start..bytes.len().min(start + MAX_DECL)];
    if !b.starts_with(b"<?xml") || !b.get(5).is_some_and(|&c| is_space(c)) {
        return None;
    }
    let decl = &b[..find(b, b"?>")?];
    let mut pos = find(decl, b"encoding")? + 8;
    while decl.get(pos).is_some_and(|&c| is_space(c)) {
        pos += 1;
    }
    if decl.get(pos) != Some(&b'=') {
        return None;
    }
    pos += 1;
    while decl.get(pos).is_some_and(|&c| is_space(c)) {
        pos += 1;
    }
    let q = *decl.get(pos)?;
    if q != b'"' && q != b'\'' {
        return None;
    }
    let end = decl[pos + 1..].iter().position(|&c| c == q)?;
    let label = &decl[pos + 1..pos + 1 + end];
    (!label.is_empty()).then(|| String::from_utf8_lossy(label).trim().to_ascii_lowercase())
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn find_ci(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len())
        .position(|w| w.eq_ignore_ascii_case(needle))
}

fn starts_with_ci(hay: &[u8], prefix: &[u8]) -> bool {
    hay.len() >= prefix.len() && hay[..prefix.len()].eq_ignore_ascii_case(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_assessment_agrees_with_the_decoder() {
        use proptest::prelude::*;
        let same = |bytes: &[u8]| {
            let (a, b) = (
                Assessment::of_utf8(bytes),
                Assessment::of_decoded(UTF_8, bytes, false).0,
            );
            (a.malformed, a.non_ascii, a.pua, a.in_runs, a.cjk)
                == (b.malformed, b.non_ascii, b.pua, b.in_runs, b.cjk)
        };
        let mut samples: Vec<Vec<u8>> = vec![
            "中文 text, café \u{E000}".into(),
            encoding_rs::GBK
                .encode("中共天长市委组织部发出倡议")
                .0
                .into_owned(),
            b"\xE4\xB8".to_vec(),
            b"a\xE4\xB8".to_vec(),
            b"\xE4\xB8a\xF0\x9F\x98".to_vec(),
            b"\xED\xA0\x80\xC0\xAF\xF4\x90\x80\x80\xFF\x80".to_vec(),
        ];
        // Every long-enough cut of a UTF-8 text with multi-byte characters.
        let text = "一é😀z".as_bytes();
        samples.extend((0..text.len()).map(|i| text[..i].to_vec()));
        for s in &samples {
            assert!(same(s), "{s:x?}");
        }
        // Random bytes, biased towards UTF-8 lead and continuation bytes.
        let byte = prop_oneof![
            any::<u8>(),
            0x80u8..=0xBF,
            0xC0u8..=0xF5,
            Just(b'a'),
            Just(0xE4u8)
        ];
        proptest!(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x7061_6765_7761_7368), ..ProptestConfig::with_cases(2000) }, |(bytes in proptest::collection::vec(byte, 0..64))| {
            prop_assert!(same(&bytes), "{:x?}", bytes);
        });
    }

    fn meta(s: &str) -> Option<String> {
        prescan_meta(s.as_bytes())
    }

    #[test]
    fn prescan_forms() {
        assert_eq!(meta("<meta charset=gbk>").as_deref(), Some("gbk"));
        assert_eq!(meta("<META CharSet='GB2312'/>").as_deref(), Some("gb2312"));
        assert_eq!(
            meta(r#"<meta http-equiv="Content-Type" content="text/html; charset=big5">"#)
                .as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta(r#"<meta content="text/html; charset=euc-kr" http-equiv=content-type>"#)
                .as_deref(),
            Some("euc-kr")
        );
        // content= without http-equiv does not count.
        assert_eq!(meta(r#"<meta content="text/html; charset=big5">"#), None);
        // Unknown labels are skipped; the next meta is used.
        assert_eq!(
            meta("<meta charset=bogus><meta charset=utf-8>").as_deref(),
            Some("utf-8")
        );
        assert_eq!(meta("<metadata charset=gbk>"), None);
    }

    #[test]
    fn prescan_skips_comments_scripts_and_attributes() {
        assert_eq!(
            meta("<!-- <meta charset=gbk> --><meta charset=big5>").as_deref(),
            Some("big5")
        );
        assert_eq!(meta("<!--><meta charset=big5>").as_deref(), Some("big5"));
        assert_eq!(
            meta("<script>document.write('<meta charset=gbk>')</script><meta charset=big5>")
                .as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta("<div title='<meta charset=gbk>'><meta charset=big5>").as_deref(),
            Some("big5")
        );
        assert_eq!(
            meta("<STYLE>a{}</style x><meta charset=sjis>").as_deref(),
            Some("sjis")
        );
    }

    #[test]
    fn content_charset_extraction() {
        let x = |s: &str| extract_charset_from_content(s.as_bytes());
        assert_eq!(x("text/html; charset=GBK").as_deref(), Some("GBK"));
        assert_eq!(x("text/html;charset = \"utf-8\"").as_deref(), Some("utf-8"));
        assert_eq!(x("text/html; charset='x").as_deref(), None);
        assert_eq!(x("charsetcharset=big5").as_deref(), Some("big5"));
        assert_eq!(http_label(" gb2312 ").as_deref(), Some("gb2312"));
        assert_eq!(
            http_label("text/html; charset=\"gbk\"").as_deref(),
            Some("gbk")
        );
        assert_eq!(http_label("text/html"), None);
    }

    #[test]
    fn xml_declarations() {
        let x = |s: &str| xml_declaration(s.as_bytes());
        assert_eq!(
            x("<?xml version=\"1.0\" encoding=\"GBK\"?><a/>").as_deref(),
            Some("gbk")
        );
        assert_eq!(
            x("\n<?xml version='1.0' encoding = 'big5' ?>").as_deref(),
            Some("big5")
        );
        assert_eq!(x("<?xml version=\"1.0\"?>"), None);
        assert_eq!(x("<p><?xml version=\"1.0\" encoding=\"gbk\"?>"), None);
    }

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

    #[test]
    fn assessment_runs_and_errors() {
        let a = Assessment::of(WINDOWS_1252, "café au lait, naïve".as_bytes());
        // UTF-8 bytes read as windows-1252: every non-ASCII char is in a run.
        assert_eq!(a.run_share_percent(), 100);
        let a = Assessment::of(WINDOWS_1252, b"caf\xe9 na\xefve");
        assert_eq!(a.run_share_percent(), 0);
        let a = Assessment::of(UTF_8, b"caf\xe9 na\xefve \xe4\xb8");
        assert_eq!(a.malformed, 2, "the cut tail is forgiven");
    }
}
