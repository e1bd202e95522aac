//! Typed parameters for the domain nouns of the features: a person, a refusal code, a
//! date, a duration, a document type, a smartphone. Each one's regex is what QA may write;
//! anything else does not match the step, which then fails as undefined.

use chrono::{NaiveDate, TimeDelta};
use cucumber::Parameter;
use idn_contract::{DocumentKind, Os, RefusalCode};
use std::str::FromStr;

/// A person of the scenario, by a capitalised first name: `Camille`, `Jean-Marc`.
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(name = "personne", regex = r"[A-ZÀ-Ý][a-zà-ÿ]+(?:-[A-ZÀ-Ý][a-zà-ÿ]+)?")]
pub struct Personne(pub String);

impl FromStr for Personne {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Personne(s.to_string()))
    }
}

/// A text between guillemets, as a person reads it on a page, an SMS or an e-mail:
/// `« Identification réussie »` (the guillemets and their spaces are not part of it).
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(name = "texte", regex = r"« [^»]+ »")]
pub struct Texte(pub String);

impl FromStr for Texte {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let inner = s.trim_start_matches('«').trim_end_matches('»').trim();
        Ok(Texte(inner.to_string()))
    }
}

/// A refusal code of the contract, as the SUT sends it: `pin_too_simple`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "refus", regex = r"[a-z][a-z0-9_]*")]
pub struct Refus(pub RefusalCode);

impl FromStr for Refus {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        RefusalCode::parse(s).map(Refus).ok_or_else(|| {
            format!("`{s}` is not a refusal code of the contract (see idn_contract::RefusalCode)")
        })
    }
}

/// A calendar date, `02/01/2004` or `2004-01-02`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "date", regex = r"\d{2}/\d{2}/\d{4}|\d{4}-\d{2}-\d{2}")]
pub struct Date(pub NaiveDate);

impl FromStr for Date {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        NaiveDate::parse_from_str(s, "%d/%m/%Y")
            .or_else(|_| NaiveDate::parse_from_str(s, "%Y-%m-%d"))
            .map(Date)
            .map_err(|e| format!("`{s}` is not a date: {e}"))
    }
}

/// A duration in whole seconds, minutes, hours or days: `90 secondes`, `2 heures`, `15 jours`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "duree", regex = r"\d+ (?:secondes?|minutes?|heures?|jours?)")]
pub struct Duree(pub TimeDelta);

impl FromStr for Duree {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (count, unit) = s.split_once(' ').ok_or_else(|| format!("`{s}` is not a duration"))?;
        let n: i64 = count.parse().map_err(|e| format!("`{s}`: {e}"))?;
        let delta = match unit.trim_end_matches('s') {
            "seconde" => TimeDelta::seconds(n),
            "minute" => TimeDelta::minutes(n),
            "heure" => TimeDelta::hours(n),
            "jour" => TimeDelta::days(n),
            other => return Err(format!("`{other}` is not a unit of duration")),
        };
        Ok(Duree(delta))
    }
}

/// One of the three document types of ENR-03, with or without its article.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "piece", regex = r"(?:une |un )?(?:carte d'identité|passeport|titre de séjour)")]
pub struct Piece(pub DocumentKind);

impl FromStr for Piece {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let noun = s.trim_start_matches("une ").trim_start_matches("un ");
        match noun {
            "carte d'identité" => Ok(Piece(DocumentKind::IdentityCard)),
            "passeport" => Ok(Piece(DocumentKind::Passport)),
            "titre de séjour" => Ok(Piece(DocumentKind::ResidencePermit)),
            other => Err(format!("`{other}` is not a document type")),
        }
    }
}

/// A smartphone's system and major version: `Android 13`, `iOS 12`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Parameter)]
#[param(name = "systeme", regex = r"(?:Android|iOS) \d+")]
pub struct Systeme(pub Os, pub u32);

impl FromStr for Systeme {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let (name, major) = s.split_once(' ').ok_or_else(|| format!("`{s}` is not a system"))?;
        let os = if name == "Android" { Os::Android } else { Os::Ios };
        let major = major.parse().map_err(|e| format!("`{s}`: {e}"))?;
        Ok(Systeme(os, major))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks that each parameter reads what QA write, and refuses the rest with a message.
    #[test]
    fn parameters_read_the_features_words() {
        assert_eq!("pin_too_simple".parse::<Refus>().unwrap().0, RefusalCode::PinTooSimple);
        assert!("pin_trop_simple".parse::<Refus>().unwrap_err().contains("not a refusal code"));
        let day = NaiveDate::from_ymd_opt(2004, 1, 2).unwrap();
        assert_eq!("02/01/2004".parse::<Date>().unwrap().0, day);
        assert_eq!("2004-01-02".parse::<Date>().unwrap().0, day);
        assert_eq!("15 jours".parse::<Duree>().unwrap().0, TimeDelta::days(15));
        assert_eq!("1 heure".parse::<Duree>().unwrap().0, TimeDelta::hours(1));
        assert_eq!("un titre de séjour".parse::<Piece>().unwrap().0, DocumentKind::ResidencePermit);
        assert_eq!("iOS 12".parse::<Systeme>().unwrap(), Systeme(Os::Ios, 12));
        assert_eq!(
            "« Identification réussie »".parse::<Texte>().unwrap().0,
            "Identification réussie"
        );
    }
}
