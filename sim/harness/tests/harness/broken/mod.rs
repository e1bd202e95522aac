//! Deliberately broken implementations (issue 6, part 5): the embedded reference behind a
//! wrapper that breaks exactly one rule, so that the fuzzer (and the suite) can be shown to
//! catch each one. Test code only: the reference's normal path never sees them.
//!
//! Each wrapper sits on both sides of the reference: it sees every request and reply (and
//! may alter them or make extra calls), and the reference sends through a [`Tap`] that
//! records what each clock was sent and can hold a clock's messages back (so that a call
//! the wrapper makes on its own is invisible to the world).
//!
//! The tests at the bottom prove each defect real without the fuzzer: the Gherkin
//! scenarios of its rule pass against the reference and fail against the broken target.

mod acr_raised;
mod any_secret;
mod approves_latest;
mod ar24_expiry;
mod blocked_login;
mod code_twice;
mod discovery_elsewhere;
mod leaky_login_page;
mod new_sub;
mod nonce_last;
mod old_phone;
mod own_clock;
mod pin_1234;
mod pkce_ignored;
mod pkce_optional;
mod redirect_prefix;
mod refused_approvable;
mod resign;
mod sms_no_expiry;
mod unsigned_token;
mod userinfo_last;

use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, OutboundError};
use idn_contract::{OutboundMessage, Reply, Request};
use idn_harness::target::Target;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::sync::{Arc, Mutex, PoisonError};

/// A deliberately broken implementation and the requirements it breaks.
pub struct Broken {
    /// What is wrong with it, e.g. "accepts 1234 as a secret code".
    pub name: &'static str,
    /// The ids of the requirements it breaks, e.g. `&["ACT-03"]`.
    pub requirements: &'static [&'static str],
    /// The broken implementation, in-process, one per scenario or case.
    pub target: Target,
}

/// Every broken implementation, in a fixed order.
pub fn all() -> Vec<Broken> {
    vec![
        Broken {
            name: "accepts 1234 as a secret code",
            requirements: &["ACT-03"],
            target: target("broken: accepts 1234 as a secret code", pin_1234::make),
        },
        Broken {
            name: "keeps the old smartphone active after a new activation",
            requirements: &["MGT-08"],
            target: target("broken: keeps the old smartphone active", old_phone::make),
        },
        Broken {
            name: "lets a blocked identity log in",
            requirements: &["MGT-05", "AUTH-08"],
            target: target("broken: lets a blocked identity log in", blocked_login::make),
        },
        Broken {
            name: "lets the AR24 letter be used after its 15 days",
            requirements: &["AR24-04"],
            target: target("broken: the AR24 letter never expires", ar24_expiry::make),
        },
        Broken {
            name: "does not expire an SMS code",
            requirements: &["ACC-08"],
            target: target("broken: SMS codes never expire", sms_no_expiry::make),
        },
        Broken {
            name: "does not rate-limit login requests (policy: a million an hour)",
            requirements: &["FRAUD-03"],
            target: with_policy("broken: no rate limit on login requests", |p| {
                p.auth_requests_per_hour = 1_000_000;
            }),
        },
        Broken {
            name: "never locks the secret code (policy: a million attempts)",
            requirements: &["AUTH-05"],
            target: with_policy("broken: the secret code never locks", |p| {
                p.pin_max_attempts = 1_000_000;
            }),
        },
    ]
}

