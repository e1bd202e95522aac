//! The test clock (DESIGN principle 3, the pattern of Stripe's test clocks): the SUT reads
//! "now" from the clock a call is made on, and only from it.

use crate::common::Timestamp;
use serde::{Deserialize, Serialize};

/// Creates the clock the call is made on, frozen at `now`. Reply: [`ClockSet`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestClockCreate {
    #[cfg_attr(feature = "openapi", schema(value_type = chrono::DateTime<chrono::Utc>))]
    pub now: Timestamp,
    /// Over HTTP, the base URL where this clock's outbound messages go (the harness's
    /// loopback services, see [`crate::http::outbound`]); `None` in-process, where the SUT
    /// was given its `Outbound` when it was built.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outbound_url: Option<String>,
}

/// Moves the clock forward to `to` (refused `clock_backwards` if earlier). The SUT runs
/// whatever fell due in between (expiries, scheduled e-mails) before answering.
/// Reply: [`ClockSet`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestClockAdvance {
    #[cfg_attr(feature = "openapi", schema(value_type = chrono::DateTime<chrono::Utc>))]
    pub to: Timestamp,
}

/// The clock is set. The SUT says when its own next timer falls due, so that the world
/// wakes it exactly then and never ticks (DESIGN principle 3).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ClockSet {
    /// The next instant at which the SUT will do something of its own accord (send a
    /// scheduled e-mail, for example); `None` when nothing is scheduled. A SUT that acts at
    /// an instant it did not declare acts late: at the next advance the world makes.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<chrono::DateTime<chrono::Utc>>))]
    pub next_timer_at: Option<Timestamp>,
}
