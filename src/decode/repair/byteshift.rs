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
//! 1. **Anchors.** After a double-byte character: a lone ASCII byte from
//!    `0x40..=0x7E` that does not start a longer Latin word; U+FFFD; or a
//!    double-byte character whose GBK trail is in `0x40..=0x7E`, i.e. a
//!    shifted lead that swallowed the ASCII letter after the run (`℅PA` for
//!    `GPA`). A quick allocation-free scan returns `None` for lines without
//!    any.
//! 2. **Run starts.** Walk back from the anchor over up to
//!    `MAX_RUN_CHARS` GBK double-byte characters; each position is a
//!    candidate start of the shifted run. The re-paired character at each
//!    position does not depend on the start, so one backward walk scores
//!    every start (running sums), and it stops at the first impossible or
//!    rare re-paired character (a few rare ones are tolerated in long runs,
//!    see `WEAK_SPACING`).
//! 3. **Re-pairing.** Re-encode `run + anchor byte` to GBK (bytes
//!    `b0 b1 … b2n`) and pair as `(?, b0) (b1, b2) … (b2n-1, b2n)`. The byte
//!    before `b0` is unknown: under "lost lead" it is `(?, b0)` and under
//!    "lost trail" it is `(b0, ?)`; both leave the remaining pairs identical,
//!    so only the guess for the first character differs. We take the lost-lead
//!    reading (the case seen on real pages) and fill `?` with the character
//!    having trail `b0` that best fits between its neighbours: frequency
//!    plus bigram association ([`crate::hanzi::bigram`]) with the character
//!    before the run and the first re-paired one, in the line's script
//!    (Traditional or Simplified). For a U+FFFD anchor the last trail byte
//!    is unknown too and is filled the same way from its lead byte.
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
//!    character (see `STRICT`). The start used is then the valid one with
//!    the largest total gain: extending into real text trades good characters
//!    for garbage and lowers the gain, stopping short leaves garbage
//!    unrepaired and lowers it too.
//! 6. **Damage clusters.** A page that lost one byte usually lost more, and
//!    short runs (one or two characters) carry too little evidence alone. So
//!    once a line has a fix accepted under the strict thresholds, its other
//!    anchors are judged with relaxed ones.
//!
//! 7. **Other scripts** (issue 13). A run is damage only if it is implausible in every
//!    script, not just as Chinese (see `super::plausible`): the line must hold only letters
//!    a GBK decoder produces (no hangul, no Vietnamese ạ); an ASCII letter that continues
//!    a word (`út`, `Хe`) is no anchor and a run stops inside a word; the run must hold a
//!    char everyday Japanese does not use when the line could be Japanese, and not be
//!    mostly kana; a Han-less run after a symbol is a symbol sequence (`(╯°□`). The text
//!    left untouched must be Chinese: no kana, no Greek or Cyrillic word, some ideograph if
//!    it has words, and not only rare ideographs right after a fix (`龘靐齉齾`).
//!
//! Everything else is left alone: a wrong "repair" invents text, which is
//! worse than leaving visible garbage.

use super::gbk::{decode_pair, gbk_pair, GbkFlags};
use super::plausible;
use crate::hanzi;
use std::cell::OnceCell;
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

/// Longest shifted run considered. A run ends at the first trail byte in
/// `0x40..=0x7E` or at ASCII punctuation; Simplified (GB2312) characters
/// all have trails ≥ 0xA1, so in Simplified prose a run often lasts to the
/// end of the sentence or line. Evaluation is linear in the run length, so
/// the bound only caps pathological lines.
const MAX_RUN_CHARS: usize = 1024;

/// A start is valid only if its run has at most one re-paired char below
/// [`Tier::min_candidate`] per this many chars: real text has a rare char
/// (a name, a literary word) now and then, shifted garbage nearly every
/// other char.
const WEAK_SPACING: usize = 8;

/// Most rare re-paired chars a run may contain before the walk gives up.
const MAX_WEAK: usize = 3;

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
    /// The last shifted lead swallowed the ASCII letter that followed the
    /// run (`…℅PA` for `…GPA`, `酑语言` for `C语言`): a double-byte char
    /// whose GBK trail is in 0x40..=0x7E. `lead` is the run's last trail
    /// byte, `ascii` the swallowed character.
    Absorbed { lead: u8, ascii: u8 },
}

/// The most a guessed character (the lost char before U+FFFD) adds to the evidence for a
/// repair: the score of an ordinary character. Found by a clean line with a stray U+FFFD
/// after 懵懵 (懵懵�懂懂) turning into 裸裸裸: the guess's high frequency is not evidence.
const GUESS_EVIDENCE_CAP: i32 = 30;

/// Ideographs read after a fix to check that the shift healed there: if all of them are
/// as rare as damage, the "damage" goes on and the line is something else (a list of rare
/// characters). Three, because clean prose has a rare char in about one of fifty.
const HEAL_CONTEXT_CHARS: usize = 3;

