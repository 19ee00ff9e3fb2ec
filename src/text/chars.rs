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

#[cfg(test)]
mod tests {
    use super::*;

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
