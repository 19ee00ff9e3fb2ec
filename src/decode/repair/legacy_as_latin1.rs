//! Repair of legacy CJK text (GBK, GB18030, Big5, Shift_JIS, EUC-KR) that was decoded as
//! windows-1252 or Latin-1 upstream: `ÖÐ¹ú` for 中国, `¡¡¡¡` for two full-width spaces,
//! `ƒRƒ“ƒsƒ…[ƒ^` for コンピュータ. The commonest mojibake of Chinese pages.
//!
//! # The damage
//! Every byte of a double-byte character became one character: bytes 0xA0–0xFF the Latin-1
//! letters and symbols, 0x80–0x9F windows-1252's `€‚ƒ„…` or C1 controls (Latin-1, and the
//! five bytes windows-1252 leaves undefined under WHATWG decoders). Other decoders treat those
//! five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) as errors: they write U+FFFD or `?` for them
//! (the byte is unknown, but it is one of five) or drop them. Trail bytes 0x40–0x7E stay
//! ASCII letters and punctuation. Nothing else is lost, so the text comes back exactly.
//!
//! # The repair
//! 1. **Pre-filter** ([`has_candidate`]): a byte scan for the UTF-8 leads of Latin-1 and
//!    windows-1252 characters, then two such characters side by side. Clean CJK text and
//!    most Latin text stop here.
//! 2. **Islands.** Each character maps back to its byte (U+FFFD and a `?` next to one stand
//!    for an unknown byte); every candidate encoding pairs the bytes into characters, and the
//!    runs of non-ASCII characters ("islands") are judged one by one: the CJK reading must be
//!    valid and far more plausible (common ideographs and pairs of them, kana or hangul among
//!    their kind, CJK punctuation) than real text of any Latin language could be by chance,
//!    and the Latin reading must be implausible ([`latin_oddness`]: symbols glued to
//!    letters, C1 controls, an upper-case letter after a lower-case one, three non-ASCII
//!    letters in a row). An unknown byte takes the undefined value that reads best.
//! 3. **One encoding per line**: the one whose accepted islands score highest. Once a line
//!    has a convincing island, its other islands need less (one character, no Latin check).
//!
//! Clean Latin text must never change: `BÖÐVAR` (Icelandic) has no odd shape, a lone `«Ç`
//! decodes to one character, and `©®` decodes to symbols.

use crate::text::chars::is_hangul;
use std::ops::Range;

use encoding_rs::{Encoding, BIG5, EUC_KR, GB18030, SHIFT_JIS};

use super::mojibake::{latin_byte, plausibility, MojibakeFix, MojibakeKind};
use crate::hanzi;

/// Encodings tried, in order of preference on a tie: GB18030 covers GBK and GB2312.
const CANDIDATES: [&Encoding; 4] = [GB18030, BIG5, SHIFT_JIS, EUC_KR];

/// The bytes windows-1252 leaves undefined: what an unknown byte (U+FFFD or `?` written by
/// a strict windows-1252 decoder) must have been.
const UNDEFINED_1252: [u8; 5] = [0x81, 0x8D, 0x8F, 0x90, 0x9D];

/// Preference for 0x81 when an unknown lead byte is guessed: it leads Shift_JIS's punctuation
/// row (`、。` are 81 41, 81 42), by far the commonest of the five in any of the encodings,
/// so another value must read clearly better (a common kanji is not enough by itself).
const PRIOR_81: i32 = 15;

/// UTF-8 lead bytes of every Latin-1 character from U+0080 (C2, C3) and of windows-1252's
/// extra characters (`Œœ Šš Ÿ Žž` C5, `ƒ` C6, `ˆ˜` CB). Damage always leaves some; the other
/// windows-1252 characters (E2: `‚„…†‡‰‹‘’“”•–—™›`) are also common in clean CJK text.
fn is_latin_lead(b: u8) -> bool {
    matches!(b, 0xC2 | 0xC3 | 0xC5 | 0xC6 | 0xCB)
}

