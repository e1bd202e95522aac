//! A person at a post office's counter: a visit without appointment (VER-05), where only
//! participating offices offer the check (a test can still have a clerk report a check
//! from another office, `World::report_counter_check`, to see the SUT refuse it), and a
//! clerk creating the identity at the counter (ENR-01). The world remembers every counter
//! visit and what came of it (`PostOffices::visits`); the directory and the visits are
//! `actors/post_office.rs`.
use crate::actors::in_person::document_shown;
use crate::actors::post_office::{CounterOutcome, CounterVisit, PostOffices, Shown};
use crate::trace::{Actor, TraceEvent};
use crate::{PersonId, World};
use idn_contract::enrolment::CounterEnrolment;
use idn_contract::verification::CheckPlace;
use idn_contract::{Ack, CallError, PostOfficeId};

impl World {
    pub fn post_offices(&self) -> &PostOffices {
        &self.post_offices
    }

    /// `person` (or `presenter` in their place, VER-10) goes to the counter of `office`
    /// with the person's document and activation code; the clerk checks and reports.
    pub async fn visit_post_office(
        &mut self,
        person: PersonId,
        office: &PostOfficeId,
        presenter: Option<PersonId>,
    ) -> Result<CounterOutcome, CallError> {
        self.counter_visit(person, office, presenter, Shown::default(), false).await
    }

    /// `person` goes to the counter of `office` showing `shown` instead of their own
    /// document or code (VER-03).
    pub async fn visit_post_office_showing(
        &mut self,
        person: PersonId,
        office: &PostOfficeId,
        shown: Shown,
    ) -> Result<CounterOutcome, CallError> {
        self.counter_visit(person, office, None, shown, false).await
    }

    /// The clerk of `office` checks `person` and reports it even though the office is not
    /// in the directory or does not take part (VER-05): a conformant SUT refuses it.
    pub async fn report_counter_check(
        &mut self,
        person: PersonId,
        office: &PostOfficeId,
    ) -> Result<CounterOutcome, CallError> {
        self.counter_visit(person, office, None, Shown::default(), true).await
    }

    async fn counter_visit(
        &mut self,
        person: PersonId,
        office: &PostOfficeId,
        presenter: Option<PersonId>,
        shown: Shown,
        anyway: bool,
    ) -> Result<CounterOutcome, CallError> {
        let presenter = presenter.unwrap_or_else(|| self.presenter_of(person));
        let visitor = self.person(presenter).actor();
        let clerk = Actor::Clerk(office.clone());
        let participating = self.post_offices.get(office).map(|o| o.participating);
        let goes = TraceEvent::GoesToCounter { office: office.clone() };
        self.record(visitor.clone(), Some(clerk.clone()), goes);
        let outcome = match participating {
            None if !anyway => {
                self.record(clerk, Some(visitor), TraceEvent::NoSuchOffice);
                Ok(CounterOutcome::UnknownOffice)
            }
            Some(false) if !anyway => {
                self.record(clerk, Some(visitor), TraceEvent::ServiceNotOffered);
                Ok(CounterOutcome::ServiceNotOffered)
            }
            _ => {
                if participating != Some(true) {
                    self.record(clerk.clone(), Some(visitor), TraceEvent::ReportsCheckAnyway);
                }
                let phone = self.person(person).phone_number.clone();
                let place = CheckPlace::PostOffice { office: office.clone(), phone };
                let mut check = self.in_person_check(person, presenter, place);
                shown.apply(&mut check);
                self.call(&clerk, check).await.map(CounterOutcome::Checked)
            }
        };
        let at = self.now();
        let visit = CounterVisit { person, presenter, office: office.clone(), at, outcome };
        self.post_offices.remember(visit.clone());
        visit.outcome
    }

    /// A clerk of `office` creates the identity at the counter (ENR-01) for `person`,
    /// who holds a Compte La Poste; `presenter` stands at the counter in their place.
    pub async fn enrol_at_counter(
        &mut self,
        person: PersonId,
        office: &PostOfficeId,
        presenter: Option<PersonId>,
    ) -> Result<Ack, CallError> {
        let presenter = presenter.unwrap_or_else(|| self.presenter_of(person));
        let p = self.person(person).clone();
        let visitor = self.person(presenter).actor();
        let clerk = Actor::Clerk(office.clone());
        let document_number = document_shown(&p.identity).number;
        let asks = TraceEvent::AsksCounterEnrolment { document_number };
        self.record(visitor, Some(clerk.clone()), asks);
        let enrolment = CounterEnrolment {
            office: office.clone(),
            email: p.email,
            phone: p.phone_number,
            identity: p.identity,
            holder_matches: presenter == person,
        };
        self.call(&clerk, enrolment).await
    }
}
