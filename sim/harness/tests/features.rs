//! The Gherkin conformance suite, run by cucumber against the embedded reference, twice:
//! in-process, then over HTTP against the reference served on loopback in this process,
//! with the outside world on loopback too (the same features, unchanged).
//!
//! `make features` runs it; `TAGS='@VER-07'` runs a subset (a cucumber tag expression);
//! `SCENARIO=text` picks scenarios by name; `SEED=n` changes the base seed;
//! `TRANSPORT=in-process` or `TRANSPORT=http` runs one pass only. It writes
//! `reports/features/` (in-process) and `reports/features-http/` (JUnit XML and Cucumber
//! JSON). It takes no command-line arguments, so that a workspace-wide `cargo test` with
//! libtest's flags cannot break it. Exit code: 0 all passed, 1 something failed or did not
//! parse, 2 a bad option or an unusable report folder.

use cucumber::gherkin::tagexpr::TagOperation;
use idn_harness::loopback::Loopback;
use idn_harness::suite::Suite;
use idn_harness::target::Target;
use idn_harness::{certification, remote};
use idn_reference::server::{self, Unrouted};
use idn_reference::{Reference, ReferenceConfig};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;

const DEFAULT_SEED: u64 = 20260302;

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the repository's root")
}

/// What the environment asks for.
struct Options {
    tags: Option<TagOperation>,
    scenario: Option<String>,
    seed: u64,
    in_process: bool,
    http: bool,
}

fn options() -> Result<Options, String> {
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
    let (in_process, http) = match env("TRANSPORT").as_deref() {
        None | Some("both") => (true, true),
        Some("in-process") => (true, false),
        Some("http") => (false, true),
        Some(other) => return Err(format!("TRANSPORT={other}: expected in-process, http or both")),
    };
    Ok(Options { tags, scenario: env("SCENARIO"), seed, in_process, http })
}

fn suite(options: &Options, target: Target, reports: &str) -> Suite {
    let root = root();
    Suite {
        features: root.join("features"),
        reports: root.join(reports),
        root,
        target,
        tags: options.tags.clone(),
        scenario: options.scenario.clone(),
        seed: options.seed,
    }
}

/// The reference served on loopback by this process, and its target.
async fn http_target(options: &Options) -> Result<(Target, Arc<Loopback>), String> {
    let config = ReferenceConfig { seed: options.seed, ..ReferenceConfig::default() };
    let reference = Reference::in_memory(config, Arc::new(Unrouted)).map_err(|e| e.to_string())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.map_err(|e| e.to_string())?;
    let url = format!("http://{}", listener.local_addr().map_err(|e| e.to_string())?);
    tokio::spawn(server::serve(listener, Arc::new(reference), std::future::pending()));
    let loopback = Arc::new(Loopback::start().await.map_err(|e| e.to_string())?);
    let scenarios = root().join("scenarios");
    // A fresh server for this run: its clocks need no prefix.
    let target =
        remote::http_target(&url, "", Duration::from_secs(5), loopback.clone(), scenarios).await?;
    Ok((target, loopback))
}

/// One pass of the suite on `target`, with its report (report.json, index.html, junit.xml)
/// written into `reports`.
async fn pass(options: &Options, target: Target, reports: &str) -> Result<bool, String> {
    println!("\nfeatures: seed {}, target {}", options.seed, target.name);
    let report_target = target.clone();
    let outcome = suite(options, target, reports).run(std::io::stdout(), true).await;
    let outcome = outcome.map_err(|e| format!("cannot write the reports: {e}"))?;
    let report = certification::of_run(&outcome, &report_target, options.seed, None);
    let dir = root().join(reports);
    idn_report::write(&dir, &report).map_err(|e| format!("cannot write {}: {e}", dir.display()))?;
    println!("Report: {}", dir.join("index.html").display());
    Ok(report.passed())
}

async fn run(options: Options) -> Result<bool, String> {
    let mut passed = true;
    if options.in_process {
        let target = Target::in_process(
            "embedded reference, in-process",
            |seed, outbound| idn_reference::embedded(seed)(outbound),
            root().join("scenarios"),
        );
        passed &= pass(&options, target, "reports/features").await?;
    }
    if options.http {
        let (target, _loopback) = http_target(&options).await?;
        passed &= pass(&options, target, "reports/features-http").await?;
    }
    println!("\nReplay one scenario: make features SCENARIO='<name>' SEED={}", options.seed);
    Ok(passed)
}

fn main() -> ExitCode {
    // Cucumber reports a failed step's message itself; the default hook would add a
    // backtrace note for every expected failure.
    std::panic::set_hook(Box::new(|_| {}));
    let options = match options() {
        Ok(options) => options,
        Err(message) => {
            eprintln!("features: {message}");
            return ExitCode::from(2);
        }
    };
    let runtime =
        tokio::runtime::Builder::new_current_thread().enable_all().build().expect("a runtime");
    match runtime.block_on(run(options)) {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::from(1),
        Err(message) => {
            eprintln!("features: {message}");
            ExitCode::from(2)
        }
    }
}
