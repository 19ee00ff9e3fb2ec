//! The front door: [`Pipeline`], its builder, the [`Hints`] a caller can give, and the
//! [`Cleaned`] result.

use std::borrow::Cow;
use std::fmt;
use std::io::Read;

use encoding_rs::Encoding;

use crate::content::{ContentExtractor, ContentOptions, Favor, PageType};
use crate::decode::html::{self, HtmlOptions, PageMeta};
use crate::decode::{self, repair, Decision, DecodeOptions, EncodingSource, InputFormat};
use crate::doc::Doc;
use crate::edit_log::DetachedEdits;
use crate::error::{BuildError, Error};
pub use crate::hints::Hints;
use crate::metadata::{self, Metadata};
use crate::normalize::{NormalizeOptions, Normalizer};
use crate::report::{Edit, EditKind, Observer, RuleId};
use crate::stage::Stage;
use crate::strip::Stripper;

pub use crate::decode::DEFAULT_MAX_PAGE_BYTES;

/// Anything lossy or unusual about a result. All `false`/0 on a clean page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Flags {
    /// Bytes the decided encoding could not map, each now U+FFFD.
    pub replaced_chars: usize,
    /// The input exceeded the page-size limit and only its start was cleaned.
    pub truncated: bool,
    /// Lines whose text a repair stage rewrote.
    pub repaired_lines: usize,
    /// The HTML nested deeper than the depth limit somewhere: the deeper content was kept,
    /// flattened into its ancestor blocks.
    pub depth_limited: bool,
    /// Nothing was left: the page had no text, or every line was boilerplate.
    pub empty: bool,
    /// The input was gzip-compressed (and decompressed).
    pub gzip: bool,
    /// The gzip stream was damaged: what went wrong and where. The text decoded before the
    /// damage is kept.
    pub gzip_error: Option<String>,
    /// The content stage found no article (no block of running text: a home page, a list,
    /// a product grid) and kept every line the text rules left.
    pub no_main_content: bool,
    /// The page took longer than the pipeline's time budget: cleaning stopped and the text
    /// is empty.
    pub timed_out: bool,
    /// The input is not text (binary data, nearly all undecodable, or no letters at all):
    /// why. The text is empty; a corpus run counts the record as skipped, the CLI refuses
    /// the page.
    pub not_text: Option<String>,
}

impl Flags {
    /// Whether the output may differ from the page's true text for reasons other than
    /// boilerplate removal (bad bytes, truncation, a damaged gzip stream).
    pub fn is_lossy(&self) -> bool {
        self.replaced_chars > 0 || self.truncated || self.gzip_error.is_some() || self.timed_out
    }
}

/// The clean text of one page and everything decided on the way.
#[derive(Clone, Debug)]
pub struct Cleaned {
    text: String,
    charset: Decision,
    format: InputFormat,
    format_reason: &'static str,
    meta: Option<PageMeta>,
    metadata: Metadata,
    flags: Flags,
    /// The edits, compact ([`DetachedEdits`]); [`Cleaned::edits`] builds them when asked.
    edits: DetachedEdits,
    built_edits: std::sync::OnceLock<Vec<Edit>>,
    page_type: Option<PageType>,
    markdown: Option<String>,
}

impl Cleaned {
    /// The kept lines as Markdown (headings, lists, tables, code blocks, links), when the
    /// pipeline was built with [`PipelineBuilder::markdown`]; `None` otherwise.
    pub fn markdown(&self) -> Option<&str> {
        self.markdown.as_deref()
    }

    /// The clean text: kept lines joined by `\n`, ending with one `\n` (empty if none).
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Takes the clean text.
    pub fn into_text(self) -> String {
        self.text
    }

