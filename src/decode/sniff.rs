//! Is this page HTML or plain text? Decided from the first bytes and the content-type hint.

/// The input format pagewash decided on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum InputFormat {
    /// Plain text, one block per line (WET-style).
    Text,
    /// HTML markup. pagewash 0.1 does not parse it yet: it is cleaned as text and flagged.
    Html,
}

impl InputFormat {
    /// A short lower-case name for reports.
    pub fn as_str(self) -> &'static str {
        match self {
            InputFormat::Text => "text",
            InputFormat::Html => "html",
        }
    }
}

/// How far into the input to look for markup: doctype and `<html>` come first on real pages,
/// after at most a BOM, whitespace and a few comments.
const SNIFF_WINDOW: usize = 1024;

/// Decides text or HTML. A `text/html` or `application/xhtml+xml` content type wins; otherwise
/// the first bytes must open with a doctype or one of the tags that start HTML documents.
pub fn sniff_format(bytes: &[u8], content_type: Option<&str>) -> InputFormat {
    sniff_format_with_reason(bytes, content_type).0
}

/// [`sniff_format`], with the reason for the decision (for reports and `--explain`).
pub fn sniff_format_with_reason(
    bytes: &[u8],
    content_type: Option<&str>,
) -> (InputFormat, &'static str) {
    if let Some(ct) = content_type {
        let ct = ct.to_ascii_lowercase();
        if ct.contains("html") {
            return (InputFormat::Html, "content type says HTML");
        }
        if ct.starts_with("text/plain") {
            return (InputFormat::Text, "content type says text/plain");
        }
    }
    let head = &bytes[..bytes.len().min(SNIFF_WINDOW)];
    let lower: Vec<u8> = head.iter().map(|b| b.to_ascii_lowercase()).collect();
    let start = lower
        .iter()
        .position(|b| !b.is_ascii_whitespace() && !matches!(b, 0xEF | 0xBB | 0xBF))
        .unwrap_or(lower.len());
    let lead = &lower[start..];
    const OPENERS: [&[u8]; 6] = [
        b"<!doctype html",
        b"<html",
        b"<head",
        b"<body",
        b"<meta",
        b"<?xml",
    ];
    if OPENERS.iter().any(|o| lead.starts_with(o)) {
        return (InputFormat::Html, "opens with a doctype or a document tag");
    }
    // Anything else that opens with a tag (a comment before the doctype on Chinese CMS
    // pages, a wrapper element, a fragment) is HTML when HTML tags follow; text that merely
    // mentions tags is not, unless it is full of them.
    let window = &bytes[..bytes.len().min(TAG_WINDOW)];
    // Only whether the count reaches MIN_TAGS_AFTER_OPENER (the opening tag and one more)
    // or MIN_TAGS_IN_TEXT matters.
    // A comment first (Chinese CMS pages) is markup already: one tag after it is enough.
    let needed = if lead.starts_with(b"<!--") {
        1
    } else {
        MIN_TAGS_AFTER_OPENER
    };
    let enough = if lead.starts_with(b"<") {
        needed
    } else {
        MIN_TAGS_IN_TEXT
    };
    let tags = count_html_tags(window, enough);
    if lead.starts_with(b"<") && tags >= needed {
        return (InputFormat::Html, "opens with a tag and HTML tags follow");
    }
    if tags >= MIN_TAGS_IN_TEXT {
        return (InputFormat::Html, "many HTML tags in the first 16 KiB");
    }
    (InputFormat::Text, "no markup at the start")
}

/// How far to count tags when the page does not open with a doctype.
const TAG_WINDOW: usize = 16 * 1024;
/// A page that opens with a tag is HTML when this many tags are counted, the opening one
/// included: a text line that happens to start with `<p/` (a cleaned page's first line) is
/// not markup by itself, so cleaning cleaned text reads it as text again.
const MIN_TAGS_AFTER_OPENER: usize = 2;
/// A page that does not open with a tag is HTML only with this many tags in the window.
const MIN_TAGS_IN_TEXT: usize = 8;

/// Counts openings of common HTML elements (`<p>`, `<div `, `<a href`, `</td>`…), stopping
/// at `enough`.
fn count_html_tags(bytes: &[u8], enough: usize) -> usize {
    const NAMES: [&[u8]; 16] = [
        b"html", b"body", b"head", b"div", b"p", b"a", b"br", b"table", b"td", b"tr", b"span",
        b"script", b"meta", b"title", b"li", b"img",
    ];
    let mut count = 0;
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let at = i + off + 1;
        let rest = &bytes[at..];
        let rest = rest.strip_prefix(b"/").unwrap_or(rest);
        for name in NAMES {
            if rest.len() > name.len()
                && rest[..name.len()].eq_ignore_ascii_case(name)
                && matches!(rest[name.len()], b'>' | b' ' | b'/' | b'\t' | b'\n' | b'\r')
            {
                count += 1;
                break;
            }
        }
        if count >= enough {
            break;
        }
        i = at;
        if i >= bytes.len() {
            break;
        }
    }
    count
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_html_openers() {
        assert_eq!(
            sniff_format(b"  <!DOCTYPE html><p>x", None),
            InputFormat::Html
        );
        assert_eq!(sniff_format(b"<html lang=zh>", None), InputFormat::Html);
        assert_eq!(sniff_format(b"<!-- cms --><html>", None), InputFormat::Html);
    }

    #[test]
    fn pages_opening_with_other_tags_are_html() {
        assert_eq!(
            sniff_format(
                b"<text id=\"x\">\n<form><div id=header><p>hi</p></div>",
                None
            ),
            InputFormat::Html
        );
        assert_eq!(sniff_format(b"<!-- cms --><html>", None), InputFormat::Html);
        assert_eq!(sniff_format(b"<p>hi</p>", None), InputFormat::Html);
    }

    #[test]
    fn a_text_line_opening_like_a_tag_is_not_markup_alone() {
        // A cleaned page whose first line reads `<p/…` (issue 12, idempotence).
        let line = "<p/\u{10808}!!!0!aa0!\u{3a3}!A!\nIn the end, the plan was approved.";
        assert_eq!(sniff_format(line.as_bytes(), None), InputFormat::Text);
    }

    #[test]
    fn text_mentioning_tags_stays_text() {
        assert_eq!(
            sniff_format("正文里写了<html>标签".as_bytes(), None),
            InputFormat::Text
        );
        assert_eq!(
            sniff_format(b"a < b and <p> later", None),
            InputFormat::Text
        );
    }

    #[test]
    fn reasons_are_given() {
        assert_eq!(
            sniff_format_with_reason(b"plain text", None).1,
            "no markup at the start"
        );
        assert!(sniff_format_with_reason(b"<!doctype html>", None)
            .1
            .contains("doctype"));
    }

    #[test]
    fn content_type_hint_wins() {
        assert_eq!(
            sniff_format(b"plain", Some("text/html; charset=gbk")),
            InputFormat::Html
        );
        assert_eq!(
            sniff_format(b"<html>", Some("text/plain")),
            InputFormat::Text
        );
    }
}
