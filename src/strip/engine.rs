//! The compiled matcher: every rule's triggers in one Aho-Corasick automaton, so the cost of
//! a line does not grow with the number of rules (STYLE.md §3). A rule's confirming regex
//! runs only on lines where one of its triggers was found, so it runs alone: asking one
//! regex whether it matches stops at the first match, where a `RegexSet` of all of them
//! would have to run every pattern to the end of the line.

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use regex::Regex;

use super::fold::fold_into;
use super::rule::{Rule, Shape};
use crate::error::BuildError;
use crate::text::line_facts::LineFacts;

/// Lines longer than this (in characters) are not folded: only rules that allow such long
/// lines (CMS debris, whose triggers are ASCII) can match them, and they match the raw text.
/// Folding every long body paragraph would double the cost of the stripper for nothing.
const FOLD_LIMIT: usize = 400;

/// Separators that make a trigger word a label: `来源：`, `来源 |`, `【字号】`.
fn is_label_separator(c: char) -> bool {
    matches!(c, ':' | '|' | '丨' | '】' | ']' | '>' | '》' | '/')
}

/// Rules compiled for matching.
#[derive(Debug)]
pub(crate) struct Matcher {
    rules: Vec<&'static Rule>,
    automaton: AhoCorasick,
    /// For each automaton pattern, the rules that declared it.
    pattern_rules: Vec<Vec<u16>>,
    /// For each automaton pattern, the longest line any of its rules accepts.
    pattern_max_chars: Vec<usize>,
    /// The longest line any rule accepts: longer lines cannot match and are not searched.
    max_chars: usize,
    /// Smaller automata for longer lines, by increasing [`Tier::above`]: a line longer
    /// than most rules accept is searched only for the triggers of the rules that accept it.
    tiers: Vec<Tier>,
    /// For each rule, its confirming regex (`Shape::Regex`).
    regex_of_rule: Vec<Option<Regex>>,
    date: Regex,
}

/// Line lengths (characters) from which a smaller automaton is used (see [`Tier`]).
/// The built-in rules' triggers: 550, of which 170 belong to rules accepting more than 80
/// characters, 68 more than 200, 20 more than 400. Long lines are most of a page's text,
/// and the full automaton is large enough to be read partly from memory.
const TIER_LENGTHS: [usize; 3] = [80, 200, 400];

/// The triggers of the rules that accept lines longer than `above` characters, in their
/// own automaton: on such a line every other trigger's hit would be dropped by its length
/// guard, so the hits kept are the same.
#[derive(Debug)]
struct Tier {
    above: usize,
    automaton: AhoCorasick,
    /// The full automaton's pattern index of each of this automaton's patterns.
    patterns: Vec<u32>,
}

/// Reusable per-line scratch space, so matching allocates nothing per line.
#[derive(Default)]
pub(crate) struct Scratch {
    folded: String,
    hits: Vec<Hit>,
}

#[derive(Clone, Copy, Debug)]
struct Hit {
    rule: u16,
    pattern: u32,
    start: usize,
    end: usize,
}

