//! Main content: keep the article, drop the page around it.
//!
//! [`ContentExtractor`] is the stage that runs after the text rules (`strip`): on a page read
//! from HTML it finds the article region from the DOM (a readability-style region scorer), keeps the page's title
//! line when the page shows it above the article, and drops everything else with a rule id
//! and a reason that `--explain` prints:
//!
//! | rule id | what it drops |
//! |---|---|
//! | `content.outside` | lines outside the article region (the reason names the winning container) |
//! | `content.chrome` | lines inside navigation, share bars, comment boxes… nested in the region |
//! | `content.link-density` | lines in the region that are mostly link text |
//! | `content.title` | an HTML page's title heading, kept in the metadata (unless `keep_title(true)`) |
//! | `content.duplicate` | a long line repeating one a few lines above it (gallery captions shown twice) |
//! | `content.dialog` | lines inside a dialog drawn over the page (consent boxes, newsletter pop-ups) |
//!
//! Recall comes first: a short line between two paragraphs of the region stays, and a page
//! where no container scores as text (a home page, a list, a product grid) keeps every line
//! the text rules left, flagged [`crate::Flags::no_main_content`]: nothing is guessed away,
//! and a corpus builder who wants articles only can drop flagged pages.

pub(crate) mod features;
pub(crate) mod lines;
pub(crate) mod model;
#[rustfmt::skip]
mod model_table;
pub(crate) mod region;
pub(crate) mod signals;
pub(crate) mod vocab;
pub(crate) mod words;

use crate::decode::html::{BlockFlags, Tag};
use crate::doc::Doc;
use crate::report::RuleId;
use crate::stage::Stage;
pub use model::PageType;
use region::Drop;
pub(crate) use signals::LineSignals;

/// Rule id for lines outside the article region.
pub const OUTSIDE: RuleId = RuleId::new("content.outside");
/// Rule id for chrome nested inside the region.
pub const CHROME: RuleId = RuleId::new("content.chrome");
/// Rule id for link-dense lines inside the region.
pub const LINK_DENSITY: RuleId = RuleId::new("content.link-density");
/// Rule id for lines inside the region that the content model scores as chrome.
pub const SCORE: RuleId = RuleId::new("content.score");
/// Rule id for lines the page hides, removed when there is no content stage to weigh them.
pub const HIDDEN: RuleId = RuleId::new("content.hidden");
/// Rule id for lines inside a dialog drawn over the page (consent boxes, pop-ups).
pub const DIALOG: RuleId = RuleId::new("content.dialog");
/// Rule id for the title heading at the top of the region (kept in the metadata).
pub const TITLE: RuleId = RuleId::new("content.title");
/// Rule id for long lines repeated inside the region.
pub const DUPLICATE: RuleId = RuleId::new("content.duplicate");

/// Rounds of span selection on a text page; each round removes at least one line and real
/// pages settle in two or three.
const MAX_SPAN_ROUNDS: usize = 16;

/// Pages of more candidate lines than this keep the bars as fitted (see `model::cut_shift`).
const MAX_CUT_LINES: usize = 1 << 15;

/// The main-content stage (name `content`).
#[derive(Clone, Debug)]
pub struct ContentExtractor {
    options: ContentOptions,
    model_on_text: bool,
}

/// The content stage's settings, all it sees of the pipeline's options
/// ([`crate::PipelineOptions`] gives them, as `title` and `favor`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct ContentOptions {
    /// Keep an HTML page's title line above the article (default `false`: it is in the
    /// metadata).
    pub(crate) keep_title: bool,
    /// The lean on borderline lines (default [`Favor::Balanced`]).
    pub(crate) favor: Favor,
}

impl Default for ContentOptions {
    fn default() -> Self {
        ContentOptions {
            keep_title: false,
            favor: Favor::Balanced,
        }
    }
}

/// Which way the content stage leans on lines it is unsure of: the precision/recall knob
/// (`--favor`, Python `favor=`).
///
/// `Balanced` is the fitted model as shipped. The others move the line model's keep bars by
/// 0.15 and, on article pages where the region alone decides, also ask the line model:
/// `Precision` then drops region lines it scores below 0.2,
/// `Recall` adds lines outside the region it scores above its outside bar.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Favor {
    /// Fewer boilerplate lines, at the cost of some article lines.
    Precision,
    /// Today's output (the default).
    #[default]
    Balanced,
    /// More article lines, at the cost of some boilerplate.
    Recall,
}