/// How far from a fix those ideographs are looked for: up to this many Latin letters may lie
/// between (`S46（因为`, `5000rpm，`); ideographs past a stretch of Latin words
/// (`龗灪龖n, an Afraic, Meiriceá 頓島`) are another text, not where the shift healed.
const HEAL_LATIN_LETTERS: usize = 12;

/// The chars of `it` up to the one that makes more than [`HEAL_LATIN_LETTERS`] Latin letters.
fn within_latin<'a>(
    it: impl Iterator<Item = &'a (usize, char)>,
) -> impl Iterator<Item = &'a (usize, char)> {
    let mut letters = 0usize;
    it.take_while(move |&&(_, c)| {
        letters += usize::from(plausible::alphabet(c) == Some(plausible::Alphabet::Latin));
        letters <= HEAL_LATIN_LETTERS
    })
}

/// A run with a kana in this many chars is Japanese text: kana are about half of a
/// Japanese sentence, a few percent of shifted garbage (a kana comes from a trail byte 0xA4
/// or 0xA5)…
const KANA_RUN_SHARE: usize = 3;
/// …and so is a run this short with any kana (`。」と盧`, `の発`): too little to tell.
const SHORT_RUN: usize = 4;

/// Plausibility given to an ASCII letter restored from an [`Anchor::Absorbed`]
/// char, on the [`char_score`] scale: a Latin letter inside Chinese text is
/// about as likely as an uncommon ideograph. Restoring it gains this minus
/// the score of the double-byte char it replaces, so a common character is
/// never split into a letter unless the rest of the run is convincing.
const ABSORBED_LETTER_SCORE: i32 = 30;

/// Repairs byte-shifted GBK runs in one line; None when the line needs nothing.
pub fn repair_line(line: &str) -> Option<(String, Vec<ShiftFix>)> {
    // Cheap pre-filter: most lines have no anchor at all.
    if !has_anchor_candidate(line) {
        return None;
    }
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let script = Script::new(line);
    // The script gate runs only on lines with a convincing run: most lines stop before.
    if find_fixes(line, &chars, &script, STRICT).is_empty() || !plausible::could_be_gbk(line) {
        return None;
    }
    // The line is known to be damaged: judge all its anchors with the relaxed
    // tier (which accepts everything the strict one does).
    let found = find_fixes(line, &chars, &script, RELAXED);
    // A fix resting on one re-paired char (`龘靐` → `三撿h`) is too little alone: it needs
    // another fix in the line, a U+FFFD (the decoder saw the damage) or Chinese text around
    // it (`島 龘靐葛语` has a space before it).
    let alone = found.len() == 1;
    // Inside Chinese text: Chinese right before the fix and an ordinary ideograph or CJK
    // punctuation right after it.
    let in_chinese = |f: &ShiftFix| {
        let before = chars.partition_point(|&(pos, _)| pos < f.range.start);
        before > 0 && is_chinese(chars[before - 1].1) && heals_after(&chars, f)
    };
    let fixes: Vec<ShiftFix> = found
        .into_iter()
        .filter(|(f, known)| {
            *known > 1 || !alone || line[f.range.clone()].ends_with('\u{FFFD}') || in_chinese(f)
        })
        .map(|(f, _)| f)
        .collect();
    if fixes.is_empty() || !is_chinese_context(&chars, &fixes) {
        return None;
    }
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

/// Quick scan for anything that could end a shifted run: a lone ASCII byte
/// from 0x40..=0x7E, U+FFFD, or a char with such a GBK trail, right after a
/// non-ASCII char. Allocation-free; most clean lines stop here.
fn has_anchor_candidate(line: &str) -> bool {
    // An anchor follows a non-ASCII character.
    if line.is_ascii() {
        return false;
    }
    let flags = GbkFlags::get();
    let mut prev_wide = false;
    for c in line.chars() {
        if prev_wide
            && (c == '\u{FFFD}' || is_anchor_ascii(c) || flags.of(c) & GbkFlags::LOW_TRAIL != 0)
        {
            return true;
        }
        prev_wide = !c.is_ascii();
    }
    false
}

fn is_anchor_ascii(c: char) -> bool {
    matches!(c as u32, 0x40..=0x7E)
}

/// The line's script, judged only when a guess needs it: scanning the line
/// costs more than the rest of a clean line's check.
struct Script<'a> {
    line: &'a str,
    trad: OnceCell<bool>,
    japanese: OnceCell<bool>,
}

impl<'a> Script<'a> {
    fn new(line: &'a str) -> Self {
        Script {
            line,
            trad: OnceCell::new(),
            japanese: OnceCell::new(),
        }
    }

    /// Whether the line could be Japanese (see [`plausible::could_be_japanese`]).
    fn could_be_japanese(&self) -> bool {
        *self
            .japanese
            .get_or_init(|| plausible::could_be_japanese(self.line))
    }

