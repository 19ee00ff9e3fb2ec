//! Transparent gzip: pages stored or served with `Content-Encoding: gzip` (WARC payloads that were
//! not un-gzipped, `.html.gz` files) are recognised by their magic bytes and inflated before the
//! charset is decided.
//!
//! The framing (RFC 1952: header, deflate data, CRC-32 and length trailer) is parsed here rather
//! than through `flate2::read::MultiGzDecoder`, so that
//! - output stops at a byte limit (a 1 KiB bomb can inflate to gigabytes) and says so,
//! - a damaged stream yields every byte decoded before the damage *and* an error that names the
//!   member and the input byte offset where decoding stopped,
//! - concatenated members (`cat a.gz b.gz`, what many crawlers write) are all decoded.
//!
//! Only the raw-deflate inflater comes from flate2 (zlib-rs backend).

use std::borrow::Cow;

use flate2::{Crc, Decompress, FlushDecompress, Status};

/// The two bytes every gzip member starts with (RFC 1952 §2.3.1: ID1, ID2).
pub const GZIP_MAGIC: [u8; 2] = [0x1F, 0x8B];

/// Inflated bytes are produced in chunks of this size; small enough to stay in cache, large
/// enough that per-call overhead is negligible.
const CHUNK: usize = 32 * 1024;

/// Fixed part of a gzip member header: magic, CM, FLG, MTIME (4), XFL, OS.
const FIXED_HEADER: usize = 10;
/// CRC-32 and ISIZE, four bytes each, little-endian.
const TRAILER: usize = 8;

const FTEXT_FHCRC: u8 = 0x02;
const FEXTRA: u8 = 0x04;
const FNAME: u8 = 0x08;
const FCOMMENT: u8 = 0x10;
const FRESERVED: u8 = 0xE0;
/// Compression method 8 = deflate, the only one defined.
const CM_DEFLATE: u8 = 8;

/// Whether `bytes` starts with the gzip magic bytes `1f 8b`.
pub fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&GZIP_MAGIC)
}

/// Why a gzip stream could not be decoded to its end. Member numbers count from 1; offsets are
/// byte positions in the compressed input. Whatever was decoded before the damage is kept in
/// [`Gunzipped::data`].
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum GzipError {
    /// A member header is malformed (wrong magic, unknown method, reserved flags, header CRC).
    #[error("gzip member {member}: bad header at byte {offset}: {what}")]
    BadHeader {
        /// Which member (1-based).
        member: usize,
        /// Input offset of the offending header byte.
        offset: u64,
        /// What is wrong.
        what: String,
    },
    /// The input ends inside a member (a cut download or a cut WARC record).
    #[error(
        "gzip member {member}: input ends at byte {offset} inside the {part} \
         ({decoded} bytes decoded before the cut)"
    )]
    Truncated {
        /// Which member (1-based).
        member: usize,
        /// Input length: where the data stopped.
        offset: u64,
        /// `header`, `deflate data` or `trailer`.
        part: &'static str,
        /// Total bytes decoded (all members) before the cut.
        decoded: u64,
    },
    /// The deflate data is corrupt.
    #[error(
        "gzip member {member}: corrupt deflate data near byte {offset}: {reason} \
         ({decoded} bytes decoded before the damage)"
    )]
    Corrupt {
        /// Which member (1-based).
        member: usize,
        /// Input offset the inflater had reached when it failed.
        offset: u64,
        /// The inflater's message.
        reason: String,
        /// Total bytes decoded (all members) before the damage.
        decoded: u64,
    },
    /// The member inflated to its end but its CRC-32 does not match: the data is damaged
    /// somewhere in the member (the decoded bytes are kept, but may be wrong).
    #[error(
        "gzip member {member}: crc-32 mismatch in trailer at byte {offset} \
         (stored {stored:#010x}, computed {computed:#010x})"
    )]
    ChecksumMismatch {
        /// Which member (1-based).
        member: usize,
        /// Input offset of the trailer.
        offset: u64,
        /// CRC-32 stored in the trailer.
        stored: u32,
        /// CRC-32 of the decoded bytes.
        computed: u32,
    },
    /// The member's stored length (ISIZE, modulo 2^32) does not match what was decoded.
    #[error(
        "gzip member {member}: length mismatch in trailer at byte {offset} \
         (stored {stored}, decoded {decoded} mod 2^32)"
    )]
    LengthMismatch {
        /// Which member (1-based).
        member: usize,
        /// Input offset of the ISIZE field.
        offset: u64,
        /// ISIZE from the trailer.
        stored: u32,
        /// Decoded length of the member, modulo 2^32.
        decoded: u32,
    },
}

