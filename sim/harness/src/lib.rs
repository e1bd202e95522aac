//! The conformance harness: whole journeys of L'Identité Numérique, driven through the
//! contract with the world's actors and checked on what each actor saw, as Gherkin
//! features ([`steps`], run by [`suite`]) and as random journeys judged by the oracle
//! ([`fuzz`]), against the embedded reference or any implementation over HTTP
//! ([`target`], [`remote`], [`loopback`]).
//!
//! It is not the rules (`idn-model`), not the simulator (`idn-world`), not the report
//! (`idn-report`, which it hands typed records) and never the implementation under test:
//! it reaches a SUT only through `idn_contract`. Start with [`journeys`]: the guide's
//! route and the postman route, written from the building blocks in [`flows`] (one module
//! per stage of a journey), which the steps and the fuzzer reuse. A [`Journey`] carries
//! the world and a narrative a person can read; a [`failure::Failure`] is what a failed
//! check knew. Modules use only those below them (no circle: `sim/tidy` checks it).

pub mod capability;
pub mod certification;
pub mod failure;
pub mod flows;
pub mod fuzz;
pub mod journey;
pub mod journeys;
pub mod loopback;
pub mod remote;
pub mod sandbox;
pub mod setup;
pub mod steps;
pub mod suite;
pub mod target;

pub use journey::{Journey, JourneyError};
