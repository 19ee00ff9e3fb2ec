//! Removes Hanyu Pinyin readings that a Simplified→Traditional converter
//! injected after characters, e.g. `當(dāng)前` → `當前`.
//!
//! Some Chinese sites run their pages through a converter that, besides
//! swapping characters, writes the reading of (some of) the converted
//! characters straight after them in parentheses. Readers and downstream
//! consumers only want the text, so the readings must go. The difficulty is
//! not removing them but *not* removing anything else: parentheses after
//! Chinese text are everyday punctuation (`村(社區)`), Latin letters in
//! parentheses are common in code and lists (`f(a)`, `(a) first item`), and
//! dictionary pages legitimately teach readings (`行（xíng）`).
//!
//! The module therefore recognises an annotation only when all of these hold:
//! * the parenthesised text is exactly one syllable of the Standard Mandarin
//!   inventory ([`SYLLABLES`]), written in lowercase with at most one tone
//!   mark, which rules out words, abbreviations and most English;
//! * it sits straight after a CJK ideograph, which is where the converter
//!   writes it; after an ASCII letter (mojibake such as `皖I(lǐng)CP` where
//!   the ideograph was damaged into a Latin letter) it must also carry a tone
//!   mark, because `f(a)`-like code never has one;
//! * the page as a whole looks converted ([`is_converter_page`]), decided by
//!   the caller from [`count_annotations`], so that the odd `行（xíng）` on a
//!   dictionary page is left alone; and most annotations follow a character the converter
//!   changed ([`is_converter_share`]), so that a dictionary page full of `天(tiān)` is too.
//!
//! Everything is a single forward scan over `char`s without allocation;
//! a `String` is only built once a line is known to contain an annotation.

