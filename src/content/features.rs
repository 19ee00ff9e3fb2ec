//! What the content model sees of each candidate line: the line itself, its neighbours, its
//! place in the DOM when the page has one, and the page as a whole.
//!
//! One feature vector serves every input shape: a block of an HTML page, a line of a flat
//! HTML page and a line of a WET record. DOM features are zero where there is no DOM (and
//! `has_dom` says so), so the model falls back on the line and its neighbourhood. The same
//! function computes the vectors the fitting script learns from (`examples/content_features.rs`)
//! and the vectors the model judges at run time, so the two cannot drift apart.

use std::collections::HashMap;

use super::region::{self, Drop};
use super::signals::LineSignals;
use crate::decode::html::{BlockFlags, HtmlDoc, Tag, TokenKind};
use crate::doc::Doc;

/// Names of the features, in vector order (the fitting script reads them from the dump).
pub const FEATURE_NAMES: [&str; N_FEATURES] = [
    // the line
    "log_units",
    "wide_share",
    "marks",
    "stops",
    "marks_per_100",
    "link_share",
    "prose",
    "digit_share",
    "separators",
    "bullet_start",
    "ends_with_stop",
    "capitalised_share",
    "log_words",
    "log_repeats",
    "boiler_words",
    // place in the page
    "rel_pos",
    "units_before_share",
    // neighbours
    "nb1_log_units",
    "nb3_log_units",
    "nb3_prose",
    "nb2_link_share",
    "short_run",
    "dist_prose",
    // DOM
    "has_dom",
    "region_keep",
    "drop_outside",
    "drop_chrome",
    "drop_link_dense",
    "drop_duplicate",
    "tag_heading",
    "tag_h1",
    "tag_p",
    "tag_li",
    "tag_td",
    "tag_pre",
    "in_nav",
    "in_header",
    "in_footer",
    "in_aside",
    "in_form",
    "in_article_main",
    "name_min",
    "name_max",
    "parent_link_density",
    "parent_units_share",
    "depth",
    "rep_block",
    "rep_parent",
    "rep_grand",
    "siblings_share",
    "in_hidden",
    "group_count",
    "group_share",
    "group_item_units",
    "group_link_density",
    // the page
    "page_log_units",
    "page_prose_share",
    "page_link_share",
    "page_log_lines",
    "page_li_share",
    "page_heading_share",
    "page_td_share",
    "page_region_share",
    "page_mean_log_units",
    "url_forum",
    "url_product",
    "url_docs",
    "url_article",
    "url_listing",
    "url_depth",
    "page_forum_words",
    "page_shop_words",
    "page_code_share",
];

/// How many features a line has.
pub const N_FEATURES: usize = 73;

/// Where the page's cut (`model::cut_shift`) finds a line's units and the region's verdict.
pub(crate) const LOG_UNITS: usize = 0;
pub(crate) const REGION_KEEP: usize = 24;
pub(crate) const GROUP_COUNT: usize = 51;

/// One line's features.
pub type Features = [f32; N_FEATURES];

/// How many of a line's features describe the page (the same on every line): they end the
/// vector, and are stored once per page, not once per line.
const PAGE_PART: usize = 18;
/// How many of a line's features are its own (text and DOM).
const LINE_PART: usize = N_FEATURES - PAGE_PART;

/// The candidate lines of a page (kept by the text rules, not blank) and their features.
pub struct PageFeatures<'a> {
    /// Line indices into the [`Doc`], in page order.
    pub lines: Vec<usize>,
    /// Each candidate line's own features (the first [`LINE_PART`] of its vector), on a
    /// page of at most [`MATERIALISED_LINES`] candidate lines; on a larger page they are
    /// computed when asked, from `source` (a million short lines would hold 220 MB).
    own: Vec<[f32; LINE_PART]>,
    source: Option<Box<RowSource<'a>>>,
    /// The features every line shares.
    page: [f32; PAGE_PART],
    /// The region verdict each line had (HTML pages), for explanations; empty when no line
    /// has one (read it with [`PageFeatures::drop_of`]).
    pub drops: Vec<Option<Drop>>,
    /// The winning container, described, when the page has a DOM.
    pub winner: Option<String>,
    /// The share of the page's running text (units of prose lines) the region keeps; 1.0 on
    /// a page without running text.
    pub region_prose_share: f32,
    /// Whether any candidate line is running text (prose).
    pub has_running_text: bool,
}

impl Default for PageFeatures<'_> {
    fn default() -> Self {
        PageFeatures {
            lines: Vec::new(),
            own: Vec::new(),
            source: None,
            page: [0.0; PAGE_PART],
            drops: Vec::new(),
            winner: None,
            region_prose_share: 1.0,
            has_running_text: false,
        }
    }
}

impl std::fmt::Debug for PageFeatures<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PageFeatures")
            .field("lines", &self.lines.len())
            .field("page", &self.page)
            .field("winner", &self.winner)
            .finish_non_exhaustive()
    }
}

