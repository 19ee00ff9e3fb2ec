//! `pagewash.Pipeline` and the module-level `pagewash.clean` and `pagewash.read_warc`. The pipeline is immutable once built, so one
//! object serves every thread; each call copies nothing it can borrow and releases the GIL
//! while Rust works.

use std::sync::Arc;

use pagewash::driver::{Driver, JobOutcome};
use pagewash::{Cleaned, Hints, Pipeline, PipelineOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};

use crate::cleaned::PyCleaned;
use crate::errors::{error, Kind};
use crate::input::{hints, Origin, Page};
use crate::options;
use crate::reader::{open_reader, PyRecordReader, ReaderArgs};

/// A cleaning pipeline built once from options and shared freely (across threads too).
#[pyclass(name = "Pipeline", module = "pagewash", frozen)]
pub struct PyPipeline {
    pub inner: Arc<Pipeline>,
    pub options: PipelineOptions,
    pub base: Hints,
}

impl PyPipeline {
    pub fn from_options(py: Python<'_>, options: PipelineOptions, cache: bool) -> PyResult<Self> {
        let inner = if cache {
            options::cached(py, &options)?
        } else {
            options::build(py, &options)?
        };
        Ok(PyPipeline {
            base: options.hints(),
            inner,
            options,
        })
    }

    /// Cleans one page with the GIL released.
    pub fn clean_page(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        url: Option<&str>,
        content_type: Option<&str>,
    ) -> PyResult<PyCleaned> {
        let page = Page::extract(data)?;
        let h = hints(&self.base, &page.origin, url, content_type);
        let pipeline = &self.inner;
        let bytes: &[u8] = &page.bytes;
        let cleaned = py.detach(|| pipeline.clean(bytes, &h));
        Ok(PyCleaned { inner: cleaned })
    }
}

#[pymethods]
impl PyPipeline {
    /// `Pipeline(*, nfkc=True, nfkc_cjk=False, t2s=False, dedup=True, strip=True, content=True,
    /// title=False, repair=True, favor="balanced", markdown=False, max_page_bytes=16 MiB,
    /// time_budget=10.0, charset=None)`.
    #[new]
    #[pyo3(signature = (**options), text_signature = "(*, nfkc=True, nfkc_cjk=False, t2s=False, dedup=True, strip=True, content=True, title=False, repair=True, favor=\"balanced\", markdown=False, max_page_bytes=16777216, time_budget=10.0, charset=None)")]
    fn new(py: Python<'_>, options: Option<&Bound<'_, PyDict>>) -> PyResult<Self> {
        let o = options::parse(py, options)?;
        PyPipeline::from_options(py, o, false)
    }

    /// Cleans one page: `bytes` (pagewash decides the charset), `str` (the page's text,
    /// already decoded: never a file name) or a `pathlib.Path` (the file is read).
    #[pyo3(signature = (data, *, url = None, content_type = None))]
    fn clean(
        &self,
        py: Python<'_>,
        data: &Bound<'_, PyAny>,
        url: Option<&str>,
        content_type: Option<&str>,
    ) -> PyResult<PyCleaned> {
        self.clean_page(py, data, url, content_type)
    }

    /// Cleans a batch of pages on `threads` Rust threads (default: all cores), GIL
    /// released, and returns the results in input order. A page is `bytes` or `str`, or a
    /// tuple `(page, url)` or `(page, url, content_type)` to give its hints. The batch is
    /// read into memory first: for an endless stream, call it on chunks (a few thousand
    /// pages).
    #[pyo3(signature = (pages, *, threads = None))]
    fn clean_many(
        &self,
        py: Python<'_>,
        pages: &Bound<'_, PyAny>,
        threads: Option<usize>,
    ) -> PyResult<Vec<PyCleaned>> {
        if threads == Some(0) {
            return Err(error(py, Kind::Option, "threads must be at least 1"));
        }
        let mut jobs: Vec<Job> = Vec::new();
        for item in pages.try_iter()? {
            jobs.push(Job::extract(&item?)?);
        }
        let pipeline = &self.inner;
        let base = &self.base;
        let n = jobs.len();
        let results: Vec<Result<Cleaned, String>> = py.detach(|| {
            let mut driver = Driver::new();
            if let Some(t) = threads {
                driver = driver.threads(t);
            }
            let mut out: Vec<Result<Cleaned, String>> = Vec::with_capacity(n);
            driver.run(
                jobs,
                |job: Job| {
                    let h = hints(
                        base,
                        &job.origin,
                        job.url.as_deref(),
                        job.content_type.as_deref(),
                    );
                    pipeline.clean(&job.bytes, &h)
                },
                |seq, outcome| {
                    out.push(match outcome {
                        JobOutcome::Done(c) => Ok(c),
                        JobOutcome::Panicked(m) => Err(format!("page {seq}: internal error: {m}")),
                    })
                },
            );
            out
        });
        results
            .into_iter()
            .map(|r| match r {
                Ok(inner) => Ok(PyCleaned { inner }),
                Err(m) => Err(error(py, Kind::Internal, m)),
            })
            .collect()
    }

