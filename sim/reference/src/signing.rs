//! The reference's OpenID Connect keys and documents: one ES256 key derived from the seed,
//! the JWKS that publishes it, the discovery document, and id_tokens as compact JWS.
//!
//! The key is a function of the seed alone, not a draw from the request stream: a server
//! restarted on the same seed signs with the same key, and asking for the JWKS changes no
//! code or id that a later request draws. p256's ECDSA is deterministic (RFC 6979), so one
//! seed and one sequence of calls give byte-identical id_tokens. The seed is public, so the
//! key is for tests only: `idn-sim serve` says so at start-up, and `/about` (discovery's
//! `service_documentation`) too.
//!
//! ES256 only, no RS256, although OpenID Connect Core 1.0 §15.1 asks providers to support
//! RS256: FranceConnect offers ES256 and RS256 and recommends ES256, the harness (as
//! FranceConnect+) verifies ES256 only, and an RSA key derived from the seed would cost
//! about 0.4 s to generate per seed in the dev profile (measured with the `rsa` crate at
//! opt-level 1), in every scenario that fetches the JWKS, plus the `rsa` family's build
//! (about 7 s on two cores) in every crate that links the reference. A stock client that
//! defaults to RS256 (node `openid-client`) is configured with `ES256`; one that reads
//! discovery's `id_token_signing_alg_values_supported` (Authlib) needs nothing.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use idn_contract::http::{AUTHORIZE_PATH, JWKS_PATH, TOKEN_PATH, USERINFO_PATH};
use idn_contract::login::{ClientAuth, IDENTITY_SCOPES};
use idn_contract::oidc::{DiscoveryDocument, ES256, Jwk, Jwks};
use idn_contract::token::IdTokenClaims;
use p256::ecdsa::signature::Signer as _;
use p256::ecdsa::{Signature, SigningKey};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use sha2::{Digest, Sha256};

/// What names the key's stream, so that it is unrelated to the request stream of the seed.
const KEY_LABEL: &str = "oidc-signing-key";

/// The key of a seed, derived the first time it is needed: deriving its public form is
/// most of the cost of a new reference, and a fuzzing case or a scenario that signs no
/// id_token and serves no JWKS never needs it.
pub(crate) struct LazySigner {
    seed: u64,
    signer: std::sync::OnceLock<Signer>,
}

impl LazySigner {
    pub(crate) fn new(seed: u64) -> Self {
        Self { seed, signer: std::sync::OnceLock::new() }
    }

    pub(crate) fn get(&self) -> &Signer {
        self.signer.get_or_init(|| Signer::from_seed(self.seed))
    }
}

/// The signing key and its public form.
pub(crate) struct Signer {
    key: SigningKey,
    jwk: Jwk,
}

impl Signer {
    /// The key of `seed`: 32 bytes of a ChaCha8 stream seeded by `sha256(label, seed)`,
    /// drawn again in the (about 2^-32) case where they are not a scalar of P-256.
    pub(crate) fn from_seed(seed: u64) -> Signer {
        let mut hasher = Sha256::new();
        hasher.update(KEY_LABEL.as_bytes());
        hasher.update(seed.to_le_bytes());
        let mut stream = ChaCha8Rng::from_seed(hasher.finalize().into());
        let key = loop {
            let mut bytes = [0u8; 32];
            stream.fill_bytes(&mut bytes);
            if let Ok(key) = SigningKey::from_bytes(&bytes.into()) {
                break key;
            }
        };
        let point = key.verifying_key().to_encoded_point(false);
        let (x, y) = (point.x().expect("uncompressed"), point.y().expect("uncompressed"));
        let mut jwk = Jwk::es256("", &(*x).into(), &(*y).into());
        jwk.kid = jwk.thumbprint();
        Signer { key, jwk }
    }

    /// The JWKS: this one key.
    pub(crate) fn jwks(&self) -> Jwks {
        Jwks { keys: vec![self.jwk.clone()] }
    }

    /// The id_token: `{"alg":"ES256","typ":"JWT","kid":…}`, the claims, the signature (r||s).
    pub(crate) fn sign(&self, claims: &IdTokenClaims) -> String {
        let header = serde_json::json!({ "alg": ES256, "typ": "JWT", "kid": self.jwk.kid });
        let payload = serde_json::to_vec(claims).expect("claims serialize");
        let input = format!(
            "{}.{}",
            URL_SAFE_NO_PAD.encode(header.to_string()),
            URL_SAFE_NO_PAD.encode(payload)
        );
        let signature: Signature = self.key.sign(input.as_bytes());
        format!("{input}.{}", URL_SAFE_NO_PAD.encode(signature.to_bytes()))
    }
}

/// Where the reference says what it is (`service_documentation`): a page of the server.
pub(crate) const ABOUT_PATH: &str = "/about";

/// The discovery document of the reference at `issuer` (Discovery 1.0 §3): every endpoint
/// under the issuer, at the paths the contract's HTTP mapping fixes. ES256 only, not RS256
/// (Core 1.0 §15.1 asks providers for RS256; why not: the module's documentation).
pub(crate) fn discovery(issuer: &str) -> DiscoveryDocument {
    let base = issuer.trim_end_matches('/');
    let strings = |items: &[&str]| items.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    DiscoveryDocument {
        issuer: issuer.to_string(),
        authorization_endpoint: format!("{base}{AUTHORIZE_PATH}"),
        token_endpoint: format!("{base}{TOKEN_PATH}"),
        userinfo_endpoint: format!("{base}{USERINFO_PATH}"),
        jwks_uri: format!("{base}{JWKS_PATH}"),
        response_types_supported: strings(&["code"]),
        grant_types_supported: strings(&["authorization_code"]),
        subject_types_supported: strings(&["public"]),
        id_token_signing_alg_values_supported: strings(&[ES256]),
        acr_values_supported: strings(&["eidas1", "eidas2"]),
        code_challenge_methods_supported: strings(&["S256"]),
        scopes_supported: strings(&IDENTITY_SCOPES),
        // The registered claims of an id_token, then the identity claims (every identity
        // scope but `openid` names its claim).
        claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "acr"]
            .into_iter()
            .chain(IDENTITY_SCOPES.into_iter().filter(|scope| *scope != "openid"))
            .map(str::to_string)
            .collect(),
        token_endpoint_auth_methods_supported: ClientAuth::ALL
            .iter()
            .map(|auth| auth.method_name().to_string())
            .collect(),
        authorization_response_iss_parameter_supported: true,
        service_documentation: Some(format!("{base}{ABOUT_PATH}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that the key is a function of the seed alone: same seed, same kid; another
    // seed, another key.
    #[test]
    fn the_key_follows_the_seed() {
        let (a, b, c) = (Signer::from_seed(7), Signer::from_seed(7), Signer::from_seed(8));
        assert_eq!(a.jwks(), b.jwks());
        assert_ne!(a.jwks(), c.jwks());
        assert_eq!(a.jwk.kid.len(), 43);
    }

    // Checks that the discovery document puts every endpoint under the issuer.
    #[test]
    fn discovery_endpoints_are_under_the_issuer() {
        let doc = discovery("http://127.0.0.1:8080/");
        assert_eq!(doc.issuer, "http://127.0.0.1:8080/");
        assert_eq!(doc.jwks_uri, "http://127.0.0.1:8080/jwks");
        assert_eq!(doc.authorization_endpoint, "http://127.0.0.1:8080/authorize");
    }
}
