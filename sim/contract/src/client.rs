//! The harness's HTTP client: [`HttpSut`] is an [`IdentityProvider`] over the wire mapping
//! of [`crate::http`], so that the same journeys and features run against an
//! implementation written in any language (behind the `client` feature).
//!
//! A misbehaving implementation is data, never a hang or a panic of the harness. Every
//! request has a bounded wait ([`ClientOptions::request_timeout`], from connecting to the
//! last byte of the answer) and a bounded answer size. What the contract does not allow
//! comes back as a finding naming the request (`POST /v1/ops/AccountStart`) and what was
//! answered: [`CallError::Transport`] when nothing (or half of something) came back,
//! [`CallError::Protocol`] when an answer came back that the contract does not allow. The
//! last exchanges are kept, bounded, for a failure report ([`HttpSut::recent_exchanges`]);
//! they hold no wall-clock value, so that a report stays the same from one run to the next.
//!
//! The client needs a tokio runtime with its I/O and time drivers (`enable_all`).

use crate::capabilities::Capabilities;
use crate::http::{
    AUTHORIZE_PATH, CAPABILITIES_PATH, CLOCK_HEADER, DISCOVERY_PATH, JWKS_PATH, REFUSAL_STATUS,
    TOKEN_PATH, USERINFO_PATH, form_urlencode, op_path, reply_from, request_body,
};
use crate::login::{Acr, Authorize, ClientAuth, Token, Tokens, UserInfo, UserInfoMethod};
use crate::oidc::DiscoveryDocument;
use crate::{CallError, ClockId, IdentityProvider, Refusal, RefusalCode, Reply, Request};
use async_trait::async_trait;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::collections::{BTreeMap, VecDeque};
use std::fmt;
use std::sync::Mutex;
use std::time::Duration;

/// How long a request may take by default, from connecting to the last byte of the answer.
pub const DEFAULT_REQUEST_TIMEOUT: Duration = Duration::from_secs(5);
/// How long connecting may take by default.
pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(2);
/// How many exchanges are kept by default, per clock and in all.
pub const DEFAULT_HISTORY: usize = 20;
/// The largest answer read: a bigger one is a finding, not an exhausted harness.
pub const BODY_LIMIT_BYTES: usize = 4 * 1024 * 1024;
/// How much of a body a finding or an exchange shows.
pub const SHOWN_CHARS: usize = 200;
/// How many clocks keep their own exchanges; the least recently used is forgotten first.
const CLOCKS_KEPT: usize = 256;
/// Idle connections are closed before a typical server's keep-alive timeout (5 s for
/// Node.js, for example), so that a request is never sent on a connection the server is
/// closing at that moment, which would read as a spurious reset.
const POOL_IDLE_TIMEOUT: Duration = Duration::from_secs(2);

/// The bounds of the client.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClientOptions {
    /// How long a request may take, from connecting to the last byte of the answer.
    pub request_timeout: Duration,
    /// How long connecting may take (within `request_timeout`).
    pub connect_timeout: Duration,
    /// How many exchanges are kept for failure reports, per clock and in all.
    pub history: usize,
}

impl Default for ClientOptions {
    fn default() -> Self {
        Self {
            request_timeout: DEFAULT_REQUEST_TIMEOUT,
            connect_timeout: DEFAULT_CONNECT_TIMEOUT,
            history: DEFAULT_HISTORY,
        }
    }
}

/// Why a client could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClientError {
    #[error("invalid target {url:?}: {detail}")]
    Target { url: String, detail: String },
}

/// One request and what came back, as a failure report shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exchange {
    /// The test clock the request was made on (`None` for the capability document).
    pub clock: Option<String>,
    pub method: String,
    pub path: String,
    /// The start of the request's body, or its query string (`?client_id=…`).
    pub request: String,
    pub outcome: Outcome,
}

/// What came back for one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Outcome {
    /// An answer: its status and the start of its body.
    Answered { status: u16, body: String },
    /// No answer, or half of one: why.
    NoAnswer { detail: String },
}

