//! Record streams (`pagewash::records`): WARC, WET, JSON Lines and plain input built here,
//! gzip per record and uncompressed, intact and damaged.

use std::io::{self, Read, Write};

use pagewash::records::{
    self, detect, is_text_content_type, open, open_detected, ReadOptions, ReadStats, Record,
    RecordError, RecordKind, StreamFormat,
};

// ---------------------------------------------------------------------------------------
// Builders

/// One WARC 1.1 record: version line, `WARC-Type`, `extra` fields, a correct
/// `Content-Length`, the block, CRLF CRLF.
fn warc_record(warc_type: &str, extra: &[(&str, &str)], block: &[u8]) -> Vec<u8> {
    let mut head = format!("WARC/1.1\r\nWARC-Type: {warc_type}\r\n");
    for (name, value) in extra {
        head += &format!("{name}: {value}\r\n");
    }
    head += &format!("Content-Length: {}\r\n\r\n", block.len());
    let mut out = head.into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

/// An HTTP response message.
fn http(status_line: &str, headers: &[(&str, &str)], body: &[u8]) -> Vec<u8> {
    let mut head = format!("{status_line}\r\n");
    for (name, value) in headers {
        head += &format!("{name}: {value}\r\n");
    }
    head += "\r\n";
    let mut out = head.into_bytes();
    out.extend_from_slice(body);
    out
}

/// A `response` record for `url` with an HTTP 200 (or `status`) message.
fn response(url: &str, status: u16, content_type: &str, body: &[u8]) -> Vec<u8> {
    let id = format!("<urn:uuid:{:08x}-0000-0000-0000-000000000000>", url.len());
    warc_record(
        "response",
        &[
            ("WARC-Target-URI", url),
            ("WARC-Date", "2024-03-01T12:00:00Z"),
            ("WARC-Record-ID", &id),
            ("Content-Type", "application/http; msgtype=response"),
            ("WARC-Identified-Payload-Type", "text/html"),
        ],
        &http(
            &format!("HTTP/1.1 {status} Whatever"),
            &[("Content-Type", content_type), ("Server", "nginx")],
            body,
        ),
    )
}

/// The record with its `Content-Length` replaced by `length` (the block is unchanged).
fn with_length(record: &[u8], length: usize) -> Vec<u8> {
    let text = record.to_vec();
    let at = find(&text, b"Content-Length: ").expect("has a length") + 16;
    let end = at + text[at..].iter().position(|&b| b == b'\r').unwrap();
    let mut out = text[..at].to_vec();
    out.extend_from_slice(length.to_string().as_bytes());
    out.extend_from_slice(&text[end..]);
    out
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn gz(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

/// Each record in its own gzip member, as Common Crawl writes; also the member offsets.
fn gz_each(records: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for r in records {
        offsets.push(out.len() as u64);
        out.extend_from_slice(&gz(r));
    }
    (out, offsets)
}

fn concat(records: &[Vec<u8>]) -> (Vec<u8>, Vec<u64>) {
    let mut out = Vec::new();
    let mut offsets = Vec::new();
    for r in records {
        offsets.push(out.len() as u64);
        out.extend_from_slice(r);
    }
    (out, offsets)
}

/// Every item, and the final counts.
fn read_with(
    input: &[u8],
    format: StreamFormat,
    options: &ReadOptions,
) -> (Vec<Result<Record, RecordError>>, ReadStats) {
    let mut reader = open(input, format, options);
    let items: Vec<_> = reader.by_ref().take(10_000).collect();
    assert!(reader.next().is_none(), "iteration ends");
    (items, reader.stats().clone())
}

fn read(input: &[u8], format: StreamFormat) -> (Vec<Result<Record, RecordError>>, ReadStats) {
    read_with(input, format, &ReadOptions::new())
}

fn oks(items: &[Result<Record, RecordError>]) -> Vec<&Record> {
    items.iter().filter_map(|i| i.as_ref().ok()).collect()
}

fn errs(items: &[Result<Record, RecordError>]) -> Vec<&RecordError> {
    items.iter().filter_map(|i| i.as_ref().err()).collect()
}

fn urls(items: &[Result<Record, RecordError>]) -> Vec<&str> {
    oks(items)
        .iter()
        .map(|r| r.url.as_deref().unwrap_or("?"))
        .collect()
}

/// The pages used throughout: UTF-8 and GBK HTML.
fn pages() -> Vec<(String, u16, String, Vec<u8>)> {
    let gbk = encoding_rs::GBK
        .encode("<html><meta charset=gbk><p>当地，暂不返乡。</p></html>")
        .0
        .into_owned();
    vec![
        (
            "http://news.example.cn/a/1.html".to_owned(),
            200,
            "text/html; charset=utf-8".to_owned(),
            "<html><body><p>正文第一段。</p></body></html>"
                .as_bytes()
                .to_vec(),
        ),
        (
            "http://www.example.com.cn/2".to_owned(),
            200,
            "text/html; charset=GBK".to_owned(),
            gbk,
        ),
        (
            "http://example.org/missing".to_owned(),
            404,
            "text/html".to_owned(),
            b"<h1>Not Found</h1>\r\n\r\nWARC/1.0 is text here, not a record".to_vec(),
        ),
    ]
}

fn page_records() -> Vec<Vec<u8>> {
    pages()
        .iter()
        .map(|(url, status, ct, body)| response(url, *status, ct, body))
        .collect()
}

fn check_pages(records: &[&Record]) {
    let pages = pages();
    assert_eq!(records.len(), pages.len());
    for (r, (url, status, ct, body)) in records.iter().zip(&pages) {
        assert_eq!(r.url.as_deref(), Some(url.as_str()));
        assert_eq!(r.id, *url);
        assert_eq!(r.http_status, Some(*status));
        assert_eq!(r.content_type.as_deref(), Some(ct.as_str()));
        assert_eq!(r.body, *body, "body of {url}");
        assert_eq!(r.kind, RecordKind::Response);
        assert_eq!(r.date.as_deref(), Some("2024-03-01T12:00:00Z"));
        assert!(r
            .warc_record_id
            .as_deref()
            .unwrap()
            .starts_with("<urn:uuid:"));
        assert_eq!(r.identified_payload_type.as_deref(), Some("text/html"));
        assert_eq!(r.truncated, None);
        assert!(r.is_text());
    }
}

// ---------------------------------------------------------------------------------------
// WARC

#[test]
fn responses_round_trip_uncompressed() {
    let (input, offsets) = concat(&page_records());
    let (items, stats) = read(&input, StreamFormat::Warc);
    assert!(errs(&items).is_empty(), "{:?}", errs(&items));
    check_pages(&oks(&items));
    let got: Vec<u64> = oks(&items).iter().map(|r| r.offset).collect();
    assert_eq!(got, offsets);
    assert_eq!(stats.records, 3);
    assert_eq!(stats.errors, 0);
}

#[test]
fn responses_round_trip_gzip_per_record() {
    let (input, offsets) = gz_each(&page_records());
    let (items, _) = read(&input, StreamFormat::Warc);
    assert!(errs(&items).is_empty(), "{:?}", errs(&items));
    check_pages(&oks(&items));
    let got: Vec<u64> = oks(&items).iter().map(|r| r.offset).collect();
    assert_eq!(got, offsets, "offsets are gzip member offsets");
}

#[test]
fn whole_file_in_one_gzip_member() {
    let (plain, _) = concat(&page_records());
    let (items, _) = read(&gz(&plain), StreamFormat::Warc);
    assert!(errs(&items).is_empty(), "{:?}", errs(&items));
    check_pages(&oks(&items));
    assert!(oks(&items).iter().all(|r| r.offset == 0), "one member");
}

#[test]
fn http_headers_are_stripped_and_chunked_bodies_decoded() {
    let chunked = http(
        "HTTP/1.1 200 OK",
        &[
            ("Content-Type", "text/html"),
            ("Transfer-Encoding", "chunked"),
        ],
        b"7\r\n<p>chun\r\n7\r\nked</p>\r\n0\r\n\r\n",
    );
    // Common Crawl: the header is kept but the body is already de-chunked.
    let dechunked = http(
        "HTTP/1.1 200 OK",
        &[
            ("Content-Type", "text/html"),
            ("Transfer-Encoding", "chunked"),
        ],
        b"<p>plain</p>",
    );
    let records = [
        warc_record(
            "response",
            &[("Content-Type", "application/http")],
            &chunked,
        ),
        warc_record(
            "response",
            &[("Content-Type", "application/http")],
            &dechunked,
        ),
    ];
    let (input, _) = concat(&records);
    let (items, _) = read(&input, StreamFormat::Warc);
    let bodies: Vec<&[u8]> = oks(&items).iter().map(|r| r.body.as_slice()).collect();
    assert_eq!(bodies, [&b"<p>chunked</p>"[..], b"<p>plain</p>"]);
}

#[test]
fn non_html_records_are_yielded_with_their_type() {
    let records = [
        response(
            "http://a.cn/logo.jpg",
            200,
            "image/jpeg",
            b"\xFF\xD8\xFF\xE0 jfif",
        ),
        response("http://a.cn/doc.pdf", 200, "application/pdf", b"%PDF-1.4"),
        page_records()[0].clone(),
    ];
    let (input, _) = gz_each(&records);
    let (items, _) = read(&input, StreamFormat::Warc);
    let got: Vec<(Option<&str>, bool)> = oks(&items)
        .iter()
        .map(|r| {
            (
                r.content_type.as_deref(),
                is_text_content_type(r.content_type.as_deref()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            (Some("image/jpeg"), false),
            (Some("application/pdf"), false),
            (Some("text/html; charset=utf-8"), true)
        ]
    );
    assert_eq!(oks(&items)[0].body, b"\xFF\xD8\xFF\xE0 jfif");
}

#[test]
fn text_content_types() {
    for ct in [
        "text/html",
        "TEXT/HTML; charset=gb2312",
        "text/plain",
        "application/xhtml+xml",
        "text/x-php",
        "",
    ] {
        assert!(is_text_content_type(Some(ct)), "{ct}");
    }
    for ct in [
        "image/png",
        "application/pdf",
        "text/css",
        "text/javascript",
        "application/octet-stream",
        "video/mp4",
    ] {
        assert!(!is_text_content_type(Some(ct)), "{ct}");
    }
}

#[test]
fn other_record_types_are_skipped_and_counted() {
    let mut records = vec![
        warc_record(
            "warcinfo",
            &[("Content-Type", "application/warc-fields")],
            b"software: test\r\n",
        ),
        warc_record(
            "request",
            &[("Content-Type", "application/http; msgtype=request")],
            b"GET / HTTP/1.1\r\nHost: a.cn\r\n\r\n",
        ),
    ];
    records.extend(page_records());
    records.push(warc_record("metadata", &[], b"fetchTimeMs: 12\r\n"));
    records.push(warc_record("revisit", &[], b""));
    records.push(warc_record(
        "response",
        &[("Content-Type", "text/dns")],
        b"20240301 a.cn. 300 IN A 1.2.3.4\n",
    ));
    records.push(warc_record("something-new", &[], b"x"));
    for input in [concat(&records).0, gz_each(&records).0] {
        let (items, stats) = read(&input, StreamFormat::Warc);
        assert!(errs(&items).is_empty(), "{:?}", errs(&items));
        check_pages(&oks(&items));
        let s = &stats.skipped;
        assert_eq!(
            (
                s.warcinfo,
                s.request,
                s.metadata,
                s.revisit,
                s.non_http_response,
                s.other
            ),
            (1, 1, 1, 1, 1, 1)
        );
        assert_eq!(s.total(), 6);
    }
}

#[test]
fn conversion_and_resource_records_yield_their_block() {
    let records = [
        warc_record(
            "warcinfo",
            &[("WARC-Filename", "CC-MAIN-x.warc.wet.gz")],
            b"isPartOf: CC-MAIN\r\n",
        ),
        warc_record(
            "conversion",
            &[
                ("WARC-Target-URI", "http://a.cn/1"),
                ("Content-Type", "text/plain"),
            ],
            "第一行\n第二行".as_bytes(),
        ),
        warc_record(
            "resource",
            &[
                ("WARC-Target-URI", "file:///a.txt"),
                ("Content-Type", "text/plain"),
            ],
            b"resource text",
        ),
    ];
    let (input, _) = gz_each(&records);
    assert_eq!(detect(&input), StreamFormat::Wet);
    let (items, stats) = read(&input, StreamFormat::Wet);
    let got: Vec<(RecordKind, &[u8], Option<&str>)> = oks(&items)
        .iter()
        .map(|r| (r.kind, r.body.as_slice(), r.content_type.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                RecordKind::Conversion,
                "第一行\n第二行".as_bytes(),
                Some("text/plain")
            ),
            (
                RecordKind::Resource,
                &b"resource text"[..],
                Some("text/plain")
            ),
        ]
    );
    assert_eq!(stats.skipped.warcinfo, 1);
}

#[test]
fn warc_1_0_with_angle_brackets_and_folded_fields() {
    let raw = b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: <http://a.cn/x>\r\n\
                Content-Type: text/plain;\r\n  charset=utf-8\r\ncontent-length: 2\r\n\r\nok\r\n\r\n";
    let (items, _) = read(raw, StreamFormat::Warc);
    let r = oks(&items)[0];
    assert_eq!(r.url.as_deref(), Some("http://a.cn/x"));
    assert_eq!(r.content_type.as_deref(), Some("text/plain; charset=utf-8"));
    assert_eq!(r.body, b"ok");
}

#[test]
fn warc_truncated_reason_is_kept() {
    let record = warc_record(
        "response",
        &[
            ("Content-Type", "application/http"),
            ("WARC-Truncated", "time"),
        ],
        &http("HTTP/1.1 200 OK", &[], b"<p>part"),
    );
    let (items, _) = read(&record, StreamFormat::Warc);
    assert_eq!(oks(&items)[0].truncated.as_deref(), Some("time"));
}

#[test]
fn empty_input() {
    for format in [StreamFormat::Warc, StreamFormat::Wet, StreamFormat::Jsonl] {
        let (items, stats) = read(b"", format);
        assert!(items.is_empty(), "{format}");
        assert_eq!(stats, ReadStats::default());
    }
    let (items, _) = read(b"", StreamFormat::Plain);
    assert_eq!(oks(&items).len(), 1, "an empty file is one empty page");
    assert!(oks(&items)[0].body.is_empty());
    assert_eq!(detect(b""), StreamFormat::Plain);
}

#[test]
fn junk_before_a_record_is_reported_once() {
    let mut input = b"garbage line\r\nmore garbage\r\n".to_vec();
    input.extend_from_slice(&concat(&page_records()).0);
    let (items, _) = read(&input, StreamFormat::Warc);
    let e = errs(&items);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        matches!(e[0], RecordError::Junk { offset: 0, len: 28 }),
        "{}",
        e[0]
    );
    assert!(items[0].is_err(), "the error comes first, in input order");
    check_pages(&oks(&items));
}

#[test]
fn blank_lines_between_records_are_not_junk() {
    let recs = page_records();
    let mut input = b"\r\n".to_vec();
    for r in &recs {
        input.extend_from_slice(r);
        input.extend_from_slice(b"\r\n");
    }
    let (items, _) = read(&input, StreamFormat::Warc);
    assert!(errs(&items).is_empty(), "{:?}", errs(&items));
    check_pages(&oks(&items));
}

// ---------------------------------------------------------------------------------------
// Damage

#[test]
fn truncated_gzip_member_at_the_end() {
    let (mut input, offsets) = gz_each(&page_records());
    input.truncate(input.len() - 20);
    let (items, stats) = read(&input, StreamFormat::Warc);
    assert_eq!(urls(&items).len(), 2);
    let e = errs(&items);
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(matches!(e[0], RecordError::Gzip { offset, .. } if *offset == offsets[2]));
    let message = e[0].to_string();
    assert!(
        message.starts_with(&format!("bad gzip member at byte {}: ", offsets[2])),
        "{message}"
    );
    assert_eq!((stats.records, stats.errors), (2, 1));
}

#[test]
fn truncated_gzip_member_in_the_middle() {
    let recs = page_records();
    let members: Vec<Vec<u8>> = recs.iter().map(|r| gz(r)).collect();
    let mut input = members[0].clone();
    let cut_at = input.len() as u64;
    input.extend_from_slice(&members[1][..members[1].len() / 2]);
    input.extend_from_slice(&members[2]);
    let (items, _) = read(&input, StreamFormat::Warc);
    let e = errs(&items);
    assert!(!e.is_empty());
    assert!(
        e.iter()
            .all(|e| matches!(e, RecordError::Gzip { offset, .. } if *offset == cut_at)),
        "{e:?}"
    );
    assert_eq!(
        urls(&items),
        [pages()[0].0.as_str(), pages()[2].0.as_str()],
        "the member after the cut one is read"
    );
}

#[test]
fn corrupt_deflate_data_costs_one_record() {
    let recs = page_records();
    let members: Vec<Vec<u8>> = recs.iter().map(|r| gz(r)).collect();
    let mut input = Vec::new();
    let mut bad = members[1].clone();
    let mid = bad.len() / 2;
    for b in &mut bad[mid - 8..mid + 8] {
        *b ^= 0x5A;
    }
    for m in [&members[0], &bad, &members[2]] {
        input.extend_from_slice(m);
    }
    let (items, _) = read(&input, StreamFormat::Warc);
    assert_eq!(urls(&items), [pages()[0].0.as_str(), pages()[2].0.as_str()]);
    assert!(errs(&items)
        .iter()
        .all(|e| matches!(e, RecordError::Gzip { .. })));
}

#[test]
fn one_flipped_byte_anywhere_in_a_member_costs_its_record_once() {
    // Issue 16: a flip near a member's end left a record whose block looked wrong and then
    // a checksum error for the same member: one record counted twice. Every byte of the
    // middle member, in turn: the other records are read, and the damaged one is one error
    // (or, where the flip hits a byte the format ignores, a record).
    let recs = page_records();
    let members: Vec<Vec<u8>> = recs.iter().map(|r| gz(r)).collect();
    for at in 0..members[1].len() {
        let mut bad = members[1].clone();
        bad[at] ^= 0x55;
        let input: Vec<u8> = [members[0].as_slice(), &bad, &members[2]].concat();
        let (items, stats) = read(&input, StreamFormat::Warc);
        let urls = urls(&items);
        assert_eq!(urls.first(), Some(&pages()[0].0.as_str()), "flip at {at}");
        assert_eq!(urls.last(), Some(&pages()[2].0.as_str()), "flip at {at}");
        assert_eq!(items.len(), 3, "flip at {at}: {:?}", errs(&items));
        assert_eq!(stats.records + stats.errors, 3, "flip at {at}");
    }
}

#[test]
fn damaged_first_gzip_header() {
    let (mut input, offsets) = gz_each(&page_records());
    input[0] = b'x';
    let (items, _) = read(&input, StreamFormat::Warc);
    assert_eq!(urls(&items), [pages()[1].0.as_str(), pages()[2].0.as_str()]);
    assert_eq!(oks(&items)[0].offset, offsets[1]);
    let e = errs(&items);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(
        e[0].to_string(),
        "bad gzip member at byte 0: gzip member 1: bad header at byte 0: \
         magic bytes are 78 8b, not 1f 8b"
    );
}

#[test]
fn garbage_between_gzip_members() {
    let (members, _) = gz_each(&page_records());
    let first = gz(&page_records()[0]).len();
    let mut input = members[..first].to_vec();
    input.extend_from_slice(b"not gzip at all");
    input.extend_from_slice(&members[first..]);
    let (items, _) = read(&input, StreamFormat::Warc);
    check_pages(&oks(&items));
    let e = errs(&items);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].offset(), first as u64);
}

/// A record whose Content-Length is wrong by `delta`, followed by good records: an error at
/// that record's offset, and every following record read.
fn wrong_length(delta: isize, gzip: bool) {
    let recs = page_records();
    let first = recs[0].clone();
    let block_len = first.len() - find(&first, b"\r\n\r\n").unwrap() - 4 - 4;
    let bad = with_length(&first, block_len.checked_add_signed(delta).unwrap());
    let records = [bad, recs[1].clone(), recs[2].clone()];
    let (input, offsets) = if gzip {
        gz_each(&records)
    } else {
        concat(&records)
    };
    let (items, stats) = read(&input, StreamFormat::Warc);
    let e = errs(&items);
    assert_eq!(e.len(), 1, "delta {delta}, gzip {gzip}: {e:?}");
    assert!(
        matches!(e[0], RecordError::Block { offset: 0, .. }),
        "{}",
        e[0]
    );
    assert_eq!(
        urls(&items),
        [pages()[1].0.as_str(), pages()[2].0.as_str()],
        "delta {delta}, gzip {gzip}"
    );
    assert_eq!(oks(&items)[0].offset, offsets[1]);
    assert_eq!(stats.records, 2);
}

#[test]
fn content_length_too_long() {
    for delta in [1, 2, 4, 5, 60, 500] {
        wrong_length(delta, false);
        wrong_length(delta, true);
    }
}

#[test]
fn content_length_too_short() {
    for delta in [-1, -2, -3, -4, -5, -40] {
        wrong_length(delta, false);
        wrong_length(delta, true);
    }
}

#[test]
fn content_length_past_the_end_of_the_input() {
    let recs = page_records();
    let last = with_length(&recs[2], 100_000);
    let (input, offsets) = concat(&[recs[0].clone(), recs[1].clone(), last]);
    let (items, _) = read(&input, StreamFormat::Warc);
    assert_eq!(urls(&items).len(), 2);
    let e = errs(&items);
    assert_eq!(e.len(), 1);
    let message = e[0].to_string();
    assert_eq!(
        message,
        format!(
            "WARC record at byte {}: Content-Length 100000 runs past the end of the input: \
             the block has {} bytes",
            offsets[2],
            recs[2].len() - find(&recs[2], b"\r\n\r\n").unwrap() - 4
        )
    );
}

#[test]
fn missing_content_length() {
    let recs = page_records();
    let mut bad = b"WARC/1.0\r\nWARC-Type: response\r\n\r\n".to_vec();
    bad.extend_from_slice(b"HTTP/1.1 200 OK\r\n\r\nbody\r\n\r\n");
    for gzip in [false, true] {
        let records = [
            recs[0].clone(),
            bad.clone(),
            recs[1].clone(),
            recs[2].clone(),
        ];
        let (input, offsets) = if gzip {
            gz_each(&records)
        } else {
            concat(&records)
        };
        let (items, _) = read(&input, StreamFormat::Warc);
        check_pages(&oks(&items));
        let e = errs(&items);
        assert_eq!(e.len(), 1, "{e:?}");
        assert_eq!(
            e[0].to_string(),
            format!("WARC header at byte {}: missing Content-Length", offsets[1])
        );
    }
}

#[test]
fn bad_http_status_line() {
    let record = warc_record(
        "response",
        &[("Content-Type", "application/http")],
        b"<html>no status line</html>",
    );
    let (items, _) = read(&record, StreamFormat::Warc);
    let e = errs(&items);
    assert_eq!(e.len(), 1);
    assert!(
        e[0].to_string()
            .starts_with("HTTP response in the WARC record at byte 0: status line"),
        "{}",
        e[0]
    );
}

#[test]
fn io_error_ends_the_iteration() {
    struct Failing(Vec<u8>, usize);
    impl Read for Failing {
        fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
            if self.1 >= self.0.len() {
                return Err(io::Error::other("disk on fire"));
            }
            let n = buf.len().min(self.0.len() - self.1).min(100);
            buf[..n].copy_from_slice(&self.0[self.1..self.1 + n]);
            self.1 += n;
            Ok(n)
        }
    }
    let (input, _) = concat(&page_records());
    let keep = input.len() - 10;
    let mut reader = open(
        Failing(input[..keep].to_vec(), 0),
        StreamFormat::Warc,
        &ReadOptions::new(),
    );
    let items: Vec<_> = reader.by_ref().collect();
    assert_eq!(urls(&items).len(), 2);
    let last = items.last().unwrap().as_ref().unwrap_err();
    assert!(last.is_fatal());
    assert!(matches!(last, RecordError::Io { offset, .. } if *offset == keep as u64));
    assert!(reader.next().is_none());
}

