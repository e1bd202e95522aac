//! The reference's own rules as pure functions: eligibility (ELIG, DOC), passwords and
//! phone numbers (ACC), addresses (VER-04), the smartphone (ELIG-03), the secret code
//! (ACT-03), the identity's lifetime (ACT-06), and its reference data (calling codes,
//! territories, post offices). Written from the documents, not shared with `idn-model`.

use chrono::{Datelike, NaiveDate};
use idn_contract::verification::{Address, AddressKind};
use idn_contract::{DeclaredIdentity, DocumentKind, Os, PhoneNumber, Refusal, RefusalCode};

/// ELIG-04: the 43 eligible countries and territories of the FAQ ("Liste des pays et
/// indicatifs téléphoniques éligibles"), with their calling codes. Several share a code.
pub(crate) const ELIGIBLE_CALLING_CODES: [(&str, &str); 43] = [
    ("Algérie", "+213"),
    ("Allemagne", "+49"),
    ("Andorre", "+376"),
    ("Australie", "+61"),
    ("Belgique", "+32"),
    ("Brésil", "+55"),
    ("Canada", "+1"),
    ("Chili", "+56"),
    ("Chine", "+86"),
    ("Côte d'Ivoire", "+225"),
    ("Emirats Arabes Unis", "+971"),
    ("Espagne", "+34"),
    ("Etat de Palestine", "+970"),
    ("Etats-Unis", "+1"),
    ("France", "+33"),
    ("Guadeloupe", "+590"),
    ("Guyane", "+594"),
    ("Israël", "+972"),
    ("Italie", "+39"),
    ("La Réunion", "+262"),
    ("Liban", "+961"),
    ("Luxembourg", "+352"),
    ("Madagascar", "+261"),
    ("Maroc", "+212"),
    ("Martinique", "+596"),
    ("Mayotte", "+262"),
    ("Mexique", "+52"),
    ("Monaco", "+377"),
    ("Nouvelle-Calédonie", "+687"),
    ("Pays-Bas", "+31"),
    ("Polynésie française", "+689"),
    ("Portugal", "+351"),
    ("Royaume-Uni", "+44"),
    ("Saint-Barthélemy", "+590"),
    ("Saint-Martin", "+590"),
    ("Saint-Pierre et Miquelon", "+508"),
    ("Sénégal", "+221"),
    ("Singapour", "+65"),
    ("Suisse", "+41"),
    ("Terres australes et antarctiques françaises", "+262"),
    ("Tunisie", "+216"),
    ("Thaïlande", "+66"),
    ("Wallis et Futuna", "+681"),
];

/// VER-04: the territories where a postman may come, as the contract's `Address` names them.
pub(crate) const POSTMAN_TERRITORIES: [&str; 10] = [
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

/// A post office of the directory, and whether it verifies identities (VER-05).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct PostOffice {
    pub id: &'static str,
    pub name: &'static str,
    pub participating: bool,
}

/// The post-office directory; the world uses the same ids.
pub(crate) const POST_OFFICES: [PostOffice; 6] = [
    PostOffice { id: "po-75001-louvre", name: "Paris Louvre", participating: true },
    PostOffice { id: "po-69002-bellecour", name: "Lyon Bellecour", participating: true },
    PostOffice { id: "po-13001-colbert", name: "Marseille Colbert", participating: true },
    PostOffice { id: "po-97110-pointe-a-pitre", name: "Pointe-à-Pitre", participating: true },
    PostOffice { id: "po-75015-vaugirard", name: "Paris Vaugirard", participating: false },
    PostOffice { id: "po-33000-merignac", name: "Mérignac", participating: false },
];

pub(crate) fn post_office(id: &str) -> Option<PostOffice> {
    POST_OFFICES.iter().copied().find(|office| office.id == id)
}

/// An office where identities can be verified, or the refusal that says why not.
pub(crate) fn participating_office(id: &str) -> Result<PostOffice, Refusal> {
    match post_office(id) {
        None => Err(Refusal::new(RefusalCode::NotFound, "Ce bureau de poste est inconnu.")),
        Some(office) if !office.participating => Err(Refusal::new(
            RefusalCode::OfficeNotParticipating,
            format!("Le bureau de poste {} ne vérifie pas les identités.", office.name),
        )),
        Some(office) => Ok(office),
    }
}

