//! OpenID Connect around the id_token: the discovery document and the JWKS a SUT publishes
//! (`OidcDiscovery`, `OidcJwks`), and the validation FranceConnect+ applies to an id_token
//! before it trusts a single claim ([`verify_id_token`]).
//!
//! The id_token is a compact JWS signed ES256 (ECDSA P-256 with SHA-256, RFC 7518 §3.4)
//! with a `kid` that names a key of the JWKS. Nothing else is accepted: not `alg: none`,
//! not HS256 (whose "key" would be the public JWKS), not RS256.

use crate::login::Acr;
use crate::token::{IdTokenClaims, TokenError};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use p256::ecdsa::signature::Verifier;
use p256::ecdsa::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The only signing algorithm of id_tokens.
pub const ES256: &str = "ES256";
/// How far ahead of the verifier's clock an `iat` may be (the two clocks may differ by a
/// little over HTTP; in-process they are the same test clock).
pub const CLOCK_LEEWAY_S: i64 = 60;

/// `GET /.well-known/openid-configuration`. Reply: [`DiscoveryDocument`]. Needs no state:
/// any SUT answers it on any clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OidcDiscovery;

/// `GET /jwks`. Reply: [`Jwks`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OidcJwks;

/// OpenID Connect Discovery 1.0 §3, the fields FranceConnect+ reads. Its JSON is the
/// document itself. The fields the specification makes optional default to empty when a
/// SUT leaves them out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct DiscoveryDocument {
    /// The `iss` of every id_token.
    pub issuer: String,
    pub authorization_endpoint: String,
    pub token_endpoint: String,
    #[serde(default)]
    pub userinfo_endpoint: String,
    pub jwks_uri: String,
    /// `["code"]`.
    pub response_types_supported: Vec<String>,
    /// `["authorization_code"]`.
    #[serde(default)]
    pub grant_types_supported: Vec<String>,
    /// `["public"]`.
    pub subject_types_supported: Vec<String>,
    /// `["ES256"]`.
    pub id_token_signing_alg_values_supported: Vec<String>,
    /// `["eidas1", "eidas2"]`.
    #[serde(default)]
    pub acr_values_supported: Vec<String>,
    /// `["S256"]`.
    #[serde(default)]
    pub code_challenge_methods_supported: Vec<String>,
    #[serde(default)]
    pub scopes_supported: Vec<String>,
    #[serde(default)]
    pub claims_supported: Vec<String>,
    /// How a client authenticates at the token endpoint: `client_secret_basic` and
    /// `client_secret_post` ([`crate::login::ClientAuth`]); absent means
    /// `client_secret_basic` only (Discovery 1.0 §3).
    #[serde(default)]
    pub token_endpoint_auth_methods_supported: Vec<String>,
    /// RFC 9207: the authorization response carries `iss` (a defence against mix-up
    /// attacks, RFC 9700 §4.4); absent means `false`.
    #[serde(default)]
    pub authorization_response_iss_parameter_supported: bool,
    /// A page for the developers of a client: for the reference, what it is (a test
    /// provider whose signing key is derived from a public seed) and how to use it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service_documentation: Option<String>,
}

/// A JSON Web Key Set (RFC 7517 §5). Its JSON is `{"keys": [...]}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwks {
    pub keys: Vec<Jwk>,
}

/// An elliptic-curve public key (RFC 7518 §6.2). Keys of other types may sit in a SUT's
/// set: their missing EC members read as empty and they never match an ES256 token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Jwk {
    /// `EC`.
    pub kty: String,
    /// `P-256`.
    #[serde(default)]
    pub crv: String,
    /// The affine coordinates, 32 bytes each, base64url without padding.
    #[serde(default)]
    pub x: String,
    #[serde(default)]
    pub y: String,
    /// `sig`.
    #[serde(rename = "use", default)]
    pub use_: String,
    /// `ES256`.
    #[serde(default)]
    pub alg: String,
    pub kid: String,
}

impl Jwk {
    /// The public key of a P-256 point given by its coordinates.
    pub fn es256(kid: impl Into<String>, x: &[u8; 32], y: &[u8; 32]) -> Jwk {
        Jwk {
            kty: "EC".to_string(),
            crv: "P-256".to_string(),
            x: URL_SAFE_NO_PAD.encode(x),
            y: URL_SAFE_NO_PAD.encode(y),
            use_: "sig".to_string(),
            alg: ES256.to_string(),
            kid: kid.into(),
        }
    }

