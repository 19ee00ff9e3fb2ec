//! The bottom layer: the page skeleton the HTML decoder builds, the tag vocabulary, the character classes of East
//! Asian text, the NFKC view every stage judges lines by, the page types, and string helpers. Nothing here
//! imports from a stage or from the pipeline; every stage builds on it (`tests/all/layers.rs`
//! checks that no module imports from one above it in a cycle).

pub mod chars;
pub mod field;
pub(crate) mod line_facts;
pub mod nfkc;
pub mod page_type;
pub mod skeleton;
pub mod tags;
pub(crate) mod url_hints;

pub(crate) fn truncate_to_char_boundary(s: &str, max: usize) -> &str {
    if s.len() <= max {
        return s;
    }
    let mut end = max;
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}
