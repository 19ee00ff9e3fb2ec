//! Fuzz target: any bytes with any options must clean without a panic, and the output must
//! keep its invariants (one final newline, trimmed non-empty lines, empty flag consistent).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

use pagewash::{Hints, Pipeline};

#[derive(Debug, Arbitrary)]
struct Input {
    charset: Option<u8>,
    nfkc: bool,
    strip: bool,
    repair: bool,
    small_pages: bool,
    html_content_type: bool,
    bytes: Vec<u8>,
}

const LABELS: [&str; 8] = ["utf-8", "gbk", "gb18030", "big5", "shift_jis", "utf-16le", "windows-1252", "bogus"];

/// The eight option combinations, built once: compiling the rule automaton per input
/// would leave the fuzzer a few runs a second.
fn pipeline(nfkc: bool, strip: bool, repair: bool, small_pages: bool) -> &'static Pipeline {
    static PIPELINES: OnceLock<Vec<Pipeline>> = OnceLock::new();
    let all = PIPELINES.get_or_init(|| {
        (0..16u8)
            .map(|bits| {
                let mut b = Pipeline::builder();
                b.normalize_options().nfkc(bits & 1 != 0);
                if bits & 2 == 0 {
                    b.remove_stage("strip").unwrap();
                }
                if bits & 4 == 0 {
                    b.remove_stage("repair.pinyin").unwrap();
                    b.remove_stage("repair.byteshift").unwrap();
                }
                b.max_page_bytes(if bits & 8 != 0 { 64 } else { 1 << 20 });
                b.build().unwrap()
            })
            .collect()
    });
    let bits = u8::from(nfkc) | u8::from(strip) << 1 | u8::from(repair) << 2 | u8::from(small_pages) << 3;
    &all[usize::from(bits)]
}

fuzz_target!(|input: Input| {
    let p = pipeline(input.nfkc, input.strip, input.repair, input.small_pages);
    let mut hints = Hints::new();
    if input.html_content_type {
        hints = hints.with_content_type("text/html; charset=gbk");
    }
    if let Some(i) = input.charset {
        hints = hints.with_charset(LABELS[usize::from(i) % LABELS.len()]);
    }
    let out = p.clean(&input.bytes, &hints);
    let text = out.text();
    assert_eq!(out.flags().empty, text.is_empty());
    if !text.is_empty() {
        assert!(text.ends_with('\n') && !text.ends_with("\n\n"));
        assert!(text.lines().all(|l| !l.is_empty() && l.trim() == l));
    }
});
