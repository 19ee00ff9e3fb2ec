//! The assessment of a trial decode: what one encoding makes of the bytes (malformed
//! sequences, private-use characters, non-ASCII runs, CJK share), from which the decision
//! tells a wrong label from a damaged page.

#[cfg(test)]
use encoding_rs::UTF_8;
use encoding_rs::{DecoderResult, Encoding};

use super::MIN_UTF8_EVIDENCE;
use crate::text::chars::ideograph_run_len;

/// Malformed sequences per 1000 non-ASCII decoded characters from which errors are taken as a
/// wrong label rather than damage (100 = 10%). A wrong label garbles most non-ASCII characters
/// (GBK read as UTF-8: over half; windows-1252 read as UTF-8: all of them), while a damaged page
/// (a cut or spliced string, a stray byte) has a handful of errors per page.
pub const DENSE_ERRORS_PER_MILLE: usize = 100;

/// Share (percent) of private-use characters among non-ASCII ones from which a CJK multi-byte
/// decoding is suspect. Real GBK/Big5 pages have next to none.
pub const PUA_SHARE_PERCENT: usize = 5;

/// What decoding (a window of) the bytes with one encoding looks like.
#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Assessment {
    /// Malformed sequences, not counting an incomplete one at the very end.
    pub(super) malformed: usize,
    /// Non-ASCII characters decoded, each malformed sequence counted as one.
    pub(super) non_ascii: usize,
    /// Private-use characters (U+E000–U+F8FF).
    pub(super) pua: usize,
    /// Non-ASCII characters with a non-ASCII neighbour.
    pub(super) in_runs: usize,
    /// CJK ideographs, kana and Hangul.
    pub(super) cjk: usize,
}

/// Counts one decoded character, or one malformed sequence, into an [`Assessment`],
/// in text order.
#[derive(Default)]
struct Tally {
    a: Assessment,
    prev_non_ascii: bool,
    prev_counted: bool,
}

impl Tally {
    fn see(&mut self, non_ascii: bool) {
        if non_ascii && self.prev_non_ascii {
            self.a.in_runs += 1 + usize::from(!self.prev_counted);
            self.prev_counted = true;
        } else {
            self.prev_counted = false;
        }
        self.prev_non_ascii = non_ascii;
    }

    fn text(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            if bytes[at] < 0x80 {
                // A run of ASCII counts as one ASCII character would.
                at += bytes[at..]
                    .iter()
                    .position(|&b| b >= 0x80)
                    .unwrap_or(bytes.len() - at);
                self.see(false);
                continue;
            }
            // A run of unified ideographs: each is a non-ASCII CJK character, counted as
            // below without decoding it.
            let ideographs = ideograph_run_len(&bytes[at..]) / 3;
            if ideographs > 0 {
                at += 3 * ideographs;
                self.a.non_ascii += ideographs;
                self.a.cjk += ideographs;
                for _ in 0..ideographs {
                    self.see(true);
                }
                continue;
            }
            let c = text[at..].chars().next().unwrap_or_default();
            at += c.len_utf8();
            self.a.non_ascii += 1;
            if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
                self.a.cjk += 1;
            } else {
                if ('\u{E000}'..='\u{F8FF}').contains(&c) {
                    self.a.pua += 1;
                }
                if is_cjk(c) {
                    self.a.cjk += 1;
                }
            }
            self.see(true);
        }
    }

    fn malformed(&mut self) {
        self.a.malformed += 1;
        self.a.non_ascii += 1;
        self.see(true);
    }
}

impl Assessment {
    #[cfg(test)]
    pub(super) fn of(enc: &'static Encoding, bytes: &[u8]) -> Assessment {
        if enc == UTF_8 {
            Assessment::of_utf8(bytes)
        } else {
            Assessment::of_decoded(enc, bytes, false).0
        }
    }

    /// The assessment through encoding_rs's decoder. With `keep`, the decoded text is
    /// returned too when there was nothing malformed, not even a cut final sequence (the
    /// text is then what [`decode_with`](super::decode_with) gives for these bytes).
    pub(super) fn of_decoded(
        enc: &'static Encoding,
        bytes: &[u8],
        keep: bool,
    ) -> (Assessment, Option<String>) {
        let mut t = Tally::default();
        let mut decoder = enc.new_decoder_without_bom_handling();
        let cap = if keep {
            decoder
                .max_utf8_buffer_length_without_replacement(bytes.len())
                .unwrap_or(bytes.len())
        } else {
            8 * 1024
        };
        let mut buf = String::with_capacity(cap);
        let mut pos = 0;
        loop {
            if !keep {
                buf.clear();
            }
            let from = buf.len();
            let (res, read) =
                decoder.decode_to_string_without_replacement(&bytes[pos..], &mut buf, false);
            pos += read;
            t.text(&buf[from..]);
            match res {
                DecoderResult::InputEmpty => break,
                DecoderResult::OutputFull => {
                    if keep {
                        buf.reserve(
                            decoder
                                .max_utf8_buffer_length_without_replacement(bytes.len() - pos)
                                .unwrap_or(4096)
                                .max(4),
                        );
                    }
                }
                DecoderResult::Malformed(_, _) => t.malformed(),
            }
        }
        // Flushing an incomplete final sequence reports it as malformed: forgiven (cut page),
        // but then the text is not what decode_with would give.
        let from = buf.len();
        let (res, _) = decoder.decode_to_string_without_replacement(&[], &mut buf, true);
        let clean = t.a.malformed == 0 && res == DecoderResult::InputEmpty && buf.len() == from;
        let text = (keep && clean).then_some(buf);
        (t.a, text)
    }

