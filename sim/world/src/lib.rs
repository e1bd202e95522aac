//! The deterministic world around an identity provider under test: a virtual clock that
//! jumps to the next thing due, seeded random streams forked by actor name, an event
//! queue ordered by (time, sequence), a trace of everything in virtual time, limits, and
//! the actors: people, phones, mailboxes, the SMS network, the push service, the postman,
//! post offices, AR24, the partner service behind FranceConnect+, fraudsters and
//! customer service.
//!
//! It is not the rules (`idn-model`, which the world only reads for durations and
//! policy) and not an implementation: it reaches the SUT only through
//! `idn_contract::IdentityProvider` and hears from it only through
//! `idn_contract::Outbound` (ARCHITECTURE invariant 2). It does no I/O and reads no wall
//! clock; one seed gives one trace, to the byte.
//!
//! Its modules are in layers, each using only the layers before it in this list (the
//! `tidy` test finds any module circle):
//! 1. what knows no actor: `clock.rs`, `prng.rs`, `queue.rs`, `limits.rs`, `faults.rs`,
//!    `fixtures.rs`, `actor.rs` (how the trace names a party), `error.rs`, `event.rs`
//!    (what is due later, as data) and `outbound.rs` (the sink the SUT sends into);
//! 2. `actors/`: each actor's state and the functions that need only it (no `World`, no
//!    trace);
//! 3. `trace/`: what happened, as typed values, some of them the actors' types;
//! 4. `world/mod.rs`: [`World`] and [`WorldConfig`], the state of every actor, the
//!    streams, the queue, [`World::record`] and [`World::call`], the one door to the SUT;
//! 5. the rest of `world/`: what the world does, one `impl World` file per actor and the
//!    run loop. They call each other's methods on `World`, never each other's items by
//!    path: what two of them share is in an earlier layer.
//!
//! Start reading at [`World`] (`world/mod.rs`): [`World::start`], [`World::call`] and
//! [`World::run_until`] (`world/run.rs`, the loop). Then `world/outbound.rs` (what the
//! SUT sends becomes world events), and for an actor, its state in `actors/<actor>.rs`
//! and what it does in `world/<actor>.rs`.

mod actor;
pub mod actors;
pub mod clock;
mod error;
mod event;
pub mod faults;
pub mod fixtures;
pub mod limits;
mod outbound;
pub mod prng;
pub mod queue;
pub mod trace;
mod world;

pub use actors::ar24::{Ar24, Ar24Device, Identification, Letter, LetterState, LetterView};
pub use actors::fraudster::{Fraudster, FraudsterId, Knowledge};
pub use actors::mailbox::{Folder, MailMessage, Mailbox};
pub use actors::partner::{
    Approval, AuthorizeAs, Credentials, ExchangeAs, LoginAttempt, LoginHint, LoginOutcome, Verifier,
};
pub use actors::person::{Behaviour, Person, PersonId, PersonSpec};
pub use actors::phone::{NotShown, Phone, PhoneSpec, SimCard, phone_actor};
pub use actors::post_office::{CounterOutcome, PostOffice, PostOffices};
pub use actors::postman::{Postman, Round, Visit, VisitOutcome};
pub use actors::push::{MissedNotification, ShownNotification};
pub use actors::sms::ReceivedSms;
pub use clock::Clock;
pub use error::WorldError;
pub use faults::{BadFault, Faults};
pub use idn_contract::outbound::reading::{read_code, read_link_token};
pub use limits::Limits;
pub use prng::Prng;
pub use trace::{Actor, Trace, TraceEntry, TraceEvent};
pub use world::{World, WorldConfig};

#[cfg(test)]
mod testing;
