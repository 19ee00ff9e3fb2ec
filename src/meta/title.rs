//! Page titles: the `<title>` without the site and channel names around it, and a tolerant
//! comparison to find the title line again in the body.
//!
//! # How
//! The title is split at separators:
//! - **strong**: ` | `, `|`, `｜`, `丨`, `_`, `--`, ` - `, ` – `, ` — `, ` · `, `::`, ` » `
//!   (`_` and `::` not between two ASCII letters or digits: `snake_case`, `std::io`);
//! - **weak**: a bare `-` (or `－`) next to a CJK character (`标题-人民网`), never between
//!   Latin letters or digits (`COVID-19`, `GPT-4o`, `e-tron`).
//!
//! Segments are then dropped from the end, and from the start, while they look like a site
//! or channel name: equal to, inside or containing `site_name`; ending with a site word
//! (网, 频道, 新闻, 日报, 论坛…); domain-like (`sportsnet.ca`); or, across a strong
//! separator, *short* (≤ [`SHORT_CJK_CHARS`] CJK characters, or ≤ [`SHORT_LATIN_WORDS`]
//! words) while a longer segment remains. At the start, a short segment goes only before a
//! bar-like separator (`Opinion | …`), not before a dash (`Joel on Software - 给计算机系学生的建议`
//! keeps its first part). Last, a CJK site name after a plain space (`土豆无“土” 松花江网`)
//! goes if it ends with a site word and is not a common noun (互联网).
//!
//! What remains is returned as it was written, separators inside it included.

use std::ops::Range;

use unicode_normalization::UnicodeNormalization;

use crate::hanzi;

/// A CJK segment of at most this many characters is short: a channel (国际, 滚动新闻) or
/// site name (苏银).
pub const SHORT_CJK_CHARS: usize = 6;
/// A Latin segment of at most this many words (and [`SHORT_LATIN_CHARS`] characters) is
/// short: `Business Insider Deutschland`, `WSJ`.
pub const SHORT_LATIN_WORDS: usize = 4;
/// See [`SHORT_LATIN_WORDS`].
pub const SHORT_LATIN_CHARS: usize = 30;
/// A segment with a site word at its end is a site name only up to this many characters.
const MAX_SITE_CHARS: usize = 16;
/// A segment containing the site name is a site name (`新浪网新闻中心`, `Apple Newsroom`) only
/// with at most this many more characters: `Reuters poll shows Biden ahead` is a title.
const MAX_EXTRA_CHARS: usize = 8;
/// [`same_title`]: the shorter title must have at least this share of the longer one's
/// characters, in percent.
const SAME_TITLE_MIN_SHARE: usize = 80;

/// Words that end the names of Chinese sites and channels.
const SITE_SUFFIXES: &[&str] = &[
    "网",
    "網",
    "频道",
    "頻道",
    "新闻",
    "新聞",
    "首页",
    "首頁",
    "网站",
    "網站",
    "在线",
    "在線",
    "日报",
    "日報",
    "晚报",
    "晚報",
    "时报",
    "時報",
    "论坛",
    "論壇",
    "博客",
    "门户",
    "門戶",
    "电视台",
    "電視台",
    "周刊",
    "週刊",
];

