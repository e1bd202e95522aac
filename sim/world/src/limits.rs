//! Every run has limits (TigerBeetle): hitting one ends the run with
//! [`crate::WorldError::LimitReached`], never a hang.

use chrono::TimeDelta;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Limits {
    /// World events (deliveries, visits, AR24 steps) a run may process.
    pub max_events: u64,
    /// Virtual time a run may cover from its start.
    pub max_virtual: TimeDelta,
}

impl Default for Limits {
    /// Room for the longest journeys of the requirements (a 15-day LRE, a 30-day
    /// activation code, a few months of use) with a wide margin; a 5-year journey
    /// (ACT-06) raises `max_virtual` on purpose.
    fn default() -> Self {
        Self { max_events: 100_000, max_virtual: TimeDelta::days(400) }
    }
}
