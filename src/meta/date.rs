//! Publication dates as pages print them: ISO 8601, `2019/3/4`, `2007年03月12日 10:23`,
//! `二〇〇七年三月十二日`, `March 4, 2019`, `04 Mar 2019 10:22:00 GMT`…
//!
//! # How
//! The line is first *normalised* into a search view (full-width digits and punctuation to
//! ASCII; runs of Chinese numerals to decimal digits when the line has a `年`), keeping for
//! every byte of the view the span of the original text it came from, so that
//! [`find_date`] reports ranges of the caller's string. A handful of regexes, compiled once,
//! find date candidates in the view; each candidate is validated (calendar, year range, what
//! touches it on either side) and may be extended by a time of day.
//!
//! # Decisions
//! - Years outside [`MIN_YEAR`]..=[`MAX_YEAR`] are rejected: web pages are younger than 1990,
//!   and a four-digit number outside that range is rarely a year on a metadata line.
//! - `dd/mm/yyyy` vs `mm/dd/yyyy` (`/` or `-`): read as month/day (US) or day/month only when
//!   one of the two numbers is above 12; `03/04/2019` is ambiguous and is **not** a date.
//!   With dots (`04.03.2019`) the order is day.month.year, the European convention.
//! - Two-digit years (`19-03-04`, `07年3月12日`) are not read: too many look-alikes.
//! - `20190304` is a date only when it is the whole string given to [`parse_date`].
//! - A time zone (`+08:00`, `Z`, `GMT`) is read past but not applied: the date and time are
//!   the ones the page states.
//! - A date touching another digit, or a `-./:` followed by a digit, is part of something
//!   else (a version `2019.03.04.1`, a phone number, an identifier) and is skipped.

use std::borrow::Cow;
use std::fmt;
use std::ops::Range;
use std::sync::LazyLock;

use regex::{Captures, Regex};

/// Earliest year accepted: the web is younger.
pub const MIN_YEAR: u16 = 1990;
/// Latest year accepted.
pub const MAX_YEAR: u16 = 2100;

/// [`find_date`] looks at most at this many bytes of a line: metadata dates sit near the
/// start of their line, and the bound keeps the cost per line constant on huge lines.
pub const MAX_SCAN_BYTES: usize = 4096;

/// A calendar date, with the time of day when the page gave one.
///
/// Values built by [`parse_date`] and [`find_date`] are always valid dates between
/// [`MIN_YEAR`] and [`MAX_YEAR`] with a valid time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Date {
    /// Year, e.g. 2019.
    pub year: u16,
    /// Month, 1–12.
    pub month: u8,
    /// Day of the month, 1–31.
    pub day: u8,
    /// Hour (0–23), minute and, when given, second, as stated by the page (time zone not
    /// applied).
    pub time: Option<(u8, u8, Option<u8>)>,
}

impl Date {
    /// A validated date without a time: `None` for an impossible date (Feb 30) or a year
    /// outside [`MIN_YEAR`]..=[`MAX_YEAR`].
    ///
    /// # Example
    /// ```
    /// use pagewash::internals::meta::Date;
    ///
    /// assert!(Date::new(2020, 2, 29).is_some());
    /// assert!(Date::new(2019, 2, 29).is_none());
    /// ```
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let valid = (MIN_YEAR..=MAX_YEAR).contains(&year)
            && (1..=12).contains(&month)
            && day >= 1
            && day <= days_in_month(year, month);
        valid.then_some(Date {
            year,
            month,
            day,
            time: None,
        })
    }

    /// ISO 8601: `YYYY-MM-DD`, or `YYYY-MM-DDTHH:MM[:SS]` with a time.
    ///
    /// # Example
    /// ```
    /// use pagewash::internals::meta::parse_date;
    ///
    /// assert_eq!(parse_date("2007年3月12日 10:23").unwrap().iso(), "2007-03-12T10:23");
    /// assert_eq!(parse_date("March 4, 2019").unwrap().iso(), "2019-03-04");
    /// ```
    pub fn iso(&self) -> String {
        self.to_string()
    }
}

