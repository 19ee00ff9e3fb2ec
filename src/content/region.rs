//! The article region of an HTML page: the block element whose lines score highest as
//! running text, its sibling blocks that continue it, minus the chrome nested inside.
//!
//! The scoring follows the shape readability and its descendants share, with the signals
//! counted for CJK as well as Latin text ([`LineSignals`]):
//! 1. every paragraph-like line (enough text, mostly not links, not inside chrome) scores
//!    `1 + marks + min(units / 100, 3)`, credited to the container holding it in full, its
//!    parent in full, its grandparent by half and further ancestors by a third per level;
//! 2. a container's score gains its tag's and its `class`/`id` names' bonus ([`super::vocab`]) and is
//!    scaled by `1 − link density`;
//! 3. the best container wins; when several strong candidates share an ancestor, or the
//!    parent scores higher, the region moves up;
//! 4. sibling containers join when they score close to the winner or read as text;
//! 5. inside the region, lines under chrome (`nav`, `aside`, a `class="share-tools"`) and
//!    lines that are mostly link text are dropped.

use std::fmt::Write as _;

use super::signals::LineSignals;
use super::vocab::name_weight;
use crate::decode::html::{BlockFlags, Element, HtmlDoc, Tag};
use crate::doc::Doc;

/// A line must have this many units of non-link text to vote (readability's 25 characters).
const MIN_PARAGRAPH_UNITS: f32 = 25.0;
/// Lines whose link share is at least this are link lines, not paragraphs.
const LINK_LINE_SHARE: f32 = 0.5;
/// A line of the region repeated word for word within a few lines is dropped from this
/// length up: shorter repeats are table cells, list labels, refrains.
const MIN_DUPLICATE_CHARS: u32 = 40;
/// How many kept lines back a repeat is looked for: a gallery shows a caption twice within
/// a few lines, while an interview repeating its question or a recipe repeating a list
/// does so far apart, and that is content.
const DUPLICATE_WINDOW: usize = 6;
/// Bonus per `class`/`id` verdict (readability's 25).
const NAME_BONUS: f32 = 25.0;

/// Why a line is not part of the article.
#[derive(Clone, Debug, PartialEq)]
pub enum Drop {
    /// The line lies outside the article region.
    Outside(String),
    /// The line sits inside chrome nested in the region.
    Chrome(String),
    /// The line is mostly link text.
    LinkDense(f32),
    /// The line repeats an earlier line of the region word for word (a caption shown by
    /// both the desktop and the mobile gallery, a pull quote).
    Duplicate(u32),
}

/// The verdict on a page.
#[derive(Clone, Debug, Default)]
pub struct Selection {
    /// Per line: `None` to keep, else why it goes. Empty when no region was found.
    pub drops: Vec<Option<Drop>>,
    /// The winning container, described (`<div id="content">`), with its score.
    pub winner: Option<(String, f32)>,
}

/// Per-element sums over the live lines below it (8 bytes: a page may hold millions of
/// elements).
#[derive(Clone, Copy, Debug, Default)]
struct Tally {
    units: f32,
    link_units: f32,
}

impl Tally {
    fn link_density(&self) -> f32 {
        if self.units <= 0.0 {
            0.0
        } else {
            (self.link_units / self.units).clamp(0.0, 1.0)
        }
    }
}

/// Finds the article region of `doc` (a page read from HTML) and says which lines to drop.
pub fn select(doc: &Doc, html: &HtmlDoc, signals: &[LineSignals]) -> Selection {
    select_with_weights(doc, html, signals, &name_weights(html))
}

