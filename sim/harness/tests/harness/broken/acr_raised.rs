//! Breaks SEC-11: every login is served at eIDAS substantiel: an authorization request at
//! `eidas1` is handled as one at `eidas2`, and its id_token claims `acr` eidas2 although
//! the service asked, and the login proved, only eidas1.

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::login::Acr;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), AcrRaised)
}

struct AcrRaised;

impl Defect for AcrRaised {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        if let Request::Authorize(op) = &mut request
            && !op.acr_values.is_empty()
        {
            op.acr_values = vec![Acr::Eidas2];
        }
        Box::pin(sut.call(clock, request))
    }
}