    /// The RFC 7638 thumbprint of an EC key, base64url: a `kid` that names the key itself.
    pub fn thumbprint(&self) -> String {
        use sha2::Digest;
        // RFC 7638 §3.2: the required members only, in lexicographic order, no spaces.
        let canonical = format!(
            r#"{{"crv":"{}","kty":"{}","x":"{}","y":"{}"}}"#,
            self.crv, self.kty, self.x, self.y
        );
        URL_SAFE_NO_PAD.encode(sha2::Sha256::digest(canonical.as_bytes()))
    }

    /// The key as a P-256 verifying key, or why it is not one.
    fn verifying_key(&self) -> Result<VerifyingKey, TokenError> {
        let bad =
            |detail: &str| TokenError::BadKey { kid: self.kid.clone(), detail: detail.into() };
        if self.kty != "EC" || self.crv != "P-256" {
            return Err(bad(&format!("kty {} crv {} is not an ec p-256 key", self.kty, self.crv)));
        }
        if !self.alg.is_empty() && self.alg != ES256 {
            return Err(bad(&format!("the key is for {}, not es256", self.alg)));
        }
        let coordinate = |name: &str, text: &str| -> Result<[u8; 32], TokenError> {
            let bytes = URL_SAFE_NO_PAD.decode(text).map_err(|e| bad(&format!("{name}: {e}")))?;
            <[u8; 32]>::try_from(bytes.as_slice())
                .map_err(|_| bad(&format!("{name} has {} bytes, not 32", bytes.len())))
        };
        let (x, y) = (coordinate("x", &self.x)?, coordinate("y", &self.y)?);
        let point = p256::EncodedPoint::from_affine_coordinates(&x.into(), &y.into(), false);
        VerifyingKey::from_encoded_point(&point).map_err(|_| bad("the point is not on p-256"))
    }
}

/// What FranceConnect+ expects of an id_token.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expectation<'a> {
    /// The `issuer` of the SUT's discovery document.
    pub issuer: &'a str,
    /// FranceConnect+'s client id.
    pub audience: &'a str,
    /// The nonce of the authorization request.
    pub nonce: &'a str,
    /// The verifier's "now", in Unix seconds.
    pub now_unix: i64,
    /// The acr asked for: the token's must be at least this one.
    pub acr_min: Acr,
}

/// The JOSE header of a JWS, the members read here.
#[derive(Debug, Deserialize)]
struct JwsHeader {
    alg: String,
    #[serde(default)]
    kid: Option<String>,
}

/// Validates an id_token as FranceConnect+ does, in this order: the form (three base64url
/// parts), the header (`alg` ES256 and a `kid` of the JWKS), the signature over
/// `header.payload`, then the claims: `iss`, `aud`, `nonce`, `exp` after now, `iat` not
/// after now (within [`CLOCK_LEEWAY_S`]), `acr` at least the one asked. The first failure
/// is returned, naming the part or the claim.
pub fn verify_id_token(
    jwt: &str,
    jwks: &Jwks,
    expected: &Expectation<'_>,
) -> Result<IdTokenClaims, TokenError> {
    let mut parts = jwt.split('.');
    let (Some(header), Some(payload), Some(signature), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(TokenError::NotCompact);
    };
    let header_bytes = decode_part("header", header)?;
    let header: JwsHeader =
        serde_json::from_slice(&header_bytes).map_err(|e| TokenError::Header(e.to_string()))?;
    if header.alg != ES256 {
        return Err(TokenError::Algorithm(header.alg));
    }
    let kid = header.kid.ok_or(TokenError::MissingKid)?;
    let key = jwks.keys.iter().find(|k| k.kid == kid).ok_or(TokenError::UnknownKid(kid))?;
    let verifying_key = key.verifying_key()?;
    let signature = decode_part("signature", signature)?;
    let signature = Signature::from_slice(&signature).map_err(|_| {
        TokenError::Signature(format!("{} bytes are not an es256 signature", signature.len()))
    })?;
    let signing_input = &jwt[..signing_input_len(jwt)];
    verifying_key
        .verify(signing_input.as_bytes(), &signature)
        .map_err(|_| TokenError::Signature(format!("it does not verify with key {}", key.kid)))?;
    let claims: IdTokenClaims = serde_json::from_slice(&decode_part("payload", payload)?)
        .map_err(|e| TokenError::Claims(e.to_string()))?;
    check_claims(&claims, expected)?;
    Ok(claims)
}