impl fmt::Display for Exchange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        if !self.request.is_empty() {
            write!(f, " {}", self.request)?;
        }
        match &self.outcome {
            Outcome::Answered { status, body } if body.is_empty() => write!(f, " -> {status}"),
            Outcome::Answered { status, body } => write!(f, " -> {status} {body}"),
            Outcome::NoAnswer { detail } => write!(f, " -> {detail}"),
        }
    }
}

/// An implementation of the identity provider reached over HTTP.
pub struct HttpSut {
    base: String,
    client: reqwest::Client,
    options: ClientOptions,
    history: Mutex<History>,
}

impl HttpSut {
    /// A client for the implementation at `base_url` (`http://127.0.0.1:8080`). It does not
    /// connect yet: a target nobody answers at, or an invalid one, makes each request a
    /// [`CallError::Transport`] naming it. [`HttpSut::try_new`] checks the URL first.
    pub fn new(base_url: &str, options: ClientOptions) -> Self {
        let client = reqwest::Client::builder()
            .no_proxy()
            .redirect(reqwest::redirect::Policy::none())
            .connect_timeout(options.connect_timeout)
            .pool_idle_timeout(POOL_IDLE_TIMEOUT)
            .build()
            // Without TLS, proxies or a custom resolver nothing can fail to initialise.
            .expect("a plain-HTTP client builds");
        Self::with_client(base_url, options, client)
    }

    /// [`HttpSut::new`], after checking that `base_url` is a plain-HTTP URL: the harness
    /// talks to implementations on a test network and carries no TLS.
    pub fn try_new(base_url: &str, options: ClientOptions) -> Result<Self, ClientError> {
        let target = |detail: &str| ClientError::Target {
            url: base_url.to_string(),
            detail: detail.to_string(),
        };
        let url = reqwest::Url::parse(base_url).map_err(|e| target(&e.to_string()))?;
        if url.scheme() != "http" {
            return Err(target("only http:// is supported"));
        }
        if url.host().is_none() || url.query().is_some() || url.fragment().is_some() {
            return Err(target("expected http://HOST:PORT, with an optional path"));
        }
        Ok(Self::new(base_url, options))
    }

    /// A client to the same implementation that shares this one's connections but keeps its
    /// own history: one per scenario, without a connection pool per scenario.
    pub fn sharing_connections(&self) -> Self {
        Self::with_client(&self.base, self.options.clone(), self.client.clone())
    }

    fn with_client(base_url: &str, options: ClientOptions, client: reqwest::Client) -> Self {
        let history = Mutex::new(History::new(options.history));
        Self { base: base_url.trim_end_matches('/').to_string(), client, options, history }
    }

    /// The base URL requests go to, without a trailing slash.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    /// The capability document (`GET /v1/capabilities`). A document that is not JSON or
    /// not of the contract's shape is a [`CallError::Protocol`].
    pub async fn capabilities(&self) -> Result<Capabilities, CallError> {
        let what = format!("GET {CAPABILITIES_PATH}");
        let outgoing = self.client.get(self.url(CAPABILITIES_PATH));
        let answer = self.exchange(None, &what, outgoing, true).await?;
        match answer.status {
            200 => serde_json::from_value(parse_json(&what, &answer)?).map_err(|e| {
                let detail = format!(
                    "a capability document of the wrong shape ({e}), {}",
                    body_text(&answer)
                );
                protocol(&what, detail)
            }),
            _ => Err(unexpected(&what, &answer)),
        }
    }

    /// Whether the implementation answers: its capability document comes back with a 200.
    /// A cheap probe for scripts waiting on a server; it is not recorded.
    pub async fn ready(&self) -> Result<(), CallError> {
        let what = format!("GET {CAPABILITIES_PATH}");
        let outgoing = self.client.get(self.url(CAPABILITIES_PATH));
        let answer = self.exchange(None, &what, outgoing, false).await?;
        match answer.status {
            200 => Ok(()),
            _ => Err(unexpected(&what, &answer)),
        }
    }

