//! The reference implementation of "L'Identité Numérique La Poste": an identity provider
//! that implements the black-box contract of `idn-contract` in-process, over an embedded
//! SQLite store, with its own code for every rule it enforces (REQUIREMENTS.md: ACC, ELIG,
//! DOC, ENR, VER, AR24, ACT, AUTH, MGT, FRAUD).
//!
//! It is what the harness runs against by default and what a conformant implementation
//! looks like. It is not the oracle: it shares no code with `idn-model` (a suite that
//! imports the code it checks proves nothing), and [`Reference`] itself is no transport
//! (the server below wraps it). It reads time only from the test clock of each call and
//! draws every code, token and id from one ChaCha8 stream seeded by [`ReferenceConfig`],
//! so that one seed and one sequence of calls always give the same answers.
//!
//! [`server::router`] serves it over HTTP (the contract's wire form, `idn_contract::http`),
//! which is what `idn-sim serve` runs.
//!
//! Start reading at [`Reference`] and `dispatch` below, then one module per concept:
//! `account`, `enrolment`, `verification`, `espace_client`, `app`, `login`, `management`;
//! the rules are in `rules`, the French texts in `texts`, the store and a request's context
//! in `store` (schema in `schema.sql`), the seed, issuer and policy profile in `config`.

mod account;
mod app;
mod codes;
mod config;
mod enrolment;
mod espace_client;
mod identity;
mod login;
mod management;
mod rules;
pub mod server;
mod signing;
mod store;
mod texts;
mod verification;

pub use config::{Client, DEFAULT_ISSUER, ReferenceConfig, merge_clients};
/// The reference's policy profile is the contract's: one file, read one way by the
/// harness and by the reference.
pub use idn_contract::policy::Policy as ReferencePolicy;

use async_trait::async_trait;
use idn_contract::{
    AuthRequestId, CallError, ClockId, IdentityProvider, Outbound, Refusal, Reply, Request,
};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use store::{Ctx, Store};

/// Why the reference could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// The SQLite store could not be opened or its schema applied.
    #[error("reference store: {0}")]
    Store(#[from] rusqlite::Error),
}

/// The reference identity provider. Cheap to share behind an `Arc`; calls are serialised
/// by one mutex around the store and the random stream, so that the order of draws is the
/// order of calls.
pub struct Reference {
    config: ReferenceConfig,
    outbound: Arc<dyn Outbound>,
    /// Sends the messages of clocks created with an `outbound_url`.
    http: server::outbound_http::HttpOutbound,
    /// Signs the id_tokens; its public key is the JWKS.
    signer: signing::LazySigner,
    store: Mutex<Store>,
}

impl Reference {
    /// A reference whose store lives in memory and ends with it.
    pub fn in_memory(
        config: ReferenceConfig,
        outbound: Arc<dyn Outbound>,
    ) -> Result<Self, ReferenceError> {
        let store = Store::in_memory(config.seed)?;
        Ok(Self::with_store(config, outbound, store))
    }

    /// A reference whose store is the SQLite file at `path` (created if missing): what was
    /// acknowledged survives a restart.
    pub fn open(
        path: &Path,
        config: ReferenceConfig,
        outbound: Arc<dyn Outbound>,
    ) -> Result<Self, ReferenceError> {
        let store = Store::open_file(path, config.seed)?;
        Ok(Self::with_store(config, outbound, store))
    }

    fn with_store(config: ReferenceConfig, outbound: Arc<dyn Outbound>, store: Store) -> Self {
        let http = server::outbound_http::HttpOutbound::default();
        let signer = signing::LazySigner::new(config.seed);
        Self { config, outbound, http, signer, store: Mutex::new(store) }
    }

    /// How the reference was set up.
    pub fn config(&self) -> &ReferenceConfig {
        &self.config
    }

    /// Handles one request to the end on the calling thread, which it may block: the
    /// messages of a clock created with an `outbound_url` are POSTed over HTTP before the
    /// reply (each with a bounded wait). The server calls it from a blocking task
    /// (`tokio::task::spawn_blocking`); in-process, `IdentityProvider::handle` is the way.
    pub fn handle_blocking(&self, clock: &ClockId, request: Request) -> Result<Reply, Refusal> {
        self.handle_now(clock, request, None)
    }

