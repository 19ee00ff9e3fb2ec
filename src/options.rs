//! [`PipelineOptions`]: the pipeline's switches as plain data, for front ends that take
//! options by name (the CLI's flags, the Python binding's keyword arguments) and must build
//! the same pipeline from the same settings.

use std::time::Duration;

use crate::content::ContentOptions;
use crate::decode::html::HtmlOptions;
use crate::decode::DecodeOptions;
use crate::normalize::NormalizeOptions;
use crate::{BuildError, Favor, Hints, Pipeline, PipelineBuilder, DEFAULT_MAX_PAGE_BYTES};

/// The per-page time budget of the front ends made for corpus runs (the CLI's
/// `--time-budget-ms`, the Python binding's `time_budget`): long enough for any real page
/// (the slowest dev page takes 30 ms), short enough that one pathological page cannot stall
/// a worker. The library itself has no budget unless asked.
pub const CORPUS_TIME_BUDGET: Duration = Duration::from_secs(10);

/// Every switch a front end exposes, with the library's defaults. [`build`](Self::build)
/// turns them into a [`Pipeline`]; [`hints`](Self::hints) gives the per-page hints they imply
/// (a forced charset).
///
/// # Example
/// ```
/// let mut o = pagewash::PipelineOptions::default();
/// o.t2s = true;
/// o.title = false;
/// let p = o.build().unwrap();
/// let out = p.clean("漢字".as_bytes(), &o.hints());
/// assert_eq!(out.text(), "汉字\n");
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct PipelineOptions {
    /// NFKC normalization (default on, as the seeds show): full-width punctuation becomes
    /// ASCII (`，` → `,`).
    pub nfkc: bool,
    /// NFKC-CJK: NFKC except full-width punctuation, which stays (`，` stays `，`; default
    /// off; only with `nfkc`).
    pub nfkc_cjk: bool,
    /// Traditional → Simplified (default off).
    pub t2s: bool,
    /// Repeated lines kept once (default on): a line right after itself, and a line of more
    /// than 40 characters anywhere below itself ([`crate::normalize::NormalizeOptions::drop_repeated_lines`]).
    pub dedup: bool,
    /// Boilerplate rules (`strip`; default on). Off also turns `content` off, which needs
    /// the strippers' line facts.
    pub strip: bool,
    /// Main-content extraction (`content`; default on).
    pub content: bool,
    /// Keep the title line above the article (default on).
    pub title: bool,
    /// Repairs of upstream damage: pinyin annotations, byte-shifted GBK, mojibake
    /// (default on).
    pub repair: bool,
    /// The content stage's lean on borderline lines (default [`Favor::Balanced`]).
    pub favor: Favor,
    /// Also render Markdown ([`crate::Cleaned::markdown`]; default off).
    pub markdown: bool,
    /// Longer inputs are cut and flagged `truncated` (default 16 MiB).
    pub max_page_bytes: usize,
    /// A page taking longer is abandoned and flagged `timed_out` (default none).
    pub time_budget: Option<Duration>,
    /// Decode every page with this charset instead of detecting it (a WHATWG label such as
    /// `gbk`; default none).
    pub charset: Option<String>,
}

impl Default for PipelineOptions {
    fn default() -> Self {
        PipelineOptions {
            nfkc: true,
            nfkc_cjk: false,
            t2s: false,
            dedup: true,
            strip: true,
            content: true,
            title: false,
            repair: true,
            favor: Favor::Balanced,
            markdown: false,
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            time_budget: None,
            charset: None,
        }
    }
}

/// How an option's value is written, which decides its CLI flag and its Python type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum OptionKind {
    /// On or off. The CLI flag turns it on (`--t2s`) or, for an option on by default, off
    /// (`--no-repair`).
    Switch,
    /// `precision`, `balanced` or `recall`.
    Favor,
    /// A positive number of bytes (the CLI also takes units: `16MiB`).
    Size,
    /// A positive number of seconds, or none for no limit.
    Seconds,
    /// A charset label, or none to detect the charset.
    Label,
}

