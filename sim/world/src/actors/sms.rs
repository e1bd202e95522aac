//! The SMS network's state: every SMS it delivered, with the phone that held the number's
//! SIM when it arrived. How it takes, loses, delays and delivers them is the world's
//! (`world/sms.rs`).

use idn_contract::{DeviceId, PhoneNumber, Timestamp};

/// An SMS a phone received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedSms {
    pub at: Timestamp,
    pub to: PhoneNumber,
    /// The phone that held the SIM when it arrived.
    pub device: DeviceId,
    pub text: String,
}

/// What the network delivered, in arrival order.
#[derive(Debug, Default)]
pub(crate) struct SmsNetwork {
    delivered: Vec<ReceivedSms>,
}

impl SmsNetwork {
    /// Keeps an SMS a phone received, after the others.
    pub(crate) fn deliver(&mut self, sms: ReceivedSms) {
        self.delivered.push(sms);
    }

    /// The SMS received on `number`, oldest first, whichever phone held its SIM.
    pub(crate) fn received_on(&self, number: &PhoneNumber) -> Vec<&ReceivedSms> {
        self.delivered.iter().filter(|sms| &sms.to == number).collect()
    }

    /// The SMS `device` received, oldest first.
    pub(crate) fn received_by(&self, device: &DeviceId) -> Vec<&ReceivedSms> {
        self.delivered.iter().filter(|sms| &sms.device == device).collect()
    }
}
