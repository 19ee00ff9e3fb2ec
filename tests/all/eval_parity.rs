//! `pagewash::eval` gives the numbers the reference scorer `score.py` gives.
//!
//! The expected values were produced once by writing each case below to
//! `gold/<id>.gold.txt` and `out/<id>.txt` (no output file for `missing_out`, files written
//! byte for byte, `newline=''`), then running, with Python 3.11.7:
//!
//! ```text
//! python3 score.py gold out --by-page --json s.json [--nfkc]
//! ```
//!
//! and printing every score of `s.json` with `f"{x:.4f}"`. The summary lines and the
//! by-page table are copied from its standard output.

use pagewash::eval::{score_pair, PageScore, Summary, BY_PAGE_HEADER};

/// `(id, gold, output)`, in id order (score.py's order); `None`: no output file.
const CASES: &[(&str, &str, Option<&str>)] = &[
    (
        "cjk_latin",
        "GDP增长7.5%，iPhone手机销量上升。\n第二段：Apple公司发布了新品。\n",
        Some("GDP增长7.5%,iPhone手机销量上升。\n广告：点击这里\n"),
    ),
    (
        "crlf",
        "第一行\r\n第二行\r\n",
        Some("第一行\n第二行\n第三行"),
    ),
    ("empty_both", "", Some("")),
    ("empty_gold", "", Some("多余的输出\n")),
    (
        "fullwidth",
        "ＡＢＣ１２３，全角字符。\n　缩进的行　\n",
        Some("ABC123,全角字符。\n缩进的行\n"),
    ),
    ("missing_out", "只有金标准。\n", None),
    (
        "punct",
        "“你好！”他说——然后离开了……\n(括号) [方括号] {花括号}\n",
        Some("“你好!”他说—然后离开了…\n(括号) [方括号]\n"),
    ),
    (
        "repeat_lines",
        "重复\n重复\n唯一\n",
        Some("重复\n唯一\n唯一\n额外\n"),
    ),
    (
        "scripts",
        "カタカナとひらがな、한국어 텍스트 snake_case e\u{301} 𠀀字a𠀁b\n",
        Some("カタカナ 한국어 snake case \u{e9} 𠀀字a𠀁b\n"),
    ),
    ("trailing", "行一\n行二\n", Some("行一  \n行二\n\n\n")),
];

