//! The one small trait every step of the chain implements.

use std::fmt::Debug;

use crate::doc::Doc;

/// One step of the chain after decoding: repairs, strippers, the normalizer, or your own.
///
/// A stage edits the [`Doc`] in place through its methods (`remove`, `repair`, `set_text`),
/// which record every removal and repair with the rule id and reason the stage gives.
///
/// On text input the pipeline runs the stages again on the lines left until a round removes
/// nothing (at most four rounds), so a stage must be idempotent: run on its own output, it
/// changes nothing.
///
/// # Example
/// ```
/// use pagewash::{Doc, Pipeline, RuleId, Stage};
///
/// /// Drops lines that shout.
/// #[derive(Debug)]
/// struct NoShouting;
///
/// impl Stage for NoShouting {
///     fn name(&self) -> &str { "user.no-shouting" }
///     fn run(&self, doc: &mut Doc) {
///         for i in 0..doc.len() {
///             let l = doc.line(i);
///             if !doc.is_removed(i) && l.len() > 3 && l.chars().all(|c| !c.is_lowercase()) {
///                 doc.remove(i, RuleId::new("user.no-shouting"), "all capitals");
///             }
///         }
///     }
/// }
///
/// let mut b = Pipeline::builder();
/// b.insert_stage_before("normalize", Box::new(NoShouting)).unwrap();
/// let p = b.build().unwrap();
/// assert_eq!(p.clean(b"quiet words\nBUY NOW", &Default::default()).text(), "quiet words\n");
/// ```
pub trait Stage: Send + Sync + Debug {
    /// A stable name, used to find the stage in the builder (`strip`, `repair.pinyin`).
    fn name(&self) -> &str;
    /// Runs the stage over one document.
    fn run(&self, doc: &mut Doc);
}
