//! Which files a run reads (`--include`/`--exclude` over directory walks) and what each
//! writes under `--out-dir` (flat names, or the input tree mirrored with `--keep-dirs`),
//! decided before anything is read.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use globset::{Glob, GlobSet, GlobSetBuilder};

/// `--include` / `--exclude` globs, matched against a file's path relative to the input
/// directory it was found in.
pub struct Filter {
    include: Option<GlobSet>,
    exclude: GlobSet,
}

impl Filter {
    /// Compiles the globs.
    ///
    /// # Errors
    /// A glob that does not parse, named.
    pub fn new(include: &[String], exclude: &[String]) -> Result<Filter> {
        let set = |globs: &[String], flag: &str| -> Result<GlobSet> {
            let mut b = GlobSetBuilder::new();
            for g in globs {
                b.add(Glob::new(g).with_context(|| format!("{flag} `{g}` is not a valid glob"))?);
            }
            b.build()
                .with_context(|| format!("cannot compile the {flag} globs"))
        };
        Ok(Filter {
            include: if include.is_empty() {
                None
            } else {
                Some(set(include, "--include")?)
            },
            exclude: set(exclude, "--exclude")?,
        })
    }

    /// Whether a file found in a directory (its path relative to that directory) is read.
    /// A glob without `/` also matches the file's name alone (`*.html` matches
    /// `site1/index.html`, as in ripgrep's `-g`).
    pub fn accepts(&self, rel: &Path) -> bool {
        let name = rel.file_name().map(Path::new);
        let matches = |set: &GlobSet| set.is_match(rel) || name.is_some_and(|n| set.is_match(n));
        self.include.as_ref().is_none_or(matches) && !matches(&self.exclude)
    }
}

/// The output path (under `--out-dir`, without the format's extension) of each input, by
/// input key, from its relative path: the name alone, or with `keep_dirs` the directories
/// too.
///
/// # Errors
/// Two inputs that would write the same output, named, with the way out (`--keep-dirs`).
pub fn output_names(
    inputs: impl Iterator<Item = (PathBuf, PathBuf)>,
    keep_dirs: bool,
) -> Result<HashMap<PathBuf, PathBuf>> {
    let mut names = HashMap::new();
    let mut by_name: HashMap<PathBuf, PathBuf> = HashMap::new();
    for (key, rel) in inputs {
        let mut name = output_name(&rel);
        if keep_dirs {
            if let Some(dir) = rel.parent() {
                name = dir.join(name);
            }
        }
        if let Some(first) = by_name.get(&name) {
            if first != &key {
                bail!(
                    "{} and {} would both be written to {} in the output directory: \
                     use --keep-dirs to mirror the input directories, or --exclude one",
                    first.display(),
                    key.display(),
                    name.with_extension("*").display()
                );
            }
        }
        by_name.insert(name.clone(), key.clone());
        names.insert(key, name);
    }
    Ok(names)
}

/// `dir/page.html` → `page.txt`; `page.html.gz` → `page.txt`; `000_x.txt` → `000_x.txt`:
/// the name without its compression extension and its last other extension, so outputs
/// pair with gold files named by page id.
pub fn output_name(path: &Path) -> PathBuf {
    let mut stem = path.file_stem().unwrap_or(path.as_os_str());
    let compressed = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("gz") || e.eq_ignore_ascii_case("gzip"));
    if compressed {
        let inner = Path::new(stem);
        if inner.extension().is_some() {
            stem = inner.file_stem().unwrap_or(stem);
        }
    }
    let mut name = stem.to_os_string();
    name.push(".txt");
    PathBuf::from(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs_match_the_relative_path_or_the_name() {
        let f = Filter::new(&["*.html".into()], &["*.gold.txt".into()]).unwrap();
        assert!(f.accepts(Path::new("site1/index.html")));
        assert!(!f.accepts(Path::new("site1/index.txt")));
        let f = Filter::new(&[], &["*.gold.txt".into(), "drafts/**".into()]).unwrap();
        assert!(f.accepts(Path::new("a/page.txt")));
        assert!(!f.accepts(Path::new("a/page.gold.txt")));
        assert!(!f.accepts(Path::new("drafts/x.html")));
        assert!(Filter::new(&["a[".into()], &[]).is_err());
    }

    #[test]
    fn equal_names_clash_unless_the_tree_is_kept() {
        let inputs = || {
            [
                ("crawl/site1/index.html", "site1/index.html"),
                ("crawl/site2/index.html", "site2/index.html"),
            ]
            .into_iter()
            .map(|(k, r)| (PathBuf::from(k), PathBuf::from(r)))
        };
        let e = output_names(inputs(), false).unwrap_err().to_string();
        assert!(
            e.contains("crawl/site1/index.html") && e.contains("--keep-dirs"),
            "{e}"
        );
        let names = output_names(inputs(), true).unwrap();
        assert_eq!(
            names[Path::new("crawl/site2/index.html")],
            Path::new("site2/index.txt")
        );
    }
}
