//! Character classes of East Asian text, defined once: every stage that asks "is this
//! Chinese", "is this a CJK letter" or "does this character stand for a word" asks here.
//! The eval port keeps `score.py`'s own classes (`eval.rs`), which it must match exactly.

/// A Han ideograph: the unified block, Extension A, the compatibility ideographs and planes
/// 2 and 3 (Extensions B to H, which Unicode reserves for ideographs). Radicals, strokes and
/// punctuation are not: callers ask this to decide "is this Chinese text".
pub fn is_ideograph(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3FFFF)
}

/// Hiragana and katakana.
pub fn is_kana(c: char) -> bool {
    matches!(c as u32, 0x3040..=0x30FF)
}

/// A precomposed Hangul syllable (the block, with its few unassigned code points at the end).
pub fn is_hangul(c: char) -> bool {
    matches!(c as u32, 0xAC00..=0xD7AF)
}

/// A CJK letter: an ideograph, kana or a Hangul syllable. Such characters are written
/// without spaces between words, so each weighs about as much as a short word.
pub fn is_cjk_letter(c: char) -> bool {
    is_ideograph(c) || is_kana(c) || is_hangul(c)
}

/// The CJK Symbols and Punctuation block (`、。「」【】`, the ideographic space).
pub fn is_cjk_symbol(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x303F)
}

/// The half-width and full-width forms block (`，：（）！`, `Ａ１`, half-width katakana).
pub fn is_fullwidth_form(c: char) -> bool {
    matches!(c as u32, 0xFF00..=0xFFEF)
}

/// Length in bytes of the run of unified ideographs (U+4E00–U+9FFF) that `bytes` starts
/// with; `bytes` must start at a character boundary of a `str`.
///
/// Nearly every character of a Chinese page is one of these, and the per-line passes (NFKC
/// view, normalizer, tallies) treat them all alike, so they step over them three bytes at a
/// time instead of decoding each character and testing its ranges. Their UTF-8 is a lead
/// byte `E5`–`E9` (U+5000–U+9FFF), or `E4` with a second byte from `B8` (U+4E00–U+4FFF);
/// in valid UTF-8 two continuation bytes follow every such lead.
pub(crate) fn ideograph_run_len(bytes: &[u8]) -> usize {
    let mut at = 0;
    while let Some(&[lead, second, ..]) = bytes.get(at..) {
        if !matches!((lead, second), (0xE5..=0xE9, _) | (0xE4, 0xB8..)) {
            break;
        }
        at += 3;
    }
    at.min(bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ideograph_runs_with_look_alikes() {
        let run = |s: &str| ideograph_run_len(s.as_bytes());
        assert_eq!(run("中文字a"), 9);
        assert_eq!(run("一龥"), 6); // U+4E00 and U+9FA5, the block's ends
        assert_eq!(run("\u{9FFF}"), 3);
        // Just outside: Yijing hexagrams (E4 B7 80), Extension A, compatibility ideographs,
        // Yi syllables (EA), CJK punctuation, full-width forms, Hangul, Extension B.
        for s in ["䷀", "㐀", "\u{F900}", "ꀀ", "。", "，", "한", "𠀀", "a", ""] {
            assert_eq!(run(s), 0, "{s}");
        }
        assert_eq!(run("中。文"), 3);
        // Agrees with the character test on every BMP character.
        for c in (0..0x1_0000u32).filter_map(char::from_u32) {
            let s = c.to_string();
            let want = if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                3
            } else {
                0
            };
            assert_eq!(run(&s), want, "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn classes_with_look_alikes() {
        for c in ['中', '㐀', '豈', '𠀀', '𱍐'] {
            assert!(is_ideograph(c) && is_cjk_letter(c), "{c}");
        }
        // Radicals, strokes, CJK punctuation and full-width letters are not ideographs.
        for c in ['⺀', '㇀', '。', 'Ａ', '〇'] {
            assert!(!is_ideograph(c), "{c}");
        }
        assert!(is_kana('あ') && is_kana('ヶ') && !is_kana('ㇰ'));
        assert!(is_hangul('한') && !is_hangul('ᄀ') && !is_hangul('ㄱ'));
        assert!(is_cjk_symbol('、') && is_cjk_symbol('\u{3000}') && !is_cjk_symbol('，'));
        assert!(is_fullwidth_form('，') && is_fullwidth_form('ｶ') && !is_fullwidth_form('、'));
        for c in ['a', 'é', 'Ж', 'ا', 'ก', '·'] {
            assert!(
                !is_cjk_letter(c) && !is_cjk_symbol(c) && !is_fullwidth_form(c),
                "{c}"
            );
        }
    }
}
