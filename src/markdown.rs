//! Markdown from the same pass as the text: the kept lines of a [`Doc`], each rendered by
//! the block context the HTML decoder recorded (headings, list items, table cells, `<pre>`
//! lines, quotes) and the links it recorded when asked ([`HtmlOptions::links`]). Nothing is
//! parsed again: a line's element and its ancestors are looked up in
//! [`HtmlDoc::elements`].
//!
//! Text input (WET) has no structure to show: its lines become paragraphs.
//!
//! [`HtmlOptions::links`]: crate::decode::html::HtmlOptions::links
//! [`HtmlDoc::elements`]: crate::decode::html::HtmlDoc::elements

use std::collections::{HashMap, HashSet};

use crate::decode::html::{HtmlDoc, Link, Tag};
use crate::doc::Doc;

/// What a line is, for Markdown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Paragraph,
    Heading(u8),
    /// A list item: the `<li>` element, its list (`<ul>`/`<ol>`, if any) and nesting depth.
    Item {
        li: usize,
        list: Option<usize>,
        ordered: bool,
        depth: usize,
    },
    /// A table cell: the cell, its row and its table.
    Cell {
        cell: usize,
        row: usize,
        table: usize,
        header: bool,
    },
    /// A `<pre>` line, by its element.
    Code(usize),
}

/// A table cell being gathered: its element, whether it is a header cell, its text.
type Cell = (usize, bool, String);

/// Longest cell text, in characters, of a table shown as a table: longer cells mean a
/// layout table (the page's columns), whose lines are shown as paragraphs.
const MAX_CELL_CHARS: usize = 200;

/// The tables of the page that hold data: two rows or more, one with two cells or more,
/// every cell one line of at most [`MAX_CELL_CHARS`]. Other tables lay the page out (an
/// old portal's article sits in a `<td>`): their cells are not table cells for Markdown.
fn data_tables(doc: &Doc, html: &HtmlDoc) -> HashSet<usize> {
    // Per table: rows, widest row, and whether every cell is a short single line.
    struct Shape {
        rows: usize,
        cells_in_row: usize,
        widest: usize,
        last_row: usize,
        last_cell: usize,
        ok: bool,
    }
    let mut shapes: HashMap<usize, Shape> = HashMap::new();
    for i in 0..doc.len() {
        let Some(c) = doc.context(i) else { continue };
        let Kind::Cell {
            cell, row, table, ..
        } = classify(html, c.element(), None).0
        else {
            continue;
        };
        let s = shapes.entry(table).or_insert(Shape {
            rows: 0,
            cells_in_row: 0,
            widest: 0,
            last_row: usize::MAX,
            last_cell: usize::MAX,
            ok: true,
        });
        if s.last_row != row {
            s.rows += 1;
            s.cells_in_row = 0;
            s.last_row = row;
        }
        if s.last_cell == cell {
            s.ok = false; // a cell of several blocks
        } else {
            s.cells_in_row += 1;
            s.widest = s.widest.max(s.cells_in_row);
            s.last_cell = cell;
        }
        s.ok &= doc.line(i).chars().count() <= MAX_CELL_CHARS;
    }
    shapes
        .into_iter()
        .filter(|(_, s)| s.ok && s.rows >= 2 && s.widest >= 2)
        .map(|(t, _)| t)
        .collect()
}

