//! ELIG-02 and DOC-01..03: which identity documents are accepted, and until when a
//! document is in force.
//!
//! Rule choices (ARCHITECTURE.md, "Rule choices"):
//! - **DOC-02:** a CNI issued on or after 2004-01-02 to a holder aged 18 or more on the
//!   issue date (the 18th birthday itself counts) is valid 15 years from its issue date,
//!   whatever its printed expiry says; any other document is valid through its printed
//!   expiry date. DOC-03's "expired CNI issued since 2008" is the guide's summary of the
//!   same rule, so it has no code of its own.
//! - **End of validity:** [`valid_until`] is the first day a document is no longer in
//!   force. A printed expiry date is the last day of validity, as on a real card (a card
//!   issued 2014-03-12 for 10 years reads "expire le 2024-03-11"), so the day after it is
//!   out; 15 years from issue end the day before the 15th anniversary of the issue date.
//! - **ELIG-02:** a titre de séjour's validity period runs from its issue date through its
//!   printed expiry date; it is eligible when `issued_on + 5 years <= expires_on + 1 day`.
//!
//! Years are counted with `calendar::add_years` (29 February + 1 year is 1 March).

use crate::age::is_adult_on;
use crate::calendar::add_years;
use crate::refusal::{DOCUMENT_EXPIRED, RESIDENCE_PERMIT_TOO_SHORT, UNDERAGE};
use chrono::NaiveDate;

/// The three document types of ELIG-02 ("Carte d'identité", "Passeport", "Titre de séjour
/// (de 5 ans minimum)").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DocumentKind {
    /// Carte nationale d'identité (CNI).
    IdentityCard,
    Passport,
    /// Titre de séjour.
    ResidencePermit,
}

/// A document as the applicant types it: its type and its printed dates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Document {
    pub kind: DocumentKind,
    pub issued_on: NaiveDate,
    pub expires_on: NaiveDate,
}

/// DOC-02: CNIs issued from this day on to an adult are valid 15 years.
pub const CNI_EXTENSION_FROM: NaiveDate =
    NaiveDate::from_ymd_opt(2004, 1, 2).expect("a valid date");
/// DOC-02: the validity of an extended CNI, in years from its issue date.
pub const CNI_EXTENDED_YEARS: u32 = 15;
/// ELIG-02: the shortest validity period of an eligible titre de séjour, in years.
pub const RESIDENCE_PERMIT_MIN_YEARS: u32 = 5;

/// DOC-02: whether this document's validity is 15 years from issue rather than its
/// printed expiry.
pub fn has_extended_validity(doc: &Document, holder_birth: NaiveDate) -> bool {
    doc.kind == DocumentKind::IdentityCard
        && doc.issued_on >= CNI_EXTENSION_FROM
        && is_adult_on(holder_birth, doc.issued_on)
}

/// The first day `doc` is no longer in force (DOC-01, DOC-02).
pub fn valid_until(doc: &Document, holder_birth: NaiveDate) -> NaiveDate {
    if has_extended_validity(doc, holder_birth) {
        add_years(doc.issued_on, CNI_EXTENDED_YEARS)
    } else {
        doc.expires_on.succ_opt().expect("a printed expiry date is not the last day of time")
    }
}

/// DOC-01..03: `doc` is in force on `day`.
pub fn in_force_on(doc: &Document, holder_birth: NaiveDate, day: NaiveDate) -> bool {
    day < valid_until(doc, holder_birth)
}

/// ELIG-02: a titre de séjour's validity period is at least 5 years; other types pass.
pub fn long_enough(doc: &Document) -> bool {
    doc.kind != DocumentKind::ResidencePermit
        || add_years(doc.issued_on, RESIDENCE_PERMIT_MIN_YEARS)
            <= doc.expires_on.succ_opt().expect("a printed expiry date is not the last day of time")
}

/// Whether the printed dates can belong to a real document held by this person: issued
/// after birth, not after `today`, and expiring after issue. The rules above assume it; a
/// generator of random documents should keep to documents for which it holds, since a
/// SUT may refuse the others with `document_data_invalid`, which the model does not
/// predict.
pub fn dates_coherent(doc: &Document, holder_birth: NaiveDate, today: NaiveDate) -> bool {
    holder_birth <= doc.issued_on && doc.issued_on <= today && doc.issued_on < doc.expires_on
}