/// The result of [`gunzip`]: the bytes, and what happened on the way.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Gunzipped<'a> {
    /// The decoded bytes; the input itself (borrowed) when it was not gzip.
    pub data: Cow<'a, [u8]>,
    /// The input started with the gzip magic bytes.
    pub was_gzip: bool,
    /// Members decoded to their end with a good trailer.
    pub members: usize,
    /// Output reached the byte limit and decoding stopped there (not an error: the limit is the
    /// caller's choice). Trailers of a cut member are not checked.
    pub truncated: bool,
    /// Bytes after the last member that are neither another member nor zero padding; ignored,
    /// as `gzip -d` does ("trailing garbage ignored").
    pub trailing_bytes: usize,
    /// Why decoding stopped early, if it did. `data` holds everything decoded before.
    pub error: Option<GzipError>,
}

impl Gunzipped<'_> {
    /// Whether all of the input was decoded cleanly (no error, not cut at the limit).
    pub fn is_complete(&self) -> bool {
        self.error.is_none() && !self.truncated
    }
}

/// Inflates `bytes` if they start with the gzip magic bytes, producing at most `limit` bytes;
/// returns other input unchanged (borrowed, `was_gzip == false`, never cut: the caller's own
/// page-size limit applies to plain input).
///
/// Never fails and never panics: damage is reported in [`Gunzipped::error`] next to the bytes
/// decoded before it.
///
/// # Example
/// ```
/// let g = pagewash::internals::decode::gzip::gunzip(b"<html>plain</html>", 1 << 20);
/// assert!(!g.was_gzip);
/// assert_eq!(&*g.data, b"<html>plain</html>");
/// ```
pub fn gunzip(bytes: &[u8], limit: usize) -> Gunzipped<'_> {
    if !is_gzip(bytes) {
        return Gunzipped {
            data: Cow::Borrowed(bytes),
            was_gzip: false,
            members: 0,
            truncated: false,
            trailing_bytes: 0,
            error: None,
        };
    }
    let mut out = Vec::new();
    let (members, truncated, trailing_bytes, error) = inflate_members(bytes, limit, &mut out);
    Gunzipped {
        data: Cow::Owned(out),
        was_gzip: true,
        members,
        truncated,
        trailing_bytes,
        error,
    }
}