    /// The encoding the bytes were decoded with.
    pub fn encoding(&self) -> &'static Encoding {
        self.charset.encoding
    }

    /// Which signal decided the encoding.
    pub fn encoding_source(&self) -> EncodingSource {
        self.charset.source
    }

    /// The whole charset decision: every signal seen (BOM, HTTP header, `<meta>`, XML
    /// declaration, detector, UTF-8 validity) and why a declared label was overridden.
    pub fn charset_decision(&self) -> &Decision {
        &self.charset
    }

    /// The input format decided on.
    pub fn format(&self) -> InputFormat {
        self.format
    }

    /// Why that format (`"opens with a doctype or a document tag"`, `"content type says
    /// HTML"`, …).
    pub fn format_reason(&self) -> &'static str {
        self.format_reason
    }

    /// The raw `<head>` values (`<title>`, first `<h1>`, description, og:title, published
    /// time, author, canonical URL, language, site name) for HTML input; `None` for text
    /// input. [`Cleaned::metadata`] is the cleaned-up, parsed view.
    pub fn meta(&self) -> Option<&PageMeta> {
        self.meta.as_ref()
    }

    /// Title, date, author, publisher, language and canonical URL, as far as the page
    /// states them ([`Metadata`]), for text and HTML input.
    pub fn metadata(&self) -> &Metadata {
        &self.metadata
    }

    /// Lossy or unusual conditions.
    pub fn flags(&self) -> &Flags {
        &self.flags
    }

    /// Every removal and repair, in the order made.
    pub fn edits(&self) -> &[Edit] {
        self.built_edits.get_or_init(|| self.edits.edits())
    }

    /// Every removal and repair, in the order made, handed to `f` one by one and built as
    /// they go: what [`Cleaned::edits`] holds at once (a page of millions of removed lines
    /// holds a gigabyte of them), reported line by line.
    ///
    /// ```
    /// let page = pagewash::clean("a\na\na\n".as_bytes());
    /// let mut removed = 0;
    /// page.for_each_edit(|e| removed += usize::from(e.kind == pagewash::EditKind::Removed));
    /// assert_eq!(removed, page.edits().len());
    /// ```
    pub fn for_each_edit(&self, mut f: impl FnMut(&Edit)) {
        match self.built_edits.get() {
            Some(built) => built.iter().for_each(f),
            None => self.edits.for_each(|e| f(&e)),
        }
    }

    /// Each edit's kind and rule, in order, without building the edits (a page may lose
    /// millions of lines).
    pub(crate) fn edit_kinds(&self) -> impl Iterator<Item = (EditKind, &RuleId)> + '_ {
        self.edits.log.kinds().map(|(kind, rule, _)| (kind, rule))
    }

    /// What each kind of repair did (lines, characters rewritten, characters lost), keyed
    /// by its rule id without `repair.`; empty when nothing was repaired.
    ///
    /// ```
    /// let page = pagewash::clean("ÖÐ¹ú¡¡¡¡ÖÐ¹úÈËÃñ".as_bytes());
    /// let r = page.repairs()["mojibake.cjk-as-latin1"];
    /// assert_eq!((r.lines, r.chars, r.lost), (1, 8, 0));
    /// ```
    pub fn repairs(&self) -> std::collections::BTreeMap<&str, crate::report::RepairCount> {
        crate::report::repairs_by_kind(self.edits.log.repairs())
    }

    /// What the page is for (article, forum, product, listing…), as the content stage
    /// judged it; `None` without the content stage, or on a page with no candidate line.
    pub fn page_type(&self) -> Option<PageType> {
        self.page_type
    }
}

/// One step of the chain, as the builder holds it: built-in steps stay configurable until
/// `build()`, user stages are boxed.
enum Slot {
    PinyinRepair,
    ByteShiftRepair,
    Strip,
    Content,
    Normalize,
    Custom(Box<dyn Stage>),
}

impl Slot {
    fn name(&self) -> &str {
        match self {
            Slot::PinyinRepair => "repair.pinyin",
            Slot::ByteShiftRepair => "repair.byteshift",
            Slot::Strip => "strip",
            Slot::Content => "content",
            Slot::Normalize => "normalize",
            Slot::Custom(s) => s.name(),
        }
    }
}

/// Builds a [`Pipeline`]. The default chain is
/// `repair.pinyin → repair.byteshift → strip → content → normalize`.
///
/// # Example
/// ```
/// let mut b = pagewash::Pipeline::builder();
/// b.normalize_options().nfkc(false);
/// b.remove_stage("strip").unwrap();
/// let p = b.build().unwrap();
/// assert_eq!(p.stage_names(), ["repair.pinyin", "repair.byteshift", "content", "normalize"]);
/// ```
pub struct PipelineBuilder {
    slots: Vec<Slot>,
    // Each stage's settings in its own type: a stage is built from its own and sees no
    // other (the strip and repair stages have none; they are in the chain or not).
    decode: DecodeOptions,
    content: ContentOptions,
    normalize: NormalizeOptions,
    markdown: bool,
    time_budget: Option<std::time::Duration>,
}

