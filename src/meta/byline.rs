//! Bylines: the short metadata line of a news page that names author, source, editor and
//! date (`2007年03月12日 10:23 来源：新华网 作者：张三`, `By Jane Doe and John Roe, Reuters`).
//!
//! # How
//! - **Chinese (any line with CJK characters)**: labels (作者, 来源, 责任编辑, 发布时间…, in
//!   Simplified or Traditional characters, full- or half-width) are found first. A word is a
//!   label only when it starts a field (start of line, after white space, punctuation or a
//!   digit, or after 本文/文章/信息…) and is followed by a separator (`：`, `:`, `|`, or white
//!   space; the weak labels 文 and 来自 need `：`, `/` or `|`). A value runs from the separator
//!   to the next label, and is cut at white space (a space between two Latin words is kept:
//!   `Jane Doe`). Date values go through [`find_date`]; an unlabelled date anywhere on the
//!   line counts too.
//! - **Latin script**: the line is split into segments at `|`, `•`, `·`, ` - `, `;`, runs of
//!   spaces; segments are read as `By …` / `Posted by …` (author, then `on <date>` and
//!   `, <Agency>` unless it is a role such as `Staff Writer`), `Reporting by … ; Editing by …`,
//!   `Author:`, `Editor:` / `Edited by`, `Source:`, `Published|Updated|Posted [on] <date>`,
//!   and a bare name that a `|` separates from a source or a date (`Jane Doe | Reuters`).
//!   A plain `By` takes capitalised names only (`By the way, …` is a sentence), except right
//!   after a date (`March 4, 2019 by admin`); `Posted by`, `Written by`… also take user names.
//!
//! A publication date wins over an update date (更新时间, `Updated`), which is reported only
//! when it is the only date.
//!
//! # What is not a byline
//! A line longer than [`MAX_CJK_CHARS`] / [`MAX_LATIN_CHARS`]; a sentence (`。！？` before the
//! end, `. ` followed by a word that does not close an initial or an abbreviation); a line
//! with no label; a line that is only a date (that is [`find_date`]'s business); a line where
//! letters outside labels, values and dates exceed those inside, or
//! [`MAX_LEFTOVER_LETTERS`] ([`MAX_LEFTOVER_LATIN_LETTERS`] for Latin script); a label whose
//! value is a phrase (over 40 characters). Values are cut at the first white space in
//! Chinese lines, so `作者：张三 李四` reports 张三 only.

use super::date::{find_date, Date};
use crate::hanzi;

/// Longest byline with CJK characters, in characters.
pub const MAX_CJK_CHARS: usize = 80;
/// Longest Latin-script byline, in characters.
pub const MAX_LATIN_CHARS: usize = 160;
/// Letters outside labels, values and dates a byline may carry (view counters, `字号 大 中
/// 小`, a second co-author); more than this, or more than the letters of its fields, and the
/// line is text that happens to contain a label.
pub const MAX_LEFTOVER_LETTERS: usize = 12;
/// Letters outside fields a Latin byline may carry: Latin words are longer than Chinese
/// ones, so the bound is looser than [`MAX_LEFTOVER_LETTERS`].
pub const MAX_LEFTOVER_LATIN_LETTERS: usize = 30;
/// Letters a date segment may carry after its date (a zone: `ET`, `BST`).
const MAX_TAIL_LETTERS: usize = 3;
/// A field value longer than this many characters is a phrase, not a name.
const MAX_VALUE_CHARS: usize = 40;
/// A name has at most this many words (not counting `and`, `&`).
const MAX_NAME_WORDS: usize = 8;

/// The fields of one byline. Fields the line did not state are `None`.
///
/// `#[non_exhaustive]`: more fields (photographer, update date) may come.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Byline {
    /// Who wrote it (作者, 记者, 文, `By`).
    pub author: Option<String>,
    /// Where it came from (来源, 稿源, `Source:`, the agency after a name).
    pub source: Option<String>,
    /// Publication date (an update date only when no publication date is given).
    pub date: Option<Date>,
    /// Who edited it (责任编辑, 编辑, `Edited by`).
    pub editor: Option<String>,
}

