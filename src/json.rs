//! The JSON shape of a cleaned page and of a cleaned record: one definition, so the CLI's
//! `--format json/jsonl`, the Python binding's `to_dict()` and the Spark example's rows
//! carry the same fields with the same names.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::corpus::RecordInfo;
use crate::stats::RunStats;
use crate::{Cleaned, Edit, EditKind};

/// Lines removed, counted by rule id.
pub fn removed_by_rule(cleaned: &Cleaned) -> BTreeMap<&str, usize> {
    let mut removed: BTreeMap<&str, usize> = BTreeMap::new();
    for (kind, rule) in cleaned.edit_kinds() {
        if kind == EditKind::Removed {
            *removed.entry(rule.as_str()).or_default() += 1;
        }
    }
    removed
}

/// The kind of an edit as a word: `removed` or `repaired`.
pub fn edit_kind_name(kind: EditKind) -> &'static str {
    match kind {
        EditKind::Removed => "removed",
        EditKind::Repaired => "repaired",
    }
}

/// One edit as an object: kind, rule, reason, input line, text before and after.
pub fn edit_json(e: &Edit) -> Value {
    json!({
        "kind": edit_kind_name(e.kind),
        "rule": e.rule.as_str(),
        "reason": e.reason,
        "line": e.line,
        "source_line": e.source_line,
        "before": e.before,
        "after": e.after,
    })
}

/// The object for one page: metadata, encoding, format, flags, lines removed by rule,
/// repairs by kind and the text; `edits` lists every removal and repair when `with_edits`.
///
/// ```
/// let page = pagewash::clean("正文第一段，内容很长很长，有标点。这里是文章的主体内容。\n版权所有 某某网".as_bytes());
/// let v = pagewash::json::page_json(&page, false);
/// assert_eq!(v["removed"]["footer.copyright"], 1);
/// assert_eq!(v["flags"]["lossy"], false);
/// assert_eq!(v["repairs"], serde_json::json!({}));
/// assert!(v.get("edits").is_none());
/// ```
pub fn page_json(cleaned: &Cleaned, with_edits: bool) -> Value {
    let m = cleaned.metadata();
    let flags = cleaned.flags();
    let mut obj = json!({
        "title": m.title,
        "published": m.published,
        "author": m.author,
        "publisher": m.publisher,
        "language": m.language,
        "canonical_url": m.canonical_url,
        "encoding": cleaned.encoding().name(),
        "encoding_source": cleaned.encoding_source().as_str(),
        "format": cleaned.format().as_str(),
        "page_type": cleaned.page_type().map(|t| t.as_str()),
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
            "not_text": flags.not_text,
            "lossy": flags.is_lossy(),
        },
        "removed": removed_by_rule(cleaned),
        "repairs": repairs_json(cleaned),
        "text": cleaned.text(),
    });
    if with_edits {
        obj["edits"] = Value::Array(cleaned.edits().iter().map(edit_json).collect());
    }
    obj
}

/// Repairs by kind: `{"mojibake": {"lines": n, "chars": n, "lost": n}, …}` (see
/// [`Cleaned::repairs`]); `{}` when nothing was repaired.
pub fn repairs_json(cleaned: &Cleaned) -> Value {
    let mut obj = serde_json::Map::new();
    for (kind, r) in cleaned.repairs() {
        obj.insert(
            kind.to_owned(),
            json!({"lines": r.lines, "chars": r.chars, "lost": r.lost}),
        );
    }
    Value::Object(obj)
}

/// Adds a record's own fields (id, url, WARC ids and date, offset, HTTP status, truncation)
/// to a page object.
pub fn add_record_fields(page: &mut Value, info: &RecordInfo) {
    let Some(obj) = page.as_object_mut() else {
        return;
    };
    obj.insert("id".into(), json!(info.id));
    obj.insert("url".into(), json!(info.url));
    obj.insert("warc_record_id".into(), json!(info.warc_record_id));
    obj.insert("warc_date".into(), json!(info.date));
    obj.insert("offset".into(), json!(info.offset));
    obj.insert("http_status".into(), json!(info.http_status));
    obj.insert("record_truncated".into(), json!(info.truncated));
}

/// The counters of a run as an object: records read, cleaned, skipped and failed (by
/// reason), bytes in and out, seconds and the ten rules that removed most lines (the CLI's
/// `--stats FILE`, the Python reader's `stats`).
pub fn stats_json(stats: &RunStats, secs: f64) -> Value {
    json!({
        "records": stats.records,
        "cleaned": stats.cleaned,
        "empty": stats.empty,
        "no_main_content": stats.no_main_content,
        "lossy": stats.lossy,
        "skipped": stats.skipped,
        "skipped_total": stats.skipped_total(),
        "failed": stats.failed,
        "failed_total": stats.failed_total(),
        "bytes_in": stats.bytes_in,
        "bytes_out": stats.bytes_out,
        "seconds": secs,
        "top_rules": stats.top_rules(10).iter().map(|(r, n)| json!({"rule": r, "lines": n})).collect::<Vec<_>>(),
    })
}
