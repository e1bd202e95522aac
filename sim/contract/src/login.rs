//! Logging in (AUTH, FRAUD), shaped as the OpenID Connect authorization code flow:
//! FranceConnect+ sends an authorization request with the phone number as login hint and an
//! acr level; the app sees the pending request and approves it with the secret code or
//! refuses it; the browser comes back with a code; FranceConnect+ exchanges it for tokens.

use crate::common::{AuthRequestId, DeviceId, PhoneNumber, Timestamp};
use serde::{Deserialize, Serialize};

/// The client id under which the harness plays FranceConnect+ (the SUT's one client).
pub const FRANCECONNECT_CLIENT_ID: &str = "franceconnect-plus";
/// Its secret, as registered with the SUT for the tests.
pub const FRANCECONNECT_CLIENT_SECRET: &str = "franceconnect-plus-secret";
/// Its redirect URI.
pub const FRANCECONNECT_REDIRECT_URI: &str =
    "https://fcp.integ01.dev-franceconnect.fr/api/v2/idp/callback";

/// The scopes FranceConnect+ asks for: `openid` and the identity claims FranceConnect
/// expects (see [`crate::token::UserInfoClaims`]).
pub const IDENTITY_SCOPES: [&str; 8] = [
    "openid",
    "given_name",
    "family_name",
    "birthdate",
    "gender",
    "birthplace",
    "birthcountry",
    "email",
];

/// The eIDAS levels of FranceConnect: `eidas1` (faible) for FranceConnect, `eidas2`
/// (substantiel) for FranceConnect+ (AUTH-07).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Acr {
    Eidas1,
    Eidas2,
}

/// The authorization request (AUTH-01: the user types their mobile number on the
/// service's page). The SUT pushes a notification to the activated smartphone (ACT-04).
/// Reply: [`AuthorizationPending`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Authorize {
    pub client_id: String,
    pub redirect_uri: String,
    pub scope: Vec<String>,
    pub acr_values: Vec<Acr>,
    pub login_hint: PhoneNumber,
    pub state: String,
    pub nonce: String,
    /// The partner service the user is logging in to, shown in the app ("Mon Compte Formation").
    pub service_name: String,
    /// PKCE (RFC 7636): `base64url(sha256(code_verifier))`, method S256 only.
    pub code_challenge: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizationPending {
    pub request: AuthRequestId,
    /// What the page says while waiting (AUTH-02): "Une action est en attente sur votre
    /// application L'Identité Numérique".
    pub page_message: String,
}

/// The browser's page polls the request. Reply: [`AuthorizationStatus`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizationPoll {
    pub request: AuthRequestId,
}

/// "Modifier" on the waiting page (AUTH-02): abandons the request. Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthorizationCancel {
    pub request: AuthRequestId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case", tag = "status")]
pub enum AuthorizationStatus {
    Pending {
        page_message: String,
    },
    /// "Identification réussie": the browser is redirected with `code` and `state`.
    Approved {
        code: String,
        state: String,
        redirect_uri: String,
        page_message: String,
    },
    /// The user refused in the app (AUTH-03).
    Refused,
    /// Nobody answered in time (AUTH-06).
    Expired,
    /// The user abandoned the request ("Modifier").
    Cancelled,
}

/// The app, opened by hand or from a notification, lists what waits for it (AUTH-04).
/// Reply: [`PendingRequests`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppPendingRequests {
    pub device_id: DeviceId,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingLogin {
    pub request: AuthRequestId,
    pub service_name: String,
    pub acr: Acr,
    #[cfg_attr(feature = "openapi", schema(value_type = chrono::DateTime<chrono::Utc>))]
    pub requested_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PendingRequests {
    pub requests: Vec<PendingLogin>,
}

/// The user types the secret code in the app to approve (AUTH-01, ACT-05: no biometrics).
/// A wrong code is refused `pin_wrong` with `attempts_left`, then `pin_locked` (AUTH-05).
/// Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppApprove {
    pub device_id: DeviceId,
    pub request: AuthRequestId,
    pub pin: String,
}

