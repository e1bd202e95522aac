//! VER-04: where a postman may verify an identity. Any private home (the user's, a
//! friend's, a parent's) in one of the listed territories (`fixtures/territories.toml`);
//! never a professional address, nor a place where the postman has no direct access to
//! the user (a hospital, an office building).

use crate::fixture::{FixtureError, parse_toml};
use crate::refusal::ADDRESS_NOT_ELIGIBLE;
use serde::Deserialize;
use std::collections::BTreeSet;

/// Where the embedded list comes from, as errors name it.
pub const BUILTIN_ORIGIN: &str = "fixtures/territories.toml";
const BUILTIN_TEXT: &str = include_str!("../../../fixtures/territories.toml");

/// The kinds of address of VER-04.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AddressKind {
    /// Any private home: the user's, a friend's, a parent's.
    PrivateHome,
    /// A professional address.
    Professional,
    /// A hospital, a clinic: no direct access to the user.
    Hospital,
    /// An office building: no direct access to the user.
    OfficeBuilding,
}

impl AddressKind {
    /// Every kind, for exhaustive tests and generators.
    pub const ALL: [AddressKind; 4] = [
        AddressKind::PrivateHome,
        AddressKind::Professional,
        AddressKind::Hospital,
        AddressKind::OfficeBuilding,
    ];
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Territory {
    name: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    territory: Vec<Territory>,
}

/// The territories of VER-04, in the fixture's order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Territories {
    names: Vec<String>,
}

impl Territories {
    /// Reads a list in the fixture's format (`[[territory]]` tables with a `name`);
    /// `origin` names the text in errors. Refuses an empty name and a name listed twice.
    pub fn parse(text: &str, origin: &str) -> Result<Self, FixtureError> {
        let file: File = parse_toml(text, origin)?;
        let mut seen = BTreeSet::new();
        for (index, territory) in file.territory.iter().enumerate() {
            let message = if territory.name.trim().is_empty() {
                "empty name"
            } else if !seen.insert(territory.name.as_str()) {
                "listed twice"
            } else {
                continue;
            };
            return Err(FixtureError::Invalid {
                origin: origin.to_string(),
                what: format!("territory {} (`{}`)", index + 1, territory.name),
                message: message.to_string(),
            });
        }
        Ok(Self { names: file.territory.into_iter().map(|t| t.name).collect() })
    }

    /// The list of VER-04 embedded from `fixtures/territories.toml`.
    pub fn builtin() -> Self {
        Self::parse(BUILTIN_TEXT, BUILTIN_ORIGIN).expect("the embedded territories parse")
    }

    /// Whether `territory` is listed, spelled exactly as in the list.
    pub fn contains(&self, territory: &str) -> bool {
        self.names.iter().any(|n| n == territory)
    }

    /// The names, in the fixture's order.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        self.names.iter().map(String::as_str)
    }

    /// VER-04: `address_not_eligible` unless the address is a private home in a listed
    /// territory.
    pub fn postman_may_verify(
        &self,
        territory: &str,
        kind: AddressKind,
    ) -> Result<(), &'static str> {
        if kind == AddressKind::PrivateHome && self.contains(territory) {
            Ok(())
        } else {
            Err(ADDRESS_NOT_ELIGIBLE)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const VER_04: [&str; 10] = [
        "France métropolitaine",
        "Corse",
        "Guadeloupe",
        "Guyane",
        "La Réunion",
        "Martinique",
        "Saint-Barthélemy",
        "Saint-Martin",
        "Saint-Pierre-et-Miquelon",
        "Mayotte",
    ];

    fn check(territory: &str, kind: AddressKind, expected: Result<(), &str>) {
        let territories = Territories::builtin();
        assert_eq!(
            territories.postman_may_verify(territory, kind),
            expected,
            "{territory} {kind:?}"
        );
    }

    // Checks that the embedded list is exactly VER-04's, in order.
    #[test]
    fn builtin_is_ver_04() {
        assert_eq!(Territories::builtin().names().collect::<Vec<_>>(), VER_04);
    }

    // Checks every listed territory with every kind: only a private home is accepted.
    #[test]
    fn every_territory_and_kind() {
        for territory in VER_04 {
            for kind in AddressKind::ALL {
                let expected = if kind == AddressKind::PrivateHome {
                    Ok(())
                } else {
                    Err(ADDRESS_NOT_ELIGIBLE)
                };
                check(territory, kind, expected);
            }
        }
    }

    // Checks that territories off the list are refused even for a private home, including
    // near spellings.
    #[test]
    fn other_territories() {
        for territory in [
            "Nouvelle-Calédonie",
            "Polynésie française",
            "Wallis et Futuna",
            "Belgique",
            "",
            "france métropolitaine",
            "Saint-Pierre et Miquelon",
            "Réunion",
        ] {
            check(territory, AddressKind::PrivateHome, Err(ADDRESS_NOT_ELIGIBLE));
        }
    }

    // Checks that a bad fixture is refused, naming the file and the entry or line.
    #[test]
    fn malformed_fixture() {
        let twice = "[[territory]]\nname = \"Corse\"\n[[territory]]\nname = \"Corse\"\n";
        assert_eq!(
            Territories::parse(twice, "t.toml").unwrap_err().to_string(),
            "t.toml: territory 2 (`Corse`): listed twice"
        );
        let empty = "[[territory]]\nname = \" \"\n";
        assert_eq!(
            Territories::parse(empty, "t.toml").unwrap_err().to_string(),
            "t.toml: territory 1 (` `): empty name"
        );
        let wrong_type = "\n[[territory]]\nname = 3\n";
        let error = Territories::parse(wrong_type, "t.toml").unwrap_err().to_string();
        assert!(error.starts_with("t.toml: line 3: "), "{error}");
    }
}
