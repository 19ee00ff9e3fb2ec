//! Charset round trips: known text → HTML page → bytes in one charset (with a correct label, no
//! label, a wrong label, a BOM) → `decide` + `decode_with` → must equal the page.
//!
//! Texts: the seed expectations and five CleanEval-zh gold files (tests/fixtures/, UTF-8), and
//! for charsets that cannot hold Chinese, a sample in a matching language
//! (tests/fixtures/samples/). Only the part of a text the charset can encode is used.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use encoding_rs::*;
use pagewash::internals::decode::charset::{decide, decode_with, Decision, EncodingSource};

// ------------------------------------------------------------------------------------------
// Texts

fn read_dir_texts(dir: &str, suffix: &str) -> Vec<(String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
    let mut out: Vec<(String, String)> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(suffix))
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            (name, fs::read_to_string(&p).unwrap())
        })
        .collect();
    out.sort();
    out
}

fn chinese() -> Vec<(String, String)> {
    let mut v = read_dir_texts("tests/fixtures/seeds", ".expected.txt");
    // Five CleanEval-zh golds are enough variety for round trips; the rest of that folder
    // serves the repair tests.
    const CLEANEVAL_USED: [&str; 5] = [
        "500b350d-d38d-4fb0-9e81-75e0c95e95a8.gold.txt",
        "59562291-5657-476d-9902-ad76b53ef82b.gold.txt",
        "9890f458-7af7-4e96-a507-6eb1b359d675.gold.txt",
        "e8847578-12f0-44cb-bdb7-4eec53c18ed1.gold.txt",
        "f51248cc-bb27-49ba-a159-975795c3ea11.gold.txt",
    ];
    v.extend(
        read_dir_texts("tests/fixtures/dev/cleaneval_zh", ".gold.txt")
            .into_iter()
            .filter(|(name, _)| CLEANEVAL_USED.contains(&name.as_str())),
    );
    assert_eq!(v.len(), 10, "fixtures missing");
    v
}

fn sample(lang: &str) -> Vec<(String, String)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/samples")
        .join(format!("{lang}.txt"));
    vec![(format!("{lang}.txt"), fs::read_to_string(path).unwrap())]
}

/// Encodes `s`; UTF-16 by hand, since encoding_rs (per WHATWG) encodes UTF-16 requests as UTF-8.
fn encode(enc: &'static Encoding, s: &str) -> Vec<u8> {
    if enc == UTF_16LE {
        return s.encode_utf16().flat_map(u16::to_le_bytes).collect();
    }
    if enc == UTF_16BE {
        return s.encode_utf16().flat_map(u16::to_be_bytes).collect();
    }
    let (bytes, used, unmappable) = enc.encode(s);
    assert_eq!(used, enc);
    assert!(
        !unmappable,
        "{} cannot encode the filtered text",
        enc.name()
    );
    bytes.into_owned()
}