impl fmt::Display for Date {
    /// Same as [`Date::iso`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)?;
        if let Some((h, m, s)) = self.time {
            write!(f, "T{h:02}:{m:02}")?;
            if let Some(s) = s {
                write!(f, ":{s:02}")?;
            }
        }
        Ok(())
    }
}

fn is_leap(year: u16) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Parse a string that is a date and nothing else (surrounding white space and one pair of
/// brackets allowed).
///
/// Accepted forms are listed in the [module docs](self); `20190304` is accepted here (the
/// whole string is eight digits) but never inside a line.
///
/// # Example
/// ```
/// use pagewash::internals::meta::parse_date;
///
/// let d = parse_date("2019-03-04T10:22:00+08:00").unwrap();
/// assert_eq!((d.year, d.month, d.day, d.time), (2019, 3, 4, Some((10, 22, Some(0)))));
/// assert_eq!(parse_date("二〇〇七年三月十二日").unwrap().iso(), "2007-03-12");
/// assert_eq!(parse_date("20190304").unwrap().iso(), "2019-03-04");
/// assert!(parse_date("2019-02-30").is_none());
/// assert!(parse_date("1.2.3").is_none());
/// assert!(parse_date("发布时间：2019-03-04").is_none()); // not only a date: see find_date
/// ```
pub fn parse_date(s: &str) -> Option<Date> {
    let s = strip_brackets(s.trim());
    if s.is_empty() || s.len() > MAX_SCAN_BYTES {
        return None;
    }
    if let Some(d) = parse_compact(s) {
        return Some(d);
    }
    let (date, range) = find_date(s)?;
    (range == (0..s.len())).then_some(date)
}

/// Remove one pair of brackets around the whole string.
fn strip_brackets(s: &str) -> &str {
    const PAIRS: [(char, char); 5] = [
        ('(', ')'),
        ('[', ']'),
        ('（', '）'),
        ('【', '】'),
        ('〔', '〕'),
    ];
    for (open, close) in PAIRS {
        if let Some(inner) = s.strip_prefix(open).and_then(|r| r.strip_suffix(close)) {
            return inner.trim();
        }
    }
    s
}

/// `20190304`: exactly eight (ASCII or full-width) digits.
fn parse_compact(s: &str) -> Option<Date> {
    let mut digits = [0u8; 8];
    let mut n = 0;
    for c in s.chars() {
        let d = ascii_digit(c)?;
        *digits.get_mut(n)? = d;
        n += 1;
    }
    if n != 8 {
        return None;
    }
    let num = |r: Range<usize>| digits[r].iter().fold(0u16, |a, &d| a * 10 + u16::from(d));
    Date::new(num(0..4), num(4..6) as u8, num(6..8) as u8)
}

fn ascii_digit(c: char) -> Option<u8> {
    match c {
        '0'..='9' => Some(c as u8 - b'0'),
        '０'..='９' => Some((c as u32 - '０' as u32) as u8),
        _ => None,
    }
}

/// Find the first date in a line and the byte range of `line` that states it (including a
/// leading weekday and a following time of day).
///
/// Only the first [`MAX_SCAN_BYTES`] bytes of the line are searched (about 4 KB).
///
/// # Example
/// ```
/// use pagewash::internals::meta::find_date;
///
/// let line = "发布时间：2007-03-12 10:23 来源：新华网";
/// let (date, range) = find_date(line).unwrap();
/// assert_eq!(date.iso(), "2007-03-12T10:23");
/// assert_eq!(&line[range], "2007-03-12 10:23");
///
/// let (date, _) = find_date("Published 4 March 2019, updated 5 March 2019").unwrap();
/// assert_eq!(date.iso(), "2019-03-04");
/// assert!(find_date("call 010-6512-3456 or see version 1.2.3").is_none());
/// ```
pub fn find_date(line: &str) -> Option<(Date, Range<usize>)> {
    let line = crate::text::truncate_to_char_boundary(line, MAX_SCAN_BYTES);
    if !line
        .chars()
        .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '年')
    {
        return None;
    }
    let view = View::new(line);
    let text = view.text.as_ref();
    let mut best: Option<(Date, Range<usize>)> = None;
    for pattern in PATTERNS.iter() {
        let limit = best.as_ref().map_or(text.len(), |(_, r)| r.start);
        if let Some((date, r)) = first_valid(pattern, text, limit) {
            let better = match &best {
                None => true,
                Some((_, b)) => r.start < b.start || (r.start == b.start && r.end > b.end),
            };
            if better {
                best = Some((date, r));
            }
        }
    }
    best.map(|(d, r)| (d, view.original(r)))
}

