//! Golden tests: every page under `tests/fixtures/seeds/` must come out exactly as its
//! `.expected.txt`, and the lines it drops must be dropped by the rules listed in its
//! `.removals.tsv` (input line number, tab, rule id).
//!
//! `PAGEWASH_BLESS=1 cargo test --test golden` rewrites the `.removals.tsv` files from the
//! current behaviour (review the diff before committing). The `.expected.txt` files are the
//! specification and are never rewritten.

use std::fs;
use std::path::{Path, PathBuf};

use pagewash::{EditKind, Hints, Pipeline};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/seeds")
}

/// The input pages: `NNN_id.txt` next to `NNN_id.expected.txt`.
fn pages() -> Vec<(String, PathBuf, PathBuf)> {
    let mut out = Vec::new();
    for entry in fs::read_dir(fixtures()).expect("fixtures dir") {
        let path = entry.expect("dir entry").path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name.ends_with(".expected.txt") || !name.ends_with(".txt") {
            continue;
        }
        let id = name.trim_end_matches(".txt").to_owned();
        let expected = fixtures().join(format!("{id}.expected.txt"));
        assert!(expected.exists(), "{id} has no .expected.txt");
        out.push((id, path, expected));
    }
    out.sort();
    assert!(out.len() >= 5, "seed fixtures missing");
    out
}

fn show_difference(id: &str, expected: &str, got: &str) -> String {
    let e: Vec<&str> = expected.lines().collect();
    let g: Vec<&str> = got.lines().collect();
    let first = e
        .iter()
        .zip(&g)
        .position(|(a, b)| a != b)
        .unwrap_or(e.len().min(g.len()));
    format!(
        "{id}: output differs from expected at line {}\n  expected: {:?}\n  got:      {:?}\n\
         ({} expected lines, {} output lines)\n--- full output ---\n{got}",
        first + 1,
        e.get(first),
        g.get(first),
        e.len(),
        g.len()
    )
}

#[test]
fn seeds_come_out_exactly() {
    let p = Pipeline::default();
    for (id, input, expected) in pages() {
        let bytes = fs::read(&input).unwrap();
        let expected = fs::read_to_string(&expected).unwrap();
        let got = p.clean(&bytes, &Hints::new());
        assert!(
            got.text() == expected,
            "{}",
            show_difference(&id, &expected, got.text())
        );
        assert!(
            !got.flags().is_lossy(),
            "{id}: flagged lossy: {:?}",
            got.flags()
        );
    }
}

#[test]
fn seeds_removals_match_their_tsv() {
    let bless = std::env::var_os("PAGEWASH_BLESS").is_some();
    let p = Pipeline::default();
    for (id, input, _) in pages() {
        let got = p.clean(&fs::read(&input).unwrap(), &Hints::new());
        let mut rows: Vec<(u32, String)> = got
            .edits()
            .iter()
            .filter(|e| e.kind == EditKind::Removed)
            .map(|e| (e.line, e.rule.to_string()))
            .collect();
        rows.sort();
        let tsv: String = rows.iter().map(|(l, r)| format!("{l}\t{r}\n")).collect();
        let path = fixtures().join(format!("{id}.removals.tsv"));
        if bless {
            fs::write(&path, &tsv).unwrap();
            continue;
        }
        let want = fs::read_to_string(&path)
            .unwrap_or_else(|_| panic!("{} missing: run with PAGEWASH_BLESS=1", path.display()));
        assert_eq!(
            tsv, want,
            "{id}: removals changed (PAGEWASH_BLESS=1 to accept)"
        );
    }
}

#[test]
fn expected_texts_pass_through_unchanged() {
    // Clean text carries no damage and no boilerplate: every stage must leave it alone.
    let p = Pipeline::default();
    for (id, _, expected) in pages() {
        let text = fs::read_to_string(&expected).unwrap();
        let got = p.clean(text.as_bytes(), &Hints::new());
        assert!(
            got.text() == text,
            "{}",
            show_difference(&id, &text, got.text())
        );
        assert!(
            got.edits().is_empty(),
            "{id}: edits on clean text: {:#?}",
            got.edits()
        );
    }
}

#[test]
fn seeds_encoded_as_gb18030_come_out_the_same() {
    // The same page in a legacy charset, told by a hint or found by detection.
    let p = Pipeline::default();
    for (id, input, expected) in pages() {
        let text = fs::read_to_string(&input).unwrap();
        let expected = fs::read_to_string(&expected).unwrap();
        let (bytes, _, unmappable) = encoding_rs::GB18030.encode(&text);
        assert!(!unmappable);
        let got = p.clean(&bytes, &Hints::new().with_charset("gb18030"));
        assert!(
            got.text() == expected,
            "{}",
            show_difference(&id, &expected, got.text())
        );
        let got = p.clean(&bytes, &Hints::new().with_url("http://example.cn/"));
        assert!(
            got.text() == expected,
            "{} (detected)",
            show_difference(&id, &expected, got.text())
        );
    }
}

#[test]
fn seeds_as_flat_html_come_out_the_same() {
    // Issue 12: one `<p>` per line, no class or id names, says nothing through its DOM; the
    // page is judged as the same lines read as text.
    let p = Pipeline::default();
    for (id, input, expected) in pages() {
        let text = fs::read_to_string(&input).unwrap();
        let expected = fs::read_to_string(&expected).unwrap();
        let mut html =
            String::from("<!doctype html><html><head><meta charset=utf-8></head><body>\n");
        for line in text.lines().filter(|l| !l.trim().is_empty()) {
            let escaped = line
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            html.push_str(&format!("<p>{escaped}</p>\n"));
        }
        html.push_str("</body></html>\n");
        let got = p.clean(html.as_bytes(), &Hints::new());
        assert!(
            got.text() == expected,
            "{} (flat HTML)",
            show_difference(&id, &expected, got.text())
        );
    }
}
