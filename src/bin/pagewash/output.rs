//! Where output goes: stdout, or a file written to a temporary name and renamed into place,
//! or a file that is not a regular file (a device, a FIFO) written directly. Temporary
//! files are removed when the run ends early: on an error, and on SIGINT, SIGTERM or SIGHUP.
//! With `--out-dir`, each input's file is named before anything is read, and no two inputs
//! write the same file.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use anyhow::{bail, Context, Result};

use crate::args::{CleanArgs, Format};
use crate::{inputs, Source};

/// Temporary files not yet renamed into place: removed by the signal handler.
static TEMPORARIES: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// Exit status after SIGINT/SIGTERM/SIGHUP (128 + SIGINT, what shells report for Ctrl-C).
const EXIT_INTERRUPTED: i32 = 130;

/// Installs the handler that removes temporary files and exits on SIGINT, SIGTERM and
/// SIGHUP. Without it the process would die with its half-written temporaries left behind.
pub fn remove_temporaries_on_signals() {
    // An error here means another handler is installed (never, in this binary): the run
    // goes on, only without the cleanup.
    let _ = ctrlc::set_handler(|| {
        let temps = match TEMPORARIES.lock() {
            Ok(t) => t.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        };
        for t in temps {
            let _ = fs::remove_file(t);
        }
        eprintln!("pagewash: interrupted; temporary output files removed");
        std::process::exit(EXIT_INTERRUPTED);
    });
}

fn register(tmp: &Path) {
    if let Ok(mut t) = TEMPORARIES.lock() {
        t.push(tmp.to_path_buf());
    }
}

fn unregister(tmp: &Path) {
    if let Ok(mut t) = TEMPORARIES.lock() {
        t.retain(|p| p != tmp);
    }
}

/// Writing the output failed (disk full, broken pipe, a file that cannot be created): the
/// run stops at once, with its own exit status.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct OutputError(pub String);

/// Wraps an I/O error writing `what` as an [`OutputError`].
pub fn output_error(what: &str, e: &io::Error) -> anyhow::Error {
    OutputError(format!("cannot write {what}: {e}")).into()
}

/// Stdout, or a file (`--out FILE`, `--stats FILE`, a per-input file).
pub struct Output {
    writer: Box<dyn Write>,
    /// Temporary name and final name, for a regular file.
    rename: Option<(PathBuf, PathBuf)>,
    what: String,
    /// `--format json`: items are gathered into one JSON array (see [`Output::item`]).
    json: Option<JsonItems>,
}

/// How the JSON objects written so far are being laid out.
#[derive(Default)]
struct JsonItems {
    /// An array even for a single object (several inputs, a record stream).
    force: bool,
    /// The `[` is written.
    array: bool,
    items: usize,
    /// The first object, held until a second one (or the end) says whether it is alone.
    pending: Option<Vec<u8>>,
}

impl Output {
    /// Opens the output (checked now, before any input is read). A regular file or a new
    /// path is written to a temporary name beside it and renamed by [`Output::finish`], so
    /// an interrupted run never leaves a half file that looks whole; a symbolic link is
    /// followed (the file it points to is replaced, the link stays); anything else that
    /// exists (`/dev/null`, a FIFO, a terminal) is written directly, never replaced.
    pub fn open(out: Option<&Path>) -> Result<Output> {
        let Some(target) = out else {
            return Ok(Output {
                writer: Box::new(io::BufWriter::new(io::stdout())),
                rename: None,
                what: "the output".into(),
                json: None,
            });
        };
        let what = target.display().to_string();
        let exists = match fs::metadata(target) {
            Ok(m) if m.is_dir() => bail!("{what} is a directory: give a file name"),
            Ok(m) if !m.is_file() => {
                let file = fs::OpenOptions::new()
                    .write(true)
                    .open(target)
                    .with_context(|| format!("cannot write {what}"))?;
                return Ok(Output {
                    writer: Box::new(io::BufWriter::new(file)),
                    rename: None,
                    what,
                    json: None,
                });
            }
            Ok(_) => true,
            Err(_) => false,
        };
        // Through symbolic links to the file itself, so the rename replaces it, not the link.
        // (A path `metadata` cannot reach, a dangling link included, has nothing to resolve:
        // `canonicalize` would fail too, three `readlink`s later.)
        let target = match exists.then(|| fs::canonicalize(target)) {
            Some(Ok(real)) => real,
            _ => target.to_path_buf(),
        };
        let dir = target.parent().filter(|d| !d.as_os_str().is_empty());
        let file_name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "out".into());
        let tmp = dir
            .unwrap_or_else(|| Path::new("."))
            .join(format!(".{file_name}.{}.tmp", std::process::id()));
        let file = fs::File::create(&tmp).with_context(|| {
            format!(
                "cannot write {what} (cannot create {} beside it)",
                tmp.display()
            )
        })?;
        register(&tmp);
        Ok(Output {
            writer: Box::new(io::BufWriter::new(file)),
            rename: Some((tmp, target)),
            what,
            json: None,
        })
    }

    pub fn writer(&mut self) -> &mut dyn Write {
        &mut *self.writer
    }

    /// `--format json`: the objects written with [`Output::item`] become one JSON array,
    /// or stay one object when only one arrives and `several` is false.
    pub fn json_items(&mut self, several: bool) {
        self.json = Some(JsonItems {
            force: several,
            ..JsonItems::default()
        });
    }

    /// A record stream is coming: with `--format json`, an array whatever its length.
    pub fn force_array(&mut self) {
        if let Some(j) = &mut self.json {
            j.force = true;
        }
    }

    /// Writes one output item (a page's or a record's bytes); with `--format json`, one
    /// object (ending in a newline) of the array.
    pub fn item(&mut self, bytes: &[u8]) -> io::Result<()> {
        let Some(j) = &mut self.json else {
            return self.writer.write_all(bytes);
        };
        let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
        if !j.array {
            if j.pending.is_none() && !j.force {
                j.pending = Some(body.to_vec());
                return Ok(());
            }
            self.writer.write_all(b"[\n")?;
            j.array = true;
            if let Some(first) = j.pending.take() {
                self.writer.write_all(&first)?;
                j.items = 1;
            }
        }
        if j.items > 0 {
            self.writer.write_all(b",\n")?;
        }
        j.items += 1;
        self.writer.write_all(body)
    }

    /// Closes a JSON array (or writes the one object held back).
    fn end_json(&mut self) -> io::Result<()> {
        let Some(j) = self.json.take() else {
            return Ok(());
        };
        let w = &mut self.writer;
        if j.array {
            w.write_all(b"\n]\n")
        } else if j.force {
            match &j.pending {
                Some(p) => w
                    .write_all(b"[\n")
                    .and_then(|()| w.write_all(p))
                    .and_then(|()| w.write_all(b"\n]\n")),
                None => w.write_all(b"[]\n"),
            }
        } else {
            match &j.pending {
                Some(p) => w.write_all(p).and_then(|()| w.write_all(b"\n")),
                None => Ok(()),
            }
        }
    }

    /// Flushes and moves the file into place.
    ///
    /// # Errors
    /// An [`OutputError`] when flushing or renaming fails.
    pub fn finish(mut self) -> Result<()> {
        self.end_json().map_err(|e| output_error(&self.what, &e))?;
        self.writer
            .flush()
            .map_err(|e| output_error(&self.what, &e))?;
        self.writer = Box::new(io::sink()); // closes the file
        if let Some((tmp, target)) = self.rename.take() {
            let renamed = fs::rename(&tmp, &target);
            unregister(&tmp);
            if let Err(e) = renamed {
                let _ = fs::remove_file(&tmp);
                return Err(OutputError(format!(
                    "cannot move {} into place as {}: {e}",
                    tmp.display(),
                    target.display()
                ))
                .into());
            }
        }
        Ok(())
    }
}

