//! Article metadata lines: `label：value` pairs (发布日期, 来源, 作者, 责任编辑, 浏览次数,
//! 字号…), often several on one line with a date, right after the title or at the end.
//!
//! A body sentence that quotes 来源 or 作者 survives: the word must be a label (followed by a
//! separator), at the start of the line or beside another label or a date, on a line that is
//! not a sentence.

use crate::strip::rule::{Family, Field, Label, Place, Rule, Shape};
use Field::*;

// A rule's labels are its trigger words that name a field (`作者` states the author): the
// byline parser reads a metadata line's fields with them (`meta::byline`). A word a rule
// fires on but the byline parser does not read as a label stays among the triggers
// (`信息来源`: the parser reads `来源` after the prefix `信息`; `主编`, `录入`: not read today,
// and reading them would change the metadata of pages that have them).

/// 发布日期：2022-09-30.
pub static META_PUBLISH_DATE: Rule = Rule {
    id: "meta.publish-date",
    family: Family::Metadata,
    reason: "publication date line",
    triggers: &[],
    labels: &[
        Label::new("发布日期", Date),
        Label::new("发布时间", Date),
        Label::new("发表时间", Date),
        Label::new("发表日期", Date),
        Label::new("发文日期", Date),
        Label::new("更新时间", Updated),
        Label::new("更新日期", Updated),
        Label::new("上传时间", Date),
        Label::new("录入时间", Date),
        Label::new("添加时间", Date),
        Label::new("创建时间", Date),
        Label::new("刊发时间", Date),
        Label::new("成文日期", Date),
    ],
    states: Some(Date),
    shape: Shape::Label,
    place: Place::Anywhere,
    max_chars: 120,
    allow_sentence: false,
};

/// 时间：2022-03-19 / 日期：2022年3月19日, a bare date label with a date value.
pub static META_DATE_LABEL: Rule = Rule {
    id: "meta.date-label",
    family: Family::Metadata,
    reason: "date label line near the title or at the end",
    triggers: &[],
    labels: &[Label::new("时间", Date), Label::new("日期", Date)],
    states: Some(Date),
    shape: Shape::Regex(r"^[^\p{Han}]{0,3}(时间|日期):\d{2,4}[-/年.]\d{1,2}"),
    place: Place::Edge,
    max_chars: 60,
    allow_sentence: false,
};

/// A date or time alone on a line near the title: `November 20, 2019`, `2022-09-30 07:59`,
/// `(2006-12-24 03:45:27)`, `14H ago`. At the end of a notice a date is its signature date:
/// this rule fires in the head only.
pub static META_DATE_LINE: Rule = Rule {
    id: "meta.date-line",
    family: Family::Metadata,
    reason: "date line near the title",
    triggers: &["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"],
    labels: &[],
    states: Some(Date),
    shape: Shape::Regex(
        r"^[(\[【]?((updated|published|posted|on)?(mon|tue|wed|thu|fri|sat|sun)[a-z]*,?)?(((jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\d{1,2}(,\d{4})?)|(\d{1,2}(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(\d{4})?)|(\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?)|(\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})|(\d+(h|hours?|minutes?|mins?|days?|小时|分钟|天)(ago|前)))(\|?(\d{1,2}:\d{2}(:\d{2})?(am|pm)?))?[)\]】]?$",
    ),
    place: Place::Head,
    max_chars: 40,
    allow_sentence: false,
};

/// 来源：新华社 / 来源 | 深圳市委组织部.
pub static META_SOURCE: Rule = Rule {
    id: "meta.source",
    family: Family::Metadata,
    reason: "source line (where the article came from)",
    triggers: &["信息来源", "文章来源", "新闻来源", "消息来源"],
    labels: &[
        Label::new("来源", Source),
        Label::new("稿源", Source),
        Label::new("出处", Source),
        Label::marked("来自", Source),
        Label::marked("转自", Source),
        Label::colon("source", Source),
    ],
    states: Some(Source),
    shape: Shape::Label,
    place: Place::Anywhere,
    max_chars: 80,
    allow_sentence: false,
};

