//! The article span of a text page (a WET record, a text dump): no DOM, only line signals.
//!
//! Each line still kept after the text rules gets a score: running text (long and
//! punctuated) counts for the article by how much it says, every other line counts against
//! it. The article is the contiguous span with the highest total (the maximum-sum segment,
//! as in Body Text Extraction), so short lines *between* paragraphs stay with them, while the
//! menus, teasers and footers around the span go. Recall first:
//! - above the span only menu-like runs go (three or more lines of a word or two); a title
//!   block, an editor's note label, a dateline stay; the last line of a menu run stays when
//!   it reads as a title (short, no sentence end);
//! - below the span, a signature block (a few short lines ending with a date) stays, and so
//!   does running text (a second part of the article after a widget);
//! - running text is never removed here: it is what the text rules anchor the page's body
//!   on, and removing it would move their zones, so a second pass would judge differently
//!   (pagewash is idempotent: cleaning its own output changes nothing).

use super::signals::LineSignals;
use crate::doc::Doc;
use crate::text::line_facts::LineFacts;

/// Equal but for white space (what the normalizer collapses).
fn same_text(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

/// What a line that is not running text costs the span.
const OTHER_LINE_COST: f32 = 1.0;
/// A title line has at least this many and at most this many units.
const TITLE_UNITS: std::ops::RangeInclusive<f32> = 8.0..=150.0;

/// Lines of a text page outside the article span, with the side they are on; `None` when
/// the page has no running text to anchor a span on (every line is kept). `signal(i)` is
/// line `i`'s signals (asked once for each kept line, again for the few lines the title and
/// signature checks read): nothing is held per line of the page, which may have millions.
pub fn outside_span(
    doc: &Doc,
    signal: &dyn Fn(usize) -> LineSignals,
) -> Option<Vec<(usize, &'static str)>> {
    // Blank lines say nothing, and a line repeating the one before it will be dropped by
    // the normalizer: neither may sway the span, or a second pass would judge differently.
    // A repeat shares the fate of the line it repeats (found again at the end, rather than
    // held: a page of a million equal lines holds a million repeats).
    let mut kept: Vec<usize> = Vec::new();
    // Per kept line: whether it is running text, its score, its units.
    let mut prose: Vec<bool> = Vec::new();
    let mut scores: Vec<f32> = Vec::new();
    let mut units: Vec<f32> = Vec::new();
    let mut any_repeat = false;
    for i in doc.kept() {
        let s = signal(i);
        if s.chars == 0 {
            continue;
        }
        if let Some(&p) = kept.last() {
            if same_text(&doc.nfkc_view(p), &doc.nfkc_view(i)) {
                any_repeat = true;
                continue;
            }
        }
        kept.push(i);
        // Running text is judged as the text rules judge it (their body anchors), so the
        // two stages agree on where the article is.
        let is_prose = LineFacts::of(&doc.nfkc_view(i)).prose;
        prose.push(is_prose);
        scores.push(if is_prose {
            1.0 + s.marks as f32 + (s.units / 100.0).min(3.0)
        } else {
            -OTHER_LINE_COST
        });
        units.push(s.units);
    }
    if kept.is_empty() {
        return Some(Vec::new());
    }
    let (a, b) = max_segment(&scores)?;
    drop(scores);
    let mut out: Vec<(usize, &'static str)> = Vec::new();
    // Above: only menu-like runs go (several short lines); a title block stays.
    let mut n = 0;
    while n < a {
        let run_end = (n..a).find(|&m| prose[m]).unwrap_or(a);
        let run = &kept[n..run_end];
        let mean = units[n..run_end].iter().sum::<f32>() / run.len().max(1) as f32;
        if run.len() >= MENU_RUN_LINES && mean < MENU_MEAN_UNITS {
            let title = run_end == a && is_title_like(&signal(run[run.len() - 1]));
            let cut = if title { run.len() - 1 } else { run.len() };
            out.extend(run[..cut].iter().map(|&i| (i, "above")));
        }
        n = run_end.max(n + 1);
    }
    // Below: everything but long running text and a signature block (organisation, date).
    let signature = signature_len(doc, &kept[b + 1..], signal);
    for (&i, &p) in kept[b + 1 + signature..]
        .iter()
        .zip(&prose[b + 1 + signature..])
    {
        if !p {
            out.push((i, "below"));
        }
    }
    // Repeats follow their line: the same walk as above, each repeat with its kept line.
    if any_repeat && !out.is_empty() {
        let removed: std::collections::HashMap<usize, &'static str> = out.iter().copied().collect();
        let mut last: Option<usize> = None;
        for i in doc.kept() {
            if signal(i).chars == 0 {
                continue;
            }
            if let Some(p) = last {
                if same_text(&doc.nfkc_view(p), &doc.nfkc_view(i)) {
                    if let Some(&side) = removed.get(&p) {
                        out.push((i, side));
                    }
                    continue;
                }
            }
            last = Some(i);
        }
    }
    out.sort_unstable();
    Some(out)
}

/// The lines of `below` (line indices after the article, in order) that sign it: a few
/// short lines ending with a date line.
pub(crate) fn signature_below(doc: &Doc, below: &[usize]) -> Vec<usize> {
    let signals: Vec<LineSignals> = below
        .iter()
        .take(SIGNATURE_LINES)
        .map(|&i| LineSignals::of(&doc.nfkc_view(i), 0.0))
        .collect();
    let n = signature_len_of(doc, below, &signals);
    below[..n].to_vec()
}

/// On a text page, after the model: a signature (organisation, date) right below the last
/// kept line signs the article and stays, as the span keeps it; so does an appendix opened
/// among the last kept lines or right below them, or right below the span's last line
/// `span_end` ([`appendix_heading`]). `candidates` are the page's candidate lines in order,
/// `kept` is indexed by line.
pub(crate) fn keep_signature_and_appendix(
    doc: &Doc,
    candidates: &[usize],
    span_end: Option<usize>,
    kept: &mut [bool],
) {
    let Some(last) = (0..kept.len()).rev().find(|&i| kept[i]) else {
        return;
    };
    let below: Vec<usize> = candidates.iter().copied().filter(|&i| i > last).collect();
    for i in signature_below(doc, &below) {
        kept[i] = true;
    }
    // The model may have kept the heading and a row or two of the table under it: the
    // heading is looked for among the last kept lines too.
    let kept_lines: Vec<usize> = candidates.iter().copied().filter(|&i| kept[i]).collect();
    let from = kept_lines.len().saturating_sub(APPENDIX_OPENS_WITHIN + 1);
    let window = kept_lines.len() - from + APPENDIX_OPENS_WITHIN;
    let tail: Vec<usize> = kept_lines[from..].iter().copied().chain(below).collect();
    let mut heading = appendix_heading(doc, &tail, window);
    // A stray line kept further down (a table row the model liked) is not the article's
    // end: the heading may sit right below the span of running text.
    if let Some(end) = span_end.filter(|&e| heading.is_none() && kept[e] && e != last) {
        let tail: Vec<usize> = candidates.iter().copied().filter(|&i| i >= end).collect();
        heading = appendix_heading(doc, &tail, 1 + APPENDIX_OPENS_WITHIN);
    }
    if let Some(h) = heading {
        for i in appendix_from(doc, candidates, h) {
            kept[i] = true;
        }
    }
}

/// On a text page, after the model: the span's first line when the model dropped it and
/// kept the line below it, and it reads as a heading (no sentence end, at most
/// [`TITLE_MAX_UNITS`]): the article's title, which a page read as HTML keeps by its `<h1>`.
pub(crate) fn title_above_span(
    doc: &Doc,
    candidates: &[usize],
    span_start: usize,
    kept: &[bool],
) -> Option<usize> {
    let at = candidates.iter().position(|&i| i == span_start)?;
    let next = *candidates.get(at + 1)?;
    if kept[span_start] || !kept[next] {
        return None;
    }
    let line = doc.nfkc_view(span_start);
    let s = LineSignals::of(&line, 0.0);
    // A Chinese title may show a main and a subtitle; more pieces between spaces are a
    // row of menu items.
    let row = s.wide > 0 && line.split_whitespace().count() > 2;
    (s.stops == 0 && s.chars >= 4 && s.units <= TITLE_MAX_UNITS && !row).then_some(span_start)
}

/// A title is at most this long (Latin-letter units: 50 CJK characters).
const TITLE_MAX_UNITS: f32 = 150.0;

/// The line among the first `window` lines of `tail` (the article's last kept lines, then
/// the lines after it, in order) that opens an appendix (`附：招生专业及考试科目`, `附件：`,
/// `附表1`): within the last kept lines or the [`APPENDIX_OPENS_WITHIN`] below them.
pub(crate) fn appendix_heading(doc: &Doc, tail: &[usize], window: usize) -> Option<usize> {
    tail.iter()
        .take(window)
        .copied()
        .find(|&i| opens_appendix(&doc.nfkc_view(i)))
}

/// The appendix opened at `heading`: it and every candidate line below it, kept by the
/// model or not, up to the first line an earlier stage removed (the page's boilerplate
/// starts there). A notice's appendix is a table or a list flattened into short lines that
/// no paragraph anchors; whether the model kept its heading or some of its rows, the table
/// goes with it.
fn appendix_from(doc: &Doc, candidates: &[usize], heading: usize) -> Vec<usize> {
    let Some(at) = candidates.iter().position(|&i| i == heading) else {
        return Vec::new();
    };
    let mut out = vec![heading];
    for w in candidates[at..].windows(2) {
        if (w[0] + 1..w[1]).any(|j| doc.is_removed(j)) {
            break;
        }
        out.push(w[1]);
    }
    out
}

fn opens_appendix(line: &str) -> bool {
    let t = line.trim();
    let mut chars = t.chars();
    chars.next() == Some('附')
        && matches!(chars.next(), Some(':' | '：' | '件' | '表' | '录'))
        && t.chars().count() <= APPENDIX_HEADING_CHARS
}

/// An appendix opens within this many lines below the article.
const APPENDIX_OPENS_WITHIN: usize = 2;
/// An appendix heading is at most this long.
const APPENDIX_HEADING_CHARS: usize = 40;

/// A run of at least this many short lines above the article is a menu…
const MENU_RUN_LINES: usize = 3;
/// …when its lines average fewer units than this (menu items are a word or two).
const MENU_MEAN_UNITS: f32 = 30.0;
/// A signature block has at most this many lines.
const SIGNATURE_LINES: usize = 3;

/// Lines at the start of `below` that sign the article: a few short lines ending with a
/// date line (`中共某市委组织部` / `2022年3月19日`).
fn signature_len(doc: &Doc, below: &[usize], signal: &dyn Fn(usize) -> LineSignals) -> usize {
    let own: Vec<LineSignals> = below
        .iter()
        .take(SIGNATURE_LINES)
        .map(|&i| signal(i))
        .collect();
    signature_len_of(doc, below, &own)
}

/// [`signature_len`] with the signals of `below`'s first lines, in order.
fn signature_len_of(doc: &Doc, below: &[usize], signals: &[LineSignals]) -> usize {
    for (n, &i) in below.iter().take(SIGNATURE_LINES).enumerate() {
        if signals[n].units > 90.0 {
            return 0;
        }
        if is_date_line(doc.line(i)) {
            return n + 1;
        }
    }
    0
}

/// A short line that is a date: `2022年3月19日`, `2022-03-19`, `2022/3/19`.
fn is_date_line(line: &str) -> bool {
    static DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(
            r"^\s*\d{4}\s*(年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|[-/.]\d{1,2}[-/.]\d{1,2})\s*$",
        )
        .expect("valid date pattern")
    });
    let line = line.trim();
    line.chars().count() <= 20 && DATE.is_match(line)
}

