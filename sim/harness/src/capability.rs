//! What a scenario needs of an implementation beyond the core of the contract: a
//! verification mode, or the post-office counter. A scenario says so with tags
//! (`@mode-postman`, `@mode-post-office`, `@mode-online`, `@channel-counter`, on the
//! feature, the scenario or an `Exemples` block). The suite does not run a scenario whose
//! needs the implementation's capability document does not claim: it is "not applicable",
//! not failed. And a scenario that uses one of them without its tag fails, so that the
//! tags stay true: its trace shows what it used.

use idn_contract::capabilities::{Capabilities, ChannelKind, ModeKind};
use idn_world::trace::TraceEntry;
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
    let mut used = BTreeSet::new();
    for entry in entries.iter().filter(|e| e.to == "idp") {
        let detail =
            || serde_json::from_str::<serde_json::Value>(&entry.detail).unwrap_or_default();
        let need = match entry.what.as_str() {
            "VerificationChoose" => mode_need(detail()["mode"]["mode"].as_str()),
            "AgentCheck" => mode_need(detail()["place"]["place"].as_str()),
            "CounterEnrolment" => Some(Need::Counter),
            _ => None,
        };
        used.extend(need);
    }
    used
}

fn mode_need(mode: Option<&str>) -> Option<Need> {
    match mode? {
        "postman" => Some(Need::Postman),
        "post_office" => Some(Need::PostOffice),
        "online" => Some(Need::Online),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that tags read both ways and that the trace's calls map to their needs.
    #[test]
    fn tags_and_trace_name_the_same_needs() {
        assert_eq!(Need::from_tag("@mode-post-office"), Some(Need::PostOffice));
        assert_eq!(Need::from_tag("ACC-01"), None);
        let entry = |what: &str, detail: &str| TraceEntry {
            at: chrono::DateTime::from_timestamp(0, 0).expect("epoch"),
            from: "person:camille".into(),
            to: "idp".into(),
            what: what.into(),
            detail: detail.into(),
        };
        let entries = [
            entry("VerificationChoose", r#"{"mode":{"mode":"online","ar24_cgu_accepted":true}}"#),
            entry("AgentCheck", r#"{"place":{"place":"postman","appointment":"apt-1"}}"#),
            entry("AccountStart", r#"{"email":"x"}"#),
        ];
        assert_eq!(used(&entries), BTreeSet::from([Need::Online, Need::Postman]));
        let mut some = Capabilities::everything("x", "1");
        some.verification_modes.retain(|m| *m != ModeKind::Postman);
        assert!(!Need::Postman.claimed_by(&some) && Need::Online.claimed_by(&some));
    }
}
