//! Quality signals (issue 17) against a reference implementation of the same formulas:
//! `scripts/signals_ref.py` (stdlib Python, written from the docs of `pagewash::signals`)
//! computed them on the gold text of every dev page and committed them in
//! `tests/fixtures/signals/dev.tsv`; the Rust values must agree. Gold texts, not the
//! cleaner's output, so the table changes only when the formulas do. (The page-level counts,
//! U+FFFD and repairs, are sums of `Cleaned`'s own figures and 0 here.)

use std::fs;
use std::path::Path;

use pagewash::signals::Signals;

#[test]
fn signals_match_the_reference_implementation_on_the_dev_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let tsv = fs::read_to_string(root.join("tests/fixtures/signals/dev.tsv")).unwrap();
    let mut rows = tsv.lines();
    let header: Vec<&str> = rows.next().unwrap().split('\t').collect();
    let mut pages = 0;
    let mut cjk_pages = 0;
    for row in rows {
        let fields: Vec<&str> = row.split('\t').collect();
        let page = root.join("tests/fixtures/dev").join(fields[0]);
        let got = Signals::of_text(&fs::read_to_string(&page).unwrap()).to_json();
        for (name, want) in header.iter().zip(&fields).skip(1) {
            let value = &got[*name];
            assert!(!value.is_null(), "no signal {name}");
            let want: f64 = want.parse().unwrap();
            let value = value.as_f64().unwrap();
            assert!(
                (value - want).abs() <= 1e-9 * want.abs().max(1.0),
                "{}: {name} = {value}, reference {want}",
                fields[0]
            );
        }
        pages += 1;
        if got["cjk_ratio"].as_f64().unwrap() > 0.5 {
            cjk_pages += 1;
        }
    }
    assert_eq!(pages, 53, "every dev page is in the reference table");
    assert!(cjk_pages >= 25, "the Chinese pages are there: {cjk_pages}");
}
