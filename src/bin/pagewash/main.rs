//! The `pagewash` command-line tool.

mod args;
mod corpus;
mod eval_cmd;
mod inputs;
mod json;
mod output;

use std::cell::Cell;
use std::fs;
use std::io::{self, IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{anyhow, bail, Context, Result};
use clap::Parser;
use pagewash::driver::{Driver, JobOutcome};
use pagewash::records::{self, StreamFormat};
use pagewash::stats::RunStats;
use pagewash::{Cleaned, EditKind, Hints, Pipeline};

use args::{CleanArgs, Cli, Command, Format, InputFormatArg, PipelineArgs};
use output::{claim_target, output_error, write_atomically, Output, OutputError, Targets};

/// Exit status when some input or record could not be read, is damaged (a corrupt gzip
/// page), is not a page, or went over the time budget.
const EXIT_INPUT_FAILED: u8 = 1;
/// Exit status of a usage error (bad option, unknown charset, an empty directory).
const EXIT_USAGE: u8 = 2;
/// Exit status when every input was read but some gave no text.
const EXIT_EMPTY_RESULT: u8 = 3;
/// Exit status when the output could not be written (disk full, broken pipe, a path that
/// cannot be created): the run stops at once.
const EXIT_OUTPUT_FAILED: u8 = 4;

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Clean(args) => run_clean(&args),
        Command::Rules => list_rules().map(|()| ExitCode::SUCCESS),
        Command::Eval(args) => eval_cmd::run_eval(&args),
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            eprintln!("pagewash: error: {e:#}");
            if e.downcast_ref::<OutputError>().is_some() {
                ExitCode::from(EXIT_OUTPUT_FAILED)
            } else {
                ExitCode::from(EXIT_USAGE)
            }
        }
    }
}

fn list_rules() -> Result<()> {
    let mut out = io::stdout().lock();
    for r in pagewash::registry::all() {
        let fields = if r.fields.is_empty() {
            "-".to_owned()
        } else {
            r.fields.join(",")
        };
        writeln!(
            out,
            "{}\t{}\t{}\t{}\t{}",
            r.id, r.family, r.place, fields, r.reason
        )?;
    }
    Ok(())
}

/// Where one input comes from.
enum Source {
    Stdin,
    File(PathBuf),
}

impl Source {
    fn label(&self) -> String {
        match self {
            Source::Stdin => "<stdin>".into(),
            Source::File(p) => p.display().to_string(),
        }
    }
}

/// The pipeline `clean` and `eval` run; `time_budget_ms` is 0 for none.
fn build_pipeline(args: &PipelineArgs, time_budget_ms: u64) -> Result<Pipeline> {
    build_options(&args.options(time_budget_ms))
}

fn build_options(options: &pagewash::PipelineOptions) -> Result<Pipeline> {
    options.build().map_err(|e| match e {
        pagewash::BuildError::UnknownCharset(label) => anyhow::anyhow!(
            "unknown charset label `{label}` (try gbk, gb18030, big5, shift_jis, utf-8)"
        ),
        e => e.into(),
    })
}

fn run_clean(args: &CleanArgs) -> Result<ExitCode> {
    let (setup, rel_paths) = CleanSetup::resolve(args)?;
    let mut run = CleanRun::start(&setup, rel_paths)?;
    run.clean_inputs();
    run.finish()
}

/// What `clean` resolved from its arguments before opening anything; read by the workers
/// too, so it holds nothing that changes during the run.
struct CleanSetup<'a> {
    args: &'a CleanArgs,
    pipeline: Pipeline,
    /// The hints every page starts from: the forced charset, `--url`, `--content-type`.
    hints: Hints,
    sources: Vec<Source>,
}

impl<'a> CleanSetup<'a> {
    /// The pipeline, the inputs and the hints, with each input's path for output naming;
    /// refuses a run that has no input or cannot say where its text goes.
    fn resolve(args: &'a CleanArgs) -> Result<(CleanSetup<'a>, Vec<PathBuf>)> {
        let mut options = args.pipeline.options(args.time_budget_ms);
        options.markdown = args.format == Some(Format::Markdown);
        let pipeline = build_options(&options)?;
        let filter = inputs::Filter::new(&args.include, &args.exclude)?;
        let (sources, rel_paths) = expand_sources(&args.inputs, &filter)?;
        if sources.is_empty() {
            bail!(
                "no input left: --include/--exclude left out every file of the input directories"
            );
        }
        let text_out = matches!(
            args.format,
            None | Some(Format::Text) | Some(Format::Markdown)
        );
        if sources.len() > 1 && args.out_dir.is_none() && args.out.is_none() && text_out {
            bail!(
                "{} inputs given: use --out-dir DIR to write one file per input, --out FILE, or \
                 --format jsonl to write records to stdout",
                sources.len()
            );
        }
        let mut hints = args.pipeline.options(0).hints(); // the forced charset, if any
        if let Some(u) = &args.url {
            hints = hints.with_url(u.clone());
        }
        if let Some(ct) = &args.content_type {
            hints = hints.with_content_type(ct.clone());
        }
        let setup = CleanSetup {
            args,
            pipeline,
            hints,
            sources,
        };
        Ok((setup, rel_paths))
    }
}

