//! The postman rounds system's book of visits (VER-04, VER-07): each booked visit, its
//! half-day (the morning, 08:30-12:00, or the afternoon, 13:30-17:00) and what came of
//! it, with what a test set up (a postman who will not come, a person who shows something
//! else). Planning a visit and the postman's round are the world's (`world/postman.rs`).

use crate::actors::person::PersonId;
use crate::actors::post_office::Shown;
use chrono::NaiveDate;
use idn_contract::verification::{Address, CheckRecorded, MissedReason};
use idn_contract::{AppointmentId, Timestamp};
use std::collections::{BTreeMap, BTreeSet};

/// The half-day of a visit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Round {
    /// 08:30 to 12:00.
    Morning,
    /// 13:30 to 17:00.
    Afternoon,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum VisitOutcome {
    Planned,
    /// The SUT cancelled the booking (the user changed mode).
    Cancelled,
    /// The visit did not take place.
    Missed(MissedReason),
    /// The postman checked and the SUT recorded the check.
    Checked(CheckRecorded),
    /// The SUT did not take the postman's report: a finding, kept as text.
    ReportFailed(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Visit {
    pub appointment: AppointmentId,
    /// The person whose request it is, when the world knows them.
    pub holder: Option<PersonId>,
    pub date: NaiveDate,
    pub address: Address,
    pub holder_name: String,
    pub round: Round,
    /// When the postman rings.
    pub at: Timestamp,
    pub outcome: VisitOutcome,
}

/// The rounds system's book of visits.
#[derive(Debug, Default)]
pub struct Postman {
    visits: BTreeMap<AppointmentId, Visit>,
    forced_no_show: BTreeSet<AppointmentId>,
    shown: BTreeMap<AppointmentId, Shown>,
    last_visit_at: Option<Timestamp>,
}

impl Postman {
    /// The postman will not come to this appointment (VER-07), whatever the draw.
    pub fn force_no_show(&mut self, appointment: &AppointmentId) {
        self.forced_no_show.insert(appointment.clone());
    }

    /// At this appointment, the person will show `shown` instead of their own document
    /// or code (VER-03).
    pub fn show_instead(&mut self, appointment: &AppointmentId, shown: Shown) {
        self.shown.insert(appointment.clone(), shown);
    }

    pub fn visit(&self, appointment: &AppointmentId) -> Option<&Visit> {
        self.visits.get(appointment)
    }

    /// Every booked visit, by appointment id.
    pub fn visits(&self) -> impl Iterator<Item = &Visit> {
        self.visits.values()
    }

    /// When the postman last rang at a door and checked someone.
    pub fn last_visit_at(&self) -> Option<Timestamp> {
        self.last_visit_at
    }

    /// Books a planned visit; a visit booked again for the same appointment replaces it.
    pub(crate) fn book(&mut self, visit: Visit) {
        self.visits.insert(visit.appointment.clone(), visit);
    }

    pub(crate) fn visit_mut(&mut self, appointment: &AppointmentId) -> Option<&mut Visit> {
        self.visits.get_mut(appointment)
    }

    /// Whether a test said the postman will not come to this appointment.
    pub(crate) fn no_show_forced(&self, appointment: &AppointmentId) -> bool {
        self.forced_no_show.contains(appointment)
    }

    /// What the person will show at this appointment (nothing else, by default).
    pub(crate) fn shown_at(&self, appointment: &AppointmentId) -> Shown {
        self.shown.get(appointment).cloned().unwrap_or_default()
    }

    /// The postman rang at a door and checked someone at `at`.
    pub(crate) fn rang_at(&mut self, at: Timestamp) {
        self.last_visit_at = Some(at);
    }
}
