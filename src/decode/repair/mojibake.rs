//! Repair of text that was decoded with the wrong charset before it reached
//! us ("mojibake").
//!
//! # The damage
//! * **UTF-8 read as windows-1252 or Latin-1.** Every byte of a multi-byte
//!   UTF-8 character became one character: `é` (C3 A9) → `Ã©`, `’` (E2 80 99)
//!   → `â€™`, `中` (E4 B8 AD) → `ä¸\u{AD}`. Under windows-1252 the bytes 0x80–0x9F
//!   become `€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™šœžŸ` (and the five bytes it leaves undefined
//!   become C1 controls, as WHATWG decoders do); under Latin-1 all of
//!   0x80–0x9F become C1 controls (`こ` → `ã\u{81}\u{93}`).
//! * **Double-encoded UTF-8.** The above, applied twice: `é` → `ÃƒÂ©`.
//! * **UTF-8 read as GBK.** Pairs of UTF-8 bytes became GBK characters:
//!   `地，暂未` → `鍦帮紝鏆傛湭`. A UTF-8 byte that lands on a GBK lead
//!   position just before an ASCII byte below 0x40 (space, digit, `,`) or
//!   the end of the text is not a valid pair: the decoder emits U+FFFD for
//!   it (some pipelines then write `?`) and the byte is gone. It is always
//!   the last byte of a UTF-8 character, so that character cannot be rebuilt.
//!
//! # The repair
//! 1. **Pre-filter** (`has_latin_candidate`, `has_gbk_candidate`): one
//!    allocation-free pass. Latin damage needs a UTF-8 lead character
//!    (`Â`..=`ô`) followed by a continuation character (0x80–0xBF as
//!    windows-1252/Latin-1); GBK damage needs a character whose GBK bytes
//!    are a 3- or 4-byte UTF-8 lead plus a continuation, followed by one
//!    whose GBK lead is a continuation (or U+FFFD). Clean text of any
//!    language almost never has either, and stops here.
//! 2. **Latin units.** Map every windows-1252/Latin-1 character back to its
//!    byte and decode each valid UTF-8 sequence into a *unit*; repeat on the
//!    units' results for double encoding (a deeper unit may only combine
//!    units of the layer below, never untouched text). Each unit is scored
//!    (`latin_unit_score`): *evidence* that the original characters are
//!    mojibake (C1 controls, three or four symbol-laden characters, `Ã`/`Â`
//!    before a symbol, an upper-case letter inside a lower-case word) plus
//!    the *fit* of the decoded character among its neighbours (an accented
//!    letter next to letters; a Cyrillic letter next to Cyrillic; a common
//!    ideograph next to other ideographs). A decoded character that real
//!    text does not use (IPA, NKo, Samaritan, controls, private use) vetoes
//!    the unit. A rejected double unit falls back to its single units.
//! 3. **GBK runs.** Re-encode maximal runs of GBK double-byte characters
//!    (U+FFFD and a final `?` count as one unknown byte), decode the bytes
//!    as UTF-8 tolerating a lost last byte, and keep runs of valid
//!    characters that start and end on character boundaries of the damaged
//!    text. A run is repaired when the mean plausibility (`plausibility`,
//!    ≈10 × Zipf for ideographs) of the result beats that of the damaged
//!    characters by a wide margin (`GBK_STRICT`).
//! 4. **Damage clusters.** A line with one convincing repair is damaged,
//!    so its other candidates are judged with relaxed thresholds (a lone
//!    Russian `в` → `Ð²`, a GBK run that lost its only character).
//!
//! 5. **Ambiguity.** A line whose repaired form would be repaired again is
//!    left alone ([`repair_line`]).
//!
//! Everything else is left alone: a wrong "repair" invents text, which is
//! worse than leaving visible garbage.

use super::gbk::{gbk_pair, GbkFlags};
use crate::hanzi;
use std::ops::Range;

/// Which wrong decoding a repaired span went through.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum MojibakeKind {
    /// UTF-8 bytes read as windows-1252 (`Ã©`, `â€™`). Also used when the
    /// span cannot tell windows-1252 from Latin-1 (no byte in 0x80–0x9F).
    Utf8AsWindows1252,
    /// UTF-8 bytes read as Latin-1: bytes 0x80–0x9F became C1 controls.
    Utf8AsLatin1,
    /// UTF-8 read as windows-1252/Latin-1, re-encoded as UTF-8 and read as
    /// windows-1252/Latin-1 again (`ÃƒÂ©`).
    DoubleUtf8,
    /// UTF-8 bytes read as GBK (`鍦帮紝鏆`); may have lost characters.
    Utf8AsGbk,
    /// UTF-8 bytes read as Big5 (`銝剖`); repaired by [`super::resync`], may have lost
    /// characters.
    Utf8AsBig5,
    /// Bytes of this legacy CJK encoding read as windows-1252 or Latin-1 (`ÖÐ¹ú` for 中国);
    /// repaired by [`super::legacy_as_latin1`].
    CjkAsLatin1(&'static encoding_rs::Encoding),
}

/// One repaired span of a line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MojibakeFix {
    /// Byte range of the damaged text in the input line.
    pub range: Range<usize>,
    /// Which wrong decoding was undone.
    pub kind: MojibakeKind,
    /// The repaired text that replaces `range`.
    pub replacement: String,
    /// Characters that could not be rebuilt (a byte was lost) and appear as
    /// U+FFFD in `replacement`: the U+FFFD written. For UTF-8 read as Big5 a run
    /// of adjacent lost characters is one U+FFFD, counted once. Always 0 for the
    /// lossless kinds.
    pub lost_chars: usize,
}

/// Repairs mojibake segments in one line; None when the line needs nothing.
///
/// A line whose repair would itself still look damaged is ambiguous (e.g.
/// `Ã™€` → `Ù€` → `ـ`: real text never does this, adversarial input can) and is
/// left alone, which also makes the repair idempotent by construction.
pub fn repair_line(line: &str) -> Option<(String, Vec<MojibakeFix>)> {
    let (out, fixes) = repair_once(line)?;
    if repair_once(&out).is_some() {
        return None;
    }
    Some((out, fixes))
}

