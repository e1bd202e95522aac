//! The test clock (DESIGN principle 3, the pattern of Stripe's test clocks): the SUT reads
//! "now" from the clock a call is made on, and only from it.

use crate::common::Timestamp;
use serde::{Deserialize, Serialize};

/// Creates the clock the call is made on, frozen at `now`. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestClockCreate {
    pub now: Timestamp,
}

/// Moves the clock forward to `to` (refused `clock_backwards` if earlier). The SUT runs
/// whatever fell due in between (expiries, scheduled e-mails) before answering.
/// Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestClockAdvance {
    pub to: Timestamp,
}
