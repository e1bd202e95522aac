//! The identity claims FranceConnect expects, and the id_token that carries them.
//!
//! An id_token is a JWT in compact form. This crate reads its claims; verifying its
//! signature against the SUT's JWKS is the OpenID Connect layer's job over HTTP.

use crate::login::Acr;
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::{Deserialize, Serialize};

/// The identity claims (FranceConnect's `openid` scope plus the identity ones).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
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

/// Why a token could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TokenError {
    #[error("not a compact JWT (expected three dot-separated parts)")]
    NotCompact,
    #[error("payload is not base64url: {0}")]
    Base64(String),
    #[error("payload does not hold the expected claims: {0}")]
    Claims(String),
}

/// Encodes claims as an unsigned JWT (`alg: none`), the in-process form. A server signs.
pub fn encode_unsigned(claims: &IdTokenClaims) -> String {
    let header = URL_SAFE_NO_PAD.encode(br#"{"alg":"none","typ":"JWT"}"#);
    let payload = serde_json::to_vec(claims).expect("claims serialize");
    format!("{header}.{}.", URL_SAFE_NO_PAD.encode(payload))
}

/// Reads the claims of a compact JWT without checking its signature.
pub fn decode_claims_unverified(jwt: &str) -> Result<IdTokenClaims, TokenError> {
    let mut parts = jwt.split('.');
    let (Some(_header), Some(payload), Some(_signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::NotCompact);
    };
    let bytes = URL_SAFE_NO_PAD.decode(payload).map_err(|e| TokenError::Base64(e.to_string()))?;
    serde_json::from_slice(&bytes).map_err(|e| TokenError::Claims(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that an encoded id_token decodes to the same claims, and garbage does not.
    #[test]
    fn id_token_round_trips_and_garbage_is_refused() {
        let claims = IdTokenClaims {
            iss: "https://idn.example".into(),
            aud: "franceconnect-plus".into(),
            exp: 1_700_000_600,
            iat: 1_700_000_000,
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
        };
        let jwt = encode_unsigned(&claims);
        assert_eq!(decode_claims_unverified(&jwt), Ok(claims));
        assert_eq!(decode_claims_unverified("abc"), Err(TokenError::NotCompact));
        assert!(matches!(decode_claims_unverified("a.!!.c"), Err(TokenError::Base64(_))));
    }
}