impl Default for PipelineBuilder {
    fn default() -> Self {
        PipelineBuilder {
            slots: vec![
                Slot::PinyinRepair,
                Slot::ByteShiftRepair,
                Slot::Strip,
                Slot::Content,
                Slot::Normalize,
            ],
            decode: DecodeOptions::default(),
            content: ContentOptions::default(),
            normalize: NormalizeOptions::default(),
            markdown: false,
            time_budget: None,
        }
    }
}

impl fmt::Debug for PipelineBuilder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.slots.iter().map(Slot::name).collect();
        f.debug_struct("PipelineBuilder")
            .field("stages", &names)
            .field("normalize", &self.normalize)
            .field("max_page_bytes", &self.decode.max_page_bytes)
            .finish()
    }
}

impl PipelineBuilder {
    /// A builder whose stages take these settings (the default chain).
    pub(crate) fn with_options(
        decode: DecodeOptions,
        content: ContentOptions,
        normalize: NormalizeOptions,
    ) -> PipelineBuilder {
        PipelineBuilder {
            decode,
            content,
            normalize,
            ..PipelineBuilder::default()
        }
    }

    /// The normalizer's options, to change (NFKC on by default).
    pub fn normalize_options(&mut self) -> &mut NormalizeOptions {
        &mut self.normalize
    }

    /// Inputs longer than this many bytes are cut and flagged `truncated`
    /// (default [`DEFAULT_MAX_PAGE_BYTES`]).
    pub fn max_page_bytes(&mut self, bytes: usize) -> &mut Self {
        self.decode.max_page_bytes = bytes;
        self
    }

    /// Options of the HTML decoder (nesting-depth limit: default 512).
    pub fn html_options(&mut self) -> &mut HtmlOptions {
        &mut self.decode.html
    }

    /// Stop cleaning a page that has taken longer than `budget` (checked while the HTML is
    /// read, between lines of the repairs and of the stages that loop over lines
    /// ([`Doc::over_budget`]), and between stages; default: no budget). The page's result is then flagged
    /// [`Flags::timed_out`] and its text is empty: a corpus run counts it as failed rather
    /// than keeping half-cleaned text.
    pub fn time_budget(&mut self, budget: Option<std::time::Duration>) -> &mut Self {
        self.time_budget = budget;
        self
    }

    /// Keep an HTML page's title as the first line when it shows above the article
    /// (default `false`: the title is in [`Cleaned::metadata`]; a text page's heading stays
    /// either way).
    pub fn keep_title(&mut self, yes: bool) -> &mut Self {
        self.content.keep_title = yes;
        self
    }

    /// Which way the content stage leans when it is unsure of a line (default
    /// [`Favor::Balanced`]): [`Favor::Precision`] drops more borderline lines,
    /// [`Favor::Recall`] keeps more.
    pub fn favor(&mut self, favor: Favor) -> &mut Self {
        self.content.favor = favor;
        self
    }

    /// Also render the kept lines as Markdown ([`Cleaned::markdown`]; default off): the
    /// HTML decoder then records each link's target, which it otherwise skips. The text is
    /// the same either way.
    pub fn markdown(&mut self, yes: bool) -> &mut Self {
        self.markdown = yes;
        self.decode.html.links(yes);
        self
    }

    /// Repair mojibake while decoding (default: on). It runs before every stage, on the text
    /// as decoded, so it is an option of the decoder rather than a stage.
    pub fn repair_mojibake(&mut self, yes: bool) -> &mut Self {
        self.decode.repair_mojibake = yes;
        self
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.slots.iter().map(Slot::name).collect()
    }

    fn position(&self, name: &str) -> Result<usize, BuildError> {
        self.slots
            .iter()
            .position(|s| s.name() == name)
            .ok_or_else(|| BuildError::UnknownStage {
                name: name.into(),
                known: self.stage_names().join(", "),
            })
    }

