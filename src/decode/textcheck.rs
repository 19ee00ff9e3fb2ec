//! Is the decoded result text at all? Binary data (images, archives, random bytes) decodes
//! without error in any single-byte charset, so the bytes cannot say it: the decoded text
//! does (issue 16).
//!
//! Three signs, each one that no page in any language or script shows, and each well past
//! what damaged pages reach (thresholds are named below, with the why):
//! - **control characters** (C0 other than tab, line feed, form feed and carriage return,
//!   and DEL): a byte below 0x20 decodes to one in every charset pagewash reads, so binary
//!   data is about 11% controls (29 of 256 byte values), text none at all;
//! - **U+FFFD**: bytes the chosen charset could not map. A page in a mislabelled charset
//!   is re-decoded by the arbitration; a mostly-U+FFFD result is data, or text lost for good;
//! - **no letters or digits**: a long page made only of symbols, punctuation or white
//!   space (`||||…`) is no text a corpus wants, whatever made it.
//!
//! C1 controls are not counted: they are the evidence of mojibake (UTF-8 read as
//! windows-1252), which the repairs turn back into text. Controls are judged on the text as
//! decoded (before any work is spent on binary data); U+FFFD and letters after the mojibake
//! repairs, since UTF-8 read as Big5 by a replacing decoder is mostly U+FFFD until repaired.

use crate::text::chars::ideograph_run_len;

/// Character counts of a text, the evidence of [`Tally::verdict`].
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Tally {
    chars: usize,
    controls: usize,
    replaced: usize,
    alnum: usize,
}

impl Tally {
    /// Counts the characters of `text` (linear, one pass): ASCII runs byte by byte in
    /// blocks (the bulk of most pages), the rest character by character.
    pub(crate) fn add(&mut self, text: &str) {
        let mut rest = text;
        while !rest.is_empty() {
            let ascii = rest
                .bytes()
                .position(|b| !b.is_ascii())
                .unwrap_or(rest.len());
            self.add_ascii(&rest.as_bytes()[..ascii]);
            rest = &rest[ascii..];
            let wide = rest
                .bytes()
                .position(|b| b.is_ascii())
                .unwrap_or(rest.len());
            let mut chars = &rest[..wide];
            while let Some(c) = chars.chars().next() {
                // A run of unified ideographs counts as `add_char` counts each of them
                // (a letter, no white space), without decoding them.
                let ideographs = ideograph_run_len(chars.as_bytes());
                if ideographs > 0 {
                    self.chars += ideographs / 3;
                    self.alnum += ideographs / 3;
                    chars = &chars[ideographs..];
                    continue;
                }
                self.add_char(c);
                chars = &chars[c.len_utf8()..];
            }
            rest = &rest[wide..];
        }
    }

    /// [`Tally::add`] on ASCII bytes: the same counts as [`Tally::add_char`], in byte-wide
    /// counters per block of 255 so that the loop has no branch.
    fn add_ascii(&mut self, bytes: &[u8]) {
        for block in bytes.chunks(255) {
            let (mut chars, mut controls, mut alnum) = (0u8, 0u8, 0u8);
            for &c in block {
                let space = matches!(c, b'\t'..=b'\r' | b' ');
                chars += u8::from(!space);
                controls += u8::from(c < b'\t' || (0x0E..=0x1F).contains(&c) || c == 0x7F);
                alnum += u8::from(c.is_ascii_alphanumeric());
            }
            self.chars += usize::from(chars);
            self.controls += usize::from(controls);
            self.alnum += usize::from(alnum);
        }
    }

