//! A login at a partner service behind FranceConnect+, as values (AUTH-01..07): who logs
//! in, the login under way with what FranceConnect+ keeps for it (state, nonce, PKCE
//! verifier), and the outcome with its checked claims. The service's and the app's side
//! of a login, which call the SUT, are the world's (`world/partner.rs`).

use crate::actors::person::PersonId;
use idn_contract::login::{Acr, Tokens};
use idn_contract::token::IdTokenClaims;
use idn_contract::{AuthRequestId, PhoneNumber, Timestamp};

/// Who logs in: a person (by their current number) or a number typed on the page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LoginHint {
    Person(PersonId),
    Number(PhoneNumber),
}

impl From<PersonId> for LoginHint {
    fn from(person: PersonId) -> Self {
        LoginHint::Person(person)
    }
}

impl From<PhoneNumber> for LoginHint {
    fn from(number: PhoneNumber) -> Self {
        LoginHint::Number(number)
    }
}

/// A login under way at the partner service.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginAttempt {
    pub request: AuthRequestId,
    pub service: String,
    pub acr: Acr,
    pub state: String,
    pub nonce: String,
    pub login_hint: PhoneNumber,
    /// PKCE: the verifier FranceConnect+ keeps for the token request.
    pub code_verifier: String,
    /// What the page says while waiting (AUTH-02).
    pub page_message: String,
    pub started_at: Timestamp,
}

/// A login the service completed: the tokens and their checked claims.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginOutcome {
    pub claims: IdTokenClaims,
    pub tokens: Tokens,
    /// "Identification réussie" (AUTH-01).
    pub page_message: String,
}