// ---------------------------------------------------------------------------------------
// Limits

#[test]
fn oversized_records_are_cut_and_flagged() {
    let big = "长".repeat(400); // 1200 bytes
    let mut recs = vec![response(
        "http://a.cn/big",
        200,
        "text/html",
        big.as_bytes(),
    )];
    recs.extend(page_records());
    let mut options = ReadOptions::new();
    options.max_record_bytes(100);
    for (input, _) in [
        concat(&recs),
        gz_each(&recs),
        (gz(&concat(&recs).0), vec![]),
    ] {
        let (items, stats) = read_with(&input, StreamFormat::Warc, &options);
        assert!(errs(&items).is_empty(), "{:?}", errs(&items));
        let got = oks(&items);
        assert_eq!(got.len(), 4);
        // Cut at 99 bytes: 100 would split the 34th character.
        assert_eq!(got[0].body, "长".repeat(33).as_bytes());
        assert_eq!(got[0].truncated.as_deref(), Some("length"));
        assert_eq!(got[1].body, pages()[0].3, "the next record is whole");
        assert_eq!(got[1].truncated, None);
        assert_eq!(stats.records, 4);
    }
}

#[test]
fn a_huge_record_is_skipped_without_buffering() {
    // 64 MiB of block, limit 1 KiB: read and dropped as it streams.
    let mut options = ReadOptions::new();
    options.max_record_bytes(1024);
    let len = 64 << 20;
    let head = format!("WARC/1.0\r\nWARC-Type: resource\r\nContent-Length: {len}\r\n\r\n");
    let input = io::Cursor::new(head.into_bytes())
        .chain(io::repeat(b'x').take(len as u64))
        .chain(io::Cursor::new(b"\r\n\r\n".to_vec()))
        .chain(io::Cursor::new(page_records()[0].clone()));
    let mut reader = open(input, StreamFormat::Warc, &options);
    let first = reader.next().unwrap().unwrap();
    assert_eq!(first.body.len(), 1024);
    assert!(first.body.capacity() < 1 << 20);
    assert_eq!(first.truncated.as_deref(), Some("length"));
    let second = reader.next().unwrap().unwrap();
    assert_eq!(second.url.as_deref(), Some(pages()[0].0.as_str()));
}

