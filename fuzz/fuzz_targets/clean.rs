//! Fuzz target: any bytes with any options must clean without a panic, and the output must
//! keep its invariants (one final newline, trimmed non-empty lines, empty flag consistent).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;
use pagewash::{Hints, Pipeline};

#[derive(Debug, Arbitrary)]
struct Input {
    charset: Option<u8>,
    nfkc: bool,
    strip: bool,
    repair: bool,
    max_page_bytes: u16,
    bytes: Vec<u8>,
}

const LABELS: [&str; 8] = ["utf-8", "gbk", "gb18030", "big5", "shift_jis", "utf-16le", "windows-1252", "bogus"];

fuzz_target!(|input: Input| {
    let mut b = Pipeline::builder();
    b.normalize_options().nfkc(input.nfkc);
    b.max_page_bytes(usize::from(input.max_page_bytes).max(1) * 16);
    if !input.strip {
        b.remove_stage("strip").unwrap();
    }
    if !input.repair {
        b.remove_stage("repair.pinyin").unwrap();
        b.remove_stage("repair.byteshift").unwrap();
    }
    let p = b.build().unwrap();
    let mut hints = Hints::new();
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
