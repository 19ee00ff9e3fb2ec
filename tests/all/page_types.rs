//! Page types and the content model on real pages of every type (two small WCXB pages each,
//! copied in `tests/fixtures/wcxb`), `pagewash eval`'s per-type figures, and flat HTML judged
//! as its text.
//!
//! The model was fitted on the split these pages come from, so the floors here guard against
//! regressions; the quality figures are the cross-validated ones `scripts/content_model/fit.py`
//! prints.

use std::collections::HashMap;
use std::fs;
use std::path::Path;

use pagewash::eval::score_pair;
use pagewash::{Hints, PageType, Pipeline};

const DIR: &str = "tests/fixtures/wcxb";

/// `id → (page type, url)` from the copied manifest rows.
fn manifest() -> HashMap<String, (String, String)> {
    let text = fs::read_to_string(Path::new(DIR).join("manifest.tsv")).unwrap();
    let mut lines = text.lines();
    let head: Vec<&str> = lines.next().unwrap().split('\t').collect();
    let col = |n: &str| head.iter().position(|h| *h == n).unwrap();
    let (id, url, extra) = (col("id"), col("url"), col("extra"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            let extra: serde_json::Value = serde_json::from_str(f[extra]).unwrap();
            let t = extra["page_type"].as_str().unwrap().to_owned();
            (f[id].to_owned(), (t, f[url].to_owned()))
        })
        .collect()
}

#[test]
fn every_type_keeps_its_main_text() {
    let pipeline = Pipeline::default();
    let pages = manifest();
    assert_eq!(pages.len(), 14);
    let mut by_type: HashMap<String, Vec<f64>> = HashMap::new();
    let mut right_type = 0;
    for (id, (page_type, url)) in &pages {
        let bytes = fs::read(Path::new(DIR).join(format!("{id}.html.gz"))).unwrap();
        let out = pipeline.clean(&bytes, &Hints::new().with_url(url.clone()));
        let gold = fs::read_to_string(Path::new(DIR).join(format!("{id}.gold.txt"))).unwrap();
        let f1 = score_pair(&gold, out.text(), true).tok_f1;
        // Every page, whatever its type, keeps most of its main text.
        assert!(f1 >= 0.5, "{id} ({page_type}): token F1 {f1:.3}");
        let judged = out.page_type().expect("HTML pages are typed");
        if judged.as_str() == page_type {
            right_type += 1;
        }
        by_type.entry(page_type.clone()).or_default().push(f1);
    }
    assert_eq!(by_type.len(), 7, "{by_type:?}");
    for (t, v) in &by_type {
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        assert!(mean >= 0.7, "{t}: mean token F1 {mean:.3}");
    }
    assert!(right_type >= 10, "{right_type} of 14 page types right");
}

/// A page whose own cut moves its bars says how far in its removals' reasons (`--explain`),
/// one shift a page, within the band the cut is searched in: on these pages some move.
#[test]
fn cut_pages_say_so_in_their_reasons() {
    let pipeline = Pipeline::default();
    let mut moved = 0;
    for (id, (_, url)) in manifest() {
        let bytes = fs::read(Path::new(DIR).join(format!("{id}.html.gz"))).unwrap();
        let out = pipeline.clean(&bytes, &Hints::new().with_url(url));
        let mut notes = std::collections::BTreeSet::new();
        out.for_each_edit(|e| {
            if let Some(at) = e.reason.find("this page's cut moved its bars ") {
                notes.insert(e.reason[at + "this page's cut moved its bars ".len()..].to_owned());
            }
        });
        assert!(notes.len() <= 1, "{id}: one shift a page: {notes:?}");
        if let Some(shift) = notes.first() {
            let shift: f32 = shift.parse().unwrap();
            assert!(shift != 0.0 && shift.abs() <= 0.2 + 1e-6, "{id}: {shift}");
            moved += 1;
        }
    }
    assert!(moved >= 2, "{moved} pages moved their bars");
}

#[test]
fn page_type_is_in_the_json_and_absent_without_the_content_stage() {
    let html = fs::read(Path::new(DIR).join("dev-0437.html.gz")).unwrap();
    let out = Pipeline::default().clean(&html, &Hints::new());
    assert_eq!(out.page_type(), Some(PageType::Article));
    let v = pagewash::json::page_json(&out, false);
    assert_eq!(v["page_type"], "article");
    let mut b = Pipeline::builder();
    b.remove_stage("content").unwrap();
    let bare = b.build().unwrap().clean(&html, &Hints::new());
    assert_eq!(bare.page_type(), None);
    assert!(pagewash::json::page_json(&bare, false)["page_type"].is_null());
}
