//! What Python may pass as a page: `bytes` (decoded by pagewash: BOM, HTTP and `<meta>`
//! charsets, detection), `str` (already decoded: cleaned as UTF-8, whatever its `<meta>`
//! says; never a file name), any other buffer (`bytearray`, `memoryview`), copied, or an
//! `os.PathLike` (`pathlib.Path`): the file's bytes.

use std::borrow::Cow;

use pagewash::Hints;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyByteArray, PyBytes, PyString};

use crate::errors::{error, Kind};

/// A page's bytes, borrowed from a `bytes` object when possible, and whether it came as `str`.
pub struct Page<'a> {
    pub bytes: Cow<'a, [u8]>,
    pub is_str: bool,
}

impl<'a> Page<'a> {
    /// Reads `obj` (bytes, str, bytearray, memoryview); anything else is a `TypeError`.
    pub fn extract(obj: &'a Bound<'_, PyAny>) -> PyResult<Page<'a>> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Page {
                bytes: Cow::Borrowed(b.as_bytes()),
                is_str: false,
            });
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Page {
                bytes: Cow::Owned(s.to_cow()?.into_owned().into_bytes()),
                is_str: true,
            });
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Page {
                bytes: Cow::Owned(b.to_vec()),
                is_str: false,
            });
        }
        if obj.hasattr("__buffer__").unwrap_or(false) || obj.get_type().name()? == "memoryview" {
            let b = obj.py().get_type::<PyBytes>().call1((obj,))?;
            let b = b.cast_into::<PyBytes>()?;
            return Ok(Page {
                bytes: Cow::Owned(b.as_bytes().to_vec()),
                is_str: false,
            });
        }
        if obj.hasattr("__fspath__").unwrap_or(false) {
            let path: std::path::PathBuf = obj.extract()?;
            let bytes = std::fs::read(&path).map_err(|e| {
                error(
                    obj.py(),
                    Kind::Read,
                    format!("cannot read page file {}: {e}", path.display()),
                )
            })?;
            return Ok(Page {
                bytes: Cow::Owned(bytes),
                is_str: false,
            });
        }
        Err(PyTypeError::new_err(format!(
            "a page must be bytes or str, not {} (a str is the page's text; pass a pathlib.Path \
             to read a file)",
            obj.get_type().name()?
        )))
    }

    /// The page's bytes, owned (to send to a worker thread).
    pub fn into_owned(self) -> (Vec<u8>, bool) {
        (self.bytes.into_owned(), self.is_str)
    }
}

/// The hints of one page: the pipeline's own (a forced charset), then `utf-8` for a `str`
/// page (its text is already decoded; its `<meta charset>` no longer applies), the URL and
/// the content type.
pub fn hints(base: &Hints, is_str: bool, url: Option<&str>, content_type: Option<&str>) -> Hints {
    let mut h = base.clone();
    if is_str {
        h = h.with_charset("utf-8");
    }
    if let Some(u) = url {
        h = h.with_url(u);
    }
    if let Some(ct) = content_type {
        h = h.with_content_type(ct);
    }
    h
}
