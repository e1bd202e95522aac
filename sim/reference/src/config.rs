//! The reference's configuration: its seed, its issuer, and its policy profile (the values
//! the documents do not fix, ARCHITECTURE "Policy profile"). The profile is the contract's
//! [`Policy`]: one file configures the harness and the reference, so both read it with the
//! one reader of `idn_contract::policy`.

use idn_contract::policy::Policy;

/// How the reference is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceConfig {
    /// Seeds the one ChaCha8 stream every code, token and id is drawn from.
    pub seed: u64,
    /// The values the documents leave open; `lre_reminder_after_s` is unused here (AR24
    /// sends its own reminder) and the name and description are for reports.
    pub policy: Policy,
    /// The `iss` of the id_tokens.
    pub issuer: String,
}

impl Default for ReferenceConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            policy: Policy::default(),
            issuer: "https://identitenumerique.laposte.fr/reference".to_string(),
        }
    }
}
