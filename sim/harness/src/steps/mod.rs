//! The Gherkin steps, in French, one module per concept, over one cucumber World per
//! scenario ([`IdnWorld`], `world.rs`). Steps drive the SUT through the contract only,
//! with the [`crate::flows`], and read codes as a person does. Their typed parameters
//! (`params.rs`) are the domain nouns.
//!
//! A step that asks something of the implementation does it through
//! [`IdnWorld::ask`], and a step fails only through [`IdnWorld::fail`], so that the
//! report gets each failure's structure (what was expected, what was observed, the
//! requirements of the check).
//!
//! Two rules keep scenarios honest:
//! - a step that calls the SUT *records* a refusal instead of failing, and the next step
//!   must check it (`Alors la demande est refusée avec le code « … »`); a refusal nobody
//!   checked fails the scenario, at the next action or at its end;
//! - the world starts lazily, at the first step that needs it, so that a `Contexte` can
//!   choose the set-up (`Soit le monde « … »`) and the date first.

pub mod account;
pub mod activation;
pub mod ar24;
pub mod common;
pub mod eligibility;
pub mod enrolment;
pub mod fraud;
pub mod fuzz;
pub mod guide;
pub mod login;
pub mod management;
pub mod notifications;
pub mod params;
pub mod security;
pub mod verification;
mod world;

pub use world::{Holder, IdnWorld, StepError, StepResult, sentence};
