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
}

fn gbk_tables() -> &'static GbkTables {
    static GBK_TABLES: OnceLock<GbkTables> = OnceLock::new();
    GBK_TABLES.get_or_init(|| {
        let mut t = GbkTables {
            encode: vec![0; 0x1_0000],
            decode: vec![None; 126 * 191],
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
        t
    })
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