/// One `clean` run on the calling thread: its outputs, its progress bar and its counters.
struct CleanRun<'a> {
    setup: &'a CleanSetup<'a>,
    /// Everything not written per input: stdout, or --out FILE (renamed into place at the
    /// end).
    shared: Output,
    targets: Targets,
    stats_out: Option<Output>,
    bar: indicatif::ProgressBar,
    started: Instant,
    stats: RunStats,
    streams: usize,
    failed_inputs: usize,
    empty: usize,
    damaged: usize,
    /// Input bytes of the files done so far, for the progress bar.
    bytes_done: u64,
    /// The output error that stopped the run.
    write_error: Option<anyhow::Error>,
}

impl<'a> CleanRun<'a> {
    /// Decides and opens every output before any input is read.
    fn start(setup: &'a CleanSetup<'a>, rel_paths: Vec<PathBuf>) -> Result<CleanRun<'a>> {
        let args = setup.args;
        let sources = &setup.sources;
        // Every output name is decided, and clashes refused, before anything is read.
        let targets = Targets::plan(args, sources, rel_paths)?;
        output::remove_temporaries_on_signals();
        // Every output path is checked (opened) before any input is read: a directory, a
        // missing or read-only parent fails now, not after an hour of cleaning.
        let stats_out = match args.stats.as_deref() {
            Some(path) => Some(Output::open(Some(path))?),
            None => None,
        };
        let stdin_from_terminal =
            sources.iter().any(|s| matches!(s, Source::Stdin)) && io::stdin().is_terminal();
        if stdin_from_terminal && !args.quiet {
            eprintln!(
                "pagewash: reading a page from standard input (paste it, then Ctrl-D; or give \
                 files or directories: pagewash clean --help)"
            );
        }
        let mut shared = Output::open(args.out.as_deref())?;
        if args.format == Some(Format::Json) && args.out_dir.is_none() {
            // One page: one object; more (or a record stream): a JSON array. With
            // --out-dir every output has its own file and nothing goes to stdout.
            shared.json_items(sources.len() > 1);
        }
        let total_bytes: u64 = sources
            .iter()
            .map(|s| match s {
                Source::File(p) => fs::metadata(p).map_or(0, |m| m.len()),
                Source::Stdin => 0,
            })
            .sum();
        let bar = corpus::progress_bar(total_bytes, args.quiet || stdin_from_terminal);
        Ok(CleanRun {
            setup,
            shared,
            targets,
            stats_out,
            bar,
            started: Instant::now(),
            stats: RunStats::default(),
            streams: 0,
            failed_inputs: 0,
            empty: 0,
            damaged: 0,
            bytes_done: 0,
            write_error: None,
        })
    }

    /// Reads, cleans and writes every input, in input order; stops reading at the first
    /// output error.
    fn clean_inputs(&mut self) {
        let setup = self.setup;
        // Set when writing fails: no more inputs are read, the run ends with that error.
        let write_failed = Cell::new(false);
        let mut driver = Driver::new();
        if let Some(n) = setup.args.threads {
            driver = driver.threads(n);
        }
        // Pages are read and cleaned on the workers; streams are detected there and cleaned
        // on this thread (each with its own workers); outputs are written here in input
        // order. Stdin cannot be reopened, so it is always read here.
        driver.run(
            setup.sources.iter().take_while(|_| !write_failed.get()),
            |source| match source {
                Source::Stdin => Prepared::Later,
                Source::File(_) => prepare(source, setup),
            },
            |seq, outcome| {
                if !self.input_done(&setup.sources[seq as usize], outcome) {
                    write_failed.set(true);
                }
            },
        );
    }

    /// Counts and writes one input's outcome; `false` when writing failed (the run stops).
    fn input_done(&mut self, source: &Source, outcome: JobOutcome<Prepared>) -> bool {
        let label = source.label();
        let prepared = match outcome {
            JobOutcome::Done(p) => p,
            JobOutcome::Panicked(m) => Prepared::Failed(anyhow!("internal error: {m}"), None),
        };
        let (prepared, mut opened) = match prepared {
            Prepared::Later => read_and_clean(source, self.setup),
            other => (other, None),
        };
        let outcome = match prepared {
            Prepared::Later => Ok(()),
            Prepared::Page { cleaned, bytes_in } => {
                self.page_done(source, &label, &cleaned, bytes_in)
            }
            Prepared::Stream(format) => {
                self.streams += 1;
                let reader = match opened.take() {
                    Some(r) => Ok(r),
                    None => open_input(source),
                };
                reader.and_then(|reader| {
                    let stream = corpus::Stream {
                        label: &label,
                        reader,
                        format,
                        bytes_before: self.bytes_done,
                    };
                    self.clean_stream_input(source, stream)
                })
            }
            Prepared::Failed(e, kind) => {
                match kind {
                    Some(FailKind::NotAPage) => self.stats.skipped("not a text page"),
                    Some(FailKind::TimedOut) => self.stats.failed("time budget exceeded"),
                    None => {}
                }
                Err(e)
            }
        };
        if let Source::File(p) = source {
            self.bytes_done += fs::metadata(p).map_or(0, |m| m.len());
            self.bar.set_position(self.bytes_done);
        }
        if let Err(e) = outcome {
            if e.downcast_ref::<OutputError>().is_some() {
                self.write_error = Some(e.context(label));
                return false;
            }
            self.failed_inputs += 1;
            self.bar.suspend(|| eprintln!("pagewash: {label}: {e:#}"));
        }
        true
    }

    /// A cleaned page: counted, reported and written.
    fn page_done(
        &mut self,
        source: &Source,
        label: &str,
        cleaned: &Cleaned,
        bytes_in: usize,
    ) -> Result<()> {
        let args = self.setup.args;
        self.stats.cleaned(bytes_in, cleaned);
        self.bar.suspend(|| report(label, cleaned, args));
        if cleaned.flags().empty {
            self.empty += 1;
        }
        if cleaned.flags().gzip_error.is_some() {
            self.damaged += 1; // its text before the damage is written
        }
        self.write_output(source, cleaned)
    }

    /// One record stream: to DIR/<name>.<ext> with --out-dir, else to the shared output.
    fn clean_stream_input(
        &mut self,
        source: &Source,
        stream: corpus::Stream<impl Read>,
    ) -> Result<()> {
        let setup = self.setup;
        let args = setup.args;
        let Some(dir) = args.out_dir.as_deref() else {
            return corpus::clean_stream(
                stream,
                setup,
                &mut self.shared,
                &mut self.stats,
                &self.bar,
            )
            .map_err(|e| output_error("the output", &e));
        };
        let target = claim_target(
            source,
            dir,
            args.format.unwrap_or(Format::Jsonl),
            &mut self.targets,
        )?;
        let mut out = Output::open(Some(&target)).map_err(|e| OutputError(format!("{e:#}")))?;
        if args.format == Some(Format::Json) {
            out.json_items(true);
        }
        corpus::clean_stream(stream, setup, &mut out, &mut self.stats, &self.bar)
            .map_err(|e| output_error(&target.display().to_string(), &e))?;
        out.finish()
    }

    /// One page's output: to the shared output, or to its own file under --out-dir.
    fn write_output(&mut self, source: &Source, cleaned: &Cleaned) -> Result<()> {
        let args = self.setup.args;
        let format = args.format.unwrap_or(Format::Text);
        let mut body = Vec::new();
        match format {
            Format::Text => body.extend_from_slice(cleaned.text().as_bytes()),
            Format::Markdown => {
                body.extend_from_slice(cleaned.markdown().unwrap_or(cleaned.text()).as_bytes())
            }
            Format::Json => {
                let value = json::page_json(&source.label(), cleaned, args);
                body.extend_from_slice(format!("{value}\n").as_bytes());
            }
            Format::Jsonl | Format::Wet => {
                let meta = pagewash::corpus::RecordInfo {
                    id: source.label(),
                    url: args.url.clone(),
                    ..Default::default()
                };
                corpus::write_record(&mut body, format, &source.label(), &meta, cleaned, args)
                    .context("cannot format the output")?;
            }
        }
        let Some(dir) = args.out_dir.as_deref() else {
            let shared = &mut self.shared;
            return shared
                .item(&body)
                .and_then(|()| shared.writer().flush())
                .map_err(|e| output_error("the output", &e));
        };
        write_atomically(
            &claim_target(source, dir, format, &mut self.targets)?,
            &body,
        )
        .map_err(|e| OutputError(format!("{e:#}")).into())
    }

    /// Ends the run: the outputs moved into place, the stats file and the summary written,
    /// and the exit status.
    fn finish(self) -> Result<ExitCode> {
        let args = self.setup.args;
        self.bar.finish_and_clear();
        if let Some(e) = self.write_error {
            return Err(e); // the outputs are dropped unfinished: their temporaries go
        }
        self.shared.finish()?;
        let secs = self.started.elapsed().as_secs_f64();
        let stats = self.stats;
        if let Some(mut out) = self.stats_out {
            let body = format!("{:#}\n", corpus::stats_json(&stats, secs));
            out.writer()
                .write_all(body.as_bytes())
                .map_err(|e| output_error("the stats file", &e))?;
            out.finish()?;
        }
        if !args.quiet && (self.streams > 0 || self.setup.sources.len() > 1) {
            eprint!("{}", corpus::summary(&stats, secs));
        }
        Ok(
            if self.failed_inputs > 0 || self.damaged > 0 || stats.failed_total() > 0 {
                ExitCode::from(EXIT_INPUT_FAILED)
            } else if self.empty > 0 {
                ExitCode::from(EXIT_EMPTY_RESULT)
            } else {
                ExitCode::SUCCESS
            },
        )
    }
}

