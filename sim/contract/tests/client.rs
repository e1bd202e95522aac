//! The HTTP client against small servers on loopback, well-behaved and not: whatever an
//! implementation does, the client gives a reply, a refusal or a finding naming the
//! request, and never panics or hangs. Each call runs under a safety net of a few seconds
//! so that a hang fails the test instead of stalling it.

use axum::Router;
use axum::extract::{Form, Json, Query};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use idn_contract::account::{AccountConfirmEmail, AccountStart, AccountStarted};
use idn_contract::capabilities::Capabilities;
use idn_contract::client::{ClientOptions, HttpSut, Outcome};
use idn_contract::http::CLOCK_HEADER;
use idn_contract::login::{
    Acr, AuthorizationPending, Authorize, ClientAuth, Token, Tokens, UserInfo, UserInfoMethod,
};
use idn_contract::oidc::{DiscoveryDocument, OidcDiscovery};
use idn_contract::test_clock::TestClockCreate;
use idn_contract::token::UserInfoClaims;
use idn_contract::{
    Ack, AuthRequestId, CallError, ClockId, IdentityProvider, PhoneNumber, Refusal, RefusalCode,
    Reply, Request, SessionToken, call,
};
use serde_json::{Value, json};
use std::collections::BTreeMap;
use std::future::Future;
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// How long any one call may take before the test calls it a hang.
const SAFETY_NET: Duration = Duration::from_secs(5);

async fn within<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(SAFETY_NET, future)
        .await
        .expect("the client hung: no result within the test's safety net")
}

/// A server on 127.0.0.1, stopped when dropped.
struct Server {
    url: String,
    task: JoinHandle<()>,
}

impl Drop for Server {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn serve(app: Router) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    let task = tokio::spawn(async move {
        axum::serve(listener, app).await.expect("the test server runs");
    });
    Server { url, task }
}

/// A server that answers every request with `status` and `body`.
async fn answering(status: u16, body: impl Into<String>) -> Server {
    let body = body.into();
    let status = StatusCode::from_u16(status).expect("a valid status");
    let app = Router::new().fallback(move || {
        let body = body.clone();
        async move { (status, [(header::CONTENT_TYPE, "application/json")], body) }
    });
    serve(app).await
}

/// What a raw server does with the request it has read.
enum Raw {
    /// Writes these bytes and reads the next request on the connection.
    Answer(Vec<u8>),
    /// Writes these bytes and closes the connection.
    Close(Vec<u8>),
    /// Writes these bytes and keeps the connection open without another word.
    Hold(Vec<u8>),
}

/// A server written on bare TCP, for what axum would not do: answer half a response, or
/// hold a connection. It serves one connection at a time in its own task, so aborting the
/// task kills the listener and every connection at once.
async fn raw_server(script: impl Fn(usize) -> Raw + Send + 'static) -> Server {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    let task = tokio::spawn(async move {
        let mut served = 0;
        loop {
            let Ok((mut stream, _)) = listener.accept().await else { return };
            while read_request(&mut stream).await {
                let step = script(served);
                served += 1;
                match step {
                    Raw::Answer(bytes) => {
                        let _ = stream.write_all(&bytes).await;
                    }
                    Raw::Close(bytes) => {
                        let _ = stream.write_all(&bytes).await;
                        break;
                    }
                    Raw::Hold(bytes) => {
                        let _ = stream.write_all(&bytes).await;
                        std::future::pending::<()>().await;
                    }
                }
            }
        }
    });
    Server { url, task }
}

/// Reads one HTTP/1.1 request (head and a `Content-Length` body); false at end of stream.
async fn read_request(stream: &mut TcpStream) -> bool {
    let mut buffer = Vec::new();
    let mut chunk = [0u8; 4096];
    let head_end = loop {
        if let Some(at) = buffer.windows(4).position(|w| w == b"\r\n\r\n") {
            break at + 4;
        }
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    };
    let head = String::from_utf8_lossy(&buffer[..head_end]).to_ascii_lowercase();
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(0);
    while buffer.len() < head_end + length {
        match stream.read(&mut chunk).await {
            Ok(0) | Err(_) => return false,
            Ok(n) => buffer.extend_from_slice(&chunk[..n]),
        }
    }
    true
}

fn http_response(status: &str, body: &str) -> Vec<u8> {
    format!(
        "HTTP/1.1 {status}\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
        body.len()
    )
    .into_bytes()
}

