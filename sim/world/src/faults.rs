//! The fault knobs of the outside world: lost and late SMS, dropped and late pushes, late
//! e-mails, e-mails filed as spam, postmen who do not come. Every draw they cause comes
//! from the stream of the service concerned (`sms`, `push`, `mail`, `postman`).

use crate::prng::Prng;
use chrono::TimeDelta;

/// The fault plan of a run. Rates are probabilities in 0..=1, delays upper bounds.
/// A named world set-up (`scenarios/*.toml`) may set any of these; the others keep their
/// default, and an unknown one is refused.
#[derive(Debug, Clone, PartialEq, serde::Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Faults {
    /// An SMS is lost by the network.
    pub sms_loss_rate: f64,
    /// An SMS arrives 1 to this many seconds after it was sent.
    pub sms_delay_s_max: u64,
    /// The push provider drops a notification (best effort).
    pub push_drop_rate: f64,
    /// A push arrives 1 to this many seconds after it was sent.
    pub push_delay_s_max: u64,
    /// An e-mail arrives 1 to this many seconds after it was sent.
    pub email_delay_s_max: u64,
    /// An e-mail is filed in the spam folder (ACC-01 warns about it).
    pub spam_rate: f64,
    /// The postman's round leaves no time for a booked visit.
    pub postman_no_show_rate: f64,
}

impl Default for Faults {
    /// Nothing lost and small delays: default journeys are reliable.
    fn default() -> Self {
        Self {
            sms_loss_rate: 0.0,
            sms_delay_s_max: 10,
            push_drop_rate: 0.0,
            push_delay_s_max: 3,
            email_delay_s_max: 30,
            spam_rate: 0.0,
            postman_no_show_rate: 0.0,
        }
    }
}

impl Faults {
    /// Names the first knob out of range.
    pub fn validate(&self) -> Result<(), BadFault> {
        let rates = [
            ("sms_loss_rate", self.sms_loss_rate),
            ("push_drop_rate", self.push_drop_rate),
            ("spam_rate", self.spam_rate),
            ("postman_no_show_rate", self.postman_no_show_rate),
        ];
        match rates.iter().find(|(_, rate)| !(0.0..=1.0).contains(rate)) {
            Some(&(key, value)) => Err(BadFault { key, value }),
            None => Ok(()),
        }
    }
}

/// A fault knob out of range: a rate that is not a probability.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BadFault {
    /// The knob's key in `[faults]`.
    pub key: &'static str,
    pub value: f64,
}

impl BadFault {
    /// What was wrong, for a message that names the key already.
    pub fn reason(&self) -> String {
        format!("expected a probability from 0 to 1, got {}", self.value)
    }
}

impl std::fmt::Display for BadFault {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "faults: {} is {}, not a probability", self.key, self.value)
    }
}

/// A delivery delay of 1 to `max_s` seconds (none when `max_s` is 0), drawn from the
/// stream of the service that delays (SMS, push and mail share this one draw).
pub(crate) fn draw_delay(stream: &mut Prng, max_s: u64) -> TimeDelta {
    match max_s {
        0 => TimeDelta::zero(),
        max => TimeDelta::seconds(stream.range(1..=max) as i64),
    }
}
