//! Post offices (VER-05): the directory of `fixtures/post_offices.toml`, and a person's
//! visit to a counter without appointment. Only participating offices offer the check;
//! a test can still have a clerk report a check from another office
//! (`World::report_counter_check`) to see the SUT refuse it. The world remembers every
//! counter visit and what came of it (`PostOffices::visits`).

use crate::actors::in_person::document_shown;
use crate::fixtures::Fixtures;
use crate::trace::{Actor, TraceEvent};
use crate::{PersonId, World};
use idn_contract::enrolment::CounterEnrolment;
use idn_contract::verification::{AgentCheck, CheckPlace, CheckRecorded, DocumentShown};
use idn_contract::{Ack, CallError, PostOfficeId, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PostOffice {
    pub id: PostOfficeId,
    pub name: String,
    pub address: String,
    pub postcode: String,
    pub city: String,
    /// Verifies identities (VER-05).
    pub participating: bool,
}

/// The post-office directory, and the visits people made to its counters.
#[derive(Debug, Clone, Default)]
pub struct PostOffices {
    offices: Vec<PostOffice>,
    visits: Vec<CounterVisit>,
}

/// What a person shows an agent (a clerk, the postman) instead of their own document or
/// the activation code they received (VER-03); `Shown::default()` changes nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Shown {
    /// The code they give instead of the one they received.
    pub activation_code: Option<String>,
    /// The document they show instead of the one they declared.
    pub document: Option<DocumentShown>,
}

impl Shown {
    pub(crate) fn apply(&self, check: &mut AgentCheck) {
        if let Some(code) = &self.activation_code {
            check.activation_code = code.clone();
        }
        if let Some(document) = &self.document {
            check.document = document.clone();
        }
    }
}

/// A visit to a counter, as the world remembers it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CounterVisit {
    /// Whose request it is.
    pub person: PersonId,
    /// Who stood at the counter (VER-10).
    pub presenter: PersonId,
    pub office: PostOfficeId,
    pub at: Timestamp,
    /// What the counter did, or the SUT's answer to the clerk's report.
    pub outcome: Result<CounterOutcome, CallError>,
}

impl PostOffices {
    pub(crate) fn from_fixtures(fixtures: &Fixtures) -> Self {
        let offices = (fixtures.offices.iter())
            .map(|o| PostOffice {
                id: PostOfficeId::new(o.id.clone()),
                name: o.name.clone(),
                address: o.address.clone(),
                postcode: o.postcode.clone(),
                city: o.city.clone(),
                participating: o.participating,
            })
            .collect();
        Self { offices, visits: Vec::new() }
    }

    pub fn get(&self, id: &PostOfficeId) -> Option<&PostOffice> {
        self.offices.iter().find(|o| &o.id == id)
    }

    /// Every office, in the directory's order.
    pub fn all(&self) -> &[PostOffice] {
        &self.offices
    }

    pub fn participating(&self) -> impl Iterator<Item = &PostOffice> {
        self.offices.iter().filter(|o| o.participating)
    }

    /// Every visit to a counter, in order.
    pub fn visits(&self) -> &[CounterVisit] {
        &self.visits
    }
}

/// What happened at the counter.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CounterOutcome {
    /// The clerk checked and the SUT recorded the check.
    Checked(CheckRecorded),
    /// The office does not verify identities (VER-05): the clerk sends the person away.
    ServiceNotOffered,
    /// No office has this id in the directory.
    UnknownOffice,
}

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
        self.post_offices.visits.push(visit.clone());
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
