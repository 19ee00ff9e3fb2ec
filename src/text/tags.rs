//! Element names the extractor cares about, and what each one does to the text.
//!
//! Tokens carry lower-cased names; classifying one is a dispatch on its length and first
//! byte. Anything not listed is [`Tag::Other`]: browsers render unknown and custom elements
//! inline, and so do we.

use std::collections::HashMap;

/// The element that holds a line, or an element the extractor treats specially.
///
/// Only block-level tags ever appear in [`BlockContext::tag`](crate::dom::BlockContext::tag);
/// the others exist so the extractor can classify every tag with one lookup.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
#[allow(missing_docs)] // The variants are the HTML element names they spell.
pub enum Tag {
    /// Text outside every block element (no `<html>`/`<body>` tag was seen).
    Root,
    Html,
    Body,
    Head,
    P,
    Div,
    Li,
    Ul,
    Ol,
    Dl,
    Dd,
    Dt,
    H1,
    H2,
    H3,
    H4,
    H5,
    H6,
    Table,
    Caption,
    Thead,
    Tbody,
    Tfoot,
    Tr,
    Td,
    Th,
    Blockquote,
    Pre,
    Listing,
    Xmp,
    Plaintext,
    Section,
    Article,
    Header,
    Footer,
    Nav,
    Aside,
    Main,
    Search,
    Figure,
    Figcaption,
    Address,
    Form,
    Fieldset,
    Legend,
    Details,
    Summary,
    Dialog,
    Center,
    Hgroup,
    Menu,
    Dir,
    Hr,
    Option,
    Optgroup,
    Frameset,
    // Inline or dropped elements with a role in the extractor.
    A,
    Br,
    Title,
    Meta,
    Link,
    Script,
    Style,
    Noscript,
    Template,
    Svg,
    Math,
    Iframe,
    Object,
    Canvas,
    Textarea,
    Video,
    Audio,
    Noembed,
    Noframes,
    Datalist,
    Button,
    Applet,
    Marquee,
    /// A void element that holds no text (`img`, `input`, `wbr`, …).
    Void,
    /// Any other element: rendered inline.
    Other,
}

/// Which tokenizer state an element's content needs (HTML §13.2.6.4 "parsing main inbody").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Raw {
    /// Parsed as markup.
    No,
    /// `script`: script data state.
    Script,
    /// `style`, `xmp`, `iframe`, `noembed`, `noframes` (`noscript` is markup: scripting off).
    Rawtext,
    /// `title`, `textarea`: text with character references.
    Rcdata,
    /// `plaintext`: everything after it is text.
    Plaintext,
}

impl Tag {
    /// Number of variants (`Other` is last), for per-tag tables.
    pub(crate) const COUNT: usize = Tag::Other as usize + 1;

