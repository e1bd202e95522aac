//! OpenID Connect's back channel: discovery and the JWKS (the contract's `OidcDiscovery`
//! and `OidcJwks`), the form of `POST /token` and the bearer token of `GET` or
//! `POST /userinfo`, turned into the contract's `Token` and `UserInfo`.
//!
//! `/token` authenticates the client with `client_secret_basic` (an `Authorization: Basic`
//! header, RFC 6749 §2.3.1) or `client_secret_post` (form fields), one method at a time.
//! `/token` and `/userinfo` answer OAuth's own errors, as a relying party expects them:
//! `{"error": <code>, "error_description": <message>}` (RFC 6749 §5.2), where `<code>` is
//! the refusal code (`invalid_grant`, `invalid_client`, `invalid_request`, `invalid_token`,
//! or another contract code such as `clock_unknown`), with `Cache-Control: no-store`:
//! - `invalid_client` is 401 with `WWW-Authenticate: Basic realm="idn-reference"`;
//! - `/userinfo` without a token is 401 with `WWW-Authenticate: Bearer
//!   realm="idn-reference"` (no error code in the challenge, RFC 6750 §3.1; the body says
//!   `invalid_token`, as the contract's `UserInfo` with no token is refused in-process);
//! - a token that is unknown, expired or revoked is 401 with `WWW-Authenticate: Bearer
//!   realm="idn-reference", error="invalid_token"` (RFC 6750 §3);
//! - everything else is 400.

use super::respond::{Internal, Served};
use axum::Json;
use axum::extract::rejection::FormRejection;
use axum::extract::{Form, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use idn_contract::http::{form_urldecode, reply_body};
use idn_contract::login::{ClientAuth, Token, UserInfo, UserInfoMethod};
use idn_contract::oidc::{OidcDiscovery, OidcJwks};
use idn_contract::{ClockId, Refusal, Reply, Request};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

type Params = BTreeMap<String, String>;

/// The realm of the reference's challenges.
const REALM: &str = "idn-reference";

/// `GET /.well-known/openid-configuration`: the contract's `OidcDiscovery`.
pub(super) async fn discovery_get(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
) -> Response {
    document(&served, &headers, OidcDiscovery.into()).await
}

/// `GET /jwks`: the contract's `OidcJwks`, the keys that sign the id_tokens.
pub(super) async fn jwks_get(State(served): State<Arc<Served>>, headers: HeaderMap) -> Response {
    document(&served, &headers, OidcJwks.into()).await
}

/// A document of no namespace: the clock is read when given, and not required (a relying
/// party fetches discovery and keys before any clock exists).
async fn document(served: &Served, headers: &HeaderMap, request: Request) -> Response {
    let clock = served.clock_of(headers).unwrap_or_else(|_| ClockId::new(""));
    match served.run(headers, clock, request).await {
        Ok(Ok(reply)) => Json(reply_body(&reply)).into_response(),
        Ok(Err(refusal)) => super::respond::refused(refusal),
        Err(internal) => internal.into_response(),
    }
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    id_token: String,
    token_type: String,
    expires_in: u64,
}

/// `POST /token`: the form's fields and the client's credentials as a `Token`.
pub(super) async fn token_post(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    let clock = match served.clock_of(&headers) {
        Ok(clock) => clock,
        Err(message) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message),
    };
    let form = match form {
        Ok(Form(form)) => form,
        Err(rejection) => {
            return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", rejection.body_text());
        }
    };
    let op = match token_from(&headers, &form) {
        Ok(op) => op,
        Err((code, message)) => return oauth_answer(code, message),
    };
    match served.run(&headers, clock, op.into()).await {
        Ok(Ok(Reply::Tokens(tokens))) => no_store(Json(TokenResponse {
            access_token: tokens.access_token,
            id_token: tokens.id_token,
            token_type: tokens.token_type,
            expires_in: tokens.expires_in_s,
        })),
        // Token answers Tokens: anything else is the reference's bug, not the client's.
        Ok(Ok(_)) => Internal.into_response(),
        Ok(Err(refusal)) => oauth_refusal(refusal),
        Err(internal) => internal.into_response(),
    }
}

