//! Repair of byte-shifted GBK runs.
//!
//! # The damage
//! A GBK page lost one byte of a double-byte character somewhere upstream (a
//! truncating template, a broken proxy, a byte-oriented substring). Every
//! following byte is then paired off by one: the decoder reads
//! `trail_k lead_k+1 | trail_k+1 lead_k+2 | …` and emits valid but improbable
//! characters until the shift heals itself. It heals at the first trail byte
//! in `0x40..=0x7E`, which stands alone as an ASCII letter (or `@[\]^_{|}~`),
//! or ends in U+FFFD when a shifted "lead" meets a byte that cannot be a
//! trail. Sometimes a `?` or U+FFFD marks where the lost byte was.
//!
//! # The repair
//! 1. **Anchors.** A double-byte character immediately followed by a lone
//!    ASCII byte from `0x40..=0x7E` that does not start a longer Latin word,
//!    or by U+FFFD.
//! 2. **Run starts.** Walk back from the anchor over up to
//!    [`MAX_RUN_CHARS`] GBK double-byte characters; each position is a
//!    candidate start of the shifted run.
//! 3. **Re-pairing.** Re-encode `run + anchor byte` to GBK (bytes
//!    `b0 b1 … b2n`) and pair as `(?, b0) (b1, b2) … (b2n-1, b2n)`. The byte
//!    before `b0` is unknown: under "lost lead" it is `(?, b0)` and under
//!    "lost trail" it is `(b0, ?)`; both leave the remaining pairs identical,
//!    so only the guess for the first character differs. We take the lost-lead
//!    reading (the case seen on real pages) and fill `?` with the most frequent
//!    character having trail `b0`, preferring the line's script (Traditional or
//!    Simplified). For a U+FFFD anchor the last trail byte is unknown
//!    too and is filled the same way from its lead byte.
//! 4. **Scoring.** Each re-paired (known) character is compared with the
//!    damaged character occupying the same bytes, using
//!    [`crate::hanzi::frequency`] (≈10 × Zipf, so sums behave like
//!    log-probabilities; unknown characters score 0, a heavy penalty).
//!    Guessed characters are never scored: they are chosen for being frequent,
//!    so they would inflate every candidate.
//! 5. **Acceptance and choice of start.** A start is *valid* when every
//!    re-paired character is reasonably common. The anchor is repaired only
//!    if some valid start is *convincing*: its damaged run holds a
//!    below-average character and its gain is large both in total and per
//!    character (see [`STRICT`]). The start used is then the valid one with
//!    the largest total gain: extending into real text trades good characters
//!    for garbage and lowers the gain, stopping short leaves garbage
//!    unrepaired and lowers it too.
//! 6. **Damage clusters.** A page that lost one byte usually lost more, and
//!    short runs (one or two characters) carry too little evidence alone. So
//!    once a line has a fix accepted under the strict thresholds, its other
//!    anchors are judged with relaxed ones.
//!
//! Everything else is left alone: a wrong "repair" invents text, which is
//! worse than leaving visible garbage.

use crate::hanzi;
use encoding_rs::GBK;
use std::ops::Range;
use std::sync::OnceLock;

/// One repaired span: byte range in the input line, and its replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShiftFix {
    /// Byte range of the damaged text in the input line (includes a leading
    /// `?`/U+FFFD placeholder and the trailing stray byte when present).
    pub range: Range<usize>,
    /// The re-paired text that replaces `range`.
    pub replacement: String,
}

/// Longest shifted run considered. Real runs end at the first trail byte
/// below 0x80, which in GBK text comes every few characters; 24 covers long
/// Simplified runs (whose trails are mostly ≥ 0xA1) while bounding the work
/// per anchor.
const MAX_RUN_CHARS: usize = 24;

/// Score given to common CJK punctuation, which the frequency table (built
/// from words) does not know. Roughly the Zipf of a frequent character: a
/// re-paired `，` is as good evidence as a common ideograph.
const PUNCT_SCORE: i32 = 60;

/// Thresholds for one acceptance tier; see [`STRICT`] and [`RELAXED`].
///
/// Scores are [`char_score`] units (≈10 × Zipf). Tuned on synthetic damage
/// of the seed pages against clean CleanEval-zh text with stray letters and
/// U+FFFD inserted (see `tests/generated_damage.rs`).
#[derive(Debug, Clone, Copy)]
struct Tier {
    /// Every re-paired character must score at least this (Zipf 2.5, a few
    /// occurrences per hundred million words). Real text almost never has
    /// such a character, so a candidate containing one is itself garbage.
    min_candidate: i32,
    /// The damaged run must contain a character scoring at most this, i.e.
    /// below an average running-text character (~55–65). Clean runs of
    /// common characters carry no evidence of damage.
    max_original_min: i32,
    /// Mean gain per compared character. Shifted garbage that happens to be
    /// made of common characters gains little, so this is what keeps clean
    /// text with a legitimate stray letter (维生素C) untouched.
    min_mean_gain: i32,
    /// Minimum total gain, so a single weakly improved character cannot pass
    /// on its own.
    min_total_gain: i32,
}