fn repair_once(line: &str) -> Option<(String, Vec<MojibakeFix>)> {
    let latin = has_latin_candidate(line);
    let gbk = has_gbk_candidate(line);
    if !latin && !gbk {
        return None;
    }
    let mut fixes = if latin { latin_fixes(line) } else { Vec::new() };
    if gbk {
        // The kinds use disjoint characters except for a few (é is GBK A8A6):
        // the Latin reading, checked first, wins any overlap.
        fixes = merge_fixes(fixes, gbk_fixes(line));
    }
    if fixes.is_empty() {
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

/// Merges two lists of fixes, each sorted by start and without overlaps of its own, into
/// one sorted list; a fix of `others` that overlaps one of `first` is dropped. A linear
/// two-pointer walk (issue 16: comparing every pair was quadratic, 26 s on a 2.6 MB line of
/// mixed mojibake).
fn merge_fixes(first: Vec<MojibakeFix>, others: Vec<MojibakeFix>) -> Vec<MojibakeFix> {
    if others.is_empty() {
        return first;
    }
    let mut out = Vec::with_capacity(first.len() + others.len());
    let mut first = first.into_iter().peekable();
    for g in others {
        // Every fix of `first` that ends before `g` starts comes before it.
        while let Some(f) = first.next_if(|f| f.range.end <= g.range.start) {
            out.push(f);
        }
        // Overlap with the next fix of `first` (the earlier ones ended before `g` starts; a
        // fix kept from `first` that ended after `g` started is in `out` and overlaps too).
        let overlaps_next = first.peek().is_some_and(|f| f.range.start < g.range.end);
        let overlaps_kept = out
            .last()
            .is_some_and(|f: &MojibakeFix| f.range.end > g.range.start);
        if !overlaps_next && !overlaps_kept {
            out.push(g);
        }
    }
    out.extend(first);
    out
}

// ---------------------------------------------------------------------------
// Shared character knowledge
// ---------------------------------------------------------------------------

/// Windows-1252 characters for bytes 0x80–0x9F (None where windows-1252
/// leaves the byte undefined: WHATWG decoders give the C1 control there).
const CP1252_HIGH: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// C1 controls that WHATWG windows-1252 decoders produce (for the bytes
/// windows-1252 leaves undefined).
const CP1252_UNDEFINED: [char; 5] = ['\u{81}', '\u{8D}', '\u{8F}', '\u{90}', '\u{9D}'];

/// The byte a windows-1252 or Latin-1 decoder turned into `c`, if any.
pub(crate) fn latin_byte(c: char) -> Option<u8> {
    if let Ok(b) = u8::try_from(u32::from(c)) {
        return Some(b);
    }
    let i = CP1252_HIGH.iter().position(|&x| x == Some(c))?;
    u8::try_from(0x80 + i).ok()
}

/// True for windows-1252 characters outside Latin-1 (`€`, `’`, `œ`…).
fn is_cp1252_special(c: char) -> bool {
    u32::from(c) > 0xFF && latin_byte(c).is_some()
}

fn is_c1(c: char) -> bool {
    matches!(u32::from(c), 0x80..=0x9F)
}

/// Length of the UTF-8 sequence that `b` starts, None for continuation and
/// invalid bytes.
fn utf8_len(b: u8) -> Option<usize> {
    match b {
        0x00..=0x7F => Some(1),
        0xC2..=0xDF => Some(2),
        0xE0..=0xEF => Some(3),
        0xF0..=0xF4 => Some(4),
        _ => None,
    }
}

fn is_cont(b: u8) -> bool {
    matches!(b, 0x80..=0xBF)
}

/// Writing systems, coarse: enough to tell whether a character fits its
/// neighbours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    /// ASCII and accented Latin letters.
    Latin,
    Greek,
    Cyrillic,
    Armenian,
    Hebrew,
    Arabic,
    /// The scripts of India and Sri Lanka, one per Unicode block of 128 (Devanagari,
    /// Bengali, Gurmukhi… Sinhala): each its own, so a decoded Sinhala letter beside
    /// Gurmukhi words is alone (`à¶•` → ඕ).
    Indic(u8),
    Thai,
    Georgian,
    /// Hangul syllables and jamo: a script of its own, so a decoded syllable among
    /// ideographs or kana is as alone as one among Latin letters (`ShëŒ„` → 댄 in a line
    /// of Chinese).
    Hangul,
    /// Ideographs, kana, CJK punctuation and full-width forms.
    EastAsian,
    /// Digits, punctuation, symbols, spaces, everything else.
    Other,
}

fn family(c: char) -> Family {
    match u32::from(c) {
        0x41..=0x5A | 0x61..=0x7A => Family::Latin,
        0xC0..=0xD6 | 0xD8..=0xF6 | 0xF8..=0x24F | 0x1E00..=0x1EFF => Family::Latin,
        0x370..=0x3FF | 0x1F00..=0x1FFF => Family::Greek,
        0x400..=0x52F => Family::Cyrillic,
        0x531..=0x58F => Family::Armenian,
        0x591..=0x5FF | 0xFB1D..=0xFB4F => Family::Hebrew,
        0x600..=0x6FF | 0x750..=0x77F | 0xFB50..=0xFDFF | 0xFE70..=0xFEFC => Family::Arabic,
        0x900..=0xDFF => Family::Indic(u8::try_from((u32::from(c) - 0x900) / 0x80).unwrap_or(0)),
        0xE00..=0xE7F => Family::Thai,
        0x10A0..=0x10FF => Family::Georgian,
        0x1100..=0x11FF | 0x3130..=0x318F | 0xA960..=0xA97F | 0xAC00..=0xD7A3 | 0xD7B0..=0xD7FF => {
            Family::Hangul
        }
        0x3000..=0x30FF
        | 0x3100..=0x312F
        | 0x31F0..=0x31FF
        | 0x3200..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF01..=0xFFEF
        | 0x20000..=0x3FFFF => Family::EastAsian,
        _ => Family::Other,
    }
}

fn is_letter_family(f: Family) -> bool {
    !matches!(f, Family::Other | Family::EastAsian)
}

/// True when `c` is (or is next to) text of family `f`.
fn near(f: Family, prev: Option<char>, next: Option<char>) -> bool {
    prev.is_some_and(|p| family(p) == f) || next.is_some_and(|n| family(n) == f)
}

// ---------------------------------------------------------------------------
// UTF-8 read as windows-1252 / Latin-1, single and double
// ---------------------------------------------------------------------------

/// Deepest layer of re-encoding undone. Two covers double encoding; a third
/// layer exists in the wild but is rare, and each layer is one more chance
/// for an accidental match.
const MAX_LAYERS: u8 = 2;

/// Unit scores at or above this are repaired (see [`latin_unit_score`]).
/// Calibrated so that one strong piece of evidence (C1 control, 3–4 byte
/// sequence, `Ã`/`Â` before a symbol) passes with a neutral fit, while a
/// weak one (another upper-case letter before a symbol, e.g. `CAFÉ…`) needs
/// both a word context and a fitting result.
const LATIN_ACCEPT: i32 = 5;

/// Threshold for the other units of a line that already has a unit scoring
/// [`LATIN_ACCEPT`]: damage covers whole lines, so a lone `Ð²` (Russian `в`)
/// next to other repaired words is enough.
const LATIN_ACCEPT_RELAXED: i32 = 3;

/// Evidence of a unit containing a C1 control: real text never has them,
/// so this alone passes [`LATIN_ACCEPT`] even with a poor fit.
const EVIDENCE_C1: i32 = 10;
/// Evidence of a 3- or 4-character unit: a lower-case accented letter
/// followed by two or three symbols with no space (`â€™`, `æ—¥`). Real text
/// has this only in rare typography (`é »` with a no-break space, `é…”`),
/// which decodes to a lone ideograph glued to a word and fails on fit
/// ([`FIT_GLUED`]).
const EVIDENCE_LONG: i32 = 6;
/// Evidence of a pair whose lead is `Ã`/`Â` (these encode all of
/// U+00A0–U+00FF, so they are the commonest mojibake, and as real letters
/// they are rare and essentially never followed by a symbol), or whose
/// second character is a symbol that never ends a word (`Î³`, `Å¡`, `Ð¿`).
const EVIDENCE_PAIR_STRONG: i32 = 5;
/// Evidence of another upper-case letter (Ä–ß) followed by punctuation
/// that may end a word ([`ends_words`]): real text does this at the end of
/// an upper-case word (`CAFÉ”`, `ESPAÑA…`).
const EVIDENCE_PAIR_WEAK: i32 = 3;
/// Extra evidence when a 2-character unit follows a lower-case letter:
/// an upper-case letter inside a lower-case word (`cafÃ©`).
const EVIDENCE_LOWER_BEFORE: i32 = 2;
/// Extra evidence when a 2-character unit is followed by a letter: the
/// symbol sits inside a word (`Ã©tÃ©`).
const EVIDENCE_LETTER_AFTER: i32 = 1;
/// Extra evidence of a unit spanning two layers: its parts (scored as if
/// they were the original characters) themselves decoded from valid UTF-8,
/// which chance rarely produces.
const EVIDENCE_DOUBLE_BONUS: i32 = 1;

/// Fit of a decoded letter next to letters of its own script.
const FIT_SAME_SCRIPT: i32 = 2;
/// Fit of a decoded character of another script, alone among its
/// neighbours, whose original looks like a word's last letter followed by
/// punctuation (`ESPAÑ…` → `ESPAх`, `café »` → `caf頻`): real typography.
const FIT_GLUED: i32 = -8;
/// Fit of an ideograph alone at the end of a Latin word: with a common one's
/// [`FIT_SAME_SCRIPT`], a 3-character unit (6) ends below [`LATIN_ACCEPT`].
const FIT_LONE_IDEOGRAPH: i32 = -4;
/// Fit of a letter of another script inside a Latin word, or of another bicameral alphabet
/// glued to one:
/// with it a strong pair before a letter (6) ends below [`LATIN_ACCEPT_RELAXED`].
const FIT_FOREIGN_IN_WORD: i32 = -4;
/// Fit of a rare ideograph (below [`CJK_RARE`]).
const FIT_RARE_CJK: i32 = -3;
/// An ideograph scoring below this (≈ Zipf 2) is rarely real text.
const CJK_RARE: u8 = 20;
/// An ideograph scoring at least this (≈ Zipf 4) is common in any text.
const CJK_COMMON: u8 = 40;

/// One character after zero or more layers of decoding: a leaf (`depth`
/// 0) is a character of the line; a unit of depth `d` was decoded from the
/// bytes of `parts`, all of depth `d - 1`.
#[derive(Debug)]
struct Unit {
    range: Range<usize>,
    ch: char,
    depth: u8,
    parts: Vec<Unit>,
}

/// A unit accepted for repair.
struct Accepted {
    range: Range<usize>,
    ch: char,
    depth: u8,
}

/// Quick scan for a UTF-8 lead byte (as windows-1252/Latin-1) followed by a
/// continuation byte. Allocation-free; clean text of any language stops here
/// unless an upper-case accented letter is glued to a symbol.
fn has_latin_candidate(line: &str) -> bool {
    // A lead read as Latin is one of U+00C2..=U+00F4, all C3 xx in UTF-8.
    if !line.bytes().any(|b| b == 0xC3) {
        return false;
    }
    let mut prev_lead = false;
    for c in line.chars() {
        if prev_lead && latin_byte(c).is_some_and(is_cont) {
            return true;
        }
        prev_lead = matches!(u32::from(c), 0xC2..=0xF4);
    }
    false
}

fn latin_fixes(line: &str) -> Vec<MojibakeFix> {
    let mut units: Vec<Unit> = line
        .char_indices()
        .map(|(i, ch)| Unit {
            range: i..i + ch.len_utf8(),
            ch,
            depth: 0,
            parts: Vec::new(),
        })
        .collect();
    for depth in 1..=MAX_LAYERS {
        let changed;
        (units, changed) = decode_layer(units, depth);
        if !changed {
            break;
        }
    }
    let mut accepted = Vec::new();
    // The Latin-1 characters the line holds as text (no sequence takes them).
    let mut leftovers: Vec<char> = units
        .iter()
        .filter(|u| u.depth == 0 && is_leftover(u.ch))
        .map(|u| u.ch)
        .collect();
    leftovers.sort_unstable();
    leftovers.dedup();
    let ctx = Context {
        leftovers: &leftovers,
    };
    decide(&units, None, None, LATIN_ACCEPT, &ctx, &mut accepted);
    if accepted.is_empty() {
        return Vec::new();
    }
    accepted.clear();
    decide(
        &units,
        None,
        None,
        LATIN_ACCEPT_RELAXED,
        &ctx,
        &mut accepted,
    );
    merge_latin(line, accepted)
}

/// Decodes every valid UTF-8 sequence among `units` whose members are of
/// depth `depth - 1` into a unit of depth `depth`.
fn decode_layer(units: Vec<Unit>, depth: u8) -> (Vec<Unit>, bool) {
    let byte_of = |u: &Unit| {
        if u.depth + 1 == depth {
            latin_byte(u.ch).filter(|&b| b >= 0x80)
        } else {
            None
        }
    };
    // (start index, length, decoded char) of each sequence found.
    let mut spans = Vec::new();
    let mut i = 0;
    while i < units.len() {
        let Some(n) = byte_of(&units[i]).and_then(utf8_len) else {
            i += 1;
            continue;
        };
        let mut buf = [0u8; 4];
        let mut ok = i + n <= units.len();
        for k in 0..n {
            if !ok {
                break;
            }
            match byte_of(&units[i + k]) {
                Some(b) => buf[k] = b,
                None => ok = false,
            }
        }
        let decoded = if ok {
            std::str::from_utf8(&buf[..n])
                .ok()
                .and_then(|s| s.chars().next())
        } else {
            None
        };
        match decoded {
            Some(c) => {
                spans.push((i, n, c));
                i += n;
            }
            None => i += 1,
        }
    }
    if spans.is_empty() {
        return (units, false);
    }
    let mut out = Vec::with_capacity(units.len());
    let mut it = units.into_iter().enumerate().peekable();
    for (start, n, ch) in spans {
        while it.peek().is_some_and(|(i, _)| *i < start) {
            out.extend(it.next().map(|(_, u)| u));
        }
        let parts: Vec<Unit> = it.by_ref().take(n).map(|(_, u)| u).collect();
        let range = parts[0].range.start..parts[n - 1].range.end;
        out.push(Unit {
            range,
            ch,
            depth,
            parts,
        });
    }
    out.extend(it.map(|(_, u)| u));
    (out, true)
}

/// Collects the units of `units` (recursively falling back to the parts of
/// rejected deeper units) that score at least `threshold`.
/// What [`decide`] knows of the whole line.
struct Context<'a> {
    /// Latin-1 characters the line holds as text (see [`is_leftover`]), sorted.
    leftovers: &'a [char],
}

