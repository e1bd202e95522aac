//! Breaks SEC-41: « Je refuse » is only shown, never recorded. The wrapper answers the
//! refusal itself, keeps the request out of the app's list and shows it refused to the
//! waiting page, while the reference still holds it pending: a later approval with the
//! secret code goes through, and the login succeeds.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::login::{AppPendingRequests, AuthorizationStatus};
use idn_contract::{Ack, CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::collections::BTreeSet;
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = RefusedApprovable { refused: PerClock::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct RefusedApprovable {
    /// The requests refused in the app, which the reference never heard of, per clock.
    refused: PerClock<BTreeSet<String>>,
}

impl Defect for RefusedApprovable {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            let refused = |id: &str| self.refused.with(clock, |r| r.contains(id));
            match &request {
                // A refusal of a request the app shows: kept here only.
                Request::AppRefuse(op) => {
                    let list = AppPendingRequests { device_id: op.device_id.clone() };
                    if let (Ok(Reply::PendingRequests(p)), _) = sut.quiet(clock, list.into()).await
                        && p.requests.iter().any(|r| r.request == op.request)
                    {
                        let id = op.request.to_string();
                        self.refused.with(clock, |r| r.insert(id));
                        return Ok(Reply::Ack(Ack));
                    }
                    sut.call(clock, request).await
                }
                Request::AuthorizationPoll(op) => {
                    let id = op.request.to_string();
                    match sut.call(clock, request).await {
                        Ok(Reply::AuthorizationStatus(AuthorizationStatus::Pending { .. }))
                            if refused(&id) =>
                        {
                            Ok(Reply::AuthorizationStatus(AuthorizationStatus::Refused))
                        }
                        reply => reply,
                    }
                }
                Request::AppPendingRequests(_) => match sut.call(clock, request).await {
                    Ok(Reply::PendingRequests(mut p)) => {
                        p.requests.retain(|r| !refused(r.request.as_str()));
                        Ok(Reply::PendingRequests(p))
                    }
                    reply => reply,
                },
                _ => sut.call(clock, request).await,
            }
        })
    }
}