    /// Classifies a tag name (lower-case, as tokenizers produce it): a dispatch on length
    /// and first byte, then one comparison or a few.
    pub(crate) fn from_name(name: &str) -> Tag {
        let b = name.as_bytes();
        let Some(&first) = b.first() else {
            return Tag::Other;
        };
        let candidates: &[(&[u8], Tag)] = match (b.len(), first) {
            (1, b'a') => &[(b"a", Tag::A)],
            (1, b'p') => &[(b"p", Tag::P)],
            (2, b'b') => &[(b"br", Tag::Br)],
            (2, b'd') => &[(b"dl", Tag::Dl), (b"dd", Tag::Dd), (b"dt", Tag::Dt)],
            (2, b'h') => &[
                (b"h1", Tag::H1),
                (b"h2", Tag::H2),
                (b"h3", Tag::H3),
                (b"h4", Tag::H4),
                (b"h5", Tag::H5),
                (b"h6", Tag::H6),
                (b"hr", Tag::Hr),
            ],
            (2, b'l') => &[(b"li", Tag::Li)],
            (2, b'o') => &[(b"ol", Tag::Ol)],
            (2, b't') => &[(b"tr", Tag::Tr), (b"td", Tag::Td), (b"th", Tag::Th)],
            (2, b'u') => &[(b"ul", Tag::Ul)],
            (3, b'c') => &[(b"col", Tag::Void)],
            (3, b'd') => &[(b"div", Tag::Div), (b"dir", Tag::Dir)],
            (3, b'i') => &[(b"img", Tag::Void)],
            (3, b'n') => &[(b"nav", Tag::Nav)],
            (3, b'p') => &[(b"pre", Tag::Pre)],
            (3, b's') => &[(b"svg", Tag::Svg)],
            (3, b'w') => &[(b"wbr", Tag::Void)],
            (3, b'x') => &[(b"xmp", Tag::Xmp)],
            (4, b'a') => &[(b"area", Tag::Void)],
            (4, b'b') => &[(b"body", Tag::Body), (b"base", Tag::Void)],
            (4, b'f') => &[(b"form", Tag::Form)],
            (4, b'h') => &[(b"html", Tag::Html), (b"head", Tag::Head)],
            (4, b'l') => &[(b"link", Tag::Link)],
            (4, b'm') => &[
                (b"main", Tag::Main),
                (b"menu", Tag::Menu),
                (b"meta", Tag::Meta),
                (b"math", Tag::Math),
            ],
            (5, b'a') => &[(b"aside", Tag::Aside), (b"audio", Tag::Audio)],
            (5, b'e') => &[(b"embed", Tag::Void)],
            (5, b'f') => &[(b"frame", Tag::Void)],
            (5, b'i') => &[(b"image", Tag::Void), (b"input", Tag::Void)],
            (5, b'p') => &[(b"param", Tag::Void)],
            (5, b's') => &[(b"style", Tag::Style)],
            (5, b't') => &[
                (b"table", Tag::Table),
                (b"thead", Tag::Thead),
                (b"tbody", Tag::Tbody),
                (b"tfoot", Tag::Tfoot),
                (b"title", Tag::Title),
                (b"track", Tag::Void),
            ],
            (5, b'v') => &[(b"video", Tag::Video)],
            (6, b'a') => &[(b"applet", Tag::Applet)],
            (6, b'b') => &[(b"button", Tag::Button)],
            (6, b'c') => &[(b"center", Tag::Center), (b"canvas", Tag::Canvas)],
            (6, b'd') => &[(b"dialog", Tag::Dialog)],
            (6, b'f') => &[(b"footer", Tag::Footer), (b"figure", Tag::Figure)],
            (6, b'h') => &[(b"header", Tag::Header), (b"hgroup", Tag::Hgroup)],
            (6, b'i') => &[(b"iframe", Tag::Iframe)],
            (6, b'k') => &[(b"keygen", Tag::Void)],
            (6, b'l') => &[(b"legend", Tag::Legend)],
            (6, b'o') => &[(b"option", Tag::Option), (b"object", Tag::Object)],
            (6, b's') => &[
                (b"search", Tag::Search),
                (b"script", Tag::Script),
                (b"source", Tag::Void),
            ],
            (7, b'a') => &[(b"article", Tag::Article), (b"address", Tag::Address)],
            (7, b'b') => &[(b"bgsound", Tag::Void)],
            (7, b'c') => &[(b"caption", Tag::Caption)],
            (7, b'd') => &[(b"details", Tag::Details)],
            (7, b'l') => &[(b"listing", Tag::Listing)],
            (7, b'm') => &[(b"marquee", Tag::Marquee)],
            (7, b'n') => &[(b"noembed", Tag::Noembed)],
            (7, b's') => &[(b"section", Tag::Section), (b"summary", Tag::Summary)],
            (8, b'b') => &[(b"basefont", Tag::Void)],
            (8, b'd') => &[(b"datalist", Tag::Datalist)],
            (8, b'f') => &[(b"fieldset", Tag::Fieldset), (b"frameset", Tag::Frameset)],
            (8, b'n') => &[(b"noscript", Tag::Noscript), (b"noframes", Tag::Noframes)],
            (8, b'o') => &[(b"optgroup", Tag::Optgroup)],
            (8, b't') => &[(b"template", Tag::Template), (b"textarea", Tag::Textarea)],
            (9, b'p') => &[(b"plaintext", Tag::Plaintext)],
            (10, b'b') => &[(b"blockquote", Tag::Blockquote)],
            (10, b'f') => &[(b"figcaption", Tag::Figcaption)],
            _ => return Tag::Other,
        };
        candidates
            .iter()
            .find(|(n, _)| *n == b)
            .map_or(Tag::Other, |&(_, t)| t)
    }

