//! What `class`, `id` and `role` names say about an element: article, or chrome.
//!
//! Names are split into segments at `-`, `_`, `.`, `:`, digits and camel-case humps
//! (`articleBody` → `article`, `body`), and judged by their **last** meaningful segment, the
//! head noun in the BEM-like naming most templates use: `article-comments` is a comment box,
//! `comment-body` is... a comment's body, `post-content` is content. Short segments are
//! matched whole (`ad`, `nav`, `dh`: the pinyin initials Chinese CMSs use, 导航 → `dh`);
//! a few long words are also found inside unsplit names (`commentlist`, `sidebarwrap`).

/// Segments that name chrome. Pinyin initials: dh 导航, mbx 面包屑, xgwz/xgxw 相关文章/新闻,
/// pl 评论, fx 分享, gg 广告, lm 栏目, tj 推荐, ph 排行, rd 热点, bq 版权, yqlj 友情链接,
/// ewm 二维码.
const NEGATIVE: &[&str] = &[
    "ad",
    "ads",
    "adv",
    "advert",
    "advertisement",
    "adverts",
    "aside",
    "banner",
    "banquan",
    "bottom",
    "bq",
    "breadcrumb",
    "breadcrumbs",
    "byline",
    "comment",
    "comments",
    "contact",
    "cookie",
    "cookies",
    "copyright",
    "crumb",
    "crumbs",
    "daohang",
    "dh",
    "disclaimer",
    "disqus",
    "dropdown",
    "erweima",
    "ewm",
    "extra",
    "fenxiang",
    "foot",
    "footer",
    "footnote",
    "friendlink",
    "ft",
    "fx",
    "gdpr",
    "gg",
    "guanggao",
    "header",
    "hot",
    "hotnews",
    "lanmu",
    "links",
    "lm",
    "login",
    "masthead",
    "mbx",
    "menu",
    "menus",
    "meta",
    "modal",
    "more",
    "nav",
    "navbar",
    "navi",
    "navigation",
    "newsletter",
    "outbrain",
    "pager",
    "pagination",
    "paging",
    "paihang",
    "ph",
    "picks",
    "pinglun",
    "pl",
    "popular",
    "popup",
    "promo",
    "qrcode",
    "rank",
    "ranking",
    "rd",
    "recommend",
    "recommended",
    "redian",
    "related",
    "replies",
    "reply",
    "rss",
    "search",
    "share",
    "sharing",
    "side",
    "sidebar",
    "signup",
    "skip",
    "sns",
    "social",
    "sponsor",
    "sponsored",
    "subscribe",
    "subscription",
    "taboola",
    "tag",
    "tags",
    "tj",
    "toolbar",
    "tools",
    "topbar",
    "trending",
    "tuijian",
    "wechat",
    "weibo",
    "weixin",
    "widget",
    "widgets",
    "xgwz",
    "xgxw",
    "xgyd",
    "xiangguan",
    "yqlj",
];

/// Segments that name the document. `editor`/`trs`: the body of TRS and WeChat-style
/// CMSs (`TRS_Editor`, `mp-editor`); `txt`: `rm_txt_con`, `news_txt`.
const POSITIVE: &[&str] = &[
    "artibody", "article", "articles", "bd", "blog", "body", "content", "contents", "detail",
    "details", "editor", "endtext", "entry", "hentry", "main", "neirong", "nr", "post", "story",
    "text", "trs", "txt", "wenzhang", "wz", "zhengwen", "zw",
];

/// Long words found inside names that were not split (`commentlist`, `relatedposts`).
const NEGATIVE_INSIDE: &[&str] = &[
    "advert",
    "breadcrumb",
    "comment",
    "copyright",
    "footer",
    "navbar",
    "navigation",
    "newsletter",
    "pagination",
    "recommend",
    "related",
    "sidebar",
    "sponsor",
    "subscribe",
    "widget",
];
const POSITIVE_INSIDE: &[&str] = &["article", "artibody", "content", "zhengwen"];

/// The verdict on one name: -1 chrome, +1 document, 0 nothing known.
pub fn name_weight(name: &str) -> i8 {
    let mut verdict = 0i8;
    let mut segments = 0;
    for_each_segment(name, |seg| {
        segments += 1;
        let w = segment_weight(seg);
        if w != 0 {
            verdict = w; // the last meaningful segment wins
        }
    });
    if verdict != 0 {
        return verdict;
    }
    // An unsplit long name: look inside it (negatives first: `contentsidebar` is a sidebar).
    if segments == 1 && name.len() >= 7 {
        let lower = name.to_ascii_lowercase();
        if NEGATIVE_INSIDE.iter().any(|w| lower.contains(w)) {
            return -1;
        }
        if POSITIVE_INSIDE.iter().any(|w| lower.contains(w)) {
            return 1;
        }
    }
    0
}

fn segment_weight(seg: &str) -> i8 {
    if NEGATIVE.binary_search(&seg).is_ok() {
        -1
    } else if POSITIVE.binary_search(&seg).is_ok() {
        1
    } else {
        0
    }
}

/// Calls `f` with each lower-case segment of a name, in order. One buffer for all of
/// them: pages carry thousands of distinct class names, and a `String` per segment was
/// most of the cost of judging them.
fn for_each_segment(name: &str, mut f: impl FnMut(&str)) {
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in name.chars() {
        if !c.is_ascii_alphabetic() {
            if !cur.is_empty() {
                f(&cur);
                cur.clear();
            }
            prev_lower = false;
            continue;
        }
        if c.is_ascii_uppercase() && prev_lower && !cur.is_empty() {
            f(&cur);
            cur.clear();
        }
        prev_lower = c.is_ascii_lowercase();
        cur.push(c.to_ascii_lowercase());
    }
    if !cur.is_empty() {
        f(&cur);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_lists_are_sorted_for_binary_search() {
        assert!(NEGATIVE.windows(2).all(|w| w[0] < w[1]));
        assert!(POSITIVE.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn head_noun_decides() {
        for (name, w) in [
            ("article-comments", -1),
            ("post-content", 1),
            ("articleBody", 1),
            ("entry-meta", -1),
            ("main-nav", -1),
            ("share_bar", -1),
            ("share-tools", -1),
            ("left_dh", -1),
            ("zw_con", 1),
            ("commentlist", -1),
            ("relatedposts", -1),
            ("articlecontent", 1),
            ("layout", 0),
            ("headline", 0),
            ("advantage", 0),
            ("col-md-8", 0),
            ("TRS_Editor", 1),
            ("rm_txt_con", 1),
            ("editor-picks", -1),
            ("friendlink", -1),
        ] {
            assert_eq!(name_weight(name), w, "{name}");
        }
    }
}
