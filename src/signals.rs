//! Per-document quality signals of a cleaned page, so a corpus filter in the style of
//! Gopher, FineWeb or ChineseWebText needs no second pass over the text.
//!
//! Everything is computed from [`Cleaned::text`] (the lines as output) plus the counts the
//! pipeline kept ([`Cleaned::flags`], [`Cleaned::repairs`]). The formulas, written once so
//! that a reference implementation can reproduce them exactly
//! (`scripts/signals_ref.py`, compared on the dev pages by `tests/all/signals.rs`):
//!
//! - *lines*: the text split at `\n` (the final `\n` ends the last line); *chars*: the
//!   characters of the lines (no `\n`).
//! - *CJK characters*: Han ideographs ([`crate::hanzi::is_ideograph`]), kana
//!   (U+3040–U+30FF) and Hangul syllables (U+AC00–U+D7AF). `cjk_ratio` is their share of the
//!   characters that are not white space (space, tab, U+00A0, U+3000).
//! - *tokens* (CJK-aware words, as ChineseWebText and CJK ports of Gopher count them): each
//!   CJK character is a token; a maximal run of other word characters (Unicode
//!   alphanumeric, or a combining mark) is a token; everything else separates tokens.
//! - `terminal_punct_ratio` (FineWeb's `line_punct_ratio`, with CJK punctuation): the
//!   share of lines whose last non-space character is one of `. ! ? " ' 。 ！ ？ … ” ’ 」 』 ．`.
//! - `dup_line_frac` / `dup_line_char_frac` (Gopher): lines equal to an earlier line,
//!   as a share of the lines / their characters as a share of all characters.
//! - `top_ngram_char_frac` for n = 2, 3, 4 (Gopher): the most frequent token n-gram (ties:
//!   the one with most characters) — its count times its characters, over the characters of
//!   all tokens.
//! - `dup_ngram_char_frac` for n = 5…10 (Gopher, as datatrove computes it): walking the
//!   tokens, an n-gram seen before adds its characters and skips n tokens, else it is
//!   remembered and the walk moves one token; the sum over the characters of all tokens.
//! - `replacement_chars`: U+FFFD in the text; `replaced_bytes`: bytes the charset could not
//!   map ([`crate::Flags::replaced_chars`]); `repaired_lines` / `repaired_chars`: summed
//!   over the repair kinds ([`Cleaned::repairs`]).
//! - `traditional_chars`: characters with a different Simplified form in OpenCC's table
//!   (`hanzi::is_traditional_only`).
//!
//! Ratios are 0.0 when their denominator is 0.

use std::collections::{HashMap, HashSet};

use serde_json::{json, Value};

use crate::hanzi;
use crate::Cleaned;

/// The n of the top-n-gram signals.
pub(crate) const TOP_NGRAMS: [usize; 3] = [2, 3, 4];
/// The n of the duplicated-n-gram signals.
pub(crate) const DUP_NGRAMS: [usize; 6] = [5, 6, 7, 8, 9, 10];

/// Quality signals of one page (see the module docs for each formula).
#[derive(Clone, Debug, Default, PartialEq)]
#[non_exhaustive]
pub struct Signals {
    /// Lines of text.
    pub lines: usize,
    /// Characters (no line breaks).
    pub chars: usize,
    /// CJK characters.
    pub cjk_chars: usize,
    /// CJK characters over characters that are not white space.
    pub cjk_ratio: f64,
    /// Tokens (CJK-aware words).
    pub tokens: usize,
    /// Mean characters per token.
    pub mean_token_len: f64,
    /// Mean characters per line.
    pub line_len_mean: f64,
    /// Shortest line, in characters.
    pub line_len_min: usize,
    /// Longest line, in characters.
    pub line_len_max: usize,
    /// Lines ending in terminal punctuation, over lines.
    pub terminal_punct_ratio: f64,
    /// Lines repeating an earlier line, over lines.
    pub dup_line_frac: f64,
    /// Characters of lines repeating an earlier line, over characters.
    pub dup_line_char_frac: f64,
    /// For n = 2, 3, 4: the most frequent n-gram's share of the token characters.
    pub top_ngram_char_frac: [f64; 3],
    /// For n = 5…10: the share of token characters in repeated n-grams.
    pub dup_ngram_char_frac: [f64; 6],
    /// U+FFFD characters in the text.
    pub replacement_chars: usize,
    /// Bytes the page's charset could not map (each became U+FFFD).
    pub replaced_bytes: usize,
    /// Lines rewritten by a repair.
    pub repaired_lines: usize,
    /// Characters rewritten by a repair.
    pub repaired_chars: usize,
    /// Traditional-only Chinese characters.
    pub traditional_chars: usize,
}