/// ACC-01: a plausible e-mail address (one `@`, a dotted domain, no spaces).
pub(crate) fn email_valid(email: &str) -> bool {
    let Some((local, domain)) = email.split_once('@') else {
        return false;
    };
    !local.is_empty()
        && !domain.contains('@')
        && !email.chars().any(char::is_whitespace)
        && domain.split('.').count() >= 2
        && domain.split('.').all(|label| !label.is_empty())
}

/// ACC-03: at least 8 characters, with a letter and a digit. The documents set no rule;
/// this is the reference's baseline, the same for a reset (ACC-06, ACC-07) and a change.
pub(crate) fn password_strong(password: &str) -> bool {
    password.chars().count() >= 8
        && password.chars().any(char::is_alphabetic)
        && password.chars().any(|c| c.is_ascii_digit())
}

pub(crate) fn check_password(password: &str) -> Result<(), Refusal> {
    if password_strong(password) {
        Ok(())
    } else {
        Err(Refusal::new(
            RefusalCode::PasswordTooWeak,
            "Le mot de passe doit contenir au moins 8 caractères, dont une lettre et un chiffre.",
        ))
    }
}

/// ELIG-04 and the contract's format: `+` and 1 to 4 digits, then 4 to 14 digits without
/// the leading zero; the calling code must be on the eligible list.
pub(crate) fn check_phone(phone: &PhoneNumber) -> Result<(), Refusal> {
    let code = phone.calling_code.strip_prefix('+').unwrap_or("");
    let code_ok = (1..=4).contains(&code.len()) && code.chars().all(|c| c.is_ascii_digit());
    let national = &phone.national;
    let national_ok = (4..=14).contains(&national.len())
        && national.chars().all(|c| c.is_ascii_digit())
        && !national.starts_with('0');
    if !code_ok || !national_ok {
        return Err(Refusal::new(
            RefusalCode::PhoneInvalid,
            "Le numéro de mobile n'est pas valide : indiquez l'indicatif (+33) puis le numéro sans le 0 initial.",
        ));
    }
    if !ELIGIBLE_CALLING_CODES.iter().any(|(_, c)| *c == phone.calling_code) {
        return Err(Refusal::new(
            RefusalCode::CallingCodeNotEligible,
            format!(
                "L'indicatif {} ne fait pas partie des pays et territoires éligibles à L'Identité Numérique.",
                phone.calling_code
            ),
        ));
    }
    Ok(())
}

/// Years completed on `day` ("18 ans révolus", ELIG-01). Someone born on 29 February
/// completes a year on 1 March of a common year: the year is not complete on the 28th.
pub(crate) fn age_on(birth: NaiveDate, day: NaiveDate) -> i32 {
    let before_birthday = (day.month(), day.day()) < (birth.month(), birth.day());
    day.year() - birth.year() - i32::from(before_birthday)
}

fn add_years(day: NaiveDate, years: u32) -> NaiveDate {
    // Rule choice (ARCHITECTURE): whole years from 29 February land on 1 March in a common
    // year. Dates near the end of chrono's range do not occur in documents.
    let year = day.year() + i32::try_from(years).expect("a few years");
    day.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("a document date plus a few years")
}

/// The day after a printed expiry date, which is the last day of validity (ARCHITECTURE).
fn day_after(printed: NaiveDate) -> NaiveDate {
    printed.succ_opt().expect("a printed date is not the last day of time")
}

/// The first day a document is no longer in force (DOC-01, DOC-02, DOC-03).
///
/// Rule choice (ARCHITECTURE): a CNI issued on or after 2004-01-02 to a holder aged 18 or
/// more on its issue date is valid 15 years from issue, whatever its printed date;
/// otherwise the printed expiry date counts. The end date itself is the first day out.
pub(crate) fn document_end(identity: &DeclaredIdentity) -> NaiveDate {
    let doc = &identity.document;
    let extension_start = NaiveDate::from_ymd_opt(2004, 1, 2).expect("a valid date");
    let extended = doc.kind == DocumentKind::IdentityCard
        && doc.issued_on >= extension_start
        && age_on(identity.birth_date, doc.issued_on) >= 18;
    if extended { add_years(doc.issued_on, 15) } else { day_after(doc.expires_on) }
}

