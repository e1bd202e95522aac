//! Breaks SEC-15: the id_token is not signed (`alg: none`, no signature), its claims the
//! reference's own. A relying party that takes the claims without checking the signature
//! would log the person in; FranceConnect+ refuses the token.

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

/// `{"alg":"none","typ":"JWT"}` in base64url.
const NONE_HEADER: &str = "eyJhbGciOiJub25lIiwidHlwIjoiSldUIn0";

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), UnsignedToken)
}

struct UnsignedToken;

impl Defect for UnsignedToken {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            match sut.call(clock, request).await {
                Ok(Reply::Tokens(mut tokens)) => {
                    let payload = tokens.id_token.split('.').nth(1).unwrap_or_default().to_string();
                    tokens.id_token = format!("{NONE_HEADER}.{payload}.");
                    Ok(Reply::Tokens(tokens))
                }
                reply => reply,
            }
        })
    }
}
