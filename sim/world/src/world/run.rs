//! The run loop: virtual time jumps to the next thing due (a world event, or the timer the
//! SUT declared), the SUT's test clock follows before anything due then is handled (each
//! world event by the actor it concerns), and every run ends within its limits. Nothing
//! ticks.

use crate::event::Event;
use crate::trace::{Actor, TraceEvent};
use crate::{World, WorldError};
use chrono::TimeDelta;
use idn_contract::test_clock::TestClockAdvance;
use idn_contract::{Timestamp, call};
use std::sync::Arc;

impl World {
    /// Lets `d` of virtual time pass, handling everything that falls due.
    pub async fn run_for(&mut self, d: TimeDelta) -> Result<(), WorldError> {
        let deadline = self.now() + d;
        self.run_to(deadline, |_: &World| false).await.map(|_| ())
    }

    /// Lets virtual time pass until `done` holds, checked before and after every step;
    /// `WorldError::Timeout` naming `what` if `max` passes first.
    pub async fn run_until(
        &mut self,
        what: &str,
        done: impl Fn(&World) -> bool,
        max: TimeDelta,
    ) -> Result<(), WorldError> {
        let deadline = self.now() + max;
        if self.run_to(deadline, done).await? {
            return Ok(());
        }
        let timeout = TraceEvent::Timeout { what: what.to_string(), waited: max };
        self.record(Actor::World, None, timeout);
        Err(WorldError::Timeout { what: what.to_string(), waited: max })
    }

    /// Runs until `done` (returns `true`) or until `deadline` with nothing left due then
    /// (returns `false`).
    async fn run_to<F: Fn(&World) -> bool>(
        &mut self,
        deadline: Timestamp,
        done: F,
    ) -> Result<bool, WorldError> {
        let deadline = deadline.max(self.now());
        loop {
            if done(self) {
                return Ok(true);
            }
            let now = self.now();
            let next = self.queue.next_at().filter(|at| *at <= deadline).unwrap_or(deadline);
            let target = match self.sut_timer {
                Some(timer) if timer > now => next.min(timer),
                _ => next,
            };
            if target > now {
                self.advance_to(target).await?;
                continue;
            }
            let Some((_, event)) = self.queue.pop_due(now) else {
                return Ok(false);
            };
            self.count_event()?;
            self.handle(event).await;
        }
    }

    /// Moves the virtual clock and the SUT's test clock to `to`, then takes what the SUT
    /// sent as its own timers fell due. Each advance counts as an event, so that a SUT
    /// declaring ever-closer timers meets the event limit instead of stalling the run.
    async fn advance_to(&mut self, to: Timestamp) -> Result<(), WorldError> {
        if to - self.clock.start() > self.config.limits.max_virtual {
            return Err(self.limit_reached("max_virtual"));
        }
        self.count_event()?;
        self.clock.advance_to(to);
        let sut = Arc::clone(&self.sut);
        let result = call(sut.as_ref(), &self.clock_id, TestClockAdvance { to }).await;
        match result {
            Ok(set) => self.sut_timer = set.next_timer_at,
            Err(error) => {
                let failed = TraceEvent::TestClockFailed { error: error.clone() };
                self.record(Actor::Idp, Some(Actor::World), failed);
                return Err(WorldError::TestClock(error));
            }
        }
        self.take_outbound(None);
        Ok(())
    }

    /// Hands a world event that fell due to the actor it concerns.
    async fn handle(&mut self, event: Event) {
        match event {
            Event::SmsArrives(sms) => self.sms_arrives(sms),
            Event::MailArrives { email, spam } => self.mail_arrives(email, spam),
            Event::PushArrives(push) => self.push_arrives(push),
            Event::Ar24(letter, step) => self.ar24_step(letter, step).await,
            Event::PostmanVisit(appointment) => self.postman_visit(appointment).await,
        }
    }

    fn count_event(&mut self) -> Result<(), WorldError> {
        if self.events_processed >= self.config.limits.max_events {
            return Err(self.limit_reached("max_events"));
        }
        self.events_processed += 1;
        Ok(())
    }

    fn limit_reached(&mut self, which: &'static str) -> WorldError {
        self.record(Actor::World, None, TraceEvent::LimitReached { which });
        WorldError::LimitReached { which, at: self.now() }
    }
}

#[cfg(test)]
mod tests {
    use crate::testing::{sut_sends, world, world_and_sut};
    use crate::{PersonSpec, WorldConfig, WorldError};
    use chrono::TimeDelta;
    use idn_contract::OutboundMessage;
    use idn_contract::outbound::Email;

    fn mail(to: &str, n: u32) -> OutboundMessage {
        OutboundMessage::Email(Email {
            to: to.into(),
            from: "noreply@laposte.fr".into(),
            subject: format!("message {n}"),
            body: "Votre code est 123456.".into(),
        })
    }