impl Byline {
    fn is_empty(&self) -> bool {
        self.author.is_none()
            && self.source.is_none()
            && self.date.is_none()
            && self.editor.is_none()
    }
}

/// Read the labelled fields of one metadata line; `None` when the line is not a byline.
///
/// # Example
/// ```
/// use pagewash::internals::meta::parse_byline;
///
/// let b = parse_byline("2007年03月12日 10:23 来源：新华网 作者：张三").unwrap();
/// assert_eq!(b.source.as_deref(), Some("新华网"));
/// assert_eq!(b.author.as_deref(), Some("张三"));
/// assert_eq!(b.date.unwrap().iso(), "2007-03-12T10:23");
///
/// let b = parse_byline("By Jane Doe and John Roe, Reuters").unwrap();
/// assert_eq!(b.author.as_deref(), Some("Jane Doe and John Roe"));
/// assert_eq!(b.source.as_deref(), Some("Reuters"));
///
/// // A sentence that merely contains a label word is not a byline.
/// assert!(parse_byline("据了解，这批货物的来源：一是本地，二是外省。").is_none());
/// assert!(parse_byline("By the way, nobody came.").is_none());
/// ```
pub fn parse_byline(line: &str) -> Option<Byline> {
    let line = line.trim();
    if line.is_empty() {
        return None;
    }
    let cjk = line.chars().any(is_cjk);
    let max = if cjk { MAX_CJK_CHARS } else { MAX_LATIN_CHARS };
    if line.chars().nth(max).is_some() {
        return None;
    }
    let byline = if cjk {
        if has_cjk_sentence_mark(line) {
            return None;
        }
        parse_labelled(line)?
    } else {
        if has_latin_sentence_break(line) {
            return None;
        }
        parse_latin(line)?
    };
    (!byline.is_empty()).then_some(byline)
}

fn is_cjk(c: char) -> bool {
    hanzi::is_ideograph(c)
        || matches!(c as u32, 0x3040..=0x30FF | 0xAC00..=0xD7AF)
        || matches!(c, '：' | '，' | '。' | '【' | '】' | '（' | '）')
}

/// 。！？ anywhere but at the very end.
fn has_cjk_sentence_mark(line: &str) -> bool {
    let body = line.trim_end_matches(['。', '！', '？', '!', '?', '.']);
    body.contains(['。', '！', '？'])
}

/// Abbreviations whose full stop does not end a sentence.
const ABBREVIATIONS: &[&str] = &[
    "mr", "mrs", "ms", "dr", "jr", "sr", "st", "prof", "gen", "gov", "sen", "rep", "mt", "ft",
    "no", "vol", "inc", "co", "ltd", "corp", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
    "sep", "sept", "oct", "nov", "dec", "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri",
    "sat", "sun", "vs", "etc", "a.m", "p.m", "u.s", "u.k",
];

/// `. ` (or `! `, `? `) followed by a word, where the full stop does not close an initial or
/// an abbreviation.
fn has_latin_sentence_break(line: &str) -> bool {
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

// ---------------------------------------------------------------------------------------
// Labelled (Chinese) lines

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Field {
    Author,
    Source,
    Editor,
    Date,
    /// A publication date that may be an update (更新时间): used only when no other date.
    Updated,
    /// A metadata label we do not report (摄影, 浏览次数, 字号…): it ends the previous
    /// value, and its own value is not leftover text.
    Other,
}

/// How a label must be followed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Strength {
    /// `：`, `:`, `|` or white space.
    Strong,
    /// `：`, `:`, `/` or `|` only: the word is common in text (文, 来自).
    Weak,
    /// `:` only (English words inside a Chinese line).
    Colon,
}