    /// Drops a stage from the chain.
    ///
    /// # Errors
    /// [`BuildError::UnknownStage`] when no stage has that name.
    pub fn remove_stage(&mut self, name: &str) -> Result<&mut Self, BuildError> {
        let at = self.position(name)?;
        self.slots.remove(at);
        Ok(self)
    }

    /// Adds a stage at the end of the chain (after the normalizer).
    pub fn push_stage(&mut self, stage: Box<dyn Stage>) -> &mut Self {
        self.slots.push(Slot::Custom(stage));
        self
    }

    /// Adds a stage just before the named one.
    ///
    /// # Errors
    /// [`BuildError::UnknownStage`] when no stage has that name.
    pub fn insert_stage_before(
        &mut self,
        name: &str,
        stage: Box<dyn Stage>,
    ) -> Result<&mut Self, BuildError> {
        let at = self.position(name)?;
        self.slots.insert(at, Slot::Custom(stage));
        Ok(self)
    }

    /// Compiles every stage.
    ///
    /// # Errors
    /// [`BuildError`] when a rule does not compile.
    pub fn build(self) -> Result<Pipeline, BuildError> {
        let mut stages: Vec<Box<dyn Stage>> = Vec::with_capacity(self.slots.len());
        for slot in self.slots {
            stages.push(match slot {
                Slot::PinyinRepair => Box::new(repair::PinyinRepair),
                Slot::ByteShiftRepair => Box::new(repair::ByteShiftRepair),
                Slot::Strip => Box::new(Stripper::new()?),
                Slot::Content => Box::new(ContentExtractor::with_options(self.content)),
                Slot::Normalize => Box::new(Normalizer::new(self.normalize.clone())),
                Slot::Custom(s) => s,
            });
        }
        Ok(Pipeline {
            stages,
            time_budget: self.time_budget,
            decode: self.decode,
            markdown: self
                .markdown
                .then(|| Normalizer::new(self.normalize.clone())),
        })
    }
}

/// Bytes of text the not-text tally reads between two checks of the time budget.
const TALLY_CHUNK: usize = 256 << 10;

/// Rounds of the stages on a text page, at most: each round after the first removes at least
/// one line, and real pages settle in one or two.
const SETTLE_ROUNDS: usize = 4;

/// A compiled chain of stages. Build once, clean many pages; `Send + Sync`, so one pipeline
/// serves every thread.
///
/// # Example
/// ```
/// let p = pagewash::Pipeline::default();
/// let page = "当前位置: 首页>工作动态\n市政府召开全市安全生产工作会议\n正文第一段，内容很长很长，有标点。这里是文章的主体内容。\n版权所有 某某网 京ICP备12345678号";
/// let out = p.clean(page.as_bytes(), &pagewash::Hints::new());
/// assert_eq!(out.text(), "市政府召开全市安全生产工作会议\n正文第一段,内容很长很长,有标点。这里是文章的主体内容。\n");
/// assert_eq!(out.edits().len(), 2);
/// ```
pub struct Pipeline {
    stages: Vec<Box<dyn Stage>>,
    time_budget: Option<std::time::Duration>,
    decode: DecodeOptions,
    /// With Markdown output: the normalizer's options, for lines Markdown adds back.
    markdown: Option<Normalizer>,
}

impl fmt::Debug for Pipeline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Pipeline")
            .field("stages", &self.stage_names())
            .field("max_page_bytes", &self.decode.max_page_bytes)
            .finish()
    }
}

impl Default for Pipeline {
    /// The default chain with the built-in rules.
    fn default() -> Self {
        PipelineBuilder::default()
            .build()
            .expect("the built-in rules compile (tested)")
    }
}

impl Pipeline {
    /// A builder with the default chain.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// Names of the stages, in order.
    pub fn stage_names(&self) -> Vec<&str> {
        self.stages.iter().map(|s| s.name()).collect()
    }

    /// Cleans one page. Never fails: damaged input is decoded lossily and flagged.
    pub fn clean(&self, bytes: &[u8], hints: &Hints) -> Cleaned {
        self.clean_inner(Cow::Borrowed(bytes), hints, None)
    }

