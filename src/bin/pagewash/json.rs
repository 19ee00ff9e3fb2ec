//! `--format json`: one object per cleaned page, the library's [`pagewash::json`] shape with
//! the input it came from.

use pagewash::Cleaned;
use serde_json::{json, Value};

/// The JSON object for one page, with `source` naming its input.
pub fn page_json(source: &str, cleaned: &Cleaned, with_edits: bool) -> Value {
    let mut v = pagewash::json::page_json(cleaned, with_edits);
    v["source"] = json!(source);
    v
}