    /// [`Reference::handle_blocking`] for a request that reached a server at `served_at`
    /// (`http://host:port`): the issuer when the configuration names none
    /// ([`ReferenceConfig::issuer`]).
    pub fn handle_served(
        &self,
        clock: &ClockId,
        request: Request,
        served_at: &str,
    ) -> Result<Reply, Refusal> {
        self.handle_now(clock, request, Some(served_at))
    }

    /// What a browser's front channel needs of an authorization request beyond its
    /// `AuthorizationPoll`: the redirect URI and the state it was made with, read in the
    /// same transaction as the status.
    pub(crate) fn front_channel_poll(
        &self,
        clock: &ClockId,
        request: AuthRequestId,
    ) -> Result<login::FrontChannel, Refusal> {
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let config = &self.config;
        let issuer = config.issuer_for(None);
        store.run(clock.as_str(), config, issuer, |cx| login::front_channel(cx, request)).0
    }

    /// Handles one request to the end: the store work, then the messages it sends.
    ///
    /// Messages go out after the commit and before the reply, in the order the request
    /// queued them, while the mutex is held (so that two calls never interleave their
    /// messages). A message the outside world does not take is recorded in the store's
    /// outbox and the request still succeeds: delivery is the world's business (a lost SMS
    /// is a case the simulator models), and the person can ask again. Where they go is the
    /// clock's choice: its `outbound_url` over HTTP, or the `Outbound` the reference was
    /// built with.
    fn handle_now(
        &self,
        clock: &ClockId,
        request: Request,
        served_at: Option<&str>,
    ) -> Result<Reply, Refusal> {
        // A panic inside a request drops its transaction (rolled back), so the store is
        // consistent even if the mutex is poisoned.
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let issuer = self.config.issuer_for(served_at);
        let (result, queued) = match request {
            Request::TestClockCreate(op) => {
                (store.clock_create(clock.as_str(), &op).map(Reply::from), Vec::new())
            }
            Request::TestClockAdvance(op) => {
                (store.clock_advance(clock.as_str(), &op).map(Reply::from), Vec::new())
            }
            // The OpenID Connect documents hold no state of any namespace.
            Request::OidcDiscovery(_) => (Ok(signing::discovery(issuer).into()), Vec::new()),
            Request::OidcJwks(_) => (Ok(self.signer.get().jwks().into()), Vec::new()),
            other => {
                let (config, signer) = (&self.config, &self.signer);
                store.run(clock.as_str(), config, issuer, |cx| dispatch(cx, other, signer))
            }
        };
        let url = if queued.is_empty() { None } else { store.clock_outbound_url(clock.as_str()) };
        for (outbox_id, message) in queued {
            let sent = match &url {
                Some(url) => self.http.send(url, clock, &message),
                None => self.outbound.send(clock, message),
            };
            let delivery = match sent {
                Ok(()) => "taken".to_string(),
                Err(error) => format!("refused: {error}"),
            };
            store.record_delivery(outbox_id, &delivery);
        }
        result
    }
}

/// The maker the world's `World::start` takes: an in-memory reference on `seed` with the
/// default policy and issuer, sending through the world's outbound side.
pub fn embedded(seed: u64) -> impl FnOnce(Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    embedded_with(ReferenceConfig { seed, ..ReferenceConfig::default() })
}

/// Like [`embedded`], with a whole configuration (a policy profile, another issuer).
pub fn embedded_with(
    config: ReferenceConfig,
) -> impl FnOnce(Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    move |outbound| {
        // Opening an in-memory SQLite store and applying the schema cannot fail but for a bug.
        Arc::new(Reference::in_memory(config, outbound).expect("an in-memory SQLite store opens"))
    }
}

#[async_trait]
impl IdentityProvider for Reference {
    /// The store work is synchronous SQLite: in-process it takes microseconds, so it runs on
    /// the caller's task rather than on a blocking pool. A clock created with an
    /// `outbound_url` sends over HTTP and blocks the caller's thread while it does (up to
    /// `server::SEND_TIMEOUT` a message): the server calls [`Reference::handle_blocking`]
    /// on a blocking task instead.
    async fn handle(&self, clock: &ClockId, request: Request) -> Result<Reply, CallError> {
        self.handle_now(clock, request, None).map_err(CallError::Refused)
    }
}

