//! How a recorded timeline line is shown: its structured values rendered as compact JSON,
//! and, for an external implementation, the values it generates (ids, tokens, codes)
//! redacted by field name, so that two runs with one seed give the same bytes whatever
//! the implementation draws.

use crate::model::TimelineEntry;
use crate::record::{Detail, TimelineEvent};
use serde_json::Value;

/// The fields whose values an implementation generates: its ids, tokens and codes. In a
/// report on an external implementation they read [`REDACTED`].
pub const REDACTED_FIELDS: &[&str] = &[
    "access_token",
    "appointment",
    "challenge",
    "code",
    "id_token",
    "kid",
    "letter",
    "refresh_token",
    "request",
    "session",
];

/// The marker a redacted value is replaced with.
pub const REDACTED: &str = "<redacted>";

/// How many lines to and from the implementation a failure shows.
pub const LAST_EXCHANGES: usize = 8;

/// A recorded line as the report shows it; with `redact`, the values of
/// [`REDACTED_FIELDS`] are replaced at any depth of its JSON values (a phrase is left as
/// it is).
pub fn entry(event: &TimelineEvent, redact: bool) -> TimelineEntry {
    let detail = match &event.detail {
        Detail::None => String::new(),
        Detail::Json(value) if redact => {
            let mut value = value.clone();
            redact_value(&mut value);
            value.to_string()
        }
        Detail::Json(value) => value.to_string(),
        Detail::Text(text) => text.replace('\n', "\\n"),
    };
    TimelineEntry {
        at: event.at,
        from: event.from.clone(),
        to: event.to.clone(),
        what: event.what.clone(),
        detail,
    }
}

/// The last [`LAST_EXCHANGES`] lines to or from the implementation.
pub fn last_exchanges(timeline: &[TimelineEvent], redact: bool) -> Vec<TimelineEntry> {
    let with_idp: Vec<&TimelineEvent> = timeline.iter().filter(|e| e.with_implementation).collect();
    let last = &with_idp[with_idp.len().saturating_sub(LAST_EXCHANGES)..];
    last.iter().map(|e| entry(e, redact)).collect()
}

/// Redacts in place.
fn redact_value(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, field) in map.iter_mut() {
                if REDACTED_FIELDS.contains(&key.as_str()) && !field.is_null() {
                    *field = Value::String(REDACTED.to_string());
                } else {
                    redact_value(field);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_value),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(detail: Detail, with_implementation: bool) -> TimelineEvent {
        TimelineEvent {
            at: "2026-03-02T09:00:00Z".parse().expect("an instant"),
            from: "idp".into(),
            to: "person:camille".into(),
            what: "LoginStarted".into(),
            detail,
            with_implementation,
        }
    }

    fn json(text: &str) -> Detail {
        Detail::Json(serde_json::from_str(text).expect("test JSON"))
    }

    // Checks that the implementation's ids, tokens and codes are redacted by field name at
    // any depth, that other fields and phrases are left alone, and that nothing is
    // redacted for the embedded reference.
    #[test]
    fn redaction_is_by_field_name() {
        let tokens = json(
            r#"{"session":"s-81f2","tokens":[{"id_token":"eyJ","token_type":"Bearer"}],"phone":"+33 6"}"#,
        );
        assert_eq!(
            entry(&event(tokens.clone(), true), true).detail,
            r#"{"phone":"+33 6","session":"<redacted>","tokens":[{"id_token":"<redacted>","token_type":"Bearer"}]}"#
        );
        let untouched = r#"{"letter":null,"phone":"+33 6"}"#;
        assert_eq!(entry(&event(json(untouched), true), true).detail, untouched);
        let phrase = Detail::Text("code 123456\nsecond line".into());
        assert_eq!(entry(&event(phrase, true), true).detail, "code 123456\\nsecond line");
        assert!(entry(&event(tokens, true), false).detail.contains("s-81f2"));
    }

    // Checks that a failure shows only the last lines exchanged with the implementation.
    #[test]
    fn last_exchanges_are_the_implementations_last_lines() {
        let mut timeline: Vec<TimelineEvent> =
            (0..15).map(|i| event(Detail::Text(i.to_string()), i % 3 != 0)).collect();
        timeline.push(event(Detail::Text("own".into()), false));
        let shown: Vec<String> =
            last_exchanges(&timeline, false).into_iter().map(|e| e.detail).collect();
        assert_eq!(shown, ["4", "5", "7", "8", "10", "11", "13", "14"]);
    }
}
