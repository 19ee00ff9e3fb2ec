//! The normalizer: the last stage, which gives every kept line one canonical form.
//!
//! Per line: control characters dropped (tab becomes a space), Unicode NFKC (on by default,
//! as the seed pages' expected texts show), runs of white space collapsed to one space,
//! trimmed. Blank lines are dropped. A line equal to the kept line just before it (a title
//! shown twice, as page heading and article heading) is removed with the id
//! `normalize.repeated-line`, and so is a long line (over [`LONG_REPEAT_CHARS`] characters)
//! equal to any kept line above it: a caption shown by two galleries, a description in a
//! mobile and a desktop block, a notice under every tab. A short line that recurs far apart
//! (a refrain, a table cell, a date) is content.

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};

use unicode_normalization::{is_nfkc_quick, IsNormalized};

use crate::doc::Doc;
use crate::report::RuleId;
use crate::stage::Stage;
use crate::text::chars::ideograph_run_len;
pub(crate) use crate::text::nfkc::nfkc_view;
use crate::text::nfkc::{nfkc, nfkc_char_fast};

/// Rule id of a line repeated right after itself, or of a long line repeated anywhere below
/// itself, dropped (kept once).
pub const REPEATED_LINE: RuleId = RuleId::new("normalize.repeated-line");

/// A line longer than this (in characters) is kept once per page wherever it recurs.
pub const LONG_REPEAT_CHARS: usize = 40;

/// Options of the normalizer. Defaults: NFKC on, repeated lines removed.
#[derive(Clone, Debug)]
pub struct NormalizeOptions {
    nfkc: bool,
    keep_fullwidth_punct: bool,
    drop_repeated_lines: bool,
    t2s: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            nfkc: true,
            keep_fullwidth_punct: false,
            drop_repeated_lines: true,
            t2s: false,
        }
    }
}

impl NormalizeOptions {
    /// Apply Unicode NFKC (default: on). Full-width ASCII becomes ASCII, `，` becomes `,`.
    pub fn nfkc(&mut self, yes: bool) -> &mut Self {
        self.nfkc = yes;
        self
    }

    /// NFKC-CJK: NFKC except that full-width punctuation stays full-width (`，：！？（）`
    /// are not turned into `,:!?()`; full-width letters and digits still become ASCII).
    /// Default off; only matters with [`nfkc`](Self::nfkc) on. For Chinese corpora that
    /// want Chinese punctuation kept.
    pub fn nfkc_cjk(&mut self, yes: bool) -> &mut Self {
        self.keep_fullwidth_punct = yes;
        self
    }

    /// Convert Traditional Chinese to Simplified with OpenCC's phrase and character tables
    /// ([`crate::hanzi::t2s`]; default: off, as the seeds keep the page's script).
    pub fn t2s(&mut self, yes: bool) -> &mut Self {
        self.t2s = yes;
        self
    }

    /// Remove a line identical to the kept line before it, and a line of more than
    /// [`LONG_REPEAT_CHARS`] characters identical to any kept line above it (default: on).
    pub fn drop_repeated_lines(&mut self, yes: bool) -> &mut Self {
        self.drop_repeated_lines = yes;
        self
    }
}

/// The normalizer stage.
#[derive(Clone, Debug, Default)]
pub struct Normalizer {
    options: NormalizeOptions,
}

impl Normalizer {
    /// A normalizer with these options.
    pub fn new(options: NormalizeOptions) -> Normalizer {
        Normalizer { options }
    }

