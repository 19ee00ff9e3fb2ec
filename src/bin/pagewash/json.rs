//! `--format json`: one object per cleaned page.

use std::collections::BTreeMap;

use pagewash::{Cleaned, EditKind};
use serde_json::{json, Value};

/// The JSON object for one page. `edits` lists every removal and repair (rule, reason,
/// input line, text) when asked for; `removed` always counts removed lines by rule.
pub fn page_json(source: &str, cleaned: &Cleaned, with_edits: bool) -> Value {
    let m = cleaned.metadata();
    let flags = cleaned.flags();
    let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
    for e in cleaned.edits() {
        if e.kind == EditKind::Removed {
            *removed.entry(e.rule.as_str()).or_default() += 1;
        }
    }
    let mut obj = json!({
        "source": source,
        "title": m.title,
        "published": m.published,
        "author": m.author,
        "publisher": m.publisher,
        "language": m.language,
        "canonical_url": m.canonical_url,
        "encoding": cleaned.encoding().name(),
        "encoding_source": cleaned.encoding_source().as_str(),
        "format": cleaned.format().as_str(),
        "flags": {
            "replaced_chars": flags.replaced_chars,
            "truncated": flags.truncated,
            "repaired_lines": flags.repaired_lines,
            "depth_limited": flags.depth_limited,
            "empty": flags.empty,
            "gzip": flags.gzip,
            "gzip_error": flags.gzip_error,
            "no_main_content": flags.no_main_content,
            "timed_out": flags.timed_out,
            "lossy": flags.is_lossy(),
        },
        "removed": removed,
        "text": cleaned.text(),
    });
    if with_edits {
        let edits: Vec<Value> = cleaned
            .edits()
            .iter()
            .map(|e| {
                json!({
                    "kind": match e.kind {
                        EditKind::Removed => "removed",
                        EditKind::Repaired => "repaired",
                        _ => "edited",
                    },
                    "rule": e.rule.as_str(),
                    "reason": e.reason,
                    "line": e.line,
                    "before": e.before,
                    "after": e.after,
                })
            })
            .collect();
        obj["edits"] = Value::Array(edits);
    }
    obj
}
