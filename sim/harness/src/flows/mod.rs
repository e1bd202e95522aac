//! The building blocks of a journey, one module per stage, each driving the SUT through
//! the contract as the person, the phone or an agent would, and reading codes the way a
//! person does: from the SMS or the e-mail the world delivered.

pub mod account;
pub mod activation;
pub mod enrolment;
pub mod inbox;
pub mod login;
pub mod verification;