/// The characters of `text` that survive a round trip through `enc`; other characters are
/// dropped (a line with nothing left is dropped too).
fn encodable(enc: &'static Encoding, text: &str, cache: &mut HashMap<char, bool>) -> String {
    let mut ok = |c: char| {
        *cache.entry(c).or_insert_with(|| {
            if enc == UTF_16LE || enc == UTF_16BE || c.is_ascii() {
                return true;
            }
            let s = c.to_string();
            let (b, _, unmappable) = enc.encode(&s);
            !unmappable && enc.decode_without_bom_handling(&b).0 == s
        })
    };
    text.lines()
        .map(|l| l.chars().filter(|&c| ok(c)).collect::<String>())
        .filter(|l| !l.trim().is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

fn non_ascii_share_kept(original: &str, kept: &str) -> usize {
    let n = |s: &str| {
        s.chars()
            .filter(|c| !c.is_ascii() && !c.is_whitespace())
            .count()
    };
    n(kept) * 100 / n(original).max(1)
}

#[derive(Clone, Copy)]
enum MetaForm {
    Charset,
    HttpEquiv,
}

/// A small HTML page around `text`: one `<p>` per line.
fn render(text: &str, meta: Option<(&str, MetaForm)>) -> String {
    let mut h = String::from("<!DOCTYPE html>\n<html>\n<head>\n");
    match meta {
        Some((l, MetaForm::Charset)) => h += &format!("<meta charset=\"{l}\">\n"),
        Some((l, MetaForm::HttpEquiv)) => {
            h += &format!("<meta http-equiv=\"Content-Type\" content=\"text/html; charset={l}\">\n")
        }
        None => {}
    }
    h += "<title>page</title>\n</head>\n<body>\n";
    for line in text.lines() {
        h += "<p>";
        for c in line.chars() {
            match c {
                '<' => h += "&lt;",
                '>' => h += "&gt;",
                '&' => h += "&amp;",
                c => h.push(c),
            }
        }
        h += "</p>\n";
    }
    h += "</body>\n</html>\n";
    h
}

// ------------------------------------------------------------------------------------------
// The matrix

#[derive(Clone, Copy)]
enum Wrong {
    /// A wrong `<meta>` label.
    Meta(&'static str),
    /// A wrong HTTP header charset.
    Http(&'static str),
}

struct Case {
    name: &'static str,
    enc: &'static Encoding,
    /// The label to declare; for UTF-16 it goes in the HTTP header (a meta is unreadable).
    label: &'static str,
    texts: Vec<(String, String)>,
    wrong: Wrong,
    /// A URL whose TLD fits the language, for the with-TLD detection figures.
    url: &'static str,
}

fn cases() -> Vec<Case> {
    let zh = chinese;
    let c = |name, enc, label, texts, wrong, url| Case {
        name,
        enc,
        label,
        texts,
        wrong,
        url,
    };
    let mut gb18030_texts = zh();
    // Characters outside GBK, which only GB18030's four-byte sequences hold.
    for (_, t) in gb18030_texts.iter_mut() {
        t.push_str("\n吉野家的𠮷字、€符号和ḿ都在这里。");
    }
    vec![
        c(
            "UTF-8",
            UTF_8,
            "utf-8",
            zh(),
            Wrong::Meta("gb2312"),
            "http://www.gov.cn/",
        ),
        c(
            "UTF-16LE",
            UTF_16LE,
            "utf-16le",
            zh(),
            Wrong::Http("gbk"),
            "http://www.gov.cn/",
        ),
        c(
            "UTF-16BE",
            UTF_16BE,
            "utf-16be",
            zh(),
            Wrong::Http("gbk"),
            "http://www.gov.cn/",
        ),
        c(
            "GBK",
            GBK,
            "gbk",
            zh(),
            Wrong::Http("iso-8859-1"),
            "http://www.gov.cn/",
        ),
        c(
            "GB18030",
            GB18030,
            "gb18030",
            gb18030_texts,
            Wrong::Http("windows-1252"),
            "http://www.gov.cn/",
        ),
        c(
            "Big5",
            BIG5,
            "big5",
            zh(),
            Wrong::Meta("gb2312"),
            "http://www.gov.tw/",
        ),
        c(
            "Shift_JIS",
            SHIFT_JIS,
            "shift_jis",
            sample("ja"),
            Wrong::Http("iso-8859-1"),
            "http://www.example.jp/",
        ),
        c(
            "EUC-JP",
            EUC_JP,
            "euc-jp",
            sample("ja"),
            Wrong::Meta("utf-8"),
            "http://www.example.jp/",
        ),
        c(
            "EUC-KR",
            EUC_KR,
            "euc-kr",
            sample("ko"),
            Wrong::Http("iso-8859-1"),
            "http://www.example.kr/",
        ),
        c(
            "windows-1250",
            WINDOWS_1250,
            "windows-1250",
            sample("cs"),
            Wrong::Http("utf-8"),
            "http://www.example.cz/",
        ),
        c(
            "windows-1251",
            WINDOWS_1251,
            "windows-1251",
            sample("ru"),
            Wrong::Http("iso-8859-1"),
            "http://www.example.ru/",
        ),
        c(
            "windows-1252",
            WINDOWS_1252,
            "windows-1252",
            sample("fr"),
            Wrong::Meta("utf-8"),
            "http://www.example.fr/",
        ),
        c(
            "KOI8-R",
            KOI8_R,
            "koi8-r",
            sample("ru"),
            Wrong::Http("utf-8"),
            "http://www.example.ru/",
        ),
        c(
            "ISO-8859-2",
            ISO_8859_2,
            "iso-8859-2",
            sample("cs"),
            Wrong::Meta("utf-8"),
            "http://www.example.cz/",
        ),
        c(
            "ISO-8859-5",
            ISO_8859_5,
            "iso-8859-5",
            sample("ru"),
            Wrong::Http("iso-8859-1"),
            "http://www.example.ru/",
        ),
        c(
            "ISO-8859-7",
            ISO_8859_7,
            "iso-8859-7",
            sample("el"),
            Wrong::Http("utf-8"),
            "http://www.example.gr/",
        ),
    ]
}

/// The texts of a case that the charset holds almost entirely (Big5 keeps the Traditional
/// Chinese ones), reduced to what it can encode.
fn usable_texts(case: &Case) -> Vec<(String, String)> {
    let mut cache = HashMap::new();
    case.texts
        .iter()
        .filter_map(|(name, t)| {
            let kept = encodable(case.enc, t, &mut cache);
            (non_ascii_share_kept(t, &kept) >= 95).then(|| (name.clone(), kept))
        })
        .collect()
}

fn is_utf16(enc: &'static Encoding) -> bool {
    enc == UTF_16LE || enc == UTF_16BE
}

fn bom(enc: &'static Encoding) -> &'static [u8] {
    if enc == UTF_16LE {
        b"\xFF\xFE"
    } else if enc == UTF_16BE {
        b"\xFE\xFF"
    } else {
        b"\xEF\xBB\xBF"
    }
}

struct Run<'a> {
    failures: Vec<String>,
    case: &'a Case,
}

impl Run<'_> {
    fn check(
        &mut self,
        variant: &str,
        text_name: &str,
        bytes: &[u8],
        http: Option<&str>,
        url: Option<&str>,
        expected: &str,
    ) -> Option<Decision> {
        let d = decide(bytes, http, url, true);
        let (text, replacements) = decode_with(bytes, &d);
        if text != expected || replacements != 0 {
            let at = text
                .chars()
                .zip(expected.chars())
                .position(|(a, b)| a != b)
                .unwrap_or(text.len().min(expected.len()));
            let got: String = text.chars().skip(at.saturating_sub(10)).take(30).collect();
            self.failures.push(format!(
                "{} {variant} [{text_name}]: decided {} ({}), overridden {:?}, {replacements} \
                 replacements, differs at char {at}: {got:?}",
                self.case.name,
                d.encoding.name(),
                d.source.as_str(),
                d.overridden,
            ));
            return None;
        }
        Some(d)
    }
}

#[test]
fn round_trips_with_correct_missing_wrong_labels_and_boms() {
    let mut all_failures = Vec::new();
    let mut checked = 0;
    for case in cases() {
        let texts = usable_texts(&case);
        assert!(!texts.is_empty(), "{}: no usable text", case.name);
        let mut run = Run {
            failures: Vec::new(),
            case: &case,
        };
        for (i, (name, text)) in texts.iter().enumerate() {
            let form = if i % 2 == 0 {
                MetaForm::Charset
            } else {
                MetaForm::HttpEquiv
            };
            // (a) a correct label.
            if is_utf16(case.enc) {
                let page = render(text, None);
                let bytes = encode(case.enc, &page);
                if let Some(d) = run.check(
                    "(a) http label",
                    name,
                    &bytes,
                    Some(case.label),
                    None,
                    &page,
                ) {
                    assert_eq!(d.source, EncodingSource::HttpHeader, "{}", case.name);
                }
            } else {
                let page = render(text, Some((case.label, form)));
                let bytes = encode(case.enc, &page);
                if let Some(d) = run.check("(a) meta label", name, &bytes, None, None, &page) {
                    assert_eq!(
                        d.source,
                        EncodingSource::MetaTag,
                        "{} {name}: {d:?}",
                        case.name
                    );
                }
                let page = render(text, None);
                let bytes = encode(case.enc, &page);
                let header = format!("text/html; charset={}", case.label.to_uppercase());
                run.check("(a) http label", name, &bytes, Some(&header), None, &page);
            }
            // (b) no label (UTF-16 without a BOM or label is not detected: see (d)).
            if !is_utf16(case.enc) {
                let page = render(text, None);
                let bytes = encode(case.enc, &page);
                run.check("(b) no label", name, &bytes, None, None, &page);
                run.check(
                    "(b) no label + tld",
                    name,
                    &bytes,
                    None,
                    Some(case.url),
                    &page,
                );
            }
            // (c) a wrong label.
            {
                let (page, http) = match case.wrong {
                    Wrong::Meta(l) => (render(text, Some((l, form))), None),
                    Wrong::Http(l) => (render(text, None), Some(l)),
                };
                let mut bytes = Vec::new();
                if is_utf16(case.enc) {
                    bytes.extend_from_slice(bom(case.enc));
                }
                bytes.extend(encode(case.enc, &page));
                if let Some(d) = run.check("(c) wrong label", name, &bytes, http, None, &page) {
                    let expect_override = !is_utf16(case.enc);
                    assert_eq!(
                        d.overridden.is_some(),
                        expect_override,
                        "{} {name}: {d:?}",
                        case.name
                    );
                }
            }
            // (d) a BOM, with and without a (wrong) label.
            if is_utf16(case.enc) || case.enc == UTF_8 {
                let page = render(text, None);
                let mut bytes = bom(case.enc).to_vec();
                bytes.extend(encode(case.enc, &page));
                if let Some(d) = run.check("(d) bom", name, &bytes, None, None, &page) {
                    assert_eq!(d.source, EncodingSource::Bom);
                }
                run.check(
                    "(d) bom + wrong http",
                    name,
                    &bytes,
                    Some("big5"),
                    None,
                    &page,
                );
            }
            checked += 1;
        }
        all_failures.extend(run.failures);
    }
    assert!(
        all_failures.is_empty(),
        "{} failures:\n{}",
        all_failures.len(),
        all_failures.join("\n")
    );
    assert_eq!(checked, 63, "texts checked");
}

// ------------------------------------------------------------------------------------------
// Detection accuracy without a label

/// Text lengths (characters, markup not counted) at which unlabelled detection is measured.
const LENGTHS: [usize; 7] = [8, 16, 32, 64, 128, 256, 512];
/// Windows per text and length.
const WINDOWS: usize = 12;

fn accuracy(
    case: &Case,
    texts: &[(String, String)],
    len: Option<usize>,
    url: Option<&str>,
) -> (usize, usize) {
    let (mut ok, mut total) = (0, 0);
    for (_, text) in texts {
        let chars: Vec<char> = text.chars().collect();
        let windows: Vec<String> = match len {
            None => vec![text.clone()],
            Some(l) if l > chars.len() => vec![],
            Some(l) => (0..WINDOWS)
                .map(|k| k * (chars.len() - l) / WINDOWS.max(1))
                .map(|s| chars[s..s + l].iter().collect())
                .collect(),
        };
        for w in windows {
            let page = render(&w, None);
            let bytes = encode(case.enc, &page);
            let d = decide(&bytes, None, url, true);
            total += 1;
            ok += usize::from(decode_with(&bytes, &d).0 == page);
        }
    }
    (ok, total)
}

/// Prints the table of unlabelled detection accuracy (run with `--nocapture`), and requires
/// every charset to be detected on whole texts (the shortest are 373 characters) and on
/// 256-character windows with the TLD hint.
#[test]
fn unlabelled_detection_accuracy() {
    let mut table = String::from("charset        tld  ");
    for l in LENGTHS {
        table += &format!("{l:>8}");
    }
    table += "    whole\n";
    let mut failures = Vec::new();
    for case in cases().iter().filter(|c| !is_utf16(c.enc)) {
        let texts = usable_texts(case);
        for url in [None, Some(case.url)] {
            table += &format!(
                "{:<14} {:<4}",
                case.name,
                if url.is_some() { "yes" } else { "no" }
            );
            for l in LENGTHS {
                let (ok, total) = accuracy(case, &texts, Some(l), url);
                if total == 0 {
                    table += "       -";
                } else {
                    table += &format!("{:>7.0}%", ok as f64 * 100.0 / total as f64);
                }
                if l == 256 && url.is_some() && ok != total {
                    failures.push(format!("{} at 256 chars with tld: {ok}/{total}", case.name));
                }
            }
            let (ok, total) = accuracy(case, &texts, None, url);
            table += &format!("    {ok}/{total}\n");
            if ok != total {
                failures.push(format!(
                    "{} whole texts, tld {url:?}: {ok}/{total}",
                    case.name
                ));
            }
        }
    }
    eprintln!("{table}");
    assert!(failures.is_empty(), "{}\n{table}", failures.join("\n"));
}