fn decide(
    units: &[Unit],
    outer_prev: Option<char>,
    outer_next: Option<char>,
    threshold: i32,
    ctx: &Context<'_>,
    out: &mut Vec<Accepted>,
) {
    // Characters of each letter family in the line (as these units read it), counted once,
    // so a lone letter can be told from one of many (linear in the units).
    let mut families: Vec<(Family, usize)> = Vec::new();
    for u in units {
        let f = family(u.ch);
        match families.iter_mut().find(|(g, _)| *g == f) {
            Some((_, n)) => *n += 1,
            None => families.push((f, 1)),
        }
    }
    for (i, u) in units.iter().enumerate() {
        if u.depth == 0 {
            continue;
        }
        let f = family(u.ch);
        // Latin letters are everywhere on a page: there only a neighbour counts (`ŷ` alone
        // as a word, from `Å·`, is no Welsh).
        let company = if f == Family::Latin {
            let prev = i.checked_sub(1).map(|k| units[k].ch).or(outer_prev);
            let next = units.get(i + 1).map(|n| n.ch).or(outer_next);
            near(f, prev, next)
        } else {
            families.iter().any(|&(g, n)| g == f && n >= 2)
        };
        let prev = if i > 0 {
            Some(units[i - 1].ch)
        } else {
            outer_prev
        };
        let next = units.get(i + 1).map(|n| n.ch).or(outer_next);
        // Latin-1 text left over beside the unit (`ÀÁÂÃ` before `Ä°`, `¨` after `Ò¥`): a
        // byte no UTF-8 sequence takes, so the unit sits in clean Latin-1 text, where a
        // windows-1252 decoder leaves none.
        // NFKC writes a spacing diacritic as a space and a combining mark (`¨` → ` ̈`): the
        // same sign, in the normalised text a second cleaning reads.
        let is_mark = |k: usize| units.get(k).is_some_and(|n| is_combining(n.ch));
        let leftover = |k: Option<usize>| {
            k.is_some_and(|k| {
                units.get(k).is_some_and(|n| {
                    n.depth == 0 && (is_leftover(n.ch) || n.ch == ' ' && k > i && is_mark(k + 1))
                })
            })
        };
        // So does a pair that reads as a word's last letter and punctuation when the line
        // writes that letter as text elsewhere (`COMUNICAÇÃO: NÃ–2006`, `NÃ’nsaari`:
        // Portuguese capitals, `Ã` before a dash or an apostrophe).
        let closes_word = u.parts.len() == 2
            && ends_words(u.parts[1].ch)
            && ctx.leftovers.binary_search(&u.parts[0].ch).is_ok();
        // And so does a list of signs beside the unit (`æ´®†¥¨`, `é´‰ˇÁ`: keyboard symbols):
        // past windows-1252 punctuation no sequence takes, a Latin-1 character left over or a
        // sign no windows-1252 decoder writes (`ˇ`, `∞`) shows signs typed as text; past
        // Latin letters too, such a sign in the unit's word (`Armè¶•ao–≠`, NFKC's view of
        // `ª` and `º`).
        let sign_list = |step: isize| {
            let mut k = i.checked_add_signed(step);
            let mut past_letters = false;
            // A word, not a line: the walk ends after SIGN_WORD units (issue 16).
            let mut left = SIGN_WORD;
            while let Some(n) = k.and_then(|k| units.get(k)).filter(|_| left > 0) {
                left -= 1;
                let c = n.ch;
                if n.depth != 0 || c.is_whitespace() || c.is_ascii_punctuation() {
                    return false;
                }
                if !past_letters && is_leftover(c) {
                    return true;
                }
                if c.is_ascii_alphanumeric() || family(c) == Family::Latin {
                    past_letters = true;
                } else if family(c) != Family::Other {
                    return false;
                } else if latin_byte(c).is_none() {
                    return true;
                }
                k = k.and_then(|k| k.checked_add_signed(step));
            }
            false
        };
        // A unit cut out of a run of one sign (`â………`: its last parts are `…`, and so is the
        // character after it): the run is the text's own, an ellipsis or a rule of dashes.
        let cuts_run = u.parts.last().is_some_and(|p| {
            units.get(i + 1).is_some_and(|n| {
                n.depth == 0 && n.ch == p.ch && !n.ch.is_alphanumeric() && !n.ch.is_ascii()
            })
        });
        let glued_to_text = cuts_run
            || leftover(i.checked_sub(1))
            || leftover(Some(i + 1))
            || closes_word
            || sign_list(-1)
            || sign_list(1);
        // An apostrophe before a capitalised word is an elision (`d’Urville`, `O’Brien`):
        // `Å’Urville` is a letter, an apostrophe and a name, not Œ glued to a capital
        // (`ESPAÃ‘A`, `Ä‘i` are damage: no lower-case letter follows the capital).
        let elision = matches!(u.parts.last().map(|p| p.ch), Some('’' | '‘'))
            && next.is_some_and(char::is_uppercase)
            && units.get(i + 2).is_some_and(|n| n.ch.is_lowercase());
        if elision {
            continue;
        }
        // Latin letters of the line itself (not decoded) beside the unit: it is glued to a
        // word, at its start (`Åština`) or inside it (`sèžžed`).
        let word_letter = |k: Option<usize>| {
            k.and_then(|k| units.get(k))
                .is_some_and(|n| n.depth == 0 && family(n.ch) == Family::Latin)
        };
        let next_letter = word_letter(Some(i + 1));
        let in_word = if u.parts.len() == 2 {
            next_letter && !prev.is_some_and(char::is_alphabetic)
        } else {
            // (A Latin letter inside a Latin word is what damage looks like: `Náºµng`.)
            next_letter && word_letter(i.checked_sub(1)) && family(u.ch) != Family::Latin
        };
        let score = latin_unit_score(u, prev, next, company, in_word).map(|s| {
            s - if glued_to_text {
                EVIDENCE_LEFTOVER_PENALTY
            } else {
                0
            }
        });
        if score.is_some_and(|s| s >= threshold) {
            out.push(Accepted {
                range: u.range.clone(),
                ch: u.ch,
                depth: u.depth,
            });
        } else if u.depth >= 2 {
            decide(&u.parts, prev, next, threshold, ctx, out);
        }
    }
}

