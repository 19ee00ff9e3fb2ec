//! Structural rules: lines removed because of their neighbours and their place, not their
//! words. They run after the word rules and only extend what those found.
//!
//! - `toolbar.run`: a run of very short lines at the top, most of them toolbar words, goes
//!   whole (the few tool words no vocabulary lists go with their neighbours).
//! - `nav.above-breadcrumb`: the breadcrumb ends the site header; the short lines above it
//!   (site name, navigation) are header too.
//! - `footer.after-footer`: once the footer starts, what follows is footer too.
//! - `related.after-heading`: after the article, once a related-links, prev/next or
//!   comments block starts, the short lines that follow are its list.
//! - `related.headed-list`: on text (and HTML without class, id or role names), anywhere on the page, a related-links
//!   or sidebar heading (`阅读排行榜`, `最新评论`) followed by three or more short list
//!   items (bulleted, numbered, or not prose) is a sidebar widget: the heading and its
//!   items go. A blog's sidebar may sit above the post, and its comment snippets read as
//!   prose.
//! - `comments.after-count`: on text (and HTML without names), once the article has run (three
//!   paragraphs above), a line that only counts the comments (`12 Comments`, `3 Responses to
//!   “…”`, `《…》已有1件评论`) opens the comment thread: it and what follows go. Not on a
//!   forum's URL (its "comments" are the posts), nor next to a share widget (a share bar's
//!   count may stand mid-article), nor when the page counts comments more than once (a listing's items, a Q&A page's posts) or
//!   counts answers (`17 Answers`: on a Q&A page the answers are the content).
//! - `comments.after-author-lines`: on text (and HTML without names), once the article has
//!   run, the comment thread a blog engine writes as `Name says:` over a date line (or `Name
//!   on <date> at <time> said:`), two such lines or more, opens at the first: it and what
//!   follows go. Not on a forum's URL.
//! - `nav.bullet-list`: outside the body, a run of bulleted short lines is a menu or a link
//!   list (lists inside the article, between its first and last paragraph, stay).
//! - `tail.between-boilerplate`: after the article, a line between two removed lines is
//!   part of the same block.
//! - `nav.word-row`: above the article, a line of many short Chinese words separated by
//!   spaces (`母婴 健康 历史 军事 美食 文化`) is a channel menu flattened into one line. The
//!   one rule here that fires on shape alone: no sentence, title or name list has it.
//! - `nav.item-rows`: above the article, three or more consecutive rows of menu items
//!   (department names between spaces, channels between `|`) are a mega-menu flattened into
//!   lines, however long each row is.
//!
//! - `consent.dialog`: on HTML, a dialog (`<dialog>`, `role=dialog`, `aria-modal`) in which
//!   a consent rule removed a line is a consent manager's box: its other lines (category
//!   names, their descriptions, `Always Active`) go with it. Left in, a preference centre's
//!   texts can outweigh a short post and win the page.
//!
//! The signature and date that close a notice (`中共某某市委组织部` / `2022年3月19日`) are
//! protected from all of them.

use std::sync::OnceLock;

use regex::Regex;

use super::layout::Zones;
use super::rule::{Family, Rule, Zone};
use crate::decode::html::BlockFlags;
use crate::doc::Doc;
use crate::report::RuleId;
use crate::text::line_facts::LineFacts;

/// A rule that fires on position and neighbours.
#[derive(Debug)]
pub struct StructuralRule {
    /// Stable dotted id.
    pub id: &'static str,
    /// Why a line it removes is not the document.
    pub reason: &'static str,
}

/// See the module docs.
pub static TOOLBAR_RUN: StructuralRule = StructuralRule {
    id: "toolbar.run",
    reason: "inside a run of toolbar words at the top of the page",
};
/// See the module docs.
pub static ABOVE_BREADCRUMB: StructuralRule = StructuralRule {
    id: "nav.above-breadcrumb",
    reason: "site header above the breadcrumb",
};
/// See the module docs.
pub static AFTER_FOOTER: StructuralRule = StructuralRule {
    id: "footer.after-footer",
    reason: "inside the footer block (after a copyright, registration or organiser line)",
};
/// See the module docs.
pub static AFTER_RELATED: StructuralRule = StructuralRule {
    id: "related.after-heading",
    reason: "inside a related-links or comments block after the article",
};
/// See the module docs.
pub static HEADED_LIST: StructuralRule = StructuralRule {
    id: "related.headed-list",
    reason: "a related-links or sidebar list under its heading",
};
/// See the module docs.
pub static AFTER_COMMENT_COUNT: StructuralRule = StructuralRule {
    id: "comments.after-count",
    reason: "inside the comment thread (after the line counting the comments)",
};
/// See the module docs.
pub static AFTER_COMMENT_AUTHORS: StructuralRule = StructuralRule {
    id: "comments.after-author-lines",
    reason: "inside the comment thread (from the first `Name says:` line over a date)",
};
/// See the module docs.
pub static BULLET_LIST: StructuralRule = StructuralRule {
    id: "nav.bullet-list",
    reason: "bulleted link list outside the article body",
};
/// See the module docs.
pub static BETWEEN_BOILERPLATE: StructuralRule = StructuralRule {
    id: "tail.between-boilerplate",
    reason: "after the article, between two boilerplate lines",
};

/// See the module docs.
pub static WORD_ROW: StructuralRule = StructuralRule {
    id: "nav.word-row",
    reason: "a row of short menu words above the article",
};

/// See the module docs.
pub static ITEM_ROWS: StructuralRule = StructuralRule {
    id: "nav.item-rows",
    reason: "a run of menu rows (items between spaces or separators) above the article",
};

/// See the module docs.
pub static CONSENT_DIALOG: StructuralRule = StructuralRule {
    id: "consent.dialog",
    reason: "inside a consent manager's dialog (a consent rule fired in it)",
};

/// Every structural rule, for listing.
pub static STRUCTURAL: &[&StructuralRule] = &[
    &TOOLBAR_RUN,
    &ABOVE_BREADCRUMB,
    &AFTER_FOOTER,
    &AFTER_RELATED,
    &HEADED_LIST,
    &AFTER_COMMENT_COUNT,
    &AFTER_COMMENT_AUTHORS,
    &BULLET_LIST,
    &BETWEEN_BOILERPLATE,
    &WORD_ROW,
    &ITEM_ROWS,
    &CONSENT_DIALOG,
];