impl Favor {
    /// `precision`, `balanced` or `recall`.
    pub fn as_str(self) -> &'static str {
        match self {
            Favor::Precision => "precision",
            Favor::Balanced => "balanced",
            Favor::Recall => "recall",
        }
    }

    /// The favor named `precision`, `balanced` or `recall`.
    pub fn from_name(name: &str) -> Option<Favor> {
        match name {
            "precision" => Some(Favor::Precision),
            "balanced" => Some(Favor::Balanced),
            "recall" => Some(Favor::Recall),
            _ => None,
        }
    }
}

/// How far `Precision`/`Recall` move the line model's keep bars (0.5 in the region, 0.4
/// outside): far enough to change borderline lines (the fitted probabilities crowd near the
/// bars), not so far that confident verdicts flip.
pub(crate) const FAVOR_SHIFT: f32 = 0.15;

/// With `Precision`, a line the region keeps on an article page is still dropped when the
/// line model gives it less than this: the model is confident it is chrome.
pub(crate) const PRECISION_REGION_FLOOR: f32 = 0.2;

impl Default for ContentExtractor {
    fn default() -> Self {
        ContentExtractor::with_options(ContentOptions::default())
    }
}

/// Whether text pages (WET) are judged by the model too, rather than by the span of
/// running text alone (see DESIGN.md, "Main content").
const MODEL_ON_TEXT: bool = true;

impl ContentExtractor {
    /// The extractor with its default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// The extractor with these settings.
    pub(crate) fn with_options(options: ContentOptions) -> Self {
        ContentExtractor {
            options,
            model_on_text: MODEL_ON_TEXT,
        }
    }

    /// Keep an HTML page's title line above the article (default `false`: the title is
    /// in [`crate::Metadata::title`], and main-text gold sets leave it out). A text page
    /// has no metadata to hold it: its heading stays either way.
    pub fn keep_title(mut self, yes: bool) -> Self {
        self.options.keep_title = yes;
        self
    }

    /// Lean towards precision or recall on borderline lines (default
    /// [`Favor::Balanced`]: the model as fitted).
    pub fn favor(mut self, favor: Favor) -> Self {
        self.options.favor = favor;
        self
    }
}

impl Stage for ContentExtractor {
    fn name(&self) -> &str {
        "content"
    }

    fn run(&self, doc: &mut Doc) {
        // A page without a single class or id name (one `<p>` a line) says nothing through
        // its DOM: it is judged as the same lines read as text.
        let as_text = doc.reads_as_text();
        if as_text && !self.model_on_text {
            span_rounds(doc);
            return;
        }
        if as_text && !has_running_text(doc) {
            // Nothing to anchor an article on (a list of names, a menu): keep every line,
            // flagged, as on HTML (recall first).
            doc.mark_no_main_content();
            return;
        }
        // On text the model is asked again on the lines left until it removes nothing more
        // (idempotence, as for the span); an HTML page's lines are judged once.
        let rounds = if as_text { MAX_SPAN_ROUNDS } else { 1 };
        // A line's words score, once per line over the rounds (NaN until asked): the rounds
        // remove lines and never change one's text.
        let mut words = Vec::new();
        for _ in 0..rounds {
            if self.model_round(doc, as_text, &mut words) == 0 {
                break;
            }
        }
    }
}

/// What `--explain` says of a page's removals when its own cut moved its bars: nothing
/// when it kept the bars as fitted.
fn cut_note(cut: f32) -> String {
    if cut == 0.0 {
        String::new()
    } else {
        format!("; this page's cut moved its bars {cut:+.2}")
    }
}

/// A text page holds at least one line of running text (what the span anchors on).
fn has_running_text(doc: &Doc) -> bool {
    lines::outside_span(doc, &|i| LineSignals::of(&doc.nfkc_view(i), 0.0)).is_some()
}

/// The text path without the model: the span of running text, chosen again on the lines
/// left until it removes nothing more. Removed lines cost the span while they are there, so
/// the lines a first choice keeps can be judged otherwise once they are gone, which is what
/// a second cleaning of the output would see (idempotence).
fn span_rounds(doc: &mut Doc) {
    // The signals are those of the lines as they were when the stage began (the rounds
    // only remove lines, and never change one's text), computed as asked.
    for _ in 0..MAX_SPAN_ROUNDS {
        match lines::outside_span(doc, &|i| LineSignals::of(&doc.nfkc_view(i), 0.0)) {
            None => {
                doc.mark_no_main_content();
                return;
            }
            Some(outside) if outside.is_empty() => return,
            Some(outside) => {
                for (i, side) in outside {
                    doc.remove(i, OUTSIDE, format!("{side} the span of running text"));
                }
            }
        }
    }
}