/// Convincing islands must hold at least this many decoded characters in all for a line to be
/// repaired; a single character (`ÖÐ` in `BÖÐVAR`) is too easily real text.
const STRICT_MIN_CHARS: usize = 2;
/// Mean plausibility (≈10 × Zipf for ideographs) an island's CJK reading needs on its own.
/// Real GBK, Big5, Shift_JIS and EUC-KR text reads at 50–65; a Latin word's bytes paired by
/// chance give rare characters, symbols and private-use characters (0–30).
const STRICT_MEAN: i32 = 42;
/// Mean plausibility a one-character island made of Latin-1 symbols only (`¡·` for 》)
/// needs to stand alone: CJK punctuation and the most common characters; pairs of symbols in
/// real text (`©®`, `«»`, `°±`) decode to rarer ones, box drawing or private use.
const SYMBOLS_MEAN: i32 = 55;
/// Mean plausibility for the other islands of a line that has convincing ones (those whose
/// Latin reading is odd need only be valid: `¨Ï` is ⓒ in EUC-KR): any valid reading that
/// is text (a lone kana between ASCII words, `iPhone‚Ì` for iPhoneの, scores
/// only as an isolated letter; so does `ÀÌ` 이 cut off at the end of a line).
const RELAXED_MEAN: i32 = 10;
/// Bonus for an ideograph that forms a known word pair with a neighbour, and penalty for one
/// that forms none: most characters of Chinese text are in such pairs (the others are the
/// very common single-character words, 的 是 在), random common characters almost never.
/// It keeps the GBK reading of EUC-KR bytes (common hanzi, no words) below the hangul one.
const WORD_BONUS: i32 = 10;

/// Most plausibility a kanji outside JIS X 0208 level 1 gets in a Shift_JIS reading: that of
/// a rare character (≈ Zipf 2), whatever its frequency in Chinese.
const RARE_KANJI: i32 = 20;

