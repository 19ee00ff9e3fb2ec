//! Latin-script bylines: fields are marked by openers and word order (`By …`, `Posted on
//! <date>`, `Source:`, a name beside an agency), so the grammar splits the line into
//! segments and reads each by its opener.

use super::{Byline, MAX_LEFTOVER_LATIN_LETTERS, MAX_VALUE_CHARS};
use crate::meta::date::{find_date, Date};

/// Letters a date segment may carry after its date (a zone: `ET`, `BST`).
const MAX_TAIL_LETTERS: usize = 3;
/// A name has at most this many words (not counting `and`, `&`).
const MAX_NAME_WORDS: usize = 8;

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "jr", "sr", "st", "prof", "gen", "gov", "sen", "rep", "mt", "ft",
    "no", "vol", "inc", "co", "ltd", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "vs", "etc", "a.m", "p.m", "u.s", "u.k",
];

/// `. ` (or `! `, `? `) followed by a word, where the full stop does not close an initial or
/// an abbreviation.
pub(super) fn has_latin_sentence_break(line: &str) -> bool {
    let bytes = line.as_bytes();
    for (i, w) in bytes.windows(3).enumerate() {
        if !(matches!(w[0], b'.' | b'!' | b'?') && w[1] == b' ' && w[2].is_ascii_alphabetic()) {
            continue;
        }
        if w[0] != b'.' {
            return true;
        }
        let word: String = line[..i]
            .chars()
            .rev()
            .take_while(|c| c.is_alphabetic() || *c == '.')
            .collect::<Vec<_>>()
            .into_iter()
            .rev()
            .collect::<String>()
            .to_lowercase();
        let initial = word.chars().filter(|c| c.is_alphabetic()).count() <= 1;
        if !initial && !ABBREVIATIONS.contains(&word.as_str()) {
            return true;
        }
    }
    false
}

/// Openers that introduce the author, lower case; `strict` ones (plain `by`) need
/// capitalised names, the others also take a user name (`Posted by admin`).
const AUTHOR_OPENERS: &[(&str, bool)] = &[
    ("additional reporting by ", false),
    ("reporting by ", false),
    ("reported by ", false),
    ("posted by ", false),
    ("written by ", false),
    ("story by ", false),
    ("words by ", false),
    ("text by ", false),
    ("article by ", false),
    ("published by ", false),
    ("by: ", false),
    ("by ", true),
    ("author: ", false),
    ("authors: ", false),
    ("byline: ", false),
];
const EDITOR_OPENERS: &[&str] = &["edited by ", "editing by ", "editor: ", "editors: "];
const SOURCE_OPENERS: &[&str] = &["source: ", "sources: "];
/// What may stand before a date in a date segment (`Published on March 4, 2019`), lower
/// case, without trailing `:`; `true` marks an update.
const DATE_OPENERS: &[(&str, bool)] = &[
    ("", false),
    ("on", false),
    ("published", false),
    ("published on", false),
    ("first published", false),
    ("first published on", false),
    ("posted", false),
    ("posted on", false),
    ("date", false),
    ("dated", false),
    ("updated", true),
    ("updated on", true),
    ("last updated", true),
    ("last updated on", true),
    ("modified", true),
    ("last modified", true),
];
/// Words that end an author's name when a date follows them, lower case, with the
/// space before them.
const DATE_WORDS_AFTER_NAME: &[&str] = &[" updated", " published", " posted", " last updated"];
/// Words after a comma that describe the author, not the source.
const ROLE_WORDS: &[&str] = &[
    "writer",
    "reporter",
    "correspondent",
    "editor",
    "contributor",
    "columnist",
    "staff",
    "producer",
    "analyst",
    "author",
    "journalist",
    "photographer",
];
/// Words that make a capitalised phrase an organisation rather than a person.
const ORG_WORDS: &[&str] = &[
    "news",
    "press",
    "times",
    "post",
    "herald",
    "tribune",
    "journal",
    "agency",
    "daily",
    "magazine",
    "media",
    "network",
    "radio",
    "tv",
    "online",
    "wire",
    "gazette",
    "telegraph",
    "reuters",
    "bloomberg",
    "associated",
    "afp",
    "ap",
    "bbc",
    "cnn",
    "xinhua",
    "group",
    "inc",
];
/// Navigation words: a segment made of these is a menu, not a name or a source.
const NAV_WORDS: &[&str] = &[
    "home",
    "news",
    "world",
    "sports",
    "sport",
    "business",
    "about",
    "contact",
    "login",
    "menu",
    "search",
    "subscribe",
    "privacy",
    "terms",
    "more",
    "video",
    "videos",
    "opinion",
    "politics",
    "tech",
    "technology",
    "science",
    "health",
    "entertainment",
    "culture",
    "lifestyle",
    "travel",
    "blog",
    "shop",
    "share",
    "comments",
    "comment",
    "print",
    "email",
    "follow",
    "us",
    "latest",
    "top",
    "stories",
    "local",
    "weather",
    "sign",
    "in",
    "up",
];
/// Capitalised words that start phrases, not names (`By Any Means`, `By This Time`).
const NOT_NAME_WORDS: &[&str] = &[
    "a",
    "an",
    "any",
    "all",
    "this",
    "that",
    "these",
    "those",
    "our",
    "your",
    "my",
    "its",
    "their",
    "his",
    "her",
    "using",
    "clicking",
    "continuing",
    "signing",
    "default",
    "far",
    "now",
    "then",
    "way",
    "far",
    "contrast",
    "comparison",
    "design",
    "law",
    "car",
    "phone",
    "email",
    "mail",
    "hand",
    "night",
    "day",
    "week",
    "month",
    "year",
];
/// Lower-case particles inside names (`Ludwig van Beethoven`).
const NAME_PARTICLES: &[&str] = &[
    "de", "van", "von", "der", "den", "da", "di", "du", "la", "le", "del", "dos", "bin", "al", "y",
    "ter", "ten",
];