impl PageFeatures<'_> {
    /// Why the region drops candidate line `k`, if it does.
    pub fn drop_of(&self, k: usize) -> Option<&Drop> {
        drop_at(&self.drops, k)
    }

    /// The feature vector of candidate line `k` (in [`PageFeatures::lines`] order).
    pub fn row(&self, k: usize) -> Features {
        let mut row = [0.0f32; N_FEATURES];
        match &self.source {
            Some(src) => {
                row[..LINE_PART].copy_from_slice(&src.own_row(k, &self.lines, &self.drops))
            }
            None => row[..LINE_PART].copy_from_slice(&self.own[k]),
        }
        row[LINE_PART..].copy_from_slice(&self.page);
        row
    }

    /// Every candidate line's feature vector, in page order.
    pub fn rows(&self) -> impl ExactSizeIterator<Item = Features> + '_ {
        let n = if self.source.is_some() {
            self.lines.len()
        } else {
            self.own.len()
        };
        (0..n).map(|k| self.row(k))
    }

    /// The candidate lines, their region verdicts and the winning container, without the
    /// features (which may borrow the page).
    pub fn into_verdicts(self) -> (Vec<usize>, Vec<Option<Drop>>, Option<String>) {
        (self.lines, self.drops, self.winner)
    }
}

/// Candidate line `k`'s region verdict in `drops` (empty when no line has one).
pub(crate) fn drop_at(drops: &[Option<Drop>], k: usize) -> Option<&Drop> {
    drops.get(k).and_then(Option::as_ref)
}

/// Pages of more candidate lines than this compute each line's features when asked, rather
/// than holding them (220 bytes a line), and their text facts too (56 bytes a line); the
/// model reads them twice.
const MATERIALISED_LINES: usize = 1 << 15;

/// What a candidate line's own features are computed from.
struct RowSource<'a> {
    doc: &'a Doc,
    /// Each candidate line's text facts, on a page of at most [`MATERIALISED_LINES`]
    /// candidate lines; empty on a larger one, where a row computes its line's again.
    facts: Vec<Text>,
    /// Each candidate line's link share (its neighbours' rows read it).
    link_share: Vec<f32>,
    log_units: Vec<f32>,
    prose: Vec<bool>,
    dist: Vec<f32>,
    short_run: Vec<f32>,
    /// The units of the candidate lines before each one.
    before: Vec<f32>,
    /// How many candidate lines read the same as each one (trimmed), itself included.
    same: Vec<u32>,
    dom: Option<Dom<'a>>,
    region_found: bool,
    total_units: f32,
}

impl RowSource<'_> {
    /// Candidate line `k`'s own features.
    fn own_row(&self, k: usize, lines: &[usize], drops: &[Option<Drop>]) -> [f32; LINE_PART] {
        let n = self.log_units.len();
        let (log_units, prose, link_share) = (&self.log_units, &self.prose, &self.link_share);
        let computed;
        let f = match self.facts.get(k) {
            Some(f) => f,
            None => {
                // The line's signals as `page_features` read them: its NFKC view and its
                // link share (clamped once already, so unchanged).
                let view = self.doc.nfkc_view(lines[k]);
                computed = text_facts(&view, LineSignals::of(&view, link_share[k]));
                &computed
            }
        };
        let s = &f.signals;
        let mean_over = |r: usize, v: &[f32]| mean_around(v, k, r);
        let mut row = [0.0f32; LINE_PART];
        let line_part = [
            log_units[k],
            s.wide as f32 / s.chars.max(1) as f32,
            (s.marks as f32).min(30.0),
            (s.stops as f32).min(20.0),
            100.0 * s.marks as f32 / s.units.max(1.0),
            s.link_share,
            flag(prose[k]),
            f.digit_share,
            f.separators.min(20.0),
            flag(f.bullet_start),
            flag(f.ends_with_stop),
            f.capitalised_share,
            ln1p(f.words),
            ln1p(self.same[k] as f32 - 1.0),
            f.boiler,
            k as f32 / n as f32,
            self.before[k] / self.total_units,
            mean_over(1, log_units),
            mean_over(3, log_units),
            mean_around_flags(prose, k, 3),
            mean_over(2, link_share),
            self.short_run[k],
            ln1p(self.dist[k]),
        ];
        row[..line_part.len()].copy_from_slice(&line_part);
        let mut at = line_part.len();
        let region_found = self.region_found;
        let drop = drop_at(drops, k);
        let dom_part = match &self.dom {
            Some(d) => d.line(self.doc, lines[k], drop, region_found),
            None => {
                // No DOM: only the span verdict, in the region verdict's slots.
                let mut v = [0.0; DOM_FEATURES];
                v[1] = flag(region_found && drop.is_none());
                v[2] = flag(matches!(drop, Some(Drop::Outside(_))));
                v
            }
        };
        row[at..at + DOM_FEATURES].copy_from_slice(&dom_part);
        at += DOM_FEATURES;
        debug_assert_eq!(at, LINE_PART);
        row
    }
}

/// The mean of `values` over the `r` lines either side of line `k`, the line itself left
/// out (0 when there is none). Summed in line order, as the features were fitted.
fn mean_around(values: &[f32], k: usize, r: usize) -> f32 {
    mean_around_by(values.len(), k, r, |j| values[j])
}

/// [`mean_around`] of flags read as 0 or 1.
fn mean_around_flags(flags: &[bool], k: usize, r: usize) -> f32 {
    mean_around_by(flags.len(), k, r, |j| flag(flags[j]))
}