    /// The normalised form of one line (no line breaks inside).
    pub fn normalize_line<'a>(&self, line: &'a str) -> Cow<'a, str> {
        // One scan decides whether anything changes: NFKC (`None`: some character needs the
        // full algorithm), and white space or invisible characters to rework.
        let mut nfkc_changes = Some(false);
        let mut needs_space_work = false;
        let mut prev_space = false;
        let mut first = true;
        // Whether any character shows: a line of format characters alone (a lone zero-width
        // joiner left by an emoji picker) carries no text and becomes blank.
        let mut visible = false;
        let mut rest = line;
        while let Some(&b) = rest.as_bytes().first() {
            if b.is_ascii() {
                rest = &rest[1..];
                visible |= b.is_ascii_graphic();
                // NFKC keeps ASCII. Controls (white space other than the space included)
                // need work, and so does a leading or repeated space.
                needs_space_work = needs_space_work
                    || b < b' '
                    || b == 0x7F
                    || (b == b' ' && (first || prev_space));
                prev_space = b == b' ';
                first = false;
                continue;
            }
            // A run of unified ideographs changes nothing (NFKC keeps them, they are neither
            // white space nor invisible) but ends a run of spaces: stepped over bytewise.
            let ideographs = ideograph_run_len(rest.as_bytes());
            if ideographs > 0 {
                rest = &rest[ideographs..];
                visible = true;
                prev_space = false;
                first = false;
                continue;
            }
            let Some(c) = rest.chars().next() else { break };
            rest = &rest[c.len_utf8()..];
            visible |= is_plain(c) && !is_format(c);
            if self.options.nfkc && !self.keeps(c) {
                if let Some(changes) = nfkc_changes {
                    nfkc_changes = nfkc_char_fast(c).map(|d| changes || d != c);
                }
            }
            needs_space_work = needs_space_work
                || is_dropped_control(c)
                || (c.is_whitespace() && (c != ' ' || first))
                || c == '\u{200B}'
                || c == '\u{FEFF}'
                || (c == ' ' && prev_space);
            prev_space = c == ' ';
            first = false;
        }
        if !visible {
            return Cow::Owned(String::new());
        }
        // A trailing space.
        needs_space_work |= prev_space;
        let nfkc = self.options.nfkc
            && match nfkc_changes {
                Some(changes) => changes,
                None => is_nfkc_quick(line.chars()) != IsNormalized::Yes,
            };
        if !nfkc && !needs_space_work {
            return Cow::Borrowed(line);
        }
        let normalized;
        let (text, map) = match (nfkc, nfkc_changes) {
            // Every character has a table-free NFKC: map them one by one (what `nfkc` does).
            (true, Some(_)) => (line, true),
            (true, None) => {
                normalized = if self.options.keep_fullwidth_punct {
                    nfkc_keeping_fullwidth_punct(line)
                } else {
                    self::nfkc(line)
                };
                (normalized.as_str(), false)
            }
            (false, _) => (line, false),
        };
        let mut out = String::with_capacity(text.len());
        let mut pending_space = false;
        // Runs of characters that stay as they are (visible, not white space, NFKC-stable)
        // are copied whole.
        let mut run_start: Option<usize> = None;
        let mut at = 0;
        while at < text.len() {
            // Printable ASCII other than the space, and unified ideographs, are such
            // characters (NFKC keeps them): stepped over bytewise, most of a line.
            let bytes = &text.as_bytes()[at..];
            let plain = bytes
                .iter()
                .position(|b| !(b'!'..=b'~').contains(b))
                .unwrap_or(bytes.len());
            let plain = plain + ideograph_run_len(&bytes[plain..]);
            if plain > 0 {
                run_start.get_or_insert(at);
                at += plain;
                continue;
            }
            let i = at;
            let Some(c) = text[at..].chars().next() else {
                break;
            };
            at += c.len_utf8();
            let d = if map && !self.keeps(c) {
                nfkc_char_fast(c).unwrap_or(c)
            } else {
                c
            };
            if d == c && is_plain(c) {
                run_start.get_or_insert(i);
                continue;
            }
            if let Some(start) = run_start.take() {
                push_visible(&mut out, &mut pending_space, &text[start..i]);
            }
            if d.is_whitespace() {
                pending_space = !out.is_empty();
            } else if !(is_dropped_control(d) || d == '\u{200B}' || d == '\u{FEFF}') {
                push_visible(&mut out, &mut pending_space, d.encode_utf8(&mut [0; 4]));
            }
        }
        if let Some(start) = run_start {
            push_visible(&mut out, &mut pending_space, &text[start..]);
        }
        Cow::Owned(out)
    }
}

impl Normalizer {
    /// A line as this normalizer outputs it: [`Normalizer::normalize_line`], then
    /// Traditional → Simplified when asked.
    pub fn normalize_to_output(&self, line: &str) -> String {
        let line = self.normalize_line(line);
        if self.options.t2s {
            crate::hanzi::t2s::to_simplified_text(&line).into_owned()
        } else {
            line.into_owned()
        }
    }

    /// A character NFKC-CJK leaves as it is.
    fn keeps(&self, c: char) -> bool {
        self.options.keep_fullwidth_punct && is_fullwidth_punct(c)
    }
}