/// The candidate lines of a page and the region's verdicts, once the model has read their
/// features.
struct Verdicts {
    lines: Vec<usize>,
    /// Empty when no line has one ([`Verdicts::drop_of`]).
    drops: Vec<Option<Drop>>,
    winner: Option<String>,
}

impl Verdicts {
    /// Why the region drops candidate line `k`, if it does.
    fn drop_of(&self, k: usize) -> Option<&Drop> {
        features::drop_at(&self.drops, k)
    }
}

impl ContentExtractor {
    /// One judgement of every candidate line by the model; returns how many it removed.
    /// `words` holds the lines' words scores computed in earlier rounds (by line; NaN: not
    /// yet).
    fn model_round(&self, doc: &mut Doc, as_text: bool, words: &mut Vec<f32>) -> usize {
        let before = doc.edit_count();
        let page = features::page_features(doc, doc.url());
        if page.lines.is_empty() {
            return 0;
        }
        // A large page's rows are computed as they are read: the budget is looked at as
        // they go (the clock about once every thousand rows).
        let Some(vector) = model::page_vector_until(page.rows(), &|| doc.over_budget_after(0))
        else {
            return 0; // over the time budget: the page is dropped
        };
        let types = model::page_type_probabilities(&vector);
        if doc.over_budget() {
            return 0; // the page is dropped
        }
        let page_type = model::page_type(&types);
        // On an article the region decides; the line model adds the lines it is sure of.
        let region_rules = !as_text
            && page.winner.is_some()
            && model::trusts_region(&types, page.region_prose_share);
        let shift = match self.options.favor {
            Favor::Precision => FAVOR_SHIFT,
            Favor::Balanced => 0.0,
            Favor::Recall => -FAVOR_SHIFT,
        };
        // On a page that keeps its region's verdict, the model is asked only of the lines
        // that may stay beside the region (unless a favor reads the others' scores).
        let beside: Vec<bool> = if region_rules {
            (0..page.lines.len())
                .map(|k| {
                    let drop = page.drop_of(k);
                    drop.is_some() && model::may_stay_beside_region(&page.row(k), drop)
                })
                .collect()
        } else {
            Vec::new()
        };
        let asks_all = !region_rules || self.options.favor != Favor::Balanced;
        let asked = |k: usize| asks_all || beside[k];
        let probs = {
            let row = |k| page.row(k);
            // On text the line's words stand in for the DOM's names (`words.rs`).
            if as_text && model::READS_WORDS {
                words.resize(doc.len(), f32::NAN);
                let todo: Vec<usize> = page
                    .lines
                    .iter()
                    .copied()
                    .filter(|&i| words[i].is_nan())
                    .collect();
                let scores = words::words_logits(todo.iter().map(|&i| doc.nfkc_view(i)));
                for (i, w) in todo.into_iter().zip(scores) {
                    words[i] = w;
                }
            }
            let words = &*words;
            let word = |k: usize| words.get(page.lines[k]).copied().unwrap_or(0.0);
            match model::keep_probabilities_until(
                page.lines.len(),
                &row,
                &word,
                &types,
                &asked,
                &|| doc.over_budget(),
            ) {
                Some(p) => p,
                None => {
                    drop(page);
                    doc.set_page_type(page_type);
                    return 0; // over the time budget: the page is dropped
                }
            }
        };
        // A grid with no running text: its template groups are judged whole. The page has
        // no article, whatever the model keeps of it: flagged, as a text page without one.
        let mut probs = probs;
        let no_article = !as_text && !page.has_running_text;
        if no_article && !region_rules && !probs.is_empty() {
            model::group_consensus(page.rows(), &mut probs);
        }
        // An HTML page left to the model moves its bars to where its own probabilities
        // split. Text keeps the bars as fitted (a cut of its own is not idempotent: cleaning
        // the output would cut again), and so does a page of more lines than a reader reads
        // (its rows are computed as asked, not held).
        let cut = if as_text || region_rules || probs.is_empty() || page.lines.len() > MAX_CUT_LINES
        {
            0.0
        } else {
            let lines: Vec<(f32, bool)> = page
                .rows()
                .map(|r| (r[features::LOG_UNITS], r[features::REGION_KEEP] > 0.5))
                .collect();
            model::cut_shift(&probs, &lines)
        };
        let cut_note = cut_note(cut);
        // The features may borrow the page: only the verdicts are kept past here.
        let (page_lines, page_drops, page_winner) = page.into_verdicts();
        if no_article {
            doc.mark_no_main_content();
        }
        let page = Verdicts {
            lines: page_lines,
            drops: page_drops,
            winner: page_winner,
        };
        doc.set_page_type(page_type);
        let mut kept = vec![false; doc.len()];
        for (k, &i) in page.lines.iter().enumerate() {
            let drop = page.drop_of(k);
            if region_rules {
                // A line the model is sure of stays too: the region holds the article,
                // not always all of it (a lede above the winner, a second body block).
                let sure = beside[k] && probs[k] >= model::SURE_BESIDE_REGION;
                kept[i] = match self.options.favor {
                    Favor::Balanced => drop.is_none() || sure,
                    Favor::Precision => {
                        (drop.is_none() && probs[k] >= PRECISION_REGION_FLOOR) || sure
                    }
                    Favor::Recall => {
                        drop.is_none()
                            || (!matches!(drop, Some(Drop::Duplicate(_)))
                                && model::keeps_shifted(probs[k], false, as_text, shift))
                    }
                };
                continue;
            }
            let p = probs[k];
            let by_region = page.winner.is_some() && drop.is_none();
            // A long line repeated within a few lines of the article is never content
            // twice (a caption shown by two galleries), whatever its score.
            let repeat = matches!(drop, Some(Drop::Duplicate(_)));
            kept[i] = model::keeps_shifted(p, by_region, as_text, shift + cut) && !repeat;
        }
        // Dialogs go after the model has judged the page with them (it was fitted so).
        let boxed = if as_text {
            Vec::new()
        } else {
            dialog_lines(doc)
        };
        for (k, &b) in kept.iter_mut().zip(&boxed) {
            *k &= !b;
        }
        if as_text {
            let span_end = (0..page.lines.len())
                .rev()
                .find(|&k| page.drop_of(k).is_none())
                .map(|k| page.lines[k]);
            lines::keep_signature_and_appendix(doc, &page.lines, span_end, &mut kept);
            let span_start = (0..page.lines.len())
                .find(|&k| page.drop_of(k).is_none())
                .map(|k| page.lines[k]);
            // The record's heading is one of its lines, with no metadata to hold it: it
            // stays whatever `keep_title` says.
            if let Some(t) =
                span_start.and_then(|s| lines::title_above_span(doc, &page.lines, s, &kept))
            {
                kept[t] = true;
            }
        }
        if !kept.iter().any(|&k| k) {
            if page.winner.is_some() {
                // The model keeps no line, the region does: its verdict stands (the model is
                // unsure of the page, the article heuristics found a body).
                for (k, &i) in page.lines.iter().enumerate() {
                    kept[i] = page.drop_of(k).is_none();
                }
            }
            if !kept.iter().any(|&k| k) {
                // Nothing reads as main content: keep every line, flagged (recall first).
                doc.mark_no_main_content();
                return 0;
            }
        }
        let title = if self.options.keep_title {
            title_line(doc, &kept)
        } else {
            None
        };
        let title_in_region = if self.options.keep_title {
            None
        } else {
            doc.kept()
                .find(|&i| kept[i])
                .filter(|&i| shows_title(doc, i))
        };
        let winner = page.winner.as_deref().unwrap_or("no container");
        for (k, &i) in page.lines.iter().enumerate() {
            if Some(i) == title {
                continue;
            }
            if Some(i) == title_in_region {
                doc.remove(i, TITLE, "the page's title (kept in the metadata)");
                continue;
            }
            if kept[i] {
                continue;
            }
            if boxed.get(i) == Some(&true) {
                doc.remove(
                    i,
                    DIALOG,
                    "inside a dialog drawn over the page (<dialog>, role=dialog or aria-modal)",
                );
                continue;
            }
            // The model's score, when it was asked of the line.
            let scored = probs
                .get(k)
                .filter(|_| asked(k))
                .map_or(String::new(), |p| format!("; scored {p:.2}"))
                + &cut_note;
            match page.drop_of(k) {
                None => doc.remove(
                    i,
                    SCORE,
                    format!(
                        "inside {winner} but scored {} as main content{cut_note}",
                        probs
                            .get(k)
                            .map_or(String::from("low"), |p| format!("{p:.2}"))
                    ),
                ),
                Some(Drop::Outside(why)) => doc.remove(i, OUTSIDE, format!("{why}{scored}")),
                Some(Drop::Chrome(what)) => doc.remove(i, CHROME, format!("inside {what}{scored}")),
                Some(Drop::Duplicate(first)) => doc.remove(
                    i,
                    DUPLICATE,
                    format!("repeats line {first} of the article word for word{scored}"),
                ),
                Some(Drop::LinkDense(share)) => doc.remove(
                    i,
                    LINK_DENSITY,
                    format!("link text is {share:.2} of the line (≥ 0.50){scored}"),
                ),
            }
        }
        doc.edit_count() - before
    }
}

