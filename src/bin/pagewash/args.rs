//! Command-line arguments, parsed by clap, then turned into a validated run configuration.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

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
}

#[derive(Debug, Args)]
pub struct CleanArgs {
    /// Files to clean; `-` or nothing reads stdin.
    pub inputs: Vec<PathBuf>,

    /// Write each input's text to DIR/<name>.txt (the input's name with its last extension
    /// replaced). Needed when there is more than one input.
    #[arg(long, value_name = "DIR")]
    pub out_dir: Option<PathBuf>,

    /// Print every removed or repaired line, with its rule id and reason, on stderr.
    #[arg(long)]
    pub explain: bool,

    /// Decode input with this charset (a WHATWG label such as gbk, big5, utf-8) instead of
    /// arbitrating between the page's own signals. A byte-order mark still wins.
    #[arg(long, value_name = "LABEL")]
    pub charset: Option<String>,

    /// The page's URL: its top-level domain helps charset detection.
    #[arg(long)]
    pub url: Option<String>,

    /// The HTTP Content-Type the page was served with (`text/html; charset=gbk`): its
    /// charset is a signal that the bytes may overrule, `text/html` marks the page as HTML.
    #[arg(long, value_name = "VALUE")]
    pub content_type: Option<String>,

    /// Keep full-width forms and compatibility characters (no NFKC).
    #[arg(long)]
    pub no_nfkc: bool,

    /// Keep boilerplate: run decoding, repairs and normalisation only.
    #[arg(long)]
    pub no_strip: bool,

    /// Do not repair damage (mojibake, pinyin annotations, byte-shifted GBK).
    #[arg(long)]
    pub no_repair: bool,

    /// Pages larger than this many bytes are cut (and flagged).
    #[arg(long, value_name = "BYTES", default_value_t = pagewash::DEFAULT_MAX_PAGE_BYTES)]
    pub max_page_bytes: usize,

    /// No warnings on stderr (errors are still printed).
    #[arg(short, long)]
    pub quiet: bool,
}