/// Evidence that the unit's original characters are mojibake plus the fit
/// of its decoded character between `prev` and `next` (decoded
/// neighbours); None when the decoded character is not one real text uses.
///
/// A double unit is scored from its parts, the layer-1 characters, as if
/// they were the original: `ÃƒÂ©` scores like `Ã©`, plus a bonus.
fn latin_unit_score(
    u: &Unit,
    prev: Option<char>,
    next: Option<char>,
    company: bool,
    in_word: bool,
) -> Option<i32> {
    let first = u.parts[0].ch;
    // Letters only, not led by `Ã`/`Â` (see [`EVIDENCE_PAIR_STRONG`]), and a pair starting
    // a word or a longer unit inside one (`in_word`): the unit reads as part of that word
    // (`Åština`, `Èžluťoučký`, `sèžžed`), so its shape is no evidence; what the decoded
    // letter fits still counts, so beside other damage (`ÅšlÄ…sk`) it is repaired. (After
    // a letter a pair is a case mistake, `VÄƒn`; beside Han a unit is damage, `äºŽI2月`.)
    let second = u.parts[1].ch;
    // A letter and an apostrophe before a lower-case word, after a space or the line's start
    // (`Å’octubre`, `Å’daki`): the shape of an elision (`d’octubre`, `l’anno`), so again only
    // the fit counts; beside other damage (`Å’uvre` for `Œuvre`) it is still repaired.
    let elided = u.parts.len() == 2
        && second == '’'
        && next.is_some_and(char::is_lowercase)
        && prev.is_none_or(|p| !p.is_alphanumeric());
    let word_like = (in_word && u.parts.iter().all(|p| p.ch.is_alphabetic()) || elided)
        && first.is_alphabetic()
        && !matches!(first, 'Ã' | 'Â');
    // A word's last letter followed by punctuation: the shape of real text
    // (which never has C1 controls).
    let c1 = u.parts.iter().any(|p| is_c1(p.ch));
    if !c1 && u.parts.len() == 2 && (in_symbol_run(u.ch, prev, next) || is_spacing_mark(u.ch)) {
        return None;
    }
    let typographic = !c1 && prev.is_some_and(char::is_alphabetic) && ends_words(second);
    let fit = latin_fit(u.ch, prev, next, typographic)?;
    let mut evidence = if c1 {
        EVIDENCE_C1
    } else if u.parts.len() >= 3 {
        if word_like {
            0
        } else {
            EVIDENCE_LONG
        }
    } else {
        let base = if word_like {
            0
        } else if matches!(first, 'Ã' | 'Â') || !ends_words(second) {
            EVIDENCE_PAIR_STRONG
        } else {
            EVIDENCE_PAIR_WEAK
        };
        let lower_before = prev.is_some_and(char::is_lowercase);
        let letter_after = next.is_some_and(char::is_alphabetic);
        base + if lower_before {
            EVIDENCE_LOWER_BEFORE
        } else {
            0
        } + if letter_after {
            EVIDENCE_LETTER_AFTER
        } else {
            0
        }
    };
    if u.depth >= 2 {
        evidence += EVIDENCE_DOUBLE_BONUS;
    }
    // A letter (or mark) outside Latin-1, the only one of its script in the line
    // (`company`: another character of its family, as the line reads now): `Ó®` → Ӯ after
    // `Niall `, `Öš` → a Hebrew accent after `M.`, `ë´‰` → 봉 glued to `Kalkut` (clean text
    // spliced by the clean-text property). Such a pair is no proof on its own, only beside
    // other damage.
    let f = family(u.ch);
    if !c1
        && !company
        && u32::from(u.ch) >= 0x100
        && (is_letter_family(f) || f == Family::EastAsian && u.ch.is_alphabetic())
        && !hanzi::is_ideograph(u.ch)
    {
        evidence -= EVIDENCE_LONE_LETTER_PENALTY;
    }
    Some(evidence + fit)
}

/// Taken from the evidence of a lone letter outside Latin-1 (see [`latin_unit_score`]):
/// enough to put a pair (5) or a longer unit (6) below [`LATIN_ACCEPT`], not below
/// [`LATIN_ACCEPT_RELAXED`], so beside convincing damage (`Ð²` for a lone Russian `в`) it
/// is still repaired.
const EVIDENCE_LONE_LETTER_PENALTY: i32 = 2;

