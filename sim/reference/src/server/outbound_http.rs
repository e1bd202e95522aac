//! The reference's outbound messages over HTTP: a clock created with an `outbound_url`
//! has each message POSTed to `{outbound_url}{path}` (the paths of
//! `idn_contract::http::outbound`), with the clock header and the message's JSON.
//!
//! Why a blocking client: the reference is synchronous SQLite behind a mutex, and it sends
//! a request's messages after the commit and before the reply, with the mutex held, so
//! that two requests never interleave their messages. Keeping that order with an async
//! client would mean splitting every request in two around an `.await`; instead the server
//! runs each request on a blocking task (`spawn_blocking`), where a blocking send costs a
//! pool thread and never the async runtime. The client owns one background thread (its
//! own small runtime), started the first time a clock sends over HTTP.

use idn_contract::http::{CLOCK_HEADER, outbound as paths};
use idn_contract::{ClockId, OutboundError, OutboundMessage};
use std::sync::OnceLock;
use std::time::Duration;

/// The longest a message may take to be taken (connection included): a receiver that
/// hangs costs the request this much per message, never a hang.
pub const SEND_TIMEOUT: Duration = Duration::from_secs(2);

/// Sends messages over HTTP; built lazily, shared by every clock.
#[derive(Default)]
pub(crate) struct HttpOutbound {
    client: OnceLock<Result<reqwest::blocking::Client, String>>,
}

impl HttpOutbound {
    /// POSTs `message` under `base_url`. A transport failure, a timeout or a status other
    /// than 2xx is a message the outside world did not take.
    pub(crate) fn send(
        &self,
        base_url: &str,
        clock: &ClockId,
        message: &OutboundMessage,
    ) -> Result<(), OutboundError> {
        let service = message.service().to_string();
        let fail = |detail: String| OutboundError { service: service.clone(), detail };
        let client = self.client.get_or_init(build_client).as_ref().map_err(|e| fail(e.clone()))?;
        let (path, body) = path_and_body(message);
        let url = format!("{}{path}", base_url.trim_end_matches('/'));
        let response = client
            .post(&url)
            .header(CLOCK_HEADER, clock.as_str())
            .header(reqwest::header::CONTENT_TYPE, "application/json")
            .body(body)
            .send()
            .map_err(|e| fail(format!("POST {url}: {}", error_chain(&e))))?;
        let status = response.status();
        if status.is_success() { Ok(()) } else { Err(fail(format!("POST {url}: status {status}"))) }
    }
}

fn build_client() -> Result<reqwest::blocking::Client, String> {
    reqwest::blocking::Client::builder()
        .timeout(SEND_TIMEOUT)
        .connect_timeout(SEND_TIMEOUT)
        .build()
        .map_err(|e| format!("cannot start the HTTP client: {}", error_chain(&e)))
}

/// Where a message goes and its JSON: the message itself, without the enum's tag (the
/// path already says what it is).
fn path_and_body(message: &OutboundMessage) -> (&'static str, Vec<u8>) {
    fn json<T: serde::Serialize>(value: &T) -> Vec<u8> {
        serde_json::to_vec(value).expect("contract types serialize")
    }
    match message {
        OutboundMessage::Sms(m) => (paths::SMS_PATH, json(m)),
        OutboundMessage::Email(m) => (paths::MAIL_PATH, json(m)),
        OutboundMessage::Push(m) => (paths::PUSH_PATH, json(m)),
        OutboundMessage::Ar24Letter(m) => (paths::AR24_PATH, json(m)),
        OutboundMessage::PostmanBooking(m) => (paths::ROUNDS_BOOKING_PATH, json(m)),
        OutboundMessage::PostmanCancellation(m) => (paths::ROUNDS_CANCELLATION_PATH, json(m)),
    }
}

/// An error with its causes ("error sending request: connection refused").
fn error_chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// Whether `url` can be an outbound base URL: absolute `http` or `https`, with a host,
/// and no query or fragment (paths are appended to it).
pub(crate) fn check_base_url(url: &str) -> Result<(), String> {
    let parsed = reqwest::Url::parse(url).map_err(|e| e.to_string())?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!("expected http or https, got {}", parsed.scheme()));
    }
    if parsed.host_str().is_none() {
        return Err("no host".to_string());
    }
    if parsed.query().is_some() || parsed.fragment().is_some() {
        return Err("a base URL has no query or fragment".to_string());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks which outbound base URLs a clock accepts.
    #[test]
    fn base_urls_are_absolute_http() {
        assert!(check_base_url("http://127.0.0.1:8650").is_ok());
        assert!(check_base_url("http://127.0.0.1:8650/world/").is_ok());
        assert!(check_base_url("https://world.example").is_ok());
        for bad in ["127.0.0.1:8650", "ftp://x", "not a url", "http://h/?q=1", "/sms"] {
            assert!(check_base_url(bad).is_err(), "{bad}");
        }
    }
}
