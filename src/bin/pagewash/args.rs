//! Command-line arguments, parsed by clap, then turned into a validated run configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use pagewash::{OptionKind, OptionSpec, OptionValue};

/// pagewash: turns scraped web pages into clean text.
#[derive(Debug, Parser)]
#[command(version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Clean pages: one input to stdout, or each input to DIR/<name>.txt with --out-dir.
    ///
    /// Exit status: 0 when every input gave text; 1 when an input could not be read or is
    /// not a page (binary, compressed); 3 when every input was read but some gave no text.
    Clean(CleanArgs),
    /// List the built-in boilerplate rules: id, family, place, fields stated (metadata rules), reason.
    Rules,
    /// Clean every page of a gold set and score it against its gold text, with the same
    /// numbers as the reference scorer `score.py`.
    ///
    /// For each `<id>.gold.txt` (or `<id>.expected.txt`) in DIR, the input is `<id>.html`,
    /// `<id>.html.gz`, `<id>.htm` or `<id>.txt`. Prints the mean scores (and one row per page
    /// with --by-page). Exit status: 0 when every page was scored; 1 when an input is missing
    /// or could not be read (it scores 0); 2 when DIR holds no gold text.
    Eval(EvalArgs),
}

/// Headings of `pagewash clean --help`, in the order they are shown.
pub const INPUT: &str = "Input";
/// Output options.
pub const OUTPUT: &str = "Output";
// The pipeline's own headings (Normalization, Extraction) come with its options
// (`pagewash::OPTIONS`).
/// Options of corpus runs (many inputs, record streams).
pub const CORPUS: &str = "Corpus runs";

#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    pagewash clean page.html                       clean text on stdout\n  \
    pagewash clean -f json --explain page.html     text, metadata, every removal\n  \
    pagewash clean crawl/ -d out/ -k -i '*.html'   a tree of pages, mirrored under out/\n  \
    pagewash clean CC-MAIN.warc.gz -o pages.jsonl  a WARC, on all cores\n  \
    cat page.html | pagewash clean                 stdin")]
pub struct CleanArgs {
    /// Files or directories (read recursively) to clean; `-` or nothing reads stdin. Each
    /// input is a page, or a stream of pages: WARC, WET or JSON Lines (gzip or not),
    /// detected from its first bytes.
    pub inputs: Vec<PathBuf>,

    /// Only the files of input directories whose path (relative to the directory) matches
    /// GLOB (`*.html`, `site1/**`); repeatable. Files named on the command line are always
    /// read.
    #[arg(short = 'i', long, value_name = "GLOB", help_heading = INPUT)]
    pub include: Vec<String>,

    /// Skip the files of input directories whose relative path matches GLOB
    /// (`*.gold.txt`); repeatable, wins over --include.
    #[arg(short = 'x', long, value_name = "GLOB", help_heading = INPUT)]
    pub exclude: Vec<String>,

    /// How to read inputs instead of detecting it: a page, or a stream of records.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto, help_heading = INPUT)]
    pub input_format: InputFormatArg,

    /// The page's URL: its top-level domain helps charset detection.
    #[arg(short = 'u', long, help_heading = INPUT)]
    pub url: Option<String>,

    /// The HTTP Content-Type the page was served with (`text/html; charset=gbk`): its
    /// charset is a signal that the bytes may overrule, `text/html` marks the page as HTML.
    /// Without it, a file named `*.txt` is read as `text/plain`.
    #[arg(long, value_name = "VALUE", help_heading = INPUT)]
    pub content_type: Option<String>,

    /// JSON Lines: the field holding the page's HTML or text (default: html, text, content,
    /// the first present).
    #[arg(long, value_name = "NAME", help_heading = INPUT)]
    pub json_text_field: Option<String>,

    /// JSON Lines: the field naming the record (default: url, id).
    #[arg(long, value_name = "NAME", help_heading = INPUT)]
    pub json_id_field: Option<String>,

    /// Write each input's output to DIR/<name>.txt (.json, .jsonl, .md, .warc for the other
    /// formats; the input's name without its compression and last extension). Two inputs
    /// with the same name are refused before anything is read, unless --keep-dirs.
    #[arg(short = 'd', long, value_name = "DIR", help_heading = OUTPUT)]
    pub out_dir: Option<PathBuf>,

