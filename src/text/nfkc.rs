//! The NFKC view: each line as the normalizer will leave it, computed only when some
//! character could change. Stages that run before the normalizer judge lines by it.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use super::chars::ideograph_run_len;

/// Full-width punctuation and the ideographic space, which every judging step (line facts,
/// rule folding, signatures) already treats like its ASCII form: a line whose only
/// NFKC changes are these is judged as it stands, without a copy.
pub(crate) fn is_judged_as_ascii(c: char) -> bool {
    matches!(c as u32,
        0xA0 | 0x3000 | 0xFF01..=0xFF0D | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF5E)
}

/// NFKC of one character when it needs no table: identity for ASCII, CJK punctuation,
/// unified ideographs and hangul syllables; full-width ASCII to ASCII; ideographic space to
/// space. `None` means the full algorithm is needed (compatibility characters, combining
/// marks, which may compose with their neighbour). Verified against Python's
/// `unicodedata.normalize("NFKC")` for every character in these ranges.
pub(crate) fn nfkc_char_fast(c: char) -> Option<char> {
    // The two ranges nearly every character of a Chinese page falls in, tested first.
    if c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c) {
        return Some(c);
    }
    match c as u32 {
        0..=0x7F
        // Latin-1 and Latin Extended letters that NFKC keeps (pinyin vowels among them);
        // ª, ², ½, the no-break space and the like are left to the full algorithm.
        | 0xA1..=0xA7 | 0xA9 | 0xAB..=0xAC | 0xAE | 0xB0..=0xB1 | 0xB6..=0xB7 | 0xBB
        | 0xBF..=0x131 | 0x134..=0x13E | 0x141..=0x148 | 0x14A..=0x17E | 0x180..=0x1C3
        | 0x1CD..=0x1F0 | 0x1F4..=0x24F
        // Dashes, quotes, bullets, arrows, maths, box drawing, shapes, dingbats.
        | 0x2012..=0x2016 | 0x2018..=0x2023 | 0x2190..=0x222B | 0x2231..=0x2328
        | 0x232B..=0x2426 | 0x24EB..=0x2A0B
        | 0x3001..=0x3035 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3 => Some(c),
        0xFF01..=0xFF5E => char::from_u32(c as u32 - 0xFEE0),
        0x3000 | 0xA0 => Some(' '),
        _ => None,
    }
}

/// NFKC of a line, with a table-free fast path for the characters Chinese pages are made of
/// (the general algorithm costs several times more per character).
///
/// A line with a character the fast path does not know (`…`, Cyrillic, a combining mark) is
/// cut into segments, each starting at an ASCII character or a unified ideograph: those have
/// canonical combining class 0 and NFKC_Quick_Check=Yes, so nothing before them can reorder
/// or compose with them (a normalization boundary, UAX #15), and NFKC of the line is the
/// concatenation of NFKC of its segments. Only segments with such a character go through the
/// general algorithm; the rest of the line stays on the fast path.
pub(crate) fn nfkc(line: &str) -> String {
    if let Some(out) = nfkc_all_fast(line) {
        return out;
    }
    let mut out = String::with_capacity(line.len());
    let mut start = 0;
    let mut fast = true;
    for (i, c) in line.char_indices() {
        if i > start && (c.is_ascii() || ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
            nfkc_segment(&line[start..i], fast, &mut out);
            (start, fast) = (i, true);
        }
        fast = fast && nfkc_char_fast(c).is_some();
    }
    nfkc_segment(&line[start..], fast, &mut out);
    out
}

/// NFKC of a line whose every character has a fast form ([`nfkc_char_fast`]) or is `…`,
/// `None` at the first that is neither. Most lines that need NFKC are such (full-width digits and
/// letters in a Chinese line): ASCII and ideograph runs are copied whole, the rest mapped
/// one character at a time, where the segments of [`nfkc`] cost a call per ideograph. The
/// result is the segments' concatenation: each fast segment is its characters mapped.
fn nfkc_all_fast(line: &str) -> Option<String> {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    loop {
        let ascii = rest
            .bytes()
            .position(|b| !b.is_ascii())
            .unwrap_or(rest.len());
        let kept = ascii + ideograph_run_len(&rest.as_bytes()[ascii..]);
        out.push_str(&rest[..kept]);
        let mut chars = rest[kept..].chars();
        let Some(c) = chars.next() else {
            return Some(out);
        };
        if c == '…' {
            // Its compatibility decomposition: three full stops, starters that compose
            // with nothing (the ellipsis is most of what sends Chinese lines here).
            out.push_str("...");
        } else {
            out.push(nfkc_char_fast(c)?);
        }
        rest = chars.as_str();
    }
}

/// Appends NFKC of one segment of [`nfkc`]; `fast` tells every character has a fast form.
fn nfkc_segment(segment: &str, fast: bool, out: &mut String) {
    if fast {
        out.extend(segment.chars().filter_map(nfkc_char_fast));
    } else {
        out.extend(segment.nfkc());
    }
}

