//! What one line says about itself: how much text, how much of it is link text, how much
//! punctuation. Counted in characters and CJK punctuation, never in ASCII words, so a
//! Chinese paragraph and an English one of the same content weigh about the same.

/// A CJK ideograph (or kana, hangul) carries about as much as three Latin letters: an
/// English word is ~5 letters plus a space, a Chinese word ~1.5 characters.
const WIDE_WEIGHT: f32 = 3.0;

/// The signals of one line.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct LineSignals {
    /// Characters other than white space.
    pub chars: u32,
    /// Ideographs, kana and hangul among them.
    pub wide: u32,
    /// Text size in Latin-letter units: other characters count 1, wide ones
    /// count 3.
    pub units: f32,
    /// Clause and sentence marks: `，。；：？！、` and ASCII `, ; : ? ! .` before a space, a
    /// CJK character (NFKC turns `，` into `,`) or the end; so URLs, numbers and
    /// abbreviations inside words do not count.
    pub marks: u32,
    /// Sentence ends: `。？！` and ASCII `. ? !` before a space or the end.
    pub stops: u32,
    /// Share of the characters that are link text (0 for text input).
    pub link_share: f32,
}

impl LineSignals {
    /// Signals of `line`; `link_share` comes from the HTML context (0 when there is none).
    pub fn of(line: &str, link_share: f32) -> LineSignals {
        let mut s = LineSignals {
            link_share: link_share.clamp(0.0, 1.0),
            ..LineSignals::default()
        };
        let mut pending: Option<char> = None; // an ASCII mark waiting for a following space
        for c in line.chars() {
            if c.is_ascii() {
                // Most of a page: never wide, never a CJK mark, white space by one range
                // test (what `char::is_whitespace` says of ASCII). Same steps as below.
                if matches!(c, '\t'..='\r' | ' ') {
                    if let Some(m) = pending.take() {
                        s.count_mark(m);
                    }
                    continue;
                }
                s.chars += 1;
                pending = matches!(c, ',' | ';' | ':' | '?' | '!' | '.').then_some(c);
                continue;
            }
            if c.is_whitespace() {
                if let Some(m) = pending.take() {
                    s.count_mark(m);
                }
                continue;
            }
            let wide = is_wide(c);
            if let Some(m) = pending.take() {
                if wide {
                    s.count_mark(m); // a CJK comma after NFKC: `内容,有`
                }
            }
            s.chars += 1;
            if wide {
                s.wide += 1;
            }
            match c {
                '。' | '？' | '！' | '｡' => {
                    s.marks += 1;
                    s.stops += 1;
                }
                '，' | '；' | '：' | '、' | '､' => s.marks += 1,
                ',' | ';' | ':' | '?' | '!' | '.' => pending = Some(c),
                _ => {}
            }
        }
        if let Some(m) = pending {
            s.count_mark(m);
        }
        s.units = (s.chars - s.wide) as f32 + s.wide as f32 * WIDE_WEIGHT;
        s
    }

    fn count_mark(&mut self, c: char) {
        self.marks += 1;
        if matches!(c, '.' | '?' | '!') {
            self.stops += 1;
        }
    }

    /// Units of text that are not link text.
    pub fn plain_units(&self) -> f32 {
        self.units * (1.0 - self.link_share)
    }

    /// Looks like a sentence of running text: long enough and punctuated, mostly not links.
    pub fn is_prose(&self) -> bool {
        self.link_share < 0.5
            && ((self.units >= 60.0 && self.marks >= 2) || (self.units >= 120.0 && self.marks >= 1))
    }
}

