//! A fuzzer's journey replayed by a regression feature (`features/regressions/`): the
//! fuzzer's own [`Driver`] under way in a scenario, and the answers of its last step.

use super::driver::{Answer, Driver};

/// A fuzzer's journey under way in a feature.
#[derive(Debug)]
pub struct Replay {
    pub driver: Driver,
    /// The answers of the last step, when it made more than one request.
    pub answers: Vec<Answer>,
}
