//! The conformance profiles: the core of the contract, and each optional part an
//! implementation may claim (a verification mode, the post-office counter). A scenario
//! declares what it needs with a tag (`@mode-postman`, `@mode-post-office`,
//! `@mode-online`, `@channel-counter`, on the feature, the scenario or an `Exemples`
//! block); each profile gets its own verdict. The security checks of `SECURITY.md` are a
//! profile of their own (`@security`), which every implementation claims, as the core.

use idn_contract::capabilities::{Capabilities, ChannelKind, ModeKind};
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// One optional part of the contract a scenario may need.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

impl fmt::Display for Need {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.tag())
    }
}

impl Serialize for Need {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.tag())
    }
}

/// The needs a scenario's tags declare.
pub fn declared<'a>(tags: impl IntoIterator<Item = &'a String>) -> BTreeSet<Need> {
    tags.into_iter().filter_map(|tag| Need::from_tag(tag)).collect()
}

/// The tag that puts a scenario in the security profile, without its `@`.
pub const SECURITY_TAG: &str = "security";

/// A conformance profile: the core, the security checks, or one optional part.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Profile {
    Core,
    /// The checks of `SECURITY.md` (OpenID Connect, the authenticator, no account
    /// enumeration): the scenarios tagged `@security`.
    Security,
    Optional(Need),
}

impl Profile {
    /// Every profile, in the order of the verdicts.
    pub fn all() -> impl Iterator<Item = Profile> {
        [Profile::Core, Profile::Security]
            .into_iter()
            .chain(Need::ALL.into_iter().map(Profile::Optional))
    }

    /// The profile of a scenario: security when its tags say `@security`, else the first
    /// optional part they declare, else the core. A security scenario that needs an
    /// optional part is still run only when the implementation claims it.
    pub fn of_tags(tags: &[String]) -> Profile {
        if tags.iter().any(|tag| tag.trim_start_matches('@') == SECURITY_TAG) {
            return Profile::Security;
        }
        declared(tags).into_iter().next().map_or(Profile::Core, Profile::Optional)
    }

    /// `core`, `security`, or the tag of the optional part.
    pub fn name(self) -> &'static str {
        match self {
            Profile::Core => "core",
            Profile::Security => SECURITY_TAG,
            Profile::Optional(need) => need.tag(),
        }
    }

    /// Whether the implementation claims the profile (it always claims the core and the
    /// security checks: an identity provider behind FranceConnect+ cannot opt out of them).
    pub fn claimed_by(self, capabilities: &Capabilities) -> bool {
        match self {
            Profile::Core | Profile::Security => true,
            Profile::Optional(need) => need.claimed_by(capabilities),
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.name())
    }
}

impl Serialize for Profile {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that tags read both ways, that a scenario's profile is its first declared
    // need, and that claims come from the capability document.
    #[test]
    fn tags_profiles_and_claims() {
        assert_eq!(Need::from_tag("@mode-post-office"), Some(Need::PostOffice));
        assert_eq!(Need::from_tag("ACC-01"), None);
        let tags = vec!["@ACC-01".to_string(), "@channel-counter".into(), "@mode-online".into()];
        assert_eq!(Profile::of_tags(&tags), Profile::Optional(Need::Online));
        assert_eq!(Profile::of_tags(&tags[..1]), Profile::Core);
        let names: Vec<&str> = Profile::all().map(Profile::name).collect();
        assert_eq!(
            names,
            [
                "core",
                "security",
                "mode-postman",
                "mode-post-office",
                "mode-online",
                "channel-counter"
            ]
        );
        let mut some = Capabilities::everything("x", "1");
        some.verification_modes.retain(|m| *m != ModeKind::Postman);
        assert!(!Need::Postman.claimed_by(&some) && Need::Online.claimed_by(&some));
        assert!(Profile::Core.claimed_by(&some));
    }

    // Checks that `@security` puts a scenario in the security profile whatever else its
    // tags say, that it is no need of the contract's (it does not decide whether the
    // scenario runs), and that every implementation claims the profile.
    #[test]
    fn security_is_a_profile_every_implementation_claims() {
        let tags = |list: &[&str]| list.iter().map(|t| t.to_string()).collect::<Vec<_>>();
        assert_eq!(Profile::of_tags(&tags(&["@security", "@SEC-06"])), Profile::Security);
        assert_eq!(Profile::of_tags(&tags(&["@mode-post-office", "@security"])), Profile::Security);
        assert_eq!(Profile::of_tags(&tags(&["@SEC-06", "@securite"])), Profile::Core);
        assert_eq!(Need::from_tag("@security"), None);
        assert!(declared(&tags(&["@security"])).is_empty());
        let mut nothing = Capabilities::everything("x", "1");
        nothing.verification_modes.clear();
        nothing.channels.clear();
        assert!(Profile::Security.claimed_by(&nothing));
        assert_eq!(serde_json::to_value(Profile::Security).unwrap(), "security");
    }
}
