//! `idn-sim certify`: runs the Gherkin suite against an implementation, the embedded
//! reference by default or any server that speaks the contract over HTTP (`--target`).

use anyhow::{Context, anyhow};
use cucumber::gherkin::tagexpr::TagOperation;
use idn_harness::loopback::Loopback;
use idn_harness::steps::Target;
use idn_harness::suite::Suite;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct CertifyArgs {
    /// The implementation's base URL (http://HOST:PORT); without it, the embedded reference.
    #[arg(long, value_name = "URL")]
    target: Option<String>,
    /// Only the scenarios this cucumber tag expression selects, e.g. '@VER-07 or @VER-08'.
    #[arg(long, value_name = "EXPR")]
    tags: Option<String>,
    /// Only the scenarios whose name contains this text.
    #[arg(long, value_name = "TEXT")]
    scenario: Option<String>,
    /// The base seed; each scenario mixes in its file and name.
    #[arg(long, default_value_t = 20260302)]
    seed: u64,
    /// The features to run.
    #[arg(long, default_value = "features")]
    features: PathBuf,
    /// The named world set-ups.
    #[arg(long, default_value = "scenarios")]
    scenarios: PathBuf,
    /// Where the JUnit and Cucumber JSON reports go.
    #[arg(long, default_value = "reports/certify")]
    reports: PathBuf,
    /// How long one request to the target may take, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    request_timeout_ms: u64,
}

/// Runs the suite; `Ok(false)` when something failed.
pub async fn run(args: CertifyArgs) -> anyhow::Result<bool> {
    let tags = match &args.tags {
        None => None,
        Some(text) => Some(
            text.parse::<TagOperation>()
                .map_err(|e| anyhow!("--tags {text}: not a tag expression: {e}"))?,
        ),
    };
    for (what, dir) in [("features", &args.features), ("scenarios", &args.scenarios)] {
        if !dir.is_dir() {
            return Err(anyhow!(
                "no {what} folder at {} (run from the repository's root or pass --{what})",
                dir.display()
            ));
        }
    }
    // Kept alive for the whole run: an HTTP target posts its outbound messages there.
    let mut _loopback: Option<Arc<Loopback>> = None;
    let target = match &args.target {
        None => Target::in_process(
            "embedded reference",
            |seed, outbound| idn_reference::embedded(seed)(outbound),
            args.scenarios.clone(),
        ),
        Some(url) => {
            let loopback =
                Arc::new(Loopback::start().await.context("cannot start the loopback services")?);
            let timeout = std::time::Duration::from_millis(args.request_timeout_ms);
            let scenarios = args.scenarios.clone();
            let run = run_prefix();
            let target =
                idn_harness::remote::http_target(url, &run, timeout, loopback.clone(), scenarios)
                    .await
                    .map_err(|e| anyhow!(e))?;
            _loopback = Some(loopback);
            target
        }
    };
    println!("idn-sim certify: target {}, seed {}", target.name, args.seed);
    let report_target = target.clone();
    let suite = Suite {
        features: args.features.clone(),
        reports: args.reports.clone(),
        root: std::env::current_dir().context("the current directory")?,
        target,
        tags,
        scenario: args.scenario.clone(),
        seed: args.seed,
    };
    let outcome = suite.run(std::io::stdout(), true).await.context("cannot write the reports")?;
    let policy = idn_model::policy::Policy::builtin_default();
    let policy = (policy.name.clone(), policy.to_toml());
    let start = idn_world::WorldConfig::new(args.seed).start.to_rfc3339();
    let cx = idn_harness::report::default_context(&report_target, args.seed, &policy, &start);
    let report = idn_harness::report::build(&outcome, &cx);
    idn_harness::report::write(&args.reports, &report).context("cannot write report.json")?;
    for verdict in &report.verdicts {
        println!("  {:<18} {:<15} {}", verdict.profile, verdict.status, verdict.because);
    }
    println!(
        "\nReport: {}/index.html (and report.json, junit.xml, cucumber.json)",
        args.reports.display()
    );
    Ok(outcome.passed)
}

/// A prefix unique to this run for the target's clocks (`run-<unix ms>-<pid>/`), so that
/// certifying one long-lived server twice does not collide with the clocks of the first
/// run. Read from the wall clock at the binary's edge; it never reaches a trace.
fn run_prefix() -> String {
    #[allow(clippy::disallowed_methods)]
    // A label for the server's namespaces, outside every trace.
    let now = std::time::SystemTime::now();
    let ms = now.duration_since(std::time::UNIX_EPOCH).map(|d| d.as_millis()).unwrap_or(0);
    format!("run-{ms}-{}/", std::process::id())
}
