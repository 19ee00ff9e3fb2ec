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

/// A page's bytes, borrowed from a `bytes` object when possible, and what it came as.
pub struct Page<'a> {
    pub bytes: Cow<'a, [u8]>,
    pub origin: Origin,
}

/// What a page came as: its hints depend on it.
#[derive(Clone, Debug)]
pub enum Origin {
    /// `bytes` or another buffer: decoded by pagewash.
    Bytes,
    /// `str`: already decoded.
    Str,
    /// A path: the file's bytes, and its name as a hint (`*.txt` is plain text).
    File(std::path::PathBuf),
}

impl<'a> Page<'a> {
    /// Reads `obj` (bytes, str, bytearray, memoryview); anything else is a `TypeError`.
    pub fn extract(obj: &'a Bound<'_, PyAny>) -> PyResult<Page<'a>> {
        if let Ok(b) = obj.cast::<PyBytes>() {
            return Ok(Page {
                bytes: Cow::Borrowed(b.as_bytes()),
                origin: Origin::Bytes,
            });
        }
        if let Ok(s) = obj.cast::<PyString>() {
            return Ok(Page {
                bytes: Cow::Owned(s.to_cow()?.into_owned().into_bytes()),
                origin: Origin::Str,
            });
        }
        if let Ok(b) = obj.cast::<PyByteArray>() {
            return Ok(Page {
                bytes: Cow::Owned(b.to_vec()),
                origin: Origin::Bytes,
            });
        }
        if obj.hasattr("__buffer__").unwrap_or(false) || obj.get_type().name()? == "memoryview" {
            let b = obj.py().get_type::<PyBytes>().call1((obj,))?;
            let b = b.cast_into::<PyBytes>()?;
            return Ok(Page {
                bytes: Cow::Owned(b.as_bytes().to_vec()),
                origin: Origin::Bytes,
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
                origin: Origin::File(path),
            });
        }
        Err(PyTypeError::new_err(format!(
            "a page must be bytes or str, not {} (a str is the page's text; pass a pathlib.Path \
             to read a file)",
            obj.get_type().name()?
        )))
    }

    /// The page's bytes, owned (to send to a worker thread).
    pub fn into_owned(self) -> (Vec<u8>, Origin) {
        (self.bytes.into_owned(), self.origin)
    }
}

/// The hints of one page: the pipeline's own (a forced charset), then `utf-8` for a `str`
/// page (its text is already decoded; its `<meta charset>` no longer applies), the URL, the
/// content type, and a file's name (`Hints::with_file_name`: a `*.txt` file is text unless
/// the content type says otherwise).
pub fn hints(
    base: &Hints,
    origin: &Origin,
    url: Option<&str>,
    content_type: Option<&str>,
) -> Hints {
    let mut h = base.clone();
    if let Origin::Str = origin {
        h = h.with_charset("utf-8");
    }
    if let Some(u) = url {
        h = h.with_url(u);
    }
    if let Some(ct) = content_type {
        h = h.with_content_type(ct);
    }
    if let Origin::File(path) = origin {
        h = h.with_file_name(path);
    }
    h
}
