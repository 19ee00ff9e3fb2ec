//! Cookie and consent banners: "This website uses cookies…", "Accept all cookies".

use crate::strip::rule::{Family, Place, Rule, Shape};

/// A cookie notice or consent button, anywhere (banners are placed at either end or inline).
pub static CONSENT_COOKIES: Rule = Rule {
    id: "consent.cookies",
    family: Family::Disclaimer,
    reason: "cookie / consent banner",
    triggers: &["cookie", "cookies", "使用cookie", "隐私政策"],
    labels: &[],
    states: None,
    shape: Shape::Regex(
        r"(we|website|site|page)(use|uses|using)cookies|usesofcookies|useofcookies|accept(all)?cookies|cookie(policy|settings|preferences|consent|notice)|consenttotheuseofcookies|使用cookie|cookie政策|同意.{0,8}(cookie|隐私政策)",
    ),
    place: Place::Anywhere,
    max_chars: 400,
    allow_sentence: true,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn cookie_banners() {
        for l in [
            "This website uses cookies to improve your experience while you navigate through the website.",
            "We use cookies and other tracking technologies to improve your browsing experience.",
            "Accept all cookies",
            "本网站使用Cookie以提升您的浏览体验。",
        ] {
            assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "consent.cookies");
        }
    }

    #[test]
    fn articles_about_cookies_stay() {
        let l = "Baking cookies at home takes about twenty minutes, and the recipe is simple.";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
    }
}