/// Labels in their folded form (Simplified, half-width, lower case). Longer labels first
/// where one contains another at the same start (责任编辑 before 责编 does not matter, but
/// 发布时间 must win over a later 时间, which the scan order guarantees).
const LABELS: &[(&str, Field, Strength)] = {
    use Field::*;
    use Strength::*;
    &[
        ("责任编辑", Editor, Strong),
        ("值班编辑", Editor, Strong),
        ("编辑", Editor, Strong),
        ("责编", Editor, Strong),
        ("作者", Author, Strong),
        ("记者", Author, Strong),
        ("撰稿", Author, Strong),
        ("撰文", Author, Strong),
        ("通讯员", Author, Strong),
        ("发布者", Author, Strong),
        ("发布人", Author, Strong),
        ("文/图", Author, Strong),
        ("图/文", Author, Strong),
        ("文", Author, Weak),
        ("来源", Source, Strong),
        ("稿源", Source, Strong),
        ("出处", Source, Strong),
        ("供稿", Source, Strong),
        ("发布机构", Source, Strong),
        ("发布单位", Source, Strong),
        ("来自", Source, Weak),
        ("转自", Source, Weak),
        ("发布时间", Date, Strong),
        ("发布日期", Date, Strong),
        ("发表时间", Date, Strong),
        ("发表日期", Date, Strong),
        ("发文日期", Date, Strong),
        ("刊发时间", Date, Strong),
        ("上传时间", Date, Strong),
        ("录入时间", Date, Strong),
        ("添加时间", Date, Strong),
        ("创建时间", Date, Strong),
        ("成文日期", Date, Strong),
        ("时间", Date, Strong),
        ("日期", Date, Strong),
        ("发表于", Date, Strong),
        ("发布于", Date, Strong),
        ("更新时间", Updated, Strong),
        ("更新日期", Updated, Strong),
        ("摄影", Other, Strong),
        ("摄像", Other, Strong),
        ("图片", Other, Strong),
        ("图", Other, Weak),
        ("审核", Other, Strong),
        ("审校", Other, Strong),
        ("校对", Other, Strong),
        ("终审", Other, Strong),
        ("分类", Other, Strong),
        ("栏目", Other, Strong),
        ("标签", Other, Strong),
        ("关键词", Other, Strong),
        ("字号", Other, Strong),
        ("字体", Other, Strong),
        ("浏览次数", Other, Strong),
        ("浏览量", Other, Strong),
        ("阅读量", Other, Strong),
        ("点击数", Other, Strong),
        ("点击量", Other, Strong),
        ("浏览", Other, Strong),
        ("阅读", Other, Strong),
        ("点击", Other, Strong),
        ("评论", Other, Strong),
        ("source", Source, Colon),
        ("author", Author, Colon),
        ("editor", Editor, Colon),
        ("date", Date, Colon),
    ]
};

/// Words that may stand before a label without breaking its start (本文来源, 信息来源).
const LABEL_PREFIXES: &[&str] = &[
    "本文", "文章", "新闻", "稿件", "信息", "本站", "原文", "图文",
];

/// One line as characters, with a folded copy for matching.
struct Chars<'a> {
    line: &'a str,
    /// Byte offset of each character, plus the line length.
    offsets: Vec<usize>,
    folded: Vec<char>,
}

impl<'a> Chars<'a> {
    fn new(line: &'a str) -> Chars<'a> {
        let mut offsets = Vec::with_capacity(line.len() + 1);
        let mut folded = Vec::with_capacity(line.len());
        for (i, c) in line.char_indices() {
            offsets.push(i);
            folded.push(fold(c));
        }
        offsets.push(line.len());
        Chars {
            line,
            offsets,
            folded,
        }
    }

    fn len(&self) -> usize {
        self.folded.len()
    }

    fn text(&self, from: usize, to: usize) -> &'a str {
        &self.line[self.offsets[from]..self.offsets[to]]
    }

    fn starts_with(&self, at: usize, word: &str) -> bool {
        (at..)
            .zip(word.chars())
            .all(|(i, w)| self.folded.get(i) == Some(&w))
    }

    /// The char index of a byte offset (which is a char boundary).
    fn index_of(&self, byte: usize) -> usize {
        self.offsets.partition_point(|&o| o < byte)
    }
}

/// Full-width to ASCII, ASCII lower case, Traditional to Simplified.
fn fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0)
            .unwrap_or(c)
            .to_ascii_lowercase(),
        '\u{3000}' => ' ',
        '丨' => '|',
        c if c.is_ascii() => c.to_ascii_lowercase(),
        c if hanzi::is_ideograph(c) => hanzi::to_simplified(c),
        c => c,
    }
}

