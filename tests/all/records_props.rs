//! Properties of the record readers for any input: no panic, every iteration ends, offsets
//! inside the input, reading in pieces changes nothing, and intact streams round-trip.

use crate::common;

use std::io::{self, Read, Write};

use pagewash::records::{open, ReadOptions, Record, RecordError, StreamFormat};
use proptest::prelude::*;

const FORMATS: [StreamFormat; 4] = [
    StreamFormat::Warc,
    StreamFormat::Wet,
    StreamFormat::Jsonl,
    StreamFormat::Plain,
];

/// A reader that returns at most `n` bytes per call.
struct Trickle<'a>(&'a [u8], usize);

impl Read for Trickle<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = buf.len().min(self.0.len()).min(self.1);
        buf[..n].copy_from_slice(&self.0[..n]);
        self.0 = &self.0[n..];
        Ok(n)
    }
}

/// Reads everything in `piece`-byte reads, checking that the iteration ends within a bound
/// linear in the input and that every offset is inside the input. Items as strings.
fn read_all(input: &[u8], format: StreamFormat, piece: usize, limit: usize) -> Vec<String> {
    let mut options = ReadOptions::new();
    options.max_record_bytes(limit);
    let mut reader = open(Trickle(input, piece), format, &options);
    let bound = 4 * input.len() + 16;
    let mut out = Vec::new();
    for item in reader.by_ref() {
        let offset = match &item {
            Ok(r) => r.offset,
            Err(e) => e.offset(),
        };
        assert!(
            offset <= input.len() as u64,
            "offset {offset} past the input"
        );
        out.push(describe(item));
        assert!(
            out.len() <= bound,
            "more than {bound} items from {} bytes",
            input.len()
        );
    }
    assert!(reader.next().is_none(), "stays ended");
    let stats = reader.stats();
    assert_eq!(stats.records + stats.errors, out.len() as u64);
    out
}

