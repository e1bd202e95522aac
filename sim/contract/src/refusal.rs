//! Refusals: what the SUT says when the rules say no, with a stable machine-readable code.

use serde::{Deserialize, Serialize};
use std::fmt;

/// Every refusal code of the contract. Features assert on these (`pin_too_simple`), so a
/// code never changes meaning; new ones are added at the end of their group.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum RefusalCode {
    // Any request.
    InvalidRequest,
    NotFound,
    StepOutOfOrder,
    SessionInvalid,
    // Compte La Poste (ACC).
    EmailInvalid,
    EmailAlreadyUsed,
    CodeInvalid,
    CodeExpired,
    CodeAttemptsExceeded,
    PasswordTooWeak,
    PhoneInvalid,
    CallingCodeNotEligible,
    SmsResendTooSoon,
    CguNotAccepted,
    AccountIncomplete,
    BadCredentials,
    ResetLinkInvalid,
    ResetLinkExpired,
    // Enrolment (ELIG, DOC, ENR).
    NoFrenchDocument,
    Underage,
    DocumentExpired,
    ResidencePermitTooShort,
    DocumentDataInvalid,
    IdentityAlreadyExists,
    // Verification (VER, AR24).
    NotAwaitingVerification,
    AddressNotEligible,
    DateNotAvailable,
    Ar24CguNotAccepted,
    ModeChangeLocked,
    OfficeNotParticipating,
    AppointmentUnknown,
    LetterUnknown,
    // Activation and the app (ACT, MGT-08).
    IdentityNotVerified,
    OsUnsupported,
    PinFormat,
    PinTooSimple,
    DocumentSuffixMismatch,
    DocumentSuffixRequired,
    DeviceNotActive,
    EmailConfirmationRequired,
    // The identity's state (AUTH-08), as the app and the Espace Client tell the holder;
    // never at the login page (`UnknownLoginHint`).
    IdentityBlocked,
    IdentityDeleted,
    IdentityExpired,
    IdentityNotActivated,
    // Login (AUTH, FRAUD).
    /// The login page's one answer (`Authorize`) for a number with no identity that can
    /// log in: unknown, or whose identity is not activated, blocked, deleted or expired
    /// (« Aucune Identité Numérique utilisable n'est associée à ce numéro. »). No account
    /// enumeration (OWASP ASVS 5.0 6.3.8): a caller cannot tell these numbers apart, and
    /// the request was counted against the number's FRAUD-03 rate limit before the answer,
    /// as for any number (a flood on an unknown number is `rate_limited` too). The holder
    /// learns the reason in the app (`AppStart`, `AppApprove`) and in the Espace Client.
    UnknownLoginHint,
    AcrNotSupported,
    InvalidClient,
    RateLimited,
    RequestExpired,
    RequestClosed,
    PinWrong,
    PinLocked,
    InvalidGrant,
    InvalidToken,
    // Management (MGT).
    PasswordWrong,
    AppNotActivated,
    DeleteNotConfirmed,
    DeleteViaAppRequired,
    DeleteViaWebRequired,
    AlreadyBlocked,
    NotBlocked,
    // Test clock.
    ClockUnknown,
    ClockBackwards,
}

impl RefusalCode {
    /// The code as it travels on the wire and as features write it.
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .expect("a unit enum variant serializes to a string")
    }

    /// Parses a code written in a feature or received on the wire.
    pub fn parse(code: &str) -> Option<Self> {
        serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
    }
}

impl fmt::Display for RefusalCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_str())
    }
}

/// A refusal the contract allows: a code, a message for a person, and the details some
/// codes carry (how long before retrying, how many attempts are left).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Refusal {
    pub code: RefusalCode,
    pub message: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after_s: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attempts_left: Option<u32>,
}

impl Refusal {
    pub fn new(code: RefusalCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into(), retry_after_s: None, attempts_left: None }
    }

    pub fn retry_after(mut self, seconds: u64) -> Self {
        self.retry_after_s = Some(seconds);
        self
    }

    pub fn attempts_left(mut self, left: u32) -> Self {
        self.attempts_left = Some(left);
        self
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.message)
    }
}

/// Why a call did not give the expected reply.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    /// The SUT refused, as the contract allows.
    #[error("refused with {0}")]
    Refused(Refusal),
    /// The SUT could not be reached or did not answer in time.
    #[error("{request}: transport failure: {detail}")]
    Transport { request: String, detail: String },
    /// The SUT answered something the contract does not allow.
    #[error("{request}: protocol violation: {detail}")]
    Protocol { request: String, detail: String },
}

impl CallError {
    /// The refusal code, if this is a refusal.
    pub fn refusal_code(&self) -> Option<RefusalCode> {
        match self {
            CallError::Refused(r) => Some(r.code),
            _ => None,
        }
    }
}

impl From<Refusal> for CallError {
    fn from(refusal: Refusal) -> Self {
        CallError::Refused(refusal)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that codes travel as the snake_case strings features write.
    #[test]
    fn codes_round_trip_as_snake_case() {
        assert_eq!(RefusalCode::PinTooSimple.as_str(), "pin_too_simple");
        assert_eq!(RefusalCode::parse("document_expired"), Some(RefusalCode::DocumentExpired));
        assert_eq!(RefusalCode::parse("no_such_code"), None);
    }
}
