//! Boilerplate strippers: remove what is not the document.
//!
//! [`Stripper`] runs the word rules (declared as data in [`rules`]) and then the structural
//! rules ([`StructuralRule`]). Every removal names its rule id and reason.
//!
//! How a line is judged:
//! 1. facts: length, blank, prose (long and punctuated), sentence (has `。`);
//! 2. matching: the folded line against one automaton of all triggers, then each triggered
//!    rule's shape and length guard;
//! 3. zones: the body runs from the first to the last prose line no rule claims;
//!    the head is before it, the tail after it;
//! 4. a triggered rule removes the line when its place allows the line's zone;
//! 5. structural rules extend removals to neighbours (toolbar runs, header above the
//!    breadcrumb, the footer block, lines sandwiched between boilerplate).

mod engine;
mod fold;
pub(crate) mod layout;
mod rule;
pub mod rules;
pub(crate) mod structure;
#[cfg(test)]
pub(crate) mod testing;

use std::borrow::Cow;
use std::fmt;

pub use rule::{Family, Field, Follow, Label, Place, Rule, Shape};
pub use structure::StructuralRule;

use crate::doc::Doc;
use crate::error::BuildError;
use crate::report::RuleId;
use crate::stage::Stage;
use crate::text::line_facts::LineFacts;
use engine::{Matcher, Scratch};

/// The boilerplate stripper stage.
pub struct Stripper {
    matcher: Matcher,
}

impl fmt::Debug for Stripper {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Stripper")
            .field("rules", &self.matcher.rules().len())
            .finish()
    }
}

impl Stripper {
    /// A stripper with every built-in rule.
    ///
    /// # Errors
    /// Never for the built-in rules (a test guards this); the `Result` keeps the signature
    /// shared with [`Stripper::with_rules`].
    pub fn new() -> Result<Stripper, BuildError> {
        Stripper::with_rules(rules::BUILTIN.iter().copied())
    }

    /// A stripper with exactly these rules (add your own to [`rules::BUILTIN`] or replace
    /// them). The structural rules always run, on top of what these rules find.
    ///
    /// # Errors
    /// [`BuildError`] when a rule id repeats, a rule has no trigger or label, or a regex does not
    /// compile.
    pub fn with_rules(
        rules: impl IntoIterator<Item = &'static Rule>,
    ) -> Result<Stripper, BuildError> {
        Ok(Stripper {
            matcher: Matcher::new(rules.into_iter().collect())?,
        })
    }

    /// The word rules this stripper runs, in priority order.
    pub fn rules(&self) -> &[&'static Rule] {
        self.matcher.rules()
    }
}

impl Stage for Stripper {
    fn name(&self) -> &str {
        "strip"
    }

    fn run(&self, doc: &mut Doc) {
        let n = doc.len();
        let rules = self.matcher.rules();
        let mut scratch = Scratch::default();
        let mut hits = Vec::new();
        // Per line only what the structural rules read (four bytes); the rules each line
        // matched are kept for the lines some rule matched. Lines are judged as the
        // normalizer will leave them (see `nfkc_view`), removed ones as blank.
        let view = |i: usize| {
            if doc.is_removed(i) {
                Cow::Borrowed("")
            } else {
                doc.nfkc_view(i)
            }
        };
        let mut facts = Vec::with_capacity(n);
        // (line, end of its rules in `matched`)
        let mut matched_at: Vec<(u32, u32)> = Vec::new();
        let mut matched: Vec<u16> = Vec::new();
        // The first and last body anchor: a prose line no rule recognises (a disclaimer, a
        // long copyright line does not mark the body).
        let mut anchors: Option<(usize, usize)> = None;
        for i in 0..n {
            let v = view(i);
            let f = LineFacts::of(&v);
            facts.push(structure::pack_facts(&f));
            if f.blank {
                continue;
            }
            if doc.over_budget_after(v.len()) {
                return; // the page is dropped: see `Doc::over_budget`
            }
            self.matcher.matching_rules(&v, &f, &mut scratch, &mut hits);
            if f.prose && hits.is_empty() {
                anchors = Some((anchors.map_or(i, |(first, _)| first), i));
            }
            if !hits.is_empty() {
                matched.extend_from_slice(&hits);
                let (line, end) = (u32::try_from(i), u32::try_from(matched.len()));
                if let (Ok(line), Ok(end)) = (line, end) {
                    matched_at.push((line, end));
                }
            }
        }
        let zones = layout::Zones { anchors };
        // Signatures are only ever asked about in the tail (they protect a notice's closing
        // lines from the tail's structural rules).
        let signatures: Vec<bool> = (zones.tail_start(n)..n)
            .map(|i| structure::is_signature_or_date(&view(i)))
            .collect();
        let mut removed_by: Vec<(u32, &'static Rule)> = Vec::new();
        let mut share_words: Vec<u32> = Vec::new();
        let mut start = 0;
        for &(line, end) in &matched_at {
            let i = line as usize;
            let mine = &matched[start..end as usize];
            start = end as usize;
            if mine
                .iter()
                .any(|&r| rules[r as usize].family == Family::Share)
            {
                share_words.push(line);
            }
            if let Some(&r) = mine
                .iter()
                .find(|&&r| rules[r as usize].fires_in(zones.at(i)))
            {
                let rule = rules[r as usize];
                removed_by.push((line, rule));
                doc.remove(i, RuleId::new(rule.id), rule.reason);
            }
        }
        drop(matched);
        drop(matched_at);
        structure::apply(
            doc,
            &structure::Decisions {
                facts,
                zones,
                removed_by,
                signatures,
                share_words,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_rules_compile_and_ids_are_unique_and_dotted() {
        let s = Stripper::new().unwrap();
        for r in s.rules() {
            let (family, name) = r.id.split_once('.').expect("dotted id");
            assert!(!family.is_empty() && !name.is_empty(), "{}", r.id);
            assert!(!r.reason.is_empty());
        }
    }

    #[test]
    fn a_bad_regex_is_a_build_error() {
        static BAD: Rule = Rule {
            id: "x.bad",
            family: Family::Debris,
            reason: "test",
            triggers: &["x"],
            labels: &[],
            states: None,
            shape: Shape::Regex("("),
            place: Place::Anywhere,
            max_chars: 10,
            allow_sentence: false,
        };
        let err = Stripper::with_rules([&BAD]).unwrap_err();
        assert!(err.to_string().contains("x.bad"), "{err}");
    }

    #[test]
    fn a_duplicate_id_is_a_build_error() {
        let r = rules::BUILTIN[0];
        let err = Stripper::with_rules([r, r]).unwrap_err();
        assert!(matches!(err, BuildError::DuplicateRule(_)));
    }

    #[test]
    fn removed_lines_are_not_rematched() {
        let mut doc = Doc::from_text("标题\n字号:");
        doc.remove(1, RuleId::new("user.x"), "user");
        Stripper::new().unwrap().run(&mut doc);
        assert_eq!(doc.edits().len(), 1);
    }
}