#[test]
fn plain_input_is_one_record_cut_at_the_limit() {
    let text = "页面".repeat(10);
    let (items, _) = read(text.as_bytes(), StreamFormat::Plain);
    assert_eq!(oks(&items)[0].body, text.as_bytes());
    assert_eq!(oks(&items)[0].kind, RecordKind::Plain);
    let (items, _) = read(&gz(text.as_bytes()), StreamFormat::Plain);
    assert_eq!(oks(&items)[0].body, text.as_bytes(), "gzip is undone");
    let mut options = ReadOptions::new();
    options.max_record_bytes(8);
    let (items, _) = read_with(text.as_bytes(), StreamFormat::Plain, &options);
    assert_eq!(oks(&items)[0].body, "页面".as_bytes());
    assert_eq!(oks(&items)[0].truncated.as_deref(), Some("length"));
}

// ---------------------------------------------------------------------------------------
// JSON Lines

#[test]
fn jsonl_with_bad_lines_in_the_middle() {
    let lines = [
        r#"{"url": "http://a.cn/1", "html": "<p>一</p>"}"#,
        r#"{"url": "http://a.cn/2", "html": "<p>二</p>""#, // cut
        "",
        r#"["not", "an", "object"]"#,
        r#"{"id": 7, "text": "七"}"#,
        r#"{"url": "http://a.cn/8", "body": "no known field"}"#,
        r#"{"url": "http://a.cn/9", "html": null, "content": "九"}"#,
    ];
    let input = lines.join("\n");
    let offsets: Vec<usize> = lines
        .iter()
        .scan(0, |at, l| {
            let o = *at;
            *at += l.len() + 1;
            Some(o)
        })
        .collect();
    for (bytes, gzip) in [
        (input.clone().into_bytes(), false),
        (gz(input.as_bytes()), true),
    ] {
        let (items, stats) = read(&bytes, StreamFormat::Jsonl);
        let got: Vec<(&str, Option<&str>, &[u8])> = oks(&items)
            .iter()
            .map(|r| (r.id.as_str(), r.url.as_deref(), r.body.as_slice()))
            .collect();
        assert_eq!(
            got,
            [
                (
                    "http://a.cn/1",
                    Some("http://a.cn/1"),
                    "<p>一</p>".as_bytes()
                ),
                ("7", None, "七".as_bytes()),
                ("http://a.cn/9", Some("http://a.cn/9"), "九".as_bytes()),
            ]
        );
        let messages: Vec<String> = errs(&items).iter().map(|e| e.to_string()).collect();
        if gzip {
            // Offsets in gzip input are the member's; line numbers still locate the line.
            assert!(
                messages[0].starts_with("JSON line 2 (byte 0): "),
                "{messages:?}"
            );
            continue;
        }
        assert_eq!(
            messages,
            [
                format!(
                    "JSON line 2 (byte {}): EOF while parsing an object at column {}",
                    offsets[1],
                    lines[1].len()
                ),
                format!(
                    "JSON line 4 (byte {}): expected an object, found an array",
                    offsets[3]
                ),
                format!(
                    "JSON line 6 (byte {}): no string field `html` or `text` or `content`",
                    offsets[5]
                ),
            ]
        );
        assert_eq!((stats.records, stats.errors), (3, 3));
        assert_eq!(oks(&items)[1].offset, offsets[4] as u64);
    }
}