/// One character of the line and the byte a Latin decoder made it from.
#[derive(Debug, Clone, Copy)]
struct Unit {
    /// Byte range of the character in the line.
    start: usize,
    end: usize,
    ch: char,
    byte: Byte,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Byte {
    /// The byte, known.
    Known(u8),
    /// One of [`UNDEFINED_1252`], written as U+FFFD or `?`.
    Unknown,
    /// Not a byte a Latin decoder produces (an ideograph, a Vietnamese letter): ends islands.
    Break,
}

/// One character of a reading: the units it covers and what they decode to.
#[derive(Debug, Clone)]
struct Token {
    units: Range<usize>,
    /// None: the units decode to nothing valid (lost when they hold an unknown byte).
    ch: Option<char>,
}

/// Quick scan: a Latin-1 or windows-1252 character next to another one (or next to U+FFFD),
/// no-break spaces aside.
/// Allocation-free; clean CJK text has no such characters at all, and clean Latin text rarely
/// has two in a row.
pub fn has_candidate(line: &str) -> bool {
    if !line.bytes().any(is_latin_lead) {
        return false;
    }
    let (mut prev_high, mut prev_evidence) = (false, false);
    for c in line.chars() {
        // No-break spaces come in runs on clean pages (`&nbsp;&nbsp;`): not evidence here.
        let high = c == '\u{FFFD}' || (c != '\u{A0}' && latin_byte(c).is_some_and(|b| b >= 0x80));
        // Neither are pairs of windows-1252 punctuation (`——`, `”“`, `……` in Chinese text).
        let evidence = high && !is_cjk_punctuation(c);
        if high && prev_high && (evidence || prev_evidence) {
            return true;
        }
        (prev_high, prev_evidence) = (high, evidence);
    }
    false
}

/// Repairs legacy CJK text read as windows-1252/Latin-1 in one line; None when the line
/// needs nothing.
pub fn repair_line(line: &str) -> Option<(String, Vec<MojibakeFix>)> {
    if !has_candidate(line) || line.chars().any(is_foreign_letter) {
        return None;
    }
    let units = units(line);
    // (A strict windows-1252 decoder that dropped undefined bytes shifted every pair after
    // them; putting a byte back where it repairs most was tried and rejected: on the
    // fixtures it filled lines with invented characters as often as it repaired them.)
    let fixes = best_reading(&units)?.fixes;
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

/// A letter no windows-1252 or Latin-1 decoder writes, and no page mixes into such damage:
/// Greek, Cyrillic, hangul, kana, Devanagari, Latin letters outside Latin-1 (`ı`, `ạ`). A
/// line holding one was not decoded as windows-1252, so its Latin-1 characters are text
/// (`σ£¢`, `동ÅÍÎÏ`, `doxsanı£¢` were "repaired" by the spliced clean-text property).
/// Ideographs are allowed: a Chinese page quoting mojibake, or a title decoded apart.
///
/// Letters NFKC turns into Latin-1 ones (`ℯ`, `ｅ`, `𝔢`) are not foreign: the line is judged
/// again after normalisation, where they are plain letters, and both passes must agree
/// (idempotence; `props.rs` found `�¬ℯ`).
fn is_foreign_letter(c: char) -> bool {
    use unicode_normalization::UnicodeNormalization;
    c.is_alphabetic()
        && latin_byte(c).is_none()
        && !hanzi::is_ideograph(c)
        && !std::iter::once(c)
            .nfkc()
            .all(|d| latin_byte(d).is_some() || hanzi::is_ideograph(d))
}

/// The best encoding's reading of a line.
struct Reading {
    score: i64,
    fixes: Vec<MojibakeFix>,
}

fn best_reading(units: &[Unit]) -> Option<Reading> {
    let signed_words = signed_words(units);
    let mut best: Option<Reading> = None;
    for enc in CANDIDATES {
        if let Some(r) = fixes_for(units, &signed_words, enc) {
            if best.as_ref().is_none_or(|b| r.score > b.score) {
                best = Some(r);
            }
        }
    }
    best
}

/// For each unit outside white space, whether its word (the units between white space)
/// holds a [foreign sign](is_foreign_sign); false for white space. One pass each way, so a
/// long line without spaces costs no more than a short one (issue 16).
fn signed_words(units: &[Unit]) -> Vec<bool> {
    let mut out = vec![false; units.len()];
    let mut start = 0;
    while start < units.len() {
        if units[start].ch.is_whitespace() {
            start += 1;
            continue;
        }
        let end = units[start..]
            .iter()
            .position(|u| u.ch.is_whitespace())
            .map_or(units.len(), |n| start + n);
        if units[start..end].iter().any(|u| is_foreign_sign(u.ch)) {
            out[start..end].fill(true);
        }
        start = end;
    }
    out
}

/// windows-1252 punctuation outside Latin-1 that clean CJK text uses (dashes, quotes,
/// ellipsis, bullet, dagger, per mille, angle quotes, euro, trade mark).
pub(super) fn is_cjk_punctuation(c: char) -> bool {
    matches!(
        c,
        '‚' | '„'
            | '…'
            | '†'
            | '‡'
            | '‰'
            | '‹'
            | '‘'
            | '’'
            | '“'
            | '”'
            | '•'
            | '–'
            | '—'
            | '™'
            | '›'
            | '€'
    )
}

/// The line's characters with their bytes.
fn units(line: &str) -> Vec<Unit> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let high = |i: usize| {
        chars
            .get(i)
            .is_some_and(|&(_, c)| c == '\u{FFFD}' || latin_byte(c).is_some_and(|b| b >= 0x80))
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, &(start, ch))| {
            let byte = match ch {
                '\u{FFFD}' => Byte::Unknown,
                // A `?` inside damage may stand for an undefined byte; elsewhere it is text.
                // (`¿Qué?` is text: a space or the end follows.)
                '?' if (i.checked_sub(1).is_some_and(high)
                    && chars.get(i + 1).is_some_and(|&(_, c)| !c.is_whitespace()))
                    || (high(i + 1) && (i == 0 || high(i - 1))) =>
                {
                    Byte::Unknown
                }
                _ => latin_byte(ch).map_or(Byte::Break, Byte::Known),
            };
            Unit {
                start,
                end: start + ch.len_utf8(),
                ch,
                byte,
            }
        })
        .collect()
}

