//! What the pipeline did to a page: every removal and repair, with the rule that did it.
//!
//! Edits are data a user can print (`pagewash clean --explain`), count per rule, or receive
//! one by one through an [`Observer`].

use std::borrow::Cow;
use std::fmt;

/// Stable dotted identifier of a rule or stage (`icp.beian`, `repair.pinyin`).
///
/// Released ids never change: users filter and count on them.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleId(Cow<'static, str>);

impl RuleId {
    /// An id from a static string (the built-in rules).
    pub const fn new(id: &'static str) -> Self {
        RuleId(Cow::Borrowed(id))
    }

    /// An id built at run time (user stages).
    pub fn owned(id: String) -> Self {
        RuleId(Cow::Owned(id))
    }

    /// The id, when it is a built-in one (from a static string).
    pub(crate) fn as_static(&self) -> Option<&'static str> {
        match self.0 {
            Cow::Borrowed(id) => Some(id),
            Cow::Owned(_) => None,
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// What an edit did to its line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum EditKind {
    /// The line was dropped from the output.
    Removed,
    /// The line's text was rewritten (damage repaired).
    Repaired,
}

/// One change to one line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    /// Removal or repair.
    pub kind: EditKind,
    /// The rule or stage responsible.
    pub rule: RuleId,
    /// One sentence a user can read: why this happened.
    pub reason: Cow<'static, str>,
    /// The 1-based number of the input line this line came from (for HTML input, the
    /// block's number in the page's visible text).
    pub line: u32,
    /// For HTML input, the 1-based line of the page's source where the block's text starts
    /// (what `--explain` prints); `None` for text input.
    pub source_line: Option<u32>,
    /// The line's text before the edit.
    pub before: String,
    /// The new text of a repaired line; `None` for a removal.
    pub after: Option<String>,
}

impl fmt::Display for Edit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            EditKind::Removed => write!(
                f,
                "line {}: removed by {} ({}): {}",
                self.line, self.rule, self.reason, self.before
            ),
            EditKind::Repaired => write!(
                f,
                "line {}: repaired by {} ({}): {} => {}",
                self.line,
                self.rule,
                self.reason,
                self.before,
                self.after.as_deref().unwrap_or("")
            ),
        }
    }
}

/// Receives each edit as the pipeline makes it (for logging or live counting).
pub trait Observer {
    /// Called once per edit, in the order the edits were made.
    fn on_edit(&mut self, edit: &Edit);
}

impl<F: FnMut(&Edit)> Observer for F {
    fn on_edit(&mut self, edit: &Edit) {
        self(edit)
    }
}

/// What one kind of repair did on a page: lines rewritten, characters rewritten, characters
/// lost for good (U+FFFD where a byte was missing), so a corpus builder can drop pages whose
/// damage is beyond repair.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct RepairCount {
    /// Lines the repair rewrote.
    pub lines: usize,
    /// Characters of the repaired text that differ from the damaged text (the span between
    /// the common start and end of each line).
    pub chars: usize,
    /// Characters that could not be rebuilt: U+FFFD characters the repair wrote.
    pub lost: usize,
}

impl RepairCount {
    /// Counts one repair edit (`before` → `after`).
    fn add(&mut self, before: &str, after: &str) {
        let (b, a): (Vec<char>, Vec<char>) = (before.chars().collect(), after.chars().collect());
        let head = b.iter().zip(&a).take_while(|(x, y)| x == y).count();
        let tail = b[head..]
            .iter()
            .rev()
            .zip(a[head..].iter().rev())
            .take_while(|(x, y)| x == y)
            .count();
        let changed = &a[head..a.len() - tail];
        let fffd = |s: &[char]| s.iter().filter(|&&c| c == '\u{FFFD}').count();
        self.lines += 1;
        self.chars += changed.len();
        self.lost += fffd(changed).saturating_sub(fffd(&b[head..b.len() - tail]));
    }
}

/// Repairs by kind: the rule id without its `repair.` prefix (`mojibake`,
/// `mojibake.cjk-as-latin1`, `byteshift`, `pinyin`), for the repair edits of a page.
pub fn repairs_by_kind(edits: &[Edit]) -> std::collections::BTreeMap<&str, RepairCount> {
    let mut out = std::collections::BTreeMap::new();
    for e in edits {
        let (EditKind::Repaired, Some(after)) = (e.kind, e.after.as_deref()) else {
            continue;
        };
        let kind = e.rule.as_str();
        let kind = kind.strip_prefix("repair.").unwrap_or(kind);
        out.entry(kind)
            .or_insert_with(RepairCount::default)
            .add(&e.before, after);
    }
    out
}
