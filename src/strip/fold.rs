//! Folding a line for matching: one canonical form for the many ways sites write a word.
//!
//! `發 布 日 期：` and `发布日期:` fold to the same text: Traditional ideographs become
//! Simplified, full-width ASCII becomes ASCII, letters are lower-cased, and white space is
//! dropped (sites space out short labels to align them).

use crate::hanzi;

/// Writes the folded form of `line` into `out` (cleared first).
pub(crate) fn fold_into(line: &str, out: &mut String) {
    out.clear();
    let simplifier = hanzi::Simplifier::new();
    for c in line.chars() {
        if c.is_ascii() {
            // ASCII white space as `char::is_whitespace` has it (U+000B included).
            if !matches!(c, '\t'..='\r' | ' ') {
                out.push(c.to_ascii_lowercase());
            }
            continue;
        }
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            // Unified ideographs, most of a Chinese line: only the script folds.
            out.push(simplifier.simplify(c));
            continue;
        }
        if c.is_whitespace() || c == '\u{200B}' || c == '\u{FEFF}' {
            continue;
        }
        let c = match c {
            // Full-width forms of ASCII `！`..`～`.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '︰' => ':',
            _ if c > '\u{2FFF}' => simplifier.simplify(c),
            _ => c,
        };
        out.push(c.to_ascii_lowercase());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_spacing_width_case_and_script() {
        let mut s = String::new();
        fold_into("發 布 日 期：ＡＢ c", &mut s);
        assert_eq!(s, "发布日期:abc");
        fold_into("皖ICP備", &mut s);
        assert_eq!(s, "皖icp备");
    }
}
