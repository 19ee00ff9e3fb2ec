//! Every rule id the built-in stages can put on an edit, with the stage and family it
//! belongs to and what it means. `pagewash rules` prints this list, and a test cleans the
//! fixture pages and checks that every id `--explain` printed is here.

use crate::strip::rules::BUILTIN;
use crate::strip::structure::STRUCTURAL;
use crate::strip::Rule;

/// One rule id and what it means.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleInfo {
    /// The dotted id `--explain` prints.
    pub id: &'static str,
    /// The stage that emits it: `strip`, `content`, `repair` or `normalize`.
    pub stage: &'static str,
    /// Its family (the strip families; `Structural` for the rules of place; the stage name
    /// otherwise).
    pub family: String,
    /// Where on the page it may fire (`Head`, `Tail`, `Anywhere`; `-` when not by zone).
    pub place: String,
    /// The metadata fields a line it removes states (`meta.*` rules: `date`, `author`,
    /// `source`…; see [`crate::strip::Rule::fields`]), the first one first; empty for the
    /// others.
    pub fields: Vec<&'static str>,
    /// What a line it names is.
    pub reason: &'static str,
}

/// Every built-in rule id, strip rules first, in the order the stages run within a family.
pub fn all() -> Vec<RuleInfo> {
    let word = |r: &&Rule| RuleInfo {
        id: r.id,
        stage: "strip",
        family: format!("{:?}", r.family),
        place: format!("{:?}", r.place),
        fields: r.fields().into_iter().map(|f| f.name()).collect(),
        reason: r.reason,
    };
    let mut out: Vec<RuleInfo> = BUILTIN.iter().map(word).collect();
    out.extend(STRUCTURAL.iter().map(|r| RuleInfo {
        id: r.id,
        stage: "strip",
        family: "Structural".into(),
        place: "-".into(),
        fields: Vec::new(),
        reason: r.reason,
    }));
    let other = |id, stage, reason| RuleInfo {
        id,
        stage,
        family: capitalised(stage),
        place: "-".into(),
        fields: Vec::new(),
        reason,
    };
    use crate::content as c;
    use crate::decode::repair as r;
    for (id, reason) in [
        (
            &c::OUTSIDE,
            "outside the main content (the region, or the span of running text)",
        ),
        (
            &c::CHROME,
            "navigation, sidebar or other chrome nested in the main content",
        ),
        (
            &c::LINK_DENSITY,
            "a line made mostly of links inside the main content",
        ),
        (
            &c::SCORE,
            "inside the main content, but the content model scores it as chrome",
        ),
        (
            &c::HIDDEN,
            "hidden by the page, removed when no content stage weighs it",
        ),
        (
            &c::DIALOG,
            "inside a dialog drawn over the page (consent box, pop-up, picker)",
        ),
        (
            &c::TITLE,
            "the title heading, kept in the metadata (keep_title(true) / --title keeps it in the text)",
        ),
        (
            &c::DUPLICATE,
            "a long line repeated within a few lines (a caption shown twice)",
        ),
    ] {
        if let Some(id) = id.as_static() {
            out.push(other(id, "content", reason));
        }
    }
    for (id, reason) in [
        (
            &r::MOJIBAKE,
            "UTF-8 text read in a legacy charset, re-decoded",
        ),
        (
            &r::CJK_AS_LATIN1,
            "GBK, Big5, Shift_JIS or EUC-KR text read as Latin-1, re-decoded",
        ),
        (&r::BYTESHIFT, "GBK text that lost a byte, re-paired"),
        (
            &r::PINYIN,
            "pinyin annotations a converter added after each character, removed",
        ),
    ] {
        if let Some(id) = id.as_static() {
            out.push(other(id, "repair", reason));
        }
    }
    if let Some(id) = crate::normalize::REPEATED_LINE.as_static() {
        out.push(other(
            id,
            "normalize",
            "a line repeated right after itself, or a line of over 40 characters repeated anywhere below itself, kept once",
        ));
    }
    out
}

fn capitalised(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_unique_and_dotted() {
        let all = all();
        let mut ids: Vec<&str> = all.iter().map(|r| r.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), all.len());
        for r in &all {
            let (family, name) = r.id.split_once('.').expect(r.id);
            assert!(!family.is_empty() && !name.is_empty(), "{}", r.id);
            assert!(!r.reason.is_empty(), "{}", r.id);
        }
        assert_eq!(
            all.iter()
                .find(|r| r.id == "content.outside")
                .unwrap()
                .family,
            "Content"
        );
        let fields = |id: &str| all.iter().find(|r| r.id == id).unwrap().fields.clone();
        assert_eq!(fields("meta.source"), ["source"]);
        assert_eq!(fields("meta.date-line"), ["date"]);
        assert_eq!(fields("meta.publish-date"), ["date", "updated"]);
        assert!(fields("meta.byline").starts_with(&["author", "editor", "source"]));
        assert!(fields("footer.copyright").is_empty());
    }
}