fn lower_starts<'a>(s: &'a str, opener: &str) -> Option<&'a str> {
    let head = s.get(..opener.len())?;
    head.eq_ignore_ascii_case(opener)
        .then(|| &s[opener.len()..])
}

/// Byte offset of the first ASCII-case-insensitive occurrence of `needle` (ASCII).
fn find_ignore_ascii_case(hay: &str, needle: &str) -> Option<usize> {
    let (h, n) = (hay.as_bytes(), needle.as_bytes());
    (0..=h.len().checked_sub(n.len())?).find(|&i| h[i..i + n.len()].eq_ignore_ascii_case(n))
}

fn words(s: &str) -> impl Iterator<Item = &str> {
    s.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|w| !w.is_empty())
}

fn is_connector(w: &str) -> bool {
    matches!(w.to_ascii_lowercase().as_str(), "and" | "&" | "with")
}

fn capitalised(w: &str) -> bool {
    w.chars().next().is_some_and(|c| c.is_uppercase())
        && w.chars()
            .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
}

/// Capitalised names joined by `and`/`&`/`,` (`Jane Doe and John Roe`, `J. K. Rowling`).
fn is_names(s: &str) -> bool {
    let mut n = 0;
    for (k, w) in words(s).enumerate() {
        let lower = w.to_lowercase();
        if is_connector(w) || (k > 0 && NAME_PARTICLES.contains(&lower.as_str())) {
            continue;
        }
        if !capitalised(w) || NOT_NAME_WORDS.contains(&lower.trim_end_matches('.')) {
            return false;
        }
        n += 1;
    }
    (1..=MAX_NAME_WORDS).contains(&n)
}

/// A user name or loose name after `Posted by`, `Author:` (`admin`, `jdoe_42`, `Jane Doe`).
fn is_user(s: &str) -> bool {
    let ws: Vec<&str> = words(s).collect();
    !ws.is_empty()
        && ws.len() <= MAX_NAME_WORDS
        && ws.iter().all(|w| {
            is_connector(w)
                || w.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | '\'' | '’' | '@'))
        })
        && ws.iter().any(|w| w.chars().any(char::is_alphabetic))
}

/// A proper name of an organisation: 1–5 capitalised words (`Reuters`, `BBC News`,
/// `The Associated Press`, `9to5Mac`), not all navigation words.
fn is_org(s: &str) -> bool {
    let ws: Vec<&str> = words(s).collect();
    if ws.is_empty() || ws.len() > 5 {
        return false;
    }
    let shaped = ws.iter().enumerate().all(|(k, w)| {
        let lower = w.to_lowercase();
        (k > 0 && matches!(lower.as_str(), "of" | "the" | "and" | "&" | "for" | "de"))
            || (w
                .chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                && w.chars()
                    .all(|c| c.is_alphanumeric() || matches!(c, '\'' | '’' | '-' | '.' | '&')))
    });
    shaped
        && !ws
            .iter()
            .all(|w| NAV_WORDS.contains(&w.to_lowercase().as_str()))
}

