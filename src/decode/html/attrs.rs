//! A cap on attributes per tag, applied before html5ever sees the markup.
//!
//! html5ever checks each new attribute against every attribute already on the tag (to drop
//! duplicates), so one tag with n attributes costs n²/2 comparisons: 200,000 attributes took
//! 9.4 s and 10⁶ over two minutes (issue 16). Nothing pagewash reads from a tag (`class`,
//! `id`, `role`, `hidden`, `style`, `href`, `content`, …) sits behind hundreds of other
//! attributes on a real page, so the attributes past [`MAX_ATTRIBUTES`] are cut from the
//! markup before tokenizing.
//!
//! The scan is a light, linear reading of the markup: tags open with `<` and a letter,
//! attribute values may be quoted (a `>` inside quotes does not end the tag), and the
//! content of comments, `<script>` and `<style>` is passed over, so page text and code are
//! never cut. It only allocates when some tag is over the cap.

use std::borrow::Cow;

/// Attributes kept per tag. Real tags carry a few, framework-generated ones a few dozen;
/// the cap bounds html5ever's duplicate check to 128²/2 comparisons per tag.
pub(crate) const MAX_ATTRIBUTES: usize = 128;

/// `html` with the attributes of each tag after the first `max` removed (the tag's name,
/// first `max` attributes and its end `>` or `/>` are kept).
pub(crate) fn cap_attributes(html: &str, max: usize) -> Cow<'_, str> {
    let bytes = html.as_bytes();
    let mut cuts: Vec<(usize, usize)> = Vec::new();
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let lt = i + off;
        i = lt + 1;
        let Some(&next) = bytes.get(i) else { break };
        if bytes[i..].starts_with(b"!--") {
            i = find(bytes, i + 3, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        if !next.is_ascii_alphabetic() {
            continue;
        }
        let (end, cut) = scan_tag(bytes, i, max);
        if let Some(cut) = cut {
            cuts.push(cut);
        }
        let name_end = bytes[i..]
            .iter()
            .position(|b| b.is_ascii_whitespace() || matches!(b, b'/' | b'>'))
            .map_or(bytes.len(), |n| i + n);
        let name = &bytes[i..name_end];
        i = end;
        // Raw text: the next `</script` / `</style` ends it, whatever comes before.
        for raw in [&b"script"[..], b"style"] {
            if name.eq_ignore_ascii_case(raw) {
                i = find_end_tag(bytes, i, raw).unwrap_or(bytes.len());
            }
        }
    }
    if cuts.is_empty() {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut pos = 0;
    for (from, to) in cuts {
        // Cuts start and end at ASCII bytes (white space, `>`, `/`), so on char boundaries.
        out.push_str(&html[pos..from]);
        pos = to;
    }
    out.push_str(&html[pos..]);
    Cow::Owned(out)
}

/// Reads the tag whose name starts at `i`: where it ends (just past `>`, or the input's
/// end), and the byte range of its attributes past the first `max`, if any.
fn scan_tag(bytes: &[u8], mut i: usize, max: usize) -> (usize, Option<(usize, usize)>) {
    // The name.
    while i < bytes.len() && !bytes[i].is_ascii_whitespace() && !matches!(bytes[i], b'/' | b'>') {
        i += 1;
    }
    let mut count = 0usize;
    let mut cut_from = None;
    loop {
        // Between attributes: white space and stray slashes.
        let gap = i;
        while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
            i += 1;
        }
        if i >= bytes.len() {
            return (bytes.len(), cut_from.map(|f| (f, bytes.len())));
        }
        if bytes[i] == b'>' {
            let end = if bytes[i - 1] == b'/' && cut_from.is_some() {
                i - 1 // keep the self-closing slash
            } else {
                i
            };
            return (i + 1, cut_from.map(|f: usize| (f, end.max(f))));
        }
        count += 1;
        if count == max + 1 {
            cut_from = Some(gap);
        }
        // The name (a leading `=` is part of it, as in the spec).
        let start = i;
        while i < bytes.len()
            && !bytes[i].is_ascii_whitespace()
            && !matches!(bytes[i], b'/' | b'>')
            && (bytes[i] != b'=' || i == start)
        {
            i += 1;
        }
        let mut j = i;
        while j < bytes.len() && bytes[j].is_ascii_whitespace() {
            j += 1;
        }
        if bytes.get(j) != Some(&b'=') {
            continue;
        }
        i = j + 1;
        while i < bytes.len() && bytes[i].is_ascii_whitespace() {
            i += 1;
        }
        match bytes.get(i) {
            Some(&q @ (b'"' | b'\'')) => {
                i = bytes[i + 1..]
                    .iter()
                    .position(|&b| b == q)
                    .map_or(bytes.len(), |n| i + 1 + n + 1);
            }
            _ => {
                while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                    i += 1;
                }
            }
        }
    }
}

/// Where `needle` next occurs at or after `from`.
fn find(bytes: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|n| from + n)
}

/// Where the next `</name` (any case) starts at or after `from`.
fn find_end_tag(bytes: &[u8], mut from: usize, name: &[u8]) -> Option<usize> {
    loop {
        let at = find(bytes, from, b"</")?;
        let rest = &bytes[at + 2..];
        if rest.len() >= name.len() && rest[..name.len()].eq_ignore_ascii_case(name) {
            return Some(at);
        }
        from = at + 2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_under_the_cap_are_left_alone() {
        let page = r#"<div class="a" id=b data-x='1>2' hidden><p>x</p><br/></div>"#;
        assert!(matches!(cap_attributes(page, 4), Cow::Borrowed(_)));
        assert!(matches!(cap_attributes(page, 1), Cow::Owned(_)));
    }

    #[test]
    fn attributes_past_the_cap_are_cut_and_the_tag_still_ends() {
        let page = r#"<p class="k" a=1 b="2>" c d>text</p><img x y z/>"#;
        assert_eq!(
            cap_attributes(page, 2),
            r#"<p class="k" a=1>text</p><img x y/>"#
        );
    }

    #[test]
    fn comments_scripts_and_styles_are_passed_over() {
        let page = "<!-- <a b c d> --><script>if (a<b c d e) x()</script><style>a<b c d{}</style>";
        assert!(matches!(cap_attributes(page, 1), Cow::Borrowed(_)));
        let page = "<SCRIPT>a<b c d</Script><i a b c>";
        assert_eq!(cap_attributes(page, 1), "<SCRIPT>a<b c d</Script><i a>");
    }

    #[test]
    fn a_tag_cut_off_by_the_end_of_input_is_cut_there() {
        assert_eq!(cap_attributes("<p a b c", 1), "<p a");
        assert_eq!(cap_attributes("<p a='x", 0), "<p");
        assert_eq!(cap_attributes("<", 0), "<");
        assert_eq!(cap_attributes("a<1 b c", 0), "a<1 b c");
    }

    #[test]
    fn a_huge_tag_is_cut_in_linear_time() {
        let mut page = String::from("<div");
        for i in 0..1_000_000 {
            page.push_str(&format!(" a{i}"));
        }
        page.push_str(">body</div>");
        let capped = cap_attributes(&page, MAX_ATTRIBUTES);
        assert!(
            capped.ends_with(" a127>body</div>"),
            "{}",
            &capped[capped.len() - 40..]
        );
    }
}
