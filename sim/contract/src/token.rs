//! The identity claims FranceConnect expects, and the id_token that carries them.
//!
//! An id_token is a JWT in compact form, signed ES256; `crate::oidc` verifies it against
//! the SUT's JWKS.

use crate::login::Acr;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The identity claims (FranceConnect's `openid` scope plus the identity ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfoClaims {
    pub sub: String,
    /// All given names separated by spaces.
    pub given_name: String,
    pub family_name: String,
    /// `YYYY-MM-DD`.
    pub birthdate: String,
    /// `female` or `male`.
    pub gender: String,
    /// The birth municipality.
    pub birthplace: String,
    pub birthcountry: String,
    pub email: String,
}

/// The claims of the id_token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IdTokenClaims {
    pub iss: String,
    pub aud: String,
    pub exp: i64,
    pub iat: i64,
    pub nonce: String,
    pub acr: Acr,
    #[serde(flatten)]
    pub identity: UserInfoClaims,
}

/// Why an id_token is not accepted: unreadable, not signed as it must be, or a claim that
/// is not what the verifier expects ([`crate::oidc::verify_id_token`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("not a compact JWT (expected three dot-separated parts)")]
    NotCompact,
    #[error("the {part} is not base64url: {detail}")]
    Base64 { part: &'static str, detail: String },
    #[error("the header is not a JOSE header: {0}")]
    Header(String),
    #[error("alg {0:?} is refused: id_tokens are signed ES256")]
    Algorithm(String),
    #[error("the header names no kid")]
    MissingKid,
    #[error("kid {0:?} is not in the jwks")]
    UnknownKid(String),
    #[error("jwks key {kid:?} is unusable: {detail}")]
    BadKey { kid: String, detail: String },
    #[error("the signature is refused: {0}")]
    Signature(String),
    #[error("the payload does not hold the expected claims: {0}")]
    Claims(String),
    #[error("claim {claim}: expected {expected}, got {got}")]
    Claim { claim: &'static str, expected: String, got: String },
}

/// Reads the claims of a compact JWT without checking its signature or its claims: for
/// looking at a token already verified, never for trusting one.
pub fn decode_claims_unverified(jwt: &str) -> Result<IdTokenClaims, TokenError> {
    let mut parts = jwt.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::NotCompact);
    };
    let bytes = URL_SAFE_NO_PAD
        .decode(payload)
        .map_err(|e| TokenError::Base64 { part: "payload", detail: e.to_string() })?;
    serde_json::from_slice(&bytes).map_err(|e| TokenError::Claims(e.to_string()))
}

/// Claims for tests: Marie Claire Dupont-Durand, issued at `iat`, valid ten minutes.
#[cfg(test)]
pub(crate) fn sample_claims(iat: i64) -> IdTokenClaims {
    IdTokenClaims {
        iss: "https://idn.example".into(),
        aud: "franceconnect-plus".into(),
        exp: iat + 600,
        iat,
        nonce: "n-1".into(),
        acr: Acr::Eidas2,
        identity: UserInfoClaims {
            sub: "s1".into(),
            given_name: "Marie Claire".into(),
            family_name: "Dupont-Durand".into(),
            birthdate: "1990-05-04".into(),
            gender: "female".into(),
            birthplace: "Lyon".into(),
            birthcountry: "France".into(),
            email: "m@example.fr".into(),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that a token's claims read back whatever its signature, and garbage does not.
    #[test]
    fn claims_read_back_and_garbage_is_refused() {
        let claims = sample_claims(1_700_000_000);
        let payload = URL_SAFE_NO_PAD.encode(serde_json::to_vec(&claims).unwrap());
        let jwt = format!("e30.{payload}.c2ln");
        assert_eq!(decode_claims_unverified(&jwt), Ok(claims));
        assert_eq!(decode_claims_unverified("abc"), Err(TokenError::NotCompact));
        assert!(matches!(
            decode_claims_unverified("a.!!.c"),
            Err(TokenError::Base64 { part: "payload", .. })
        ));
    }
}
