//! Comment boxes after the article: headings, counts and "no comments yet" placeholders.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// 用户评论 / 还没有评论，快来发表第一个评论！ / 共 12 条评论.
pub static COMMENTS_BOX: Rule = Rule {
    id: "comments.box",
    family: Family::Comments,
    reason: "comment box",
    triggers: &[
        "评论",
        "网友评论",
        "用户评论",
        "发表评论",
        "我要评论",
        "还没有评论",
        "暂无评论",
        "快来发表",
        "第一个评论",
        "登录后评论",
        "条评论",
        "点赞",
        "跟帖",
        "我要跟帖",
        "参与讨论",
        "网友留言",
        "我要留言",
        "留言",
        "用户",
        "网友",
        "comments",
        "comment",
        "条",
        "共",
        "抢沙发",
        "沙发",
        "已有",
        "人参与",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(75),
    place: Place::Tail,
    max_chars: 40,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn comment_boxes_after_the_article() {
        for l in [
            "用户评论",
            "还没有评论,快来发表第一个评论!",
            "共12条评论",
            "我要评论",
        ] {
            assert_removes(&format!("{BODY}\n{l}"), l, "comments.box");
        }
    }

    #[test]
    fn body_lines_about_comments_stay() {
        let l = "网友评论区里的争论";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "评论员文章：坚定信心";
        assert_keeps(&format!("{BODY}\n{l}"), l);
    }
}
