//! What clean text of scripts other than Chinese looks like, for the repairs' guards.
//!
//! A repair judges damage by how implausible a stretch of text is *as Chinese*. Japanese,
//! Korean and alphabetic text are implausible Chinese while perfectly fine text (issue 13:
//! `発令` read as a shifted GBK run, `út` as a shifted pair), so before a repair edits it
//! must also find the text implausible in these scripts. The tests here are cheap, local
//! and never look at frequencies: a script's own letters in the shape of its words.

use super::gbk::gbk_pair;
use std::sync::OnceLock;

/// Hiragana, katakana (with the prolonged sound mark ー), their phonetic extensions and
/// halfwidth katakana: no Chinese text uses them, every Japanese sentence does.
pub(crate) fn is_kana(c: char) -> bool {
    matches!(
        c,
        '\u{3041}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' | '\u{FF66}'..='\u{FF9D}'
    )
}

/// The alphabet of a letter, for telling words (letters of one alphabet side by side)
/// from shifted GBK garbage, which mixes GBK's Greek, Cyrillic and pinyin letters at random.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Alphabet {
    Latin,
    Greek,
    Cyrillic,
}

/// The alphabet of `c`, None for anything else: Han, kana, digits, punctuation, and the
/// fullwidth letters and Roman numerals of GBK's symbol rows, which shifted garbage is full
/// of and words are not made of. (Other alphabets are not in GBK at all.)
pub(crate) fn alphabet(c: char) -> Option<Alphabet> {
    // Han, kana and CJK punctuation, the common case, first.
    if u32::from(c) >= 0x2000 {
        return None;
    }
    if c.is_ascii() {
        return c.is_ascii_alphabetic().then_some(Alphabet::Latin);
    }
    // By ranges, without `is_alphabetic` (a slow search for every non-ASCII char): the
    // letters of Latin-1, Latin Extended-A/B and Additional, Greek and Cyrillic, less the
    // signs among them (× ÷, Greek punctuation, Cyrillic combining marks).
    match c {
        '\u{00C0}'..='\u{00D6}'
        | '\u{00D8}'..='\u{00F6}'
        | '\u{00F8}'..='\u{024F}'
        | '\u{1E00}'..='\u{1EFF}' => Some(Alphabet::Latin),
        '\u{0386}' | '\u{0388}'..='\u{03FF}' | '\u{1F00}'..='\u{1FBC}' => Some(Alphabet::Greek),
        '\u{0400}'..='\u{0481}' | '\u{048A}'..='\u{052F}' => Some(Alphabet::Cyrillic),
        _ => None,
    }
}

/// Whether `a` and `b` are letters of one alphabet, i.e. part of one word (`út`, `ün`, `Мо`).
pub(crate) fn same_alphabet(a: char, b: char) -> bool {
    alphabet(a).is_some_and(|x| alphabet(b) == Some(x))
}

/// Shift_JIS table bits of each BMP char: [`JIS_ANY`], [`JIS_LEVEL1`].
fn jis_table() -> &'static [u8] {
    static JIS: OnceLock<Vec<u8>> = OnceLock::new();
    JIS.get_or_init(|| {
        let mut t = vec![0u8; 0x1_0000];
        for lead in (0x81u8..=0x9F).chain(0xE0..=0xEF) {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFC) {
                let bytes = [lead, trail];
                let (s, bad) = encoding_rs::SHIFT_JIS.decode_without_bom_handling(&bytes);
                let mut it = s.chars();
                let (false, Some(k), None) = (bad, it.next(), it.next()) else {
                    continue;
                };
                let Some(slot) = t.get_mut(k as usize) else {
                    continue;
                };
                *slot |= JIS_ANY;
                // Level 1 is Shift_JIS 0x889F..=0x9872.
                if (0x889F..=0x9872).contains(&u16::from_be_bytes(bytes)) {
                    *slot |= JIS_LEVEL1;
                }
            }
        }
        t
    })
}

/// In JIS X 0208 (Shift_JIS double-byte): every character Japanese text commonly holds.
const JIS_ANY: u8 = 1;
/// A kanji of JIS X 0208 level 1.
const JIS_LEVEL1: u8 = 2;

/// Whether `c` is a kanji of JIS X 0208 level 1, the 2,965 kanji of everyday Japanese (the
/// Jōyō set and common names). Japanese forms such as 発, 駅, 広 are rare in Chinese text,
/// so the Chinese frequency model alone would take them for damage.
pub(crate) fn is_common_kanji(c: char) -> bool {
    jis_table()
        .get(c as usize)
        .is_some_and(|&b| b & JIS_LEVEL1 != 0)
}

/// Whether `line` could be Japanese text: every char is ASCII, U+FFFD or in JIS X 0208.
/// Simplified forms (们, 这, 说) and many Traditional ones are not, so a Chinese line
/// usually holds one and its runs need not be read as Japanese.
pub(crate) fn could_be_japanese(line: &str) -> bool {
    let t = jis_table();
    line.chars().all(|c| {
        c.is_ascii() || c == '\u{FFFD}' || t.get(c as usize).is_some_and(|&b| b & JIS_ANY != 0)
    })
}

/// Whether `c` is at home in everyday Japanese text: kana, a [common kanji](is_common_kanji),
/// or CJK punctuation and fullwidth forms (、。「」！). A run of such chars reads as Japanese.
pub(crate) fn is_japanese(c: char) -> bool {
    is_common_kanji(c)
        || is_kana(c)
        || matches!(c, '\u{3000}'..='\u{303F}' | '\u{FF01}'..='\u{FF60}')
}

/// Whether a GBK decoder could have produced every letter of `line`: a letter GBK cannot
/// encode (hangul, Vietnamese ạ ế, Arabic, Thai, Devanagari…) means the line was never
/// GBK. Symbols are not judged: pages mix them in after decoding (bullets, emoji).
pub(crate) fn could_be_gbk(line: &str) -> bool {
    line.chars()
        // The table lookup first: `is_alphabetic` is a slow search.
        .all(|c| c.is_ascii() || gbk_pair(c).is_some() || !c.is_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_forms_are_common_kanji() {
        for c in ['発', '駅', '広', '東', '京', '込', '円'] {
            assert!(is_common_kanji(c), "{c}");
        }
        // Simplified-only forms and rare characters are not.
        for c in ['发', '们', '这', '龘', '瑫', 'a', 'ア'] {
            assert!(!is_common_kanji(c), "{c}");
        }
    }

    #[test]
    fn scripts() {
        assert!(is_kana('ー') && is_kana('の') && is_kana('ｱ') && !is_kana('一'));
        assert!(same_alphabet('ú', 't') && same_alphabet('Ж', 'и') && same_alphabet('α', 'β'));
        assert!(
            !same_alphabet('Ж', 'x') && !same_alphabet('中', '文') && !same_alphabet('の', 'a')
        );
        assert_eq!(alphabet('1'), None);
        assert!(!same_alphabet('Ｒ', 'Ｎ'));
        assert!(could_be_gbk("留在當?兀瑫翰环掂l，") && could_be_gbk("Andrássy út 3"));
        assert!(!could_be_gbk("서울") && !could_be_gbk("Việt") && !could_be_gbk("Üllői"));
        assert!(could_be_japanese("緊急事態宣言の発令。") && !could_be_japanese("他们这样说"));
    }
}
