//! ELIG-04: the mobile number's country calling code must be on the FAQ's list of 43
//! countries and territories (`fixtures/calling_codes.toml`). Several territories share
//! one code (+1, +262, +590), so a code maps to a list of names.

use crate::fixture::{FixtureError, parse_toml};
use crate::refusal::CALLING_CODE_NOT_ELIGIBLE;
use serde::Deserialize;
use std::collections::BTreeSet;

/// Where the embedded list comes from, as errors name it.
pub const BUILTIN_ORIGIN: &str = "fixtures/calling_codes.toml";
const BUILTIN_TEXT: &str = include_str!("../../../fixtures/calling_codes.toml");

/// One country or territory of the list, named as the FAQ spells it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Country {
    pub name: String,
    /// `+` then 1 to 4 digits, e.g. `+33`.
    pub calling_code: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    country: Vec<Country>,
}

/// The eligible calling codes, in the fixture's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallingCodes {
    countries: Vec<Country>,
}

impl CallingCodes {
    /// Reads a list in the fixture's format (`[[country]]` tables with `name` and
    /// `calling_code`); `origin` names the text in errors. Refuses a malformed code (no
    /// `+`, not digits) and a name listed twice.
    pub fn parse(text: &str, origin: &str) -> Result<Self, FixtureError> {
        let file: File = parse_toml(text, origin)?;
        let mut names = BTreeSet::new();
        for (index, country) in file.country.iter().enumerate() {
            let invalid = |message: String| FixtureError::Invalid {
                origin: origin.to_string(),
                what: format!("country {} (`{}`)", index + 1, country.name),
                message,
            };
            if country.name.trim().is_empty() {
                return Err(invalid("empty name".to_string()));
            }
            if !is_well_formed(&country.calling_code) {
                return Err(invalid(format!(
                    "calling code {:?} is not `+` followed by 1 to 4 digits",
                    country.calling_code
                )));
            }
            if !names.insert(country.name.as_str()) {
                return Err(invalid("listed twice".to_string()));
            }
        }
        Ok(Self { countries: file.country })
    }

    /// The list of ELIG-04 embedded from `fixtures/calling_codes.toml`.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_TEXT, BUILTIN_ORIGIN).expect("the embedded calling codes parse")
    }

    /// ELIG-04: `code` (e.g. `+33`, exactly as written, with its `+`) is eligible.
    pub fn is_eligible(&self, code: &str) -> bool {
        self.countries.iter().any(|c| c.calling_code == code)
    }

    /// ELIG-04 as a refusal: `calling_code_not_eligible` for a code off the list.
    pub fn check(&self, code: &str) -> Result<(), &'static str> {
        if self.is_eligible(code) { Ok(()) } else { Err(CALLING_CODE_NOT_ELIGIBLE) }
    }

    /// The countries and territories that use `code`, in the fixture's order; empty when
    /// the code is not eligible.
    pub fn countries(&self, code: &str) -> Vec<&str> {
        self.countries.iter().filter(|c| c.calling_code == code).map(|c| c.name.as_str()).collect()
    }

    /// Every entry, in the fixture's order.
    pub fn iter(&self) -> impl Iterator<Item = &Country> {
        self.countries.iter()
    }

    /// The distinct eligible codes, sorted as strings.
    pub fn codes(&self) -> BTreeSet<&str> {
        self.countries.iter().map(|c| c.calling_code.as_str()).collect()
    }

    /// The number of countries and territories listed.
    pub fn len(&self) -> usize {
        self.countries.len()
    }

    /// Whether the list is empty.
    pub fn is_empty(&self) -> bool {
        self.countries.is_empty()
    }
}

/// `+` followed by 1 to 4 ASCII digits, the first not 0 (E.164 country codes).
fn is_well_formed(code: &str) -> bool {
    let Some(digits) = code.strip_prefix('+') else { return false };
    (1..=4).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(code: &str, expected: &[&str]) {
        let codes = CallingCodes::builtin();
        assert_eq!(codes.countries(code), expected, "countries of {code}");
        assert_eq!(codes.is_eligible(code), !expected.is_empty(), "eligibility of {code}");
        let refusal = if expected.is_empty() { Err(CALLING_CODE_NOT_ELIGIBLE) } else { Ok(()) };
        assert_eq!(codes.check(code), refusal, "check of {code}");
    }

    // Checks the list's size (43 entries; 38 distinct codes, since +1, +262 and +590 are
    // shared) and a few single codes.
    #[test]
    fn builtin_list() {
        let codes = CallingCodes::builtin();
        assert_eq!(codes.len(), 43);
        assert_eq!(codes.codes().len(), 38);
        check("+33", &["France"]);
        check("+32", &["Belgique"]);
        check("+66", &["Thaïlande"]);
        check("+508", &["Saint-Pierre et Miquelon"]);
        check("+681", &["Wallis et Futuna"]);
    }

    // Checks that the shared codes give all their countries and territories.
    #[test]
    fn shared_codes() {
        check("+1", &["Canada", "Etats-Unis"]);
        check("+262", &["La Réunion", "Mayotte", "Terres australes et antarctiques françaises"]);
        check("+590", &["Guadeloupe", "Saint-Barthélemy", "Saint-Martin"]);
    }

    // Checks that codes off the list, or written without `+`, are not eligible.
    #[test]
    fn not_eligible() {
        for code in ["+7", "+90", "+81", "+3", "+330", "33", "", "+ 33", "0033"] {
            check(code, &[]);
        }
    }

    // Checks that a malformed code in a fixture is refused, naming the file and the entry.
    #[test]
    fn malformed_fixture() {
        let cases = [
            (
                "[[country]]\nname = \"France\"\ncalling_code = \"33\"\n",
                "x.toml: country 1 (`France`): calling code \"33\" is not `+` followed by 1 to 4 digits",
            ),
            (
                "[[country]]\nname = \"A\"\ncalling_code = \"+1\"\n[[country]]\nname = \"A\"\ncalling_code = \"+2\"\n",
                "x.toml: country 2 (`A`): listed twice",
            ),
            (
                "[[country]]\nname = \"\"\ncalling_code = \"+1\"\n",
                "x.toml: country 1 (``): empty name",
            ),
            (
                "[[country]]\nname = \"France\"\ncalling_code = \"+33a\"\n",
                "x.toml: country 1 (`France`): calling code \"+33a\" is not `+` followed by 1 to 4 digits",
            ),
        ];
        for (text, message) in cases {
            let error = CallingCodes::parse(text, "x.toml").unwrap_err();
            assert_eq!(error.to_string(), message);
        }
    }

    // Checks that a syntax or shape error names the file and the line.
    #[test]
    fn syntax_errors_name_the_line() {
        let missing =
            CallingCodes::parse("[[country]]\nname = \"France\"\n", "x.toml").unwrap_err();
        assert!(missing.to_string().starts_with("x.toml: line 1: "), "{missing}");
        assert!(missing.to_string().contains("calling_code"), "{missing}");
        let unknown = CallingCodes::parse(
            "[[country]]\nname = \"F\"\ncalling_code = \"+33\"\nflag = 1\n",
            "x.toml",
        )
        .unwrap_err();
        assert!(unknown.to_string().starts_with("x.toml: line 4: "), "{unknown}");
        let broken = CallingCodes::parse("[[country]\n", "x.toml").unwrap_err();
        assert!(broken.to_string().starts_with("x.toml: line 1: "), "{broken}");
    }
}
