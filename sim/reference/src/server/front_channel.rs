//! `/authorize`, `GET` (query parameters) or `POST` (a form), for two audiences:
//!
//! - **The harness** (`Accept: application/json`): the contract's `Authorize`, answered as
//!   an operation: the JSON of `AuthorizationPending`, a refusal as 422 with an
//!   `ErrorBody`, a malformed request as 400. The harness then polls `AuthorizationPoll`.
//! - **A browser** (anything else): an OpenID provider's front channel, for a stock client.
//!   With a client and a redirect URI that are not registered together, an error page and
//!   never a redirect. Otherwise: the page where a person types their number when the
//!   client sent no `login_hint` (and `eidas2` when it asked no `acr_values`); then a
//!   waiting page that reloads
//!   [`AUTHORIZE_WAIT_PATH`] by itself while the app has not answered; then a `302` to the
//!   redirect URI with `code`, `state` and `iss` (RFC 9207) once approved, or with `error`,
//!   `error_description` (ASCII, RFC 6749 §4.1.2.1), `state` and `iss` otherwise
//!   (`access_denied` when the holder refused or did not answer in time, or when the number
//!   has no usable identity; `invalid_request`, `unsupported_response_type`,
//!   `temporarily_unavailable` when the number is rate limited, `server_error` without a
//!   test clock).
//!
//! The test clock of a browser's request, which can send no header of its own: the
//! `Idn-Test-Clock` header when there is one, else the [`CLOCK_PARAM`] parameter (the
//! reference's own pages carry it from one request to the next), else the server's default
//! clock (`idn-sim serve --default-clock`).

