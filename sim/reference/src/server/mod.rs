//! The reference as an HTTP server: the contract's wire form (`idn_contract::http`) over
//! axum, which is what `idn-sim serve` runs and what `idn-sim certify --target` checks.
//!
//! - `POST /v1/ops/{name}`: every operation but login (`ops`).
//! - OpenID Connect: `/token`, `/userinfo`, discovery and JWKS (`oidc_routes`), and
//!   `/authorize` with its waiting page, JSON for the harness or a browser's front channel
//!   (`front_channel`, its pages in `pages`).
//! - `GET /v1/capabilities`: what the reference implements ([`capabilities`]).
//! - `GET /v1/openapi.json`: the OpenAPI 3.1 document ([`openapi::document`]).
//! - `GET /about`: what the reference is, for the developer of a client (discovery's
//!   `service_documentation`): a test provider whose signing key is derived from a public
//!   seed.
//!
//! The reference is synchronous SQLite behind a mutex: each request runs on a blocking
//! task (`spawn_blocking`, `respond`), so that the store's work and the outbound messages
//! a clock sends over HTTP (`outbound_http`) never block the async runtime. Errors
//! answer one stable body, `idn_contract::http::ErrorBody`; internals never leak to clients.

mod front_channel;
mod oidc_routes;
pub mod openapi;
mod ops;
pub(crate) mod outbound_http;
mod pages;
mod respond;

pub use openapi::OPENAPI_PATH;
pub use outbound_http::SEND_TIMEOUT;
pub use respond::{AUTHORIZE_WAIT_PATH, CLOCK_PARAM, ServerOptions};

use crate::Reference;
use crate::signing::ABOUT_PATH;
use axum::Json;
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use idn_contract::RefusalCode;
use idn_contract::capabilities::Capabilities;
use idn_contract::http;
use idn_contract::{ClockId, Outbound, OutboundError, OutboundMessage};
use respond::Served;
use std::future::Future;
use std::sync::Arc;

/// The name the reference gives in its capability document.
pub const IMPLEMENTATION_NAME: &str = "idn-reference";

/// Every route of the contract over HTTP, answering from `reference`, with the default
/// [`ServerOptions`] (no default clock).
pub fn router(reference: Arc<Reference>) -> Router {
    router_with(reference, ServerOptions::default())
}

/// Every route of the contract over HTTP, answering from `reference`.
pub fn router_with(reference: Arc<Reference>, options: ServerOptions) -> Router {
    Router::new()
        .route("/v1/ops/{name}", post(ops::op_post))
        .route(http::CAPABILITIES_PATH, get(capabilities_get))
        .route(OPENAPI_PATH, get(openapi_get))
        .route(ABOUT_PATH, get(about_get))
        .route(http::DISCOVERY_PATH, get(oidc_routes::discovery_get))
        .route(http::JWKS_PATH, get(oidc_routes::jwks_get))
        .route(
            http::AUTHORIZE_PATH,
            get(front_channel::authorize_get).post(front_channel::authorize_post),
        )
        .route(AUTHORIZE_WAIT_PATH, get(front_channel::wait_get))
        .route(http::TOKEN_PATH, post(oidc_routes::token_post))
        .route(http::USERINFO_PATH, get(oidc_routes::userinfo_get).post(oidc_routes::userinfo_post))
        .fallback(route_unknown)
        .with_state(Arc::new(Served { reference, options }))
}

/// Serves [`router`] on `listener` until `shutdown` completes, then lets the requests under
/// way finish (each is one committed transaction: what was acknowledged is in the store).
pub async fn serve(
    listener: tokio::net::TcpListener,
    reference: Arc<Reference>,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    serve_with(listener, reference, ServerOptions::default(), shutdown).await
}

/// [`serve`] with [`ServerOptions`] (`idn-sim serve --default-clock`).
pub async fn serve_with(
    listener: tokio::net::TcpListener,
    reference: Arc<Reference>,
    options: ServerOptions,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router_with(reference, options)).with_graceful_shutdown(shutdown).await
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

/// `GET /about`: discovery's `service_documentation`.
async fn about_get(State(served): State<Arc<Served>>, headers: HeaderMap) -> Response {
    let default_clock = served.options.default_clock.as_ref().map(ClockId::as_str);
    pages::about(&served.issuer(&headers), default_clock, &served.reference.config().clients)
}

async fn openapi_get() -> Response {
    let body = openapi::document_json();
    ([(axum::http::header::CONTENT_TYPE, "application/json")], body).into_response()
}

async fn route_unknown() -> Response {
    respond::error(StatusCode::NOT_FOUND, RefusalCode::NotFound, "no such route".to_string())
}
