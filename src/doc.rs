//! The document model: one text buffer plus a table of lines.
//!
//! Every stage after decoding works on a [`Doc`]. Removing a line only sets a tombstone, and
//! rewriting a line appends the new text to the buffer and repoints the line, so no stage
//! ever re-scans or re-lays-out the page. Each line keeps the number of the input line it
//! came from, which is what edits and `--explain` report.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};
use std::ops::Range;

use crate::edit_log::{DetachedEdits, EditLog};
use crate::report::{Edit, RuleId};
use crate::text::skeleton::{BlockContext, BlockLines, HtmlDoc};
use crate::text::truncate_to_char_boundary;

/// [`Doc::flags`]: the line is dropped from the output (its tombstone).
const REMOVED: u8 = 1;
/// [`Doc::flags`]: memo of [`Doc::nfkc_view`], the line is known to be its own NFKC view.
/// Several stages ask; the answer only changes when the text does.
const NFKC_PLAIN: u8 = 2;

/// A page as a list of lines over one text buffer, plus the edits made so far.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    buf: String,
    /// Each line's byte range of its current text in `buf`. A line's origin (its 1-based
    /// input line number) is its index + 1. Kept lean (8 bytes a line), with the flags
    /// beside it (one byte): a page may hold millions of one-character lines.
    lines: Vec<Range<u32>>,
    /// Each line's [`REMOVED`] and [`NFKC_PLAIN`] bits.
    flags: Vec<Cell<u8>>,
    /// For HTML input: the 1-based line of the source where each block's text starts (0:
    /// unknown), once [`Doc::set_source_lines`] ran; empty otherwise.
    source_lines: Vec<u32>,
    /// The edits made so far, compact ([`EditLog`]).
    log: EditLog,
    /// The text removed lines had when they were removed, for those whose text changed
    /// since (rare: stages leave removed lines alone).
    removed_text: std::collections::BTreeMap<u32, String>,
    /// [`Doc::edits`], built when asked, until the next edit.
    edits: OnceCell<Vec<Edit>>,
    /// For a page read from HTML: each line's DOM context (same indices as `lines`).
    contexts: Vec<BlockContext>,
    /// For a page read from HTML: its elements, context tokens and metadata (the blocks'
    /// text has moved into `buf`, so `blocks` is empty).
    html: Option<Box<HtmlDoc>>,
    /// A content stage looked for the article and found none.
    no_main_content: bool,
    /// The page's address, when the caller gave one ([`crate::Hints::with_url`]).
    url: Option<String>,
    /// What the page is for, once a content stage has judged it.
    page_type: Option<crate::text::page_type::PageType>,
    /// The pipeline's time budget for this page ([`Doc::over_budget`]).
    budget: Budget,
}

/// Text a loop may work through between two readings of the clock in
/// [`Doc::over_budget_after`]: a few milliseconds of the slowest stage's work, and the clock
/// read less often than once a line (on a page of a million short lines the reading alone
/// took a tenth of the time).
const CLOCK_STRIDE: usize = 64 * 1024;
/// What one line counts towards [`CLOCK_STRIDE`] beside its bytes.
const LINE_WORK: usize = 64;

/// When a page's time budget runs out, and the work done since the clock was last read.
#[derive(Clone, Debug, Default)]
struct Budget {
    deadline: Option<std::time::Instant>,
    work: Cell<usize>,
    /// The budget was found spent: every later check says so without the clock.
    spent: Cell<bool>,
}

