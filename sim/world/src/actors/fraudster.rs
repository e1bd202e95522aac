//! A fraudster (FRAUD-02, FRAUD-03): what they know of a victim (phone number, e-mail,
//! password, document number) and the phone of their own they try from. What they try,
//! starting logins, guessing secret codes, activating their phone on the victim's
//! identity, is the world's (`world/fraudster.rs`).

use crate::actor::Actor;
use crate::actors::person::Person;
use idn_contract::{DeviceId, PhoneNumber};

/// What the fraudster knows of the victim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Knowledge {
    pub phone_number: Option<PhoneNumber>,
    pub email: Option<String>,
    pub password: Option<String>,
    pub document_number: Option<String>,
}

impl Knowledge {
    /// Everything a leak could give: number, e-mail, password and document number.
    pub fn everything_about(person: &Person) -> Self {
        Self {
            phone_number: Some(person.phone_number.clone()),
            email: Some(person.email.clone()),
            password: Some(person.password.clone()),
            document_number: Some(person.identity.document.number.clone()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FraudsterId(pub(crate) usize);

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fraudster {
    pub id: FraudsterId,
    pub name: String,
    pub knows: Knowledge,
    /// The fraudster's own phone, with the app installed and a SIM of their own.
    pub device: DeviceId,
}

impl Fraudster {
    pub fn actor(&self) -> Actor {
        Actor::Fraudster(self.name.clone())
    }
}
