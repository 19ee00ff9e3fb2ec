//! Disclaimers and reprint notices: several lines of legal prose at the end. Their
//! vocabulary, not their length, marks them, so these rules allow sentences.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// Phrases found only in legal notices: 如需转载, 不构成投资建议, 后果自负, 凡本网注明….
pub static DISCLAIMER_LEGAL: Rule = Rule {
    id: "disclaimer.legal",
    family: Family::Disclaimer,
    reason: "disclaimer or reprint notice",
    triggers: &[
        "免责声明",
        "版权声明",
        "如需转载",
        "不得转载",
        "禁止转载",
        "谢绝转载",
        "严禁转载",
        "转载请注明",
        "未经授权",
        "未经许可",
        "未经本网",
        "未经本站",
        "不构成投资建议",
        "仅供参考",
        "仅供读者参考",
        "后果自负",
        "风险自负",
        "概不负",
        "不承担任何",
        "不代表本网",
        "不代表本站",
        "与本网无关",
        "与本站无关",
        "凡注明",
        "凡本网",
        "凡本站",
        "本网注明",
        "本站注明",
        "版权均属",
        "版权归原作者",
        "如有侵权",
        "侵权请联系",
        "联系删除",
        "请联系我们删除",
        "文章来源于网络",
    ],
    labels: &[],
    states: None,
    shape: Shape::Word,
    place: Place::Tail,
    max_chars: 300,
    allow_sentence: true,
};

/// Three words of legal vocabulary on one line (声明, 本网, 版权, 转载, 授权…).
pub static DISCLAIMER_VOCABULARY: Rule = Rule {
    id: "disclaimer.vocabulary",
    family: Family::Disclaimer,
    reason: "legal notice (copyright / reprint vocabulary)",
    triggers: &[
        "声明",
        "本网",
        "本站",
        "版权",
        "转载",
        "授权",
        "原创",
        "作者所有",
        "不代表",
    ],
    labels: &[],
    states: None,
    shape: Shape::Several(3),
    place: Place::Tail,
    max_chars: 300,
    allow_sentence: true,
};

/// 如需了解更多信息，请登录某某网：www.example.com.
pub static DISCLAIMER_VISIT_SITE: Rule = Rule {
    id: "disclaimer.visit-site",
    family: Family::Disclaimer,
    reason: "\"visit our site\" promotion with a web address",
    triggers: &[
        "请登录",
        "请访问",
        "欢迎访问",
        "敬请访问",
        "更多信息",
        "了解更多",
        "详见",
    ],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"(www\.|https?://|\.com|\.cn|\.net|\.org)"),
    place: Place::Tail,
    max_chars: 200,
    allow_sentence: true,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn legal_notices_at_the_end() {
        let cases = [
            (
                "中國有色網聲明:本網所有內容的版權均屬于作者或頁面內聲明的版權人。",
                "disclaimer.",
            ),
            (
                "如需轉載,轉載方必須與中國有色網聯系,簽署授權協議,取得轉載授權;",
                "disclaimer.legal",
            ),
            (
                "若據本文章操作,所有後果讀者自負,中國有色網概不負任何責任。",
                "disclaimer.legal",
            ),
            (
                "如需了解更多信息,請登錄中國有色網:www.example.com了解更多信息。",
                "disclaimer.visit-site",
            ),
        ];
        for (l, rule) in cases {
            assert_removes(&format!("{BODY}\n{l}"), l, rule);
        }
    }

    #[test]
    fn body_mentioning_reprints_stays() {
        let l = "本网记者了解到，该文章已被多家媒体转载。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        assert_keeps(&format!("{BODY}\n{l}"), l);
        let l = "更多信息可访问国家统计局官网 www.stats.gov.cn 查询。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "专家提醒，网上信息仅供参考，应以官方发布为准。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
    }
}