fn describe(item: Result<Record, RecordError>) -> String {
    match item {
        Ok(r) => {
            assert!(r.body.len() <= 1 << 20);
            format!("{r:?}")
        }
        // zlib-rs words the same failure differently depending on how much input it was
        // given at once (flate2 1.1 sometimes reports only "bad state"): keep the rest.
        Err(e) => {
            let text = e.to_string();
            match (text.find("corrupt deflate data"), text.rfind(" (")) {
                (Some(a), Some(b)) if a < b => format!("error: {}{}", &text[..a], &text[b..]),
                _ => format!("error: {text}"),
            }
        }
    }
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// A record: WARC type index, URL path, body.
type Spec = (u8, String, Vec<u8>);

const TYPES: [&str; 5] = ["response", "conversion", "resource", "request", "warcinfo"];

fn record(spec: &Spec) -> Vec<u8> {
    let (t, path, body) = spec;
    let warc_type = TYPES[*t as usize % TYPES.len()];
    let block = if warc_type == "response" {
        let mut b = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n".to_vec();
        b.extend_from_slice(body);
        b
    } else {
        body.clone()
    };
    let content_type = if warc_type == "response" {
        "application/http; msgtype=response"
    } else {
        "text/plain"
    };
    let mut out = format!(
        "WARC/1.1\r\nWARC-Type: {warc_type}\r\nWARC-Target-URI: http://a.cn/{path}\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(&block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// Bodies that look like pages and like WARC: CRLFs, `WARC/1.0` lines, binary.
fn body() -> impl Strategy<Value = Vec<u8>> {
    prop::collection::vec(
        prop_oneof![
            Just(b"<p>\xe6\xad\xa3\xe6\x96\x87</p>".to_vec()),
            Just(b"\r\n".to_vec()),
            Just(b"\r\n\r\nWARC/1.0\r\n".to_vec()),
            Just(b"Content-Length: 5\r\n".to_vec()),
            prop::collection::vec(any::<u8>(), 0..20),
        ],
        0..12,
    )
    .prop_map(|parts| parts.concat())
}

fn specs() -> impl Strategy<Value = Vec<Spec>> {
    prop::collection::vec((any::<u8>(), "[a-z0-9/]{0,12}", body()), 0..6)
}

fn some_specs() -> impl Strategy<Value = Vec<Spec>> {
    prop::collection::vec((any::<u8>(), "[a-z0-9/]{0,12}", body()), 1..6)
}

/// The stream: records concatenated, or each gzipped, or all gzipped as one member.
fn stream(specs: &[Spec], packing: u8) -> Vec<u8> {
    let records: Vec<Vec<u8>> = specs.iter().map(record).collect();
    match packing % 3 {
        0 => records.concat(),
        1 => records.iter().flat_map(|r| gz(r)).collect(),
        _ => gz(&records.concat()),
    }
}

/// One damage to a stream.
#[derive(Clone, Debug)]
enum Damage {
    Flip(usize, u8),
    Delete(usize, usize),
    Insert(usize, Vec<u8>),
    Truncate(usize),
}

fn damage() -> impl Strategy<Value = Damage> {
    prop_oneof![
        (any::<usize>(), 1..=255u8).prop_map(|(at, x)| Damage::Flip(at, x)),
        (any::<usize>(), 1..40usize).prop_map(|(at, n)| Damage::Delete(at, n)),
        (
            any::<usize>(),
            prop_oneof![
                prop::collection::vec(any::<u8>(), 1..30),
                Just(b"WARC/1.0\r\n".to_vec()),
                Just(vec![0x1f, 0x8b, 0x08]),
                Just(b"\r\n\r\n".to_vec()),
            ]
        )
            .prop_map(|(at, bytes)| Damage::Insert(at, bytes)),
        any::<usize>().prop_map(Damage::Truncate),
    ]
}

fn apply(mut bytes: Vec<u8>, damages: &[Damage]) -> Vec<u8> {
    for d in damages {
        let len = bytes.len().max(1);
        match d {
            Damage::Flip(at, x) => {
                if let Some(b) = bytes.get_mut(at % len) {
                    *b ^= x;
                }
            }
            Damage::Delete(at, n) => {
                let at = at % len;
                let end = (at + n).min(bytes.len());
                if at < end {
                    bytes.drain(at..end);
                }
            }
            Damage::Insert(at, new) => {
                let at = at % (bytes.len() + 1);
                bytes.splice(at..at, new.iter().copied());
            }
            Damage::Truncate(at) => bytes.truncate(at % len),
        }
    }
    bytes
}

proptest! {
    // 256 cases by default; PROPTEST_CASES=5000 for a longer hunt.
    #![proptest_config(common::regressions::config(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(256)
    ))]

    #[test]
    fn any_bytes_end_without_panic(
        prefix in prop_oneof![
            Just(Vec::new()),
            Just(b"WARC/1.0\r\n".to_vec()),
            Just(vec![0x1f, 0x8b, 0x08, 0x00]),
            Just(b"{\"html\":".to_vec()),
        ],
        bytes in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let input = [prefix, bytes].concat();
        for format in FORMATS {
            read_all(&input, format, usize::MAX, 1 << 20);
        }
    }

    #[test]
    fn intact_streams_round_trip(specs in specs(), packing in any::<u8>()) {
        let input = stream(&specs, packing);
        let items = {
            let mut reader = open(&input[..], StreamFormat::Warc, &ReadOptions::new());
            let items: Vec<_> = reader.by_ref().collect();
            let skipped = reader.stats().skipped.total();
            (items, skipped)
        };
        let (items, skipped) = items;
        let pages: Vec<&Spec> = specs
            .iter()
            .filter(|(t, _, _)| !matches!(TYPES[*t as usize % TYPES.len()], "request" | "warcinfo"))
            .collect();
        prop_assert_eq!(skipped as usize, specs.len() - pages.len());
        prop_assert_eq!(items.len(), pages.len());
        for (item, (_, path, body)) in items.iter().zip(&pages) {
            let r = item.as_ref().map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(r.url.clone(), Some(format!("http://a.cn/{path}")));
            prop_assert_eq!(&r.body, body);
        }
    }

    #[test]
    fn damaged_streams_end_without_panic_and_read_the_same_in_pieces(
        specs in specs(),
        packing in any::<u8>(),
        damages in prop::collection::vec(damage(), 0..4),
        piece in prop_oneof![Just(1usize), Just(7), Just(300)],
        limit in prop_oneof![Just(1usize << 20), Just(16), Just(0)],
    ) {
        let input = apply(stream(&specs, packing), &damages);
        let whole = read_all(&input, StreamFormat::Warc, usize::MAX, limit);
        let pieces = read_all(&input, StreamFormat::Warc, piece, limit);
        prop_assert_eq!(whole, pieces);
        read_all(&input, StreamFormat::Jsonl, piece, limit);
        read_all(&input, StreamFormat::Plain, piece, limit);
    }

    #[test]
    fn damage_to_one_gzip_member_costs_at_most_its_record(
        specs in some_specs(),
        victim in any::<usize>(),
        damages in prop::collection::vec(damage(), 1..4),
        piece in prop_oneof![Just(7usize), Just(4096)],
    ) {
        let victim = victim % specs.len();
        let members: Vec<Vec<u8>> = specs.iter().map(|s| gz(&record(s))).collect();
        // An intact warcinfo first, as in Common Crawl files (compression is decided on
        // the first bytes; a damaged first member is tests/records.rs's case).
        let mut input = gz(&record(&(4, String::new(), b"software: x\r\n".to_vec())));
        for (i, m) in members.iter().enumerate() {
            if i == victim {
                input.extend_from_slice(&apply(m.clone(), &damages));
            } else {
                input.extend_from_slice(m);
            }
        }
        let page = |s: &Spec| {
            let t = TYPES[s.0 as usize % TYPES.len()];
            (!matches!(t, "request" | "warcinfo")).then(|| (format!("http://a.cn/{}", s.1), s.2.clone()))
        };
        let items: Vec<Result<Record, RecordError>> =
            open(Trickle(&input, piece), StreamFormat::Warc, &ReadOptions::new()).collect();
        let victim_page = page(&specs[victim]);
        // A record first in a damaged member is yielded only if the damage makes the member
        // go on with another `WARC/1.` (deflate garbage repeats earlier strings): like any
        // record not first in its member, it cannot be checked before the member's end. The
        // member's error then follows it, naming its offset: never unflagged garbage.
        let flagged = |at: usize, offset: u64| {
            items[at..].iter().any(|i| matches!(i, Err(RecordError::Gzip { offset: o, .. }) if *o == offset))
        };
        let mut got = Vec::new();
        for (at, item) in items.iter().enumerate() {
            let Ok(r) = item else { continue };
            let p = (r.url.clone().unwrap_or_default(), r.body.clone());
            let original = specs.iter().filter_map(page).any(|q| q == p);
            prop_assert!(original || flagged(at, r.offset), "unflagged damaged record {:?}", r);
            if original {
                got.push(p);
            }
        }
        let others: Vec<(String, Vec<u8>)> = specs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != victim)
            .filter_map(|(_, s)| page(s))
            .collect();
        let without_victim: Vec<(String, Vec<u8>)> =
            got.iter().filter(|p| Some(*p) != victim_page.as_ref()).cloned().collect();
        // Identical pages elsewhere in the stream are indistinguishable from the victim.
        let others_without: Vec<(String, Vec<u8>)> =
            others.iter().filter(|p| Some(*p) != victim_page.as_ref()).cloned().collect();
        prop_assert_eq!(without_victim, others_without);
    }

    #[test]
    fn damage_to_one_uncompressed_record_loses_no_other(
        specs in some_specs(),
        victim in any::<usize>(),
        damages in prop::collection::vec(damage(), 1..4),
        piece in prop_oneof![Just(7usize), Just(4096)],
    ) {
        let victim = victim % specs.len();
        let mut input = record(&(4, String::new(), b"software: x\r\n".to_vec()));
        let mut offsets = Vec::new();
        let mut claimed_end = 0;
        for (i, s) in specs.iter().enumerate() {
            offsets.push(input.len());
            let r = record(s);
            if i == victim {
                let damaged = apply(r, &damages);
                claimed_end = input.len() + claimed_len(&damaged);
                input.extend_from_slice(&damaged);
            } else {
                input.extend_from_slice(&r);
            }
        }
        let page = |s: &Spec| {
            let t = TYPES[s.0 as usize % TYPES.len()];
            (!matches!(t, "request" | "warcinfo")).then(|| (format!("http://a.cn/{}", s.1), s.2.clone()))
        };
        let got: Vec<(String, Vec<u8>)> = open(Trickle(&input, piece), StreamFormat::Warc, &ReadOptions::new())
            .filter_map(|i| i.ok())
            .map(|r| (r.url.unwrap_or_default(), r.body))
            .collect();
        let others: Vec<(String, Vec<u8>)> = specs
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != victim)
            .filter_map(|(i, s)| page(s).map(|p| (i, p)))
            // A wrong Content-Length that happens to end at CRLF CRLF swallows the records
            // inside it, undetectably: only records past what the victim claims must survive.
            .filter(|(i, _)| offsets[*i] >= claimed_end)
            .map(|(_, p)| p)
            .collect();
        // Every other page, in order; at most one more (the victim, perhaps altered).
        let mut rest = got.iter();
        for want in &others {
            prop_assert!(rest.any(|g| g == want), "lost {:?}", want);
        }
        prop_assert!(got.len() <= specs.len(), "{} records from {} specs", got.len(), specs.len());
    }
}

/// How far a (damaged) record claims to reach: header, Content-Length, CRLF CRLF; its own
/// length if its header does not parse that far.
fn claimed_len(record: &[u8]) -> usize {
    let find = |needle: &[u8]| record.windows(needle.len()).position(|w| w == needle);
    let claimed = (|| {
        let at = find(b"Content-Length: ")? + 16;
        let digits: Vec<u8> = record[at..]
            .iter()
            .copied()
            .take_while(u8::is_ascii_digit)
            .collect();
        let length: usize = std::str::from_utf8(&digits).ok()?.parse().ok()?;
        let body = find(b"\r\n\r\n")? + 4;
        body.checked_add(length)?.checked_add(4)
    })();
    claimed.unwrap_or(0).max(record.len())
}