/// One line's kind and whether it sits in a `<blockquote>`. With `data`, a cell counts as
/// a table cell only in one of those tables.
fn classify(html: &HtmlDoc, element: Option<usize>, data: Option<&HashSet<usize>>) -> (Kind, bool) {
    let mut quote = false;
    let mut kind: Option<Kind> = None;
    // Nearest first: the innermost structure decides (a list inside a table cell is a cell).
    let (mut li, mut cell, mut row, mut table, mut pre, mut heading) =
        (None, None, None, None, None, None);
    let mut lists: Vec<(usize, bool)> = Vec::new();
    let mut e = element;
    while let Some(i) = e {
        let Some(el) = html.elements.get(i) else {
            break;
        };
        match el.tag {
            Tag::Li if li.is_none() && cell.is_none() => li = Some(i),
            Tag::Ul | Tag::Ol if cell.is_none() => lists.push((i, el.tag == Tag::Ol)),
            Tag::Td | Tag::Th if cell.is_none() && li.is_none() => cell = Some((i, el.tag)),
            Tag::Tr if cell.is_some() && row.is_none() => row = Some(i),
            Tag::Table if cell.is_some() && table.is_none() => table = Some(i),
            Tag::Pre | Tag::Listing | Tag::Xmp | Tag::Plaintext if pre.is_none() => pre = Some(i),
            Tag::H1 => heading = heading.or(Some(1)),
            Tag::H2 => heading = heading.or(Some(2)),
            Tag::H3 => heading = heading.or(Some(3)),
            Tag::H4 => heading = heading.or(Some(4)),
            Tag::H5 => heading = heading.or(Some(5)),
            Tag::H6 => heading = heading.or(Some(6)),
            Tag::Blockquote => quote = true,
            _ => {}
        }
        e = el.parent.map(|p| p as usize);
    }
    let is_data = |t: &usize| data.is_none_or(|d| d.contains(t));
    if let Some(p) = pre {
        kind = Some(Kind::Code(p));
    } else if let (Some((c, tag)), Some(r), Some(t)) = (cell, row, table.filter(is_data)) {
        kind = Some(Kind::Cell {
            cell: c,
            row: r,
            table: t,
            header: tag == Tag::Th,
        });
    } else if let Some(level) = heading {
        kind = Some(Kind::Heading(level));
    } else if let Some(li) = li {
        // Lists above the item (elements are numbered parents first): the nearest is its
        // own, their count is the nesting.
        let above = lists.iter().filter(|&&(l, _)| l < li);
        let own = above.clone().max_by_key(|&&(l, _)| l);
        kind = Some(Kind::Item {
            li,
            list: own.map(|&(l, _)| l),
            ordered: own.is_some_and(|&(_, o)| o),
            depth: above.count().saturating_sub(1),
        });
    }
    (kind.unwrap_or(Kind::Paragraph), quote)
}

/// Content-stage verdicts a table inside the article may overrule: a cell's score, its
/// place outside the region the scorer chose, its share of link text. Not hidden cells,
/// chrome (inside `<nav>`, a footer) or word-for-word repeats, nor any text rule's removal.
const TABLE_OVERRULES: [&str; 3] = ["content.score", "content.outside", "content.link-density"];

/// Lines of data tables (two rows or more) that lie inside the article (between its first
/// and last kept line) and were removed only by the content stage's line verdicts
/// ([`TABLE_OVERRULES`]): Markdown shows the whole table, since the cells the line model
/// drops (short numbers, names) are what makes it a table. The text output is unchanged.
fn tables_to_restore(doc: &Doc, html: &HtmlDoc, data: &HashSet<usize>) -> Vec<usize> {
    let (Some(first), Some(last)) = (doc.kept().next(), doc.kept().last()) else {
        return Vec::new();
    };
    let mut by_line: HashMap<u32, &str> = HashMap::new();
    for (_, rule, line) in doc.edit_log().kinds() {
        by_line.insert(line, rule.as_str());
    }
    // Per table: its lines, its rows, and whether every removal may be overruled.
    let mut tables: HashMap<usize, (Vec<usize>, Vec<usize>, bool)> = HashMap::new();
    for i in first..=last {
        let Some(c) = doc.context(i) else { continue };
        let Kind::Cell { row, table, .. } = classify(html, c.element(), Some(data)).0 else {
            continue;
        };
        let t = tables
            .entry(table)
            .or_insert((Vec::new(), Vec::new(), true));
        if doc.is_removed(i) {
            let origin = doc.origin(i);
            t.2 &= by_line
                .get(&origin)
                .is_some_and(|r| TABLE_OVERRULES.contains(r));
            t.0.push(i);
        }
        if t.1.last() != Some(&row) {
            t.1.push(row);
        }
    }
    let mut out: Vec<usize> = tables
        .into_values()
        .filter(|(_, rows, ok)| *ok && rows.len() >= 2)
        .flat_map(|(lines, _, _)| lines)
        .collect();
    out.sort_unstable();
    out
}