/// One option, declared once: the CLI's flags and the Python binding's keywords are made
/// from this table, and tests check the Python stubs and signatures against it.
#[derive(Clone, Copy, Debug)]
#[non_exhaustive]
pub struct OptionSpec {
    /// The name: the [`PipelineOptions`] field and the Python keyword.
    pub name: &'static str,
    /// How its value is written.
    pub kind: OptionKind,
    /// The front ends' default (see [`PipelineOptions::for_front_ends`]) as Python writes
    /// it: `True`, `"balanced"`, `16777216`, `10.0`, `None`.
    pub default: &'static str,
    /// The CLI's long flag, `""` when the CLI spells it elsewhere (`markdown` is
    /// `--format markdown`, `time_budget` is `--time-budget-ms` among the corpus options).
    pub flag: &'static str,
    /// The CLI's short flag, if any.
    pub short: Option<char>,
    /// The `--help` heading the flag is listed under.
    pub heading: &'static str,
    /// What the option does (the Python docs and the library's).
    pub doc: &'static str,
    /// The flag's `--help` text, when the flag says the opposite of the option (`--no-…`)
    /// or more than `doc`; `""` to use `doc`.
    pub flag_help: &'static str,
    /// A switch this option only means something with (`nfkc_cjk` is a kind of `nfkc`):
    /// the CLI refuses its flag beside the one that turns that switch off. `""` for none.
    pub needs: &'static str,
}

/// `--help` headings of the pipeline's flags.
const HEADING_INPUT: &str = "Input";
const HEADING_NORMALIZATION: &str = "Normalization";
const HEADING_EXTRACTION: &str = "Extraction";