/// Tier for a line with no other evidence of damage. With these values no
/// clean line of the fixtures changes, not even with a stray letter or
/// U+FFFD inserted after a random ideograph.
const STRICT: Tier = Tier {
    min_candidate: 25,
    max_original_min: 40,
    min_mean_gain: 20,
    min_total_gain: 40,
};

/// Tier for the other anchors of a line that already had a strict fix:
/// damage clusters, so a short run (one character, like `攸h`) is enough
/// evidence there although it could never pass [`STRICT`] alone.
const RELAXED: Tier = Tier {
    min_candidate: 25,
    max_original_min: 40,
    min_mean_gain: 15,
    min_total_gain: 15,
};

/// What ends a shifted run.
#[derive(Debug, Clone, Copy)]
enum Anchor {
    /// A trail byte in 0x40..=0x7E decoded as a lone ASCII character.
    Ascii(u8),
    /// U+FFFD: a shifted lead met a byte that cannot be a trail, so the
    /// lead's value is lost.
    Replacement,
}

/// Repairs byte-shifted GBK runs in one line; None when the line needs nothing.
pub fn repair_line(line: &str) -> Option<(String, Vec<ShiftFix>)> {
    // Cheap pre-filter: most lines have no anchor at all.
    if !has_anchor_candidate(line) {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let trad = prefers_traditional(line);
    if find_fixes(line, &chars, trad, STRICT).is_empty() {
        return None;
    }
    // The line is known to be damaged: judge all its anchors with the relaxed
    // tier (which accepts everything the strict one does).
    let fixes = find_fixes(line, &chars, trad, RELAXED);
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    for f in &fixes {
        out.push_str(&line[pos..f.range.start]);
        out.push_str(&f.replacement);
        pos = f.range.end;
    }
    out.push_str(&line[pos..]);
    Some((out, fixes))
}

fn has_anchor_candidate(line: &str) -> bool {
    let mut prev_wide = false;
    for c in line.chars() {
        if prev_wide && (c == '\u{FFFD}' || is_anchor_ascii(c)) {
            return true;
        }
        prev_wide = !c.is_ascii();
    }
    false
}

fn is_anchor_ascii(c: char) -> bool {
    matches!(c as u32, 0x40..=0x7E)
}

/// Guesses the line's script so that guessed characters match it
/// (地 vs 地 is the same, but 乡 vs 鄉 is not).
fn prefers_traditional(line: &str) -> bool {
    let (mut t, mut s) = (0usize, 0usize);
    for c in line.chars() {
        if hanzi::is_traditional_only(c) {
            t += 1;
        } else if hanzi::is_simplified_only(c) {
            s += 1;
        }
    }
    t > s
}

fn find_fixes(line: &str, chars: &[(usize, char)], trad: bool, tier: Tier) -> Vec<ShiftFix> {
    let mut fixes = Vec::new();
    // First char index a new run may use (runs must not overlap earlier fixes).
    let mut floor = 0usize;
    for i in 1..chars.len() {
        let c = chars[i].1;
        let anchor = if c == '\u{FFFD}' {
            Anchor::Replacement
        } else if is_anchor_ascii(c) {
            // A lone byte only: "OK", "iPhone" are words, not stray trails.
            let next_alnum = chars
                .get(i + 1)
                .is_some_and(|&(_, n)| n.is_ascii_alphanumeric());
            if next_alnum {
                continue;
            }
            Anchor::Ascii(c as u8)
        } else {
            continue;
        };
        if i <= floor {
            continue;
        }
        if let Some((start, replacement)) = best_repair(chars, floor, i, anchor, trad, tier) {
            let end = chars[i].0 + c.len_utf8();
            fixes.push(ShiftFix {
                range: chars[start].0..end,
                replacement,
            });
            floor = i + 1;
        }
    }
    debug_assert!(fixes.iter().all(|f| line.is_char_boundary(f.range.start)));
    fixes
}

/// GBK bytes of a double-byte character, None for ASCII, unmappable chars
/// and the single-byte €.
fn gbk_pair(c: char) -> Option<[u8; 2]> {
    if c.is_ascii() || c == '\u{FFFD}' {
        return None;
    }
    let mut buf = [0u8; 4];
    let (bytes, _, had_errors) = GBK.encode(c.encode_utf8(&mut buf));
    match (had_errors, bytes.as_ref()) {
        (false, &[a, b]) => Some([a, b]),
        _ => None,
    }
}

/// Decodes one GBK byte pair to a single character, None when the pair is
/// not a valid double-byte code.
fn decode_pair(a: u8, b: u8) -> Option<char> {
    if !(0x81..=0xFE).contains(&a) || !matches!(b, 0x40..=0x7E | 0x80..=0xFE) {
        return None;
    }
    let bytes = [a, b];
    let s = GBK.decode_without_bom_handling_and_without_replacement(&bytes)?;
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// Plausibility of one character in Chinese running text.
fn char_score(c: char) -> i32 {
    if hanzi::is_ideograph(c) {
        i32::from(hanzi::frequency(c))
    } else if is_common_punct(c) {
        PUNCT_SCORE
    } else {
        // Kana, box drawing, Greek, PUA, fullwidth Latin: all reachable by
        // shifted pairs, all rare inside Chinese prose.
        0
    }
}

fn is_common_punct(c: char) -> bool {
    matches!(
        c,
        '，' | '。'
            | '、'
            | '；'
            | '：'
            | '？'
            | '！'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '（'
            | '）'
            | '《'
            | '》'
            | '【'
            | '】'
            | '—'
            | '…'
            | '·'
            | '「'
            | '」'
            | '『'
            | '』'
    )
}

/// Most plausible character for each byte value when the other byte of the
/// pair is unknown, per script: `[trad][byte]`.
struct Fills {
    by_trail: [[Option<char>; 256]; 2],
    by_lead: [[Option<char>; 256]; 2],
}

fn fills() -> &'static Fills {
    static FILLS: OnceLock<Fills> = OnceLock::new();
    FILLS.get_or_init(|| {
        let mut f = Fills {
            by_trail: [[None; 256]; 2],
            by_lead: [[None; 256]; 2],
        };
        let mut best_trail = [[0i32; 256]; 2];
        let mut best_lead = [[0i32; 256]; 2];
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFE) {
                let Some(c) = decode_pair(lead, trail) else {
                    continue;
                };
                let score = char_score(c);
                for (script, trad) in [(0usize, false), (1, true)] {
                    // Skip characters of the other script so a Traditional
                    // line gets 鄉, not 乡.
                    let wrong = if trad {
                        hanzi::is_simplified_only(c)
                    } else {
                        hanzi::is_traditional_only(c)
                    };
                    if wrong {
                        continue;
                    }
                    if score > best_trail[script][usize::from(trail)] {
                        best_trail[script][usize::from(trail)] = score;
                        f.by_trail[script][usize::from(trail)] = Some(c);
                    }
                    if score > best_lead[script][usize::from(lead)] {
                        best_lead[script][usize::from(lead)] = score;
                        f.by_lead[script][usize::from(lead)] = Some(c);
                    }
                }
            }
        }
        f
    })
}

