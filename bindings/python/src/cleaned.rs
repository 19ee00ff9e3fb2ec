//! `pagewash.Cleaned`, `pagewash.Flags`, `pagewash.Edit`: read-only views of a result.
//! They hold the Rust values and build Python objects only for what is asked for, so a
//! caller who reads `.text` pays for nothing else.

use pagewash::signals::Signals;
use pagewash::{Cleaned, Edit, Flags};
use pyo3::prelude::*;
use pyo3::types::PyDict;

use crate::pyjson::to_py;

/// The clean text of one page and everything decided on the way.
#[pyclass(name = "Cleaned", module = "pagewash", frozen)]
pub struct PyCleaned {
    pub inner: Cleaned,
}

#[pymethods]
impl PyCleaned {
    /// The clean text: one line per block, each ending in a newline.
    #[getter]
    fn text(&self) -> &str {
        self.inner.text()
    }

    /// The page's title, without the site's suffix.
    #[getter]
    fn title(&self) -> Option<&str> {
        self.inner.metadata().title.as_deref()
    }

    /// The publication date, ISO 8601 (`2024-03-05` or with a time).
    #[getter]
    fn date(&self) -> Option<&str> {
        self.inner.metadata().published.as_deref()
    }

    /// The author, from a byline or the page's metadata.
    #[getter]
    fn author(&self) -> Option<&str> {
        self.inner.metadata().author.as_deref()
    }

    /// The publisher (site name, 来源).
    #[getter]
    fn publisher(&self) -> Option<&str> {
        self.inner.metadata().publisher.as_deref()
    }

    /// The language tag (`zh`, `en`), declared or guessed.
    #[getter]
    fn language(&self) -> Option<&str> {
        self.inner.metadata().language.as_deref()
    }

    /// The canonical URL the page declares.
    #[getter]
    fn canonical_url(&self) -> Option<&str> {
        self.inner.metadata().canonical_url.as_deref()
    }

    /// The encoding the bytes were decoded with (WHATWG name: `UTF-8`, `gb18030`, `Big5`).
    #[getter]
    fn encoding(&self) -> &'static str {
        self.inner.encoding().name()
    }

    /// Where the encoding came from: `bom`, `http-header`, `meta-tag`, `xml-declaration`,
    /// `detected`, `valid-utf8`, `mostly-utf8` or `forced`.
    #[getter]
    fn encoding_source(&self) -> &'static str {
        self.inner.encoding_source().as_str()
    }

    /// `html` or `text`.
    #[getter]
    fn format(&self) -> &'static str {
        self.inner.format().as_str()
    }

    /// Anything lossy or unusual about the result.
    #[getter]
    fn flags(&self) -> PyFlags {
        PyFlags {
            inner: self.inner.flags().clone(),
        }
    }

    /// Every removal and repair, in input order.
    #[getter]
    fn edits(&self) -> Vec<PyEdit> {
        self.inner
            .edits()
            .iter()
            .map(|e| PyEdit { inner: e.clone() })
            .collect()
    }

    /// Lines removed, counted by rule id.
    #[getter]
    fn removed<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        for (rule, n) in pagewash::json::removed_by_rule(&self.inner) {
            d.set_item(rule, n)?;
        }
        Ok(d)
    }

    /// The result as a dict: the same fields as a line of `pagewash clean --format jsonl`
    /// (`edits` only when asked for, as with `--explain`; `signals` as with `--signals`).
    #[pyo3(signature = (*, edits = false, signals = false))]
    fn to_dict(&self, py: Python<'_>, edits: bool, signals: bool) -> PyResult<Py<PyAny>> {
        let mut v = pagewash::json::page_json(&self.inner, edits);
        if signals {
            v["signals"] = Signals::of(&self.inner).to_json();
        }
        to_py(py, &v)
    }

    /// The text as Markdown (headings, lists, tables, code blocks, links) when the
    /// pipeline was built with `markdown=True`; `None` otherwise.
    #[getter]
    fn markdown(&self) -> Option<&str> {
        self.inner.markdown()
    }

    /// Quality signals of the text, as `pagewash clean --signals` writes them: CJK ratio,
    /// line lengths, terminal punctuation, duplicate lines and n-grams, U+FFFD, repairs,
    /// Traditional characters (formulas in the Rust docs of `pagewash::signals`).
    fn signals(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &Signals::of(&self.inner).to_json())
    }

    fn __str__(&self) -> &str {
        self.inner.text()
    }

    fn __repr__(&self) -> String {
        let text = self.inner.text();
        let head: String = text.chars().take(40).collect();
        format!(
            "<pagewash.Cleaned {} chars, {} lines removed, encoding {}: {:?}{}>",
            text.chars().count(),
            // Counted by rule without building the edits (a page may lose millions of lines).
            pagewash::json::removed_by_rule(&self.inner)
                .values()
                .sum::<usize>(),
            self.inner.encoding().name(),
            head,
            if head.len() < text.len() { "…" } else { "" }
        )
    }
}