/// A generic function rather than a `&dyn Fn`: each row takes four such means, and an
/// indirect call per neighbour line cost more than the sums.
fn mean_around_by(n: usize, k: usize, r: usize, v: impl Fn(usize) -> f32) -> f32 {
    let a = k.saturating_sub(r);
    let b = (k + r).min(n - 1);
    let mut sum = 0.0;
    let mut cnt = 0.0;
    for j in a..=b {
        if j != k {
            sum += v(j);
            cnt += 1.0;
        }
    }
    if cnt > 0.0 {
        sum / cnt
    } else {
        0.0
    }
}

fn ln1p(x: f32) -> f32 {
    // Counts of zero (no repeats, no template group, a prose line's distance) are most of
    // the calls: `ln_1p(+0.0)` is `+0.0` exactly, without the libm call.
    if x.to_bits() == 0 {
        return 0.0;
    }
    x.max(0.0).ln_1p()
}

/// Words that mark a line as page furniture in English and Chinese (an approximate, broad
/// vocabulary; the model weighs it).
const BOILER_WORDS: &[&str] = &[
    "share",
    "login",
    "log in",
    "sign in",
    "sign up",
    "subscribe",
    "cookie",
    "privacy",
    "copyright",
    "all rights reserved",
    "terms",
    "menu",
    "home",
    "search",
    "follow us",
    "newsletter",
    "read more",
    "related",
    "advertisement",
    "comments",
    "reply",
    "next",
    "previous",
    "back to top",
    "skip to",
    "contact us",
    "about us",
    "首页",
    "登录",
    "注册",
    "分享",
    "版权",
    "关于我们",
    "联系我们",
    "上一篇",
    "下一篇",
    "相关",
    "评论",
    "返回",
];

const FORUM_WORDS: &[&str] = &[
    "reply",
    "replies",
    "posted",
    "joined",
    "quote",
    "thread",
    "member",
    "posts",
    "回复",
    "楼主",
    "发表于",
    "帖子",
];

const SHOP_WORDS: &[&str] = &[
    "add to cart",
    "add to bag",
    "in stock",
    "price",
    "sku",
    "buy now",
    "shipping",
    "reviews",
    "购物车",
    "价格",
    "立即购买",
    "库存",
];

/// How many distinct words of each list (furniture, forum, shop) a line holds: one
/// automaton over the three lists, ASCII case folded, no allocation per line.
fn count_words(line: &str) -> [f32; 3] {
    static LISTS: std::sync::LazyLock<(aho_corasick::AhoCorasick, Vec<(usize, usize)>)> =
        std::sync::LazyLock::new(|| {
            let mut patterns = Vec::new();
            let mut owner = Vec::new();
            for (list, words) in [BOILER_WORDS, FORUM_WORDS, SHOP_WORDS].iter().enumerate() {
                for (k, w) in words.iter().enumerate() {
                    patterns.push(*w);
                    owner.push((list, k));
                }
            }
            let ac = aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(&patterns)
                .expect("valid word lists");
            (ac, owner)
        });
    let (ac, owner) = &*LISTS;
    let mut seen: u64 = 0;
    let mut seen_more: Vec<usize> = Vec::new();
    let mut counts = [0.0f32; 3];
    for m in ac.find_overlapping_iter(line) {
        let id = m.pattern().as_usize();
        let new = if id < 64 {
            let bit = 1u64 << id;
            let new = seen & bit == 0;
            seen |= bit;
            new
        } else if seen_more.contains(&id) {
            false
        } else {
            seen_more.push(id);
            true
        };
        if new {
            counts[owner[id].0] += 1.0;
        }
    }
    counts
}

/// Line-level text facts.
struct Text {
    signals: LineSignals,
    digit_share: f32,
    separators: f32,
    bullet_start: bool,
    ends_with_stop: bool,
    capitalised_share: f32,
    words: f32,
    boiler: f32,
    forum: f32,
    shop: f32,
}

/// What [`text_facts`] counts in a line's characters.
#[derive(Debug, Default, PartialEq)]
struct Counts {
    /// ASCII digits.
    digits: u32,
    /// Separators `| > » · • / › →`.
    separators: u32,
    /// Words: runs of characters other than white space, as `split_whitespace` gives them.
    words: u32,
    /// Words starting with a capital.
    capitalised: u32,
}

/// [`Counts`] of `line`, in one pass over its bytes: ASCII bytes (most of them) are told
/// apart by a few byte compares, a non-ASCII character is decoded once for white space
/// and case. The separators outside ASCII are each one byte sequence, and UTF-8 sequences
/// never start inside another, so they are matched as bytes. A pass per count, decoding
/// every character, cost several times as much.
fn count_chars(line: &str) -> Counts {
    /// How to tell whether the character is a capital, asked only where a word starts.
    enum Case {
        Ascii,
        Char(char),
        NotCapital,
    }
    let b = line.as_bytes();
    let mut n = Counts::default();
    let mut in_word = false;
    for (i, &c) in b.iter().enumerate() {
        let (space, case) = if c < 0x80 {
            match c {
                b'0'..=b'9' => n.digits += 1,
                b'|' | b'>' | b'/' => n.separators += 1,
                _ => {}
            }
            (matches!(c, b'\t'..=b'\r' | b' '), Case::Ascii)
        } else if (0xE4..=0xE9).contains(&c) {
            // U+4000..=U+9FFF, ideographs (most characters of a Chinese page): neither
            // white space, nor a separator, nor a capital; not decoded.
            (false, Case::NotCapital)
        } else if c >= 0xC0 {
            match c {
                // `»` is C2 BB, `·` C2 B7.
                0xC2 => n.separators += u32::from(matches!(b.get(i + 1), Some(0xBB | 0xB7))),
                // `•` is E2 80 A2, `›` E2 80 BA, `→` E2 86 92.
                0xE2 => {
                    n.separators += u32::from(matches!(
                        b.get(i + 1..i + 3),
                        Some([0x80, 0xA2 | 0xBA] | [0x86, 0x92])
                    ))
                }
                _ => {}
            }
            let ch = line[i..].chars().next().unwrap_or_default();
            (ch.is_whitespace(), Case::Char(ch))
        } else {
            // A continuation byte: its character was judged at its lead byte.
            continue;
        };
        if space {
            in_word = false;
        } else if !in_word {
            in_word = true;
            n.words += 1;
            n.capitalised += u32::from(match case {
                Case::Ascii => c.is_ascii_uppercase(),
                Case::Char(ch) => ch.is_uppercase(),
                Case::NotCapital => false,
            });
        }
    }
    n
}

