//! Shows how the content stage reads one HTML page: the winning container and each line's
//! verdict. A development aid for tuning the scorer.
//!
//! `cargo run --release --example region -- page.html[.gz]`

use pagewash::internals::content::{self as region, LineSignals};
use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};
use pagewash::{Doc, Hints};

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: region PAGE.html[.gz]");
        std::process::exit(2);
    };
    let bytes = std::fs::read(&path).unwrap_or_else(|e| {
        eprintln!("{path}: {e}");
        std::process::exit(1)
    });
    // Decode exactly as the pipeline does (gzip, charset), then read the blocks.
    let decoded = pagewash::internals::decode::decode(
        &bytes,
        &Hints::new(),
        pagewash::DEFAULT_MAX_PAGE_BYTES,
    );
    let html = html_to_blocks(&decoded.text, &HtmlOptions::default());
    let doc = Doc::from_html(html);
    let signals: Vec<LineSignals> = (0..doc.len())
        .map(|i| LineSignals::of(doc.line(i), doc.context(i).map_or(0.0, |c| c.link_share())))
        .collect();
    let html = doc.html().expect("html");
    let sel = region::select(&doc, html, &signals);
    println!("winner: {:?}", sel.winner);
    for i in 0..doc.len() {
        let verdict = match sel.drops.get(i).and_then(|d| d.as_ref()) {
            None => "KEEP".to_owned(),
            Some(d) => format!("{d:?}").chars().take(60).collect(),
        };
        let line: String = doc.line(i).chars().take(70).collect();
        println!("{i:4} {verdict:<60} | {line}");
    }
}
