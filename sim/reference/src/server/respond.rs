//! How a route answers: it reads the request's test clock from its header ([`clock_of`]),
//! runs the request on a blocking task ([`run`]), and answers a refusal or an error with
//! the contract's one error body ([`Internal`] when the reference itself broke). Every
//! route module uses these, so they live apart from the router, which uses the routes.

use crate::Reference;
use axum::Json;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use idn_contract::http::{self, CLOCK_HEADER, ErrorBody};
use idn_contract::{ClockId, Refusal, RefusalCode, Reply, Request};
use std::sync::Arc;

/// An [`ErrorBody`] answer.
pub(crate) fn error(status: StatusCode, code: RefusalCode, message: String) -> Response {
    (status, Json(ErrorBody { error: Refusal::new(code, message) })).into_response()
}

/// A refusal the contract allows: 422 with its [`ErrorBody`].
pub(crate) fn refused(refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(http::REFUSAL_STATUS).expect("422 is a status");
    (status, Json(ErrorBody { error: refusal })).into_response()
}

/// The request's test clock, from its header.
pub(crate) fn clock_of(headers: &HeaderMap) -> Result<ClockId, String> {
    let value = headers
        .get(CLOCK_HEADER)
        .ok_or_else(|| format!("missing the {CLOCK_HEADER} header (the request's test clock)"))?;
    let clock = value
        .to_str()
        .map_err(|_| format!("the {CLOCK_HEADER} header is not visible ASCII"))?
        .trim();
    if clock.is_empty() {
        return Err(format!("the {CLOCK_HEADER} header is empty"));
    }
    Ok(ClockId::new(clock))
}

/// Why a request got no answer from the reference (a bug, never a client's fault).
pub(crate) struct Internal;

impl IntoResponse for Internal {
    fn into_response(self) -> Response {
        // Not an ErrorBody: no refusal code means "the reference broke", and the details
        // stay in the server's log.
        let body = serde_json::json!({"error": {
            "code": "internal_error",
            "message": "the reference failed while handling the request",
        }});
        (StatusCode::INTERNAL_SERVER_ERROR, Json(body)).into_response()
    }
}

/// Runs one request on a blocking task: the store's work, then the clock's messages.
pub(crate) async fn run(
    reference: Arc<Reference>,
    clock: ClockId,
    request: Request,
) -> Result<Result<Reply, Refusal>, Internal> {
    let name = request.name();
    tokio::task::spawn_blocking(move || reference.handle_blocking(&clock, request)).await.map_err(
        |error| {
            eprintln!("idn-reference: {name} failed: {error}");
            Internal
        },
    )
}
