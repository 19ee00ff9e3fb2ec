//! The token sink: an open-element stack, the line being built, and metadata capture.
//!
//! [`State`] is driven through [`TokenSink`] by a tokenizer front-end: ours
//! ([`run`]) or, for the differential test, html5ever's.

use std::mem;

use super::tags::{NameId, Names, Raw, Tag};
use super::text::{char_count, collapse, is_east_asian_wide, is_html_space, split_html_space};
use super::token::{AttrName, TagToken, TokenSink};
use super::{
    BlockContext, BlockFlags, BlockLines, ContextToken, Element, HtmlDoc, HtmlOptions, Sym,
    TokenKind, TokenSpan,
};

/// Internal flag bits above the public [`BlockFlags`] (which use the low 16 bits).
const DROP: u32 = 1 << 16; // content is not rendered
const FOREIGN: u32 = 1 << 17; // inside <svg>/<math>
const PUBLIC: u32 = 0xFFFF;

/// Tokens kept per element: class lists of a few hundred names exist (utility CSS) and
/// would only bloat every line below them.
const MAX_TOKENS_PER_ELEMENT: usize = 16;
/// Longer tokens are generated hashes or base64, useless to a scorer.
const MAX_TOKEN_LEN: usize = 64;

/// One open element.
struct Open {
    name: NameId,
    tag: Tag,
    /// This element's own flag bits.
    own: u32,
    /// Own bits OR'ed with every ancestor's.
    flags: u32,
    /// Index in the stack of the nearest block element at or above this one.
    block: Option<u32>,
    /// This element's tokens in `State::own_tokens`.
    tokens: (u32, u32),
    /// Context-token span computed for lines of this block (cached: lines share it).
    span: Option<TokenSpan>,
    /// Unique per element, for the `<h1>` capture.
    serial: u32,
    /// The nearest recorded block element at or above this one ([`HtmlDoc::elements`]).
    element: Option<u32>,
}

/// Whitespace seen since the last character, not yet written.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Pending {
    None,
    Space,
    /// The run held a line break: removed between two wide (CJK) characters.
    Break,
}

pub(super) struct State {
    opts: HtmlOptions,

    stack: Vec<Open>,
    index: StackIndex,
    /// Names of unknown elements, for `Open::name`.
    names: Names,
    own_tokens: Vec<(TokenKind, Sym)>,
    serial: u32,
    /// Elements opened beyond `max_depth` and not yet closed.
    overflow: u32,
    /// Beyond the cap, a dropped element being skipped: its name and nesting count.
    skip: Option<(NameId, u32)>,

    line: String,
    line_chars: u32,
    line_links: u32,
    line_offset: Option<u32>,
    line_limited: bool,
    pending: Pending,
    /// `<pre>` just opened: a leading newline is dropped (HTML §13.2.6.4.7).
    skip_newline: bool,
    /// A `<head>` or `<body>` was seen: a later `<head>` is ignored.
    head_seen: bool,

    title: Option<String>,
    /// `article:author`, used when no `<meta name=author>` exists.
    article_author: Option<String>,
    h1_capture: Option<(u32, usize)>,
    /// Links ([`HtmlOptions::links`]): the number of the last `<a>` opened and its `href`,
    /// and the link run in the line being built (that number, start and end byte).
    link_serial: u32,
    link_href: Option<String>,
    link_run: Option<(u32, usize, usize)>,
    doc: HtmlDoc,
    /// The blocks' text and contexts, in one buffer: a `String` per block cost 24 bytes and
    /// an allocation each (a table of a million cells).
    lines: BlockLines,
}

/// Turns `html` into blocks with our tokenizer; gives up at `deadline` (the pipeline's
/// time budget): whether it gave up, with what was read so far.
pub(super) fn run(
    html: &str,
    opts: &HtmlOptions,
    deadline: Option<std::time::Instant>,
) -> (HtmlDoc, BlockLines, bool) {
    let html = truncate(html);
    let mut state = State::new(opts, html.len());
    let abandoned = match deadline {
        None => {
            super::tokenizer::tokenize(html, &mut state);
            false
        }
        Some(deadline) => {
            let mut sink = Deadlined {
                state: &mut state,
                deadline,
                tokens: 0,
                abandoned: false,
            };
            super::tokenizer::tokenize(html, &mut sink);
            sink.abandoned
        }
    };
    let (doc, lines) = state.finish();
    (doc, lines, abandoned)
}

/// Tokens between two looks at the clock.
const TOKENS_PER_DEADLINE_CHECK: u32 = 256;

/// The extractor with a deadline: once it passes, tokens are ignored (the tokenizer's
/// remaining scan is linear and fast; nothing more is built).
struct Deadlined<'s> {
    state: &'s mut State,
    deadline: std::time::Instant,
    tokens: u32,
    abandoned: bool,
}

impl Deadlined<'_> {
    /// Counts a token; true once the deadline has passed.
    fn over(&mut self) -> bool {
        if !self.abandoned {
            self.tokens += 1;
            if self.tokens == TOKENS_PER_DEADLINE_CHECK {
                self.tokens = 0;
                self.abandoned = std::time::Instant::now() >= self.deadline;
            }
        }
        self.abandoned
    }
}

