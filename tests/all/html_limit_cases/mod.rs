//! Hostile and oversized pages, shared by `tests/limits.rs` (correctness) and
//! `examples/limits.rs` (time and peak memory in release mode).

/// A named generated page and a check on its result.
pub struct Case {
    pub name: &'static str,
    pub html: String,
    pub check: fn(&pagewash::internals::decode::html::HtmlDoc) -> Result<(), String>,
}

fn repeat_to(unit: &str, bytes: usize) -> String {
    unit.repeat(bytes / unit.len() + 1)
}

pub fn cases() -> Vec<Case> {
    const MB: usize = 1 << 20;
    vec![
        Case {
            name: "20 MB page",
            html: format!(
                "<html><head><title>t</title></head><body>{}</body></html>",
                repeat_to(
                    "<div class=\"post item\"><p>中文段落，正文内容 text &amp; more <a href=\"/x\">链接</a></p>\n\
                     <ul><li>一<li>二</ul><table><tr><td>格<td>子</table></div>\n",
                    20 * MB
                )
            ),
            check: |d| expect(d.blocks.len() > 500_000, "many blocks"),
        },
        Case {
            name: "100k nested div",
            html: format!("{}x{}", "<div>".repeat(100_000), "</div>".repeat(100_000)),
            check: |d| {
                expect(d.depth_limited, "depth_limited")?;
                expect(d.text() == "x", "only x")
            },
        },
        Case {
            name: "100k nested span+a",
            html: format!(
                "<p>{}x{}</p>",
                "<span><a href=#>".repeat(100_000),
                "</a></span>".repeat(100_000)
            ),
            check: |d| expect(d.text() == "x", "only x"),
        },
        Case {
            name: "100k nested table",
            html: format!("{}x", "<table><tr><td>".repeat(100_000)),
            check: |d| expect(d.text() == "x", "only x"),
        },
        Case {
            name: "1M stray end tags",
            html: format!("<div><td>{}<p>x</p>", "<span>".repeat(400) + &"</div>".repeat(1_000_000)),
            check: |d| expect(d.text() == "x", "only x"),
        },
        Case {
            name: "NUL bytes",
            html: repeat_to("<p>a\0b</p>\0<\0p\0>\0&\0;<!--\0--><div \0=\0>c\0</div>", MB),
            check: |d| expect(!d.blocks.is_empty(), "some text"),
        },
        Case {
            name: "5 MB single line",
            html: repeat_to("<p class=x>一行到底 one line <b>bold</b> &lt;tag&gt;</p>", 5 * MB),
            check: |d| expect(d.blocks.len() > 50_000, "many blocks"),
        },
        Case {
            name: "5 MB single word",
            html: format!("<p>{}</p>", "字".repeat(5 * MB / 3)),
            check: |d| expect(d.blocks.len() == 1, "one block"),
        },
        Case {
            name: "only <br> (4 MB)",
            html: "<br>".repeat(MB),
            check: |d| expect(d.blocks.is_empty(), "no blocks"),
        },
        Case {
            name: "entity soup (4 MB)",
            html: repeat_to(
                "&amp&amp;&#;&#x;&#99999999;&#x110000;&nbsp&notin&noti&not;&&;&#0;&#128;&ThickSpace;&x",
                4 * MB,
            ),
            check: |d| expect(d.blocks.len() == 1, "one block"),
        },
        Case {
            name: "unclosed comment/script (2 MB)",
            html: format!("<p>a</p><script>{}", "<div>x</div>".repeat(200_000)),
            check: |d| expect(d.text() == "a", "only a"),
        },
        Case {
            name: "attribute soup (4 MB)",
            html: repeat_to("<div class='a b c d e f g h i j k l m n o p q r s t' id=x role=y data-z=\"&amp;\">", 4 * MB),
            check: |d| expect(d.blocks.is_empty(), "no text"),
        },
    ]
}

fn expect(ok: bool, what: &str) -> Result<(), String> {
    if ok {
        Ok(())
    } else {
        Err(format!("expected {what}"))
    }
}