/// Anything lossy or unusual about a result; all false / 0 on a clean page.
#[pyclass(name = "Flags", module = "pagewash", frozen)]
pub struct PyFlags {
    inner: Flags,
}

#[pymethods]
impl PyFlags {
    /// Bytes the encoding could not map, each now U+FFFD.
    #[getter]
    fn replaced_chars(&self) -> usize {
        self.inner.replaced_chars
    }
    /// The page was longer than `max_page_bytes`: only its start was cleaned.
    #[getter]
    fn truncated(&self) -> bool {
        self.inner.truncated
    }
    /// Lines a repair rewrote.
    #[getter]
    fn repaired_lines(&self) -> usize {
        self.inner.repaired_lines
    }
    /// The HTML nested deeper than the depth limit (deeper blocks were flattened).
    #[getter]
    fn depth_limited(&self) -> bool {
        self.inner.depth_limited
    }
    /// Nothing was left.
    #[getter]
    fn empty(&self) -> bool {
        self.inner.empty
    }
    /// The input was gzip-compressed.
    #[getter]
    fn gzip(&self) -> bool {
        self.inner.gzip
    }
    /// What was wrong with a damaged gzip stream (the text before the damage is kept).
    #[getter]
    fn gzip_error(&self) -> Option<&str> {
        self.inner.gzip_error.as_deref()
    }
    /// No article was found: every line the text rules left was kept.
    #[getter]
    fn no_main_content(&self) -> bool {
        self.inner.no_main_content
    }
    /// The page took longer than the time budget: its text is empty.
    #[getter]
    fn timed_out(&self) -> bool {
        self.inner.timed_out
    }
    /// Why the input is not text (binary data, nearly all undecodable, no letters): its
    /// text is empty. `None` for text.
    #[getter]
    fn not_text(&self) -> Option<&str> {
        self.inner.not_text.as_deref()
    }
    /// The text may differ from the page's for reasons other than boilerplate removal.
    #[getter]
    fn lossy(&self) -> bool {
        self.inner.is_lossy()
    }
    /// The flags as a dict (as in `Cleaned.to_dict()["flags"]`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        let d = PyDict::new(py);
        d.set_item("replaced_chars", self.inner.replaced_chars)?;
        d.set_item("truncated", self.inner.truncated)?;
        d.set_item("repaired_lines", self.inner.repaired_lines)?;
        d.set_item("depth_limited", self.inner.depth_limited)?;
        d.set_item("empty", self.inner.empty)?;
        d.set_item("gzip", self.inner.gzip)?;
        d.set_item("gzip_error", self.inner.gzip_error.as_deref())?;
        d.set_item("no_main_content", self.inner.no_main_content)?;
        d.set_item("timed_out", self.inner.timed_out)?;
        d.set_item("not_text", self.inner.not_text.as_deref())?;
        d.set_item("lossy", self.inner.is_lossy())?;
        Ok(d.into_any().unbind())
    }
    fn __repr__(&self) -> String {
        format!("<pagewash.Flags {:?}>", self.inner)
    }
}

/// One removal or repair of one line.
#[pyclass(name = "Edit", module = "pagewash", frozen)]
pub struct PyEdit {
    inner: Edit,
}

#[pymethods]
impl PyEdit {
    /// `removed` or `repaired`.
    #[getter]
    fn kind(&self) -> &'static str {
        pagewash::json::edit_kind_name(self.inner.kind)
    }
    /// The rule's stable id (`footer.icp`, `content.outside`, `repair.pinyin`).
    #[getter]
    fn rule(&self) -> &str {
        self.inner.rule.as_str()
    }
    /// Why, in one sentence.
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }
    /// The 1-based input line.
    #[getter]
    fn line(&self) -> u32 {
        self.inner.line
    }

    /// For HTML input, the 1-based line of the page's source where the block starts
    /// (what `pagewash clean --explain` prints); `None` for text input.
    #[getter]
    fn source_line(&self) -> Option<u32> {
        self.inner.source_line
    }
    /// The line's text before the edit: the removed text, for a removal.
    #[getter]
    fn before(&self) -> &str {
        &self.inner.before
    }
    /// The repaired text; `None` for a removal.
    #[getter]
    fn after(&self) -> Option<&str> {
        self.inner.after.as_deref()
    }
    /// The edit as a dict (as in `Cleaned.to_dict(edits=True)["edits"]`).
    fn to_dict(&self, py: Python<'_>) -> PyResult<Py<PyAny>> {
        to_py(py, &pagewash::json::edit_json(&self.inner))
    }
    fn __str__(&self) -> String {
        self.inner.to_string()
    }
    fn __repr__(&self) -> String {
        format!("<pagewash.Edit {}>", self.inner)
    }
}
