//! Accessibility and view toolbars: a run of one-to-six-character tool words at the very top
//! (拼音, 读屏, 放大, 缩小, 配色, 大鼠标…), or one line of them.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// Tool words of accessibility / view toolbars on Chinese government and news sites.
pub static TOOLBAR_ACCESSIBILITY: Rule = Rule {
    id: "toolbar.accessibility",
    family: Family::Toolbar,
    reason: "accessibility or view toolbar at the top of the page",
    triggers: &[
        "无障碍",
        "长者模式",
        "长者版",
        "关怀版",
        "关怀模式",
        "适老化",
        "读屏",
        "指读",
        "连读",
        "放大",
        "缩小",
        "配色",
        "高对比度",
        "对比度",
        "大鼠标",
        "鼠标样式",
        "十字线",
        "辅助线",
        "大字幕",
        "字幕",
        "纯文本",
        "文本模式",
        "拼音",
        "声音",
        "音量",
        "语速",
        "加速",
        "减速",
        "重置",
        "退出服务",
        "退出无障碍",
        "繁体",
        "简体",
        "繁體",
        "换肤",
        "辅助浏览",
        "辅助阅读",
        "轻松阅读",
        "语音播报",
        "语音阅读",
        "页面原始配色",
        "全屏",
        "刷新",
        "帮助",
        "视图",
        "显示屏",
        "后退",
        "前进",
        "白底黑字",
        "黑底黄字",
        "蓝底黄字",
        "黄底黑字",
        "链接",
        "老年模式",
        "读音",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(60),
    place: Place::Head,
    max_chars: 40,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes};

    #[test]
    fn removes_tool_lines_at_the_top() {
        let page = "拼音\n读屏\n放大\n缩小\n配色\n无障碍语音播报\n标题\n正文第一段，内容很长很长很长，有标点。这里是文章的主体内容，不会被删除。";
        assert_removes(page, "拼音", "toolbar.");
        assert_removes(page, "无障碍语音播报", "toolbar.accessibility");
        assert_keeps(page, "标题");
    }

    #[test]
    fn keeps_body_lines_that_mention_tool_words() {
        let page = "标题\n正文第一段，内容很长很长很长，有标点。这里是文章的主体内容，不会被删除。\n放大镜下的世界\n第二段正文，同样很长很长很长，有标点。这里是文章的主体内容，不会被删除。";
        assert_keeps(page, "放大镜下的世界");
    }
}
