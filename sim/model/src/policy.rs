//! The values of the policy profile the rules depend on (a code's lifetime, how many
//! wrong PINs are tolerated), with the defaults of REQUIREMENTS.md. The profile itself, its
//! file format and its one reader are the contract's (`idn_contract::policy`), because the
//! harness and any implementation must read it the same way; this crate depends on no
//! crate of ours, so the harness hands the oracle these values read from the profile.

use chrono::TimeDelta;

/// The values the documents leave open that the rules read. Field names are the
/// profile's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// ACC-04: the SMS code can be re-sent only after this many seconds (0: at once).
    pub sms_resend_cooldown_s: u64,
    /// ACC-08: lifetime of a code sent by e-mail.
    pub email_code_ttl_s: u64,
    /// ACC-08: lifetime of a code sent by SMS.
    pub sms_code_ttl_s: u64,
    /// ACC-08: wrong attempts tolerated on an e-mail or SMS code.
    pub code_max_attempts: u32,
    /// VER-02: lifetime of the postman / post-office activation code.
    pub activation_code_ttl_s: u64,
    /// AR24-03: the reminder e-mail is sent while the LRE is unread after this long.
    pub lre_reminder_after_s: u64,
    /// ACT-03: descending runs (3210 … 9876) are refused as secret codes.
    pub pin_refuse_descending: bool,
    /// AUTH-05: wrong secret codes that lock the code.
    pub pin_max_attempts: u32,
    /// AUTH-06: an unanswered login request expires after this long.
    pub auth_request_ttl_s: u64,
    /// FRAUD-03: login requests to one number accepted in any hour.
    pub auth_requests_per_hour: u32,
}

impl Default for Policy {
    /// The defaults of REQUIREMENTS.md (`fixtures/policy/default.toml`; the harness checks
    /// that the two agree).
    fn default() -> Self {
        Self {
            sms_resend_cooldown_s: 60,
            email_code_ttl_s: 15 * 60,
            sms_code_ttl_s: 10 * 60,
            code_max_attempts: 5,
            activation_code_ttl_s: 30 * 24 * 3600,
            lre_reminder_after_s: 7 * 24 * 3600,
            pin_refuse_descending: true,
            pin_max_attempts: 5,
            auth_request_ttl_s: 5 * 60,
            auth_requests_per_hour: 10,
        }
    }
}

impl Policy {
    /// ACC-04 as a duration.
    pub fn sms_resend_cooldown(&self) -> TimeDelta {
        seconds(self.sms_resend_cooldown_s)
    }

    /// ACC-08 as a duration.
    pub fn email_code_ttl(&self) -> TimeDelta {
        seconds(self.email_code_ttl_s)
    }

    /// ACC-08 as a duration.
    pub fn sms_code_ttl(&self) -> TimeDelta {
        seconds(self.sms_code_ttl_s)
    }

    /// VER-02 as a duration.
    pub fn activation_code_ttl(&self) -> TimeDelta {
        seconds(self.activation_code_ttl_s)
    }

    /// AR24-03 as a duration.
    pub fn lre_reminder_after(&self) -> TimeDelta {
        seconds(self.lre_reminder_after_s)
    }

    /// AUTH-06 as a duration.
    pub fn auth_request_ttl(&self) -> TimeDelta {
        seconds(self.auth_request_ttl_s)
    }
}

/// Seconds as a duration, saturating for values no profile can hold.
fn seconds(s: u64) -> TimeDelta {
    i64::try_from(s).ok().and_then(TimeDelta::try_seconds).unwrap_or(TimeDelta::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks the durations seen as `TimeDelta`, and that one no profile can hold saturates.
    #[test]
    fn durations() {
        let policy = Policy::default();
        assert_eq!(policy.sms_resend_cooldown(), TimeDelta::seconds(60));
        assert_eq!(policy.email_code_ttl(), TimeDelta::minutes(15));
        assert_eq!(policy.sms_code_ttl(), TimeDelta::minutes(10));
        assert_eq!(policy.activation_code_ttl(), TimeDelta::days(30));
        assert_eq!(policy.lre_reminder_after(), TimeDelta::days(7));
        assert_eq!(policy.auth_request_ttl(), TimeDelta::minutes(5));
        let huge = Policy { auth_request_ttl_s: u64::MAX, ..Policy::default() };
        assert_eq!(huge.auth_request_ttl(), TimeDelta::MAX);
    }
}
