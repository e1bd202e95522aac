//! The reference's configuration: its seed, its issuer, and its policy profile (the values
//! the documents do not fix, ARCHITECTURE "Policy profile"), with a parser of its own for
//! the flat TOML of `fixtures/policy/*.toml`.

use crate::ReferenceError;

/// The values the documents leave open, with the defaults of ARCHITECTURE.md.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferencePolicy {
    /// ACC-04: how long before an SMS code may be re-sent.
    pub sms_resend_cooldown_s: u64,
    /// ACC-08: lifetime of an e-mail code.
    pub email_code_ttl_s: u64,
    /// ACC-08: lifetime of an SMS code.
    pub sms_code_ttl_s: u64,
    /// ACC-08: wrong attempts a code tolerates.
    pub code_max_attempts: u32,
    /// VER-02: lifetime of the activation code of the postman and post-office modes.
    pub activation_code_ttl_s: u64,
    /// AR24-03: AR24 sends its own reminder; the key is accepted so that one profile
    /// serves every crate, and unused here.
    pub lre_reminder_after_s: u64,
    /// ACT-03: refuse descending runs (9876) as well as ascending ones.
    pub pin_refuse_descending: bool,
    /// AUTH-05: wrong secret codes before the code is locked.
    pub pin_max_attempts: u32,
    /// AUTH-06: lifetime of a login request.
    pub auth_request_ttl_s: u64,
    /// FRAUD-03: login requests per number in a sliding hour.
    pub auth_requests_per_hour: u32,
}

impl Default for ReferencePolicy {
    fn default() -> Self {
        Self {
            sms_resend_cooldown_s: 60,
            email_code_ttl_s: 900,
            sms_code_ttl_s: 600,
            code_max_attempts: 5,
            activation_code_ttl_s: 2_592_000,
            lre_reminder_after_s: 604_800,
            pin_refuse_descending: true,
            pin_max_attempts: 5,
            auth_request_ttl_s: 300,
            auth_requests_per_hour: 10,
        }
    }
}

impl ReferencePolicy {
    /// Reads a flat policy profile: `key = value` lines, `#` comments, integers (with `_`
    /// separators) and booleans. A missing key keeps its default; an unknown key, a
    /// repeated key, a table or a bad value is refused naming the line and the key.
    pub fn parse_toml(text: &str) -> Result<Self, ReferenceError> {
        let mut policy = Self::default();
        let mut seen: Vec<String> = Vec::new();
        for (index, raw) in text.lines().enumerate() {
            let line_no = index + 1;
            let line = strip_comment(raw).trim();
            if line.is_empty() {
                continue;
            }
            let fail = |key: &str, detail: &str| ReferenceError::Policy {
                line: line_no,
                key: key.to_string(),
                detail: detail.to_string(),
            };
            let Some((key, value)) = line.split_once('=') else {
                return Err(fail(line, "expected `key = value` (the profile has flat keys only)"));
            };
            let (key, value) = (key.trim(), value.trim());
            if seen.iter().any(|k| k == key) {
                return Err(fail(key, "the key is given twice"));
            }
            policy.set(key, value).map_err(|detail| fail(key, &detail))?;
            seen.push(key.to_string());
        }
        Ok(policy)
    }

    fn set(&mut self, key: &str, value: &str) -> Result<(), String> {
        match key {
            // The profile's own name and description: for reports, no rule reads them.
            "name" | "description" => {
                quoted(value)?;
            }
            "sms_resend_cooldown_s" => self.sms_resend_cooldown_s = seconds(value, 0)?,
            "email_code_ttl_s" => self.email_code_ttl_s = seconds(value, 1)?,
            "sms_code_ttl_s" => self.sms_code_ttl_s = seconds(value, 1)?,
            "code_max_attempts" => self.code_max_attempts = count(value)?,
            "activation_code_ttl_s" => self.activation_code_ttl_s = seconds(value, 1)?,
            "lre_reminder_after_s" => self.lre_reminder_after_s = seconds(value, 1)?,
            "pin_refuse_descending" => self.pin_refuse_descending = boolean(value)?,
            "pin_max_attempts" => self.pin_max_attempts = count(value)?,
            "auth_request_ttl_s" => self.auth_request_ttl_s = seconds(value, 1)?,
            "auth_requests_per_hour" => self.auth_requests_per_hour = count(value)?,
            _ => return Err("unknown key".to_string()),
        }
        Ok(())
    }
}