/// Every base syllable of Standard Mandarin, sorted by bytes so that
/// [`slice::binary_search`] works (a unit test guards the order).
///
/// The list is the set of toneless readings in pypinyin's character
/// dictionary (which follows the Xiandai Hanyu Cidian), with `ü` spelt as
/// `ü`, minus readings we deliberately leave out because they would cost more
/// than they bring:
/// * the syllabic nasals `m`, `n`, `ng`, `hm`, `hng` (呣, 嗯, 噷, 哼): these
///   interjection characters are identical in Simplified and Traditional, so
///   the converter has no reason to annotate them, while `(m)` and `(n)` after
///   Chinese text are common units and variables (`长度(m)`, `数量(n)`);
/// * dialect or single-character readings outside the standard syllable
///   table (`biang`, `bong`, `cei`, `din`, `fiao`, `len`, `nia`, `wong`):
///   their characters are not converted either, and `(len)` is code.
pub const SYLLABLES: &[&str] = &[
    "a", "ai", "an", "ang", "ao", "ba", "bai", "ban", "bang", "bao", "bei", "ben", "beng", "bi",
    "bian", "biao", "bie", "bin", "bing", "bo", "bu", "ca", "cai", "can", "cang", "cao", "ce",
    "cen", "ceng", "cha", "chai", "chan", "chang", "chao", "che", "chen", "cheng", "chi", "chong",
    "chou", "chu", "chua", "chuai", "chuan", "chuang", "chui", "chun", "chuo", "ci", "cong", "cou",
    "cu", "cuan", "cui", "cun", "cuo", "da", "dai", "dan", "dang", "dao", "de", "dei", "den",
    "deng", "di", "dia", "dian", "diao", "die", "ding", "diu", "dong", "dou", "du", "duan", "dui",
    "dun", "duo", "e", "ei", "en", "eng", "er", "fa", "fan", "fang", "fei", "fen", "feng", "fo",
    "fou", "fu", "ga", "gai", "gan", "gang", "gao", "ge", "gei", "gen", "geng", "gong", "gou",
    "gu", "gua", "guai", "guan", "guang", "gui", "gun", "guo", "ha", "hai", "han", "hang", "hao",
    "he", "hei", "hen", "heng", "hong", "hou", "hu", "hua", "huai", "huan", "huang", "hui", "hun",
    "huo", "ji", "jia", "jian", "jiang", "jiao", "jie", "jin", "jing", "jiong", "jiu", "ju",
    "juan", "jue", "jun", "ka", "kai", "kan", "kang", "kao", "ke", "kei", "ken", "keng", "kong",
    "kou", "ku", "kua", "kuai", "kuan", "kuang", "kui", "kun", "kuo", "la", "lai", "lan", "lang",
    "lao", "le", "lei", "leng", "li", "lia", "lian", "liang", "liao", "lie", "lin", "ling", "liu",
    "lo", "long", "lou", "lu", "luan", "lun", "luo", "lü", "lüe", "ma", "mai", "man", "mang",
    "mao", "me", "mei", "men", "meng", "mi", "mian", "miao", "mie", "min", "ming", "miu", "mo",
    "mou", "mu", "na", "nai", "nan", "nang", "nao", "ne", "nei", "nen", "neng", "ni", "nian",
    "niang", "niao", "nie", "nin", "ning", "niu", "nong", "nou", "nu", "nuan", "nun", "nuo", "nü",
    "nüe", "o", "ou", "pa", "pai", "pan", "pang", "pao", "pei", "pen", "peng", "pi", "pian",
    "piao", "pie", "pin", "ping", "po", "pou", "pu", "qi", "qia", "qian", "qiang", "qiao", "qie",
    "qin", "qing", "qiong", "qiu", "qu", "quan", "que", "qun", "ran", "rang", "rao", "re", "ren",
    "reng", "ri", "rong", "rou", "ru", "rua", "ruan", "rui", "run", "ruo", "sa", "sai", "san",
    "sang", "sao", "se", "sen", "seng", "sha", "shai", "shan", "shang", "shao", "she", "shei",
    "shen", "sheng", "shi", "shou", "shu", "shua", "shuai", "shuan", "shuang", "shui", "shun",
    "shuo", "si", "song", "sou", "su", "suan", "sui", "sun", "suo", "ta", "tai", "tan", "tang",
    "tao", "te", "tei", "teng", "ti", "tian", "tiao", "tie", "ting", "tong", "tou", "tu", "tuan",
    "tui", "tun", "tuo", "wa", "wai", "wan", "wang", "wei", "wen", "weng", "wo", "wu", "xi", "xia",
    "xian", "xiang", "xiao", "xie", "xin", "xing", "xiong", "xiu", "xu", "xuan", "xue", "xun",
    "ya", "yan", "yang", "yao", "ye", "yi", "yin", "ying", "yo", "yong", "you", "yu", "yuan",
    "yue", "yun", "za", "zai", "zan", "zang", "zao", "ze", "zei", "zen", "zeng", "zha", "zhai",
    "zhan", "zhang", "zhao", "zhe", "zhei", "zhen", "zheng", "zhi", "zhong", "zhou", "zhu", "zhua",
    "zhuai", "zhuan", "zhuang", "zhui", "zhun", "zhuo", "zi", "zong", "zou", "zu", "zuan", "zui",
    "zun", "zuo", "ê",
];

/// Common non-standard spellings of `lüe`/`nüe` that keyboards produce;
/// they cannot mean anything else, so accepting them costs nothing.
/// (`lv`, `nv`, `lve`, `nve` are handled by reading `v` as `ü`.)
const INFORMAL_SYLLABLES: &[&str] = &["lue", "nue"];

/// Longest syllable is six letters (`zhuang`); a decomposed tone mark or
/// umlaut adds a combining character each. Anything longer between the
/// parentheses cannot be a single syllable, so we stop reading early and keep
/// the scan linear even on adversarial input like `(aaaa…`.
const MAX_SYLLABLE_CHARS: usize = 8;

/// UTF-8 bytes needed for [`MAX_SYLLABLE_CHARS`] base letters, `ü`/`ê`
/// taking two bytes each.
const KEY_BYTES: usize = 2 * MAX_SYLLABLE_CHARS;