/// The broken implementations of the security profile (SECURITY.md), one rule each, in a
/// fixed order. Only the suite is proven on them: the fuzzer's journeys do not probe the
/// OpenID Connect flow.
pub fn security() -> Vec<Broken> {
    let broken = |name, requirements, make| Broken {
        name,
        requirements,
        target: target(&format!("broken: {name}"), make),
    };
    vec![
        broken("takes an authorization request without PKCE", &["SEC-01"], pkce_optional::make),
        broken("ignores the PKCE verifier", &["SEC-02"], pkce_ignored::make),
        broken("accepts any client secret", &["SEC-03"], any_secret::make),
        broken("compares the redirect URI as a prefix", &["SEC-05"], redirect_prefix::make),
        broken("lets a code be exchanged twice", &["SEC-06"], code_twice::make),
        broken("puts the nonce of the last request in the id_token", &["SEC-10"], nonce_last::make),
        broken("claims acr eidas2 for an eidas1 login", &["SEC-11"], acr_raised::make),
        broken("gives a new sub after a change of secret code", &["SEC-12"], new_sub::make),
        broken("dates its id_tokens by its own clock", &["SEC-14"], own_clock::make),
        broken("signs no id_token (alg none)", &["SEC-15"], unsigned_token::make),
        broken("answers userinfo with the last token's identity", &["SEC-22"], userinfo_last::make),
        broken("approves the most recent pending request", &["SEC-40"], approves_latest::make),
        broken("lets a refused request be approved", &["SEC-41"], refused_approvable::make),
        broken(
            "publishes a token endpoint on another host",
            &["SEC-31"],
            discovery_elsewhere::make,
        ),
        broken("tells the login page an identity is blocked", &["SEC-50"], leaky_login_page::make),
    ]
}

/// The repository's root.
fn root() -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    root.canonicalize().unwrap_or(root)
}

/// An in-process target whose implementation `make` builds around the reference.
fn target(name: &str, make: fn(u64, Arc<dyn Outbound>) -> Arc<dyn IdentityProvider>) -> Target {
    Target::in_process(name, make, root().join("scenarios"))
}

/// The reference itself under a policy the default profile forbids.
fn with_policy(name: &str, change: fn(&mut idn_reference::ReferencePolicy)) -> Target {
    let make = move |seed, outbound| {
        let mut config = idn_reference::ReferenceConfig { seed, ..Default::default() };
        change(&mut config.policy);
        idn_reference::embedded_with(config)(outbound)
    };
    Target::in_process(name, make, root().join("scenarios"))
}

/// The reference target the tests compare with.
fn reference() -> Target {
    Target::in_process(
        "embedded reference",
        |seed, outbound| idn_reference::embedded(seed)(outbound),
        root().join("scenarios"),
    )
}

// ---- The plumbing every defect shares ------------------------------------------------------

/// A boxed future, as `IdentityProvider::handle` returns one.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// Turns one message the reference sends into the messages that reach the world.
pub type Rewrite = Box<dyn Fn(&ClockId, OutboundMessage) -> Vec<OutboundMessage> + Send + Sync>;

/// The reference's outbound side: records what each clock was sent and holds back the
/// messages of a clock while it is muted.
pub struct Tap {
    world: Arc<dyn Outbound>,
    rewrite: Option<Rewrite>,
    state: Mutex<TapState>,
}

#[derive(Default)]
struct TapState {
    sent: BTreeMap<String, Vec<OutboundMessage>>,
    muted: BTreeSet<String>,
}

impl Tap {
    pub fn new(world: Arc<dyn Outbound>, rewrite: Option<Rewrite>) -> Arc<Self> {
        Arc::new(Self { world, rewrite, state: Mutex::default() })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, TapState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn count(&self, clock: &ClockId) -> usize {
        self.state().sent.get(clock.as_str()).map_or(0, Vec::len)
    }

    fn since(&self, clock: &ClockId, from: usize) -> Vec<OutboundMessage> {
        self.state().sent.get(clock.as_str()).map_or_else(Vec::new, |s| s[from..].to_vec())
    }
}

impl Outbound for Tap {
    fn send(&self, clock: &ClockId, message: OutboundMessage) -> Result<(), OutboundError> {
        let muted = {
            let mut state = self.state();
            state.sent.entry(clock.as_str().to_string()).or_default().push(message.clone());
            state.muted.contains(clock.as_str())
        };
        if muted {
            return Ok(());
        }
        let messages = match &self.rewrite {
            Some(rewrite) => rewrite(clock, message),
            None => vec![message],
        };
        messages.into_iter().try_for_each(|m| self.world.send(clock, m))
    }
}

/// The reference behind a broken implementation, and its tap.
pub struct Sut {
    reference: Arc<dyn IdentityProvider>,
    tap: Arc<Tap>,
}

impl Sut {
    /// A fresh in-memory reference on `seed` sending through `tap`.
    pub fn new(seed: u64, tap: Arc<Tap>) -> Self {
        let reference = idn_reference::embedded(seed)(tap.clone());
        Self { reference, tap }
    }