/// The first valid date a pattern finds starting at or before `limit` (a view range).
fn first_valid(pattern: &Pattern, text: &str, limit: usize) -> Option<(Date, Range<usize>)> {
    let mut at = 0;
    while at <= limit && at <= text.len() {
        let caps = pattern.re.captures_at(text, at)?;
        let whole = caps.get(0)?;
        if whole.start() > limit {
            return None;
        }
        if let Some(found) = validate(pattern.kind, &caps, text) {
            return Some(found);
        }
        // Try again one character later.
        at = whole.start()
            + text[whole.start()..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
    }
    None
}

/// The shapes of dates, one regex each.
#[derive(Clone, Copy, Debug)]
enum Kind {
    /// 2019-03-04, 2019/3/4, 2019.03.04
    YearMonthDay,
    /// 2007年3月12日
    Chinese,
    /// 04/03/2019, 25.12.2019
    DayMonthYearNumeric,
    /// March 4, 2019
    MonthNameDayYear,
    /// 4 March 2019
    DayMonthNameYear,
}

struct Pattern {
    kind: Kind,
    re: Regex,
}

const WEEKDAY: &str = r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues?|wed|thur?s?|fri|sat|sun)\.?,?\s*)?";
const MONTH: &str = r"(january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)";

static PATTERNS: LazyLock<Vec<Pattern>> = LazyLock::new(|| {
    let p = |kind, re: &str| Pattern {
        kind,
        re: Regex::new(re).expect("date pattern compiles"),
    };
    vec![
        p(
            Kind::YearMonthDay,
            r"(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})",
        ),
        p(
            Kind::Chinese,
            r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号號]",
        ),
        p(
            Kind::DayMonthYearNumeric,
            r"(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4})",
        ),
        p(
            Kind::MonthNameDayYear,
            &format!(
                r"(?i){WEEKDAY}{MONTH}\.?\s*(\d{{1,2}})(?:st|nd|rd|th)?(?:\s*,\s*|\s+)(\d{{4}})"
            ),
        ),
        p(
            Kind::DayMonthNameYear,
            &format!(
                r"(?i){WEEKDAY}(\d{{1,2}})(?:st|nd|rd|th)?[\s-]*(?:of\s+)?{MONTH}\.?(?:\s*,\s*|[\s-]+)(\d{{4}})"
            ),
        ),
    ]
});

/// A Chinese weekday right after a date: `(星期一)`, `周日` (numerals may already be digits).
static WEEKDAY_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*[(]?(?:星期|周|礼拜|禮拜)[1-7一二三四五六日天][)]?")
        .expect("weekday pattern compiles")
});