/// Taken from a unit's evidence when a Latin-1 character that no sequence decodes sits
/// right beside it (see [`decide`]): enough to put a strong pair with a fitting result (8)
/// below [`LATIN_ACCEPT`]. Lossy decoders (`errors="ignore"`) leave such characters next
/// to real damage too, so it is a penalty, not a veto: beside other damage a unit needs
/// only [`LATIN_ACCEPT_RELAXED`].
const EVIDENCE_LEFTOVER_PENALTY: i32 = 4;

/// A Latin-1 or windows-1252 letter or sign (not the no-break space): left undecoded, it is
/// a byte of no UTF-8 sequence. windows-1252's punctuation (`”“—…€™`) does not count: clean
/// CJK text uses it, right beside damaged spans too.
fn is_leftover(c: char) -> bool {
    c != '\u{A0}'
        && latin_byte(c).is_some_and(|b| b >= 0x80)
        && !super::legacy_as_latin1::is_cjk_punctuation(c)
}

/// Longest stretch of a word walked from a unit to find a sign typed as text (see
/// [`decide`]).
const SIGN_WORD: usize = 64;

/// A combining diacritical mark.
fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36F}')
}

/// Latin-1's spacing diacritics and rare signs (`¨ ¯ ´ ¸ ¤ ¦`): real text almost never
/// uses them, so `Â¯` is no less plausible than the `¯` it would decode to (a list of
/// keyboard symbols has both). A pair decoding to one is left alone.
fn is_spacing_mark(c: char) -> bool {
    matches!(c, '¨' | '¯' | '´' | '¸' | '¤' | '¦')
}

/// Whether a pair decoding to the symbol `c` sits among non-ASCII symbols (`˜Â¯˘`, a
/// list of keyboard symbols): there `Â¯` is as plausible a reading as `¯`, so the pair is
/// no evidence. Mojibake of a symbol sits next to letters, digits or spaces (`Â©2024`,
/// `10Â°C`, `Â£5`), since a symbol run of a windows-1252 page would be all mojibake.
fn in_symbol_run(c: char, prev: Option<char>, next: Option<char>) -> bool {
    let symbol = |c: char| !c.is_ascii() && !c.is_alphanumeric() && !c.is_whitespace();
    // A line's edge counts as a neighbour of either kind: the run may be cut there.
    symbol(c)
        && (prev.is_some_and(symbol) || next.is_some_and(symbol))
        && prev.is_none_or(symbol)
        && next.is_none_or(symbol)
}

/// Punctuation that real text puts straight after a word's last letter
/// (no-break space, soft hyphen, closing quotes, dashes, ellipsis), as
/// opposed to symbols that only mojibake glues to a letter (`©`, `¤`, `œ`,
/// `·`, `™`, `²`: these follow ASCII letters and digits, not `à`–`ï`, or
/// stand between spaces).
fn ends_words(c: char) -> bool {
    matches!(
        c,
        '\u{A0}'
            | '\u{AD}'
            | '…'
            | '’'
            | '‘'
            | '”'
            | '“'
            | '»'
            | '«'
            | '›'
            | '‹'
            | '–'
            | '—'
            | '¡'
            | '¿'
    )
}

/// How well a decoded character fits between its decoded neighbours; None
/// for characters that real text does not use, which vetoes the unit.
fn latin_fit(c: char, prev: Option<char>, next: Option<char>, typographic: bool) -> Option<i32> {
    let cp = u32::from(c);
    let f = family(c);
    let glued = typographic && !near(f, prev, next);
    match cp {
        // Latin-1 letters, Latin Extended-A, Romanian ș ț, Vietnamese.
        0xC0..=0xFF | 0x100..=0x17F | 0x218..=0x21B | 0x1E00..=0x1EFF if c != '×' && c != '÷' => {
            // In a word: beside a Latin letter, in an order of cases words have (a
            // lower-case letter before a capital, `šTM` from `Å¡™` after NFKC, is not).
            let latin = |x: Option<char>| x.filter(|&x| family(x) == Family::Latin);
            let fits_prev = latin(prev).is_some_and(|p| !(p.is_lowercase() && c.is_uppercase()));
            let fits_next = latin(next).is_some_and(|n| !(c.is_lowercase() && n.is_uppercase()));
            Some(if fits_prev || fits_next {
                FIT_SAME_SCRIPT
            } else {
                0
            })
        }
        // Other Latin Extended-B: the letters living orthographies write (pinyin's ǎ,
        // Vietnamese ơ ư, the hooked letters of West African alphabets, ƒ) are real but
        // rare; the rest (`Ǟ`, `Ȱ`, Livonian, Sami, Croatian digraphs) almost never text, so
        // no better a reading than the pair it came from (`COMUNICAÇžar`, `È°C`).
        0x180..=0x24F => Some(if is_written_ext_b(c) {
            0
        } else {
            FIT_RARE_LATIN
        }),
        // Latin-1 symbols, no-break space, × ÷.
        0xA0..=0xFF => Some(0),
        // Combining diacritics (NFD text) only after a letter, and only those precomposed
        // letters decompose into (accents above and below, Vietnamese's horn, Greek's
        // breathings); the rest (double macron `Íž` → U+035E, the IPA's `Ìš` → U+031A,
        // medieval superscripts) is no text's NFD form.
        0x300..=0x345 if is_nfd_mark(c) => prev.filter(|p| p.is_alphabetic()).map(|_| 0),
        // Punctuation, super- and subscripts, currency, letterlike, arrows,
        // maths, box drawing, shapes, dingbats, supplemental punctuation;
        // variation selectors; byte order mark.
        0x2000..=0x2BFF | 0x2E00..=0x2E7F | 0xFE00..=0xFE0F | 0xFEFF => {
            (cp != 0x2028 && cp != 0x2029).then_some(0)
        }
        // Emoji, pictographs, and the tag characters of flag sequences.
        0x1F000..=0x1FAFF | 0xE0020..=0xE007F => Some(0),
        _ if f == Family::EastAsian => {
            let fit = if hanzi::is_ideograph(c) {
                // One ideograph ending a Latin word (before a space, a sign or the line's
                // end) or standing alone as one (`Ré˜µ` → R阵, `ı ç™£` → `ı 癣`,
                // `veintisé£¢∞`): the shape of accented text and symbols, not of
                // Chinese quoted in Latin text, which comes as several characters (a date's
                // `3æœˆ19` is 3月19, a character between digits).
                let lone = !near(f, prev, next)
                    && next.is_none_or(|n| n.is_whitespace() || !n.is_alphanumeric())
                    && prev.is_none_or(|p| p.is_alphabetic() || p.is_whitespace());
                (match hanzi::frequency(c) {
                    x if x >= CJK_COMMON => FIT_SAME_SCRIPT,
                    x if x >= CJK_RARE => 0,
                    _ => FIT_RARE_CJK,
                }) + if lone { FIT_LONE_IDEOGRAPH } else { 0 }
            } else {
                i32::from(near(Family::EastAsian, prev, next))
            };
            Some(fit + if glued { FIT_GLUED } else { 0 })
        }
        _ if is_letter_family(f) && f != Family::Latin => Some(if near(f, prev, next) {
            FIT_SAME_SCRIPT
        } else if glued {
            FIT_GLUED
        } else if near(Family::Latin, prev, None) && near(Family::Latin, None, next)
            || near(Family::Latin, prev, next)
                && matches!(
                    f,
                    Family::Greek | Family::Cyrillic | Family::Armenian | Family::Georgian
                )
        {
            // Inside a Latin word (`IÍOÓUÚžinsk` → `Uڞinsk`), or a letter of another
            // alphabet of words between spaces glued to one (`OÓš` → `OӚ`): no text writes
            // that. (Korean glues its particles to Latin words: `MBC와`.)
            FIT_FOREIGN_IN_WORD
        } else {
            0
        }),
        _ => None,
    }
}

