//! People: who they are (what their document says), how to reach them (e-mail, mobile,
//! address), their secrets (password, secret code) and how they behave. Making one up is
//! `population.rs`; adding one to the world, and what they do there, is the world's
//! (`world/person.rs`).

use crate::actor::Actor;
use chrono::{NaiveDate, TimeDelta};
use idn_contract::verification::{Address, AddressKind};
use idn_contract::{Civility, DeclaredIdentity, DeviceId, DocumentKind, Os, PhoneNumber};
use std::fmt;

/// A person of the world, by their order of arrival.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PersonId(pub(crate) usize);

impl PersonId {
    pub fn index(self) -> usize {
        self.0
    }
}

impl fmt::Display for PersonId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "person#{}", self.0)
    }
}

/// How a person behaves; journeys read it to decide what the person does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Behaviour {
    /// How long the person takes to look at a new e-mail.
    pub answers_mail_after: TimeDelta,
    /// Not at home when the postman comes (VER-07).
    pub away_on_postman_visit: bool,
    /// Sometimes types a code wrong (see `World::typed_code`).
    pub mistypes_codes: bool,
}

impl Default for Behaviour {
    fn default() -> Self {
        Self {
            answers_mail_after: TimeDelta::minutes(10),
            away_on_postman_visit: false,
            mistypes_codes: false,
        }
    }
}

/// How to make a person. `PersonSpec::default()`: an adult aged 30 to 60, a CNI issued
/// after 2014 and in force, an Android 13 phone, a +33 mobile, a private home in
/// metropolitan France, a reliable behaviour. Each builder overrides one thing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PersonSpec {
    pub birth_date: Option<NaiveDate>,
    pub civility: Option<Civility>,
    pub document_kind: Option<DocumentKind>,
    pub issued_on: Option<NaiveDate>,
    /// The printed expiry date.
    pub expires_on: Option<NaiveDate>,
    pub os: Option<Os>,
    pub os_major: Option<u32>,
    /// With its plus sign: `+33`, `+590`.
    pub calling_code: Option<String>,
    pub territory: Option<String>,
    pub address_kind: Option<AddressKind>,
    pub behaviour: Option<Behaviour>,
}

impl PersonSpec {
    pub fn born_on(mut self, date: NaiveDate) -> Self {
        self.birth_date = Some(date);
        self
    }

    pub fn civility(mut self, civility: Civility) -> Self {
        self.civility = Some(civility);
        self
    }

    pub fn document(mut self, kind: DocumentKind) -> Self {
        self.document_kind = Some(kind);
        self
    }

    pub fn issued_on(mut self, date: NaiveDate) -> Self {
        self.issued_on = Some(date);
        self
    }

    pub fn expires_on(mut self, date: NaiveDate) -> Self {
        self.expires_on = Some(date);
        self
    }

    pub fn phone(mut self, os: Os, major: u32) -> Self {
        self.os = Some(os);
        self.os_major = Some(major);
        self
    }

    pub fn calling_code(mut self, code: &str) -> Self {
        self.calling_code = Some(code.to_string());
        self
    }

    /// A home in a commune of `territory` (VER-04's names, `fixtures/communes.toml`).
    pub fn address_in(mut self, territory: &str) -> Self {
        self.territory = Some(territory.to_string());
        self
    }

    pub fn address_kind(mut self, kind: AddressKind) -> Self {
        self.address_kind = Some(kind);
        self
    }

    pub fn behaviour(mut self, behaviour: Behaviour) -> Self {
        self.behaviour = Some(behaviour);
        self
    }
}

/// A person: `identity` is what their document says, and what they type when asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub id: PersonId,
    /// The world's handle (`camille`), used in actor names (`person:camille`).
    pub name: String,
    pub email: String,
    pub password: String,
    /// The 4-digit secret code the person chooses for the app (ACT-03).
    pub pin: String,
    pub phone_number: PhoneNumber,
    pub identity: DeclaredIdentity,
    pub address: Address,
    /// The current phone.
    pub device: DeviceId,
    pub behaviour: Behaviour,
    /// Not at home when the postman comes; starts as `behaviour.away_on_postman_visit`.
    pub away: bool,
}

impl Person {
    pub fn set_password(&mut self, password: impl Into<String>) {
        self.password = password.into();
    }

    /// The person's actor in traces (`person:<name>`).
    pub fn actor(&self) -> Actor {
        Actor::Person(self.name.clone())
    }

    /// Given names and the name in use, as a postman's list shows it.
    pub fn full_name(&self) -> String {
        let family = self.identity.usage_name.as_ref().unwrap_or(&self.identity.birth_name);
        format!("{} {family}", self.identity.given_names.join(" "))
    }
}
