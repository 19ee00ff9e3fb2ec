//! Plain input: the whole stream is one page.

use std::io::Read;

use super::source::{Chunk, Source};
use super::{ReadOptions, Record, RecordError, RecordKind, CUT};

/// Whether the one record has been read.
pub(crate) struct PlainReader {
    done: bool,
}

impl PlainReader {
    pub(crate) fn new() -> Self {
        PlainReader { done: false }
    }

    /// The whole input, up to the limit (an empty input is one empty page). Reading stops
    /// at the limit: the rest is not read.
    pub(crate) fn next<R: Read>(
        &mut self,
        src: &mut Source<R>,
        options: &ReadOptions,
    ) -> Option<Result<Record, RecordError>> {
        if std::mem::replace(&mut self.done, true) {
            return None;
        }
        let limit = options.max_record_bytes;
        let mut body = Vec::new();
        let mut cut = false;
        loop {
            match src.fill() {
                Err(e) => return Some(Err(e.into())),
                Ok(Chunk::Data) => {}
                Ok(Chunk::MemberEnd) => continue,
                Ok(Chunk::Eof) => break,
            }
            let data = src.buffer();
            let room = limit - body.len();
            if data.len() > room {
                // One byte past the limit, so the cut can see a split UTF-8 sequence.
                body.extend_from_slice(&data[..=room]);
                cut = true;
                break;
            }
            body.extend_from_slice(data);
            let n = data.len();
            src.consume(n);
        }
        if cut {
            super::cut_body(&mut body, limit);
        }
        Some(Ok(Record {
            id: String::new(),
            url: None,
            warc_record_id: None,
            date: None,
            content_type: None,
            identified_payload_type: None,
            http_status: None,
            truncated: cut.then(|| CUT.to_owned()),
            body,
            offset: 0,
            kind: RecordKind::Plain,
        }))
    }
}
