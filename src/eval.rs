//! Scoring cleaned text against gold text: a port of the reference scorer
//! `eval/score.py`, so that `pagewash eval` prints the same numbers as
//! `python3 score.py GOLD OUT` would on the texts pagewash writes.
//!
//! Two measures per page, each as precision / recall / F1:
//! - **tokens**: the bag of [`tokens`] (single CJK, kana and hangul characters, words of
//!   letters or digits, single other non-space characters), as in the web content
//!   extraction literature: a missed sentence costs recall, kept boilerplate precision;
//! - **lines**: the multiset of stripped, non-empty lines: stricter, one wrong character
//!   costs the whole line.
//!
//! Plus **exact**: the output equals the gold, ignoring trailing white space on each line
//! and at the end. Page scores are averaged with equal weight per page ([`Summary::mean`]).
//!
//! # Matching Python
//! Everything Python decides by character class is emulated here:
//! - `\w` is `str.isalnum()` or `_`; see [`is_word_char`] for how that maps onto Rust's
//!   `char` properties;
//! - `\s`, `str.split()` and `str.strip()` use `str.isspace()`, which is Rust's White_Space
//!   plus U+001C..U+001F ([`is_py_space`]);
//! - `str.splitlines()` breaks at `\n`, `\r`, `\r\n`, VT, FF, U+001C..U+001E, U+0085, U+2028
//!   and U+2029 ([`split_lines`]);
//! - score.py reads files with Python's universal newlines (`\r\n` and `\r` become `\n`);
//!   as `splitlines()` already takes `\r\n` and `\r` as one break each and `\r` is white
//!   space, texts score the same with or without that translation, so none is done here;
//! - means are summed left to right, as `sum()` does up to Python 3.11 (3.12's `sum()`
//!   compensates rounding errors: a printed mean can differ only if it lies within about
//!   1e-16 of the boundary between two printed values);
//! - floats are printed with `{:.4}` / `{:.3}`, which round the exact binary value half to
//!   even like Python's `f"{x:.4f}"`.
//!
//! Differences left: character tables follow different Unicode versions (Python 3.11: 14.0;
//! Rust's `char` and the `unicode-normalization` crate: newer), so characters assigned after
//! Unicode 14 may be classed or normalised differently: CJK extension H (U+31350..), for
//! one, is a letter here and an unassigned symbol, one token per character, for Python
//! 3.11. Over every other code point, the character classes and per-character NFKC were
//! checked equal to Python 3.11's, and 3000 random texts mixing scripts, marks, separators
//! and line breaks scored identically (`--json` output equal byte for byte).
//!
//! # Example
//! ```
//! use pagewash::eval::{score_pair, Summary};
//!
//! let page = score_pair("标题\n正文。\n", "标题\n正文。\n广告\n", false);
//! assert_eq!(page.tok_p, 5.0 / 7.0); // 标 题 正 文 。 of 7 tokens
//! assert_eq!(page.tok_r, 1.0);
//! assert_eq!(page.extra_lines, 1);
//! let mean = Summary::mean(&[page]).unwrap();
//! assert_eq!(
//!     mean.to_string(),
//!     "pages=1 tok_f1=0.8333 tok_p=0.7143 tok_r=1.0000 line_f1=0.8000 exact=0.000"
//! );
//! ```

use std::collections::HashMap;
use std::fmt;
use std::fmt::Write as _;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

/// score.py's `CJK1`: kana, CJK extension A, unified ideographs, compatibility ideographs,
/// hangul syllables. Words containing one of these are split.
fn is_cjk_bmp(c: char) -> bool {
    matches!(c,
        '\u{3040}'..='\u{30FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{AC00}'..='\u{D7AF}')
}

/// score.py's first `TOKEN` alternative: [`is_cjk_bmp`] plus the supplementary ideograph
/// planes (U+20000..U+3134F). A character here is always a token on its own when a token
/// starts with it, but supplementary ideographs inside a word do not split the word (score.py
/// leaves them out of `CJK1`).
fn is_cjk_token(c: char) -> bool {
    is_cjk_bmp(c) || ('\u{20000}'..='\u{3134F}').contains(&c)
}