    /// Counts one character.
    fn add_char(&mut self, c: char) {
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            // Most characters of a Chinese page: a letter, no white space.
            self.chars += 1;
            self.alnum += 1;
            return;
        }
        if c.is_whitespace() {
            return;
        }
        self.chars += 1;
        match c {
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}' => self.controls += 1,
            '\u{FFFD}' => self.replaced += 1,
            // The common letters first: `is_alphanumeric` searches Unicode's tables for
            // every character outside ASCII, a third of this pass on a CJK page.
            'a'..='z' | 'A'..='Z' | '0'..='9' => self.alnum += 1,
            '\u{C0}'..='\u{D6}'
            | '\u{D8}'..='\u{F6}'
            | '\u{F8}'..='\u{FF}'
            | '\u{3041}'..='\u{3096}'
            | '\u{30A1}'..='\u{30FA}'
            | '\u{3400}'..='\u{4DBF}'
            | '\u{4E00}'..='\u{9FFF}'
            | '\u{AC00}'..='\u{D7A3}' => self.alnum += 1,
            // CJK and full-width punctuation: no letters, and common on Chinese pages.
            '\u{3000}'..='\u{3004}'
            | '\u{3008}'..='\u{3020}'
            | '\u{FF01}'..='\u{FF0F}'
            | '\u{FF1A}'..='\u{FF20}' => {}
            c if c.is_ascii() => {}
            c if c.is_alphanumeric() => self.alnum += 1,
            _ => {}
        }
    }

    /// Counts what [`Tally::controls_verdict`] needs, byte by byte: the whole decoded page
    /// passes here, so this is the cheap form of [`Tally::add`] (a fifth of the time of
    /// cleaning an English page went to `add`). Controls are ASCII; characters are counted
    /// by their first byte, white space only when ASCII (a page's non-ASCII spaces count as
    /// characters here, which only makes the verdict more lenient).
    pub(crate) fn add_for_controls(&mut self, text: &str) {
        // Counted in blocks of 255 bytes into byte-wide counters, branch-free: this compiles
        // to a vector loop of a few instructions per 16 bytes. `filter().count()` per class
        // widened every byte to a 64-bit count and ran at ~25 instructions a byte, a tenth
        // of all the work on an English page.
        let (mut skipped, mut controls) = (0usize, 0usize);
        for block in text.as_bytes().chunks(255) {
            let (mut s, mut k) = (0u8, 0u8);
            for &c in block {
                let space = matches!(c, b'\t'..=b'\r' | b' ');
                let continuation = c & 0xC0 == 0x80;
                let control = c < b'\t' || (0x0E..=0x1F).contains(&c) || c == 0x7F;
                s += u8::from(space | continuation);
                k += u8::from(control);
            }
            skipped += usize::from(s);
            controls += usize::from(k);
        }
        self.chars += text.len() - skipped;
        self.controls += controls;
    }

    /// Why the text counted is binary data (control characters), if it is. Judged on the
    /// text as decoded: no repair makes controls.
    pub(crate) fn controls_verdict(&self) -> Option<String> {
        let (controls, chars) = (self.controls, self.chars);
        (controls >= MIN_CONTROLS && controls * CONTROL_SHARE > chars)
            .then(|| format!("{controls} control characters in {chars} (binary data?)"))
    }

    /// Why the text counted is not text: controls, mostly U+FFFD, or no letters. Judged
    /// after the mojibake repairs, which turn runs of U+FFFD-laden damage back into text.
    pub(crate) fn verdict(&self) -> Option<String> {
        let (chars, replaced, alnum) = (self.chars, self.replaced, self.alnum);
        if let Some(why) = self.controls_verdict() {
            return Some(why);
        }
        if replaced >= MIN_REPLACED && replaced * REPLACED_SHARE > chars * (REPLACED_SHARE - 1) {
            return Some(format!(
                "{replaced} of {chars} characters could not be decoded (U+FFFD)"
            ));
        }
        if chars >= MIN_CHARS_FOR_LETTERS && alnum * LETTER_SHARE < chars {
            return Some(format!("{alnum} letters or digits in {chars} characters"));
        }
        None
    }
}

/// Why `text` is not text, or `None` when it may be (all three signs, on `text` as it is).
#[cfg(test)]
pub(crate) fn not_text_reason(text: &str) -> Option<String> {
    let mut tally = Tally::default();
    tally.add(text);
    tally.verdict()
}

/// Bytes of the decoded page whose controls are counted before the HTML is read: binary
/// data shows itself at once, and the count over the page's lines (after the repairs)
/// still sees controls further down.
pub(crate) const CONTROL_SAMPLE: usize = 64 * 1024;
/// More than one character in this many a control: text has none (a stray one from a
/// copy-paste is forgiven), binary data about one in nine.
const CONTROL_SHARE: usize = 50;
/// Fewer controls than this never condemn a page (a short page with a stray byte).
const MIN_CONTROLS: usize = 4;
/// More than all but one character in this many U+FFFD (90%): nothing left to read. Pages
/// damaged upstream keep far more (UTF-8 read as Big5 by a replacing decoder, the worst
/// kind in `tests/fixtures/damage`, is about 67% U+FFFD and still has its digits and
/// punctuation), and the charset arbitration avoids charsets that leave many.
const REPLACED_SHARE: usize = 10;
/// Fewer U+FFFD than this never condemn a page.
const MIN_REPLACED: usize = 4;
/// Fewer than one letter or digit in this many characters: symbol soup, not text.
const LETTER_SHARE: usize = 50;
/// The letters test waits for this many characters: a short line of dashes is a rule, not
/// a page.
const MIN_CHARS_FOR_LETTERS: usize = 1000;

