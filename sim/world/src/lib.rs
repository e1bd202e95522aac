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
//! Start reading at [`World`] (`world.rs`): [`World::start`], [`World::call`] (the one
//! door to the SUT) and [`World::run_until`] (`run.rs`, the loop). Then `outbound.rs`
//! (what the SUT sends becomes world events) and the actors under `actors/`, each of
//! which adds its own methods to `World`.

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
pub use actors::partner::{LoginAttempt, LoginHint, LoginOutcome};
pub use actors::person::{Behaviour, Person, PersonId, PersonSpec};
pub use actors::phone::{NotShown, Phone, PhoneSpec, SimCard, phone_actor};
pub use actors::post_office::{CounterOutcome, PostOffice, PostOffices};
pub use actors::postman::{Postman, Round, Visit, VisitOutcome};
pub use actors::push::{MissedNotification, ShownNotification};
pub use actors::sms::ReceivedSms;
pub use clock::Clock;
pub use error::WorldError;
pub use faults::Faults;
pub use idn_contract::outbound::reading::{read_code, read_link_token};
pub use limits::Limits;
pub use prng::Prng;
pub use trace::{Actor, Trace, TraceEntry, TraceEvent};
pub use world::{World, WorldConfig};

#[cfg(test)]
mod testing;
