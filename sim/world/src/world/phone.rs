//! Phones in the world: giving a person a new phone (its SIM, its model drawn from
//! `fixtures/phones.toml` on the stream `phone/<device>`), finding one, and installing or
//! removing the app (ELIG-03).

use crate::actors::phone::{Phone, PhoneSpec, SimCard, phone_actor};
use crate::trace::{Actor, TraceEvent};
use crate::{PersonId, World};
use idn_contract::{DeviceId, DeviceInfo, Os, PhoneNumber};

impl World {
    /// Gives `owner` a new phone, which becomes their current one (`Person::device`).
    pub fn add_phone(&mut self, owner: PersonId, spec: PhoneSpec) -> DeviceId {
        let owner_name = self.person(owner).name.clone();
        let count = self.phones.values().filter(|p| p.owner == Some(owner)).count();
        let id = DeviceId::new(format!("dev-{owner_name}-{}", count + 1));
        let sim = match spec.sim.clone() {
            SimCard::OwnersNumber => {
                let number = self.person(owner).phone_number.clone();
                for phone in self.phones.values_mut().filter(|p| p.sim.as_ref() == Some(&number)) {
                    phone.sim = None;
                }
                Some(number)
            }
            SimCard::Number(number) => {
                self.people[owner.0].phone_number = number.clone();
                Some(number)
            }
            SimCard::None => None,
        };
        let phone = self.make_phone(id.clone(), Some(owner), &spec, sim);
        self.insert_phone(phone, Actor::Person(owner_name));
        self.people[owner.0].device = id.clone();
        id
    }

    /// Builds a phone, drawing its model from its own stream.
    pub(crate) fn make_phone(
        &mut self,
        id: DeviceId,
        owner: Option<PersonId>,
        spec: &PhoneSpec,
        sim: Option<PhoneNumber>,
    ) -> Phone {
        let model = match &spec.model {
            Some(model) => model.clone(),
            None => self.draw_model(&id, spec.os, spec.os_major),
        };
        let mut phone = Phone {
            id,
            owner,
            os: spec.os,
            os_major: spec.os_major,
            model,
            app_version: self.fixtures.phones.app_version.clone(),
            notifications_allowed: true,
            do_not_disturb: false,
            battery_saver_restricts_app: false,
            app_installed: false,
            app_activated: false,
            lost: false,
            sim,
        };
        phone.app_installed = spec.app_installed.unwrap_or_else(|| phone.os_supported());
        phone
    }

    pub(crate) fn insert_phone(&mut self, phone: Phone, owner: Actor) {
        let new = TraceEvent::NewPhone {
            os: phone.os,
            os_major: phone.os_major,
            model: phone.model.clone(),
            sim: phone.sim.clone(),
            app_installed: phone.app_installed,
        };
        self.record(owner, Some(phone_actor(&phone.id)), new);
        self.phones.insert(phone.id.clone(), phone);
    }

    fn draw_model(&mut self, id: &DeviceId, os: Os, major: u32) -> String {
        let os_name = match os {
            Os::Android => "android",
            Os::Ios => "ios",
        };
        let fitting: Vec<String> = (self.fixtures.phones.model.iter())
            .filter(|m| m.os == os_name && (m.os_major_min..=m.os_major_max).contains(&major))
            .map(|m| m.name.clone())
            .collect();
        let stream = self.stream(&format!("phone/{id}"));
        match fitting.is_empty() {
            true => format!("{} phone", if os == Os::Android { "Android" } else { "iPhone" }),
            false => stream.pick(&fitting).clone(),
        }
    }

    /// The phone `device`. An unknown device is a bug of the test that names it.
    pub fn phone(&self, device: &DeviceId) -> &Phone {
        self.phones.get(device).unwrap_or_else(|| panic!("no phone {device} in the world"))
    }

    pub fn phone_mut(&mut self, device: &DeviceId) -> &mut Phone {
        self.phones.get_mut(device).unwrap_or_else(|| panic!("no phone {device} in the world"))
    }

    /// Every phone, by device id.
    pub fn phones(&self) -> impl Iterator<Item = &Phone> {
        self.phones.values()
    }

    /// The phone whose SIM has `number`, if any.
    pub fn phone_with_number(&self, number: &PhoneNumber) -> Option<&Phone> {
        self.phones.values().find(|p| p.sim.as_ref() == Some(number))
    }

    /// The phone as its app describes it to the SUT.
    pub fn device_info(&self, device: &DeviceId) -> DeviceInfo {
        self.phone(device).device_info()
    }

    /// Installs the app from the store; `false` when the OS is too old (ELIG-03).
    pub fn install_app(&mut self, device: &DeviceId) -> bool {
        let supported = self.phone(device).os_supported();
        let event = match supported {
            true => TraceEvent::AppInstalled,
            false => TraceEvent::AppNotInstallable,
        };
        self.record(phone_actor(device), None, event);
        self.phone_mut(device).app_installed = supported;
        supported
    }

    /// Removes the app: it forgets its activation.
    pub fn uninstall_app(&mut self, device: &DeviceId) {
        self.record(phone_actor(device), None, TraceEvent::AppUninstalled);
        let phone = self.phone_mut(device);
        phone.app_installed = false;
        phone.app_activated = false;
    }
}
