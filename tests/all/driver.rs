//! The parallel driver with the real pipeline: results in input order equal cleaning each
//! page alone.

use std::fs;
use std::path::Path;

use pagewash::driver::{Driver, JobOutcome};
use pagewash::{Hints, Pipeline};

#[test]
fn parallel_cleaning_equals_page_by_page() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/dev/cleaneval_zh");
    let mut pages: Vec<Vec<u8>> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .map(|p| fs::read(p).unwrap())
        .collect();
    pages.sort();
    assert_eq!(pages.len(), 30);
    let pipeline = Pipeline::default();
    let hints = Hints::new();
    let alone: Vec<String> = pages
        .iter()
        .map(|p| pipeline.clean(p, &hints).into_text())
        .collect();
    let mut together = Vec::new();
    let n = Driver::new().threads(3).window(5).run(
        pages.iter(),
        |p| pipeline.clean(p, &hints).into_text(),
        |seq, outcome| match outcome {
            JobOutcome::Done(text) => together.push((seq, text)),
            JobOutcome::Panicked(m) => panic!("page {seq}: {m}"),
        },
    );
    assert_eq!(n, 30);
    let together: Vec<String> = together
        .into_iter()
        .enumerate()
        .map(|(i, (seq, t))| {
            assert_eq!(i as u64, seq);
            t
        })
        .collect();
    assert_eq!(together, alone);
}
