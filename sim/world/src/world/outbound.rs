//! What the SUT sent becomes world events: each message taken from the sink goes to the
//! service it is addressed to (deliveries with latency, losses, AR24 letters, postman
//! visits), after the trace records it.

use crate::World;
use crate::trace::{Actor, TraceEvent};
use idn_contract::OutboundMessage;

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
