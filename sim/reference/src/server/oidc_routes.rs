//! Login as real OpenID Connect (the authorization code flow with PKCE): the query of
//! `GET /authorize`, the form of `POST /token` and the bearer token of `GET /userinfo`
//! are turned into the contract's `Authorize`, `Token` and `UserInfo`.
//!
//! Discovery and the JWKS are the contract's `OidcDiscovery` and `OidcJwks`.
//! `/authorize` answers like an operation (the JSON of `AuthorizationPending`, refusals as
//! 422 with an `ErrorBody`). `/token` and `/userinfo` answer OAuth's own errors, as
//! FranceConnect+ expects them: `{"error": <code>, "error_description": <message>}`, where
//! `<code>` is the refusal code (`invalid_grant`, `invalid_client`, `invalid_request`,
//! `invalid_token`, or another contract code such as `clock_unknown`), with status 401 for
//! `invalid_client` and `invalid_token`, 400 otherwise.

use super::respond::{Internal, clock_of, error, refused, run};
use crate::Reference;
use axum::Json;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use idn_contract::http::reply_body;
use idn_contract::login::{Acr, Authorize, Token, UserInfo};
use idn_contract::oidc::{OidcDiscovery, OidcJwks};
use idn_contract::{ClockId, PhoneNumber, Refusal, RefusalCode, Reply, Request};
use serde::Serialize;
use std::collections::BTreeMap;
use std::sync::Arc;

type Params = BTreeMap<String, String>;

/// `GET /.well-known/openid-configuration`: the contract's `OidcDiscovery`.
pub(super) async fn discovery_get(
    State(reference): State<Arc<Reference>>,
    headers: HeaderMap,
) -> Response {
    document(reference, &headers, OidcDiscovery.into()).await
}

/// `GET /jwks`: the contract's `OidcJwks`, the keys that sign the id_tokens.
pub(super) async fn jwks_get(
    State(reference): State<Arc<Reference>>,
    headers: HeaderMap,
) -> Response {
    document(reference, &headers, OidcJwks.into()).await
}

/// A document of no namespace: the clock header is read when given, and not required
/// (a relying party fetches discovery and keys before any clock exists).
async fn document(reference: Arc<Reference>, headers: &HeaderMap, request: Request) -> Response {
    let clock = clock_of(headers).unwrap_or_else(|_| ClockId::new(""));
    match run(reference, clock, request).await {
        Ok(Ok(reply)) => Json(reply_body(&reply)).into_response(),
        Ok(Err(refusal)) => refused(refusal),
        Err(internal) => internal.into_response(),
    }
}

/// `GET /authorize`: the query's parameters as an `Authorize`.
pub(super) async fn authorize_get(
    State(reference): State<Arc<Reference>>,
    headers: HeaderMap,
    query: Result<Query<Params>, QueryRejection>,
) -> Response {
    let bad =
        |message: String| error(StatusCode::BAD_REQUEST, RefusalCode::InvalidRequest, message);
    let clock = match clock_of(&headers) {
        Ok(clock) => clock,
        Err(message) => return bad(message),
    };
    let op = match query.map_err(|e| e.body_text()).and_then(|Query(q)| authorize_from(&q)) {
        Ok(op) => op,
        Err(message) => return bad(format!("{}: {message}", idn_contract::http::AUTHORIZE_PATH)),
    };
    match run(reference, clock, op.into()).await {
        Ok(Ok(reply)) => Json(reply_body(&reply)).into_response(),
        Ok(Err(refusal)) => refused(refusal),
        Err(internal) => internal.into_response(),
    }
}

/// The authorization request from its query. `scope` and `acr_values` are space-separated
/// lists (missing is empty, and the reference refuses what they lack); an `acr_values`
/// entry other than `eidas1` or `eidas2` is ignored, as OpenID Connect asks. `login_hint`
/// is `<calling code> <national number>` (`+33 612345678`, the `+` encoded `%2B`).
fn authorize_from(q: &Params) -> Result<Authorize, String> {
    let required =
        |key: &str| q.get(key).cloned().ok_or_else(|| format!("missing query parameter `{key}`"));
    let list = |key: &str| -> Vec<String> {
        q.get(key).map(|v| v.split_whitespace().map(str::to_string).collect()).unwrap_or_default()
    };
    if let Some(kind) = q.get("response_type")
        && kind != "code"
    {
        return Err(format!("response_type `{kind}`: only `code` is supported"));
    }
    match q.get("code_challenge_method").map(String::as_str) {
        Some("S256") => {}
        Some(other) => return Err(format!("code_challenge_method `{other}`: only S256")),
        None => return Err("missing query parameter `code_challenge_method` (S256)".to_string()),
    }
    let acr_values = list("acr_values")
        .into_iter()
        .filter_map(|v| serde_json::from_value::<Acr>(serde_json::Value::String(v)).ok())
        .collect();
    Ok(Authorize {
        client_id: required("client_id")?,
        redirect_uri: required("redirect_uri")?,
        scope: list("scope"),
        acr_values,
        login_hint: login_hint(&required("login_hint")?)?,
        state: required("state")?,
        nonce: required("nonce")?,
        service_name: required("service_name")?,
        code_challenge: required("code_challenge")?,
    })
}

