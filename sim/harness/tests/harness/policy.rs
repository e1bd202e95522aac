//! The policy profile read by both sides: the harness (its world and its oracle) and the
//! reference implementation read one file the same way, through the contract's one reader.

use idn_contract::policy::Policy;
use idn_harness::fuzz::rules_of;
use idn_reference::ReferencePolicy;

/// Profiles a team might write: the shipped one, partial ones, and mistakes.
const PROFILES: &[(&str, &str)] = &[
    ("fixtures/policy/default.toml", include_str!("../../../../fixtures/policy/default.toml")),
    ("fast.toml", "name = \"fast\"\nsms_code_ttl_s = 60\ncode_max_attempts = 3\n"),
    (
        "every-key.toml",
        "sms_resend_cooldown_s = 0\nemail_code_ttl_s = 120\nsms_code_ttl_s = 90\ncode_max_attempts = 2\n\
         activation_code_ttl_s = 3600\nlre_reminder_after_s = 86400\npin_refuse_descending = false\n\
         pin_max_attempts = 3\nauth_request_ttl_s = 30\nauth_requests_per_hour = 4\n",
    ),
    (
        "comments.toml",
        "# a profile\ndescription = \"codes # short\" # why\nsms_code_ttl_s = 1_200\n",
    ),
    ("typo.toml", "sms_code_ttl = 600\n"),
    ("zero.toml", "\npin_max_attempts = 0\n"),
    ("century.toml", "email_code_ttl_s = 3153600000\n"),
    ("table.toml", "[limits]\npin_max_attempts = 3\n"),
    ("syntax.toml", "pin_max_attempts = = 3\n"),
];

// Checks that the harness and the reference accept the same profiles with the same values
// and refuse the same ones with the same message naming the file, the line and the key;
// and that the oracle's rules take every value of an accepted profile.
#[test]
fn both_sides_read_a_profile_the_same_way() {
    for (origin, text) in PROFILES {
        let harness = Policy::parse(text, origin);
        let reference = ReferencePolicy::parse(text, origin);
        assert_eq!(harness, reference, "{origin}");
        match harness {
            Ok(profile) => {
                let rules = rules_of(&profile);
                let read = [
                    (rules.sms_resend_cooldown_s, profile.sms_resend_cooldown_s),
                    (rules.email_code_ttl_s, profile.email_code_ttl_s),
                    (rules.sms_code_ttl_s, profile.sms_code_ttl_s),
                    (rules.activation_code_ttl_s, profile.activation_code_ttl_s),
                    (rules.lre_reminder_after_s, profile.lre_reminder_after_s),
                    (rules.auth_request_ttl_s, profile.auth_request_ttl_s),
                    (u64::from(rules.code_max_attempts), u64::from(profile.code_max_attempts)),
                    (u64::from(rules.pin_max_attempts), u64::from(profile.pin_max_attempts)),
                    (
                        u64::from(rules.auth_requests_per_hour),
                        u64::from(profile.auth_requests_per_hour),
                    ),
                    (
                        u64::from(rules.pin_refuse_descending),
                        u64::from(profile.pin_refuse_descending),
                    ),
                ];
                assert!(read.iter().all(|(oracle, file)| oracle == file), "{origin}: {read:?}");
            }
            Err(error) => {
                let message = error.to_string();
                assert!(message.starts_with(&format!("{origin}:")), "{message}");
                assert!(error.line.is_some(), "{origin}: the line is named: {message}");
            }
        }
    }
    let every = Policy::parse(PROFILES[2].1, "every-key.toml").expect("a valid profile");
    assert_ne!(rules_of(&every), idn_model::Policy::default(), "every value changed");
}