#[test]
fn jsonl_fields_are_configurable_and_long_lines_cut() {
    let input = "{\"doc\": \"abcdef\", \"name\": \"n1\"}\r\n{\"doc\": \"xy\"}";
    let mut options = ReadOptions::new();
    options
        .json_text_fields(&["doc"])
        .json_id_fields(&["name"])
        .max_record_bytes(4);
    let (items, _) = read_with(input.as_bytes(), StreamFormat::Jsonl, &options);
    let got: Vec<(&str, &[u8], Option<&str>)> = oks(&items)
        .iter()
        .map(|r| (r.id.as_str(), r.body.as_slice(), r.truncated.as_deref()))
        .collect();
    assert_eq!(
        got,
        [("n1", &b"abcd"[..], Some("length")), ("2", b"xy", None)]
    );
}

// ---------------------------------------------------------------------------------------
// Detection

#[test]
fn detect_each_format() {
    let (warc, _) = concat(&page_records());
    assert_eq!(detect(&warc), StreamFormat::Warc);
    assert_eq!(detect(&gz_each(&page_records()).0), StreamFormat::Warc);
    let info = warc_record("warcinfo", &[], b"x: y\r\n");
    let mut warc_after_info = info.clone();
    warc_after_info.extend_from_slice(&warc);
    assert_eq!(detect(&warc_after_info), StreamFormat::Warc);
    let conversion = warc_record("conversion", &[], "文本".as_bytes());
    let (wet, _) = gz_each(&[info, conversion]);
    assert_eq!(detect(&wet), StreamFormat::Wet);
    assert_eq!(
        detect(&wet[..wet.len() - 5]),
        StreamFormat::Wet,
        "a cut head"
    );
    assert_eq!(detect(b"\n{\"text\": \"x\"}\n"), StreamFormat::Jsonl);
    assert_eq!(detect(&gz(b"{\"text\": \"x\"}\n")), StreamFormat::Jsonl);
    assert_eq!(detect(b"\xEF\xBB\xBF<html></html>"), StreamFormat::Plain);
    assert_eq!(detect(&gz(b"<html></html>")), StreamFormat::Plain);
    assert_eq!(detect(b"plain text"), StreamFormat::Plain);
    // A page whose first line is template debris or a style rule is text.
    assert_eq!(detect(b"{{ nav.title }}\nText."), StreamFormat::Plain);
    assert_eq!(detect(b"{% block %}\nText."), StreamFormat::Plain);
    assert_eq!(detect(b"{ margin: 0 }\nText."), StreamFormat::Plain);
    assert_eq!(detect(b"{ \"text\": \"x\"}\n"), StreamFormat::Jsonl);
    assert_eq!(detect(b"{}\n"), StreamFormat::Jsonl);
    // JSON Lines: the next line that is not blank opens an object too (when the head holds
    // one). A WET page whose first line is the page's inline JSON data is text.
    assert_eq!(
        detect(b"{\"title\": \"Redis data types\", \"location\": \"body\"}\nRedis data types\nStrings are the most basic type."),
        StreamFormat::Plain
    );
    assert_eq!(
        detect(b"{\"text\": \"a\"}\n\n  {\"text\": \"b\"}\n"),
        StreamFormat::Jsonl
    );
    assert_eq!(detect(b"{\"text\": \"a\"}\n   \n"), StreamFormat::Jsonl);
    assert_eq!(detect(b"{\"text\": \"cut by the head"), StreamFormat::Jsonl);
}

