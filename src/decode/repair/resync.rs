//! Repair of UTF-8 read as GBK by decoders that lose single bytes anywhere: Python's codecs
//! drop one byte per error (`errors="ignore"`) or write U+FFFD for it (`"replace"`), other
//! tools write `?`. The lost byte may be any byte of a UTF-8 character, not only its last (as
//! with encoding_rs, which [`super::mojibake`] handles), so the text's runs of valid UTF-8
//! are short and each alone is weak evidence.
//!
//! # The repair
//! 1. **Stream.** The line's characters are re-encoded to the GBK bytes they were decoded
//!    from (U+FFFD, and a `?` next to damage, stand for one unknown byte; a character GBK
//!    cannot encode ends the stream) and decoded as UTF-8 *with resynchronisation*: a
//!    character missing a byte, or made of unknown bytes, is lost (one U+FFFD), and the
//!    decoder starts again at the next lead byte, as UTF-8 allows.
//! 2. **Blocks.** Where a character boundary of the line is also one of the UTF-8 reading, the
//!    two readings can be swapped: between two such points is a *block*, scored in each
//!    reading by [`plausibility`] (≈10 × Zipf, with a bonus for ideographs in a known word
//!    pair and a penalty otherwise).
//! 3. **Spans.** A two-state choice over the blocks (keep / re-decode) maximises the total
//!    score with a cost per switch ([`SWITCH_COST`]), so damage is repaired in spans and a
//!    clean character that happens to be valid UTF-8 (路 is C2 B7, `·`) is not.
//! 4. **Gate.** The line is repaired only when the re-decoded spans gain a lot in all
//!    ([`MIN_LINE_GAIN`]) and read as text ([`MIN_MEAN`]).

use super::gbk::gbk_pair;
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
/// Mean score the re-decoded characters must reach (lost ones excluded): text, not symbols.
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
}

/// Repairs UTF-8-read-as-GBK damage with lost bytes anywhere in one line; None when the
/// line needs nothing.
pub fn repair_line(line: &str) -> Option<(String, Vec<MojibakeFix>)> {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    // Segments of characters GBK can encode (ASCII included).
    let mut fixes = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if !encodable(chars[i].1) {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && encodable(chars[i].1) {
            i += 1;
        }
        segment_fixes(line, &chars, start..i, &mut fixes);
    }
    let gain: i32 = fixes.iter().map(|(_, g, _)| *g).sum();
    let (sum, n) = fixes
        .iter()
        .fold((0, 0), |(s, n), (_, _, (fs, fn_))| (s + fs, n + fn_));
    if fixes.is_empty() || gain < MIN_LINE_GAIN || n == 0 || sum / n < MIN_MEAN {
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

fn encodable(c: char) -> bool {
    c.is_ascii() || c == '\u{FFFD}' || c == '€' || gbk_pair(c).is_some()
}

/// A `?` that stands for a lost byte: next to a double-byte character.
fn is_placeholder(chars: &[(usize, char)], i: usize) -> bool {
    let c = chars[i].1;
    c == '\u{FFFD}'
        || (c == '?'
            && [i.checked_sub(1), Some(i + 1)]
                .into_iter()
                .flatten()
                .filter_map(|k| chars.get(k))
                .any(|&(_, n)| gbk_pair(n).is_some()))
}

/// The repaired spans of one segment, each with its gain and (sum, count) of the scores of
/// its re-decoded characters.
fn segment_fixes(
    line: &str,
    chars: &[(usize, char)],
    seg: std::ops::Range<usize>,
    out: &mut Vec<(MojibakeFix, i32, (i32, i32))>,
) {
    let mut stream = Vec::with_capacity(seg.len() * 2);
    for i in seg.clone() {
        let c = chars[i].1;
        if is_placeholder(chars, i) {
            stream.push(StreamByte {
                byte: None,
                owner: i,
            });
        } else if c == '€' {
            stream.push(StreamByte {
                byte: Some(0x80),
                owner: i,
            });
        } else if let Some([a, b]) = gbk_pair(c) {
            stream.push(StreamByte {
                byte: Some(a),
                owner: i,
            });
            stream.push(StreamByte {
                byte: Some(b),
                owner: i,
            });
        } else {
            stream.push(StreamByte {
                byte: Some(c as u8),
                owner: i,
            });
        }
    }
    // No multi-byte UTF-8 lead in the stream: nothing to re-decode.
    if !stream
        .iter()
        .any(|b| b.byte.is_some_and(|x| (0xC2..=0xF4).contains(&x)))
    {
        return;
    }
    let items = decode_resync(&stream);
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
        .map(|i| (!is_placeholder(chars, i)).then_some(chars[i].1))
        .collect();
    let new: Vec<Option<char>> = items.iter().map(|it| it.ch).collect();
    let orig_scores = scores(&orig);
    let new_scores = scores(&new);
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
    let mut best = [[0i32; 2]; 1];
    let mut from: Vec<[u8; 2]> = Vec::with_capacity(n);
    best[0] = [keep[0], fix[0]];
    from.push([0, 1]);
    for b in 1..n {
        let [k, f] = best[0];
        let (kk, kf) = (k, f - SWITCH_COST);
        let (fk, ff) = (k - SWITCH_COST, f);
        let nk = if kk >= kf { (kk, 0) } else { (kf, 1) };
        let nf = if ff >= fk { (ff, 1) } else { (fk, 0) };
        best[0] = [nk.0 + keep[b], nf.0 + fix[b]];
        from.push([nk.1, nf.1]);
    }
    let mut state = usize::from(best[0][1] > best[0][0]);
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
                    sum += new_scores[k];
                    count += 1;
                }
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
                kind: MojibakeKind::Utf8AsGbk,
                replacement,
                lost_chars: lost,
            },
            gain,
            (sum, count),
        ));
    }
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
            // with the continuation bytes that follow.
            _ => {
                let mut e = p + 1;
                while e < stream.len()
                    && e - p < 4
                    && is_cont(stream[e].byte)
                    && stream[e].byte.is_some()
                {
                    e += 1;
                }
                match items.last_mut() {
                    Some(last) if last.ch.is_none() && last.end == p && b.is_some() => last.end = e,
                    _ => items.push(Item {
                        start: p,
                        end: e,
                        ch: None,
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
        });
        p = e;
    }
    items
}

#[cfg(test)]
mod tests {
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
        let out = fixed(replace);
        assert!(out.starts_with("\u{FFFD}国人民共和国，地方政府"), "{out}");
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