    /// Passes a request to the reference.
    pub async fn call(&self, clock: &ClockId, request: Request) -> Result<Reply, CallError> {
        self.reference.handle(clock, request).await
    }

    /// Passes a request to the reference and returns what it sent the world meanwhile.
    pub async fn watched(
        &self,
        clock: &ClockId,
        request: Request,
    ) -> (Result<Reply, CallError>, Vec<OutboundMessage>) {
        let from = self.tap.count(clock);
        let reply = self.call(clock, request).await;
        (reply, self.tap.since(clock, from))
    }

    /// A call of the wrapper's own: what the reference sends meanwhile is held back from
    /// the world, and returned.
    pub async fn quiet(
        &self,
        clock: &ClockId,
        request: Request,
    ) -> (Result<Reply, CallError>, Vec<OutboundMessage>) {
        self.tap.state().muted.insert(clock.as_str().to_string());
        let out = self.watched(clock, request).await;
        self.tap.state().muted.remove(clock.as_str());
        out
    }
}

/// The first code a person would read in the SMS among `messages`.
pub fn sms_code(messages: &[OutboundMessage]) -> Option<String> {
    messages.iter().find_map(|m| match m {
        OutboundMessage::Sms(sms) => idn_contract::outbound::reading::read_code(&sms.text),
        _ => None,
    })
}

/// The first code a person would read in an e-mail among `messages`.
pub fn email_code(messages: &[OutboundMessage]) -> Option<String> {
    messages.iter().find_map(|m| match m {
        OutboundMessage::Email(e) => idn_contract::outbound::reading::read_code(&e.body),
        _ => None,
    })
}

/// Whether a call was refused with `code`.
pub fn refused(result: &Result<Reply, CallError>, code: idn_contract::RefusalCode) -> bool {
    matches!(result, Err(e) if e.refusal_code() == Some(code))
}

/// What a broken implementation does with each request, given the reference behind it.
pub trait Defect: Send + Sync + 'static {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>>;
}

/// A defect around the reference: the implementation a target builds.
pub struct Wrapped<D> {
    sut: Sut,
    defect: D,
}

impl<D: Defect> Wrapped<D> {
    pub fn boxed(sut: Sut, defect: D) -> Arc<dyn IdentityProvider> {
        Arc::new(Self { sut, defect })
    }
}

// `IdentityProvider` is declared with `async_trait`; this is its expanded signature.
impl<D: Defect> IdentityProvider for Wrapped<D> {
    fn handle<'life0, 'life1, 'async_trait>(
        &'life0 self,
        clock: &'life1 ClockId,
        request: Request,
    ) -> BoxFuture<'async_trait, Result<Reply, CallError>>
    where
        'life0: 'async_trait,
        'life1: 'async_trait,
        Self: 'async_trait,
    {
        self.defect.handle(&self.sut, clock, request)
    }
}

/// State a defect keeps per clock (each clock is a namespace of its own).
pub struct PerClock<S>(Mutex<BTreeMap<String, S>>);

impl<S: Default> PerClock<S> {
    pub fn new() -> Self {
        Self(Mutex::new(BTreeMap::new()))
    }

    /// Runs `f` on the clock's state; never held across an await.
    pub fn with<R>(&self, clock: &ClockId, f: impl FnOnce(&mut S) -> R) -> R {
        let mut map = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        f(map.entry(clock.as_str().to_string()).or_default())
    }
}

impl<S: Default> Default for PerClock<S> {
    fn default() -> Self {
        Self::new()
    }
}

// ---- Each defect is real: its rule's scenarios catch it --------------------------------------

mod tests;
