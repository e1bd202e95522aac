//! Breaks SEC-01: PKCE is optional. An authorization request without a challenge is taken,
//! as if FranceConnect+ had sent one (the wrapper supplies a challenge of its own, and its
//! verifier when a token request brings none): a stolen code is then exchanged by anyone.

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::login::pkce_challenge;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

/// The verifier the wrapper stands in with.
const OWN_VERIFIER: &str = "broken-pkce-optional-0123456789abcdef0123456789abcdef";

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), PkceOptional)
}

struct PkceOptional;

impl Defect for PkceOptional {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        match &mut request {
            Request::Authorize(op) if op.code_challenge.is_empty() => {
                op.code_challenge = pkce_challenge(OWN_VERIFIER);
            }
            Request::Token(op) if op.code_verifier.is_empty() => {
                op.code_verifier = OWN_VERIFIER.to_string();
            }
            _ => {}
        }
        Box::pin(sut.call(clock, request))
    }
}
