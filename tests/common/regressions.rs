//! Property tests read the committed `*.proptest-regressions` files as regressions but never
//! write to the work tree: a new failure is printed with the line to add by hand.

use std::any::Any;
use std::fmt;

use proptest::test_runner::{Config, FailurePersistence, FileFailurePersistence, PersistedSeed};

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

/// A proptest configuration with `cases` cases and read-only regressions.
pub fn config(cases: u32) -> Config {
    Config {
        failure_persistence: Some(Box::new(ReadOnlyRegressions)),
        ..Config::with_cases(cases)
    }
}
