//! The fitted content model: which kind of page this is, and whether each candidate line is
//! part of what the page is for.
//!
//! Two ensembles of gradient-boosted trees, fitted offline by `scripts/content_model/fit.py`
//! and embedded as a generated table ([`super::model_table`]): no model runtime, no file read
//! at run time. The page model reads the mean of the page's line vectors; the line model
//! reads a line's vector and the page-type probabilities.

use super::features::{Features, LOG_UNITS, N_FEATURES};
use super::model_table as table;
use super::region::Drop;

/// One node of a tree: a split (`x[feature] <= threshold` goes left) or a leaf.
#[derive(Clone, Copy, Debug)]
pub(super) struct Node {
    feature: u16,
    leaf: bool,
    threshold: f32,
    left: u32,
    right: u32,
    value: f32,
}

impl Node {
    pub(super) const fn split(feature: u16, threshold: f32, left: u32, right: u32) -> Node {
        Node {
            feature,
            leaf: false,
            threshold,
            left,
            right,
            value: 0.0,
        }
    }

    pub(super) const fn leaf(value: f32) -> Node {
        Node {
            feature: 0,
            leaf: true,
            threshold: 0.0,
            left: 0,
            right: 0,
            value,
        }
    }
}

fn tree_value(nodes: &[Node], root: u32, x: &[f32]) -> f32 {
    let mut k = root as usize;
    loop {
        let n = &nodes[k];
        if n.leaf {
            return n.value;
        }
        // NaN never occurs (features are finite); it would go right.
        k = if x[n.feature as usize] <= n.threshold {
            n.left as usize
        } else {
            n.right as usize
        };
    }
}

pub use crate::text::page_type::PageType;

/// Page-type probabilities, in [`PageType::ALL`] order.
pub type TypeProbabilities = [f32; table::PAGE_CLASSES];

/// The page vector: the mean of the line vectors (accumulated in f64, as the script does).
#[cfg(test)]
pub fn page_vector(rows: impl ExactSizeIterator<Item = Features>) -> Features {
    page_vector_until(rows, &|| false).unwrap_or([0.0; N_FEATURES])
}

/// [`page_vector`] that asks `over` before each row and gives up (`None`) once it says the
/// page's budget is spent: a large page's rows are computed as they are read.
pub(crate) fn page_vector_until(
    rows: impl ExactSizeIterator<Item = Features>,
    over: &dyn Fn() -> bool,
) -> Option<Features> {
    let n = rows.len().max(1) as f64;
    let mut sum = [0.0f64; N_FEATURES];
    for r in rows {
        if over() {
            return None;
        }
        for (s, v) in sum.iter_mut().zip(r) {
            *s += v as f64;
        }
    }
    let mut out = [0.0f32; N_FEATURES];
    for (o, s) in out.iter_mut().zip(sum) {
        *o = (s / n) as f32;
    }
    Some(out)
}

/// Page-type probabilities of a page vector (softmax over the classes' tree sums).
pub fn page_type_probabilities(page: &Features) -> TypeProbabilities {
    let mut raw = table::PAGE_BASELINE;
    for (t, &root) in table::PAGE_ROOTS.iter().enumerate() {
        raw[t % table::PAGE_CLASSES] += tree_value(&table::PAGE_NODES, root, page);
    }
    let max = raw.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let mut sum = 0.0;
    for r in &mut raw {
        *r = (*r - max).exp();
        sum += *r;
    }
    for r in &mut raw {
        *r /= sum;
    }
    raw
}

/// The most probable page type.
pub fn page_type(probs: &TypeProbabilities) -> PageType {
    let best = (0..probs.len())
        .max_by(|&a, &b| probs[a].total_cmp(&probs[b]))
        .unwrap_or(0);
    PageType::ALL[best]
}

/// Inputs the second stage adds to a line's vector: its first-stage probability, its
/// neighbours' (previous, next, mean of the 3 and of the 10 on each side) and the page's mean.
const STACK_INPUTS: usize = 6;