/// Minimum number of annotations on a page before it is treated as
/// converter output.
///
/// Why 10: a dictionary or teaching page shows a handful of readings for the
/// character it explains (行 has four: xíng, háng, hàng, héng, each maybe with
/// an example), while the converter annotates a large share of the
/// characters it converts and produces dozens per page (62 to 236 on the seed pages). Ten leaves room
/// for a short converted page of one paragraph while staying above what a
/// page explaining one or two characters writes.
pub const MIN_CONVERTER_ANNOTATIONS: usize = 10;

/// Minimum annotation density, in annotations per thousand ideographs.
///
/// Why 20 (one annotation per 50 ideographs): the converter annotates a
/// steady share of the running text, measured at 39‰ to 164‰ on the seed
/// pages, so 20‰ keeps a 2× margin below the sparsest one. A long
/// article or dictionary entry that quotes readings now and then stays far
/// below it, even when it quotes more than [`MIN_CONVERTER_ANNOTATIONS`].
pub const MIN_CONVERTER_PER_MILLE: usize = 20;

/// Counts converter-style annotations in a line (used for the page-level decision).
pub fn count_annotations(line: &str) -> usize {
    let mut count = 0;
    scan(line, |_, _, _| count += 1);
    count
}

/// Counts the annotations of a line that follow a character the converter changed (one
/// whose Simplified form differs, `當`, `國`): the converter only annotates what it
/// converts, while a dictionary annotates any headword (`天(tiān)`).
pub fn count_converted_annotations(line: &str) -> usize {
    count_annotations_and_converted(line).1
}

/// [`count_annotations`] and [`count_converted_annotations`] in one scan.
pub fn count_annotations_and_converted(line: &str) -> (usize, usize) {
    let (mut all, mut converted) = (0, 0);
    scan(line, |_, _, prev| {
        all += 1;
        converted += usize::from(crate::hanzi::to_simplified(prev) != prev);
    });
    (all, converted)
}

/// Minimum share, in percent, of a page's annotations that follow a converted character
/// ([`count_converted_annotations`]) for the page to show the converter's pattern.
///
/// Why 80: on the seed pages every annotation follows a converted character (62 of 62, 183
/// of 183, 236 of 236); damage can hide a few (an ideograph mangled into a Latin letter,
/// `皖I(lǐng)CP`). A dictionary or teaching page annotates its headwords whatever their
/// script, so in Simplified text none of them and in Traditional text about half.
pub const MIN_CONVERTED_PERCENT: usize = 80;

/// Whether enough of a page's annotations follow converted characters (see
/// [`MIN_CONVERTED_PERCENT`]). Takes (converted annotations, all annotations).
pub fn is_converter_share(converted: usize, annotations: usize) -> bool {
    converted as u128 * 100 >= annotations as u128 * MIN_CONVERTED_PERCENT as u128
}

/// Removes annotations from a line; None when there are none.
///
/// The caller decides with [`is_converter_page`] whether the page deserves
/// it: on a page with only a couple of readings they are likely meant to be
/// there.
pub fn strip_annotations(line: &str) -> Option<String> {
    let mut out: Option<String> = None;
    let mut copied_up_to = 0;
    scan(line, |start, end, _| {
        // Allocate lazily: most lines have no annotation at all.
        let buf = out.get_or_insert_with(|| String::with_capacity(line.len()));
        buf.push_str(&line[copied_up_to..start]);
        copied_up_to = end;
    });
    let mut buf = out?;
    buf.push_str(&line[copied_up_to..]);
    Some(buf)
}

/// Whether a page shows the converter's pattern: many annotations, dense enough that a dictionary page teaching one or a few readings (e.g. `行（xíng）…行（háng）`) is not mistaken for it. Takes (annotation count, ideograph count) for the whole page.
///
/// Both conditions are needed: a short teaching snippet is dense (2 in 12
/// ideographs) but has few annotations, while a long article quoting a few
/// readings can reach the count but is sparse. See
/// [`MIN_CONVERTER_ANNOTATIONS`] and [`MIN_CONVERTER_PER_MILLE`].
pub fn is_converter_page(annotations: usize, ideographs: usize) -> bool {
    // u128 so that the products cannot overflow (a usize always fits).
    annotations >= MIN_CONVERTER_ANNOTATIONS
        && annotations as u128 * 1000 >= ideographs as u128 * MIN_CONVERTER_PER_MILLE as u128
}