#[test]
fn open_detected_reads_the_detected_format() {
    let (input, _) = gz_each(&page_records());
    let mut reader = open_detected(&input[..], &ReadOptions::new()).unwrap();
    assert_eq!(reader.format(), StreamFormat::Warc);
    let items: Vec<_> = reader.by_ref().collect();
    check_pages(&oks(&items));
    assert_eq!(reader.position(), input.len() as u64);
}

#[test]
fn the_reader_is_send() {
    fn is_send<T: Send>() {}
    is_send::<records::Records<std::fs::File>>();
    is_send::<Record>();
    is_send::<RecordError>();
}

// ---------------------------------------------------------------------------------------
// Reading in small pieces changes nothing

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

/// Items as comparable strings.
fn describe(input: &[u8], chunk: usize, format: StreamFormat) -> Vec<String> {
    open(Trickle(input, chunk), format, &ReadOptions::new())
        .take(10_000)
        .map(|i| match i {
            Ok(r) => format!("{r:?}"),
            Err(e) => format!("error: {e}"),
        })
        .collect()
}

#[test]
fn chunked_reading_gives_the_same_records() {
    let recs = page_records();
    let too_long = with_length(&recs[0], recs[0].len() - 40);
    let damaged = [
        too_long,
        recs[1].clone(),
        b"junk\r\n".to_vec(),
        recs[2].clone(),
    ];
    for input in [
        concat(&recs).0,
        gz_each(&recs).0,
        concat(&damaged).0,
        gz_each(&damaged).0,
    ] {
        let whole = describe(&input, usize::MAX, StreamFormat::Warc);
        for chunk in [1, 7, 1024] {
            assert_eq!(
                describe(&input, chunk, StreamFormat::Warc),
                whole,
                "chunk {chunk}"
            );
        }
    }
}
