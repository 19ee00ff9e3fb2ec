//! Site header, navigation rows, breadcrumbs and "you are leaving this site" prompts.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// `rule` is one of the breadcrumb rules (a trail of links, or a chain of `>` steps).
pub fn is_breadcrumb(rule: &Rule) -> bool {
    std::ptr::eq(rule, &NAV_BREADCRUMB) || std::ptr::eq(rule, &NAV_BREADCRUMB_CHAIN)
}

/// `当前位置：首页 > 工作动态`: a labelled breadcrumb before the title.
pub static NAV_BREADCRUMB: Rule = Rule {
    id: "nav.breadcrumb",
    family: Family::Navigation,
    reason: "breadcrumb (location label followed by the section path)",
    triggers: &[
        "当前位置",
        "您的位置",
        "你的位置",
        "您现在的位置",
        "你现在的位置",
        "现在的位置",
        "所在位置",
        "当前页面",
        "您所在的位置",
        "当前栏目",
        "位置",
    ],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"^[^\p{Han}]{0,3}[\p{Han}]{0,6}(位置|页面|栏目)[:>»›→]"),
    place: Place::Head,
    max_chars: 80,
    allow_sentence: false,
};

/// `首页 > 新闻 > 正文`: an unlabelled chain of section names.
pub static NAV_BREADCRUMB_CHAIN: Rule = Rule {
    id: "nav.breadcrumb-chain",
    family: Family::Navigation,
    reason: "breadcrumb (chain of section names starting at the home page)",
    triggers: &["首页", "主页", "home"],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"^[^\p{Han}a-z]{0,3}(首页|主页|home)[>»›→/]+[^>»›→]+"),
    place: Place::Head,
    max_chars: 80,
    allow_sentence: false,
};

/// Rows of header links: 首页 | 设为首页 | 加入收藏 | 登录 | 注册.
pub static NAV_SITE_LINKS: Rule = Rule {
    id: "nav.site-links",
    family: Family::Navigation,
    reason: "site header link row",
    triggers: &[
        "网站首页",
        "首页",
        "设为首页",
        "加入收藏",
        "收藏本站",
        "登录",
        "注册",
        "退出登录",
        "手机版",
        "移动版",
        "english",
        "网站导航",
        "站内搜索",
        "搜索",
        "热搜",
        "政务公开",
        "新闻中心",
        "办事服务",
        "互动交流",
        "政民互动",
        "信息公开",
        "关于本站",
        "返回首页",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(70),
    place: Place::Head,
    max_chars: 60,
    allow_sentence: false,
};

/// Sign-in, subscription and newsletter links of the site header or footer.
pub static NAV_ACCOUNT_LINKS: Rule = Rule {
    id: "nav.account-links",
    family: Family::Navigation,
    reason: "sign-in / subscribe / newsletter links",
    triggers: &[
        "subscribe",
        "subscribenow",
        "signin",
        "sign-in",
        "signup",
        "sign-up",
        "login",
        "log-in",
        "logout",
        "register",
        "newsletter",
        "newsletters",
        "myaccount",
        "account",
        "登录",
        "注册",
        "免费注册",
        "会员中心",
        "订阅",
        "退出",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(70),
    place: Place::Edge,
    max_chars: 40,
    allow_sentence: false,
};

/// `Skip to content` / `跳到主要内容`: keyboard-navigation links at the very top.
pub static NAV_SKIP_LINK: Rule = Rule {
    id: "nav.skip-link",
    family: Family::Navigation,
    reason: "skip-to-content link",
    triggers: &[
        "skiptocontent",
        "skiptomaincontent",
        "skiptonavigation",
        "skiptosite",
        "skiptomain",
        "jumptocontent",
        "jumptonavigation",
        "跳到主要内容",
        "跳转到主要内容",
        "跳过导航",
    ],
    labels: &[],
    states: None,
    shape: Shape::Leading,
    place: Place::Edge,
    max_chars: 80,
    allow_sentence: false,
};

/// `您访问的链接即将离开本网站 是否继续?`: the exit prompt of government sites.
pub static NAV_LEAVING_SITE: Rule = Rule {
    id: "nav.leaving-site",
    family: Family::Navigation,
    reason: "\"you are leaving this site\" prompt",
    triggers: &[
        "即将离开",
        "离开本网站",
        "离开本站",
        "您访问的链接",
        "是否继续访问",
        "继续访问",
        "是否继续",
        "跳转到第三方",
    ],
    labels: &[],
    states: None,
    shape: Shape::Several(2),
    place: Place::Anywhere,
    max_chars: 60,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn breadcrumbs_before_the_title() {
        let page = format!("当前位置: 首页>工作动态\n标题\n{BODY}");
        assert_removes(&page, "当前位置: 首页>工作动态", "nav.breadcrumb");
        let page = format!("您现在的位置：首页 » 新闻\n标题\n{BODY}");
        assert_removes(&page, "您现在的位置：首页 » 新闻", "nav.breadcrumb");
        let page = format!("首页 > 新闻中心 > 正文\n标题\n{BODY}");
        assert_removes(&page, "首页 > 新闻中心 > 正文", "nav.breadcrumb-chain");
        let page = format!("當前位置：首頁 > 要聞\n標題\n{BODY}");
        assert_removes(&page, "當前位置：首頁 > 要聞", "nav.breadcrumb");
    }

    #[test]
    fn site_name_above_a_breadcrumb_goes_with_it() {
        let page = format!("某某市统计局\n当前位置: 首页>工作动态\n标题\n{BODY}");
        assert_removes(&page, "某某市统计局", "nav.above-breadcrumb");
        assert_keeps(&page, "标题");
    }

    #[test]
    fn body_mentioning_position_or_home_stays() {
        let page = format!("标题\n{BODY}\n首页设计的位置很重要\n{BODY}");
        assert_keeps(&page, "首页设计的位置很重要");
        let page = format!("首页改版上线\n{BODY}");
        assert_keeps(&page, "首页改版上线");
        let page = format!("{BODY}\n位置：会议室三楼\n{BODY}");
        assert_keeps(&page, "位置：会议室三楼");
    }

    #[test]
    fn header_link_rows() {
        let page = format!("网站首页 | 设为首页 | 加入收藏 | 登录 | 注册\n标题\n{BODY}");
        assert_removes(
            &page,
            "网站首页 | 设为首页 | 加入收藏 | 登录 | 注册",
            "nav.site-links",
        );
        let page = format!("注册会计师考试报名\n{BODY}");
        assert_keeps(&page, "注册会计师考试报名");
    }

    #[test]
    fn account_and_skip_links() {
        for (l, rule) in [
            ("SubscribeSign In", "nav.account-links"),
            ("登录 | 注册", "nav."),
            ("Skip to contentSkip to site index", "nav.skip-link"),
        ] {
            assert_removes(&format!("{l}\n标题\n{BODY}"), l, rule);
        }
        let l = "Register now for the conference";
        assert_keeps(&format!("{l}\n{BODY}"), l);
        let l = "Skipton town council meets";
        assert_keeps(&format!("{l}\n{BODY}"), l);
    }

    #[test]
    fn leaving_prompt_anywhere() {
        let page = format!("{BODY}\n您访问的链接即将离开本网站 是否继续?");
        assert_removes(
            &page,
            "您访问的链接即将离开本网站 是否继续?",
            "nav.leaving-site",
        );
        let page = format!("{BODY}\n他即将离开北京，是否继续留任尚无定论。\n{BODY}");
        assert_keeps(&page, "他即将离开北京，是否继续留任尚无定论。");
    }
}