/// The length of `header.payload`, the JWS signing input (RFC 7515 §5.1).
fn signing_input_len(jwt: &str) -> usize {
    jwt.rfind('.').expect("a compact JWT has its dots")
}

fn decode_part(part: &'static str, text: &str) -> Result<Vec<u8>, TokenError> {
    URL_SAFE_NO_PAD.decode(text).map_err(|e| TokenError::Base64 { part, detail: e.to_string() })
}

fn check_claims(claims: &IdTokenClaims, expected: &Expectation<'_>) -> Result<(), TokenError> {
    same("iss", expected.issuer, &claims.iss)?;
    same("aud", expected.audience, &claims.aud)?;
    same("nonce", expected.nonce, &claims.nonce)?;
    let now = expected.now_unix;
    if claims.exp <= now {
        return Err(claim("exp", format!("after {now}"), claims.exp.to_string()));
    }
    if claims.iat > now + CLOCK_LEEWAY_S {
        let latest = now + CLOCK_LEEWAY_S;
        return Err(claim("iat", format!("at most {latest}"), claims.iat.to_string()));
    }
    if claims.acr < expected.acr_min {
        let acr = |a: Acr| serde_json::to_value(a).expect("an acr serializes").to_string();
        return Err(claim("acr", format!("at least {}", acr(expected.acr_min)), acr(claims.acr)));
    }
    Ok(())
}

fn same(name: &'static str, expected: &str, got: &str) -> Result<(), TokenError> {
    match expected == got {
        true => Ok(()),
        false => Err(claim(name, expected.to_string(), got.to_string())),
    }
}

fn claim(claim: &'static str, expected: String, got: String) -> TokenError {
    TokenError::Claim { claim, expected, got }
}

#[cfg(test)]
mod tests {
    use super::*;
    use p256::ecdsa::SigningKey;
    use p256::ecdsa::signature::Signer;

    const NOW: i64 = 1_700_000_000;

    fn key(byte: u8) -> SigningKey {
        SigningKey::from_bytes(&[byte; 32].into()).expect("a valid scalar")
    }

