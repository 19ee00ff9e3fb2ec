//! Test helpers for rule tables: run the default stripper on a small page and check one line.

use super::Stripper;
use crate::doc::Doc;
use crate::stage::Stage;

/// A body paragraph: long and punctuated, so lines around it fall in head / body / tail.
pub const BODY: &str = "正文第一段，内容很长很长很长，有标点。这里是文章的主体内容，不会被删除。";

fn run(page: &str) -> Doc {
    let mut doc = Doc::from_text(page);
    Stripper::new()
        .expect("built-in rules compile")
        .run(&mut doc);
    doc
}

fn find(doc: &Doc, line: &str) -> usize {
    (0..doc.len())
        .find(|&i| doc.line(i).trim() == line.trim())
        .unwrap_or_else(|| panic!("line {line:?} not in page"))
}

/// Asserts that `line` of `page` is removed by a rule whose id starts with `rule`.
#[track_caller]
pub fn assert_removes(page: &str, line: &str, rule: &str) {
    let doc = run(page);
    let i = find(&doc, line);
    let edit = doc.edits().iter().find(|e| e.line == doc.origin(i));
    match edit {
        Some(e) if e.rule.as_str().starts_with(rule) => {}
        Some(e) => panic!(
            "{line:?} removed by {} ({}), expected {rule}",
            e.rule, e.reason
        ),
        None => panic!("{line:?} kept, expected removal by {rule}\npage:\n{page}"),
    }
}

/// Asserts that `line` of `page` is kept.
#[track_caller]
pub fn assert_keeps(page: &str, line: &str) {
    let doc = run(page);
    let i = find(&doc, line);
    if let Some(e) = doc.edits().iter().find(|e| e.line == doc.origin(i)) {
        panic!(
            "{line:?} removed by {} ({}), expected kept",
            e.rule, e.reason
        );
    }
}