/// Common nouns ending with 网: a title may end with them after a space.
const NOT_SITES: &[&str] = &[
    "互联网",
    "物联网",
    "因特网",
    "万维网",
    "局域网",
    "广域网",
    "蜘蛛网",
    "关系网",
    "铁丝网",
    "防护网",
    "安全网",
    "交通网",
    "电力网",
    "通信网",
    "天罗地网",
    "互聯網",
    "物聯網",
    "萬維網",
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sep {
    /// `|`, `_`, `::`, `»`: a site or section label may be short on either side.
    Bar,
    /// ` - `, ` – `, ` — `, ` · `, `--`: a short segment is a label only at the end.
    Dash,
    /// A bare hyphen beside CJK: only clear site names are dropped across it.
    Weak,
}

struct Segment {
    range: Range<usize>,
    /// The separator before this segment (none for the first).
    before: Option<Sep>,
}

/// Remove the site and channel names around a page title.
///
/// Never returns an empty string for a non-blank title: when everything looks like a site
/// name, the trimmed input is returned.
///
/// # Example
/// ```
/// use pagewash::internals::meta::clean_title;
///
/// assert_eq!(clean_title("标题内容很长_滚动新闻_新浪网", None), "标题内容很长");
/// assert_eq!(clean_title("Nadal keeps Spain alive | Reuters", Some("Reuters")), "Nadal keeps Spain alive");
/// assert_eq!(clean_title("COVID-19 cases rise", None), "COVID-19 cases rise");
/// ```
pub fn clean_title(title: &str, site_name: Option<&str>) -> String {
    let t = title.trim();
    let site = site_name.map(key).filter(|s| s.chars().count() >= 2);
    let site = site.as_deref();
    let mut segs = split(t);
    if segs.len() > 1 && segs.iter().all(|s| is_site_name(&t[s.range.clone()], site)) {
        return t.to_string(); // a home page: nothing but names
    }
    let len = |s: &Segment| {
        t[s.range.clone()]
            .chars()
            .filter(|c| !c.is_whitespace())
            .count()
    };
    let longest_other = |segs: &[Segment], skip: usize| {
        segs.iter()
            .enumerate()
            .filter(|&(i, _)| i != skip)
            .map(|(_, s)| len(s))
            .max()
            .unwrap_or(0)
    };
    // Trailing site and channel names.
    while segs.len() > 1 {
        let last = segs.len() - 1;
        let s = &segs[last];
        let text = &t[s.range.clone()];
        let drop = is_site_name(text, site)
            || (s.before != Some(Sep::Weak)
                && is_short(text)
                && longest_other(&segs, last) > len(s));
        if !drop {
            break;
        }
        segs.pop();
    }
    // Leading ones.
    while segs.len() > 1 {
        let s = &segs[0];
        let text = &t[s.range.clone()];
        let drop = is_site_name(text, site)
            || (segs[1].before == Some(Sep::Bar)
                && is_short(text)
                && longest_other(&segs, 0) > len(s));
        if !drop {
            break;
        }
        segs.remove(0);
    }
    let (Some(first), Some(last)) = (segs.first(), segs.last()) else {
        return t.to_string();
    };
    let mut kept = t[first.range.start..last.range.end].trim();
    // A CJK site name after a plain space.
    if let Some((head, tail)) = kept.rsplit_once(char::is_whitespace) {
        let head = head.trim_end();
        if !head.is_empty()
            && tail.chars().any(hanzi::is_ideograph)
            && !NOT_SITES.contains(&tail)
            && tail.chars().count() >= 3
            && is_site_name(tail, site)
        {
            kept = head;
        }
    }
    if kept.is_empty() {
        t.to_string()
    } else {
        kept.to_string()
    }
}

/// Split a title into segments at separators.
fn split(t: &str) -> Vec<Segment> {
    let mut segs = Vec::new();
    let mut start = 0;
    let mut before = None;
    let mut i = 0;
    while i < t.len() {
        if let Some((len, sep)) = separator_at(t, i) {
            if i > start {
                segs.push(Segment {
                    range: start..i,
                    before,
                });
                before = Some(sep);
            } else if !segs.is_empty() {
                // Two separators in a row: keep the stronger.
                before = Some(match (before, sep) {
                    (Some(Sep::Bar), _) | (_, Sep::Bar) => Sep::Bar,
                    (Some(Sep::Dash), _) | (_, Sep::Dash) => Sep::Dash,
                    _ => Sep::Weak,
                });
            }
            i += len;
            start = i;
        } else {
            i += t[i..].chars().next().map_or(1, char::len_utf8);
        }
    }
    if start < t.len() {
        segs.push(Segment {
            range: start..t.len(),
            before,
        });
    }
    // Trim white space inside ranges.
    for s in &mut segs {
        let text = &t[s.range.clone()];
        let lead = text.len() - text.trim_start().len();
        let trail = text.len() - text.trim_end().len();
        s.range = s.range.start + lead..s.range.end - trail;
    }
    segs.retain(|s| !s.range.is_empty());
    segs
}

/// A separator starting at byte `i`: its length and kind.
fn separator_at(t: &str, i: usize) -> Option<(usize, Sep)> {
    let rest = &t[i..];
    let prev = t[..i].chars().next_back();
    let c = rest.chars().next()?;
    let ascii_word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
    if c.is_whitespace() {
        // Spaced separators: white space, a mark, white space.
        let after_ws = rest.trim_start();
        for (mark, sep) in [
            ("|", Sep::Bar),
            ("｜", Sep::Bar),
            ("»", Sep::Bar),
            ("::", Sep::Bar),
            ("-", Sep::Dash),
            ("–", Sep::Dash),
            ("—", Sep::Dash),
            ("·", Sep::Dash),
        ] {
            if let Some(after) = after_ws.strip_prefix(mark) {
                let after = after.trim_start_matches(mark.chars().next()?);
                let tail = after.trim_start();
                if tail.len() < after.len() {
                    return Some((t.len() - i - tail.len(), sep));
                }
            }
        }
        return None;
    }
    let next_after = |n: usize| rest[n..].chars().next();
    match c {
        '|' | '｜' | '丨' | '»' => Some((c.len_utf8(), Sep::Bar)),
        '_' => {
            let n = rest.len() - rest.trim_start_matches('_').len();
            (!(ascii_word(prev) && ascii_word(next_after(n)))).then_some((n, Sep::Bar))
        }
        ':' if rest.starts_with("::") => {
            let n = rest.len() - rest.trim_start_matches(':').len();
            (!(ascii_word(prev) && ascii_word(next_after(n)))).then_some((n, Sep::Bar))
        }
        '-' if rest.starts_with("--") => {
            let n = rest.len() - rest.trim_start_matches('-').len();
            Some((n, Sep::Dash))
        }
        '-' | '－' => {
            let next = next_after(c.len_utf8());
            let cjk = |c: Option<char>| c.is_some_and(is_wide);
            (cjk(prev) || cjk(next)).then_some((c.len_utf8(), Sep::Weak))
        }
        _ => None,
    }
}

/// CJK characters and punctuation (and curly quotes, which CJK titles use).
fn is_wide(c: char) -> bool {
    use crate::text::chars;
    chars::is_cjk_letter(c)
        || chars::is_cjk_symbol(c)
        || chars::is_fullwidth_form(c)
        || matches!(c, '“' | '”' | '‘' | '’')
}

/// Equal to, inside or containing the site name; ending with a site word; or a domain.
fn is_site_name(text: &str, site: Option<&str>) -> bool {
    let k = key(text);
    if k.is_empty() {
        return false;
    }
    if let Some(site) = site {
        let extra = k.chars().count().saturating_sub(site.chars().count());
        if k == site
            || (k.chars().count() >= 2 && site.contains(&k))
            || (k.contains(site) && extra <= MAX_EXTRA_CHARS)
        {
            return true;
        }
    }
    let chars = text.chars().filter(|c| !c.is_whitespace()).count();
    (chars <= MAX_SITE_CHARS && chars > 1 && SITE_SUFFIXES.iter().any(|s| text.ends_with(s)))
        || is_domain(text)
}

/// `sina.com.cn`, `www.example.com`, `Sportsnet.ca`.
fn is_domain(text: &str) -> bool {
    let labels: Vec<&str> = text.split('.').collect();
    text.len() <= 60
        && labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-'))
        && labels
            .last()
            .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(|c| c.is_ascii_alphabetic()))
}

