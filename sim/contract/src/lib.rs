//! The contract: everything an implementation of L'Identité Numérique La Poste (the
//! *system under test*, SUT) must expose, and everything it may call in the outside world.
//!
//! The harness knows a SUT only through this crate (DESIGN principle 1, black box). It is
//! not the rules (those are `idn-model`'s, and a SUT has its own). The in-process
//! reference implements [`IdentityProvider`] directly; over HTTP, [`http`] pins the wire
//! and `client` (feature `client`) implements the same trait with these same types.
//!
//! Start reading at [`IdentityProvider`] and [`Request`]: one variant per thing a person,
//! a phone, a postman, a post-office clerk, AR24, FranceConnect+ or the test clock can ask
//! of the SUT, grouped by concept in the modules below. [`Outbound`] is the other
//! direction: what the SUT sends to the SMS gateway, the mail service, the push provider,
//! AR24 and the postman rounds system. A refusal always carries a stable
//! [`RefusalCode`] so that features and the fuzzer can assert on it.
//!
//! It also holds the data both sides must read alike: the policy profile ([`policy`]), and
//! the one reader of our TOML files ([`config`]), whose errors name the file, the line and
//! the key.

pub mod account;
pub mod activation;
pub mod capabilities;
#[cfg(feature = "client")]
pub mod client;
pub mod common;
pub mod config;
pub mod enrolment;
pub mod http;
pub mod login;
pub mod management;
pub mod oidc;
pub mod outbound;
pub mod policy;
pub mod refusal;
pub mod request;
pub mod test_clock;
pub mod token;
pub mod verification;

pub use common::*;
pub use outbound::{Outbound, OutboundError, OutboundMessage};
pub use refusal::{CallError, Refusal, RefusalCode};
pub use request::{Operation, Reply, Request};

use async_trait::async_trait;

/// An implementation of the identity provider, seen as a black box.
///
/// Every call is made *on* a test clock ([`ClockId`]): the SUT reads "now" from that clock
/// (created with [`test_clock::TestClockCreate`]) and keeps what the call creates in that
/// clock's namespace, so that many scenarios can share one SUT without seeing each other
/// (the pattern of Stripe's test clocks).
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// Handles one request. A refusal the contract allows is `Err(CallError::Refused)`;
    /// a transport or protocol failure is a finding about the SUT, never a panic.
    async fn handle(&self, clock: &ClockId, request: Request) -> Result<Reply, CallError>;
}

/// Sends a typed operation and checks that the reply has the type the contract promises.
///
/// A reply of another type is a [`CallError::Protocol`] naming both.
pub async fn call<O: Operation>(
    sut: &dyn IdentityProvider,
    clock: &ClockId,
    op: O,
) -> Result<O::Reply, CallError> {
    let request: Request = op.into();
    let name = request.name();
    let reply = sut.handle(clock, request).await?;
    O::extract(reply).map_err(|other| CallError::Protocol {
        request: name.to_string(),
        detail: format!("expected the reply of {name}, got {other}"),
    })
}
