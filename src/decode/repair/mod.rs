//! Repair of damage done to a page before it reached us.
//!
//! Each kind of damage is one module with pure functions over a line, wrapped here in a
//! [`Stage`] that records every repaired line as an edit:
//! - [`pinyin`]: readings a Simplified→Traditional converter injected (`當(dāng)前`);
//! - [`byteshift`]: GBK text that lost one byte and was paired off by one
//!   (`當?shù)兀瑫翰环掂l` → `當地，暫不返鄉`).
//!
//! Clean text passes through untouched: every repair acts only where its evidence is strong.

pub mod byteshift;
pub mod pinyin;

use std::borrow::Cow;

use crate::doc::Doc;
use crate::normalize::nfkc_view;
use crate::report::RuleId;
use crate::stage::Stage;

/// The line as the normalizer will leave it, when that differs.
///
/// Repairs look at this form too, so that damage the normalizer would only reveal later
/// (`Ｔ` or `𝔗` becoming a stray `T`, a compatibility ideograph becoming a GBK one) is
/// repaired now, and cleaning a cleaned page changes nothing (idempotence).
fn revealed_by_nfkc(line: &str) -> Option<Cow<'_, str>> {
    match nfkc_view(line) {
        Cow::Owned(s) => Some(Cow::Owned(s)),
        Cow::Borrowed(_) => None,
    }
}

/// Removes converter-injected pinyin, on pages that show the converter's pattern.
#[derive(Clone, Copy, Debug, Default)]
pub struct PinyinRepair;

impl Stage for PinyinRepair {
    fn name(&self) -> &str {
        "repair.pinyin"
    }

    fn run(&self, doc: &mut Doc) {
        // Count first, per line; the ideographs are only counted when the count could
        // reach the converter threshold, and only annotated lines are rewritten.
        let lines: Vec<usize> = doc.kept().collect();
        let mut counts = Vec::with_capacity(lines.len());
        let mut annotations = 0usize;
        for &i in &lines {
            let line = doc.line(i);
            let mut n = pinyin::count_annotations(line);
            if n == 0 {
                n = revealed_by_nfkc(line).map_or(0, |r| pinyin::count_annotations(&r));
            }
            counts.push(n);
            annotations += n;
        }
        if annotations < pinyin::MIN_CONVERTER_ANNOTATIONS {
            return;
        }
        let ideographs: usize = lines
            .iter()
            .map(|&i| {
                doc.line(i)
                    .chars()
                    .filter(|&c| pinyin::is_ideograph(c))
                    .count()
            })
            .sum();
        if !pinyin::is_converter_page(annotations, ideographs) {
            return;
        }
        for (&i, &n) in lines.iter().zip(&counts) {
            if n == 0 {
                continue;
            }
            let line = doc.line(i);
            let fixed = pinyin::strip_annotations(line)
                .or_else(|| revealed_by_nfkc(line).and_then(|r| pinyin::strip_annotations(&r)));
            if let Some(fixed) = fixed {
                doc.repair(
                    i,
                    &fixed,
                    RuleId::new("repair.pinyin"),
                    "pinyin readings injected by a script converter",
                );
            }
        }
    }
}

/// Re-pairs byte-shifted GBK runs where the frequency model finds the result far more
/// plausible.
#[derive(Clone, Copy, Debug, Default)]
pub struct ByteShiftRepair;

impl Stage for ByteShiftRepair {
    fn name(&self) -> &str {
        "repair.byteshift"
    }

    fn run(&self, doc: &mut Doc) {
        for i in doc.kept().collect::<Vec<_>>() {
            let line = doc.line(i);
            let fixed = byteshift::repair_line(line)
                .or_else(|| revealed_by_nfkc(line).and_then(|r| byteshift::repair_line(&r)));
            if let Some((fixed, _)) = fixed {
                doc.repair(
                    i,
                    &fixed,
                    RuleId::new("repair.byteshift"),
                    "GBK text that lost a byte, re-paired",
                );
            }
        }
    }
}
