//! Previous/next links, related-article headings and lists of link hubs, after the article.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// 上一篇：… 下一篇：….
pub static RELATED_PREV_NEXT: Rule = Rule {
    id: "related.prev-next",
    family: Family::Related,
    reason: "previous / next article links",
    triggers: &[
        "上一篇",
        "下一篇",
        "上一条",
        "下一条",
        "上一页",
        "下一页",
        "上篇",
        "下篇",
        "前一篇",
        "后一篇",
        "返回列表",
        "previous",
        "next",
    ],
    labels: &[],
    states: None,
    shape: Shape::Leading,
    place: Place::Edge,
    max_chars: 200,
    allow_sentence: false,
};

/// 相关阅读 / 推荐阅读 / 热点推荐 / 友情链接: the heading of a link list.
pub static RELATED_HEADING: Rule = Rule {
    id: "related.heading",
    family: Family::Related,
    reason: "related / recommended links heading",
    triggers: &[
        "相关阅读",
        "相关新闻",
        "相关链接",
        "相关文章",
        "相关报道",
        "相关推荐",
        "推荐阅读",
        "热点推荐",
        "延伸阅读",
        "热门文章",
        "热门推荐",
        "猜你喜欢",
        "更多",
        "更多>>",
        "重点链接",
        "友情链接",
        "网站链接",
        "链接",
        "热点新闻",
        "热点",
        "最新文章",
        "最新发布",
        "精彩推荐",
        "图片新闻",
        "相关专题",
        "专题",
        "阅读排行",
        "排行",
        "排行榜",
        "评论排行",
        "最新评论",
        "热门评论",
        "最新回复",
        "最新留言",
        "related",
        "more",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(70),
    place: Place::Tail,
    max_chars: 20,
    allow_sentence: false,
};

/// 全国各省市政府网站 / 部门网站: headings of the link hubs at the bottom of government pages.
pub static RELATED_SITE_LIST: Rule = Rule {
    id: "related.site-list",
    family: Family::Related,
    reason: "list of other websites at the bottom of the page",
    triggers: &["网站", "网站群", "政府网站", "部门网站", "友情链接"],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"(网站|网站群|网站导航|友情链接)$"),
    place: Place::Tail,
    max_chars: 20,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn prev_next_after_the_article() {
        let l = "上一篇:天長市千秋街道公開招聘社區專職工作者…[ 03-18 ] 下一篇:公 示[ 03-21 ]";
        assert_removes(&format!("{BODY}\n{l}"), l, "related.prev-next");
        let l = "下一篇：没有了";
        assert_removes(&format!("{BODY}\n{l}"), l, "related.prev-next");
    }

    #[test]
    fn link_hub_headings() {
        for l in [
            "全国各省市政府网站",
            "滨海新区政府系统网站",
            "重点链接",
            "相关阅读",
            "友情链接",
        ] {
            assert_removes(&format!("{BODY}\n{l}"), l, "related.");
        }
    }

    #[test]
    fn body_lines_stay() {
        let l = "下一篇文章我们将讨论这个问题";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "更多精彩内容敬请期待";
        assert_keeps(&format!("{BODY}\n{l}"), l);
        let l = "政府网站建设取得新进展";
        assert_keeps(&format!("{l}\n{BODY}"), l);
    }
}

#[cfg(test)]
mod structural_tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn the_list_after_a_related_heading_goes_with_it() {
        let page = format!("{BODY}\n相关阅读\n某地召开防疫工作会议\n某某街道开展志愿服务\n");
        assert_removes(&page, "某某街道开展志愿服务", "related.after-heading");
        let page =
            format!("{BODY}\n阅读排行榜\n1. 偶像新人王写真(7928)\n2. 地球你未曾见过的一面(5451)\n");
        assert_removes(
            &page,
            "2. 地球你未曾见过的一面(5451)",
            "related.after-heading",
        );
    }

    #[test]
    fn bulleted_menus_outside_the_body() {
        let page =
            format!("• 首页\n• 新闻\n• 评论\n标题\n{BODY}\n• Health Care\n• Sports\n• Politics");
        assert_removes(&page, "• 新闻", "nav.bullet-list");
        assert_removes(&page, "• Sports", "nav.bullet-list");
        assert_keeps(&page, "标题");
    }

    #[test]
    fn bulleted_lists_inside_the_article_stay() {
        let page = format!("{BODY}\n• 第一项\n• 第二项\n• 第三项\n{BODY}");
        assert_keeps(&page, "• 第二项");
        let page = format!("{BODY}\n• 第一项\n• 第二项\n");
        assert_keeps(&page, "• 第二项");
    }
}
