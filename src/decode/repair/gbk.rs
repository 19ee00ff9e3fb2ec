//! GBK double-byte code tables shared by the repairs that re-encode damaged text to the
//! bytes it was decoded from (byte-shifted GBK, UTF-8 read as GBK).

use std::sync::OnceLock;

use encoding_rs::GBK;

/// GBK double-byte code tables, built once from encoding_rs.
struct GbkTables {
    /// Code of every BMP char that GBK encodes as two bytes, `lead << 8 |
    /// trail`, indexed by code point; 0 for anything else. (GBK has no
    /// double-byte char outside the BMP.)
    encode: Vec<u16>,
    /// Char for `(lead - 0x81) * 191 + (trail - 0x40)`, None when invalid.
    decode: Vec<Option<char>>,
    /// [`GbkFlags`] bits of every BMP char, from `encode`: one byte per char, so the quick
    /// scans that run over every line touch half the memory `encode` would.
    flags: Vec<u8>,
}

fn gbk_tables() -> &'static GbkTables {
    static GBK_TABLES: OnceLock<GbkTables> = OnceLock::new();
    GBK_TABLES.get_or_init(|| {
        let mut t = GbkTables {
            encode: vec![0; 0x1_0000],
            decode: vec![None; 126 * 191],
            flags: Vec::new(),
        };
        // How many codes decode to each BMP char: only a char with several needs the
        // encoder to say which is its own (asking it for every char cost ~15 ms a process).
        let mut codes = vec![0u8; 0x1_0000];
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFE) {
                let Some(c) = decode_one_char(GBK, [lead, trail]) else {
                    continue;
                };
                t.decode[decode_index(lead, trail)] = Some(c);
                if let (Some(n), Some(slot)) =
                    (codes.get_mut(c as usize), t.encode.get_mut(c as usize))
                {
                    *n = n.saturating_add(1);
                    if *n == 1 {
                        *slot = u16::from_be_bytes([lead, trail]);
                    }
                }
            }
        }
        for (cp, &n) in codes.iter().enumerate() {
            // A char read from one code only is encoded to it, but for the encoder's
            // single-byte € (0x80): `encoder_code` is the reference (the test checks).
            let Some(c) = char::from_u32(cp as u32).filter(|&c| n > 1 || c == '€') else {
                continue;
            };
            t.encode[cp] = encoder_code(c);
        }
        t.flags = t
            .encode
            .iter()
            .map(|&code| {
                if code == 0 {
                    return 0;
                }
                let [lead, trail] = code.to_be_bytes();
                let mut f = 0;
                if trail < 0x80 {
                    f |= GbkFlags::LOW_TRAIL;
                }
                if matches!(lead, 0xE0..=0xF4) && matches!(trail, 0x80..=0xBF) {
                    f |= GbkFlags::UTF8_LEAD;
                }
                if matches!(lead, 0x80..=0xBF) {
                    f |= GbkFlags::CONT_LEAD;
                }
                f
            })
            .collect();
        t
    })
}

/// The code GBK's encoder writes for `c` when it is two bytes, else 0: several codes may
/// decode alike, and re-encoding damaged text must give back the bytes the decoder saw.
fn encoder_code(c: char) -> u16 {
    let mut buf = [0u8; 4];
    match GBK.encode(c.encode_utf8(&mut buf)) {
        (enc, _, false) => match enc.as_ref() {
            &[a, b] => u16::from_be_bytes([a, b]),
            _ => 0,
        },
        _ => 0,
    }
}