/// A channel or site label rather than a title.
fn is_short(text: &str) -> bool {
    if text.chars().any(hanzi::is_ideograph) {
        return text.chars().filter(|c| !c.is_whitespace()).count() <= SHORT_CJK_CHARS;
    }
    let words = text.split_whitespace().count();
    words <= SHORT_LATIN_WORDS
        && text.chars().count() <= SHORT_LATIN_CHARS
        && !text.contains(['!', '?', '？', '！', '。'])
}

/// Comparison key: NFKC, lower case, Simplified, letters and digits only.
fn key(s: &str) -> String {
    s.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| c.is_alphanumeric())
        .map(|c| {
            if hanzi::is_ideograph(c) {
                hanzi::to_simplified(c)
            } else {
                c
            }
        })
        .collect()
}

/// Whether two titles are the same, tolerantly: ignoring case, white space, punctuation,
/// full-width forms and Traditional/Simplified, after removing site names; one may be a
/// prefix (or suffix) of the other if it keeps at least 80% of its characters.
///
/// # Example
/// ```
/// use pagewash::internals::meta::same_title;
///
/// assert!(same_title("标题内容很长很长_新华网", "标题内容很长很长"));
/// assert!(same_title("Nadal keeps Spain alive - Sportsnet.ca", "NADAL KEEPS SPAIN ALIVE!"));
/// assert!(!same_title("Nadal keeps Spain alive", "Nadal"));
/// ```
pub fn same_title(a: &str, b: &str) -> bool {
    let similar = |x: &str, y: &str| {
        let (nx, ny) = (x.chars().count(), y.chars().count());
        if nx == 0 || ny == 0 {
            return false;
        }
        if x == y {
            return true;
        }
        let (short, long, ns, nl) = if nx <= ny {
            (x, y, nx, ny)
        } else {
            (y, x, ny, nx)
        };
        (long.starts_with(short) || long.ends_with(short)) && ns * 100 >= nl * SAME_TITLE_MIN_SHARE
    };
    let (ka, kb) = (key(a), key(b));
    if similar(&ka, &kb) {
        return true;
    }
    let (ca, cb) = (key(&clean_title(a, None)), key(&clean_title(b, None)));
    similar(&ca, &cb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_names_removed() {
        for (title, site, want) in [
            ("标题内容_新华网", None, "标题内容"),
            ("标题内容-人民网", None, "标题内容"),
            ("标题内容很长_滚动新闻_新浪网", None, "标题内容很长"),
            ("新浪网_标题内容很长", None, "标题内容很长"),
            (
                "拿起跨界“指挥棒”她跟学生“较着劲儿”成长--大河网",
                None,
                "拿起跨界“指挥棒”她跟学生“较着劲儿”成长",
            ),
            ("多维博客 » 播客热潮迅速蔓延 挑逗传统传媒业", None, "播客热潮迅速蔓延 挑逗传统传媒业"),
            ("土豆不“土” 土豆无“土” 松花江网", None, "土豆不“土” 土豆无“土”"),
            (
                "为现代化巴彦淖尔建设凝聚强大智慧和力量——热烈祝贺市政协五届一次会议开幕_巴彦淖尔市人民政府网",
                None,
                "为现代化巴彦淖尔建设凝聚强大智慧和力量——热烈祝贺市政协五届一次会议开幕",
            ),
            (
                "17种产品、1个园区入选国家绿色制造名单 - 要闻云南 - 云南日报网",
                None,
                "17种产品、1个园区入选国家绿色制造名单",
            ),
            ("居家养老有“医”靠 安宁疗护有温度 - 太原晚报", None, "居家养老有“医”靠 安宁疗护有温度"),
            (
                "刺死辱母者于欢的罪与悔：出狱第一晚仅睡三四个小时_苏银",
                None,
                "刺死辱母者于欢的罪与悔：出狱第一晚仅睡三四个小时",
            ),
            (
                "马克龙星期一在莫斯科与普京会面 - 法国报纸摘要",
                Some("RFI - 法国国际广播电台"),
                "马克龙星期一在莫斯科与普京会面",
            ),
            ("中国-东盟博览会开幕-人民网", None, "中国-东盟博览会开幕"),
            ("标题内容｜澎湃新闻", None, "标题内容"),
            ("标题内容丨澎湃新闻", None, "标题内容"),
            ("Google Stadia: So Many Ways to Play  - WSJ", None, "Google Stadia: So Many Ways to Play"),
            (
                "Nadal keeps Spain alive against Russia in Davis Cup Finals - Sportsnet.ca",
                None,
                "Nadal keeps Spain alive against Russia in Davis Cup Finals",
            ),
            (
                "New York State Attorney General reportedly investigating WeWork – TechCrunch",
                None,
                "New York State Attorney General reportedly investigating WeWork",
            ),
            (
                "US service members killed in Afghanistan helicopter crash | Afghanistan News | Al Jazeera",
                None,
                "US service members killed in Afghanistan helicopter crash",
            ),
            (
                "2020 Audi e-tron Sportback revealed as electric 4-door coupe - SlashGear",
                None,
                "2020 Audi e-tron Sportback revealed as electric 4-door coupe",
            ),
            (
                "How to retire early, step by step: Earn, save, and invest more - Business Insider Deutschland",
                None,
                "How to retire early, step by step: Earn, save, and invest more",
            ),
            ("Opinion | Why the rules need to change now", None, "Why the rules need to change now"),
            ("The New York Times - A long headline about things", Some("The New York Times"), "A long headline about things"),
            ("A long headline about things :: Example Site", None, "A long headline about things"),
            ("A long headline about things · Example", None, "A long headline about things"),
            ("A long headline about things | example.com", None, "A long headline about things"),
            ("Apple unveils a new watch - Apple Newsroom - Apple", Some("Apple"), "Apple unveils a new watch"),
            ("Reuters | Reuters poll shows Biden ahead", Some("Reuters"), "Reuters poll shows Biden ahead"),
            ("标题内容很长很长_新浪网新闻中心", Some("新浪网"), "标题内容很长很长"),
        ] {
            assert_eq!(clean_title(title, site), want, "{title}");
        }
    }

    #[test]
    fn titles_kept_whole() {
        for title in [
            "COVID-19 cases rise",
            "GPT-4o is here",
            "snake_case vs camelCase in Rust",
            "std::io::Read explained for beginners",
            "Take C.A.R.E. - comwrap auf der DMEXCO 2018",
            "BREAKING NEWS: Chelsea Activate £71.6m Release Clause",
            "Joel on Software - 给计算机系学生的建议",
            "吉林省人民政府关于禁止新增建设项目的通告",
            "改变世界的 互联网",
            "奋斗——记一位老党员",
            "Jean-Luc Picard returns",
            "2019-03-04 market report",
            "新闻",
            "新浪网",
            "Home",
            "",
        ] {
            assert_eq!(clean_title(title, None), title.trim(), "{title}");
        }
        // Everything looks like a site name: the input comes back.
        assert_eq!(clean_title("新浪网_新华网", None), "新浪网_新华网");
        assert_eq!(
            clean_title("  Reuters | Reuters  ", Some("Reuters")),
            "Reuters | Reuters"
        );
    }

    #[test]
    fn same_titles() {
        for (a, b) in [
            ("标题内容很长很长_新华网", "标题内容很长很长"),
            ("標題內容很長很長", "标题内容很长很长"),
            ("ＣＯＶＩＤ－１９ cases rise", "covid-19 Cases Rise"),
            (
                "Nadal keeps Spain alive - Sportsnet.ca",
                "Nadal keeps Spain alive!",
            ),
            (
                "A long headline about many things",
                "A long headline about many things today",
            ),
            ("【独家】一二三四五六七八九十", "一二三四五六七八九十"),
        ] {
            assert!(same_title(a, b), "{a} ~ {b}");
            assert!(same_title(b, a), "{b} ~ {a}");
        }
        for (a, b) in [
            ("Nadal keeps Spain alive", "Nadal"),
            ("标题内容很长很长", "标题"),
            ("标题内容很长很长", "另一条完全不同的新闻"),
            ("", ""),
            ("!!!", "???"),
            (
                "A long headline about things",
                "Things about a long headline",
            ),
        ] {
            assert!(!same_title(a, b), "{a} !~ {b}");
        }
    }

    #[test]
    fn never_panics() {
        for s in [
            "-", "_", "|", "::", " - ", "--", "－", "a-", "-a", "中-", "-中", "_中_", " | | ", "»",
        ] {
            let _ = clean_title(s, None);
            let _ = clean_title(s, Some(s));
            let _ = same_title(s, s);
        }
    }
}