impl Matcher {
    pub(crate) fn new(rules: Vec<&'static Rule>) -> Result<Matcher, BuildError> {
        let mut seen = std::collections::HashSet::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut pattern_index: std::collections::HashMap<String, usize> = Default::default();
        let mut pattern_rules: Vec<Vec<u16>> = Vec::new();
        let mut regex_of_rule = Vec::with_capacity(rules.len());
        if rules.len() > u16::MAX as usize {
            return Err(BuildError::BadRule {
                rule: String::new(),
                problem: "more than 65535 rules",
            });
        }
        for (ri, rule) in rules.iter().enumerate() {
            if rule.id.is_empty() {
                return Err(BuildError::BadRule {
                    rule: rule.id.into(),
                    problem: "empty id",
                });
            }
            if !seen.insert(rule.id) {
                return Err(BuildError::DuplicateRule(rule.id.into()));
            }
            if rule.words().next().is_none() {
                return Err(BuildError::BadRule {
                    rule: rule.id.into(),
                    problem: "no trigger words or labels",
                });
            }
            for t in rule.words() {
                if t.is_empty() || t.chars().any(|c| c.is_whitespace() && c != ' ') {
                    return Err(BuildError::BadRule {
                        rule: rule.id.into(),
                        problem: "empty trigger or trigger with white space",
                    });
                }
                // Triggers are matched against folded text: fold them the same way.
                let mut folded = String::new();
                fold_into(t, &mut folded);
                match pattern_index.get(&folded) {
                    Some(&pi) => pattern_rules[pi].push(ri as u16),
                    None => {
                        pattern_index.insert(folded.clone(), patterns.len());
                        patterns.push(folded);
                        pattern_rules.push(vec![ri as u16]);
                    }
                }
            }
            if let Shape::Regex(src) = rule.shape {
                let re = Regex::new(src).map_err(|e| BuildError::BadRegex {
                    rule: rule.id.into(),
                    pattern: src.into(),
                    source: e,
                })?;
                regex_of_rule.push(Some(re));
            } else {
                regex_of_rule.push(None);
            }
        }
        // A DFA, the fastest kind for the overlapping search every line needs (~2x a
        // contiguous NFA on the dev pages' lines). It is not small: the built-in rules' 544
        // folded triggers, mostly Chinese UTF-8, make 1.8 MB of transitions (the NFA: 150 KB),
        // so between pages the HTML parser evicts it and the search runs partly from memory.
        let build = |patterns: &[&String]| {
            AhoCorasick::builder()
                .match_kind(MatchKind::Standard)
                .kind(Some(AhoCorasickKind::DFA))
                .build(patterns)
        };
        let automaton = build(&patterns.iter().collect::<Vec<_>>())?;
        let pattern_max_chars: Vec<usize> = pattern_rules
            .iter()
            .map(|rs| {
                rs.iter()
                    .map(|&r| rules[r as usize].max_chars)
                    .max()
                    .unwrap_or(0)
            })
            .collect();
        let mut tiers = Vec::new();
        for above in TIER_LENGTHS {
            let kept: Vec<u32> = (0..patterns.len())
                .filter(|&p| pattern_max_chars[p] > above)
                .map(|p| p as u32)
                .collect();
            if kept.is_empty() {
                break;
            }
            let subset: Vec<&String> = kept.iter().map(|&p| &patterns[p as usize]).collect();
            tiers.push(Tier {
                above,
                automaton: build(&subset)?,
                patterns: kept,
            });
        }
        Ok(Matcher {
            tiers,
            max_chars: pattern_max_chars.iter().copied().max().unwrap_or(0),
            pattern_max_chars,
            rules,
            automaton,
            pattern_rules,
            regex_of_rule,
            date: Regex::new(r"\d{4}[-/年.]\d{1,2}|\d{1,2}月\d{1,2}日").expect("static regex"),
        })
    }

    pub(crate) fn rules(&self) -> &[&'static Rule] {
        &self.rules
    }