/// A toolbar item is at most this many characters (`白底黑字蓝链接` is 7).
const TOOLBAR_ITEM_MAX_CHARS: usize = 8;
/// A run needs this many lines to be a toolbar rather than a short heading or two.
const TOOLBAR_RUN_MIN_LINES: usize = 4;
/// …and this share (percent) of its lines recognised as tool words by `toolbar.*`.
const TOOLBAR_RUN_MIN_PERCENT: usize = 40;
/// Lines above a breadcrumb longer than this may be a title placed above it: kept.
const ABOVE_BREADCRUMB_MAX_CHARS: usize = 30;
/// A line of a related-links list is at most this long: link titles, not paragraphs.
const RELATED_ITEM_MAX_CHARS: usize = 60;
/// A menu or link-list item is at most this long.
const BULLET_ITEM_MAX_CHARS: usize = 40;
/// A heading needs this many items under it to be a list's (one or two lines may be a
/// section of the article).
const HEADED_LIST_MIN_ITEMS: usize = 3;
/// A comment count opens the thread only below this many paragraphs (a count under the
/// title is the article's metadata)…
const COMMENT_COUNT_AFTER_PARAGRAPHS: usize = 3;
/// …and is at most this long (`12 Responses to “…”` names the post).
const COMMENT_COUNT_MAX_CHARS: usize = 120;
/// A comment count this many lines from a share widget is the share bar's.
const SHARE_BAR_REACH: usize = 2;
/// A widget's list spans at most this many lines.
const HEADED_LIST_MAX_LINES: usize = 200;
/// A sidebar heading is at most this long (`阅读排行榜 更多>>`).
const SIDEBAR_HEADING_MAX_CHARS: usize = 24;
/// A run needs this many bulleted items to be a list rather than a stray bullet.
const BULLET_RUN_MIN_LINES: usize = 3;
/// A menu row holds at least this many words…
const WORD_ROW_MIN_WORDS: usize = 6;
/// …of at most this many ideographs each (channel names are two to four: 新闻, 政务公开).
const WORD_ROW_MAX_WORD_CHARS: usize = 4;
/// Consecutive menu rows needed for `nav.item-rows` (two rows may be a title and a dateline
/// written with separators).
const ITEM_ROW_RUN_MIN_LINES: usize = 3;
/// A row of menu items holds at least this many items between explicit separators…
const ITEM_ROW_MIN_ITEMS: usize = 4;
/// …of at most this many characters (`About us | Contact | 政务公开`)…
const ITEM_ROW_MAX_ITEM_CHARS: usize = 30;
/// …or at least this many Chinese words between spaces (a verse line written with spaces
/// has four: `床前明月光 疑是地上霜 举头望明月 低头思故乡`)…
const ITEM_ROW_MIN_WORDS: usize = 5;
/// …of at most this many characters (`市退役军人事务局` is 8).
const ITEM_ROW_MAX_WORD_CHARS: usize = 10;
/// A signature (organisation name) is at most this long.
const SIGNATURE_MAX_CHARS: usize = 30;

/// What the word rules decided, line by line; compact (a page may hold millions of lines).
pub(crate) struct Decisions {
    /// Each line's facts, packed ([`pack_facts`]).
    pub facts: Vec<u32>,
    pub zones: Zones,
    /// The lines a word rule removed, in line order, with the rule.
    pub removed_by: Vec<(u32, &'static Rule)>,
    /// Whether each line of the tail (from [`Zones::tail_start`]) is a signature or date
    /// ([`is_signature_or_date`]); no other line is asked.
    pub signatures: Vec<bool>,
    /// The lines a share rule's words match, wherever they lie (the rule may not fire in
    /// the body), in line order.
    pub share_words: Vec<u32>,
}

/// Bits of a packed [`LineFacts`] above its character count.
const BLANK: u32 = 1 << 29;
const PROSE: u32 = 1 << 30;
const SENTENCE: u32 = 1 << 31;

/// `f` in four bytes: the character count (saturated at 2^29 - 1, far above any limit a
/// rule compares it with) and the three flags.
pub(crate) fn pack_facts(f: &LineFacts) -> u32 {
    let chars = u32::try_from(f.chars).unwrap_or(u32::MAX).min(BLANK - 1);
    chars
        | if f.blank { BLANK } else { 0 }
        | if f.prose { PROSE } else { 0 }
        | if f.sentence { SENTENCE } else { 0 }
}

impl Decisions {
    fn fact(&self, i: usize) -> LineFacts {
        let p = self.facts[i];
        LineFacts {
            chars: (p & (BLANK - 1)) as usize,
            blank: p & BLANK != 0,
            prose: p & PROSE != 0,
            sentence: p & SENTENCE != 0,
        }
    }

    fn zone(&self, i: usize) -> Zone {
        self.zones.at(i)
    }

    fn removed_by(&self, i: usize) -> Option<&'static Rule> {
        let i = u32::try_from(i).ok()?;
        self.removed_by
            .binary_search_by_key(&i, |&(l, _)| l)
            .ok()
            .map(|k| self.removed_by[k].1)
    }

    fn signature(&self, i: usize) -> bool {
        let start = self.zones.tail_start(self.facts.len());
        i >= start && self.signatures.get(i - start).copied().unwrap_or(false)
    }
}

/// Runs every structural rule over the document.
pub(crate) fn apply(doc: &mut Doc, d: &Decisions) {
    consent_dialogs(doc, d);
    toolbar_runs(doc, d);
    above_breadcrumb(doc, d);
    after_footer(doc, d);
    after_related(doc, d);
    headed_lists(doc, d);
    after_comment_count(doc, d);
    after_comment_authors(doc, d);
    bullet_lists(doc, d);
    between_boilerplate(doc, d);
    word_rows(doc, d);
    item_rows(doc, d);
}

fn remove(doc: &mut Doc, i: usize, rule: &'static StructuralRule) {
    doc.remove(i, RuleId::new(rule.id), rule.reason);
}

