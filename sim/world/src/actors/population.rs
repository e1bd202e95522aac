//! How the world makes up a person: French names with `fake`, dates, a realistic
//! document, an address and a birth place from `fixtures/communes.toml`, an e-mail, a
//! mobile number, a password and a secret code. Pure functions of a stream and the
//! fixtures, so that a person depends only on the seed and their name.

use crate::Prng;
use crate::actors::person::PersonSpec;
use crate::fixtures::Fixtures;
use chrono::{Datelike, Months, NaiveDate, TimeDelta};
use fake::Fake;
use fake::faker::name::fr_fr::LastName;
use idn_contract::verification::{Address, AddressKind};
use idn_contract::{Civility, DeclaredIdentity, DocumentData, DocumentKind, PhoneNumber};

const MAIL_PROVIDERS: [&str; 7] =
    ["gmail.com", "orange.fr", "free.fr", "sfr.fr", "outlook.fr", "yahoo.fr", "hotmail.fr"];

/// The territory of a default address (VER-04).
pub const METROPOLITAN: &str = "France métropolitaine";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("a valid calendar date")
}

/// Whole years as the rules count them (29 February + 1 year is 1 March).
fn plus_years(day: NaiveDate, years: u32) -> NaiveDate {
    idn_model::calendar::add_years(day, years)
}

fn minus_years(day: NaiveDate, years: u32) -> NaiveDate {
    day.checked_sub_months(Months::new(12 * years)).expect("a date within chrono's range")
}

/// A day drawn uniformly in `from..=to` (`from` when the span is empty).
fn day_between(rng: &mut Prng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(0);
    from + TimeDelta::days(rng.range(0..=span))
}

/// Everything printed on the person's document (DOC-04).
pub fn identity(
    rng: &mut Prng,
    fixtures: &Fixtures,
    spec: &PersonSpec,
    today: NaiveDate,
) -> DeclaredIdentity {
    let civility = spec.civility.unwrap_or(if rng.chance(0.5) {
        Civility::Madame
    } else {
        Civility::Monsieur
    });
    let pool = match civility {
        Civility::Madame => &fixtures.given_names.feminine,
        Civility::Monsieur => &fixtures.given_names.masculine,
    };
    let given_names = given_names(rng, pool);
    let birth_name = family_name(rng);
    let usage_name = (civility == Civility::Madame && rng.chance(0.2)).then(|| family_name(rng));
    let birth_date = spec.birth_date.unwrap_or_else(|| birth_date(rng, today));
    let kind = spec.document_kind.unwrap_or(DocumentKind::IdentityCard);
    let (birth_municipality, birth_country, nationality) = birth_place(rng, fixtures, kind);
    let document = document(rng, spec, kind, birth_date, today);
    DeclaredIdentity {
        civility,
        given_names,
        birth_name,
        usage_name,
        birth_date,
        birth_municipality,
        birth_country,
        nationality,
        document,
    }
}

