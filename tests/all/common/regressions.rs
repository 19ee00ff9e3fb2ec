//! Property tests read the committed `*.proptest-regressions` files as regressions but never
//! write to the work tree: a new failure is printed with the line to add by hand.

use std::any::Any;
use std::fmt;

use proptest::test_runner::{
    Config, FailurePersistence, FileFailurePersistence, PersistedSeed, RngSeed,
};

/// Loads the regressions file beside the test's source; saves nothing.
#[derive(Clone, Debug, PartialEq)]
pub struct ReadOnlyRegressions;

impl FailurePersistence for ReadOnlyRegressions {
    fn load_persisted_failures2(&self, source_file: Option<&'static str>) -> Vec<PersistedSeed> {
        FileFailurePersistence::SourceParallel("proptest-regressions")
            .load_persisted_failures2(source_file)
    }

    fn save_persisted_failure2(
        &mut self,
        source_file: Option<&'static str>,
        seed: PersistedSeed,
        shrunken_value: &dyn fmt::Debug,
    ) {
        eprintln!(
            "proptest: a failing case ({shrunken_value:?}); to keep it as a regression, add \
             `{seed}` to the .proptest-regressions file beside {}",
            source_file.unwrap_or("the test")
        );
    }

    fn box_clone(&self) -> Box<dyn FailurePersistence> {
        Box::new(self.clone())
    }

    fn eq(&self, other: &dyn FailurePersistence) -> bool {
        other.as_any().downcast_ref::<Self>().is_some()
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// A proptest configuration with `cases` cases, read-only regressions and a fixed seed, so
/// `cargo test` checks the same cases on every run (a red CI run is a bug, never luck).
/// Hunting for new cases: `PROPTEST_RNG_SEED=<n>` (or `PROPTEST_CASES`) picks others.
pub fn config(cases: u32) -> Config {
    let base = Config::with_cases(cases);
    let rng_seed = if std::env::var_os("PROPTEST_RNG_SEED").is_some() {
        base.rng_seed
    } else {
        RngSeed::Fixed(FIXED_SEED)
    };
    Config {
        failure_persistence: Some(Box::new(ReadOnlyRegressions)),
        rng_seed,
        ..base
    }
}

/// The seed of every run that does not ask for another.
const FIXED_SEED: u64 = 0x7061_6765_7761_7368; // "pagewash"
