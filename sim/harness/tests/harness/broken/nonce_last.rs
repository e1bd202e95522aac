//! Breaks SEC-10: the id_token carries the nonce of the last authorization request the
//! implementation saw, not of the one it answers. With one login at a time nobody can
//! tell; with two in flight, the first one's token has the second one's nonce.

use super::resign::Resigner;
use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = NonceLast { last: PerClock::new(), keys: Resigner::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct NonceLast {
    /// The nonce of the last authorization request, per clock.
    last: PerClock<Option<String>>,
    keys: Resigner,
}

impl Defect for NonceLast {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            if let Request::Authorize(op) = &request {
                let nonce = op.nonce.clone();
                self.last.with(clock, |last| *last = Some(nonce));
            }
            let reply = sut.call(clock, request).await;
            let last = self.last.with(clock, |last| last.clone());
            self.keys.rewrite(reply, |claims| {
                if let Some(nonce) = last {
                    claims.nonce = nonce;
                }
            })
        })
    }
}
