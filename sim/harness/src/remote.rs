//! An implementation over HTTP as a target for the suite: every scenario gets its own
//! client on its own test clock, and the loopback services route what the implementation
//! sends back to that scenario's world.

use crate::loopback::Loopback;
use crate::target::{SutContext, Target};
use idn_contract::client::{ClientOptions, HttpSut};
use idn_contract::{IdentityProvider, Outbound};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// The implementation at `base_url` as a target, after checking that it answers. `run`
/// prefixes every clock, so that two runs against one server never share a clock.
pub async fn http_target(
    base_url: &str,
    run: &str,
    request_timeout: Duration,
    loopback: Arc<Loopback>,
    scenarios_dir: PathBuf,
) -> Result<Target, String> {
    let options = ClientOptions { request_timeout, ..ClientOptions::default() };
    let probe =
        HttpSut::try_new(base_url, options).map_err(|e| format!("--target {base_url}: {e}"))?;
    probe.ready().await.map_err(|e| format!("no implementation answers at {base_url}: {e}"))?;
    let capabilities = probe.capabilities().await.map_err(|e| format!("{base_url}: {e}"))?;
    if !capabilities.test_features.test_clock {
        return Err(format!(
            "{base_url} ({}) does not offer the test clock: the harness cannot drive its time",
            capabilities.implementation.name
        ));
    }
    let one_at_a_time = !capabilities.test_features.concurrent_clocks;
    let outbound_url = Some(loopback.url().to_string());
    // One connection pool for the whole run; each scenario keeps its own history.
    let make_sut = move |cx: SutContext, sink: Arc<dyn Outbound>| -> Arc<dyn IdentityProvider> {
        loopback.register(cx.clock, sink);
        Arc::new(probe.sharing_connections())
    };
    Ok(Target {
        name: format!("{base_url} over HTTP"),
        make_sut: Arc::new(make_sut),
        outbound_url,
        clock_prefix: run.to_string(),
        one_at_a_time,
        capabilities,
        scenarios_dir,
        runtime: None,
    })
}

/// Like [`http_target`], for a caller with no async runtime of its own (the fuzzer): the
/// target is made on a thread of its own, whose runtime keeps serving the loopback
/// services and the connections to the implementation for as long as the process lives
/// ([`Target::runtime`]).
pub fn http_target_on_own_thread(
    base_url: &str,
    run: &str,
    request_timeout: Duration,
    scenarios_dir: PathBuf,
) -> Result<Target, String> {
    let (send, receive) = std::sync::mpsc::channel();
    let (base_url, run) = (base_url.to_string(), run.to_string());
    std::thread::spawn(move || {
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime,
            Err(e) => {
                let _ = send.send(Err(format!("cannot start the async runtime: {e}")));
                return;
            }
        };
        runtime.block_on(async move {
            let loopback = match Loopback::start().await {
                Ok(loopback) => Arc::new(loopback),
                Err(e) => {
                    let _ = send.send(Err(format!("cannot start the loopback services: {e}")));
                    return;
                }
            };
            let made = http_target(&base_url, &run, request_timeout, loopback, scenarios_dir).await;
            let made = made.map(|target| Target {
                runtime: Some(tokio::runtime::Handle::current()),
                ..target
            });
            let failed = made.is_err();
            let _ = send.send(made);
            if !failed {
                std::future::pending::<()>().await;
            }
        });
    });
    receive.recv().map_err(|_| "the HTTP target's thread ended".to_string())?
}
