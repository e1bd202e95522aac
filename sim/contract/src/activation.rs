//! The app (ACT, MGT-04, MGT-08): activation, a new smartphone, a new number, and a change
//! of secret code, all as one challenge: log in, type the SMS code, (on a new smartphone)
//! the last 4 characters of the document number, then choose the secret code.

use crate::common::{ChallengeId, DeviceId, DeviceInfo, PhoneNumber};
use serde::{Deserialize, Serialize};

/// Why the app is starting a challenge.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum AppPurpose {
    /// "Commencer": activate this smartphone (first time or new smartphone, MGT-08).
    Activate,
    /// "Paramètres" → "Modifier votre code secret" (MGT-04).
    ChangePin,
}

/// The app logs in with the Compte La Poste (ACT-01). The SUT sends a code by SMS to the
/// identity's number. Reply: [`AppChallenge`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppStart {
    pub device: DeviceInfo,
    pub email: String,
    pub password: String,
    pub purpose: AppPurpose,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppChallenge {
    pub challenge: ChallengeId,
    /// The last four digits of the number the code went to, as the app shows it.
    pub sms_sent_to_last4: String,
    /// The last 4 characters of the document number will be asked (a new smartphone, MGT-07).
    pub needs_document_suffix: bool,
}

/// "Nouveau numéro" (MGT-08): the number changed with the smartphone; the SUT sends the
/// code to this number instead, and a code by e-mail to the account's address that
/// [`AppConfirmEmail`] must give back (FRAUD-02). Reply: `SmsSent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppNewNumber {
    pub challenge: ChallengeId,
    pub phone: PhoneNumber,
}

/// After "Nouveau numéro", the 6-digit code the SUT e-mailed to the account's address.
/// An SMS to a number the user just typed proves only that they hold that number, and
/// FRAUD-02 says an attacker may know the e-mail, the password and the document number:
/// reading the account's mailbox is the proof they lack. Until it is given, `AppSetPin`
/// is refused `email_confirmation_required`. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppConfirmEmail {
    pub challenge: ChallengeId,
    pub code: String,
}

/// The code received by SMS. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppConfirmSms {
    pub challenge: ChallengeId,
    pub code: String,
}

/// The last 4 characters of the document number (MGT-07). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppDocumentSuffix {
    pub challenge: ChallengeId,
    pub last4: String,
}

/// The 4-digit secret code (ACT-03). Completes the challenge; on activation, this
/// smartphone becomes the only active one (MGT-08). Reply: [`AppActivated`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppSetPin {
    pub challenge: ChallengeId,
    pub pin: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppActivated {
    pub device: DeviceId,
}
