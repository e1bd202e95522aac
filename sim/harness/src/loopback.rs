//! The outside world on loopback (DESIGN principle 6): over HTTP, the SUT posts what it
//! sends (SMS, e-mails, push, AR24 letters, postman bookings) to these services, at the
//! paths of `idn_contract::http::outbound`, and each message reaches the world of the
//! clock it names, just as an in-process SUT hands it over through `Outbound`.

use axum::extract::{Json, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use idn_contract::http::{CLOCK_HEADER, ErrorBody, outbound as paths};
use idn_contract::outbound::{
    Ar24LetterRequest, Email, PostmanBooking, PostmanCancellation, Push, Sms,
};
use idn_contract::{ClockId, Outbound, OutboundMessage, Refusal, RefusalCode};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

type Worlds = Arc<Mutex<BTreeMap<ClockId, Arc<dyn Outbound>>>>;

/// The loopback services, serving until dropped.
pub struct Loopback {
    url: String,
    worlds: Worlds,
    task: tokio::task::JoinHandle<()>,
}

impl Loopback {
    /// Binds the services on 127.0.0.1, on a port the system chooses.
    pub async fn start() -> std::io::Result<Loopback> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let url = format!("http://{}", listener.local_addr()?);
        let worlds: Worlds = Arc::default();
        let app = axum::Router::new()
            .route(paths::SMS_PATH, post(sms))
            .route(paths::MAIL_PATH, post(mail))
            .route(paths::PUSH_PATH, post(push))
            .route(paths::AR24_PATH, post(ar24))
            .route(paths::ROUNDS_BOOKING_PATH, post(booking))
            .route(paths::ROUNDS_CANCELLATION_PATH, post(cancellation))
            .with_state(worlds.clone());
        let task = tokio::spawn(async move {
            // The server ends with the task, when the Loopback is dropped.
            let _ = axum::serve(listener, app).await;
        });
        Ok(Loopback { url, worlds, task })
    }

    /// The base URL to give the SUT in `TestClockCreate.outbound_url`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// Routes what the SUT sends on `clock` to `sink` (a world's outbound side).
    pub fn register(&self, clock: ClockId, sink: Arc<dyn Outbound>) {
        self.worlds.lock().expect("not poisoned").insert(clock, sink);
    }

    /// Stops routing `clock` (its scenario is over).
    pub fn unregister(&self, clock: &ClockId) {
        self.worlds.lock().expect("not poisoned").remove(clock);
    }
}

impl Drop for Loopback {
    fn drop(&mut self) {
        self.task.abort();
    }
}

fn error(status: StatusCode, code: RefusalCode, message: String) -> Response {
    (status, Json(ErrorBody { error: Refusal::new(code, message) })).into_response()
}

/// Hands `message` to the world of the request's clock.
fn deliver(worlds: &Worlds, headers: &HeaderMap, message: OutboundMessage) -> Response {
    let Some(clock) = headers.get(CLOCK_HEADER).and_then(|v| v.to_str().ok()) else {
        return error(
            StatusCode::BAD_REQUEST,
            RefusalCode::InvalidRequest,
            format!("missing header {CLOCK_HEADER}"),
        );
    };
    let clock = ClockId::new(clock);
    let sink = worlds.lock().expect("not poisoned").get(&clock).cloned();
    let Some(sink) = sink else {
        return error(
            StatusCode::NOT_FOUND,
            RefusalCode::ClockUnknown,
            format!("no world runs on the clock {clock}"),
        );
    };
    match sink.send(&clock, message) {
        Ok(()) => StatusCode::ACCEPTED.into_response(),
        Err(e) => {
            error(StatusCode::SERVICE_UNAVAILABLE, RefusalCode::InvalidRequest, e.to_string())
        }
    }
}

async fn sms(State(w): State<Worlds>, h: HeaderMap, Json(m): Json<Sms>) -> Response {
    deliver(&w, &h, OutboundMessage::Sms(m))
}

async fn mail(State(w): State<Worlds>, h: HeaderMap, Json(m): Json<Email>) -> Response {
    deliver(&w, &h, OutboundMessage::Email(m))
}

async fn push(State(w): State<Worlds>, h: HeaderMap, Json(m): Json<Push>) -> Response {
    deliver(&w, &h, OutboundMessage::Push(m))
}

async fn ar24(State(w): State<Worlds>, h: HeaderMap, Json(m): Json<Ar24LetterRequest>) -> Response {
    deliver(&w, &h, OutboundMessage::Ar24Letter(m))
}

async fn booking(State(w): State<Worlds>, h: HeaderMap, Json(m): Json<PostmanBooking>) -> Response {
    deliver(&w, &h, OutboundMessage::PostmanBooking(m))
}

async fn cancellation(
    State(w): State<Worlds>,
    h: HeaderMap,
    Json(m): Json<PostmanCancellation>,
) -> Response {
    deliver(&w, &h, OutboundMessage::PostmanCancellation(m))
}
