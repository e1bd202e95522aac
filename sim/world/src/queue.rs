//! The event queue: what is due, ordered by virtual time and, at one instant, by the order
//! it was scheduled in (a sequence number), so that ties never depend on anything else.

use idn_contract::Timestamp;
use std::collections::BTreeMap;

/// Events ordered by `(time, sequence)`.
#[derive(Debug)]
pub struct Queue<E> {
    events: BTreeMap<(Timestamp, u64), E>,
    next_sequence: u64,
}

impl<E> Default for Queue<E> {
    fn default() -> Self {
        Self { events: BTreeMap::new(), next_sequence: 0 }
    }
}

impl<E> Queue<E> {
    /// Schedules `event` at `at`; returns its sequence number.
    pub fn push(&mut self, at: Timestamp, event: E) -> u64 {
        let sequence = self.next_sequence;
        self.next_sequence += 1;
        self.events.insert((at, sequence), event);
        sequence
    }

    /// When the next event is due.
    pub fn next_at(&self) -> Option<Timestamp> {
        self.events.keys().next().map(|(at, _)| *at)
    }

    /// Takes the first event due at or before `now`.
    pub fn pop_due(&mut self, now: Timestamp) -> Option<(Timestamp, E)> {
        let first = self.events.first_entry()?;
        if first.key().0 > now {
            return None;
        }
        let ((at, _), event) = first.remove_entry();
        Some((at, event))
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, TimeDelta};

    // Checks the order (time, then scheduling order) and that nothing comes out early.
    #[test]
    fn orders_by_time_then_sequence() {
        let t0 = DateTime::from_timestamp(1_772_438_400, 0).expect("a valid instant");
        let mut queue = Queue::default();
        queue.push(t0 + TimeDelta::seconds(5), "late");
        queue.push(t0, "first at t0");
        queue.push(t0 + TimeDelta::seconds(1), "t1");
        queue.push(t0, "second at t0");
        assert_eq!(queue.next_at(), Some(t0));
        let mut out = Vec::new();
        while let Some((_, e)) = queue.pop_due(t0 + TimeDelta::seconds(1)) {
            out.push(e);
        }
        assert_eq!(out, ["first at t0", "second at t0", "t1"]);
        assert_eq!(queue.len(), 1);
        assert_eq!(queue.pop_due(t0 + TimeDelta::seconds(5)).map(|(_, e)| e), Some("late"));
        assert!(queue.is_empty());
    }
}