fn consent_dialogs(doc: &mut Doc, d: &Decisions) {
    let n = doc.len();
    let dialog = |doc: &Doc, i: usize| {
        doc.context(i)
            .is_some_and(|c| c.flags.contains(BlockFlags::DIALOG))
    };
    let mut start = 0;
    while start < n {
        if !dialog(doc, start) {
            start += 1;
            continue;
        }
        // A dialog's lines are consecutive; two dialogs side by side read as one.
        let end = (start..n).find(|&j| !dialog(doc, j)).unwrap_or(n);
        let consent = (start..end).any(|i| {
            d.removed_by(i)
                .is_some_and(|r| r.id.starts_with("consent."))
        });
        if consent {
            for i in start..end {
                if !doc.is_removed(i) {
                    remove(doc, i, &CONSENT_DIALOG);
                }
            }
        }
        start = end;
    }
}

fn toolbar_runs(doc: &mut Doc, d: &Decisions) {
    let n = doc.len();
    let mut i = 0;
    while i < n {
        if d.zone(i) != Zone::Head || d.fact(i).blank || d.fact(i).chars > TOOLBAR_ITEM_MAX_CHARS {
            i += 1;
            continue;
        }
        // Extend the run over short lines; blank lines neither break nor count.
        let start = i;
        let mut end = i;
        let (mut lines, mut tools) = (0usize, 0usize);
        while end < n && d.zone(end) == Zone::Head {
            let f = d.fact(end);
            if !f.blank {
                if f.chars > TOOLBAR_ITEM_MAX_CHARS || f.sentence {
                    break;
                }
                lines += 1;
                if d.removed_by(end)
                    .is_some_and(|r| r.family == Family::Toolbar)
                {
                    tools += 1;
                }
            }
            end += 1;
        }
        if lines >= TOOLBAR_RUN_MIN_LINES && tools * 100 >= lines * TOOLBAR_RUN_MIN_PERCENT {
            // The run spans from its first to its last recognised tool word: a short title
            // right after the toolbar is not part of it.
            let is_tool = |j: usize| d.removed_by(j).is_some_and(|r| r.family == Family::Toolbar);
            let first = (start..end).find(|&j| is_tool(j)).unwrap_or(start);
            let last = (start..end).rev().find(|&j| is_tool(j)).unwrap_or(start);
            for j in first..=last {
                if !d.fact(j).blank {
                    remove(doc, j, &TOOLBAR_RUN);
                }
            }
        }
        i = end.max(i + 1);
    }
}

fn above_breadcrumb(doc: &mut Doc, d: &Decisions) {
    let crumb = (0..doc.len()).find(|&i| {
        d.zone(i) == Zone::Head
            && d.removed_by(i)
                .is_some_and(crate::strip::rules::is_breadcrumb)
    });
    let Some(crumb) = crumb else { return };
    for i in 0..crumb {
        if !d.fact(i).blank && d.fact(i).chars <= ABOVE_BREADCRUMB_MAX_CHARS {
            remove(doc, i, &ABOVE_BREADCRUMB);
        }
    }
}

fn after_footer(doc: &mut Doc, d: &Decisions) {
    let start = (0..doc.len()).find(|&i| {
        d.zone(i) == Zone::Tail && d.removed_by(i).is_some_and(|r| r.family == Family::Footer)
    });
    let Some(start) = start else { return };
    // No signature protection here: a notice is signed before the footer starts, and the
    // company names inside a footer look like signatures.
    for i in start + 1..doc.len() {
        if !d.fact(i).blank {
            remove(doc, i, &AFTER_FOOTER);
        }
    }
}

fn after_related(doc: &mut Doc, d: &Decisions) {
    let start = (0..doc.len()).find(|&i| {
        d.zone(i) == Zone::Tail
            && d.removed_by(i)
                .is_some_and(|r| matches!(r.family, Family::Related | Family::Comments))
    });
    let Some(start) = start else { return };
    for i in start + 1..doc.len() {
        let f = d.fact(i);
        if !f.blank && !f.prose && f.chars <= RELATED_ITEM_MAX_CHARS && !d.signature(i) {
            remove(doc, i, &AFTER_RELATED);
        }
    }
}

fn headed_lists(doc: &mut Doc, d: &Decisions) {
    // On HTML the DOM tells the content stage where a sidebar is (`aside`, its class
    // names); there a heading like these also tops a shop's sort menu and the listing
    // under it.
    if !doc.has_no_names() {
        return;
    }
    let n = doc.len();
    let mut h = 0;
    while h < n {
        let f = d.fact(h);
        if f.blank || f.chars > SIDEBAR_HEADING_MAX_CHARS || !is_sidebar_heading(doc.line(h)) {
            h += 1;
            continue;
        }
        // Items are short lines that are not prose, or bulleted or numbered ones. A list
        // whose first item is bulleted or numbered ends at its last such item (a related
        // list writes each title, then its date, under a bullet; the post's title after a
        // sidebar is not an item).
        let marked = |i: usize| is_bulleted(doc.line(i)) || is_numbered(doc.line(i));
        let item = |i: usize| {
            let f = d.fact(i);
            !f.blank
                && f.chars <= RELATED_ITEM_MAX_CHARS
                && !d.signature(i)
                && (!f.prose || marked(i))
        };
        let mut items = Vec::new();
        let mut j = h + 1;
        while j < n && (d.fact(j).blank || item(j)) && j - h <= HEADED_LIST_MAX_LINES {
            if !d.fact(j).blank {
                items.push(j);
            }
            j += 1;
        }
        if j - h > HEADED_LIST_MAX_LINES {
            // Hundreds of short lines are not one widget's list (and the scan stays
            // bounded on a page of a million headings).
            h += 1;
            continue;
        }
        if items.first().is_some_and(|&i| marked(i)) {
            while items.last().is_some_and(|&i| !marked(i)) {
                items.pop();
            }
        }
        if items.len() >= HEADED_LIST_MIN_ITEMS {
            for k in std::iter::once(h).chain(items) {
                if !doc.is_removed(k) {
                    remove(doc, k, &HEADED_LIST);
                }
            }
        }
        h += 1;
    }
}

