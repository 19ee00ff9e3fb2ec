//! Limit cases: every hostile page finishes with the expected text and no panic.
//! Timings and peak memory are measured in release mode by `examples/limits.rs`.

use crate::html_limit_cases as limit_cases;

use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};

#[test]
fn limit_cases_survive() {
    let mut failures = Vec::new();
    for case in limit_cases::cases() {
        let doc = html_to_blocks(&case.html, &HtmlOptions::default());
        if let Err(e) = (case.check)(&doc) {
            failures.push(format!(
                "{}: {e} (got {} blocks)",
                case.name,
                doc.blocks.len()
            ));
        }
        // Dropping the result must not recurse either (it is flat Vecs).
        drop(doc);
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn depth_limit_one() {
    let mut opts = HtmlOptions::default();
    opts.max_depth(0); // clamped to 1
    assert_eq!(opts.get_max_depth(), 1);
    let doc = html_to_blocks("<div><p>a</p><p>b</p></div>", &opts);
    assert_eq!(doc.text(), "a\nb");
    assert!(doc.depth_limited);
}