fn login_hint(hint: &str) -> Result<PhoneNumber, String> {
    let expected = "expected `<calling code> <national number>`, e.g. `+33 612345678`";
    let mut parts = hint.split_whitespace();
    let (Some(calling_code), Some(national), None) = (parts.next(), parts.next(), parts.next())
    else {
        return Err(format!("login_hint `{hint}`: {expected}"));
    };
    if !calling_code.starts_with('+') {
        return Err(format!(
            "login_hint `{hint}`: the calling code starts with `+` (encoded `%2B` in a query)"
        ));
    }
    Ok(PhoneNumber::new(calling_code, national))
}

/// The token endpoint's answer (RFC 6749 §5.1).
#[derive(Serialize)]
struct TokenResponse {
    access_token: String,
    id_token: String,
    token_type: String,
    expires_in: u64,
}

/// `POST /token`: the form's fields as a `Token` (client_secret_post).
pub(super) async fn token_post(
    State(reference): State<Arc<Reference>>,
    headers: HeaderMap,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    let clock = match clock_of(&headers) {
        Ok(clock) => clock,
        Err(message) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message),
    };
    let form = form.map_err(|e| ("invalid_request", e.body_text()));
    let op = match form.and_then(|Form(f)| token_from(&f)) {
        Ok(op) => op,
        Err((code, message)) => return oauth_error(StatusCode::BAD_REQUEST, code, message),
    };
    match run(reference, clock, op.into()).await {
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

fn token_from(f: &Params) -> Result<Token, (&'static str, String)> {
    let required = |key: &str| {
        f.get(key)
            .cloned()
            .ok_or_else(|| ("invalid_request", format!("missing form field `{key}`")))
    };
    let grant = required("grant_type")?;
    if grant != "authorization_code" {
        return Err(("unsupported_grant_type", format!("grant_type `{grant}`")));
    }
    Ok(Token {
        client_id: required("client_id")?,
        client_secret: required("client_secret")?,
        code: required("code")?,
        redirect_uri: required("redirect_uri")?,
        code_verifier: required("code_verifier")?,
    })
}

/// `GET /userinfo` with `Authorization: Bearer <access token>`.
pub(super) async fn userinfo_get(
    State(reference): State<Arc<Reference>>,
    headers: HeaderMap,
) -> Response {
    let clock = match clock_of(&headers) {
        Ok(clock) => clock,
        Err(message) => return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message),
    };
    let Some(access_token) = bearer(&headers) else {
        let message = "expected an `Authorization: Bearer <access token>` header".to_string();
        return oauth_error(StatusCode::BAD_REQUEST, "invalid_request", message);
    };
    match run(reference, clock, UserInfo { access_token }.into()).await {
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
    let status = match refusal.code {
        RefusalCode::InvalidClient | RefusalCode::InvalidToken => StatusCode::UNAUTHORIZED,
        _ => StatusCode::BAD_REQUEST,
    };
    let mut response = oauth_error(status, &refusal.code.as_str(), refusal.message);
    if refusal.code == RefusalCode::InvalidToken {
        let challenge = HeaderValue::from_static("Bearer error=\"invalid_token\"");
        response.headers_mut().insert(header::WWW_AUTHENTICATE, challenge);
    }
    response
}

/// OAuth's error body (RFC 6749 §5.2).
fn oauth_error(status: StatusCode, code: &str, description: String) -> Response {
    let body = serde_json::json!({"error": code, "error_description": description});
    no_store((status, Json(body)))
}

/// Tokens and claims are never cached (RFC 6749 §5.1).
fn no_store(answer: impl IntoResponse) -> Response {
    let mut response = answer.into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}