/// Whether `c` is a CJK ideograph, the only thing the converter annotates; the caller
/// counts ideographs for [`is_converter_page`] by the same definition.
pub use crate::text::chars::is_ideograph;

/// How the annotation opens, which decides how much evidence we demand.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Opener {
    /// `(` or `（`: the converter's own output.
    Paren,
    /// `?` or U+FFFD: the opening parenthesis was lost together with a
    /// neighbouring byte by a later re-encoding (`當(dāng)?shù)兀`), so the
    /// only trace left is the replacement character.
    Lost,
}

fn opener(c: char) -> Option<Opener> {
    match c {
        '(' | '（' => Some(Opener::Paren),
        '?' | '\u{FFFD}' => Some(Opener::Lost),
        _ => None,
    }
}

fn is_closer(c: char) -> bool {
    c == ')' || c == '）'
}

/// Cheap byte test that lets lines without any possible opener skip the
/// `char` decoding entirely. `0xEF` is the lead byte of both `（` (U+FF08)
/// and U+FFFD; it also starts other characters, which only costs a scan.
fn may_contain_opener(line: &str) -> bool {
    line.bytes().any(|b| matches!(b, b'(' | b'?' | 0xEF))
}

/// Calls `on_match(start, end)` with the byte range of every annotation, in
/// order and without overlap.
///
/// "Straight after an ideograph" is judged against the last character that
/// is *kept*, so that an annotation directly followed by a damaged one
/// (`當(dāng)?shù)`) loses both: the second one still belongs to `當`.
fn scan(line: &str, mut on_match: impl FnMut(usize, usize, char)) {
    if !may_contain_opener(line) {
        return;
    }
    // Only an opener can start an annotation, and only the kept character before it
    // matters: so jump from one possible opener byte to the next. The kept character is the
    // one just before the opener, except right after an annotation, where it is still the
    // one kept before that annotation.
    let bytes = line.as_bytes();
    let mut resume = 0;
    let mut kept_at_resume: Option<char> = None;
    let mut from = 0;
    while let Some(off) = bytes[from..]
        .iter()
        .position(|&b| matches!(b, b'(' | b'?' | 0xEF))
    {
        // A char boundary: `(` and `?` are ASCII, 0xEF only ever leads a character.
        let i = from + off;
        let Some(c) = line[i..].chars().next() else {
            break;
        };
        let next = i + c.len_utf8();
        if let Some(kind) = opener(c) {
            let kept = if i == resume {
                kept_at_resume
            } else {
                line[..i].chars().next_back()
            };
            if let Some(prev) = kept {
                if let Some(end) = match_annotation(line, next, prev, kind) {
                    on_match(i, end, prev);
                    (resume, kept_at_resume, from) = (end, Some(prev), end);
                    continue;
                }
            }
        }
        from = next;
    }
}