/// score.py's values: `(id, [tok_p, tok_r, tok_f1, line_p, line_r, line_f1, exact],
/// lost_lines, extra_lines)`.
type Expected = (&'static str, [f64; 7], usize, usize);

const PLAIN: &[Expected] = &[
    (
        "cjk_latin",
        [0.6957, 0.5517, 0.6154, 0.0000, 0.0000, 0.0000, 0.0000],
        2,
        2,
    ),
    (
        "crlf",
        [0.6667, 1.0000, 0.8000, 0.6667, 1.0000, 0.8000, 0.0000],
        0,
        1,
    ),
    (
        "empty_both",
        [1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000],
        0,
        0,
    ),
    (
        "empty_gold",
        [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000],
        0,
        1,
    ),
    (
        "fullwidth",
        [0.8182, 0.8182, 0.8182, 0.5000, 0.5000, 0.5000, 0.0000],
        1,
        1,
    ),
    (
        "missing_out",
        [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000],
        1,
        0,
    ),
    (
        "punct",
        [0.9565, 0.7333, 0.8302, 0.0000, 0.0000, 0.0000, 0.0000],
        2,
        2,
    ),
    (
        "repeat_lines",
        [0.5000, 0.6667, 0.5714, 0.5000, 0.6667, 0.5714, 0.0000],
        1,
        2,
    ),
    (
        "scripts",
        [0.9231, 0.5000, 0.6486, 0.0000, 0.0000, 0.0000, 0.0000],
        1,
        1,
    ),
    (
        "trailing",
        [1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000],
        0,
        0,
    ),
];

const NFKC: &[Expected] = &[
    (
        "cjk_latin",
        [0.7391, 0.5862, 0.6538, 0.5000, 0.5000, 0.5000, 0.0000],
        1,
        1,
    ),
    (
        "crlf",
        [0.6667, 1.0000, 0.8000, 0.6667, 1.0000, 0.8000, 0.0000],
        0,
        1,
    ),
    (
        "empty_both",
        [1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000],
        0,
        0,
    ),
    (
        "empty_gold",
        [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000],
        0,
        1,
    ),
    (
        "fullwidth",
        [1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000],
        0,
        0,
    ),
    (
        "missing_out",
        [0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000, 0.0000],
        1,
        0,
    ),
    (
        "punct",
        [1.0000, 0.7353, 0.8475, 0.0000, 0.0000, 0.0000, 0.0000],
        2,
        2,
    ),
    (
        "repeat_lines",
        [0.5000, 0.6667, 0.5714, 0.5000, 0.6667, 0.5714, 0.0000],
        1,
        2,
    ),
    (
        "scripts",
        [1.0000, 0.5652, 0.7222, 0.0000, 0.0000, 0.0000, 0.0000],
        1,
        1,
    ),
    (
        "trailing",
        [1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000, 1.0000],
        0,
        0,
    ),
];

const PLAIN_SUMMARY: &str =
    "pages=10 tok_f1=0.6284 tok_p=0.6560 tok_r=0.6270 line_f1=0.3871 exact=0.200";
const NFKC_SUMMARY: &str =
    "pages=10 tok_f1=0.6595 tok_p=0.6906 tok_r=0.6553 line_f1=0.4871 exact=0.300";

/// `score.py gold out --by-page` without --nfkc, table part.
const PLAIN_BY_PAGE: &str = "\
page\ttok_p\ttok_r\ttok_f1\tline_p\tline_r\tline_f1\texact\tlost_lines\textra_lines
cjk_latin\t0.696\t0.552\t0.615\t0.000\t0.000\t0.000\t0.000\t2\t2
crlf\t0.667\t1.000\t0.800\t0.667\t1.000\t0.800\t0.000\t0\t1
empty_both\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t0\t0
empty_gold\t0.000\t0.000\t0.000\t0.000\t0.000\t0.000\t0.000\t0\t1
fullwidth\t0.818\t0.818\t0.818\t0.500\t0.500\t0.500\t0.000\t1\t1
missing_out\t0.000\t0.000\t0.000\t0.000\t0.000\t0.000\t0.000\t1\t0
punct\t0.957\t0.733\t0.830\t0.000\t0.000\t0.000\t0.000\t2\t2
repeat_lines\t0.500\t0.667\t0.571\t0.500\t0.667\t0.571\t0.000\t1\t2
scripts\t0.923\t0.500\t0.649\t0.000\t0.000\t0.000\t0.000\t1\t1
trailing\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t1.000\t0\t0
";

/// Every case scored as score.py scores it: a missing output is an empty text.
fn score_all(nfkc: bool) -> Vec<(&'static str, PageScore)> {
    CASES
        .iter()
        .map(|&(id, gold, out)| (id, score_pair(gold, out.unwrap_or(""), nfkc)))
        .collect()
}

fn check(nfkc: bool, expected: &[Expected], summary: &str) {
    let got = score_all(nfkc);
    assert_eq!(got.len(), expected.len());
    for ((id, s), (want_id, want, lost, extra)) in got.iter().zip(expected) {
        assert_eq!(id, want_id);
        let values = [
            s.tok_p,
            s.tok_r,
            s.tok_f1,
            s.line_p,
            s.line_r,
            s.line_f1,
            s.exact_f64(),
        ];
        let fmt = |v: &[f64]| v.iter().map(|x| format!("{x:.4}")).collect::<Vec<_>>();
        assert_eq!(fmt(&values), fmt(want), "{id} (nfkc: {nfkc})");
        assert_eq!((s.lost_lines, s.extra_lines), (*lost, *extra), "{id}");
    }
    let scores: Vec<PageScore> = got.iter().map(|(_, s)| *s).collect();
    assert_eq!(Summary::mean(&scores).unwrap().to_string(), summary);
}

#[test]
fn page_scores_and_summary_match_score_py() {
    check(false, PLAIN, PLAIN_SUMMARY);
}

#[test]
fn page_scores_and_summary_match_score_py_with_nfkc() {
    check(true, NFKC, NFKC_SUMMARY);
}

#[test]
fn by_page_table_matches_score_py() {
    let mut table = format!("{BY_PAGE_HEADER}\n");
    for (id, s) in score_all(false) {
        table.push_str(&s.by_page_row(id));
        table.push('\n');
    }
    assert_eq!(table, PLAIN_BY_PAGE);
}
