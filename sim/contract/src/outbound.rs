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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sms {
    pub to: PhoneNumber,
    pub text: String,
}

/// To the mail service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Email {
    pub to: String,
    pub from: String,
    pub subject: String,
    pub body: String,
}

/// To the push provider, for the app on this device (ACT-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Push {
    pub device_id: DeviceId,
    pub request: AuthRequestId,
    pub title: String,
    pub body: String,
}

/// To AR24: send an LRE for online verification (AR24-01). AR24 answers later with
/// [`crate::verification::Ar24Callback`]s naming `letter`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostmanBooking {
    pub appointment: AppointmentId,
    pub date: NaiveDate,
    pub address: Address,
    pub holder_name: String,
    pub document_kind: DocumentKind,
}

/// To the postman rounds system: a booked visit is cancelled (the user changed mode).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PostmanCancellation {
    pub appointment: AppointmentId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
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

/// How a person reads a code in an SMS or an e-mail, which is how every text that carries
/// a code must state it (ARCHITECTURE.md, "Codes, as a person reads them"). A SUT whose
/// texts do not read this way fails the journeys, as a person would fail to log in.
pub mod reading {
    /// The first standalone run of 4 to 8 ASCII digits of `text`: a run of digits with no
    /// letter or digit on either side (so `1234.` reads, `abc1234` and `123456789` do not).
    pub fn read_code(text: &str) -> Option<String> {
        let chars: Vec<char> = text.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if !chars[i].is_ascii_digit() {
                i += 1;
                continue;
            }
            let start = i;
            while i < chars.len() && chars[i].is_ascii_digit() {
                i += 1;
            }
            let glued_before = start > 0 && chars[start - 1].is_alphanumeric();
            let glued_after = i < chars.len() && chars[i].is_alphanumeric();
            if (4..=8).contains(&(i - start)) && !glued_before && !glued_after {
                return Some(chars[start..i].iter().collect());
            }
        }
        None
    }

    /// The `token` query parameter of the first link carrying one (ACC-06's reset link).
    pub fn read_link_token(text: &str) -> Option<String> {
        let at = text.find("token=")? + "token=".len();
        let token: String = text[at..]
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~' | '%'))
            .collect();
        // A link at the end of a sentence: the full stop is not part of the URL.
        let token = token.trim_end_matches('.');
        (!token.is_empty()).then(|| token.to_string())
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        // Checks the rule "first standalone run of 4 to 8 ASCII digits" on the SUT's texts.
        #[test]
        fn reads_codes_as_a_person_does() {
            let cases = [
                (
                    "L'Identité Numérique La Poste : votre code de vérification est 1234.",
                    Some("1234"),
                ),
                ("votre code d'activation est 123456. Présentez-le", Some("123456")),
                ("Votre code : 00123456", Some("00123456")),
                ("123 puis 4567", Some("4567")),
                ("trop long 123456789 puis 2468", Some("2468")),
                ("collé abc1234 ou 1234abc", None),
                ("accent é1234", None),
                ("rien ici", None),
                ("(9876)", Some("9876")),
            ];
            for (text, expected) in cases {
                assert_eq!(read_code(text).as_deref(), expected, "{text}");
            }
        }

        // Checks that the reset link's token is read up to the end of the URL.
        #[test]
        fn reads_the_reset_token() {
            let body = "Cliquez : https://moncompte.laposte.fr/reinitialisation?token=Ab-9_x. Valable 2 h.";
            assert_eq!(read_link_token(body).as_deref(), Some("Ab-9_x"));
            assert_eq!(read_link_token("no link"), None);
        }
    }
}
