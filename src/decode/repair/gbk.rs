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
        for lead in 0x81u8..=0xFE {
            for trail in (0x40u8..=0x7E).chain(0x80..=0xFE) {
                let bytes = [lead, trail];
                let Some(s) = GBK.decode_without_bom_handling_and_without_replacement(&bytes)
                else {
                    continue;
                };
                let mut it = s.chars();
                let (Some(c), None) = (it.next(), it.next()) else {
                    continue;
                };
                t.decode[decode_index(lead, trail)] = Some(c);
                let slot = &mut t.encode[c as usize & 0xFFFF];
                if *slot == 0 && (c as u32) < 0x1_0000 {
                    // Several codes may decode alike; keep the one the
                    // encoder produces, so re-encoding damaged text gives
                    // back the bytes the decoder saw.
                    let mut buf = [0u8; 4];
                    let (enc, _, had_errors) = GBK.encode(c.encode_utf8(&mut buf));
                    if let (false, &[a, b]) = (had_errors, enc.as_ref()) {
                        *slot = u16::from_be_bytes([a, b]);
                    }
                }
            }
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