fn sut(url: &str) -> HttpSut {
    HttpSut::new(url, ClientOptions::default())
}

fn clock() -> ClockId {
    ClockId::new("clock-1")
}

fn account_start(email: &str) -> Request {
    AccountStart { email: email.to_string() }.into()
}

/// The request line and detail of a transport finding, or a failure naming what came.
fn transport(result: Result<Reply, CallError>) -> (String, String) {
    match result {
        Err(CallError::Transport { request, detail }) => (request, detail),
        other => panic!("expected a transport finding, got {other:?}"),
    }
}

/// The request line and detail of a protocol finding, or a failure naming what came.
fn protocol(result: Result<Reply, CallError>) -> (String, String) {
    match result {
        Err(CallError::Protocol { request, detail }) => (request, detail),
        other => panic!("expected a protocol finding, got {other:?}"),
    }
}

/// Echoes the clock header and the e-mail into the session, so the test sees both arrive.
async fn account_start_echo(headers: HeaderMap, Json(body): Json<Value>) -> Json<Value> {
    let clock = headers.get(CLOCK_HEADER).and_then(|v| v.to_str().ok()).unwrap_or("none");
    let email = body["email"].as_str().unwrap_or("none");
    Json(json!({ "session": format!("{clock}|{email}") }))
}

// Checks a round trip with a well-behaved implementation: the path, the JSON body, the
// clock header, the typed reply, an `Ack` from `{}`, and the exchanges kept for a report.
#[tokio::test]
async fn a_well_behaved_implementation_answers_operations() {
    let app = Router::new()
        .route("/v1/ops/AccountStart", post(account_start_echo))
        .route("/v1/ops/AccountConfirmEmail", post(|| async { Json(json!({})) }));
    let server = serve(app).await;
    let sut = sut(&format!("{}/", server.url));
    let op = AccountStart { email: "camille@example.fr".into() };
    let reply = within(call(&sut, &clock(), op)).await;
    let expected = AccountStarted { session: SessionToken::new("clock-1|camille@example.fr") };
    assert_eq!(reply, Ok(expected));
    let confirm = AccountConfirmEmail { session: SessionToken::new("s"), code: "123456".into() };
    assert_eq!(within(call(&sut, &clock(), confirm)).await, Ok(Ack));
    let exchanges = sut.recent_exchanges();
    assert_eq!(exchanges.len(), 2);
    assert_eq!(exchanges[0].clock.as_deref(), Some("clock-1"));
    assert_eq!(
        exchanges[0].to_string(),
        r#"POST /v1/ops/AccountStart {"email":"camille@example.fr"} -> 200 {"session":"clock-1|camille@example.fr"}"#
    );
    assert_eq!(exchanges[1].outcome, Outcome::Answered { status: 200, body: "{}".into() });
}

// Checks that a 422 with an error body is the refusal it carries, details included.
#[tokio::test]
async fn a_refusal_is_decoded_with_its_code() {
    let body = r#"{"error":{"code":"code_invalid","message":"Code incorrect.","attempts_left":2}}"#;
    let server = answering(422, body).await;
    let result = within(sut(&server.url).handle(&clock(), account_start("a@b.fr"))).await;
    let refusal = Refusal::new(RefusalCode::CodeInvalid, "Code incorrect.").attempts_left(2);
    assert_eq!(result, Err(CallError::Refused(refusal)));
}

// Checks that nobody listening is a transport finding naming the request.
#[tokio::test]
async fn connection_refused_is_a_transport_finding() {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("a loopback port");
    let url = format!("http://{}", listener.local_addr().expect("a bound address"));
    drop(listener);
    let sut = sut(&url);
    let result = within(sut.handle(&clock(), account_start("a@b.fr"))).await;
    let error = result.clone().expect_err("nobody answers");
    assert!(
        error
            .to_string()
            .starts_with("POST /v1/ops/AccountStart: transport failure: cannot connect"),
        "{error}"
    );
    let (request, detail) = transport(result);
    assert_eq!(request, "POST /v1/ops/AccountStart");
    assert!(!detail.contains(&url[7..]), "a finding carries no port: {detail}");
    assert!(matches!(sut.recent_exchanges()[0].outcome, Outcome::NoAnswer { .. }));
    let not_ready = within(sut.ready_within(2, Duration::from_millis(10))).await;
    assert!(matches!(not_ready, Err(CallError::Transport { .. })), "{not_ready:?}");
}

