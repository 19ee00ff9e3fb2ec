//! A boilerplate rule, declared as data.
//!
//! A rule never fires on a word alone: it needs its trigger vocabulary AND a shape (a label
//! followed by a separator, a line made mostly of tool words, a confirming pattern…) AND a
//! place on the page (head, tail, anywhere) AND a short enough line. Trigger words are written
//! in Simplified Chinese and lower-case ASCII; lines are folded (Traditional → Simplified,
//! full-width → ASCII, no spaces, lower case) before matching, so `發 布 日 期：` meets
//! `发布日期`.

pub use crate::text::field::{Field, Follow, Label};

/// The family a rule belongs to: what kind of boilerplate it removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Family {
    /// Accessibility and view toolbars (读屏, 放大, 配色…).
    Toolbar,
    /// Site header, navigation rows, breadcrumbs, "leaving this site" prompts.
    Navigation,
    /// Article metadata: dates, source, author, editor, counters, font size.
    Metadata,
    /// Share, print, QR-code and "open on your phone" widgets.
    Share,
    /// Media-player timestamps and widget labels.
    Player,
    /// Previous/next links, related and recommended lists, link hubs.
    Related,
    /// Comment boxes and counts.
    Comments,
    /// Footer: copyright, registration numbers, organisers, contacts, footer links.
    Footer,
    /// Legal disclaimers, reprint notices, "visit our site" promotions.
    Disclaimer,
    /// CMS debris: query strings, template ids, tracking code.
    Debris,
}

/// Where on the page a rule may fire.
///
/// The head is everything before the first body paragraph, the tail everything after the
/// last one (see `strip::layout`). A page with no body paragraph at all has no head or tail:
/// only `Anywhere` rules fire on it, because without a body there is no telling chrome from
/// content.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Place {
    /// Before the first body paragraph.
    Head,
    /// After the last body paragraph.
    Tail,
    /// Head or tail.
    Edge,
    /// Any line, body included: for shapes no article sentence has.
    Anywhere,
}

/// The shape a line must have, beyond containing a trigger.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    /// A trigger anywhere is enough (the place and length guards do the rest).
    Word,
    /// A trigger at the start of the line (after bullets, brackets and spaces).
    Leading,
    /// A trigger used as a label, followed by a separator (`:` `|` `丨` `】` `]` `>`), either
    /// at the start of the line or on a line holding two labels or a date.
    Label,
    /// Trigger words cover at least this many percent of the line's letters.
    Mostly(u8),
    /// At least this many distinct trigger words on the line.
    Several(u8),
    /// A trigger, and this confirming regex matches the folded line.
    Regex(&'static str),
}

/// One boilerplate rule. Built-in rules are `static` values, one file per family.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// Stable dotted id (`footer.registration`). Released ids never change.
    pub id: &'static str,
    /// What kind of boilerplate.
    pub family: Family,
    /// One sentence a user can read: why a line matching this rule is not the document.
    pub reason: &'static str,
    /// Trigger words: Simplified Chinese and lower-case ASCII, no spaces.
    pub triggers: &'static [&'static str],
    /// Trigger words that are also field labels (`作者` states the author): they fire the
    /// rule as [`triggers`](Self::triggers) do, and the byline parser reads a metadata
    /// line's fields with them. Each word is declared once, here or among the triggers.
    pub labels: &'static [Label],
    /// The metadata a line this rule removes states, first of all (`meta.*` rules: a
    /// [`labels`](Self::labels) word may state another field of the same line); `None` for
    /// boilerplate that states nothing about the page.
    pub states: Option<Field>,
    /// The shape the line must have.
    pub shape: Shape,
    /// Where on the page the rule may fire.
    pub place: Place,
    /// Longer lines (in characters, spaces excluded) are never matched: boilerplate is short,
    /// articles are long.
    pub max_chars: usize,
    /// Whether the line may be a sentence (contain `。`). Only rules whose vocabulary is
    /// unmistakable (disclaimers, "leaving this site") allow it.
    pub allow_sentence: bool,
}

impl Rule {
    /// Every word that fires the rule: its triggers, then its labels' words.
    pub(crate) fn words(&self) -> impl Iterator<Item = &'static str> {
        self.triggers
            .iter()
            .copied()
            .chain(self.labels.iter().map(|l| l.word))
    }

    /// The fields a line this rule removes may state: [`states`](Self::states), then its
    /// labels' fields, each once.
    pub fn fields(&self) -> Vec<Field> {
        let mut out: Vec<Field> = self.states.into_iter().collect();
        for l in self.labels {
            if !out.contains(&l.field) {
                out.push(l.field);
            }
        }
        out
    }

    /// Whether the rule may fire in the given zone.
    pub(crate) fn fires_in(&self, zone: Zone) -> bool {
        matches!(
            (self.place, zone),
            (Place::Anywhere, _)
                | (Place::Head, Zone::Head)
                | (Place::Tail, Zone::Tail)
                | (Place::Edge, Zone::Head | Zone::Tail)
        )
    }
}

/// The zone a line lies in, decided from the body paragraphs around it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Zone {
    Head,
    Body,
    Tail,
}
