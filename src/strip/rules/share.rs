//! Share, print, QR-code and "open on your phone" widgets: short lines, often bracketed, near
//! the title or at the end.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// 分享到：微信 微博 / 扫一扫在手机打开当前页 / 【打印本页】【关闭窗口】.
pub static SHARE_WIDGET: Rule = Rule {
    id: "share.widget",
    family: Family::Share,
    reason: "share / print / open-on-phone widget",
    triggers: &[
        "分享到",
        "分享至",
        "分享",
        "扫一扫",
        "扫描二维码",
        "二维码",
        "扫码",
        "在手机打开",
        "手机打开",
        "手机浏览",
        "手机访问",
        "使用手机",
        "用手机看",
        "手机阅读",
        "手机版",
        "当前页",
        "微信",
        "微博",
        "朋友圈",
        "qq空间",
        "qq好友",
        "豆瓣",
        "打印本页",
        "打印此页",
        "打印文章",
        "打印",
        "关闭窗口",
        "关闭本页",
        "关闭",
        "收藏本页",
        "收藏",
        "返回顶部",
        "顶部",
        "返回",
        "大中小",
        "字体",
        "纠错",
        "我要纠错",
        "推荐给朋友",
        "复制链接",
        "facebook",
        "twitter",
        "sharethis",
        "share",
        "shareon",
        "tweet",
        "email",
        "e-mail",
        "print",
        "linkedin",
        "whatsapp",
        "pinterest",
        "reddit",
        "instagram",
        "youtube",
        "follow",
        "followus",
        "copylink",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(50),
    place: Place::Edge,
    max_chars: 30,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn widgets_near_title_and_end() {
        for l in [
            "• 扫一扫在手机打开当前页",
            "歡迎使用手機瀏覽",
            "分享到：微信 微博 QQ空间",
            "【打印本页】【关闭窗口】",
            "返回顶部",
            "Share this:",
            "Share on Facebook",
        ] {
            assert_removes(&format!("标题\n{l}\n{BODY}"), l, "share.widget");
            assert_removes(&format!("{BODY}\n{l}"), l, "share.widget");
        }
    }

    #[test]
    fn titles_and_body_lines_with_share_words_stay() {
        let l = "如何用手机打印文件";
        assert_keeps(&format!("{l}\n{BODY}"), l);
        let l = "微信";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "微信支付推出新功能";
        assert_keeps(&format!("{l}\n{BODY}"), l);
    }
}