impl TokenSink for Deadlined<'_> {
    fn text(&mut self, text: &str, offset: usize) {
        if !self.over() {
            TokenSink::text(self.state, text, offset);
        }
    }

    fn start_tag(&mut self, tag: &TagToken<'_>) -> Raw {
        if self.over() {
            return Raw::No;
        }
        TokenSink::start_tag(self.state, tag)
    }

    fn end_tag(&mut self, tag: &TagToken<'_>) {
        if !self.over() {
            TokenSink::end_tag(self.state, tag);
        }
    }

    fn in_foreign_content(&self) -> bool {
        self.state.in_foreign_content()
    }
}

/// Offsets are u32; a page over 4 GiB is cut rather than mis-indexed (the decoder's page
/// limit keeps real input far below this).
pub(super) fn truncate(html: &str) -> &str {
    crate::text::truncate_to_char_boundary(html, u32::MAX as usize)
}

impl TokenSink for State {
    fn text(&mut self, text: &str, offset: usize) {
        State::text(self, text, offset);
    }

    fn start_tag(&mut self, tag: &TagToken<'_>) -> Raw {
        // Only a text token right after <pre> loses its leading newline.
        self.skip_newline = false;
        State::start_tag(self, tag)
    }

    fn end_tag(&mut self, tag: &TagToken<'_>) {
        self.skip_newline = false;
        State::end_tag(self, tag);
    }

    /// CDATA sections are only real inside SVG/MathML; elsewhere they are bogus comments.
    fn in_foreign_content(&self) -> bool {
        self.top_flags() & FOREIGN != 0
    }
}

impl State {
    pub(super) fn new(opts: &HtmlOptions, len: usize) -> State {
        State {
            opts: opts.clone(),
            stack: Vec::new(),
            index: StackIndex::new(),
            names: Names::default(),
            own_tokens: Vec::new(),
            serial: 0,
            overflow: 0,
            skip: None,
            line: String::new(),
            line_chars: 0,
            line_links: 0,
            line_offset: None,
            line_limited: false,
            pending: Pending::None,
            skip_newline: false,
            head_seen: false,
            title: None,
            article_author: None,
            h1_capture: None,
            link_serial: 0,
            link_href: None,
            link_run: None,
            doc: HtmlDoc::default(),
            lines: BlockLines::with_capacity(len / 256 + 1),
        }
    }

    fn top_flags(&self) -> u32 {
        self.stack.last().map_or(0, |o| o.flags)
    }

    // ----- text -----

    fn text(&mut self, text: &str, offset: usize) {
        if let Some(top) = self.stack.last() {
            if top.tag == Tag::Title && top.flags & FOREIGN == 0 {
                if self.doc.meta.title.is_none() {
                    self.title.get_or_insert_with(String::new).push_str(text);
                }
                return;
            }
        }
        if self.skip.is_some() {
            return;
        }
        let flags = self.top_flags();
        if flags & DROP != 0 {
            // Text inside a never-closed <head> that is not whitespace starts the body
            // ("in head": anything else → pop head, reprocess).
            if self.head_is_open_and_top() {
                if let Some(first) = text.bytes().position(|b| !is_html_space(b)) {
                    // Whitespace stays in the head. Only what follows the last line break
                    // before the first other character is reprocessed: html5ever hands
                    // text over split at line breaks, and the lines must not depend on
                    // how a tokenizer splits text into runs.
                    let from = text[..first].rfind('\n').map_or(0, |i| i + 1);
                    self.pop_through(self.stack.len() - 1);
                    return self.text(&text[from..], offset + from);
                }
            }
            return;
        }
        let start_offset = offset;
        let mut text = text;
        let mut start_offset = start_offset;
        if mem::take(&mut self.skip_newline) {
            if let Some(rest) = text.strip_prefix('\n') {
                text = rest;
                start_offset += 1;
            }
        }
        if flags & BlockFlags::PRE.bits() as u32 != 0 {
            self.pre_text(text, flags, start_offset);
        } else {
            self.flow_text(text, flags, start_offset);
        }
    }