fn is_title_like(s: &LineSignals) -> bool {
    TITLE_UNITS.contains(&s.units) && s.stops == 0
}

/// The contiguous run with the largest positive sum (Kadane), as inclusive indices.
fn max_segment(scores: &[f32]) -> Option<(usize, usize)> {
    let mut best: Option<(f32, usize, usize)> = None;
    let mut sum = 0.0f32;
    let mut start = 0usize;
    for (i, &v) in scores.iter().enumerate() {
        if sum <= 0.0 {
            sum = 0.0;
            start = i;
        }
        sum += v;
        if sum > 0.0 && best.is_none_or(|(b, _, _)| sum > b) {
            best = Some((sum, start, i));
        }
    }
    best.map(|(_, a, b)| (a, b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn appendix_headings() {
        for l in [
            "附：招生专业及考试科目",
            "附件：1.报名表.doc",
            "附表1 考试科目",
            "附录",
        ] {
            assert!(opens_appendix(l), "{l}");
        }
        // A sentence that starts with the word, a line about an appendix, other words.
        for l in [
            "附件今年1月至5月，杭州工矿企业共发生各类事故一百余起，比去年同期下降了百分之十二。",
            "详见附件",
            "附近居民反映",
            "附和",
        ] {
            assert!(!opens_appendix(l), "{l}");
        }
    }

    /// The appendix runs from its heading, whether the model kept the heading (the last kept
    /// line) or not (one of the two lines below the last kept one), to the first line an
    /// earlier stage removed.
    #[test]
    fn the_appendix_runs_from_its_heading_to_the_removed_tail() {
        let text = "最后一段正文，说明报名办法和联系方式，欢迎报考。\n附：招生专业及考试科目\n\
                    学科、专业名称\n研究方向\n艺术学\n发表评论\n版权所有";
        let mut doc = Doc::from_text(text);
        doc.remove(5, super::super::OUTSIDE, "test");
        let candidates: Vec<usize> = (0..doc.len()).filter(|&i| !doc.is_removed(i)).collect();
        let kept_after = |first: &[usize]| {
            let mut kept = vec![false; doc.len()];
            for &i in first {
                kept[i] = true;
            }
            keep_signature_and_appendix(&doc, &candidates, None, &mut kept);
            (0..doc.len()).filter(|&i| kept[i]).collect::<Vec<_>>()
        };
        assert_eq!(kept_after(&[0, 1]), vec![0, 1, 2, 3, 4], "heading kept");
        assert_eq!(kept_after(&[0]), vec![0, 1, 2, 3, 4], "heading below");
        assert_eq!(
            kept_after(&[0, 1, 2]),
            vec![0, 1, 2, 3, 4],
            "heading and the table's first row kept"
        );
        // Three lines down is too far: a heading lower on the page is another block's.
        let far = Doc::from_text("正文。\n甲\n乙\n丙\n附：表格\n一\n二");
        let tail: Vec<usize> = (0..far.len()).collect();
        assert_eq!(
            appendix_heading(&far, &tail, 1 + APPENDIX_OPENS_WITHIN),
            None
        );
        // So is a heading more than three kept lines above the last: the model took the
        // page on after it.
        let above = Doc::from_text("正文。\n附：表格\n一\n二\n三\n四\n五");
        let mut kept = vec![true, true, true, true, true, false, false];
        let all: Vec<usize> = (0..above.len()).collect();
        keep_signature_and_appendix(&above, &all, None, &mut kept);
        assert_eq!(kept, [true, true, true, true, true, false, false]);
        // A stray row kept far below: the heading right below the span still opens it.
        let stray = Doc::from_text("正文第一段。\n正文第二段。\n附：表格\n一\n二\n三\n四\n五\n六");
        let all: Vec<usize> = (0..stray.len()).collect();
        let mut kept = vec![true, true, false, false, false, false, true, false, false];
        keep_signature_and_appendix(&stray, &all, Some(1), &mut kept);
        assert_eq!(kept, [true; 9]);
        let mut kept = vec![true, true, false, false, false, false, true, false, false];
        keep_signature_and_appendix(&stray, &all, None, &mut kept);
        assert_eq!(
            kept,
            [true, true, false, false, false, false, true, false, false]
        );
        // The heading kept, the rows under it not, a row further down kept: every row
        // between goes with the heading, not only the kept ones (a second round of the
        // model would find them removed and cut the table there).
        let mut kept = vec![true, true, true, false, false, true, false, true, false];
        keep_signature_and_appendix(&stray, &all, None, &mut kept);
        assert_eq!(kept, [true; 9]);
    }

    #[test]
    fn the_title_heading_the_span_stays_when_its_article_does() {
        let text = "滨海新区开展党建引领创建工作 坚决筑牢疫情防控严密防线\n\
                    为深入贯彻落实重要指示精神，区委组织部印发通知，压紧压实各方责任。\n\
                    健康无疫 人人参与";
        let doc = Doc::from_text(text);
        let all = [0, 1, 2];
        assert_eq!(
            title_above_span(&doc, &all, 0, &[false, true, false]),
            Some(0)
        );
        // Kept already, or the article below it dropped: nothing to do.
        assert_eq!(title_above_span(&doc, &all, 0, &[true, true, false]), None);
        assert_eq!(title_above_span(&doc, &all, 0, &[false, false, true]), None);
        // A row of menu items is not a heading.
        let doc = Doc::from_text("云南日报网邮箱 云南日报数字报 春城晚报数字报 更多\n正文第一段很长，说明了会议的内容。\n");
        assert_eq!(title_above_span(&doc, &[0, 1], 0, &[false, true]), None);
        // A sentence is not a heading.
        let doc = Doc::from_text("会议于今天召开。\n正文第一段很长，说明了会议的内容。\n");
        assert_eq!(title_above_span(&doc, &[0, 1], 0, &[false, true]), None);
    }

    #[test]
    fn segment_spans_short_lines_between_paragraphs() {
        assert_eq!(
            max_segment(&[-1.0, 5.0, -1.0, 4.0, -1.0, -1.0]),
            Some((1, 3))
        );
        assert_eq!(max_segment(&[-1.0, -1.0]), None);
        assert_eq!(max_segment(&[]), None);
    }

    #[test]
    fn menus_around_the_article_go_and_the_title_stays() {
        let text = "首页\n新闻\n体育\n财经\n国务院召开常务会议\n\
                    今天上午，国务院召开常务会议，研究部署进一步做好稳就业工作，会议指出要加大支持力度。\n\
                    小标题\n\
                    会议强调，各地区各部门要压实责任，确保政策落地见效，让企业和群众有实实在在的获得感。\n\
                    上一篇\n下一篇\n热门推荐";
        let doc = Doc::from_text(text);
        let signals: Vec<LineSignals> = (0..doc.len())
            .map(|i| LineSignals::of(doc.line(i), 0.0))
            .collect();
        let out: Vec<usize> = outside_span(&doc, &|i| signals[i])
            .unwrap()
            .iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(out, [0, 1, 2, 3, 8, 9, 10]);
    }
}