    /// Index into the per-script tables of [`Fills`]: 1 for Traditional.
    fn index(&self) -> usize {
        usize::from(*self.trad.get_or_init(|| prefers_traditional(self.line)))
    }
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

/// Whether the char right after `fix` is an ordinary ideograph: the shift healed there.
fn heals_after(chars: &[(usize, char)], fix: &ShiftFix) -> bool {
    let after = chars.partition_point(|&(pos, _)| pos < fix.range.end);
    chars
        .get(after)
        .is_some_and(|&(_, c)| is_common_punct(c) || char_score(c) > STRICT.max_original_min)
}

/// The fixes of the line's anchors under `tier`, each with its count of re-paired chars.
fn find_fixes(
    line: &str,
    chars: &[(usize, char)],
    script: &Script<'_>,
    tier: Tier,
) -> Vec<(ShiftFix, usize)> {
    let mut fixes = Vec::new();
    // First char index a new run may use (runs must not overlap earlier fixes).
    let mut floor = 0usize;
    for i in 1..chars.len() {
        let c = chars[i].1;
        let anchor = if c == '\u{FFFD}' {
            Anchor::Replacement
        } else if let Some([lead, ascii]) = low_trail(c) {
            // At the line's end no healed text follows to confirm the heal, and a rare
            // ideograph there (`龘靐`) is as likely clean text.
            if i + 1 == chars.len() {
                continue;
            }
            // What follows must go on from the restored character. A dash or other
            // punctuation is the text's own (`俾路―12`, `俾路–1995)`: GBK's ― and – are
            // A8 44 and A8 43), so it swallowed a letter only where a Latin word goes on
            // (`牛―OHC` for `（DOHC`); a restored sign (`^`, `_`, `[`) opens a word or a
            // number (`[囚鸟]`, `_头`, `[1]`), never punctuation (`鎊、` → `面^、`); a
            // restored letter is followed by ASCII or Chinese text (`C语言`, `GPA`,
            // `维生素C，`), not by a sign (`╱✿` → `法u✿`).
            let next = chars.get(i + 1).map(|&(_, n)| n);
            let goes_on = if is_punctuation(c) {
                next.is_some_and(|n| n.is_ascii_alphabetic())
            } else if ascii.is_ascii_alphabetic() {
                next.is_some_and(|n| n.is_ascii() || is_chinese(n))
            } else {
                next.is_some_and(|n| n.is_ascii_alphanumeric() || hanzi::is_ideograph(n))
            };
            if !goes_on {
                continue;
            }
            Anchor::Absorbed { lead, ascii }
        } else if is_anchor_ascii(c) {
            // A lone byte only: "OK", "iPhone" are words, not stray trails, and so are
            // "út", "Bhútán" (GBK has ú, á, Greek and Cyrillic letters).
            let next_alnum = chars.get(i + 1).is_some_and(|&(_, n)| {
                n.is_ascii_alphanumeric() || plausible::alphabet(n).is_some()
            });
            // A letter of another alphabet before the letter starts a mixed word (`Хe`,
            // `аa`: homoglyphs) when nothing Chinese precedes it; after Han it is more
            // likely garbage (`區Πl揮` for `區全力發揮`).
            let prev = chars[i - 1].1;
            let word_start = i < 2 || {
                let b = chars[i - 2].1;
                b.is_ascii() || plausible::alphabet(b).is_some()
            };
            let mixed_word =
                c.is_ascii_alphabetic() && plausible::alphabet(prev).is_some() && word_start;
            if next_alnum || plausible::same_alphabet(prev, c) || mixed_word {
                continue;
            }
            Anchor::Ascii(c as u8)
        } else {
            continue;
        };
        if i <= floor {
            continue;
        }
        if let Some((start, replacement, known)) =
            best_repair(chars, floor, i, anchor, script, tier)
        {
            let end = chars[i].0 + c.len_utf8();
            let fix = ShiftFix {
                range: chars[start].0..end,
                replacement,
            };
            fixes.push((fix, known));
            floor = i + 1;
        }
    }
    debug_assert!(fixes
        .iter()
        .all(|(f, _)| line.is_char_boundary(f.range.start)));
    fixes
}

/// The GBK bytes of `c` when its trail byte is in 0x40..=0x7E, i.e. when it
/// could be a shifted lead that swallowed an ASCII character.
fn low_trail(c: char) -> Option<[u8; 2]> {
    gbk_pair(c).filter(|&[_, trail]| trail < 0x80)
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

/// Prior for a guessed punctuation mark, on the [`char_score`] scale.
///
/// Hand-set from the usual share of each mark in Chinese running text (，
/// about 5 % of all characters, 。 about 2.5 %, 、 about 1 %, the rest well
/// below 1 %), converted like the ideograph scores (10 × Zipf). Only used to
/// rank guesses (。 vs 、 share the lead byte 0xA1); acceptance still uses
/// the flat [`PUNCT_SCORE`], so these numbers cannot create a repair.
fn punct_prior(c: char) -> i32 {
    match c {
        '，' => 77,
        '。' => 74,
        '、' => 69,
        '“' | '”' => 66,
        '：' => 64,
        '（' | '）' | '《' | '》' => 62,
        '；' | '？' | '！' | '—' => 59,
        _ => 55,
    }
}

/// Punctuation prior at the very end of a line, where a paragraph or heading
/// ends: terminal marks and closing brackets move up, the comma and the
/// enumeration comma (which never end a paragraph) move down.
fn line_final_punct_prior(c: char) -> i32 {
    match c {
        '。' => 74,
        '：' => 70,
        '”' | '！' | '？' | '…' | '）' | '》' | '」' | '】' => 64,
        '，' | '、' | '“' | '（' | '《' | '「' | '【' => 40,
        _ => 55,
    }
}

/// Score of a character as a guess before context: its frequency, or the
/// punctuation prior.
fn guess_prior(c: char) -> i32 {
    if hanzi::is_ideograph(c) {
        i32::from(hanzi::frequency(c))
    } else {
        punct_prior(c)
    }
}

/// Association of two adjacent characters, in [`char_score`] units: the
/// pointwise mutual information `10·log10(P(ab) / (P(a)·P(b)))` computed from
/// [`hanzi::bigram`] and [`hanzi::frequency`], clamped at 0. A pair missing
/// from the table, or with negative PMI, counts as independent (0) rather
/// than as impossible: the table only has pairs inside words, so most pairs
/// across a word boundary are missing although perfectly fine.
fn association(a: char, b: char) -> i32 {
    let pair = i32::from(hanzi::bigram(a, b));
    if pair == 0 {
        return 0;
    }
    let (fa, fb) = (
        i32::from(hanzi::frequency(a)),
        i32::from(hanzi::frequency(b)),
    );
    if fa == 0 || fb == 0 {
        return 0;
    }
    // Zipf units: log10 P = Zipf − 9, so PMI·10 = pair − fa − fb + 90.
    (pair - fa - fb + 90).max(0)
}

const ASSOC_WEIGHT: i32 = 2;

/// Picks the most plausible character among `candidates` between the
/// neighbours `left` and `right` (None where unknown or not Chinese): prior
/// plus association with each neighbour, i.e. a bigram model
/// `log P(left c right)` up to terms that do not depend on `c`. At the end
/// of the line (`line_end`) punctuation gets its line-final prior.
fn guess(
    candidates: &[(char, i32)],
    left: Option<char>,
    right: Option<char>,
    line_end: bool,
) -> Option<char> {
    let mut best: Option<(i32, char)> = None;
    for &(c, prior) in candidates {
        let mut score = if line_end && !hanzi::is_ideograph(c) {
            line_final_punct_prior(c)
        } else {
            prior
        };
        if let Some(l) = left {
            score += ASSOC_WEIGHT * association(l, c);
        }
        if let Some(r) = right {
            score += ASSOC_WEIGHT * association(c, r);
        }
        // Candidates come in descending prior order: ties keep the more
        // frequent character.
        if best.is_none_or(|(b, _)| score > b) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

/// Candidate characters for each byte value when the other byte of the
/// pair is unknown, per script (`[trad][byte]`), each list sorted by
/// descending [`guess_prior`].
struct Fills {
    by_trail: [[Vec<(char, i32)>; 256]; 2],
    by_lead: [[Vec<(char, i32)>; 256]; 2],
}

fn fills() -> &'static Fills {
    static FILLS: OnceLock<Fills> = OnceLock::new();
    FILLS.get_or_init(|| {
        let mut f = Fills {
            by_trail: std::array::from_fn(|_| std::array::from_fn(|_| Vec::new())),
            by_lead: std::array::from_fn(|_| std::array::from_fn(|_| Vec::new())),
        };
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFE) {
                let Some(c) = decode_pair(lead, trail) else {
                    continue;
                };
                if char_score(c) == 0 {
                    continue;
                }
                let prior = guess_prior(c);
                for (script, trad) in [(0usize, false), (1, true)] {
                    // Skip characters of the other script so a Traditional
                    // line gets 鄉, not 乡.
                    let wrong = if trad {
                        hanzi::is_simplified_only(c)
                    } else {
                        hanzi::is_traditional_only(c)
                    };
                    if !wrong {
                        f.by_trail[script][usize::from(trail)].push((c, prior));
                        f.by_lead[script][usize::from(lead)].push((c, prior));
                    }
                }
            }
        }
        for list in f.by_trail.iter_mut().chain(f.by_lead.iter_mut()).flatten() {
            // Stable sort: equal priors keep code order, so guesses are
            // deterministic.
            list.sort_by_key(|&(_, p)| std::cmp::Reverse(p));
        }
        f
    })
}

/// The Chinese character at `idx` as bigram context, None when out of range
/// or not an ideograph.
fn context(chars: &[(usize, char)], idx: Option<usize>) -> Option<char> {
    idx.and_then(|i| chars.get(i))
        .map(|&(_, c)| c)
        .filter(|&c| hanzi::is_ideograph(c))
}

/// Evaluates every start for the run ending at `anchor_idx`; returns the
/// replaced range's first char index, the replacement of the best accepted
/// start, and how many of its chars are re-paired (known, not guessed).
///
/// The re-paired character at run position `k` is `(trail_k, lead_k+1)`
/// whatever the start, so one backward walk from the anchor computes every
/// start's gain as a running sum: linear in the run length, which lets runs
/// be long (Simplified text, whose trail bytes are all ≥ 0xA1, heals only at
/// ASCII or the line end). The walk stops at the first re-paired char that
/// is impossible or rare, since every earlier start would contain it; on
/// clean text that happens within a char or two.
fn best_repair(
    chars: &[(usize, char)],
    floor: usize,
    anchor_idx: usize,
    anchor: Anchor,
    script: &Script<'_>,
    tier: Tier,
) -> Option<(usize, String, usize)> {
    let fills = fills();
    // `end`: one past the last damaged char whose re-pairing is known;
    // `next`: the byte that completes it. `tail_gain`/`original_min` start
    // with what the anchor itself contributes.
    let (end, mut next, tail_gain, mut original_min) = match anchor {
        Anchor::Ascii(b) => (anchor_idx, b, 0, i32::MAX),
        Anchor::Absorbed { lead, .. } => {
            let orig = char_score(chars[anchor_idx].1);
            let min = if is_rare_evidence(chars, anchor_idx) {
                orig
            } else {
                i32::MAX
            };
            (anchor_idx, lead, ABSORBED_LETTER_SCORE - orig, min)
        }
        Anchor::Replacement => {
            // The char before U+FFFD re-pairs to (its trail, lost byte): its
            // lead is known, the rest guessed. Its best unigram guess is the
            // same for every start, so scoring it leaves the choice of start
            // alone but lets a rare last char count as evidence.
            if anchor_idx <= floor + 1 {
                return None;
            }
            let [lead, trail] = gbk_pair(chars[anchor_idx - 1].1)?;
            let &(likely, _) = fills.by_lead[script.index()][usize::from(trail)].first()?;
            let orig = char_score(chars[anchor_idx - 1].1);
            let min = if is_rare_evidence(chars, anchor_idx - 1) {
                orig
            } else {
                i32::MAX
            };
            // A guess is no evidence: it is the most frequent fill by construction. It
            // counts at most as an ordinary character, so only a rare original counts.
            (
                anchor_idx - 1,
                lead,
                char_score(likely).min(GUESS_EVIDENCE_CAP) - orig,
                min,
            )
        }
    };
    // Whether the damaged run holds a char that everyday Japanese does not use: without
    // one, the run reads as Japanese (緊急事態宣言発令) and its rarity in Chinese is no
    // evidence. The anchor's own char counts for the runs that include it. A line that
    // cannot be Japanese (it holds 们 or 这) needs no such char; that scan of the line is
    // only made for a run that is otherwise convincing.
    let mut foreign_to_japanese = match anchor {
        Anchor::Ascii(_) => false,
        Anchor::Absorbed { .. } => !plausible::is_japanese(chars[anchor_idx].1),
        Anchor::Replacement => !plausible::is_japanese(chars[anchor_idx - 1].1),
    };
    // Re-paired chars from the anchor backwards.
    let mut repaired_rev: Vec<char> = Vec::new();
    let mut gain = 0i32;
    // (gain, start, trail byte of the lost char) of the best start so far.
    let mut best: Option<(i32, usize, u8)> = None;
    let mut evidence = false;
    // `chars[japanese_from..end]` has been read for `foreign_to_japanese`.
    let mut japanese_from = end;
    // Re-paired chars scoring below `tier.min_candidate` so far.
    let mut weak = 0usize;
    let mut k = end;
    while k > floor && end - k < MAX_RUN_CHARS {
        if is_in_word(chars, k - 1, end) {
            break;
        }
        let Some([lead, trail]) = gbk_pair(chars[k - 1].1) else {
            break;
        };
        let Some(c) = decode_pair(trail, next) else {
            break;
        };
        let cs = char_score(c);
        if cs < tier.min_candidate {
            // A rare but known ideograph (a name, 蕞尔) may be real text
            // inside a long run; too many of them mean garbage.
            if cs == 0 || !hanzi::is_ideograph(c) || weak == MAX_WEAK {
                break;
            }
            weak += 1;
        }
        k -= 1;
        next = lead;
        repaired_rev.push(c);
        // Gain of each known re-paired char over the damaged char that
        // starts at the same byte. Moving the start one char earlier adds
        // exactly one such term, so comparing totals across starts is fair.
        let orig = char_score(chars[k].1);
        gain += cs - orig;
        if is_rare_evidence(chars, k) {
            original_min = original_min.min(orig);
        }
        if weak * WEAK_SPACING > end - k {
            // Not a valid start, but an earlier one may be.
            continue;
        }
        let known = i32::try_from(end - k).unwrap_or(i32::MAX);
        let accept_gain = gain + tail_gain;
        // The anchor counts as damaged if any start is convincing; the start
        // actually used is then the one with the largest gain, which need not
        // pass the mean-gain test itself (a long true run whose garbage
        // happens to hold some common chars has a lower mean, not less
        // evidence).
        if !evidence
            && original_min <= tier.max_original_min
            && accept_gain >= tier.min_total_gain
            && accept_gain >= tier.min_mean_gain * known
        {
            // Convincing as damaged Chinese; now read the run as Japanese, extending the
            // part read so far (`chars[japanese_from..end]`) to this start.
            if !foreign_to_japanese {
                foreign_to_japanese = chars[k..japanese_from]
                    .iter()
                    .any(|&(_, c)| !plausible::is_japanese(c));
                japanese_from = k;
            }
            evidence = foreign_to_japanese || !script.could_be_japanese();
        }
        if best.is_none_or(|(g, _, _)| gain > g) {
            best = Some((gain, k, lead));
        }
    }
    if !evidence {
        return None;
    }
    let (_, mut start, lost_trail) = best?;
    let known: Vec<char> = repaired_rev[..end - start].iter().rev().copied().collect();
    // A `?` or U+FFFD right before the run stands for the lost byte itself.
    let placeholder = start > floor && matches!(chars[start - 1].1, '?' | '\u{FFFD}');
    let left = context(chars, start.checked_sub(1 + usize::from(placeholder)));
    let first = guess(
        &fills.by_trail[script.index()][usize::from(lost_trail)],
        left,
        known.first().copied(),
        false,
    )?;
    let mut candidate: String = std::iter::once(first)
        .chain(known.iter().copied())
        .collect();
    match anchor {
        Anchor::Ascii(_) => {}
        Anchor::Absorbed { ascii, .. } => candidate.push(char::from(ascii)),
        Anchor::Replacement => {
            let [_, tail_lead] = gbk_pair(chars[anchor_idx - 1].1)?;
            let tail = guess(
                &fills.by_lead[script.index()][usize::from(tail_lead)],
                known.last().copied(),
                context(chars, Some(anchor_idx + 1)),
                anchor_idx + 1 == chars.len(),
            )?;
            candidate.push(tail);
        }
    }
    // Words are evidence of real text: shifted garbage almost never forms an in-word pair
    // (懵懵 in 懵懵懂懂), a true repair usually does. A run whose original holds more known
    // pairs than its repair is left alone.
    let damaged_end = match anchor {
        Anchor::Replacement => anchor_idx,
        Anchor::Ascii(_) | Anchor::Absorbed { .. } => end,
    };
    let original: Vec<char> = chars[start..damaged_end.min(chars.len())]
        .iter()
        .map(|&(_, c)| c)
        .collect();
    let repaired: Vec<char> = candidate.chars().collect();
    if known_pairs(&original) > known_pairs(&repaired) {
        return None;
    }
    // Kana outside the run are judged by `is_chinese_context`.
    let absorbed = match anchor {
        Anchor::Absorbed { .. } => Some(chars[anchor_idx].1),
        Anchor::Ascii(_) | Anchor::Replacement => None,
    };
    let kana = original
        .iter()
        .chain(&absorbed)
        .filter(|&&c| plausible::is_kana(c))
        .count();
    // Kana in the run itself: Japanese text (`。」と盧比`, `の発`) is never re-paired, at
    // the cost of the rare shifted run that happens to decode to one (issue 13: kana are
    // never byte-shift damage; hangul cannot be, GBK has none).
    if kana > 0 && (kana * KANA_RUN_SHARE >= original.len() || original.len() <= SHORT_RUN) {
        return None;
    }
    // A run without an ideograph is garbage only right after the text the lost byte broke
    // off (Chinese, a digit, punctuation: `1⑼` for `1、`, `,ΡＷo` for `,全力保`). After a
    // symbol it is a symbol sequence (`(╯°□`, `∀｀∩`: kaomoji, maths); after a word's last
    // letter, signs after a word (`bheòthachad≥÷`); after a space, a list of signs
    // (` Ω≈a`); at the start of a line there is no such text (`е–1967)`: a Cyrillic letter
    // and a dash).
    let symbol = |c: char| {
        !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace() && !is_common_punct(c)
    };
    let word_letter =
        |c: char| c.is_alphabetic() && !hanzi::is_ideograph(c) && !plausible::is_kana(c);
    let breaks_off = |i: usize| {
        let c = chars[i].1;
        !(c.is_whitespace() || symbol(c) || word_letter(c))
    };
    if !original.iter().any(|&c| hanzi::is_ideograph(c))
        && !start.checked_sub(1).is_some_and(breaks_off)
    {
        return None;
    }
    // A Greek or Cyrillic letter right before an ASCII anchor (`郎аa`, `нL`, `ρa`: a
    // homoglyph, or a word cut off beside Latin text) is garbage only if Chinese text
    // resumes right after the anchor, where the shift healed (`區Πl揮` for `區全力發揮`).
    let foreign_letter = matches!(anchor, Anchor::Ascii(_))
        && matches!(
            plausible::alphabet(chars[anchor_idx - 1].1),
            Some(plausible::Alphabet::Greek | plausible::Alphabet::Cyrillic)
        );
    if foreign_letter
        && !chars
            .get(anchor_idx + 1)
            .is_some_and(|&(_, c)| is_chinese(c))
    {
        return None;
    }
    // Nor does a run start with a letter of GBK's alphabets (Greek, Cyrillic, pinyin's
    // accented Latin) where no Chinese text precedes it (`ο姆諸文`, `г拿鎊、` at the start of
    // a line, `hercegovinai ú嘉誇`): that is a word of its alphabet cut off beside Chinese,
    // not the pair after a lost byte.
    if plausible::alphabet(chars[start].1).is_some()
        && !start.checked_sub(1).is_some_and(|i| is_chinese(chars[i].1))
    {
        return None;
    }
    if placeholder {
        start -= 1;
    }
    Some((start, candidate, end - (start + usize::from(placeholder))))
}

/// An ideograph or CJK punctuation: Chinese text.
fn is_chinese(c: char) -> bool {
    hanzi::is_ideograph(c) || is_common_punct(c)
}

/// Whether the damaged char `chars[i]` may be the rare character that shows a run is
/// damage. Punctuation may not (`–` in `梅–1967`): clean text is full of it, whatever its
/// rarity in Chinese prose; nor may a Latin-1 sign beside an ASCII letter or digit (`±m`,
/// `°C`, `§3`), which is ordinary punctuation there. (The shifted garbage whose only rare
/// char is such a mark is the cost: issue 13, zero false edits.)
fn is_rare_evidence(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    if is_punctuation(c) {
        return false;
    }
    let latin1_sign = matches!(c, '\u{A0}'..='\u{BF}' | '×' | '÷');
    let ascii_alnum = |j: Option<usize>| {
        j.and_then(|j| chars.get(j))
            .is_some_and(|&(_, n)| n.is_ascii_alphanumeric())
    };
    !(latin1_sign && (ascii_alnum(i.checked_sub(1)) || ascii_alnum(Some(i + 1))))
}

/// Punctuation of any script a GBK page holds: ASCII, Latin-1's (`¡ § ¶ · ¿ « »`), general
/// (dashes, quotes, `‰ ′ ※`), CJK and full-width.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(
            c,
            '¡' | '§' | '¶' | '·' | '¿' | '«' | '»'
                | '\u{2010}'..='\u{2027}'
                | '\u{2030}'..='\u{205E}'
                | '\u{3001}'..='\u{3003}'
                | '\u{3008}'..='\u{3011}'
                | '\u{3014}'..='\u{301F}'
                | '\u{FF01}'..='\u{FF0F}'
                | '\u{FF1A}'..='\u{FF20}'
                | '\u{FF3B}'..='\u{FF40}'
                | '\u{FF5B}'..='\u{FF65}'
        )
}