struct Hit {
    /// First char of the label (or of its prefix).
    start: usize,
    /// First char of the value.
    value: usize,
    field: Field,
}

/// A label starting at char `i`, if any: (label length, field, value start).
fn label_at(chars: &Chars<'_>, i: usize) -> Option<(Field, usize)> {
    let f = &chars.folded;
    for &(word, field, strength) in LABELS {
        if !chars.starts_with(i, word) {
            continue;
        }
        let n = word.chars().count();
        let first = f[i];
        // The label must start a field.
        let before_ok = i == 0 || {
            let p = f[i - 1];
            let latin = first.is_ascii_alphabetic();
            if latin {
                !p.is_ascii_alphanumeric()
            } else {
                !p.is_alphabetic()
                    || LABEL_PREFIXES.iter().any(|pre| {
                        let k = pre.chars().count();
                        i >= k
                            && chars.starts_with(i - k, pre)
                            && (i == k || !f[i - k - 1].is_alphabetic())
                    })
            }
        };
        if !before_ok {
            continue;
        }
        // …and be followed by a separator.
        let mut j = i + n;
        let mut spaces = 0;
        while f.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
            spaces += 1;
        }
        let sep = f.get(j).copied();
        let separated = match (strength, sep) {
            (_, Some(':')) => true,
            (Strength::Colon, _) => false,
            (_, Some('|')) => true,
            (Strength::Weak, Some('/')) => true,
            (Strength::Weak, _) => false,
            (Strength::Strong, Some(_)) => spaces > 0,
            (Strength::Strong, None) => false,
        };
        if !separated {
            continue;
        }
        if matches!(sep, Some(':' | '|' | '/')) {
            j += 1;
        }
        while f.get(j).is_some_and(|c| c.is_whitespace()) {
            j += 1;
        }
        return Some((field, j));
    }
    None
}

fn find_labels(chars: &Chars<'_>) -> Vec<Hit> {
    let mut hits: Vec<Hit> = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        if let Some((field, value)) = label_at(chars, i) {
            // A prefix (本文来源) belongs to the label.
            let start = LABEL_PREFIXES
                .iter()
                .map(|p| p.chars().count())
                .find(|&k| i >= k && LABEL_PREFIXES.iter().any(|p| chars.starts_with(i - k, p)))
                .map_or(i, |k| i - k);
            let start = hits.last().map_or(start, |h| start.max(h.value));
            hits.push(Hit {
                start,
                value,
                field,
            });
            i = value.max(i + 1);
        } else {
            i += 1;
        }
    }
    hits
}

/// Characters that wrap or separate values and are trimmed from both ends.
const VALUE_TRIM: &[char] = &[
    '【', '】', '[', ']', '（', '）', '(', ')', '「', '」', '〔', '〕', '<', '>', '〈', '〉', '"',
    '“', '”', '\'', '‘', '’', ':', '：', ',', '，', ';', '；', '|', '｜', '丨', '/', '·', '.',
    '。', '-', '—', '_', '、', '《', '》',
];

/// Where a value ends inside `from..to`: at white space (except one space between Latin
/// words), or at a separator.
fn value_end(chars: &Chars<'_>, from: usize, to: usize) -> usize {
    let f = &chars.folded;
    let mut i = from;
    while i < to {
        let c = f[i];
        if matches!(c, '|' | ',' | '，' | ';' | '；' | ':') {
            return i;
        }
        if c.is_whitespace() {
            let joins_words = i > from
                && f[i - 1].is_ascii_alphabetic()
                && f.get(i + 1).is_some_and(|n| n.is_ascii_alphabetic())
                && i + 1 < to;
            if !joins_words {
                return i;
            }
        }
        i += 1;
    }
    to
}

