//! The rules of "L'Identité Numérique La Poste" as pure functions, the policy values they
//! read, and the oracle: the harness's own model of one identity's lifecycle, which
//! predicts what a conformant identity provider must answer to each step of a journey.
//!
//! It is not an implementation of the identity provider (that is `sim/reference`, which
//! shares no code with this crate), and it knows nothing of the wire (`sim/contract`): its
//! types are its own and its refusals are the contract's snake_case codes as plain strings
//! ([`REFUSAL_CODES`]). It does no I/O, reads no clock and draws no random number: the
//! reference data under `fixtures/` is embedded at compile time and parsed by pure
//! functions, and every function that depends on the date takes it as an argument.
//!
//! Start with `oracle` (the lifecycle and its precedence rule), then the rule families it
//! calls, one file each, named after the requirement ids of `REQUIREMENTS.md`: `age`
//! (ELIG-01), `document` (ELIG-02, DOC-01..03), `device` (ELIG-03), `calling_code`
//! (ELIG-04), `address` (VER-04), `pin` (ACT-03), `durations` (the fixed delays), and
//! `policy` (the values the documents leave open, which the harness reads from the
//! contract's policy profile and hands the oracle).

pub mod address;
pub mod age;
pub mod calendar;
pub mod calling_code;
pub mod device;
pub mod document;
pub mod durations;
pub mod fixture;
pub mod oracle;
pub mod pin;
pub mod policy;
pub mod refusal;

pub use address::{AddressKind, Territories};
pub use calling_code::{CallingCodes, Country};
pub use device::Os;
pub use document::{Document, DocumentKind};
pub use fixture::FixtureError;
pub use oracle::{Action, Expectation, LifecycleState, Mode, Oracle, Verification};
pub use policy::Policy;
pub use refusal::REFUSAL_CODES;
