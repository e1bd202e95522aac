//! The trace: everything that happened in the run, stamped with virtual time. SUT calls
//! with their request and their reply or refusal, what the SUT sent, deliveries, losses,
//! and the actors' decisions. It holds values only, so that one seed renders to the same
//! bytes every time (DESIGN principle 2, ARCHITECTURE invariant 5).

use crate::clock::format_instant;
use idn_contract::Timestamp;
use serde::Serialize;

/// One line of the trace: at `at`, `from` did `what` to `to`, with `detail`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct TraceEntry {
    pub at: Timestamp,
    /// Who acts: `person:camille`, `idp`, `sms-gateway`, `postman`, `world`…
    pub from: String,
    /// Who it is aimed at; empty for a decision of `from` alone.
    pub to: String,
    /// What happened, in a word or a name: `AccountStart`, `delivered`, `not shown`.
    pub what: String,
    /// The values: compact JSON or a short phrase; never contains a newline.
    pub detail: String,
}

impl TraceEntry {
    /// `2026-03-02 09:00:00.000  person:camille -> idp  AccountStart {"email":"…"}`
    pub fn render(&self) -> String {
        let mut line = format!("{}  {}", format_instant(self.at), self.from);
        if !self.to.is_empty() {
            line.push_str(" -> ");
            line.push_str(&self.to);
        }
        line.push_str("  ");
        line.push_str(&self.what);
        if !self.detail.is_empty() {
            line.push(' ');
            line.push_str(&self.detail);
        }
        line
    }
}

/// The trace of a run, in the order things happened.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    entries: Vec<TraceEntry>,
}

impl Trace {
    pub fn record(
        &mut self,
        at: Timestamp,
        from: &str,
        to: &str,
        what: &str,
        detail: impl Into<String>,
    ) {
        let detail = detail.into().replace('\n', "\\n");
        let entry = TraceEntry { at, from: from.into(), to: to.into(), what: what.into(), detail };
        self.entries.push(entry);
    }

    pub fn entries(&self) -> &[TraceEntry] {
        &self.entries
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// One line per entry, each ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            out.push_str(&entry.render());
            out.push('\n');
        }
        out
    }
}

/// Compact JSON of a value, as trace details print values. Object keys come in
/// serde_json's map order: sorted, or field order if a crate enables `preserve_order`;
/// deterministic either way.
pub fn json<T: Serialize + ?Sized>(value: &T) -> String {
    serde_json::to_value(value).map(|v| v.to_string()).unwrap_or_else(|e| format!("<{e}>"))
}

/// Compact JSON of a tagged request or reply without its tag field (`op`, `reply`,
/// `service`), which the trace already prints as the entry's name. Empty when nothing
/// else remains.
pub fn json_without<T: Serialize + ?Sized>(value: &T, tag: &str) -> String {
    match serde_json::to_value(value) {
        Ok(serde_json::Value::Object(mut map)) => {
            map.remove(tag);
            if map.is_empty() { String::new() } else { serde_json::Value::Object(map).to_string() }
        }
        Ok(other) => other.to_string(),
        Err(e) => format!("<{e}>"),
    }
}

/// A text as the trace quotes it (JSON string syntax).
pub fn quote(text: &str) -> String {
    serde_json::Value::String(text.to_string()).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    // Checks the line format and that a detail never breaks a line.
    #[test]
    fn renders_one_line_per_entry() {
        let at = DateTime::from_timestamp(1_772_442_000, 0).expect("a valid instant");
        let mut trace = Trace::default();
        trace.record(at, "person:camille", "idp", "AccountStart", r#"{"email":"c@x.fr"}"#);
        trace.record(at, "world", "", "started", "two\nlines");
        let expected = "2026-03-02 09:00:00.000  person:camille -> idp  AccountStart {\"email\":\"c@x.fr\"}\n\
                        2026-03-02 09:00:00.000  world  started two\\nlines\n";
        assert_eq!(trace.render(), expected);
        assert_eq!(
            json_without(&serde_json::json!({"op": "X", "a": 2, "b": 1}), "op"),
            r#"{"a":2,"b":1}"#
        );
        assert_eq!(json_without(&serde_json::json!({"reply": "Ack"}), "reply"), "");
    }
}