/// [`select`] with each element's name verdict already known ([`name_weights`]).
pub(crate) fn select_with_weights(
    doc: &Doc,
    html: &HtmlDoc,
    signals: &[LineSignals],
    weights: &[i8],
) -> Selection {
    let elements = &html.elements;
    if elements.is_empty() {
        return Selection::default();
    }
    let prose = prose_units(doc, elements, signals);
    let chrome = chrome_elements(elements, weights, &prose);
    drop(prose);

    // 1. Tally text and paragraph scores over each line's ancestors. Every credit to a score
    // is positive, so an element some paragraph voted for is one whose score is above zero.
    let mut tally = vec![Tally::default(); elements.len()];
    let mut scores = vec![0.0f32; elements.len()];
    for i in doc.kept() {
        let Some(b) = doc.context(i).and_then(|c| c.element()) else {
            continue;
        };
        let s = &signals[i];
        let mut e = Some(b);
        while let Some(k) = e {
            tally[k].units += s.units;
            tally[k].link_units += s.units * s.link_share;
            e = parent(elements, k);
        }
        if chrome[b] || s.link_share >= LINK_LINE_SHARE || s.plain_units() < MIN_PARAGRAPH_UNITS {
            continue;
        }
        let score = 1.0 + s.marks as f32 + (s.units / 100.0).min(3.0);
        let start = if is_paragraph_tag(elements[b].tag) {
            parent(elements, b)
        } else {
            Some(b)
        };
        let mut e = start;
        let mut level = 0usize;
        while let Some(k) = e {
            let divider = match level {
                0 => 1.0,
                1 => 2.0,
                l => l as f32 * 3.0,
            };
            scores[k] += score / divider;
            level += 1;
            if level > 5 {
                break;
            }
            e = parent(elements, k);
        }
    }

    // 2. Final scores, written over the paragraph scores (one vector less on a page of
    // millions of elements).
    let mut finals = scores;
    for (k, f) in finals.iter_mut().enumerate() {
        *f = if *f <= 0.0 || chrome[k] {
            f32::NEG_INFINITY
        } else {
            let bonus = tag_bonus(elements[k].tag) + NAME_BONUS * weights[k] as f32;
            (*f + bonus) * (1.0 - tally[k].link_density())
        };
    }
    let finals = finals;
    let Some(mut top) = (0..elements.len())
        .filter(|&k| finals[k].is_finite())
        .max_by(|&a, &b| finals[a].total_cmp(&finals[b]))
    else {
        return Selection::default();
    };

    // 3. Move up when strong alternatives share an ancestor, or the parent scores higher.
    top = promote(elements, &finals, top);

    // 4. The region: the winner's subtree plus siblings that continue it.
    let mut in_region = vec![false; elements.len()];
    let top_final = finals[top];
    let sibling_floor = (top_final * 0.2).max(10.0);
    let top_parent = elements[top].parent;
    let signature = class_signature(html, top);
    for k in 0..elements.len() {
        let joins = if k == top {
            true
        } else if !signature.is_empty()
            && elements[k].tag == elements[top].tag
            && !chrome[k]
            && finals[k] >= (top_final * 0.1).max(15.0)
            && class_signature(html, k) == signature
        {
            // The article cut into sections by figures or ads, each under the same
            // template element as the winner.
            true
        } else if elements[k].parent == top_parent && top_parent.is_some() && !chrome[k] {
            let t = &tally[k];
            finals[k] >= sibling_floor
                || (t.units >= 80.0 && t.link_density() < 0.25)
                || (t.units > 0.0 && t.link_density() == 0.0 && is_paragraph_tag(elements[k].tag))
        } else {
            false
        };
        in_region[k] = joins || parent(elements, k).is_some_and(|p| in_region[p]);
    }

    // 5. Per-line verdicts.
    let winner = describe(html, top);
    let mut drops = vec![None; doc.len()];
    let mut recent: std::collections::VecDeque<usize> =
        std::collections::VecDeque::with_capacity(DUPLICATE_WINDOW);
    for i in doc.kept() {
        let Some(ctx) = doc.context(i) else {
            continue;
        };
        let Some(b) = ctx.element() else {
            drops[i] = Some(Drop::Outside(format!("outside {winner}")));
            continue;
        };
        if !in_region[b] {
            drops[i] = Some(Drop::Outside(format!("outside {winner}")));
            continue;
        }
        if let Some(c) = chrome_within_region(elements, &chrome, &in_region, b) {
            drops[i] = Some(Drop::Chrome(describe(html, c)));
            continue;
        }
        let s = &signals[i];
        if s.link_share >= LINK_LINE_SHARE && !ctx.flags.contains(BlockFlags::HEADING) {
            drops[i] = Some(Drop::LinkDense(s.link_share));
            continue;
        }
        if s.chars >= MIN_DUPLICATE_CHARS {
            let repeat = recent
                .iter()
                .find(|&&j| doc.line(j) == doc.line(i))
                .map(|&j| doc.origin(j));
            if let Some(first) = repeat {
                drops[i] = Some(Drop::Duplicate(first));
                continue;
            }
        }
        if recent.len() == DUPLICATE_WINDOW {
            recent.pop_front();
        }
        recent.push_back(i);
    }
    extend_into_tables(doc, elements, &chrome, &tally, &mut drops);
    Selection {
        drops,
        winner: Some((winner, top_final)),
    }
}