fn text_facts(line: &str, signals: LineSignals) -> Text {
    let Counts {
        digits,
        separators,
        words,
        capitalised,
    } = count_chars(line);
    let trimmed = line.trim();
    let bullet_start = trimmed
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '-' | '*' | '•' | '·' | '►' | '▪' | '■' | '◆' | '●' | '○'));
    let ends_with_stop = trimmed.chars().last().is_some_and(|c| {
        matches!(
            c,
            '.' | '!' | '?' | '。' | '！' | '？' | ':' | '：' | '"' | '”'
        )
    });
    // Furniture vocabulary is read on short lines only (a paragraph mentioning "reply" is
    // not a reply button).
    let vocab = if line.len() <= 200 {
        count_words(line)
    } else {
        [0.0; 3]
    };
    Text {
        digit_share: digits as f32 / signals.chars.max(1) as f32,
        separators: separators as f32,
        bullet_start,
        ends_with_stop,
        capitalised_share: capitalised as f32 / words.max(1) as f32,
        words: words as f32,
        boiler: vocab[0],
        forum: vocab[1],
        shop: vocab[2],
        signals,
    }
}

/// Features of every candidate line of `doc`; `url` is the page's address, when known.
/// Empty once the page's time budget runs out.
pub fn page_features<'a>(doc: &'a Doc, url: Option<&str>) -> PageFeatures<'a> {
    features_held_up_to(doc, url, MATERIALISED_LINES)
}