impl Drop for Output {
    /// An output dropped without [`Output::finish`] (the run failed) leaves no temporary.
    fn drop(&mut self) {
        if let Some((tmp, _)) = self.rename.take() {
            self.writer = Box::new(io::sink());
            let _ = fs::remove_file(&tmp);
            unregister(&tmp);
        }
    }
}

/// Writes `body` to `path` through a temporary file.
pub fn write_atomically(path: &Path, body: &[u8]) -> Result<()> {
    let mut out = Output::open(Some(path))?;
    let what = path.display().to_string();
    out.writer()
        .write_all(body)
        .map_err(|e| output_error(&what, &e))?;
    out.finish()
}

/// Output files of `--out-dir`: each input's planned name, and those written so far.
#[derive(Default)]
pub struct Targets {
    /// By input path (`stdin` for standard input): the output's path under DIR, without
    /// the format's extension.
    names: HashMap<PathBuf, PathBuf>,
    written: HashSet<PathBuf>,
    /// Output directories made (or found) so far: each is created once, not once a file.
    made_dirs: HashSet<PathBuf>,
}

impl Targets {
    /// With `--out-dir`, every input's output name, clashes refused, and the directory
    /// created; without it, nothing planned.
    pub fn plan(args: &CleanArgs, sources: &[Source], rel_paths: Vec<PathBuf>) -> Result<Targets> {
        let mut targets = Targets::default();
        if let Some(dir) = &args.out_dir {
            let keys = sources.iter().map(|s| match s {
                Source::Stdin => PathBuf::from("stdin"),
                Source::File(p) => p.clone(),
            });
            targets.names = inputs::output_names(keys.zip(rel_paths), args.keep_dirs)?;
            fs::create_dir_all(dir)
                .with_context(|| format!("cannot create output directory {}", dir.display()))?;
        }
        Ok(targets)
    }
}

/// DIR/<input name>.<format's extension> (the name planned by [`inputs::output_names`]),
/// refused if another input already wrote it.
pub fn claim_target(
    source: &Source,
    dir: &Path,
    format: Format,
    targets: &mut Targets,
) -> Result<PathBuf> {
    let key = match source {
        Source::Stdin => PathBuf::from("stdin"),
        Source::File(p) => p.clone(),
    };
    let mut name = match targets.names.get(&key) {
        Some(n) => n.clone(),
        None => inputs::output_name(&key),
    };
    name.set_extension(extension(format));
    let target = dir.join(&name);
    if let Some(parent) = target.parent() {
        if !targets.made_dirs.contains(parent) {
            fs::create_dir_all(parent)
                .with_context(|| format!("cannot create output directory {}", parent.display()))?;
            targets.made_dirs.insert(parent.to_path_buf());
        }
    }
    if !targets.written.insert(target.clone()) {
        bail!(
            "another input already wrote {}: rename one of them",
            target.display()
        );
    }
    Ok(target)
}

fn extension(format: Format) -> &'static str {
    match format {
        Format::Text => "txt",
        Format::Markdown => "md",
        Format::Json => "json",
        Format::Jsonl => "jsonl",
        Format::Wet => "warc",
    }
}
