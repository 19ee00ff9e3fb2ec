//! Round trip: seed texts rendered as HTML pages come back line for line.

use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};

fn seeds_dir() -> std::path::PathBuf {
    std::env::var_os("PAGEWASH_SEEDS")
        .map(Into::into)
        .unwrap_or_else(|| concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/seeds").into())
}

fn escape_into(out: &mut String, s: &str, numeric_every: usize) {
    for (i, c) in s.chars().enumerate() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Some characters as numeric references, hex and decimal.
            c if !c.is_ascii() && i % numeric_every == 0 => {
                if i % 2 == 0 {
                    out.push_str(&format!("&#x{:X};", c as u32));
                } else {
                    out.push_str(&format!("&#{};", c as u32));
                }
            }
            c => out.push(c),
        }
    }
}

/// One `<p>` per line; every third line cut into `<span>`s at several char boundaries,
/// and the page framed with head, navigation-free body and a script to skip.
fn render(lines: &[&str]) -> String {
    let mut html = String::from(
        "<!DOCTYPE html>\n<html lang=zh><head><meta charset=utf-8><title>seed</title>\
         <script>var s = '<p>not text</p>';</script></head>\n<body>\n",
    );
    for (n, line) in lines.iter().enumerate() {
        html.push_str("<p class=\"text\">");
        if n % 3 == 1 {
            let chars: Vec<char> = line.chars().collect();
            for (k, chunk) in chars.chunks(5 + n % 4).enumerate() {
                let piece: String = chunk.iter().collect();
                html.push_str(if k % 2 == 0 { "<span>" } else { "<b class=x>" });
                escape_into(&mut html, &piece, 11);
                html.push_str(if k % 2 == 0 { "</span>" } else { "</b>" });
            }
        } else {
            escape_into(&mut html, line, 13);
        }
        // Unclosed paragraphs on some lines: the next <p> closes them.
        if n % 4 != 3 {
            html.push_str("</p>");
        }
        html.push('\n');
    }
    html.push_str("</body></html>\n");
    html
}

#[test]
fn seeds_round_trip() {
    let mut paths: Vec<_> = std::fs::read_dir(seeds_dir())
        .expect("seeds directory")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.to_string_lossy().ends_with(".expected.txt"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no seeds found");
    for path in paths {
        let text = std::fs::read_to_string(&path).expect("utf-8 seed");
        let lines: Vec<&str> = text.lines().filter(|l| !l.trim().is_empty()).collect();
        let html = render(&lines);
        let doc = html_to_blocks(&html, &HtmlOptions::default());
        let got: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
        assert_eq!(got, lines, "{}", path.display());
        assert_eq!(doc.meta.title.as_deref(), Some("seed"));
    }
}

#[test]
fn render_is_not_trivial() {
    // Guard that the round trip really exercises escaping and spans.
    let html = render(&["a<b & c", "第二行文字很长很长很长很长", "x"]);
    assert!(html.contains("&lt;") && html.contains("&amp;") && html.contains("<span>"));
    assert!(html.contains("&#"));
}
