//! The reference implementation of "L'Identité Numérique La Poste": an identity provider
//! that implements the black-box contract of `idn-contract` in-process, over an embedded
//! SQLite store, with its own code for every rule it enforces (REQUIREMENTS.md: ACC, ELIG,
//! DOC, ENR, VER, AR24, ACT, AUTH, MGT, FRAUD).
//!
//! It is what the harness runs against by default and what a conformant implementation
//! looks like. It is not the oracle: it shares no code with `idn-model` (a suite that
//! imports the code it checks proves nothing), and it is not a transport (an HTTP server
//! can wrap [`Reference`] later). It reads time only from the test clock of each call and
//! draws every code, token and id from one ChaCha8 stream seeded by [`ReferenceConfig`],
//! so that one seed and one sequence of calls always give the same answers.
//!
//! Start reading at [`Reference`] and `dispatch` below, then one module per concept:
//! `account`, `enrolment`, `verification`, `app`, `login`, `management`; the rules are in
//! `rules`, the French texts in `texts`, the store and a request's context in `store`
//! (schema in `schema.sql`).

mod account;
mod app;
mod codes;
mod enrolment;
mod identity;
mod login;
mod management;
mod policy;
mod rules;
mod store;
mod texts;
mod verification;

pub use policy::{ReferenceConfig, ReferencePolicy};

use async_trait::async_trait;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Refusal, Reply, Request};
use std::path::Path;
use std::sync::{Arc, Mutex, PoisonError};
use store::{Ctx, Store};

/// Why the reference could not start.
#[derive(Debug, thiserror::Error)]
pub enum ReferenceError {
    /// The SQLite store could not be opened or its schema applied.
    #[error("reference store: {0}")]
    Store(#[from] rusqlite::Error),
    /// A policy profile has an unknown key or a bad value.
    #[error("policy profile, line {line}, key `{key}`: {detail}")]
    Policy { line: usize, key: String, detail: String },
}

/// The reference identity provider. Cheap to share behind an `Arc`; calls are serialised
/// by one mutex around the store and the random stream, so that the order of draws is the
/// order of calls.
pub struct Reference {
    config: ReferenceConfig,
    outbound: Arc<dyn Outbound>,
    store: Mutex<Store>,
}

impl Reference {
    /// A reference whose store lives in memory and ends with it.
    pub fn in_memory(
        config: ReferenceConfig,
        outbound: Arc<dyn Outbound>,
    ) -> Result<Self, ReferenceError> {
        let store = Store::in_memory(config.seed)?;
        Ok(Self { config, outbound, store: Mutex::new(store) })
    }

    /// A reference whose store is the SQLite file at `path` (created if missing): what was
    /// acknowledged survives a restart.
    pub fn open(
        path: &Path,
        config: ReferenceConfig,
        outbound: Arc<dyn Outbound>,
    ) -> Result<Self, ReferenceError> {
        let store = Store::open_file(path, config.seed)?;
        Ok(Self { config, outbound, store: Mutex::new(store) })
    }

    /// Handles one request to the end: the store work, then the messages it sends.
    ///
    /// Messages go out after the commit and before the reply, in the order the request
    /// queued them, while the mutex is held (so that two calls never interleave their
    /// messages). A message the outside world does not take is recorded in the store's
    /// outbox and the request still succeeds: delivery is the world's business (a lost SMS
    /// is a case the simulator models), and the person can ask again.
    fn handle_now(&self, clock: &ClockId, request: Request) -> Result<Reply, Refusal> {
        // A panic inside a request drops its transaction (rolled back), so the store is
        // consistent even if the mutex is poisoned.
        let mut store = self.store.lock().unwrap_or_else(PoisonError::into_inner);
        let (result, queued) = match request {
            Request::TestClockCreate(op) => {
                (store.clock_create(clock.as_str(), &op).map(Reply::from), Vec::new())
            }
            Request::TestClockAdvance(op) => {
                (store.clock_advance(clock.as_str(), &op).map(Reply::from), Vec::new())
            }
            other => {
                let config = &self.config;
                store.run(clock.as_str(), &config.policy, &config.issuer, |cx| dispatch(cx, other))
            }
        };
        for (outbox_id, message) in queued {
            let delivery = match self.outbound.send(clock, message) {
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
    /// the caller's task rather than on a blocking pool.
    async fn handle(&self, clock: &ClockId, request: Request) -> Result<Reply, CallError> {
        self.handle_now(clock, request).map_err(CallError::Refused)
    }
}

/// One request to its handler, on a clock that exists.
fn dispatch(cx: &mut Ctx<'_>, request: Request) -> Result<Reply, Refusal> {
    use Request as R;
    match request {
        R::TestClockCreate(_) | R::TestClockAdvance(_) => {
            unreachable!("the test clock is handled before a request context exists")
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
        R::EspaceClientStatus(op) => enrolment::status(cx, op).map(Reply::from),
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
        R::Token(op) => login::token(cx, op).map(Reply::from),
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
