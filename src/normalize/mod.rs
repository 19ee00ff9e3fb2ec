//! The normalizer: the last stage, which gives every kept line one canonical form.
//!
//! Per line: control characters dropped (tab becomes a space), Unicode NFKC (on by default,
//! as the seed pages' expected texts show), runs of white space collapsed to one space,
//! trimmed. Blank lines are dropped. A line equal to the kept line just before it (a title
//! shown twice, as page heading and article heading) is removed with the id
//! `normalize.repeated-line`. Only *consecutive* repeats go: a line that recurs far apart
//! (a refrain, a repeated table cell) is content.

use std::borrow::Cow;

use unicode_normalization::{is_nfkc_quick, IsNormalized, UnicodeNormalization};

use crate::doc::Doc;
use crate::report::RuleId;
use crate::stage::Stage;

/// Characters NFKC never changes and that need no look-up: ASCII, CJK punctuation,
/// unified ideographs, hangul syllables, and the full-width punctuation the line facts and
/// rule folding already treat as their ASCII forms.
fn is_nfkc_plain(c: char) -> bool {
    matches!(c as u32,
        0..=0x7F | 0x3001..=0x3035 | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xAC00..=0xD7A3
        | 0xFF01..=0xFF0D | 0xFF1A..=0xFF20 | 0xFF3B..=0xFF40 | 0xFF5B..=0xFF60)
}

/// The line as NFKC will leave it, computed only when some character could change.
///
/// Stages that run before the normalizer (repairs, strippers) judge lines by this view, so
/// that the normalizer's output, cleaned again, is judged the same way (idempotence).
pub fn nfkc_view(line: &str) -> Cow<'_, str> {
    if line.chars().all(is_nfkc_plain) || is_nfkc_quick(line.chars()) == IsNormalized::Yes {
        return Cow::Borrowed(line);
    }
    let normalized: String = line.nfkc().collect();
    if normalized == line {
        Cow::Borrowed(line)
    } else {
        Cow::Owned(normalized)
    }
}

/// Options of the normalizer. Defaults: NFKC on, repeated lines removed.
#[derive(Clone, Debug)]
pub struct NormalizeOptions {
    nfkc: bool,
    drop_repeated_lines: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            nfkc: true,
            drop_repeated_lines: true,
        }
    }
}

impl NormalizeOptions {
    /// Apply Unicode NFKC (default: on). Full-width ASCII becomes ASCII, `，` becomes `,`.
    pub fn nfkc(&mut self, yes: bool) -> &mut Self {
        self.nfkc = yes;
        self
    }

    /// Remove a line identical to the kept line before it (default: on).
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
        let nfkc = self.options.nfkc && is_nfkc_quick(line.chars()) != IsNormalized::Yes;
        let needs_space_work = line.chars().enumerate().any(|(i, c)| {
            is_dropped_control(c)
                || (c.is_whitespace() && (c != ' ' || i == 0))
                || c == '\u{200B}'
                || c == '\u{FEFF}'
        }) || line.contains("  ")
            || line.ends_with(' ');
        if !nfkc && !needs_space_work {
            return Cow::Borrowed(line);
        }
        let mut out = String::with_capacity(line.len());
        let mut pending_space = false;
        let mut push = |c: char, out: &mut String| {
            if c.is_whitespace() {
                pending_space = !out.is_empty();
            } else if is_dropped_control(c) || c == '\u{200B}' || c == '\u{FEFF}' {
                // invisible: drop
            } else {
                if pending_space {
                    out.push(' ');
                    pending_space = false;
                }
                out.push(c);
            }
        };
        if nfkc {
            for c in line.nfkc() {
                push(c, &mut out);
            }
        } else {
            for c in line.chars() {
                push(c, &mut out);
            }
        }
        Cow::Owned(out)
    }
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
        for i in 0..doc.len() {
            if doc.is_removed(i) {
                continue;
            }
            if let Cow::Owned(s) = self.normalize_line(doc.line(i)) {
                doc.set_text(i, &s);
            }
            if doc.line(i).is_empty() {
                doc.drop_blank(i);
                continue;
            }
            if self.options.drop_repeated_lines {
                if let Some(p) = prev {
                    if doc.line(p) == doc.line(i) {
                        doc.remove(
                            i,
                            RuleId::new("normalize.repeated-line"),
                            "same as the line before it",
                        );
                        continue;
                    }
                }
            }
            prev = Some(i);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn norm(s: &str) -> String {
        let mut d = Doc::from_text(s);
        Normalizer::default().run(&mut d);
        d.render()
    }

    #[test]
    fn nfkc_trim_collapse() {
        assert_eq!(norm("  ＡＢＣ，１２３　 x\t\ty  "), "ABC,123 x y\n");
        assert_eq!(norm("a\u{0}b\u{200B}c"), "abc\n");
    }

    #[test]
    fn blank_lines_and_consecutive_repeats_go() {
        assert_eq!(
            norm("标题\n\n   \n标题\n正文\n标题\n"),
            "标题\n正文\n标题\n"
        );
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
