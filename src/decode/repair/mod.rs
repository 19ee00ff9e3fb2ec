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
//! - [`legacy_as_latin1`]: GBK, Big5, Shift_JIS or EUC-KR text decoded as windows-1252 or
//!   Latin-1 upstream (`ÖÐ¹ú` → `中国`); also inside decoding, before NFKC would turn `¹`
//!   into `1` and lose the byte.
//!
//! Clean text passes through untouched: every repair acts only where its evidence is strong.

pub mod byteshift;
mod gbk;
pub mod legacy_as_latin1;
pub mod mojibake;
pub mod pinyin;
mod plausible;
pub mod resync;

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
    for i in 0..doc.len() {
        if doc.is_removed(i) {
            continue;
        }
        if doc.over_budget_after(0) {
            return; // the page is dropped: see `Doc::over_budget`
        }
        // The raw line first (C1 controls and no-break spaces are evidence NFKC would
        // erase), then the line as the normalizer will leave it, so that damage NFKC would
        // reveal (`Â￠` becoming `Â¢`) is not left for a second pass to find.
        let line = doc.line(i);
        // Every kind of mojibake is made of non-ASCII characters (and NFKC leaves ASCII
        // alone): an ASCII line, most of an English page, needs none of the scans below.
        if line.is_ascii() {
            continue;
        }
        // Each piece a repair is about to read counts towards the budget's clock stride.
        let over_budget = |piece: usize| doc.over_budget_after(piece);
        if let Some(fixed) = repair_in_pieces(line, repair_double, &over_budget) {
            if fixed.encoding.is_some() {
                let reason = format!(
                    "{}, after a second windows-1252/Latin-1 reading of its UTF-8",
                    cjk_as_latin1_reason(fixed.encoding, fixed.lost)
                );
                doc.repair(i, &fixed.text, CJK_AS_LATIN1, reason);
            } else {
                doc.repair(
                    i,
                    &fixed.text,
                    MOJIBAKE,
                    "UTF-8 decoded as windows-1252/Latin-1 twice upstream, re-decoded",
                );
            }
            continue;
        }
        let legacy =
            repair_in_pieces(line, legacy_as_latin1::repair_line, &over_budget).or_else(|| {
                if over_budget(0) {
                    return None;
                }
                match doc.nfkc_view(i) {
                    std::borrow::Cow::Owned(view) => {
                        repair_in_pieces(&view, legacy_as_latin1::repair_line, &over_budget)
                    }
                    std::borrow::Cow::Borrowed(_) => None,
                }
            });
        if let Some(fixed) = legacy {
            let reason = cjk_as_latin1_reason(fixed.encoding, fixed.lost);
            doc.repair(i, &fixed.text, CJK_AS_LATIN1, reason);
            continue;
        }
        let repaired = repair_in_pieces(line, repair_utf8_line, &over_budget).or_else(|| {
            if over_budget(0) {
                return None;
            }
            match doc.nfkc_view(i) {
                std::borrow::Cow::Owned(view) => {
                    repair_in_pieces(&view, repair_utf8_line, &over_budget)
                }
                std::borrow::Cow::Borrowed(_) => None,
            }
        });
        if let Some(fixed) = repaired {
            let lost = fixed.lost;
            let reason = if lost == 0 {
                std::borrow::Cow::Borrowed(
                    "text decoded with the wrong charset upstream, re-decoded",
                )
            } else {
                std::borrow::Cow::Owned(format!(
                    "text decoded with the wrong charset upstream, re-decoded; {lost} characters lost for good (U+FFFD)"
                ))
            };
            doc.repair(i, &fixed.text, MOJIBAKE, reason);
        }
    }
}

/// Lines longer than this are repaired piece by piece (issue 16): the repairs hold several
/// words of bookkeeping per character and per fix, which on a 16 MiB line of mojibake came
/// to 75 times the page's size, and a piece is where the time budget is checked. Real lines
/// are far shorter, so real pages are repaired whole.
const REPAIR_PIECE: usize = 256 * 1024;
/// A piece ends after the last white space in its final stretch of this many bytes, if any
/// (damage never spans white space), else at a character boundary.
const PIECE_SLACK: usize = 4096;

/// One of the line repairs ([`repair_utf8_line`], [`legacy_as_latin1::repair_line`]).
type LineRepair = fn(&str) -> Option<(String, Vec<mojibake::MojibakeFix>)>;