/// Removes the lines the page hides (`BlockFlags::HIDDEN`): the decoder keeps them for the
/// content stage to weigh, and a pipeline without that stage shows only what a reader sees.
pub(crate) fn remove_hidden(doc: &mut Doc) {
    for i in 0..doc.len() {
        if !doc.is_removed(i)
            && doc
                .context(i)
                .is_some_and(|c| c.flags.contains(BlockFlags::HIDDEN))
        {
            doc.remove(
                i,
                HIDDEN,
                "hidden by the page (hidden, aria-hidden or display:none)",
            );
        }
    }
}

/// A dialog holding at least this share of the page's text is the page (an article opened
/// as a modal), not a box drawn over it.
const DIALOG_PAGE_SHARE: f32 = 0.5;

/// The lines inside dialogs (`BlockFlags::DIALOG`: consent boxes, newsletter pop-ups,
/// country pickers), or none when together they hold most of the page's text.
fn dialog_lines(doc: &Doc) -> Vec<bool> {
    let boxed: Vec<bool> = (0..doc.len())
        .map(|i| {
            doc.context(i)
                .is_some_and(|c| c.flags.contains(BlockFlags::DIALOG))
        })
        .collect();
    if !boxed.contains(&true) {
        return Vec::new(); // most pages: no dialog, no counting
    }
    let (mut all, mut inside) = (0usize, 0usize);
    for i in doc.kept() {
        let n = doc.line(i).chars().count();
        all += n;
        if boxed[i] {
            inside += n;
        }
    }
    if inside == 0 || inside as f32 >= DIALOG_PAGE_SHARE * all as f32 {
        return Vec::new();
    }
    boxed
}

