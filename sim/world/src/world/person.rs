//! People in the world: adding one (made up from the stream `person/<name>`, with a phone
//! of their own), finding them, and what they do that is not a call to the SUT: being away
//! from home, having someone present themselves in their place, typing a code.

use crate::World;
use crate::actors::person::{Person, PersonId, PersonSpec};
use crate::actors::phone::PhoneSpec;
use crate::actors::population::{self, METROPOLITAN};
use crate::trace::{Actor, TraceEvent};
use idn_contract::verification::AddressKind;
use idn_contract::{DeviceId, Os, PhoneNumber};

impl World {
    /// Makes up a person called `name` (unique in the world) from the stream
    /// `person/<name>`, with a phone of their own.
    pub fn add_person(&mut self, name: &str, spec: PersonSpec) -> PersonId {
        assert!(self.person_by_name(name).is_none(), "a person called {name} already exists");
        let key = format!("person/{name}");
        let mut rng = self.take_stream(&key);
        let today = self.now().date_naive();
        let identity = population::identity(&mut rng, self.fixtures, &spec, today);
        let territory = spec.territory.as_deref().unwrap_or(METROPOLITAN);
        let kind = spec.address_kind.unwrap_or(AddressKind::PrivateHome);
        let address = population::address(&mut rng, self.fixtures, territory, kind);
        let email = loop {
            let email = population::email(&mut rng, &identity);
            if self.person_by_email(&email).is_none() {
                break email;
            }
        };
        let calling_code = spec.calling_code.as_deref().unwrap_or("+33");
        let phone_number = loop {
            let number = population::mobile(&mut rng, self.fixtures, calling_code);
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
