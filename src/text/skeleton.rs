//! The page skeleton the HTML decoder builds: visible lines (blocks) with their context,
//! the block-level elements with their parents, flags and class/id/role names, and the
//! page's `<head>` metadata. Stages read it; only the decoder writes it.

use super::tags::Tag;

/// One line of visible text and where it came from.
#[derive(Clone, Debug, PartialEq)]
pub struct Block {
    /// The text: whitespace collapsed (except in `<pre>`), trimmed, never empty, no `\n`.
    pub text: String,
    /// The block's context, for scoring.
    pub context: BlockContext,
}

/// Compact context of a line: 28 bytes, all `Copy` (a page may hold a million lines; see
/// DESIGN.md, "Hostile input").
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BlockContext {
    /// The innermost block-level element holding the text ([`Tag::Root`] if none).
    pub tag: Tag,
    /// Number of open elements above that block element (0 for `<html>` itself).
    pub depth: u16,
    /// Ancestor flags ([`BlockFlags`]).
    pub flags: BlockFlags,
    /// `class`/`id`/`role` tokens of the block element and its ancestors; read them with
    /// [`HtmlDoc::tokens`].
    pub tokens: TokenSpan,
    /// Non-whitespace characters in the line.
    pub chars: u32,
    /// Non-whitespace characters that were inside an `<a>`.
    pub link_chars: u32,
    /// Byte offset in the source of the line's first character (of the `&` when it came
    /// from a character reference).
    pub offset: u32,
    /// The block element holding the line, an index into [`HtmlDoc::elements`]
    /// (`u32::MAX` for text outside any block element); read it with [`BlockContext::element`].
    pub element: u32,
}

impl BlockContext {
    /// The block element holding the line, if any: an index into [`HtmlDoc::elements`].
    pub fn element(&self) -> Option<usize> {
        (self.element != u32::MAX).then_some(self.element as usize)
    }

    /// Share of the line's characters that are link text, 0.0–1.0.
    pub fn link_share(&self) -> f32 {
        if self.chars == 0 {
            0.0
        } else {
            self.link_chars as f32 / self.chars as f32
        }
    }
}

/// The visible lines of a page as the HTML reader writes them: one text buffer, each line's
/// byte range in it and its context. What [`crate::Doc`] keeps of the blocks; a `String`
/// per block ([`Block`]) costs 24 bytes and an allocation each, and a page may hold a
/// million of them.
#[derive(Clone, Debug, Default)]
pub(crate) struct BlockLines {
    pub(crate) text: String,
    pub(crate) ranges: Vec<std::ops::Range<u32>>,
    pub(crate) contexts: Vec<BlockContext>,
    /// The buffer reached `u32::MAX` bytes: later lines are not recorded (the decoder's
    /// page-size limit keeps real input far below that).
    full: bool,
}

impl BlockLines {
    /// Room for `n` lines.
    pub(crate) fn with_capacity(n: usize) -> BlockLines {
        BlockLines {
            ranges: Vec::with_capacity(n),
            contexts: Vec::with_capacity(n),
            ..BlockLines::default()
        }
    }

    /// Number of lines.
    pub(crate) fn len(&self) -> usize {
        self.ranges.len()
    }

    /// Text of line `k`.
    pub(crate) fn text(&self, k: usize) -> &str {
        self.ranges
            .get(k)
            .and_then(|r| self.text.get(r.start as usize..r.end as usize))
            .unwrap_or("")
    }

    /// Appends a line.
    pub(crate) fn push(&mut self, text: &str, context: BlockContext) {
        if self.full || self.text.len() + text.len() > u32::MAX as usize {
            self.full = true;
            return;
        }
        let start = self.text.len() as u32;
        self.text.push_str(text);
        self.ranges.push(start..self.text.len() as u32);
        self.contexts.push(context);
    }

    /// The lines as blocks of their own.
    pub(crate) fn into_blocks(self) -> Vec<Block> {
        (0..self.len())
            .map(|k| Block {
                text: self.text(k).to_owned(),
                context: self.contexts[k],
            })
            .collect()
    }

    /// Blocks as lines (for a [`HtmlDoc`] built with its blocks).
    pub(crate) fn from_blocks(blocks: &[Block]) -> BlockLines {
        let mut lines = BlockLines {
            text: String::with_capacity(blocks.iter().map(|b| b.text.len()).sum()),
            ranges: Vec::with_capacity(blocks.len()),
            contexts: Vec::with_capacity(blocks.len()),
            full: false,
        };
        for b in blocks {
            lines.push(&b.text, b.context);
        }
        lines
    }
}

/// A set of [`BlockContext`] flags: which kinds of element the line sits in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct BlockFlags(pub(crate) u16);

