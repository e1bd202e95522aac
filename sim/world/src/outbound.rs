//! What the SUT sends, as the world receives it: an [`Outbound`] sink the SUT writes to.
//! The world empties it after every call and every clock advance and turns what it holds
//! into world events (`world/outbound.rs`).

use idn_contract::{ClockId, Outbound, OutboundError, OutboundMessage};
use std::sync::Mutex;

/// Holds what the SUT sent until the world takes it. It takes every message: delivery is
/// the world's business (a taken SMS may still be lost).
#[derive(Debug, Default)]
pub(crate) struct OutboundSink {
    pending: Mutex<Vec<(ClockId, OutboundMessage)>>,
}

impl OutboundSink {
    /// Everything sent since the last take, in the order it was sent.
    pub(crate) fn take(&self) -> Vec<(ClockId, OutboundMessage)> {
        // A panic while holding the lock cannot leave the Vec half-written: keep going.
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        std::mem::take(&mut *pending)
    }
}

impl Outbound for OutboundSink {
    fn send(&self, clock: &ClockId, message: OutboundMessage) -> Result<(), OutboundError> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        pending.push((clock.clone(), message));
        Ok(())
    }
}
