//! The Gherkin conformance suite, run by cucumber against the embedded reference.
//!
//! `make features` runs it; `make features TAGS='@VER-07'` runs a subset (a cucumber tag
//! expression); `SCENARIO=text` picks scenarios by name; `SEED=n` changes the base seed.
//! It writes `reports/features/junit.xml` and `reports/features/cucumber.json`. It takes
//! no command-line arguments, so that a workspace-wide `cargo test` with libtest's flags
//! cannot break it. Exit code: 0 all passed, 1 something failed or did not parse, 2 a
//! bad option or an unwritable report.

use cucumber::gherkin::tagexpr::TagOperation;
use idn_harness::steps::Target;
use idn_harness::suite::Suite;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

const DEFAULT_SEED: u64 = 20260302;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository's root")
}

/// The suite the environment asks for.
fn suite() -> Result<Suite, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
    let tags = match env("TAGS") {
        None => None,
        Some(text) => Some(
            text.parse::<TagOperation>()
                .map_err(|e| format!("TAGS={text}: not a tag expression: {e}"))?,
        ),
    };
    let seed = match env("SEED") {
        None => DEFAULT_SEED,
        Some(text) => text.parse().map_err(|_| format!("SEED={text}: not a whole number"))?,
    };
    let root = root();
    let target = Target {
        name: "embedded reference".to_string(),
        make_sut: Arc::new(|seed, outbound| idn_reference::embedded(seed)(outbound)),
        scenarios_dir: root.join("scenarios"),
    };
    Ok(Suite {
        features: root.join("features"),
        reports: root.join("reports/features"),
        root,
        target,
        tags,
        scenario: env("SCENARIO"),
        seed,
    })
}

fn main() -> ExitCode {
    // Cucumber reports a failed step's message itself; the default hook would add a
    // backtrace note for every expected failure.
    std::panic::set_hook(Box::new(|_| {}));
    let suite = match suite() {
        Ok(suite) => suite,
        Err(message) => {
            eprintln!("features: {message}");
            return ExitCode::from(2);
        }
    };
    println!(
        "features: seed {}, target {} (replay one scenario: make features SCENARIO='<name>' SEED={})",
        suite.seed, suite.target.name, suite.seed
    );
    let runtime = tokio::runtime::Builder::new_current_thread().build().expect("a runtime");
    match runtime.block_on(suite.run(std::io::stdout(), true)) {
        Ok(outcome) if outcome.passed => ExitCode::SUCCESS,
        Ok(_) => ExitCode::from(1),
        Err(error) => {
            eprintln!("features: cannot write the reports: {error}");
            ExitCode::from(2)
        }
    }
}