/// Full-width punctuation (U+FF01–FF5E less the letters and digits): what NFKC-CJK keeps.
pub(crate) fn is_fullwidth_punct(c: char) -> bool {
    matches!(c, '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}' | '\u{FF5B}'..='\u{FF5E}')
}

/// NFKC of every run between full-width punctuation, which is kept as it is.
fn nfkc_keeping_fullwidth_punct(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut start = 0;
    for (i, c) in line.char_indices() {
        if is_fullwidth_punct(c) {
            out.push_str(&nfkc(&line[start..i]));
            out.push(c);
            start = i + c.len_utf8();
        }
    }
    out.push_str(&nfkc(&line[start..]));
    out
}

/// A character the rebuild copies as it is: neither white space nor invisible.
fn is_plain(c: char) -> bool {
    !c.is_whitespace() && !is_dropped_control(c) && c != '\u{200B}' && c != '\u{FEFF}'
}

/// Invisible format characters that mean something between letters (joiners, bidi marks,
/// variation selectors, the soft hyphen) and nothing on a line of their own.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{180E}' | '\u{200C}'..='\u{200F}'
        | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}'
        | '\u{FE00}'..='\u{FE0F}' | '\u{E0000}'..='\u{E007F}' | '\u{E0100}'..='\u{E01EF}')
}

/// Appends visible text, after the space owed to white space before it.
fn push_visible(out: &mut String, pending_space: &mut bool, s: &str) {
    if std::mem::take(pending_space) {
        out.push(' ');
    }
    out.push_str(s);
}

/// Control characters carry no text; tab and other white space are handled as spaces.
fn is_dropped_control(c: char) -> bool {
    c.is_control() && !c.is_whitespace()
}

impl Stage for Normalizer {
    fn name(&self) -> &str {
        "normalize"
    }

    fn run(&self, doc: &mut Doc) {
        let mut prev: Option<usize> = None;
        // The long lines kept so far, by hash of their text (a hit is compared in full).
        let mut long_lines: HashMap<u64, Vec<usize>> = HashMap::new();
        for i in 0..doc.len() {
            if doc.is_removed(i) {
                continue;
            }
            if doc.over_budget_after(doc.line(i).len()) {
                return; // the page is dropped: see `Doc::over_budget`
            }
            if let Cow::Owned(s) = self.normalize_line(doc.line(i)) {
                doc.set_text(i, &s);
            }
            if self.options.t2s {
                if let Cow::Owned(s) = crate::hanzi::t2s::to_simplified_text(doc.line(i)) {
                    doc.set_text(i, &s);
                }
            }
            if doc.line(i).is_empty() {
                doc.drop_blank(i);
                continue;
            }
            if self.options.drop_repeated_lines {
                if let Some(p) = prev {
                    if doc.line(p) == doc.line(i) {
                        doc.remove(i, REPEATED_LINE, "same as the line before it");
                        continue;
                    }
                }
                if doc.line(i).chars().nth(LONG_REPEAT_CHARS).is_some() {
                    let seen = long_lines.entry(hash_of(doc.line(i))).or_default();
                    if seen.iter().any(|&j| doc.line(j) == doc.line(i)) {
                        doc.remove(i, REPEATED_LINE, "a long line kept once already above");
                        continue;
                    }
                    seen.push(i);
                }
            }
            prev = Some(i);
        }
    }
}