/// The accepted islands of the line read with `enc`, and their total score; None when no
/// island is convincing on its own.
fn fixes_for(units: &[Unit], signed_words: &[bool], enc: &'static Encoding) -> Option<Reading> {
    let tokens = read_as(units, enc);
    let islands = islands(units, &tokens);
    let judged: Vec<Judged> = islands
        .iter()
        .map(|r| {
            judge(
                units,
                signed_words,
                &tokens[r.clone()],
                r.start.checked_sub(1).map(|i| &tokens[i]),
                enc,
            )
        })
        .collect();
    // Damage covers the line: its convincing islands together must hold enough characters
    // (`2022¦~3¤ë19¤é` is three one-character islands, 年 月 日 in Big5).
    let convincing: usize = judged.iter().filter(|j| j.strict).map(|j| j.evidence).sum();
    if convincing < STRICT_MIN_CHARS
        && !judged
            .iter()
            .any(|j| j.strict && j.symbols_only && j.odd == Oddness::Strong)
    {
        return None;
    }
    let mut score = 0i64;
    let mut fixes = Vec::new();
    for (r, j) in islands.iter().zip(&judged) {
        if !j.relaxed {
            continue;
        }
        score += j.total;
        let toks = &tokens[r.clone()];
        let (first, last) = (
            &units[toks[0].units.start],
            &units[toks[toks.len() - 1].units.end - 1],
        );
        let mut replacement = String::new();
        let mut lost = 0;
        for t in toks {
            match t.ch {
                Some(c) => replacement.push(c),
                None => {
                    lost += 1;
                    replacement.push('\u{FFFD}');
                }
            }
        }
        fixes.push(MojibakeFix {
            range: first.start..last.end,
            kind: MojibakeKind::CjkAsLatin1(enc),
            replacement,
            lost_chars: lost,
        });
    }
    Some(Reading { score, fixes })
}

/// Pairs the units' bytes into characters of `enc`, left to right.
fn read_as(units: &[Unit], enc: &'static Encoding) -> Vec<Token> {
    let mut tokens = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let t = match units[i].byte {
            Byte::Break => Token {
                units: i..i + 1,
                ch: Some(units[i].ch),
            },
            Byte::Known(b) if b < 0x80 => Token {
                units: i..i + 1,
                ch: Some(char::from(b)),
            },
            _ => read_char(units, i, enc, tokens.last().and_then(|t: &Token| t.ch)),
        };
        i = t.units.end;
        tokens.push(t);
    }
    tokens
}

/// The possible values of a unit's byte.
fn values(u: &Unit) -> &[u8] {
    match &u.byte {
        Byte::Known(b) => std::slice::from_ref(b),
        Byte::Unknown => &UNDEFINED_1252,
        Byte::Break => &[],
    }
}

/// The character starting at unit `i` (a non-ASCII byte): the best-reading choice of
/// unknown bytes, one unit of garbage when nothing decodes.
fn read_char(units: &[Unit], i: usize, enc: &'static Encoding, prev: Option<char>) -> Token {
    let mut best: Option<(i32, Token)> = None;
    let mut consider = |n: usize, ch: char, guessed_81: bool| {
        let in_word = prev.is_some_and(|p| hanzi::bigram(p, ch) > 0);
        let p = plausibility(ch, prev, None)
            + if guessed_81 { PRIOR_81 } else { 0 }
            + if in_word { 2 * WORD_BONUS } else { 0 };
        if best.as_ref().is_none_or(|(q, _)| p > *q) {
            best = Some((
                p,
                Token {
                    units: i..i + n,
                    ch: Some(ch),
                },
            ));
        }
    };
    for &lead in values(&units[i]) {
        if enc == SHIFT_JIS && matches!(lead, 0xA1..=0xDF) {
            // Half-width katakana: one byte.
            if let Some(c) = decode(enc, &[lead]) {
                consider(1, c, false);
            }
            continue;
        }
        let Some(second) = units.get(i + 1) else {
            continue;
        };
        for &trail in values(second) {
            if enc == GB18030 && trail.is_ascii_digit() {
                // Four-byte GB18030: lead, digit, lead, digit.
                if let (Some(u3), Some(u4)) = (units.get(i + 2), units.get(i + 3)) {
                    for &b3 in values(u3) {
                        for &b4 in values(u4) {
                            if let Some(c) = decode(enc, &[lead, trail, b3, b4]) {
                                consider(4, c, false);
                            }
                        }
                    }
                }
                continue;
            }
            // encoding_rs reads EUC-KR as windows-949, whose extension rows pair almost any
            // two bytes into rare hangul; real EUC-KR text keeps to 0xA1–0xFE.
            if enc == EUC_KR && (lead < 0xA1 || trail < 0xA1) {
                continue;
            }
            if let Some(c) = decode(enc, &[lead, trail]) {
                let guessed_81 = lead == 0x81 && units[i].byte == Byte::Unknown;
                consider(2, c, guessed_81);
            }
        }
    }
    match best {
        // A character made of unknown bytes alone is a pure guess: lost.
        Some((_, t)) if t.units.clone().any(|u| units[u].byte != Byte::Unknown) => t,
        _ => Token {
            units: i..i + 1,
            ch: None,
        },
    }
}

