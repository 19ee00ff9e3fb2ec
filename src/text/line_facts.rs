//! Facts about one line that the text rules, the structural rules and the content stage's
//! span all read: how many characters, blank or not, punctuated like prose.

/// A body paragraph has at least this many characters with at least two sentence marks…
const PROSE_MIN_CHARS: usize = 25;
/// …or at least this many with one: long single-comma lines are sentences too, while a title
/// with one comma is usually shorter.
const PROSE_MIN_CHARS_ONE_MARK: usize = 50;

/// Facts about one line that every rule and structural pass needs.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct LineFacts {
    /// Characters other than white space.
    pub chars: usize,
    /// Nothing but white space.
    pub blank: bool,
    /// Long and punctuated like an article sentence.
    pub prose: bool,
    /// Contains a Chinese full stop: the line is a sentence.
    pub sentence: bool,
}

impl LineFacts {
    pub(crate) fn of(line: &str) -> LineFacts {
        let mut chars = 0usize;
        let mut marks = 0usize;
        let mut sentence = false;
        let mut prev_period = false;
        let bytes = line.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let lead = bytes[at];
            if lead < 0x80 {
                // ASCII, decided here: white space as `char::is_whitespace` has it.
                at += 1;
                if matches!(lead, b'\t'..=b'\r' | b' ') {
                    if prev_period {
                        marks += 1;
                    }
                    prev_period = false;
                } else {
                    chars += 1;
                    prev_period = lead == b'.';
                    if matches!(lead, b',' | b';' | b'!' | b'?') {
                        marks += 1;
                    }
                }
                continue;
            }
            if (0xE4..=0xE9).contains(&lead) {
                // U+4000..=U+9FFF, ideographs: neither white space nor a mark. Most
                // characters of a Chinese page, counted without decoding them.
                at += 3;
                chars += 1;
                prev_period = false;
                continue;
            }
            let c = line[at..].chars().next().unwrap_or_default();
            at += c.len_utf8();
            if c.is_whitespace() {
                if prev_period {
                    marks += 1; // an English full stop is a period followed by a space
                }
                prev_period = false;
                continue;
            }
            chars += 1;
            prev_period = c == '.';
            match c {
                '。' => {
                    marks += 1;
                    sentence = true;
                }
                '，' | '；' | '！' | '？' | ',' | ';' | '!' | '?' | '｡' => marks += 1,
                _ => {}
            }
        }
        if prev_period {
            marks += 1;
        }
        let prose = (chars >= PROSE_MIN_CHARS && marks >= 2)
            || (chars >= PROSE_MIN_CHARS_ONE_MARK && marks >= 1);
        LineFacts {
            chars,
            blank: chars == 0,
            prose,
            sentence,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prose_needs_length_and_marks() {
        assert!(
            LineFacts::of(
                "正文第一段，内容很长很长很长，有标点。这里是文章的主体内容，不会被删除。"
            )
            .prose
        );
        assert!(!LineFacts::of("党旗下的召唤——“堡垒· 先锋”,你我同行动").prose);
        assert!(!LineFacts::of("发布日期: 2022-09-30 07:59      来源: 滨城时报").prose);
        assert!(
            LineFacts::of("This is an English sentence. It has two full stops and is long.").prose
        );
        assert!(LineFacts::of("   ").blank);
    }
}
