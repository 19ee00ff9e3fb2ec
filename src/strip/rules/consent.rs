//! Cookie and consent banners: "This website uses cookies…", "Accept all cookies", and the
//! consent managers' preference panels, whose wording the IAB's Transparency and Consent
//! Framework fixes ("Store and/or access information on a device", "… 237 partners can use
//! this purpose"), so it reads the same on every site that shows one.

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

/// A consent manager's panel: the Framework's purposes with their partner counts or toggles,
/// its notice ("We and our 100 partners store and/or access information on a device"), vendor
/// lists and the panel's buttons. A purpose's name alone ("Measure advertising performance")
/// is a heading an article may have; it goes only with the panel's count or toggle after it.
pub static CONSENT_PREFERENCES: Rule = Rule {
    id: "consent.preferences",
    family: Family::Disclaimer,
    reason: "consent manager's preference panel (IAB Transparency and Consent Framework)",
    triggers: &[
        "partners",
        "vendors",
        "legitimateinterest",
        "informationonadevice",
        "preferencecent",
        "consentpreferences",
        "consentframework",
        "mychoices",
        "rejectall",
        "allowall",
    ],
    labels: &[],
    states: None,
    shape: Shape::Regex(concat!(
        r"\d*(partners|vendors)canusethis(purpose|feature)$",
        r"|(purpose|feature)s?\(?\d*(partners|vendors)\)?$",
        r"|^listofiabvendors|^viewvendors$|^(object|right)toobject(to)?legitimateinterests?$",
        r"|^objecttolegitimateinterests?$",
        r"|^privacypreferencecent(er|re)$|^manageconsentpreferences$",
        r"|^(confirmmychoices|savemychoices|rejectall|allowall)$",
        r"|storeand/?oraccess(personaldata|information)onadevice",
        r"|^weandour\d*(partners|vendors)(store|process|use)",
        r"|vendorsparticipatinginthetransparencyandconsentframework",
    )),
    place: Place::Anywhere,
    max_chars: 1200,
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
    fn consent_manager_panels() {
        for l in [
            "Measure content performance 237 partners can use this purpose",
            "Use profiles to select personalised advertising 69 partners can use this purpose",
            "Store and/or access information on a device",
            "We and our 100 partners store and/or access information on a device, such as unique IDs in cookies to process personal data. You may accept or manage your choices by clicking below.",
            "We and our 644 partners store and access personal data, like browsing data or unique identifiers, on your device.",
            "List of IAB Vendors | View Illustrations",
            "Object to Legitimate Interests",
            "Privacy Preference Center",
            "Manage Consent Preferences",
            "Confirm My Choices",
            "Reject All",
        ] {
            assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "consent.preferences");
        }
    }

    #[test]
    fn look_alikes_of_consent_panels_stay() {
        for l in [
            // A purpose's name is a heading an article about advertising may have.
            "Measure advertising performance",
            "Develop and improve services",
            "Self-services data analytics solutions allow all users to access the data they need.",
            "Our partners and vendors can use this feature to sync inventory.",
            "We and our partners at the museum restored the east wing.",
            "Reject all applications that arrive after the deadline.",
            "The privacy preference center of the new browser is easier to find.",
        ] {
            assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        }
    }

    #[test]
    fn articles_about_cookies_stay() {
        let l = "Baking cookies at home takes about twenty minutes, and the recipe is simple.";
        assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
    }
}