/// The one character `bytes` decode to with `enc`, if they are exactly one valid character.
fn decode(enc: &'static Encoding, bytes: &[u8]) -> Option<char> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut buf = [0u8; 8];
    let (res, read, written) = decoder.decode_to_utf8_without_replacement(bytes, &mut buf, true);
    if res != encoding_rs::DecoderResult::InputEmpty || read != bytes.len() {
        return None;
    }
    let s = std::str::from_utf8(&buf[..written]).ok()?;
    let mut it = s.chars();
    match (it.next(), it.next()) {
        (Some(c), None) if !c.is_ascii() && !c.is_control() => Some(c),
        _ => None,
    }
}

/// Runs of tokens that cover a non-ASCII byte (known or unknown), as token index ranges.
fn islands(units: &[Unit], tokens: &[Token]) -> Vec<Range<usize>> {
    let high = |t: &Token| {
        t.units.clone().any(|u| {
            matches!(units[u].byte, Byte::Known(b) if b >= 0x80) || units[u].byte == Byte::Unknown
        })
    };
    let mut out = Vec::new();
    let mut k = 0;
    while k < tokens.len() {
        if !high(&tokens[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < tokens.len() && high(&tokens[k]) {
            k += 1;
        }
        out.push(start..k);
    }
    out
}

/// What an island's CJK reading is worth.
struct Judged {
    /// Convincing on its own.
    strict: bool,
    /// Good enough in a line that has a convincing island.
    relaxed: bool,
    /// Plausibility summed over the decoded characters.
    total: i64,
    /// Characters decoded (not lost) without an unknown byte: the island's evidence.
    evidence: usize,
    /// The Latin reading has no letter at all (`¡·` for 》), and the CJK reading is common.
    symbols_only: bool,
    /// How odd the Latin reading is: a symbols-only island stands alone only when no text
    /// puts those symbols side by side (`¡·` never; `£¢` in a list of currency signs).
    odd: Oddness,
}

fn judge(
    units: &[Unit],
    signed_words: &[bool],
    toks: &[Token],
    before: Option<&Token>,
    enc: &'static Encoding,
) -> Judged {
    let reject = Judged {
        strict: false,
        relaxed: false,
        total: 0,
        evidence: 0,
        symbols_only: false,
        odd: Oddness::None,
    };
    // A non-ASCII byte that pairs with nothing: not this encoding (unknown bytes are lost).
    let garbage = toks
        .iter()
        .any(|t| t.ch.is_none() && !t.units.clone().any(|u| units[u].byte == Byte::Unknown));
    if garbage {
        return reject;
    }
    // Placeholders alone (`��`) are no evidence of any encoding.
    if !toks
        .iter()
        .flat_map(|t| t.units.clone())
        .any(|u| matches!(units[u].byte, Byte::Known(b) if b >= 0x80))
    {
        return reject;
    }
    let chars: Vec<Option<char>> = toks.iter().map(|t| t.ch).collect();
    let (mut total, mut known, mut evidence) = (0i64, 0usize, 0usize);
    for (k, c) in chars.iter().enumerate() {
        let Some(c) = *c else { continue };
        // A character read through an unknown byte was chosen among five for reading well:
        // it counts towards the island's mean, but is no evidence on its own
        // (`An\u{FFFD}drá` would be 重〉 in Shift_JIS).
        if !toks[k]
            .units
            .clone()
            .any(|u| units[u].byte == Byte::Unknown)
        {
            evidence += 1;
        }
        let prev = if k == 0 {
            before.and_then(|t| t.ch)
        } else {
            chars[k - 1]
        };
        let next = chars.get(k + 1).copied().flatten();
        let mut p = plausibility(c, prev, next);
        if is_hangul(c) && (prev.is_some_and(is_hangul) || next.is_some_and(is_hangul)) {
            // Only the 2 350 common syllables of KS X 1001 get here (see `read_char`): as
            // good evidence as an ideograph in a word.
            p += WORD_BONUS;
        } else if hanzi::is_ideograph(c) {
            let in_word = prev.is_some_and(|p| hanzi::bigram(p, c) > 0)
                || next.is_some_and(|n| hanzi::bigram(c, n) > 0);
            p += if in_word { WORD_BONUS } else { -WORD_BONUS };
            // Read as Japanese, a kanji outside JIS level 1 is rare whatever its Chinese
            // frequency (`ˆøšd` is Shift_JIS 引單: 單 is a level-2 kanji).
            if enc == SHIFT_JIS && !super::plausible::is_common_kanji(c) {
                p = p.min(RARE_KANJI);
            }
        }
        total += i64::from(p);
        known += 1;
    }
    let all_lost = known == 0;
    let mean = if all_lost {
        0
    } else {
        total / i64::try_from(known).unwrap_or(i64::MAX)
    };
    let original: Vec<char> = toks
        .iter()
        .flat_map(|t| t.units.clone())
        .map(|u| units[u].ch)
        .collect();
    let before_char = toks
        .first()
        .and_then(|t| t.units.start.checked_sub(1))
        .map(|u| units[u].ch)
        // An ideograph before the island is no Latin letter the symbols are glued to
        // (`中£¢` in a list of currencies).
        .filter(|&c| latin_byte(c).is_some());
    // A sign no windows-1252 decoder writes in the island's word (`£¢∞`, `š™£¢∞`,
    // `Armè¶•ªº–≠`: a list of keyboard symbols, no space between) puts it among signs typed
    // as text: its shape is no evidence.
    let first = toks.first().map_or(0, |t| t.units.start);
    let end = toks.last().map_or(first, |t| t.units.end);
    let in_sign_list = first
        .checked_sub(1)
        .is_some_and(|u| signed_words.get(u) == Some(&true))
        || signed_words.get(end) == Some(&true);
    let odd = if in_sign_list {
        Oddness::None
    } else {
        let after = units.get(end).map(|u| u.ch);
        latin_oddness(&original, before_char, after)
    };
    let symbols_only = original.iter().all(|c| c.is_ascii() || !c.is_alphabetic())
        && mean >= i64::from(SYMBOLS_MEAN);
    // No letter at all, not even an ASCII trail byte (`¥~` for 外 has none, `¹q` for 電 has
    // one): punctuation and signs side by side (`·‚—?!`, `–€‹›`) are lists on clean pages;
    // only a strongly odd shape (`¡¢` for 、) is damage.
    let letterless = original.iter().all(|c| !c.is_alphabetic());
    Judged {
        strict: mean >= i64::from(STRICT_MEAN)
            && (odd == Oddness::Strong && evidence >= 1
                || odd == Oddness::Weak && evidence >= 3 && !letterless),
        relaxed: all_lost || odd > Oddness::None || mean >= i64::from(RELAXED_MEAN),
        total,
        evidence,
        symbols_only,
        odd,
    }
}

/// A sign no windows-1252 or Latin-1 decoder writes: spacing modifiers (`ˇ ˘ ˝`), combining
/// marks (NFKC writes `¨` as a space and U+0308), private use (`\u{F8FF}`, Apple's logo),
/// general punctuation, letterlike signs, arrows, maths, technical signs and shapes (`∞ ≠ ∏ ◊`).
fn is_foreign_sign(c: char) -> bool {
    matches!(
        c,
        '\u{2B0}'..='\u{36F}' | '\u{2000}'..='\u{2BFF}' | '\u{E000}'..='\u{F8FF}'
    ) && latin_byte(c).is_none()
        && !c.is_alphanumeric()
}

/// How far an island's characters, read as Latin text, are from any Latin language's shape.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Oddness {
    /// Real text could look like this (`ÖÐ` in `BÖÐVAR`, `«Ç`, `ção`).
    None,
    /// Rare in real text: an upper-case letter right after a lower-case one (`ßÀ`), three
    /// non-ASCII letters of one case in a row (`ÖÐÎÄ`, also Finnish `ÄÄÄ`), two symbols
    /// side by side (`°±`, `«»`).
    Weak,
    /// Never text: a C1 control or a lost byte; a symbol glued to a letter where punctuation
    /// does not go (`¹ú`, `Ö÷`; but `«Ç`, `é»`, `m²` are text), `¡` or `¿` before a symbol
    /// (`¡¾`); three non-ASCII letters in a row of mixed case.
    Strong,
}

/// Marks that open a word or phrase: real text glues them to the next letter (`«Ça`, `¿Qué`).
fn opens(c: char) -> bool {
    matches!(c, '«' | '¿' | '¡' | '‹' | '“' | '‘' | '„' | '‚')
}

/// Marks real text glues to the letter before them: closing quotes (`“` and `‘` close
/// German and Czech quotes: `„Haus“`), ellipsis, ordinal and degree signs, superscripts,
/// ® © ™.
fn closes(c: char) -> bool {
    matches!(
        c,
        '»' | '›'
            | '”'
            | '’'
            | '“'
            | '‘'
            | '…'
            | 'ª'
            | 'º'
            | '°'
            | '²'
            | '³'
            | '¹'
            | '®'
            | '©'
            | '™'
    )
}

/// Letters in code-point order (`ÀÁÂÃ`, `àáâã`) are a character table or an alphabet, which
/// clean pages list; legacy CJK bytes almost never run up one by one.
/// Three are enough (`ÁÂÃa`, `âãäo`: a table cut short, spliced clean text found them):
/// three bytes running up by one are rarer in legacy CJK text than cut tables in clean text.
const TABLE_RUN: usize = 3;

fn is_character_table(chars: &[char]) -> bool {
    let mut run = 1;
    for w in chars.windows(2) {
        let step = u32::from(w[1]).checked_sub(u32::from(w[0]));
        if step == Some(1) && w[1].is_alphabetic() && !w[1].is_ascii() {
            run += 1;
            if run >= TABLE_RUN {
                return true;
            }
        } else {
            run = 1;
        }
    }
    false
}

/// The [`Oddness`] of an island's Latin reading; `before` and `after` are the characters
/// around it.
fn latin_oddness(chars: &[char], before: Option<char>, after: Option<char>) -> Oddness {
    if is_character_table(chars) {
        return Oddness::None;
    }
    let mut odd = Oddness::None;
    let mut prev = before;
    let (mut letters, mut upper, mut lower) = (0, 0, 0);
    for (k, &c) in chars.iter().enumerate() {
        // A dash between a word and a number (`Látì–1986`) joins them: text's shape.
        let range_dash = matches!(c, '–' | '—')
            && chars
                .get(k + 1)
                .copied()
                .or(after)
                .is_some_and(|n| n.is_ascii_digit());
        if matches!(u32::from(c), 0x80..=0x9F) {
            return Oddness::Strong;
        }
        // A placeholder is what any damaged text carries (a UTF-8 error, a lost byte): odd,
        // but no evidence that the letters around it were paired bytes (`caf\u{FFFD}é’s`).
        if c == '\u{FFFD}' {
            odd = odd.max(Oddness::Weak);
            (letters, upper, lower) = (0, 0, 0);
            prev = None;
            continue;
        }
        if c.is_ascii() {
            (letters, upper, lower) = (0, 0, 0);
            prev = Some(c);
            continue;
        }
        let letter = c.is_alphabetic();
        if let Some(p) = prev.filter(|p| !p.is_ascii()) {
            let here = match (p.is_alphabetic(), letter) {
                (true, true) => Oddness::None,
                (false, true) if opens(p) => Oddness::None,
                (true, false) if closes(c) || range_dash => Oddness::None,
                (false, false) if opens(p) && opens(c) || closes(p) && closes(c) => Oddness::None,
                // `¡` and `¿` open a sentence: a letter or another opening mark follows,
                // never `¢£°±¾` (GBK's punctuation row, `¡¢` for 、).
                (false, false) if !matches!(p, '¡' | '¿') => Oddness::Weak,
                _ => Oddness::Strong,
            };
            if here == Oddness::Strong {
                return here;
            }
            odd = odd.max(here);
            if p.is_lowercase() && c.is_uppercase() {
                odd = odd.max(Oddness::Weak);
            }
        }
        if letter {
            letters += 1;
            upper += usize::from(c.is_uppercase());
            lower += usize::from(c.is_lowercase());
        } else {
            (letters, upper, lower) = (0, 0, 0);
        }
        if letters >= 3 {
            if upper > 0 && lower > 0 {
                return Oddness::Strong;
            }
            odd = odd.max(Oddness::Weak);
        }
        prev = Some(c);
    }
    odd
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(line: &str) -> String {
        repair_line(line).map_or_else(|| line.to_string(), |(s, _)| s)
    }

    fn as_latin1(bytes: &[u8]) -> String {
        bytes.iter().map(|&b| char::from(b)).collect()
    }

    #[test]
    fn gbk_as_latin1() {
        assert_eq!(fixed("ÖÐ¹ú"), "中国");
        assert_eq!(fixed("¡¡¡¡ÖÐ¹ú"), "\u{3000}\u{3000}中国");
        let (bytes, _, _) = GB18030.encode("主题：2005年中国经济");
        assert_eq!(fixed(&as_latin1(&bytes)), "主题：2005年中国经济");
    }

    #[test]
    fn other_encodings() {
        for (enc, text) in [
            (BIG5, "當地，暫不返鄉"),
            (SHIFT_JIS, "コンピュータの日本語"),
            (EUC_KR, "한국어 텍스트입니다"),
        ] {
            let (bytes, _, _) = enc.encode(text);
            let damaged = encoding_rs::WINDOWS_1252
                .decode_without_bom_handling(&bytes)
                .0;
            let (out, fixes) = repair_line(&damaged).expect(text);
            assert_eq!(out, text);
            assert_eq!(fixes[0].kind, MojibakeKind::CjkAsLatin1(enc));
        }
    }

    #[test]
    fn unknown_bytes_take_the_undefined_value_that_reads_best() {
        // 芦 is GBK C2 AB, so use a character with an undefined trail: 亹 (81 8D)? Pick one
        // whose lead is undefined in windows-1252: 侓 is 81 CA... any 0x81-lead character.
        let (bytes, _, _) = GB18030.encode("中国丂人");
        let damaged: String = bytes
            .iter()
            .map(|&b| {
                if UNDEFINED_1252.contains(&b) {
                    '\u{FFFD}'
                } else {
                    encoding_rs::WINDOWS_1252
                        .decode_without_bom_handling(&[b])
                        .0
                        .chars()
                        .next()
                        .unwrap()
                }
            })
            .collect();
        assert!(damaged.contains('\u{FFFD}'), "{damaged}");
        assert_eq!(fixed(&damaged), "中国丂人");
    }

    #[test]
    fn character_tables_are_left_alone() {
        for line in ["ÀÁÂÃÄÅ àáâãäå ÈÉÊË èéêë", "Ññ ÒÓÔÕÖ òóôõö"] {
            assert_eq!(repair_line(line), None, "{line}");
        }
    }

    #[test]
    fn latin_text_is_left_alone() {
        for s in [
            "BÖÐVARSSON og Þórður",
            "Böðvar fæðing, Þýðing",
            "GRÖßE und Straße",
            "«Ça va?» ¿Qué? ¡Él!",
            "Copyright © 2010 Brand™® – all rights",
            "São Paulo, INFORMAÇÃO, CONFIGURAÇÕES",
            "Jäääär on sana; säätiö",
            "Árvíztűrő tükörfúrógép",
            "25°C ± 2°, ½ × ¼",
            "Tiếng Việt có dấu",
            // Placeholders alone are no evidence (proptest found `＝` made of 81 81).
            "\u{FFFD}\u{FFFD}A·",
            // Clean lines that lost characters to U+FFFD elsewhere: a placeholder beside an
            // accented letter reads as some CJK character in one of five ways, and used to
            // start a "repair" that then spread to the line's other islands.
            "An\u{FFFD}d\u{FFFD}rá\u{FFFD}ssy út 3",
            "San Francisco vezetése mérlegeli a járdát hasz\u{FFFD}n\u{FFFD}áló robotok.",
            "an Áise Thoir Theas, Deiscea\u{FFFD}rt na hEorpa, an Mheilinéis, an Réigiún",
            "The café’\u{FFFD} naïve façade — “déj\u{FFFD}à vu” — cos\u{FFFD} £3½",
            "Aragu\u{FFFD}ína, São Paulo, Maceió, Z\u{FFFD}úric, Ürümchi, Bogotà",
            "Suðaustur-Asía, Ástralasía,\u{FFFD}Melanesía, Míkrónes\u{FFFD}íusvæðið",
            "¿Quién es el p\u{FFFD}residente fra\u{FFFD}n\u{FFFD}és?",
        ] {
            assert_eq!(repair_line(s), None, "{s:?}");
        }
    }
}