/// Every option of [`PipelineOptions`], in the order the CLI help, the Python signatures and
/// the stubs list them.
pub const OPTIONS: &[OptionSpec] = &[
    OptionSpec {
        name: "nfkc",
        kind: OptionKind::Switch,
        default: "True",
        flag: "no-nfkc",
        short: None,
        heading: HEADING_NORMALIZATION,
        doc: "NFKC normalization: full-width punctuation and letters become ASCII (`，` becomes `,`).",
        flag_help: "Keep full-width forms and compatibility characters (no NFKC; by default NFKC \
                    turns `，` into `,` and `Ａ１` into `A1`).",
        needs: "",
    },
    OptionSpec {
        name: "nfkc_cjk",
        kind: OptionKind::Switch,
        default: "False",
        flag: "nfkc-cjk",
        short: None,
        heading: HEADING_NORMALIZATION,
        doc: "NFKC except full-width punctuation, which stays (`，：！？（）` kept; full-width \
              letters and digits still become ASCII).",
        flag_help: "",
        needs: "nfkc",
    },
    OptionSpec {
        name: "t2s",
        kind: OptionKind::Switch,
        default: "False",
        flag: "t2s",
        short: None,
        heading: HEADING_NORMALIZATION,
        doc: "Convert Traditional Chinese to Simplified (OpenCC's phrase and character tables).",
        flag_help: "",
        needs: "",
    },
    OptionSpec {
        name: "dedup",
        kind: OptionKind::Switch,
        default: "True",
        flag: "no-dedup",
        short: None,
        heading: HEADING_NORMALIZATION,
        doc: "Keep a repeated line once: a line right after itself, and a line of more than 40 \
              characters anywhere below itself (a caption shown twice, a notice under every tab).",
        flag_help: "Keep every repeated line (by default a line right after itself, and a line of \
                    more than 40 characters anywhere below itself, are kept once).",
        needs: "",
    },
    OptionSpec {
        name: "strip",
        kind: OptionKind::Switch,
        default: "True",
        flag: "no-strip",
        short: None,
        heading: HEADING_EXTRACTION,
        doc: "Boilerplate rules; off also turns main-content extraction off.",
        flag_help: "Keep boilerplate: run decoding, repairs and normalisation only (no text \
                    rules, no main-content extraction).",
        needs: "",
    },
    OptionSpec {
        name: "content",
        kind: OptionKind::Switch,
        default: "True",
        flag: "no-content",
        short: None,
        heading: HEADING_EXTRACTION,
        doc: "Main-content extraction (the article, the thread, the product...).",
        flag_help: "Keep the whole page: no main-content extraction (the text rules still run \
                    unless --no-strip).",
        needs: "",
    },
    OptionSpec {
        name: "title",
        kind: OptionKind::Switch,
        default: "False",
        flag: "title",
        short: None,
        heading: HEADING_EXTRACTION,
        doc: "Keep an HTML page's title heading as the text's first line (by default it is in \
              the metadata only, as main-text gold sets leave it out; a text page's heading \
              is one of its lines and stays either way).",
        flag_help: "Keep an HTML page's title heading as the text's first line (by default it \
                    is in the JSON `title` only).",
        needs: "",
    },
    OptionSpec {
        name: "repair",
        kind: OptionKind::Switch,
        default: "True",
        flag: "no-repair",
        short: None,
        heading: HEADING_NORMALIZATION,
        doc: "Repair damage done upstream: mojibake, pinyin annotations, byte-shifted GBK.",
        flag_help: "Do not repair damage (mojibake, pinyin annotations, byte-shifted GBK).",
        needs: "",
    },
    OptionSpec {
        name: "favor",
        kind: OptionKind::Favor,
        default: "\"balanced\"",
        flag: "favor",
        short: None,
        heading: HEADING_EXTRACTION,
        doc: "Lean of the content stage on borderline lines: `precision` drops more of them, \
              `recall` keeps more; `balanced` is the model as fitted.",
        flag_help: "",
        needs: "",
    },
    OptionSpec {
        name: "markdown",
        kind: OptionKind::Switch,
        default: "False",
        flag: "",
        short: None,
        heading: "",
        doc: "Also render Markdown: headings, lists, tables, code blocks, links.",
        flag_help: "",
        needs: "",
    },
    OptionSpec {
        name: "max_page_bytes",
        kind: OptionKind::Size,
        default: "16777216",
        flag: "max-page-bytes",
        short: None,
        heading: HEADING_INPUT,
        doc: "Pages larger than this many bytes are cut (and flagged `truncated`).",
        flag_help: "Pages larger than this are cut (and flagged): bytes, or with a unit \
                    (16MiB, 2MB, 512k; k/M/G and KiB/MiB/GiB are powers of 1024, kB/MB/GB of \
                    1000).",
        needs: "",
    },
    OptionSpec {
        name: "time_budget",
        kind: OptionKind::Seconds,
        default: "10.0",
        flag: "",
        short: None,
        heading: "",
        doc: "Give up on a page that takes longer than this many seconds (flagged \
              `timed_out`); none for no limit.",
        flag_help: "",
        needs: "",
    },
    OptionSpec {
        name: "charset",
        kind: OptionKind::Label,
        default: "None",
        flag: "charset",
        short: Some('c'),
        heading: HEADING_INPUT,
        doc: "Decode every page with this charset (a WHATWG label such as gbk) instead of \
              detecting it.",
        flag_help: "Decode input with this charset (a WHATWG label such as gbk, big5, utf-8) \
                    instead of arbitrating between the page's own signals. A byte-order mark \
                    still wins.",
        needs: "",
    },
];

/// What a [`OptionKind::Favor`] takes, as an error message says it.
const FAVORS: &str = "\"precision\", \"balanced\" or \"recall\"";

/// An option's value, as [`PipelineOptions::set`] takes it and [`PipelineOptions::get`]
/// gives it.
#[derive(Clone, Debug, PartialEq)]
#[non_exhaustive]
pub enum OptionValue {
    /// A [`OptionKind::Switch`].
    Bool(bool),
    /// A [`OptionKind::Favor`] name or a [`OptionKind::Label`].
    Text(String),
    /// A [`OptionKind::Size`].
    Bytes(u64),
    /// A [`OptionKind::Seconds`].
    Seconds(f64),
    /// No value: no limit, no forced charset.
    Unset,
}

