//! `idn-sim certify`: runs the Gherkin suite against an implementation, the embedded
//! reference by default or any server that speaks the contract over HTTP (`--target`).

use anyhow::{Context, anyhow};
use cucumber::gherkin::tagexpr::TagOperation;
use idn_harness::loopback::Loopback;
use idn_harness::suite::Suite;
use idn_harness::target::Target;
use idn_report::{ExpectedFailures, ScenarioStatus};
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
    /// Where the report goes: report.json, index.html, junit.xml and cucumber.json.
    #[arg(long, default_value = "reports/certify")]
    reports: PathBuf,
    /// The implementation's known deviations (TOML, `[[expected_failure]]` entries with
    /// `scenario` and `reason`): their failures become warnings, and a listed scenario that
    /// passes fails the run until its entry is removed.
    #[arg(long, value_name = "FILE")]
    expected_failures: Option<PathBuf>,
    /// Print only the verdicts, the failures and where the report is, not every step.
    #[arg(long)]
    quiet: bool,
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
    let expected_failures = match &args.expected_failures {
        None => None,
        Some(path) => Some(ExpectedFailures::load(path).map_err(|e| anyhow!(e))?),
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
    let out: Box<dyn std::io::Write> =
        if args.quiet { Box::new(std::io::sink()) } else { Box::new(std::io::stdout()) };
    let outcome = suite.run(out, !args.quiet).await.context("cannot write the reports")?;
    #[allow(clippy::disallowed_methods)]
    // How long the report took to build and write, for the person reading; never in it.
    let started = std::time::Instant::now();
    let report = idn_harness::certification::of_run(
        &outcome,
        &report_target,
        args.seed,
        expected_failures.as_ref(),
    );
    idn_report::write(&args.reports, &report).context("cannot write the report")?;
    let took = started.elapsed();
    print_summary(&report, &args.reports, took);
    Ok(report.passed())
}

/// The verdicts, the result and where the report is: what a person reads first.
fn print_summary(report: &idn_report::Report, dir: &std::path::Path, took: std::time::Duration) {
    for error in &report.syntax_errors {
        println!("\nfeature did not parse: {error}");
    }
    let wrong = report.scenarios.iter().filter(|s| s.status != ScenarioStatus::Passed);
    for s in wrong {
        println!("\n{} {}:{} {}", s.status.as_str().to_uppercase(), s.feature, s.line, s.name);
        if let Some(failure) = &s.failure {
            println!("  expected: {}\n  observed: {}", failure.expected, failure.observed);
        }
        if let Some(reason) = &s.known_deviation {
            println!("  known deviation: {reason}");
        }
        println!("  replay: {}", s.replay);
    }
    println!("\nVerdicts:");
    for verdict in &report.verdicts {
        println!("  {:<18} {:<15} {}", verdict.profile, verdict.status, verdict.because);
    }
    for entry in &report.unmatched_expected_failures {
        println!("  warning: expected failure matches no scenario of this run: {entry}");
    }
    let counts = &report.counts;
    println!(
        "\nResult: {} ({} scenarios: {} passed, {} failed, {} expected failures, {} stale, {} not applicable)",
        report.result,
        counts.scenarios,
        counts.passed,
        counts.failed,
        counts.expected_failures,
        counts.stale,
        counts.not_applicable
    );
    let page =
        std::path::absolute(dir.join("index.html")).unwrap_or_else(|_| dir.join("index.html"));
    println!("Report: {} (and report.json, junit.xml, cucumber.json beside it)", page.display());
    let size = |name: &str| {
        let bytes = std::fs::metadata(dir.join(name)).map(|m| m.len()).unwrap_or(0);
        format!("{name} {:.1} MB", bytes as f64 / 1e6)
    };
    println!(
        "        {}, {}, {}; built and written in {} ms",
        size("report.json"),
        size("index.html"),
        size("junit.xml"),
        took.as_millis()
    );
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
