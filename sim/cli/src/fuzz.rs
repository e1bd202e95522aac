//! `idn-sim fuzz`: random journeys against the oracle, played against an implementation
//! (the embedded reference by default, any server with `--target`); the first failure is
//! shrunk to a minimal journey and written as a French regression feature.

use anyhow::{Context, anyhow};
use idn_harness::fuzz::{self, FuzzConfig, Progress};
use idn_harness::target::Target;
use std::path::PathBuf;

const DEFAULT_MAX_STEPS: usize = 24;

#[derive(clap::Args)]
pub struct FuzzArgs {
    /// How many generated journeys.
    #[arg(long, default_value_t = 200)]
    cases: u32,
    /// The run's seed: the same seed replays the same journeys.
    #[arg(long, default_value_t = 20260302)]
    seed: u64,
    /// The most steps of a journey after its prefix.
    #[arg(long, default_value_t = DEFAULT_MAX_STEPS)]
    max_steps: usize,
    /// The implementation's base URL (http://HOST:PORT); without it, the embedded reference.
    #[arg(long, value_name = "URL")]
    target: Option<String>,
    /// Where a failure is kept: the regressions file (`regressions.txt`, its cases replayed
    /// first by the next campaigns) and the shrunk journey's feature. Nothing is written
    /// there when nothing fails.
    #[arg(long, value_name = "DIR", default_value = "reports/fuzz")]
    out: PathBuf,
    /// The regressions file, instead of DIR/regressions.txt.
    #[arg(long, value_name = "FILE")]
    regressions: Option<PathBuf>,
    /// Where the shrunk journey's feature is written, instead of DIR.
    #[arg(long, value_name = "DIR")]
    features: Option<PathBuf>,
    /// How many threads play the cases: every core in-process, 16 over HTTP (1 if the
    /// implementation does not claim concurrent clocks). The cases, and the failure found,
    /// are the same whatever the number.
    #[arg(long)]
    jobs: Option<usize>,
    /// The named world set-ups.
    #[arg(long, default_value = "scenarios")]
    scenarios: PathBuf,
    /// A progress line every this many cases.
    #[arg(long, default_value_t = 20)]
    every: u32,
    /// How long one request to the target may take, in milliseconds.
    #[arg(long, default_value_t = 5000)]
    request_timeout_ms: u64,
}

/// Runs the campaign; `Ok(false)` when a failure was found.
pub fn run(args: FuzzArgs) -> anyhow::Result<bool> {
    let target = match &args.target {
        None => Target::in_process(
            "embedded reference",
            |seed, outbound| idn_reference::embedded(seed)(outbound),
            args.scenarios.clone(),
        ),
        Some(url) => http_target(url, &args)?,
    };
    let regressions = args.regressions.clone().unwrap_or_else(|| args.out.join("regressions.txt"));
    let features = args.features.clone().unwrap_or_else(|| args.out.clone());
    println!(
        "idn-sim fuzz: target {}, seed {}, {} cases, regressions {} (replay: {})",
        target.name,
        args.seed,
        args.cases,
        regressions.display(),
        replay_command(&args, &regressions)
    );
    #[allow(clippy::disallowed_methods)]
    // How long the campaign took, for the person reading; never in a trace.
    let started = std::time::Instant::now();
    let every = args.every.max(1);
    let mut config = FuzzConfig::new(target, args.cases, args.seed);
    config.max_steps = args.max_steps;
    config.regressions_file = Some(regressions.clone());
    config.jobs = args.jobs;
    let mut announced_shrink = false;
    config.progress = Some(Box::new(move |p: &Progress| {
        if p.shrinking && !announced_shrink {
            announced_shrink = true;
            println!("  failure found at case {}: shrinking…", p.cases_run);
        } else if !p.shrinking && p.cases_run.is_multiple_of(every) {
            println!("  {} cases", p.cases_run);
        }
    }));
    let outcome = fuzz::run(config);
    let seconds = started.elapsed().as_secs_f64();
    println!(
        "{} cases, {} steps in {seconds:.1} s ({:.1} cases/s, {:.0} steps/s, {:.1} steps per case)",
        outcome.cases_run,
        outcome.steps_run,
        f64::from(outcome.cases_run) / seconds.max(1e-9),
        outcome.steps_run as f64 / seconds.max(1e-9),
        outcome.steps_run as f64 / f64::from(outcome.cases_run.max(1))
    );
    let Some(failure) = outcome.failure else {
        println!("no failure: every answer matched the oracle and every invariant held");
        return Ok(true);
    };
    println!("\nFAILURE at case {}: {}", failure.found_at_case, failure.message);
    println!("replay: {}", replay_command(&args, &regressions));
    println!("requirements: {}", failure.requirements.join(" "));
    println!("shrunk from {} to {} steps:", failure.original_len, failure.shrunk.len());
    for (i, step) in failure.shrunk.iter().enumerate() {
        println!("  {}. Camille {step}", i + 1);
    }
    if !failure.feature_text.is_empty() {
        std::fs::create_dir_all(&features)
            .with_context(|| format!("cannot create {}", features.display()))?;
        let name = format!("fuzz-{}-case-{}.feature", args.seed, failure.found_at_case);
        let path = features.join(name);
        std::fs::write(&path, &failure.feature_text)
            .with_context(|| format!("cannot write {}", path.display()))?;
        println!("feature written: {}", path.display());
    }
    Ok(false)
}

/// The command that plays the same campaign again, as a shell reads it: the binary alone,
/// the regressions file whose cases come first, and the options that change the cases.
fn replay_command(args: &FuzzArgs, regressions: &std::path::Path) -> String {
    let mut command = format!("idn-sim fuzz --seed {} --cases {}", args.seed, args.cases);
    if args.max_steps != DEFAULT_MAX_STEPS {
        command.push_str(&format!(" --max-steps {}", args.max_steps));
    }
    if let Some(url) = &args.target {
        command.push_str(&format!(" --target {url}"));
    }
    command.push_str(&format!(" --regressions {}", shell_word(&regressions.display().to_string())));
    command
}

/// `text` as one shell word: quoted when it holds anything but plain path characters.
fn shell_word(text: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "/._-+:=,".contains(c);
    if !text.is_empty() && text.chars().all(plain) {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', "'\\''"))
    }
}

/// An HTTP target; its loopback services run on a thread of their own.
fn http_target(url: &str, args: &FuzzArgs) -> anyhow::Result<Target> {
    let timeout = std::time::Duration::from_millis(args.request_timeout_ms);
    let run = format!("fuzz-{}/", std::process::id());
    idn_harness::remote::http_target_on_own_thread(url, &run, timeout, args.scenarios.clone())
        .map_err(|e| anyhow!(e))
}