/// Probability that each line of a page is part of its main content: the line model, then
/// the stacked model that also reads the neighbours' first-stage probabilities (a menu item
/// among kept paragraphs, a paragraph among menu items).
#[cfg(test)]
pub fn keep_probabilities(rows: &[Features], words: &[f32], types: &TypeProbabilities) -> Vec<f32> {
    keep_probabilities_until(
        rows.len(),
        &|k| rows[k],
        &|k| words[k],
        types,
        &|_| true,
        &|| false,
    )
    .unwrap_or_default()
}

/// Whether the line model reads a line's words (`words.rs`) on text pages.
pub(crate) const READS_WORDS: bool = table::LINE_WORDS;

/// Lines scored between two looks at `stop`: the trees cost about a microsecond a line.
const STOP_CHECK_LINES: usize = 1024;

/// [`keep_probabilities`], giving up (`None`) once `stop` says so: a page of a few hundred
/// thousand lines takes seconds here, and a page over its time budget is dropped anyway.
/// The `n` lines' vectors come from `row`, and each line's input vector is built on the
/// stack as it is scored, so no second copy of the rows is held. `words` gives a line's
/// words score ([`super::words::words_logits`] on text pages, 0 on HTML). Only the lines
/// `asked` are scored, the others get 0 (a stacked stage, when one is fitted, reads every
/// line's neighbours: then every line is scored).
pub(crate) fn keep_probabilities_until(
    n: usize,
    row: &dyn Fn(usize) -> Features,
    words: &dyn Fn(usize) -> f32,
    types: &TypeProbabilities,
    asked: &dyn Fn(usize) -> bool,
    stop: &dyn Fn() -> bool,
) -> Option<Vec<f32>> {
    const TYPES_END: usize = N_FEATURES + table::PAGE_CLASSES;
    const W: usize = TYPES_END + table::LINE_WORDS as usize;
    let input = |j: usize| {
        let mut x = [0.0f32; W + STACK_INPUTS];
        x[..N_FEATURES].copy_from_slice(&row(j));
        x[N_FEATURES..TYPES_END].copy_from_slice(types);
        if table::LINE_WORDS {
            x[TYPES_END] = words(j);
        }
        x
    };
    let mut first = Vec::with_capacity(n);
    for j in 0..n {
        if j % STOP_CHECK_LINES == STOP_CHECK_LINES - 1 && stop() {
            return None;
        }
        if table::STACK_ROOTS.is_empty() && !asked(j) {
            first.push(0.0);
            continue;
        }
        let x = input(j);
        let raw = table::LINE_ROOTS
            .iter()
            .map(|&root| tree_value(&table::LINE_NODES, root, &x))
            .fold(table::LINE_BASELINE, |a, v| a + v);
        first.push(sigmoid(raw));
    }
    if table::STACK_ROOTS.is_empty() {
        return Some(first);
    }
    let mut prefix = vec![0.0f64; n + 1];
    for (j, &q) in first.iter().enumerate() {
        prefix[j + 1] = prefix[j] + q as f64;
    }
    let near = |j: usize, r: usize| {
        let (a, b) = (j.saturating_sub(r), (j + r + 1).min(n));
        let count = b - a - 1;
        if count == 0 {
            first[j] as f64
        } else {
            (prefix[b] - prefix[a] - first[j] as f64) / count as f64
        }
    };
    let page_mean = prefix[n] / n.max(1) as f64;
    let mut out = Vec::with_capacity(n);
    for j in 0..n {
        if j % STOP_CHECK_LINES == STOP_CHECK_LINES - 1 && stop() {
            return None;
        }
        let mut x = input(j);
        let q = first[j];
        let prev = if j > 0 { first[j - 1] } else { q };
        let next = if j + 1 < n { first[j + 1] } else { q };
        x[W..].copy_from_slice(&[
            q,
            prev,
            next,
            near(j, 3) as f32,
            near(j, 10) as f32,
            page_mean as f32,
        ]);
        let raw = table::STACK_ROOTS
            .iter()
            .map(|&root| tree_value(&table::STACK_NODES, root, &x))
            .fold(table::STACK_BASELINE, |a, v| a + v);
        out.push(sigmoid(raw));
    }
    Some(out)
}