/// Python's `[^\W_]`, i.e. `str.isalnum()`: general categories L* and N*, plus characters
/// with a numeric value (all of them letters or numbers already).
///
/// Rust's `is_alphabetic` is the derived Alphabetic property, which adds Other_Alphabetic to
/// the letters: combining marks (Devanagari and Thai vowel signs, Arabic harakat...) and the
/// circled and squared Latin letters (So). Python counts neither, so both are taken out; a
/// decomposed `e` + U+0301 is thus two tokens, as in Python. Checked against Python 3.11's
/// `str.isalnum()` for every code point (the only differences are characters assigned after
/// Unicode 14).
pub fn is_word_char(c: char) -> bool {
    if c.is_numeric() {
        return true;
    }
    c.is_alphabetic()
        && !is_combining_mark(c)
        && !matches!(c, '\u{24B6}'..='\u{24E9}' | '\u{1F130}'..='\u{1F149}'
            | '\u{1F150}'..='\u{1F169}' | '\u{1F170}'..='\u{1F189}')
}

/// Python's `str.isspace()` (and `\s` in a `str` pattern): White_Space plus the four
/// information separators U+001C..U+001F, which Python counts as white space (bidi class B
/// or S) and Rust does not.
pub fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1C}'..='\u{1F}').contains(&c)
}

/// The tokens of `text`, in order, as score.py's `tokens()` returns them.
///
/// ```
/// assert_eq!(
///     pagewash::eval::tokens("GDP增长7.5%，iPhone手机"),
///     ["GDP", "增", "长", "7", ".", "5", "%", "，", "iPhone", "手", "机"]
/// );
/// ```
pub fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    while let Some((start, c)) = chars.next() {
        let mut end = start + c.len_utf8();
        if is_cjk_token(c) {
            out.push(&text[start..end]);
        } else if is_word_char(c) {
            // `[^\W_]+` is greedy: it runs over ideographs too, which are then split off.
            let mut mixes_cjk = false;
            while let Some(&(i, d)) = chars.peek() {
                if !is_word_char(d) {
                    break;
                }
                mixes_cjk |= is_cjk_bmp(d);
                end = i + d.len_utf8();
                chars.next();
            }
            let word = &text[start..end];
            if mixes_cjk {
                split_cjk(word, &mut out);
            } else {
                out.push(word);
            }
        } else if !is_py_space(c) {
            out.push(&text[start..end]);
        }
    }
    out
}

/// score.py's split of a word that mixes CJK: each `CJK1` character alone, the runs between
/// them whole.
fn split_cjk<'a>(word: &'a str, out: &mut Vec<&'a str>) {
    let mut run_start = None;
    for (i, c) in word.char_indices() {
        if is_cjk_bmp(c) {
            if let Some(s) = run_start.take() {
                out.push(&word[s..i]);
            }
            out.push(&word[i..i + c.len_utf8()]);
        } else if run_start.is_none() {
            run_start = Some(i);
        }
    }
    if let Some(s) = run_start {
        out.push(&word[s..]);
    }
}

/// Python's `str.splitlines()`: the lines of `text` without their line breaks; no empty
/// last line after a final break, nothing at all for an empty text.
pub fn split_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        let Some((i, c)) = rest.char_indices().find(|&(_, c)| {
            matches!(
                c,
                '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{1C}'
                    ..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}'
            )
        }) else {
            let line = rest;
            rest = "";
            return Some(line);
        };
        let line = &rest[..i];
        let mut next = i + c.len_utf8();
        if c == '\r' && rest[next..].starts_with('\n') {
            next += 1;
        }
        rest = &rest[next..];
        Some(line)
    })
}

/// Python's `str.strip()`.
fn py_strip(s: &str) -> &str {
    s.trim_matches(is_py_space)
}