/// A time of day right after a date (the view slice starting at the date's end).
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?i)^(?:t|\s*,?\s*(?:at\s+|@\s*)?)",
        r"(?P<half>上午|下午|晚上|中午|凌晨|早上)?\s*",
        r"(?P<h>\d{1,2})",
        r"(?::(?P<m1>\d{2})(?::(?P<s1>\d{2})(?:\.\d+)?)?",
        r"|\s*[时時点點]\s*(?P<m2>\d{1,2})\s*分(?:\s*(?P<s2>\d{1,2})\s*秒)?)",
        r"(?P<ap>\s*[ap]\.?m\.?)?",
        r"(?P<tz>z|\s*(?:gmt|utc)(?:\s*[+-]\d{1,2}(?::?\d{2})?)?|\s*[+-]\d{2}:?\d{2}|\s+[ecmp][sd]t)?",
    ))
    .expect("time pattern compiles")
});

fn month_number(name: &str) -> Option<u8> {
    let lower = name.to_ascii_lowercase();
    let m = match lower.get(..3)? {
        "jan" => 1,
        "feb" => 2,
        "mar" => 3,
        "apr" => 4,
        "may" => 5,
        "jun" => 6,
        "jul" => 7,
        "aug" => 8,
        "sep" => 9,
        "oct" => 10,
        "nov" => 11,
        "dec" => 12,
        _ => return None,
    };
    Some(m)
}

fn num(caps: &Captures<'_>, i: usize) -> Option<u16> {
    caps.get(i)?.as_str().parse().ok()
}

/// Check a candidate: calendar, neighbours, and a following time of day.
fn validate(kind: Kind, caps: &Captures<'_>, text: &str) -> Option<(Date, Range<usize>)> {
    let whole = caps.get(0)?;
    let (y, m, d) = match kind {
        Kind::YearMonthDay => {
            if caps.get(2)?.as_str() != caps.get(4)?.as_str() {
                return None;
            }
            (num(caps, 1)?, num(caps, 3)?, num(caps, 5)?)
        }
        Kind::Chinese => (num(caps, 1)?, num(caps, 2)?, num(caps, 3)?),
        Kind::DayMonthYearNumeric => {
            let sep = caps.get(2)?.as_str();
            if sep != caps.get(4)?.as_str() {
                return None;
            }
            let (a, b, y) = (num(caps, 1)?, num(caps, 3)?, num(caps, 5)?);
            if sep == "." || a > 12 {
                (y, b, a) // day.month.year, or a day above 12 first
            } else if b > 12 || a == b {
                (y, a, b) // month/day/year (US)
            } else {
                return None; // 03/04/2019: ambiguous
            }
        }
        Kind::MonthNameDayYear => (
            num(caps, 3)?,
            u16::from(month_number(caps.get(1)?.as_str())?),
            num(caps, 2)?,
        ),
        Kind::DayMonthNameYear => (
            num(caps, 3)?,
            u16::from(month_number(caps.get(2)?.as_str())?),
            num(caps, 1)?,
        ),
    };
    let mut date = Date::new(y, u8::try_from(m).ok()?, u8::try_from(d).ok()?)?;
    let start = whole.start();
    if !clear_before(text, start) {
        return None;
    }
    let mut end = whole.end();
    if let Some(w) = WEEKDAY_AFTER.find(&text[end..]) {
        end += w.end();
    }
    if let Some((time, time_end)) = time_after(text, end) {
        if clear_after(text, time_end) {
            date.time = Some(time);
            return Some((date, start..time_end));
        }
        // A time glued to more digits (`10:22-5`) is not one; the date may still be.
    }
    clear_after(text, end).then_some((date, start..end))
}

