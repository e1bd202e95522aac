//! `POST /v1/ops/{name}`: every operation but login, its fields as a JSON body, the reply's
//! fields as the answer (`idn_contract::http::request_from` and `reply_body`).

use super::respond::{Served, error, refused};
use axum::Json;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use idn_contract::http::{self, reply_body, request_from};
use idn_contract::{RefusalCode, Request};
use std::sync::Arc;

/// Decodes, runs and answers one operation. Checked in this order: the operation exists
/// (404), it is not an OpenID Connect one (404 naming its endpoint), the clock header
/// (400), the JSON and its types (400, naming what is wrong).
pub(super) async fn op_post(
    State(served): State<Arc<Served>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if !Request::NAMES.contains(&name.as_str()) {
        return error(StatusCode::NOT_FOUND, RefusalCode::NotFound, format!("no operation {name}"));
    }
    if http::is_oidc(&name) || matches!(name.as_str(), "OidcDiscovery" | "OidcJwks") {
        let message = format!("{name} is OpenID Connect: use {}", oidc_endpoint(&name));
        return error(StatusCode::NOT_FOUND, RefusalCode::NotFound, message);
    }
    let clock = match served.clock_of(&headers) {
        Ok(clock) => clock,
        Err(message) => {
            return error(StatusCode::BAD_REQUEST, RefusalCode::InvalidRequest, message);
        }
    };
    let request = match decode(&name, &body) {
        Ok(request) => request,
        Err(message) => {
            return error(StatusCode::BAD_REQUEST, RefusalCode::InvalidRequest, message);
        }
    };
    match served.run(&headers, clock, request).await {
        Ok(Ok(reply)) => Json(reply_body(&reply)).into_response(),
        Ok(Err(refusal)) => refused(refusal),
        Err(internal) => internal.into_response(),
    }
}

/// The request from its body: an empty body is an operation without fields.
fn decode(name: &str, body: &[u8]) -> Result<Request, String> {
    let value = if body.iter().all(u8::is_ascii_whitespace) {
        serde_json::Value::Null
    } else {
        serde_json::from_slice(body).map_err(|e| format!("{name}: malformed JSON body: {e}"))?
    };
    request_from(name, value)
}

/// Where an OpenID Connect operation travels instead.
fn oidc_endpoint(name: &str) -> String {
    match name {
        "Authorize" => format!("GET {}", http::AUTHORIZE_PATH),
        "Token" => format!("POST {}", http::TOKEN_PATH),
        "UserInfo" => format!("GET {}", http::USERINFO_PATH),
        "OidcDiscovery" => format!("GET {}", http::DISCOVERY_PATH),
        "OidcJwks" => format!("GET {}", http::JWKS_PATH),
        _ => "its OpenID Connect endpoint".to_string(),
    }
}
