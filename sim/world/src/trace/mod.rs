//! The trace: everything that happened in the run, stamped with virtual time, as typed
//! values. Calls to the implementation with their typed request and their typed reply or
//! refusal, what the implementation sent, deliveries, losses, and the actors' decisions
//! ([`TraceEvent`]), between typed [`Actor`]s. Checks match on the types; text is made
//! only when a line is rendered ([`TraceEntry::lines`]), so one seed renders to the same
//! bytes every time (DESIGN principles 2 and 9, ARCHITECTURE invariant 5).

mod event;

pub use crate::actor::Actor;
pub use event::{Detail, Line, TraceEvent};

use crate::clock::format_instant;
use idn_contract::Timestamp;

/// One entry of the trace: at `at`, `from` did `event` to `to` (`None`: a decision of
/// `from` alone).
#[derive(Debug, Clone, PartialEq)]
pub struct TraceEntry {
    pub at: Timestamp,
    pub from: Actor,
    pub to: Option<Actor>,
    pub event: TraceEvent,
}

/// One line of a rendered trace, still with its actors and values typed.
#[derive(Debug, Clone, PartialEq)]
pub struct RenderedLine<'a> {
    pub at: Timestamp,
    pub from: &'a Actor,
    pub to: Option<&'a Actor>,
    pub what: String,
    pub detail: Detail,
}

impl RenderedLine<'_> {
    /// Whether the line is a message to or from the implementation.
    pub fn with_implementation(&self) -> bool {
        *self.from == Actor::Idp || self.to == Some(&Actor::Idp)
    }

    /// `2026-03-02 09:00:00.000  person:camille -> idp  AccountStart {"email":"…"}`
    pub fn render(&self) -> String {
        let mut line = format!("{}  {}", format_instant(self.at), self.from);
        if let Some(to) = self.to {
            line.push_str(" -> ");
            line.push_str(&to.to_string());
        }
        line.push_str("  ");
        line.push_str(&self.what);
        let detail = self.detail.render();
        if !detail.is_empty() {
            line.push(' ');
            line.push_str(&detail);
        }
        line
    }
}

impl TraceEntry {
    /// The entry's lines: a call's request and answer (the answer from `to` back to
    /// `from`), one line for anything else.
    pub fn lines(&self) -> Vec<RenderedLine<'_>> {
        let to = self.to.as_ref();
        self.event
            .lines()
            .into_iter()
            .map(|line| {
                let (from, to) = match (line.reply, to) {
                    (true, Some(to)) => (to, Some(&self.from)),
                    _ => (&self.from, to),
                };
                RenderedLine { at: self.at, from, to, what: line.what, detail: line.detail }
            })
            .collect()
    }
}

/// The trace of a run, in the order things happened.
#[derive(Debug, Clone, Default)]
pub struct Trace {
    entries: Vec<TraceEntry>,
}

impl Trace {
    pub fn record(&mut self, at: Timestamp, from: Actor, to: Option<Actor>, event: TraceEvent) {
        self.entries.push(TraceEntry { at, from, to, event });
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

    /// One line per rendered line of every entry, each ending with a newline.
    pub fn render(&self) -> String {
        let mut out = String::new();
        for entry in &self.entries {
            for line in entry.lines() {
                out.push_str(&line.render());
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;
    use idn_contract::account::{AccountStart, AccountStarted};
    use idn_contract::{CallError, Refusal, RefusalCode, Reply, Request, SessionToken};

    fn at() -> Timestamp {
        DateTime::from_timestamp(1_772_442_000, 0).expect("a valid instant")
    }

    // Checks the line format: a call renders as its request and its answer going back, a
    // decision of one actor has no arrow, and a detail never breaks a line.
    #[test]
    fn renders_one_line_per_line_of_each_entry() {
        let mut trace = Trace::default();
        let camille = Actor::Person("camille".into());
        let request = Request::AccountStart(AccountStart { email: "c@x.fr".into() });
        let reply = Reply::AccountStarted(AccountStarted { session: SessionToken::new("s-1") });
        let call = TraceEvent::Call { request: request.clone(), outcome: Ok(reply) };
        trace.record(at(), camille.clone(), Some(Actor::Idp), call);
        let refused = Err(CallError::Refused(Refusal::new(RefusalCode::EmailInvalid, "non")));
        trace.record(
            at(),
            camille.clone(),
            Some(Actor::Idp),
            TraceEvent::Call { request, outcome: refused },
        );
        let change = TraceEvent::PhoneSettings { change: "two\nlines".into() };
        trace.record(at(), camille, None, change);
        let expected = "\
2026-03-02 09:00:00.000  person:camille -> idp  AccountStart {\"email\":\"c@x.fr\"}
2026-03-02 09:00:00.000  idp -> person:camille  AccountStarted {\"session\":\"s-1\"}
2026-03-02 09:00:00.000  person:camille -> idp  AccountStart {\"email\":\"c@x.fr\"}
2026-03-02 09:00:00.000  idp -> person:camille  refused {\"code\":\"email_invalid\",\"message\":\"non\"}
2026-03-02 09:00:00.000  person:camille  settings two\\nlines
";
        assert_eq!(trace.render(), expected);
        let lines: Vec<bool> = trace
            .entries()
            .iter()
            .flat_map(|e| e.lines())
            .map(|l| l.with_implementation())
            .collect();
        assert_eq!(lines, [true, true, true, true, false]);
    }
}