    /// Text with `white-space: normal`: runs of whitespace become one space.
    fn flow_text(&mut self, text: &str, flags: u32, start_offset: usize) {
        let in_link = flags & BlockFlags::A.bits() as u32 != 0;
        let bytes = text.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            // A whitespace run.
            let ws_start = i;
            let mut pending = Pending::None;
            while i < bytes.len() && is_html_space(bytes[i]) {
                pending = pending.max(if bytes[i] == b'\n' {
                    Pending::Break
                } else {
                    Pending::Space
                });
                i += 1;
            }
            if i > ws_start {
                self.pending = self.pending.max(pending);
            }
            // A word, and the words after it that single spaces separate: appended as one
            // piece, which is what appending them one by one writes (a single space between
            // two words of one run is written as it is), for one append instead of one a
            // word.
            let word_start = i;
            let mut spaces = 0u32;
            loop {
                while i < bytes.len() && !is_html_space(bytes[i]) {
                    i += 1;
                }
                if i + 1 < bytes.len() && bytes[i] == b' ' && !is_html_space(bytes[i + 1]) {
                    spaces += 1;
                    i += 1;
                    continue;
                }
                break;
            }
            if i > word_start {
                let words = &text[word_start..i];
                self.push_words(words, spaces, in_link, start_offset + word_start);
            }
        }
    }

    /// Appends `words`: one word, or several with `spaces` single spaces between them.
    fn push_words(&mut self, words: &str, spaces: u32, in_link: bool, offset: usize) {
        if self.line.is_empty() {
            self.line_offset = Some(offset.min(u32::MAX as usize) as u32);
        } else if self.pending != Pending::None {
            let join_cjk = self.pending == Pending::Break
                && self
                    .line
                    .chars()
                    .next_back()
                    .is_some_and(is_east_asian_wide)
                && words.chars().next().is_some_and(is_east_asian_wide);
            if !join_cjk {
                self.line.push(' ');
            }
        }
        self.pending = Pending::None;
        if self.opts.links {
            self.track_link(in_link, words.len());
        }
        self.line.push_str(words);
        let n = (char_count(words) as u32).saturating_sub(spaces);
        self.line_chars = self.line_chars.saturating_add(n);
        if in_link {
            self.line_links = self.line_links.saturating_add(n);
        }
        if self.overflow > 0 {
            self.line_limited = true;
        }
    }

    /// Text in `<pre>`: spacing kept, each source line is a line.
    fn pre_text(&mut self, text: &str, flags: u32, start_offset: usize) {
        let in_link = flags & BlockFlags::A.bits() as u32 != 0;
        let mut offset = start_offset;
        for (i, part) in text.split('\n').enumerate() {
            if i > 0 {
                self.flush();
            }
            if !part.is_empty() {
                if self.line.is_empty() {
                    self.line_offset = Some(offset.min(u32::MAX as usize) as u32);
                }
                self.pending = Pending::None;
                self.line.push_str(part);
                let n = part.chars().filter(|c| !c.is_whitespace()).count() as u32;
                self.line_chars = self.line_chars.saturating_add(n);
                if in_link {
                    self.line_links = self.line_links.saturating_add(n);
                }
                if self.overflow > 0 {
                    self.line_limited = true;
                }
            }
            offset += part.len() + 1;
        }
    }

    /// Links: the word about to be appended (`len` bytes) is in a link or not; a run of
    /// words of one `<a>` in one line becomes one [`super::Link`].
    fn track_link(&mut self, in_link: bool, len: usize) {
        let at = self.line.len();
        let current = (in_link && self.link_href.is_some()).then_some(self.link_serial);
        match (self.link_run, current) {
            (Some((serial, start, _)), Some(c)) if serial == c => {
                self.link_run = Some((serial, start, at + len));
                return;
            }
            (Some(_), _) => self.close_link(),
            (None, _) => {}
        }
        if let Some(c) = current {
            self.link_run = Some((c, at, at + len));
        }
    }

    /// Records the link run of the current line, if any.
    fn close_link(&mut self) {
        let Some((_, start, end)) = self.link_run.take() else {
            return;
        };
        let end = end.min(self.line.len());
        if start >= end {
            return;
        }
        if let (Some(text), Some(href)) = (self.line.get(start..end), self.link_href.as_ref()) {
            self.doc.links.push(super::Link {
                block: self.lines.len().min(u32::MAX as usize) as u32,
                text: text.to_owned(),
                href: href.clone(),
            });
        }
    }

    /// Ends the current line: emits it as a block in the context of the innermost block
    /// element open now.
    fn flush(&mut self) {
        self.pending = Pending::None;
        let text_len = self.line.trim_end().len();
        self.line.truncate(text_len);
        if self.link_run.is_some() {
            self.close_link();
        }
        if self.line.is_empty() {
            self.reset_line();
            return;
        }
        let (tag, depth, mut flags, tokens, element) = match self.block_index() {
            Some(i) => {
                let tokens = self.context_span(i);
                let o = &self.stack[i];
                (
                    o.tag,
                    i.min(u16::MAX as usize) as u16,
                    o.flags & PUBLIC,
                    tokens,
                    o.element.unwrap_or(u32::MAX),
                )
            }
            None => (Tag::Root, 0, 0, TokenSpan::default(), u32::MAX),
        };
        if self.line_limited {
            flags |= BlockFlags::DEPTH_LIMITED.bits() as u32;
        }
        let context = BlockContext {
            tag,
            depth,
            flags: BlockFlags(flags as u16),
            tokens,
            chars: self.line_chars,
            link_chars: self.line_links,
            offset: self.line_offset.unwrap_or(0),
            element,
        };
        self.lines.push(&self.line, context);
        self.reset_line();
    }

    fn reset_line(&mut self) {
        self.line.clear();
        self.line_chars = 0;
        self.line_links = 0;
        self.line_offset = None;
        self.line_limited = false;
    }

    fn block_index(&self) -> Option<usize> {
        self.stack.last().and_then(|o| o.block).map(|b| b as usize)
    }

    /// The context tokens of the block at stack index `i` and its ancestors, nearest first,
    /// appended once to the shared list and cached on the element.
    fn context_span(&mut self, i: usize) -> TokenSpan {
        if let Some(span) = self.stack[i].span {
            return span;
        }
        let start = self.doc.context_tokens.len();
        let max = self.opts.max_context_tokens;
        'outer: for (distance, o) in self.stack[..=i].iter().rev().enumerate() {
            let (a, b) = o.tokens;
            for &(kind, sym) in &self.own_tokens[a as usize..b as usize] {
                if self.doc.context_tokens.len() - start >= max {
                    break 'outer;
                }
                self.doc.context_tokens.push(ContextToken {
                    sym,
                    kind,
                    distance: distance.min(u16::MAX as usize) as u16,
                });
            }
        }
        let span = TokenSpan {
            start: start.min(u32::MAX as usize) as u32,
            len: (self.doc.context_tokens.len() - start) as u16,
        };
        self.stack[i].span = Some(span);
        span
    }

    // ----- tags -----

    fn head_is_open_and_top(&self) -> bool {
        self.stack.last().is_some_and(|o| o.tag == Tag::Head)
    }

    fn start_tag(&mut self, tag: &TagToken<'_>) -> Raw {
        let kind = Tag::from_name(tag.name);
        let top = self.top_flags();
        // Browsers parse <style>/<script> inside SVG as markup, not raw text.
        let raw = if top & FOREIGN != 0 {
            Raw::No
        } else {
            kind.raw()
        };

        if let Some((name, depth)) = &mut self.skip {
            if Some(*name) == self.names.get(kind, tag.name) && !tag.self_closing {
                *depth += 1;
            }
            return raw;
        }

        match kind {
            Tag::Meta => {
                self.meta_tag(tag);
                return Raw::No;
            }
            Tag::Link => {
                self.link_tag(tag);
                return Raw::No;
            }
            Tag::Html => {
                if self.doc.meta.lang.is_none() {
                    if let Some(lang) = tag.attr(AttrName::Lang) {
                        let lang = collapse(lang);
                        if !lang.is_empty() {
                            self.doc.meta.lang = Some(lang);
                        }
                    }
                }
                // A second <html> only merges attributes; the first one is pushed.
                if self.last_of(Tag::Html).is_some() {
                    return Raw::No;
                }
            }
            Tag::Body => {
                self.head_seen = true;
                self.close_head();
                // A second <body> only merges attributes.
                if self.last_of(Tag::Body).is_some() {
                    return Raw::No;
                }
            }
            _ => {}
        }

        // Anything but head content ends a never-closed <head> ("in head": anything else).
        let head_content = matches!(
            kind,
            Tag::Title | Tag::Script | Tag::Style | Tag::Noscript | Tag::Template
        ) || matches!(tag.name, "base" | "basefont" | "bgsound");
        if kind == Tag::Head {
            // Only the first <head> counts; a later one is ignored.
            if self.head_seen {
                return Raw::No;
            }
            self.head_seen = true;
        } else if !head_content {
            self.close_head();
        }

        // Leaving unclosed SVG/MathML.
        if top & FOREIGN != 0 && kind.breaks_out_of_foreign(tag.name) {
            while self.top_flags() & FOREIGN != 0 {
                self.pop();
            }
        }
        let foreign = self.top_flags() & FOREIGN != 0;

        if !foreign {
            self.implied_end_tags(kind);
        }

        if kind == Tag::Br {
            // <br> ends the line; several in a row make no empty lines.
            self.flush();
            return Raw::No;
        }
        if kind.is_void() || (foreign && tag.self_closing) {
            if kind.is_block() {
                self.flush(); // <hr>
            }
            return Raw::No;
        }

        let hidden = is_hidden(tag);
        if self.stack.len() >= self.opts.max_depth {
            self.doc.depth_limited = true;
            if kind.is_dropped() || hidden || kind == Tag::Svg || kind == Tag::Math {
                self.skip = Some((self.names.intern(kind, tag.name), 1));
                return raw;
            }
            if kind.is_block() {
                self.flush();
            }
            self.overflow = self.overflow.saturating_add(1);
            return raw;
        }

        if kind.is_block() {
            self.flush();
        }
        if kind.is_pre() {
            self.skip_newline = true;
        }
        self.push(tag, kind, hidden);
        raw
    }

    /// The start-tag rules of "in body" that close open elements (HTML §13.2.6.4.7).
    fn implied_end_tags(&mut self, kind: Tag) {
        if kind.closes_p() {
            if let Some(i) = self.find_in_scope(Tag::P, ScopeKind::Button) {
                self.pop_through(i);
            }
        }
        match kind {
            // A heading directly inside a heading ends it.
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
                if self.stack.last().is_some_and(|o| o.tag.is_heading()) =>
            {
                self.pop();
            }
            Tag::Li => self.close_list_item(&[Tag::Li]),
            Tag::Dd | Tag::Dt => self.close_list_item(&[Tag::Dd, Tag::Dt]),
            Tag::Td | Tag::Th => {
                if let Some(i) = self.find_table_part(&[Tag::Td, Tag::Th], &[Tag::Tr]) {
                    self.pop_through(i);
                }
            }
            Tag::Tr => {
                if let Some(i) = self.find_table_part(&[Tag::Tr], &[Tag::Td, Tag::Th]) {
                    self.pop_through(i);
                }
            }
            Tag::Thead | Tag::Tbody | Tag::Tfoot => {
                let targets = [Tag::Thead, Tag::Tbody, Tag::Tfoot];
                if let Some(i) = self.find_table_part(&targets, &[Tag::Tr, Tag::Td, Tag::Th]) {
                    self.pop_through(i);
                }
            }
            Tag::Option | Tag::Optgroup => {
                if self.stack.last().is_some_and(|o| o.tag == Tag::Option) {
                    self.pop();
                }
                if kind == Tag::Optgroup
                    && self.stack.last().is_some_and(|o| o.tag == Tag::Optgroup)
                {
                    self.pop();
                }
            }
            Tag::A => {
                // A new <a> closes an open one (adoption agency, simplified).
                if let Some(i) = self.find_in_scope(Tag::A, ScopeKind::Default) {
                    self.remove(i);
                }
            }
            _ => {}
        }
    }

    /// `<li>`, `<dd>`, `<dt>`: close the nearest open one unless a special element other
    /// than address/div/p comes first.
    fn close_list_item(&mut self, targets: &[Tag]) {
        if targets.iter().all(|&t| self.last_of(t).is_none()) {
            return;
        }
        // Scanning is amortised: it either pops what it walked over or stops at the first
        // special element.
        for i in (0..self.stack.len()).rev() {
            let t = self.stack[i].tag;
            if targets.contains(&t) {
                self.pop_through(i);
                return;
            }
            if (t.is_block() || t.is_scope_boundary())
                && !matches!(t, Tag::Address | Tag::Div | Tag::P)
            {
                return;
            }
        }
    }

    /// The nearest open element in `targets`, looking through `through` and stopping at
    /// any other table structure.
    fn find_table_part(&self, targets: &[Tag], through: &[Tag]) -> Option<usize> {
        if targets.iter().all(|&t| self.last_of(t).is_none()) {
            return None;
        }
        // Amortised like `close_list_item`: a hit pops everything walked over.
        for i in (0..self.stack.len()).rev() {
            let t = self.stack[i].tag;
            if targets.contains(&t) {
                return Some(i);
            }
            if t == Tag::Table || t == Tag::Html || t == Tag::Template || t.is_table_part() {
                if through.contains(&t) {
                    continue;
                }
                return None;
            }
        }
        None
    }

    /// Index of the nearest open `tag`.
    fn last_of(&self, tag: Tag) -> Option<usize> {
        self.index.by_tag[tag as usize].last().map(|&i| i as usize)
    }

    /// "Has an element in scope": the nearest open `target` with no scope boundary above
    /// it. O(1) from the per-tag index, so stray end tags cost nothing however deep the
    /// stack.
    fn find_in_scope(&self, target: Tag, scope: ScopeKind) -> Option<usize> {
        self.unless_bounded(self.last_of(target)?, scope)
    }

    /// `k` if no boundary element of `scope` is open above it.
    fn unless_bounded(&self, k: usize, scope: ScopeKind) -> Option<usize> {
        let above = self.stack.get(k + 1..).unwrap_or(&[]);
        if above.len() <= SHORT_SCOPE_WALK {
            // Most end tags close the top element or one just below it: a look at what is
            // above is cheaper than the index's lookup of every boundary kind.
            return (!above.iter().any(|o| scope.is_boundary(o.tag))).then_some(k);
        }
        let boundary = scope.boundaries().filter_map(|t| self.last_of(t)).max();
        match boundary {
            Some(b) if b > k => None,
            _ => Some(k),
        }
    }

    fn end_tag(&mut self, tag: &TagToken<'_>) {
        let kind = Tag::from_name(tag.name);
        if let Some((name, depth)) = &mut self.skip {
            if Some(*name) == self.names.get(kind, tag.name) {
                *depth -= 1;
                if *depth == 0 {
                    self.skip = None;
                }
            }
            return;
        }
        match kind {
            // </br> is read as <br> (HTML §13.2.6.4.7).
            Tag::Br => return self.flush(),
            // Content after </body> and </html> still goes into the body.
            Tag::Body | Tag::Html => return,
            Tag::Void | Tag::Hr | Tag::Meta | Tag::Link => return,
            _ => {}
        }
        if self.overflow > 0 {
            self.overflow -= 1;
            if kind.is_block() {
                self.flush();
            }
            return;
        }
        let found = if kind == Tag::Other {
            self.find_named_in_scope(tag.name)
        } else {
            let scope = match kind {
                Tag::P => ScopeKind::Button,
                Tag::Li => ScopeKind::ListItem,
                k if k.is_table_part() || k == Tag::Table => ScopeKind::Table,
                _ => ScopeKind::Default,
            };
            self.find_in_scope(kind, scope)
        };
        match found {
            Some(i) => {
                let block_between = self.block_index().is_some_and(|b| b > i);
                if !kind.is_block() && block_between {
                    // </a> across a <div>: the block stays open, the inline element ends.
                    self.remove(i);
                } else {
                    self.pop_through(i);
                }
            }
            // A stray </p> makes an empty paragraph: still a line break.
            None if kind == Tag::P => self.flush(),
            None => {}
        }
    }

    fn find_named_in_scope(&self, name: &str) -> Option<usize> {
        let id = self.names.get(Tag::Other, name)?;
        let k = *self.index.by_name.get(Names::unknown_index(id)?)?.last()? as usize;
        self.unless_bounded(k, ScopeKind::Default)
    }

    fn close_head(&mut self) {
        if let Some(i) = self.last_of(Tag::Head) {
            self.pop_through(i);
        }
    }

    fn push(&mut self, tag: &TagToken<'_>, kind: Tag, hidden: bool) {
        let name = self.names.intern(kind, tag.name);
        if kind == Tag::A && self.opts.links {
            self.link_serial = self.link_serial.wrapping_add(1);
            self.link_href = tag
                .attr(AttrName::Href)
                .map(|h| h.trim_matches(|c: char| c.is_ascii() && is_html_space(c as u8)))
                .filter(|h| !h.is_empty() && !h.starts_with('#') && !h.starts_with("javascript:"))
                .map(str::to_owned);
        }
        let parent = self.stack.last();
        let mut own = match kind {
            Tag::A => BlockFlags::A.bits() as u32,
            Tag::Li => BlockFlags::LI.bits() as u32,
            Tag::Nav => BlockFlags::NAV.bits() as u32,
            Tag::Header => BlockFlags::HEADER.bits() as u32,
            Tag::Footer => BlockFlags::FOOTER.bits() as u32,
            Tag::Aside => BlockFlags::ASIDE.bits() as u32,
            Tag::Form => BlockFlags::FORM.bits() as u32,
            Tag::Article => BlockFlags::ARTICLE.bits() as u32,
            Tag::Main => BlockFlags::MAIN.bits() as u32,
            Tag::Table => BlockFlags::TABLE.bits() as u32,
            Tag::Svg | Tag::Math => FOREIGN,
            k if k.is_heading() => BlockFlags::HEADING.bits() as u32,
            k if k.is_pre() => BlockFlags::PRE.bits() as u32,
            _ => 0,
        };
        if kind.is_dropped() {
            own |= DROP;
        }
        if is_dialog(tag, kind) {
            own |= BlockFlags::DIALOG.bits() as u32;
        }
        // Hidden blocks (tabs, accordions, a thread's collapsed replies, dropdown menus)
        // are kept and flagged: the content stage weighs them; without it they are removed.
        // A hidden inline element would hide part of a line, which no flag can say: dropped.
        if hidden {
            own |= if kind.is_block() {
                BlockFlags::HIDDEN.bits() as u32
            } else {
                DROP
            };
        }
        let flags = own | parent.map_or(0, |p| p.flags);
        let parent_element = parent.and_then(|p| p.element);
        let index = self.stack.len() as u32;
        let block = if kind.is_block() {
            Some(index)
        } else {
            parent.and_then(|p| p.block)
        };
        let start = self.own_tokens.len() as u32;
        if flags & DROP == 0 {
            self.collect_tokens(tag);
        }
        let end = self.own_tokens.len() as u32;
        self.serial = self.serial.wrapping_add(1);
        // A block is its own element, or none when it is not recorded (inside dropped
        // markup): never its parent's, whose tag is another (lines point at their block).
        let element = if !kind.is_block() {
            parent_element
        } else if flags & DROP == 0 {
            Some(self.record_element(kind, flags, index, parent_element, start, end))
        } else {
            None
        };
        if kind == Tag::H1
            && self.h1_capture.is_none()
            && self.doc.meta.h1.is_none()
            && flags & (DROP | BlockFlags::HIDDEN.bits() as u32) == 0
        {
            self.h1_capture = Some((self.serial, self.lines.len()));
        }
        self.index.push(kind, name, index);
        self.stack.push(Open {
            name,
            tag: kind,
            own,
            flags,
            block,
            tokens: (start, end),
            span: None,
            serial: self.serial,
            element,
        });
    }

    /// Adds a block element to [`HtmlDoc::elements`], copying its own tokens (the stack's
    /// copy is discarded when it closes).
    fn record_element(
        &mut self,
        kind: Tag,
        flags: u32,
        depth: u32,
        parent: Option<u32>,
        start: u32,
        end: u32,
    ) -> u32 {
        let id = self.doc.elements.len().min(u32::MAX as usize - 1) as u32;
        let token_start = self.doc.context_tokens.len();
        for &(kind, sym) in &self.own_tokens[start as usize..end as usize] {
            self.doc.context_tokens.push(ContextToken {
                sym,
                kind,
                distance: 0,
            });
        }
        self.doc.elements.push(Element {
            parent,
            tag: kind,
            flags: BlockFlags((flags & PUBLIC) as u16),
            depth: depth.min(u16::MAX as u32) as u16,
            tokens: TokenSpan {
                start: token_start.min(u32::MAX as usize) as u32,
                len: (end - start) as u16,
            },
        });
        id
    }

    fn collect_tokens(&mut self, tag: &TagToken<'_>) {
        let mut n = 0;
        for (name, value) in tag.attrs.iter() {
            let kind = match name {
                AttrName::Class => TokenKind::Class,
                AttrName::Id => TokenKind::Id,
                AttrName::Role => TokenKind::Role,
                _ => continue,
            };
            for tok in split_html_space(value) {
                if tok.is_empty() || tok.len() > MAX_TOKEN_LEN {
                    continue;
                }
                if n >= MAX_TOKENS_PER_ELEMENT {
                    return;
                }
                let lower;
                let tok = if tok.bytes().any(|b| b.is_ascii_uppercase()) {
                    lower = tok.to_ascii_lowercase();
                    &lower
                } else {
                    tok
                };
                let sym = self.doc.symbols.intern(tok);
                self.own_tokens.push((kind, sym));
                n += 1;
            }
        }
    }

    /// Pops the top element, ending its line first if it is a block.
    fn pop(&mut self) {
        let Some(top) = self.stack.last() else {
            return;
        };
        if top.tag.is_block() {
            self.flush();
        }
        let Some(o) = self.stack.pop() else {
            return;
        };
        self.index.pop(o.tag, o.name);
        self.own_tokens.truncate(o.tokens.0 as usize);
        self.closed(&o);
    }

    fn pop_through(&mut self, i: usize) {
        while self.stack.len() > i {
            self.pop();
        }
    }

    /// Removes a non-top inline element; elements above it lose its flags.
    fn remove(&mut self, i: usize) {
        if i + 1 == self.stack.len() {
            return self.pop();
        }
        if self.stack[i].tag.is_block() {
            return self.pop_through(i);
        }
        let o = self.stack.remove(i);
        self.index.rebuild(&self.stack);
        // Its tokens stay in `own_tokens` (inline elements' tokens are never read) until
        // the element below it is popped.
        for j in i..self.stack.len() {
            let parent = if j == 0 { None } else { self.stack.get(j - 1) };
            let flags = self.stack[j].own | parent.map_or(0, |p| p.flags);
            let block = if self.stack[j].tag.is_block() {
                Some(j as u32)
            } else {
                parent.and_then(|p| p.block)
            };
            let e = &mut self.stack[j];
            e.flags = flags;
            e.block = block;
            e.span = None;
        }
        self.closed(&o);
    }

    /// Bookkeeping when an element ends: title and first-h1 capture.
    fn closed(&mut self, o: &Open) {
        match o.tag {
            Tag::Title => {
                if let Some(t) = self.title.take() {
                    let t = collapse(&t);
                    if !t.is_empty() && self.doc.meta.title.is_none() {
                        self.doc.meta.title = Some(t);
                    }
                }
            }
            Tag::H1 => {
                if let Some((serial, first)) = self.h1_capture {
                    if serial == o.serial {
                        self.h1_capture = None;
                        let mut h1 = String::new();
                        for k in first..self.lines.len() {
                            if !h1.is_empty() {
                                h1.push(' ');
                            }
                            h1.push_str(self.lines.text(k));
                        }
                        if !h1.is_empty() {
                            self.doc.meta.h1 = Some(h1);
                        }
                    }
                }
            }
            _ => {}
        }
    }

    pub(super) fn finish(mut self) -> (HtmlDoc, BlockLines) {
        if self.doc.meta.author.is_none() {
            self.doc.meta.author = self.article_author.take();
        }
        self.skip = None;
        self.pop_through(0);
        self.flush();
        if let Some(t) = self.title.take() {
            // An unclosed <title> (rcdata to the end of the page).
            let t = collapse(&t);
            if !t.is_empty() && self.doc.meta.title.is_none() {
                self.doc.meta.title = Some(t);
            }
        }
        (self.doc, self.lines)
    }

    // ----- metadata -----

    fn meta_tag(&mut self, tag: &TagToken<'_>) {
        let Some(content) = tag.attr(AttrName::Content) else {
            return;
        };
        let key = tag
            .attr(AttrName::Name)
            .or_else(|| tag.attr(AttrName::Property))
            .or_else(|| tag.attr(AttrName::Itemprop))
            .map(|k| k.trim().to_ascii_lowercase());
        let meta = &mut self.doc.meta;
        let slot = match key.as_deref() {
            Some("description") => &mut meta.description,
            Some("og:title") => &mut meta.og_title,
            // The names news CMSs use for the publication date, most specific first wins
            // only by order of appearance (the first one present is kept).
            Some(
                "article:published_time"
                | "og:article:published_time"
                | "datepublished"
                | "pubdate"
                | "publishdate"
                | "publish_date"
                | "publish-date"
                | "dc.date"
                | "dc.date.issued"
                | "dcterms.created"
                | "sailthru.date"
                | "parsely-pub-date",
            ) => &mut meta.published,
            Some("author" | "dc.creator" | "byl") => &mut meta.author,
            Some("article:author") => &mut self.article_author,
            Some("og:site_name" | "application-name") => &mut meta.site_name,
            _ => return,
        };
        if slot.is_none() {
            let v = collapse(content);
            if !v.is_empty() {
                *slot = Some(v);
            }
        }
    }

    fn link_tag(&mut self, tag: &TagToken<'_>) {
        if self.doc.meta.canonical.is_some() {
            return;
        }
        let is_canonical = tag.attr(AttrName::Rel).is_some_and(|rel| {
            rel.split(|c: char| c.is_ascii() && is_html_space(c as u8))
                .any(|t| t.eq_ignore_ascii_case("canonical"))
        });
        if is_canonical {
            if let Some(href) = tag.attr(AttrName::Href) {
                let href = href.trim_matches(|c: char| c.is_ascii() && is_html_space(c as u8));
                if !href.is_empty() {
                    self.doc.meta.canonical = Some(href.to_owned());
                }
            }
        }
    }
}