/// A line repaired piece by piece: the text, characters lost, and the legacy encoding found.
struct PieceRepair {
    text: String,
    lost: usize,
    encoding: Option<&'static str>,
}

/// Runs `repair` on `line` in pieces of about [`REPAIR_PIECE`] bytes (one piece for any
/// real line), joining the results; `None` when no piece changed. Stops, as if nothing was
/// repaired, once `over_budget` (given the length of the piece to come) says so.
fn repair_in_pieces(
    line: &str,
    repair: LineRepair,
    over_budget: &dyn Fn(usize) -> bool,
) -> Option<PieceRepair> {
    let mut out: Option<PieceRepair> = None;
    let mut done = 0;
    while done < line.len() {
        let piece = &line[done..piece_end(line, done)];
        if over_budget(piece.len()) {
            return None;
        }
        match repair(piece) {
            Some((fixed, fixes)) => {
                let o = out.get_or_insert_with(|| {
                    let mut text = String::with_capacity(line.len());
                    text.push_str(&line[..done]); // the pieces before, unchanged
                    PieceRepair {
                        text,
                        lost: 0,
                        encoding: None,
                    }
                });
                o.text.push_str(&fixed);
                o.lost += fixes.iter().map(|f| f.lost_chars).sum::<usize>();
                o.encoding = o.encoding.or_else(|| {
                    fixes.iter().find_map(|f| match f.kind {
                        mojibake::MojibakeKind::CjkAsLatin1(enc) => Some(enc.name()),
                        _ => None,
                    })
                });
            }
            None => {
                if let Some(o) = &mut out {
                    o.text.push_str(piece);
                }
            }
        }
        done += piece.len();
    }
    out
}

/// Where the piece of `line` starting at `from` ends.
fn piece_end(line: &str, from: usize) -> usize {
    if line.len() - from <= REPAIR_PIECE {
        return line.len();
    }
    let mut end = from + REPAIR_PIECE;
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    let slack = &line.as_bytes()[end - PIECE_SLACK.min(end - from)..end];
    match slack.iter().rposition(u8::is_ascii_whitespace) {
        Some(at) if at > 0 => end - slack.len() + at + 1,
        _ => end,
    }
}

/// Repairs one line as [`repair_mojibake`] does (without the NFKC view), for tests and
/// callers with lines of their own. Legacy CJK bytes read as Latin-1 are tried first: that
/// damage is made of Latin-1 characters the UTF-8 reading would otherwise try to pair
/// (`Ã©` are also the GBK bytes of 脙漏).
pub fn repair_mojibake_line(line: &str) -> Option<(String, Vec<mojibake::MojibakeFix>)> {
    repair_double(line)
        .or_else(|| legacy_as_latin1::repair_line(line))
        .or_else(|| repair_utf8_line(line))
}

/// Double encoding: text read as windows-1252/Latin-1, stored as UTF-8 and read as
/// windows-1252/Latin-1 again. The outer layer is peeled off whole ([`peel_latin_layer`]:
/// every character back to its byte, and the bytes valid UTF-8); what is left must be
/// damage again: UTF-8 read as Latin (it peels a second time: `ÃƒÂ©` → `Ã©` → `é`) or legacy
/// CJK bytes read as Latin ([`legacy_as_latin1`] repairs it: `Ã–ÃÂ¹Ãº` → `ÖÐ¹ú` → `中国`).
///
/// Tried first, because the outer layer is itself made of Latin-1 pairs that the legacy
/// repair would otherwise read as hangul (`Ã¥Â¹Â´`, 年 twice, is EUC-KR 책쨔쨈). Clean text
/// never peels: a line of Latin-1 and windows-1252 characters only whose bytes are valid
/// UTF-8 is already mojibake (`Größe` is F6 DF, not UTF-8), and one that is so twice, or
/// whose peeled text reads as legacy CJK, is damage beyond doubt.
pub fn repair_double(line: &str) -> Option<(String, Vec<mojibake::MojibakeFix>)> {
    let once = peel_latin_layer(line)?;
    let (fixed, kind) = if let Some(twice) = peel_latin_layer(&once) {
        (twice, mojibake::MojibakeKind::DoubleUtf8)
    } else {
        let (fixed, fixes) = legacy_as_latin1::repair_line(&once)?;
        let kind = fixes.first()?.kind;
        (fixed, kind)
    };
    // One fix over the span that changed (common start and end kept).
    let prefix = line
        .char_indices()
        .zip(fixed.chars())
        .find(|((_, a), b)| a != b)
        .map_or(line.len().min(fixed.len()), |((i, _), _)| i);
    let suffix = line[prefix..]
        .chars()
        .rev()
        .zip(fixed[prefix..].chars().rev())
        .take_while(|(a, b)| a == b)
        .map(|(a, _)| a.len_utf8())
        .sum::<usize>();
    let lost = fixed.chars().filter(|&c| c == '\u{FFFD}').count();
    let fix = mojibake::MojibakeFix {
        range: prefix..line.len() - suffix,
        kind,
        replacement: fixed[prefix..fixed.len() - suffix].to_string(),
        lost_chars: lost,
    };
    Some((fixed, vec![fix]))
}

