//! The README's Rust example: `cargo run --example library [PAGE]`.

use pagewash::{Hints, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        "tests/fixtures/dev/cleaneval_zh/8cb7b39d-4a06-4cad-bc50-0f63304267f3.html".into()
    });
    let bytes = std::fs::read(&path)?;
    let pipeline = Pipeline::default(); // build once; Send + Sync
    let out = pipeline.clean(&bytes, &Hints::new().with_url("http://www.gov.cn/x.htm"));
    println!("{}", out.text()); // clean text, one block per line
    println!("{} via {:?}", out.encoding().name(), out.encoding_source());
    println!("{:?} {:?}", out.metadata().title, out.metadata().published);
    println!("{}", out.flags().no_main_content); // no article found: every line kept
    for edit in out.edits() {
        eprintln!("{edit}"); // rule id, reason, line, text
    }
    Ok(())
}
