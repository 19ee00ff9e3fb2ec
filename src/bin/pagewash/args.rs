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

/// Headings of `pagewash clean --help`, in the order they are shown.
pub const INPUT: &str = "Input";
/// Output options.
pub const OUTPUT: &str = "Output";
/// Main-content extraction options.
pub const EXTRACTION: &str = "Extraction";
/// Normalization options.
pub const NORMALIZATION: &str = "Normalization";
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

/// The options that shape the pipeline, shared by `clean` and `eval`.
#[derive(Debug, Args)]
pub struct PipelineArgs {
    /// Decode input with this charset (a WHATWG label such as gbk, big5, utf-8) instead of
    /// arbitrating between the page's own signals. A byte-order mark still wins.
    #[arg(short = 'c', long, value_name = "LABEL", help_heading = INPUT)]
    pub charset: Option<String>,

    /// Pages larger than this are cut (and flagged): bytes, or with a unit (16MiB, 2MB,
    /// 512k; k/M/G and KiB/MiB/GiB are powers of 1024, kB/MB/GB of 1000).
    #[arg(long, value_name = "SIZE", value_parser = parse_size, default_value = "16MiB", help_heading = INPUT)]
    pub max_page_bytes: usize,

    /// Keep full-width forms and compatibility characters (no NFKC; by default NFKC turns
    /// `，` into `,` and `Ａ１` into `A1`).
    #[arg(long, help_heading = NORMALIZATION)]
    pub no_nfkc: bool,

    /// NFKC-CJK: NFKC except full-width punctuation, which stays (`，：！？（）` kept;
    /// full-width letters and digits still become ASCII).
    #[arg(long, conflicts_with = "no_nfkc", help_heading = NORMALIZATION)]
    pub nfkc_cjk: bool,

    /// Convert Traditional Chinese to Simplified (OpenCC's phrase and character tables).
    #[arg(long, help_heading = NORMALIZATION)]
    pub t2s: bool,

    /// Do not repair damage (mojibake, pinyin annotations, byte-shifted GBK).
    #[arg(long, help_heading = NORMALIZATION)]
    pub no_repair: bool,

    /// Keep boilerplate: run decoding, repairs and normalisation only (no text rules, no
    /// main-content extraction).
    #[arg(long, help_heading = EXTRACTION)]
    pub no_strip: bool,

    /// Keep the whole page: no main-content extraction (the text rules still run unless
    /// --no-strip).
    #[arg(long, help_heading = EXTRACTION)]
    pub no_content: bool,

    /// Do not keep the page's title as the first line (it stays in the JSON `title`; for
    /// gold sets of article bodies only, such as AEB).
    #[arg(long, help_heading = EXTRACTION)]
    pub no_title: bool,

    /// Lean of the content stage on borderline lines: `precision` drops more of them,
    /// `recall` keeps more; `balanced` is the model as fitted.
    #[arg(long, value_enum, default_value_t = FavorArg::Balanced, help_heading = EXTRACTION)]
    pub favor: FavorArg,
}

impl PipelineArgs {
    /// The library options these flags stand for (`time_budget_ms` 0: no budget).
    pub fn options(&self, time_budget_ms: u64) -> pagewash::PipelineOptions {
        let mut o = pagewash::PipelineOptions::default();
        o.nfkc = !self.no_nfkc;
        o.nfkc_cjk = self.nfkc_cjk;
        o.t2s = self.t2s;
        o.strip = !self.no_strip;
        o.content = !self.no_content;
        o.title = !self.no_title;
        o.repair = !self.no_repair;
        o.favor = match self.favor {
            FavorArg::Precision => pagewash::Favor::Precision,
            FavorArg::Balanced => pagewash::Favor::Balanced,
            FavorArg::Recall => pagewash::Favor::Recall,
        };
        o.max_page_bytes = self.max_page_bytes;
        o.time_budget =
            (time_budget_ms > 0).then(|| std::time::Duration::from_millis(time_budget_ms));
        o.charset = self.charset.clone();
        o
    }
}

/// `--favor`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FavorArg {
    /// Fewer boilerplate lines, at the cost of some article lines.
    Precision,
    /// The model as fitted (the default).
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