/// Where a page's cut is searched: within this of the outside bar, in [`CUT_STEPS`] steps.
const CUT_BAND: f64 = 0.2;
const CUT_STEPS: u32 = 20;

/// How far the bars of a page that is not left to its region (see [`trusts_region`]) move:
/// to the unit-weighted Otsu threshold of its keep probabilities, where they split best into
/// two groups (a line the region keeps counts as raised by the gap between the two bars),
/// searched within [`CUT_BAND`] of the outside bar; 0.0 when no threshold splits the page.
/// Not fitted: it finds each page's cut as well as the fitted router it replaced. `lines`
/// gives each line's `log_units` feature and whether the region keeps it. `fit.py`'s
/// `cut_shift`, with the same arithmetic, so that both pick the same threshold.
pub(crate) fn cut_shift(probs: &[f32], lines: &[(f32, bool)]) -> f32 {
    let outside = table::KEEP_OUTSIDE as f64;
    let raise = outside - table::KEEP_IN_REGION as f64;
    let q: Vec<f64> = probs
        .iter()
        .zip(lines)
        .map(|(&p, &(_, by_region))| p as f64 + if by_region { raise } else { 0.0 })
        .collect();
    let w: Vec<f64> = lines.iter().map(|&(lu, _)| (lu as f64).exp_m1()).collect();
    let mut best: Option<(f64, f64)> = None;
    for k in 0..=CUT_STEPS {
        let t = outside - CUT_BAND + 2.0 * CUT_BAND * k as f64 / CUT_STEPS as f64;
        let (mut w1, mut s1, mut w0, mut s0) = (0.0, 0.0, 0.0, 0.0);
        for (&qi, &wi) in q.iter().zip(&w) {
            if qi >= t {
                w1 += wi;
                s1 += wi * qi;
            } else {
                w0 += wi;
                s0 += wi * qi;
            }
        }
        if w1 <= 0.0 || w0 <= 0.0 {
            continue;
        }
        let gap = s1 / w1 - s0 / w0;
        let v = w1 * w0 * gap * gap;
        if best.is_none_or(|(b, _)| v > b) {
            best = Some((v, t));
        }
    }
    best.map_or(0.0, |(_, t)| (t - outside) as f32)
}

fn sigmoid(raw: f32) -> f32 {
    1.0 / (1.0 + (-raw).exp())
}

/// A region keeping less than this share of the page's running text has collapsed onto
/// something beside the article (a site title, the one paragraph a page builder's layout
/// left outside its `widget`s) and is not trusted even on an article. Chosen in
/// `experiments/collapsed_region.py`, cross-validated (DESIGN).
pub const COLLAPSED_REGION_SHARE: f32 = 0.05;

/// On a page that keeps what its region keeps ([`trusts_region`]), a line outside the
/// region stays when the line model gives it at least this (`fit.py`'s `GATED_SURE`;
/// chosen on the out-of-fold probabilities, DESIGN "Gated pages keep the lines the model is
/// sure of").
pub const SURE_BESIDE_REGION: f32 = 0.9;

/// A line outside the region may stay beside it ([`SURE_BESIDE_REGION`]) when it is not a
/// repeat and holds at least this many units: a line the model is sure of is a paragraph,
/// and asking only these keeps the line model off nine in ten lines of an article page
/// (`fit.py`'s `GATED_MIN_UNITS`).
const SURE_MIN_UNITS: f32 = 40.0;

/// Whether candidate line `row`, with region verdict `drop`, may stay beside the region of a
/// page that keeps its region's verdict (the model is asked of it).
pub(crate) fn may_stay_beside_region(row: &Features, drop: Option<&Drop>) -> bool {
    drop.is_some_and(|d| !matches!(d, Drop::Duplicate(_)))
        && row[LOG_UNITS] >= SURE_MIN_UNITS.ln_1p()
}

