//! The contract over HTTP + JSON: where each operation lives, how the test clock and
//! refusals travel, and where the SUT's outbound messages go. No HTTP library here: the
//! reference's server and the harness's client both build on these definitions, so that
//! they cannot disagree.
//!
//! - Every operation but login: `POST /v1/ops/<Name>` (`/v1/ops/AccountStart`), the body
//!   the operation's fields as JSON, a 200 answer the reply's fields as JSON.
//! - Login is real OpenID Connect: discovery, JWKS, `GET` or `POST /authorize` (query
//!   parameters or a form), `POST /token` (a form, the client's secret in it or in an HTTP
//!   Basic header), `GET` or `POST /userinfo` (a bearer token).
//! - `/authorize` answers the contract's JSON when asked `Accept: application/json` (the
//!   harness then polls with `AuthorizationPoll`); otherwise it may be a browser's front
//!   channel (pages, and redirects to the client's redirect URI), which the contract does
//!   not check.
//! - Every request names its test clock (its namespace) in the `Idn-Test-Clock` header; a
//!   server may give the requests that name none a default clock of its own.
//! - A refusal is status 422 with `{"error": {"code": …, "message": …}}` ([`ErrorBody`]);
//!   the token and userinfo endpoints answer OAuth's own errors instead.

use crate::refusal::Refusal;
use crate::request::{Reply, Request};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The header that names the test clock (and namespace) of a request.
pub const CLOCK_HEADER: &str = "Idn-Test-Clock";
/// The status of a refusal the contract allows.
pub const REFUSAL_STATUS: u16 = 422;

/// OpenID Connect discovery.
pub const DISCOVERY_PATH: &str = "/.well-known/openid-configuration";
/// The keys that sign the id_tokens.
pub const JWKS_PATH: &str = "/jwks";
/// The authorization endpoint (`Authorize`).
pub const AUTHORIZE_PATH: &str = "/authorize";
/// The token endpoint (`Token`).
pub const TOKEN_PATH: &str = "/token";
/// The userinfo endpoint (`UserInfo`).
pub const USERINFO_PATH: &str = "/userinfo";
/// What the implementation claims to implement (modes, channels, test features).
pub const CAPABILITIES_PATH: &str = "/v1/capabilities";

/// The path of an operation sent as `POST` with a JSON body.
pub fn op_path(name: &str) -> String {
    format!("/v1/ops/{name}")
}

/// Whether an operation travels on an OpenID Connect endpoint instead of `POST /v1/ops`.
pub fn is_oidc(name: &str) -> bool {
    matches!(name, "Authorize" | "Token" | "UserInfo" | "OidcDiscovery" | "OidcJwks")
}

/// The body of a refusal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ErrorBody {
    pub error: Refusal,
}

/// A request's fields as JSON, without the `op` tag the name already carries.
pub fn request_body(request: &Request) -> Value {
    untagged(serde_json::to_value(request).expect("a request serializes"), "op")
}

/// The request named `name` from its fields.
pub fn request_from(name: &str, body: Value) -> Result<Request, String> {
    serde_json::from_value(tagged(body, "op", name)?).map_err(|e| format!("{name}: {e}"))
}

/// A reply's fields as JSON, without the `reply` tag.
pub fn reply_body(reply: &Reply) -> Value {
    untagged(serde_json::to_value(reply).expect("a reply serializes"), "reply")
}

/// The reply named `name` from its fields.
pub fn reply_from(name: &str, body: Value) -> Result<Reply, String> {
    serde_json::from_value(tagged(body, "reply", name)?).map_err(|e| format!("{name}: {e}"))
}

/// One value `application/x-www-form-urlencoded` (the WHATWG URL standard's serializer):
/// ASCII letters, digits and `*-._` as they are, a space as `+`, every other byte `%XX`.
pub fn form_urlencode(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'*' | b'-' | b'.' | b'_' => {
                out.push(char::from(byte));
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The value [`form_urlencode`] encoded: `+` is a space, `%XX` a byte; `None` when a `%`
/// is not followed by two hexadecimal digits or the bytes are not UTF-8.
pub fn form_urldecode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes.get(i + 1..i + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                out.push(u8::from_str_radix(hex, 16).ok()?);
                i += 2;
            }
            other => out.push(other),
        }
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn untagged(mut value: Value, tag: &str) -> Value {
    if let Value::Object(map) = &mut value {
        map.remove(tag);
    }
    value
}

fn tagged(body: Value, tag: &str, name: &str) -> Result<Value, String> {
    match body {
        Value::Object(mut map) => {
            map.insert(tag.to_string(), Value::String(name.to_string()));
            Ok(Value::Object(map))
        }
        Value::Null => Ok(serde_json::json!({ tag: name })),
        other => Err(format!("{name}: expected a JSON object, got {other}")),
    }
}

/// The paths, under the outbound base URL the harness gives in `TestClockCreate`, where the
/// SUT posts what it sends (each body is the message's JSON; the clock header names the
/// namespace).
pub mod outbound {
    /// `Sms`.
    pub const SMS_PATH: &str = "/sms";
    /// `Email`.
    pub const MAIL_PATH: &str = "/mail";
    /// `Push`.
    pub const PUSH_PATH: &str = "/push";
    /// `Ar24LetterRequest`.
    pub const AR24_PATH: &str = "/ar24/letters";
    /// `PostmanBooking`.
    pub const ROUNDS_BOOKING_PATH: &str = "/rounds/bookings";
    /// `PostmanCancellation`.
    pub const ROUNDS_CANCELLATION_PATH: &str = "/rounds/cancellations";
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Ack;
    use crate::account::AccountConfirmEmail;
    use crate::common::SessionToken;

    // Checks that a request and a reply travel as their fields alone and come back whole.
    #[test]
    fn bodies_drop_and_restore_the_tag() {
        let request: Request =
            AccountConfirmEmail { session: SessionToken::new("s1"), code: "123456".into() }.into();
        let body = request_body(&request);
        assert_eq!(body, serde_json::json!({"session": "s1", "code": "123456"}));
        assert_eq!(request_from("AccountConfirmEmail", body).unwrap(), request);
        assert_eq!(reply_body(&Reply::Ack(Ack)), serde_json::json!({}));
        assert_eq!(reply_from("Ack", Value::Null).unwrap(), Reply::Ack(Ack));
        assert!(request_from("AccountConfirmEmail", serde_json::json!([1])).is_err());
        assert!(request_from("NoSuchOp", serde_json::json!({})).is_err());
        assert_eq!(op_path("AccountStart"), "/v1/ops/AccountStart");
    }

    // Checks the form encoding of one value, both ways, and what decoding refuses.
    #[test]
    fn form_values_encode_and_decode() {
        let value = "id:é+ &/~*-._";
        let encoded = form_urlencode(value);
        assert_eq!(encoded, "id%3A%C3%A9%2B+%26%2F%7E*-._");
        assert_eq!(form_urldecode(&encoded).as_deref(), Some(value));
        assert_eq!(form_urldecode("a%2"), None);
        assert_eq!(form_urldecode("a%zz"), None);
        assert_eq!(form_urldecode("%FF"), None);
        assert_eq!(form_urldecode("plain").as_deref(), Some("plain"));
    }
}