/// The kept lines of `doc` as Markdown (ends with one `\n`; empty when nothing is kept).
/// `normalize` gives a restored table line ([`tables_to_restore`]) the normalizer's form,
/// which removed lines never got.
pub(crate) fn render(doc: &Doc, normalize: &dyn Fn(&str) -> String) -> String {
    let mut out = String::new();
    let html = doc.html();
    let mut kept: Vec<usize> = doc.kept().collect();
    let mut restored_text: HashMap<usize, String> = HashMap::new();
    let data = html.map(|h| data_tables(doc, h)).unwrap_or_default();
    if let Some(h) = html {
        let restored = tables_to_restore(doc, h, &data);
        for &i in &restored {
            restored_text.insert(i, normalize(doc.line(i)));
        }
        if !restored.is_empty() {
            kept.extend(restored);
            kept.sort_unstable();
        }
    }
    let line = |i: usize| -> &str { restored_text.get(&i).map_or(doc.line(i), String::as_str) };
    let mut k = 0;
    // Position in the page's links (sorted by line).
    let links: &[Link] = html.map_or(&[], |h| &h.links);
    let mut ordinals: HashMap<usize, usize> = HashMap::new();
    let mut prev: Option<(Kind, bool)> = None;
    while k < kept.len() {
        let i = kept[k];
        let (kind, quote) = match (html, doc.context(i)) {
            (Some(h), Some(c)) => classify(h, c.element(), Some(&data)),
            _ => (Kind::Paragraph, false),
        };
        let q = if quote { "> " } else { "" };
        match kind {
            Kind::Cell { table, .. } => {
                // The whole run of kept lines of this table, row by row.
                let mut rows: Vec<(usize, Vec<Cell>)> = Vec::new();
                while k < kept.len() {
                    let j = kept[k];
                    let (
                        Kind::Cell {
                            cell,
                            row,
                            table: t,
                            header,
                        },
                        _,
                    ) = html
                        .zip(doc.context(j))
                        .map_or((Kind::Paragraph, false), |(h, c)| {
                            classify(h, c.element(), Some(&data))
                        })
                    else {
                        break;
                    };
                    if t != table {
                        break;
                    }
                    let text = escape_cell(&with_links(line(j), links_of(links, j)));
                    if rows.last().is_none_or(|r| r.0 != row) {
                        rows.push((row, Vec::new()));
                    }
                    let cells = &mut rows.last_mut().expect("pushed above").1;
                    match cells.last_mut() {
                        Some(c) if c.0 == cell => {
                            c.2.push(' ');
                            c.2.push_str(&text);
                        }
                        _ => cells.push((cell, header, text)),
                    }
                    k += 1;
                }
                separate(&mut out, prev.is_some());
                let width = rows.iter().map(|r| r.1.len()).max().unwrap_or(1);
                for (n, (_, cells)) in rows.iter().enumerate() {
                    out.push_str(q);
                    out.push('|');
                    for c in 0..width {
                        out.push(' ');
                        out.push_str(cells.get(c).map_or("", |c| c.2.as_str()));
                        out.push_str(" |");
                    }
                    out.push('\n');
                    if n == 0 {
                        out.push_str(q);
                        out.push('|');
                        for _ in 0..width {
                            out.push_str(" --- |");
                        }
                        out.push('\n');
                    }
                }
                prev = Some((kind, quote));
                continue;
            }
            Kind::Code(pre) => {
                separate(&mut out, prev.is_some());
                out.push_str(q);
                out.push_str("```\n");
                while k < kept.len() {
                    let j = kept[k];
                    let same = html.zip(doc.context(j)).is_some_and(|(h, c)| {
                        classify(h, c.element(), Some(&data)).0 == Kind::Code(pre)
                    });
                    if !same {
                        break;
                    }
                    out.push_str(q);
                    out.push_str(line(j));
                    out.push('\n');
                    k += 1;
                }
                out.push_str(q);
                out.push_str("```\n");
                prev = Some((kind, quote));
                continue;
            }
            _ => {}
        }
        let text = with_links(line(i), links_of(links, i));
        match kind {
            Kind::Heading(level) => {
                separate(&mut out, prev.is_some());
                out.push_str(q);
                for _ in 0..level {
                    out.push('#');
                }
                out.push(' ');
                out.push_str(&text);
            }
            Kind::Item {
                li,
                list,
                ordered,
                depth,
            } => {
                let same_item = matches!(prev, Some((Kind::Item { li: p, .. }, _)) if p == li);
                let in_list = matches!(prev, Some((Kind::Item { .. }, _)));
                if !in_list {
                    separate(&mut out, prev.is_some());
                }
                out.push_str(q);
                let indent = "  ".repeat(depth);
                out.push_str(&indent);
                if same_item {
                    // A second line of the same item: a continuation.
                    out.push_str(if ordered { "   " } else { "  " });
                } else if ordered {
                    let n = ordinals.entry(list.unwrap_or(usize::MAX)).or_insert(0);
                    *n += 1;
                    out.push_str(&format!("{n}. "));
                } else {
                    out.push_str("- ");
                }
                out.push_str(&text);
            }
            _ => {
                separate(&mut out, prev.is_some());
                out.push_str(q);
                out.push_str(&text);
            }
        }
        out.push('\n');
        prev = Some((kind, quote));
        k += 1;
    }
    out
}