/// The one character `bytes` decode to in `enc`, without allocating; None when they are
/// malformed or decode to more than one character.
pub(crate) fn decode_one_char(enc: &'static encoding_rs::Encoding, bytes: [u8; 2]) -> Option<char> {
    let mut decoder = enc.new_decoder_without_bom_handling();
    let mut out = [0u8; 16];
    let (result, _, written) = decoder.decode_to_utf8_without_replacement(&bytes, &mut out, true);
    if result != encoding_rs::DecoderResult::InputEmpty {
        return None;
    }
    let mut chars = std::str::from_utf8(out.get(..written)?).ok()?.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// What a char's GBK double-byte code looks like, as bits, for the per-line quick scans of
/// the repairs (0 for ASCII, chars outside the BMP and chars GBK has no pair for).
#[derive(Clone, Copy)]
pub(crate) struct GbkFlags(&'static [u8]);

impl GbkFlags {
    /// The trail byte is below 0x80 (0x40..=0x7E): [`gbk_pair`]`(c)` has `trail < 0x80`.
    pub(crate) const LOW_TRAIL: u8 = 1;
    /// The pair reads as a UTF-8 lead of a 3- or 4-byte sequence (0xE0..=0xF4) followed by a
    /// continuation byte (0x80..=0xBF).
    pub(crate) const UTF8_LEAD: u8 = 2;
    /// The lead byte is a UTF-8 continuation byte (0x80..=0xBF).
    pub(crate) const CONT_LEAD: u8 = 4;

    pub(crate) fn get() -> GbkFlags {
        GbkFlags(&gbk_tables().flags)
    }

    /// The flags of `c`.
    #[inline]
    pub(crate) fn of(self, c: char) -> u8 {
        self.0.get(c as usize).copied().unwrap_or(0)
    }
}

fn decode_index(lead: u8, trail: u8) -> usize {
    usize::from(lead - 0x81) * 191 + usize::from(trail - 0x40)
}

/// GBK bytes of a double-byte character, None for ASCII, unmappable chars
/// and the single-byte €.
pub(crate) fn gbk_pair(c: char) -> Option<[u8; 2]> {
    if c.is_ascii() {
        return None;
    }
    let code = *gbk_tables().encode.get(c as usize)?;
    (code != 0).then(|| code.to_be_bytes())
}

/// Decodes one GBK byte pair to a single character, None when the pair is
/// not a valid double-byte code.
pub(crate) fn decode_pair(a: u8, b: u8) -> Option<char> {
    if !(0x81..=0xFE).contains(&a) || !matches!(b, 0x40..=0x7E | 0x80..=0xFE) {
        return None;
    }
    gbk_tables().decode[decode_index(a, b)]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_agree_with_asking_the_encoder_for_every_char() {
        // The build this replaced: every pair decoded by encoding_rs, every char it read
        // encoded again, the encoder's two-byte code kept.
        let mut encode = vec![0u16; 0x1_0000];
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFE) {
                let bytes = [lead, trail];
                let decoded = GBK.decode_without_bom_handling_and_without_replacement(&bytes);
                let one = decoded.and_then(|s| {
                    let mut it = s.chars();
                    match (it.next(), it.next()) {
                        (Some(c), None) => Some(c),
                        _ => None,
                    }
                });
                assert_eq!(decode_pair(lead, trail), one, "{lead:02X}{trail:02X}");
                let Some(c) = one else { continue };
                let slot = &mut encode[c as usize & 0xFFFF];
                if *slot == 0 && (c as u32) < 0x1_0000 {
                    *slot = encoder_code(c);
                }
            }
        }
        for (cp, &code) in encode.iter().enumerate() {
            let Some(c) = char::from_u32(cp as u32).filter(|c| !c.is_ascii()) else {
                continue;
            };
            assert_eq!(
                gbk_pair(c),
                (code != 0).then(|| code.to_be_bytes()),
                "U+{cp:04X}"
            );
        }
    }

    #[test]
    fn flags_agree_with_the_pairs() {
        let flags = GbkFlags::get();
        for c in (0..0x11_0000).filter_map(char::from_u32) {
            let expected = gbk_pair(c).map_or(0, |[lead, trail]| {
                let mut f = 0;
                if trail < 0x80 {
                    f |= GbkFlags::LOW_TRAIL;
                }
                if (0xE0..=0xF4).contains(&lead) && (0x80..=0xBF).contains(&trail) {
                    f |= GbkFlags::UTF8_LEAD;
                }
                if (0x80..=0xBF).contains(&lead) {
                    f |= GbkFlags::CONT_LEAD;
                }
                f
            });
            assert_eq!(flags.of(c), expected, "U+{:04X}", c as u32);
        }
    }
}
