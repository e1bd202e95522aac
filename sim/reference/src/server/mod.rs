//! The reference as an HTTP server: the contract's wire form (`idn_contract::http`) over
//! axum, which is what `idn-sim serve` runs and what `idn-sim certify --target` checks.
//!
//! - `POST /v1/ops/{name}`: every operation but login (`ops`).
//! - OpenID Connect: `/authorize`, `/token`, `/userinfo`, discovery and JWKS
//!   (`oidc_routes`).
//! - `GET /v1/capabilities`: what the reference implements ([`capabilities`]).
//! - `GET /v1/openapi.json`: the OpenAPI 3.1 document ([`openapi::document`]).
//!
//! The reference is synchronous SQLite behind a mutex: each request runs on a blocking
//! task (`spawn_blocking`, `respond`), so that the store's work and the outbound messages
//! a clock sends over HTTP (`outbound_http`) never block the async runtime. Errors
//! answer one stable body, `idn_contract::http::ErrorBody`; internals never leak to clients.

mod oidc_routes;
pub mod openapi;
mod ops;
pub(crate) mod outbound_http;
mod respond;

pub use openapi::OPENAPI_PATH;
pub use outbound_http::SEND_TIMEOUT;

use crate::Reference;
use axum::Json;
use axum::Router;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use idn_contract::RefusalCode;
use idn_contract::capabilities::Capabilities;
use idn_contract::http;
use idn_contract::{ClockId, Outbound, OutboundError, OutboundMessage};
use std::future::Future;
use std::sync::Arc;

/// The name the reference gives in its capability document.
pub const IMPLEMENTATION_NAME: &str = "idn-reference";

/// Every route of the contract over HTTP, answering from `reference`.
pub fn router(reference: Arc<Reference>) -> Router {
    Router::new()
        .route("/v1/ops/{name}", post(ops::op_post))
        .route(http::CAPABILITIES_PATH, get(capabilities_get))
        .route(OPENAPI_PATH, get(openapi_get))
        .route(http::DISCOVERY_PATH, get(oidc_routes::discovery_get))
        .route(http::JWKS_PATH, get(oidc_routes::jwks_get))
        .route(http::AUTHORIZE_PATH, get(oidc_routes::authorize_get))
        .route(http::TOKEN_PATH, post(oidc_routes::token_post))
        .route(http::USERINFO_PATH, get(oidc_routes::userinfo_get))
        .fallback(route_unknown)
        .with_state(reference)
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets the requests under
/// way finish (each is one committed transaction: what was acknowledged is in the store).
pub async fn serve(
    listener: tokio::net::TcpListener,
    reference: Arc<Reference>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(reference)).with_graceful_shutdown(shutdown).await
}

/// The in-process `Outbound` of a server: over HTTP every clock names its `outbound_url`,
/// and the messages of a clock that did not are recorded as not taken.
pub struct Unrouted;

impl Outbound for Unrouted {
    fn send(&self, _clock: &ClockId, message: OutboundMessage) -> Result<(), OutboundError> {
        Err(OutboundError {
            service: message.service().to_string(),
            detail: "the clock was created without an outbound_url".to_string(),
        })
    }
}

/// What the reference implements: every mode, every channel, and concurrent clocks (each
/// clock is its own namespace in the store).
pub fn capabilities() -> Capabilities {
    Capabilities::everything(IMPLEMENTATION_NAME, env!("CARGO_PKG_VERSION"))
}

async fn capabilities_get() -> Json<Capabilities> {
    Json(capabilities())
}

async fn openapi_get() -> Response {
    let body = openapi::document_json();
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn route_unknown() -> Response {
    respond::error(StatusCode::NOT_FOUND, RefusalCode::NotFound, "no such route".to_string())
}
