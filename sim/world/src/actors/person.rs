//! People: who they are (what their document says), how to reach them (e-mail, mobile,
//! address), their secrets (password, secret code) and how they behave.

use crate::World;
use crate::actors::phone::PhoneSpec;
use crate::actors::population::{self, METROPOLITAN};
use crate::trace::{Actor, TraceEvent};
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
    /// Sometimes types a code wrong (see [`World::typed_code`]).
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

impl World {
    /// Makes up a person called `name` (unique in the world) from the stream
    /// `person/<name>`, with a phone of their own.
    pub fn add_person(&mut self, name: &str, spec: PersonSpec) -> PersonId {
        assert!(self.person_by_name(name).is_none(), "a person called {name} already exists");
        let key = format!("person/{name}");
        let mut rng = self.take_stream(&key);
        let today = self.now().date_naive();
        let identity = population::identity(&mut rng, &self.fixtures, &spec, today);
        let territory = spec.territory.as_deref().unwrap_or(METROPOLITAN);
        let kind = spec.address_kind.unwrap_or(AddressKind::PrivateHome);
        let address = population::address(&mut rng, &self.fixtures, territory, kind);
        let email = loop {
            let email = population::email(&mut rng, &identity);
            if self.person_by_email(&email).is_none() {
                break email;
            }
        };
        let calling_code = spec.calling_code.as_deref().unwrap_or("+33");
        let phone_number = loop {
            let number = population::mobile(&mut rng, &self.fixtures, calling_code);
            if !self.number_taken(&number) {
                break number;
            }
        };
        let (password, pin) = (population::password(&mut rng), population::pin(&mut rng));
        self.put_stream(&key, rng);
        let behaviour = spec.behaviour.clone().unwrap_or_default();
        let id = PersonId(self.people.len());
        let person = Person {
            id,
            name: name.to_string(),
            email,
            password,
            pin,
            phone_number,
            identity,
            address,
            device: DeviceId::new(""),
            away: behaviour.away_on_postman_visit,
            behaviour,
        };
        self.log_new_person(&person);
        self.people.push(person);
        let phone = PhoneSpec {
            os: spec.os.unwrap_or(Os::Android),
            os_major: spec.os_major.unwrap_or(13),
            ..PhoneSpec::default()
        };
        self.add_phone(id, phone);
        id
    }

    fn log_new_person(&mut self, person: &Person) {
        let new = TraceEvent::NewPerson {
            email: person.email.clone(),
            phone: person.phone_number.clone(),
            identity: person.identity.clone(),
            address: person.address.clone(),
        };
        self.record(Actor::World, Some(person.actor()), new);
    }

    pub(crate) fn number_taken(&self, number: &PhoneNumber) -> bool {
        self.people.iter().any(|p| &p.phone_number == number)
            || self.phones.values().any(|p| p.sim.as_ref() == Some(number))
    }

    pub fn person(&self, id: PersonId) -> &Person {
        &self.people[id.0]
    }

    pub fn person_mut(&mut self, id: PersonId) -> &mut Person {
        &mut self.people[id.0]
    }

    /// Everyone, in order of arrival.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    pub fn person_by_name(&self, name: &str) -> Option<PersonId> {
        self.people.iter().find(|p| p.name == name).map(|p| p.id)
    }

    pub fn person_by_email(&self, email: &str) -> Option<PersonId> {
        self.people.iter().find(|p| p.email == email).map(|p| p.id)
    }

    /// The person whose actor name is `actor` (`person:camille`).
    pub fn person_by_actor(&self, actor: &Actor) -> Option<PersonId> {
        match actor {
            Actor::Person(name) => self.person_by_name(name),
            _ => None,
        }
    }

    /// Whether the person is at home when the postman comes (VER-07).
    pub fn set_away(&mut self, person: PersonId, away: bool) {
        let actor = self.person(person).actor();
        let event = if away { TraceEvent::AwayFromHome } else { TraceEvent::AtHome };
        self.record(actor, None, event);
        self.people[person.0].away = away;
    }

    /// Has `presenter` present themselves in place of `holder` (VER-10, ELIG-05), with
    /// the holder's document and code but their own face; `presenter == holder` undoes it.
    pub fn set_presenter(&mut self, holder: PersonId, presenter: PersonId) {
        let (h, p) = (self.person(holder).actor(), self.person(presenter).actor());
        self.record(p, Some(h), TraceEvent::PresentsInPlaceOf);
        match holder == presenter {
            true => self.presenters.remove(&holder),
            false => self.presenters.insert(holder, presenter),
        };
    }

    /// Who presents themselves for `holder`.
    pub fn presenter_of(&self, holder: PersonId) -> PersonId {
        self.presenters.get(&holder).copied().unwrap_or(holder)
    }

    /// The code as `person` types it: a person who mistypes codes gets the last digit
    /// wrong one time in two (drawn from their stream); anyone else types it exactly.
    pub fn typed_code(&mut self, person: PersonId, code: &str) -> String {
        if !self.person(person).behaviour.mistypes_codes || code.is_empty() {
            return code.to_string();
        }
        let name = self.person(person).name.clone();
        if !self.stream(&format!("person/{name}")).chance(0.5) {
            return code.to_string();
        }
        let mut typed: Vec<char> = code.chars().collect();
        let last = typed.len() - 1;
        typed[last] = match typed[last].to_digit(10) {
            Some(d) => char::from_digit((d + 1) % 10, 10).expect("a digit"),
            None => '0',
        };
        let typed: String = typed.into_iter().collect();
        let mistyped = TraceEvent::MistypesCode { code: code.to_string(), typed: typed.clone() };
        self.record(Actor::Person(name.to_string()), None, mistyped);
        typed
    }
}
