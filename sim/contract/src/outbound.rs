//! The outbound side: what the SUT sends to the outside world. In-process the world
//! implements [`Outbound`]; over HTTP the same messages reach endpoints the harness serves.
//!
//! Messages carry what the real services would get: an SMS is a number and a text, an
//! e-mail a subject and a body. People read codes from those texts as a person would.

use crate::common::{
    AppointmentId, AuthRequestId, ClockId, DeclaredIdentity, DeviceId, DocumentKind, LetterId,
    PhoneNumber,
};
use crate::verification::Address;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// To the SMS gateway.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Sms {
    pub to: PhoneNumber,
    pub text: String,
}

/// To the mail service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub body: String,
}

/// To the push provider, for the app on this device (ACT-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Push {
    pub device_id: DeviceId,
    pub request: AuthRequestId,
    pub title: String,
    pub body: String,
}

/// To AR24: send an LRE for online verification (AR24-01). AR24 answers later with
/// [`crate::verification::Ar24Callback`]s naming `letter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ar24LetterRequest {
    pub letter: LetterId,
    pub recipient_email: String,
    /// What AR24's visual identification checks the document and the face against.
    pub identity: DeclaredIdentity,
}

/// To the postman rounds system: a visit on a date (VER-04). The rounds system later
/// has the postman report an [`crate::verification::AgentCheck`] or an
/// [`crate::verification::AppointmentMissed`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostmanBooking {
    pub appointment: AppointmentId,
    pub date: NaiveDate,
    pub address: Address,
    pub holder_name: String,
    pub document_kind: DocumentKind,
}

/// To the postman rounds system: a booked visit is cancelled (the user changed mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PostmanCancellation {
    pub appointment: AppointmentId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "service")]
pub enum OutboundMessage {
    Sms(Sms),
    Email(Email),
    Push(Push),
    Ar24Letter(Ar24LetterRequest),
    PostmanBooking(PostmanBooking),
    PostmanCancellation(PostmanCancellation),
}

impl OutboundMessage {
    /// The service the message goes to, for traces.
    pub fn service(&self) -> &'static str {
        match self {
            OutboundMessage::Sms(_) => "sms-gateway",
            OutboundMessage::Email(_) => "mail",
            OutboundMessage::Push(_) => "push",
            OutboundMessage::Ar24Letter(_) => "ar24",
            OutboundMessage::PostmanBooking(_) | OutboundMessage::PostmanCancellation(_) => {
                "postman-rounds"
            }
        }
    }
}

/// An outside service did not take the message.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{service} did not take the message: {detail}")]
pub struct OutboundError {
    pub service: String,
    pub detail: String,
}

/// The outside world as the SUT sees it. `clock` is the namespace the message belongs to
/// (the clock of the call that caused it). Delivery is the world's business: a taken
/// message may still arrive late or never (SMS loss, push drop).
pub trait Outbound: Send + Sync {
    fn send(&self, clock: &ClockId, message: OutboundMessage) -> Result<(), OutboundError>;
}
