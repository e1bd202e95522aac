//! Post offices (VER-05): the directory of `fixtures/post_offices.toml`, and a person's
//! visit to a counter without appointment. Only participating offices offer the check;
//! a test can still call `AgentCheck` at another office through `World::call` to see
//! the SUT refuse it.

use crate::actors::in_person::document_shown;
use crate::fixtures::Fixtures;
use crate::trace::quote;
use crate::{PersonId, World};
use idn_contract::enrolment::CounterEnrolment;
use idn_contract::verification::{CheckPlace, CheckRecorded};
use idn_contract::{Ack, CallError, PostOfficeId};

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

/// The post-office directory.
#[derive(Debug, Clone, Default)]
pub struct PostOffices {
    offices: Vec<PostOffice>,
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
        Self { offices }
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
        let presenter = presenter.unwrap_or_else(|| self.presenter_of(person));
        let visitor = self.person(presenter).actor();
        let clerk = format!("clerk:{office}");
        let participating = self.post_offices.get(office).map(|o| o.participating);
        self.log(&visitor, &clerk, "goes to the counter", quote(office.as_str()));
        match participating {
            None => {
                self.log(&clerk, &visitor, "no such office", "");
                Ok(CounterOutcome::UnknownOffice)
            }
            Some(false) => {
                self.log(&clerk, &visitor, "service not offered", "not a participating office");
                Ok(CounterOutcome::ServiceNotOffered)
            }
            Some(true) => {
                let phone = self.person(person).phone_number.clone();
                let place = CheckPlace::PostOffice { office: office.clone(), phone };
                let check = self.in_person_check(person, presenter, place);
                self.call(&clerk, check).await.map(CounterOutcome::Checked)
            }
        }
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
        let clerk = format!("clerk:{office}");
        self.log(
            &visitor,
            &clerk,
            "asks to create an Identité Numérique",
            quote(&document_shown(&p.identity).number),
        );
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