/// A parenthesised aside right after a value (`周思博 (Joel Spolsky)`): its end, if any.
fn aside_end(chars: &Chars<'_>, from: usize, to: usize) -> Option<usize> {
    let f = &chars.folded;
    let mut i = from;
    while i < to && f[i].is_whitespace() {
        i += 1;
    }
    if i < to && matches!(f[i], '(' | '（') {
        let close = (i..to).find(|&j| matches!(f[j], ')' | '）'))?;
        return Some(close + 1);
    }
    None
}

fn clean_value(raw: &str, field: Field) -> Option<String> {
    let mut v = raw.trim_matches(|c: char| c.is_whitespace() || VALUE_TRIM.contains(&c));
    if field == Field::Source && v.contains(['《', '》']) {
        let stripped: String = v.chars().filter(|c| !matches!(c, '《' | '》')).collect();
        return non_empty(stripped.trim());
    }
    if v.chars().count() > MAX_VALUE_CHARS {
        v = "";
    }
    non_empty(v)
}

fn non_empty(v: &str) -> Option<String> {
    (!v.is_empty() && v.chars().count() <= MAX_VALUE_CHARS).then(|| v.to_string())
}

fn parse_labelled(line: &str) -> Option<Byline> {
    let chars = Chars::new(line);
    let hits = find_labels(&chars);
    if hits.is_empty() {
        return None;
    }
    let n = chars.len();
    let mut covered = vec![false; n];
    let mut out = Byline::default();
    let mut updated: Option<Date> = None;
    for (k, hit) in hits.iter().enumerate() {
        let region_end = hits.get(k + 1).map_or(n, |h| h.start);
        covered[hit.start..hit.value.min(n)].fill(true);
        if hit.value >= region_end {
            continue;
        }
        match hit.field {
            Field::Date | Field::Updated => {
                let region = chars.text(hit.value, region_end);
                if let Some((date, r)) = find_date(region) {
                    // The date must be the value, not a date further on.
                    if region[..r.start].chars().count() <= 2 {
                        let from = chars.index_of(chars.offsets[hit.value] + r.start);
                        let to = chars.index_of(chars.offsets[hit.value] + r.end);
                        covered[from..to].fill(true);
                        let slot = if hit.field == Field::Date {
                            &mut out.date
                        } else {
                            &mut updated
                        };
                        slot.get_or_insert(date);
                    }
                }
            }
            field => {
                let end = value_end(&chars, hit.value, region_end);
                let value = clean_value(chars.text(hit.value, end), field);
                if value.is_none() && end > hit.value + MAX_VALUE_CHARS / 2 {
                    continue; // a phrase after the label: leave it uncovered
                }
                covered[hit.value..end].fill(true);
                if let Some(aside) = aside_end(&chars, end, region_end) {
                    covered[end..aside].fill(true);
                }
                let slot = match field {
                    Field::Author => &mut out.author,
                    Field::Source => &mut out.source,
                    Field::Editor => &mut out.editor,
                    _ => continue,
                };
                if slot.is_none() {
                    *slot = value;
                }
            }
        }
    }
    // An unlabelled date (`2007年03月12日 10:23 来源：…`).
    if out.date.is_none() {
        let mut from = 0;
        while from < n {
            let rest = chars.text(from, n);
            let Some((date, r)) = find_date(rest) else {
                break;
            };
            let a = chars.index_of(chars.offsets[from] + r.start);
            let b = chars.index_of(chars.offsets[from] + r.end);
            if !covered[a..b].iter().any(|&c| c) {
                covered[a..b].fill(true);
                out.date = Some(date);
                break;
            }
            from = b.max(a + 1);
        }
    }
    if out.date.is_none() {
        out.date = updated;
    }
    let (mut inside, mut outside) = (0, 0);
    for (i, &c) in chars.folded.iter().enumerate() {
        if c.is_alphabetic() {
            if covered[i] {
                inside += 1;
            } else {
                outside += 1;
            }
        }
    }
    if outside > MAX_LEFTOVER_LETTERS || outside > inside {
        return None;
    }
    Some(out)
}

// ---------------------------------------------------------------------------------------
// Latin-script lines

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

