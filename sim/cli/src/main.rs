//! `idn-sim`: the command line of the simulator and conformance harness.
//!
//! This is the binary's edge: the only place that wires the embedded reference
//! implementation into the world, and the only place that reads the wall clock (to tell a
//! person how long a run took; never in a trace). Exit codes: 0 all passed, 1 findings
//! (a journey failed against the implementation), 2 usage or I/O error.

mod certify;
mod demo;
mod fuzz;
mod sandbox;
mod serve;

use clap::{Parser, Subcommand};
use std::process::ExitCode;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "idn-sim",
    version,
    about = "Deterministic simulator and conformance harness for L'Identité Numérique La Poste"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the guide's route and the postman route against the embedded reference, and print
    /// what happened in virtual time.
    Demo(demo::DemoArgs),
    /// Serve the reference implementation over HTTP, its store on disk, until Ctrl-C.
    Serve(serve::ServeArgs),
    /// Run the Gherkin suite against an implementation: the embedded reference, or any
    /// server that speaks the contract over HTTP (--target).
    Certify(certify::CertifyArgs),
    /// Fuzz an implementation: random journeys against the oracle, the first failure
    /// shrunk and written as a regression feature.
    Fuzz(fuzz::FuzzArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("idn-sim: cannot start the async runtime: {error}");
            return ExitCode::from(2);
        }
    };
    let outcome = match cli.command {
        Command::Demo(args) => runtime.block_on(demo::run(args)),
        Command::Serve(args) => runtime.block_on(serve::run(args)),
        Command::Certify(args) => {
            // Cucumber reports a failed step's message itself; the default hook would add
            // a backtrace note for every expected failure.
            std::panic::set_hook(Box::new(|_| {}));
            runtime.block_on(certify::run(args))
        }
        // The campaign runs its own runtime; it must not be nested in this one.
        Command::Fuzz(args) => fuzz::run(args),
    };
    match outcome {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(error) => {
            eprintln!("idn-sim: {error:#}");
            ExitCode::from(2)
        }
    }
}