    /// With --out-dir: mirror the input directories' trees under DIR
    /// (crawl/site1/index.html → DIR/site1/index.txt), so equal names never clash.
    #[arg(short = 'k', long, requires = "out_dir", help_heading = OUTPUT)]
    pub keep_dirs: bool,

    /// Write everything to FILE (written to a temporary name and renamed when the run
    /// ends) instead of stdout.
    #[arg(short = 'o', long, value_name = "FILE", conflicts_with = "out_dir", help_heading = OUTPUT)]
    pub out: Option<PathBuf>,

    /// Output: `text` (the clean text; default for pages), `markdown` (headings, lists,
    /// tables, code blocks, links), `json` (one object per page: text, title, date, author,
    /// publisher, language, canonical URL, encoding and how it was decided, flags, removed
    /// lines counted by rule; a JSON array of them for several inputs or a record stream),
    /// `jsonl` (one such object per line, with the record's URL, WARC id and date; default
    /// for record streams) or `wet` (WARC conversion records, as Common Crawl's WET files).
    #[arg(short = 'f', long, value_enum, help_heading = OUTPUT)]
    pub format: Option<Format>,

    /// Add a `signals` object to the JSON: CJK ratio, line lengths, terminal punctuation,
    /// duplicate lines and n-grams, U+FFFD, repairs, Traditional characters (for corpus
    /// filters in the style of Gopher, FineWeb, ChineseWebText).
    #[arg(long, help_heading = OUTPUT)]
    pub signals: bool,

    /// Print every removed or repaired line, with its rule id and reason, on stderr (and,
    /// with `--format json`, as an `edits` list in the JSON). HTML pages are cited by
    /// source line.
    #[arg(short = 'e', long, help_heading = OUTPUT)]
    pub explain: bool,

    /// No warnings, no progress bar (errors are still printed).
    #[arg(short, long, help_heading = OUTPUT)]
    pub quiet: bool,

    #[command(flatten)]
    pub pipeline: PipelineArgs,

    /// Worker threads, at least 1 (default: all cores).
    #[arg(short = 'j', long, value_name = "N", value_parser = parse_threads, help_heading = CORPUS)]
    pub threads: Option<usize>,

    /// Write records as they finish instead of in input order.
    #[arg(long, help_heading = CORPUS)]
    pub unordered: bool,

    /// Write the run's summary (records read, cleaned, skipped by reason, failed by kind,
    /// bytes, top rules) to FILE as JSON.
    #[arg(long, value_name = "FILE", help_heading = CORPUS)]
    pub stats: Option<PathBuf>,

    /// Give up on a page that takes longer than this many milliseconds to clean (it is
    /// reported as failed, with its offset); 0 for no limit.
    #[arg(long, value_name = "MS", default_value_t = pagewash::CORPUS_TIME_BUDGET.as_millis() as u64, help_heading = CORPUS)]
    pub time_budget_ms: u64,
}

#[derive(Debug, Args)]
pub struct EvalArgs {
    /// Directory with `<id>.gold.txt` or `<id>.expected.txt` files and their inputs.
    #[arg(long, value_name = "DIR")]
    pub gold: PathBuf,

    /// NFKC both sides and collapse their white space before scoring (for gold sets not
    /// normalised the way pagewash normalises).
    #[arg(long)]
    pub nfkc: bool,

    /// Print one row of scores per page before the summary line.
    #[arg(long)]
    pub by_page: bool,

    /// Also write each page's cleaned text to DIR/<id>.txt.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Write per-page and mean scores to FILE as JSON (the layout of score.py --json).
    #[arg(long, value_name = "FILE")]
    pub json: Option<PathBuf>,

    /// The pipeline options of `clean`, so that a score describes what `clean` would output.
    #[command(flatten)]
    pub pipeline: PipelineArgs,
}

/// The options that shape the pipeline, shared by `clean` and `eval`: one flag per
/// [`pagewash::OPTIONS`] entry that has one, made from that declaration (name, help,
/// heading, default), so an option added to the library reaches the CLI by itself.
#[derive(Clone, Debug)]
pub struct PipelineArgs {
    options: pagewash::PipelineOptions,
}