fn parse_latin(line: &str) -> Option<Byline> {
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
    use super::*;

    fn b(
        author: Option<&str>,
        source: Option<&str>,
        date: Option<&str>,
        editor: Option<&str>,
    ) -> Byline {
        let date = date
            .map(|d| super::super::date::parse_date(d).unwrap_or_else(|| panic!("test date {d}")));
        Byline {
            author: author.map(String::from),
            source: source.map(String::from),
            date,
            editor: editor.map(String::from),
        }
    }

    #[test]
    fn chinese_bylines() {
        for (line, want) in [
            (
                "2007年03月12日 10:23 来源：新华网 作者：张三",
                b(Some("张三"), Some("新华网"), Some("2007-03-12 10:23"), None),
            ),
            (
                "发布时间：2007-03-12 10:23 来源：新华网",
                b(None, Some("新华网"), Some("2007-03-12 10:23"), None),
            ),
            (
                "发布日期: 2022-09-30 07:59      来源: 滨城时报",
                b(None, Some("滨城时报"), Some("2022-09-30 07:59"), None),
            ),
            (
                "2020年02月14日 12:37 14549次瀏覽 來源: 中國有色金屬報 分類: 稀土 作者: 李寶樂",
                b(
                    Some("李寶樂"),
                    Some("中國有色金屬報"),
                    Some("2020-02-14 12:37"),
                    None,
                ),
            ),
            ("責任編輯:周大偉", b(None, None, None, Some("周大偉"))),
            ("责任编辑：孙重远", b(None, None, None, Some("孙重远"))),
            (
                "来源 | 深圳市委组织部",
                b(None, Some("深圳市委组织部"), None, None),
            ),
            (
                "（编辑：张三 审核：李四）",
                b(None, None, None, Some("张三")),
            ),
            (
                "来源：巴彦淖尔日报    编辑：苏亮",
                b(None, Some("巴彦淖尔日报"), None, Some("苏亮")),
            ),
            (
                "作者： 周思博 (Joel Spolsky)",
                b(Some("周思博"), None, None, None),
            ),
            ("作者：Jane Doe", b(Some("Jane Doe"), None, None, None)),
            ("文/记者 张三", b(Some("张三"), None, None, None)),
            ("文/张三", b(Some("张三"), None, None, None)),
            ("文｜李四", b(Some("李四"), None, None, None)),
            ("【来源：人民网】", b(None, Some("人民网"), None, None)),
            ("来源：《人民日报》", b(None, Some("人民日报"), None, None)),
            ("本文来源：澎湃新闻", b(None, Some("澎湃新闻"), None, None)),
            (
                "信息来源：市政府办公室",
                b(None, Some("市政府办公室"), None, None),
            ),
            (
                "时间：2022-03-19 10:00",
                b(None, None, Some("2022-03-19 10:00"), None),
            ),
            (
                "日期：二〇〇七年三月十二日　来源：人民网",
                b(None, Some("人民网"), Some("2007-03-12"), None),
            ),
            (
                "更新时间：2019-03-05 发布时间：2019-03-04",
                b(None, None, Some("2019-03-04"), None),
            ),
            (
                "更新时间：2019-03-05",
                b(None, None, Some("2019-03-05"), None),
            ),
            (
                "来源：中国新闻网 2020-11-26 09:12",
                b(None, Some("中国新闻网"), Some("2020-11-26 09:12"), None),
            ),
            (
                "来源：太原晚报 2021-11-25 16:26:07",
                b(None, Some("太原晚报"), Some("2021-11-25 16:26:07"), None),
            ),
            ("记者 张三 通讯员 李四", b(Some("张三"), None, None, None)),
            ("来源:转载", b(None, Some("转载"), None, None)),
            (
                "作者：张三 | 来源：新华社 | 2019-03-04",
                b(Some("张三"), Some("新华社"), Some("2019-03-04"), None),
            ),
            (
                "Source: 新华社 2019年3月4日",
                b(None, Some("新华社"), Some("2019-03-04"), None),
            ),
            (
                "2019-03-04 10:22:33　来源: 新华网　　【字号 大 中 小】",
                b(None, Some("新华网"), Some("2019-03-04 10:22:33"), None),
            ),
            (
                "来源：人民网-人民日报    2019年03月04日06:01",
                b(
                    None,
                    Some("人民网-人民日报"),
                    Some("2019-03-04 06:01"),
                    None,
                ),
            ),
            (
                "发布时间：2019-03-04 09:55:12 | 来源：新华社 | 作者：刘某 | 责任编辑：王某",
                b(
                    Some("刘某"),
                    Some("新华社"),
                    Some("2019-03-04 09:55:12"),
                    Some("王某"),
                ),
            ),
            (
                "作者：王某　　发布时间：2019-03-04　　浏览次数：2343",
                b(Some("王某"), None, Some("2019-03-04"), None),
            ),
            (
                "发表于 2019-3-4 10:22:33",
                b(None, None, Some("2019-03-04 10:22:33"), None),
            ),
            ("（责任编辑：王某）", b(None, None, None, Some("王某"))),
            (
                "稿源：新华网 | 作者：王某 | 编辑：李某",
                b(Some("王某"), Some("新华网"), None, Some("李某")),
            ),
            (
                "来源：新华网 作者：张三 字号：大 中 小 浏览次数：1234",
                b(Some("张三"), Some("新华网"), None, None),
            ),
        ] {
            assert_eq!(parse_byline(line), Some(want), "{line}");
        }
    }

    #[test]
    fn chinese_look_alikes() {
        for line in [
            "据了解，这批货物的来源：一是本地，二是外省，均已登记在册。",
            "作者在书中写道，时间是最好的老师。",
            "来源不明的消息不要转发",
            "时间：上午九点 地点：会议室 内容：学习文件",
            "发布日期由国务院另行确定，请各单位做好准备。",
            "整合 新华日报·交汇点记者 徐睿翔素材来源 江苏13个设区市党报及官方发布",
            "数据来源：国家统计局",
            "2.资料来源和研究对象的选取(略)",
            "中国有色网声明:本网所有内容的版权均属于作者或页面内声明的版权人。",
            "记者从市教育局了解到",
            "新华社北京3月4日电（记者张三、李四）",
            "2007年3月12日",
            "2019-03-04 10:22",
            "来自北京的张先生说，他很满意。",
            "中文 English",
            "2022年是关键一年",
            "作者：",
            "来源：这是一段很长很长的文字并不是一个来源名称而是正文里面的一句话而且非常长超过了四十个字符的限制",
            "标题很长很长的一行文字，没有任何标签，也没有日期，只是普通的正文内容而已",
            "",
        ] {
            assert_eq!(parse_byline(line), None, "{line}");
        }
        let long = format!("来源：新华网 {}", "很".repeat(MAX_CJK_CHARS));
        assert_eq!(parse_byline(&long), None);
    }

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
    fn no_label_hides_a_later_longer_one() {
        // Labels are tried in order: a label that is a prefix of a later one would win.
        for (i, (a, ..)) in LABELS.iter().enumerate() {
            for (b, ..) in &LABELS[i + 1..] {
                assert!(!b.starts_with(a), "{a} listed before {b}");
            }
        }
    }

    #[test]
    fn sentence_breaks() {
        assert!(!has_latin_sentence_break("By J. K. Rowling"));
        assert!(!has_latin_sentence_break("Mar. 4, 2019 by Dr. Jane Doe"));
        assert!(has_latin_sentence_break("Written by Jane. Read it"));
        assert!(has_latin_sentence_break("Wow! Great"));
        assert!(has_cjk_sentence_mark("来源：新华网。作者：张三"));
        assert!(!has_cjk_sentence_mark("来源：新华网。"));
    }

    #[test]
    fn never_panics() {
        for s in [
            "文",
            "文/",
            "来源",
            "来源：",
            "：",
            "|",
            " - ",
            "By",
            "By ",
            "by:",
            "Posted by ",
            "作者：(",
            "作者：（张三",
            "来源：)",
            "本文",
            "本文来源",
            "时间：2019-",
            "a - b - c",
            "\u{0}来源：\u{0}",
            "By \u{0}",
            "日期： 年 月 日",
            "— — —",
        ] {
            let _ = parse_byline(s);
        }
    }
}