impl BlockFlags {
    /// Inside `<a>` (the block element itself is in a link).
    pub const A: BlockFlags = BlockFlags(1 << 0);
    /// Inside `<li>`.
    pub const LI: BlockFlags = BlockFlags(1 << 1);
    /// Inside `<nav>`.
    pub const NAV: BlockFlags = BlockFlags(1 << 2);
    /// Inside `<header>`.
    pub const HEADER: BlockFlags = BlockFlags(1 << 3);
    /// Inside `<footer>`.
    pub const FOOTER: BlockFlags = BlockFlags(1 << 4);
    /// Inside `<aside>`.
    pub const ASIDE: BlockFlags = BlockFlags(1 << 5);
    /// Inside `<form>`.
    pub const FORM: BlockFlags = BlockFlags(1 << 6);
    /// Inside `<article>`.
    pub const ARTICLE: BlockFlags = BlockFlags(1 << 7);
    /// Inside `<main>`.
    pub const MAIN: BlockFlags = BlockFlags(1 << 8);
    /// Inside `<h1>`–`<h6>`.
    pub const HEADING: BlockFlags = BlockFlags(1 << 9);
    /// Inside `<table>`.
    pub const TABLE: BlockFlags = BlockFlags(1 << 10);
    /// Inside `<pre>` (or `listing`, `xmp`, `plaintext`): spacing is the source's.
    pub const PRE: BlockFlags = BlockFlags(1 << 11);
    /// Some of the text was nested deeper than [`HtmlOptions::max_depth`](crate::dom::HtmlOptions::max_depth).
    pub const DEPTH_LIMITED: BlockFlags = BlockFlags(1 << 12);
    /// Inside an element the page hides (`hidden`, `aria-hidden="true"`, an inline
    /// `display:none` or `visibility:hidden`).
    pub const HIDDEN: BlockFlags = BlockFlags(1 << 13);
    /// Inside a dialog (`<dialog>`, `role="dialog"` or `"alertdialog"`, `aria-modal="true"`):
    /// consent boxes, newsletter pop-ups, pickers drawn over the page.
    pub const DIALOG: BlockFlags = BlockFlags(1 << 14);

    /// No flag.
    pub const fn empty() -> Self {
        BlockFlags(0)
    }

    /// All of `other`'s flags are set.
    pub const fn contains(self, other: BlockFlags) -> bool {
        self.0 & other.0 == other.0
    }

    /// The raw bits (stable within a release, for compact storage).
    pub const fn bits(self) -> u16 {
        self.0
    }

    /// Union.
    pub const fn union(self, other: BlockFlags) -> Self {
        BlockFlags(self.0 | other.0)
    }
}

impl std::ops::BitOr for BlockFlags {
    type Output = BlockFlags;
    fn bitor(self, rhs: BlockFlags) -> BlockFlags {
        self.union(rhs)
    }
}

/// Where a line's context tokens sit in [`HtmlDoc`]'s shared token list. Lines under the
/// same element share one span, so a page stores each ancestor chain once per run of lines.
/// Packed to 6 bytes: every line and every element holds one.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[repr(C, packed(2))]
pub struct TokenSpan {
    pub(crate) start: u32,
    pub(crate) len: u16,
}

impl TokenSpan {
    /// Number of tokens.
    pub fn len(self) -> usize {
        self.len as usize
    }

    /// True when the block and its ancestors had no `class`, `id` or `role`.
    pub fn is_empty(self) -> bool {
        self.len == 0
    }
}

/// Which attribute a context token came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// A `class` token.
    Class,
    /// The `id`.
    Id,
    /// A `role` token.
    Role,
}

/// An interned `class`/`id`/`role` token in a [`BlockContext`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ContextToken {
    /// The token text, ASCII-lower-cased, in [`HtmlDoc::symbols`].
    pub sym: Sym,
    /// The attribute it came from.
    pub kind: TokenKind,
    /// Levels above the block element: 0 is the block element itself.
    pub distance: u16,
}

/// An interned string: an index into [`Symbols`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Sym(pub(crate) u32);