impl Doc {
    /// Splits decoded text into lines at `\n`, `\r\n` and lone `\r`.
    ///
    /// Text longer than `u32::MAX` bytes is cut: the decoder's page-size limit keeps real
    /// input far below that.
    pub fn from_text(text: &str) -> Doc {
        let text = truncate_to_char_boundary(text, u32::MAX as usize);
        let bytes = text.as_bytes();
        // Counted first (a vectorised scan), so that a page of millions of short lines does
        // not hold a half-grown copy of its line table: every `\n` and `\r` ends a line or
        // belongs to a `\r\n` that does, so this never counts too few.
        let breaks = memchr::memchr2_iter(b'\n', b'\r', bytes).count();
        let mut lines = Vec::with_capacity(breaks + 1);
        let mut start = 0usize;
        let mut i = 0usize;
        while let Some(off) = memchr_newline(&bytes[i..]) {
            let end = i + off;
            lines.push(start as u32..end as u32);
            i = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            start = i;
        }
        if start < bytes.len() {
            lines.push(start as u32..bytes.len() as u32);
        }
        lines.shrink_to_fit();
        Doc {
            buf: text.to_owned(),
            flags: std::iter::repeat_with(Cell::default)
                .take(lines.len())
                .collect(),
            lines,
            source_lines: Vec::new(),
            log: EditLog::default(),
            removed_text: Default::default(),
            edits: OnceCell::new(),
            contexts: Vec::new(),
            html: None,
            no_main_content: false,
            url: None,
            page_type: None,
            budget: Budget::default(),
        }
    }

    /// One line per HTML block, each keeping its DOM context ([`Doc::context`]), and the
    /// page's element skeleton and metadata ([`Doc::html`]). A line's origin is its block
    /// number (1-based) in the page's visible text.
    pub fn from_html(mut html: HtmlDoc) -> Doc {
        let lines = BlockLines::from_blocks(&html.blocks);
        html.blocks = Vec::new();
        Doc::from_html_lines(html, lines)
    }

    /// [`Doc::from_html`] from the lines as the HTML reader keeps them (one buffer): the
    /// buffer becomes the document's, nothing is copied.
    pub(crate) fn from_html_lines(html: HtmlDoc, lines: BlockLines) -> Doc {
        let BlockLines {
            text,
            mut ranges,
            mut contexts,
            ..
        } = lines;
        // The reader's vectors grew by doubling; what is left is the page's to keep.
        ranges.shrink_to_fit();
        contexts.shrink_to_fit();
        Doc {
            // Blocks carry no line breaks; one that did would be split by a text reader.
            // Each becomes a space, in place (one byte for one: the ranges still hold).
            buf: without_line_breaks(text),
            flags: std::iter::repeat_with(Cell::default)
                .take(ranges.len())
                .collect(),
            lines: ranges,
            source_lines: Vec::new(),
            log: EditLog::default(),
            removed_text: Default::default(),
            edits: OnceCell::new(),
            contexts,
            html: Some(Box::new(html)),
            no_main_content: false,
            url: None,
            page_type: None,
            budget: Budget::default(),
        }
    }

    /// For a page read from HTML: its element skeleton, context tokens and metadata
    /// ([`HtmlDoc::blocks`] is empty: the text lives in the lines).
    pub fn html(&self) -> Option<&HtmlDoc> {
        self.html.as_deref()
    }

    /// Whether the page is text, or HTML whose DOM says nothing: no class or id name
    /// anywhere, and every kept line's block under one parent (one `<p>` a line, as some
    /// converters and CMSs write). Such a page is judged as the same lines read as text; a
    /// page of nameless tables and sections is not flat.
    pub(crate) fn reads_as_text(&self) -> bool {
        let Some(html) = self.html() else {
            return true;
        };
        if !html.symbols.is_empty() {
            return false;
        }
        let mut parent: Option<Option<u32>> = None;
        for i in self.kept() {
            let p = self
                .context(i)
                .and_then(|c| c.element())
                .and_then(|b| html.elements[b].parent);
            match parent {
                None => parent = Some(p),
                Some(q) if q != p => return false,
                Some(_) => {}
            }
        }
        true
    }

    /// Whether the page is text, or HTML without a single class, id or role name: the
    /// text rules that stand back on HTML (where names tell the content stage where a
    /// sidebar or a comment thread is) apply.
    pub(crate) fn has_no_names(&self) -> bool {
        self.html().is_none_or(|h| h.symbols.is_empty())
    }

    /// The DOM context of line `i`, for pages read from HTML (`None` for text input).
    pub fn context(&self, i: usize) -> Option<&BlockContext> {
        self.contexts.get(i)
    }

    /// Number of lines, removed ones included.
    pub fn len(&self) -> usize {
        self.lines.len()
    }

    /// True when the page has no lines at all.
    pub fn is_empty(&self) -> bool {
        self.lines.is_empty()
    }