/// Tries to read `syllable` + closing parenthesis from byte `start`;
/// returns the end of the closing parenthesis.
fn match_annotation(line: &str, start: usize, prev: char, kind: Opener) -> Option<usize> {
    // After an ideograph a neutral-tone `(de)` is plausible converter output;
    // everywhere else (Latin letter before, or only a `?` left of the
    // parenthesis) a tone mark is the evidence that this is pinyin and not
    // `f(a)` or a quiz answer `吗?a)`.
    let needs_tone = if is_ideograph(prev) {
        kind == Opener::Lost
    } else if prev.is_ascii_alphabetic() && kind == Opener::Paren {
        true
    } else {
        return None;
    };
    let mut key = [0u8; KEY_BYTES];
    let mut len = 0;
    let mut tones = 0;
    for (n, (offset, c)) in line[start..].char_indices().enumerate() {
        if is_closer(c) {
            if len == 0 || tones > 1 || (needs_tone && tones == 0) {
                return None;
            }
            let syllable = std::str::from_utf8(&key[..len]).ok()?;
            return is_syllable(syllable).then_some(start + offset + c.len_utf8());
        }
        if n >= MAX_SYLLABLE_CHARS {
            return None;
        }
        match letter(c)? {
            Letter::Base(base, tone) => {
                tones += usize::from(tone);
                len = push(&mut key, len, base)?;
            }
            Letter::CombiningTone => {
                // A tone mark with no letter to sit on is not pinyin.
                if len == 0 {
                    return None;
                }
                tones += 1;
            }
            Letter::CombiningDiaeresis => len = replace_last(&mut key, len, 'u', 'ü')?,
            Letter::CombiningCircumflex => len = replace_last(&mut key, len, 'e', 'ê')?,
        }
    }
    None
}

/// One character of a written syllable, reduced to what the lookup needs.
enum Letter {
    /// A base letter (`ü` and `ê` included) and whether it carried a tone.
    Base(char, bool),
    /// U+0300/U+0301/U+0304/U+030C after a vowel: a decomposed tone mark,
    /// as left by pages that were NFD-normalised somewhere on the way.
    CombiningTone,
    /// U+0308 after `u`: decomposed `ü`.
    CombiningDiaeresis,
    /// U+0302 after `e`: decomposed `ê`.
    CombiningCircumflex,
}

/// Maps a character of the annotation to its base letter; `None` for
/// anything that cannot occur in lowercase pinyin (upper case included: the
/// converter writes lowercase, and `(A)` is a list marker).
fn letter(c: char) -> Option<Letter> {
    let base = |b| Some(Letter::Base(b, false));
    let toned = |b| Some(Letter::Base(b, true));
    match c {
        // `v` is the keyboard spelling of `ü` (lv, nve).
        'v' => base('ü'),
        'a'..='z' | 'ü' | 'ê' => base(c),
        'ā' | 'á' | 'ǎ' | 'à' => toned('a'),
        'ē' | 'é' | 'ě' | 'è' => toned('e'),
        'ī' | 'í' | 'ǐ' | 'ì' => toned('i'),
        'ō' | 'ó' | 'ǒ' | 'ò' => toned('o'),
        'ū' | 'ú' | 'ǔ' | 'ù' => toned('u'),
        'ǖ' | 'ǘ' | 'ǚ' | 'ǜ' => toned('ü'),
        // Only the rising and falling tones of ê have precomposed forms.
        'ế' | 'ề' => toned('ê'),
        '\u{0300}' | '\u{0301}' | '\u{0304}' | '\u{030C}' => Some(Letter::CombiningTone),
        '\u{0308}' => Some(Letter::CombiningDiaeresis),
        '\u{0302}' => Some(Letter::CombiningCircumflex),
        _ => None,
    }
}

/// Appends `c` to the lookup key; `None` when it would not fit, which only
/// happens for text far too long to be a syllable.
fn push(key: &mut [u8; KEY_BYTES], len: usize, c: char) -> Option<usize> {
    let end = len + c.len_utf8();
    c.encode_utf8(key.get_mut(len..end)?);
    Some(end)
}

/// Replaces a trailing `from` (ASCII) with `to`, for decomposed `ü`/`ê`.
fn replace_last(key: &mut [u8; KEY_BYTES], len: usize, from: char, to: char) -> Option<usize> {
    let last = len.checked_sub(1)?;
    if key[last] != from as u8 {
        return None;
    }
    push(key, last, to)
}

