//! Main content: keep the article, drop the page around it.
//!
//! [`ContentExtractor`] is the stage that runs after the text rules (`strip`): on a page read
//! from HTML it finds the article region from the DOM ([`region`]), keeps the page's title
//! line when the page shows it above the article, and drops everything else with a rule id
//! and a reason that `--explain` prints:
//!
//! | rule id | what it drops |
//! |---|---|
//! | `content.outside` | lines outside the article region (the reason names the winning container) |
//! | `content.chrome` | lines inside navigation, share bars, comment boxes… nested in the region |
//! | `content.link-density` | lines in the region that are mostly link text |
//! | `content.title` | the title heading, when the title is not kept (`keep_title(false)`) |
//! | `content.duplicate` | a long line repeating one a few lines above it (gallery captions shown twice) |
//!
//! Recall comes first: a short line between two paragraphs of the region stays, and a page
//! where no container scores as text (a home page, a list, a product grid) keeps every line
//! the text rules left, flagged [`crate::Flags::no_main_content`]: nothing is guessed away,
//! and a corpus builder who wants articles only can drop flagged pages.

pub mod lines;
pub mod region;
pub mod signals;
pub mod vocab;

use crate::decode::html::{BlockFlags, Tag};
use crate::doc::Doc;
use crate::report::RuleId;
use crate::stage::Stage;
use region::Drop;
pub use signals::LineSignals;

/// Rule id for lines outside the article region.
pub const OUTSIDE: RuleId = RuleId::new("content.outside");
/// Rule id for chrome nested inside the region.
pub const CHROME: RuleId = RuleId::new("content.chrome");
/// Rule id for link-dense lines inside the region.
pub const LINK_DENSITY: RuleId = RuleId::new("content.link-density");
/// Rule id for the title heading at the top of the region, with `keep_title(false)`.
pub const TITLE: RuleId = RuleId::new("content.title");
/// Rule id for long lines repeated inside the region.
pub const DUPLICATE: RuleId = RuleId::new("content.duplicate");

/// The main-content stage (name `content`).
#[derive(Clone, Debug)]
pub struct ContentExtractor {
    keep_title: bool,
}

impl Default for ContentExtractor {
    fn default() -> Self {
        ContentExtractor { keep_title: true }
    }
}

impl ContentExtractor {
    /// The extractor with its default settings.
    pub fn new() -> Self {
        Self::default()
    }

    /// Keep the page's title line above the article (default `true`). Gold sets that
    /// hold the article body only (AEB) score higher without it; the title is in
    /// [`crate::Metadata::title`] either way.
    pub fn keep_title(mut self, yes: bool) -> Self {
        self.keep_title = yes;
        self
    }
}

impl Stage for ContentExtractor {
    fn name(&self) -> &str {
        "content"
    }

    fn run(&self, doc: &mut Doc) {
        let signals: Vec<LineSignals> = (0..doc.len())
            .map(|i| {
                let share = doc.context(i).map_or(0.0, |c| c.link_share());
                LineSignals::of(&doc.nfkc_view(i), share)
            })
            .collect();
        let Some(html) = doc.html() else {
            match lines::outside_span(doc, &signals) {
                None => doc.mark_no_main_content(),
                Some(outside) => {
                    for (i, side) in outside {
                        doc.remove(i, OUTSIDE, format!("{side} the span of running text"));
                    }
                }
            }
            return;
        };
        let selection = region::select(doc, html, &signals);
        if selection.drops.is_empty() {
            if doc.kept().next().is_some() {
                doc.mark_no_main_content();
            }
            return;
        }
        let title = if self.keep_title {
            title_line(doc, &selection.drops)
        } else {
            None
        };
        let title_in_region = if self.keep_title {
            None
        } else {
            doc.kept()
                .find(|&i| selection.drops[i].is_none())
                .filter(|&i| shows_title(doc, i))
        };
        let drops = selection.drops;
        for (i, drop) in drops.into_iter().enumerate() {
            if Some(i) == title {
                continue;
            }
            if Some(i) == title_in_region {
                doc.remove(i, TITLE, "the page's title (kept in the metadata)");
                continue;
            }
            match drop {
                None => {}
                Some(Drop::Outside(why)) => doc.remove(i, OUTSIDE, why),
                Some(Drop::Chrome(what)) => doc.remove(i, CHROME, format!("inside {what}")),
                Some(Drop::Duplicate(first)) => doc.remove(
                    i,
                    DUPLICATE,
                    format!("repeats line {first} of the article word for word"),
                ),
                Some(Drop::LinkDense(share)) => doc.remove(
                    i,
                    LINK_DENSITY,
                    format!("link text is {share:.2} of the line (≥ 0.50)"),
                ),
            }
        }
    }
}

/// The line that shows the page's title, if it lies above the first kept line of the
/// article: the last heading before the region (an `<h1>`, else any heading equal to the
/// page's `<h1>`), which is where article templates put it.
fn title_line(doc: &Doc, drops: &[Option<Drop>]) -> Option<usize> {
    let first_kept = doc.kept().find(|&i| drops[i].is_none())?;
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
