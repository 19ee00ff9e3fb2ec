//! HTML → one line per block, each with the context a content scorer needs.
//!
//! [`html_to_blocks`] reads already-decoded HTML (charset handling happens before) and returns
//! an [`HtmlDoc`]: the visible text as one [`Block`] per block-level element (or per `<br>`
//! segment, or per `<pre>` line), each with a compact [`BlockContext`] (block tag, depth,
//! `class`/`id`/`role` tokens, flags such as *inside `<nav>`*, link-text share,
//! position), plus the page's [`PageMeta`].
//!
//! ```
//! use pagewash::internals::decode::html::{html_to_blocks, BlockFlags, HtmlOptions, Tag};
//!
//! let doc = html_to_blocks(
//!     "<title>T</title><nav><a href=/>首页</a></nav><p>正文<b>内容</b>&amp;更多</p>",
//!     &HtmlOptions::default(),
//! );
//! let lines: Vec<&str> = doc.blocks.iter().map(|b| b.text.as_str()).collect();
//! assert_eq!(lines, ["首页", "正文内容&更多"]);
//! assert!(doc.blocks[0].context.flags.contains(BlockFlags::NAV));
//! assert_eq!(doc.blocks[0].context.link_share(), 1.0);
//! assert_eq!(doc.blocks[1].context.tag, Tag::P);
//! assert_eq!(doc.meta.title.as_deref(), Some("T"));
//! ```
//!
//! # Parser choice
//!
//! The extractor keeps its own open-element stack (no DOM) on **our own tokenizer**
//! (`tokenizer.rs`: the WHATWG states text extraction needs, one pass, no allocation per
//! token), chosen over html5ever's tokenizer by `benches/tokenizer.rs` (html5ever's stays
//! as the reference of a differential test). The figures and the decision are in
//! `DESIGN.md` ("The HTML tokenizer").
//!
//! The tree-builder part browsers add on top of tokenizing is reproduced where it changes
//! lines: start tags that close an open `<p>`, `<li>`, `<dd>`/`<dt>`, `<td>`/`<th>`, `<tr>`,
//! `<option>`, nested `<a>` and headings; end tags only close elements in scope (a stray
//! `</div>` inside a table cell is ignored); HTML tags break out of unclosed `<svg>`;
//! content after a never-closed `<head>` starts the body. Not reproduced: foster parenting
//! (text misplaced inside `<table>` stays in the table's context) and the adoption agency
//! (a formatting element closed across a block is just removed from the stack).
//!
//! # Limits
//!
//! Nothing recurses over the input's nesting. The open-element stack is capped at
//! [`HtmlOptions::max_depth`]: deeper elements are not pushed, their text is still emitted
//! (in the context of the deepest element kept) and those lines carry
//! [`BlockFlags::DEPTH_LIMITED`]; [`HtmlDoc::depth_limited`] tells the page hit the cap.
//! Hidden or dropped elements found beyond the cap are skipped by counting their name.

mod entities;
#[cfg(any(test, feature = "html5ever"))]
mod html5ever_front;
mod sink;
use crate::text::tags;
mod text;
mod token;
mod tokenizer;

pub use crate::text::skeleton::*;
pub use crate::text::tags::Tag;

/// Options for [`html_to_blocks`].
///
/// Fields are private so options can be added without breaking callers; each setter says
/// its default.
#[derive(Clone, Debug)]
pub struct HtmlOptions {
    max_depth: usize,
    max_context_tokens: usize,
    links: bool,
}

/// Default cap on open elements. Real pages stay under ~60; 512 is Chromium's own cap on
/// tree depth for layout, so nothing a browser shows nested is lost.
const DEFAULT_MAX_DEPTH: usize = 512;

/// Default cap on `class`/`id`/`role` tokens kept per line, nearest element first: the
/// scorer needs the block's own and its close ancestors' names, and the cap bounds memory on
/// deep pages.
const DEFAULT_MAX_CONTEXT_TOKENS: usize = 32;

