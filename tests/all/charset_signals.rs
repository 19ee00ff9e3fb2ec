//! Single-signal behaviour: the prescan window, comments, lying labels, sparse damage, gzip.

use std::io::Write;

use encoding_rs::*;
use pagewash::internals::decode::charset::{
    decide, decide_all_signals, decide_forced, decode_with, EncodingSource,
};
use pagewash::internals::decode::gzip::{gunzip, GzipError};

const TEXT: &str = "中共天长市委组织部发出倡议，全市各级党组织要发挥组织优势，筑牢战疫堡垒。\
    严格按照市疫情防控应急指挥部要求，全力以赴，加强重点场所重点人群疫情防控工作。";

fn gbk(s: &str) -> Vec<u8> {
    let (b, _, unmappable) = GBK.encode(s);
    assert!(!unmappable);
    b.into_owned()
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// 5 KB of what Chinese CMS pages put before their `<meta>`: comments, scripts (one writing a
/// decoy meta tag), styles.
fn cms_preamble() -> String {
    let mut s = String::from("<!DOCTYPE html>\n<html>\n<head>\n");
    while s.len() < 5 * 1024 {
        s += "<!-- 页面统计代码 开始 <meta charset=\"big5\"> -->\n";
        s += "<script type=\"text/javascript\">var _hmt = _hmt || []; \
              document.write('<meta charset=\"big5\">'); if (a < b) { x = '栏目'; }</script>\n";
        s += "<style>.nav > li { float: left; } /* 导航 */</style>\n";
    }
    s
}

#[test]
fn meta_after_5kb_of_comments_and_scripts_is_found() {
    let page = format!(
        "{}<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\n</head><body><p>{TEXT}</p></body></html>",
        cms_preamble()
    );
    let meta_at = page.find("charset=gb2312").unwrap();
    assert!(meta_at > 5 * 1024, "meta at {meta_at}");
    let bytes = gbk(&page);
    let d = decide(&bytes, None, None, true);
    assert_eq!(d.source, EncodingSource::MetaTag, "{d:?}");
    assert_eq!(d.encoding, GB18030);
    assert_eq!(d.signal(EncodingSource::MetaTag).unwrap().label, "gb2312");
    assert_eq!(decode_with(&bytes, &d), (page.as_str().into(), 0));
}

#[test]
fn meta_inside_a_comment_or_script_is_ignored() {
    let page = format!("{}</head><body><p>{TEXT}</p></body></html>", cms_preamble());
    let bytes = gbk(&page);
    let d = decide(&bytes, None, None, true);
    assert!(d.signal(EncodingSource::MetaTag).is_none(), "{d:?}");
    assert_eq!(d.source, EncodingSource::Detected);
    assert_eq!(d.encoding, GB18030);
    assert_eq!(decode_with(&bytes, &d).0, page);
}

#[test]
fn meta_is_not_looked_for_in_text_input() {
    let page = format!("<meta charset=big5>{TEXT}");
    let d = decide(&gbk(&page), None, None, false);
    assert!(d.signal(EncodingSource::MetaTag).is_none());
    assert_eq!(d.encoding, GB18030);
}

#[test]
fn all_signals_are_recorded() {
    let page = format!("<?xml version=\"1.0\" encoding=\"gbk\"?><html><head><meta charset=gb2312></head><p>{TEXT}</p>");
    let bytes = gbk(&page);
    let (http, url) = (Some("text/html; charset=GBK"), Some("http://www.gov.cn/x"));
    let d = decide_all_signals(&bytes, http, url, true);
    let lazy = decide(&bytes, http, url, true);
    // A clean label decides without chardetng; the decision is the same.
    assert_eq!((lazy.encoding, lazy.source), (d.encoding, d.source));
    assert!(lazy.signal(EncodingSource::Detected).is_none());
    let sources: Vec<_> = d.signals.iter().map(|s| s.source).collect();
    assert_eq!(
        sources,
        [
            EncodingSource::HttpHeader,
            EncodingSource::MetaTag,
            EncodingSource::XmlDeclaration,
            EncodingSource::Detected
        ]
    );
    assert_eq!(d.source, EncodingSource::HttpHeader);
    assert!(d.overridden.is_none());
    assert!(
        d.signals.iter().all(|s| s.encoding == Some(GB18030)),
        "{d:?}"
    );
}

#[test]
fn http_header_beats_meta_unless_it_garbles() {
    // Both labels decode cleanly: the header wins (WHATWG order).
    let page = format!("<meta charset=gbk><p>{TEXT}</p>");
    let d = decide(&gbk(&page), Some("gb18030"), None, true);
    assert_eq!(
        (d.source, d.overridden.as_deref()),
        (EncodingSource::HttpHeader, None)
    );
    // The header says UTF-8, the bytes are GBK as the meta says: the meta wins, and why is told.
    let d = decide(&gbk(&page), Some("utf-8"), None, true);
    assert_eq!(d.source, EncodingSource::MetaTag);
    assert_eq!(d.encoding, GB18030);
    let why = d.overridden.unwrap();
    assert!(
        why.contains("malformed") && why.contains("gb18030"),
        "{why}"
    );
}

#[test]
fn gbk_bytes_labelled_latin1_are_switched() {
    let page = format!("<p>{TEXT}</p>");
    let bytes = gbk(&page);
    let d = decide(&bytes, Some("text/html; charset=ISO-8859-1"), None, true);
    assert_eq!((d.encoding, d.source), (GB18030, EncodingSource::Detected));
    assert!(d.overridden.as_ref().unwrap().contains("mojibake"));
    assert_eq!(decode_with(&bytes, &d).0, page);
}

#[test]
fn latin_text_with_a_latin_label_is_kept() {
    // Real windows-1252 text: accented letters between ASCII ones.
    let text = "<p>Le café de la gare a été rénové. Ça coûte très cher, dit-on à Besançon.</p>";
    let (bytes, _, _) = WINDOWS_1252.encode(text);
    let d = decide(&bytes, Some("iso-8859-1"), None, true);
    assert_eq!(
        (d.encoding, d.source),
        (WINDOWS_1252, EncodingSource::HttpHeader)
    );
    assert!(d.overridden.is_none());
    assert_eq!(decode_with(&bytes, &d).0, text);
}

#[test]
fn a_single_non_ascii_utf8_character_does_not_overturn_a_clean_label() {
    // "©" in UTF-8 is C2 A9, a valid GBK pair (聽): too little evidence to call a label wrong.
    let bytes = "<meta charset=gbk><p>版权所有 © 2022</p>"
        .as_bytes()
        .to_vec();
    let gbk_page = gbk("<meta charset=gbk><p>版权 2022</p>");
    let d = decide(&gbk_page, None, None, true);
    assert_eq!(d.source, EncodingSource::MetaTag);
    let bytes = bytes.as_slice();
    // Five multi-byte UTF-8 characters are enough evidence.
    let d = decide(bytes, None, None, true);
    assert_eq!(d.source, EncodingSource::ValidUtf8, "{d:?}");
    let few = "<meta charset=gbk><p>x © y</p>".as_bytes();
    let d = decide(few, None, None, true);
    assert_eq!(d.source, EncodingSource::MetaTag, "{d:?}");
}

#[test]
fn sparse_damage_keeps_the_label_and_is_counted() {
    // A long UTF-8 page with one broken sequence: damage, not a wrong label.
    let page = format!("<meta charset=utf-8><p>{}</p>", TEXT.repeat(5));
    let mid = (page.len() / 2..)
        .find(|&i| page.is_char_boundary(i))
        .unwrap();
    let mut bytes = page.into_bytes();
    bytes.insert(mid, 0xFF);
    let d = decide(&bytes, None, None, true);
    assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::MetaTag));
    assert!(d.overridden.is_none());
    let (text, replacements) = decode_with(&bytes, &d);
    assert_eq!(replacements, 1);
    assert_eq!(text.matches('\u{FFFD}').count(), 1);
    // The same page unlabelled is mostly UTF-8, not a legacy guess.
    let bytes = &bytes[20..];
    let d = decide(bytes, None, None, true);
    assert_eq!(
        (d.encoding, d.source),
        (UTF_8, EncodingSource::MostlyUtf8),
        "{d:?}"
    );
}