/// The combining marks that canonical decompositions of precomposed Latin, Greek and
/// Cyrillic letters use.
fn is_nfd_mark(c: char) -> bool {
    matches!(
        c,
        '\u{300}'..='\u{304}'
            | '\u{306}'..='\u{30C}'
            | '\u{30F}'
            | '\u{311}'
            | '\u{313}'
            | '\u{314}'
            | '\u{31B}'
            | '\u{323}'..='\u{328}'
            | '\u{32D}'
            | '\u{32E}'
            | '\u{330}'
            | '\u{331}'
            | '\u{342}'
            | '\u{345}'
    )
}

/// Fit of a Latin Extended-B letter no living orthography writes (see [`latin_fit`]): with
/// it a strong pair before a letter (6) ends below [`LATIN_ACCEPT`].
const FIT_RARE_LATIN: i32 = -2;

/// Latin Extended-B letters of living orthographies: ƒ, the hooked and open letters of
/// African alphabets (Ɓ Ɔ Ɗ Ǝ Ə Ɛ Ƙ ƙ Ƴ ƴ), Vietnamese Ơ ơ Ư ư, pinyin's tone letters
/// (Ǎ ǎ … ǜ). (Romanian ș ț are judged with Latin-1's letters.)
fn is_written_ext_b(c: char) -> bool {
    matches!(
        c,
        'ƒ' | 'Ɓ'
            | 'Ɔ'
            | 'Ɗ'
            | 'Ǝ'..='Ɛ'
            | 'Ƙ'
            | 'ƙ'
            | 'Ƴ'
            | 'ƴ'
            | 'Ơ'
            | 'ơ'
            | 'Ư'
            | 'ư'
            | '\u{1CD}'..='\u{1DC}'
    )
}

/// Merges adjacent accepted units into fixes and names their kind.
fn merge_latin(line: &str, accepted: Vec<Accepted>) -> Vec<MojibakeFix> {
    let mut fixes: Vec<(MojibakeFix, u8)> = Vec::new();
    for a in accepted {
        match fixes.last_mut() {
            Some((f, depth)) if f.range.end == a.range.start => {
                f.range.end = a.range.end;
                f.replacement.push(a.ch);
                *depth = (*depth).max(a.depth);
            }
            _ => fixes.push((
                MojibakeFix {
                    range: a.range,
                    kind: MojibakeKind::Utf8AsWindows1252,
                    replacement: a.ch.to_string(),
                    lost_chars: 0,
                },
                a.depth,
            )),
        }
    }
    fixes
        .into_iter()
        .map(|(mut f, depth)| {
            let original = &line[f.range.clone()];
            f.kind = if depth >= 2 {
                MojibakeKind::DoubleUtf8
            } else if original.chars().any(is_cp1252_special) {
                MojibakeKind::Utf8AsWindows1252
            } else if original
                .chars()
                .any(|c| is_c1(c) && !CP1252_UNDEFINED.contains(&c))
            {
                // windows-1252 decoders give C1 controls only for its five
                // undefined bytes; any other C1 control means Latin-1.
                MojibakeKind::Utf8AsLatin1
            } else {
                MojibakeKind::Utf8AsWindows1252
            };
            f
        })
        .collect()
}

// ---------------------------------------------------------------------------
// UTF-8 read as GBK
// ---------------------------------------------------------------------------

/// Thresholds for accepting a GBK run, in [`plausibility`] units (≈10 ×
/// Zipf for ideographs, so 60 is a common character, 20 a rare one).
#[derive(Debug, Clone, Copy)]
struct GbkTier {
    /// The repaired characters' mean must beat the damaged characters'
    /// mean by this much. Damaged Chinese averages ≈15 (mostly rare
    /// characters), repaired ≈55.
    min_mean_gain: i32,
    /// Mean gain × number of damaged characters: a lone improved character
    /// is weak evidence.
    min_total_gain: i32,
    /// The repaired characters' own mean: the result must read as text.
    min_new_mean: i32,
    /// Whether a run whose every character was lost (only U+FFFD comes
    /// out) may be repaired: it carries no evidence of its own, and may be
    /// a real character (鏈, Traditional 链, is also the GBK reading of
    /// the first two bytes of 月).
    allow_all_lost: bool,
}

/// Tier for a line with no other evidence of damage. The mean gain of 20
/// (two Zipf steps per character) is far below what real damage shows and
/// far above what accidental valid UTF-8 in clean GBK text reaches.
const GBK_STRICT: GbkTier = GbkTier {
    min_mean_gain: 20,
    min_total_gain: 60,
    min_new_mean: 40,
    allow_all_lost: false,
};

/// Tier for the other runs of a line that already had a strict repair.
const GBK_RELAXED: GbkTier = GbkTier {
    min_mean_gain: 10,
    min_total_gain: 20,
    min_new_mean: 30,
    allow_all_lost: true,
};

/// A decoded character at either end of a run scoring below this (≈ Zipf
/// 2) is dropped from the run: where damaged text meets clean GBK text, a
/// clean character's bytes may happen to be valid UTF-8 too (要 D2 AA →
/// `Ҫ`, 通 CD A8 → a combining mark), and that reading is nearly always
/// an isolated letter of another script or a rare character.
const GBK_EDGE_MIN: i32 = 20;

/// A decoded character at either end of a run must also beat the damaged
/// characters it replaces by this much (one Zipf step), or it is dropped:
/// where the run meets clean text, a clean character may read as a common
/// one too (路 C2 B7 → `·`, 学原 → `ѧԭ`), but never as a much better one.
const GBK_EDGE_GAIN: i32 = 10;

/// Plausibility of common CJK and full-width punctuation, which the
/// frequency table (built from words) does not know: like a frequent
/// character, as in byteshift.
const PUNCT_SCORE: i32 = 60;
/// Plausibility of ASCII, in text that mixes it with CJK.
const ASCII_SCORE: i32 = 50;
/// Plausibility of a letter next to letters of its script (kana, hangul,
/// Cyrillic, accented Latin).
const SCRIPT_SCORE: i32 = 45;
/// Plausibility of an isolated letter of another script: GBK damage is full
/// of lone kana, Greek and Cyrillic letters.
const LONE_SCRIPT_SCORE: i32 = 10;

/// Plausibility of `c` between `prev` and `next` in text that may be
/// Chinese, on the ≈10 × Zipf scale of [`hanzi::frequency`].
pub(super) fn plausibility(c: char, prev: Option<char>, next: Option<char>) -> i32 {
    if hanzi::is_ideograph(c) {
        return i32::from(hanzi::frequency(c));
    }
    let cp = u32::from(c);
    match cp {
        0x20..=0x7E => ASCII_SCORE,
        0x3000..=0x303F | 0xFF01..=0xFF5E | 0x2018..=0x201D | 0x2014 | 0x2026 | 0xB7 => PUNCT_SCORE,
        _ => {
            let f = family(c);
            if f == Family::Other
                || f == Family::EastAsian && !matches!(cp, 0x3040..=0x30FF)
                || f == Family::Hangul && !matches!(cp, 0xAC00..=0xD7A3)
            {
                0
            } else if prev.is_some_and(|p| same_script(p, c))
                || next.is_some_and(|n| same_script(n, c))
            {
                SCRIPT_SCORE
            } else {
                LONE_SCRIPT_SCORE
            }
        }
    }
}

/// Kana with kana, hangul with hangul, other families with themselves.
fn same_script(a: char, b: char) -> bool {
    let kana = |c: char| matches!(u32::from(c), 0x3040..=0x30FF);
    let hangul = |c: char| matches!(u32::from(c), 0xAC00..=0xD7A3);
    if kana(b) {
        return kana(a);
    }
    if hangul(b) {
        return hangul(a);
    }
    family(a) == family(b) && u32::from(a) > 0x7F
        || family(b) == Family::Latin && family(a) == Family::Latin
}