/// A number of seconds, at least `min`, small enough to add to any instant of the clock.
fn seconds(value: &str, min: u64) -> Result<u64, String> {
    let n = integer(value)?;
    if n < min {
        return Err(format!("expected at least {min}, got {n}"));
    }
    // A century bounds every duration the rules need and keeps instant arithmetic exact.
    if n > 100 * 366 * 86_400 {
        return Err(format!("{n} seconds is more than a century"));
    }
    Ok(n)
}

/// A count of attempts or requests: at least one.
fn count(value: &str) -> Result<u32, String> {
    let n = integer(value)?;
    match u32::try_from(n) {
        Ok(0) => Err("expected at least 1, got 0".to_string()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("{n} is too large")),
    }
}

fn integer(value: &str) -> Result<u64, String> {
    let digits: String = value.chars().filter(|&c| c != '_').collect();
    if digits.is_empty() || !digits.chars().all(|c| c.is_ascii_digit()) || value.starts_with('_') {
        return Err(format!("expected a non-negative integer, got `{value}`"));
    }
    digits.parse().map_err(|_| format!("`{value}` is too large"))
}

/// The line up to a `#` that is not inside a double-quoted string.
fn strip_comment(line: &str) -> &str {
    let mut in_string = false;
    for (i, c) in line.char_indices() {
        match c {
            '"' => in_string = !in_string,
            '#' if !in_string => return &line[..i],
            _ => {}
        }
    }
    line
}

/// A basic TOML string on one line.
fn quoted(value: &str) -> Result<&str, String> {
    let inner = value.strip_prefix('"').and_then(|v| v.strip_suffix('"'));
    inner
        .filter(|v| !v.contains('"'))
        .ok_or_else(|| format!("expected a \"quoted\" text, got `{value}`"))
}

fn boolean(value: &str) -> Result<bool, String> {
    match value {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(format!("expected true or false, got `{value}`")),
    }
}

/// How the reference is set up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReferenceConfig {
    /// Seeds the one ChaCha8 stream every code, token and id is drawn from.
    pub seed: u64,
    pub policy: ReferencePolicy,
    /// The `iss` of the id_tokens.
    pub issuer: String,
}

impl Default for ReferenceConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            policy: ReferencePolicy::default(),
            issuer: "https://identitenumerique.laposte.fr/reference".to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that a missing key keeps its default and a given one is read, with `_` and comments.
    #[test]
    fn parse_reads_keys_and_keeps_defaults() {
        let text = "# profile\nsms_resend_cooldown_s = 30 # s\nactivation_code_ttl_s = 1_209_600\npin_refuse_descending = false\n";
        let policy = ReferencePolicy::parse_toml(text).unwrap();
        assert_eq!(policy.sms_resend_cooldown_s, 30);
        assert_eq!(policy.activation_code_ttl_s, 1_209_600);
        assert!(!policy.pin_refuse_descending);
        assert_eq!(policy.pin_max_attempts, 5);
        assert_eq!(ReferencePolicy::parse_toml("").unwrap(), ReferencePolicy::default());
    }

    // Checks that the shipped profile, with its name and a description holding a `#`,
    // reads as the defaults: one profile configures the harness and the reference alike.
    #[test]
    fn parse_reads_the_shipped_default_profile() {
        let shipped = include_str!("../../../fixtures/policy/default.toml");
        assert_eq!(ReferencePolicy::parse_toml(shipped).unwrap(), ReferencePolicy::default());
        let text =
            "name = \"fast\"\ndescription = \"codes # short\" # comment\nsms_code_ttl_s = 60";
        assert_eq!(ReferencePolicy::parse_toml(text).unwrap().sms_code_ttl_s, 60);
    }

    // Checks that unknown keys, bad values, repeats and tables are refused naming line and key.
    #[test]
    fn parse_refuses_bad_profiles() {
        let cases = [
            ("pin_max_tries = 3", 1, "pin_max_tries"),
            ("\npin_max_attempts = three", 2, "pin_max_attempts"),
            ("pin_max_attempts = 0", 1, "pin_max_attempts"),
            ("pin_refuse_descending = yes", 1, "pin_refuse_descending"),
            ("code_max_attempts = 3\ncode_max_attempts = 4", 2, "code_max_attempts"),
            ("[policy]", 1, "[policy]"),
            ("email_code_ttl_s = -5", 1, "email_code_ttl_s"),
            ("name = fast", 1, "name"),
        ];
        for (text, want_line, want_key) in cases {
            match ReferencePolicy::parse_toml(text) {
                Err(ReferenceError::Policy { line, key, .. }) => {
                    assert_eq!((line, key.as_str()), (want_line, want_key), "{text}");
                }
                other => panic!("{text}: expected a policy error, got {other:?}"),
            }
        }
    }
}
