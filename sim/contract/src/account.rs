//! The Compte La Poste (ACC-01..07): e-mail and code, password, mobile and SMS code, names,
//! CGU, logging in, and the two forgotten-password routes.

use crate::common::{Civility, PhoneNumber, SessionToken};
use serde::{Deserialize, Serialize};

/// ÉTAPE 5: the user chooses an e-mail address. The SUT e-mails a 6-digit code (ACC-01).
/// Reply: [`AccountStarted`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountStart {
    pub email: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountStarted {
    /// The web session that carries the rest of the creation and then the Espace Client.
    pub session: SessionToken,
}

/// ÉTAPE 6: the 6-digit code received by e-mail. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountConfirmEmail {
    pub session: SessionToken,
    pub code: String,
}

/// Sends the e-mail code again (the first may have gone to spam). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountResendEmailCode {
    pub session: SessionToken,
}

/// ÉTAPE 7: the password (ACC-03). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSetPassword {
    pub session: SessionToken,
    pub password: String,
}

/// ÉTAPES 8 and 11: the mobile number (ELIG-04). The SUT sends a code by SMS (ACC-04).
/// Reply: `SmsSent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSetMobile {
    pub session: SessionToken,
    pub phone: PhoneNumber,
}

/// "Vous n'avez pas reçu par sms ?": re-sends the SMS code once the countdown is over
/// (refused `sms_resend_too_soon` with `retry_after_s` before). Reply: `SmsSent`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountResendSms {
    pub session: SessionToken,
}

/// ÉTAPE 12: the code received by SMS. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountConfirmMobile {
    pub session: SessionToken,
    pub code: String,
}

/// ÉTAPE 9: civility and names (ACC-05). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountSetNames {
    pub session: SessionToken,
    pub civility: Civility,
    pub given_names: Vec<String>,
    pub family_name: String,
}

/// ÉTAPE 10: "ACCEPTER" the CGU (ACC-05). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AccountAcceptCgu {
    pub session: SessionToken,
}

/// "Se connecter" with an existing Compte La Poste (ACC-02), and the Espace Client login.
/// Reply: [`LoggedIn`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct WebLogin {
    pub email: String,
    pub password: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoggedIn {
    pub session: SessionToken,
}

/// How a forgotten password is reset.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ResetMethod {
    /// Compte La Poste: a link by e-mail, valid 2 hours (ACC-06).
    Link,
    /// Espace Client: a 6-digit code by e-mail (ACC-07).
    Code,
}

/// "Mot de passe oublié": the SUT e-mails a link or a code. Reply: `Ack` (also for an
/// unknown address, so that the page does not reveal which addresses have an account).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetRequest {
    pub email: String,
    pub method: ResetMethod,
}

/// Completes a reset with the token of the link (the `token` query parameter, as a person
/// following the link would send it) or the code of the e-mail. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetComplete {
    pub email: String,
    pub secret: String,
    pub new_password: String,
}
