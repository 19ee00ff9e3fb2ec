//! Decoders: raw bytes of one page → text → a [`Doc`](crate::Doc) of lines, then repair of
//! damage done before the page reached us.
//!
//! Order: gzip is undone when the bytes start with its magic ([`gzip`]); the format (text or
//! HTML) is sniffed ([`sniff_format`]); the charset is arbitrated from every signal — BOM,
//! HTTP header, `<meta>`, XML declaration, UTF-8 validity, chardetng with the URL's TLD — with
//! lying labels overridden and the reason recorded ([`charset`]); bytes the chosen encoding
//! cannot map become U+FFFD, are counted, and flag the result as lossy.

// Not public: these docs are for the crate's developers (`cargo doc
// --document-private-items`), and reach the hidden `internals` door only for its tests.
#![allow(rustdoc::private_intra_doc_links)]

pub mod charset;
pub mod gzip;
pub mod html;
mod prescan;
pub mod repair;
mod sniff;
pub(crate) mod textcheck;

pub use charset::{Decision, EncodingSource};
pub use sniff::{sniff_format, sniff_format_with_reason, InputFormat};

use std::borrow::Cow;

use encoding_rs::Encoding;

use crate::hints::Hints;

/// Default page-size limit: larger inputs are cut and flagged. 16 MiB is far above any
/// article and keeps one bad record from eating memory.
pub const DEFAULT_MAX_PAGE_BYTES: usize = 16 << 20;

/// The decoder's settings, all it sees of the pipeline's options (the pipeline builder's
/// `max_page_bytes`, `repair_mojibake` and `html_options`; [`crate::PipelineOptions`] gives
/// them as `max_page_bytes`, `repair` and `markdown`). The charset a front end forces is a
/// per-page [`Hints`], not a setting.
#[derive(Clone, Debug)]
pub(crate) struct DecodeOptions {
    /// Longer inputs are cut and flagged `truncated`.
    pub(crate) max_page_bytes: usize,
    /// Repair mojibake while decoding, before every stage.
    pub(crate) repair_mojibake: bool,
    /// The HTML reader's limits, and whether it records links (for Markdown).
    pub(crate) html: html::HtmlOptions,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        DecodeOptions {
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            repair_mojibake: true,
            html: html::HtmlOptions::default(),
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
    if !has_invisible(text.as_bytes()) {
        return text;
    }
    Cow::Owned(text.chars().filter(|&c| !invisible(c)).collect())
}

/// Whether UTF-8 `bytes` hold a character [`strip_invisible`] drops, told from the bytes
/// alone: a C0 control other than tab, line feed and carriage return, DEL, a C1 control
/// (`C2 80`–`C2 9F`), U+200B (`E2 80 8B`) or U+FEFF (`EF BB BF`). Testing the bytes after an
/// `E2` or `EF` too lets Chinese lines through, whose full-width punctuation starts with `EF`.
fn has_invisible(bytes: &[u8]) -> bool {
    // C0 controls and DEL: a branch-free test over blocks of 64 bytes (a vector loop).
    let control = |b: u8| (b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r')) || b == 0x7F;
    if bytes
        .chunks(64)
        .any(|block| block.iter().fold(false, |seen, &b| seen | control(b)))
    {
        return true;
    }
    memchr::memchr3_iter(0xC2, 0xE2, 0xEF, bytes).any(|i| match bytes[i] {
        0xC2 => matches!(bytes.get(i + 1), Some(0x80..=0x9F)),
        0xE2 => bytes.get(i + 1..i + 3) == Some(&[0x80, 0x8B]),
        _ => bytes.get(i + 1..i + 3) == Some(&[0xBB, 0xBF]),
    })
}

/// Text decoded from bytes, with how it was decided.
#[derive(Debug)]
pub struct Decoded<'a> {
    /// The text (borrowed when the input was already clean UTF-8).
    pub text: Cow<'a, str>,
    /// The charset decision: encoding, winning signal, every signal, override reason.
    pub decision: Decision,
    /// How many U+FFFD replacement characters decoding produced (0 = lossless).
    pub replacements: usize,
    /// Text or HTML, sniffed from the bytes and the content-type hint.
    pub format: InputFormat,
    /// Why that format.
    pub format_reason: &'static str,
    /// The input (after decompression) was longer than the page-size limit and was cut.
    pub truncated: bool,
    /// The input was gzip-compressed.
    pub gzip: bool,
    /// What went wrong decompressing, if anything (the text decoded before it is kept).
    pub gzip_error: Option<String>,
}

impl Decoded<'_> {
    /// The same, owning its text (for text decoded from a buffer that goes away).
    pub fn into_owned(self) -> Decoded<'static> {
        Decoded {
            text: Cow::Owned(self.text.into_owned()),
            decision: self.decision,
            replacements: self.replacements,
            format: self.format,
            format_reason: self.format_reason,
            truncated: self.truncated,
            gzip: self.gzip,
            gzip_error: self.gzip_error,
        }
    }

    /// The encoding used.
    pub fn encoding(&self) -> &'static Encoding {
        self.decision.encoding
    }
}

