//! A login at a partner service behind FranceConnect+, as values (AUTH-01..07): who logs
//! in, the login under way with what FranceConnect+ keeps for it (state, nonce, PKCE
//! verifier), and the outcome with its checked claims. The service's and the app's side
//! of a login, which call the SUT, are the world's (`world/partner.rs`).
//!
//! FranceConnect+ does everything as OpenID Connect says. To probe an implementation's
//! security (SECURITY.md), it can also send one request with one thing changed: an
//! authorization request with a given state, another redirect URI or no PKCE challenge
//! ([`AuthorizeAs`]), a token request with a wrong verifier or secret, another redirect
//! URI or the secret in an HTTP Basic header ([`ExchangeAs`]).

use crate::actors::person::PersonId;
use idn_contract::login::{Acr, ClientAuth, Tokens};
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
    /// The redirect URI the authorization request carried.
    pub redirect_uri: String,
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
    /// When FranceConnect+ received the tokens, on the world's clock (SEC-14).
    pub received_at: Timestamp,
}

/// What the waiting page gets back once the holder approved: the authorization code, and
/// the state and redirect URI the browser returns with (AUTH-01, SEC-08).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Approval {
    pub code: String,
    pub state: String,
    pub redirect_uri: String,
    pub page_message: String,
}

/// An authorization request as FranceConnect+ sends it, with at most a few things
/// changed; the default is the request as it should be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AuthorizeAs {
    /// This state instead of one drawn from FranceConnect+'s stream (SEC-08).
    pub state: Option<String>,
    /// This redirect URI instead of the registered one (SEC-05).
    pub redirect_uri: Option<String>,
    /// No PKCE challenge at all (SEC-01).
    pub without_challenge: bool,
}

/// The PKCE verifier of a token request (SEC-02).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Verifier {
    /// The one whose challenge the authorization request carried.
    #[default]
    Kept,
    /// Another one, as an attacker who injects a stolen code would send.
    Wrong,
    /// None at all.
    Missing,
    /// The challenge itself: what a server that accepts the `plain` method compares.
    Challenge,
}

/// The client credentials of a token request (SEC-03).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Credentials {
    /// FranceConnect+'s client id and registered secret.
    #[default]
    Registered,
    /// Its client id with a wrong secret.
    WrongSecret,
    /// A client id the implementation never registered.
    UnknownClient,
}

/// A token request as FranceConnect+ sends it, with at most a few things changed; the
/// default is the request as it should be.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ExchangeAs {
    pub verifier: Verifier,
    pub credentials: Credentials,
    /// This redirect URI instead of the authorization request's (SEC-05).
    pub redirect_uri: Option<String>,
    /// How the secret travels over HTTP (SEC-04).
    pub client_auth: ClientAuth,
}
