//! Breaks SEC-03: the token endpoint accepts any client secret for FranceConnect+'s client
//! id (the wrapper puts the registered secret in every token request).

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::login::{FRANCECONNECT_CLIENT_ID, FRANCECONNECT_CLIENT_SECRET};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), AnySecret)
}

struct AnySecret;

impl Defect for AnySecret {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        if let Request::Token(op) = &mut request
            && op.client_id == FRANCECONNECT_CLIENT_ID
        {
            op.client_secret = FRANCECONNECT_CLIENT_SECRET.to_string();
        }
        Box::pin(sut.call(clock, request))
    }
}
