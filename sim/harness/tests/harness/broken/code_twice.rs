//! Breaks SEC-06: an authorization code can be exchanged twice. The wrapper keeps the
//! tokens each code gave and hands them out again for the same code, without the reference
//! ever seeing the second exchange (so nothing is revoked either).

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::login::Tokens;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::collections::BTreeMap;
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = CodeTwice { given: PerClock::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct CodeTwice {
    /// The tokens each code gave, by code.
    given: PerClock<BTreeMap<String, Tokens>>,
}

impl Defect for CodeTwice {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            let Request::Token(op) = &request else { return sut.call(clock, request).await };
            let code = op.code.clone();
            if let Some(tokens) = self.given.with(clock, |given| given.get(&code).cloned()) {
                return Ok(Reply::Tokens(tokens));
            }
            let reply = sut.call(clock, request).await;
            if let Ok(Reply::Tokens(tokens)) = &reply {
                self.given.with(clock, |given| given.insert(code, tokens.clone()));
            }
            reply
        })
    }
}