impl Default for HtmlOptions {
    fn default() -> Self {
        HtmlOptions {
            max_depth: DEFAULT_MAX_DEPTH,
            max_context_tokens: DEFAULT_MAX_CONTEXT_TOKENS,
            links: false,
        }
    }
}

impl HtmlOptions {
    /// Options with every default.
    pub fn new() -> Self {
        Self::default()
    }

    /// Maximum number of open elements tracked (default 512, at least 1). Deeper content
    /// is emitted flattened and flagged [`BlockFlags::DEPTH_LIMITED`].
    pub fn max_depth(&mut self, depth: usize) -> &mut Self {
        self.max_depth = depth.max(1);
        self
    }

    /// Maximum `class`/`id`/`role` tokens kept per line, nearest first (default 32).
    pub fn max_context_tokens(&mut self, n: usize) -> &mut Self {
        self.max_context_tokens = n.min(u16::MAX as usize);
        self
    }

    /// Record each link's text and `href` in [`HtmlDoc::links`] (default off: only the
    /// Markdown output needs them, and the text of the others is the same either way).
    pub fn links(&mut self, yes: bool) -> &mut Self {
        self.links = yes;
        self
    }

    /// The configured maximum depth.
    pub fn get_max_depth(&self) -> usize {
        self.max_depth
    }
}

/// Turns decoded HTML into visible lines with context, plus page metadata.
///
/// Never fails and never panics: malformed markup is read the way browsers read it, and
/// anything that is not HTML at all comes out as text.
///
/// # Example
/// ```
/// use pagewash::internals::decode::html::{html_to_blocks, HtmlOptions};
///
/// let doc = html_to_blocks("<ul><li>一<li>二</ul><p>a<br>b", &HtmlOptions::default());
/// assert_eq!(doc.text(), "一\n二\na\nb");
/// ```
pub fn html_to_blocks(html: &str, options: &HtmlOptions) -> HtmlDoc {
    let (mut doc, lines, _) = sink::run(html, options, None);
    doc.blocks = lines.into_blocks();
    doc
}

/// [`html_to_blocks`] that keeps the lines in one buffer ([`BlockLines`], what
/// [`crate::Doc`] holds) rather than a `String` per block, and gives up at `deadline`
/// (checked every few hundred tokens): whether it gave up, with what was read so far.
pub(crate) fn html_to_lines_until(
    html: &str,
    options: &HtmlOptions,
    deadline: Option<std::time::Instant>,
) -> (HtmlDoc, BlockLines, bool) {
    sink::run(html, options, deadline)
}

/// [`html_to_blocks`] on html5ever's tokenizer instead of ours: the baseline of
/// `benches/tokenizer.rs`. Not part of the API.
#[cfg(feature = "html5ever")]
#[doc(hidden)]
pub fn html_to_blocks_html5ever(html: &str, options: &HtmlOptions) -> HtmlDoc {
    html5ever_front::run(html, options)
}

/// Our tokenizer alone, with a sink that only switches to the raw-text states (as the
/// extractor does) and counts tokens: the tokenizer's share of `benches/tokenizer.rs`. Not
/// part of the API.
#[doc(hidden)]
pub fn tokenize_only(html: &str) -> usize {
    struct Count(usize);
    impl token::TokenSink for Count {
        fn text(&mut self, _: &str, _: usize) {
            self.0 += 1;
        }
        fn start_tag(&mut self, tag: &token::TagToken<'_>) -> tags::Raw {
            self.0 += 1;
            Tag::from_name(tag.name).raw()
        }
        fn end_tag(&mut self, _: &token::TagToken<'_>) {
            self.0 += 1;
        }
        fn in_foreign_content(&self) -> bool {
            false
        }
    }
    let mut count = Count(0);
    tokenizer::tokenize(html, &mut count);
    count.0
}

#[cfg(test)]
mod differential;
#[cfg(test)]
mod tests;