/// DOC-04: what the user typed is complete and coherent.
pub(crate) fn check_declared_data(
    identity: &DeclaredIdentity,
    today: NaiveDate,
) -> Result<(), Refusal> {
    let doc = &identity.document;
    let names_ok = !identity.given_names.is_empty()
        && identity.given_names.iter().all(|n| !n.trim().is_empty())
        && !identity.birth_name.trim().is_empty();
    let birth_ok = identity.birth_date <= today
        && !identity.birth_municipality.trim().is_empty()
        && !identity.birth_country.trim().is_empty()
        && !identity.nationality.trim().is_empty();
    let number_ok =
        doc.number.chars().count() >= 4 && doc.number.chars().all(|c| c.is_ascii_alphanumeric());
    let dates_ok = doc.issued_on <= today
        && doc.issued_on < doc.expires_on
        && doc.issued_on >= identity.birth_date;
    if names_ok && birth_ok && number_ok && dates_ok {
        Ok(())
    } else {
        Err(Refusal::new(
            RefusalCode::DocumentDataInvalid,
            "Les informations de la pièce d'identité sont incomplètes ou incohérentes : vérifiez chaque champ.",
        ))
    }
}

/// ELIG-01, ELIG-02, DOC-01..03 on `today`, in this order of precedence: underage, a titre
/// de séjour shorter than 5 years, a document out of force.
pub(crate) fn check_eligibility(
    identity: &DeclaredIdentity,
    today: NaiveDate,
) -> Result<(), Refusal> {
    check_declared_data(identity, today)?;
    if age_on(identity.birth_date, today) < 18 {
        return Err(Refusal::new(
            RefusalCode::Underage,
            "Vous devez être majeur(e), 18 ans révolus, pour créer votre Identité Numérique.",
        ));
    }
    let doc = &identity.document;
    // Rule choice (ARCHITECTURE): eligible when issued_on + 5 years <= expires_on.
    // ELIG-02: the validity period runs from the issue date through the printed date.
    if doc.kind == DocumentKind::ResidencePermit
        && add_years(doc.issued_on, 5) > day_after(doc.expires_on)
    {
        return Err(Refusal::new(
            RefusalCode::ResidencePermitTooShort,
            "Votre titre de séjour doit avoir une durée de validité d'au moins 5 ans.",
        ));
    }
    if today >= document_end(identity) {
        return Err(Refusal::new(
            RefusalCode::DocumentExpired,
            "Votre pièce d'identité n'est plus en cours de validité.",
        ));
    }
    Ok(())
}

/// VER-04: a private home in one of the ten territories.
pub(crate) fn address_eligible(address: &Address) -> bool {
    address.kind == AddressKind::PrivateHome
        && POSTMAN_TERRITORIES.iter().any(|t| t.eq_ignore_ascii_case(address.territory.trim()))
}

/// ELIG-03: Android 6 or later, iOS 13 or later.
pub(crate) fn os_supported(os: Os, major: u32) -> bool {
    match os {
        Os::Android => major >= 6,
        Os::Ios => major >= 13,
    }
}

/// ACT-03: four digits, not four identical ones, not an ascending run (0123 … 6789), and
/// not a descending one when the policy says so.
pub(crate) fn check_pin(pin: &str, refuse_descending: bool) -> Result<(), Refusal> {
    let digits: Vec<i32> = pin.chars().filter_map(|c| c.to_digit(10)).map(|d| d as i32).collect();
    if pin.chars().count() != 4 || digits.len() != 4 {
        return Err(Refusal::new(
            RefusalCode::PinFormat,
            "Le code secret doit comporter 4 chiffres.",
        ));
    }
    let steps: Vec<i32> = digits.windows(2).map(|w| w[1] - w[0]).collect();
    let run = |step: i32| steps.iter().all(|&s| s == step);
    if run(0) || run(1) || (refuse_descending && run(-1)) {
        return Err(Refusal::new(
            RefusalCode::PinTooSimple,
            "Ce code secret est trop simple : évitez les chiffres identiques ou qui se suivent.",
        ));
    }
    Ok(())
}