/// One input, read and (for a page) cleaned on a worker.
enum Prepared {
    /// A page, cleaned.
    Page {
        cleaned: Box<Cleaned>,
        bytes_in: usize,
    },
    /// A record stream: cleaned on the calling thread (the file is opened again there).
    Stream(StreamFormat),
    /// Read on the calling thread (stdin).
    Later,
    /// The input failed; how it counts in the summary.
    Failed(anyhow::Error, Option<FailKind>),
}

/// How a failed input counts in the summary, beyond "failed input".
enum FailKind {
    NotAPage,
    TimedOut,
}

/// Detects the input's format and cleans it if it is a page (on a worker: files only).
fn prepare(source: &Source, setup: &CleanSetup) -> Prepared {
    read_and_clean(source, setup).0
}

/// Detects the input's format and cleans it if it is a page; for a stream, also hands back
/// the reader already opened (the calling thread's way, for stdin).
fn read_and_clean(source: &Source, setup: &CleanSetup) -> (Prepared, Option<Box<dyn Read>>) {
    match try_read_and_clean(source, setup) {
        Ok(done) => done,
        Err(failed) => (failed, None),
    }
}

fn try_read_and_clean(
    source: &Source,
    setup: &CleanSetup,
) -> Result<(Prepared, Option<Box<dyn Read>>), Prepared> {
    let args = setup.args;
    let fail = |e: anyhow::Error| Prepared::Failed(e, None);
    let mut reader = open_input(source).map_err(fail)?;
    let mut head = Vec::new();
    (&mut reader)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .context("cannot read input")
        .map_err(fail)?;
    let format = match args.input_format {
        InputFormatArg::Auto => match records::detect(&head) {
            // A file named as a WARC is read as one even when its first bytes are damaged
            // beyond recognition: the reader reports the damage and finds the records after
            // it, where a page would swallow them all silently.
            // (An empty file stays an empty page: no text, exit 3.)
            StreamFormat::Plain if !head.is_empty() && is_named_warc(source) => StreamFormat::Warc,
            // Likewise a file named as JSON Lines that opens an object: its bad lines are
            // reported one by one, where the detection (which wants two good lines in a row,
            // so that a page opening with inline JSON stays a page) would read it as a page.
            StreamFormat::Plain
                if is_named(source, &[".jsonl", ".ndjson"])
                    && (is_gzip(&head) || head.trim_ascii_start().starts_with(b"{")) =>
            {
                StreamFormat::Jsonl
            }
            // A file named as a page (`*.txt`, `*.html`) that does not open with a record is a
            // page, even when a record header follows: a page about WARC quotes one. (Damage
            // before the first record is looked past in files named or given as streams.)
            StreamFormat::Warc | StreamFormat::Wet
                if is_named_page(source) && !opens_with_record(&head) =>
            {
                StreamFormat::Plain
            }
            format => format,
        },
        InputFormatArg::Page => StreamFormat::Plain,
        InputFormatArg::Warc => StreamFormat::Warc,
        InputFormatArg::Wet => StreamFormat::Wet,
        InputFormatArg::Jsonl => StreamFormat::Jsonl,
    };
    if format != StreamFormat::Plain {
        let reader: Box<dyn Read> = Box::new(io::Cursor::new(head).chain(reader));
        return Ok((Prepared::Stream(format), Some(reader)));
    }
    if let Err(e) = check_is_page(&head) {
        return Err(Prepared::Failed(e, Some(FailKind::NotAPage)));
    }
    let size = match source {
        Source::File(p) => fs::metadata(p).map_or(0, |m| m.len() as usize),
        Source::Stdin => 0,
    };
    // The rest of the page into the head's buffer, sized from the file: as much as
    // `Pipeline::clean_reader` would read (the page limit and one byte, which tells a cut
    // page), without copying the head or growing the buffer by doubling.
    let limit = args.pipeline.max_page_bytes().saturating_add(1);
    let mut bytes = head;
    bytes.truncate(limit);
    bytes.reserve(size.min(limit).saturating_sub(bytes.len()));
    reader
        .take((limit - bytes.len()) as u64)
        .read_to_end(&mut bytes)
        .context("cannot read input")
        .map_err(fail)?;
    let cleaned = match source {
        Source::File(path) => setup
            .pipeline
            .clean(&bytes, &setup.hints.clone().with_file_name(path)),
        Source::Stdin => setup.pipeline.clean(&bytes, &setup.hints),
    };
    drop(bytes);
    if let Some(why) = &cleaned.flags().not_text {
        return Err(Prepared::Failed(
            anyhow!("not a text page: {why}"),
            Some(FailKind::NotAPage),
        ));
    }
    if cleaned.flags().timed_out {
        return Err(Prepared::Failed(
            anyhow!(
                "took longer than the time budget (--time-budget-ms {})",
                args.time_budget_ms
            ),
            Some(FailKind::TimedOut),
        ));
    }
    Ok((
        Prepared::Page {
            cleaned: Box::new(cleaned),
            bytes_in: size,
        },
        None,
    ))
}

