//! Repair of UTF-8 read as GBK or Big5 by decoders that lose single bytes anywhere: Python's
//! codecs drop one byte per error (`errors="ignore"`) or write U+FFFD for it (`"replace"`),
//! other tools write `?`. The lost byte may be any byte of a UTF-8 character, not only its
//! last (as with encoding_rs's GBK, which [`super::mojibake`] handles), so the text's runs of
//! valid UTF-8 are short and each alone is weak evidence.
//!
//! Big5 loses far more: 0x80–0xA0 are not Big5 trail bytes, so about half of all UTF-8 bytes
//! are lost, and decoders lose them differently. Python's writes one U+FFFD (or `?`) per lost
//! byte; encoding_rs's (WHATWG) writes one U+FFFD for a lead byte and the invalid trail after
//! it, and reads the HKSCS rows (0x87–0xA0, some outside the BMP) as characters; Windows'
//! code page 950 writes `?` for a bad pair and private-use characters for the
//! end-user-defined pairs ([`cp950_eudc_pair`]).
//!
//! # The repair
//! 1. **Stream.** The line's characters are re-encoded to the GBK or Big5 bytes they were
//!    decoded from (U+FFFD, and a `?` next to damage or in a run, stand for one unknown byte,
//!    or for Big5 two, see [`segment_fixes`]; a character the encoding cannot encode ends the
//!    stream) and decoded as UTF-8 *with resynchronisation*: a character missing a byte, or
//!    made of unknown bytes, is lost (one U+FFFD), and the decoder starts again at the next
//!    lead byte, as UTF-8 allows.
//! 2. **Blocks.** Where a character boundary of the line is also one of the UTF-8 reading, the
//!    two readings can be swapped: between two such points is a *block*, scored in each
//!    reading by [`plausibility`] (≈10 × Zipf, with a bonus for ideographs in a known word
//!    pair and a penalty otherwise).
//! 3. **Spans.** A two-state choice over the blocks (keep / re-decode) maximises the total
//!    score with a cost per switch ([`SWITCH_COST`]), so damage is repaired in spans and a
//!    clean character that happens to be valid UTF-8 (路 is C2 B7, `·`) is not.
//! 4. **Gate.** The line is repaired only when the re-decoded spans gain a lot in all
//!    ([`MIN_LINE_GAIN`]) and read as text ([`MIN_MEAN`]).
//!
//! A lost character is one U+FFFD for GBK, whose decoders lose isolated bytes. Big5 loses
//! characters in runs (about two in three), and only Python's decoder (a placeholder per
//! byte) tells how many a run held: so a run of lost Big5 characters is one U+FFFD, as a
//! decoder writes one per error, and [`MojibakeFix::lost_chars`] counts the U+FFFD.

use std::sync::OnceLock;

use super::gbk::{decode_one_char, gbk_pair};
use super::mojibake::{plausibility, MojibakeFix, MojibakeKind};
use crate::hanzi;

/// Cost of switching between the kept and the re-decoded reading: about one common
/// character's worth, so a span must gain more than that to be repaired on its own.
const SWITCH_COST: i32 = 60;
/// Score of a character the UTF-8 reading lost: a little below nothing, so that in doubt
/// the line's own reading is kept.
const LOST_SCORE: i32 = -5;
/// Bonus (and penalty when absent) for an ideograph in a known word pair with a neighbour:
/// damage reads as rare characters forming no words, Chinese text forms them constantly.
const WORD_BONUS: i32 = 10;
/// Total score the re-decoded spans of a line must gain over the line's own reading: three
/// common characters' worth, far above what chance UTF-8 in clean GBK text reaches.
const MIN_LINE_GAIN: i32 = 150;
/// Runs of this many UTF-8-shaped characters (see `segment_fixes`) are taken for damage: a
/// fifth of clean characters have the shape, three in a row under one in a hundred.
const SHAPED_RUN: usize = 3;
/// Share (percent) of a line's non-ASCII characters that must have UTF-8's shape for the
/// line to be analysed: damaged lines are mostly made of them (a dropped byte breaks the
/// shape of a character or two), clean lines have one in five.
const SHAPED_SHARE: usize = 50;
/// Score taken from each character of such a run in the line's own reading.
const SHAPE_PENALTY: i32 = 20;
/// Non-ASCII characters the re-decoded spans of a line must hold at least.
const MIN_DECODED: i32 = 3;
/// A guessed character must beat the next candidate by this much (≈ one Zipf step).
const GUESS_MARGIN: i32 = 5;
/// [`MIN_LINE_GAIN`] for Big5: UTF-8 read as Big5 loses about half its characters (0x80–0xA0
/// are not Big5 trail bytes), so what is left gains less, and what it damages reads as the
/// rare characters of Big5's second level, never as common text.
const MIN_LINE_GAIN_BIG5: i32 = 60;
/// Gain a Big5 line that already holds U+FFFD must reach to be repaired with a single
/// re-decoded character (not [`MIN_DECODED`]): four times [`MIN_LINE_GAIN_BIG5`]. Python's
/// replacing decoder leaves short lines where nearly every character lost a byte (吉林省人民
/// 政府 keeps only 人); the U+FFFD says the line is damaged, the gain that it is this damage.
const MIN_LINE_GAIN_MARKED: i32 = 240;
/// Mean score the re-decoded non-ASCII characters must reach (lost ones excluded): text,
/// not symbols.
const MIN_MEAN: i32 = 35;

