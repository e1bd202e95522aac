//! What the suite and the fuzzer drive: a [`Target`], the implementation under test with
//! how to reach it (in-process or over HTTP), what it claims, and how each scenario or
//! fuzzing case gets its own instance on its own test clock. Below both, so that neither
//! needs the other to name what it runs against.

use idn_contract::{IdentityProvider, Outbound};
use std::path::PathBuf;
use std::sync::Arc;

/// What the SUT of one scenario is built for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SutContext {
    /// The scenario's seed (an in-process SUT seeds its own generator with it).
    pub seed: u64,
    /// The test clock, and namespace, the scenario runs on.
    pub clock: idn_contract::ClockId,
}

/// Builds the SUT for a scenario, given the world's outbound side.
pub type SutMaker =
    Arc<dyn Fn(SutContext, Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> + Send + Sync>;

/// What a scenario runs against, given by the runner before the scenario starts.
#[derive(Clone)]
pub struct Target {
    pub name: String,
    pub make_sut: SutMaker,
    /// Over HTTP, where the SUT posts its outbound messages (the loopback services);
    /// `None` in-process.
    pub outbound_url: Option<String>,
    /// Prefixed to every clock of the run (see `WorldConfig::clock_prefix`).
    pub clock_prefix: String,
    /// The implementation asked for its scenarios to run one at a time (its capability
    /// document does not claim concurrent clocks).
    pub one_at_a_time: bool,
    /// What the implementation claims (modes, channels): scenarios that need more are not
    /// applicable.
    pub capabilities: idn_contract::capabilities::Capabilities,
    /// The folder of the named world set-ups.
    pub scenarios_dir: PathBuf,
    /// The runtime the target's connections live on, when it has one that outlives the
    /// caller's (an HTTP target made on its own thread): the fuzzer plays its cases on it,
    /// from every thread, so that a connection pooled by one case is alive for the next.
    pub runtime: Option<tokio::runtime::Handle>,
}

impl Target {
    /// The embedded reference, in-process, built by `make` for each scenario.
    pub fn in_process(
        name: &str,
        make: impl Fn(u64, Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> + Send + Sync + 'static,
        scenarios_dir: PathBuf,
    ) -> Target {
        Target {
            name: name.to_string(),
            make_sut: Arc::new(move |cx: SutContext, outbound| make(cx.seed, outbound)),
            outbound_url: None,
            clock_prefix: String::new(),
            one_at_a_time: false,
            capabilities: idn_contract::capabilities::Capabilities::everything(
                name,
                env!("CARGO_PKG_VERSION"),
            ),
            scenarios_dir,
            runtime: None,
        }
    }
}