/// Python's `str.rstrip()`.
fn py_rstrip(s: &str) -> &str {
    s.trim_end_matches(is_py_space)
}

/// score.py's `lines()`: every line stripped, empty ones left out.
pub fn lines(text: &str) -> Vec<&str> {
    split_lines(text)
        .map(py_strip)
        .filter(|l| !l.is_empty())
        .collect()
}

/// score.py's `--nfkc` normalisation: NFKC, then each line's white space runs collapsed to
/// one space and trimmed, lines joined with `\n` (no final break). For gold sets not
/// normalised the way pagewash normalises.
pub fn normalize_for_scoring(text: &str) -> String {
    let nfkc: String = text.nfkc().collect();
    let mut out = String::with_capacity(nfkc.len());
    for (n, line) in split_lines(&nfkc).enumerate() {
        if n > 0 {
            out.push('\n');
        }
        for (k, word) in line
            .split(is_py_space)
            .filter(|w| !w.is_empty())
            .enumerate()
        {
            if k > 0 {
                out.push(' ');
            }
            out.push_str(word);
        }
    }
    out
}

/// One page's scores, as score.py's `score_pair()` returns them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageScore {
    /// Share of the output's tokens that are in the gold.
    pub tok_p: f64,
    /// Share of the gold's tokens that are in the output.
    pub tok_r: f64,
    /// Harmonic mean of `tok_p` and `tok_r`.
    pub tok_f1: f64,
    /// Share of the output's lines that are gold lines.
    pub line_p: f64,
    /// Share of the gold's lines that are in the output.
    pub line_r: f64,
    /// Harmonic mean of `line_p` and `line_r`.
    pub line_f1: f64,
    /// The output equals the gold, trailing white space on lines and at the end aside.
    pub exact: bool,
    /// Gold lines missing from the output (counted with multiplicity).
    pub lost_lines: usize,
    /// Output lines not in the gold (counted with multiplicity).
    pub extra_lines: usize,
}

/// A multiset: how many times each item occurs.
fn counter<'a>(items: impl IntoIterator<Item = &'a str>) -> HashMap<&'a str, usize> {
    let mut m = HashMap::new();
    for item in items {
        *m.entry(item).or_insert(0) += 1;
    }
    m
}

/// The size of the multiset difference `a - b` (what `sum((a - b).values())` gives).
fn minus(a: &HashMap<&str, usize>, b: &HashMap<&str, usize>) -> usize {
    a.iter()
        .map(|(k, &n)| n.saturating_sub(b.get(k).copied().unwrap_or(0)))
        .sum()
}

