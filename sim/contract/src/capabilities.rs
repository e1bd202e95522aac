//! What an implementation claims to implement, served at
//! [`crate::http::CAPABILITIES_PATH`] (`GET /v1/capabilities`).
//!
//! A scenario that needs a verification mode, a channel or a test feature the
//! implementation does not claim is reported "not applicable", not failed: an identity
//! provider that only verifies at the post office is not wrong about the postman, it just
//! does not have one. The document is JSON:
//!
//! ```json
//! {
//!   "implementation": {"name": "idn-reference", "version": "0.1.0"},
//!   "verification_modes": ["postman", "post_office", "online"],
//!   "channels": ["web", "app", "counter"],
//!   "test_features": {"test_clock": true, "concurrent_clocks": true}
//! }
//! ```

use serde::{Deserialize, Serialize};

/// The capability document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Capabilities {
    pub implementation: Implementation,
    /// The verification modes of VER-01 the implementation offers.
    pub verification_modes: Vec<ModeKind>,
    /// Where an identity can be created and used.
    pub channels: Vec<ChannelKind>,
    pub test_features: TestFeatures,
}

/// Which implementation answers, for reports.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Implementation {
    pub name: String,
    pub version: String,
}

/// A verification mode, by name (the modes themselves are
/// [`crate::verification::VerificationMode`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ModeKind {
    /// "Rencontrer votre facteur" (VER-04).
    Postman,
    /// "Passage en bureau de poste" (VER-05).
    PostOffice,
    /// 100% online through an AR24 LRE (AR24).
    Online,
}

/// A channel of the identity's life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ChannelKind {
    /// The Compte La Poste and the Espace Client on the web (ACC, ENR, MGT).
    Web,
    /// The smartphone app (ACT, AUTH, MGT).
    App,
    /// Enrolment at a post-office counter (ENR-01).
    Counter,
}

/// The test-only features the harness relies on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct TestFeatures {
    /// The implementation reads "now" from the test clock of each request
    /// (`TestClockCreate`, `TestClockAdvance`). Without it, no scenario can run.
    #[serde(default)]
    pub test_clock: bool,
    /// Several clocks (scenarios) may run at once against one server, each in its own
    /// namespace. Without it, the harness runs scenarios one at a time.
    #[serde(default)]
    pub concurrent_clocks: bool,
}

impl Capabilities {
    /// Everything the contract knows, claimed by `name` at `version`.
    pub fn everything(name: impl Into<String>, version: impl Into<String>) -> Self {
        Self {
            implementation: Implementation { name: name.into(), version: version.into() },
            verification_modes: vec![ModeKind::Postman, ModeKind::PostOffice, ModeKind::Online],
            channels: vec![ChannelKind::Web, ChannelKind::App, ChannelKind::Counter],
            test_features: TestFeatures { test_clock: true, concurrent_clocks: true },
        }
    }

    /// Whether the implementation offers this verification mode.
    pub fn has_mode(&self, mode: ModeKind) -> bool {
        self.verification_modes.contains(&mode)
    }

    /// Whether the implementation offers this channel.
    pub fn has_channel(&self, channel: ChannelKind) -> bool {
        self.channels.contains(&channel)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks the wire form documented above, and that missing test features read as false.
    #[test]
    fn capabilities_travel_as_documented() {
        let caps = Capabilities::everything("idn-reference", "0.1.0");
        let json = serde_json::to_value(&caps).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "implementation": {"name": "idn-reference", "version": "0.1.0"},
                "verification_modes": ["postman", "post_office", "online"],
                "channels": ["web", "app", "counter"],
                "test_features": {"test_clock": true, "concurrent_clocks": true}
            })
        );
        assert_eq!(serde_json::from_value::<Capabilities>(json).unwrap(), caps);
        let partial: Capabilities = serde_json::from_value(serde_json::json!({
            "implementation": {"name": "x", "version": "1"},
            "verification_modes": ["post_office"],
            "channels": ["web", "app"],
            "test_features": {"test_clock": true}
        }))
        .unwrap();
        assert!(partial.has_mode(ModeKind::PostOffice) && !partial.has_mode(ModeKind::Postman));
        assert!(!partial.has_channel(ChannelKind::Counter));
        assert!(!partial.test_features.concurrent_clocks);
    }
}