/// Whether `chars[j]`, inside a run ending before `end`, is a letter next to another
/// letter of its alphabet: part of a word (`Bhútán`, `Москва`), plausible text whatever its
/// GBK bytes re-pair to. (The anchor itself is judged by [`find_fixes`].)
fn is_in_word(chars: &[(usize, char)], j: usize, end: usize) -> bool {
    let Some(a) = plausible::alphabet(chars[j].1) else {
        return false;
    };
    (j > 0 && plausible::alphabet(chars[j - 1].1) == Some(a))
        || (j + 1 < end && plausible::alphabet(chars[j + 1].1) == Some(a))
}

/// Whether the text a repair leaves untouched is ordinary Chinese, as it must be around
/// true damage: kana outside the fixed runs make the line Japanese, and shifted-looking
/// kanji in it are Japanese words (`緊急事態宣言の発令`), not damage; and the text right
/// after each fix, where the shift healed, must not be as rare as the run itself
/// (`龘靐齉齾爩`, a list of rare characters, has no heal to find).
fn is_chinese_context(chars: &[(usize, char)], fixes: &[ShiftFix]) -> bool {
    let mut fix = fixes.iter().peekable();
    let mut prev_kept = None;
    let (mut kept_ideographs, mut kept_word) = (0usize, false);
    for &(pos, c) in chars {
        while fix.next_if(|f| f.range.end <= pos).is_some() {}
        if fix.peek().is_some_and(|f| f.range.contains(&pos)) {
            prev_kept = None;
            continue;
        }
        let letter = plausible::alphabet(c);
        prev_kept = Some(match letter {
            // Han, punctuation, digits: the common case.
            None => {
                if hanzi::is_ideograph(c) {
                    kept_ideographs += 1;
                } else if plausible::is_kana(c) {
                    return false;
                }
                None
            }
            Some(a) => {
                // A Greek or Cyrillic word: the line is Greek or Russian text, whose
                // letters GBK happens to have.
                if prev_kept == Some(Some(a)) && a != plausible::Alphabet::Latin {
                    return false;
                }
                kept_word |= prev_kept.is_some_and(|p| p.is_some());
                letter
            }
        });
    }
    // Around each fix: the nearest untouched ideographs, after it first (where the shift
    // healed), then before it.
    let ideograph = |&(_, c): &(usize, char)| hanzi::is_ideograph(c).then_some(c);
    let plain_around = fixes.iter().enumerate().all(|(j, f)| {
        let before = chars.partition_point(|&(pos, _)| pos < f.range.start);
        let after = chars.partition_point(|&(pos, _)| pos < f.range.end);
        let near: Vec<char> = within_latin(chars[after..].iter())
            .filter_map(ideograph)
            .chain(within_latin(chars[..before].iter().rev()).filter_map(ideograph))
            .take(HEAL_CONTEXT_CHARS)
            .collect();
        // No ideograph left around the fix (`龘靐 `, a line of rare characters): nothing
        // shows a shift that healed, so nothing is re-paired.
        let plain = |c: &char| char_score(*c) > STRICT.max_original_min;
        // Nor may the text right before it, which the lost byte broke off, be only rare
        // characters (`麤龗灪龖馬沙文`: a list of them, then ordinary text): real text has a
        // rare character in about fifty, not three in a row.
        // (The earlier fixes' damaged text is skipped: walking back, `k` fixes remain.)
        let mut k = j;
        let untouched = |&&(pos, _): &&(usize, char)| {
            while k > 0 && fixes[k - 1].range.start > pos {
                k -= 1;
            }
            !(k > 0 && fixes[k - 1].range.contains(&pos))
        };
        let broken_off: Vec<char> = within_latin(chars[..before].iter().rev())
            .filter(untouched)
            .filter_map(ideograph)
            .take(HEAL_CONTEXT_CHARS)
            .collect();
        // And where the shift healed, right after the fix, the text is ordinary: a rare
        // character there and no other before the line ends (`埔龘靐齉 `) is the damage going
        // on, a list of rare characters. (Later fixes' damaged text is skipped the same way.)
        let mut m = j + 1;
        let untouched_after = |&&(pos, _): &&(usize, char)| {
            while fixes.get(m).is_some_and(|g| g.range.end <= pos) {
                m += 1;
            }
            !fixes.get(m).is_some_and(|g| g.range.contains(&pos))
        };
        let healed: Vec<char> = within_latin(chars[after..].iter())
            .filter(untouched_after)
            .filter_map(ideograph)
            .take(HEAL_CONTEXT_CHARS)
            .collect();
        near.iter().any(plain)
            && (broken_off.is_empty() || broken_off.iter().any(plain))
            && (healed.is_empty() || healed.iter().any(plain))
    });
    // A line whose untouched text is alphabetic words without a single ideograph is not
    // Chinese text (`аa ya Israel`: a Cyrillic а beside Latin words).
    plain_around && (kept_ideographs > 0 || !kept_word)
}

