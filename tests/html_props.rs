//! Property tests: no input panics; output lines are never empty and never hold a newline.

use pagewash::decode::html::{html_to_blocks, HtmlOptions};
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
        "[a-z中文 ]{0,5}",
        any::<String>(),
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

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
        for (i, b) in doc.blocks.iter().enumerate() {
            prop_assert!(!b.text.is_empty());
            prop_assert!(!b.text.contains('\n'));
            prop_assert_eq!(b.context.index as usize, i);
            prop_assert!(b.context.offset as usize <= s.len());
            prop_assert!(b.context.link_chars <= b.context.chars);
            prop_assert!(doc.tokens(&b.context).len() == b.context.tokens.len());
        }
    }
}