/// White space for `cjk_ratio`.
fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{A0}' | '\u{3000}')
}

/// Han ideographs, kana and Hangul syllables.
pub(crate) use crate::text::chars::is_cjk_letter as is_cjk;

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c)
}

/// Line endings that close a sentence.
fn is_terminal(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '"' | '\'' | '。' | '！' | '？' | '…' | '”' | '’' | '」' | '』' | '．'
    )
}

/// The CJK-aware tokens of a text.
pub(crate) fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if is_cjk(c) {
            if let Some(s) = start.take() {
                out.push(&text[s..i]);
            }
            out.push(&text[i..i + c.len_utf8()]);
        } else if is_word_char(c) {
            start.get_or_insert(i);
        } else if let Some(s) = start.take() {
            out.push(&text[s..i]);
        }
    }
    if let Some(s) = start {
        out.push(&text[s..]);
    }
    out
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

impl Signals {
    /// The signals of a cleaned page.
    ///
    /// # Example
    /// ```
    /// let page = pagewash::clean("正文很长很长，有标点，这是文章的主体内容。\nSecond line here.".as_bytes());
    /// let s = pagewash::signals::Signals::of(&page);
    /// assert_eq!(s.lines, 2);
    /// assert_eq!(s.terminal_punct_ratio, 1.0);
    /// assert_eq!(s.cjk_ratio, 0.5); // 18 CJK characters of 36 that are not spaces
    /// ```
    pub fn of(cleaned: &Cleaned) -> Signals {
        let mut s = Signals::of_text(cleaned.text());
        s.replaced_bytes = cleaned.flags().replaced_chars;
        for r in cleaned.repairs().values() {
            s.repaired_lines += r.lines;
            s.repaired_chars += r.chars;
        }
        s
    }

    /// The signals computable from text alone (the page-level counts stay 0).
    pub fn of_text(text: &str) -> Signals {
        let mut s = Signals::default();
        let body = text.strip_suffix('\n').unwrap_or(text);
        let lines: Vec<&str> = if text.is_empty() {
            Vec::new()
        } else {
            body.split('\n').collect()
        };
        s.lines = lines.len();
        let mut non_space = 0;
        let mut terminal = 0;
        let mut seen: HashSet<&str> = HashSet::new();
        let (mut dup_lines, mut dup_chars) = (0, 0);
        s.line_len_min = usize::MAX;
        for line in &lines {
            let n = line.chars().count();
            s.chars += n;
            s.line_len_min = s.line_len_min.min(n);
            s.line_len_max = s.line_len_max.max(n);
            for c in line.chars() {
                if !is_space(c) {
                    non_space += 1;
                }
                if is_cjk(c) {
                    s.cjk_chars += 1;
                }
                if c == '\u{FFFD}' {
                    s.replacement_chars += 1;
                }
                if hanzi::is_traditional_only(c) {
                    s.traditional_chars += 1;
                }
            }
            if line
                .chars()
                .rev()
                .find(|&c| !is_space(c))
                .is_some_and(is_terminal)
            {
                terminal += 1;
            }
            if !seen.insert(line) {
                dup_lines += 1;
                dup_chars += n;
            }
        }
        if lines.is_empty() {
            s.line_len_min = 0;
        }
        s.cjk_ratio = ratio(s.cjk_chars, non_space);
        s.line_len_mean = ratio(s.chars, s.lines);
        s.terminal_punct_ratio = ratio(terminal, s.lines);
        s.dup_line_frac = ratio(dup_lines, s.lines);
        s.dup_line_char_frac = ratio(dup_chars, s.chars);

        let toks: Vec<&str> = lines.iter().flat_map(|l| tokens(l)).collect();
        let lens: Vec<usize> = toks.iter().map(|t| t.chars().count()).collect();
        let total: usize = lens.iter().sum();
        s.tokens = toks.len();
        s.mean_token_len = ratio(total, toks.len());
        for (k, &n) in TOP_NGRAMS.iter().enumerate() {
            s.top_ngram_char_frac[k] = ratio(top_ngram_chars(&toks, &lens, n), total);
        }
        for (k, &n) in DUP_NGRAMS.iter().enumerate() {
            s.dup_ngram_char_frac[k] = ratio(dup_ngram_chars(&toks, &lens, n), total);
        }
        s
    }