    /// Current text of line `i` (without its line break).
    ///
    /// # Panics
    /// When `i >= self.len()`.
    pub fn line(&self, i: usize) -> &str {
        let r = &self.lines[i];
        &self.buf[r.start as usize..r.end as usize]
    }

    /// Line `i` as the normalizer will leave it (NFKC, as [`crate::normalize::Normalizer`] applies it), remembered
    /// per line while its text does not change.
    pub fn nfkc_view(&self, i: usize) -> Cow<'_, str> {
        let line = self.line(i);
        if self.flags[i].get() & NFKC_PLAIN != 0 {
            return Cow::Borrowed(line);
        }
        let view = crate::text::nfkc::nfkc_view(line);
        if matches!(view, Cow::Borrowed(_)) {
            self.flags[i].set(self.flags[i].get() | NFKC_PLAIN);
        }
        view
    }

    /// The 1-based input line number line `i` came from.
    pub fn origin(&self, i: usize) -> u32 {
        u32::try_from(i + 1).unwrap_or(u32::MAX)
    }

    /// Whether line `i` has been removed.
    pub fn is_removed(&self, i: usize) -> bool {
        self.flags[i].get() & REMOVED != 0
    }

    /// Indices of the lines still kept, in order.
    pub fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.lines.len()).filter(move |&i| self.flags[i].get() & REMOVED == 0)
    }

    /// Removes line `i`, recording who removed it and why. Removing a removed line does nothing.
    pub fn remove(&mut self, i: usize, rule: RuleId, reason: impl Into<Cow<'static, str>>) {
        if self.is_removed(i) {
            return;
        }
        self.flags[i].set(self.flags[i].get() | REMOVED);
        // The edit's text is the line's, which no stage changes once it is removed (and
        // which `set_text` keeps aside if one does).
        self.log.removed(i, rule, reason.into());
        self.edits.take();
    }

    /// For HTML input, the 1-based line of the page's source where line `i`'s text starts
    /// (set by [`Doc::set_source_lines`]); `None` for text input.
    pub fn source_line(&self, i: usize) -> Option<u32> {
        self.source_lines.get(i).and_then(|&l| (l > 0).then_some(l))
    }

    /// Records where each HTML block starts in `source` (the decoded HTML the blocks were
    /// read from), from the byte offsets the decoder kept: one pass counting line breaks,
    /// so `--explain` can point into the page's source rather than at a block number.
    pub fn set_source_lines(&mut self, source: &str) {
        let bytes = source.as_bytes();
        let (mut at, mut line) = (0usize, 1u32);
        self.source_lines = Vec::with_capacity(self.lines.len().min(self.contexts.len()));
        for c in self.contexts.iter().take(self.lines.len()) {
            let offset = (c.offset as usize).min(bytes.len());
            if offset > at {
                line = line.saturating_add(count_newlines(&bytes[at..offset]) as u32);
                at = offset;
            } else if offset < at {
                // Offsets are approximate (a few bytes early after a character reference):
                // count back rather than restart.
                line = line.saturating_sub(count_newlines(&bytes[offset..at]) as u32);
                at = offset;
            }
            self.source_lines.push(line);
        }
    }

    /// Drops line `i` without recording an edit: for lines that carry no text (blank lines),
    /// whose loss no user needs to be told about.
    pub fn drop_blank(&mut self, i: usize) {
        debug_assert!(self.line(i).trim().is_empty());
        self.flags[i].set(self.flags[i].get() | REMOVED);
    }

    /// Replaces the text of line `i` with a repaired version, recording the edit.
    pub fn repair(
        &mut self,
        i: usize,
        new_text: &str,
        rule: RuleId,
        reason: impl Into<Cow<'static, str>>,
    ) {
        let before = self.line(i).to_owned();
        self.set_text(i, new_text);
        let edit = Edit {
            kind: crate::report::EditKind::Repaired,
            rule,
            reason: reason.into(),
            line: self.origin(i),
            source_line: self.source_line(i),
            before,
            after: Some(new_text.to_owned()),
        };
        self.log.repaired(i, edit);
        self.edits.take();
    }

    /// Replaces the text of line `i` without recording an edit: for normalisation (NFKC,
    /// whitespace), which changes form, not content.
    pub fn set_text(&mut self, i: usize, new_text: &str) {
        if self.line(i) == new_text {
            return;
        }
        self.flags[i].set(self.flags[i].get() & !NFKC_PLAIN);
        if self.is_removed(i) && !self.removed_text.contains_key(&(i as u32)) {
            // The removal's edit reads the text the line had.
            self.removed_text.insert(i as u32, self.line(i).to_owned());
        }
        let r = self.lines[i].clone();
        let old_len = (r.end - r.start) as usize;
        if new_text.len() <= old_len {
            // Shrinking in place keeps the buffer from growing on every normalisation pass.
            // The old range is overwritten whole (its ends are char boundaries), padded with
            // spaces no line points at.
            let start = r.start as usize;
            let mut filler = String::with_capacity(old_len);
            filler.push_str(new_text);
            filler.extend(std::iter::repeat_n(' ', old_len - new_text.len()));
            self.buf.replace_range(start..r.end as usize, &filler);
            self.lines[i] = r.start..r.start + new_text.len() as u32;
            return;
        }
        if self.buf.len() + new_text.len() > u32::MAX as usize {
            return; // cannot happen under the page-size limit; keep the old text rather than panic
        }
        let start = self.buf.len() as u32;
        self.buf.push_str(new_text);
        self.lines[i] = start..self.buf.len() as u32;
    }

    /// Edits made so far, in order.
    ///
    /// The document keeps its edits compact (a page may lose millions of lines): this
    /// builds them, once until the next edit. A stage that only needs how many there are
    /// asks [`Doc::edit_count`].
    pub fn edits(&self) -> &[Edit] {
        self.edits.get_or_init(|| {
            let mut out = Vec::with_capacity(self.log.len());
            self.for_each_edit(0, |e| out.push(e));
            out
        })
    }

    /// How many edits were made so far.
    pub fn edit_count(&self) -> usize {
        self.log.len()
    }

    /// The edits from the `from`-th on, built one at a time.
    pub(crate) fn for_each_edit(&self, from: usize, f: impl FnMut(Edit)) {
        self.log.for_each(
            from,
            |i, _| self.removal_text(i),
            |i, _| self.source_line(i),
            f,
        );
    }

    /// The text line `i` had when it was removed.
    pub(crate) fn removal_text(&self, i: usize) -> &str {
        match self.removed_text.get(&(i as u32)) {
            Some(t) => t,
            None => self.line(i),
        }
    }

    /// The edit log (kinds and rules without building the edits).
    pub(crate) fn edit_log(&self) -> &EditLog {
        &self.log
    }

    /// Takes the edits out of the document, compact, with the removed lines' text.
    pub(crate) fn take_detached_edits(&mut self) -> DetachedEdits {
        let log = std::mem::take(&mut self.log);
        self.edits.take();
        let edits = DetachedEdits::new(log, |i| self.removal_text(i), |i| self.source_line(i));
        self.removed_text = Default::default();
        edits
    }

    /// The page's address, when the caller gave one: stages may read the site's own
    /// naming of the page (`/forum/`, `/product/`).
    pub fn url(&self) -> Option<&str> {
        self.url.as_deref()
    }

    /// Records what the page is for (a content stage's verdict).
    pub fn set_page_type(&mut self, page_type: crate::text::page_type::PageType) {
        self.page_type = Some(page_type);
    }

    /// What the page is for, when a content stage judged it.
    pub fn page_type(&self) -> Option<crate::text::page_type::PageType> {
        self.page_type
    }

    /// Whether the pipeline's time budget for this page has run out. The pipeline checks it
    /// between stages; a stage that loops over many lines checks it inside its loops and
    /// returns early, since the page's text is dropped anyway (it is flagged
    /// [`timed_out`](crate::Flags::timed_out)). Always `false` without a budget.
    pub fn over_budget(&self) -> bool {
        let b = &self.budget;
        if b.spent.get() {
            return true;
        }
        let spent = b.deadline.is_some_and(|at| std::time::Instant::now() >= at);
        b.spent.set(spent);
        spent
    }

    /// [`Doc::over_budget`] for a loop about to work through `bytes` more of text (a line):
    /// the clock is read once about every [`CLOCK_STRIDE`] bytes (or 1,024 short lines), so
    /// a check per line costs nothing while the budget still bounds the page.
    pub(crate) fn over_budget_after(&self, bytes: usize) -> bool {
        let b = &self.budget;
        if b.deadline.is_none() {
            return false;
        }
        let work = b.work.get() + bytes + LINE_WORK;
        if work < CLOCK_STRIDE && !b.spent.get() {
            b.work.set(work);
            return false;
        }
        b.work.set(0);
        self.over_budget()
    }

    /// Sets when the time budget runs out (`None`: never).
    pub(crate) fn set_deadline(&mut self, at: Option<std::time::Instant>) {
        self.budget = Budget {
            deadline: at,
            ..Budget::default()
        };
    }

    pub(crate) fn set_url(&mut self, url: Option<&str>) {
        self.url = url.map(str::to_owned);
    }

    /// Records that a content stage found no article on the page (it then keeps every
    /// line): reported as [`crate::Flags::no_main_content`].
    pub fn mark_no_main_content(&mut self) {
        self.no_main_content = true;
    }

    /// Whether a content stage found no article.
    pub fn no_main_content(&self) -> bool {
        self.no_main_content
    }

    /// Takes the edits out of the document.
    pub fn take_edits(&mut self) -> Vec<Edit> {
        let edits = self.edits.take().unwrap_or_else(|| {
            let mut out = Vec::with_capacity(self.log.len());
            self.for_each_edit(0, |e| out.push(e));
            out
        });
        self.log = EditLog::default();
        self.removed_text = Default::default();
        edits
    }

    /// The kept lines joined by `\n`, with one final `\n` (empty when nothing is kept).
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(self.buf.len().min(1 << 24));
        for i in self.kept() {
            out.push_str(self.line(i));
            out.push('\n');
        }
        out
    }
}

