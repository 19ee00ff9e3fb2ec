//! What a page says about itself: title, publication date, author, publisher, language,
//! canonical URL, gathered once the stages have run.
//!
//! Sources, most trusted first:
//! - the `<head>` ([`PageMeta`]): `og:title`, `<title>`, the first `<h1>`,
//!   `article:published_time` and the other date names CMSs use, `author`, `og:site_name`,
//!   `<link rel=canonical>`, `<html lang>`;
//! - the metadata lines the text rules removed (`meta.*`: `发布时间：… 来源：… 作者：…`,
//!   `By Jane Doe | Reuters`) and the byline-looking lines just above the article that the
//!   content stage removed: removed from the text, their values land here;
//! - the text itself, for the language.
//!
//! A field is `None` when the page does not state it: nothing is invented.

use crate::decode::html::PageMeta;
use crate::meta::{
    clean_title, find_date, guess_language, normalize_lang_tag, parse_byline, parse_date,
    same_title,
};

/// Structured metadata of a cleaned page ([`crate::Cleaned::metadata`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Metadata {
    /// The article's title, without the site-name suffix (`标题_新华网` → `标题`).
    pub title: Option<String>,
    /// Publication date (and time when stated), ISO 8601: `2019-03-04` or
    /// `2019-03-04T10:22`.
    pub published: Option<String>,
    /// Author.
    pub author: Option<String>,
    /// Publisher or source (`og:site_name`, `来源：新华网`, `Reuters`).
    pub publisher: Option<String>,
    /// Language of the text, a BCP-47 primary tag (`zh`, `en`): guessed from the text, else
    /// the page's `lang` attribute.
    pub language: Option<String>,
    /// `<link rel=canonical>`, as written.
    pub canonical_url: Option<String>,
}

/// How many lines above the first kept line may hold the byline.
pub(crate) const BYLINE_WINDOW: usize = 6;

/// Gathers the metadata from the page head, the lines that stated metadata (removed by
/// the text rules, or removed just above the article) and the clean text.
pub(crate) fn gather<'a>(
    page: Option<&PageMeta>,
    stated: impl Iterator<Item = &'a str>,
    text: &str,
) -> Metadata {
    let mut m = Metadata::default();
    if let Some(p) = page {
        m.title = title_of(p);
        m.published = p
            .published
            .as_deref()
            .and_then(|d| parse_date(d).or_else(|| find_date(d).map(|f| f.0)))
            .map(|d| d.iso());
        m.author = p.author.clone().filter(|a| plausible(a));
        m.publisher = p.site_name.clone().filter(|a| plausible(a));
        m.canonical_url = p.canonical.clone();
    }
    for line in stated {
        let Some(b) = parse_byline(line) else {
            if m.published.is_none() {
                m.published = find_date(line).map(|(d, _)| d.iso());
            }
            continue;
        };
        if m.published.is_none() {
            m.published = b.date.map(|d| d.iso());
        }
        if m.author.is_none() {
            m.author = b.author.filter(|a| plausible(a));
        }
        if m.publisher.is_none() {
            m.publisher = b.source.filter(|a| plausible(a));
        }
    }
    m.language = guess_language(text).map(str::to_owned).or_else(|| {
        page.and_then(|p| p.lang.as_deref())
            .and_then(normalize_lang_tag)
    });
    m
}

/// The page's title: the `<h1>` when it agrees with `og:title` or `<title>` (it is what the
/// reader sees), else `og:title`, else `<title>`, each without the site name; else the
/// `<h1>` alone.
fn title_of(p: &PageMeta) -> Option<String> {
    let site = p.site_name.as_deref();
    let declared = p
        .og_title
        .as_deref()
        .or(p.title.as_deref())
        .map(|t| clean_title(t, site));
    match (p.h1.as_deref(), declared) {
        (Some(h1), Some(d)) if same_title(h1, &d) => Some(h1.to_owned()),
        (_, Some(d)) if !d.is_empty() => Some(d),
        (Some(h1), _) => Some(h1.to_owned()),
        _ => None,
    }
}

/// A name, not template debris (`size="20"`, `{{author}}`) or a profile URL.
fn plausible(s: &str) -> bool {
    let s = s.trim();
    !s.is_empty()
        && s.chars().count() <= MAX_NAME_CHARS
        && !s.contains(['=', '<', '>', '{', '}', '"'])
        && !s.starts_with("http://")
        && !s.starts_with("https://")
}

/// Longer "names" are sentences or lists.
const MAX_NAME_CHARS: usize = 80;