/// 作者：… / 责任编辑：… / 记者 … 摄影 ….
pub static META_BYLINE: Rule = Rule {
    id: "meta.byline",
    family: Family::Metadata,
    reason: "author / editor line",
    triggers: &[
        "编审",
        "主编",
        "录入",
        "编辑部",
        "文字",
        "审稿",
        "初审",
        "复审",
    ],
    labels: &[
        Label::new("作者", Author),
        Label::new("记者", Author),
        Label::new("通讯员", Author),
        Label::new("发布者", Author),
        Label::new("发布人", Author),
        Label::new("撰稿", Author),
        Label::new("撰文", Author),
        Label::colon("author", Author),
        Label::new("编辑", Editor),
        Label::new("责任编辑", Editor),
        Label::new("责编", Editor),
        Label::new("值班编辑", Editor),
        Label::new("供稿", Source),
        Label::new("发布机构", Source),
        Label::new("发布单位", Source),
        Label::new("审核", Reviewer),
        Label::new("审校", Reviewer),
        Label::new("校对", Reviewer),
        Label::new("终审", Reviewer),
        Label::new("摄影", Photographer),
        Label::new("图片", Photographer),
    ],
    states: Some(Author),
    shape: Shape::Label,
    place: Place::Anywhere,
    max_chars: 60,
    allow_sentence: false,
};

/// `本报记者 王燕平 方云凤`, `新华社记者 张三 摄`, `文/张三 图/李四`, `河南商报记者马俊峰/文`: the
/// reporters' credit under a Chinese news headline, without a `：` label. The line is only
/// the credit: a newsroom prefix, a reporter word, then names (the folded line has its
/// spaces removed, so names run together), optionally `/文` `摄` `供图`.
pub static META_REPORTER_CREDIT: Rule = Rule {
    id: "meta.reporter-credit",
    family: Family::Metadata,
    reason: "reporter / photographer credit",
    triggers: &[
        "记者",
        "实习生",
        "通讯员",
        "文/",
        "图/",
        "/文",
        "/图",
        "摄影",
        "供图",
    ],
    labels: &[],
    states: Some(Author),
    shape: Shape::Regex(concat!(
        // newsroom + role + names (+ credit suffix): 本报记者王燕平方云凤
        r"^(?:[\p{Han}·]{0,10}[报社台网刊站视](?:特约|见习|实习)?(?:记者|实习生|通讯员)[\p{Han}·、,]{2,9}(?:/?[文摄图])?(?:[\p{Han}]{0,4}供图)?",
        // role + names + a credit suffix: 记者李明摄
        r"|(?:记者|通讯员)[\p{Han}·、,]{2,9}(?:/[文图]|摄|[\p{Han}]{0,4}供图)",
        // 文/张三图/李四
        r"|(?:(?:文|图|摄影?)/[\p{Han}·]{2,4}[、,]?){1,3}",
        // 河南商报记者马俊峰/文
        r"|[\p{Han}·]{0,12}(?:记者|通讯员)?[\p{Han}·]{2,4}/[文图摄](?:[\p{Han}]{0,4}供图)?)$",
    )),
    place: Place::Anywhere,
    max_chars: 36,
    allow_sentence: false,
};

/// 14549次浏览 / 浏览次数：… / 阅读量 ….
pub static META_COUNTER: Rule = Rule {
    id: "meta.counter",
    family: Family::Metadata,
    reason: "view / click counter",
    triggers: &[
        "点击率",
        "阅读数",
        "阅读次数",
        "访问量",
        "访问次数",
        "次浏览",
        "次阅读",
        "人阅读",
        "次点击",
        "人浏览",
        "人次",
    ],
    labels: &[
        Label::new("点击数", Views),
        Label::new("点击量", Views),
        Label::new("浏览次数", Views),
        Label::new("浏览量", Views),
        Label::new("阅读量", Views),
        Label::new("阅读", Views),
        Label::new("浏览", Views),
        Label::new("点击", Views),
    ],
    states: Some(Views),
    shape: Shape::Regex(
        r"(点击数|点击量|点击率|浏览次数|浏览量|阅读量|阅读数|阅读次数|访问量|访问次数)[:]?\d*|\d+(次|人次|人)?(浏览|阅读|点击)|(浏览|阅读|点击)[:(]?\d+",
    ),
    place: Place::Anywhere,
    max_chars: 80,
    allow_sentence: false,
};