/// Adjacent pairs of ideographs that occur inside words (see [`hanzi::bigram`]).
fn known_pairs(chars: &[char]) -> usize {
    chars
        .windows(2)
        .filter(|w| hanzi::bigram(w[0], w[1]) > 0)
        .count()
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::GBK;

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

    /// Drops the lead byte of the char at `idx` from the GBK form of `line`
    /// and decodes the whole line again.
    fn drop_lead(line: &str, idx: usize) -> String {
        let (bytes, _, _) = GBK.encode(line);
        let mut bytes = bytes.into_owned();
        let off: usize = line
            .chars()
            .take(idx)
            .map(|c| if c.is_ascii() { 1 } else { 2 })
            .sum();
        bytes.remove(off);
        GBK.decode_without_bom_handling(&bytes).0.into_owned()
    }

    #[test]
    fn swallowed_letter_is_given_back() {
        // 会 lost its lead byte; the run swallows the C of "C语言":
        // 学嵝醋鞅弦登把Щ酑语言.
        let line = "毕业前学会写作毕业前学会C语言";
        let damaged = drop_lead(line, 4);
        assert!(damaged.ends_with("语言") && !damaged.contains('C'));
        let (out, _) = repair_line(&damaged).expect("damage must be found");
        assert_eq!(out, line);
        assert_eq!(repair_line(&out), None);
    }

    #[test]
    fn bigram_context_picks_the_lost_char() {
        // In each case the most frequent char with the lost char's trail
        // byte is another one (着, 为, 都, 情): only the neighbours decide.
        for (line, idx) in [
            ("他们正在研究中国古代建筑的历史。", 8),
            ("这家公司的经营状况越来越好了。", 6),
            ("学校组织学生参观了科技博物馆。", 10),
            ("医生建议病人多喝水多休息。", 3),
        ] {
            let damaged = drop_lead(line, idx);
            let lost = line.chars().nth(idx).unwrap();
            let trail = gbk_pair(lost).unwrap()[1];
            assert_ne!(fills().by_trail[0][usize::from(trail)][0].0, lost);
            let (out, _) = repair_line(&damaged).expect("damage must be found");
            assert_eq!(out, line, "damaged: {damaged}");
            assert_eq!(repair_line(&out), None);
        }
    }

    #[test]
    fn repairs_are_idempotent() {
        for damaged in [
            "勸導在涉疫地區的天長人留在當兀瑫翰环掂l，遵守當攸h委、政府",
            "留在當?兀瑫翰环掂l，",
        ] {
            let (out, _) = repair_line(damaged).expect("damage must be found");
            assert_eq!(repair_line(&out), None, "{out}");
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
