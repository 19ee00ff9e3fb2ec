//! The footer: copyright, registration numbers (ICP备, 公网安备), organisers, contacts and
//! footer links. It is the last block of the page: once it starts, what follows is footer
//! too (`footer.after-footer` in `strip::structure`).

use crate::strip::rule::{Family, Place, Rule, Shape};

/// 京ICP备12024993号-1 / 京公网安备 11010502030143号 / 网站标识码 / 许可证.
pub static FOOTER_REGISTRATION: Rule = Rule {
    id: "footer.registration",
    family: Family::Footer,
    reason: "site registration number (ICP / public-security filing / licence)",
    triggers: &[
        "icp备",
        "icp证",
        "icp号",
        "公网安备",
        "网安备",
        "公安备案",
        "备案号",
        "备案编号",
        "网站标识码",
        "网站识别码",
        "许可证编号",
        "许可证号",
        "增值电信业务",
        "新闻信息服务许可",
        "网络文化经营许可",
        "出版服务许可",
    ],
    // The filing number itself, not the word: a body sentence about ICP filing stays.
    labels: &[],
    states: None,
    shape: Shape::Regex(
        r"(icp备|icp证|icp号|公网安备|网安备|公安备案|备案号|备案编号|网站标识码|网站识别码|许可证编号|许可证号|增值电信业务|许可)[^\d]{0,16}\d{5,}",
    ),
    place: Place::Anywhere,
    max_chars: 200,
    allow_sentence: false,
};

/// 版权所有 / Copyright © / All rights reserved.
pub static FOOTER_COPYRIGHT: Rule = Rule {
    id: "footer.copyright",
    family: Family::Footer,
    reason: "copyright line",
    triggers: &[
        "版权所有",
        "版权归",
        "copyright",
        "©",
        "(c)20",
        "allrightsreserved",
        "保留所有权利",
        "保留一切权利",
        "版权©",
    ],
    labels: &[],
    states: None,
    shape: Shape::Word,
    place: Place::Tail,
    max_chars: 160,
    allow_sentence: false,
};

/// 主办单位：… 承办：… 技术支持：….
pub static FOOTER_ORGANIZER: Rule = Rule {
    id: "footer.organizer",
    family: Family::Footer,
    reason: "site organiser / operator line",
    triggers: &[
        "主办单位",
        "主办",
        "承办单位",
        "承办",
        "协办",
        "主管单位",
        "主管",
        "运维单位",
        "运维",
        "运营",
        "技术支持",
        "维护单位",
        "网站维护",
        "建设单位",
        "制作单位",
        "网站建设",
        "设计制作",
        "powered by",
        "poweredby",
    ],
    labels: &[],
    states: None,
    shape: Shape::Label,
    place: Place::Tail,
    max_chars: 200,
    allow_sentence: false,
};

/// 联系电话：… 邮箱：… 地址：….
pub static FOOTER_CONTACT: Rule = Rule {
    id: "footer.contact",
    family: Family::Footer,
    reason: "site contact line",
    triggers: &[
        "联系电话",
        "电话",
        "传真",
        "邮编",
        "地址",
        "通讯地址",
        "邮箱",
        "电子邮箱",
        "电子邮件",
        "e-mail",
        "email",
        "举报电话",
        "举报邮箱",
        "服务热线",
        "客服电话",
        "违法和不良信息举报",
        "联系方式",
        "tel",
        "fax",
    ],
    labels: &[],
    states: None,
    shape: Shape::Label,
    place: Place::Tail,
    max_chars: 200,
    allow_sentence: false,
};

/// 关于我们 联系我们 网站地图 隐私政策.
pub static FOOTER_LINKS: Rule = Rule {
    id: "footer.links",
    family: Family::Footer,
    reason: "footer link row",
    triggers: &[
        "关于我们",
        "联系我们",
        "网站地图",
        "隐私政策",
        "隐私保护",
        "使用帮助",
        "法律声明",
        "网站声明",
        "免责声明",
        "意见反馈",
        "加入我们",
        "广告服务",
        "广告合作",
        "网站导航",
        "帮助中心",
        "服务条款",
        "用户协议",
        "版权声明",
        "招聘信息",
        "投稿",
        "about us",
        "aboutus",
        "contact us",
        "contactus",
        "privacy",
        "sitemap",
        "terms",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(50),
    place: Place::Tail,
    max_chars: 80,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn footer_lines() {
        let cases = [
            ("共產黨員網 版權所有 京ICP備12024993號-1", "footer."),
            ("關于我們 聯系我們 網站地圖 用戶調查", "footer.links"),
            ("主辦單位:中共天長市委組織部 承辦:天長市黨員教育中心 皖ICP備0700665號 聯系電話:0550-7770830", "footer."),
            ("技術支持:安徽網狐科技皖公網安備 34118102000224號", "footer."),
            ("Copyright © 2020 Example Inc. All rights reserved", "footer.copyright"),
            ("地址：北京市东城区某某路1号 邮编：100000", "footer.contact"),
        ];
        for (l, rule) in cases {
            assert_removes(&format!("{BODY}\n{l}"), l, rule);
        }
    }

    #[test]
    fn lines_after_the_footer_start_are_footer() {
        let page = format!("{BODY}\n版权所有 某某网\n某某科技有限公司\n");
        assert_removes(&page, "某某科技有限公司", "footer.after-footer");
    }

    #[test]
    fn body_mentioning_copyright_or_phone_stays() {
        let l = "他说，这部作品的版权所有人至今没有出面，电话也打不通。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        assert_keeps(&format!("{BODY}\n{l}"), l);
        let l = "网站需要办理ICP备案手续后方可上线运营";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "电话：12345678";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
    }

    #[test]
    fn signature_and_date_after_the_body_stay() {
        let page =
            format!("{BODY}\n中共天長市委組織部\n2022年3月19日\n主辦單位:中共天長市委組織部");
        assert_keeps(&page, "中共天長市委組織部");
        assert_keeps(&page, "2022年3月19日");
    }
}
