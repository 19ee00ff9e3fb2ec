//! The byte layer under the record parsers: reads the input in chunks, undoes gzip member by
//! member, and knows the input offset of every byte it hands out.
//!
//! Gzip is decoded here rather than through `flate2::read::MultiGzDecoder` so that a damaged
//! member is reported with its offset and member number, and reading goes on at the next
//! member (the next `1f 8b 08` in the input) instead of ending the stream. Member boundaries
//! are visible to the parsers ([`Chunk::MemberEnd`]): Common Crawl writes one record per
//! member, so a member end is a hard record boundary that survives a wrong `Content-Length`.
//!
//! Memory is bounded: one read buffer (plus a look-back window kept for resynchronisation),
//! one inflate buffer, and the bytes a parser gives back with [`Source::unread`].

use std::io::{self, Read};

use flate2::{Crc, Decompress, FlushDecompress, Status};

use crate::decode::gzip::{parse_header, GzipError, HeaderError, GZIP_MAGIC};

/// Bytes asked of the reader per `read` call.
const READ_SIZE: usize = 64 * 1024;
/// Inflated bytes produced per call to the inflater.
const INFLATE_SIZE: usize = 64 * 1024;
/// Compressed bytes of the current member kept behind the read position. A damaged member
/// is often found damaged only after the inflater has read into the next member (a cut
/// member is followed by the next one's header, which inflates as garbage for a while);
/// resynchronisation then rescans from the damaged member's start, as far back as this.
const LOOKBACK: usize = 4 << 20;
/// How much input is read before gzip is decided on the magic bytes (or a WARC version line).
const SNIFF_HEAD: usize = 16;
/// How much input [`Source::probe_gzip`] looks at.
const PROBE_HEAD: usize = 64 * 1024;
/// A gzip header longer than this (a huge FNAME, FCOMMENT or FEXTRA) is treated as damage.
const MAX_GZIP_HEADER: usize = 64 * 1024;
/// The first three bytes of every gzip member we can read: magic and method 8 (deflate).
const MEMBER_START: [u8; 3] = [GZIP_MAGIC[0], GZIP_MAGIC[1], 8];

/// What [`Source::fill`] found.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Chunk {
    /// Decoded bytes are ready in [`Source::buffer`] (never empty).
    Data,
    /// A gzip member ended cleanly (trailer checked). Reported once; the next call goes on
    /// with the next member.
    MemberEnd,
    /// No more input.
    Eof,
}

/// Why the byte layer could not go on.
#[derive(Debug)]
pub(crate) enum SourceError {
    /// The reader failed at this input offset; nothing more will be read.
    Io(u64, io::Error),
    /// A gzip member is damaged; it starts at this input offset. The source has already
    /// moved on to resynchronise at the next member.
    Gzip(u64, GzipError),
}

/// Where the gzip decoder is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum GzState {
    /// Between members: a header (or the end of input) comes next.
    Header,
    /// Inside a member's deflate data.
    Deflate,
    /// The deflate data ended: the 8-byte trailer comes next.
    Trailer,
    /// The trailer checked out: report [`Chunk::MemberEnd`], then go to `Header`.
    MemberEnd,
    /// After damage: scan the input from this offset for the next member start.
    Resync(u64),
    /// Nothing more can be read.
    Done,
}

/// Gzip decoding state for one stream of members.
struct Gzip {
    state: GzState,
    inflater: Decompress,
    crc: Crc,
    /// Members started so far (the current one's number, 1-based).
    member: usize,
    /// Input offset of the current member's first byte.
    member_start: u64,
    /// Decoded bytes of the current member produced so far (for the ISIZE check).
    member_out: u64,
    out: Vec<u8>,
    out_pos: usize,
    out_end: usize,
    /// Damage found after some bytes of `out` were inflated: reported once they are used.
    pending: Option<GzipError>,
}

