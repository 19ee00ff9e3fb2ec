//! Keyword options → [`PipelineOptions`]: one parser for `Pipeline(**options)`,
//! `clean(data, **options)` and `read_warc(source, **options)`, and a small cache so
//! `pagewash.clean(..., t2s=True)` in a loop does not rebuild the rule automata every call.

use pagewash::{OptionKind, OptionValue, Pipeline, PipelineOptions};
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyDict, PyDictMethods, PyString};
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};

use crate::errors::{error, Kind};

/// Reads `kwargs` over the front ends' defaults (the library's, with the CLI's 10 s time
/// budget), by the declarations in `pagewash::OPTIONS`: an option added there is a keyword
/// here with no change to this file. Unknown names raise `TypeError` (as Python does for
/// any unexpected keyword); bad values raise `pagewash.OptionError`.
pub fn parse(py: Python<'_>, kwargs: Option<&Bound<'_, PyDict>>) -> PyResult<PipelineOptions> {
    let mut o = PipelineOptions::for_front_ends();
    let Some(kwargs) = kwargs else {
        return Ok(o);
    };
    for (key, value) in kwargs.iter() {
        let key: String = key.extract()?;
        let Some(spec) = PipelineOptions::spec(&key) else {
            let names: Vec<&str> = pagewash::OPTIONS.iter().map(|o| o.name).collect();
            return Err(PyTypeError::new_err(format!(
                "unexpected option `{key}` (options: {})",
                names.join(", ")
            )));
        };
        let v = to_value(spec.kind, &value).ok_or_else(|| {
            let got = value
                .repr()
                .map_or_else(|_| "?".to_owned(), |r| r.to_string());
            error(
                py,
                Kind::Option,
                format!(
                    "option `{key}`: expected {}, got {got}",
                    expected(spec.kind)
                ),
            )
        })?;
        o.set(&key, v)
            .map_err(|e| error(py, Kind::Option, e.to_string()))?;
    }
    Ok(o)
}

/// A Python value as the option kind takes it; `None` when its type is wrong (a bool is
/// not a size, though Python calls it an int).
fn to_value(kind: OptionKind, value: &Bound<'_, PyAny>) -> Option<OptionValue> {
    let is_bool = value.is_instance_of::<PyBool>();
    Some(match kind {
        OptionKind::Switch if is_bool => OptionValue::Bool(value.extract().ok()?),
        OptionKind::Favor | OptionKind::Label if value.is_instance_of::<PyString>() => {
            OptionValue::Text(value.extract().ok()?)
        }
        OptionKind::Label | OptionKind::Seconds if value.is_none() => OptionValue::Unset,
        OptionKind::Size if !is_bool => {
            let n: i64 = value.extract().ok()?;
            OptionValue::Bytes(u64::try_from(n).ok().filter(|&n| n > 0)?)
        }
        OptionKind::Seconds if !is_bool => OptionValue::Seconds(value.extract().ok()?),
        _ => return None,
    })
}

/// What an option kind takes, as a Python user writes it.
fn expected(kind: OptionKind) -> &'static str {
    match kind {
        OptionKind::Switch => "a bool",
        OptionKind::Favor => "\"precision\", \"balanced\" or \"recall\"",
        OptionKind::Size => "a positive whole number of bytes",
        OptionKind::Seconds => "seconds (a float) or None",
        _ => "a charset label (str) or None",
    }
}

/// A declared value as Python sees it.
fn to_py<'py>(py: Python<'py>, v: OptionValue) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        OptionValue::Bool(b) => b.into_pyobject(py)?.to_owned().into_any(),
        OptionValue::Text(t) => t.into_pyobject(py)?.into_any(),
        OptionValue::Bytes(n) => n.into_pyobject(py)?.into_any(),
        OptionValue::Seconds(s) => s.into_pyobject(py)?.into_any(),
        _ => py.None().into_bound(py),
    })
}

/// `pagewash.OPTIONS`: each declared option as `(name, default, doc)`, the default as
/// Python writes it in a signature (the tests check the stubs and signatures against it).
pub fn declarations() -> Vec<(&'static str, &'static str, &'static str)> {
    pagewash::OPTIONS
        .iter()
        .map(|o| (o.name, o.default, o.doc))
        .collect()
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

/// The options as a dict (`Pipeline.options`), in `pagewash::OPTIONS` order.
pub fn to_dict<'py>(py: Python<'py>, o: &PipelineOptions) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for spec in pagewash::OPTIONS {
        let v = o.get(spec.name).unwrap_or(OptionValue::Unset);
        d.set_item(spec.name, to_py(py, v)?)?;
    }
    Ok(d)
}