#[cfg(test)]
mod tests {
    use super::Tally;

    #[test]
    fn ideograph_runs_count_as_their_characters() {
        // Runs of unified ideographs next to look-alikes outside the block (Extension A,
        // a compatibility ideograph, CJK and full-width punctuation, Hangul, U+FFFD).
        let text = "中文字\u{3400}一\u{F900}龥。ab，한\u{FFFD} 乙\u{4DC0}丁\u{9FFF}";
        let mut fast = Tally::default();
        fast.add(text);
        let mut each = Tally::default();
        for c in text.chars() {
            if c.is_ascii() {
                each.add_ascii(&[c as u8]);
            } else {
                each.add_char(c);
            }
        }
        let counts = |t: Tally| (t.chars, t.controls, t.replaced, t.alnum);
        assert_eq!(counts(fast), counts(each));
    }

    #[test]
    fn fast_ranges_agree_with_is_alphanumeric() {
        // The fast arms of `add` count exactly what `is_alphanumeric` counts.
        for c in ('\u{0}'..='\u{FFFF}').filter(|c| !c.is_whitespace()) {
            let special = matches!(
                c,
                '\u{0}'..='\u{8}' | '\u{b}' | '\u{e}'..='\u{1f}' | '\u{7f}' | '\u{FFFD}'
            );
            if special {
                continue;
            }
            let mut t = super::Tally::default();
            t.add(c.encode_utf8(&mut [0; 4]));
            assert_eq!(
                t.alnum,
                usize::from(c.is_alphanumeric()),
                "{c:?} U+{:04X}",
                c as u32
            );
        }
    }

    #[test]
    fn the_ascii_path_counts_what_the_char_path_counts() {
        let all_ascii: String = (0u8..128).map(char::from).collect();
        let long = format!("{}中文 Größe\u{FFFD}\u{1}", all_ascii.repeat(5));
        for text in [all_ascii.as_str(), long.as_str(), "x\u{3000}y\u{85}\u{a0}z"] {
            let mut fast = Tally::default();
            fast.add(text);
            let mut slow = Tally::default();
            text.chars().for_each(|c| slow.add_char(c));
            let counts = |t: &Tally| (t.chars, t.controls, t.replaced, t.alnum);
            assert_eq!(counts(&fast), counts(&slow), "{text:?}");
        }
    }

    #[test]
    fn the_byte_count_agrees_with_the_char_count_on_controls() {
        for text in [
            "plain text, no controls at all",
            "\u{0}\u{1}\u{2}\u{3} binary\u{7f}\u{1f}\u{e}",
            "中文\u{0}正文\u{8}\u{1b}[0m 以及 Größe\t\r\n",
        ] {
            let (mut bytes, mut chars) = (Tally::default(), Tally::default());
            bytes.add_for_controls(text);
            chars.add(text);
            assert_eq!(bytes.controls, chars.controls, "{text:?}");
            assert_eq!(bytes.chars, chars.chars, "{text:?}");
        }
        // Non-ASCII white space counts as a character in the byte count only.
        let (mut bytes, mut chars) = (Tally::default(), Tally::default());
        bytes.add_for_controls("a\u{3000}b");
        chars.add("a\u{3000}b");
        assert_eq!((bytes.chars, chars.chars), (3, 2));
    }

    use super::*;

    #[test]
    fn text_in_any_script_passes() {
        for t in [
            "中文文本，这是一个很长的句子。",
            "Привет, мир! Это текст.",
            "ภาษาไทยเป็นภาษาที่สวยงาม",
            "مرحبا بالعالم",
            "Ã©tÃ© â€™ mojibake with C1 \u{81}\u{8d} evidence",
            "a\tb\u{c}c\r\nd",
            "",
            "-----",
            "a\u{1}b", // one stray control
        ] {
            assert_eq!(not_text_reason(t), None, "{t:?}");
        }
    }

    #[test]
    fn binary_replacements_and_symbol_soup_do_not() {
        let bytes: Vec<u8> = (0..4096u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        let (latin, _, _) = encoding_rs::WINDOWS_1252.decode(&bytes);
        assert!(not_text_reason(&latin).unwrap().contains("control"));
        assert!(not_text_reason(&"\u{FFFD}".repeat(10))
            .unwrap()
            .contains("U+FFFD"));
        assert!(not_text_reason(&"|".repeat(1 << 20))
            .unwrap()
            .contains("letters"));
    }
}
