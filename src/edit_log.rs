//! The edits of a page, kept compact until someone reads them as [`Edit`]s.
//!
//! A page of millions of lines can lose millions of them (repeated lines, table cells), and
//! an [`Edit`] with its own copy of the line's text costs over a hundred bytes. The log
//! holds removals as runs (consecutive lines removed one after the other for the same
//! reason: one entry) and their reasons once each; the removed text stays where it is (the
//! document's buffer, or one string once the page is cleaned). Repairs, rare and carrying
//! two texts, are kept as whole edits.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::report::{Edit, EditKind, RuleId};

/// Marks a [`Run`] that is one repair (its `what` is an index into [`EditLog::repairs`]).
const REPAIR: u32 = 1 << 31;

/// Lines `first..first + count` (indices in the document), removed in that order for reason
/// `what`; or, with [`REPAIR`] set in `what`, one repair.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Run {
    first: u32,
    count: u32,
    what: u32,
}

/// Every removal and repair, in the order made (see the module documentation).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct EditLog {
    runs: Vec<Run>,
    reasons: Vec<(RuleId, Cow<'static, str>)>,
    /// Where each of `reasons` is (a stage may give each line its own wording, from a
    /// few: "scored 0.12").
    reason_index: HashMap<(RuleId, Cow<'static, str>), u32>,
    repairs: Vec<Edit>,
    len: usize,
}

/// One entry of the log as [`EditLog::entries`] gives it.
pub(crate) enum Entry<'a> {
    /// Lines `first..first + count` removed, in that order, by `rule`.
    Removed {
        first: usize,
        count: usize,
        rule: &'a RuleId,
        reason: &'a Cow<'static, str>,
    },
    /// One repair.
    Repaired(&'a Edit),
}

impl EditLog {
    /// Number of edits.
    pub(crate) fn len(&self) -> usize {
        self.len
    }

    /// Records the removal of line `line` (an index).
    pub(crate) fn removed(&mut self, line: usize, rule: RuleId, reason: Cow<'static, str>) {
        let line = u32::try_from(line).expect("a page has fewer than 2^32 lines");
        let last = self.runs.last().filter(|r| r.what & REPAIR == 0);
        let what = match last {
            // Most often the same rule as the removal before.
            Some(r)
                if self.reasons[r.what as usize].0 == rule
                    && self.reasons[r.what as usize].1 == reason =>
            {
                r.what
            }
            _ => {
                let next = self.reasons.len() as u32;
                let key = (rule, reason);
                match self.reason_index.get(&key) {
                    Some(&k) => k,
                    None => {
                        self.reasons.push(key.clone());
                        self.reason_index.insert(key, next);
                        next
                    }
                }
            }
        };
        self.len += 1;
        if let Some(last) = self.runs.last_mut() {
            if last.what == what && last.first.checked_add(last.count) == Some(line) {
                last.count += 1;
                return;
            }
        }
        self.runs.push(Run {
            first: line,
            count: 1,
            what,
        });
    }

    /// Records a repair of line `line` (an index).
    pub(crate) fn repaired(&mut self, line: usize, edit: Edit) {
        let line = u32::try_from(line).expect("a page has fewer than 2^32 lines");
        self.repairs.push(edit);
        self.len += 1;
        self.runs.push(Run {
            first: line,
            count: 1,
            what: REPAIR | (self.repairs.len() - 1) as u32,
        });
    }

    /// The repairs, in order.
    pub(crate) fn repairs(&self) -> &[Edit] {
        &self.repairs
    }

    /// The runs of removals and the repairs, in order.
    pub(crate) fn entries(&self) -> impl Iterator<Item = Entry<'_>> + '_ {
        self.runs.iter().map(|run| {
            if run.what & REPAIR != 0 {
                Entry::Repaired(&self.repairs[(run.what & !REPAIR) as usize])
            } else {
                let (rule, reason) = &self.reasons[run.what as usize];
                Entry::Removed {
                    first: run.first as usize,
                    count: run.count as usize,
                    rule,
                    reason,
                }
            }
        })
    }

    /// Each edit's kind, rule and line number (1-based, as [`Edit::line`]), in order,
    /// without building the edits.
    pub(crate) fn kinds(&self) -> impl Iterator<Item = (EditKind, &RuleId, u32)> + '_ {
        self.entries().flat_map(|e| {
            let (kind, rule, first, count) = match e {
                Entry::Removed {
                    first, count, rule, ..
                } => (EditKind::Removed, rule, first as u64 + 1, count as u64),
                Entry::Repaired(edit) => (EditKind::Repaired, &edit.rule, u64::from(edit.line), 1),
            };
            (first..first + count).map(move |l| (kind, rule, u32::try_from(l).unwrap_or(u32::MAX)))
        })
    }

    /// Whether an edit from the `from`-th on is a removal.
    pub(crate) fn removed_since(&self, from: usize) -> bool {
        let mut at = self.len;
        for run in self.runs.iter().rev() {
            if at <= from {
                return false;
            }
            if run.what & REPAIR == 0 {
                return true;
            }
            at -= run.count as usize;
        }
        false
    }

    /// The edits as [`Edit`]s, from the `from`-th on, handed to `f` one by one: `text(i, k)`
    /// is the text line `i` had when it was removed (the `k`-th removal), `source_line(i, k)`
    /// its source line.
    pub(crate) fn for_each<'t>(
        &self,
        from: usize,
        text: impl Fn(usize, usize) -> &'t str,
        source_line: impl Fn(usize, usize) -> Option<u32>,
        mut f: impl FnMut(Edit),
    ) {
        let (mut at, mut removal) = (0usize, 0usize);
        for e in self.entries() {
            match e {
                Entry::Repaired(edit) => {
                    if at >= from {
                        f(edit.clone());
                    }
                    at += 1;
                }
                Entry::Removed {
                    first,
                    count,
                    rule,
                    reason,
                } => {
                    let skip = from.saturating_sub(at).min(count);
                    for i in first + skip..first + count {
                        let k = removal + (i - first);
                        f(Edit {
                            kind: EditKind::Removed,
                            rule: rule.clone(),
                            reason: reason.clone(),
                            line: u32::try_from(i + 1).unwrap_or(u32::MAX),
                            source_line: source_line(i, k),
                            before: text(i, k).to_owned(),
                            after: None,
                        });
                    }
                    at += count;
                    removal += count;
                }
            }
        }
    }
}

