//! The postman rounds system and the postman at work (VER-04, VER-07): a booked visit is
//! on its date, in the morning (08:30-12:00) or the afternoon (13:30-17:00) as the round
//! allows (stream `postman`). The postman may not come, the person may be away; a visit
//! that happens reports an `AgentCheck`, one that does not an `AppointmentMissed`.

use crate::actors::postman::{Postman, Round, Visit, VisitOutcome};
use crate::event::Event;
use crate::trace::{Actor, TraceEvent};
use crate::{PersonId, World};
use chrono::{NaiveTime, TimeDelta};
use idn_contract::AppointmentId;
use idn_contract::outbound::{PostmanBooking, PostmanCancellation};
use idn_contract::verification::{AppointmentMissed, CheckPlace, MissedReason};

impl World {
    pub fn postman(&self) -> &Postman {
        &self.postman
    }

    pub fn postman_mut(&mut self) -> &mut Postman {
        &mut self.postman
    }

    /// Plans the visit of a booking. `cause` is the actor whose call made the booking,
    /// which tells whose request it is; failing that, the holder's name does.
    pub(crate) fn postman_accept(&mut self, booking: PostmanBooking, cause: Option<&Actor>) {
        let holder = cause.and_then(|actor| self.person_by_actor(actor)).or_else(|| {
            self.people.iter().find(|p| p.full_name() == booking.holder_name).map(|p| p.id)
        });
        let stream = self.stream("postman");
        let (round, opens) = match stream.chance(0.5) {
            true => (Round::Morning, NaiveTime::from_hms_opt(8, 30, 0)),
            false => (Round::Afternoon, NaiveTime::from_hms_opt(13, 30, 0)),
        };
        let minutes = stream.range(0..=210i64);
        let opens = opens.expect("a valid time of day");
        let planned = booking.date.and_time(opens).and_utc() + TimeDelta::minutes(minutes);
        // A date already past (or today, after the round) gets the next possible moment.
        let at = planned.max(self.now() + TimeDelta::minutes(1));
        let planned =
            TraceEvent::VisitPlanned { appointment: booking.appointment.clone(), at, round };
        let to = holder.map(|h| self.person(h).actor());
        self.record(Actor::Postman, to, planned);
        let visit = Visit {
            appointment: booking.appointment.clone(),
            holder,
            date: booking.date,
            address: booking.address,
            holder_name: booking.holder_name,
            round,
            at,
            outcome: VisitOutcome::Planned,
        };
        self.postman.book(visit);
        self.schedule(at, Event::PostmanVisit(booking.appointment));
    }

    pub(crate) fn postman_cancel(&mut self, cancel: PostmanCancellation) {
        let Some(visit) = self.postman.visit_mut(&cancel.appointment) else {
            let unknown =
                TraceEvent::UnknownAppointmentCancelled { appointment: cancel.appointment };
            self.record(Actor::Postman, None, unknown);
            return;
        };
        visit.outcome = VisitOutcome::Cancelled;
        self.record(
            Actor::Postman,
            None,
            TraceEvent::VisitCancelled { appointment: cancel.appointment },
        );
    }

    /// The postman reaches the address: no show, nobody home, or the check.
    pub(crate) async fn postman_visit(&mut self, appointment: AppointmentId) {
        let Some(visit) = self.postman.visit(&appointment) else { return };
        if visit.outcome != VisitOutcome::Planned || visit.at != self.now() {
            return; // Cancelled, or superseded by a later booking of the same appointment.
        }
        let holder = visit.holder;
        let rate = self.config.faults.postman_no_show_rate;
        let no_show = self.stream("postman").chance(rate);
        let forced = self.postman.no_show_forced(&appointment);
        let away = holder.is_none_or(|h| self.person(h).away);
        let outcome = if forced || no_show {
            self.postman_missed(appointment.clone(), MissedReason::PostmanUnavailable).await
        } else if away {
            self.postman_missed(appointment.clone(), MissedReason::PersonAbsent).await
        } else {
            let holder = holder.expect("a person at home is a known person");
            self.postman_check(appointment.clone(), holder).await
        };
        if let Some(visit) = self.postman.visit_mut(&appointment) {
            visit.outcome = outcome;
        }
    }

    async fn postman_missed(
        &mut self,
        appointment: AppointmentId,
        reason: MissedReason,
    ) -> VisitOutcome {
        self.record(Actor::Postman, None, TraceEvent::VisitMissed { reason });
        let report = AppointmentMissed { appointment, reason };
        match self.call(&Actor::Postman, report).await {
            Ok(_) => VisitOutcome::Missed(reason),
            Err(e) => VisitOutcome::ReportFailed(e.to_string()),
        }
    }

    async fn postman_check(
        &mut self,
        appointment: AppointmentId,
        holder: PersonId,
    ) -> VisitOutcome {
        let presenter = self.presenter_of(holder);
        let to = self.person(presenter).actor();
        self.record(Actor::Postman, Some(to), TraceEvent::RingsAndChecks);
        let now = self.now();
        self.postman.rang_at(now);
        let shown = self.postman.shown_at(&appointment);
        let mut check =
            self.in_person_check(holder, presenter, CheckPlace::Postman { appointment });
        shown.apply(&mut check);
        match self.call(&Actor::Postman, check).await {
            Ok(recorded) => VisitOutcome::Checked(recorded),
            Err(e) => VisitOutcome::ReportFailed(e.to_string()),
        }
    }
}