    /// Reads one page from `reader` and cleans it. At most the page-size limit (plus one
    /// byte, to tell that the page was longer) is read, so memory stays bounded whatever
    /// the input: a longer page is cleaned from its start and flagged `truncated`.
    ///
    /// # Errors
    /// [`Error::Io`] when reading fails.
    ///
    /// # Example
    /// ```
    /// let p = pagewash::Pipeline::default();
    /// let out = p.clean_reader(&b"00:00\nhello"[..], &pagewash::Hints::new()).unwrap();
    /// assert_eq!(out.text(), "hello\n");
    /// ```
    pub fn clean_reader(&self, reader: impl Read, hints: &Hints) -> Result<Cleaned, Error> {
        let limit = self.decode.max_page_bytes.saturating_add(1);
        let mut bytes = Vec::new();
        reader
            .take(limit as u64)
            .read_to_end(&mut bytes)
            .map_err(|source| Error::Io {
                what: "page input".into(),
                source,
            })?;
        // The page's bytes are handed over, so they go as soon as they are decoded.
        Ok(self.clean_inner(Cow::Owned(bytes), hints, None))
    }

    /// Cleans one page, handing each edit to `observer` as well as recording it.
    pub fn clean_with_observer(
        &self,
        bytes: &[u8],
        hints: &Hints,
        observer: &mut dyn Observer,
    ) -> Cleaned {
        self.clean_inner(Cow::Borrowed(bytes), hints, Some(observer))
    }

