//! What a scenario needs of an implementation beyond the core of the contract: a
//! verification mode, or the post-office counter. A scenario says so with tags
//! (`@mode-postman`, `@mode-post-office`, `@mode-online`, `@channel-counter`, on the
//! feature, the scenario or an `Exemples` block). The suite does not run a scenario whose
//! needs the implementation's capability document does not claim: it is "not applicable",
//! not failed. And a scenario that uses one of them without its tag fails, so that the
//! tags stay true: its trace shows what it used.

use idn_contract::Request;
pub use idn_report::profile::{Need, declared};
use idn_world::{TraceEntry, TraceEvent};
use std::collections::BTreeSet;

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

    // Checks that the trace's calls map to the needs they exercise.
    #[test]
    fn tags_and_trace_name_the_same_needs() {
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
    }
}
