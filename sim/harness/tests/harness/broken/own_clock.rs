//! Breaks SEC-14: the id_token is dated by the implementation's own clock, not by the test
//! clock of the request: here a clock five years behind, as a server in production would
//! date a token the test clock puts in 2031. The token is still unexpired for the relying
//! party (its `exp` is the reference's); only its `iat` is wrong.

use super::resign::Resigner;
use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

/// How far behind the test clock the broken implementation's own clock is.
const BEHIND_S: i64 = 5 * 365 * 24 * 3600;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = OwnClock { keys: Resigner::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct OwnClock {
    keys: Resigner,
}

impl Defect for OwnClock {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            let reply = sut.call(clock, request).await;
            self.keys.rewrite(reply, |claims| claims.iat -= BEHIND_S)
        })
    }
}
