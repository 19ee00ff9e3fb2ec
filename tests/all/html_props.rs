//! Property tests: no input panics; output lines are never empty and never hold a newline.

use crate::common;

use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};
use pagewash::{Hints, Pipeline};
use proptest::prelude::*;

/// Markup-heavy strings find more tokenizer and stack states than uniform random text.
fn markup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("<p>".to_owned()),
        Just("</p>".to_owned()),
        Just("<div hidden>".to_owned()),
        Just("</div>".to_owned()),
        Just("<td>".to_owned()),
        Just("<tr>".to_owned()),
        Just("<table>".to_owned()),
        Just("<li>".to_owned()),
        Just("<a href=x>".to_owned()),
        Just("</a>".to_owned()),
        Just("<pre>".to_owned()),
        Just("\n".to_owned()),
        Just("<br>".to_owned()),
        Just("<svg>".to_owned()),
        Just("<script>".to_owned()),
        Just("</script>".to_owned()),
        Just("<title>".to_owned()),
        Just("<h1>".to_owned()),
        Just("</h1>".to_owned()),
        Just("<head>".to_owned()),
        Just("<!--".to_owned()),
        Just("&amp".to_owned()),
        Just("&#x".to_owned()),
        Just("<![CDATA[".to_owned()),
        Just("<plaintext>".to_owned()),
        Just("<div class=article-body>".to_owned()),
        Just("<div class=\"share-tools sidebar\">".to_owned()),
        Just("<nav>".to_owned()),
        Just("<footer>".to_owned()),
        Just("<form>".to_owned()),
        Just("<article>".to_owned()),
        Just("</article>".to_owned()),
        Just("今天上午，市政府召开常务会议，研究部署进一步做好稳就业工作。".to_owned()),
        Just(
            "The council voted on Tuesday to expand the bus network, adding three routes. "
                .to_owned()
        ),
        "[a-z中文 ]{0,5}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(common::regressions::config(2000))]

    #[test]
    fn arbitrary_strings_never_panic(s in any::<String>()) {
        let doc = html_to_blocks(&s, &HtmlOptions::default());
        for b in &doc.blocks {
            prop_assert!(!b.text.is_empty());
            prop_assert!(!b.text.contains('\n'));
        }
    }

    #[test]
    fn markup_soup_never_panics(s in markup(), depth in 1usize..8) {
        let mut opts = HtmlOptions::default();
        opts.max_depth(depth);
        let doc = html_to_blocks(&s, &opts);
        for b in &doc.blocks {
            prop_assert!(!b.text.is_empty());
            prop_assert!(!b.text.contains('\n'));
            prop_assert!(b.context.offset as usize <= s.len());
            prop_assert!(b.context.link_chars <= b.context.chars);
            prop_assert!(doc.tokens(&b.context).len() == b.context.tokens.len());
        }
    }

    #[test]
    fn element_skeleton_is_a_tree_lines_point_into(s in markup(), depth in 1usize..8) {
        let mut opts = HtmlOptions::default();
        opts.max_depth(depth);
        let doc = html_to_blocks(&s, &opts);
        for (k, e) in doc.elements.iter().enumerate() {
            if let Some(p) = e.parent {
                prop_assert!((p as usize) < k, "parents come first");
            }
        }
        for b in &doc.blocks {
            if let Some(e) = b.context.element() {
                prop_assert!(e < doc.elements.len());
                prop_assert_eq!(doc.elements[e].tag, b.context.tag);
            }
        }
    }
}

proptest! {
    // The whole pipeline per case: fewer cases (PROPTEST_CASES raises them).
    #![proptest_config(common::regressions::config(
        std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(300)
    ))]

    #[test]
    fn content_extraction_on_soup_is_deterministic_and_bounded(s in markup()) {
        let page = format!("<!DOCTYPE html><html><body>{s}</body></html>");
        let p = Pipeline::default();
        let hints = Hints::new().with_content_type("text/html");
        let a = p.clean(page.as_bytes(), &hints);
        let b = p.clean(page.as_bytes(), &hints);
        prop_assert_eq!(a.text(), b.text());
        let removed = a.edits().iter().filter(|e| e.kind == pagewash::EditKind::Removed).count();
        let blocks = html_to_blocks(&page, &HtmlOptions::default()).blocks.len();
        prop_assert!(removed + a.text().lines().count() <= blocks);
    }
}

/// Found by `element_skeleton_is_a_tree_lines_point_into`: a `<div>` opened inside dropped
/// markup (a table in an SVG, depth capped) took its parent's element, a `<table>`.
#[test]
fn a_block_inside_dropped_markup_points_at_no_other_element() {
    let s = "<h1><p><svg></div><svg><plaintext><td><table><script></script><li>\
             <div class=article-body></script>今天上午，市政府召开常务会议，研究部署进一步做好稳就业工作。";
    let mut opts = HtmlOptions::default();
    opts.max_depth(5);
    let doc = html_to_blocks(s, &opts);
    assert!(!doc.blocks.is_empty());
    for b in &doc.blocks {
        if let Some(e) = b.context.element() {
            assert_eq!(doc.elements[e].tag, b.context.tag, "{:?}", b.text);
        }
    }
}
