//! ACT-03: the 4-digit secret code. It may not be four identical digits (2222, 4444…) nor
//! a run of consecutive digits.
//!
//! **Note:** the FAQ gives one example of a run, 1234, so every ascending run (0123 …
//! 6789) is refused; whether descending runs (3210 … 9876) are refused too is the policy
//! `pin_refuse_descending` (default true). Runs do not wrap around (8901 is accepted).

use crate::refusal::{PIN_FORMAT, PIN_TOO_SIMPLE};

/// The number of digits of a secret code.
pub const PIN_LENGTH: usize = 4;

/// ACT-03: `pin_format` unless `pin` is exactly 4 ASCII digits, then `pin_too_simple` for
/// four identical digits, an ascending run, or (when `refuse_descending`) a descending run.
pub fn check_pin(pin: &str, refuse_descending: bool) -> Result<(), &'static str> {
    let digits = pin.as_bytes();
    if digits.len() != PIN_LENGTH || !digits.iter().all(u8::is_ascii_digit) {
        return Err(PIN_FORMAT);
    }
    let steps: Vec<i16> = digits.windows(2).map(|w| i16::from(w[1]) - i16::from(w[0])).collect();
    let every_step = |step: i16| steps.iter().all(|s| *s == step);
    if every_step(0) || every_step(1) || (refuse_descending && every_step(-1)) {
        return Err(PIN_TOO_SIMPLE);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    /// The refused PINs built from the rule's words, not from `check_pin`'s arithmetic.
    fn refused_by_construction(refuse_descending: bool) -> BTreeSet<String> {
        let mut refused = BTreeSet::new();
        for d in 0..10u32 {
            refused.insert(d.to_string().repeat(4));
        }
        for start in 0..=6u32 {
            refused.insert((start..start + 4).map(|d| d.to_string()).collect());
            if refuse_descending {
                refused.insert((start..start + 4).rev().map(|d| d.to_string()).collect());
            }
        }
        refused
    }

    // Checks, over all 10,000 four-digit PINs, that the refused set is exactly the rule's:
    // 24 PINs with descending runs refused, 17 without.
    #[test]
    fn refused_set_is_exactly_the_rule() {
        for (refuse_descending, count) in [(true, 24), (false, 17)] {
            let expected = refused_by_construction(refuse_descending);
            assert_eq!(expected.len(), count);
            let refused: BTreeSet<String> = (0..10_000)
                .map(|n| format!("{n:04}"))
                .filter(|pin| check_pin(pin, refuse_descending).is_err())
                .collect();
            assert_eq!(refused, expected, "refuse_descending = {refuse_descending}");
            for pin in &refused {
                assert_eq!(check_pin(pin, refuse_descending), Err(PIN_TOO_SIMPLE));
            }
        }
    }

    // Checks that anything but exactly 4 ASCII digits is a format error, before simplicity.
    #[test]
    fn format_errors() {
        for pin in
            ["", "123", "12345", "1111 ", " 1111", "12a4", "١٢٣٤", "１２３４", "+123", "-123"]
        {
            assert_eq!(check_pin(pin, true), Err(PIN_FORMAT), "{pin:?}");
        }
    }

    // Checks a few PINs against the examples of ACT-03 and near misses.
    #[test]
    fn examples() {
        let cases = [
            ("1234", true, Err(PIN_TOO_SIMPLE)),
            ("2222", true, Err(PIN_TOO_SIMPLE)),
            ("4321", true, Err(PIN_TOO_SIMPLE)),
            ("4321", false, Ok(())),
            ("8901", true, Ok(())),
            ("1235", true, Ok(())),
            ("1357", true, Ok(())),
            ("0000", false, Err(PIN_TOO_SIMPLE)),
            ("9876", true, Err(PIN_TOO_SIMPLE)),
            ("6789", false, Err(PIN_TOO_SIMPLE)),
        ];
        for (pin, refuse_descending, expected) in cases {
            assert_eq!(check_pin(pin, refuse_descending), expected, "{pin} {refuse_descending}");
        }
    }
}
