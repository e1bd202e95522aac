//! Verifying the identity (VER, AR24): choosing or changing the mode, the in-person check
//! reported by a postman or a post-office clerk, a visit that did not take place, and
//! AR24's callbacks.

use crate::common::{
    AppointmentId, DocumentKind, LetterId, PhoneNumber, PostOfficeId, SessionToken,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The kinds of address of VER-04: only a private home is eligible for a postman visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AddressKind {
    /// Any private home: the user's, a friend's, a parent's.
    PrivateHome,
    /// A professional address.
    Professional,
    /// A hospital, a clinic: no direct access to the user.
    Hospital,
    /// An office building: no direct access to the user.
    OfficeBuilding,
}

/// A postal address for a postman appointment (VER-04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Address {
    pub street: String,
    pub postcode: String,
    pub city: String,
    /// The territory as the documents name it: "France métropolitaine", "Corse",
    /// "Guadeloupe", "Guyane", "La Réunion", "Martinique", "Saint-Barthélemy",
    /// "Saint-Martin", "Saint-Pierre-et-Miquelon", "Mayotte", or any other.
    pub territory: String,
    pub kind: AddressKind,
}

/// The three modes of VER-01.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum VerificationMode {
    /// "Rencontrer votre facteur": on a date, at an address (VER-04).
    Postman { date: NaiveDate, address: Address },
    /// "Passage en bureau de poste", without appointment (VER-05).
    PostOffice,
    /// 100% online through an AR24 LRE; AR24's CGU must be accepted (AR24-01).
    Online { ar24_cgu_accepted: bool },
}

/// ÉTAPE 17, "changer le mode de vérification" (VER-08) and "PRENDRE UN NOUVEAU
/// RENDEZ-VOUS" (VER-07): chooses a mode. For the postman and the post office, the SUT
/// sends the 6-digit activation code by SMS (VER-02); for the postman it books the visit
/// with the rounds system; online, it asks AR24 to send the LRE.
/// Reply: [`VerificationStarted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationChoose {
    pub session: SessionToken,
    pub mode: VerificationMode,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerificationStarted {
    pub appointment: Option<AppointmentId>,
    pub letter: Option<LetterId>,
}

/// The document as the agent sees it in the person's hand.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DocumentShown {
    pub kind: DocumentKind,
    pub number: String,
    pub birth_name: String,
    pub given_names: Vec<String>,
    pub birth_date: NaiveDate,
}

/// Where the in-person check took place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "place")]
pub enum CheckPlace {
    /// At the address of this appointment.
    Postman { appointment: AppointmentId },
    /// At the counter of this office; the clerk finds the request by the mobile number.
    PostOffice { office: PostOfficeId, phone: PhoneNumber },
}

/// The agent's report of an in-person check (VER-02, VER-03, VER-10): the code the person
/// gave, the document they showed, and whether they are its holder.
/// Reply: [`CheckRecorded`] (a failed check is recorded, not refused).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AgentCheck {
    pub place: CheckPlace,
    pub activation_code: String,
    pub document: DocumentShown,
    /// The agent's judgement: the face is the document's photo.
    pub holder_matches: bool,
}

/// Why a verification failed (VER-03, VER-10).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum VerificationFailure {
    /// The activation code does not match.
    CodeMismatch,
    /// The document shown is not the one declared (type or number).
    DocumentMismatch,
    /// The names or birth date on the document do not match what was declared.
    DataMismatch,
    /// The person is not the document's holder.
    NotHolder,
    /// AR24's review refused the identification.
    Ar24Rejected,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CheckRecorded {
    pub verified: bool,
    pub failure: Option<VerificationFailure>,
}

/// Why a postman visit did not take place (VER-07).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum MissedReason {
    /// Nobody answered at the address.
    PersonAbsent,
    /// The postman could not come.
    PostmanUnavailable,
}

/// The postman rounds system reports that a visit did not take place. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppointmentMissed {
    pub appointment: AppointmentId,
    pub reason: MissedReason,
}

/// What AR24 tells the SUT about a letter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "event")]
pub enum Ar24Event {
    /// The LRE reached the recipient; its 15 days start now (AR24-04).
    Delivered,
    /// The 15 days passed unread (AR24-04).
    Expired,
    /// The recipient chose "Je ne suis pas cette personne".
    Declined,
    /// The recipient did the visual identification (AR24-05); the 24–48 h review is under
    /// way (AR24-07). From now on the letter's 15 days no longer free the mode (VER-08):
    /// the result decides.
    Identified,
    /// The 24–48 h review accepted the visual identification (AR24-07).
    Verified,
    /// The review refused it (AR24-09).
    Rejected { reason: String },
}

/// AR24's callback about a letter the SUT asked it to send. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Ar24Callback {
    pub letter: LetterId,
    #[serde(flatten)]
    pub event: Ar24Event,
}
