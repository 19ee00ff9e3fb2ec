//! Errors: [`BuildError`] when a pipeline is put together, [`Error`] when one document fails.
//!
//! Damaged input is not an error: bad bytes, guessed charsets and repairs are recorded in
//! [`crate::Cleaned`]. An `Error` is reserved for input pagewash refuses to process at all.

use thiserror::Error;

/// A pipeline could not be built: a rule or an option is invalid.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum BuildError {
    /// A rule's confirming regex does not compile.
    #[error("rule `{rule}`: confirming regex {pattern:?} does not compile")]
    BadRegex {
        /// The rule id.
        rule: String,
        /// The pattern as written.
        pattern: String,
        /// What the regex compiler said.
        #[source]
        source: regex::Error,
    },
    /// Two rules share one id: ids must be unique so a removal can be traced to one rule.
    #[error("rule id `{0}` is declared twice")]
    DuplicateRule(String),
    /// A rule is malformed (empty id, no trigger and no regex, …).
    #[error("rule `{rule}`: {problem}")]
    BadRule {
        /// The rule id.
        rule: String,
        /// What is wrong with it.
        problem: &'static str,
    },
    /// The trigger automaton could not be built.
    #[error("cannot build the trigger automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
    /// A stage name given to the builder does not exist in the chain.
    #[error("no stage named `{name}` in the chain (stages: {known})")]
    UnknownStage {
        /// The name asked for.
        name: String,
        /// The names that exist, comma separated.
        known: String,
    },
    /// An unknown charset label was given as the forced input encoding.
    #[error("unknown charset label `{0}`")]
    UnknownCharset(String),
    /// [`crate::PipelineOptions::set`] was given a name no option has.
    #[error("unknown option `{name}` (options: {known})")]
    UnknownOption {
        /// The name asked for.
        name: String,
        /// The options that exist, comma separated.
        known: String,
    },
    /// [`crate::PipelineOptions::set`] was given a value the option cannot take.
    #[error("option `{name}`: expected {expected}, got {got}")]
    BadOptionValue {
        /// The option.
        name: &'static str,
        /// What it takes.
        expected: &'static str,
        /// What it was given, as written.
        got: String,
    },
}

/// One document could not be cleaned.
#[derive(Debug, Error)]
#[non_exhaustive]
pub enum Error {
    /// Reading the input failed.
    #[error("cannot read {what}")]
    Io {
        /// What was being read (a path, `stdin`).
        what: String,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}