/// Decodes consecutive members from `bytes` (which starts with the magic) into `out`.
/// Returns (complete members, cut at limit, trailing bytes, error).
fn inflate_members(
    bytes: &[u8],
    limit: usize,
    out: &mut Vec<u8>,
) -> (usize, bool, usize, Option<GzipError>) {
    let mut pos = 0usize;
    let mut members = 0usize;
    let mut buf = vec![0u8; CHUNK];
    loop {
        let member = members + 1;
        let header_len = match parse_header(&bytes[pos..]) {
            Ok(n) => n,
            Err(HeaderError::Eof) => {
                let err = GzipError::Truncated {
                    member,
                    offset: bytes.len() as u64,
                    part: "header",
                    decoded: out.len() as u64,
                };
                return (members, false, 0, Some(err));
            }
            Err(HeaderError::Bad { at, what }) => {
                let err = GzipError::BadHeader {
                    member,
                    offset: (pos + at) as u64,
                    what,
                };
                return (members, false, 0, Some(err));
            }
        };
        pos += header_len;

        let member_start = out.len();
        let mut inflater = Decompress::new(false);
        let mut crc = Crc::new();
        loop {
            let room = limit - out.len();
            // Ask for one byte more than fits: getting it proves there is more output than
            // the limit allows, without misreporting a stream that ends exactly at the limit.
            let want = buf.len().min(room.saturating_add(1));
            let (in_before, out_before) = (inflater.total_in(), inflater.total_out());
            let status =
                inflater.decompress(&bytes[pos..], &mut buf[..want], FlushDecompress::None);
            let consumed = (inflater.total_in() - in_before) as usize;
            let produced = (inflater.total_out() - out_before) as usize;
            pos += consumed;
            if produced > room {
                out.extend_from_slice(&buf[..room]);
                return (members, true, 0, None);
            }
            out.extend_from_slice(&buf[..produced]);
            crc.update(&buf[..produced]);
            match status {
                Ok(Status::StreamEnd) => break,
                Ok(_) if consumed == 0 && produced == 0 => {
                    let err = if pos >= bytes.len() {
                        GzipError::Truncated {
                            member,
                            offset: bytes.len() as u64,
                            part: "deflate data",
                            decoded: out.len() as u64,
                        }
                    } else {
                        GzipError::Corrupt {
                            member,
                            offset: pos as u64,
                            reason: "inflater made no progress".to_owned(),
                            decoded: out.len() as u64,
                        }
                    };
                    return (members, false, 0, Some(err));
                }
                Ok(_) => {}
                Err(e) => {
                    let reason = inflate_error_reason(&e);
                    let err = GzipError::Corrupt {
                        member,
                        offset: pos as u64,
                        reason,
                        decoded: out.len() as u64,
                    };
                    return (members, false, 0, Some(err));
                }
            }
        }

        let Some(trailer) = bytes.get(pos..pos + TRAILER) else {
            let err = GzipError::Truncated {
                member,
                offset: bytes.len() as u64,
                part: "trailer",
                decoded: out.len() as u64,
            };
            return (members, false, 0, Some(err));
        };
        let stored_crc = u32::from_le_bytes([trailer[0], trailer[1], trailer[2], trailer[3]]);
        let stored_len = u32::from_le_bytes([trailer[4], trailer[5], trailer[6], trailer[7]]);
        if stored_crc != crc.sum() {
            let err = GzipError::ChecksumMismatch {
                member,
                offset: pos as u64,
                stored: stored_crc,
                computed: crc.sum(),
            };
            return (members, false, 0, Some(err));
        }
        // ISIZE is the length modulo 2^32 (RFC 1952 §2.3.1): truncation is intended.
        let decoded_len = (out.len() - member_start) as u32;
        if stored_len != decoded_len {
            let err = GzipError::LengthMismatch {
                member,
                offset: (pos + 4) as u64,
                stored: stored_len,
                decoded: decoded_len,
            };
            return (members, false, 0, Some(err));
        }
        pos += TRAILER;
        members += 1;

        let rest = &bytes[pos..];
        if rest.is_empty() {
            return (members, false, 0, None);
        }
        if !is_gzip(rest) {
            // Tape and block devices pad with zeros; anything else is garbage, ignored.
            let trailing = if rest.iter().all(|&b| b == 0) {
                0
            } else {
                rest.len()
            };
            return (members, false, trailing, None);
        }
        if out.len() >= limit {
            // Another member follows but there is no room left for it.
            return (members, true, 0, None);
        }
    }
}

/// Why a member header could not be parsed (shared with the streaming reader in
/// `crate::records`).
pub(crate) enum HeaderError {
    /// The bytes end before the header does.
    Eof,
    /// The header is malformed at byte `at` of it.
    Bad { at: usize, what: String },
}

