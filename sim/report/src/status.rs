//! Every status and verdict of the report as an enum: how a step, a scenario and a
//! requirement went, each profile's verdict and the run's result. Each serializes as the
//! words `report.json` documents (`"not run"`, `"expected failure"`), so that the
//! renderings and any reader of the file agree, and a typo is a compile error instead of
//! a status nobody matches.

use serde::Serialize;
use std::fmt;

/// Implements `as_str`, `Display` and `Serialize` from one table of words.
macro_rules! words {
    ($name:ident { $($variant:ident => $word:literal,)* }) => {
        impl $name {
            /// The status as `report.json` writes it.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $word,)* }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.pad(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }
    };
}

/// How a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum StepStatus {
    Passed,
    Failed,
    /// No step definition matched its text.
    Skipped,
    /// A step before it failed.
    NotRun,
}

words!(StepStatus {
    Passed => "passed",
    Failed => "failed",
    Skipped => "skipped",
    NotRun => "not run",
});

/// How a scenario went, the implementation's known deviations taken into account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ScenarioStatus {
    Passed,
    Failed,
    /// It failed, and the expected failures file lists it: a warning.
    ExpectedFailure,
    /// The expected failures file lists it, yet it passed: the entry must go, and the run
    /// fails until it does.
    StaleExpectedFailure,
}

words!(ScenarioStatus {
    Passed => "passed",
    Failed => "failed",
    ExpectedFailure => "expected failure",
    StaleExpectedFailure => "stale expected failure",
});

impl ScenarioStatus {
    /// Whether it counts against the implementation's verdict.
    pub fn fails_the_run(self) -> bool {
        matches!(self, ScenarioStatus::Failed | ScenarioStatus::StaleExpectedFailure)
    }
}

/// A requirement's status in the matrix.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RequirementStatus {
    /// Every scenario that checks it passed.
    Passed,
    /// A scenario that checks it failed (a stale expected failure included).
    Failed,
    /// Only known deviations failed.
    ExpectedFailure,
    /// No scenario checked it in this run.
    NotRun,
    /// Its scenarios need what the implementation does not claim.
    NotApplicable,
    /// No scenario can check it through the contract (see the row's reason).
    NotExercisable,
}

words!(RequirementStatus {
    Passed => "passed",
    Failed => "failed",
    ExpectedFailure => "expected failure",
    NotRun => "not run",
    NotApplicable => "not applicable",
    NotExercisable => "not exercisable",
});

/// A conformance profile's verdict.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum VerdictStatus {
    Conformant,
    NotConformant,
    /// No scenario of the profile was selected.
    NotRun,
    /// The implementation does not claim the profile.
    NotApplicable,
}

words!(VerdictStatus {
    Conformant => "conformant",
    NotConformant => "not conformant",
    NotRun => "not run",
    NotApplicable => "not applicable",
});

/// The run's result; the command's exit code follows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum RunResult {
    Passed,
    /// Only expected failures failed.
    PassedWithKnownDeviations,
    /// A scenario failed unexpectedly, an expected failure went stale, or a feature did not
    /// parse.
    Failed,
}

words!(RunResult {
    Passed => "passed",
    PassedWithKnownDeviations => "passed with known deviations",
    Failed => "failed",
});

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that statuses serialize as the words docs/report.md documents.
    #[test]
    fn statuses_serialize_as_documented_words() {
        let json = |value: &dyn erased::Words| value.json();
        assert_eq!(json(&StepStatus::NotRun), "\"not run\"");
        assert_eq!(json(&ScenarioStatus::StaleExpectedFailure), "\"stale expected failure\"");
        assert_eq!(json(&RequirementStatus::NotApplicable), "\"not applicable\"");
        assert_eq!(json(&VerdictStatus::NotConformant), "\"not conformant\"");
        assert_eq!(json(&RunResult::PassedWithKnownDeviations), "\"passed with known deviations\"");
        assert_eq!(VerdictStatus::Conformant.to_string(), "conformant");
    }

    mod erased {
        pub trait Words {
            fn json(&self) -> String;
        }
        impl<T: serde::Serialize> Words for T {
            fn json(&self) -> String {
                serde_json::to_string(self).expect("a status serializes")
            }
        }
    }
}