/// Decoded bytes from any reader, gzip or not, with input offsets.
pub(crate) struct Source<R> {
    reader: R,
    /// Raw input; `raw[raw_pos..raw_end]` is not yet decoded or handed out (the rest of
    /// `raw` is room to read into, kept initialised).
    raw: Vec<u8>,
    raw_pos: usize,
    raw_end: usize,
    /// Input offset of `raw[0]`.
    raw_base: u64,
    reader_eof: bool,
    /// `None` until the first bytes are seen; then `Some(None)` for plain input.
    gzip: Option<Option<Box<Gzip>>>,
    /// Bytes a parser gave back, handed out again before anything else.
    pushback: Vec<u8>,
    pushback_pos: usize,
    /// Offset to report for `pushback[0]` (see [`Source::unread`]).
    pushback_origin: u64,
    /// The reader failed: report end of input from now on.
    failed: bool,
    /// Input not starting with the gzip magic is still taken as gzip if its head has a
    /// member start and no WARC version line (set for WARC input).
    probe_gzip: bool,
}

impl<R: Read> Source<R> {
    pub(crate) fn new(reader: R) -> Self {
        Source {
            reader,
            raw: Vec::new(),
            raw_pos: 0,
            raw_end: 0,
            raw_base: 0,
            reader_eof: false,
            gzip: None,
            pushback: Vec::new(),
            pushback_pos: 0,
            pushback_origin: 0,
            failed: false,
            probe_gzip: false,
        }
    }

    /// Takes input whose first member header is damaged as gzip all the same when its first
    /// 64 KiB hold a member start and no `WARC/1.` (for WARC input, where plain text would
    /// have one). Call before the first [`fill`](Self::fill).
    pub(crate) fn probe_gzip(&mut self, yes: bool) {
        self.probe_gzip = yes;
    }

    /// The first bytes of the raw input (at least `n` unless the input is shorter), without
    /// consuming them: what format detection looks at.
    pub(crate) fn head(&mut self, n: usize) -> Result<&[u8], SourceError> {
        while self.raw_end - self.raw_pos < n && !self.reader_eof && !self.failed {
            self.read_more(false)?;
        }
        Ok(&self.raw[self.raw_pos..self.raw_end])
    }

    /// Input bytes consumed so far (compressed bytes for gzip input): for progress reports.
    pub(crate) fn position(&self) -> u64 {
        self.raw_base + self.raw_pos as u64
    }

    /// The offset to report for a record whose first byte is byte `i` of the slice the last
    /// [`fill`](Self::fill) returned: its input offset for plain input, the input offset of
    /// the gzip member it is in for gzip input (the only place a reader can seek to).
    pub(crate) fn offset_at(&self, i: usize) -> u64 {
        if self.pushback_pos < self.pushback.len() {
            return match self.gzip {
                Some(Some(_)) => self.pushback_origin,
                _ => self.pushback_origin + (self.pushback_pos + i) as u64,
            };
        }
        match &self.gzip {
            Some(Some(g)) => g.member_start,
            _ => self.raw_base + (self.raw_pos + i) as u64,
        }
    }

    /// The number of the gzip member the bytes in [`buffer`](Self::buffer) come from
    /// (`None` for plain input, and for bytes given back with [`unread`](Self::unread)).
    pub(crate) fn member(&self) -> Option<usize> {
        if self.pushback_pos < self.pushback.len() {
            return None;
        }
        match &self.gzip {
            Some(Some(g)) => Some(g.member),
            _ => None,
        }
    }

    /// Marks `n` bytes of the last slice as used.
    pub(crate) fn consume(&mut self, n: usize) {
        if self.pushback_pos < self.pushback.len() {
            self.pushback_pos += n;
            if self.pushback_pos >= self.pushback.len() {
                self.pushback.clear();
                self.pushback_pos = 0;
            }
            return;
        }
        match &mut self.gzip {
            Some(Some(g)) => {
                g.out_pos += n;
            }
            _ => self.raw_pos += n,
        }
    }

    /// Gives bytes back: they are handed out again, before anything not yet read. `origin`
    /// is the offset to report for `bytes[0]` (see [`offset_at`](Self::offset_at)). Used to
    /// rescan a block whose `Content-Length` was wrong; at most one record's kept bytes.
    pub(crate) fn unread(&mut self, mut bytes: Vec<u8>, origin: u64) {
        if bytes.is_empty() {
            return;
        }
        if self.pushback_pos < self.pushback.len() {
            bytes.extend_from_slice(&self.pushback[self.pushback_pos..]);
        }
        self.pushback = bytes;
        self.pushback_pos = 0;
        self.pushback_origin = origin;
    }