/// `*.warc`, `*.warc.gz`, `*.wet`, `*.wet.gz` (any case).
fn is_named_warc(source: &Source) -> bool {
    is_named(source, &[".warc", ".wet"])
}

/// `*.txt`, `*.html`, `*.htm`, `*.xhtml`, each optionally `.gz` (any case).
fn is_named_page(source: &Source) -> bool {
    is_named(source, &[".txt", ".html", ".htm", ".xhtml"])
}

/// Whether `source` is a file whose name, without a `.gz`, ends with one of `suffixes`.
fn is_named(source: &Source, suffixes: &[&str]) -> bool {
    let Source::File(path) = source else {
        return false;
    };
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    suffixes.iter().any(|s| name.ends_with(s))
}

/// Whether the input opens with a WARC record (past white space), or is gzip (whose members
/// the stream detection inflated to find one).
fn opens_with_record(head: &[u8]) -> bool {
    is_gzip(head) || head.trim_ascii_start().starts_with(b"WARC/")
}

/// Whether the bytes open with gzip's magic number (the library's own check is private).
fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// Files as given, directories walked recursively (files in name order, filtered by
/// `--include`/`--exclude`), `-` as stdin; with each, its path for output naming (relative
/// to its directory argument; a file's own name; `stdin`).
fn expand_sources(
    inputs: &[PathBuf],
    filter: &inputs::Filter,
) -> Result<(Vec<Source>, Vec<PathBuf>)> {
    if inputs.is_empty() {
        return Ok((vec![Source::Stdin], vec![PathBuf::from("stdin")]));
    }
    let mut out = Vec::new();
    let mut rel = Vec::new();
    for p in inputs {
        if p.as_os_str() == "-" {
            out.push(Source::Stdin);
            rel.push(PathBuf::from("stdin"));
        } else if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)
                .with_context(|| format!("cannot read directory {}", p.display()))?;
            if files.is_empty() {
                bail!(
                    "directory {} holds no input files (hidden files are not read)",
                    p.display()
                );
            }
            files.sort();
            for f in files {
                let r = f.strip_prefix(p).unwrap_or(&f).to_path_buf();
                if filter.accepts(&r) {
                    out.push(Source::File(f));
                    rel.push(r);
                }
            }
        } else {
            out.push(Source::File(p.clone()));
            rel.push(PathBuf::from(p.file_name().unwrap_or(p.as_os_str())));
        }
    }
    Ok((out, rel))
}

