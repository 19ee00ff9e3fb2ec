//! Media players: time stamps alone on a line and widget labels (播放, 以上内容来自专辑…).

use crate::strip::rule::{Family, Place, Rule, Shape};

/// `00:00` / `10:18` / `03:12 / 45:00` alone on a line.
pub static PLAYER_TIMESTAMP: Rule = Rule {
    id: "player.timestamp",
    family: Family::Player,
    reason: "media-player time stamp",
    triggers: &[":"],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"^\d{1,2}:\d{2}(:\d{2})?(/\d{1,2}:\d{2}(:\d{2})?)?$"),
    place: Place::Anywhere,
    max_chars: 20,
    allow_sentence: false,
};

/// 以上内容来自专辑 / 听全文 / 语音播报 / 播放 暂停.
pub static PLAYER_WIDGET: Rule = Rule {
    id: "player.widget",
    family: Family::Player,
    reason: "media-player widget label",
    triggers: &[
        "以上内容来自专辑",
        "内容来自专辑",
        "来自专辑",
        "听全文",
        "收听全文",
        "语音播报",
        "朗读全文",
        "朗读",
        "点击播放",
        "播放",
        "暂停",
        "收听",
        "音频",
        "视频加载中",
        "加载中",
        "倍速",
        "静音",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(60),
    place: Place::Edge,
    max_chars: 30,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn time_stamps_anywhere() {
        for l in ["00:00", "10:18", "1:02:03", "03:12 / 45:00"] {
            assert_removes(&format!("标题\n{l}\n{BODY}\n{BODY}"), l, "player.timestamp");
            assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "player.timestamp");
        }
    }

    #[test]
    fn times_inside_text_stay() {
        for l in ["10:18 开始签到", "会议定于10:00召开", "比分 3:2"] {
            assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        }
    }

    #[test]
    fn widget_labels() {
        let l = "以上内容来自专辑";
        assert_removes(&format!("{BODY}\n{l}"), l, "player.widget");
        let l = "播放器的发明改变了音乐产业";
        assert_keeps(&format!("{BODY}\n{l}"), l);
    }
}