    /// Streams the records of a WARC, WET or JSON Lines file (gzip or not), cleaned with
    /// this pipeline. See `pagewash.read_warc`.
    #[pyo3(signature = (source, *, format = "auto", threads = 1, errors = "warn",
                        json_text_field = None, json_id_field = None, name = None))]
    #[allow(clippy::too_many_arguments)]
    fn read_warc(
        &self,
        py: Python<'_>,
        source: &Bound<'_, PyAny>,
        format: &str,
        threads: usize,
        errors: &str,
        json_text_field: Option<String>,
        json_id_field: Option<String>,
        name: Option<String>,
    ) -> PyResult<PyRecordReader> {
        open_reader(
            py,
            source,
            &self.inner,
            &self.options,
            &self.base,
            ReaderArgs {
                name,
                format,
                threads,
                errors,
                json_text_field,
                json_id_field,
            },
        )
    }

    /// The stage names, in order (`repair.pinyin`, …, `normalize`).
    #[getter]
    fn stages(&self) -> Vec<String> {
        self.inner
            .stage_names()
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    /// The options this pipeline was built with.
    #[getter]
    fn options<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        options::to_dict(py, &self.options)
    }

    /// Pickling (Spark closures, multiprocessing, datatrove's dill): a pipeline travels as
    /// its options and is rebuilt on arrival.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        let rebuild = py.import("pagewash")?.getattr("_pipeline_from_options")?;
        Ok((rebuild, (options::to_dict(py, &self.options)?,)))
    }

    fn __repr__(&self) -> String {
        format!("<pagewash.Pipeline {:?}>", self.options)
    }
}

/// One page of a `clean_many` batch, copied out of Python with its hints.
struct Job {
    bytes: Vec<u8>,
    origin: Origin,
    url: Option<String>,
    content_type: Option<String>,
}

impl Job {
    fn extract(item: &Bound<'_, PyAny>) -> PyResult<Job> {
        if let Ok(t) = item.cast::<PyTuple>() {
            if !(2..=3).contains(&t.len()) {
                return Err(PyTypeError::new_err(format!(
                    "a clean_many item tuple is (page, url) or (page, url, content_type), not {} items",
                    t.len()
                )));
            }
            let (bytes, origin) = Page::extract(&t.get_item(0)?)?.into_owned();
            let url: Option<String> = t.get_item(1)?.extract()?;
            let content_type: Option<String> = match t.len() {
                3 => t.get_item(2)?.extract()?,
                _ => None,
            };
            return Ok(Job {
                bytes,
                origin,
                url,
                content_type,
            });
        }
        let (bytes, origin) = Page::extract(item)?.into_owned();
        Ok(Job {
            bytes,
            origin,
            url: None,
            content_type: None,
        })
    }
}

/// Cleans one page with a pipeline built from `options` (built once per distinct set of
/// options, then reused).
///
/// `data` is the page itself: `bytes` (pagewash decides the charset) or `str` (already
/// decoded text). A `str` is never a file name: `clean("page.html")` cleans the text
/// "page.html". To clean a file, pass a `pathlib.Path` (read as bytes; a `*.txt` file is
/// plain text unless `content_type` says otherwise, as on the command line) or the bytes
/// (`open(path, "rb").read()`).
///
/// Options are those of `Pipeline`: `nfkc` (NFKC on, `，` becomes `,`), `nfkc_cjk` (NFKC but
/// full-width punctuation kept), `t2s`, `dedup`, `strip`, `content`, `title`, `repair`, `favor`
/// ("precision", "balanced", "recall"), `markdown` (also render `Cleaned.markdown`),
/// `max_page_bytes`, `time_budget` (seconds or None), `charset`.
#[pyfunction]
#[pyo3(signature = (data, *, url = None, content_type = None, **options),
       text_signature = "(data, *, url=None, content_type=None, nfkc=True, nfkc_cjk=False, t2s=False, dedup=True, strip=True, content=True, title=False, repair=True, favor=\"balanced\", markdown=False, max_page_bytes=16777216, time_budget=10.0, charset=None)")]
pub fn clean(
    py: Python<'_>,
    data: &Bound<'_, PyAny>,
    url: Option<&str>,
    content_type: Option<&str>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyCleaned> {
    let o = options::parse(py, options)?;
    PyPipeline::from_options(py, o, true)?.clean_page(py, data, url, content_type)
}

/// `pagewash.read_warc(source, *, format="auto", threads=1, errors="warn",
/// json_text_field=None, json_id_field=None, name=None, **options)`.
#[pyfunction]
#[pyo3(signature = (source, *, format = "auto", threads = 1, errors = "warn",
                    json_text_field = None, json_id_field = None, name = None, **options),
       text_signature = "(source, *, format=\"auto\", threads=1, errors=\"warn\", json_text_field=None, json_id_field=None, name=None, nfkc=True, nfkc_cjk=False, t2s=False, dedup=True, strip=True, content=True, title=False, repair=True, favor=\"balanced\", markdown=False, max_page_bytes=16777216, time_budget=10.0, charset=None)")]
#[allow(clippy::too_many_arguments)]
pub fn read_warc(
    py: Python<'_>,
    source: &Bound<'_, PyAny>,
    format: &str,
    threads: usize,
    errors: &str,
    json_text_field: Option<String>,
    json_id_field: Option<String>,
    name: Option<String>,
    options: Option<&Bound<'_, PyDict>>,
) -> PyResult<PyRecordReader> {
    let o = options::parse(py, options)?;
    PyPipeline::from_options(py, o, true)?.read_warc(
        py,
        source,
        format,
        threads,
        errors,
        json_text_field,
        json_id_field,
        name,
    )
}