fn looks_like_org(s: &str) -> bool {
    let ws: Vec<&str> = words(s).collect();
    ws.len() == 1
        || ws.iter().any(|w| {
            let lower = w.to_lowercase();
            ORG_WORDS.contains(&lower.as_str())
                || (w.len() >= 2 && w.chars().all(|c| c.is_ascii_uppercase()))
        })
}

fn is_role(s: &str) -> bool {
    words(s).any(|w| ROLE_WORDS.contains(&w.to_lowercase().trim_end_matches('s')))
}

fn letters(s: &str) -> usize {
    s.chars().filter(|c| c.is_alphabetic()).count()
}

/// Split at segment separators: `|`, `•`, `·`, ` - `, ` – `, ` — `, `;`, tabs and runs of
/// two or more spaces. Returns the segments and whether a bar-like separator was seen.
fn segments(line: &str) -> (Vec<&str>, bool) {
    let mut out = Vec::new();
    let mut bar = false;
    let mut start = 0;
    let mut iter = line.char_indices().peekable();
    while let Some((i, c)) = iter.next() {
        let next = iter.peek().map(|&(_, n)| n);
        let sep_len = match c {
            '|' | '｜' | '•' | '·' | ';' | '\t' => {
                bar |= c != ';' && c != '\t';
                c.len_utf8()
            }
            ' ' if next == Some(' ') => 1,
            ' ' if matches!(next, Some('-' | '–' | '—')) => {
                let after = line[i + 1..].chars().nth(1);
                if after.is_none_or(|a| a == ' ') {
                    bar = true;
                    1 + next.map_or(0, char::len_utf8)
                } else {
                    0
                }
            }
            _ => 0,
        };
        if sep_len > 0 {
            out.push(line[start..i].trim());
            start = i + sep_len;
            while iter.peek().is_some_and(|&(j, _)| j < start) {
                iter.next();
            }
        }
    }
    out.push(line[start..].trim());
    out.retain(|s| !s.is_empty());
    (out, bar)
}

/// A date segment: an allowed opener, then a date, then nothing much (a zone name, or
/// another date segment: `Published March 4, 2019 Updated March 5, 2019`).
/// Returns the date, whether it is an update, the letters covered, and whether an opener
/// labelled it.
fn date_segment(seg: &str) -> Option<(Date, bool, usize, bool)> {
    let (date, r) = find_date(seg)?;
    let head = seg[..r.start]
        .trim()
        .trim_end_matches([':', ','])
        .trim()
        .to_ascii_lowercase();
    let &(_, update) = DATE_OPENERS.iter().find(|(o, _)| *o == head)?;
    let rest = seg[r.end..].trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | ';'));
    let covered = if letters(rest) <= MAX_TAIL_LETTERS {
        letters(seg)
    } else {
        letters(&seg[..r.end]) + date_segment(rest)?.2
    };
    Some((date, update, covered, !head.is_empty()))
}

/// `March 4, 2019 by admin`: a leading date and an author in one segment become two.
fn split_date_then_author(seg: &str) -> Option<(&str, &str)> {
    let (_, r) = find_date(seg)?;
    let rest = seg[r.end..].trim_start_matches(|c: char| c.is_whitespace() || c == ',');
    AUTHOR_OPENERS
        .iter()
        .any(|&(o, _)| lower_starts(rest, o).is_some())
        .then(|| (&seg[..r.end], rest))
}