/// The line as NFKC will leave it, computed only when some character could change.
///
/// Stages that run before the normalizer (repairs, strippers) judge lines by this view, so
/// that the normalizer's output, cleaned again, is judged the same way (idempotence).
pub fn nfkc_view(line: &str) -> Cow<'_, str> {
    let mut judged_differently = false;
    let mut rest = line;
    // ASCII, which NFKC keeps, is skipped a byte at a time without decoding characters:
    // most lines of most pages are ASCII but for a quote or a dash. So are runs of unified
    // ideographs (nfkc_char_fast's first test keeps them), most of a Chinese line.
    while let Some(at) = rest.bytes().position(|b| !b.is_ascii()) {
        let ideographs = ideograph_run_len(&rest.as_bytes()[at..]);
        let mut chars = rest[at + ideographs..].chars();
        let Some(c) = chars.next() else { break };
        rest = chars.as_str();
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) || c.is_ascii() {
            continue; // NFKC keeps them (nfkc_char_fast's first test)
        }
        match nfkc_char_fast(c) {
            Some(d) if d == c || is_judged_as_ascii(c) => {}
            Some(_) => judged_differently = true,
            None => {
                if is_nfkc_quick(line.chars()) == IsNormalized::Yes {
                    return Cow::Borrowed(line);
                }
                let normalized = nfkc(line);
                return if normalized == line {
                    Cow::Borrowed(line)
                } else {
                    Cow::Owned(normalized)
                };
            }
        }
    }
    if judged_differently {
        Cow::Owned(nfkc(line))
    } else {
        Cow::Borrowed(line)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_nfkc_agrees_with_the_full_algorithm() {
        let samples = [
            "当前，國內本土。２０２２年３月１９日　ＡＢＣ（一）",
            "한국어 텍스트 and ASCII ~!@#",
            "ｶﾀｶﾅ ㈠ ① ﬁ e\u{301} 豈",
        ];
        for s in samples {
            assert_eq!(nfkc(s), s.nfkc().collect::<String>(), "{s}");
        }
        let ranges = [0x80..0x250, 0x2000..0x2B00, 0x3000..0x3040, 0xFF00..0xFF70];
        for c in ranges.into_iter().flatten().filter_map(char::from_u32) {
            if let Some(fast) = nfkc_char_fast(c) {
                assert_eq!(
                    fast.to_string(),
                    c.nfkc().collect::<String>(),
                    "U+{:04X}",
                    c as u32
                );
            }
        }
    }

    #[test]
    fn segmented_nfkc_agrees_with_the_full_algorithm() {
        use proptest::prelude::*;
        // ASCII and ideographs (segment starts) among characters that decompose, reorder or
        // compose: combining marks, Hangul jamo, compatibility forms, half-width kana.
        let piece = prop_oneof![
            Just('a'),
            Just('e'),
            Just(' '),
            Just('中'),
            Just('文'),
            Just('…'),
            Just('\u{301}'),
            Just('\u{327}'),
            Just('\u{308}'),
            Just('\u{1100}'),
            Just('\u{1161}'),
            Just('\u{11A8}'),
            Just('가'),
            Just('ｶ'),
            Just('\u{FF9E}'),
            Just('ﬁ'),
            Just('①'),
            Just('，'),
            Just('　'),
            Just('Å'),
            Just('\u{3099}'),
            Just('か'),
            Just('\u{FB01}'),
            Just('㈠'),
            Just('豈'),
            Just('д'),
            Just('\u{0F73}'),
            Just('\u{0345}'),
            Just('\u{0CD5}'),
            Just('ಿ'),
            any::<char>(),
        ];
        proptest!(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x7061_6765_7761_7368), ..ProptestConfig::with_cases(5000) }, |(chars in proptest::collection::vec(piece, 0..24))| {
            let s: String = chars.into_iter().collect();
            prop_assert_eq!(nfkc(&s), s.nfkc().collect::<String>(), "{:?}", s);
        });
    }

    #[test]
    fn lines_of_fast_characters_agree_with_the_full_algorithm() {
        use proptest::prelude::*;
        // Characters with a fast form, mapped (full-width digits, letters, punctuation, the
        // ideographic space) or kept (ASCII, ideographs, Hangul, Latin letters, quotes).
        let piece = prop_oneof![
            Just('a'),
            Just(' '),
            Just('中'),
            Just('文'),
            Just('，'),
            Just('　'),
            Just('１'),
            Just('９'),
            Just('Ａ'),
            Just('ｚ'),
            Just('é'),
            Just('가'),
            Just('—'),
            Just('“'),
            Just('\u{A0}'),
            Just('㐀'),
            Just('…'),
        ];
        proptest!(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x6661_7374), ..ProptestConfig::with_cases(3000) }, |(chars in proptest::collection::vec(piece, 0..40))| {
            let s: String = chars.into_iter().collect();
            prop_assert!(nfkc_all_fast(&s).is_some(), "{:?}", s);
            prop_assert_eq!(nfkc(&s), s.nfkc().collect::<String>(), "{:?}", s);
        });
    }
}