/// Position of the first `\n` or `\r`.
fn memchr_newline(bytes: &[u8]) -> Option<usize> {
    bytes.iter().position(|&b| b == b'\n' || b == b'\r')
}

/// `text` with every `\n` and `\r` turned into a space, in place.
fn without_line_breaks(mut text: String) -> String {
    text.shrink_to_fit();
    if memchr::memchr2(b'\n', b'\r', text.as_bytes()).is_none() {
        return text;
    }
    let mut bytes = text.into_bytes();
    for b in &mut bytes {
        if matches!(*b, b'\n' | b'\r') {
            *b = b' ';
        }
    }
    // ASCII bytes replaced by ASCII bytes: still UTF-8.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// Line feeds in `bytes`, counted in blocks of 255 into a byte (a vector loop without
/// 64-bit adds: this runs over every HTML page, for `--explain`'s source lines).
fn count_newlines(bytes: &[u8]) -> usize {
    bytes
        .chunks(255)
        .map(|c| {
            c.iter()
                .fold(0u8, |n, &b| n.wrapping_add(u8::from(b == b'\n'))) as usize
        })
        .sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_every_line_break_kind() {
        let d = Doc::from_text("a\nb\r\nc\rd");
        let lines: Vec<&str> = (0..d.len()).map(|i| d.line(i)).collect();
        assert_eq!(lines, ["a", "b", "c", "d"]);
        assert_eq!(d.origin(3), 4);
    }

    #[test]
    fn trailing_newline_makes_no_empty_last_line() {
        assert_eq!(Doc::from_text("a\n").len(), 1);
        assert_eq!(Doc::from_text("").len(), 0);
        assert_eq!(Doc::from_text("\n\n").len(), 2);
    }

    #[test]
    fn remove_and_repair_are_recorded_with_origin() {
        let mut d = Doc::from_text("keep\ndrop\nfix");
        d.remove(1, RuleId::new("t.drop"), "test");
        d.repair(2, "fixed and longer", RuleId::new("t.fix"), "test");
        assert_eq!(d.render(), "keep\nfixed and longer\n");
        assert_eq!(d.edits().len(), 2);
        assert_eq!(d.edits()[0].line, 2);
        assert_eq!(d.edits()[1].after.as_deref(), Some("fixed and longer"));
    }

    #[test]
    fn html_blocks_become_lines_with_context() {
        use crate::decode::html::{html_to_blocks, HtmlOptions, Tag};
        let html = html_to_blocks(
            "<h1>标题</h1><p>正文<a href=x>链接</a></p>",
            &HtmlOptions::default(),
        );
        let d = Doc::from_html(html);
        assert_eq!(d.render(), "标题\n正文链接\n");
        let page = d.html().unwrap();
        assert!(page.blocks.is_empty(), "the text lives in the lines");
        let p = d.context(1).unwrap().element().unwrap();
        assert_eq!(page.elements[p].tag, Tag::P);
        assert_eq!(d.context(0).unwrap().tag, Tag::H1);
        assert!(d.context(1).unwrap().link_share() > 0.3);
        assert!(Doc::from_text("x").context(0).is_none());
    }

    /// The pipeline's path (the reader's one buffer) and `from_html` (a `String` per block)
    /// give the same lines and contexts; a line break inside a block becomes a space.
    #[test]
    fn html_lines_read_into_one_buffer_are_the_blocks() {
        use crate::decode::html::{html_to_blocks, html_to_lines_until, HtmlOptions};
        let page =
            "<title>t</title><h1>标题</h1><pre>a\r\nb</pre><ul><li>x<li><a href=/>y</a></ul>\
                    <table><tr><td>1<td>2</table><p>z<br>w</p>";
        let opts = HtmlOptions::default();
        let (html, lines, abandoned) = html_to_lines_until(page, &opts, None);
        assert!(!abandoned);
        let fast = Doc::from_html_lines(html, lines);
        let slow = Doc::from_html(html_to_blocks(page, &opts));
        assert!(fast.len() >= 8, "{}", fast.render());
        assert_eq!(fast.render(), slow.render());
        for i in 0..fast.len() {
            assert_eq!(fast.context(i), slow.context(i), "line {i}");
            assert!(!fast.line(i).contains(['\n', '\r']));
        }
        assert_eq!(fast.html().unwrap().elements, slow.html().unwrap().elements);
        assert_eq!(fast.html().unwrap().meta, slow.html().unwrap().meta);
    }

    /// A page may hold a million lines and twice as many elements (DESIGN.md, "Hostile
    /// input"): these sizes are what its memory bound was measured with.
    #[test]
    fn a_line_context_and_an_element_stay_small() {
        use crate::decode::html::{BlockContext, Element, TokenSpan};
        assert_eq!(std::mem::size_of::<TokenSpan>(), 6);
        assert!(std::mem::size_of::<BlockContext>() <= 28);
        assert!(std::mem::size_of::<Element>() <= 20);
    }

    #[test]
    fn the_budget_clock_is_read_once_a_stride_and_stays_spent() {
        let mut d = Doc::from_text("a");
        assert!(!d.over_budget_after(CLOCK_STRIDE), "no budget, never over");
        d.set_deadline(Some(std::time::Instant::now()));
        // Short lines: the clock is read after a stride's worth of them, not before.
        let calls = (0..CLOCK_STRIDE)
            .take_while(|_| !d.over_budget_after(0))
            .count();
        assert_eq!(calls, CLOCK_STRIDE / LINE_WORK - 1);
        // Spent is sticky, without the clock.
        assert!(d.over_budget_after(0) && d.over_budget());
        // One long line reads the clock at once.
        d.set_deadline(Some(std::time::Instant::now()));
        assert!(d.over_budget_after(CLOCK_STRIDE));
        // A budget not yet spent is not.
        d.set_deadline(Some(
            std::time::Instant::now() + std::time::Duration::from_secs(3600),
        ));
        assert!(!d.over_budget_after(CLOCK_STRIDE) && !d.over_budget());
    }

    #[test]
    fn shrinking_set_text_does_not_disturb_neighbours() {
        let mut d = Doc::from_text("aaaa\nbbbb");
        d.set_text(0, "a");
        assert_eq!(d.line(0), "a");
        assert_eq!(d.line(1), "bbbb");
        let mut d = Doc::from_text("中文\n尾");
        d.set_text(0, "a");
        assert_eq!(d.render(), "a\n尾\n");
    }
}
