//! Property tests: arbitrary input never panics, fixes are well-formed, and
//! repairing twice changes nothing.

use crate::common;

use encoding_rs::{GBK, WINDOWS_1252};
use pagewash::internals::decode::repair::mojibake::repair_line;
use proptest::prelude::*;

fn check(line: &str) {
    if let Some((out, fixes)) = repair_line(line) {
        assert!(!fixes.is_empty());
        let mut pos = 0;
        let mut rebuilt = String::new();
        for f in &fixes {
            assert!(f.range.start >= pos && f.range.end > f.range.start);
            assert!(line.is_char_boundary(f.range.start) && line.is_char_boundary(f.range.end));
            rebuilt.push_str(&line[pos..f.range.start]);
            rebuilt.push_str(&f.replacement);
            pos = f.range.end;
        }
        rebuilt.push_str(&line[pos..]);
        assert_eq!(rebuilt, out);
        assert_eq!(
            repair_line(&out),
            None,
            "not idempotent: {line:?} -> {out:?}"
        );
    }
}

proptest! {
    #![proptest_config(common::regressions::config(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn arbitrary_strings_never_panic(s in "\\PC*") {
        check(&s);
    }

    #[test]
    fn latin_and_cjk_mixtures_never_panic(s in "[a-zA-Z ÃÂâ€™©®é¤¸\u{AD}æ—¥œ¬ä\u{80}-\u{9f}中文，。鍦帮紝涓銆?\u{FFFD}]{0,40}") {
        check(&s);
    }

    #[test]
    fn damaged_arbitrary_text_never_panics(s in "\\PC{0,40}") {
        check(&WINDOWS_1252.decode_without_bom_handling(s.as_bytes()).0);
        check(&GBK.decode_without_bom_handling(s.as_bytes()).0);
    }
}