    /// Indices of the rules whose trigger, shape and guards all hold on `line`, in rule
    /// order. The place (zone) is checked by the caller.
    pub(crate) fn matching_rules(
        &self,
        line: &str,
        facts: &LineFacts,
        scratch: &mut Scratch,
        out: &mut Vec<u16>,
    ) {
        out.clear();
        // Every hit on a longer line would be dropped by its pattern's length guard below.
        if facts.blank || facts.chars > self.max_chars {
            return;
        }
        let text: &str = if facts.chars <= FOLD_LIMIT {
            fold_into(line, &mut scratch.folded);
            &scratch.folded
        } else {
            line
        };
        scratch.hits.clear();
        let tier = self.tiers.iter().rev().find(|t| facts.chars > t.above);
        let automaton = tier.map_or(&self.automaton, |t| &t.automaton);
        for m in automaton.find_overlapping_iter(text) {
            let pattern = match tier {
                Some(t) => t.patterns[m.pattern().as_usize()] as usize,
                None => m.pattern().as_usize(),
            };
            // Frequent short triggers (digits for date lines) would flood long lines with
            // hits for rules that cannot fire on them.
            if facts.chars > self.pattern_max_chars[pattern] {
                continue;
            }
            for &rule in &self.pattern_rules[pattern] {
                scratch.hits.push(Hit {
                    rule,
                    pattern: pattern as u32,
                    start: m.start(),
                    end: m.end(),
                });
            }
        }
        if scratch.hits.is_empty() {
            return;
        }
        scratch.hits.sort_by_key(|h| (h.rule, h.start));

        let lead = text
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric())
            .map_or(text.len(), |(i, _)| i);
        let is_label = |h: &Hit| text[h.end..].chars().next().is_some_and(is_label_separator);
        let label_count = scratch
            .hits
            .iter()
            .filter(|h| matches!(self.rules[h.rule as usize].shape, Shape::Label) && is_label(h))
            .count();

        let mut i = 0;
        while i < scratch.hits.len() {
            let rule_ix = scratch.hits[i].rule;
            let mut j = i;
            while j < scratch.hits.len() && scratch.hits[j].rule == rule_ix {
                j += 1;
            }
            let hits = &scratch.hits[i..j];
            i = j;
            let rule = self.rules[rule_ix as usize];
            if facts.chars > rule.max_chars || (facts.sentence && !rule.allow_sentence) {
                continue;
            }
            let ok = match rule.shape {
                Shape::Word => true,
                Shape::Leading => hits.iter().any(|h| h.start == lead),
                Shape::Label => hits.iter().any(|h| {
                    is_label(h) && (h.start == lead || label_count >= 2 || self.date.is_match(text))
                }),
                Shape::Mostly(percent) => coverage_percent(text, hits) >= percent as usize,
                Shape::Several(n) => {
                    let mut pats: Vec<u32> = hits.iter().map(|h| h.pattern).collect();
                    pats.sort_unstable();
                    pats.dedup();
                    // Overlapping triggers (`转载` inside `如需转载`) count once.
                    distinct_non_nested(hits, &pats) >= n as usize
                }
                Shape::Regex(_) => self.regex_of_rule[rule_ix as usize]
                    .as_ref()
                    .is_some_and(|re| re.is_match(text)),
            };
            if ok {
                out.push(rule_ix);
            }
        }
    }
}

/// Share of the line's letters (digits and punctuation excluded) covered by the hits.
fn coverage_percent(text: &str, hits: &[Hit]) -> usize {
    let letters = text.chars().filter(|c| c.is_alphabetic()).count();
    if letters == 0 {
        return 0;
    }
    let mut spans: Vec<(usize, usize)> = hits.iter().map(|h| (h.start, h.end)).collect();
    spans.sort_unstable();
    let mut covered = 0usize;
    let mut cur: Option<(usize, usize)> = None;
    let count = |s: usize, e: usize| text[s..e].chars().filter(|c| c.is_alphabetic()).count();
    for (s, e) in spans {
        match cur {
            Some((cs, ce)) if s <= ce => cur = Some((cs, ce.max(e))),
            Some((cs, ce)) => {
                covered += count(cs, ce);
                cur = Some((s, e));
            }
            None => cur = Some((s, e)),
        }
    }
    if let Some((cs, ce)) = cur {
        covered += count(cs, ce);
    }
    covered * 100 / letters
}

/// Number of distinct trigger words, not counting a hit that lies inside another hit.
fn distinct_non_nested(hits: &[Hit], pats: &[u32]) -> usize {
    pats.iter()
        .filter(|&&p| {
            hits.iter().filter(|h| h.pattern == p).any(|h| {
                !hits.iter().any(|o| {
                    o.pattern != p
                        && o.start <= h.start
                        && h.end <= o.end
                        && (o.end - o.start) > (h.end - h.start)
                })
            })
        })
        .count()
}