/// Kinds of "has an element in scope" (HTML §13.2.4.2).
#[derive(Clone, Copy)]
enum ScopeKind {
    Default,
    ListItem,
    Button,
    Table,
}

/// The elements that bound every scope but table scope (HTML §13.2.4.2, "has an element
/// in scope").
const DEFAULT_SCOPE: &[Tag] = &[
    Tag::Applet,
    Tag::Caption,
    Tag::Html,
    Tag::Table,
    Tag::Td,
    Tag::Th,
    Tag::Marquee,
    Tag::Object,
    Tag::Template,
];

/// Up to this many elements above the one found, scope is checked by walking them
/// ([`State::unless_bounded`]); deeper, by the per-tag index, so stray end tags stay O(1).
const SHORT_SCOPE_WALK: usize = 4;

/// A set of tags as bits (there are fewer than 128 kinds).
const fn tag_mask(lists: (&[Tag], &[Tag])) -> u128 {
    let mut mask = 0u128;
    let (mut i, mut j) = (0, 0);
    while i < lists.0.len() {
        mask |= 1 << lists.0[i] as u32;
        i += 1;
    }
    while j < lists.1.len() {
        mask |= 1 << lists.1[j] as u32;
        j += 1;
    }
    mask
}

const _: () = assert!(Tag::COUNT <= 128);

