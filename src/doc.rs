//! The document model: one text buffer plus a table of lines.
//!
//! Every stage after decoding works on a [`Doc`]. Removing a line only sets a tombstone, and
//! rewriting a line appends the new text to the buffer and repoints the line, so no stage
//! ever re-scans or re-lays-out the page. Each line keeps the number of the input line it
//! came from, which is what edits and `--explain` report.

use std::borrow::Cow;
use std::cell::Cell;
use std::ops::Range;

use crate::report::{Edit, EditKind, RuleId};
use crate::text::skeleton::{BlockContext, HtmlDoc};
use crate::text::truncate_to_char_boundary;

/// One line (block) of a page.
#[derive(Clone, Debug)]
struct Line {
    /// Byte range of the current text in [`Doc::buf`].
    range: Range<u32>,
    /// 1-based number of the input line.
    origin: u32,
    /// For HTML input: the 1-based line of the source where the block's text starts (0:
    /// unknown).
    source_line: u32,
    /// Tombstone: the line is dropped from the output.
    removed: bool,
    /// Memo of [`Doc::nfkc_view`]: the line is known to be its own NFKC view. Several
    /// stages ask; the answer only changes when the text does.
    nfkc_plain: Cell<bool>,
}

/// A page as a list of lines over one text buffer, plus the edits made so far.
#[derive(Clone, Debug, Default)]
pub struct Doc {
    buf: String,
    lines: Vec<Line>,
    edits: Vec<Edit>,
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
        let mut origin = 1u32;
        while let Some(off) = memchr_newline(&bytes[i..]) {
            let end = i + off;
            lines.push(Line {
                range: start as u32..end as u32,
                origin,
                source_line: 0,
                removed: false,
                nfkc_plain: Cell::new(false),
            });
            origin = origin.saturating_add(1);
            i = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            start = i;
        }
        if start < bytes.len() {
            lines.push(Line {
                range: start as u32..bytes.len() as u32,
                origin,
                source_line: 0,
                removed: false,
                nfkc_plain: Cell::new(false),
            });
        }
        Doc {
            buf: text.to_owned(),
            lines,
            edits: Vec::new(),
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
        let total: usize = html.blocks.iter().map(|b| b.text.len() + 1).sum();
        let mut buf = String::with_capacity(total.min(u32::MAX as usize));
        let mut lines = Vec::with_capacity(html.blocks.len());
        let mut contexts = Vec::with_capacity(html.blocks.len());
        for (n, block) in html.blocks.iter().enumerate() {
            // Blocks carry no line breaks; one that did would be split by a text reader.
            let text = block.text.replace(['\n', '\r'], " ");
            if buf.len() + text.len() > u32::MAX as usize {
                break; // cannot happen under the page-size limit
            }
            let start = buf.len() as u32;
            buf.push_str(&text);
            lines.push(Line {
                range: start..buf.len() as u32,
                origin: u32::try_from(n + 1).unwrap_or(u32::MAX),
                source_line: 0,
                removed: false,
                nfkc_plain: Cell::new(false),
            });
            contexts.push(block.context);
        }
        html.blocks = Vec::new();
        Doc {
            buf,
            lines,
            edits: Vec::new(),
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
        let r = &self.lines[i].range;
        &self.buf[r.start as usize..r.end as usize]
    }

    /// Line `i` as the normalizer will leave it (NFKC, as [`crate::normalize::Normalizer`] applies it), remembered
    /// per line while its text does not change.
    pub fn nfkc_view(&self, i: usize) -> Cow<'_, str> {
        let line = self.line(i);
        if self.lines[i].nfkc_plain.get() {
            return Cow::Borrowed(line);
        }
        let view = crate::text::nfkc::nfkc_view(line);
        if matches!(view, Cow::Borrowed(_)) {
            self.lines[i].nfkc_plain.set(true);
        }
        view
    }

    /// The 1-based input line number line `i` came from.
    pub fn origin(&self, i: usize) -> u32 {
        self.lines[i].origin
    }

    /// Whether line `i` has been removed.
    pub fn is_removed(&self, i: usize) -> bool {
        self.lines[i].removed
    }

    /// Indices of the lines still kept, in order.
    pub fn kept(&self) -> impl Iterator<Item = usize> + '_ {
        (0..self.lines.len()).filter(move |&i| !self.lines[i].removed)
    }

    /// Removes line `i`, recording who removed it and why. Removing a removed line does nothing.
    pub fn remove(&mut self, i: usize, rule: RuleId, reason: impl Into<Cow<'static, str>>) {
        if self.lines[i].removed {
            return;
        }
        self.lines[i].removed = true;
        let edit = Edit {
            kind: EditKind::Removed,
            rule,
            reason: reason.into(),
            line: self.lines[i].origin,
            source_line: self.source_line(i),
            before: self.line(i).to_owned(),
            after: None,
        };
        self.edits.push(edit);
    }

    /// For HTML input, the 1-based line of the page's source where line `i`'s text starts
    /// (set by [`Doc::set_source_lines`]); `None` for text input.
    pub fn source_line(&self, i: usize) -> Option<u32> {
        self.lines
            .get(i)
            .and_then(|l| (l.source_line > 0).then_some(l.source_line))
    }

    /// Records where each HTML block starts in `source` (the decoded HTML the blocks were
    /// read from), from the byte offsets the decoder kept: one pass counting line breaks,
    /// so `--explain` can point into the page's source rather than at a block number.
    pub fn set_source_lines(&mut self, source: &str) {
        let bytes = source.as_bytes();
        let (mut at, mut line) = (0usize, 1u32);
        for (l, c) in self.lines.iter_mut().zip(&self.contexts) {
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
            l.source_line = line;
        }
    }

    /// Drops line `i` without recording an edit: for lines that carry no text (blank lines),
    /// whose loss no user needs to be told about.
    pub fn drop_blank(&mut self, i: usize) {
        debug_assert!(self.line(i).trim().is_empty());
        self.lines[i].removed = true;
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
        self.edits.push(Edit {
            kind: EditKind::Repaired,
            rule,
            reason: reason.into(),
            line: self.lines[i].origin,
            source_line: self.source_line(i),
            before,
            after: Some(new_text.to_owned()),
        });
    }

    /// Replaces the text of line `i` without recording an edit: for normalisation (NFKC,
    /// whitespace), which changes form, not content.
    pub fn set_text(&mut self, i: usize, new_text: &str) {
        if self.line(i) == new_text {
            return;
        }
        self.lines[i].nfkc_plain.set(false);
        let r = self.lines[i].range.clone();
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
            self.lines[i].range = r.start..r.start + new_text.len() as u32;
            return;
        }
        if self.buf.len() + new_text.len() > u32::MAX as usize {
            return; // cannot happen under the page-size limit; keep the old text rather than panic
        }
        let start = self.buf.len() as u32;
        self.buf.push_str(new_text);
        self.lines[i].range = start..self.buf.len() as u32;
    }

    /// Edits made so far, in order.
    pub fn edits(&self) -> &[Edit] {
        &self.edits
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
        std::mem::take(&mut self.edits)
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

/// The longest prefix of `s` of at most `max` bytes that ends on a char boundary.
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