impl Sym {
    /// The symbol's number, `0..Symbols::len()`: for per-page lookup tables.
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// The page's interned `class`/`id`/`role` tokens.
///
/// Scorers look their vocabulary up once per page ([`Symbols::get`]) and then compare
/// integers per line.
///
/// The names sit one after another in one buffer, found through an open-addressing table
/// keyed by SipHash (random keys per map, so page-controlled names cannot be chosen to
/// collide): a new name costs one hash and no allocation of its own, where a `HashMap<Box<str>,
/// Sym>` beside a `Vec<Box<str>>` cost two hashes and two allocations (a page carries
/// hundreds of distinct names).
#[derive(Clone, Debug, Default)]
pub struct Symbols {
    /// The names, concatenated; symbol `k` ends at `ends[k]` and starts where `k - 1` ends.
    text: String,
    ends: Vec<u32>,
    /// Each symbol's hash (`hasher`), kept so the table grows without hashing again.
    hashes: Vec<u64>,
    /// Symbol + 1 per slot (0: empty), a power of two at most half full; linear probing.
    table: Vec<u32>,
    hasher: std::collections::hash_map::RandomState,
    /// Symbol + 1 of a recently interned name, by a cheap hash of it (0: empty). Pages
    /// repeat the same few class names on every element; a hit costs a string compare
    /// instead of SipHash. SipHash stays behind it: page-controlled names that collide
    /// in this hash only miss, never make a lookup slow.
    recent: Vec<u32>,
}

/// Slots of [`Symbols::recent`] (a power of two).
const RECENT_SLOTS: usize = 1024;
/// Slots of [`Symbols::table`] when the first name comes (a power of two).
const FIRST_TABLE_SLOTS: usize = 256;

impl Symbols {
    /// The symbol for `name` if the page used it (lower-case ASCII expected).
    pub fn get(&self, name: &str) -> Option<Sym> {
        self.find(name, self.hash(name)).ok()
    }

    /// The text of a symbol.
    pub fn name(&self, sym: Sym) -> &str {
        let k = sym.0 as usize;
        let Some(&end) = self.ends.get(k) else {
            return "";
        };
        let start = if k == 0 { 0 } else { self.ends[k - 1] };
        self.text.get(start as usize..end as usize).unwrap_or("")
    }

    /// Number of distinct tokens.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// True when the page had no `class`, `id` or `role` at all.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The names in symbol order.
    #[cfg(test)]
    pub(crate) fn names(&self) -> Vec<&str> {
        (0..self.len()).map(|k| self.name(Sym(k as u32))).collect()
    }

    fn hash(&self, name: &str) -> u64 {
        use std::hash::BuildHasher;
        self.hasher.hash_one(name)
    }

    /// The symbol of `name` (whose hash is `hash`), or the empty slot where it would go.
    fn find(&self, name: &str, hash: u64) -> Result<Sym, usize> {
        if self.table.is_empty() {
            return Err(0);
        }
        let mask = self.table.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            match self.table[slot].checked_sub(1) {
                None => return Err(slot),
                Some(sym) => {
                    let sym = Sym(sym);
                    if self.hashes[sym.0 as usize] == hash && self.name(sym) == name {
                        return Ok(sym);
                    }
                }
            }
            slot = (slot + 1) & mask;
        }
    }

    /// Doubles the table (or makes the first one), placing every symbol again.
    fn grow(&mut self) {
        let slots = (self.table.len() * 2).max(FIRST_TABLE_SLOTS);
        self.table.clear();
        self.table.resize(slots, 0);
        let mask = slots - 1;
        for (k, &hash) in self.hashes.iter().enumerate() {
            let mut slot = hash as usize & mask;
            while self.table[slot] != 0 {
                slot = (slot + 1) & mask;
            }
            self.table[slot] = k as u32 + 1;
        }
    }

    pub(crate) fn intern(&mut self, name: &str) -> Sym {
        if self.recent.is_empty() {
            self.recent = vec![0; RECENT_SLOTS];
        }
        // FNV-1a: a few instructions a byte on names of a few bytes.
        let fnv = name.bytes().fold(0x811C_9DC5u32, |h, b| {
            (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
        });
        let recent = fnv as usize & (RECENT_SLOTS - 1);
        if let Some(sym) = self.recent.get(recent).and_then(|&r| r.checked_sub(1)) {
            if self.name(Sym(sym)) == name {
                return Sym(sym);
            }
        }
        let hash = self.hash(name);
        let mut found = self.find(name, hash);
        if found.is_err() && (self.ends.len() + 1) * 2 > self.table.len() {
            self.grow();
            found = self.find(name, hash);
        }
        let sym = match found {
            Ok(sym) => sym,
            Err(slot) => {
                let sym = Sym(self.ends.len() as u32);
                self.text.push_str(name);
                self.ends.push(self.text.len() as u32);
                self.hashes.push(hash);
                self.table[slot] = sym.0 + 1;
                sym
            }
        };
        if let Some(r) = self.recent.get_mut(recent) {
            *r = sym.0.wrapping_add(1);
        }
        sym
    }
}

/// A block-level element of the page (inline elements and text are not kept): the skeleton a
/// content scorer aggregates lines over, to find the container that holds the article.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Element {
    /// The enclosing block element, an index into [`HtmlDoc::elements`] (always smaller than
    /// this element's own index).
    pub parent: Option<u32>,
    /// The element's tag.
    pub tag: Tag,
    /// The element's own flags OR'ed with its ancestors'.
    pub flags: BlockFlags,
    /// Number of open elements above it.
    pub depth: u16,
    /// The element's own `class`/`id`/`role` tokens (distance 0); read them with
    /// [`HtmlDoc::element_tokens`].
    pub tokens: TokenSpan,
}

