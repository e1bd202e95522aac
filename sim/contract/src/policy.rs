//! The policy profile (`fixtures/policy/*.toml`): the values the source documents leave
//! open (a code's lifetime, how many wrong PINs are tolerated), as named parameters with
//! the defaults of REQUIREMENTS.md. Every report prints the profile it ran with
//! ([`Policy::to_toml`]).
//!
//! Why it lives in the contract: a profile configures the harness and the implementation
//! under test alike, so both must read one file the same way; this is the one reader
//! (on [`crate::config`]). It holds the profile's values and their bounds, not the rules
//! that use them.
//!
//! A profile is flat TOML, units last in the key names. A missing key takes its default;
//! an unknown key, a value of the wrong type or a bad value (a zero lifetime, zero
//! attempts, a duration over 10 years) is refused with a message naming the file, the
//! line and the key. A profile without `name` is named after its file
//! (`fixtures/policy/fast.toml` is `fast`), so that a report never shows a custom profile
//! as "default".

use crate::config::{self, ConfigError};
use chrono::TimeDelta;
use std::collections::BTreeMap;

/// Where the embedded default profile comes from, as errors name it.
pub const BUILTIN_ORIGIN: &str = "fixtures/policy/default.toml";
const BUILTIN_TEXT: &str = include_str!("../../../fixtures/policy/default.toml");

/// The longest duration a profile may set, in seconds (10 years of 365 days): long enough
/// for any lifetime, short enough that no date arithmetic overflows.
pub const MAX_SECONDS: u64 = 10 * 365 * 24 * 3600;

/// Every key a profile may hold, sorted (the order of [`Policy::to_toml`]).
pub const KEYS: [&str; 12] = [
    "activation_code_ttl_s",
    "auth_request_ttl_s",
    "auth_requests_per_hour",
    "code_max_attempts",
    "description",
    "email_code_ttl_s",
    "lre_reminder_after_s",
    "name",
    "pin_max_attempts",
    "pin_refuse_descending",
    "sms_code_ttl_s",
    "sms_resend_cooldown_s",
];