impl PipelineArgs {
    /// The library options these flags stand for (`time_budget_ms` 0: no budget).
    pub fn options(&self, time_budget_ms: u64) -> pagewash::PipelineOptions {
        let mut o = self.options.clone();
        o.time_budget =
            (time_budget_ms > 0).then(|| std::time::Duration::from_millis(time_budget_ms));
        o
    }

    /// `--max-page-bytes`.
    pub fn max_page_bytes(&self) -> usize {
        self.options.max_page_bytes
    }
}

/// The declared options the CLI has a flag for, here.
fn flagged() -> impl Iterator<Item = &'static OptionSpec> {
    pagewash::OPTIONS.iter().filter(|o| !o.flag.is_empty())
}

/// The clap id of an option's flag, apart from the subcommands' own (`eval --nfkc`).
fn arg_id(spec: &OptionSpec) -> String {
    format!("option.{}", spec.name)
}

/// Whether a switch's flag turns it off (`--no-repair`) rather than on (`--t2s`).
fn negates(spec: &OptionSpec) -> bool {
    spec.default == "True"
}

impl clap::Args for PipelineArgs {
    fn augment_args(cmd: clap::Command) -> clap::Command {
        flagged()
            .fold(cmd, |cmd, spec| {
                let help = if spec.flag_help.is_empty() {
                    spec.doc
                } else {
                    spec.flag_help
                };
                let mut arg = clap::Arg::new(arg_id(spec))
                    .long(spec.flag)
                    .help(help)
                    .help_heading(spec.heading);
                if let Some(c) = spec.short {
                    arg = arg.short(c);
                }
                arg = match spec.kind {
                    OptionKind::Switch => arg.action(clap::ArgAction::SetTrue),
                    OptionKind::Favor => arg
                        .value_name("FAVOR")
                        .value_parser(clap::builder::EnumValueParser::<FavorArg>::new())
                        .default_value(spec.default.trim_matches('"')),
                    OptionKind::Size => arg
                        .value_name("SIZE")
                        .value_parser(parse_size)
                        .default_value(size_label(spec.default)),
                    OptionKind::Label => arg.value_name("LABEL"),
                    // Seconds and anything newer: no flag of this shape yet (the time budget is
                    // `--time-budget-ms`, among the corpus options).
                    _ => arg,
                };
                // An option that only means something with a switch cannot go with the flag
                // that turns the switch off (`--nfkc-cjk` with `--no-nfkc`).
                if let Some(needed) =
                    pagewash::PipelineOptions::spec(spec.needs).filter(|n| negates(n))
                {
                    arg = arg.conflicts_with(arg_id(needed));
                }
                cmd.arg(arg)
            })
            // `--no-title` was the flag while the title line was the default (until stop 32);
            // it now asks for the default, so scripts that pass it keep working.
            .arg(
                clap::Arg::new("legacy.no_title")
                    .long("no-title")
                    .action(clap::ArgAction::SetTrue)
                    .hide(true)
                    .conflicts_with("option.title"),
            )
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

impl clap::FromArgMatches for PipelineArgs {
    fn from_arg_matches(m: &clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut options = pagewash::PipelineOptions::default();
        for spec in flagged() {
            let value = match spec.kind {
                OptionKind::Switch => OptionValue::Bool(m.get_flag(&arg_id(spec)) != negates(spec)),
                OptionKind::Favor => {
                    let f = m
                        .get_one::<FavorArg>(&arg_id(spec))
                        .copied()
                        .unwrap_or_default();
                    let name = f.to_possible_value().expect("not skipped");
                    OptionValue::Text(name.get_name().to_owned())
                }
                OptionKind::Size => match m.get_one::<usize>(&arg_id(spec)) {
                    Some(&n) => OptionValue::Bytes(n as u64),
                    None => continue,
                },
                OptionKind::Label => m
                    .get_one::<String>(&arg_id(spec))
                    .map_or(OptionValue::Unset, |s| OptionValue::Text(s.clone())),
                _ => continue,
            };
            options
                .set(spec.name, value)
                .map_err(|e| clap::Error::raw(clap::error::ErrorKind::ValueValidation, e))?;
        }
        Ok(PipelineArgs { options })
    }

    fn update_from_arg_matches(&mut self, m: &clap::ArgMatches) -> Result<(), clap::Error> {
        *self = Self::from_arg_matches(m)?;
        Ok(())
    }
}

/// A declared byte count as `--help` shows it: `16777216` is `16MiB`.
fn size_label(bytes: &str) -> String {
    match bytes.parse::<u64>() {
        Ok(n) if n >= 1 << 20 && n % (1 << 20) == 0 => format!("{}MiB", n >> 20),
        _ => bytes.to_owned(),
    }
}

/// `--favor`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum FavorArg {
    /// Fewer boilerplate lines, at the cost of some article lines.
    Precision,
    /// The model as fitted (the default).
    #[default]
    Balanced,
    /// More article lines, at the cost of some boilerplate.
    Recall,
}

/// `--threads N`: at least 1.
fn parse_threads(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("must be at least 1 (leave it out to use every core)".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{s}` is not a number of threads")),
    }
}

/// A size in bytes: `16777216`, `16MiB`, `16M`, `2MB`, `512k`, `1.5G`. The binary units
/// (`k`, `M`, `G`, `KiB`, `MiB`, `GiB`, as `sort -S` and curl read them) are powers of
/// 1024, the SI ones (`kB`, `MB`, `GB`) powers of 1000; `B` is bytes. Case does not matter
/// except that `kB`/`MB`/`GB` are SI.
pub fn parse_size(s: &str) -> Result<usize, String> {
    let t = s.trim();
    let split = t
        .find(|c: char| !(c.is_ascii_digit() || c == '.'))
        .unwrap_or(t.len());
    let (num, unit) = (&t[..split], t[split..].trim());
    let bad = || format!("`{s}` is not a size (bytes, or a number with a unit: 16MiB, 2MB, 512k)");
    let n: f64 = num.parse().map_err(|_| bad())?;
    let factor: f64 = match unit.to_ascii_lowercase().as_str() {
        "" | "b" => 1.0,
        "k" | "kib" => 1024.0,
        "m" | "mib" => 1024.0 * 1024.0,
        "g" | "gib" => 1024.0 * 1024.0 * 1024.0,
        "kb" => 1e3,
        "mb" => 1e6,
        "gb" => 1e9,
        _ => return Err(bad()),
    };
    let bytes = (n * factor).round();
    if !(bytes >= 1.0 && bytes < usize::MAX as f64) {
        return Err(format!("`{s}`: a size must be at least 1 byte"));
    }
    Ok(bytes as usize)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_take_units() {
        assert_eq!(parse_size("16MiB"), Ok(16 << 20));
        assert_eq!(parse_size("16M"), Ok(16 << 20));
        assert_eq!(parse_size("2MB"), Ok(2_000_000));
        assert_eq!(parse_size("512k"), Ok(512 << 10));
        assert_eq!(parse_size("1.5G"), Ok(3 << 29));
        assert_eq!(parse_size("1000"), Ok(1000));
        assert!(parse_size("0").is_err());
        assert!(parse_size("12 parsecs").unwrap_err().contains("12 parsecs"));
    }

    #[test]
    fn threads_must_be_positive() {
        assert!(parse_threads("0").unwrap_err().contains("at least 1"));
        assert_eq!(parse_threads("4"), Ok(4));
    }
}

/// What `clean` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The clean text.
    Text,
    /// The clean text as Markdown: headings, lists, tables, code blocks, links.
    Markdown,
    /// One JSON object per page (an array of them for several inputs or a stream).
    Json,
    /// One JSON object per record, one per line.
    Jsonl,
    /// WARC `conversion` records (WET).
    Wet,
}

/// How `clean` reads an input.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum InputFormatArg {
    /// Detect from the first bytes.
    Auto,
    /// One page (HTML or text).
    Page,
    /// WARC records (responses).
    Warc,
    /// WET records (conversions).
    Wet,
    /// JSON Lines.
    Jsonl,
}