/// Page-level metadata from `<head>` (and the first `<h1>`). Values are whitespace-collapsed
/// and trimmed; empty values count as absent. The first occurrence wins.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PageMeta {
    /// `<title>`.
    pub title: Option<String>,
    /// Text of the first `<h1>` that has any.
    pub h1: Option<String>,
    /// `<meta name=description>`.
    pub description: Option<String>,
    /// `<meta property=og:title>`.
    pub og_title: Option<String>,
    /// `<meta property=article:published_time>`, as written (not parsed).
    pub published: Option<String>,
    /// `<meta name=author>` (else `<meta property=article:author>`).
    pub author: Option<String>,
    /// `<link rel=canonical href>`, as written (not resolved).
    pub canonical: Option<String>,
    /// `<html lang>`.
    pub lang: Option<String>,
    /// `<meta property=og:site_name>` (else `application-name`).
    pub site_name: Option<String>,
}

/// The result of reading a page's HTML into blocks.
#[derive(Clone, Debug, Default)]
pub struct HtmlDoc {
    /// Visible lines in document order.
    pub blocks: Vec<Block>,
    /// Page metadata.
    pub meta: PageMeta,
    /// The page nested deeper than [`HtmlOptions::max_depth`](crate::dom::HtmlOptions::max_depth) somewhere.
    pub depth_limited: bool,
    /// Interned context tokens.
    pub symbols: Symbols,
    /// Block-level elements in document order (parents before children).
    pub elements: Vec<Element>,
    /// The page's links in document order, when [`HtmlOptions::links`](crate::dom::HtmlOptions::links) asked for them
    /// (empty otherwise).
    pub links: Vec<Link>,
    pub(crate) context_tokens: Vec<ContextToken>,
}

/// A link of the page: its text within one line, and where it points (as written, not
/// resolved). Links without an `href`, to a fragment (`#top`) or to `javascript:` are not
/// recorded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    /// The line ([`HtmlDoc::blocks`] index) holding the link text.
    pub block: u32,
    /// The link's text as it appears in the line.
    pub text: String,
    /// The `href` attribute.
    pub href: String,
}

impl HtmlDoc {
    /// The `class`/`id`/`role` tokens of a line's block element and its ancestors, nearest
    /// first.
    pub fn tokens(&self, context: &BlockContext) -> &[ContextToken] {
        let start = context.tokens.start as usize;
        self.context_tokens
            .get(start..start + context.tokens.len as usize)
            .unwrap_or(&[])
    }

    /// An element's own `class`/`id`/`role` tokens.
    pub fn element_tokens(&self, element: &Element) -> &[ContextToken] {
        let start = element.tokens.start as usize;
        self.context_tokens
            .get(start..start + element.tokens.len as usize)
            .unwrap_or(&[])
    }

    /// The lines joined with `\n` (handy in tests and for the plain-text pipeline).
    pub fn text(&self) -> String {
        let mut out = String::new();
        for (i, b) in self.blocks.iter().enumerate() {
            if i > 0 {
                out.push('\n');
            }
            out.push_str(&b.text);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symbols_number_names_in_order_of_first_use() {
        // Enough names to grow the table several times, each interned three times in a
        // shuffled order, checked against a plain map.
        let names: Vec<String> = (0..5000).map(|k| format!("n{}", k * 7919 % 5003)).collect();
        let mut symbols = Symbols::default();
        let mut reference: std::collections::HashMap<&str, u32> = Default::default();
        for round in 0..3 {
            for k in 0..names.len() {
                let name = &names[(k * 31 + round * 17) % names.len()];
                let next = reference.len() as u32;
                let want = *reference.entry(name).or_insert(next);
                assert_eq!(symbols.intern(name), Sym(want), "{name}");
            }
        }
        assert_eq!(symbols.len(), reference.len());
        for (name, &sym) in &reference {
            assert_eq!(symbols.get(name), Some(Sym(sym)));
            assert_eq!(symbols.name(Sym(sym)), *name);
        }
        assert_eq!(symbols.get("absent"), None);
        assert_eq!(symbols.name(Sym(u32::MAX)), "");
        assert!(Symbols::default().get("x").is_none());
    }

    #[test]
    fn empty_and_long_names_are_symbols_too() {
        let mut symbols = Symbols::default();
        let long = "x".repeat(1000);
        let a = symbols.intern("");
        let b = symbols.intern(&long);
        assert_eq!((a, b), (Sym(0), Sym(1)));
        assert_eq!(symbols.intern(""), a);
        assert_eq!(symbols.name(a), "");
        assert_eq!(symbols.name(b), long);
    }
}
