//! The built-in rules, one file per family.
//!
//! Vocabulary comes from `BOILERPLATE.md`'s field guide and the usual relatives on Chinese
//! sites. Every rule has table tests with lines it must remove and look-alikes it must keep.

mod ads;
mod comments;
mod consent;
mod debris;
mod disclaimer;
mod footer;
mod meta;
mod nav;
mod player;
mod related;
mod share;
mod toolbar;

use super::rule::Rule;

pub use ads::*;
pub use comments::*;
pub use consent::*;
pub use debris::*;
pub use disclaimer::*;
pub use footer::*;
pub use meta::*;
pub use nav::*;
pub use player::*;
pub use related::*;
pub use share::*;
pub use toolbar::*;

/// The field a line removed by the built-in rule with this id states, if the rule is one
/// and states metadata (the `meta.*` rules; see [`Rule::states`]).
pub(crate) fn states_of(id: &str) -> Option<crate::strip::rule::Field> {
    BUILTIN.iter().find(|r| r.id == id).and_then(|r| r.states)
}

/// Every built-in rule, in priority order: when several fire on one line, the first is named.
pub static BUILTIN: &[&Rule] = &[
    &DEBRIS_QUERY_STRING,
    &DEBRIS_SCRIPT,
    &DEBRIS_TRACKBACK,
    &DEBRIS_NOSCRIPT,
    &FOOTER_REGISTRATION,
    &FOOTER_COPYRIGHT,
    &FOOTER_ORGANIZER,
    &FOOTER_CONTACT,
    &FOOTER_LINKS,
    &DISCLAIMER_LEGAL,
    &DISCLAIMER_VOCABULARY,
    &DISCLAIMER_VISIT_SITE,
    &NAV_LEAVING_SITE,
    &NAV_BREADCRUMB,
    &NAV_BREADCRUMB_CHAIN,
    &NAV_SITE_LINKS,
    &NAV_ACCOUNT_LINKS,
    &NAV_SKIP_LINK,
    &CONSENT_COOKIES,
    &CONSENT_PREFERENCES,
    &ADS_LABEL,
    &TOOLBAR_ACCESSIBILITY,
    &META_PUBLISH_DATE,
    &META_DATE_LABEL,
    &META_DATE_LINE,
    &META_SOURCE,
    &META_BYLINE,
    &META_REPORTER_CREDIT,
    &META_COUNTER,
    &META_FONT_SIZE,
    &META_CATEGORY,
    &SHARE_WIDGET,
    &PLAYER_TIMESTAMP,
    &PLAYER_WIDGET,
    &RELATED_PREV_NEXT,
    &RELATED_HEADING,
    &RELATED_SITE_LIST,
    &COMMENTS_BOX,
];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::strip::rule::{Family, Field};

    #[test]
    fn fields_are_asked_not_id_prefixes() {
        assert_eq!(states_of("meta.byline"), Some(Field::Author));
        assert_eq!(states_of("content.outside"), None);
        assert_eq!(states_of("meta."), None);
        assert!(is_breadcrumb(&NAV_BREADCRUMB) && is_breadcrumb(&NAV_BREADCRUMB_CHAIN));
        assert!(!is_breadcrumb(&NAV_SITE_LINKS));
        // The ids still say their family: what code asked by prefix before, it asks by
        // family now, with the same answer.
        for r in BUILTIN {
            assert_eq!(
                r.id.starts_with("meta."),
                r.family == Family::Metadata,
                "{}",
                r.id
            );
            // The rules that state a field are the metadata family, so asking the field
            // (`states_of`) instead of the family gives the same lines.
            assert_eq!(r.states.is_some(), r.family == Family::Metadata, "{}", r.id);
            assert_eq!(states_of(r.id), r.states, "{}", r.id);
            // Only metadata rules have labels.
            assert!(
                r.labels.is_empty() || r.family == Family::Metadata,
                "{}",
                r.id
            );
        }
        assert_eq!(states_of("meta.source"), Some(Field::Source));
        assert_eq!(states_of("nav.breadcrumb"), None);
    }
}
