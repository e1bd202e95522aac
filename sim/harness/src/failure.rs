//! What a failed check knew, kept whole on its way from the journey to the report: what
//! it expected, what it observed, and the requirements it enforces. Text is made from it
//! only to show it (cucumber's output, the report), never parsed back.

use crate::journey::JourneyError;
use std::fmt;

/// A check that failed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// What the check expected; `None` when the step's own sentence says it (« Alors
    /// Camille a reçu un SMS contenant « 123456 » »).
    pub expected: Option<String>,
    /// What happened instead.
    pub observed: String,
    /// The requirement ids the check enforces, when it knows them better than its
    /// scenario's tags (a finding of the fuzzer, FRAUD-02's checks).
    pub requirements: Vec<String>,
}

impl Failure {
    /// A failure whose expectation is the step's own sentence.
    pub fn observed(observed: impl Into<String>) -> Self {
        Self { expected: None, observed: observed.into(), requirements: Vec::new() }
    }

    /// A failure that says what it expected.
    pub fn unexpected(expected: impl Into<String>, observed: impl Into<String>) -> Self {
        Self { expected: Some(expected.into()), ..Self::observed(observed) }
    }

    /// Names the requirements the failed check enforces.
    pub fn enforcing<S: ToString>(mut self, requirements: impl IntoIterator<Item = S>) -> Self {
        self.requirements.extend(requirements.into_iter().map(|id| id.to_string()));
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.expected {
            Some(expected) => write!(f, "expected {expected}, observed {}", self.observed),
            None => f.write_str(&self.observed),
        }
    }
}

impl From<JourneyError> for Failure {
    /// The journey's step (in the narrative's words) stays in what was observed: it says
    /// which of a step's many requests went wrong.
    fn from(error: JourneyError) -> Self {
        match error {
            JourneyError::Unexpected { step, expected, observed } => {
                Failure::unexpected(expected, format!("{observed} ({step})"))
            }
            JourneyError::Call { step, source } => Failure::observed(format!("{step}: {source}")),
            JourneyError::World { step, source } => Failure::observed(format!("{step}: {source}")),
        }
    }
}

impl From<idn_world::WorldError> for Failure {
    fn from(error: idn_world::WorldError) -> Self {
        Failure::observed(error.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks how a failure reads, with and without its own expectation, and that the
    // journey's structure survives the conversion.
    #[test]
    fn failures_keep_what_they_know() {
        let plain = Failure::observed("no SMS arrived");
        assert_eq!(plain.to_string(), "no SMS arrived");
        let refused =
            Failure::unexpected("a refusal `pin_wrong`", "accepted").enforcing(["AUTH-05"]);
        assert_eq!(refused.to_string(), "expected a refusal `pin_wrong`, observed accepted");
        assert_eq!(refused.requirements, ["AUTH-05"]);
        let journey = JourneyError::Unexpected {
            step: "camille types the code".into(),
            expected: "refusal `code_invalid`".into(),
            observed: "AccountConfirmed".into(),
        };
        let converted = Failure::from(journey);
        assert_eq!(converted.expected.as_deref(), Some("refusal `code_invalid`"));
        assert_eq!(converted.observed, "AccountConfirmed (camille types the code)");
    }
}
