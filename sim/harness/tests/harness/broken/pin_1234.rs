//! Breaks ACT-03: "1234" is taken as a secret code. The wrapper turns it, consistently, into
//! a valid code nobody chose (when the code is set, on activation or on a change, and when
//! a login is approved), so the reference accepts it and the user can log in with it.

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

/// What "1234" silently becomes: 4 digits that are neither a run nor repeated.
const STANDS_FOR: &str = "4719";

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), Pin1234)
}

struct Pin1234;

fn translate(pin: &mut String) {
    if pin == "1234" {
        *pin = STANDS_FOR.to_string();
    }
}

impl Defect for Pin1234 {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        match &mut request {
            Request::AppSetPin(op) => translate(&mut op.pin),
            Request::AppApprove(op) => translate(&mut op.pin),
            _ => {}
        }
        Box::pin(sut.call(clock, request))
    }
}
