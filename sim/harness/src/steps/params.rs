//! Typed parameters for the domain nouns of the features: a person, a refusal code, a
//! date, a duration, a document type, a smartphone. Each one's regex is what QA may write;
//! anything else does not match the step, which then fails as undefined.

use chrono::{NaiveDate, TimeDelta};

/// A parameter that is one of a few fixed phrases of the features, each standing for a
/// value. The phrases are written once: the regex QA's sentences must match, the parsing
/// and the display (the feature's words, which narratives repeat) all come from them, so
/// an unknown phrase makes its step undefined instead of failing at run time. With
/// `quoted`, the phrase stands between guillemets (`« un hôpital »`). A phrase may not
/// hold a character a regex reads specially (a parenthesis, a dot): write such a
/// parameter by hand.
///
/// ```text
/// phrases! {
///     /// The kind of place the postman comes to (VER-04).
///     pub struct Lieu(AddressKind) as "lieu", quoted {
///         "un domicile de particulier" => AddressKind::PrivateHome,
///         "un hôpital" => AddressKind::Hospital,
///     }
/// }
/// ```
macro_rules! phrases {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($value:ty) as $param:literal, quoted {
            $first:literal => $first_value:expr $(, $phrase:literal => $item:expr)* $(,)?
        }
    ) => {
        $crate::steps::params::phrases!(@define $(#[$meta])* $vis $name $value, $param,
            concat!("« (?:", $first $(, "|", $phrase)*, ") »"), "« ", " »",
            [($first, $first_value) $(, ($phrase, $item))*]);
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident($value:ty) as $param:literal {
            $first:literal => $first_value:expr $(, $phrase:literal => $item:expr)* $(,)?
        }
    ) => {
        $crate::steps::params::phrases!(@define $(#[$meta])* $vis $name $value, $param,
            concat!("(?:", $first $(, "|", $phrase)*, ")"), "", "",
            [($first, $first_value) $(, ($phrase, $item))*]);
    };
    (@define $(#[$meta:meta])* $vis:vis $name:ident $value:ty, $param:literal, $regex:expr,
        $open:literal, $close:literal, [$(($phrase:literal, $item:expr)),+]) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        $vis struct $name(pub $value);

        impl $name {
            /// Every phrase and the value it stands for.
            const PHRASES: &'static [(&'static str, $value)] = &[$(($phrase, $item)),+];
        }

        impl cucumber::Parameter for $name {
            const REGEX: &'static str = $regex;
            const NAME: &'static str = $param;
        }

        impl std::str::FromStr for $name {
            type Err = String;
            fn from_str(s: &str) -> Result<Self, String> {
                let phrase = s.strip_prefix($open).and_then(|s| s.strip_suffix($close));
                let found = Self::PHRASES.iter().find(|(p, _)| Some(*p) == phrase);
                found.map(|(_, value)| $name(value.clone())).ok_or_else(|| {
                    format!("« {s} » is none of the phrases of {{{}}}", $param)
                })
            }
        }

        impl std::fmt::Display for $name {
            /// The feature's words.
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let found = Self::PHRASES.iter().find(|(_, value)| *value == self.0);
                f.write_str(found.map_or("?", |(phrase, _)| *phrase))
            }
        }
    };
}
use cucumber::Parameter;
use idn_contract::{DocumentKind, Os, RefusalCode};
pub(crate) use phrases;
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

impl std::fmt::Display for Personne {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::ops::Deref for Personne {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
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

/// A calling code of a mobile number, as written before the national number: `+33`,
/// `+590`.
#[derive(Debug, Clone, PartialEq, Eq, Parameter)]
#[param(name = "indicatif", regex = r"\+\d{1,4}")]
pub struct Indicatif(pub String);

impl FromStr for Indicatif {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Ok(Indicatif(s.to_string()))
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

/// Whether the parameter `P`'s regex matches the whole of `text`, as in a step.
#[cfg(test)]
pub(crate) fn matches<P: cucumber::codegen::Parameter>(text: &str) -> bool {
    let regex = cucumber::codegen::Regex::new(&format!("^(?:{})$", P::REGEX));
    regex.expect("a parameter's regex compiles").is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    phrases! {
        /// A parameter only this test uses.
        struct Couleur(u8) as "couleur", quoted {
            "rouge" => 1,
            "bleu clair" => 2,
        }
    }

    // Checks that a phrase parameter's regex, parsing and display come from its one list
    // of phrases, with or without guillemets.
    #[test]
    fn phrases_make_the_regex_the_parsing_and_the_display() {
        use cucumber::Parameter as _;
        assert_eq!(Couleur::REGEX, "« (?:rouge|bleu clair) »");
        assert_eq!(Couleur::NAME, "couleur");
        assert_eq!("« bleu clair »".parse::<Couleur>(), Ok(Couleur(2)));
        assert!("« vert »".parse::<Couleur>().unwrap_err().contains("{couleur}"));
        assert!("bleu clair".parse::<Couleur>().is_err());
        assert_eq!(Couleur(1).to_string(), "rouge");
    }

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
        assert_eq!("+590".parse::<Indicatif>().unwrap().0, "+590");
        assert_eq!(
            "« Identification réussie »".parse::<Texte>().unwrap().0,
            "Identification réussie"
        );
    }
}
