//! Bylines: the short metadata line of a news page that names author, source, editor and
//! date (`2007年03月12日 10:23 来源：新华网 作者：张三`, `By Jane Doe and John Roe, Reuters`).
//!
//! # How
//! - **Chinese (any line with CJK characters)**: labels (作者, 来源, 责任编辑, 发布时间…, in
//!   Simplified or Traditional characters, full- or half-width; the words and the field each
//!   states are the `meta.*` rules' labels, `crate::strip::Rule::labels`, plus a few no rule
//!   fires on) are found first. A word is a
//!   label only when it starts a field (start of line, after white space, punctuation or a
//!   digit, or after 本文/文章/信息…) and is followed by a separator (`：`, `:`, `|`, or white
//!   space; the weak labels 文 and 来自 need `：`, `/` or `|`). A value runs from the separator
//!   to the next label, and is cut at white space (a space between two Latin words is kept:
//!   `Jane Doe`). Date values go through [`find_date`](crate::meta::find_date); an unlabelled date anywhere on the
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
//! with no label; a line that is only a date (that is [`find_date`](crate::meta::find_date)'s business); a line where
//! letters outside labels, values and dates exceed those inside, or
//! [`MAX_LEFTOVER_LETTERS`] ([`MAX_LEFTOVER_LATIN_LETTERS`] for Latin script); a label whose
//! value is a phrase (over 40 characters). Values are cut at the first white space in
//! Chinese lines, so `作者：张三 李四` reports 张三 only.

mod cjk;
mod latin;

use super::date::Date;

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
/// A field value longer than this many characters is a phrase, not a name.
const MAX_VALUE_CHARS: usize = 40;

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
        if cjk::has_cjk_sentence_mark(line) {
            return None;
        }
        cjk::parse_labelled(line)?
    } else {
        if latin::has_latin_sentence_break(line) {
            return None;
        }
        latin::parse_latin(line)?
    };
    (!byline.is_empty()).then_some(byline)
}

/// A CJK letter, or the punctuation a CJK byline is written with.
fn is_cjk(c: char) -> bool {
    crate::text::chars::is_cjk_letter(c)
        || matches!(c, '：' | '，' | '。' | '【' | '】' | '（' | '）')
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) fn b(
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