/// ACT-06, rule choice (ARCHITECTURE): valid 5 years from the day its verification
/// succeeded; this is the first day it is no longer valid.
pub(crate) fn identity_end(verified_on: NaiveDate) -> NaiveDate {
    add_years(verified_on, 5)
}

#[cfg(test)]
mod tests {
    use super::*;
    use idn_contract::{Civility, DocumentData};

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn person(
        kind: DocumentKind,
        birth: NaiveDate,
        issued: NaiveDate,
        expires: NaiveDate,
    ) -> DeclaredIdentity {
        DeclaredIdentity {
            civility: Civility::Madame,
            given_names: vec!["Marie".into()],
            birth_name: "Durand".into(),
            usage_name: None,
            birth_date: birth,
            birth_municipality: "Lyon".into(),
            birth_country: "France".into(),
            nationality: "Française".into(),
            document: DocumentData {
                kind,
                number: "X4RTBPFW4".into(),
                issued_on: issued,
                expires_on: expires,
            },
        }
    }

    fn code(result: Result<(), Refusal>) -> Option<RefusalCode> {
        result.err().map(|r| r.code)
    }

    // Checks the list has 43 entries and that shared codes (+1, +262, +590) are all there.
    #[test]
    fn calling_codes_are_the_faq_list() {
        assert_eq!(ELIGIBLE_CALLING_CODES.len(), 43);
        let count = |code: &str| ELIGIBLE_CALLING_CODES.iter().filter(|(_, c)| *c == code).count();
        assert_eq!((count("+1"), count("+262"), count("+590")), (2, 3, 3));
        assert_eq!(code(check_phone(&PhoneNumber::new("+66", "812345678"))), None);
        assert_eq!(
            code(check_phone(&PhoneNumber::new("+7", "9123456789"))),
            Some(RefusalCode::CallingCodeNotEligible)
        );
        assert_eq!(
            code(check_phone(&PhoneNumber::new("+33", "0612345678"))),
            Some(RefusalCode::PhoneInvalid)
        );
        assert_eq!(
            code(check_phone(&PhoneNumber::new("33", "612345678"))),
            Some(RefusalCode::PhoneInvalid)
        );
    }

    // Checks ELIG-01 on the 18th birthday and the day before, and a 29 February birth.
    #[test]
    fn age_counts_completed_years() {
        assert_eq!(age_on(date(2006, 5, 4), date(2024, 5, 4)), 18);
        assert_eq!(age_on(date(2006, 5, 4), date(2024, 5, 3)), 17);
        assert_eq!(age_on(date(2004, 2, 29), date(2022, 2, 28)), 17);
        assert_eq!(age_on(date(2004, 2, 29), date(2022, 3, 1)), 18);
    }

    // Checks the DOC-02 boundaries: issued 2004-01-01 vs 2004-01-02, holder 17 vs 18 at
    // issue, a 29 February issue, and printed dates read as the last day in force.
    #[test]
    fn cni_fifteen_year_rule_boundaries() {
        let today = date(2024, 6, 1);
        let cni =
            |birth, issued, expires| person(DocumentKind::IdentityCard, birth, issued, expires);
        let adult = date(1970, 1, 1);
        assert_eq!(
            code(check_eligibility(&cni(adult, date(2010, 6, 1), date(2020, 5, 31)), today)),
            None
        );
        assert_eq!(
            code(check_eligibility(&cni(adult, date(2004, 1, 2), date(2014, 1, 1)), today)),
            Some(RefusalCode::DocumentExpired)
        );
        assert_eq!(document_end(&cni(adult, date(2004, 1, 2), date(2014, 1, 1))), date(2019, 1, 2));
        assert_eq!(
            document_end(&cni(adult, date(2004, 1, 1), date(2013, 12, 31))),
            date(2014, 1, 1)
        );
        assert_eq!(
            document_end(&cni(adult, date(2008, 2, 29), date(2018, 2, 28))),
            date(2023, 3, 1)
        );
        // Holder born 1992-06-02: 17 on 2010-06-01 (not extended), 18 on 2010-06-02 (extended).
        assert_eq!(
            document_end(&cni(date(1992, 6, 2), date(2010, 6, 1), date(2020, 5, 31))),
            date(2020, 6, 1)
        );
        assert_eq!(
            document_end(&cni(date(1992, 6, 2), date(2010, 6, 2), date(2020, 6, 1))),
            date(2025, 6, 2)
        );
        // The printed date itself is the last day in force.
        let passport = person(DocumentKind::Passport, adult, date(2014, 6, 2), date(2024, 6, 1));
        assert_eq!(code(check_eligibility(&passport, today)), None);
        let next_day = date(2024, 6, 2);
        assert_eq!(
            code(check_eligibility(&passport, next_day)),
            Some(RefusalCode::DocumentExpired)
        );
    }