/// The line with one windows-1252/Latin-1 reading undone: every character back to the
/// byte it was read from, the bytes decoded as UTF-8. None when a character has no such
/// byte, the bytes are not valid UTF-8, or nothing changes (ASCII).
fn peel_latin_layer(line: &str) -> Option<String> {
    // A UTF-8 lead byte read as Latin is one of `Â`..=`ô` (U+00C2–U+00F4), all C3 xx in
    // UTF-8: one byte scan lets every other line (Chinese, ASCII, most Latin) through free.
    if !line.bytes().any(|b| b == 0xC3) {
        return None;
    }
    let bytes: Option<Vec<u8>> = line.chars().map(mojibake::latin_byte).collect();
    let peeled = String::from_utf8(bytes?).ok()?;
    (peeled != line).then_some(peeled)
}

/// UTF-8 decoded with the wrong charset: lost bytes anywhere ([`resync`]) first, then the
/// Latin and encoding_rs-GBK kinds ([`mojibake`]).
fn repair_utf8_line(line: &str) -> Option<(String, Vec<mojibake::MojibakeFix>)> {
    resync::repair_line(line).or_else(|| mojibake::repair_line(line))
}

/// Rule id of the legacy-CJK-as-Latin-1 repair: its own id (not `repair.mojibake`), so
/// corpus statistics and `--explain` tell the two kinds apart; see DESIGN.md.
pub const CJK_AS_LATIN1: RuleId = RuleId::new("repair.mojibake.cjk-as-latin1");
/// Rule id of a line of UTF-8 read in a legacy charset, re-decoded.
pub const MOJIBAKE: RuleId = RuleId::new("repair.mojibake");
/// Rule id of a GBK line that lost a byte, re-paired.
pub const BYTESHIFT: RuleId = RuleId::new("repair.byteshift");
/// Rule id of pinyin annotations a converter added, removed.
pub const PINYIN: RuleId = RuleId::new("repair.pinyin");

/// `GBK text decoded as windows-1252/Latin-1 upstream, re-decoded` (with the encoding found,
/// and the characters lost when a decoder dropped undefined bytes).
fn cjk_as_latin1_reason(encoding: Option<&str>, lost: usize) -> String {
    let name = encoding.unwrap_or("legacy CJK");
    let mut reason = format!("{name} text decoded as windows-1252/Latin-1 upstream, re-decoded");
    if lost > 0 {
        reason.push_str(&format!("; {lost} characters lost for good (U+FFFD)"));
    }
    reason
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
        // Only the annotated lines are remembered (a page may hold millions of lines).
        let mut annotated: Vec<usize> = Vec::new();
        let (mut annotations, mut converted) = (0usize, 0usize);
        for i in doc.kept() {
            let (n, c) = pinyin::count_annotations_and_converted(&doc.nfkc_view(i));
            if n > 0 {
                annotated.push(i);
            }
            annotations += n;
            converted += c;
        }
        if annotations < pinyin::MIN_CONVERTER_ANNOTATIONS {
            return;
        }
        let ideographs: usize = doc
            .kept()
            .map(|i| {
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
        for i in annotated {
            if let Some(fixed) = pinyin::strip_annotations(&doc.nfkc_view(i)) {
                doc.repair(
                    i,
                    &fixed,
                    PINYIN,
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
        // Repairs remove no line: the kept lines are walked as they are.
        for i in 0..doc.len() {
            if doc.is_removed(i) {
                continue;
            }
            if let Some((fixed, _)) = byteshift::repair_line(&doc.nfkc_view(i)) {
                doc.repair(i, &fixed, BYTESHIFT, "GBK text that lost a byte, re-paired");
            }
        }
    }
}