/// The other byte sequence the GBK decoder maps to the same character:
/// `€` is 0x80 or A2 E3, U+3000 is A1 A1 or A3 A0.
fn alternative_bytes(c: char) -> Option<&'static [u8]> {
    match c {
        '€' => Some(&[0xA2, 0xE3]),
        '\u{3000}' => Some(&[0xA3, 0xA0]),
        _ => None,
    }
}

/// Quick scan for a character whose GBK bytes are a 3- or 4-byte UTF-8 lead
/// and a continuation, followed by one whose GBK lead is a continuation,
/// `€` or U+FFFD: the start of any UTF-8 CJK (or emoji) text read as GBK.
/// Allocation-free. Clean GBK text rarely has it: such leads are in the rows
/// of rarer (level-2) characters and need a trail of 0xA1–0xBF.
fn has_gbk_candidate(line: &str) -> bool {
    if line.is_ascii() {
        return false;
    }
    let flags = GbkFlags::get();
    let mut prev_lead = false;
    for c in line.chars() {
        if c.is_ascii() {
            prev_lead = false;
            continue;
        }
        let f = flags.of(c);
        if prev_lead && (c == '\u{FFFD}' || c == '€' || f & GbkFlags::CONT_LEAD != 0) {
            return true;
        }
        prev_lead = f & GbkFlags::UTF8_LEAD != 0;
    }
    false
}

/// One byte of a re-encoded GBK run: known, or lost (U+FFFD / `?`), with
/// the index of the line character it came from.
#[derive(Debug, Clone, Copy)]
struct RunByte {
    byte: Option<u8>,
    owner: usize,
}

/// A UTF-8 character decoded from `bytes` of the stream; `ch` None when
/// its last byte was lost.
#[derive(Debug, Clone)]
struct Decoded {
    bytes: Range<usize>,
    ch: Option<char>,
}

fn gbk_fixes(line: &str) -> Vec<MojibakeFix> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut candidates = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let is_member = |c: char| c == '\u{FFFD}' || c == '€' || gbk_pair(c).is_some();
        if !is_member(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_member(chars[i].1) {
            i += 1;
        }
        // A `?` right after the run may stand for the lost last byte.
        let end = if chars.get(i).is_some_and(|&(_, c)| c == '?') {
            i + 1
        } else {
            i
        };
        gbk_segment(&chars, start..end, &mut candidates);
    }
    let strict: Vec<&GbkCandidate> = candidates
        .iter()
        .filter(|c| c.accepted_by(GBK_STRICT))
        .collect();
    if strict.is_empty() {
        return Vec::new();
    }
    candidates
        .into_iter()
        .filter(|c| c.accepted_by(GBK_RELAXED))
        .map(|c| {
            let end = chars.get(c.chars.end).map_or(line.len(), |&(b, _)| b);
            MojibakeFix {
                range: chars[c.chars.start].0..end,
                kind: MojibakeKind::Utf8AsGbk,
                replacement: c.replacement,
                lost_chars: c.lost,
            }
        })
        .collect()
}

/// A run of damaged characters and its UTF-8 reading, with the scores the
/// tiers compare.
struct GbkCandidate {
    /// Indexes of the damaged characters in the line.
    chars: Range<usize>,
    replacement: String,
    lost: usize,
    /// Rebuilt characters (excluding lost ones).
    known: usize,
    orig_mean: i32,
    new_mean: i32,
}

impl GbkCandidate {
    fn accepted_by(&self, tier: GbkTier) -> bool {
        if self.known == 0 {
            // One damaged character (a 3-byte lead and one continuation by
            // construction) and its placeholder: only where the line is
            // known to be damaged.
            return tier.allow_all_lost;
        }
        let gain = self.new_mean - self.orig_mean;
        let n = i32::try_from(self.chars.len()).unwrap_or(i32::MAX);
        gain >= tier.min_mean_gain
            && gain.saturating_mul(n) >= tier.min_total_gain
            && self.new_mean >= tier.min_new_mean
    }
}

/// Re-encodes the line characters `seg` to GBK, decodes the bytes as UTF-8
/// and pushes every aligned run of valid characters as a candidate.
fn gbk_segment(chars: &[(usize, char)], seg: Range<usize>, out: &mut Vec<GbkCandidate>) {
    let mut choice: Vec<bool> = vec![false; seg.len()];
    let mut stream = gbk_stream(chars, seg.clone(), &choice);
    let mut decoded = decode_utf8_stream(&stream);
    // Duplicated codes (€, U+3000): keep the alternative bytes where they
    // decode more of the run. Rare, so one greedy pass suffices.
    let ambiguous: Vec<usize> = seg
        .clone()
        .filter(|&i| alternative_bytes(chars[i].1).is_some())
        .take(16)
        .collect();
    for i in ambiguous {
        choice[i - seg.start] = true;
        let alt_stream = gbk_stream(chars, seg.clone(), &choice);
        let alt = decode_utf8_stream(&alt_stream);
        if valid_bytes(&alt) > valid_bytes(&decoded) {
            stream = alt_stream;
            decoded = alt;
        } else {
            choice[i - seg.start] = false;
        }
    }
    // Stream index of each owner's first and last byte.
    let first_of = |owner: usize, pos: usize| pos == 0 || stream[pos - 1].owner != owner;
    let last_of =
        |owner: usize, pos: usize| pos + 1 == stream.len() || stream[pos + 1].owner != owner;
    let mut k = 0;
    while k < decoded.len() {
        if decoded[k].is_none() {
            k += 1;
            continue;
        }
        let start = k;
        while k < decoded.len() && decoded[k].is_some() {
            k += 1;
        }
        let mut run: &[Option<Decoded>] = &decoded[start..k];
        loop {
            // Trim to character boundaries of the damaged text.
            while let Some(Some(d)) = run.first() {
                if first_of(stream[d.bytes.start].owner, d.bytes.start) {
                    break;
                }
                run = &run[1..];
            }
            while let Some(Some(d)) = run.last() {
                if last_of(stream[d.bytes.end - 1].owner, d.bytes.end - 1) {
                    break;
                }
                run = &run[..run.len() - 1];
            }
            // Drop implausible readings at the ends (see GBK_EDGE_MIN).
            let ch = |i: usize| run.get(i).and_then(|d| d.as_ref()).and_then(|d| d.ch);
            let weak_edge = |i: usize, prev: Option<char>, next: Option<char>| {
                let Some(Some(d)) = run.get(i) else {
                    return false;
                };
                let Some(c) = d.ch else {
                    return false;
                };
                let owners = stream[d.bytes.start].owner..=stream[d.bytes.end - 1].owner;
                let new = plausibility(c, prev, next);
                new < GBK_EDGE_MIN
                    || original_mean(chars, owners).is_some_and(|old| new < old + GBK_EDGE_GAIN)
            };
            let n = run.len();
            if n > 0 && weak_edge(n - 1, n.checked_sub(2).and_then(ch), None) {
                run = &run[..n - 1];
            } else if n > 0 && weak_edge(0, None, ch(1)) {
                run = &run[1..];
            } else {
                break;
            }
        }
        let (Some(Some(first)), Some(Some(last))) = (run.first(), run.last()) else {
            continue;
        };
        let owners = stream[first.bytes.start].owner..stream[last.bytes.end - 1].owner + 1;
        let new: Vec<Option<char>> = run.iter().flatten().map(|d| d.ch).collect();
        if let Some(c) = score_candidate(chars, owners, &new) {
            out.push(c);
        }
    }
}

/// Mean plausibility of the line characters `owners` (placeholders for lost
/// bytes excluded), None when there is nothing to score.
fn original_mean(chars: &[(usize, char)], owners: std::ops::RangeInclusive<usize>) -> Option<i32> {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let (mut sum, mut n) = (0, 0);
    for i in owners {
        let c = chars[i].1;
        if matches!(c, '?' | '\u{FFFD}') {
            continue;
        }
        sum += plausibility(c, i.checked_sub(1).and_then(at), at(i + 1));
        n += 1;
    }
    (n > 0).then(|| sum / n)
}