    // Checks that nothing ticks: an idle hour moves the SUT's clock once, and a SUT that
    // declares a timer every 20 minutes is woken exactly at each one.
    #[tokio::test]
    async fn the_sut_clock_jumps_to_events_and_declared_timers_only() {
        let (mut w, sut) = world_and_sut(WorldConfig::new(1)).await;
        let start = w.now();
        w.run_for(TimeDelta::hours(1)).await.expect("an idle hour");
        assert_eq!(w.now(), start + TimeDelta::hours(1));
        assert_eq!(sut.advances(), vec![start + TimeDelta::hours(1)]);

        let (mut w, sut) = world_and_sut(WorldConfig::new(1)).await;
        *sut.timer_every.lock().expect("not poisoned") = Some(TimeDelta::minutes(20));
        w.run_for(TimeDelta::minutes(1)).await.expect("a minute");
        w.run_for(TimeDelta::hours(1)).await.expect("an hour with timers");
        let minutes: Vec<i64> = sut.advances().iter().map(|t| (*t - start).num_minutes()).collect();
        assert_eq!(minutes, vec![1, 21, 41, 61]);
    }

    // Checks that the world and its futures can move between threads, as test runners
    // that spawn scenarios require.
    #[tokio::test]
    async fn the_world_and_its_futures_are_send() {
        fn assert_send<T: Send>(_: &T) {}
        let mut w = world(WorldConfig::new(9)).await;
        assert_send(&w);
        let p = w.add_person("camille", PersonSpec::default());
        let device = w.person(p).device.clone();
        assert_send(&w.run_until("nothing", |_| false, TimeDelta::minutes(1)));
        assert_send(&w.app_pending(&device));
        assert_send(&w.ar24_open_letter(p));
    }

    // Checks that max_events ends a run with LimitReached instead of going on.
    #[tokio::test]
    async fn max_events_ends_the_run() {
        let mut config = WorldConfig::new(2);
        config.limits.max_events = 2;
        let mut w = world(config).await;
        for n in 0..5 {
            sut_sends(&mut w, mail("a@example.fr", n));
        }
        let ran = w.run_for(TimeDelta::hours(1)).await;
        assert!(
            matches!(ran, Err(WorldError::LimitReached { which: "max_events", .. })),
            "{ran:?}"
        );
        assert_eq!(w.events_processed(), 2);
        assert!(w.mailbox("a@example.fr").len() < 5, "the limit cut the run short");
    }

    // Checks that a SUT declaring a timer every millisecond meets the event limit: the
    // world never stalls on a misbehaving SUT.
    #[tokio::test]
    async fn a_sut_with_endless_timers_meets_the_event_limit() {
        let mut config = WorldConfig::new(5);
        config.limits.max_events = 1_000;
        let (mut w, sut) = world_and_sut(config).await;
        *sut.timer_every.lock().expect("not poisoned") = Some(TimeDelta::milliseconds(1));
        w.run_for(TimeDelta::minutes(1)).await.expect("the first advance declares the timer");
        let ran = w.run_for(TimeDelta::days(1)).await;
        assert!(
            matches!(ran, Err(WorldError::LimitReached { which: "max_events", .. })),
            "{ran:?}"
        );
        assert_eq!(sut.advances().len(), 1_000);
    }

    // Checks that max_virtual ends a long wait with LimitReached.
    #[tokio::test]
    async fn max_virtual_ends_the_run() {
        let mut config = WorldConfig::new(2);
        config.limits.max_virtual = TimeDelta::hours(2);
        let mut w = world(config).await;
        let ran = w.run_for(TimeDelta::days(1)).await;
        assert!(
            matches!(ran, Err(WorldError::LimitReached { which: "max_virtual", .. })),
            "{ran:?}"
        );
    }

    // Checks that run_until stops as soon as its condition holds, and times out naming
    // what it waited for when it never does.
    #[tokio::test]
    async fn run_until_stops_or_times_out() {
        let mut w = world(WorldConfig::new(4)).await;
        let p = w.add_person("camille", PersonSpec::default());
        let email = w.person(p).email.clone();
        sut_sends(&mut w, mail(&email, 1));
        let start = w.now();
        let seen = |w: &crate::World| !w.mailbox(&email).is_empty();
        w.run_until("the first e-mail", seen, TimeDelta::hours(1)).await.expect("it arrives");
        assert!(w.now() - start <= TimeDelta::seconds(30));
        assert_eq!(w.latest_mail_code(&email, "message"), Some("123456".into()));
        let never = w.run_until("a second e-mail", |_| false, TimeDelta::minutes(30)).await;
        match never {
            Err(WorldError::Timeout { what, waited }) => {
                assert_eq!((what.as_str(), waited), ("a second e-mail", TimeDelta::minutes(30)))
            }
            other => panic!("expected a timeout, got {other:?}"),
        }
    }

    // Checks that a spam rate of 1 files every e-mail as spam.
    #[tokio::test]
    async fn spam_rate_one_files_everything_as_spam() {
        let mut config = WorldConfig::new(6);
        config.faults.spam_rate = 1.0;
        let mut w = world(config).await;
        sut_sends(&mut w, mail("b@example.fr", 1));
        w.run_for(TimeDelta::minutes(5)).await.expect("a short run");
        let mailbox = w.mailbox("b@example.fr");
        assert_eq!((mailbox.inbox().len(), mailbox.spam().len()), (0, 1));
    }
}