    /// The bytes ready to be used: empty unless the last [`fill`](Self::fill) returned
    /// [`Chunk::Data`] and they have not all been consumed since.
    pub(crate) fn buffer(&self) -> &[u8] {
        if self.pushback_pos < self.pushback.len() {
            return &self.pushback[self.pushback_pos..];
        }
        match &self.gzip {
            Some(Some(g)) => &g.out[g.out_pos..g.out_end],
            _ => &self.raw[self.raw_pos..self.raw_end],
        }
    }

    /// Makes decoded bytes ready in [`buffer`](Self::buffer), or reports a member end or the
    /// end of input.
    pub(crate) fn fill(&mut self) -> Result<Chunk, SourceError> {
        if self.pushback_pos < self.pushback.len() {
            return Ok(Chunk::Data);
        }
        self.decide_compression()?;
        if matches!(self.gzip, Some(Some(_))) {
            return self.fill_gzip();
        }
        if self.raw_pos == self.raw_end {
            if self.reader_eof || self.failed {
                return Ok(Chunk::Eof);
            }
            self.read_more(false)?;
            if self.raw_pos == self.raw_end {
                return Ok(Chunk::Eof);
            }
        }
        Ok(Chunk::Data)
    }

    fn decide_compression(&mut self) -> Result<(), SourceError> {
        if self.gzip.is_none() {
            let head = self.head(SNIFF_HEAD)?;
            let mut is_gzip = head.starts_with(&GZIP_MAGIC);
            let looks_like_warc = head.trim_ascii_start().starts_with(b"WARC/");
            if !is_gzip && !looks_like_warc && self.probe_gzip {
                // A WARC whose first member header is damaged is still gzip: the members
                // after it are found by resynchronisation (the damage is reported).
                let head = self.head(PROBE_HEAD)?;
                let has = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
                is_gzip = has(&MEMBER_START) && !has(b"WARC/1.");
            }
            let gzip = is_gzip.then(|| {
                Box::new(Gzip {
                    state: GzState::Header,
                    inflater: Decompress::new(false),
                    crc: Crc::new(),
                    member: 0,
                    member_start: 0,
                    member_out: 0,
                    out: vec![0; INFLATE_SIZE],
                    out_pos: 0,
                    out_end: 0,
                    pending: None,
                })
            });
            self.gzip = Some(gzip);
        }
        Ok(())
    }