/// Decodes one page's bytes to text, cut to `max_bytes` (on a character boundary).
pub fn decode<'a>(bytes: &'a [u8], hints: &Hints, max_bytes: usize) -> Decoded<'a> {
    let unzipped = gzip::gunzip(bytes, max_bytes);
    let gzip = unzipped.was_gzip;
    let gzip_error = unzipped.error.as_ref().map(|e| e.to_string());
    let truncated = unzipped.truncated;
    match unzipped.data {
        Cow::Borrowed(data) => decode_unzipped(data, hints, max_bytes, truncated, gzip, gzip_error),
        Cow::Owned(data) => {
            decode_unzipped(&data, hints, max_bytes, truncated, gzip, gzip_error).into_owned()
        }
    }
}

fn decode_unzipped<'a>(
    data: &'a [u8],
    hints: &Hints,
    max_bytes: usize,
    truncated: bool,
    gzip: bool,
    gzip_error: Option<String>,
) -> Decoded<'a> {
    let (data, cut) = cut_to(data, max_bytes);
    let (text, decision, replacements, (format, format_reason)) = decode_bytes(data, hints);
    Decoded {
        text,
        decision,
        replacements,
        format,
        format_reason,
        truncated: truncated || cut,
        gzip,
        gzip_error,
    }
}

/// The page cut to `max` bytes, and whether it was cut.
fn cut_to(data: &[u8], max: usize) -> (&[u8], bool) {
    if data.len() <= max {
        (data, false)
    } else {
        (cut_before_partial_utf8(&data[..max]), true)
    }
}