/// One byte of the re-encoded stream: known or unknown, and the line character it came from.
#[derive(Debug, Clone, Copy)]
struct StreamByte {
    byte: Option<u8>,
    owner: usize,
}

/// One character of the UTF-8 reading: the stream bytes it covers; None when lost.
#[derive(Debug, Clone)]
struct Item {
    start: usize,
    end: usize,
    ch: Option<char>,
    /// `ch` was guessed for a lost character ([`guess_lost`]).
    guessed: bool,
}

/// The legacy encoding the UTF-8 bytes were read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Legacy {
    Gbk,
    Big5,
}

impl Legacy {
    /// The double-byte code of `c`, None for ASCII and characters without one.
    fn pair(self, c: char) -> Option<[u8; 2]> {
        match self {
            Legacy::Gbk => gbk_pair(c),
            Legacy::Big5 => big5_pair(c),
        }
    }

    /// The single byte a non-ASCII `c` was read from: GBK's `€` (0x80); code page 950's
    /// U+0080 and U+F8F8 (0x80 and 0xFF, which Big5 leaves undefined).
    fn single(self, c: char) -> Option<u8> {
        match (self, c) {
            (Legacy::Gbk, '€') => Some(0x80),
            (Legacy::Big5, '\u{80}') => Some(0x80),
            (Legacy::Big5, '\u{F8F8}') => Some(0xFF),
            _ => None,
        }
    }

    fn kind(self) -> MojibakeKind {
        match self {
            Legacy::Gbk => MojibakeKind::Utf8AsGbk,
            Legacy::Big5 => MojibakeKind::Utf8AsBig5,
        }
    }
}

/// Big5 double-byte code of `c` (None for ASCII and characters without one): every pair
/// encoding_rs's Big5 decoder reads, HKSCS included (its rows 0x87–0xA0 and its characters
/// outside the BMP, which the WHATWG encoder never writes but the decoder gives), the
/// encoder's code where several decode alike; and Windows code page 950's end-user-defined
/// pairs, which it reads as private-use characters (see [`cp950_eudc_pair`]).
fn big5_pair(c: char) -> Option<[u8; 2]> {
    struct Tables {
        /// Code of every BMP character, 0 for none.
        bmp: Vec<u16>,
        /// Characters outside the BMP and their codes, sorted.
        astral: Vec<(char, u16)>,
    }
    static TABLES: OnceLock<Tables> = OnceLock::new();
    let t = TABLES.get_or_init(|| {
        let mut t = Tables {
            bmp: vec![0u16; 0x1_0000],
            astral: Vec::new(),
        };
        // How many codes read as each BMP character: the encoder is asked only about
        // characters with several (its code is then the one), since asking it about every
        // character cost ~15 ms a process. A character read from one code only is encoded
        // to it or not at all, and the first code read is the fallback either way.
        let mut codes = vec![0u8; 0x1_0000];
        let mut astral: Vec<(char, u16)> = Vec::new();
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0xA1..=0xFE) {
                let Some(ch) = decode_one_char(encoding_rs::BIG5, [lead, trail]) else {
                    continue;
                };
                let code = u16::from_be_bytes([lead, trail]);
                match (codes.get_mut(ch as usize), t.bmp.get_mut(ch as usize)) {
                    (Some(n), Some(slot)) => {
                        *n = n.saturating_add(1);
                        if *n == 1 {
                            *slot = code;
                        }
                    }
                    _ => astral.push((ch, code)),
                }
            }
        }
        for (cp, &n) in codes.iter().enumerate() {
            let Some(ch) = char::from_u32(cp as u32).filter(|_| n > 1) else {
                continue;
            };
            if let Some(code) = big5_encoder_code(ch) {
                t.bmp[cp] = code;
            }
        }
        // Sorted by character, each one's codes in the order read (the sort is stable).
        astral.sort_by_key(|&(ch, _)| ch);
        for (k, &(ch, first)) in astral.iter().enumerate() {
            if k > 0 && astral.get(k - 1).is_some_and(|&(prev, _)| prev == ch) {
                continue;
            }
            let several = astral.get(k + 1).is_some_and(|&(next, _)| next == ch);
            let code = several.then(|| big5_encoder_code(ch)).flatten();
            t.astral.push((ch, code.unwrap_or(first)));
        }
        t
    });
    if c.is_ascii() {
        return None;
    }
    let code = match t.bmp.get(c as usize) {
        Some(&code) => code,
        None => t
            .astral
            .binary_search_by_key(&c, |&(ch, _)| ch)
            .map_or(0, |k| t.astral[k].1),
    };
    if code != 0 {
        return Some(code.to_be_bytes());
    }
    cp950_eudc_pair(c)
}