/// [`page_features`], holding the rows of pages of at most `held` candidate lines (the
/// others compute them when asked).
fn features_held_up_to<'a>(doc: &'a Doc, url: Option<&str>, held: usize) -> PageFeatures<'a> {
    let lines: Vec<usize> = doc
        .kept()
        .filter(|&i| !doc.line(i).trim().is_empty())
        .collect();
    let n = lines.len();
    if n == 0 {
        return PageFeatures::default();
    }
    let held = n <= held;
    // DOM verdicts and aggregates. A flat page (no class or id name, one parent) says
    // nothing through its DOM: it is judged as the same lines read as text would be.
    let html = doc.html().filter(|_| !doc.reads_as_text());
    // Each element's class/id verdict, read once for the region and the features.
    let weights = html.map(region::name_weights).unwrap_or_default();
    // Each kept line's signals, computed once for the line facts and the heuristics.
    // The candidate lines' NFKC views are kept for the text facts (`lines` is in the order
    // of `doc.kept()`).
    let mut all = vec![LineSignals::default(); doc.len()];
    let mut views: Vec<std::borrow::Cow<'_, str>> = Vec::with_capacity(n);
    for i in doc.kept() {
        if doc.over_budget_after(doc.line(i).len()) {
            return PageFeatures::default();
        }
        let share = match html {
            Some(_) => doc.context(i).map_or(0.0, |c| c.link_share()),
            None => 0.0,
        };
        let view = doc.nfkc_view(i);
        all[i] = LineSignals::of(&view, share);
        if lines.get(views.len()) == Some(&i) {
            views.push(view);
        }
    }
    // The text facts are held only with the rows; the page's forum and shop words are
    // summed here either way.
    let mut facts: Vec<Text> = Vec::with_capacity(if held { n } else { 0 });
    let (mut forum_words, mut shop_words) = (0.0f32, 0.0f32);
    for (&i, v) in lines.iter().zip(&views) {
        if doc.over_budget_after(v.len()) {
            return PageFeatures::default();
        }
        let f = text_facts(v, all[i]);
        forum_words += f.forum;
        shop_words += f.shop;
        if held {
            facts.push(f);
        }
    }
    // Each distinct trimmed text gets a number and a count: one hash a line (a second
    // lookup per line to read the counts back hashed every line twice).
    let mut distinct: HashMap<&str, u32> = HashMap::with_capacity(n);
    let mut counts: Vec<u32> = Vec::new();
    let text_of: Vec<u32> = views
        .iter()
        .map(|v| {
            let next = counts.len() as u32;
            let id = *distinct.entry(v.trim()).or_insert(next);
            if id == next {
                counts.push(0);
            }
            counts[id as usize] += 1;
            id
        })
        .collect();
    let same: Vec<u32> = text_of.iter().map(|&id| counts[id as usize]).collect();
    drop((distinct, counts, text_of));
    drop(views);

    // Region verdicts per candidate line; none held when no line has one.
    let (drops, winner) = match html {
        Some(h) => {
            let mut sel = region::select_with_weights(doc, h, &all, &weights);
            let drops = if sel.drops.iter().all(Option::is_none) {
                Vec::new()
            } else {
                // Moved, not cloned: `lines` holds each line once.
                lines.iter().map(|&i| sel.drops[i].take()).collect()
            };
            (drops, sel.winner.map(|w| w.0))
        }
        None => {
            // A text page: the span of running text is the heuristic's verdict.
            match super::lines::outside_span(doc, &|i| all[i]) {
                None => (Vec::new(), None),
                Some(outside) => {
                    let out: std::collections::HashSet<usize> =
                        outside.into_iter().map(|(i, _)| i).collect();
                    let drops = lines
                        .iter()
                        .map(|i| {
                            out.contains(i)
                                .then(|| Drop::Outside("outside the span of running text".into()))
                        })
                        .collect();
                    (drops, Some("the span of running text".to_owned()))
                }
            }
        }
    };
    if doc.over_budget() {
        return PageFeatures::default();
    }
    // What the rest reads of each candidate line's signals.
    let units: Vec<f32> = lines.iter().map(|&i| all[i].units).collect();
    let link_share: Vec<f32> = lines.iter().map(|&i| all[i].link_share).collect();
    let prose: Vec<bool> = lines.iter().map(|&i| all[i].is_prose()).collect();
    drop(all);
    let region_found = winner.is_some();
    let dom = html.map(|h| Dom::new(doc, h, &lines, &units, &link_share, weights));

    // Page-level facts.
    let total_units: f32 = units.iter().sum::<f32>().max(1.0);
    let prose_units: f32 = units
        .iter()
        .zip(&prose)
        .filter(|(_, &p)| p)
        .map(|(u, _)| u)
        .sum();
    let link_units: f32 = units.iter().zip(&link_share).map(|(u, l)| u * l).sum();
    let share_of = |flag: BlockFlags| {
        lines
            .iter()
            .filter(|&&i| doc.context(i).is_some_and(|c| c.flags.contains(flag)))
            .count() as f32
            / n as f32
    };
    let region_units: f32 = units
        .iter()
        .enumerate()
        .filter(|&(k, _)| drop_at(&drops, k).is_none())
        .map(|(_, u)| u)
        .sum();
    let region_prose_units: f32 = units
        .iter()
        .enumerate()
        .filter(|&(k, _)| prose[k] && drop_at(&drops, k).is_none())
        .map(|(_, u)| u)
        .sum();
    let region_prose_share = if prose_units > 0.0 {
        region_prose_units / prose_units
    } else {
        1.0
    };
    let mean_log_units = units.iter().map(|&u| ln1p(u)).sum::<f32>() / n as f32;
    let url = crate::text::url_hints::url_hints(url);
    let page: [f32; PAGE_PART] = [
        ln1p(total_units),
        prose_units / total_units,
        link_units / total_units,
        ln1p(n as f32),
        share_of(BlockFlags::LI),
        share_of(BlockFlags::HEADING),
        share_of(BlockFlags::TABLE),
        if region_found {
            region_units / total_units
        } else {
            1.0
        },
        mean_log_units,
        url[0],
        url[1],
        url[2],
        url[3],
        url[4],
        url[5],
        ln1p(forum_words),
        ln1p(shop_words),
        share_of(BlockFlags::PRE),
    ];

    let log_units: Vec<f32> = units.iter().map(|&u| ln1p(u)).collect();
    // Distance to the nearest prose line, in candidate lines (capped).
    let mut dist = vec![DIST_CAP; n];
    let mut last: Option<usize> = None;
    for k in 0..n {
        if prose[k] {
            last = Some(k);
        }
        if let Some(p) = last {
            dist[k] = dist[k].min((k - p) as f32);
        }
    }
    last = None;
    for k in (0..n).rev() {
        if prose[k] {
            last = Some(k);
        }
        if let Some(p) = last {
            dist[k] = dist[k].min((p - k) as f32);
        }
    }
    // Runs of short lines (menus): the length of the run each line belongs to.
    let mut short_run = vec![0.0f32; n];
    let mut k = 0;
    while k < n {
        if units[k] >= SHORT_UNITS {
            k += 1;
            continue;
        }
        let start = k;
        while k < n && units[k] < SHORT_UNITS {
            k += 1;
        }
        for s in &mut short_run[start..k] {
            *s = ln1p((k - start) as f32);
        }
    }

    let mut before = Vec::with_capacity(n);
    let mut sum = 0.0f32;
    for &u in &units {
        before.push(sum);
        sum += u;
    }
    drop(units);
    let source = RowSource {
        doc,
        facts,
        link_share,
        log_units,
        prose,
        dist,
        short_run,
        before,
        same,
        dom,
        region_found,
        total_units,
    };
    if !held {
        return PageFeatures {
            lines,
            own: Vec::new(),
            source: Some(Box::new(source)),
            page,
            drops,
            winner,
            region_prose_share,
            has_running_text: prose_units > 0.0,
        };
    }
    let mut rows = Vec::with_capacity(n);
    for k in 0..n {
        if doc.over_budget_after(0) {
            return PageFeatures::default();
        }
        rows.push(source.own_row(k, &lines, &drops));
    }
    PageFeatures {
        lines,
        own: rows,
        source: None,
        page,
        drops,
        winner,
        region_prose_share,
        has_running_text: prose_units > 0.0,
    }
}