/// 字号：大 中 小 / 【字体：大 中 小】.
pub static META_FONT_SIZE: Rule = Rule {
    id: "meta.font-size",
    family: Family::Metadata,
    reason: "font-size switch",
    triggers: &["字体大小", "文字大小"],
    labels: &[Label::new("字号", FontSize), Label::new("字体", FontSize)],
    states: Some(FontSize),
    shape: Shape::Regex(r"^[^\p{Han}]{0,3}(字号|字体|字体大小|文字大小)(:|\[|【|$|大|默认)"),
    place: Place::Anywhere,
    max_chars: 40,
    allow_sentence: false,
};

/// 分类：稀土 / 标签：… / 关键词：….
pub static META_CATEGORY: Rule = Rule {
    id: "meta.category",
    family: Family::Metadata,
    reason: "category / tag / keyword line",
    triggers: &[
        "所属栏目",
        "关键字",
        "主题词",
        "主题分类",
        "tags",
        "tag",
        "原标题",
    ],
    labels: &[
        Label::new("分类", Category),
        Label::new("栏目", Category),
        Label::new("标签", Category),
        Label::new("关键词", Category),
    ],
    states: Some(Category),
    shape: Shape::Label,
    place: Place::Edge,
    max_chars: 60,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn metadata_after_the_title() {
        let l = "发布日期: 2022-09-30 07:59      来源: 滨城时报";
        assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.publish-date");
        let l = "2020年02月14日 12:37 14549次瀏覽 來源: 中國有色金屬報 分類: 稀土 作者: 李寶樂";
        assert_removes(&format!("標題\n{l}\n{BODY}"), l, "meta.");
        let l = "发 布 日 期：2021年5月6日";
        assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.publish-date");
        let l = "字号:";
        assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.font-size");
        let l = "【字体：大 中 小】";
        assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.font-size");
        let l = "时间：2022-03-19 10:00";
        assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.date-label");
        let l = "阅读量：1024";
        assert_removes(&format!("{BODY}\n{l}"), l, "meta.counter");
    }

    #[test]
    fn date_lines_near_the_title() {
        for l in [
            "November 20, 2019",
            "2022-09-30 07:59",
            "(2006-12-24 03:45:27)",
            "14H ago",
            "13/02/2022",
            "2022年3月19日",
        ] {
            assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.date-line");
        }
        // At the end of a notice, the date is its signature: kept.
        assert_keeps(&format!("{BODY}\n2022年3月19日"), "2022年3月19日");
        let l = "2022年是关键一年";
        assert_keeps(&format!("{l}\n{BODY}"), l);
    }

    #[test]
    fn metadata_at_the_end() {
        let l = "責任編輯:周大偉";
        assert_removes(&format!("{BODY}\n{l}"), l, "meta.byline");
        let l = "来源 | 深圳市委组织部";
        assert_removes(&format!("{BODY}\n{l}"), l, "meta.source");
        let l = "（编辑：张三 审核：李四）";
        assert_removes(&format!("{BODY}\n{l}"), l, "meta.byline");
    }

    #[test]
    fn reporter_credits_without_a_label() {
        for l in [
            "本报记者 王燕平 方云凤 柏建斌",
            "本报实习生 刘国栋 周炜",
            "新华社记者 张三",
            "顶端新闻·河南商报记者马俊峰/文受访者供图",
            "文/张三 图/李四",
            "记者 李明 摄",
        ] {
            assert_removes(&format!("标题\n{l}\n{BODY}"), l, "meta.reporter-credit");
        }
        // Sentences and headlines with the same words stay.
        for l in [
            "记者从市教育局获悉，今年全市新增学位一万个。",
            "记者节：致敬新闻工作者",
            "实习生招聘启事",
            "三名记者在采访途中遇险获救的经过",
        ] {
            assert_keeps(&format!("标题\n{l}\n{BODY}"), l);
        }
    }

    #[test]
    fn body_quoting_labels_stays() {
        let l = "据了解，这批货物的来源：一是本地，二是外省，均已登记在册。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "作者在书中写道，时间是最好的老师。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "来源不明的消息不要转发";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "时间：上午九点 地点：会议室";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "发布日期由国务院另行确定，请各单位做好准备。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "分类施策：一是稳就业，二是保民生";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "字号老店的传承";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "浏览器市场份额变化";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
    }
}
