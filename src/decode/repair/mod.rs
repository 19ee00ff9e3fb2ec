//! Repair of damage done to a page before it reached us.
//!
//! Each kind of damage is one module with pure functions over a line, wrapped here in a
//! [`Stage`](crate::Stage) that records every repaired line as an edit:
//! - [`pinyin`]: readings a Simplified→Traditional converter injected (`當(dāng)前`);
//! - [`byteshift`]: GBK text that lost one byte and was paired off by one
//!   (`當?shù)兀瑫翰环掂l` → `當地，暫不返鄉`).
//!
//! Clean text passes through untouched: every repair acts only where its evidence is strong.

pub mod byteshift;
pub mod pinyin;

use crate::doc::Doc;
use crate::report::RuleId;
use crate::stage::Stage;

/// Removes converter-injected pinyin, on pages that show the converter's pattern.
#[derive(Clone, Copy, Debug, Default)]
pub struct PinyinRepair;

impl Stage for PinyinRepair {
    fn name(&self) -> &str {
        "repair.pinyin"
    }

    fn run(&self, doc: &mut Doc) {
        let mut annotations = 0usize;
        let mut ideographs = 0usize;
        for i in doc.kept().collect::<Vec<_>>() {
            let line = doc.line(i);
            annotations += pinyin::count_annotations(line);
            ideographs += line.chars().filter(|&c| pinyin::is_ideograph(c)).count();
        }
        if !pinyin::is_converter_page(annotations, ideographs) {
            return;
        }
        for i in doc.kept().collect::<Vec<_>>() {
            if let Some(fixed) = pinyin::strip_annotations(doc.line(i)) {
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
            if let Some((fixed, _)) = byteshift::repair_line(doc.line(i)) {
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