/// A policy profile. Field names are the profile's keys.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    /// The profile's name, printed by every report.
    pub name: String,
    /// What the profile is for, in a sentence.
    pub description: String,
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
    /// The defaults of REQUIREMENTS.md, equal to `fixtures/policy/default.toml`.
    fn default() -> Self {
        Self {
            name: "default".to_string(),
            description: "The defaults of REQUIREMENTS.md for every value the documents leave open"
                .to_string(),
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

/// A field of [`Policy`] seen through its key, with what it accepts.
enum Slot<'a> {
    /// A duration in seconds; `zero_ok` when 0 means "none" rather than a mistake.
    Seconds(&'a mut u64, bool),
    /// A positive count.
    Count(&'a mut u32),
    Flag(&'a mut bool),
    /// A string; `empty_ok` for the description.
    Text(&'a mut String, bool),
}

impl Policy {
    /// The profile embedded from `fixtures/policy/default.toml` (parsed once per process).
    pub fn builtin_default() -> Self {
        static BUILTIN: std::sync::LazyLock<Policy> = std::sync::LazyLock::new(|| {
            Policy::parse(BUILTIN_TEXT, BUILTIN_ORIGIN)
                .expect("the embedded default profile parses")
        });
        BUILTIN.clone()
    }

    /// Reads a profile; `origin` names the text in errors (normally its path).
    pub fn parse(text: &str, origin: &str) -> Result<Policy, ConfigError> {
        // Any value at all, so that a key's type and range are checked here, with messages
        // that say what the key expects rather than what Rust type holds it.
        let (table, spans) = config::parse::<BTreeMap<String, toml::Value>>(text, origin)?;
        let mut policy = Policy { name: file_stem(origin).to_string(), ..Policy::default() };
        // In the order of the file, so that the error reported is the first one a reader
        // meets, whatever the map's order.
        let mut keys: Vec<&String> = table.keys().collect();
        keys.sort_by_key(|key| (spans.line(key), *key));
        for key in keys {
            let value = &table[key];
            let Some(slot) = policy.slot(key) else {
                let known: Vec<String> = KEYS.iter().map(|k| format!("`{k}`")).collect();
                let message = format!("unknown key, expected one of {}", known.join(", "));
                return Err(spans.error(key, message));
            };
            slot.set(value).map_err(|expected| {
                spans.error(key, format!("expected {expected}, got {value}"))
            })?;
        }
        Ok(policy)
    }

    /// The profile as canonical TOML: every key, sorted, one per line; parsing it gives
    /// back an equal profile.
    pub fn to_toml(&self) -> String {
        let mut copy = self.clone();
        let mut text = String::new();
        for key in KEYS {
            let value = copy.slot(key).expect("every listed key has a slot").render();
            text.push_str(&format!("{key} = {value}\n"));
        }
        text
    }

    fn slot(&mut self, key: &str) -> Option<Slot<'_>> {
        Some(match key {
            "name" => Slot::Text(&mut self.name, false),
            "description" => Slot::Text(&mut self.description, true),
            "sms_resend_cooldown_s" => Slot::Seconds(&mut self.sms_resend_cooldown_s, true),
            "email_code_ttl_s" => Slot::Seconds(&mut self.email_code_ttl_s, false),
            "sms_code_ttl_s" => Slot::Seconds(&mut self.sms_code_ttl_s, false),
            "code_max_attempts" => Slot::Count(&mut self.code_max_attempts),
            "activation_code_ttl_s" => Slot::Seconds(&mut self.activation_code_ttl_s, false),
            "lre_reminder_after_s" => Slot::Seconds(&mut self.lre_reminder_after_s, false),
            "pin_refuse_descending" => Slot::Flag(&mut self.pin_refuse_descending),
            "pin_max_attempts" => Slot::Count(&mut self.pin_max_attempts),
            "auth_request_ttl_s" => Slot::Seconds(&mut self.auth_request_ttl_s, false),
            "auth_requests_per_hour" => Slot::Count(&mut self.auth_requests_per_hour),
            _ => return None,
        })
    }

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

impl Slot<'_> {
    /// Stores `value`, or says what was expected instead.
    fn set(self, value: &toml::Value) -> Result<(), String> {
        match (self, value) {
            (Slot::Seconds(field, zero_ok), toml::Value::Integer(n)) => {
                let min = if zero_ok { 0 } else { 1 };
                match u64::try_from(*n) {
                    Ok(n) if (min..=MAX_SECONDS).contains(&n) => *field = n,
                    Ok(n) if n > MAX_SECONDS => {
                        return Err(format!("at most {MAX_SECONDS} seconds (10 years)"));
                    }
                    _ => return Err(integer_kind(zero_ok).to_string()),
                }
            }
            (Slot::Seconds(_, zero_ok), _) => return Err(integer_kind(zero_ok).to_string()),
            (Slot::Count(field), toml::Value::Integer(n)) => match u32::try_from(*n) {
                Ok(n) if n > 0 => *field = n,
                Ok(_) => return Err(integer_kind(false).to_string()),
                Err(_) if *n > 0 => return Err(format!("at most {}", u32::MAX)),
                Err(_) => return Err(integer_kind(false).to_string()),
            },
            (Slot::Flag(field), toml::Value::Boolean(b)) => *field = *b,
            (Slot::Text(field, empty_ok), toml::Value::String(s))
                if empty_ok || !s.trim().is_empty() =>
            {
                *field = s.clone();
            }
            (Slot::Count(_), _) => return Err(integer_kind(false).to_string()),
            (Slot::Flag(_), _) => return Err("true or false".to_string()),
            (Slot::Text(_, true), _) => return Err("a string".to_string()),
            (Slot::Text(_, false), _) => return Err("a non-empty string".to_string()),
        }
        Ok(())
    }

    /// The value as TOML.
    fn render(&self) -> String {
        match self {
            Slot::Seconds(n, _) => n.to_string(),
            Slot::Count(n) => n.to_string(),
            Slot::Flag(b) => b.to_string(),
            Slot::Text(s, _) => toml::Value::String(s.to_string()).to_string(),
        }
    }
}

fn integer_kind(zero_ok: bool) -> &'static str {
    if zero_ok { "a non-negative integer" } else { "a positive integer" }
}

/// The file name of `origin` without directories and extension.
fn file_stem(origin: &str) -> &str {
    let name = origin.rsplit(['/', '\\']).next().unwrap_or(origin);
    name.strip_suffix(".toml").unwrap_or(name)
}

/// Seconds as a duration, saturating for values no parsed profile can hold.
fn seconds(s: u64) -> TimeDelta {
    i64::try_from(s).ok().and_then(TimeDelta::try_seconds).unwrap_or(TimeDelta::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGIN: &str = "fixtures/policy/x.toml";

    fn error(text: &str) -> String {
        Policy::parse(text, ORIGIN).expect_err("the profile is refused").to_string()
    }

    // Checks that the embedded default profile equals `Policy::default()`, key by key.
    #[test]
    fn builtin_default_is_default() {
        assert_eq!(Policy::builtin_default(), Policy::default());
    }

    // Checks that the fixture holds every key (none is left to its default silently).
    #[test]
    fn fixture_lists_every_key() {
        let table: toml::Table = toml::from_str(BUILTIN_TEXT).expect("the fixture is TOML");
        let mut keys: Vec<&str> = table.keys().map(String::as_str).collect();
        keys.sort_unstable();
        assert_eq!(keys, KEYS);
    }

    // Checks that missing keys take their default and the name its file's stem.
    #[test]
    fn missing_keys_take_defaults() {
        let policy = Policy::parse("pin_max_attempts = 3\n", ORIGIN).expect("a valid profile");
        let expected = Policy { name: "x".to_string(), pin_max_attempts: 3, ..Policy::default() };
        assert_eq!(policy, expected);
        let named = Policy::parse("name = \"fast\"\nsms_resend_cooldown_s = 0\n", "<inline>")
            .expect("a valid profile");
        assert_eq!(named.name, "fast");
        assert_eq!(named.sms_resend_cooldown_s, 0);
        assert_eq!(Policy::parse("", "a\\b\\slow.toml").expect("empty is valid").name, "slow");
    }

    // Checks that comments, `_` in integers, a `#` inside a string and multi-line strings
    // read as TOML says (the reference's old hand parser choked on some of them).
    #[test]
    fn reads_all_of_toml() {
        let text = "# profile\nsms_resend_cooldown_s = 30 # s\nactivation_code_ttl_s = 1_209_600\n\
                    pin_refuse_descending = false\ndescription = \"codes # short\" # comment\n\
                    name = '''\nfast'''\n";
        let policy = Policy::parse(text, ORIGIN).expect("a valid profile");
        let expected = Policy {
            name: "fast".to_string(),
            description: "codes # short".to_string(),
            sms_resend_cooldown_s: 30,
            activation_code_ttl_s: 1_209_600,
            pin_refuse_descending: false,
            ..Policy::default()
        };
        assert_eq!(policy, expected);
    }

    // Checks that the canonical text lists the keys sorted and parses back to the same
    // profile, with strings that need escaping.
    #[test]
    fn canonical_text_round_trips() {
        let text = Policy::default().to_toml();
        let keys: Vec<&str> = text.lines().map(|l| l.split(" = ").next().unwrap_or("")).collect();
        assert_eq!(keys, KEYS);
        assert!(text.contains("pin_refuse_descending = true\n"), "{text}");
        assert!(text.contains("name = \"default\"\n"), "{text}");
        let odd =
            Policy { description: "a \"quoted\"\nline \\ here".to_string(), ..Policy::default() };
        assert_eq!(Policy::parse(&odd.to_toml(), ORIGIN), Ok(odd));
    }

    // Checks that an unknown key, or a section, is refused naming the file, the line and
    // the key, with the known keys.
    #[test]
    fn unknown_key() {
        let known = KEYS.map(|k| format!("`{k}`")).join(", ");
        assert_eq!(
            error("name = \"x\"\nsms_code_ttl = 600\n"),
            format!("{ORIGIN}:2: key `sms_code_ttl`: unknown key, expected one of {known}")
        );
        assert_eq!(
            error("[limits]\npin_max_attempts = 3\n"),
            format!("{ORIGIN}:1: key `limits`: unknown key, expected one of {known}")
        );
    }

    // Checks the message of each wrong type and bad value, naming the file, the line and
    // the key.
    #[test]
    fn bad_values() {
        let cases = [
            (
                "sms_code_ttl_s = \"ten\"",
                "key `sms_code_ttl_s`: expected a positive integer, got \"ten\"",
            ),
            ("sms_code_ttl_s = 0", "key `sms_code_ttl_s`: expected a positive integer, got 0"),
            ("sms_code_ttl_s = -5", "key `sms_code_ttl_s`: expected a positive integer, got -5"),
            ("sms_code_ttl_s = 1.5", "key `sms_code_ttl_s`: expected a positive integer, got 1.5"),
            (
                "email_code_ttl_s = 999999999999",
                "key `email_code_ttl_s`: expected at most 315360000 seconds (10 years), got 999999999999",
            ),
            (
                "sms_resend_cooldown_s = -1",
                "key `sms_resend_cooldown_s`: expected a non-negative integer, got -1",
            ),
            ("pin_max_attempts = 0", "key `pin_max_attempts`: expected a positive integer, got 0"),
            (
                "code_max_attempts = true",
                "key `code_max_attempts`: expected a positive integer, got true",
            ),
            (
                "auth_requests_per_hour = 9999999999",
                "key `auth_requests_per_hour`: expected at most 4294967295, got 9999999999",
            ),
            (
                "pin_refuse_descending = \"yes\"",
                "key `pin_refuse_descending`: expected true or false, got \"yes\"",
            ),
            (
                "pin_refuse_descending = 1",
                "key `pin_refuse_descending`: expected true or false, got 1",
            ),
            ("name = \"\"", "key `name`: expected a non-empty string, got \"\""),
            ("name = 3", "key `name`: expected a non-empty string, got 3"),
            ("description = [1, 2]", "key `description`: expected a string, got [1, 2]"),
        ];
        for (text, message) in cases {
            // On line 3, after a comment and a valid key, so that the line is not 1 by luck.
            let text = format!("# a profile\nlre_reminder_after_s = 60\n{text}\n");
            assert_eq!(error(&text), format!("{ORIGIN}:3: {message}"), "{text}");
        }
    }

    // Checks that the first error in the order of the file is the one reported.
    #[test]
    fn first_error_in_file_order() {
        let text = "sms_code_ttl_s = 0\nactivation_code_ttl_s = 0\n";
        assert_eq!(
            error(text),
            format!("{ORIGIN}:1: key `sms_code_ttl_s`: expected a positive integer, got 0")
        );
    }

    // Checks that a TOML syntax error, a repeated key included, names the file and the line.
    #[test]
    fn syntax_error_names_the_line() {
        assert_eq!(
            error("name = \"x\"\n\npin_max_attempts = = 3\n"),
            format!("{ORIGIN}:3: extra `=`, expected nothing")
        );
        assert_eq!(
            error("pin_max_attempts = 3\npin_max_attempts = 4\n"),
            format!("{ORIGIN}:2: duplicate key")
        );
        assert_eq!(
            error("\nname = quick\n"),
            format!("{ORIGIN}:2: string values must be quoted, expected literal string")
        );
    }

    // Checks the durations seen as `TimeDelta`.
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