    /// Probes [`HttpSut::ready`] up to `attempts` times, `pause` apart; the last failure if
    /// the implementation never answers. For scripts that have just started a server.
    pub async fn ready_within(&self, attempts: u32, pause: Duration) -> Result<(), CallError> {
        let mut last = None;
        for attempt in 0..attempts.max(1) {
            if attempt > 0 {
                tokio::time::sleep(pause).await;
            }
            match self.ready().await {
                Ok(()) => return Ok(()),
                Err(e) => last = Some(e),
            }
        }
        Err(last.expect("at least one attempt was made"))
    }

    /// The last exchanges over all clocks, oldest first (at most `history` of them).
    pub fn recent_exchanges(&self) -> Vec<Exchange> {
        self.lock().recent()
    }

    /// The last exchanges made on `clock`, oldest first (at most `history` of them). When
    /// scenarios run concurrently on one client, this is the one a scenario's report shows.
    pub fn recent_exchanges_on(&self, clock: &ClockId) -> Vec<Exchange> {
        self.lock().on(Some(clock.as_str()))
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, History> {
        // A panic elsewhere while holding the lock cannot leave the history inconsistent
        // (each update is one push and one pop), so a poisoned lock is still usable.
        self.history.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// The HTTP request of a contract request, with the clock header.
    fn outgoing(&self, clock: &ClockId, request: &Request) -> reqwest::RequestBuilder {
        let builder = match request {
            // JSON, not the browser's front channel (pages and redirects).
            Request::Authorize(op) => self
                .client
                .get(self.url(AUTHORIZE_PATH))
                .query(&authorize_query(op))
                .header(reqwest::header::ACCEPT, "application/json"),
            Request::Token(op) => {
                let post = self.client.post(self.url(TOKEN_PATH)).form(&token_form(op));
                match op.client_auth {
                    ClientAuth::Post => post,
                    ClientAuth::Basic => {
                        post.header(reqwest::header::AUTHORIZATION, basic_credentials(op))
                    }
                }
            }
            Request::UserInfo(op) => self.userinfo(op),
            Request::OidcDiscovery(_) => self.client.get(self.url(DISCOVERY_PATH)),
            Request::OidcJwks(_) => self.client.get(self.url(JWKS_PATH)),
            other => self.client.post(self.url(&op_path(other.name()))).json(&request_body(other)),
        };
        builder.header(CLOCK_HEADER, clock.as_str())
    }

    /// `GET` or `POST /userinfo`, the token as a bearer token unless it is empty.
    fn userinfo(&self, op: &UserInfo) -> reqwest::RequestBuilder {
        let url = self.url(USERINFO_PATH);
        let builder = match op.method {
            UserInfoMethod::Get => self.client.get(url),
            // An empty form: some servers want a body type on a POST.
            UserInfoMethod::Post => self.client.post(url).form(&[] as &[(&str, &str)]),
        };
        if op.access_token.is_empty() { builder } else { builder.bearer_auth(&op.access_token) }
    }

    /// Sends one request within the bound, reads its answer within the size limit, and
    /// records the exchange.
    async fn exchange(
        &self,
        clock: Option<&ClockId>,
        what: &str,
        outgoing: reqwest::RequestBuilder,
        record: bool,
    ) -> Result<Answer, CallError> {
        let request = outgoing.build().map_err(|e| CallError::Transport {
            request: what.to_string(),
            detail: format!("cannot build the request: {}", describe(&e)),
        })?;
        let mut exchange = Exchange {
            clock: clock.map(|c| c.as_str().to_string()),
            method: request.method().to_string(),
            path: request.url().path().to_string(),
            request: request_shown(&request),
            outcome: Outcome::NoAnswer { detail: String::new() },
        };
        let bound = self.options.request_timeout;
        // tokio's timer bounds the wait: no wall-clock value is read or kept.
        let result = match tokio::time::timeout(bound, self.send(request)).await {
            Err(_) => Err(format!("no answer within {}", duration_text(bound))),
            Ok(Err(e)) => Err(transport_detail(&e)),
            Ok(Ok(answer)) => Ok(answer),
        };
        exchange.outcome = match &result {
            Ok(answer) => Outcome::Answered { status: answer.status, body: shown(&answer.body) },
            Err(detail) => Outcome::NoAnswer { detail: detail.clone() },
        };
        if record {
            self.lock().push(exchange);
        }
        let answer =
            result.map_err(|detail| CallError::Transport { request: what.to_string(), detail })?;
        if answer.too_large {
            return Err(protocol(
                what,
                format!("status {} with a body over {BODY_LIMIT_BYTES} bytes", answer.status),
            ));
        }
        Ok(answer)
    }

    async fn send(&self, request: reqwest::Request) -> Result<Answer, reqwest::Error> {
        let mut response = self.client.execute(request).await?;
        let status = response.status().as_u16();
        let www_authenticate = response
            .headers()
            .get(reqwest::header::WWW_AUTHENTICATE)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let mut body = Vec::new();
        while let Some(chunk) = response.chunk().await? {
            if body.len() + chunk.len() > BODY_LIMIT_BYTES {
                return Ok(Answer { status, www_authenticate, body, too_large: true });
            }
            body.extend_from_slice(&chunk);
        }
        Ok(Answer { status, www_authenticate, body, too_large: false })
    }
}

#[async_trait]
impl IdentityProvider for HttpSut {
    async fn handle(&self, clock: &ClockId, request: Request) -> Result<Reply, CallError> {
        let what = request_line(&request);
        let outgoing = self.outgoing(clock, &request);
        let answer = self.exchange(Some(clock), &what, outgoing, true).await?;
        match &request {
            Request::Token(op) => token_reply(&what, op.client_auth, &answer),
            Request::UserInfo(_) => userinfo_reply(&what, &answer),
            Request::OidcDiscovery(_) => {
                let reply = op_reply(&what, request.reply_name(), &answer)?;
                if let Reply::DiscoveryDocument(document) = &reply {
                    check_discovery(&self.base, document).map_err(|e| protocol(&what, e))?;
                }
                Ok(reply)
            }
            other => op_reply(&what, other.reply_name(), &answer),
        }
    }
}

/// Discovery 1.0 §4.3: the `issuer` is the URL the document was fetched under (the base URL
/// the client was given, with or without its final `/`); §3 and RFC 9700 §4.4 (mix-up):
/// every endpoint is on the issuer's origin (scheme, host and port).
fn check_discovery(base: &str, document: &DiscoveryDocument) -> Result<(), String> {
    let issuer = &document.issuer;
    if issuer.trim_end_matches('/') != base || issuer.ends_with("//") {
        return Err(format!(
            "discovery's issuer {issuer:?} is not the URL it is served from, {base:?} \
             (OpenID Connect Discovery 1.0 §4.3)"
        ));
    }
    let origin = |url: &str| {
        reqwest::Url::parse(url).ok().map(|u| {
            (u.scheme().to_string(), u.host_str().map(str::to_string), u.port_or_known_default())
        })
    };
    let expected = origin(issuer);
    let endpoints = [
        ("authorization_endpoint", &document.authorization_endpoint),
        ("token_endpoint", &document.token_endpoint),
        ("userinfo_endpoint", &document.userinfo_endpoint),
        ("jwks_uri", &document.jwks_uri),
    ];
    for (name, url) in endpoints {
        if name == "userinfo_endpoint" && url.is_empty() {
            continue;
        }
        if expected.is_none() || origin(url) != expected {
            return Err(format!(
                "discovery's {name} {url:?} is not on the issuer's origin {issuer:?} \
                 (OpenID Connect Discovery 1.0 §3)"
            ));
        }
    }
    Ok(())
}

/// The method and path of a request, as findings name it: `POST /v1/ops/AccountStart`.
pub fn request_line(request: &Request) -> String {
    match request {
        Request::Authorize(_) => format!("GET {AUTHORIZE_PATH}"),
        Request::Token(_) => format!("POST {TOKEN_PATH}"),
        Request::UserInfo(op) => format!("{} {USERINFO_PATH}", op.method.as_str()),
        Request::OidcDiscovery(_) => format!("GET {DISCOVERY_PATH}"),
        Request::OidcJwks(_) => format!("GET {JWKS_PATH}"),
        other => format!("POST {}", op_path(other.name())),
    }
}

/// What came back: a status and a body read whole (or up to the limit).
struct Answer {
    status: u16,
    www_authenticate: Option<String>,
    body: Vec<u8>,
    too_large: bool,
}

/// The query of `GET /authorize` (OpenID Connect Core §3.1.2.1, RFC 7636 for PKCE). The
/// login hint is the number as a person types it: calling code, a space, the national
/// number (`+33 612345678`).
fn authorize_query(op: &Authorize) -> Vec<(&'static str, String)> {
    let acr_values: Vec<&str> = op.acr_values.iter().map(|acr| acr_str(*acr)).collect();
    vec![
        ("client_id", op.client_id.clone()),
        ("redirect_uri", op.redirect_uri.clone()),
        ("scope", op.scope.join(" ")),
        ("acr_values", acr_values.join(" ")),
        ("login_hint", format!("{} {}", op.login_hint.calling_code, op.login_hint.national)),
        ("state", op.state.clone()),
        ("nonce", op.nonce.clone()),
        ("service_name", op.service_name.clone()),
        ("code_challenge", op.code_challenge.clone()),
        ("code_challenge_method", "S256".to_string()),
    ]
}

fn acr_str(acr: Acr) -> &'static str {
    match acr {
        Acr::Eidas1 => "eidas1",
        Acr::Eidas2 => "eidas2",
    }
}

/// The form of `POST /token` (RFC 6749 §4.1.3, RFC 7636 §4.5): with `client_secret_post`
/// the client's id and secret are fields; with `client_secret_basic` they are only in the
/// `Authorization` header ([`basic_credentials`]), one method at a time (RFC 6749 §2.3).
fn token_form(op: &Token) -> Vec<(&'static str, &str)> {
    let mut form = vec![
        ("grant_type", "authorization_code"),
        ("code", op.code.as_str()),
        ("redirect_uri", &op.redirect_uri),
    ];
    if op.client_auth == ClientAuth::Post {
        form.push(("client_id", &op.client_id));
        form.push(("client_secret", &op.client_secret));
    }
    form.push(("code_verifier", &op.code_verifier));
    form
}

/// `Basic base64(id:secret)`, the id and the secret each `application/x-www-form-urlencoded`
/// first (RFC 6749 §2.3.1).
pub fn basic_credentials(op: &Token) -> String {
    use base64::Engine;
    let pair = format!("{}:{}", form_urlencode(&op.client_id), form_urlencode(&op.client_secret));
    format!("Basic {}", base64::engine::general_purpose::STANDARD.encode(pair))
}

/// The token endpoint's answer (RFC 6749 §5.1); other members are allowed and ignored.
#[derive(Deserialize)]
struct TokenAnswer {
    access_token: String,
    id_token: String,
    token_type: String,
    expires_in: u64,
}

/// OAuth's error body (RFC 6749 §5.2, RFC 6750 §3).
#[derive(Deserialize)]
struct OAuthError {
    error: String,
    #[serde(default)]
    error_description: Option<String>,
}

/// An [`crate::http::ErrorBody`] read loosely, so that an unknown code can be named.
#[derive(Deserialize)]
struct LooseErrorBody {
    error: LooseRefusal,
}

#[derive(Deserialize)]
struct LooseRefusal {
    code: String,
    message: String,
    #[serde(default)]
    retry_after_s: Option<u64>,
    #[serde(default)]
    attempts_left: Option<u32>,
}

fn op_reply(what: &str, reply_name: &str, answer: &Answer) -> Result<Reply, CallError> {
    match answer.status {
        200 => {
            let body = parse_json(what, answer)?;
            reply_from(reply_name, body).map_err(|e| {
                protocol(
                    what,
                    format!("status 200 with the wrong shape ({e}), {}", body_text(answer)),
                )
            })
        }
        REFUSAL_STATUS => Err(refusal(what, answer)),
        _ => Err(unexpected(what, answer)),
    }
}

/// The token endpoint's answer. RFC 6749 §5.2: a client that authenticated with the
/// `Authorization` header and failed gets a 401 with a `WWW-Authenticate` challenge of that
/// scheme; and any 401 carries a challenge (RFC 9110 §15.5.2).
fn token_reply(what: &str, auth: ClientAuth, answer: &Answer) -> Result<Reply, CallError> {
    let scheme = (auth == ClientAuth::Basic).then_some("Basic");
    challenged(what, answer, scheme)?;
    if auth == ClientAuth::Basic && answer.status != 200 {
        let invalid_client = serde_json::from_slice::<OAuthError>(&answer.body)
            .is_ok_and(|e| e.error == "invalid_client");
        if invalid_client && answer.status != 401 {
            return Err(protocol(
                what,
                format!(
                    "status {} for invalid_client after client_secret_basic: expected 401 \
                     with WWW-Authenticate: Basic (RFC 6749 §5.2)",
                    answer.status
                ),
            ));
        }
    }
    match answer.status {
        200 => {
            let body = parse_json(what, answer)?;
            let tokens: TokenAnswer = serde_json::from_value(body).map_err(|e| {
                protocol(
                    what,
                    format!("status 200 with the wrong shape ({e}), {}", body_text(answer)),
                )
            })?;
            Ok(Reply::Tokens(Tokens {
                access_token: tokens.access_token,
                id_token: tokens.id_token,
                token_type: tokens.token_type,
                expires_in_s: tokens.expires_in,
            }))
        }
        400 | 401 => Err(oauth_refusal(what, answer)),
        REFUSAL_STATUS => Err(refusal(what, answer)),
        _ => Err(unexpected(what, answer)),
    }
}

/// The userinfo endpoint's answer: a 401 carries a `WWW-Authenticate: Bearer` challenge
/// (RFC 6750 §3).
fn userinfo_reply(what: &str, answer: &Answer) -> Result<Reply, CallError> {
    challenged(what, answer, Some("Bearer"))?;
    match answer.status {
        200 => op_reply(what, "UserInfoClaims", answer),
        400 | 401 | 403 => Err(oauth_refusal(what, answer)),
        REFUSAL_STATUS => Err(refusal(what, answer)),
        _ => Err(unexpected(what, answer)),
    }
}

/// A 401 must say how to authenticate: a `WWW-Authenticate` header (RFC 9110 §11.6.1,
/// §15.5.2), of the scheme the client used when it used one (`Basic`, RFC 6749 §5.2;
/// `Bearer`, RFC 6750 §3).
fn challenged(what: &str, answer: &Answer, scheme: Option<&str>) -> Result<(), CallError> {
    if answer.status != 401 {
        return Ok(());
    }
    let Some(header) = answer.www_authenticate.as_deref() else {
        let expected = scheme.map(|s| format!(" ({s} expected)")).unwrap_or_default();
        return Err(protocol(
            what,
            format!("status 401 without a WWW-Authenticate header{expected}"),
        ));
    };
    let Some(scheme) = scheme else { return Ok(()) };
    let given = header.split_whitespace().next().unwrap_or_default();
    if !given.trim_end_matches(',').eq_ignore_ascii_case(scheme) {
        return Err(protocol(
            what,
            format!("status 401 with WWW-Authenticate {header:?}: the {scheme} scheme expected"),
        ));
    }
    Ok(())
}

/// A 422: a refusal the contract allows, if its body is an error body with a known code.
fn refusal(what: &str, answer: &Answer) -> CallError {
    let loose: LooseErrorBody = match serde_json::from_slice(&answer.body) {
        Ok(loose) => loose,
        Err(e) => {
            let detail = format!(
                "status {} without an error body ({e}), {}",
                answer.status,
                body_text(answer)
            );
            return protocol(what, detail);
        }
    };
    let LooseRefusal { code, message, retry_after_s, attempts_left } = loose.error;
    match RefusalCode::parse(&code) {
        Some(code) => CallError::Refused(Refusal { code, message, retry_after_s, attempts_left }),
        None => protocol(
            what,
            format!("status {} with refusal code {code:?} unknown to the contract", answer.status),
        ),
    }
}

/// An OAuth error: its code from the JSON body or, for a bearer token, from the
/// `WWW-Authenticate` header (RFC 6750 §3), if the contract knows it.
fn oauth_refusal(what: &str, answer: &Answer) -> CallError {
    let found = match serde_json::from_slice::<OAuthError>(&answer.body) {
        Ok(e) => Some((e.error, e.error_description.unwrap_or_default())),
        Err(_) => {
            answer.www_authenticate.as_deref().and_then(bearer_error).map(|c| (c, String::new()))
        }
    };
    let Some((code, description)) = found else {
        let detail =
            format!("status {} without an OAuth error, {}", answer.status, body_text(answer));
        return protocol(what, detail);
    };
    match RefusalCode::parse(&code) {
        Some(code) => CallError::Refused(Refusal::new(code, description)),
        None => protocol(
            what,
            format!("status {} with OAuth error {code:?} unknown to the contract", answer.status),
        ),
    }
}

/// The `error` parameter of a `WWW-Authenticate: Bearer error="invalid_token"` header.
fn bearer_error(header: &str) -> Option<String> {
    let start = header.find("error=\"")? + "error=\"".len();
    let rest = &header[start..];
    Some(rest[..rest.find('"')?].to_string())
}

fn parse_json(what: &str, answer: &Answer) -> Result<Value, CallError> {
    serde_json::from_slice(&answer.body).map_err(|e| {
        protocol(
            what,
            format!("status {} with malformed JSON ({e}), {}", answer.status, body_text(answer)),
        )
    })
}

fn unexpected(what: &str, answer: &Answer) -> CallError {
    protocol(what, format!("unexpected status {}, {}", answer.status, body_text(answer)))
}

fn protocol(what: &str, detail: String) -> CallError {
    CallError::Protocol { request: what.to_string(), detail }
}

fn body_text(answer: &Answer) -> String {
    if answer.body.is_empty() {
        "an empty body".to_string()
    } else {
        format!("body: {}", shown(&answer.body))
    }
}

/// The start of a body as text: at most [`SHOWN_CHARS`] characters, then its full size.
pub fn shown(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let mut chars = text.char_indices();
    match chars.nth(SHOWN_CHARS) {
        None => text.into_owned(),
        Some((end, _)) => format!("{}… ({} bytes)", &text[..end], body.len()),
    }
}

fn request_shown(request: &reqwest::Request) -> String {
    match (request.url().query(), request.body().and_then(|b| b.as_bytes())) {
        (Some(query), _) => shown(format!("?{query}").as_bytes()),
        (None, Some(body)) => shown(body),
        (None, None) => String::new(),
    }
}

/// A duration as a finding states it: `5 s`, `200 ms`.
fn duration_text(duration: Duration) -> String {
    let ms = duration.as_millis();
    if ms.is_multiple_of(1000) { format!("{} s", ms / 1000) } else { format!("{ms} ms") }
}

/// Why no whole answer came back.
fn transport_detail(err: &reqwest::Error) -> String {
    let what = if err.is_connect() {
        "cannot connect"
    } else if err.is_timeout() {
        "timed out"
    } else if err.is_body() || err.is_decode() {
        "the answer broke off"
    } else {
        "the exchange failed"
    };
    format!("{what}: {}", describe(err))
}

/// An error and its causes, without the URL (its port changes from run to run).
fn describe(err: &reqwest::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut source: Option<&dyn std::error::Error> = std::error::Error::source(err);
    while let Some(cause) = source {
        let text = cause.to_string();
        // hyper's "client error (Connect)" only repeats what the classification says.
        let noise = text.starts_with("client error (");
        if !noise && !parts.iter().any(|p| p.contains(&text)) {
            parts.push(text);
        }
        source = cause.source();
    }
    if parts.is_empty() {
        parts.push(err.to_string());
    }
    parts.join(": ")
}

/// The exchanges kept: per clock, each ring bounded, and a bounded number of clocks.
struct History {
    limit: usize,
    next_seq: u64,
    by_clock: BTreeMap<String, VecDeque<(u64, Exchange)>>,
}

impl History {
    fn new(limit: usize) -> Self {
        Self { limit, next_seq: 0, by_clock: BTreeMap::new() }
    }