/// One request to its handler, on a clock that exists.
fn dispatch(
    cx: &mut Ctx<'_>,
    request: Request,
    signer: &signing::LazySigner,
) -> Result<Reply, Refusal> {
    use Request as R;
    match request {
        R::TestClockCreate(_) | R::TestClockAdvance(_) => {
            unreachable!("the test clock is handled before a request context exists")
        }
        R::OidcDiscovery(_) | R::OidcJwks(_) => {
            unreachable!("the OpenID Connect documents are served before a request context exists")
        }
        R::AccountStart(op) => account::start(cx, op).map(Reply::from),
        R::AccountConfirmEmail(op) => account::confirm_email(cx, op).map(Reply::from),
        R::AccountResendEmailCode(op) => account::resend_email_code(cx, op).map(Reply::from),
        R::AccountSetPassword(op) => account::set_password(cx, op).map(Reply::from),
        R::AccountSetMobile(op) => account::set_mobile(cx, op).map(Reply::from),
        R::AccountResendSms(op) => account::resend_sms(cx, op).map(Reply::from),
        R::AccountConfirmMobile(op) => account::confirm_mobile(cx, op).map(Reply::from),
        R::AccountSetNames(op) => account::set_names(cx, op).map(Reply::from),
        R::AccountAcceptCgu(op) => account::accept_cgu(cx, op).map(Reply::from),
        R::WebLogin(op) => account::web_login(cx, op).map(Reply::from),
        R::PasswordResetRequest(op) => account::reset_request(cx, op).map(Reply::from),
        R::PasswordResetComplete(op) => account::reset_complete(cx, op).map(Reply::from),
        R::EnrolmentDeclareDocument(op) => enrolment::declare_document(cx, op).map(Reply::from),
        R::EnrolmentSubmitIdentity(op) => enrolment::submit_identity(cx, op).map(Reply::from),
        R::EnrolmentConfirmIdentity(op) => enrolment::confirm_identity(cx, op).map(Reply::from),
        R::CounterEnrolment(op) => enrolment::counter(cx, op).map(Reply::from),
        R::EspaceClientStatus(op) => espace_client::status(cx, op).map(Reply::from),
        R::VerificationChoose(op) => verification::choose(cx, op).map(Reply::from),
        R::AgentCheck(op) => verification::agent_check(cx, op).map(Reply::from),
        R::AppointmentMissed(op) => verification::appointment_missed(cx, op).map(Reply::from),
        R::Ar24Callback(op) => verification::ar24_callback(cx, op).map(Reply::from),
        R::AppStart(op) => app::start(cx, op).map(Reply::from),
        R::AppNewNumber(op) => app::new_number(cx, op).map(Reply::from),
        R::AppConfirmSms(op) => app::confirm_sms(cx, op).map(Reply::from),
        R::AppConfirmEmail(op) => app::confirm_email(cx, op).map(Reply::from),
        R::AppDocumentSuffix(op) => app::document_suffix(cx, op).map(Reply::from),
        R::AppSetPin(op) => app::set_pin(cx, op).map(Reply::from),
        R::AppPendingRequests(op) => login::pending(cx, op).map(Reply::from),
        R::AppApprove(op) => login::approve(cx, op).map(Reply::from),
        R::AppRefuse(op) => login::refuse(cx, op).map(Reply::from),
        R::Authorize(op) => login::authorize(cx, op).map(Reply::from),
        R::AuthorizationPoll(op) => login::poll(cx, op).map(Reply::from),
        R::AuthorizationCancel(op) => login::cancel(cx, op).map(Reply::from),
        R::Token(op) => login::token(cx, op, signer.get()).map(Reply::from),
        R::UserInfo(op) => login::user_info(cx, op).map(Reply::from),
        R::IdentityBlock(op) => management::block(cx, op).map(Reply::from),
        R::IdentityUnblock(op) => management::unblock(cx, op).map(Reply::from),
        R::IdentityDelete(op) => management::delete(cx, op).map(Reply::from),
        R::SupportDelete(op) => management::support_delete(cx, op).map(Reply::from),
        R::PhoneChangeStart(op) => management::phone_change_start(cx, op).map(Reply::from),
        R::PhoneChangeConfirm(op) => management::phone_change_confirm(cx, op).map(Reply::from),
        R::PasswordChange(op) => management::password_change(cx, op).map(Reply::from),
    }
}