/// A blank line before a new block (not before the first).
fn separate(out: &mut String, any_before: bool) {
    if any_before {
        out.push('\n');
    }
}

/// The links recorded for line `i` (links are in line order).
fn links_of(links: &[Link], i: usize) -> &[Link] {
    let i = i as u32;
    let start = links.partition_point(|l| l.block < i);
    let end = start + links[start..].partition_point(|l| l.block == i);
    &links[start..end]
}

/// The line with each link's text turned into `[text](href)`, found in order. A link whose
/// text the later stages changed beyond NFKC (a repair) is left as plain text.
fn with_links(line: &str, links: &[Link]) -> String {
    if links.is_empty() {
        return line.to_owned();
    }
    let mut out = String::with_capacity(line.len() + links.len() * 32);
    let mut at = 0;
    for l in links {
        let nfkc = crate::normalize::nfkc_view(&l.text);
        let found = [l.text.as_str(), nfkc.as_ref()]
            .into_iter()
            .find_map(|t| line[at..].find(t).map(|p| (at + p, t.len())));
        let Some((start, len)) = found else {
            continue;
        };
        out.push_str(&line[at..start]);
        out.push('[');
        out.push_str(
            &line[start..start + len]
                .replace('[', "\\[")
                .replace(']', "\\]"),
        );
        out.push_str("](");
        out.push_str(&l.href.replace(' ', "%20").replace(')', "%29"));
        out.push(')');
        at = start + len;
    }
    out.push_str(&line[at..]);
    out
}

/// Table cells cannot hold a `|` unescaped.
fn escape_cell(text: &str) -> String {
    text.replace('|', "\\|")
}

#[cfg(test)]
mod tests {
    use crate::{Hints, Pipeline};

    fn markdown(html: &str) -> String {
        let mut b = Pipeline::builder();
        b.markdown(true).keep_title(true);
        let out = b.build().unwrap().clean(html.as_bytes(), &Hints::new());
        out.markdown().unwrap().to_owned()
    }

    const BODY: &str = "<p>这是文章的第一段，内容很长很长，有标点，讲的是本市今年的交通情况和出行数据。</p>\
                        <p>这是文章的第二段，内容同样很长，有标点，说明数据的来源和统计的方法。</p>";

    #[test]
    fn headings_lists_code_and_links() {
        let md = markdown(&format!(
            "<html><body><article><h1>交通报告</h1>{BODY}<h2>要点</h2>\
             <ul><li>公交客流增长百分之十二，地铁客流增长百分之八。</li>\
             <li>详见<a href=\"https://example.com/r\">完整报告</a>的第三章内容说明。</li></ul>\
             <ol><li>第一步，收集全年的客流数据并且按月汇总。</li><li>第二步，与去年同期的数据进行比较分析。</li></ol>\
             <pre>let x = 1;\nlet y = 2;</pre>{BODY}</article></body></html>"
        ));
        assert!(md.starts_with("# 交通报告\n\n"), "{md}");
        assert!(md.contains("\n## 要点\n\n- 公交客流"), "{md}");
        assert!(
            md.contains("- 详见[完整报告](https://example.com/r)的第三章"),
            "{md}"
        );
        assert!(md.contains("\n1. 第一步"), "{md}");
        assert!(md.contains("\n2. 第二步"), "{md}");
        assert!(md.contains("```\nlet x = 1;\nlet y = 2;\n```\n"), "{md}");
    }

    #[test]
    fn text_input_is_paragraphs() {
        let mut b = Pipeline::builder();
        b.markdown(true);
        let out = b.build().unwrap().clean(
            "标题\n正文很长很长，有标点，这是文章的主体内容。".as_bytes(),
            &Hints::new(),
        );
        assert_eq!(
            out.markdown(),
            Some("标题\n\n正文很长很长,有标点,这是文章的主体内容。\n")
        );
    }

    #[test]
    fn markdown_is_off_by_default_and_changes_no_text() {
        let html = format!("<article><p>见<a href=x>链接</a>。</p>{BODY}</article>");
        let plain = Pipeline::default().clean(html.as_bytes(), &Hints::new());
        assert_eq!(plain.markdown(), None);
        let mut b = Pipeline::builder();
        b.markdown(true);
        let md = b.build().unwrap().clean(html.as_bytes(), &Hints::new());
        assert_eq!(md.text(), plain.text());
    }
}
