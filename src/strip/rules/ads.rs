//! Advertisement labels left where an ad was: `Advertisement`, `广告`, `Sponsored`.

use crate::strip::rule::{Family, Place, Rule, Shape};

/// A line that is only an advertisement label.
pub static ADS_LABEL: Rule = Rule {
    id: "ads.label",
    family: Family::Debris,
    reason: "advertisement label",
    triggers: &[
        "advert",
        "advertisement",
        "advertising",
        "sponsored",
        "sponsoredcontent",
        "ad",
        "广告",
        "推广",
        "赞助",
        "商业推广",
    ],
    labels: &[],
    states: None,
    shape: Shape::Mostly(90),
    place: Place::Anywhere,
    max_chars: 25,
    allow_sentence: false,
};

#[cfg(test)]
mod tests {
    use crate::strip::testing::{assert_keeps, assert_removes, BODY};

    #[test]
    fn labels_alone_on_a_line() {
        for l in [
            "Advertisement",
            "广告",
            "- Advertisement -",
            "Sponsored Content",
            "Advert",
        ] {
            assert_removes(&format!("{BODY}\n{l}\n{BODY}"), l, "ads.label");
        }
    }

    #[test]
    fn lines_about_advertising_stay() {
        for l in [
            "广告法修订草案",
            "Advertising revenue fell",
            "Adverts banned",
        ] {
            assert_keeps(&format!("{BODY}\n{l}\n{BODY}"), l);
        }
    }
}
