//! Dumps the content model's features of every candidate line of a gold set's pages, for
//! `scripts/content_model/fit.py` (which runs it; see its header).
//!
//! `cargo run --release --example content_features -- GOLD_DIR OUT_PREFIX [NAME]`
//!
//! Writes `OUT_PREFIX.f32` (the feature vectors, little-endian f32, one row per line) and
//! `OUT_PREFIX.jsonl` (one object per page: id, set name, url, and the lines' texts as the
//! normalizer's NFKC view sees them, in row order) and `OUT_PREFIX.features.json` (the
//! features' names).

use std::io::Write;
use std::sync::{Arc, Mutex};

use pagewash::internals::content::{page_features, Features, FEATURE_NAMES};
use pagewash::{Doc, Hints, Pipeline, Stage};

/// Captures the page's lines as text before the text rules run: the page as a WET record
/// would carry it (one block a line, no markup).
#[derive(Debug, Default)]
struct CaptureText {
    text: Arc<Mutex<String>>,
}

impl Stage for CaptureText {
    fn name(&self) -> &str {
        "capture-text"
    }
    fn run(&self, doc: &mut Doc) {
        let mut t = self.text.lock().unwrap();
        t.clear();
        if doc.html().is_none() {
            return;
        }
        for i in doc.kept() {
            t.push_str(&doc.nfkc_view(i));
            t.push('\n');
        }
    }
}

/// A page's candidate lines (their NFKC view) and feature rows.
type Captured = (Vec<String>, Vec<Features>);

/// Captures the features just before the content stage runs, in the first round: a text
/// page settles over several rounds (`pipeline.rs`), and the model's first judgement is the
/// one that sees the whole page.
#[derive(Debug, Default)]
struct Capture {
    page: Arc<Mutex<Option<Captured>>>,
}

impl Stage for Capture {
    fn name(&self) -> &str {
        "capture"
    }
    fn run(&self, doc: &mut Doc) {
        let mut page = self.page.lock().unwrap();
        if page.is_some() {
            return;
        }
        let f = page_features(doc, doc.url());
        let texts = f
            .lines
            .iter()
            .map(|&i| doc.nfkc_view(i).into_owned())
            .collect();
        *page = Some((texts, f.rows().collect()));
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    if args.len() < 3 {
        eprintln!("usage: content_features GOLD_DIR OUT_PREFIX [NAME]");
        std::process::exit(2);
    }
    let dir = std::path::Path::new(&args[1]);
    let set = args.get(3).cloned().unwrap_or_else(|| "set".into());
    let urls = read_urls(dir);
    let page = Arc::new(Mutex::new(None));
    let mut b = Pipeline::builder();
    b.insert_stage_before("content", Box::new(Capture { page: page.clone() }))
        .expect("content stage");
    let text = Arc::new(Mutex::new(String::new()));
    b.insert_stage_before("strip", Box::new(CaptureText { text: text.clone() }))
        .expect("strip stage");
    let pipeline = b.build().expect("pipeline");
    // Each HTML page is also dumped as the same lines read as text (`OUT_PREFIX.text.*`), so
    // one model learns both shapes.
    let mut tfeats =
        std::io::BufWriter::new(std::fs::File::create(format!("{}.text.f32", args[2])).unwrap());
    let mut tmeta =
        std::io::BufWriter::new(std::fs::File::create(format!("{}.text.jsonl", args[2])).unwrap());
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .expect("gold dir")
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|n| n.ends_with(".gold.txt"))
        .collect();
    names.sort();
    let mut feats =
        std::io::BufWriter::new(std::fs::File::create(format!("{}.f32", args[2])).unwrap());
    let mut meta =
        std::io::BufWriter::new(std::fs::File::create(format!("{}.jsonl", args[2])).unwrap());
    for name in names {
        let id = name.trim_end_matches(".gold.txt");
        let Some(input) = [".html", ".html.gz", ".htm", ".txt"]
            .iter()
            .map(|e| dir.join(format!("{id}{e}")))
            .find(|p| p.is_file())
        else {
            continue;
        };
        let bytes = std::fs::read(&input).expect("page");
        let mut hints = Hints::new();
        if let Some(url) = urls.get(id) {
            hints = hints.with_url(url.clone());
        }
        *page.lock().unwrap() = None;
        pipeline.clean(&bytes, &hints);
        let (texts, rows) = page.lock().unwrap().take().unwrap_or_default();
        write_page(
            &mut feats,
            &mut meta,
            &rows,
            serde_json::json!({"id": id, "set": set, "url": urls.get(id), "lines": texts}),
        );
        let as_text = std::mem::take(&mut *text.lock().unwrap());
        if as_text.is_empty() {
            continue;
        }
        *page.lock().unwrap() = None;
        pipeline.clean(
            as_text.as_bytes(),
            &hints.clone().with_content_type("text/plain"),
        );
        let (texts, rows) = page.lock().unwrap().take().unwrap_or_default();
        write_page(
            &mut tfeats,
            &mut tmeta,
            &rows,
            serde_json::json!({"id": id, "set": set, "url": urls.get(id), "lines": texts}),
        );
    }
    let names = serde_json::json!(FEATURE_NAMES.to_vec());
    std::fs::write(format!("{}.features.json", args[2]), names.to_string()).unwrap();
}

/// Appends a page's feature rows and its JSON line.
fn write_page(
    feats: &mut impl Write,
    meta: &mut impl Write,
    rows: &[Features],
    obj: serde_json::Value,
) {
    for row in rows {
        for v in row {
            feats.write_all(&v.to_le_bytes()).unwrap();
        }
    }
    writeln!(meta, "{obj}").unwrap();
}

/// `id → url` from a `manifest.tsv` beside the gold, when there is one.
fn read_urls(dir: &std::path::Path) -> std::collections::HashMap<String, String> {
    let Ok(text) = std::fs::read_to_string(dir.join("manifest.tsv")) else {
        return Default::default();
    };
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or_default().split('\t').collect();
    let (Some(i), Some(u)) = (
        header.iter().position(|h| *h == "id"),
        header.iter().position(|h| *h == "url"),
    ) else {
        return Default::default();
    };
    lines
        .filter_map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            Some((f.get(i)?.to_string(), f.get(u)?.to_string()))
        })
        .filter(|(_, u)| !u.is_empty())
        .collect()
}