/// Evaluates every start for the run ending at `anchor_idx`; returns the
/// replaced range's first char index and the replacement of the best
/// accepted start.
fn best_repair(
    chars: &[(usize, char)],
    floor: usize,
    anchor_idx: usize,
    anchor: Anchor,
    trad: bool,
    tier: Tier,
) -> Option<(usize, String)> {
    // Collect the GBK pairs of the double-byte characters before the anchor.
    let mut pairs: Vec<[u8; 2]> = Vec::new();
    let mut j = anchor_idx;
    while j > floor && pairs.len() < MAX_RUN_CHARS {
        match gbk_pair(chars[j - 1].1) {
            Some(p) => pairs.push(p),
            None => break,
        }
        j -= 1;
    }
    pairs.reverse();
    let script = usize::from(trad);
    let fills = fills();
    let min_known = match anchor {
        Anchor::Ascii(_) => 1,
        Anchor::Replacement => 2,
    };

    let mut best: Option<(i32, usize, String)> = None;
    let mut evidence = false;
    for offset in 0..pairs.len() {
        let run = &pairs[offset..];
        let start = j + offset;
        let n = run.len();
        if n < min_known {
            break;
        }
        let bytes: Vec<u8> = run.iter().flatten().copied().collect();
        let Some(first) = fills.by_trail[script][usize::from(bytes[0])] else {
            continue;
        };
        // Known re-paired chars: (b1,b2) … ; the last pair borrows the anchor
        // byte for an ASCII anchor, and is guessed for U+FFFD.
        let mut candidate = String::new();
        candidate.push(first);
        // Gain of each known re-paired char over the damaged char that starts
        // at the same byte. Moving the start one char earlier adds exactly one
        // such term, so comparing totals across starts is fair.
        let mut gain = 0i32;
        let mut ok = true;
        let known = match anchor {
            Anchor::Ascii(_) => n,
            Anchor::Replacement => n - 1,
        };
        for k in 0..known {
            let a = bytes[2 * k + 1];
            let b = match (bytes.get(2 * k + 2), anchor) {
                (Some(&b), _) => b,
                (None, Anchor::Ascii(b)) => b,
                (None, Anchor::Replacement) => unreachable!("known pairs exclude the guessed tail"),
            };
            let Some(c) = decode_pair(a, b) else {
                ok = false;
                break;
            };
            let cs = char_score(c);
            if cs < tier.min_candidate {
                ok = false;
                break;
            }
            gain += cs - char_score(chars[start + k].1);
            candidate.push(c);
        }
        if !ok {
            continue;
        }
        // For a U+FFFD anchor the last damaged char has no known counterpart;
        // its guessed replacement is the same for every start, so scoring it
        // leaves the choice of start alone but lets a rare last char count as
        // evidence for accepting.
        let mut accept_gain = gain;
        if let Anchor::Replacement = anchor {
            match fills.by_lead[script][usize::from(bytes[2 * n - 1])] {
                Some(c) => {
                    accept_gain += char_score(c) - char_score(chars[anchor_idx - 1].1);
                    candidate.push(c);
                }
                None => continue,
            }
        }
        let original_min = (start..anchor_idx)
            .map(|k| char_score(chars[k].1))
            .min()
            .unwrap_or(i32::MAX);
        let known_i32 = i32::try_from(known).unwrap_or(i32::MAX);
        // The anchor counts as damaged if any start is convincing; the start
        // actually used is then the one with the largest gain, which need not
        // pass the mean-gain test itself (a long true run whose garbage
        // happens to hold some common chars has a lower mean, not less
        // evidence).
        let convincing = original_min <= tier.max_original_min
            && accept_gain >= tier.min_total_gain
            && accept_gain >= tier.min_mean_gain * known_i32;
        evidence |= convincing;
        if best.as_ref().is_none_or(|(g, _, _)| gain > *g) {
            best = Some((gain, start, candidate));
        }
    }
    if !evidence {
        return None;
    }
    let (_, mut start, candidate) = best?;
    // A `?` or U+FFFD right before the run stands for the lost byte itself.
    if start > floor && matches!(chars[start - 1].1, '?' | '\u{FFFD}') {
        start -= 1;
    }
    Some((start, candidate))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(line: &str) -> String {
        repair_line(line).map_or_else(|| line.to_string(), |(s, _)| s)
    }

    #[test]
    fn real_page_example_two_runs() {
        let damaged = "勸導在涉疫地區的天長人留在當兀瑫翰环掂l，遵守當攸h委、政府";
        let (out, fixes) = repair_line(damaged).expect("damage must be found");
        assert_eq!(
            out,
            "勸導在涉疫地區的天長人留在當地，暫不返鄉，遵守當地黨委、政府"
        );
        assert_eq!(fixes.len(), 2);
        assert_eq!(&damaged[fixes[0].range.clone()], "兀瑫翰环掂l");
        assert_eq!(fixes[0].replacement, "地，暫不返鄉");
        assert_eq!(&damaged[fixes[1].range.clone()], "攸h");
        assert_eq!(fixes[1].replacement, "地黨");
    }

    #[test]
    fn real_page_example_with_placeholder() {
        let (out, fixes) = repair_line("留在當?兀瑫翰环掂l，").expect("damage must be found");
        assert_eq!(out, "留在當地，暫不返鄉，");
        assert_eq!(fixes[0].range, "留在當".len().."留在當?兀瑫翰环掂l".len());
    }

    #[test]
    fn example_bytes_are_as_documented() {
        assert_eq!(gbk_pair('兀'), Some([0xD8, 0xA3]));
        assert_eq!(gbk_pair('攸'), Some([0xD8, 0xFC]));
        assert_eq!(decode_pair(0xFC, 0x68), Some('黨'));
        assert_eq!(gbk_pair('a'), None);
    }

    #[test]
    fn negatives_untouched() {
        for s in [
            "维生素C的含量",
            "A股市场",
            "卡拉OK厅",
            "iPhone手机",
            "第3章",
            "The quick brown fox jumps over the lazy dog.",
            "他说：“a”是第一个字母。",
            "",
        ] {
            assert_eq!(repair_line(s), None, "{s:?} must not be touched");
        }
    }

    #[test]
    fn one_char_run_needs_a_damaged_line() {
        // `攸h` alone is too little evidence; next to a convincing run it is
        // repaired (see real_page_example_two_runs).
        assert_eq!(repair_line("遵守當攸h委、政府"), None);
    }

    #[test]
    fn lone_damage_without_rare_chars_is_left_alone() {
        // Shifted-looking but every char is common: no evidence, no change.
        assert_eq!(fixed("我们的人x，"), "我们的人x，");
    }
}
