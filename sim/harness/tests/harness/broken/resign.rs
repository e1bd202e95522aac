//! A signing key of the broken implementations' own, for those that change an id_token's
//! claims: the reference signed the token, so a changed claim needs a new signature, and
//! the JWKS the implementation publishes becomes this key's. A relying party that checks
//! the signature against the published JWKS (as FranceConnect+ does) then accepts the
//! changed token: what is wrong with it is the claim, which only the claim's check catches.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use idn_contract::oidc::{ES256, Jwk, Jwks};
use idn_contract::token::{IdTokenClaims, decode_claims_unverified};
use idn_contract::{CallError, Reply};
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};

/// The key's id in the JWKS and in every header it signs.
const KID: &str = "broken-implementation-key";

/// The broken implementations' signing key.
pub struct Resigner {
    key: SigningKey,
}

impl Resigner {
    pub fn new() -> Self {
        Self { key: SigningKey::from_bytes(&[7u8; 32].into()).expect("a valid scalar") }
    }

    /// The JWKS that publishes this key alone.
    pub fn jwks(&self) -> Jwks {
        let point = self.key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().expect("uncompressed"), point.y().expect("uncompressed"));
        Jwks { keys: vec![Jwk::es256(KID, &(*x).into(), &(*y).into())] }
    }

    /// `claims` as a compact JWS signed ES256 by this key.
    pub fn sign(&self, claims: &IdTokenClaims) -> String {
        let header = serde_json::json!({ "alg": ES256, "typ": "JWT", "kid": KID });
        let payload = serde_json::to_vec(claims).expect("claims serialize");
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let signature: Signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }

    /// A reply with this key as the JWKS, and every id_token signed again after `change`.
    pub fn rewrite(
        &self,
        reply: Result<Reply, CallError>,
        change: impl FnOnce(&mut IdTokenClaims),
    ) -> Result<Reply, CallError> {
        match reply {
            Ok(Reply::Jwks(_)) => Ok(Reply::Jwks(self.jwks())),
            Ok(Reply::Tokens(mut tokens)) => {
                let mut claims =
                    decode_claims_unverified(&tokens.id_token).expect("the reference's id_token");
                change(&mut claims);
                tokens.id_token = self.sign(&claims);
                Ok(Reply::Tokens(tokens))
            }
            other => other,
        }
    }
}