impl ScopeKind {
    /// The scope's boundary elements: the default set plus the kind's own; table scope has
    /// only its own.
    const fn lists(self) -> (&'static [Tag], &'static [Tag]) {
        match self {
            ScopeKind::Default => (DEFAULT_SCOPE, &[]),
            ScopeKind::ListItem => (DEFAULT_SCOPE, &[Tag::Ol, Tag::Ul]),
            ScopeKind::Button => (DEFAULT_SCOPE, &[Tag::Button]),
            ScopeKind::Table => (&[], &[Tag::Html, Tag::Table, Tag::Template]),
        }
    }

    fn boundaries(self) -> impl Iterator<Item = Tag> {
        let (base, own) = self.lists();
        base.iter().chain(own).copied()
    }

    /// Is `tag` one of the scope's boundary elements? One bit test.
    fn is_boundary(self, tag: Tag) -> bool {
        const MASKS: [u128; 4] = [
            tag_mask(ScopeKind::Default.lists()),
            tag_mask(ScopeKind::ListItem.lists()),
            tag_mask(ScopeKind::Button.lists()),
            tag_mask(ScopeKind::Table.lists()),
        ];
        MASKS[self as usize] >> tag as u32 & 1 != 0
    }
}

/// Where each kind of element sits in the stack, nearest last: answers "is a `<p>` open,
/// and is it in scope?" without walking the stack.
#[derive(Default)]
struct StackIndex {
    by_tag: Vec<Vec<u32>>,
    /// Unknown and plain inline elements (`Tag::Other`), by [`Names::unknown_index`].
    by_name: Vec<Vec<u32>>,
}