#[test]
fn literal_replacement_characters_are_not_counted() {
    let page = "<p>已有的\u{FFFD}字符</p>\u{FFFD}";
    let mut bytes = page.as_bytes().to_vec();
    bytes.push(0x80);
    let d = decide_forced("utf-8").unwrap();
    let (text, replacements) = decode_with(&bytes, &d);
    assert_eq!(replacements, 1);
    assert_eq!(text.matches('\u{FFFD}').count(), 3);
}

#[test]
fn page_cut_inside_its_last_character_is_still_its_encoding() {
    let page = format!("<meta charset=gbk><p>{TEXT}</p>");
    let mut bytes = gbk(&page);
    bytes.truncate(bytes.len() - 5); // "</p>" and half of "。"
    let d = decide(&bytes, None, None, true);
    assert_eq!((d.encoding, d.source), (GB18030, EncodingSource::MetaTag));
    let utf8 = &page.as_bytes()[..page.len() - 5];
    let d = decide(utf8, Some("gbk"), None, true);
    assert_eq!((d.encoding, d.source), (UTF_8, EncodingSource::ValidUtf8));
}

#[test]
fn utf16_label_on_8bit_bytes_is_overridden() {
    let page = format!("<p>{TEXT}</p>");
    let d = decide(page.as_bytes(), Some("utf-16"), None, true);
    assert_eq!(d.encoding, UTF_8);
    let bytes = gbk(&page);
    let d = decide(&bytes, Some("utf-16le"), None, true);
    assert_eq!((d.encoding, d.source), (GB18030, EncodingSource::Detected));
    // A meta saying UTF-16 means UTF-8 (WHATWG).
    let d = decide(b"<meta charset=utf-16><p>x</p>", None, None, true);
    assert_eq!(d.encoding, UTF_8);
}

