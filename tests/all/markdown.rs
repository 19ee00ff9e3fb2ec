//! `--format markdown` (issue 17): on pages with tables, every row and cell of the table
//! reaches the Markdown, and the whole output matches its committed `.expected.md`
//! (`PAGEWASH_BLESS=1` rewrites those).

use std::fs;
use std::path::{Path, PathBuf};

use pagewash::{Hints, Pipeline};

fn pages() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/markdown");
    let mut pages: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect();
    pages.sort();
    pages
}

/// The cells of each `<tr>` of the source, counted from the markup (`<td`/`<th` up to the
/// next `<tr` or `</table>`).
fn source_rows(html: &str) -> Vec<usize> {
    let lower = html.to_ascii_lowercase();
    lower
        .split("<tr")
        .skip(1)
        .map(|row| {
            let row = row.split("</table>").next().unwrap_or(row);
            row.matches("<td").count() + row.matches("<th").count()
        })
        .collect()
}

#[test]
fn tables_keep_every_row_and_cell() {
    let mut b = Pipeline::builder();
    b.markdown(true);
    let p = b.build().unwrap();
    let pages = pages();
    assert!(pages.len() >= 5, "{} pages with tables", pages.len());
    for page in pages {
        let html = fs::read_to_string(&page).unwrap();
        let out = p.clean(html.as_bytes(), &Hints::new());
        let md = out.markdown().unwrap();
        let rows: Vec<&str> = md
            .lines()
            .filter(|l| l.starts_with("| ") && !l.starts_with("| ---"))
            .collect();
        let want = source_rows(&html);
        assert_eq!(rows.len(), want.len(), "{}: rows\n{md}", page.display());
        for (row, cells) in rows.iter().zip(&want) {
            // `|` separators not escaped as `\|`.
            let seps = row.matches('|').count() - row.matches("\\|").count();
            assert_eq!(seps, cells + 1, "{}: {row}", page.display());
            assert!(
                !row.contains("|  |"),
                "{}: an empty cell in {row}",
                page.display()
            );
        }
        // The text output is not changed by asking for Markdown.
        let plain = Pipeline::default().clean(html.as_bytes(), &Hints::new());
        assert_eq!(plain.text(), out.text(), "{}", page.display());
        let expected = page.with_extension("expected.md");
        if std::env::var_os("PAGEWASH_BLESS").is_some() {
            fs::write(&expected, md).unwrap();
        }
        let want = fs::read_to_string(&expected)
            .unwrap_or_else(|_| panic!("{} missing: PAGEWASH_BLESS=1", expected.display()));
        assert_eq!(md, want, "{}", page.display());
    }
}
