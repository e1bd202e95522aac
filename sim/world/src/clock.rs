//! The virtual clock: time is a value that jumps to the next thing due, never ticks on
//! its own and never reads the wall clock (DESIGN principle 3).

use chrono::TimeDelta;
use idn_contract::Timestamp;

/// The world's "now". Only the run loop moves it, and only forward.
#[derive(Debug, Clone)]
pub struct Clock {
    start: Timestamp,
    now: Timestamp,
}

impl Clock {
    pub fn new(start: Timestamp) -> Self {
        Self { start, now: start }
    }

    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn start(&self) -> Timestamp {
        self.start
    }

    /// Virtual time since the start of the run.
    pub fn elapsed(&self) -> TimeDelta {
        self.now - self.start
    }

    /// Moves to `to`. Going back would break every ordering the world relies on: a bug.
    pub fn advance_to(&mut self, to: Timestamp) {
        assert!(to >= self.now, "the virtual clock never goes back ({} to {to})", self.now);
        self.now = to;
    }
}

/// Formats an instant as traces print it: `2026-03-02 09:00:00.000`.
pub fn format_instant(at: Timestamp) -> String {
    at.format("%Y-%m-%d %H:%M:%S%.3f").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DateTime;

    // Checks that the clock only moves forward and counts from its start.
    #[test]
    fn moves_forward_only() {
        let start = DateTime::from_timestamp(1_772_438_400, 0).expect("a valid instant");
        let mut clock = Clock::new(start);
        clock.advance_to(start + TimeDelta::hours(2));
        assert_eq!(clock.elapsed(), TimeDelta::hours(2));
        assert_eq!(format_instant(clock.now()), "2026-03-02 10:00:00.000");
        let back = std::panic::catch_unwind(move || clock.advance_to(start));
        assert!(back.is_err());
    }
}
