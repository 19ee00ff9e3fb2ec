//! The integration tests, one binary (as ripgrep does): one link instead of one per file,
//! and the shared helpers in `common` compiled once. `cargo test --test all NAME` runs the
//! tests whose path contains NAME (`golden`, `hostile::`, `clean_text::spliced`).

mod common;
mod html_limit_cases;

// Pages end to end: the seeds exact, real pages, the CLI.
mod cli; // the `pagewash` binary as a user runs it
#[cfg(feature = "cli")]
mod content; // what the content stage keeps and drops on real pages
mod corpus_cli; // `pagewash clean` on WARC, WET and JSON Lines streams
mod golden; // the seed pages, byte for byte
mod markdown; // `--format markdown` keeps tables
#[cfg(feature = "cli")]
mod page_types; // page types and the model on pages of every type
mod signals; // quality signals against the reference formulas

// Decoding: charsets, HTML, damage and its repair.
mod byteshift; // byte-shifted GBK, synthetic damage
mod byteshift_realistic; // byte-shifted GBK, one lost byte per line
mod charset_check; // charset decisions that check their result
mod charset_roundtrip; // text → page → bytes in a charset → the same text
mod charset_signals; // one signal at a time: prescan, lying labels, gzip
mod clean_text; // no repair ever edits clean text in any script
mod damage; // damage made by several implementations, repaired
mod html_limits; // hostile HTML finishes with the expected text
mod html_props; // HTML properties: no panic, well-formed lines
mod html_roundtrip; // seed texts as HTML come back line for line
mod mojibake; // mojibake repair on generated damage
mod mojibake_props; // mojibake repair properties
mod pinyin; // the pinyin-annotation repair
mod roundtrip_pipeline; // seeds as HTML in legacy charsets, end to end

// Whole-pipeline properties and records.
mod driver; // the parallel driver keeps input order
#[cfg(feature = "cli")]
mod eval_parity; // `pagewash eval` gives `score.py`'s numbers
mod hostile; // hostile input and faults (issue 16)
mod props; // no panic, determinism, idempotence on any input
mod records; // the WARC, WET and JSONL readers
mod records_props; // record readers on any bytes

// The crate's shape.
mod layers; // no import cycles; the public surface is the listed one