fn hash_of(line: &str) -> u64 {
    let mut h = DefaultHasher::new();
    line.hash(&mut h);
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut d = Doc::from_text(s);
        Normalizer::default().run(&mut d);
        d.render()
    }

    /// What `normalize_line` does, written plainly: NFKC, then white space collapsed to one
    /// space between visible characters, controls, U+200B and U+FEFF dropped.
    fn plainly(line: &str) -> String {
        use unicode_normalization::UnicodeNormalization;
        let mut out = String::new();
        let mut pending = false;
        for c in line.nfkc() {
            if c.is_whitespace() {
                pending = !out.is_empty();
            } else if !(is_dropped_control(c) || c == '\u{200B}' || c == '\u{FEFF}') {
                if std::mem::take(&mut pending) {
                    out.push(' ');
                }
                out.push(c);
            }
        }
        out
    }

    #[test]
    fn lines_normalize_as_written_plainly() {
        use proptest::prelude::*;
        let piece = prop_oneof![
            Just('a'),
            Just('~'),
            Just(' '),
            Just('\t'),
            Just('中'),
            Just('文'),
            Just('，'),
            Just('　'),
            Just('１'),
            Just('…'),
            Just('\u{200B}'),
            Just('\u{FEFF}'),
            Just('\u{7}'),
            Just('\u{7F}'),
            Just('é'),
            Just('e'),
            Just('\u{301}'),
            Just('\u{A0}'),
            any::<char>(),
        ];
        let n = Normalizer::default();
        proptest!(ProptestConfig { rng_seed: proptest::test_runner::RngSeed::Fixed(0x6e6f_726d), ..ProptestConfig::with_cases(4000) }, |(chars in proptest::collection::vec(piece, 0..32))| {
            let s: String = chars.into_iter().filter(|&c| c != '\n' && c != '\r').collect();
            let (got, want) = (n.normalize_line(&s).into_owned(), plainly(&s));
            prop_assert_eq!(got, want, "{:?}", s);
        });
    }

    #[test]
    fn nfkc_trim_collapse() {
        assert_eq!(norm("  ＡＢＣ，１２３　 x\t\ty  "), "ABC,123 x y\n");
        assert_eq!(norm("a\u{0}b\u{200B}c"), "abc\n");
    }

    #[test]
    fn a_line_of_format_characters_alone_is_blank() {
        assert_eq!(
            norm("正文\n\u{200D}\n \u{200C}\u{FE0F} \n\u{200F}\n正文二"),
            "正文\n正文二\n"
        );
        // Between letters they stay: a Persian ZWNJ, an emoji's ZWJ, a Hebrew line's mark.
        for line in ["می\u{200C}خواهم", "👩\u{200D}💻", "\u{200F}שלום"] {
            assert_eq!(norm(line), format!("{line}\n"));
        }
    }

    #[test]
    fn blank_lines_and_consecutive_repeats_go() {
        assert_eq!(
            norm("标题\n\n   \n标题\n正文\n标题\n"),
            "标题\n正文\n标题\n"
        );
    }

    #[test]
    fn a_long_line_goes_wherever_it_recurs_a_short_one_only_right_after_itself() {
        let long = "Free shipping on every order over fifty dollars, returns within 30 days.";
        let also_long = "Free shipping on every order over fifty dollars, returns within 31 days.";
        let forty = "x".repeat(LONG_REPEAT_CHARS);
        let page = format!(
            "{long}\nPosted on 3 May\n{forty}\nBody.\n{also_long}\nPosted on 3 May\n{forty}\n  {long} \n"
        );
        assert_eq!(
            norm(&page),
            format!(
                "{long}\nPosted on 3 May\n{forty}\nBody.\n{also_long}\nPosted on 3 May\n{forty}\n"
            )
        );
        let mut o = NormalizeOptions::default();
        o.drop_repeated_lines(false);
        let mut d = Doc::from_text(&page);
        Normalizer::new(o).run(&mut d);
        assert_eq!(d.render().matches(long).count(), 2);
    }

    #[test]
    fn nfkc_can_be_turned_off() {
        let mut o = NormalizeOptions::default();
        o.nfkc(false);
        let mut d = Doc::from_text("，１");
        Normalizer::new(o).run(&mut d);
        assert_eq!(d.render(), "，１\n");
    }

    #[test]
    fn clean_lines_are_borrowed() {
        assert!(matches!(
            Normalizer::default().normalize_line("已是规范文本, fine."),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn idempotent() {
        let once = norm(" Ｘ　　y \n\u{3000}z");
        assert_eq!(norm(&once), once);
    }
}

#[cfg(test)]
mod nfkc_cjk_tests {
    use super::*;

    #[test]
    fn nfkc_cjk_keeps_fullwidth_punctuation_only() {
        let mut o = NormalizeOptions::default();
        o.nfkc_cjk(true);
        let n = Normalizer::new(o);
        // Punctuation stays full-width; letters, digits and the ideographic space do not.
        assert_eq!(
            n.normalize_line("中文，标点！（ＡＢＣ１２３）　ｘ：ｙ"),
            "中文，标点！（ABC123） x：y"
        );
        // Characters needing the full algorithm (a compatibility ligature) still go.
        assert_eq!(n.normalize_line("ﬁ，ﬂ"), "fi，fl");
        assert_eq!(
            Normalizer::default().normalize_line("中文，标点！"),
            "中文,标点!"
        );
    }
}