#[test]
fn replacement_labels_do_not_eat_the_page() {
    // iso-2022-kr maps to the WHATWG replacement encoding.
    let page = format!("<p>{TEXT}</p>");
    let d = decide(page.as_bytes(), Some("iso-2022-kr"), None, true);
    assert_eq!(d.encoding, UTF_8);
    let bytes = gbk(&page);
    let d = decide(&bytes, Some("iso-2022-kr"), None, true);
    assert_eq!(d.encoding, GB18030);
    assert_eq!(decode_with(&bytes, &d).0, page);
}

#[test]
fn unknown_labels_are_recorded_and_skipped() {
    let bytes = gbk(&format!("<p>{TEXT}</p>"));
    let d = decide(&bytes, Some("x-klingon"), None, true);
    let s = d.signal(EncodingSource::HttpHeader).unwrap();
    assert_eq!((s.label.as_str(), s.encoding), ("x-klingon", None));
    assert_eq!(d.source, EncodingSource::Detected);
}

#[test]
fn forced_label_wins_and_strips_its_own_bom() {
    let mut bytes = b"\xEF\xBB\xBF".to_vec();
    bytes.extend_from_slice("<p>中文</p>".as_bytes());
    let d = decide_forced("utf-8").unwrap();
    assert_eq!(decode_with(&bytes, &d).0, "<p>中文</p>");
    let d = decide_forced(" GB2312 ").unwrap();
    assert_eq!((d.encoding, d.source), (GB18030, EncodingSource::Forced));
    assert!(decide_forced("nonsense").is_none());
}

#[test]
fn empty_input() {
    for html in [true, false] {
        for http in [None, Some("gbk"), Some("utf-16le")] {
            let d = decide(b"", http, Some("http://a.cn/"), html);
            let (text, n) = decode_with(b"", &d);
            assert_eq!((text.as_ref(), n), ("", 0), "{d:?}");
        }
    }
    let g = gunzip(b"", 100);
    assert!(!g.was_gzip && g.data.is_empty() && g.is_complete());
}

