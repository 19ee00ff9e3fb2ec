//! The decision rule of the [module docs](super) applied to one page's signals: whether the
//! declared label stands, what replaces a suspect one, the text check after a single-byte
//! winner, and the choice for an unlabelled page.

use encoding_rs::{
    Encoding, BIG5, EUC_JP, EUC_KR, GB18030, REPLACEMENT, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8,
};

use super::assess::Assessment;
use super::detect::detect;
use super::{
    is_cjk_multibyte, multibyte_chars, superset, EncodingSource, Utf8Status, MIN_UTF8_EVIDENCE,
};

/// Share (percent) of non-ASCII characters in runs of two or more from which a Latin single-byte
/// decoding is taken for mojibake. Czech or French text stays well below (accented letters sit
/// between ASCII ones); GBK, UTF-8 or Cyrillic bytes read as windows-1252 are close to 100%.
pub const MOJIBAKE_RUN_SHARE: usize = 60;

/// Multi-byte encodings the text check ([`Arbiter::check_text`]) tries, in order of
/// preference on a tie (GB18030 reads GBK and GB2312).
const TEXT_CHECK_CANDIDATES: [&Encoding; 5] = [GB18030, BIG5, SHIFT_JIS, EUC_KR, EUC_JP];

/// Malformed sequences per 1000 non-ASCII characters a CJK candidate may have in the text
/// check: a stray byte or a cut character in a page of hundreds, not a wrong encoding
/// (Big5 read as GBK, or GBK as Shift_JIS, breaks far more often).
pub const TEXT_CHECK_MAX_ERRORS_PER_MILLE: usize = 10;

/// Share (percent) of a CJK candidate's non-ASCII characters that must be CJK in the text
/// check, as for other CJK overrides: real CJK text, not symbols.
pub const TEXT_CHECK_CJK_PERCENT: usize = 70;

/// Single-byte encodings for Latin-script languages: in real text their non-ASCII letters stand
/// between ASCII ones.
fn is_latin_single_byte(enc: &'static Encoding) -> bool {
    use encoding_rs::*;
    [
        WINDOWS_1250,
        WINDOWS_1252,
        WINDOWS_1254,
        WINDOWS_1257,
        WINDOWS_1258,
        ISO_8859_2,
        ISO_8859_3,
        ISO_8859_4,
        ISO_8859_10,
        ISO_8859_13,
        ISO_8859_14,
        ISO_8859_15,
        ISO_8859_16,
        MACINTOSH,
    ]
    .contains(&enc)
}

/// Why the declared encoding is suspect.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Suspicion {
    DenseErrors,
    SingleByteMojibake,
    PrivateUse,
    Unusable,
}

