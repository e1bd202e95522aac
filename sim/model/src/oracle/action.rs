//! The oracle's vocabulary: what happens to an identity ([`Action`]) and what a conformant
//! identity provider must answer ([`Expectation`]).
//!
//! Actions are at the level of the rules, not of the wire: `Login` stands for an
//! authorization request followed by the app's approval, `VerificationSucceeded` for an
//! agent's or AR24's positive report. A harness maps each to one or more contract calls.

use crate::address::AddressKind;
use crate::device::Os;
use crate::document::Document;
use chrono::NaiveDate;

/// The three verification modes of VER-01, with what the form asks for each.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mode {
    /// "Rencontrer votre facteur" at an address (VER-04).
    Postman { territory: String, kind: AddressKind },
    /// "Passage en bureau de poste" (VER-05).
    PostOffice,
    /// 100% online through an AR24 LRE (AR24-01).
    Online { ar24_cgu_accepted: bool },
}

/// One step of an identity's life.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// ÉTAPES 14 and 15: the document's type and dates, and the holder's birth date
    /// (ELIG-01, ELIG-02, DOC-01..03). Also "MODIFIER" before confirming.
    SubmitIdentity { holder_birth: NaiveDate, document: Document },
    /// ÉTAPE 16: "VALIDER" (DOC-05).
    ConfirmIdentity,
    /// ÉTAPE 17 or "changer le mode de vérification" (VER-01, VER-07, VER-08, VER-09).
    ChooseVerification(Mode),
    /// AR24 reports the LRE delivered; its 15 days start (AR24-04).
    LreDelivered,
    /// AR24 reports the LRE expired unread (AR24-04).
    LreExpired,
    /// The recipient did AR24's visual identification (AR24-05): from now on the 15 days of
    /// the letter no longer free the mode (VER-08); the review's result decides.
    LreIdentified,
    /// The rounds system reports the postman's visit did not take place (VER-07).
    AppointmentMissed,
    /// A postman or a clerk reports an in-person check (VER-02, VER-03, VER-05): the
    /// document and the face match, and the activation code shown is the one received
    /// (`code_ok`). A wrong or expired code fails the verification (VER-03: any mismatch
    /// fails it); the check is recorded, not refused.
    InPersonCheck { code_ok: bool },
    /// A postman, a clerk or AR24's review reports a successful verification (VER-03).
    VerificationSucceeded,
    /// A postman, a clerk or AR24 reports a failed verification (VER-03, VER-09, VER-10).
    VerificationFailed,
    /// The app's activation on `device` (ACT-01, MGT-08): the OS, then on a new smartphone
    /// while another is active the last 4 characters of the document number (MGT-07), then
    /// the secret code (ACT-03).
    /// The SMS code of the challenge is typed as `sms` says (ACC-08: it expires, a wrong
    /// one is refused).
    Activate { device: String, os: Os, os_major: u32, sms: Typing, suffix_ok: bool, pin: String },
    /// The app's activation on `device` with « Nouveau numéro » (MGT-08): the SMS code goes
    /// to a new number (typed on time: whoever holds that number reads it), then the
    /// document suffix if asked (MGT-07), then the code e-mailed to the account's address
    /// (FRAUD-02), typed as `email` says or not at all (`None`: a fraudster who cannot read
    /// the holder's mailbox), then the secret code.
    ActivateNewNumber {
        device: String,
        os: Os,
        os_major: u32,
        suffix_ok: bool,
        email: Option<Typing>,
        pin: String,
    },
    /// "Modifier votre code secret" / "Code oublié" in the app on `device` (MGT-04).
    ChangePin { device: String, pin: String },
    /// A login at a partner service approved in the app on `device` with the right
    /// (`pin_ok`) or a wrong secret code (AUTH-01, AUTH-05, AUTH-08, FRAUD-03).
    Login { device: String, pin_ok: bool },
    /// A login request for the identity's number that nobody answers: a fraudster's, or a
    /// flood of them (FRAUD-03). Counted like any other once the state allows it.
    RequestLogin,
    /// A login request refused in the app on `device` ("Je refuse", AUTH-03, FRAUD-01).
    RefuseLogin { device: String },
    /// The app on `device` answers the login request `request` (its number among the
    /// requests the oracle knows, from 0, in the order they were made), later than when
    /// it was made: approved with the right or a wrong secret code (`Some(pin_ok)`), or
    /// refused (`None`) (AUTH-01, AUTH-03, AUTH-05, AUTH-06, SEC-40, SEC-41).
    AnswerLogin { request: usize, device: String, approve: Option<bool> },
    /// Blocking from the Espace Client, with the right or wrong document suffix (MGT-05).
    Block { suffix_ok: bool },
    /// Unblocking from the Espace Client (MGT-05).
    Unblock { suffix_ok: bool },
    /// Deleting from the app (`via_app`) or the Espace Client, with the box ticked
    /// (`confirmed`) and the document suffix (MGT-06).
    /// From the app, on `device`.
    Delete { via_app: bool, device: String, confirmed: bool, suffix_ok: bool },
}

/// How a person types a code received by SMS or e-mail (ACC-08).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Typing {
    /// Within its lifetime, as received.
    OnTime,
    /// Within its lifetime, but not the code received (a guess, a typo).
    Wrong,
    /// As received, once its lifetime has passed.
    Late,
    /// A code already used once, from an earlier challenge (a replay).
    Reused,
}

/// No identity to act on (the contract's `not_found`).
pub const NOT_FOUND: &str = "not_found";

/// ACC-08: a code that is not the one sent (the contract's `code_invalid`).
pub const CODE_INVALID: &str = "code_invalid";

/// FRAUD-02: « Nouveau numéro » waits for the code e-mailed to the account's address
/// (the contract's `email_confirmation_required`).
pub const EMAIL_CONFIRMATION_REQUIRED: &str = "email_confirmation_required";

/// What a conformant identity provider must answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expectation {
    Accepted,
    /// Refused with this contract code (one of [`crate::REFUSAL_CODES`]).
    Refused(&'static str),
}

impl Expectation {
    pub fn is_accepted(self) -> bool {
        self == Expectation::Accepted
    }

    /// The refusal code, if refused.
    pub fn refusal(self) -> Option<&'static str> {
        match self {
            Expectation::Accepted => None,
            Expectation::Refused(code) => Some(code),
        }
    }
}

impl From<Result<(), &'static str>> for Expectation {
    fn from(result: Result<(), &'static str>) -> Self {
        match result {
            Ok(()) => Expectation::Accepted,
            Err(code) => Expectation::Refused(code),
        }
    }
}
