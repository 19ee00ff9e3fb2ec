//! The summary of a corpus run: what was read, cleaned, skipped and why, what failed and how,
//! bytes in and out, and which rules removed the most lines. Counts add up: every record
//! read is cleaned, skipped or failed, so nothing is lost without a trace.
//!
//! ```
//! use pagewash::stats::RunStats;
//!
//! let mut stats = RunStats::default();
//! let page = pagewash::clean("正文第一段，内容很长很长，有标点。这里是文章的主体内容。\n版权所有 某某网".as_bytes());
//! stats.cleaned(100, &page);
//! stats.skipped("not text (image/png)");
//! stats.failed("bad gzip member");
//! assert_eq!(stats.records, 3);
//! assert_eq!(stats.records, stats.cleaned + stats.skipped_total() + stats.failed_total());
//! assert_eq!(stats.top_rules(10)[0].0, "footer.copyright");
//! ```

use std::collections::{BTreeMap, HashMap};

use crate::{Cleaned, EditKind};

/// Counters of a run. Reasons and error kinds are short fixed strings (`"not text"`,
/// `"http status"`, `"bad gzip member"`), so the maps stay small.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RunStats {
    /// Records (pages) read: cleaned + skipped + failed.
    pub records: u64,
    /// Records cleaned (an empty result included: see `empty`).
    pub cleaned: u64,
    /// Cleaned records that gave no text.
    pub empty: u64,
    /// Cleaned records whose text may differ from the page's for reasons other than
    /// boilerplate (undecodable bytes, truncation, damaged gzip).
    pub lossy: u64,
    /// Cleaned records where no article was found ([`crate::Flags::no_main_content`]).
    pub no_main_content: u64,
    /// Records skipped, by reason.
    pub skipped: BTreeMap<String, u64>,
    /// Records that failed, by error kind.
    pub failed: BTreeMap<String, u64>,
    /// Bytes of page input (uncompressed record bodies).
    pub bytes_in: u64,
    /// Bytes of clean text out.
    pub bytes_out: u64,
    /// Lines removed, by rule id.
    pub removed_by_rule: HashMap<String, u64>,
}

impl RunStats {
    /// Counts a cleaned record of `bytes_in` input bytes.
    pub fn cleaned(&mut self, bytes_in: usize, page: &Cleaned) {
        self.records += 1;
        self.cleaned += 1;
        self.bytes_in += bytes_in as u64;
        self.bytes_out += page.text().len() as u64;
        let flags = page.flags();
        self.empty += u64::from(flags.empty);
        self.lossy += u64::from(flags.is_lossy());
        self.no_main_content += u64::from(flags.no_main_content);
        for (kind, rule) in page.edit_kinds() {
            if kind == EditKind::Removed {
                *self
                    .removed_by_rule
                    .entry(rule.as_str().to_owned())
                    .or_default() += 1;
            }
        }
    }

    /// Counts a record skipped for `reason`.
    pub fn skipped(&mut self, reason: &str) {
        self.records += 1;
        *self.skipped.entry(reason.to_owned()).or_default() += 1;
    }

    /// Counts a record that failed with an error of `kind`.
    pub fn failed(&mut self, kind: &str) {
        self.records += 1;
        *self.failed.entry(kind.to_owned()).or_default() += 1;
    }

    /// Counts the records a reader passed over without yielding them (WARC `warcinfo`,
    /// `request`, `metadata`, `revisit` records…), each as skipped with its type as reason.
    pub fn reader_skipped(&mut self, skipped: &crate::records::Skipped) {
        for (reason, n) in [
            ("warc warcinfo", skipped.warcinfo),
            ("warc request", skipped.request),
            ("warc metadata", skipped.metadata),
            ("warc revisit", skipped.revisit),
            ("warc continuation", skipped.continuation),
            ("warc response not http", skipped.non_http_response),
            ("warc other type", skipped.other),
        ] {
            if n > 0 {
                self.records += n;
                *self.skipped.entry(reason.to_owned()).or_default() += n;
            }
        }
    }

    /// Records skipped, all reasons.
    pub fn skipped_total(&self) -> u64 {
        self.skipped.values().sum()
    }

    /// Records failed, all kinds.
    pub fn failed_total(&self) -> u64 {
        self.failed.values().sum()
    }

    /// The `n` rules that removed most lines, most first (ties by id).
    pub fn top_rules(&self, n: usize) -> Vec<(&str, u64)> {
        let mut v: Vec<(&str, u64)> = self
            .removed_by_rule
            .iter()
            .map(|(k, &c)| (k.as_str(), c))
            .collect();
        v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        v.truncate(n);
        v
    }

    /// Adds another run's counters (per-thread or per-file stats merged at the end).
    pub fn merge(&mut self, other: &RunStats) {
        self.records += other.records;
        self.cleaned += other.cleaned;
        self.empty += other.empty;
        self.lossy += other.lossy;
        self.no_main_content += other.no_main_content;
        for (k, v) in &other.skipped {
            *self.skipped.entry(k.clone()).or_default() += v;
        }
        for (k, v) in &other.failed {
            *self.failed.entry(k.clone()).or_default() += v;
        }
        self.bytes_in += other.bytes_in;
        self.bytes_out += other.bytes_out;
        for (k, v) in &other.removed_by_rule {
            *self.removed_by_rule.entry(k.clone()).or_default() += v;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up_and_merge() {
        let mut a = RunStats::default();
        a.cleaned(10, &crate::clean(b"some text"));
        a.skipped("not text");
        let mut b = RunStats::default();
        b.failed("bad record");
        b.skipped("not text");
        a.merge(&b);
        assert_eq!(a.records, 4);
        assert_eq!(a.records, a.cleaned + a.skipped_total() + a.failed_total());
        assert_eq!(a.skipped["not text"], 2);
        assert_eq!(a.bytes_in, 10);
    }

    #[test]
    fn top_rules_are_ordered_by_count_then_id() {
        let mut s = RunStats::default();
        for (rule, n) in [("b", 2), ("a", 2), ("c", 5)] {
            s.removed_by_rule.insert(rule.to_owned(), n);
        }
        assert_eq!(s.top_rules(2), [("c", 5), ("a", 2)]);
    }
}
