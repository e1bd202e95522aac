//! The delays the source documents fix (the ones they leave open are in `policy`).

use crate::calendar::add_years;
use chrono::{NaiveDate, TimeDelta};

/// AR24-04, VER-08: the LRE expires 15 days after AR24 reports it delivered; then it can
/// no longer be read and the user may choose another verification mode.
pub const LRE_LIFETIME: TimeDelta = TimeDelta::days(15);

/// ACC-06: the Compte La Poste's password-reset link is valid 2 hours.
pub const RESET_LINK_LIFETIME: TimeDelta = TimeDelta::hours(2);

/// AR24-07: the shortest review of an AR24 identification before the result e-mail.
pub const AR24_REVIEW_MIN: TimeDelta = TimeDelta::hours(24);

/// AR24-07: the longest review of an AR24 identification before the result e-mail.
pub const AR24_REVIEW_MAX: TimeDelta = TimeDelta::hours(48);

/// AR24-08: AR24 deletes the identification data 72 hours after the verification
/// (except in fraud cases).
pub const AR24_PURGE_AFTER: TimeDelta = TimeDelta::hours(72);

/// VER-06: after a postman or post-office verification, the activation e-mail arrives
/// within 1 hour.
pub const ACTIVATION_EMAIL_WITHIN: TimeDelta = TimeDelta::hours(1);

/// ACT-06: an Identité Numérique is valid 5 years from the day its verification succeeded.
pub const IDENTITY_VALIDITY_YEARS: u32 = 5;

/// ACT-06: the first day an identity verified on `verified_on` is expired (29 February
/// verifications expire on 1 March, see `calendar`).
pub fn identity_valid_until(verified_on: NaiveDate) -> NaiveDate {
    add_years(verified_on, IDENTITY_VALIDITY_YEARS)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
    }

    // Checks the constants against the documents' numbers.
    #[test]
    fn constants() {
        assert_eq!(LRE_LIFETIME.num_hours(), 15 * 24);
        assert_eq!(RESET_LINK_LIFETIME.num_minutes(), 120);
        assert_eq!(AR24_REVIEW_MIN.num_days(), 1);
        assert_eq!(AR24_REVIEW_MAX.num_days(), 2);
        assert_eq!(AR24_PURGE_AFTER.num_days(), 3);
        assert_eq!(ACTIVATION_EMAIL_WITHIN.num_seconds(), 3600);
    }

    // Checks the 5 years of ACT-06, including verifications on 29 February.
    #[test]
    fn identity_validity() {
        let cases = [
            (d(2023, 6, 15), d(2028, 6, 15)),
            (d(2023, 12, 31), d(2028, 12, 31)),
            (d(2020, 2, 29), d(2025, 3, 1)),
            (d(2024, 2, 29), d(2029, 3, 1)),
            (d(2019, 2, 28), d(2024, 2, 28)),
            (d(2019, 3, 1), d(2024, 3, 1)),
        ];
        for (verified_on, until) in cases {
            assert_eq!(identity_valid_until(verified_on), until, "verified on {verified_on}");
        }
    }
}
