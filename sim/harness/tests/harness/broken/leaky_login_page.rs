//! Breaks SEC-50: the login page says when a number's identity is blocked. The wrapper
//! follows which account each web session is, each account's number, and the blocks made
//! from the Espace Client; an authorization request refused `unknown_login_hint` for a
//! number whose identity is blocked is answered `identity_blocked` instead, telling a
//! caller that the number has an Identité Numérique.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::{
    CallError, Channel, ClockId, IdentityProvider, Outbound, Refusal, RefusalCode, Reply, Request,
};
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = LeakyLoginPage { state: PerClock::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

#[derive(Default)]
struct State {
    /// The e-mail address of each web session.
    sessions: BTreeMap<String, String>,
    /// The mobile number of each account, by e-mail address.
    numbers: BTreeMap<String, String>,
    /// The numbers whose identity is blocked.
    blocked: BTreeSet<String>,
}

struct LeakyLoginPage {
    state: PerClock<State>,
}

impl LeakyLoginPage {
    /// What a successful request says of sessions, numbers and blocks.
    fn learn(&self, clock: &ClockId, request: &Request, reply: &Reply) {
        self.state.with(clock, |s| {
            let number_of = |s: &State, session: &str| {
                s.sessions.get(session).and_then(|email| s.numbers.get(email)).cloned()
            };
            match (request, reply) {
                (Request::AccountStart(op), Reply::AccountStarted(r)) => {
                    s.sessions.insert(r.session.to_string(), op.email.clone());
                }
                (Request::WebLogin(op), Reply::LoggedIn(r)) => {
                    s.sessions.insert(r.session.to_string(), op.email.clone());
                }
                (Request::AccountSetMobile(op), _) => {
                    if let Some(email) = s.sessions.get(op.session.as_str()).cloned() {
                        s.numbers.insert(email, op.phone.to_string());
                    }
                }
                (Request::IdentityBlock(op), _) => {
                    if let Channel::Web { session } = &op.via
                        && let Some(number) = number_of(s, session.as_str())
                    {
                        s.blocked.insert(number);
                    }
                }
                (Request::IdentityUnblock(op), _) => {
                    if let Some(number) = number_of(s, op.session.as_str()) {
                        s.blocked.remove(&number);
                    }
                }
                _ => {}
            }
        });
    }
}

impl Defect for LeakyLoginPage {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            let reply = sut.call(clock, request.clone()).await;
            match (&request, &reply) {
                (_, Ok(ok)) => self.learn(clock, &request, ok),
                (Request::Authorize(op), Err(CallError::Refused(r)))
                    if r.code == RefusalCode::UnknownLoginHint =>
                {
                    let number = op.login_hint.to_string();
                    if self.state.with(clock, |s| s.blocked.contains(&number)) {
                        let message = "Votre Identité Numérique est bloquée.";
                        return Err(Refusal::new(RefusalCode::IdentityBlocked, message).into());
                    }
                }
                _ => {}
            }
            reply
        })
    }
}
