//! The `pagewash` command-line tool.

mod args;
mod eval_cmd;
mod json;

use std::borrow::Cow;
use std::collections::HashSet;
use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Parser;
use pagewash::{Cleaned, EditKind, Hints, Pipeline};

use args::{CleanArgs, Cli, Command, Format};

/// Exit status when some input could not be read or is not a page.
const EXIT_INPUT_FAILED: u8 = 1;
/// Exit status when every input was read but some gave no text.
const EXIT_EMPTY_RESULT: u8 = 3;

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
            ExitCode::from(2)
        }
    }
}

fn list_rules() -> Result<()> {
    let stripper = pagewash::strip::Stripper::new()?;
    let mut out = io::stdout().lock();
    for r in stripper.rules() {
        writeln!(out, "{}\t{:?}\t{:?}\t{}", r.id, r.family, r.place, r.reason)?;
    }
    for r in pagewash::strip::structure::STRUCTURAL {
        writeln!(out, "{}\tStructural\t-\t{}", r.id, r.reason)?;
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

fn build_pipeline(args: &CleanArgs) -> Result<Pipeline> {
    let mut b = Pipeline::builder();
    b.max_page_bytes(args.max_page_bytes);
    b.normalize_options().nfkc(!args.no_nfkc);
    if args.no_strip {
        b.remove_stage("strip")?;
    }
    if args.no_strip || args.no_content {
        b.remove_stage("content")?;
    }
    b.keep_title(!args.no_title);
    if args.no_repair {
        b.repair_mojibake(false);
        b.remove_stage("repair.pinyin")?;
        b.remove_stage("repair.byteshift")?;
    }
    Ok(b.build()?)
}

fn run_clean(args: &CleanArgs) -> Result<ExitCode> {
    if let Some(label) = &args.charset {
        if encoding_rs::Encoding::for_label(label.as_bytes()).is_none() {
            bail!("unknown charset label `{label}` (try gbk, gb18030, big5, shift_jis, utf-8)");
        }
    }
    let sources: Vec<Source> = if args.inputs.is_empty() {
        vec![Source::Stdin]
    } else {
        args.inputs
            .iter()
            .map(|p| {
                if p.as_os_str() == "-" {
                    Source::Stdin
                } else {
                    Source::File(p.clone())
                }
            })
            .collect()
    };
    if sources.len() > 1 && args.out_dir.is_none() {
        bail!(
            "{} inputs given: use --out-dir DIR to write one file per input",
            sources.len()
        );
    }
    if let Some(dir) = &args.out_dir {
        fs::create_dir_all(dir)
            .with_context(|| format!("cannot create output directory {}", dir.display()))?;
    }
    let pipeline = build_pipeline(args)?;
    let mut hints = Hints::new();
    if let Some(c) = &args.charset {
        hints = hints.with_charset(c.clone());
    }
    if let Some(u) = &args.url {
        hints = hints.with_url(u.clone());
    }
    if let Some(ct) = &args.content_type {
        hints = hints.with_content_type(ct.clone());
    }

    let mut failed = 0usize;
    let mut empty = 0usize;
    let mut written: HashSet<PathBuf> = HashSet::new();
    for source in &sources {
        let label = source.label();
        let outcome = open_input(source).and_then(|mut reader| {
            let mut head = Vec::new();
            (&mut reader)
                .take(HEAD_BYTES as u64)
                .read_to_end(&mut head)
                .context("cannot read input")?;
            check_is_page(&head)?;
            let cleaned = pipeline
                .clean_reader(io::Cursor::new(head).chain(reader), &hints)
                .context("cannot read input")?;
            report(&label, &cleaned, args);
            if cleaned.flags().empty {
                empty += 1;
            }
            write_output(source, &cleaned, args, &mut written)
        });
        if let Err(e) = outcome {
            failed += 1;
            eprintln!("pagewash: {label}: {e:#}");
        }
    }
    Ok(if failed > 0 {
        ExitCode::from(EXIT_INPUT_FAILED)
    } else if empty > 0 {
        ExitCode::from(EXIT_EMPTY_RESULT)
    } else {
        ExitCode::SUCCESS
    })
}

/// How much of an input is looked at to decide whether it is a page at all.
const HEAD_BYTES: usize = 8192;

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
    if bytes.starts_with(&[0x1f, 0x8b]) {
        return Ok(()); // gzip: decompressed by the pipeline
    }
    let head = &bytes[..bytes.len().min(HEAD_BYTES)];
    let utf16 = head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]);
    let nuls = head.iter().filter(|&&b| b == 0).count();
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
            let _ = writeln!(err, "{label}: declared charset overridden: {why}");
        }
        for e in cleaned.edits() {
            let verb = match e.kind {
                EditKind::Removed => "removed",
                EditKind::Repaired => "repaired",
                _ => "edited",
            };
            let _ = writeln!(
                err,
                "{label}:{}: {verb} [{}] {}: {}",
                e.line,
                e.rule,
                e.reason,
                shorten(&e.before, 100)
            );
            if let Some(after) = &e.after {
                let _ = writeln!(err, "{label}:{}:   => {}", e.line, shorten(after, 100));
            }
        }
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
            args.max_page_bytes
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

fn write_output(
    source: &Source,
    cleaned: &Cleaned,
    args: &CleanArgs,
    written: &mut HashSet<PathBuf>,
) -> Result<()> {
    let body: Cow<'_, str> = match args.format {
        Format::Text => Cow::Borrowed(cleaned.text()),
        Format::Json => {
            let value = json::page_json(&source.label(), cleaned, args.explain);
            Cow::Owned(format!("{value}\n"))
        }
    };
    let Some(dir) = args.out_dir.as_deref() else {
        let mut out = io::stdout().lock();
        out.write_all(body.as_bytes())
            .and_then(|()| out.flush())
            .context("cannot write to stdout")?;
        return Ok(());
    };
    let mut name = match source {
        Source::Stdin => PathBuf::from("stdin.txt"),
        Source::File(p) => output_name(p),
    };
    if args.format == Format::Json {
        name.set_extension("json");
    }
    let target = dir.join(&name);
    if !written.insert(target.clone()) {
        bail!(
            "another input already wrote {}: rename one of them",
            target.display()
        );
    }
    // Write to a temporary file and rename, so an interrupted run never leaves a half file
    // that looks whole.
    let tmp = dir.join(format!(".{}.tmp", name.display()));
    fs::write(&tmp, body.as_bytes()).with_context(|| format!("cannot write {}", tmp.display()))?;
    fs::rename(&tmp, &target)
        .with_context(|| format!("cannot move {} into place", tmp.display()))?;
    Ok(())
}

/// `dir/page.html` → `page.txt`; `page.html.gz` → `page.txt`; `000_x.txt` → `000_x.txt`:
/// the name without its compression extension and its last other extension, so outputs
/// pair with gold files named by page id.
fn output_name(path: &Path) -> PathBuf {
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
