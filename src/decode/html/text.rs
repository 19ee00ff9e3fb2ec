//! Whitespace rules of CSS `white-space: normal`, as browsers apply them to text.

/// HTML's ASCII whitespace (HTML §2.3.3: space, tab, LF, FF, CR). U+00A0 and U+3000 are not
/// collapsible in CSS and stay in the text.
pub(crate) fn is_html_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0C' | b'\r')
}

/// East Asian wide or full-width characters, Hangul excepted: CSS Text 3 §4.1.3 removes a
/// segment break (a source line break) between two of these instead of turning it into a
/// space, so Chinese wrapped in the source does not get spaces inside words.
pub(crate) fn is_east_asian_wide(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x303E      // CJK radicals, Kangxi, CJK symbols and punctuation (、。「」)
        | 0x3041..=0x33FF    // kana, bopomofo, CJK compatibility
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xA000..=0xA4CF    // Yi
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFE30..=0xFE4F    // CJK compatibility forms
        | 0xFF00..=0xFF60    // full-width forms (，！？)
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x2FFFD
        | 0x30000..=0x3FFFD)
}

/// Collapses runs of HTML whitespace to one space and trims the ends, for metadata values.
pub(crate) fn collapse(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for word in s.split(|c: char| c.is_ascii() && is_html_space(c as u8)) {
        if word.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}

/// `s` split at every HTML space, as `s.split(|c: char| c.is_ascii() && is_html_space(c as
/// u8))` splits it (empty pieces included), found bytewise: the spaces are ASCII, so never
/// inside another character, and the pieces need no decoding to be found.
pub(crate) fn split_html_space(s: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        if done {
            return None;
        }
        let rest = &s.as_bytes()[start..];
        let piece_start = start;
        match rest.iter().position(|&b| is_html_space(b)) {
            Some(k) => {
                start += k + 1;
                s.get(piece_start..piece_start + k)
            }
            None => {
                done = true;
                s.get(piece_start..)
            }
        }
    })
}

/// Number of characters in `s`, counting lead bytes only (no decoding).
pub(crate) fn char_count(s: &str) -> usize {
    s.bytes().filter(|&b| (b as i8) >= -0x40).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn collapse_trims_and_joins() {
        assert_eq!(collapse("  a \n\t b  "), "a b");
        assert_eq!(collapse("\u{a0}x"), "\u{a0}x");
        assert_eq!(collapse(""), "");
    }

    #[test]
    fn wide_chars() {
        assert!(is_east_asian_wide('中'));
        assert!(is_east_asian_wide('。'));
        assert!(is_east_asian_wide('，'));
        assert!(!is_east_asian_wide('a'));
        assert!(!is_east_asian_wide('한'));
    }

    #[test]
    fn splits_as_str_split_does() {
        let parts = [
            "", " ", "  ", "\t", "\n", "\r", "\x0C", "\u{A0}", "a", "bc", "中", "é",
        ];
        for a in parts {
            for b in parts {
                for c in parts {
                    let s = format!("{a}{b}{c}{b}");
                    let want: Vec<&str> = s
                        .split(|c: char| c.is_ascii() && is_html_space(c as u8))
                        .collect();
                    assert_eq!(split_html_space(&s).collect::<Vec<_>>(), want, "{s:?}");
                }
            }
        }
    }

    #[test]
    fn counts_chars() {
        assert_eq!(char_count("a中b"), 3);
    }
}
