//! The borrowed tag token a tokenizer hands the extractor, and the consumer trait.
//!
//! Both front-ends (our [`tokenizer`](super::tokenizer) and, for the differential test,
//! html5ever's) produce these, so the extractor's logic does not depend on which one runs.
//! A token borrows its name and values from the input or from the tokenizer's reused
//! buffers: nothing is allocated per token.

use super::tags::Raw;

/// The attributes the extractor reads. Every other attribute is parsed (to find where the
/// tag ends) and skipped.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum AttrName {
    Class,
    Id,
    Role,
    Hidden,
    AriaHidden,
    AriaModal,
    Style,
    Content,
    Name,
    Property,
    Itemprop,
    Rel,
    Href,
    Lang,
}

impl AttrName {
    /// Number of variants.
    pub(crate) const COUNT: usize = AttrName::Lang as usize + 1;

    /// Classifies an attribute name, ASCII case-insensitively (the tokenizer lower-cases
    /// ASCII in names, HTML §13.2.5.33).
    pub(crate) fn from_name(name: &[u8]) -> Option<AttrName> {
        let eq = |s: &str| name.eq_ignore_ascii_case(s.as_bytes());
        Some(match name.len() {
            2 if eq("id") => AttrName::Id,
            3 if eq("rel") => AttrName::Rel,
            4 if eq("role") => AttrName::Role,
            4 if eq("href") => AttrName::Href,
            4 if eq("lang") => AttrName::Lang,
            4 if eq("name") => AttrName::Name,
            5 if eq("class") => AttrName::Class,
            5 if eq("style") => AttrName::Style,
            6 if eq("hidden") => AttrName::Hidden,
            7 if eq("content") => AttrName::Content,
            8 if eq("property") => AttrName::Property,
            8 if eq("itemprop") => AttrName::Itemprop,
            11 if eq("aria-hidden") => AttrName::AriaHidden,
            10 if eq("aria-modal") => AttrName::AriaModal,
            _ => return None,
        })
    }
}

/// The known attributes of one tag, first occurrence of each name (later duplicates are
/// dropped, HTML §13.2.5.33), in source order. Fixed-size: no allocation per tag.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attrs<'t> {
    values: [Option<&'t str>; AttrName::COUNT],
    order: [AttrName; AttrName::COUNT],
    len: usize,
}

impl Default for Attrs<'_> {
    fn default() -> Self {
        Attrs {
            values: [None; AttrName::COUNT],
            order: [AttrName::Class; AttrName::COUNT],
            len: 0,
        }
    }
}

impl<'t> Attrs<'t> {
    /// Adds an attribute unless one of the same name is already there.
    pub(crate) fn push(&mut self, name: AttrName, value: &'t str) {
        let slot = &mut self.values[name as usize];
        if slot.is_none() {
            *slot = Some(value);
            self.order[self.len] = name;
            self.len += 1;
        }
    }

    /// The value of an attribute.
    pub(crate) fn get(&self, name: AttrName) -> Option<&'t str> {
        self.values[name as usize]
    }

    /// The attributes in source order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (AttrName, &'t str)> + '_ {
        self.order[..self.len]
            .iter()
            .filter_map(|&n| Some((n, self.values[n as usize]?)))
    }
}

/// A start or end tag.
#[derive(Clone, Copy, Debug)]
pub(crate) struct TagToken<'t> {
    /// The name, ASCII-lower-cased (U+FFFD for NUL), as the spec's tag name state builds it.
    pub name: &'t str,
    /// `<x/>`.
    pub self_closing: bool,
    /// Known attributes (none on end tags: the extractor ignores them).
    pub attrs: Attrs<'t>,
}

impl TagToken<'_> {
    /// The value of an attribute.
    pub(crate) fn attr(&self, name: AttrName) -> Option<&str> {
        self.attrs.get(name)
    }
}

/// What a tokenizer drives: the extractor.
pub(crate) trait TokenSink {
    /// A run of text that starts at byte `offset` of the input (character references,
    /// CR and NUL are already rewritten; runs may be split anywhere).
    fn text(&mut self, text: &str, offset: usize);
    /// A start tag; the answer says which tokenizer state its content is read in (the
    /// tree builder's part of tokenizing: `<script>` → script data, …).
    fn start_tag(&mut self, tag: &TagToken<'_>) -> Raw;
    /// An end tag.
    fn end_tag(&mut self, tag: &TagToken<'_>);
    /// The current node is SVG or MathML, where `<![CDATA[` opens a CDATA section instead
    /// of a bogus comment (HTML §13.2.5.42).
    fn in_foreign_content(&self) -> bool;
}