/// A line under this many units is short (a menu item, a label).
const SHORT_UNITS: f32 = 30.0;
/// Distances to prose are capped here (lines).
const DIST_CAP: f32 = 50.0;
/// How many DOM features a line has.
const DOM_FEATURES: usize = 32;

fn flag(b: bool) -> f32 {
    if b {
        1.0
    } else {
        0.0
    }
}

/// Per-element aggregates of an HTML page.
struct Dom<'a> {
    html: &'a HtmlDoc,
    weights: Vec<i8>,
    units: Vec<f32>,
    link_units: Vec<f32>,
    lines_under: Vec<u32>,
    /// Each element's template group (same tag and class names), [`NO_GROUP`] when it has
    /// no class names (4 bytes an element: a page may hold millions).
    group_of: Vec<u32>,
    /// Per group: how many elements, and the units and link units of their text.
    group_sizes: Vec<u32>,
    group_units: Vec<f32>,
    group_link_units: Vec<f32>,
    total_units: f32,
    total_lines: u32,
}

impl<'a> Dom<'a> {
    /// `line_units` and `line_share`: each candidate line's units and link share.
    fn new(
        doc: &Doc,
        html: &'a HtmlDoc,
        lines: &[usize],
        line_units: &[f32],
        line_share: &[f32],
        weights: Vec<i8>,
    ) -> Dom<'a> {
        let m = html.elements.len();
        let mut units = vec![0.0f32; m];
        let mut link_units = vec![0.0f32; m];
        let mut lines_under = vec![0u32; m];
        for ((&i, &u), &l) in lines.iter().zip(line_units).zip(line_share) {
            let mut e = doc.context(i).and_then(|c| c.element());
            while let Some(k) = e {
                units[k] += u;
                link_units[k] += u * l;
                lines_under[k] += 1;
                e = html.elements[k].parent.map(|p| p as usize);
            }
        }
        // Elements sharing a tag and class names play one part in the page's template
        // (listing items, forum posts, product cards): how many there are.
        // Each element's signature (tag and sorted class names) becomes a group id, given in
        // order of first appearance; an element without class names has none.
        // The signature is the sorted class symbols followed by the tag: looked up as a
        // slice, so only a new signature is copied (templates repeat them).
        // Sized for a typical page's signatures up front (growing rehashed them all).
        let mut group_ids: HashMap<Vec<u32>, u32> =
            HashMap::with_capacity(html.elements.len().min(GROUP_IDS_RESERVED));
        let mut signature: Vec<u32> = Vec::new();
        let group_of: Vec<u32> = html
            .elements
            .iter()
            .map(|e| {
                signature.clear();
                signature.extend(
                    html.element_tokens(e)
                        .iter()
                        .filter(|t| t.kind == TokenKind::Class)
                        .map(|t| t.sym.index() as u32),
                );
                if signature.is_empty() {
                    return NO_GROUP;
                }
                signature.sort_unstable();
                signature.push(e.tag as u32);
                if let Some(&id) = group_ids.get(signature.as_slice()) {
                    return id;
                }
                let next = group_ids.len().min(NO_GROUP as usize - 1) as u32;
                group_ids.insert(signature.clone(), next);
                next
            })
            .collect();
        let mut group_sizes = vec![0u32; group_ids.len()];
        let mut group_units = vec![0.0f32; group_ids.len()];
        let mut group_link_units = vec![0.0f32; group_ids.len()];
        for (k, &g) in group_of.iter().enumerate() {
            if g != NO_GROUP {
                let g = g as usize;
                group_sizes[g] += 1;
                group_units[g] += units[k];
                group_link_units[g] += link_units[k];
            }
        }
        Dom {
            html,
            weights,
            total_units: units.iter().copied().fold(0.0, f32::max).max(1.0),
            total_lines: lines.len() as u32,
            units,
            link_units,
            lines_under,
            group_of,
            group_sizes,
            group_units,
            group_link_units,
        }
    }

    fn parent(&self, k: usize) -> Option<usize> {
        self.html.elements[k].parent.map(|p| p as usize)
    }

    /// How many elements share element `k`'s template group (0 when it has none).
    fn repeats(&self, k: usize) -> u32 {
        match self.group_of[k] {
            NO_GROUP => 0,
            g => self.group_sizes[g as usize],
        }
    }

    fn line(
        &self,
        doc: &Doc,
        i: usize,
        drop: Option<&Drop>,
        region_found: bool,
    ) -> [f32; DOM_FEATURES] {
        let mut out = [0.0f32; DOM_FEATURES];
        out[0] = 1.0; // has_dom
        let Some(ctx) = doc.context(i) else {
            return out;
        };
        out[1] = flag(region_found && drop.is_none());
        out[2] = flag(matches!(drop, Some(Drop::Outside(_))));
        out[3] = flag(matches!(drop, Some(Drop::Chrome(_))));
        out[4] = flag(matches!(drop, Some(Drop::LinkDense(_))));
        out[5] = flag(matches!(drop, Some(Drop::Duplicate(_))));
        out[6] = flag(ctx.flags.contains(BlockFlags::HEADING));
        out[7] = flag(ctx.tag == Tag::H1);
        out[8] = flag(ctx.tag == Tag::P);
        out[9] = flag(ctx.flags.contains(BlockFlags::LI));
        out[10] = flag(matches!(ctx.tag, Tag::Td | Tag::Th));
        out[11] = flag(ctx.flags.contains(BlockFlags::PRE));
        out[12] = flag(ctx.flags.contains(BlockFlags::NAV));
        out[13] = flag(ctx.flags.contains(BlockFlags::HEADER));
        out[14] = flag(ctx.flags.contains(BlockFlags::FOOTER));
        out[15] = flag(ctx.flags.contains(BlockFlags::ASIDE));
        out[16] = flag(ctx.flags.contains(BlockFlags::FORM));
        out[17] =
            flag(ctx.flags.contains(BlockFlags::ARTICLE) || ctx.flags.contains(BlockFlags::MAIN));
        out[22] = ctx.depth as f32 / 10.0;
        out[27] = flag(ctx.flags.contains(BlockFlags::HIDDEN));
        let Some(b) = ctx.element() else {
            return out;
        };
        // Name verdicts along the ancestor chain (nearest few levels).
        let mut lo = 0i8;
        let mut hi = 0i8;
        let mut e = Some(b);
        let mut level = 0;
        while let Some(k) = e {
            lo = lo.min(self.weights[k]);
            hi = hi.max(self.weights[k]);
            level += 1;
            if level >= NAME_LEVELS {
                break;
            }
            e = self.parent(k);
        }
        out[18] = lo as f32;
        out[19] = hi as f32;
        let container = if is_text_level(self.html.elements[b].tag) {
            self.parent(b).unwrap_or(b)
        } else {
            b
        };
        let u = self.units[container];
        out[20] = if u > 0.0 {
            (self.link_units[container] / u).clamp(0.0, 1.0)
        } else {
            0.0
        };
        out[21] = u / self.total_units;
        out[23] = ln1p(self.repeats(b) as f32);
        let p = self.parent(b);
        out[24] = p.map_or(0.0, |p| ln1p(self.repeats(p) as f32));
        out[25] = p
            .and_then(|p| self.parent(p))
            .map_or(0.0, |g| ln1p(self.repeats(g) as f32));
        out[26] = self.lines_under[container] as f32 / self.total_lines.max(1) as f32;
        // The nearest repeated template element above the line (a listing's item, a
        // thread's post, a menu's entry): how many there are, how much of the page they
        // hold, how much each holds, how much of it is links.
        let mut e = Some(b);
        for _ in 0..GROUP_LEVELS {
            let Some(k) = e else {
                break;
            };
            let repeats = self.repeats(k);
            if repeats >= MIN_GROUP {
                // Repeated, so in a group.
                let g = self.group_of[k] as usize;
                let units = self.group_units[g];
                out[28] = ln1p(repeats as f32);
                out[29] = units / self.total_units;
                out[30] = ln1p(units / repeats as f32);
                out[31] = if units > 0.0 {
                    (self.group_link_units[g] / units).clamp(0.0, 1.0)
                } else {
                    0.0
                };
                break;
            }
            e = self.parent(k);
        }
        out
    }
}