/// One to three distinct given names from `pool` (which holds more than three).
fn given_names(rng: &mut Prng, pool: &[String]) -> Vec<String> {
    let count = *rng.pick(&[1, 1, 2, 2, 3]);
    let mut names: Vec<String> = Vec::new();
    while names.len() < count {
        let name = rng.pick(pool).clone();
        if !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// A family name, hyphenated one time in seven.
fn family_name(rng: &mut Prng) -> String {
    let first: String = LastName().fake_with_rng(rng.rng());
    if rng.chance(1.0 / 7.0) {
        let second: String = LastName().fake_with_rng(rng.rng());
        if second != first {
            return format!("{first}-{second}");
        }
    }
    first
}

/// An adult aged 30 to 60 on `today`.
fn birth_date(rng: &mut Prng, today: NaiveDate) -> NaiveDate {
    let earliest = minus_years(today, 61) + TimeDelta::days(1);
    day_between(rng, earliest, minus_years(today, 30))
}

/// A French birth place, or one abroad for a titre de séjour.
fn birth_place(
    rng: &mut Prng,
    fixtures: &Fixtures,
    kind: DocumentKind,
) -> (String, String, String) {
    if kind == DocumentKind::ResidencePermit {
        let abroad = rng.pick(&fixtures.communes.abroad);
        return (abroad.city.clone(), abroad.country.clone(), abroad.nationality.clone());
    }
    let french: Vec<_> = (fixtures.communes.communes.iter())
        .filter(|c| {
            !["Nouvelle-Calédonie", "Polynésie française", "Wallis-et-Futuna"]
                .contains(&c.territory.as_str())
        })
        .collect();
    let commune = rng.pick(&french);
    (commune.name.clone(), "France".into(), "Française".into())
}

/// A document in force: a CNI issued to an adult after 2014, a passport or a titre de
/// séjour of 10 years, unless the spec fixes its dates.
fn document(
    rng: &mut Prng,
    spec: &PersonSpec,
    kind: DocumentKind,
    birth: NaiveDate,
    today: NaiveDate,
) -> DocumentData {
    let latest_issue = today - TimeDelta::days(30);
    let issued_on = spec.issued_on.unwrap_or_else(|| match kind {
        DocumentKind::IdentityCard => {
            let earliest = date(2014, 1, 2).max(plus_years(birth, 18));
            day_between(rng, earliest.min(latest_issue), latest_issue)
        }
        DocumentKind::Passport => day_between(rng, minus_years(today, 9), latest_issue),
        DocumentKind::ResidencePermit => day_between(rng, minus_years(today, 3), latest_issue),
    });
    let expires_on = spec.expires_on.unwrap_or_else(|| printed_expiry(kind, issued_on, birth));
    let number = match kind {
        DocumentKind::IdentityCard => identity_card_number(rng, issued_on),
        DocumentKind::Passport => {
            let letters = rng.string_from(b"ABCDEFGHJKLMNPRSTUVWXYZ", 2);
            format!("{}{letters}{}", rng.digits(2), rng.digits(5))
        }
        DocumentKind::ResidencePermit => rng.digits(10),
    };
    DocumentData { kind, number, issued_on, expires_on }
}

/// The date printed on the document: its last day of validity (ARCHITECTURE.md). CNIs
/// issued to adults from 2014 print 15 years, as the FAQ says; other documents and
/// minors' cards print 10 (DOC-02 then extends adult CNIs issued from 2004-01-02).
pub fn printed_expiry(kind: DocumentKind, issued_on: NaiveDate, birth: NaiveDate) -> NaiveDate {
    let adult = plus_years(birth, 18) <= issued_on;
    let years = match kind {
        DocumentKind::IdentityCard if adult && issued_on >= date(2014, 1, 1) => 15,
        _ => 10,
    };
    plus_years(issued_on, years).pred_opt().expect("a date within chrono's range")
}

/// 12 characters: year and month of issue, a 3-character office code, 5 digits.
fn identity_card_number(rng: &mut Prng, issued_on: NaiveDate) -> String {
    let office = format!("{:02}{}", rng.range(1..=95u32), rng.string_from(b"0123456789ABC", 1));
    format!("{:02}{:02}{office}{}", issued_on.year() % 100, issued_on.month(), rng.digits(5))
}

/// A street address in a commune of `territory` (VER-04), of the given kind.
pub fn address(rng: &mut Prng, fixtures: &Fixtures, territory: &str, kind: AddressKind) -> Address {
    let number = rng.range(1..=140u32);
    let street_type = rng.pick(&fixtures.communes.street_types).clone();
    let street_name = rng.pick(&fixtures.communes.street_names).clone();
    let mut street = format!("{number} {street_type} {street_name}");
    street = match kind {
        AddressKind::PrivateHome => street,
        AddressKind::Professional => format!("Cabinet {}, {street}", family_name(rng)),
        AddressKind::Hospital => format!("Centre hospitalier, {street}"),
        AddressKind::OfficeBuilding => format!("Tour {}, {street}", family_name(rng)),
    };
    let communes = fixtures.communes_in(territory);
    // A territory the fixture does not list still gets an address, named after itself.
    let (postcode, city) = match communes.is_empty() {
        true => (String::new(), territory.to_string()),
        false => {
            let commune = rng.pick(&communes);
            (commune.postcode.clone(), commune.name.clone())
        }
    };
    Address { street, postcode, city, territory: territory.to_string(), kind }
}

/// `prénom.nom42@fournisseur`, without accents or spaces.
pub fn email(rng: &mut Prng, identity: &DeclaredIdentity) -> String {
    let given = ascii_fold(&identity.given_names[0]);
    let family = ascii_fold(&identity.birth_name);
    let provider = rng.pick(&MAIL_PROVIDERS);
    format!("{given}.{family}{}@{provider}", rng.range(1..=99u32))
}

/// A mobile number of `calling_code`, shaped by `fixtures/phones.toml`.
pub fn mobile(rng: &mut Prng, fixtures: &Fixtures, calling_code: &str) -> PhoneNumber {
    let plan = fixtures.phones.numbering.iter().find(|n| n.calling_code == calling_code);
    let (prefix, length) = match plan {
        Some(plan) => (rng.pick(&plan.prefixes).clone(), plan.length),
        None => ("6".to_string(), 9),
    };
    let rest = rng.digits(length.saturating_sub(prefix.len()));
    PhoneNumber::new(calling_code, format!("{prefix}{rest}"))
}

/// Ten characters with upper and lower case letters, digits and a sign: meets "8
/// characters with a letter and a digit".
pub fn password(rng: &mut Prng) -> String {
    let upper = rng.string_from(b"ABCDEFGHJKLMNPQRSTUVWXYZ", 1);
    let lower = rng.string_from(b"abcdefghijkmnopqrstuvwxyz", 5);
    let sign = rng.string_from(b"!#%*", 1);
    format!("{upper}{lower}{}{sign}", rng.digits(3))
}

/// A secret code ACT-03 accepts (descending runs refused too, the strictest policy).
pub fn pin(rng: &mut Prng) -> String {
    loop {
        let pin = rng.digits(4);
        if idn_model::pin::check_pin(&pin, true).is_ok() {
            return pin;
        }
    }
}

/// Lowercase ASCII for an e-mail's local part: accents dropped, spaces and apostrophes
/// removed, hyphens kept.
pub fn ascii_fold(text: &str) -> String {
    let mut out = String::new();
    for c in text.to_lowercase().chars() {
        let folded = match c {
            'à' | 'â' | 'ä' | 'á' => "a",
            'é' | 'è' | 'ê' | 'ë' => "e",
            'î' | 'ï' | 'í' => "i",
            'ô' | 'ö' | 'ó' => "o",
            'ù' | 'û' | 'ü' | 'ú' => "u",
            'ç' => "c",
            'ÿ' => "y",
            'æ' => "ae",
            'œ' => "oe",
            c if c.is_ascii_alphanumeric() || c == '-' => {
                out.push(c);
                continue;
            }
            _ => "",
        };
        out.push_str(folded);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    // Checks the printed dates of DOC-02's cases and the e-mail folding.
    #[test]
    fn printed_dates_and_folding() {
        let birth = date(1980, 5, 4);
        let cni = DocumentKind::IdentityCard;
        assert_eq!(printed_expiry(cni, date(2016, 3, 1), birth), date(2031, 2, 28));
        assert_eq!(printed_expiry(cni, date(2010, 3, 1), birth), date(2020, 2, 29));
        assert_eq!(printed_expiry(cni, date(2016, 3, 1), date(2000, 1, 1)), date(2026, 2, 28));
        let passport = DocumentKind::Passport;
        assert_eq!(printed_expiry(passport, date(2020, 2, 29), birth), date(2030, 2, 28));
        assert_eq!(ascii_fold("Hélène-Çécile D'Aubigné"), "helene-ceciledaubigne");
    }
}
