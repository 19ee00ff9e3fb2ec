//! Page metadata read from text: dates, bylines, titles, language.
//!
//! The content extractor reports a page's title, publication date, author, source and
//! language in its `Cleaned` result, and removes the lines that stated them from the body
//! text. These are the pure functions it calls, one small module per field, each usable on
//! its own:
//!
//! - [`date`]: [`parse_date`] reads a string that is a date; [`find_date`] finds the first
//!   date inside a line (`发布时间：2007-03-12 10:23 来源：新华网`) and where it is, so that a
//!   line that is only a date can be recognised and dropped.
//! - [`byline`]: [`parse_byline`] reads the labelled fields of one metadata line (作者, 来源,
//!   责任编辑, `By Jane Doe, Reuters`) and refuses body sentences that merely contain a label
//!   word.
//! - [`title`]: [`clean_title`] removes the site and channel names pages append to their
//!   `<title>` (`标题_频道_新浪网`, `Title | Site`); [`same_title`] recognises the title line
//!   repeated in the body, so that it is reported once and not kept twice.
//! - [`lang`]: [`guess_language`] names the language of a text by script, then by a
//!   stop-word vote among Latin-script languages; [`normalize_lang_tag`] reduces a declared
//!   tag (`<html lang="zh-CN">`) to its primary subtag.
//!
//! Every function is cheap enough to run once per page or per candidate line (regexes and
//! tables are built once, on first use) and never panics, whatever the input.

// Not public: these docs are for the crate's developers, and reach the hidden `internals`
// door only for its tests.
#![allow(rustdoc::private_intra_doc_links)]

pub mod byline;
pub mod date;
pub mod lang;
pub mod title;

pub use byline::parse_byline;
pub use date::{find_date, parse_date};
pub use lang::{guess_language, normalize_lang_tag};
pub use title::{clean_title, same_title};

#[cfg(test)]
mod tests {
    use super::date::Date;
    use super::*;
    use proptest::prelude::*;

    /// Characters dates, bylines and titles are made of, to reach deep paths more often
    /// than arbitrary text does.
    const META_ALPHABET: &str = "[0-9０-９〇零一二三四五六七八九十廿年月日号时分秒点上下午星期:：/．.\\-－_|｜丨 　,，。T年amp作者来源编辑发布时间文/By byMarch Mayon（）()【】网新浪ūéß]{0,60}";

    fn check_all(s: &str) {
        if let Some((d, r)) = find_date(s) {
            let _ = &s[r.clone()]; // a valid char range of the input
            assert!(
                Date::new(d.year, d.month, d.day).is_some(),
                "{d:?} from {s:?}"
            );
            if let Some((h, m, sec)) = d.time {
                assert!(h < 24 && m < 60 && sec.is_none_or(|x| x < 60), "{d:?}");
            }
            assert_eq!(parse_date(&d.iso()), Some(d), "iso round trip of {s:?}");
        }
        if let Some(d) = parse_date(s) {
            assert!(Date::new(d.year, d.month, d.day).is_some());
        }
        let _ = parse_byline(s);
        let cleaned = clean_title(s, Some(s));
        assert!(s.contains(cleaned.as_str()), "{cleaned:?} not in {s:?}");
        assert_eq!(cleaned.is_empty(), s.trim().is_empty(), "{s:?}");
        let _ = clean_title(s, None);
        assert!(!same_title(s, "") || s.is_empty());
        let _ = guess_language(s);
        let _ = normalize_lang_tag(s);
    }

    proptest! {
        #[test]
        fn no_panic_and_sane_results_on_any_text(s in "\\PC{0,80}") {
            check_all(&s);
        }

        #[test]
        fn no_panic_and_sane_results_on_metadata_like_text(s in META_ALPHABET) {
            check_all(&s);
        }
    }
}