/// ELIG-01, ELIG-02, DOC-01..03 on the day of the request, in the order the refusal is
/// decided: the applicant's age, then the titre de séjour's period, then the validity.
pub fn check_applicant(
    holder_birth: NaiveDate,
    doc: &Document,
    today: NaiveDate,
) -> Result<(), &'static str> {
    if !is_adult_on(holder_birth, today) {
        return Err(UNDERAGE);
    }
    if !long_enough(doc) {
        return Err(RESIDENCE_PERMIT_TOO_SHORT);
    }
    if !in_force_on(doc, holder_birth, today) {
        return Err(DOCUMENT_EXPIRED);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use DocumentKind::{IdentityCard, Passport, ResidencePermit};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
    }

    fn doc(kind: DocumentKind, issued_on: NaiveDate, expires_on: NaiveDate) -> Document {
        Document { kind, issued_on, expires_on }
    }

    /// An adult at every issue date below.
    const ADULT: (i32, u32, u32) = (1970, 1, 1);

    fn adult() -> NaiveDate {
        d(ADULT.0, ADULT.1, ADULT.2)
    }

    fn check_until(doc: Document, birth: NaiveDate, expected: NaiveDate) {
        assert_eq!(valid_until(&doc, birth), expected, "{doc:?}, holder born {birth}");
    }

    // Checks DOC-02's issue-date boundaries for an adult: 2004-01-01 is not extended,
    // 2004-01-02 is; 2013-12-31 and 2014-01-01 are both extended.
    #[test]
    fn cni_issue_date_boundaries() {
        let cases = [
            (d(2004, 1, 1), d(2013, 12, 31), d(2014, 1, 1)),
            (d(2004, 1, 2), d(2014, 1, 1), d(2019, 1, 2)),
            (d(2013, 12, 31), d(2023, 12, 30), d(2028, 12, 31)),
            (d(2014, 1, 1), d(2028, 12, 31), d(2029, 1, 1)),
            (d(1999, 5, 5), d(2009, 5, 4), d(2009, 5, 5)),
        ];
        for (issued, printed, until) in cases {
            check_until(doc(IdentityCard, issued, printed), adult(), until);
        }
    }

    // Checks DOC-02's age boundary: 17 on the issue date keeps the printed 10 years, the
    // 18th birthday on the issue date itself gets 15 years.
    #[test]
    fn cni_holder_age_on_issue_date() {
        let birth = d(1992, 6, 15);
        check_until(doc(IdentityCard, d(2010, 6, 14), d(2020, 6, 13)), birth, d(2020, 6, 14));
        check_until(doc(IdentityCard, d(2010, 6, 15), d(2020, 6, 14)), birth, d(2025, 6, 15));
        check_until(doc(IdentityCard, d(2016, 3, 1), d(2026, 2, 28)), d(2000, 1, 1), d(2026, 3, 1));
    }

    // Checks that passports and titres de séjour are never extended, even issued to adults
    // after 2004.
    #[test]
    fn other_documents_keep_their_printed_date() {
        check_until(doc(Passport, d(2010, 3, 15), d(2020, 3, 14)), adult(), d(2020, 3, 15));
        check_until(doc(ResidencePermit, d(2010, 3, 15), d(2020, 3, 14)), adult(), d(2020, 3, 15));
    }

    /// One applicant check: born `birth`, holding `document`, applying on `today`.
    fn check(birth: NaiveDate, document: Document, today: NaiveDate, expected: Result<(), &str>) {
        assert_eq!(
            check_applicant(birth, &document, today),
            expected,
            "{document:?}, holder born {birth}, applying on {today}"
        );
    }

    // Checks the expired-CNI exception (DOC-03): printed date passed but within 15 years
    // is accepted; the last day of the 15 years is accepted; the next day is refused.
    // Printed dates are the last day of validity, as on a real card.
    #[test]
    fn expired_cni_exception() {
        let cni = doc(IdentityCard, d(2008, 5, 10), d(2018, 5, 9));
        check(adult(), cni, d(2018, 5, 9), Ok(()));
        check(adult(), cni, d(2018, 5, 10), Ok(()));
        check(adult(), cni, d(2023, 6, 1), Err(DOCUMENT_EXPIRED));
        check(adult(), cni, d(2023, 5, 9), Ok(()));
        check(adult(), cni, d(2023, 5, 10), Err(DOCUMENT_EXPIRED));
        let minor_cni = doc(IdentityCard, d(2008, 5, 10), d(2018, 5, 9));
        check(d(1995, 1, 1), minor_cni, d(2018, 5, 9), Ok(()));
        check(d(1995, 1, 1), minor_cni, d(2018, 5, 10), Err(DOCUMENT_EXPIRED));
        let old_cni = doc(IdentityCard, d(2004, 1, 1), d(2013, 12, 31));
        check(adult(), old_cni, d(2013, 12, 31), Ok(()));
        check(adult(), old_cni, d(2014, 1, 1), Err(DOCUMENT_EXPIRED));
    }

    // Checks that a CNI issued on 29 February to an adult is in force through 28 February
    // 15 years later and out on 1 March.
    #[test]
    fn cni_issued_on_a_leap_day() {
        let cni = doc(IdentityCard, d(2008, 2, 29), d(2018, 2, 28));
        check(adult(), cni, d(2023, 2, 28), Ok(()));
        check(adult(), cni, d(2023, 3, 1), Err(DOCUMENT_EXPIRED));
    }

    // Checks the passport's and the titre de séjour's printed expiry: the printed date
    // itself is the last day in force, the day after is refused.
    #[test]
    fn printed_expiry_of_passport_and_permit() {
        let passport = doc(Passport, d(2014, 1, 10), d(2024, 1, 9));
        check(adult(), passport, d(2024, 1, 9), Ok(()));
        check(adult(), passport, d(2024, 1, 10), Err(DOCUMENT_EXPIRED));
        let permit = doc(ResidencePermit, d(2014, 1, 10), d(2024, 1, 9));
        check(adult(), permit, d(2024, 1, 9), Ok(()));
        check(adult(), permit, d(2024, 1, 10), Err(DOCUMENT_EXPIRED));
    }

    // Checks ELIG-02: a titre de séjour of exactly 5 years (issued 2020-03-01, last day
    // 2025-02-28) is eligible, one day less is not, and a leap-day issue runs 5 years
    // through 28 February (its anniversary being 1 March).
    #[test]
    fn residence_permit_period() {
        let today = d(2021, 1, 1);
        let cases = [
            (d(2020, 3, 1), d(2025, 2, 28), Ok(())),
            (d(2020, 3, 1), d(2025, 2, 27), Err(RESIDENCE_PERMIT_TOO_SHORT)),
            (d(2020, 3, 1), d(2030, 2, 28), Ok(())),
            (d(2020, 3, 1), d(2021, 2, 28), Err(RESIDENCE_PERMIT_TOO_SHORT)),
            (d(2020, 2, 29), d(2025, 2, 28), Ok(())),
            (d(2020, 2, 29), d(2025, 2, 27), Err(RESIDENCE_PERMIT_TOO_SHORT)),
        ];
        for (issued, expires, expected) in cases {
            check(adult(), doc(ResidencePermit, issued, expires), today, expected);
        }
    }

    // Checks the order of the refusals: age before period before validity.
    #[test]
    fn refusal_order() {
        let short_expired = doc(ResidencePermit, d(2000, 1, 1), d(2001, 1, 1));
        check(d(2010, 1, 1), short_expired, d(2021, 1, 1), Err(UNDERAGE));
        check(adult(), short_expired, d(2021, 1, 1), Err(RESIDENCE_PERMIT_TOO_SHORT));
        let expired = doc(Passport, d(2000, 1, 1), d(2010, 1, 1));
        check(d(2010, 1, 1), expired, d(2021, 1, 1), Err(UNDERAGE));
        // The 18th birthday on the day of the request is eligible (ELIG-01).
        let passport = doc(Passport, d(2020, 1, 1), d(2030, 1, 1));
        check(d(2003, 1, 1), passport, d(2021, 1, 1), Ok(()));
        check(d(2003, 1, 2), passport, d(2021, 1, 1), Err(UNDERAGE));
    }

    // Checks which printed dates are coherent.
    #[test]
    fn coherent_dates() {
        let today = d(2021, 1, 1);
        assert!(dates_coherent(&doc(Passport, d(2020, 1, 1), d(2030, 1, 1)), adult(), today));
        assert!(!dates_coherent(&doc(Passport, d(2022, 1, 1), d(2030, 1, 1)), adult(), today));
        assert!(!dates_coherent(&doc(Passport, d(2020, 1, 1), d(2020, 1, 1)), adult(), today));
        assert!(!dates_coherent(&doc(Passport, d(1960, 1, 1), d(2030, 1, 1)), adult(), today));
    }
}