/// The code Big5's encoder writes for `ch`, when it writes two bytes without error.
fn big5_encoder_code(ch: char) -> Option<u16> {
    let mut buf = [0u8; 4];
    match encoding_rs::BIG5.encode(ch.encode_utf8(&mut buf)) {
        (enc, _, false) => match enc.as_ref() {
            &[a, b] => Some(u16::from_be_bytes([a, b])),
            _ => None,
        },
        _ => None,
    }
}

/// Windows code page 950 reads the end-user-defined pairs, which Big5 leaves empty, as
/// private-use characters, row by row (157 trails a row, 0x40–0x7E and 0xA1–0xFE; the area
/// at C6A1 starts with a row of 94): FA40–FEFE from U+E000, 8E40–A0FE from U+E311,
/// 8140–8DFE from U+EEB8, C6A1–C8FE from U+F6B1. UTF-8 read as code page 950 gives many:
/// a continuation byte 0x81–0xA0 followed by one 0xA1–0xBF is such a pair.
fn cp950_eudc_pair(c: char) -> Option<[u8; 2]> {
    const ROW: u32 = 157;
    let cp = u32::from(c);
    let (lead, cell) = match cp {
        0xE000..=0xE310 => (0xFA, cp - 0xE000),
        0xE311..=0xEEB7 => (0x8E, cp - 0xE311),
        0xEEB8..=0xF6B0 => (0x81, cp - 0xEEB8),
        // The row C6A1–C6FE (94 cells), then C7 and C8 in full.
        0xF6B1..=0xF70E => return Some([0xC6, 0xA1 + (cp - 0xF6B1) as u8]),
        0xF70F..=0xF848 => (0xC7, cp - 0xF70F),
        _ => return None,
    };
    let t = (cell % ROW) as u8;
    let trail = if t < 63 { 0x40 + t } else { 0xA1 + (t - 63) };
    Some([lead + (cell / ROW) as u8, trail])
}

/// Repairs UTF-8-read-as-GBK (or Big5) damage with lost bytes anywhere in one line; None
/// when the line needs nothing. GBK is tried first (the common case), Big5 after.
pub fn repair_line(line: &str) -> Option<(String, Vec<MojibakeFix>)> {
    let [gbk, big5] = has_candidates(line);
    let gbk = gbk.then(|| repair_as(line, Legacy::Gbk)).flatten();
    gbk.or_else(|| big5.then(|| repair_as(line, Legacy::Big5)).flatten())
}

/// Quick scan for UTF-8 CJK text read as GBK and as Big5 (one pass for both): a run of
/// [`SHAPED_RUN`] characters whose bytes have UTF-8's shape (a lead or continuation byte,
/// then a continuation byte; U+FFFD and `?` count too) holding a 3- or 4-byte lead followed
/// by a continuation lead. Damage is such runs from end to end; clean text has the shape in
/// one character of five or fewer, so the scan stops nearly every clean line (one table
/// look-up per character).
fn has_candidates(line: &str) -> [bool; 2] {
    // A run needs a character whose bytes read as a UTF-8 lead: never ASCII (nor U+FFFD
    // or `?`), so an ASCII line, most of an English page, is out at once.
    if line.is_ascii() {
        return [false; 2];
    }
    let table = shape_flags();
    let mut scans = [Scan::default(); 2];
    let mut wide_n = 0usize;
    for c in line.chars() {
        let both = if c == '\u{FFFD}' || c == '?' {
            (SHAPED | CONT_LEAD) * 0b1001
        } else if c.is_ascii() {
            0
        } else {
            wide_n += 1;
            table.get(c as usize).copied().unwrap_or(0)
        };
        scans[0].step(both & 0b111, c);
        scans[1].step((both >> 3) & 0b111, c);
    }
    scans.map(|s| s.found && s.shaped_n * 100 >= wide_n * SHAPED_SHARE)
}

/// One encoding's state in [`has_candidates`].
#[derive(Clone, Copy, Default)]
struct Scan {
    run: usize,
    prev_lead: bool,
    seen: bool,
    found: bool,
    shaped_n: usize,
}

impl Scan {
    /// Takes the next character, `f` its [`shape_flags`] bits for this encoding.
    fn step(&mut self, f: u8, c: char) {
        if f & SHAPED == 0 {
            (self.run, self.prev_lead, self.seen) = (0, false, false);
            return;
        }
        self.shaped_n += usize::from(c != '?');
        self.run += 1;
        self.seen |= self.prev_lead && f & CONT_LEAD != 0;
        self.found |= self.seen && self.run >= SHAPED_RUN;
        self.prev_lead = f & UTF8_LEAD != 0;
    }
}