/// GBK bytes of the line characters `seg`; `alt[i]` picks the alternative
/// code of an ambiguous character.
fn gbk_stream(chars: &[(usize, char)], seg: Range<usize>, alt: &[bool]) -> Vec<RunByte> {
    let mut stream = Vec::with_capacity(seg.len() * 2);
    for (k, owner) in seg.enumerate() {
        let c = chars[owner].1;
        let mut push = |byte| stream.push(RunByte { byte, owner });
        if alt[k] {
            if let Some(bytes) = alternative_bytes(c) {
                bytes.iter().for_each(|&b| push(Some(b)));
                continue;
            }
        }
        match c {
            '\u{FFFD}' | '?' => push(None),
            '€' => push(Some(0x80)),
            _ => {
                if let Some([a, b]) = gbk_pair(c) {
                    push(Some(a));
                    push(Some(b));
                }
            }
        }
    }
    stream
}

fn valid_bytes(decoded: &[Option<Decoded>]) -> usize {
    decoded.iter().flatten().map(|d| d.bytes.len()).sum()
}

/// Decodes a byte stream with lost bytes as UTF-8: one entry per decoded
/// character, None per byte that starts no valid character. A lost byte is
/// accepted only as the last byte of a character, where GBK decoding loses
/// them.
fn decode_utf8_stream(stream: &[RunByte]) -> Vec<Option<Decoded>> {
    let mut out = Vec::with_capacity(stream.len());
    let mut p = 0;
    while p < stream.len() {
        match decode_one(stream, p) {
            Some(d) => {
                p = d.bytes.end;
                out.push(Some(d));
            }
            None => {
                p += 1;
                out.push(None);
            }
        }
    }
    out
}

fn decode_one(stream: &[RunByte], p: usize) -> Option<Decoded> {
    let lead = stream[p].byte?;
    let n = utf8_len(lead)?;
    if p + n > stream.len() {
        return None;
    }
    let mut buf = [lead, 0, 0, 0];
    let mut lost = false;
    for k in 1..n {
        match stream[p + k].byte {
            Some(b) if is_cont(b) => buf[k] = b,
            None if k == n - 1 => lost = true,
            _ => return None,
        }
    }
    let ch = if lost {
        // The character existed if some last byte makes it valid (rules
        // out overlong and surrogate prefixes).
        let valid = [0x80u8, 0xBF].iter().any(|&b| {
            buf[n - 1] = b;
            std::str::from_utf8(&buf[..n]).is_ok()
        });
        if !valid {
            return None;
        }
        None
    } else {
        let c = std::str::from_utf8(&buf[..n]).ok()?.chars().next()?;
        // Control characters are not text: an accidental decoding.
        if c.is_control() {
            return None;
        }
        Some(c)
    };
    Some(Decoded {
        bytes: p..p + n,
        ch,
    })
}

/// Scores the damaged characters `owners` against their UTF-8 reading.
fn score_candidate(
    chars: &[(usize, char)],
    owners: Range<usize>,
    new: &[Option<char>],
) -> Option<GbkCandidate> {
    let at = |i: usize| chars.get(i).map(|&(_, c)| c);
    let before = owners.start.checked_sub(1).and_then(at);
    let after = at(owners.end);
    // Placeholders for lost bytes are no evidence either way.
    let (mut orig_sum, mut orig_n) = (0, 0);
    for i in owners.clone() {
        if matches!(chars[i].1, '?' | '\u{FFFD}') {
            continue;
        }
        let prev = if i == owners.start { before } else { at(i - 1) };
        orig_sum += plausibility(chars[i].1, prev, at(i + 1));
        orig_n += 1;
    }
    let (mut new_sum, mut known, mut lost) = (0, 0usize, 0usize);
    let mut replacement = String::new();
    for (k, &c) in new.iter().enumerate() {
        let Some(c) = c else {
            lost += 1;
            replacement.push('\u{FFFD}');
            continue;
        };
        let prev = if k == 0 { before } else { new[k - 1] };
        let next = new.get(k + 1).copied().unwrap_or(after);
        new_sum += plausibility(c, prev, next);
        known += 1;
        replacement.push(c);
    }
    let n_orig = orig_n.max(1);
    // Nothing to repair when the reading is the text itself (impossible for
    // double-byte characters, but cheap to rule out).
    if replacement.chars().eq(owners.clone().map(|i| chars[i].1)) {
        return None;
    }
    Some(GbkCandidate {
        chars: owners,
        replacement,
        lost,
        known,
        orig_mean: orig_sum / n_orig,
        new_mean: if known == 0 {
            0
        } else {
            new_sum / i32::try_from(known).ok()?
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::GBK;

    fn fixed(line: &str) -> String {
        repair_line(line).map_or_else(|| line.to_string(), |(s, _)| s)
    }

    #[test]
    fn windows_1252_examples() {
        assert_eq!(fixed("cafÃ© au lait"), "café au lait");
        assert_eq!(fixed("donâ€™t"), "don’t");
        assert_eq!(fixed("æ—¥æœ¬"), "日本");
        assert_eq!(fixed("ä¸\u{AD}æ–‡"), "中文");
        let (_, fixes) = repair_line("donâ€™t").unwrap();
        assert_eq!(fixes[0].kind, MojibakeKind::Utf8AsWindows1252);
        assert_eq!(fixes[0].range, 3..3 + "â€™".len());
    }

    #[test]
    fn latin1_c1_variant() {
        let (out, fixes) = repair_line("ã\u{81}“ã\u{82}“ã\u{81}«ã\u{81}¡ã\u{81}¯").unwrap();
        assert_eq!(out, "こんにちは");
        assert_eq!(fixes[0].kind, MojibakeKind::Utf8AsWindows1252);
        let (out, fixes) = repair_line("caf\u{c3}\u{a9} ã\u{81}\u{93}").unwrap();
        assert_eq!(out, "café こ");
        assert_eq!(fixes[1].kind, MojibakeKind::Utf8AsLatin1);
    }

    #[test]
    fn double_encoding() {
        let (out, fixes) = repair_line("cafÃƒÂ© and donÃ¢â‚¬â„¢t").unwrap();
        assert_eq!(out, "café and don’t");
        assert!(fixes.iter().all(|f| f.kind == MojibakeKind::DoubleUtf8));
    }

    #[test]
    fn gbk_example() {
        let (out, fixes) = repair_line("鍦帮紝鏆傛湭").unwrap();
        assert_eq!(out, "地，暂未");
        assert_eq!(fixes[0].kind, MojibakeKind::Utf8AsGbk);
        assert_eq!(fixes[0].lost_chars, 0);
    }

    #[test]
    fn gbk_lost_byte_becomes_replacement() {
        // Nine bytes then a space: 字 lost its last byte, and so did the
        // final 中 (3 bytes before the end of the line).
        let (damaged, _, _) = GBK.decode("中文字 中".as_bytes());
        assert!(damaged.ends_with("瀛\u{FFFD} 涓\u{FFFD}"), "{damaged}");
        let (out, fixes) = repair_line(&damaged).expect("damage must be found");
        assert_eq!(out, "中文\u{FFFD} \u{FFFD}");
        assert_eq!(fixes.iter().map(|f| f.lost_chars).sum::<usize>(), 2);
        // The same with `?` written for U+FFFD.
        let (out, _) =
            repair_line(&damaged.replace('\u{FFFD}', "?")).expect("damage must be found");
        assert_eq!(out, "中文\u{FFFD} \u{FFFD}");
    }

    #[test]
    fn clean_text_untouched() {
        for s in [
            "São Paulo",
            "INFORMAÇÃO",
            "Ça va? Très bien, à bientôt.",
            "CAFÉ”",
            "ESPAÑA…",
            "Fuß“",
            "café »",
            "中文",
            "",
        ] {
            assert_eq!(repair_line(s), None, "{s:?}");
        }
    }
}
