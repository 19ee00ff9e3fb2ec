//! Element names the extractor cares about, and what each one does to the text.
//!
//! The tokenizer hands us interned [`LocalName`] atoms, so classifying a tag is a comparison
//! of 64-bit atoms, not of strings. Anything not listed is [`Tag::Other`]: browsers render
//! unknown and custom elements inline, and so do we.

use html5ever::{local_name, LocalName};

/// The element that holds a line, or an element the extractor treats specially.
///
/// Only block-level tags ever appear in [`BlockContext::tag`](super::BlockContext::tag);
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

    /// Classifies a tag name.
    pub(crate) fn from_name(name: &LocalName) -> Tag {
        match *name {
            local_name!("html") => Tag::Html,
            local_name!("body") => Tag::Body,
            local_name!("head") => Tag::Head,
            local_name!("p") => Tag::P,
            local_name!("div") => Tag::Div,
            local_name!("li") => Tag::Li,
            local_name!("ul") => Tag::Ul,
            local_name!("ol") => Tag::Ol,
            local_name!("dl") => Tag::Dl,
            local_name!("dd") => Tag::Dd,
            local_name!("dt") => Tag::Dt,
            local_name!("h1") => Tag::H1,
            local_name!("h2") => Tag::H2,
            local_name!("h3") => Tag::H3,
            local_name!("h4") => Tag::H4,
            local_name!("h5") => Tag::H5,
            local_name!("h6") => Tag::H6,
            local_name!("table") => Tag::Table,
            local_name!("caption") => Tag::Caption,
            local_name!("thead") => Tag::Thead,
            local_name!("tbody") => Tag::Tbody,
            local_name!("tfoot") => Tag::Tfoot,
            local_name!("tr") => Tag::Tr,
            local_name!("td") => Tag::Td,
            local_name!("th") => Tag::Th,
            local_name!("blockquote") => Tag::Blockquote,
            local_name!("pre") => Tag::Pre,
            local_name!("listing") => Tag::Listing,
            local_name!("xmp") => Tag::Xmp,
            local_name!("plaintext") => Tag::Plaintext,
            local_name!("section") => Tag::Section,
            local_name!("article") => Tag::Article,
            local_name!("header") => Tag::Header,
            local_name!("footer") => Tag::Footer,
            local_name!("nav") => Tag::Nav,
            local_name!("aside") => Tag::Aside,
            local_name!("main") => Tag::Main,
            local_name!("search") => Tag::Search,
            local_name!("figure") => Tag::Figure,
            local_name!("figcaption") => Tag::Figcaption,
            local_name!("address") => Tag::Address,
            local_name!("form") => Tag::Form,
            local_name!("fieldset") => Tag::Fieldset,
            local_name!("legend") => Tag::Legend,
            local_name!("details") => Tag::Details,
            local_name!("summary") => Tag::Summary,
            local_name!("dialog") => Tag::Dialog,
            local_name!("center") => Tag::Center,
            local_name!("hgroup") => Tag::Hgroup,
            local_name!("menu") => Tag::Menu,
            local_name!("dir") => Tag::Dir,
            local_name!("hr") => Tag::Hr,
            local_name!("option") => Tag::Option,
            local_name!("optgroup") => Tag::Optgroup,
            local_name!("frameset") => Tag::Frameset,
            local_name!("a") => Tag::A,
            local_name!("br") => Tag::Br,
            local_name!("title") => Tag::Title,
            local_name!("meta") => Tag::Meta,
            local_name!("link") => Tag::Link,
            local_name!("script") => Tag::Script,
            local_name!("style") => Tag::Style,
            local_name!("noscript") => Tag::Noscript,
            local_name!("template") => Tag::Template,
            local_name!("svg") => Tag::Svg,
            local_name!("math") => Tag::Math,
            local_name!("iframe") => Tag::Iframe,
            local_name!("object") => Tag::Object,
            local_name!("canvas") => Tag::Canvas,
            local_name!("textarea") => Tag::Textarea,
            local_name!("video") => Tag::Video,
            local_name!("audio") => Tag::Audio,
            local_name!("noembed") => Tag::Noembed,
            local_name!("noframes") => Tag::Noframes,
            local_name!("datalist") => Tag::Datalist,
            local_name!("button") => Tag::Button,
            local_name!("applet") => Tag::Applet,
            local_name!("marquee") => Tag::Marquee,
            // The void elements of HTML §13.1.2 (minus br/hr/meta/link, handled above).
            local_name!("area")
            | local_name!("base")
            | local_name!("basefont")
            | local_name!("bgsound")
            | local_name!("col")
            | local_name!("embed")
            | local_name!("frame")
            | local_name!("img")
            | local_name!("image")
            | local_name!("input")
            | local_name!("keygen")
            | local_name!("param")
            | local_name!("source")
            | local_name!("track")
            | local_name!("wbr") => Tag::Void,
            _ => Tag::Other,
        }
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
    pub(crate) fn breaks_out_of_foreign(self, name: &LocalName) -> bool {
        match self {
            Tag::Other => matches!(
                *name,
                local_name!("b")
                    | local_name!("big")
                    | local_name!("code")
                    | local_name!("em")
                    | local_name!("i")
                    | local_name!("nobr")
                    | local_name!("ruby")
                    | local_name!("s")
                    | local_name!("small")
                    | local_name!("span")
                    | local_name!("strong")
                    | local_name!("strike")
                    | local_name!("sub")
                    | local_name!("sup")
                    | local_name!("tt")
                    | local_name!("u")
                    | local_name!("var")
            ),
            Tag::Void => matches!(*name, local_name!("embed") | local_name!("img")),
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