/// score.py's `prf()`: precision, recall, F1 of `got` against `gold`; both empty is a
/// perfect score, one empty a zero.
fn prf(gold: &HashMap<&str, usize>, got: &HashMap<&str, usize>) -> (f64, f64, f64) {
    if gold.is_empty() && got.is_empty() {
        return (1.0, 1.0, 1.0);
    }
    let common: usize = gold
        .iter()
        .map(|(k, &n)| n.min(got.get(k).copied().unwrap_or(0)))
        .sum();
    let gold_n: usize = gold.values().sum();
    let got_n: usize = got.values().sum();
    let p = common as f64 / got_n.max(1) as f64;
    let r = common as f64 / gold_n.max(1) as f64;
    // Same operation order as Python's `2 * p * r / (p + r)`, for the same rounding.
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

/// Scores one cleaned page `out` against its `gold` text; with `nfkc`, both go through
/// [`normalize_for_scoring`] first (score.py's `--nfkc`). A missing output is scored as
/// `""` (zero, unless the gold is empty too).
pub fn score_pair(gold: &str, out: &str, nfkc: bool) -> PageScore {
    if nfkc {
        return score_pair(
            &normalize_for_scoring(gold),
            &normalize_for_scoring(out),
            false,
        );
    }
    let (tok_p, tok_r, tok_f1) = prf(&counter(tokens(gold)), &counter(tokens(out)));
    let (gl, ol) = (counter(lines(gold)), counter(lines(out)));
    let (line_p, line_r, line_f1) = prf(&gl, &ol);
    let exact = split_lines(py_rstrip(gold))
        .map(py_rstrip)
        .eq(split_lines(py_rstrip(out)).map(py_rstrip));
    PageScore {
        tok_p,
        tok_r,
        tok_f1,
        line_p,
        line_r,
        line_f1,
        exact,
        lost_lines: minus(&gl, &ol),
        extra_lines: minus(&ol, &gl),
    }
}

/// The header of the `--by-page` table (tab-separated, as score.py prints it).
pub const BY_PAGE_HEADER: &str =
    "page\ttok_p\ttok_r\ttok_f1\tline_p\tline_r\tline_f1\texact\tlost_lines\textra_lines";

impl PageScore {
    /// The all-zero score with nothing lost or extra: for a page that could not be scored.
    pub const ZERO: PageScore = PageScore {
        tok_p: 0.0,
        tok_r: 0.0,
        tok_f1: 0.0,
        line_p: 0.0,
        line_r: 0.0,
        line_f1: 0.0,
        exact: false,
        lost_lines: 0,
        extra_lines: 0,
    };

    /// `exact` as score.py stores it: 1.0 or 0.0.
    pub fn exact_f64(&self) -> f64 {
        if self.exact {
            1.0
        } else {
            0.0
        }
    }

    /// This page's row of the `--by-page` table (see [`BY_PAGE_HEADER`]), without a line
    /// break: scores with three decimals, line counts as integers.
    pub fn by_page_row(&self, id: &str) -> String {
        format!(
            "{id}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{:.3}\t{}\t{}",
            self.tok_p,
            self.tok_r,
            self.tok_f1,
            self.line_p,
            self.line_r,
            self.line_f1,
            self.exact_f64(),
            self.lost_lines,
            self.extra_lines
        )
    }
}

/// The mean row: every score averaged over pages, each page weighing the same (macro
/// average). `Display` prints score.py's summary line.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Summary {
    /// How many pages were averaged.
    pub pages: usize,
    /// Mean token precision.
    pub tok_p: f64,
    /// Mean token recall.
    pub tok_r: f64,
    /// Mean token F1 (not the F1 of the mean precision and recall).
    pub tok_f1: f64,
    /// Mean line precision.
    pub line_p: f64,
    /// Mean line recall.
    pub line_r: f64,
    /// Mean line F1.
    pub line_f1: f64,
    /// Share of pages output exactly.
    pub exact: f64,
}

impl Summary {
    /// The mean of `scores`; `None` when there are none (score.py refuses to score an empty
    /// set).
    pub fn mean(scores: &[PageScore]) -> Option<Summary> {
        if scores.is_empty() {
            return None;
        }
        let n = scores.len() as f64;
        // Left to right from the first value, like Python's (pre-3.12) `sum()`.
        let mean = |f: fn(&PageScore) -> f64| scores.iter().map(f).fold(0.0, |acc, x| acc + x) / n;
        Some(Summary {
            pages: scores.len(),
            tok_p: mean(|s| s.tok_p),
            tok_r: mean(|s| s.tok_r),
            tok_f1: mean(|s| s.tok_f1),
            line_p: mean(|s| s.line_p),
            line_r: mean(|s| s.line_r),
            line_f1: mean(|s| s.line_f1),
            exact: mean(PageScore::exact_f64),
        })
    }
}

impl fmt::Display for Summary {
    /// `pages=N tok_f1=… tok_p=… tok_r=… line_f1=… exact=…`, exactly as score.py prints it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "pages={} tok_f1={:.4} tok_p={:.4} tok_r={:.4} line_f1={:.4} exact={:.3}",
            self.pages, self.tok_f1, self.tok_p, self.tok_r, self.line_f1, self.exact
        )
    }
}