    fn jwk(key: &SigningKey, kid: &str) -> Jwk {
        let point = key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().expect("x"), point.y().expect("y"));
        Jwk::es256(kid, &(*x).into(), &(*y).into())
    }

    fn claims() -> IdTokenClaims {
        crate::token::sample_claims(NOW)
    }

    fn expected() -> Expectation<'static> {
        Expectation {
            issuer: "https://idn.example",
            audience: "franceconnect-plus",
            nonce: "n-1",
            now_unix: NOW,
            acr_min: Acr::Eidas2,
        }
    }

    fn b64(bytes: &[u8]) -> String {
        URL_SAFE_NO_PAD.encode(bytes)
    }

    fn sign(key: &SigningKey, header: &str, claims: &IdTokenClaims) -> String {
        let input =
            format!("{}.{}", b64(header.as_bytes()), b64(&serde_json::to_vec(claims).unwrap()));
        let signature: Signature = key.sign(input.as_bytes());
        format!("{input}.{}", b64(&signature.to_bytes()))
    }

    const HEADER: &str = r#"{"alg":"ES256","typ":"JWT","kid":"k1"}"#;

    fn jwks() -> Jwks {
        Jwks { keys: vec![jwk(&key(7), "k1")] }
    }

    fn verify(jwt: &str) -> Result<IdTokenClaims, TokenError> {
        verify_id_token(jwt, &jwks(), &expected())
    }

    // Checks that a token signed with the published key and the expected claims is accepted.
    #[test]
    fn a_good_token_verifies() {
        assert_eq!(verify(&sign(&key(7), HEADER, &claims())), Ok(claims()));
    }

    // Checks that a payload changed after signing, or a key not the published one, fails
    // the signature, and that an unknown or missing kid is refused before.
    #[test]
    fn tampering_and_other_keys_fail_the_signature() {
        let jwt = sign(&key(7), HEADER, &claims());
        let mut other = claims();
        other.identity.family_name = "Martin".into();
        let parts: Vec<&str> = jwt.split('.').collect();
        let forged =
            format!("{}.{}.{}", parts[0], b64(&serde_json::to_vec(&other).unwrap()), parts[2]);
        assert!(matches!(verify(&forged), Err(TokenError::Signature(_))), "{:?}", verify(&forged));
        let by_other_key = sign(&key(8), HEADER, &claims());
        assert!(matches!(verify(&by_other_key), Err(TokenError::Signature(_))));
        let unknown = sign(&key(7), r#"{"alg":"ES256","kid":"k2"}"#, &claims());
        assert_eq!(verify(&unknown), Err(TokenError::UnknownKid("k2".into())));
        let no_kid = sign(&key(7), r#"{"alg":"ES256"}"#, &claims());
        assert_eq!(verify(&no_kid), Err(TokenError::MissingKid));
    }

    // Checks that `alg: none`, HS256 and RS256 are refused whatever the signature, and
    // that garbage is refused naming the part.
    #[test]
    fn only_es256_is_accepted() {
        let payload = b64(&serde_json::to_vec(&claims()).unwrap());
        let none = format!("{}.{payload}.", b64(br#"{"alg":"none","typ":"JWT"}"#));
        assert_eq!(verify(&none), Err(TokenError::Algorithm("none".into())));
        for alg in ["HS256", "RS256", "es256"] {
            let header = format!(r#"{{"alg":"{alg}","kid":"k1"}}"#);
            assert_eq!(
                verify(&sign(&key(7), &header, &claims())),
                Err(TokenError::Algorithm(alg.into()))
            );
        }
        assert_eq!(verify("abc"), Err(TokenError::NotCompact));
        assert!(matches!(verify("!!.b.c"), Err(TokenError::Base64 { part: "header", .. })));
        assert!(matches!(verify(&format!("{}.b.c", b64(b"[]"))), Err(TokenError::Header(_))));
    }

    // Checks that each claim FranceConnect+ checks is refused by name when it is wrong.
    #[test]
    fn each_claim_mismatch_is_named() {
        type Change = fn(&mut IdTokenClaims);
        let cases: [(&str, Change); 7] = [
            ("iss", |c| c.iss = "https://evil.example".into()),
            ("aud", |c| c.aud = "another-client".into()),
            ("nonce", |c| c.nonce = "n-2".into()),
            ("exp", |c| c.exp = NOW),
            ("iat", |c| c.iat = NOW + CLOCK_LEEWAY_S + 1),
            ("acr", |c| c.acr = Acr::Eidas1),
            ("exp", |c| c.exp = NOW - 3600),
        ];
        for (name, change) in cases {
            let mut bad = claims();
            change(&mut bad);
            match verify(&sign(&key(7), HEADER, &bad)) {
                Err(TokenError::Claim { claim, .. }) => assert_eq!(claim, name),
                other => panic!("{name}: {other:?}"),
            }
        }
        // Within the leeway, and a higher acr than asked, are fine.
        let mut fine = claims();
        fine.iat = NOW + CLOCK_LEEWAY_S;
        assert!(verify(&sign(&key(7), HEADER, &fine)).is_ok());
        let low = Expectation { acr_min: Acr::Eidas1, ..expected() };
        assert!(verify_id_token(&sign(&key(7), HEADER, &claims()), &jwks(), &low).is_ok());
    }

    // Checks the JSON of a JWKS and a discovery document, which are the OIDC documents
    // themselves, and that a key of another type in a set is read and never used.
    #[test]
    fn documents_have_the_oidc_shape() {
        let set = jwks();
        let json = serde_json::to_value(&set).unwrap();
        let k = &json["keys"][0];
        assert_eq!((k["kty"].as_str(), k["crv"].as_str()), (Some("EC"), Some("P-256")));
        assert_eq!(
            (k["use"].as_str(), k["alg"].as_str(), k["kid"].as_str()),
            (Some("sig"), Some("ES256"), Some("k1"))
        );
        assert_eq!(k["x"].as_str().unwrap().len(), 43);
        assert_eq!(k.as_object().unwrap().len(), 7);
        let rsa: Jwks =
            serde_json::from_str(r#"{"keys":[{"kty":"RSA","kid":"k1","n":"AQAB","e":"AQAB"}]}"#)
                .unwrap();
        let jwt = sign(&key(7), HEADER, &claims());
        assert!(matches!(verify_id_token(&jwt, &rsa, &expected()), Err(TokenError::BadKey { .. })));
        let doc: DiscoveryDocument = serde_json::from_value(serde_json::json!({
            "issuer": "https://idn.example", "authorization_endpoint": "a", "token_endpoint": "t",
            "jwks_uri": "j", "response_types_supported": ["code"],
            "subject_types_supported": ["public"], "id_token_signing_alg_values_supported": ["ES256"],
        }))
        .unwrap();
        assert!(doc.claims_supported.is_empty());
        assert_eq!(set.keys[0].thumbprint().len(), 43);
    }
}