    // Checks the precedence underage > residence_permit_too_short > document_expired.
    #[test]
    fn eligibility_precedence() {
        let today = date(2024, 6, 1);
        let short_old_permit = |birth| {
            person(DocumentKind::ResidencePermit, birth, date(2019, 1, 1), date(2022, 12, 31))
        };
        assert_eq!(
            code(check_eligibility(&short_old_permit(date(2010, 1, 1)), today)),
            Some(RefusalCode::Underage)
        );
        assert_eq!(
            code(check_eligibility(&short_old_permit(date(1990, 1, 1)), today)),
            Some(RefusalCode::ResidencePermitTooShort)
        );
        // Exactly 5 years: issued 2020-01-01, last day 2024-12-31; a day less is too short.
        let five_years = person(
            DocumentKind::ResidencePermit,
            date(1990, 1, 1),
            date(2020, 1, 1),
            date(2024, 12, 31),
        );
        assert_eq!(code(check_eligibility(&five_years, today)), None);
        let mut a_day_short = five_years.clone();
        a_day_short.document.expires_on = date(2024, 12, 30);
        assert_eq!(
            code(check_eligibility(&a_day_short, today)),
            Some(RefusalCode::ResidencePermitTooShort)
        );
        let mut bad = five_years.clone();
        bad.document.issued_on = date(2025, 1, 1);
        assert_eq!(code(check_eligibility(&bad, today)), Some(RefusalCode::DocumentDataInvalid));
    }

    // Checks ACT-03: format, identical digits, ascending runs, descending runs per policy.
    #[test]
    fn pin_rules() {
        assert_eq!(code(check_pin("2580", true)), None);
        assert_eq!(code(check_pin("123", true)), Some(RefusalCode::PinFormat));
        assert_eq!(code(check_pin("12a4", true)), Some(RefusalCode::PinFormat));
        assert_eq!(code(check_pin("5555", true)), Some(RefusalCode::PinTooSimple));
        assert_eq!(code(check_pin("6789", true)), Some(RefusalCode::PinTooSimple));
        assert_eq!(code(check_pin("0123", true)), Some(RefusalCode::PinTooSimple));
        assert_eq!(code(check_pin("9876", true)), Some(RefusalCode::PinTooSimple));
        assert_eq!(code(check_pin("9876", false)), None);
        assert_eq!(code(check_pin("8901", true)), None);
    }

    // Checks VER-04, ELIG-03, the password baseline and the office directory.
    #[test]
    fn addresses_os_passwords_offices() {
        let address = |territory: &str, kind| Address {
            street: "1 rue de la Paix".into(),
            postcode: "75002".into(),
            city: "Paris".into(),
            territory: territory.into(),
            kind,
        };
        assert!(address_eligible(&address("Corse", AddressKind::PrivateHome)));
        assert!(!address_eligible(&address("Corse", AddressKind::Hospital)));
        assert!(!address_eligible(&address("Nouvelle-Calédonie", AddressKind::PrivateHome)));
        assert!(os_supported(Os::Android, 6) && !os_supported(Os::Android, 5));
        assert!(os_supported(Os::Ios, 13) && !os_supported(Os::Ios, 12));
        assert!(
            password_strong("abcdefg1") && !password_strong("abcdefgh") && !password_strong("abc1")
        );
        assert!(participating_office("po-75001-louvre").is_ok());
        assert_eq!(
            participating_office("po-33000-merignac").unwrap_err().code,
            RefusalCode::OfficeNotParticipating
        );
        assert_eq!(
            participating_office("po-00000-nowhere").unwrap_err().code,
            RefusalCode::NotFound
        );
        assert!(
            email_valid("marie@example.fr")
                && !email_valid("marie@example")
                && !email_valid("a b@c.fr")
        );
    }
}
