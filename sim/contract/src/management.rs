//! Managing the identity (MGT, FRAUD-01): block, unblock, delete, change of number,
//! password change, and deletion by customer service.

use crate::common::{Channel, PhoneNumber, SessionToken};
use serde::{Deserialize, Serialize};

/// Blocks the identity at once (MGT-05), from the Espace Client or the app. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityBlock {
    pub via: Channel,
    /// The last 4 characters of the document number (MGT-07).
    pub document_suffix: String,
}

/// Unblocks it, from the Espace Client (MGT-05). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityUnblock {
    pub session: SessionToken,
    pub document_suffix: String,
}

/// Deletes it (MGT-06): from the app if it was ever activated, from the Espace Client if it
/// never was; "Oui, je souhaite supprimer définitivement…" must be ticked. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdentityDelete {
    pub via: Channel,
    pub confirmed: bool,
    pub document_suffix: String,
}

/// Customer service deletes the identity of a user who lost the last 4 characters (MGT-07).
/// Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SupportDelete {
    pub email: String,
    pub agent: String,
}

/// Changes the phone number from the Espace Client (MGT-02); needs the app activated.
/// The SUT sends a code by SMS to the new number. Reply: `SmsSent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneChangeStart {
    pub session: SessionToken,
    pub new_phone: PhoneNumber,
}

/// The code received on the new number. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PhoneChangeConfirm {
    pub session: SessionToken,
    pub code: String,
}

/// Changes the password from the Espace Client, with the current one (MGT-03). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordChange {
    pub session: SessionToken,
    pub current_password: String,
    pub new_password: String,
}