fn walk(dir: &Path, files: &mut Vec<PathBuf>) -> io::Result<()> {
    for entry in fs::read_dir(dir)? {
        let path = entry?.path();
        let hidden = path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with('.'));
        if hidden {
            continue;
        }
        if path.is_dir() {
            walk(&path, files)?;
        } else {
            files.push(path);
        }
    }
    Ok(())
}

/// How much of an input is looked at to decide whether it is a page at all.
const HEAD_BYTES: usize = 65536;

fn open_input(source: &Source) -> Result<Box<dyn Read>> {
    match source {
        Source::Stdin => Ok(Box::new(io::stdin().lock())),
        Source::File(path) => {
            if path.is_dir() {
                bail!("is a directory: pass the files inside it (e.g. DIR/*.txt)");
            }
            let file = fs::File::open(path).context("cannot read file")?;
            Ok(Box::new(io::BufReader::new(file)))
        }
    }
}

/// Refuses input that is certainly not a page, rather than cleaning noise.
fn check_is_page(bytes: &[u8]) -> Result<()> {
    if is_gzip(bytes) {
        return Ok(()); // gzip: decompressed by the pipeline
    }
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let nuls = memchr::memchr_iter(0, head).count();
    // Text in any 8-bit or multi-byte charset has no NUL; a few stray ones are tolerated.
    if !utf16 && nuls * 100 > head.len().max(1) {
        bail!(
            "not a text page: {nuls} NUL bytes in the first {} bytes (binary data?)",
            head.len()
        );
    }
    Ok(())
}