    /// Cleans one page; the edits are built for the observer only when there is one.
    fn clean_inner(
        &self,
        bytes: Cow<'_, [u8]>,
        hints: &Hints,
        mut observer: Option<&mut dyn Observer>,
    ) -> Cleaned {
        let started = std::time::Instant::now();
        let deadline = self.time_budget.and_then(|b| started.checked_add(b));
        let over_budget = || deadline.is_some_and(|at| std::time::Instant::now() >= at);
        let decoded = decode::decode(&bytes, hints, self.decode.max_page_bytes);
        let (charset, format, format_reason) =
            (decoded.decision, decoded.format, decoded.format_reason);
        let (replacements, truncated) = (decoded.replacements, decoded.truncated);
        let (gzip, gzip_error) = (decoded.gzip, decoded.gzip_error);
        let mut timed_out = false;
        // Binary data decodes without error in a single-byte charset: judge the result
        // (control characters now, the rest after the repairs).
        // The head of the page is enough to tell binary data (uniform noise) before any
        // work is spent on it; controls further down are counted again on the lines.
        let mut tally = decode::textcheck::Tally::default();
        tally.add_for_controls(crate::text::truncate_to_char_boundary(
            &decoded.text,
            decode::textcheck::CONTROL_SAMPLE,
        ));
        let mut not_text = tally.controls_verdict();
        let text_in: &str = if not_text.is_some() {
            ""
        } else {
            &decoded.text
        };
        let (mut doc, page_meta, depth_limited) = if format == InputFormat::Html {
            let (html, lines, abandoned) =
                html::html_to_lines_until(text_in, &self.decode.html, deadline);
            timed_out |= abandoned;
            let depth_limited = html.depth_limited;
            let mut doc = Doc::from_html_lines(html, lines);
            doc.set_source_lines(&decoded.text);
            let meta = doc.html().map(|h| h.meta.clone());
            (doc, meta, depth_limited)
        } else {
            (Doc::from_text(text_in), None, false)
        };
        drop(decoded.text);
        // Owned input bytes are not needed any more (a page of millions of lines needs
        // the room for its line table).
        drop(bytes);
        doc.set_url(hints.url());
        doc.set_deadline(deadline);
        if self.decode.repair_mojibake && !timed_out {
            repair::repair_mojibake(&mut doc);
        }
        if not_text.is_none() && !timed_out {
            // The whole page passes here, so the budget is checked every `TALLY_CHUNK`
            // bytes, inside long lines too (a 16 MB page of one line).
            let mut tally = decode::textcheck::Tally::default();
            let mut since_check = 0;
            'lines: for i in 0..doc.len() {
                let mut rest = doc.line(i);
                while !rest.is_empty() {
                    let piece = crate::text::truncate_to_char_boundary(rest, TALLY_CHUNK);
                    let piece = if piece.is_empty() { rest } else { piece };
                    tally.add(piece);
                    rest = &rest[piece.len()..];
                    since_check += piece.len();
                    if since_check >= TALLY_CHUNK {
                        since_check = 0;
                        if doc.over_budget() {
                            timed_out = true;
                            break 'lines;
                        }
                    }
                }
            }
            if !timed_out {
                not_text = tally.verdict();
                if not_text.is_some() {
                    doc = Doc::default(); // nothing of it is text
                }
            }
        }
        // Invisible characters go after mojibake repair (C1 controls are its evidence) and
        // before every stage, so repairs and rules judge what the output will show.
        for i in 0..doc.len() {
            if timed_out || (i % 256 == 0 && doc.over_budget()) {
                timed_out = true;
                break;
            }
            if let std::borrow::Cow::Owned(s) =
                decode::strip_invisible(std::borrow::Cow::Borrowed(doc.line(i)))
            {
                doc.set_text(i, &s);
            }
        }
        if !timed_out && !self.stages.iter().any(|s| s.name() == "content") {
            crate::content::remove_hidden(&mut doc);
        }
        timed_out |= over_budget();
        let mut seen = 0;
        // A text page is what a second cleaning reads: the stages run again on the lines
        // left until they remove nothing more, so that cleaning the output changes nothing
        // (a line the content stage removed no longer sways the rules' zones). An HTML page's
        // stages read its DOM and run once.
        let rounds = if doc.html().is_none() {
            SETTLE_ROUNDS
        } else {
            1
        };
        for _ in 0..rounds {
            let before = seen;
            for stage in &self.stages {
                if timed_out {
                    break;
                }
                stage.run(&mut doc);
                if let Some(observer) = observer.as_deref_mut() {
                    doc.for_each_edit(seen, |e| observer.on_edit(&e));
                }
                seen = doc.edit_count();
                timed_out = over_budget();
            }
            let removed = doc.edit_log().removed_since(before);
            if timed_out || !removed {
                break;
            }
        }
        let text = if timed_out {
            String::new()
        } else {
            doc.render()
        };
        let markdown = self.markdown.as_ref().map(|normalizer| {
            if timed_out {
                return String::new();
            }
            crate::markdown::render(&doc, &|line| normalizer.normalize_to_output(line))
        });
        let metadata = metadata::gather(doc.html().map(|h| &h.meta), stated_metadata(&doc), &text);
        let page_type = doc.page_type();
        let no_main_content = doc.no_main_content();
        let edits = doc.take_detached_edits();
        drop(doc);
        let flags = Flags {
            replaced_chars: replacements,
            truncated,
            repaired_lines: edits
                .log
                .repairs()
                .iter()
                .map(|e| e.line)
                .collect::<std::collections::BTreeSet<_>>()
                .len(),
            depth_limited,
            empty: text.is_empty(),
            gzip,
            gzip_error,
            no_main_content,
            timed_out,
            not_text,
        };
        Cleaned {
            text,
            charset,
            format,
            format_reason,
            meta: page_meta,
            metadata,
            flags,
            edits,
            built_edits: std::sync::OnceLock::new(),
            page_type,
            markdown,
        }
    }
}

/// Lines that stated metadata and are gone from the text: those removed by a text rule that
/// states a field ([`crate::strip::Rule::states`]: the `meta.*` rules), then removed lines
/// just above the article (bylines).
fn stated_metadata(doc: &Doc) -> impl Iterator<Item = &str> {
    let by_rule = doc
        .edit_log()
        .kinds()
        .filter(|&(kind, rule, _)| {
            kind == EditKind::Removed && crate::strip::rules::states_of(rule.as_str()).is_some()
        })
        .map(|(_, _, line)| doc.removal_text(line as usize - 1));
    let first_kept = doc.kept().next().unwrap_or(0);
    let above = (first_kept.saturating_sub(metadata::BYLINE_WINDOW)..first_kept)
        .filter(|&i| doc.is_removed(i))
        .map(|i| doc.line(i));
    by_rule.chain(above)
}