// Checks that a 500 is a protocol finding with the status and the start of the body only.
#[tokio::test]
async fn a_server_error_is_a_protocol_finding() {
    let server = answering(500, "x".repeat(1000)).await;
    let (request, detail) =
        protocol(within(sut(&server.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(request, "POST /v1/ops/AccountStart");
    let shown = "x".repeat(200);
    assert_eq!(detail, format!("unexpected status 500, body: {shown}… (1000 bytes)"));
}

// Checks that an answer that is not JSON is a protocol finding naming the parse error.
#[tokio::test]
async fn malformed_json_is_a_protocol_finding() {
    let server = answering(200, "{not json").await;
    let (request, detail) =
        protocol(within(sut(&server.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(request, "POST /v1/ops/AccountStart");
    assert!(detail.starts_with("status 200 with malformed JSON (key must be a string"), "{detail}");
    assert!(detail.ends_with("body: {not json"), "{detail}");
    let empty = answering(200, "").await;
    let (_, detail) =
        protocol(within(sut(&empty.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert!(detail.ends_with("an empty body"), "{detail}");
}

// Checks that valid JSON of the wrong shape is a protocol finding naming the serde error.
#[tokio::test]
async fn wrong_types_are_a_protocol_finding() {
    let server = answering(200, r#"{"session": 42}"#).await;
    let (request, detail) =
        protocol(within(sut(&server.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(request, "POST /v1/ops/AccountStart");
    assert!(
        detail.starts_with(
            "status 200 with the wrong shape (AccountStarted: invalid type: integer `42`"
        ),
        "{detail}"
    );
    let list = answering(200, "[1, 2]").await;
    let (_, detail) =
        protocol(within(sut(&list.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert!(detail.contains("expected a JSON object"), "{detail}");
}

// Checks that a 422 the contract does not allow (an unknown code, no error body) is a
// protocol finding, not a refusal a feature could accept.
#[tokio::test]
async fn a_refusal_outside_the_contract_is_a_protocol_finding() {
    let unknown = answering(422, r#"{"error":{"code":"no_such_code","message":"?"}}"#).await;
    let (request, detail) =
        protocol(within(sut(&unknown.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(request, "POST /v1/ops/AccountStart");
    assert_eq!(detail, r#"status 422 with refusal code "no_such_code" unknown to the contract"#);
    let bare = answering(422, r#"{"code":"code_invalid"}"#).await;
    let (_, detail) =
        protocol(within(sut(&bare.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert!(
        detail.starts_with("status 422 without an error body (missing field `error`"),
        "{detail}"
    );
}

// Checks that an answer slower than the bound is a transport finding stating the bound,
// whether the server says nothing or stops in the middle of the body.
#[tokio::test]
async fn an_answer_slower_than_the_bound_is_a_transport_finding() {
    let options =
        ClientOptions { request_timeout: Duration::from_millis(200), ..ClientOptions::default() };
    let slow = |_: HeaderMap| async {
        tokio::time::sleep(Duration::from_secs(2)).await;
        Json(json!({"session": "late"}))
    };
    let server = serve(Router::new().route("/v1/ops/AccountStart", post(slow))).await;
    let sut = HttpSut::new(&server.url, options.clone());
    let (request, detail) = transport(within(sut.handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(request, "POST /v1/ops/AccountStart");
    assert_eq!(detail, "no answer within 200 ms");
    let kept = &sut.recent_exchanges_on(&clock())[0];
    assert_eq!(kept.outcome, Outcome::NoAnswer { detail: "no answer within 200 ms".into() });

    let half = http_response("200 OK", r#"{"session": "s1"}"#);
    let trickle = raw_server(move |_| Raw::Hold(half[..half.len() - 5].to_vec())).await;
    let sut = HttpSut::new(&trickle.url, options);
    let (_, detail) = transport(within(sut.handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(detail, "no answer within 200 ms");
}

// Checks that a server that dies during a run makes the next call a transport finding,
// whether it dies between two answers or in the middle of one.
#[tokio::test]
async fn a_server_that_dies_is_a_transport_finding() {
    let answer = http_response("200 OK", r#"{"session": "s1"}"#);
    let mut server = raw_server(move |_| Raw::Answer(answer.clone())).await;
    let sut = sut(&server.url);
    let first = within(sut.handle(&clock(), account_start("a@b.fr"))).await;
    assert_eq!(
        first,
        Ok(Reply::AccountStarted(AccountStarted { session: SessionToken::new("s1") }))
    );
    server.task.abort();
    let _ = (&mut server.task).await;
    let (request, _) = transport(within(sut.handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(request, "POST /v1/ops/AccountStart");

    let half = http_response("200 OK", r#"{"session": "s1"}"#);
    let broken = raw_server(move |_| Raw::Close(half[..half.len() - 5].to_vec())).await;
    let (request, detail) = transport(
        within(
            HttpSut::new(&broken.url, ClientOptions::default())
                .handle(&clock(), account_start("a@b.fr")),
        )
        .await,
    );
    assert_eq!(request, "POST /v1/ops/AccountStart");
    assert!(detail.starts_with("the answer broke off"), "{detail}");
}

fn token(code: &str) -> Request {
    Token {
        client_id: "franceconnect-plus".into(),
        client_secret: "secret".into(),
        code: code.into(),
        redirect_uri: "https://fcp.example/callback".into(),
        code_verifier: "verifier".into(),
        client_auth: ClientAuth::Post,
    }
    .into()
}

/// A token endpoint: checks the form, then answers by the code it was given.
async fn token_endpoint(
    headers: HeaderMap,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let expected = [
        ("grant_type", "authorization_code"),
        ("client_id", "franceconnect-plus"),
        ("client_secret", "secret"),
        ("redirect_uri", "https://fcp.example/callback"),
        ("code_verifier", "verifier"),
    ];
    let wrong: Vec<&str> = expected
        .iter()
        .filter(|(k, v)| form.get(*k).map(String::as_str) != Some(v))
        .map(|(k, _)| *k)
        .collect();
    let oauth = |status: StatusCode, body: Value| (status, Json(body)).into_response();
    if !wrong.is_empty() || headers.get(CLOCK_HEADER).is_none() {
        let description = format!("wrong fields {wrong:?} or no clock header");
        return oauth(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_request", "error_description": description}),
        );
    }
    match form.get("code").map(String::as_str) {
        Some("good") => Json(json!({
            "access_token": "at-1", "id_token": "h.p.s", "token_type": "Bearer",
            "expires_in": 600, "scope": "openid"
        }))
        .into_response(),
        Some("used") => oauth(
            StatusCode::BAD_REQUEST,
            json!({"error": "invalid_grant", "error_description": "Code déjà utilisé."}),
        ),
        Some("badclient") => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Basic realm="idn""#)],
            Json(json!({"error": "invalid_client"})),
        )
            .into_response(),
        Some("nochallenge") => oauth(StatusCode::UNAUTHORIZED, json!({"error": "invalid_client"})),
        Some("oddgrant") => oauth(StatusCode::BAD_REQUEST, json!({"error": "unsupported_grant_type"})),
        Some("expires") => Json(json!({
            "access_token": "at-1", "id_token": "h.p.s", "token_type": "Bearer", "expires_in": "soon"
        }))
        .into_response(),
        _ => (StatusCode::BAD_REQUEST, "no").into_response(),
    }
}

// Checks the token endpoint: the form it is sent, the tokens it answers, and OAuth's
// errors as refusals when the contract knows the code, findings otherwise.
#[tokio::test]
async fn the_token_endpoint_maps_oauth_errors() {
    let server = serve(Router::new().route("/token", post(token_endpoint))).await;
    let sut = sut(&server.url);
    let tokens = Tokens {
        access_token: "at-1".into(),
        id_token: "h.p.s".into(),
        token_type: "Bearer".into(),
        expires_in_s: 600,
    };
    assert_eq!(within(sut.handle(&clock(), token("good"))).await, Ok(Reply::Tokens(tokens)));
    let used = within(sut.handle(&clock(), token("used"))).await;
    let refusal = Refusal::new(RefusalCode::InvalidGrant, "Code déjà utilisé.");
    assert_eq!(used, Err(CallError::Refused(refusal)));
    let client = within(sut.handle(&clock(), token("badclient"))).await;
    assert_eq!(client, Err(CallError::Refused(Refusal::new(RefusalCode::InvalidClient, ""))));
    let (_, detail) = protocol(within(sut.handle(&clock(), token("nochallenge"))).await);
    assert_eq!(detail, "status 401 without a WWW-Authenticate header");
    let (request, detail) = protocol(within(sut.handle(&clock(), token("oddgrant"))).await);
    assert_eq!(request, "POST /token");
    assert_eq!(
        detail,
        r#"status 400 with OAuth error "unsupported_grant_type" unknown to the contract"#
    );
    let (_, detail) = protocol(within(sut.handle(&clock(), token("plain"))).await);
    assert_eq!(detail, "status 400 without an OAuth error, body: no");
    let (_, detail) = protocol(within(sut.handle(&clock(), token("expires"))).await);
    assert!(
        detail.starts_with("status 200 with the wrong shape (invalid type: string"),
        "{detail}"
    );
}

/// A userinfo endpoint: answers by the bearer token it was given.
async fn userinfo_endpoint(headers: HeaderMap) -> Response {
    let bearer = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).unwrap_or("");
    match (bearer, headers.get(CLOCK_HEADER).is_some()) {
        ("Bearer good", true) => Json(claims()).into_response(),
        ("Bearer header-only", true) => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Bearer error="invalid_token""#)],
        )
            .into_response(),
        ("Bearer body-only", true) => {
            (StatusCode::UNAUTHORIZED, Json(json!({"error": "invalid_token"}))).into_response()
        }
        ("Bearer basic", true) => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Basic realm="idn""#)],
            Json(json!({"error": "invalid_token"})),
        )
            .into_response(),
        _ => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Bearer realm="idn""#)],
            Json(json!({"error": "invalid_token"})),
        )
            .into_response(),
    }
}

fn claims() -> UserInfoClaims {
    UserInfoClaims {
        sub: "sub-1".into(),
        given_name: "Camille".into(),
        family_name: "Martin".into(),
        birthdate: "1990-05-04".into(),
        gender: "female".into(),
        birthplace: "Lyon".into(),
        birthcountry: "France".into(),
        email: "camille@example.fr".into(),
    }
}

// Checks userinfo: the bearer token, the claims, and a 401 as `invalid_token` whether the
// code is in the body or only in the `WWW-Authenticate` header; a 401 without a Bearer
// challenge is a finding (RFC 6750 §3).
#[tokio::test]
async fn userinfo_sends_the_bearer_token() {
    let server = serve(Router::new().route("/userinfo", get(userinfo_endpoint))).await;
    let sut = sut(&server.url);
    let ask = |token: &str| UserInfo { access_token: token.into(), method: UserInfoMethod::Get };
    assert_eq!(within(call(&sut, &clock(), ask("good"))).await, Ok(claims()));
    for token in ["expired", "header-only"] {
        let result = within(sut.handle(&clock(), ask(token).into())).await;
        assert_eq!(result.map_err(|e| e.refusal_code()), Err(Some(RefusalCode::InvalidToken)));
    }
    let (request, detail) = protocol(within(sut.handle(&clock(), ask("body-only").into())).await);
    assert_eq!(request, "GET /userinfo");
    assert_eq!(detail, "status 401 without a WWW-Authenticate header (Bearer expected)");
    let (_, detail) = protocol(within(sut.handle(&clock(), ask("basic").into())).await);
    assert!(detail.contains("the Bearer scheme expected"), "{detail}");
}

/// What a userinfo endpoint saw: the method, the `Authorization` header, the body.
async fn userinfo_echo(
    method: axum::http::Method,
    headers: HeaderMap,
    body: String,
) -> Json<UserInfoClaims> {
    let bearer = headers.get(header::AUTHORIZATION).map(|v| v.to_str().unwrap().to_string());
    let mut claims = claims();
    claims.given_name = method.to_string();
    claims.family_name = bearer.unwrap_or_else(|| "none".into());
    claims.birthplace = body;
    Json(claims)
}

// Checks that `UserInfoMethod::Post` is a POST with the bearer token in the header and an
// empty form, and that an empty access token sends no `Authorization` header at all.
#[tokio::test]
async fn userinfo_by_post_and_without_a_token() {
    let route = get(userinfo_echo).post(userinfo_echo);
    let server = serve(Router::new().route("/userinfo", route)).await;
    let sut = sut(&server.url);
    let ask = |token: &str, method| UserInfo { access_token: token.into(), method };
    let seen = |c: UserInfoClaims| (c.given_name, c.family_name, c.birthplace);
    let post = within(call(&sut, &clock(), ask("at-1", UserInfoMethod::Post))).await.unwrap();
    assert_eq!(seen(post), ("POST".into(), "Bearer at-1".into(), String::new()));
    let get = within(call(&sut, &clock(), ask("", UserInfoMethod::Get))).await.unwrap();
    assert_eq!(seen(get), ("GET".into(), "none".into(), String::new()));
    let kept = sut.recent_exchanges();
    assert_eq!(kept[0].method, "POST");
    let failing = answering(500, "boom").await;
    let to_failing = HttpSut::new(&failing.url, ClientOptions::default());
    let error = within(to_failing.handle(&clock(), ask("t", UserInfoMethod::Post).into()))
        .await
        .expect_err("a 500 is a finding");
    assert!(error.to_string().starts_with("POST /userinfo: "), "{error}");
}

/// A token endpoint for `client_secret_basic`: the credentials in the header only.
async fn basic_token_endpoint(
    headers: HeaderMap,
    Form(form): Form<BTreeMap<String, String>>,
) -> Response {
    let authorization = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok());
    let in_form = form.contains_key("client_id") || form.contains_key("client_secret");
    // "id:é+ &" form-encoded then base64: "id%3A%C3%A9%2B+%26:s%C3%A9cret"
    let expected = "Basic aWQlM0ElQzMlQTklMkIrJTI2OnMlQzMlQTljcmV0";
    let oauth = |status: StatusCode, error: &str| {
        (status, Json(json!({"error": error, "error_description": ""}))).into_response()
    };
    if in_form || authorization != Some(expected) {
        let description = format!("credentials {authorization:?}, in the form: {in_form}");
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request", "error_description": description})),
        )
            .into_response();
    }
    match form.get("code").map(String::as_str) {
        Some("good") => Json(json!({
            "access_token": "at-1", "id_token": "h.p.s", "token_type": "Bearer", "expires_in": 600
        }))
        .into_response(),
        Some("challenged") => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Basic realm="idn""#)],
            Json(json!({"error": "invalid_client"})),
        )
            .into_response(),
        Some("bearer") => (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, r#"Bearer realm="idn""#)],
            Json(json!({"error": "invalid_client"})),
        )
            .into_response(),
        _ => oauth(StatusCode::BAD_REQUEST, "invalid_client"),
    }
}

// Checks `client_secret_basic`: the id and the secret form-encoded then base64 in the
// `Authorization` header and not in the form; `invalid_client` answered 401 with a Basic
// challenge is a refusal, and answered 400, or with another scheme, a finding (RFC 6749
// §2.3.1, §5.2).
#[tokio::test]
async fn client_secret_basic_travels_in_the_header() {
    let server = serve(Router::new().route("/token", post(basic_token_endpoint))).await;
    let sut = sut(&server.url);
    let basic = |code: &str| -> Request {
        Token {
            client_id: "id:é+ &".into(),
            client_secret: "sécret".into(),
            code: code.into(),
            redirect_uri: "https://fcp.example/callback".into(),
            code_verifier: "verifier".into(),
            client_auth: ClientAuth::Basic,
        }
        .into()
    };
    let tokens = within(sut.handle(&clock(), basic("good"))).await;
    assert!(matches!(tokens, Ok(Reply::Tokens(_))), "{tokens:?}");
    let refused = within(sut.handle(&clock(), basic("challenged"))).await;
    assert_eq!(refused.map_err(|e| e.refusal_code()), Err(Some(RefusalCode::InvalidClient)));
    let (request, detail) = protocol(within(sut.handle(&clock(), basic("400"))).await);
    assert_eq!(request, "POST /token");
    assert!(detail.contains("expected 401 with WWW-Authenticate: Basic"), "{detail}");
    let (_, detail) = protocol(within(sut.handle(&clock(), basic("bearer"))).await);
    assert!(detail.contains("the Basic scheme expected"), "{detail}");
}

/// A discovery document served at `base`, with `change` applied.
fn discovery_at(base: &str, change: fn(&mut DiscoveryDocument)) -> DiscoveryDocument {
    let mut document = DiscoveryDocument {
        issuer: base.to_string(),
        authorization_endpoint: format!("{base}/authorize"),
        token_endpoint: format!("{base}/token"),
        userinfo_endpoint: format!("{base}/userinfo"),
        jwks_uri: format!("{base}/jwks"),
        response_types_supported: vec!["code".into()],
        grant_types_supported: vec![],
        subject_types_supported: vec!["public".into()],
        id_token_signing_alg_values_supported: vec!["ES256".into()],
        acr_values_supported: vec![],
        code_challenge_methods_supported: vec![],
        scopes_supported: vec![],
        claims_supported: vec![],
        token_endpoint_auth_methods_supported: vec![],
        authorization_response_iss_parameter_supported: false,
        service_documentation: None,
    };
    change(&mut document);
    document
}

// Checks that a discovery document whose issuer is not the URL it was fetched under, or
// whose endpoints are on another origin, is a finding naming the field (Discovery 1.0 §3,
// §4.3); the issuer may carry the base URL's final `/`.
#[tokio::test]
async fn discovery_must_be_the_issuer_s_own() {
    type Change = fn(&mut DiscoveryDocument);
    let cases: [(Change, Option<&str>); 6] = [
        (|_| {}, None),
        (|d| d.issuer.push('/'), None),
        (|d| d.issuer = "https://idp.example".into(), Some("issuer")),
        (|d| d.token_endpoint = "http://evil.example/token".into(), Some("token_endpoint")),
        (|d| d.jwks_uri = d.jwks_uri.replace("http:", "https:"), Some("jwks_uri")),
        (|d| d.userinfo_endpoint = "/userinfo".into(), Some("userinfo_endpoint")),
    ];
    for (change, finding) in cases {
        // The base URL is known only once the server listens: serve a placeholder, then
        // rewrite it in the answer.
        let app = Router::new().route(
            "/.well-known/openid-configuration",
            get(move |headers: HeaderMap| async move {
                let host = headers[header::HOST].to_str().unwrap().to_string();
                Json(discovery_at(&format!("http://{host}"), change))
            }),
        );
        let server = serve(app).await;
        let result = within(call(&sut(&server.url), &clock(), OidcDiscovery)).await;
        match finding {
            None => assert!(result.is_ok(), "{result:?}"),
            Some(field) => {
                let (request, detail) = protocol(result.map(Reply::from));
                assert_eq!(request, "GET /.well-known/openid-configuration");
                assert!(detail.contains(&format!("discovery's {field} ")), "{detail}");
            }
        }
    }
}

/// An authorization endpoint: checks the query, answers the pending request.
async fn authorize_endpoint(
    headers: HeaderMap,
    Query(query): Query<BTreeMap<String, String>>,
) -> Response {
    if headers.get(header::ACCEPT).and_then(|v| v.to_str().ok()) != Some("application/json") {
        let body = json!({"error": {"code": "invalid_request", "message": "Accept"}});
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    let expected = [
        ("client_id", "franceconnect-plus"),
        ("redirect_uri", "https://fcp.example/callback"),
        ("scope", "openid given_name"),
        ("acr_values", "eidas1 eidas2"),
        ("login_hint", "+33 612345678"),
        ("state", "st-1"),
        ("nonce", "n-1"),
        ("service_name", "Mon Compte Formation"),
        ("code_challenge", "challenge"),
        ("code_challenge_method", "S256"),
    ];
    let wrong: Vec<String> = expected
        .iter()
        .filter(|(k, v)| query.get(*k).map(String::as_str) != Some(v))
        .map(|(k, _)| format!("{k}={:?}", query.get(*k)))
        .collect();
    if !wrong.is_empty() || query.len() != expected.len() {
        let message = format!("unexpected query: {wrong:?}");
        let body = json!({"error": {"code": "invalid_request", "message": message}});
        return (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response();
    }
    Json(json!({"request": "r-1", "page_message": "Une action est en attente"})).into_response()
}

// Checks that an authorization request travels as OpenID Connect's query parameters, the
// login hint as a person types it, asking for JSON (not the browser's front channel).
#[tokio::test]
async fn authorize_sends_the_query_parameters() {
    let server = serve(Router::new().route("/authorize", get(authorize_endpoint))).await;
    let authorize = Authorize {
        client_id: "franceconnect-plus".into(),
        redirect_uri: "https://fcp.example/callback".into(),
        scope: vec!["openid".into(), "given_name".into()],
        acr_values: vec![Acr::Eidas1, Acr::Eidas2],
        login_hint: PhoneNumber::new("+33", "612345678"),
        state: "st-1".into(),
        nonce: "n-1".into(),
        service_name: "Mon Compte Formation".into(),
        code_challenge: "challenge".into(),
    };
    let sut = sut(&server.url);
    let pending = within(call(&sut, &clock(), authorize)).await;
    let expected = AuthorizationPending {
        request: AuthRequestId::new("r-1"),
        page_message: "Une action est en attente".into(),
    };
    assert_eq!(pending, Ok(expected));
    let kept = &sut.recent_exchanges()[0];
    assert_eq!((kept.method.as_str(), kept.path.as_str()), ("GET", "/authorize"));
    assert!(kept.request.starts_with("?client_id=franceconnect-plus&"), "{}", kept.request);
}

// Checks that every finding names its request, OpenID Connect endpoints included.
#[tokio::test]
async fn every_finding_names_its_request() {
    let server = answering(500, "boom").await;
    let sut = sut(&server.url);
    let authorize = Authorize {
        client_id: "c".into(),
        redirect_uri: "r".into(),
        scope: vec!["openid".into()],
        acr_values: vec![Acr::Eidas2],
        login_hint: PhoneNumber::new("+33", "612345678"),
        state: "s".into(),
        nonce: "n".into(),
        service_name: "x".into(),
        code_challenge: "c".into(),
    };
    let create = TestClockCreate { now: chrono::DateTime::UNIX_EPOCH, outbound_url: None };
    let cases: Vec<(Request, &str)> = vec![
        (account_start("a@b.fr"), "POST /v1/ops/AccountStart"),
        (create.into(), "POST /v1/ops/TestClockCreate"),
        (authorize.into(), "GET /authorize"),
        (token("good"), "POST /token"),
        (
            UserInfo { access_token: "t".into(), method: UserInfoMethod::Get }.into(),
            "GET /userinfo",
        ),
    ];
    for (request, line) in cases {
        let error = within(sut.handle(&clock(), request)).await.expect_err("a 500 is a finding");
        assert_eq!(
            error.to_string(),
            format!("{line}: protocol violation: unexpected status 500, body: boom")
        );
    }
    let redirect = answering(302, "").await;
    let (_, detail) = protocol(
        within(
            HttpSut::new(&redirect.url, ClientOptions::default())
                .handle(&clock(), account_start("a@b.fr")),
        )
        .await,
    );
    assert_eq!(detail, "unexpected status 302, an empty body");
}

// Checks that an answer over the size limit is a finding, not an exhausted harness.
#[tokio::test]
async fn an_oversized_answer_is_a_protocol_finding() {
    let server = answering(200, "x".repeat(idn_contract::client::BODY_LIMIT_BYTES + 1)).await;
    let (_, detail) =
        protocol(within(sut(&server.url).handle(&clock(), account_start("a@b.fr"))).await);
    assert_eq!(detail, "status 200 with a body over 4194304 bytes");
}

// Checks the capability document, the readiness probe, and that the history is bounded
// per clock and in all, oldest first.
#[tokio::test]
async fn capabilities_readiness_and_a_bounded_history() {
    let everything = Capabilities::everything("fake", "1");
    let document = serde_json::to_value(&everything).expect("capabilities serialize");
    let app = Router::new()
        .route("/v1/capabilities", get(move || async move { Json(document.clone()) }))
        .route("/v1/ops/AccountStart", post(account_start_echo));
    let server = serve(app).await;
    let sut = sut(&server.url);
    assert_eq!(within(sut.ready()).await, Ok(()));
    assert_eq!(within(sut.capabilities()).await, Ok(everything));
    let other = ClockId::new("clock-2");
    for n in 0..25 {
        let on = if n % 5 == 0 { &other } else { &clock() };
        within(sut.handle(on, account_start(&format!("p{n}@b.fr")))).await.expect("answered");
    }
    let all = sut.recent_exchanges();
    assert_eq!(all.len(), 20);
    assert!(all[0].request.contains("p5@b.fr"), "{}", all[0]);
    assert!(all[19].request.contains("p24@b.fr"), "{}", all[19]);
    let on_other = sut.recent_exchanges_on(&other);
    assert_eq!(on_other.len(), 5);
    assert!(on_other.iter().all(|e| e.clock.as_deref() == Some("clock-2")));
    let sibling = sut.sharing_connections();
    assert!(sibling.recent_exchanges().is_empty());
    let missing = answering(404, "").await;
    let not_ready = within(HttpSut::new(&missing.url, ClientOptions::default()).ready()).await;
    assert!(matches!(not_ready, Err(CallError::Protocol { .. })), "{not_ready:?}");
    assert!(HttpSut::try_new("https://idn.example", ClientOptions::default()).is_err());
    assert!(HttpSut::try_new("http://127.0.0.1:8080/base", ClientOptions::default()).is_ok());
}
