//! The crate's machinery, opened for its own integration tests, benches, examples and fuzz
//! targets. **Not part of the public API**: hidden from the docs, and anything here may
//! change or vanish in any release. Library users have the crate root and its public
//! modules.

pub mod decode {
    //! Decoding: charset decision, gzip, HTML to blocks, repairs.
    pub use crate::decode::{charset, decode, gzip, html, repair, sniff_format, Decoded};
}

pub mod hanzi {
    //! Chinese character tables: frequencies, Traditional → Simplified.
    pub use crate::hanzi::{frequency, is_ideograph, t2s};
}

pub mod content {
    //! The content stage's parts: line features (the fitting script's input), the region
    //! scorer, line signals.
    pub use crate::content::features::{page_features, Features, PageFeatures, FEATURE_NAMES};
    pub use crate::content::region::{select, Drop, Selection};
    pub use crate::content::signals::LineSignals;
}

pub mod meta {
    //! Metadata parsers: bylines, dates, languages, titles.
    pub use crate::meta::byline::{parse_byline, Byline};
    pub use crate::meta::date::{find_date, parse_date, Date};
    pub use crate::meta::lang::{guess_language, normalize_lang_tag};
    pub use crate::meta::title::{clean_title, same_title};
}
