//! The push service's state: the notifications phones showed, and those sent and never
//! shown, each with its cause (PUSH-01). How the service drops, delays and delivers them
//! is the world's (`world/push.rs`).

use crate::actors::phone::NotShown;
use idn_contract::{AuthRequestId, DeviceId, Timestamp};

/// A notification a phone showed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ShownNotification {
    pub at: Timestamp,
    pub device: DeviceId,
    pub request: AuthRequestId,
    pub title: String,
    pub body: String,
}

/// A notification that was sent and never shown, with why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MissedNotification {
    pub at: Timestamp,
    pub device: DeviceId,
    pub request: AuthRequestId,
    pub cause: NotShown,
}

/// Every notification the service handled, shown or missed, in order.
#[derive(Debug, Default)]
pub(crate) struct PushService {
    shown: Vec<ShownNotification>,
    missed: Vec<MissedNotification>,
}

impl PushService {
    /// Keeps a notification a phone showed.
    pub(crate) fn shown(&mut self, notification: ShownNotification) {
        self.shown.push(notification);
    }

    /// Keeps a notification that was never shown.
    pub(crate) fn missed(&mut self, notification: MissedNotification) {
        self.missed.push(notification);
    }

    /// The notifications `device` showed, oldest first.
    pub(crate) fn shown_on(&self, device: &DeviceId) -> Vec<&ShownNotification> {
        self.shown.iter().filter(|n| &n.device == device).collect()
    }

    /// The notifications sent to `device` that it never showed, oldest first.
    pub(crate) fn missed_on(&self, device: &DeviceId) -> Vec<&MissedNotification> {
        self.missed.iter().filter(|n| &n.device == device).collect()
    }
}