fn decode_bytes<'a>(
    data: &'a [u8],
    hints: &Hints,
) -> (Cow<'a, str>, Decision, usize, (InputFormat, &'static str)) {
    let (format, reason) = sniff_format_with_reason(data, hints.content_type());
    // A forced label wins over everything but a byte-order mark.
    let forced = hints
        .forced_charset()
        .filter(|_| Encoding::for_bom(data).is_none())
        .and_then(charset::decide_forced);
    let (decision, decoded) = match forced {
        Some(d) => (d, None),
        None => charset::decide_with_text(
            data,
            hints.http_charset(),
            hints.url(),
            format == InputFormat::Html,
        ),
    };
    // The charset check may have decoded the whole page already (legacy labels).
    let (text, replacements) = match decoded {
        Some(text) => (Cow::Owned(text), 0),
        None => charset::decode_with(data, &decision),
    };
    // UTF-16 bytes hide their markup behind NULs: sniff the decoded text instead.
    let sniffed = if format == InputFormat::Text
        && (decision.encoding == encoding_rs::UTF_16LE
            || decision.encoding == encoding_rs::UTF_16BE)
    {
        sniff_format_with_reason(text.as_bytes(), hints.content_type())
    } else {
        (format, reason)
    };
    (text, decision, replacements, sniffed)
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

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::GB18030;
    use std::io::Write;

    fn hints() -> Hints {
        Hints::default()
    }

    #[test]
    fn invisible_bytes_agree_with_the_characters() {
        let invisible = |c: char| {
            (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
                || matches!(c, '\u{200B}' | '\u{FEFF}')
        };
        // Every BMP character alone and between look-alikes sharing its lead byte
        // (`，` is EF BC 8C, `…` E2 80 A6, `é` C3 A9, `\u{A0}` C2 A0).
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            for s in [c.to_string(), format!("，{c}…\u{A0}é")] {
                assert_eq!(
                    has_invisible(s.as_bytes()),
                    invisible(c),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        assert!(!has_invisible(
            "中文，标点。\t\r\n\u{200C}\u{FEFE}".as_bytes()
        ));
    }

    #[test]
    fn valid_utf8_is_borrowed() {
        let d = decode("中文".as_bytes(), &hints(), 1 << 20);
        assert!(matches!(d.text, Cow::Borrowed("中文")));
        assert_eq!(d.decision.source, EncodingSource::ValidUtf8);
    }

    #[test]
    fn bom_wins_over_a_forced_label() {
        let input = [0xFF, 0xFE, b'a', 0];
        let d = decode(&input, &Hints::new().with_charset("gbk"), 1 << 20);
        assert_eq!(d.encoding(), encoding_rs::UTF_16LE);
        assert_eq!(d.decision.source, EncodingSource::Bom);
        assert_eq!(d.text, "a");
    }

    #[test]
    fn forced_gbk_decodes_as_gb18030() {
        let (bytes, _, _) = encoding_rs::GBK.encode("當地，暫不返鄉");
        let d = decode(&bytes, &Hints::new().with_charset("gb2312"), 1 << 20);
        assert_eq!(d.text, "當地，暫不返鄉");
        assert_eq!(d.encoding(), GB18030);
        assert_eq!(d.decision.source, EncodingSource::Forced);
    }

    #[test]
    fn a_lying_http_header_is_overridden_and_the_reason_kept() {
        let text = "中共天长市委组织部发出倡议，全市各级党组织要发挥组织优势，筑牢战疫堡垒。";
        let (bytes, _, _) = encoding_rs::GBK.encode(text);
        let h = Hints::new().with_content_type("text/plain; charset=iso-8859-1");
        let d = decode(&bytes, &h, 1 << 20);
        assert_eq!(d.text, text);
        assert!(d.decision.overridden.is_some());
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
        assert_eq!(d.decision.source, EncodingSource::Detected);
        assert_eq!(d.replacements, 0);
    }

    #[test]
    fn undecodable_bytes_are_counted_not_dropped() {
        let d = decode(
            b"ok \xff\xff\x80 end",
            &Hints::new().with_charset("utf-8"),
            1 << 20,
        );
        assert_eq!(d.decision.source, EncodingSource::Forced);
        assert!(d.replacements >= 1);
        assert!(d.text.starts_with("ok ") && d.text.ends_with(" end"));
    }

    #[test]
    fn gzip_is_undone_transparently() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        gz.write_all("压缩过的页面".as_bytes()).unwrap();
        let bytes = gz.finish().unwrap();
        let d = decode(&bytes, &hints(), 1 << 20);
        assert!(d.gzip && d.gzip_error.is_none());
        assert_eq!(d.text, "压缩过的页面");
        let d = decode(&bytes[..bytes.len() - 6], &hints(), 1 << 20);
        assert!(d.gzip_error.is_some(), "a cut stream is reported");
    }

    #[test]
    fn text_kept_from_the_charset_check_is_what_decode_with_gives() {
        let page = |label: &str, body: &str, enc: &'static Encoding| {
            let html = format!("<html><head><meta charset={label}></head><body>{body}</body>");
            enc.encode(&html).0.into_owned()
        };
        let gbk = page(
            "gbk",
            "中共天长市委组织部发出倡议，筑牢战疫堡垒。",
            encoding_rs::GBK,
        );
        let mut inputs = vec![
            gbk.clone(),
            gbk[..gbk.len() - 20].to_vec(), // cut inside a character
            [&gbk[..60], b"\xff\xff", &gbk[60..]].concat(), // malformed bytes
            page("big5", "當地，暫不返鄉", encoding_rs::BIG5),
            page("windows-1252", "café naïve", encoding_rs::WINDOWS_1252),
            page("iso-2022-jp", "ascii only", encoding_rs::UTF_8),
            page("shift_jis", "日本語のテキスト", encoding_rs::SHIFT_JIS),
            page("gbk", "ascii only", encoding_rs::UTF_8),
        ];
        inputs.push(
            encoding_rs::GBK
                .encode("无标签的中文页面，内容很长很长很长。")
                .0
                .into_owned(),
        );
        for bytes in &inputs {
            let d = decode(bytes, &hints(), 1 << 20);
            let decision = charset::decide(bytes, None, None, d.format == InputFormat::Html);
            let (text, replacements) = charset::decode_with(bytes, &decision);
            assert_eq!(d.decision, decision);
            assert_eq!((&d.text, d.replacements), (&text, replacements));
            assert_eq!(
                matches!(d.text, Cow::Borrowed(_)),
                matches!(text, Cow::Borrowed(_))
            );
        }
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
    fn oversized_input_is_cut_and_flagged() {
        let d = decode("一二三四".as_bytes(), &hints(), 7);
        assert!(d.truncated);
        // Cut inside the third character: the fragment is dropped, not mis-decoded.
        assert_eq!(d.text, "一二");
        assert_eq!(d.decision.source, EncodingSource::ValidUtf8);
    }
}
