//! `idn-sim demo`: the two whole journeys against the embedded reference, told in virtual
//! time, with what the run covered and how long it took on the wall clock.

use anyhow::{Context, anyhow};
use idn_contract::policy::Policy;
use idn_harness::journeys::{self, GuideRoute, PostmanRoute};
use idn_harness::{Journey, JourneyError};
use idn_reference::ReferenceConfig;
use idn_world::{World, WorldConfig};
use std::path::{Path, PathBuf};

#[derive(clap::Args)]
pub struct DemoArgs {
    /// The seed of the run: one seed, one run, to the byte.
    #[arg(long, default_value_t = 20260302)]
    seed: u64,
    /// A policy profile (TOML, see fixtures/policy/default.toml) for the harness and the
    /// embedded reference alike. Default: the shipped default profile.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// Also print the full trace of every event, in virtual time.
    #[arg(long)]
    trace: bool,
}

/// The policy profile of the run, and where it came from: one reader (the contract's)
/// gives the harness and the embedded reference the same values.
struct Profile {
    origin: String,
    policy: Policy,
}

fn load_profile(path: Option<&Path>) -> anyhow::Result<Profile> {
    let Some(path) = path else {
        let origin = "fixtures/policy/default.toml (built in)".to_string();
        return Ok(Profile { origin, policy: Policy::builtin_default() });
    };
    let origin = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read the policy profile {origin}"))?;
    let policy = Policy::parse(&text, &origin).map_err(|e| anyhow!("bad policy profile: {e}"))?;
    Ok(Profile { origin, policy })
}

/// Starts a world on `seed` around a fresh in-process reference implementation.
async fn embedded_world(seed: u64, profile: &Profile) -> anyhow::Result<World> {
    let mut config = WorldConfig::new(seed);
    config.policy = profile.policy.clone();
    let reference =
        ReferenceConfig { seed, policy: profile.policy.clone(), ..ReferenceConfig::default() };
    World::start(config, idn_reference::embedded_with(reference))
        .await
        .context("cannot start the world around the embedded reference")
}

/// Runs the demo; `Ok(false)` when a journey failed against the implementation.
pub async fn run(args: DemoArgs) -> anyhow::Result<bool> {
    let profile = load_profile(args.policy.as_deref())?;
    println!(
        "idn-sim demo: seed {}, policy \"{}\" from {}",
        args.seed, profile.policy.name, profile.origin
    );
    #[allow(clippy::disallowed_methods)] // Wall time for a person, outside every trace.
    let wall_start = std::time::Instant::now();
    let mut all_passed = true;
    let mut virtual_span = chrono::TimeDelta::zero();

    let titles = [
        "(a) The guide's route: web, AR24 online verification, the app, Mon Compte Formation",
        "(b) The postman route: a visit that does not take place, then a new appointment",
    ];
    for (which, title) in titles.iter().enumerate() {
        let world = embedded_world(args.seed, &profile).await?;
        let start = world.now();
        let mut journey = Journey::new(world);
        println!("\n{title}");
        let result = match which {
            0 => journeys::guide_route(&mut journey).await.map(|r| summary_guide(&r)),
            _ => journeys::postman_route(&mut journey).await.map(|r| summary_postman(&r)),
        };
        print!("{}", journey.render_narrative());
        virtual_span += journey.world.now() - start;
        all_passed &= report(result, args.seed, profile.origin.as_str());
        if args.trace {
            println!("\n  trace:\n{}", journey.world.trace().render());
        }
    }

    let wall_ms = wall_start.elapsed().as_millis();
    let days = virtual_span.num_minutes() as f64 / (24.0 * 60.0);
    println!("\n{days:.1} virtual days in {wall_ms} wall milliseconds.");
    println!(
        "{}",
        if all_passed { "Both journeys passed." } else { "A journey failed: see above." }
    );
    Ok(all_passed)
}

fn report(result: Result<String, JourneyError>, seed: u64, policy: &str) -> bool {
    match result {
        Ok(summary) => {
            println!("  => passed: {summary}");
            true
        }
        Err(error) => {
            println!("  => FAILED: {error}");
            println!("  replay: idn-sim demo --seed {seed} --trace   (policy: {policy})");
            false
        }
    }
}

fn summary_guide(r: &GuideRoute) -> String {
    format!(
        "AR24's review took {} h; Mon Compte Formation received {} {} at acr {:?}",
        r.review.num_hours(),
        r.claims.identity.given_name,
        r.claims.identity.family_name,
        r.claims.acr
    )
}

fn summary_postman(r: &PostmanRoute) -> String {
    format!(
        "the activation e-mail came {} min after the visit; Mon Compte Formation received {} {}",
        r.next_step_mail_after.num_minutes(),
        r.claims.identity.given_name,
        r.claims.identity.family_name
    )
}
