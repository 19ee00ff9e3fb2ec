//! Table tests: one row per behaviour, exact expected lines.

use super::*;

/// The lines a reader sees: hidden blocks are kept (flagged) for the content stage, and
/// left out here.
fn lines(html: &str) -> Vec<String> {
    html_to_blocks(html, &HtmlOptions::default())
        .blocks
        .into_iter()
        .filter(|b| !b.context.flags.contains(BlockFlags::HIDDEN))
        .map(|b| b.text)
        .collect()
}

/// Each block's text and whether it carries `flag`.
fn flagged(html: &str, flag: BlockFlags) -> Vec<(String, bool)> {
    html_to_blocks(html, &HtmlOptions::default())
        .blocks
        .into_iter()
        .map(|b| (b.text, b.context.flags.contains(flag)))
        .collect()
}

fn pairs(expected: &[(&str, bool)]) -> Vec<(String, bool)> {
    expected.iter().map(|&(t, f)| (t.to_owned(), f)).collect()
}

#[test]
fn dialogs_are_flagged() {
    assert_eq!(
        flagged(
            "<dialog><p>a</p></dialog><div role=dialog><p>b</p></div>\
             <div role='ALERTDIALOG'>c</div><div aria-modal=true><p>d</p></div>\
             <div aria-modal=false>e</div><div role=dialogue>f</div><div class=dialog>g</div><p>h</p>",
            BlockFlags::DIALOG
        ),
        pairs(&[
            ("a", true),
            ("b", true),
            ("c", true),
            ("d", true),
            ("e", false),
            ("f", false),
            ("g", false),
            ("h", false)
        ])
    );
}

#[test]
fn hidden_blocks_are_kept_and_flagged() {
    assert_eq!(
        flagged(
            "<div hidden><p>tab two</p></div><div aria-hidden=false>shown</div>\
             <ul style='display:none'><li>menu</li></ul><p>x</p>",
            BlockFlags::HIDDEN
        ),
        pairs(&[
            ("tab two", true),
            ("shown", false),
            ("menu", true),
            ("x", false)
        ])
    );
}