    fn push(&mut self, exchange: Exchange) {
        if self.limit == 0 {
            return;
        }
        let key = exchange.clock.clone().unwrap_or_default();
        let seq = self.next_seq;
        self.next_seq += 1;
        let ring = self.by_clock.entry(key).or_default();
        ring.push_back((seq, exchange));
        while ring.len() > self.limit {
            ring.pop_front();
        }
        if self.by_clock.len() > CLOCKS_KEPT {
            let oldest = self
                .by_clock
                .iter()
                .min_by_key(|(_, ring)| ring.back().map_or(0, |(seq, _)| *seq))
                .map(|(key, _)| key.clone());
            if let Some(key) = oldest {
                self.by_clock.remove(&key);
            }
        }
    }

    fn recent(&self) -> Vec<Exchange> {
        let mut all: Vec<&(u64, Exchange)> = self.by_clock.values().flatten().collect();
        all.sort_by_key(|(seq, _)| *seq);
        let skip = all.len().saturating_sub(self.limit);
        all.into_iter().skip(skip).map(|(_, e)| e.clone()).collect()
    }

    fn on(&self, clock: Option<&str>) -> Vec<Exchange> {
        self.by_clock
            .get(clock.unwrap_or_default())
            .map(|ring| ring.iter().map(|(_, e)| e.clone()).collect())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exchange(clock: &str, path: &str) -> Exchange {
        Exchange {
            clock: Some(clock.to_string()),
            method: "POST".into(),
            path: path.into(),
            request: "{}".into(),
            outcome: Outcome::Answered { status: 200, body: "{}".into() },
        }
    }

    // Checks that the history keeps the last exchanges per clock and in all, in order.
    #[test]
    fn history_is_bounded_per_clock_and_in_all() {
        let mut history = History::new(2);
        for (clock, path) in [("a", "/1"), ("b", "/2"), ("a", "/3"), ("a", "/4"), ("b", "/5")] {
            history.push(exchange(clock, path));
        }
        let paths = |v: Vec<Exchange>| v.into_iter().map(|e| e.path).collect::<Vec<_>>();
        assert_eq!(paths(history.on(Some("a"))), ["/3", "/4"]);
        assert_eq!(paths(history.on(Some("b"))), ["/2", "/5"]);
        assert_eq!(paths(history.recent()), ["/4", "/5"]);
        for n in 0..CLOCKS_KEPT + 10 {
            history.push(exchange(&format!("c{n}"), "/x"));
        }
        assert_eq!(history.by_clock.len(), CLOCKS_KEPT);
        assert!(history.on(Some("a")).is_empty());
    }

    // Checks how bodies, durations and bearer errors are shown in findings.
    #[test]
    fn findings_show_short_values() {
        assert_eq!(shown(b"abc"), "abc");
        let long = "é".repeat(SHOWN_CHARS + 5);
        let text = shown(long.as_bytes());
        assert!(text.starts_with(&"é".repeat(SHOWN_CHARS)));
        assert!(text.ends_with(&format!("… ({} bytes)", long.len())));
        assert_eq!(duration_text(Duration::from_secs(5)), "5 s");
        assert_eq!(duration_text(Duration::from_millis(200)), "200 ms");
        let header = r#"Bearer realm="idn", error="invalid_token", error_description="expired""#;
        assert_eq!(bearer_error(header).as_deref(), Some("invalid_token"));
        assert_eq!(bearer_error("Bearer realm=\"idn\""), None);
    }
}
