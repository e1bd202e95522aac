//! `idn-sim serve`: the reference implementation as an HTTP server, its store on disk.
//!
//! It prints the address it listens on (`listening on http://…`, so that a script can wait
//! for that line), serves until Ctrl-C or SIGTERM, and lets the requests under way finish.
//! What it acknowledged is committed to the store: `serve` again on the same file goes on
//! from there. Over HTTP every test clock names the harness's `outbound_url`; a clock
//! without one has its messages recorded as not taken.

use anyhow::Context;
use idn_reference::server::{self, Unrouted};
use idn_reference::{Reference, ReferenceConfig, ReferencePolicy};
use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;

#[derive(clap::Args)]
pub struct ServeArgs {
    /// The address to listen on (port 0: one the system chooses, printed at start).
    #[arg(long, default_value = "127.0.0.1:8640")]
    addr: String,
    /// The SQLite file of the store, created if missing.
    #[arg(long, value_name = "PATH")]
    store: PathBuf,
    /// The seed of the reference's codes, tokens, ids and signing key.
    #[arg(long, default_value_t = 0)]
    seed: u64,
    /// A policy profile (TOML, see fixtures/policy/default.toml). Default: the defaults.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
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
    let config = ReferenceConfig { seed: args.seed, policy, ..ReferenceConfig::default() };
    let reference = Reference::open(&args.store, config, Arc::new(Unrouted))
        .with_context(|| format!("cannot open the store {}", args.store.display()))?;
    let listener = tokio::net::TcpListener::bind(&args.addr)
        .await
        .with_context(|| format!("cannot listen on {}", args.addr))?;
    let addr = listener.local_addr().context("cannot read the address listened on")?;
    println!(
        "idn-sim serve: listening on http://{addr} (store {}, seed {})",
        args.store.display(),
        args.seed
    );
    std::io::stdout().flush().context("cannot write to stdout")?;
    server::serve(listener, Arc::new(reference), shutdown_signal())
        .await
        .context("the server stopped on an error")?;
    println!("idn-sim serve: stopped");
    Ok(true)
}

/// Ctrl-C, or SIGTERM where there is one. A signal handler that cannot be installed never
/// completes: the other one still stops the server.
async fn shutdown_signal() {
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