impl OptionValue {
    /// The value as Python writes it (`True`, `"balanced"`, `10.0`, `None`).
    pub fn python_literal(&self) -> String {
        match self {
            OptionValue::Bool(true) => "True".into(),
            OptionValue::Bool(false) => "False".into(),
            OptionValue::Text(t) => format!("{t:?}"),
            OptionValue::Bytes(n) => n.to_string(),
            OptionValue::Seconds(s) if s.fract() == 0.0 => format!("{s:.1}"),
            OptionValue::Seconds(s) => s.to_string(),
            OptionValue::Unset => "None".into(),
        }
    }
}

impl PipelineOptions {
    /// The defaults of the front ends made for corpus runs (the CLI, the Python binding):
    /// the library's, with the [`CORPUS_TIME_BUDGET`]. [`OPTIONS`] lists these.
    pub fn for_front_ends() -> PipelineOptions {
        PipelineOptions {
            time_budget: Some(CORPUS_TIME_BUDGET),
            ..PipelineOptions::default()
        }
    }

    /// The declaration of option `name`.
    pub fn spec(name: &str) -> Option<&'static OptionSpec> {
        OPTIONS.iter().find(|o| o.name == name)
    }

    /// Sets option `name` (an [`OPTIONS`] name) to `value`.
    ///
    /// # Errors
    /// [`BuildError::UnknownOption`] for a name no option has, [`BuildError::BadOptionValue`]
    /// for a value of the wrong kind or out of range (a size of 0, negative seconds, an
    /// unknown favor).
    ///
    /// ```
    /// use pagewash::{OptionValue, PipelineOptions};
    /// let mut o = PipelineOptions::default();
    /// o.set("t2s", OptionValue::Bool(true)).unwrap();
    /// o.set("favor", OptionValue::Text("recall".into())).unwrap();
    /// assert!(o.t2s && o.favor == pagewash::Favor::Recall);
    /// assert!(o.set("favor", OptionValue::Text("max".into())).is_err());
    /// ```
    pub fn set(&mut self, name: &str, value: OptionValue) -> Result<(), BuildError> {
        let spec = Self::spec(name).ok_or_else(|| BuildError::UnknownOption {
            name: name.to_owned(),
            known: OPTIONS
                .iter()
                .map(|o| o.name)
                .collect::<Vec<_>>()
                .join(", "),
        })?;
        let bad = |expected: &'static str, got: &OptionValue| BuildError::BadOptionValue {
            name: spec.name,
            expected,
            got: got.python_literal(),
        };
        match (spec.kind, value) {
            (OptionKind::Switch, OptionValue::Bool(b)) => *self.switch(spec.name) = b,
            (OptionKind::Favor, OptionValue::Text(t)) => match Favor::from_name(&t) {
                Some(f) => self.favor = f,
                None => return Err(bad(FAVORS, &OptionValue::Text(t))),
            },
            (OptionKind::Size, OptionValue::Bytes(n)) if n > 0 => {
                self.max_page_bytes = usize::try_from(n).unwrap_or(usize::MAX);
            }
            (OptionKind::Seconds, OptionValue::Seconds(s)) if s.is_finite() && s > 0.0 => {
                self.time_budget = Some(Duration::from_secs_f64(s));
            }
            (OptionKind::Seconds, OptionValue::Unset) => self.time_budget = None,
            (OptionKind::Label, OptionValue::Text(t)) => self.charset = Some(t),
            (OptionKind::Label, OptionValue::Unset) => self.charset = None,
            (kind, v) => {
                let expected = match kind {
                    OptionKind::Switch => "a bool",
                    OptionKind::Favor => FAVORS,
                    OptionKind::Size => "a positive whole number of bytes",
                    OptionKind::Seconds => "a positive number of seconds or None",
                    OptionKind::Label => "a charset label (str) or None",
                };
                return Err(bad(expected, &v));
            }
        }
        Ok(())
    }

    /// The value of option `name`, `None` for a name no option has.
    pub fn get(&self, name: &str) -> Option<OptionValue> {
        let spec = Self::spec(name)?;
        Some(match spec.kind {
            OptionKind::Switch => OptionValue::Bool(*self.clone().switch(spec.name)),
            OptionKind::Favor => OptionValue::Text(self.favor.as_str().to_owned()),
            OptionKind::Size => OptionValue::Bytes(self.max_page_bytes as u64),
            OptionKind::Seconds => self.time_budget.map_or(OptionValue::Unset, |d| {
                OptionValue::Seconds(d.as_secs_f64())
            }),
            OptionKind::Label => self
                .charset
                .clone()
                .map_or(OptionValue::Unset, OptionValue::Text),
        })
    }

    /// The field of switch `name` (an [`OptionKind::Switch`] in [`OPTIONS`]).
    fn switch(&mut self, name: &str) -> &mut bool {
        match name {
            "nfkc" => &mut self.nfkc,
            "nfkc_cjk" => &mut self.nfkc_cjk,
            "t2s" => &mut self.t2s,
            "dedup" => &mut self.dedup,
            "strip" => &mut self.strip,
            "content" => &mut self.content,
            "title" => &mut self.title,
            "repair" => &mut self.repair,
            "markdown" => &mut self.markdown,
            _ => unreachable!("`{name}` is declared a switch in OPTIONS but has no field"),
        }
    }

    /// Builds the pipeline these options describe: each stage from its own view of them
    /// (the decoder, the content stage and the normalizer each see only their settings), the
    /// chain without the stages switched off.
    ///
    /// # Errors
    /// [`BuildError::UnknownCharset`] when `charset` is not a known label.
    pub fn build(&self) -> Result<Pipeline, BuildError> {
        if let Some(label) = &self.charset {
            if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
                return Err(BuildError::UnknownCharset(label.clone()));
            }
        }
        let mut b = PipelineBuilder::with_options(
            self.decode_options(),
            self.content_options(),
            self.normalize_options(),
        );
        b.markdown(self.markdown);
        b.time_budget(self.time_budget);
        for name in self.removed_stages() {
            b.remove_stage(name)?;
        }
        b.build()
    }

    /// What the decoder sees: the page-size limit, the mojibake repair (`repair`), and the
    /// HTML reader recording links when Markdown is asked for.
    pub(crate) fn decode_options(&self) -> DecodeOptions {
        let mut html = HtmlOptions::default();
        html.links(self.markdown);
        DecodeOptions {
            max_page_bytes: self.max_page_bytes,
            repair_mojibake: self.repair,
            html,
        }
    }

    /// What the content stage sees: `title` and `favor`.
    pub(crate) fn content_options(&self) -> ContentOptions {
        ContentOptions {
            keep_title: self.title,
            favor: self.favor,
        }
    }

    /// What the normalizer sees: `nfkc`, `nfkc_cjk`, `t2s` and `dedup`.
    pub(crate) fn normalize_options(&self) -> NormalizeOptions {
        let mut n = NormalizeOptions::default();
        n.nfkc(self.nfkc)
            .nfkc_cjk(self.nfkc_cjk)
            .t2s(self.t2s)
            .drop_repeated_lines(self.dedup);
        n
    }

    /// The built-in stages these options leave out of the chain: the strip and repair
    /// stages have no settings of their own, only whether they run. `content` goes with
    /// `strip`, since it needs the strippers' line facts.
    pub(crate) fn removed_stages(&self) -> Vec<&'static str> {
        let mut out = Vec::new();
        if !self.strip {
            out.push("strip");
        }
        if !self.strip || !self.content {
            out.push("content");
        }
        if !self.repair {
            out.extend(["repair.pinyin", "repair.byteshift"]);
        }
        out
    }

    /// The hints every page gets from these options (the forced charset), to which a
    /// record's own hints (URL, content type) are added.
    pub fn hints(&self) -> Hints {
        match &self.charset {
            Some(c) => Hints::new().with_charset(c.trim().to_owned()),
            None => Hints::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_declared_option_reads_its_declared_default() {
        let o = PipelineOptions::for_front_ends();
        for spec in OPTIONS {
            let v = o.get(spec.name).unwrap();
            assert_eq!(v.python_literal(), spec.default, "{}", spec.name);
            // And takes it back unchanged.
            let mut p = PipelineOptions::default();
            p.set(spec.name, v).unwrap();
            assert_eq!(p.get(spec.name), o.get(spec.name), "{}", spec.name);
        }
        assert_eq!(o.get("speed"), None);
    }

    #[test]
    fn an_option_needs_only_a_declared_switch() {
        for spec in OPTIONS.iter().filter(|o| !o.needs.is_empty()) {
            let needed = PipelineOptions::spec(spec.needs);
            assert!(
                needed.is_some_and(|n| n.kind == OptionKind::Switch),
                "{} needs {}",
                spec.name,
                spec.needs
            );
        }
    }

    #[test]
    fn set_refuses_unknown_names_and_bad_values() {
        let mut o = PipelineOptions::default();
        let e = o.set("speed", OptionValue::Bool(true)).unwrap_err();
        assert!(e.to_string().contains("unknown option `speed`"), "{e}");
        for (name, v, says) in [
            (
                "t2s",
                OptionValue::Text("yes".into()),
                "expected a bool, got \"yes\"",
            ),
            ("favor", OptionValue::Text("max".into()), "got \"max\""),
            (
                "max_page_bytes",
                OptionValue::Bytes(0),
                "positive whole number",
            ),
            ("time_budget", OptionValue::Seconds(-1.0), "got -1"),
            ("time_budget", OptionValue::Seconds(f64::NAN), "got NaN"),
            ("charset", OptionValue::Bool(true), "charset label"),
        ] {
            let e = o.set(name, v).unwrap_err().to_string();
            assert!(e.contains(name) && e.contains(says), "{e}");
        }
        assert_eq!(
            o,
            PipelineOptions::default(),
            "a refused value changes nothing"
        );
    }

    #[test]
    fn defaults_build_the_default_chain() {
        let p = PipelineOptions::default().build().unwrap();
        assert_eq!(p.stage_names(), Pipeline::default().stage_names());
    }

    #[test]
    fn switches_remove_their_stages() {
        let o = PipelineOptions {
            strip: false,
            repair: false,
            ..PipelineOptions::default()
        };
        assert_eq!(o.build().unwrap().stage_names(), ["normalize"]);
        let o = PipelineOptions {
            content: false,
            ..PipelineOptions::default()
        };
        assert!(!o.build().unwrap().stage_names().contains(&"content"));
    }

    #[test]
    fn unknown_charset_is_refused_by_name() {
        let o = PipelineOptions {
            charset: Some("klingon".into()),
            ..PipelineOptions::default()
        };
        let e = o.build().unwrap_err().to_string();
        assert!(e.contains("klingon"), "{e}");
    }

    #[test]
    fn forced_charset_becomes_a_hint() {
        let o = PipelineOptions {
            charset: Some(" gbk ".into()),
            ..PipelineOptions::default()
        };
        assert_eq!(o.hints().forced_charset(), Some("gbk"));
        let gbk = encoding_rs::GBK
            .encode("正文很长很长，有标点，这是文章的主体内容。")
            .0;
        let out = o.build().unwrap().clean(&gbk, &o.hints());
        // GBK is decoded as its superset GB18030.
        assert_eq!(out.encoding(), encoding_rs::GB18030);
        assert_eq!(out.encoding_source(), crate::EncodingSource::Forced);
        assert_eq!(out.text(), "正文很长很长,有标点,这是文章的主体内容。\n");
    }

    #[test]
    fn each_stage_sees_its_own_view() {
        let o = PipelineOptions {
            title: false,
            favor: Favor::Recall,
            repair: false,
            max_page_bytes: 1000,
            nfkc: false,
            ..PipelineOptions::default()
        };
        assert_eq!(
            o.content_options(),
            ContentOptions {
                keep_title: false,
                favor: Favor::Recall
            }
        );
        let d = o.decode_options();
        assert!(!d.repair_mojibake && d.max_page_bytes == 1000);
        assert_eq!(
            format!("{:?}", o.normalize_options()),
            format!("{:?}", NormalizeOptions::default().nfkc(false))
        );
        // The defaults' views are the stages' own defaults.
        let o = PipelineOptions::default();
        assert_eq!(o.content_options(), ContentOptions::default());
        assert_eq!(
            format!("{:?}", o.decode_options()),
            format!("{:?}", DecodeOptions::default())
        );
        assert!(o.removed_stages().is_empty());
    }
}