/// The JSON score.py's `--json` writes: `{"mean": {...}, "pages": {id: {...}}}`, laid out
/// as Python's `json.dump(..., indent=1)` lays it out (key order, one-space indent,
/// `ensure_ascii` escapes, floats as `repr()` prints them), so the two files compare equal
/// byte for byte. `pages` are in the order given.
pub fn json_report(pages: &[(String, PageScore)], mean: &Summary) -> String {
    let mut s = String::from("{\n \"mean\": {\n");
    let means = [
        ("tok_p", mean.tok_p),
        ("tok_r", mean.tok_r),
        ("tok_f1", mean.tok_f1),
        ("line_p", mean.line_p),
        ("line_r", mean.line_r),
        ("line_f1", mean.line_f1),
        ("exact", mean.exact),
    ];
    for (k, v) in means {
        let _ = writeln!(s, "  \"{k}\": {},", py_float_repr(v));
    }
    let _ = write!(s, "  \"pages\": {}\n }},\n \"pages\": {{", mean.pages);
    for (n, (id, p)) in pages.iter().enumerate() {
        s.push_str(if n == 0 { "\n  " } else { ",\n  " });
        json_string(&mut s, id);
        s.push_str(": {\n");
        let fields = [
            ("tok_p", p.tok_p),
            ("tok_r", p.tok_r),
            ("tok_f1", p.tok_f1),
            ("line_p", p.line_p),
            ("line_r", p.line_r),
            ("line_f1", p.line_f1),
            ("exact", p.exact_f64()),
        ];
        for (k, v) in fields {
            let _ = writeln!(s, "   \"{k}\": {},", py_float_repr(v));
        }
        let _ = write!(
            s,
            "   \"lost_lines\": {},\n   \"extra_lines\": {}\n  }}",
            p.lost_lines, p.extra_lines
        );
    }
    s.push_str(if pages.is_empty() { "}\n}" } else { "\n }\n}" });
    s
}

/// A JSON string as Python's `json` writes it with `ensure_ascii`: printable ASCII as is,
/// everything else escaped (non-BMP characters as surrogate pairs).
fn json_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\u{08}' => out.push_str("\\b"),
            '\u{0C}' => out.push_str("\\f"),
            ' '..='~' => out.push(c),
            _ => {
                let mut units = [0u16; 2];
                for u in c.encode_utf16(&mut units) {
                    let _ = write!(out, "\\u{u:04x}");
                }
            }
        }
    }
    out.push('"');
}