/// Whether a line is the title of a related-links or sidebar widget and nothing else
/// (`阅读排行榜`, `最新评论：`, `Recent Posts`): the titles blog engines and CMS themes give
/// their lists. Generic words (`更多`, `More`, `专题`) are not: menus and article sections
/// use them too.
fn is_sidebar_heading(line: &str) -> bool {
    const TITLES: &[&str] = &[
        "相关阅读",
        "相关文章",
        "相关新闻",
        "相关链接",
        "相关报道",
        "相关推荐",
        "推荐阅读",
        "延伸阅读",
        "热门文章",
        "热门推荐",
        "热门评论",
        "热点新闻",
        "热点推荐",
        "最新文章",
        "最新评论",
        "最新回复",
        "最新留言",
        "阅读排行",
        "评论排行",
        "点击排行",
        "猜你喜欢",
        "精彩推荐",
        "图片新闻",
        "related articles",
        "related posts",
        "related stories",
        "recent posts",
        "recent comments",
        "popular posts",
    ];
    let t = line
        .trim()
        .trim_end_matches([':', '：', '>', '»', ' ', '更', '多'])
        .to_lowercase();
    TITLES.iter().any(|title| {
        t.strip_prefix(title)
            .is_some_and(|rest| rest.is_empty() || rest == "榜")
    })
}

fn after_comment_count(doc: &mut Doc, d: &Decisions) {
    // On HTML the comment thread's element and names tell the content stage; on a forum
    // the "comments" are the thread's posts.
    if !doc.has_no_names() || crate::text::url_hints::is_forum(doc.url()) {
        return;
    }
    let n = doc.len();
    let mut paragraphs = 0;
    let mut start = None;
    for i in 0..n {
        let f = d.fact(i);
        if f.blank {
            continue;
        }
        if paragraphs >= COMMENT_COUNT_AFTER_PARAGRAPHS
            && f.chars <= COMMENT_COUNT_MAX_CHARS
            && has_digit(doc.line(i))
            && is_comment_count(doc.line(i))
        {
            start = Some(i);
            break;
        }
        paragraphs += usize::from(f.prose);
    }
    let Some(start) = start else { return };
    // One count on the page: a listing counts each item's comments, and a Q&A page counts
    // each post's (its answers, under an answer count, are its content).
    let short = |i: usize| {
        !d.fact(i).blank && d.fact(i).chars <= COMMENT_COUNT_MAX_CHARS && has_digit(doc.line(i))
    };
    let another = (0..n).any(|i| {
        short(i) && (i != start && is_comment_count(doc.line(i)) || is_answer_count(doc.line(i)))
    });
    // A share bar's count (`Share` / `Tweet` / `12 Comments`) may stand in the middle of
    // an article: a count next to a share widget opens no thread.
    let reach = start.saturating_sub(SHARE_BAR_REACH)..=start + SHARE_BAR_REACH;
    let near_share = d.share_words.iter().any(|&i| reach.contains(&(i as usize)));
    if another || near_share {
        return;
    }
    for i in start..n {
        if !d.fact(i).blank && !doc.is_removed(i) {
            remove(doc, i, &AFTER_COMMENT_COUNT);
        }
    }
}

/// A comment's author line is at most this long.
const COMMENT_AUTHOR_MAX_CHARS: usize = 100;
/// …and the date line under it at most this long.
const COMMENT_DATE_MAX_CHARS: usize = 40;

fn after_comment_authors(doc: &mut Doc, d: &Decisions) {
    if !doc.has_no_names() || crate::text::url_hints::is_forum(doc.url()) {
        return;
    }
    let n = doc.len();
    let live = |i: usize| !d.fact(i).blank && !doc.is_removed(i);
    let mut paragraphs = 0;
    let mut authors = Vec::new();
    for i in 0..n {
        if !live(i) {
            continue;
        }
        if paragraphs >= COMMENT_COUNT_AFTER_PARAGRAPHS
            && d.fact(i).chars <= COMMENT_AUTHOR_MAX_CHARS
            && is_comment_author(doc, i, &live)
        {
            authors.push(i);
        }
        paragraphs += usize::from(d.fact(i).prose);
    }
    // One such line may be a quote's attribution; a thread has several.
    if authors.len() < 2 {
        return;
    }
    for i in authors[0]..n {
        if !d.fact(i).blank && !doc.is_removed(i) {
            remove(doc, i, &AFTER_COMMENT_AUTHORS);
        }
    }
}

/// Whether line `i` heads a comment as blog engines write it: `Hans says:` (the list
/// number or bullet of the comment list may come first) with the comment's date on the
/// next line, or `Milan on September 12, 2018 at 4:47 pm said:` with the date inline.
fn is_comment_author(doc: &Doc, i: usize, live: &dyn Fn(usize) -> bool) -> bool {
    static PATTERNS: OnceLock<[Regex; 3]> = OnceLock::new();
    let [says, inline, date] = PATTERNS.get_or_init(|| {
        const MARKER: &str = r"(?:\d{1,4}[.)]\s*|[•·*]\s*)?";
        const DATE: &str = r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*,?\s+)?(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?,?\s+\d{4}|\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})";
        const TIME: &str = r"(?:,?\s+(?:at\s+)?\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?)?";
        let re = |p: String| Regex::new(&p).expect("static regex");
        [
            re(format!(r"(?i)^\s*{MARKER}\S.{{0,80}}?\s(?:says|said)\s*:?\s*$")),
            re(format!(r"(?i)^\s*{MARKER}\S.{{0,60}}?\son\s+{DATE}{TIME}\s+(?:says|said)\s*:?\s*$")),
            re(format!(r"(?i)^\s*{MARKER}{DATE}{TIME}\s*$")),
        ]
    });
    let line = doc.line(i);
    if inline.is_match(line) {
        return true;
    }
    if !says.is_match(line) {
        return false;
    }
    let Some(next) = (i + 1..doc.len()).find(|&j| live(j)) else {
        return false;
    };
    let next = doc.line(next);
    next.chars().count() <= COMMENT_DATE_MAX_CHARS && date.is_match(next)
}