/// A data table right after the article (a programme list under an announcement, a price
/// table under a notice) is part of it though its cells are not prose: lines after the
/// region's last line are kept while they sit in a table, carry no link text and are not
/// chrome. The first line that fails, or that the text rules removed, ends the extension.
fn extend_into_tables(
    doc: &Doc,
    elements: &[Element],
    chrome: &[bool],
    tally: &[Tally],
    drops: &mut [Option<Drop>],
) {
    let Some(last) = (0..drops.len())
        .rev()
        .find(|&i| !doc.is_removed(i) && drops[i].is_none())
    else {
        return;
    };
    for (i, drop) in drops.iter_mut().enumerate().skip(last + 1) {
        if doc.is_removed(i) || !matches!(drop, Some(Drop::Outside(_))) {
            return;
        }
        let Some(ctx) = doc.context(i) else {
            return;
        };
        let Some(b) = ctx.element() else {
            return;
        };
        let data_cell = ctx.flags.contains(BlockFlags::TABLE)
            && !chrome[b]
            && ctx.link_chars == 0
            && tally[b].link_density() < 0.1
            && parent(elements, b).is_none_or(|p| tally[p].link_density() < 0.1);
        if !data_cell {
            return;
        }
        *drop = None;
    }
}

/// An element's `class` names, sorted: elements with equal signatures play the same part in
/// the page's template.
fn class_signature(html: &HtmlDoc, k: usize) -> Vec<u32> {
    let mut v: Vec<u32> = html
        .element_tokens(&html.elements[k])
        .iter()
        .filter(|t| t.kind == crate::decode::html::TokenKind::Class)
        .map(|t| t.sym.index() as u32)
        .collect();
    v.sort_unstable();
    v
}

fn parent(elements: &[Element], k: usize) -> Option<usize> {
    elements[k].parent.map(|p| p as usize)
}

/// Each element's verdict from its own `class`/`id`/`role` names, -2..=2.
pub(crate) fn name_weights(html: &HtmlDoc) -> Vec<i8> {
    let mut by_symbol: Vec<Option<i8>> = vec![None; html.symbols.len()];
    html.elements
        .iter()
        .map(|e| {
            let mut sum = 0i8;
            for t in html.element_tokens(e) {
                let slot = &mut by_symbol[t.sym.index()];
                let w = *slot.get_or_insert_with(|| name_weight(html.symbols.name(t.sym)));
                sum = sum.saturating_add(w);
            }
            sum.clamp(-2, 2)
        })
        .collect()
}

/// Units of paragraph-like text below each element (chrome or not), and the page's total
/// in the last slot.
fn prose_units(doc: &Doc, elements: &[Element], signals: &[LineSignals]) -> Vec<f32> {
    let mut prose = vec![0.0f32; elements.len() + 1];
    for i in doc.kept() {
        let s = &signals[i];
        if s.link_share >= LINK_LINE_SHARE || s.plain_units() < MIN_PARAGRAPH_UNITS {
            continue;
        }
        prose[elements.len()] += s.units;
        let mut e = doc.context(i).and_then(|c| c.element());
        while let Some(k) = e {
            prose[k] += s.units;
            e = parent(elements, k);
        }
    }
    prose
}

/// A chrome-looking element holding at least this share of the page's paragraph text is a
/// wrapper (`<form>` around an ASP.NET page, `class="container penci_sidebar"` around the
/// post), not chrome.
const WRAPPER_SHARE: f32 = 0.5;

/// Elements that are chrome by tag or by name, and everything inside them. `<body>`,
/// `<html>`, `<article>` and `<main>` never are, nor are wrappers holding most of the page's
/// text; a `<header>` or `<footer>` inside an article is the article's own (byline, tags)
/// and counts as chrome too.
fn chrome_elements(elements: &[Element], weights: &[i8], prose: &[f32]) -> Vec<bool> {
    let total = prose[elements.len()];
    let mut chrome = vec![false; elements.len()];
    for (k, e) in elements.iter().enumerate() {
        let looks = match e.tag {
            Tag::Html | Tag::Body | Tag::Article | Tag::Main => false,
            Tag::Nav | Tag::Aside | Tag::Footer | Tag::Header | Tag::Menu | Tag::Form => true,
            _ => weights[k] < 0,
        };
        let own = looks && (total <= 0.0 || prose[k] < WRAPPER_SHARE * total);
        chrome[k] = own || e.parent.is_some_and(|p| chrome[p as usize]);
    }
    chrome
}