/// A page's edits once the page is cleaned: the log, with the removed lines' text moved
/// out of the document (one string), built into [`Edit`]s only when asked.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct DetachedEdits {
    pub(crate) log: EditLog,
    /// The removed lines' text, one after the other, in the order of the removals.
    text: String,
    /// Where each removal's text ends in `text`.
    ends: Vec<u32>,
    /// For HTML input: each removal's source line (0: unknown); empty for text input.
    source_lines: Vec<u32>,
}

impl DetachedEdits {
    /// The log with each removal's text and source line as `text(i)` and `source_line(i)`
    /// give them for line `i`.
    pub(crate) fn new<'t>(
        log: EditLog,
        text: impl Fn(usize) -> &'t str,
        source_line: impl Fn(usize) -> Option<u32>,
    ) -> DetachedEdits {
        let removals = log.len() - log.repairs().len();
        let mut out = DetachedEdits {
            text: String::new(),
            ends: Vec::with_capacity(removals),
            source_lines: Vec::new(),
            log: EditLog::default(),
        };
        let mut total = 0usize;
        let mut any_source = false;
        for e in log.entries() {
            if let Entry::Removed { first, count, .. } = e {
                for i in first..first + count {
                    total += text(i).len();
                    any_source |= source_line(i).is_some();
                }
            }
        }
        out.text.reserve_exact(total.min(u32::MAX as usize));
        if any_source {
            out.source_lines.reserve_exact(removals);
        }
        for e in log.entries() {
            if let Entry::Removed { first, count, .. } = e {
                for i in first..first + count {
                    let t = text(i);
                    if out.text.len() + t.len() <= u32::MAX as usize {
                        out.text.push_str(t);
                    }
                    out.ends.push(out.text.len() as u32);
                    if any_source {
                        out.source_lines.push(source_line(i).unwrap_or(0));
                    }
                }
            }
        }
        out.log = log;
        out
    }

    /// Every edit, built.
    pub(crate) fn edits(&self) -> Vec<Edit> {
        let mut out = Vec::with_capacity(self.log.len());
        self.for_each(|e| out.push(e));
        out
    }

    /// Every edit, built one at a time and handed to `f`: a page of millions of removals
    /// is reported without holding them all.
    pub(crate) fn for_each(&self, f: impl FnMut(Edit)) {
        self.log.for_each(
            0,
            |_, k| {
                let start = if k == 0 { 0 } else { self.ends[k - 1] as usize };
                &self.text[start..self.ends[k] as usize]
            },
            |_, k| self.source_lines.get(k).and_then(|&l| (l > 0).then_some(l)),
            f,
        );
    }
}