/// Parses one member header at the start of `b`; returns its length.
pub(crate) fn parse_header(b: &[u8]) -> Result<usize, HeaderError> {
    let fixed = b.get(..FIXED_HEADER).ok_or(HeaderError::Eof)?;
    if fixed[..2] != GZIP_MAGIC {
        return Err(HeaderError::Bad {
            at: 0,
            what: format!(
                "magic bytes are {:02x} {:02x}, not 1f 8b",
                fixed[0], fixed[1]
            ),
        });
    }
    if fixed[2] != CM_DEFLATE {
        return Err(HeaderError::Bad {
            at: 2,
            what: format!("compression method {} is not deflate (8)", fixed[2]),
        });
    }
    let flags = fixed[3];
    if flags & FRESERVED != 0 {
        return Err(HeaderError::Bad {
            at: 3,
            what: format!("reserved flag bits set ({flags:#04x})"),
        });
    }
    let mut pos = FIXED_HEADER;
    if flags & FEXTRA != 0 {
        let xlen = b.get(pos..pos + 2).ok_or(HeaderError::Eof)?;
        let xlen = usize::from(u16::from_le_bytes([xlen[0], xlen[1]]));
        pos += 2;
        if b.len() < pos + xlen {
            return Err(HeaderError::Eof);
        }
        pos += xlen;
    }
    for flag in [FNAME, FCOMMENT] {
        if flags & flag != 0 {
            let nul = b[pos..]
                .iter()
                .position(|&c| c == 0)
                .ok_or(HeaderError::Eof)?;
            pos += nul + 1;
        }
    }
    if flags & FTEXT_FHCRC != 0 {
        let stored = b.get(pos..pos + 2).ok_or(HeaderError::Eof)?;
        let stored = u16::from_le_bytes([stored[0], stored[1]]);
        let mut crc = Crc::new();
        crc.update(&b[..pos]);
        // The header CRC is the low 16 bits of the CRC-32 of the header bytes before it.
        let computed = (crc.sum() & 0xFFFF) as u16;
        if stored != computed {
            return Err(HeaderError::Bad {
                at: pos,
                what: format!("header crc16 {stored:#06x} does not match {computed:#06x}"),
            });
        }
        pos += 2;
    }
    Ok(pos)
}

/// What an inflate error says about the data. zlib-rs (through flate2 1.1) reports
/// "repeated call with bad state" for the first failure too, which says nothing about it.
pub(crate) fn inflate_error_reason(e: &flate2::DecompressError) -> String {
    e.message()
        .filter(|m| !m.contains("bad state"))
        .unwrap_or("invalid deflate data")
        .to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    #[test]
    fn header_with_all_optional_fields() {
        let mut e = flate2::GzBuilder::new()
            .filename("a.html")
            .comment("c")
            .extra(vec![1, 2, 3])
            .write(Vec::new(), flate2::Compression::fast());
        e.write_all(b"hello").unwrap();
        let bytes = e.finish().unwrap();
        let g = gunzip(&bytes, 100);
        assert_eq!(&*g.data, b"hello");
        assert!(g.is_complete(), "{:?}", g.error);
    }

    #[test]
    fn header_crc_is_checked() {
        // Hand-made header with FHCRC and a wrong CRC16.
        let body = gz(b"x");
        let mut bytes = body[..10].to_vec();
        bytes[3] |= FTEXT_FHCRC;
        bytes.extend_from_slice(&[0, 0]);
        bytes.extend_from_slice(&body[10..]);
        let g = gunzip(&bytes, 100);
        assert!(matches!(
            g.error,
            Some(GzipError::BadHeader { offset: 10, .. })
        ));
    }

    #[test]
    fn output_ending_exactly_at_limit_is_not_truncated() {
        let bytes = gz(b"12345");
        let g = gunzip(&bytes, 5);
        assert_eq!(&*g.data, b"12345");
        assert!(g.is_complete());
        let bytes = gz(b"123456");
        let g = gunzip(&bytes, 5);
        assert_eq!(&*g.data, b"12345");
        assert!(g.truncated && g.error.is_none());
    }

    #[test]
    fn zero_padding_is_not_garbage() {
        let mut bytes = gz(b"abc");
        bytes.extend_from_slice(&[0; 16]);
        let g = gunzip(&bytes, 100);
        assert_eq!(g.trailing_bytes, 0);
        bytes.extend_from_slice(b"junk");
        assert_eq!(gunzip(&bytes, 100).trailing_bytes, 20);
    }
}