/// Whether a line only counts a post's comments, as blog engines head the thread:
/// `12 Comments`, `3 Responses to “Title”`, `5 thoughts on “Title”`, `《标题》已有1件评论`,
/// `共12条评论`, in brackets or not (`[ 167 comments ]`). Replies are not counted: a forum
/// thread heads its posts so.
fn is_comment_count(line: &str) -> bool {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    COUNT
        .get_or_init(|| {
            Regex::new(
                r"(?i)^\s*[\[(（【]?\s*(?:\d+\s+(?:comments?|responses?|thoughts?)(?:\s+(?:to|on)\s+.+)?|(?:《[^》]*》)?\s*(?:已有|共有|共)?\s*\d+\s*(?:件|条|则|个)?\s*评论)\s*[\])）】]?\s*$",
            )
            .expect("static regex")
        })
        .is_match(line)
}

fn has_digit(line: &str) -> bool {
    line.bytes().any(|b| b.is_ascii_digit())
}

/// Whether a line counts a question's answers (`17 Answers`, `3 个回答`): a Q&A page, whose
/// answers (and their comments) are its content.
fn is_answer_count(line: &str) -> bool {
    static COUNT: OnceLock<Regex> = OnceLock::new();
    COUNT
        .get_or_init(|| {
            Regex::new(r"(?i)^\s*(?:\d+\s+answers?|\d+\s*个回答)\s*$").expect("static regex")
        })
        .is_match(line)
}

/// Whether a line starts with a list number (`1.`, `2、`, `3)`, `4·`) followed by text.
fn is_numbered(line: &str) -> bool {
    let t = line.trim_start();
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 || digits > 3 {
        return false;
    }
    let mut rest = t[digits..].chars();
    matches!(rest.next(), Some('.' | '、' | ')' | '）' | '·' | '．'))
        && rest.next().is_some_and(|c| !c.is_ascii_digit())
}

/// Whether a line starts with a list bullet (`•`, `·`, `▪`, `►`, `-`, `*`…) followed by text.
fn is_bulleted(line: &str) -> bool {
    let mut chars = line.trim_start().chars();
    let (Some(first), Some(next)) = (chars.next(), chars.next()) else {
        return false;
    };
    match first {
        // ASCII bullets only with a space after them: `-1.5` and `**bold**` are not lists.
        '-' | '*' | '+' => next.is_whitespace(),
        '•' | '·' | '▪' | '◦' | '‣' | '►' | '▶' | '»' | '◆' | '◇' | '■' | '□' | '●' | '○' | '★'
        | '☆' => next.is_whitespace() || !next.is_ascii_punctuation(),
        _ => false,
    }
}

fn bullet_lists(doc: &mut Doc, d: &Decisions) {
    // A line an earlier stage or round removed is blank here: it is not there.
    let item = |i: usize| {
        d.zone(i) != Zone::Body
            && !d.fact(i).blank
            && !d.fact(i).prose
            && d.fact(i).chars <= BULLET_ITEM_MAX_CHARS
            && is_bulleted(doc.line(i))
    };
    let runs = runs_of(doc.len(), item, |i| d.fact(i).blank);
    for k in runs
        .into_iter()
        .filter(|r| r.len() >= BULLET_RUN_MIN_LINES)
        .flatten()
    {
        remove(doc, k, &BULLET_LIST);
    }
}

/// Each run of consecutive lines for which `member` holds, as their indices; a line for
/// which `gap` holds (and `member` does not) neither breaks a run nor joins it.
fn runs_of(
    n: usize,
    member: impl Fn(usize) -> bool,
    gap: impl Fn(usize) -> bool,
) -> Vec<Vec<usize>> {
    let mut runs = Vec::new();
    let mut i = 0;
    while i < n {
        if !member(i) {
            i += 1;
            continue;
        }
        let mut run = vec![i];
        let mut j = i + 1;
        while j < n && (member(j) || gap(j)) {
            if member(j) {
                run.push(j);
            }
            j += 1;
        }
        runs.push(run);
        i = j;
    }
    runs
}

/// Whether a line is a row of short Chinese words separated by spaces, nothing else.
fn is_word_row(line: &str) -> bool {
    let mut words = 0;
    for word in line.split_whitespace() {
        let n = word.chars().count();
        if n > WORD_ROW_MAX_WORD_CHARS || !word.chars().all(crate::hanzi::is_ideograph) {
            return false;
        }
        words += 1;
    }
    words >= WORD_ROW_MIN_WORDS
}

fn word_rows(doc: &mut Doc, d: &Decisions) {
    for i in 0..doc.len() {
        if d.zone(i) == Zone::Head && !doc.is_removed(i) && is_word_row(doc.line(i)) {
            remove(doc, i, &WORD_ROW);
        }
    }
}

/// Whether a line is a row of menu items and nothing else: at least
/// [`ITEM_ROW_MIN_ITEMS`] items between `|`, `｜` or `·` separators, or
/// [`ITEM_ROW_MIN_WORDS`] Chinese words between spaces, and no clause or sentence mark (a
/// sentence, or a list written as one, is not a menu). English words between spaces are
/// not items: a sentence has them too; nor are words between slashes: a product's
/// variants (`White/Volt Ice/Barely Volt/Black`) and dates have them.
fn is_item_row(line: &str) -> bool {
    const MARKS: &[char] = &[
        '，', '。', '、', '；', '：', '！', '？', ',', ';', ':', '!', '?', '(', ')', '（', '）',
    ];
    if line.contains(MARKS) {
        return false;
    }
    let mut items = 0;
    for item in line.split(['|', '｜', '·']).map(str::trim) {
        if item.chars().count() > ITEM_ROW_MAX_ITEM_CHARS {
            items = 0;
            break;
        }
        items += usize::from(!item.is_empty());
    }
    if items >= ITEM_ROW_MIN_ITEMS {
        return true;
    }
    let mut words = 0;
    for word in line.split_whitespace() {
        if word.chars().count() > ITEM_ROW_MAX_WORD_CHARS
            || !word.chars().all(crate::hanzi::is_ideograph)
        {
            return false;
        }
        words += 1;
    }
    words >= ITEM_ROW_MIN_WORDS
}

fn item_rows(doc: &mut Doc, d: &Decisions) {
    let row = |i: usize| {
        d.zone(i) == Zone::Head && !d.fact(i).blank && !d.fact(i).prose && is_item_row(doc.line(i))
    };
    // A row a word rule of this pass removed still counts; blank lines (lines an earlier
    // stage or round removed among them) and other removed lines neither break a run nor
    // count.
    let runs = runs_of(doc.len(), row, |i| d.fact(i).blank || doc.is_removed(i));
    for k in runs
        .into_iter()
        .filter(|r| r.len() >= ITEM_ROW_RUN_MIN_LINES)
        .flatten()
    {
        remove(doc, k, &ITEM_ROWS);
    }
}

