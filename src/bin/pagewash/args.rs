//! Command-line arguments, parsed by clap, then turned into a validated run configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

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
    /// List the built-in boilerplate rules: id, family, place, reason.
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

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files or directories (read recursively) to clean; `-` or nothing reads stdin. Each
    /// input is a page, or a stream of pages: WARC, WET or JSON Lines (gzip or not),
    /// detected from its first bytes.
    pub inputs: Vec<PathBuf>,

    /// Write each input's output to DIR/<name>.txt (.json, .jsonl, .warc for the other
    /// formats; the input's name without its compression and last extension). Needed when
    /// there is more than one page input and no --out.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Write everything to FILE (written to a temporary name and renamed when the run
    /// ends) instead of stdout.
    #[arg(long, value_name = "FILE", conflicts_with = "out_dir")]
    pub out: Option<PathBuf>,

    /// How to read inputs instead of detecting it: a page, or a stream of records.
    #[arg(long, value_enum, default_value_t = InputFormatArg::Auto)]
    pub input_format: InputFormatArg,

    /// JSON Lines: the field holding the page's HTML or text (default: html, text, content,
    /// the first present).
    #[arg(long, value_name = "NAME")]
    pub json_text_field: Option<String>,

    /// JSON Lines: the field naming the record (default: url, id).
    #[arg(long, value_name = "NAME")]
    pub json_id_field: Option<String>,

    /// Worker threads for record streams (default: all cores).
    #[arg(long, value_name = "N")]
    pub threads: Option<usize>,

    /// Write records as they finish instead of in input order.
    #[arg(long)]
    pub unordered: bool,

    /// Write the run's summary (records read, cleaned, skipped by reason, failed by kind,
    /// bytes, top rules) to FILE as JSON.
    #[arg(long, value_name = "FILE")]
    pub stats: Option<PathBuf>,

    /// Print every removed or repaired line, with its rule id and reason, on stderr (and,
    /// with `--format json`, as an `edits` list in the JSON).
    #[arg(long)]
    pub explain: bool,

    /// Output: `text` (the clean text; default for pages), `json` (one object per page:
    /// text, title, date, author, publisher, language, canonical URL, encoding and how it was
    /// decided, flags, removed lines counted by rule), `jsonl` (one such object per line,
    /// with the record's URL, WARC id and date; default for record streams) or `wet`
    /// (WARC conversion records, as Common Crawl's WET files).
    #[arg(long, value_enum)]
    pub format: Option<Format>,

    /// The page's URL: its top-level domain helps charset detection.
    #[arg(long)]
    pub url: Option<String>,

    /// The HTTP Content-Type the page was served with (`text/html; charset=gbk`): its
    /// charset is a signal that the bytes may overrule, `text/html` marks the page as HTML.
    #[arg(long, value_name = "VALUE")]
    pub content_type: Option<String>,

    /// No warnings on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,

    #[command(flatten)]
    pub pipeline: PipelineArgs,

    /// Give up on a page that takes longer than this many milliseconds to clean (it is
    /// reported as failed, with its offset); 0 for no limit.
    #[arg(long, value_name = "MS", default_value_t = pagewash::CORPUS_TIME_BUDGET.as_millis() as u64)]
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

/// The options that shape the pipeline, shared by `clean` and `eval`.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// Decode input with this charset (a WHATWG label such as gbk, big5, utf-8) instead of
    /// arbitrating between the page's own signals. A byte-order mark still wins.
    #[arg(long, value_name = "LABEL")]
    pub charset: Option<String>,

    /// Keep full-width forms and compatibility characters (no NFKC).
    #[arg(long)]
    pub no_nfkc: bool,

    /// Convert Traditional Chinese to Simplified (OpenCC's phrase and character tables).
    #[arg(long)]
    pub t2s: bool,

    /// Keep boilerplate: run decoding, repairs and normalisation only (no text rules, no
    /// main-content extraction).
    #[arg(long)]
    pub no_strip: bool,

    /// Keep the whole page: no main-content extraction (the text rules still run unless
    /// --no-strip).
    #[arg(long)]
    pub no_content: bool,

    /// Do not keep the page's title as the first line (it stays in the JSON `title`; for
    /// gold sets of article bodies only, such as AEB).
    #[arg(long)]
    pub no_title: bool,

    /// Do not repair damage (mojibake, pinyin annotations, byte-shifted GBK).
    #[arg(long)]
    pub no_repair: bool,

    /// Pages larger than this many bytes are cut (and flagged).
    #[arg(long, value_name = "BYTES", default_value_t = pagewash::DEFAULT_MAX_PAGE_BYTES)]
    pub max_page_bytes: usize,
}

impl PipelineArgs {
    /// The library options these flags stand for (`time_budget_ms` 0: no budget).
    pub fn options(&self, time_budget_ms: u64) -> pagewash::PipelineOptions {
        let mut o = pagewash::PipelineOptions::default();
        o.nfkc = !self.no_nfkc;
        o.t2s = self.t2s;
        o.strip = !self.no_strip;
        o.content = !self.no_content;
        o.title = !self.no_title;
        o.repair = !self.no_repair;
        o.max_page_bytes = self.max_page_bytes;
        o.time_budget =
            (time_budget_ms > 0).then(|| std::time::Duration::from_millis(time_budget_ms));
        o.charset = self.charset.clone();
        o
    }
}

/// What `clean` writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// The clean text.
    Text,
    /// One JSON object per input.
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
