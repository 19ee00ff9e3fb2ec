//! Charset decisions that check their result (issue 13): a single-byte decoding that reads
//! as mojibake gives way to a CJK encoding that decodes the bytes with a handful of errors
//! into CJK text, and says why; real Latin-1 text stays Latin-1.

use encoding_rs::{Encoding, GB18030, GBK, WINDOWS_1252};
use pagewash::internals::decode::charset::{
    decide, decide_all_signals, decode_with, EncodingSource,
};

/// A Chinese page body: the CleanEval-zh gold text of one page (a few KB).
fn chinese() -> String {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/damage/zh.txt");
    std::fs::read_to_string(dir).unwrap()
}

fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
    let (b, _, bad) = enc.encode(s);
    assert!(!bad);
    b.into_owned()
}

/// The bytes with one stray byte in the middle: a GBK lead byte before an ASCII one (the
/// rest of a cut character), which no GBK decoder accepts.
fn with_stray_byte(mut bytes: Vec<u8>) -> Vec<u8> {
    let mut mid = bytes.len() / 2;
    // Between two ASCII bytes, so no character is cut, the second below 0x40 (`<`, space,
    // a digit), so the lead byte pairs with nothing.
    while bytes[mid] >= 0x40 || bytes[mid - 1] >= 0x80 {
        mid += 1;
    }
    bytes.insert(mid, 0xB0);
    bytes
}

fn page(head: &str, body: &str) -> String {
    format!("<html><head>{head}<title>Page</title></head><body><p>{body}</p></body></html>")
}

#[test]
fn unlabelled_gb2312_with_a_stray_byte_comes_out_as_chinese() {
    let body = chinese();
    let bytes = with_stray_byte(encode(GBK, &page("", &body)));
    // Without the check, chardetng rules GBK out at the stray byte.
    let d = decide(&bytes, None, None, true);
    assert_eq!(d.encoding, GB18030, "{d:?}");
    assert_eq!(d.source, EncodingSource::TextCheck);
    let why = d.overridden.as_deref().unwrap();
    assert!(
        why.contains("windows-1252 (detected) looks like mojibake"),
        "{why}"
    );
    assert!(d.signal(EncodingSource::TextCheck).is_some());
    assert!(d
        .signal(EncodingSource::Detected)
        .is_some_and(|s| s.label == "windows-1252"));
    let (text, errors) = decode_with(&bytes, &d);
    assert_eq!(errors, 1);
    assert!(text.contains(&body[..300]));
    // The whole pipeline, and the JSON's encoding_source.
    let cleaned = pagewash::clean(&bytes);
    assert_eq!(cleaned.encoding(), GB18030);
    assert_eq!(
        pagewash::json::page_json(&cleaned, false)["encoding_source"],
        "text-check"
    );
}

#[test]
fn a_lying_latin1_label_on_gbk_with_a_stray_byte() {
    let body = chinese();
    let html = page("<meta charset=iso-8859-1>", &body);
    let bytes = with_stray_byte(encode(GBK, &html));
    for (http, is_html) in [(None, true), (Some("text/html; charset=ISO-8859-1"), true)] {
        let d = decide_all_signals(&bytes, http, None, is_html);
        assert_eq!(d.encoding, GB18030, "{d:?}");
        assert_eq!(d.source, EncodingSource::TextCheck);
        assert!(d
            .overridden
            .as_deref()
            .unwrap()
            .contains("looks like mojibake"));
        assert!(decode_with(&bytes, &d).0.contains(&body[..300]));
    }
}

#[test]
fn latin1_french_and_german_stay_latin1() {
    let french = "Ça a été l'été où j'ai vu Noël à Montréal : « Où êtes-vous ? » demanda \
        Hélène, déçue. Les élèves étrangers étudièrent la Révolution française, la Bastille \
        et les châteaux de la Loire ; même à Besançon, à Orléans ou à Nîmes, on préfère \
        le crème brûlée et le café au lait. ";
    let german = "Größere Änderungen über Nacht: Die Bäume blühen, die Vögel zwitschern, \
        Müller & Söhne öffnen ihr Geschäft in Düsseldorf. Straßenbahnfahrer müssen \
        während der Übergangszeit Fahrgäste über die Gebühren aufklären; Äpfel, Öl, Käse. ";
    for text in [french.repeat(20), german.repeat(20)] {
        let bytes = encode(WINDOWS_1252, &page("", &text));
        let d = decide(&bytes, None, None, true);
        assert_eq!(d.encoding, WINDOWS_1252, "{d:?}");
        assert!(d.signal(EncodingSource::TextCheck).is_none());
        let labelled = encode(WINDOWS_1252, &page("<meta charset=iso-8859-1>", &text));
        let d = decide(&labelled, None, None, true);
        assert_eq!(d.encoding, WINDOWS_1252, "{d:?}");
        assert_eq!(d.source, EncodingSource::MetaTag);
        // A stray byte changes nothing either.
        let d = decide(&with_stray_byte(bytes), None, None, true);
        assert_eq!(d.encoding, WINDOWS_1252, "{d:?}");
    }
}
