//! Breaks MGT-08 (one smartphone at a time): after a new activation the old smartphone
//! keeps working. The wrapper remembers which smartphones each account activated; once a
//! newer one is activated, the older ones become its aliases: what they ask (the pending
//! requests, an approval or a refusal, a block or a deletion from the app) is asked as the
//! new one, and every push to the new one is copied to them.

use super::{BoxFuture, Defect, PerClock, Sut, Tap, Wrapped};
use idn_contract::activation::{AppChallenge, AppPurpose};
use idn_contract::outbound::Push;
use idn_contract::{
    CallError, Channel, ClockId, DeviceId, IdentityProvider, Outbound, OutboundMessage, Reply,
    Request,
};
use std::collections::BTreeMap;
use std::sync::Arc;

#[derive(Default)]
struct State {
    /// Open activation challenges: the account's e-mail and the smartphone.
    activations: BTreeMap<String, (String, String)>,
    /// The smartphones each account (by e-mail) activated, oldest first.
    devices: BTreeMap<String, Vec<String>>,
    /// An old smartphone and the active one it stands for.
    alias: BTreeMap<String, String>,
}

pub fn make(seed: u64, outbound: Arc<dyn Outbound>) -> Arc<dyn IdentityProvider> {
    let state: Arc<PerClock<State>> = Arc::default();
    let seen = state.clone();
    let copy_pushes = move |clock: &ClockId, message: OutboundMessage| {
        let mut out = vec![message.clone()];
        if let OutboundMessage::Push(push) = &message {
            let olds: Vec<String> = seen.with(clock, |s| {
                s.alias
                    .iter()
                    .filter(|(_, new)| **new == push.device_id.as_str())
                    .map(|(old, _)| old.clone())
                    .collect()
            });
            out.extend(olds.into_iter().map(|old| {
                OutboundMessage::Push(Push { device_id: DeviceId::new(old), ..push.clone() })
            }));
        }
        out
    };
    let tap = Tap::new(outbound, Some(Box::new(copy_pushes)));
    Wrapped::boxed(Sut::new(seed, tap), OldPhone { state })
}

struct OldPhone {
    state: Arc<PerClock<State>>,
}

impl OldPhone {
    /// The active smartphone an old one stands for, if it is an alias.
    fn resolve(&self, clock: &ClockId, device: &mut DeviceId) {
        if let Some(new) = self.state.with(clock, |s| s.alias.get(device.as_str()).cloned()) {
            *device = DeviceId::new(new);
        }
    }
}

impl Defect for OldPhone {
    fn handle<'a>(
        &'a self,
        sut: &'a Sut,
        clock: &'a ClockId,
        mut request: Request,
    ) -> BoxFuture<'a, Result<Reply, CallError>> {
        Box::pin(async move {
            match &mut request {
                Request::AppPendingRequests(op) => self.resolve(clock, &mut op.device_id),
                Request::AppApprove(op) => self.resolve(clock, &mut op.device_id),
                Request::AppRefuse(op) => self.resolve(clock, &mut op.device_id),
                Request::IdentityBlock(op) => {
                    if let Channel::App { device_id } = &mut op.via {
                        self.resolve(clock, device_id);
                    }
                }
                Request::IdentityDelete(op) => {
                    if let Channel::App { device_id } = &mut op.via {
                        self.resolve(clock, device_id);
                    }
                }
                _ => {}
            }
            let start = match &request {
                Request::AppStart(op) if op.purpose == AppPurpose::Activate => {
                    Some((op.email.clone(), op.device.device_id.as_str().to_string()))
                }
                _ => None,
            };
            let set_pin = match &request {
                Request::AppSetPin(op) => Some(op.challenge.as_str().to_string()),
                _ => None,
            };
            let reply = sut.call(clock, request).await;
            match (&reply, start, set_pin) {
                (Ok(Reply::AppChallenge(AppChallenge { challenge, .. })), Some(who), _) => {
                    self.state.with(clock, |s| {
                        s.activations.insert(challenge.as_str().to_string(), who);
                    });
                }
                (Ok(Reply::AppActivated(_)), _, Some(challenge)) => self.state.with(clock, |s| {
                    if let Some((email, device)) = s.activations.remove(&challenge) {
                        let devices = s.devices.entry(email).or_default();
                        devices.retain(|d| *d != device);
                        for old in devices.iter() {
                            s.alias.insert(old.clone(), device.clone());
                        }
                        devices.push(device.clone());
                        s.alias.remove(&device);
                    }
                }),
                _ => {}
            }
            reply
        })
    }
}