/// The outermost chrome element between line element `b` and the region's root, if any.
fn chrome_within_region(
    elements: &[Element],
    chrome: &[bool],
    in_region: &[bool],
    b: usize,
) -> Option<usize> {
    if !chrome[b] {
        return None;
    }
    let mut found = None;
    let mut e = Some(b);
    while let Some(k) = e {
        if !in_region[k] || !chrome[k] {
            break;
        }
        found = Some(k);
        e = parent(elements, k);
    }
    found
}

/// Text-level blocks: their text is the paragraph, the container is their parent.
fn is_paragraph_tag(tag: Tag) -> bool {
    tag.is_heading()
        || matches!(
            tag,
            Tag::P
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
                | Tag::Pre
                | Tag::Blockquote
                | Tag::Figcaption
                | Tag::Caption
                | Tag::Address
        )
}

/// readability's tag bonuses, with the HTML5 sectioning elements added.
fn tag_bonus(tag: Tag) -> f32 {
    match tag {
        Tag::Article => 10.0,
        Tag::Div | Tag::Main => 5.0,
        Tag::Section | Tag::Pre | Tag::Td | Tag::Blockquote => 3.0,
        Tag::Address | Tag::Ol | Tag::Ul | Tag::Dl | Tag::Dd | Tag::Dt | Tag::Li | Tag::Form => {
            -3.0
        }
        Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6 | Tag::Th => -5.0,
        _ => 0.0,
    }
}

/// Moves the winner up to a common ancestor of strong alternatives, or to a parent that
/// scores higher (readability's two promotions).
fn promote(elements: &[Element], finals: &[f32], top: usize) -> usize {
    let best = finals[top];
    let mut ranked: Vec<usize> = (0..elements.len())
        .filter(|&k| k != top && finals[k].is_finite() && finals[k] >= best * 0.75)
        .collect();
    ranked.sort_by(|&a, &b| finals[b].total_cmp(&finals[a]));
    ranked.truncate(4);
    let mut top = top;
    if ranked.len() >= 3 {
        let mut anc = parent(elements, top);
        while let Some(a) = anc {
            if matches!(elements[a].tag, Tag::Body | Tag::Html) {
                break;
            }
            let shared = ranked
                .iter()
                .filter(|&&k| is_ancestor(elements, a, k))
                .count();
            if shared >= 3 {
                top = a;
                break;
            }
            anc = parent(elements, a);
        }
    }
    // Walk up while the parent keeps a comparable score, and take it if it is higher.
    let mut last = finals[top];
    let threshold = last / 3.0;
    let mut anc = parent(elements, top);
    while let Some(a) = anc {
        if matches!(elements[a].tag, Tag::Body | Tag::Html) {
            break;
        }
        if finals[a].is_finite() {
            if finals[a] < threshold {
                break;
            }
            if finals[a] > last {
                top = a;
                break;
            }
            last = finals[a];
        }
        anc = parent(elements, a);
    }
    top
}

fn is_ancestor(elements: &[Element], a: usize, mut k: usize) -> bool {
    while let Some(p) = parent(elements, k) {
        if p == a {
            return true;
        }
        k = p;
    }
    false
}

/// `<div id="content" class="main">`, for explanations.
fn describe(html: &HtmlDoc, k: usize) -> String {
    let e = &html.elements[k];
    let mut s = format!("<{}", format!("{:?}", e.tag).to_ascii_lowercase());
    let mut ids = Vec::new();
    let mut classes = Vec::new();
    for t in html.element_tokens(e) {
        let name = html.symbols.name(t.sym);
        match t.kind {
            crate::decode::html::TokenKind::Id => ids.push(name),
            crate::decode::html::TokenKind::Class => classes.push(name),
            crate::decode::html::TokenKind::Role => {}
        }
    }
    if !ids.is_empty() {
        let _ = write!(s, " id=\"{}\"", ids.join(" "));
    }
    if !classes.is_empty() {
        let _ = write!(s, " class=\"{}\"", classes.join(" "));
    }
    s.push('>');
    s
}