/// (name, html, expected lines)
const CASES: &[(&str, &str, &[&str])] = &[
    ("plain paragraphs", "<p>one</p><p>two</p>", &["one", "two"]),
    ("unclosed p", "<p>one<p>two<div>three</div>", &["one", "two", "three"]),
    ("p closed by block", "<p>a<ul><li>b</ul>c", &["a", "b", "c"]),
    ("li implied end", "<ul><li>a<li>b<li>c</ul>", &["a", "b", "c"]),
    ("nested list", "<ul><li>a<ul><li>b</ul>c<li>d</ul>", &["a", "b", "c", "d"]),
    ("dd dt implied", "<dl><dt>k<dd>v<dt>k2<dd>v2</dl>", &["k", "v", "k2", "v2"]),
    ("td implied end", "<table><tr><td>a<td>b<tr><td>c</table>", &["a", "b", "c"]),
    ("th", "<table><tr><th>h1<th>h2</tr></table>", &["h1", "h2"]),
    ("headings", "<h1>t</h1><h2>s<h3>x</h3>", &["t", "s", "x"]),
    ("inline joins", "<p>a <b>bold</b> and <i>it</i>al</p>", &["a bold and ital"]),
    ("cjk spans", "<p><span>中</span><span>文</span></p>", &["中文"]),
    ("cjk source newline", "<p>中文\n段落</p>", &["中文段落"]),
    ("cjk newline across tags", "<p><span>中</span>\n<span>文</span></p>", &["中文"]),
    ("cjk explicit space kept", "<p>中 文</p>", &["中 文"]),
    ("latin newline is space", "<p>hello\nworld</p>", &["hello world"]),
    ("mixed newline", "<p>中文\nabc</p>", &["中文 abc"]),
    ("whitespace collapse", "<p>  a \t\n  b  </p>", &["a b"]),
    ("br breaks", "<p>a<br>b<br/>c</p>", &["a", "b", "c"]),
    ("end br", "<p>a</br>b</p>", &["a", "b"]),
    ("only brs", "<br><br><br>", &[]),
    ("pre keeps lines", "<pre>\n  x = 1\n\n  y  =  2\n</pre>", &["  x = 1", "  y  =  2"]),
    ("pre leading newline only once", "<pre>\n\nz</pre>", &["z"]),
    ("pre with inline", "<pre><b>a</b>  b\nc</pre>", &["a  b", "c"]),
    ("script dropped", "<p>a<script>var x = '<p>no</p>';</script>b</p>", &["ab"]),
    ("style dropped", "<style>p{color:red}</style><p>x</p>", &["x"]),
    ("noscript read as markup (scripting off)", "<noscript><p>thread</p></noscript><p>x</p>", &["thread", "x"]),
    ("template dropped", "<template><p>t</p></template><p>x</p>", &["x"]),
    ("svg dropped", "<p>a<svg><text>no</text><path d=''/></svg>b</p>", &["ab"]),
    ("svg unclosed breaks out", "<svg><text>no</text><p>yes</p>", &["yes"]),
    ("iframe dropped", "<iframe><p>no</p></iframe><p>x</p>", &["x"]),
    ("object canvas dropped", "<object>o</object><canvas>c</canvas><p>x</p>", &["x"]),
    ("comment dropped", "<p>a<!-- <p>no</p> -->b</p>", &["ab"]),
    ("head dropped", "<html><head><title>T</title><style>x</style></head><body><p>x</p></body></html>", &["x"]),
    ("unclosed head ends at body tag", "<head><title>T</title><p>x", &["x"]),
    ("text in head starts body", "<head><meta charset=utf-8>hello", &["hello"]),
    ("hidden attribute", "<div hidden>no</div><p>x</p>", &["x"]),
    ("aria hidden", "<div aria-hidden=\"true\">no</div><div aria-hidden=false>yes</div>", &["yes"]),
    ("display none", "<div style=\"color:red; DISPLAY : none !important\">no</div><p>x</p>", &["x"]),
    ("visibility hidden", "<span style='visibility:hidden'>no</span>yes", &["yes"]),
    ("hidden p closed by block", "<p hidden>no<div>yes</div>", &["yes"]),
    ("entities named", "<p>a&amp;b &lt;c&gt; &quot;&apos;</p>", &["a&b <c> \"'"]),
    ("entities numeric", "<p>&#20013;&#x6587; &#X41;</p>", &["中文 A"]),
    ("entities legacy no semicolon", "<p>a&nbspb &copy 2024 &ampx</p>", &["a\u{a0}b © 2024 &x"]),
    ("entity not legacy stays", "<p>&notit; &foo; &</p>", &["¬it; &foo; &"]),
    ("entity windows-1252 numeric", "<p>&#150;&#x80;</p>", &["–€"]),
    ("entity invalid numeric", "<p>&#0;&#xD800;&#1114112;</p>", &["\u{fffd}\u{fffd}\u{fffd}"]),
    ("less than survives", "<p>a < b, 1<2 and x<=y</p>", &["a < b, 1<2 and x<=y"]),
    // As in browsers, `<d` followed by a name is a tag, not text.
    ("less than letter is a tag", "<p>c<d</p>", &["c"]),
    ("inline tags don't split", "<p>x<span>y</span><em>z</em><a href=#>w</a></p>", &["xyzw"]),
    ("unknown inline", "<p>a<custom-el>b</custom-el>c</p>", &["abc"]),
    ("stray end div ignored in cell", "<table><tr><td>a</div>b</td></tr></table>", &["ab"]),
    ("stray end div", "<p>a</div>b</p>", &["ab"]),
    ("stray end p", "a</p>b", &["a", "b"]),
    ("nul dropped", "<p>a\u{0}b</p>", &["ab"]),
    ("blockquote section etc",
     "<article><header>h</header><section>s</section><aside>a</aside><footer>f</footer></article>",
     &["h", "s", "a", "f"]),
    ("figcaption address", "<figure><img src=x><figcaption>cap</figcaption></figure><address>ad</address>", &["cap", "ad"]),
    ("options are lines", "<select><option>a<option>b</select>", &["a", "b"]),
    ("text after body", "<body><p>a</p></body>b</html>c", &["a", "bc"]),
    ("nested a closes previous", "<p><a href=1>x<a href=2>y</a>z</p>", &["xyz"]),
    ("textarea dropped", "<p>a<textarea><p>no</textarea>b", &["ab"]),
    ("title in body not text", "<p>a<title>t</title>b", &["ab"]),
    ("cdata outside svg is comment", "<p>a<![CDATA[x]]>b</p>", &["ab"]),
    ("plaintext", "<p>a<plaintext><b>raw</b>\nmore", &["a", "<b>raw</b>", "more"]),
    ("hr breaks", "a<hr>b", &["a", "b"]),
];

