//! Breaks SEC-31: the discovery document sends FranceConnect+'s token requests to another
//! host. Everything else is the reference's; in-process the contract's calls never follow
//! the document's URLs, so only a check of the document itself catches it (over HTTP, the
//! harness's client refuses such a document).

use super::{BoxFuture, Defect, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

/// Where the broken document says the token endpoint is.
const ELSEWHERE: &str = "https://idn.attacker.example/token";

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), DiscoveryElsewhere)
}

struct DiscoveryElsewhere;

impl Defect for DiscoveryElsewhere {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            match sut.call(clock, request).await {
                Ok(Reply::DiscoveryDocument(mut doc)) => {
                    doc.token_endpoint = ELSEWHERE.to_string();
                    Ok(Reply::DiscoveryDocument(doc))
                }
                reply => reply,
            }
        })
    }
}