fn report(label: &str, cleaned: &Cleaned, args: &CleanArgs) {
    if args.explain {
        let mut err = io::stderr().lock();
        let decision = cleaned.charset_decision();
        let signals: Vec<String> = decision
            .signals
            .iter()
            .map(|s| format!("{}={}", s.source.as_str(), s.label))
            .collect();
        let _ = writeln!(
            err,
            "{label}: encoding {} ({}), format {} ({}){}; signals: {}",
            cleaned.encoding().name(),
            cleaned.encoding_source().as_str(),
            cleaned.format().as_str(),
            cleaned.format_reason(),
            if cleaned.flags().gzip { ", gzip" } else { "" },
            if signals.is_empty() {
                "none".to_owned()
            } else {
                signals.join(", ")
            }
        );
        if let Some(why) = &decision.overridden {
            let _ = writeln!(err, "{label}: charset overridden: {why}");
        }
        // Built one at a time as they are written (8M removals held ~1 GB at once).
        cleaned.for_each_edit(|e| {
            // HTML: the source line where the block starts, not the block's number.
            let line = e.source_line.unwrap_or(e.line);
            let verb = match e.kind {
                EditKind::Removed => "removed",
                EditKind::Repaired => "repaired",
                _ => "edited",
            };
            let _ = writeln!(
                err,
                "{label}:{line}: {verb} [{}] {}: {}",
                e.rule,
                e.reason,
                shorten(&e.before, 100)
            );
            if let Some(after) = &e.after {
                let _ = writeln!(err, "{label}:{line}:   => {}", shorten(after, 100));
            }
        });
    }
    if args.quiet {
        return;
    }
    let f = cleaned.flags();
    if f.empty {
        eprintln!("pagewash: {label}: warning: no text left after cleaning");
    }
    if f.replaced_chars > 0 {
        eprintln!(
            "pagewash: {label}: warning: {} bytes could not be decoded as {} (now U+FFFD)",
            f.replaced_chars,
            cleaned.encoding().name()
        );
    }
    if f.truncated {
        eprintln!(
            "pagewash: {label}: warning: larger than --max-page-bytes {}, only its start was cleaned",
            args.pipeline.max_page_bytes()
        );
    }
    if let Some(e) = &f.gzip_error {
        eprintln!("pagewash: {label}: warning: damaged gzip stream ({e}); the text before the damage was kept");
    }
    if f.depth_limited {
        eprintln!("pagewash: {label}: warning: HTML nested deeper than the depth limit; deeper blocks were flattened");
    }
}

fn shorten(s: &str, max_chars: usize) -> String {
    let mut out: String = s.trim().chars().take(max_chars).collect();
    if s.trim().chars().count() > max_chars {
        out.push('…');
    }
    out
}
