//! Fuzz target: the record reader on any bytes, in every format and with a small record
//! limit, must never panic and must account for what it reads: each item is a record or an
//! error, records are counted, and a stream ends (no endless loop on damage).
#![no_main]

use arbitrary::Arbitrary;
use libfuzzer_sys::fuzz_target;

use pagewash::records::{self, ReadOptions, StreamFormat};

#[derive(Debug, Arbitrary)]
struct Input {
    format: u8,
    small_records: bool,
    bytes: Vec<u8>,
}

fuzz_target!(|input: Input| {
    let format = match input.format % 5 {
        0 => StreamFormat::Warc,
        1 => StreamFormat::Wet,
        2 => StreamFormat::Jsonl,
        3 => StreamFormat::Plain,
        _ => records::detect(&input.bytes),
    };
    let mut options = ReadOptions::new();
    if input.small_records {
        options.max_record_bytes(64);
    }
    let mut reader = records::open(&input.bytes[..], format, &options);
    let (mut ok, mut errors) = (0u64, 0u64);
    for item in reader.by_ref() {
        match item {
            Ok(record) => {
                ok += 1;
                assert!(record.body.len() <= options.get_max_record_bytes().max(64) + 4);
            }
            Err(_) => errors += 1,
        }
        // Every item consumes input: more items than bytes (plus one) is a loop.
        assert!(ok + errors <= input.bytes.len() as u64 + 2);
    }
    assert_eq!(reader.stats().records, ok);
    assert_eq!(reader.stats().errors, errors);
});
