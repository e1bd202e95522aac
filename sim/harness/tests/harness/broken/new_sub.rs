//! Breaks SEC-12: a person's `sub` changes each time a secret code is chosen after the
//! first activation (a change of secret code, a re-activation, a new smartphone): the
//! wrapper counts the secret codes chosen on its clock and, from the second one on, gives
//! out `<sub>-<count>` in the id_token and at userinfo.

use super::resign::Resigner;
use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::{CallError, ClockId, IdentityProvider, Outbound, Reply, Request};
use std::sync::Arc;

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let defect = NewSub { pins: PerClock::new(), keys: Resigner::new() };
    Wrapped::boxed(Sut::new(seed, Tap::new(outbound, None)), defect)
}

struct NewSub {
    /// How many secret codes were chosen, per clock.
    pins: PerClock<u32>,
    keys: Resigner,
}

/// The `sub` the broken implementation gives after `pins` secret codes.
fn sub_after(sub: &str, pins: u32) -> String {
    if pins > 1 { format!("{sub}-{pins}") } else { sub.to_string() }
}

impl Defect for NewSub {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            let sets_pin = matches!(request, Request::AppSetPin(_));
            let reply = sut.call(clock, request).await;
            if sets_pin && reply.is_ok() {
                self.pins.with(clock, |pins| *pins += 1);
            }
            let pins = self.pins.with(clock, |pins| *pins);
            match reply {
                Ok(Reply::UserInfoClaims(mut claims)) => {
                    claims.sub = sub_after(&claims.sub, pins);
                    Ok(Reply::UserInfoClaims(claims))
                }
                reply => self.keys.rewrite(reply, |claims| {
                    claims.identity.sub = sub_after(&claims.identity.sub, pins);
                }),
            }
        })
    }
}