/// Cleans one page with the default pipeline (built once per process).
///
/// # Example
/// ```
/// let out = pagewash::clean("標題\n00:00\n正文很長很長，有標點，這是文章的主體內容。".as_bytes());
/// assert_eq!(out.text(), "標題\n正文很長很長,有標點,這是文章的主體內容。\n");
/// ```
pub fn clean(bytes: &[u8]) -> Cleaned {
    static DEFAULT: std::sync::OnceLock<Pipeline> = std::sync::OnceLock::new();
    DEFAULT
        .get_or_init(Pipeline::default)
        .clean(bytes, &Hints::new())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn public_types_are_send_and_sync() {
        fn check<T: Send + Sync>() {}
        check::<Pipeline>();
        check::<Cleaned>();
        check::<Hints>();
    }

    #[test]
    fn content_type_charset_is_a_hint() {
        let h = Hints::new().with_content_type("text/html; charset=\"GBK\"");
        assert_eq!(h.http_charset(), Some("GBK"));
        assert_eq!(h.forced_charset(), None);
        let h = Hints::new().with_content_type("text/html");
        assert_eq!(h.http_charset(), None);
    }

    #[test]
    fn a_page_over_the_time_budget_is_flagged_and_gives_no_text() {
        #[derive(Debug)]
        struct Slow;
        impl Stage for Slow {
            fn name(&self) -> &str {
                "test.slow"
            }
            fn run(&self, _: &mut Doc) {
                std::thread::sleep(std::time::Duration::from_millis(30));
            }
        }
        let mut b = Pipeline::builder();
        b.insert_stage_before("strip", Box::new(Slow)).unwrap();
        b.time_budget(Some(std::time::Duration::from_millis(5)));
        let out = b
            .build()
            .unwrap()
            .clean("正文\n更多".as_bytes(), &Hints::new());
        assert!(out.flags().timed_out && out.flags().is_lossy());
        assert_eq!(out.text(), "");
        // Without a budget the same pipeline finishes.
        let mut b = Pipeline::builder();
        b.insert_stage_before("strip", Box::new(Slow)).unwrap();
        let out = b
            .build()
            .unwrap()
            .clean("正文\n更多".as_bytes(), &Hints::new());
        assert!(!out.flags().timed_out);
        assert_eq!(out.text(), "正文\n更多\n");
    }

    #[test]
    fn unknown_stage_names_are_errors() {
        let mut b = Pipeline::builder();
        let err = b.remove_stage("nope").unwrap_err();
        assert!(err.to_string().contains("strip"), "{err}");
    }

    #[test]
    fn empty_input_gives_empty_flagged_output() {
        let out = Pipeline::default().clean(b"", &Hints::new());
        assert_eq!(out.text(), "");
        assert!(out.flags().empty);
    }

    #[test]
    fn reader_input_is_bounded_and_flagged() {
        let mut b = Pipeline::builder();
        b.max_page_bytes(6);
        let p = b.build().unwrap();
        let out = p
            .clean_reader(&b"abc\ndef\nghi"[..], &Hints::new())
            .unwrap();
        assert_eq!(out.text(), "abc\nde\n");
        assert!(out.flags().truncated);
    }

    #[test]
    fn reader_errors_name_the_input() {
        struct Broken;
        impl Read for Broken {
            fn read(&mut self, _: &mut [u8]) -> std::io::Result<usize> {
                Err(std::io::Error::other("disk on fire"))
            }
        }
        let err = Pipeline::default()
            .clean_reader(Broken, &Hints::new())
            .unwrap_err();
        assert!(err.to_string().contains("page input"), "{err}");
    }

    #[test]
    fn html_is_read_into_blocks_with_metadata() {
        let page = "<!DOCTYPE html><html lang=zh><head><title>标题_新华网</title>\
                    <meta charset=utf-8><script>var x=1;</script></head>\
                    <body><p>正文第一段，内容很长很长，有标点。这里是文章的主体内容。</p>\
                    <p>版权所有 某某网 京ICP备12345678号</p></body></html>";
        let out = Pipeline::default().clean(page.as_bytes(), &Hints::new());
        assert_eq!(out.format(), InputFormat::Html);
        assert_eq!(
            out.text(),
            "正文第一段,内容很长很长,有标点。这里是文章的主体内容。\n"
        );
        let meta = out.meta().expect("HTML input has metadata");
        assert_eq!(meta.title.as_deref(), Some("标题_新华网"));
        assert_eq!(meta.lang.as_deref(), Some("zh"));
        assert!(!out.flags().is_lossy());
    }
}
