//! `pagewash._pagewash`: the Rust side of the Python package `pagewash`.
//!
//! Python sees the library's shape in its own idiom: [`pipeline::PyPipeline`] is built once
//! from keyword options and shared across threads; every call releases the GIL while Rust
//! cleans; [`reader::PyRecordReader`] streams a WARC/WET/JSONL file record by record;
//! errors are `pagewash.PagewashError` subclasses (defined in Python, `pagewash/_errors.py`,
//! so they can also subclass `ValueError` and `OSError`).

#![forbid(unsafe_code)]

mod cleaned;
mod errors;
mod input;
mod options;
mod pipeline;
mod pyjson;
mod reader;

use pyo3::prelude::*;

/// The compiled half of the `pagewash` package; import `pagewash`, not this.
#[pymodule]
fn _pagewash(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<pipeline::PyPipeline>()?;
    m.add_class::<cleaned::PyCleaned>()?;
    m.add_class::<cleaned::PyFlags>()?;
    m.add_class::<cleaned::PyEdit>()?;
    m.add_class::<reader::PyRecordReader>()?;
    m.add_class::<reader::PyRecord>()?;
    m.add_function(wrap_pyfunction!(pipeline::clean, m)?)?;
    m.add_function(wrap_pyfunction!(pipeline::read_warc, m)?)?;
    m.add("DEFAULT_MAX_PAGE_BYTES", pagewash::DEFAULT_MAX_PAGE_BYTES)?;
    m.add("OPTIONS", options::declarations())?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
