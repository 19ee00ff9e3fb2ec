//! [`PipelineOptions`]: the pipeline's switches as plain data, for front ends that take
//! options by name (the CLI's flags, the Python binding's keyword arguments) and must build
//! the same pipeline from the same settings.

use std::time::Duration;

use crate::{BuildError, Favor, Hints, Pipeline, DEFAULT_MAX_PAGE_BYTES};

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
            strip: true,
            content: true,
            title: true,
            repair: true,
            favor: Favor::Balanced,
            markdown: false,
            max_page_bytes: DEFAULT_MAX_PAGE_BYTES,
            time_budget: None,
            charset: None,
        }
    }
}

impl PipelineOptions {
    /// Builds the pipeline these options describe.
    ///
    /// # Errors
    /// [`BuildError::UnknownCharset`] when `charset` is not a known label.
    pub fn build(&self) -> Result<Pipeline, BuildError> {
        if let Some(label) = &self.charset {
            if encoding_rs::Encoding::for_label(label.trim().as_bytes()).is_none() {
                return Err(BuildError::UnknownCharset(label.clone()));
            }
        }
        let mut b = Pipeline::builder();
        b.max_page_bytes(self.max_page_bytes);
        b.normalize_options()
            .nfkc(self.nfkc)
            .nfkc_cjk(self.nfkc_cjk)
            .t2s(self.t2s);
        b.favor(self.favor);
        b.markdown(self.markdown);
        if !self.strip {
            b.remove_stage("strip")?;
        }
        if !self.strip || !self.content {
            b.remove_stage("content")?;
        }
        b.keep_title(self.title);
        b.time_budget(self.time_budget);
        if !self.repair {
            b.repair_mojibake(false);
            b.remove_stage("repair.pinyin")?;
            b.remove_stage("repair.byteshift")?;
        }
        b.build()
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
}