/// Nothing glued before the date: no letter or digit, no `-./:` after a digit.
fn clear_before(text: &str, start: usize) -> bool {
    let mut before = text[..start].chars().rev();
    match before.next() {
        None => true,
        Some(c) if c.is_ascii_alphanumeric() || c == '_' => false,
        Some('-' | '.' | '/' | ':') => !before.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

/// Nothing glued after the date: no digit, no `-./:` before a digit.
fn clear_after(text: &str, end: usize) -> bool {
    let mut after = text[end..].chars();
    match after.next() {
        None => true,
        Some(c) if c.is_ascii_digit() => false,
        Some('-' | '.' | '/' | ':') => !after.next().is_some_and(|c| c.is_ascii_digit()),
        Some(_) => true,
    }
}

type Time = (u8, u8, Option<u8>);

/// A valid time of day starting at `at` (after optional separators), and where it ends.
fn time_after(text: &str, at: usize) -> Option<(Time, usize)> {
    let caps = TIME.captures(&text[at..])?;
    let h: u8 = caps.name("h")?.as_str().parse().ok()?;
    let (m, s) = match caps.name("m1") {
        Some(m) => (m, caps.name("s1")),
        None => (caps.name("m2")?, caps.name("s2")),
    };
    let m: u8 = m.as_str().parse().ok()?;
    let s: Option<u8> = match s {
        Some(s) => Some(s.as_str().parse().ok()?),
        None => None,
    };
    let mut end = caps.get(0)?.end();
    // An am/pm or zone glued to a following word ("10:22 amazing", "10:22 estimated") is
    // not one: end the time before it. The zone comes after am/pm, so it is checked first.
    let glued = |e: usize| text[at + e..].starts_with(|c: char| c.is_ascii_alphabetic());
    if let Some(tz) = caps.name("tz") {
        if tz.as_str().ends_with(|c: char| c.is_ascii_alphabetic()) && glued(tz.end()) {
            end = tz.start();
        }
    }
    let mut ap = caps.name("ap");
    if let Some(a) = ap {
        if end == a.end() && glued(a.end()) {
            end = a.start();
            ap = None;
        }
    }
    let mut h = h;
    let twelve_hour = ap.is_some() || caps.name("half").is_some();
    if twelve_hour && h > 12 {
        return None;
    }
    if let Some(a) = ap {
        let pm = a.as_str().trim_start().starts_with(['p', 'P']);
        h = match (pm, h) {
            (false, 12) => 0,
            (true, 12) => 12,
            (true, h) => h + 12,
            (false, h) => h,
        };
    } else if let Some(half) = caps.name("half") {
        let afternoon = match half.as_str() {
            "下午" | "晚上" => h < 12,
            "中午" => h < 6,
            _ => false,
        };
        if afternoon {
            h += 12;
        }
    }
    if h > 23 || m > 59 || s.is_some_and(|s| s > 59) {
        return None;
    }
    // Trim white space the separators may have left at the end (never part of a time).
    let end = at + text[at..at + end].trim_end().len();
    Some(((h, m, s), end))
}

/// The search view of a line: full-width forms folded to ASCII, Chinese numerals to digits,
/// with the original span of each view byte.
struct View<'a> {
    text: Cow<'a, str>,
    /// For each byte of `text` (plus one past the end), the original span it came from;
    /// empty when `text` is the line itself.
    spans: Vec<(u32, u32)>,
}

const CHINESE_DIGITS: &str = "〇○零一二三四五六七八九十廿卅";

impl<'a> View<'a> {
    fn new(line: &'a str) -> View<'a> {
        let numerals = line.contains('年');
        let needs = line
            .chars()
            .any(|c| fold_width(c) != c || (numerals && CHINESE_DIGITS.contains(c)));
        if !needs {
            return View {
                text: Cow::Borrowed(line),
                spans: Vec::new(),
            };
        }
        let mut text = String::with_capacity(line.len());
        let mut spans = Vec::with_capacity(line.len() + 1);
        let mut push = |text: &mut String, s: &str, from: usize, to: usize| {
            text.push_str(s);
            spans.extend(std::iter::repeat_n((from as u32, to as u32), s.len()));
        };
        let mut chars = line.char_indices().peekable();
        let mut buf = [0u8; 4];
        while let Some((i, c)) = chars.next() {
            if numerals && CHINESE_DIGITS.contains(c) {
                let mut run = String::new();
                run.push(c);
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = chars.peek() {
                    if !CHINESE_DIGITS.contains(d) {
                        break;
                    }
                    run.push(d);
                    end = j + d.len_utf8();
                    chars.next();
                }
                match chinese_numeral(&run) {
                    Some(digits) => push(&mut text, &digits, i, end),
                    None => push(&mut text, &run, i, end),
                }
            } else {
                let f = fold_width(c);
                push(&mut text, f.encode_utf8(&mut buf), i, i + c.len_utf8());
            }
        }
        spans.push((line.len() as u32, line.len() as u32));
        View {
            text: Cow::Owned(text),
            spans,
        }
    }

    /// The original range of a view range.
    fn original(&self, r: Range<usize>) -> Range<usize> {
        if self.spans.is_empty() || r.is_empty() {
            return r;
        }
        let start = self.spans[r.start].0 as usize;
        let end = self.spans[r.end - 1].1 as usize;
        start..end
    }
}

/// Full-width ASCII variants and the ideographic space to ASCII.
fn fold_width(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    }
}

/// Decimal digits of a run of Chinese numerals: digit by digit (`二〇〇七` → 2007) or, with
/// 十/廿/卅, as a number up to 99 (`二十一` → 21). `None` for a malformed run.
fn chinese_numeral(run: &str) -> Option<String> {
    fn digit(c: char) -> Option<u32> {
        Some(match c {
            '〇' | '○' | '零' => 0,
            '一' => 1,
            '二' => 2,
            '三' => 3,
            '四' => 4,
            '五' => 5,
            '六' => 6,
            '七' => 7,
            '八' => 8,
            '九' => 9,
            _ => return None,
        })
    }
    let chars: Vec<char> = run.chars().collect();
    let tens_at = chars.iter().position(|&c| matches!(c, '十' | '廿' | '卅'));
    let Some(t) = tens_at else {
        return chars
            .iter()
            .map(|&c| digit(c).and_then(|d| char::from_digit(d, 10)))
            .collect();
    };
    let tens = match (chars[t], &chars[..t]) {
        ('十', []) => 1,
        ('十', [d]) => digit(*d).filter(|&d| d >= 1)?,
        ('廿', []) => 2,
        ('卅', []) => 3,
        _ => return None,
    };
    let units = match &chars[t + 1..] {
        [] => 0,
        [d] => digit(*d)?,
        _ => return None,
    };
    Some((tens * 10 + units).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn iso(s: &str) -> Option<String> {
        parse_date(s).map(|d| d.iso())
    }

    #[test]
    fn accepted_forms() {
        for (input, want) in [
            ("2019-03-04", "2019-03-04"),
            ("2019-03-04T10:22:00+08:00", "2019-03-04T10:22:00"),
            ("2019-03-04T10:22:00.123Z", "2019-03-04T10:22:00"),
            ("2019-03-04 10:22", "2019-03-04T10:22"),
            ("2019-03-04 10:22 am", "2019-03-04T10:22"),
            ("2019-03-04 10:22:05 +0800", "2019-03-04T10:22:05"),
            ("2019/3/4", "2019-03-04"),
            ("2019.03.04", "2019-03-04"),
            ("2007年03月12日 10:23", "2007-03-12T10:23"),
            ("2007年3月12日", "2007-03-12"),
            ("2007 年 3 月 12 日", "2007-03-12"),
            ("2007年3月12日10时23分", "2007-03-12T10:23"),
            ("2007年3月12日 10时23分45秒", "2007-03-12T10:23:45"),
            ("2007年3月12日 下午3:20", "2007-03-12T15:20"),
            ("2007年3月12日 星期一 10:23", "2007-03-12T10:23"),
            ("2007年3月12日(星期一)", "2007-03-12"),
            ("2007年3月12号", "2007-03-12"),
            ("二〇〇七年三月十二日", "2007-03-12"),
            ("二零零七年三月十二日", "2007-03-12"),
            ("一九九八年十二月三十一日", "1998-12-31"),
            ("二〇二一年十月二十一日", "2021-10-21"),
            ("二○二一年一月廿一日", "2021-01-21"),
            ("２００７年０３月１２日　１０：２３", "2007-03-12T10:23"),
            ("２０１９－０３－０４", "2019-03-04"),
            ("March 4, 2019", "2019-03-04"),
            ("march 4 2019", "2019-03-04"),
            ("4 March 2019", "2019-03-04"),
            ("4th of March, 2019", "2019-03-04"),
            ("04-Mar-2019", "2019-03-04"),
            ("Mar. 4, 2019", "2019-03-04"),
            ("Sept. 30, 2019", "2019-09-30"),
            ("Monday, March 4, 2019 10:22 AM", "2019-03-04T10:22"),
            ("Monday, March 4, 2019 10:22 PM", "2019-03-04T22:22"),
            ("March 4, 2019 at 12:05 a.m.", "2019-03-04T00:05"),
            ("March 4, 2019, 12:30pm", "2019-03-04T12:30"),
            ("04 Mar 2019 10:22:00 GMT", "2019-03-04T10:22:00"),
            ("Mon, 04 Mar 2019 10:22:00 +0000", "2019-03-04T10:22:00"),
            ("Thu, 29 Feb 2024 23:59:59 EST", "2024-02-29T23:59:59"),
            ("20190304", "2019-03-04"),
            ("２０１９０３０４", "2019-03-04"),
            ("12/25/2019", "2019-12-25"),
            ("25/12/2019", "2019-12-25"),
            ("04.03.2019", "2019-03-04"),
            ("(2006-12-24 03:45:27)", "2006-12-24T03:45:27"),
            ("【2019-03-04】", "2019-03-04"),
            ("2000-02-29", "2000-02-29"),
            ("1990-01-01", "1990-01-01"),
            ("2100-12-31", "2100-12-31"),
        ] {
            assert_eq!(iso(input).as_deref(), Some(want), "{input}");
        }
    }

    #[test]
    fn rejected_look_alikes() {
        for input in [
            "",
            "2019",
            "1.2.3",
            "1.2.3.4",
            "2019.03.04.1",
            "v2019.03.04",
            "2019-13-01",
            "2019-02-30",
            "2019-02-29",
            "2100-02-29",
            "1989-12-31",
            "2101-01-01",
            "2019-3/4",
            "2019-03-04 25:99",
            "03/04/2019",
            "19-03-04",
            "07年3月12日",
            "2007年3月",
            "March 2019",
            "March 32, 2019",
            "Marching 4, 2019",
            "010-6512-3456",
            "13912345678",
            "+86 139 1234 5678",
            "2019030412",
            "201903",
            "12345678",
            "1234567.8",
            "2019年是关键一年",
            "二十一世纪",
            "十二月",
            "发布时间：2019-03-04",
            "2019-03-04 and more",
        ] {
            assert_eq!(iso(input), None, "{input}");
        }
    }

    #[test]
    fn finds_dates_inside_lines() {
        for (line, want, span) in [
            (
                "发布时间：2007-03-12 10:23 来源：新华网",
                "2007-03-12T10:23",
                "2007-03-12 10:23",
            ),
            (
                "2007年03月12日 10:23 来源：新华网 作者：张三",
                "2007-03-12T10:23",
                "2007年03月12日 10:23",
            ),
            (
                "Published 4 March 2019, updated 5 March 2019",
                "2019-03-04",
                "4 March 2019",
            ),
            (
                "Posted by admin on March 4, 2019",
                "2019-03-04",
                "March 4, 2019",
            ),
            (
                "时间：二〇〇七年三月十二日 地点：北京",
                "2007-03-12",
                "二〇〇七年三月十二日",
            ),
            (
                "日期：２００７年３月１２日　来源：人民网",
                "2007-03-12",
                "２００７年３月１２日",
            ),
            ("发布于2019-03-04", "2019-03-04", "2019-03-04"),
            (
                "Updated:Monday, March 4, 2019 10:22 AM EST",
                "2019-03-04T10:22",
                "Monday, March 4, 2019 10:22 AM EST",
            ),
            ("version 1.2.3 released 2019/3/4", "2019-03-04", "2019/3/4"),
            ("tel 010-6512-3456, 2019-03-04", "2019-03-04", "2019-03-04"),
            // The first valid candidate wins, skipping an invalid one.
            ("2019-02-30 or 2019-03-01", "2019-03-01", "2019-03-01"),
            (
                "2019-03-04 10:22 amazing",
                "2019-03-04T10:22",
                "2019-03-04 10:22",
            ),
            (
                "2019-03-04 10:22 estimated",
                "2019-03-04T10:22",
                "2019-03-04 10:22",
            ),
            ("04/03/2019 or 2019-03-04", "2019-03-04", "2019-03-04"),
            ("2019-03-04 10:22.5 km", "2019-03-04", "2019-03-04"),
            (
                "2019-03-04 10:00-12:00 会议",
                "2019-03-04T10:00",
                "2019-03-04 10:00-12:00",
            ),
        ] {
            let (d, r) = find_date(line).unwrap_or_else(|| panic!("no date in {line}"));
            assert_eq!(d.iso(), want, "{line}");
            assert_eq!(&line[r], span, "{line}");
        }
    }

    #[test]
    fn finds_nothing_in_look_alikes() {
        for line in [
            "作者在书中写道，时间是最好的老师。",
            "2022年是关键一年",
            "第三十一条 一年内两次违规",
            "电话：010-65123456 传真：010-65123457",
            "Windows 10 version 1903 build 18362.1.2",
            "March madness starts on the 4th",
            "Price: 2019.03 USD, qty 04",
            "ISBN 978-3-16-148410-0",
            "IP 192.168.1.1",
            "共有2019人参加，同比增长3.4%",
            "",
        ] {
            assert_eq!(find_date(line), None, "{line}");
        }
    }

    #[test]
    fn chinese_numerals() {
        for (run, want) in [
            ("二〇〇七", Some("2007")),
            ("三", Some("3")),
            ("十", Some("10")),
            ("十二", Some("12")),
            ("二十", Some("20")),
            ("二十一", Some("21")),
            ("三十一", Some("31")),
            ("廿一", Some("21")),
            ("卅", Some("30")),
            ("十十", None),
            ("二十一二", None),
            ("零十", None),
        ] {
            assert_eq!(chinese_numeral(run).as_deref(), want, "{run}");
        }
    }

    #[test]
    fn never_panics_on_odd_input() {
        let long = "2019-".repeat(5000);
        for s in [
            "\u{0}",
            "年",
            "年年年",
            "十年",
            "ー",
            "2019-03-04T",
            "2019-03-04T99:99:99",
            "March 4, 2019 at",
            "9999999999年99月99日",
            "2019年3月4日下午",
            "二〇〇七年三月十二日下午十三点",
            long.as_str(),
        ] {
            let _ = parse_date(s);
            let _ = find_date(s);
        }
        let long_tail = format!("{}2019-03-04", "x".repeat(MAX_SCAN_BYTES));
        assert_eq!(find_date(&long_tail), None, "beyond the scan bound");
        let cut = format!("{}2019-03-04", "中".repeat(1365)); // 4095 bytes, then a date
        let _ = find_date(&cut);
    }

    #[test]
    fn display_is_iso() {
        let d = Date {
            year: 2019,
            month: 3,
            day: 4,
            time: Some((9, 5, None)),
        };
        assert_eq!(d.to_string(), "2019-03-04T09:05");
        assert_eq!(d.iso(), "2019-03-04T09:05");
    }
}