/// The line that shows the page's title, if it lies above the first kept line of the
/// article: the last heading before the region (an `<h1>`, else any heading equal to the
/// page's `<h1>`), which is where article templates put it.
fn title_line(doc: &Doc, kept: &[bool]) -> Option<usize> {
    let first_kept = doc.kept().find(|&i| kept[i])?;
    let h1 = doc.html().and_then(|h| h.meta.h1.as_deref());
    (0..first_kept)
        .rev()
        .find(|&i| !doc.is_removed(i) && is_title_heading(doc, i, h1))
}

/// Line `i` is the page's title heading: an `<h1>`, or a heading equal to the page's `<h1>`.
fn shows_title(doc: &Doc, i: usize) -> bool {
    let h1 = doc.html().and_then(|h| h.meta.h1.as_deref());
    is_title_heading(doc, i, h1)
}

fn is_title_heading(doc: &Doc, i: usize, h1: Option<&str>) -> bool {
    let Some(c) = doc.context(i) else {
        return false;
    };
    c.flags.contains(BlockFlags::HEADING)
        && c.link_share() < 0.5
        && (c.tag == Tag::H1 || h1 == Some(doc.line(i)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_page_says_how_far_its_bars_moved() {
        assert_eq!(cut_note(-0.14), "; this page's cut moved its bars -0.14");
        assert_eq!(cut_note(0.2), "; this page's cut moved its bars +0.20");
        // A page on the fitted bars says nothing.
        assert_eq!(cut_note(0.0), "");
    }

    /// A text page of `n` menu lines around one paragraph: the model removes the menu.
    fn menu_page(n: usize) -> Doc {
        let mut text = String::new();
        for i in 0..n {
            text.push_str(&format!("首页 | 新闻 {i}\n"));
        }
        text.push_str(&"今天的会议讨论了城市交通的规划，代表们提出了很多建议。".repeat(4));
        text.push('\n');
        Doc::from_text(&text)
    }

    #[test]
    fn the_favor_docs_state_the_shifts() {
        // `Favor`'s doc comment gives these values in words (the constants are private).
        assert_eq!((FAVOR_SHIFT, PRECISION_REGION_FLOOR), (0.15, 0.2));
    }

    #[test]
    fn a_page_over_its_budget_is_left_as_it_is() {
        let stage = ContentExtractor::new();
        let mut timed = menu_page(5000);
        timed.set_deadline(Some(std::time::Instant::now()));
        stage.run(&mut timed);
        assert!(timed.edits().is_empty(), "{:?}", &timed.edits()[..1]);
        // The look-alike: the same page with time to spare loses its menu.
        let mut page = menu_page(5000);
        page.set_deadline(Some(
            std::time::Instant::now() + std::time::Duration::from_secs(3600),
        ));
        stage.run(&mut page);
        assert!(page.edits().len() >= 4900, "{}", page.edits().len());
    }
}