use super::pages;
use super::respond::{AUTHORIZE_WAIT_PATH, CLOCK_PARAM, Internal, Served, error, refused};
use axum::Json;
use axum::extract::rejection::{FormRejection, QueryRejection};
use axum::extract::{Form, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use idn_contract::http::{AUTHORIZE_PATH, CLOCK_HEADER, form_urlencode, reply_body};
use idn_contract::login::{Acr, AuthorizationStatus, Authorize};
use idn_contract::{AuthRequestId, ClockId, PhoneNumber, Refusal, RefusalCode, Reply};
use std::collections::BTreeMap;
use std::sync::Arc;

type Params = BTreeMap<String, String>;

/// The service the app names when the client sends no `service_name` (not an OpenID
/// Connect parameter: a stock client sends none).
const DEFAULT_SERVICE_NAME: &str = "FranceConnect+";

/// `GET /authorize`.
pub(super) async fn authorize_get(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    query: Result<Query<Params>, QueryRejection>,
) -> Response {
    authorize(&served, &headers, query.map(|Query(q)| q).map_err(|e| e.body_text())).await
}

/// `POST /authorize`, the parameters as a form (OpenID Connect Core 1.0 §3.1.2.1).
pub(super) async fn authorize_post(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    form: Result<Form<Params>, FormRejection>,
) -> Response {
    authorize(&served, &headers, form.map(|Form(f)| f).map_err(|e| e.body_text())).await
}

async fn authorize(
    served: &Served,
    headers: &HeaderMap,
    params: Result<Params, String>,
) -> Response {
    if wants_json(headers) {
        for_the_harness(served, headers, params).await
    } else {
        for_a_browser(served, headers, params).await
    }
}

/// Whether the request asks for JSON (`Accept: application/json`), as the harness does.
fn wants_json(headers: &HeaderMap) -> bool {
    headers
        .get_all(header::ACCEPT)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .any(|value| value.to_ascii_lowercase().contains("application/json"))
}

/// The contract's `Authorize`, answered as an operation.
async fn for_the_harness(
    served: &Served,
    headers: &HeaderMap,
    params: Result<Params, String>,
) -> Response {
    let bad =
        |message: String| error(StatusCode::BAD_REQUEST, RefusalCode::InvalidRequest, message);
    let clock = match served.clock_of(headers) {
        Ok(clock) => clock,
        Err(message) => return bad(message),
    };
    let op = match params.and_then(|q| authorize_from(&q, Caller::Harness)) {
        Ok(op) => op,
        Err(message) => return bad(format!("{AUTHORIZE_PATH}: {message}")),
    };
    match served.run(headers, clock, op.into()).await {
        Ok(Ok(reply)) => Json(reply_body(&reply)).into_response(),
        Ok(Err(refusal)) => refused(refusal),
        Err(internal) => internal.into_response(),
    }
}

/// The front channel of a browser (see the module's documentation).
async fn for_a_browser(
    served: &Served,
    headers: &HeaderMap,
    params: Result<Params, String>,
) -> Response {
    let Ok(params) = params else {
        return pages::error(StatusCode::BAD_REQUEST, "Demande de connexion illisible.");
    };
    let (Some(client_id), Some(redirect_uri)) =
        (params.get("client_id"), params.get("redirect_uri"))
    else {
        return pages::error(
            StatusCode::BAD_REQUEST,
            "Demande de connexion sans client_id ou sans redirect_uri.",
        );
    };
    if !served.reference.config().is_registered(client_id, redirect_uri) {
        return pages::error(
            StatusCode::BAD_REQUEST,
            "Client inconnu, ou URI de redirection non enregistrée pour ce client : \
             la demande ne peut pas lui être renvoyée.",
        );
    }
    let issuer = served.issuer(headers);
    let back = Back {
        redirect_uri: redirect_uri.clone(),
        state: params.get("state").cloned(),
        issuer: issuer.clone(),
    };
    let clock = match clock_of(served, headers, &params) {
        Ok(clock) => clock,
        Err(message) => return back.error("server_error", &message),
    };
    match params.get("response_type").map(String::as_str) {
        Some("code") => {}
        None => return back.error("invalid_request", "missing parameter response_type (code)"),
        Some(other) => {
            let message = format!("response_type {other}: only code is supported");
            return back.error("unsupported_response_type", &message);
        }
    }
    let base = issuer.trim_end_matches('/');
    if !params.contains_key("login_hint") {
        let mut kept = params.clone();
        kept.insert(CLOCK_PARAM.to_string(), clock.as_str().to_string());
        return pages::ask_number(&format!("{base}{AUTHORIZE_PATH}"), &kept);
    }
    let op = match authorize_from(&params, Caller::Browser) {
        Ok(op) => op,
        Err(message) => return back.error("invalid_request", &message),
    };
    let service_name = op.service_name.clone();
    match served.run(headers, clock.clone(), op.into()).await {
        Ok(Ok(Reply::AuthorizationPending(pending))) => {
            pages::waiting(&service_name, &wait_url(base, &clock, &pending.request))
        }
        // Authorize answers AuthorizationPending: anything else is the reference's bug.
        Ok(Ok(_)) => Internal.into_response(),
        Ok(Err(refusal)) => back.refusal(&refusal),
        Err(internal) => internal.into_response(),
    }
}

/// `GET /authorize/wait`: the waiting page while the app has not answered, then the way
/// back to the client.
pub(super) async fn wait_get(
    State(served): State<Arc<Served>>,
    headers: HeaderMap,
    query: Result<Query<Params>, QueryRejection>,
) -> Response {
    let Ok(Query(params)) = query else {
        return pages::error(StatusCode::BAD_REQUEST, "Adresse de la page d'attente illisible.");
    };
    let clock = match clock_of(&served, &headers, &params) {
        Ok(clock) => clock,
        Err(message) => return pages::error(StatusCode::BAD_REQUEST, &message),
    };
    let Some(request) = params.get("request").map(AuthRequestId::new) else {
        return pages::error(StatusCode::BAD_REQUEST, "Demande de connexion non précisée.");
    };
    let reference = served.reference.clone();
    let (wait_clock, wait_request) = (clock.clone(), request.clone());
    let found = tokio::task::spawn_blocking(move || {
        reference.front_channel_poll(&wait_clock, wait_request)
    })
    .await;
    let front = match found {
        Ok(Ok(front)) => front,
        Ok(Err(refusal)) => return pages::error(StatusCode::NOT_FOUND, &refusal.message),
        Err(_) => return Internal.into_response(),
    };
    let issuer = served.issuer(&headers);
    let back =
        Back { redirect_uri: front.redirect_uri, state: Some(front.state), issuer: issuer.clone() };
    match front.status {
        AuthorizationStatus::Pending { .. } => {
            let base = issuer.trim_end_matches('/');
            pages::waiting(&front.service_name, &wait_url(base, &clock, &request))
        }
        AuthorizationStatus::Approved { code, state, redirect_uri, .. } => {
            Back { redirect_uri, state: Some(state), issuer }.with(&[("code", &code)])
        }
        AuthorizationStatus::Refused => {
            back.error("access_denied", "La demande de connexion a été refusée dans l'application.")
        }
        AuthorizationStatus::Expired => back.error(
            "access_denied",
            "La demande de connexion a expiré sans réponse de l'application.",
        ),
        AuthorizationStatus::Cancelled => {
            back.error("access_denied", "La demande de connexion a été abandonnée.")
        }
    }
}

/// The test clock of a browser's request (see the module's documentation).
fn clock_of(served: &Served, headers: &HeaderMap, params: &Params) -> Result<ClockId, String> {
    if !headers.contains_key(CLOCK_HEADER)
        && let Some(clock) = params.get(CLOCK_PARAM).map(|c| c.trim()).filter(|c| !c.is_empty())
    {
        return Ok(ClockId::new(clock));
    }
    served.clock_of(headers).map_err(|message| {
        format!("{message}, no {CLOCK_PARAM} parameter, and the server has no default clock")
    })
}

/// The waiting page's own address.
fn wait_url(base: &str, clock: &ClockId, request: &AuthRequestId) -> String {
    format!(
        "{base}{AUTHORIZE_WAIT_PATH}?{CLOCK_PARAM}={}&request={}",
        form_urlencode(clock.as_str()),
        form_urlencode(request.as_str())
    )
}

/// The way back to a registered redirect URI (RFC 6749 §4.1.2, §4.1.2.1; RFC 9207).
struct Back {
    redirect_uri: String,
    state: Option<String>,
    issuer: String,
}

impl Back {
    /// A refusal of the reference as OAuth's error.
    fn refusal(&self, refusal: &Refusal) -> Response {
        let code = match refusal.code {
            RefusalCode::InvalidRequest | RefusalCode::AcrNotSupported => "invalid_request",
            RefusalCode::RateLimited => "temporarily_unavailable",
            RefusalCode::ClockUnknown => "server_error",
            _ => "access_denied",
        };
        self.error(code, &refusal.message)
    }

    fn error(&self, code: &str, description: &str) -> Response {
        self.with(&[("error", code), ("error_description", &ascii_description(description))])
    }

    /// `302` to the redirect URI with `parameters`, then `state` (when the request had one)
    /// and `iss`, appended to the query the URI may already have.
    fn with(&self, parameters: &[(&str, &str)]) -> Response {
        let mut url = self.redirect_uri.clone();
        let state = self.state.as_deref().map(|state| ("state", state));
        let iss = Some(("iss", self.issuer.as_str()));
        for (name, value) in parameters.iter().copied().chain(state).chain(iss) {
            url.push(if url.contains('?') { '&' } else { '?' });
            url.push_str(name);
            url.push('=');
            url.push_str(&form_urlencode(value));
        }
        let Ok(location) = HeaderValue::from_str(&url) else {
            return Internal.into_response();
        };
        let mut response = StatusCode::FOUND.into_response();
        let headers = response.headers_mut();
        headers.insert(header::LOCATION, location);
        headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
        response
    }
}

/// `error_description` is ASCII without `"` or `\` (RFC 6749 §4.1.2.1): French letters lose
/// their accents, other characters go.
fn ascii_description(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let plain = match c {
                'à' | 'â' | 'ä' => 'a',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'î' | 'ï' => 'i',
                'ô' | 'ö' => 'o',
                'ù' | 'û' | 'ü' => 'u',
                'ç' => 'c',
                'À' | 'Â' => 'A',
                'É' | 'È' | 'Ê' => 'E',
                'Ç' => 'C',
                '’' => '\'',
                c if c.is_whitespace() => ' ',
                c if c.is_ascii_graphic() && c != '"' && c != '\\' => c,
                _ => return None,
            };
            Some(plain)
        })
        .collect()
}

