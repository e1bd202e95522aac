//! The reference data the world draws from, embedded at compile time from `fixtures/`:
//! communes (birth places, home addresses), post offices, phone models and mobile
//! numbering. A broken embedded fixture is a bug of this repository, caught by a test.

use serde::Deserialize;

const COMMUNES: &str = include_str!("../../../fixtures/communes.toml");
const POST_OFFICES: &str = include_str!("../../../fixtures/post_offices.toml");
const PHONES: &str = include_str!("../../../fixtures/phones.toml");
const GIVEN_NAMES: &str = include_str!("../../../fixtures/given_names.toml");

/// Given names by civility.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GivenNames {
    pub feminine: Vec<String>,
    pub masculine: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Commune {
    pub name: String,
    pub postcode: String,
    pub territory: String,
}

/// A birth place abroad, for holders of a titre de séjour.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Abroad {
    pub city: String,
    pub country: String,
    pub nationality: String,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Communes {
    pub street_types: Vec<String>,
    pub street_names: Vec<String>,
    #[serde(rename = "commune")]
    pub communes: Vec<Commune>,
    pub abroad: Vec<Abroad>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OfficeRecord {
    pub id: String,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    pub participating: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Offices {
    office: Vec<OfficeRecord>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhoneModel {
    /// `android` or `ios`.
    pub os: String,
    pub name: String,
    pub os_major_min: u32,
    pub os_major_max: u32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    pub calling_code: String,
    pub prefixes: Vec<String>,
    pub length: usize,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Phones {
    pub app_version: String,
    pub model: Vec<PhoneModel>,
    pub numbering: Vec<Numbering>,
}

/// Everything the world draws from.
#[derive(Debug, Clone)]
pub struct Fixtures {
    pub communes: Communes,
    pub offices: Vec<OfficeRecord>,
    pub phones: Phones,
    pub given_names: GivenNames,
}

impl Fixtures {
    /// The embedded files, parsed once per process (every world reads the same; parsing
    /// them for each fuzzing case was a tenth of its time); panics naming the file, since
    /// they ship with the code.
    pub fn builtin() -> &'static Fixtures {
        static BUILTIN: std::sync::LazyLock<Fixtures> = std::sync::LazyLock::new(|| Fixtures {
            communes: parse(COMMUNES, "fixtures/communes.toml"),
            offices: parse::<Offices>(POST_OFFICES, "fixtures/post_offices.toml").office,
            phones: parse(PHONES, "fixtures/phones.toml"),
            given_names: parse(GIVEN_NAMES, "fixtures/given_names.toml"),
        });
        &BUILTIN
    }

    /// The communes of `territory`, in the file's order.
    pub fn communes_in(&self, territory: &str) -> Vec<&Commune> {
        self.communes.communes.iter().filter(|c| c.territory == territory).collect()
    }
}

fn parse<T: for<'de> Deserialize<'de>>(text: &str, origin: &str) -> T {
    match toml::from_str(text) {
        Ok(value) => value,
        Err(e) => panic!("{origin}: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that the embedded fixtures parse and hold what the world relies on: every
    // VER-04 territory, territories outside it, and the post offices of ARCHITECTURE.md.
    #[test]
    fn embedded_fixtures_parse() {
        let f = Fixtures::builtin();
        let territories = idn_model::address::Territories::builtin();
        let outside = ["Nouvelle-Calédonie"];
        for territory in territories.names().chain(outside) {
            assert!(!f.communes_in(territory).is_empty(), "{territory}");
        }
        assert!(f.communes.communes.len() >= 40);
        let participating: Vec<&str> =
            f.offices.iter().filter(|o| o.participating).map(|o| o.id.as_str()).collect();
        assert_eq!(
            participating,
            [
                "po-75001-louvre",
                "po-69002-bellecour",
                "po-13001-colbert",
                "po-97110-pointe-a-pitre"
            ]
        );
        assert!(f.phones.numbering.iter().any(|n| n.calling_code == "+33"));
        assert!(f.given_names.feminine.len() >= 3 && f.given_names.masculine.len() >= 3);
    }
}
