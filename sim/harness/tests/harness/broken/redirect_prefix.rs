//! Breaks SEC-05: the redirect URI is compared as a prefix, not as a whole string: any URI
//! that starts with the registered one (another path under it, a query, a `..`) is taken
//! as the registered one, so that a code can be sent where the client never said.

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::login::FRANCECONNECT_REDIRECT_URI;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), RedirectPrefix)
}

struct RedirectPrefix;

/// The registered URI for any URI it begins.
fn loosely(uri: &mut String) {
    if uri.starts_with(FRANCECONNECT_REDIRECT_URI) {
        *uri = FRANCECONNECT_REDIRECT_URI.to_string();
    }
}

impl Defect for RedirectPrefix {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        match &mut request {
            Request::Authorize(op) => loosely(&mut op.redirect_uri),
            Request::Token(op) => loosely(&mut op.redirect_uri),
            _ => {}
        }
        Box::pin(sut.call(clock, request))
    }
}
