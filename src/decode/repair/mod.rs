//! Repair of damage done to a page before it reached us.
//!
//! Each kind of damage is one module with pure functions over a line, wrapped here in a
//! [`Stage`] that records every repaired line as an edit:
//! - [`pinyin`]: readings a Simplified→Traditional converter injected (`當(dāng)前`);
//! - [`byteshift`]: GBK text that lost one byte and was paired off by one
//!   (`當?shù)兀瑫翰环掂l` → `當地，暫不返鄉`);
//! - [`mojibake`]: text decoded with the wrong charset upstream (`Ã©`, `鍦帮紝`). It runs
//!   inside decoding ([`repair_mojibake`]), before control characters are dropped, because
//!   C1 controls and no-break spaces are part of its evidence.
//!
//! Clean text passes through untouched: every repair acts only where its evidence is strong.

pub mod byteshift;
mod gbk;
pub mod mojibake;
pub mod pinyin;
mod plausible;

use crate::doc::Doc;
use crate::report::RuleId;
use crate::stage::Stage;

// The pinyin and byte-shift repairs judge each line by its NFKC view (`nfkc_view`): the line
// as the normalizer will leave it. Damage the normalizer would only reveal later (`Ｔ` or
// `𝔗` becoming a stray `T`, a compatibility ideograph becoming a GBK one) is then repaired
// now, and cleaning a cleaned page changes nothing (idempotence).

/// Repairs mojibake line by line, recording each repaired line as an edit.
///
/// Called by the pipeline on the freshly decoded document, before invisible characters are
/// removed; not a [`Stage`] because no stage may run before it.
pub fn repair_mojibake(doc: &mut Doc) {
    for i in doc.kept().collect::<Vec<_>>() {
        // The raw line first (C1 controls and no-break spaces are evidence NFKC would
        // erase), then the line as the normalizer will leave it, so that damage NFKC would
        // reveal (`Â￠` becoming `Â¢`) is not left for a second pass to find.
        let line = doc.line(i);
        let repaired = mojibake::repair_line(line).or_else(|| match doc.nfkc_view(i) {
            std::borrow::Cow::Owned(view) => mojibake::repair_line(&view),
            std::borrow::Cow::Borrowed(_) => None,
        });
        if let Some((fixed, fixes)) = repaired {
            let lost: usize = fixes.iter().map(|f| f.lost_chars).sum();
            let reason = if lost == 0 {
                std::borrow::Cow::Borrowed(
                    "text decoded with the wrong charset upstream, re-decoded",
                )
            } else {
                std::borrow::Cow::Owned(format!(
                    "text decoded with the wrong charset upstream, re-decoded; {lost} characters lost for good (U+FFFD)"
                ))
            };
            doc.repair(i, &fixed, RuleId::new("repair.mojibake"), reason);
        }
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
        let (mut annotations, mut converted) = (0usize, 0usize);
        for &i in &lines {
            let (n, c) = pinyin::count_annotations_and_converted(&doc.nfkc_view(i));
            counts.push(n);
            annotations += n;
            converted += c;
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
        // The converter annotates only what it converted; a dictionary page any headword.
        if !pinyin::is_converter_share(converted, annotations) {
            return;
        }
        for (&i, &n) in lines.iter().zip(&counts) {
            if n == 0 {
                continue;
            }
            if let Some(fixed) = pinyin::strip_annotations(&doc.nfkc_view(i)) {
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
            if let Some((fixed, _)) = byteshift::repair_line(&doc.nfkc_view(i)) {
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
