//! CMS debris: query strings and template ids leaked into the text, tracking code.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// `checktaskdate=…&unchecktaskdate=…&ssbm=&…`: three or more `key=value&` pairs.
pub static DEBRIS_QUERY_STRING: Rule = Rule {
    id: "debris.query-string",
    family: Family::Debris,
    reason: "CMS query string leaked into the text",
    triggers: &["="],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"(?i)(?:[a-z_][\w.\-]*=[^&]*&){3,}"),
    place: Place::Anywhere,
    max_chars: 20_000,
    allow_sentence: true,
};

/// `var _hmt = …`, `document.write(…)`: tracking or script code shown as text.
pub static DEBRIS_SCRIPT: Rule = Rule {
    id: "debris.script",
    family: Family::Debris,
    reason: "script code shown as text",
    triggers: &[
        "var_hmt",
        "_hmt.push",
        "document.write",
        "function(",
        "googletag",
        "window.location",
        "gtag(",
        "$(document)",
        "jquery(",
    ],
    labels: &[],
    states: None,
    shape: Shape::Regex(r"[;{}]|\)\s*$"),
    place: Place::Anywhere,
    max_chars: 2_000,
    allow_sentence: true,
};

/// `Trackback`, `引用通告`, `你可以使用这个链接引用该篇文章 http://…`: the trackback box blog
/// platforms put under every post.
pub static DEBRIS_TRACKBACK: Rule = Rule {
    id: "debris.trackback",
    family: Family::Debris,
    reason: "blog trackback box",
    triggers: &[
        "trackback",
        "引用通告",
        "引用地址",
        "引用该篇文章",
        "引用这篇文章",
        "引用本文",
    ],
    labels: &[],
    states: None,
    shape: Shape::Regex(
        r"^(trackbacks?|引用通告|引用地址|trackbackurl)[:\d()]*$|引用(该篇|这篇|本)文章.{0,12}(https?:|www\.)|^(trackbackurl|引用地址)[:]?(https?:|www\.)",
    ),
    place: Place::Anywhere,
    max_chars: 200,
    allow_sentence: false,
};

/// `You need to enable JavaScript to run this app.`, `请启用JavaScript`: the notice a page
/// shows a browser without scripts, in `<noscript>` (which the decoder reads, as a crawler
/// runs no scripts). Only the notice's own phrasings: text about JavaScript stays.
pub static DEBRIS_NOSCRIPT: Rule = Rule {
    id: "debris.noscript",
    family: Family::Debris,
    reason: "notice asking the reader to turn on JavaScript",
    triggers: &["javascript"],
    labels: &[],
    states: None,
    shape: Shape::Regex(concat!(
        r"^(?:please|kindly)?(?:you(?:need|must|have|willneed)to)?(?:enable|turnon|activate|switchon)javascript(?:to|and|in(?:your)?browser|foryourbrowser|then|[.!,;:]|$)",
        r"|please(?:enable|turnon|activate)javascript",
        r"|javascript(?:is|appearstobe|seemstobe|hasbeen|iscurrently)(?:disabled|turnedoff|notenabled|blocked)(?:in(?:your)?browser)?(?:[.!,;:]|$)",
        r"|javascript(?:disabled|turnedoff)(?:[.!,;:]|$)",
        r"|javascript(?:must|needsto|hasto|should)be(?:enabled|turnedon|activated)",
        r"|(?:this|the)(?:site|page|app|application|website|webpage|content|feature|form)(?:requires|needs)javascript",
        r"|(?:browser|浏览器)(?:doesnot|doesn't|不)(?:support|支持)javascript",
        r"|(?:请|需要|必须|须)先?(?:启用|开启|打开|允许|激活)(?:浏览器的?)?javascript",
        r"|javascript(?:已被|已|被)?(?:禁用|未启用|已关闭)",
    )),
    place: Place::Anywhere,
    max_chars: 160,
    allow_sentence: true,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn query_strings_and_code() {
        let l = "checktaskdate=1754/1/1 0:00:00&unchecktaskdate=1754/1/1 0:00:00&ssbm=&fromcontentid=&enddate=1754/1/1";
        assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "debris.query-string");
        let l = "var _hmt = _hmt || []; (function() { var hm = document.createElement(\"script\"); })();";
        assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "debris.script");
    }

    #[test]
    fn trackback_boxes() {
        for l in [
            "Trackback",
            "引用通告",
            "你可以使用这个链接引用该篇文章 http://publishblog.blogchina.com/blog/tb.b?diaryID=2756656",
            "TrackBack URL: http://example.com/tb/123",
        ] {
            assert_removes(&format!("{BODY}\n{l}"), l, "debris.trackback");
        }
        for l in [
            "Trackback 是博客之间互相引用的一种机制，最早由 Movable Type 提出。",
            "本文引用了该篇文章的部分数据，特此说明。",
        ] {
            assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        }
    }

    #[test]
    fn notices_asking_for_javascript() {
        for l in [
            "You need to enable JavaScript to run this app.",
            "Please enable JavaScript to view the comments powered by Disqus.",
            "JavaScript is disabled in your browser.",
            "Enable JavaScript and cookies to continue",
            "This site requires JavaScript to work properly.",
            "JavaScript must be enabled to use this form.",
            "您的浏览器不支持JavaScript，请升级浏览器。",
            "请启用JavaScript以获得最佳浏览体验",
        ] {
            assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "debris.noscript");
        }
        for l in [
            "How to enable JavaScript in Chrome, Firefox and Safari, step by step.",
            "Enable JavaScript in Firefox",
            "JavaScript is disabled by default in some privacy browsers such as Tor, which breaks many sites.",
            "React apps require JavaScript to render on the client, which affects how search engines index them.",
            "JavaScript is a programming language that lets you enable interactivity on web pages.",
        ] {
            assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        }
    }

    #[test]
    fn text_about_urls_and_code_stays() {
        let l = "访问 https://example.com/?a=1&b=2 即可查询，详情请咨询客服。";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        let l = "The function(x) returns a value.";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
    }
}