/// Whether an HTML page the page model calls an article this surely keeps what its region
/// keeps: the article heuristics were built for such pages and beat the model on them,
/// unless the region holds almost none of the page's running text (`region_prose_share`,
/// [`COLLAPSED_REGION_SHARE`]).
pub fn trusts_region(types: &TypeProbabilities, region_prose_share: f32) -> bool {
    types[0] >= table::ARTICLE_GATE && region_prose_share >= COLLAPSED_REGION_SHARE
}

/// On a page without a line of running text, each template group's lines take their
/// group's unit-weighted mean probability: nothing there anchors one item over another, so
/// the items of a grid are kept or dropped together. A group is told by its four group
/// features (count, share of the page, units per item, link density), equal for all its
/// lines; lines in no group keep their own. `fit.py`'s `group_consensus`.
pub(crate) fn group_consensus(rows: impl Iterator<Item = Features>, probs: &mut [f32]) {
    use crate::content::features::{GROUP_COUNT, LOG_UNITS};
    let keys: Vec<([u32; 4], f64)> = rows
        .map(|r| {
            let key = std::array::from_fn(|j| r[GROUP_COUNT + j].to_bits());
            (key, (r[LOG_UNITS] as f64).exp_m1() + 1e-6)
        })
        .collect();
    let mut sums: std::collections::HashMap<[u32; 4], (f64, f64)> = Default::default();
    for ((key, w), &p) in keys.iter().zip(probs.iter()) {
        let s = sums.entry(*key).or_default();
        s.0 += p as f64 * w;
        s.1 += w;
    }
    for ((key, _), p) in keys.iter().zip(probs.iter_mut()) {
        if f32::from_bits(key[0]) > 0.0 {
            let (sum, weight) = sums[key];
            *p = (sum / weight) as f32;
        }
    }
}

/// The keep bar of a line the region (on text, the span) keeps or not: a page read as text
/// has bars of its own (the span is a weaker witness than a region).
fn bar(by_region: bool, as_text: bool) -> f32 {
    match (by_region, as_text) {
        (true, false) => table::KEEP_IN_REGION,
        (false, false) => table::KEEP_OUTSIDE,
        (true, true) => table::TEXT_KEEP_IN_SPAN,
        (false, true) => table::TEXT_KEEP_OUTSIDE,
    }
}