/// Bits of [`shape_flags`], per encoding (GBK in bits 0–2, Big5 in bits 3–5).
const SHAPED: u8 = 1;
/// The character's bytes are a 3- or 4-byte UTF-8 lead and a continuation.
const UTF8_LEAD: u8 = 2;
/// The character's lead byte is a UTF-8 continuation byte.
const CONT_LEAD: u8 = 4;

/// For every BMP character, whether its GBK and Big5 bytes have UTF-8's shape, built once so
/// the quick scan costs one look-up per character for both encodings.
fn shape_flags() -> &'static [u8] {
    static TABLE: OnceLock<Vec<u8>> = OnceLock::new();
    TABLE.get_or_init(|| {
        (0..0x1_0000u32)
            .map(|cp| {
                let Some(c) = char::from_u32(cp) else {
                    return 0;
                };
                let bits = |pair: Option<[u8; 2]>| {
                    pair.map_or(0, |[a, b]| {
                        let mut f = 0;
                        if utf8_shaped(a, b) {
                            f |= SHAPED;
                        }
                        if matches!(a, 0xE0..=0xF4) && (0x80..=0xBF).contains(&b) {
                            f |= UTF8_LEAD;
                        }
                        if (0x80..=0xBF).contains(&a) {
                            f |= CONT_LEAD;
                        }
                        f
                    })
                };
                bits(gbk_pair(c)) | bits(big5_pair(c)) << 3
            })
            .collect()
    })
}

/// Whether two bytes can stand inside UTF-8 CJK text: each a continuation byte or a 3- or
/// 4-byte lead, never two leads in a row.
fn utf8_shaped(a: u8, b: u8) -> bool {
    let cont = |x: u8| (0x80..=0xBF).contains(&x);
    let lead = |x: u8| (0xE0..=0xF4).contains(&x);
    (cont(a) || lead(a)) && (cont(b) || lead(b)) && !(lead(a) && lead(b))
}

/// Repairs `line` as UTF-8 read as `enc`, once [`has_candidates`] found a candidate.
fn repair_as(line: &str, enc: Legacy) -> Option<(String, Vec<MojibakeFix>)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let fixes = match enc {
        Legacy::Gbk => line_fixes(line, &chars, enc, false),
        // A placeholder is one byte for Python's decoder, a pair for encoding_rs's and
        // Windows' (see `segment_fixes`): the reading that gains more is the decoder's.
        Legacy::Big5 => {
            let narrow = line_fixes(line, &chars, enc, false);
            if !chars.iter().any(|&(_, c)| c == '\u{FFFD}' || c == '?') {
                narrow
            } else {
                let wide = line_fixes(line, &chars, enc, true);
                let gain = |f: &[Scored]| f.iter().map(|(_, g, _)| *g).sum::<i32>();
                if gain(&wide) > gain(&narrow) {
                    wide
                } else {
                    narrow
                }
            }
        }
    };
    let gain: i32 = fixes.iter().map(|(_, g, _)| *g).sum();
    let (sum, n) = fixes
        .iter()
        .fold((0, 0), |(s, n), (_, _, (fs, fn_))| (s + fs, n + fn_));
    let min_gain = match enc {
        Legacy::Gbk => MIN_LINE_GAIN,
        Legacy::Big5 => MIN_LINE_GAIN_BIG5,
    };
    let marked = enc == Legacy::Big5 && gain >= MIN_LINE_GAIN_MARKED && line.contains('\u{FFFD}');
    let min_decoded = if marked { 1 } else { MIN_DECODED };
    if fixes.is_empty() || gain < min_gain || n < min_decoded || sum / n < MIN_MEAN {
        return None;
    }
    let fixes: Vec<MojibakeFix> = fixes.into_iter().map(|(f, _, _)| f).collect();
    let mut out = String::with_capacity(line.len());
    let mut pos = 0;
    for f in &fixes {
        out.push_str(&line[pos..f.range.start]);
        out.push_str(&f.replacement);
        pos = f.range.end;
    }
    out.push_str(&line[pos..]);
    (out != line).then_some((out, fixes))
}

/// A repaired span with its gain and the (sum, count) of its re-decoded characters' scores.
type Scored = (MojibakeFix, i32, (i32, i32));

/// The repaired spans of every segment of characters `enc` can encode (ASCII included);
/// `wide`: a placeholder stands for two bytes (see [`segment_fixes`]).
fn line_fixes(line: &str, chars: &[(usize, char)], enc: Legacy, wide: bool) -> Vec<Scored> {
    let ph = placeholders(chars, enc);
    let mut fixes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !encodable(enc, chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && encodable(enc, chars[i].1) {
            i += 1;
        }
        segment_fixes(line, chars, &ph, start..i, enc, wide, &mut fixes);
    }
    fixes
}

fn encodable(enc: Legacy, c: char) -> bool {
    c.is_ascii() || c == '\u{FFFD}' || enc.single(c).is_some() || enc.pair(c).is_some()
}