/// Why a token request is refused before the reference sees it: OAuth's error code and
/// its description.
type Rejected = (&'static str, String);

/// The token request from its form and its `Authorization` header. Refusals:
/// `unsupported_grant_type`, `invalid_request` (a missing field, or the secret sent both
/// ways), `invalid_client` (no credentials, or a header that is not `Basic` credentials).
fn token_from(headers: &HeaderMap, f: &Params) -> Result<Token, Rejected> {
    let required = |key: &str| {
        f.get(key)
            .cloned()
            .ok_or_else(|| ("invalid_request", format!("missing form field `{key}`")))
    };
    let grant = required("grant_type")?;
    if grant != "authorization_code" {
        return Err(("unsupported_grant_type", format!("grant_type `{grant}`")));
    }
    let (client_id, client_secret, client_auth) = client_credentials(headers, f)?;
    Ok(Token {
        client_id,
        client_secret,
        code: required("code")?,
        redirect_uri: required("redirect_uri")?,
        code_verifier: required("code_verifier")?,
        client_auth,
    })
}

/// The client's id and secret: from `Authorization: Basic` (RFC 6749 §2.3.1: base64 of
/// `id:secret`, each form-urlencoded), or from the form's `client_id` and `client_secret`;
/// never both (RFC 6749 §2.3).
fn client_credentials(
    headers: &HeaderMap,
    f: &Params,
) -> Result<(String, String, ClientAuth), Rejected> {
    let invalid_client = |message: &str| ("invalid_client", message.to_string());
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return match (f.get("client_id"), f.get("client_secret")) {
            (Some(id), Some(secret)) => Ok((id.clone(), secret.clone(), ClientAuth::Post)),
            _ => Err(invalid_client(
                "Authentification du client requise : client_secret_basic ou client_secret_post.",
            )),
        };
    };
    let basic = value.to_str().ok().and_then(basic_credentials).ok_or_else(|| {
        invalid_client(
            "En-tête Authorization illisible : attendu Basic base64(client_id:client_secret).",
        )
    })?;
    if f.contains_key("client_secret") {
        let message = "Un seul moyen d'authentification du client par requête (RFC 6749 §2.3).";
        return Err(("invalid_request", message.to_string()));
    }
    if f.get("client_id").is_some_and(|id| *id != basic.0) {
        let message = "Le client_id du formulaire n'est pas celui de l'en-tête Authorization.";
        return Err(("invalid_request", message.to_string()));
    }
    Ok((basic.0, basic.1, ClientAuth::Basic))
}

/// `Basic base64(id:secret)` read back; `None` when it is not that.
fn basic_credentials(value: &str) -> Option<(String, String)> {
    use base64::Engine;
    let (scheme, encoded) = value.trim().split_once(' ')?;
    if !scheme.eq_ignore_ascii_case("basic") {
        return None;
    }
    let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
    let pair = String::from_utf8(decoded).ok()?;
    let (id, secret) = pair.split_once(':')?;
    Some((form_urldecode(id)?, form_urldecode(secret)?))
}

/// `GET /userinfo` with `Authorization: Bearer <access token>`.
pub(super) async fn userinfo_get(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
) -> Response {
    userinfo(&served, &headers, UserInfoMethod::Get, None).await
}

/// `POST /userinfo`: the bearer token in the header, or as the form's `access_token`
/// (RFC 6750 §2.2), not both.
pub(super) async fn userinfo_post(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    // A body that is not a form carries no token.
    let in_body = form.ok().and_then(|Form(mut f)| f.remove("access_token"));
    userinfo(&served, &headers, UserInfoMethod::Post, in_body).await
}

async fn userinfo(
    served: &Served,
    headers: &HeaderMap,
    method: UserInfoMethod,
    in_body: Option<String>,
) -> Response {
    let clock = match served.clock_of(headers) {
        Ok(clock) => clock,
        Err(message) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message),
    };
    let access_token = match (bearer(headers), in_body.filter(|t| !t.is_empty())) {
        (Some(_), Some(_)) => {
            let message = "the access token travels once: in the header or in the body";
            let mut response =
                oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message.to_string());
            challenge(
                &mut response,
                &format!(r#"Bearer realm="{REALM}", error="invalid_request""#),
            );
            return response;
        }
        (Some(token), None) | (None, Some(token)) => token,
        (None, None) => {
            let message = "Jeton d'accès manquant : Authorization: Bearer <jeton>.".to_string();
            let mut response = oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", message);
            challenge(&mut response, &format!(r#"Bearer realm="{REALM}""#));
            return response;
        }
    };
    match served.run(headers, clock, UserInfo { access_token, method }.into()).await {
        Ok(Ok(reply)) => no_store(Json(reply_body(&reply))),
        Ok(Err(refusal)) => oauth_refusal(refusal),
        Err(internal) => internal.into_response(),
    }
}

fn bearer(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_string())
}

/// A refusal in OAuth's form (see the module's documentation).
fn oauth_refusal(refusal: Refusal) -> Response {
    oauth_answer(&refusal.code.as_str(), refusal.message)
}

/// OAuth's error `code`: 401 with its challenge for `invalid_client` and `invalid_token`,
/// 400 otherwise.
fn oauth_answer(code: &str, description: String) -> Response {
    let challenged = match code {
        "invalid_client" => Some(format!(r#"Basic realm="{REALM}""#)),
        "invalid_token" => Some(format!(r#"Bearer realm="{REALM}", error="invalid_token""#)),
        _ => None,
    };
    let status =
        if challenged.is_some() { StatusCode::UNAUTHORIZED } else { StatusCode::BAD_REQUEST };
    let mut response = oauth_error(status, code, description);
    if let Some(value) = challenged {
        challenge(&mut response, &value);
    }
    response
}

fn challenge(response: &mut Response, value: &str) {
    let value = HeaderValue::from_str(value).expect("a challenge is visible ASCII");
    response.headers_mut().insert(header::WWW_AUTHENTICATE, value);
}

/// OAuth's error body (RFC 6749 §5.2).
fn oauth_error(status: StatusCode, code: &str, description: String) -> Response {
    let body = serde_json::json!({"error": code, "error_description": description});
    no_store((status, Json(body)))
}

/// Tokens, claims and their errors are never cached (RFC 6749 §5.1).
fn no_store(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(header::PRAGMA, HeaderValue::from_static("no-cache"));
    response
}
