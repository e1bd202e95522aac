//! What can stop the world or an actor's action. A misbehaving SUT is data (a
//! [`CallError`] inside), never a panic (ARCHITECTURE invariant 7).

use chrono::TimeDelta;
use idn_contract::token::TokenError;
use idn_contract::{CallError, LetterId, Timestamp};

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum WorldError {
    /// A limit of [`crate::Limits`] was hit: the run is over, not hung.
    #[error("limit {which} reached at {at}")]
    LimitReached { which: &'static str, at: Timestamp },
    /// `run_until` waited `waited` of virtual time and `what` did not happen.
    #[error("timed out waiting for {what} ({} s of virtual time)", waited.num_seconds())]
    Timeout { what: String, waited: TimeDelta },
    /// The configuration cannot run (a fault rate out of range…).
    #[error("bad world configuration: {0}")]
    BadConfig(String),
    /// The SUT refused or failed to create or advance the test clock.
    #[error("the sut failed the test clock: {0}")]
    TestClock(CallError),
    /// A call an actor made on behalf of the world failed.
    #[error(transparent)]
    Call(#[from] CallError),
    /// The person has no registered letter that AR24 delivered.
    #[error("{person} has no registered letter delivered by ar24")]
    NoLetter { person: crate::actor::Actor },
    /// The LRE is past its 15 days (AR24-04): it can no longer be read.
    #[error("the registered letter {letter} has expired")]
    LetterExpired { letter: LetterId },
    /// The letter is not in a state that allows the action (already declined, under review…).
    #[error("the registered letter {letter} cannot be {action}: it is {state}")]
    LetterState { letter: LetterId, action: &'static str, state: String },
    /// The login was not approved when the partner service finished it.
    #[error("the login {request} was not approved: {status}")]
    LoginNotApproved { request: String, status: String },
    /// An id_token claim, or the state, is not what the partner service expects.
    #[error("id_token claim {claim}: expected {expected}, got {got}")]
    ClaimMismatch { claim: &'static str, expected: String, got: String },
    /// The id_token could not be read.
    #[error("unreadable id_token: {0}")]
    IdToken(TokenError),
    /// The fraudster lacks what the attempt needs.
    #[error("fraudster {fraudster} does not know the {what}")]
    FraudsterLacks { fraudster: String, what: &'static str },
}
