//! Breaks SEC-02: the token endpoint ignores the PKCE verifier. The wrapper swaps the
//! challenge of every authorization request for the challenge of a verifier of its own,
//! and sends that verifier in every token request: whatever verifier FranceConnect+ sends,
//! or none, the code is exchanged. A request without any challenge is still refused.

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::login::pkce_challenge;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

/// The verifier the broken implementation checks against, whatever was sent.
const OWN_VERIFIER: &str = "broken-pkce-verifier-0123456789abcdef0123456789abcdef";

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), PkceIgnored)
}

struct PkceIgnored;

impl Defect for PkceIgnored {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        match &mut request {
            Request::Authorize(op) if !op.code_challenge.is_empty() => {
                op.code_challenge = pkce_challenge(OWN_VERIFIER);
            }
            Request::Token(op) => op.code_verifier = OWN_VERIFIER.to_string(),
            _ => {}
        }
        Box::pin(sut.call(clock, request))
    }
}