/// Whether a line with keep probability `p` is kept: the bar is lower for a line the
/// region (or the span of running text) keeps than for the others, both chosen by the
/// fitting script on out-of-fold probabilities, and moved by `shift` (the precision/recall
/// knob and the page's cut, [`cut_shift`]; 0.0 is the bars as fitted).
pub fn keeps_shifted(p: f32, by_region: bool, as_text: bool, shift: f32) -> bool {
    p >= bar(by_region, as_text) + shift
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::features::{FEATURE_NAMES, LOG_UNITS, REGION_KEEP};

    #[test]
    fn the_cut_reads_the_columns_it_names() {
        assert_eq!(FEATURE_NAMES[LOG_UNITS], "log_units");
        assert_eq!(FEATURE_NAMES[REGION_KEEP], "region_keep");
    }

    #[test]
    fn a_page_is_cut_where_its_probabilities_split() {
        let units = 10f32.ln_1p();
        let outside = |p: f32| (p, (units, false));
        let cut = |page: &[(f32, (f32, bool))]| {
            let (probs, lines): (Vec<f32>, Vec<(f32, bool)>) = page.iter().copied().unzip();
            cut_shift(&probs, &lines)
        };
        // Two clear groups: the bars go down to the lowest threshold that parts them.
        let two = [outside(0.9), outside(0.85), outside(0.2), outside(0.15)];
        let s = cut(&two);
        assert!(s < 0.0, "{s}");
        assert!(keeps_shifted(0.85, false, false, s) && !keeps_shifted(0.2, false, false, s));
        // Every line above the band, or below it: nothing splits, the bars stay.
        assert_eq!(cut(&[outside(0.9), outside(0.8)]), 0.0);
        assert_eq!(cut(&[outside(0.1), outside(0.05)]), 0.0);
        assert_eq!(cut(&[]), 0.0);
        // A line the region keeps counts as raised by the gap between the bars: at 0.45 it
        // joins the kept group, where a line outside the region at 0.45 would not.
        let raised = [
            outside(0.9),
            (0.45, (units, true)),
            outside(0.4),
            outside(0.1),
        ];
        let s = cut(&raised);
        assert!(
            keeps_shifted(0.45, true, false, s) && !keeps_shifted(0.4, false, false, s),
            "{s}"
        );
    }

    #[test]
    fn an_article_trusts_its_region_unless_the_region_collapsed() {
        let mut article = [0.0f32; table::PAGE_CLASSES];
        article[0] = table::ARTICLE_GATE.max(0.01);
        assert!(trusts_region(&article, 1.0));
        assert!(trusts_region(&article, COLLAPSED_REGION_SHARE));
        assert!(!trusts_region(&article, COLLAPSED_REGION_SHARE * 0.5));
        let mut listing = [0.0f32; table::PAGE_CLASSES];
        listing[0] = table::ARTICLE_GATE * 0.5;
        listing[3] = 1.0 - listing[0];
        assert!(!trusts_region(&listing, 1.0));
    }

    #[test]
    fn a_template_group_takes_its_mean_and_other_lines_keep_their_own() {
        use crate::content::features::GROUP_COUNT;
        let row = |units: f32, group: Option<f32>| {
            let mut r = [0.0f32; N_FEATURES];
            r[LOG_UNITS] = units.ln_1p();
            if let Some(g) = group {
                r[GROUP_COUNT] = 3f32.ln_1p();
                r[GROUP_COUNT + 1] = g;
            }
            r
        };
        // Two groups (told apart by their share of the page) and a line in none.
        let rows = [
            row(10.0, Some(0.5)),
            row(30.0, Some(0.5)),
            row(10.0, Some(0.2)),
            row(10.0, None),
            row(10.0, Some(0.2)),
        ];
        let mut probs = [0.1f32, 0.5, 0.3, 0.9, 0.1];
        group_consensus(rows.into_iter(), &mut probs);
        let close = |a: f32, b: f32| (a - b).abs() < 1e-5;
        // Unit-weighted: (0.1 * 10 + 0.5 * 30) / 40.
        assert!(close(probs[0], 0.4) && close(probs[1], 0.4), "{probs:?}");
        assert!(close(probs[2], 0.2) && close(probs[4], 0.2), "{probs:?}");
        assert_eq!(probs[3], 0.9);
    }

    #[test]
    fn a_page_read_as_text_keeps_by_bars_of_its_own() {
        // The span of running text is a weaker witness than a DOM region: its lines need a
        // higher bar than a region's (chosen on the text twins, `fit.py`'s text bars).
        const { assert!(table::TEXT_KEEP_IN_SPAN > table::KEEP_IN_REGION) };
        for (by_region, as_text, bar) in [
            (true, false, table::KEEP_IN_REGION),
            (false, false, table::KEEP_OUTSIDE),
            (true, true, table::TEXT_KEEP_IN_SPAN),
            (false, true, table::TEXT_KEEP_OUTSIDE),
        ] {
            assert!(keeps_shifted(bar, by_region, as_text, 0.0));
            assert!(!keeps_shifted(bar - 0.01, by_region, as_text, 0.0));
            assert!(keeps_shifted(bar + 0.1, by_region, as_text, 0.1));
            assert!(!keeps_shifted(bar + 0.09, by_region, as_text, 0.1));
        }
    }

    /// The script writes a few small pages' line vectors with the page-type and keep
    /// probabilities scikit-learn gave them and the page's cut
    /// (`tests/fixtures/content_model/parity.tsv`): the embedded trees and the cut must agree.
    #[test]
    fn a_line_may_stay_beside_the_region_when_outside_it_long_and_not_a_repeat() {
        let row = |units: f32| {
            let mut r = [0.0f32; N_FEATURES];
            r[LOG_UNITS] = units.ln_1p();
            r
        };
        let outside = Drop::Outside("<div class=\"sidebar\">".into());
        assert!(may_stay_beside_region(&row(40.0), Some(&outside)));
        assert!(may_stay_beside_region(
            &row(400.0),
            Some(&Drop::LinkDense(0.6))
        ));
        // Look-alikes: a short line outside, a long repeat, a line the region keeps.
        assert!(!may_stay_beside_region(&row(39.0), Some(&outside)));
        assert!(!may_stay_beside_region(
            &row(400.0),
            Some(&Drop::Duplicate(3))
        ));
        assert!(!may_stay_beside_region(&row(400.0), None));
    }

    #[test]
    fn lines_not_asked_score_zero_and_the_asked_score_as_alone() {
        let rows: Vec<Features> = (0..6)
            .map(|k| {
                let mut r = [0.0f32; N_FEATURES];
                r[LOG_UNITS] = (20.0 * k as f32).ln_1p();
                r
            })
            .collect();
        let types = page_type_probabilities(&page_vector(rows.iter().copied()));
        let all = keep_probabilities(&rows, &[0.0; 6], &types);
        let some = keep_probabilities_until(
            rows.len(),
            &|k| rows[k],
            &|_| 0.0,
            &types,
            &|k| k % 2 == 1,
            &|| false,
        )
        .unwrap();
        for k in 0..rows.len() {
            let want = if k % 2 == 1 || !table::STACK_ROOTS.is_empty() {
                all[k]
            } else {
                0.0
            };
            assert_eq!(some[k], want, "line {k}");
        }
        assert!(all.iter().any(|&p| p > 0.0));
    }

    #[test]
    fn embedded_trees_agree_with_the_fitting_script() {
        let text = include_str!("../../tests/fixtures/content_model/parity.tsv");
        let parse = |s: &str| -> Vec<f32> { s.split(' ').map(|v| v.parse().unwrap()).collect() };
        /// A page's id, line vectors, page-type and keep probabilities, its cut (the bars'
        /// shift) and its lines' words scores.
        type ParityPage = (String, Vec<Features>, Vec<f32>, Vec<f32>, f32, Vec<f32>);
        let mut pages: Vec<ParityPage> = Vec::new();
        for line in text.lines() {
            let f: Vec<&str> = line.split('\t').collect();
            if pages.last().is_none_or(|p| p.0 != f[0]) {
                pages.push((
                    f[0].to_owned(),
                    Vec::new(),
                    parse(f[2]),
                    Vec::new(),
                    f[4].parse().unwrap(),
                    Vec::new(),
                ));
            }
            let page = pages.last_mut().unwrap();
            page.1.push(parse(f[1]).try_into().unwrap());
            page.3.push(f[3].parse().unwrap());
            page.5.push(f[5].parse().unwrap());
        }
        assert!(pages.len() >= 5, "{} parity pages", pages.len());
        assert!(
            pages.iter().any(|p| p.5.iter().any(|&w| w != 0.0)),
            "no parity page reads words"
        );
        assert!(
            pages.iter().any(|p| p.4 != 0.0),
            "no parity page moves its bars"
        );
        for (id, rows, want_types, want, want_cut, words) in &pages {
            // The cut, on the script's own probabilities (so that it is checked alone).
            let lines: Vec<(f32, bool)> = rows
                .iter()
                .map(|r| (r[LOG_UNITS], r[REGION_KEEP] > 0.5))
                .collect();
            let cut = cut_shift(want, &lines);
            assert!(
                (cut - want_cut).abs() < 1e-6,
                "{id}: cut {cut} vs {want_cut}"
            );
            let types = page_type_probabilities(&page_vector(rows.iter().copied()));
            for (a, b) in types.iter().zip(want_types) {
                assert!(
                    (a - b).abs() < 1e-3,
                    "{id}: page types {types:?} vs {want_types:?}"
                );
            }
            let got = keep_probabilities(rows, words, &types);
            for (j, (a, b)) in got.iter().zip(want).enumerate() {
                assert!((a - b).abs() < 1e-3, "{id} line {j}: {a} vs {b}");
            }
        }
    }
}