    /// Reads more raw input. `keep_member` keeps the current gzip member's bytes (up to
    /// [`LOOKBACK`]) for resynchronisation; otherwise consumed bytes may be dropped.
    fn read_more(&mut self, keep_member: bool) -> Result<(), SourceError> {
        let here = self.raw_base + self.raw_pos as u64;
        let mut keep_from = self.raw_pos;
        if keep_member {
            if let Some(Some(g)) = &self.gzip {
                let from = g.member_start.max(here.saturating_sub(LOOKBACK as u64));
                keep_from = from.saturating_sub(self.raw_base).min(self.raw_pos as u64) as usize;
            }
        }
        // Drop consumed bytes only when that moves no more than it frees (amortised O(1)).
        if keep_from > 0 && keep_from >= self.raw_end - keep_from {
            self.raw.copy_within(keep_from..self.raw_end, 0);
            self.raw_end -= keep_from;
            self.raw_base += keep_from as u64;
            self.raw_pos -= keep_from;
        }
        if self.raw_end < self.raw_end + READ_SIZE {
            self.raw.resize(self.raw_end + READ_SIZE, 0);
        }
        loop {
            match self
                .reader
                .read(&mut self.raw[self.raw_end..self.raw_end + READ_SIZE])
            {
                Ok(n) => {
                    self.raw_end += n.min(READ_SIZE);
                    if n == 0 {
                        self.reader_eof = true;
                    }
                    return Ok(());
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                Err(e) => {
                    self.failed = true;
                    self.reader_eof = true;
                    return Err(SourceError::Io(self.input_end(), e));
                }
            }
        }
    }

    fn input_end(&self) -> u64 {
        self.raw_base + self.raw_end as u64
    }

    fn fill_gzip(&mut self) -> Result<Chunk, SourceError> {
        loop {
            let Some(Some(g)) = &mut self.gzip else {
                return Ok(Chunk::Eof);
            };
            if g.out_pos < g.out_end {
                return Ok(Chunk::Data);
            }
            if let Some(error) = g.pending.take() {
                return Err(SourceError::Gzip(g.member_start, error));
            }
            match g.state {
                GzState::Done => return Ok(Chunk::Eof),
                GzState::MemberEnd => {
                    g.state = GzState::Header;
                    return Ok(Chunk::MemberEnd);
                }
                GzState::Header => self.gzip_header()?,
                GzState::Deflate => self.gzip_inflate()?,
                GzState::Trailer => self.gzip_trailer()?,
                GzState::Resync(from) => self.gzip_resync(from)?,
            }
        }
    }

    fn gzip(&mut self) -> &mut Gzip {
        match &mut self.gzip {
            Some(Some(g)) => g,
            _ => unreachable!("gzip state used on plain input"),
        }
    }

    /// Marks the current member damaged: the error to return, and where to rescan from
    /// (always just past the member's start: a member found damaged at its trailer may have
    /// lost bytes, so that the next member starts before where this one seemed to end).
    fn damaged(&mut self, error: GzipError, rescan_from: u64) -> SourceError {
        let g = self.gzip();
        g.out_pos = 0;
        g.out_end = 0;
        g.state = GzState::Resync(rescan_from);
        SourceError::Gzip(g.member_start, error)
    }

    fn gzip_header(&mut self) -> Result<(), SourceError> {
        // Skip zero padding between or after members (tape and block devices pad with
        // zeros; `gzip -d` accepts it).
        loop {
            while self.raw_pos < self.raw_end && self.raw[self.raw_pos] == 0 {
                self.raw_pos += 1;
            }
            if self.raw_pos < self.raw_end || self.reader_eof || self.failed {
                break;
            }
            self.read_more(false)?;
        }
        if self.raw_pos == self.raw_end {
            self.gzip().state = GzState::Done;
            return Ok(());
        }
        let start = self.raw_base + self.raw_pos as u64;
        {
            let g = self.gzip();
            g.member += 1;
            g.member_start = start;
            g.member_out = 0;
        }
        loop {
            let available = self.raw_end - self.raw_pos;
            match parse_header(&self.raw[self.raw_pos..self.raw_end]) {
                Ok(n) => {
                    self.raw_pos += n;
                    let g = self.gzip();
                    g.inflater.reset(false);
                    g.crc.reset();
                    g.state = GzState::Deflate;
                    return Ok(());
                }
                Err(HeaderError::Bad { at, what }) => {
                    let member = self.gzip().member;
                    let err = GzipError::BadHeader {
                        member,
                        offset: start + at as u64,
                        what,
                    };
                    return Err(self.damaged(err, start + 1));
                }
                Err(HeaderError::Eof) if available >= MAX_GZIP_HEADER => {
                    let member = self.gzip().member;
                    let err = GzipError::BadHeader {
                        member,
                        offset: start,
                        what: format!("header longer than {MAX_GZIP_HEADER} bytes"),
                    };
                    return Err(self.damaged(err, start + 1));
                }
                Err(HeaderError::Eof) if self.reader_eof || self.failed => {
                    let err = GzipError::Truncated {
                        member: self.gzip().member,
                        offset: start + available as u64,
                        part: "header",
                        decoded: 0,
                    };
                    // A false member start (damage that looks like 1f 8b 08) can claim the
                    // rest of the input as its file name: the real members are still there.
                    return Err(self.damaged(err, start + 1));
                }
                Err(HeaderError::Eof) => self.read_more(true)?,
            }
        }
    }

    fn gzip_inflate(&mut self) -> Result<(), SourceError> {
        if self.raw_pos == self.raw_end && !self.reader_eof && !self.failed {
            self.read_more(true)?;
        }
        let Some(Some(g)) = &mut self.gzip else {
            return Ok(());
        };
        let input = &self.raw[self.raw_pos..self.raw_end];
        let (in_before, out_before) = (g.inflater.total_in(), g.inflater.total_out());
        let status = g
            .inflater
            .decompress(input, &mut g.out, FlushDecompress::None);
        let consumed = (g.inflater.total_in() - in_before) as usize;
        let produced = (g.inflater.total_out() - out_before) as usize;
        self.raw_pos += consumed;
        g.crc.update(&g.out[..produced]);
        g.out_pos = 0;
        g.out_end = produced;
        g.member_out += produced as u64;
        match status {
            Ok(Status::StreamEnd) => {
                g.state = GzState::Trailer;
                Ok(())
            }
            Ok(_) if consumed == 0 && produced == 0 => {
                if self.raw_pos < self.raw_end {
                    let (member, decoded, start) = (g.member, g.member_out, g.member_start);
                    let err = GzipError::Corrupt {
                        member,
                        offset: self.raw_base + self.raw_pos as u64,
                        reason: "inflater made no progress".to_owned(),
                        decoded,
                    };
                    Err(self.damaged(err, start + 1))
                } else if self.reader_eof || self.failed {
                    let err = GzipError::Truncated {
                        member: g.member,
                        offset: self.raw_base + self.raw_end as u64,
                        part: "deflate data",
                        decoded: g.member_out,
                    };
                    let start = g.member_start;
                    // Nothing follows a cut at the end of the input, but a cut member in the
                    // middle of a file was only found cut here if what followed it inflated;
                    // rescanning finds the members after it.
                    Err(self.damaged(err, start + 1))
                } else {
                    Ok(())
                }
            }
            Ok(_) => Ok(()),
            Err(e) => {
                let reason = crate::decode::gzip::inflate_error_reason(&e);
                // The bytes inflated before the damage are handed out first (as they would
                // have been had the input come in smaller reads); the error follows them.
                g.pending = Some(GzipError::Corrupt {
                    member: g.member,
                    offset: self.raw_base + self.raw_pos as u64,
                    reason,
                    decoded: g.member_out,
                });
                g.state = GzState::Resync(g.member_start + 1);
                Ok(())
            }
        }
    }

    fn gzip_trailer(&mut self) -> Result<(), SourceError> {
        const TRAILER: usize = 8;
        while self.raw_end - self.raw_pos < TRAILER && !self.reader_eof && !self.failed {
            self.read_more(true)?;
        }
        let at = self.raw_base + self.raw_pos as u64;
        let Some(t) = self.raw[..self.raw_end].get(self.raw_pos..self.raw_pos + TRAILER) else {
            let end = self.input_end();
            let g = self.gzip();
            let (member, decoded, start) = (g.member, g.member_out, g.member_start);
            let err = GzipError::Truncated {
                member,
                offset: end,
                part: "trailer",
                decoded,
            };
            return Err(self.damaged(err, start + 1));
        };
        let stored_crc = u32::from_le_bytes([t[0], t[1], t[2], t[3]]);
        let stored_len = u32::from_le_bytes([t[4], t[5], t[6], t[7]]);
        let g = self.gzip();
        let (member, start) = (g.member, g.member_start);
        // ISIZE is the length modulo 2^32 (RFC 1952 §2.3.1): truncation is intended.
        let decoded_len = g.member_out as u32;
        let computed = g.crc.sum();
        if stored_crc != computed {
            let err = GzipError::ChecksumMismatch {
                member,
                offset: at,
                stored: stored_crc,
                computed,
            };
            self.raw_pos += TRAILER;
            return Err(self.damaged(err, start + 1));
        }
        if stored_len != decoded_len {
            let err = GzipError::LengthMismatch {
                member,
                offset: at + 4,
                stored: stored_len,
                decoded: decoded_len,
            };
            self.raw_pos += TRAILER;
            return Err(self.damaged(err, start + 1));
        }
        self.raw_pos += TRAILER;
        self.gzip().state = GzState::MemberEnd;
        Ok(())
    }

    /// Scans the input from `from` for the next member start and goes on there.
    fn gzip_resync(&mut self, from: u64) -> Result<(), SourceError> {
        // Rescan kept bytes from `from` (or as far back as is kept).
        let from_index = from.saturating_sub(self.raw_base).min(self.raw_end as u64) as usize;
        self.raw_pos = from_index;
        loop {
            let window = &self.raw[self.raw_pos..self.raw_end];
            if let Some(i) = window
                .windows(MEMBER_START.len())
                .position(|w| w == MEMBER_START)
            {
                self.raw_pos += i;
                self.gzip().state = GzState::Header;
                return Ok(());
            }
            if self.reader_eof || self.failed {
                self.raw_pos = self.raw_end;
                self.gzip().state = GzState::Done;
                return Ok(());
            }
            // Keep the last two bytes: a member start may straddle the read boundary.
            self.raw_pos = self
                .raw_end
                .saturating_sub(MEMBER_START.len() - 1)
                .max(self.raw_pos);
            self.read_more(false)?;
        }
    }
}
