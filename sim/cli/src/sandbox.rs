//! `idn-sim serve --sandbox`: the reference over HTTP with ready test identities, for a
//! partner service to try its OpenID Connect integration with a stock client.
//!
//! The server runs as `serve` does, on a store in memory, and its default clock is the
//! sandbox's: a stock client names no test clock. Beside it, a simulated world drives the
//! server over HTTP, as the harness drives any implementation: it creates each identity of
//! [`idn_harness::sandbox::IDENTITIES`] as a person would, then follows real time, once a
//! second, so that the server's clock follows it and each phone answers the pushes it
//! gets. This is the one place where virtual time follows the wall clock, on purpose: a
//! person is waiting at the other end.

use anyhow::Context;
use chrono::{DateTime, TimeDelta, Utc};
use idn_harness::journey::Journey;
use idn_harness::loopback::Loopback;
use idn_harness::sandbox::{self, Answering, IDENTITIES, Ready};
use idn_harness::target::SutContext;
use idn_reference::Reference;
use idn_reference::server::{self, ServerOptions};
use idn_world::{World, WorldConfig};
use std::future::Future;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// Prefixed to the sandbox's clock: `sandbox-sim-<seed>`.
const CLOCK_PREFIX: &str = "sandbox-";
/// How far back the sandbox's world starts: room for creating the identities (a post office
/// visit, the activation letter) before it catches up with real time.
const HEAD_START_DAYS: i64 = 30;
/// How long the server may take to answer the world.
const REQUEST_TIMEOUT: Duration = Duration::from_secs(10);

/// Serves the sandbox until `shutdown`. `Ok(false)` when the identities could not be
/// created: the reference misbehaved (exit 1).
pub async fn run(
    listener: tokio::net::TcpListener,
    reference: Arc<Reference>,
    seed: u64,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> anyhow::Result<bool> {
    let addr = listener.local_addr().context("cannot read the address listened on")?;
    let mut config = WorldConfig::new(seed);
    config.clock_prefix = CLOCK_PREFIX.to_string();
    // The world assumes what the server applies (the reminders' delays and the like).
    config.policy = reference.config().policy.clone();
    let clock = config.clock_id();
    let (stop, stopped) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown.await;
        let _ = stop.send(true);
    });
    let mut until_stopped = stopped.clone();
    let server_stops = async move {
        let _ = until_stopped.wait_for(|stop| *stop).await;
    };
    let options = ServerOptions { default_clock: Some(clock.clone()) };
    let server = tokio::spawn(server::serve_with(listener, reference, options, server_stops));

    let outcome = seed_and_answer(&format!("http://{addr}"), config, stopped).await;
    if let Err(error) = &outcome {
        println!("idn-sim serve: the sandbox failed: {error:#}");
    }
    // The server stops with the sandbox, whether a signal or a failure ended it.
    server.abort();
    let _ = server.await;
    println!("idn-sim serve: stopped");
    std::io::stdout().flush().context("cannot write to stdout")?;
    Ok(outcome.is_ok())
}

/// Creates the identities through the server, prints them, then answers for them until
/// `stopped` turns true.
async fn seed_and_answer(
    base_url: &str,
    mut config: WorldConfig,
    mut stopped: tokio::sync::watch::Receiver<bool>,
) -> anyhow::Result<()> {
    let loopback = Arc::new(Loopback::start().await.context("cannot start the loopback services")?);
    let target = idn_harness::remote::http_target(
        base_url,
        CLOCK_PREFIX,
        REQUEST_TIMEOUT,
        loopback.clone(),
        std::path::PathBuf::new(),
    )
    .await
    .map_err(|e| anyhow::anyhow!(e))?;
    let now = wall_now();
    config.start = now - TimeDelta::days(HEAD_START_DAYS);
    config.outbound_url = target.outbound_url.clone();
    // A sandbox serves for as long as it is left running.
    config.limits.max_virtual = TimeDelta::days(365 * 100);
    config.limits.max_events = u64::MAX;
    let cx = SutContext { seed: config.seed, clock: config.clock_id() };
    let make = target.make_sut.clone();
    let world = World::start(config, move |outbound| make(cx, outbound))
        .await
        .map_err(|e| anyhow::anyhow!("the sandbox's world did not start: {e}"))?;
    let mut j = Journey::new(world);
    let mut ready = sandbox::seed(&mut j, &IDENTITIES)
        .await
        .map_err(|e| anyhow::anyhow!("cannot create the test identities: {e}"))?;
    let now = wall_now();
    anyhow::ensure!(
        j.world.now() <= now,
        "creating the test identities took more than {HEAD_START_DAYS} days of virtual time"
    );
    sandbox::answer(&mut j, &mut ready, now)
        .await
        .map_err(|e| anyhow::anyhow!("the sandbox cannot catch up with real time: {e}"))?;
    print_identities(&ready, j.world.clock_id().as_str());

    let mut tick = tokio::time::interval(Duration::from_secs(1));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
    loop {
        tokio::select! {
            _ = stopped.wait_for(|stop| *stop) => return Ok(()),
            _ = tick.tick() => {}
        }
        // A turn that fails (a server that did not answer in time) is reported and the
        // sandbox goes on: the next turn catches up.
        if let Err(error) = sandbox::answer(&mut j, &mut ready, wall_now()).await {
            println!("idn-sim serve: the sandbox's phones: {error}");
        }
    }
}

/// The identities as a partner reads them: what to type, and what the phone will do.
fn print_identities(ready: &[Ready], clock: &str) {
    println!(
        "idn-sim serve: sandbox identities, on the test clock {clock} (it follows real time):"
    );
    println!("  {:<15} {:<20} {:<12} the phone", "login_hint", "name", "secret code");
    for one in ready {
        let identity = &one.identity;
        let phone = identity.phone();
        let hint = format!("{} {}", phone.calling_code, phone.national);
        let name = format!("{} {}", identity.given_name, identity.family_name);
        println!("  {hint:<15} {name:<20} {:<12} {}", identity.pin, does(identity.answering));
    }
    println!("idn-sim serve: sandbox ready");
    let _ = std::io::stdout().flush();
}

fn does(answering: Answering) -> &'static str {
    match answering {
        Answering::Approve => "approves with the secret code",
        Answering::Refuse => "refuses (access_denied)",
        Answering::Never => "never answers (access_denied once the request expires)",
        Answering::WrongPin => "types a wrong secret code, then lets the request expire",
        Answering::LostPhone => "is lost: shows nothing (access_denied once expired)",
    }
}

/// Real time, to the second: the one instant of the sandbox read from the wall clock.
fn wall_now() -> DateTime<Utc> {
    #[allow(clippy::disallowed_methods)] // The sandbox follows real time on purpose.
    let now = std::time::SystemTime::now();
    let seconds = now.duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
    DateTime::from_timestamp(i64::try_from(seconds).unwrap_or(i64::MAX), 0).unwrap_or_default()
}
