//! Keyword options → [`PipelineOptions`]: one parser for `Pipeline(**options)`,
//! `clean(data, **options)` and `read_warc(source, **options)`, and a small cache so
//! `pagewash.clean(..., t2s=True)` in a loop does not rebuild the rule automata every call.

use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use pagewash::{Pipeline, PipelineOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyDictMethods};

use crate::errors::{error, Kind};

/// The option names, in the order the stubs and docs list them.
pub const NAMES: [&str; 12] = [
    "nfkc",
    "nfkc_cjk",
    "t2s",
    "strip",
    "content",
    "title",
    "repair",
    "favor",
    "markdown",
    "max_page_bytes",
    "time_budget",
    "charset",
];

/// Reads `kwargs` over the library defaults (and the CLI's 10 s time budget). Unknown names raise `TypeError` (as Python does
/// for any unexpected keyword); bad values raise `pagewash.OptionError`.
pub fn parse(py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<PipelineOptions> {
    let mut o = PipelineOptions::default();
    // As the CLI: a corpus run must not stall on one pathological page.
    o.time_budget = Some(pagewash::CORPUS_TIME_BUDGET);
    let Some(kwargs) = kwargs else {
        return Ok(o);
    };
    for (key, value) in kwargs.iter() {
        let key: String = key.extract()?;
        let bad = |what: &str| error(py, Kind::Option, format!("option `{key}`: {what}"));
        match key.as_str() {
            "nfkc" => o.nfkc = value.extract().map_err(|_| bad("expected a bool"))?,
            "nfkc_cjk" => o.nfkc_cjk = value.extract().map_err(|_| bad("expected a bool"))?,
            "markdown" => o.markdown = value.extract().map_err(|_| bad("expected a bool"))?,
            "favor" => {
                let name: String = value
                    .extract()
                    .map_err(|_| bad("expected \"precision\", \"balanced\" or \"recall\""))?;
                o.favor = pagewash::Favor::from_name(&name).ok_or_else(|| {
                    bad(&format!(
                        "expected \"precision\", \"balanced\" or \"recall\", got {name:?}"
                    ))
                })?;
            }
            "t2s" => o.t2s = value.extract().map_err(|_| bad("expected a bool"))?,
            "strip" => o.strip = value.extract().map_err(|_| bad("expected a bool"))?,
            "content" => o.content = value.extract().map_err(|_| bad("expected a bool"))?,
            "title" => o.title = value.extract().map_err(|_| bad("expected a bool"))?,
            "repair" => o.repair = value.extract().map_err(|_| bad("expected a bool"))?,
            "max_page_bytes" => {
                let n: i64 = value
                    .extract()
                    .map_err(|_| bad("expected a whole number of bytes"))?;
                if n <= 0 {
                    return Err(bad(&format!("must be positive, got {n}")));
                }
                o.max_page_bytes = usize::try_from(n).unwrap_or(usize::MAX);
            }
            "time_budget" => {
                o.time_budget = if value.is_none() {
                    None
                } else {
                    let secs: f64 = value
                        .extract()
                        .map_err(|_| bad("expected seconds (a float) or None"))?;
                    if !(secs.is_finite() && secs > 0.0) {
                        return Err(bad(&format!(
                            "must be a positive number of seconds, got {secs}"
                        )));
                    }
                    Some(Duration::from_secs_f64(secs))
                }
            }
            "charset" => {
                o.charset = if value.is_none() {
                    None
                } else {
                    Some(
                        value
                            .extract()
                            .map_err(|_| bad("expected a charset label (str)"))?,
                    )
                }
            }
            _ => {
                return Err(PyTypeError::new_err(format!(
                    "unexpected option `{key}` (options: {})",
                    NAMES.join(", ")
                )))
            }
        }
    }
    Ok(o)
}

/// Builds the pipeline of `options`, with library errors as `pagewash.OptionError`.
pub fn build(py: Python<'_>, options: &PipelineOptions) -> PyResult<Arc<Pipeline>> {
    options.build().map(Arc::new).map_err(|e| {
        let hint = match e {
            pagewash::BuildError::UnknownCharset(_) => {
                " (try gbk, gb18030, big5, shift_jis, utf-8)"
            }
            _ => "",
        };
        error(py, Kind::Option, format!("{e}{hint}"))
    })
}

/// Pipelines already built, by options: the module-level `clean()` and `read_warc()` reuse
/// them. A handful of option sets is the normal case; past 16 the cache starts over.
pub fn cached(py: Python<'_>, options: &PipelineOptions) -> PyResult<Arc<Pipeline>> {
    static CACHE: OnceLock<Mutex<HashMap<PipelineOptions, Arc<Pipeline>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(p) = lock(cache).get(options) {
        return Ok(Arc::clone(p));
    }
    let built = build(py, options)?;
    let mut map = lock(cache);
    if map.len() >= 16 {
        map.clear();
    }
    map.insert(options.clone(), Arc::clone(&built));
    Ok(built)
}

/// Locks `m`, ignoring poisoning (a panic while holding this lock leaves the map valid).
pub fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// The options as a dict (`Pipeline.options`), names as `NAMES`.
pub fn to_dict<'py>(py: Python<'py>, o: &PipelineOptions) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("nfkc", o.nfkc)?;
    d.set_item("nfkc_cjk", o.nfkc_cjk)?;
    d.set_item("t2s", o.t2s)?;
    d.set_item("strip", o.strip)?;
    d.set_item("content", o.content)?;
    d.set_item("title", o.title)?;
    d.set_item("repair", o.repair)?;
    d.set_item("favor", o.favor.as_str())?;
    d.set_item("markdown", o.markdown)?;
    d.set_item("max_page_bytes", o.max_page_bytes)?;
    d.set_item("time_budget", o.time_budget.map(|d| d.as_secs_f64()))?;
    d.set_item("charset", o.charset.as_deref())?;
    Ok(d)
}
