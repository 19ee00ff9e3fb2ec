//! JSON Lines: one object per line, the page in a text field, named by an id field.

use std::io::Read;

use serde_json::Value;

use super::source::{Chunk, Source, SourceError};
use super::{cut_body, ReadOptions, Record, RecordError, RecordKind, CUT};

/// A JSON line may be this many times the body limit: the text field is escaped in JSON,
/// and Python's default `ensure_ascii` writes a 3-byte CJK character as a 6-byte `\uXXXX`
/// (a 4-byte one as 12), next to the other fields.
const LINE_LIMIT_FACTOR: usize = 4;
/// Room for the other fields on top of that, for small body limits.
const LINE_LIMIT_SLACK: usize = 64 * 1024;

/// The JSON Lines parser's state between records.
pub(crate) struct JsonlReader {
    /// Lines started so far (the current line's number, from 1).
    line: u64,
    buf: Vec<u8>,
}

/// One line as read.
enum Line {
    /// The line (without its newline), and its offset.
    Text(u64),
    /// The line was longer than the limit and was skipped; its offset and length.
    TooLong(u64, u64),
    /// No more input.
    End,
}

impl JsonlReader {
    pub(crate) fn new() -> Self {
        JsonlReader {
            line: 0,
            buf: Vec::new(),
        }
    }

    pub(crate) fn next<R: Read>(
        &mut self,
        src: &mut Source<R>,
        options: &ReadOptions,
    ) -> Option<Result<Record, RecordError>> {
        let limit = options
            .max_record_bytes
            .saturating_mul(LINE_LIMIT_FACTOR)
            .saturating_add(LINE_LIMIT_SLACK);
        loop {
            let offset = match self.read_line(src, limit) {
                Err(e) => return Some(Err(e.into())),
                Ok(Line::End) => return None,
                Ok(Line::TooLong(offset, len)) => {
                    return Some(Err(RecordError::Json {
                        line: self.line,
                        offset,
                        problem: format!(
                            "line of {len} bytes is over the limit of {limit}; skipped"
                        ),
                    }))
                }
                Ok(Line::Text(offset)) => offset,
            };
            if self.line == 1 && self.buf.starts_with(b"\xEF\xBB\xBF") {
                // A byte-order mark (Windows tools write one) is not part of the first line.
                self.buf.drain(..3);
            }
            if self.buf.trim_ascii().is_empty() {
                continue; // blank lines separate nothing and hold nothing
            }
            let problem = |problem: String| RecordError::Json {
                line: self.line,
                offset,
                problem,
            };
            return Some(parse_object(&self.buf, self.line, offset, options).map_err(problem));
        }
    }

    /// Reads one line into `buf` (up to `limit` bytes).
    fn read_line<R: Read>(
        &mut self,
        src: &mut Source<R>,
        limit: usize,
    ) -> Result<Line, SourceError> {
        self.buf.clear();
        let mut offset = None;
        let mut len = 0u64;
        loop {
            match src.fill()? {
                Chunk::Data => {}
                Chunk::MemberEnd => continue,
                Chunk::Eof => {
                    return Ok(match offset {
                        None => Line::End,
                        Some(o) if len > limit as u64 => Line::TooLong(o, len),
                        Some(o) => Line::Text(o),
                    })
                }
            }
            let data = src.buffer();
            if offset.is_none() {
                offset = Some(src.offset_at(0));
                self.line += 1;
            }
            let (take, done) = match data.iter().position(|&b| b == b'\n') {
                Some(i) => (i, true),
                None => (data.len(), false),
            };
            len += take as u64;
            if self.buf.len() < limit {
                let room = limit - self.buf.len();
                self.buf.extend_from_slice(&data[..take.min(room)]);
            }
            src.consume(if done { take + 1 } else { take });
            if done {
                let o = offset.unwrap_or(0);
                return Ok(if len > limit as u64 {
                    Line::TooLong(o, len)
                } else {
                    Line::Text(o)
                });
            }
        }
    }
}

/// Turns one JSON line into a record.
fn parse_object(
    line: &[u8],
    number: u64,
    offset: u64,
    options: &ReadOptions,
) -> Result<Record, String> {
    let value: Value = serde_json::from_slice(line).map_err(|e| {
        let message = e.to_string();
        // serde_json appends "at line 1 column N": the line is ours, the column is news.
        let message = message.split(" at line ").next().unwrap_or(&message);
        format!("{message} at column {}", e.column())
    })?;
    let Value::Object(mut object) = value else {
        return Err(format!("expected an object, found {}", kind_of(&value)));
    };
    let Some(field) = options
        .json_text_fields
        .iter()
        .find(|f| matches!(object.get(f.as_str()), Some(Value::String(_))))
    else {
        let names: Vec<String> = options
            .json_text_fields
            .iter()
            .map(|f| format!("`{f}`"))
            .collect();
        return Err(format!("no string field {}", names.join(" or ")));
    };
    let Some(Value::String(text)) = object.remove(field.as_str()) else {
        return Err("text field vanished".to_owned()); // cannot happen: found above
    };
    let id = options
        .json_id_fields
        .iter()
        .find_map(|f| match object.get(f.as_str()) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            _ => None,
        });
    let url = match object.get("url") {
        Some(Value::String(s)) => Some(s.clone()),
        _ => None,
    };
    let mut body = text.into_bytes();
    let cut = cut_body(&mut body, options.max_record_bytes);
    Ok(Record {
        id: id.unwrap_or_else(|| number.to_string()),
        url,
        warc_record_id: None,
        date: None,
        content_type: None,
        identified_payload_type: None,
        http_status: None,
        truncated: cut.then(|| CUT.to_owned()),
        body,
        offset,
        kind: RecordKind::Json,
    })
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}