pub(super) struct Arbiter<'b> {
    /// The head of the page ([`ASSESS_WINDOW`](super::ASSESS_WINDOW)) that trial decodes read.
    pub(super) bytes: &'b [u8],
    /// The whole page.
    pub(super) whole: &'b [u8],
    pub(super) assessed: Vec<(&'static Encoding, Assessment)>,
    /// The whole page as decoded by an assessment, when it fit the window and decoded
    /// without a malformed or cut sequence.
    pub(super) texts: Vec<(&'static Encoding, String)>,
    pub(super) detect_window: &'b [u8],
    pub(super) detect_last: bool,
    pub(super) url: Option<&'b str>,
    /// chardetng's guess (raw, after GBK → GB18030), once it has run; `Some(None)` for
    /// ASCII-only input, where it has nothing to go on.
    pub(super) guess: Option<Option<(&'static Encoding, &'static Encoding)>>,
}

impl Arbiter<'_> {
    /// chardetng's guess, computed on first use.
    pub(super) fn detected(&mut self) -> Option<&'static Encoding> {
        if self.guess.is_none() {
            let raw = detect(self.detect_window, self.detect_last, self.url);
            self.guess = Some(Some((raw, superset(raw))));
        }
        self.guess.flatten().map(|(_, e)| e)
    }

    fn assess(&mut self, enc: &'static Encoding) -> Assessment {
        if let Some((_, a)) = self.assessed.iter().find(|(e, _)| *e == enc) {
            return *a;
        }
        let whole = self.bytes.len() == self.whole.len();
        let (a, text) = if enc == UTF_8 {
            (Assessment::of_utf8(self.bytes), None)
        } else {
            Assessment::of_decoded(enc, self.bytes, whole)
        };
        self.assessed.push((enc, a));
        if let Some(t) = text {
            self.texts.push((enc, t));
        }
        a
    }

    pub(super) fn check_declared(
        &mut self,
        src: EncodingSource,
        enc: &'static Encoding,
        label: &str,
        others: &[(EncodingSource, &'static Encoding, String)],
        utf8: Utf8Status,
    ) -> (&'static Encoding, EncodingSource, Option<String>) {
        let keep = (enc, src, None);
        let what = format!("declared {label:?} ({})", src.as_str());
        let utf16 = enc == UTF_16LE || enc == UTF_16BE;

        if utf16 {
            // UTF-16 text can be "valid UTF-8" (U+4E2D 中 is the bytes `2D 4E`), so its own
            // structure decides, not UTF-8 validity.
            if looks_utf16(self.bytes, enc) {
                return keep;
            }
            if utf8 != Utf8Status::Invalid {
                let why =
                    format!("{what} but the bytes have no UTF-16 structure and are valid UTF-8");
                return (UTF_8, EncodingSource::ValidUtf8, Some(why));
            }
        }
        if enc == REPLACEMENT && utf8 != Utf8Status::Invalid {
            let why = format!("{what} maps to the replacement encoding; the bytes are valid UTF-8");
            return (UTF_8, EncodingSource::ValidUtf8, Some(why));
        }
        if utf8 == Utf8Status::Ascii && enc.is_ascii_compatible() {
            return keep;
        }
        if enc == UTF_8 && utf8 != Utf8Status::Invalid {
            // A UTF-8 label on valid UTF-8: the trial decode would find no malformed sequence
            // (valid UTF-8 may only end in a cut sequence, which the assessment forgives), and
            // UTF-8 is neither single-byte nor a CJK legacy encoding, so nothing below could
            // suspect it. Skipping the trial decode saves a pass over the page.
            return keep;
        }
        let d = self.assess(enc);

        if let Utf8Status::Valid { len } = utf8 {
            // Counted only here, where a legacy label meets valid UTF-8 (rare).
            let multibyte = multibyte_chars(&self.whole[..len]);
            if enc != UTF_8 && (multibyte >= MIN_UTF8_EVIDENCE || !d.is_clean()) {
                let why = format!(
                    "{what} but the bytes are valid UTF-8 with {multibyte} multi-byte characters"
                );
                return (UTF_8, EncodingSource::ValidUtf8, Some(why));
            }
        }

        if enc != UTF_8 && !d.is_clean() && utf8 == Utf8Status::Invalid {
            let u = self.assess(UTF_8);
            if u.is_mostly_utf8() && u.malformed < d.malformed {
                let why = format!(
                    "{what} gives {} malformed sequences; as utf-8 only {} in {} non-ASCII characters",
                    d.malformed, u.malformed, u.non_ascii
                );
                return (UTF_8, EncodingSource::MostlyUtf8, Some(why));
            }
        }

        let suspicion = if enc == REPLACEMENT || utf16 {
            Suspicion::Unusable
        } else if d.has_dense_errors() {
            Suspicion::DenseErrors
        } else if enc.is_single_byte()
            && d.non_ascii > 0
            && (!is_latin_single_byte(enc) || d.run_share_percent() >= MOJIBAKE_RUN_SHARE)
        {
            Suspicion::SingleByteMojibake
        } else if is_cjk_multibyte(enc) && d.pua_heavy() {
            Suspicion::PrivateUse
        } else {
            return keep;
        };

        let mut candidates: Vec<(EncodingSource, &'static Encoding)> = others
            .iter()
            .map(|(s, e, _)| (*s, *e))
            .filter(|&(_, e)| e != enc)
            .collect();
        if let Some(g) = self.detected().filter(|&g| g != enc) {
            candidates.push((EncodingSource::Detected, g));
        }
        for (csrc, cand) in candidates {
            let plausible = match suspicion {
                Suspicion::SingleByteMojibake => {
                    is_cjk_multibyte(cand)
                        || (is_latin_single_byte(enc)
                            && cand.is_single_byte()
                            && !is_latin_single_byte(cand))
                }
                _ => true,
            };
            if !plausible || cand == REPLACEMENT || cand == UTF_16LE || cand == UTF_16BE {
                continue;
            }
            let c = self.assess(cand);
            // The page's own CJK label may have a few bad bytes (a cut character, a stray
            // byte): sparse errors in text that reads as CJK still beat a detector's guess,
            // which on such bytes is often a single-byte encoding (mojibake).
            let page_label_sparse_errors = matches!(
                csrc,
                EncodingSource::MetaTag | EncodingSource::XmlDeclaration
            ) && is_cjk_multibyte(cand)
                && !c.has_dense_errors()
                && c.cjk * 100 >= c.non_ascii * 70;
            // A few private-use characters (GBK user-defined glyphs) are normal; many are not.
            if (!c.is_clean() && !page_label_sparse_errors) || (c.pua > d.pua && c.pua_heavy()) {
                continue;
            }
            if suspicion == Suspicion::SingleByteMojibake
                && is_cjk_multibyte(cand)
                && c.cjk * 100 < c.non_ascii * 70
            {
                // The multi-byte reading must actually be CJK text, not symbols.
                continue;
            }
            let why = match suspicion {
                Suspicion::Unusable => format!("{what} cannot decode these bytes"),
                Suspicion::DenseErrors => format!(
                    "{what} gives {} malformed sequences in {} non-ASCII characters",
                    d.malformed, d.non_ascii
                ),
                Suspicion::SingleByteMojibake => format!(
                    "{what} looks like mojibake ({}% of non-ASCII characters in runs)",
                    d.run_share_percent()
                ),
                Suspicion::PrivateUse => format!(
                    "{what} gives {} private-use characters in {} non-ASCII characters",
                    d.pua, d.non_ascii
                ),
            };
            let how = if c.is_clean() {
                "decodes cleanly".to_owned()
            } else {
                format!(
                    "decodes with {} malformed sequences in {} non-ASCII characters",
                    c.malformed, c.non_ascii
                )
            };
            let why = format!(
                "{why}; {} ({}) {how}",
                cand.name().to_ascii_lowercase(),
                csrc.as_str()
            );
            return (cand, csrc, Some(why));
        }

        if suspicion == Suspicion::Unusable {
            if let Some(g) = self.detected() {
                return (
                    g,
                    EncodingSource::Detected,
                    Some(format!("{what} cannot decode these bytes")),
                );
            }
        }
        keep
    }

    /// The text check: when the decided encoding is a Latin single-byte one whose text looks
    /// like mojibake (at least [`MOJIBAKE_RUN_SHARE`] of its non-ASCII characters in runs),
    /// the multi-byte CJK encoding that decodes the bytes into CJK text (at least
    /// [`TEXT_CHECK_CJK_PERCENT`]% of non-ASCII characters) with the fewest malformed
    /// sequences, at most [`TEXT_CHECK_MAX_ERRORS_PER_MILLE`]‰ (a stray byte, a cut
    /// character), and why. chardetng rules an encoding out after a single malformed
    /// sequence, so one stray byte in a GB2312 page makes it guess windows-1252.
    pub(super) fn check_text(
        &mut self,
        enc: &'static Encoding,
        source: EncodingSource,
    ) -> Option<(&'static Encoding, String)> {
        if !is_latin_single_byte(enc) || source == EncodingSource::Forced {
            return None;
        }
        let d = self.assess(enc);
        if d.non_ascii == 0 || d.run_share_percent() < MOJIBAKE_RUN_SHARE {
            return None;
        }
        let mut best: Option<(&'static Encoding, Assessment)> = None;
        for cand in TEXT_CHECK_CANDIDATES {
            let c = self.assess(cand);
            let sparse = c.malformed * 1000 <= c.non_ascii * TEXT_CHECK_MAX_ERRORS_PER_MILLE;
            let cjk = c.cjk * 100 >= c.non_ascii * TEXT_CHECK_CJK_PERCENT;
            if !sparse || !cjk || c.pua_heavy() {
                continue;
            }
            if best.is_none_or(|(_, b)| {
                (c.malformed, usize::MAX - c.cjk) < (b.malformed, usize::MAX - b.cjk)
            }) {
                best = Some((cand, c));
            }
        }
        let (cand, c) = best?;
        let why = format!(
            "{} ({}) looks like mojibake ({}% of non-ASCII characters in runs); {} decodes \
             {} of {} non-ASCII characters as CJK with {} malformed sequences",
            enc.name().to_ascii_lowercase(),
            source.as_str(),
            d.run_share_percent(),
            cand.name().to_ascii_lowercase(),
            c.cjk,
            c.non_ascii,
            c.malformed
        );
        Some((cand, why))
    }

    pub(super) fn unlabelled(
        &mut self,
        utf8: Utf8Status,
    ) -> (&'static Encoding, EncodingSource, Option<String>) {
        if utf8 != Utf8Status::Invalid {
            return (UTF_8, EncodingSource::ValidUtf8, None);
        }
        if self.assess(UTF_8).is_mostly_utf8() {
            return (UTF_8, EncodingSource::MostlyUtf8, None);
        }
        match self.detected() {
            Some(g) => (g, EncodingSource::Detected, None),
            None => (UTF_8, EncodingSource::ValidUtf8, None),
        }
    }
}

/// Whether bytes declared UTF-16 (without a BOM) look like it. Markup, spaces and line breaks
/// put a NUL in the high byte of their code unit; a mislabelled 8-bit page has no NULs at all.
/// Asks for at least one such unit in 256, which even plain Chinese text has (its spaces and
/// line breaks).
fn looks_utf16(bytes: &[u8], enc: &'static Encoding) -> bool {
    let high = usize::from(enc == UTF_16LE);
    let units = bytes.len() / 2;
    let nul_high = bytes
        .chunks_exact(2)
        .filter(|u| u[high] == 0 && u[1 - high] != 0)
        .count();
    nul_high > 0 && nul_high * 256 >= units
}
