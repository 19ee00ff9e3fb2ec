//! `--format json`: one object per cleaned page, the library's [`pagewash::json`] shape with
//! the input it came from.

use pagewash::signals::Signals;
use pagewash::Cleaned;
use serde_json::{json, Value};

use crate::args::CleanArgs;

/// The JSON object for one page, with `source` naming its input, its edits with
/// `--explain` and its quality signals with `--signals`.
pub fn page_json(source: &str, cleaned: &Cleaned, args: &CleanArgs) -> Value {
    let mut v = pagewash::json::page_json(cleaned, args.explain);
    v["source"] = json!(source);
    if args.signals {
        v["signals"] = Signals::of(cleaned).to_json();
    }
    v
}