impl StackIndex {
    fn new() -> Self {
        StackIndex {
            by_tag: vec![Vec::new(); Tag::COUNT],
            by_name: Vec::new(),
        }
    }

    fn push(&mut self, tag: Tag, name: NameId, i: u32) {
        self.by_tag[tag as usize].push(i);
        if tag == Tag::Other {
            if let Some(k) = Names::unknown_index(name) {
                if self.by_name.len() <= k {
                    self.by_name.resize_with(k + 1, Vec::new);
                }
                self.by_name[k].push(i);
            }
        }
    }

    fn pop(&mut self, tag: Tag, name: NameId) {
        self.by_tag[tag as usize].pop();
        if tag == Tag::Other {
            if let Some(v) = Names::unknown_index(name).and_then(|k| self.by_name.get_mut(k)) {
                v.pop();
            }
        }
    }

    fn rebuild(&mut self, stack: &[Open]) {
        for v in &mut self.by_tag {
            v.clear();
        }
        for v in &mut self.by_name {
            v.clear();
        }
        for (i, o) in stack.iter().enumerate() {
            self.push(o.tag, o.name, i as u32);
        }
    }
}

/// `hidden`, `aria-hidden="true"`, or an inline style with `display:none` or
/// `visibility:hidden`: what browsers (and screen readers) do not show.
fn is_hidden(tag: &TagToken<'_>) -> bool {
    for (name, value) in tag.attrs.iter() {
        match name {
            AttrName::Hidden => return true,
            AttrName::AriaHidden if value.trim().eq_ignore_ascii_case("true") => return true,
            AttrName::Style if style_hides(value) => return true,
            _ => {}
        }
    }
    false
}