    /// The signals as a JSON object (the `signals` field of `--format json/jsonl`).
    pub fn to_json(&self) -> Value {
        let mut v = json!({
            "lines": self.lines,
            "chars": self.chars,
            "cjk_chars": self.cjk_chars,
            "cjk_ratio": self.cjk_ratio,
            "tokens": self.tokens,
            "mean_token_len": self.mean_token_len,
            "line_len_mean": self.line_len_mean,
            "line_len_min": self.line_len_min,
            "line_len_max": self.line_len_max,
            "terminal_punct_ratio": self.terminal_punct_ratio,
            "dup_line_frac": self.dup_line_frac,
            "dup_line_char_frac": self.dup_line_char_frac,
            "replacement_chars": self.replacement_chars,
            "replaced_bytes": self.replaced_bytes,
            "repaired_lines": self.repaired_lines,
            "repaired_chars": self.repaired_chars,
            "traditional_chars": self.traditional_chars,
        });
        for (k, n) in TOP_NGRAMS.iter().enumerate() {
            v[format!("top_{n}gram_char_frac")] = json!(self.top_ngram_char_frac[k]);
        }
        for (k, n) in DUP_NGRAMS.iter().enumerate() {
            v[format!("dup_{n}gram_char_frac")] = json!(self.dup_ngram_char_frac[k]);
        }
        v
    }
}

/// Count times characters of the most frequent n-gram (ties: the longest).
fn top_ngram_chars(toks: &[&str], lens: &[usize], n: usize) -> usize {
    if toks.len() < n {
        return 0;
    }
    let mut counts: HashMap<&[&str], (usize, usize)> = HashMap::new();
    for (i, gram) in toks.windows(n).enumerate() {
        let e = counts
            .entry(gram)
            .or_insert((0, lens[i..i + n].iter().sum()));
        e.0 += 1;
    }
    counts
        .values()
        .map(|&(count, chars)| (count, chars))
        .max()
        .map_or(0, |(count, chars)| count * chars)
}

/// Characters of repeated n-grams, as datatrove's `find_all_duplicate`.
fn dup_ngram_chars(toks: &[&str], lens: &[usize], n: usize) -> usize {
    let mut seen: HashSet<&[&str]> = HashSet::new();
    let (mut chars, mut i) = (0, 0);
    while i + n <= toks.len() {
        let gram = &toks[i..i + n];
        if seen.contains(gram) {
            chars += lens[i..i + n].iter().sum::<usize>();
            i += n;
        } else {
            seen.insert(gram);
            i += 1;
        }
    }
    chars
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_split_cjk_by_character_and_latin_by_word() {
        assert_eq!(
            tokens("中文abc, déf 12。"),
            ["中", "文", "abc", "déf", "12"]
        );
        assert!(tokens("").is_empty());
    }

    #[test]
    fn repetition_is_counted_as_gopher_does() {
        let s = Signals::of_text("a b c\na b c\nx\n");
        assert_eq!(s.lines, 3);
        assert!((s.dup_line_frac - 1.0 / 3.0).abs() < 1e-12);
        assert!((s.dup_line_char_frac - 5.0 / 11.0).abs() < 1e-12);
        // Tokens a b c a b c x: top 2-gram "a b" twice, 2 chars each time, of 7.
        assert!((s.top_ngram_char_frac[0] - 4.0 / 7.0).abs() < 1e-12);
        // No 5-gram repeats in 7 tokens.
        assert_eq!(s.dup_ngram_char_frac[0], 0.0);
        let t = Signals::of_text(&"一二三四五六七八九十".repeat(3));
        assert!(
            t.dup_ngram_char_frac[0] > 0.6,
            "{:?}",
            t.dup_ngram_char_frac
        );
    }

    #[test]
    fn empty_text_gives_zeros() {
        let s = Signals::of_text("");
        assert_eq!(s, Signals::default());
    }

    #[test]
    fn traditional_and_replacement_characters_are_counted() {
        let s = Signals::of_text("這是繁體\u{FFFD}字\n");
        assert_eq!(s.traditional_chars, 2); // 這, 體
        assert_eq!(s.replacement_chars, 1);
        assert_eq!(s.terminal_punct_ratio, 0.0);
    }
}