    /// The same for UTF-8, without a decoder call per malformed sequence (legacy bytes read
    /// as UTF-8 have one every byte or two, and each call costs a validation set-up): the
    /// standard library splits errors exactly like encoding_rs (WHATWG: one error per
    /// maximal subpart of an ill-formed sequence; a test checks the two agree).
    pub(super) fn of_utf8(bytes: &[u8]) -> Assessment {
        let mut t = Tally::default();
        let end = bytes.as_ptr_range().end;
        for chunk in bytes.utf8_chunks() {
            t.text(chunk.valid());
            let bad = chunk.invalid();
            if bad.is_empty() {
                continue;
            }
            // An incomplete sequence at the very end is forgiven (cut page), as above.
            let cut = bad.as_ptr_range().end == end
                && std::str::from_utf8(bad).is_err_and(|e| e.error_len().is_none());
            if !cut {
                t.malformed();
            }
        }
        t.a
    }

    pub(super) fn is_clean(&self) -> bool {
        self.malformed == 0
    }

    pub(super) fn has_dense_errors(&self) -> bool {
        self.malformed > 0 && self.malformed * 1000 >= self.non_ascii * DENSE_ERRORS_PER_MILLE
    }

    /// UTF-8 with sparse errors and real multi-byte evidence (call on a UTF-8 assessment).
    pub(super) fn is_mostly_utf8(&self) -> bool {
        !self.has_dense_errors() && self.non_ascii - self.malformed >= MIN_UTF8_EVIDENCE
    }

    pub(super) fn run_share_percent(&self) -> usize {
        (self.in_runs * 100)
            .checked_div(self.non_ascii)
            .unwrap_or(0)
    }

    pub(super) fn pua_heavy(&self) -> bool {
        self.pua >= 3 && self.pua * 100 >= self.non_ascii * PUA_SHARE_PERCENT
    }
}

/// CJK letters, CJK punctuation (a tenth of Chinese text) and full-width forms (`，：（）！`).
fn is_cjk(c: char) -> bool {
    use crate::text::chars;
    chars::is_cjk_letter(c) || chars::is_cjk_symbol(c) || chars::is_fullwidth_form(c)
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::WINDOWS_1252;

    #[test]
    fn utf8_assessment_agrees_with_the_decoder() {
        use proptest::prelude::*;
        let same = |bytes: &[u8]| {
            let (a, b) = (
                Assessment::of_utf8(bytes),
                Assessment::of_decoded(UTF_8, bytes, false).0,
            );
            (a.malformed, a.non_ascii, a.pua, a.in_runs, a.cjk)
                == (b.malformed, b.non_ascii, b.pua, b.in_runs, b.cjk)
        };
        let mut samples: Vec<Vec<u8>> = vec![
            "中文 text, café \u{E000}".into(),
            encoding_rs::GBK
                .encode("中共天长市委组织部发出倡议")
                .0
                .into_owned(),
            b"\xE4\xB8".to_vec(),
            b"a\xE4\xB8".to_vec(),
            b"\xE4\xB8a\xF0\x9F\x98".to_vec(),
            b"\xED\xA0\x80\xC0\xAF\xF4\x90\x80\x80\xFF\x80".to_vec(),
        ];
        // Every long-enough cut of a UTF-8 text with multi-byte characters.
        let text = "一é😀z".as_bytes();
        samples.extend((0..text.len()).map(|i| text[..i].to_vec()));
        for s in &samples {
            assert!(same(s), "{s:x?}");
        }
        // Random bytes, biased towards UTF-8 lead and continuation bytes.
        let byte = prop_oneof![
            any::<u8>(),
            0x80u8..=0xBF,
            0xC0u8..=0xF5,
            Just(b'a'),
            Just(0xE4u8)
        ];
        proptest!(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x7061_6765_7761_7368), ..ProptestConfig::with_cases(2000) }, |(bytes in proptest::collection::vec(byte, 0..64))| {
            prop_assert!(same(&bytes), "{:x?}", bytes);
        });
    }

    #[test]
    fn ideograph_runs_are_tallied_as_their_characters() {
        // The tally of `Tally::text`, one character at a time, on ideograph runs between
        // look-alikes outside the block (Extension A, compatibility ideograph, punctuation,
        // private use, Hangul).
        let text = "中文字\u{3400}一\u{F900}龥。ab，\u{E000}한 乙\u{4DC0}丁\u{9FFF}";
        let mut each = Tally::default();
        for c in text.chars() {
            if c.is_ascii() {
                each.see(false);
                continue;
            }
            each.a.non_ascii += 1;
            each.a.pua += usize::from(('\u{E000}'..='\u{F8FF}').contains(&c));
            each.a.cjk += usize::from(is_cjk(c));
            each.see(true);
        }
        let mut fast = Tally::default();
        fast.text(text);
        let counts = |a: Assessment| (a.non_ascii, a.pua, a.in_runs, a.cjk);
        assert_eq!(counts(fast.a), counts(each.a));
    }

    #[test]
    fn assessment_runs_and_errors() {
        let a = Assessment::of(WINDOWS_1252, "café au lait, naïve".as_bytes());
        // UTF-8 bytes read as windows-1252: every non-ASCII char is in a run.
        assert_eq!(a.run_share_percent(), 100);
        let a = Assessment::of(WINDOWS_1252, b"caf\xe9 na\xefve");
        assert_eq!(a.run_share_percent(), 0);
        let a = Assessment::of(UTF_8, b"caf\xe9 na\xefve \xe4\xb8");
        assert_eq!(a.malformed, 2, "the cut tail is forgiven");
    }
}