/// Which characters of the line stand for a lost byte: U+FFFD, and a `?` in a run of `?`
/// that is next to a double-byte character or U+FFFD, or is two or more long (a lost byte
/// each: Python's `?` handler writes one per byte, and a character that lost all its bytes
/// leaves a run between two ASCII characters, `(???)`).
fn placeholders(chars: &[(usize, char)], enc: Legacy) -> Vec<bool> {
    let mut out: Vec<bool> = chars.iter().map(|&(_, c)| c == '\u{FFFD}').collect();
    let damage_next = |k: Option<usize>| {
        k.and_then(|k| chars.get(k))
            .is_some_and(|&(_, n)| n == '\u{FFFD}' || enc.pair(n).is_some())
    };
    let mut i = 0;
    while i < chars.len() {
        if chars[i].1 != '?' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].1 == '?' {
            i += 1;
        }
        if i - start >= 2 || damage_next(start.checked_sub(1)) || damage_next(Some(i)) {
            out[start..i].fill(true);
        }
    }
    out
}

/// The repaired spans of one segment, each with its gain and (sum, count) of the scores of
/// its re-decoded characters. `wide`: a placeholder stands for a lead byte and the invalid
/// trail the decoder took with it (encoding_rs, Windows), except before an ASCII character
/// or at the end, where the decoder leaves the next byte to be read again; otherwise for one
/// byte (Python).
fn segment_fixes(
    line: &str,
    chars: &[(usize, char)],
    ph: &[bool],
    seg: std::ops::Range<usize>,
    enc: Legacy,
    wide: bool,
    out: &mut Vec<Scored>,
) {
    let mut stream = Vec::with_capacity(seg.len() * 2);
    let mut push = |byte: Option<u8>, owner: usize| stream.push(StreamByte { byte, owner });
    for i in seg.clone() {
        let c = chars[i].1;
        if ph[i] {
            push(None, i);
            // encoding_rs's and Windows' Big5 decoders write one placeholder for a lead
            // byte and the invalid trail after it, but leave an ASCII byte after a lead
            // (and the end of the text) to be read again: one unknown byte there.
            let next_ascii = chars.get(i + 1).is_none_or(|&(_, n)| n.is_ascii());
            if wide && !next_ascii {
                push(None, i);
            }
        } else if let Some(b) = enc.single(c) {
            push(Some(b), i);
        } else if let Some([a, b]) = enc.pair(c) {
            push(Some(a), i);
            push(Some(b), i);
        } else {
            push(Some(c as u8), i);
        }
    }
    // No multi-byte UTF-8 lead in the stream: nothing to re-decode.
    if !stream
        .iter()
        .any(|b| b.byte.is_some_and(|x| (0xC2..=0xF4).contains(&x)))
    {
        return;
    }
    let mut items = decode_resync(&stream);
    guess_lost(&stream, &mut items);
    // Blocks: boundaries shared by the line's characters and the UTF-8 items.
    let mut blocks: Vec<(std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new(); // (owners, items)
    let (mut owner_start, mut item_start) = (seg.start, 0);
    for (k, it) in items.iter().enumerate() {
        let end = it.end;
        let at_owner_boundary = end == stream.len() || stream[end].owner != stream[end - 1].owner;
        if at_owner_boundary {
            let owner_end = if end == stream.len() {
                seg.end
            } else {
                stream[end].owner
            };
            blocks.push((owner_start..owner_end, item_start..k + 1));
            owner_start = owner_end;
            item_start = k + 1;
        }
    }
    if blocks.is_empty() {
        return;
    }
    // Per-character scores in each reading, with context along that reading.
    let orig: Vec<Option<char>> = seg
        .clone()
        .map(|i| (!ph[i]).then_some(chars[i].1))
        .collect();
    let new: Vec<Option<char>> = items.iter().map(|it| it.ch).collect();
    let mut orig_scores = scores(&orig);
    // Runs of characters whose bytes have the shape of UTF-8 (a lead or continuation byte,
    // then a continuation byte) are what this damage leaves; clean text has them alone.
    // Placeholders (lost bytes) belong to the runs, as in `has_candidates`.
    let shaped = |i: usize| ph[i] || enc.pair(chars[i].1).is_some_and(|[a, b]| utf8_shaped(a, b));
    let mut i = seg.start;
    while i < seg.end {
        if !shaped(i) {
            i += 1;
            continue;
        }
        let start = i;
        while i < seg.end && shaped(i) {
            i += 1;
        }
        if i - start >= SHAPED_RUN {
            for k in start..i {
                orig_scores[k - seg.start] -= SHAPE_PENALTY;
            }
        }
    }
    let mut new_scores = scores(&new);
    // An ASCII character made of a double-byte character's trail byte (Big5 and GBK trails
    // include 0x40–0x7E) is a split pair, not text.
    for (k, it) in items.iter().enumerate() {
        if it.end - it.start == 1
            && it.ch.is_some_and(|c| c.is_ascii())
            && !chars[stream[it.start].owner].1.is_ascii()
        {
            new_scores[k] = LOST_SCORE;
        }
    }
    let keep: Vec<i32> = blocks
        .iter()
        .map(|(o, _)| o.clone().map(|i| orig_scores[i - seg.start]).sum())
        .collect();
    let fix: Vec<i32> = blocks
        .iter()
        .map(|(_, it)| it.clone().map(|k| new_scores[k]).sum())
        .collect();
    // Two-state choice (0 keep, 1 re-decode), maximising score minus switch costs.
    let n = blocks.len();
    let mut from: Vec<[u8; 2]> = Vec::with_capacity(n);
    // Best totals ending in each state after the current block; no cost to start or end
    // in either state (damage usually runs to the line's ends).
    let mut best = [keep[0], fix[0]];
    from.push([0, 1]);
    for b in 1..n {
        let [k, f] = best;
        let (kk, kf) = (k, f - SWITCH_COST);
        let (fk, ff) = (k - SWITCH_COST, f);
        let nk = if kk >= kf { (kk, 0) } else { (kf, 1) };
        let nf = if ff >= fk { (ff, 1) } else { (fk, 0) };
        best = [nk.0 + keep[b], nf.0 + fix[b]];
        from.push([nk.1, nf.1]);
    }
    let mut state = usize::from(best[1] > best[0]);
    let mut choice = vec![0u8; n];
    for b in (0..n).rev() {
        choice[b] = state as u8;
        state = usize::from(from[b][state]);
    }
    // Spans of re-decoded blocks.
    let mut b = 0;
    while b < n {
        if choice[b] == 0 {
            b += 1;
            continue;
        }
        let first = b;
        while b < n && choice[b] == 1 {
            b += 1;
        }
        let owners = blocks[first].0.start..blocks[b - 1].0.end;
        let its = blocks[first].1.start..blocks[b - 1].1.end;
        let gain: i32 = (first..b).map(|k| fix[k] - keep[k]).sum();
        let mut replacement = String::new();
        let (mut lost, mut sum, mut count) = (0, 0, 0);
        for k in its {
            match items[k].ch {
                Some(c) => {
                    replacement.push(c);
                    if !c.is_ascii() {
                        sum += new_scores[k];
                        count += 1;
                    }
                }
                // Big5 loses characters in runs, and how many a run held is known only for
                // Python's decoder: a run is one U+FFFD, as a decoder writes one per error.
                None if enc == Legacy::Big5 && replacement.ends_with('\u{FFFD}') => {}
                None => {
                    replacement.push('\u{FFFD}');
                    lost += 1;
                }
            }
        }
        let start = chars[owners.start].0;
        let end = chars.get(owners.end).map_or(line.len(), |&(p, _)| p);
        if line[start..end] == replacement {
            continue;
        }
        out.push((
            MojibakeFix {
                range: start..end,
                kind: enc.kind(),
                replacement,
                lost_chars: lost,
            },
            gain,
            (sum, count),
        ));
    }
}

/// Fills in lost characters whose missing byte the text around them tells: a character
/// missing one byte has at most 128 candidates (64 values at one of two places), one missing
/// its lead byte at most 7 (CJK characters start with E3–E9). A candidate is taken only when
/// it forms a known word pair with a neighbour and beats every other candidate by
/// [`GUESS_MARGIN`]; otherwise the character stays lost (U+FFFD).
fn guess_lost(stream: &[StreamByte], items: &mut [Item]) {
    // Left to right, then right to left: a guess gives its neighbours context.
    let n = items.len();
    for k in (0..n).chain((0..n).rev()) {
        if items[k].ch.is_some() {
            continue;
        }
        let bytes: Vec<Option<u8>> = stream[items[k].start..items[k].end]
            .iter()
            .map(|b| b.byte)
            .collect();
        let prev = k.checked_sub(1).and_then(|p| items[p].ch);
        let next = items.get(k + 1).and_then(|n| n.ch);
        if prev.is_none() && next.is_none() {
            continue;
        }
        let mut scored: Vec<(i32, char)> = candidates(&bytes)
            .into_iter()
            .map(|c| {
                let pair = i32::from(prev.map_or(0, |p| hanzi::bigram(p, c)))
                    .max(i32::from(next.map_or(0, |n| hanzi::bigram(c, n))));
                (
                    if pair > 0 {
                        pair + i32::from(hanzi::frequency(c))
                    } else {
                        0
                    },
                    c,
                )
            })
            .collect();
        scored.sort_unstable_by(|a, b| b.cmp(a));
        match scored.as_slice() {
            [(best, c), rest @ ..]
                if *best > 0 && rest.first().is_none_or(|(s, _)| best - s >= GUESS_MARGIN) =>
            {
                items[k].ch = Some(*c);
                items[k].guessed = true;
            }
            _ => {}
        }
    }
}

/// Ideographs a damaged 3-byte sequence may have been: one unknown byte filled in, one
/// missing continuation byte put back at either place, or a missing lead byte restored.
fn candidates(bytes: &[Option<u8>]) -> Vec<char> {
    let mut out = Vec::new();
    let mut push = |b: [u8; 3]| {
        if let Some(c) = std::str::from_utf8(&b).ok().and_then(|s| s.chars().next()) {
            if hanzi::is_ideograph(c) {
                out.push(c);
            }
        }
    };
    let cont = 0x80u8..=0xBF;
    match *bytes {
        // One unknown byte among three.
        [a, b, c] if [a, b, c].iter().filter(|x| x.is_none()).count() == 1 => {
            let slot = [a, b, c].iter().position(Option::is_none).unwrap_or(0);
            let range = if slot == 0 { 0xE3..=0xE9 } else { cont.clone() };
            for v in range {
                let mut full = [a.unwrap_or(v), b.unwrap_or(v), c.unwrap_or(v)];
                full[slot] = v;
                push(full);
            }
        }
        // A lead and one continuation: the other continuation dropped, before or after.
        [Some(a @ 0xE3..=0xE9), Some(b)] => {
            for v in cont.clone() {
                push([a, v, b]);
                push([a, b, v]);
            }
        }
        // Two continuations: the lead dropped.
        [Some(b), Some(c)] if cont.contains(&b) && cont.contains(&c) => {
            for v in 0xE3..=0xE9 {
                push([v, b, c]);
            }
        }
        _ => {}
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// Scores of a reading, character by character (None: lost, [`LOST_SCORE`]).
fn scores(reading: &[Option<char>]) -> Vec<i32> {
    (0..reading.len())
        .map(|k| {
            let Some(c) = reading[k] else {
                return LOST_SCORE;
            };
            let prev = k.checked_sub(1).and_then(|p| reading[p]);
            let next = reading.get(k + 1).copied().flatten();
            let mut p = plausibility(c, prev, next);
            if hanzi::is_ideograph(c) {
                let in_word = prev.is_some_and(|p| hanzi::bigram(p, c) > 0)
                    || next.is_some_and(|n| hanzi::bigram(c, n) > 0);
                p += if in_word { WORD_BONUS } else { -WORD_BONUS };
            }
            p
        })
        .collect()
}

/// Decodes the stream as UTF-8, resynchronising after damage: a sequence with an unknown or
/// missing byte is one lost character; stray continuation bytes (their lead was lost) join
/// the lost character before them or form one.
fn decode_resync(stream: &[StreamByte]) -> Vec<Item> {
    let is_cont = |b: Option<u8>| b.is_none_or(|x| (0x80..=0xBF).contains(&x));
    let mut items: Vec<Item> = Vec::with_capacity(stream.len());
    let mut p = 0;
    while p < stream.len() {
        let b = stream[p].byte;
        let need = match b {
            Some(x) if x < 0x80 => 1,
            Some(0xC2..=0xDF) => 2,
            Some(0xE0..=0xEF) => 3,
            Some(0xF0..=0xF4) => 4,
            // A continuation byte or an unknown byte where a character should start: lost,
            // with the continuation bytes that follow. An unknown byte there is a lead, most
            // likely of a three-byte (CJK) character: the unknown bytes after it up to that
            // length are the same character, not characters of their own.
            _ => {
                let mut e = p + 1;
                while e < stream.len()
                    && e - p < if b.is_none() { 3 } else { 4 }
                    && is_cont(stream[e].byte)
                    && (b.is_none() || stream[e].byte.is_some())
                {
                    e += 1;
                }
                match items.last_mut() {
                    Some(last) if last.ch.is_none() && last.end == p && b.is_some() => last.end = e,
                    _ => items.push(Item {
                        start: p,
                        end: e,
                        ch: None,
                        guessed: false,
                    }),
                }
                p = e;
                continue;
            }
        };
        if need == 1 {
            items.push(Item {
                start: p,
                end: p + 1,
                ch: b.map(char::from),
                guessed: false,
            });
            p += 1;
            continue;
        }
        let mut e = p + 1;
        while e < stream.len() && e - p < need && is_cont(stream[e].byte) {
            e += 1;
        }
        let bytes: Option<Vec<u8>> = stream[p..e].iter().map(|s| s.byte).collect();
        let ch = match bytes {
            Some(v) if e - p == need => std::str::from_utf8(&v)
                .ok()
                .and_then(|s| s.chars().next())
                .filter(|c| !c.is_control()),
            _ => None,
        };
        items.push(Item {
            start: p,
            end: e,
            ch,
            guessed: false,
        });
        p = e;
    }
    items
}

#[cfg(test)]
mod tests {
    #[test]
    fn big5_codes_agree_with_asking_the_encoder_for_every_char() {
        // The build this replaced: every pair decoded, every character read encoded again;
        // the encoder's code when it has one, else the first code read.
        let mut bmp = vec![0u16; 0x1_0000];
        let mut astral: Vec<(char, u16)> = Vec::new();
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0xA1..=0xFE) {
                let bytes = [lead, trail];
                let Some(s) =
                    encoding_rs::BIG5.decode_without_bom_handling_and_without_replacement(&bytes)
                else {
                    continue;
                };
                let mut it = s.chars();
                let (Some(ch), None) = (it.next(), it.next()) else {
                    continue;
                };
                let code = big5_encoder_code(ch).unwrap_or(u16::from_be_bytes(bytes));
                match bmp.get_mut(ch as usize) {
                    Some(slot) if *slot == 0 => *slot = code,
                    Some(_) => {}
                    None if !astral.iter().any(|&(c, _)| c == ch) => astral.push((ch, code)),
                    None => {}
                }
            }
        }
        let expect = |code: u16, c: char| {
            if code != 0 {
                Some(code.to_be_bytes())
            } else {
                cp950_eudc_pair(c)
            }
        };
        for (cp, &code) in bmp.iter().enumerate() {
            let Some(c) = char::from_u32(cp as u32).filter(|c| !c.is_ascii()) else {
                continue;
            };
            assert_eq!(big5_pair(c), expect(code, c), "U+{cp:04X}");
        }
        for (c, code) in astral {
            assert_eq!(big5_pair(c), expect(code, c), "U+{:X}", c as u32);
        }
    }

    use super::*;

    fn fixed(line: &str) -> String {
        repair_line(line).map_or_else(|| line.to_string(), |(s, _)| s)
    }

    #[test]
    fn python_ignore_and_replace() {
        // 中国人民共和国，地方政府。 as UTF-8, read by Python's gbk codec.
        let ignore = "涓鍥戒汉姘戝叡鍜屽浗锛屽湴鏂规斂搴溿";
        let out = fixed(ignore);
        assert!(out.contains("国人民共和国，地方政府"), "{out}");
        let replace = "涓�鍥戒汉姘戝叡鍜屽浗锛屽湴鏂规斂搴溿��";
        // 中 lost its last byte; the word pair 中国 names it. The final 。 lost one too, and
        // nothing names it.
        assert_eq!(fixed(replace), "中国人民共和国，地方政府\u{FFFD}");
    }

    #[test]
    fn big5_by_every_decoder() {
        // 中華民國政府今天發表聲明，表示將繼續推動經濟發展。 as UTF-8, read as Big5.
        let text = "中華民國政府今天發表聲明，表示將繼續推動經濟發展。";
        // encoding_rs: one U+FFFD for a lead and the invalid trail after it, HKSCS pairs
        // (rows 0x87–0xA0, some outside the BMP) read as characters.
        let rs = encoding_rs::BIG5
            .decode_without_bom_handling(text.as_bytes())
            .0;
        assert!(rs.contains('\u{2462a}'), "{rs}"); // 𤘪, HKSCS 93E6
        let out = fixed(&rs);
        assert!(out.starts_with("中華民") && out.contains("今天"), "{out}");
        // Windows code page 950: `?` for a bad pair, private-use characters for the
        // end-user-defined pairs (U+E3FB is 8FAF, U+E56B is 91E5).
        let windows = "銝剛\u{e3fb}瘞\u{e56b}??踹?隞\u{f4c0}予?潸”?脫?嚗\u{f5fd}”蝷箏?蝜潛??典?蝬\u{e6a6}??澆???";
        let out = fixed(windows);
        assert!(out.starts_with("中華民") && out.contains("表示"), "{out}");
        // Python's replacing decoder: one U+FFFD per byte.
        let python = "銝剛�舀�������踹��隞�憭拍�潸”��脫��嚗�銵函內撠�蝜潛����典��蝬�瞈���澆�����";
        let out = fixed(python);
        assert!(out.starts_with("中華") && out.contains("今天發表"), "{out}");
    }

    #[test]
    fn cp950_private_use() {
        for (c, code) in [
            ('\u{E000}', 0xFA40),
            ('\u{E310}', 0xFEFE),
            ('\u{E311}', 0x8E40),
            ('\u{E3FB}', 0x8FAF),
            ('\u{EEB7}', 0xA0FE),
            ('\u{EEB8}', 0x8140),
            ('\u{F6B0}', 0x8DFE),
            ('\u{F6B1}', 0xC6A1),
            ('\u{F70E}', 0xC6FE),
            ('\u{F70F}', 0xC740),
            ('\u{F848}', 0xC8FE),
        ] {
            assert_eq!(cp950_eudc_pair(c), Some(u16::to_be_bytes(code)), "{c:?}");
        }
        assert_eq!(cp950_eudc_pair('\u{F849}'), None);
        assert_eq!(cp950_eudc_pair('\u{D7FF}'), None);
    }

    #[test]
    fn clean_text_untouched() {
        for s in [
            "中国人民共和国，地方政府。",
            "路上行人",
            "当地，暂不返乡",
            "Größe ½",
        ] {
            assert_eq!(repair_line(s), None, "{s}");
        }
    }
}
