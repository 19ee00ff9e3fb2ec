//! Temporary directories for the CLI tests, removed when the test ends (nothing is left in
//! `/tmp`).

use std::path::Path;

/// A temporary directory, removed when dropped; usable as a path.
pub struct TempDir(tempfile::TempDir);

impl std::ops::Deref for TempDir {
    type Target = Path;
    fn deref(&self) -> &Path {
        self.0.path()
    }
}

impl AsRef<std::ffi::OsStr> for TempDir {
    fn as_ref(&self) -> &std::ffi::OsStr {
        self.0.path().as_os_str()
    }
}

impl AsRef<Path> for TempDir {
    fn as_ref(&self) -> &Path {
        self.0.path()
    }
}

/// A new temporary directory whose name starts with `prefix`.
pub fn with_prefix(prefix: &str) -> TempDir {
    TempDir(tempfile::Builder::new().prefix(prefix).tempdir().unwrap())
}
