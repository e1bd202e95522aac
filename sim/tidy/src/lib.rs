//! The repository's own structural invariants, checked by tests (as rust-analyzer's
//! `tidy` tests do): our crates depend on each other only as ARCHITECTURE.md's table
//! allows, and no crate has a module circle, a module that uses something of a module
//! which, directly or through others, uses something of it.
//!
//! It is not a linter of style and not part of the simulator: it depends on none of our
//! crates, reads their source as text with `syn`, so it builds and runs while they do
//! not compile. Its checks on the real repository are the tests in `tests/tidy.rs`; the
//! modules here hold the logic, each with unit tests on small synthetic inputs.
//!
//! Start reading at `tests/tidy.rs`. Then [`crates`] (the table of allowed dependencies,
//! at its top, and `cargo metadata`), [`modules`] (a crate's module tree from its files,
//! and how a path resolves to the module that defines what it names), [`uses`] (the edges:
//! which module uses which, with an example line for each) and [`circles`] (the strongly
//! connected components of that graph, and the failure message).

pub mod circles;
pub mod crates;
pub mod modules;
pub mod uses;