#[test]
fn odd_inputs_do_not_panic() {
    let inputs: [&[u8]; 9] = [
        b"<",
        b"<meta",
        b"<meta charset",
        b"<meta charset='gbk",
        b"<!--",
        b"<script>",
        b"<?xml version=\"1.0\" encoding=\"",
        b"\xFE",
        b"\x1F\x8B",
    ];
    for input in inputs {
        let d = decide(input, Some("text/html; charset="), Some("://"), true);
        let _ = decode_with(input, &d);
        let _ = gunzip(input, 10);
    }
}

// ------------------------------------------------------------------------------------------
// gzip

fn page_bytes() -> (String, Vec<u8>) {
    let page = format!("<meta charset=gbk><body>{}</body>", TEXT.repeat(40));
    let bytes = gbk(&page);
    (page, bytes)
}

#[test]
fn gzip_round_trip_then_charset() {
    let (page, bytes) = page_bytes();
    let z = gz(&bytes);
    let g = gunzip(&z, 1 << 20);
    assert!(g.was_gzip && g.is_complete() && g.members == 1, "{g:?}");
    assert_eq!(&*g.data, &bytes[..]);
    let d = decide(&g.data, None, None, true);
    assert_eq!(decode_with(&g.data, &d).0, page);
}

#[test]
fn truncated_gzip_reports_where_and_keeps_the_prefix() {
    let (page, bytes) = page_bytes();
    let z = gz(&bytes);
    let cut = &z[..z.len() * 2 / 3];
    let g = gunzip(cut, 1 << 20);
    assert_eq!(g.members, 0);
    let err = g.error.clone().unwrap();
    assert!(
        matches!(err, GzipError::Truncated { member: 1, offset, part: "deflate data", .. } if offset == cut.len() as u64),
        "{err:?}"
    );
    let msg = err.to_string();
    assert!(
        msg.contains(&format!("byte {}", cut.len())) && msg.contains("decoded"),
        "{msg}"
    );
    assert!(
        !g.data.is_empty() && bytes.starts_with(&g.data),
        "prefix of {} bytes",
        g.data.len()
    );
    // The partial text decodes as the start of the page.
    let d = decide(&g.data, None, None, true);
    let (text, replacements) = decode_with(&g.data, &d);
    assert!(replacements <= 1);
    let text = text.trim_end_matches('\u{FFFD}');
    assert!(text.len() > 100 && page.starts_with(text));

    // Cut inside the trailer.
    let g = gunzip(&z[..z.len() - 3], 1 << 20);
    assert!(
        matches!(
            g.error,
            Some(GzipError::Truncated {
                part: "trailer",
                ..
            })
        ),
        "{g:?}"
    );
    assert_eq!(&*g.data, &bytes[..]);
    // Cut inside the header.
    let g = gunzip(&z[..5], 1 << 20);
    assert!(matches!(
        g.error,
        Some(GzipError::Truncated {
            part: "header",
            offset: 5,
            ..
        })
    ));
}

#[test]
fn corrupt_gzip_reports_where_and_keeps_what_came_before() {
    // Real text, so that the compressed stream is long and the damage is in its middle.
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/seeds/002_66775e03a31b9b0b.expected.txt"
    );
    let text = std::fs::read(path).unwrap();
    let mut z = gz(&text);
    let at = z.len() / 2;
    for b in &mut z[at..at + 8] {
        *b ^= 0xA5;
    }
    let g = gunzip(&z, 1 << 20);
    let common = g.data.iter().zip(&text).take_while(|(a, b)| a == b).count();
    match g.error.as_ref().unwrap() {
        GzipError::Corrupt {
            member: 1,
            offset,
            decoded,
            ..
        } => {
            assert!(
                *offset as usize >= at,
                "offset {offset} before the damage at {at}"
            );
            assert_eq!(*decoded as usize, g.data.len());
        }
        e => panic!("unexpected {e:?}"),
    }
    // Deflate has no per-block check: bytes between the damage and its detection may be wrong,
    // but what precedes the damage is intact.
    assert!(
        common >= text.len() / 4,
        "only {common} of {} bytes kept",
        text.len()
    );
    let msg = g.error.unwrap().to_string();
    assert!(
        msg.starts_with("gzip member 1: corrupt deflate data near byte")
            && !msg.contains("bad state"),
        "{msg}"
    );

    // A bad CRC alone.
    let (_, bytes) = page_bytes();
    let mut z = gz(&bytes);
    let n = z.len();
    z[n - 8] ^= 1;
    let g = gunzip(&z, 1 << 20);
    assert!(
        matches!(g.error, Some(GzipError::ChecksumMismatch { member: 1, .. })),
        "{g:?}"
    );
    assert_eq!(&*g.data, &bytes[..]);
    assert!(g.error.unwrap().to_string().contains("crc-32 mismatch"));
}

