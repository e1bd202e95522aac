//! The SMS network at work: it takes the SUT's SMS, loses some and delays the rest
//! (`Faults`, stream `sms`), and hands each to the phone whose SIM has the number.

use crate::World;
use crate::actors::sms::ReceivedSms;
use crate::event::Event;
use crate::faults::draw_delay;
use crate::trace::{Actor, TraceEvent};
use idn_contract::outbound::Sms;
use idn_contract::{DeviceId, PhoneNumber};

impl World {
    pub(crate) fn sms_accept(&mut self, sms: Sms) {
        let (rate, max_s) = (self.config.faults.sms_loss_rate, self.config.faults.sms_delay_s_max);
        let stream = self.stream("sms");
        let lost = stream.chance(rate);
        let delay = draw_delay(stream, max_s);
        if lost {
            let lost = TraceEvent::SmsLost { text: sms.text };
            self.record(Actor::SmsGateway, Some(Actor::Number(sms.to)), lost);
            return;
        }
        let at = self.now() + delay;
        self.schedule(at, Event::SmsArrives(sms));
    }

    pub(crate) fn sms_arrives(&mut self, sms: Sms) {
        let Some(device) = self.phone_with_number(&sms.to).map(|p| p.id.clone()) else {
            let undeliverable = TraceEvent::SmsUndeliverable { text: sms.text };
            self.record(Actor::SmsGateway, Some(Actor::Number(sms.to)), undeliverable);
            return;
        };
        let delivered = TraceEvent::SmsDelivered { text: sms.text.clone() };
        self.record(Actor::SmsGateway, Some(Actor::Phone(device.clone())), delivered);
        let received = ReceivedSms { at: self.now(), to: sms.to, device, text: sms.text };
        self.sms.deliver(received);
    }

    /// The SMS received on `number`, oldest first, whichever phone held its SIM.
    pub fn received_sms(&self, number: &PhoneNumber) -> Vec<&ReceivedSms> {
        self.sms.received_on(number)
    }

    /// The SMS `device` received, oldest first.
    pub fn phone_sms(&self, device: &DeviceId) -> Vec<&ReceivedSms> {
        self.sms.received_by(device)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::{sut_sends, world};
    use crate::{PersonSpec, WorldConfig};
    use chrono::TimeDelta;
    use idn_contract::OutboundMessage;

    // Checks that a loss rate of 1 loses every SMS and a rate of 0 delivers every one,
    // to the phone holding the SIM.
    #[tokio::test]
    async fn loss_rate_one_loses_every_sms() {
        for (rate, expected) in [(1.0, 0), (0.0, 3)] {
            let mut config = WorldConfig::new(3);
            config.faults.sms_loss_rate = rate;
            let mut w = world(config).await;
            let p = w.add_person("camille", PersonSpec::default());
            let number = w.person(p).phone_number.clone();
            for i in 0..3 {
                let sms = Sms { to: number.clone(), text: format!("votre code est 100{i}.") };
                sut_sends(&mut w, OutboundMessage::Sms(sms));
            }
            w.run_for(TimeDelta::minutes(1)).await.expect("a short run");
            let received = w.received_sms(&number);
            assert_eq!(received.len(), expected, "loss rate {rate}");
            assert!(received.iter().all(|s| s.device == w.person(p).device));
            // Delays differ, so SMS may arrive out of order: the latest is the last arrived.
            let last = received.last().map(|s| crate::read_code(&s.text));
            assert_eq!(last.flatten(), w.latest_sms_code(&number));
        }
    }
}
