//! How a route answers: what the server holds ([`Served`]: the reference and the server's
//! options), the request's test clock ([`Served::clock_of`]: its header, else the server's
//! default clock), the origin it reached ([`origin`]), running it on a blocking task
//! ([`Served::run`]), and a refusal or an error answered with the contract's one error
//! body ([`Internal`] when the reference itself broke). Every route module uses these, so
//! they live apart from the router, which uses the routes.

use crate::Reference;
use axum::Json;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use idn_contract::http::{self, CLOCK_HEADER, ErrorBody};
use idn_contract::{ClockId, Refusal, RefusalCode, Reply, Request};
use std::sync::Arc;

/// The page a browser waits on in the front channel:
/// `?idn_test_clock=<clock>&request=<request id>`.
pub const AUTHORIZE_WAIT_PATH: &str = "/authorize/wait";
/// The parameter that names the test clock of a browser's request, which can send no
/// header of its own (the reference's pages carry it from one request to the next).
pub const CLOCK_PARAM: &str = "idn_test_clock";

/// How a server is set up, beyond the reference it serves.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ServerOptions {
    /// The test clock of a request that names none in the `Idn-Test-Clock` header: a stock
    /// OpenID Connect client and a browser send no such header, so this is how they reach a
    /// namespace. The clock must exist (`TestClockCreate`): until it does, such requests
    /// are refused `clock_unknown`. `None`: a request without the header is refused 400.
    pub default_clock: Option<ClockId>,
}

/// What every route reads: the reference and the server's options.
pub(crate) struct Served {
    pub(crate) reference: Arc<Reference>,
    pub(crate) options: ServerOptions,
}

impl Served {
    /// The request's test clock: its header, else the server's default clock.
    pub(crate) fn clock_of(&self, headers: &HeaderMap) -> Result<ClockId, String> {
        match (clock_header(headers), &self.options.default_clock) {
            (Ok(Some(clock)), _) => Ok(clock),
            (Ok(None), Some(default)) => Ok(default.clone()),
            (Ok(None), None) => {
                Err(format!("missing the {CLOCK_HEADER} header (the request's test clock)"))
            }
            (Err(message), _) => Err(message),
        }
    }

    /// The issuer of a request that reached the server with `headers`.
    pub(crate) fn issuer(&self, headers: &HeaderMap) -> String {
        let origin = origin(headers);
        self.reference.config().issuer_for(origin.as_deref()).to_string()
    }

    /// Runs one request on a blocking task: the store's work, then the clock's messages.
    pub(crate) async fn run(
        &self,
        headers: &HeaderMap,
        clock: ClockId,
        request: Request,
    ) -> Result<Result<Reply, Refusal>, Internal> {
        let name = request.name();
        let reference = self.reference.clone();
        let origin = origin(headers);
        tokio::task::spawn_blocking(move || match origin {
            Some(origin) => reference.handle_served(&clock, request, &origin),
            None => reference.handle_blocking(&clock, request),
        })
        .await
        .map_err(|error| {
            eprintln!("idn-reference: {name} failed: {error}");
            Internal
        })
    }
}

/// The clock named by the header, if any; a header that is there but unusable is an error.
fn clock_header(headers: &HeaderMap) -> Result<Option<ClockId>, String> {
    let Some(value) = headers.get(CLOCK_HEADER) else { return Ok(None) };
    let clock = value
        .to_str()
        .map_err(|_| format!("the {CLOCK_HEADER} header is not visible ASCII"))?
        .trim();
    if clock.is_empty() {
        return Err(format!("the {CLOCK_HEADER} header is empty"));
    }
    Ok(Some(ClockId::new(clock)))
}

/// The origin a request reached, `http://` and its `Host` header, when that header is a
/// plain `host[:port]` (letters, digits, `.-:[]`); `None` otherwise.
pub(crate) fn origin(headers: &HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']');
    (!host.is_empty() && host.chars().all(plain)).then(|| format!("http://{host}"))
}

/// An [`ErrorBody`] answer.
pub(crate) fn error(status: StatusCode, code: RefusalCode, message: String) -> Response {
    (status, Json(ErrorBody { error: Refusal::new(code, message) })).into_response()
}

/// A refusal the contract allows: 422 with its [`ErrorBody`].
pub(crate) fn refused(refusal: Refusal) -> Response {
    let status = StatusCode::from_u16(http::REFUSAL_STATUS).expect("422 is a status");
    (status, Json(ErrorBody { error: refusal })).into_response()
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