/// A finite float as Python's `repr()` prints it: the shortest digits that read back to the
/// same value (which Rust's formatting also finds), in positional notation when the decimal
/// exponent is in -5..16 and scientific (`1e-05`) otherwise, always with a `.0` or a
/// fraction in positional notation.
fn py_float_repr(x: f64) -> String {
    if x == 0.0 {
        return if x.is_sign_negative() { "-0.0" } else { "0.0" }.into();
    }
    if !x.is_finite() {
        // Not produced by the scores; Python's json would write these names.
        return if x.is_nan() {
            "NaN".into()
        } else if x > 0.0 {
            "Infinity".into()
        } else {
            "-Infinity".into()
        };
    }
    let sci = format!("{:e}", x.abs()); // "d.ddde-5" or "de0"
    let (mantissa, exp) = sci.split_once('e').expect("{:e} has an exponent");
    let exp: i32 = exp.parse().expect("{:e} exponent is an integer");
    let digits: String = mantissa.chars().filter(|&c| c != '.').collect();
    let sign = if x < 0.0 { "-" } else { "" };
    // Python's `decpt`: where the decimal point falls, counted from the first digit.
    let decpt = exp + 1;
    if !(-4 < decpt && decpt <= 16) {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let esign = if exp < 0 { '-' } else { '+' };
        return format!("{sign}{first}{dot}{rest}e{esign}{:02}", exp.abs());
    }
    let n = digits.len() as i32;
    if decpt <= 0 {
        format!("{sign}0.{}{digits}", "0".repeat((-decpt) as usize))
    } else if decpt >= n {
        format!("{sign}{digits}{}.0", "0".repeat((decpt - n) as usize))
    } else {
        let (int, frac) = digits.split_at(decpt as usize);
        format!("{sign}{int}.{frac}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(p: &PageScore) -> String {
        p.by_page_row("x")
    }

    #[test]
    fn tokens_split_cjk_keep_words_and_single_punctuation() {
        assert_eq!(
            tokens("中文abc123 def，「引号」!?"),
            ["中", "文", "abc123", "def", "，", "「", "引", "号", "」", "!", "?"]
        );
        // The underscore is \w but not [^\W_]: a token of its own, and it splits words.
        assert_eq!(tokens("snake_case"), ["snake", "_", "case"]);
        // A word that starts with Latin and runs into ideographs is split at them.
        assert_eq!(tokens("ab中cd文"), ["ab", "中", "cd", "文"]);
        // Kana and hangul are single-character tokens; the kana middle dot too (in the
        // range) though it is punctuation.
        assert_eq!(tokens("カナ・한국"), ["カ", "ナ", "・", "한", "국"]);
        // Supplementary ideographs alone are single tokens, but inside a Latin word they do
        // not split it (score.py's CJK1 leaves that plane out).
        assert_eq!(tokens("𠀀𠀁 a𠀀b"), ["𠀀", "𠀁", "a𠀀b"]);
        // Python's isspace: U+001F is white space; U+200B is not (a token of its own).
        assert_eq!(
            tokens("a\u{1F}b\u{3000}c\u{200B}"),
            ["a", "b", "c", "\u{200B}"]
        );
        assert!(tokens(" \n\t").is_empty());
    }

    #[test]
    fn word_chars_follow_python_isalnum() {
        // Letters and numbers of every script, including No and Nl.
        for c in ['a', 'É', 'ß', 'я', 'ا', '中', '٣', '²', '½', 'Ⅻ', '①'] {
            assert!(is_word_char(c), "{c:?}");
        }
        // Combining marks and circled letters are Alphabetic in Rust, not alnum in Python.
        for c in [
            '\u{0301}', '\u{093E}', '\u{0E34}', '\u{064E}', 'Ⓐ', '🄰', '_', '-', '·',
        ] {
            assert!(!is_word_char(c), "{c:?}");
        }
        assert_eq!(
            tokens("e\u{0301}te\u{0301}"),
            ["e", "\u{0301}", "te", "\u{0301}"]
        );
    }

    #[test]
    fn split_lines_is_python_splitlines() {
        let v: Vec<&str> = split_lines("a\r\nb\rc\n\nd\u{2028}e\u{1C}f\u{0B}g\n").collect();
        assert_eq!(v, ["a", "b", "c", "", "d", "e", "f", "g"]);
        assert_eq!(split_lines("").count(), 0);
        assert_eq!(split_lines("\n").collect::<Vec<_>>(), [""]);
        assert_eq!(split_lines("x").collect::<Vec<_>>(), ["x"]);
        assert_eq!(lines(" a \n\n\u{3000}\n b\u{1F}"), ["a", "b"]);
    }

    #[test]
    fn perfect_partial_and_empty_pages() {
        let same = score_pair("标题\n正文，很长。\n", "标题\n正文，很长。", false);
        assert_eq!(
            s(&same),
            "x\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t0\t0"
        );

        // Gold: 2 + 6 tokens, 2 lines; output keeps the title and adds a 4-token line.
        let p = score_pair("标题\n正文，很长。\n", "标题\n点击这里\n", false);
        assert_eq!(p.tok_p, 2.0 / 6.0);
        assert_eq!(p.tok_r, 2.0 / 8.0);
        assert_eq!((p.line_p, p.line_r, p.line_f1), (0.5, 0.5, 0.5));
        assert_eq!((p.lost_lines, p.extra_lines), (1, 1));
        assert!(!p.exact);
        assert_eq!(
            s(&p),
            "x\t0.333\t0.250\t0.286\t0.500\t0.500\t0.500\t0.000\t1\t1"
        );

        // A missing output scores zero; both empty is perfect.
        let missing = score_pair("正文\n", "", false);
        assert_eq!(
            s(&missing),
            "x\t0.000\t0.000\t0.000\t0.000\t0.000\t0.000\t0.000\t1\t0"
        );
        let both = score_pair("", " \n", false);
        assert_eq!(
            s(&both),
            "x\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t0\t0"
        );
    }

    #[test]
    fn exact_ignores_trailing_space_only() {
        assert!(score_pair("a\nb\n", "a  \nb\n\n\n", false).exact);
        assert!(!score_pair("a\nb", " a\nb", false).exact);
        // Blank lines in the middle count for exact, not for the line multiset.
        let p = score_pair("a\nb", "a\n\nb", false);
        assert!(!p.exact);
        assert_eq!(p.line_f1, 1.0);
    }

    #[test]
    fn line_multiset_counts_repeats() {
        let p = score_pair("x\nx\ny", "x\ny\ny", false);
        assert_eq!((p.lost_lines, p.extra_lines), (1, 1));
        assert_eq!(p.line_p, 2.0 / 3.0);
    }

    #[test]
    fn nfkc_folds_full_width_and_collapses_space() {
        assert_eq!(
            normalize_for_scoring("ＡＢＣ　１２３，\r\n  two\t spaces \n"),
            "ABC 123,\ntwo spaces"
        );
        let gold = "ＡＢＣ１２３，正文";
        let out = "ABC123,正文\n";
        assert!(!score_pair(gold, out, false).exact);
        let p = score_pair(gold, out, true);
        assert!(p.exact);
        assert_eq!(p.tok_f1, 1.0);
    }

    #[test]
    fn mean_is_a_macro_average_and_prints_like_score_py() {
        let a = score_pair("一二三四", "一二三四", false);
        let b = score_pair("一二三四", "一二", false);
        let m = Summary::mean(&[a, b]).unwrap();
        assert_eq!(m.pages, 2);
        assert_eq!(m.tok_p, 1.0);
        assert_eq!(m.tok_r, 0.75);
        assert_eq!(m.exact, 0.5);
        assert_eq!(
            m.to_string(),
            "pages=2 tok_f1=0.8333 tok_p=1.0000 tok_r=0.7500 line_f1=0.5000 exact=0.500"
        );
        assert_eq!(Summary::mean(&[]), None);
    }

    #[test]
    fn floats_print_like_python_repr() {
        for (x, want) in [
            (1.0, "1.0"),
            (0.0, "0.0"),
            (0.5, "0.5"),
            (2.0 / 3.0, "0.6666666666666666"),
            (0.0001, "0.0001"),
            (0.00005, "5e-05"),
            (1.5e-7, "1.5e-07"),
            (123.0, "123.0"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
        ] {
            assert_eq!(py_float_repr(x), want);
        }
    }

    #[test]
    fn json_is_laid_out_like_python_json_dump() {
        let p = score_pair("a\nb", "a", false);
        let m = Summary::mean(&[p]).unwrap();
        let got = json_report(&[("é\"1".into(), p)], &m);
        let want = "{\n \"mean\": {\n  \"tok_p\": 1.0,\n  \"tok_r\": 0.5,\n  \"tok_f1\": \
            0.6666666666666666,\n  \"line_p\": 1.0,\n  \"line_r\": 0.5,\n  \"line_f1\": \
            0.6666666666666666,\n  \"exact\": 0.0,\n  \"pages\": 1\n },\n \"pages\": {\n  \
            \"\\u00e9\\\"1\": {\n   \"tok_p\": 1.0,\n   \"tok_r\": 0.5,\n   \"tok_f1\": \
            0.6666666666666666,\n   \"line_p\": 1.0,\n   \"line_r\": 0.5,\n   \"line_f1\": \
            0.6666666666666666,\n   \"exact\": 0.0,\n   \"lost_lines\": 1,\n   \
            \"extra_lines\": 0\n  }\n }\n}";
        assert_eq!(got, want);
    }
}
