//! pagewash turns scraped web pages into clean text for language-model corpora and search
//! indexes: it keeps every sentence of the article and nothing else, and says why it
//! removed or repaired each line.
//!
//! # The chain
//! Bytes go through small, replaceable stages:
//! 1. **decoders**: bytes → text (BOM, charset hint, UTF-8, statistical detection, the
//!    decision in [`charset::Decision`]) → one line per block (the page's skeleton is in
//!    [`dom`]); then repair of damage done upstream (mojibake, and the optional stages in
//!    [`repair`]: pinyin injected by converters, byte-shifted GBK);
//! 2. **boilerplate strippers** ([`strip`]): rules declared as data ([`strip::rules`]) plus
//!    structural rules; every removal carries a rule id and a reason;
//! 3. **main content** ([`content`]): the article region from the DOM skeleton (HTML) or the
//!    span of running text (text input), with the title line;
//! 4. **normalizer** ([`normalize`]): NFKC, white space, blank and repeated lines, optional
//!    Traditional → Simplified.
//!
//! [`Cleaned::metadata`] gives the page's title, date, author, publisher, language and
//! canonical URL.
//!
//! # Example
//! ```
//! use pagewash::{Hints, Pipeline};
//!
//! let pipeline = Pipeline::default(); // build once, share across threads
//! let page = "字号:\n標題\n正文很長很長，有標點，這是文章的主體內容。\n責任編輯:周大偉";
//! let out = pipeline.clean(page.as_bytes(), &Hints::new());
//! assert_eq!(out.text(), "標題\n正文很長很長,有標點,這是文章的主體內容。\n");
//! for edit in out.edits() {
//!     println!("{edit}"); // line 1: removed by meta.font-size (font-size switch): 字号:
//! }
//! ```
//!
//! # Record streams
//! [`records`] reads WARC, WET and JSON Lines files (gzip or not) one page at a time, with
//! bounded memory, and reports damaged records without stopping:
//! `for record in records::open(file, StreamFormat::Warc, &ReadOptions::new())` gives each
//! page's bytes with [`records::Record::hints`] for [`Pipeline::clean`]. [`driver::Driver`]
//! cleans them on all cores in input order with a bounded window, and [`stats::RunStats`]
//! accounts for every record; [`corpus::clean_record`] cleans one record (or says why it is
//! skipped).
//!
//! # Extending
//! Add rules (data: a `static` [`strip::Rule`]) with [`strip::Stripper::with_rules`], add a
//! stage of your own through the [`Stage`] trait and [`PipelineBuilder::insert_stage_before`],
//! or watch edits as they happen with an [`Observer`].
//!
//! # Errors
//! Damaged input is data, not an error: bad bytes become U+FFFD and are counted in
//! [`Flags`], repairs are listed in [`Cleaned::edits`]. [`BuildError`] reports a bad rule when
//! a pipeline is built. No input makes pagewash panic (property-tested).
//!
//! # Performance
//! One automaton over all rule triggers per line, each triggered rule's regex asked only
//! then; lines are slices of one buffer; only short lines are folded for matching. See `benches/` and the README for figures.
//!
//! # Crate features
//! - `cli` (default): the `pagewash` command-line tool. Library users build with
//!   `default-features = false` and pay for none of its dependencies.
//!
//! # Front ends
//! [`PipelineOptions`] holds the switches the CLI and the Python binding expose by name,
//! [`corpus::clean_record`] decides and cleans one record of a stream, and [`json`] gives
//! the one JSON shape of a result: every front end gives the same output for the same page.

//! # Stability
//! The public surface is what this page lists: the pipeline and its result (the items at
//! the crate root), its options and hints, the [`Stage`] trait and the [`Doc`] it edits
//! (with [`dom`], the page skeleton a stage reads), edits and rule ids ([`registry`]), the
//! built-in stages ([`strip`], [`content`], [`normalize`], [`repair`]), record streams
//! ([`records`], [`driver`], [`corpus`], [`stats`]), the output shapes ([`json`],
//! [`signals`]) and the charset decision ([`charset`]). It follows semantic versioning from
//! 1.0; before that, a minor release may change it and says so in its notes. Rule ids never
//! change meaning once released. Anything else (the module `internals`, hidden from these
//! docs) exists for the crate's own tests, benches and tools, and may change in any release.

#![deny(missing_docs)]
#![forbid(unsafe_code)]
// Every type the public surface hands out can be named by its users.
#![warn(unnameable_types)]

// Lets unit tests include files written for the integration tests (which say `pagewash::`).
#[cfg(test)]
extern crate self as pagewash;

pub mod content;
pub mod corpus;
mod decode;
mod doc;
pub mod driver;
mod edit_log;
mod error;
#[cfg(feature = "cli")]
#[doc(hidden)]
pub mod eval;
mod hanzi;
mod hints;
#[doc(hidden)]
pub mod internals;
pub mod json;
mod markdown;
mod meta;
mod metadata;
pub mod normalize;
mod options;
mod pipeline;
pub mod records;
pub mod registry;
mod report;
pub mod signals;
mod stage;
pub mod stats;
pub mod strip;
mod text;

pub mod charset {
    //! How a page's charset was decided: every signal seen, the winner and why.
    pub use crate::decode::charset::{Decision, EncodingSource, Signal};
}

pub mod dom {
    //! The page's skeleton as the HTML decoder leaves it ([`crate::Doc::html`],
    //! [`crate::Doc::context`]): block-level elements, their class/id tokens and flags, the
    //! page's links and `<head>` metadata. Stages read it; nothing here parses HTML again.
    pub use crate::decode::html::HtmlOptions;
    pub use crate::text::skeleton::{
        Block, BlockContext, BlockFlags, ContextToken, Element, HtmlDoc, Link, PageMeta, Sym,
        Symbols, TokenKind, TokenSpan,
    };
    pub use crate::text::tags::Tag;
}

pub mod repair {
    //! Repairs that are stages of their own, off by default in a custom pipeline and on in
    //! [`crate::Pipeline::default`] (mojibake repair runs inside decoding, before any stage).
    pub use crate::decode::repair::{ByteShiftRepair, PinyinRepair};
}

pub use content::{Favor, PageType};
pub use decode::gzip::GzipError;
pub use decode::{EncodingSource, InputFormat};
pub use doc::Doc;
pub use error::{BuildError, Error};
pub use metadata::Metadata;
pub use options::{
    OptionKind, OptionSpec, OptionValue, PipelineOptions, CORPUS_TIME_BUDGET, OPTIONS,
};
pub use pipeline::{
    clean, Cleaned, Flags, Hints, Pipeline, PipelineBuilder, DEFAULT_MAX_PAGE_BYTES,
};
pub use report::{Edit, EditKind, Observer, RepairCount, RuleId};
pub use stage::Stage;
