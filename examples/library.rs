//! The README's Rust example: `cargo run --example library [PAGE]`.

use pagewash::{Hints, Pipeline};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args().nth(1).unwrap_or_else(|| {
        "tests/fixtures/dev/cleaneval_zh/05e98007-d810-4036-b154-2ef2fe68c2af.html".into()
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
