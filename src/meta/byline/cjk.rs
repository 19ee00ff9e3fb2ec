//! Bylines with CJK characters: fields are marked by labels (作者, 来源, 责任编辑,
//! 发布时间…) rather than by word order, so the grammar finds the labels first and reads
//! each value up to the next one.

use std::sync::OnceLock;

use super::{Byline, MAX_LEFTOVER_LETTERS, MAX_VALUE_CHARS};
use crate::hanzi;
use crate::meta::date::{find_date, Date};
use crate::strip::rules::BUILTIN;
use crate::text::field::{Field, Follow, Label};

/// 。！？ anywhere but at the very end.
pub(super) fn has_cjk_sentence_mark(line: &str) -> bool {
    let body = line.trim_end_matches(['。', '！', '？', '!', '?', '.']);
    body.contains(['。', '！', '？'])
}

/// Labels no rule has: as trigger words they would make the rules remove lines they keep
/// today (文 and 图 are everyday words, `发表于` and `评论` lines are not removed as
/// metadata), so they are read only inside a line that is a byline already. Every other
/// label is declared once, by the `meta.*` rule that fires on it ([`Rule::labels`]).
///
/// [`Rule::labels`]: crate::strip::Rule::labels
const UNRULED: &[Label] = &[
    Label::new("文/图", Field::Author),
    Label::new("图/文", Field::Author),
    Label::marked("文", Field::Author),
    Label::new("发表于", Field::Date),
    Label::new("发布于", Field::Date),
    Label::colon("date", Field::Date),
    Label::colon("editor", Field::Editor),
    Label::new("摄像", Field::Photographer),
    Label::marked("图", Field::Photographer),
    Label::new("评论", Field::Comments),
];

/// Every label the parser reads: the built-in rules' labels and [`UNRULED`], longest first,
/// so that a label that begins a longer one (文 in 文/图, 浏览 in 浏览次数) never hides it:
/// at a character, the first label that fits wins.
fn labels() -> &'static [Label] {
    static LABELS: OnceLock<Vec<Label>> = OnceLock::new();
    LABELS.get_or_init(|| {
        let mut all: Vec<Label> = BUILTIN
            .iter()
            .flat_map(|r| r.labels)
            .chain(UNRULED)
            .copied()
            .collect();
        // Stable: labels of one length keep the rules' order.
        all.sort_by_key(|l| std::cmp::Reverse(l.word.chars().count()));
        all
    })
}

/// The first characters of [`labels`], sorted: at any other character no label starts, so
/// the scan skips it without trying each label (most characters of a line).
fn label_starts() -> &'static [char] {
    static STARTS: OnceLock<Vec<char>> = OnceLock::new();
    STARTS.get_or_init(|| {
        let mut starts: Vec<char> = labels()
            .iter()
            .filter_map(|l| l.word.chars().next())
            .collect();
        starts.sort_unstable();
        starts.dedup();
        starts
    })
}

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
    for &Label {
        word,
        field,
        follow,
    } in labels()
    {
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
        let separated = match (follow, sep) {
            (_, Some(':')) => true,
            (Follow::Colon, _) => false,
            (_, Some('|')) => true,
            (Follow::Mark, Some('/')) => true,
            (Follow::Mark, _) => false,
            (Follow::SpaceOrMark, Some(_)) => spaces > 0,
            (Follow::SpaceOrMark, None) => false,
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
    let starts = label_starts();
    let mut i = 0;
    while i < chars.len() {
        if starts.binary_search(&chars.folded[i]).is_err() {
            i += 1;
            continue;
        }
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

pub(super) fn parse_labelled(line: &str) -> Option<Byline> {
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

#[cfg(test)]
mod tests {
    use super::super::tests::b;
    use super::super::{parse_byline, MAX_CJK_CHARS};
    use super::*;

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
    fn no_label_hides_a_later_longer_one() {
        // Labels are tried in order: a label that is a prefix of a later one would win.
        let labels = labels();
        for (i, a) in labels.iter().enumerate() {
            for b in &labels[i + 1..] {
                assert!(
                    !b.word.starts_with(a.word),
                    "{} listed before {}",
                    a.word,
                    b.word
                );
            }
        }
    }

    #[test]
    fn sentence_marks() {
        assert!(has_cjk_sentence_mark("来源：新华网。作者：张三"));
        assert!(!has_cjk_sentence_mark("来源：新华网。"));
    }
}
