//! What the SUT sends, as the world receives it: an [`Outbound`] sink the SUT writes to,
//! emptied by the world after every call and every clock advance into world events
//! (deliveries with latency, losses, AR24 letters, postman visits).

use crate::World;
use crate::trace::{Actor, TraceEvent};
use idn_contract::{ClockId, Outbound, OutboundError, OutboundMessage};
use std::sync::Mutex;

/// Holds what the SUT sent until the world takes it. It takes every message: delivery is
/// the world's business (a taken SMS may still be lost).
#[derive(Debug, Default)]
pub(crate) struct OutboundSink {
    pending: Mutex<Vec<(ClockId, OutboundMessage)>>,
}

impl OutboundSink {
    fn take(&self) -> Vec<(ClockId, OutboundMessage)> {
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

impl World {
    /// Turns what the SUT sent into world events. `cause` is the actor whose call made
    /// the SUT send (none for what the SUT's own timers sent).
    pub(crate) fn take_outbound(&mut self, cause: Option<&Actor>) {
        for (clock, message) in self.sink.take() {
            let service = Actor::service_of(&message);
            if clock != self.clock_id {
                // Another scenario's message: this world must not deliver it.
                let stray = TraceEvent::StrayMessage { clock, message };
                self.record(Actor::Idp, Some(service), stray);
                continue;
            }
            self.record(Actor::Idp, Some(service), TraceEvent::Sent(message.clone()));
            match message {
                OutboundMessage::Sms(sms) => self.sms_accept(sms),
                OutboundMessage::Email(email) => self.mail_accept(email),
                OutboundMessage::Push(push) => self.push_accept(push),
                OutboundMessage::Ar24Letter(letter) => self.ar24_accept(letter),
                OutboundMessage::PostmanBooking(booking) => self.postman_accept(booking, cause),
                OutboundMessage::PostmanCancellation(cancel) => self.postman_cancel(cancel),
            }
        }
    }
}
