//! Anniversaries: adding whole years to a date, the arithmetic behind coming of age
//! (ELIG-01), a CNI's 15 years (DOC-02), a titre de séjour's 5 years (ELIG-02) and an
//! identity's 5 years (ACT-06).
//!
//! **Choice (29 February):** the documents do not say what the anniversary of 29 February
//! is in a common year. Here it is 1 March: a person born on 29 February 2008 comes of age
//! on 1 March 2026, and a CNI issued on 29 February 2008 to an adult is in force through 28
//! February 2023 and out on 1 March 2023. Every rule of this crate that counts years uses
//! [`add_years`], so they all agree.

use chrono::{Datelike, NaiveDate};

/// The same day `years` years later; 29 February lands on 1 March in a common year.
///
/// # Panics
/// If the result is outside chrono's range (year ±262,143): no date of a simulation is.
pub fn add_years(date: NaiveDate, years: u32) -> NaiveDate {
    let year = date.year() + i32::try_from(years).expect("a year count fits in i32");
    date.with_year(year)
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .expect("the year is within chrono's range")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
    }

    // Checks ordinary days, leap days into leap and common years, and zero years.
    #[test]
    fn anniversaries() {
        let cases = [
            (d(2000, 6, 15), 18, d(2018, 6, 15)),
            (d(2010, 1, 1), 15, d(2025, 1, 1)),
            (d(2008, 2, 29), 15, d(2023, 3, 1)),
            (d(2008, 2, 29), 16, d(2024, 2, 29)),
            (d(2008, 2, 28), 15, d(2023, 2, 28)),
            (d(2008, 3, 1), 15, d(2023, 3, 1)),
            (d(2020, 12, 31), 0, d(2020, 12, 31)),
        ];
        for (date, years, expected) in cases {
            assert_eq!(add_years(date, years), expected, "{date} + {years} years");
        }
    }
}
