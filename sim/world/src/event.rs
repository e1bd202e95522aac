//! World events: what is due later, in virtual time. Data only: the world's queue holds
//! them, and the run loop (`world/run.rs`) hands each to the actor it concerns, whose
//! handling may call the SUT and schedule more.

use idn_contract::outbound::{Email, Push, Sms};
use idn_contract::{AppointmentId, LetterId};

#[derive(Debug, Clone)]
pub(crate) enum Event {
    /// The SMS network hands an SMS to the phone holding the number.
    SmsArrives(Sms),
    /// The mail service files an e-mail in the inbox or the spam folder.
    MailArrives { email: Email, spam: bool },
    /// The push provider reaches the phone.
    PushArrives(Push),
    /// A step of an AR24 letter's life.
    Ar24(LetterId, Ar24Step),
    /// The postman reaches the address of an appointment.
    PostmanVisit(AppointmentId),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Ar24Step {
    Deliver,
    Remind,
    Expire,
    ReviewDone,
    Purge,
}
