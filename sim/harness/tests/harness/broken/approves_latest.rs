//! Breaks SEC-40: the app's approval goes to the most recent pending request of the
//! smartphone, not to the one the holder was shown. With one request pending nobody can
//! tell; when a fraudster's request arrived after the holder's own, the holder's secret
//! code approves the fraudster's.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::login::AppPendingRequests;
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = ApprovesLatest { arrived: PerClock::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct ApprovesLatest {
    /// Every authorization request, in the order it arrived, per clock.
    arrived: PerClock<Vec<String>>,
}

impl Defect for ApprovesLatest {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            if let Request::AppApprove(op) = &mut request {
                let list = AppPendingRequests { device_id: op.device_id.clone() };
                let arrived = self.arrived.with(clock, |arrived| arrived.clone());
                if let (Ok(Reply::PendingRequests(pending)), _) =
                    sut.quiet(clock, list.into()).await
                    && let Some(latest) = arrived
                        .iter()
                        .rev()
                        .find_map(|id| pending.requests.iter().find(|r| r.request.as_str() == id))
                {
                    op.request = latest.request.clone();
                }
            }
            let reply = sut.call(clock, request).await;
            if let Ok(Reply::AuthorizationPending(pending)) = &reply {
                let id = pending.request.to_string();
                self.arrived.with(clock, |arrived| arrived.push(id));
            }
            reply
        })
    }
}
