//! End to end: the seed pages' expected texts, rendered as HTML pages, encoded in legacy
//! charsets with a right, missing or wrong label (or a BOM), come out of the whole pipeline
//! exactly as they went in.

use std::fs;
use std::path::Path;

use encoding_rs::{Encoding, BIG5, GB18030, GBK, UTF_8};
use pagewash::{Hints, InputFormat, Pipeline};

fn expected_texts() -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds");
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".expected.txt"))
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                fs::read_to_string(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    assert_eq!(out.len(), 5);
    out
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// A page with `label` in its `<meta>` (none when `None`), one `<p>` per line, some lines
/// split into inline elements, a script and a comment that must vanish.
fn render(text: &str, label: Option<&str>) -> String {
    let mut page = String::from("<!DOCTYPE html><html><head>");
    if let Some(l) = label {
        page.push_str(&format!(
            "<meta http-equiv=\"Content-Type\" content=\"text/html; charset={l}\">"
        ));
    }
    page.push_str("<title>标题</title><script>var a = '<p>不是正文</p>';</script></head><body>\n<!-- 注释 -->\n");
    for (i, line) in text.lines().enumerate() {
        let line = escape(line);
        if i % 3 == 1 {
            let mid = line
                .char_indices()
                .nth(line.chars().count() / 2)
                .map_or(0, |(b, _)| b);
            page.push_str(&format!(
                "<p><span>{}</span><b>{}</b>\n",
                &line[..mid],
                &line[mid..]
            ));
        } else {
            page.push_str(&format!("<p>{line}</p>\n"));
        }
    }
    page.push_str("</body></html>");
    page
}

fn encode(enc: &'static Encoding, s: &str) -> Option<Vec<u8>> {
    let (bytes, _, unmappable) = enc.encode(s);
    (!unmappable).then(|| bytes.into_owned())
}

fn check(name: &str, case: &str, bytes: &[u8], hints: &Hints, expected: &str) {
    let out = Pipeline::default().clean(bytes, hints);
    assert_eq!(out.format(), InputFormat::Html, "{name} {case}");
    assert!(
        out.text() == expected,
        "{name} {case}: decoded as {} ({:?})\n{}",
        out.encoding().name(),
        out.charset_decision(),
        out.text()
            .lines()
            .zip(expected.lines())
            .find(|(a, b)| a != b)
            .map_or(String::new(), |(a, b)| format!("got  {a}\nwant {b}"))
    );
    assert_eq!(out.flags().replaced_chars, 0, "{name} {case}");
}

#[test]
fn legacy_charsets_with_right_missing_and_wrong_labels() {
    for (name, text) in expected_texts() {
        for enc in [GBK, GB18030, BIG5] {
            let label = enc.name().to_ascii_lowercase();
            let Some(bytes) = encode(enc, &render(&text, Some(&label))) else {
                continue; // Big5 cannot hold the Simplified pages
            };
            check(
                &name,
                &format!("{label} labelled"),
                &bytes,
                &Hints::new(),
                &text,
            );
            let bytes = encode(enc, &render(&text, None)).unwrap();
            check(
                &name,
                &format!("{label} unlabelled"),
                &bytes,
                &Hints::new().with_url("http://www.example.cn/a.html"),
                &text,
            );
            let lying = Hints::new().with_content_type("text/html; charset=iso-8859-1");
            check(
                &name,
                &format!("{label} with a lying HTTP header"),
                &bytes,
                &lying,
                &text,
            );
        }
        // UTF-8 declared as gb2312 (a page saved from a browser), and UTF-8 with a BOM.
        let bytes = encode(UTF_8, &render(&text, Some("gb2312"))).unwrap();
        check(&name, "utf-8 labelled gb2312", &bytes, &Hints::new(), &text);
        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice(&bytes);
        check(
            &name,
            "utf-8 with BOM",
            &bom,
            &Hints::new().with_content_type("text/html; charset=gbk"),
            &text,
        );
        // UTF-16LE with a BOM.
        let mut utf16 = vec![0xFF, 0xFE];
        utf16.extend(
            render(&text, None)
                .encode_utf16()
                .flat_map(u16::to_le_bytes),
        );
        check(&name, "utf-16le with BOM", &utf16, &Hints::new(), &text);
    }
}
