//! Breaks MGT-05 / AUTH-08: a blocked identity can still log in. Blocking works as it
//! should everywhere else (the Espace Client shows it, unblocking needs the last 4
//! characters, the app may still be activated on a new smartphone), but the login path
//! forgets to check it: around every login request (the authorization, the app's pending
//! requests, its approval or refusal, the poll, the token and userinfo) the wrapper lifts
//! the blocks it knows of in the reference, then puts them back.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::management::{IdentityBlock, IdentityUnblock};
use idn_contract::{
    CallError, Channel, ClockId, IdentityProvider, Outbound, Reply, Request, SessionToken,
};
use std::sync::Arc;

#[derive(Default)]
struct State {
    /// Every web session seen, oldest first.
    sessions: Vec<SessionToken>,
    /// The blocks in force: a session of the identity's account and its document suffix.
    blocks: Vec<(SessionToken, String)>,
}

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let sut = Sut::new(seed, Tap::new(outbound, None));
    Wrapped::boxed(sut, BlockedLogin { state: PerClock::new() })
}

struct BlockedLogin {
    state: PerClock<State>,
}

fn is_login(request: &Request) -> bool {
    matches!(
        request,
        Request::Authorize(_)
            | Request::AuthorizationPoll(_)
            | Request::AuthorizationCancel(_)
            | Request::AppPendingRequests(_)
            | Request::AppApprove(_)
            | Request::AppRefuse(_)
            | Request::Token(_)
            | Request::UserInfo(_)
    )
}

fn unblock(session: &SessionToken, suffix: &str) -> Request {
    IdentityUnblock { session: session.clone(), document_suffix: suffix.to_string() }.into()
}

fn block(session: &SessionToken, suffix: &str) -> Request {
    let via = Channel::Web { session: session.clone() };
    IdentityBlock { via, document_suffix: suffix.to_string() }.into()
}

impl BlockedLogin {
    fn saw_session(&self, clock: &ClockId, session: &SessionToken) {
        self.state.with(clock, |s| {
            if !s.sessions.contains(session) {
                s.sessions.push(session.clone());
            }
        });
    }

    /// A block made from the app: finds a session of the same account (the one whose
    /// unblock with this suffix succeeds), and blocks again at once.
    async fn session_for_app_block(&self, sut: &Sut, clock: &ClockId, suffix: &str) {
        let sessions = self.state.with(clock, |s| s.sessions.clone());
        for session in sessions.iter().rev() {
            if sut.quiet(clock, unblock(session, suffix)).await.0.is_ok() {
                let _ = sut.quiet(clock, block(session, suffix)).await;
                self.state.with(clock, |s| s.blocks.push((session.clone(), suffix.to_string())));
                return;
            }
        }
    }

    /// The request with every known block lifted for its duration.
    async fn unchecked(
        &self,
        sut: &Sut,
        clock: &ClockId,
        request: Request,
    ) -> Result<Reply, CallError> {
        let blocks = self.state.with(clock, |s| s.blocks.clone());
        let mut lifted = Vec::new();
        for (session, suffix) in blocks {
            if sut.quiet(clock, unblock(&session, &suffix)).await.0.is_ok() {
                lifted.push((session, suffix));
            }
        }
        let reply = sut.call(clock, request).await;
        for (session, suffix) in lifted {
            let _ = sut.quiet(clock, block(&session, &suffix)).await;
        }
        reply
    }
}

impl Defect for BlockedLogin {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            if is_login(&request) {
                return self.unchecked(sut, clock, request).await;
            }
            let reply = sut.call(clock, request.clone()).await;
            match (&request, &reply) {
                (_, Ok(Reply::AccountStarted(r))) => self.saw_session(clock, &r.session),
                (_, Ok(Reply::LoggedIn(r))) => self.saw_session(clock, &r.session),
                (Request::IdentityBlock(op), Ok(_)) => match &op.via {
                    Channel::Web { session } => {
                        self.saw_session(clock, session);
                        let entry = (session.clone(), op.document_suffix.clone());
                        self.state.with(clock, |s| s.blocks.push(entry));
                    }
                    Channel::App { .. } => {
                        self.session_for_app_block(sut, clock, &op.document_suffix).await;
                    }
                },
                (Request::IdentityUnblock(op), Ok(_)) => self.state.with(clock, |s| {
                    s.blocks.retain(|(session, suffix)| {
                        *session != op.session && *suffix != op.document_suffix
                    });
                }),
                _ => {}
            }
            reply
        })
    }
}
