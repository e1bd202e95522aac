//! Breaks SEC-22: userinfo answers with the identity of the last access token it issued on
//! the clock, whichever of its tokens it is given (an unknown token is still refused). One
//! person logged in alone sees nothing wrong; two people logged in one after the other do.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = UserinfoLast { issued: PerClock::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct UserinfoLast {
    /// The access tokens each clock issued, oldest first.
    issued: PerClock<Vec<String>>,
}

impl Defect for UserinfoLast {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            if let Request::UserInfo(op) = &mut request {
                let last = self.issued.with(clock, |issued| {
                    issued.contains(&op.access_token).then(|| issued.last().cloned()).flatten()
                });
                if let Some(last) = last {
                    op.access_token = last;
                }
            }
            let reply = sut.call(clock, request).await;
            if let Ok(Reply::Tokens(tokens)) = &reply {
                self.issued.with(clock, |issued| issued.push(tokens.access_token.clone()));
            }
            reply
        })
    }
}
