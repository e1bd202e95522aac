//! `idn-sim demo`: the two whole journeys against the embedded reference, told in virtual
//! time, with what the run covered and how long it took on the wall clock.

use anyhow::Context;
use idn_contract::{IdentityProvider, Outbound};
use idn_harness::journeys::{self, GuideRoute, PostmanRoute};
use idn_harness::{Journey, JourneyError};
use idn_model::policy::Policy;
use idn_reference::{Reference, ReferenceConfig};
use idn_world::{World, WorldConfig};
use std::sync::Arc;

#[derive(clap::Args)]
pub struct DemoArgs {
    /// The seed of the run: one seed, one run, to the byte.
    #[arg(long, default_value_t = 20260302)]
    seed: u64,
    /// Also print the full trace of every event, in virtual time.
    #[arg(long)]
    trace: bool,
}

/// Starts a world on `seed` around a fresh in-process reference implementation.
pub async fn embedded_world(seed: u64, policy: Policy) -> anyhow::Result<World> {
    let mut config = WorldConfig::new(seed);
    config.policy = policy;
    let make_sut = move |outbound: Arc<dyn Outbound>| -> Arc<dyn IdentityProvider> {
        let reference =
            Reference::in_memory(ReferenceConfig { seed, ..ReferenceConfig::default() }, outbound)
                .expect("an in-memory SQLite store always opens");
        Arc::new(reference)
    };
    World::start(config, make_sut).await.context("starting the world around the embedded reference")
}

/// Runs the demo; `Ok(false)` when a journey failed against the implementation.
pub async fn run(args: DemoArgs) -> anyhow::Result<bool> {
    println!("idn-sim demo: seed {} (replay: idn-sim demo --seed {})", args.seed, args.seed);
    #[allow(clippy::disallowed_methods)] // Wall time for a person, outside every trace.
    let wall_start = std::time::Instant::now();
    let policy = Policy::builtin_default();
    let mut all_passed = true;
    let mut virtual_span = chrono::TimeDelta::zero();

    for (title, which) in [
        ("(a) The guide's route: web, AR24, app, Mon Compte Formation", 0),
        ("(b) The postman route: a visit that does not take place, then a new appointment", 1),
    ] {
        let world = embedded_world(args.seed, policy.clone()).await?;
        let start = world.now();
        let mut journey = Journey::new(world);
        println!("\n{title}");
        let result = match which {
            0 => journeys::guide_route(&mut journey).await.map(|r| summary_guide(&r)),
            _ => journeys::postman_route(&mut journey).await.map(|r| summary_postman(&r)),
        };
        print!("{}", journey.render_narrative());
        virtual_span += journey.world.now() - start;
        all_passed &= report(result);
        if args.trace {
            println!("\n  trace:\n{}", journey.world.trace().render());
        }
    }

    let wall_ms = wall_start.elapsed().as_millis();
    let days = virtual_span.num_minutes() as f64 / (24.0 * 60.0);
    println!("\n{:.1} virtual days in {wall_ms} wall milliseconds.", days);
    println!(
        "{}",
        if all_passed { "Both journeys passed." } else { "A journey failed: see above." }
    );
    Ok(all_passed)
}

fn report(result: Result<String, JourneyError>) -> bool {
    match result {
        Ok(summary) => {
            println!("  => passed: {summary}");
            true
        }
        Err(error) => {
            println!("  => FAILED: {error}");
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