fn between_boilerplate(doc: &mut Doc, d: &Decisions) {
    // Each nonblank line with the nonblank lines before and after it.
    let mut nonblank = (0..doc.len()).filter(|&i| !d.fact(i).blank);
    let (Some(mut prev), Some(mut i)) = (nonblank.next(), nonblank.next()) else {
        return;
    };
    for next in nonblank {
        if d.zone(i) == Zone::Tail
            && d.zone(prev) == Zone::Tail
            && !doc.is_removed(i)
            && doc.is_removed(prev)
            && doc.is_removed(next)
            && !d.signature(i)
        {
            remove(doc, i, &BETWEEN_BOILERPLATE);
        }
        (prev, i) = (i, next);
    }
}

/// The signature or date that closes a notice: an organisation name, or a date alone.
pub(crate) fn is_signature_or_date(line: &str) -> bool {
    static DATE: OnceLock<Regex> = OnceLock::new();
    static ORG: OnceLock<Regex> = OnceLock::new();
    let line = line.trim();
    let date = DATE.get_or_init(|| {
        Regex::new(
            r"^(\d{4}|[〇零一二三四五六七八九十○]{4})\s*年\s*[\d〇零一二三四五六七八九十○]{1,3}\s*月\s*[\d〇零一二三四五六七八九十○]{1,3}\s*日$|^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}$",
        )
        .expect("static regex")
    });
    if date.is_match(line) {
        return true;
    }
    let org = ORG.get_or_init(|| {
        Regex::new(
            r"^[\p{Han}（）()]{2,}(部|委|局|厅|办|院|会|处|室|所|队|庭|政府|中心|公司|集团|学校|大学|学院|医院|支部|党委|党组|小组|指挥部|办事处|委员会|办公室|联合会|协会|研究会)$",
        )
        .expect("static regex")
    });
    line.chars().count() <= SIGNATURE_MAX_CHARS && org.is_match(line)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    /// Asserts that `f` holds on every line of `yes` and on none of `no`.
    #[track_caller]
    fn classifies(f: fn(&str) -> bool, yes: &[&str], no: &[&str]) {
        for l in yes {
            assert!(f(l), "{l}");
        }
        for l in no {
            assert!(!f(l), "{l}");
        }
    }

    #[test]
    fn bullets() {
        classifies(
            is_bulleted,
            &["• 首页", "· 新闻", "- Home", "* Contact us", "►更多"],
            &["-1.5 度", "**bold**", "新闻", "•"],
        );
    }

    #[test]
    fn word_rows() {
        classifies(
            is_word_row,
            &[
                "母婴 健康 历史 军事 美食 文化 星座 专题 游戏 搞笑 动漫 宠物",
                "首页 新闻 体育 财经 娱乐 政务公开",
            ],
            &[
                // Five-character verse, names with a title, a headline with spaces, English.
                "床前明月光 疑是地上霜 举头望明月 低头思故乡",
                "获奖名单：张伟 王芳 李娜 刘洋 陈静 杨帆",
                "国务院常务会议 部署稳就业 保民生",
                "Home News Sport Business Culture Travel",
                "新闻 体育 财经 娱乐 2024",
                "新闻 体育 财经",
            ],
        );
        // Above the article it goes; inside the article (a row of names between two
        // paragraphs) it stays.
        let row = "母婴 健康 历史 军事 美食 文化 星座 专题";
        assert_removes(&format!("{row}\n标题\n{BODY}\n{BODY}"), row, "nav.word-row");
        let names = "张伟 王芳 李娜 刘洋 陈静 杨帆";
        assert_keeps(&format!("{BODY}\n{names}\n{BODY}"), names);
    }

    #[test]
    fn item_rows() {
        classifies(
            is_item_row,
            &[
            "市司法局 市卫健委 市文广旅局 市工信局 市生态环境局 市退役军人事务局",
            "首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流",
            "Home | News | About us | Contact",
            "政策文件·通知公告·工作动态·人事信息",
        ],
            &[
            // Verse with spaces, a list written as a sentence, English prose, a title
            // with its site, a dateline, an item too long to be a menu entry.
            "床前明月光 疑是地上霜 举头望明月 低头思故乡",
            "参加会议的有：市教育局 市科技局 市财政局 市人社局 市商务局",
            "The quick brown fox jumps over the lazy dog again and again",
            "国务院召开常务会议 | 中国政府网",
            "2024/03/19 10:30 来源 市政府办公室",
            "Sanded Purple/Seaweed/Cannon/Volt",
            "首页 | 这是一段很长很长很长很长很长很长很长很长很长很长的说明文字而不是菜单项 | 新闻 | 关于",
        ],
        );
        let menu = "市司法局 市卫健委 市文广旅局 市工信局 市生态环境局 市退役军人事务局\n\
                    首页 | 新闻中心 | 政务公开 | 办事服务 | 互动交流\n\
                    市教育局 市科技局 市财政局 市人社局 市商务局 市审计局 市统计局";
        let page = format!("{menu}\n标题\n{BODY}\n{BODY}");
        // The channel bar is a site-links row of its own; the department rows go with it.
        for row in menu.lines() {
            assert_removes(&page, row.trim(), "nav.");
        }
        assert_removes(&page, menu.lines().next().unwrap_or(""), "nav.item-rows");
        assert_keeps(&page, "标题");
        // Two rows are not a menu run; rows inside the article stay; so does a poem.
        let two = "市教育局 市科技局 市财政局 市人社局 市商务局\n市审计局 市统计局 市司法局 市卫健委 市工信局";
        assert_keeps(
            &format!("{two}\n{BODY}"),
            "市教育局 市科技局 市财政局 市人社局 市商务局",
        );
        let inside = format!("{BODY}\n{menu}\n{BODY}");
        assert_keeps(
            &inside,
            "市教育局 市科技局 市财政局 市人社局 市商务局 市审计局 市统计局",
        );
        let poem = "床前明月光 疑是地上霜 举头望明月 低头思故乡";
        let verse = format!("{poem}\n{poem}\n{poem}\n{BODY}");
        assert_keeps(&verse, poem);
    }

    #[test]
    fn sidebar_headings_and_list_numbers() {
        // Generic words, sort menus, headings with more words, a sentence.
        classifies(
            is_sidebar_heading,
            &[
                "阅读排行榜",
                "最新评论：",
                "热门文章 更多>>",
                "Recent Posts",
                "相关链接",
            ],
            &[
                "更多",
                "More",
                "Most Popular",
                "专题",
                "最新评论员文章",
                "相关文章请见下文",
            ],
        );
        classifies(
            is_numbered,
            &[
                "1. 偶像新人王写真(7928)",
                "2、中外美术史",
                "10·这也叫宿舍呀",
            ],
            &["2024. 年度总结", "1.5 度", "3)", "第1、2条"],
        );
    }

    #[test]
    fn a_sidebar_list_under_its_heading_goes_wherever_it_lies() {
        // Above the post, with comment snippets that read as prose.
        let sidebar = "最新评论\n\
                       • 1·要加油哦，好好学习，天天向上。\n\
                       • 2·实在太完美了，我好喜欢这张照片。\n\
                       • 3·希望尽快搞好一点，不然说坏话的人就多了。";
        let page = format!("{sidebar}\n标题\n{BODY}\n{BODY}");
        assert_removes(&page, "最新评论", "related.headed-list");
        assert_removes(
            &page,
            "• 2·实在太完美了，我好喜欢这张照片。",
            "related.headed-list",
        );
        assert_keeps(&page, "标题");
        // Two items are not a list: they may be the article's own section.
        let two = format!("{BODY}\n相关链接\n某地召开会议\n某某街道开展服务\n{BODY}");
        assert_keeps(&two, "某地召开会议");
        // A list ends at the first paragraph: the article after it stays.
        let page = format!("{BODY}\n相关阅读\n甲新闻\n乙新闻\n丙新闻\n{BODY}\n{BODY}");
        assert_removes(&page, "乙新闻", "related.headed-list");
        assert_keeps(&page, BODY);
        // Hundreds of short lines under a heading are not one widget's list.
        let long: String = (0..300).map(|k| format!("第{k}项\n")).collect();
        let page = format!("{BODY}\n相关阅读\n{long}{BODY}");
        assert_keeps(&page, "第150项");
    }

    #[test]
    fn comment_counts() {
        classifies(
            is_comment_count,
            &[
                "12 Comments",
                "1 comment",
                "3 Responses to “Open-sourcing the compiler”",
                "5 thoughts on \"Why we left\"",
                "《播客热潮迅速蔓延》已有1件评论",
                "共12条评论",
                "[ 167 comments ]",
                "(12 Comments)",
                "【共3条评论】",
            ],
            &[
                "Comments",
                "[comments]",
                "(see 12 comments below)",
                "12 comments were left on the first draft, most of them about tone.",
                "76 Replies",
                "网友评论",
                "17 Answers",
            ],
        );
        assert!(is_answer_count("17 Answers") && is_answer_count("3 个回答"));
        assert!(!is_answer_count("17 Answers to common questions about tax"));
    }

    #[test]
    fn the_thread_after_a_comment_count_goes_on_text() {
        let post = format!("标题\n{BODY}\n{BODY}\n{BODY}");
        // The comments are prose: the body runs through them, so the tail rules miss them.
        let comment =
            "写得很好，学到了很多东西，谢谢分享。希望以后多写一些这样的文章，我会一直关注的。";
        let thread = format!("3 Comments\nJane · May 2\n{comment}\nTom · May 3\n同意楼上。");
        let page = format!("{post}\n{thread}");
        assert_removes(&page, "3 Comments", "comments.");
        assert_removes(&page, comment, "comments.after-count");
        assert_removes(&page, "Tom · May 3", "comments.after-count");
        assert_keeps(&page, "标题");
        // Under the title (metadata: the article has not run yet), the count stays and so
        // does the article.
        let page = format!("标题\n3 Comments\n{BODY}\n{BODY}\n{BODY}");
        assert_keeps(&page, "3 Comments");
        // A listing counts each item's comments; a Q&A page counts answers: neither loses
        // what follows.
        let listing = format!("{post}\n0 comments\n第二篇文章\n{BODY}\n0 comments\n第三篇");
        assert_keeps(&listing, "第二篇文章");
        let qa = format!("{post}\n2 Comments\n一条评论\n5 Answers\n{BODY}");
        assert_keeps(&qa, "一条评论");
        // A share bar's count in the middle of an article opens no thread.
        let bar = format!("{post}\n分享到：\n微信\n微博\n12 Comments\n{comment}\n{BODY}");
        assert_keeps(&bar, comment);
        // On a forum's URL the "comments" are the thread's posts.
        assert!(!fires_on_a_forum_url(
            &format!("{post}\n{thread}"),
            "comments.after-count"
        ));
    }

    /// Whether `rule` removes any line of `page` read from a forum's URL.
    fn fires_on_a_forum_url(page: &str, rule: &str) -> bool {
        use crate::stage::Stage;
        let mut doc = Doc::from_text(page);
        doc.set_url(Some("https://www.example.com/forum/transit/new-routes"));
        crate::strip::Stripper::new()
            .expect("built-in rules compile")
            .run(&mut doc);
        doc.edits().iter().any(|e| e.rule.as_str() == rule)
    }

    #[test]
    fn the_thread_under_its_author_lines_goes_on_text() {
        const P: &str = "The council voted on Tuesday to expand the bus network, adding three \
                         routes that link the northern suburbs with the hospital and campus.";
        let post = format!("Title\n{P}\n{P}\n{P}");
        let comment = "Great piece, thanks for writing it up. I rode the new line last week and \
                       it was on time both ways, which never happened before.";
        // WordPress's comment list: number, `Name says:`, the date on the next line.
        let thread = format!(
            "1. Hans says:\nOctober 17, 2008 at 11:22 am\n{comment}\n\
             2. Jane Doe says\n• January 11, 2026\nAgreed, and the fares stayed the same."
        );
        let page = format!("{post}\n{thread}");
        assert_removes(&page, "1. Hans says:", "comments.after-author-lines");
        assert_removes(&page, comment, "comments.after-author-lines");
        assert_removes(&page, "2. Jane Doe says", "comments.after-author-lines");
        assert_keeps(&page, P);
        // The date inline: `Name on <date> at <time> said:`.
        let inline = format!(
            "{post}\n• Milan on September 12, 2018 at 4:47 pm said:\n{comment}\n\
             • Catherine on September 13, 2018 at 5:23 pm said:\nHi Milan, not yet."
        );
        assert_removes(&inline, comment, "comments.after-author-lines");
        // A news story quoting people line by line: no date under them, nothing removed.
        let quotes = format!(
            "{post}\nThe mayor says:\n{comment}\nHer opponent says:\nIt will cost too much."
        );
        assert_keeps(&quotes, comment);
        // One author line is an attribution, not a thread.
        let one = format!("{post}\n1. Hans says:\nOctober 17, 2008 at 11:22 am\n{comment}");
        assert_keeps(&one, comment);
        // Above the article (it has not run yet), the lines stay.
        let early = format!("Title\n{thread}\n{P}\n{P}\n{P}");
        assert_keeps(&early, comment);
        // On a forum's URL the posts are the content.
        assert!(!fires_on_a_forum_url(&page, "comments.after-author-lines"));
    }

    #[test]
    fn a_dialog_a_consent_rule_fired_in_goes_whole() {
        use crate::decode::html::{html_to_blocks, HtmlOptions};
        use crate::stage::Stage;
        let strip = |html: &str| {
            let mut doc = Doc::from_html(html_to_blocks(html, &HtmlOptions::default()));
            crate::strip::Stripper::new()
                .expect("built-in rules compile")
                .run(&mut doc);
            doc.edits()
                .iter()
                .map(|e| (e.rule.as_str().to_owned(), e.before.clone()))
                .collect::<Vec<_>>()
        };
        let panel = "<div role=dialog aria-modal=true><h3>Privacy Preference Center</h3>\
                     <h4>Strictly Necessary Cookies</h4><div>Always Active</div>\
                     <p>These technologies are necessary for the website to function.</p></div>";
        let edits = strip(&format!("<div class=body><p>{BODY}</p></div>{panel}"));
        for line in [
            "Strictly Necessary Cookies",
            "Always Active",
            "These technologies are necessary for the website to function.",
        ] {
            assert!(
                edits.contains(&("consent.dialog".to_owned(), line.to_owned())),
                "{line}: {edits:?}"
            );
        }
        // Look-alikes: the same box without a line a consent rule reads (a newsletter
        // pop-up, left to the content stage), and a cookie line outside any dialog (it
        // goes alone).
        let popup = "<div role=dialog><h3>Join our newsletter</h3><div>Always Active</div></div>";
        let edits = strip(&format!("<div class=body><p>{BODY}</p></div>{popup}"));
        assert!(
            edits.iter().all(|(r, _)| r != "consent.dialog"),
            "{edits:?}"
        );
        let inline = "<div class=bar><p>Privacy Preference Center</p><p>Always Active</p></div>";
        let edits = strip(&format!("<div class=body><p>{BODY}</p></div>{inline}"));
        assert!(
            edits.iter().any(|(r, _)| r == "consent.preferences"),
            "{edits:?}"
        );
        assert!(
            edits.iter().all(|(r, _)| r != "consent.dialog"),
            "{edits:?}"
        );
    }

    #[test]
    fn a_heading_on_a_page_with_a_dom_is_left_to_the_content_stage() {
        // On HTML with names, a "热门文章" heading may top a shop's sort menu and listing.
        let html = format!(
            "<div class=sort><h3>热门文章</h3><p>甲</p><p>乙</p><p>丙</p></div><div class=body><p>{BODY}</p></div>"
        );
        use crate::decode::html::{html_to_blocks, HtmlOptions};
        use crate::stage::Stage;
        let mut doc = Doc::from_html(html_to_blocks(&html, &HtmlOptions::default()));
        assert!(!doc.reads_as_text());
        crate::strip::Stripper::new()
            .expect("built-in rules compile")
            .run(&mut doc);
        assert!(doc
            .edits()
            .iter()
            .all(|e| e.rule.as_str() != "related.headed-list"));
        // Without names the DOM says little: the rule applies, as on text.
        let bare = format!(
            "<table><tr><td><h3>热门文章</h3><p>甲</p><p>乙</p><p>丙</p></td><td><p>{BODY}</p></td></tr></table>"
        );
        let mut doc = Doc::from_html(html_to_blocks(&bare, &HtmlOptions::default()));
        assert!(!doc.reads_as_text() && doc.has_no_names());
        crate::strip::Stripper::new()
            .expect("built-in rules compile")
            .run(&mut doc);
        assert!(doc
            .edits()
            .iter()
            .any(|e| e.rule.as_str() == "related.headed-list"));
        // The same lines as text lose the list.
        let text = format!("热门文章\n甲\n乙\n丙\n{BODY}");
        assert_removes(&text, "乙", "related.headed-list");
    }

    #[test]
    fn a_bulleted_line_a_word_rule_removed_counts_toward_its_list() {
        // `• 设为首页` goes by its words; with it, the items around it make a list of three.
        let page = format!("• 春季养生小常识\n• 设为首页\n• 家常菜谱大全\n标题\n{BODY}\n{BODY}");
        assert_removes(&page, "• 设为首页", "nav.site-links");
        assert_removes(&page, "• 春季养生小常识", "nav.bullet-list");
        assert_removes(&page, "• 家常菜谱大全", "nav.bullet-list");
        // Two items alone are no list.
        let page = format!("• 春季养生小常识\n• 家常菜谱大全\n标题\n{BODY}\n{BODY}");
        assert_keeps(&page, "• 春季养生小常识");
    }

    #[test]
    fn signatures_and_dates() {
        classifies(
            is_signature_or_date,
            &[
                "中共天長市委組織部",
                "中共深圳市委组织部",
                "2022年3月19日",
                "2022-03-19",
                "二〇二二年三月十九日",
            ],
            &[
                "天津市各区政府网站",
                "用户评论",
                "2022年3月19日下午召开会议",
                "技术支持：某某公司",
            ],
        );
    }
}