    /// The element name of a tag that has exactly one (`None` for [`Tag::Void`],
    /// [`Tag::Other`] and [`Tag::Root`]).
    pub(crate) fn name(self) -> Option<&'static str> {
        Some(match self {
            Tag::Html => "html",
            Tag::Body => "body",
            Tag::Head => "head",
            Tag::P => "p",
            Tag::Div => "div",
            Tag::Li => "li",
            Tag::Ul => "ul",
            Tag::Ol => "ol",
            Tag::Dl => "dl",
            Tag::Dd => "dd",
            Tag::Dt => "dt",
            Tag::H1 => "h1",
            Tag::H2 => "h2",
            Tag::H3 => "h3",
            Tag::H4 => "h4",
            Tag::H5 => "h5",
            Tag::H6 => "h6",
            Tag::Table => "table",
            Tag::Caption => "caption",
            Tag::Thead => "thead",
            Tag::Tbody => "tbody",
            Tag::Tfoot => "tfoot",
            Tag::Tr => "tr",
            Tag::Td => "td",
            Tag::Th => "th",
            Tag::Blockquote => "blockquote",
            Tag::Pre => "pre",
            Tag::Listing => "listing",
            Tag::Xmp => "xmp",
            Tag::Plaintext => "plaintext",
            Tag::Section => "section",
            Tag::Article => "article",
            Tag::Header => "header",
            Tag::Footer => "footer",
            Tag::Nav => "nav",
            Tag::Aside => "aside",
            Tag::Main => "main",
            Tag::Search => "search",
            Tag::Figure => "figure",
            Tag::Figcaption => "figcaption",
            Tag::Address => "address",
            Tag::Form => "form",
            Tag::Fieldset => "fieldset",
            Tag::Legend => "legend",
            Tag::Details => "details",
            Tag::Summary => "summary",
            Tag::Dialog => "dialog",
            Tag::Center => "center",
            Tag::Hgroup => "hgroup",
            Tag::Menu => "menu",
            Tag::Dir => "dir",
            Tag::Hr => "hr",
            Tag::Option => "option",
            Tag::Optgroup => "optgroup",
            Tag::Frameset => "frameset",
            Tag::A => "a",
            Tag::Br => "br",
            Tag::Title => "title",
            Tag::Meta => "meta",
            Tag::Link => "link",
            Tag::Script => "script",
            Tag::Style => "style",
            Tag::Noscript => "noscript",
            Tag::Template => "template",
            Tag::Svg => "svg",
            Tag::Math => "math",
            Tag::Iframe => "iframe",
            Tag::Object => "object",
            Tag::Canvas => "canvas",
            Tag::Textarea => "textarea",
            Tag::Video => "video",
            Tag::Audio => "audio",
            Tag::Noembed => "noembed",
            Tag::Noframes => "noframes",
            Tag::Datalist => "datalist",
            Tag::Button => "button",
            Tag::Applet => "applet",
            Tag::Marquee => "marquee",
            Tag::Root | Tag::Void | Tag::Other => return None,
        })
    }

    /// Block-level: starts and ends a line. This is the set browsers' default style sheet
    /// renders as `display: block`, `list-item` or a table part.
    pub fn is_block(self) -> bool {
        !matches!(
            self,
            Tag::A
                | Tag::Br
                | Tag::Title
                | Tag::Meta
                | Tag::Link
                | Tag::Script
                | Tag::Style
                | Tag::Template
                | Tag::Svg
                | Tag::Math
                | Tag::Iframe
                | Tag::Object
                | Tag::Canvas
                | Tag::Textarea
                | Tag::Video
                | Tag::Audio
                | Tag::Noembed
                | Tag::Noframes
                | Tag::Datalist
                | Tag::Button
                | Tag::Applet
                | Tag::Marquee
                | Tag::Void
                | Tag::Other
                | Tag::Head
        )
    }

    /// Has no content and no end tag.
    pub(crate) fn is_void(self) -> bool {
        matches!(self, Tag::Void | Tag::Br | Tag::Hr | Tag::Meta | Tag::Link)
    }

    /// Content never reaches the text: not rendered, script, or embedded media whose
    /// children are only fallback for old browsers.
    pub(crate) fn is_dropped(self) -> bool {
        matches!(
            self,
            Tag::Head
                | Tag::Title
                | Tag::Script
                | Tag::Style
                | Tag::Template
                | Tag::Svg
                | Tag::Iframe
                | Tag::Object
                | Tag::Canvas
                | Tag::Textarea
                | Tag::Video
                | Tag::Audio
                | Tag::Noembed
                | Tag::Noframes
                | Tag::Datalist
                | Tag::Frameset
        )
    }

    /// The tokenizer state the element's content is read in.
    pub(crate) fn raw(self) -> Raw {
        match self {
            Tag::Script => Raw::Script,
            // `noscript` is read as markup: a crawler runs no scripts, so it sees what a
            // browser with scripting off sees (forum engines put the whole thread there).
            Tag::Style | Tag::Xmp | Tag::Iframe | Tag::Noembed | Tag::Noframes => Raw::Rawtext,
            Tag::Title | Tag::Textarea => Raw::Rcdata,
            Tag::Plaintext => Raw::Plaintext,
            _ => Raw::No,
        }
    }

    /// Whitespace and line breaks are kept (`white-space: pre` in the UA style sheet).
    pub(crate) fn is_pre(self) -> bool {
        matches!(self, Tag::Pre | Tag::Listing | Tag::Xmp | Tag::Plaintext)
    }

    /// `<h1>`–`<h6>`.
    pub(crate) fn is_heading(self) -> bool {
        matches!(
            self,
            Tag::H1 | Tag::H2 | Tag::H3 | Tag::H4 | Tag::H5 | Tag::H6
        )
    }

    /// Start tags that close an open `<p>` ("close a p element" in the in-body rules).
    pub(crate) fn closes_p(self) -> bool {
        self.is_block()
            && !matches!(
                self,
                Tag::Html
                    | Tag::Body
                    | Tag::Li
                    | Tag::Dd
                    | Tag::Dt
                    | Tag::Caption
                    | Tag::Thead
                    | Tag::Tbody
                    | Tag::Tfoot
                    | Tag::Tr
                    | Tag::Td
                    | Tag::Th
                    | Tag::Legend
                    | Tag::Option
                    | Tag::Optgroup
                    | Tag::Frameset
            )
            || matches!(self, Tag::Li | Tag::Dd | Tag::Dt)
    }

    /// Elements that bound "has an element in scope" (HTML §13.2.4.2): an end tag never
    /// closes anything outside a table cell it sits in.
    pub(crate) fn is_scope_boundary(self) -> bool {
        matches!(
            self,
            Tag::Applet
                | Tag::Caption
                | Tag::Html
                | Tag::Table
                | Tag::Td
                | Tag::Th
                | Tag::Marquee
                | Tag::Object
                | Tag::Template
        )
    }

    /// Part of a table's structure (end tags of these use "table scope").
    pub(crate) fn is_table_part(self) -> bool {
        matches!(
            self,
            Tag::Caption | Tag::Thead | Tag::Tbody | Tag::Tfoot | Tag::Tr | Tag::Td | Tag::Th
        )
    }

    /// HTML start tags that end foreign (SVG/MathML) content (HTML §13.2.6.5).
    pub(crate) fn breaks_out_of_foreign(self, name: &str) -> bool {
        match self {
            Tag::Other => matches!(
                name,
                "b" | "big"
                    | "code"
                    | "em"
                    | "i"
                    | "nobr"
                    | "ruby"
                    | "s"
                    | "small"
                    | "span"
                    | "strong"
                    | "strike"
                    | "sub"
                    | "sup"
                    | "tt"
                    | "u"
                    | "var"
            ),
            Tag::Void => matches!(name, "embed" | "img"),
            Tag::Body
            | Tag::Head
            | Tag::Blockquote
            | Tag::Br
            | Tag::Center
            | Tag::Dd
            | Tag::Div
            | Tag::Dl
            | Tag::Dt
            | Tag::H1
            | Tag::H2
            | Tag::H3
            | Tag::H4
            | Tag::H5
            | Tag::H6
            | Tag::Hr
            | Tag::Li
            | Tag::Listing
            | Tag::Menu
            | Tag::Meta
            | Tag::Ol
            | Tag::P
            | Tag::Pre
            | Tag::Table
            | Tag::Ul => true,
            _ => false,
        }
    }
}