/// Template signatures [`Dom::new`] makes room for at once; more grow the map as usual.
const GROUP_IDS_RESERVED: usize = 4096;

/// [`Dom::group_of`] of an element without class names.
const NO_GROUP: u32 = u32::MAX;

/// A template group is looked for this many levels up from a line's element…
const GROUP_LEVELS: usize = 5;
/// …and counts from this many elements (a list of two is not a template).
const MIN_GROUP: u32 = 3;
/// Name verdicts are read this many levels up from a line's element.
const NAME_LEVELS: usize = 4;

/// Text-level blocks: their container is their parent.
fn is_text_level(tag: Tag) -> bool {
    tag.is_heading()
        || matches!(
            tag,
            Tag::P
                | Tag::Li
                | Tag::Dd
                | Tag::Dt
                | Tag::Td
                | Tag::Th
                | Tag::Pre
                | Tag::Blockquote
                | Tag::Figcaption
        )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::decode::html::{html_to_blocks, HtmlOptions};
    use std::io::Read;

    #[test]
    fn ln1p_of_zero_is_the_library_s() {
        let library = |x: f32| x.max(0.0).ln_1p();
        for x in [
            0.0f32,
            -0.0,
            1e-30,
            -1.0,
            0.5,
            1.0,
            3.0,
            1e6,
            f32::MIN_POSITIVE,
        ] {
            assert_eq!(ln1p(x).to_bits(), library(x).to_bits(), "{x}");
        }
    }

    #[test]
    fn character_counts_agree_with_counts_of_characters() {
        let reference = |line: &str| Counts {
            digits: line.chars().filter(char::is_ascii_digit).count() as u32,
            separators: line
                .chars()
                .filter(|c| matches!(c, '|' | '>' | '»' | '·' | '•' | '/' | '›' | '→'))
                .count() as u32,
            words: line.split_whitespace().count() as u32,
            capitalised: line
                .split_whitespace()
                .filter(|w| w.chars().next().is_some_and(char::is_uppercase))
                .count() as u32,
        };
        // The separators and their neighbours in Unicode (same lead bytes), digits and
        // full-width digits, white space in and out of ASCII, capitals in and out of ASCII.
        let parts = [
            "|", ">", "/", "»", "·", "•", "›", "→", "«", "¶", "‣", "‹", "←", "↓", "€", "0", "9",
            "０", "a", "A", "É", "é", "Ω", "中", "\u{2080}", "\u{86}", "¢", " ", "\t", "\u{0B}",
            "\u{0C}", "\r", "\n", "\u{85}", "\u{A0}", "\u{2003}", "\u{3000}", "\u{200B}", ".",
            "\u{3FFF}", "\u{4000}", "\u{4DC0}", "\u{9FFF}", "\u{A000}",
        ];
        let mut lines = vec![String::new()];
        for a in parts {
            for b in parts {
                lines.push(format!("{a}{b}"));
                lines.push(format!(" {a}x {b}Y{a} "));
                for c in ["", " ", "A", "中", "•"] {
                    lines.push(format!("{c}{a}{b}{c}"));
                }
            }
        }
        for line in &lines {
            assert_eq!(count_chars(line), reference(line), "{line:?}");
        }
    }

    /// The dev pages (HTML, gzipped) of one set.
    fn dev_pages(set: &str) -> Vec<String> {
        let dir = format!("{}/tests/fixtures/dev/{set}", env!("CARGO_MANIFEST_DIR"));
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.to_string_lossy().ends_with(".html.gz"))
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let mut text = String::new();
                let bytes = std::fs::read(p).unwrap();
                flate2::read::MultiGzDecoder::new(&bytes[..])
                    .read_to_string(&mut text)
                    .unwrap();
                text
            })
            .collect()
    }

    /// Both ways of reading a page give the same rows and verdicts, bit for bit.
    fn assert_same_features(doc: &Doc, what: &str) {
        let held = features_held_up_to(doc, Some("https://example.com/news/2024/a"), usize::MAX);
        let asked = features_held_up_to(doc, Some("https://example.com/news/2024/a"), 0);
        assert!(held.source.is_none() && asked.source.is_some(), "{what}");
        assert_eq!(held.lines, asked.lines, "{what}");
        assert_eq!(held.drops, asked.drops, "{what}");
        assert_eq!(held.winner, asked.winner, "{what}");
        let bits = |f: &PageFeatures<'_>| -> Vec<Vec<u32>> {
            f.rows()
                .map(|r| r.iter().map(|v| v.to_bits()).collect())
                .collect()
        };
        assert_eq!(bits(&held), bits(&asked), "{what}");
    }

    /// Pages of many lines compute their rows when asked (no text facts held): the rows
    /// must be those a small page holds, on HTML (with and without a region found) and text.
    #[test]
    fn rows_computed_when_asked_are_the_rows_held() {
        let mut pages = dev_pages("aeb");
        pages.extend(dev_pages("cleaneval_zh").into_iter().take(10));
        assert!(pages.len() >= 20);
        let mut with_drops = 0;
        for (n, page) in pages.iter().enumerate() {
            let doc = Doc::from_html(html_to_blocks(page, &HtmlOptions::default()));
            if !page_features(&doc, None).drops.is_empty() {
                with_drops += 1;
            }
            assert_same_features(&doc, &format!("page {n} as HTML"));
            let text = Doc::from_text(&doc.render());
            assert_same_features(&text, &format!("page {n} as text"));
        }
        assert!(with_drops >= 10, "{with_drops} pages with a region");
        // A table without a region (every verdict empty).
        let mut table = String::from("<table>");
        for i in 0..200 {
            table.push_str(&format!(
                "<tr><td class=c>{i}</td><td><a href=/x>link {i}</a>"
            ));
        }
        let doc = Doc::from_html(html_to_blocks(&table, &HtmlOptions::default()));
        assert!(page_features(&doc, None).drops.is_empty());
        assert_same_features(&doc, "table");
    }

    /// The article laid out in `widget`s (chrome by name, each too small to be a wrapper):
    /// the region settles on the site title and keeps almost none of the page's running
    /// text. The same page with neutral names keeps nearly all of it.
    #[test]
    fn region_prose_share_says_when_the_region_missed_the_article() {
        let page = |block: &str| {
            let mut html = String::from(
                "<html><body><div class=\"site-title\"><p>Center for Career and \
                 Professional Development at the college.</p></div><main><article>",
            );
            for i in 0..6 {
                html.push_str(&format!(
                    "<div class=\"{block}\"><p>Paragraph {i} of the guide explains, in \
                     plain words, how to prepare for the talk, what to research first, \
                     and which questions the employer will expect you to ask.</p></div>"
                ));
            }
            html.push_str("</article></main></body></html>");
            Doc::from_html(html_to_blocks(&html, &HtmlOptions::default()))
        };
        let widgets = page("textwidget");
        let f = page_features(&widgets, None);
        assert!(
            f.winner.as_deref().unwrap_or("").contains("site-title"),
            "{:?}",
            f.winner
        );
        assert!(f.region_prose_share < crate::content::model::COLLAPSED_REGION_SHARE);
        let sections = page("section-text");
        let f = page_features(&sections, None);
        assert!(f.region_prose_share > 0.9, "{}", f.region_prose_share);
        // No running text at all: nothing to miss.
        let menu = Doc::from_html(html_to_blocks(
            "<div><a href=/a>Home</a></div><div><a href=/b>About</a></div>",
            &HtmlOptions::default(),
        ));
        assert_eq!(page_features(&menu, None).region_prose_share, 1.0);
    }
}