/// Who sent an authorization request: the harness (the contract's JSON answer, every
/// parameter given) or a browser sent by a stock OpenID Connect client.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Caller {
    Harness,
    Browser,
}

/// The authorization request from its parameters. `scope` and `acr_values` are
/// space-separated lists (missing is empty, and the reference refuses what they lack); an
/// `acr_values` entry other than `eidas1` or `eidas2` is ignored, as OpenID Connect asks.
/// `login_hint` is `<calling code> <national number>` (`+33 612345678`, the `+` encoded
/// `%2B` in a query). A browser's request may leave out `service_name` (a stock client
/// does not know it) and `acr_values`, which OpenID Connect makes optional (Core
/// §3.1.2.1): it is then served at `eidas2`, the level every approval proves (the secret
/// code on the activated smartphone, AUTH-07), and its id_token says so. FranceConnect+
/// always asks a level, and the harness always gives one.
fn authorize_from(q: &Params, caller: Caller) -> Result<Authorize, String> {
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
    let acr_values = match (q.get("acr_values"), caller) {
        (None, Caller::Browser) => vec![Acr::Eidas2],
        _ => list("acr_values")
            .into_iter()
            .filter_map(|v| serde_json::from_value::<Acr>(serde_json::Value::String(v)).ok())
            .collect(),
    };
    let service_name = match (q.get("service_name"), caller) {
        (Some(name), _) => name.clone(),
        (None, Caller::Browser) => DEFAULT_SERVICE_NAME.to_string(),
        (None, Caller::Harness) => required("service_name")?,
    };
    Ok(Authorize {
        client_id: required("client_id")?,
        redirect_uri: required("redirect_uri")?,
        scope: list("scope"),
        acr_values,
        login_hint: login_hint(&required("login_hint")?)?,
        state: required("state")?,
        nonce: required("nonce")?,
        service_name,
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

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that an error description keeps only what RFC 6749 §4.1.2.1 allows.
    #[test]
    fn descriptions_are_plain_ascii() {
        let text = "Aucune Identité Numérique n'est associée à ce numéro « \"x\\ » ç.";
        assert_eq!(
            ascii_description(text),
            "Aucune Identite Numerique n'est associee a ce numero  x  c."
        );
    }
}