/// "Je refuse" / "Refuser" (AUTH-03, FRAUD-01). Reply: `Ack`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AppRefuse {
    pub device_id: DeviceId,
    pub request: AuthRequestId,
}

/// The token request: FranceConnect+ exchanges the code (once, `invalid_grant` after).
/// Reply: [`Tokens`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Token {
    pub client_id: String,
    pub client_secret: String,
    pub code: String,
    pub redirect_uri: String,
    /// PKCE: the verifier whose S256 challenge the authorization request carried; a
    /// mismatch is `invalid_grant`.
    pub code_verifier: String,
    /// How the client presents its secret over HTTP; left out of the JSON when it is the
    /// default, `client_secret_post`. An in-process SUT may ignore it.
    #[serde(default, skip_serializing_if = "ClientAuth::is_default")]
    pub client_auth: ClientAuth,
}

/// How a client authenticates at the token endpoint (RFC 6749 §2.3.1, OpenID Connect Core
/// 1.0 §9), named as `token_endpoint_auth_methods_supported` names it. Over HTTP the
/// harness's client sends the secret this way; a SUT must accept both.
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub enum ClientAuth {
    /// `client_secret_post`: `client_id` and `client_secret` are fields of the form.
    #[default]
    #[serde(rename = "client_secret_post")]
    Post,
    /// `client_secret_basic`: `Authorization: Basic base64(id:secret)`, the id and the
    /// secret each form-urlencoded first (RFC 6749 §2.3.1); neither is in the form.
    #[serde(rename = "client_secret_basic")]
    Basic,
}

impl ClientAuth {
    /// Both methods, as discovery lists them.
    pub const ALL: [ClientAuth; 2] = [ClientAuth::Basic, ClientAuth::Post];

    /// The method's registered name: `client_secret_post`, `client_secret_basic`.
    pub fn method_name(self) -> &'static str {
        match self {
            ClientAuth::Post => "client_secret_post",
            ClientAuth::Basic => "client_secret_basic",
        }
    }

    /// Whether this is `client_secret_post`, the default.
    pub fn is_default(&self) -> bool {
        *self == ClientAuth::default()
    }
}

/// The PKCE S256 challenge of `verifier` (RFC 7636 §4.2).
pub fn pkce_challenge(verifier: &str) -> String {
    use base64::Engine;
    use sha2::Digest;
    let digest = sha2::Sha256::digest(verifier.as_bytes());
    base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Tokens {
    pub access_token: String,
    /// A JWT in compact form whose payload is [`crate::token::IdTokenClaims`].
    pub id_token: String,
    pub token_type: String,
    pub expires_in_s: u64,
}

/// The userinfo endpoint (OpenID Connect Core 1.0 §5.3). Reply:
/// [`crate::token::UserInfoClaims`]. Over HTTP the access token travels as
/// `Authorization: Bearer <token>` (RFC 6750 §2.1) with either method; an empty one sends
/// no `Authorization` header at all (a request without a token, RFC 6750 §3.1).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserInfo {
    pub access_token: String,
    /// `GET` or `POST`; left out of the JSON when it is the default, `GET`. An in-process
    /// SUT may ignore it.
    #[serde(default, skip_serializing_if = "UserInfoMethod::is_default")]
    pub method: UserInfoMethod,
}

/// The HTTP method of a userinfo request: a SUT must accept both (OpenID Connect Core 1.0
/// §5.3.1).
#[derive(
    Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "UPPERCASE")]
pub enum UserInfoMethod {
    #[default]
    Get,
    Post,
}

impl UserInfoMethod {
    /// `GET` or `POST`.
    pub fn as_str(self) -> &'static str {
        match self {
            UserInfoMethod::Get => "GET",
            UserInfoMethod::Post => "POST",
        }
    }

    /// Whether this is `GET`, the default.
    pub fn is_default(&self) -> bool {
        *self == UserInfoMethod::default()
    }
}
