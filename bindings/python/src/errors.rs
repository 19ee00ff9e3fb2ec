//! Raising `pagewash`'s exception classes, which live in `pagewash/_errors.py`: Python
//! defines them so `OptionError` is also a `ValueError` and `ReadError` an `OSError`.

use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyType;

/// The exception classes of `pagewash._errors`.
#[derive(Clone, Copy)]
pub enum Kind {
    /// A bad option (unknown charset, negative budget): `OptionError(PagewashError, ValueError)`.
    Option,
    /// A file or stream could not be opened or read: `ReadError(PagewashError, OSError)`.
    Read,
    /// A damaged record in a stream: `RecordError(PagewashError)`.
    Record,
    /// A bug: a page made the cleaner panic: `PagewashError`.
    Internal,
}

impl Kind {
    fn class_name(self) -> &'static str {
        match self {
            Kind::Option => "OptionError",
            Kind::Read => "ReadError",
            Kind::Record => "RecordError",
            Kind::Internal => "PagewashError",
        }
    }
}

static ERRORS_MODULE: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

fn errors_module(py: Python<'_>) -> PyResult<&Bound<'_, PyModule>> {
    ERRORS_MODULE
        .get_or_try_init(py, || Ok(py.import("pagewash._errors")?.unbind()))
        .map(|m| m.bind(py))
}

/// The class `name` of `pagewash._errors`.
pub fn class<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyType>> {
    Ok(errors_module(py)?.getattr(name)?.cast_into::<PyType>()?)
}

/// A `pagewash` exception of `kind` with `message`.
pub fn error(py: Python<'_>, kind: Kind, message: impl Into<String>) -> PyErr {
    match class(py, kind.class_name()) {
        Ok(cls) => PyErr::from_type(cls, message.into()),
        Err(e) => e,
    }
}

/// Issues a `pagewash.PagewashWarning` (a `UserWarning`).
pub fn warn(py: Python<'_>, message: &str) -> PyResult<()> {
    let cls = class(py, "PagewashWarning")?;
    let c = std::ffi::CString::new(message.replace('\0', " ")).unwrap_or_default();
    PyErr::warn(py, &cls, &c, 1)
}