fn is_syllable(s: &str) -> bool {
    SYLLABLES.binary_search(&s).is_ok() || INFORMAL_SYLLABLES.contains(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The scan as first written (char by char), which the jumping one must agree with.
    fn scan_char_by_char(line: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut kept: Option<char> = None;
        let mut i = 0;
        while let Some(c) = line[i..].chars().next() {
            let next = i + c.len_utf8();
            if let (Some(prev), Some(kind)) = (kept, opener(c)) {
                if let Some(end) = match_annotation(line, next, prev, kind) {
                    out.push((i, end));
                    i = end;
                    continue;
                }
            }
            kept = Some(c);
            i = next;
        }
        out
    }

    #[test]
    fn jumping_scan_agrees_with_the_char_by_char_scan() {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just("當"),
            Just("前"),
            Just("("),
            Just("（"),
            Just(")"),
            Just("）"),
            Just("?"),
            Just("\u{FFFD}"),
            Just("dāng"),
            Just("de"),
            Just("qián"),
            Just("shù"),
            Just("a"),
            Just("，"),
            Just(" "),
            Just("x"),
            Just("ü"),
            Just("e\u{301}"),
            Just("f"),
        ];
        proptest!(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x7061_6765_7761_7368), ..ProptestConfig::with_cases(5000) }, |(parts in proptest::collection::vec(piece, 0..24))| {
            let line: String = parts.concat();
            let mut jumped = Vec::new();
            scan(&line, |a, b, _| jumped.push((a, b)));
            prop_assert_eq!(jumped, scan_char_by_char(&line), "{}", line);
        });
        for line in [
            "當(dāng)?shù)兀",
            "當(dāng)(dāng)前",
            "(dāng)當（dāng）",
            "a(dāng)",
        ] {
            let mut jumped = Vec::new();
            scan(line, |a, b, _| jumped.push((a, b)));
            assert_eq!(jumped, scan_char_by_char(line), "{line}");
        }
    }

    fn strip(s: &str) -> String {
        strip_annotations(s).unwrap_or_else(|| s.to_owned())
    }

    #[test]
    fn syllable_table_is_sorted_unique_and_complete() {
        assert!(
            SYLLABLES.windows(2).all(|w| w[0] < w[1]),
            "binary search needs strict byte order"
        );
        // 413 standard bases; the count pins accidental edits.
        assert_eq!(SYLLABLES.len(), 413);
        for s in [
            "ê", "er", "lü", "lüe", "nü", "nüe", "yo", "o", "zhuang", "shei", "rua",
        ] {
            assert!(is_syllable(s), "{s}");
        }
        for s in ["m", "n", "ng", "hm", "len", "x", "zhuangg", "see"] {
            assert!(!is_syllable(s), "{s}");
        }
    }

    #[test]
    fn strips_basic_annotations() {
        assert_eq!(strip("當(dāng)前"), "當前");
        assert_eq!(
            strip("當(dāng)前,國(guó)內(nèi)本土集聚性疫情多發(fā)、頻發(fā)"),
            "當前,國內本土集聚性疫情多發、頻發"
        );
        assert_eq!(strip("當（dāng）前，國（guó）內"), "當前，國內");
        // Mixed halves, as left by partial width normalisation.
        assert_eq!(strip("當（dāng)前"), "當前");
        assert_eq!(count_annotations("當(dāng)前,國(guó)內(nèi)"), 3);
    }

    #[test]
    fn strips_every_vowel_and_tone_form() {
        for (line, want) in [
            ("綠(lǜ)色", "綠色"),
            ("女(nǚ)", "女"),
            ("略(lüè)", "略"),
            ("虐(nüè)", "虐"),
            ("綠(lv)", "綠"),
            ("略(lue)", "略"),
            ("們(men)", "們"),
            ("二(èr)", "二"),
            ("哟(yō)", "哟"),
            ("欸(ế)", "欸"),
            ("欸(ê)", "欸"),
            // Decomposed marks: a + U+0304, u + U+0308 + U+0300, e + U+0302.
            ("當(da\u{0304}ng)", "當"),
            ("綠(lu\u{0308}\u{0300})", "綠"),
            ("欸(e\u{0302})", "欸"),
            // Extension B ideograph before the annotation.
            ("\u{20000}(hē)", "\u{20000}"),
        ] {
            assert_eq!(strip_annotations(line).as_deref(), Some(want), "{line}");
        }
    }

    #[test]
    fn rejects_non_syllables() {
        for line in [
            "好(hǎó)的",   // two tone marks on a real syllable
            "綠(lǘè)",     // and on ü + e
            "當(Dāng)前",  // upper case
            "當(dang前",   // unclosed
            "當()前",      // empty
            "當(dāng )前", // space
            "當(zhuangzhuang)前",
            "嗯(ń)",   // syllabic nasal left out on purpose
            "長度(m)", // unit
            "數量(n)",
            "取(len)",
            "當(\u{0304}a)", // tone mark before any letter
            "(dāng)前",      // nothing before
            "1(dāng)",       // digit before
            "，(dāng)",      // punctuation before
        ] {
            assert_eq!(count_annotations(line), 0, "{line}");
            assert_eq!(strip_annotations(line), None, "{line}");
        }
    }

    #[test]
    fn latin_letter_before_needs_a_tone_mark() {
        assert_eq!(strip("皖I(lǐng)CP備0700665號"), "皖ICP備0700665號");
        assert_eq!(strip("環翰环掂l(xiāng)，遵守"), "環翰环掂l，遵守");
        for line in [
            "f(a)",
            "(a) first item",
            "Note (see below)",
            "函数f(x)",
            "call g(de)",
            "x(an)",
        ] {
            assert_eq!(count_annotations(line), 0, "{line}");
            assert_eq!(strip_annotations(line), None, "{line}");
        }
    }

    #[test]
    fn swallowed_opening_paren() {
        assert_eq!(strip("當(dāng)?shù)兀瑫"), "當兀瑫");
        assert_eq!(strip("當(dāng)\u{FFFD}shù)兀瑫"), "當兀瑫");
        assert_eq!(strip("當?shù)兀"), "當兀");
        assert_eq!(count_annotations("當(dāng)?shù)兀瑫"), 2);
        // Without a tone mark a `?` is far more likely a real question mark.
        for line in ["是吗?a) 对", "為什麼?me)", "x?shù)", "當?shù 兀)"] {
            assert_eq!(strip_annotations(line), None, "{line}");
        }
    }

    #[test]
    fn ordinary_parentheses_untouched() {
        for line in [
            "各鎮(街)黨(工)委",
            "外地來(返)天人員",
            "各村(社區)黨組織",
            "發布日期(2022-09-30)",
            "請選擇(A)或(B)",
            "漢字(hàn zì)",
        ] {
            assert_eq!(strip_annotations(line), None, "{line}");
        }
        // Known and accepted: a lowercase list marker that is also a
        // neutral-tone syllable is counted. It only goes if the page-level
        // decision says the page is converter output.
        assert_eq!(count_annotations("請選擇(a)或(b)"), 1);
    }

    #[test]
    fn dictionary_page_is_counted_but_not_a_converter_page() {
        let line = "\"行\"字有两个读音：行（xíng）走，银行（háng）";
        assert_eq!(count_annotations(line), 2);
        assert!(!is_converter_page(2, 30));
        // Many readings on a long page are still too sparse.
        assert!(!is_converter_page(15, 2000));
    }

    #[test]
    fn converter_page_thresholds() {
        assert!(is_converter_page(187, 1141));
        assert!(is_converter_page(62, 1591));
        assert!(is_converter_page(MIN_CONVERTER_ANNOTATIONS, 100));
        assert!(!is_converter_page(MIN_CONVERTER_ANNOTATIONS - 1, 20));
        assert!(!is_converter_page(0, 0));
        // No overflow at the extremes.
        assert!(is_converter_page(usize::MAX, usize::MAX));
        assert!(!is_converter_page(usize::MAX / 1000, usize::MAX));
    }

    #[test]
    fn no_allocation_path_returns_none() {
        assert_eq!(strip_annotations(""), None);
        assert_eq!(strip_annotations("沒有括號的一行"), None);
        assert_eq!(strip_annotations("(((((((((((((("), None);
        assert_eq!(
            strip_annotations("當(aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa)"),
            None
        );
    }
}