/// Ideographs, kana and hangul: characters set one per word.
pub(crate) use crate::text::chars::is_cjk_letter as is_wide;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_and_english_paragraphs_weigh_alike() {
        let zh = LineSignals::of(
            "今天上午，国务院召开常务会议，研究部署进一步做好稳就业工作。",
            0.0,
        );
        let en = LineSignals::of(
            "This morning, the State Council held an executive meeting on stabilising jobs.",
            0.0,
        );
        assert_eq!(zh.wide, 27);
        assert_eq!((zh.marks, zh.stops), (3, 1));
        assert_eq!((en.marks, en.stops), (2, 1));
        assert!(
            (zh.units / en.units - 1.0).abs() < 0.3,
            "{} vs {}",
            zh.units,
            en.units
        );
        assert!(zh.is_prose() && en.is_prose());
    }

    #[test]
    fn ascii_marks_count_only_before_a_space_or_the_end() {
        let s = LineSignals::of("www.example.com 3.14 a,b e.g.x", 0.0);
        assert_eq!(s.marks, 0);
        let s = LineSignals::of("Yes, it works. Really!", 0.0);
        assert_eq!((s.marks, s.stops), (3, 2));
    }

    #[test]
    fn nfkc_commas_between_cjk_characters_count() {
        let full = LineSignals::of("正文第一段，内容很长，有标点。", 0.0);
        let nfkc = LineSignals::of("正文第一段,内容很长,有标点。", 0.0);
        assert_eq!(full, nfkc);
        assert_eq!((nfkc.marks, nfkc.stops), (3, 1));
    }

    /// The signals as first written, one path for every character: the ASCII fast path
    /// must give the same.
    fn reference(line: &str, link_share: f32) -> LineSignals {
        let mut s = LineSignals {
            link_share: link_share.clamp(0.0, 1.0),
            ..LineSignals::default()
        };
        let mut pending: Option<char> = None;
        for c in line.chars() {
            if c.is_whitespace() {
                if let Some(m) = pending.take() {
                    s.count_mark(m);
                }
                continue;
            }
            let wide = is_wide(c);
            if let Some(m) = pending.take() {
                if wide {
                    s.count_mark(m);
                }
            }
            s.chars += 1;
            if wide {
                s.wide += 1;
            }
            match c {
                '。' | '？' | '！' | '｡' => {
                    s.marks += 1;
                    s.stops += 1;
                }
                '，' | '；' | '：' | '、' | '､' => s.marks += 1,
                ',' | ';' | ':' | '?' | '!' | '.' => pending = Some(c),
                _ => {}
            }
        }
        if let Some(m) = pending {
            s.count_mark(m);
        }
        s.units = (s.chars - s.wide) as f32 + s.wide as f32 * WIDE_WEIGHT;
        s
    }

    #[test]
    fn agrees_with_the_reference() {
        let parts = [
            "a", "Z", "9", " ", "\t", "\u{0B}", "\u{0C}", "\r", "\n", ".", ",", ";", ":", "?", "!",
            "。", "，", "、", "｡", "､", "内", "カ", "한", "é", "\u{A0}", "\u{3000}", "\u{85}", "—",
            "x.", "中,", ".中",
        ];
        let mut lines = vec![String::new()];
        for (i, a) in parts.iter().enumerate() {
            for (j, b) in parts.iter().enumerate() {
                let c = parts[(i * 7 + j * 3) % parts.len()];
                lines.push(format!("{a}{b}{c}"));
                lines.push(format!("{a}{b}{c}{a}{c}{b}"));
            }
        }
        for line in &lines {
            assert_eq!(LineSignals::of(line, 0.3), reference(line, 0.3), "{line:?}");
        }
    }

    #[test]
    fn link_lines_and_short_lines_are_not_prose() {
        assert!(
            !LineSignals::of("首页 | 新闻 | 体育 | 娱乐 | 财经 | 科技 | 汽车 | 房产", 0.0)
                .is_prose()
        );
        let linked = "今天上午，国务院召开常务会议，研究部署进一步做好稳就业工作。";
        assert!(!LineSignals::of(linked, 0.9).is_prose());
        assert!(!LineSignals::of("Read more.", 0.0).is_prose());
    }
}