#[test]
fn multi_member_gzip() {
    let (_, bytes) = page_bytes();
    let (a, b) = bytes.split_at(1000);
    let mut z = gz(a);
    z.extend(gz(b));
    z.extend(gz(b""));
    let g = gunzip(&z, 1 << 20);
    assert_eq!((g.members, g.trailing_bytes), (3, 0));
    assert!(g.is_complete());
    assert_eq!(&*g.data, &bytes[..]);
    // Damage in the second member keeps the whole first one.
    let first = gz(a).len();
    let mut z2 = z.clone();
    z2[first + 3] = 0xFF; // reserved flag bits
    let g = gunzip(&z2, 1 << 20);
    assert_eq!(g.members, 1);
    assert_eq!(&*g.data, a);
    assert!(
        matches!(g.error, Some(GzipError::BadHeader { member: 2, offset, .. }) if offset == (first + 3) as u64),
        "{g:?}"
    );
}

#[test]
fn gzip_output_limit() {
    let (_, bytes) = page_bytes();
    let (a, b) = bytes.split_at(1000);
    let mut z = gz(a);
    z.extend(gz(b));
    for limit in [0, 1, 999, 1000, 1001, 4000] {
        let g = gunzip(&z, limit);
        assert!(g.truncated && g.error.is_none(), "limit {limit}: {g:?}");
        assert_eq!(&*g.data, &bytes[..limit]);
    }
    // A bomb: 16 MiB of zeros in a few KiB, stopped at 1 MiB.
    let z = gz(&vec![0u8; 16 << 20]);
    assert!(z.len() < 32 * 1024);
    let g = gunzip(&z, 1 << 20);
    assert!(g.truncated);
    assert_eq!(g.data.len(), 1 << 20);
}

/// A lying HTTP label on a GBK page whose own `<meta>` is right, with the damage old pages
/// carry: a few stray bytes and user-defined (private-use) glyphs. The page's label must
/// win over the detector's guess (which on such bytes is a single-byte encoding).
fn damaged_gbk_page() -> (Vec<u8>, String) {
    let text = format!("{TEXT}【来源：本报】“引号”·间隔号（括号）！");
    let page = format!("<meta http-equiv=Content-Type content=\"text/html; charset=gb2312\"><p>{text}</p><p>{text}</p>");
    let mut bytes = gbk(&page);
    // Two bytes of GBK's user-defined area (decoded to private use), and one stray lead byte.
    let at = bytes.len() - 4;
    bytes.splice(at..at, [0xFE, 0x50, 0x81]);
    (bytes, text)
}

#[test]
fn the_page_meta_beats_a_lying_utf8_header_despite_sparse_damage() {
    let (bytes, text) = damaged_gbk_page();
    let d = decide(&bytes, Some("text/html; charset=utf-8"), None, true);
    assert_eq!(
        (d.encoding, d.source),
        (GB18030, EncodingSource::MetaTag),
        "{d:?}"
    );
    assert!(decode_with(&bytes, &d).0.contains(&text));
}

#[test]
fn the_page_meta_beats_a_lying_latin1_header_despite_private_use_glyphs() {
    let (bytes, text) = damaged_gbk_page();
    let d = decide(&bytes, Some("text/html; charset=iso-8859-1"), None, true);
    assert_eq!(
        (d.encoding, d.source),
        (GB18030, EncodingSource::MetaTag),
        "{d:?}"
    );
    assert!(d.overridden.as_ref().unwrap().contains("mojibake"));
    assert!(decode_with(&bytes, &d).0.contains(&text));
}