pub(super) fn parse_latin(line: &str) -> Option<Byline> {
    let (segs, bar) = segments(line);
    let segs: Vec<&str> = segs
        .into_iter()
        .flat_map(|s| match split_date_then_author(s) {
            Some((a, b)) => vec![a, b],
            None => vec![s],
        })
        .collect();
    let mut out = Byline::default();
    let mut updated = None;
    let mut labelled = false;
    let mut bare_author = false;
    let (mut inside, mut outside) = (0usize, 0usize);
    let mut prev_date = false;
    for (k, seg) in segs.iter().enumerate() {
        let seg =
            seg.trim_matches(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '[' | ']'));
        let after_date = std::mem::take(&mut prev_date);
        if let Some((rest, strict)) = AUTHOR_OPENERS
            .iter()
            .find_map(|&(o, strict)| lower_starts(seg, o).map(|r| (r, strict)))
        {
            let mut name = rest.trim();
            // The name ends at a date or at a date word (`By Jane Doe Updated 10:22 AM EST,
            // Mon March 4, 2019`).
            let date = find_date(name);
            let word_at = DATE_WORDS_AFTER_NAME
                .iter()
                .filter_map(|w| find_ignore_ascii_case(name, w))
                .min();
            if let Some((d, r)) = &date {
                out.date.get_or_insert(*d);
                outside += letters(&name[r.end..]);
            }
            let cut = match (&date, word_at) {
                (Some((_, r)), Some(w)) => Some(r.start.min(w)),
                (Some((_, r)), None) => Some(r.start),
                (None, w) => w,
            };
            if let Some(cut) = cut {
                name = name[..cut].trim_end();
                for tail in [" on", " at", ",", " -", " |"] {
                    if let Some(cut) = name.len().checked_sub(tail.len()) {
                        if name
                            .get(cut..)
                            .is_some_and(|t| t.eq_ignore_ascii_case(tail))
                        {
                            name = name[..cut].trim_end();
                        }
                    }
                }
            }
            if let Some((head, tail)) = name.rsplit_once(", ") {
                let tail = tail.trim();
                if is_role(tail) {
                    name = head.trim();
                } else if is_org(tail)
                    && (looks_like_org(tail) || head.contains(" and "))
                    && out.source.is_none()
                {
                    out.source = Some(tail.to_string());
                    name = head.trim();
                }
            }
            // After a date (`March 4, 2019 by admin`), a plain `by` is a byline's too.
            let ok = if strict && !after_date {
                is_names(name)
            } else {
                is_user(name)
            };
            if !ok {
                if k == 0 && strict {
                    return None; // "By the way, …": a sentence
                }
                outside += letters(seg);
                continue;
            }
            labelled = true;
            inside += letters(seg);
            out.author.get_or_insert_with(|| name.to_string());
        } else if let Some(rest) = EDITOR_OPENERS.iter().find_map(|o| lower_starts(seg, o)) {
            let name = rest.trim().trim_end_matches('.');
            if is_user(name) {
                labelled = true;
                inside += letters(seg);
                out.editor.get_or_insert_with(|| name.to_string());
            } else {
                outside += letters(seg);
            }
        } else if let Some(rest) = SOURCE_OPENERS.iter().find_map(|o| lower_starts(seg, o)) {
            let src = rest.trim().trim_end_matches('.');
            if !src.is_empty() && src.chars().count() <= MAX_VALUE_CHARS && !src.contains(". ") {
                labelled = true;
                inside += letters(seg);
                out.source.get_or_insert_with(|| src.to_string());
            } else {
                outside += letters(seg);
            }
        } else if let Some((date, update, covered, opener)) = date_segment(seg) {
            // A date alone is not a byline (that is find_date's business), a labelled one is.
            labelled |= opener;
            prev_date = true;
            inside += covered;
            outside += letters(seg).saturating_sub(covered);
            if update {
                updated.get_or_insert(date);
            } else {
                out.date.get_or_insert(date);
            }
        } else if k == 0
            && bar
            && segs.len() <= 3
            && is_names(seg)
            && words(seg).count() <= 4
            && !looks_like_org(seg)
        {
            bare_author = true;
            inside += letters(seg);
            out.author = Some(seg.to_string());
        } else if k > 0 && out.author.is_some() && out.source.is_none() && is_org(seg) {
            inside += letters(seg);
            out.source = Some(seg.to_string());
        } else {
            outside += letters(seg);
        }
    }
    if out.date.is_none() {
        out.date = updated;
    }
    // A bare name needs company: a labelled field, a source or a date beside it.
    let supported = labelled || (bare_author && (out.source.is_some() || out.date.is_some()));
    if !supported || outside > MAX_LEFTOVER_LATIN_LETTERS || outside > inside {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::super::tests::b;
    use super::super::{parse_byline, MAX_LATIN_CHARS};
    use super::*;

    #[test]
    fn latin_bylines() {
        for (line, want) in [
            ("By Jane Doe", b(Some("Jane Doe"), None, None, None)),
            ("by JANE DOE", b(Some("JANE DOE"), None, None, None)),
            (
                "By Jane Doe and John Roe, Reuters",
                b(Some("Jane Doe and John Roe"), Some("Reuters"), None, None),
            ),
            (
                "By Jane Doe, Associated Press",
                b(Some("Jane Doe"), Some("Associated Press"), None, None),
            ),
            (
                "By Jane Doe, Staff Writer",
                b(Some("Jane Doe"), None, None, None),
            ),
            (
                "By Jane Doe, John Roe",
                b(Some("Jane Doe, John Roe"), None, None, None),
            ),
            (
                "By J. K. Rowling",
                b(Some("J. K. Rowling"), None, None, None),
            ),
            (
                "By Ludwig van Beethoven",
                b(Some("Ludwig van Beethoven"), None, None, None),
            ),
            (
                "By The Associated Press",
                b(Some("The Associated Press"), None, None, None),
            ),
            (
                "Jane Doe | Reuters",
                b(Some("Jane Doe"), Some("Reuters"), None, None),
            ),
            (
                "Jane Doe | March 4, 2019",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "Posted by admin on March 4, 2019",
                b(Some("admin"), None, Some("2019-03-04"), None),
            ),
            ("Source: Reuters", b(None, Some("Reuters"), None, None)),
            ("Author: jdoe", b(Some("jdoe"), None, None, None)),
            (
                "By Jane Doe | Published March 4, 2019 | Updated March 5, 2019",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "Updated: Monday, March 4, 2019 10:22 AM",
                b(None, None, Some("2019-03-04 10:22"), None),
            ),
            (
                "Reporting by Jane Doe; Editing by John Roe",
                b(Some("Jane Doe"), None, None, Some("John Roe")),
            ),
            (
                "By Jane Doe    March 4, 2019",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "By Jane Doe - Mar. 4, 2019 10:22 am",
                b(Some("Jane Doe"), None, Some("2019-03-04 10:22"), None),
            ),
            (
                "By Jane Doe on March 4, 2019",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "Published 4 March 2019",
                b(None, None, Some("2019-03-04"), None),
            ),
            (
                "Last updated on March 4, 2019",
                b(None, None, Some("2019-03-04"), None),
            ),
            (
                "Published: 04 Mar 2019 10:22 GMT",
                b(None, None, Some("2019-03-04 10:22"), None),
            ),
            (
                "By Jane Doe Updated 10:22 AM EST, Mon March 4, 2019",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "By Jane Doe • March 4, 2019 • 5 min read",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "By Jane Doe, CNN",
                b(Some("Jane Doe"), Some("CNN"), None, None),
            ),
            (
                "March 4, 2019 by admin",
                b(Some("admin"), None, Some("2019-03-04"), None),
            ),
            (
                "Posted on March 4, 2019 by Jane Doe",
                b(Some("Jane Doe"), None, Some("2019-03-04"), None),
            ),
            (
                "By Jane Doe and John Roe | Reuters",
                b(Some("Jane Doe and John Roe"), Some("Reuters"), None, None),
            ),
            (
                "Written by Jane Doe | Edited by John Roe",
                b(Some("Jane Doe"), None, None, Some("John Roe")),
            ),
            (
                "(Reporting by Will Dunham; Editing by Tom Brown)",
                b(Some("Will Dunham"), None, None, Some("Tom Brown")),
            ),
            ("(By Jane Doe)", b(Some("Jane Doe"), None, None, None)),
        ] {
            assert_eq!(parse_byline(line), Some(want), "{line}");
        }
    }

    #[test]
    fn latin_look_alikes() {
        for line in [
            "By the way, nobody came.",
            "By 2020, the company had grown tenfold.",
            "By clicking Accept you agree to our terms",
            "By Any Means Necessary",
            "Author interviews with famous writers",
            "Editor picks for the weekend",
            "Source code and documentation",
            "The report was written by Jane Doe. It was long.",
            "Jane Doe said the source was unreliable. She left.",
            "Home | News | Sports",
            "World News | Sports",
            "Jane Doe",
            "Share this article | Comments",
            "Apple unveils new iPhone | Reuters",
            "Sources say the deal is off. More soon.",
            "by the river we sat and wept",
            "March 4, 2019 10 people died",
            "2022-02-13 20:04:17",
            "29 November 2018 | 20 January 2019",
            "",
        ] {
            assert_eq!(parse_byline(line), None, "{line}");
        }
        let long = format!("By Jane Doe {}", "x ".repeat(MAX_LATIN_CHARS));
        assert_eq!(parse_byline(&long), None);
    }

    #[test]
    fn sentence_breaks() {
        assert!(!has_latin_sentence_break("By J. K. Rowling"));
        assert!(!has_latin_sentence_break("Mar. 4, 2019 by Dr. Jane Doe"));
        assert!(has_latin_sentence_break("Written by Jane. Read it"));
        assert!(has_latin_sentence_break("Wow! Great"));
    }
}
