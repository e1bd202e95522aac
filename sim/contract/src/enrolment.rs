//! Creating the identity (ELIG, DOC, ENR): the document question, the typed data, the
//! confirmation, the request's progress, and the post-office counter route.

use crate::common::{DeclaredIdentity, DocumentKind, PhoneNumber, PostOfficeId, SessionToken};
use serde::{Deserialize, Serialize};

/// ÉTAPE 13: "Avez vous une pièce d'identité française ?" (ELIG-06: "Non" is refused
/// `no_french_document`). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentDeclareDocument {
    pub session: SessionToken,
    pub has_french_document: bool,
}

/// ÉTAPES 14 and 15: the document's type and data (DOC-04). The SUT checks eligibility
/// (ELIG-01, ELIG-02, DOC-01..03) and shows everything back (DOC-05).
/// Reply: [`IdentityToConfirm`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentSubmitIdentity {
    pub session: SessionToken,
    pub identity: DeclaredIdentity,
}

/// "Confirmez les informations" (DOC-05): "MODIFIER" is a new `EnrolmentSubmitIdentity`,
/// "VALIDER" is `EnrolmentConfirmIdentity`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityToConfirm {
    pub identity: DeclaredIdentity,
}

/// ÉTAPE 16: "VALIDER". Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EnrolmentConfirmIdentity {
    pub session: SessionToken,
}

/// A post-office clerk creates the identity at the counter (ENR-01) for the holder of an
/// existing Compte La Poste, having checked the document in person. The SUT then sends
/// an SMS inviting the user to download the app. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CounterEnrolment {
    pub office: PostOfficeId,
    pub email: String,
    pub phone: PhoneNumber,
    pub identity: DeclaredIdentity,
    /// The clerk's judgement that the person at the counter is the document's holder.
    pub holder_matches: bool,
}

/// The Espace Client's view of the request and the identity. Reply: [`EspaceClientView`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EspaceClientStatus {
    pub session: SessionToken,
}

/// The four stages of ENR-04, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// "Scan de la pièce d'identité".
    DocumentScan,
    /// "Vérification d'identité" / "Vérification par le postier".
    IdentityVerification,
    /// "Téléchargement de l'application mobile".
    AppDownload,
    /// "Identité Numérique activée".
    Activated,
}

impl Stage {
    /// The label the documents show for the stage.
    pub fn label(self) -> &'static str {
        match self {
            Stage::DocumentScan => "Scan de la pièce d'identité",
            Stage::IdentityVerification => "Vérification d'identité",
            Stage::AppDownload => "Téléchargement de l'application mobile",
            Stage::Activated => "Identité Numérique activée",
        }
    }
}

/// Where the identity is in its life, as the Espace Client shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum IdentityState {
    /// No identity yet: the account exists, the request has not been confirmed.
    None,
    /// Confirmed, waiting for a verification to succeed.
    AwaitingVerification,
    /// Verified, waiting for the app to be activated.
    Verified,
    Active,
    Blocked,
    Deleted,
    /// Past its 5 years (ACT-06).
    Expired,
}

/// The verification mode currently chosen, as the Espace Client shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "mode")]
pub enum VerificationView {
    Postman {
        appointment: crate::AppointmentId,
        date: chrono::NaiveDate,
        /// `true` once the rounds system reported that the visit did not take place.
        missed: bool,
    },
    PostOffice,
    Online {
        letter: crate::LetterId,
        /// When the LRE expires (AR24-04), after which the mode may be changed (VER-08).
        #[cfg_attr(feature = "openapi", schema(value_type = chrono::DateTime<chrono::Utc>))]
        letter_expires_at: crate::Timestamp,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct EspaceClientView {
    pub state: IdentityState,
    /// The progress bar of ENR-04, when a request is under way or done.
    pub stage: Option<Stage>,
    pub verification: Option<VerificationView>,
    pub document_kind: Option<DocumentKind>,
    /// Messages shown on the page, verbatim (e.g. VER-07's "Attention, votre rendez-vous
    /// n'a pas eu lieu. …").
    pub messages: Vec<String>,
    /// Buttons offered, by their label (e.g. "PRENDRE UN NOUVEAU RENDEZ-VOUS").
    pub actions: Vec<String>,
}
