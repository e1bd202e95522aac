//! ELIG-01: the applicant is an adult, "18 ans révolus" on the day of the request.
//!
//! Ages are completed years. A person comes of age on their 18th birthday itself; one born
//! on 29 February comes of age on 1 March of a common year (see `calendar`).

use crate::calendar::add_years;
use chrono::{Datelike, NaiveDate};

/// The age of majority in France, in completed years.
pub const ADULT_AGE_YEARS: u32 = 18;

/// Completed years between `birth` and `day`; 0 when `day` is before `birth`.
pub fn age_on(birth: NaiveDate, day: NaiveDate) -> u32 {
    if day < birth {
        return 0;
    }
    let years = u32::try_from(day.year() - birth.year()).expect("day is not before birth");
    // The birthday of this year may not have come yet; `add_years` decides where a
    // 29 February birthday falls, so that `age_on` and `is_adult_on` always agree.
    if add_years(birth, years) > day { years - 1 } else { years }
}

/// ELIG-01: 18 years completed on `day`.
pub fn is_adult_on(birth: NaiveDate, day: NaiveDate) -> bool {
    age_on(birth, day) >= ADULT_AGE_YEARS
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("a valid test date")
    }

    fn check(birth: NaiveDate, day: NaiveDate, age: u32, adult: bool) {
        assert_eq!(age_on(birth, day), age, "age on {day} of a person born {birth}");
        assert_eq!(is_adult_on(birth, day), adult, "adult on {day}, born {birth}");
    }

    // Checks the 18th birthday (adult), the day before (not), and ordinary ages.
    #[test]
    fn eighteenth_birthday_is_the_boundary() {
        check(d(2005, 6, 15), d(2023, 6, 14), 17, false);
        check(d(2005, 6, 15), d(2023, 6, 15), 18, true);
        check(d(2005, 6, 15), d(2023, 6, 16), 18, true);
        check(d(2005, 12, 31), d(2023, 12, 31), 18, true);
        check(d(2006, 1, 1), d(2023, 12, 31), 17, false);
        check(d(1950, 3, 10), d(2023, 3, 9), 72, true);
    }

    // Checks that a person born on 29 February comes of age on 1 March (an 18th birthday
    // always falls in a common year), and turns 20 on 29 February of a leap year.
    #[test]
    fn leap_day_births() {
        check(d(2008, 2, 29), d(2026, 2, 28), 17, false);
        check(d(2008, 2, 29), d(2026, 3, 1), 18, true);
        check(d(2006, 2, 28), d(2024, 2, 28), 18, true);
        check(d(2006, 2, 28), d(2024, 2, 27), 17, false);
        check(d(2004, 2, 29), d(2022, 2, 28), 17, false);
        check(d(2004, 2, 29), d(2022, 3, 1), 18, true);
        check(d(1996, 2, 29), d(2014, 2, 28), 17, false);
        check(d(1996, 2, 29), d(2016, 2, 29), 20, true);
    }

    // Checks that a day before the birth gives age 0 rather than a panic.
    #[test]
    fn day_before_birth() {
        check(d(2000, 1, 2), d(2000, 1, 1), 0, false);
        check(d(2000, 1, 1), d(2000, 1, 1), 0, false);
    }
}