/// `<dialog>`, `role="dialog"`/`"alertdialog"` or `aria-modal="true"`: a box drawn over the
/// page, not part of it.
fn is_dialog(tag: &TagToken<'_>, kind: Tag) -> bool {
    kind == Tag::Dialog
        || tag.attr(AttrName::Role).is_some_and(|v| {
            v.split_ascii_whitespace()
                .any(|r| r.eq_ignore_ascii_case("dialog") || r.eq_ignore_ascii_case("alertdialog"))
        })
        || tag
            .attr(AttrName::AriaModal)
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

fn style_hides(style: &str) -> bool {
    for decl in style.split(';') {
        let Some((prop, value)) = decl.split_once(':') else {
            continue;
        };
        let prop = prop.trim();
        let value = value.trim();
        let value = value.split('!').next().unwrap_or("").trim();
        if (prop.eq_ignore_ascii_case("display") && value.eq_ignore_ascii_case("none"))
            || (prop.eq_ignore_ascii_case("visibility") && value.eq_ignore_ascii_case("hidden"))
        {
            return true;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_bits_are_the_boundary_lists() {
        let others = [
            Tag::P,
            Tag::Div,
            Tag::A,
            Tag::Other,
            Tag::Root,
            Tag::Li,
            Tag::Tr,
        ];
        for scope in [
            ScopeKind::Default,
            ScopeKind::ListItem,
            ScopeKind::Button,
            ScopeKind::Table,
        ] {
            for tag in scope.boundaries() {
                assert!(scope.is_boundary(tag), "{tag:?}");
            }
            for tag in others.into_iter().chain(DEFAULT_SCOPE.iter().copied()) {
                assert_eq!(
                    scope.is_boundary(tag),
                    scope.boundaries().any(|t| t == tag),
                    "{tag:?}"
                );
            }
        }
    }
}