#[test]
fn table() {
    let mut failures = Vec::new();
    for (name, html, expected) in CASES {
        let got = lines(html);
        if got != *expected {
            failures.push(format!(
                "{name}: {html:?}\n  expected {expected:?}\n  got      {got:?}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn block_tags_and_flags() {
    let doc = html_to_blocks(
        "<body><nav><ul><li><a href=/>首页</a></li></ul></nav>\
         <main><article><h1>标题</h1><p>正文 <a href=x>链接</a></p>\
         <table><tr><td>格</td></tr></table></article></main>\
         <form><p>f</p></form><footer><p>版权</p></footer></body>",
        &HtmlOptions::default(),
    );
    let got: Vec<(&str, Tag, u16)> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.context.tag, b.context.flags.bits()))
        .collect();
    let f = |x: BlockFlags| x.bits();
    assert_eq!(
        got,
        [
            ("首页", Tag::Li, f(BlockFlags::NAV | BlockFlags::LI)),
            (
                "标题",
                Tag::H1,
                f(BlockFlags::MAIN | BlockFlags::ARTICLE | BlockFlags::HEADING)
            ),
            (
                "正文 链接",
                Tag::P,
                f(BlockFlags::MAIN | BlockFlags::ARTICLE)
            ),
            (
                "格",
                Tag::Td,
                f(BlockFlags::MAIN | BlockFlags::ARTICLE | BlockFlags::TABLE)
            ),
            ("f", Tag::P, f(BlockFlags::FORM)),
            ("版权", Tag::P, f(BlockFlags::FOOTER)),
        ]
    );
    assert_eq!(doc.blocks[0].context.link_share(), 1.0);
    assert_eq!(doc.blocks[2].context.chars, 4);
    assert_eq!(doc.blocks[2].context.link_chars, 2);
    assert_eq!(doc.blocks[1].context.link_share(), 0.0);
}

#[test]
fn block_inside_link_has_a_flag() {
    let doc = html_to_blocks(
        "<a href=x><div>card</div></a><p>x</p>",
        &HtmlOptions::default(),
    );
    assert!(doc.blocks[0].context.flags.contains(BlockFlags::A));
    assert!(!doc.blocks[1].context.flags.contains(BlockFlags::A));
}

#[test]
fn link_closed_across_block_ends_link() {
    let doc = html_to_blocks(
        "<div><a href=x>l<div>in</a>out</div></div>",
        &HtmlOptions::default(),
    );
    let t: Vec<_> = doc
        .blocks
        .iter()
        .map(|b| (b.text.as_str(), b.context.link_chars))
        .collect();
    // The inner div stays open across </a>: "in" (link) and "out" (not) share its line.
    assert_eq!(t, [("l", 1), ("inout", 2)]);
}

#[test]
fn context_tokens() {
    let doc = html_to_blocks(
        "<div id=Main class='content wrap'><section role=main><p class=\"para  lead\">x</p><p>y</p></section></div>",
        &HtmlOptions::default(),
    );
    let toks = |i: usize| -> Vec<(String, TokenKind, u16)> {
        doc.tokens(&doc.blocks[i].context)
            .iter()
            .map(|t| (doc.symbols.name(t.sym).to_owned(), t.kind, t.distance))
            .collect()
    };
    let s = |x: &str| x.to_owned();
    assert_eq!(
        toks(0),
        [
            (s("para"), TokenKind::Class, 0),
            (s("lead"), TokenKind::Class, 0),
            (s("main"), TokenKind::Role, 1),
            (s("main"), TokenKind::Id, 2),
            (s("content"), TokenKind::Class, 2),
            (s("wrap"), TokenKind::Class, 2),
        ]
    );
    assert_eq!(toks(1).len(), 4);
    assert_eq!(toks(1)[0], (s("main"), TokenKind::Role, 1));
    // Same sym for the same token text.
    assert_eq!(
        doc.symbols.get("main").map(|s| doc.symbols.name(s)),
        Some("main")
    );
    assert!(doc.symbols.get("absent").is_none());
    // Same parent path → equal depths.
    assert_eq!(doc.blocks[0].context.depth, doc.blocks[1].context.depth);
}

#[test]
fn context_tokens_capped() {
    let mut opts = HtmlOptions::default();
    opts.max_context_tokens(3);
    let doc = html_to_blocks("<div class='a b c d'><p class='e f'>x</p></div>", &opts);
    assert_eq!(doc.blocks[0].context.tokens.len(), 3);
}

#[test]
fn offsets_point_at_text() {
    let html = "<html><body>\n<p>first</p>\n<div><b>x</b>second</div><p>a&amp;b</p></body></html>";
    let doc = html_to_blocks(html, &HtmlOptions::default());
    let b = &doc.blocks;
    assert_eq!(&html[b[0].context.offset as usize..][..5], "first");
    assert_eq!(&html[b[1].context.offset as usize..][..1], "x");
    // After a character reference the offset may be early, never past the text.
    assert!(b[2].context.offset as usize <= html.find("a&amp;b").unwrap());
    assert!(b[2].context.offset as usize >= html.find("second").unwrap());
}

#[test]
fn metadata() {
    let doc = html_to_blocks(
        "<!doctype html><html lang='zh-CN'><head><title> 新闻 \n 标题 </title>\
         <meta name=Description content='  描述  文字 '>\
         <meta property='og:title' content='OG'>\
         <meta property=article:published_time content='2024-01-02T03:04:05+08:00'>\
         <meta property=article:author content='https://x/a'>\
         <meta name=author content='张三'>\
         <link rel='alternate canonical' href=' https://example.com/a?b=1&amp;c=2 '>\
         <link rel=canonical href='https://example.com/second'>\
         <title>second</title></head>\
         <body><h1></h1><h1>主<span>标题</span><br>副</h1><h1>other</h1></body></html>",
        &HtmlOptions::default(),
    );
    assert_eq!(
        doc.meta,
        PageMeta {
            title: Some("新闻 标题".into()),
            h1: Some("主标题 副".into()),
            description: Some("描述 文字".into()),
            og_title: Some("OG".into()),
            published: Some("2024-01-02T03:04:05+08:00".into()),
            author: Some("张三".into()),
            canonical: Some("https://example.com/a?b=1&c=2".into()),
            lang: Some("zh-CN".into()),
            site_name: None,
        }
    );
    assert_eq!(doc.text(), "主标题\n副\nother");
}

#[test]
fn metadata_absent() {
    let doc = html_to_blocks(
        "<p>x</p><svg><title>svg tip</title></svg>",
        &HtmlOptions::default(),
    );
    assert_eq!(doc.meta, PageMeta::default());
}

#[test]
fn hidden_h1_is_not_meta() {
    let doc = html_to_blocks("<h1 hidden>no</h1><h1>yes</h1>", &HtmlOptions::default());
    assert_eq!(doc.meta.h1.as_deref(), Some("yes"));
}

#[test]
fn depth_limit_flattens_and_flags() {
    let mut opts = HtmlOptions::default();
    opts.max_depth(4);
    let doc = html_to_blocks(
        "<div><div><div><p>ok</p><div><div>deep<b>er</b></div><span hidden>no<i>x</i></span>tail</div>after",
        &opts,
    );
    assert!(doc.depth_limited);
    let got: Vec<(&str, bool)> = doc
        .blocks
        .iter()
        .map(|b| {
            (
                b.text.as_str(),
                b.context.flags.contains(BlockFlags::DEPTH_LIMITED),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("ok", false),
            ("deeper", true),
            ("tail", false),
            ("after", false)
        ]
    );
    let shallow = html_to_blocks("<div><p>x</p></div>", &opts);
    assert!(!shallow.depth_limited);
}

#[test]
fn public_types_are_send_sync() {
    fn check<T: Send + Sync>() {}
    check::<HtmlDoc>();
    check::<HtmlOptions>();
    check::<Block>();
}
