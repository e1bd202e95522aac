//! `idn-sim serve`: the reference implementation as an HTTP server, its store on disk.
//!
//! It prints the address it listens on (`listening on http://…`, so that a script can wait
//! for that line), its issuer and a warning that its signing key is derived from the
//! public seed, serves until Ctrl-C or SIGTERM, and lets the requests under way finish.
//! What it acknowledged is committed to the store: `serve` again on the same file goes on
//! from there. Over HTTP every test clock names the harness's `outbound_url`; a clock
//! without one has its messages recorded as not taken.
//!
//! The issuer (discovery's `issuer`, the base of every endpoint it lists, the id_tokens'
//! `iss`) is `--issuer`, by default `http://` and the address it listens on: never a
//! production-looking URL. A request that names no test clock (a stock OpenID Connect
//! client's, a browser's) is on `--default-clock`, when given.

use anyhow::Context;
use idn_contract::ClockId;
use idn_reference::server::{self, ServerOptions, Unrouted};
use idn_reference::{Client, Reference, ReferenceConfig, ReferencePolicy, merge_clients};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: one the system chooses, printed at start).
    #[arg(long, default_value = "127.0.0.1:8640")]
    addr: String,
    /// The SQLite file of the store, created if missing (required, except with --sandbox,
    /// whose store lives in memory).
    #[arg(
        long,
        value_name = "PATH",
        required_unless_present = "sandbox",
        conflicts_with = "sandbox"
    )]
    store: Option<PathBuf>,
    /// The seed of the reference's codes, tokens, ids and signing key.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// A policy profile (TOML, see fixtures/policy/default.toml). Default: the defaults.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
    /// The issuer: discovery's `issuer`, the base of its endpoints, the id_tokens' `iss`.
    /// Default: `http://` and the address listened on; give it when clients reach the
    /// server under another name (another host, a proxy, `--addr 0.0.0.0:…`).
    #[arg(long, value_name = "URL")]
    issuer: Option<String>,
    /// The test clock of the requests that name none in the `Idn-Test-Clock` header: a
    /// stock OpenID Connect client's and a browser's. Create it (`TestClockCreate`) before
    /// they come; until then they are refused `clock_unknown`.
    #[arg(long, value_name = "NAME", conflicts_with = "sandbox")]
    default_clock: Option<String>,
    /// A relying party besides FranceConnect+, written ID:SECRET:REDIRECT_URI; repeat it
    /// for more clients, or more redirect URIs of one client.
    #[arg(long = "client", value_name = "ID:SECRET:URI")]
    clients: Vec<String>,
    /// A sandbox for a partner's integration: ready test identities whose phones answer
    /// login requests by themselves, on a clock that follows real time (README "Sandbox").
    #[arg(long)]
    sandbox: bool,
}

/// Serves until a signal; `Ok(true)` once stopped cleanly. Every failure to start (a bad
/// profile, a store that does not open, an address in use) is an error: exit 2.
pub async fn run(args: ServeArgs) -> anyhow::Result<bool> {
    let policy = match &args.policy {
        None => ReferencePolicy::default(),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read the policy profile {}", path.display()))?;
            ReferencePolicy::parse(&text, &path.display().to_string())
                .map_err(|e| anyhow::anyhow!("bad policy profile: {e}"))?
        }
    };
    if let Some(issuer) = &args.issuer {
        check_issuer(issuer).map_err(|e| anyhow::anyhow!("bad --issuer {issuer:?}: {e}"))?;
    }
    let default_clock = match args.default_clock.as_deref().map(str::trim) {
        Some("") => anyhow::bail!("bad --default-clock: an empty name"),
        other => other.map(ClockId::new),
    };
    let mut clients = vec![Client::franceconnect_plus()];
    for text in &args.clients {
        clients.push(Client::parse(text).map_err(|e| anyhow::anyhow!("bad --client: {e}"))?);
    }
    let clients = merge_clients(clients).map_err(|e| anyhow::anyhow!("bad --client: {e}"))?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr().context("cannot read the address listened on")?;
    let issuer = args.issuer.clone().unwrap_or_else(|| format!("http://{addr}"));
    let config = ReferenceConfig { seed: args.seed, policy, issuer: Some(issuer.clone()), clients };
    let store = match &args.store {
        Some(path) => path.display().to_string(),
        None => "in memory".to_string(),
    };
    let reference = match &args.store {
        Some(path) => Reference::open(path, config, Arc::new(Unrouted)),
        None => Reference::in_memory(config, Arc::new(Unrouted)),
    };
    let reference = Arc::new(reference.with_context(|| format!("cannot open the store {store}"))?);
    println!("idn-sim serve: listening on http://{addr} (store {store}, seed {})", args.seed);
    println!("idn-sim serve: issuer {issuer}");
    println!(
        "idn-sim serve: TEST ONLY: the signing key is derived from the seed, which is public: \
         anyone can sign id_tokens as this issuer"
    );
    for client in &reference.config().clients {
        println!(
            "idn-sim serve: client {} (redirect URIs {})",
            client.id,
            client.redirect_uris.join(", ")
        );
    }
    if args.sandbox {
        return crate::sandbox::run(listener, reference, args.seed, shutdown_signal()).await;
    }
    match &default_clock {
        Some(clock) => println!("idn-sim serve: requests without a test clock use {clock}"),
        None => println!("idn-sim serve: requests without a test clock are refused"),
    }
    std::io::stdout().flush().context("cannot write to stdout")?;
    let options = ServerOptions { default_clock };
    server::serve_with(listener, reference, options, shutdown_signal())
        .await
        .context("the server stopped on an error")?;
    println!("idn-sim serve: stopped");
    Ok(true)
}

/// An issuer is an absolute `http` or `https` URL with a host, and no query or fragment
/// (OpenID Connect Discovery 1.0 §3; the endpoints are paths appended to it).
fn check_issuer(issuer: &str) -> Result<(), String> {
    let rest = issuer
        .strip_prefix("http://")
        .or_else(|| issuer.strip_prefix("https://"))
        .ok_or("expected an http:// or https:// URL")?;
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() || host.starts_with(':') {
        return Err("no host".to_string());
    }
    if issuer.contains(['?', '#']) || issuer.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err("an issuer has no query, fragment or space".to_string());
    }
    Ok(())
}

/// Ctrl-C, or SIGTERM where there is one. A signal handler that cannot be installed never
/// completes: the other one still stops the server.
pub(crate) async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut term) => {
                term.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {}
        () = term => {}
    }
}