/// An element name, for identity (`</x-card>` closes the open `<x-card>`): a known
/// [`Tag`]'s number, or the number a page's [`Names`] gave any other name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NameId(u32);

/// The names of unknown elements seen on one page, interned so that the open-element stack
/// holds a number per element instead of a string.
#[derive(Default)]
pub(crate) struct Names {
    /// SipHash (std's default): names are page-controlled, and a weak hash would let a
    /// page of colliding names make each lookup linear.
    index: HashMap<Box<str>, u32>,
    names: Vec<Box<str>>,
}

impl Names {
    /// The id of `name` (classified as `tag`), adding it if new.
    pub(crate) fn intern(&mut self, tag: Tag, name: &str) -> NameId {
        if let Some(id) = self.get(tag, name) {
            return id;
        }
        let i = self.names.len().min(u32::MAX as usize - Tag::COUNT) as u32;
        self.names.push(name.into());
        self.index.insert(name.into(), i);
        NameId(Tag::COUNT as u32 + i)
    }

    /// The id of `name` if it was interned (or is a known tag's).
    pub(crate) fn get(&self, tag: Tag, name: &str) -> Option<NameId> {
        if tag.name().is_some() {
            return Some(NameId(tag as u32));
        }
        self.index.get(name).map(|&i| NameId(Tag::COUNT as u32 + i))
    }

    /// For ids of unknown names: a dense index, `0..` the number interned.
    pub(crate) fn unknown_index(id: NameId) -> Option<usize> {
        (id.0 as usize).checked_sub(Tag::COUNT)
    }
}
