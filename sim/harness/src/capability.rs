//! What a scenario needs of an implementation beyond the core of the contract: a
//! verification mode, or the post-office counter. A scenario says so with tags
//! (`@mode-postman`, `@mode-post-office`, `@mode-online`, `@channel-counter`, on the
//! feature, the scenario or an `Exemples` block). The suite does not run a scenario whose
//! needs the implementation's capability document does not claim: it is "not applicable",
//! not failed. And a scenario that uses one of them without its tag fails, so that the
//! tags stay true: its trace shows what it used.

use idn_contract::Request;
use idn_contract::capabilities::{Capabilities, ChannelKind, ModeKind};
use idn_world::{TraceEntry, TraceEvent};
use std::collections::BTreeSet;

/// One optional part of the contract a scenario may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Need {
    Postman,
    PostOffice,
    Online,
    Counter,
}

impl Need {
    pub const ALL: [Need; 4] = [Need::Postman, Need::PostOffice, Need::Online, Need::Counter];

    /// The tag that declares the need, without its `@`.
    pub fn tag(self) -> &'static str {
        match self {
            Need::Postman => "mode-postman",
            Need::PostOffice => "mode-post-office",
            Need::Online => "mode-online",
            Need::Counter => "channel-counter",
        }
    }

    /// The need a tag declares (with or without its `@`).
    pub fn from_tag(tag: &str) -> Option<Need> {
        let tag = tag.trim_start_matches('@');
        Need::ALL.into_iter().find(|need| need.tag() == tag)
    }

    /// Whether the implementation claims it.
    pub fn claimed_by(self, capabilities: &Capabilities) -> bool {
        match self {
            Need::Postman => capabilities.has_mode(ModeKind::Postman),
            Need::PostOffice => capabilities.has_mode(ModeKind::PostOffice),
            Need::Online => capabilities.has_mode(ModeKind::Online),
            Need::Counter => capabilities.has_channel(ChannelKind::Counter),
        }
    }
}

/// The needs a scenario's tags declare.
pub fn declared<'a>(tags: impl IntoIterator<Item = &'a String>) -> BTreeSet<Need> {
    tags.into_iter().filter_map(|tag| Need::from_tag(tag)).collect()
}

/// The needs the SUT calls of `entries` exercised: a verification mode chosen, an
/// in-person check at a post office or by a postman, a counter enrolment.
pub fn used(entries: &[TraceEntry]) -> BTreeSet<Need> {
    use idn_contract::verification::{CheckPlace, VerificationMode};
    let requests = entries.iter().filter_map(|entry| match &entry.event {
        TraceEvent::Call { request, .. } => Some(request),
        _ => None,
    });
    let needs = requests.filter_map(|request| match request {
        Request::VerificationChoose(choose) => Some(match choose.mode {
            VerificationMode::Postman { .. } => Need::Postman,
            VerificationMode::PostOffice => Need::PostOffice,
            VerificationMode::Online { .. } => Need::Online,
        }),
        Request::AgentCheck(check) => Some(match check.place {
            CheckPlace::Postman { .. } => Need::Postman,
            CheckPlace::PostOffice { .. } => Need::PostOffice,
        }),
        Request::CounterEnrolment(_) => Some(Need::Counter),
        _ => None,
    });
    needs.collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that tags read both ways and that the trace's calls map to their needs.
    #[test]
    fn tags_and_trace_name_the_same_needs() {
        assert_eq!(Need::from_tag("@mode-post-office"), Some(Need::PostOffice));
        assert_eq!(Need::from_tag("ACC-01"), None);
        use idn_contract::account::AccountStart;
        use idn_contract::verification::{VerificationChoose, VerificationMode};
        use idn_contract::{CallError, Refusal, RefusalCode, SessionToken};
        let call = |request: Request| TraceEntry {
            at: chrono::DateTime::from_timestamp(0, 0).expect("epoch"),
            from: idn_world::Actor::Person("camille".into()),
            to: Some(idn_world::Actor::Idp),
            event: TraceEvent::Call {
                request,
                outcome: Err(CallError::Refused(Refusal::new(RefusalCode::StepOutOfOrder, "-"))),
            },
        };
        let choose = |mode| {
            Request::VerificationChoose(VerificationChoose {
                session: SessionToken::new("s"),
                mode,
            })
        };
        let entries = [
            call(choose(VerificationMode::Online { ar24_cgu_accepted: true })),
            call(choose(VerificationMode::PostOffice)),
            call(Request::AccountStart(AccountStart { email: "x".into() })),
        ];
        // A refused choice still shows that the scenario used the mode.
        assert_eq!(used(&entries), BTreeSet::from([Need::Online, Need::PostOffice]));
        let mut some = Capabilities::everything("x", "1");
        some.verification_modes.retain(|m| *m != ModeKind::Postman);
        assert!(!Need::Postman.claimed_by(&some) && Need::Online.claimed_by(&some));
    }
}
